"""'horovod': Horovod's way of data-parallel training, all-reduce among the workers with no optimizer in
the store, on torch.distributed (the job of ``mxtorch launch`` or torchrun; Horovod itself is not needed).

gluon.Trainer with this store broadcasts worker 0's parameters at the start, sums every gradient over the
workers at each step and updates the parameters on each worker.
"""
import os

import torch

from ..base import MXNetError
from ._job import job
from .base import KVStoreBase, _pairs, _check_capability
from .dist import _Exchange
from .kvstore import _add_up

__all__ = ['Horovod']


@KVStoreBase.register
class Horovod(KVStoreBase):
    """All-reduce among the job's workers; `create('horovod')` makes one."""

    def __init__(self):
        self._job = job()
        self._job.group()
        self._net = _Exchange(self._job, 'horovod')

    def broadcast(self, key, value, out, priority=0):
        """Copies worker 0's `value` of each key into `out` on every worker."""
        pairs = _pairs(key, value)
        outs = _pairs(key, out, 'outputs')
        with torch.no_grad():
            sent = [arrays[0]._t.clone() for _, arrays in pairs]
            self._net.run('broadcast', self._net.buckets, sent, torch.distributed.broadcast)
            for t, (_, targets) in zip(sent, outs):
                for o in targets:
                    o._t.copy_(t)

    def pushpull(self, key, value, out=None, priority=0):
        """Sums the values of each key over the devices and the workers; the total goes into `out` (into
        the values themselves when out is None)."""
        pairs = _pairs(key, value)
        targets = pairs if out is None else _pairs(key, out, 'outputs')
        with torch.no_grad():
            totals = [_add_up(arrays, arrays[0]._t.device) for _, arrays in pairs]
            totals, flats, _ = self._net.run('pushpull', self._net.buckets, totals, torch.distributed.all_reduce, True)
            for t, (_, outs) in zip(totals, targets):
                for o in outs:
                    o._t.copy_(t)
            for flat in flats:
                self._net.release(flat)

    def is_capable(self, capability):
        _check_capability(capability)
        return False

    def set_optimizer(self, optimizer):
        raise MXNetError("kvstore 'horovod' runs no optimizer: the Trainer updates on every worker")

    def save_optimizer_states(self, fname, dump_optimizer=False):
        raise NotImplementedError()

    def load_optimizer_states(self, fname):
        raise NotImplementedError()

    @property
    def type(self):
        return 'horovod'

    @property
    def local_rank(self):
        """This worker's number among the workers of its machine (LOCAL_RANK, else the rank)."""
        return int(os.environ.get('LOCAL_RANK', self._job.rank))

    @property
    def rank(self):
        return self._job.rank

    @property
    def num_workers(self):
        return self._job.num_workers

