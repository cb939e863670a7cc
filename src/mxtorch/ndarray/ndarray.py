"""NDArray: MXNet's n-dimensional array, a thin wrapper around one torch.Tensor."""
import math
import weakref

import numpy as np
import torch

from .. import _state
from ..base import MXNetError, TORCH_TO_NP, dtype_torch, numeric_types
from ..context import Context, current_context, context_of_device
from . import registry
from .indexing import getitem, setitem, basic_slice_is_contiguous
from .ops import arith


class _OpsByName:
    """Table functions looked up when first used (the table is filled after this module is imported)."""

    def __getattr__(self, name):
        return registry.OPS[('', name)].function


_ops = _OpsByName()


def _internal_op(name):
    return registry.OPS[('_internal', name)].function
py_slice = slice
_STORAGE_TYPE_STR_TO_ID = {'undefined': -1, 'default': 0, 'row_sparse': 1, 'csr': 2}
_STORAGE_TYPE_ID_TO_STR = {v: k for k, v in _STORAGE_TYPE_STR_TO_ID.items()}

__all__ = ['NDArray', 'waitall', 'from_torch']

Tensor = torch.Tensor
_new = object.__new__
_ref = weakref.ref
_in_graph = registry.in_graph


class NDArray:
    """An array object representing a multidimensional, homogeneous array of fixed-size items.

    It holds one ``torch.Tensor`` (``_t``) on the device of its context. Arrays are mutable buffers, as in
    MXNet: ``x[:] = v``, ``x += y`` and ``out=`` write in place.
    """
    __slots__ = ('_t', '_ctx', '__weakref__')
    # numpy defers binary operators with an NDArray on the right to NDArray's reflected methods
    __array_priority__ = 1000.0

    def __init__(self, handle, writable=True):
        if not isinstance(handle, Tensor):
            raise TypeError('NDArray wraps a torch.Tensor; use mx.nd.array() to make one from data, '
                            'got {}'.format(type(handle).__name__))
        self._t = handle
        self._ctx = None

    # ---- properties -------------------------------------------------------------------------------
    @property
    def shape(self):
        """Tuple of array dimensions."""
        return tuple(self._t.shape)

    @property
    def size(self):
        """Number of elements in the array."""
        return self._t.numel()

    @property
    def ndim(self):
        """Number of array dimensions."""
        return self._t.dim()

    @property
    def dtype(self):
        """Data-type of the array's elements, as a numpy type (e.g. ``numpy.float32``)."""
        return TORCH_TO_NP[self._t.dtype]

    @property
    def context(self):
        """Device context of the array."""
        ctx = self._ctx
        return ctx if ctx is not None else context_of_device(self._t.device)

    ctx = context

    @property
    def stype(self):
        """Storage type of the array: always 'default' (dense) in mxtorch."""
        return 'default'

    @property
    def handle(self):
        """The torch.Tensor holding the data (MXNet's handle is a C pointer)."""
        return self._t

    @property
    def writable(self):
        return True

    @property
    def T(self):
        """The array with its axes reversed (a new array)."""
        return _wrap_like(self._t.permute(*range(self._t.dim() - 1, -1, -1)).clone(), self)

    # ---- conversion -------------------------------------------------------------------------------
    def asnumpy(self):
        """A ``numpy.ndarray`` holding a copy of this array's values."""
        t = self._t.detach()
        if t.dtype is torch.bfloat16:
            t = t.float()
        if t.device.type != 'cpu':
            return t.cpu().numpy()
        return t.numpy().copy()

    def __array__(self, dtype=None, copy=None):
        a = self.asnumpy()
        return a if dtype is None else a.astype(dtype, copy=False)

    def asscalar(self):
        """The value of a one-element array as a numpy scalar."""
        t = self._t
        if t.numel() != 1:
            raise ValueError("The current array is not a scalar")
        return TORCH_TO_NP[t.dtype](t.item())

    def __float__(self):
        return float(self.asscalar())

    def __int__(self):
        return int(self.asscalar())

    def astype(self, dtype, copy=True):
        """A copy of the array cast to `dtype` (the array itself when ``copy=False`` and the dtype is
        already `dtype`)."""
        dt = dtype_torch(dtype)
        if not copy and dt is self._t.dtype:
            return self
        return _wrap_like(self._t.to(dt, copy=True), self)

    def copy(self):
        """A deep copy of the array, on the same context."""
        return _wrap_like(self._t.clone(), self)

    def __copy__(self):
        return self.copy()

    def __deepcopy__(self, memo):
        return self.copy()

    def copyto(self, other):
        """Copies the values into `other`: an NDArray (of the same shape) or a Context (a new array there).
        Returns the copy."""
        if isinstance(other, NDArray):
            if other is self:
                return other
            if other._t.shape != self._t.shape:
                raise MXNetError('copyto: shape mismatch, source {} and target {}'.format(
                    self.shape, other.shape))
            other._t.copy_(self._t)
            return other
        if isinstance(other, Context):
            return on_context(self._t.clone() if self._t.device == other.torch_device else self._t, other)
        raise TypeError('copyto does not support type ' + str(type(other)))

    def as_in_context(self, context):
        """The array on `context`: itself when it is already there, else a copy."""
        if self.context == context:
            return self
        return self.copyto(context)

    as_in_ctx = as_in_context

    def tostype(self, stype):
        """A copy with storage type `stype`. Only 'default' (dense) storage exists in mxtorch."""
        if stype != 'default':
            raise MXNetError("mxtorch has no sparse storage: tostype('{}') is not supported; "
                             "arrays are always dense ('default')".format(stype))
        return self.copy()

    def to_torch(self):
        """The torch.Tensor behind this array (shared memory, no copy)."""
        return self._t

    def wait_to_read(self):
        """Waits until all pending writes to this array are done."""
        if self._t.is_cuda:
            torch.cuda.synchronize(self._t.device)

    wait_to_write = wait_to_read

    # ---- printing -----------------------------------------------------------------------------------
    def __repr__(self):
        shape_info = 'x'.join('%d' % d for d in self._t.shape)
        return '\n%s\n<%s %s @%s>' % (str(self.asnumpy()), self.__class__.__name__, shape_info,
                                        self.context)

    __str__ = __repr__

    # pickling carries MXNet's own bytes for one array, as MXNet's __getstate__ does
    def __getstate__(self):
        from .serialization import to_raw_bytes
        return {'handle': bytearray(to_raw_bytes(self))}

    def __setstate__(self, state):
        from .serialization import from_raw_bytes
        handle = state.get('handle')
        loaded = from_raw_bytes(handle) if handle is not None else _wrap(torch.empty(0))
        self._t = loaded._t
        self._ctx = loaded._ctx

    def __reduce__(self):
        return _empty_for_pickle, (), self.__getstate__()

    # ---- python protocol ----------------------------------------------------------------------------
    def __len__(self):
        if self._t.dim() == 0:
            raise TypeError('len() of a 0-d NDArray')
        return self._t.shape[0]

    def __iter__(self):
        for i in range(len(self)):
            yield self[i]

    def __bool__(self):
        n = self._t.numel()
        if n == 1:
            return bool(self._t.item())
        if n == 0:
            return False
        raise ValueError('The truth value of an NDArray with multiple elements is ambiguous.')

    __nonzero__ = __bool__
    __hash__ = object.__hash__

    def __getitem__(self, key):
        return _wrap_like(getitem(self._t, key), self)

    def __setitem__(self, key, value):
        value = value._t if isinstance(value, NDArray) else value
        if torch.is_grad_enabled():
            registry.check_recorded_write(self._t, value)
        setitem(self._t, key, value)

    _basic_indexing_slice_is_contiguous = staticmethod(basic_slice_is_contiguous)

    # ---- arithmetic (implementations in ops/arith.py, shared with mx.nd.add etc.) --------------------
    def __add__(self, other):
        return _wrap_like(arith.add(self._t, other._t if isinstance(other, NDArray) else other), self)

    def __radd__(self, other):
        return _wrap_like(arith.add(other, self._t), self)

    def __sub__(self, other):
        return _wrap_like(arith.subtract(self._t, other._t if isinstance(other, NDArray) else other), self)

    def __rsub__(self, other):
        return _wrap_like(arith.subtract(other, self._t), self)

    def __mul__(self, other):
        return _wrap_like(arith.multiply(self._t, other._t if isinstance(other, NDArray) else other), self)

    def __rmul__(self, other):
        return _wrap_like(arith.multiply(other, self._t), self)

    def __truediv__(self, other):
        return _wrap_like(arith.divide(self._t, other._t if isinstance(other, NDArray) else other), self)

    def __rtruediv__(self, other):
        return _wrap_like(arith.divide(other, self._t), self)

    __div__, __rdiv__ = __truediv__, __rtruediv__

    def __mod__(self, other):
        return _wrap_like(arith.modulo(self._t, other._t if isinstance(other, NDArray) else other), self)

    def __rmod__(self, other):
        return _wrap_like(arith.modulo(other, self._t), self)

    def __pow__(self, other):
        return _wrap_like(arith.power(self._t, other._t if isinstance(other, NDArray) else other), self)

    def __rpow__(self, other):
        return _wrap_like(arith.power(other, self._t), self)

    def __neg__(self):
        return _wrap_like(torch.neg(self._t), self)

    def __pos__(self):
        return self

    def __abs__(self):
        return _wrap_like(torch.abs(self._t), self)

    def __eq__(self, other):
        if other is None:
            return False
        return _wrap_like(arith.equal(self._t, other._t if isinstance(other, NDArray) else other), self)

    def __ne__(self, other):
        if other is None:
            return True
        return _wrap_like(arith.not_equal(self._t, other._t if isinstance(other, NDArray) else other), self)

    def __gt__(self, other):
        return _wrap_like(arith.greater(self._t, other._t if isinstance(other, NDArray) else other), self)

    def __ge__(self, other):
        return _wrap_like(arith.greater_equal(self._t, other._t if isinstance(other, NDArray) else other), self)

    def __lt__(self, other):
        return _wrap_like(arith.lesser(self._t, other._t if isinstance(other, NDArray) else other), self)

    def __le__(self, other):
        return _wrap_like(arith.lesser_equal(self._t, other._t if isinstance(other, NDArray) else other), self)

    # in place: the result is written into this array's own buffer, which keeps its identity
    def _inplace(self, fn, other, torch_inplace=None):
        """self op= other, written into this array's buffer. `torch_inplace` (e.g. Tensor.add_) serves
        floating-point arrays with a float/int scalar or an array of the same dtype, where torch's
        semantics are MXNet's; everything else goes through `fn` and a copy."""
        t = self._t
        o = other._t if isinstance(other, NDArray) else other
        if torch.is_grad_enabled():
            registry.check_recorded_write(t, o)
        if torch_inplace is not None and t.is_floating_point() and (
                type(o) is float or type(o) is int or type(o) is Tensor and o.dtype is t.dtype):
            try:
                torch_inplace(t, o)
                return self
            except RuntimeError:
                pass  # e.g. a shape that does not broadcast onto this array: reported below
        r = fn(t, o)
        if r.shape != t.shape:
            raise MXNetError('in-place operation: the result has shape {} but the array has shape {}'.format(
                tuple(r.shape), tuple(t.shape)))
        t.copy_(r)
        return self

    def __iadd__(self, other):
        return self._inplace(arith.add, other, Tensor.add_)

    def __isub__(self, other):
        return self._inplace(arith.subtract, other, Tensor.sub_)

    def __imul__(self, other):
        return self._inplace(arith.multiply, other, Tensor.mul_)

    def __itruediv__(self, other):
        return self._inplace(arith.divide, other, Tensor.div_)

    __idiv__ = __itruediv__

    def __imod__(self, other):
        return self._inplace(arith.modulo, other)

    def __ipow__(self, other):
        return self._inplace(arith.power, other)

    # ---- shape methods whose signatures differ from their operators ---------------------------------
    def reshape(self, *shape, **kwargs):
        """A view of this array with a new shape (shares memory, as MXNet's method does).

        The shape may be given as a tuple or as separate integers and may use MXNet's special values
        0 (copy this dimension), -1 (infer), -2 (copy all remaining), -3 (merge two), -4 (split one);
        ``reverse=True`` reads them from the right."""
        if len(shape) == 1 and isinstance(shape[0], (list, tuple)):
            shape = shape[0]
        elif not shape:
            shape = kwargs.pop('shape', None)
            if shape is None:
                raise TypeError('reshape() needs a shape')
        reverse = kwargs.pop('reverse', False) if kwargs else False
        if kwargs:
            raise TypeError('reshape() got unexpected keyword arguments {}'.format(sorted(kwargs)))
        t = self._t
        if not reverse:
            # Try torch first (the common case, kept fast). On a non-empty array torch accepts only
            # positive sizes and one -1, which mean the same in MXNet; MXNet's codes 0, -2, -3, -4 make it
            # fail, and then the general path below reads them. Unpacked sizes are quicker for torch.
            try:
                r = t.reshape(*shape)
            except (RuntimeError, TypeError):
                pass  # the general path below says what is wrong, as MXNet does
            else:
                if t.numel():
                    return _wrap_like(r, self)
        from .ops.shape import infer_reshape
        new_shape = infer_reshape(tuple(t.shape), tuple(shape), reverse)
        if math.prod(new_shape) < self._t.numel():
            # MXNet's method checks this case in Python (ValueError); a larger size fails in its core
            raise ValueError('reshape: the new shape {} has fewer elements than the array\'s shape {}'.format(
                new_shape, self.shape))
        return _wrap_like(self._t.reshape(new_shape), self)

    def flatten(self, inplace=False):
        """Flattens the array into 2-D (d0, d1*...*dk); ``inplace=True`` gives a view sharing memory."""
        if not inplace:
            return _ops.flatten(self)
        rows = self._t.shape[0] if self._t.dim() else 1
        return _wrap_like(self._t.reshape(rows, -1), self)

    def expand_dims(self, axis, inplace=False):
        """Inserts an axis of size 1 at `axis`; ``inplace=True`` gives a view sharing memory."""
        if not inplace:
            return _ops.expand_dims(self, axis=axis)
        shape = list(self._t.shape)
        nd = len(shape)
        if not -nd - 1 <= axis <= nd:
            raise MXNetError('expand_dims: axis {} is out of bounds for an array with {} dimension(s)'.format(
                axis, nd))
        shape.insert(axis % (nd + 1), 1)
        return self.reshape(shape)

    def squeeze(self, axis=None, inplace=False):
        """Removes axes of size 1 (all, or those in `axis`); ``inplace=True`` gives a view sharing memory."""
        result = _ops.squeeze(self, axis=axis)
        return self.reshape(result.shape) if inplace else result

    def slice_assign(self, rhs, begin, end, step):
        """Assigns `rhs` to the region [begin:end:step] of this array, in place. Returns this array."""
        return _internal_op('_slice_assign')(self, rhs, begin, end, step, out=self)

    def slice_assign_scalar(self, value, begin, end, step):
        """Fills the region [begin:end:step] of this array with `value`, in place. Returns this array."""
        return _internal_op('_slice_assign_scalar')(self, scalar=value, begin=begin, end=end, step=step, out=self)

    def to_dlpack_for_read(self):
        """A DLPack capsule of this array's memory, for reading."""
        return torch.utils.dlpack.to_dlpack(self._t.detach())

    to_dlpack_for_write = to_dlpack_for_read

    # ---- autograd -----------------------------------------------------------------------------------
    def attach_grad(self, grad_req='write', stype=None):
        """Attach a gradient buffer to this array, so that gradient with respect to it is computed when
        ``backward`` is called on a result recorded from it.

        Parameters
        ----------
        grad_req : {'write', 'add', 'null'}
            How the gradient is stored: overwritten, accumulated, or not computed.
        stype : str, optional
            Storage type of the gradient; only 'default' exists in mxtorch.
        """
        from .. import autograd
        autograd.mark_variables([self], [_wrap_like(torch.zeros_like(self._t), self)], grad_reqs=grad_req)

    @property
    def grad(self):
        """The gradient buffer attached to this array (None when none is attached)."""
        info = getattr(self._t, '_mx_ag', None)
        return None if info is None else info.grad

    @property
    def _fresh_grad(self):
        info = getattr(self._t, '_mx_ag', None)
        return False if info is None else info.fresh

    @_fresh_grad.setter
    def _fresh_grad(self, state):
        info = getattr(self._t, '_mx_ag', None)
        if info is not None:
            info.fresh = bool(state)

    def detach(self):
        """A new array sharing this array's data, detached from the computation graph."""
        return _wrap_like(self._t.detach(), self)

    def backward(self, out_grad=None, retain_graph=False, train_mode=True):
        """Compute the gradients of this array with respect to the variables it was recorded from.

        Parameters
        ----------
        out_grad : NDArray, optional
            Gradient with respect to this array (ones when omitted: the array is summed).
        retain_graph : bool
            Whether the graph is kept for another backward.
        train_mode : bool
            Whether the backward pass runs in training mode.
        """
        from .. import autograd
        autograd.backward([self], None if out_grad is None else [out_grad], retain_graph=retain_graph,
                          train_mode=train_mode)

    # ---- not supported ------------------------------------------------------------------------------
    def as_np_ndarray(self):
        raise MXNetError('mxtorch implements the mx.nd API; the mx.np (numpy) interface is not available')

    def as_nd_ndarray(self):
        return self


def _wrap(t):
    a = _new(NDArray)
    a._t = t
    a._ctx = None
    if t.requires_grad:
        _in_graph.append(_ref(a))
    return a


def _wrap_like(t, like):
    """A new NDArray for t that keeps `like`'s context label (cpu(1), cpu_pinned, ...)."""
    a = _new(NDArray)
    a._t = t
    a._ctx = like._ctx
    if t.requires_grad:
        _in_graph.append(_ref(a))
    return a


def from_torch(tensor):
    """An NDArray sharing memory with a torch.Tensor."""
    return _wrap(tensor)


def _empty_for_pickle():
    return _wrap(torch.empty(0))


def context_label(ctx):
    """The context an NDArray must remember beside its tensor's device: None for cpu(0) and gpu(i),
    which the device tells, else ctx itself (cpu(1), cpu_pinned(0), cpu_shared(0), ...)."""
    if ctx.device_typeid == 2 or (ctx.device_typeid == 1 and ctx.device_id == 0):
        return None
    return ctx


def on_context(t, ctx):
    """An NDArray holding t moved to ctx's device and labelled with ctx."""
    a = _wrap(t.to(ctx.torch_device))
    a._ctx = context_label(ctx)
    return a


def waitall():
    """Wait for all asynchronous operations to finish."""
    if torch.cuda.is_available() and torch.cuda.is_initialized():
        for i in range(torch.cuda.device_count()):
            torch.cuda.synchronize(i)


registry.bind_ndarray(NDArray, _wrap)
