"""``mx.np.ndarray``: MXNet's NumPy-compatible array, and ``mx.np.array``.

It is a subclass of NDArray holding the same kind of torch tensor, so an array and its
``as_nd_ndarray()`` view share memory and autograd. What differs is the front end: NumPy's indexing
(0-d results, integer and boolean arrays, newaxis, Ellipsis), the arithmetic of ops/np_math.py (MXNet's
promotion), NumPy's printing (``array([1., 2.])``) and the methods NumPy arrays have; NDArray methods
that NumPy arrays lack raise AttributeError, as in MXNet."""
import numbers
import re
import weakref

import numpy as onp
import torch

from .. import _autograd
from .._state import state as _flags, np_shape as _np_shape
from ..base import MXNetError, TORCH_TO_NAME, dtype_torch
from ..context import Context, current_context
from ..ndarray import ndarray as _nd_module
from ..ndarray.ndarray import NDArray, context_label, on_context
from ..ndarray.indexing import _normalize, _flipped, _flat_positions
from ..ndarray.ops.np_math import BINARY
from ..ndarray.ops.np_shape import new_shape
from . import _frontend, _shadow

__all__ = ['ndarray', 'array']

Tensor = torch.Tensor
_new = object.__new__
_ref = weakref.ref
_recorded = _autograd.recorded
_grad_enabled = torch.is_grad_enabled
_check_write = _autograd.check_write


def _result(t, like):
    """A new mx.np.ndarray of tensor `t` with the context label of `like`."""
    a = _new(ndarray)
    a._t = t
    a._ctx = like._ctx
    if t.requires_grad:
        graph = _flags.recording_into
        if graph is None or len(graph) >= graph.limit:
            _recorded(a)
        else:
            graph.append(_ref(a))
    return a


def _result_of(t, like, call, values):
    """_result for the dunders and indexing: while recording, a result that is not differentiable gets its
    shadow (see _shadow.py)."""
    if _flags.recording_into is not None and not t.requires_grad:
        _shadow.shade(t, call, values)
    return _result(t, like)


def _operand(other):
    """The right operand of an arithmetic dunder: a tensor or a Python number."""
    if isinstance(other, ndarray):
        return other._t
    if isinstance(other, (float, int)) or isinstance(other, numbers.Number):
        return other
    if isinstance(other, onp.generic):
        return other.item()
    raise TypeError('type {} not supported'.format(type(other)))


def _legacy_operator_error(op_name):
    return TypeError('Operator `{0}` registered in backend is known as `{0}` in Python. This is a legacy '
                     'operator which can only accept legacy ndarrays, while received an MXNet numpy ndarray. '
                     'Please call `as_nd_ndarray()` upon the numpy ndarray to convert it to a legacy ndarray, '
                     'and then feed the converted array to this operator.'.format(op_name))


def _binary(impl):
    # (_operand and _result written out for the common operands: an mx.np array, a float, an int)
    def dunder(self, other):
        kind = type(other)
        a, b = self._t, other._t if kind is ndarray else other if kind is float or kind is int else _operand(other)
        r = impl(a, b)
        out = _new(ndarray)
        out._t = r
        out._ctx = self._ctx
        if r.requires_grad:
            graph = _flags.recording_into
            if graph is None or len(graph) >= graph.limit:
                _recorded(out)
            else:
                graph.append(_ref(out))
        elif _flags.recording_into is not None:
            _shadow.shade(r, impl, (a, b))
        return out
    return dunder


def _reflected(impl, legacy_name):
    def dunder(self, other):
        if isinstance(other, NDArray):
            # a legacy NDArray on the left: Python asks the subclass first, and MXNet refuses
            raise _legacy_operator_error(legacy_name)
        a, b = _operand(other), self._t
        return _result_of(impl(a, b), self, impl, (a, b))
    return dunder


def _in_place(impl, torch_inplace=None):
    def dunder(self, other):
        if type(other) is ndarray:
            return self._inplace(impl, other, torch_inplace)
        if isinstance(other, NDArray) and not isinstance(other, ndarray):
            raise TypeError('type {} not supported'.format(type(other)))
        if not isinstance(other, NDArray):
            other = _operand(other)
        return self._inplace(impl, other, torch_inplace)
    return dunder


def _compare(impl, answer_for_none):
    def dunder(self, other):
        if other is None:
            return answer_for_none
        kind = type(other)
        a, b = self._t, other._t if kind is ndarray else other if kind is float or kind is int else _operand(other)
        r = impl(a, b)
        out = _new(ndarray)
        out._t = r
        out._ctx = self._ctx
        if r.requires_grad:
            graph = _flags.recording_into
            if graph is None or len(graph) >= graph.limit:
                _recorded(out)
            else:
                graph.append(_ref(out))
        elif _flags.recording_into is not None:
            _shadow.shade(r, impl, (a, b))
        return out
    return dunder


def _no_legacy_method(name):
    def method(self, *args, **kwargs):
        raise AttributeError('mxnet.numpy.ndarray object has no attribute {}'.format(name))
    method.__name__ = name
    return method


# ---- indexing -----------------------------------------------------------------------------------------
def _getitem(t, key):
    """t[key] with NumPy's semantics (int keys give 0-d results)."""
    kind = type(key)
    if kind is int or (kind is slice and (key.step is None or key.step > 0)):
        try:
            return t[key]
        except IndexError:
            raise IndexError('index {} is out of bounds for axis 0 with size {}'.format(
                key, t.shape[0] if t.dim() else 0)) from None
    if kind is tuple and not key:
        return t
    nkey, negative, advanced = _normalize(key, t)
    try:
        if negative and advanced:
            r = t.reshape(-1)[_flat_positions(tuple(t.shape), nkey, t.device)]
        elif negative:
            nkey, flips = _flipped(nkey, t.shape)
            r = t[nkey]
            if flips:
                r = r.flip(flips)
        else:
            r = t[nkey]
    except IndexError as e:
        raise IndexError('index {} is out of bounds for an array of shape {}: {}'.format(
            key, tuple(t.shape), e)) from None
    except RuntimeError as e:
        raise IndexError('index {} does not fit an array of shape {}: {}'.format(key, tuple(t.shape), e)) from None
    if not advanced and not r.is_contiguous():
        r = r.contiguous()
    return r


_SET_ITEM = NDArray.__setitem__


def _axes_reversed(t):
    """A copy of `t` with its axes reversed (``a.T``)."""
    return t.permute(tuple(range(t.dim() - 1, -1, -1))).clone(memory_format=torch.contiguous_format)


class ndarray(NDArray):
    """An n-dimensional array with NumPy's semantics, as ``mxnet.numpy.ndarray``.

    Make one with ``mx.np.array``, the creation functions, or ``NDArray.as_np_ndarray()`` (shares memory).
    """
    __slots__ = ()

    # ---- what the array is ------------------------------------------------------------------------------
    @property
    def T(self):
        """The array with its axes reversed (a copy)."""
        t = self._t
        return _result_of(_axes_reversed(t), self, _axes_reversed, (t,))

    @property
    def dtype(self):
        """The element type, a ``numpy.dtype`` (``dtype('float32')``, ...)."""
        return _DTYPES[self._t.dtype]

    @property
    def device(self):
        return self.context

    def item(self, *args):
        """One element as a Python number: the only one, or the one at a flat index or coordinates."""
        t = self._t
        if not args:
            if t.numel() != 1:
                raise ValueError('can only convert an array of size 1 to a Python scalar')
            return t.item()
        return self.asnumpy().item(*args)

    def tolist(self):
        """The values as nested Python lists."""
        return self.asnumpy().tolist()

    def asscalar(self):
        raise AttributeError('mxnet.numpy.ndarray object has no attribute asscalar')

    def __len__(self):
        if self._t.dim() == 0:
            raise TypeError('len() of unsized object')
        return self._t.shape[0]

    def __iter__(self):
        if self._t.dim() == 0:
            raise TypeError('iteration over a 0-d array')
        return (self[i] for i in range(self._t.shape[0]))

    def __bool__(self):
        n = self._t.numel()
        if n == 1:
            return bool(self._t.item())
        if n == 0:
            return False
        raise ValueError('The truth value of an ndarray with multiple elements is ambiguous.')

    __nonzero__ = __bool__

    def __float__(self):
        if self._t.numel() != 1:
            raise TypeError('only size-1 arrays can be converted to Python scalars')
        return float(self._t.item())

    def __int__(self):
        if self._t.numel() != 1:
            raise TypeError('only size-1 arrays can be converted to Python scalars')
        return int(self._t.item())

    def __index__(self):
        t = self._t
        if t.numel() != 1 or t.is_floating_point() or t.dtype is torch.bool:
            raise TypeError('only integer scalar arrays can be converted to a scalar index')
        return int(t.item())

    def __hash__(self):
        raise NotImplementedError('mxnet.numpy.ndarray is not hashable')

    # ---- printing ---------------------------------------------------------------------------------------
    def __repr__(self):
        # NumPy's repr, with MXNet's dtype rule: none for float32 and bool, named for every other dtype
        with onp.printoptions(legacy='2.1'):
            text = _DTYPE_TAG.sub(')', repr(self.asnumpy()))
        dtype = self._t.dtype
        if dtype is not torch.float32 and dtype is not torch.bool:
            text = text[:-1] + ', dtype={})'.format(TORCH_TO_NAME[dtype])
        if self._t.is_cuda:
            text = text[:-1] + ', ctx={})'.format(self.context)
        return text

    def __str__(self):
        with onp.printoptions(legacy='2.1'):
            text = str(self.asnumpy())
        if self._t.is_cuda:
            text += ' @{}'.format(self.context)
        return text

    def __format__(self, spec):
        if self._t.dim() == 0:
            return format(self.asnumpy()[()], spec)
        if spec:
            raise TypeError('unsupported format string passed to mxnet.numpy.ndarray.__format__')
        return str(self)

    # ---- pickling: MXNet's array record, in NumPy-shape mode ----------------------------------------------
    def __reduce__(self):
        return _empty_for_pickle, (), self.__getstate__()

    def __getstate__(self):
        previous, _np_shape.active = _np_shape.active, True
        try:
            return NDArray.__getstate__(self)
        finally:
            _np_shape.active = previous

    def __setstate__(self, state):
        previous, _np_shape.active = _np_shape.active, True
        try:
            NDArray.__setstate__(self, state)
        finally:
            _np_shape.active = previous

    # ---- indexing ---------------------------------------------------------------------------------------
    def __getitem__(self, key):
        t = self._t
        r = _getitem(t, key)
        # (_result_of written out: the shadow's call is made only while recording)
        out = _new(ndarray)
        out._t = r
        out._ctx = self._ctx
        if r.requires_grad:
            graph = _flags.recording_into
            if graph is None or len(graph) >= graph.limit:
                _recorded(out)
            else:
                graph.append(_ref(out))
        elif _flags.recording_into is not None:
            _shadow.shade(r, lambda x: _getitem(x, key), (t,))
        return out

    def __setitem__(self, key, value):
        if isinstance(value, NDArray) and not isinstance(value, ndarray):
            raise TypeError('type {} not supported'.format(type(value)))
        _SET_ITEM(self, key, value)

    # ---- conversion -------------------------------------------------------------------------------------
    def as_nd_ndarray(self):
        """The array as a legacy NDArray sharing its memory."""
        a = _new(NDArray)
        a._t = self._t
        a._ctx = self._ctx
        return a

    def as_np_ndarray(self):
        """The array itself."""
        return self

    def astype(self, dtype, order='K', casting='unsafe', subok=True, copy=True):
        """The array cast to `dtype` (itself with ``copy=False`` when it already has it)."""
        if order != 'K':
            raise NotImplementedError('order {} is not supported yet'.format(order))
        if casting != 'unsafe':
            raise NotImplementedError('casting {} is not supported yet'.format(casting))
        if not subok:
            raise NotImplementedError('subok=False is not supported yet')
        target = _dtype(dtype)
        if not copy and target is self._t.dtype:
            return self
        return _result(self._t.to(target, copy=True), self)

    def copy(self, order='C'):
        """A copy."""
        if order != 'C':
            raise NotImplementedError('ndarray.copy only supports C order, got {}'.format(order))
        return _result(self._t.clone(), self)

    def __copy__(self):
        return self.copy()

    def __deepcopy__(self, memo):
        return self.copy()

    def copyto(self, other):
        """Copy into `other` (an mx.np.ndarray of the same shape) or onto `other` (a Context)."""
        if isinstance(other, NDArray):
            if not isinstance(other, ndarray):
                raise TypeError('copyto does not support type {}'.format(type(other)))
            if other is not self:
                if other._t.shape != self._t.shape:
                    raise MXNetError('copyto: shape mismatch, source {} and target {}'.format(
                        self.shape, other.shape))
                other._t.copy_(self._t)
            return other
        if isinstance(other, Context):
            t = self._t
            return on_context(t.clone() if t.device == other.torch_device else t, other).as_np_ndarray()
        raise TypeError('copyto does not support type ' + str(type(other)))

    def as_in_context(self, context):
        """The array on `context`: itself when it is there, else a copy."""
        return self if self.context == context else self.copyto(context)

    def as_in_ctx(self, ctx):
        return self.as_in_context(ctx)

    to_device = as_in_ctx

    def detach(self):
        """The same data as a new array outside any graph."""
        a = _new(ndarray)
        a._t = self._t.detach()
        a._ctx = self._ctx
        return a

    @property
    def grad(self):
        """The gradient buffer, or None when the array is not a variable or its grad_req is 'null'."""
        info = getattr(self._t, '_mx_ag', None)
        return None if info is None or info.req == 'null' else info.grad

    def attach_grad(self, grad_req='write'):
        """Make the array a variable with a zero gradient buffer, an mx.np.ndarray (see NDArray.attach_grad)."""
        if grad_req not in _autograd.GRAD_REQS:
            raise MXNetError("grad_req must be 'write', 'add' or 'null', got {!r}".format(grad_req))
        _autograd.mark([self], [_result(torch.zeros_like(self._t), self)], [grad_req])
        _shadow.attach(self._t, self._t._mx_ag)

    # ---- methods of NumPy arrays ------------------------------------------------------------------------
    def reshape(self, *args, **kwargs):
        """The array in a new shape (ints or a tuple; one may be -1), sharing memory where possible."""
        if not kwargs and args:
            # torch reads ints and one -1 as NumPy does; anything else (and every error) takes the checked path
            try:
                return _result(self._t.reshape(args[0] if len(args) == 1 and type(args[0]) is tuple else args), self)
            except (RuntimeError, TypeError, ValueError):
                pass
        order = kwargs.pop('order', 'C')
        if kwargs:
            raise TypeError('reshape() got an unexpected keyword argument {!r}'.format(next(iter(kwargs))))
        if order != 'C':
            raise NotImplementedError('only supports C-order, while received {}'.format(order))
        shape = args[0] if len(args) == 1 and not isinstance(args[0], (int, onp.integer)) else args
        if not args:
            raise TypeError('reshape() takes exactly 1 argument (0 given)')
        t = self._t
        return _result(t.reshape(new_shape(shape, t.numel())), self)

    def transpose(self, *axes):
        """The axes reversed, or in the order given (ints or one tuple)."""
        if len(axes) == 1 and (axes[0] is None or isinstance(axes[0], (tuple, list))):
            axes = axes[0]
        return _F.transpose(self, axes if axes else None)

    def flatten(self, order='C'):
        """A flattened copy."""
        return _F.ravel(self, order)

    def ravel(self, order='C'):
        return _F.ravel(self, order)

    # dot, sum, prod, mean, std, var, max, min, all, any, argmax, argmin, argsort, cumsum, squeeze, repeat,
    # swapaxes and take are compiled with the functions of mx.np (see _op.py)

    def broadcast_to(self, shape):
        return _F.broadcast_to(self, shape)

    def broadcast_like(self, other):
        raise AttributeError('mxnet.numpy.ndarray object has no attribute broadcast_like')

    def sort(self, axis=-1, kind=None, order=None):
        """Sort in place along `axis`."""
        self._t.copy_(_F.sort(self, axis, kind, order)._t)

    def clip(self, min=None, max=None, out=None):
        return _F.clip(self, min, max, out=out)

    def round(self, decimals=0, out=None, **kwargs):
        return _F.round(self, decimals, out=out, **kwargs)

    def nonzero(self):
        return _F.nonzero(self)

    def diag(self, k=0, **kwargs):
        raise AttributeError('mxnet.numpy.ndarray object has no attribute diag')

    def tostype(self, stype):
        raise AttributeError('mxnet.numpy.ndarray object has no attribute tostype')

    def __array_function__(self, func, types, args, kwargs):
        return _F.array_function(func, types, args, kwargs)

    def __array_ufunc__(self, ufunc, method, *inputs, **kwargs):
        return _F.array_ufunc(ufunc, method, inputs, kwargs)


_DTYPE_TAG = re.compile(r',\s*dtype=\w+\)$')
_DTYPES = {t: onp.dtype(n) if n != 'bfloat16' else onp.dtype('float32') for t, n in TORCH_TO_NAME.items()}


def _dtype(dtype):
    try:
        return dtype_torch(dtype)
    except TypeError:
        raise TypeError('data type {!r} not understood'.format(dtype)) from None


def _empty_for_pickle():
    a = _new(ndarray)
    a._t = torch.empty(0)
    a._ctx = None
    return a


# the arithmetic and comparison dunders, over the implementations that np.add and the others share
_B = BINARY
_DUNDERS = {
    '__add__': _binary(_B['add']), '__radd__': _reflected(_B['add'], 'broadcast_add'),
    '__sub__': _binary(_B['subtract']), '__rsub__': _reflected(_B['subtract'], 'broadcast_sub'),
    '__mul__': _binary(_B['multiply']), '__rmul__': _reflected(_B['multiply'], 'broadcast_mul'),
    '__truediv__': _binary(_B['true_divide']), '__rtruediv__': _reflected(_B['true_divide'], 'broadcast_div'),
    '__mod__': _binary(_B['mod']), '__rmod__': _reflected(_B['mod'], 'broadcast_mod'),
    '__pow__': _binary(_B['power']), '__rpow__': _reflected(_B['power'], 'broadcast_power'),
    '__matmul__': None, '__rmatmul__': None,
    '__and__': _binary(_B['bitwise_and']), '__rand__': _reflected(_B['bitwise_and'], 'broadcast_logical_and'),
    '__or__': _binary(_B['bitwise_or']), '__ror__': _reflected(_B['bitwise_or'], 'broadcast_logical_or'),
    '__xor__': _binary(_B['bitwise_xor']), '__rxor__': _reflected(_B['bitwise_xor'], 'broadcast_logical_xor'),
    '__eq__': _compare(_B['equal'], False), '__ne__': _compare(_B['not_equal'], True),
    '__gt__': _binary(_B['greater']), '__ge__': _binary(_B['greater_equal']),
    '__lt__': _binary(_B['less']), '__le__': _binary(_B['less_equal']),
    '__iadd__': _in_place(_B['add'], Tensor.add_), '__isub__': _in_place(_B['subtract'], Tensor.sub_),
    '__imul__': _in_place(_B['multiply'], Tensor.mul_), '__itruediv__': _in_place(_B['true_divide'], Tensor.div_),
    '__imod__': _in_place(_B['mod']), '__ipow__': _in_place(_B['power']),
}
_DUNDERS['__div__'], _DUNDERS['__rdiv__'], _DUNDERS['__idiv__'] = (
    _DUNDERS['__truediv__'], _DUNDERS['__rtruediv__'], _DUNDERS['__itruediv__'])


def _matmul(self, other):
    return _F.matmul(self, other)


def _rmatmul(self, other):
    return _F.matmul(other, self)


_DUNDERS['__matmul__'], _DUNDERS['__rmatmul__'] = _matmul, _rmatmul


def __neg__(self):
    t = self._t
    if t.dtype is torch.bool:
        return _result(torch.neg(t.to(torch.int64)), self)
    return _result(torch.neg(t), self)


def __abs__(self):
    return _result(torch.abs(self._t), self)


def __pos__(self):
    return self


def __invert__(self):
    return _F.invert(self)


for _name, _fn in dict(_DUNDERS, __neg__=__neg__, __abs__=__abs__, __pos__=__pos__, __invert__=__invert__).items():
    if _fn.__name__ == 'dunder':
        _fn.__name__ = _name
    _fn.__qualname__ = 'ndarray.' + _name
    setattr(ndarray, _name, _fn)

# the NDArray methods NumPy arrays do not have: present (as in MXNet) but an AttributeError when called
_LEGACY = ('abs arccos arccosh arcsin arcsinh arctan arctanh argmax_channel broadcast_axes cbrt ceil cos cosh '
           'degrees depth_to_space exp expand_dims expm1 fix flip floor log log10 log1p log2 log_softmax '
           'nanprod nansum norm one_hot ones_like pad pick radians rcbrt reciprocal relu reshape_like rint '
           'rsqrt shape_array sigmoid sign sin sinh size_array slice slice_axis slice_like softmax softmin '
           'space_to_depth split split_v2 sqrt square tan tanh tile topk trunc zeros_like').split()
for _name in _LEGACY:
    setattr(ndarray, _name, _no_legacy_method(_name))
# table methods of NDArray that MXNet's NumPy arrays do not have at all
for _name in list(vars(NDArray)):
    if not _name.startswith('_') and _name not in vars(ndarray) and callable(getattr(NDArray, _name, None)) \
            and _name not in ('asnumpy', 'backward', 'wait_to_read', 'wait_to_write', 'to_dlpack_for_read',
                              'to_dlpack_for_write', 'to_torch', 'slice_assign', 'slice_assign_scalar',
                              'reshape_view') and not isinstance(vars(NDArray)[_name], property):
        setattr(ndarray, _name, _no_legacy_method(_name))
del _name, _fn

_nd_module.set_np_class(ndarray)
_frontend.set_array_class(ndarray)


class _Functions:
    """The mx.np functions the methods call (np.sum, ...) and the dispatch protocol's handlers, given by
    mxtorch.numpy once the modules that make them (and are built on this class) are loaded."""


_F = _Functions()


def bind(**functions):
    """Give the methods the functions they call (see _Functions)."""
    for name, fn in functions.items():
        setattr(_Functions, name, staticmethod(fn))


# ---- mx.np.array --------------------------------------------------------------------------------------
def array(object, dtype=None, ctx=None):
    """An mx.np.ndarray with the values of `object` (a number, nested sequence, NumPy array or mx.np
    array), always a copy. Without `dtype`, NumPy and mx.np arrays keep their dtype and everything else
    is float32 (MXNet's default)."""
    device = (current_context() if ctx is None else ctx)
    if isinstance(object, NDArray):
        if not isinstance(object, ndarray):
            raise ValueError("If you're trying to create a mxnet.numpy.ndarray from mx.nd.NDArray, please use "
                             "the zero-copy as_np_ndarray function.")
        t = object._t.detach().to(device=device.torch_device, dtype=object._t.dtype if dtype is None else
                                   _dtype(dtype), copy=True)
    else:
        if isinstance(object, onp.ndarray) and dtype is None:
            target = _dtype(object.dtype)
        else:
            target = torch.float32 if dtype is None else _dtype(dtype)
        values = onp.asarray(object)
        wanted = onp.dtype('float32' if target is torch.bfloat16 else TORCH_TO_NAME[target])
        if values.dtype != wanted:
            with onp.errstate(all='ignore'):
                values = values.astype(wanted)      # numbers out of range wrap around, as a C cast does
        t = torch.tensor(values, device=device.torch_device)
        if t.dtype is not target:
            t = t.to(target)
    a = _new(ndarray)
    a._t = t
    a._ctx = context_label(device)
    return a
