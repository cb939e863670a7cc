"""Optimizers that scale each coordinate by its own gradient history: AdaGrad, AdaDelta, RMSProp, Ftrl.

Their states are float32 whatever the weight's dtype, as MXNet makes them.
"""
import torch

from ..ndarray.ops.optimizer_update import (_axpy, _clipped, _ftrl_step, _grad_terms, _rmsprop_step,
                                           _rmspropalex_step)
from ..base import MXNetError
from .optimizer import Optimizer, register, _kernel_clip, _zeros_like

__all__ = ['AdaGrad', 'AdaDelta', 'RMSProp', 'Ftrl']


def _f32_zeros(weight, n):
    """n float32 zero buffers shaped like `weight`."""
    return tuple(_zeros_like(weight, torch.float32) for _ in range(n))


def _slot(states, k):
    return [s[k]._t for s in states]


@register
class AdaGrad(Optimizer):
    """AdaGrad (Duchi et al., http://www.jmlr.org/papers/volume12/duchi11a/duchi11a.pdf)::

        g = clip(rescale_grad * grad, clip_gradient)
        history = history + g**2
        weight = weight - lr * (g / sqrt(history + eps) + wd * weight)

    Parameters
    ----------
    eps : float, default 1e-7
        Added to the history under the root (stored as ``float_stable_eps``).
    """

    def __init__(self, eps=1e-7, **kwargs):
        super().__init__(**kwargs)
        self.float_stable_eps = eps

    def create_state(self, index, weight):
        return _f32_zeros(weight, 1)[0]   # the history

    def _lazy_sparse(self):
        return True   # a row_sparse gradient updates its rows only (MXNet's sparse adagrad_update)

    def _check_sparse(self, weight, grad, wd):
        if wd != 0:
            raise MXNetError('AdaGrad: MXNet has no sparse kernel with weight decay (operator '
                             '_sparse_adagrad_update with wd={}); set wd=0 or use a dense gradient'.format(wd))

    def _step(self, weights, grads, states, lrs, wds, counts, indices):
        g, scale = _grad_terms(grads, self.rescale_grad, self.clip_gradient)
        history = [s._t for s in states]
        torch._foreach_addcmul_(history, g, g, value=scale * scale)
        root = torch._foreach_add(history, self.float_stable_eps)
        torch._foreach_sqrt_(root)
        # weight - lr * wd * weight, then - lr * g / root
        _axpy(weights, weights, [-lr * wd for lr, wd in zip(lrs, wds)])
        torch._foreach_addcdiv_(weights, g, root, [-lr * scale for lr in lrs])


@register
class AdaDelta(Optimizer):
    """AdaDelta (Zeiler, https://arxiv.org/abs/1212.5701), which needs no learning rate::

        g = clip(rescale_grad * grad, clip_gradient)
        acc_g = rho * acc_g + (1 - rho) * g**2
        delta = sqrt(acc_delta + epsilon) / sqrt(acc_g + epsilon) * g
        acc_delta = rho * acc_delta + (1 - rho) * delta**2
        weight = weight - (delta + wd * weight)

    (MXNet also scales the caller's gradient array by rescale_grad in place; mxtorch leaves it alone.)

    Parameters
    ----------
    rho : float, default 0.90
        Decay of both running averages.
    epsilon : float, default 1e-5
        Keeps the roots away from 0.
    """

    def __init__(self, rho=0.90, epsilon=1e-5, **kwargs):
        super().__init__(**kwargs)
        self.rho, self.epsilon = rho, epsilon

    def create_state(self, index, weight):
        return _f32_zeros(weight, 2)   # running averages of g**2 and of delta**2

    def _step(self, weights, grads, states, lrs, wds, counts, indices):
        rho, eps = self.rho, self.epsilon
        for w, grad, (acc_g, acc_delta), wd in zip(weights, grads, states, wds):
            g = _clipped(grad * self.rescale_grad, self.clip_gradient)
            acc_g, acc_delta = acc_g._t, acc_delta._t
            acc_g.mul_(rho).addcmul_(g, g, value=1. - rho)
            delta = (acc_delta + eps).sqrt_().div_((acc_g + eps).sqrt_()).mul_(g)
            acc_delta.mul_(rho).addcmul_(delta, delta, value=1. - rho)
            w.sub_(delta.add_(w, alpha=wd))


@register
class RMSProp(Optimizer):
    """RMSProp. Plain (Tieleman and Hinton), ``centered=False``::

        g = clip(rescale_grad * grad + wd * weight, clip_gradient)
        n = gamma1 * n + (1 - gamma1) * g**2
        weight = weight - lr * g / sqrt(n + epsilon)

    Centered (Graves, http://arxiv.org/pdf/1308.0850v5.pdf, eq. 38-45), ``centered=True``::

        n = gamma1 * n + (1 - gamma1) * g**2;  m = gamma1 * m + (1 - gamma1) * g
        delta = gamma2 * delta - lr * g / sqrt(n - m**2 + epsilon)
        weight = weight + delta

    With `clip_weights` the new weight is clipped into ``[-clip_weights, clip_weights]``.

    Parameters
    ----------
    learning_rate : float, default 0.001
    gamma1 : float, default 0.9
        Decay of the running averages.
    gamma2 : float, default 0.9
        Momentum of the centered form.
    epsilon : float, default 1e-8
        Keeps the root away from 0.
    centered : bool, default False
        Use the centered form.
    clip_weights : float, optional
        Bound of the weights.
    """

    def __init__(self, learning_rate=0.001, gamma1=0.9, gamma2=0.9, epsilon=1e-8, centered=False,
                 clip_weights=None, **kwargs):
        super().__init__(learning_rate=learning_rate, **kwargs)
        self.gamma1, self.gamma2, self.epsilon = gamma1, gamma2, epsilon
        self.centered, self.clip_weights = centered, clip_weights

    def create_state(self, index, weight):
        # n; centered: n, m, delta
        return _f32_zeros(weight, 3 if self.centered else 1)

    def _step(self, weights, grads, states, lrs, wds, counts, indices):
        clip, clip_weights = _kernel_clip(self.clip_gradient), _kernel_clip(self.clip_weights)
        if self.centered:
            _rmspropalex_step(weights, grads, _slot(states, 0), _slot(states, 1), _slot(states, 2), lrs, wds,
                              self.rescale_grad, clip, self.gamma1, self.gamma2, self.epsilon, clip_weights)
        else:
            _rmsprop_step(weights, grads, _slot(states, 0), lrs, wds, self.rescale_grad, clip, self.gamma1,
                          self.epsilon, clip_weights)


@register
class Ftrl(Optimizer):
    """Ftrl-proximal (McMahan et al., *Ad Click Prediction: a View from the Trenches*)::

        g = clip(rescale_grad * grad, clip_gradient)
        z = z + g - (sqrt(n + g**2) - sqrt(n)) * weight / lr
        n = n + g**2
        weight = (sign(z) * lamda1 - z) / ((beta + sqrt(n)) / lr + wd) * (abs(z) > lamda1)

    Parameters
    ----------
    lamda1 : float, default 0.01
        Strength of the L1 term.
    learning_rate : float, default 0.1
    beta : float, default 1
        Added to sqrt(n) in the per-coordinate rate.
    """

    def __init__(self, lamda1=0.01, learning_rate=0.1, beta=1, **kwargs):
        super().__init__(**kwargs)
        # (set after the base class, as MXNet does: with a scheduler, lr still holds this value)
        self.lr = learning_rate
        self.lamda1, self.beta = lamda1, beta

    def create_state(self, index, weight):
        return _f32_zeros(weight, 2)   # z, n

    def _lazy_sparse(self):
        return True   # a row_sparse gradient updates its rows only, as MXNet's ftrl_update

    def _step(self, weights, grads, states, lrs, wds, counts, indices):
        _ftrl_step(weights, grads, _slot(states, 0), _slot(states, 1), lrs, wds, self.rescale_grad,
                   _kernel_clip(self.clip_gradient), self.lamda1, self.beta)
