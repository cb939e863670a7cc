"""gluon.Trainer: applies an optimizer to a set of Parameters once autograd has filled their gradients.

On one context there is no kvstore: ``step`` hands every fresh gradient to the optimizer's Updater in one
call, and the built-in optimizers update all parameters with a few ``torch._foreach_*`` kernels. On several
contexts a KVStore sums each parameter's gradients over the contexts; then either every context updates
its own copy (``update_on_kvstore=False``), or the store updates its copy once and sends it back to all
contexts (the default).

Sparse parameters follow MXNet's rules. With a row_sparse weight (``Parameter(stype='row_sparse')``) a
kvstore always exists and runs the updates; the parameter reads its rows back with ``row_sparse_data``
(``_row_sparse_pull``). With row_sparse gradients and dense weights the gradients are pushed and pulled
separately (not ``pushpull``), and on one process the updates run here (``update_on_kvstore=False``), each
optimizer updating only the rows a gradient stores when it updates lazily.
"""
from .. import optimizer as opt
from .._fileio import write_atomically
from ..kvstore import KVStore, KVStoreBase, _create_kvstore
from ..kvstore import create as _kv_create
from .parameter import ParameterDict, Parameter

__all__ = ['Trainer']

# MXNet's messages, which users' code may match
_NOT_ON_KVSTORE = ('{}() when parameters are updated on kvstore is not supported. Try setting '
                   '`update_on_kvstore` to False when creating trainer.')
_STALE_GRAD = ("Gradient of Parameter `%s` on context %s has not been updated by backward since last `step`. "
               "This could mean a bug in your model that made it only use a subset of the Parameters (Blocks) "
               "for this iteration. If you are intentionally only using a subset, call step with "
               "ignore_stale_grad=True to suppress this warning and skip updating of Parameters with stale "
               "gradient")


class Trainer(object):
    """Updates a set of Parameters with an `Optimizer`, from the gradients of ``autograd`` (call `step`
    after ``backward()``).

    Parameters
    ----------
    params : ParameterDict, dict of Parameter, or list of Parameter
        What to train; a dict is taken in the order of its sorted keys.
    optimizer : str or Optimizer
        An optimizer, or the name it is registered under (see ``mx.optimizer.create``).
    optimizer_params : dict, optional
        Keyword arguments for the optimizer's constructor, such as ``{'learning_rate': 0.1}``; only with
        an optimizer given by name.
    kvstore : str or KVStore, default 'device'
        How gradients of several contexts are combined (see ``mx.kv.create``); one context needs no store.
    compression_params : dict, optional
        Gradient compression of the store, such as ``{'type': '2bit', 'threshold': 0.5}``.
    update_on_kvstore : bool, optional
        Whether the store runs the updates. None decides from the store and the environment variable
        MXNET_UPDATE_ON_KVSTORE (default 1); True or False overrides both.

    Properties
    ----------
    learning_rate : float
        The optimizer's current learning rate.
    """

    def __init__(self, params, optimizer, optimizer_params=None, kvstore='device', compression_params=None,
                 update_on_kvstore=None):
        if isinstance(params, (dict, ParameterDict)):
            params = [params[key] for key in sorted(params.keys())]
        if not isinstance(params, (list, tuple)):
            raise ValueError("First argument must be a list or dict of Parameters, got %s." % (type(params)))
        for param in params:
            if not isinstance(param, Parameter):
                raise ValueError("First argument must be a list or dict of Parameters, got list of %s."
                                 % (type(param)))
        self._params = list(params)
        self._param2idx = {param.name: i for i, param in enumerate(self._params)}
        self._contains_sparse_weight = any(p._stype != 'default' for p in self._params)
        self._contains_sparse_grad = any(p._grad_stype != 'default' for p in self._params)
        for param in self._params:
            param._set_trainer(self)
        self._contexts = self._check_contexts()
        self._compression_params = compression_params
        self._init_optimizer(optimizer, optimizer_params or {})
        self._scale = self._optimizer.rescale_grad   # rescale_grad before the 1 / batch_size of each step
        self._kvstore_params = {'kvstore': kvstore, 'update_on_kvstore': update_on_kvstore}
        self._kvstore = None
        self._reset_kvstore()

    def _check_contexts(self):
        """The contexts of the parameters, which must all be the same."""
        contexts = None
        for param in self._params:
            ctx = param.list_ctx()
            if contexts is None:
                contexts = ctx
            elif ctx != contexts:
                raise AssertionError(
                    "All Parameters must be initialized on the same set of contexts, but Parameter %s is "
                    "initialized on %s while previous Parameters are initialized on %s."
                    % (param.name, str(ctx), str(contexts)))
        return contexts

    def _init_optimizer(self, optimizer, optimizer_params):
        # the optimizer gets this very dict (no copy), so that lr_mult/wd_mult changed later take effect
        param_dict = dict(enumerate(self._params))
        if isinstance(optimizer, opt.Optimizer):
            if optimizer_params:
                raise AssertionError("optimizer_params must be None if optimizer is an instance of Optimizer "
                                     "instead of str")
            optimizer.param_dict = param_dict
            self._optimizer = optimizer
        else:
            self._optimizer = opt.create(optimizer, param_dict=param_dict, **optimizer_params)
        self._updaters = [opt.get_updater(self._optimizer) for _ in self._contexts]

    # ---- the kvstore ------------------------------------------------------------------------------------
    def _reset_kvstore(self):
        """Drops the kvstore, to be made again at the next use (after parameters were loaded, say)."""
        if self._kvstore and 'dist' in self._kvstore.type:
            raise RuntimeError("Cannot reset distributed KVStore.")
        self._kv_initialized = False
        self._kvstore = self._distributed = self._update_on_kvstore = None
        self._params_to_init = list(self._params)

    def _prepare(self):
        """Makes the kvstore at first use, and hands it the parameters it does not hold yet."""
        if not self._kv_initialized:
            self._init_kvstore()
        self._init_params()

    def _init_kvstore(self):
        """Makes the kvstore (none for a single context) and decides whether it runs the updates."""
        wanted = self._kvstore_params['update_on_kvstore']
        if self._contains_sparse_weight:
            self._init_sparse_kvstore(wanted)
            return
        arrays = {param.name: param.data(self._contexts[0]) for param in self._params}
        kvstore, on_kvstore = _create_kvstore(self._kvstore_params['kvstore'], len(self._contexts), arrays)
        self._distributed = bool(kvstore) and 'dist' in kvstore.type
        if self._contains_sparse_grad:
            # dense weights, sparse gradients: updates here unless the store is distributed
            on_kvstore = self._distributed
            if wanted is not None:
                if wanted is False and self._distributed:
                    raise ValueError("Cannot set update_on_kvstore=False on dist kvstore when sparse gradients "
                                     "are present.")
                on_kvstore = wanted
            if kvstore is not None and not isinstance(kvstore, KVStore):
                raise ValueError("Cannot use {} for multi-device training with sparse gradients".format(
                    type(kvstore)))
            self._finish_kvstore(kvstore, on_kvstore)
            return
        if self._distributed and 'async' in kvstore.type:
            if wanted is False:
                raise ValueError("Please set update_on_kvstore=True when training in async mode.")
            on_kvstore = True
        if wanted is not None:
            on_kvstore = wanted
        if on_kvstore:
            if kvstore is None:
                # (MXNet fails here on None.is_capable; the type stays, the message says why)
                raise AttributeError('update_on_kvstore=True needs a kvstore, but none is used here (kvstore={!r} '
                                     'on {} context(s))'.format(self._kvstore_params['kvstore'],
                                                                len(self._contexts)))
            if not kvstore.is_capable('optimizer'):
                if wanted:
                    raise ValueError("Please set update_on_kvstore=False when training with {}".format(
                        type(kvstore)))
                on_kvstore = False
        self._finish_kvstore(kvstore, on_kvstore)

    def _init_sparse_kvstore(self, wanted):
        """The kvstore of a Trainer with row_sparse weights: always one, always running the updates."""
        config = self._kvstore_params['kvstore']
        if isinstance(config, KVStoreBase):
            kvstore = config
        elif isinstance(config, str):
            kvstore = _kv_create(config)
        else:
            raise TypeError("Cannot create '%s' KVStore with row_sparse parameters. The type must be KVStore or "
                            "str." % config)
        if not kvstore.is_capable(KVStoreBase.OPTIMIZER):
            raise AssertionError("KVStore with sparse weight requires optimizer support. However, type(kv) does "
                                 "not support optimizer. Please consider other kvstore backends (e.g. dist_device) "
                                 "instead.")
        self._distributed = 'dist' in kvstore.type
        if wanted is False:
            raise ValueError("Cannot set update_on_kvstore=False when sparse weights are present.")
        self._finish_kvstore(kvstore, True)

    def _finish_kvstore(self, kvstore, on_kvstore):
        if kvstore:
            if self._compression_params:
                kvstore.set_gradient_compression(self._compression_params)
            if on_kvstore:
                # before the weights are pushed, so that multi-precision states start from them
                kvstore.set_optimizer(self._optimizer)
            self._kvstore, self._update_on_kvstore = kvstore, on_kvstore
        else:
            self._kvstore = self._update_on_kvstore = None
        self._kv_initialized = True

    def _init_params(self, sparse_only=False):
        """Gives the kvstore the weights of the parameters waiting for it (the store's first copy, which
        every context then takes; in a distributed job, worker 0's); those whose initialization is still
        deferred keep waiting. Without a kvstore nobody waits. `sparse_only` (a row_sparse_data call,
        maybe between a forward pass and its backward) leaves the dense ones waiting: copying into
        their arrays then would change values a recorded graph still needs."""
        if not self._params_to_init:
            return
        kv, waiting, ready = self._kvstore, [], []
        if kv:
            for param in self._params_to_init:
                if param._deferred_init or (sparse_only and param._stype == 'default'):
                    waiting.append(param)
                elif param._stype != 'default':
                    # the store holds the only full copy; the contexts pull the rows they need
                    kv.init(self._param2idx[param.name], param._check_and_get(param._data, list)[0])
                else:
                    ready.append((self._param2idx[param.name], param._check_and_get(param._data, list)))
            if isinstance(kv, KVStore) and ready:
                # one call for all (a distributed store exchanges them together)
                kv.broadcast([i for i, _ in ready], [arrays[0] for _, arrays in ready], [a for _, a in ready])
                if hasattr(kv, '_share_buffer') and not self._update_on_kvstore and len(self._contexts) == 1 \
                        and not self._contains_sparse_grad:
                    # dist_sync sums gradients that are views of one buffer where they are (no copies)
                    kv._share_buffer([self._params[i]._grad[0] for i, _ in ready
                                      if self._params[i].grad_req != 'null' and self._params[i]._grad])
            else:
                for i, arrays in ready:
                    kv.broadcast(i, arrays[0], arrays)
        self._params_to_init = waiting

    def _row_sparse_pull(self, parameter, out, row_id, full_idx=False):
        """Pulls the rows `row_id` of a row_sparse parameter from the kvstore into `out` (an array or a
        list); with `full_idx` (all rows) a plain pull."""
        if not self._kv_initialized:
            self._init_kvstore()
        if self._params_to_init:
            self._init_params(sparse_only=True)
        idx = self._param2idx[parameter.name]
        if full_idx and 'dist' not in self._kvstore.type:
            if row_id.shape[0] != out.shape[0]:
                raise AssertionError('row_sparse_pull with full_idx: {} row ids for {} rows'.format(
                    row_id.shape[0], out.shape[0]))
            self._kvstore.pull(idx, out=out, priority=-idx, ignore_sparse=False)
        else:
            self._kvstore.row_sparse_pull(idx, out=out, row_ids=row_id, priority=-idx)

    def _refuse_on_kvstore(self, method):
        if self._kvstore and self._update_on_kvstore:
            raise AssertionError(_NOT_ON_KVSTORE.format(method))

    # ---- learning rate ----------------------------------------------------------------------------------
    @property
    def learning_rate(self):
        if not isinstance(self._optimizer, opt.Optimizer):
            raise UserWarning("Optimizer has to be defined before its learning rate can be accessed.")
        return self._optimizer.learning_rate

    @property
    def optimizer(self):
        if not isinstance(self._optimizer, opt.Optimizer):
            raise UserWarning("Optimizer has not been initialized yet")
        return self._optimizer

    def set_learning_rate(self, lr):
        """Gives the optimizer the learning rate `lr` (a float)."""
        if not isinstance(self._optimizer, opt.Optimizer):
            raise UserWarning("Optimizer has to be defined before its learning rate is mutated.")
        self._optimizer.set_learning_rate(lr)

    def _check_and_rescale_grad(self, scale):
        # a distributed store that runs the updates holds its own copy of the optimizer: it cannot follow
        if self._update_on_kvstore and self._distributed and self._kv_initialized \
                and self._optimizer.rescale_grad != scale:
            raise UserWarning('Possible change in the `batch_size` from previous `step` detected. Optimizer '
                              'gradient normalizing factor will not change w.r.t new batch_size when '
                              'update_on_kvstore=True and when distributed kvstore is used.')
        self._optimizer.rescale_grad = scale

    # ---- updates ----------------------------------------------------------------------------------------
    def step(self, batch_size, ignore_stale_grad=False):
        """One update of the parameters from their gradients (`allreduce_grads`, then `update`); call it
        after ``backward()``, outside ``autograd.record()``.

        Parameters
        ----------
        batch_size : int
            Gradients are scaled by ``1 / batch_size``; pass 1 when the loss is already a mean.
        ignore_stale_grad : bool, default False
            Skip parameters whose gradient backward has not written since the last step, rather than
            raise UserWarning for them.
        """
        self._check_and_rescale_grad(self._scale / batch_size)
        self._prepare()
        self._allreduce_grads()
        self._update(ignore_stale_grad)

    def allreduce_grads(self):
        """Sums each parameter's gradients over its contexts, leaving the sum in every context's gradient.
        With `update` afterwards, this splits `step` in two, so that the gradients can be changed in
        between (clipped, say). Not available when the kvstore runs the updates."""
        self._prepare()
        self._refuse_on_kvstore('allreduce_grads')
        self._allreduce_grads()

    def _allreduce_grads(self):
        kv = self._kvstore
        if not kv:
            return
        if self._contains_sparse_grad or self._contains_sparse_weight:
            self._allreduce_sparse()
            return
        # with updates on the store, the gradients go in and the updated weights come back
        todo = [i for i, param in enumerate(self._params) if param.grad_req != 'null']
        grads = [self._params[i].list_grad() for i in todo]
        out = [self._params[i].list_data() for i in todo] if self._update_on_kvstore else None
        if isinstance(kv, KVStore):
            if todo:
                # one call for all: a distributed store sends the gradients in a few large messages
                kv.pushpull(todo, grads, out=out)
        else:
            for n, i in enumerate(todo):
                kv.pushpull(i, grads[n], out=None if out is None else out[n], priority=-i)

    def _allreduce_sparse(self):
        """`_allreduce_grads` with sparse parameters, one parameter at a time: a row_sparse gradient is
        pushed, then the (dense) weights or the summed gradients are pulled; a row_sparse weight is pulled
        later, by rows. Dense gradients go through pushpull."""
        kv = self._kvstore
        for i, param in enumerate(self._params):
            if param.grad_req == 'null':
                continue
            grads = param._check_and_get(param._grads(), list)
            if grads[0].stype != 'default':
                kv.push(i, grads, priority=-i)
                if param._stype == 'default':
                    pulled = param.list_data() if self._update_on_kvstore else grads
                    kv.pull(i, pulled, priority=-i, ignore_sparse=self._distributed)
            elif self._update_on_kvstore:
                kv.pushpull(i, grads, out=param._check_and_get(param._data, list), priority=-i)
            else:
                kv.pushpull(i, grads, priority=-i)

    def update(self, batch_size, ignore_stale_grad=False):
        """The second half of `step`: updates the parameters from their (already summed) gradients. Not
        available when the kvstore runs the updates.

        Parameters
        ----------
        batch_size : int
            Gradients are scaled by ``1 / batch_size``.
        ignore_stale_grad : bool, default False
            Skip parameters with stale gradients rather than raise UserWarning.
        """
        self._prepare()
        self._refuse_on_kvstore('update')
        self._check_and_rescale_grad(self._scale / batch_size)
        self._update(ignore_stale_grad)

    def _update(self, ignore_stale_grad=False):
        scaler = getattr(self, '_amp_loss_scaler', None)
        if scaler is not None and scaler.has_overflow(self._params):
            return   # AMP skips a step whose gradients overflowed
        on_kvstore = bool(self._kvstore and self._update_on_kvstore)
        todo = [([], [], []) for _ in self._updaters]   # per context: indices, gradients, weights
        for i, param in enumerate(self._params):
            if param.grad_req == 'null':
                continue
            weights = param._data if param._data is not None else param._check_and_get(None, list)
            if not ignore_stale_grad and param._stype == 'default':
                for w in weights:
                    if not w._fresh_grad:
                        raise UserWarning(_STALE_GRAD % (param.name, str(w.context)))
            if on_kvstore:
                continue   # the store updated the weights in _allreduce_grads
            grads = param._grad if param._grad is not None else param.list_grad()
            for (indices, gs, ws), w, g in zip(todo, weights, grads):
                if ignore_stale_grad and not w._fresh_grad:
                    continue
                indices.append(i)
                gs.append(g)
                ws.append(w)
                w._fresh_grad = False
        if not on_kvstore:
            for updater, (indices, gs, ws) in zip(self._updaters, todo):
                if indices:
                    updater(indices, gs, ws)

    # ---- states -----------------------------------------------------------------------------------------
    def save_states(self, fname):
        """Writes the optimizer and its states (momentum and the like) to file `fname`. The parameters'
        lr_mult and wd_mult are not part of it.

        Parameters
        ----------
        fname : str
            The file to write.
        """
        self._prepare()
        if self._update_on_kvstore:
            if self._params_to_init:
                raise AssertionError("Cannot save trainer states when some parameters are not yet initialized "
                                     "in kvstore.")
            self._kvstore.save_optimizer_states(fname, dump_optimizer=True)
        else:
            write_atomically(fname, [self._updaters[0].get_states(dump_optimizer=True)], 'Trainer.save_states')

    def load_states(self, fname):
        """Reads what `save_states` wrote (by mxtorch or MXNet) from file `fname`; the loaded optimizer
        takes this trainer's parameters as its param_dict.

        Parameters
        ----------
        fname : str
            The file to read.
        """
        self._prepare()
        if self._update_on_kvstore:
            kv = self._kvstore
            kv.load_optimizer_states(fname)
            self._optimizer = kv._updater.optimizer
        else:
            with open(fname, 'rb') as f:
                blob = f.read()
            # each context's updater gets its own states, and all share the first one's optimizer
            for updater in self._updaters:
                updater.set_states(blob)
                updater.optimizer = self._updaters[0].optimizer
            self._optimizer = self._updaters[0].optimizer
        self._optimizer.param_dict = dict(enumerate(self._params))
