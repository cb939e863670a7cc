"""Samplers of MXNet's NumPy interface (``np.random``, namespace ``_npi_random``, and ``npx.random``),
on torch's generators (``mx.random.seed`` / ``npx.random.seed`` seed them).

Parameters are numbers or arrays that broadcast against each other and against `size`; without `size`
the sample has the parameters' broadcast shape (a 0-d array for numbers). Samples are float32 unless
`dtype` says otherwise. Where a distribution has a reparameterisation (normal, uniform, exponential,
lognormal, gumbel, logistic, rayleigh, weibull, pareto, ...), gradients flow to array parameters."""
import math

import torch

from ...base import MXNetError
from ..registry import register
from ._np_util import F32, INT64, Tensor, device_of, np_dtype, shape_of

_NP = '_npi_random'


def _target_shape(size, *params):
    shapes = [tuple(p.shape) for p in params if isinstance(p, Tensor)]
    base = torch.broadcast_shapes(*shapes) if shapes else ()
    if size is None:
        return base
    size = shape_of(size)
    if torch.broadcast_shapes(size, base) != size:
        raise ValueError('shape mismatch: objects cannot be broadcast to a single shape: size {} and '
                         'parameters of shape {}'.format(size, base))
    return size


def _device(ctx, *params):
    for p in params:
        if isinstance(p, Tensor):
            return p.device
    return device_of(ctx)


def _param(p, dtype, device):
    if isinstance(p, Tensor):
        return p if p.dtype is dtype else p.to(dtype)
    return torch.tensor(float(p), dtype=dtype, device=device)


def _float_dtype(dtype):
    target = np_dtype(dtype, F32)
    if not target.is_floating_point:
        raise MXNetError('random: dtype {} is not a floating-point type'.format(dtype))
    return target


def _check_nonnegative(op_name, what, value):
    if isinstance(value, Tensor):
        return
    if value < 0:
        raise ValueError('{}: {} < 0'.format(op_name, what))


def _check_positive(op_name, what, value):
    """MXNet's ValueError for a parameter (a number or every element of an array) that is not > 0."""
    bad = bool((value <= 0).any()) if isinstance(value, Tensor) else value <= 0
    if bad:
        raise ValueError('{}: {} <= 0'.format(op_name, what))


def _standard(kind, shape, dtype, device):
    if kind == 'uniform':
        return torch.rand(shape, dtype=dtype, device=device)
    if kind == 'normal':
        return torch.randn(shape, dtype=dtype, device=device)
    if kind == 'exponential':
        return torch.empty(shape, dtype=dtype, device=device).exponential_()
    raise ValueError(kind)


def _location_scale(op_name, standard, transform, check_scale=True):
    def impl(loc=0.0, scale=1.0, size=None, dtype=None, ctx=None):
        if check_scale:
            _check_nonnegative(op_name, 'scale', scale)
        target = _float_dtype(dtype)
        shape = _target_shape(size, loc, scale)
        device = _device(ctx, loc, scale)
        eps = _standard(standard, shape, target, device)
        return transform(_param(loc, target, device), _param(scale, target, device), eps)
    impl.__name__ = op_name
    impl.__doc__ = '{}(loc=0.0, scale=1.0, size=None, dtype=None, ctx=None)'.format(op_name)
    return impl


_normal = register('normal', namespace=_NP)(_location_scale('normal', 'normal', lambda m, s, e: m + s * e))
register('logistic', namespace=_NP)(_location_scale(
    'logistic', 'uniform', lambda m, s, e: m + s * (torch.log(e) - torch.log1p(-e))))
register('gumbel', namespace=_NP)(_location_scale(
    'gumbel', 'uniform', lambda m, s, e: m - s * torch.log(-torch.log(e.clamp_min(1e-38)))))


@register('uniform', namespace=_NP)
def _uniform(low=0.0, high=1.0, size=None, dtype=None, ctx=None):
    """uniform(low=0.0, high=1.0, size=None, dtype=None, ctx=None): samples in [low, high)."""
    target = _float_dtype(dtype)
    shape = _target_shape(size, low, high)
    device = _device(ctx, low, high)
    lo, hi = _param(low, target, device), _param(high, target, device)
    return lo + (hi - lo) * torch.rand(shape, dtype=target, device=device)


@register('lognormal', namespace=_NP)
def _lognormal(mean=0.0, sigma=1.0, size=None, dtype=None, ctx=None):
    """lognormal(mean=0.0, sigma=1.0, size=None, dtype=None, ctx=None): exp of normal samples."""
    _check_nonnegative('lognormal', 'sigma', sigma)
    return torch.exp(_location_scale('lognormal', 'normal', lambda m, s, e: m + s * e)(
        mean, sigma, size, dtype, ctx))


def _one_scale(op_name, transform, name='scale'):
    def impl(scale=1.0, size=None, ctx=None):
        _check_nonnegative(op_name, name, scale)
        shape = _target_shape(size, scale)
        device = _device(ctx, scale)
        return transform(_param(scale, F32, device), shape, device)
    impl.__name__ = op_name
    impl.__doc__ = '{}({}, size=None, ctx=None)'.format(op_name, name)
    return impl


register('exponential', namespace=_NP)(_one_scale(
    'exponential', lambda s, shape, d: s * _standard('exponential', shape, F32, d)))
register('rayleigh', namespace=_NP)(_one_scale(
    'rayleigh', lambda s, shape, d: s * torch.sqrt(2.0 * _standard('exponential', shape, F32, d))))


def _shape_parameter(op_name, transform):
    def impl(a, size=None, ctx=None):
        if not isinstance(a, Tensor) and a <= 0:
            raise ValueError('{}: a <= 0'.format(op_name))
        shape = _target_shape(size, a)
        device = _device(ctx, a)
        return transform(_param(a, F32, device), _standard('exponential', shape, F32, device))
    impl.__name__ = op_name
    impl.__doc__ = '{}(a, size=None, ctx=None)'.format(op_name)
    return impl


register('weibull', namespace=_NP)(_shape_parameter('weibull', lambda a, e: e.pow(1.0 / a)))
register('pareto', namespace=_NP)(_shape_parameter('pareto', lambda a, e: torch.expm1(e / a)))
register('power', namespace=_NP)(_shape_parameter('power', lambda a, e: (-torch.expm1(-e)).pow(1.0 / a)))


def _gamma_samples(alpha, shape, dtype, device):
    alpha = torch.broadcast_to(alpha.to(torch.float64 if dtype is torch.float64 else F32), shape)
    return torch._standard_gamma(alpha.contiguous()).to(dtype)


@register('gamma', namespace=_NP)
def _gamma(shape, scale=1.0, size=None, dtype=None, ctx=None):
    """gamma(shape, scale=1.0, size=None, dtype=None, ctx=None)"""
    _check_positive('gamma', 'shape', shape)
    _check_positive('gamma', 'scale', scale)
    target = _float_dtype(dtype)
    out_shape = _target_shape(size, shape, scale)
    device = _device(ctx, shape, scale)
    return _gamma_samples(_param(shape, target, device), out_shape, target, device) * _param(scale, target, device)


@register('beta', namespace=_NP)
def _beta(a, b, size=None, dtype=None, ctx=None):
    """beta(a, b, size=None, dtype=None, ctx=None)"""
    target = _float_dtype(dtype)
    shape = _target_shape(size, a, b)
    device = _device(ctx, a, b)
    x = _gamma_samples(_param(a, target, device), shape, target, device)
    y = _gamma_samples(_param(b, target, device), shape, target, device)
    return x / (x + y)


@register('chisquare', namespace=_NP)
def _chisquare(df, size=None, dtype=None, ctx=None):
    """chisquare(df, size=None, dtype=None, ctx=None)"""
    if not isinstance(df, Tensor) and df <= 0:
        raise ValueError('df <= 0')
    target = _float_dtype(dtype)
    shape = _target_shape(size, df)
    device = _device(ctx, df)
    return 2.0 * _gamma_samples(_param(df, target, device) / 2.0, shape, target, device)


@register('randint', namespace=_NP)
def _randint(low, high=None, size=None, dtype=None, ctx=None):
    """randint(low, high=None, size=None, dtype=None, ctx=None): integers in [low, high), int64."""
    if high is None:
        low, high = 0, low
    if high <= low:
        raise ValueError('low >= high')
    target = np_dtype(dtype, INT64)
    return torch.randint(int(low), int(high), shape_of(size) if size is not None else (), dtype=target,
                         device=device_of(ctx))


@register('choice', namespace=_NP)
def _choice(a, size=None, replace=True, p=None, ctx=None):
    """choice(a, size=None, replace=True, p=None, ctx=None): samples of arange(a), or of the array a."""
    population = a.shape[0] if isinstance(a, Tensor) else int(a)
    if population <= 0:
        raise ValueError('a must be greater than 0')
    shape = shape_of(size) if size is not None else ()
    count = math.prod(shape)
    device = a.device if isinstance(a, Tensor) else device_of(ctx)
    if not replace and count > population:
        raise ValueError('Cannot take a larger sample than population when replace is False')
    if p is None:
        if replace:
            idx = torch.randint(0, population, (count,), device=device)
        else:
            idx = torch.randperm(population, device=device)[:count]
    else:
        weights = p if isinstance(p, Tensor) else torch.tensor(p, dtype=torch.float64)
        idx = torch.multinomial(weights.to(device=device, dtype=torch.float64), count, replacement=bool(replace))
    idx = idx.reshape(shape)
    return a[idx] if isinstance(a, Tensor) else idx.to(INT64)


@register('multinomial', namespace=_NP)
def _multinomial(n, pvals, size=None):
    """multinomial(n, pvals, size=None): counts of n draws over the categories of pvals (int64)."""
    probs = pvals.to(torch.float64) if isinstance(pvals, Tensor) else torch.tensor(pvals, dtype=torch.float64)
    if probs.dim() != 1:
        raise ValueError('object too deep for desired array')
    if float(probs[:-1].sum()) > 1.0 + (1e-12 if probs.dtype is torch.float64 and not isinstance(pvals, Tensor) else 1e-6):
        raise MXNetError('multinomial: Check failed: sum <= 1.0 + 1e-12 ({:g} vs. 1) : sum(pvals[:-1]) > 1.0'.format(
            float(probs[:-1].sum())))
    shape = shape_of(size) if size is not None else ()
    count, categories, draws = math.prod(shape), probs.numel(), int(n)
    if count == 0 or categories == 0 or draws <= 0:     # nothing to draw: zero counts of the result's shape
        return torch.zeros(shape + (categories,), dtype=INT64, device=probs.device)
    picks = torch.multinomial(probs.clamp_min(0), draws * count, replacement=True).reshape(count, draws)
    counts = torch.nn.functional.one_hot(picks, categories).sum(1)
    return counts.reshape(shape + (categories,)).to(INT64)


@register('multivariate_normal', namespace=_NP)
def _multivariate_normal(mean, cov, size=None, check_valid=None, tol=None):
    """multivariate_normal(mean, cov, size=None, check_valid=None, tol=None)"""
    if check_valid is not None or tol is not None:
        raise NotImplementedError('check_valid and tol are not supported')
    shape = shape_of(size) if size is not None else ()
    batch = torch.broadcast_shapes(tuple(mean.shape[:-1]), tuple(cov.shape[:-2]))
    half = cov.dtype is torch.float16        # (torch factors no half-precision matrix: float32, rounded back)
    lower = torch.linalg.cholesky(cov.float() if half else cov)
    eps = torch.randn(shape + batch + (mean.shape[-1],), dtype=lower.dtype, device=mean.device)
    return mean + torch.matmul(lower, eps.unsqueeze(-1)).squeeze(-1).to(mean.dtype)


@register('shuffle', namespace=_NP)
def _shuffle(x):
    """shuffle(x): the array's first axis shuffled in place (returns None)."""
    if x.dim() and x.shape[0] > 1:
        x.copy_(x[torch.randperm(x.shape[0], device=x.device)])


@register('bernoulli', namespace=_NP)
def _bernoulli(prob=None, logit=None, size=None, dtype=None, ctx=None):
    """bernoulli(prob=None, logit=None, size=None, dtype=None, ctx=None): 0/1 samples (float32) with
    probability `prob`, or sigmoid(`logit`)."""
    if (prob is None) == (logit is None):
        raise ValueError('Either `prob` or `logit` must be specified, but not both. Received prob={}, logit={}'
                         .format(prob, logit))
    param = prob if prob is not None else logit
    shape = _target_shape(size, param)
    device = _device(ctx, param)
    p = _param(param, F32, device)
    if logit is not None:
        p = torch.sigmoid(p)
    elif (bool(((prob < 0) | (prob > 1)).any()) if isinstance(prob, Tensor) else not 0 <= prob <= 1):
        raise ValueError('bernoulli: prob must be in [0, 1]')
    return (torch.rand(shape, device=device) < p).to(np_dtype(dtype, F32))


@register('normal_n', namespace=_NP)
def _normal_n(loc=0.0, scale=1.0, batch_shape=None, dtype=None, ctx=None):
    """normal_n(loc=0.0, scale=1.0, batch_shape=None, dtype=None, ctx=None): normal samples of shape
    batch_shape + the parameters' broadcast shape."""
    shape = (shape_of(batch_shape) if batch_shape is not None else ()) + tuple(_target_shape(None, loc, scale))
    return _normal(loc, scale, shape, dtype, ctx)


@register('uniform_n', namespace=_NP)
def _uniform_n(low=0.0, high=1.0, batch_shape=None, dtype=None, ctx=None):
    """uniform_n(low=0.0, high=1.0, batch_shape=None, dtype=None, ctx=None): as normal_n, uniform."""
    shape = (shape_of(batch_shape) if batch_shape is not None else ()) + tuple(_target_shape(None, low, high))
    return _uniform(low, high, shape, dtype, ctx)
