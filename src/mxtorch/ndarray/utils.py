"""NDArray helpers that are not operators of the table (they take lists or write into arrays)."""
import torch

from ..base import MXNetError
from .ndarray import NDArray, _wrap

__all__ = ['concatenate', 'onehot_encode']


def concatenate(arrays, axis=0, always_copy=True):
    """Concatenates a list of arrays along `axis` (the first by default).

    Parameters
    ----------
    arrays : list of NDArray
        Arrays to concatenate; they must have the same shape except along `axis`.
    axis : int
        The axis along which to concatenate.
    always_copy : bool
        When False and `arrays` holds a single array, that array itself is returned.
    """
    if not arrays:
        raise MXNetError('concatenate needs at least one array')
    if not always_copy and len(arrays) == 1:
        return arrays[0]
    return _wrap(torch.cat([a._t for a in arrays], dim=axis))


def onehot_encode(indices, out):
    """One-hot encodes `indices` (1-D) into `out` (2-D, one row per index). Returns `out`."""
    if not isinstance(out, NDArray):
        raise TypeError('onehot_encode: out must be an NDArray')
    t = out._t
    t.zero_()
    t.scatter_(1, indices._t.to(torch.int64).reshape(-1, 1), 1)
    return out
