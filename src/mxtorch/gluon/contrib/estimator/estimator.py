"""The Estimator: a training loop for a Gluon model (fit / evaluate) built from event handlers."""
import copy
import logging
import sys
import warnings

from ....context import Context, cpu, gpu, num_gpus
from ....metric import Loss as _LossMetric
from ...data import DataLoader
from ...loss import Loss as _GluonLoss
from ...trainer import Trainer
from ...utils import split_and_load  # noqa: F401  (MXNet's module names it)
from .batch_processor import BatchProcessor
from .event_handler import (BatchBegin, BatchEnd, EpochBegin, EpochEnd, TrainBegin, TrainEnd,
                            GradientUpdateHandler, LoggingHandler, MetricHandler, StoppingHandler,
                            ValidationHandler, _check_event_handlers)
from .utils import _check_handler_metric_ref, _check_metrics, _suggest_metric_for_loss

__all__ = ['Estimator']

_NOT_A_LOADER = ("Estimator only support input as Gluon DataLoader. Alternatively, you can transform your "
                 "DataIter or any NDArray into Gluon DataLoader. Refer to gluon.data.")

# the six events, in the order of the lists _categorize_handlers returns
_EVENTS = (TrainBegin, EpochBegin, BatchBegin, BatchEnd, EpochEnd, TrainEnd)


class Estimator(object):
    """Trains and evaluates `net` with `loss`, the loop's work done by event handlers.

    Parameters
    ----------
    net : gluon.Block
        The model to train. Initialized here (with `initializer`, on `context`) unless all of its
        parameters already are.
    loss : gluon.loss.Loss
        The training objective.
    train_metrics, val_metrics : EvalMetric or list of EvalMetric, optional
        Metrics of the training and validation passes. By default training gets Accuracy (for a
        SoftmaxCrossEntropyLoss) and the mean loss, validation a copy of the training metrics. Their names
        get the prefixes ``'training '`` and ``'validation '``.
    initializer : Initializer, optional
        For a net not yet initialized.
    trainer : gluon.Trainer, optional
        By default plain SGD with learning rate 0.001 (with a warning).
    context : Context or list of Context, optional
        By default gpu(0) when there is a GPU, else cpu().
    val_net : gluon.Block, optional
        The model used for validation (by default `net`); it may share `net`'s parameters.
    val_loss : gluon.loss.Loss, optional
        The validation loss (by default `loss`).
    batch_processor : BatchProcessor, optional
        Any object with ``fit_batch`` and ``evaluate_batch`` methods (by default a BatchProcessor).

    ``logger`` is a ``logging.Logger`` of this estimator that writes INFO and above to standard output;
    every handler logs through it.
    """

    logger = None

    def __init__(self, net, loss, train_metrics=None, val_metrics=None, initializer=None, trainer=None,
                 context=None, val_net=None, val_loss=None, batch_processor=None):
        self.net, self.loss = net, self._check_loss(loss)
        self._train_metrics, self._val_metrics = _check_metrics(train_metrics), _check_metrics(val_metrics)
        self._add_default_training_metrics()
        self._add_validation_metrics()
        self.val_loss = self.loss if val_loss is None else self._check_loss(val_loss)
        self.val_net = self.net if val_net is None else val_net
        logger = logging.Logger(name='Estimator', level=logging.INFO)
        logger.addHandler(logging.StreamHandler(sys.stdout))
        self.logger = logger
        self.context = self._check_context(context)
        self._initialize(initializer)
        self.trainer, self.batch_processor = self._check_trainer(trainer), self._check_batch_processor(batch_processor)

    # ---- checks of the constructor's arguments ------------------------------------------------------
    def _check_loss(self, loss):
        if isinstance(loss, _GluonLoss):
            return loss
        raise ValueError("loss must be a Loss, refer to gluon.loss.Loss:{}".format(loss))

    def _check_context(self, context):
        gpus = [gpu(i) for i in range(num_gpus())]
        if not context:
            if len(gpus) > 1:
                warnings.warn("You have multiple GPUs, gpu(0) will be used by default.To utilize all your "
                              "GPUs, specify context as a list of gpus, e.g. context=[mx.gpu(0), mx.gpu(1)] ")
            return [gpu(0)] if gpus else [cpu()]
        if isinstance(context, Context):
            context = [context]
        elif not (isinstance(context, list) and all(isinstance(c, Context) for c in context)):
            raise ValueError("context must be a Context or a list of Context, for example mx.cpu() or "
                             "[mx.gpu(0), mx.gpu(1)], refer to mxnet.Context:{}".format(context))
        for ctx in context:
            if ctx not in gpus and not str(ctx).startswith('cpu'):
                raise AssertionError("%s is not available, please make sure your context is in one of: "
                                     "mx.cpu(), %s" % (ctx, ", ".join(str(g) for g in gpus)))
        return context

    def _check_batch_processor(self, batch_processor):
        if batch_processor is None:
            return BatchProcessor()
        for method in ('fit_batch', 'evaluate_batch'):
            if not callable(getattr(batch_processor, method, None)):
                raise ValueError('Customized Batch Processor must contain fit_batch() and evaluate_batch() '
                                 'methods')
        return batch_processor

    def _initialize(self, initializer):
        complete = self._is_initialized()
        if not complete:
            # parameters already initialized are left alone by initialize (it warns about them)
            options = {'init': initializer} if initializer else {}
            self.net.initialize(ctx=self.context, **options)
        elif initializer:
            warnings.warn("Network already fully initialized, skipping initialization. You don't need to pass "
                          "initializer if you already initialized your net. You can use "
                          "net.initialize(init=your_initializer, force_reinit=True)to force re-initialize.")

    def _check_trainer(self, trainer):
        if not trainer:
            warnings.warn("No trainer specified, default SGD optimizer with learning rate 0.001 is used.")
            return Trainer(self.net.collect_params(), 'sgd', {'learning_rate': 0.001})
        if not isinstance(trainer, Trainer):
            raise ValueError("Trainer must be a Gluon Trainer instance, refer to gluon.Trainer:{}".format(trainer))
        return trainer

    def _is_initialized(self):
        """Whether every parameter of the net is initialized (or waits for deferred initialization)."""
        try:
            for param in self.net.collect_params().values():
                param.list_ctx()
        except RuntimeError:
            return False
        else:
            return True

    def _get_data_and_label(self, batch, ctx, batch_axis=0):
        # (kept for subclasses written against MXNet's Estimator; the loops use the batch processor)
        return BatchProcessor._get_data_and_label(self, batch, ctx, batch_axis)

    # ---- metrics -------------------------------------------------------------------------------------
    def _add_default_training_metrics(self):
        if not self._train_metrics:
            suggested = _suggest_metric_for_loss(self.loss)
            if suggested:
                self._train_metrics = [suggested]
            self._train_metrics.append(_LossMetric(self.loss.name.rstrip('0123456789')))
        for m in self._train_metrics:
            m.name = 'training ' + m.name

    def _add_validation_metrics(self):
        if not self._val_metrics:
            self._val_metrics = [copy.deepcopy(m) for m in self._train_metrics]
        for m in self._val_metrics:
            if 'training' in m.name:
                m.name = m.name.replace('training', 'validation')
            else:
                m.name = 'validation ' + m.name

    @property
    def train_metrics(self):
        """The training metrics (a list of EvalMetric)."""
        return self._train_metrics

    @property
    def val_metrics(self):
        """The validation metrics (a list of EvalMetric)."""
        return self._val_metrics

    # ---- the loops -----------------------------------------------------------------------------------
    def evaluate(self, val_data, batch_axis=0, event_handlers=None):
        """One pass of ``val_net`` over `val_data` (a gluon DataLoader), each batch through the batch
        processor's ``evaluate_batch``. A MetricHandler and a LoggingHandler of the validation metrics
        join `event_handlers` unless it has handlers of those kinds."""
        if not isinstance(val_data, DataLoader):
            raise ValueError(_NOT_A_LOADER + "DataLoader")
        for m in self.val_metrics:
            m.reset()
        handlers = self._prepare_default_validation_handlers(event_handlers)
        _, epoch_begin, batch_begin, batch_end, epoch_end, _ = self._categorize_handlers(handlers)
        for h in epoch_begin:
            h.epoch_begin(self)
        for batch in val_data:
            for h in batch_begin:
                h.batch_begin(self, batch=batch)
            _, label, pred, loss = self.batch_processor.evaluate_batch(self, batch, batch_axis)
            for h in batch_end:
                h.batch_end(self, batch=batch, pred=pred, label=label, loss=loss)
        for h in epoch_end:
            h.epoch_end(self)

    def fit(self, train_data, val_data=None, epochs=None, event_handlers=None, batches=None, batch_axis=0):
        """Trains on `train_data` (a gluon DataLoader) for `epochs` epochs or `batches` batches (exactly
        one of the two), each batch through the batch processor's ``fit_batch``.

        A StoppingHandler, a GradientUpdateHandler, a MetricHandler and a LoggingHandler of the training
        metrics, and with `val_data` a ValidationHandler (calling :meth:`evaluate` each epoch), join
        `event_handlers` unless it has handlers of those kinds.
        """
        if not isinstance(train_data, DataLoader):
            raise ValueError(_NOT_A_LOADER + "dataloader")
        if (not epochs) == (not batches):
            raise ValueError("Fit only support exactly one type of iteration, train by number of epochs or "
                             "number of batches.Please specify one and only one of: epochs or batches.")
        self.max_epoch, self.max_batch, self.batch_axis = epochs, batches, batch_axis
        handlers = self._prepare_default_handlers(val_data, event_handlers)
        train_begin, epoch_begin, batch_begin, batch_end, epoch_end, train_end = \
            self._categorize_handlers(handlers)
        for h in train_begin:
            h.train_begin(self)
        stop = False
        while not stop:
            for h in epoch_begin:
                h.epoch_begin(self)
            for batch in train_data:
                for h in batch_begin:
                    h.batch_begin(self, batch=batch)
                _, label, pred, loss = self.batch_processor.fit_batch(self, batch, batch_axis)
                # every handler sees the batch end, even after one of them asked to stop
                results = [h.batch_end(self, batch=batch, pred=pred, label=label, loss=loss)
                           for h in batch_end]
                if any(results):
                    break
            stop = any([h.epoch_end(self) for h in epoch_end])
        for h in train_end:
            h.train_end(self)

    # ---- handlers ------------------------------------------------------------------------------------
    def _finish_handlers(self, handlers, added, known_metrics):
        """`handlers` with `added` appended, sorted by priority; when both were non-empty, each handler's
        metrics must be among `known_metrics`."""
        mixing = bool(handlers) and bool(added)
        handlers.extend(added)
        if mixing:
            for h in handlers:
                _check_handler_metric_ref(h, known_metrics)
        handlers.sort(key=lambda h: getattr(h, 'priority', 0))
        return handlers

    def _prepare_default_handlers(self, val_data, event_handlers):
        handlers = _check_event_handlers(event_handlers)

        def missing(kind):
            return not any(isinstance(h, kind) for h in handlers)

        added = [StoppingHandler(self.max_epoch, self.max_batch)]
        if missing(GradientUpdateHandler):
            added.append(GradientUpdateHandler())
        if missing(MetricHandler):
            added.append(MetricHandler(metrics=self.train_metrics))
        if missing(ValidationHandler) and val_data:
            added.append(ValidationHandler(val_data=val_data, eval_fn=self.evaluate))
        if missing(LoggingHandler):
            added.append(LoggingHandler(metrics=self.train_metrics))
        return self._finish_handlers(handlers, added, set(self.train_metrics + self.val_metrics))

    def _prepare_default_validation_handlers(self, event_handlers):
        handlers = _check_event_handlers(event_handlers)
        added = []
        if not any(isinstance(h, MetricHandler) for h in handlers):
            added.append(MetricHandler(metrics=self.val_metrics))
        if not any(isinstance(h, LoggingHandler) for h in handlers):
            added.append(LoggingHandler(metrics=self.val_metrics))
        return self._finish_handlers(handlers, added, set(self.val_metrics))

    def _categorize_handlers(self, event_handlers):
        """Six lists of the handlers that take part in train begin, epoch begin, batch begin, batch end,
        epoch end and train end (so that no empty method is called)."""
        return tuple([h for h in event_handlers if isinstance(h, kind)] for kind in _EVENTS)


# the names MXNet's module gives the two Loss classes (scripts import them from here)
gluon_loss, metric_loss = _GluonLoss, _LossMetric
