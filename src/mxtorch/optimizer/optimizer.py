"""The Optimizer base class, the optimizer registry (register/create) and the state helpers that the
built-in optimizers share.

How an update runs. MXNet's optimizers call one fused C++ operator per weight (``sgd_mom_update``,
``adam_update``, ...). Here a built-in optimizer's ``_step`` works on *lists* of torch tensors, so that the
Updater (and so ``gluon.Trainer``) updates all parameters of a step in a few kernel launches, as a plain
torch optimizer does. The formulas that MXNet has as operators are written once, as ``torch._foreach_*``
kernels in ndarray/ops/optimizer_update.py (``_sgd_step``, ``_adam_step``, ...), which the ``mx.nd`` update
operators call on one weight and ``_step`` calls on all of them; the tensor helpers (``_axpy``,
``_rescaled``, ...) are there too. ``update(index, weight, grad, state)`` is the same ``_step`` on
one-element lists. The formulas are MXNet's, which differ from torch's in places (weight decay inside the
gradient, clipping after rescaling, Adam's bias correction folded into the learning rate, epsilon outside
the square root); each kernel and ``_step`` says which.

A subclass written against MXNet's API (overriding ``update``) is called exactly as MXNet calls it.
"""
import warnings

import numpy as np
import torch

from ..base import MXNetError
from ..ndarray.ndarray import NDArray, _wrap_like

__all__ = ['Optimizer', 'register', 'create', 'Test']


# ---- state helpers shared by the built-in optimizers ----------------------------------------------------
def _zeros_like(weight, dtype=None):
    """A zero NDArray shaped like `weight`, on its context; `dtype` None keeps the weight's dtype (several
    MXNet optimizers create float32 states whatever the weight's dtype: they pass torch.float32)."""
    t = weight._t
    return _wrap_like(torch.zeros(t.shape, dtype=t.dtype if dtype is None else dtype, device=t.device), weight)


def _tensors(arrays):
    return [a._t for a in arrays]


def _kernel_clip(clip_gradient):
    """The clipping bound of MXNet's fused update operators: they get clip_gradient only when it is truthy
    and clip only when it is >= 0."""
    return clip_gradient if clip_gradient and clip_gradient >= 0 else None


def _listify(index, weight, grad, state):
    if isinstance(index, (list, tuple)):
        return list(index), list(weight), list(grad), list(state)
    return [index], [weight], [grad], [state]


class Optimizer(object):
    """The base class of all optimizers.

    Parameters
    ----------
    rescale_grad : float, optional, default 1.0
        Multiplies the gradient before the update; usually ``1.0 / batch_size``.
    param_idx2name : dict of int to str, optional
        Names of the weights by index. Weights whose name ends neither in ``_weight`` nor in ``_gamma``
        get no weight decay (``wd_mult`` 0).
    clip_gradient : float, optional
        Clips the (rescaled) gradient into ``[-clip_gradient, clip_gradient]``.
    learning_rate : float, optional
        The learning rate. When None, the rate of `lr_scheduler` is used, or 0.01 without scheduler;
        when given together with a scheduler it replaces the scheduler's ``base_lr``.
    lr_scheduler : LRScheduler, optional
        Gives the learning rate from the number of updates done.
    wd : float, optional, default 0.0
        The weight decay (L2 regularization) coefficient.
    sym : Symbol, optional
        A symbol whose arguments' ``__lr_mult__``/``__wd_mult__`` attributes set multipliers.
    begin_num_update : int, optional, default 0
        The update count to start from.
    multi_precision : bool, optional, default False
        With float16 weights, keep a float32 master copy of each weight in the optimizer state and
        update that copy in float32.
    param_dict : dict of int to gluon.Parameter, optional
        Parameters by index, whose ``lr_mult``/``wd_mult`` are read at every update (not copied).

    Properties
    ----------
    learning_rate : float
        The current learning rate.
    """

    opt_registry = {}

    # How a multi-precision state is laid out: (float32 master copy, state) by default; SGD, NAG and LARS
    # keep MXNet's (state, master copy).
    _master_first = True
    # SGD-like optimizers count a whole batch of indices before reading learning rates (MXNet's aggregated
    # update); the others count and read index by index.
    _count_chunks = False
    # Whether MXNet's update_multi_precision of the class goes through self.update (so that a subclass
    # overriding update() changes it) or straight to the fused operator (SGD, NAG, LARS, LAMB).
    _mp_calls_update = True
    # the optimizer named in the float16 warning ('SGD ' for SGD and LARS, 'NAG ' for NAG)
    _fp16_warning_name = ''

    def __init__(self, rescale_grad=1., param_idx2name=None, wd=0., clip_gradient=None, learning_rate=None,
                 lr_scheduler=None, sym=None, begin_num_update=0, multi_precision=False, param_dict=None):
        self.rescale_grad = rescale_grad
        self.lr_scheduler = lr_scheduler
        if self.lr_scheduler is None and learning_rate is None:
            learning_rate = 0.01
        self.lr = learning_rate
        if self.lr_scheduler is not None and learning_rate is not None:
            if self.lr_scheduler.base_lr != learning_rate:
                # MXNet prints this warning (it does not warnings.warn it)
                print(UserWarning("learning rate from ``lr_scheduler`` has been "
                                  "overwritten by ``learning_rate`` in optimizer."))
                self.lr_scheduler.base_lr = learning_rate
        self.wd = wd
        self.lr_mult = {}
        self.wd_mult = {}
        self.begin_num_update = begin_num_update
        self.num_update = begin_num_update
        self._all_index_update_counts = {0: {}}
        self._index_update_count = self._all_index_update_counts[0]
        self.clip_gradient = clip_gradient
        self.multi_precision = multi_precision
        self.aggregate_num = 0
        if param_idx2name is None:
            param_idx2name = {}
        assert isinstance(param_idx2name, dict), 'param_idx2name should be a dict of param indexes to names.'
        self.idx2name = param_idx2name.copy()
        self.sym_info = (sym.attr_dict(), sym.list_arguments()) if sym is not None else ()
        self.param_dict = param_dict if param_dict else {}
        self.allow_np_array = False
        self.set_lr_mult({})
        self.set_wd_mult({})

    # ---- registry -------------------------------------------------------------------------------------
    @staticmethod
    def register(klass):
        """Registers an optimizer class under its lower-cased class name, for `create`.

        Examples
        --------
        >>> @mx.optimizer.Optimizer.register
        ... class MyOptimizer(mx.optimizer.Optimizer):
        ...     pass
        >>> type(mx.optimizer.create('MyOptimizer'))
        <class '__main__.MyOptimizer'>
        """
        assert isinstance(klass, type), 'register expects a class, got {!r}'.format(klass)
        name = klass.__name__.lower()
        if name in Optimizer.opt_registry:
            old = Optimizer.opt_registry[name]
            warnings.warn('WARNING: New optimizer %s.%s is overriding existing optimizer %s.%s' % (
                klass.__module__, klass.__name__, old.__module__, old.__name__))
        Optimizer.opt_registry[name] = klass
        return klass

    @staticmethod
    def create_optimizer(name, **kwargs):
        """Creates the optimizer registered as `name` (case-insensitive) with keyword arguments `kwargs`.

        ``mx.optimizer.create`` is the same function.

        Examples
        --------
        >>> type(mx.optimizer.create('adam', learning_rate=.1))
        <class 'mxtorch.optimizer.adam.Adam'>
        """
        if not isinstance(name, str):
            raise TypeError('optimizer name must be a str, got {!r}'.format(name))
        if name.lower() in Optimizer.opt_registry:
            return Optimizer.opt_registry[name.lower()](**kwargs)
        raise ValueError('Cannot find optimizer %s' % name)

    # ---- learning rate and multipliers ---------------------------------------------------------------
    @property
    def learning_rate(self):
        if self.lr_scheduler is not None:
            return self.lr_scheduler(self.num_update)
        return self.lr

    def set_learning_rate(self, lr):
        """Sets the learning rate. Not allowed (UserWarning is raised) when an lr_scheduler is set."""
        if self.lr_scheduler is not None:
            raise UserWarning("LRScheduler of the optimizer has already been "
                              "defined. Note that set_learning_rate can mutate "
                              "the value of the learning rate of the optimizer "
                              "only when the LRScheduler of the optimizer is "
                              "undefined.")
        self.lr = lr

    def set_lr_scale(self, args_lrscale):  # pylint: disable=unused-argument
        """[DEPRECATED] Use set_lr_mult."""
        raise DeprecationWarning

    def set_lr_mult(self, args_lr_mult):
        """Sets learning-rate multipliers: a dict from parameter name (or index) to multiplier. Multipliers
        given by the `sym` passed to the constructor (``__lr_mult__`` attributes) come first."""
        self.lr_mult = {}
        if self.sym_info:
            attr, arg_names = self.sym_info
            for name in arg_names:
                if name in attr and '__lr_mult__' in attr[name]:
                    self.lr_mult[name] = float(attr[name]['__lr_mult__'])
        self.lr_mult.update(args_lr_mult)

    def set_wd_mult(self, args_wd_mult):
        """Sets weight-decay multipliers: a dict from parameter name (or index) to multiplier. Parameters
        named in `param_idx2name` whose name ends neither in ``_weight`` nor ``_gamma`` get 0 first, then the
        `sym`'s ``__wd_mult__`` attributes apply, then `args_wd_mult`."""
        self.wd_mult = {}
        for n in self.idx2name.values():
            if not (n.endswith('_weight') or n.endswith('_gamma')):
                self.wd_mult[n] = 0.0
        if self.sym_info:
            attr, arg_names = self.sym_info
            for name in arg_names:
                if name in attr and '__wd_mult__' in attr[name]:
                    self.wd_mult[name] = float(attr[name]['__wd_mult__'])
        self.wd_mult.update(args_wd_mult)

    def _set_current_context(self, device_id):
        """Keeps a separate update count per device (one Updater per context shares this optimizer)."""
        if device_id not in self._all_index_update_counts:
            self._all_index_update_counts[device_id] = {}
        self._index_update_count = self._all_index_update_counts[device_id]

    def _update_count(self, index):
        """Counts one update of each index (int or list of int); num_update is the largest count."""
        if not isinstance(index, (list, tuple)):
            index = [index]
        for idx in index:
            if idx not in self._index_update_count:
                self._index_update_count[idx] = self.begin_num_update
            self._index_update_count[idx] += 1
            self.num_update = max(self._index_update_count[idx], self.num_update)

    def _lr_mult_of(self, index):
        if index in self.param_dict:
            return self.param_dict[index].lr_mult
        if index in self.lr_mult:
            return self.lr_mult[index]
        if index in self.idx2name:
            return self.lr_mult.get(self.idx2name[index], 1.0)
        return 1.0

    def _wd_mult_of(self, index):
        if index in self.param_dict:
            return self.param_dict[index].wd_mult
        if index in self.wd_mult:
            return self.wd_mult[index]
        if index in self.idx2name:
            return self.wd_mult.get(self.idx2name[index], 1.0)
        return 1.0

    def _get_lrs(self, indices):
        """Learning rates of the weights `indices`: the current rate times each one's lr_mult."""
        lr = self.lr_scheduler(self.num_update) if self.lr_scheduler is not None else self.lr
        return [lr * self._lr_mult_of(i) for i in indices]

    def _get_lr(self, index):
        return self._get_lrs([index])[0]

    def _get_wds(self, indices):
        """Weight decays of the weights `indices`: wd times each one's wd_mult."""
        return [self.wd * self._wd_mult_of(i) for i in indices]

    def _get_wd(self, index):
        return self._get_wds([index])[0]

    # ---- states -----------------------------------------------------------------------------------------
    def create_state(self, index, weight):
        """Creates the auxiliary state (momentum, moments, ...) of a weight; called once per weight.

        Parameters
        ----------
        index : int
            The weight's unique index.
        weight : NDArray
            The weight.

        Returns
        -------
        The state (None, an NDArray or a tuple of them) that `update` receives.
        """

    def create_state_multi_precision(self, index, weight):
        """Creates the state of a weight, with a float32 master copy of the weight when `multi_precision`
        is on and the weight is float16."""
        if self.multi_precision and weight.dtype == np.float16:
            master = weight.astype(np.float32)
            if self._master_first:
                return (master, self.create_state(index, master))
            return (self.create_state(index, master), master)
        if weight.dtype == np.float16 and not self.multi_precision:
            warnings.warn("Accumulating with float16 in optimizer can lead to "
                          "poor accuracy or slow convergence. "
                          "Consider using multi_precision=True option of the "
                          + self._fp16_warning_name + "optimizer")
        return self.create_state(index, weight)

    # ---- updates ----------------------------------------------------------------------------------------
    def update(self, index, weight, grad, state):
        """Updates `weight` in place from `grad` and `state`.

        Parameters
        ----------
        index : int (or list of int)
            The weight's unique index, which selects its learning rate and weight decay multipliers.
        weight : NDArray (or list)
            The parameter to update.
        grad : NDArray (or list)
            The gradient of the objective with respect to `weight`.
        state : any (or list)
            The state `create_state` returned for this weight.
        """
        if type(self)._step is Optimizer._step:
            raise NotImplementedError()
        self._apply(*_listify(index, weight, grad, state), multi_precision=False)

    def update_multi_precision(self, index, weight, grad, state):
        """Updates `weight` like `update`; with `multi_precision` and a float16 weight, updates the float32
        master copy in the state and writes it back into `weight`."""
        if self._fused_mp():
            indices, weights, grads, states = _listify(index, weight, grad, state)
            self._apply(indices, weights, grads, states, self._use_multi_precision(weights[0], states[0]))
            return
        if self.multi_precision and weight.dtype == np.float16:
            master, inner = (state[0], state[1]) if self._master_first else (state[1], state[0])
            self.update(index, master, grad.astype(np.float32), inner)
            with torch.no_grad():
                weight._t.copy_(master._t)
        else:
            self.update(index, weight, grad, state)

    def _use_multi_precision(self, weight, state):
        return bool(self.multi_precision) and weight.dtype == np.float16

    # ---- the fused path of built-in optimizers ---------------------------------------------------------
    def _step(self, weights, grads, states, lrs, wds, counts, indices):
        """Updates lists of tensors in place (weights, grads: torch tensors; states as create_state made
        them; lrs, wds: floats; counts: the update count t of each weight). Defined by built-in optimizers."""
        raise NotImplementedError()

    @classmethod
    def _fused_mp(cls):
        """Whether update_multi_precision can run _step directly (MXNet's call path would not reach a
        user-overridden update/update_multi_precision)."""
        return (cls._step is not Optimizer._step
                and cls.update_multi_precision is Optimizer.update_multi_precision
                and (cls.update is Optimizer.update or not cls._mp_calls_update))

    def _schedule(self, indices, chunk=None):
        """Counts the updates of `indices` and returns (lrs, wds, counts) as MXNet's optimizer would read
        them: index by index, or (SGD-like optimizers) `chunk` indices at a time."""
        cls = type(self)
        if not (cls._get_lrs is Optimizer._get_lrs and cls._get_lr is Optimizer._get_lr
                and cls._get_wds is Optimizer._get_wds and cls._get_wd is Optimizer._get_wd
                and cls._update_count is Optimizer._update_count):
            return self._schedule_slow(indices, chunk)
        counts = self._index_update_count
        sched = self.lr_scheduler
        size = (chunk or len(indices)) if self._count_chunks else 1
        lrs, wds, ts = [], [], []
        for start in range(0, len(indices), size):
            part = indices[start:start + size]
            for i in part:
                c = counts.get(i, self.begin_num_update) + 1
                counts[i] = c
                if c > self.num_update:
                    self.num_update = c
                ts.append(c)
            # a scheduler depends only on num_update (it may keep state, but asking twice is harmless)
            lr = sched(self.num_update) if sched is not None else self.lr
            for i in part:
                lrs.append(lr * self._lr_mult_of(i))
                wds.append(self.wd * self._wd_mult_of(i))
        return lrs, wds, ts

    def _schedule_slow(self, indices, chunk):
        size = (chunk or len(indices)) if self._count_chunks else 1
        lrs, wds, ts = [], [], []
        for start in range(0, len(indices), size):
            part = indices[start:start + size]
            self._update_count(part)
            lrs.extend(self._get_lrs(part))
            wds.extend(self._get_wds(part))
            ts.extend(self._index_update_count[i] for i in part)
        return lrs, wds, ts

    def _apply(self, indices, weights, grads, states, multi_precision, chunk=None):
        """One update of several weights: checks, counts, then _step on their tensors."""
        for w, g in zip(weights, grads):
            if not isinstance(w, NDArray) or not isinstance(g, NDArray):
                raise AssertionError('{}.update: weight and grad must be NDArrays, got {} and {}'.format(
                    type(self).__name__, type(w).__name__, type(g).__name__))
            if w._t.shape != g._t.shape:
                raise MXNetError('{}.update: weight shape {} and grad shape {} differ'.format(
                    type(self).__name__, tuple(w._t.shape), tuple(g._t.shape)))
        if not weights:
            return
        lrs, wds, ts = self._schedule(indices, chunk)
        with torch.no_grad():
            if multi_precision:
                if self._master_first:
                    masters, inner = [s[0] for s in states], [s[1] for s in states]
                else:
                    masters, inner = [s[1] for s in states], [s[0] for s in states]
                master_ts = _tensors(masters)
                self._step(master_ts, [g._t.float() for g in grads], inner, lrs, wds, ts, indices)
                torch._foreach_copy_(_tensors(weights), master_ts)
            else:
                self._step(_tensors(weights), _tensors(grads), states, lrs, wds, ts, indices)

    # ---- pickling ---------------------------------------------------------------------------------------
    def __getstate__(self):
        state = self.__dict__.copy()
        # the Parameters are not saved: the Trainer sets param_dict again after loading
        state.pop('param_dict', None)
        return state

    def __setstate__(self, state):
        self.__dict__ = state
        self.param_dict = {}


register = Optimizer.register  # pylint: disable=invalid-name
create = Optimizer.create_optimizer  # pylint: disable=invalid-name


@register
class Test(Optimizer):
    """A test optimizer: ``weight += rescale_grad * grad``, and the state keeps a copy of the weight."""

    def __init__(self, **kwargs):
        super(Test, self).__init__(**kwargs)

    def create_state(self, index, weight):
        return _zeros_like(weight, torch.float32)

    def update(self, index, weight, grad, state):
        with torch.no_grad():
            weight._t.add_(grad._t * self.rescale_grad)
            state._t.copy_(weight._t)
