"""Contributed optimizers (mx.optimizer.contrib): GroupAdaGrad."""
import torch

from ..ndarray.ndarray import _wrap_like
from ..ndarray.ops.optimizer_update import _group_adagrad_step
from .optimizer import Optimizer, register

__all__ = ['GroupAdaGrad']


@register
class GroupAdaGrad(Optimizer):
    """AdaGrad with one adaptive rate per row of a 2-D weight (an embedding table, typically)::

        g = clip(rescale_grad * grad, clip_gradient)
        history = history + mean(g**2, axis=1, keepdims=True)
        weight = weight - lr * g / sqrt(history + eps)

    There is no weight decay: `wd` must stay 0.

    Parameters
    ----------
    eps : float, default 1e-5
        Added to the history under the root (stored as ``float_stable_eps``).
    """

    def __init__(self, eps=1e-5, **kwargs):
        super().__init__(**kwargs)
        self.float_stable_eps = eps

    def create_state(self, index, weight):
        if len(weight.shape) != 2:
            raise AssertionError('GroupAdaGrad needs 2-D weights, got shape {}'.format(weight.shape))
        rows = weight._t.shape[0]
        return _wrap_like(torch.zeros((rows, 1), dtype=torch.float32, device=weight._t.device), weight)

    def _lazy_sparse(self):
        return True   # a row_sparse gradient updates its rows only, as MXNet's group_adagrad_update

    def _step(self, weights, grads, states, lrs, wds, counts, indices):
        if any(wds):
            raise AssertionError('Weight decay is not supported for GroupAdaGrad')
        _group_adagrad_step(weights, grads, [h._t for h in states], lrs, self.rescale_grad, self.clip_gradient,
                            self.float_stable_eps)
