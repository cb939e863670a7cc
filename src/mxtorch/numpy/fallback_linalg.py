"""The ``np.linalg`` functions MXNet leaves to official NumPy: called with mx.np arrays they convert
them, compute on the host and give mx.np arrays back (the dispatch protocol's fallback)."""
import numpy as _onp

__all__ = ['cond', 'lstsq', 'matrix_power', 'matrix_rank', 'multi_dot', 'qr']
globals().update({_name: getattr(_onp.linalg, _name) for _name in __all__})
