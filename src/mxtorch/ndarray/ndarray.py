"""NDArray: MXNet's n-dimensional array, a thin wrapper around one torch.Tensor.

This module holds what an array is by itself: its tensor and context label, conversion, printing,
pickling, indexing and its autograd methods, and the functions that wrap tensors into arrays. It imports
no operator. The operator methods (``x.exp()``, ``x.sum()``, ...), the arithmetic dunders and the methods
built on operators (``reshape``, ``flatten``, ...) are attached by ndarray/__init__.py from the operator
table."""
import weakref

import torch

from .. import _autograd
from .._state import np_shape as _np_shape, state as _flags
from ..base import _LIB, MXNetError, TORCH_TO_NP, dtype_torch
from ..context import Context, context_of_device
from . import _codec, _shadow
from .indexing import getitem, setitem, basic_slice_is_contiguous

__all__ = ['NDArray', 'waitall', 'from_torch']

Tensor = torch.Tensor
_new = object.__new__
_ref = weakref.ref
_recorded = _autograd.recorded
_check_write = _autograd.check_write
_grad_enabled = torch.is_grad_enabled
py_slice = slice  # MXNet's module has this name (its tests import it)
_STORAGE_TYPE_STR_TO_ID = {'undefined': -1, 'default': 0, 'row_sparse': 1, 'csr': 2}
_STORAGE_TYPE_ID_TO_STR = {v: k for k, v in _STORAGE_TYPE_STR_TO_ID.items()}


class NDArray:
    """An n-dimensional array of one dtype on one device, as in MXNet.

    It holds one ``torch.Tensor`` (``_t``) and, for the contexts a device cannot tell (``cpu(1)``,
    ``cpu_pinned``, ...), a context label (``_ctx``). Arrays are mutable buffers: ``x[:] = v``,
    ``x += y`` and ``out=`` write into the same memory.
    """
    __slots__ = ('_t', '_ctx', '__weakref__')
    # numpy defers binary operators with an NDArray on the right to NDArray's reflected methods
    __array_priority__ = 1000.0
    # sparse gradients: nd.sparse sets the function that attaches a csr/row_sparse gradient buffer, whose
    # sink (what autograd writes into) says _is_sink and holds the buffer as `array`
    _attach_sparse_grad = None
    _is_sink = False

    def __init__(self, handle, writable=True):
        if not isinstance(handle, Tensor):
            # a handle from base._LIB (the C API's stand-in), else a mistake
            tensor = _LIB.take_array(handle)
            if tensor is None:
                raise TypeError('NDArray wraps a torch.Tensor; use mx.nd.array() to make one from data, '
                                'got {}'.format(type(handle).__name__))
            handle = tensor
        self._t = handle
        self._ctx = None

    # ---- what the array is --------------------------------------------------------------------------
    @property
    def shape(self):
        """The dimensions, a tuple of ints."""
        return tuple(self._t.shape)

    @property
    def size(self):
        """The number of elements."""
        return self._t.numel()

    @property
    def ndim(self):
        """The number of dimensions."""
        return self._t.dim()

    @property
    def dtype(self):
        """The element type, as a numpy type (``numpy.float32``, ...)."""
        return TORCH_TO_NP[self._t.dtype]

    @property
    def context(self):
        """The Context the array lives on."""
        label = self._ctx
        return label if label is not None else context_of_device(self._t.device)

    ctx = context

    @property
    def stype(self):
        """The storage type; always 'default' (dense): mxtorch has no sparse storage."""
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
        """A copy with the axes in reverse order."""
        t = self._t
        return _wrap_of(t.permute(*reversed(range(t.dim()))).clone(), self, _reversed_axes_copy)

    # ---- conversion ---------------------------------------------------------------------------------
    def asnumpy(self):
        """The values, copied into a new ``numpy.ndarray``."""
        t = self._t.detach()
        if t.dtype is torch.bfloat16:
            t = t.float()
        return t.cpu().numpy() if t.device.type != 'cpu' else t.numpy().copy()

    def __array__(self, dtype=None, copy=None):
        values = self.asnumpy()
        return values if dtype is None else values.astype(dtype, copy=False)

    def asscalar(self):
        """The value of a one-element array, as a numpy scalar."""
        t = self._t
        if t.numel() != 1:
            raise ValueError("The current array is not a scalar")
        return TORCH_TO_NP[t.dtype](t.item())

    def __float__(self):
        return float(self.asscalar())

    def __int__(self):
        return int(self.asscalar())

    def astype(self, dtype, copy=True):
        """The array cast to `dtype`: a copy, or the array itself with ``copy=False`` when it already has
        that dtype."""
        target = dtype_torch(dtype)
        if not copy and target is self._t.dtype:
            return self
        return _wrap_of(self._t.to(target, copy=True), self, Tensor.to, target)

    def copy(self):
        """A copy on the same context."""
        return _wrap_of(self._t.clone(), self, Tensor.clone)

    def __copy__(self):
        return self.copy()

    def __deepcopy__(self, memo):
        return self.copy()

    def copyto(self, other):
        """Copy the values into `other`, an NDArray of the same shape, or into a new array on `other`, a
        Context. Returns the copy."""
        if isinstance(other, NDArray):
            if other is not self:
                if other._t.shape != self._t.shape:
                    raise MXNetError('copyto: shape mismatch, source {} and target {}'.format(
                        self.shape, other.shape))
                sparse_write = getattr(type(other), '_write_dense', None)
                if sparse_write is None:
                    other._t.copy_(self._t)
                else:  # a csr/row_sparse target keeps its storage type
                    sparse_write(other, self._t)
            return other
        if isinstance(other, Context):
            t = self._t
            return on_context(t.clone() if t.device == other.torch_device else t, other)
        raise TypeError('copyto does not support type ' + str(type(other)))

    def as_in_context(self, context):
        """The array on `context`: itself when it is there already, else a copy."""
        return self if self.context == context else self.copyto(context)

    as_in_ctx = as_in_context

    def tostype(self, stype):
        """A copy with storage type `stype`; only 'default' (dense) exists in mxtorch."""
        if stype != 'default':
            raise MXNetError("mxtorch has no sparse storage: tostype('{}') is not supported; "
                             "arrays are always dense ('default')".format(stype))
        return self.copy()

    def to_torch(self):
        """The torch.Tensor behind the array (the same memory)."""
        return self._t

    def wait_to_read(self):
        """Block until pending work on the array's device is done."""
        if self._t.is_cuda:
            torch.cuda.synchronize(self._t.device)

    wait_to_write = wait_to_read

    def to_dlpack_for_read(self):
        """A DLPack capsule of the array's memory."""
        return torch.utils.dlpack.to_dlpack(self._t.detach())

    to_dlpack_for_write = to_dlpack_for_read

    # ---- printing and pickling ----------------------------------------------------------------------
    def __repr__(self):
        dims = 'x'.join(str(d) for d in self._t.shape)
        return '\n{}\n<{} {} @{}>'.format(self.asnumpy(), type(self).__name__, dims, self.context)

    __str__ = __repr__

    def __getstate__(self):
        # MXNet pickles an array as one record of its file format
        return {'handle': bytearray(_codec.encode(self._t, self.context, _np_shape.active,
                                                  'NDArray.__getstate__'))}

    def __setstate__(self, state):
        handle = state.get('handle')
        self._t = torch.empty(0) if handle is None else \
            _codec.decode(bytes(handle), _np_shape.active, 'NDArray.__setstate__')
        self._ctx = None

    def __reduce__(self):
        return _empty_for_pickle, (), self.__getstate__()

    # ---- Python protocols ---------------------------------------------------------------------------
    def __len__(self):
        if self._t.dim() == 0:
            raise TypeError('len() of a 0-d NDArray')
        return self._t.shape[0]

    def __iter__(self):
        return (self[i] for i in range(len(self)))

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
        r = getitem(self._t, key)
        if r.requires_grad or _flags.recording_into is None:
            return _wrap_like(r, self)
        return _wrap_shaded(r, self, lambda t: getitem(t, key), (self._t,))

    def __setitem__(self, key, value):
        if isinstance(value, NDArray):
            value = value._t
        if _grad_enabled():
            _check_write(self._t, value)
        setitem(self._t, key, value)

    _basic_indexing_slice_is_contiguous = staticmethod(basic_slice_is_contiguous)

    def _inplace(self, fn, other, torch_inplace=None):
        """``self op= other`` into this array's own memory (the in-place dunders). `torch_inplace` (such as
        ``Tensor.add_``) serves a floating-point array with a Python number or an array of its dtype, where
        torch's semantics are MXNet's; anything else is computed by `fn` and copied in."""
        t = self._t
        o = other._t if isinstance(other, NDArray) else other
        if _grad_enabled():
            _check_write(t, o)
        if torch_inplace is not None and t.is_floating_point() and (
                type(o) is float or type(o) is int or type(o) is Tensor and o.dtype is t.dtype):
            try:
                torch_inplace(t, o)
                return self
            except RuntimeError:
                pass  # a shape that does not broadcast onto the array, say: reported below
        r = fn(t, o)
        if r.shape != t.shape:
            raise MXNetError('in-place operation: the result has shape {} but the array has shape {}'.format(
                tuple(r.shape), tuple(t.shape)))
        t.copy_(r)
        return self

    # ---- autograd -----------------------------------------------------------------------------------
    def attach_grad(self, grad_req='write', stype=None):
        """Make the array a variable: give it a zero gradient buffer (``x.grad``) that ``backward`` of a
        result recorded from it fills, overwriting ('write', the default) or accumulating ('add');
        'null' computes no gradient. `stype` 'row_sparse' or 'csr' gives a sparse buffer (nd.sparse)."""
        if grad_req not in _autograd.GRAD_REQS:
            raise MXNetError("grad_req must be 'write', 'add' or 'null', got {!r}".format(grad_req))
        if stype is not None and stype != 'default':
            return self._attach_sparse_grad(grad_req, stype)
        _autograd.mark([self], [_wrap_like(torch.zeros_like(self._t), self)], [grad_req])

    @property
    def grad(self):
        """The gradient buffer, or None when the array is not a variable."""
        info = getattr(self._t, '_mx_ag', None)
        if info is None:
            return None
        g = info.grad
        return g.array if g._is_sink else g

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
        """The same data as a new array outside any graph."""
        return _wrap_like(self._t.detach(), self)

    def backward(self, out_grad=None, retain_graph=False, train_mode=True):
        """Compute the gradients of this recorded array into the buffers of the variables it depends on.
        `out_grad` is the gradient with respect to the array (ones, i.e. the array is summed, when None);
        `retain_graph` keeps the graph for another backward."""
        _autograd.backward([self], None if out_grad is None else [out_grad], retain_graph, train_mode)

    # ---- MXNet's NumPy arrays ------------------------------------------------------------------------
    def as_np_ndarray(self):
        """The array as an ``mx.np.ndarray`` sharing its memory (and its gradient buffer)."""
        a = _new(_np_class[0])
        a._t = self._t
        a._ctx = self._ctx
        return a

    def as_nd_ndarray(self):
        """The array as an NDArray: itself."""
        return self


# mx.np.ndarray, the subclass that mxtorch.numpy defines and names here when it is imported
_np_class = [None]


def set_np_class(cls):
    """Name the class of ``mx.np`` arrays (called once by mxtorch.numpy), which as_np_ndarray makes."""
    _np_class[0] = cls


def _wrap(t):
    """A new NDArray holding tensor `t` (context from its device)."""
    a = _new(NDArray)
    a._t = t
    a._ctx = None
    if t.requires_grad:
        _recorded(a)
    return a


def _reversed_axes_copy(t):
    return t.permute(*reversed(range(t.dim()))).clone()


def _wrap_of(t, like, fn, *args):
    """_wrap_like for `t` = ``fn(like._t, *args)``, a method's result: while recording, a result that torch
    does not differentiate (of an integer variable) gets its shadow."""
    if t.requires_grad or _flags.recording_into is None:
        return _wrap_like(t, like)
    return _wrap_shaded(t, like, lambda u: fn(u, *args), (like._t,))


def _wrap_shaded(t, like, call, values):
    """_wrap_like for `t` = ``call(*values)`` that torch does not differentiate, while recording: its shadow
    first (an integer variable's results, see ndarray/_shadow.py)."""
    _shadow.shade(t, call, values)
    return _wrap_like(t, like)


def _wrap_like(t, like):
    """A new NDArray holding tensor `t` with the context label of `like` (cpu(1), cpu_pinned, ...)."""
    a = _new(NDArray)
    a._t = t
    a._ctx = like._ctx
    if t.requires_grad:
        # _autograd.recorded, its recording case written out (every recorded array expression comes here)
        graph = _flags.recording_into
        if graph is None or len(graph) >= graph.limit:
            _recorded(a)
        else:
            graph.append(_ref(a))
    return a


def from_torch(tensor):
    """An NDArray sharing memory with a torch.Tensor."""
    return _wrap(tensor)


def _empty_for_pickle():
    return _wrap(torch.empty(0))


def context_label(ctx):
    """What an NDArray on `ctx` keeps beside its tensor: None for cpu(0) and gpu(i), which the tensor's
    device tells, else the context itself (cpu(1), cpu_pinned(0), cpu_shared(0), ...)."""
    if ctx.device_typeid == 2 or (ctx.device_typeid == 1 and ctx.device_id == 0):
        return None
    return ctx


def on_context(t, ctx):
    """An NDArray of tensor `t` moved to `ctx`: on its device, in page-locked memory for cpu_pinned where
    CUDA is present (what pinning is for), labelled with `ctx`."""
    t = t.to(ctx.torch_device)
    if ctx.device_typeid == 3 and torch.cuda.is_available() and not t.is_pinned():
        t = t.pin_memory()
    a = _wrap(t)
    a._ctx = context_label(ctx)
    return a


def waitall():
    """Block until the work queued on every GPU is done (CPU work is synchronous)."""
    if torch.cuda.is_available() and torch.cuda.is_initialized():
        for i in range(torch.cuda.device_count()):
            torch.cuda.synchronize(i)
