"""SGD and its relatives: SGD (momentum), ccSGD, NAG, Signum, LARS, LBSGD, SGLD, DCASGD.

Notation of the formulas below: ``g = clip(rescale_grad * grad, clip_gradient)``; weight decay enters the
gradient (``wd * weight``) unless said otherwise.
"""
import logging
import math
import os
import warnings

import numpy as np
import torch

from ..ndarray.ndarray import NDArray
from ..ndarray.ops.optimizer_update import _clipped, _nag_step, _sgd_step, _signsgd_step, _signum_step
from .optimizer import Optimizer, register, _kernel_clip, _tensors, _zeros_like

__all__ = ['SGD', 'ccSGD', 'NAG', 'Signum', 'LARS', 'LBSGD', 'SGLD', 'DCASGD']


def _aggregation_size(default):
    return int(os.getenv('MXNET_OPTIMIZER_AGGREGATION_SIZE', str(default)))


@register
class SGD(Optimizer):
    """Stochastic gradient descent with momentum and weight decay::

        g = clip(rescale_grad * grad, clip_gradient)
        state = momentum * state - lr * (g + wd * weight)
        weight = weight + state

    (without momentum: ``weight = weight - lr * (g + wd * weight)``).

    Parameters
    ----------
    momentum : float, optional
        The momentum value.
    lazy_update : bool, optional
        Accepted for compatibility: MXNet applies lazy updates to row_sparse gradients, which mxtorch
        does not have (its gradients are dense), so updates are always the standard ones.
    multi_precision : bool, optional
        With float16 weights, update a float32 master copy of each weight.
    """
    _master_first = False
    _count_chunks = True
    _mp_calls_update = False
    _fp16_warning_name = 'SGD '

    def __init__(self, momentum=0.0, lazy_update=True, **kwargs):
        super(SGD, self).__init__(**kwargs)
        self.momentum = momentum
        self.lazy_update = lazy_update
        self.aggregate_num = _aggregation_size(4)

    def create_state(self, index, weight):
        return _zeros_like(weight) if self.momentum != 0.0 else None

    def _step(self, weights, grads, states, lrs, wds, counts, indices):
        # as MXNet's SGD, a momentum <= 0 is plain SGD (sgd_update)
        moms = _tensors(states) if self.momentum > 0 else None
        _sgd_step(weights, grads, moms, lrs, wds, self.rescale_grad, _kernel_clip(self.clip_gradient),
                  self.momentum)


@register  # pylint: disable=invalid-name
class ccSGD(SGD):
    """[DEPRECATED] The same as `SGD`."""

    def __init__(self, *args, **kwargs):
        super(ccSGD, self).__init__(*args, **kwargs)


@register
class NAG(Optimizer):
    """Nesterov accelerated gradient::

        d = lr * (g + wd * weight)
        state = momentum * state - d
        weight = weight + momentum * state - d

    (without momentum, plain SGD). Parameters: `momentum`, `multi_precision` as for `SGD`.
    """
    _master_first = False
    _mp_calls_update = False
    _fp16_warning_name = 'NAG '

    def __init__(self, momentum=0.0, **kwargs):
        super(NAG, self).__init__(**kwargs)
        self.momentum = momentum

    def create_state(self, index, weight):
        return _zeros_like(weight) if self.momentum != 0.0 else None

    def _use_multi_precision(self, weight, state):
        return bool(self.multi_precision) and weight.dtype == np.float16 and isinstance(state, (tuple, list))

    def _step(self, weights, grads, states, lrs, wds, counts, indices):
        # without momentum state: plain SGD; a momentum <= 0 with state counts as 0, as in MXNet
        moms = None if states[0] is None else _tensors(states)
        _nag_step(weights, grads, moms, lrs, wds, self.rescale_grad, _kernel_clip(self.clip_gradient),
                  self.momentum if self.momentum > 0 else 0.0)


@register
class Signum(Optimizer):
    """signSGD and Signum: steps of fixed size in the direction of the sign of the gradient (momentum 0)
    or of its momentum::

        state = momentum * state - (1 - momentum) * (g + wd * weight)
        weight = (1 - lr * wd_lh) * weight + lr * sign(state)

    With momentum 0 (signSGD) ``weight = (1 - lr * wd) * weight - lr * sign(grad)``; as in MXNet this form
    ignores rescale_grad and clip_gradient.

    Parameters
    ----------
    momentum : float, optional
        The momentum value.
    wd_lh : float, optional
        Decoupled weight decay (Loshchilov & Hutter), applied to the weight directly.
    """

    def __init__(self, learning_rate=0.01, momentum=0.9, wd_lh=0.0, **kwargs):
        super(Signum, self).__init__(learning_rate=learning_rate, **kwargs)
        self.momentum = momentum
        self.wd_lh = wd_lh

    def create_state(self, index, weight):
        return _zeros_like(weight) if self.momentum != 0.0 else None

    def _step(self, weights, grads, states, lrs, wds, counts, indices):
        if states[0] is None:
            _signsgd_step(weights, grads, lrs, wds)
        else:
            _signum_step(weights, grads, _tensors(states), lrs, wds, self.rescale_grad,
                         _kernel_clip(self.clip_gradient), self.momentum if self.momentum > 0 else 0.0, self.wd_lh)


@register
class LARS(Optimizer):
    """SGD with layer-wise adaptive rate scaling (LARS, https://arxiv.org/abs/1708.03888).

    Each weight whose name does not end in ``gamma``, ``beta`` or ``bias`` gets the learning rate
    ``lr * eta * |w| / (|g| * rescale_grad + wd * |w| + eps)`` (when both norms are positive); then the
    update is SGD's. With `momentum_correction`, momentum is scaled by the ratio of the current to the
    previous learning rate.

    Parameters
    ----------
    momentum : float, optional
        The momentum value.
    lazy_update : bool, optional
        Accepted for compatibility (gradients are dense in mxtorch).
    eta : float, optional
        The LARS coefficient.
    eps : float, optional
        Added to the denominator of the trust ratio.
    momentum_correction : bool, optional
        Whether to scale momentum with learning-rate changes.
    """
    _master_first = False
    _count_chunks = True
    _mp_calls_update = False
    _fp16_warning_name = 'SGD '

    def __init__(self, momentum=0.0, lazy_update=True, eta=0.001, eps=0, momentum_correction=True, **kwargs):
        super(LARS, self).__init__(**kwargs)
        self.momentum = momentum
        self.momentum_correction = momentum_correction
        self.lazy_update = lazy_update
        self.aggregate_num = _aggregation_size(4)
        self.eta = eta
        self.eps = eps
        self.skip = 0
        self.last_lr = None
        self.cur_lr = None

    def _get_lrs(self, indices):
        # remembers the previous rate for momentum correction
        if self.cur_lr is not None:
            self.last_lr = self.cur_lr
        lr = self.lr_scheduler(self.num_update) if self.lr_scheduler is not None else self.lr
        if self.cur_lr is None:
            self.last_lr = lr
        self.cur_lr = lr
        return [lr * self._lr_mult_of(i) for i in indices]

    def set_wd_mult(self, args_wd_mult):
        self.wd_mult = {}
        for n in self.idx2name.values():
            if not n.endswith('_weight'):
                self.wd_mult[n] = 0.0
        if self.sym_info:
            attr, arg_names = self.sym_info
            for name in arg_names:
                if name in attr and '__wd_mult__' in attr[name]:
                    self.wd_mult[name] = float(attr[name]['__wd_mult__'])
        self.wd_mult.update(args_wd_mult)

    def create_state(self, index, weight):
        return _zeros_like(weight) if self.momentum != 0.0 else None

    def _apply(self, indices, weights, grads, states, multi_precision, chunk=None):
        # the momentum correction reads the rates of each batch of `chunk` weights, as MXNet's does
        size = chunk or len(indices) or 1
        for s in range(0, len(indices), size):
            super(LARS, self)._apply(indices[s:s + size], weights[s:s + size], grads[s:s + size],
                                     states[s:s + size], multi_precision, chunk=size)

    def _step(self, weights, grads, states, lrs, wds, counts, indices):
        momentum = self.momentum
        if momentum > 0 and self.momentum_correction and self.last_lr != 0:
            momentum = self.momentum * (self.cur_lr / self.last_lr)
        clip = _kernel_clip(self.clip_gradient)
        for k, (i, w, g, lr, wd) in enumerate(zip(indices, weights, grads, lrs, wds)):
            name = self.idx2name[i] if i in self.idx2name else str(i)
            if not (name.endswith('gamma') or name.endswith('beta') or name.endswith('bias')):
                w_norm = w.float().norm()
                g_norm = g.float().norm()
                trust = self.eta * w_norm / (g_norm * self.rescale_grad + wd * w_norm + self.eps)
                lr = torch.where((w_norm > 0) & (g_norm > 0), lr * trust, torch.full_like(w_norm, lr))
                lr = lr.to(w.dtype)
            gr = _clipped(g * self.rescale_grad, clip)
            step = gr.mul_(-lr).sub_(w * (lr * wd))
            if self.momentum > 0:
                mom = states[k]._t
                mom.mul_(momentum).add_(step)
                w.add_(mom)
            else:
                w.add_(step)


@register
class LBSGD(Optimizer):
    """Large-batch SGD: SGD with momentum whose learning rate is scaled up during a warm-up (strategies
    'linear', 'power2', 'sqrt') or by a LARS-like trust ratio ('lars'), and that accumulates
    `batch_scale` gradients before each update.

    Parameters
    ----------
    momentum : float, optional
        The momentum value.
    multi_precision : bool, optional
        With float16 weights, update a float32 master copy.
    warmup_strategy : {'linear', 'power2', 'sqrt', 'lars'}
        How the learning-rate multiplier grows to `batch_scale` during warm-up.
    warmup_epochs : int
        Length of the warm-up in epochs.
    batch_scale : int
        Number of gradients accumulated per update (and the final multiplier).
    updates_per_epoch : int
        Updates per epoch, to convert epochs into updates.
    begin_epoch : int
        The epoch training starts from.
    num_epochs : int
        Total number of epochs.
    """

    def __init__(self, momentum=0.0, multi_precision=False, warmup_strategy='linear', warmup_epochs=5,
                 batch_scale=1, updates_per_epoch=32, begin_epoch=0, num_epochs=60, **kwargs):
        super(LBSGD, self).__init__(**kwargs)
        logging.info('Running Large-Batch SGD Algorithm')
        logging.info('(Batch_scale=%f, warmup_epochs=%d, warmup_strategy=%s, updates_per_epoch=%d)',
                     batch_scale, warmup_epochs, warmup_strategy, updates_per_epoch)
        self.momentum = momentum
        self.multi_precision = multi_precision
        self.warmup_strategy = warmup_strategy
        self.warmup_epochs = warmup_epochs
        self.batch_scale = batch_scale
        self.updates_per_epoch = updates_per_epoch
        self.init_updates = begin_epoch * updates_per_epoch
        self.num_epochs = num_epochs
        self.lbmult = 1
        self.cumgrads = {}
        self.adaptive = False
        self.admult = 1

    def create_state(self, index, weight):
        if self.multi_precision and weight.dtype == np.float16:
            master = weight.astype(np.float32)
            momentum = _zeros_like(master) if self.momentum != 0.0 else None
            return (momentum, master)
        if weight.dtype == np.float16 and not self.multi_precision:
            warnings.warn("Accumulating with float16 in optimizer can lead to "
                          "poor accuracy or slow convergence. "
                          "Consider using multi_precision=True option of the "
                          "SGD optimizer")
        return _zeros_like(weight) if self.momentum != 0.0 else None

    def _get_lbmult(self, nup):
        """The learning-rate multiplier after `nup` accumulated updates of the warm-up."""
        nwup = self.warmup_epochs * self.updates_per_epoch
        strategy = self.warmup_strategy
        maxmult = float(self.batch_scale)
        if nup >= nwup:
            return maxmult
        if nwup <= 1:
            return 1.0
        if strategy == 'linear':
            return 1.0 + (maxmult - 1) * nup / nwup
        if strategy == 'power2':
            return 1.0 + (maxmult - 1) * (nup * nup) / (nwup * nwup)
        if strategy == 'sqrt':
            return 1.0 + (maxmult - 1) * math.sqrt(float(nup) / nwup)
        return 1.0

    def _get_lars(self, weight, g, wd):
        """The trust ratio sqrt(|w|^2 / (|g|^2 + wd |w|^2)), kept within [0.01, 100]."""
        w2 = float((weight.double() ** 2).sum())
        g2 = float((g.double() ** 2).sum())
        lars = math.sqrt(w2 / (g2 + wd * w2 + 1e-18))
        return min(max(lars, 0.01), 100)

    def _cumulate_gradient(self, grad, index):
        cgrad = self.cumgrads.get(index, {})
        if cgrad and cgrad['num_cums'] > 0:
            cum_grad = cgrad['cum_grad'] + grad
            num_cums = cgrad['num_cums'] + 1
        else:
            cum_grad = grad.clone()
            num_cums = self.init_updates + 1
        cgrad = {'cum_grad': cum_grad, 'num_cums': num_cums}
        self.cumgrads[index] = cgrad
        return cgrad

    def update(self, index, weight, grad, state):
        assert isinstance(weight, NDArray) and isinstance(grad, NDArray), \
            'LBSGD.update: weight and grad must be NDArrays'
        # MXNet reads the rate before counting this update
        lr = self._get_lr(index)
        wd = self._get_wd(index)
        self._update_count(index)
        with torch.no_grad():
            cgrad = self._cumulate_gradient(grad._t, index)
            if cgrad['num_cums'] % self.batch_scale != 0:
                return
            g = cgrad['cum_grad'] / self.batch_scale
            if self.warmup_strategy == 'lars':
                lr = lr * self._get_lars(weight._t, g, wd)
            else:
                lr = lr * self._get_lbmult(cgrad['num_cums'])
            clip = _kernel_clip(self.clip_gradient)
            mom = state[0] if isinstance(state, (list, tuple)) else state
            moms = [mom._t] if mom is not None and self.momentum > 0 else None
            if isinstance(state, (list, tuple)):
                master = state[1]
                _sgd_step([master._t], [g.float()], moms, [lr], [wd], self.rescale_grad, clip, self.momentum)
                weight._t.copy_(master._t)
            else:
                _sgd_step([weight._t], [g], moms, [lr], [wd], self.rescale_grad, clip, self.momentum)
            self.cumgrads[index]['cum_grad'] = 0


@register
class SGLD(Optimizer):
    """Stochastic gradient Riemannian Langevin dynamics::

        weight = weight - lr / 2 * (g + wd * weight) + normal(0, sqrt(lr))
    """

    def __init__(self, **kwargs):
        super(SGLD, self).__init__(**kwargs)

    def create_state(self, index, weight):
        return None

    def _step(self, weights, grads, states, lrs, wds, counts, indices):
        for w, g, lr, wd in zip(weights, grads, lrs, wds):
            gr = _clipped(g * self.rescale_grad, self.clip_gradient)
            w.add_(gr.add_(w, alpha=wd), alpha=-lr / 2)
            w.add_(torch.randn_like(w), alpha=math.sqrt(lr))


@register
class DCASGD(Optimizer):
    """Delay-compensated asynchronous SGD (https://arxiv.org/abs/1609.08326)::

        step = -lr * (g + wd * weight + lamda * g * g * (weight - previous_weight))
        mom = momentum * mom + step    (without momentum: mom = step)
        previous_weight = weight
        weight = weight + mom

    Parameters
    ----------
    momentum : float, optional
        The momentum value.
    lamda : float, optional
        Scale of the delay compensation.
    """

    def __init__(self, momentum=0.0, lamda=0.04, **kwargs):
        super(DCASGD, self).__init__(**kwargs)
        self.momentum = momentum
        self.weight_previous = {}
        self.lamda = lamda

    def create_state(self, index, weight):
        mom = None if self.momentum == 0.0 else _zeros_like(weight)
        return (mom, weight.copy())

    def _step(self, weights, grads, states, lrs, wds, counts, indices):
        for w, g, (mom, prev), lr, wd in zip(weights, grads, states, lrs, wds):
            gr = _clipped(g * self.rescale_grad, self.clip_gradient)
            step = gr + wd * w + self.lamda * gr * gr * (w - prev._t)
            step.mul_(-lr)
            if mom is not None:
                mom._t.mul_(self.momentum).add_(step)
                step = mom._t
            prev._t.copy_(w)
            w.add_(step)
