"""Shape operators: reshape, transpose, concat, split, slicing, tiling, broadcasting, padding."""
import math

import numpy as np
import torch

from ...base import MXNetError
from ..indexing import getitem, setitem
from ..registry import register
from ._util import normalize_axis, as_shape, fresh

Tensor = torch.Tensor


def infer_reshape(src, target, reverse=False):
    """The shape MXNet's reshape makes of `src` given `target` with its special values.

    0 copies a source dimension, -1 is inferred from the size, -2 copies all remaining source
    dimensions, -3 merges two source dimensions, -4 splits one source dimension into the two values
    that follow it (one of which may be -1). With ``reverse=True`` the special values are matched from
    the right."""
    src = list(src)
    spec = [int(d) for d in target]
    if reverse:
        src.reverse()
        spec.reverse()
    out = []
    infer_at = None
    s = 0
    i = 0
    while i < len(spec):
        d = spec[i]
        if d == 0:
            if s >= len(src):
                raise MXNetError('reshape: 0 in shape {} has no matching source dimension in {}'.format(
                    tuple(target), tuple(src)))
            out.append(src[s])
            s += 1
        elif d == -1:
            if infer_at is not None:
                raise MXNetError('reshape: only one dimension can be inferred (-1), shape {}'.format(
                    tuple(target)))
            infer_at = len(out)
            out.append(1)
            s += 1
        elif d == -2:
            out.extend(src[s:])
            s = len(src)
        elif d == -3:
            if s + 1 >= len(src):
                raise MXNetError('reshape: -3 in shape {} needs two source dimensions'.format(tuple(target)))
            out.append(src[s] * src[s + 1])
            s += 2
        elif d == -4:
            if i + 2 >= len(spec) or s >= len(src):
                raise MXNetError('reshape: -4 in shape {} must be followed by two dimensions'.format(
                    tuple(target)))
            whole, a, b = src[s], spec[i + 1], spec[i + 2]
            s += 1
            i += 2
            if a == -1 and b == -1:
                raise MXNetError('reshape: split dims cannot both be -1')
            if a == -1:
                a = whole // b
            if b == -1:
                b = whole // a
            if a * b != whole:
                raise MXNetError('reshape: split dims {}, {} do not divide original dim {}'.format(a, b, whole))
            out.extend([a, b])
        elif d > 0:
            out.append(d)
            s += 1
        else:
            raise MXNetError('reshape: invalid dimension {} in shape {}'.format(d, tuple(target)))
        i += 1
    size = math.prod(src)
    if infer_at is not None:
        known = math.prod(out)
        if known == 0 or size % known:
            raise MXNetError('reshape: cannot infer the -1 in shape {} for an array of shape {}'.format(
                tuple(target), tuple(reversed(src)) if reverse else tuple(src)))
        out[infer_at] = size // known
    if reverse:
        out.reverse()
    if math.prod(out) > size:
        raise MXNetError('reshape: target shape {} is larger than the source shape {}'.format(
            tuple(out), tuple(reversed(src)) if reverse else tuple(src)))
    return tuple(out)


def _checked_size(new_shape, data):
    if math.prod(new_shape) != data.numel():
        raise MXNetError('reshape: target shape size is different to source. Target: {}, source: {}'.format(
            new_shape, tuple(data.shape)))
    return new_shape


@register(name='reshape', aliases=('Reshape',))
def reshape(data, shape=None, reverse=False, target_shape=None, keep_highest=False):
    """Reshapes the input array (a new array), with MXNet's special values in `shape`:
    0 (copy), -1 (infer), -2 (copy the rest), -3 (merge two), -4 (split one); see NDArray.reshape."""
    if shape is None:
        shape = target_shape
    new_shape = _checked_size(infer_reshape(tuple(data.shape), as_shape(shape), reverse), data)
    return fresh(data.reshape(new_shape), data)


@register(method=True)
def reshape_like(lhs, rhs, lhs_begin=None, lhs_end=None, rhs_begin=None, rhs_end=None):
    """Reshape some or all dimensions of `lhs` to have the same shape as some or all dimensions of `rhs`."""
    ls, rs = list(lhs.shape), list(rhs.shape)

    def span(begin, end, n):
        b = 0 if begin is None else (begin + n if begin < 0 else begin)
        e = n if end is None else (end + n if end < 0 else end)
        return b, e
    lb, le = span(lhs_begin, lhs_end, len(ls))
    rb, re_ = span(rhs_begin, rhs_end, len(rs))
    new_shape = tuple(ls[:lb] + rs[rb:re_] + ls[le:])
    if math.prod(new_shape) != lhs.numel():
        raise MXNetError('reshape_like: cannot reshape an array of shape {} to {}'.format(
            tuple(ls), new_shape))
    return fresh(lhs.reshape(new_shape), lhs)


@register(aliases=('Flatten',))  # the method (with inplace=) is in ndarray/_methods.py
def flatten(data):
    """Flattens the input array into a 2-D array by collapsing the higher dimensions: (d1, d2*...*dk)."""
    if data.dim() == 0:
        return data.reshape(1, 1)
    return fresh(data.reshape(data.shape[0], -1), data)


@register()  # the method (with inplace=) is in ndarray/_methods.py
def expand_dims(data, axis):
    """Inserts a new axis of size 1 into the array shape at position `axis`."""
    nd = data.dim()
    if not -nd - 1 <= axis <= nd:
        raise MXNetError('expand_dims: axis {} is out of bounds for an array with {} dimension(s)'.format(
            axis, nd))
    return data.unsqueeze(axis % (nd + 1)).clone()


@register()  # the method (with inplace=) is in ndarray/_methods.py
def squeeze(data, axis=None):
    """Removes single-dimensional entries (all of them, or those at `axis`) from the shape; a result
    with no dimension left has shape (1,)."""
    if axis is None:
        r = data.squeeze()
    else:
        axes = (axis,) if isinstance(axis, int) else tuple(axis)
        nd = data.dim()
        axes = [normalize_axis(a, nd, 'squeeze') for a in axes]
        for a in axes:
            if data.shape[a] != 1:
                raise MXNetError('squeeze: cannot select an axis to squeeze out which has size not equal '
                                 'to one: axis {} of shape {}'.format(a, tuple(data.shape)))
        r = data.squeeze(tuple(axes)) if axes else data
    if r.dim() == 0:
        r = r.reshape(1)
    return r.clone()


@register(method=True)
def transpose(data, axes=None):
    """Permutes the dimensions of an array (reversed when `axes` is empty)."""
    nd = data.dim()
    if axes is None or len(axes) == 0:
        perm = tuple(range(nd - 1, -1, -1))
    else:
        perm = tuple(normalize_axis(int(a), nd, 'transpose') for a in axes)
        if sorted(perm) != list(range(nd)):
            raise MXNetError('transpose: axes {} are not a permutation of the {} dimension(s)'.format(
                tuple(axes), nd))
    return data.permute(perm).contiguous() if nd > 1 else data.clone()


@register(method=True, aliases=('SwapAxis',))
def swapaxes(data, dim1=0, dim2=0):
    """Interchanges two axes of an array."""
    nd = data.dim()
    d1, d2 = normalize_axis(dim1, nd, 'swapaxes'), normalize_axis(dim2, nd, 'swapaxes')
    return data.transpose(d1, d2).clone()


def _axis_list(axes, ndim, what):
    axes = [axes] if isinstance(axes, (int, np.integer)) else list(axes)
    out = []
    for a in axes:
        if not -ndim <= a < ndim:
            raise ValueError('moveaxis: {} axis {} is out of bounds for an array with {} dimension(s)'.format(
                what, a, ndim))
        out.append(int(a) % ndim)
    if len(set(out)) != len(out):
        raise ValueError('moveaxis: repeated axis in {} {}'.format(what, tuple(axes)))
    return out


@register()
def moveaxis(tensor, source, destination):
    """Moves axes of an array to new positions; other axes keep their order."""
    src = _axis_list(source, tensor.dim(), 'source')
    dst = _axis_list(destination, tensor.dim(), 'destination')
    if len(src) != len(dst):
        raise ValueError('moveaxis: source {} and destination {} must have the same number of axes'.format(
            source, destination))
    return tensor.movedim(src, dst).clone()


@register(aliases=('Concat',))
def concat(*data, dim=1, num_args=None):
    """Joins input arrays along axis `dim` (default 1). All dimensions but `dim` must agree."""
    if not data:
        raise MXNetError('concat needs at least one array')
    nd = data[0].dim()
    axis = normalize_axis(dim, nd, 'concat')
    for d in data[1:]:
        if d.dim() != nd or any(a != b for i, (a, b) in enumerate(zip(d.shape, data[0].shape)) if i != axis):
            raise MXNetError('concat: shapes {} and {} differ outside dim {}'.format(
                tuple(data[0].shape), tuple(d.shape), dim))
    return torch.cat(data, dim=axis)


@register()
def stack(*data, axis=0, num_args=None):
    """Joins a sequence of arrays of the same shape along a new axis."""
    if not data:
        raise MXNetError('stack needs at least one array')
    for d in data[1:]:
        if d.shape != data[0].shape:
            raise MXNetError('stack: all arrays must have the same shape, got {} and {}'.format(
                tuple(data[0].shape), tuple(d.shape)))
    return torch.stack(data, dim=normalize_axis(axis, data[0].dim() + 1, 'stack'))


@register(method=True, aliases=('SliceChannel',))
def split(data, num_outputs, axis=1, squeeze_axis=False):
    """Splits an array along `axis` into `num_outputs` equal parts (a list when more than one)."""
    nd = data.dim()
    ax = normalize_axis(axis, nd, 'split')
    n = data.shape[ax]
    if num_outputs <= 0 or n % num_outputs:
        raise MXNetError('split: axis {} of size {} cannot be split into {} equal parts'.format(
            axis, n, num_outputs))
    if squeeze_axis and n // num_outputs != 1:
        raise MXNetError('split: squeeze_axis needs each part to have size 1 along axis {}'.format(axis))
    parts = [p.squeeze(ax).clone() if squeeze_axis else p.clone() for p in torch.chunk(data, num_outputs, ax)]
    return parts[0] if num_outputs == 1 else parts


@register(method=True)
def split_v2(data, indices_or_sections, axis=0, squeeze_axis=False):
    """Splits an array along `axis` into equal sections (an int) or at the given indices (a tuple)."""
    ax = normalize_axis(axis, data.dim(), 'split_v2')
    n = data.shape[ax]
    if isinstance(indices_or_sections, int):
        if n % indices_or_sections:
            raise MXNetError('split_v2: axis {} of size {} cannot be split into {} equal sections'.format(
                axis, n, indices_or_sections))
        parts = torch.chunk(data, indices_or_sections, ax)
    else:
        bounds = [int(i) for i in indices_or_sections]
        sizes = [b - a for a, b in zip([0] + bounds, bounds + [n])]
        parts = torch.split(data, sizes, ax)
    parts = [p.squeeze(ax).clone() if squeeze_axis else p.clone() for p in parts]
    return parts[0] if len(parts) == 1 else parts


@register(method=True)
def tile(data, reps):
    """Repeats the whole array `reps` times along each axis."""
    return torch.tile(data, as_shape(reps))


@register(method=True)
def repeat(data, repeats, axis=None):
    """Repeats each element `repeats` times along `axis` (of the flattened array when None)."""
    if axis is None:
        return data.reshape(-1).repeat_interleave(repeats)
    return data.repeat_interleave(repeats, dim=normalize_axis(axis, data.dim(), 'repeat'))


@register(method=True)
def broadcast_to(data, shape):
    """Broadcasts the array to `shape`; a 0 in `shape` keeps that input dimension."""
    shape = as_shape(shape)
    if len(shape) != data.dim():
        raise MXNetError('broadcast_to: shape {} must have as many dimensions as the array {}'.format(
            shape, tuple(data.shape)))
    target = tuple(s if s != 0 else d for s, d in zip(shape, data.shape))
    for s, d in zip(target, data.shape):
        if d != 1 and d != s:
            raise MXNetError('broadcast_to: cannot broadcast an array of shape {} to {}'.format(
                tuple(data.shape), shape))
    return data.expand(target).clone()


@register(method=True)
def broadcast_like(lhs, rhs, lhs_axes=None, rhs_axes=None):
    """Broadcasts `lhs` to the shape of `rhs` (or the given axes of it)."""
    if lhs_axes is None:
        return broadcast_to(lhs, tuple(rhs.shape))
    if not lhs_axes or len(lhs_axes) != len(rhs_axes):
        raise MXNetError('broadcast_like: lhs_axes {} and rhs_axes {} must be non-empty and of the same '
                         'length'.format(tuple(lhs_axes), tuple(rhs_axes or ())))
    target = list(lhs.shape)
    for la, ra in zip(lhs_axes, rhs_axes):
        target[la] = rhs.shape[ra]
    return broadcast_to(lhs, tuple(target))


@register(method='broadcast_axes', aliases=('broadcast_axes',))
def broadcast_axis(data, axis=(), size=()):
    """Broadcasts the array along the given axes (of size 1) to the given sizes."""
    axes = (axis,) if isinstance(axis, int) else tuple(axis)
    sizes = (size,) if isinstance(size, int) else tuple(size)
    target = list(data.shape)
    for a, s in zip(axes, sizes):
        a = normalize_axis(a, data.dim(), 'broadcast_axis')
        if target[a] != 1:
            raise MXNetError('broadcast_axis: axis {} has size {}, not 1'.format(a, target[a]))
        target[a] = s
    return data.expand(target).clone()


def _one_or_many(value):
    return (value,) if value is None or isinstance(value, (int, np.integer)) else value


@register(name='slice', method=True, aliases=('crop',))
def slice_(data, begin, end, step=None):
    """Slices a region of the array: begin/end/step per leading axis (None takes the whole axis)."""
    nd = data.dim()
    # one number for begin/end/step is the first axis's, as MXNet reads its shape-typed parameters
    begin, end = _one_or_many(begin), _one_or_many(end)
    step = _one_or_many(step) if step is not None else None
    if len(begin) != len(end) or len(begin) > nd:
        raise MXNetError('slice: begin {} and end {} must have the same length, at most ndim {}'.format(
            tuple(begin), tuple(end), nd))
    step = step or [None] * len(begin)
    key = tuple(slice(b, e, s) for b, e, s in zip(begin, end, step))
    if data.requires_grad and torch.is_grad_enabled():
        return _SliceRegion.apply(data, key)
    return fresh(getitem(data, key), data)


class _SliceRegion(torch.autograd.Function):
    """A region of an array whose backward fills the input's gradient once (torch's chain of per-axis
    slices would zero-fill a full-size gradient for every sliced axis)."""

    @staticmethod
    def forward(ctx, data, key):
        ctx.key = key
        ctx.shape = data.shape
        return fresh(getitem(data, key), data)

    @staticmethod
    def backward(ctx, grad):
        grad_in = grad.new_zeros(ctx.shape)
        setitem(grad_in, ctx.key, grad)
        return grad_in, None


@register(method=True)
def slice_axis(data, axis, begin, end):
    """Slices along a given axis: the elements from `begin` to `end` (None: to the end)."""
    ax = normalize_axis(axis, data.dim(), 'slice_axis')
    n = data.shape[ax]
    b = begin + n if begin < 0 else begin
    e = n if end is None else (end + n if end < 0 else end)
    if not 0 <= b < e <= n:
        raise MXNetError('slice_axis: invalid range [{}, {}) for axis {} of size {}'.format(begin, end, axis, n))
    return data.narrow(ax, b, e - b).clone()


@register(method=True)
def slice_like(data, shape_like, axes=()):
    """Slices `data` to the shape of `shape_like` (on the given axes, or all of them)."""
    nd = data.dim()
    axes = range(nd) if not axes else [normalize_axis(a, nd, 'slice_like') for a in axes]
    r = data
    for a in axes:
        if shape_like.shape[a] > data.shape[a]:
            raise MXNetError('slice_like: axis {} of the template ({}) is larger than the input ({})'.format(
                a, shape_like.shape[a], data.shape[a]))
        r = r.narrow(a, 0, shape_like.shape[a])
    return r.clone()


@register(method=True, aliases=('reverse',))
def flip(data, axis):
    """Reverses the order of elements along the given axis (or axes)."""
    axes = (axis,) if isinstance(axis, int) else tuple(axis)
    return torch.flip(data, [normalize_axis(a, data.dim(), 'flip') for a in axes])


@register(method=True, aliases=('Pad',))
def pad(data, mode='constant', pad_width=(), constant_value=0.0):
    """Pads an array (4-D or 5-D, the first two axes unpadded) with a constant, or by 'edge' or 'reflect'.

    `pad_width` gives (before, after) for every axis in order: (0, 0, 0, 0, b2, a2, b3, a3, ...)."""
    pw = [int(p) for p in pad_width]
    if len(pw) != 2 * data.dim():
        raise MXNetError('pad: pad_width must give two values per axis, got {} for {} axes'.format(
            len(pw), data.dim()))
    if any(pw[:4]):
        raise MXNetError('pad: the first two axes cannot be padded, got pad_width {}'.format(tuple(pw)))
    torch_pad = []
    for ax in range(data.dim() - 1, 1, -1):
        torch_pad += [pw[2 * ax], pw[2 * ax + 1]]
    torch_mode = {'constant': 'constant', 'edge': 'replicate', 'reflect': 'reflect'}.get(mode)
    if torch_mode is None:
        raise MXNetError("pad: mode must be 'constant', 'edge' or 'reflect', got {!r}".format(mode))
    if torch_mode == 'constant':
        return torch.nn.functional.pad(data, torch_pad, mode='constant', value=constant_value)
    return torch.nn.functional.pad(data, torch_pad, mode=torch_mode)


@register(method=True)
def depth_to_space(data, block_size):
    """Rearranges depth (channel) data into spatial blocks (NCHW)."""
    b, c, h, w = data.shape
    s = block_size
    return data.reshape(b, s, s, c // (s * s), h, w).permute(0, 3, 4, 1, 5, 2).reshape(
        b, c // (s * s), h * s, w * s)


@register(method=True)
def space_to_depth(data, block_size):
    """Rearranges spatial blocks into depth (channel) data (NCHW)."""
    b, c, h, w = data.shape
    s = block_size
    return data.reshape(b, c, h // s, s, w // s, s).permute(0, 3, 5, 1, 2, 4).reshape(
        b, c * s * s, h // s, w // s)


@register(method='shape_array')
def shape_array(data):
    """The shape of the array as a 1-D int64 array."""
    return torch.tensor(tuple(data.shape), dtype=torch.int64, device=data.device)


@register(method='size_array')
def size_array(data):
    """The number of elements of the array as a 1-element int64 array."""
    return torch.tensor([data.numel()], dtype=torch.int64, device=data.device)


def _region(data, begin, end, step):
    step = step or [None] * len(begin)
    return tuple(slice(b, e, s) for b, e, s in zip(begin, end, step))


@register(name='_slice_assign', namespace='_internal', aliases=('_crop_assign',))
def slice_assign(lhs, rhs, begin, end, step=None):
    """A copy of `lhs` whose region [begin:end:step] is replaced by `rhs` (which has the region's shape)."""
    result = lhs.clone()
    setitem(result, _region(lhs, begin, end, step), rhs)
    return result


@register(name='_slice_assign_scalar', namespace='_internal', aliases=('_crop_assign_scalar',))
def slice_assign_scalar(data, scalar=0.0, begin=(), end=(), step=None):
    """A copy of `data` whose region [begin:end:step] is filled with `scalar`."""
    result = data.clone()
    setitem(result, _region(data, begin, end, step), scalar)
    return result
