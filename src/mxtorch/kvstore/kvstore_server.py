"""The server and scheduler processes of a distributed job (MXNet's kvstore_server).

A process that a launcher starts with DMLC_ROLE=server or DMLC_ROLE=scheduler becomes one when it
imports mxtorch (as MXNet's do when they import mxnet), so the same command line serves for every role
(``mxtorch launch`` starts its local servers as such directly). A server waits until the workers ask
for parameter-server shards (a 'dist_async' store), serves
them through torch.distributed.rpc until every worker has finished, and exits; in a job without such a
store it only waits for the end. The scheduler, which only tools/launch.py starts (``mxtorch launch``
plays that part itself), holds the job's rendezvous store until the workers have finished.
"""
import os
import sys
import time

from ._job import job

__all__ = ['KVStoreServer']


class KVStoreServer(object):
    """The server of a distributed job.

    Parameters
    ----------
    kvstore : KVStore or None
        Accepted as MXNet's constructor takes it; the server's arrays are the shards the workers fill.
    """

    def __init__(self, kvstore=None):
        self.kvstore = kvstore
        self.job = job()

    def run(self):
        """Serves until every worker has finished (or the job is told to stop)."""
        j = self.job
        while not j.store.check(['servers/wanted']):
            if j.workers_done():
                return
            time.sleep(0.2)
        from torch.distributed import rpc
        from .dist import start_rpc
        start_rpc(j)
        rpc.shutdown()   # returns when every worker has shut down its side


def _run_scheduler(j):
    while not j.workers_done():
        if j.store.check(['abort']):
            # give the workers and servers time to read the notice before the store goes away
            time.sleep(5)
            return
        time.sleep(0.5)


def serve():
    """Runs this process's part of the job: the server's or the scheduler's, as DMLC_ROLE says."""
    if os.environ.get('DMLC_ROLE', '').lower() == 'scheduler':
        _run_scheduler(job())
    else:
        KVStoreServer().run()


_RUNNING = 'MXTORCH_KVSTORE_SERVING'
_SERVE = 'from mxtorch.kvstore.kvstore_server import serve; serve()'


def _init_kvstore_server_module():
    """When the environment makes this process a server or the scheduler, replaces it by one that serves
    (the serving must not run inside the import of mxtorch, where the RPC threads could not import what
    the workers' requests name)."""
    role = os.environ.get('DMLC_ROLE', 'worker').lower()
    if role not in ('server', 'scheduler') or 'DMLC_NUM_WORKER' not in os.environ or os.environ.get(_RUNNING):
        return
    env = dict(os.environ)
    env[_RUNNING] = '1'
    sys.stdout.flush()
    sys.stderr.flush()
    os.execve(sys.executable, [sys.executable, '-c', _SERVE], env)
