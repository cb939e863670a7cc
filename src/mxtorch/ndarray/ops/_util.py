"""Small helpers shared by operator implementations."""
import operator

import numpy as np
import torch

from ...base import MXNetError

Tensor = torch.Tensor


def normalize_axis(axis, ndim, op_name='operator'):
    """A non-negative axis index, checked against ndim."""
    axis = operator.index(axis)
    if not -ndim <= axis < max(ndim, 1):
        raise MXNetError('{}: axis {} is out of bounds for an array with {} dimension(s)'.format(
            op_name, axis, ndim))
    return axis % ndim if ndim else 0


def axes_tuple(axis, ndim, op_name='operator'):
    """axis (None, int, or tuple/list of int) as a sorted tuple of non-negative axes; None means all."""
    if axis is None or axis == ():
        return tuple(range(ndim))
    if isinstance(axis, (int, np.integer)):
        return (normalize_axis(axis, ndim, op_name),)
    return tuple(sorted(set(normalize_axis(a, ndim, op_name) for a in axis)))


def as_shape(shape):
    """A shape argument (int, tuple or list) as a tuple of ints."""
    if isinstance(shape, int):
        return (shape,)
    return tuple(int(s) for s in shape)


def fresh(result, source):
    """`result`, copied when it is `source` or a view of memory: MXNet operators return new memory."""
    if result is source or result._base is not None:
        return result.clone()
    return result
