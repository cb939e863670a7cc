"""MXNet 1.9.1's default detection augmenter (``det_aug_default``, behind ImageDetRecordIter), on one uint8
(H, W, C) RGB tensor and its label.

The label is MXNet's detection layout: ``[header_width, object_width, (header extras...), objects...]``
with each object ``[id, xmin, ymin, xmax, ymax, (extras...)]`` in coordinates relative to the image.
Objects whose box is empty (xmax <= xmin or ymax <= ymin) are dropped when the label is read, as MXNet's
reader drops them. The steps, in MXNet's order: shorter-side `resize`; the colour step (hue, saturation
and lightness shifts in OpenCV's 8-bit HLS, then a contrast gain, each with its probability); the mirror
of `rand_mirror_prob`; the random pad of `rand_pad_prob` / `max_pad_scale` (boxes projected onto the
padded canvas); the random crop of `rand_crop_prob`, trying the `num_crop_sampler` samplers in random
order, each up to its `max_crop_trials` crop boxes, until one meets its overlap/coverage limits and keeps
an object (`crop_emit_mode` center/overlap); then the resize of `resize_mode` (force, shrink, fit).
Geometry is computed in float32 as MXNet's C++ does; the random draws come from the caller's numpy
generator (not MXNet's C++ engines).
"""
import numpy as np
import torch

from ..base import MXNetError
from ..ndarray.ops._cvresize import cv_resize
from . import _record_aug

_F = np.float32
_SAMPLER_TUPLES = ('min_crop_scales', 'max_crop_scales', 'min_crop_aspect_ratios', 'max_crop_aspect_ratios',
                   'min_crop_overlaps', 'max_crop_overlaps', 'min_crop_sample_coverages',
                   'max_crop_sample_coverages', 'min_crop_object_coverages', 'max_crop_object_coverages',
                   'max_crop_trials')
_EMIT_MODES = ('center', 'overlap')
_RESIZE_MODES = ('force', 'shrink', 'fit')


def parse_tuple(value, kind=float):
    """A dmlc Tuple argument: a number, a tuple/list, or its string form '(a, b)' / '[a]' / 'a,b'."""
    if isinstance(value, str):
        value = [v for v in value.strip().strip('()[]').split(',') if v.strip()]
    elif not isinstance(value, (tuple, list)):
        value = [value]
    return [kind(float(v)) if kind is int else kind(v) for v in value]


def _enum(value, choices):
    value = str(value)
    if value not in choices:
        raise MXNetError("Invalid Input: '{}', valid values are: {{{}}}".format(
            value, ', '.join("'%s'" % c for c in sorted(choices))))
    return choices.index(value)


class DetLabel(object):
    """The header and the (k, object_width) float32 objects of one detection label."""

    def __init__(self, raw):
        raw = np.asarray(raw, dtype=np.float32)
        width = raw.size
        if width < 7:
            raise MXNetError('Check failed: label_width >= 7 ({} vs. 7) : '.format(width))
        header_width = int(raw[0])
        if header_width < 2:
            raise MXNetError('Check failed: header_width >= 2 ({} vs. 2) : '.format(header_width))
        self.object_width = int(raw[1])
        if self.object_width < 5:
            raise MXNetError('Check failed: object_width_ >= 5 ({} vs. 5) : '.format(self.object_width))
        if (width - header_width) % self.object_width != 0:
            raise MXNetError('Check failed: (label_width - header_width) % object_width_ == 0 ({} vs. 0) : '.format(
                (width - header_width) % self.object_width))
        self.header = raw[:header_width]
        objects = raw[header_width:].reshape(-1, self.object_width)
        keep = (objects[:, 3] > objects[:, 1]) & (objects[:, 4] > objects[:, 2])
        self.objects = objects[keep]

    def array(self):
        return np.concatenate([self.header, self.objects.reshape(-1)])

    def project(self, box, objects=None):
        """The objects' boxes in the coordinates of `box` (x, y, w, h), clipped to [0, 1]."""
        objs = (self.objects if objects is None else objects).copy()
        x, y, w, h = (_F(v) for v in box)
        objs[:, 1] = np.maximum(_F(0), (objs[:, 1] - x) / w)
        objs[:, 2] = np.maximum(_F(0), (objs[:, 2] - y) / h)
        objs[:, 3] = np.minimum(_F(1), (objs[:, 3] - x) / w)
        objs[:, 4] = np.minimum(_F(1), (objs[:, 4] - y) / h)
        return objs

    def mirror(self):
        left = self.objects[:, 1].copy()
        self.objects[:, 1] = _F(1) - self.objects[:, 3]
        self.objects[:, 3] = _F(1) - left


def _intersection(box, objs):
    """Areas (float32) of the intersections of rectangle `box` (x, y, w, h) with the objects' boxes."""
    x, y, w, h = box
    left = np.maximum(x, objs[:, 1])
    top = np.maximum(y, objs[:, 2])
    right = np.minimum(_F(x + w), objs[:, 3])
    bottom = np.minimum(_F(y + h), objs[:, 4])
    iw, ih = right - left, bottom - top
    return np.where((iw > 0) & (ih > 0), iw * ih, _F(0)).astype(np.float32)


class DetAugment(object):
    """MXNet's det_aug_default: its parameters checked as MXNet checks them, applied by calling it."""

    def __init__(self, p, channels, out_h, out_w):
        self.resize = int(p['resize'])
        self.inter = int(p['inter_method'])
        if not (0 <= self.inter <= 4 or 9 <= self.inter <= 10):
            raise MXNetError('Check failed: (param_.inter_method >= 0 && param_.inter_method <= 4) || '
                             '(param_.inter_method >= 9 && param_.inter_method <= 10): invalid inter_method: '
                             'valid value 0,1,2,3,9,10')
        self.channels, self.out_h, self.out_w = channels, out_h, out_w
        self.num_sampler = int(p['num_crop_sampler'])
        samplers = {}
        for key in _SAMPLER_TUPLES:
            values = parse_tuple(p[key], int if key == 'max_crop_trials' else float)
            if self.num_sampler == 1 and len(values) != 1:
                raise MXNetError('Check failed: param->ndim() == 1 ({} vs. 1) : '.format(len(values)))
            if self.num_sampler > 1:
                if len(values) == 1:
                    values = values * self.num_sampler
                elif len(values) != self.num_sampler:
                    raise MXNetError('Check failed: param->ndim() == num_sampler ({} vs. {}) : # of parameters/'
                                     'crop_samplers mismatch '.format(len(values), self.num_sampler))
            samplers[key] = [_F(v) for v in values] if key != 'max_crop_trials' else values
        for i in range(self.num_sampler):
            g = {k: v[i] for k, v in samplers.items()}
            for ok, text, a, b in (
                    (g['min_crop_scales'] >= 0, 'param_.min_crop_scales[i] >= 0.0f', 'min_crop_scales', None),
                    (g['max_crop_scales'] <= 1, 'param_.max_crop_scales[i] <= 1.0f', 'max_crop_scales', None),
                    (g['max_crop_scales'] > g['min_crop_scales'], 'param_.max_crop_scales[i] > '
                     'param_.min_crop_scales[i]', 'max_crop_scales', 'min_crop_scales'),
                    (g['min_crop_aspect_ratios'] >= 0, 'param_.min_crop_aspect_ratios[i] >= 0.0f',
                     'min_crop_aspect_ratios', None),
                    (g['max_crop_aspect_ratios'] >= g['min_crop_aspect_ratios'], 'param_.max_crop_aspect_ratios[i] '
                     '>= param_.min_crop_aspect_ratios[i]', 'max_crop_aspect_ratios', 'min_crop_aspect_ratios'),
                    (g['max_crop_overlaps'] >= g['min_crop_overlaps'], 'param_.max_crop_overlaps[i] >= '
                     'param_.min_crop_overlaps[i]', 'max_crop_overlaps', 'min_crop_overlaps'),
                    (g['max_crop_sample_coverages'] >= g['min_crop_sample_coverages'],
                     'param_.max_crop_sample_coverages[i] >= param_.min_crop_sample_coverages[i]',
                     'max_crop_sample_coverages', 'min_crop_sample_coverages'),
                    (g['max_crop_object_coverages'] >= g['min_crop_object_coverages'],
                     'param_.max_crop_object_coverages[i] >= param_.min_crop_object_coverages[i]',
                     'max_crop_object_coverages', 'min_crop_object_coverages')):
                if not ok:
                    other = '{:g}'.format(g[b]) if b else ('1' if 'max_crop_scales[i] <=' in text else '0')
                    raise MXNetError('Check failed: {} ({:g} vs. {}) : '.format(text, g[a], other))
        self.samplers = [{k: v[i] for k, v in samplers.items()} for i in range(max(0, self.num_sampler))]
        self.emit_mode = _enum(p['crop_emit_mode'], _EMIT_MODES)
        self.emit_thresh = _F(p['emit_overlap_thresh'])
        if self.emit_thresh < 0:
            raise MXNetError('Check failed: param_.emit_overlap_thresh >= 0.0f ({:g} vs. 0) : '.format(
                self.emit_thresh))
        self.resize_mode = _enum(p['resize_mode'], _RESIZE_MODES)
        self.crop_prob, self.pad_prob = _F(p['rand_crop_prob']), _F(p['rand_pad_prob'])
        self.max_pad_scale, self.fill = _F(p['max_pad_scale']), int(p['fill_value'])
        self.mirror_prob = _F(p['rand_mirror_prob'])
        self.hue, self.sat = int(float(p['max_random_hue'])), int(float(p['max_random_saturation']))
        self.light = int(float(p['max_random_illumination']))
        self.contrast = _F(p['max_random_contrast'])
        self.colour_probs = tuple(_F(p[k]) for k in ('random_hue_prob', 'random_saturation_prob',
                                                     'random_illumination_prob', 'random_contrast_prob'))
        self.coloured = any(v > 0 for v in self.colour_probs)

    # -- draws
    @staticmethod
    def _uniform(rng, low=0.0, high=1.0):
        low, high = _F(low), _F(high)
        return _F(low + (high - low) * _F(rng.random_sample()))

    def _interp(self, old_w, old_h, w, h, rng):
        if self.inter == 9:
            if w > old_w and h > old_h:
                return 2
            if w < old_w and h < old_h:
                return 3
            return 1
        if self.inter == 10:
            return int(rng.randint(0, 5))
        return self.inter

    def _resize(self, img, w, h, rng):
        interp = self._interp(img.shape[1], img.shape[0], w, h, rng)
        if (img.shape[0], img.shape[1]) == (h, w):
            return img
        return cv_resize(img, w, h, interp)

    # -- the steps
    def __call__(self, img, raw_label, rng):
        """(augmented uint8 (h, w, C) tensor, float32 label array) of one image and its raw label."""
        if self.resize != -1:
            rows, cols = img.shape[0], img.shape[1]
            if rows > cols:
                h, w = self.resize * rows // cols, self.resize
            else:
                h, w = self.resize, self.resize * cols // rows
            img = self._resize(img, w, h, rng)
        label = DetLabel(raw_label)
        if self.coloured:
            img = self._colour(img, rng)
        if self.mirror_prob > 0 and self._uniform(rng) < self.mirror_prob:
            label.mirror()
            img = img.flip(1)
        if self.pad_prob > 0 and self.max_pad_scale > 1 and self._uniform(rng) < self.pad_prob:
            img = self._pad(img, label, rng)
        if self.crop_prob > 0 and self.num_sampler > 0 and self._uniform(rng) < self.crop_prob:
            img = self._crop(img, label, rng)
        oh, ow = self.out_h, self.out_w
        if self.resize_mode == 0:
            img = self._resize(img, ow, oh, rng)
        else:
            rows, cols = img.shape[0], img.shape[1]
            if self.resize_mode == 2 or rows > oh or cols > ow:
                ratio = min(_F(oh) / _F(rows), _F(ow) / _F(cols))
                img = self._resize(img, int(ratio * _F(cols)), int(ratio * _F(rows)), rng)
        return img, label.array()

    def _colour(self, img, rng):
        draws = [self._uniform(rng, -1, 1) for _ in range(4)]
        h = int(draws[0] * _F(self.hue))
        s = int(draws[1] * _F(self.sat))
        l = int(draws[2] * _F(self.light))
        c = _F(draws[3] * self.contrast)
        keep = [self._uniform(rng) < prob for prob in self.colour_probs]
        h, s, l = (v if k else 0 for v, k in zip((h, s, l), keep))
        c = c if keep[3] else _F(0)
        if h != 0 or s != 0 or l != 0:
            if img.shape[2] != 3:
                raise MXNetError('ImageDetRecordIter: random hue, saturation and illumination need colour images '
                                 '(data_shape[0] == 3); MXNet 1.9.1 fails in OpenCV here')
            img = _record_aug.shift_hls(img.unsqueeze(0), [(h, l, s)])[0]
        if abs(float(c)) > 1e-3:
            # convertTo(res, -1, 1 + c, 0): saturate_cast<uchar> of the float product (round half to even)
            scaled = img.to(torch.float32) * torch.tensor(_F(c + _F(1)), dtype=torch.float32)
            img = torch.round(scaled).clamp_(0, 255).to(torch.uint8)
        return img

    def _pad(self, img, label, rng):
        scale = self._uniform(rng, 1, self.max_pad_scale)
        if scale < _F(1.05):
            return img
        x0 = self._uniform(rng, 0, scale - _F(1))
        y0 = self._uniform(rng, 0, scale - _F(1))
        label.objects = label.project((-x0, -y0, scale, scale))
        rows, cols = img.shape[0], img.shape[1]
        left, top = int(x0 * _F(cols)), int(y0 * _F(rows))
        right = int(_F(scale - x0 - _F(1)) * _F(cols))
        bottom = int(_F(scale - y0 - _F(1)) * _F(rows))
        out = torch.full((rows + top + bottom, cols + left + right, img.shape[2]), self.fill, dtype=img.dtype)
        out[top:top + rows, left:left + cols] = img
        return out

    def _crop_box(self, g, rng, img_ratio):
        scale = _F(self._uniform(rng, g['min_crop_scales'], g['max_crop_scales']) + _F(1e-12))
        low = max(_F(g['min_crop_aspect_ratios'] / img_ratio), _F(scale * scale))
        high = min(_F(g['max_crop_aspect_ratios'] / img_ratio), _F(1.0 / float(scale * scale)))
        ratio = _F(np.sqrt(self._uniform(rng, low, high)))
        w = min(_F(1), _F(scale * ratio))
        h = min(_F(1), _F(scale / ratio))
        x0 = self._uniform(rng, 0, _F(1) - w)
        y0 = self._uniform(rng, 0, _F(1) - h)
        return x0, y0, w, h

    def _try_crop(self, box, g, label):
        """The objects kept by crop `box`, None when the box fails the sampler's limits or keeps none."""
        objs = label.objects
        if len(objs) == 0:
            return objs
        limits = [(g['min_crop_overlaps'], g['max_crop_overlaps']),
                  (g['min_crop_sample_coverages'], g['max_crop_sample_coverages']),
                  (g['min_crop_object_coverages'], g['max_crop_object_coverages'])]
        inter = _intersection(box, objs)
        box_area = _F(box[2] * box[3])
        obj_area = ((objs[:, 3] - objs[:, 1]) * (objs[:, 4] - objs[:, 2])).astype(np.float32)
        if any(low > 0 or high < 1 for low, high in limits):
            ok = np.ones(len(objs), dtype=bool)
            (lo, hi), (slo, shi), (olo, ohi) = limits
            if lo > 0 or hi < 1:
                union = (box_area + obj_area - inter).astype(np.float32)
                iou = np.where(inter > 0, inter / np.where(inter > 0, union, _F(1)), _F(0))
                ok &= (iou >= lo) & (iou <= hi)
            if slo > 0 or shi < 1:
                cover = inter / box_area
                ok &= (cover >= slo) & (cover <= shi)
            if olo > 0 or ohi < 1:
                cover = inter / obj_area
                ok &= (cover >= olo) & (cover <= ohi)
            if not ok.any():
                return None
        x, y, w, h = box
        if self.emit_mode == 0:
            cx = (objs[:, 1] + objs[:, 3]) * _F(0.5)
            cy = (objs[:, 2] + objs[:, 4]) * _F(0.5)
            keep = (cx >= x) & (cx < _F(x + w)) & (cy >= y) & (cy < _F(y + h))
        else:
            keep = inter / obj_area > self.emit_thresh
        if not keep.any():
            return None
        return label.project(box, objs[keep])

    def _crop(self, img, label, rng):
        rows, cols = img.shape[0], img.shape[1]
        img_ratio = _F(_F(cols) / _F(rows))
        for idx in rng.permutation(self.num_sampler):
            g = self.samplers[idx]
            for _ in range(g['max_crop_trials']):
                box = self._crop_box(g, rng, img_ratio)
                kept = self._try_crop(box, g, label)
                if kept is None:
                    continue
                label.objects = kept
                x0, y0, w, h = box
                left, top = int(x0 * _F(cols)), int(y0 * _F(rows))
                width, height = int(w * _F(cols)), int(h * _F(rows))
                return img[top:top + height, left:left + width]
        return img
