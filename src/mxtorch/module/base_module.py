"""BaseModule: the interface every module has, and the training and evaluation loops built on it.

A module goes through bind (input shapes, memory), init_params, init_optimizer; then forward, backward
and update per batch. ``fit``, ``score``, ``predict`` and ``iter_predict`` are written once here in terms
of those steps, so Module, BucketingModule, SequentialModule and PythonModule all have them."""
import logging
import time
import warnings

import numpy as np

from .. import metric, ndarray
from ..base import _as_list, _require
from ..context import cpu
from ..initializer import Uniform
from ..io import DataIter, DataBatch, NDArrayIter, DataDesc  # noqa: F401  (DataDesc: MXNet's module names it)
from ..model import BatchEndParam

__all__ = ['BaseModule']


def _check_input_names(symbol, names, typename, throw):
    """Every name in `names` must be an argument of `symbol`: ValueError when `throw`, else a warning,
    listing the arguments that look like inputs (not weights, biases, gammas or betas)."""
    args = symbol.list_arguments()
    for name in [n for n in names if n not in args]:
        candidates = [a for a in args if not a.endswith(('_weight', '_bias', '_gamma', '_beta'))]
        msg = "\033[91mYou created Module with Module(..., %s_names=%s) but input with name '%s' is not found in " \
              "symbol.list_arguments(). Did you mean one of:\n\t%s\033[0m" % (
                  typename, str(names), name, '\n\t'.join(candidates))
        if throw:
            raise ValueError(msg)
        warnings.warn(msg)


def _check_names_match(data_names, data_shapes, name, throw):
    """The names of the described inputs must be `data_names` (in any order)."""
    actual = [x[0] for x in data_shapes]
    if sorted(data_names) != sorted(actual):
        msg = "Data provided by %s_shapes don't match names specified by %s_names (%s vs. %s)" % (
            name, name, str(data_shapes), str(data_names))
        if throw:
            raise ValueError(msg)
        warnings.warn(msg)


def _as_desc(item):
    from .executor_group import _as_desc as describe
    return describe(item)


def _parse_data_desc(data_names, label_names, data_shapes, label_shapes):
    """DataDescs of the data and label inputs (from DataDescs or (name, shape) pairs), checked against the
    module's input names (a data mismatch is a ValueError, a label mismatch a warning)."""
    data_shapes = [_as_desc(x) for x in data_shapes]
    _check_names_match(data_names, data_shapes, 'data', True)
    if label_shapes is not None:
        label_shapes = [_as_desc(x) for x in label_shapes]
    _check_names_match(label_names, label_shapes or [], 'label', False)
    return data_shapes, label_shapes


_NOT_READY = 'call bind and init_params (or set_params) first'


def _batches(data, num_batch, reset):
    """(index, batch) of the iterator, at most `num_batch` of them, after a reset if asked."""
    if reset:
        data.reset()
    for nbatch, batch in enumerate(data):
        if num_batch is not None and nbatch == num_batch:
            return
        yield nbatch, batch


def _labels(batch):
    return [b.label for b in batch] if isinstance(batch, list) else batch.label


def _without_pad(outputs, pad):
    pad = pad or 0
    return [out[0:out.shape[0] - pad] for out in outputs]


class BaseModule:
    """The base of all modules: a model with the life cycle bind → init_params → init_optimizer →
    (forward → backward → update)*, and the loops `fit`, `score`, `predict`, `iter_predict` on it.

    Subclasses provide the steps (`bind`, `forward`, `get_outputs`, ...); the flags `binded`,
    `for_training`, `inputs_need_grad`, `params_initialized` and `optimizer_initialized` say where a
    module is in its life."""

    def __init__(self, logger=logging):
        self.logger, self._symbol, self._total_exec_bytes = logger, None, 0
        # where the module is in its life: bind, init_params, init_optimizer
        self.binded = self.params_initialized = self.optimizer_initialized = False
        self.for_training = self.inputs_need_grad = False

    def _reset_bind(self):
        self.binded = False

    def _skip_bind(self, force_rebind):
        """Whether bind has nothing to do: bound already (after unbinding first with `force_rebind`)."""
        if force_rebind:
            self._reset_bind()
        elif self.binded:
            self.logger.warning('Already bound, ignoring bind()')
        return self.binded

    # ---- high level -------------------------------------------------------------------------------------
    def forward_backward(self, data_batch):
        """forward (training) and backward of one batch."""
        self.forward(data_batch, is_train=True)
        self.backward()

    def score(self, eval_data, eval_metric, num_batch=None, batch_end_callback=None, score_end_callback=None,
              reset=True, epoch=0, sparse_row_id_fn=None):
        """Evaluate `eval_metric` (an EvalMetric or a name for metric.create) over `eval_data` (at most
        `num_batch` batches); returns its (name, value) pairs."""
        _require(self.binded and self.params_initialized, _NOT_READY)
        if not isinstance(eval_metric, metric.EvalMetric):
            eval_metric = metric.create(eval_metric)
        eval_metric.reset()
        done = 0
        for nbatch, batch in _batches(eval_data, num_batch, reset):
            self.prepare(batch, sparse_row_id_fn=sparse_row_id_fn)
            self.forward(batch, is_train=False)
            self.update_metric(eval_metric, _labels(batch), pre_sliced=isinstance(batch, list))
            if batch_end_callback is not None:
                _call_all(batch_end_callback, BatchEndParam(epoch, nbatch, eval_metric, locals()))
            done += 1
        if score_end_callback:
            _call_all(score_end_callback, BatchEndParam(epoch, done, eval_metric, locals()))
        return eval_metric.get_name_value()

    def iter_predict(self, eval_data, num_batch=None, reset=True, sparse_row_id_fn=None):
        """Yield (outputs without the batch's padding, batch index, batch) for each batch of `eval_data`."""
        _require(self.binded and self.params_initialized, _NOT_READY)
        for nbatch, batch in _batches(eval_data, num_batch, reset):
            self.prepare(batch, sparse_row_id_fn=sparse_row_id_fn)
            self.forward(batch, is_train=False)
            yield _without_pad(self.get_outputs(), batch.pad), nbatch, batch

    def predict(self, eval_data, num_batch=None, merge_batches=True, reset=True, always_output_list=False,
                sparse_row_id_fn=None):
        """The outputs over `eval_data` (a DataIter, or one NDArray/numpy array as a single batch).

        With `merge_batches` each output is joined over the batches (padding dropped) and a single output
        is returned bare unless `always_output_list`; otherwise a list of the batches' output lists."""
        _require(self.binded and self.params_initialized, _NOT_READY)
        if isinstance(eval_data, np.ndarray):
            eval_data = ndarray.array(eval_data)
        if isinstance(eval_data, ndarray.NDArray):
            # one array is one batch of data: its first output
            self.forward(DataBatch([eval_data]))
            first, = self.get_outputs()[:1]
            return first
        if not isinstance(eval_data, DataIter):
            raise ValueError('eval_data must be of type NDArray or DataIter')
        per_batch = []
        for nbatch, batch in _batches(eval_data, num_batch, reset):
            self.prepare(batch, sparse_row_id_fn=sparse_row_id_fn)
            self.forward(batch, is_train=False)
            per_batch.append([out.copy() for out in _without_pad(self.get_outputs(), batch.pad)])
        if not per_batch or not merge_batches:
            return per_batch
        count = len(per_batch[0])
        if any(len(outs) != count for outs in per_batch):
            raise AssertionError('Cannot merge batches, as num of outputs is not the same in mini-batches. '
                                 'Maybe bucketing is used?')
        merged = [ndarray.concatenate([outs[i] for outs in per_batch]) for i in range(count)]
        if count == 1 and not always_output_list:
            return merged[0]
        return merged

    def fit(self, train_data, eval_data=None, eval_metric='acc', epoch_end_callback=None, batch_end_callback=None,
            kvstore='local', optimizer='sgd', optimizer_params=(('learning_rate', 0.01),), eval_end_callback=None,
            eval_batch_end_callback=None, initializer=Uniform(0.01), arg_params=None, aux_params=None,
            allow_missing=False, force_rebind=False, force_init=False, begin_epoch=0, num_epoch=None,
            validation_metric=None, monitor=None, sparse_row_id_fn=None):
        """Train on `train_data` for epochs begin_epoch..num_epoch-1: bind, initialise the parameters
        (`initializer`, or `arg_params`/`aux_params`) and the optimizer, then per batch forward, backward,
        update and `eval_metric`; after each epoch the epoch callbacks and, with `eval_data`, a score with
        `validation_metric` (default: eval_metric), all logged as MXNet logs them."""
        _require(num_epoch is not None, 'please specify number of epochs')
        self.bind(data_shapes=train_data.provide_data, label_shapes=train_data.provide_label, for_training=True,
                  force_rebind=force_rebind)
        if monitor is not None:
            self.install_monitor(monitor)
        self.init_params(initializer=initializer, force_init=force_init, allow_missing=allow_missing,
                         arg_params=arg_params, aux_params=aux_params)
        self.init_optimizer(kvstore=kvstore, optimizer=optimizer, optimizer_params=optimizer_params)
        scoring = eval_metric if validation_metric is None else validation_metric
        if not isinstance(eval_metric, metric.EvalMetric):
            eval_metric = metric.create(eval_metric)
        for epoch in range(begin_epoch, num_epoch):
            started = time.time()
            eval_metric.reset()
            totals = self._fit_epoch(epoch, train_data, eval_metric, batch_end_callback, monitor, sparse_row_id_fn)
            for name, value in totals:
                self.logger.info('Epoch[%d] Train-%s=%f', epoch, name, value)
            self.logger.info('Epoch[%d] Time cost=%.3f', epoch, time.time() - started)
            # the parameters, gathered from the devices, become the module's own again
            params = self.get_params()
            self.set_params(*params)
            for callback in _as_list(epoch_end_callback) if epoch_end_callback is not None else ():
                callback(epoch, self.symbol, *params)
            if eval_data is not None:
                for name, value in self.score(eval_data, scoring, score_end_callback=eval_end_callback,
                                              batch_end_callback=eval_batch_end_callback, epoch=epoch):
                    self.logger.info('Epoch[%d] Validation-%s=%f', epoch, name, value)
            train_data.reset()

    def _fit_epoch(self, epoch, train_data, eval_metric, batch_end_callback, monitor, sparse_row_id_fn):
        """One pass over `train_data`; the metric's global (name, value) pairs at its end. The next batch
        is fetched only once the current one is done with (an iterator may reuse its memory). An
        NDArrayIter's batches are new arrays that nothing else holds, so the executors may take them as
        their inputs instead of copying them."""
        self._adopt_inputs(type(train_data) is NDArrayIter)
        try:
            return self._fit_batches(epoch, train_data, eval_metric, batch_end_callback, monitor, sparse_row_id_fn)
        finally:
            self._adopt_inputs(False)

    def _adopt_inputs(self, adopt):
        """Whether forward may take the batch's arrays as the executors' inputs (see _fit_epoch)."""

    def _fit_batches(self, epoch, train_data, eval_metric, batch_end_callback, monitor, sparse_row_id_fn):
        batches = iter(train_data)
        batch = next(batches)
        nbatch = 0
        callbacks = _as_list(batch_end_callback) if batch_end_callback is not None else ()
        while True:
            if monitor is not None:
                monitor.tic()
            self.forward_backward(batch)
            self.update()
            self.update_metric(eval_metric, _labels(batch), pre_sliced=isinstance(batch, list))
            try:
                batch = next(batches)
                self.prepare(batch, sparse_row_id_fn=sparse_row_id_fn)
                last = False
            except StopIteration:
                last = True
            if monitor is not None:
                monitor.toc_print()
            if last:
                totals = eval_metric.get_global_name_value()
            if callbacks:
                params = BatchEndParam(epoch=epoch, nbatch=nbatch, eval_metric=eval_metric, locals=locals())
                for callback in callbacks:
                    callback(params)
            nbatch += 1
            if last:
                return totals

    # ---- what subclasses provide ------------------------------------------------------------------------
    @property
    def data_names(self):
        """The names of the data inputs."""
        raise NotImplementedError()

    @property
    def output_names(self):
        """The names of the outputs."""
        raise NotImplementedError()

    @property
    def data_shapes(self):
        """The DataDescs of the data inputs (bound modules)."""
        raise NotImplementedError()

    @property
    def label_shapes(self):
        """The DataDescs of the label inputs, or None (bound modules)."""
        raise NotImplementedError()

    @property
    def output_shapes(self):
        """[(output name, shape)] (bound modules)."""
        raise NotImplementedError()

    def get_params(self):
        """(arg_params, aux_params): dicts of the parameters by name."""
        raise NotImplementedError()

    def init_params(self, initializer=Uniform(0.01), arg_params=None, aux_params=None, allow_missing=False,
                    force_init=False, allow_extra=False):
        """Initialise the parameters from `arg_params`/`aux_params` where given, else with `initializer`."""
        raise NotImplementedError()

    def set_params(self, arg_params, aux_params, allow_missing=False, force_init=True, allow_extra=False):
        """Set the parameters from dicts of arrays (missing ones are an error unless `allow_missing`,
        unknown ones unless `allow_extra`)."""
        self.init_params(initializer=None, arg_params=arg_params, aux_params=aux_params,
                         allow_missing=allow_missing, force_init=force_init, allow_extra=allow_extra)

    def save_params(self, fname):
        """Save the parameters to `fname` in nd.save's format, as ``arg:<name>`` and ``aux:<name>``."""
        arg_params, aux_params = self.get_params()
        saved = {'arg:%s' % k: v.as_in_context(cpu()) for k, v in arg_params.items()}
        saved.update({'aux:%s' % k: v.as_in_context(cpu()) for k, v in aux_params.items()})
        ndarray.save(fname, saved)

    def load_params(self, fname):
        """Set the parameters from a file written by `save_params` (or mx.model.save_checkpoint)."""
        arg_params, aux_params = {}, {}
        for key, value in ndarray.load(fname).items():
            kind, _, name = key.partition(':')
            if kind == 'arg' and name:
                arg_params[name] = value
            elif kind == 'aux' and name:
                aux_params[name] = value
            else:
                raise ValueError('Invalid param file ' + fname)
        self.set_params(arg_params, aux_params)

    def get_states(self, merge_multi_context=True):
        """The arrays of the module's states (none in a module without states)."""
        _require(self.binded and self.params_initialized, _NOT_READY)
        _require(not merge_multi_context, 'this module has no states to merge')
        return []

    def set_states(self, states=None, value=None):
        """Set the states from arrays or to a value (nothing to set in a module without states)."""
        _require(self.binded and self.params_initialized, _NOT_READY)
        _require(not states and not value, 'this module has no states')

    def install_monitor(self, mon):
        """Install a Monitor on the module's executors."""
        raise NotImplementedError()

    def prepare(self, data_batch, sparse_row_id_fn=None):
        """Get ready for `data_batch` before its forward (pulling sparse rows in modules that have them)."""
        if sparse_row_id_fn is not None:
            warnings.warn(UserWarning('sparse_row_id_fn is not invoked for BaseModule.'))

    def forward(self, data_batch, is_train=None):
        """Compute the outputs of one batch (in training mode when `is_train`, default for_training)."""
        raise NotImplementedError()

    def backward(self, out_grads=None):
        """The gradients of the last forward; `out_grads` for outputs that are not losses."""
        raise NotImplementedError()

    def get_outputs(self, merge_multi_context=True):
        """The outputs of the last forward."""
        raise NotImplementedError()

    def get_input_grads(self, merge_multi_context=True):
        """The gradients of the data inputs (bound with inputs_need_grad)."""
        raise NotImplementedError()

    def update(self):
        """Apply the optimizer to the parameters with the gradients of the last backward."""
        raise NotImplementedError()

    def update_metric(self, eval_metric, labels, pre_sliced=False):
        """Add the last outputs and `labels` to `eval_metric`."""
        raise NotImplementedError()

    def bind(self, data_shapes, label_shapes=None, for_training=True, inputs_need_grad=False, force_rebind=False,
             shared_module=None, grad_req='write'):
        """Allocate memory for inputs of the given shapes (DataDescs or (name, shape) pairs)."""
        raise NotImplementedError()

    def init_optimizer(self, kvstore='local', optimizer='sgd', optimizer_params=(('learning_rate', 0.01),),
                       force_init=False):
        """Set up the optimizer (a name for mx.optimizer.create with `optimizer_params`, or an Optimizer)."""
        raise NotImplementedError()

    @property
    def symbol(self):
        """The module's Symbol."""
        return self._symbol


def _call_all(callbacks, param):
    for callback in _as_list(callbacks):
        callback(param)

