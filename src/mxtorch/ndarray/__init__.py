"""NDArray API of mxtorch: ``mx.nd``.

Every operator comes from the one operator table (registry.py, filled by ops/); this module exposes the
table's top-level namespace as functions, attaches the operators that MXNet also has as NDArray methods,
and adds the array-creation functions and the file format."""
from . import registry
from . import ops  # noqa: F401  (fills the operator table)
from .ndarray import NDArray, waitall, from_torch
from .creation import array, empty, zeros, ones, full, arange, linspace, eye
from .utils import concatenate, onehot_encode, from_numpy, from_dlpack, to_dlpack_for_read, to_dlpack_for_write
from .serialization import *  # noqa: F401,F403  (save, load, ...)
from . import random, linalg, contrib, sparse, image, _internal
from . import ndarray as _ndarray_module

for _name, _function in registry.methods().items():
    if not hasattr(NDArray, _name):
        setattr(NDArray, _name, _function)

globals().update(registry.namespace_functions(''))
del _name, _function
