"""Reductions, scans, sorting and counting of MXNet's NumPy interface (namespace ``_npi``).

MXNet's dtypes: sums and products keep an integer dtype (a boolean array sums in int64), a mean of
integers is float32, ``std``/``var`` keep the input's dtype, indices are int64; full reductions are 0-d
arrays; ``axis=()`` reduces nothing."""
import numpy as np
import torch

from ...base import MXNetError
from ..registry import register
from ._np_util import BOOL, F32, INT64, SEQUENCE, Tensor, axes_of, axis_index, float_of, np_dtype

_NP = '_npi'


def _check_not_empty(a, axes, op_name):
    if a.numel() == 0 and any(a.shape[i] == 0 for i in axes):
        raise MXNetError('{}: zero-size array to reduction operation {} which has no identity'.format(
            op_name, op_name))


def _sum_dtype(a, dtype):
    if dtype is not None:
        return np_dtype(dtype)
    return INT64 if a.dtype is BOOL else a.dtype


@register('sum', namespace=_NP)
def _sum(a, axis=None, dtype=None, keepdims=False, initial=None):
    """sum(a, axis=None, dtype=None, keepdims=False, initial=None)"""
    if type(axis) is int and dtype is None and initial is None and -a.dim() <= axis < a.dim() and \
            a.dtype is F32:
        return torch.sum(a, dim=axis, keepdim=bool(keepdims))      # the common case, checked by hand
    target = _sum_dtype(a, dtype)
    axes = axes_of(axis, a.dim(), 'sum')
    if initial is not None:
        raise MXNetError('sum: initial is not supported yet')
    if not axes:
        if axis is not None:
            return a.to(target, copy=True)
        if target is torch.float16 or a.dtype is torch.float16:    # MXNet accumulates half precision widely
            return a.sum(dtype=_wide(a, target)).to(target).reshape((1,) * a.dim() if keepdims else ())
        return a.sum(dtype=target).reshape((1,) * a.dim() if keepdims else ())
    if target is torch.float16 or a.dtype is torch.float16:
        return torch.sum(a, dim=axes, keepdim=bool(keepdims), dtype=_wide(a, target)).to(target)
    return torch.sum(a, dim=axes, keepdim=bool(keepdims), dtype=target)


def _wide(a, target):
    """The dtype a sum involving half precision accumulates in: float64 where the input or the result is,
    else float32 (integers too, where the result is half precision)."""
    if a.dtype is torch.float64 or target is torch.float64:
        return torch.float64
    if not target.is_floating_point:
        return target
    return F32


@register('prod', namespace=_NP, aliases=('product',))
def _prod(a, axis=None, dtype=None, keepdims=False, initial=None):
    """prod(a, axis=None, dtype=None, keepdims=False, initial=None)"""
    target = np_dtype(dtype) if dtype is not None else (F32 if a.dtype is BOOL else a.dtype)
    axes = axes_of(axis, a.dim(), 'prod')
    if initial is not None:
        raise MXNetError('prod: initial is not supported yet')
    if axis is not None and not axes:
        return a.to(target, copy=True)
    r = a.to(target) if a.dtype is not target else a
    if not axes:
        return torch.prod(r, dtype=target).reshape((1,) * a.dim() if keepdims else ())
    for ax in sorted(axes, reverse=True):
        r = torch.prod(r, dim=ax, keepdim=bool(keepdims), dtype=target)
    return r


@register('mean', namespace=_NP)
def _mean(a, axis=None, dtype=None, keepdims=False):
    """mean(a, axis=None, dtype=None, keepdims=False): float32 for integer arrays."""
    target = np_dtype(dtype) if dtype is not None else (a.dtype if a.is_floating_point() else F32)
    axes = axes_of(axis, a.dim(), 'mean')
    if axis is not None and not axes:
        return a.to(target, copy=True)
    if not target.is_floating_point and target is not BOOL:
        # NumPy's integer mean: the sum in the integer dtype (wrapping), divided, truncated
        ints = a.detach().to(target)
        total = torch.sum(ints, dim=axes, keepdim=bool(keepdims), dtype=target) if axes else \
            torch.sum(ints, dtype=target).reshape((1,) * a.dim() if keepdims else ())
        count = a.numel() // max(total.numel(), 1) if a.numel() else 0
        return torch.div(total, count, rounding_mode='trunc').to(target) if count else total
    work = a if a.is_floating_point() and a.dtype is not torch.float16 else float_of(a)
    if a.dtype is torch.float16:
        work = a.to(F32)
    r = torch.mean(work, dim=axes, keepdim=bool(keepdims)) if axes else torch.mean(work).reshape(
        (1,) * a.dim() if keepdims else ())
    return r.to(target)


def _moment(op_name, square_root):
    def impl(a, axis=None, dtype=None, ddof=0, keepdims=False):
        target = np_dtype(dtype) if dtype is not None else a.dtype
        axes = axes_of(axis, a.dim(), op_name)
        work = a.to(torch.float64 if a.dtype is torch.float64 or a.dtype is INT64 else F32)
        if axis is not None and not axes:
            # each element alone: 0 / (1 - ddof), NaN for ddof 1 as in NumPy
            r = torch.zeros_like(work) if not ddof else torch.zeros_like(work) / (1 - ddof)
        elif axes:
            r = torch.var(work, dim=axes, correction=ddof, keepdim=bool(keepdims))
        else:
            r = torch.var(work, correction=ddof).reshape((1,) * a.dim() if keepdims else ())
        if square_root:
            r = torch.sqrt(r)
        return r.to(target)
    impl.__name__ = op_name
    impl.__doc__ = '{}(a, axis=None, dtype=None, ddof=0, keepdims=False): in the input\'s dtype.'.format(op_name)
    return impl


register('std', namespace=_NP)(_moment('std', True))
register('var', namespace=_NP)(_moment('var', False))


def _extreme(op_name, fn):
    def impl(a, axis=None, keepdims=False):
        axes = axes_of(axis, a.dim(), op_name)
        if axis is not None and not axes:
            return a.clone()
        _check_not_empty(a, axes or tuple(range(a.dim())), op_name)
        if not axes:
            return fn(a.reshape(-1), dim=0).reshape((1,) * a.dim() if keepdims else ())
        return fn(a, dim=axes, keepdim=bool(keepdims))
    impl.__name__ = op_name
    impl.__doc__ = '{}(a, axis=None, keepdims=False)'.format(op_name)
    return impl


register('max', namespace=_NP, aliases=('amax',))(_extreme('max', torch.amax))
register('min', namespace=_NP, aliases=('amin',))(_extreme('min', torch.amin))


def _arg_extreme(op_name, fn):
    def impl(a, axis=None):
        if axis is None:
            if a.numel() == 0:
                # MXNet's MXNetError ("attempt to search an empty sequence"), naming the operator and shape
                raise MXNetError('{}: attempt to search an empty sequence (a of shape {})'.format(
                    op_name, tuple(a.shape)))
            return fn(a.reshape(-1))
        if a.dim() == 0 and axis in (0, -1):        # NumPy's exception for 0-d arrays
            return torch.zeros((), dtype=INT64, device=a.device)
        try:
            ax = axis_index(axis, a.dim(), op_name)
        except np.exceptions.AxisError as e:
            raise MXNetError(str(e)) from None      # MXNet's error type for a search's axis
        try:
            return fn(a, dim=ax)
        except IndexError:
            # torch's for an axis of size 0 (the try costs nothing until then)
            if a.shape[ax] != 0:
                raise
            raise MXNetError('{}: cannot search axis {} of size 0 (a of shape {})'.format(
                op_name, axis, tuple(a.shape))) from None
    impl.__name__ = op_name
    impl.__doc__ = '{}(a, axis=None): int64 indices.'.format(op_name)
    return impl


def _argmax_first(t, dim=None):
    # NumPy (and MXNet) give the first of equal maxima; NaN counts as the maximum
    if t.is_floating_point() and torch.isnan(t).any():
        t = torch.where(torch.isnan(t), torch.tensor(float('inf'), dtype=t.dtype, device=t.device), t)
    return torch.argmax(t) if dim is None else torch.argmax(t, dim=dim)


def _argmin_first(t, dim=None):
    if t.is_floating_point() and torch.isnan(t).any():
        t = torch.where(torch.isnan(t), torch.tensor(float('-inf'), dtype=t.dtype, device=t.device), t)
    return torch.argmin(t) if dim is None else torch.argmin(t, dim=dim)


register('argmax', namespace=_NP)(_arg_extreme('argmax', _argmax_first))
register('argmin', namespace=_NP)(_arg_extreme('argmin', _argmin_first))


def _logical_reduction(op_name, fn):
    def impl(a, axis=None, keepdims=False):
        axes = axes_of(axis, a.dim(), op_name)
        t = a if a.dtype is BOOL else a != 0
        if axis is not None and not axes:
            return t.clone()
        if not axes:
            return fn(t).reshape((1,) * a.dim() if keepdims else ())
        for ax in sorted(axes, reverse=True):
            t = fn(t, dim=ax, keepdim=bool(keepdims))
        return t
    impl.__name__ = op_name
    impl.__doc__ = '{}(a, axis=None, keepdims=False): a boolean array.'.format(op_name)
    return impl


register('all', namespace=_NP, aliases=('alltrue',))(_logical_reduction('all', torch.all))
register('any', namespace=_NP, aliases=('sometrue',))(_logical_reduction('any', torch.any))


@register('cumsum', namespace=_NP)
def _cumsum(a, axis=None, dtype=None):
    """cumsum(a, axis=None, dtype=None): running sums (of the flattened array when axis is None)."""
    target = _sum_dtype(a, dtype)
    if axis is None:
        a, dim = a.reshape(-1), 0
    else:
        dim = axis_index(axis, a.dim(), 'cumsum')
    if a.dtype is torch.float16 and target is torch.float16 and a.device.type == 'cpu':
        return _HalfCumsum.apply(a, dim)
    return torch.cumsum(a, dim, dtype=target)


class _HalfCumsum(torch.autograd.Function):
    """Running sums of half-precision values rounded to half precision at every step, as NumPy and MXNet
    accumulate them (torch's kernel accumulates in float32); the gradient is the reversed running sum."""

    @staticmethod
    def forward(ctx, a, dim):
        ctx.dim = dim
        return torch.from_numpy(np.cumsum(a.detach().numpy(), axis=dim))

    @staticmethod
    def backward(ctx, g):
        return g.flip(ctx.dim).cumsum(ctx.dim).flip(ctx.dim), None


@register('average', namespace=_NP)
def _average(a, axis=None, weights=None, returned=False):
    """average(a, axis=None, weights=None, returned=False): the (weighted) mean, and with `returned`
    the sum of the weights too."""
    axes = axes_of(axis, a.dim(), 'average')
    if weights is None:
        avg = _mean(a, axis) if a.is_floating_point() else _mean(a, axis).to(a.dtype)
        count = a.numel() // max(avg.numel(), 1)
        scale = torch.full_like(avg, count)
        return SEQUENCE((avg, scale)) if returned else avg
    w = weights
    if w.shape != a.shape:
        if axis is None:
            raise TypeError('Axis must be specified when shapes of a and weights differ.')
        if w.dim() != 1:
            raise TypeError('1D weights expected when shapes of a and weights differ.')
        if len(axes) != 1 or w.shape[0] != a.shape[axes[0]]:
            raise ValueError('Length of weights not compatible with specified axis.')
        shape = [1] * a.dim()
        shape[axes[0]] = -1
        w = w.reshape(shape)
    work = a if a.is_floating_point() else float_of(a)
    w = w.to(work.dtype)
    total = torch.sum(torch.broadcast_to(w, a.shape), dim=axes) if axes else torch.sum(w)
    avg = torch.sum(work * w, dim=axes) / total if axes else torch.sum(work * w) / total
    if not a.is_floating_point():
        avg = avg.to(a.dtype)
    return SEQUENCE((avg, total.to(avg.dtype))) if returned else avg


# ---- sorting, counting --------------------------------------------------------------------------------
@register('sort', namespace=_NP)
def _sort(a, axis=-1, kind=None, order=None):
    """sort(a, axis=-1, kind=None, order=None): a sorted copy (of the flattened array for axis None)."""
    if order is not None:
        raise NotImplementedError('order not supported here')
    if axis is None:
        return torch.sort(a.reshape(-1), stable=True).values
    if a.dim() == 0:
        return a.clone()
    return torch.sort(a, dim=axis_index(axis, a.dim(), 'sort'), stable=True).values


@register('argsort', namespace=_NP)
def _argsort(a, axis=-1, kind=None, order=None):
    """argsort(a, axis=-1, kind=None, order=None): int64 indices that sort the array."""
    if order is not None:
        raise NotImplementedError('order is not supported yet...')
    if axis is None:
        return torch.sort(a.reshape(-1), stable=True).indices
    if a.dim() == 0:
        return torch.zeros((), dtype=INT64, device=a.device)
    return torch.sort(a, dim=axis_index(axis, a.dim(), 'argsort'), stable=True).indices


@register('unique', namespace=_NP)
def _unique(ar, return_index=False, return_inverse=False, return_counts=False, axis=None):
    """unique(ar, return_index=False, return_inverse=False, return_counts=False, axis=None): the sorted
    unique values (rows, with `axis`), with the requested index arrays (int64) as a tuple."""
    if axis is None:
        flat = ar.reshape(-1)
        values, inverse, counts = torch.unique(flat, sorted=True, return_inverse=True, return_counts=True)
        dim = 0
    else:
        dim = axis_index(axis, ar.dim(), 'unique')
        flat = ar
        values, inverse, counts = torch.unique(ar, sorted=True, return_inverse=True, return_counts=True, dim=dim)
    results = [values]
    if return_index:
        n = flat.shape[dim]
        positions = torch.arange(n, device=ar.device)
        first = torch.full((values.shape[dim],), n, dtype=INT64, device=ar.device)
        first = first.scatter_reduce(0, inverse.reshape(-1), positions, reduce='amin')
        results.append(first)
    if return_inverse:
        results.append(inverse.reshape(-1))
    if return_counts:
        results.append(counts)
    return results[0] if len(results) == 1 else tuple(results)


@register('bincount', namespace=_NP)
def _bincount(x, weights=None, minlength=0):
    """bincount(x, weights=None, minlength=0): occurrences of each non-negative integer (weighted)."""
    if x.is_floating_point():
        raise MXNetError('bincount: Input data should be int type')
    if minlength < 0:
        raise ValueError('Minlength value should greater than 0')
    if x.numel() and x.min() < 0:
        raise ValueError("'list' argument must have no negative elements")
    counts = torch.bincount(x.reshape(-1).to(INT64), weights=None if weights is None else weights.reshape(-1),
                            minlength=int(minlength))
    if weights is None:
        return counts.to(x.dtype)
    return counts.to(weights.dtype)


@register('histogram', namespace=_NP)
def _histogram(a, bins=10, range=None, normed=None, weights=None, density=None):
    """histogram(a, bins=10, range=None, normed=None, weights=None, density=None): [counts, bin_edges]."""
    if normed is True:
        raise NotImplementedError('normed is not supported yet...')
    if weights is not None:
        raise NotImplementedError('weights is not supported yet...')
    if density is True:
        raise NotImplementedError('density is not supported yet...')
    if isinstance(bins, Tensor):
        edges = bins.to(a.dtype) if a.is_floating_point() else bins
        positions = torch.bucketize(a.reshape(-1).to(edges.dtype), edges, right=True) - 1
        last = (a.reshape(-1).to(edges.dtype) == edges[-1])
        positions = torch.where(last, torch.full_like(positions, edges.numel() - 2), positions)
        inside = (positions >= 0) & (positions < edges.numel() - 1)
        counts = torch.bincount(positions[inside], minlength=edges.numel() - 1)
        return SEQUENCE((counts.to(INT64), bins.clone()))
    if range is None:
        raise NotImplementedError('automatic range is not supported yet...')
    low, high = float(range[0]), float(range[1])
    work = float_of(a)
    counts = torch.histc(work.reshape(-1).to(torch.float64), bins=int(bins), min=low, max=high)
    edges = torch.linspace(low, high, int(bins) + 1, dtype=work.dtype, device=a.device)
    return SEQUENCE((counts.to(INT64), edges))


def _quantile_impl(op_name, scale):
    def impl(a, q, axis=None, overwrite_input=None, interpolation='linear', keepdims=False):
        if overwrite_input is not None:
            raise NotImplementedError('overwrite_input is not supported yet')
        if interpolation not in ('linear', 'lower', 'higher', 'midpoint', 'nearest'):
            raise ValueError("'interpolation' must be one of 'linear', 'lower', 'higher', 'midpoint', 'nearest'")
        work = float_of(a)
        qt = q.to(work.dtype) if isinstance(q, Tensor) else torch.tensor(q, dtype=work.dtype, device=a.device)
        qt = qt / scale
        if axis is None:
            r = torch.quantile(work.reshape(-1), qt, interpolation=interpolation)
            if keepdims:
                r = r.reshape(tuple(qt.shape) + (1,) * a.dim())
            return r
        axes = axes_of(axis, a.dim(), op_name)
        if len(axes) == 1:
            return torch.quantile(work, qt, dim=axes[0], keepdim=bool(keepdims), interpolation=interpolation)
        rest = [d for d in range(a.dim()) if d not in axes]
        moved = work.permute(rest + list(axes)).reshape([a.shape[d] for d in rest] + [-1])
        r = torch.quantile(moved, qt, dim=-1, interpolation=interpolation)
        if keepdims:
            shape = list(a.shape)
            for d in axes:
                shape[d] = 1
            r = r.reshape(tuple(qt.shape) + tuple(shape))
        return r
    impl.__name__ = op_name
    impl.__doc__ = ('{}(a, q, axis=None, overwrite_input=None, interpolation=\'linear\', keepdims=False)'
                    .format(op_name))
    return impl


register('quantile', namespace=_NP)(_quantile_impl('quantile', 1.0))
register('percentile', namespace=_NP)(_quantile_impl('percentile', 100.0))


@register('nonzero', namespace=_NP)
def _nonzero(a):
    """nonzero(a): a tuple of int64 index arrays, one per dimension (one for a 0-d array)."""
    if a.dim() == 0:
        return (torch.nonzero(a.reshape(1), as_tuple=True)[0],)
    return tuple(torch.nonzero(a, as_tuple=True))


@register('count_nonzero', namespace=_NP)
def _count_nonzero(a, axis=None, keepdims=False):
    """count_nonzero(a, axis=None, keepdims=False)"""
    t = a != 0
    if axis is None and not keepdims:
        return int(t.sum())
    return _sum(t, axis=axis, keepdims=keepdims)


@register('diff', namespace=_NP)
def _diff(a, n=1, axis=-1, prepend=None, append=None):
    """diff(a, n=1, axis=-1, prepend=None, append=None): the n-th discrete difference along axis."""
    if n < 0:
        raise ValueError('order must be non-negative but got {}'.format(n))
    if prepend is not None or append is not None:
        raise NotImplementedError('prepend and append options are not supported yet')
    if a.dim() == 0:
        raise ValueError('diff requires input that is at least one dimensional')
    ax = axis_index(axis, a.dim(), 'diff')
    r = a
    for _ in range(int(n)):
        if r.dtype is BOOL:
            r = torch.ne(r.narrow(ax, 1, r.shape[ax] - 1), r.narrow(ax, 0, r.shape[ax] - 1))
        else:
            r = torch.diff(r, dim=ax)
    return r if n else a.clone()


@register('ediff1d', namespace=_NP)
def _ediff1d(ary, to_end=None, to_begin=None):
    """ediff1d(ary, to_end=None, to_begin=None): differences of the flattened array, with numbers or
    arrays put before and after."""
    flat = ary.reshape(-1)
    parts = []
    for extra in (to_begin,):
        if extra is not None:
            parts.append(_as_flat(extra, flat))
    parts.append(flat[1:] - flat[:-1])
    if to_end is not None:
        parts.append(_as_flat(to_end, flat))
    return torch.cat(parts) if len(parts) > 1 else parts[0]


def _as_flat(value, like):
    if isinstance(value, Tensor):
        return value.reshape(-1).to(like.dtype)
    return torch.tensor(value, dtype=like.dtype, device=like.device).reshape(-1)


@register('trace', namespace=_NP)
def _trace(a, offset=0, axis1=0, axis2=1):
    """trace(a, offset=0, axis1=0, axis2=1): sums along diagonals."""
    # (MXNet's errors here are MXNetErrors)
    if a.dim() < 2:
        raise MXNetError('trace: diag requires an array of at least two dimensions, got {}'.format(a.dim()))
    try:
        first, second = axis_index(axis1, a.dim(), 'trace'), axis_index(axis2, a.dim(), 'trace')
    except np.exceptions.AxisError as e:
        raise MXNetError(str(e)) from None
    if first == second:
        raise MXNetError('trace: axis1 and axis2 cannot refer to the same axis {}'.format(axis1))
    return torch.diagonal(a, offset=offset, dim1=first, dim2=second).sum(-1)
