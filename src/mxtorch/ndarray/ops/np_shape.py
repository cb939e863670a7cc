"""Array creation and manipulation of MXNet's NumPy interface (namespace ``_npi``): zeros/ones/full,
ranges and windows, reshaping and transposing, joining and splitting, tiling, flipping, padding,
diagonals, take/insert/delete and index helpers.

Creation defaults to float32 (MXNet's default dtype) on the current context; only C order exists.
Results are new memory except where NumPy gives views and MXNet shares memory too (``reshape``)."""
import math
import operator

import numpy as onp
import torch

from ...base import MXNetError
from ..registry import register
from ._np_util import (BOOL, F32, INT64, SEQUENCE, Tensor, as_tensor, axes_of, axis_index, device_of, float_of,
                       name_of, np_dtype, shape_of)

_NP = '_npi'


def _c_order(order, op_name):
    if order not in ('C', None):
        raise NotImplementedError('{}: only C order is supported, got order={!r}'.format(op_name, order))


# ---- creation -----------------------------------------------------------------------------------------
def _filled(op_name, value):
    def impl(shape, dtype=None, order='C', ctx=None):
        _c_order(order, op_name)
        return torch.full(shape_of(shape), value, dtype=np_dtype(dtype, F32), device=device_of(ctx))
    impl.__name__ = op_name
    impl.__doc__ = '{}(shape, dtype=float32, order=\'C\', ctx=None)'.format(op_name)
    return impl


register('zeros', namespace=_NP)(_filled('zeros', 0))
register('ones', namespace=_NP)(_filled('ones', 1))


@register('empty', namespace=_NP)
def _empty(shape, dtype=None, order='C', ctx=None):
    """empty(shape, dtype=float32, order='C', ctx=None): uninitialised values."""
    _c_order(order, 'empty')
    return torch.empty(shape_of(shape), dtype=np_dtype(dtype, F32), device=device_of(ctx))


def _fill_dtype(fill_value, dtype, like=None):
    if dtype is not None:
        return np_dtype(dtype)
    if like is not None:
        return like.dtype
    if isinstance(fill_value, Tensor):
        return fill_value.dtype
    if isinstance(fill_value, (bool, onp.bool_)):
        return BOOL
    return F32


@register('full', namespace=_NP)
def _full(shape, fill_value, dtype=None, order='C', ctx=None):
    """full(shape, fill_value, dtype=None, order='C', ctx=None): float32 unless `dtype` (or an array
    `fill_value`) says otherwise."""
    _c_order(order, 'full')
    target = _fill_dtype(fill_value, dtype)
    if isinstance(fill_value, Tensor):
        return torch.broadcast_to(fill_value.to(target), shape_of(shape)).clone()
    return torch.full(shape_of(shape), fill_value, dtype=target, device=device_of(ctx))


def _like(op_name, value):
    def impl(a, dtype=None, order='C', ctx=None):
        _c_order(order, op_name)
        device = a.device if ctx is None else device_of(ctx)
        return torch.full(a.shape, value, dtype=np_dtype(dtype, a.dtype), device=device)
    impl.__name__ = op_name
    impl.__doc__ = '{}(a, dtype=None, order=\'C\', ctx=None)'.format(op_name)
    return impl


register('zeros_like', namespace=_NP)(_like('zeros_like', 0))
register('ones_like', namespace=_NP)(_like('ones_like', 1))


@register('full_like', namespace=_NP)
def _full_like(a, fill_value, dtype=None, order='C', ctx=None):
    """full_like(a, fill_value, dtype=None, order='C', ctx=None)"""
    _c_order(order, 'full_like')
    target = np_dtype(dtype, a.dtype)
    device = a.device if ctx is None else device_of(ctx)
    if isinstance(fill_value, Tensor):
        return torch.broadcast_to(fill_value.to(target), a.shape).clone()
    if not target.is_floating_point and target is not BOOL:
        fill_value = int(fill_value)
    return torch.full(a.shape, fill_value, dtype=target, device=device)


@register('empty_like', namespace=_NP)
def _empty_like(prototype, dtype=None, order='C', subok=False, shape=None):
    """empty_like(prototype, dtype=None, order='C', subok=False, shape=None)"""
    _c_order(order, 'empty_like')
    if subok:
        raise NotImplementedError('empty_like: subok=True is not supported')
    return torch.empty(prototype.shape if shape is None else shape_of(shape),
                       dtype=np_dtype(dtype, prototype.dtype), device=prototype.device)


@register('arange', namespace=_NP)
def _arange(start, stop=None, step=1, dtype=None, ctx=None):
    """arange(start, stop=None, step=1, dtype=None, ctx=None): evenly spaced values in [start, stop),
    float32 unless `dtype` says otherwise."""
    if stop is None:
        start, stop = 0, start
    if step is None:
        step = 1
    if step == 0:
        raise ZeroDivisionError('step cannot be zero')
    target = np_dtype(dtype, F32)
    count = max(int(math.ceil((stop - start) / step)), 0)
    work = torch.float64 if target.is_floating_point else INT64
    values = start + step * torch.arange(count, dtype=torch.float64, device=device_of(ctx))
    return values.to(work).to(target)


@register('linspace', namespace=_NP)
def _linspace(start, stop, num=50, endpoint=True, retstep=False, dtype=None, axis=0, ctx=None):
    """linspace(start, stop, num=50, endpoint=True, retstep=False, dtype=None, axis=0, ctx=None)"""
    num = operator.index(num)
    if num < 0:
        raise ValueError('Number of samples, {}, must be non-negative.'.format(num))
    if axis != 0:
        raise NotImplementedError('linspace: only axis=0 is supported')
    target = np_dtype(dtype, F32)
    div = (num - 1) if endpoint else num
    step = (stop - start) / div if div > 0 else float('nan')
    positions = torch.arange(num, dtype=torch.float64, device=device_of(ctx))
    values = start + positions * step if div > 0 else torch.full((num,), float(start), dtype=torch.float64,
                                                                 device=positions.device)
    if endpoint and num > 1:
        values[-1] = stop
    values = values if target.is_floating_point else torch.floor(values)
    values = values.to(target)
    return (values, step) if retstep else values


@register('logspace', namespace=_NP)
def _logspace(start, stop, num=50, endpoint=True, base=10.0, dtype=None, axis=0, ctx=None):
    """logspace(start, stop, num=50, endpoint=True, base=10.0, dtype=None, axis=0, ctx=None)"""
    exponents = _linspace(start, stop, num, endpoint, dtype=torch.float64, axis=axis, ctx=ctx)
    return torch.pow(float(base), exponents).to(np_dtype(dtype, F32))


@register('eye', namespace=_NP)
def _eye(N, M=None, k=0, dtype=None, ctx=None):
    """eye(N, M=None, k=0, dtype=float32, ctx=None): ones on the k-th diagonal."""
    M = N if M is None else M
    target = np_dtype(dtype, F32)
    out = torch.zeros((N, M), dtype=target, device=device_of(ctx))
    if N and M:
        out.diagonal(k).fill_(1)
    return out


@register('identity', namespace=_NP)
def _identity(n, dtype=None, ctx=None):
    """identity(n, dtype=None, ctx=None): the n x n identity matrix."""
    return _eye(n, dtype=dtype, ctx=ctx)


def _window(op_name, torch_fn, **options):
    def impl(M, dtype=None, ctx=None):
        if M < 1:
            return torch.zeros((0,), dtype=np_dtype(dtype, F32), device=device_of(ctx))
        if M == 1:
            return torch.ones((1,), dtype=np_dtype(dtype, F32), device=device_of(ctx))
        w = torch_fn(int(M), periodic=False, dtype=torch.float64, device=device_of(ctx), **options)
        return w.to(np_dtype(dtype, F32))
    impl.__name__ = op_name
    impl.__doc__ = '{}(M, dtype=float32, ctx=None): the {} window.'.format(op_name, op_name)
    return impl


register('hanning', namespace=_NP)(_window('hanning', torch.hann_window))
register('hamming', namespace=_NP)(_window('hamming', torch.hamming_window))
register('blackman', namespace=_NP)(_window('blackman', torch.blackman_window))


@register('indices', namespace=_NP)
def _indices(dimensions, dtype=None, ctx=None):
    """indices(dimensions, dtype=int32, ctx=None): the index grid, shape (len(dimensions),) + dimensions."""
    dims = shape_of(dimensions)
    target = np_dtype(dtype, torch.int32)
    device = device_of(ctx)
    if not dims:
        return torch.zeros((0,), dtype=target, device=device)
    grids = torch.meshgrid(*[torch.arange(d, device=device) for d in dims], indexing='ij')
    return torch.stack(grids).to(target)


@register('copy', namespace=_NP)
def _copy(a):
    """copy(a): a copy."""
    return a.clone()


# ---- shape and axes -----------------------------------------------------------------------------------
def new_shape(newshape, size, op_name='reshape'):
    """NumPy's reading of a new shape for `size` elements: ints, one of which may be -1."""
    shape = list(shape_of(newshape))
    unknown = [i for i, d in enumerate(shape) if d < 0]
    if any(d < -1 for d in shape):
        raise MXNetError('{}: The shape dimension size to inferred must be -1, got {}'.format(op_name, tuple(shape)))
    if len(unknown) > 1:
        raise ValueError('can only specify one unknown dimension')
    if unknown:
        known = math.prod(d for d in shape if d >= 0)
        if known == 0 or size % known:
            raise MXNetError('Cannot reshape array of size {} into shape {}'.format(size, tuple(shape)))
        shape[unknown[0]] = size // known
    if math.prod(shape) != size:
        raise MXNetError('Cannot reshape array of size {} into shape {}'.format(size, tuple(shape)))
    return shape


@register('reshape', namespace=_NP)
def _reshape(a, newshape, order='C'):
    """reshape(a, newshape, order='C'): the same data in a new shape (a view where the memory allows)."""
    _c_order(order, 'reshape')
    return a.reshape(new_shape(newshape, a.numel()))


@register('transpose', namespace=_NP)
def _transpose(a, axes=None):
    """transpose(a, axes=None): the axes reversed or permuted (a copy)."""
    if axes is None or axes == ():
        order = list(range(a.dim() - 1, -1, -1))
    else:
        try:
            order = [axis_index(x, a.dim(), 'transpose') for x in axes]
        except onp.exceptions.AxisError as e:
            raise MXNetError(str(e)) from None      # MXNet's error type for an axis out of range here
        if sorted(order) != list(range(a.dim())):
            raise ValueError('axes don\'t match array')
    # a copy even where the permuted tensor is a contiguous view (a size-1 axis moved)
    return a.permute(order).clone(memory_format=torch.contiguous_format)


@register('swapaxes', namespace=_NP)
def _swapaxes(a, axis1, axis2):
    """swapaxes(a, axis1, axis2)"""
    r = a.transpose(axis_index(axis1, a.dim(), 'swapaxes'), axis_index(axis2, a.dim(), 'swapaxes'))
    return r.clone(memory_format=torch.contiguous_format)


@register('moveaxis', namespace=_NP)
def _moveaxis(a, source, destination):
    """moveaxis(a, source, destination)"""
    src = axes_of(source, a.dim(), 'moveaxis')
    dst = axes_of(destination, a.dim(), 'moveaxis')
    if len(src) != len(dst):
        raise ValueError('`source` and `destination` arguments must have the same number of elements')
    return torch.movedim(a, src, dst).clone(memory_format=torch.contiguous_format)


@register('expand_dims', namespace=_NP)
def _expand_dims(a, axis):
    """expand_dims(a, axis): a new axis of size 1 at `axis` (an int)."""
    if not isinstance(axis, (int, onp.integer)):
        raise MXNetError('expand_dims: Invalid Parameter format for axis expect int but value={!r}'.format(axis))
    n = a.dim() + 1
    if not -n <= axis < n:
        raise onp.exceptions.AxisError(axis, n)
    return a.unsqueeze(int(axis) % n).clone()


@register('squeeze', namespace=_NP)
def _squeeze(a, axis=None):
    """squeeze(a, axis=None): without the axes of size 1 (all, or those named)."""
    if axis is None:
        return a.reshape([d for d in a.shape if d != 1]).clone()
    if a.dim() == 0 and axis in (0, -1, (0,), (-1,)):     # NumPy's exception for 0-d arrays
        return a.clone()
    axes = axes_of(axis, a.dim(), 'squeeze')
    for ax in axes:
        if a.shape[ax] != 1:
            raise MXNetError('squeeze: cannot select an axis to squeeze out which has size={} not equal to '
                             'one'.format(a.shape[ax]))
    return a.reshape([d for i, d in enumerate(a.shape) if i not in axes]).clone()


@register('ravel', namespace=_NP)
def _ravel(x, order='C'):
    """ravel(x, order='C'): the flattened array."""
    _c_order(order, 'ravel')
    return x.reshape(-1).clone()


@register('broadcast_to', namespace=_NP)
def _broadcast_to(array, shape):
    """broadcast_to(array, shape)"""
    shape = shape_of(shape)
    if not isinstance(array, Tensor):      # a number (MXNet broadcasts scalars too): float32
        return torch.full(shape, array, dtype=F32)
    if -2 in shape:     # MXNet's -2: the input's size of that axis (the shapes aligned at their ends)
        lead = len(shape) - array.dim()
        shape = tuple(array.shape[i - lead] if d == -2 and i >= lead else d for i, d in enumerate(shape))
    try:
        return torch.broadcast_to(array, shape).clone()
    except RuntimeError:
        raise ValueError('operands could not be broadcast together with remapped shapes [original->remapped]: '
                         '{} and requested shape {}'.format(tuple(array.shape), shape)) from None


@register('broadcast_arrays', namespace=_NP)
def _broadcast_arrays(*args):
    """broadcast_arrays(*args): the arrays broadcast against each other (a list)."""
    return SEQUENCE(t.clone() for t in torch.broadcast_tensors(*args))


# ---- joining and splitting ----------------------------------------------------------------------------
def _same_dtype(arrays, op_name):
    dtype = arrays[0].dtype
    for t in arrays[1:]:
        if t.dtype is not dtype:
            raise MXNetError('{}: Type inconsistent, Provided = {}, inferred type = {}'.format(
                op_name, name_of(t.dtype), name_of(dtype)))


def _tensors(seq, op_name, like=None):
    out = [t if isinstance(t, Tensor) else as_tensor(t, like) for t in seq]
    if not out:
        raise ValueError('need at least one array to concatenate')
    return out


@register('concatenate', namespace=_NP)
def _concatenate(seq, axis=0):
    """concatenate(seq, axis=0): the arrays joined along `axis` (flattened first for axis None)."""
    arrays = _tensors(seq, 'concatenate')
    _same_dtype(arrays, 'concatenate')
    if axis is None:
        return torch.cat([t.reshape(-1) for t in arrays])
    if arrays[0].dim() == 0:
        raise ValueError('zero-dimensional arrays cannot be concatenated')
    return torch.cat(arrays, dim=axis_index(axis, arrays[0].dim(), 'concatenate'))


@register('stack', namespace=_NP)
def _stack(arrays, axis=0):
    """stack(arrays, axis=0): the arrays joined along a new axis."""
    arrays = _tensors(arrays, 'stack')
    _same_dtype(arrays, 'stack')
    return torch.stack(arrays, dim=axis_index(axis, arrays[0].dim() + 1, 'stack'))


@register('vstack', namespace=_NP, aliases=('row_stack',))
def _vstack(arrays):
    """vstack(arrays): stacked as rows (1-D arrays become rows)."""
    arrays = _tensors(arrays, 'vstack')
    _same_dtype(arrays, 'vstack')
    return torch.cat([t.reshape(1, -1) if t.dim() < 2 else t for t in arrays], dim=0)


@register('hstack', namespace=_NP)
def _hstack(arrays):
    """hstack(arrays): joined along the second axis (the first for 1-D arrays)."""
    arrays = _tensors(arrays, 'hstack')
    _same_dtype(arrays, 'hstack')
    arrays = [t.reshape(1) if t.dim() == 0 else t for t in arrays]
    return torch.cat(arrays, dim=0 if arrays[0].dim() == 1 else 1)


@register('dstack', namespace=_NP)
def _dstack(arrays):
    """dstack(arrays): joined along the third axis."""
    arrays = _tensors(arrays, 'dstack')
    _same_dtype(arrays, 'dstack')
    return torch.cat([_at_least(t, 3) for t in arrays], dim=2)


@register('column_stack', namespace=_NP)
def _column_stack(tup):
    """column_stack(tup): 1-D arrays as columns of a 2-D array."""
    arrays = _tensors(tup, 'column_stack')
    _same_dtype(arrays, 'column_stack')
    return torch.cat([t.reshape(-1, 1) if t.dim() < 2 else t for t in arrays], dim=1)


def _at_least(t, n):
    if t.dim() >= n:
        return t
    if n == 1:
        return t.reshape(1)
    if n == 2:
        return t.reshape(1, -1)
    if t.dim() == 0:
        return t.reshape(1, 1, 1)
    if t.dim() == 1:
        return t.reshape(1, -1, 1)
    return t.unsqueeze(-1)


def _atleast(n):
    def impl(*arys):
        out = [_at_least(t if isinstance(t, Tensor) else torch.tensor(t, dtype=F32), n).clone() for t in arys]
        return out[0] if len(out) == 1 else SEQUENCE(out)
    impl.__name__ = 'atleast_{}d'.format(n)
    impl.__doc__ = 'atleast_{}d(*arys): the arrays with at least {} dimension(s).'.format(n, n)
    return impl


for _n in (1, 2, 3):
    register('atleast_{}d'.format(_n), namespace=_NP)(_atleast(_n))


def _split(ary, indices_or_sections, axis, equal, op_name):
    ax = axis_index(axis, ary.dim(), op_name)
    n = ary.shape[ax]
    if isinstance(indices_or_sections, (int, onp.integer)):
        sections = int(indices_or_sections)
        if sections <= 0:
            raise ValueError('number sections must be larger than 0.')
        if equal and n % sections:
            raise ValueError('array split does not result in an equal division')
        base, extra = divmod(n, sections)
        sizes = [base + 1] * extra + [base] * (sections - extra)
        bounds = [0]
        for s in sizes:
            bounds.append(bounds[-1] + s)
    else:
        points = [int(i) for i in indices_or_sections]
        bounds = [0] + [min(max(p + n if p < 0 else p, 0), n) for p in points] + [n]
    return [ary.narrow(ax, lo, max(hi - lo, 0)).clone() if hi > lo else
            ary.narrow(ax, min(lo, n), 0).clone() for lo, hi in zip(bounds[:-1], bounds[1:])]


@register('split', namespace=_NP)
def _split_equal(ary, indices_or_sections, axis=0):
    """split(ary, indices_or_sections, axis=0): equal parts, or parts between the given indices (a list)."""
    return _split(ary, indices_or_sections, axis, True, 'split')


@register('array_split', namespace=_NP)
def _array_split(ary, indices_or_sections, axis=0):
    """array_split(ary, indices_or_sections, axis=0): as split, with parts that may differ in size."""
    return _split(ary, indices_or_sections, axis, False, 'array_split')


@register('hsplit', namespace=_NP)
def _hsplit(ary, indices_or_sections):
    """hsplit(ary, indices_or_sections): split along the second axis (the first for 1-D arrays)."""
    if ary.dim() == 0:
        raise ValueError('hsplit only works on arrays of 1 or more dimensions')
    return _split(ary, indices_or_sections, 1 if ary.dim() > 1 else 0, True, 'hsplit')


@register('vsplit', namespace=_NP)
def _vsplit(ary, indices_or_sections):
    """vsplit(ary, indices_or_sections): split along the first axis."""
    if ary.dim() < 2:
        raise ValueError('vsplit only works on arrays of 2 or more dimensions')
    return _split(ary, indices_or_sections, 0, True, 'vsplit')


@register('dsplit', namespace=_NP)
def _dsplit(ary, indices_or_sections):
    """dsplit(ary, indices_or_sections): split along the third axis."""
    if ary.dim() < 3:
        raise ValueError('dsplit only works on arrays of 3 or more dimensions')
    return _split(ary, indices_or_sections, 2, True, 'dsplit')


# ---- repetition, order --------------------------------------------------------------------------------
@register('tile', namespace=_NP)
def _tile(A, reps):
    """tile(A, reps): the array repeated `reps` times along each axis."""
    reps = shape_of(reps)
    if any(r < 0 for r in reps):
        raise MXNetError('tile: reps {} must be non-negative'.format(reps))
    if len(reps) < A.dim():
        reps = (1,) * (A.dim() - len(reps)) + reps
    return A.reshape((1,) * (len(reps) - A.dim()) + tuple(A.shape)).repeat(reps) if reps else A.clone()


@register('repeat', namespace=_NP)
def _repeat(a, repeats, axis=None):
    """repeat(a, repeats, axis=None): each element repeated (of the flattened array for axis None)."""
    if not isinstance(repeats, (int, onp.integer)):
        if isinstance(repeats, Tensor):
            pass
        else:
            raise MXNetError('repeat: Invalid Parameter format for repeats expect int but value={!r}'.format(repeats))
    elif repeats < 0:
        raise MXNetError('repeat: repeats must be non-negative, got {}'.format(repeats))
    if axis is None:
        return torch.repeat_interleave(a.reshape(-1), repeats)
    return torch.repeat_interleave(a, repeats, dim=axis_index(axis, a.dim(), 'repeat'))


@register('flip', namespace=_NP)
def _flip(m, axis=None):
    """flip(m, axis=None): the order of elements reversed along the axes (all for None)."""
    if m.dim() == 0:
        return m.clone()
    return torch.flip(m, axes_of(axis, m.dim(), 'flip'))


@register('flipud', namespace=_NP)
def _flipud(m):
    """flipud(m): flip along the first axis."""
    if m.dim() < 1:
        raise ValueError('Input must be >= 1-d.')
    return torch.flip(m, (0,))


@register('fliplr', namespace=_NP)
def _fliplr(m):
    """fliplr(m): flip along the second axis."""
    if m.dim() < 2:
        raise ValueError('Input must be >= 2-d.')
    return torch.flip(m, (1,))


@register('roll', namespace=_NP)
def _roll(a, shift, axis=None):
    """roll(a, shift, axis=None): elements shifted cyclically (over the flattened array for axis None)."""
    if axis is None:
        shift = sum(shape_of(shift)) if not isinstance(shift, (int, onp.integer)) else int(shift)
        return torch.roll(a.reshape(-1), shift).reshape(a.shape)
    axes = shape_of(axis)
    shifts = shape_of(shift)
    if len(shifts) == 1 and len(axes) > 1:
        shifts = shifts * len(axes)
    if len(axes) == 1 and len(shifts) > 1:
        axes = axes * len(shifts)
    if len(shifts) != len(axes):
        raise ValueError("'shift' and 'axis' should be scalars or 1D sequences")
    total = {}
    for s, ax in zip(shifts, axes):
        ax = axis_index(ax, a.dim(), 'roll')
        total[ax] = total.get(ax, 0) + s
    if not total:
        return a.clone()
    return torch.roll(a, tuple(total.values()), tuple(total.keys()))


@register('rot90', namespace=_NP)
def _rot90(m, k=1, axes=(0, 1)):
    """rot90(m, k=1, axes=(0, 1)): rotated by 90 degrees k times in the plane of `axes`."""
    axes = tuple(axes)
    if len(axes) != 2:
        raise ValueError('len(axes) must be 2.')
    if m.dim() < 2:
        raise ValueError('Axes must be different.')
    a0, a1 = axis_index(axes[0], m.dim(), 'rot90'), axis_index(axes[1], m.dim(), 'rot90')
    if a0 == a1:
        raise ValueError('Axes must be different.')
    return torch.rot90(m, int(k), (a0, a1)).contiguous()


# ---- padding ------------------------------------------------------------------------------------------
def _pad_widths(pad_width, ndim):
    widths = onp.broadcast_to(onp.asarray(pad_width, dtype=onp.int64).reshape(-1, 2)
                              if onp.ndim(pad_width) else onp.asarray(pad_width), (ndim, 2))
    if (widths < 0).any():
        raise ValueError('index can\'t contain negative values')
    return [tuple(int(v) for v in row) for row in widths]


def _pad_axis(t, ax, before, after, mode, value):
    n = t.shape[ax]
    parts = []
    if mode == 'constant':
        shape = list(t.shape)
        if before:
            shape[ax] = before
            parts.append(torch.full(shape, value, dtype=t.dtype, device=t.device))
        parts.append(t)
        if after:
            shape[ax] = after
            parts.append(torch.full(shape, value, dtype=t.dtype, device=t.device))
        return torch.cat(parts, dim=ax)
    if n == 0:
        raise ValueError("can't extend empty axis {} using modes other than 'constant' or 'empty'".format(ax))
    index = torch.arange(-before, n + after, device=t.device)
    if mode == 'edge':
        index = index.clamp(0, n - 1)
    elif mode == 'wrap':
        index = index % n
    elif mode in ('reflect', 'symmetric'):
        if n == 1:
            index = torch.zeros_like(index)
        else:
            period = 2 * (n - 1) if mode == 'reflect' else 2 * n
            index = index % period
            index = torch.where(index < n, index, period - index - (0 if mode == 'reflect' else 1))
    elif mode in ('maximum', 'minimum', 'mean'):
        fn = {'maximum': torch.amax, 'minimum': torch.amin, 'mean': torch.mean}[mode]
        stat = fn(t, dim=ax, keepdim=True) if mode != 'mean' else torch.mean(float_of(t), dim=ax, keepdim=True).to(t.dtype)
        if before:
            parts.append(stat.expand(*[before if i == ax else d for i, d in enumerate(t.shape)]))
        parts.append(t)
        if after:
            parts.append(stat.expand(*[after if i == ax else d for i, d in enumerate(t.shape)]))
        return torch.cat(parts, dim=ax)
    else:
        raise ValueError("mode '{}' is not supported".format(mode))
    return torch.index_select(t, ax, index)


@register('pad', namespace=_NP)
def _pad(x, pad_width=None, mode='constant', **kwargs):
    """pad(x, pad_width, mode='constant', constant_values=0, reflect_type='even'): padded along each axis
    (modes constant, edge, reflect, symmetric, wrap, maximum, minimum, mean)."""
    if not isinstance(pad_width, tuple):
        raise TypeError('`pad_width` must be tuple.')
    if kwargs.get('reflect_type', 'even') != 'even':
        raise NotImplementedError('reflect_type other than even is not supported')
    value = kwargs.get('constant_values', 0)
    if isinstance(value, (tuple, list)):
        raise NotImplementedError('constant_values as a sequence is not supported')
    out = x
    for ax, (before, after) in enumerate(_pad_widths(pad_width, x.dim())):
        if before or after:
            out = _pad_axis(out, ax, before, after, mode, value)
    return out if out is not x else x.clone()


# ---- diagonals ----------------------------------------------------------------------------------------
@register('diag', namespace=_NP)
def _diag(array, k=0):
    """diag(array, k=0): the k-th diagonal of a 2-D array, or a 2-D array with a 1-D one on it."""
    if array.dim() == 1:
        return torch.diag(array, k)
    if array.dim() == 2:
        return torch.diagonal(array, k).clone()
    raise ValueError('Input must be 1- or 2-d')


@register('diagflat', namespace=_NP)
def _diagflat(array, k=0):
    """diagflat(array, k=0): a 2-D array with the flattened input on its k-th diagonal."""
    return torch.diag(array.reshape(-1), k)


@register('diagonal', namespace=_NP)
def _diagonal(a, offset=0, axis1=0, axis2=1):
    """diagonal(a, offset=0, axis1=0, axis2=1)"""
    if a.dim() < 2:
        raise ValueError('diag requires an array of at least two dimensions')
    return torch.diagonal(a, offset, axis1, axis2).clone()


@register('tril', namespace=_NP)
def _tril(m, k=0):
    """tril(m, k=0): zeros above the k-th diagonal (a 1-D input is read as a row repeated)."""
    if m.dim() == 0:
        raise MXNetError('tril: the input must have at least one dimension')
    if m.dim() == 1:
        m = m.reshape(1, -1).expand(m.shape[0], -1)
    return torch.tril(m, k)


@register('diag_indices_from', namespace=_NP)
def _diag_indices_from(arr):
    """diag_indices_from(arr): index arrays of the main diagonal of a square array."""
    if arr.dim() < 2:
        raise ValueError('input array must be at least 2-d')
    if len(set(arr.shape)) != 1:
        raise ValueError('All dimensions of input must be of equal length')
    idx = torch.arange(arr.shape[0], device=arr.device)
    return tuple(idx for _ in range(arr.dim()))


# ---- selecting, inserting, deleting -------------------------------------------------------------------
@register('take', namespace=_NP)
def _take(a, indices, axis=None, mode='raise'):
    """take(a, indices, axis=None, mode='raise'): elements at `indices` (of the flattened array for axis
    None); out-of-range indices raise, wrap or clip as `mode` says."""
    if mode not in ('raise', 'wrap', 'clip'):
        raise ValueError("clipmode must be one of 'clip', 'raise', or 'wrap' (got {!r})".format(mode))
    src = a.reshape(-1) if axis is None else a
    ax = 0 if axis is None else axis_index(axis, a.dim(), 'take')
    n = src.shape[ax]
    idx = indices.to(INT64) if indices.dtype is not INT64 else indices
    if mode == 'wrap':
        idx = idx % n if n else idx
    elif mode == 'clip':
        idx = idx.clamp(0, n - 1)
    elif idx.numel() and (int(idx.max()) >= n or int(idx.min()) < -n):
        raise MXNetError('take operator contains indices out of bound')
    else:
        idx = torch.where(idx < 0, idx + n, idx)
    picked = torch.index_select(src, ax, idx.reshape(-1))
    shape = list(src.shape[:ax]) + list(idx.shape) + list(src.shape[ax + 1:])
    return picked.reshape(shape)


def _positions(obj, n):
    """Index positions of `obj` (an int, slice, sequence or tensor) along an axis of length n."""
    if isinstance(obj, slice):
        return list(range(n))[obj], False
    if isinstance(obj, (int, onp.integer)):
        return [int(obj)], True
    if isinstance(obj, Tensor):
        return [int(v) for v in obj.reshape(-1).tolist()], obj.dim() == 0
    return [int(v) for v in obj], False


@register('insert', namespace=_NP)
def _insert(arr, obj, values, axis=None):
    """insert(arr, obj, values, axis=None): values inserted before the given index, indices or slice,
    as NumPy inserts them."""
    if axis is None:
        arr = arr.reshape(-1)
        axis = 0
    ax = axis_index(axis, arr.dim(), 'insert')
    n = arr.shape[ax]
    vals = values.to(arr.dtype) if isinstance(values, Tensor) else torch.tensor(values, dtype=arr.dtype,
                                                                                 device=arr.device)
    if isinstance(obj, slice):
        indices = torch.tensor(list(range(*obj.indices(n))), dtype=INT64, device=arr.device)
    elif isinstance(obj, Tensor):
        indices = obj.to(INT64)
    else:
        indices = torch.tensor(obj, dtype=INT64, device=arr.device)
    if indices.dim() > 1:
        raise ValueError('index array argument obj to insert must be one dimensional or scalar')
    shape = list(arr.shape)
    if indices.numel() == 1:
        index = int(indices.reshape(-1)[0])
        if not -n <= index <= n:
            raise IndexError('index {} is out of bounds for axis {} with size {}'.format(index, ax, n))
        index += n if index < 0 else 0
        block = vals.reshape((1,) * (arr.dim() - vals.dim()) + tuple(vals.shape)) if vals.dim() < arr.dim() else vals
        if indices.dim() == 0:
            block = block.movedim(0, ax)
        shape[ax] = block.shape[ax]
        block = torch.broadcast_to(block, shape)
        return torch.cat([arr.narrow(ax, 0, index), block, arr.narrow(ax, index, n - index)], dim=ax)
    indices = torch.where(indices < 0, indices + n, indices)
    count = indices.numel()
    order = torch.sort(indices, stable=True).indices
    positions = indices.clone()
    positions[order] += torch.arange(count, device=arr.device)
    shape[ax] = n + count
    keep = torch.ones(n + count, dtype=BOOL, device=arr.device)
    keep[positions] = False
    out = torch.empty(shape, dtype=arr.dtype, device=arr.device)
    moved = out.movedim(ax, 0)
    block = vals.reshape((1,) * (arr.dim() - vals.dim()) + tuple(vals.shape)) if vals.dim() < arr.dim() else vals
    target = [count] + [d for i, d in enumerate(arr.shape) if i != ax]
    moved[positions] = torch.broadcast_to(block.movedim(ax, 0), target)
    moved[keep] = arr.movedim(ax, 0)
    return out


@register('delete', namespace=_NP)
def _delete(arr, obj, axis=None):
    """delete(arr, obj, axis=None): without the entries at the given index, slice or indices."""
    if axis is None:
        arr = arr.reshape(-1)
        axis = 0
    ax = axis_index(axis, arr.dim(), 'delete')
    n = arr.shape[ax]
    positions, _ = _positions(obj, n)
    if isinstance(obj, Tensor) and obj.dim():
        # MXNet drops only the indices in [0, n) of an index array: negative and larger ones are ignored
        positions = [p for p in positions if 0 <= p < n]
    drop = set()
    for p in positions:
        if not -n <= p < n:
            raise IndexError('index {} is out of bounds for axis {} with size {}'.format(p, ax, n))
        drop.add(p % n)
    keep = torch.tensor([i for i in range(n) if i not in drop], dtype=INT64, device=arr.device)
    return torch.index_select(arr, ax, keep)


@register('append', namespace=_NP)
def _append(arr, values, axis=None):
    """append(arr, values, axis=None): values added at the end (both flattened for axis None)."""
    if axis is None:
        return torch.cat([arr.reshape(-1), values.reshape(-1).to(arr.dtype)])
    return _concatenate([arr, values.to(arr.dtype)], axis)


@register('resize', namespace=_NP)
def _resize(a, new_shape):
    """resize(a, new_shape): the data repeated (or cut) to fill `new_shape`."""
    shape = shape_of(new_shape)
    if any(d < 0 for d in shape):
        raise ValueError('all elements of `new_shape` must be non-negative')
    size = math.prod(shape)
    flat = a.reshape(-1)
    if flat.numel() == 0 or size == 0:
        return torch.zeros(shape, dtype=a.dtype, device=a.device)
    times = -(-size // flat.numel())
    return flat.repeat(times)[:size].reshape(shape)


@register('unravel_index', namespace=_NP)
def _unravel_index(indices, shape, order='C'):
    """unravel_index(indices, shape, order='C'): the coordinates of flat indices, a tuple of arrays."""
    _c_order(order, 'unravel_index')
    dims = shape_of(shape)
    if not isinstance(indices, Tensor):
        return tuple(int(v) for v in onp.unravel_index(int(indices), dims))
    if indices.is_floating_point():
        raise TypeError('only int indices permitted')
    rest = indices.to(INT64)
    if rest.numel() and (int(rest.max()) >= math.prod(dims) or int(rest.min()) < 0):
        raise ValueError('index {} is out of bounds for array with size {}'.format(int(rest.max()), math.prod(dims)))
    coords = []
    for d in reversed(dims):
        coords.append(rest % d)
        rest = torch.div(rest, d, rounding_mode='floor')
    return tuple(c.to(indices.dtype) for c in reversed(coords))


@register('meshgrid', namespace=_NP)
def _meshgrid(*xi, **kwargs):
    """meshgrid(*xi, indexing='xy', sparse=False, copy=True): coordinate matrices (a list)."""
    indexing = kwargs.pop('indexing', 'xy')
    sparse = kwargs.pop('sparse', False)
    kwargs.pop('copy', True)
    if kwargs:
        raise TypeError('meshgrid() got an unexpected keyword argument {!r}'.format(next(iter(kwargs))))
    if indexing not in ('xy', 'ij'):
        raise ValueError("Valid values for `indexing` are 'xy' and 'ij'.")
    if not xi:
        return SEQUENCE()
    grids = torch.meshgrid(*[t.reshape(-1) for t in xi], indexing=indexing)
    if sparse:
        n = len(xi)
        out = []
        for i, t in enumerate(xi):
            shape = [1] * n
            shape[i] = -1
            if indexing == 'xy' and n > 1 and i < 2:
                shape[0], shape[1] = shape[1], shape[0]
            out.append(t.reshape(shape).clone())
        return SEQUENCE(out)
    return SEQUENCE(g.clone() for g in grids)


@register('shares_memory', namespace=_NP, aliases=('may_share_memory',))
def _shares_memory(a, b, max_work=None):
    """shares_memory(a, b, max_work=None): whether the two arrays use overlapping memory."""
    if a.numel() == 0 or b.numel() == 0:
        return False
    if a.untyped_storage().data_ptr() != b.untyped_storage().data_ptr():
        return False
    size = a.element_size()

    def span(t):
        lo = t.storage_offset()
        hi = lo + sum((d - 1) * s for d, s in zip(t.shape, t.stride())) + 1
        return lo * size, hi * t.element_size()
    (alo, ahi), (blo, bhi) = span(a), span(b)
    if ahi <= blo or bhi <= alo:
        return False
    if a.is_contiguous() and b.is_contiguous():
        return True
    ia = set(_element_offsets(a))
    return any(o in ia for o in _element_offsets(b))


def _element_offsets(t):
    offsets = t.storage_offset() + sum(
        torch.arange(d).reshape([-1 if i == j else 1 for j in range(t.dim())]) * s
        for i, (d, s) in enumerate(zip(t.shape, t.stride()))) if t.dim() else torch.tensor(t.storage_offset())
    return (offsets * t.element_size()).reshape(-1).tolist()


# ---- npx.reshape --------------------------------------------------------------------------------------
def npx_shape(shape, codes, reverse=False):
    """The shape MXNet's ``npx.reshape`` makes of `shape` with `codes`: a size >= 0 or -1 (inferred)
    takes one input dimension's place, -2 copies the input dimension, -3 drops an input dimension of
    size 1, -4 copies all remaining ones, -5 multiplies two, -6 splits one into the two sizes that follow
    (one may be -1); ``reverse`` reads both from the right."""
    src, codes = list(shape), list(codes)
    if reverse:
        src.reverse()
        codes.reverse()
    out, i, j, unknown = [], 0, 0, None
    while j < len(codes):
        c = codes[j]
        if c >= 0 or c == -1:
            if c == -1:
                if unknown is not None:
                    raise MXNetError('npx.reshape: only one dimension can be inferred')
                unknown = len(out)
            out.append(c)
            i += 1
        elif c == -2:
            out.append(src[i])
            i += 1
        elif c == -3:
            if src[i] != 1:
                raise MXNetError('npx.reshape: -3 skips a dimension of size 1, got {}'.format(src[i]))
            i += 1
        elif c == -4:
            out.extend(src[i:])
            i = len(src)
        elif c == -5:
            out.append(src[i] * src[i + 1])
            i += 2
        elif c == -6:
            d1, d2 = codes[j + 1], codes[j + 2]
            if d1 == -1:
                d1 = src[i] // d2
            elif d2 == -1:
                d2 = src[i] // d1
            if d1 * d2 != src[i]:
                raise MXNetError('npx.reshape: cannot split dimension {} into {} and {}'.format(src[i], d1, d2))
            out.extend([d1, d2])
            i += 1
            j += 2
        else:
            raise MXNetError('npx.reshape: invalid code {} in {}'.format(c, tuple(codes)))
        j += 1
    if unknown is not None:
        known = math.prod(d for k, d in enumerate(out) if k != unknown)
        out[unknown] = math.prod(src) // known if known else 0
    if reverse:
        out.reverse()
    return out


@register('reshape', namespace='_npx')
def _npx_reshape(a, newshape, reverse=False, order='C'):
    """npx.reshape(a, newshape, reverse=False, order='C'): reshape with MXNet's special codes."""
    _c_order(order, 'npx.reshape')
    shape = npx_shape(tuple(a.shape), shape_of(newshape), reverse)
    if math.prod(shape) != a.numel():
        raise MXNetError('npx.reshape: cannot reshape array of shape {} into shape {}'.format(
            tuple(a.shape), tuple(shape)))
    return a.reshape(shape)


@register('nonzero', namespace='_npx')
def _npx_nonzero(a):
    """npx.nonzero(a): the indices of the nonzero elements as an (N, ndim) int64 array."""
    return torch.nonzero(a.reshape(1) if a.dim() == 0 else a)


@register('constraint_check', namespace='_npx')
def _constraint_check(x, msg):
    """constraint_check(x, msg): True (a 0-d boolean array) when every element holds, else ValueError(msg)."""
    if not bool(torch.all(x)):
        raise ValueError(msg)
    return torch.ones((), dtype=BOOL, device=x.device)


def _boolean_mask_assign(data, mask, value, start_axis):
    if mask.dtype is not BOOL:
        raise MXNetError('boolean_mask_assign: the mask must be a boolean array')
    start = axis_index(start_axis, max(data.dim(), 1), 'boolean_mask_assign')
    if tuple(data.shape[start:start + mask.dim()]) != tuple(mask.shape):
        raise MXNetError('boolean_mask_assign: a mask of shape {} does not fit data of shape {} at axis {}'.format(
            tuple(mask.shape), tuple(data.shape), start_axis))
    result = data.clone()
    result[(slice(None),) * start + (mask,)] = value.to(data.dtype) if isinstance(value, Tensor) else value
    return result


@register('boolean_mask_assign_scalar', namespace=_NP)
def _boolean_mask_assign_scalar(data, mask, value=0.0, start_axis=0):
    """boolean_mask_assign_scalar(data, mask, value, start_axis): `data` with the entries the boolean
    `mask` selects (its axes starting at `start_axis`) set to the number `value`."""
    return _boolean_mask_assign(data, mask, value, start_axis)


@register('boolean_mask_assign_tensor', namespace=_NP)
def _boolean_mask_assign_tensor(data, mask, value, start_axis=0):
    """boolean_mask_assign_tensor(data, mask, value, start_axis): `data` with the entries the boolean
    `mask` selects (its axes starting at `start_axis`) set from the array `value` (broadcast)."""
    return _boolean_mask_assign(data, mask, value, start_axis)
