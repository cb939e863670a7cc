"""Element-wise operators of MXNet's NumPy interface (namespace ``_npi``): the unary and binary ufuncs,
comparisons, rounding, clipping, ``where`` and the NaN tests, with the dtype rules of ops/_np_util.py.

Integer arrays keep their dtype through the floating-point functions (``exp`` of an int32 array is int32,
computed in floating point and truncated), as in MXNet; two Python numbers are NumPy's business
(``np.add(1, 2)`` is NumPy's int64 3)."""
import math

import numpy as onp
import torch

from ...base import MXNetError
from ..registry import register
from .elemwise import cbrt_tensor
from ._np_util import BOOL, F32, SHADOWING, Tensor, as_tensor, float_of, name_of, promote, scalar_for

_NP = '_npi'


# ---- unary --------------------------------------------------------------------------------------------


# name: (torch function, exact on integer arrays)
_UNARY = {
    'abs': (torch.abs, True), 'absolute': (torch.abs, True), 'fabs': (torch.abs, True),
    'negative': (torch.neg, True), 'sign': (torch.sign, True), 'square': (torch.square, True),
    'rint': (torch.round, None), 'ceil': (torch.ceil, None), 'floor': (torch.floor, None),
    'trunc': (torch.trunc, None), 'fix': (torch.trunc, None),
    'exp': (torch.exp, False), 'expm1': (torch.expm1, False), 'log': (torch.log, False),
    'log2': (torch.log2, False), 'log10': (torch.log10, False), 'log1p': (torch.log1p, False),
    'sqrt': (torch.sqrt, False), 'cbrt': (cbrt_tensor, False), 'reciprocal': (torch.reciprocal, False),
    'sin': (torch.sin, False), 'cos': (torch.cos, False), 'tan': (torch.tan, False),
    'sinh': (torch.sinh, False), 'cosh': (torch.cosh, False), 'tanh': (torch.tanh, False),
    'arcsin': (torch.asin, False), 'arccos': (torch.acos, False), 'arctan': (torch.atan, False),
    'arcsinh': (torch.asinh, False), 'arccosh': (torch.acosh, False), 'arctanh': (torch.atanh, False),
    'degrees': (torch.rad2deg, False), 'rad2deg': (torch.rad2deg, False),
    'radians': (torch.deg2rad, False), 'deg2rad': (torch.deg2rad, False),
}


def _unary(op_name, fn, exact):
    numpy_fn = getattr(onp, op_name)

    def impl(x):
        if type(x) is not Tensor:
            return numpy_fn(x)
        if x.is_floating_point():
            return fn(x)
        if x.dtype is BOOL:
            return fn(x.to(F32))
        if exact:
            return fn(x)
        if exact is None:           # rounding: integers are already whole
            return x.clone()
        # computed in floating point, truncated back to the integer dtype (NaN becomes the smallest int)
        return fn(float_of(x)).to(x.dtype)
    impl.__name__ = op_name
    impl.__doc__ = '{}(x): NumPy\'s {}, element-wise.'.format(op_name, op_name)
    return impl


for _name, (_fn, _exact) in _UNARY.items():
    register(_name, namespace=_NP)(_unary(_name, _fn, _exact))


@register('logical_not', namespace=_NP)
def _logical_not(x):
    """logical_not(x): True where x is zero."""
    if type(x) is not Tensor:
        return onp.logical_not(x)
    return torch.logical_not(x)


def _bitwise_not(x):
    """bitwise_not(x): the bits of an integer (or boolean) array inverted."""
    if type(x) is not Tensor:
        return onp.bitwise_not(x)
    if x.is_floating_point():
        raise MXNetError('bitwise_not: This operation only support integer types, not {}'.format(name_of(x.dtype)))
    return torch.bitwise_not(x)


register('bitwise_not', namespace=_NP)(_bitwise_not)


@register('invert', namespace=_NP)
def _invert(x):
    """invert(x): bitwise_not."""
    return _bitwise_not(x)


def _nan_test(op_name, fn):
    numpy_fn = getattr(onp, op_name)

    def impl(x):
        if type(x) is not Tensor:
            return numpy_fn(x)
        return fn(x)
    impl.__name__ = op_name
    impl.__doc__ = '{}(x): NumPy\'s {}, a boolean array.'.format(op_name, op_name)
    return impl


for _name, _fn in [('isnan', torch.isnan), ('isinf', torch.isinf), ('isfinite', torch.isfinite),
                   ('isposinf', torch.isposinf), ('isneginf', torch.isneginf)]:
    register(_name, namespace=_NP)(_nan_test(_name, _fn))


@register('around', namespace=_NP, aliases=('round', 'round_'))
def _around(x, decimals=0):
    """around(x, decimals=0): rounded to `decimals` decimal places, halves to even as in NumPy."""
    if type(x) is not Tensor:
        return onp.around(x, decimals)
    if not x.is_floating_point():
        if decimals >= 0:
            return x.clone()
        scale = 10 ** -decimals
        return (torch.round(float_of(x) / scale) * scale).to(x.dtype)
    return torch.round(x, decimals=int(decimals)) if decimals else torch.round(x)


@register('clip', namespace=_NP)
def _clip(a, a_min=None, a_max=None):
    """clip(a, a_min, a_max): the values limited to [a_min, a_max] (a bound may be None)."""
    if a_min is None and a_max is None:
        raise ValueError('One of max or min must be given')
    if not isinstance(a, Tensor):           # a number: official NumPy's clip of it, as MXNet gives
        return onp.clip(a, a_min, a_max)
    if isinstance(a_min, Tensor) or isinstance(a_max, Tensor):
        return torch.clamp(a, min=a_min if a_min is None or isinstance(a_min, Tensor) else as_tensor(a_min, a),
                           max=a_max if a_max is None or isinstance(a_max, Tensor) else as_tensor(a_max, a))
    if not a.is_floating_point() and a.dtype is not BOOL:
        # integer bounds, those outside the dtype's range being no bound at all
        info = torch.iinfo(a.dtype)
        a_min = None if a_min is None or a_min <= info.min else int(math.ceil(a_min))
        a_max = None if a_max is None or a_max >= info.max else int(math.floor(a_max))
        if a_min is None and a_max is None:
            return a.clone()
    return torch.clamp(a, min=a_min, max=a_max)


@register('nan_to_num', namespace=_NP)
def _nan_to_num(x, copy=True, nan=0.0, posinf=None, neginf=None):
    """nan_to_num(x, copy=True, nan=0.0, posinf=None, neginf=None): NaN and infinities replaced by
    finite numbers (in place with ``copy=False``)."""
    if not x.is_floating_point():
        return x.clone() if copy else x
    if copy or x.requires_grad:     # a variable in a graph is not changed in place (a copy, as MXNet's graphs do)
        return torch.nan_to_num(x, nan=nan, posinf=posinf, neginf=neginf)
    return x.nan_to_num_(nan=nan, posinf=posinf, neginf=neginf)


# ---- binary -------------------------------------------------------------------------------------------
def _tensor_pair(fn):
    """fn for torch functions that take no Python number: a number becomes a 0-d tensor first."""
    def apply(a, b):
        return fn(a, b if type(b) is Tensor else as_tensor(b, a))
    return apply


def _scalar_first_generic(fn):
    def apply(t, s):
        return fn(as_tensor(s, t), t)
    return apply


def _binary(op_name, fn, mixed=True, cast_scalar=True, scalar_first=None, integers_only=False):
    """The implementation of binary ufunc `op_name` from torch function `fn(tensor, tensor or number)`.

    `mixed`: arrays of two dtypes compute in the promoted one (otherwise MXNet's error); `cast_scalar`: a
    number is cast to the array's dtype first; `scalar_first(tensor, number)` computes ``number op
    tensor``."""
    numpy_fn = getattr(onp, op_name)
    if scalar_first is None:
        scalar_first = _scalar_first_generic(fn)

    def impl(x1, x2):
        if type(x1) is Tensor:
            if type(x2) is Tensor:
                if x1.dtype is x2.dtype:
                    return fn(x1, x2)
                return _two_dtypes(x1, x2)
            if x1.dtype is BOOL and not isinstance(x2, (bool, onp.bool_)):
                x1 = x1.to(torch.int64)
            return fn(x1, scalar_for(x2, x1) if cast_scalar else x2)
        if type(x2) is Tensor:
            if x2.dtype is BOOL and not isinstance(x1, (bool, onp.bool_)):
                x2 = x2.to(torch.int64)
            return scalar_first(x2, scalar_for(x1, x2) if cast_scalar else x1)
        return numpy_fn(x1, x2)

    def _two_dtypes(x1, x2):
        if not mixed:
            raise MXNetError('{}: the two arrays must have the same dtype, got {} and {}'.format(
                op_name, name_of(x1.dtype), name_of(x2.dtype)))
        dtype = promote(x1, x2, op_name)
        return fn(x1.to(dtype), x2.to(dtype))

    if integers_only:
        plain = impl

        def impl(x1, x2):
            for v in (x1, x2):
                if type(v) is Tensor and v.is_floating_point():
                    raise MXNetError('{}: This operation only support integer types, not {}'.format(
                        op_name, name_of(v.dtype)))
            return plain(x1, x2)
    impl.__name__ = op_name
    impl.__doc__ = '{}(x1, x2): NumPy\'s {}, element-wise with broadcasting.'.format(op_name, op_name)
    return impl


def _true_divide_first(t, s):
    return torch.true_divide(s, t)


def _rsub(t, s):
    return torch.rsub(t, s)


def _subtract(a, b):
    if a.dtype is BOOL and (type(b) is not Tensor or b.dtype is BOOL):
        raise MXNetError('Operator _npi_subtract does not support boolean type')
    return torch.sub(a, b)


def _mirror(torch_fn):
    return lambda t, s: torch_fn(t, s)


def _ldexp(a, b):
    b = b if type(b) is Tensor else as_tensor(int(b), a, torch.int32)
    return float_of(a) * torch.pow(2.0, b.to(float_of(a).dtype))


def _mod(a, b):
    if SHADOWING.active:    # MXNet's gradient of a remainder of integers is zero (see numpy/_shadow.py)
        return torch.remainder(a, b).detach()
    return torch.remainder(a, b)


_BINARY = [
    # name, torch function, options
    ('add', torch.add, {'scalar_first': lambda t, s: torch.add(t, s)}),
    ('subtract', _subtract, {'scalar_first': _rsub}),
    ('multiply', torch.mul, {'scalar_first': lambda t, s: torch.mul(t, s)}),
    ('true_divide', torch.true_divide, {'cast_scalar': False, 'scalar_first': _true_divide_first}),
    ('mod', _mod, {}),
    ('power', torch.pow, {'scalar_first': lambda t, s: torch.pow(s, t)}),
    ('maximum', _tensor_pair(torch.maximum), {'mixed': False}),
    ('minimum', _tensor_pair(torch.minimum), {'mixed': False}),
    ('hypot', _tensor_pair(torch.hypot), {'mixed': False}),
    ('arctan2', _tensor_pair(torch.atan2), {'mixed': False}),
    ('copysign', _tensor_pair(torch.copysign), {'mixed': False}),
    ('lcm', _tensor_pair(torch.lcm), {'mixed': False, 'integers_only': True}),
    ('gcd', _tensor_pair(torch.gcd), {'mixed': False, 'integers_only': True}),
    ('bitwise_and', torch.bitwise_and, {'mixed': False, 'integers_only': True}),
    ('bitwise_or', torch.bitwise_or, {'mixed': False, 'integers_only': True}),
    ('bitwise_xor', torch.bitwise_xor, {'mixed': False, 'integers_only': True}),
    ('ldexp', _ldexp, {'mixed': False}),
    ('equal', torch.eq, {'cast_scalar': False, 'scalar_first': _mirror(torch.eq)}),
    ('not_equal', torch.ne, {'cast_scalar': False, 'scalar_first': _mirror(torch.ne)}),
    ('greater', torch.gt, {'cast_scalar': False, 'scalar_first': _mirror(torch.lt)}),
    ('greater_equal', torch.ge, {'cast_scalar': False, 'scalar_first': _mirror(torch.le)}),
    ('less', torch.lt, {'cast_scalar': False, 'scalar_first': _mirror(torch.gt)}),
    ('less_equal', torch.le, {'cast_scalar': False, 'scalar_first': _mirror(torch.ge)}),
    ('logical_and', torch.logical_and, {'cast_scalar': False, 'scalar_first': _mirror(torch.logical_and)}),
    ('logical_or', torch.logical_or, {'cast_scalar': False, 'scalar_first': _mirror(torch.logical_or)}),
    ('logical_xor', torch.logical_xor, {'cast_scalar': False, 'scalar_first': _mirror(torch.logical_xor)}),
]
_ALIASES = {'true_divide': ('divide',), 'mod': ('remainder',)}
BINARY = {}
for _name, _fn, _options in _BINARY:
    BINARY[_name] = _binary(_name, _fn, **_options)
    register(_name, namespace=_NP, aliases=_ALIASES.get(_name, ()))(BINARY[_name])

# the comparisons compare in the promoted dtype: a number is not cast to an integer array's dtype
for _name in ('equal', 'not_equal', 'greater', 'greater_equal', 'less', 'less_equal'):
    BINARY[_name].__doc__ = '{}(x1, x2): element-wise comparison with broadcasting, a boolean array.'.format(_name)


@register('where', namespace=_NP)
def _where(condition, x=None, y=None):
    """where(condition, x, y): x where condition holds, else y; with the condition alone, its nonzero
    indices (a tuple of int64 arrays)."""
    if x is None and y is None:
        if type(condition) is not Tensor:
            condition = torch.tensor(condition)
        return tuple(torch.nonzero(condition, as_tuple=True)) if condition.dim() else \
            (torch.nonzero(condition.reshape(1), as_tuple=True)[0],)
    if x is None or y is None:
        raise ValueError('either both or neither of x and y should be given')
    cond = condition if type(condition) is Tensor else torch.tensor(bool(condition))
    if cond.dtype is not BOOL:
        cond = cond != 0
    if type(x) is Tensor and type(y) is Tensor:
        if x.dtype is not y.dtype:
            dtype = promote(x, y, 'where')
            x, y = x.to(dtype), y.to(dtype)
    elif type(x) is Tensor:
        y = as_tensor(y, x)
    elif type(y) is Tensor:
        x = as_tensor(x, y)
    else:
        x = torch.tensor(x, dtype=F32, device=cond.device)
        y = torch.tensor(y, dtype=F32, device=cond.device)
    return torch.where(cond, x, y)
