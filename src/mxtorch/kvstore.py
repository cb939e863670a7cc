"""Key-value stores of one process (mx.kv, mx.kvstore).

A store keeps one array per key. ``push`` adds up the values given for a key (typically one gradient per
device); with an optimizer set, the sum updates the stored array, otherwise it replaces it. ``pull`` copies
the stored array into the arrays given. gluon.Trainer sums gradients over its contexts this way, and with
``update_on_kvstore`` updates each weight once, in the store, for all contexts.

'local' keeps its arrays in pinned CPU memory (context cpu_pinned(0)), as MXNet's does; 'device' and
'nccl' keep each on the device of the first array it was initialized from. Stores named 'dist_*' need
several processes and are not available.
"""
import os
import warnings

import numpy as np
import torch

from ._fileio import write_atomically
from .base import MXNetError, string_types
from .context import cpu_pinned
from .ndarray.ndarray import NDArray, _wrap_like
from . import optimizer as opt

__all__ = ['create', 'KVStoreBase', 'KVStore', 'TestStore']


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
        if capability.lower() != KVStoreBase.OPTIMIZER:
            raise ValueError('Unknown capability: {}'.format(capability))
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


class KVStore(KVStoreBase):
    """The store of one process ('local', 'device', ...); `create` makes one.

    Parameters
    ----------
    name : str
        The kind of store.
    """

    def __init__(self, name='local'):
        self._type = name
        self._store = {}          # key -> NDArray
        self._key_is_str = None   # the kind of keys, fixed by the first init
        self._updater = None      # updater(key, summed value, stored array), see set_optimizer
        self._compression = None  # the 2-bit threshold, when compression is on
        self._residuals = {}      # (key, value position) -> what compression has not sent yet
        self._on_cpu = 'device' not in name and 'nccl' not in name

    # ---- keys and values ------------------------------------------------------------------------------
    def _key_kind(self, pairs):
        """Whether the keys of `pairs` are str, checked against the store's kind of keys."""
        if not pairs:
            return None
        is_str = isinstance(pairs[0][0], string_types)
        if self._key_is_str is not None and self._key_is_str != is_str:
            raise MXNetError('Check failed: key_type_ == key_type: Mixed key types are not allowed '
                             '(this store uses {} keys)'.format('str' if self._key_is_str else 'int'))
        return is_str

    def _stored(self, key):
        if key not in self._store:
            raise MXNetError('key {} has not been inited'.format(key))
        return self._store[key]

    def _check_shapes(self, pairs, verb):
        for k, arrays in pairs:
            held = self._stored(k).shape
            for a in arrays:
                if a.shape != held:
                    raise MXNetError(verb.format(key=k, held=held, given=a.shape))

    def init(self, key, value):
        """Stores a first value for a key (or for each key of a list); a key is initialized once.

        Parameters
        ----------
        key : int, str, or a list of them
        value : NDArray, or a list (one per key)
            Copied into the store.
        """
        pairs = _pairs(key, value)
        is_str = self._key_kind(pairs)
        # every array counts as one init of its key (as MXNet's flattened key list does)
        seen = set(self._store)
        for k in (k for k, arrays in pairs for _ in arrays):
            if k in seen:
                raise MXNetError('duplicate init of key {}. Please double check if you called kv.init '
                                 'or kv.broadcast with this key multiple times'.format(k))
            seen.add(k)
        for k, arrays in pairs:
            first = arrays[0]
            self._store[k] = first.copyto(cpu_pinned(0)) if self._on_cpu else first.copy()
        if pairs:
            self._key_is_str = is_str

    def _sum(self, key, arrays, held):
        """The sum of `arrays` as a tensor on the stored array's device (through 2-bit compression when it
        is on); may be the single pushed tensor itself."""
        dev = held._t.device
        if self._compression is not None:
            return self._quantized_sum(key, arrays, held)
        if len(arrays) == 1:
            t = arrays[0]._t
            return t if t.device == dev else t.to(dev)
        total = arrays[0]._t.to(dev, copy=True)
        for a in arrays[1:]:
            total.add_(a._t.to(dev))
        return total

    def _quantized_sum(self, key, arrays, held):
        """2-bit compression: each value joins its residual; +threshold, -threshold or 0 is sent where the
        residual reaches +-threshold, and the rest stays for the next push."""
        threshold = self._compression
        total = torch.zeros_like(held._t)
        for pos, a in enumerate(arrays):
            residual = self._residuals.get((key, pos))
            if residual is None:
                residual = self._residuals[(key, pos)] = torch.zeros_like(a._t, dtype=torch.float32)
            residual.add_(a._t)
            sent = torch.where(residual >= threshold, threshold, torch.where(residual <= -threshold, -threshold, 0.0))
            residual.sub_(sent)
            total.add_(sent.to(total.device, total.dtype))
        return total

    def push(self, key, value, priority=0):
        """Adds up the values of each key; the sum goes through the optimizer into the stored array (see
        `set_optimizer`) or replaces it.

        Parameters
        ----------
        key : int, str, or a list of them
        value : NDArray, a list of NDArrays (summed), or a list of those (one per key)
        priority : int, optional
            Accepted for compatibility: operations run in the order called.
        """
        pairs = _pairs(key, value)
        self._key_kind(pairs)
        self._check_shapes(pairs, 'kvstore push: key {key} holds shape {held} but a value of shape {given} '
                                  'was pushed')
        with torch.no_grad():
            for k, arrays in pairs:
                held = self._store[k]
                total = self._sum(k, arrays, held)
                if self._updater is not None:
                    # MXNet's updater receives str keys as bytes
                    self._updater(k.encode() if isinstance(k, str) else k, _wrap_like(total, held), held)
                elif total is not held._t:
                    held._t.copy_(total)

    def pull(self, key, out=None, priority=0, ignore_sparse=True):
        """Copies the stored value of each key into its output arrays.

        Parameters
        ----------
        key : int, str, or a list of them
        out : NDArray, a list of NDArrays (each gets the value), or a list of those (one per key)
        priority : int, optional
            Accepted for compatibility.
        ignore_sparse : bool, optional
            Accepted for compatibility (all arrays are dense).
        """
        if out is None:
            raise AssertionError('KVStore.pull needs the arrays to pull into: out=')
        pairs = _pairs(key, out, 'outputs')
        self._key_kind(pairs)
        self._check_shapes(pairs, 'operands shape mismatch: kvstore key {key} holds shape {held}, pulled into '
                                  'shape {given}')
        with torch.no_grad():
            for k, outs in pairs:
                src = self._store[k]._t
                for o in outs:
                    o._t.copy_(src)

    def pushpull(self, key, value, out=None, priority=0):
        """`push` of `value`, then `pull` into `out` (into `value` itself when out is None)."""
        self.push(key, value, priority)
        self.pull(key, value if out is None else out, priority)

    def broadcast(self, key, value, out, priority=0):
        """`init` of `key` with `value`, then `pull` into `out`."""
        self.init(key, value)
        self.pull(key, out, priority)

    def row_sparse_pull(self, key, out=None, priority=0, row_ids=None):
        """Pulls chosen rows of row_sparse values; mxtorch stores every array densely, so this raises."""
        raise MXNetError('row_sparse_pull: mxtorch stores arrays densely (no row_sparse storage); use pull()')

    # ---- optimizer and compression --------------------------------------------------------------------
    def is_capable(self, capability):
        if capability.lower() != KVStoreBase.OPTIMIZER:
            raise ValueError('Unknown capability: {}'.format(capability))
        return True

    def set_gradient_compression(self, compression_params):
        """Turns on 2-bit compression of pushed values (for 'device' stores): ``{'type': '2bit',
        'threshold': t}`` (t defaults to 0.5). Each value is added to a residual kept per key and position;
        what is summed is +t, -t or 0 wherever the residual reaches +-t, and the rest is carried over."""
        if 'device' not in self.type and 'dist' not in self.type:
            raise Exception('Gradient compression is not supported for this type of kvstore')
        if not (isinstance(compression_params, dict) and 'type' in compression_params):
            raise ValueError("compression_params must be a dict with a 'type' key, got {!r}".format(
                compression_params))
        kind = compression_params['type']
        if kind != '2bit':
            raise MXNetError('Unknown type for gradient compression {}'.format(kind))
        threshold = float(compression_params.get('threshold', 0.5))
        if not threshold > 0:
            raise MXNetError('threshold must be greater than 0, got {}'.format(threshold))
        self._compression, self._residuals = threshold, {}

    def set_optimizer(self, optimizer):
        """Makes every push update the stored arrays with `optimizer` (through an Updater)."""
        self._set_updater(opt.get_updater(optimizer))

    def _set_updater(self, updater):
        """Makes push call ``updater(key, summed_value, stored_array)`` instead of replacing the array."""
        self._updater = updater

    def _need_updater(self, verb):
        if self._updater is None:
            # (MXNet's words, from where only distributed stores lack an updater)
            raise AssertionError('Cannot {} states for distributed training: this store has no optimizer '
                                 '(see set_optimizer)'.format(verb))
        return self._updater

    def save_optimizer_states(self, fname, dump_optimizer=False):
        """Writes the optimizer's states (with `dump_optimizer`, the optimizer too) to file `fname`."""
        blob = self._need_updater('save').get_states(dump_optimizer)
        write_atomically(fname, [blob], 'KVStore.save_optimizer_states')

    def load_optimizer_states(self, fname):
        """Reads the optimizer's states from file `fname`."""
        updater = self._need_updater('load')
        with open(fname, 'rb') as f:
            updater.set_states(f.read())

    def _barrier(self):
        """A barrier among workers; one process has nobody to wait for."""

    def _send_command_to_servers(self, head, body):
        """A command to the server nodes; one process has none."""

    @property
    def type(self):
        return self._type

    @property
    def rank(self):
        return 0

    @property
    def num_workers(self):
        return 1


def create(name='local'):
    """A new key-value store.

    Parameters
    ----------
    name : str
        'local' (arrays kept in CPU memory), 'device' or 'nccl' (kept on the devices), or the name of a
        registered KVStoreBase subclass such as 'teststore'. The distributed kinds ('dist_*') need several
        processes and are not available.

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
    if kind.startswith('dist'):
        raise MXNetError("kvstore '{}': mxtorch runs in one process; distributed kvstores are not available"
                         .format(kind))
    return KVStore(kind)


def _create_kvstore(kvstore, num_device, arg_params):
    """(store or None, update_on_kvstore) for training on `num_device` devices, decided as MXNet's model
    module does: no store for one device; updates on the store unless MXNET_UPDATE_ON_KVSTORE=0, the store
    cannot run an optimizer, or a 'local' store would update a weight of more than 16M elements on the CPU."""
    on_store = bool(int(os.getenv('MXNET_UPDATE_ON_KVSTORE', '1')))
    if kvstore is None or isinstance(kvstore, KVStoreBase):
        kv = kvstore
    elif not isinstance(kvstore, str):
        raise TypeError('kvstore must be KVStore, str or None')
    elif num_device == 1 and 'dist' not in kvstore:
        kv = None
    else:
        kv = create(kvstore)
        if kvstore == 'local' and max(int(np.prod(a.shape)) for a in arg_params.values()) > 1 << 24:
            on_store = False
    if kv is None:
        return None, False
    capable = kv.is_capable(KVStoreBase.OPTIMIZER)
    return kv, bool(on_store and capable)
