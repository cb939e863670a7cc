"""Batchify functions: callables that merge a list of samples into a batch, to pass to
``DataLoader(batchify_fn=...)``.

MXNet 1.9.1 has only ``DataLoader``'s default batchify; these follow the ``gluon.data.batchify`` module of
later MXNet versions (and GluonNLP's ``Tuple`` and ``Pad(ret_length=True)``)."""
import math
import warnings

import numpy as np
import torch

from ...base import dtype_torch
from ...ndarray.creation import array
from ...ndarray.ndarray import NDArray, _wrap
from .dataloader import _CPU_SHARED, _batchify, _shared_empty

__all__ = ['Stack', 'Pad', 'Append', 'Group', 'Tuple', 'List']


class Stack:
    """Stacks samples of the same shape into one batch (a list of batches for tuple samples).

    Lists of numbers and numpy arrays become an NDArray with numpy's dtype for them; NDArrays keep
    their dtype.

    Parameters
    ----------
    use_shared_mem : bool, default False
        Build the batch in shared memory, on context ``cpu_shared(0)``.

    Examples
    --------
    >>> batchify.Stack()([[1, 2, 3, 4], [4, 5, 6, 8], [8, 9, 1, 2]]).shape
    (3, 4)
    """

    def __init__(self, use_shared_mem=False):
        self._shared = use_shared_mem

    def __call__(self, data):
        if not len(data):
            raise ValueError('Stack: no samples to stack')
        return _batchify(data, self._shared, _CPU_SHARED if self._shared else None)


class Pad:
    """Pads samples of different shapes to the largest size along every axis, then stacks them.

    Parameters
    ----------
    val : float or int, default 0
        The padding value.
    dtype : str or numpy.dtype, optional
        The batch's dtype (default: the samples' dtype).
    round_to : int, optional
        Round each padded size up to a multiple of this.
    use_shared_mem : bool, default False
        Build the batch in shared memory, on context ``cpu_shared(0)``.
    ret_length : bool, default False
        Also return the samples' lengths (first axis) as an int32 NDArray.

    Examples
    --------
    >>> batchify.Pad(val=-1)([[1, 2, 3], [4, 5]]).asnumpy()
    array([[ 1,  2,  3],
           [ 4,  5, -1]])
    """

    def __init__(self, val=None, dtype=None, round_to=None, use_shared_mem=False, ret_length=False):
        self._pad_val = 0 if val is None else val
        self._dtype = dtype
        if round_to is not None and (not isinstance(round_to, int) or round_to <= 0):
            raise ValueError('Pad: round_to must be a positive integer, got {!r}'.format(round_to))
        self._round_to = round_to
        self._use_shared_mem = use_shared_mem
        self._ret_length = ret_length
        self._warned = False

    def __call__(self, data):
        if not len(data):
            raise ValueError('Pad: no samples to pad')
        first = data[0]
        if isinstance(first, NDArray):
            if not self._warned:
                self._warned = True
                warnings.warn('Using Pad with NDArrays is slower than with numpy arrays or lists: pad the '
                              'data before making NDArrays of it.')
            arrs = [d.asnumpy() for d in data]
        elif isinstance(first, (np.ndarray, list)):
            arrs = [np.asarray(d) for d in data]
        else:
            raise NotImplementedError('Pad() does not support samples of type {}: for tuple samples use '
                                      'Group(Pad(), Pad(), ...)'.format(type(first).__name__))
        ndim = arrs[0].ndim
        if any(a.ndim != ndim for a in arrs):
            raise ValueError('Pad: samples must have the same number of dimensions, got shapes {}'.format(
                [a.shape for a in arrs]))
        dtype = np.dtype(self._dtype) if self._dtype is not None else arrs[0].dtype
        shape = []
        for axis in range(ndim):
            size = max(a.shape[axis] for a in arrs)
            if self._round_to:
                size = self._round_to * math.ceil(size / self._round_to)
            shape.append(size)
        shape = (len(arrs),) + tuple(shape)
        if self._use_shared_mem:
            out_t = _shared_empty(shape, dtype_torch(dtype))
            out = out_t.numpy()
            out.fill(self._pad_val)
        else:
            out = np.full(shape, self._pad_val, dtype=dtype)
            out_t = torch.from_numpy(out)
        for i, a in enumerate(arrs):
            out[(i,) + tuple(slice(0, s) for s in a.shape)] = a
        batch = _wrap(out_t)
        if self._use_shared_mem:
            batch._ctx = _CPU_SHARED
        if self._ret_length:
            lengths = _wrap(torch.tensor([a.shape[0] if a.ndim else 1 for a in arrs], dtype=torch.int32))
            return batch, lengths
        return batch


class Append:
    """Returns the samples as a list of NDArrays, without stacking (their shapes may differ).

    Samples that are not NDArrays become float32 NDArrays (as ``nd.array`` makes them).

    Parameters
    ----------
    expand : bool, default True
        Give each sample a batch axis of size 1.
    batch_axis : int, default 0
        Where that axis goes.
    use_shared_mem : bool, default False
        Put the arrays in shared memory, on context ``cpu_shared(0)``.
    """

    def __init__(self, expand=True, batch_axis=0, use_shared_mem=False):
        self._expand, self._batch_axis, self._use_shared_mem = expand, batch_axis, use_shared_mem

    def __call__(self, data):
        out = []
        for d in data:
            if isinstance(d, NDArray):
                t = d._t
            else:
                t = array(d)._t  # float32 unless an NDArray, as nd.array does
            if self._expand:
                t = t.unsqueeze(self._batch_axis)
            if self._use_shared_mem:
                t = _shared_empty(tuple(t.shape), t.dtype).copy_(t)
            a = _wrap(t)
            if self._use_shared_mem:
                a._ctx = _CPU_SHARED
            out.append(a)
        return out


class Group:
    """Applies one batchify function per field of tuple samples; returns a tuple of their results.

    Parameters
    ----------
    fn : callable or list/tuple of callables
        The batchify function of the first field (or all of them, as a list).
    *args : callable
        The batchify functions of the other fields.

    Examples
    --------
    >>> data, label = batchify.Group(batchify.Pad(), batchify.Stack())([([1, 2, 3], 0), ([4, 5], 1)])
    """

    def __init__(self, fn, *args):
        if isinstance(fn, (list, tuple)):
            if args:
                raise ValueError('Group: give the functions either as one list or as separate arguments, '
                                 'not both')
            fns = tuple(fn)
        else:
            fns = (fn,) + args
        for i, f in enumerate(fns):
            if not callable(f):
                raise TypeError('Group: batchify function {} is not callable: {!r}'.format(i, f))
        self._fn = fns

    def __call__(self, data):
        n = len(self._fn)
        if any(len(sample) != n for sample in data):
            raise ValueError('Group: {} batchify functions but samples have {} fields'.format(
                n, next(len(s) for s in data if len(s) != n)))
        return tuple(fn([sample[i] for sample in data]) for i, fn in enumerate(self._fn))


Tuple = Group


class List:
    """Returns the samples unchanged, as a list."""

    def __call__(self, data):
        return list(data)
