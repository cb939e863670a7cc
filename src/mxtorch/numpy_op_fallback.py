"""mx.numpy_op_fallback: NumPy operators that MXNet runs through NumPy (or its front end) as custom
operators: ``empty_like_fallback``, ``resize_fallback``, ``unravel_index_fallback`` and ``mvn_fallback``
(multivariate normal), registered with ``mx.operator`` and callable as ``mx.np._internal.<name>``
(which MXNet spells ``mx.nd.numpy._internal.<name>``) on mx.np arrays, giving mx.np arrays.

Parameters reach the property classes as strings, as every custom operator's do (``shape='(2, 3)'``).
"""
import ast

import numpy as np

from . import operator
from . import ndarray as _nd
from .numpy import _internal as _nd_npi

# dtype names a fallback accepts, and the NumPy type each one means ('None': keep the input's)
_STR_2_DTYPE_ = {'float16': np.float16, 'float32': np.float32, 'float64': np.float64, 'float': np.float64,
                 'uint8': np.uint8, 'int8': np.int8, 'int32': np.int32, 'int64': np.int64, 'int': np.int64,
                 'bool': bool, 'bool_': np.bool_, 'None': None}


def _np_custom(op_type):
    """``mx.np._internal.<op_type>``: the custom operator on mx.np arrays, its results mx.np arrays."""
    def call(*args, **kwargs):
        result = _nd.Custom(*args, op_type=op_type, **kwargs)
        if isinstance(result, list):
            return [r.as_np_ndarray() for r in result]
        return result.as_np_ndarray()
    call.__name__ = call.__qualname__ = op_type
    call.__doc__ = 'The NumPy fallback operator {!r} (mx.numpy_op_fallback).'.format(op_type)
    return call


def register(op_name, imperative=True, symbolic=True):
    """Decorator registering a CustomOpProp class as the custom operator `op_name` and, with `imperative`,
    adding ``mx.np._internal.<op_name>`` for it (`symbolic` asks the same of the symbol front end, where
    mxtorch has no NumPy internal namespace: ``mx.sym.Custom(..., op_type=op_name)`` runs it there).
    A name that namespace already has is a ValueError."""
    def _register_helper(prop_cls):
        prop_cls = operator.register(op_name)(prop_cls)
        if imperative:
            if hasattr(_nd_npi, op_name):
                raise ValueError('Duplicate name {} found in module {}'.format(op_name, str(_nd_npi)))
            setattr(_nd_npi, op_name, _np_custom(op_name))
        return prop_cls
    return _register_helper


def _no_gradient(name):
    raise NotImplementedError('Operator {} does not support gradient computation'.format(name))


class EmptyLike(operator.CustomOp):
    """np.empty_like through NumPy (the values are whatever the new memory holds)."""

    def __init__(self, dtype, order, subok, shape):
        super().__init__()
        self._dtype, self._order, self._subok, self._shape = dtype, order, subok, shape

    def forward(self, is_train, req, in_data, out_data, aux):
        made = np.empty_like(in_data[0].asnumpy(), dtype=self._dtype, order=self._order, subok=self._subok)
        self.assign(out_data[0], req[0], _nd.array(made, ctx=in_data[0].ctx, dtype=made.dtype))

    def backward(self, req, out_grad, in_data, out_data, in_grad, aux):
        _no_gradient('empty_like')


@register('empty_like_fallback')
class EmptyLikeProp(operator.CustomOpProp):
    """Properties of empty_like_fallback: input 'prototype'; dtype ('None': the prototype's), order,
    subok, shape."""

    def __init__(self, dtype, order, subok, shape):
        super().__init__(need_top_grad=True)
        self._order, self._dtype = order, (None if dtype == 'None' else dtype)
        self._subok, self._shape = ast.literal_eval(subok), ast.literal_eval(shape)

    def list_arguments(self):
        """One input, the prototype."""
        return ['prototype']

    def infer_shape(self, in_shape):
        """The prototype's shape."""
        shape = in_shape[0]
        return (shape,), (shape,), ()

    def infer_type(self, in_type):
        """The dtype asked for, else the prototype's."""
        given = in_type[0]
        return (given,), (given if self._dtype is None else _STR_2_DTYPE_[self._dtype],), ()

    def create_operator(self, ctx, in_shapes, in_dtypes):
        return EmptyLike(self._dtype, self._order, self._subok, self._shape)


class Resize(operator.CustomOp):
    """np.resize through NumPy: the input's elements repeated (or cut) to fill the new shape."""

    def __init__(self, new_shape):
        super().__init__()
        self._new_shape = new_shape

    def forward(self, is_train, req, in_data, out_data, aux):
        resized = np.resize(in_data[0].asnumpy(), self._new_shape)
        self.assign(out_data[0], req[0], _nd.array(resized, dtype=resized.dtype, ctx=out_data[0].ctx))

    def backward(self, req, out_grad, in_data, out_data, in_grad, aux):
        _no_gradient('resize')


@register('resize_fallback')
class ResizeProp(operator.CustomOpProp):
    """Properties of resize_fallback: input 'a'; new_shape (an int or a tuple)."""

    def __init__(self, new_shape):
        super().__init__(need_top_grad=True)
        self._new_shape = ast.literal_eval(new_shape)

    def list_arguments(self):
        """One input, the array resized."""
        return ['a']

    def infer_shape(self, in_shape):
        shape = (self._new_shape,) if np.isscalar(self._new_shape) else self._new_shape
        return (in_shape[0],), (shape,), ()

    def create_operator(self, ctx, in_shapes, in_dtypes):
        return Resize(self._new_shape)


class Unravel_index(operator.CustomOp):
    """np.unravel_index through NumPy: one row of coordinates per axis of `shape`."""

    def __init__(self, shape):
        super().__init__()
        self._shape = shape

    def forward(self, is_train, req, in_data, out_data, aux):
        coords = np.array(np.unravel_index(in_data[0].asnumpy(), self._shape))
        self.assign(out_data[0], req[0], _nd.array(coords, dtype=coords.dtype, ctx=out_data[0].ctx))

    def backward(self, req, out_grad, in_data, out_data, in_grad, aux):
        _no_gradient('Unravel_index')


@register('unravel_index_fallback')
class Unravel_indexProp(operator.CustomOpProp):
    """Properties of unravel_index_fallback: input 'indices' (integers); shape."""

    def __init__(self, shape):
        super().__init__(need_top_grad=True)
        self._shape = ast.literal_eval(shape)

    def list_arguments(self):
        """One input, the flat indices."""
        return ['indices']

    def infer_shape(self, in_shape):
        rows = 1 if np.isscalar(self._shape) else len(self._shape)
        return (in_shape[0],), ((rows,) + tuple(in_shape[0]),), ()

    def create_operator(self, ctx, in_shapes, in_dtypes):
        return Unravel_index(self._shape)


class MultivariateNormal(operator.CustomOp):
    """Multivariate normal samples: mean + (the Cholesky factor of cov) applied to standard normal noise,
    combined as MXNet 1.9.1 combines them (``einsum('...jk,...j->...k', L, noise)``)."""

    def __init__(self, size=None):
        super().__init__()
        self._size = size

    def forward(self, is_train, req, in_data, out_data, aux):
        loc, cov = in_data[0], in_data[1]
        if cov.dtype == np.float16:
            scale = _nd.linalg.potrf(cov.astype(np.float32)).astype(np.float16)
        else:
            scale = _nd.linalg.potrf(cov)
        noise = _nd.random.normal(shape=out_data[0].shape, dtype=loc.dtype, ctx=loc.ctx)
        # sum over j of scale[..., j, k] * noise[..., j]
        mixed = _nd.sum(_nd.broadcast_mul(scale, _nd.expand_dims(noise, axis=-1)), axis=-2)
        self.assign(out_data[0], req[0], _nd.broadcast_add(loc, mixed))

    def backward(self, req, out_grad, in_data, out_data, in_grad, aux):
        _no_gradient('random.multivariate_normal')


@register('mvn_fallback')
class MultivariateNormalProp(operator.CustomOpProp):
    """Properties of mvn_fallback: inputs 'mean' (..., n) and 'cov' (..., n, n); size (None, an int or
    a tuple) in front of the broadcast batch shape."""

    def __init__(self, size=None):
        super().__init__(need_top_grad=True)
        self._size = ast.literal_eval(size) if size is not None else None

    def list_arguments(self):
        """The mean and the covariance."""
        return ['mean', 'cov']

    def infer_shape(self, in_shape):
        loc_shape, cov_shape = in_shape[0], in_shape[1]
        if len(loc_shape) < 1:
            raise ValueError('mean must be at least 1 dimensional')
        if len(cov_shape) < 2:
            raise ValueError('cov must be at least 2 dimensional')
        if cov_shape[-1] != cov_shape[-2]:
            raise ValueError('the last two dimentions of the parameter cov have to be the same, whereas the '
                             'shape of cov is {}'.format(cov_shape))
        if cov_shape[-1] != loc_shape[-1]:
            raise ValueError('mean and cov must have same length.The shape of mean is {} but the shape of cov '
                             'is {}'.format(loc_shape[-1:], cov_shape[-2:]))
        out_shape = np.broadcast_shapes(tuple(loc_shape), tuple(cov_shape[:-1]))
        if self._size is not None:
            self._size = (self._size,) if np.isscalar(self._size) else self._size
            out_shape = tuple(self._size) + out_shape
        return in_shape, (out_shape,), ()

    def create_operator(self, ctx, in_shapes, in_dtypes):
        return MultivariateNormal(self._size)
