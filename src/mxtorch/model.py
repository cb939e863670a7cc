"""``mx.model``: checkpoints of symbolic models, the update steps the Module API shares, and FeedForward,
the training API that came before Module.

A checkpoint is MXNet's pair of files: ``<prefix>-symbol.json`` (the graph) and ``<prefix>-<epoch>.params``
(nd.save's format, parameters keyed ``arg:<name>`` and auxiliary states ``aux:<name>``), so checkpoints
move both ways between MXNet 1.x and mxtorch.

FeedForward trains through a Module (its bind, parameter and optimizer set-up and update steps), with the
epoch loop of MXNet's FeedForward around it: ``epoch_size`` batches an epoch, the iterator reset only when it
runs out, the parameters copied back into ``arg_params`` at the end of an epoch, validation after it."""
from collections import namedtuple
import logging
import os
import time
import warnings

import numpy as np

from . import kvstore as kvs, metric, io
from . import ndarray as nd, optimizer as opt, symbol as sym
from .base import mx_real_t
from .context import Context, cpu
from .initializer import Uniform
from .io import DataDesc
from .kvstore import _create_kvstore  # noqa: F401  (mx.model._create_kvstore, as in MXNet)
from .optimizer import get_updater

try:
    from sklearn.base import BaseEstimator as BASE_ESTIMATOR
    SKLEARN_INSTALLED = True
except ImportError:
    BASE_ESTIMATOR = object
    SKLEARN_INSTALLED = False

__all__ = ['BatchEndParam', 'FeedForward', 'save_checkpoint', 'load_params', 'load_checkpoint']

BatchEndParam = namedtuple('BatchEndParams', ['epoch', 'nbatch', 'eval_metric', 'locals'])
BatchEndParam.__doc__ = """What batch-end callbacks receive: the epoch, the batch number, the metric
being evaluated and the caller's local variables."""


def _params_file(prefix, epoch):
    return '%s-%04d.params' % (prefix, epoch)


def save_checkpoint(prefix, epoch, symbol, arg_params, aux_params, remove_amp_cast=True):
    """Write ``prefix-symbol.json`` (unless `symbol` is None) and ``prefix-%04d.params`` % epoch with the
    parameters (moved to the CPU)."""
    if symbol is not None:
        symbol.save('%s-symbol.json' % prefix, remove_amp_cast=remove_amp_cast)
    saved = {'arg:' + k: v.as_in_context(cpu()) for k, v in arg_params.items()}
    saved.update(('aux:' + k, v.as_in_context(cpu())) for k, v in aux_params.items())
    fname = _params_file(prefix, epoch)
    nd.save(fname, saved)
    logging.info('Saved checkpoint to "%s"', fname)


def load_params(prefix, epoch):
    """(arg_params, aux_params) from ``prefix-%04d.params`` % epoch."""
    fname = _params_file(prefix, epoch)
    loaded = nd.load(fname)
    arg_params, aux_params = {}, {}
    if not loaded:
        logging.warning("Params file '%s' is empty", fname)
        return arg_params, aux_params
    for key, value in loaded.items():
        kind, _, name = key.partition(':')
        if kind == 'arg':
            arg_params[name] = value
        elif kind == 'aux':
            aux_params[name] = value
    return arg_params, aux_params


def load_checkpoint(prefix, epoch):
    """(symbol, arg_params, aux_params) of a checkpoint written by `save_checkpoint` (or by MXNet)."""
    symbol = sym.load('%s-symbol.json' % prefix)
    arg_params, aux_params = load_params(prefix, epoch)
    return symbol, arg_params, aux_params


# ---- the update steps of data-parallel training --------------------------------------------------------
def _initialize_kvstore(kvstore, param_arrays, arg_params, param_names, update_on_kvstore):
    """Register every parameter with the store; when the store updates them, also give every device
    the stored value."""
    for name, on_devices in zip(param_names, param_arrays):
        if update_on_kvstore and arg_params[name].stype == 'default':
            kvstore.broadcast(name, arg_params[name], out=on_devices)
        else:
            kvstore.init(name, arg_params[name])


def _update_params_on_kvstore(param_arrays, grad_arrays, kvstore, param_names):
    """The store sums each parameter's gradients over the devices, updates it and gives every device
    the result."""
    for index, (weights, grads) in enumerate(zip(param_arrays, grad_arrays)):
        if grads[0] is None:
            continue
        kvstore.pushpull(param_names[index], grads, out=weights, priority=-index)


def _update_params(param_arrays, grad_arrays, updater, num_device, kvstore=None, param_names=None):
    """Update the parameters with `updater` on every device (after summing the gradients over the
    devices through `kvstore`, when there is one). The updater sees parameter i on device k as index
    ``i * num_device + k``; each device's updates go to it in one call."""
    per_device = [([], [], []) for _ in range(num_device)]
    for i, (weights, grads) in enumerate(zip(param_arrays, grad_arrays)):
        if grads[0] is None:
            continue
        if kvstore:
            kvstore.pushpull(param_names[i], grads, priority=-i)
        for k, (w, g) in enumerate(zip(weights, grads)):
            indices, gs, ws = per_device[k]
            indices.append(i * num_device + k)
            gs.append(g)
            ws.append(w)
    for indices, gs, ws in per_device:
        if indices:
            updater(indices, gs, ws)


def _multiple_callbacks(callbacks, *args, **kwargs):
    """Call one callback or each of a list."""
    if isinstance(callbacks, list):
        for callback in callbacks:
            callback(*args, **kwargs)
    elif callbacks:
        callbacks(*args, **kwargs)



def _create_sparse_kvstore(kvstore):
    """(store, True) for parameters with row_sparse storage, which are always updated on the store: a
    KVStore as it is, a str made into one; the store must be able to run the optimizer."""
    if isinstance(kvstore, kvs.KVStore):
        store = kvstore
    elif isinstance(kvstore, str):
        store = kvs.create(kvstore)
    else:
        raise TypeError("Cannot create '%s' KVStore with row_sparse parameters. "
                        "The type must be KVStore or str." % kvstore)
    if not store.is_capable(kvs.KVStoreBase.OPTIMIZER):
        raise AssertionError('KVStore with sparse weight requires optimizer support. However, type(kv) does not '
                             'support optimizer. Please consider other kvstore backends (e.g. dist_device) instead.')
    return store, True


def _update_params_on_kvstore_nccl(param_arrays, grad_arrays, kvstore, param_names):
    """As `_update_params_on_kvstore`, in groups of MXNET_UPDATE_AGGREGATION_SIZE (16) parameters per
    pushpull: the parameters that have gradients, in their order."""
    kept = [i for i, grads in enumerate(grad_arrays) if grads[0] is not None]
    step = int(os.getenv('MXNET_UPDATE_AGGREGATION_SIZE', '16'))
    for start in range(0, len(kept), step):
        group = kept[start:start + step]
        kvstore.pushpull([param_names[i] for i in group], [grad_arrays[i] for i in group],
                         out=[param_arrays[i] for i in group], priority=-start)


# ---- what the executors of FeedForward are checked and fed with ----------------------------------------
def _check_arguments(symbol):
    """ValueError when an argument or an auxiliary state name of `symbol` appears twice."""
    arg_names = symbol.list_arguments()
    seen = set()
    for name in arg_names:
        if name in seen:
            raise ValueError('Find duplicated argument name "%s", please make the weight name non-duplicated(using '
                             'name arguments), arguments are %s' % (name, str(arg_names)))
        seen.add(name)
    aux_names = symbol.list_auxiliary_states()
    seen = set()
    for name in aux_names:
        if name in seen:
            raise ValueError('Find duplicated auxiliary param name "%s", please make the weight name '
                             'non-duplicated(using name arguments), arguments are %s, auxiliary params are %s'
                             % (name, str(arg_names), str(aux_names)))
        seen.add(name)


def _load_general(data, targets):
    """Copy each array of `data` into its target: an NDArray, or [(slice, NDArray)] (one slice of the
    batch per device, the last ending at the batch size)."""
    for source, target in zip(data, targets):
        if isinstance(target, nd.NDArray):
            source.copyto(target)
            continue
        end = target[-1][0].stop
        if end != source.shape[0]:
            raise AssertionError('Batch size miss match. Expected %d, got %d' % (end, source.shape[0]))
        for where, dst in target:
            source[where].copyto(dst)


def _start_training(ctx, logger, work_load_list):
    """The logger (default: logging) and the work loads (default: equal) of training on `ctx`, checked
    and logged as MXNet's executor manager does."""
    logger = logging if logger is None else logger
    logger.info('Start training with %s', str(ctx))
    loads = [1] * len(ctx) if work_load_list is None else work_load_list
    if not isinstance(loads, list) or len(loads) != len(ctx):
        raise AssertionError('Invalid settings for work load. ')
    return logger, loads


def _load_data(batch, targets):
    """Copy the batch's data into `targets` (see `_load_general`)."""
    _load_general(batch.data, targets)


# The training API below runs on Module, and its default validation callback is mx.callback's; those
# modules (and mx.executor_manager) use the checkpoint, update and loading helpers above, so they are
# imported once those exist (as MXNet's own model.py takes its callback).
from .callback import LogValidationMetricsCallback  # noqa: E402
from .module.module import Module as _Module  # noqa: E402
from .module.bucketing_module import BucketingModule as _BucketingModule  # noqa: E402
from .executor_manager import DataParallelExecutorManager  # noqa: E402,F401  (mx.model's, as in MXNet)

_RESCALE_WARNING = 'Optimizer created manually outside Module but rescale_grad'


def _train_multi_device(symbol, ctx, arg_names, param_names, aux_names, arg_params, aux_params, begin_epoch,
                        end_epoch, epoch_size, optimizer, kvstore, update_on_kvstore, train_data, eval_data=None,
                        eval_metric=None, epoch_end_callback=None, batch_end_callback=None, logger=None,
                        work_load_list=None, monitor=None, eval_end_callback=None, eval_batch_end_callback=None,
                        sym_gen=None):
    """Train `symbol` on the devices `ctx` for epochs begin_epoch..end_epoch-1 with `optimizer` (an
    Optimizer) and `kvstore` (a KVStore or None), starting from `arg_params`/`aux_params`, which are
    updated in place at the end of every epoch that has an epoch-end callback and of the last one.

    An epoch is `epoch_size` batches (default: one pass over `train_data`; the iterator is reset only when
    it runs out, with the log line ``Epoch[e] Resetting Data Iterator``). After each batch the callbacks
    get BatchEndParam(epoch, number of batches done, eval_metric, locals); after each epoch
    ``epoch_end_callback(epoch, symbol, arg_params, aux_params)``, then, with `eval_data`, `eval_metric`
    over it with the eval callbacks. `sym_gen` (bucket key -> Symbol) trains one graph per bucket key."""
    logger, work_load_list = _start_training(ctx, logger, work_load_list)
    if monitor and sym_gen is not None:
        raise NotImplementedError('Monitoring is not implemented for bucketing')
    data_names = [d[0] for d in train_data.provide_data]
    label_names = [d[0] for d in train_data.provide_label]
    if sym_gen is None:
        mod = _Module(symbol, data_names=data_names, label_names=label_names, logger=logger, context=ctx,
                      work_load_list=work_load_list)
    else:
        mod = _BucketingModule(lambda key: (sym_gen(key), data_names, label_names),
                               default_bucket_key=train_data.default_bucket_key, logger=logger, context=ctx,
                               work_load_list=work_load_list)
    mod.bind(data_shapes=train_data.provide_data, label_shapes=train_data.provide_label, for_training=True)
    if monitor:
        mod.install_monitor(monitor)
    mod.set_params(arg_params, aux_params)
    with warnings.catch_warnings():
        # the optimizer's rescale_grad is the caller's to choose here, as in MXNet's FeedForward
        warnings.filterwarnings('ignore', message=_RESCALE_WARNING)
        mod.init_optimizer(kvstore=kvstore, optimizer=optimizer)

    # the executors are bound for the training batches: every batch, validation included, has their size
    batch_size = train_data.batch_size
    train_data.reset()
    for epoch in range(begin_epoch, end_epoch):
        started = time.time()
        eval_metric.reset()
        nbatch = 0
        epoch_done = False
        while not epoch_done:
            for data_batch in train_data:
                _check_batch_size(data_batch, batch_size)
                if monitor is not None:
                    monitor.tic()
                mod.forward_backward(data_batch)
                mod.update()
                if monitor is not None:
                    monitor.toc_print()
                mod.update_metric(eval_metric, data_batch.label)
                nbatch += 1
                if batch_end_callback is not None:
                    _multiple_callbacks(batch_end_callback, BatchEndParam(epoch=epoch, nbatch=nbatch,
                                                                          eval_metric=eval_metric, locals=locals()))
                if epoch_size is not None and nbatch >= epoch_size:
                    break
            else:
                # the iterator ran out (before epoch_size batches, or as the end of the epoch)
                logger.info('Epoch[%d] Resetting Data Iterator', epoch)
                train_data.reset()
            epoch_done = epoch_size is None or nbatch >= epoch_size
        logger.info('Epoch[%d] Time cost=%.3f', epoch, time.time() - started)

        if epoch_end_callback or epoch + 1 == end_epoch:
            trained_args, trained_auxs = mod.get_params()
            for given, trained in ((arg_params, trained_args), (aux_params, trained_auxs)):
                for name, value in trained.items():
                    if name in given:
                        value.copyto(given[name])
        _multiple_callbacks(epoch_end_callback, epoch, symbol, arg_params, aux_params)
        if eval_data:
            _validate(mod, eval_data, eval_metric, epoch, batch_size, eval_batch_end_callback, eval_end_callback)


def _validate(mod, eval_data, eval_metric, epoch, batch_size, batch_end_callback, end_callback):
    """`eval_metric` over `eval_data` (reset before and after) with the trained module; its callbacks get
    the batch number (from 0) after each batch and the number of batches at the end."""
    eval_data.reset()
    eval_metric.reset()
    count = 0
    for batch in eval_data:
        _check_batch_size(batch, batch_size)
        mod.forward(batch, is_train=False)
        mod.update_metric(eval_metric, batch.label)
        if batch_end_callback is not None:
            _multiple_callbacks(batch_end_callback, BatchEndParam(epoch, count, eval_metric, locals()))
        count += 1
    if end_callback is not None:
        _multiple_callbacks(end_callback, BatchEndParam(epoch, count, eval_metric, locals()))
    eval_data.reset()


def _check_batch_size(batch, batch_size):
    for array in list(batch.data) + list(batch.label or ()):
        if array.shape[0] != batch_size:
            raise AssertionError('Batch size miss match. Expected %d, got %d' % (batch_size, array.shape[0]))


class FeedForward(BASE_ESTIMATOR):
    """A feed-forward network with one data input and one label, trained and run on numpy arrays or data
    iterators: MXNet's training API from before Module (deprecated there; a DeprecationWarning says so).

    Parameters
    ----------
    symbol : Symbol, or a function of a bucket key giving one
        The network.
    ctx : Context or list of Context
        The devices training spreads each batch over (prediction uses the first); default cpu().
    num_epoch : int
        The epoch training stops before.
    epoch_size : int
        Batches per epoch (default: one pass over the training data).
    optimizer : str or Optimizer
        A name for mx.optimizer.create (with `kwargs`, rescale_grad 1/batch size) or an Optimizer.
    initializer : Initializer
        For the parameters not in `arg_params`/`aux_params`, called as ``initializer(name, array)``.
    numpy_batch_size : int
        The batch size of the iterators made of numpy/NDArray input.
    arg_params, aux_params : dicts of str to NDArray
        Starting values of the parameters and auxiliary states.
    allow_extra_params : bool
        Drop entries of `arg_params`/`aux_params` that the symbol does not have (instead of an error when
        they are used).
    begin_epoch : int
        The first epoch's number.
    kwargs
        Passed to the optimizer.
    """

    def __init__(self, symbol, ctx=None, num_epoch=None, epoch_size=None, optimizer='sgd', initializer=Uniform(0.01),
                 numpy_batch_size=128, arg_params=None, aux_params=None, allow_extra_params=False, begin_epoch=0,
                 **kwargs):
        warnings.warn('\033[91mmxnet.model.FeedForward has been deprecated. Please use mxnet.mod.Module '
                      'instead.\033[0m', DeprecationWarning, stacklevel=2)
        if isinstance(symbol, sym.Symbol):
            self.symbol, self.sym_gen = symbol, None
        else:
            if not callable(symbol):
                raise AssertionError('symbol must be a Symbol or a function of a bucket key giving one, got %s'
                                     % type(symbol).__name__)
            self.symbol, self.sym_gen = None, symbol
        self.arg_params, self.aux_params, self.allow_extra_params = arg_params, aux_params, allow_extra_params
        self.argument_checked = False
        if self.symbol is not None:
            self._check_arguments()
        self.ctx = [cpu()] if ctx is None else [ctx] if isinstance(ctx, Context) else ctx
        # how to train, and the predictor that predict/score bind when first called
        self.begin_epoch, self.num_epoch, self.epoch_size = begin_epoch, num_epoch, epoch_size
        self.optimizer, self.initializer, self.kwargs = optimizer, initializer, dict(kwargs)
        self.numpy_batch_size, self._pred_exec = numpy_batch_size, None

    def _check_arguments(self):
        """Check the symbol's names once; with allow_extra_params, keep only the parameters it has."""
        if not self.argument_checked:
            if self.symbol is None:
                raise AssertionError('FeedForward has no symbol to check yet')
            _check_arguments(self.symbol)
            self.argument_checked = True
            if self.allow_extra_params:
                self.arg_params = _only(self.arg_params, self.symbol.list_arguments())
                self.aux_params = _only(self.aux_params, self.symbol.list_auxiliary_states())

    @staticmethod
    def _is_data_arg(name):
        """Whether an argument name is an input's (it ends with 'data' or 'label')."""
        return name.endswith('data') or name.endswith('label')

    def _init_params(self, inputs, overwrite=False):
        """New arrays for every parameter and auxiliary state, of the shapes and types inferred from the
        inputs (DataDescs or (name, shape) pairs): the given values copied in (unless `overwrite`), the
        others made by the initializer, in the symbol's order. Returns (arg_names, param_names,
        aux_names)."""
        inputs = [x if isinstance(x, DataDesc) else DataDesc(*x) for x in inputs]
        shapes = {x.name: x.shape for x in inputs}
        arg_shapes, _, aux_shapes = self.symbol.infer_shape(**shapes)
        if arg_shapes is None:
            raise AssertionError('the shapes of the parameters cannot be inferred from %s' % shapes)
        arg_types, _, aux_types = self.symbol.infer_type(**{x.name: x.dtype for x in inputs})
        if arg_types is None:
            raise AssertionError('the types of the parameters cannot be inferred')
        arg_names = self.symbol.list_arguments()
        param_names = [name for name in arg_names if name not in shapes]
        aux_names = self.symbol.list_auxiliary_states()
        arg_params = {name: nd.zeros(shape=shape, dtype=dtype)
                      for name, shape, dtype in zip(arg_names, arg_shapes, arg_types) if name not in shapes}
        aux_params = {name: nd.zeros(shape=shape, dtype=dtype)
                      for name, shape, dtype in zip(aux_names, aux_shapes, aux_types)}
        for made, given in ((arg_params, self.arg_params), (aux_params, self.aux_params)):
            for name, value in made.items():
                if given and name in given and not overwrite:
                    value[:] = given[name][:]
                else:
                    self.initializer(name, value)
        self.arg_params, self.aux_params = arg_params, aux_params
        return arg_names, list(param_names), aux_names

    def __getstate__(self):
        state = self.__dict__.copy()
        state['_pred_exec'] = None
        return state

    def __setstate__(self, state):
        self.__dict__.update(state)

    def _init_predictor(self, input_shapes, type_dict=None):
        """Bind (or keep, when the shapes are the same) the executor that predict and score run: on the
        first device, without gradients, with the model's parameters."""
        # MXNet's simple_bind passes over shapes of names the symbol does not have (copy_params_from then
        # refuses such parameters): only the symbol's own go to it
        known = set(self.symbol.list_arguments())
        shapes = {name: value.shape for name, value in self.arg_params.items() if name in known}
        shapes.update(dict(input_shapes))
        if self._pred_exec is not None:
            arg_shapes, _, _ = self.symbol.infer_shape(**shapes)
            if arg_shapes is None:
                raise AssertionError('Incomplete input shapes')
            if arg_shapes == [x.shape for x in self._pred_exec.arg_arrays]:
                return
        executor = self.symbol.simple_bind(self.ctx[0], grad_req='null', type_dict=type_dict, **shapes)
        executor.copy_params_from(self.arg_params, self.aux_params)
        _check_arguments(self.symbol)
        self._pred_exec = executor

    def _init_iter(self, X, y, is_train):
        """`X` as a DataIter: a numpy array or NDArray (with labels `y`; zeros when predicting) becomes an
        NDArrayIter of numpy_batch_size (shuffled, rolling over, for training)."""
        arrays = (np.ndarray, nd.NDArray)
        if not isinstance(X, arrays):
            if isinstance(X, io.DataIter):
                return X
            raise TypeError('X must be DataIter, NDArray or numpy.ndarray')
        if y is None and is_train:
            raise ValueError('y must be specified when X is numpy.ndarray')
        labels = np.zeros(X.shape[0]) if y is None else y
        if not isinstance(labels, arrays):
            raise TypeError('y must be ndarray when X is numpy.ndarray')
        if labels.shape[0] != X.shape[0]:
            raise ValueError('The numbers of data points and labels not equal')
        if labels.ndim == 2 and labels.shape[1] == 1:
            # NDArray.flatten keeps the two axes: such an NDArray label is refused below, as in MXNet
            labels = labels.flatten()
        if labels.ndim != 1:
            raise ValueError('Label must be 1D or 2D (with 2nd dimension being 1)')
        size = min(X.shape[0], self.numpy_batch_size)
        if not is_train:
            return io.NDArrayIter(X, labels, size, shuffle=False)
        return io.NDArrayIter(X, labels, size, shuffle=True, last_batch_handle='roll_over')

    def _init_eval_iter(self, eval_data):
        """`eval_data` as a DataIter (or None): a DataIter, or a (data, label) pair of arrays or lists."""
        if eval_data is None:
            return None
        if isinstance(eval_data, (tuple, list)) and len(eval_data) == 2:
            data, label = eval_data
            if data is None:
                raise ValueError('Eval data is NONE')
            if label is None and isinstance(data, io.DataIter):
                return data
            data = np.array(data) if isinstance(data, list) else data
            label = np.array(label) if isinstance(label, list) else label
            return self._init_iter(data, label, is_train=True)
        if not isinstance(eval_data, io.DataIter):
            raise TypeError('Eval data must be DataIter, or NDArray/numpy.ndarray/list pair (i.e. tuple/list of '
                            'length 2)')
        return eval_data

    def _predictor_for(self, X, reset):
        """`X` as a DataIter (reset unless `reset` is False) and the data arrays, in its order, of the
        predictor bound for its batches (its dtypes from the DataDescs, float32 for plain pairs)."""
        X = self._init_iter(X, None, is_train=False)
        if reset:
            X.reset()
        type_dict = {name: value.dtype for name, value in self.arg_params.items()}
        type_dict.update((d.name, d.dtype) if isinstance(d, DataDesc) else (d[0], mx_real_t)
                         for d in X.provide_data)
        self._init_predictor(X.provide_data, type_dict)
        return X, [self._pred_exec.arg_dict[d[0]] for d in X.provide_data]

    def predict(self, X, num_batch=None, return_data=False, reset=True):
        """The outputs over `X` (a DataIter, numpy array or NDArray; at most `num_batch` batches) as numpy
        arrays without the batches' padding: one array, or a list for several outputs. With
        `return_data`, (outputs, data, label)."""
        X, inputs = self._predictor_for(X, reset)
        executor = self._pred_exec
        kept = [[] for _ in executor.outputs]
        if return_data:
            kept += [[] for _ in X.provide_data] + [[] for _ in X.provide_label]
        done = 0
        for batch in X:
            _load_data(batch, inputs)
            executor.forward(is_train=False)
            arrays = list(executor.outputs) + (list(batch.data) + list(batch.label) if return_data else [])
            rows = X.batch_size - batch.pad
            for parts, array in zip(kept, arrays):
                parts.append(array[0:rows].asnumpy())
            done += 1
            if done == num_batch:
                break
        count = len(executor.outputs)
        if not return_data:
            return _joined(kept)
        split = count + len(X.provide_data)
        return _joined(kept[:count]), _joined(kept[count:split]), _joined(kept[split:])

    def score(self, X, eval_metric='acc', num_batch=None, batch_end_callback=None, reset=True):
        """The value of `eval_metric` (an EvalMetric or what metric.create takes) over `X` (at most
        `num_batch` batches)."""
        chosen = eval_metric if isinstance(eval_metric, metric.EvalMetric) else metric.create(eval_metric)
        X, inputs = self._predictor_for(X, reset)
        executor = self._pred_exec
        for nbatch, batch in enumerate(X):
            if nbatch == num_batch:
                break
            _load_data(batch, inputs)
            executor.forward(is_train=False)
            chosen.update(batch.label, executor.outputs)
            if batch_end_callback is not None:
                _multiple_callbacks(batch_end_callback, BatchEndParam(0, nbatch, chosen, locals()))
        return chosen.get()[1]

    def fit(self, X, y=None, eval_data=None, eval_metric='acc', epoch_end_callback=None, batch_end_callback=None,
            kvstore='local', logger=None, work_load_list=None, monitor=None,
            eval_end_callback=LogValidationMetricsCallback(), eval_batch_end_callback=None):
        """Train on `X` (a DataIter, or a numpy array/NDArray with labels `y`) for epochs
        begin_epoch..num_epoch-1, validating on `eval_data` (a DataIter or a (data, label) pair) after each
        with `eval_metric`. `kvstore` ('local', 'device', 'dist_sync', ... or a KVStore) sums the gradients
        of several devices; with one device and no 'dist' store there is none."""
        data = self._init_iter(X, y, is_train=True)
        eval_data = self._init_eval_iter(eval_data)
        if self.sym_gen:
            self.symbol = self.sym_gen(data.default_bucket_key)
            self._check_arguments()
        self.kwargs['sym'] = self.symbol
        arg_names, param_names, aux_names = self._init_params(data.provide_data + data.provide_label)
        if not isinstance(eval_metric, metric.EvalMetric):
            eval_metric = metric.create(eval_metric)
        kvstore, update_on_kvstore = _create_kvstore(kvstore, len(self.ctx), self.arg_params)
        count = len(self.ctx)
        if update_on_kvstore:
            idx2name = dict(enumerate(param_names))
        else:
            idx2name = {i * count + k: name for i, name in enumerate(param_names) for k in range(count)}
        self.kwargs['param_idx2name'] = idx2name
        if isinstance(self.optimizer, opt.Optimizer):
            optimizer = self.optimizer
            if not optimizer.idx2name:
                optimizer.idx2name = idx2name.copy()
        elif isinstance(self.optimizer, str):
            # gradients are summed over the batch (and over the workers of a synchronous store)
            sync = kvstore is not None and 'dist' in kvstore.type and '_async' not in kvstore.type
            examples = data.batch_size * (kvstore.num_workers if sync else 1)
            optimizer = opt.create(self.optimizer, rescale_grad=1.0 / examples, **self.kwargs)
        else:
            raise TypeError('optimizer must be a str or an Optimizer, got %s' % type(self.optimizer).__name__)
        _train_multi_device(self.symbol, self.ctx, arg_names, param_names, aux_names, self.arg_params,
                            self.aux_params, begin_epoch=self.begin_epoch, end_epoch=self.num_epoch,
                            epoch_size=self.epoch_size, optimizer=optimizer, train_data=data, eval_data=eval_data,
                            eval_metric=eval_metric, epoch_end_callback=epoch_end_callback,
                            batch_end_callback=batch_end_callback, kvstore=kvstore,
                            update_on_kvstore=update_on_kvstore, logger=logger, work_load_list=work_load_list,
                            monitor=monitor, eval_end_callback=eval_end_callback,
                            eval_batch_end_callback=eval_batch_end_callback, sym_gen=self.sym_gen)

    def save(self, prefix, epoch=None, remove_amp_cast=True):
        """Write the checkpoint ``prefix-symbol.json`` + ``prefix-%04d.params`` % epoch (default:
        num_epoch)."""
        if epoch is None:
            epoch = self.num_epoch
        if epoch is None:
            raise AssertionError('give the epoch to save (the model has no num_epoch)')
        save_checkpoint(prefix, epoch, self.symbol, self.arg_params, self.aux_params, remove_amp_cast=remove_amp_cast)

    @staticmethod
    def load(prefix, epoch, ctx=None, **kwargs):
        """A FeedForward of the checkpoint ``prefix-symbol.json`` + ``prefix-%04d.params`` % epoch,
        starting at that epoch; other keyword arguments go to FeedForward()."""
        symbol, arg_params, aux_params = load_checkpoint(prefix, epoch)
        return FeedForward(symbol, ctx=ctx, arg_params=arg_params, aux_params=aux_params, begin_epoch=epoch,
                           **kwargs)

    @staticmethod
    def create(symbol, X, y=None, ctx=None, num_epoch=None, epoch_size=None, optimizer='sgd',
               initializer=Uniform(0.01), eval_data=None, eval_metric='acc', epoch_end_callback=None,
               batch_end_callback=None, kvstore='local', logger=None, work_load_list=None,
               eval_end_callback=LogValidationMetricsCallback(), eval_batch_end_callback=None, **kwargs):
        """A FeedForward made with these settings (`kwargs` go to FeedForward(), the optimizer's
        included) and trained with `fit` on `X`/`y`."""
        model = FeedForward(symbol, ctx=ctx, num_epoch=num_epoch, epoch_size=epoch_size, optimizer=optimizer,
                            initializer=initializer, **kwargs)
        model.fit(X, y, eval_data=eval_data, eval_metric=eval_metric, epoch_end_callback=epoch_end_callback,
                  batch_end_callback=batch_end_callback, kvstore=kvstore, logger=logger,
                  work_load_list=work_load_list, eval_end_callback=eval_end_callback,
                  eval_batch_end_callback=eval_batch_end_callback)
        return model


def _only(params, names):
    """The entries of `params` (a dict or None) whose names are in `names`."""
    if not params:
        return params
    names = set(names)
    return {k: v for k, v in params.items() if k in names}


def _joined(parts):
    """Each list of numpy arrays joined along axis 0; a single one bare."""
    joined = [np.concatenate(p) for p in parts]
    return joined[0] if len(joined) == 1 else joined
