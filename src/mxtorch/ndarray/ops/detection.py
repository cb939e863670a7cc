"""Object-detection operators of ``mx.nd.contrib``: box_iou, box_nms, bipartite_matching, box_encode,
box_decode, the SSD family MultiBoxPrior / MultiBoxTarget / MultiBoxDetection and Faster R-CNN's region
proposals (Proposal, MultiProposal).

Everything is batched tensor work. Greedy non-maximum suppression, sequential by definition, runs as a
fixed-point iteration over a whole suppression matrix (`greedy_keep`); greedy matchings take one step per
match, each a masked arg-max over every batch at once. None of these operators passes a gradient back
except box_nms, whose output rows carry the gradient of the input rows they were copied from; the others
give their inputs zero gradients, as MXNet does."""
import ast

import torch

from ...base import MXNetError, TORCH_TO_NAME
from ..registry import register
from ._gradients import gradient_of, zero_gradient
from ._util import as_bool, check_choice, check_float

Tensor = torch.Tensor
_FORMATS = ('center', 'corner')


# ---- parameters -------------------------------------------------------------------------------------
def float_tuple(value, op_name, what):
    """A tuple-of-float parameter given as a number, a sequence or a string such as '(0.5, 0.25)'."""
    if isinstance(value, str):
        try:
            value = ast.literal_eval(value.strip() or '()')
        except (ValueError, SyntaxError):
            raise MXNetError('{}: cannot read {} {!r} as a tuple of floats'.format(op_name, what, value)) from None
    if isinstance(value, (int, float)):
        return (float(value),)
    try:
        return tuple(float(v) for v in value)
    except (TypeError, ValueError):
        raise MXNetError('{}: {} must be a tuple of floats, got {!r}'.format(op_name, what, value)) from None


def _format(value, op_name, what):
    return check_choice(value, _FORMATS, op_name, what)


def _real(data, op_name):
    if not data.is_floating_point():
        check_float(data, op_name)


def float32_only(data, op_name):
    """MXNet's operators of the older kind (MultiBox*, Proposal, ...) take float32 arrays only."""
    if data.dtype is not torch.float32:
        raise MXNetError('{}: unsupported data type {}, this operator takes float32 only'.format(
            op_name, TORCH_TO_NAME.get(data.dtype, data.dtype)))


# ---- box geometry -----------------------------------------------------------------------------------
def _extent(boxes, fmt, axis):
    """(low, high) edges along x (axis 0) or y (axis 1) of boxes (..., 4) in MXNet's 'corner'
    [xmin, ymin, xmax, ymax] or 'center' [x, y, width, height] encoding."""
    if fmt == 'corner':
        return boxes[..., axis], boxes[..., axis + 2]
    half = boxes[..., axis + 2] / 2
    return boxes[..., axis] - half, boxes[..., axis] + half


def _area(boxes, fmt):
    """Areas of boxes (..., 4); a box with a negative side has area 0."""
    if fmt == 'corner':
        w, h = boxes[..., 2] - boxes[..., 0], boxes[..., 3] - boxes[..., 1]
    else:
        w, h = boxes[..., 2], boxes[..., 3]
    return torch.where((w < 0) | (h < 0), torch.zeros_like(w), w * h)


def _intersection(a, b, fmt):
    """Intersection areas of every box of a (..., n, 4) with every box of b (..., m, 4): (..., n, m)."""
    sides = []
    for axis in (0, 1):
        a_lo, a_hi = _extent(a, fmt, axis)
        b_lo, b_hi = _extent(b, fmt, axis)
        side = torch.minimum(a_hi.unsqueeze(-1), b_hi.unsqueeze(-2)) - torch.maximum(
            a_lo.unsqueeze(-1), b_lo.unsqueeze(-2))
        sides.append(side.clamp(min=0))
    return sides[0] * sides[1]


def pairwise_iou(a, b, fmt='corner'):
    """Intersection over union of every box of a (..., n, 4) with every box of b (..., m, 4), without
    special cases: 0/0 is NaN (box_nms compares it with the threshold, which NaN never passes)."""
    inter = _intersection(a, b, fmt)
    return inter / (_area(a, fmt).unsqueeze(-1) + _area(b, fmt).unsqueeze(-2) - inter)


def suppression_matrix(boxes, fmt, overlap_thresh, ids=None):
    """(B, K, K) booleans: box i (a row of boxes (B, K, 4), in priority order) suppresses box j > i, its
    IoU with it being above `overlap_thresh` (and, with `ids` (B, K), of the same class). Built in blocks
    of rows, each against the boxes from its first on: half the pairs, and small buffers (fresh large ones
    cost more in page faults than the arithmetic)."""
    b, k = boxes.shape[0], boxes.shape[1]
    out = torch.zeros((b, k, k), dtype=torch.bool, device=boxes.device)
    rows = max(1, (1 << 18) // max(1, b * k))
    for i in range(0, k, rows):
        block = pairwise_iou(boxes[:, i:i + rows], boxes[:, i:], fmt) > overlap_thresh
        if ids is not None:
            block &= ids[:, i:i + rows].unsqueeze(-1) == ids[:, i:].unsqueeze(-2)
        out[:, i:i + rows, i:] = block.triu(1)
    return out


def greedy_keep(suppresses, candidate, upper=False):
    """Greedy non-maximum suppression, batched: `candidate` (B, K) marks the boxes taking part, in their
    order of priority; ``suppresses[b, i, j]`` (B, K, K) says that box i, when kept, removes box j (only
    i < j matters). Box j is kept when no kept box before it suppresses it.

    That definition is a fixed point: iterating ``keep = candidate & ~(keep @ suppresses)`` from "all
    kept" settles the first t boxes for good after t rounds, and in practice the whole set after as many
    rounds as the longest chain of suppressions, each round one batched matrix product."""
    # only earlier boxes suppress later ones (`upper`: suppresses holds no other pair already); rows of
    # boxes that do not take part never count, as those boxes are never kept
    edges = suppresses if upper else torch.triu(suppresses, diagonal=1)
    k = candidate.shape[-1]
    # small problems as one matrix product per round; large ones as a masked reduction, without a float
    # copy of the whole matrix
    dense = edges.numel() <= (1 << 22)
    if dense:
        edges = edges.to(torch.float32)
    keep = candidate
    for _ in range(k + 1):
        if dense:
            hit = torch.bmm(keep.to(torch.float32).unsqueeze(1), edges).squeeze(1) > 0
        else:
            hit = (edges & keep.unsqueeze(-1)).any(1)
        new = candidate & ~hit
        if torch.equal(new, keep):
            break
        keep = new
    return keep


def _compact(mask):
    """Per row of `mask` (B, K): the column indices with the marked ones first (in order), and how many
    are marked."""
    order = torch.sort((~mask).to(torch.int8), dim=1, stable=True).indices
    return order, mask.sum(1)


# ---- box_iou ----------------------------------------------------------------------------------------
@register(namespace='contrib')
def box_iou(lhs, rhs, format='corner'):
    """Intersection over union of every box of `lhs` (..., 4) with every box of `rhs` (..., 4): the
    result has shape ``lhs.shape[:-1] + rhs.shape[:-1]``; boxes that do not overlap give 0.

    Parameters
    ----------
    lhs, rhs : NDArray
        Boxes along the last axis, in `format`.
    format : {'corner', 'center'}
        'corner': [xmin, ymin, xmax, ymax]; 'center': [x, y, width, height].
    """
    _format(format, 'box_iou', 'format')
    for what, t in (('lhs', lhs), ('rhs', rhs)):
        if t.dim() < 2 or t.shape[-1] != 4:
            raise MXNetError('box_iou: {} must have dim >= 2 and a last dimension of 4, got shape {}'.format(
                what, tuple(t.shape)))
    _real(lhs, 'box_iou')
    a, b = lhs.detach().reshape(-1, 4), rhs.detach().reshape(-1, 4)
    inter = _intersection(a, b, format)
    union = _area(a, format).unsqueeze(1) + _area(b, format).unsqueeze(0) - inter
    iou = torch.where(inter > 0, inter / union, torch.zeros_like(inter))
    return zero_gradient(iou.reshape(lhs.shape[:-1] + rhs.shape[:-1]), lhs, rhs)


# ---- box_nms ----------------------------------------------------------------------------------------
def _check_nms_layout(width, coord_start, score_index, id_index):
    coords = range(coord_start, coord_start + 4)
    if width < (6 if id_index >= 0 else 5):
        raise MXNetError('box_nms: the last dimension must have at least 5 elements (score and 4 coordinates{}),'
                         ' {} provided'.format(', and the class id' if id_index >= 0 else '', width))
    if not 0 <= score_index < width:
        raise MXNetError('box_nms: score_index {} out of range (0, {})'.format(score_index, width))
    if score_index in coords:
        raise MXNetError('box_nms: score_index {} conflicts with the coordinates ({}, {})'.format(
            score_index, coord_start, coord_start + 3))
    if coord_start < 0 or coord_start + 3 >= width:
        raise MXNetError('box_nms: coordinates ({}, {}) out of range (0, {})'.format(
            coord_start, coord_start + 3, width))
    if id_index >= 0:
        if id_index >= width:
            raise MXNetError('box_nms: id_index {} out of range (0, {})'.format(id_index, width))
        if id_index in coords:
            raise MXNetError('box_nms: id_index {} conflicts with the coordinates ({}, {})'.format(
                id_index, coord_start, coord_start + 3))
        if id_index == score_index:
            raise MXNetError('box_nms: id_index {} conflicts with score_index {}'.format(id_index, score_index))


def _convert_format(rows, coord_start, to):
    """Rows (..., width) with the box at coord_start converted to `to` ('center' or 'corner'); rows whose
    first coordinate is negative (the -1 padding among them) are left as they are, as in MXNet."""
    box = rows[..., coord_start:coord_start + 4]
    a, b, c, d = box.unbind(-1)
    if to == 'center':
        new = torch.stack(((a + c) / 2, (b + d) / 2, c - a, d - b), -1)
    else:
        new = torch.stack((a - c / 2, b - d / 2, a + c / 2, b + d / 2), -1)
    new = torch.where(a.unsqueeze(-1) < 0, box, new)
    return torch.cat((rows[..., :coord_start], new, rows[..., coord_start + 4:]), -1)


@register(namespace='contrib', aliases=('box_non_maximum_suppression',))
def box_nms(data, overlap_thresh=0.5, valid_thresh=0, topk=-1, coord_start=2, score_index=1, id_index=-1,
            background_id=-1, force_suppress=False, in_format='corner', out_format='corner'):
    """Non-maximum suppression of boxes: the rows (boxes) of each batch of `data` (..., num_boxes, width)
    are ranked by score; a box is dropped when its intersection over union with a higher-ranked kept box
    exceeds `overlap_thresh`. The kept rows come first in each batch, by descending score, and the rest of
    the output is -1. The gradient of an output row goes to the input row it was copied from.

    Parameters
    ----------
    data : NDArray
        Rows holding a score, four coordinates and optionally a class id.
    overlap_thresh : float
        IoU above which the lower-scored box is suppressed.
    valid_thresh : float
        Only boxes scoring above it take part.
    topk : int
        Only the `topk` best-scored boxes of each batch take part (-1: all).
    coord_start, score_index, id_index : int
        Where the four coordinates, the score and the class id (-1: none) are in a row.
    background_id : int
        Boxes of this class are dropped (with id_index >= 0).
    force_suppress : bool
        Suppress across classes too; otherwise only boxes of the same class suppress each other.
    in_format, out_format : {'corner', 'center'}
        Box encoding of the input and of the output.
    """
    overlap_thresh, valid_thresh = float(overlap_thresh), float(valid_thresh)
    topk, coord_start, score_index = int(topk), int(coord_start), int(score_index)
    id_index, background_id, force = int(id_index), int(background_id), as_bool(force_suppress)
    _format(in_format, 'box_nms', 'in_format')
    _format(out_format, 'box_nms', 'out_format')
    if data.dim() < 2:
        raise MXNetError('box_nms: input must have dim >= 2 (the last two are num_box and box_width), got '
                         'shape {}'.format(tuple(data.shape)))
    num, width = data.shape[-2], data.shape[-1]
    _check_nms_layout(width, coord_start, score_index, id_index)
    _real(data, 'box_nms')
    k = num if topk < 0 else min(num, topk)
    if k < 1:
        return data.clone()
    rows = data.reshape(-1, num, width)
    scores = rows.detach()[..., score_index]
    valid = scores > valid_thresh
    if id_index >= 0:
        valid &= rows.detach()[..., id_index] != background_id
    if not bool(valid.any()):
        return zero_gradient(torch.full_like(data, -1), data)
    with torch.no_grad():
        # best first; invalid boxes sort last, ties keep their order
        ranked = torch.sort(torch.where(valid, scores, scores.new_tensor(float('-inf'))), dim=1,
                            descending=True, stable=True).indices[:, :k]
        candidate = torch.arange(k, device=data.device) < valid.sum(1, keepdim=True)
        best = rows.detach().gather(1, ranked.unsqueeze(-1).expand(-1, -1, width))
        boxes = best[..., coord_start:coord_start + 4]
        ids = best[..., id_index].to(torch.int64) if id_index >= 0 and not force else None
        suppresses = suppression_matrix(boxes, in_format, overlap_thresh, ids)
        keep = greedy_keep(suppresses, candidate, upper=True)
        order, kept = _compact(keep)
        source = ranked.gather(1, order)
        filled = torch.arange(k, device=data.device) < kept.unsqueeze(1)
    out = rows.gather(1, source.unsqueeze(-1).expand(-1, -1, width))
    out = torch.where(filled.unsqueeze(-1), out, out.new_tensor(-1.0))
    if k < num:
        out = torch.cat((out, out.new_full((out.shape[0], num - k, width), -1.0)), 1)
    if in_format != out_format:
        # MXNet's backward passes the gradient through the conversion unchanged
        out = gradient_of(_convert_format(out, coord_start, out_format), out)
    return out.reshape(data.shape)


# ---- bipartite_matching -----------------------------------------------------------------------------
@register(namespace='contrib')
def bipartite_matching(data, is_ascend=False, threshold=None, topk=-1):
    """Greedy bipartite matching of the rows and columns of a score matrix `data` (..., rows, cols): the
    best-scoring pair whose row and column are both free is matched, then the next, while scores pass
    `threshold` (are above it, or below it with ``is_ascend``). Returns the column matched to each row and
    the row matched to each column, -1 where none, in the input's dtype.

    Parameters
    ----------
    data : NDArray
        Scores, at least 2-D.
    is_ascend : bool
        Lower scores are better.
    threshold : float
        Scores that do not pass it are never matched (required).
    topk : int
        Stop once more than `topk` pairs are matched (-1: no limit).
    """
    if threshold is None:
        raise MXNetError("bipartite_matching: required parameter 'threshold' is missing")
    threshold, topk, ascend = float(threshold), int(topk), as_bool(is_ascend)
    if data.dim() < 2:
        raise MXNetError('bipartite_matching: score matrix must have dim >= 2, got shape {}'.format(
            tuple(data.shape)))
    _real(data, 'bipartite_matching')
    rows, cols = data.shape[-2], data.shape[-1]
    with torch.no_grad():
        scores = data.reshape(-1, rows * cols)
        batch = scores.shape[0]
        row_of = torch.full((batch, rows), -1, dtype=torch.int64, device=data.device)
        col_of = torch.full((batch, cols), -1, dtype=torch.int64, device=data.device)
        worst = scores.new_tensor(float('inf') if ascend else float('-inf'))
        free = torch.ones_like(scores, dtype=torch.bool)
        active = torch.ones(batch, dtype=torch.bool, device=data.device)
        count = torch.zeros(batch, dtype=torch.int64, device=data.device)
        everyone = torch.arange(batch, device=data.device)
        for _ in range(min(rows, cols)):
            masked = torch.where(free, scores, worst)
            pick = masked.argmin(1) if ascend else masked.argmax(1)
            value = scores.gather(1, pick.unsqueeze(1)).squeeze(1)
            good = free.gather(1, pick.unsqueeze(1)).squeeze(1) & (value < threshold if ascend else value > threshold)
            active &= good
            if not bool(active.any()):
                break
            b = everyone[active]
            r, c = pick[active] // cols, pick[active] % cols
            row_of[b, r] = c
            col_of[b, c] = r
            grid = free.view(batch, rows, cols)
            grid[b, r, :] = False
            grid[b, :, c] = False
            count += active
            if topk > 0:
                # MXNet stops after the match that takes the count past topk
                active &= count <= topk
    result = (row_of.to(data.dtype).reshape(data.shape[:-1]),
              col_of.to(data.dtype).reshape(data.shape[:-2] + (cols,)))
    return zero_gradient(result, data)


# ---- box_encode / box_decode ------------------------------------------------------------------------
def _centers(boxes):
    """(x, y, width, height) of corner-encoded boxes (..., 4)."""
    w = boxes[..., 2] - boxes[..., 0]
    h = boxes[..., 3] - boxes[..., 1]
    return boxes[..., 0] + w * 0.5, boxes[..., 1] + h * 0.5, w, h


@register(namespace='contrib')
def box_encode(samples, matches, anchors, refs, means, stds):
    """Regression targets of anchors towards their matched reference boxes:
    ``((x_r - x_a) / w_a, (y_r - y_a) / h_a, log(w_r / w_a), log(h_r / h_a))``, less `means`, over
    `stds`, for anchors whose sample is positive (> 0.5), and zero elsewhere. Returns the targets and the
    mask of positive anchors, both of shape (B, N, 4).

    Parameters
    ----------
    samples : NDArray
        (B, N): +1 for positive anchors, -1 negative, 0 ignored.
    matches : NDArray
        (B, N): the index of each anchor's reference box, in [0, M).
    anchors : NDArray
        (B, N, 4), corner-encoded.
    refs : NDArray
        (B, M, 4), corner-encoded reference boxes.
    means, stds : NDArray
        (4,): subtracted from and dividing the encoded values.
    """
    if samples.dim() != 2:
        raise MXNetError('box_encode: samples shape must have dim == 2, got {}'.format(tuple(samples.shape)))
    if matches.dim() < 2:
        raise MXNetError('box_encode: matches shape must have dim == 2, got {}'.format(tuple(matches.shape)))
    for what, t in (('anchors', anchors), ('refs', refs)):
        if t.dim() < 3 or t.shape[-1] != 4:
            raise MXNetError('box_encode: {} must have dim >= 3 and a last dimension of 4, got shape {}'.format(
                what, tuple(t.shape)))
    for what, t in (('means', means), ('stds', stds)):
        if tuple(t.shape) != (4,):
            raise MXNetError('box_encode: {} must have shape (4,), got {}'.format(what, tuple(t.shape)))
    _real(anchors, 'box_encode')
    b, n = anchors.shape[0], anchors.shape[1]
    with torch.no_grad():
        refs3 = refs.reshape(b, -1, 4)
        index = matches.reshape(b, n).to(torch.int64).clamp(0, refs3.shape[1] - 1)
        ref = refs3.gather(1, index.unsqueeze(-1).expand(-1, -1, 4))
        rx, ry, rw, rh = _centers(ref)
        ax, ay, aw, ah = _centers(anchors.reshape(b, n, 4))
        encoded = torch.stack(((rx - ax) / aw, (ry - ay) / ah, torch.log(rw / aw), torch.log(rh / ah)), -1)
        encoded = (encoded - means) / stds
        positive = (samples.reshape(b, n) > 0.5).unsqueeze(-1).expand(-1, -1, 4)
        targets = torch.where(positive, encoded, torch.zeros_like(encoded))
        mask = positive.to(anchors.dtype)
    return zero_gradient((targets, mask), samples, matches, anchors, refs, means, stds)


@register(namespace='contrib')
def box_decode(data, anchors, std0=1.0, std1=1.0, std2=1.0, std3=1.0, clip=-1.0, format='center'):
    """Boxes from regression offsets `data` (B, N, 4) relative to `anchors` (1, N, 4): the inverse of
    box_encode, giving corner-encoded boxes. The width and height offsets (after scaling by std2, std3)
    are clipped to `clip` when it is positive.

    Parameters
    ----------
    data : NDArray
        (B, N, 4) offsets.
    anchors : NDArray
        (1, N, 4) anchors, in `format`.
    std0, std1, std2, std3 : float
        Scales multiplying each offset.
    clip : float
        Upper bound of the scaled width/height offsets when positive.
    format : {'center', 'corner'}
        Encoding of the anchors.
    """
    _format(format, 'box_decode', 'format')
    if data.dim() != 3 or data.shape[-1] != 4:
        raise MXNetError('box_decode: data shape must have dim == 3 and a last dimension of 4, got {}'.format(
            tuple(data.shape)))
    if anchors.dim() < 3 or anchors.shape[-1] != 4:
        raise MXNetError('box_decode: anchors shape must have dim >= 3 and a last dimension of 4, got {}'.format(
            tuple(anchors.shape)))
    _real(data, 'box_decode')
    n = data.shape[1]
    clip = float(clip)
    with torch.no_grad():
        a = anchors.reshape(-1)[:n * 4].reshape(1, n, 4)
        if format == 'corner':
            ax, ay, aw, ah = _centers(a)
        else:
            ax, ay, aw, ah = a.unbind(-1)
        dx, dy, dw, dh = data.unbind(-1)
        ox, oy = dx * float(std0) * aw + ax, dy * float(std1) * ah + ay
        dw, dh = dw * float(std2), dh * float(std3)
        if clip > 0:
            dw, dh = dw.clamp(max=clip), dh.clamp(max=clip)
        ow, oh = torch.exp(dw) * aw * 0.5, torch.exp(dh) * ah * 0.5
        out = torch.stack((ox - ow, oy - oh, ox + ow, oy + oh), -1)
    return zero_gradient(out, data, anchors)


# ---- MultiBoxPrior ----------------------------------------------------------------------------------
@register(namespace='contrib')
def MultiBoxPrior(data, sizes=(1.0,), ratios=(1.0,), clip=False, steps=(-1.0, -1.0), offsets=(0.5, 0.5)):
    """Anchor boxes for an SSD feature map `data` (N, C, H, W): at each of the H x W cells, one box per
    size (with the first ratio) and one per further ratio (with the first size), corner-encoded in
    coordinates relative to the map (0 to 1). Returns shape (1, H * W * (len(sizes) + len(ratios) - 1),
    4).

    Parameters
    ----------
    data : NDArray
        The feature map; only its height and width are used.
    sizes : tuple of float
        Box sizes, relative to the map.
    ratios : tuple of float
        Width-to-height ratios.
    clip : bool
        Clip the boxes to [0, 1].
    steps : tuple of float
        Distance between cell centres (y, x); -1 for 1 / H and 1 / W.
    offsets : tuple of float
        Offset of the centre within a cell (y, x).
    """
    op = 'MultiBoxPrior'
    sizes, ratios = float_tuple(sizes, op, 'sizes'), float_tuple(ratios, op, 'ratios')
    steps, offsets = float_tuple(steps, op, 'steps'), float_tuple(offsets, op, 'offsets')
    if not sizes or not ratios:
        raise MXNetError('MultiBoxPrior: sizes and ratios must not be empty')
    if len(steps) != 2:
        raise MXNetError('MultiBoxPrior: steps must have 2 elements (step_y, step_x), got {}'.format(steps))
    if len(offsets) != 2 or not all(0.0 <= o <= 1.0 for o in offsets):
        raise MXNetError('MultiBoxPrior: offsets must be 2 values in [0, 1], got {}'.format(offsets))
    if data.dim() < 4:
        raise MXNetError('MultiBoxPrior: input data should be 4-D (batch, channel, y, x), got shape {}'.format(
            tuple(data.shape)))
    height, width = data.shape[2], data.shape[3]
    if height <= 0 or width <= 0:
        raise MXNetError('MultiBoxPrior: input height and width should be > 0, got shape {}'.format(
            tuple(data.shape)))
    if steps[0] * steps[1] < 0:
        raise MXNetError('MultiBoxPrior: must specify both step_y and step_x, got {}'.format(steps))
    float32_only(data, op)
    step_y, step_x = steps if steps[0] > 0 and steps[1] > 0 else (1.0 / height, 1.0 / width)
    f32 = dict(dtype=torch.float32, device=data.device)
    # half sizes of the anchors of one cell, computed in float32 as MXNet does
    size = torch.tensor(sizes + (sizes[0],) * (len(ratios) - 1), **f32)
    root = torch.sqrt(torch.tensor((ratios[0],) * len(sizes) + ratios[1:], **f32))
    half_w = size * height / width * root / 2
    half_h = size / root / 2
    cy = (torch.arange(height, **f32) + offsets[0]) * step_y
    cx = (torch.arange(width, **f32) + offsets[1]) * step_x
    cy, cx = cy.view(-1, 1, 1), cx.view(1, -1, 1)
    boxes = torch.stack(torch.broadcast_tensors(cx - half_w, cy - half_h, cx + half_w, cy + half_h), -1)
    if as_bool(clip):
        boxes = boxes.clamp(0.0, 1.0)
    return zero_gradient(boxes.reshape(1, -1, 4), data)


# ---- MultiBoxTarget ---------------------------------------------------------------------------------
def _variances(value, op_name):
    v = float_tuple(value, op_name, 'variances')
    if len(v) != 4:
        raise MXNetError('{}: variances must have 4 elements, got {}'.format(op_name, v))
    return v


def _greedy_match(iou, usable):
    """MultiBoxTarget's first stage: repeatedly match the anchor and ground truth of highest overlap (above
    1e-6) among those not yet matched, until every ground truth is matched or no overlap is left.
    iou (B, A, G), usable (B, G). Returns the ground truth matched to each anchor (B, A), -1 where none,
    and its overlap."""
    batch, anchors, gts = iou.shape
    match = torch.full((batch, anchors), -1, dtype=torch.int64, device=iou.device)
    overlap = iou.new_full((batch, anchors), -1.0)
    free = usable.unsqueeze(1).expand(-1, anchors, -1).clone()
    everyone = torch.arange(batch, device=iou.device)
    for _ in range(gts):
        masked = torch.where(free, iou, iou.new_tensor(float('-inf'))).reshape(batch, -1)
        best, flat = masked.max(1)
        ok = best > 1e-6
        if not bool(ok.any()):
            break
        b, a, g = everyone[ok], flat[ok] // gts, flat[ok] % gts
        match[b, a] = g
        overlap[b, a] = best[ok]
        free[b, a, :] = False
        free[b, :, g] = False
    return match, overlap


def _mid(boxes):
    """(x, y, width, height) of corner-encoded boxes, the centre as the mean of the edges (SSD's kernels
    compute it so)."""
    return ((boxes[..., 0] + boxes[..., 2]) * 0.5, (boxes[..., 1] + boxes[..., 3]) * 0.5,
            boxes[..., 2] - boxes[..., 0], boxes[..., 3] - boxes[..., 1])


def _loc_targets(anchors, gt, variances):
    """SSD's regression targets of corner-encoded anchors (A, 4) towards ground truths (B, A, 4), in
    float32."""
    ax, ay, aw, ah = _mid(anchors.to(torch.float32))
    gx, gy, gw, gh = _mid(gt.to(torch.float32))
    vx, vy, vw, vh = variances
    return torch.stack(((gx - ax) / aw / vx, (gy - ay) / ah / vy, torch.log(gw / aw) / vw,
                        torch.log(gh / ah) / vh), -1)


@register(namespace='contrib')
def MultiBoxTarget(anchor, label, cls_pred, overlap_threshold=0.5, ignore_label=-1.0, negative_mining_ratio=-1.0,
                   negative_mining_thresh=0.5, minimum_negative_samples=0, variances=(0.1, 0.1, 0.2, 0.2)):
    """SSD training targets. Each ground truth of `label` (B, L, 5+: class, xmin, ymin, xmax, ymax; rows
    from the first class -1 on are padding) takes its best anchor; other anchors overlapping a ground
    truth by more than `overlap_threshold` are positive too. Returns (loc_target (B, A*4), loc_mask
    (B, A*4), cls_target (B, A)): the encoded offsets and their mask for positive anchors, and class + 1
    for positive anchors, 0 for negatives and `ignore_label` for the rest. With negative mining, only the
    ``negative_mining_ratio * positives`` non-positive anchors overlapping less than
    `negative_mining_thresh` whose background probability (softmax of `cls_pred` (B, classes, A)) is
    lowest are negatives.

    Parameters
    ----------
    anchor : NDArray
        (1, A, 4) corner-encoded anchors, shared by the batch.
    label : NDArray
        (B, L, width >= 5) ground truths.
    cls_pred : NDArray
        (B, classes, A) class scores (before softmax).
    overlap_threshold : float
        Overlap above which an anchor is matched to a ground truth.
    ignore_label : float
        cls_target of anchors that are neither positive nor negative.
    negative_mining_ratio : float
        Negatives per positive; -1 makes every non-positive anchor negative.
    negative_mining_thresh : float
        Anchors overlapping more than this are not mined as negatives.
    minimum_negative_samples : int
        Accepted; MXNet's CPU kernel does not use it either.
    variances : tuple of 4 floats
        Divide the encoded offsets.
    """
    op = 'MultiBoxTarget'
    variances = _variances(variances, op)
    if anchor.dim() != 3 or anchor.shape[0] != 1 or anchor.shape[1] <= 0 or anchor.shape[2] != 4:
        raise MXNetError('MultiBoxTarget: anchors should be a batch-shared (1, N, 4) tensor, got shape {}'.format(
            tuple(anchor.shape)))
    if label.dim() != 3 or label.shape[1] <= 0 or label.shape[2] < 5:
        raise MXNetError('MultiBoxTarget: label should be (batch, num_labels >= 1, label_width >= 5), got '
                         'shape {}'.format(tuple(label.shape)))
    if cls_pred.dim() != 3 or cls_pred.shape[2] != anchor.shape[1]:
        raise MXNetError('MultiBoxTarget: cls_pred should be (batch, num_classes, num_anchors = {}), got '
                         'shape {} (number of anchors mismatch)'.format(anchor.shape[1], tuple(cls_pred.shape)))
    for t in (anchor, label, cls_pred):
        float32_only(t, op)
    threshold, ratio = float(overlap_threshold), float(negative_mining_ratio)
    mining_thresh = float(negative_mining_thresh)
    batch, num_anchors, dtype = label.shape[0], anchor.shape[1], anchor.dtype
    with torch.no_grad():
        anchors = anchor.reshape(num_anchors, 4)
        gt_class = label[..., 0]
        is_end = gt_class == -1
        usable = torch.cumsum(is_end.to(torch.int32), 1) == 0
        first_end = is_end & (torch.cumsum(is_end.to(torch.int32), 1) == 1)
        if bool((first_end & (label[..., 1:5] != -1).any(-1)).any()):
            raise MXNetError('MultiBoxTarget: a label row with class -1 (padding) must be -1 throughout')
        gt = label[..., 1:5]
        # overlaps as MXNet computes them: sides clipped at 0, areas not
        inter = _intersection(anchors.unsqueeze(0), gt, 'corner')
        ua = ((anchors[:, 2] - anchors[:, 0]) * (anchors[:, 3] - anchors[:, 1])).view(1, -1, 1)
        ug = ((gt[..., 2] - gt[..., 0]) * (gt[..., 3] - gt[..., 1])).unsqueeze(1)
        union = ua + ug - inter
        iou = torch.where(union == 0, torch.zeros_like(inter), inter / union)
        match, overlap = _greedy_match(iou, usable)
        positive = match >= 0
        # every other anchor: its best usable ground truth (the first of equal overlaps)
        best_iou, best_gt = torch.where(usable.unsqueeze(1), iou, iou.new_tensor(float('-inf'))).max(-1)
        has_gt = usable.any(1, keepdim=True).expand(-1, num_anchors)
        overlap = torch.where(positive | ~has_gt, overlap, best_iou)
        if threshold > 0:
            extra = ~positive & has_gt & (best_iou > threshold)
            match = torch.where(extra, best_gt, match)
            positive |= extra
        else:
            match = torch.where(positive, match, best_gt)
        num_positive = positive.sum(1)
        if ratio > 0:
            if mining_thresh <= 0:
                raise MXNetError('MultiBoxTarget: negative_mining_thresh must be > 0 for negative mining, got '
                                 '{}'.format(mining_thresh))
            wanted = torch.minimum((num_positive.to(torch.float32) * ratio).to(torch.int64),
                                   num_anchors - num_positive)
            eligible = ~positive & (overlap < mining_thresh)
            if bool((wanted > eligible.sum(1)).any()):
                raise MXNetError('MultiBoxTarget: fewer anchors can be mined as negatives than '
                                 'negative_mining_ratio asks for')
            background = torch.softmax(cls_pred.detach(), 1)[:, 0, :]
            rank_key = torch.where(eligible, background, background.new_tensor(float('inf')))
            order = torch.sort(rank_key, dim=1, stable=True).indices
            rank = torch.empty_like(order).scatter_(1, order, torch.arange(num_anchors, device=order.device)
                                                    .expand(batch, -1).contiguous())
            negative = eligible & (rank < wanted.unsqueeze(1))
        else:
            negative = ~positive
        has_gt = usable.any(1, keepdim=True)
        positive &= has_gt
        negative &= has_gt
        matched_gt = gt.gather(1, match.clamp(min=0).unsqueeze(-1).expand(-1, -1, 4))
        matched_class = gt_class.gather(1, match.clamp(min=0))
        loc = _loc_targets(anchors, matched_gt, variances).to(dtype)
        mask = positive.unsqueeze(-1).expand(-1, -1, 4)
        loc_target = torch.where(mask, loc, torch.zeros_like(loc)).reshape(batch, -1)
        loc_mask = mask.to(dtype).reshape(batch, -1)
        cls_target = torch.full((batch, num_anchors), float(ignore_label), dtype=dtype, device=anchor.device)
        cls_target = torch.where(negative, torch.zeros_like(cls_target), cls_target)
        cls_target = torch.where(positive, matched_class.to(dtype) + 1, cls_target)
    return zero_gradient((loc_target, loc_mask, cls_target), anchor, label, cls_pred)


# ---- MultiBoxDetection ------------------------------------------------------------------------------
def _decode_ssd(anchors, loc, variances, clip):
    """Corner-encoded boxes from SSD offsets `loc` (B, A, 4) on anchors (A, 4), clipped to [0, 1] with
    `clip`."""
    ax, ay, aw, ah = _mid(anchors)
    vx, vy, vw, vh = variances
    ox = loc[..., 0] * vx * aw + ax
    oy = loc[..., 1] * vy * ah + ay
    ow = torch.exp(loc[..., 2] * vw) * aw / 2
    oh = torch.exp(loc[..., 3] * vh) * ah / 2
    boxes = torch.stack((ox - ow, oy - oh, ox + ow, oy + oh), -1)
    return boxes.clamp(0, 1) if clip else boxes


@register(namespace='contrib')
def MultiBoxDetection(cls_prob, loc_pred, anchor, clip=True, threshold=0.01, background_id=0, nms_threshold=0.5,
                      force_suppress=False, variances=(0.1, 0.1, 0.2, 0.2), nms_topk=-1):
    """SSD detections: for each anchor the best non-background class of `cls_prob` (B, classes, A) and
    the box decoded from `loc_pred` (B, A*4); anchors whose best probability reaches `threshold` are
    detections. Returns (B, A, 6) rows [class_id, score, xmin, ymin, xmax, ymax]: the detections by
    descending score, those suppressed by non-maximum suppression with class id -1, then rows of -1.

    Parameters
    ----------
    cls_prob : NDArray
        (B, classes, A) class probabilities; class 0 is the background.
    loc_pred : NDArray
        (B, A*4) box offsets.
    anchor : NDArray
        (1, A, 4) corner-encoded anchors.
    clip : bool
        Clip the boxes to [0, 1].
    threshold : float
        Lowest score of a detection.
    background_id : int
        Accepted; class 0 is the background, as in MXNet's CPU kernel.
    nms_threshold : float
        IoU at or above which the lower-scored of two boxes is suppressed; outside (0, 1] no suppression
        (and no sorting) happens.
    force_suppress : bool
        Suppress across classes too.
    variances : tuple of 4 floats
        Scale the offsets.
    nms_topk : int
        Only the `nms_topk` best detections take part in suppression (-1: all).
    """
    op = 'MultiBoxDetection'
    variances = _variances(variances, op)
    for what, t, nd in (('cls_prob', cls_prob, 3), ('loc_pred', loc_pred, 2), ('anchor', anchor, 3)):
        if t.dim() != nd:
            raise MXNetError('MultiBoxDetection: {} must be {}-D, got shape {}'.format(what, nd, tuple(t.shape)))
    num_anchors = cls_prob.shape[2]
    if anchor.shape[1] != num_anchors or anchor.shape[2] != 4 or num_anchors <= 0:
        raise MXNetError('MultiBoxDetection: anchor {} does not fit cls_prob {} (number of anchors mismatch)'.format(
            tuple(anchor.shape), tuple(cls_prob.shape)))
    if loc_pred.shape[1] != num_anchors * 4:
        raise MXNetError('MultiBoxDetection: loc_pred {} must have 4 values per anchor of cls_prob {} (# anchors '
                         'mismatch with # loc)'.format(tuple(loc_pred.shape), tuple(cls_prob.shape)))
    for t in (cls_prob, loc_pred, anchor):
        float32_only(t, op)
    nms_threshold, topk, force = float(nms_threshold), int(nms_topk), as_bool(force_suppress)
    batch, num_classes = cls_prob.shape[0], cls_prob.shape[1]
    device = cls_prob.device
    with torch.no_grad():
        if num_classes > 1:
            score, cls = cls_prob[:, 1:, :].max(1)
            cls = torch.where(score < float(threshold), torch.zeros_like(cls), cls + 1)
        else:
            score = cls_prob.new_full((batch, num_anchors), -1.0)
            cls = torch.zeros((batch, num_anchors), dtype=torch.int64, device=device)
        boxes = _decode_ssd(anchor.reshape(num_anchors, 4), loc_pred.reshape(batch, num_anchors, 4), variances,
                            as_bool(clip))
        rows = torch.cat(((cls - 1).to(cls_prob.dtype).unsqueeze(-1), score.unsqueeze(-1), boxes), -1)
        detected = cls > 0
        order, count = _compact(detected)
        rows = rows.gather(1, order.unsqueeze(-1).expand(-1, -1, 6))
        position = torch.arange(num_anchors, device=device)
        filled = position < count.unsqueeze(1)
        rows = torch.where(filled.unsqueeze(-1), rows, rows.new_tensor(-1.0))
        if 0 < nms_threshold <= 1 and bool(count.any()):
            key = torch.where(filled, rows[..., 1], rows.new_tensor(float('-inf')))
            ranked = torch.sort(key, dim=1, descending=True, stable=True).indices
            keep_n = count if topk <= 0 else count.clamp(max=topk)
            in_top = position < keep_n.unsqueeze(1)
            # the best keep_n rows in order; rows after them stay where they were, their class id -1
            source = torch.where(in_top, ranked, position.expand(batch, -1))
            rows = rows.gather(1, source.unsqueeze(-1).expand(-1, -1, 6))
            dropped = ~in_top & filled
            ids = rows[..., 0]
            # only the first `width` rows take part (the best keep_n of each image): the pairs among them
            width = int(keep_n.max())
            head, head_ids = rows[:, :width], ids[:, :width]
            suppresses = pairwise_iou_ssd(head[..., 2:]) >= nms_threshold
            if not force:
                suppresses &= head_ids.unsqueeze(-1) == head_ids.unsqueeze(-2)
            keep = torch.zeros_like(in_top)
            keep[:, :width] = greedy_keep(suppresses, in_top[:, :width])
            ids = torch.where((in_top & ~keep) | dropped, ids.new_tensor(-1.0), ids)
            rows = torch.cat((ids.unsqueeze(-1), rows[..., 1:]), -1)
    return zero_gradient(rows, cls_prob, loc_pred, anchor)


def pairwise_iou_ssd(boxes):
    """IoU of every pair of corner-encoded boxes (B, K, 4) as MultiBoxDetection computes it: sides clipped
    at 0, areas not, 0 where the union is not positive."""
    inter = _intersection(boxes, boxes, 'corner')
    area = (boxes[..., 2] - boxes[..., 0]) * (boxes[..., 3] - boxes[..., 1])
    union = area.unsqueeze(-1) + area.unsqueeze(-2) - inter
    return torch.where(union <= 0, torch.zeros_like(inter), inter / union)


# ---- Proposal / MultiProposal -----------------------------------------------------------------------------
def _rpn_anchors(stride, scales, ratios, device):
    """Faster R-CNN's base anchors (ratios x scales, ratio-major) around the cell [0, stride - 1]^2, with
    MXNet's rounding, in float32: (len(ratios) * len(scales), 4)."""
    side = float(stride)
    centre = 0.5 * (side - 1.0)
    anchors = []
    for ratio in ratios:
        base_w = torch.floor(torch.sqrt(torch.floor(torch.tensor(side * side / ratio))) + 0.5)
        base_h = torch.floor(base_w * ratio + 0.5)
        for scale in scales:
            w, h = base_w * scale, base_h * scale
            anchors.append(torch.stack((centre - 0.5 * (w - 1), centre - 0.5 * (h - 1),
                                        centre + 0.5 * (w - 1), centre + 0.5 * (h - 1))))
    return torch.stack(anchors).to(torch.float32).to(device)


def _rpn_suppresses(boxes, thresh, block=1024):
    """(B, K, K) whether box i's overlap with box j exceeds `thresh`, areas counted in whole pixels (+1),
    computed in blocks of rows to bound the memory of the overlaps."""
    area = (boxes[..., 2] - boxes[..., 0] + 1) * (boxes[..., 3] - boxes[..., 1] + 1)
    rows = []
    for s in range(0, boxes.shape[1], block):
        a = boxes[:, s:s + block]
        w = (torch.minimum(a[..., 2:3], boxes[..., 2].unsqueeze(1)) -
             torch.maximum(a[..., 0:1], boxes[..., 0].unsqueeze(1)) + 1).clamp(min=0)
        h = (torch.minimum(a[..., 3:4], boxes[..., 3].unsqueeze(1)) -
             torch.maximum(a[..., 1:2], boxes[..., 1].unsqueeze(1)) + 1).clamp(min=0)
        inter = w * h
        rows.append(inter / (area[:, s:s + block].unsqueeze(-1) + area.unsqueeze(1) - inter) > thresh)
    return torch.cat(rows, 1)


def _proposals(op, cls_prob, bbox_pred, im_info, pre_top, post_top, threshold, min_size, scales, ratios,
               stride, output_score, iou_loss):
    for what, t, nd in (('cls_prob', cls_prob, 4), ('bbox_pred', bbox_pred, 4), ('im_info', im_info, 2)):
        if t.dim() != nd:
            raise MXNetError('{}: {} must be {}-D, got shape {}'.format(op, what, nd, tuple(t.shape)))
        float32_only(t, op)
    scales, ratios = float_tuple(scales, op, 'scales'), float_tuple(ratios, op, 'ratios')
    batch, channels, height, width = cls_prob.shape
    num = channels // 2
    if num != len(scales) * len(ratios):
        raise MXNetError('{}: cls_prob has {} anchors per position (channels / 2), but scales x ratios make '
                         '{}'.format(op, num, len(scales) * len(ratios)))
    if tuple(bbox_pred.shape) != (batch, num * 4, height, width) or tuple(im_info.shape) != (batch, 3):
        raise MXNetError('{}: bbox_pred {} and im_info {} do not fit cls_prob {} (expected {} and {})'.format(
            op, tuple(bbox_pred.shape), tuple(im_info.shape), tuple(cls_prob.shape),
            (batch, num * 4, height, width), (batch, 3)))
    stride, min_size, threshold = int(stride), int(min_size), float(threshold)
    post_top = int(post_top)
    count = num * height * width
    pre = min(int(pre_top) if int(pre_top) > 0 else count, count)
    keep_top = min(post_top, pre)
    dev = cls_prob.device
    info = im_info.detach()
    real_h = (info[:, 0] / stride).to(torch.int64)
    real_w = (info[:, 1] / stride).to(torch.int64)
    if bool(((real_h > height) | (real_w > width)).any()):
        raise MXNetError('{}: im_info {} is larger than the feature map {} x {} times the feature_stride {}'.format(
            op, info.tolist(), height, width, stride))
    with torch.no_grad():
        base = _rpn_anchors(stride, scales, ratios, dev)                          # (A, 4)
        sy = torch.arange(height, device=dev, dtype=torch.float32) * stride
        sx = torch.arange(width, device=dev, dtype=torch.float32) * stride
        shift = torch.stack(torch.broadcast_tensors(sx.view(1, -1, 1), sy.view(-1, 1, 1),
                                                    sx.view(1, -1, 1), sy.view(-1, 1, 1)), -1)
        anchors = (base.view(1, 1, num, 4) + shift).reshape(-1, 4)                # (H * W * A, 4)
        # per position (h, w, a): the foreground score and the four deltas
        score = cls_prob[:, num:].permute(0, 2, 3, 1).reshape(batch, -1).clone()
        deltas = bbox_pred.reshape(batch, num, 4, height, width).permute(0, 3, 4, 1, 2).reshape(batch, -1, 4)
        if iou_loss:
            boxes = anchors + deltas
        else:
            aw = anchors[:, 2] - anchors[:, 0] + 1.0
            ah = anchors[:, 3] - anchors[:, 1] + 1.0
            ax, ay = anchors[:, 0] + 0.5 * (aw - 1.0), anchors[:, 1] + 0.5 * (ah - 1.0)
            cx, cy = deltas[..., 0] * aw + ax, deltas[..., 1] * ah + ay
            pw, ph = torch.exp(deltas[..., 2]) * aw, torch.exp(deltas[..., 3]) * ah
            boxes = torch.stack((cx - 0.5 * (pw - 1.0), cy - 0.5 * (ph - 1.0),
                                 cx + 0.5 * (pw - 1.0), cy + 0.5 * (ph - 1.0)), -1)
        limit = torch.stack((info[:, 1], info[:, 0], info[:, 1], info[:, 0]), -1).view(batch, 1, 4) - 1.0
        boxes = torch.maximum(torch.minimum(boxes, limit), torch.zeros_like(boxes))
        hh = torch.arange(height, device=dev).view(1, -1, 1, 1)
        ww = torch.arange(width, device=dev).view(1, 1, -1, 1)
        outside = ((hh >= real_h.view(-1, 1, 1, 1)) | (ww >= real_w.view(-1, 1, 1, 1))).expand(
            batch, height, width, num).reshape(batch, -1)
        score = torch.where(outside, score.new_tensor(-1.0), score)
        # boxes smaller than the minimum size grow by it and lose their score, as in MXNet
        least = (min_size * info[:, 2]).view(batch, 1)
        small = ((boxes[..., 2] - boxes[..., 0] + 1.0) < least) | ((boxes[..., 3] - boxes[..., 1] + 1.0) < least)
        grow = torch.where(small, least / 2, torch.zeros_like(least.expand_as(small))).unsqueeze(-1)
        boxes = boxes + torch.cat((-grow, -grow, grow, grow), -1)
        score = torch.where(small, score.new_tensor(-1.0), score)
        order = torch.sort(score, dim=1, descending=True, stable=True).indices[:, :pre]
        boxes = boxes.gather(1, order.unsqueeze(-1).expand(-1, -1, 4))
        score = score.gather(1, order)
        keep = greedy_keep(_rpn_suppresses(boxes, threshold), torch.ones_like(score, dtype=torch.bool))
        chosen, kept = _compact(keep)
        kept = kept.clamp(max=keep_top)
        # the kept boxes in order, repeated cyclically to fill post_top rows
        slot = torch.arange(post_top, device=dev).view(1, -1) % kept.view(-1, 1)
        pick = chosen.gather(1, slot)
        rois = boxes.gather(1, pick.unsqueeze(-1).expand(-1, -1, 4))
        first = torch.arange(batch, device=dev, dtype=torch.float32).view(-1, 1, 1).expand(-1, post_top, 1)
        rois = torch.cat((first, rois), -1).reshape(-1, 5)
        scores = score.gather(1, pick).reshape(-1, 1)
    result = zero_gradient((rois, scores), cls_prob, bbox_pred, im_info)
    return result if as_bool(output_score) else result[0]


@register(namespace='contrib')
def Proposal(cls_prob, bbox_pred, im_info, rpn_pre_nms_top_n=6000, rpn_post_nms_top_n=300, threshold=0.7,
             rpn_min_size=16, scales=(4.0, 8.0, 16.0, 32.0), ratios=(0.5, 1.0, 2.0), feature_stride=16,
             output_score=False, iou_loss=False):
    """Region proposals of a Faster R-CNN region proposal network, for one image: anchors of every
    (ratio, scale) at every position of the feature map are moved by `bbox_pred`, clipped to the image,
    ranked by the foreground half of `cls_prob`, and thinned by non-maximum suppression. Returns
    (rpn_post_nms_top_n, 5) rows [0, x1, y1, x2, y2] (the kept boxes repeated when fewer), and their
    scores (rpn_post_nms_top_n, 1) with output_score.

    Parameters
    ----------
    cls_prob : NDArray
        (1, 2 * anchors, H, W): background then foreground probabilities.
    bbox_pred : NDArray
        (1, 4 * anchors, H, W) box deltas.
    im_info : NDArray
        (1, 3): image height, width and scale.
    rpn_pre_nms_top_n, rpn_post_nms_top_n : int
        Boxes entering suppression (by score) and boxes returned.
    threshold : float
        IoU above which the lower-scored box is suppressed.
    rpn_min_size : int
        Boxes smaller than this (times the image scale) lose their score.
    scales, ratios : tuple of float
        Anchor scales and aspect ratios.
    feature_stride : int
        Pixels of the image per feature map position.
    output_score : bool
        Also return the scores.
    iou_loss : bool
        bbox_pred holds corner offsets rather than centre/size deltas.
    """
    if cls_prob.dim() == 4 and cls_prob.shape[0] != 1:
        raise MXNetError('Proposal: takes one image (batch size 1), got cls_prob of shape {}; use MultiProposal '
                         'for several'.format(tuple(cls_prob.shape)))
    return _proposals('Proposal', cls_prob, bbox_pred, im_info, rpn_pre_nms_top_n, rpn_post_nms_top_n, threshold,
                      rpn_min_size, scales, ratios, feature_stride, output_score, as_bool(iou_loss))


@register(namespace='contrib')
def MultiProposal(cls_prob, bbox_pred, im_info, rpn_pre_nms_top_n=6000, rpn_post_nms_top_n=300, threshold=0.7,
                  rpn_min_size=16, scales=(4.0, 8.0, 16.0, 32.0), ratios=(0.5, 1.0, 2.0), feature_stride=16,
                  output_score=False, iou_loss=False):
    """Proposal for a batch of images: (batch * rpn_post_nms_top_n, 5) rows [image_index, x1, y1, x2, y2]
    (and their scores with output_score). Parameters as Proposal's."""
    return _proposals('MultiProposal', cls_prob, bbox_pred, im_info, rpn_pre_nms_top_n, rpn_post_nms_top_n,
                      threshold, rpn_min_size, scales, ratios, feature_stride, output_score, as_bool(iou_loss))
