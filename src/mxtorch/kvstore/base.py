"""The interface every key-value store follows, the store used by tests, `create`, and the helpers that
read the key and value arguments of init/push/pull."""
import warnings

import numpy as np

from ..base import string_types
from ..ndarray.ndarray import NDArray

__all__ = ['create', 'KVStoreBase', 'TestStore']


# ---- arguments ------------------------------------------------------------------------------------------
def _arrays(value):
    """An NDArray or a list of NDArrays, as a list."""
    if isinstance(value, NDArray):
        return [value]
    if isinstance(value, (list, tuple)) and all(isinstance(v, NDArray) for v in value):
        return list(value)
    raise TypeError('kvstore values must be NDArrays or lists of NDArrays, got {!r}'.format(type(value).__name__))


def _pairs(keys, values, what='values'):
    """[(key, [NDArray, ...])] from the key and value arguments of init/push/pull: one key with an array or
    a list of arrays, or a list of keys with a list of such values. Keys are all int or all str."""
    if not isinstance(keys, (tuple, list)):
        if not isinstance(keys, (int, np.integer) + string_types):
            raise AssertionError("unexpected type for keys: " + str(type(keys)))
        return [(keys if isinstance(keys, string_types) else int(keys), _arrays(values))]
    if not (isinstance(values, (tuple, list)) and len(values) == len(keys)):
        given = 'no' if values is None else len(values) if isinstance(values, (tuple, list)) else 1
        raise AssertionError('kvstore: {} keys but {} {}'.format(len(keys), given, what))
    pairs = [p for k, v in zip(keys, values) for p in _pairs(k, v, what)]
    if len({isinstance(k, string_types) for k, _ in pairs}) > 1:
        raise AssertionError("inconsistent types of keys detected.")
    return pairs


def _outputs(out):
    return out if isinstance(out, list) else [out]


def _check_capability(capability):
    if capability.lower() != KVStoreBase.OPTIMIZER:
        raise ValueError('Unknown capability: {}'.format(capability))


class KVStoreBase(object):
    """The interface of a key-value store for data-parallel training; `register` makes a subclass available
    to `create` under its lower-cased class name."""

    OPTIMIZER = 'optimizer'
    kv_registry = {}

    def broadcast(self, key, value, out, priority=0):
        """Stores `value` under `key` and copies it into `out` (an NDArray or a list)."""
        raise NotImplementedError()

    def pushpull(self, key, value, out=None, priority=0):
        """Sums the values of each key and writes the result into `out` (into `value` when out is None)."""
        raise NotImplementedError()

    def set_optimizer(self, optimizer):
        """Makes pushes update the stored arrays with `optimizer`."""
        raise NotImplementedError()

    def is_capable(self, capability):
        """Whether the store can do `capability` (such as ``KVStoreBase.OPTIMIZER``)."""
        raise NotImplementedError()

    def save_optimizer_states(self, fname, dump_optimizer=False):
        """Writes the optimizer's states (with `dump_optimizer`, the optimizer as well) to file `fname`."""
        raise NotImplementedError()

    def load_optimizer_states(self, fname):
        """Reads optimizer states written by `save_optimizer_states`."""
        raise NotImplementedError()

    @property
    def type(self):
        """The name of the store's kind."""
        raise NotImplementedError()

    @property
    def rank(self):
        """This worker's number among `num_workers`."""
        raise NotImplementedError()

    @property
    def num_workers(self):
        """How many workers share the store."""
        raise NotImplementedError()

    @staticmethod
    def register(klass):
        """Class decorator: `create` then makes `klass` from its lower-cased name."""
        if not isinstance(klass, type):
            raise AssertionError('KVStoreBase.register takes a class, got {!r}'.format(klass))
        registry, name = KVStoreBase.kv_registry, klass.__name__.lower()
        old = registry.get(name)
        if old is not None:
            warnings.warn('WARNING: New kvstore %s.%s is overriding existing kvstore %s.%s' % (
                klass.__module__, klass.__name__, old.__module__, old.__name__))
        registry[name] = klass
        return klass


@KVStoreBase.register
class TestStore(KVStoreBase):
    """A store for tests: sums on pushpull, copies on broadcast, and cannot run an optimizer."""

    def broadcast(self, key, value, out, priority=0):
        for o in _outputs(out):
            o[:] = value

    def pushpull(self, key, value, out=None, priority=0):
        if isinstance(value, NDArray):
            total, targets = value, [] if out is None else _outputs(out)
        else:
            home = value[0].context
            total = sum([v.as_in_context(home) for v in value])
            targets = value if out is None else _outputs(out)
        for o in targets:
            o[:] = total

    @staticmethod
    def is_capable(capability):
        _check_capability(capability)
        return False

    @property
    def type(self):
        return 'teststore'

    @property
    def rank(self):
        return 0

    @property
    def num_workers(self):
        return 1

    def set_optimizer(self, optimizer):
        raise NotImplementedError()

    def save_optimizer_states(self, fname, dump_optimizer=False):
        raise NotImplementedError()

    def load_optimizer_states(self, fname):
        raise NotImplementedError()


# the built-in kinds, filled in by kvstore.py (one process) and dist.py (several): (test, factory), tried
# in order after the registry
_BUILTIN = []


def create(name='local'):
    """A new key-value store.

    Parameters
    ----------
    name : str
        One process: 'local' (arrays kept in CPU memory) or 'device'/'nccl' (kept on the devices). Several
        processes (started by ``mxtorch launch``, MXNet's tools/launch.py or torchrun): 'dist_sync' and
        'dist_device_sync' (the workers' values are summed before every update, which all workers then
        share), 'dist_async' (servers update on each worker's push as it arrives) and 'horovod' (sums
        only, no optimizer). Or the name of a registered KVStoreBase subclass such as 'teststore'.

    Returns
    -------
    KVStoreBase
    """
    if not isinstance(name, string_types):
        raise TypeError('name must be a string')
    kind = name.lower()
    registered = KVStoreBase.kv_registry.get(kind)
    if registered is not None:
        return registered()
    for applies, factory in _BUILTIN:
        if applies(kind):
            return factory(kind)
    raise RuntimeError('no kvstore kind matches {!r}'.format(kind))  # kvstore.py takes every other name
