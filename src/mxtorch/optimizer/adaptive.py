"""Optimizers with per-coordinate adaptive rates: AdaGrad, AdaDelta, RMSProp, Ftrl.

As in MXNet, these create their states as float32 arrays whatever the weight's dtype.
"""
import torch

from ..ndarray.ops.optimizer_update import (_axpy, _clipped, _ftrl_step, _grad_terms, _rmsprop_step,
                                           _rmspropalex_step)
from .optimizer import Optimizer, register, _kernel_clip, _zeros_like

__all__ = ['AdaGrad', 'AdaDelta', 'RMSProp', 'Ftrl']

_F32 = torch.float32


@register
class AdaGrad(Optimizer):
    """AdaGrad (http://www.jmlr.org/papers/volume12/duchi11a/duchi11a.pdf)::

        g = clip(rescale_grad * grad, clip_gradient)
        history = history + g**2
        weight = weight - lr * (g / sqrt(history + eps) + wd * weight)

    Parameters
    ----------
    eps : float, optional
        Added to the history under the square root, to avoid division by 0.
    """

    def __init__(self, eps=1e-7, **kwargs):
        super(AdaGrad, self).__init__(**kwargs)
        self.float_stable_eps = eps

    def create_state(self, index, weight):
        return _zeros_like(weight, _F32)  # history

    def _step(self, weights, grads, states, lrs, wds, counts, indices):
        g, scale = _grad_terms(grads, self.rescale_grad, self.clip_gradient)
        history = [s._t for s in states]
        torch._foreach_addcmul_(history, g, g, value=scale * scale)
        denom = torch._foreach_add(history, self.float_stable_eps)
        torch._foreach_sqrt_(denom)
        # weight - lr * (g / sqrt(history + eps) + wd * weight)
        _axpy(weights, weights, [-lr * wd for lr, wd in zip(lrs, wds)])
        torch._foreach_addcdiv_(weights, g, denom, [-lr * scale for lr in lrs])


@register
class AdaDelta(Optimizer):
    """AdaDelta (https://arxiv.org/abs/1212.5701)::

        g = clip(rescale_grad * grad, clip_gradient)
        acc_g = rho * acc_g + (1 - rho) * g**2
        delta = sqrt(acc_delta + epsilon) / sqrt(acc_g + epsilon) * g
        acc_delta = rho * acc_delta + (1 - rho) * delta**2
        weight = weight - (delta + wd * weight)

    The learning rate is not used. (MXNet also multiplies the caller's gradient array by rescale_grad in
    place; mxtorch leaves the gradient as it was.)

    Parameters
    ----------
    rho : float
        Decay rate of both accumulators.
    epsilon : float
        Small value to avoid division by 0.
    """

    def __init__(self, rho=0.90, epsilon=1e-5, **kwargs):
        super(AdaDelta, self).__init__(**kwargs)
        self.rho = rho
        self.epsilon = epsilon

    def create_state(self, index, weight):
        return (_zeros_like(weight, _F32), _zeros_like(weight, _F32))  # accumulated g, accumulated delta

    def _step(self, weights, grads, states, lrs, wds, counts, indices):
        rho, eps = self.rho, self.epsilon
        for w, gr, (acc_g, acc_delta), wd in zip(weights, grads, states, wds):
            g = _clipped(gr * self.rescale_grad, self.clip_gradient)
            acc_g, acc_delta = acc_g._t, acc_delta._t
            acc_g.mul_(rho).addcmul_(g, g, value=1. - rho)
            delta = (acc_delta + eps).sqrt_().div_((acc_g + eps).sqrt_()).mul_(g)
            acc_delta.mul_(rho).addcmul_(delta, delta, value=1. - rho)
            w.sub_(delta.add_(w, alpha=wd))


@register
class RMSProp(Optimizer):
    """RMSProp, in Tieleman & Hinton's form (``centered=False``)::

        g = clip(rescale_grad * grad + wd * weight, clip_gradient)
        n = gamma1 * n + (1 - gamma1) * g**2
        weight = weight - lr * g / sqrt(n + epsilon)

    or in Graves's centered form (``centered=True``, http://arxiv.org/pdf/1308.0850v5.pdf (38)-(45))::

        n = gamma1 * n + (1 - gamma1) * g**2
        m = gamma1 * m + (1 - gamma1) * g
        delta = gamma2 * delta - lr * g / sqrt(n - m**2 + epsilon)
        weight = weight + delta

    then the weight is clipped into ``[-clip_weights, clip_weights]`` when `clip_weights` is set.

    Parameters
    ----------
    learning_rate : float, optional, default 0.001
    gamma1 : float, optional
        Decay rate of the moving averages.
    gamma2 : float, optional
        The momentum of the centered form.
    epsilon : float, optional
        Small value to avoid division by 0.
    centered : bool, optional
        Whether to use the centered (Graves) form.
    clip_weights : float, optional
        Clips the weights into ``[-clip_weights, clip_weights]``.
    """

    def __init__(self, learning_rate=0.001, gamma1=0.9, gamma2=0.9, epsilon=1e-8, centered=False,
                 clip_weights=None, **kwargs):
        super(RMSProp, self).__init__(learning_rate=learning_rate, **kwargs)
        self.gamma1 = gamma1
        self.gamma2 = gamma2
        self.centered = centered
        self.epsilon = epsilon
        self.clip_weights = clip_weights

    def create_state(self, index, weight):
        if self.centered:
            return (_zeros_like(weight, _F32), _zeros_like(weight, _F32), _zeros_like(weight, _F32))  # n, g, delta
        return (_zeros_like(weight, _F32),)  # n

    def _step(self, weights, grads, states, lrs, wds, counts, indices):
        clip, clip_weights = _kernel_clip(self.clip_gradient), _kernel_clip(self.clip_weights)
        n = [s[0]._t for s in states]
        if not self.centered:
            _rmsprop_step(weights, grads, n, lrs, wds, self.rescale_grad, clip, self.gamma1, self.epsilon,
                          clip_weights)
        else:
            _rmspropalex_step(weights, grads, n, [s[1]._t for s in states], [s[2]._t for s in states], lrs, wds,
                              self.rescale_grad, clip, self.gamma1, self.gamma2, self.epsilon, clip_weights)


@register
class Ftrl(Optimizer):
    """Ftrl-proximal (*Ad Click Prediction: a View from the Trenches*)::

        g = clip(rescale_grad * grad, clip_gradient)
        z = z + g - (sqrt(n + g**2) - sqrt(n)) * weight / lr
        n = n + g**2
        weight = (sign(z) * lamda1 - z) / ((beta + sqrt(n)) / lr + wd) * (abs(z) > lamda1)

    Parameters
    ----------
    lamda1 : float, optional
        L1 regularization coefficient.
    learning_rate : float, optional, default 0.1
    beta : float, optional
        Per-coordinate learning-rate correlation parameter.
    """

    def __init__(self, lamda1=0.01, learning_rate=0.1, beta=1, **kwargs):
        super(Ftrl, self).__init__(**kwargs)
        self.lamda1 = lamda1
        self.beta = beta
        self.lr = learning_rate

    def create_state(self, index, weight):
        return (_zeros_like(weight, _F32), _zeros_like(weight, _F32))  # z, n

    def _step(self, weights, grads, states, lrs, wds, counts, indices):
        _ftrl_step(weights, grads, [s[0]._t for s in states], [s[1]._t for s in states], lrs, wds,
                   self.rescale_grad, _kernel_clip(self.clip_gradient), self.lamda1, self.beta)
