"""SVRGModule: a Module trained with stochastic variance-reduced gradients.

Every ``update_freq`` epochs the module copies its weights into an auxiliary Module (the snapshot) and
averages the snapshot's gradients over the whole training set (the full gradients, one dict per device
in ``_param_dict``). Each batch then runs forward and backward on both modules, and the update uses, per
parameter, ``grad(weights) - grad(snapshot) + full gradient`` instead of ``grad(weights)``."""
import logging
import time

from ... import context as _context
from ... import metric as _metric
from ...base import _as_list
from ...initializer import Uniform
from ...model import BatchEndParam, _create_kvstore
from ...module import Module
from ...module.base_module import _labels
from ...ndarray import zeros
from ... import optimizer as _opt
from .svrg_optimizer import _SVRGOptimizer

__all__ = ['SVRGModule']

_FREQ_MEANING = 'to represent the frequency for calculating full gradients'


class SVRGModule(Module):
    """A Module with SVRG optimization: the arguments of Module, and

    Parameters
    ----------
    update_freq : int
        Every how many epochs `fit` recomputes the full gradients (a positive int; required).

    Examples
    --------
    >>> mod = SVRGModule(symbol=lro, data_names=['data'], label_names=['lin_reg_label'], update_freq=2)
    >>> mod.fit(train_iter, eval_metric='mse', optimizer='sgd',
    ...         optimizer_params=(('learning_rate', 0.025),), num_epoch=10, kvstore='local')
    """

    def __init__(self, symbol, data_names=('data',), label_names=('softmax_label',), logger=logging,
                 context=_context.cpu(), work_load_list=None, fixed_param_names=None, state_names=None,
                 group2ctxs=None, compression_params=None, update_freq=None):
        super().__init__(symbol, data_names=data_names, label_names=label_names, logger=logger, context=context,
                         work_load_list=work_load_list, fixed_param_names=fixed_param_names,
                         state_names=state_names, group2ctxs=group2ctxs, compression_params=compression_params)
        # bool is an int to Python, and to MXNet's check as well
        if not isinstance(update_freq, int):
            raise TypeError('update_freq in SVRGModule must be an integer ' + _FREQ_MEANING)
        if update_freq <= 0:
            raise ValueError('update_freq in SVRGModule must be a positive integer ' + _FREQ_MEANING)
        self.update_freq = update_freq
        # the snapshot module: same network, devices and names
        self._mod_aux = Module(symbol, data_names, label_names, logger, context, work_load_list, fixed_param_names,
                               state_names, group2ctxs, compression_params)
        self._param_dict = None   # per device: {parameter name: full gradient}
        self._ctx_len = len(self._context)

    # ---- binding and shapes: both modules -------------------------------------------------------------
    def _reset_bind(self):
        super()._reset_bind()
        self._mod_aux._reset_bind()

    def bind(self, data_shapes, label_shapes=None, for_training=True, inputs_need_grad=False, force_rebind=False,
             shared_module=None, grad_req='write'):
        """Binds this module and, when `for_training`, the snapshot module (see Module.bind)."""
        super().bind(data_shapes, label_shapes, for_training, inputs_need_grad, force_rebind, shared_module,
                     grad_req)
        if for_training:
            self._mod_aux.bind(data_shapes, label_shapes, for_training, inputs_need_grad, force_rebind,
                               shared_module, grad_req)

    def reshape(self, data_shapes, label_shapes=None):
        """Reshapes both modules for inputs of new shapes."""
        super().reshape(data_shapes, label_shapes=label_shapes)
        self._mod_aux.reshape(data_shapes, label_shapes=label_shapes)

    # ---- optimizer ------------------------------------------------------------------------------------
    def init_optimizer(self, kvstore='local', optimizer='sgd', optimizer_params=(('learning_rate', 0.01),),
                       force_init=False):
        """Installs an _SVRGOptimizer around `optimizer` (a name or an Optimizer, with `optimizer_params`).
        The full gradients start as zeros on every device; with a kvstore, each parameter also gets a key
        ``<name>_full`` (zeros) in which the devices' and workers' full gradients are summed."""
        self._param_dict = [{name: zeros(shape=value.shape, ctx=self._context[k])
                             for name, value in self.get_params()[0].items()} for k in range(self._ctx_len)]
        wrapper = self._create_optimizer(_SVRGOptimizer.__name__, default_opt=optimizer, kvstore=kvstore,
                                         optimizer_params=optimizer_params)
        super().init_optimizer(kvstore=kvstore, optimizer=wrapper, optimizer_params=optimizer_params,
                               force_init=force_init)
        if not self._kvstore:
            return
        group = self._exec_group
        for idx, (name, on_devices) in enumerate(zip(group.param_names, group.param_arrays)):
            key = name + '_full'
            self._kvstore.init(key, zeros(shape=self._arg_params[name].shape))
            if self._update_on_kvstore:
                # (MXNet pulls the new key's zeros into the devices' parameter arrays here)
                self._kvstore.pull(key, on_devices, priority=-idx)

    def _create_optimizer(self, optimizer, default_opt, kvstore, optimizer_params):
        """The _SVRGOptimizer (registered name `optimizer`) wrapping `default_opt`: rescale_grad 1/batch
        size unless given, and param_idx2name as Module.init_optimizer numbers the parameters, plus one
        index after the largest for each ``<name>_full``."""
        batch_size = self._exec_group.batch_size
        store, on_store = _create_kvstore(kvstore, self._ctx_len, self._arg_params)
        if store and 'dist' in store.type and '_sync' in store.type:
            batch_size *= store.num_workers
        names = self._exec_group.param_names
        if on_store:
            idx2name = dict(enumerate(names))
        else:
            count = self._ctx_len
            idx2name = {i * count + k: n for k in range(count) for i, n in enumerate(names)}
        for name in self._param_dict[0]:
            idx2name[max(idx2name) + 1] = name + '_full'
        params = dict(optimizer_params)
        params.setdefault('rescale_grad', 1.0 / batch_size)
        params['default_optimizer'] = default_opt
        params['param_idx2name'] = idx2name
        return _opt.create(optimizer, **params)

    # ---- running: both modules ------------------------------------------------------------------------
    def forward(self, data_batch, is_train=None):
        """Forward on this module; when `is_train` is true (forward_backward), on the snapshot too."""
        super().forward(data_batch, is_train)
        if is_train:
            self._mod_aux.forward(data_batch, is_train)

    def backward(self, out_grads=None):
        """Backward on this module and, once bound, on the snapshot."""
        super().backward(out_grads)
        if self._mod_aux.binded:
            self._mod_aux.backward(out_grads)

    def prepare(self, data_batch, sparse_row_id_fn=None):
        """Prepares both modules for `data_batch` (see Module.prepare)."""
        super().prepare(data_batch, sparse_row_id_fn=sparse_row_id_fn)
        self._mod_aux.prepare(data_batch, sparse_row_id_fn=sparse_row_id_fn)

    def update(self):
        """Replaces the gradients of the last backward by SVRG's, then updates as Module.update does."""
        self._update_svrg_gradients()
        super().update()

    # ---- the SVRG gradients ---------------------------------------------------------------------------
    def update_full_grads(self, train_data):
        """Takes a snapshot of the current weights into the snapshot module and adds its mean gradient
        over `train_data` (reset first; a padded last batch counts as the fraction it holds) to the full
        gradients (MXNet adds to what they held: they are zeros only before the first call). With a
        kvstore the devices' and workers' means are summed there and each device gets their average."""
        names = self._exec_group.param_names
        arg_params, aux_params = self.get_params()
        self._mod_aux.set_params(arg_params=arg_params, aux_params=aux_params)
        train_data.reset()
        snapshot, count, pad = self._mod_aux, 0, 0
        for count, batch in enumerate(train_data, 1):
            snapshot.forward_backward(batch)
            grads = snapshot._exec_group.grad_arrays
            for k, full in enumerate(self._param_dict):
                for i, name in enumerate(names):
                    full[name] = full[name] + grads[i][k]
            pad = batch.pad
        # the padded rows of the last batch do not count
        batches = count - pad / train_data.batch_size
        for name in names:
            per_device = []
            for full in self._param_dict:
                full[name] /= batches
                per_device.append(full[name])
            if self._kvstore:
                self._accumulate_kvstore(name, per_device)

    def _accumulate_kvstore(self, key, value):
        """Sums the list `value` (one full gradient per device) over devices and workers in the kvstore key
        ``<key>_full`` and gives each device the average (see _allocate_gradients)."""
        full_key = key + '_full'
        self._kvstore.push(full_key, value)
        self._kvstore._barrier()
        self._kvstore.pull(full_key, value)
        self._allocate_gradients(key, value)

    def _allocate_gradients(self, key, value):
        """Each device's full gradient of `key` becomes its entry of `value` divided by the device count."""
        for k in range(self._ctx_len):
            self._param_dict[k][key] = value[k] / self._ctx_len

    def _svrg_grads_update_rule(self, g_curr_batch_curr_weight, g_curr_batch_special_weight,
                                g_special_weight_all_batch):
        """In place in the first: current gradient - snapshot's gradient + full gradient; returns it."""
        g_curr_batch_curr_weight -= g_curr_batch_special_weight
        g_curr_batch_curr_weight += g_special_weight_all_batch
        return g_curr_batch_curr_weight

    def _update_svrg_gradients(self):
        """Turns the gradients of every parameter on every device into SVRG's."""
        grads, aux_grads = self._exec_group.grad_arrays, self._mod_aux._exec_group.grad_arrays
        for k, full in enumerate(self._param_dict):
            for i, name in enumerate(self._exec_group.param_names):
                grads[i][k] = self._svrg_grads_update_rule(grads[i][k], aux_grads[i][k], full[name])

    # ---- training ---------------------------------------------------------------------------------------
    def fit(self, train_data, eval_data=None, eval_metric='acc', epoch_end_callback=None, batch_end_callback=None,
            kvstore='local', optimizer='sgd', optimizer_params=(('learning_rate', 0.01),), eval_end_callback=None,
            eval_batch_end_callback=None, initializer=Uniform(0.01), arg_params=None, aux_params=None,
            allow_missing=False, force_rebind=False, force_init=False, begin_epoch=0, num_epoch=None,
            validation_metric=None, monitor=None, sparse_row_id_fn=None):
        """Module.fit with SVRG: at the start of every epoch that is a multiple of `update_freq` the full
        gradients are recomputed over `train_data`; the arguments and the log lines are Module.fit's."""
        if num_epoch is None:
            raise AssertionError('please specify number of epochs')
        self.bind(data_shapes=train_data.provide_data, label_shapes=train_data.provide_label, for_training=True,
                  force_rebind=force_rebind)
        if monitor is not None:
            self.install_monitor(monitor)
        self.init_params(initializer, arg_params, aux_params, allow_missing, force_init)
        self.init_optimizer(kvstore, optimizer, optimizer_params)
        scoring = eval_metric if validation_metric is None else validation_metric
        if not isinstance(eval_metric, _metric.EvalMetric):
            eval_metric = _metric.create(eval_metric)
        for epoch in range(begin_epoch, num_epoch):
            eval_metric.reset()
            started = time.time()
            if epoch % self.update_freq == 0:
                self.update_full_grads(train_data)
            train_data.reset()
            for name, value in self._svrg_epoch(epoch, train_data, eval_metric, batch_end_callback, monitor,
                                                sparse_row_id_fn):
                self.logger.info('Epoch[%d] Train-%s=%f', epoch, name, value)
            self.logger.info('Epoch[%d] Time cost=%.3f', epoch, time.time() - started)
            params = self.get_params()
            self.set_params(*params)
            if epoch_end_callback is not None:
                for callback in _as_list(epoch_end_callback):
                    callback(epoch, self.symbol, *params)
            if eval_data:
                for name, value in self.score(eval_data, scoring, score_end_callback=eval_end_callback,
                                              batch_end_callback=eval_batch_end_callback, epoch=epoch):
                    self.logger.info('Epoch[%d] Validation-%s=%f', epoch, name, value)

    def _svrg_epoch(self, epoch, train_data, eval_metric, batch_end_callback, monitor, sparse_row_id_fn):
        """One pass of training over `train_data`; the metric's (name, value) pairs at its end."""
        batches = iter(train_data)
        batch = next(batches)
        callbacks = _as_list(batch_end_callback) if batch_end_callback is not None else ()
        nbatch, last = 0, False
        while not last:
            if monitor is not None:
                monitor.tic()
            self.forward_backward(batch)
            self.update()
            self.update_metric(eval_metric, _labels(batch), pre_sliced=isinstance(batch, list))
            try:
                batch = next(batches)
                self.prepare(batch, sparse_row_id_fn=sparse_row_id_fn)
            except StopIteration:
                last = True
            if monitor is not None:
                monitor.toc_print()
            if last:
                totals = eval_metric.get_name_value()
            if callbacks:
                params = BatchEndParam(epoch=epoch, nbatch=nbatch, eval_metric=eval_metric, locals=locals())
                for callback in callbacks:
                    callback(params)
            nbatch += 1
        return totals
