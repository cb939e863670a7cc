"""Making arrays from data, shapes and ranges: mx.nd.array, empty, zeros, ones, full, arange, linspace, eye.

These have no array input, so they are plain functions rather than operators of the table. Each takes
MXNet's `ctx` (default: the current context) and `dtype` (default float32)."""
import numpy as np
import torch

from ..base import MXNetError, TORCH_TO_NP, dtype_torch
from ..context import current_context
from .ndarray import NDArray, on_context

__all__ = ['array', 'empty', 'zeros', 'ones', 'full', 'arange', 'linspace', 'eye']

# nd.sparse, which is built on this module: ndarray/__init__.py sets it once both are loaded, so that a
# sparse `stype` or source given to array/empty/zeros reaches it without an import cycle
sparse_storage = None

Tensor = torch.Tensor


def _shape(shape, where):
    """`shape` (an int or a sequence of ints) as a tuple, checked."""
    if isinstance(shape, (int, np.integer)):
        shape = (shape,)
    try:
        shape = tuple(int(d) for d in shape)
    except TypeError:
        raise TypeError('{}: shape must be an int or a tuple of ints, got {!r}'.format(where, shape)) from None
    if any(d < 0 for d in shape):
        raise MXNetError('{}: shape {} has a negative dimension'.format(where, shape))
    return shape


def _dense_only(stype, where):
    if stype not in (None, 'default'):
        raise MXNetError("{}: mxtorch has no sparse storage, stype {!r} is not supported; arrays are always "
                         "dense ('default')".format(where, stype))


def array(source_array, ctx=None, dtype=None):
    """A new array holding a copy of `source_array`: an NDArray, a torch tensor, a numpy array or anything
    numpy can read (nested lists, scalars).

    The dtype is `dtype` when given, else the source's for an NDArray or tensor, else float32 (also for
    float64 or integer data, as in MXNet). The array is placed on `ctx` (default: the current context)."""
    if getattr(source_array, 'stype', 'default') != 'default' or hasattr(source_array, 'tocsr'):
        # a csr/row_sparse NDArray or a scipy.sparse matrix: a sparse array, as in MXNet
        return sparse_storage.array(source_array, ctx=ctx, dtype=dtype)
    ctx = current_context() if ctx is None else ctx
    if isinstance(source_array, NDArray):
        source_array = source_array._t
    if isinstance(source_array, Tensor):
        t = source_array.detach()
        return on_context(t.to(t.dtype if dtype is None else dtype_torch(dtype), copy=True), ctx)
    target = dtype_torch(dtype)
    # numpy has no bfloat16: read the data as float32 and cast
    try:
        values = np.array(source_array, dtype=np.float32 if target is torch.bfloat16 else TORCH_TO_NP[target])
    except (TypeError, ValueError) as e:
        raise TypeError('source_array must be array like object, got {}: {}'.format(
            type(source_array).__name__, e)) from None
    t = torch.from_numpy(values if values.flags.c_contiguous else np.ascontiguousarray(values))
    return on_context(t.to(target) if target is torch.bfloat16 else t, ctx)


def empty(shape, ctx=None, dtype=None, stype=None):
    """A new array of `shape` whose values are not set (a sparse `stype`: nd.sparse.empty)."""
    if stype is not None and stype != 'default':
        return sparse_storage.empty(stype, shape, ctx=ctx, dtype=dtype)
    ctx = current_context() if ctx is None else ctx
    return on_context(torch.empty(_shape(shape, 'empty'), dtype=dtype_torch(dtype), device=ctx.torch_device), ctx)


def _filled(where, shape, value, ctx, dtype, out):
    """A new array of `shape` filled with `value`, or `value` written into `out` (an array of that shape)."""
    shape = _shape(shape, where)
    if out is not None:
        if tuple(out.shape) != shape:
            raise MXNetError('{}: out= has shape {} but shape {} was asked'.format(where, out.shape, shape))
        out[:] = value
        return out
    ctx = current_context() if ctx is None else ctx
    return on_context(torch.full(shape, value, dtype=dtype_torch(dtype), device=ctx.torch_device), ctx)


def zeros(shape, ctx=None, dtype=None, stype=None, **kwargs):
    """A new array of `shape` filled with zeros (or zeros written into ``out=``); a sparse `stype` gives
    nd.sparse.zeros."""
    if stype is not None and stype != 'default':
        return sparse_storage.zeros(stype, shape, ctx=ctx, dtype=dtype, **kwargs)
    return _filled('zeros', shape, 0, ctx, dtype, kwargs.get('out'))


def ones(shape, ctx=None, dtype=None, **kwargs):
    """A new array of `shape` filled with ones (or ones written into ``out=``)."""
    return _filled('ones', shape, 1, ctx, dtype, kwargs.get('out'))


def full(shape, val, ctx=None, dtype=np.float32, out=None):
    """A new array of `shape` filled with `val` (or `val` written into `out`)."""
    return _filled('full', shape, val, ctx, dtype, out)


def arange(start, stop=None, step=1.0, repeat=1, infer_range=None, ctx=None, dtype=np.float32):
    """The values start, start + step, ... below `stop` (from 0 below `start` when `stop` is None), each
    repeated `repeat` times."""
    if stop is None:
        start, stop = 0, start
    if step == 0:
        raise MXNetError('arange: step cannot be 0')
    ctx = current_context() if ctx is None else ctx
    # counted and computed in float64, then cast, as MXNet does: arange(0, 1, 0.1, dtype='int32') has 10
    # values
    count = max(int(np.ceil((stop - start) / step)), 0)
    values = torch.arange(count, dtype=torch.float64) * step + start
    if repeat != 1:
        values = values.repeat_interleave(int(repeat))
    return on_context(values.to(dtype_torch(dtype)), ctx)


def linspace(start, stop, num, endpoint=True, ctx=None, dtype=np.float32):
    """`num` evenly spaced values from `start` to `stop` (included unless ``endpoint=False``)."""
    ctx = current_context() if ctx is None else ctx
    if endpoint:
        values = torch.linspace(start, stop, num, dtype=torch.float64)
    else:
        values = torch.arange(num, dtype=torch.float64) * ((stop - start) / max(num, 1)) + start
    return on_context(values.to(dtype_torch(dtype)), ctx)


def eye(N, M=0, k=0, ctx=None, dtype=None, **kwargs):
    """An N x M (N x N when M is 0) array with ones on diagonal `k` (0: the main one, > 0 above it, < 0
    below) and zeros elsewhere."""
    ctx = current_context() if ctx is None else ctx
    columns = M or N
    t = torch.zeros(N, columns, dtype=dtype_torch(dtype))
    if -N < k < columns:
        t.diagonal(k).fill_(1)
    return on_context(t, ctx)
