"""mx.nd: MXNet's NDArray API.

Every operator comes from the one operator table (registry.py, filled by ops/), which also gives NDArray
its operator methods as they register. This module exposes the table's top-level namespace as functions,
attaches the arithmetic dunders and the operator-based methods (_methods.py), and adds the creation
functions and the file format."""
from . import registry
from . import ops  # noqa: F401  (fills the operator table)
from .ndarray import NDArray, waitall, from_torch
from . import _methods
from .creation import array, empty, zeros, ones, full, arange, linspace, eye
from .utils import concatenate, onehot_encode, from_numpy, from_dlpack, to_dlpack_for_read, to_dlpack_for_write
from .serialization import *  # noqa: F401,F403  (save, load, ...)
from . import random, linalg, contrib, sparse, image, _internal
from . import ndarray as _ndarray_module
from ..base import MXNetError as _MXNetError

for _name, _method in _methods.METHODS.items():
    if _name in vars(NDArray):
        raise _MXNetError('NDArray.{} is defined twice (by an operator and by ndarray/_methods.py)'.format(_name))
    setattr(NDArray, _name, _method)

globals().update(registry.namespace_functions(''))
# sparse storage: dense arrays convert to csr/row_sparse, and cast_storage takes every storage type
NDArray.tostype = sparse.tostype
# the table's dense cast_storage stays reachable by name, so that pickling it (worker processes) finds it
_dense_cast_storage = cast_storage  # noqa: F821 (from the table's namespace above)
_dense_cast_storage.__qualname__ = '_dense_cast_storage'
cast_storage = sparse.cast_storage
# csr-aware: nd.take of a csr matrix's rows is csr, nd.contrib.getnnz counts a csr matrix's stored values
take = sparse.take
contrib.getnnz = sparse.getnnz
del _name, _method
