"""Gradient descent and its variants: SGD (with momentum), ccSGD, NAG, Signum, LARS, LBSGD, SGLD, DCASGD.

In the formulas, ``g = clip(rescale_grad * grad, clip_gradient)``, and weight decay is a ``wd * weight``
term added to it unless a docstring says otherwise.
"""
import logging
import math
import os

import numpy as np
import torch

from ..ndarray.ndarray import NDArray
from ..ndarray.ops.optimizer_update import _clipped, _nag_step, _sgd_step, _signsgd_step, _signum_step
from .optimizer import Optimizer, register, _kernel_clip, _tensors, _warn_float16, _zeros_like

__all__ = ['SGD', 'ccSGD', 'NAG', 'Signum', 'LARS', 'LBSGD', 'SGLD', 'DCASGD']


def _aggregation_size(default):
    """How many weights one aggregated update takes (MXNet reads MXNET_OPTIMIZER_AGGREGATION_SIZE)."""
    return int(os.getenv('MXNET_OPTIMIZER_AGGREGATION_SIZE', str(default)))


def _momentum_state(optimizer, weight):
    """A zero momentum buffer like `weight`, or None for an optimizer without momentum."""
    return None if optimizer.momentum == 0.0 else _zeros_like(weight)


@register
class SGD(Optimizer):
    """Stochastic gradient descent, with optional momentum::

        mom = momentum * mom - lr * (g + wd * weight)
        weight = weight + mom

    and without momentum ``weight = weight - lr * (g + wd * weight)``.

    Parameters
    ----------
    momentum : float, default 0.0
        Weight of the previous step in the next one; 0 (or less) keeps no momentum.
    lazy_update : bool, default True
        With a row_sparse gradient, update (and decay) only the rows it stores, momentum included;
        False: the full update, the gradient being zero in the other rows.
    multi_precision : bool, default False
        Update float16 weights through a float32 copy (see :class:`Optimizer`).
    """
    _master_first = False
    _count_chunks = True
    _mp_calls_update = False
    _fp16_warning_name = 'SGD '

    def __init__(self, momentum=0.0, lazy_update=True, **kwargs):
        super().__init__(**kwargs)
        self.momentum, self.lazy_update = momentum, lazy_update
        self.aggregate_num = _aggregation_size(4)

    def create_state(self, index, weight):
        return _momentum_state(self, weight)

    def _lazy_sparse(self):
        return bool(self.lazy_update)

    def _step(self, weights, grads, states, lrs, wds, counts, indices):
        # a momentum <= 0 is plain SGD, as MXNet then picks sgd_update
        moms = _tensors(states) if self.momentum > 0 else None
        _sgd_step(weights, grads, moms, lrs, wds, self.rescale_grad, _kernel_clip(self.clip_gradient),
                  self.momentum)


@register  # pylint: disable=invalid-name
class ccSGD(SGD):
    """[DEPRECATED] Another name of `SGD`."""


@register
class NAG(Optimizer):
    """Nesterov's accelerated gradient: with ``d = lr * (g + wd * weight)``::

        mom = momentum * mom - d
        weight = weight + momentum * mom - d

    and plain SGD without momentum.

    Parameters
    ----------
    momentum : float, default 0.0
        Weight of the previous step; 0 keeps no momentum.
    multi_precision : bool, default False
        Update float16 weights through a float32 copy.
    """
    _master_first = False
    _mp_calls_update = False
    _fp16_warning_name = 'NAG '

    def __init__(self, momentum=0.0, **kwargs):
        super().__init__(**kwargs)
        self.momentum = momentum

    def create_state(self, index, weight):
        return _momentum_state(self, weight)

    def _use_multi_precision(self, weight, state):
        return bool(self.multi_precision) and weight.dtype == np.float16 and isinstance(state, (tuple, list))

    def _step(self, weights, grads, states, lrs, wds, counts, indices):
        # no state: plain SGD; a negative momentum with a state counts as 0, as in MXNet
        moms = None if states[0] is None else _tensors(states)
        _nag_step(weights, grads, moms, lrs, wds, self.rescale_grad, _kernel_clip(self.clip_gradient),
                  max(self.momentum, 0.0))


@register
class Signum(Optimizer):
    """Signum: steps of size lr in the direction of the sign of a momentum average::

        mom = momentum * mom - (1 - momentum) * (g + wd * weight)
        weight = (1 - lr * wd_lh) * weight + lr * sign(mom)

    With momentum 0 it is signSGD, ``weight = (1 - lr * wd) * weight - lr * sign(grad)``, which (as in
    MXNet) ignores rescale_grad and clip_gradient.

    Parameters
    ----------
    learning_rate : float, default 0.01
    momentum : float, default 0.9
        Weight of the previous average.
    wd_lh : float, default 0.0
        Decoupled weight decay (Loshchilov and Hutter), applied to the weight itself.
    """

    def __init__(self, learning_rate=0.01, momentum=0.9, wd_lh=0.0, **kwargs):
        super().__init__(learning_rate=learning_rate, **kwargs)
        self.momentum, self.wd_lh = momentum, wd_lh

    def create_state(self, index, weight):
        return _momentum_state(self, weight)

    def _step(self, weights, grads, states, lrs, wds, counts, indices):
        if states[0] is None:
            _signsgd_step(weights, grads, lrs, wds)
            return
        _signum_step(weights, grads, _tensors(states), lrs, wds, self.rescale_grad,
                     _kernel_clip(self.clip_gradient), max(self.momentum, 0.0), self.wd_lh)


@register
class LARS(Optimizer):
    """SGD with layer-wise adaptive rate scaling (You et al., https://arxiv.org/abs/1708.03888).

    A weight whose name does not end in ``gamma``, ``beta`` or ``bias`` steps with the rate
    ``lr * eta * |w| / (|g| * rescale_grad + wd * |w| + eps)`` when both norms are positive; the step is
    then SGD's. Only names ending in ``_weight`` keep weight decay by default. With
    `momentum_correction`, the momentum follows the ratio of the current to the previous rate.

    Parameters
    ----------
    momentum : float, default 0.0
        As for SGD.
    lazy_update : bool, default True
        Accepted for compatibility (gradients are dense).
    eta : float, default 0.001
        The trust coefficient.
    eps : float, default 0
        Added to the denominator of the trust ratio.
    momentum_correction : bool, default True
        Scale the momentum when a scheduler changes the rate.
    """
    _master_first = False
    _count_chunks = True
    _mp_calls_update = False
    _fp16_warning_name = 'SGD '
    _decayed_suffixes = ('_weight',)

    def __init__(self, momentum=0.0, lazy_update=True, eta=0.001, eps=0, momentum_correction=True, **kwargs):
        super().__init__(**kwargs)
        self.momentum, self.lazy_update, self.momentum_correction = momentum, lazy_update, momentum_correction
        self.eta, self.eps = eta, eps
        self.aggregate_num = _aggregation_size(4)
        self.skip = 0
        self.last_lr = self.cur_lr = None   # the rates of the previous and the current chunk

    def _get_lrs(self, indices):
        lr = self.lr if self.lr_scheduler is None else self.lr_scheduler(self.num_update)
        self.last_lr = lr if self.cur_lr is None else self.cur_lr
        self.cur_lr = lr
        return [lr * self._lr_mult_of(i) for i in indices]

    def create_state(self, index, weight):
        return _momentum_state(self, weight)

    def _apply(self, indices, weights, grads, states, multi_precision, chunk=None):
        # the momentum correction compares the rates of consecutive chunks, as MXNet's aggregated update
        size = chunk or len(indices) or 1
        for s in range(0, len(indices), size):
            part = slice(s, s + size)
            super()._apply(indices[part], weights[part], grads[part], states[part], multi_precision, chunk=size)

    def _step(self, weights, grads, states, lrs, wds, counts, indices):
        momentum = self.momentum
        if momentum > 0 and self.momentum_correction and self.last_lr != 0:
            momentum *= self.cur_lr / self.last_lr
        clip = _kernel_clip(self.clip_gradient)
        for k, (i, w, g, lr, wd) in enumerate(zip(indices, weights, grads, lrs, wds)):
            name = self.idx2name.get(i, str(i))
            if not name.endswith(('gamma', 'beta', 'bias')):
                w_norm, g_norm = w.float().norm(), g.float().norm()
                trust = self.eta * w_norm / (g_norm * self.rescale_grad + wd * w_norm + self.eps)
                lr = torch.where((w_norm > 0) & (g_norm > 0), lr * trust, torch.full_like(w_norm, lr)).to(w.dtype)
            step = _clipped(g * self.rescale_grad, clip).mul_(-lr).sub_(w * (lr * wd))
            if self.momentum > 0:
                step = states[k]._t.mul_(momentum).add_(step)
            w.add_(step)


@register
class LBSGD(Optimizer):
    """Large-batch SGD: averages `batch_scale` gradients of a weight before each SGD (momentum) step, with
    the rate multiplied by a warm-up factor that grows to `batch_scale` ('linear', 'power2', 'sqrt') or by
    a LARS-like trust ratio ('lars').

    Parameters
    ----------
    momentum : float, default 0.0
        As for SGD.
    multi_precision : bool, default False
        Update float16 weights through a float32 copy.
    warmup_strategy : {'linear', 'power2', 'sqrt', 'lars'}, default 'linear'
        How the rate multiplier grows during the warm-up.
    warmup_epochs : int, default 5
        Length of the warm-up, in epochs.
    batch_scale : int, default 1
        Gradients averaged per step, and the multiplier after the warm-up.
    updates_per_epoch : int, default 32
        Updates in an epoch (to turn epochs into updates).
    begin_epoch : int, default 0
        The epoch training starts from.
    num_epochs : int, default 60
        Total number of epochs.
    """

    def __init__(self, momentum=0.0, multi_precision=False, warmup_strategy='linear', warmup_epochs=5,
                 batch_scale=1, updates_per_epoch=32, begin_epoch=0, num_epochs=60, **kwargs):
        super().__init__(**kwargs)
        logging.info('Running Large-Batch SGD Algorithm')
        logging.info('(Batch_scale=%f, warmup_epochs=%d, warmup_strategy=%s, updates_per_epoch=%d)',
                     batch_scale, warmup_epochs, warmup_strategy, updates_per_epoch)
        self.momentum, self.multi_precision = momentum, multi_precision
        self.warmup_strategy, self.warmup_epochs = warmup_strategy, warmup_epochs
        self.batch_scale, self.updates_per_epoch, self.num_epochs = batch_scale, updates_per_epoch, num_epochs
        self.init_updates = begin_epoch * updates_per_epoch
        self.cumgrads = {}   # index -> {'cum_grad': summed gradient, 'num_cums': gradients counted}
        self.lbmult = self.admult = 1
        self.adaptive = False

    def create_state(self, index, weight):
        # LBSGD's own multi-precision layout, as in MXNet: (momentum, float32 copy)
        if weight.dtype == np.float16:
            if self.multi_precision:
                master = weight.astype(np.float32)
                return (_momentum_state(self, master), master)
            _warn_float16('SGD ')
        return _momentum_state(self, weight)

    def _get_lbmult(self, nup):
        """The rate multiplier after `nup` accumulated gradients (MXNet's arithmetic, operation for
        operation)."""
        span = self.warmup_epochs * self.updates_per_epoch
        top = float(self.batch_scale)
        strategy = self.warmup_strategy
        if nup >= span:
            return top
        if span <= 1 or strategy not in ('linear', 'power2', 'sqrt'):
            return 1.0
        if strategy == 'sqrt':
            return 1.0 + (top - 1) * math.sqrt(float(nup) / span)
        if strategy == 'linear':
            return 1.0 + (top - 1) * nup / span
        return 1.0 + (top - 1) * (nup * nup) / (span * span)

    @staticmethod
    def _get_lars(weight, g, wd):
        """The trust ratio sqrt(|w|^2 / (|g|^2 + wd |w|^2)), kept within [0.01, 100]."""
        w2 = float(weight.double().square().sum())
        g2 = float(g.double().square().sum())
        return min(max(math.sqrt(w2 / (g2 + wd * w2 + 1e-18)), 0.01), 100)

    def _cumulate_gradient(self, grad, index):
        entry = self.cumgrads.get(index)
        if entry and entry['num_cums'] > 0:
            entry = {'cum_grad': entry['cum_grad'] + grad, 'num_cums': entry['num_cums'] + 1}
        else:
            entry = {'cum_grad': grad.clone(), 'num_cums': self.init_updates + 1}
        self.cumgrads[index] = entry
        return entry

    def update(self, index, weight, grad, state):
        if not (isinstance(weight, NDArray) and isinstance(grad, NDArray)):
            raise AssertionError('LBSGD.update: weight and grad must be NDArrays, got {} and {}'.format(
                type(weight).__name__, type(grad).__name__))
        # (MXNet reads the rate before counting this update)
        lr, wd = self._get_lr(index), self._get_wd(index)
        self._update_count(index)
        with torch.no_grad():
            entry = self._cumulate_gradient(grad._t, index)
            if entry['num_cums'] % self.batch_scale:
                return
            g = entry['cum_grad'] / self.batch_scale
            if self.warmup_strategy == 'lars':
                lr *= self._get_lars(weight._t, g, wd)
            else:
                lr *= self._get_lbmult(entry['num_cums'])
            mom, master = state if isinstance(state, (list, tuple)) else (state, None)
            moms = [mom._t] if mom is not None and self.momentum > 0 else None
            target = weight if master is None else master
            _sgd_step([target._t], [g.to(target._t.dtype)], moms, [lr], [wd], self.rescale_grad,
                      _kernel_clip(self.clip_gradient), self.momentum)
            if master is not None:
                weight._t.copy_(master._t)
            entry['cum_grad'] = 0


@register
class SGLD(Optimizer):
    """Stochastic gradient Langevin dynamics (Patterson and Teh, NIPS 2013): a half SGD step plus
    Gaussian noise of variance lr::

        weight = weight - lr / 2 * (g + wd * weight) + normal(0, sqrt(lr))
    """

    def create_state(self, index, weight):
        return None

    def _step(self, weights, grads, states, lrs, wds, counts, indices):
        for w, g, lr, wd in zip(weights, grads, lrs, wds):
            drift = _clipped(g * self.rescale_grad, self.clip_gradient).add_(w, alpha=wd)
            w.add_(drift, alpha=-lr / 2)
            w.add_(torch.randn_like(w), alpha=math.sqrt(lr))


@register
class DCASGD(Optimizer):
    """Delay-compensated asynchronous SGD (Zheng et al., https://arxiv.org/abs/1609.08326)::

        step = -lr * (g + wd * weight + lamda * g * g * (weight - previous_weight))
        mom = momentum * mom + step     (no momentum: mom = step)
        previous_weight = weight
        weight = weight + mom

    Parameters
    ----------
    momentum : float, default 0.0
        Weight of the previous step.
    lamda : float, default 0.04
        Strength of the delay compensation.
    """

    def __init__(self, momentum=0.0, lamda=0.04, **kwargs):
        super().__init__(**kwargs)
        self.momentum, self.lamda = momentum, lamda
        self.weight_previous = {}

    def create_state(self, index, weight):
        return (_momentum_state(self, weight), weight.copy())

    def _step(self, weights, grads, states, lrs, wds, counts, indices):
        for w, g, (mom, prev), lr, wd in zip(weights, grads, states, lrs, wds):
            g = _clipped(g * self.rescale_grad, self.clip_gradient)
            step = (g + wd * w + self.lamda * g * g * (w - prev._t)).mul_(-lr)
            if mom is not None:
                step = mom._t.mul_(self.momentum).add_(step)
            prev._t.copy_(w)
            w.add_(step)
