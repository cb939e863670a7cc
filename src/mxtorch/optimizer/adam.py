"""Adam and its relatives: Adam, Adamax, Nadam, FTML, LAMB.

MXNet's Adam differs from torch.optim.Adam: weight decay is added to the gradient before clipping,
the bias correction is folded into the learning rate (``lr * sqrt(1 - beta2**t) / (1 - beta1**t)``) and
epsilon is added to ``sqrt(v)`` without bias-correcting v. ``t`` is the weight's own update count.
"""
import math
import os

import torch

from ..ndarray.ops.optimizer_update import _adam_step, _clipped, _ftml_step, _lamb_step, _rescaled
from .optimizer import Optimizer, register, _kernel_clip, _zeros_like

__all__ = ['Adam', 'Adamax', 'Nadam', 'FTML', 'LAMB']


def _pair(states, k):
    return [s[k]._t for s in states]


@register
class Adam(Optimizer):
    """The Adam optimizer (http://arxiv.org/abs/1412.6980), as MXNet computes it::

        g = clip(rescale_grad * grad + wd * weight, clip_gradient)
        m = beta1 * m + (1 - beta1) * g
        v = beta2 * v + (1 - beta2) * g**2
        weight = weight - lr * sqrt(1 - beta2**t) / (1 - beta1**t) * m / (sqrt(v) + epsilon)

    Parameters
    ----------
    learning_rate : float, optional, default 0.001
    beta1 : float, optional
        Decay rate of the first moment estimates.
    beta2 : float, optional
        Decay rate of the second moment estimates.
    epsilon : float, optional
        Small value to avoid division by 0.
    lazy_update : bool, optional
        Accepted for compatibility (mxtorch's gradients are dense: updates are always standard).
    """

    def __init__(self, learning_rate=0.001, beta1=0.9, beta2=0.999, epsilon=1e-8, lazy_update=True, **kwargs):
        super(Adam, self).__init__(learning_rate=learning_rate, **kwargs)
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
        self.lazy_update = lazy_update

    def create_state(self, index, weight):
        return (_zeros_like(weight), _zeros_like(weight))  # mean, variance

    def _step(self, weights, grads, states, lrs, wds, counts, indices):
        b1, b2 = self.beta1, self.beta2
        # the bias correction goes into the rate, as MXNet passes it to adam_update
        rates = [lr * math.sqrt(1. - b2 ** t) / (1. - b1 ** t) for lr, t in zip(lrs, counts)]
        _adam_step(weights, grads, _pair(states, 0), _pair(states, 1), rates, wds, self.rescale_grad,
                   _kernel_clip(self.clip_gradient), b1, b2, self.epsilon)


@register
class Adamax(Optimizer):
    """AdaMax, the infinity-norm variant of Adam (http://arxiv.org/abs/1412.6980, section 7)::

        g = clip(rescale_grad * grad + wd * weight, clip_gradient)
        m = beta1 * m + (1 - beta1) * g
        u = maximum(beta2 * u, abs(g))
        weight = weight - lr / (1 - beta1**t) * m / u

    Parameters
    ----------
    learning_rate : float, optional, default 0.002
    beta1 : float, optional
        Decay rate of the first moment estimates.
    beta2 : float, optional
        Decay rate of the infinity norm.
    """

    def __init__(self, learning_rate=0.002, beta1=0.9, beta2=0.999, **kwargs):
        super(Adamax, self).__init__(learning_rate=learning_rate, **kwargs)
        self.beta1 = beta1
        self.beta2 = beta2

    def create_state(self, index, weight):
        return (_zeros_like(weight), _zeros_like(weight))  # mean, infinity norm

    def _step(self, weights, grads, states, lrs, wds, counts, indices):
        steps = [-lr / (1. - self.beta1 ** t) for lr, t in zip(lrs, counts)]
        g = _rescaled(grads, self.rescale_grad, self.clip_gradient, weights, wds)
        means, norms = _pair(states, 0), _pair(states, 1)
        torch._foreach_mul_(means, self.beta1)
        torch._foreach_add_(means, g, alpha=1. - self.beta1)
        torch._foreach_mul_(norms, self.beta2)
        torch._foreach_maximum_(norms, torch._foreach_abs(g))
        torch._foreach_addcdiv_(weights, means, norms, steps)


@register
class Nadam(Optimizer):
    """Adam with Nesterov momentum (http://cs229.stanford.edu/proj2015/054_report.pdf)::

        g = clip(rescale_grad * grad + wd * weight, clip_gradient)
        mu_t = beta1 * (1 - 0.5 * 0.96**(t * schedule_decay)), mu_next likewise at t + 1
        m_schedule = m_schedule * mu_t
        m = beta1 * m + (1 - beta1) * g;  v = beta2 * v + (1 - beta2) * g**2
        m_bar = (1 - mu_t) * g / (1 - m_schedule) + mu_next * m / (1 - m_schedule * mu_next)
        weight = weight - lr * m_bar / (sqrt(v / (1 - beta2**t)) + epsilon)

    As in MXNet, `m_schedule` is one number for the optimizer, advanced at every weight's update.

    Parameters
    ----------
    learning_rate : float, optional, default 0.001
    beta1, beta2 : float, optional
        Decay rates of the first and second moment estimates.
    epsilon : float, optional
        Small value to avoid division by 0.
    schedule_decay : float, optional
        Decay rate of the momentum schedule.
    """

    def __init__(self, learning_rate=0.001, beta1=0.9, beta2=0.999, epsilon=1e-8, schedule_decay=0.004,
                 **kwargs):
        super(Nadam, self).__init__(learning_rate=learning_rate, **kwargs)
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
        self.schedule_decay = schedule_decay
        self.m_schedule = 1.

    def create_state(self, index, weight):
        return (_zeros_like(weight), _zeros_like(weight))  # mean, variance

    def _step(self, weights, grads, states, lrs, wds, counts, indices):
        b1, b2 = self.beta1, self.beta2
        for w, gr, (m, v), lr, wd, t in zip(weights, grads, states, lrs, wds, counts):
            g = _clipped(gr * self.rescale_grad + wd * w, self.clip_gradient)
            mu_t = b1 * (1. - 0.5 * pow(0.96, t * self.schedule_decay))
            mu_next = b1 * (1. - 0.5 * pow(0.96, (t + 1) * self.schedule_decay))
            self.m_schedule = self.m_schedule * mu_t
            m_schedule_next = self.m_schedule * mu_next
            m, v = m._t, v._t
            m.mul_(b1).add_(g, alpha=1. - b1)
            v.mul_(b2).addcmul_(g, g, value=1. - b2)
            m_bar = g.mul_((1. - mu_t) / (1. - self.m_schedule)).add_(m, alpha=mu_next / (1. - m_schedule_next))
            denom = (v / (1. - pow(b2, t))).sqrt_().add_(self.epsilon)
            w.addcdiv_(m_bar, denom, value=-lr)


@register
class FTML(Optimizer):
    """FTML, Follow the Moving Leader (http://proceedings.mlr.press/v70/zheng17a/zheng17a.pdf)::

        g = clip(rescale_grad * grad + wd * weight, clip_gradient)
        v = beta2 * v + (1 - beta2) * g**2
        d_t = (1 - beta1**t) / lr * (sqrt(v / (1 - beta2**t)) + epsilon)
        z = beta1 * z + (1 - beta1) * g - (d_t - beta1 * d_(t-1)) * weight
        weight = -z / d_t

    Parameters
    ----------
    beta1 : float, optional
        0 < beta1 < 1, generally close to 0.5.
    beta2 : float, optional
        0 < beta2 < 1, generally close to 1.
    epsilon : float, optional
        Small value to avoid division by 0.
    """

    def __init__(self, beta1=0.6, beta2=0.999, epsilon=1e-8, **kwargs):
        super(FTML, self).__init__(**kwargs)
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon

    def create_state(self, index, weight):
        return (_zeros_like(weight), _zeros_like(weight), _zeros_like(weight))  # d, v, z

    def _step(self, weights, grads, states, lrs, wds, counts, indices):
        _ftml_step(weights, grads, _pair(states, 0), _pair(states, 1), _pair(states, 2), lrs, wds, counts,
                   self.rescale_grad, _kernel_clip(self.clip_gradient), self.beta1, self.beta2, self.epsilon)


@register
class LAMB(Optimizer):
    """LAMB, layer-wise adaptive moments for large batches (https://arxiv.org/abs/1904.00962)::

        g = clip(rescale_grad * grad, clip_gradient)
        m = beta1 * m + (1 - beta1) * g;  v = beta2 * v + (1 - beta2) * g**2
        r = m_hat / (sqrt(v_hat) + epsilon) + wd * weight   (m_hat, v_hat bias-corrected if bias_correction)
        r1 = norm(weight) kept within [lower_bound, upper_bound];  r2 = norm(r)
        weight = weight - lr * (r1 / r2 if r1 > 0 and r2 > 0 else 1) * r

    Parameters
    ----------
    learning_rate : float, optional, default 0.001
    beta1, beta2 : float, optional
        Decay rates of the moment estimates.
    epsilon : float, optional
        Small value to avoid division by 0.
    lower_bound, upper_bound : float, optional
        Bounds of the weight norm in the trust ratio.
    bias_correction : bool, optional
        Whether to bias-correct the moments.
    """
    _mp_calls_update = False

    def __init__(self, learning_rate=0.001, beta1=0.9, beta2=0.999, epsilon=1e-6, lower_bound=None,
                 upper_bound=None, bias_correction=True, **kwargs):
        super(LAMB, self).__init__(learning_rate=learning_rate, **kwargs)
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
        self.lower_bound = lower_bound
        self.upper_bound = upper_bound
        self.bias_correction = bias_correction
        self.aggregate_num = max(1, min(45, int(os.getenv('MXNET_OPTIMIZER_AGGREGATION_SIZE', "45"))))

    def create_state(self, index, weight):
        return (_zeros_like(weight), _zeros_like(weight))  # mean, variance

    def _step(self, weights, grads, states, lrs, wds, counts, indices):
        # MXNet passes a bound only when it is truthy, and applies it only when it is >= 0
        _lamb_step(weights, grads, _pair(states, 0), _pair(states, 1), lrs, wds, counts, self.rescale_grad,
                   _kernel_clip(self.clip_gradient), self.beta1, self.beta2, self.epsilon, self.bias_correction,
                   _kernel_clip(self.lower_bound), _kernel_clip(self.upper_bound))
