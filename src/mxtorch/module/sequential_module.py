"""SequentialModule: modules in a chain, each fed the outputs of the one before."""
import copy
import logging

from ..initializer import Uniform
from .base_module import BaseModule, _require, _NOT_READY

__all__ = ['SequentialModule']


class SequentialModule(BaseModule):
    """A chain of modules: the first takes the batch's data, each next one the outputs of the previous,
    and backward runs from the last to the first. Add modules with `add`; its keyword flags are
    ``take_labels=True`` (the module gets the batch's labels and updates the metric) and
    ``auto_wiring=True`` (the previous outputs are renamed to the module's data names)."""
    META_TAKE_LABELS = 'take_labels'
    META_AUTO_WIRING = 'auto_wiring'

    def __init__(self, logger=logging):
        super().__init__(logger=logger)
        self._modules, self._metas = [], []      # the chain, and each module's flags
        self._data_shapes = self._label_shapes = None
        self._meta_keys = {self.META_TAKE_LABELS, self.META_AUTO_WIRING}

    def add(self, module, **kwargs):
        """Append `module` to the chain (with the flags above); returns self, so adds can be chained.
        The chain must be bound and initialised again afterwards."""
        for key in kwargs:
            _require(key in self._meta_keys, 'Unknown meta "%s", a typo?' % key)
        self._modules.append(module)
        self._metas.append(kwargs)
        self.binded = self.params_initialized = self.optimizer_initialized = False
        return self

    def _takes_labels(self, i):
        return bool(self._metas[i].get(self.META_TAKE_LABELS, False))

    @property
    def data_names(self):
        """The first module's data names."""
        return self._modules[0].data_names if self._modules else []

    @property
    def output_names(self):
        """The last module's output names."""
        return self._modules[-1].output_names if self._modules else []

    @property
    def data_shapes(self):
        """The first module's data shapes."""
        _require(self.binded, 'call bind first')
        return self._modules[0].data_shapes

    @property
    def label_shapes(self):
        """The label shapes given to bind (None when no module takes labels)."""
        _require(self.binded, 'call bind first')
        return self._label_shapes

    @property
    def output_shapes(self):
        """The last module's output shapes."""
        _require(self.binded, 'call bind first')
        return self._modules[-1].output_shapes

    def get_params(self):
        """All modules' parameters in one (arg_params, aux_params) pair."""
        _require(self.binded and self.params_initialized, _NOT_READY)
        arg_params, aux_params = {}, {}
        for module in self._modules:
            args, aux = module.get_params()
            arg_params.update(args)
            aux_params.update(aux)
        return arg_params, aux_params

    def init_params(self, initializer=Uniform(0.01), arg_params=None, aux_params=None, allow_missing=False,
                    force_init=False, allow_extra=False):
        """Initialise every module's parameters; two modules must not have a parameter of the same name."""
        if self.params_initialized and not force_init:
            return
        _require(self.binded, 'call bind before initializing the parameters')
        for module in self._modules:
            module.init_params(initializer=initializer, arg_params=arg_params, aux_params=aux_params,
                               allow_missing=allow_missing, force_init=force_init, allow_extra=allow_extra)
        owners = ({}, {})
        for i, module in enumerate(self._modules):
            for seen, names in zip(owners, module.get_params()):
                for name in names:
                    if name in seen:
                        j = seen[name]
                        raise AssertionError('Duplicated parameter names: name "%s" in layer %d (%s) is already '
                                             'used in layer %d (%s).' % (name, i, type(module), j,
                                                                          type(self._modules[j])))
                    seen[name] = i
        self.params_initialized = True

    def bind(self, data_shapes, label_shapes=None, for_training=True, inputs_need_grad=False, force_rebind=False,
             shared_module=None, grad_req='write'):
        """Bind the modules in order, each for the output shapes of the one before."""
        if self.binded and not force_rebind:
            self.logger.warning('Already bound, ignoring bind()')
            return
        _require(not inputs_need_grad or for_training is True, 'inputs_need_grad needs for_training=True')
        _require(shared_module is None, 'Shared module is not supported')
        _require(len(self._modules) > 0, 'Attempting to bind an empty SequentialModule')
        self.binded = True
        self._label_shapes = label_shapes
        shapes = data_shapes
        any_labels = False
        for i, module in enumerate(self._modules):
            labels = label_shapes if self._takes_labels(i) else None
            any_labels = any_labels or self._takes_labels(i)
            if self._metas[i].get(self.META_AUTO_WIRING, False):
                names = module.data_names
                _require(len(names) == len(shapes), 'auto_wiring: module %d has %d data inputs for %d outputs'
                         % (i, len(names), len(shapes)))
                shapes = [(name, shape) for name, (_, shape) in zip(names, shapes)]
            # every module after the first passes gradients back, so needs its inputs' gradients
            module.bind(data_shapes=shapes, label_shapes=labels, for_training=for_training,
                        inputs_need_grad=bool(inputs_need_grad or (for_training and i > 0)),
                        force_rebind=force_rebind, shared_module=None, grad_req=grad_req)
            shapes = module.output_shapes
        if not any_labels:
            self._label_shapes = None

    def init_optimizer(self, kvstore='local', optimizer='sgd', optimizer_params=(('learning_rate', 0.01),),
                       force_init=False):
        """Set up the same optimizer settings in every module."""
        _require(self.binded and self.params_initialized, _NOT_READY)
        if self.optimizer_initialized and not force_init:
            return self.logger.warning('optimizer already initialized, ignoring.')
        for module in self._modules:
            module.init_optimizer(kvstore, optimizer, optimizer_params, force_init=force_init)
        self.optimizer_initialized = True

    def forward(self, data_batch, is_train=None):
        """Forward through the chain, the outputs of each module becoming the next one's data."""
        _require(self.binded and self.params_initialized, _NOT_READY)
        batch = copy.copy(data_batch)
        last = len(self._modules) - 1
        for i, module in enumerate(self._modules):
            module.forward(batch, is_train=is_train)
            if i == last:
                break
            batch.data = module.get_outputs()
            if hasattr(batch, 'provide_data'):
                names = [name for name, _ in module.output_shapes]
                _require(len(names) == len(batch.data), 'module %d gives %d outputs for %d names'
                         % (i, len(batch.data), len(names)))
                batch.provide_data = [(name, x.shape) for name, x in zip(names, batch.data)]

    def backward(self, out_grads=None):
        """Backward from the last module to the first, each passing its input gradients on."""
        _require(self.binded and self.params_initialized, _NOT_READY)
        for i in range(len(self._modules) - 1, -1, -1):
            module = self._modules[i]
            module.backward(out_grads=out_grads)
            if i == 0:
                break
            out_grads = module.get_input_grads()

    def update(self):
        """An optimizer step in every module."""
        _require(self.binded and self.params_initialized and self.optimizer_initialized,
                 'call bind, init_params and init_optimizer first')
        for module in self._modules:
            module.update()

    def get_outputs(self, merge_multi_context=True):
        """The last module's outputs."""
        _require(self.binded and self.params_initialized, _NOT_READY)
        return self._modules[-1].get_outputs(merge_multi_context=merge_multi_context)

    def get_input_grads(self, merge_multi_context=True):
        """The first module's input gradients."""
        _require(self.binded and self.params_initialized and self.inputs_need_grad,
                 'bind with inputs_need_grad=True and initialise the parameters first')
        return self._modules[0].get_input_grads(merge_multi_context=merge_multi_context)

    def update_metric(self, eval_metric, labels, pre_sliced=False):
        """Update the metric with the modules that take labels."""
        _require(self.binded and self.params_initialized, _NOT_READY)
        for i, module in enumerate(self._modules):
            if self._takes_labels(i):
                module.update_metric(eval_metric, labels, pre_sliced)

    def install_monitor(self, mon):
        """Install a Monitor in every module."""
        _require(self.binded, 'call bind first')
        for module in self._modules:
            module.install_monitor(mon)
