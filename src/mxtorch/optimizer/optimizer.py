"""The Optimizer base class, the registry of optimizers by name, and what the built-in ones share.

How a built-in optimizer updates. MXNet calls one fused C++ operator per weight (``sgd_mom_update``,
``adam_update``, ...). Here an optimizer's ``_step`` receives *lists* of torch tensors, so that a Trainer
step updates every parameter in a handful of kernel launches, like a plain torch optimizer. Each of MXNet's
update formulas is written once, as a ``torch._foreach_*`` kernel in ndarray/ops/optimizer_update.py, and
serves both the ``mx.nd.*_update`` operators (one weight) and ``_step`` (all of them). ``update(index,
weight, grad, state)`` runs the same ``_step`` on lists of one. The formulas are MXNet's, not torch's: weight
decay joins the gradient, clipping follows rescaling, Adam folds its bias correction into the rate and
adds epsilon outside the square root.

An optimizer written against MXNet's API (a subclass overriding ``update``) is called exactly as MXNet
would call it.

The instance attributes keep MXNet's names (``lr``, ``wd``, ``num_update``, ``_index_update_count``, ...):
they are what a pickled optimizer, and so a Trainer states file, contains.
"""
import warnings

import numpy as np
import torch

from ..base import MXNetError
from ..ndarray.ndarray import NDArray, _wrap_like
from ..ndarray import sparse as _sparse
from ..ndarray.ops import sparse_update as _sparse_update

__all__ = ['Optimizer', 'register', 'create', 'Test']

_SPARSE = _sparse.BaseSparseNDArray


# ---- helpers of the built-in optimizers ---------------------------------------------------------------
def _zeros_like(weight, dtype=None):
    """A zero NDArray of `weight`'s shape and context, of `dtype` (a torch dtype; None: the weight's).
    Several of MXNet's optimizers keep float32 states whatever the weight's type."""
    t = weight._t
    return _wrap_like(torch.zeros(t.shape, dtype=t.dtype if dtype is None else dtype, device=t.device), weight)


def _tensors(arrays):
    return [a._t for a in arrays]


def _kernel_clip(bound):
    """A bound (clip_gradient, clip_weights, LAMB's norm bounds) as MXNet's optimizers apply it: they pass
    it to their operator only when it is truthy, and the operator uses it only when it is >= 0."""
    return bound if bound and bound >= 0 else None


def _as_lists(index, weight, grad, state):
    """The arguments of ``update`` as four lists (one weight, or lists of weights)."""
    if isinstance(index, (list, tuple)):
        return list(index), list(weight), list(grad), list(state)
    return [index], [weight], [grad], [state]


def _warn_float16(name):
    """MXNet's warning about a float16 weight updated without multi_precision; `name` ('SGD ', 'NAG ' or
    '') is the optimizer it names."""
    warnings.warn("Accumulating with float16 in optimizer can lead to "
                  "poor accuracy or slow convergence. "
                  "Consider using multi_precision=True option of the "
                  + name + "optimizer")


def _mults_from_sym(sym_info, attr):
    """{argument name: float} of a symbol's ``__lr_mult__`` or ``__wd_mult__`` attributes."""
    if not sym_info:
        return {}
    attrs, names = sym_info
    return {n: float(attrs[n][attr]) for n in names if attr in attrs.get(n, ())}


class Optimizer(object):
    """Base class of the optimizers: it holds the learning rate, weight decay and their per-parameter
    multipliers, counts updates, and builds states.

    Parameters
    ----------
    rescale_grad : float, default 1.0
        Factor on every gradient, typically ``1 / batch_size``.
    param_idx2name : dict of int to str, optional
        Names of the weights by index. A named weight whose name ends neither in ``_weight`` nor in
        ``_gamma`` (a bias, say) gets a weight-decay multiplier of 0.
    wd : float, default 0.0
        The L2 weight-decay coefficient.
    clip_gradient : float, optional
        Bound of the rescaled gradient: it is clipped into ``[-clip_gradient, clip_gradient]``.
    learning_rate : float, optional
        The rate. None takes the scheduler's (0.01 without scheduler); a value given with a scheduler
        replaces that scheduler's ``base_lr``.
    lr_scheduler : LRScheduler, optional
        Gives the rate from the update count.
    sym : Symbol, optional
        Multipliers come from its arguments' ``__lr_mult__`` / ``__wd_mult__`` attributes.
    begin_num_update : int, default 0
        The update count to start from.
    multi_precision : bool, default False
        For float16 weights, keep a float32 copy in the state, update it in float32 and copy it back.
    param_dict : dict of int to gluon.Parameter, optional
        The Parameters by index; their ``lr_mult`` and ``wd_mult`` are read at each update.

    Properties
    ----------
    learning_rate : float
        The current rate.
    """

    opt_registry = {}

    # Table of how built-in optimizers differ from the default behaviour:
    # - the multi-precision state is (float32 copy, state); SGD, NAG and LARS keep (state, float32 copy)
    _master_first = True
    # - SGD-like optimizers count a chunk of indices before reading the rate (MXNet's aggregated update);
    #   the others count and read index by index
    _count_chunks = False
    # - whether MXNet's update_multi_precision goes through self.update, so that a subclass overriding
    #   update() sees it (False: it calls the fused operator directly: SGD, NAG, LARS, LAMB)
    _mp_calls_update = True
    # - the optimizer named in the float16 warning
    _fp16_warning_name = ''
    # - weights named in param_idx2name keep weight decay only with one of these suffixes
    _decayed_suffixes = ('_weight', '_gamma')

    def __init__(self, rescale_grad=1., param_idx2name=None, wd=0., clip_gradient=None, learning_rate=None,
                 lr_scheduler=None, sym=None, begin_num_update=0, multi_precision=False, param_dict=None):
        if param_idx2name is None:
            param_idx2name = {}
        if not isinstance(param_idx2name, dict):
            raise AssertionError('param_idx2name should be a dict of param indexes to names, got {}'.format(
                type(param_idx2name).__name__))
        if lr_scheduler is None:
            if learning_rate is None:
                learning_rate = 0.01
        elif learning_rate is not None and learning_rate != lr_scheduler.base_lr:
            # MXNet prints this rather than warn, and the explicit rate wins
            print(UserWarning("learning rate from ``lr_scheduler`` has been "
                              "overwritten by ``learning_rate`` in optimizer."))
            lr_scheduler.base_lr = learning_rate
        self.lr, self.lr_scheduler, self.wd = learning_rate, lr_scheduler, wd
        self.rescale_grad, self.clip_gradient = rescale_grad, clip_gradient
        self.multi_precision = multi_precision
        self.aggregate_num = 0   # > 0: the Updater hands update() lists of up to this many weights
        # update counts: per device id, then per weight index; num_update is the largest of them
        self.begin_num_update = self.num_update = begin_num_update
        self._all_index_update_counts = {0: {}}
        self._index_update_count = self._all_index_update_counts[0]
        self.idx2name = dict(param_idx2name)
        self.param_dict = param_dict or {}
        self.sym_info = () if sym is None else (sym.attr_dict(), sym.list_arguments())
        self.allow_np_array = False
        self.set_lr_mult({})
        self.set_wd_mult({})

    # ---- registry -------------------------------------------------------------------------------------
    @staticmethod
    def register(klass):
        """Class decorator: makes `klass` available to `create` under its lower-cased class name.

        >>> @mx.optimizer.register
        ... class Frozen(mx.optimizer.Optimizer):
        ...     def update(self, index, weight, grad, state):
        ...         pass
        >>> type(mx.optimizer.create('frozen')).__name__
        'Frozen'
        """
        if not isinstance(klass, type):
            raise AssertionError('Optimizer.register takes a class, got {!r}'.format(klass))
        registry, name = Optimizer.opt_registry, klass.__name__.lower()
        old = registry.get(name)
        if old is not None:
            warnings.warn('WARNING: New optimizer %s.%s is overriding existing optimizer %s.%s' % (
                klass.__module__, klass.__name__, old.__module__, old.__name__))
        registry[name] = klass
        return klass

    @staticmethod
    def create_optimizer(name, **kwargs):
        """An instance of the optimizer registered as `name` (any case), built with `kwargs`; the same
        function as ``mx.optimizer.create``.

        >>> mx.optimizer.create('adam', learning_rate=0.1).lr
        0.1
        """
        if not isinstance(name, str):
            raise TypeError('optimizer name must be a str, got {!r}'.format(name))
        klass = Optimizer.opt_registry.get(name.lower())
        if klass is None:
            raise ValueError('Cannot find optimizer %s' % name)
        return klass(**kwargs)

    # ---- learning rate and multipliers ---------------------------------------------------------------
    @property
    def learning_rate(self):
        return self.lr if self.lr_scheduler is None else self.lr_scheduler(self.num_update)

    def set_learning_rate(self, lr):
        """Sets the rate; a UserWarning is raised instead when a scheduler is in charge of it."""
        if self.lr_scheduler is not None:
            raise UserWarning("LRScheduler of the optimizer has already been defined. Note that set_learning_rate "
                              "can mutate the value of the learning rate of the optimizer only when the "
                              "LRScheduler of the optimizer is undefined.")
        self.lr = lr

    def set_lr_scale(self, args_lrscale):  # pylint: disable=unused-argument
        """[DEPRECATED] Use set_lr_mult."""
        raise DeprecationWarning

    def set_lr_mult(self, args_lr_mult):
        """Replaces the learning-rate multipliers by `args_lr_mult` ({name or index: factor}), on top of
        those the `sym` given to the constructor sets. A Parameter in `param_dict` uses its own
        ``lr_mult`` instead."""
        self.lr_mult = _mults_from_sym(self.sym_info, '__lr_mult__')
        self.lr_mult.update(args_lr_mult)

    def set_wd_mult(self, args_wd_mult):
        """Replaces the weight-decay multipliers by `args_wd_mult` ({name or index: factor}), on top of
        the defaults: 0 for the names in `param_idx2name` without a ``_weight``/``_gamma`` suffix, then
        the `sym`'s attributes. A Parameter in `param_dict` uses its own ``wd_mult`` instead."""
        self.wd_mult = {n: 0.0 for n in self.idx2name.values() if not n.endswith(self._decayed_suffixes)}
        self.wd_mult.update(_mults_from_sym(self.sym_info, '__wd_mult__'))
        self.wd_mult.update(args_wd_mult)

    def _set_current_context(self, device_id):
        """Switches to the update counts of device `device_id` (each device's Updater counts its own)."""
        self._index_update_count = self._all_index_update_counts.setdefault(device_id, {})

    def _update_count(self, index):
        """Counts one update of `index` (or of each index of a list)."""
        counts = self._index_update_count
        for i in index if isinstance(index, (list, tuple)) else (index,):
            counts[i] = counts.get(i, self.begin_num_update) + 1
            self.num_update = max(self.num_update, counts[i])

    def _lr_mult_of(self, index):
        """A Parameter's lr_mult, else the multiplier set for the index, else for its name, else 1."""
        if index in self.param_dict:
            return self.param_dict[index].lr_mult
        if index in self.lr_mult:
            return self.lr_mult[index]
        return self.lr_mult.get(self.idx2name[index], 1.0) if index in self.idx2name else 1.0

    def _wd_mult_of(self, index):
        """As `_lr_mult_of`, for the weight decay."""
        if index in self.param_dict:
            return self.param_dict[index].wd_mult
        if index in self.wd_mult:
            return self.wd_mult[index]
        return self.wd_mult.get(self.idx2name[index], 1.0) if index in self.idx2name else 1.0

    def _get_lrs(self, indices):
        """The rates of the weights `indices`: the current rate times each one's multiplier."""
        lr = self.lr if self.lr_scheduler is None else self.lr_scheduler(self.num_update)
        return [lr * self._lr_mult_of(i) for i in indices]

    def _get_lr(self, index):
        return self._get_lrs([index])[0]

    def _get_wds(self, indices):
        """The weight decays of the weights `indices`: wd times each one's multiplier."""
        return [self.wd * self._wd_mult_of(i) for i in indices]

    def _get_wd(self, index):
        return self._get_wds([index])[0]

    # ---- states -----------------------------------------------------------------------------------------
    def create_state(self, index, weight):
        """The state a weight's updates keep (momentum, moments, ...): None, an NDArray or a tuple of
        them. Called once per weight, at its first update; the result is what `update` receives."""

    def create_state_multi_precision(self, index, weight):
        """`create_state`, with a float32 copy of the weight beside the state when `multi_precision` is
        on and the weight is float16."""
        if weight.dtype == np.float16:
            if self.multi_precision:
                master = weight.astype(np.float32)
                if isinstance(master, _SPARSE):
                    master = master.tostype('default')   # (the update writes its rows in place)
                state = self.create_state(index, master)
                return (master, state) if self._master_first else (state, master)
            _warn_float16(self._fp16_warning_name)
        return self.create_state(index, weight)

    # ---- updates ----------------------------------------------------------------------------------------
    def update(self, index, weight, grad, state):
        """Updates `weight` in place from `grad` and `state` (each one item, or lists of them).

        Parameters
        ----------
        index : int or list of int
            Identifies the weight: its multipliers and update count.
        weight : NDArray or list of NDArray
            The weight to change.
        grad : NDArray or list of NDArray
            The gradient of the objective with respect to the weight.
        state : any, or a list
            What `create_state` gave for the weight.
        """
        if type(self)._step is Optimizer._step:
            raise NotImplementedError()
        self._apply(*_as_lists(index, weight, grad, state), multi_precision=False)

    def update_multi_precision(self, index, weight, grad, state):
        """`update`; for a float16 weight with `multi_precision`, the float32 copy in the state is updated
        from a float32 gradient and copied back into the weight."""
        if self._fused_mp():
            indices, weights, grads, states = _as_lists(index, weight, grad, state)
            self._apply(indices, weights, grads, states, self._use_multi_precision(weights[0], states[0]))
        elif self.multi_precision and weight.dtype == np.float16:
            master, inner = state if self._master_first else state[::-1]
            self.update(index, master, grad.astype(np.float32), inner)
            with torch.no_grad():
                weight._t.copy_(master._t)
        else:
            self.update(index, weight, grad, state)

    def _use_multi_precision(self, weight, state):
        return bool(self.multi_precision) and weight.dtype == np.float16

    # ---- the fused path of the built-in optimizers ------------------------------------------------------
    def _step(self, weights, grads, states, lrs, wds, counts, indices):
        """Updates lists of torch tensors in place: `weights`, `grads`; `states` as create_state made
        them; one rate, weight decay and update count (t) per weight. Defined by the built-in optimizers."""
        raise NotImplementedError()

    @classmethod
    def _fused_mp(cls):
        """Whether update_multi_precision may run _step directly: true unless a subclass overrides a method
        that MXNet's call path would go through."""
        return (cls._step is not Optimizer._step
                and cls.update_multi_precision is Optimizer.update_multi_precision
                and (cls.update is Optimizer.update or not cls._mp_calls_update))

    def _schedule(self, indices, chunk=None):
        """Counts an update of each of `indices` and returns (lrs, wds, counts), reading rates when MXNet
        reads them: after each index, or for `_count_chunks` optimizers after each `chunk` of indices."""
        size = (chunk or len(indices)) if self._count_chunks else 1
        cls = type(self)
        if (cls._get_lrs is not Optimizer._get_lrs or cls._get_lr is not Optimizer._get_lr
                or cls._get_wds is not Optimizer._get_wds or cls._get_wd is not Optimizer._get_wd
                or cls._update_count is not Optimizer._update_count):
            return self._schedule_by_methods(indices, size)
        # the same as _schedule_by_methods, without a method call per index (this runs every step)
        counts, begin, sched = self._index_update_count, self.begin_num_update, self.lr_scheduler
        lrs, wds, ts = [], [], []
        for start in range(0, len(indices), size):
            part = indices[start:start + size]
            for i in part:
                t = counts[i] = counts.get(i, begin) + 1
                if t > self.num_update:
                    self.num_update = t
                ts.append(t)
            lr = self.lr if sched is None else sched(self.num_update)
            lrs.extend(lr * self._lr_mult_of(i) for i in part)
            wds.extend(self.wd * self._wd_mult_of(i) for i in part)
        return lrs, wds, ts

    def _schedule_by_methods(self, indices, size):
        """`_schedule` through the (overridden) counting and rate methods."""
        lrs, wds, ts = [], [], []
        for start in range(0, len(indices), size):
            part = indices[start:start + size]
            self._update_count(part)
            lrs.extend(self._get_lrs(part))
            wds.extend(self._get_wds(part))
            ts.extend(self._index_update_count[i] for i in part)
        return lrs, wds, ts

    def _apply(self, indices, weights, grads, states, multi_precision, chunk=None):
        """One update of several weights: checks the arrays, counts, then runs _step on their tensors."""
        for w, g in zip(weights, grads):
            if not (isinstance(w, NDArray) and isinstance(g, NDArray)):
                raise AssertionError('{}.update: weight and grad must be NDArrays, got {} and {}'.format(
                    type(self).__name__, type(w).__name__, type(g).__name__))
            if isinstance(g, _SPARSE) or isinstance(w, _SPARSE):
                return self._apply_sparse(indices, weights, grads, states, multi_precision, chunk)
            if w._t.shape != g._t.shape:
                raise MXNetError('{}.update: weight shape {} and grad shape {} differ'.format(
                    type(self).__name__, tuple(w._t.shape), tuple(g._t.shape)))
        if not weights:
            return
        lrs, wds, ts = self._schedule(indices, chunk)
        with torch.no_grad():
            if not multi_precision:
                self._step(_tensors(weights), _tensors(grads), states, lrs, wds, ts, indices)
                return
            m, k = (0, 1) if self._master_first else (1, 0)   # where the float32 copy and the state are
            masters = [s[m]._t for s in states]
            self._step(masters, [g._t.float() for g in grads], [s[k] for s in states], lrs, wds, ts, indices)
            torch._foreach_copy_(_tensors(weights), masters)

    # ---- sparse weights and gradients --------------------------------------------------------------------
    def _lazy_sparse(self):
        """Whether a row_sparse gradient updates only its rows (MXNet's lazy update): for SGD and Adam as
        their `lazy_update` says, always for AdaGrad, Ftrl and GroupAdaGrad, never for the others (MXNet
        runs their dense kernels on the gradient's dense values)."""
        return False

    def _check_sparse(self, weight, grad, wd):
        """Raises for what MXNet's sparse kernel of this optimizer refuses (AdaGrad: weight decay)."""

    def _apply_sparse(self, indices, weights, grads, states, multi_precision, chunk=None):
        """`_apply` for a call with some row_sparse gradient or weight: the dense items in one `_step`,
        each row_sparse gradient of a lazy optimizer on its rows only (``lazy_step``), the others on the
        dense values. A row_sparse weight is updated through its dense values and keeps its non-zero
        rows."""
        for w, g in zip(weights, grads):
            if tuple(w.shape) != tuple(g.shape):
                raise MXNetError('{}.update: weight shape {} and grad shape {} differ'.format(
                    type(self).__name__, tuple(w.shape), tuple(g.shape)))
        lrs, wds, ts = self._schedule(indices, chunk)
        lazy = self._lazy_sparse()
        m, k = (0, 1) if self._master_first else (1, 0)
        with torch.no_grad():
            for i, w, g, s, lr, wd, t in zip(indices, weights, grads, states, lrs, wds, ts):
                sparse_w = isinstance(w, _SPARSE)
                wt = _sparse._dense_of(w) if sparse_w else w._t
                target, inner = (s[m]._t, s[k]) if multi_precision else (wt, s)
                if isinstance(g, _sparse.RowSparseNDArray) and lazy:
                    self._check_sparse(w, g, wd)
                    rows, g_rows = _sparse_update.coalesced_rows(g)
                    _sparse_update.lazy_step(self._step, target, rows, g_rows.to(target.dtype), inner,
                                             [lr], [wd], [t], [i])
                else:
                    gt = _sparse._dense_of(g) if isinstance(g, _SPARSE) else g._t
                    self._step([target], [gt.to(target.dtype)], [inner], [lr], [wd], [t], [i])
                if multi_precision:
                    wt.copy_(target)
                if sparse_w:
                    w._s = _sparse._to_stype(_wrap_like(wt, w), w.stype)._s

    # ---- pickling ---------------------------------------------------------------------------------------
    def __getstate__(self):
        # Parameters are not pickled: the Trainer that loads the states sets param_dict again
        state = dict(self.__dict__)
        state.pop('param_dict', None)
        return state

    def __setstate__(self, state):
        self.__dict__.update(state)
        self.param_dict = {}


register = Optimizer.register  # pylint: disable=invalid-name
create = Optimizer.create_optimizer  # pylint: disable=invalid-name


@register
class Test(Optimizer):
    """An optimizer for tests: ``weight += rescale_grad * grad``; its state is a float32 copy of the
    weight after the update."""

    def create_state(self, index, weight):
        return _zeros_like(weight, torch.float32)

    def update(self, index, weight, grad, state):
        with torch.no_grad():
            weight._t.add_(grad._t * self.rescale_grad)
            state._t.copy_(weight._t)
