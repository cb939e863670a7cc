"""gluon.Trainer: applies an optimizer to a set of Parameters after autograd's backward.

With one context there is no kvstore: ``step`` hands all fresh gradients to the optimizer's Updater at
once, and built-in optimizers update every parameter with a few ``torch._foreach_*`` kernels. With several
contexts a KVStore sums each parameter's gradients over its contexts, then either updates each context's
copy (``update_on_kvstore=False``) or updates the store's copy once and copies it back (the default).
"""
from .. import optimizer as opt
from ..kvstore import KVStoreBase, _create_kvstore, _create_sparse_kvstore
from .parameter import ParameterDict, Parameter

__all__ = ['Trainer']


class Trainer(object):
    """Applies an `Optimizer` on a set of Parameters. Use it together with `autograd`.

    .. note::
        Updates always happen on the kvstore (``update_on_kvstore=False`` is not allowed) for sparse
        weights and for asynchronous distributed stores.

    Parameters
    ----------
    params : ParameterDict, dict of Parameter, or list of Parameter
        The parameters to optimize (a dict is taken in the order of its sorted keys).
    optimizer : str or Optimizer
        The optimizer, or the registered name of one (see mx.optimizer.create).
    optimizer_params : dict
        Keyword arguments of the optimizer's constructor, e.g. ``{'learning_rate': 0.1}``; must be empty
        when `optimizer` is an Optimizer instance.
    kvstore : str or KVStore
        The key-value store for multi-device training (see mx.kv.create); no store is made for one
        device.
    compression_params : dict
        Gradient compression for the store, e.g. ``{'type': '2bit', 'threshold': 0.5}``.
    update_on_kvstore : bool, default None
        Whether updates run in the kvstore (once for all contexts). None lets the trainer choose (the
        environment variable MXNET_UPDATE_ON_KVSTORE, default 1, and the store decide).

    Properties
    ----------
    learning_rate : float
        The current learning rate of the optimizer.
    """

    def __init__(self, params, optimizer, optimizer_params=None, kvstore='device', compression_params=None,
                 update_on_kvstore=None):
        if isinstance(params, (dict, ParameterDict)):
            params = [params[key] for key in sorted(list(params.keys()))]
        if not isinstance(params, (list, tuple)):
            raise ValueError("First argument must be a list or dict of Parameters, got %s." % (type(params)))
        self._params = []
        self._contains_sparse_weight = False
        self._contains_sparse_grad = False
        self._param2idx = {}
        for i, param in enumerate(params):
            if not isinstance(param, Parameter):
                raise ValueError("First argument must be a list or dict of Parameters, "
                                 "got list of %s." % (type(param)))
            self._param2idx[param.name] = i
            self._params.append(param)
            param._set_trainer(self)
            if getattr(param, '_stype', 'default') != 'default':
                self._contains_sparse_weight = True
            if getattr(param, '_grad_stype', 'default') != 'default':
                self._contains_sparse_grad = True
        self._compression_params = compression_params
        self._contexts = self._check_contexts()
        optimizer_params = optimizer_params if optimizer_params else {}
        self._init_optimizer(optimizer, optimizer_params)
        self._scale = self._optimizer.rescale_grad
        self._kvstore_params = {'kvstore': kvstore, 'update_on_kvstore': update_on_kvstore}
        self._kv_initialized = False
        self._kvstore = None
        self._update_on_kvstore = None
        self._distributed = None
        self._params_to_init = []
        self._reset_kvstore()

    def _check_contexts(self):
        contexts = None
        for param in self._params:
            ctx = param.list_ctx()
            assert contexts is None or contexts == ctx, \
                "All Parameters must be initialized on the same set of contexts, " \
                "but Parameter %s is initialized on %s while previous Parameters " \
                "are initialized on %s." % (param.name, str(ctx), str(contexts))
            contexts = ctx
        return contexts

    def _init_optimizer(self, optimizer, optimizer_params):
        param_dict = {i: param for i, param in enumerate(self._params)}
        if isinstance(optimizer, opt.Optimizer):
            assert not optimizer_params, \
                "optimizer_params must be None if optimizer is an instance of Optimizer instead of str"
            self._optimizer = optimizer
            # not a copy: changing a Parameter's lr_mult/wd_mult later takes effect
            self._optimizer.param_dict = param_dict
        else:
            self._optimizer = opt.create(optimizer, param_dict=param_dict, **optimizer_params)
        self._updaters = [opt.get_updater(self._optimizer) for _ in self._contexts]

    def _init_params(self):
        """Initializes the parameters in the kvstore (those whose initialization is deferred wait)."""
        assert self._kv_initialized, "Cannot initialize parameters in KVStore when KVStore is not initialized."
        params_to_init = []
        if self._kvstore:
            for param in self._params_to_init:
                if param._deferred_init:
                    params_to_init.append(param)
                else:
                    param_arrays = param._check_and_get(param._data, list)
                    idx = self._param2idx[param.name]
                    if getattr(param, '_stype', 'default') != 'default':
                        self._kvstore.init(idx, param_arrays[0])
                    else:
                        self._kvstore.broadcast(idx, param_arrays[0], param_arrays)
        self._params_to_init = params_to_init

    def _reset_kvstore(self):
        """Drops the kvstore (made again at the next step), e.g. after parameters were loaded."""
        if self._kvstore and 'dist' in self._kvstore.type:
            raise RuntimeError("Cannot reset distributed KVStore.")
        self._kv_initialized = False
        self._kvstore = None
        self._distributed = None
        self._update_on_kvstore = None
        self._params_to_init = [param for param in self._params]

    def _init_kvstore(self):
        """Creates the kvstore and decides whether updates run on it."""
        config = self._kvstore_params
        if self._contains_sparse_weight:
            kvstore, update_on_kvstore = _create_sparse_kvstore(config['kvstore'])
            self._distributed = 'dist' in kvstore.type
            if config['update_on_kvstore'] is False:
                raise ValueError("Cannot set update_on_kvstore=False when sparse weights are present.")
        elif self._contains_sparse_grad:
            arg_arrays = {param.name: param.data(self._contexts[0]) for param in self._params}
            kvstore, _ = _create_kvstore(config['kvstore'], len(self._contexts), arg_arrays)
            self._distributed = 'dist' in kvstore.type if kvstore else False
            update_on_kvstore = self._distributed
            if config['update_on_kvstore'] is not None:
                if config['update_on_kvstore'] is False and self._distributed:
                    raise ValueError("Cannot set update_on_kvstore=False on dist kvstore "
                                     "when sparse gradients are present.")
                update_on_kvstore = config['update_on_kvstore']
            if kvstore is not None and not isinstance(kvstore, KVStoreBase):
                raise ValueError("Cannot use {} for multi-device training with sparse gradients"
                                 .format(type(kvstore)))
        else:
            arg_arrays = {param.name: param.data(self._contexts[0]) for param in self._params}
            kvstore, update_on_kvstore = _create_kvstore(config['kvstore'], len(self._contexts), arg_arrays)
            self._distributed = 'dist' in kvstore.type if kvstore else False
            if self._distributed and 'async' in kvstore.type:
                update_on_kvstore = True
                if config['update_on_kvstore'] is False:
                    raise ValueError("Please set update_on_kvstore=True when training in async mode.")
            if config['update_on_kvstore'] is not None:
                update_on_kvstore = config['update_on_kvstore']
            if update_on_kvstore and not kvstore.is_capable('optimizer'):
                if config['update_on_kvstore']:
                    raise ValueError("Please set update_on_kvstore=False when training with {}".format(
                        type(kvstore)))
                update_on_kvstore = False
        if kvstore:
            if self._compression_params:
                kvstore.set_gradient_compression(self._compression_params)
            if update_on_kvstore:
                # set before init, so that multi-precision states are made from the weights
                kvstore.set_optimizer(self._optimizer)
            self._kvstore = kvstore
            self._update_on_kvstore = update_on_kvstore
        else:
            self._kvstore = None
            self._update_on_kvstore = None
        self._kv_initialized = True

    @property
    def learning_rate(self):
        if not isinstance(self._optimizer, opt.Optimizer):
            raise UserWarning("Optimizer has to be defined before its learning rate can be accessed.")
        return self._optimizer.learning_rate

    @property
    def optimizer(self):
        if isinstance(self._optimizer, opt.Optimizer):
            return self._optimizer
        raise UserWarning("Optimizer has not been initialized yet")

    def set_learning_rate(self, lr):
        """Sets a new learning rate of the optimizer.

        Parameters
        ----------
        lr : float
            The new learning rate.
        """
        if not isinstance(self._optimizer, opt.Optimizer):
            raise UserWarning("Optimizer has to be defined before its learning rate is mutated.")
        self._optimizer.set_learning_rate(lr)

    def _row_sparse_pull(self, parameter, out, row_id, full_idx=False):
        """Pulls rows of a sparse parameter from the kvstore (initializing the store first)."""
        if not self._kv_initialized:
            self._init_kvstore()
        if self._params_to_init:
            self._init_params()
        idx = self._param2idx[parameter.name]
        if full_idx and 'dist' not in self._kvstore.type:
            assert row_id.size == out.shape[0]
            self._kvstore.pull(idx, out=out, priority=-idx, ignore_sparse=False)
        else:
            self._kvstore.row_sparse_pull(idx, out=out, row_ids=row_id, priority=-idx)

    def _check_and_rescale_grad(self, scale):
        if self._update_on_kvstore and self._distributed and self._kv_initialized:
            if self._optimizer.rescale_grad != scale:
                raise UserWarning('Possible change in the `batch_size` from previous '
                                  '`step` detected. Optimizer gradient normalizing '
                                  'factor will not change w.r.t new batch_size when '
                                  'update_on_kvstore=True and when distributed kvstore '
                                  'is used.')
        self._optimizer.rescale_grad = scale

    def step(self, batch_size, ignore_stale_grad=False):
        """Makes one parameter update: `allreduce_grads` then `update`. Call it after backward, outside
        ``autograd.record()``.

        Parameters
        ----------
        batch_size : int
            Batch size of the data processed: gradients are scaled by ``1 / batch_size``. Use 1 when the
            loss was already averaged (``loss = mean(loss)``).
        ignore_stale_grad : bool, optional, default False
            Skip, instead of raising UserWarning for, parameters whose gradient was not updated by
            backward since the last step.
        """
        rescale_grad = self._scale / batch_size
        self._check_and_rescale_grad(rescale_grad)
        if not self._kv_initialized:
            self._init_kvstore()
        if self._params_to_init:
            self._init_params()
        self._allreduce_grads()
        self._update(ignore_stale_grad)

    def allreduce_grads(self):
        """Sums each parameter's gradients over its contexts (into every context's gradient). For use
        with `update` when the gradients are to be changed in between (e.g. clipped); not allowed when
        updates run on the kvstore."""
        if not self._kv_initialized:
            self._init_kvstore()
        if self._params_to_init:
            self._init_params()
        assert not (self._kvstore and self._update_on_kvstore), \
            'allreduce_grads() when parameters are updated on kvstore ' \
            'is not supported. Try setting `update_on_kvstore` ' \
            'to False when creating trainer.'
        self._allreduce_grads()

    def _allreduce_grads(self):
        if not self._kvstore:
            return
        for i, param in enumerate(self._params):
            if param.grad_req != 'null':
                grad_list = param.list_grad()
                if grad_list[0].stype != 'default':
                    self._kvstore.push(i, grad_list, priority=-i)
                    if getattr(param, '_stype', 'default') == 'default':
                        pull_list = param.list_data() if self._update_on_kvstore else param.list_grad()
                        self._kvstore.pull(i, pull_list, priority=-i, ignore_sparse=self._distributed)
                elif self._update_on_kvstore:
                    # push gradients, pull the updated weights
                    self._kvstore.pushpull(i, grad_list, out=param.list_data(), priority=-i)
                else:
                    self._kvstore.pushpull(i, grad_list, priority=-i)

    def update(self, batch_size, ignore_stale_grad=False):
        """Makes one parameter update from the (already reduced) gradients; see `allreduce_grads`. Not
        allowed when updates run on the kvstore.

        Parameters
        ----------
        batch_size : int
            Batch size of the data processed: gradients are scaled by ``1 / batch_size``.
        ignore_stale_grad : bool, optional, default False
            Skip, instead of raising UserWarning for, parameters with stale gradients.
        """
        if not self._kv_initialized:
            self._init_kvstore()
        if self._params_to_init:
            self._init_params()
        assert not (self._kvstore and self._update_on_kvstore), \
            'update() when parameters are updated on kvstore ' \
            'is not supported. Try setting `update_on_kvstore` ' \
            'to False when creating trainer.'
        self._check_and_rescale_grad(self._scale / batch_size)
        self._update(ignore_stale_grad)

    def _update(self, ignore_stale_grad=False):
        loss_scaler = getattr(self, '_amp_loss_scaler', None)
        if loss_scaler is not None and loss_scaler.has_overflow(self._params):
            return  # skip the update on overflow
        on_kvstore = bool(self._kvstore and self._update_on_kvstore)
        updates = [[] for _ in self._updaters]
        for i, param in enumerate(self._params):
            if param.grad_req == 'null':
                continue
            data = param._data
            if data is None:
                data = param._check_and_get(data, list)  # raises: not initialized
            if not ignore_stale_grad:
                for arr in data:
                    if not arr._fresh_grad:
                        raise UserWarning(
                            "Gradient of Parameter `%s` on context %s has not been updated "
                            "by backward since last `step`. This could mean a bug in your "
                            "model that made it only use a subset of the Parameters (Blocks) "
                            "for this iteration. If you are intentionally only using a subset, "
                            "call step with ignore_stale_grad=True to suppress this "
                            "warning and skip updating of Parameters with stale gradient"
                            % (param.name, str(arr.context)))
            if on_kvstore:
                continue
            grads = param._grad
            if grads is None:
                grads = param.list_grad()  # raises: no gradient buffer
            for upd, arr, grad in zip(updates, data, grads):
                if not ignore_stale_grad or arr._fresh_grad:
                    upd.append((i, grad, arr))
                    arr._fresh_grad = False
        if not on_kvstore:
            for updater, upd in zip(self._updaters, updates):
                if upd:
                    i, g, w = zip(*upd)
                    updater(i, g, w)

    def save_states(self, fname):
        """Saves the trainer's states (the optimizer and its states, e.g. momentum) to file `fname`. The
        parameters' lr_mult/wd_mult are not saved.

        Parameters
        ----------
        fname : str
            Path of the states file.
        """
        assert self._optimizer is not None
        if not self._kv_initialized:
            self._init_kvstore()
        if self._params_to_init:
            self._init_params()
        if self._update_on_kvstore:
            assert not self._params_to_init, \
                "Cannot save trainer states when some parameters are not yet initialized in kvstore."
            self._kvstore.save_optimizer_states(fname, dump_optimizer=True)
        else:
            with open(fname, 'wb') as fout:
                fout.write(self._updaters[0].get_states(dump_optimizer=True))

    def load_states(self, fname):
        """Loads the trainer's states from file `fname` (see `save_states`); the optimizer's param_dict
        is set to this trainer's parameters.

        Parameters
        ----------
        fname : str
            Path of the states file.
        """
        if not self._kv_initialized:
            self._init_kvstore()
        if self._params_to_init:
            self._init_params()
        if self._update_on_kvstore:
            self._kvstore.load_optimizer_states(fname)
            self._optimizer = self._kvstore._updater.optimizer
        else:
            with open(fname, 'rb') as f:
                states = f.read()
            for updater in self._updaters:
                updater.set_states(states)
                updater.optimizer = self._updaters[0].optimizer
            self._optimizer = self._updaters[0].optimizer
        self._optimizer.param_dict = {i: param for i, param in enumerate(self._params)}
