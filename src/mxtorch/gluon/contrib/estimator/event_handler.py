"""Event handlers of the Estimator: objects called at the start and end of training, of each epoch and of
each batch. A handler takes part in an event by deriving from its interface class (TrainBegin, EpochEnd,
...); handlers run in ascending order of their ``priority`` (0 when they have none). A ``batch_end`` or
``epoch_end`` that returns True stops the loop it ends."""
import os
import time
import warnings

import numpy as np

from ....base import _require
from ....metric import CompositeEvalMetric, EvalMetric, Loss as _LossMetric
from .utils import _check_metrics

__all__ = ['TrainBegin', 'TrainEnd', 'EpochBegin', 'EpochEnd', 'BatchBegin', 'BatchEnd', 'StoppingHandler',
           'MetricHandler', 'ValidationHandler', 'LoggingHandler', 'CheckpointHandler',
           'EarlyStoppingHandler', 'GradientUpdateHandler']

_INF = float('inf')


class EventHandler(object):
    """The base of every event handler interface."""


def _check_event_handlers(handlers):
    """A list of handlers from None, one handler or a list of them; anything else is a ValueError."""
    if isinstance(handlers, EventHandler):
        return [handlers]
    handlers = handlers or []
    if any(not isinstance(h, EventHandler) for h in handlers):
        raise ValueError("handlers must be an EventHandler or a list of EventHandler, got: {}".format(handlers))
    return handlers


class TrainBegin(EventHandler):
    """Called once before the first epoch."""

    def train_begin(self, estimator, *args, **kwargs):
        return None


class TrainEnd(EventHandler):
    """Called once after the last epoch."""

    def train_end(self, estimator, *args, **kwargs):
        return None


class EpochBegin(EventHandler):
    """Called before each epoch (and before each evaluation pass)."""

    def epoch_begin(self, estimator, *args, **kwargs):
        return None


class EpochEnd(EventHandler):
    """Called after each epoch; returning True ends training."""

    def epoch_end(self, estimator, *args, **kwargs):
        return False


class BatchBegin(EventHandler):
    """Called before each batch, with keyword ``batch``."""

    def batch_begin(self, estimator, *args, **kwargs):
        return None


class BatchEnd(EventHandler):
    """Called after each batch, with keywords ``batch``, ``pred``, ``label``, ``loss``; returning True
    ends the epoch (and, through the StoppingHandler, training)."""

    def batch_end(self, estimator, *args, **kwargs):
        return False


def _monitor_op(kind, mode, monitor):
    """np.less or np.greater for `mode`. 'auto' gives np.greater whatever the metric (MXNet 1.9.1 does
    the same), and says so in a warning."""
    if mode not in ('auto', 'min', 'max'):
        warnings.warn('%s mode %s is unknown, fallback to auto mode. CheckpointHandler will use'
                      'max mode for f1 and accuracy metric comparison and use min mode other wise'
                      % (kind, mode), RuntimeWarning)
        mode = 'auto'
    if mode == 'min':
        return np.less
    if mode == 'max':
        return np.greater
    warnings.warn("`greater` operator will be used to determine if {} has improved. Please specify "
                  "`mode='min'` to use the `less` operator. Specify `mode='max' to disable this warning.`"
                  .format(monitor.get()[0]))
    return np.greater


def _worst(op):
    return _INF if op is np.less else -_INF


class StoppingHandler(TrainBegin, BatchEnd, EpochEnd):
    """Ends training after `max_epoch` epochs or `max_batch` batches (the estimator's ``fit`` settings,
    read at train begin)."""

    def __init__(self, max_epoch=None, max_batch=None):
        self.max_epoch, self.max_batch = max_epoch, max_batch
        self.current_batch = self.current_epoch = 0
        self.stop_training = False

    def train_begin(self, estimator, *args, **kwargs):
        self.max_epoch, self.max_batch = estimator.max_epoch, estimator.max_batch
        self.current_batch = self.current_epoch = 0

    def batch_end(self, estimator, *args, **kwargs):
        self.current_batch += 1
        self.stop_training = self.stop_training or self.current_batch == self.max_batch
        return self.stop_training

    def epoch_end(self, estimator, *args, **kwargs):
        self.current_epoch = self.current_epoch + 1
        self.stop_training = self.stop_training or self.current_epoch == self.max_epoch
        return self.stop_training


class MetricHandler(EpochBegin, BatchEnd):
    """Resets `metrics` at each epoch begin and updates them at each batch end: a ``metric.Loss`` with the
    batch's losses, any other metric with its labels and predictions. Runs early (priority -1000) so that
    later handlers see updated values."""

    def __init__(self, metrics, priority=-1000):
        self.priority = priority
        self.metrics = _check_metrics(metrics)

    def epoch_begin(self, estimator, *args, **kwargs):
        for m in self.metrics:
            m.reset()

    def batch_end(self, estimator, *args, **kwargs):
        for m in self.metrics:
            if isinstance(m, _LossMetric):
                m.update(0, kwargs['loss'])
            else:
                m.update(kwargs['label'], kwargs['pred'])


class ValidationHandler(TrainBegin, BatchEnd, EpochEnd):
    """Calls ``eval_fn(val_data=..., batch_axis=..., event_handlers=...)`` (normally the estimator's
    ``evaluate``) every `epoch_period` epochs and, when set, every `batch_period` batches."""

    def __init__(self, val_data, eval_fn, epoch_period=1, batch_period=None, priority=-1000,
                 event_handlers=None):
        self.val_data, self.eval_fn, self.event_handlers = val_data, eval_fn, event_handlers
        self.epoch_period, self.batch_period = epoch_period, batch_period
        self.current_batch = self.current_epoch = 0
        self.priority = priority

    def _run(self, estimator):
        self.eval_fn(val_data=self.val_data, batch_axis=estimator.batch_axis,
                     event_handlers=self.event_handlers)

    def train_begin(self, estimator, *args, **kwargs):
        self.current_batch = self.current_epoch = 0

    def batch_end(self, estimator, *args, **kwargs):
        self.current_batch += 1
        if self.batch_period and not self.current_batch % self.batch_period:
            self._run(estimator)

    def epoch_end(self, estimator, *args, **kwargs):
        self.current_epoch += 1
        if self.epoch_period and not self.current_epoch % self.epoch_period:
            self._run(estimator)


def _format_metrics(metrics):
    return ''.join('%s: %.4f, ' % m.get() for m in metrics)


class LoggingHandler(TrainBegin, TrainEnd, EpochBegin, EpochEnd, BatchBegin, BatchEnd):
    """Writes the optimizer, learning rate, timings and `metrics` to ``estimator.logger``: at train begin
    and end, at each epoch's begin and end, and with an integer `log_interval` every that many batches
    (``'epoch'``: no batch lines). Runs last (priority inf) so that it logs the final state of a step."""

    def __init__(self, log_interval='epoch', metrics=None, priority=_INF):
        super(LoggingHandler, self).__init__()
        if log_interval != 'epoch' and not isinstance(log_interval, int):
            raise ValueError("log_interval must be either an integer or string 'epoch'")
        self.metrics = _check_metrics(metrics)
        self.log_interval, self.priority = log_interval, priority
        self.batch_index = self.current_epoch = self.processed_samples = 0
        self.log_interval_time = 0

    def _per_batch(self):
        return isinstance(self.log_interval, int)

    def train_begin(self, estimator, *args, **kwargs):
        self.train_start, trainer = time.time(), estimator.trainer
        estimator.logger.info("Training begin: using optimizer %s with current learning rate %.4f ",
                              type(trainer.optimizer).__name__, trainer.learning_rate)
        by_epochs = bool(estimator.max_epoch)
        estimator.logger.info("Train for %d epochs." if by_epochs else "Train for %d batches.",
                              estimator.max_epoch if by_epochs else estimator.max_batch)
        self.current_epoch = self.batch_index = self.processed_samples = 0
        self.log_interval_time = 0

    def train_end(self, estimator, *args, **kwargs):
        seconds = time.time() - self.train_start
        line = 'Train finished using total %ds with %d epochs. ' % (seconds, self.current_epoch)
        estimator.logger.info((line + _format_metrics(self.metrics)).rstrip(', '))

    def batch_begin(self, estimator, *args, **kwargs):
        if self._per_batch():
            self.batch_start = time.time()

    def batch_end(self, estimator, *args, **kwargs):
        if self._per_batch():
            self.log_interval_time += time.time() - self.batch_start
            self.processed_samples += kwargs['batch'][0].shape[0]
            if self.batch_index % self.log_interval == 0:
                line = '[Epoch %d][Batch %d][Samples %s] time/interval: %.3fs ' % (
                    self.current_epoch, self.batch_index, self.processed_samples, self.log_interval_time)
                self.log_interval_time = 0
                estimator.logger.info((line + _format_metrics(self.metrics)).rstrip(', '))
        self.batch_index += 1

    def epoch_begin(self, estimator, *args, **kwargs):
        if not (self._per_batch() or self.log_interval == 'epoch'):
            return
        self.epoch_start = time.time()
        # the estimator names its training metrics 'training ...': without one this is a validation pass
        if not any('training' in m.name for m in self.metrics):
            estimator.logger.info("Validation Begin")
        else:
            estimator.logger.info("[Epoch %d] Begin, current learning rate: %.4f", self.current_epoch,
                                  estimator.trainer.learning_rate)

    def epoch_end(self, estimator, *args, **kwargs):
        if self._per_batch() or self.log_interval == 'epoch':
            line = '[Epoch %d] Finished in %.3fs, ' % (self.current_epoch, time.time() - self.epoch_start)
            estimator.logger.info((line + _format_metrics(self.metrics)).rstrip(', '))
        self.current_epoch += 1
        self.batch_index = 0


_CKPT_FORMAT_ERROR = ("Error parsing checkpoint file, please check your checkpoints have the format: "
                      "{model_name}-epoch{epoch_number}batch{batch_number}.params, there should also be a "
                      ".states file for each .params file ")

_RESUME_PERIOD_ERROR = ("To use resume from checkpoint, you must only specify the same type of period you "
                        "used for training.For example, if you are training based on number of epochs,you "
                        "must save only based on epochs, and set batch_period to None.")


class CheckpointHandler(TrainBegin, BatchEnd, EpochEnd):
    """Saves ``net.save_parameters`` and ``trainer.save_states`` into `model_dir` every `epoch_period`
    epochs and/or every `batch_period` batches, as ``<model_prefix>-epoch<E>batch<B>.params`` and
    ``.states``, keeping the newest `max_checkpoints`. After the first batch it writes the graph of a
    hybridized net as ``<model_prefix>-symbol.json`` (or logs that it cannot).

    With `save_best`, `monitor` (one of the estimator's metrics) decides after each checkpoint whether the
    model improved (`mode` 'min', 'max' or 'auto'), and the best one is kept as ``<model_prefix>-best``.
    With `resume_from_checkpoint`, training starts from the newest checkpoint in `model_dir` and runs
    only the epochs or batches left. `verbose` > 0 logs each save.
    """

    def __init__(self, model_dir, model_prefix='model', monitor=None, verbose=0, save_best=False,
                 mode='auto', epoch_period=1, batch_period=None, max_checkpoints=5,
                 resume_from_checkpoint=False):
        self.monitor, self.verbose = monitor, verbose
        os.makedirs(model_dir, exist_ok=True)
        self.model_dir, self.model_prefix, self.save_best = model_dir, model_prefix, save_best
        if save_best and not isinstance(monitor, EvalMetric):
            raise ValueError("To save best model only, please provide one of the metric objects from "
                             "estimator.train_metrics and estimator.val_metrics as monitor.")
        self.epoch_period, self.batch_period = epoch_period, batch_period
        self.current_batch = self.current_epoch = 0
        self.max_checkpoints, self.resume_from_checkpoint = max_checkpoints, resume_from_checkpoint
        self.saved_checkpoints = []
        if save_best:
            self.monitor_op = _monitor_op('ModelCheckpoint', mode, monitor)
            self.best = _worst(self.monitor_op)

    def train_begin(self, estimator, *args, **kwargs):
        self.current_epoch = self.current_batch = 0
        if self.save_best:
            self.best = _worst(self.monitor_op)
        if not self.resume_from_checkpoint:
            return
        if estimator.max_batch:
            _require(self.batch_period and not self.epoch_period, _RESUME_PERIOD_ERROR)
        if estimator.max_epoch:
            _require(self.epoch_period and not self.batch_period, _RESUME_PERIOD_ERROR)
        self._resume_from_checkpoint(estimator)

    def batch_end(self, estimator, *args, **kwargs):
        first, done = self.current_batch == 0, self.current_batch + 1
        if first:
            self._save_symbol(estimator)
        if self.batch_period and not done % self.batch_period:
            self._save_checkpoint(estimator)
        self.current_batch = done

    def epoch_end(self, estimator, *args, **kwargs):
        done = self.current_epoch + 1
        if self.epoch_period and not done % self.epoch_period:
            self._save_checkpoint(estimator)
        self.current_epoch = done

    def _checkpoint_numbers(self, estimator):
        if not self.resume_from_checkpoint:
            return self.current_epoch, self.current_batch
        # numbered after the checkpoint resumed from; at an epoch end the batch count is already advanced
        batch = self.current_batch + self.trained_batch + (0 if estimator.max_epoch else 1)
        return self.current_epoch + self.trained_epoch + 1, batch

    def _save_checkpoint(self, estimator):
        prefix = "%s-epoch%dbatch%d" % ((self.model_prefix,) + self._checkpoint_numbers(estimator))
        self._save_params_and_trainer(estimator, prefix)
        log = estimator.logger.info if self.verbose > 0 else None
        if log:
            log('[Epoch %d] CheckpointHandler: trained total %d batches, saving model at %s with prefix: %s',
                self.current_epoch, self.current_batch + 1, self.model_dir, prefix)
        if not self.save_best:
            return
        name, value = self.monitor.get()
        if np.isnan(value):
            warnings.warn(RuntimeWarning(
                'Skipping save best because %s is not updated, make sure you pass one of the metric objects '
                'estimator.train_metrics and estimator.val_metrics as monitor', name))
        elif self.monitor_op(value, self.best):
            best_prefix = self.model_prefix + '-best'
            self._save_params_and_trainer(estimator, best_prefix)
            self.best = value
            if log:
                # (MXNet 1.9.1 logs the new best as both the old and the new value)
                log('[Epoch %d] CheckpointHandler: %s improved from %0.5f to %0.5f, updating best model at '
                    '%s with prefix: %s', self.current_epoch, name, self.best, value, self.model_dir,
                    best_prefix)
        elif log:
            # (MXNet 1.9.1 puts the batch count where the epoch number goes)
            log('[Epoch %d] CheckpointHandler: %s did not improve from %0.5f, skipping updating best model',
                self.current_batch, name, self.best)

    def _save_symbol(self, estimator):
        path = os.path.join(self.model_dir, self.model_prefix + '-symbol.json')
        graph = getattr(estimator.net, '_cached_graph', None)
        if graph:
            graph[1].save(path)
            return
        estimator.logger.info("Model architecture(symbol file) is not saved, please use HybridBlock to "
                              "construct your model, and call net.hybridize() before passing to Estimator "
                              "in order to save model architecture as %s.", path)

    def _save_params_and_trainer(self, estimator, file_prefix):
        stem = os.path.join(self.model_dir, file_prefix)
        estimator.net.save_parameters(stem + '.params')
        estimator.trainer.save_states(stem + '.states')
        if 'best' not in file_prefix:  # the best model is not one of the counted checkpoints
            self.saved_checkpoints.append(file_prefix)
        while len(self.saved_checkpoints) > self.max_checkpoints:
            oldest = self.saved_checkpoints.pop(0)
            for fname in os.listdir(self.model_dir):
                if fname.startswith(oldest):
                    os.remove(os.path.join(self.model_dir, fname))

    def _resume_from_checkpoint(self, estimator):
        epoch_prefix = self.model_prefix + '-epoch'
        self.trained_epoch = self._find_max_iteration(self.model_dir, epoch_prefix, 'epoch', 'batch',
                                                      saved_checkpoints=self.saved_checkpoints)
        self.trained_batch = self._find_max_iteration(self.model_dir, epoch_prefix + str(self.trained_epoch),
                                                      'batch', '.params')
        if self.trained_epoch == -1:
            if estimator.max_batch:
                todo = "%d batches" % estimator.max_batch
            else:
                todo = "%d epochs" % estimator.max_epoch
            estimator.logger.info("CheckpointHandler: No checkpoint found, training from scratch for " + todo)
            return
        msg = "CheckpointHandler: Checkpoint resumed from epoch %d batch %d, continue to train for " % (
            self.trained_epoch, self.trained_batch)
        # train only what is left; a checkpoint at (or past) the end is an error
        if estimator.max_epoch and self.trained_epoch >= estimator.max_epoch - 1:
            raise ValueError("Found checkpoint with maximum number of epoch %d reached, please specify "
                             "resume_from_checkpoint=False (default value) if you wan to train from "
                             "scratch." % estimator.max_epoch)
        if estimator.max_epoch:
            estimator.max_epoch -= self.trained_epoch + 1
            msg += "%d epochs " % estimator.max_epoch
        if estimator.max_batch and self.trained_batch >= estimator.max_batch - 1:
            raise ValueError("Found checkpoint with maximum number of batch %d reached, please "
                             "specifyresume_from_checkpoint=False (default value) if you wan to train "
                             "from scratch." % self.trained_batch)
        if estimator.max_batch:
            estimator.max_batch -= self.trained_batch + 1
            msg += "%d batches " % estimator.max_batch
        stem = os.path.join(self.model_dir, "%s-epoch%dbatch%d" % (self.model_prefix, self.trained_epoch,
                                                                  self.trained_batch))
        for path in (stem + '.params', stem + '.states'):
            _require(os.path.exists(path), "Failed to load checkpoint, %s does not exist" % path)
        estimator.net.load_parameters(stem + '.params', ctx=estimator.context)
        estimator.trainer.load_states(stem + '.states')
        estimator.logger.warning(msg)

    def _find_max_iteration(self, dir, prefix, start, end, saved_checkpoints=None):
        """The largest number between `start` and `end` in the names of the .params files in `dir` that
        begin with `prefix` (-1 when none); each such file's stem is added to `saved_checkpoints` when that
        is a non-empty list (as MXNet 1.9.1 does, an empty list stays empty)."""
        largest = -1
        for fname in os.listdir(dir):
            if not (fname.startswith(prefix) and '.params' in fname):
                continue
            if saved_checkpoints:
                saved_checkpoints.append(fname.split('.params')[0])
            try:
                number = int(fname[fname.find(start) + len(start):fname.find(end)])
            except ValueError:
                raise ValueError(_CKPT_FORMAT_ERROR)
            largest = max(largest, number)
        return largest


class EarlyStoppingHandler(TrainBegin, EpochEnd, TrainEnd):
    """Ends training when `monitor` (one of the estimator's metrics, not a composite) has not improved by
    more than `min_delta` for `patience` epochs in a row, compared at each epoch end with the best value
    so far (starting from `baseline` when given). `mode` is 'min', 'max' or 'auto'."""

    def __init__(self, monitor, min_delta=0, patience=0, mode='auto', baseline=None):
        super(EarlyStoppingHandler, self).__init__()
        if not isinstance(monitor, EvalMetric):
            raise ValueError("Please provide one of the metric objects from estimator.train_metrics and "
                             "estimator.val_metrics as monitor.")
        if isinstance(monitor, CompositeEvalMetric):
            raise ValueError("CompositeEvalMetric is not supported for EarlyStoppingHandler, please specify "
                             "a simple metric instead.")
        self.monitor, self.baseline, self.patience = monitor, baseline, patience
        self.wait = self.stopped_epoch = self.current_epoch = 0
        self.stop_training = False
        self.min_delta = min_delta
        self.monitor_op = _monitor_op('EarlyStopping', mode, monitor)
        # the margin is added to the value's side of the comparison: an improvement must exceed it
        self.min_delta = self.min_delta * (1 if self.monitor_op is np.greater else -1)

    def train_begin(self, estimator, *args, **kwargs):
        self.wait = self.stopped_epoch = self.current_epoch = 0
        self.stop_training = False
        self.best = self.baseline if self.baseline is not None else _worst(self.monitor_op)

    def epoch_end(self, estimator, *args, **kwargs):
        name, value = self.monitor.get()
        if np.isnan(value):
            warnings.warn(RuntimeWarning(
                '%s is not updated, make sure you pass one of the metric objects '
                'fromestimator.train_metrics and estimator.val_metrics as monitor.', name))
        elif self.monitor_op(value - self.min_delta, self.best):
            self.best, self.wait = value, 0
        else:
            self.wait += 1
            if self.wait >= self.patience:
                self.stopped_epoch, self.stop_training = self.current_epoch, True
        self.current_epoch = self.current_epoch + 1
        return self.stop_training

    def train_end(self, estimator, *args, **kwargs):
        if self.stopped_epoch:
            # ('Hanlder' is how MXNet 1.9.1 spells it in this line)
            estimator.logger.info('[Epoch %d] EarlyStoppingHanlder: early stopping due to %s not improving',
                                  self.stopped_epoch, self.monitor.get()[0])


class GradientUpdateHandler(BatchEnd):
    """Applies the gradients at each batch end: ``trainer.step`` with the batch size (the summed first
    dimensions of the batch's losses). Runs first (priority -2000)."""

    def __init__(self, priority=-2000):
        super(GradientUpdateHandler, self).__init__()
        self.priority = priority

    def batch_end(self, estimator, *args, **kwargs):
        losses = kwargs['loss']
        if not isinstance(losses, list):
            losses = [losses]
        estimator.trainer.step(sum(value.shape[0] for value in losses))


metric_loss = _LossMetric  # MXNet's name for it in this module (scripts import it from here)
