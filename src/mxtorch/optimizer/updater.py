"""Updater: applies an optimizer to indexed weights and keeps their states (what KVStore and
gluon.Trainer call). ``get_states``/``set_states`` pickle the states (and optionally the optimizer) as
MXNet does; a states file MXNet wrote (class paths ``mxnet.*``) loads too, when its arrays can be read."""
import io
import pickle

from ..base import py_str
from ..ndarray.ndarray import NDArray, _empty_for_pickle

__all__ = ['Updater', 'get_updater']


def _pickled_ndarray(*_):
    """An empty NDArray that MXNet's pickled state (``NDArray(None)`` then __setstate__) fills."""
    return _empty_for_pickle()


class _Unpickler(pickle.Unpickler):
    """Reads pickles written by MXNet: classes under ``mxnet.`` are looked up under ``mxtorch.``
    (optimizers at any ``mxnet.optimizer.*`` path are found in mxtorch.optimizer)."""

    def find_class(self, module, name):
        if name == 'NDArray' and module in ('mxnet.ndarray.ndarray', 'mxnet.ndarray'):
            return _pickled_ndarray
        if module == 'mxnet' or module.startswith('mxnet.'):
            if module.startswith('mxnet.optimizer'):
                module = 'mxtorch.optimizer'
            else:
                module = 'mxtorch' + module[len('mxnet'):]
        return super(_Unpickler, self).find_class(module, name)


def _loads(data):
    return _Unpickler(io.BytesIO(data)).load()


class Updater(object):
    """Applies `optimizer` to weights identified by an index, creating each weight's state at its first
    update.

    Call it as ``updater(index, grad, weight)``, with one index/array or lists of them.
    """

    def __init__(self, optimizer):
        self.optimizer = optimizer
        self.states = {}
        self.states_synced = {}
        self.aggregate_updates = optimizer.aggregate_num > 0

    def __call__(self, index, grad, weight):
        """Updates `weight` (one NDArray or a list) from `grad` with the optimizer."""
        if not isinstance(index, (list, tuple)):
            indices, grads, weights = [index], [grad], [weight]
        else:
            indices, grads, weights = list(index), list(grad), list(weight)
        if len(grads) != len(indices) or len(weights) != len(indices):
            raise ValueError('Updater: got {} indices, {} gradients and {} weights'.format(
                len(indices), len(grads), len(weights)))
        opt = self.optimizer
        if weights:
            opt._set_current_context(weights[0].context.device_id)
        states = self.states
        for i, idx in enumerate(indices):
            if isinstance(idx, bytes):
                idx = indices[i] = py_str(idx)
            if idx not in states:
                states[idx] = opt.create_state_multi_precision(idx, weights[i])
                self.states_synced[idx] = True
            elif not self.states_synced[idx]:
                states[idx] = self.sync_state_context(states[idx], weights[i].context)
                self.states_synced[idx] = True
        if type(opt)._fused_mp():
            # one fused update per dtype group: MXNet groups by dtype before aggregating, and otherwise
            # goes index by index (so runs of one dtype keep that order)
            groups = self._by_dtype(indices, weights, grads, not self.aggregate_updates)
            for idx, ws, gs in groups:
                ss = [states[i] for i in idx]
                opt._apply(idx, ws, gs, ss, opt._use_multi_precision(ws[0], ss[0]),
                           chunk=opt.aggregate_num if self.aggregate_updates else None)
        elif self.aggregate_updates:
            n = opt.aggregate_num
            for idx, ws, gs in self._by_dtype(indices, weights, grads):
                for s in range(0, len(idx), n):
                    opt.update_multi_precision(idx[s:s + n], ws[s:s + n], gs[s:s + n],
                                               [states[i] for i in idx[s:s + n]])
        else:
            for i, w, g in zip(indices, weights, grads):
                opt.update_multi_precision(i, w, g, states[i])

    @staticmethod
    def _by_dtype(indices, weights, grads, runs=False):
        """(indices, weights, grads) per weight dtype; with `runs`, per run of consecutive equal dtypes."""
        first = weights[0]._t.dtype if weights else None
        if all(w._t.dtype is first for w in weights):
            return [(indices, weights, grads)] if weights else []
        groups, order, last = {}, [], None
        for i, w, g in zip(indices, weights, grads):
            dt = w._t.dtype
            if runs:
                if dt is not last:
                    order.append(([], [], []))
                    last = dt
                group = order[-1]
            else:
                group = groups.get(dt)
                if group is None:
                    group = groups[dt] = ([], [], [])
                    order.append(group)
            group[0].append(i)
            group[1].append(w)
            group[2].append(g)
        return order

    def sync_state_context(self, state, context):
        """The state with its arrays moved to `context` (after set_states)."""
        if isinstance(state, NDArray):
            return state.as_in_context(context)
        if isinstance(state, (tuple, list)):
            synced = [self.sync_state_context(s, context) for s in state]
            return tuple(synced) if isinstance(state, tuple) else synced
        return state

    def set_states(self, states):
        """Sets the states (and the optimizer, if it was saved with them) from `get_states`' bytes."""
        states = _loads(states)
        if isinstance(states, tuple) and len(states) == 2:
            self.states, self.optimizer = states
        else:
            self.states = states
        self.states_synced = dict.fromkeys(self.states.keys(), False)

    def get_states(self, dump_optimizer=False):
        """The states pickled into bytes; with `dump_optimizer` the optimizer too (its learning rate,
        schedule, update counts, ...)."""
        return pickle.dumps((self.states, self.optimizer) if dump_optimizer else self.states)


def get_updater(optimizer):
    """An `Updater` applying `optimizer` (what KVStore calls on pushed gradients)."""
    return Updater(optimizer)

