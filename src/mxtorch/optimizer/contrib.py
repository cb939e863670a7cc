"""Contributed optimizers (mx.optimizer.contrib): GroupAdaGrad."""
import torch

from ..ndarray.ndarray import _wrap_like
from .optimizer import Optimizer, register, _clipped

__all__ = ['GroupAdaGrad']


@register
class GroupAdaGrad(Optimizer):
    """AdaGrad with one adaptive rate per row of a 2-D weight::

        g = clip(rescale_grad * grad, clip_gradient)
        history = history + mean(g**2, axis=1, keepdims=True)
        weight = weight - lr * g / sqrt(history + eps)

    Weight decay is not supported (wd must be 0).

    Parameters
    ----------
    eps : float, optional
        Added to the history under the square root, to avoid division by 0.
    """

    def __init__(self, eps=1e-5, **kwargs):
        super(GroupAdaGrad, self).__init__(**kwargs)
        self.float_stable_eps = eps

    def create_state(self, index, weight):
        if len(weight.shape) != 2:
            raise AssertionError('GroupAdaGrad needs 2-D weights, got shape {}'.format(weight.shape))
        t = weight._t
        return _wrap_like(torch.zeros((t.shape[0], 1), dtype=torch.float32, device=t.device), weight)

    def _step(self, weights, grads, states, lrs, wds, counts, indices):
        for w, gr, history, lr, wd in zip(weights, grads, states, lrs, wds):
            if wd != 0:
                raise AssertionError('Weight decay is not supported for GroupAdaGrad')
            g = _clipped(gr * self.rescale_grad, self.clip_gradient)
            h = history._t
            h.add_((g * g).mean(dim=1, keepdim=True))
            w.sub_(g.mul_(lr).div_((h + self.float_stable_eps).sqrt_()))
