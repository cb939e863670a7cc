"""The Updater: an optimizer together with the state of each weight it updates, by index. KVStore and
gluon.Trainer update through one. Its states pickle as MXNet's do (``get_states``/``set_states``), and a
states blob written by MXNet itself (class paths under ``mxnet.``) loads too."""
import io
import pickle

from ..base import py_str
from ..ndarray.ndarray import NDArray, _empty_for_pickle

__all__ = ['Updater', 'get_updater']


def _pickled_ndarray(*_):
    """Stands in for MXNet's NDArray class in its pickles (``NDArray(None)``, then __setstate__ fills it)."""
    return _empty_for_pickle()


class _Unpickler(pickle.Unpickler):
    """Unpickles MXNet's states: what lives under ``mxnet.`` is looked up under ``mxtorch.``, and MXNet's
    optimizers wherever its ``mxnet.optimizer.*`` path put them."""

    def find_class(self, module, name):
        if name == 'NDArray' and module in ('mxnet.ndarray.ndarray', 'mxnet.ndarray'):
            return _pickled_ndarray
        if module.startswith('mxnet.optimizer'):
            module = 'mxtorch.optimizer'
        elif module == 'mxnet' or module.startswith('mxnet.'):
            module = 'mxtorch' + module[len('mxnet'):]
        return super().find_class(module, name)


def _to_context(state, context):
    """`state` with its NDArrays (also inside tuples and lists) on `context`."""
    if isinstance(state, NDArray):
        return state.as_in_context(context)
    if isinstance(state, (tuple, list)):
        moved = [_to_context(s, context) for s in state]
        return tuple(moved) if isinstance(state, tuple) else moved
    return state


class Updater(object):
    """Applies `optimizer` to weights known by an index, making each weight's state at its first update.

    Call it as ``updater(index, grad, weight)``, with one index and two arrays, or three lists.
    """

    def __init__(self, optimizer):
        self.optimizer = optimizer
        self.states = {}          # index -> the optimizer's state of that weight
        self.states_synced = {}   # index -> False while a loaded state may sit on another context
        # whether the optimizer takes lists of weights (decided once, as MXNet does)
        self.aggregate_updates = optimizer.aggregate_num > 0

    def __call__(self, index, grad, weight):
        """Updates `weight` (an NDArray or a list) in place from `grad`."""
        if isinstance(index, (list, tuple)):
            indices, grads, weights = list(index), list(grad), list(weight)
        else:
            indices, grads, weights = [index], [grad], [weight]
        if not len(indices) == len(grads) == len(weights):
            raise ValueError('Updater: got {} indices, {} gradients and {} weights'.format(
                len(indices), len(grads), len(weights)))
        opt = self.optimizer
        if weights:
            opt._set_current_context(weights[0].context.device_id)
        # a kvstore hands str keys over as bytes
        indices = [py_str(i) if isinstance(i, bytes) else i for i in indices]
        self._prepare_states(indices, weights)
        states = self.states
        if type(opt)._fused_mp():
            # one fused update per dtype; MXNet groups by dtype when it aggregates, and otherwise goes index
            # by index (so only runs of one dtype may be fused)
            for idx, ws, gs in self._by_dtype(indices, weights, grads, runs=not self.aggregate_updates):
                ss = [states[i] for i in idx]
                opt._apply(idx, ws, gs, ss, opt._use_multi_precision(ws[0], ss[0]),
                           chunk=opt.aggregate_num if self.aggregate_updates else None)
        elif self.aggregate_updates:
            n = opt.aggregate_num
            for idx, ws, gs in self._by_dtype(indices, weights, grads):
                for s in range(0, len(idx), n):
                    part = slice(s, s + n)
                    opt.update_multi_precision(idx[part], ws[part], gs[part], [states[i] for i in idx[part]])
        else:
            for i, w, g in zip(indices, weights, grads):
                opt.update_multi_precision(i, w, g, states[i])

    def _prepare_states(self, indices, weights):
        """Makes the missing states, and moves loaded ones to their weight's context."""
        for i, w in zip(indices, weights):
            if i not in self.states:
                self.states[i] = self.optimizer.create_state_multi_precision(i, w)
            elif not self.states_synced[i]:
                self.states[i] = _to_context(self.states[i], w.context)
            else:
                continue
            self.states_synced[i] = True

    @staticmethod
    def _by_dtype(indices, weights, grads, runs=False):
        """[(indices, weights, grads)] per weight dtype, in order of first appearance; with `runs`, one
        group per run of consecutive weights of one dtype."""
        if not weights:
            return []
        first = weights[0]._t.dtype
        if all(w._t.dtype is first for w in weights):
            return [(indices, weights, grads)]
        groups, by_dtype, last = [], {}, None
        for i, w, g in zip(indices, weights, grads):
            dt = w._t.dtype
            if runs:
                if dt is not last:
                    groups.append(([], [], []))
                group = groups[-1]
            else:
                group = by_dtype.get(dt)
                if group is None:
                    group = by_dtype[dt] = ([], [], [])
                    groups.append(group)
            last = dt
            group[0].append(i)
            group[1].append(w)
            group[2].append(g)
        return groups

    def sync_state_context(self, state, context):
        """`state` with its arrays on `context`."""
        return _to_context(state, context)

    def set_states(self, states):
        """Loads states from `get_states`' bytes; when they hold an optimizer too, it replaces this one."""
        loaded = _Unpickler(io.BytesIO(states)).load()
        if isinstance(loaded, tuple) and len(loaded) == 2:
            loaded, self.optimizer = loaded
        self.states = loaded
        self.states_synced = dict.fromkeys(loaded, False)

    def get_states(self, dump_optimizer=False):
        """The states, pickled; with `dump_optimizer`, together with the optimizer (its rate, schedule,
        update counts...)."""
        return pickle.dumps((self.states, self.optimizer) if dump_optimizer else self.states)


def get_updater(optimizer):
    """An `Updater` of `optimizer` (what a KVStore runs on pushed gradients)."""
    return Updater(optimizer)
