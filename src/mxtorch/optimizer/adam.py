"""Optimizers built on moment estimates: Adam, Adamax, Nadam, FTML, LAMB.

MXNet's Adam is not torch.optim.Adam: the weight decay joins the gradient before clipping, the bias
correction goes into the rate (``lr * sqrt(1 - beta2**t) / (1 - beta1**t)``), and epsilon is added to
``sqrt(v)`` of the uncorrected v. ``t`` counts the updates of each weight separately.
"""
import math
import os

import torch

from ..ndarray.ops.optimizer_update import _adam_step, _clipped, _ftml_step, _lamb_step, _rescaled
from .optimizer import Optimizer, register, _kernel_clip, _zeros_like

__all__ = ['Adam', 'Adamax', 'Nadam', 'FTML', 'LAMB']


def _slot(states, k):
    """The k-th tensor of every weight's state tuple."""
    return [s[k]._t for s in states]


def _moments(weight, n=2):
    """n zero buffers like `weight`: (mean, variance) and the like."""
    return tuple(_zeros_like(weight) for _ in range(n))


@register
class Adam(Optimizer):
    """Adam (Kingma and Ba, http://arxiv.org/abs/1412.6980) in MXNet's arithmetic::

        g = clip(rescale_grad * grad + wd * weight, clip_gradient)
        m = beta1 * m + (1 - beta1) * g
        v = beta2 * v + (1 - beta2) * g**2
        weight = weight - lr * sqrt(1 - beta2**t) / (1 - beta1**t) * m / (sqrt(v) + epsilon)

    Parameters
    ----------
    learning_rate : float, default 0.001
    beta1 : float, default 0.9
        Decay of the mean.
    beta2 : float, default 0.999
        Decay of the uncentered variance.
    epsilon : float, default 1e-8
        Keeps the denominator away from 0.
    lazy_update : bool, default True
        With a row_sparse gradient, update only the rows it stores (mean and variance included);
        False: the full update.
    """

    def __init__(self, learning_rate=0.001, beta1=0.9, beta2=0.999, epsilon=1e-8, lazy_update=True, **kwargs):
        super().__init__(learning_rate=learning_rate, **kwargs)
        self.beta1, self.beta2, self.epsilon = beta1, beta2, epsilon
        self.lazy_update = lazy_update

    def create_state(self, index, weight):
        return _moments(weight)

    def _lazy_sparse(self):
        return bool(self.lazy_update)

    def _step(self, weights, grads, states, lrs, wds, counts, indices):
        b1, b2 = self.beta1, self.beta2
        # MXNet hands adam_update the bias-corrected rate
        rates = [lr * math.sqrt(1. - b2 ** t) / (1. - b1 ** t) for lr, t in zip(lrs, counts)]
        _adam_step(weights, grads, _slot(states, 0), _slot(states, 1), rates, wds, self.rescale_grad,
                   _kernel_clip(self.clip_gradient), b1, b2, self.epsilon)


@register
class Adamax(Optimizer):
    """AdaMax, Adam with an infinity norm in place of the variance (the same paper, section 7)::

        g = clip(rescale_grad * grad + wd * weight, clip_gradient)
        m = beta1 * m + (1 - beta1) * g
        u = maximum(beta2 * u, abs(g))
        weight = weight - lr / (1 - beta1**t) * m / u

    Parameters
    ----------
    learning_rate : float, default 0.002
    beta1 : float, default 0.9
        Decay of the mean.
    beta2 : float, default 0.999
        Decay of the norm.
    """

    def __init__(self, learning_rate=0.002, beta1=0.9, beta2=0.999, **kwargs):
        super().__init__(learning_rate=learning_rate, **kwargs)
        self.beta1, self.beta2 = beta1, beta2

    def create_state(self, index, weight):
        return _moments(weight)   # mean, norm

    def _step(self, weights, grads, states, lrs, wds, counts, indices):
        g = _rescaled(grads, self.rescale_grad, self.clip_gradient, weights, wds)
        means, norms = _slot(states, 0), _slot(states, 1)
        torch._foreach_mul_(means, self.beta1)
        torch._foreach_add_(means, g, alpha=1. - self.beta1)
        torch._foreach_mul_(norms, self.beta2)
        torch._foreach_maximum_(norms, torch._foreach_abs(g))
        torch._foreach_addcdiv_(weights, means, norms, [-lr / (1. - self.beta1 ** t) for lr, t in zip(lrs, counts)])


@register
class Nadam(Optimizer):
    """Adam with Nesterov momentum (Dozat, http://cs229.stanford.edu/proj2015/054_report.pdf)::

        g = clip(rescale_grad * grad + wd * weight, clip_gradient)
        mu(t) = beta1 * (1 - 0.5 * 0.96**(t * schedule_decay));  m_schedule = m_schedule * mu(t)
        m = beta1 * m + (1 - beta1) * g;  v = beta2 * v + (1 - beta2) * g**2
        m_bar = (1 - mu(t)) * g / (1 - m_schedule) + mu(t + 1) * m / (1 - m_schedule * mu(t + 1))
        weight = weight - lr * m_bar / (sqrt(v / (1 - beta2**t)) + epsilon)

    As in MXNet, `m_schedule` is a single number of the optimizer, advanced by every weight's update.

    Parameters
    ----------
    learning_rate : float, default 0.001
    beta1, beta2 : float, default 0.9, 0.999
        Decays of the mean and the variance.
    epsilon : float, default 1e-8
        Keeps the denominator away from 0.
    schedule_decay : float, default 0.004
        How fast the momentum schedule moves.
    """

    def __init__(self, learning_rate=0.001, beta1=0.9, beta2=0.999, epsilon=1e-8, schedule_decay=0.004,
                 **kwargs):
        super().__init__(learning_rate=learning_rate, **kwargs)
        self.beta1, self.beta2, self.epsilon = beta1, beta2, epsilon
        self.schedule_decay = schedule_decay
        self.m_schedule = 1.

    def create_state(self, index, weight):
        return _moments(weight)

    def _mu(self, t):
        return self.beta1 * (1. - 0.5 * pow(0.96, t * self.schedule_decay))

    def _step(self, weights, grads, states, lrs, wds, counts, indices):
        b1, b2 = self.beta1, self.beta2
        for w, grad, (m, v), lr, wd, t in zip(weights, grads, states, lrs, wds, counts):
            g = _clipped(grad * self.rescale_grad + wd * w, self.clip_gradient)
            mu_t, mu_next = self._mu(t), self._mu(t + 1)
            self.m_schedule *= mu_t
            m, v = m._t, v._t
            m.mul_(b1).add_(g, alpha=1. - b1)
            v.mul_(b2).addcmul_(g, g, value=1. - b2)
            m_bar = g.mul_((1. - mu_t) / (1. - self.m_schedule))
            m_bar.add_(m, alpha=mu_next / (1. - self.m_schedule * mu_next))
            w.addcdiv_(m_bar, (v / (1. - pow(b2, t))).sqrt_().add_(self.epsilon), value=-lr)


@register
class FTML(Optimizer):
    """Follow the Moving Leader (Zheng and Kwok, ICML 2017,
    http://proceedings.mlr.press/v70/zheng17a/zheng17a.pdf)::

        g = clip(rescale_grad * grad + wd * weight, clip_gradient)
        v = beta2 * v + (1 - beta2) * g**2
        d(t) = (1 - beta1**t) / lr * (sqrt(v / (1 - beta2**t)) + epsilon)
        z = beta1 * z + (1 - beta1) * g - (d(t) - beta1 * d(t - 1)) * weight
        weight = -z / d(t)

    Parameters
    ----------
    beta1 : float, default 0.6
        Decay of z; in (0, 1), around 0.5 works well.
    beta2 : float, default 0.999
        Decay of v; in (0, 1), close to 1.
    epsilon : float, default 1e-8
        Keeps d away from 0.
    """

    def __init__(self, beta1=0.6, beta2=0.999, epsilon=1e-8, **kwargs):
        super().__init__(**kwargs)
        self.beta1, self.beta2, self.epsilon = beta1, beta2, epsilon

    def create_state(self, index, weight):
        return _moments(weight, 3)   # d, v, z

    def _step(self, weights, grads, states, lrs, wds, counts, indices):
        _ftml_step(weights, grads, _slot(states, 0), _slot(states, 1), _slot(states, 2), lrs, wds, counts,
                   self.rescale_grad, _kernel_clip(self.clip_gradient), self.beta1, self.beta2, self.epsilon)


@register
class LAMB(Optimizer):
    """Layer-wise adaptive moments for large batches (You et al., https://arxiv.org/abs/1904.00962)::

        g = clip(rescale_grad * grad, clip_gradient)
        m = beta1 * m + (1 - beta1) * g;  v = beta2 * v + (1 - beta2) * g**2
        r = m' / (sqrt(v') + epsilon) + wd * weight    (m', v': bias-corrected when bias_correction)
        r1 = norm(weight), kept within [lower_bound, upper_bound];  r2 = norm(r)
        weight = weight - lr * (r1 / r2 if both are positive, else 1) * r

    Parameters
    ----------
    learning_rate : float, default 0.001
    beta1, beta2 : float, default 0.9, 0.999
        Decays of the moments.
    epsilon : float, default 1e-6
        Keeps the denominator away from 0.
    lower_bound, upper_bound : float, optional
        Bounds of r1.
    bias_correction : bool, default True
        Whether m and v are bias-corrected.
    """
    _mp_calls_update = False

    def __init__(self, learning_rate=0.001, beta1=0.9, beta2=0.999, epsilon=1e-6, lower_bound=None,
                 upper_bound=None, bias_correction=True, **kwargs):
        super().__init__(learning_rate=learning_rate, **kwargs)
        self.beta1, self.beta2, self.epsilon = beta1, beta2, epsilon
        self.lower_bound, self.upper_bound = lower_bound, upper_bound
        self.bias_correction = bias_correction
        # MXNet aggregates between 1 and 45 weights per LAMB update
        self.aggregate_num = max(1, min(45, int(os.getenv('MXNET_OPTIMIZER_AGGREGATION_SIZE', '45'))))

    def create_state(self, index, weight):
        return _moments(weight)

    def _step(self, weights, grads, states, lrs, wds, counts, indices):
        _lamb_step(weights, grads, _slot(states, 0), _slot(states, 1), lrs, wds, counts, self.rescale_grad,
                   _kernel_clip(self.clip_gradient), self.beta1, self.beta2, self.epsilon, self.bias_correction,
                   _kernel_clip(self.lower_bound), _kernel_clip(self.upper_bound))
