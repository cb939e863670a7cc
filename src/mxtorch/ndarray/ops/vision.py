"""Sampling and patch operators: BilinearSampler, GridGenerator, SpatialTransformer, Correlation, Crop,
im2col / col2im, and the deformable convolutions of ``mx.nd.contrib``.

Bilinear sampling with zero padding is torch's grid_sample (corner-aligned coordinates, MXNet's
convention); the deformable convolutions sample every kernel tap of every output position at once (DCNv2
with grid_sample, DCNv1 with gathers that follow MXNet's CPU kernel at the borders) and contract the
samples with the weights in one matrix product per group, in batches of `im2col_step` images. Gradients are torch's autograd of these (to the data, the sampling grids and offsets, the masks
and the weights)."""
import itertools
import math

import torch
import torch.nn.functional as F

from ...base import MXNetError, TORCH_TO_NAME
from ..registry import register
from ._gradients import zero_gradient
from ._util import as_bool, as_tuple, check_choice, check_float

Tensor = torch.Tensor


def _shape(t):
    return tuple(t.shape)


def _real(t, op_name):
    if not t.is_floating_point():
        check_float(t, op_name)


def _sample(data, x, y):
    """Bilinear samples of data (N, C, H, W) at pixel coordinates x, y (N, Ho, Wo), zero outside the map:
    (N, C, Ho, Wo)."""
    height, width = data.shape[2], data.shape[3]
    if height == 1 or width == 1:
        # corner-aligned normalisation needs two pixels per axis: a ring of zeros changes nothing else
        data = F.pad(data, (1, 1, 1, 1))
        x, y, height, width = x + 1, y + 1, height + 2, width + 2
    grid = torch.stack((x * (2.0 / (width - 1)) - 1.0, y * (2.0 / (height - 1)) - 1.0), -1)
    return F.grid_sample(data, grid.to(data.dtype), mode='bilinear', padding_mode='zeros', align_corners=True)


def _sample_inside(data, x, y):
    """Bilinear samples as MXNet's CPU DeformableConvolution reads them: only at points inside the map
    (0 <= y < H, 0 <= x < W; zero elsewhere), the last row and column standing for the rows beyond them.
    data (N, C, H, W), x, y (N, P, Q); returns (N, C, P, Q)."""
    n, c, height, width = data.shape
    inside = (y >= 0) & (x >= 0) & (y < height) & (x < width)

    def axis(v, size):
        low = v.detach().floor().clamp(0, size - 1).to(torch.int64)
        last = low >= size - 1
        frac = torch.where(last | ~inside, torch.zeros_like(v), v - low.to(v.dtype))
        return low, torch.where(last, low, low + 1), frac

    y0, y1, fy = axis(y, height)
    x0, x1, fx = axis(x, width)
    flat = data.reshape(n, c, height * width)

    def read(yi, xi):
        index = (yi * width + xi).reshape(n, 1, -1).expand(n, c, -1)
        return flat.gather(2, index).reshape(n, c, *x.shape[1:])
    fy, fx = fy.unsqueeze(1), fx.unsqueeze(1)
    value = (1 - fy) * ((1 - fx) * read(y0, x0) + fx * read(y0, x1)) + fy * ((1 - fx) * read(y1, x0) +
                                                                           fx * read(y1, x1))
    return torch.where(inside.unsqueeze(1), value, torch.zeros_like(value))


# ---- BilinearSampler / GridGenerator / SpatialTransformer -----------------------------------------------
@register()
def BilinearSampler(data, grid, cudnn_off=None):
    """Samples `data` (N, C, H, W) bilinearly at the points of `grid` (N, 2, Ho, Wo), whose two channels
    are x and y normalised to [-1, 1] over the input's corners; points outside read zeros. Returns
    (N, C, Ho, Wo); gradients reach the data and the grid.

    Parameters
    ----------
    data : NDArray
        Input maps.
    grid : NDArray
        Sampling points (x, y) in [-1, 1].
    cudnn_off : bool
        Accepted for compatibility.
    """
    if data.dim() != 4 or grid.dim() != 4 or grid.shape[1] != 2 or grid.shape[0] != data.shape[0]:
        raise MXNetError('BilinearSampler: data {} must be (N, C, H, W) and grid {} (N, 2, H_out, W_out)'.format(
            _shape(data), _shape(grid)))
    _real(data, 'BilinearSampler')
    height, width = data.shape[2], data.shape[3]
    x = (grid[:, 0] + 1) * (width - 1) / 2
    y = (grid[:, 1] + 1) * (height - 1) / 2
    return _sample(data, x, y)


def _target_shape(target_shape, op_name):
    shape = as_tuple(target_shape, op_name=op_name, what='target_shape')
    if len(shape) != 2:
        raise MXNetError('{}: target_shape {} must be (height, width)'.format(op_name, shape))
    return shape


def _affine_grid(theta, height, width):
    """theta (N, 6) applied to the target's corner-aligned coordinates: (N, 2, height, width)."""
    dev, dt = theta.device, theta.dtype
    # a target of one pixel along an axis has no step there: MXNet's 0 * inf makes that coordinate NaN
    xs = -1.0 + torch.arange(width, device=dev, dtype=dt) * (2.0 / (width - 1) if width > 1 else float('inf'))
    ys = -1.0 + torch.arange(height, device=dev, dtype=dt) * (2.0 / (height - 1) if height > 1 else float('inf'))
    points = torch.stack((xs.expand(height, width), ys.view(-1, 1).expand(height, width),
                          torch.ones((height, width), device=dev, dtype=dt))).reshape(3, -1)
    return torch.matmul(theta.reshape(-1, 2, 3), points).reshape(-1, 2, height, width)


@register()
def GridGenerator(data, transform_type=None, target_shape=(0, 0)):
    """Sampling grids for BilinearSampler: with transform_type 'affine', `data` (N, 6) holds affine maps
    applied to the target's normalised coordinates (target_shape (H, W) needed); with 'warp', `data`
    (N, 2, H, W) is an optical flow in pixels added to each pixel's position. Returns (N, 2, H, W) points
    normalised to [-1, 1].

    Parameters
    ----------
    data : NDArray
        Affine parameters or flow.
    transform_type : {'affine', 'warp'}
        The kind of transformation (required).
    target_shape : tuple of 2 ints
        Output height and width ('affine').
    """
    check_choice(transform_type, ('affine', 'warp'), 'GridGenerator', 'transform_type')
    _real(data, 'GridGenerator')
    if transform_type == 'affine':
        height, width = _target_shape(target_shape, 'GridGenerator')
        if data.dim() != 2 or data.shape[1] != 6 or height <= 0 or width <= 0:
            raise MXNetError('GridGenerator: affine needs data of shape (batch, 6) and a positive target_shape, got '
                             '{} and {}'.format(_shape(data), (height, width)))
        return _affine_grid(data, height, width)
    if data.dim() != 4 or data.shape[1] != 2:
        raise MXNetError('GridGenerator: warp needs a flow of shape (batch, 2, height, width), got {}'.format(
            _shape(data)))
    height, width = data.shape[2], data.shape[3]
    dev, dt = data.device, data.dtype
    base = torch.stack((torch.arange(width, device=dev, dtype=dt).expand(height, width),
                        torch.arange(height, device=dev, dtype=dt).view(-1, 1).expand(height, width)))
    half = torch.tensor([(width - 1.0) / 2.0, (height - 1.0) / 2.0], device=dev, dtype=dt).view(1, 2, 1, 1)
    return (data + base) / half - 1


@register()
def SpatialTransformer(data, loc, target_shape=(0, 0), transform_type=None, sampler_type=None, cudnn_off=None):
    """Spatial transformer: samples `data` (N, C, H, W) bilinearly on the grid that the affine maps `loc`
    (N, 6) make for an output of target_shape. GridGenerator and BilinearSampler in one.

    Parameters
    ----------
    data : NDArray
        Input maps.
    loc : NDArray
        (N, 6) affine maps (from a localisation network).
    target_shape : tuple of 2 ints
        Output height and width.
    transform_type : {'affine'}
        The only transformation (required).
    sampler_type : {'bilinear'}
        The only sampler (required).
    cudnn_off : bool
        Accepted for compatibility.
    """
    check_choice(transform_type, ('affine',), 'SpatialTransformer', 'transform_type')
    check_choice(sampler_type, ('bilinear',), 'SpatialTransformer', 'sampler_type')
    height, width = _target_shape(target_shape, 'SpatialTransformer')
    if data.dim() != 4 or loc.dim() != 2 or loc.shape[1] != 6 or loc.shape[0] != data.shape[0]:
        raise MXNetError('SpatialTransformer: data {} must be (N, C, H, W) and loc {} (N, 6)'.format(
            _shape(data), _shape(loc)))
    if height <= 0 or width <= 0:
        raise MXNetError('SpatialTransformer: target_shape {} must be positive'.format((height, width)))
    _real(data, 'SpatialTransformer')
    return BilinearSampler(data, _affine_grid(loc, height, width))


# ---- Correlation ----------------------------------------------------------------------------------------
@register()
def Correlation(data1, data2, kernel_size=1, max_displacement=1, stride1=1, stride2=1, pad_size=0, is_multiply=True):
    """Correlation of two feature maps (FlowNet): for every displacement (dy, dx) within max_displacement
    (in steps of stride2), the mean over channels and a kernel_size window of data1 * shifted data2 (or
    of |data1 - shifted data2| without is_multiply), at every stride1-th position. Returns (N,
    (2 * (max_displacement // stride2) + 1) ** 2, H_out, W_out), displacements x-fastest.

    Parameters
    ----------
    data1, data2 : NDArray
        Maps (N, C, H, W) of the same shape.
    kernel_size : int
        Odd window size.
    max_displacement : int
        Largest displacement along each axis.
    stride1, stride2 : int
        Step between positions of data1, and between displacements.
    pad_size : int
        Zero padding of both maps.
    is_multiply : bool
        Products (True) or absolute differences.
    """
    k, md, s1, s2, pad = (int(v) for v in (kernel_size, max_displacement, stride1, stride2, pad_size))
    if data1.dim() != 4 or data2.dim() != 4 or data1.shape != data2.shape:
        raise MXNetError('Correlation: data1 {} and data2 {} must be 4D tensors of the same shape'.format(
            _shape(data1), _shape(data2)))
    if k % 2 == 0:
        raise MXNetError('Correlation: kernel size should be odd number, got {}'.format(k))
    if s1 <= 0 or s2 <= 0:
        raise MXNetError('Correlation: stride1 and stride2 must be positive, got {} and {}'.format(s1, s2))
    _real(data1, 'Correlation')
    n, c, h, w = data1.shape
    border = md + (k - 1) // 2
    top_h = -(-(h + 2 * pad - 2 * border) // s1)
    top_w = -(-(w + 2 * pad - 2 * border) // s1)
    if top_h < 1 or top_w < 1:
        raise MXNetError("Correlation cannot be done with current settings: the neighborhood and kernel don't fit "
                         'in the input of shape {}'.format(_shape(data1)))
    radius = md // s2
    p1 = F.pad(data1, (pad, pad, pad, pad))
    p2 = F.pad(data2, (pad, pad, pad, pad))
    span_h, span_w = (top_h - 1) * s1 + k, (top_w - 1) * s1 + k
    a = p1[:, :, md:md + span_h, md:md + span_w]
    multiply = as_bool(is_multiply)
    maps = []
    for dy in range(-radius, radius + 1):
        for dx in range(-radius, radius + 1):
            oy, ox = md + dy * s2, md + dx * s2
            b = p2[:, :, oy:oy + span_h, ox:ox + span_w]
            maps.append((a * b).sum(1) if multiply else (a - b).abs().sum(1))
    joint = torch.stack(maps, 1)
    pooled = F.avg_pool2d(joint, k, stride=s1) if k > 1 or s1 > 1 else joint
    return pooled / c


# ---- Crop -----------------------------------------------------------------------------------------------
@register()
def Crop(*data, num_args=None, offset=(0, 0), h_w=(0, 0), center_crop=False):
    """Crops the height and width of a 4-D array (N, C, H, W): to h_w, or to the height and width of a
    second array given (crop_like), at `offset` (y, x) or at the centre with center_crop. The gradient
    of crop_like is zero.

    Parameters
    ----------
    data : NDArray
        The array to crop, and optionally the array whose size to crop to.
    num_args : int
        Number of arrays (1 or 2; the function counts them).
    offset : tuple of 2 ints
        Top-left corner of the crop (y, x).
    h_w : tuple of 2 ints
        Crop height and width, with one array.
    center_crop : bool
        Centre the crop (offset is then ignored).
    """
    count = len(data) if num_args is None else int(num_args)
    if count != len(data) or not 1 <= count <= 2:
        raise MXNetError('Crop: takes 1 or 2 arrays (num_args), got {} array(s) and num_args={}'.format(
            len(data), num_args))
    x = data[0]
    if x.dim() != 4:
        raise MXNetError('Crop: input data should be 4D in batch-num_filter-y-x, got shape {}'.format(_shape(x)))
    if x.dtype is not torch.float32:
        raise MXNetError('Crop: unsupported data type {}, this operator takes float32 only'.format(
            TORCH_TO_NAME.get(x.dtype, x.dtype)))
    if count == 2:
        if data[1].dim() != 4:
            raise MXNetError('Crop: crop_like should be 4D, got shape {}'.format(_shape(data[1])))
        height, width = data[1].shape[2], data[1].shape[3]
    else:
        height, width = as_tuple(h_w, 2, 'Crop', 'h_w')
        if not 1 <= height <= x.shape[2] or not 1 <= width <= x.shape[3]:
            raise MXNetError('Crop: the crop size h_w {} must be at least 1 and at most the input size {}'.format(
                (height, width), _shape(x)[2:]))
    if height > x.shape[2] or width > x.shape[3]:
        raise MXNetError("Crop: data_shape's height and width {} should be larger than those of the crop {}".format(
            _shape(x)[2:], (height, width)))
    if as_bool(center_crop):
        top, left = (x.shape[2] - height) // 2, (x.shape[3] - width) // 2
    else:
        top, left = as_tuple(offset, 2, 'Crop', 'offset')
        if not 0 <= top <= x.shape[2] - height or not 0 <= left <= x.shape[3] - width:
            raise MXNetError('Crop: offset {} must be at least 0 and leave room for the crop {} in {}'.format(
                (top, left), (height, width), _shape(x)[2:]))
    out = x[:, :, top:top + height, left:left + width].clone()
    return zero_gradient(out, data[1]) if count == 2 else out


# ---- im2col / col2im ------------------------------------------------------------------------------------
def _patch_spec(op_name, kernel, stride, dilate, pad, spatial):
    k = as_tuple(kernel, op_name=op_name, what='kernel')
    if not 1 <= len(k) <= 3:
        raise MXNetError('{}: only 1-D, 2-D and 3-D kernels are supported, got kernel {}'.format(op_name, k))
    if spatial is not None and spatial != len(k):
        raise MXNetError('{}: kernel {} does not fit an input with {} spatial dimension(s)'.format(
            op_name, k, spatial))
    n = len(k)

    def per_axis(value, default, what):
        t = as_tuple(value, op_name=op_name, what=what)
        if not t:
            return (default,) * n
        if len(t) != n:
            raise MXNetError('{}: {} {} must have as many dimensions as kernel ({})'.format(op_name, what, t, n))
        return t
    return k, per_axis(stride, 1, 'stride'), per_axis(dilate, 1, 'dilate'), per_axis(pad, 0, 'pad')


def _out_sizes(op_name, sizes, k, s, d, p):
    out = tuple((size + 2 * pp - dd * (kk - 1) - 1) // ss + 1 for size, kk, ss, dd, pp in zip(sizes, k, s, d, p))
    if min(out) <= 0:
        raise MXNetError('{}: kernel {} (dilate {}) does not fit the padded input of spatial size {}'.format(
            op_name, k, d, tuple(sizes)))
    return out


def _taps(k, s, d, out):
    """The slices of the padded input read by each kernel tap, in kernel order."""
    for tap in itertools.product(*(range(kk) for kk in k)):
        yield tuple(slice(t * dd, t * dd + (o - 1) * ss + 1, ss) for t, dd, o, ss in zip(tap, d, out, s))


@register()
def im2col(data, kernel=None, stride=(), dilate=(), pad=()):
    """Sliding blocks of a (N, C, *spatial) array as columns: (N, C * prod(kernel), L), where L is the
    number of output positions of a convolution with the same kernel, stride, dilate and pad (1-D to 3-D).

    Parameters
    ----------
    data : NDArray
        Input (N, C, ...).
    kernel : tuple of int
        Block size (required).
    stride, dilate, pad : tuple of int
        As for Convolution.
    """
    if kernel is None:
        raise MXNetError("im2col: required parameter 'kernel' is missing")
    k, s, d, p = _patch_spec('im2col', kernel, stride, dilate, pad, data.dim() - 2)
    out = _out_sizes('im2col', data.shape[2:], k, s, d, p)
    if len(k) == 2:
        return F.unfold(data, k, dilation=d, padding=p, stride=s)
    n, c = data.shape[:2]
    padded = F.pad(data, [v for pp in reversed(p) for v in (pp, pp)])
    cols = torch.stack([padded[(slice(None), slice(None)) + sl] for sl in _taps(k, s, d, out)], 2)
    return cols.reshape(n, -1, math.prod(out))


@register()
def col2im(data, output_size=None, kernel=None, stride=(), dilate=(), pad=()):
    """The inverse layout of im2col: columns (N, C * prod(kernel), L) summed back into an array (N, C,
    *output_size), overlapping blocks adding up.

    Parameters
    ----------
    data : NDArray
        Columns.
    output_size : tuple of int
        Spatial size of the result (required).
    kernel : tuple of int
        Block size (required).
    stride, dilate, pad : tuple of int
        As for im2col.
    """
    if kernel is None or output_size is None:
        raise MXNetError("col2im: required parameters 'output_size' and 'kernel' must be given")
    size = as_tuple(output_size, op_name='col2im', what='output_size')
    k, s, d, p = _patch_spec('col2im', kernel, stride, dilate, pad, len(size))
    blocks = math.prod(k)
    out = _out_sizes('col2im', size, k, s, d, p)
    positions = math.prod(out)
    if data.dim() != 3 or data.shape[1] % blocks or data.shape[2] != positions:
        raise MXNetError('col2im: columns of shape {} do not fit kernel {} and output_size {} (expected (N, C * {}, '
                         '{}))'.format(_shape(data), k, size, blocks, positions))
    if len(k) == 2:
        return F.fold(data, size, k, dilation=d, padding=p, stride=s)
    n, c = data.shape[0], data.shape[1] // blocks
    cols = data.reshape((n, c, blocks) + out)
    padded = data.new_zeros((n, c) + tuple(sz + 2 * pp for sz, pp in zip(size, p)))
    for i, sl in enumerate(_taps(k, s, d, out)):
        padded[(slice(None), slice(None)) + sl] += cols[:, :, i]
    inner = tuple(slice(pp, pp + sz) for pp, sz in zip(p, size))
    return padded[(slice(None), slice(None)) + inner].contiguous()


# ---- deformable convolutions ----------------------------------------------------------------------------
def _deformable(op_name, data, offset, mask, weight, bias, kernel, stride, dilate, pad, num_filter, num_group,
                num_deformable_group, no_bias, step, layout):
    if kernel is None or num_filter is None:
        raise MXNetError("{}: required parameters 'kernel' and 'num_filter' must be given".format(op_name))
    if layout not in (None, 'NCHW'):
        raise MXNetError('{}: only layout NCHW is supported (2-D), got {!r}'.format(op_name, layout))
    kh, kw = as_tuple(kernel, 2, op_name, 'kernel')
    sh, sw = as_tuple(stride, 2, op_name, 'stride') if as_tuple(stride) else (1, 1)
    dh, dw = as_tuple(dilate, 2, op_name, 'dilate') if as_tuple(dilate) else (1, 1)
    ph, pw = as_tuple(pad, 2, op_name, 'pad') if as_tuple(pad) else (0, 0)
    groups, dgroups, filters = int(num_group), int(num_deformable_group), int(num_filter)
    if data.dim() != 4:
        raise MXNetError('{}: data should be 4D (batch, channel, height, width), got shape {}'.format(
            op_name, _shape(data)))
    _real(data, op_name)
    n, c, h, w = data.shape
    out_h = (h + 2 * ph - dh * (kh - 1) - 1) // sh + 1
    out_w = (w + 2 * pw - dw * (kw - 1) - 1) // sw + 1
    taps = kh * kw
    if c % groups or c % dgroups or filters % groups:
        raise MXNetError('{}: channels {} and num_filter {} must be divisible by num_group {}, channels by '
                         'num_deformable_group {}'.format(op_name, c, filters, groups, dgroups))
    if tuple(offset.shape) != (n, dgroups * 2 * taps, out_h, out_w):
        raise MXNetError('{}: offset of shape {} does not fit; expected {}'.format(
            op_name, _shape(offset), (n, dgroups * 2 * taps, out_h, out_w)))
    if mask is not None and tuple(mask.shape) != (n, dgroups * taps, out_h, out_w):
        raise MXNetError('{}: mask of shape {} does not fit; expected {}'.format(
            op_name, _shape(mask), (n, dgroups * taps, out_h, out_w)))
    if tuple(weight.shape) != (filters, c // groups, kh, kw):
        raise MXNetError('{}: weight of shape {} does not fit; expected {}'.format(
            op_name, _shape(weight), (filters, c // groups, kh, kw)))
    if not as_bool(no_bias) and (bias is None or bias.numel() != filters):
        raise MXNetError('{}: bias of shape {} does not fit num_filter {}'.format(
            op_name, None if bias is None else _shape(bias), filters))
    dev, dt = data.device, data.dtype
    # where each tap of each output position reads without offsets: (taps, out_h, out_w)
    iy = (torch.arange(kh, device=dev, dtype=dt) * dh).view(kh, 1, 1, 1) + \
        (torch.arange(out_h, device=dev, dtype=dt) * sh - ph).view(1, 1, -1, 1)
    ix = (torch.arange(kw, device=dev, dtype=dt) * dw).view(1, kw, 1, 1) + \
        (torch.arange(out_w, device=dev, dtype=dt) * sw - pw).view(1, 1, 1, -1)
    iy = iy.expand(kh, kw, out_h, out_w).reshape(taps, out_h, out_w)
    ix = ix.expand(kh, kw, out_h, out_w).reshape(taps, out_h, out_w)
    wmat = weight.reshape(groups, filters // groups, -1)
    # MXNet's CPU kernels read the taps differently: DCNv2 fades to zero over one pixel outside the map
    # (grid_sample's zero padding), DCNv1 reads only inside it
    sample = _sample if mask is not None else _sample_inside
    outs = []
    for s in range(0, n, step):
        x, off = data[s:s + step], offset[s:s + step]
        b = x.shape[0]
        off = off.reshape(b * dgroups, taps, 2, out_h, out_w)
        y_at = (iy + off[:, :, 0]).reshape(b * dgroups, taps * out_h, out_w)
        x_at = (ix + off[:, :, 1]).reshape(b * dgroups, taps * out_h, out_w)
        cols = sample(x.reshape(b * dgroups, c // dgroups, h, w), x_at, y_at)
        cols = cols.reshape(b, c, taps, out_h * out_w)
        if mask is not None:
            cols = cols * mask[s:s + step].reshape(b, dgroups, 1, taps, out_h * out_w).expand(
                b, dgroups, c // dgroups, taps, out_h * out_w).reshape(b, c, taps, out_h * out_w)
        cols = cols.reshape(b, groups, (c // groups) * taps, out_h * out_w)
        outs.append(torch.einsum('gfk,bgkl->bgfl', wmat, cols).reshape(b, filters, out_h, out_w))
    out = torch.cat(outs, 0) if len(outs) > 1 else outs[0]
    if not as_bool(no_bias):
        out = out + bias.reshape(1, -1, 1, 1)
    return out


@register(namespace='contrib')
def DeformableConvolution(data, offset, weight, bias=None, kernel=None, stride=(), dilate=(), pad=(), num_filter=None,
                          num_group=1, num_deformable_group=1, workspace=1024, no_bias=False, layout=None):
    """Deformable convolution (2-D): each kernel tap of each output position reads the input bilinearly
    at its regular place moved by `offset` (N, num_deformable_group * 2 * kh * kw, H_out, W_out; y then x
    per tap), zero outside the input.

    Parameters
    ----------
    data : NDArray
        Input (N, C, H, W).
    offset : NDArray
        Sampling offsets per deformable group, tap and output position.
    weight : NDArray
        (num_filter, C / num_group, kh, kw).
    bias : NDArray
        (num_filter,), unless no_bias.
    kernel, stride, dilate, pad : tuple of 2 ints
        As for Convolution.
    num_filter, num_group : int
        Output channels, convolution groups.
    num_deformable_group : int
        Channel groups with their own offsets.
    workspace : int
        Accepted for compatibility.
    no_bias : bool
        Leave out the bias.
    layout : {None, 'NCHW'}
        Only NCHW.
    """
    return _deformable('DeformableConvolution', data, offset, None, weight, bias, kernel, stride, dilate, pad,
                       num_filter, num_group, num_deformable_group, no_bias, max(1, data.shape[0]), layout)


@register(namespace='contrib')
def ModulatedDeformableConvolution(data, offset, mask, weight, bias=None, kernel=None, stride=(), dilate=(), pad=(),
                                   num_filter=None, num_group=1, num_deformable_group=1, workspace=1024, no_bias=False,
                                   im2col_step=64, layout=None):
    """Modulated deformable convolution (DCNv2): DeformableConvolution whose samples are each scaled by
    `mask` (N, num_deformable_group * kh * kw, H_out, W_out).

    Parameters
    ----------
    data, offset, weight, bias :
        As for DeformableConvolution.
    mask : NDArray
        Modulation of each tap's sample.
    kernel, stride, dilate, pad, num_filter, num_group, num_deformable_group, workspace, no_bias, layout :
        As for DeformableConvolution.
    im2col_step : int
        Images sampled at once.
    """
    step = int(im2col_step)
    if step <= 0:
        raise MXNetError('ModulatedDeformableConvolution: im2col_step must be positive, got {}'.format(step))
    return _deformable('ModulatedDeformableConvolution', data, offset, mask, weight, bias, kernel, stride, dilate, pad,
                       num_filter, num_group, num_deformable_group, no_bias, step, layout)
