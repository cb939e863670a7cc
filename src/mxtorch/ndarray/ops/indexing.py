"""Indexing operators: take, pick, one_hot, gather_nd, scatter_nd, batch_take, where, boolean_mask,
index_copy, index_array, arange_like, choose_element_0index, fill_element_0index.

MXNet passes indices as arrays of any dtype, float32 most often; they are truncated toward zero to
integers (1.7 -> 1, -0.5 -> 0). Out-of-range indices are clipped or wrapped as each operator's `mode`
says. Gradients flow to the data (summed where an index repeats), never to the indices."""
import torch

from ...base import MXNetError, dtype_torch, TORCH_TO_NAME
from ..registry import register
from ._util import as_shape

Tensor = torch.Tensor
_long = torch.long


def _shape(t):
    return tuple(t.shape)


def _axis(axis, ndim, op_name, data):
    if not -ndim <= axis < ndim:
        raise MXNetError('{}: axis {} is out of range for input of shape {}'.format(op_name, axis, _shape(data)))
    return axis % ndim


def _index(indices, size, mode, op_name):
    """Integer indices into an axis of `size` under MXNet's mode: 'clip', 'wrap' or 'raise'."""
    idx = indices if indices.dtype is _long else indices.long()
    if mode == 'clip':
        return idx.clamp(0, size - 1)
    if mode == 'wrap':
        return idx.remainder(size)
    if idx.numel() and bool(((idx < 0) | (idx >= size)).any()):
        raise MXNetError('{}: indices {} out of bounds for an axis of size {}'.format(
            op_name, indices.tolist() if indices.numel() < 20 else _shape(indices), size))
    return idx


def _check_mode(mode, choices, op_name):
    if mode not in choices:
        raise MXNetError("{}: invalid mode {!r}, valid values are {}".format(
            op_name, mode, ', '.join(repr(c) for c in choices)))


@register(method=True)
def take(a, indices, axis=0, mode='clip'):
    """Takes elements from an array along an axis: the result has shape
    ``a.shape[:axis] + indices.shape + a.shape[axis + 1:]``.

    Parameters
    ----------
    a : NDArray
        The source array.
    indices : NDArray
        The indices (any dtype; truncated to integers).
    axis : int
        The axis to take along.
    mode : {'clip', 'wrap', 'raise'}
        What out-of-range indices do: clip to the ends, wrap around, or raise an error.
    """
    if mode != 'clip':
        _check_mode(mode, ('clip', 'raise', 'wrap'), 'take')
    nd = a.dim()
    ax = axis if 0 <= axis < nd else _axis(axis, nd, 'take', a)
    size = a.shape[ax]
    if size == 0:
        raise MXNetError('take: cannot take from an empty axis {} of shape {}'.format(axis, _shape(a)))
    idx = _index(indices, size, mode, 'take')
    out = torch.index_select(a, ax, idx.reshape(-1))
    return out.reshape(a.shape[:ax] + idx.shape + a.shape[ax + 1:])


def _pick(op_name, data, index, axis, keepdims, mode):
    if axis is None:
        raise MXNetError('{}: axis=None is not supported; specify an axis'.format(op_name))
    _check_mode(mode, ('clip', 'wrap'), op_name)
    ax = _axis(int(axis), data.dim(), op_name, data)
    idx = _index(index, data.shape[ax], mode, op_name)
    reduced = data.shape[:ax] + data.shape[ax + 1:]
    if idx.shape == reduced:
        idx = idx.unsqueeze(ax)
    elif idx.shape != data.shape[:ax] + (1,) + data.shape[ax + 1:]:
        raise MXNetError('{}: index of shape {} does not fit data of shape {} along axis {}'.format(
            op_name, _shape(index), _shape(data), axis))
    out = torch.gather(data, ax, idx)
    return out if keepdims else out.squeeze(ax)


@register(method=True)
def pick(data, index, axis=-1, keepdims=False, mode='clip'):
    """Picks one element per position along `axis`: ``out[i, j] = data[i, index[i, j], j]`` (for axis 1).

    Parameters
    ----------
    data : NDArray
        The source array.
    index : NDArray
        Indices of data's shape without `axis` (or with it as size 1).
    axis : int
        The axis to pick along.
    keepdims : bool
        Keep `axis` as size 1 in the result.
    mode : {'clip', 'wrap'}
        What out-of-range indices do.
    """
    return _pick('pick', data, index, axis, keepdims, mode)


@register()
def choose_element_0index(data, index, axis=-1, keepdims=False, mode='clip'):
    """Picks one element of each row: the legacy name of ``pick``."""
    return _pick('choose_element_0index', data, index, axis, keepdims, mode)


@register()
def fill_element_0index(lhs, mhs, rhs):
    """A copy of the 2-D array `lhs` with ``out[i, rhs[i]] = mhs[i]`` for each row i (rows whose index is
    out of range are left as they are)."""
    if lhs.dim() != 2 or mhs.shape != lhs.shape[:1] or rhs.shape != lhs.shape[:1]:
        raise MXNetError('fill_element_0index: lhs {} must be 2-D and mhs {}, rhs {} of shape ({},)'.format(
            _shape(lhs), _shape(mhs), _shape(rhs), lhs.shape[0] if lhs.dim() else '?'))
    idx = rhs.long()
    valid = (idx >= 0) & (idx < lhs.shape[1])
    filled = lhs.scatter(1, idx.clamp(0, lhs.shape[1] - 1).unsqueeze(1), mhs.to(lhs.dtype).unsqueeze(1))
    return torch.where(valid.unsqueeze(1), filled, lhs)


@register(method=True)
def one_hot(indices, depth, on_value=1.0, off_value=0.0, dtype='float32'):
    """One-hot encoding: the result has shape ``indices.shape + (depth,)`` with `on_value` at each index
    and `off_value` elsewhere (indices outside [0, depth) give a row of off_value)."""
    depth = int(depth)
    if depth < 0:
        raise MXNetError('one_hot: depth must be non-negative, got {}'.format(depth))
    dt = dtype_torch(dtype)
    idx = indices.long()
    hot = idx.unsqueeze(-1) == torch.arange(depth, device=indices.device)
    on = torch.tensor(on_value, dtype=torch.float64).to(dt).to(indices.device)
    off = torch.tensor(off_value, dtype=torch.float64).to(dt).to(indices.device)
    return torch.where(hot, on, off)


def _nd_index(op_name, indices, shape):
    if indices.dim() < 1 or indices.shape[0] > len(shape):
        raise MXNetError('{}: indices of shape {} cannot index {} dimension(s)'.format(
            op_name, _shape(indices), len(shape)))
    idx = indices.long()
    index = []
    for i in range(indices.shape[0]):
        size = shape[i]
        row = idx[i]
        if row.numel() and bool(((row < -size) | (row >= size)).any()):
            raise IndexError('{}: index out of bounds for axis {} with size {}'.format(op_name, i, size))
        index.append(row.remainder(size) if size else row)
    return tuple(index)


@register()
def gather_nd(data, indices):
    """Gathers slices of `data` at the coordinates in `indices`: indices of shape (M, Y...) pick
    ``data[indices[0, y], ..., indices[M - 1, y]]``, giving shape Y + data.shape[M:]. Negative indices
    count from the end."""
    if indices.dim() < 2:
        raise MXNetError('gather_nd: indices must have at least 2 dimensions, got shape {}'.format(_shape(indices)))
    return data[_nd_index('gather_nd', indices, data.shape)]


@register()
def scatter_nd(data, indices, shape):
    """Scatters `data` into a new zero array of `shape` at the coordinates in `indices` (of shape
    (M, Y...), data of shape Y + shape[M:]); the inverse of gather_nd. Where coordinates repeat, the last
    write wins."""
    shape = as_shape(shape)
    index = _nd_index('scatter_nd', indices, shape)
    want = tuple(indices.shape[1:]) + shape[indices.shape[0]:]
    if _shape(data) != want:
        raise MXNetError('scatter_nd: data of shape {} must have shape {} for indices {} and shape {}'.format(
            _shape(data), want, _shape(indices), shape))
    out = torch.zeros(shape, dtype=data.dtype, device=data.device)
    return out.index_put(index, data)


@register()
def batch_take(a, indices):
    """Takes one element from each row of `a`'s last axis: ``out[i] = a[i, indices[i]]`` (indices, an
    int32 array, are clipped to the row length)."""
    if indices.is_floating_point():
        raise MXNetError('batch_take: indices must be an integer (int32) array, got {}'.format(
            TORCH_TO_NAME.get(indices.dtype, indices.dtype)))
    if a.dim() < 1 or a.numel() // max(a.shape[-1], 1) != indices.numel():
        raise MXNetError('batch_take: {} indices do not fit data of shape {}'.format(indices.numel(), _shape(a)))
    rows = a.reshape(-1, a.shape[-1])
    idx = indices.reshape(-1, 1).long().clamp(0, a.shape[-1] - 1)
    return rows.gather(1, idx).reshape(indices.shape)


@register()
def where(condition, x, y):
    """Elements of `x` where `condition` is non-zero, of `y` elsewhere. The condition has x's shape, or
    is 1-D of length x.shape[0] and selects whole rows."""
    for name, v in (('condition', condition), ('x', x), ('y', y)):
        if not isinstance(v, Tensor):
            # MXNet's generated functions assert that array arguments are NDArrays
            raise AssertionError('Argument {} must have NDArray type, but got {}'.format(name, v))
    if x.shape != y.shape:
        raise MXNetError('where: x of shape {} and y of shape {} must have the same shape'.format(
            _shape(x), _shape(y)))
    if x.dtype is not y.dtype:
        raise MXNetError('where: x ({}) and y ({}) must have the same dtype'.format(
            TORCH_TO_NAME.get(x.dtype), TORCH_TO_NAME.get(y.dtype)))
    cond = condition != 0
    if condition.shape != x.shape:
        if condition.dim() != 1 or x.dim() < 1 or condition.shape[0] != x.shape[0]:
            raise MXNetError('where: condition of shape {} must have the shape of x {} or be its first '
                             'dimension'.format(_shape(condition), _shape(x)))
        cond = cond.reshape((-1,) + (1,) * (x.dim() - 1))
    return torch.where(cond, x, y)


@register(namespace='contrib')
def boolean_mask(data, index, axis=0):
    """The slices of `data` along axis 0 where `index` (1-D, of that length) is non-zero."""
    if axis != 0:
        raise MXNetError('boolean_mask: only axis 0 is supported, got {}'.format(axis))
    if index.dim() != 1 or data.dim() < 1 or index.shape[0] != data.shape[0]:
        raise MXNetError('boolean_mask: index of shape {} does not fit data of shape {}'.format(
            _shape(index), _shape(data)))
    return data[index != 0]


@register(namespace='contrib')
def index_copy(old_tensor, index_vector, new_tensor):
    """A copy of `old_tensor` whose rows ``index_vector[i]`` are replaced by ``new_tensor[i]``."""
    if index_vector.dim() != 1 or new_tensor.shape != (index_vector.shape[0],) + old_tensor.shape[1:]:
        raise MXNetError('index_copy: new_tensor {} must have shape ({},) + {} for index {}'.format(
            _shape(new_tensor), index_vector.numel(), _shape(old_tensor)[1:], _shape(index_vector)))
    idx = _index(index_vector, old_tensor.shape[0], 'raise', 'index_copy')
    return old_tensor.index_copy(0, idx, new_tensor.to(old_tensor.dtype))


@register(namespace='contrib')
def index_array(data, axes=None):
    """The coordinates of every element of `data`: an int64 array of shape data.shape + (len(axes),)
    whose last axis holds the element's index along each of `axes` (all axes by default)."""
    nd = data.dim()
    if axes is None:
        axes = tuple(range(nd))
    else:
        axes = (axes,) if isinstance(axes, int) else tuple(axes)
        axes = tuple(_axis(int(a), nd, 'index_array', data) for a in axes)
    grids = torch.meshgrid(*[torch.arange(s, device=data.device) for s in data.shape], indexing='ij') if nd else ()
    return torch.stack([grids[a] for a in axes], -1) if axes else torch.zeros(
        data.shape + (0,), dtype=_long, device=data.device)


@register(namespace='contrib')
def arange_like(data, start=0.0, step=1.0, repeat=1, ctx=None, axis=None):
    """An array like `data` (or of the length of its `axis`) filled with start, start + step, ...,
    each value repeated `repeat` times."""
    repeat = int(repeat)
    if repeat < 1:
        raise MXNetError('arange_like: repeat must be positive, got {}'.format(repeat))
    if axis is None:
        shape = data.shape
    else:
        shape = (data.shape[_axis(int(axis), data.dim(), 'arange_like', data)],)
    n = 1
    for s in shape:
        n *= s
    values = torch.arange(n, dtype=torch.float64, device=data.device).div_(repeat).floor_().mul_(step).add_(start)
    return values.to(data.dtype).reshape(shape)
