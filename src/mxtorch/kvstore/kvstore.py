"""The key-value store of one process ('local', 'device', 'nccl').

A store keeps one array per key. ``push`` adds up the values given for a key (typically one gradient per
device); with an optimizer set, the sum updates the stored array, otherwise it replaces it. ``pull`` copies
the stored array into the arrays given. gluon.Trainer sums gradients over its contexts this way, and with
``update_on_kvstore`` updates each weight once, in the store, for all contexts.

'local' keeps its arrays in pinned CPU memory (context cpu_pinned(0)), as MXNet's does; 'device' and
'nccl' keep each on the device of the first array it was initialized from. The distributed stores
(dist.py) are this store with the workers' sums exchanged between `_sum` and the update.
"""
import os

import numpy as np
import torch

from .._fileio import write_atomically
from ..base import MXNetError, string_types
from ..context import cpu_pinned
from ..ndarray.ndarray import NDArray, _wrap, _wrap_like
from ..ndarray import sparse as _sparse
from ..ndarray.ops.sparse_update import coalesced_rows
from .. import optimizer as opt
from .base import KVStoreBase, _BUILTIN, _pairs, _check_capability, create

__all__ = ['KVStore']

_SPARSE = _sparse.BaseSparseNDArray


def _two_bit_threshold(compression_params):
    """The threshold of MXNet's {'type': '2bit', 'threshold': t} (t defaults to 0.5), checked."""
    if not (isinstance(compression_params, dict) and 'type' in compression_params):
        raise ValueError("compression_params must be a dict with a 'type' key, got {!r}".format(
            compression_params))
    kind = compression_params['type']
    if kind != '2bit':
        raise MXNetError('Unknown type for gradient compression {}'.format(kind))
    threshold = float(compression_params.get('threshold', 0.5))
    if not threshold > 0:
        raise MXNetError('threshold must be greater than 0, got {}'.format(threshold))
    return threshold


def _quantize(residual, value, threshold):
    """2-bit quantization with error feedback: `value` joins `residual`; where the residual reaches
    +threshold or -threshold that much is sent (and taken off the residual), elsewhere nothing. Returns
    the sent signs as int8 (+1, -1, 0)."""
    residual.add_(value)
    signs = (residual >= threshold).to(torch.int8) - (residual <= -threshold).to(torch.int8)
    residual.sub_(signs, alpha=threshold)
    return signs


def _rsp_sum(arrays, device, shape):
    """The sum of RowSparseNDArrays as a RowSparseNDArray on `device` (rows sorted, unique)."""
    parts = [coalesced_rows(a) for a in arrays]
    rows = torch.cat([r.to(device) for r, _ in parts])
    values = torch.cat([v.to(device) for _, v in parts])
    total = torch.sparse_coo_tensor(rows.reshape(1, -1), values, size=tuple(shape)).coalesce()
    return _sparse._make_rsp(total._indices()[0], total._values(), shape)


def _is_rsp(a):
    return isinstance(a, _sparse.RowSparseNDArray)


def _add_up(arrays, device):
    """The sum of `arrays` as a tensor on `device`; the single array's own tensor when there is one."""
    if len(arrays) == 1:
        t = arrays[0]._t
        return t if t.device == device else t.to(device)
    total = arrays[0]._t.to(device, copy=True)
    for a in arrays[1:]:
        total.add_(a._t.to(device))
    return total


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
        self._residuals = {}      # what compression has not sent yet, per key (and value position)
        self._on_cpu = 'device' not in name and 'nccl' not in name
        self._rsp_keys = set()    # keys initialized with a row_sparse value (held densely)

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
        # a sparse value is held as its dense values (row_sparse_pull reads rows of them)
        firsts = [_wrap_like(_sparse._dense_of(a), a) if isinstance(a, _SPARSE) else a
                  for a in (arrays[0] for _, arrays in pairs)]
        held = [first.copyto(cpu_pinned(0)) if self._on_cpu else first.copy() for first in firsts]
        self._start(pairs, held)
        for (k, arrays), h in zip(pairs, held):
            self._store[k] = h
            if _is_rsp(arrays[0]):
                self._rsp_keys.add(k)
        if pairs:
            self._key_is_str = is_str

    def _start(self, pairs, held):
        """What the first values of keys become (a distributed store makes them the same everywhere)."""

    def _sum(self, key, arrays, held):
        """The sum of `arrays` as a tensor on the stored array's device (through 2-bit compression of
        each value, when it is on); may be the single pushed tensor itself."""
        dev = held._t.device
        if all(_is_rsp(a) for a in arrays) and 'dist' not in self._type:
            # row_sparse values stay row_sparse: an optimizer on the store updates only their rows
            return _rsp_sum(arrays, dev, held.shape)
        if any(isinstance(a, _SPARSE) for a in arrays):
            arrays = [_wrap(_sparse._dense_of(a)) if isinstance(a, _SPARSE) else a for a in arrays]
        if self._compression is None:
            return _add_up(arrays, dev)
        total = torch.zeros_like(held._t, dtype=torch.float32)
        for pos, a in enumerate(arrays):
            residual = self._residuals.get((key, pos))
            if residual is None:
                residual = self._residuals[(key, pos)] = torch.zeros_like(a._t, dtype=torch.float32)
            total.add_(_quantize(residual, a._t, self._compression).to(dev), alpha=self._compression)
        return total.to(held._t.dtype)

    def _combine(self, keys, totals, helds):
        """The sums to apply, from this process's sums `totals` (a distributed store adds the workers'
        sums here); may return `totals` itself."""
        return totals

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
            keys = [k for k, _ in pairs]
            helds = [self._store[k] for k in keys]
            totals = self._combine(keys, [self._sum(k, arrays, held) for (k, arrays), held in zip(pairs, helds)],
                                   helds)
            self._apply(keys, totals, helds)

    def _apply(self, keys, totals, helds):
        """Updates the stored arrays from the sums: through the updater, or by replacing them."""
        updater = self._updater
        for k, total, held in zip(keys, totals, helds):
            if updater is not None:
                # MXNet's updater receives str keys as bytes
                value = total if isinstance(total, NDArray) else _wrap_like(total, held)
                updater(k.encode() if isinstance(k, str) else k, value, held)
            elif isinstance(total, NDArray):
                held._t.copy_(_sparse._dense_of(total))
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
            Leave row_sparse outputs alone (the default); False gives them the stored value's non-zero
            rows (use `row_sparse_pull` to choose rows).
        """
        if out is None:
            raise AssertionError('KVStore.pull needs the arrays to pull into: out=')
        pairs = _pairs(key, out, 'outputs')
        self._key_kind(pairs)
        self._check_shapes(pairs, 'operands shape mismatch: kvstore key {key} holds shape {held}, pulled into '
                                  'shape {given}')
        with torch.no_grad():
            for k, outs in pairs:
                src = self._current(k)
                for o in outs:
                    if isinstance(o, _SPARSE):
                        if not ignore_sparse:
                            o._s = _sparse._to_stype(_wrap(src.to(o._s.device, dtype=o._s.dtype)), o.stype)._s
                    else:
                        o._t.copy_(src)

    def _current(self, key):
        """The tensor a pull of `key` copies from."""
        return self._store[key]._t

    def pushpull(self, key, value, out=None, priority=0):
        """`push` of `value`, then `pull` into `out` (into `value` itself when out is None)."""
        self.push(key, value, priority)
        self.pull(key, value if out is None else out, priority)

    def broadcast(self, key, value, out, priority=0):
        """`init` of `key` with `value`, then `pull` into `out`."""
        self.init(key, value)
        self.pull(key, out, priority)

    def row_sparse_pull(self, key, out=None, priority=0, row_ids=None):
        """Pulls the rows `row_ids` of each key's stored value into row_sparse `out` arrays (the other
        rows of `out` become zero).

        Parameters
        ----------
        key : int, str, or a list of them
        out : RowSparseNDArray, or a list (one per value), or a list of those (one per key)
        priority : int, optional
            Accepted for compatibility.
        row_ids : NDArray or list of NDArray
            The rows wanted, one array per output (or one for all outputs); any shape, in any order,
            repeats allowed.
        """
        if out is None:
            raise AssertionError('row_sparse_pull needs out=')
        if row_ids is None:
            raise AssertionError('row_sparse_pull needs row_ids=')
        if isinstance(row_ids, NDArray):
            row_ids = [row_ids]
        if not isinstance(row_ids, list):
            raise AssertionError("row_ids should be NDArray or list of NDArray")
        single = len(row_ids) == 1 and isinstance(out, list)
        first = [out[0]] if single else out
        pairs = _pairs(key, first, 'outputs')
        id_pairs = _pairs(key, row_ids if not single else row_ids[0], 'row_ids')
        outs = [o for _, os_ in pairs for o in os_]
        ids = [r for _, rs in id_pairs for r in rs]
        if len(ids) != len(outs):
            raise AssertionError("the number of row_ids doesn't match the number of values")
        self._key_kind(pairs)
        self._check_shapes(pairs, 'row_sparse_pull: kvstore key {key} holds shape {held}, pulled into shape '
                                  '{given}')
        with torch.no_grad():
            n = 0
            for k, os_ in pairs:
                src = self._current(k)
                for o in os_:
                    if not isinstance(o, _sparse.RowSparseNDArray):
                        raise MXNetError('row_sparse_pull: the output of key {} must be a RowSparseNDArray, got '
                                         'stype {}'.format(k, getattr(o, 'stype', type(o).__name__)))
                    device = o._s.device
                    wanted = ids[n]._t.reshape(-1).to(src.device).long()
                    n += 1
                    mark = torch.zeros(src.shape[0], dtype=torch.bool, device=src.device)
                    mark[wanted] = True
                    rows = mark.nonzero().reshape(-1)
                    o._s = _sparse._make_rsp(rows.to(device), src.index_select(0, rows).to(device, o._s.dtype),
                                             src.shape)._s
        if single:
            for other in out[1:]:
                out[0].copyto(other)

    # ---- optimizer and compression --------------------------------------------------------------------
    def is_capable(self, capability):
        _check_capability(capability)
        return True

    def set_gradient_compression(self, compression_params):
        """Turns on 2-bit compression of pushed values (for 'device' and distributed stores): ``{'type':
        '2bit', 'threshold': t}`` (t defaults to 0.5). Each value is added to a residual kept per key
        (and, in one process, per position in the list of values); what is summed is +t, -t or 0 wherever
        the residual reaches +-t, and the rest is carried over to the next push."""
        if 'device' not in self.type and 'dist' not in self.type:
            raise Exception('Gradient compression is not supported for this type of kvstore')
        self._compression, self._residuals = _two_bit_threshold(compression_params), {}

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


_BUILTIN.append((lambda kind: 'dist' not in kind and kind != 'horovod', KVStore))


def _create_kvstore(kvstore, num_device, arg_params):
    """(store or None, update_on_kvstore) for training on `num_device` devices, decided as MXNet's model
    module does: no store for one device in one process; updates on the store unless
    MXNET_UPDATE_ON_KVSTORE=0, the store cannot run an optimizer, or a 'local' store would update a weight
    of more than 16M elements on the CPU."""
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
