"""Element-wise math on one array (exp, log, trigonometry, rounding, activations, clip, cast, ...).

MXNet computes these in the input's dtype: an integer array stays integer (``sqrt`` of int32 [4] is
int32 [2]), so results of torch functions that promote to float are cast back."""
import torch

from ...base import MXNetError, dtype_torch
from ..registry import register


def _same_dtype(fn):
    def apply(data):
        r = fn(data)
        return r if r.dtype is data.dtype else r.to(data.dtype)
    return apply


_threshold_backward = torch.ops.aten.threshold_backward


class _ReLU(torch.autograd.Function):
    """relu whose gradient is NaN where the input is NaN, as MXNet's (torch's gives 0 there)."""

    @staticmethod
    def forward(ctx, x):
        y = torch.relu(x)
        ctx.save_for_backward(y)
        return y

    @staticmethod
    def backward(ctx, grad):
        y, = ctx.saved_tensors
        # torch's relu gradient, plus min(y, 0), which is 0 where y is a number and NaN where it is NaN (two
        # cheap kernels: torch.where is several times slower on CPU)
        return _threshold_backward(grad, y, 0).add_(y.clamp(max=0))


def _relu(x):
    if x.requires_grad and torch.is_grad_enabled():
        return _ReLU.apply(x)
    return torch.relu(x)


def _softsign(x):
    return x / (1 + x.abs())


def _rcbrt(x):
    return torch.sign(x) * x.abs().pow(-1.0 / 3)


class _Cbrt(torch.autograd.Function):
    """The cube root with MXNet's gradient 1 / (3 cbrt(x)^2), infinite at 0 (written as
    sign(x) |x|^(1/3), torch's chain rule would give 0 * inf = NaN there)."""
    @staticmethod
    def forward(ctx, x):
        y = _cbrt_values(x)
        ctx.save_for_backward(y)
        return y

    @staticmethod
    def backward(ctx, grad):
        y, = ctx.saved_tensors
        return grad / (3 * y * y)


def _cbrt_values(x):
    return torch.sign(x) * x.abs().pow(1.0 / 3)


def cbrt_tensor(x):
    """The cube root of every element (negative for negative ones), differentiable as MXNet's."""
    return _Cbrt.apply(x) if x.requires_grad else _cbrt_values(x)


def _digamma(x):
    # MXNet's psi is +inf at 0 and the negative integers (torch's digamma: -inf at 0, NaN below)
    return torch.where((x <= 0) & (x == torch.floor(x)), torch.full_like(x, float('inf')), torch.digamma(x))


class _Gamma(torch.autograd.Function):
    """Gamma with MXNet's values and gradient gamma(x) psi(x) at the poles (NaN at the negative integers,
    +inf gradient at 0)."""
    @staticmethod
    def forward(ctx, x):
        y = _gamma_values(x)
        ctx.save_for_backward(x, y)
        return y

    @staticmethod
    def backward(ctx, grad):
        x, y = ctx.saved_tensors
        return grad * y * _digamma(x)


class _GammaLn(torch.autograd.Function):
    """log|Gamma| with MXNet's gradient psi(x) (+inf at 0 and the negative integers)."""
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return torch.lgamma(x)

    @staticmethod
    def backward(ctx, grad):
        x, = ctx.saved_tensors
        return grad * _digamma(x)


def _gamma_values(x):
    y = torch.exp(torch.lgamma(x)) * _gamma_sign(x)
    # std::tgamma, which MXNet calls, gives NaN at the negative integers (its poles of either sign)
    return torch.where((x < 0) & (x == torch.floor(x)), torch.full_like(y, float('nan')), y)


def _gamma(x):
    return _Gamma.apply(x) if x.requires_grad else _gamma_values(x)


def _gammaln(x):
    return _GammaLn.apply(x) if x.requires_grad else torch.lgamma(x)


def _gamma_sign(x):
    # Gamma is negative on (-1, 0), (-3, -2), ...: where floor(x) is odd and negative
    negative = (x < 0) & (torch.remainder(torch.floor(x), 2) == 1)
    return torch.where(negative, -torch.ones_like(x), torch.ones_like(x))


def _round_half_away(x):
    # MXNet's round rounds halves away from zero; torch.round rounds halves to even
    return torch.sign(x) * torch.floor(x.abs() + 0.5)


def _rounding(fn):
    # rounding an integer array is the identity (and must not pass through float, which loses digits)
    return lambda x: fn(x) if x.is_floating_point() else x.clone()


# name, torch implementation, is an NDArray method, further names
_UNARY = [
    ('exp', torch.exp, True, ()),
    ('expm1', torch.expm1, True, ()),
    ('log', torch.log, True, ()),
    ('log10', torch.log10, True, ()),
    ('log2', torch.log2, True, ()),
    ('log1p', torch.log1p, True, ()),
    ('sqrt', torch.sqrt, True, ()),
    ('rsqrt', torch.rsqrt, True, ()),
    ('cbrt', cbrt_tensor, True, ()),
    ('rcbrt', _rcbrt, True, ()),
    ('square', torch.square, True, ()),
    ('reciprocal', torch.reciprocal, True, ()),
    ('abs', torch.abs, True, ()),
    ('sign', torch.sign, True, ()),
    ('round', _rounding(_round_half_away), True, ()),
    ('rint', _rounding(torch.round), True, ()),
    ('floor', _rounding(torch.floor), True, ()),
    ('ceil', _rounding(torch.ceil), True, ()),
    ('trunc', _rounding(torch.trunc), True, ()),
    ('fix', _rounding(torch.trunc), True, ()),
    ('sin', torch.sin, True, ()),
    ('cos', torch.cos, True, ()),
    ('tan', torch.tan, True, ()),
    ('arcsin', torch.asin, True, ()),
    ('arccos', torch.acos, True, ()),
    ('arctan', torch.atan, True, ()),
    ('sinh', torch.sinh, True, ()),
    ('cosh', torch.cosh, True, ()),
    ('tanh', torch.tanh, True, ()),
    ('arcsinh', torch.asinh, True, ()),
    ('arccosh', torch.acosh, True, ()),
    ('arctanh', torch.atanh, True, ()),
    ('degrees', torch.rad2deg, True, ()),
    ('radians', torch.deg2rad, True, ()),
    ('sigmoid', torch.sigmoid, True, ()),
    ('relu', _relu, True, ()),
    ('softsign', _softsign, True, ()),
    ('erf', torch.erf, False, ()),
    ('erfinv', torch.erfinv, False, ()),
    ('gamma', _gamma, False, ()),
    ('gammaln', _gammaln, False, ()),
]

for _name, _fn, _method, _aliases in _UNARY:
    _impl = _same_dtype(_fn)
    _impl.__name__ = _name
    _impl.__doc__ = 'Computes {} of the input, element-wise.'.format(_name)
    register(_name, method=_method, aliases=_aliases)(_impl)


@register(method=True)
def clip(data, a_min, a_max):
    """Clips (limits) the values in an array to [a_min, a_max]."""
    if a_min > a_max:
        raise MXNetError('clip: a_min ({}) must not exceed a_max ({})'.format(a_min, a_max))
    if not data.is_floating_point():
        a_min, a_max = int(a_min), int(a_max)
    return torch.clamp(data, a_min, a_max)


@register(aliases=('Cast',))
def cast(data, dtype):
    """Casts all elements of the input to a new type."""
    return data.to(dtype_torch(dtype), copy=True)


@register(aliases=('identity', '_copy'))
def copy(data):
    """A copy of the input array."""
    return data.clone()


class _BlockGrad(torch.autograd.Function):
    """A copy that stays in the recorded graph, as in MXNet (its input is reached), with zero gradient."""

    @staticmethod
    def forward(ctx, x):
        return x.clone()

    @staticmethod
    def backward(ctx, grad):
        return torch.zeros_like(grad)


@register(aliases=('BlockGrad',))
def stop_gradient(data):
    """Passes the input through, stopping the gradient from flowing back through it."""
    if data.requires_grad and torch.is_grad_enabled():
        return _BlockGrad.apply(data)
    return data.detach().clone()


@register()
def hard_sigmoid(data, alpha=0.2, beta=0.5):
    """Computes max(0, min(1, alpha * x + beta)), element-wise."""
    return torch.clamp(data * alpha + beta, 0, 1)


@register()
def smooth_l1(data, scalar=1.0):
    """Smooth L1: 0.5 (scalar x)^2 where |x| < 1/scalar^2, else |x| - 0.5/scalar^2."""
    s2 = scalar * scalar
    return torch.where(data.abs() < 1.0 / s2, 0.5 * s2 * data * data, data.abs() - 0.5 / s2)


@register(name='isnan', namespace='contrib')
def isnan(data):
    """1 where the element is NaN, else 0 (in the input's dtype)."""
    return torch.isnan(data).to(data.dtype)


@register(name='isinf', namespace='contrib')
def isinf(data):
    """1 where the element is +-inf, else 0 (in the input's dtype)."""
    return torch.isinf(data).to(data.dtype)


@register(name='isfinite', namespace='contrib')
def isfinite(data):
    """1 where the element is finite, else 0 (in the input's dtype)."""
    return torch.isfinite(data).to(data.dtype)

