"""MXNet's internal operators (``mx.nd._internal``): the nodes that Symbol arithmetic and creation make.

``sym_a + 2`` is a ``_plus_scalar`` node and ``sym_a + sym_b`` an ``elemwise_add`` (``_plus``) node in
MXNet's graphs; ``sym.zeros(...)`` a ``_zeros`` node. Symbol JSON files name these operators, so they are
in the table under MXNet's names, computed by the same arithmetic as the NDArray dunders (arith.py)."""
import math

import torch

from ...base import MXNetError, dtype_torch
from ...context import Context, current_context
from ..registry import register
from . import arith

Tensor = torch.Tensor

# (scalar operator, arithmetic of (array, scalar)); the 'r' forms put the scalar on the left
_SCALAR_OPS = [
    ('_plus_scalar', lambda t, s: arith.add(t, s)),
    ('_minus_scalar', lambda t, s: arith.subtract(t, s)),
    ('_rminus_scalar', lambda t, s: arith.subtract(s, t)),
    ('_mul_scalar', lambda t, s: arith.multiply(t, s)),
    ('_div_scalar', lambda t, s: arith.divide(t, s)),
    ('_rdiv_scalar', lambda t, s: arith.divide(s, t)),
    ('_mod_scalar', lambda t, s: arith.modulo(t, s)),
    ('_rmod_scalar', lambda t, s: arith.modulo(s, t)),
    ('_power_scalar', lambda t, s: arith.power(t, s)),
    ('_rpower_scalar', lambda t, s: arith.power(s, t)),
    ('_maximum_scalar', lambda t, s: arith.maximum(t, s)),
    ('_minimum_scalar', lambda t, s: arith.minimum(t, s)),
    ('_hypot_scalar', lambda t, s: arith.hypot(t, s)),
    ('_equal_scalar', lambda t, s: arith.equal(t, s)),
    ('_not_equal_scalar', lambda t, s: arith.not_equal(t, s)),
    ('_greater_scalar', lambda t, s: arith.greater(t, s)),
    ('_greater_equal_scalar', lambda t, s: arith.greater_equal(t, s)),
    ('_lesser_scalar', lambda t, s: arith.lesser(t, s)),
    ('_lesser_equal_scalar', lambda t, s: arith.lesser_equal(t, s)),
    ('_logical_and_scalar', lambda t, s: arith.logical_and(t, s)),
    ('_logical_or_scalar', lambda t, s: arith.logical_or(t, s)),
    ('_logical_xor_scalar', lambda t, s: arith.logical_xor(t, s)),
]


def _scalar_operator(op_name, compute):
    def operator(data, scalar=1.0, is_int=True):
        if not isinstance(data, Tensor):
            raise TypeError('{}: data must be an NDArray, got {}'.format(op_name, type(data).__name__))
        # integral scalars keep their type (an int32 array + 2 stays exact); MXNet's is_int says the same
        if is_int and float(scalar).is_integer():
            try:
                return compute(data, int(scalar))
            except OverflowError:       # past int64 (1e35): compared or computed as the float it is
                pass
        return compute(data, scalar)
    operator.__name__ = op_name
    operator.__doc__ = '{}(data, scalar): the array and a scalar, element-wise.'.format(op_name)
    return operator


for _name, _compute in _SCALAR_OPS:
    register(_name, namespace='_internal')(_scalar_operator(_name, _compute))

# two arrays of one shape (no broadcasting): what Symbol's ** % == != > >= < <= and max/min make
_SAME_SHAPE_OPS = [
    ('_power', arith.power), ('_mod', arith.modulo), ('_maximum', arith.maximum), ('_minimum', arith.minimum),
    ('_hypot', arith.hypot), ('_equal', arith.equal), ('_not_equal', arith.not_equal),
    ('_greater', arith.greater), ('_greater_equal', arith.greater_equal), ('_lesser', arith.lesser),
    ('_lesser_equal', arith.lesser_equal), ('_logical_and', arith.logical_and),
    ('_logical_or', arith.logical_or), ('_logical_xor', arith.logical_xor),
]


def _same_shape_operator(op_name, compute):
    def operator(lhs, rhs):
        if not isinstance(lhs, Tensor) or not isinstance(rhs, Tensor):
            raise TypeError('{} takes two NDArrays'.format(op_name))
        if lhs.shape != rhs.shape:
            raise MXNetError('{}: the two arrays must have the same shape, got {} and {}'.format(
                op_name, tuple(lhs.shape), tuple(rhs.shape)))
        return compute(lhs, rhs)
    operator.__name__ = op_name
    operator.__doc__ = '{}(lhs, rhs): two arrays of the same shape, element-wise.'.format(op_name)
    return operator


for _name, _compute in _SAME_SHAPE_OPS:
    register(_name, namespace='_internal')(_same_shape_operator(_name, _compute))


def _device(ctx):
    """The torch device of an operator's `ctx` parameter: a Context, MXNet's text of one ('cpu(0)',
    'gpu(1)'), or '' / None for the current context."""
    if ctx is None or ctx == '':
        return current_context().torch_device
    if isinstance(ctx, Context):
        return ctx.torch_device
    text = str(ctx).strip()
    kind, _, rest = text.partition('(')
    try:
        return Context(kind, int(rest.rstrip(')') or 0)).torch_device
    except (ValueError, MXNetError):
        raise MXNetError('ctx {!r} is not a context (cpu(0), gpu(1), ...)'.format(ctx)) from None


def _shape(op_name, shape):
    if shape is None:
        return ()
    if isinstance(shape, int):
        return (shape,)
    try:
        shape = tuple(int(d) for d in shape)
    except (TypeError, ValueError):
        raise MXNetError('{}: shape must be a tuple of ints, got {!r}'.format(op_name, shape)) from None
    if any(d < 0 for d in shape):
        raise MXNetError('{}: shape {} has a negative dimension'.format(op_name, shape))
    return shape


@register('_zeros', namespace='_internal')
def _zeros(shape=(), ctx='', dtype='float32'):
    """An array of zeros (the node of ``sym.zeros``)."""
    return torch.zeros(_shape('_zeros', shape), dtype=dtype_torch(dtype), device=_device(ctx))


@register('_zeros_without_dtype', namespace='_internal')
def _zeros_without_dtype(shape=(), ctx='', dtype=-1):
    """An array of zeros whose dtype (-1: float32) is left to inference."""
    dtype = 'float32' if dtype in (-1, '-1', None) else dtype
    return torch.zeros(_shape('_zeros_without_dtype', shape), dtype=dtype_torch(dtype), device=_device(ctx))


@register('_ones', namespace='_internal')
def _ones(shape=(), ctx='', dtype='float32'):
    """An array of ones (the node of ``sym.ones``)."""
    return torch.ones(_shape('_ones', shape), dtype=dtype_torch(dtype), device=_device(ctx))


@register('_full', namespace='_internal')
def _full(shape=(), ctx='', dtype='float32', value=0.0):
    """An array filled with `value` (the node of ``sym.full``)."""
    return torch.full(_shape('_full', shape), value, dtype=dtype_torch(dtype), device=_device(ctx))


@register('_arange', namespace='_internal')
def _arange(start=0.0, stop=None, step=1.0, repeat=1, infer_range=False, ctx='', dtype='float32'):
    """start, start + step, ... below `stop` (below `start` from 0 when `stop` is None), each value
    `repeat` times (the node of ``sym.arange``)."""
    if stop is None:
        start, stop = 0.0, start
    if step == 0:
        raise MXNetError('_arange: step cannot be 0')
    # counted and computed in float64, then cast, as nd.arange does
    count = max(int(math.ceil((stop - start) / step)), 0)
    values = torch.arange(count, dtype=torch.float64) * step + start
    if repeat != 1:
        values = values.repeat_interleave(int(repeat))
    return values.to(dtype=dtype_torch(dtype), device=_device(ctx))


@register('_linspace', namespace='_internal')
def _linspace(start=0.0, stop=1.0, num=50, endpoint=True, ctx='', dtype='float32'):
    """`num` evenly spaced values from `start` to `stop`, `stop` included unless ``endpoint=False`` (the
    node of ``sym.linspace``)."""
    num = int(num)
    if endpoint:
        values = torch.linspace(start, stop, num, dtype=torch.float64)
    else:
        values = torch.arange(num, dtype=torch.float64) * ((stop - start) / max(num, 1)) + start
    return values.to(dtype=dtype_torch(dtype), device=_device(ctx))


@register('_eye', namespace='_internal')
def _eye(N=0, M=0, k=0, ctx='', dtype='float32'):
    """An N x M (N x N when M is 0) array with ones on diagonal `k` (the node of ``sym.eye``)."""
    columns = int(M) or int(N)
    t = torch.zeros(int(N), columns, dtype=dtype_torch(dtype), device=_device(ctx))
    if -int(N) < int(k) < columns:
        t.diagonal(int(k)).fill_(1)
    return t


@register('_identity_with_attr_like_rhs', namespace='_internal')
def _identity_with_attr_like_rhs(lhs, rhs):
    """`lhs` itself (a copy); `rhs` only tells shape inference that `lhs` has its shape."""
    if tuple(lhs.shape) != tuple(rhs.shape):
        raise MXNetError('_identity_with_attr_like_rhs: lhs has shape {} but rhs {}'.format(
            tuple(lhs.shape), tuple(rhs.shape)))
    return lhs.clone()
