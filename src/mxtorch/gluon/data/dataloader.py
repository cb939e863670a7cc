"""DataLoader: mini-batches from a dataset, read in the calling thread, in a pool of threads, or in
worker processes.

Worker processes are forked (where the platform allows) once per DataLoader and kept for its life. Each
has a pipe for tasks and one for results; a batch comes back as a small pickle whose arrays travel as
shared memory (torch's file-descriptor sharing: the batch is stacked straight into a shared buffer), not
as bytes through the pipe. A worker that raises sends its error and traceback back, and the caller
re-raises it; a worker that dies is reported instead of waited for; workers are stopped when the last
DataLoader or iterator using them is gone."""
import io
import itertools
import multiprocessing
import multiprocessing.connection
import os
import pickle
import signal
import socket
import struct
import threading
import traceback
import weakref
from concurrent.futures import ThreadPoolExecutor, TimeoutError as _FutureTimeout
from multiprocessing.reduction import ForkingPickler

import numpy as np
import torch
import torch.multiprocessing  # noqa: F401  (registers torch's shared-memory pickling of tensors)

from ... import context
from ...base import MXNetError, dtype_torch
from ...ndarray.ndarray import NDArray, _wrap, context_label
from ...numpy.multiarray import ndarray as _np_ndarray
from ...util import is_np_array as _np_mode
from . import sampler as _sampler

__all__ = ['DataLoader', 'default_batchify_fn', 'default_mp_batchify_fn']

_CPU_SHARED = context.Context('cpu_shared', 0)
_in_worker = False  # True inside a worker process: batches are then stacked into shared memory


# ---- NDArrays between processes: the tensor goes through torch's shared-memory reducer ----------------
def _rebuild_ndarray(tensor, ctx):
    a = _wrap(tensor)
    a._ctx = ctx
    return a


def _reduce_ndarray(a):
    return _rebuild_ndarray, (a._t.detach(), a._ctx)


def _rebuild_np_ndarray(tensor, ctx):
    return _rebuild_ndarray(tensor, ctx).as_np_ndarray()


def _reduce_np_ndarray(a):
    return _rebuild_np_ndarray, (a._t.detach(), a._ctx)


ForkingPickler.register(NDArray, _reduce_ndarray)
ForkingPickler.register(_np_ndarray, _reduce_np_ndarray)


def _dumps(obj):
    buf = io.BytesIO()
    ForkingPickler(buf, pickle.HIGHEST_PROTOCOL).dump(obj)
    return buf.getvalue()


# Batches from worker processes: pickled with each CPU tensor's shared-memory file descriptor left out of
# the bytes (a persistent id names it); the descriptors go over a Unix socket beside the result pipe
# (SCM_RIGHTS), so the receiver maps the worker's memory directly. (torch's own reducer would instead make
# the receiver connect back to a server thread in the worker for every tensor, which is several times
# slower per batch and fails once the worker has exited.)
_FD_PASSING = hasattr(socket, 'send_fds') and hasattr(socket, 'AF_UNIX') and \
    hasattr(torch.UntypedStorage, '_new_shared_fd_cpu')
_MAX_FDS = 250  # per message; the kernel's limit is 253


class _FdPickler(ForkingPickler):
    def __init__(self, buf):
        super().__init__(buf, pickle.HIGHEST_PROTOCOL)
        self.fds = []
        self._storages = {}  # data_ptr -> (index, nbytes, storage): one descriptor per storage

    def persistent_id(self, obj):
        if not isinstance(obj, torch.Tensor) or obj.device.type != 'cpu' or obj.layout is not torch.strided:
            return None
        t = obj.detach()
        storage = t.untyped_storage()
        nbytes = storage.nbytes()
        if nbytes == 0:
            return ('mxtorch-empty', t.dtype, tuple(t.shape))
        entry = self._storages.get(storage.data_ptr())
        if entry is None:
            if not storage.is_shared():
                storage.share_memory_()  # a batch not built in shared memory: one copy, here
            fd, nbytes = storage._share_fd_cpu_()
            entry = (len(self.fds), nbytes, storage)
            self._storages[storage.data_ptr()] = entry
            self.fds.append(fd)
        return ('mxtorch-fd', entry[0], entry[1], t.dtype, tuple(t.shape), t.stride(), t.storage_offset(),
                obj.requires_grad)


class _FdUnpickler(pickle.Unpickler):
    def __init__(self, data, fds):
        super().__init__(io.BytesIO(data))
        self._fds = fds
        self._storages = {}

    def persistent_load(self, pid):
        if pid[0] == 'mxtorch-empty':
            return torch.empty(pid[2], dtype=pid[1])
        _, index, nbytes, dtype, shape, stride, offset, requires_grad = pid
        storage = self._storages.get(index)
        if storage is None:
            storage = self._storages[index] = torch.UntypedStorage._new_shared_fd_cpu(self._fds[index], nbytes)
        t = torch.empty((0,), dtype=dtype).set_(storage, offset, shape, stride)
        return t.requires_grad_() if requires_grad else t


def _send_result(obj, result_conn, fd_sock):
    """Worker side: sends obj, its tensors' descriptors first."""
    if fd_sock is None:
        result_conn.send_bytes(b'\0\0\0\0' + _dumps(obj))
        return
    buf = io.BytesIO()
    pickler = _FdPickler(buf)
    pickler.dump(obj)
    fds = pickler.fds
    for i in range(0, len(fds), _MAX_FDS):
        socket.send_fds(fd_sock, [b'F'], fds[i:i + _MAX_FDS])
    result_conn.send_bytes(struct.pack('<I', len(fds)) + buf.getvalue())
    # the kernel holds its own references to descriptors in flight: the storages may go now


def _receive_result(data, fd_sock):
    """Caller side: the object sent by _send_result."""
    count = struct.unpack('<I', data[:4])[0]
    if not count:
        return pickle.loads(data[4:])
    fds = []
    try:
        while len(fds) < count:
            _, got, _, _ = socket.recv_fds(fd_sock, 1, min(_MAX_FDS, count - len(fds)))
            if not got:
                raise RuntimeError('the worker closed its descriptor channel')
            fds.extend(got)
        return _FdUnpickler(data[4:], fds).load()
    finally:
        for fd in fds:  # the memory stays mapped by the storages
            os.close(fd)


# ---- batchify -----------------------------------------------------------------------------------------
def _shared_empty(shape, dtype):
    """An uninitialised CPU tensor in shared memory (so that sending it to another process is free)."""
    numel = 1
    for s in shape:
        numel *= s
    try:
        storage = torch.UntypedStorage._new_shared(numel * torch.empty((), dtype=dtype).element_size())
        return torch.empty(0, dtype=dtype).set_(storage, 0, shape)
    except (AttributeError, RuntimeError):  # private torch API gone: allocate, then move to shared memory
        return torch.empty(shape, dtype=dtype).share_memory_()


def _stack_nd(data, shared):
    first = data[0]._t
    try:
        tensors = [d._t for d in data]
    except AttributeError:
        raise TypeError('batchify: samples mix NDArrays and {}'.format(
            next(type(d).__name__ for d in data if not isinstance(d, NDArray)))) from None
    for t in tensors:
        if t.shape != first.shape or t.dtype != first.dtype:
            raise MXNetError('batchify: cannot stack samples of shape {} ({}) and {} ({}); use a batchify_fn '
                             'that pads them'.format(tuple(first.shape), str(first.dtype)[6:], tuple(t.shape),
                                                     str(t.dtype)[6:]))  # 'torch.float32' -> 'float32'
    if shared and first.device.type == 'cpu':
        out = _shared_empty((len(tensors),) + tuple(first.shape), first.dtype)
        return torch.stack(tensors, out=out)
    return torch.stack(tensors)


def _numpy_batch(data, shared):
    """The samples (numbers, lists or numpy arrays) as one tensor with numpy's dtype for them."""
    first = data[0]
    if shared and isinstance(first, np.ndarray) and all(
            isinstance(d, np.ndarray) and d.shape == first.shape and d.dtype == first.dtype for d in data):
        # stack straight into the shared buffer: one copy
        out = _shared_empty((len(data),) + first.shape, dtype_torch(first.dtype))
        np.stack(data, out=out.numpy())
        return out
    arr = np.asarray(data)
    try:
        dt = dtype_torch(arr.dtype)
    except TypeError:
        raise TypeError('batchify: cannot make an array of samples of type {} (numpy dtype {})'.format(
            type(first).__name__, arr.dtype)) from None
    if arr is data:  # the caller's own array: don't share its memory
        arr = arr.copy()
    t = torch.from_numpy(np.ascontiguousarray(arr))
    if shared:
        return _shared_empty(arr.shape, dt).copy_(t)
    return t


def _batchify(data, shared, ctx):
    first = data[0]
    if isinstance(first, tuple):
        return [_batchify(list(field), shared, ctx) for field in zip(*data)]
    batch = _wrap(_stack_nd(data, shared) if isinstance(first, NDArray) else _numpy_batch(data, shared))
    batch._ctx = ctx
    # in NumPy mode (npx.set_np) batches are mx.np arrays, as MXNet's batchify makes them
    return batch.as_np_ndarray() if _np_mode() else batch


def default_batchify_fn(data):
    """Collates a list of samples into a batch.

    NDArray samples are stacked (their dtype is kept); tuple samples give a list with one batch per
    field; other samples (numbers, lists, numpy arrays) become an NDArray with numpy's dtype for them
    (so float64 numpy data gives float64 batches, Python ints int64), as in MXNet."""
    if not len(data):
        raise ValueError('batchify: no samples to collate')
    return _batchify(data, False, None)


def default_mp_batchify_fn(data):
    """Like :func:`default_batchify_fn`, for batches made by workers: the result is on context
    ``cpu_shared(0)`` (as in MXNet), and inside a worker process it is built directly in shared memory."""
    if not len(data):
        raise ValueError('batchify: no samples to collate')
    return _batchify(data, _in_worker, _CPU_SHARED)


def _as_in_context(data, ctx):
    """Moves the arrays of a batch (nested lists/tuples) to `ctx`."""
    if isinstance(data, NDArray):
        return data.as_in_context(ctx)
    if isinstance(data, (list, tuple)):
        return [_as_in_context(d, ctx) for d in data]
    return data


def _pin(data, device_id):
    """The batch in page-locked (pinned) memory, labelled cpu_pinned(device_id). Pinning needs CUDA;
    without it the memory stays as it is, only the context says pinned."""
    if isinstance(data, NDArray):
        t = data._t
        if t.device.type == 'cpu' and torch.cuda.is_available():
            t = t.pin_memory()
        out = _wrap(t)
        out._ctx = context_label(context.cpu_pinned(device_id))
        return out
    if isinstance(data, (list, tuple)):
        return [_pin(d, device_id) for d in data]
    return data


# ---- worker processes ---------------------------------------------------------------------------------
def _mp_context():
    # fork: workers see the dataset without pickling it (lambdas and open files included), as in MXNet
    if 'fork' in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context('fork')
    return multiprocessing.get_context('spawn')


class _RemoteError:
    """An exception raised in a worker, with its traceback as text, to be raised again by the caller."""

    def __init__(self, exc, worker_id, pid):
        exc_type = type(exc)
        try:
            pickle.dumps(exc_type)
        except Exception:  # noqa: BLE001  (a class defined in a function: report it as RuntimeError)
            exc_type = RuntimeError
        self.exc_type = exc_type
        self.type_name = type(exc).__name__
        self.message = str(exc)
        self.text = ''.join(traceback.format_exception(type(exc), exc, exc.__traceback__))
        self.where = 'DataLoader worker process {} (pid {})'.format(worker_id, pid)

    def reraise(self):
        msg = '{}\n\nRaised in {}:\n{}'.format(self.message, self.where, self.text.rstrip())
        try:
            exc = self.exc_type(msg)
            if not isinstance(exc, BaseException):
                raise TypeError
        except Exception:  # noqa: BLE001  (its constructor wants other arguments)
            exc = RuntimeError('{}: {}'.format(self.type_name, msg))
        try:
            raise exc
        finally:
            exc = None  # no frame <-> traceback cycle keeping the workers' pool alive


def _seed_worker(seed_words, worker_id):
    seq = np.random.SeedSequence(entropy=seed_words, spawn_key=(worker_id,))
    np_seed, torch_seed, py_seed = seq.generate_state(3, dtype=np.uint32).tolist()
    np.random.seed(np_seed)
    torch.manual_seed(torch_seed)
    import random
    random.seed(py_seed)


def _worker_loop(dataset, batchify_fn, task_conn, result_conn, fd_sock, seed_words, worker_id):
    """Runs in a worker process: reads (key, indices) tasks, sends back (key, ok, batch or error)."""
    global _in_worker
    _in_worker = True
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    torch.set_num_threads(1)  # the workers are the parallelism; don't oversubscribe the cores
    _seed_worker(seed_words, worker_id)
    while True:
        try:
            task = task_conn.recv()
        except (EOFError, OSError):
            break
        if task is None:
            break
        key, indices = task
        try:
            result = (key, True, batchify_fn([dataset[i] for i in indices]))
        except Exception as e:  # noqa: BLE001  (the caller re-raises it)
            result = (key, False, _RemoteError(e, worker_id, os.getpid()))
        try:
            try:
                _send_result(result, result_conn, fd_sock)
            except (BrokenPipeError, ConnectionError):
                raise
            except Exception as e:  # noqa: BLE001  (the batch cannot be pickled)
                _send_result((key, False, _RemoteError(e, worker_id, os.getpid())), result_conn, None)
        except (BrokenPipeError, OSError):
            break
        del result


def _shutdown_workers(procs, task_conns, result_conns, fd_socks):
    for c in task_conns:
        try:
            c.send(None)
        except Exception:  # noqa: BLE001  (worker already gone)
            pass
    for p in procs:
        p.join(timeout=2.0)
        if p.is_alive():
            p.terminate()
            p.join(timeout=1.0)
    for c in itertools.chain(task_conns, result_conns, fd_socks):
        try:
            c.close()
        except Exception:  # noqa: BLE001
            pass


class _ProcessPool:
    """Worker processes of one DataLoader; shared by all its iterators (tasks are keyed by iterator)."""

    def __init__(self, num_workers, dataset, batchify_fn):
        ctx = _mp_context()
        # per-worker seeds come from the caller's numpy state (read, not consumed), so that runs seeded
        # with np.random.seed repeat, and workers differ from each other
        seed_words = [int(w) for w in np.random.get_state()[1][:8]] + [int(torch.initial_seed()) & 0xFFFFFFFF]
        self._procs, self._task_conns, self._result_conns, self._fd_socks = [], [], [], []
        self._lock = threading.Lock()
        self._results = {}
        self._forgotten = set()
        self._outstanding = [0] * num_workers
        self._owner = {}
        self._broken = None
        old_handler = signal.signal(signal.SIGINT, signal.SIG_IGN) \
            if threading.current_thread() is threading.main_thread() else None
        try:
            for wid in range(num_workers):
                task_r, task_w = ctx.Pipe(duplex=False)
                res_r, res_w = ctx.Pipe(duplex=False)
                fd_r, fd_w = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM) if _FD_PASSING else (None, None)
                p = ctx.Process(target=_worker_loop, args=(dataset, batchify_fn, task_r, res_w, fd_w, seed_words, wid),
                                daemon=True, name='mxtorch-DataLoader-worker-{}'.format(wid))
                p.start()
                task_r.close()
                res_w.close()
                if fd_w is not None:
                    fd_w.close()
                self._fd_socks.append(fd_r)
                self._procs.append(p)
                self._task_conns.append(task_w)
                self._result_conns.append(res_r)
        finally:
            if old_handler is not None:
                signal.signal(signal.SIGINT, old_handler)
        self._finalizer = weakref.finalize(self, _shutdown_workers, self._procs, self._task_conns,
                                           self._result_conns, [f for f in self._fd_socks if f is not None])

    def submit(self, key, indices):
        with self._lock:
            if self._broken:
                raise RuntimeError(self._broken)
            # batch k of an iterator always goes to worker k mod n: each worker's random stream then sees
            # the same samples in every seeded run, however quickly the workers happen to finish
            wid = key[1] % len(self._procs)
            self._task_conns[wid].send((key, list(indices)))
            self._outstanding[wid] += 1
            self._owner[key] = wid

    def _collect(self, timeout):
        ready = multiprocessing.connection.wait(self._result_conns, timeout)
        for conn in ready:
            wid = self._result_conns.index(conn)
            try:
                data = conn.recv_bytes()
            except (EOFError, OSError):
                self._check_alive(force=wid)
                continue
            try:
                key, ok, value = _receive_result(data, self._fd_socks[wid])
            except Exception as e:  # noqa: BLE001  (its shared memory could not be fetched)
                self._procs[wid].join(timeout=0.5)
                if self._procs[wid].exitcode is not None:
                    self._check_alive(force=wid)
                raise RuntimeError('DataLoader: could not receive a batch from worker process {}: {}'.format(
                    wid, e)) from e
            self._outstanding[wid] -= 1
            self._owner.pop(key, None)
            if key[0] in self._forgotten:
                continue
            self._results[key] = (ok, value)

    def _check_alive(self, force=None):
        for wid, p in enumerate(self._procs):
            if wid == force or (p.exitcode is not None and self._outstanding[wid] > 0):
                p.join(timeout=0.5)
                self._broken = ('DataLoader worker process {} (pid {}) exited unexpectedly with exit code {}; '
                                'its batch was lost. A crash in the dataset or batchify_fn (or running out '
                                'of shared memory, /dev/shm) can cause this.'.format(wid, p.pid, p.exitcode))
                raise RuntimeError(self._broken)

    def get(self, key, timeout):
        """The batch of task `key`; raises the worker's error, or TimeoutError after `timeout` s."""
        import time
        deadline = time.monotonic() + timeout
        with self._lock:
            while key not in self._results:
                if self._broken:
                    raise RuntimeError(self._broken)
                left = deadline - time.monotonic()
                if left <= 0:
                    raise multiprocessing.TimeoutError(
                        'DataLoader worker timed out after {} seconds. A slow dataset or transform needs a '
                        'larger `timeout`; if it is large enough, shared memory (/dev/shm) may be full: '
                        'use fewer workers.'.format(timeout))
                self._collect(min(left, 0.5))
                self._check_alive()
            ok, value = self._results.pop(key)
        if not ok:
            value.reraise()
        return value

    def forget(self, iter_id):
        """Drops the results of an iterator that was abandoned."""
        with self._lock:
            self._forgotten.add(iter_id)
            for key in [k for k in self._results if k[0] == iter_id]:
                del self._results[key]

    def shutdown(self):
        self._finalizer()


class _ThreadPool:
    """Worker threads of one DataLoader (``thread_pool=True``)."""

    def __init__(self, num_workers, dataset, batchify_fn):
        self._dataset = dataset
        self._batchify_fn = batchify_fn
        self._executor = ThreadPoolExecutor(num_workers, thread_name_prefix='mxtorch-DataLoader')
        self._futures = {}
        self._finalizer = weakref.finalize(self, self._executor.shutdown, False)

    def _work(self, indices):
        dataset = self._dataset
        return self._batchify_fn([dataset[i] for i in indices])

    def submit(self, key, indices):
        self._futures[key] = self._executor.submit(self._work, list(indices))

    def get(self, key, timeout):
        future = self._futures.pop(key)
        try:
            return future.result(timeout)
        except _FutureTimeout:
            raise multiprocessing.TimeoutError('DataLoader worker thread timed out after {} seconds; a slow '
                                               'dataset or transform needs a larger `timeout`'.format(timeout)) \
                from None

    def forget(self, iter_id):
        for key in [k for k in self._futures if k[0] == iter_id]:
            self._futures.pop(key).cancel()

    def shutdown(self):
        self._finalizer()


_iter_ids = itertools.count()


class _MultiWorkerIter:
    """The batches of one pass of a DataLoader, made by its pool and returned in order; `prefetch` of
    them are requested ahead. A task's key is (this iterator's id, the batch's number)."""

    def __init__(self, pool, batch_sampler, pin_memory=False, pin_device_id=0, prefetch=0, timeout=120):
        self._pool, self._batch_sampler, self._timeout = pool, batch_sampler, timeout
        self._index_lists = iter(batch_sampler)
        self._id = next(_iter_ids)
        self._pin_device = pin_device_id if pin_memory else None
        self._requested = self._returned = 0
        for _ in range(prefetch):
            self._request()

    def _request(self):
        """Hands the next batch's indices to the pool (nothing once the sampler is exhausted)."""
        indices = next(self._index_lists, None)
        if indices is not None:
            self._pool.submit((self._id, self._requested), indices)
            self._requested += 1

    def __len__(self):
        return len(self._batch_sampler)

    def __next__(self):
        self._request()                   # keeps the number in flight steady
        if self._returned == self._requested:
            raise StopIteration
        batch = self._pool.get((self._id, self._returned), self._timeout)
        self._returned += 1
        return batch if self._pin_device is None else _pin(batch, self._pin_device)

    next = __next__

    def __iter__(self):
        return self

    def __del__(self):
        try:
            if self._returned != self._requested:
                self._pool.forget(self._id)
        except Exception:  # noqa: BLE001  (interpreter shutdown)
            pass


def _make_batch_sampler(dataset, batch_size, shuffle, sampler, last_batch, batch_sampler):
    """DataLoader's batch sampler: `batch_sampler` itself, or `sampler` (by default sequential, random
    with `shuffle`) cut into lists of `batch_size` by `last_batch`'s rule."""
    if batch_sampler is not None:
        if batch_size is not None or shuffle or sampler is not None or last_batch is not None:
            raise ValueError('batch_size, shuffle, sampler and last_batch must not be specified if '
                             'batch_sampler is specified.')
        return batch_sampler
    if batch_size is None:
        raise ValueError('batch_size must be specified unless batch_sampler is specified')
    if sampler is not None and shuffle:
        raise ValueError('shuffle must not be specified if sampler is specified')
    if sampler is None:
        sampler = (_sampler.RandomSampler if shuffle else _sampler.SequentialSampler)(len(dataset))
    return _sampler.BatchSampler(sampler, batch_size, last_batch or 'keep')


class DataLoader(object):
    """Mini-batches of the samples of `dataset` (a Dataset, or a list or array used as one).

    Which samples form a batch: `batch_size` of them in order, or in a new random order each epoch with
    `shuffle`, or in the order of `sampler`; a short last batch is kept, dropped or carried into the next
    epoch by `last_batch` ('keep' (default), 'discard', 'rollover'). Alternatively `batch_sampler` gives
    the lists of indices itself (then none of those four is given).

    `batchify_fn` turns a list of samples into a batch (default: ``default_batchify_fn``, or
    ``default_mp_batchify_fn`` with workers). `num_workers` > 0 reads and batchifies in that many worker
    processes (threads with `thread_pool`), `prefetch` batches ahead (default twice the workers), waiting
    at most `timeout` seconds for one. `pin_memory` returns batches in page-locked memory (context
    ``cpu_pinned(pin_device_id)``) for quicker copies to a GPU. `auto_reload` starts on the next epoch as
    soon as one ends. `try_nopython` (of later MXNet versions) is accepted and ignored.
    """

    def __init__(self, dataset, batch_size=None, shuffle=False, sampler=None, last_batch=None,
                 batch_sampler=None, batchify_fn=None, num_workers=0, pin_memory=False, pin_device_id=0,
                 prefetch=None, thread_pool=False, timeout=120, auto_reload=False, try_nopython=None):
        if not isinstance(timeout, (int, float)) or timeout <= 0:
            raise ValueError('timeout must be a positive number of seconds, given {!r}'.format(timeout))
        self._batch_sampler = _make_batch_sampler(dataset, batch_size, shuffle, sampler, last_batch, batch_sampler)
        self._dataset, self._timeout, self._thread_pool = dataset, timeout, thread_pool
        self._pin_memory, self._pin_device_id = pin_memory, pin_device_id
        if not isinstance(num_workers, (int, np.integer)):
            raise TypeError('num_workers must be an int, got {!r}'.format(num_workers))
        self._num_workers = max(int(num_workers), 0)
        self._prefetch = max(0, int(prefetch) if prefetch is not None else 2 * self._num_workers)
        if batchify_fn is None:
            batchify_fn = default_mp_batchify_fn if self._num_workers > 0 else default_batchify_fn
        elif not callable(batchify_fn):
            raise TypeError('batchify_fn must be callable, got {}'.format(type(batchify_fn).__name__))
        self._batchify_fn = batchify_fn
        self._worker_pool = None
        self.auto_reload = auto_reload
        self._iter = None
        if auto_reload:
            self.refresh()

    def _pool(self):
        if self._worker_pool is None:
            cls = _ThreadPool if self._thread_pool else _ProcessPool
            self._worker_pool = cls(self._num_workers, self._dataset, self._batchify_fn)
        return self._worker_pool

    def _same_process_iter(self):
        dataset, batchify_fn = self._dataset, self._batchify_fn
        for indices in self._batch_sampler:
            batch = batchify_fn([dataset[i] for i in indices])
            if self._pin_memory:
                batch = _pin(batch, self._pin_device_id)
            yield batch

    def _prefetch_iter(self):
        if self._num_workers == 0:
            return self._same_process_iter()
        return _MultiWorkerIter(self._pool(), self._batch_sampler, pin_memory=self._pin_memory,
                                pin_device_id=self._pin_device_id, prefetch=self._prefetch,
                                timeout=self._timeout)

    def __iter__(self):
        if self._iter is None:
            self.refresh()
        it = self._iter
        self._iter = None  # an iterator is used once
        for batch in it:
            yield batch
        if self._iter is None and self.auto_reload:
            self.refresh()

    def __len__(self):
        return len(self._batch_sampler)

    def refresh(self):
        """Starts a new iterator now (prefetching begins), to be used by the next ``iter()``."""
        self._iter = self._prefetch_iter()

    def clean(self):
        """Drops the prefetched iterator; prefetching starts again at the next ``iter()``."""
        self._iter = None

    def __del__(self):
        # iterators still in use hold the pool themselves: the workers stop when the last user is gone
        self._iter = None
        self._worker_pool = None


# ---- MXNet's older loader (DataLoaderV1) and the multiprocessing helpers of its module -------------------
# DataLoaderV1 is MXNet 1.x's first multi-process loader: worker processes read (index, sample indices)
# from one queue and put (index, batch) on another; a thread of the parent files the batches by index so
# that they come out in order. Its queues pickle with ForkingPickler, through which NDArrays travel as
# torch tensors in shared memory (the reducers registered above).
import multiprocessing.pool  # noqa: E402
import multiprocessing.queues  # noqa: E402
from multiprocessing.pool import ThreadPool  # noqa: E402,F401  (MXNet's module shows it)

from ... import ndarray as nd  # noqa: E402,F401  (as above)
from ...util import is_np_array, is_np_shape, set_np  # noqa: E402,F401  (as above)

# MXNet's pickling hooks for sending arrays to other processes: reduce_*(array) puts the array in shared
# memory (context cpu_shared(0)) and gives (rebuild_*, args); rebuild_*(*args), in any process that got the
# args through ForkingPickler, is an array over that same memory.
rebuild_ndarray, rebuild_np_ndarray = _rebuild_ndarray, _rebuild_np_ndarray


def _to_shared(data):
    shared = data.as_in_context(_CPU_SHARED)
    tensor = shared._t.detach()
    if tensor.device.type == 'cpu':
        tensor.share_memory_()
    return tensor, shared._ctx


def reduce_ndarray(data):
    """``(rebuild_ndarray, args)`` for the NDArray `data`, its values moved to shared memory."""
    return rebuild_ndarray, _to_shared(data)


def reduce_np_ndarray(data):
    """``(rebuild_np_ndarray, args)`` for the mx.np.ndarray `data`, its values moved to shared memory."""
    return rebuild_np_ndarray, _to_shared(data)


class ConnectionWrapper(object):
    """A multiprocessing connection whose ``send``/``recv`` pickle with ForkingPickler (so NDArrays go
    through shared memory); every other attribute is the connection's own."""

    def __init__(self, conn):
        self._conn = conn

    def send(self, obj):
        """Pickle `obj` (ForkingPickler, highest protocol) and send the bytes."""
        self.send_bytes(_dumps(obj))

    def recv(self):
        """Receive bytes and unpickle them."""
        return pickle.loads(self.recv_bytes())

    def __getattr__(self, name):
        conn = self.__dict__.get('_conn')
        return getattr(conn, name)


def _wrap_ends(queue):
    queue._reader = ConnectionWrapper(queue._reader)
    queue._writer = ConnectionWrapper(queue._writer)
    queue._send = queue._writer.send
    queue._recv = queue._reader.recv


class Queue(multiprocessing.queues.Queue):
    """A multiprocessing Queue (of this module's process context) whose ends are ConnectionWrappers."""
    def __init__(self, *args, **kwargs):
        super().__init__(*args, ctx=_mp_context(), **kwargs)
        _wrap_ends(self)


class SimpleQueue(multiprocessing.queues.SimpleQueue):
    """A multiprocessing SimpleQueue (no feeder thread) whose ends are ConnectionWrappers."""
    def __init__(self, *args, **kwargs):
        super().__init__(*args, ctx=_mp_context(), **kwargs)
        _wrap_ends(self)


def worker_loop_v1(dataset, key_queue, data_queue, batchify_fn):
    """A DataLoaderV1 worker: takes ``(index, sample indices)`` from `key_queue` until the index is None,
    and puts ``(index, batchify_fn(samples))`` on `data_queue`."""
    global _in_worker
    if multiprocessing.parent_process() is not None:
        _in_worker = True  # a worker process: default_mp_batchify_fn stacks into shared memory
    while True:
        key, indices = key_queue.get()
        if key is None:
            return
        data_queue.put((key, batchify_fn([dataset[i] for i in indices])))


def fetcher_loop_v1(data_queue, data_buffer, pin_memory=False, pin_device_id=0, data_buffer_lock=None):
    """DataLoaderV1's fetcher thread: takes ``(index, batch)`` from `data_queue` until the index is None
    and files the batch, moved to ``cpu()`` (``cpu_pinned(pin_device_id)`` with `pin_memory`), as
    ``data_buffer[index]`` (holding `data_buffer_lock` when given)."""
    while True:
        key, batch = data_queue.get()
        if key is None:
            return
        batch = _pin(batch, pin_device_id) if pin_memory else _as_in_context(batch, context.cpu())
        if data_buffer_lock is None:
            data_buffer[key] = batch
            continue
        with data_buffer_lock:
            data_buffer[key] = batch
            if isinstance(data_buffer_lock, threading.Condition):  # DataLoaderV1's: wake the reader
                data_buffer_lock.notify_all()


class _MultiWorkerIterV1(object):
    """One epoch of DataLoaderV1 with worker processes: keeps two tasks per worker in flight and yields
    the batches in the sampler's order."""
    def __init__(self, num_workers, dataset, batchify_fn, batch_sampler, pin_memory=False, pin_device_id=0,
                 worker_fn=worker_loop_v1):
        if not num_workers > 0:
            raise AssertionError('_MultiWorkerIter is not for {} workers'.format(num_workers))
        self._num_workers = num_workers
        self._batch_sampler = batch_sampler
        self._key_queue, self._data_queue = Queue(), SimpleQueue()
        self._buffer, self._lock = {}, threading.Condition()
        self._next_wanted = self._next_sent = 0
        self._tasks = iter(batch_sampler)
        self._shutdown = False
        ctx = _mp_context()
        self._workers = []
        for _ in range(num_workers):
            proc = ctx.Process(target=worker_fn, args=(dataset, self._key_queue, self._data_queue, batchify_fn))
            proc.daemon = True
            proc.start()
            self._workers.append(proc)
        self._fetcher = threading.Thread(target=fetcher_loop_v1, daemon=True, args=(
            self._data_queue, self._buffer, pin_memory, pin_device_id, self._lock))
        self._fetcher.start()
        for _ in range(2 * num_workers):
            self._send_task()

    def _send_task(self):
        indices = next(self._tasks, None)
        if indices is not None:
            self._key_queue.put((self._next_sent, indices))
            self._next_sent += 1

    def __len__(self):
        return len(self._batch_sampler)

    def __iter__(self):
        return self

    def __next__(self):
        if self._shutdown:
            raise AssertionError('call __next__ after shutdown is forbidden')
        if self._next_wanted == self._next_sent:
            if self._buffer:
                raise AssertionError('Data buffer should be empty at this moment')
            self.shutdown()
            raise StopIteration
        wanted = self._next_wanted
        with self._lock:
            while wanted not in self._buffer:
                if not self._fetcher.is_alive():
                    raise MXNetError('DataLoaderV1: the fetcher thread stopped before batch {} came'.format(wanted))
                self._lock.wait(1.0)
            batch = self._buffer.pop(wanted)
        self._next_wanted += 1
        self._send_task()
        return batch

    next = __next__

    def shutdown(self):
        """Stop the fetcher thread (first, so that it takes nothing more), then the worker processes."""
        if self._shutdown:
            return
        self._data_queue.put((None, None))
        self._fetcher.join()
        for _ in self._workers:
            self._key_queue.put((None, None))
        for proc in self._workers:
            if proc.is_alive():
                proc.terminate()
        self._shutdown = True

    def __del__(self):
        try:
            self.shutdown()
        except Exception:  # noqa: BLE001  (interpreter shutdown)
            pass


class DataLoaderV1(object):
    """MXNet's first Gluon DataLoader: mini-batches of `dataset`, made in this process or, with
    `num_workers` > 0, by that many worker processes (each epoch starts its own).

    Parameters
    ----------
    dataset : Dataset
        Indexable samples (numpy and mxnet arrays can be used directly).
    batch_size : int
        Samples per batch (unless `batch_sampler` is given).
    shuffle : bool
        Random order each epoch (not with `sampler`).
    sampler : Sampler
        The order of the samples.
    last_batch : {'keep', 'discard', 'rollover'}
        What to do with a last batch smaller than `batch_size` (default 'keep').
    batch_sampler : Sampler
        Gives the batches' sample indices itself (then none of the four above).
    batchify_fn : callable
        Makes a batch of a list of samples; by default ``default_batchify_fn``, or
        ``default_mp_batchify_fn`` with workers (batches in shared memory).
    num_workers : int, default 0
        Worker processes (a negative number is 0).
    pin_memory : bool, default False
        Return the batches in pinned memory (``cpu_pinned(pin_device_id)``).
    pin_device_id : int, default 0
    """
    def __init__(self, dataset, batch_size=None, shuffle=False, sampler=None, last_batch=None, batch_sampler=None,
                 batchify_fn=None, num_workers=0, pin_memory=False, pin_device_id=0):
        self._dataset = dataset
        self._pin_memory, self._pin_device_id = pin_memory, pin_device_id
        self._batch_sampler = _make_batch_sampler(dataset, batch_size, shuffle, sampler, last_batch, batch_sampler)
        self._num_workers = max(num_workers, 0)
        if batchify_fn is not None:
            self._batchify_fn = batchify_fn
        else:
            self._batchify_fn = default_mp_batchify_fn if num_workers > 0 else default_batchify_fn

    def _in_process(self):
        for indices in self._batch_sampler:
            batch = self._batchify_fn([self._dataset[i] for i in indices])
            yield _pin(batch, self._pin_device_id) if self._pin_memory else batch

    def __iter__(self):
        if not self._num_workers:
            return self._in_process()
        return _MultiWorkerIterV1(self._num_workers, self._dataset, self._batchify_fn, self._batch_sampler,
                                  self._pin_memory, self._pin_device_id)

    def __len__(self):
        return len(self._batch_sampler)
