"""``mx.np.linalg``: norms, decompositions, inverses and solvers (the ``_npi_linalg`` entries of the
operator table, on torch.linalg); ``cond``, ``lstsq``, ``matrix_power``, ``matrix_rank``, ``multi_dot``
and ``qr`` are official NumPy's, reached through the dispatch protocol as in MXNet."""
from ._frontend import define
from .fallback_linalg import *  # noqa: F401,F403
from . import fallback_linalg

_LA = '_npi_linalg'
_SIGNATURES = {
    'norm': ('x, ord=None, axis=None, keepdims=False', ('x',)),
    'svd': ('a', ('a',)), 'cholesky': ('a', ('a',)), 'inv': ('a', ('a',)), 'det': ('a', ('a',)),
    'slogdet': ('a', ('a',)), 'solve': ('a, b', ('a', 'b')),
    'pinv': ('a, rcond=1e-15, hermitian=False', ('a',)), 'tensorinv': ('a, ind=2', ('a',)),
    'tensorsolve': ('a, b, axes=None', ('a', 'b')), 'eig': ('a', ('a',)), 'eigvals': ('a', ('a',)),
    'eigh': ("a, UPLO='L'", ('a',)), 'eigvalsh': ("a, UPLO='L'", ('a',)),
}
for _name, (_signature, _arrays) in _SIGNATURES.items():
    globals()[_name] = define(_name, _signature, _name, namespace=_LA, arrays=_arrays,
                              loose=('rcond',) if _name == 'pinv' else (), numbers=False)
__all__ = sorted(_SIGNATURES) + list(fallback_linalg.__all__)
del _name, _signature, _arrays
