"""Reductions, arg-reductions, sorting and norms.

MXNet's conventions: `axis` is an int, a tuple or None (all axes); `exclude=True` reduces over every axis
but the given ones; a reduction over all axes returns shape (1,) rather than a 0-d array; integer inputs
keep their dtype; arg-reductions and indices come back as float32 unless a dtype is given."""
import torch

from ...base import MXNetError, dtype_torch
from ..registry import register
from ._util import axes_tuple, normalize_axis


def _reduce_axes(data, axis, exclude, op_name):
    nd = data.dim()
    axes = axes_tuple(axis, nd, op_name)
    if exclude:
        axes = tuple(a for a in range(nd) if a not in axes)
    return axes


def _finish(r, keepdims, data):
    if r.dim() == 0 and not keepdims:
        r = r.reshape(1)
    return r if r.dtype is data.dtype else r.to(data.dtype)


_WHAT = {'max': 'maximum', 'min': 'minimum'}


def _reduction(op_name, torch_fn, float_only=False, full=None, one_axis=None):
    """A reduction operator; `full` reduces a whole floating-point array to a 0-d tensor (the common
    ``x.sum()``) and `one_axis(x, axis, keepdim)` reduces it over one axis (``x.sum(axis=1)``): both are
    quicker in torch than naming a tuple of axes."""
    def impl(data, axis=None, keepdims=False, exclude=False):
        try:
            if full is not None and not exclude and data.is_floating_point():
                # the common calls go straight to torch
                if axis is None and not keepdims:
                    return full(data).reshape(1)
                if type(axis) is int and -data.dim() <= axis < data.dim() > 1:
                    return one_axis(data, axis, keepdims is True or bool(keepdims))
            keepdims = bool(keepdims)
            axes = _reduce_axes(data, axis, exclude, op_name)
            if not axes:
                return data.clone()
            src = data.to(torch.float64) if float_only and not data.is_floating_point() else data
            return _finish(torch_fn(src, axes, keepdims), keepdims, data)
        except (RuntimeError, IndexError):
            if data.numel() == 0:
                # max and min have no value for an empty array (torch's error names its own arguments)
                raise MXNetError('{}: an empty array has no {} (data of shape {}, axis {}{})'.format(
                    op_name, _WHAT.get(op_name, op_name), tuple(data.shape), axis,
                    ', exclude=True' if exclude else '')) from None
            raise
    impl.__name__ = op_name
    impl.__doc__ = ('Computes the {} of array elements over given axes (all by default; the others '
                    'with exclude=True).'.format(op_name))
    return impl


def _max(x, axes, keepdims):
    return torch.amax(x, dim=axes, keepdim=keepdims)


def _min(x, axes, keepdims):
    return torch.amin(x, dim=axes, keepdim=keepdims)


def _prod(x, axes, keepdims):
    r = x
    for a in sorted(axes, reverse=True):
        r = torch.prod(r, dim=a, keepdim=keepdims)
    return r


def _nanprod(x, axes, keepdims):
    return _prod(torch.where(torch.isnan(x), torch.ones_like(x), x), axes, keepdims)


def _mean(x, axes, keepdims):
    return torch.mean(x, dim=axes, keepdim=keepdims)


# name, reduction over given axes, computed in float64 for integer input, whole-array form of a float array,
# its form over one int axis, further names
_TABLE = [
    ('sum', lambda x, axes, keepdims: torch.sum(x, dim=axes, keepdim=keepdims), False, torch.sum, torch.sum,
     ('sum_axis',)),
    ('mean', _mean, True, torch.mean, torch.mean, ()),
    ('max', _max, False, torch.max, torch.amax, ('max_axis',)),
    ('min', _min, False, torch.min, torch.amin, ('min_axis',)),
    ('prod', _prod, False, None, None, ()),
    ('nansum', lambda x, axes, keepdims: torch.nansum(x, dim=axes, keepdim=keepdims), False, None, None, ()),
    ('nanprod', _nanprod, False, None, None, ()),
]
for _name, _fn, _float_only, _full, _one_axis, _aliases in _TABLE:
    register(_name, method=True, aliases=_aliases)(_reduction(_name, _fn, _float_only, _full, _one_axis))


@register(method=True)
def norm(data, ord=2, axis=None, out_dtype=None, keepdims=False):
    """Computes the L1 or L2 norm of the array elements over given axes (all by default)."""
    keepdims = bool(keepdims)
    if ord not in (1, 2):
        raise MXNetError('norm: ord must be 1 or 2, got {}'.format(ord))
    axes = axes_tuple(axis, data.dim(), 'norm')
    src = data if data.is_floating_point() else data.to(torch.float32)
    if ord == 1:
        r = torch.sum(src.abs(), dim=axes, keepdim=keepdims)
    else:
        r = torch.linalg.vector_norm(src, 2, dim=axes, keepdim=keepdims)
    if r.dim() == 0 and not keepdims:
        r = r.reshape(1)
    return r.to(dtype_torch(out_dtype)) if out_dtype is not None else r.to(data.dtype)


def _empty_search(op_name, data, axis):
    """The error for searching an axis of size 0 (torch's names its own arguments)."""
    if axis is None:
        return MXNetError('{}: cannot search an empty array (data of shape {})'.format(op_name, tuple(data.shape)))
    return MXNetError('{}: cannot search axis {} of size 0 (data of shape {})'.format(
        op_name, axis, tuple(data.shape)))


def _arg_reduction(op_name, torch_fn):
    def impl(data, axis=None, keepdims=False):
        keepdims = bool(keepdims)
        try:
            if axis is None:
                r = torch_fn(data.reshape(-1), 0)
                r = r.reshape([1] * data.dim()) if keepdims else r.reshape(1)
            else:
                r = torch_fn(data, normalize_axis(axis, data.dim(), op_name), keepdim=keepdims)
                if r.dim() == 0:
                    r = r.reshape(1)    # a 1-D array's index along axis 0: shape (1,) as MXNet's
        except IndexError:
            raise _empty_search(op_name, data, axis) from None
        return r.to(torch.float32)
    impl.__name__ = op_name
    impl.__doc__ = 'Returns the indices of the {} elements along an axis, as float32.'.format(
        'maximum' if op_name == 'argmax' else 'minimum')
    return impl


register('argmax', method=True)(_arg_reduction('argmax', torch.argmax))
register('argmin', method=True)(_arg_reduction('argmin', torch.argmin))


@register(method=True)
def argmax_channel(data):
    """Returns the indices of the maximum values along the last axis, as float32."""
    try:
        return torch.argmax(data, dim=-1).to(torch.float32)
    except IndexError:
        raise _empty_search('argmax_channel', data, -1) from None


@register(method=True)
def sort(data, axis=-1, is_ascend=True):
    """Returns a sorted copy of the array along `axis` (all elements, flattened, when None)."""
    if axis is None:
        data, axis = data.reshape(-1), 0
    return torch.sort(data, dim=axis, descending=not is_ascend, stable=True).values


@register(method=True)
def argsort(data, axis=-1, is_ascend=True, dtype='float32'):
    """Returns the indices that would sort the array along `axis`, in the given dtype."""
    if axis is None:
        data, axis = data.reshape(-1), 0
    return torch.sort(data, dim=axis, descending=not is_ascend, stable=True).indices.to(dtype_torch(dtype))


@register(method=True)
def topk(data, axis=-1, k=1, ret_typ='indices', is_ascend=False, dtype='float32'):
    """Returns the top `k` elements (or their indices, a 0/1 mask of them, or both) along `axis`.

    ret_typ is 'value', 'indices', 'mask' or 'both' (values and indices)."""
    full_shape = data.shape
    if axis is None:
        data, axis = data.reshape(-1), 0
    ax = normalize_axis(axis, data.dim(), 'topk')
    n = data.shape[ax]
    if k < 1:
        k = n
    if k > n:
        raise MXNetError('topk: k ({}) exceeds the size {} of axis {}'.format(k, n, axis))
    order = torch.sort(data, dim=ax, descending=not is_ascend, stable=True)
    values = order.values.narrow(ax, 0, k)
    indices = order.indices.narrow(ax, 0, k)
    if ret_typ == 'value':
        return values.contiguous()
    if ret_typ == 'indices':
        return indices.to(dtype_torch(dtype))
    if ret_typ == 'mask':
        return torch.zeros_like(data).scatter(ax, indices, 1).reshape(full_shape)
    if ret_typ == 'both':
        return values.contiguous(), indices.to(dtype_torch(dtype))
    raise MXNetError("topk: ret_typ must be 'value', 'indices', 'mask' or 'both', got {!r}".format(ret_typ))
