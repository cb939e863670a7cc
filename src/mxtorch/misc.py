"""mx.misc: MXNet's legacy learning-rate schedulers (called with the iteration number; superseded by
mx.lr_scheduler, whose schedulers take the number of updates)."""
import logging
import math


class LearningRateScheduler(object):
    """Base class: ``scheduler(iteration)`` gives the learning rate; ``base_lr`` starts at 0.01."""

    def __init__(self):
        self.base_lr = 0.01

    def __call__(self, iteration):
        raise NotImplementedError('must override this')


class FactorScheduler(LearningRateScheduler):
    """``base_lr * factor ** (iteration // step)``, logging each change of rate.

    step : int, at least 1 -- iterations between reductions.
    factor : float, below 1 -- what the rate is multiplied by at each reduction.
    """

    def __init__(self, step, factor=0.1):
        super().__init__()
        if step < 1:
            raise ValueError('Schedule step must be greater or equal than 1 round')
        if factor >= 1.0:
            raise ValueError('Factor must be less than 1 to make lr reduce')
        self.step, self.factor = step, factor
        self.old_lr, self.init = self.base_lr, False

    def __call__(self, iteration):
        if not self.init:
            # base_lr may have been changed since construction: the first call starts from it
            self.old_lr, self.init = self.base_lr, True
        rate = self.base_lr * math.pow(self.factor, int(iteration / self.step))
        if rate == self.old_lr:
            return rate
        self.old_lr = rate
        logging.info('At Iteration [%d]: Swith to new learning rate %.5f', iteration, rate)
        return rate
