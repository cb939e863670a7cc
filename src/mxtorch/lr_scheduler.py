"""Learning-rate schedulers (mx.lr_scheduler).

A scheduler is called with the number of updates done so far (``num_update``, the largest update count
of any weight, kept by the optimizer) and returns the learning rate to use. Every scheduler can warm up:
for the first ``warmup_steps`` updates the rate rises linearly from ``warmup_begin_lr`` to ``base_lr``
(``warmup_mode='linear'``) or stays at ``warmup_begin_lr`` (``'constant'``).

As in MXNet, FactorScheduler and MultiFactorScheduler keep state (they lower ``base_lr`` as updates go
by), and PolyScheduler/CosineScheduler store the current rate in ``base_lr``.
"""
import logging
from math import cos, pi

__all__ = ['LRScheduler', 'FactorScheduler', 'MultiFactorScheduler', 'PolyScheduler', 'CosineScheduler']


class LRScheduler(object):
    """Base class of learning-rate schedulers.

    Parameters
    ----------
    base_lr : float, optional
        The learning rate once warm-up is over.
    warmup_steps : int
        Number of updates spent warming up before the schedule proper starts.
    warmup_begin_lr : float
        The learning rate warm-up starts from (at most `base_lr`).
    warmup_mode : {'linear', 'constant'}
        'linear' raises the rate in equal increments from `warmup_begin_lr` to `base_lr`;
        'constant' keeps it at `warmup_begin_lr` during warm-up.
    """

    def __init__(self, base_lr=0.01, warmup_steps=0, warmup_begin_lr=0, warmup_mode='linear'):
        self.base_lr = base_lr
        assert isinstance(warmup_steps, int), \
            'warmup_steps must be an int, got {}'.format(type(warmup_steps).__name__)
        self.warmup_steps = warmup_steps
        self.warmup_final_lr = base_lr
        self.warmup_begin_lr = warmup_begin_lr
        if self.warmup_begin_lr > self.warmup_final_lr:
            raise ValueError("Base lr has to be higher than warmup_begin_lr")
        if self.warmup_steps < 0:
            raise ValueError("Warmup steps has to be positive or 0")
        if warmup_mode not in ('linear', 'constant'):
            raise ValueError("Supports only linear and constant modes of warmup")
        self.warmup_mode = warmup_mode

    def get_warmup_lr(self, num_update):
        """The learning rate at update `num_update` (< warmup_steps) of warm-up."""
        assert num_update < self.warmup_steps
        if self.warmup_mode == 'linear':
            step = (self.warmup_final_lr - self.warmup_begin_lr) * float(num_update) / float(self.warmup_steps)
            return self.warmup_begin_lr + step
        if self.warmup_mode == 'constant':
            return self.warmup_begin_lr
        raise ValueError("Invalid warmup mode %s" % self.warmup_mode)

    def __call__(self, num_update):
        """The learning rate after `num_update` updates (the largest number of updates of any weight)."""
        raise NotImplementedError("must override this")


class FactorScheduler(LRScheduler):
    """Multiplies the learning rate by `factor` every `step` updates:
    ``base_lr * factor ** floor((num_update - 1) / step)``, never going below `stop_factor_lr`.

    Parameters
    ----------
    step : int
        Number of updates between two reductions (at least 1).
    factor : float, optional
        The multiplier applied at each reduction (at most 1).
    stop_factor_lr : float, optional
        The rate is not reduced below this value.
    base_lr, warmup_steps, warmup_begin_lr, warmup_mode
        See :class:`LRScheduler`.
    """

    def __init__(self, step, factor=1, stop_factor_lr=1e-8, base_lr=0.01,
                 warmup_steps=0, warmup_begin_lr=0, warmup_mode='linear'):
        super(FactorScheduler, self).__init__(base_lr, warmup_steps, warmup_begin_lr, warmup_mode)
        if step < 1:
            raise ValueError("Schedule step must be greater or equal than 1 round")
        if factor > 1.0:
            raise ValueError("Factor must be no more than 1 to make lr reduce")
        self.step = step
        self.factor = factor
        self.stop_factor_lr = stop_factor_lr
        self.count = 0

    def __call__(self, num_update):
        if num_update < self.warmup_steps:
            return self.get_warmup_lr(num_update)
        # a loop, not an if: training resumed at a later update catches up on every reduction it missed
        while num_update > self.count + self.step:
            self.count += self.step
            self.base_lr *= self.factor
            if self.base_lr < self.stop_factor_lr:
                self.base_lr = self.stop_factor_lr
                logging.info("Update[%d]: now learning rate arrived at %0.5e, will not "
                             "change in the future", num_update, self.base_lr)
            else:
                logging.info("Update[%d]: Change learning rate to %0.5e", num_update, self.base_lr)
        return self.base_lr


class MultiFactorScheduler(LRScheduler):
    """Multiplies the learning rate by `factor` each time the update count passes one of `step`.

    Parameters
    ----------
    step : list of int
        Increasing update counts (each at least 1) after which the rate is reduced.
    factor : float
        The multiplier applied at each reduction (at most 1).
    base_lr, warmup_steps, warmup_begin_lr, warmup_mode
        See :class:`LRScheduler`.
    """

    def __init__(self, step, factor=1, base_lr=0.01, warmup_steps=0, warmup_begin_lr=0,
                 warmup_mode='linear'):
        super(MultiFactorScheduler, self).__init__(base_lr, warmup_steps, warmup_begin_lr, warmup_mode)
        assert isinstance(step, list) and len(step) >= 1, 'step must be a non-empty list of int'
        for i, s in enumerate(step):
            if i != 0 and step[i] <= step[i - 1]:
                raise ValueError("Schedule step must be an increasing integer list")
            if s < 1:
                raise ValueError("Schedule step must be greater or equal than 1 round")
        if factor > 1.0:
            raise ValueError("Factor must be no more than 1 to make lr reduce")
        self.step = step
        self.cur_step_ind = 0
        self.factor = factor
        self.count = 0

    def __call__(self, num_update):
        if num_update < self.warmup_steps:
            return self.get_warmup_lr(num_update)
        # pass every boundary already behind num_update (several at once when resuming)
        while self.cur_step_ind < len(self.step) and num_update > self.step[self.cur_step_ind]:
            self.count = self.step[self.cur_step_ind]
            self.cur_step_ind += 1
            self.base_lr *= self.factor
            logging.info("Update[%d]: Change learning rate to %0.5e", num_update, self.base_lr)
        return self.base_lr


class PolyScheduler(LRScheduler):
    """Polynomial decay after warm-up:
    ``final_lr + (base_lr - final_lr) * (1 - (num_update - warmup_steps) / (max_update - warmup_steps)) ** pwr``
    up to `max_update`, then `final_lr`.

    Parameters
    ----------
    max_update : int
        The update count at which the rate reaches `final_lr`.
    base_lr : float
        The rate the decay starts from.
    pwr : int
        The power of the decay.
    final_lr : float
        The rate after `max_update` updates.
    warmup_steps, warmup_begin_lr, warmup_mode
        See :class:`LRScheduler`.
    """

    def __init__(self, max_update, base_lr=0.01, pwr=2, final_lr=0,
                 warmup_steps=0, warmup_begin_lr=0, warmup_mode='linear'):
        super(PolyScheduler, self).__init__(base_lr, warmup_steps, warmup_begin_lr, warmup_mode)
        assert isinstance(max_update, int), 'max_update must be an int'
        if max_update < 1:
            raise ValueError("maximum number of updates must be strictly positive")
        self.power = pwr
        self.base_lr_orig = self.base_lr
        self.max_update = max_update
        self.final_lr = final_lr
        self.max_steps = self.max_update - self.warmup_steps

    def __call__(self, num_update):
        if num_update < self.warmup_steps:
            return self.get_warmup_lr(num_update)
        if num_update <= self.max_update:
            done = float(num_update - self.warmup_steps) / float(self.max_steps)
            self.base_lr = self.final_lr + (self.base_lr_orig - self.final_lr) * pow(1 - done, self.power)
        return self.base_lr


class CosineScheduler(LRScheduler):
    """Cosine decay after warm-up:
    ``final_lr + (base_lr - final_lr) * (1 + cos(pi * (num_update - warmup_steps) / (max_update - warmup_steps))) / 2``
    up to `max_update`, then `final_lr`.

    Parameters
    ----------
    max_update : int
        The update count at which the rate reaches `final_lr`.
    base_lr : float
        The rate the decay starts from.
    final_lr : float
        The rate after `max_update` updates.
    warmup_steps, warmup_begin_lr, warmup_mode
        See :class:`LRScheduler`.
    """

    def __init__(self, max_update, base_lr=0.01, final_lr=0,
                 warmup_steps=0, warmup_begin_lr=0, warmup_mode='linear'):
        super(CosineScheduler, self).__init__(base_lr, warmup_steps, warmup_begin_lr, warmup_mode)
        assert isinstance(max_update, int), 'max_update must be an int'
        if max_update < 1:
            raise ValueError("maximum number of updates must be strictly positive")
        self.base_lr_orig = base_lr
        self.max_update = max_update
        self.final_lr = final_lr
        self.max_steps = self.max_update - self.warmup_steps

    def __call__(self, num_update):
        if num_update < self.warmup_steps:
            return self.get_warmup_lr(num_update)
        if num_update <= self.max_update:
            self.base_lr = self.final_lr + (self.base_lr_orig - self.final_lr) * \
                (1 + cos(pi * (num_update - self.warmup_steps) / self.max_steps)) / 2
        return self.base_lr
