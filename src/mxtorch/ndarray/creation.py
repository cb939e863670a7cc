"""Functions that create arrays from shapes, ranges or data (mx.nd.array, zeros, ones, full, arange, ...).

They take MXNet's `ctx` and `dtype` arguments (the current context and float32 by default) and are plain
functions rather than table operators because they have no array input."""
import numpy as np
import torch

from ..base import MXNetError, TORCH_TO_NP, dtype_torch
from ..context import current_context
from .ndarray import NDArray, on_context

__all__ = ['array', 'empty', 'zeros', 'ones', 'full', 'arange', 'linspace', 'eye']

Tensor = torch.Tensor


def _shape(shape, fn_name):
    if isinstance(shape, (int, np.integer)):
        shape = (int(shape),)
    try:
        shape = tuple(int(s) for s in shape)
    except TypeError:
        raise TypeError('{}: shape must be an int or a tuple of ints, got {!r}'.format(fn_name, shape)) from None
    if any(s < 0 for s in shape):
        raise MXNetError('{}: shape {} has a negative dimension'.format(fn_name, shape))
    return shape


def array(source_array, ctx=None, dtype=None):
    """Creates an array from any object exposing the array interface.

    Parameters
    ----------
    source_array : array_like
        An object exposing the array interface, an object whose ``__array__`` method returns an array,
        or any (nested) sequence; NDArrays and torch tensors too.
    ctx : Context, optional
        Device context (default is the current default context).
    dtype : str or numpy.dtype, optional
        The data type of the output array. The default dtype is ``source_array.dtype`` if
        `source_array` is an NDArray, float32 otherwise.

    Returns
    -------
    NDArray
        An array with the same contents as the `source_array`.
    """
    ctx = current_context() if ctx is None else ctx
    if isinstance(source_array, (NDArray, Tensor)):
        src = (source_array._t if isinstance(source_array, NDArray) else source_array).detach()
        dt = src.dtype if dtype is None else dtype_torch(dtype)
        return on_context(src.to(dt, copy=True), ctx)
    dt = dtype_torch(dtype)
    np_dtype = np.float32 if dt is torch.bfloat16 else TORCH_TO_NP[dt]
    try:
        values = np.array(source_array, dtype=np_dtype)
    except (TypeError, ValueError) as e:
        raise TypeError('source_array must be array like object, got {}: {}'.format(
            type(source_array).__name__, e)) from None
    t = torch.from_numpy(values if values.flags.c_contiguous else np.ascontiguousarray(values))
    return on_context(t.to(dt) if dt is torch.bfloat16 else t, ctx)


def empty(shape, ctx=None, dtype=None):
    """Returns a new array of given shape and type, without initializing entries."""
    ctx = current_context() if ctx is None else ctx
    return on_context(torch.empty(_shape(shape, 'empty'), dtype=dtype_torch(dtype), device=ctx.torch_device), ctx)


def _filled(fn_name, shape, value, ctx, dtype, out):
    if out is not None:
        # MXNet's out= writes the values into an existing array of that shape
        if tuple(out.shape) != _shape(shape, fn_name):
            raise MXNetError('{}: out= has shape {} but shape {} was asked'.format(fn_name, out.shape, shape))
        out[:] = value
        return out
    ctx = current_context() if ctx is None else ctx
    return on_context(torch.full(_shape(shape, fn_name), value, dtype=dtype_torch(dtype),
                                 device=ctx.torch_device), ctx)


def zeros(shape, ctx=None, dtype=None, out=None, **kwargs):
    """Returns a new array filled with all zeros, with the given shape and type."""
    return _filled('zeros', shape, 0, ctx, dtype, out)


def ones(shape, ctx=None, dtype=None, out=None, **kwargs):
    """Returns a new array filled with all ones, with the given shape and type."""
    return _filled('ones', shape, 1, ctx, dtype, out)


def full(shape, val, ctx=None, dtype=np.float32, out=None):
    """Returns a new array of given shape and type, filled with the given value `val`."""
    return _filled('full', shape, val, ctx, dtype, out)


def arange(start, stop=None, step=1.0, repeat=1, infer_range=None, ctx=None, dtype=np.float32):
    """Returns evenly spaced values within a given interval, each repeated `repeat` times.

    Values are generated within the half-open interval [`start`, `stop`). With only `start`, the
    interval is [0, `start`)."""
    if stop is None:
        start, stop = 0, start
    if step == 0:
        raise MXNetError('arange: step cannot be 0')
    ctx = current_context() if ctx is None else ctx
    dt = dtype_torch(dtype)
    # computed in float64 like MXNet, then cast: arange(0, 1, 0.1, dtype='int32') counts like MXNet
    n = int(np.ceil((stop - start) / step))
    values = torch.arange(max(n, 0), dtype=torch.float64) * step + start
    if repeat != 1:
        values = values.repeat_interleave(int(repeat))
    return on_context(values.to(dt), ctx)


def linspace(start, stop, num, endpoint=True, ctx=None, dtype=np.float32):
    """Returns `num` evenly spaced samples over [`start`, `stop`] (or [start, stop) if not endpoint)."""
    ctx = current_context() if ctx is None else ctx
    if endpoint:
        values = torch.linspace(start, stop, num, dtype=torch.float64)
    else:
        values = torch.arange(num, dtype=torch.float64) * ((stop - start) / max(num, 1)) + start
    return on_context(values.to(dtype_torch(dtype)), ctx)


def eye(N, M=0, k=0, ctx=None, dtype=np.float32, **kwargs):
    """Returns a 2-D array with ones on the k-th diagonal and zeros elsewhere (N rows, M or N columns)."""
    ctx = current_context() if ctx is None else ctx
    cols = M if M else N
    t = torch.zeros(N, cols, dtype=dtype_torch(dtype))
    if -N < k < cols:
        t.diagonal(k).fill_(1)
    return on_context(t, ctx)
