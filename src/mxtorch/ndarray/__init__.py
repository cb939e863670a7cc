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
from . import creation, _sparse_updates
from . import ndarray as _ndarray_module
from ..base import MXNetError as _MXNetError

for _name, _method in _methods.METHODS.items():
    if _name in vars(NDArray):
        raise _MXNetError('NDArray.{} is defined twice (by an operator and by ndarray/_methods.py)'.format(_name))
    setattr(NDArray, _name, _method)

globals().update(registry.namespace_functions(''))


def _sparse_aware(namespace, name, function):
    """Puts nd.sparse's `function` at `namespace[name]` in place of the table's dense operator, which stays
    reachable as ``_dense_<name>`` beside it, so that pickling it (worker processes) finds it."""
    dense = namespace[name]
    dense.__qualname__ = '_dense_' + name
    namespace['_dense_' + name] = dense
    namespace[name] = function


# sparse storage: dense arrays convert to csr/row_sparse, creation takes a sparse stype, cast_storage takes
# every storage type, nd.take of a csr matrix's rows is csr, nd.contrib.getnnz counts a csr matrix's
# stored values, and nd.sparse has the lazy optimizer operators
NDArray.tostype = sparse.tostype
creation.sparse_storage = sparse
_sparse_aware(globals(), 'cast_storage', sparse.cast_storage)
_sparse_aware(globals(), 'take', sparse.take)
_sparse_aware(vars(contrib), 'getnnz', sparse.getnnz)
_sparse_aware(vars(_internal), '_square_sum', sparse._square_sum)
_sparse_aware(vars(_internal), '_sparse_retain', sparse.retain)
_sparse_aware(vars(contrib), 'quadratic', sparse.quadratic)
for _name in _sparse_updates.OPTIMIZER_OPERATORS:
    setattr(sparse, _name, getattr(_sparse_updates, _name))
del _name, _method

from .utils import histogram  # noqa: E402
from ..base import numeric_types, integer_types, mx_real_t  # noqa: E402
from ..context import current_context  # noqa: E402
from ..util import is_np_array  # noqa: E402


def _name_in_mxnet_modules():
    """MXNet writes the Python-made array functions (creation, arithmetic with scalars, save/load, DLPack) in
    mxnet.ndarray.ndarray and mxnet.ndarray.utils, and scripts import them from there: those modules name
    the same objects as mx.nd."""
    facts = {
        _ndarray_module: ('add', 'arange', 'array', 'concatenate', 'divide', 'empty', 'equal', 'eye', 'from_dlpack',
                          'from_numpy', 'full', 'greater', 'greater_equal', 'histogram', 'lesser',
                          'lesser_equal', 'linspace', 'logical_and', 'logical_or', 'logical_xor', 'maximum',
                          'minimum', 'modulo', 'moveaxis', 'multiply', 'not_equal', 'onehot_encode', 'ones',
                          'power', 'split_v2', 'subtract', 'to_dlpack_for_read', 'to_dlpack_for_write',
                          'true_divide', 'zeros'),
        utils: ('array', 'empty', 'zeros', 'save', 'load', 'load_frombuffer'),
    }
    here = globals()
    extra = dict(numeric_types=numeric_types, integer_types=integer_types, mx_real_t=mx_real_t,
                 current_context=current_context, is_np_array=is_np_array)
    for module, names in facts.items():
        for name in names:
            if not hasattr(module, name):
                setattr(module, name, here[name])
    for name, value in extra.items():
        if not hasattr(_ndarray_module, name):
            setattr(_ndarray_module, name, value)


_name_in_mxnet_modules()
del _name_in_mxnet_modules
