"""Key-value stores (mx.kv, mx.kvstore): the one-process stores that gluon.Trainer sums gradients of
several devices with ('local', 'device'), and the distributed ones of jobs started by ``mxtorch launch``,
MXNet's tools/launch.py or torchrun ('dist_sync', 'dist_device_sync', 'dist_async', 'horovod'), on
torch.distributed."""
from .base import create, KVStoreBase, TestStore
from .kvstore import KVStore, _create_kvstore  # noqa: F401  (_create_kvstore: gluon.Trainer, mx.model)
from . import dist  # noqa: F401  (the 'dist_*' kinds)
from .horovod import Horovod
from .kvstore_server import KVStoreServer, _init_kvstore_server_module

__all__ = ['create', 'KVStoreBase', 'KVStore', 'TestStore', 'KVStoreServer', 'Horovod']

_init_kvstore_server_module()
