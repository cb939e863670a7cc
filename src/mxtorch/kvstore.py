"""Key-value stores (mx.kv / mx.kvstore) for a single process.

A KVStore holds one array per key. ``push`` sums the values pushed for a key (one per device, say) and,
when an optimizer is set, lets it update the stored array with that sum; otherwise the sum replaces the
stored array. ``pull`` copies the stored array out. This is what gluon.Trainer uses to sum gradients over
several contexts and, with ``update_on_kvstore``, to update weights once for all of them.

``mx.kv.create('local')`` keeps the stored arrays in (pinned) CPU memory, context cpu_pinned(0), like MXNet's
'local'; 'device' (and 'nccl')
keep them on the device of the first array given for the key. Distributed stores ('dist_*') need several
processes and are not available.
"""
import os
import warnings

import numpy as np
import torch

from .base import MXNetError, string_types
from .context import cpu_pinned
from .ndarray.ndarray import NDArray, _wrap_like
from . import optimizer as opt

__all__ = ['create', 'KVStoreBase', 'KVStore', 'TestStore']


def _as_value_list(value):
    if isinstance(value, NDArray):
        return [value]
    if isinstance(value, (list, tuple)) and all(isinstance(v, NDArray) for v in value):
        return list(value)
    raise TypeError('kvstore values must be NDArrays or lists of NDArrays, got {!r}'.format(type(value).__name__))


def _key_values(keys, values, what='values'):
    """[(key, [NDArray, ...]), ...] from MXNet's key/value arguments (a key and an array or list of arrays,
    or lists of keys and of values); keys must be all int or all str."""
    if isinstance(keys, (tuple, list)):
        if values is None or not isinstance(values, (tuple, list)) or len(keys) != len(values):
            raise AssertionError('kvstore: {} keys but {} {}'.format(
                len(keys), 'no' if values is None else len(values) if isinstance(values, (tuple, list)) else 1,
                what))
        pairs = []
        for k, v in zip(keys, values):
            pairs.extend(_key_values(k, v, what))
        if len({isinstance(k, string_types) for k, _ in pairs}) > 1:
            raise AssertionError("inconsistent types of keys detected.")
        return pairs
    if not isinstance(keys, (int, np.integer) + string_types):
        raise AssertionError("unexpected type for keys: " + str(type(keys)))
    return [(keys if isinstance(keys, string_types) else int(keys), _as_value_list(values))]


class KVStoreBase(object):
    """The interface of key-value stores for data-parallel training."""

    OPTIMIZER = 'optimizer'
    kv_registry = {}

    def broadcast(self, key, value, out, priority=0):
        """Broadcasts `value` (from rank 0) and stores it in `out` (an NDArray or a list)."""
        raise NotImplementedError()

    def pushpull(self, key, value, out=None, priority=0):
        """Sums the values pushed for each key and writes the result into `out` (or into `value`)."""
        raise NotImplementedError()

    def set_optimizer(self, optimizer):
        """Registers an optimizer: pushed values then update the stored weights."""
        raise NotImplementedError()

    def is_capable(self, capability):
        """Whether the store supports `capability` (e.g. KVStoreBase.OPTIMIZER)."""
        raise NotImplementedError()

    def save_optimizer_states(self, fname, dump_optimizer=False):
        """Saves the optimizer states (and the optimizer with `dump_optimizer`) to file `fname`."""
        raise NotImplementedError()

    def load_optimizer_states(self, fname):
        """Loads the optimizer states from file `fname`."""
        raise NotImplementedError()

    @property
    def type(self):
        """The store's type as a string."""
        raise NotImplementedError()

    @property
    def rank(self):
        """The rank of this worker, in [0, num_workers)."""
        raise NotImplementedError()

    @property
    def num_workers(self):
        """The number of workers."""
        raise NotImplementedError()

    @staticmethod
    def register(klass):
        """Registers a KVStore class under its lower-cased name, for `create`."""
        assert isinstance(klass, type), 'register expects a class'
        name = klass.__name__.lower()
        if name in KVStoreBase.kv_registry:
            old = KVStoreBase.kv_registry[name]
            warnings.warn('WARNING: New kvstore %s.%s is overriding existing kvstore %s.%s' % (
                klass.__module__, klass.__name__, old.__module__, old.__name__))
        KVStoreBase.kv_registry[name] = klass
        return klass


@KVStoreBase.register
class TestStore(KVStoreBase):
    """A store for testing: sums on pushpull, copies on broadcast, cannot hold an optimizer."""

    def broadcast(self, key, value, out, priority=0):
        out = out if isinstance(out, list) else [out]
        for o in out:
            o[:] = value

    def pushpull(self, key, value, out=None, priority=0):
        if isinstance(value, NDArray):
            if out is not None:
                for o in (out if isinstance(out, list) else [out]):
                    o[:] = value
            return
        ctx = value[0].context
        reduced = sum([v.as_in_context(ctx) for v in value])
        for o in (value if out is None else (out if isinstance(out, list) else [out])):
            o[:] = reduced

    @staticmethod
    def is_capable(capability):
        if capability.lower() == KVStoreBase.OPTIMIZER:
            return False
        raise ValueError('Unknown capability: {}'.format(capability))

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
    """A single-process key-value store ('local', 'device', ...); make one with `create`.

    Parameters
    ----------
    name : str
        The store's type.
    """

    def __init__(self, name='local'):
        self._type = name
        self._store = {}
        self._key_is_str = None
        self._updater = None
        self._compression = None
        self._residuals = {}
        self._on_cpu = 'device' not in name and 'nccl' not in name

    # ---- keys and values ------------------------------------------------------------------------------
    def _check_key_type(self, pairs):
        if not pairs:
            return
        is_str = isinstance(pairs[0][0], string_types)
        if self._key_is_str is not None and self._key_is_str != is_str:
            raise MXNetError('Check failed: key_type_ == key_type: Mixed key types are not allowed '
                             '(this store uses {} keys)'.format('str' if self._key_is_str else 'int'))
        return is_str

    def _stored(self, key):
        try:
            return self._store[key]
        except KeyError:
            raise MXNetError('key {} has not been inited'.format(key)) from None

    def init(self, key, value):
        """Initializes one key (or a list of keys) with a value (or list of values).

        Parameters
        ----------
        key : str, int, or sequence of str or int
            The keys.
        value : NDArray or sequence of NDArray
            The initial values, copied into the store.
        """
        pairs = _key_values(key, value)
        is_str = self._check_key_type(pairs)
        seen = set()
        for k, vals in pairs:
            for _ in vals:
                if k in self._store or k in seen:
                    raise MXNetError('duplicate init of key {}. Please double check if you called kv.init '
                                     'or kv.broadcast with this key multiple times'.format(k))
                seen.add(k)
        for k, vals in pairs:
            v = vals[0]
            self._store[k] = v.copyto(cpu_pinned(0)) if self._on_cpu else v.copy()
        if pairs:
            self._key_is_str = is_str

    def _reduce(self, key, vals, stored):
        dev = stored._t.device
        if self._compression is not None:
            threshold = self._compression
            merged = torch.zeros_like(stored._t)
            for i, v in enumerate(vals):
                res = self._residuals.get((key, i))
                if res is None:
                    res = self._residuals[(key, i)] = torch.zeros_like(v._t, dtype=torch.float32)
                res.add_(v._t)
                q = torch.where(res >= threshold, threshold, torch.where(res <= -threshold, -threshold, 0.0))
                res.sub_(q)
                merged.add_(q.to(dev, merged.dtype))
            return merged
        if len(vals) == 1:
            t = vals[0]._t
            return t if t.device == dev else t.to(dev)
        merged = vals[0]._t.to(dev, copy=True)
        for v in vals[1:]:
            merged.add_(v._t.to(dev))
        return merged

    def push(self, key, value, priority=0):
        """Pushes values: the values of each key are summed, then either update the stored array through
        the optimizer (see `set_optimizer`) or replace it.

        Parameters
        ----------
        key : str, int, or sequence of str or int
            Keys.
        value : NDArray, list of NDArray, or list of list of NDArray
            Values for the keys; several values for one key are summed.
        priority : int, optional
            Accepted for compatibility (operations run in order).
        """
        pairs = _key_values(key, value)
        self._check_key_type(pairs)
        for k, vals in pairs:
            stored = self._stored(k)
            for v in vals:
                if v.shape != stored.shape:
                    raise MXNetError('kvstore push: key {} holds shape {} but a value of shape {} was pushed'.format(
                        k, stored.shape, v.shape))
        with torch.no_grad():
            for k, vals in pairs:
                stored = self._stored(k)
                merged = self._reduce(k, vals, stored)
                if self._updater is not None:
                    ukey = k.encode() if isinstance(k, str) else k  # MXNet hands str keys over as bytes
                    self._updater(ukey, _wrap_like(merged, stored), stored)
                elif merged is not stored._t:
                    stored._t.copy_(merged)

    def pull(self, key, out=None, priority=0, ignore_sparse=True):
        """Copies the stored values into `out`.

        Parameters
        ----------
        key : str, int, or sequence of str or int
            Keys.
        out : NDArray, list of NDArray, or list of list of NDArray
            Arrays receiving the values (several arrays per key all receive it).
        priority : int, optional
            Accepted for compatibility.
        ignore_sparse : bool, optional
            Accepted for compatibility (mxtorch stores dense arrays only).
        """
        assert out is not None, 'kvstore pull needs out='
        pairs = _key_values(key, out, 'outputs')
        self._check_key_type(pairs)
        for k, outs in pairs:
            stored = self._stored(k)
            for o in outs:
                if o.shape != stored.shape:
                    raise MXNetError('operands shape mismatch: kvstore key {} holds shape {}, pulled into shape '
                                     '{}'.format(k, stored.shape, o.shape))
        with torch.no_grad():
            for k, outs in pairs:
                src = self._store[k]._t
                for o in outs:
                    o._t.copy_(src)

    def pushpull(self, key, value, out=None, priority=0):
        """Pushes `value` then pulls the result into `out` (into `value` when `out` is None)."""
        self.push(key, value, priority)
        self.pull(key, value if out is None else out, priority)

    def broadcast(self, key, value, out, priority=0):
        """Initializes `key` with `value` and pulls it into `out`."""
        self.init(key, value)
        self.pull(key, out, priority)

    def row_sparse_pull(self, key, out=None, priority=0, row_ids=None):
        """Pulls rows of row_sparse values. mxtorch has no row_sparse storage: this always raises."""
        raise MXNetError('row_sparse_pull: mxtorch stores arrays densely (no row_sparse storage); use pull()')

    # ---- optimizer ------------------------------------------------------------------------------------
    def is_capable(self, capability):
        if capability.lower() == KVStoreBase.OPTIMIZER:
            return True
        raise ValueError('Unknown capability: {}'.format(capability))

    def set_gradient_compression(self, compression_params):
        """Turns on 2-bit gradient compression: each pushed value is added to a residual, and only
        +threshold/-threshold/0 (where the residual reaches +-threshold) is summed, the rest carried over.

        Parameters
        ----------
        compression_params : dict
            ``{'type': '2bit', 'threshold': 0.5}`` ('threshold' defaults to 0.5).
        """
        if 'device' not in self.type and 'dist' not in self.type:
            raise Exception('Gradient compression is not supported for this type of kvstore')
        if not isinstance(compression_params, dict) or 'type' not in compression_params:
            raise ValueError("compression_params must be a dict with a 'type' key, got {!r}".format(
                compression_params))
        if compression_params['type'] != '2bit':
            raise MXNetError('Unknown type for gradient compression {}'.format(compression_params['type']))
        threshold = float(compression_params.get('threshold', 0.5))
        if not threshold > 0:
            raise MXNetError('threshold must be greater than 0, got {}'.format(threshold))
        self._compression = threshold
        self._residuals = {}

    def set_optimizer(self, optimizer):
        """Registers `optimizer`: pushed values then update the stored arrays with it."""
        self._set_updater(opt.get_updater(optimizer))

    def _set_updater(self, updater):
        """Sets a function ``updater(key, merged_value, stored_array)`` called by push."""
        self._updater = updater

    def save_optimizer_states(self, fname, dump_optimizer=False):
        assert self._updater is not None, "Cannot save states for distributed training"
        with open(fname, 'wb') as fout:
            fout.write(self._updater.get_states(dump_optimizer))

    def load_optimizer_states(self, fname):
        assert self._updater is not None, "Cannot load states for distributed training"
        with open(fname, 'rb') as fin:
            self._updater.set_states(fin.read())

    def _barrier(self):
        """A barrier among workers: nothing to wait for in one process."""

    def _send_command_to_servers(self, head, body):
        """Commands to server nodes: there are none in one process."""

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
    """Creates a key-value store.

    Parameters
    ----------
    name : str
        'local' (values stored on the CPU), 'device' or 'nccl' (stored on the devices), or the name of a
        registered KVStoreBase subclass (e.g. 'teststore'). 'dist_*' stores need several processes and
        are not available in mxtorch.

    Returns
    -------
    KVStoreBase
    """
    if not isinstance(name, string_types):
        raise TypeError('name must be a string')
    name = name.lower()
    if name in KVStoreBase.kv_registry:
        return KVStoreBase.kv_registry[name]()
    if name.startswith('dist'):
        raise MXNetError("kvstore '{}': mxtorch runs in one process; distributed kvstores are not available"
                         .format(name))
    return KVStore(name)


# ---- how gluon.Trainer picks a store (MXNet's model._create_kvstore) --------------------------------------
def _create_sparse_kvstore(kvstore):
    """(store, update_on_kvstore=True) for parameters with sparse weights."""
    if isinstance(kvstore, KVStoreBase):
        kv = kvstore
    elif isinstance(kvstore, str):
        kv = create(kvstore)
    else:
        raise TypeError("Cannot create '%s' KVStore with row_sparse parameters. "
                        "The type must be KVStore or str." % kvstore)
    assert kv.is_capable(KVStoreBase.OPTIMIZER), \
        "KVStore with sparse weight requires optimizer support. However, type(kv) does not support optimizer."
    return (kv, True)


def _create_kvstore(kvstore, num_device, arg_params):
    """(store or None, update_on_kvstore) for `num_device` contexts: no store for one device (unless
    distributed); MXNET_UPDATE_ON_KVSTORE (default 1) chooses where updates run."""
    update_on_kvstore = bool(int(os.getenv('MXNET_UPDATE_ON_KVSTORE', "1")))
    if kvstore is None:
        kv = None
    elif isinstance(kvstore, KVStoreBase):
        kv = kvstore
    elif isinstance(kvstore, str):
        if num_device == 1 and 'dist' not in kvstore:
            kv = None  # nothing to synchronise on one device
        else:
            kv = create(kvstore)
            if kvstore == 'local':
                # very large weights are better updated on their devices than on the CPU
                max_size = max(int(np.prod(p.shape)) for p in arg_params.values())
                if max_size > 1024 * 1024 * 16:
                    update_on_kvstore = False
    else:
        raise TypeError('kvstore must be KVStore, str or None')
    if kv is None:
        update_on_kvstore = False
    else:
        update_on_kvstore &= kv.is_capable(KVStoreBase.OPTIMIZER)
    return (kv, update_on_kvstore)
