"""Small helpers shared by operator implementations."""
import ast
import operator

import numpy as np
import torch

from ...base import MXNetError, TORCH_TO_NAME

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


def as_bool(value):
    """A boolean parameter given as bool, int or MXNet's string spelling ('True', 'false', '1')."""
    if type(value) is bool:
        return value
    if isinstance(value, str):
        v = value.strip().lower()
        if v in ('true', '1'):
            return True
        if v in ('false', '0'):
            return False
        raise MXNetError('invalid boolean parameter value {!r}'.format(value))
    return bool(value)


def as_tuple(value, n=None, op_name='operator', what='parameter'):
    """A tuple-of-int parameter given as int, tuple/list or string ('(3, 3)', '3'); with `n`, a single
    int is repeated n times and the length must be n."""
    if isinstance(value, str):
        try:
            value = ast.literal_eval(value.strip()) if value.strip() else ()
        except (ValueError, SyntaxError):
            raise MXNetError('{}: cannot read {} {!r} as a tuple of ints'.format(op_name, what, value)) from None
    if value is None:
        return ()
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        t = (int(value),) * (n or 1)
    else:
        t = tuple(int(v) for v in value)
    if n is not None and len(t) != n:
        if len(t) == 1:
            return t * n
        raise MXNetError('{}: {} {} must have {} element(s)'.format(op_name, what, t, n))
    return t


def check_choice(value, choices, op_name, what):
    if value not in choices:
        raise MXNetError("{}: invalid {} {!r}, valid values are {}".format(
            op_name, what, value, ', '.join(repr(c) for c in choices)))
    return value


def check_float(data, op_name):
    if not data.is_floating_point():
        raise MXNetError('{}: this operator supports floating point types only, not {}'.format(
            op_name, TORCH_TO_NAME.get(data.dtype, data.dtype)))
