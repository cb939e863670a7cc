"""Where this process stands in a distributed job, read from the environment its launcher set.

- ``mxtorch launch`` and MXNet's tools/launch.py set DMLC_ROLE (worker, server or scheduler),
  DMLC_PS_ROOT_URI and DMLC_PS_ROOT_PORT (the job's rendezvous address), DMLC_NUM_WORKER and
  DMLC_NUM_SERVER, and where the launcher numbers its processes DMLC_WORKER_ID / DMLC_SERVER_ID (under
  mpirun, MPI's rank); processes without a number get one in the order they join. At the rendezvous
  address listens the job's store (a torch.distributed TCPStore): in the launcher for ``mxtorch
  launch``, in the scheduler process for tools/launch.py.
- torchrun sets RANK, WORLD_SIZE, MASTER_ADDR and MASTER_PORT: every process is a worker, and there are
  no servers.

The workers form torch.distributed's default process group (Gloo for CPU tensors, NCCL for CUDA tensors
where NCCL is built in). Failures end the job in bounded time: every worker and server watches the store
for an abort notice, written by the launcher when a process dies and by a process whose script raised,
and stops with a message naming the cause. (When a peer dies in the middle of an exchange, the exchange
itself fails first, with the same message.)
"""
import atexit
import datetime
import os
import sys
import threading
import time

import torch
import torch.distributed as dist

from ..base import MXNetError

__all__ = ['job', 'in_job', 'ROLE_VARIABLES']

# variables that make a process part of a job (launch.py's, or torchrun's)
ROLE_VARIABLES = ('DMLC_ROLE', 'DMLC_NUM_WORKER')
_TORCHRUN = ('RANK', 'WORLD_SIZE', 'MASTER_ADDR', 'MASTER_PORT')
_POLL = 0.5


def _seconds(name, default):
    return datetime.timedelta(seconds=float(os.environ.get(name, default)))


def in_job(env=None):
    """Whether the environment describes a distributed job."""
    env = os.environ if env is None else env
    return 'DMLC_NUM_WORKER' in env or all(v in env for v in _TORCHRUN)


class Job(object):
    """This process in its job: `role`, `rank` (among the processes of its role), `num_workers`,
    `num_servers`, and `store` (the job's key-value store, under the prefix 'mxtorch/')."""

    def __init__(self, env):
        self._group_ready = False
        self._failing = False
        self._store_is_ours = True    # losing the store means losing the job (not so under torchrun)
        if 'DMLC_NUM_WORKER' in env:
            self._from_launch_py(env)
        else:
            self._from_torchrun(env)
        self.name = '{} {}'.format(self.role, self.rank)
        if self.role != 'scheduler':
            self._watch()

    # ---- reading the environment --------------------------------------------------------------------
    def _from_launch_py(self, env):
        self.launcher = 'launch'
        self.role = env.get('DMLC_ROLE', 'worker').lower()
        if self.role not in ('worker', 'server', 'scheduler'):
            raise MXNetError('DMLC_ROLE must be worker, server or scheduler, not {!r}'.format(self.role))
        try:
            self.num_workers = int(env['DMLC_NUM_WORKER'])
            self.num_servers = int(env.get('DMLC_NUM_SERVER', 0))
            host, port = env['DMLC_PS_ROOT_URI'], int(env['DMLC_PS_ROOT_PORT'])
        except (KeyError, ValueError) as e:
            raise MXNetError('a distributed job needs DMLC_NUM_WORKER, DMLC_PS_ROOT_URI and DMLC_PS_ROOT_PORT '
                             '(numbers where numbers are meant): {!r} is missing or wrong'.format(e.args[0]))
        self.host, self.port = host, port
        store = dist.TCPStore(host, port, None, self.role == 'scheduler',
                              timeout=_seconds('MXTORCH_KVSTORE_CONNECT_TIMEOUT', 120),
                              wait_for_workers=False)
        self.store = dist.PrefixStore('mxtorch', store)
        given = env.get('DMLC_WORKER_ID' if self.role == 'worker' else 'DMLC_SERVER_ID',
                        env.get('OMPI_COMM_WORLD_RANK', env.get('PMI_RANK')))
        if self.role == 'scheduler':
            self.rank = 0
        elif given is not None:
            self.rank = int(given)
        else:
            self.rank = self.store.add('rank/' + self.role, 1) - 1

    def _from_torchrun(self, env):
        self.launcher = 'torchrun'
        self.role, self.num_servers = 'worker', 0
        self.rank, self.num_workers = int(env['RANK']), int(env['WORLD_SIZE'])
        self.host, self.port = env['MASTER_ADDR'], int(env['MASTER_PORT'])
        if dist.is_initialized():
            # the script made the process group itself: share its store
            store = dist.distributed_c10d._get_default_store()
        else:
            store, _, _ = next(dist.rendezvous('env://', self.rank, self.num_workers,
                                               timeout=_seconds('MXTORCH_KVSTORE_CONNECT_TIMEOUT', 120)))
        self.store = dist.PrefixStore('mxtorch', store)
        self._store_is_ours = False

    # ---- the workers' process group -----------------------------------------------------------------
    def group(self):
        """Makes sure the workers' default process group exists (collective: every worker calls it)."""
        if self._group_ready:
            return
        if self.role != 'worker':
            raise MXNetError('only workers exchange values; this process is {}'.format(self.name))
        if dist.is_initialized():
            if dist.get_world_size() != self.num_workers or dist.get_rank() != self.rank:
                raise MXNetError('torch.distributed is already initialized as rank {} of {}, but this process '
                                 'is worker {} of {}'.format(dist.get_rank(), dist.get_world_size(),
                                                              self.rank, self.num_workers))
        else:
            backend = 'gloo'
            if torch.cuda.is_available() and dist.is_nccl_available():
                backend = 'cpu:gloo,cuda:nccl'
            dist.init_process_group(backend, store=dist.PrefixStore('pg', self.store), rank=self.rank,
                                    world_size=self.num_workers,
                                    timeout=_seconds('MXTORCH_KVSTORE_TIMEOUT', 1800))
            # The group made here is taken down before the interpreter finalizes: left to the destructors
            # of its C++ objects at exit, a worker thread still joinable aborts the process now and then
            # ("terminate called without an active exception" after a clean run). Registered after the
            # watcher's handler, this runs before it.
            atexit.register(_destroy_group)
        self._group_ready = True

    # ---- failures -------------------------------------------------------------------------------------
    def abort(self, reason):
        """Tells every process of the job to stop, for `reason` (the first reason given stays)."""
        try:
            if self.store.add('abort/count', 1) == 1:
                self.store.set('abort', reason)
        except Exception:  # the store is gone already: nobody is left to tell
            pass

    def abort_reason(self, wait=0.0):
        """The abort notice, waiting up to `wait` seconds for one to appear; None when there is none."""
        deadline = time.monotonic() + wait
        while True:
            try:
                if self.store.check(['abort']):
                    return self.store.get('abort').decode('utf-8', 'replace')
            except Exception:
                return 'the job\'s store at {}:{} cannot be reached (the launcher ended?)'.format(
                    self.host, self.port)
            if time.monotonic() >= deadline:
                return None
            time.sleep(0.1)

    def failure(self, what, error):
        """An MXNetError for `what` failing with `error` (an exception of torch.distributed), naming the
        cause when the job has been told one."""
        reason = self.abort_reason(wait=5.0)
        cause = reason if reason is not None else '{}: {}'.format(type(error).__name__, error)
        return MXNetError('{} on {} failed: {}'.format(what, self.name, cause))

    def _watch(self):
        """Starts the thread that ends this process when the job is told to stop, and makes the script's
        uncaught exception such a notice."""
        hook = sys.excepthook

        def excepthook(kind, value, tb):
            if not issubclass(kind, (KeyboardInterrupt, SystemExit)):
                self._failing = True
                self.abort('{} failed: {}: {}'.format(self.name, kind.__name__, value))
            hook(kind, value, tb)
        sys.excepthook = excepthook

        stop = threading.Event()

        def watch():
            while not stop.wait(_POLL):
                try:
                    found = self.store.check(['abort'])
                except Exception:
                    if not self._store_is_ours:
                        return
                    found = True
                if found and not self._failing:
                    reason = self.abort_reason()
                    sys.stderr.write('mxtorch: {} stops: {}\n'.format(self.name, reason))
                    sys.stderr.flush()
                    os._exit(1)
        watcher = threading.Thread(target=watch, name='mxtorch-job-watch', daemon=True)
        watcher.start()

        def stop_watching():
            # A daemon thread still inside a store call when the interpreter finalizes is unwound through
            # torch's C++ frames, which aborts the process (SIGABRT after a clean run). Registered first,
            # this runs after every later exit handler (rpc.shutdown included), so the watch covers them.
            stop.set()
            watcher.join(timeout=30)
        atexit.register(stop_watching)
        if self.role == 'worker':
            atexit.register(self._done)

    def _done(self):
        try:
            self.store.add('done/worker', 1)
        except Exception:
            pass

    def workers_done(self):
        return self.store.add('done/worker', 0) >= self.num_workers


def _destroy_group():
    try:
        if dist.is_initialized():
            dist.destroy_process_group()
    except Exception:  # noqa: BLE001 - at exit, a group already broken by a failed peer has nothing to free
        pass


_JOB = None
_LOCK = threading.Lock()


def job():
    """This process's Job; an MXNetError outside a distributed job."""
    global _JOB
    with _LOCK:
        if _JOB is None:
            if not in_job():
                raise MXNetError('distributed kvstores need a job of several processes, and DMLC_NUM_WORKER is '
                                 'not set: start the script with "mxtorch launch -n NUM_WORKERS python '
                                 'SCRIPT" (or MXNet\'s tools/launch.py, or torchrun)')
            _JOB = Job(os.environ)
        return _JOB
