"""``npx.save`` / ``npx.load``: MXNet's array file with NumPy shapes (0-d arrays and zero-size dimensions
are kept), holding mx.np arrays. Both need NumPy semantics on, as in MXNet."""
from .._state import np_shape as _np_shape
from ..base import string_types
from ..ndarray import serialization as _serialization
from ..numpy.multiarray import ndarray
from ..util import is_np_array, is_np_shape

__all__ = ['save', 'load']


def _require_np(verb):
    if not (is_np_shape() and is_np_array()):
        raise ValueError('Cannot {} `mxnet.numpy.ndarray` in legacy mode. Please activate numpy semantics by '
                         'calling `npx.set_np()` in the global scope before calling this function.'.format(verb))


def save(file, arr):
    """Save an mx.np array, a list of them or a dict str -> array to `file` (MXNet's format)."""
    _require_np('save')
    if isinstance(arr, ndarray):
        arr = [arr]
    if isinstance(arr, dict):
        if any(not isinstance(k, string_types) for k in arr) or any(not isinstance(v, ndarray) for v in arr.values()):
            raise TypeError('Only accepts dict str->ndarray or list of ndarrays')
        data = {k: v.as_nd_ndarray() for k, v in arr.items()}
    elif isinstance(arr, list):
        if any(not isinstance(v, ndarray) for v in arr):
            raise TypeError('Only accepts dict str->ndarray or list of ndarrays')
        data = [v.as_nd_ndarray() for v in arr]
    else:
        raise ValueError('data needs to either be a ndarray, dict of (str, ndarray) pairs or a list of ndarrays.')
    previous, _np_shape.active = _np_shape.active, True
    try:
        _serialization.save(file, data)
    finally:
        _np_shape.active = previous


def load(file):
    """The arrays saved in `file`: a list of mx.np arrays, or a dict str -> array."""
    _require_np('load')
    loaded = _serialization.load(file)
    if isinstance(loaded, dict):
        return {k: v.as_np_ndarray() for k, v in loaded.items()}
    return [v.as_np_ndarray() for v in loaded]
