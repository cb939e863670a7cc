"""Printing options of mx.np arrays, which print through NumPy."""
import numpy as _onp

__all__ = ['set_printoptions']


def set_printoptions(precision=None, threshold=None, **kwarg):
    """NumPy's printing options (``precision``, ``threshold``) for mx.np arrays; MXNet supports no others."""
    if kwarg:
        raise NotImplementedError('mx.np.set_printoptions only supports precision and threshold, got {}'.format(
            ', '.join(sorted(kwarg))))
    _onp.set_printoptions(precision=precision, threshold=threshold)
