"""Arithmetic and comparison operators (the NDArray dunders use these implementations too).

MXNet's rules, which differ from torch's: a Python scalar is cast to the array's dtype before the
operation (``int32 array * 1.5`` multiplies by 1); integer division truncates; ``%`` takes the sign of the
divisor; comparisons return 0/1 in the input's dtype; two arrays must share a dtype."""
import numbers
import operator

import torch

from ...base import MXNetError, TORCH_TO_NAME
from .._errors import translate
from ..registry import describe_inputs, passed_on, register

Tensor = torch.Tensor
_div = torch.div


def _check_dtypes(op_name, lhs, rhs):
    if lhs.dtype is not rhs.dtype:
        raise MXNetError('{}: the two arrays must have the same dtype, got {} and {}'.format(
            op_name, TORCH_TO_NAME.get(lhs.dtype, lhs.dtype), TORCH_TO_NAME.get(rhs.dtype, rhs.dtype)))


def _scalar_like(scalar, tensor):
    """The scalar cast to the tensor's dtype as MXNet does (C truncation for integer arrays)."""
    if tensor.is_floating_point():
        return scalar
    if tensor.dtype is torch.bool:
        return bool(scalar)
    return int(scalar)


def _binary(op_name, fn, int_fn=None, scalar_first=None):
    """An arithmetic operator from a torch function of (tensor, tensor-or-scalar); int_fn replaces fn for
    integer arrays where the semantics differ (division). `scalar_first(tensor, scalar)` computes
    ``scalar op tensor`` (default: fn(tensor, scalar), for commutative operators). A scalar reaches torch
    as a Python number, which torch passes to its kernels as an argument: no tensor is made for it (on a
    GPU that would be a copy to the device and a wait on every call)."""
    same_for_int = int_fn is None
    int_fn = int_fn or fn
    if scalar_first is None:
        def scalar_first(t, scalar):
            return fn(t, scalar) if t.is_floating_point() else int_fn(t, scalar)

    def apply(lhs, rhs):
        # one frame for the whole operator: the dunders of every NDArray expression come through here
        try:
            if type(lhs) is Tensor or isinstance(lhs, Tensor):
                if isinstance(rhs, Tensor):
                    if lhs.dtype is not rhs.dtype:
                        _check_dtypes(op_name, lhs, rhs)
                    if same_for_int or lhs.is_floating_point():
                        return fn(lhs, rhs)
                    return int_fn(lhs, rhs)
                if lhs.is_floating_point():
                    return fn(lhs, rhs)
                return int_fn(lhs, _scalar_like(rhs, lhs))
            if isinstance(rhs, Tensor):
                return scalar_first(rhs, _scalar_like(lhs, rhs))
            return _python_scalar_op(op_name, lhs, rhs)
        except MXNetError:
            raise
        except RuntimeError as e:
            raise MXNetError('{}: {}{}'.format(
                op_name, translate(str(e)), describe_inputs(('lhs', 'rhs'), (lhs, rhs)))) from None
        except (TypeError, ValueError):
            # an operand that is neither an array nor a number (int('a') is a ValueError): what MXNet's
            # Python arithmetic says
            if isinstance(rhs, Tensor):
                if isinstance(lhs, numbers.Number):
                    raise
                raise AssertionError('Argument lhs must have NDArray type, but got {}'.format(lhs)) from None
            if isinstance(rhs, numbers.Number):
                raise
            raise passed_on(TypeError('type {} not supported'.format(type(rhs)))) from None
    apply.__name__ = op_name
    return apply


def _python_scalar_op(op_name, lhs, rhs):
    return {'add': operator.add, 'subtract': operator.sub, 'multiply': operator.mul,
            'divide': operator.truediv, 'modulo': operator.mod, 'power': operator.pow,
            'maximum': max, 'minimum': min, 'hypot': lambda a, b: (a * a + b * b) ** 0.5,
            'equal': lambda a, b: float(a == b), 'not_equal': lambda a, b: float(a != b),
            'greater': lambda a, b: float(a > b), 'greater_equal': lambda a, b: float(a >= b),
            'lesser': lambda a, b: float(a < b), 'lesser_equal': lambda a, b: float(a <= b),
            'logical_and': lambda a, b: float(bool(a) and bool(b)),
            'logical_or': lambda a, b: float(bool(a) or bool(b)),
            'logical_xor': lambda a, b: float(bool(a) != bool(b))}[op_name](lhs, rhs)


def _trunc_div(a, b):
    return _div(a, b, rounding_mode='trunc')


def _compare(torch_fn):
    # _binary hands over a tensor first
    return lambda a, b: torch_fn(a, b).to(a.dtype)


def _logical(torch_fn):
    def fn(a, b):
        if isinstance(b, Tensor):
            return torch_fn(a != 0, b != 0).to(a.dtype)
        # a logical function of a bool array and a constant: the array itself, its negation or constant
        return torch_fn(a != 0, torch.full_like(a, bool(b), dtype=torch.bool)).to(a.dtype)
    return fn


def _scalar_over(float_fn, int_fn=None):
    """scalar_first for a non-commutative operator whose torch function takes the scalar first."""
    int_fn = int_fn or float_fn
    return lambda t, scalar: float_fn(scalar, t) if t.is_floating_point() else int_fn(scalar, t)


def _mirrored(torch_fn):
    # scalar > array is array < scalar, ...
    return lambda t, scalar: torch_fn(t, scalar).to(t.dtype)


add = _binary('add', torch.add)
subtract = _binary('subtract', torch.sub, scalar_first=torch.rsub)
multiply = _binary('multiply', torch.mul)
divide = _binary('divide', torch.true_divide, _trunc_div, scalar_first=_scalar_over(torch.true_divide, _trunc_div))
modulo = _binary('modulo', torch.remainder, scalar_first=_scalar_over(torch.remainder))
power = _binary('power', torch.pow, scalar_first=_scalar_over(torch.pow))
maximum = _binary('maximum', lambda a, b: torch.clamp(a, min=b) if not isinstance(b, Tensor)
                  else torch.maximum(a, b))
minimum = _binary('minimum', lambda a, b: torch.clamp(a, max=b) if not isinstance(b, Tensor)
                  else torch.minimum(a, b))
hypot = _binary('hypot', lambda a, b: torch.hypot(a, b if isinstance(b, Tensor) else torch.full_like(a, b)))
equal = _binary('equal', _compare(torch.eq))
not_equal = _binary('not_equal', _compare(torch.ne))
greater = _binary('greater', _compare(torch.gt), scalar_first=_mirrored(torch.lt))
greater_equal = _binary('greater_equal', _compare(torch.ge), scalar_first=_mirrored(torch.le))
lesser = _binary('lesser', _compare(torch.lt), scalar_first=_mirrored(torch.gt))
lesser_equal = _binary('lesser_equal', _compare(torch.le), scalar_first=_mirrored(torch.ge))
logical_and = _binary('logical_and', _logical(torch.logical_and))
logical_or = _binary('logical_or', _logical(torch.logical_or))
logical_xor = _binary('logical_xor', _logical(torch.logical_xor))

# name in mx.nd, implementation, further names (MXNet's broadcast_* forms and legacy aliases)
_TABLE = [
    ('add', add, ('broadcast_add', 'broadcast_plus')),
    ('subtract', subtract, ('broadcast_sub', 'broadcast_minus')),
    ('multiply', multiply, ('broadcast_mul',)),
    ('divide', divide, ('broadcast_div', 'true_divide')),
    ('modulo', modulo, ('broadcast_mod',)),
    ('power', power, ('broadcast_power',)),
    ('maximum', maximum, ('broadcast_maximum',)),
    ('minimum', minimum, ('broadcast_minimum',)),
    ('hypot', hypot, ('broadcast_hypot',)),
    ('equal', equal, ('broadcast_equal',)),
    ('not_equal', not_equal, ('broadcast_not_equal',)),
    ('greater', greater, ('broadcast_greater',)),
    ('greater_equal', greater_equal, ('broadcast_greater_equal',)),
    ('lesser', lesser, ('broadcast_lesser',)),
    ('lesser_equal', lesser_equal, ('broadcast_lesser_equal',)),
    ('logical_and', logical_and, ('broadcast_logical_and',)),
    ('logical_or', logical_or, ('broadcast_logical_or',)),
    ('logical_xor', logical_xor, ('broadcast_logical_xor',)),
]
def _accepting_attributes(impl):
    # MXNet's operators without parameters ignore keyword attributes they are given (axis=..., ...)
    def op(lhs, rhs, **attributes):
        return impl(lhs, rhs)
    op.__name__ = impl.__name__
    op.__doc__ = '{}(lhs, rhs): element-wise, with broadcasting; a scalar is cast to the array\'s dtype.'.format(
        impl.__name__)
    return op


for _name, _impl, _aliases in _TABLE:
    register(_name, aliases=_aliases)(_accepting_attributes(_impl))


def _elemwise(op_name, impl):
    """MXNet's elemwise_* operators: two arrays of the same shape (no broadcasting)."""
    def fn(lhs, rhs):
        if not isinstance(lhs, Tensor) or not isinstance(rhs, Tensor):
            raise TypeError('{} takes two NDArrays'.format(op_name))
        if lhs.shape != rhs.shape:
            raise MXNetError('{}: the two arrays must have the same shape, got {} and {}'.format(
                op_name, tuple(lhs.shape), tuple(rhs.shape)))
        return impl(lhs, rhs)
    fn.__name__ = op_name
    return fn


for _name, _impl in [('elemwise_add', add), ('elemwise_sub', subtract), ('elemwise_mul', multiply),
                     ('elemwise_div', divide)]:
    register(_name)(_elemwise(_name, _impl))
register('_grad_add')(_elemwise('_grad_add', add))


@register(method=False)
def negative(data):
    """Numerical negative, element-wise."""
    return torch.neg(data)


@register()
def logical_not(data):
    """Logical NOT, element-wise: 1 where the element is 0, else 0, in the input's dtype."""
    return (data == 0).to(data.dtype)


@register(aliases=('ElementWiseSum',))
def add_n(*args):
    """Adds all input arguments element-wise (all of the same shape)."""
    if not args:
        raise MXNetError('add_n needs at least one array')
    shape = args[0].shape
    for a in args[1:]:
        if a.shape != shape:
            raise MXNetError('add_n: all arrays must have the same shape, got {} and {}'.format(
                tuple(shape), tuple(a.shape)))
    result = args[0]
    for a in args[1:]:
        result = result + a
    return result if len(args) > 1 else result.clone()
