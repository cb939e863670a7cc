"""``mx.np.random``: MXNet's NumPy-style samplers (the ``_npi_random`` entries of the operator table),
with MXNet's signatures. Distribution parameters are numbers or mx.np arrays; see ndarray/ops/np_random.py
for shapes, dtypes and gradients."""
from ._frontend import define

_NS = '_npi_random'
_SIGNATURES = {
    'uniform': ('low=0.0, high=1.0, size=None, dtype=None, ctx=None, out=None', ('low', 'high')),
    'normal': ('loc=0.0, scale=1.0, size=None, dtype=None, ctx=None, out=None', ('loc', 'scale')),
    'lognormal': ('mean=0.0, sigma=1.0, size=None, dtype=None, ctx=None, out=None', ('mean', 'sigma')),
    'logistic': ('loc=0.0, scale=1.0, size=None, ctx=None, out=None', ('loc', 'scale')),
    'gumbel': ('loc=0.0, scale=1.0, size=None, ctx=None, out=None', ('loc', 'scale')),
    'exponential': ('scale=1.0, size=None, ctx=None, out=None', ('scale',)),
    'rayleigh': ('scale=1.0, size=None, ctx=None, out=None', ('scale',)),
    'weibull': ('a, size=None, ctx=None, out=None', ('a',)),
    'pareto': ('a, size=None, ctx=None, out=None', ('a',)),
    'power': ('a, size=None', ('a',)),
    'gamma': ('shape, scale=1.0, size=None, dtype=None, ctx=None, out=None', ('shape', 'scale')),
    'beta': ('a, b, size=None, dtype=None, ctx=None', ('a', 'b')),
    'chisquare': ('df, size=None, dtype=None, ctx=None', ('df',)),
    'randint': ('low, high=None, size=None, dtype=None, ctx=None, out=None', ()),
    'choice': ('a, size=None, replace=True, p=None, ctx=None, out=None', ('a', 'p')),
    'multinomial': ('n, pvals, size=None, **kwargs', ('pvals',)),
    'multivariate_normal': ('mean, cov, size=None, check_valid=None, tol=None', ('mean', 'cov')),
    'shuffle': ('x', ('x',)),
}
for _name, (_signature, _params) in _SIGNATURES.items():
    globals()[_name] = define(_name, _signature, _name, namespace=_NS, loose=_params, ctx='ctx')


def rand(*size, **kwargs):
    """Uniform samples in [0, 1) of shape `size` (ints)."""
    return uniform(size=size, **kwargs)  # noqa: F821  (made above)


def randn(*size, **kwargs):
    """Standard normal samples of shape `size` (ints)."""
    return normal(size=size, **kwargs)  # noqa: F821  (made above)


__all__ = sorted(_SIGNATURES) + ['rand', 'randn']
del _name, _signature, _params
