"""``mx.io.utils``: the helpers NDArrayIter uses to take its data apart (``_init_data``, ``_has_instance``,
``_getdata_by_idx``), where MXNet keeps them; they are io.py's."""
from collections import OrderedDict  # noqa: F401  (names MXNet's module has)

from ..ndarray import NDArray  # noqa: F401
from ..ndarray.creation import array  # noqa: F401
from ..ndarray.sparse import CSRNDArray, array as sparse_array  # noqa: F401
from .io import _init_data, _has_instance, _getdata_by_idx  # noqa: F401

try:
    import h5py  # noqa: F401  (NDArrayIter reads h5py datasets where it is installed)
except ImportError:
    h5py = None
