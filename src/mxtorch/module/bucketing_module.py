"""BucketingModule: one Module per bucket key (sequence length, ...), all sharing one set of parameters."""
import logging
import warnings

import numpy as np

from .. import context as ctx, ndarray as nd, symbol as sym
from ..initializer import Uniform
from ..model import load_params
from ..name import NameManager
from .base_module import BaseModule, _check_input_names, _require, _NOT_READY
from .module import Module

__all__ = ['BucketingModule']


class BucketingModule(BaseModule):
    """A model whose symbol depends on a bucket key: ``sym_gen(key)`` returns (symbol, data_names,
    label_names). The module of `default_bucket_key` is bound first and owns the parameters; the module
    of another key is made when a batch with that ``bucket_key`` first comes, sharing the default
    module's parameters, memory and optimizer. The other arguments are Module's."""

    def __init__(self, sym_gen, default_bucket_key=None, logger=logging, context=ctx.cpu(), work_load_list=None,
                 fixed_param_names=None, state_names=None, group2ctxs=None, compression_params=None):
        super().__init__(logger=logger)
        _require(default_bucket_key is not None, 'BucketingModule needs a default_bucket_key')
        self._default_bucket_key = default_bucket_key
        self._sym_gen = sym_gen
        symbol, data_names, label_names = self._call_sym_gen(default_bucket_key)
        self._fixed_param_names = list(fixed_param_names or [])
        self._state_names = list(state_names or [])
        _check_input_names(symbol, list(data_names or []), 'data', True)
        _check_input_names(symbol, list(label_names or []), 'label', False)
        _check_input_names(symbol, self._state_names, 'state', True)
        _check_input_names(symbol, self._fixed_param_names, 'fixed_param', True)
        # what every bucket's Module is made with
        self._module_args = dict(logger=logger, context=context, work_load_list=work_load_list,
                                 fixed_param_names=self._fixed_param_names, state_names=self._state_names,
                                 group2ctxs=group2ctxs, compression_params=compression_params)
        self._context, self._work_load_list, self._group2ctxs = context, work_load_list, group2ctxs
        self._compression_params = compression_params
        self._params_dirty, self._monitor, self._grad_req = False, None, None
        self._reset_bind()

    def _reset_bind(self):
        self._buckets, self._curr_module, self._curr_bucket_key = {}, None, None
        self.binded = False

    def _call_sym_gen(self, *args, **kwargs):
        # each call names its nodes afresh, so every bucket's symbol has the same parameter names
        names = NameManager()
        with names:
            return self._sym_gen(*args, **kwargs)

    def _new_module(self, symbol, data_names, label_names):
        return Module(symbol, data_names, label_names, **self._module_args)

    @property
    def data_names(self):
        """The data inputs of the current bucket (of the default one before binding)."""
        if self.binded:
            return self._curr_module.data_names
        return self._call_sym_gen(self._default_bucket_key)[1]

    @property
    def output_names(self):
        """The outputs of the current bucket (of the default one before binding)."""
        if self.binded:
            return self._curr_module.output_names
        return self._call_sym_gen(self._default_bucket_key)[0].list_outputs()

    @property
    def data_shapes(self):
        """The current bucket's data DataDescs."""
        _require(self.binded, 'call bind first')
        return self._curr_module.data_shapes

    @property
    def label_shapes(self):
        """The current bucket's label DataDescs."""
        _require(self.binded, 'call bind first')
        return self._curr_module.label_shapes

    @property
    def output_shapes(self):
        """The current bucket's output shapes."""
        _require(self.binded, 'call bind first')
        return self._curr_module.output_shapes

    @property
    def symbol(self):
        """The current bucket's symbol."""
        _require(self.binded, 'call bind first')
        return self._curr_module.symbol

    # ---- parameters -------------------------------------------------------------------------------------
    def get_params(self):
        """(arg_params, aux_params) of the shared parameters."""
        _require(self.params_initialized, 'call init_params (or set_params) first')
        current = self._curr_module
        current._params_dirty, self._params_dirty = self._params_dirty, False
        return current.get_params()

    def set_params(self, arg_params, aux_params, allow_missing=False, force_init=True, allow_extra=False):
        """Set the shared parameters (see Module.set_params)."""
        if not allow_missing:
            return self.init_params(None, arg_params, aux_params, False, force_init)
        if self.params_initialized and not force_init:
            warnings.warn('Parameters already initialized and force_init=False. set_params call ignored.',
                          stacklevel=2)
            return None
        self._curr_module.set_params(arg_params, aux_params, True, force_init, allow_extra)
        self._params_dirty = self.params_initialized = True
        return None

    def init_params(self, initializer=Uniform(0.01), arg_params=None, aux_params=None, allow_missing=False,
                    force_init=False, allow_extra=False):
        """Initialise the shared parameters (see Module.init_params)."""
        if self.params_initialized and not force_init:
            return
        _require(self.binded, 'call bind before initializing the parameters')
        self._curr_module.init_params(initializer=initializer, arg_params=arg_params, aux_params=aux_params,
                                      allow_missing=allow_missing, force_init=force_init, allow_extra=allow_extra)
        self._params_dirty = False
        self.params_initialized = True

    def get_states(self, merge_multi_context=True):
        """The current bucket's states."""
        _require(self.binded and self.params_initialized, _NOT_READY)
        return self._curr_module.get_states(merge_multi_context=merge_multi_context)

    def set_states(self, states=None, value=None):
        """Set the current bucket's states."""
        _require(self.binded and self.params_initialized, _NOT_READY)
        self._curr_module.set_states(states, value)

    # ---- binding and buckets ----------------------------------------------------------------------------
    def bind(self, data_shapes, label_shapes=None, for_training=True, inputs_need_grad=False, force_rebind=False,
             shared_module=None, grad_req='write'):
        """Bind the default bucket's module for these shapes (the parameters are kept over a rebind)."""
        params = self.get_params() if self.params_initialized else None
        if self._skip_bind(force_rebind):
            return
        _require(shared_module is None, 'shared_module for BucketingModule is not supported')
        symbol, data_names, label_names = self._call_sym_gen(self._default_bucket_key)
        module = self._buckets.get(self._default_bucket_key) or self._new_module(symbol, data_names, label_names)
        module.bind(data_shapes, label_shapes, for_training, inputs_need_grad, force_rebind=False,
                    shared_module=None, grad_req=grad_req)
        self.for_training, self.inputs_need_grad, self._grad_req = for_training, inputs_need_grad, grad_req
        self._buckets[self._default_bucket_key] = self._curr_module = module
        self._curr_bucket_key = self._default_bucket_key
        self.binded = True
        if params is not None:
            self.set_params(*params)

    def switch_bucket(self, bucket_key, data_shapes, label_shapes=None):
        """Make the module of `bucket_key` current, binding it (sharing the default bucket's parameters)
        the first time."""
        _require(self.binded, 'call bind before switching bucket')
        module = self._buckets.get(bucket_key)
        if module is None or not module.binded:
            if module is None:
                module = self._new_module(*self._call_sym_gen(bucket_key))
            module.bind(data_shapes, label_shapes, self._curr_module.for_training,
                        self._curr_module.inputs_need_grad, force_rebind=False,
                        shared_module=self._buckets[self._default_bucket_key], grad_req=self._grad_req)
            if self._monitor is not None:
                module.install_monitor(self._monitor)
            self._buckets[bucket_key] = module
        self._curr_module = module
        self._curr_bucket_key = bucket_key

    def init_optimizer(self, kvstore='local', optimizer='sgd', optimizer_params=(('learning_rate', 0.01),),
                       force_init=False):
        """Set up the optimizer on the current bucket; every other bucket borrows it."""
        _require(self.binded and self.params_initialized, _NOT_READY)
        if self.optimizer_initialized and not force_init:
            self.logger.warning('optimizer already initialized, ignoring.')
            return
        self._curr_module.init_optimizer(kvstore, optimizer, optimizer_params, force_init=force_init)
        for module in self._buckets.values():
            if module is not self._curr_module:
                module.borrow_optimizer(self._curr_module)
        self.optimizer_initialized = True

    # ---- running ----------------------------------------------------------------------------------------
    def prepare(self, data_batch, sparse_row_id_fn=None):
        """Prepare the batch's bucket for it (the current bucket stays current)."""
        _require(self.binded and self.params_initialized, _NOT_READY)
        current = self._curr_bucket_key
        self.switch_bucket(data_batch.bucket_key, data_batch.provide_data, data_batch.provide_label)
        self._curr_module.prepare(data_batch, sparse_row_id_fn=sparse_row_id_fn)
        self.switch_bucket(current, None, None)

    def forward(self, data_batch, is_train=None):
        """Switch to the batch's bucket and run it forward."""
        _require(self.binded and self.params_initialized, _NOT_READY)
        self.switch_bucket(data_batch.bucket_key, data_batch.provide_data, data_batch.provide_label)
        self._curr_module.forward(data_batch, is_train=is_train)

    def backward(self, out_grads=None):
        """Backward of the current bucket."""
        _require(self.binded and self.params_initialized, _NOT_READY)
        self._curr_module.backward(out_grads=out_grads)

    def update(self):
        """An optimizer step on the shared parameters."""
        _require(self.binded and self.params_initialized and self.optimizer_initialized,
                 'call bind, init_params and init_optimizer first')
        self._params_dirty = True
        self._curr_module.update()

    def get_outputs(self, merge_multi_context=True):
        """The current bucket's outputs."""
        _require(self.binded and self.params_initialized, _NOT_READY)
        return self._curr_module.get_outputs(merge_multi_context=merge_multi_context)

    def get_input_grads(self, merge_multi_context=True):
        """The current bucket's input gradients."""
        _require(self.binded and self.params_initialized and self.inputs_need_grad,
                 'bind with inputs_need_grad=True and initialise the parameters first')
        return self._curr_module.get_input_grads(merge_multi_context=merge_multi_context)

    def update_metric(self, eval_metric, labels, pre_sliced=False):
        """Add the current bucket's outputs to `eval_metric`."""
        _require(self.binded and self.params_initialized, _NOT_READY)
        self._curr_module.update_metric(eval_metric, labels, pre_sliced)

    def install_monitor(self, mon):
        """Install a Monitor on every bucket, present and future."""
        _require(self.binded, 'call bind first')
        self._monitor = mon
        for module in self._buckets.values():
            module.install_monitor(mon)

    # ---- checkpoints ------------------------------------------------------------------------------------
    def save_checkpoint(self, prefix, epoch, remove_amp_cast=False):
        """Write the shared parameters (``prefix-%04d.params``), each bucket's symbol
        (``prefix-<key>-symbol.json``) and the list of keys (``prefix.buckets``)."""
        _require(len(self._buckets) > 0, 'Empty BucketingModule cannot be saved')
        self.save_params('%s-%04d.params' % (prefix, epoch))
        for key in self._buckets:
            symbol = self._sym_gen(key)[0]
            symbol.save('%s-%s-symbol.json' % (prefix, key), remove_amp_cast=remove_amp_cast)
        nd.save('%s.buckets' % prefix, nd.array(list(self._buckets.keys()), dtype=np.int32))

    @staticmethod
    def load(prefix, epoch, sym_gen=None, default_bucket_key=None, **kwargs):
        """A BucketingModule of a checkpoint written by `save_checkpoint` (bind it before use)."""
        _require(sym_gen is not None, 'sym_gen is required for loading BucketingModule')
        _require(default_bucket_key is not None, 'default_bucket_key is required for loading BucketingModule')
        keys = list(nd.load('%s.buckets' % prefix)[0].asnumpy().astype('int32'))
        symbols = {key: sym.load('%s-%s-symbol.json' % (prefix, key)) for key in keys}
        arg_params, aux_params = load_params(prefix, epoch)
        return BucketingModule._of_symbols(symbols, sym_gen, default_bucket_key, arg_params, aux_params,
                                           lambda key: sym_gen(key), kwargs)

    @staticmethod
    def load_dict(sym_dict=None, sym_gen=None, default_bucket_key=None, arg_params=None, aux_params=None,
                  **kwargs):
        """A BucketingModule of {bucket key: symbol} and parameter dicts (bind it before use)."""
        _require(sym_dict is not None, 'sym_dict needs to be provided for BucketingModule.load_dict')
        _require(arg_params is not None, 'arg_params need to be provided for BucketingModule.load_dict')
        _require(aux_params is not None, 'aux_params need to be provided for BucketingModule.load_dict')
        _require(default_bucket_key is not None,
                 'default_bucket_key needs to be provided for BucketingModule.load_dict')
        return BucketingModule._of_symbols(sym_dict, sym_gen, default_bucket_key, arg_params, aux_params,
                                           lambda key: sym_gen(default_bucket_key), kwargs)

    @staticmethod
    def _of_symbols(symbols, sym_gen, default_bucket_key, arg_params, aux_params, names_of, kwargs):
        mod = BucketingModule(sym_gen, default_bucket_key, **kwargs)
        for key, symbol in symbols.items():
            _, data_names, label_names = names_of(key)
            mod._buckets[key] = Module(symbol, data_names, label_names, **kwargs)
            if key == default_bucket_key:
                mod._curr_module = mod._buckets[key]
        mod._curr_module._arg_params = arg_params
        mod._curr_module._aux_params = aux_params
        mod._curr_module.params_initialized = True
        mod.params_initialized = True
        return mod
