"""mx.nd.sparse: MXNet's sparse storage types on torch tensors.

Two storage types besides dense ('default') exist, as in MXNet:

* ``CSRNDArray`` ('csr'): a 2-D matrix in compressed sparse row form. Its storage (``_s``) is a torch
  sparse CSR tensor whose crow/col indices are int64 (MXNet's ``indptr`` and ``indices``) and whose values
  are MXNet's ``data``.
* ``RowSparseNDArray`` ('row_sparse'): an N-D array of which only some rows (slices along axis 0) are
  stored. Its storage is a torch sparse COO tensor with one sparse dimension, kept uncoalesced, so that the
  row indices stay in the order they were given (MXNet does not reorder them).

Both are NDArray subclasses: ``shape``, ``dtype`` and ``context`` read the storage;
``data``/``indices``/``indptr`` are dense NDArray copies of the parts, as in MXNet. Dense values come
back with ``asnumpy()`` or ``tostype('default')``.

Storage fallback: an operator of the table that has no sparse implementation reads an array's tensor
(``_t``); on a sparse array ``_t`` is its dense values, made when read, so that such an operator computes
on the dense values and gives a dense array, as MXNet's storage fallback does. The operators with sparse
storage-type rules are the functions of this module (``dot``, ``add``, ``retain``, ...) and the sparse
arrays' own arithmetic.
"""
import builtins
import warnings

import numpy as np
import torch

from ..base import MXNetError, dtype_torch, TORCH_TO_NP
from ..context import Context, current_context, context_of_device
from . import _codec, _sparse_codec
from . import registry as _registry
from . import creation as _creation
from .ndarray import NDArray, _wrap, context_label
from .._state import np_shape as _np_shape
from .ops.elemwise import cbrt_tensor
from .ops.sparse_update import wants_sparse_grad, GradSink, RowSparseGradSink
from .. import _autograd

# torch says once per process that its CSR tensors are in beta (mxtorch uses only their stable parts):
# let it say so here, unheard
with warnings.catch_warnings():
    warnings.simplefilter('ignore')
    torch.sparse_csr_tensor(torch.zeros(2, dtype=torch.int64), torch.zeros(0, dtype=torch.int64),
                            torch.zeros(0), size=(1, 1))

try:
    import scipy.sparse as _spsp
except ImportError:  # scipy is optional, as in MXNet
    _spsp = None

__all__ = ['csr_matrix', 'row_sparse_array', 'BaseSparseNDArray', 'CSRNDArray', 'RowSparseNDArray',
           'add', 'subtract', 'multiply', 'divide', 'zeros', 'empty', 'array', 'dot', 'retain',
           'cast_storage', 'sum', 'mean', 'sgd_update', 'sgd_mom_update', 'adam_update', 'elemwise_add',
           'elemwise_sub', 'elemwise_mul']

_STYPES = ('csr', 'row_sparse')
_INDEX = torch.int64
_new = object.__new__
_numeric = (int, float, np.generic)
py_slice, py_sum = builtins.slice, builtins.sum  # this module defines slice and sum


class NotSupportedForSparseNDArray(MXNetError):
    """A method of dense arrays that sparse arrays do not have (``_at``, ``_slice``, ``reshape``)."""

    def __init__(self, function, alias, *args):
        super().__init__()
        self.function, self.alias = function.__name__, alias
        self.args = list(map(lambda a: str(type(a)), args))

    def message(self):
        what = self.function if self.alias is None else '{} (namely operator "{}")'.format(self.function, self.alias)
        return 'Function ' + what + ' with arguments (' + ', '.join(self.args) + ') is not supported for ' \
            'SparseNDArray and only available in NDArray.'

    __str__ = message


# ---- making arrays from torch tensors -----------------------------------------------------------------
def _make_csr(indptr, indices, values, shape, label=None):
    """A CSRNDArray of the three parts (tensors on one device; indptr and indices int64)."""
    a = _new(CSRNDArray)
    a._s = torch.sparse_csr_tensor(indptr, indices, values, size=tuple(shape), check_invariants=False)
    a._ctx = label
    return a


def _make_rsp(indices, values, shape, label=None):
    """A RowSparseNDArray of row indices (int64, 1-D) and their rows (`values`, shape (nnr,) + shape[1:])."""
    a = _new(RowSparseNDArray)
    a._s = torch.sparse_coo_tensor(indices.reshape(1, -1), values, size=tuple(shape), check_invariants=False)
    a._ctx = label
    return a


def _parts_csr(t):
    return t.crow_indices(), t.col_indices(), t.values()


def _parts_rsp(t):
    return t._indices().reshape(-1), t._values()


def _dense_of(a):
    """The dense torch tensor of any array (a new tensor for sparse arrays)."""
    if isinstance(a, CSRNDArray):
        t = a._s
        indptr, indices, values = _parts_csr(t)
        out = torch.zeros(tuple(t.shape), dtype=values.dtype, device=values.device)
        if values.numel():
            rows = torch.repeat_interleave(torch.arange(t.shape[0], device=values.device), indptr.diff())
            out.index_put_((rows, indices), values, accumulate=True)
        return out
    if isinstance(a, RowSparseNDArray):
        t = a._s
        indices, values = _parts_rsp(t)
        out = torch.zeros(tuple(t.shape), dtype=values.dtype, device=values.device)
        if indices.numel():
            # index_put_ (accumulating, as duplicates would sum): torch's CPU index_add_ of N-D rows is
            # about 10^4 times slower
            out.index_put_((indices,), values, accumulate=True)
        return out
    return a._t


def _assign(target, value):
    """Replaces the contents of sparse array `target` by those of NDArray `value` (any storage type), kept in
    `target`'s storage type, dtype and device."""
    if isinstance(value, BaseSparseNDArray) and value.stype == target.stype:
        value.copyto(target)
    else:
        target._t = _dense_of(value)


def write_dense(target, tensor):
    """Writes the dense `tensor` into the sparse array `target` (an ``out=`` or ``copyto`` target of a
    dense result: MXNet's storage fallback keeps the target's storage type)."""
    target._t = tensor


def _csr_from_dense(t, label=None):
    if t.dim() != 2:
        raise ValueError('To convert to a CSR, the NDArray should be 2 Dimensional. Current shape is '
                         '{}'.format(tuple(t.shape)))
    mask = t != 0
    indptr = torch.zeros(t.shape[0] + 1, dtype=_INDEX, device=t.device)
    torch.cumsum(mask.sum(1), 0, out=indptr[1:])
    nz = mask.nonzero()
    return _make_csr(indptr, nz[:, 1].contiguous(), t[mask].clone(), t.shape, label)


def _rsp_from_dense(t, label=None):
    if t.dim() == 0:
        raise ValueError('To convert to a row_sparse array, the NDArray needs at least one dimension')
    keep = (t != 0).reshape(t.shape[0], -1).any(1) if t.numel() else \
        torch.zeros(t.shape[0], dtype=torch.bool, device=t.device)
    indices = keep.nonzero().reshape(-1)
    return _make_rsp(indices, t[indices].clone(), t.shape, label)


def _to_stype(a, stype):
    """`a` (any array) converted to storage type `stype`: always a new array."""
    src = a.stype
    if stype == 'default':
        out = _wrap(_dense_of(a).clone() if src == 'default' else _dense_of(a))
        out._ctx = a._ctx
        return out
    if stype == src:
        return a.copy()
    if src != 'default':
        raise ValueError('cast_storage from {} to {} is not supported'.format(src, stype))
    t = a._t.detach()
    return _csr_from_dense(t, a._ctx) if stype == 'csr' else _rsp_from_dense(t, a._ctx)


def _check_stype_name(stype):
    if stype not in ('default',) + _STYPES:
        raise MXNetError("Invalid Input: '{}', valid values are: {{'csr', 'default', 'row_sparse'}}, in "
                         'operator cast_storage(name="", stype="{}")'.format(stype, stype))


def tostype(self, stype):
    """A copy of the array with storage type `stype` ('default', 'csr' or 'row_sparse').

    csr is 2-D only; csr and row_sparse do not convert into each other (as in MXNet)."""
    _check_stype_name(stype)
    return _to_stype(self, stype)


def cast_storage(data, stype=None, out=None, name=None):
    """Casts `data` to storage type `stype` ('default', 'csr' or 'row_sparse'); a new array."""
    if not isinstance(data, NDArray):
        raise TypeError('cast_storage: data must be an NDArray, got {}'.format(type(data).__name__))
    _check_stype_name(stype)
    result = _to_stype(data, stype)
    if out is not None:
        result.copyto(out)
        return out
    return result


# ---- the classes ----------------------------------------------------------------------------------------
class BaseSparseNDArray(NDArray):
    """The base class of the sparse arrays (CSRNDArray, RowSparseNDArray)."""
    __slots__ = ('_s', '_var')

    # storage fallback: the dense values, for operators without a sparse implementation. A sparse array
    # that is an autograd variable (attach_grad) keeps one dense tensor per storage (``_var``: the storage
    # and its tensor), which carries the variable's mark to the next storage
    @property
    def _t(self):
        var = getattr(self, '_var', None)
        if var is None:
            return _dense_of(self)
        storage, leaf = var
        if storage is not self._s:
            fresh = _dense_of(self)
            if leaf.requires_grad:
                fresh.requires_grad_(True)
            info = getattr(leaf, '_mx_ag', None)
            if info is not None:
                fresh._mx_ag = info
            self._var = var = (self._s, fresh)
        return var[1]

    def _stored_values(self):
        """The tensor of the stored values (a view: writing into it changes the array), for code that
        treats every stored element alike (gluon.utils.clip_global_norm)."""
        s = self._s
        return s.values() if s.layout is torch.sparse_csr else s._values()

    @_t.setter
    def _t(self, tensor):
        # a dense write into a sparse array (storage fallback): the values converted to this array's storage
        # type, keeping its dtype and device
        old = self._s
        tensor = tensor.detach().to(device=old.device, dtype=old.dtype)
        self._s = _to_stype(_wrap(tensor), self.stype)._s

    # The table's operators give results of their first array's class (``x.__class__``, so that mx.np
    # arrays stay mx.np arrays); an operator falling back to the dense values gives a dense NDArray.
    # ``type(x)`` and ``isinstance`` still see the sparse class.
    @property
    def __class__(self):
        return NDArray

    @property
    def shape(self):
        return tuple(self._s.shape)

    @property
    def ndim(self):
        return self._s.dim()

    @property
    def dtype(self):
        return TORCH_TO_NP[self._s.dtype]

    @property
    def context(self):
        label = self._ctx
        return label if label is not None else context_of_device(self._s.device)

    ctx = context

    def __len__(self):
        return self._s.shape[0]

    def wait_to_read(self):
        if self._s.is_cuda:
            torch.cuda.synchronize(self._s.device)

    wait_to_write = wait_to_read

    def __new__(cls, *args, **kwargs):
        raise TypeError('mx.nd.sparse.{0}: create one with mx.nd.sparse.csr_matrix, row_sparse_array, '
                        'zeros or NDArray.tostype'.format(cls.__name__))

    def __init__(self, *args, **kwargs):  # pragma: no cover  (__new__ refuses)
        pass

    def __repr__(self):
        dims = 'x'.join(str(d) for d in self._s.shape)
        return '\n<{} {} @{}>'.format(type(self).__name__, dims, self.context)

    __str__ = __repr__

    @property
    def size(self):
        # the number of elements of a sparse array is ambiguous (stored or logical): MXNet refuses it
        raise NotImplementedError()

    def asnumpy(self):
        """The dense values, as a new numpy array."""
        t = _dense_of(self)
        if t.dtype is torch.bfloat16:
            t = t.float()
        return t.cpu().numpy()

    def astype(self, dtype, copy=True):
        """The array with its values cast to `dtype` (same storage type)."""
        target = dtype_torch(dtype)
        if not copy and target is self._s.dtype:
            return self
        return self._with_values(lambda v: v.to(target, copy=True))

    def copy(self):
        """A copy with the same storage type and context."""
        return self._with_values(lambda v: v.clone())

    def as_in_context(self, context):
        return self if self.context == context else self.copyto(context)

    as_in_ctx = as_in_context

    def copyto(self, other):
        """Copy into `other`: a dense NDArray (the dense values), an array of the same storage type (its
        contents are replaced), or a Context (a new array there)."""
        if isinstance(other, Context):
            device = other.torch_device
            moved = self._with_values(lambda v: v.clone(), device)
            moved._ctx = context_label(other)
            return moved
        if isinstance(other, NDArray):
            if other is self:
                return other
            if tuple(other.shape) != tuple(self.shape):
                raise MXNetError('copyto: shape mismatch, source {} and target {}'.format(self.shape, other.shape))
            if other.stype == 'default':
                other._t.copy_(_dense_of(self))
                return other
            if other.stype != self.stype:
                raise TypeError('copyto does not support destination NDArray stype ' + other.stype)
            copied = self._with_values(lambda v: v.to(other._s.dtype, copy=True), other._s.device)
            other._s = copied._s
            return other
        raise TypeError('copyto does not support type ' + str(type(other)))

    def tostype(self, stype):
        return tostype(self, stype)

    def check_format(self, full_check=True):
        """Raises MXNetError when the parts do not make a valid array of this storage type."""
        problem = self._format_problem(full_check)
        if problem:
            raise MXNetError('{} ({} has an invalid format: {})'.format(self._FORMAT_ERROR, type(self).__name__,
                                                                        problem))

    def __getstate__(self):
        # MXNet pickles a sparse array as one sparse record of its file format
        return {'handle': bytearray(record_bytes(self, _np_shape.active, 'NDArray.__getstate__'))}

    def __reduce__(self):
        return _from_state, (type(self).__name__,), self.__getstate__()

    def __setstate__(self, state):
        buf = bytes(state['handle'])
        src = _codec.Source('NDArray.__setstate__(<{} bytes>)'.format(len(buf)), len(buf), buf=buf)
        record = _codec.read_record(src, 0, _np_shape.active)
        if not isinstance(record, _sparse_codec.Record) or record.stype != self.stype:
            raise MXNetError('NDArray.__setstate__: the state is not a {} record'.format(self.stype))
        self._s = from_record(src, 0, record)._s
        self._ctx = None

    def _write_dense(self, tensor):
        # registry's out= and NDArray.copyto write a dense result into a sparse target through this
        write_dense(self, tensor)

    def reshape(self, *shape, **kwargs):
        raise NotSupportedForSparseNDArray(self.reshape, None, shape)

    def _at(self, idx):
        # dense arrays' element access; sparse arrays have none
        raise NotSupportedForSparseNDArray(BaseSparseNDArray._at, '[idx]', idx)

    def _slice(self, begin, end):
        raise NotSupportedForSparseNDArray(BaseSparseNDArray._slice, None, begin, end)

    @property
    def _num_aux(self):
        """How many index arrays the storage has (csr: indptr and indices; row_sparse: indices)."""
        return 2 if self.stype == 'csr' else 1

    @property
    def _aux_types(self):
        return [np.int64] * self._num_aux

    def _aux_type(self, i):
        return np.int64

    def _data(self):
        """A copy of the stored values."""
        return self.data

    def _aux_data(self, i):
        """A copy of index array `i` (csr: 0 indptr, 1 indices; row_sparse: 0 indices)."""
        if self.stype == 'csr':
            return self.indptr if i == 0 else self.indices
        return self.indices

    # in-place arithmetic: the result (of MXNet's output storage type) copied back into this array's
    # storage type
    def __iadd__(self, other):
        _assign(self, self + other)
        return self

    def __isub__(self, other):
        _assign(self, self - other)
        return self

    def __imul__(self, other):
        _assign(self, self * other)
        return self

    def __itruediv__(self, other):
        _assign(self, self / other)
        return self

    __idiv__ = __itruediv__

    # comparisons with a number keep the storage type where comparing 0 gives 0 (false), else dense;
    # with an array the result is dense
    def _compare(self, other, fn, dense_name):
        if isinstance(other, _numeric):
            if not fn(0.0, other):
                return self._with_values(lambda v: fn(v, other).to(v.dtype))
        return getattr(NDArray, dense_name)(self, other)

    __eq__ = lambda self, other: self._compare(other, lambda a, b: a == b, '__eq__')  # noqa: E731
    __ne__ = lambda self, other: self._compare(other, lambda a, b: a != b, '__ne__')  # noqa: E731
    __gt__ = lambda self, other: self._compare(other, lambda a, b: a > b, '__gt__')  # noqa: E731
    __ge__ = lambda self, other: self._compare(other, lambda a, b: a >= b, '__ge__')  # noqa: E731
    __lt__ = lambda self, other: self._compare(other, lambda a, b: a < b, '__lt__')  # noqa: E731
    __le__ = lambda self, other: self._compare(other, lambda a, b: a <= b, '__le__')  # noqa: E731
    __hash__ = NDArray.__hash__

    # arithmetic with MXNet's output storage types (the module's add, subtract, multiply, divide)
    __add__ = lambda self, other: add(self, other)  # noqa: E731
    __radd__ = lambda self, other: add(other, self)  # noqa: E731
    __sub__ = lambda self, other: subtract(self, other)  # noqa: E731
    __rsub__ = lambda self, other: subtract(other, self)  # noqa: E731
    __mul__ = lambda self, other: multiply(self, other)  # noqa: E731
    __rmul__ = lambda self, other: multiply(other, self)  # noqa: E731
    __truediv__ = __div__ = lambda self, other: divide(self, other)  # noqa: E731
    __rtruediv__ = __rdiv__ = lambda self, other: divide(other, self)  # noqa: E731

    def __neg__(self):
        return self._with_values(torch.neg)

    @property
    def T(self):
        out = _wrap(_dense_of(self).t().contiguous() if self.ndim == 2 else _dense_of(self))
        out._ctx = self._ctx
        return out

    def attach_grad(self, grad_req='write', stype=None):
        """Makes the array an autograd variable with a gradient buffer of storage type `stype` (default: the
        array's own): operators differentiate its dense values."""
        if grad_req not in _autograd.GRAD_REQS:
            raise MXNetError("grad_req must be 'write', 'add' or 'null', got {!r}".format(grad_req))
        self._var = (self._s, _dense_of(self))
        stype = self.stype if stype is None else stype
        if stype == 'default':
            _autograd.mark([self], [_result_of(torch.zeros_like(self._var[1]), self)], [grad_req])
        else:
            _attach_sparse_grad(self, grad_req, stype)

    def detach(self):
        """The same storage, outside any graph (of the array's storage type)."""
        out = _new(CSRNDArray if self.stype == 'csr' else RowSparseNDArray)
        out._s, out._ctx = self._s, self._ctx
        return out


class _CsrGradSink(GradSink):
    """What autograd writes into for a csr gradient buffer: the dense gradient converted to csr (see
    ops/sparse_update.RowSparseGradSink for the row_sparse one)."""
    __slots__ = ()

    def copy_(self, g):
        g = g.to_dense() if g.layout is not torch.strided else g
        self.array._s = _csr_from_dense(g.detach().to(dtype=self.array._s.dtype))._s
        return self

    def add_(self, g):
        g = g.to_dense() if g.layout is not torch.strided else g
        return self.copy_(_dense_of(self.array) + g)

    def zero_(self):
        a = self.array
        a._s = _csr_from_dense(torch.zeros(tuple(a._s.shape), dtype=a._s.dtype, device=a._s.device))._s
        return self

    def __getattr__(self, name):
        return getattr(self.array, name)


def _attach_sparse_grad(array, grad_req, stype):
    """``attach_grad(stype='row_sparse' or 'csr')``: a gradient buffer of that storage type, which autograd
    writes through its sink (a csr buffer needs a 2-D array)."""
    if stype not in _STYPES:
        raise ValueError('unknown storage type' + str(stype))
    if grad_req not in _autograd.GRAD_REQS:
        raise MXNetError("grad_req must be 'write', 'add' or 'null', got {!r}".format(grad_req))
    if stype == 'csr' and array.ndim != 2:
        raise ValueError('attach_grad: a csr gradient needs a 2-D array, got shape {}'.format(array.shape))
    buffer = zeros(stype, array.shape, ctx=array.context, dtype=array.dtype)
    sink = _CsrGradSink(buffer) if stype == 'csr' else RowSparseGradSink(buffer)
    _autograd.mark([array], [sink], [grad_req])


def grad_target(variable, gradient):
    """What autograd.mark_variables marks `variable` with when `gradient` is its buffer: a csr/row_sparse
    buffer's sink; a plain csr/row_sparse variable keeps one dense tensor per storage (see BaseSparseNDArray),
    so that the mark stays on it."""
    if type(variable) in (CSRNDArray, RowSparseNDArray) and getattr(variable, '_var', None) is None:
        variable._var = (variable._s, _dense_of(variable))
    if type(gradient) is CSRNDArray:
        return _CsrGradSink(gradient)
    if type(gradient) is RowSparseNDArray:
        return RowSparseGradSink(gradient)
    return gradient


# dense arrays' attach_grad(stype=...) comes here (see NDArray.attach_grad)
NDArray._attach_sparse_grad = _attach_sparse_grad


def _from_state(kind):
    cls = CSRNDArray if kind == 'CSRNDArray' else RowSparseNDArray
    return _new(cls)


def _slice_key(key, n):
    """(start, stop) of a key that selects consecutive rows, else None."""
    if isinstance(key, (int, np.integer)) and not isinstance(key, bool):
        key = int(key)
        if key < 0:
            key += n
        key = py_slice(key, key + 1) if key >= 0 else py_slice(0, 0)
    if isinstance(key, py_slice):
        if key.step not in (None, 1):
            return None
        start, stop, _ = key.indices(n)
        return start, max(start, stop)
    return None


class CSRNDArray(BaseSparseNDArray):
    """A 2-D sparse matrix in compressed sparse row (CSR) format.

    ``data`` holds the nonzero values row by row, ``indices`` their column indices and ``indptr`` (one
    longer than the number of rows) where each row's values start in ``data``."""
    __slots__ = ()
    _FORMAT_ERROR = ('Check failed: err != kCSRIdxErr (3 vs. 3) : Indices of csr NDArray should be non-negative, '
                     'in ascending order per row  and less than the number of columns.')

    @property
    def stype(self):
        return 'csr'

    @property
    def data(self):
        """A copy of the stored values (1-D NDArray)."""
        return self._part(self._s.values())

    @property
    def indices(self):
        """A copy of the column indices of the stored values (1-D int64 NDArray)."""
        return self._part(self._s.col_indices())

    @property
    def indptr(self):
        """A copy of the row pointers (1-D int64 NDArray of length rows + 1)."""
        return self._part(self._s.crow_indices())

    def _part(self, t):
        out = _wrap(t.detach().clone())
        out._ctx = self._ctx
        return out

    def _with_values(self, fn, device=None):
        indptr, indices, values = _parts_csr(self._s)
        if device is not None:
            indptr, indices, values = indptr.to(device), indices.to(device), values.to(device)
        return _make_csr(indptr.clone(), indices.clone(), fn(values), self._s.shape, self._ctx)

    def __getitem__(self, key):
        if isinstance(key, tuple):
            if len(key) == 1:
                key = key[0]
            else:
                raise ValueError('Multi-dimension indexing is not supported')
        if isinstance(key, py_slice) and key.start is None and key.stop is None and key.step is None:
            return self
        if isinstance(key, (int, np.integer, py_slice)) and not isinstance(key, bool):
            bounds = _slice_key(key, self.shape[0])
            if bounds is None:
                raise ValueError('CSRNDArray only supports continuous slicing on axis 0')
            start, stop = bounds
            indptr, indices, values = _parts_csr(self._s)
            lo, hi = int(indptr[start]), int(indptr[stop])
            return _make_csr(indptr[start:stop + 1] - lo, indices[lo:hi].clone(), values[lo:hi].clone(),
                             (stop - start, self.shape[1]), self._ctx)
        raise ValueError('Undefined behaviour for {}'.format(key))

    def __setitem__(self, key, value):
        if not isinstance(key, py_slice):
            raise Exception('CSRNDArray only supports [:] for assignment')
        if key.step is not None or key.start is not None or key.stop is not None:
            raise ValueError('Assignment with slice for CSRNDArray is not implemented yet.')
        if isinstance(value, NDArray):
            if value is not self:
                if value.stype == 'default':
                    value = _csr_from_dense(value._t.detach())
                value.copyto(self)
        elif isinstance(value, _numeric):
            raise ValueError('Assigning numeric types to CSRNDArray is not implemented yet.')
        elif isinstance(value, np.ndarray):
            _csr_from_dense(torch.as_tensor(value)).copyto(self)
        else:
            raise TypeError('type %s not supported' % str(type(value)))

    def asscipy(self):
        """The matrix as a ``scipy.sparse.csr_matrix`` (copies of the parts)."""
        if _spsp is None:
            raise ImportError('scipy could not be imported; asscipy needs scipy')
        return _spsp.csr_matrix((self.data.asnumpy(), self.indices.asnumpy(), self.indptr.asnumpy()),
                                shape=self.shape)

    def _format_problem(self, full_check):
        indptr, indices, values = _parts_csr(self._s)
        rows, cols = self.shape
        if indptr.numel() != rows + 1:
            return 'indptr has {} elements, rows + 1 = {} expected'.format(indptr.numel(), rows + 1)
        if indices.numel() != values.numel():
            return 'indices and data differ in length'
        if int(indptr[0]) != 0 or int(indptr[-1]) != values.numel():
            return 'indptr must start at 0 and end at the number of values'
        if full_check:
            if bool((indptr.diff() < 0).any()) or bool((indptr < 0).any()):
                return 'indptr is not non-decreasing'
            if indices.numel() and (int(indices.min()) < 0 or int(indices.max()) >= cols):
                return 'a column index is out of range'
            if indices.numel() > 1:
                # within each row the column indices must strictly increase
                rows_of = _csr_rows(indptr, rows)
                same_row = rows_of[1:] == rows_of[:-1]
                if bool((same_row & (indices[1:] <= indices[:-1])).any()):
                    return 'the column indices of a row are not in ascending order'
        return None


class RowSparseNDArray(BaseSparseNDArray):
    """An N-D array of which only some rows (slices along the first axis) are stored.

    ``indices`` holds the row indices, ``data`` the rows (shape ``(len(indices),) + shape[1:]``); every
    other row is zero."""
    __slots__ = ()
    _FORMAT_ERROR = ('Check failed: err != kRSPIdxErr (5 vs. 5) : Indices of row_sparse NDArray should be '
                     'non-negative, less than the size of first dimension and in ascending order')

    @property
    def stype(self):
        return 'row_sparse'

    @property
    def data(self):
        """A copy of the stored rows."""
        out = _wrap(self._s._values().detach().clone())
        out._ctx = self._ctx
        return out

    @property
    def indices(self):
        """A copy of the row indices of the stored rows (1-D int64 NDArray)."""
        out = _wrap(self._s._indices().reshape(-1).clone())
        out._ctx = self._ctx
        return out

    def _with_values(self, fn, device=None):
        indices, values = _parts_rsp(self._s)
        if device is not None:
            indices, values = indices.to(device), values.to(device)
        return _make_rsp(indices.clone(), fn(values), self._s.shape, self._ctx)

    def __getitem__(self, key):
        # only the whole array ([:]) can be taken; MXNet's messages for the rest
        if isinstance(key, py_slice) and (key.start, key.stop, key.step) == (None, None, None):
            return self
        if isinstance(key, int):
            message, kind = '__getitem__ with int key is not implemented for RowSparseNDArray yet', Exception
        elif isinstance(key, py_slice):
            message, kind = 'RowSparseNDArray only supports [:] for __getitem__', Exception
        elif isinstance(key, tuple):
            message, kind = 'Multi-dimension indexing is not supported', ValueError
        else:
            message, kind = 'Undefined behaviour for {}'.format(key), ValueError
        raise kind(message)

    def __setitem__(self, key, value):
        if not isinstance(key, py_slice):
            raise TypeError('RowSparseNDArray only supports [:] for assignment')
        if key.step is not None or key.start is not None or key.stop is not None:
            raise ValueError('Assignment with slice for RowSparseNDArray is not implmented yet.')
        if isinstance(value, NDArray):
            if value is not self:
                if value.stype == 'default':
                    value = _rsp_from_dense(value._t.detach())
                value.copyto(self)
        elif isinstance(value, _numeric):
            # every row becomes stored, all of them `value`
            n = self.shape[0]
            values = torch.full(tuple(self.shape), float(value), dtype=self._s.dtype, device=self._s.device)
            self._s = _make_rsp(torch.arange(n, device=values.device), values, self.shape)._s
        elif isinstance(value, np.ndarray):
            _rsp_from_dense(torch.as_tensor(value)).copyto(self)
        else:
            raise TypeError('type %s not supported' % str(type(value)))

    def retain(self, indices):
        """The rows of `indices` (see ``mx.nd.sparse.retain``)."""
        return retain(self, indices)

    def _format_problem(self, full_check):
        indices, values = _parts_rsp(self._s)
        if values.shape[0] != indices.numel():
            return 'indices and data differ in length'
        if full_check and indices.numel():
            if int(indices.min()) < 0 or int(indices.max()) >= self.shape[0]:
                return 'a row index is out of range'
            if indices.numel() > 1 and not bool((indices.diff() > 0).all()):
                return 'the row indices are not sorted and unique'
        return None


# ---- creation --------------------------------------------------------------------------------------------
def _ctx_of(ctx):
    return current_context() if ctx is None else ctx


def _values_tensor(source, dtype, device, default=np.float32):
    """A tensor of `source` (NDArray, numpy array or list) with `dtype`: when None, the source's own dtype
    for NDArrays and numpy arrays, `default` for other sequences."""
    if isinstance(source, NDArray):
        t = _dense_of(source).detach()
        target = t.dtype if dtype is None else dtype_torch(dtype)
        return t.to(device=device, dtype=target, copy=True)
    if isinstance(source, np.ndarray):
        np_dtype = source.dtype if dtype is None else np.dtype(dtype_np(dtype))
    else:
        np_dtype = np.dtype(default if dtype is None else dtype_np(dtype))
    arr = np.array(source, dtype=np_dtype)
    return torch.from_numpy(arr).to(device)


def dtype_np(dtype):
    return TORCH_TO_NP[dtype_torch(dtype)]


def _index_tensor(source, device):
    if isinstance(source, NDArray):
        return _dense_of(source).detach().to(device=device, dtype=_INDEX, copy=True).reshape(-1)
    return torch.as_tensor(np.asarray(source).astype(np.int64).reshape(-1)).to(device)


def _same_shape(s1, s2):
    if s1 and s2 and tuple(s1) != tuple(s2):
        raise ValueError('Shape mismatch detected. ' + str(tuple(s1)) + ' v.s. ' + str(tuple(s2)))


def _check_shape(shape, ndim=None):
    if shape is None:
        return None
    if isinstance(shape, (int, np.integer)):
        shape = (int(shape),)
    shape = tuple(int(d) for d in shape)
    if ndim is not None and len(shape) != ndim:
        raise ValueError('invalid shape')
    return shape


def csr_matrix(arg1, shape=None, ctx=None, dtype=None):
    """Creates a CSRNDArray, a 2-D matrix in compressed sparse row format, from:

    - ``(data, indices, indptr)``: the CSR parts (``shape`` is inferred when not given);
    - ``(data, (row, col))``: values at coordinates (duplicates are summed);
    - ``(M, N)``: an empty M-by-N matrix;
    - a ``scipy.sparse.csr_matrix``, a CSRNDArray, a dense NDArray or a 2-D numpy array.

    `dtype` defaults to the dtype of the data when it is an array, else float32."""
    ctx = _ctx_of(ctx)
    device = ctx.torch_device
    label = context_label(ctx)
    shape = _check_shape(shape, 2) if shape is not None else None
    if isinstance(arg1, tuple):
        if len(arg1) == 2 and all(isinstance(d, (int, np.integer)) for d in arg1):
            _same_shape(tuple(int(d) for d in arg1), shape)
            return zeros('csr', arg1, ctx=ctx, dtype=dtype)
        if len(arg1) == 2:
            data, coords = arg1
            if not (isinstance(coords, tuple) and len(coords) == 2):
                raise ValueError('Unexpected input type: the second item of (data, (row, col)) must be a pair')
            if _spsp is None:
                raise ImportError('scipy could not be imported; csr_matrix((data, (row, col))) needs scipy')
            values = np.asarray(data.asnumpy() if isinstance(data, NDArray) else data)
            row = np.asarray(coords[0].asnumpy() if isinstance(coords[0], NDArray) else coords[0]).astype(np.int64)
            col = np.asarray(coords[1].asnumpy() if isinstance(coords[1], NDArray) else coords[1]).astype(np.int64)
            coo = _spsp.coo_matrix((values, (row, col)), shape=shape)
            csr = coo.tocsr()
            csr.sum_duplicates()
            csr.sort_indices()
            return csr_matrix((csr.data, csr.indices, csr.indptr), shape=csr.shape, ctx=ctx,
                              dtype=values.dtype if dtype is None else dtype)
        if len(arg1) == 3:
            data, indices, indptr = arg1
            values = _values_tensor(data, dtype, device).reshape(-1)
            idx = _index_tensor(indices, device)
            ptr = _index_tensor(indptr, device)
            if shape is None:
                if not idx.numel():
                    raise ValueError('invalid shape')
                shape = (ptr.numel() - 1, int(idx.max()) + 1)
            if ptr.numel() != shape[0] + 1:
                raise ValueError('csr_matrix: indptr has {} elements but a matrix of {} rows needs {}'.format(
                    ptr.numel(), shape[0], shape[0] + 1))
            if idx.numel() != values.numel():
                raise ValueError('csr_matrix: indices ({}) and data ({}) differ in length'.format(
                    idx.numel(), values.numel()))
            return _make_csr(ptr, idx, values, shape, label)
        raise ValueError('Unexpected length of input tuple: ' + str(len(arg1)))
    if isinstance(arg1, CSRNDArray):
        _same_shape(arg1.shape, shape)
        out = arg1.copyto(ctx)
        return out if dtype is None else out.astype(dtype)
    if isinstance(arg1, RowSparseNDArray):
        raise ValueError('Unexpected input type: RowSparseNDArray')
    if _spsp is not None and _spsp.issparse(arg1):
        _same_shape(tuple(arg1.shape), shape)
        csr = arg1.tocsr()
        if not csr.has_sorted_indices:
            csr = csr.sorted_indices()
        return csr_matrix((csr.data, csr.indices, csr.indptr), shape=csr.shape, ctx=ctx,
                          dtype=csr.dtype if dtype is None else dtype)
    # dense input: a dense NDArray or anything numpy can make an array of
    dense = _values_tensor(arg1, dtype, device)
    if shape is not None and tuple(dense.shape) != shape:
        raise ValueError('Shape mismatch detected. ' + str(tuple(dense.shape)) + ' v.s. ' + str(shape))
    return _csr_from_dense(dense, label)


def row_sparse_array(arg1, shape=None, ctx=None, dtype=None):
    """Creates a RowSparseNDArray from ``(data, indices)`` (the stored rows and their row indices;
    ``shape`` defaults to ``(max(indices) + 1,) + data.shape[1:]``), from a shape tuple (all zero), from a
    RowSparseNDArray, or from a dense NDArray or numpy array (its nonzero rows are stored)."""
    ctx = _ctx_of(ctx)
    device = ctx.torch_device
    label = context_label(ctx)
    shape = _check_shape(shape)
    if isinstance(arg1, tuple):
        if len(arg1) < 2:
            raise ValueError('Unexpected length of input tuple: ' + str(len(arg1)))
        if len(arg1) > 2 or all(isinstance(d, (int, np.integer)) for d in arg1):
            _same_shape(tuple(int(d) for d in arg1), shape)
            return zeros('row_sparse', arg1, ctx=ctx, dtype=dtype)
        if len(arg1) != 2:
            raise ValueError('Unexpected length of input tuple: ' + str(len(arg1)))
        data, indices = arg1
        values = _values_tensor(data, dtype, device)
        idx = _index_tensor(indices, device)
        if values.dim() == 0:
            values = values.reshape(1)
        if shape is None:
            # as MXNet: the last index + 1 rows
            if not idx.numel():
                raise ValueError('invalid shape')
            shape = (int(idx[-1]) + 1,) + tuple(values.shape[1:])
        if values.dim() != len(shape) or int(np.prod(shape[1:])) == 0:
            raise ValueError('invalid shape')
        if values.shape[0] != idx.numel():
            raise ValueError('row_sparse_array: {} row indices for {} rows of data'.format(
                idx.numel(), values.shape[0]))
        if tuple(values.shape[1:]) != tuple(shape[1:]):
            raise ValueError('Shape mismatch detected. ' + str(tuple(values.shape[1:])) + ' v.s. '
                             + str(tuple(shape[1:])))
        return _make_rsp(idx, values, shape, label)
    if isinstance(arg1, RowSparseNDArray):
        _same_shape(arg1.shape, shape)
        out = arg1.copyto(ctx)
        return out if dtype is None else out.astype(dtype)
    if isinstance(arg1, CSRNDArray):
        raise ValueError('Unexpected input type: CSRNDArray')
    dense = _values_tensor(arg1, dtype, device)
    if shape is not None and tuple(dense.shape) != shape:
        raise ValueError('Shape mismatch detected. ' + str(tuple(dense.shape)) + ' v.s. ' + str(shape))
    return _rsp_from_dense(dense, label)


def zeros(stype, shape, ctx=None, dtype=None, **kwargs):
    """An all-zero array of storage type `stype` ('default', 'csr' or 'row_sparse'); float32 unless
    `dtype` is given."""
    if stype == 'default':
        return _creation.zeros(shape, ctx=ctx, dtype=dtype, **kwargs)
    if stype not in _STYPES:
        raise ValueError('unknown storage type' + str(stype))
    ctx = _ctx_of(ctx)
    device = ctx.torch_device
    label = context_label(ctx)
    shape = _check_shape(shape)
    target = dtype_torch('float32' if dtype is None else dtype)
    if stype == 'csr':
        if len(shape) != 2:
            raise ValueError('mx.nd.sparse.zeros: a csr array is 2-D, got shape {}'.format(shape))
        return _make_csr(torch.zeros(shape[0] + 1, dtype=_INDEX, device=device),
                         torch.zeros(0, dtype=_INDEX, device=device),
                         torch.zeros(0, dtype=target, device=device), shape, label)
    return _make_rsp(torch.zeros(0, dtype=_INDEX, device=device),
                     torch.zeros((0,) + shape[1:], dtype=target, device=device), shape, label)


def empty(stype, shape, ctx=None, dtype=None):
    """An array of storage type 'csr' or 'row_sparse' with nothing stored (all zero)."""
    if stype not in _STYPES:
        raise Exception('unknown stype : ' + str(stype))
    return zeros(stype, shape, ctx=ctx, dtype=dtype)


def array(source_array, ctx=None, dtype=None):
    """A sparse array copied from a CSRNDArray, a RowSparseNDArray or a scipy.sparse csr matrix."""
    if isinstance(source_array, BaseSparseNDArray):
        out = source_array.copyto(_ctx_of(ctx)) if ctx is not None else source_array.copy()
        return out if dtype is None else out.astype(dtype)
    if _spsp is not None and isinstance(source_array, _spsp.csr_matrix):
        csr = source_array.sorted_indices()
        csr.sum_duplicates()
        return csr_matrix((csr.data, csr.indices, csr.indptr), shape=csr.shape, ctx=ctx,
                          dtype=source_array.dtype if dtype is None else dtype)
    if isinstance(source_array, (np.ndarray, np.generic)):
        raise ValueError('Please use mx.nd.array to create an NDArray with source_array of type ',
                         type(source_array))
    raise ValueError('Unexpected source_array type: ', type(source_array))


# ---- the file format (records of nd.save/nd.load and pickling) ------------------------------------------
def record_parts(a, np_shape, where):
    """(header bytes, tensors whose bytes follow in order) of sparse array `a`'s record in MXNet's format."""
    if np_shape:
        raise MXNetError('{}: Check failed: storage_type() == kDefaultStorage ({} vs. 0) : only allow serializing '
                         'ndarray of default storage type in np shape semantics'.format(
                             where, _sparse_codec.STYPE_IDS[a.stype]))
    if isinstance(a, CSRNDArray):
        indptr, indices, values = _parts_csr(a._s)
        aux = (indptr, indices)
    else:
        indices, values = _parts_rsp(a._s)
        aux = (indices,)
    ctx = a.context
    magic = _codec.V3_MAGIC if np_shape else _codec.V2_MAGIC
    head = _sparse_codec.header(a.stype, a.shape, values, aux, ctx.device_typeid, ctx.device_id, magic, where)
    return head, (values,) + aux


def record_bytes(a, np_shape, where):
    """The whole record of sparse array `a`, as bytes."""
    head, tensors = record_parts(a, np_shape, where)
    return head + b''.join(_codec.host_data(t).tobytes() for t in tensors)


def from_record(src, index, record):
    """The sparse array of an ``_sparse_codec.Record`` read from `src` (on the device it was saved from,
    where this machine has it, as dense arrays load)."""
    values = _codec.to_tensor(src, index, record.values, record.flag, record.dev_type, record.dev_id)
    aux = [t.to(values.device) for t in (torch.from_numpy(a) for a in record.aux)]
    if record.stype == 'csr':
        return _make_csr(aux[0], aux[1], values, record.shape)
    return _make_rsp(aux[0], values, record.shape)


# ---- operators -------------------------------------------------------------------------------------------
_dense_fn = _registry.namespace_functions('')


def _shape_str(s):
    return '[' + ','.join(str(d) for d in s) + ']'


def _result_of(t, like):
    out = _wrap(t)
    out._ctx = like._ctx
    return out


def _present(indices, n):
    """The sorted distinct values of `indices` (all in [0, n)), by marking: quicker than torch.unique."""
    mark = torch.zeros(n, dtype=torch.bool, device=indices.device)
    mark[indices] = True
    return mark.nonzero().reshape(-1)


def _csr_rows(indptr, n):
    """The row of every stored value of a csr matrix with `n` rows."""
    return torch.repeat_interleave(torch.arange(n, device=indptr.device), indptr.diff())


def dot(lhs, rhs, transpose_a=False, transpose_b=False, forward_stype=None):
    """Matrix product with sparse operands and MXNet's output storage types:

    - csr x dense -> dense; csr.T x dense (``transpose_a=True``) -> row_sparse, whose rows are the
      columns that hold values in `lhs`;
    - dense x csr -> csr (every row, the columns that hold values in `rhs`);
    - any other mix (row_sparse operands included) -> dense.

    `forward_stype` ('default', 'csr', 'row_sparse') asks for another output storage type."""
    if not isinstance(lhs, NDArray) or not isinstance(rhs, NDArray):
        raise TypeError('mx.nd.sparse.dot: lhs and rhs must be NDArrays, got {} and {}'.format(
            type(lhs).__name__, type(rhs).__name__))
    if forward_stype is not None and forward_stype not in ('default',) + _STYPES:
        raise MXNetError("Invalid Input: '{0}', valid values are: {{None, 'csr', 'default', 'row_sparse'}}, in "
                         'operator dot(name="", forward_stype="{0}")'.format(forward_stype))
    ls, rs = lhs.stype, rhs.stype
    if ls == 'default' and rs == 'default':
        out = _dense_fn['dot'](lhs, rhs, transpose_a=transpose_a, transpose_b=transpose_b)
        return out if forward_stype in (None, 'default') else _to_stype(out, forward_stype)
    if lhs.dtype != rhs.dtype:
        raise MXNetError('dot: Incompatible attr at 1-th input: expected {}, got {}'.format(
            np.dtype(lhs.dtype).name, np.dtype(rhs.dtype).name))
    if ls == 'csr' and rs == 'default' and not transpose_b:
        result, natural = _dot_csr_dense(lhs, rhs, transpose_a)
    elif ls == 'default' and rs == 'csr' and not transpose_a and not transpose_b and lhs.ndim == 2:
        result, natural = _dot_dense_csr(lhs, rhs), 'csr'
    else:
        result = _dense_fn['dot'](_result_of(_dense_of(lhs), lhs), _result_of(_dense_of(rhs), rhs),
                                  transpose_a=transpose_a, transpose_b=transpose_b)
        natural = 'default'
    wanted = forward_stype or natural
    return result if wanted == natural else _to_stype(result, wanted)


def _scipy_csr(indptr, indices, values, shape, dense):
    """A scipy csr_matrix sharing the parts' memory, where scipy can compute with them and `dense` (CPU
    float32/float64 tensors, nothing recorded for autograd); else None."""
    if _spsp is None or values.device.type != 'cpu' or dense.device.type != 'cpu' or \
            values.dtype not in (torch.float32, torch.float64) or dense.dtype is not values.dtype or \
            values.requires_grad or dense.requires_grad:
        return None
    return _spsp.csr_matrix((values.numpy(), indices.numpy(), indptr.numpy()), shape=tuple(shape), copy=False)


def _csr_times(indptr, indices, values, shape, r):
    """csr (its parts and shape) x dense tensor `r`, nothing recorded."""
    host = _scipy_csr(indptr, indices, values, shape, r)
    if host is not None:
        return torch.from_numpy(np.ascontiguousarray(host @ r.numpy()))
    if values.is_floating_point() and values.dtype is not torch.float16 and values.numel():
        return torch.sparse.mm(torch.sparse_csr_tensor(indptr, indices, values, size=tuple(shape),
                                                       check_invariants=False), r.contiguous())
    out = torch.zeros((shape[0], r.shape[1]), dtype=r.dtype, device=r.device)
    out.index_add_(0, _csr_rows(indptr, shape[0]), values.unsqueeze(1) * r[indices])
    return out


class _CsrDenseDot(torch.autograd.Function):
    """csr x dense, differentiable with respect to the dense matrix: its gradient lhs.T x dy has rows only at
    the columns that hold values in lhs; it is a sparse (COO) tensor of those rows when `sparse_grad` (the
    dense matrix's gradient buffer is row_sparse), else dense."""

    @staticmethod
    def forward(ctx, r, indptr, indices, values, n, sparse_grad):
        ctx.save_for_backward(indptr, indices, values)
        ctx.n, ctx.m, ctx.sparse_grad = n, r.shape[0], sparse_grad
        return _csr_times(indptr, indices, values, (n, r.shape[0]), r.detach())

    @staticmethod
    def backward(ctx, dy):
        indptr, indices, values = ctx.saved_tensors
        contrib = values.unsqueeze(1).to(dy.dtype) * dy[_csr_rows(indptr, ctx.n)]
        if not ctx.sparse_grad:
            grad = torch.zeros((ctx.m, dy.shape[1]), dtype=dy.dtype, device=dy.device)
            grad.index_add_(0, indices, contrib)
            return grad, None, None, None, None, None
        kept = _present(indices, ctx.m)
        rows = torch.zeros((kept.numel(), dy.shape[1]), dtype=dy.dtype, device=dy.device)
        rows.index_add_(0, torch.searchsorted(kept, indices), contrib)
        grad = torch.sparse_coo_tensor(kept.reshape(1, -1), rows, size=(ctx.m, dy.shape[1]), is_coalesced=True)
        return grad, None, None, None, None, None


def _dot_csr_dense(lhs, rhs, transpose_a):
    if rhs.ndim != 2:
        raise MXNetError('Check failed: inputs[1].shape().ndim() == 2 ({} vs. 2) : sparse dot only supports 2 '
                         'dimensional rhs'.format(rhs.ndim))
    r = rhs._t.detach()
    n, m = lhs.shape
    if r.shape[0] != (n if transpose_a else m):
        raise MXNetError('dot shape error: {} X {}'.format(_shape_str(lhs.shape), _shape_str(rhs.shape)))
    indptr, indices, values = _parts_csr(lhs._s)
    if not transpose_a and rhs._t.requires_grad and torch.is_grad_enabled():
        # recording, with a dense variable on the right: differentiable (the gradient is lhs.T x dy, given
        # to a row_sparse gradient buffer as the rows of the columns lhs holds values in)
        out = _CsrDenseDot.apply(rhs._t, indptr, indices, values, n, wants_sparse_grad(rhs._t))
        return _result_of(out, lhs), 'default'
    host = _scipy_csr(indptr, indices, values, lhs.shape, r)
    if host is not None:  # scipy's kernels, several times quicker than torch's on the CPU
        d = r.numpy()
        if not transpose_a:
            return _result_of(torch.from_numpy(np.ascontiguousarray(host @ d)), lhs), 'default'
        kept = _present(indices, m)
        full = torch.from_numpy(np.ascontiguousarray(host.T @ d))
        return _make_rsp(kept, full[kept], (m, r.shape[1]), lhs._ctx), 'row_sparse'
    if not transpose_a:
        if values.is_floating_point() and values.dtype is not torch.float16 and values.numel():
            out = torch.sparse.mm(lhs._s, r.contiguous())
        else:  # integer and half values, and the empty matrix: accumulate rows
            out = torch.zeros((n, r.shape[1]), dtype=r.dtype, device=r.device)
            out.index_add_(0, _csr_rows(indptr, n), values.unsqueeze(1) * r[indices])
        return _result_of(out, lhs), 'default'
    # csr.T x dense: row j of the result gathers the stored values of column j; the rows it keeps are the
    # columns holding values
    out = torch.zeros((m, r.shape[1]), dtype=r.dtype, device=r.device)
    out.index_add_(0, indices, values.unsqueeze(1) * r[_csr_rows(indptr, n)])
    kept = _present(indices, m)
    return _make_rsp(kept, out[kept], (m, r.shape[1]), lhs._ctx), 'row_sparse'


def _dot_dense_csr(lhs, rhs):
    a = lhs._t.detach()
    n, k = a.shape
    if k != rhs.shape[0]:
        raise MXNetError('dot shape error: {} X {}'.format(_shape_str(lhs.shape), _shape_str(rhs.shape)))
    indptr, indices, values = _parts_csr(rhs._s)
    m = rhs.shape[1]
    cols = _present(indices, m)
    host = _scipy_csr(indptr, indices, values, rhs.shape, a)
    if host is not None:
        block = torch.from_numpy(np.ascontiguousarray((host.T @ a.numpy().T).T))[:, cols]
        indptr_out = torch.arange(n + 1, dtype=_INDEX) * cols.numel()
        return _make_csr(indptr_out, cols.repeat(n), block.reshape(-1), (n, m), lhs._ctx)
    rows = _csr_rows(indptr, k)
    # out[:, j] = sum over stored (i, j) of a[:, i] * v: accumulate column by column of the output
    full = torch.zeros((m, n), dtype=a.dtype, device=a.device)
    full.index_add_(0, indices, (a[:, rows] * values).t())
    block = full[cols].t().contiguous()
    indptr_out = torch.arange(n + 1, dtype=_INDEX, device=a.device) * cols.numel()
    return _make_csr(indptr_out, cols.repeat(n), block.reshape(-1), (n, m), lhs._ctx)


def retain(data=None, indices=None, out=None, name=None, **kwargs):
    """The rows of the row_sparse array `data` whose indices are in `indices`, in that order: a
    row_sparse array whose indices are `indices` (a row that `data` does not store is zero)."""
    if kwargs:
        raise MXNetError('Cannot find argument {!r}, in operator _sparse_retain'.format(sorted(kwargs)[0]))
    if indices is None:
        raise MXNetError('Check failed: num_inputs == infered_num_inputs (1 vs. 2) : Operator _sparse_retain '
                         'expects 2 inputs, but got 1 instead.')
    if not isinstance(data, RowSparseNDArray):
        raise MXNetError('retain: data must be a row_sparse array (operator _sparse_retain is not implemented '
                         'for storage type {})'.format(getattr(data, 'stype', type(data).__name__)))
    if not isinstance(indices, NDArray):
        raise TypeError('retain: indices must be an NDArray, got {}'.format(type(indices).__name__))
    stored, values = _parts_rsp(data._s)
    wanted = indices._t.detach().to(device=values.device, dtype=_INDEX).reshape(-1)
    where = torch.full((data.shape[0],), -1, dtype=_INDEX, device=values.device)
    where[stored] = torch.arange(stored.numel(), device=values.device)
    pos = where[wanted]
    found = pos >= 0
    if values.shape[0]:
        rows = values[pos.clamp(min=0)]
        mask = found.reshape((-1,) + (1,) * (rows.dim() - 1))
        rows = torch.where(mask, rows, torch.zeros((), dtype=rows.dtype, device=rows.device))
    else:
        rows = torch.zeros((wanted.numel(),) + tuple(values.shape[1:]), dtype=values.dtype, device=values.device)
    result = _make_rsp(wanted.clone(), rows, data.shape, data._ctx)
    if out is not None:
        result.copyto(out)
        return out
    return result


def _with_values_op(a, fn):
    """`a` (sparse) with `fn` applied to its stored values: same storage type and pattern."""
    return a._with_values(fn)


def _union_rsp(lhs, rhs, fn):
    """row_sparse (op) row_sparse: the union of the stored rows, every one of them kept (zeros too)."""
    li, lv = _parts_rsp(lhs._s)
    ri, rv = _parts_rsp(rhs._s)
    rows = _present(torch.cat([li, ri]), lhs.shape[0])
    tail = tuple(lhs.shape[1:])
    dense_l = torch.zeros((lhs.shape[0],) + tail, dtype=lv.dtype, device=lv.device)
    dense_r = torch.zeros_like(dense_l)
    dense_l.index_put_((li,), lv, accumulate=True)
    dense_r.index_put_((ri,), rv.to(lv.dtype), accumulate=True)
    return _make_rsp(rows, fn(dense_l[rows], dense_r[rows]), lhs.shape, lhs._ctx)


_DENSE_DUNDERS = {'add': ('__add__', '__radd__'), 'subtract': ('__sub__', '__rsub__'),
                  'multiply': ('__mul__', '__rmul__'), 'divide': ('__truediv__', '__rtruediv__')}
_SCALE = {'multiply': lambda v, x: v * x, 'divide': lambda v, x: v / x}


def _elemwise(name, fn, lhs, rhs):
    """`fn` (a function of two dense NDArrays or scalars) with MXNet's output storage types for
    add/subtract/multiply/divide."""
    l_arr, r_arr = isinstance(lhs, NDArray), isinstance(rhs, NDArray)
    if not l_arr and not r_arr:
        raise TypeError('mx.nd.sparse.{}: at least one argument must be an NDArray, got {} and {}'.format(
            name, type(lhs).__name__, type(rhs).__name__))
    ls = lhs.stype if l_arr else None
    rs = rhs.stype if r_arr else None
    if ls in (None, 'default') and rs in (None, 'default'):
        return fn(lhs, rhs)
    if torch.is_grad_enabled() and (getattr(lhs, '_var', None) is not None or getattr(rhs, '_var', None) is not None):
        # a sparse variable while recording: the dense operator on its dense values, recorded
        forward, reflected = _DENSE_DUNDERS[name]
        return getattr(NDArray, forward)(lhs, rhs) if l_arr else getattr(NDArray, reflected)(rhs, lhs)
    if not (l_arr and r_arr):
        # array (op) scalar: scaling keeps the pattern; adding or subtracting 0 too
        arr, scalar = (lhs, rhs) if l_arr else (rhs, lhs)
        if isinstance(scalar, _numeric):
            if l_arr and name in _SCALE:
                return _with_values_op(arr, lambda v: _SCALE[name](v, scalar).to(v.dtype))
            if not l_arr and name == 'multiply':
                return _with_values_op(arr, lambda v: (scalar * v).to(v.dtype))
            if name in ('add', 'subtract') and scalar == 0:
                return arr.copy() if l_arr or name == 'add' else _with_values_op(arr, lambda v: -v)
        return fn(_result_of(_dense_of(lhs), lhs) if l_arr else lhs,
                  _result_of(_dense_of(rhs), rhs) if r_arr else rhs)
    if lhs.shape == rhs.shape and name != 'divide':
        if ls == rs == 'csr':
            return _to_stype(fn(_result_of(_dense_of(lhs), lhs), _result_of(_dense_of(rhs), rhs)), 'csr')
        if ls == rs == 'row_sparse':
            return _union_rsp(lhs, rhs, _TORCH_FN[name])
        if name == 'multiply' and 'default' in (ls, rs) and (ls == 'csr' or rs == 'csr' or
                                                           ls == 'row_sparse' or rs == 'row_sparse'):
            sp, dn = (lhs, rhs) if ls != 'default' else (rhs, lhs)
            d = dn._t.detach()
            if sp.stype == 'csr':
                indptr, indices, _ = _parts_csr(sp._s)
                picked = d[_csr_rows(indptr, sp.shape[0]), indices]
            else:
                picked = d[_parts_rsp(sp._s)[0]]
            return _with_values_op(sp, lambda v: v * picked.to(v.dtype))
    return fn(_result_of(_dense_of(lhs), lhs), _result_of(_dense_of(rhs), rhs))


_TORCH_FN = {'add': torch.add, 'subtract': torch.sub, 'multiply': torch.mul}


def add(lhs, rhs):
    """``lhs + rhs``: csr + csr is csr, row_sparse + row_sparse is row_sparse, other mixes are dense."""
    return _elemwise('add', lambda a, b: a + b, lhs, rhs)


def subtract(lhs, rhs):
    """``lhs - rhs``: csr - csr is csr, row_sparse - row_sparse is row_sparse, other mixes are dense."""
    return _elemwise('subtract', lambda a, b: a - b, lhs, rhs)


def multiply(lhs, rhs):
    """``lhs * rhs``: a sparse operand's storage type is kept (csr * dense is csr, row_sparse * dense
    is row_sparse, both of the sparse operand's pattern); csr * row_sparse is dense."""
    return _elemwise('multiply', lambda a, b: a * b, lhs, rhs)


def divide(lhs, rhs):
    """``lhs / rhs``: dense for two arrays (zeros divided give NaN or inf, as in MXNet); a sparse array
    divided by a scalar keeps its storage type."""
    return _elemwise('divide', lambda a, b: a / b, lhs, rhs)


elemwise_add, elemwise_sub, elemwise_mul = add, subtract, multiply


def _reduce(name, data, axis, keepdims, exclude):
    if not isinstance(data, NDArray):
        raise TypeError('mx.nd.sparse.{}: data must be an NDArray, got {}'.format(name, type(data).__name__))
    return _dense_fn[name](data, axis=axis, keepdims=keepdims, exclude=exclude)


def sum(data=None, axis=None, keepdims=False, exclude=False, out=None, name=None):
    """The sum over `axis` (all axes when None) of any array; a dense result, as in MXNet."""
    result = _reduce('sum', data, axis, keepdims, exclude)
    return result if out is None else result.copyto(out)


def mean(data=None, axis=None, keepdims=False, exclude=False, out=None, name=None):
    """The mean over `axis` (all axes when None) of any array; a dense result, as in MXNet."""
    result = _reduce('mean', data, axis, keepdims, exclude)
    return result if out is None else result.copyto(out)


def _square_sum(data=None, axis=None, keepdims=False, exclude=False, out=None, name=None):
    """The sum of squares over `axis` of a row_sparse array (MXNet's ``nd._internal._square_sum``):
    row_sparse for ``axis=1, keepdims=True`` (the stored rows), else dense."""
    if not isinstance(data, RowSparseNDArray):
        raise MXNetError('_square_sum: data must be a row_sparse array, got storage type {}'.format(
            getattr(data, 'stype', type(data).__name__)))
    indices, values = _parts_rsp(data._s)
    if axis in (1, (1,)) and keepdims and data.ndim == 2:
        result = _make_rsp(indices.clone(), (values * values).sum(1, keepdim=True), (data.shape[0], 1),
                           data._ctx)
    else:
        squared = _make_rsp(indices, values * values, data.shape, data._ctx)
        result = _dense_fn['sum'](squared, axis=axis, keepdims=keepdims, exclude=exclude)
    return result if out is None else result.copyto(out)


def _unary(fn_name, torch_fn):
    def op(data=None, out=None, name=None):
        if isinstance(data, BaseSparseNDArray):
            result = data._with_values(torch_fn)
        else:
            result = _dense_fn[fn_name](data)
        return result if out is None else result.copyto(out)
    op.__name__ = fn_name
    op.__doc__ = ('``{0}`` of each element; a sparse array keeps its storage type and pattern ({0}(0) is '
                  '0), a dense array gives the dense ``nd.{0}``.'.format(fn_name))
    return op


# element-wise functions that map 0 to 0: MXNet keeps the storage type of a sparse input
_ZERO_PRESERVING = {
    'abs': torch.abs, 'sign': torch.sign, 'sqrt': torch.sqrt, 'square': torch.square,
    'negative': torch.neg, 'relu': torch.relu, 'ceil': torch.ceil, 'floor': torch.floor,
    'trunc': torch.trunc, 'fix': torch.trunc, 'sin': torch.sin,
    'rint': lambda v: torch.where(v - v.floor() <= v.ceil() - v, v.floor(), v.ceil()),  # ties go down
    'sinh': torch.sinh, 'tan': torch.tan, 'tanh': torch.tanh, 'arcsin': torch.asin,
    'arcsinh': torch.asinh, 'arctan': torch.atan, 'arctanh': torch.atanh, 'expm1': torch.expm1,
    'log1p': torch.log1p, 'degrees': torch.rad2deg, 'radians': torch.deg2rad,
    'cbrt': cbrt_tensor, 'round': lambda v: v.sign() * (v.abs() + 0.5).floor(),
    'stop_gradient': torch.clone, 'make_loss': torch.clone,
}
for _fn_name, _torch_fn in _ZERO_PRESERVING.items():
    globals()[_fn_name] = _unary(_fn_name, _torch_fn)
# element-wise functions that do not map 0 to 0: a dense result for every input, as in MXNet
for _fn_name in ('arccos', 'arccosh', 'cos', 'cosh', 'exp', 'gamma', 'gammaln', 'log', 'log10', 'log2', 'rsqrt',
                 'sigmoid', 'norm', 'where'):
    globals()[_fn_name] = _dense_fn[_fn_name]
del _fn_name, _torch_fn


def zeros_like(data=None, out=None, name=None):
    """An array of zeros of `data`'s shape, dtype and storage type (a sparse one stores nothing)."""
    if isinstance(data, BaseSparseNDArray):
        result = zeros(data.stype, data.shape, ctx=data.context, dtype=data.dtype)
    else:
        result = _dense_fn['zeros_like'](data)
    return result if out is None else result.copyto(out)


def clip(data, a_min, a_max, out=None, name=None):
    """`data` clipped to [a_min, a_max]; a sparse array keeps its storage type and pattern where the range
    holds 0, else the result is dense."""
    if isinstance(data, BaseSparseNDArray) and a_min <= 0 <= a_max:
        result = data._with_values(lambda v: v.clamp(a_min, a_max))
    else:
        result = _dense_fn['clip'](data, a_min, a_max)
    return result if out is None else result.copyto(out)


def add_n(*args, **kwargs):
    """The sum of the arrays: row_sparse when all of them are row_sparse (the union of their rows), else
    dense."""
    out = kwargs.pop('out', None)
    kwargs.pop('name', None)
    if kwargs:
        raise TypeError('add_n: unexpected keyword arguments {}'.format(sorted(kwargs)))
    if args and all(isinstance(a, RowSparseNDArray) for a in args):
        result = args[0]
        for a in args[1:]:
            result = _union_rsp(result, a, torch.add)
        if len(args) == 1:
            result = result.copy()
    else:
        result = _dense_fn['add_n'](*args)
    return result if out is None else result.copyto(out)


ElementWiseSum = add_n


def _csr_block(a, r0, r1, c0, c1):
    """Rows r0:r1 and columns c0:c1 of csr `a`, the stored values inside kept."""
    indptr, indices, values = _parts_csr(a._s)
    lo, hi = int(indptr[r0]), int(indptr[r1])
    cols, vals = indices[lo:hi], values[lo:hi]
    rows = _csr_rows(indptr[r0:r1 + 1] - lo, r1 - r0)
    keep = (cols >= c0) & (cols < c1)
    counts = torch.zeros(r1 - r0, dtype=_INDEX, device=cols.device)
    counts.index_add_(0, rows[keep], torch.ones_like(rows[keep]))
    new_ptr = torch.zeros(r1 - r0 + 1, dtype=_INDEX, device=cols.device)
    torch.cumsum(counts, 0, out=new_ptr[1:])
    return _make_csr(new_ptr, cols[keep] - c0, vals[keep].clone(), (r1 - r0, c1 - c0), a._ctx)


def slice(data, begin, end, step=None, out=None, name=None):
    """A block of `data`: for csr (without steps) a csr array of the rows and columns asked for, else the
    dense ``nd.slice``."""
    begin, end = [(v,) if isinstance(v, _numeric) else v for v in (begin, end)]
    step = (step,) if isinstance(step, _numeric) else step
    if isinstance(data, CSRNDArray) and not any(s not in (None, 1) for s in (step or ())):
        bounds = []
        for axis, n in enumerate(data.shape):
            b = begin[axis] if axis < len(begin) else None
            e = end[axis] if axis < len(end) else None
            start, stop, _ = py_slice(b, e).indices(n)
            bounds.append((start, max(start, stop)))
        result = _csr_block(data, bounds[0][0], bounds[0][1], bounds[1][0], bounds[1][1])
    else:
        result = _dense_fn['slice'](data, begin, end, step)
    return result if out is None else result.copyto(out)


def concat(*data, **kwargs):
    """Arrays joined along `dim` (default 1): csr arrays joined along dim 0 give csr, else dense."""
    dim = kwargs.pop('dim', 1)
    out = kwargs.pop('out', None)
    kwargs.pop('name', None)
    kwargs.pop('num_args', None)
    if data and dim == 0 and all(isinstance(a, CSRNDArray) for a in data) and \
            len({a.shape[1] for a in data}) == 1:
        parts = [_parts_csr(a._s) for a in data]
        offsets, ptrs, total = [], [torch.zeros(1, dtype=_INDEX, device=parts[0][0].device)], 0
        for indptr, _, _ in parts:
            ptrs.append(indptr[1:] + total)
            total += int(indptr[-1])
        result = _make_csr(torch.cat(ptrs), torch.cat([p[1] for p in parts]), torch.cat([p[2] for p in parts]),
                           (py_sum(a.shape[0] for a in data), data[0].shape[1]), data[0]._ctx)
    else:
        result = _dense_fn['concat'](*data, dim=dim)
    return result if out is None else result.copyto(out)


def _broadcast_scaled(name, op, lhs, rhs):
    """csr (op) dense for a multiplication or division broadcast over `lhs`'s shape: csr of `lhs`'s
    pattern; other operands: the dense broadcast operator."""
    if isinstance(lhs, CSRNDArray) and isinstance(rhs, NDArray) and rhs.stype == 'default' and rhs.ndim == 2:
        d = rhs._t.detach().expand(lhs.shape) if tuple(rhs.shape) != lhs.shape else rhs._t.detach()
        indptr, indices, _ = _parts_csr(lhs._s)
        picked = d[_csr_rows(indptr, lhs.shape[0]), indices]
        return lhs._with_values(lambda v: op(v, picked.to(v.dtype)))
    return _dense_fn[name](lhs, rhs)


def broadcast_mul(lhs=None, rhs=None, out=None, name=None):
    """``lhs * rhs`` with broadcasting; csr times a dense array that broadcasts to its shape is csr."""
    result = _broadcast_scaled('broadcast_mul', torch.mul, lhs, rhs)
    return result if out is None else result.copyto(out)


def broadcast_div(lhs=None, rhs=None, out=None, name=None):
    """``lhs / rhs`` with broadcasting; csr divided by a dense array that broadcasts to its shape is csr."""
    result = _broadcast_scaled('broadcast_div', torch.div, lhs, rhs)
    return result if out is None else result.copyto(out)


def broadcast_add(lhs=None, rhs=None, out=None, name=None):
    """``lhs + rhs`` with broadcasting: a dense result."""
    return _dense_fn['broadcast_add'](lhs, rhs, out=out)


def broadcast_sub(lhs=None, rhs=None, out=None, name=None):
    """``lhs - rhs`` with broadcasting: a dense result."""
    return _dense_fn['broadcast_sub'](lhs, rhs, out=out)


broadcast_plus, broadcast_minus = broadcast_add, broadcast_sub


# ---- lazy optimizer updates -------------------------------------------------------------------------------
def _lazy_rows(op_name, weight, grad, out, states):
    """(row indices, gradient rows with rescale and clipping left to the caller) of a lazy update of the
    dense `weight` by the row_sparse `grad`, checked: MXNet updates sparse gradients in place only."""
    if out is not weight:
        raise MXNetError('Check failed: req == kWriteInplace : kWriteInplace is expected for sparse '
                         '{} (pass out=weight)'.format(op_name))
    for what, a in (('weight', weight),) + states:
        if not isinstance(a, NDArray) or a.stype != 'default':
            raise MXNetError('{}: a lazy update needs a dense {} (got {})'.format(
                op_name, what, getattr(a, 'stype', type(a).__name__)))
        if a.shape != grad.shape:
            raise MXNetError('{}: {} has shape {} but the gradient {}'.format(op_name, what, a.shape, grad.shape))
    rows, g = _parts_rsp(grad._s)
    return rows.to(weight._t.device), g.to(device=weight._t.device, dtype=weight._t.dtype)


def _prepared(g, rescale_grad, clip_gradient):
    g = g * rescale_grad
    return g.clamp(-clip_gradient, clip_gradient) if clip_gradient >= 0 else g


def _dense_update(op_name, args, kwargs, out):
    return _dense_fn[op_name](*args, out=out, **kwargs)


def sgd_update(weight, grad, lr=None, wd=0.0, rescale_grad=1.0, clip_gradient=-1.0, lazy_update=True, out=None,
               name=None):
    """SGD step ``weight -= lr * (rescale_grad * clip(grad) + wd * weight)``. With a row_sparse `grad` and
    ``lazy_update`` only the rows `grad` stores are updated (weight decay included), in place
    (``out=weight``); otherwise the dense update."""
    if not (isinstance(grad, RowSparseNDArray) and lazy_update):
        return _dense_update('sgd_update', (weight, grad), dict(
            lr=lr, wd=wd, rescale_grad=rescale_grad, clip_gradient=clip_gradient, lazy_update=lazy_update), out)
    rows, g = _lazy_rows('sgd_update', weight, grad, out, ())
    w = weight._t
    with torch.no_grad():
        w_rows = w[rows]
        w[rows] = w_rows - lr * (_prepared(g, rescale_grad, clip_gradient) + wd * w_rows)
    return out


def sgd_mom_update(weight, grad, mom, lr=None, momentum=0.0, wd=0.0, rescale_grad=1.0, clip_gradient=-1.0,
                   lazy_update=True, out=None, name=None):
    """Momentum SGD step ``mom = momentum * mom - lr * (rescale_grad * clip(grad) + wd * weight);
    weight += mom``; lazy (only the rows a row_sparse `grad` stores, in place) as ``sgd_update``."""
    if not (isinstance(grad, RowSparseNDArray) and lazy_update):
        return _dense_update('sgd_mom_update', (weight, grad, mom), dict(
            lr=lr, momentum=momentum, wd=wd, rescale_grad=rescale_grad, clip_gradient=clip_gradient,
            lazy_update=lazy_update), out)
    rows, g = _lazy_rows('sgd_mom_update', weight, grad, out, (('mom', mom),))
    w, m = weight._t, mom._t
    with torch.no_grad():
        w_rows = w[rows]
        m_rows = momentum * m[rows] - lr * (_prepared(g, rescale_grad, clip_gradient) + wd * w_rows)
        m[rows] = m_rows
        w[rows] = w_rows + m_rows
    return out


def adam_update(weight, grad, mean, var, lr=None, beta1=0.9, beta2=0.999, epsilon=1e-08, wd=0.0, rescale_grad=1.0,
                clip_gradient=-1.0, lazy_update=True, out=None, name=None):
    """Adam step (no bias correction, as MXNet's operator): ``g = clip(rescale_grad * grad + wd * weight)``,
    ``mean = beta1 * mean + (1 - beta1) * g``, ``var = beta2 * var + (1 - beta2) * g**2``,
    ``weight -= lr * mean / (sqrt(var) + epsilon)``; lazy (only the rows a row_sparse `grad` stores, in
    place) as ``sgd_update``."""
    if not (isinstance(grad, RowSparseNDArray) and lazy_update):
        return _dense_update('adam_update', (weight, grad, mean, var), dict(
            lr=lr, beta1=beta1, beta2=beta2, epsilon=epsilon, wd=wd, rescale_grad=rescale_grad,
            clip_gradient=clip_gradient, lazy_update=lazy_update), out)
    rows, g = _lazy_rows('adam_update', weight, grad, out, (('mean', mean), ('var', var)))
    w, m, v = weight._t, mean._t, var._t
    with torch.no_grad():
        w_rows = w[rows]
        g = g * rescale_grad + wd * w_rows
        if clip_gradient >= 0:
            g = g.clamp(-clip_gradient, clip_gradient)
        m_rows = beta1 * m[rows] + (1 - beta1) * g
        v_rows = beta2 * v[rows] + (1 - beta2) * g * g
        m[rows] = m_rows
        v[rows] = v_rows
        w[rows] = w_rows - lr * m_rows / (v_rows.sqrt() + epsilon)
    return out


# ---- operators without a sparse kernel in MXNet's sparse namespace: the dense operator on the dense values
# (MXNet's storage fallback), a dense result
FullyConnected = _dense_fn['FullyConnected']
Embedding = _dense_fn['Embedding']
LinearRegressionOutput = _dense_fn['LinearRegressionOutput']
LogisticRegressionOutput = _dense_fn['LogisticRegressionOutput']
MAERegressionOutput = _dense_fn['MAERegressionOutput']
elemwise_div = _dense_fn['elemwise_div']
mx_real_t = np.float32
numeric_types = (float, int, np.generic)
integer_types = (int, np.integer)
spsp = _spsp
_dense_take = _dense_fn['take']


def take(a, indices, axis=0, mode='clip', out=None, name=None):
    """``nd.take``: the rows `indices` of a csr matrix (``axis=0``) as a csr matrix ('clip' clamps indices
    into range, 'wrap' takes them modulo the number of rows, 'raise' refuses one out of range); any other
    array or axis: the dense operator."""
    if type(a) is not CSRNDArray or axis != 0:
        return _dense_take(a, indices, axis=axis, mode=mode, out=out)
    n = a.shape[0]
    indptr, cols, values = _parts_csr(a._s)
    rows = _dense_of(indices).detach().reshape(-1).to(device=values.device, dtype=_INDEX) if \
        isinstance(indices, NDArray) else torch.as_tensor(np.asarray(indices, dtype=np.int64).reshape(-1))
    if mode == 'wrap':
        rows = rows.remainder(n) if n else rows
    elif mode == 'raise':
        if rows.numel() and (int(rows.min()) < 0 or int(rows.max()) >= n):
            raise MXNetError('Check failed: is_valid: take operator contains indices out of bound')
    else:
        rows = rows.clamp(0, max(n - 1, 0))
    counts = indptr.diff()[rows] if n else torch.zeros_like(rows)
    new_ptr = torch.zeros(rows.numel() + 1, dtype=_INDEX, device=values.device)
    torch.cumsum(counts, 0, out=new_ptr[1:])
    # every stored value of the taken rows, in row order
    starts = indptr[rows] if n else rows
    offsets = torch.arange(int(new_ptr[-1]), device=values.device) - \
        torch.repeat_interleave(new_ptr[:-1], counts)
    picked = torch.repeat_interleave(starts, counts) + offsets
    result = _make_csr(new_ptr, cols[picked].clone(), values[picked].clone(), (rows.numel(), a.shape[1]),
                       a._ctx)
    return result if out is None else result.copyto(out)


def getnnz(data=None, axis=None, out=None, name=None):
    """``nd.contrib.getnnz``: the number of stored values of a csr matrix (int64), all of them (shape (1,))
    or per row (``axis=1``)."""
    if not isinstance(data, CSRNDArray):
        raise MXNetError('Check failed: infer_stype_success: Operator not implemented: operator = '
                         '_contrib_getnnz (storage type {})'.format(getattr(data, 'stype', type(data).__name__)))
    indptr, _, values = _parts_csr(data._s)
    if axis is None:
        result = _result_of(torch.tensor([values.numel()], dtype=_INDEX, device=values.device), data)
    elif axis == 1:
        result = _result_of(indptr.diff().clone(), data)
    elif axis == 0:
        raise MXNetError('getnnz with axis = 0 is not supported yet')
    else:
        raise MXNetError('getnnz: axis must be None, 0 or 1, got {}'.format(axis))
    return result if out is None else result.copyto(out)


_dense_quadratic = _registry.OPS[('contrib', 'quadratic')].function


def quadratic(data=None, a=0.0, b=0.0, c=0.0, out=None, name=None):
    """``nd.contrib.quadratic``: ``a * x**2 + b * x + c``; a csr matrix with ``c == 0`` stays csr (of its
    pattern), as in MXNet; otherwise the dense operator."""
    if type(data) is CSRNDArray and float(c) == 0.0:
        result = data._with_values(lambda v: (float(a) * v * v + float(b) * v).to(v.dtype))
        return result if out is None else result.copyto(out)
    return _dense_quadratic(data, a=a, b=b, c=c, out=out)


class _SparseNotSupported(MXNetError, AttributeError):
    """Raised for the sparse operators mxtorch does not have yet; also an AttributeError, so that
    ``hasattr`` and ``getattr`` with a default keep working on this module."""


def __getattr__(name):
    # the other sparse operators of MXNet's module (sum, where, slice, sgd_update, ...)
    if name.startswith('__'):
        raise AttributeError(name)
    raise _SparseNotSupported('mx.nd.sparse.{}: this sparse operator is not implemented in mxtorch yet; '
                              'convert with tostype("default") and use the dense operator'.format(name))
