"""``mx.sym.contrib``: MXNet's contributed operators (``_contrib_*``) as graph nodes, and the few functions
MXNet writes in Python over them. The control-flow functions (``foreach``, ``while_loop``, ``cond``) build
subgraphs, which mxtorch's graphs do not have yet: they raise NotProvidedError."""
import math

from .. import base as _base
from .symbol import Symbol, full
from . import register as _register
from .random import uniform

globals().update(_register.module_functions('contrib'))


def _expected_count(classes, range_max, num_sampled):
    # P(class c) of the log-uniform (Zipfian) sampler is log((c + 2) / (c + 1)) / log(range_max + 1)
    ratio = (classes + 2.0) / (classes + 1.0)
    return ratio.log() / math.log(range_max + 1) * num_sampled


def rand_zipfian(true_classes, num_sampled, range_max):
    """`num_sampled` classes drawn from [0, range_max) by the approximately Zipfian (log-uniform)
    distribution, with the expected counts of `true_classes` and of the drawn classes: (samples (int64),
    expected counts of the true classes, expected counts of the samples) (float64)."""
    if not isinstance(true_classes, Symbol):
        raise AssertionError('unexpected type %s' % type(true_classes))
    draws = uniform(0, math.log(range_max + 1), shape=(num_sampled,), dtype='float64')
    samples = (draws.exp() - 1).astype('int64') % range_max
    return (samples, _expected_count(true_classes.astype('float64'), range_max, num_sampled),
            _expected_count(samples.astype('float64'), range_max, num_sampled))


def _rescale(value):
    return value if isinstance(value, Symbol) else full(shape=(1,), val=value)


def adamw_update(weight, grad, mean, var, rescale_grad, lr, eta, beta1=0.9, beta2=0.999, epsilon=1e-8, wd=0,
                 clip_gradient=-1, out=None, name=None, **kwargs):
    """An AdamW step node; `rescale_grad` may be a number (it becomes a one-element Symbol)."""
    return _register.function('_internal._adamw_update')(
        weight=weight, grad=grad, mean=mean, var=var, rescale_grad=_rescale(rescale_grad), lr=lr, eta=eta,
        beta1=beta1, beta2=beta2, epsilon=epsilon, wd=wd, clip_gradient=clip_gradient, out=out, name=name,
        **kwargs)


def mp_adamw_update(weight, grad, mean, var, weight32, rescale_grad, lr, eta, beta1=0.9, beta2=0.999,
                    epsilon=1e-8, wd=0, clip_gradient=-1, out=None, name=None, **kwargs):
    """A multi-precision AdamW step node (float32 master weights `weight32`)."""
    return _register.function('_internal._mp_adamw_update')(
        weight=weight, grad=grad, mean=mean, var=var, weight32=weight32, rescale_grad=_rescale(rescale_grad),
        lr=lr, eta=eta, beta1=beta1, beta2=beta2, epsilon=epsilon, wd=wd, clip_gradient=clip_gradient, out=out,
        name=name, **kwargs)


_CONTROL_FLOW = ('foreach', 'while_loop', 'cond')
__getattr__ = _base.missing_names_getattr(__name__, 'mx.sym.contrib', _CONTROL_FLOW, {
    n: 'control flow needs subgraphs in Symbol graphs' for n in _CONTROL_FLOW})
