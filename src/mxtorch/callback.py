"""``mx.callback``: what ``Module.fit`` can call after each batch (speed, progress, metric logging) and
after each epoch (checkpoints). The log lines are MXNet's, word for word, so tools that read training
logs keep working."""
import logging
import math
import time

from . import model
from .model import save_checkpoint  # noqa: F401  (mx.callback shows it, as MXNet's imports it)

__all__ = ['module_checkpoint', 'do_checkpoint', 'log_train_metric', 'Speedometer', 'ProgressBar',
           'LogValidationMetricsCallback']


def _every(period):
    period = int(max(1, period))
    return lambda epoch: (epoch + 1) % period == 0


def module_checkpoint(mod, prefix, period=1, save_optimizer_states=False):
    """An epoch-end callback saving `mod` (``mod.save_checkpoint(prefix, epoch + 1, ...)``) every
    `period` epochs."""
    due = _every(period)

    def _callback(iter_no, sym=None, arg=None, aux=None):
        if due(iter_no):
            mod.save_checkpoint(prefix, iter_no + 1, save_optimizer_states)
    return _callback


def do_checkpoint(prefix, period=1):
    """An epoch-end callback writing the checkpoint ``prefix``/epoch + 1 (mx.model.save_checkpoint) every
    `period` epochs."""
    due = _every(period)

    def _callback(iter_no, sym, arg, aux):
        if due(iter_no):
            model.save_checkpoint(prefix, iter_no + 1, sym, arg, aux)
    return _callback


def log_train_metric(period, auto_reset=False):
    """A batch-end callback logging the training metric every `period` batches (and then resetting its
    local tally with `auto_reset`)."""
    def _callback(param):
        if param.nbatch % period == 0 and param.eval_metric is not None:
            for name, value in param.eval_metric.get_name_value():
                logging.info('Iter[%d] Batch[%d] Train-%s=%f', param.epoch, param.nbatch, name, value)
            if auto_reset:
                param.eval_metric.reset_local()
    return _callback


class Speedometer:
    """A batch-end callback logging the throughput (samples/sec) and the metric every `frequent`
    batches; with `auto_reset` the metric's local tally restarts after each line, so each line shows the
    batches since the one before."""

    def __init__(self, batch_size, frequent=50, auto_reset=True):
        self.batch_size, self.frequent, self.auto_reset = batch_size, frequent, auto_reset
        # timing starts at the first batch seen (again after a new epoch starts counting from 0)
        self.init, self.tic, self.last_count = False, 0, 0

    def __call__(self, param):
        count = param.nbatch
        if self.last_count > count:      # a new epoch started
            self.init = False
        self.last_count = count
        if not self.init:
            self.init = True
            self.tic = time.time()
            return
        if count % self.frequent != 0:
            return
        elapsed = time.time() - self.tic
        speed = self.frequent * self.batch_size / elapsed if elapsed else float('inf')
        metric = param.eval_metric
        if metric is None:
            logging.info('Iter[%d] Batch [%d]\tSpeed: %.2f samples/sec', param.epoch, count, speed)
        else:
            pairs = metric.get_name_value()
            values = [x for pair in pairs for x in pair]
            if self.auto_reset:
                metric.reset_local()
                logging.info('Epoch[%d] Batch [%d-%d]\tSpeed: %.2f samples/sec' + '\t%s=%f' * len(pairs),
                             param.epoch, count - self.frequent, count, speed, *values)
            else:
                logging.info('Epoch[%d] Batch [0-%d]\tSpeed: %.2f samples/sec' + '\t%s=%f' * len(pairs),
                             param.epoch, count, speed, *values)
        self.tic = time.time()


class ProgressBar:
    """A batch-end callback drawing a text progress bar of `length` characters towards `total` batches."""

    def __init__(self, total, length=80):
        self.total, self.bar_len = total, length

    def __call__(self, param):
        count = param.nbatch
        filled = int(round(self.bar_len * count / float(self.total)))
        bar = '=' * filled + '-' * (self.bar_len - filled)
        logging.info('[%s] %s%s\r', bar, math.ceil(100.0 * count / float(self.total)), '%')


class LogValidationMetricsCallback:
    """An eval-end callback logging each validation metric as ``Epoch[e] Validation-<name>=<value>``."""

    def __call__(self, param):
        if not param.eval_metric:
            return
        for name, value in param.eval_metric.get_name_value():
            logging.info('Epoch[%d] Validation-%s=%f', param.epoch, name, value)
