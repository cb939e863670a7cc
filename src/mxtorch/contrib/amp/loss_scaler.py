"""``mx.contrib.amp.loss_scaler``: the dynamic loss scale of automatic mixed precision."""
import logging

import torch

from ...ndarray import multi_all_finite  # noqa: F401  (MXNet's module names the operator it checks with)

__all__ = ['LossScaler']


class LossScaler(object):
    """The dynamic loss scale of AMP, as MXNet 1.9.1 keeps it: it starts at 2**16; a step whose gradients
    hold an inf or NaN halves the scale (from the next step on) and is skipped; 2000 steps in a row
    without overflow double it, up to 2**24. ``loss_scale`` (a property) is the scale now."""

    def __init__(self):   # noqa: D107
        self._loss_scale = self._next_loss_scale = 2.**16
        self._max_loss_scale, self._scale_seq_len = 2.**24, 2000
        self._unskipped = 0   # steps since the last overflow (or the last growth)

    loss_scale = property(lambda self: self._loss_scale, doc='The loss scale now (a float).')

    def has_overflow(self, params):
        """Whether any gradient of the Parameters `params` holds an inf or NaN; moves the scale on."""
        grads = []
        for p in params:
            if p._grad is not None:
                grads.extend(g._t for g in p._grad)
        finite = True
        if grads:
            with torch.no_grad():
                # one foreach kernel: the largest magnitude of each gradient is inf or NaN exactly when
                # the gradient holds one; a single read back to the host at the end
                peaks = torch._foreach_norm([g if g.is_floating_point() else g.float() for g in grads],
                                            float('inf'))
                finite = bool(torch.isfinite(torch.stack([t.float() for t in peaks])).all())
        self._loss_scale = self._next_loss_scale
        if not finite:   # skip this step; the next one runs at half the scale
            self._unskipped = 0
            self._next_loss_scale = self._loss_scale / 2.
            logging.info("AMP: decreasing loss scale to %f", self._next_loss_scale)
            return True
        self._unskipped += 1
        if self._unskipped == self._scale_seq_len:   # a long run without overflow: try twice the scale
            self._unskipped = 0
            self._next_loss_scale = min(self._loss_scale * 2., self._max_loss_scale)
            logging.info("AMP: increasing loss scale to %f", self._next_loss_scale)
        return False
