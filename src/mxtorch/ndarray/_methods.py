"""The NDArray methods that come from operators: the arithmetic and comparison dunders (over the
implementations in ops/arith.py that ``mx.nd.add`` and the others share) and the methods whose MXNet
signatures differ from their operators' (``reshape``, ``flatten(inplace=)``, ...). ndarray/__init__.py
attaches them, with the table's operator methods, to NDArray.

The dunders wrap the implementation's result themselves rather than calling the ``mx.nd`` function: one
call less on the path of every array expression."""
import math

import torch

from ..base import MXNetError
from . import registry
from .._state import state as _flags
from .ndarray import NDArray, _wrap_like, _wrap_of, _wrap_shaded
from .ops import arith
from .ops.shape import infer_reshape

Tensor = torch.Tensor


def _binary(impl):
    def dunder(self, other):
        t, o = self._t, other._t if isinstance(other, NDArray) else other
        r = impl(t, o)
        if r.requires_grad or _flags.recording_into is None:
            return _wrap_like(r, self)
        return _wrap_shaded(r, self, impl, (t, o))
    return dunder


def _reflected(impl):
    # only called with a non-NDArray on the left
    def dunder(self, other):
        t = self._t
        r = impl(other, t)
        if r.requires_grad or _flags.recording_into is None:
            return _wrap_like(r, self)
        return _wrap_shaded(r, self, impl, (other, t))
    return dunder


def _comparison_with_none(impl, answer):
    # ``x == None`` is a plain False (and ``x != None`` True), as in MXNet
    def dunder(self, other):
        if other is None:
            return answer
        t, o = self._t, other._t if isinstance(other, NDArray) else other
        r = impl(t, o)
        if _flags.recording_into is None:       # (a comparison is never differentiable itself)
            return _wrap_like(r, self)
        return _wrap_shaded(r, self, impl, (t, o))
    return dunder


def _in_place(impl, torch_inplace=None):
    def dunder(self, other):
        return self._inplace(impl, other, torch_inplace)
    return dunder


def __neg__(self):
    r = torch.neg(self._t)
    if r.requires_grad or _flags.recording_into is None:
        return _wrap_like(r, self)
    return _wrap_shaded(r, self, torch.neg, (self._t,))


def __abs__(self):
    return _wrap_like(torch.abs(self._t), self)


def __pos__(self):
    return self


def reshape(self, *shape, **kwargs):
    """A view of the array with a new shape, sharing its memory (as MXNet's method does).

    The shape is a tuple or separate ints, and may use MXNet's codes: 0 keeps a dimension, -1 is
    inferred, -2 keeps all remaining ones, -3 merges two, -4 splits one in the two values that follow;
    ``reverse=True`` matches them from the right."""
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
        # torch's reshape first: on a non-empty array it takes exactly the positive sizes and one -1,
        # which mean the same in MXNet, and fails on MXNet's other codes, which are read below
        try:
            r = t.reshape(*shape)
        except (RuntimeError, TypeError):
            pass
        else:
            if t.numel():
                return _wrap_of(r, self, Tensor.reshape, shape)
    new_shape = infer_reshape(tuple(t.shape), tuple(shape), reverse)
    if math.prod(new_shape) < t.numel():
        # MXNet's method checks this case in Python (ValueError); a larger size fails in its core
        raise ValueError('reshape: the new shape {} has fewer elements than the array\'s shape {}'.format(
            new_shape, self.shape))
    return _wrap_of(t.reshape(new_shape), self, Tensor.reshape, new_shape)


def flatten(self, inplace=False):
    """The array as 2-D, (d0, d1*...*dk): a copy, or a view sharing memory with ``inplace=True``."""
    if not inplace:
        return _flatten(self)
    t = self._t
    two_d = (t.shape[0] if t.dim() else 1, -1)
    return _wrap_of(t.reshape(two_d), self, Tensor.reshape, two_d)


def expand_dims(self, axis, inplace=False):
    """The array with a new axis of size 1 at `axis`: a copy, or a view with ``inplace=True``."""
    if not inplace:
        return _expand_dims(self, axis=axis)
    shape = list(self._t.shape)
    n = len(shape)
    if not -n - 1 <= axis <= n:
        raise MXNetError('expand_dims: axis {} is out of bounds for an array with {} dimension(s)'.format(
            axis, n))
    shape.insert(axis % (n + 1), 1)
    return reshape(self, shape)


def squeeze(self, axis=None, inplace=False):
    """The array without its axes of size 1 (all, or those in `axis`): a copy, or a view with
    ``inplace=True``."""
    result = _squeeze(self, axis=axis)
    return reshape(self, result.shape) if inplace else result


def slice_assign(self, rhs, begin, end, step):
    """Write `rhs` into the region [begin:end:step] of the array; returns the array."""
    return _slice_assign(self, rhs, begin, end, step, out=self)


def slice_assign_scalar(self, value, begin, end, step):
    """Fill the region [begin:end:step] of the array with `value`; returns the array."""
    return _slice_assign_scalar(self, scalar=value, begin=begin, end=end, step=step, out=self)


def _op(name, namespace=''):
    return registry.OPS[(namespace, name)].function


_flatten, _expand_dims, _squeeze = _op('flatten'), _op('expand_dims'), _op('squeeze')
_slice_assign = _op('_slice_assign', '_internal')
_slice_assign_scalar = _op('_slice_assign_scalar', '_internal')

_add, _sub, _mul, _div, _mod, _pow = (arith.add, arith.subtract, arith.multiply, arith.divide, arith.modulo,
                                      arith.power)

METHODS = {
    '__add__': _binary(_add), '__radd__': _reflected(_add),
    '__sub__': _binary(_sub), '__rsub__': _reflected(_sub),
    '__mul__': _binary(_mul), '__rmul__': _reflected(_mul),
    '__truediv__': _binary(_div), '__rtruediv__': _reflected(_div),
    '__mod__': _binary(_mod), '__rmod__': _reflected(_mod),
    '__pow__': _binary(_pow), '__rpow__': _reflected(_pow),
    '__eq__': _comparison_with_none(arith.equal, False),
    '__ne__': _comparison_with_none(arith.not_equal, True),
    '__gt__': _binary(arith.greater), '__ge__': _binary(arith.greater_equal),
    '__lt__': _binary(arith.lesser), '__le__': _binary(arith.lesser_equal),
    '__neg__': __neg__, '__pos__': __pos__, '__abs__': __abs__,
    '__iadd__': _in_place(_add, Tensor.add_), '__isub__': _in_place(_sub, Tensor.sub_),
    '__imul__': _in_place(_mul, Tensor.mul_), '__itruediv__': _in_place(_div, Tensor.div_),
    '__imod__': _in_place(_mod), '__ipow__': _in_place(_pow),
    'reshape': reshape, 'flatten': flatten, 'expand_dims': expand_dims, 'squeeze': squeeze,
    'slice_assign': slice_assign, 'slice_assign_scalar': slice_assign_scalar,
}
# Python 2 spellings MXNet still defines
METHODS['__div__'], METHODS['__rdiv__'], METHODS['__idiv__'] = (
    METHODS['__truediv__'], METHODS['__rtruediv__'], METHODS['__itruediv__'])
for _name, _fn in METHODS.items():
    if _fn.__name__ == 'dunder':  # made by a factory above: name it for reprs and tracebacks
        _fn.__name__ = _name
    _fn.__qualname__ = 'NDArray.' + _fn.__name__
del _name, _fn
