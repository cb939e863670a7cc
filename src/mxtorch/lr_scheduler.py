"""Learning-rate schedules (mx.lr_scheduler).

An optimizer with a scheduler asks it for the rate before each update, passing ``num_update``: the most
updates any one of its weights has had. Every schedule can open with a warm-up of ``warmup_steps``
updates that climbs in equal steps from ``warmup_begin_lr`` to ``base_lr`` (mode 'linear') or stays at
``warmup_begin_lr`` (mode 'constant'); the schedule proper runs after it.

Schedules carry their progress in their attributes, under the names MXNet gives them: FactorScheduler and
MultiFactorScheduler lower ``base_lr`` as they pass their steps, PolyScheduler and CosineScheduler write
the current rate there. A scheduler pickled with its optimizer (``Trainer.save_states``, also by MXNet
itself) therefore resumes where it was.
"""
import logging
from math import cos, pi

__all__ = ['LRScheduler', 'FactorScheduler', 'MultiFactorScheduler', 'PolyScheduler', 'CosineScheduler']


def _need_int(value, what, owner):
    # MXNet asserts these types: the AssertionError stays, with a message saying what was wrong
    if not isinstance(value, int):
        raise AssertionError('{}: {} must be an int, got {!r}'.format(owner, what, value))


def _check_factor(factor):
    if factor > 1.0:
        raise ValueError("Factor must be no more than 1 to make lr reduce")


_BAD_STEP = "Schedule step must be greater or equal than 1 round"


class LRScheduler(object):
    """Base class of the schedules. ``scheduler(num_update)`` is the learning rate to use after
    `num_update` updates; subclasses define the part after the warm-up.

    Parameters
    ----------
    base_lr : float, default 0.01
        The rate the warm-up leads to and the schedule starts from.
    warmup_steps : int, default 0
        Length of the warm-up, in updates.
    warmup_begin_lr : float, default 0
        The rate at the first warm-up update; not above `base_lr`.
    warmup_mode : {'linear', 'constant'}, default 'linear'
        Climb from `warmup_begin_lr` to `base_lr`, or hold `warmup_begin_lr` throughout.
    """

    def __init__(self, base_lr=0.01, warmup_steps=0, warmup_begin_lr=0, warmup_mode='linear'):
        _need_int(warmup_steps, 'warmup_steps', type(self).__name__)
        if warmup_begin_lr > base_lr:
            raise ValueError("Base lr has to be higher than warmup_begin_lr")
        if warmup_steps < 0:
            raise ValueError("Warmup steps has to be positive or 0")
        if warmup_mode not in ('linear', 'constant'):
            raise ValueError("Supports only linear and constant modes of warmup")
        self.base_lr = base_lr
        self.warmup_final_lr = base_lr
        self.warmup_begin_lr = warmup_begin_lr
        self.warmup_steps = warmup_steps
        self.warmup_mode = warmup_mode

    def get_warmup_lr(self, num_update):
        """The rate at update `num_update` of the warm-up (which must not be over yet)."""
        if not num_update < self.warmup_steps:
            raise AssertionError('get_warmup_lr({}): the warm-up lasts {} updates'.format(
                num_update, self.warmup_steps))
        begin = self.warmup_begin_lr
        if self.warmup_mode == 'constant':
            return begin
        if self.warmup_mode == 'linear':
            return begin + (self.warmup_final_lr - begin) * float(num_update) / float(self.warmup_steps)
        raise ValueError("Invalid warmup mode %s" % self.warmup_mode)

    def __call__(self, num_update):
        """The learning rate after `num_update` updates (the largest update count of any weight)."""
        if num_update < self.warmup_steps:
            return self.get_warmup_lr(num_update)
        return self._scheduled(num_update)

    def _scheduled(self, num_update):
        raise NotImplementedError("must override this")


class FactorScheduler(LRScheduler):
    """Multiplies the rate by `factor` once every `step` updates: after the warm-up the rate is
    ``base_lr * factor ** ((num_update - 1) // step)``, but never less than `stop_factor_lr`.

    Parameters
    ----------
    step : int
        Updates between two reductions; at least 1.
    factor : float, default 1
        The multiplier of each reduction; at most 1.
    stop_factor_lr : float, default 1e-8
        The floor of the rate.
    base_lr, warmup_steps, warmup_begin_lr, warmup_mode
        As for :class:`LRScheduler`.
    """

    def __init__(self, step, factor=1, stop_factor_lr=1e-8, base_lr=0.01,
                 warmup_steps=0, warmup_begin_lr=0, warmup_mode='linear'):
        super().__init__(base_lr, warmup_steps, warmup_begin_lr, warmup_mode)
        if step < 1:
            raise ValueError(_BAD_STEP)
        _check_factor(factor)
        self.step, self.factor, self.stop_factor_lr = step, factor, stop_factor_lr
        self.count = 0   # the update count of the latest reduction

    def _scheduled(self, num_update):
        # one reduction per `step` updates passed; a loop, so that a jump ahead (a resumed run) takes
        # every reduction it skipped
        while num_update > self.count + self.step:
            self.count += self.step
            lowered = self.base_lr * self.factor
            if lowered < self.stop_factor_lr:
                self.base_lr = self.stop_factor_lr
                logging.info("Update[%d]: now learning rate arrived at %0.5e, will not change in the future",
                             num_update, self.base_lr)
            else:
                self.base_lr = lowered
                logging.info("Update[%d]: Change learning rate to %0.5e", num_update, lowered)
        return self.base_lr


class MultiFactorScheduler(LRScheduler):
    """Multiplies the rate by `factor` each time `num_update` passes one of the counts in `step`.

    Parameters
    ----------
    step : list of int
        Strictly increasing update counts, the first at least 1.
    factor : float, default 1
        The multiplier of each reduction; at most 1.
    base_lr, warmup_steps, warmup_begin_lr, warmup_mode
        As for :class:`LRScheduler`.
    """

    def __init__(self, step, factor=1, base_lr=0.01, warmup_steps=0, warmup_begin_lr=0,
                 warmup_mode='linear'):
        super().__init__(base_lr, warmup_steps, warmup_begin_lr, warmup_mode)
        if not (isinstance(step, list) and step):
            raise AssertionError('MultiFactorScheduler: step must be a non-empty list of update counts, '
                                 'got {!r}'.format(step))
        # (with the first count >= 1 and every next one larger, all are >= 1)
        if step[0] < 1:
            raise ValueError(_BAD_STEP)
        if any(later <= earlier for earlier, later in zip(step, step[1:])):
            raise ValueError("Schedule step must be an increasing integer list")
        _check_factor(factor)
        self.step, self.factor = step, factor
        self.cur_step_ind = 0   # how many of `step` have been passed
        self.count = 0          # the last count passed

    def _scheduled(self, num_update):
        while self.cur_step_ind < len(self.step) and num_update > self.step[self.cur_step_ind]:
            self.count = self.step[self.cur_step_ind]
            self.cur_step_ind += 1
            self.base_lr *= self.factor
            logging.info("Update[%d]: Change learning rate to %0.5e", num_update, self.base_lr)
        return self.base_lr


class _DecayToFinal(LRScheduler):
    """A schedule that moves the rate from `base_lr` (at the end of warm-up) to `final_lr` (at update
    `max_update`) along a curve, ``final_lr + (base_lr - final_lr) * curve(elapsed)``, and keeps `final_lr`
    after it."""

    def __init__(self, max_update, base_lr, final_lr, warmup_steps, warmup_begin_lr, warmup_mode):
        super().__init__(base_lr, warmup_steps, warmup_begin_lr, warmup_mode)
        _need_int(max_update, 'max_update', type(self).__name__)
        if max_update < 1:
            raise ValueError("maximum number of updates must be strictly positive")
        self.base_lr_orig = base_lr
        self.final_lr = final_lr
        self.max_update = max_update
        self.max_steps = max_update - warmup_steps   # the length of the decay

    def _scheduled(self, num_update):
        if num_update <= self.max_update:
            span = self.base_lr_orig - self.final_lr
            self.base_lr = self.final_lr + span * self._curve(num_update - self.warmup_steps)
        return self.base_lr

    def _curve(self, elapsed):
        """Goes from 1 (elapsed 0) to 0 (elapsed max_steps)."""
        raise NotImplementedError()


class PolyScheduler(_DecayToFinal):
    """Polynomial decay: after the warm-up, the rate follows
    ``final_lr + (base_lr - final_lr) * (1 - elapsed / (max_update - warmup_steps)) ** pwr``
    down to `final_lr` at update `max_update`, and stays there.

    Parameters
    ----------
    max_update : int
        The update at which the rate reaches `final_lr`.
    base_lr : float, default 0.01
        The rate the decay starts from.
    pwr : int, default 2
        The power of the polynomial.
    final_lr : float, default 0
        The rate from `max_update` on.
    warmup_steps, warmup_begin_lr, warmup_mode
        As for :class:`LRScheduler`.
    """

    def __init__(self, max_update, base_lr=0.01, pwr=2, final_lr=0,
                 warmup_steps=0, warmup_begin_lr=0, warmup_mode='linear'):
        super().__init__(max_update, base_lr, final_lr, warmup_steps, warmup_begin_lr, warmup_mode)
        self.power = pwr

    def _curve(self, elapsed):
        return pow(1 - float(elapsed) / float(self.max_steps), self.power)


class CosineScheduler(_DecayToFinal):
    """Cosine decay: after the warm-up, the rate follows
    ``final_lr + (base_lr - final_lr) * (1 + cos(pi * elapsed / (max_update - warmup_steps))) / 2``
    down to `final_lr` at update `max_update`, and stays there.

    Parameters
    ----------
    max_update : int
        The update at which the rate reaches `final_lr`.
    base_lr : float, default 0.01
        The rate the decay starts from.
    final_lr : float, default 0
        The rate from `max_update` on.
    warmup_steps, warmup_begin_lr, warmup_mode
        As for :class:`LRScheduler`.
    """

    def __init__(self, max_update, base_lr=0.01, final_lr=0,
                 warmup_steps=0, warmup_begin_lr=0, warmup_mode='linear'):
        super().__init__(max_update, base_lr, final_lr, warmup_steps, warmup_begin_lr, warmup_mode)

    def _curve(self, elapsed):
        # (halving is exact in binary floating point: the same values as MXNet's formula)
        return (1 + cos(pi * elapsed / self.max_steps)) / 2
