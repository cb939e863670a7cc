"""Helpers of the NumPy-semantics operators (ops/np_*.py, namespace ``_npi``): dtypes as MXNet's NumPy
interface reads and promotes them, axes, shapes and Python numbers as operands.

MXNet's rules, which are neither NumPy's nor torch's in places:
- a Python number meets an array in the array's dtype (``int32 array * 1.5`` multiplies by 1), except
  that a boolean array with a number computes in int64;
- two arrays of different dtypes (where the operator allows it) compute in the float type when one is a
  float, else in the wider integer type; int8 with uint8 is refused;
- the default float type is float32 (arrays from lists, ``arange``, ``true_divide`` of integers).
"""
import numbers
import operator

import numpy as np
import torch

from ...base import MXNetError, TORCH_TO_NAME, dtype_torch
from ...context import current_context
from ..._state import shadowing as SHADOWING

Tensor = torch.Tensor
BOOL, F16, F32, F64 = torch.bool, torch.float16, torch.float32, torch.float64
INT64 = torch.int64
# the sequence NumPy returns several arrays in (broadcast_arrays, meshgrid, atleast_nd, histogram, ...):
# a list up to NumPy 1.x, which MXNet 1.9.1 follows, a tuple from NumPy 2 on
SEQUENCE = tuple if int(np.__version__.split('.')[0]) >= 2 else list


def name_of(dtype):
    return TORCH_TO_NAME.get(dtype, str(dtype))




def np_dtype(dtype, default=None):
    """The torch dtype of a dtype spelling (None: `default`); an unknown one is NumPy's TypeError."""
    if dtype is None:
        return default
    try:
        target = dtype_torch(dtype)
    except TypeError:
        raise TypeError('data type {!r} not understood'.format(dtype)) from None
    return F64 if SHADOWING.active and not target.is_floating_point else target


def is_number(x):
    return isinstance(x, numbers.Number) or isinstance(x, np.generic)


def scalar_for(value, t):
    """Python number `value` as it meets tensor `t` in an arithmetic operator."""
    if t.is_floating_point():
        return value
    if type(value) is bool or isinstance(value, np.bool_):
        return bool(value) if t.dtype is BOOL else int(value)
    return int(value)


def promote(a, b, op_name, refuse_int_mix=True):
    """The dtype two tensors of different dtypes compute in."""
    da, db = a.dtype, b.dtype
    fa, fb = a.is_floating_point(), b.is_floating_point()
    if fa and fb:
        return torch.promote_types(da, db)
    if fa:
        return da
    if fb:
        return db
    if refuse_int_mix and {da, db} == {torch.int8, torch.uint8}:
        raise MXNetError('{}: arrays of dtypes int8 and uint8 cannot be combined'.format(op_name))
    return torch.promote_types(da, db)


def float_of(t):
    """A floating-point tensor with the values of `t` (integers and booleans in float32, int64 in float64)."""
    if t.is_floating_point():
        return t
    return t.to(F64 if t.dtype is INT64 else F32)


def axis_index(axis, ndim, op_name='operator'):
    axis = operator.index(axis)
    if not -ndim <= axis < max(ndim, 1) or (ndim == 0 and axis not in (0, -1)):
        # NumPy's AxisError: a ValueError and an IndexError
        raise np.exceptions.AxisError(axis, ndim, op_name)
    return axis % ndim if ndim else 0


def axes_of(axis, ndim, op_name='operator'):
    """`axis` (None, an int, or a sequence of ints) as a tuple of non-negative axes (None: all of them);
    a repeated axis is NumPy's ValueError."""
    if axis is None:
        return tuple(range(ndim))
    if isinstance(axis, (tuple, list)):
        axes = tuple(axis_index(a, ndim, op_name) for a in axis)
        if len(set(axes)) != len(axes):
            raise ValueError('duplicate value in \'axis\'')
        return axes
    return (axis_index(axis, ndim, op_name),)


def shape_of(shape):
    """A shape argument (an int or a sequence of ints) as a tuple."""
    if isinstance(shape, (int, np.integer)):
        return (int(shape),)
    if shape is None:
        return ()
    return tuple(operator.index(s) for s in shape)


def device_of(ctx):
    """The torch device of a context (None: the current context's)."""
    if ctx is None:
        ctx = current_context()
    return ctx.torch_device


def as_tensor(x, like=None, dtype=None):
    """`x` (a tensor or a Python number) as a tensor: on `like`'s device, in `dtype` or `like`'s dtype for
    numbers."""
    if isinstance(x, Tensor):
        return x if dtype is None else x.to(dtype)
    if like is not None:
        return torch.tensor(scalar_for(x, like) if dtype is None else x,
                            dtype=dtype or like.dtype, device=like.device)
    if dtype is None:
        dtype = BOOL if isinstance(x, (bool, np.bool_)) else torch.int64 if isinstance(
            x, (int, np.integer)) else F32
    return torch.tensor(x, dtype=dtype)
