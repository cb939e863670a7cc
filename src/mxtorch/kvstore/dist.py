"""The distributed stores: 'dist_sync' and 'dist_device_sync' on torch.distributed collectives, 'dist_async'
on parameter servers reached through torch.distributed.rpc.

dist_sync. Every worker keeps the store's arrays, which stay the same on all workers. ``init`` takes
worker 0's values. A ``push`` sums each key's values on the worker (over its devices), then over the
workers (one all-reduce per dtype and device for all keys of the call); the total then updates the stored
array through the optimizer, or replaces it, on every worker alike: the server's update of MXNet, run
where the data is. The optimizer is worker 0's, copied as MXNet pickles it to its servers, so that what
later changes the workers' own optimizer object does not reach the store (MXNet's behaviour). Pushes of
all workers meet in the collective, so every worker must push the same keys in the same order, as in
MXNet, where the servers wait for every worker's push.

Copies are what a local all-reduce costs beyond the transfer. The buckets of a push are buffers kept for
reuse (a fresh one of tens of megabytes costs more in page faults than the copy into it); without an
optimizer the stored arrays become views of the bucket their sums arrived in; and a pushpull into the
pushed arrays themselves sums the arrays that lie one after another in one buffer where they are (the
layout gluon.Trainer gives its gradients on a dist_sync store), so that only the store's own copy is made.

2-bit compression (MXNet's): each worker adds its sum to the key's residual, sends two bits per element
(+threshold, -threshold or nothing, 16 elements in a 32-bit word's space) and keeps the rest for its next
push; the totals are the sums of what the workers sent. Only float32 values are compressed, as in MXNet,
and ``init`` is never compressed.

dist_async. The arrays live on server shards (the server processes of the job, or the workers themselves
when a job has none, as under torchrun); a key belongs to one shard. A ``push`` is sent without waiting:
the shard applies it on arrival, one update at a time per shard, through its optimizer (set by worker 0)
or by replacing the array. A ``pull`` waits for this worker's own earlier pushes of the key and then asks
the shard for the current array.
"""
import atexit
import os
import pickle
import socket
import threading
import warnings
import zlib

import torch
import torch.distributed as dist
from torch.distributed import rpc

from .._fileio import write_atomically
from ..base import MXNetError
from ..ndarray.ndarray import _wrap
from .. import optimizer as opt
from ._job import job
from .base import _BUILTIN, _pairs
from .kvstore import KVStore, _add_up, _quantize

__all__ = ['DistSyncKVStore', 'DistAsyncKVStore']

_BUCKET = 1 << 22          # elements per all-reduce, so that buckets of a large push overlap
_POOLED = 8               # bucket buffers kept for reuse (per store)
_PROTOCOL = 0              # MXNet pickles the optimizer for its servers with protocol 0


def _pack_2bit(signs):
    """int8 signs (+1, -1, 0) as uint8 bytes holding four 2-bit codes each."""
    n = signs.numel()
    codes = signs.reshape(-1).to(torch.uint8) & 3        # +1 -> 1, -1 -> 3, 0 -> 0
    pad = (-n) % 4
    if pad:
        codes = torch.cat([codes, codes.new_zeros(pad)])
    codes = codes.view(-1, 4)
    return codes[:, 0] | (codes[:, 1] << 2) | (codes[:, 2] << 4) | (codes[:, 3] << 6)


_SIGN_OF_CODE = torch.tensor([0, 1, 0, -1], dtype=torch.int8)
_SHIFTS = torch.tensor([0, 2, 4, 6], dtype=torch.uint8)


def _unpack_2bit(packed, n):
    """The signs of `_pack_2bit`'s bytes, as int8 of length `n` (`packed` may have a leading axis of
    workers: then one row of signs per worker)."""
    codes = (packed.unsqueeze(-1) >> _SHIFTS.to(packed.device)) & 3
    signs = _SIGN_OF_CODE.to(packed.device)[codes.long()]
    return signs.reshape(*packed.shape[:-1], -1)[..., :n]


def _check_float32(keys, totals):
    for k, t in zip(keys, totals):
        if t.dtype != torch.float32:
            raise MXNetError('Check failed: dtype == mshadow::kFloat32: Gradient compression is only supported '
                             'for float32 type of parameters (key {} is {})'.format(k, str(t.dtype)[6:]))


class _Exchange(object):
    """The workers' collectives for one store: bucketed all-reduce and broadcast over Gloo (and NCCL for
    CUDA tensors where every worker has a GPU of its own), with torch.distributed's failures turned into
    MXNetErrors that name the cause."""

    def __init__(self, j, kind):
        self.job, self.kind = j, kind
        self.nccl = None   # whether CUDA tensors go through NCCL (decided at the first CUDA exchange)
        self.pool = {}     # (dtype, device, numel) -> bucket buffers free for reuse
        self.pooled = 0

    def run(self, what, fn, *args):
        """`fn(*args)`; an error of torch.distributed becomes an MXNetError about `what`."""
        try:
            return fn(*args)
        except (RuntimeError, ConnectionError) as e:
            if isinstance(e, MXNetError):
                raise
            raise self.job.failure("kvstore '{}': {}".format(self.kind, what), e) from None

    def via_cpu(self, device):
        """Whether tensors of `device` are staged through CPU memory (Gloo) rather than sent by NCCL,
        which needs a GPU of its own for every worker."""
        if device.type != 'cuda':
            return False
        if self.nccl is None:
            ours = (socket.gethostname(), str(torch.cuda.get_device_properties(device).uuid))
            everyone = [None] * self.job.num_workers
            dist.all_gather_object(everyone, ours)
            self.nccl = 'nccl' in str(dist.get_backend()) and len(set(everyone)) == len(everyone)
        return not self.nccl

    def _flat(self, dtype, device, numel):
        """A one-dimensional buffer for a bucket: a pooled one of that size when there is one (a fresh
        allocation of tens of megabytes costs more than the copy into it: its pages are faulted in)."""
        free = self.pool.pop((dtype, device, numel), None)
        if free:
            flat = free.pop()
            if free:
                self.pool[(dtype, device, numel)] = free
            self.pooled -= 1
            return flat
        return torch.empty(numel, dtype=dtype, device=device)

    def release(self, flat):
        """Gives a bucket buffer back to the pool, for a later bucket of its size (the least recently
        released go when the pool is full)."""
        key = (flat.dtype, flat.device, flat.numel())
        free = self.pool.pop(key, [])
        free.append(flat)
        self.pool[key] = free                   # (most recently used last)
        self.pooled += 1
        while self.pooled > _POOLED:
            oldest = next(iter(self.pool))
            self.pool[oldest].pop(0)
            self.pooled -= 1
            if not self.pool[oldest]:
                del self.pool[oldest]

    def buckets(self, tensors, collective, copy=False, in_place=False):
        """Runs `collective` (dist.all_reduce, or dist.broadcast from worker 0) over `tensors`, flattened
        into buckets per dtype and device that are sent while the next is filled. With `copy`, the
        results come back as views of the buckets, which the caller gives back (`release`) when done with
        them: returns (results, buckets, written), `written` saying of each tensor whether it holds its
        result too. `tensors` are left alone, except with `in_place`: a bucket whose tensors lie one after
        another in one storage (gradients that are views of one buffer) is reduced there, without
        flattening, and copied into its bucket after. Without `copy` the results are written into
        `tensors` and the buckets go back to the pool."""
        results = list(tensors)
        written = [False] * len(tensors)
        groups = {}
        for i, t in enumerate(tensors):
            groups.setdefault((t.dtype, t.device), []).append(i)
        pending = []
        for (dtype, device), members in groups.items():
            staged = self.via_cpu(device)
            start = 0
            while start < len(members):
                size, end = 0, start
                while end < len(members) and (end == start or size + tensors[members[end]].numel() <= _BUCKET):
                    size += tensors[members[end]].numel()
                    end += 1
                part = members[start:end]
                start = end
                flat = _run_of(tensors, part, size) if in_place and not staged else None
                if flat is not None:
                    for i in part:
                        written[i] = True
                else:
                    flat = self._flat(dtype, torch.device('cpu') if staged else device, size)
                    if staged:
                        flat.copy_(torch.cat([tensors[i].reshape(-1) for i in part]))
                    else:
                        torch.cat([tensors[i].reshape(-1) for i in part], out=flat)
                if collective is dist.broadcast:
                    work = dist.broadcast(flat, 0, async_op=True)
                else:
                    work = dist.all_reduce(flat, async_op=True)
                pending.append((work, flat, part, device))
        flats = []
        for work, flat, part, device in pending:
            work.wait()
            if written[part[0]]:                 # reduced in the tensors' own memory: the bucket is a copy
                home = self._flat(flat.dtype, device, flat.numel())
                home.copy_(flat)
            else:
                home = flat if flat.device == device else flat.to(device)
            offset = 0
            for i in part:
                t = tensors[i]
                view = home[offset:offset + t.numel()].view(t.shape)
                offset += t.numel()
                if copy:
                    results[i] = view
                else:
                    t.copy_(view)
            if copy:
                flats.append(home)
                if home is not flat and not written[part[0]]:
                    self.release(flat)
            else:
                self.release(flat)
        return (results, flats, written) if copy else results


def _run_of(tensors, part, size):
    """A one-dimensional tensor over the memory of `tensors[i] for i in part` when they lie one after
    another, contiguous, in one storage; else None."""
    first, last = tensors[part[0]], tensors[part[-1]]
    if first.untyped_storage().data_ptr() != last.untyped_storage().data_ptr():
        return None
    step = first.element_size()
    at = first.data_ptr()
    for i in part:
        t = tensors[i]
        if t.data_ptr() != at or not t.is_contiguous():
            return None
        at += t.numel() * step
    return first.new_empty(0).set_(first.untyped_storage(), first.storage_offset(), (size,))


class _Distributed(KVStore):
    """What the distributed stores share: the job, rank and size, the barrier, server-side optimizer
    semantics and MXNet's refusals."""

    def __init__(self, name):
        super().__init__(name)
        self._job = job()
        if self._job.role != 'worker':
            raise MXNetError("kvstore '{}' is made by workers; this process is the job's {}".format(
                name, self._job.name))
        self._job.group()
        self._net = _Exchange(self._job, name)
        self._on_cpu = 'device' not in name

    @property
    def rank(self):
        return self._job.rank

    @property
    def num_workers(self):
        return self._job.num_workers

    def _collective(self, what, run, *args):
        return self._net.run(what, run, *args)

    def _barrier(self):
        """Waits until every worker has reached this barrier."""
        self._collective('barrier', dist.barrier)

    def _from_worker0(self, blob):
        """Worker 0's `blob` (a picklable object), on every worker."""
        box = [blob if self.rank == 0 else None]
        self._collective('broadcast from worker 0', dist.broadcast_object_list, box, 0)
        return box[0]

    def pull(self, key, out=None, priority=0, ignore_sparse=True):
        if not ignore_sparse:
            raise MXNetError("Check failed: ignore_sparse: dist kvstore pull doesn't support ignore_sparse=False")
        super().pull(key, out, priority, ignore_sparse)

    def set_optimizer(self, optimizer):
        """Makes pushes update the stored arrays with worker 0's `optimizer`, a copy of it as it is now
        (MXNet sends its servers a pickled copy: later changes to the optimizer object do not reach it)."""
        blob = self._from_worker0(pickle.dumps(optimizer, _PROTOCOL) if self.rank == 0 else None)
        self._set_optimizer_copy(blob)

    def _set_optimizer_copy(self, blob):
        self._set_updater(opt.get_updater(pickle.loads(blob)))

    def _send_command_to_servers(self, head, body):
        """MXNet's command to the servers: head 0 sends a pickled optimizer (`body`); others are ignored,
        as MXNet's servers print and ignore commands they do not know."""
        if head == 0:
            self._set_optimizer_copy(body if isinstance(body, bytes) else body.encode('latin-1'))
        else:
            warnings.warn('kvstore: unknown command ({}, {!r}) ignored'.format(head, body))


class DistSyncKVStore(_Distributed):
    """'dist_sync', 'dist_device_sync' (and 'dist_sync_device'): the workers' sums are exchanged at every
    push, and every worker applies the same update; see the module's description."""

    def __init__(self, name):
        super().__init__(name)
        self._landed = ()    # the buckets of the push under way
        self._in_place = False   # (pushpull into the pushed arrays, see there)
        self._written = ()   # of each value of that push, whether it was summed where it is
        self._homes = {}     # key -> the bucket its stored array is a view of
        self._tenants = {}   # id(bucket) -> [bucket, how many stored arrays are views of it]

    def _start(self, pairs, held):
        tensors = [h._t for h in held]
        self._collective('init of key(s) {}'.format(_keys_text(pairs)), self._net.buckets, tensors, dist.broadcast)

    def _sum(self, key, arrays, held):
        return _add_up(arrays, held._t.device)   # compression comes after, on the worker's sum

    def _combine(self, keys, totals, helds):
        what = 'push of key(s) {}'.format(_keys_text(keys))
        if self._compression is not None:
            _check_float32(keys, totals)
            return self._collective(what, self._exchange_2bit, keys, totals)
        # the pushed arrays are the caller's: sum into copies (views of the buckets, see _apply)
        totals, self._landed, self._written = self._collective(what, self._net.buckets, totals, dist.all_reduce,
                                                               True, self._in_place)
        return totals

    def pushpull(self, key, value, out=None, priority=0):
        """`push`, then `pull` into `out` (into `value` when out is None or is value). Without optimizer
        or compression, pulling into the pushed arrays themselves, the arrays that are views of one buffer
        in the order given (Trainer's gradients) are summed over the workers where they are, and need no
        pull."""
        if not (out is None or out is value) or self._updater is not None or self._compression is not None:
            return super().pushpull(key, value, out, priority)
        self._in_place, self._written = True, ()
        try:
            self.push(key, value, priority)
        finally:
            self._in_place = False
        written, self._written = self._written, ()
        if all(written):
            return
        if not any(written):
            self.pull(key, value, priority)
            return
        rest = [(k, arrays) for (k, arrays), done in zip(_pairs(key, value), written) if not done]
        self.pull([k for k, _ in rest], [arrays for _, arrays in rest], priority)

    def _apply(self, keys, totals, helds):
        """Without an optimizer a stored array becomes a view of the bucket its total arrived in (no
        copy); a bucket goes back to the pool once no stored array lives in it."""
        landed, self._landed = self._landed, ()
        if self._updater is None and landed:
            for k, t, held in zip(keys, totals, helds):
                if t.dtype == held._t.dtype and t.device == held._t.device:
                    self._move_in(k, held, t)
                else:
                    held._t.copy_(t)
        else:
            super()._apply(keys, totals, helds)
        for flat in landed:
            if id(flat) not in self._tenants:
                self._net.release(flat)

    def _move_in(self, key, held, view):
        """Makes `held` (key's stored array) the view `view` of a bucket, leaving the bucket it lived in."""
        flat = view._base
        old = self._homes.get(key)
        if old is not None:
            entry = self._tenants[id(old)]
            entry[1] -= 1
            if not entry[1]:
                del self._tenants[id(old)]
                if old is not flat:
                    self._net.release(old)
        self._homes[key] = flat
        self._tenants.setdefault(id(flat), [flat, 0])[1] += 1
        held._t = view

    def _exchange_2bit(self, keys, totals):
        """The totals of 2-bit compressed sums: each key's sum joins its residual, the signs go to every
        worker packed four to a byte, and each total is threshold * (the workers' signs added up)."""
        threshold = self._compression
        packed, sizes = [], []
        for k, t in zip(keys, totals):
            residual = self._residuals.get(k)
            if residual is None:
                residual = self._residuals[k] = torch.zeros_like(t, dtype=torch.float32)
            packed.append(_pack_2bit(_quantize(residual, t, threshold)))
            sizes.append(t.numel())
        mine = torch.cat(packed).cpu()
        everyone = mine.new_empty(self.num_workers * mine.numel())
        dist.all_gather_into_tensor(everyone, mine)
        everyone = everyone.view(self.num_workers, -1)
        results, offset = [], 0
        for t, part, n in zip(totals, packed, sizes):
            signs = _unpack_2bit(everyone[:, offset:offset + part.numel()], n)
            offset += part.numel()
            count = signs.sum(0, dtype=torch.int32)
            results.append((count.to(torch.float32) * threshold).view(t.shape).to(t.device))
        return results

    def _share_buffer(self, arrays):
        """Makes the dense NDArrays `arrays` (one gradient per key, in the order they will be pushed)
        views of one new buffer per dtype and device, in that order, keeping their values: the layout a
        pushpull into the pushed arrays reduces without flattening (see pushpull). What later replaces an
        array's tensor just falls back to the flattening path."""
        groups = {}
        for a in arrays:
            groups.setdefault((a._t.dtype, a._t.device), []).append(a)
        with torch.no_grad():
            for (dtype, device), members in groups.items():
                flat = torch.empty(sum(a._t.numel() for a in members), dtype=dtype, device=device)
                offset = 0
                for a in members:
                    n = a._t.numel()
                    view = flat[offset:offset + n].view(a._t.shape)
                    view.copy_(a._t)
                    a._t = view
                    offset += n

    # ---- optimizer states ---------------------------------------------------------------------------
    def save_optimizer_states(self, fname, dump_optimizer=False):
        """Writes the optimizer's states, which are the same on every worker, to file `fname` (MXNet
        cannot save the states of its distributed stores)."""
        super().save_optimizer_states(fname, dump_optimizer)

    def load_optimizer_states(self, fname):
        """Loads the states in file `fname` of worker 0 on every worker (every worker calls it)."""
        updater = self._need_updater('load')
        blob = None
        if self.rank == 0:
            with open(fname, 'rb') as f:
                blob = f.read()
        updater.set_states(self._from_worker0(blob))


def _keys_text(pairs_or_keys):
    keys = [p[0] if isinstance(p, tuple) else p for p in pairs_or_keys]
    shown = ', '.join(str(k) for k in keys[:5])
    return shown + (', ... ({} keys)'.format(len(keys)) if len(keys) > 5 else '')


# ---- dist_async: the shards and their protocol ----------------------------------------------------------
class _Shard(object):
    """The arrays of one server shard and its updater; called from the RPC threads, one call at a time."""

    def __init__(self):
        self.lock = threading.Lock()
        self.arrays = {}
        self.updater = None

    def init(self, items):
        with self.lock, torch.no_grad():
            for key, value in items:
                self.arrays[key] = _wrap(value.clone())

    def push(self, items):
        with self.lock, torch.no_grad():
            for key, payload in items:
                stored = self.arrays[key]
                if isinstance(payload, tuple):     # (packed 2-bit signs, threshold)
                    packed, threshold = payload
                    value = _unpack_2bit(packed, stored.size).to(torch.float32).view(stored.shape) * threshold
                else:
                    value = payload
                if self.updater is not None:
                    self.updater(key, _wrap(value), stored)
                else:
                    stored._t.copy_(value)

    def pull(self, keys):
        with self.lock:
            return [self.arrays[k]._t.clone() for k in keys]

    def set_optimizer(self, blob):
        with self.lock:
            self.updater = opt.get_updater(pickle.loads(blob))

    def states(self):
        with self.lock:
            if self.updater is None:
                return None
            return self.updater.states, self.updater.optimizer

    def set_states(self, blob):
        with self.lock:
            if self.updater is None:
                raise MXNetError('the server has no optimizer to load states into (see set_optimizer)')
            self.updater.set_states(blob)


_SHARD = _Shard()


def _serve(method, *args):
    """What the workers call on a shard through RPC."""
    return getattr(_SHARD, method)(*args)


_RPC = {'started': False}


def _rpc_names(j):
    """The RPC names of the shards, and of this process."""
    if j.num_servers > 0:
        return ['server{}'.format(s) for s in range(j.num_servers)]
    return ['worker{}'.format(w) for w in range(j.num_workers)]


def start_rpc(j):
    """Joins the job's RPC world (collective among its workers and servers); returns the shards' names.
    A job with server processes asks them (or the launcher, which then starts them) to come."""
    names = _rpc_names(j)
    if _RPC['started']:
        return names
    if j.role == 'worker' and j.num_servers > 0 and j.rank == 0:
        j.store.set('servers/wanted', '1')
    world = j.num_workers + j.num_servers
    rank = j.rank if j.role == 'worker' else j.num_workers + j.rank
    name = '{}{}'.format(j.role, j.rank)
    scheme = 'mxtorch-job'
    try:
        dist.register_rendezvous_handler(scheme, lambda url, **kw: iter([(dist.PrefixStore('rpc', j.store),
                                                                          rank, world)]))
    except RuntimeError:
        pass   # registered before in this process
    options = rpc.TensorPipeRpcBackendOptions(init_method=scheme + '://', rpc_timeout=float(
        os.environ.get('MXTORCH_KVSTORE_RPC_TIMEOUT', 600)), num_worker_threads=8)
    warnings.filterwarnings('ignore', message='You are using a Backend', category=UserWarning)
    rpc.init_rpc(name, rank=rank, world_size=world, rpc_backend_options=options)
    _RPC['started'] = True
    if j.role == 'worker':
        atexit.register(rpc.shutdown)
    return names


class DistAsyncKVStore(_Distributed):
    """'dist_async': parameter server shards update the arrays as each worker's push arrives; see the
    module's description."""

    def __init__(self, name):
        super().__init__(name)
        self._shards = start_rpc(self._job)
        self._pending = {}   # key -> the future of this worker's last push of it
        self._has_optimizer = False   # (the optimizer lives on the shards)

    def _need_updater(self, verb):
        if not self._has_optimizer:
            raise AssertionError('Cannot {} states for distributed training: this store has no optimizer '
                                 '(see set_optimizer)'.format(verb))

    def _shard_of(self, key):
        return self._shards[zlib.crc32(str(key).encode()) % len(self._shards)]

    def _by_shard(self, items):
        groups = {}
        for key, value in items:
            groups.setdefault(self._shard_of(key), []).append((key, value))
        return groups

    def _call(self, what, shard, method, *args):
        try:
            return rpc.rpc_sync(shard, _serve, args=(method,) + args)
        except RuntimeError as e:
            raise self._job.failure("kvstore '{}': {} ({})".format(self.type, what, shard), e) from None

    def _wait(self, keys):
        for k in keys:
            fut = self._pending.pop(k, None)
            if fut is not None:
                try:
                    fut.wait()
                except RuntimeError as e:
                    raise self._job.failure("kvstore '{}': push of key {}".format(self.type, k), e) from None

    def _start(self, pairs, held):
        if self.rank == 0:
            items = [(k, h._t.cpu()) for (k, _), h in zip(pairs, held)]
            for shard, part in self._by_shard(items).items():
                self._call('init of key(s) {}'.format(_keys_text(part)), shard, 'init', part)
        self._barrier()

    def _sum(self, key, arrays, held):
        return _add_up(arrays, held._t.device)

    def _combine(self, keys, totals, helds):
        return totals

    def _apply(self, keys, totals, helds):
        if self._compression is not None:
            _check_float32(keys, totals)
        self._wait(keys)   # one push of a key in flight at a time, as MXNet orders them
        items = []
        for k, t in zip(keys, totals):
            if self._compression is not None:
                residual = self._residuals.get(k)
                if residual is None:
                    residual = self._residuals[k] = torch.zeros_like(t, dtype=torch.float32)
                payload = (_pack_2bit(_quantize(residual, t, self._compression)).cpu(), self._compression)
            else:
                payload = t.detach().to('cpu', copy=True)   # the caller may change its array at once
            items.append((k, payload))
        for shard, part in self._by_shard(items).items():
            fut = rpc.rpc_async(shard, _serve, args=('push', part))
            for k, _ in part:
                self._pending[k] = fut

    def pull(self, key, out=None, priority=0, ignore_sparse=True):
        if not ignore_sparse:
            raise MXNetError("Check failed: ignore_sparse: dist kvstore pull doesn't support ignore_sparse=False")
        if out is None:
            raise AssertionError('KVStore.pull needs the arrays to pull into: out=')
        pairs = _pairs(key, out, 'outputs')
        self._key_kind(pairs)
        self._check_shapes(pairs, 'operands shape mismatch: kvstore key {key} holds shape {held}, pulled into '
                                  'shape {given}')
        keys = [k for k, _ in pairs]
        self._wait(keys)
        futures = [(shard, [k for k, _ in part], rpc.rpc_async(shard, _serve, args=('pull', [k for k, _ in part])))
                   for shard, part in self._by_shard(pairs).items()]
        values = {}
        for shard, ks, fut in futures:
            try:
                got = fut.wait()
            except RuntimeError as e:
                raise self._job.failure("kvstore '{}': pull of key(s) {} ({})".format(
                    self.type, _keys_text(ks), shard), e) from None
            values.update(zip(ks, got))
        with torch.no_grad():
            for k, outs in pairs:
                for o in outs:
                    o._t.copy_(values[k])

    def set_optimizer(self, optimizer):
        """Gives every server shard a pickled copy of worker 0's `optimizer` (set_optimizer is called by
        every worker, as in MXNet; worker 0's is the one used)."""
        if self.rank == 0:
            blob = pickle.dumps(optimizer, _PROTOCOL)
            for shard in self._shards:
                self._call('set_optimizer', shard, 'set_optimizer', blob)
        self._barrier()
        self._has_optimizer = True

    def _send_command_to_servers(self, head, body):
        if head == 0:
            blob = body if isinstance(body, bytes) else body.encode('latin-1')
            for shard in self._shards:
                self._call('set_optimizer', shard, 'set_optimizer', blob)
        else:
            warnings.warn('kvstore: unknown command ({}, {!r}) ignored'.format(head, body))

    def save_optimizer_states(self, fname, dump_optimizer=False):
        """Writes the states of all shards' optimizers to file `fname` (one file, as one Updater's)."""
        self._need_updater('save')
        merged, optimizer = {}, None
        for shard in self._shards:
            got = self._call('states of the optimizer', shard, 'states')
            if got is not None:
                merged.update(got[0])
                optimizer = optimizer or got[1]
        blob = pickle.dumps((merged, optimizer) if dump_optimizer else merged)
        write_atomically(fname, [blob], 'KVStore.save_optimizer_states')

    def load_optimizer_states(self, fname):
        """Loads the states in file `fname` (read by worker 0) into every shard's optimizer."""
        self._need_updater('load')
        if self.rank == 0:
            with open(fname, 'rb') as f:
                blob = f.read()
            for shard in self._shards:
                self._call('load of optimizer states', shard, 'set_states', blob)
        self._barrier()


_BUILTIN.append((lambda kind: 'dist' in kind and 'async' in kind, DistAsyncKVStore))
_BUILTIN.append((lambda kind: 'dist' in kind, DistSyncKVStore))
