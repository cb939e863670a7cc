"""mx.nd.sparse: mxtorch has no sparse storage ('csr', 'row_sparse').

The module exists so that code importing it loads. What only makes sense on sparse arrays raises an
MXNetError that says so; what MXNet also answers for dense ('default') storage works the same way here:
``zeros('default', shape)``, ``empty('default', shape)`` and the arithmetic functions on NDArrays.
The classes exist for ``isinstance`` checks (no array is ever one of them) and cannot be created.
"""
from ..base import MXNetError
from . import creation as _creation
from .ndarray import NDArray

__all__ = ['csr_matrix', 'row_sparse_array', 'BaseSparseNDArray', 'CSRNDArray', 'RowSparseNDArray',
           'add', 'subtract', 'multiply', 'divide', 'zeros', 'empty', 'array']

_STYPES = ('csr', 'row_sparse')


class _SparseNotSupported(MXNetError, AttributeError):
    """Raised for sparse-only features; also an AttributeError, so that ``hasattr`` and ``getattr`` with a
    default keep working on this module."""


def _unsupported(what):
    return _SparseNotSupported(
        '{}: mxtorch has no sparse storage (csr, row_sparse); only dense (stype "default") NDArrays '
        'exist. Use dense arrays (mx.nd.array, mx.nd.zeros) instead.'.format(what))


class BaseSparseNDArray(NDArray):
    """Base class of MXNet's sparse arrays; mxtorch has none, creating one raises MXNetError."""
    __slots__ = ()

    def __new__(cls, *args, **kwargs):
        raise _unsupported('mx.nd.sparse.' + cls.__name__)


class CSRNDArray(BaseSparseNDArray):
    """A sparse matrix in compressed sparse row format; not supported by mxtorch."""
    __slots__ = ()


class RowSparseNDArray(BaseSparseNDArray):
    """A sparse array of selected rows; not supported by mxtorch."""
    __slots__ = ()


def csr_matrix(arg1, shape=None, ctx=None, dtype=None):
    """Creates a CSRNDArray in MXNet; raises MXNetError in mxtorch (no sparse storage)."""
    raise _unsupported('mx.nd.sparse.csr_matrix')


def row_sparse_array(arg1, shape=None, ctx=None, dtype=None):
    """Creates a RowSparseNDArray in MXNet; raises MXNetError in mxtorch (no sparse storage)."""
    raise _unsupported('mx.nd.sparse.row_sparse_array')


def array(source_array, ctx=None, dtype=None):
    """Creates a sparse array from a sparse source in MXNet; raises MXNetError in mxtorch."""
    raise _unsupported('mx.nd.sparse.array')


def _check_stype(stype, fn_name):
    if stype in _STYPES:
        raise _unsupported('mx.nd.sparse.{}(stype={!r})'.format(fn_name, stype))
    if stype != 'default':
        raise ValueError('mx.nd.sparse.{}: unknown storage type {!r}'.format(fn_name, stype))


def zeros(stype, shape, ctx=None, dtype=None, **kwargs):
    """An array of zeros; only ``stype='default'`` (a dense NDArray) is possible in mxtorch."""
    _check_stype(stype, 'zeros')
    return _creation.zeros(shape, ctx=ctx, dtype=dtype, **kwargs)


def empty(stype, shape, ctx=None, dtype=None):
    """An uninitialised array; only ``stype='default'`` (a dense NDArray) is possible in mxtorch."""
    _check_stype(stype, 'empty')
    return _creation.empty(shape, ctx=ctx, dtype=dtype)


def _dense_only(name, lhs, rhs):
    if not isinstance(lhs, NDArray) and not isinstance(rhs, NDArray):
        raise TypeError('mx.nd.sparse.{}: at least one argument must be an NDArray, got {} and {}'.format(
            name, type(lhs).__name__, type(rhs).__name__))


def add(lhs, rhs):
    """``lhs + rhs`` with broadcasting (all arrays are dense in mxtorch)."""
    _dense_only('add', lhs, rhs)
    return lhs + rhs


def subtract(lhs, rhs):
    """``lhs - rhs`` with broadcasting (all arrays are dense in mxtorch)."""
    _dense_only('subtract', lhs, rhs)
    return lhs - rhs


def multiply(lhs, rhs):
    """``lhs * rhs`` with broadcasting (all arrays are dense in mxtorch)."""
    _dense_only('multiply', lhs, rhs)
    return lhs * rhs


def divide(lhs, rhs):
    """``lhs / rhs`` with broadcasting (all arrays are dense in mxtorch)."""
    _dense_only('divide', lhs, rhs)
    return lhs / rhs


def __getattr__(name):
    # every other sparse operator (dot, retain, slice, cast_storage, ...) of MXNet's module
    if name.startswith('__'):
        raise AttributeError(name)
    raise _unsupported('mx.nd.sparse.' + name)
