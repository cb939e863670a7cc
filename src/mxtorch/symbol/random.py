"""``mx.sym.random``: random samplers as graph nodes.

Each sampler takes its distribution's parameters either as numbers (a ``_random_<name>`` node drawing an
array of ``shape``) or as Symbols of equal shape (a ``_sample_<name>`` node drawing ``shape`` values per
element), as MXNet's do; mixing the two is an error."""
import numbers

from .symbol import Symbol
from . import register as _register
from .register import _Null

__all__ = ['uniform', 'normal', 'randn', 'poisson', 'exponential', 'gamma', 'multinomial', 'negative_binomial',
           'generalized_negative_binomial', 'shuffle', 'randint']

globals().update(_register.module_functions('random'))


def _draw(kind, params, shape, dtype, kwargs, arrays_allowed=True):
    first = params[0]
    if isinstance(first, Symbol) and not arrays_allowed:
        raise TypeError('{} takes numbers for its parameters, not Symbols'.format(kind))
    if isinstance(first, Symbol):
        node = '_sample_' + kind
        same = Symbol
    elif isinstance(first, numbers.Number):
        node = '_random_' + kind
        same = numbers.Number
    else:
        raise ValueError('Distribution parameters must be either Symbol or numbers, but got %s.' % type(first))
    for other in params[1:]:
        if not isinstance(other, same):
            raise AssertionError('Distribution parameters must all have the same type, but got both %s and %s.'
                                 % (type(first), type(other)))
    return _register.function('_internal.' + node)(*params, shape=shape, dtype=dtype, **kwargs)


def uniform(low=0, high=1, shape=_Null, dtype=_Null, **kwargs):
    """Values drawn uniformly from [low, high)."""
    return _draw('uniform', [low, high], shape, dtype, kwargs)


def normal(loc=0, scale=1, shape=_Null, dtype=_Null, **kwargs):
    """Values drawn from the normal distribution of mean `loc` and deviation `scale`."""
    return _draw('normal', [loc, scale], shape, dtype, kwargs)


def randn(*shape, **kwargs):
    """Normal values of the shape given positionally (``loc``, ``scale`` and ``dtype`` by keyword)."""
    loc, scale, dtype = kwargs.pop('loc', 0), kwargs.pop('scale', 1), kwargs.pop('dtype', _Null)
    for value in (loc, scale):
        if not isinstance(value, (int, float, Symbol)):
            raise AssertionError('randn: loc and scale must be numbers or Symbols, got {!r}'.format(value))
    return _draw('normal', [loc, scale], shape, dtype, kwargs)


def poisson(lam=1, shape=_Null, dtype=_Null, **kwargs):
    """Values drawn from the Poisson distribution of rate `lam`."""
    return _draw('poisson', [lam], shape, dtype, kwargs)


def exponential(scale=1, shape=_Null, dtype=_Null, **kwargs):
    """Values drawn from the exponential distribution of mean `scale` (the node takes the rate)."""
    return _draw('exponential', [1.0 / scale], shape, dtype, kwargs)


def gamma(alpha=1, beta=1, shape=_Null, dtype=_Null, **kwargs):
    """Values drawn from the gamma distribution of shape `alpha` and scale `beta`."""
    return _draw('gamma', [alpha, beta], shape, dtype, kwargs)


def negative_binomial(k=1, p=1, shape=_Null, dtype=_Null, **kwargs):
    """Failures before the `k`-th success of trials succeeding with probability `p`."""
    return _draw('negative_binomial', [k, p], shape, dtype, kwargs)


def generalized_negative_binomial(mu=1, alpha=1, shape=_Null, dtype=_Null, **kwargs):
    """Values drawn from the negative binomial distribution of mean `mu` and dispersion `alpha`."""
    return _draw('generalized_negative_binomial', [mu, alpha], shape, dtype, kwargs)


def multinomial(data, shape=_Null, get_prob=True, dtype='int32', **kwargs):
    """Category indices drawn from the distributions in the last axis of `data`."""
    return _register.function('_internal._sample_multinomial')(data, shape, get_prob, dtype=dtype, **kwargs)


def shuffle(data, **kwargs):
    """`data` with its first axis in random order."""
    return _register.function('_internal._shuffle')(data, **kwargs)


def randint(low, high, shape=_Null, dtype=_Null, **kwargs):
    """Integers drawn uniformly from [low, high)."""
    return _draw('randint', [low, high], shape, dtype, kwargs, arrays_allowed=False)
