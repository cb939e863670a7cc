"""Module: a Symbol with its parameters, executors (one per context) and optimizer."""
import logging
import warnings

from .. import context as ctx, optimizer as opt
from .._fileio import write_atomically
from ..initializer import Uniform, InitDesc
from ..io import DataDesc
from ..model import _create_kvstore, _initialize_kvstore, _update_params, _update_params_on_kvstore
from ..model import load_checkpoint
from ..ndarray import zeros
from .base_module import BaseModule, _check_input_names, _parse_data_desc, _require, _NOT_READY
from .executor_group import DataParallelExecutorGroup

__all__ = ['Module']

_NOT_BOUND = 'call bind first'


class Module(BaseModule):
    """A trainable model made of a Symbol.

    Parameters
    ----------
    symbol : Symbol
        The network; its outputs are the module's outputs.
    data_names, label_names : lists of str
        The arguments of `symbol` fed from the batches' data and labels.
    logger : logging.Logger
    context : Context or list of Context
        Devices to spread each batch over (data parallelism).
    work_load_list : list of numbers
        The share of the batch each context takes (equal by default).
    fixed_param_names : list of str
        Parameters that are not trained.
    state_names : list of str
        Arguments that are states, set with `set_states` rather than fed by batches or trained.
    group2ctxs : dict or list of dicts
        Devices for the symbol's ctx_group attributes (see Symbol.bind's group2ctx), per context.
    compression_params : dict
        Gradient compression for the kvstore.
    """

    def __init__(self, symbol, data_names=('data',), label_names=('softmax_label',), logger=logging,
                 context=ctx.cpu(), work_load_list=None, fixed_param_names=None, state_names=None, group2ctxs=None,
                 compression_params=None):
        super().__init__(logger=logger)
        contexts = [context] if isinstance(context, ctx.Context) else list(context)
        self._context = contexts
        if work_load_list is None:
            work_load_list = [1] * len(contexts)
        _require(len(work_load_list) == len(contexts),
                 'work_load_list has {} entries for {} contexts'.format(len(work_load_list), len(contexts)))
        self._work_load_list = work_load_list
        self._group2ctxs = group2ctxs
        self._symbol = symbol
        names = {}
        for kind, given, strict in (('data', data_names, True), ('label', label_names, False),
                                    ('state', state_names, True), ('fixed_param', fixed_param_names, True)):
            names[kind] = list(given or [])
            _check_input_names(symbol, names[kind], kind, strict)
        self._data_names, self._label_names = names['data'], names['label']
        self._state_names, self._fixed_param_names = names['state'], names['fixed_param']
        inputs = set(self._data_names + self._label_names + self._state_names)
        self._param_names = [name for name in symbol.list_arguments() if name not in inputs]
        self._aux_names, self._output_names = symbol.list_auxiliary_states(), symbol.list_outputs()
        self._compression_params = compression_params
        self._arg_params = self._aux_params = None
        self._params_dirty = False
        self._optimizer = self._kvstore = self._update_on_kvstore = self._updater = None
        self._preload_opt_states = None
        self._grad_req = None
        self._exec_group = None
        self._data_shapes = self._label_shapes = None

    # ---- checkpoints ------------------------------------------------------------------------------------
    @staticmethod
    def load(prefix, epoch, load_optimizer_states=False, **kwargs):
        """A Module of the checkpoint ``prefix-symbol.json`` + ``prefix-%04d.params`` % epoch, its
        parameters set (bind it before use); with `load_optimizer_states`, init_optimizer also reads
        ``prefix-%04d.states``. Other keyword arguments go to Module()."""
        symbol, arg_params, aux_params = load_checkpoint(prefix, epoch)
        mod = Module(symbol=symbol, **kwargs)
        mod._arg_params, mod._aux_params = arg_params, aux_params
        mod.params_initialized = True
        if load_optimizer_states:
            mod._preload_opt_states = '%s-%04d.states' % (prefix, epoch)
        return mod

    def save_checkpoint(self, prefix, epoch, save_optimizer_states=False, remove_amp_cast=True):
        """Write ``prefix-symbol.json``, ``prefix-%04d.params`` % epoch and, if asked, the optimizer's
        states as ``prefix-%04d.states``."""
        self._symbol.save('%s-symbol.json' % prefix, remove_amp_cast=remove_amp_cast)
        params = '%s-%04d.params' % (prefix, epoch)
        self.save_params(params)
        logging.info('Saved checkpoint to "%s"', params)
        if save_optimizer_states:
            states = '%s-%04d.states' % (prefix, epoch)
            self.save_optimizer_states(states)
            logging.info('Saved optimizer state to "%s"', states)

    # ---- names and shapes -------------------------------------------------------------------------------
    def _reset_bind(self):
        self.binded = False
        self._exec_group = None
        self._data_shapes = self._label_shapes = None

    @property
    def data_names(self):
        """The names of the data inputs."""
        return self._data_names

    @property
    def label_names(self):
        """The names of the label inputs."""
        return self._label_names

    @property
    def output_names(self):
        """The names of the outputs."""
        return self._output_names

    @property
    def data_shapes(self):
        """The DataDescs of the data inputs."""
        _require(self.binded, _NOT_BOUND)
        return self._data_shapes

    @property
    def label_shapes(self):
        """The DataDescs of the label inputs (None when bound without labels)."""
        _require(self.binded, _NOT_BOUND)
        return self._label_shapes

    @property
    def output_shapes(self):
        """[(output name, shape)] for the whole batch."""
        _require(self.binded, _NOT_BOUND)
        return self._exec_group.get_output_shapes()

    # ---- parameters -------------------------------------------------------------------------------------
    def get_params(self):
        """(arg_params, aux_params), brought up to date from the devices."""
        _require(self.params_initialized, 'call init_params (or set_params) first')
        if self._params_dirty:
            self._sync_params_from_devices()
        return self._arg_params, self._aux_params

    def init_params(self, initializer=Uniform(0.01), arg_params=None, aux_params=None, allow_missing=False,
                    force_init=False, allow_extra=False):
        """Fill the parameters: from `arg_params`/`aux_params` where they have the name, else by
        `initializer` (a missing name is a RuntimeError unless `allow_missing`). Ignored, with a
        warning, once initialised unless `force_init`."""
        if self.params_initialized and not force_init:
            warnings.warn('Parameters already initialized and force_init=False. init_params call ignored.',
                          stacklevel=2)
            return
        _require(self.binded, 'call bind before initializing the parameters')
        attrs = self._symbol.attr_dict()

        def fill(name, arr, given):
            desc = InitDesc(name, attrs.get(name, None))
            if given is None:
                initializer(desc, arr)
            elif name in given:
                if given[name] is not arr:
                    given[name].copyto(arr)
            elif not allow_missing:
                raise RuntimeError('%s is not presented' % name)
            elif initializer is not None:
                initializer(desc, arr)
        for name, arr in sorted(self._arg_params.items()):
            fill(name, arr, arg_params)
        for name, arr in sorted(self._aux_params.items()):
            fill(name, arr, aux_params)
        self.params_initialized = True
        self._params_dirty = False
        self._exec_group.set_params(self._arg_params, self._aux_params, allow_extra=allow_extra)

    def set_params(self, arg_params, aux_params, allow_missing=False, force_init=True, allow_extra=False):
        """Set the parameters from dicts of arrays. With `allow_missing` the given ones go straight to the
        devices (the others keep their values); without, every parameter must be given."""
        if not allow_missing:
            self.init_params(initializer=None, arg_params=arg_params, aux_params=aux_params,
                             allow_missing=allow_missing, force_init=force_init, allow_extra=allow_extra)
            return
        if self.params_initialized and not force_init:
            warnings.warn('Parameters already initialized and force_init=False. set_params call ignored.',
                          stacklevel=2)
            return
        self._exec_group.set_params(arg_params, aux_params, allow_extra)
        self._params_dirty = self.params_initialized = True

    def _sync_params_from_devices(self):
        self._exec_group.get_params(self._arg_params, self._aux_params)
        self._params_dirty = False

    # ---- binding ----------------------------------------------------------------------------------------
    def bind(self, data_shapes, label_shapes=None, for_training=True, inputs_need_grad=False, force_rebind=False,
             shared_module=None, grad_req='write'):
        """Make the executors for inputs of these shapes (DataDescs or (name, shape) pairs). With
        `shared_module` (bound, initialised) the parameters and their memory are that module's."""
        if self._skip_bind(force_rebind):
            return
        _require(for_training or not inputs_need_grad, 'inputs_need_grad needs for_training=True')
        data_shapes, label_shapes = _parse_data_desc(self.data_names, self.label_names, data_shapes, label_shapes)
        shared_group = None
        if shared_module is not None:
            _require(isinstance(shared_module, Module) and shared_module.binded and shared_module.params_initialized,
                     'shared_module must be a bound Module with initialised parameters')
            shared_group = shared_module._exec_group
            _require(len(shared_group.execs) >= len(self._context),
                     'shared_module has fewer executors than this module has contexts')
        group = DataParallelExecutorGroup(self._symbol, self._context, self._work_load_list, data_shapes,
                                          label_shapes, self._param_names, for_training, inputs_need_grad,
                                          shared_group, logger=self.logger, fixed_param_names=self._fixed_param_names,
                                          grad_req=grad_req, group2ctxs=self._group2ctxs,
                                          state_names=self._state_names)
        # nothing above changed the module: a failed bind leaves it unbound
        self.for_training = for_training
        self.inputs_need_grad = inputs_need_grad
        self._grad_req = grad_req
        self._data_shapes, self._label_shapes = data_shapes, label_shapes
        self._exec_group = group
        self._total_exec_bytes = group._total_exec_bytes
        if shared_module is not None:
            self._arg_params, self._aux_params = shared_module._arg_params, shared_module._aux_params
            self.params_initialized = True
        elif self.params_initialized:
            group.set_params(self._arg_params, self._aux_params)
        else:
            _require(self._arg_params is None and self._aux_params is None,
                     'parameters exist although they were not initialised')
            self._arg_params = {name: zeros(shape=a[0].shape, dtype=a[0].dtype, stype=a[0].stype)
                                for name, a in zip(self._param_names, group.param_arrays)}
            self._aux_params = {name: zeros(shape=a[0].shape, dtype=a[0].dtype, stype=a[0].stype)
                                for name, a in zip(self._aux_names, group.aux_arrays)}
        self.binded = True
        if shared_module is not None and shared_module.optimizer_initialized:
            self.borrow_optimizer(shared_module)

    def reshape(self, data_shapes, label_shapes=None):
        """Adapt the executors to new input shapes (they share the parameters' memory)."""
        _require(self.binded, _NOT_BOUND)
        self._data_shapes, self._label_shapes = _parse_data_desc(self.data_names, self.label_names, data_shapes,
                                                                 label_shapes)
        self._exec_group.reshape(self._data_shapes, self._label_shapes)

    # ---- optimizer --------------------------------------------------------------------------------------
    def init_optimizer(self, kvstore='local', optimizer='sgd', optimizer_params=(('learning_rate', 0.01),),
                       force_init=False):
        """Set up the optimizer: a name for mx.optimizer.create (with `optimizer_params`; rescale_grad
        defaults to 1/batch size) or an Optimizer; and a kvstore ('local', 'device', a KVStore, or None)
        when there are several devices."""
        _require(self.binded and self.params_initialized, _NOT_READY)
        if self.optimizer_initialized and not force_init:
            return self.logger.warning('optimizer already initialized, ignoring...')
        if self._params_dirty:
            self._sync_params_from_devices()
        kvstore, update_on_kvstore = _create_kvstore(kvstore, len(self._context), self._arg_params)
        batch_size = self._exec_group.batch_size
        if kvstore and 'dist' in kvstore.type and '_sync' in kvstore.type:
            batch_size *= kvstore.num_workers
        rescale_grad = 1.0 / batch_size
        names = self._exec_group.param_names
        if update_on_kvstore:
            idx2name = dict(enumerate(names))
        else:
            count = len(self._context)
            idx2name = {i * count + k: n for k in range(count) for i, n in enumerate(names)}
        if isinstance(optimizer, str):
            params = dict(optimizer_params)
            params.setdefault('rescale_grad', rescale_grad)
            optimizer = opt.create(optimizer, sym=self.symbol, param_idx2name=idx2name, **params)
        else:
            _require(isinstance(optimizer, opt.Optimizer),
                     'optimizer must be a name or an Optimizer, got {}'.format(type(optimizer).__name__))
            if optimizer.rescale_grad != rescale_grad:
                warnings.warn('Optimizer created manually outside Module but rescale_grad is not normalized to '
                              '1.0/batch_size/num_workers (%s vs. %s). Is this intended?'
                              % (optimizer.rescale_grad, rescale_grad), stacklevel=2)
            if not optimizer.idx2name:
                optimizer.idx2name = dict(idx2name)
        self._optimizer, self._kvstore, self._update_on_kvstore = optimizer, kvstore, update_on_kvstore
        if kvstore and self._compression_params:
            kvstore.set_gradient_compression(self._compression_params)
        if kvstore and update_on_kvstore:
            kvstore.set_optimizer(optimizer)
        if kvstore:
            _initialize_kvstore(kvstore, self._exec_group.param_arrays, self._arg_params, self._param_names,
                                update_on_kvstore)
        # an optimizer on the kvstore updates there; otherwise the module's own updater does
        self._updater = None if update_on_kvstore else opt.get_updater(optimizer)
        self.optimizer_initialized = True
        preload, self._preload_opt_states = self._preload_opt_states, None
        if preload is not None:
            self.load_optimizer_states(preload)

    def borrow_optimizer(self, shared_module):
        """Use `shared_module`'s optimizer, kvstore and updater (buckets of a BucketingModule)."""
        _require(shared_module.optimizer_initialized, 'the shared module has no optimizer yet')
        for name in ('_optimizer', '_kvstore', '_update_on_kvstore', '_updater'):
            setattr(self, name, getattr(shared_module, name))
        self.optimizer_initialized = True

    def save_optimizer_states(self, fname):
        """Write the optimizer's states (the updater's, or the kvstore's when it updates) to `fname`."""
        _require(self.optimizer_initialized, 'call init_optimizer first')
        if self._update_on_kvstore:
            self._kvstore.save_optimizer_states(fname)
        else:
            write_atomically(fname, [self._updater.get_states()], 'Module.save_optimizer_states')

    def load_optimizer_states(self, fname):
        """Read optimizer states written by `save_optimizer_states`."""
        _require(self.optimizer_initialized, 'call init_optimizer first')
        if self._update_on_kvstore:
            self._kvstore.load_optimizer_states(fname)
        else:
            with open(fname, 'rb') as f:
                self._updater.set_states(f.read())

    # ---- running ----------------------------------------------------------------------------------------
    def forward(self, data_batch, is_train=None):
        """Run one batch forward (training mode by default when bound for training). A batch of other
        shapes than the bound ones reshapes the executors first."""
        if not (self.binded and self.params_initialized):
            raise AssertionError(_NOT_READY)
        bound = tuple(d.shape for d in self._data_shapes)
        if isinstance(data_batch, list):
            if not data_batch:
                raise AssertionError('Encountered empty data batch')
            shapes = []
            for i, first in enumerate(data_batch[0].data):
                if any(b.data[i].shape != first.shape for b in data_batch):
                    raise AssertionError('All data batches in a list need to have the same shape')
                shapes.append((len(data_batch) * first.shape[0],) + first.shape[1:])
            shapes = tuple(shapes)
        else:
            shapes = tuple(d.shape for d in data_batch.data)
        if shapes != bound:
            self._reshape_for(data_batch, shapes)
        self._exec_group.forward(data_batch, is_train)

    def _reshape_for(self, data_batch, shapes):
        provided = getattr(data_batch, 'provide_data', None)
        if provided:
            data_shapes = provided
        else:
            data_shapes = [DataDesc(d.name, s, d.dtype, d.layout) for d, s in zip(self._data_shapes, shapes)]
        provided = getattr(data_batch, 'provide_label', None)
        labels = getattr(data_batch, 'label', None)
        if provided:
            label_shapes = provided
        elif labels:
            label_shapes = [DataDesc(d.name, a.shape, d.dtype, d.layout) for d, a in zip(self._label_shapes, labels)]
        else:
            label_shapes = None
        self.reshape(data_shapes, label_shapes)

    def _adopt_inputs(self, adopt):
        if self._exec_group is not None:
            self._exec_group.adopt_inputs = adopt

    def backward(self, out_grads=None):
        """Gradients of the last forward (`out_grads` for outputs that are not losses)."""
        if not (self.binded and self.params_initialized):
            raise AssertionError(_NOT_READY)
        self._exec_group.backward(out_grads=out_grads)

    def update(self):
        """One optimizer step on every parameter with the gradients of the last backward."""
        if not (self.binded and self.params_initialized and self.optimizer_initialized):
            raise AssertionError('call bind, init_params and init_optimizer first')
        self._params_dirty = True
        group = self._exec_group
        if self._update_on_kvstore:
            _update_params_on_kvstore(group.param_arrays, group.grad_arrays, self._kvstore, group.param_names)
        else:
            _update_params(group.param_arrays, group.grad_arrays, updater=self._updater,
                           num_device=len(self._context), kvstore=self._kvstore, param_names=group.param_names)

    def get_outputs(self, merge_multi_context=True):
        """The outputs of the last forward: one array per output (joined over the devices), or per output
        the list of the devices' arrays."""
        if not (self.binded and self.params_initialized):
            raise AssertionError(_NOT_READY)
        return self._exec_group.get_outputs(merge_multi_context=merge_multi_context)

    def get_input_grads(self, merge_multi_context=True):
        """The gradients of the data inputs (bound with inputs_need_grad=True)."""
        _require(self.binded and self.params_initialized and self.inputs_need_grad,
                 'bind with inputs_need_grad=True and initialise the parameters first')
        return self._exec_group.get_input_grads(merge_multi_context=merge_multi_context)

    def get_states(self, merge_multi_context=True):
        """The state arrays (see state_names)."""
        _require(self.binded and self.params_initialized, _NOT_READY)
        return self._exec_group.get_states(merge_multi_context=merge_multi_context)

    def set_states(self, states=None, value=None):
        """Set the states from arrays (as get_states gives them) or to one value."""
        _require(self.binded and self.params_initialized, _NOT_READY)
        self._exec_group.set_states(states, value)

    def update_metric(self, eval_metric, labels, pre_sliced=False):
        """Add the last outputs, with `labels`, to `eval_metric`."""
        self._exec_group.update_metric(eval_metric, labels, pre_sliced)

    def install_monitor(self, mon):
        """Install a Monitor on every executor."""
        _require(self.binded, _NOT_BOUND)
        self._exec_group.install_monitor(mon)

    def prepare(self, data_batch, sparse_row_id_fn=None):
        """Nothing to prepare with dense parameters (sparse_row_id_fn is for row-sparse ones)."""
        _require(self.binded, _NOT_BOUND)
        if sparse_row_id_fn is not None:
            warnings.warn(UserWarning('Parameters are not updated in the KVStore. No need to call '
                                      'sparse_row_id_fn.'))
