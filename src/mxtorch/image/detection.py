"""``mx.image.detection`` (also ``mx.image.det``): augmenters that move bounding boxes along with the
image, ``CreateDetAugmenter`` and ``ImageDetIter``.

A detection label here is a float numpy array with one row per object, ``[class_id, xmin, ymin, xmax,
ymax, extra...]``, coordinates relative to the image's width and height (0..1). A raw label as stored in
a record or list file is flat: ``[header_width, object_width, header extras..., object rows...]``.

The random choices come from Python's ``random`` in the same order as MXNet's, so a seed gives MXNet's
crops, pads and flips.
"""
import json
import logging
import math
import random
import warnings
from numbers import Number

import numpy as np

from .. import ndarray as nd
from .image import (Augmenter, CastAug, ColorJitterAug, ColorNormalizeAug, ForceResizeAug, HueJitterAug,
                    ImageIter, LightingAug, RandomGrayAug, RandomOrderAug, ResizeAug, copyMakeBorder, fixed_crop,
                    _IMAGENET_EIGVAL, _IMAGENET_EIGVEC, _IMAGENET_MEAN, _IMAGENET_STD, _json_ready)

__all__ = ['DetAugmenter', 'DetBorrowAug', 'DetRandomSelectAug', 'DetHorizontalFlipAug', 'DetRandomCropAug',
           'DetRandomPadAug', 'CreateMultiRandCropAugmenter', 'CreateDetAugmenter', 'ImageDetIter']


class DetAugmenter(object):
    """Base class of the detection augmenters: ``aug(image, label)`` returns the new (image, label).

    The keyword arguments given here are what ``dumps`` reports."""

    def __init__(self, **kwargs):
        self._kwargs = {key: _json_ready(value) for key, value in kwargs.items()}

    def dumps(self):
        """JSON text ``[lower-case class name, {argument: value}]``."""
        return json.dumps([type(self).__name__.lower(), self._kwargs])

    def __call__(self, src, label):
        raise NotImplementedError('Must override implementation.')


class DetBorrowAug(DetAugmenter):
    """Runs a classification ``Augmenter`` on the image and leaves the label as it is (for augmenters that
    do not move pixels, or whose change of geometry the relative coordinates absorb)."""

    def __init__(self, augmenter):
        if not isinstance(augmenter, Augmenter):
            raise TypeError('Borrowing from invalid Augmenter')
        super().__init__(augmenter=augmenter.dumps())
        self.augmenter = augmenter

    def dumps(self):
        return [type(self).__name__.lower(), self.augmenter.dumps()]

    def __call__(self, src, label):
        return self.augmenter(src), label


class DetRandomSelectAug(DetAugmenter):
    """Applies one augmenter of `aug_list`, picked at random (the list is shuffled and its first one runs),
    or, with probability `skip_prob`, none. An empty list always skips."""

    def __init__(self, aug_list, skip_prob=0):
        super().__init__(skip_prob=skip_prob)
        augs = list(aug_list) if isinstance(aug_list, (list, tuple)) else [aug_list]
        if any(not isinstance(aug, DetAugmenter) for aug in augs):
            raise ValueError('Allow DetAugmenter in list only')
        self.aug_list = aug_list if isinstance(aug_list, list) else augs
        self.skip_prob = skip_prob if augs else 1

    def dumps(self):
        return [type(self).__name__.lower(), [aug.dumps() for aug in self.aug_list]]

    def __call__(self, src, label):
        if random.random() < self.skip_prob:
            return src, label
        random.shuffle(self.aug_list)
        return self.aug_list[0](src, label)


class DetHorizontalFlipAug(DetAugmenter):
    """With probability `p`, mirrors the image left to right and the boxes with it (the label array is
    changed in place)."""

    def __init__(self, p):
        super().__init__(p=p)
        self.p = p

    def __call__(self, src, label):
        if random.random() < self.p:
            src = nd.flip(src, axis=1)
            self._flip_label(label)
        return src, label

    def _flip_label(self, label):
        left = label[:, 1].copy()
        label[:, 1] = 1.0 - label[:, 3]
        label[:, 3] = 1.0 - left


def _as_range(value, what, owner):
    """A (low, high) pair from a pair, or from one number used for both ends."""
    if isinstance(value, (tuple, list)):
        return value
    if not isinstance(value, Number):
        raise AssertionError('{}: {} must be a number or a (low, high) pair, got {!r}'.format(owner, what, value))
    logging.info('Using fixed %s: %s in %s', what, value, owner)
    return (value, value)


def _box_areas(boxes):
    """Areas of (xmin, ymin, xmax, ymax) rows; inverted boxes count 0."""
    return np.maximum(0, boxes[:, 3] - boxes[:, 1]) * np.maximum(0, boxes[:, 2] - boxes[:, 0])


def _ratios(bounds, tries):
    """Up to `tries` aspect ratios drawn uniformly between `bounds`; a draw that is not positive uses up
    its try."""
    for _ in range(tries):
        drawn = random.uniform(bounds[0], bounds[1])
        if drawn > 0:
            yield drawn


def _size_for(ratio, low_area, high_area):
    """The height range of a region of aspect `ratio` whose area lies between the two bounds, as
    (rounded height at `low_area`, rounded height at `high_area`)."""
    return int(round(math.sqrt(low_area / ratio))), int(round(math.sqrt(high_area / ratio)))


class DetRandomCropAug(DetAugmenter):
    """Crops a random region of aspect ratio (width / height) in `aspect_ratio_range` and area (a fraction
    of the image's) in `area_range`, such that every object it overlaps is covered by more than
    `min_object_covered` of its area. Objects left with at most `min_eject_coverage` of their area are
    dropped and the rest clipped to the region. After `max_attempts` failed proposals the image stays as it
    is. Invalid ranges disable the augmenter (MXNet then fails in its warning call, with a TypeError)."""

    def __init__(self, min_object_covered=0.1, aspect_ratio_range=(0.75, 1.33), area_range=(0.05, 1.0),
                 min_eject_coverage=0.3, max_attempts=50):
        aspect_ratio_range = _as_range(aspect_ratio_range, 'aspect ratio', 'DetRandomCropAug')
        area_range = _as_range(area_range, 'area range', 'DetRandomCropAug')
        super().__init__(min_object_covered=min_object_covered, aspect_ratio_range=aspect_ratio_range,
                         area_range=area_range, min_eject_coverage=min_eject_coverage,
                         max_attempts=max_attempts)
        vars(self).update(min_object_covered=min_object_covered, min_eject_coverage=min_eject_coverage,
                          max_attempts=max_attempts, aspect_ratio_range=aspect_ratio_range, area_range=area_range,
                          enabled=False)
        # MXNet passes the range as warnings.warn's category, which makes the warning a TypeError
        if area_range[1] <= 0 or area_range[0] > area_range[1]:
            warnings.warn('Skip DetRandomCropAug due to invalid area_range: %s', area_range)
        elif aspect_ratio_range[0] > aspect_ratio_range[1] or aspect_ratio_range[0] <= 0:
            warnings.warn('Skip DetRandomCropAug due to invalid aspect_ratio_range: %s', aspect_ratio_range)
        else:
            self.enabled = True

    def __call__(self, src, label):
        found = self._random_crop_proposal(label, src.shape[0], src.shape[1])
        if found:
            x, y, w, h, label = found
            src = fixed_crop(src, x, y, w, h, None)
        return src, label

    def _calculate_areas(self, label):
        return _box_areas(label)

    def _intersect(self, label, xmin, ymin, xmax, ymax):
        """The boxes of `label` clipped to the region; rows that miss it become all zeros."""
        out = label.copy()
        out[:, 0] = np.maximum(label[:, 0], xmin)
        out[:, 1] = np.maximum(label[:, 1], ymin)
        out[:, 2] = np.minimum(label[:, 2], xmax)
        out[:, 3] = np.minimum(label[:, 3], ymax)
        out[(out[:, 0] >= out[:, 2]) | (out[:, 1] >= out[:, 3]), :] = 0
        return out

    def _check_satisfy_constraints(self, label, xmin, ymin, xmax, ymax, width, height):
        """Whether the pixel region covers each object it touches by more than min_object_covered."""
        if (xmax - xmin) * (ymax - ymin) < 2:
            return False
        areas = _box_areas(label[:, 1:])
        big = np.flatnonzero(areas * width * height > 2)
        if big.size == 0:
            return False
        inside = self._intersect(label[big, 1:], float(xmin) / width, float(ymin) / height,
                                 float(xmax) / width, float(ymax) / height)
        covered = _box_areas(inside) / areas[big]
        covered = covered[covered > 0]
        return covered.size > 0 and covered.min() > self.min_object_covered

    def _update_labels(self, label, crop_box, height, width):
        """The label in the coordinates of the crop (x, y, w, h), or None when no object survives."""
        x0, y0 = float(crop_box[0]) / width, float(crop_box[1]) / height
        cw, ch = float(crop_box[2]) / width, float(crop_box[3]) / height
        out = label.copy()
        out[:, (1, 3)] = (out[:, (1, 3)] - x0) / cw
        out[:, (2, 4)] = (out[:, (2, 4)] - y0) / ch
        out[:, 1:5] = np.clip(out[:, 1:5], 0, 1)
        kept = _box_areas(out[:, 1:]) * cw * ch / _box_areas(label[:, 1:])
        ok = (out[:, 3] > out[:, 1]) & (out[:, 4] > out[:, 2]) & (kept > self.min_eject_coverage)
        if not ok.any():
            return None
        return out[np.flatnonzero(ok), :]

    def _random_crop_proposal(self, label, height, width):
        """(x, y, w, h, new label) of an acceptable crop, or () when none was found."""
        if not self.enabled or height <= 0 or width <= 0:
            return ()
        low_area = self.area_range[0] * height * width
        high_area = self.area_range[1] * height * width
        for ratio in _ratios(self.aspect_ratio_range, self.max_attempts):
            h, top_h = _size_for(ratio, low_area, high_area)
            if round(top_h * ratio) > width:
                top_h = int((width + 0.4999999) / ratio)     # the tallest whose rounded width fits
            top_h = min(top_h, height)
            h = min(h, top_h)
            if h < top_h:
                h = random.randint(h, top_h)
            w = int(round(h * ratio))
            if w > width:
                raise AssertionError('DetRandomCropAug: proposed width {} exceeds the image width {}'.format(
                    w, width))
            # one step of height to correct what rounding did to the area
            if w * h < low_area:
                h += 1
                w = int(round(h * ratio))
            if w * h > high_area:
                h -= 1
                w = int(round(h * ratio))
            if not (low_area <= w * h <= high_area and 0 <= w <= width and 0 <= h <= height):
                continue
            top = random.randint(0, max(0, height - h))
            left = random.randint(0, max(0, width - w))
            if not self._check_satisfy_constraints(label, left, top, left + w, top + h, width, height):
                continue
            moved = self._update_labels(label, (left, top, w, h), height, width)
            if moved is not None:
                return (left, top, w, h, moved)
        return ()


class DetRandomPadAug(DetAugmenter):
    """Places the image at a random spot of a larger canvas filled with `pad_val`, of aspect ratio in
    `aspect_ratio_range` and area (relative to the image's) in `area_range`, moving the boxes with it.
    Canvases that add fewer than 2 pixels a side are skipped; after `max_attempts` the image stays."""

    def __init__(self, aspect_ratio_range=(0.75, 1.33), area_range=(1.0, 3.0), max_attempts=50,
                 pad_val=(128, 128, 128)):
        if not isinstance(pad_val, (list, tuple)) and not isinstance(pad_val, Number):
            raise AssertionError('DetRandomPadAug: pad_val must be a number or a tuple, got {!r}'.format(pad_val))
        aspect_ratio_range = _as_range(aspect_ratio_range, 'aspect ratio', 'DetRandomPadAug')
        area_range = _as_range(area_range, 'area range', 'DetRandomPadAug')
        super().__init__(aspect_ratio_range=aspect_ratio_range, area_range=area_range,
                         max_attempts=max_attempts, pad_val=pad_val)
        vars(self).update(pad_val=pad_val, aspect_ratio_range=aspect_ratio_range, area_range=area_range,
                          max_attempts=max_attempts, enabled=False)
        if area_range[1] <= 1.0 or area_range[0] > area_range[1]:
            warnings.warn('Skip DetRandomPadAug due to invalid parameters: %s', area_range)
        elif aspect_ratio_range[0] <= 0 or aspect_ratio_range[0] > aspect_ratio_range[1]:
            warnings.warn('Skip DetRandomPadAug due to invalid aspect_ratio_range: %s', aspect_ratio_range)
        else:
            self.enabled = True

    def __call__(self, src, label):
        height, width = src.shape[0], src.shape[1]
        found = self._random_pad_proposal(label, height, width)
        if found:
            x, y, w, h, label = found
            src = copyMakeBorder(src, y, h - y - height, x, w - x - width, 16, values=self.pad_val)
        return src, label

    def _update_labels(self, label, pad_box, height, width):
        left, top, canvas_w, canvas_h = pad_box
        moved = label.copy()
        for columns, size, offset, total in (((1, 3), width, left, canvas_w), ((2, 4), height, top, canvas_h)):
            moved[:, columns] = (label[:, columns] * size + offset) / total
        return moved

    def _random_pad_proposal(self, label, height, width):
        """(x, y, w, h, new label) of a canvas, or () when none was found."""
        if not self.enabled or height <= 0 or width <= 0:
            return ()
        low_area = self.area_range[0] * height * width
        high_area = self.area_range[1] * height * width
        for ratio in _ratios(self.aspect_ratio_range, self.max_attempts):
            h, top_h = _size_for(ratio, low_area, high_area)
            if round(h * ratio) < width:
                h = int((width + 0.499999) / ratio)          # wide enough for the image
            h = min(max(h, height), top_h)
            if h < top_h:
                h = random.randint(h, top_h)
            w = int(round(h * ratio))
            if h - height < 2 or w - width < 2:
                continue
            y = random.randint(0, max(0, h - height))
            x = random.randint(0, max(0, w - width))
            return (x, y, w, h, self._update_labels(label, (x, y, w, h), height, width))
        return ()


def _broadcast_settings(settings):
    """Each setting as a list (a non-list value is one entry), single entries repeated to the longest."""
    lists = [s if isinstance(s, list) else [s] for s in settings]
    count = max([1] + [len(s) for s in lists])
    for s in lists:
        if len(s) not in (1, count):
            raise AssertionError('CreateMultiRandCropAugmenter: settings given as lists must have the same '
                                 'length ({} vs {})'.format(len(s), count))
    return [s * count if len(s) == 1 else s for s in lists]


def CreateMultiRandCropAugmenter(min_object_covered=0.1, aspect_ratio_range=(0.75, 1.33),
                                 area_range=(0.05, 1.0), min_eject_coverage=0.3, max_attempts=50, skip_prob=0):
    """A ``DetRandomSelectAug`` over several ``DetRandomCropAug``: each argument may be a list with one
    value per crop augmenter (plain values are shared by all), and one of them runs per image unless the
    image is skipped with probability `skip_prob`.

    >>> aug = mx.image.det.CreateMultiRandCropAugmenter(min_object_covered=[0.1, 0.5, 0.9])
    """
    columns = _broadcast_settings([min_object_covered, aspect_ratio_range, area_range, min_eject_coverage,
                                   max_attempts])
    crops = [DetRandomCropAug(min_object_covered=moc, aspect_ratio_range=arr, area_range=ar,
                              min_eject_coverage=mec, max_attempts=ma) for moc, arr, ar, mec, ma in zip(*columns)]
    return DetRandomSelectAug(crops, skip_prob=skip_prob)


def _channel_stats(value, default, name):
    if value is True:
        return np.array(default)
    if value is not None and not (isinstance(value, np.ndarray) and value.shape[0] in (1, 3)):
        raise AssertionError('CreateDetAugmenter: {} must be True, None or a numpy array of 1 or 3 values, '
                             'got {!r}'.format(name, value))
    return value


def CreateDetAugmenter(data_shape, resize=0, rand_crop=0, rand_pad=0, rand_gray=0, rand_mirror=False,
                       mean=None, std=None, brightness=0, contrast=0, saturation=0, pca_noise=0, hue=0,
                       inter_method=2, min_object_covered=0.1, aspect_ratio_range=(0.75, 1.33),
                       area_range=(0.05, 3.0), min_eject_coverage=0.3, max_attempts=50, pad_val=(127, 127, 127)):
    """The usual detection augmenters for outputs of `data_shape` (channels, height, width), in order:
    shorter-side resize to `resize` (if > 0); with probability `rand_crop` one of the random crops that
    ``CreateMultiRandCropAugmenter`` makes from `min_object_covered`, `aspect_ratio_range`, `area_range`,
    `min_eject_coverage` and `max_attempts`; a random flip (`rand_mirror`); with probability `rand_pad` a
    random pad of area up to ``area_range[1]`` filled with `pad_val`; a forced resize to the output size;
    a cast to float32; colour jitter, hue, PCA lighting noise, random grey; normalization by `mean` and
    `std` (True: ImageNet's). `inter_method` is the interpolation code of every resize.

    >>> augs = mx.image.CreateDetAugmenter((3, 300, 300), rand_crop=0.5, rand_pad=0.5, rand_mirror=True)
    """
    augs = []
    if resize > 0:
        augs.append(DetBorrowAug(ResizeAug(resize, inter_method)))
    if rand_crop > 0:
        augs.append(CreateMultiRandCropAugmenter(min_object_covered, aspect_ratio_range, area_range,
                                                 min_eject_coverage, max_attempts, skip_prob=1 - rand_crop))
    if rand_mirror > 0:
        augs.append(DetHorizontalFlipAug(0.5))
    if rand_pad > 0:
        pad = DetRandomPadAug(aspect_ratio_range, (1.0, area_range[1]), max_attempts, pad_val)
        augs.append(DetRandomSelectAug([pad], 1 - rand_pad))
    augs.append(DetBorrowAug(ForceResizeAug((data_shape[2], data_shape[1]), inter_method)))
    augs.append(DetBorrowAug(CastAug()))
    if brightness or contrast or saturation:
        augs.append(DetBorrowAug(ColorJitterAug(brightness, contrast, saturation)))
    if hue:
        augs.append(DetBorrowAug(HueJitterAug(hue)))
    if pca_noise > 0:
        augs.append(DetBorrowAug(LightingAug(pca_noise, np.array(_IMAGENET_EIGVAL), np.array(_IMAGENET_EIGVEC))))
    if rand_gray > 0:
        augs.append(DetBorrowAug(RandomGrayAug(rand_gray)))
    mean = _channel_stats(mean, _IMAGENET_MEAN, 'mean')
    std = _channel_stats(std, _IMAGENET_STD, 'std')
    if mean is not None or std is not None:
        augs.append(DetBorrowAug(ColorNormalizeAug(mean, std)))
    return augs


class ImageDetIter(ImageIter):
    """Batches of augmented images with their detection labels: data (batch_size, 3, height, width) and
    label (batch_size, max objects, object width), rows of absent objects filled with -1.

    Sources as ``ImageIter``'s (`path_imgrec` with `path_imgidx`, `path_imglist`, or `imglist` items
    ``[raw label..., path]``); each raw label is ``[header_width, object_width, extras..., objects...]``.
    The label shape is measured by reading every label once at construction; ``reshape`` and
    ``sync_label_shape`` enlarge it. `aug_list` defaults to ``CreateDetAugmenter(data_shape, **kwargs)``.
    """

    def __init__(self, batch_size, data_shape, path_imgrec=None, path_imglist=None, path_root=None,
                 path_imgidx=None, shuffle=False, part_index=0, num_parts=1, aug_list=None, imglist=None,
                 data_name='data', label_name='label', last_batch_handle='pad', **kwargs):
        super().__init__(batch_size=batch_size, data_shape=data_shape, path_imgrec=path_imgrec,
                         path_imglist=path_imglist, path_root=path_root, path_imgidx=path_imgidx,
                         shuffle=shuffle, part_index=part_index, num_parts=num_parts, aug_list=[],
                         imglist=imglist, data_name=data_name, label_name=label_name,
                         last_batch_handle=last_batch_handle)
        self.auglist = CreateDetAugmenter(data_shape, **kwargs) if aug_list is None else aug_list
        self.label_shape = self._estimate_label_shape()
        self.provide_label = [(label_name, (self.batch_size,) + self.label_shape)]

    # ---- labels
    def _check_valid_label(self, label):
        """RuntimeError unless `label` is (objects, 5+) with at least one real box."""
        if len(label.shape) != 2 or label.shape[1] < 5:
            raise RuntimeError('Label with shape (1+, 5+) required, %s received.' % str(label))
        real = (label[:, 0] >= 0) & (label[:, 3] > label[:, 1]) & (label[:, 4] > label[:, 2])
        if not real.any():
            raise RuntimeError('Invalid label occurs.')

    def _estimate_label_shape(self):
        """(largest object count, object width) over one pass of the labels."""
        most, width = 0, None
        self.reset()
        while True:
            try:
                raw, _ = self.next_sample()
            except StopIteration:
                break
            objects = self._parse_label(raw)
            most, width = max(most, objects.shape[0]), objects.shape[1]
        self.reset()
        if width is None:
            raise RuntimeError('ImageDetIter: no labelled examples to measure the label shape from')
        return (most, width)

    def _parse_label(self, label):
        """The object rows with a positive-size box out of a flat raw label."""
        if isinstance(label, nd.NDArray):
            label = label.asnumpy()
        flat = np.asarray(label).ravel()
        if flat.size < 7:
            raise RuntimeError('Label shape is invalid: ' + str(flat.shape))
        head, obj_width = int(flat[0]), int(flat[1])
        if (flat.size - head) % obj_width != 0:
            raise RuntimeError('Label shape %s inconsistent with annotation width %d.' % (str(flat.shape), obj_width))
        rows = flat[head:].reshape(-1, obj_width)
        keep = (rows[:, 3] > rows[:, 1]) & (rows[:, 4] > rows[:, 2])
        if not keep.any():
            raise RuntimeError('Encounter sample with no valid label.')
        return rows[np.flatnonzero(keep), :]

    def check_label_shape(self, label_shape):
        """ValueError unless `label_shape` is (count, width) with no fewer objects and the same width."""
        if len(label_shape) != 2:
            raise ValueError('label_shape should have length 2')
        if label_shape[0] < self.label_shape[0]:
            raise ValueError('Attempts to reduce label count from %d to %d, not allowed.'
                             % (self.label_shape[0], label_shape[0]))
        if label_shape[1] != self.provide_label[0][1][2]:
            raise ValueError('label_shape object width inconsistent: %d vs %d.'
                             % (self.provide_label[0][1][2], label_shape[1]))

    def reshape(self, data_shape=None, label_shape=None):
        """Changes the output image shape and/or the label shape (more objects only)."""
        if data_shape is not None:
            self.check_data_shape(data_shape)
            self.data_shape = data_shape
            self.provide_data = [(self.provide_data[0][0],) + ((self.batch_size,) + tuple(data_shape),)]
        if label_shape is not None:
            self.check_label_shape(label_shape)
            self.label_shape = label_shape
            self.provide_label = [(self.provide_label[0][0],) + ((self.batch_size,) + tuple(label_shape),)]

    def sync_label_shape(self, it, verbose=False):
        """Gives this iterator and `it` (another ImageDetIter) the larger of their two object counts;
        returns `it`."""
        if not isinstance(it, ImageDetIter):
            raise AssertionError('Synchronize with invalid iterator.')
        mine, theirs = self.label_shape, it.label_shape
        if mine[1] != theirs[1]:
            raise AssertionError('object width mismatch.')
        most = max(mine[0], theirs[0])
        if most > mine[0]:
            self.reshape(None, (most, mine[1]))
        if most > theirs[0]:
            it.reshape(None, (most, theirs[1]))
        if verbose and most > min(mine[0], theirs[0]):
            logging.info('Resized label_shape to (%d, %d).', most, mine[1])
        return it

    # ---- batches
    def _new_batch(self):
        label = nd.empty(self.provide_label[0][1])
        label[:] = -1
        return nd.zeros((self.batch_size,) + tuple(self.data_shape)), label

    def _batchify(self, batch_data, batch_label, start=0):
        filled = start
        try:
            while filled < self.batch_size:
                raw, encoded = self.next_sample()
                img = self.imdecode(encoded)
                try:
                    self.check_valid_image([img])
                    img, objects = self.augmentation_transform(img, self._parse_label(raw))
                    self._check_valid_label(objects)
                except RuntimeError as err:
                    logging.debug('Invalid image, skipping:  %s', err)
                    continue
                batch_data[filled] = self.postprocess_data(img)
                row = batch_label[filled]
                count = objects.shape[0]
                row[0:count] = nd.array(objects)
                if count < row.shape[0]:
                    row[count:] = -1
                filled += 1
        except StopIteration:
            if filled == 0:
                raise
        return filled

    def augmentation_transform(self, data, label):
        """(`data`, `label`) passed through every augmenter of ``auglist``."""
        for aug in self.auglist:
            data, label = aug(data, label)
        return data, label

    def draw_next(self, color=None, thickness=2, mean=None, std=None, clip=True, waitKey=None,
                  window_name='draw_next', id2labels=None):
        """Yields the next images, augmented, as uint8 numpy arrays in BGR order with their boxes drawn
        (`color` an RGB triple, or None for a random colour per box; `mean`/`std` undo a normalization,
        True for ImageNet's; `clip` to 0..255). `id2labels` maps class ids to names written at the boxes.
        With `waitKey` set, each image is also shown in an OpenCV window named `window_name`."""
        shown = 0
        while True:
            try:
                raw, encoded = self.next_sample()
            except StopIteration:
                return
            img = self.imdecode(encoded)
            try:
                self.check_valid_image([img])
                objects = self._parse_label(raw)
            except RuntimeError as err:
                logging.debug('Invalid image, skipping:  %s', err)
                continue
            shown += 1
            img, objects = self.augmentation_transform(img, objects)
            image = img.asnumpy()
            std = _channel_stats(std, _IMAGENET_STD, 'std')
            if std is not None:
                image = image * std
            mean = _channel_stats(mean, _IMAGENET_MEAN, 'mean')
            if mean is not None:
                image = image + mean
            image = image[:, :, ::-1].copy()                  # RGB to BGR, as OpenCV shows images
            if clip:
                image = np.clip(image, 0, 255)
            if color:
                color = color[::-1]
            image = image.astype(np.uint8)
            _draw_boxes(image, objects, color, thickness, id2labels)
            if waitKey is not None:
                _show(window_name, image, waitKey)
            yield image


def _draw_boxes(image, objects, color, thickness, id2labels):
    """Draws the boxes of `objects` (relative coordinates) into the uint8 HWC `image`, in place."""
    height, width = image.shape[:2]
    half = max(int(thickness), 1) // 2
    for obj in objects:
        x1 = int(obj[1] * width)
        if x1 < 0:
            continue
        y1, x2, y2 = int(obj[2] * height), int(obj[3] * width), int(obj[4] * height)
        paint = np.random.rand(3) * 255 if not color else np.asarray(color, dtype=np.float64)
        paint = paint[:image.shape[2]].astype(np.uint8)
        for xa, ya, xb, yb in ((x1, y1, x2, y1), (x1, y2, x2, y2), (x1, y1, x1, y2), (x2, y1, x2, y2)):
            r0, r1 = max(min(ya, yb) - half, 0), min(max(ya, yb) + half + 1, height)
            c0, c1 = max(min(xa, xb) - half, 0), min(max(xa, xb) + half + 1, width)
            if r0 < r1 and c0 < c1:
                image[r0:r1, c0:c1] = paint
        if id2labels is not None and int(obj[0]) in id2labels:
            _write_text(image, str(id2labels[int(obj[0])]), (x1 + 5, y1 + 5))


def _write_text(image, text, position):
    try:
        from PIL import Image, ImageDraw
    except ImportError:  # pragma: no cover - Pillow is a dependency of mx.image
        return
    canvas = Image.fromarray(image)
    ImageDraw.Draw(canvas).text(position, text, fill=(255, 255, 255)[:image.shape[2]])
    image[...] = np.asarray(canvas)


def _show(window_name, image, wait):
    try:
        import cv2
    except ImportError as err:
        warnings.warn('Unable to show images without OpenCV (cv2): {}'.format(err))
        return
    cv2.imshow(window_name, image)
    cv2.waitKey(wait)

