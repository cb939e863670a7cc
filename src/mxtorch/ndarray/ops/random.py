"""Samplers of mx.nd.random (uniform, normal, ...), MXNet's legacy top-level samplers (random_uniform,
sample_normal, ...) and the density operators (random_pdf_*), on torch's generators.

Numbers drawn differ from MXNet's (other generators), but ``mx.random.seed(n)`` (torch.manual_seed)
makes them repeatable, and shapes, dtypes, supports and distributions are MXNet's:
- scalar parameters draw an array of `shape` (default (1,)) on `ctx` (default: the current context);
- array parameters (all of one shape) draw `shape` samples per element: the result has shape
  ``param.shape + shape``, on the parameters' device;
- the parameters are checked as MXNet checks them (scale > 0, low <= high, ...); the array forms are not
  checked, as in MXNet (a negative normal `sigma` mirrors the samples).
"""
import math
import numbers
import operator
import re

import numpy as np
import torch

from ..._state import np_shape as _np_shape
from ...base import MXNetError, TORCH_TO_NAME, dtype_torch
from ...context import Context, current_context
from .. import registry
from ..ndarray import NDArray, _wrap, on_context
from ..registry import register
from ._util import as_bool, as_tuple

Tensor = torch.Tensor
_F16, _F32, _F64 = torch.float16, torch.float32, torch.float64
_FLOATS = (_F16, _F32, _F64)
_INTS = (torch.int32, torch.int64)
_MULTINOMIAL_DTYPES = (_F16, _F32, _F64, torch.int32, torch.uint8)


# ---- argument checks ----------------------------------------------------------------------------------
def _dtype(op_name, dtype, allowed, default=_F32):
    if dtype is None or (isinstance(dtype, str) and dtype == 'None'):
        return default
    try:
        dt = dtype_torch(dtype)
    except (TypeError, ValueError, MXNetError):
        dt = None
    if dt not in allowed:
        raise MXNetError('{}: dtype {!r} is not supported, valid values are {}'.format(
            op_name, TORCH_TO_NAME.get(dtype, dtype), ', '.join(TORCH_TO_NAME[d] for d in allowed)))
    return dt


def _shape(op_name, shape):
    """A shape argument as a tuple of positive ints (MXNet cannot sample empty arrays)."""
    if isinstance(shape, str):
        shape = as_tuple(shape, op_name=op_name, what='shape')
    elif isinstance(shape, (int, np.integer)):
        shape = (int(shape),)
    else:
        try:
            shape = tuple(operator.index(s) for s in shape)
        except TypeError:
            raise TypeError('{}: shape must be an int or a tuple of ints, got {!r}'.format(op_name, shape)) from None
    if any(s <= 0 for s in shape) and not (_np_shape.active and all(s >= 0 for s in shape)):
        # (in NumPy-shape mode, MXNet draws empty arrays: a 0 is a size there, not an unknown one)
        raise MXNetError('{}: shape {} must have positive dimensions'.format(op_name, shape))
    return shape


def _sample_shape(op_name, shape):
    """The shape of a sample drawn with scalar parameters: at least one dimension."""
    shape = _shape(op_name, shape)
    if not shape and not _np_shape.active:
        raise MXNetError('{}: the shape of the sample must have at least one dimension, got ()'.format(op_name))
    return shape


def _number(op_name, name, value, integer=False):
    """A scalar distribution parameter: a real number (not a bool), an integer where MXNet wants one."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        raise MXNetError('{}: parameter {} must be a number, got {!r}'.format(op_name, name, value))
    if integer:
        if value != int(value):
            raise MXNetError('{}: parameter {} must be an integer, got {!r}'.format(op_name, name, value))
        return int(value)
    return float(value)


def _context(op_name, ctx):
    if ctx is None:
        return current_context()
    if isinstance(ctx, Context):
        return ctx
    if isinstance(ctx, str):
        m = re.fullmatch(r'\s*(cpu|gpu|cpu_pinned|cpu_shared)\((\d+)\)\s*', ctx)
        if m:
            return Context(m.group(1), int(m.group(2)))
    raise MXNetError('{}: ctx must be a Context such as mx.cpu() or mx.gpu(0), got {!r}'.format(op_name, ctx))


def _no_extra(op_name, kwargs):
    kwargs.pop('name', None)
    if kwargs:
        raise MXNetError('{}: unknown argument(s) {}'.format(op_name, ', '.join(sorted(kwargs))))


def _work_dtype(dtype):
    """The dtype to compute a sample in: torch's gamma/poisson have no float16 kernels on CPU."""
    return _F64 if dtype is _F64 else _F32


# ---- the distributions ----------------------------------------------------------------------------------
# Each sampler draws an array of `shape` from float parameters, or from tensors of parameters that
# broadcast against `shape` (one value per leading index, see _sample_tensor).
def _gamma(alpha, shape, work, device):
    """Gamma(alpha, 1) samples; alpha a float or a tensor of the output shape."""
    if not isinstance(alpha, Tensor):
        alpha = torch.full(shape, alpha, dtype=work, device=device)
    return torch._standard_gamma(alpha.to(work).expand(shape).contiguous())


def _poisson(rate):
    # MXNet's sampler gives 0 for a negative (or NaN) rate, where torch's refuses
    return torch.poisson(torch.nan_to_num(rate, nan=0.0).clamp_(min=0))


def _draw_uniform(low, high, shape, dtype, device):
    # drawn in float32/float64 and rounded, as MXNet does: drawn directly in half precision the samples take
    # so few values that exact zeros are common
    work = _work_dtype(dtype)
    if isinstance(low, Tensor):
        return (low + (high - low) * torch.rand(shape, dtype=work, device=device)).to(dtype)
    return torch.empty(shape, dtype=work, device=device).uniform_(low, high).to(dtype)


def _draw_normal(loc, scale, shape, dtype, device):
    work = _work_dtype(dtype)
    if isinstance(loc, Tensor):
        return (loc + scale * torch.randn(shape, dtype=work, device=device)).to(dtype)
    return torch.empty(shape, dtype=work, device=device).normal_(loc, scale).to(dtype)


def _draw_exponential(lam, shape, dtype, device):
    work = _work_dtype(dtype)
    if isinstance(lam, Tensor):
        return (torch.empty(shape, dtype=work, device=device).exponential_(1.0) / lam).to(dtype)
    return torch.empty(shape, dtype=work, device=device).exponential_(lam).to(dtype)


def _draw_gamma(alpha, beta, shape, dtype, device):
    work = _work_dtype(dtype)
    return (_gamma(alpha, shape, work, device) * beta).to(dtype)


def _draw_poisson(lam, shape, dtype, device):
    work = _work_dtype(dtype)
    rate = lam.to(work).expand(shape) if isinstance(lam, Tensor) else torch.full(shape, lam, dtype=work, device=device)
    return _poisson(rate).to(dtype)


def _draw_negative_binomial(k, p, shape, dtype, device):
    # failures before the k-th success with success probability p: Poisson(Gamma(k, (1 - p) / p))
    work = _work_dtype(dtype)
    return _poisson(_gamma(k, shape, work, device) * ((1 - p) / p)).to(dtype)


def _draw_generalized_negative_binomial(mu, alpha, shape, dtype, device):
    # mean mu, variance mu + alpha * mu^2: Poisson(Gamma(1 / alpha, alpha * mu)); Poisson(mu) for alpha = 0
    work = _work_dtype(dtype)
    if isinstance(mu, Tensor):
        zero = alpha == 0
        safe = torch.where(zero, torch.ones((), dtype=alpha.dtype, device=alpha.device), alpha)
        rate = torch.where(zero, mu.to(work), _gamma(1 / safe, shape, work, device) * (safe * mu))
    elif alpha == 0:
        rate = torch.full(shape, mu, dtype=work, device=device)
    else:
        rate = _gamma(1 / alpha, shape, work, device) * (alpha * mu)
    return _poisson(rate.expand(shape)).to(dtype)


def _check_uniform(op, low, high):
    if not high >= low:
        raise MXNetError('{}: low must be less than or equal to high, got low={} and high={}'.format(op, low, high))


def _check_normal(op, loc, scale):
    if not scale > 0:
        raise MXNetError('{}: scale must be positive, got {}'.format(op, scale))


def _check_exponential(op, lam):
    if not lam > 0:
        raise MXNetError('{}: lam (the rate, 1/scale) must be positive, got {}'.format(op, lam))


def _check_gamma(op, alpha, beta):
    if not alpha > 0:
        raise MXNetError('{}: alpha must be positive, got {}'.format(op, alpha))
    if not beta > 0:
        raise MXNetError('{}: beta must be positive, got {}'.format(op, beta))


def _check_poisson(op, lam):
    if not lam >= 0:
        raise MXNetError('{}: lam must be non-negative, got {}'.format(op, lam))


def _check_negative_binomial(op, k, p):
    if not k >= 0:
        raise MXNetError('{}: k must be non-negative, got {}'.format(op, k))
    # MXNet accepts p = 0 and returns garbage; the distribution is undefined there
    if not p > 0:
        raise MXNetError('{}: p must be positive, got {}'.format(op, p))


def _check_generalized_negative_binomial(op, mu, alpha):
    if not mu >= 0:
        raise MXNetError('{}: mu must be non-negative, got {}'.format(op, mu))
    if not alpha >= 0:
        raise MXNetError('{}: alpha must be non-negative, got {}'.format(op, alpha))


class _Dist:
    """A distribution: its parameters' names, the check of scalar parameters, the sampler, and which
    scalar parameters MXNet wants as integers."""
    __slots__ = ('name', 'params', 'integer', 'check', 'draw')

    def __init__(self, name, params, check, draw, integer=()):
        self.name, self.params = name, params
        self.check, self.draw, self.integer = check, draw, integer


_UNIFORM = _Dist('uniform', ('low', 'high'), _check_uniform, _draw_uniform)
_NORMAL = _Dist('normal', ('loc', 'scale'), _check_normal, _draw_normal)
_EXPONENTIAL = _Dist('exponential', ('lam',), _check_exponential, _draw_exponential)
_GAMMA = _Dist('gamma', ('alpha', 'beta'), _check_gamma, _draw_gamma)
_POISSON = _Dist('poisson', ('lam',), _check_poisson, _draw_poisson)
_NEGATIVE_BINOMIAL = _Dist('negative_binomial', ('k', 'p'), _check_negative_binomial,
                           _draw_negative_binomial, integer=('k',))
_GENERALIZED_NEGATIVE_BINOMIAL = _Dist('generalized_negative_binomial', ('mu', 'alpha'),
                                       _check_generalized_negative_binomial, _draw_generalized_negative_binomial)


def _write_sample(out, sample):
    """Writes `sample` into the out= array; a csr/row_sparse one keeps its storage type (MXNet's fallback)."""
    write_dense = getattr(type(out), '_write_dense', None)
    if write_dense is None:
        out._t.copy_(sample)
    else:
        write_dense(out, sample)


# ---- the three ways of sampling: scalar parameters, array parameters, parameters with an array's shape ----
def _sample_scalar(op, dist, values, shape, dtype, ctx, out, shape_required=False):
    """Samples with scalar parameters, as MXNet's _random_<dist> operators."""
    values = [_number(op, n, v, integer=n in dist.integer) for n, v in zip(dist.params, values)]
    dist.check(op, *values)
    if out is not None and not isinstance(out, NDArray):
        raise TypeError('{}: out= must be an NDArray, got {}'.format(op, type(out).__name__))
    if shape is None:
        if out is None:
            if shape_required:
                raise MXNetError('{}: needs a shape (or out=) to know what to draw'.format(op))
            shape = (1,)
        else:
            shape = out.shape
    else:
        shape = _sample_shape(op, shape)
    if out is not None:
        if dtype is not None and _dtype(op, dtype, _FLOATS) is not out._t.dtype:
            raise MXNetError('{}: dtype {} does not match out= of dtype {}'.format(op, dtype, out.dtype))
        _dtype(op, out._t.dtype, _FLOATS)
        if tuple(shape) != out.shape:
            raise MXNetError('{}: out= has shape {} but the sample has shape {}'.format(op, out.shape, shape))
        _write_sample(out, dist.draw(*values, shape, out._t.dtype, out._t.device))
        return out
    ctx = _context(op, ctx)
    t = dist.draw(*values, shape, _dtype(op, dtype, _FLOATS), ctx.torch_device)
    return on_context(t, ctx)


class _ZeroGrad(torch.autograd.Function):
    """`value`, recorded as depending on `inputs` with zero gradient. MXNet does not differentiate a sample
    with respect to its distribution's parameters (torch would, by reparametrisation), nor a density with
    respect to a discrete sample, but a recorded result still reaches them (zero gradients)."""

    @staticmethod
    def forward(ctx, value, *inputs):
        ctx.shapes = [(p.shape, p.dtype, p.device) for p in inputs]
        return value.view_as(value)

    @staticmethod
    def backward(ctx, grad):
        return (grad,) + tuple(torch.zeros(s, dtype=d, device=dev) for s, d, dev in ctx.shapes)


def _zero_grad_to(value, *inputs):
    """`value` linked to those of `inputs` that require grad, with zero gradient (see _ZeroGrad)."""
    needing = [t for t in inputs if t.requires_grad]
    return _ZeroGrad.apply(value, *needing) if needing else value


def _sample_tensor(op, dist, params, shape=None, dtype=None):
    """Samples with array parameters (tensors), as MXNet's _sample_<dist> operators: `shape` samples per
    element, the result of shape ``params[0].shape + shape``."""
    first = params[0]
    for name, p in zip(dist.params, params):
        if p is None:
            raise MXNetError('{}: expects {} input array(s) ({}), parameter {} is missing'.format(
                op, len(dist.params), ', '.join(dist.params), name))
        if not isinstance(p, Tensor):
            raise MXNetError('{}: parameter {} must be an NDArray like {}, got {}'.format(
                op, name, dist.params[0], type(p).__name__))
        if p.shape != first.shape:
            raise MXNetError('{}: the parameters must have the same shape, got {} and {}'.format(
                op, tuple(first.shape), tuple(p.shape)))
        if p.dtype is not first.dtype:
            raise MXNetError('{}: the parameters must have the same dtype, got {} and {}'.format(
                op, TORCH_TO_NAME.get(first.dtype), TORCH_TO_NAME.get(p.dtype)))
    if first.dim() == 0 or first.numel() == 0:
        raise MXNetError('{}: the parameters must be non-empty arrays, got shape {}'.format(op, tuple(first.shape)))
    extra = () if shape is None else _shape(op, shape)
    out_dtype = _dtype(op, dtype, _FLOATS)
    out_shape = tuple(first.shape) + extra
    work = _work_dtype(out_dtype)
    view = tuple(first.shape) + (1,) * len(extra)
    sample = dist.draw(*[p.detach().to(work).reshape(view) for p in params], out_shape, out_dtype, first.device)
    return _zero_grad_to(sample, *params)


def _sample_like(op, dist, data, values):
    """Samples with scalar parameters and the shape, dtype and device of `data`."""
    if not data.is_floating_point():
        raise MXNetError('{}: only floating-point arrays are supported, got {}'.format(
            op, TORCH_TO_NAME.get(data.dtype, data.dtype)))
    values = [_number(op, n, v, integer=n in dist.integer) for n, v in zip(dist.params, values)]
    dist.check(op, *values)
    return dist.draw(*values, tuple(data.shape), data.dtype, data.device)


def _dispatch(op, dist, params, shape, dtype, ctx, out, kwargs):
    """mx.nd.random.<dist>: array parameters sample per element, numbers draw `shape` samples."""
    _no_extra(op, kwargs)
    if isinstance(params[0], NDArray):
        for p in params[1:]:
            if not isinstance(p, NDArray):
                raise AssertionError('Distribution parameters must all have the same type, but got both {} '
                                     'and {}.'.format(type(params[0]), type(p)))
        if dtype is None and out is not None:
            dtype = out._t.dtype
        result = _sample_tensor(op, dist, [p._t for p in params], shape, dtype)
        if out is not None:
            return registry._write_out(result, out, op)
        return _wrap(result)
    if isinstance(params[0], numbers.Real):
        for p in params[1:]:
            if not isinstance(p, numbers.Real):
                raise AssertionError('Distribution parameters must all have the same type, but got both {} '
                                     'and {}.'.format(type(params[0]), type(p)))
        return _sample_scalar(op, dist, params, shape, dtype, ctx, out)
    raise ValueError('Distribution parameters must be either NDArray or numbers, but got {}.'.format(
        type(params[0])))


# ---- mx.nd.random ----------------------------------------------------------------------------------------
@register(namespace='random', raw=True)
def uniform(low=0, high=1, shape=None, dtype=None, ctx=None, out=None, **kwargs):
    """Draws samples from a uniform distribution on the half-open interval [low, high).

    Parameters
    ----------
    low : float or NDArray, default 0
        Lower boundary of the interval (included).
    high : float or NDArray, default 1
        Upper boundary of the interval (excluded).
    shape : int or tuple of ints, optional
        Number of samples: with scalar `low`, `high` the result has this shape (default (1,)); with
        NDArrays of shape ``(x, y)`` it has shape ``(x, y) + shape``, samples drawn per element.
    dtype : {'float16', 'float32', 'float64'}, default 'float32'
        Data type of the samples.
    ctx : Context, optional
        Device of the result when the parameters are scalars (default: the current context).
    out : NDArray, optional
        Store the samples here.

    Returns
    -------
    NDArray
        The samples.

    Examples
    --------
    >>> mx.nd.random.uniform(0, 1, shape=(2,))
    >>> mx.nd.random.uniform(mx.nd.array([0, 5]), mx.nd.array([1, 6]), shape=3)   # shape (2, 3)
    """
    return _dispatch('uniform', _UNIFORM, (low, high), shape, dtype, ctx, out, kwargs)


@register(namespace='random', raw=True)
def normal(loc=0, scale=1, shape=None, dtype=None, ctx=None, out=None, **kwargs):
    """Draws samples from a normal (Gaussian) distribution with mean `loc` and standard deviation `scale`.

    Parameters
    ----------
    loc : float or NDArray, default 0
        Mean of the distribution.
    scale : float or NDArray, default 1
        Standard deviation (a positive number).
    shape : int or tuple of ints, optional
        Number of samples: the result's shape for scalar parameters (default (1,)), else appended to the
        parameters' shape.
    dtype : {'float16', 'float32', 'float64'}, default 'float32'
        Data type of the samples.
    ctx : Context, optional
        Device of the result when the parameters are scalars (default: the current context).
    out : NDArray, optional
        Store the samples here.
    """
    return _dispatch('normal', _NORMAL, (loc, scale), shape, dtype, ctx, out, kwargs)


@register(namespace='random', raw=True)
def randn(*shape, **kwargs):
    """Draws samples from a normal distribution, the shape given as positional arguments.

    Parameters
    ----------
    *shape : int
        The shape of the samples (appended to the parameters' shape for NDArray parameters).
    loc : float or NDArray, default 0
        Mean of the distribution.
    scale : float or NDArray, default 1
        Standard deviation.
    dtype : {'float16', 'float32', 'float64'}, default 'float32'
        Data type of the samples.
    ctx : Context, optional
        Device of the result (default: the current context).
    out : NDArray, optional
        Store the samples here.

    Examples
    --------
    >>> mx.nd.random.randn(2, 3)    # shape (2, 3)
    """
    loc = kwargs.pop('loc', 0)
    scale = kwargs.pop('scale', 1)
    dtype = kwargs.pop('dtype', None)
    ctx = kwargs.pop('ctx', None)
    out = kwargs.pop('out', None)
    if not isinstance(loc, (numbers.Real, NDArray)) or not isinstance(scale, (numbers.Real, NDArray)):
        raise AssertionError('randn: loc and scale must be numbers or NDArrays')
    if not shape and not isinstance(loc, NDArray) and out is None:
        # MXNet passes the empty shape on, which it cannot draw
        raise MXNetError('randn: needs a shape, e.g. randn(2, 3)')
    return _dispatch('randn', _NORMAL, (loc, scale), shape if shape else None, dtype, ctx, out, kwargs)


@register(namespace='random', raw=True)
def randint(low, high, shape=None, dtype=None, ctx=None, out=None, **kwargs):
    """Draws random integers uniformly from the half-open interval [low, high).

    Parameters
    ----------
    low : int
        Lowest integer that can be drawn.
    high : int
        One above the largest integer that can be drawn (greater than `low`).
    shape : int or tuple of ints, optional
        Shape of the result (default (1,)).
    dtype : {'int32', 'int64'}, default 'int32'
        Data type of the samples.
    ctx : Context, optional
        Device of the result (default: the current context).
    out : NDArray, optional
        Store the samples here.
    """
    op = 'randint'
    _no_extra(op, kwargs)
    if isinstance(low, NDArray) or isinstance(high, NDArray):
        raise TypeError('randint: low and high must be integers; randint has no per-element (NDArray) form')
    return _randint(op, low, high, shape, dtype, ctx, out, shape_required=False)


def _randint(op, low, high, shape, dtype, ctx, out, shape_required):
    low = _number(op, 'low', low, integer=True)
    high = _number(op, 'high', high, integer=True)
    # MXNet checks high >= low and then divides by zero for high == low
    if not high > low:
        raise MXNetError('{}: high must be greater than low, got low={} and high={}'.format(op, low, high))
    if out is not None:
        if not isinstance(out, NDArray):
            raise TypeError('{}: out= must be an NDArray, got {}'.format(op, type(out).__name__))
        dt = _dtype(op, out._t.dtype, _INTS)
        if dtype is not None and _dtype(op, dtype, _INTS) is not dt:
            raise MXNetError('{}: dtype {} does not match out= of dtype {}'.format(op, dtype, out.dtype))
        shape = out.shape if shape is None else _shape(op, shape)
        if tuple(shape) != out.shape:
            raise MXNetError('{}: out= has shape {} but the sample has shape {}'.format(op, out.shape, shape))
        _write_sample(out, torch.randint(low, high, shape, dtype=dt, device=out._t.device))
        return out
    if shape is None:
        if shape_required:
            raise MXNetError('{}: needs a shape (or out=) to know what to draw'.format(op))
        shape = (1,)
    shape = _sample_shape(op, shape)
    ctx = _context(op, ctx)
    t = torch.randint(low, high, shape, dtype=_dtype(op, dtype, _INTS, torch.int32), device=ctx.torch_device)
    return on_context(t, ctx)


@register(namespace='random', raw=True)
def exponential(scale=1, shape=None, dtype=None, ctx=None, out=None, **kwargs):
    """Draws samples from an exponential distribution with mean `scale` (rate ``1/scale``).

    Parameters
    ----------
    scale : float or NDArray, default 1
        The scale (mean) of the distribution, positive.
    shape : int or tuple of ints, optional
        Number of samples: the result's shape for a scalar `scale` (default (1,)), else appended to its
        shape.
    dtype : {'float16', 'float32', 'float64'}, default 'float32'
        Data type of the samples.
    ctx : Context, optional
        Device of the result (default: the current context).
    out : NDArray, optional
        Store the samples here.
    """
    return _dispatch('exponential', _EXPONENTIAL, (1.0 / scale,), shape, dtype, ctx, out, kwargs)


@register(namespace='random', raw=True)
def gamma(alpha=1, beta=1, shape=None, dtype=None, ctx=None, out=None, **kwargs):
    """Draws samples from a gamma distribution with shape `alpha` and scale `beta` (mean ``alpha * beta``).

    Parameters
    ----------
    alpha : float or NDArray, default 1
        The shape of the distribution, positive.
    beta : float or NDArray, default 1
        The scale of the distribution, positive.
    shape : int or tuple of ints, optional
        Number of samples: the result's shape for scalar parameters (default (1,)), else appended to
        their shape.
    dtype : {'float16', 'float32', 'float64'}, default 'float32'
        Data type of the samples.
    ctx : Context, optional
        Device of the result (default: the current context).
    out : NDArray, optional
        Store the samples here.
    """
    return _dispatch('gamma', _GAMMA, (alpha, beta), shape, dtype, ctx, out, kwargs)


@register(namespace='random', raw=True)
def poisson(lam=1, shape=None, dtype=None, ctx=None, out=None, **kwargs):
    """Draws samples from a Poisson distribution with rate `lam` (the samples are integers stored in a
    floating-point dtype).

    Parameters
    ----------
    lam : float or NDArray, default 1
        The rate (mean) of the distribution, non-negative.
    shape : int or tuple of ints, optional
        Number of samples: the result's shape for a scalar `lam` (default (1,)), else appended to its shape.
    dtype : {'float16', 'float32', 'float64'}, default 'float32'
        Data type of the samples.
    ctx : Context, optional
        Device of the result (default: the current context).
    out : NDArray, optional
        Store the samples here.
    """
    return _dispatch('poisson', _POISSON, (lam,), shape, dtype, ctx, out, kwargs)


@register(namespace='random', raw=True)
def negative_binomial(k=1, p=1, shape=None, dtype=None, ctx=None, out=None, **kwargs):
    """Draws samples from a negative binomial distribution: the number of failures before the `k`-th
    success in trials that succeed with probability `p` (mean ``k (1 - p) / p``).

    Parameters
    ----------
    k : int or NDArray, default 1
        Number of successes, non-negative (an integer when scalar).
    p : float or NDArray, default 1
        Success probability of each trial.
    shape : int or tuple of ints, optional
        Number of samples: the result's shape for scalar parameters (default (1,)), else appended to
        their shape.
    dtype : {'float16', 'float32', 'float64'}, default 'float32'
        Data type of the samples.
    ctx : Context, optional
        Device of the result (default: the current context).
    out : NDArray, optional
        Store the samples here.
    """
    return _dispatch('negative_binomial', _NEGATIVE_BINOMIAL, (k, p), shape, dtype, ctx, out, kwargs)


@register(namespace='random', raw=True)
def generalized_negative_binomial(mu=1, alpha=1, shape=None, dtype=None, ctx=None, out=None, **kwargs):
    """Draws samples from a generalized negative binomial distribution with mean `mu` and dispersion
    `alpha` (variance ``mu + alpha * mu**2``; Poisson for ``alpha = 0``).

    Parameters
    ----------
    mu : float or NDArray, default 1
        Mean of the distribution, non-negative.
    alpha : float or NDArray, default 1
        Dispersion, non-negative.
    shape : int or tuple of ints, optional
        Number of samples: the result's shape for scalar parameters (default (1,)), else appended to
        their shape.
    dtype : {'float16', 'float32', 'float64'}, default 'float32'
        Data type of the samples.
    ctx : Context, optional
        Device of the result (default: the current context).
    out : NDArray, optional
        Store the samples here.
    """
    return _dispatch('generalized_negative_binomial', _GENERALIZED_NEGATIVE_BINOMIAL, (mu, alpha), shape,
                     dtype, ctx, out, kwargs)


def _multinomial(data, shape=None, get_prob=False, dtype='int32', op='multinomial'):
    if not isinstance(data, Tensor):
        raise MXNetError('{}: data must be an NDArray of probabilities, got {}'.format(op, type(data).__name__))
    if not data.is_floating_point():
        raise MXNetError('{}: the probabilities must be a floating-point array, got {}'.format(
            op, TORCH_TO_NAME.get(data.dtype, data.dtype)))
    if data.dim() == 0 or data.numel() == 0:
        raise MXNetError('{}: the probabilities must be a non-empty array, got shape {}'.format(op, tuple(data.shape)))
    out_dtype = _dtype(op, 'int32' if dtype is None else dtype, _MULTINOMIAL_DTYPES)
    extra = () if shape is None else _shape(op, shape)
    batch = tuple(data.shape[:-1])
    if not batch and not extra:
        out_shape = (1,)
    else:
        out_shape = batch + extra
    n = math.prod(extra) if extra else 1
    probs = data.detach()
    # MXNet's inverse-CDF sampling on the unnormalised cumulative sums: category i where the running
    # sum first reaches a uniform number (K when the sums stay below it)
    cum = probs.to(_F64 if probs.dtype is _F64 else _F32).cumsum(-1)
    u = torch.rand(batch + (n,), dtype=cum.dtype, device=data.device)
    idx = torch.searchsorted(cum, u).reshape(out_shape)
    sample = idx.to(out_dtype)
    if not as_bool(get_prob):
        return sample
    k = data.shape[-1]
    picked = torch.gather(data, -1, idx.clamp(max=k - 1).reshape(batch + (n,)))
    return sample, torch.log(picked).reshape(out_shape)


@register(namespace='random')
def multinomial(data, shape=None, get_prob=False, dtype='int32'):
    """Draws category indices from multinomial (categorical) distributions.

    The last axis of `data` holds the probabilities of the categories (they should sum to 1); the leading
    axes are separate distributions.

    Parameters
    ----------
    data : NDArray
        Probabilities, shape ``(..., k)``.
    shape : int or tuple of ints, optional
        Number of samples per distribution: the result has shape ``data.shape[:-1] + shape`` (``(1,)``
        for one distribution and no shape).
    get_prob : bool, default False
        Also return the log-probability of each drawn category (differentiable with respect to `data`,
        for REINFORCE-style training).
    dtype : {'int32', 'uint8', 'float16', 'float32', 'float64'}, default 'int32'
        Data type of the indices.
    out : NDArray, optional
        Store the samples here.

    Returns
    -------
    NDArray or list of NDArrays
        The indices, and with `get_prob` their log-probabilities.
    """
    return _multinomial(data, shape, get_prob, dtype)


@register(namespace='random')
@register('shuffle')
def _shuffle(data):
    """Randomly shuffles the elements of an array along its first axis (a new array is returned).

    Parameters
    ----------
    data : NDArray
        The array to shuffle; for N-D arrays the order of the sub-arrays along the first axis changes,
        their contents do not.
    """
    if data.dim() == 0:
        raise MXNetError('shuffle: the input must have at least one dimension')
    return data[torch.randperm(data.shape[0], device=data.device)]


@register(namespace='random')
def uniform_like(data, low=0.0, high=1.0):
    """Samples from a uniform distribution on [low, high), with the shape, dtype and device of `data`."""
    return _sample_like('uniform_like', _UNIFORM, data, (low, high))


@register(namespace='random')
def normal_like(data, loc=0.0, scale=1.0):
    """Samples from a normal distribution, with the shape, dtype and device of `data`."""
    return _sample_like('normal_like', _NORMAL, data, (loc, scale))


@register(namespace='random')
def exponential_like(data, lam=1.0):
    """Samples from an exponential distribution with rate `lam`, with the shape, dtype and device of
    `data`."""
    return _sample_like('exponential_like', _EXPONENTIAL, data, (lam,))


@register(namespace='random')
def gamma_like(data, alpha=1.0, beta=1.0):
    """Samples from a gamma distribution (shape `alpha`, scale `beta`), with the shape, dtype and device of
    `data`."""
    return _sample_like('gamma_like', _GAMMA, data, (alpha, beta))


@register(namespace='random')
def poisson_like(data, lam=1.0):
    """Samples from a Poisson distribution, with the shape, dtype and device of `data`."""
    return _sample_like('poisson_like', _POISSON, data, (lam,))


@register(namespace='random')
def negative_binomial_like(data, k=1, p=1.0):
    """Samples from a negative binomial distribution, with the shape, dtype and device of `data`."""
    return _sample_like('negative_binomial_like', _NEGATIVE_BINOMIAL, data, (k, p))


@register(namespace='random')
def generalized_negative_binomial_like(data, mu=1.0, alpha=1.0):
    """Samples from a generalized negative binomial distribution, with the shape, dtype and device of
    `data`."""
    return _sample_like('generalized_negative_binomial_like', _GENERALIZED_NEGATIVE_BINOMIAL, data, (mu, alpha))


# ---- legacy top-level samplers of mx.nd: random_<dist> (scalars) and sample_<dist> (arrays) -------------
# MXNet's operators behind mx.nd.random.*; unlike those frontends the random_* ones need a shape (or out=).
def _legacy(op, dist, values, shape, ctx, dtype, out):
    return _sample_scalar(op, dist, values, shape, dtype, ctx, out, shape_required=True)


@register('random_uniform', raw=True, aliases=('uniform',))
def _random_uniform(low=0.0, high=1.0, shape=None, ctx=None, dtype=None, out=None, name=None):
    """Draws samples from the uniform distribution on [low, high) into an array of `shape` on `ctx`
    (see mx.nd.random.uniform)."""
    return _legacy('random_uniform', _UNIFORM, (low, high), shape, ctx, dtype, out)


@register('random_normal', raw=True, aliases=('normal',))
def _random_normal(loc=0.0, scale=1.0, shape=None, ctx=None, dtype=None, out=None, name=None):
    """Draws samples from the normal distribution N(loc, scale**2) into an array of `shape` on `ctx`
    (see mx.nd.random.normal)."""
    return _legacy('random_normal', _NORMAL, (loc, scale), shape, ctx, dtype, out)


@register('random_exponential', raw=True)
def _random_exponential(lam=1.0, shape=None, ctx=None, dtype=None, out=None, name=None):
    """Draws samples from the exponential distribution with rate `lam` into an array of `shape` on `ctx`
    (see mx.nd.random.exponential, which takes the scale 1/lam)."""
    return _legacy('random_exponential', _EXPONENTIAL, (lam,), shape, ctx, dtype, out)


@register('random_gamma', raw=True)
def _random_gamma(alpha=1.0, beta=1.0, shape=None, ctx=None, dtype=None, out=None, name=None):
    """Draws samples from the gamma distribution with shape `alpha` and scale `beta` into an array of
    `shape` on `ctx` (see mx.nd.random.gamma)."""
    return _legacy('random_gamma', _GAMMA, (alpha, beta), shape, ctx, dtype, out)


@register('random_poisson', raw=True)
def _random_poisson(lam=1.0, shape=None, ctx=None, dtype=None, out=None, name=None):
    """Draws samples from the Poisson distribution with rate `lam` into an array of `shape` on `ctx`
    (see mx.nd.random.poisson)."""
    return _legacy('random_poisson', _POISSON, (lam,), shape, ctx, dtype, out)


@register('random_negative_binomial', raw=True)
def _random_negative_binomial(k=1, p=1.0, shape=None, ctx=None, dtype=None, out=None, name=None):
    """Draws samples from the negative binomial distribution (k successes, success probability p) into an
    array of `shape` on `ctx` (see mx.nd.random.negative_binomial)."""
    return _legacy('random_negative_binomial', _NEGATIVE_BINOMIAL, (k, p), shape, ctx, dtype, out)


@register('random_generalized_negative_binomial', raw=True)
def _random_generalized_negative_binomial(mu=1.0, alpha=1.0, shape=None, ctx=None, dtype=None, out=None,
                                          name=None):
    """Draws samples from the generalized negative binomial distribution (mean mu, dispersion alpha) into
    an array of `shape` on `ctx` (see mx.nd.random.generalized_negative_binomial)."""
    return _legacy('random_generalized_negative_binomial', _GENERALIZED_NEGATIVE_BINOMIAL, (mu, alpha), shape,
                   ctx, dtype, out)


@register('random_randint', raw=True)
def _random_randint(low=None, high=None, shape=None, ctx=None, dtype=None, out=None, name=None):
    """Draws random integers from [low, high) into an array of `shape` on `ctx` (see
    mx.nd.random.randint)."""
    if low is None or high is None:
        raise MXNetError('random_randint: the parameters low and high are required')
    return _randint('random_randint', low, high, shape, dtype, ctx, out, shape_required=True)


@register('sample_uniform')
def _sample_uniform(low=None, high=None, shape=None, dtype=None):
    """Draws `shape` samples from uniform distributions on [low[i], high[i]) per element of the arrays
    `low` and `high`; the result has shape ``low.shape + shape``."""
    return _sample_tensor('sample_uniform', _UNIFORM, [low, high], shape, dtype)


@register('sample_normal')
def _sample_normal(mu=None, sigma=None, shape=None, dtype=None):
    """Draws `shape` samples from normal distributions N(mu[i], sigma[i]**2) per element of the arrays
    `mu` and `sigma`; the result has shape ``mu.shape + shape``."""
    return _sample_tensor('sample_normal', _NORMAL, [mu, sigma], shape, dtype)


@register('sample_exponential')
def _sample_exponential(lam=None, shape=None, dtype=None):
    """Draws `shape` samples from exponential distributions with rates lam[i] per element of `lam`; the
    result has shape ``lam.shape + shape``."""
    return _sample_tensor('sample_exponential', _EXPONENTIAL, [lam], shape, dtype)


@register('sample_gamma')
def _sample_gamma(alpha=None, beta=None, shape=None, dtype=None):
    """Draws `shape` samples from gamma distributions (shape alpha[i], scale beta[i]) per element of the
    arrays `alpha` and `beta`; the result has shape ``alpha.shape + shape``."""
    return _sample_tensor('sample_gamma', _GAMMA, [alpha, beta], shape, dtype)


@register('sample_poisson')
def _sample_poisson(lam=None, shape=None, dtype=None):
    """Draws `shape` samples from Poisson distributions with rates lam[i] per element of `lam`; the
    result has shape ``lam.shape + shape``."""
    return _sample_tensor('sample_poisson', _POISSON, [lam], shape, dtype)


@register('sample_negative_binomial')
def _sample_negative_binomial(k=None, p=None, shape=None, dtype=None):
    """Draws `shape` samples from negative binomial distributions (k[i], p[i]) per element of the arrays
    `k` and `p`; the result has shape ``k.shape + shape``."""
    return _sample_tensor('sample_negative_binomial', _NEGATIVE_BINOMIAL, [k, p], shape, dtype)


@register('sample_generalized_negative_binomial')
def _sample_generalized_negative_binomial(mu=None, alpha=None, shape=None, dtype=None):
    """Draws `shape` samples from generalized negative binomial distributions (mu[i], alpha[i]) per
    element of the arrays `mu` and `alpha`; the result has shape ``mu.shape + shape``."""
    return _sample_tensor('sample_generalized_negative_binomial', _GENERALIZED_NEGATIVE_BINOMIAL, [mu, alpha],
                          shape, dtype)


@register('sample_multinomial')
def _sample_multinomial(data=None, shape=None, get_prob=False, dtype=None):
    """Draws category indices from the multinomial distributions in the last axis of `data` (see
    mx.nd.random.multinomial)."""
    return _multinomial(data, shape, get_prob, dtype, op='sample_multinomial')


# ---- densities: random_pdf_<dist> ------------------------------------------------------------------------
def _pdf_params(op, sample, params, names, vector=False):
    """The parameters viewed to broadcast against `sample`: they share one shape, which is the leading
    part of the sample's shape (for a vector parameter, the leading part and the last axis)."""
    tensors = (sample,) + tuple(params)
    for name, t in zip(('sample',) + names, tensors):
        if not isinstance(t, Tensor):
            raise MXNetError('{}: {} must be an NDArray, got {}'.format(op, name, type(t).__name__))
        if not t.is_floating_point():
            raise MXNetError('{}: only floating-point arrays are supported, {} is {}'.format(
                op, name, TORCH_TO_NAME.get(t.dtype, t.dtype)))
        if t.dtype is not sample.dtype:
            raise MXNetError('{}: {} has dtype {} but sample has dtype {}'.format(
                op, name, TORCH_TO_NAME.get(t.dtype), TORCH_TO_NAME.get(sample.dtype)))
    pshape = tuple(params[0].shape)
    for name, p in zip(names, params):
        if tuple(p.shape) != pshape:
            raise MXNetError('{}: the parameters must have the same shape, got {} and {}'.format(
                op, pshape, tuple(p.shape)))
    sshape = tuple(sample.shape)
    lead = pshape[:-1] if vector else pshape
    ok = 1 <= len(pshape) <= len(sshape) and sshape[:len(lead)] == lead
    if vector and ok:
        ok = pshape[-1] == sshape[-1]
    if not ok or not sshape:
        raise MXNetError('{}: the parameters of shape {} do not fit samples of shape {} (the samples\' shape '
                         'must start with the parameters\' shape{})'.format(
                             op, pshape, sshape, ' and end with its last axis' if vector else ''))
    fill = (1,) * (len(sshape) - len(pshape))
    return [p.reshape(lead + fill + pshape[-1:]) if vector else p.reshape(pshape + fill) for p in params]


def _pdf_result(lpdf, is_log):
    return lpdf if as_bool(is_log) else torch.exp(lpdf)


def _nb_lpdf(x, k, p):
    return torch.lgamma(x + k) - torch.lgamma(x + 1) - torch.lgamma(k) + k * torch.log(p) + x * torch.log1p(-p)


@register('random_pdf_uniform')
def _random_pdf_uniform(sample=None, low=None, high=None, is_log=False):
    """Density of uniform distributions on [low, high) at `sample` (log-density with `is_log`); the
    parameters' shape is the leading part of the samples' shape, one distribution per leading index."""
    low, high = _pdf_params('random_pdf_uniform', sample, (low, high), ('low', 'high'))
    # constant in the sample (MXNet gives it no gradient); no support check, as in MXNet
    return _zero_grad_to(_pdf_result(torch.zeros_like(sample.detach()) - torch.log(high - low), is_log), sample)


@register('random_pdf_normal')
def _random_pdf_normal(sample=None, mu=None, sigma=None, is_log=False):
    """Density of normal distributions N(mu, sigma**2) at `sample` (log-density with `is_log`); the
    parameters' shape is the leading part of the samples' shape."""
    mu, sigma = _pdf_params('random_pdf_normal', sample, (mu, sigma), ('mu', 'sigma'))
    z = (sample - mu) / sigma
    return _pdf_result(-0.5 * z * z - torch.log(sigma) - 0.5 * math.log(2 * math.pi), is_log)


@register('random_pdf_gamma')
def _random_pdf_gamma(sample=None, alpha=None, beta=None, is_log=False):
    """Density of gamma distributions with shape `alpha` and rate `beta` at `sample` (log-density with
    `is_log`); the parameters' shape is the leading part of the samples' shape."""
    alpha, beta = _pdf_params('random_pdf_gamma', sample, (alpha, beta), ('alpha', 'beta'))
    lpdf = alpha * torch.log(beta) + (alpha - 1) * torch.log(sample) - beta * sample - torch.lgamma(alpha)
    return _pdf_result(lpdf, is_log)


@register('random_pdf_exponential')
def _random_pdf_exponential(sample=None, lam=None, is_log=False):
    """Density of exponential distributions with rate `lam` at `sample` (log-density with `is_log`); the
    parameter's shape is the leading part of the samples' shape."""
    lam, = _pdf_params('random_pdf_exponential', sample, (lam,), ('lam',))
    return _pdf_result(torch.log(lam) - lam * sample, is_log)


@register('random_pdf_poisson')
def _random_pdf_poisson(sample=None, lam=None, is_log=False):
    """Probability of `sample` under Poisson distributions with rate `lam` (log with `is_log`); the
    parameter's shape is the leading part of the samples' shape. Samples are counts: no gradient."""
    lam, = _pdf_params('random_pdf_poisson', sample, (lam,), ('lam',))
    x = sample.detach()
    return _zero_grad_to(_pdf_result(x * torch.log(lam) - torch.lgamma(x + 1) - lam, is_log), sample)


@register('random_pdf_negative_binomial')
def _random_pdf_negative_binomial(sample=None, k=None, p=None, is_log=False):
    """Probability of `sample` under negative binomial distributions (k successes, success probability
    p; log with `is_log`); the parameters' shape is the leading part of the samples' shape."""
    k, p = _pdf_params('random_pdf_negative_binomial', sample, (k, p), ('k', 'p'))
    return _zero_grad_to(_pdf_result(_nb_lpdf(sample.detach(), k, p), is_log), sample)


@register('random_pdf_generalized_negative_binomial')
def _random_pdf_generalized_negative_binomial(sample=None, mu=None, alpha=None, is_log=False):
    """Probability of `sample` under generalized negative binomial distributions (mean mu, dispersion
    alpha; log with `is_log`); the parameters' shape is the leading part of the samples' shape."""
    mu, alpha = _pdf_params('random_pdf_generalized_negative_binomial', sample, (mu, alpha), ('mu', 'alpha'))
    # the negative binomial with k = 1/alpha and p = 1/(1 + mu*alpha)
    return _zero_grad_to(_pdf_result(_nb_lpdf(sample.detach(), 1 / alpha, 1 / (mu * alpha + 1)), is_log), sample)


@register('random_pdf_dirichlet')
def _random_pdf_dirichlet(sample=None, alpha=None, is_log=False):
    """Density of Dirichlet distributions with concentrations `alpha` (last axis) at `sample` (vectors in
    the last axis; log-density with `is_log`). The result has the samples' shape without the last axis
    ((1,) for a single sample)."""
    alpha, = _pdf_params('random_pdf_dirichlet', sample, (alpha,), ('alpha',), vector=True)
    lpdf = ((alpha - 1) * torch.log(sample)).sum(-1) + torch.lgamma(alpha.sum(-1)) - torch.lgamma(alpha).sum(-1)
    return _pdf_result(lpdf.reshape(1) if lpdf.dim() == 0 else lpdf, is_log)


# ---- _sample_unique_zipfian --------------------------------------------------------------------------------
def _unique_draws(log_range, range_max, count):
    """Draws ``round(exp(u * log(range_max))) - 1`` (u uniform in [0, 1), MXNet's kernel) until `count`
    distinct classes came up: the distinct classes in the order they first came up, and how many draws
    that took."""
    chunk = max(2 * count, 64)
    draws = torch.empty((0,), dtype=torch.int64)
    while True:
        more = torch.empty((chunk,), dtype=torch.float64).uniform_(0, log_range)
        # round half away from zero, as C's lround (exp(.) >= 1)
        draws = torch.cat([draws, torch.floor(more.exp() + 0.5).to(torch.int64) - 1])
        values, inverse = torch.unique(draws, return_inverse=True)
        if values.numel() >= count:
            break
    # the first draw of each class, in draw order; the count-th of them ends the trials
    first = torch.full((values.numel(),), draws.numel(), dtype=torch.int64)
    first.scatter_reduce_(0, inverse, torch.arange(draws.numel()), reduce='amin')
    order = torch.sort(first).values[:count]
    return draws[order], int(order[-1]) + 1


@register('_sample_unique_zipfian', namespace='_internal')
def _sample_unique_zipfian(range_max=None, shape=None):
    """Draws, for each of ``shape[0]`` rows, ``shape[1]`` distinct classes of [0, range_max) from an
    approximately Zipfian (log-uniform) law, without replacement: classes are drawn until that many
    distinct ones came up. Returns the classes (int64, in the order they came up) and the number of draws
    each row took (int64, shape ``(shape[0],)``).

    The law is that of MXNet's kernel, ``round(exp(u * log(range_max))) - 1`` for u uniform in [0, 1):
    ``P(k) = (log(min(k + 1.5, range_max)) - log(max(k + 0.5, 1))) / log(range_max)``, close to the
    ``(log(k + 2) - log(k + 1)) / log(range_max + 1)`` its documentation gives."""
    op = '_sample_unique_zipfian'
    if range_max is None:
        raise MXNetError('{}: Required parameter range_max of int is not presented'.format(op))
    range_max = int(range_max)
    shape = as_tuple(shape, op_name=op, what='shape')
    if len(shape) != 2:
        raise MXNetError('{}: Check failed: param.shape.ndim() == 2U ({} vs. 2) : the shape must be 2-D '
                         '(batch_size, num_sampled)'.format(op, len(shape)))
    batch, count = shape
    if count > range_max:
        raise MXNetError('{}: Check failed: num_sampled <= param.range_max ({} vs. {}) : Number of samples '
                         'cannot exceed the number of possible classes'.format(op, count, range_max))
    log_range = math.log(range_max)
    samples = torch.empty(shape, dtype=torch.int64)
    tries = torch.empty((batch,), dtype=torch.int64)
    for i in range(batch):
        if count:
            samples[i], tries[i] = _unique_draws(log_range, range_max, count)
        else:
            tries[i] = 0
    device = current_context().torch_device
    return samples.to(device), tries.to(device)
