"""NDArray helpers that are not operators of the table (they take lists or write into arrays)."""
import warnings

import numpy as np
import torch

from ..base import MXNetError
from .ndarray import NDArray, _wrap
from . import _internal, creation

__all__ = ['concatenate', 'onehot_encode', 'from_numpy', 'from_dlpack', 'to_dlpack_for_read',
           'to_dlpack_for_write', 'histogram']


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


def from_numpy(ndarray, zero_copy=True):
    """An NDArray from a numpy array; with ``zero_copy=True`` it shares the numpy array's memory (which
    then must be C-contiguous; MXNet makes the numpy array read-only, and so does mxtorch)."""
    if not isinstance(ndarray, np.ndarray):
        raise TypeError('from_numpy expects a numpy.ndarray, got {}'.format(type(ndarray).__name__))
    if not zero_copy:
        return _wrap(torch.from_numpy(np.array(ndarray, copy=True, order='C')))
    if not ndarray.flags['C_CONTIGUOUS']:
        raise ValueError('from_numpy(zero_copy=True) needs a C-contiguous numpy array')
    tensor = torch.from_numpy(ndarray)
    ndarray.flags.writeable = False
    return _wrap(tensor)


def to_dlpack_for_read(data):
    """A DLPack capsule of the array's memory, for reading by another framework."""
    return torch.utils.dlpack.to_dlpack(data._t.detach())


def to_dlpack_for_write(data):
    """A DLPack capsule of the array's memory, which the receiver may write."""
    return torch.utils.dlpack.to_dlpack(data._t.detach())


def from_dlpack(dlpack):
    """An NDArray sharing memory with a DLPack capsule (or an object with __dlpack__)."""
    return _wrap(torch.utils.dlpack.from_dlpack(dlpack))


def histogram(a, bins=10, range=None):  # noqa: A002  (MXNet's parameter name)
    """Counts of the values of `a` (flattened) in bins; returns (counts, bin edges).

    `bins` is a number of equal bins over `range` (over a's smallest to largest value when no range is
    given, computed as NumPy does), or an NDArray of bin edges, the last one closing the last bin."""
    if isinstance(bins, NDArray):
        return _internal._histogram(data=a, bins=bins)
    if isinstance(bins, (int, np.integer)) and not isinstance(bins, bool):
        if range is None:
            # MXNet leaves this case to NumPy (and says so) so that the edges agree with NumPy's
            warnings.warn("range is not specified, using numpy's result to ensure consistency with numpy")
            counts, edges = np.histogram(a.asnumpy(), bins=bins)
            return creation.array(counts), creation.array(edges)
        return _internal._histogram(data=a, bin_cnt=bins, range=range)
    raise ValueError("bins argument should be either an integer or an NDArray")

