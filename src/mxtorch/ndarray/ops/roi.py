"""Region-of-interest pooling of ``mx.nd.contrib``: ROIAlign, RROIAlign (rotated regions), PSROIPooling and
DeformablePSROIPooling (position-sensitive, R-FCN).

Each region's bins are sampled at once for every region: sample coordinates are tensors over (region,
bin, sample), the feature map is read with gathers, and gradients reach the feature map (and the offsets of
DeformablePSROIPooling) through torch's autograd of those gathers. PSROIPooling averages whole integer
windows through a summed-area table. ROIAlign's adaptive sampling grid varies per region: the samples
are taken for the largest grid and masked, in chunks that bound the memory used."""
import math

import torch

from ...base import MXNetError
from ..registry import register
from ._gradients import gradient_of
from ._util import as_bool, as_tuple, check_float

Tensor = torch.Tensor
_CHUNK = 1 << 21   # elements of sampled features held at once
# at most this many groups of regions of similar adaptive grids are sampled apart
_GRID_GROUPS = 16


def _check_maps(data, rois, op_name, roi_width=(5,)):
    if data.dim() != 4:
        raise MXNetError('{}: data should be a 4D tensor (batch, channel, height, width), got shape {}'.format(
            op_name, tuple(data.shape)))
    if rois.dim() != 2 or rois.shape[1] not in roi_width:
        raise MXNetError('{}: rois should be a 2D tensor of shape (num_rois, {}), got shape {}'.format(
            op_name, ' or '.join(str(w) for w in roi_width), tuple(rois.shape)))
    if not data.is_floating_point():
        check_float(data, op_name)


def _scale(spatial_scale, op_name):
    if spatial_scale is None:
        raise MXNetError("{}: required parameter 'spatial_scale' is missing".format(op_name))
    scale = float(spatial_scale)
    if not 0.0 <= scale <= 1.0:
        raise MXNetError('{}: spatial_scale {} is out of its range [0, 1]'.format(op_name, scale))
    return scale


def _pooled(pooled_size, op_name):
    if pooled_size is None:
        raise MXNetError("{}: required parameter 'pooled_size' is missing".format(op_name))
    size = as_tuple(pooled_size, op_name=op_name, what='pooled_size')
    if len(size) != 2 or min(size) <= 0:
        raise MXNetError('{}: pooled_size {} must be two positive sizes (height, width)'.format(op_name, size))
    return size


# ---- bilinear samples with ROIAlign's border rule -------------------------------------------------------
def _corners(v, size):
    """Low and high neighbours and the weight of the high one for coordinates `v` along an axis of `size`,
    and whether the sample counts: ROIAlign reads nothing beyond one pixel outside the map, and clamps
    coordinates within that margin to the edge pixels."""
    inside = (v >= -1.0) & (v <= size)
    v = v.clamp(min=0)
    low = v.floor().to(torch.int64)
    last = low >= size - 1
    low = torch.where(last, torch.full_like(low, size - 1), low)
    high = torch.where(last, low, low + 1)
    frac = torch.where(last, torch.zeros_like(v), v - low.to(v.dtype))
    return low, high, frac, inside


def _sample(table, base, y, x, height, width, valid, groups):
    """Bilinear samples of `table` ((N * H * W * groups, C): one row per pixel and channel group) at
    coordinates y, x (R, PH, PW, S) of the images and groups `base` gives, where `valid`; returns the
    samples summed over S, (R, PH, PW, C). The four corners of every sample are read by one row gather
    and weighted and summed by one batched product."""
    y0, y1, fy, in_y = _corners(y, height)
    x0, x1, fx, in_x = _corners(x, width)
    weight = (in_y & in_x & valid).to(table.dtype)
    r, ph, pw, samples = y.shape
    rows = torch.stack([base + (yi * width + xi) * groups for yi in (y0, y1) for xi in (x0, x1)], -1)
    weights = torch.stack([wy * wx * weight for wy in (1 - fy, fy) for wx in (1 - fx, fx)], -1)
    bins = r * ph * pw
    read = table.index_select(0, rows.reshape(-1)).view(bins, samples * 4, table.shape[1])
    return torch.bmm(weights.reshape(bins, 1, samples * 4), read).view(r, ph, pw, table.shape[1])


def _align(data, batch, y, x, valid, count, pooled, groups=1):
    """Average of bilinear samples per region and bin: data (N, C, H, W); batch (R,) the image of each
    region; y, x (R, PH, PW, S) sample coordinates, of which those where `valid` (broadcast to them)
    count, `count` (R,) of them per region. With `groups` > 1 (position sensitive) bin (ph, pw) reads
    channel group ph * PW + pw. Returns (R, C / groups, PH, PW)."""
    n, c, height, width = data.shape
    ph, pw = pooled
    out_c = c // groups
    # contiguous rows: reshape keeps a strided view where it can, and gathering strided rows is slow
    table = data.reshape(n, out_c, groups, height, width).permute(0, 3, 4, 2, 1).reshape(-1, out_c).contiguous()
    r, samples = batch.shape[0], y.shape[-1]
    base = batch.view(r, 1, 1, 1) * (height * width * groups)
    if groups > 1:
        base = base + torch.arange(ph * pw, device=data.device).view(1, ph, pw, 1)
    valid = valid.expand(r, ph, pw, samples)
    # regions in chunks whose gathered corners stay small: big fresh buffers cost more in page faults
    # than the gather itself
    per = max(1, _CHUNK // max(1, ph * pw * samples * 4 * out_c))
    parts = [_sample(table, base[s:s + per], y[s:s + per], x[s:s + per], height, width, valid[s:s + per], groups)
             for s in range(0, r, per)]
    total = parts[0] if len(parts) == 1 else torch.cat(parts) if parts else data.new_zeros((0, ph, pw, out_c))
    return (total / count.to(data.dtype).view(r, 1, 1, 1)).permute(0, 3, 1, 2)


def _similar_grids(grid_h, grid_w):
    """Regions in groups of equal (or, past _GRID_GROUPS kinds, similar) sampling grids, so that each group
    is sampled on its own largest grid and few samples are taken only to be masked: ([indices of each
    group], the order of the regions the groups follow, or None when one group holds them all in order)."""
    r = grid_h.numel()
    if r == 0:
        return [slice(None)], None
    key = grid_h * (int(grid_w.max()) + 1) + grid_w
    kinds, counts = key.unique(return_counts=True)
    if kinds.numel() == 1:
        return [slice(None)], None
    order = key.argsort()
    if kinds.numel() <= _GRID_GROUPS:
        sizes = counts.tolist()
    else:
        per = -(-r // _GRID_GROUPS)
        sizes = [min(per, r - s) for s in range(0, r, per)]
    return list(order.split(sizes)), order


def _largest(grid, regions):
    return int(grid[regions].max()) if grid[regions].numel() else 1


def _grid(start, size, bins, grid, g_max):
    """Sample coordinates (R, bins, g_max) along one axis: bin b of region r spans start + b * size / bins,
    sample i of its grid[r] lies at the centre of the i-th of grid[r] equal parts."""
    bin_size = size / bins
    b = torch.arange(bins, dtype=start.dtype, device=start.device).view(1, -1, 1)
    i = torch.arange(g_max, dtype=start.dtype, device=start.device).view(1, 1, -1)
    return start.view(-1, 1, 1) + b * bin_size.view(-1, 1, 1) + (i + 0.5) * bin_size.view(-1, 1, 1) / \
        grid.to(start.dtype).view(-1, 1, 1)


def _used(grid_h, grid_w, gh_max, gw_max):
    """(R, 1, 1, gh_max * gw_max): which samples of the largest grid each region's own grid has."""
    dev = grid_h.device
    used = (torch.arange(gh_max, device=dev).view(1, -1, 1) < grid_h.view(-1, 1, 1)) & \
        (torch.arange(gw_max, device=dev).view(1, 1, -1) < grid_w.view(-1, 1, 1))
    return used.reshape(-1, 1, 1, gh_max * gw_max)


def _grid_sizes(sample_ratio, extent, bins):
    if sample_ratio > 0:
        return torch.full_like(extent, sample_ratio, dtype=torch.int64)
    return torch.ceil(extent / bins).to(torch.int64).clamp(min=1)


# ---- ROIAlign ---------------------------------------------------------------------------------------------
@register(namespace='contrib')
def ROIAlign(data, rois, pooled_size=None, spatial_scale=None, sample_ratio=-1, position_sensitive=False,
             aligned=False):
    """Region-of-interest align (Mask R-CNN): each region of `rois` (rows [batch_index, x1, y1, x2, y2]) on
    the feature map, scaled by `spatial_scale`, is divided into
    pooled_size bins, each the average of bilinear samples on a regular grid. Returns (num_rois, channels,
    pooled_h, pooled_w).

    Parameters
    ----------
    data : NDArray
        Feature map (N, C, H, W).
    rois : NDArray
        (R, 5) regions, in input image coordinates.
    pooled_size : tuple of 2 ints
        Output bins (height, width).
    spatial_scale : float
        Feature map size over input size (1 / the total stride), in [0, 1].
    sample_ratio : int
        Samples per bin along each axis; -1 for ceil(region size / bins), per region.
    position_sensitive : bool
        Bin (i, j) reads its own group of C / (pooled_h * pooled_w) channels (R-FCN).
    aligned : bool
        Shift the regions by half a pixel, so that pixel centres sit on integer coordinates.
    """
    op = 'ROIAlign'
    _check_maps(data, rois, op)
    ph, pw = _pooled(pooled_size, op)
    scale, ratio = _scale(spatial_scale, op), int(sample_ratio)
    sensitive, shift = as_bool(position_sensitive), (0.5 if as_bool(aligned) else 0.0)
    groups = ph * pw if sensitive else 1
    if data.shape[1] % groups:
        raise MXNetError('ROIAlign: with position_sensitive, the channels ({}) must be a multiple of '
                         'pooled_h * pooled_w ({})'.format(data.shape[1], groups))
    with torch.no_grad():
        boxes = rois.detach().to(data.dtype)
        batch = boxes[:, 0].to(torch.int64)
        x1, y1, x2, y2 = (boxes[:, i] * scale - shift for i in range(1, 5))
        width, height = x2 - x1, y2 - y1
        if shift:
            if bool(((width <= 0) | (height <= 0)).any()):
                raise MXNetError('ROIAlign: with aligned=True every region must have a positive width and '
                                 'height')
        else:
            width, height = width.clamp(min=1.0), height.clamp(min=1.0)
        grid_h, grid_w = _grid_sizes(ratio, height, ph), _grid_sizes(ratio, width, pw)
        # regions of a negative image index give zeros
        negative = batch < 0
        batch = batch.clamp(min=0)
        parts, order = _similar_grids(grid_h, grid_w)
    pooled = []
    for regions in parts:
        with torch.no_grad():
            gh, gw = _largest(grid_h, regions), _largest(grid_w, regions)
            ys = _grid(y1[regions], height[regions], ph, grid_h[regions], gh).view(-1, ph, 1, gh, 1)
            xs = _grid(x1[regions], width[regions], pw, grid_w[regions], gw).view(-1, 1, pw, 1, gw)
            r = ys.shape[0]
            y = ys.expand(r, ph, pw, gh, gw).reshape(r, ph, pw, -1)
            x = xs.expand(r, ph, pw, gh, gw).reshape(r, ph, pw, -1)
            valid = _used(grid_h[regions], grid_w[regions], gh, gw)
        pooled.append(_align(data, batch[regions], y, x, valid, (grid_h * grid_w)[regions], (ph, pw), groups))
    out = pooled[0] if len(pooled) == 1 else torch.cat(pooled)
    if order is not None:
        out = out.index_select(0, order.argsort())
    if bool(negative.any()):
        out = torch.where(negative.view(-1, 1, 1, 1), torch.zeros_like(out), out)
    return out


# ---- RROIAlign --------------------------------------------------------------------------------------------
class _NoBackward(torch.autograd.Function):
    @staticmethod
    def forward(ctx, value, source):
        return value.clone()

    @staticmethod
    def backward(ctx, grad):
        raise MXNetError('RROIAlign: Backward is not supported')


@register(namespace='contrib')
def RROIAlign(data, rois, pooled_size=None, spatial_scale=None, sampling_ratio=-1):
    """Rotated region-of-interest align: regions are rows [batch_index, x_centre, y_centre, width, height,
    angle in degrees] (counter-clockwise), each divided into pooled_size bins averaging bilinear samples,
    as ROIAlign. It has no gradient (MXNet raises on backward).

    Parameters
    ----------
    data : NDArray
        Feature map (N, C, H, W).
    rois : NDArray
        (R, 6) rotated regions.
    pooled_size : tuple of 2 ints
        Output bins (height, width).
    spatial_scale : float
        Feature map size over input size, in [0, 1].
    sampling_ratio : int
        Samples per bin along each axis; -1 for ceil(region size / bins), per region.
    """
    op = 'RROIAlign'
    _check_maps(data, rois, op, (6,))
    ph, pw = _pooled(pooled_size, op)
    scale, ratio = _scale(spatial_scale, op), int(sampling_ratio)
    with torch.no_grad():
        boxes = rois.to(data.dtype)
        batch = boxes[:, 0].to(torch.int64)
        cx, cy = boxes[:, 1] * scale, boxes[:, 2] * scale
        width, height = (boxes[:, 3] * scale).clamp(min=1.0), (boxes[:, 4] * scale).clamp(min=1.0)
        theta = boxes[:, 5] * math.pi / 180.0
        grid_h, grid_w = _grid_sizes(ratio, height, ph), _grid_sizes(ratio, width, pw)
        gh, gw = int(grid_h.max()) if grid_h.numel() else 1, int(grid_w.max()) if grid_w.numel() else 1
        yy = _grid(-height / 2, height, ph, grid_h, gh).view(-1, ph, 1, gh, 1)
        xx = _grid(-width / 2, width, pw, grid_w, gw).view(-1, 1, pw, 1, gw)
        cos, sin = theta.cos().view(-1, 1, 1, 1, 1), theta.sin().view(-1, 1, 1, 1, 1)
        r = yy.shape[0]
        x = (xx * cos + yy * sin + cx.view(-1, 1, 1, 1, 1)).reshape(r, ph, pw, -1)
        y = (yy * cos - xx * sin + cy.view(-1, 1, 1, 1, 1)).reshape(r, ph, pw, -1)
        out = _align(data.detach(), batch, y, x, _used(grid_h, grid_w, gh, gw), grid_h * grid_w, (ph, pw))
    if data.requires_grad and torch.is_grad_enabled():
        out = _NoBackward.apply(out, data)
    return out


# ---- PSROIPooling -----------------------------------------------------------------------------------------
def _round_away(v):
    return torch.sign(v) * torch.floor(v.abs() + 0.5)


def _group_channels(output_dim, group_size, ph, pw, device):
    """Input channel of each (output channel, bin): (output_dim, PH, PW)."""
    gh = torch.clamp(torch.arange(ph, device=device) * group_size // ph, 0, group_size - 1)
    gw = torch.clamp(torch.arange(pw, device=device) * group_size // pw, 0, group_size - 1)
    top = torch.arange(output_dim, device=device).view(-1, 1, 1)
    return (top * group_size + gh.view(1, -1, 1)) * group_size + gw.view(1, 1, -1)


def _output_dim(output_dim, op_name):
    if output_dim is None:
        raise MXNetError("{}: required parameter 'output_dim' is missing".format(op_name))
    return int(output_dim)


def _square_pool(pooled_size, op_name):
    if pooled_size is None:
        raise MXNetError("{}: required parameter 'pooled_size' is missing".format(op_name))
    size = int(pooled_size)
    if size <= 0:
        raise MXNetError('{}: pooled_size must be positive, got {}'.format(op_name, size))
    return size


@register(namespace='contrib')
def PSROIPooling(data, rois, spatial_scale=None, output_dim=None, pooled_size=None, group_size=0):
    """Position-sensitive region-of-interest average pooling (R-FCN): bin (i, j) of a region averages the
    integer pixel window it covers in the input channel ``(k * group_size + gi) * group_size + gj`` of
    output channel k. Regions are rows [batch_index, x1, y1, x2, y2]. Returns (num_rois, output_dim,
    pooled_size, pooled_size).

    Parameters
    ----------
    data : NDArray
        Feature map (N, output_dim * group_size**2, H, W).
    rois : NDArray
        (R, 5) regions in input image coordinates.
    spatial_scale : float
        Feature map size over input size, in [0, 1].
    output_dim : int
        Output channels.
    pooled_size : int
        Bins along each axis.
    group_size : int
        Channel groups along each axis (0: pooled_size).
    """
    op = 'PSROIPooling'
    _check_maps(data, rois, op)
    scale, dim = _scale(spatial_scale, op), _output_dim(output_dim, op)
    size = _square_pool(pooled_size, op)
    group = int(group_size) or size
    n, c, height, width = data.shape
    if c < dim * group * group:
        raise MXNetError('PSROIPooling: data has {} channels, output_dim * group_size**2 = {} needed'.format(
            c, dim * group * group))
    with torch.no_grad():
        boxes = rois.to(data.dtype)
        batch = boxes[:, 0].to(torch.int64)
        x1, y1 = _round_away(boxes[:, 1]) * scale, _round_away(boxes[:, 2]) * scale
        x2, y2 = (_round_away(boxes[:, 3]) + 1) * scale, (_round_away(boxes[:, 4]) + 1) * scale
        bin_w = (x2 - x1).clamp(min=0.1) / size
        bin_h = (y2 - y1).clamp(min=0.1) / size
        b = torch.arange(size, dtype=data.dtype, device=data.device).view(1, -1)
        hs = torch.floor(b * bin_h.view(-1, 1) + y1.view(-1, 1)).clamp(0, height).to(torch.int64)
        he = torch.ceil((b + 1) * bin_h.view(-1, 1) + y1.view(-1, 1)).clamp(0, height).to(torch.int64)
        ws = torch.floor(b * bin_w.view(-1, 1) + x1.view(-1, 1)).clamp(0, width).to(torch.int64)
        we = torch.ceil((b + 1) * bin_w.view(-1, 1) + x1.view(-1, 1)).clamp(0, width).to(torch.int64)
        channel = _group_channels(dim, group, size, size, data.device)          # (dim, P, P)
    # summed-area table (N, C, H + 1, W + 1), in float64 so that differences of large sums stay exact
    table = torch.nn.functional.pad(data.to(torch.float64).cumsum(2).cumsum(3), (1, 0, 1, 0))
    flat = table.reshape(-1)
    plane = (batch.view(-1, 1, 1, 1) * c + channel.unsqueeze(0)) * ((height + 1) * (width + 1))
    r = boxes.shape[0]
    hs, he = hs.view(r, 1, size, 1), he.view(r, 1, size, 1)
    ws, we = ws.view(r, 1, 1, size), we.view(r, 1, 1, size)
    w1 = width + 1
    total = flat[plane + he * w1 + we] - flat[plane + hs * w1 + we] - flat[plane + he * w1 + ws] + \
        flat[plane + hs * w1 + ws]
    area = ((he - hs) * (we - ws)).to(torch.float64)
    empty = (he <= hs) | (we <= ws)
    out = torch.where(empty, torch.zeros_like(total), total / area.clamp(min=1))
    return out.to(data.dtype)


# ---- DeformablePSROIPooling -------------------------------------------------------------------------------
@register(namespace='contrib')
def DeformablePSROIPooling(data, rois, trans=None, spatial_scale=None, output_dim=None, group_size=None,
                           pooled_size=None, part_size=0, sample_per_part=1, trans_std=0.0, no_trans=False):
    """Deformable position-sensitive region-of-interest pooling (Deformable R-FCN): PSROIPooling whose bins
    are shifted by learnt offsets `trans` (R, 2 * classes, part_size, part_size), scaled by `trans_std`
    and the region's size, and averaged over sample_per_part**2 bilinear samples each. Regions are rows
    [batch_index, x1, y1, x2, y2]. Returns (num_rois, output_dim, pooled_size, pooled_size); the gradient
    reaches the data and the offsets.

    Parameters
    ----------
    data : NDArray
        Feature map (N, output_dim * group_size**2, H, W).
    rois : NDArray
        (R, 5) regions.
    trans : NDArray
        Offsets (x, y per class and part); not given with no_trans.
    spatial_scale : float
        Feature map size over input size, in [0, 1].
    output_dim, group_size, pooled_size : int
        Output channels, channel groups per axis, bins per axis.
    part_size : int
        Offset parts per axis (0: pooled_size).
    sample_per_part : int
        Samples per bin along each axis.
    trans_std : float
        Scale of the offsets, in [0, 1].
    no_trans : bool
        No offsets: position-sensitive pooling with bilinear samples.
    """
    op = 'DeformablePSROIPooling'
    _check_maps(data, rois, op)
    scale, dim = _scale(spatial_scale, op), _output_dim(output_dim, op)
    size = _square_pool(pooled_size, op)
    if group_size is None:
        raise MXNetError("DeformablePSROIPooling: required parameter 'group_size' is missing")
    group, part, samples = int(group_size), int(part_size) or size, int(sample_per_part)
    std, skip = float(trans_std), as_bool(no_trans)
    if not 0.0 <= std <= 1.0:
        raise MXNetError('DeformablePSROIPooling: trans_std {} is out of its range [0, 1]'.format(std))
    n, c, height, width = data.shape
    if c < dim * group * group:
        raise MXNetError('DeformablePSROIPooling: data has {} channels, output_dim * group_size**2 = {} '
                         'needed'.format(c, dim * group * group))
    if not skip:
        if trans is None or trans.dim() != 4:
            raise MXNetError('DeformablePSROIPooling: trans should be a 4D tensor (num_rois, 2 * classes, '
                             'part_size, part_size), got {}'.format(None if trans is None else tuple(trans.shape)))
        classes = trans.shape[1] // 2
    else:
        classes = 1
    r = rois.shape[0]
    dev, dt = data.device, data.dtype
    with torch.no_grad():
        boxes = rois.to(dt)
        batch = boxes[:, 0].to(torch.int64)
        x1 = _round_away(boxes[:, 1]) * scale - 0.5
        y1 = _round_away(boxes[:, 2]) * scale - 0.5
        roi_w = ((_round_away(boxes[:, 3]) + 1) * scale - 0.5 - x1).clamp(min=0.1)
        roi_h = ((_round_away(boxes[:, 4]) + 1) * scale - 0.5 - y1).clamp(min=0.1)
        bins = torch.arange(size, dtype=dt, device=dev)
        part_of_bin = torch.floor(bins / size * part).to(torch.int64)
        sub = torch.arange(samples, dtype=dt, device=dev)
    per_class = dim // classes
    if skip:
        dx = dy = torch.zeros((r, 1, size, size), dtype=dt, device=dev)
    else:
        # offsets of each (region, class, bin): (R, classes, P, P)
        pick = trans[:, :, part_of_bin][:, :, :, part_of_bin]
        dx, dy = pick[:, 0::2] * std, pick[:, 1::2] * std
    bin_w, bin_h = (roi_w / size).view(r, 1, 1, 1), (roi_h / size).view(r, 1, 1, 1)
    w0 = bins.view(1, 1, 1, -1) * bin_w + x1.view(r, 1, 1, 1) + dx * roi_w.view(r, 1, 1, 1)
    h0 = bins.view(1, 1, -1, 1) * bin_h + y1.view(r, 1, 1, 1) + dy * roi_h.view(r, 1, 1, 1)
    # samples: (R, classes, P, P, S, S)
    w = w0.unsqueeze(-1).unsqueeze(-1) + sub.view(1, 1, 1, 1, 1, -1) * (bin_w / samples).unsqueeze(-1).unsqueeze(-1)
    h = h0.unsqueeze(-1).unsqueeze(-1) + sub.view(1, 1, 1, 1, -1, 1) * (bin_h / samples).unsqueeze(-1).unsqueeze(-1)
    inside = (w >= -0.5) & (w <= width - 0.5) & (h >= -0.5) & (h <= height - 0.5)
    # MXNet's backward differentiates through the clamp to the map as if it were not there
    w = gradient_of(w.clamp(0, width - 1), w)
    h = gradient_of(h.clamp(0, height - 1), h)
    # each output channel takes the samples of its class: (R, dim, P, P, S, S)
    cls = torch.arange(dim, device=dev) // per_class
    w, h, inside = w[:, cls], h[:, cls], inside[:, cls]
    channel = _group_channels(dim, group, size, size, dev).view(1, dim, size, size, 1, 1)
    plane = (batch.view(r, 1, 1, 1, 1, 1) * c + channel) * (height * width)
    x_lo, y_lo = torch.floor(w.detach()), torch.floor(h.detach())
    x_hi, y_hi = torch.ceil(w.detach()), torch.ceil(h.detach())
    fx, fy = w - x_lo, h - y_lo
    flat = data.reshape(-1)
    at = lambda yy, xx: flat[plane + (yy * width + xx).to(torch.int64)]  # noqa: E731
    value = (1 - fx) * (1 - fy) * at(y_lo, x_lo) + (1 - fx) * fy * at(y_hi, x_lo) + \
        fx * (1 - fy) * at(y_lo, x_hi) + fx * fy * at(y_hi, x_hi)
    value = torch.where(inside, value, torch.zeros_like(value))
    count = inside.sum((-2, -1))
    total = value.sum((-2, -1))
    return torch.where(count > 0, total / count.clamp(min=1).to(dt), torch.zeros_like(total))
