"""``mx.image``: image decoding, resizing and cropping on HWC NDArrays, the augmenters that
``CreateAugmenter`` assembles, and ``ImageIter``.

An image here is an NDArray of shape (height, width, channels); decoding gives uint8 in RGB order
(``to_rgb=False`` keeps OpenCV's BGR). Sizes passed to the crop and resize helpers are (width, height),
OpenCV's order. The pixels are MXNet's: decoding and resizing follow the OpenCV that MXNet bundles (see
``ndarray/ops/_imgcodec.py`` and ``_cvresize.py``).

Interpolation codes: 0 nearest, 1 bilinear, 2 bicubic, 3 area, 4 Lanczos-4; 9 chooses by the sizes
(bicubic to enlarge, area to shrink, bilinear when mixed), 10 chooses at random.

The random helpers and augmenters draw from Python's ``random`` (lighting noise and ``random_rotate``
from ``numpy.random``), as MXNet's do: the same seeds give the same crops, flips and jitters.
"""
import json
import logging
import os
import random
import warnings
from numbers import Number

import numpy as np

from .. import ndarray as nd
from .. import io
from .. import recordio
from ..ndarray import registry as _registry
from ..ndarray.ndarray import _wrap
from ..ndarray.ops import image as _image_ops  # registers the _cv* operators used below

__all__ = ['imread', 'imdecode', 'imresize', 'scale_down', 'copyMakeBorder', 'resize_short', 'fixed_crop',
           'imrotate', 'random_rotate', 'random_crop', 'center_crop', 'color_normalize', 'random_size_crop',
           'Augmenter', 'SequentialAug', 'ResizeAug', 'ForceResizeAug', 'RandomCropAug', 'RandomSizedCropAug',
           'CenterCropAug', 'RandomOrderAug', 'BrightnessJitterAug', 'ContrastJitterAug', 'SaturationJitterAug',
           'HueJitterAug', 'ColorJitterAug', 'LightingAug', 'ColorNormalizeAug', 'RandomGrayAug',
           'HorizontalFlipAug', 'CastAug', 'CreateAugmenter', 'ImageIter']

_cv = _registry.namespace_functions('_internal')

# Constants of the colour augmenters and of CreateAugmenter's ImageNet defaults.
_LUMA = (0.299, 0.587, 0.114)                                  # BT.601 weights of R, G, B
_RGB_TO_YIQ = np.array([(0.299, 0.587, 0.114), (0.596, -0.274, -0.321), (0.211, -0.523, 0.311)])
_YIQ_TO_RGB = np.array([(1.0, 0.956, 0.621), (1.0, -0.272, -0.647), (1.0, -1.107, 1.705)])
_GRAY_MIX = ((0.21,) * 3, (0.72,) * 3, (0.07,) * 3)            # x @ _GRAY_MIX puts one grey in all 3 channels
_IMAGENET_MEAN = (123.68, 116.28, 103.53)
_IMAGENET_STD = (58.395, 57.12, 57.375)
_IMAGENET_EIGVAL = (55.46, 4.794, 1.148)
_IMAGENET_EIGVEC = ((-0.5675, 0.7192, 0.4009), (-0.5808, -0.0045, -0.8140), (-0.5836, -0.6948, 0.4203))


# ---- the OpenCV-backed operators ------------------------------------------------------------------------
def imread(filename, *args, **kwargs):
    """Reads and decodes an image file.

    Takes ``flag`` (1: colour, 3 channels; 0: grey, 1 channel), ``to_rgb`` (default True) and ``out``.
    Returns a uint8 NDArray (height, width, channels).

    >>> mx.image.imread('cat.jpg').shape
    (480, 640, 3)
    """
    return _cv['_cvimread'](filename, *args, **kwargs)


def imdecode(buf, *args, **kwargs):
    """Decodes an encoded image (JPEG, PNG, ...) given as bytes, bytearray, a numpy buffer or a uint8
    NDArray.

    Takes ``flag``, ``to_rgb`` and ``out`` as ``imread`` does.

    >>> img = mx.image.imdecode(open('cat.jpg', 'rb').read(), to_rgb=False)   # OpenCV's BGR order
    """
    if not isinstance(buf, nd.NDArray):
        if not isinstance(buf, (bytes, bytearray, np.ndarray)):
            raise ValueError('buf must be of type bytes, bytearray or numpy.ndarray, got {}; encode a str to bytes '
                             'first'.format(type(buf).__name__))
        buf = nd.array(np.frombuffer(buf, dtype=np.uint8), dtype=np.uint8)
    return _cv['_cvimdecode'](buf, *args, **kwargs)


def imresize(src, w, h, *args, **kwargs):
    """Resizes an image (uint8, float32 or float64) to `w` x `h` pixels.

    Takes ``interp`` (default 1, bilinear; see the module's codes) and ``out``.

    >>> mx.image.imresize(img, 32, 24, interp=3).shape
    (24, 32, 3)
    """
    return _cv['_cvimresize'](src, w, h, *args, **kwargs)


def copyMakeBorder(src, top, bot, left, right, *args, **kwargs):
    """Pads an image with margins of `top`, `bot`, `left` and `right` pixels (OpenCV's copyMakeBorder).

    ``type`` picks what fills them: 0 a constant (``values`` per channel, or the older single ``value``),
    1 the edge pixel repeated, 2 a mirror including the edge, 3 the opposite side, 4 a mirror without the
    edge. Also takes ``out``.
    """
    return _cv['_cvcopyMakeBorder'](src, top, bot, left, right, *args, **kwargs)


# ---- sizes and interpolation ----------------------------------------------------------------------------
def scale_down(src_size, size):
    """The crop size `size` (width, height), reduced with its aspect ratio kept until it fits in an image
    of `src_size` (width, height).

    >>> mx.image.scale_down((640, 480), (720, 120))
    (640, 106)
    """
    width, height = size
    img_w, img_h = src_size
    if height > img_h:
        width, height = width * img_h / height, img_h
    if width > img_w:
        width, height = img_w, height * img_w / width
    return int(width), int(height)


def _get_interp_method(interp, sizes=()):
    """Resolves an interpolation code to one of 0..4: code 9 from `sizes` (old_h, old_w, new_h, new_w),
    code 10 at random."""
    if interp == 10:
        return random.randint(0, 4)
    if interp != 9:
        if interp not in (0, 1, 2, 3, 4):
            raise ValueError('Unknown interp method %d' % interp)
        return interp
    if not sizes:
        return 2
    if len(sizes) != 4:
        raise AssertionError('sizes must be (old_height, old_width, new_height, new_width), got {}'.format(sizes))
    old_h, old_w, new_h, new_w = sizes
    if new_h > old_h and new_w > old_w:
        return 2        # enlarging both ways
    if new_h < old_h and new_w < old_w:
        return 3        # shrinking both ways
    return 1


def _resized(src, size, interp, old_hw=None):
    """`src` resized to `size` (width, height), codes 9 and 10 resolved for a change from `old_hw`
    (height, width; by default `src`'s)."""
    new_w, new_h = size
    old_h, old_w = old_hw or src.shape[:2]
    return imresize(src, new_w, new_h, interp=_get_interp_method(interp, (old_h, old_w, new_h, new_w)))


def resize_short(src, size, interp=2):
    """Resizes an image so that its shorter side has `size` pixels, keeping the aspect ratio.

    >>> mx.image.resize_short(mx.nd.zeros((480, 640, 3), dtype='uint8'), 240).shape
    (240, 320, 3)
    """
    h, w = src.shape[0], src.shape[1]
    target = (size, size * h // w) if h > w else (size * w // h, size)
    return _resized(src, target, interp)


# ---- crops ----------------------------------------------------------------------------------------------
def fixed_crop(src, x0, y0, w, h, size=None, interp=2):
    """The `w` x `h` region of `src` at column `x0`, row `y0`, resized to `size` (width, height) if that
    is given and differs."""
    region = src[y0:y0 + h, x0:x0 + w]
    if size is None or size == (w, h):
        return region
    return _resized(region, size, interp, (h, w))


def _crop_at(src, size, interp, place):
    """Crops the largest region of `size`'s aspect ratio (at most `size`) that fits `src`, placed by
    ``place(free_x, free_y)`` -> (x0, y0), and resizes it to `size`; returns it with (x0, y0, w, h)."""
    img_h, img_w = src.shape[0], src.shape[1]
    w, h = scale_down((img_w, img_h), size)
    x0, y0 = place(img_w - w, img_h - h)
    return fixed_crop(src, x0, y0, w, h, size, interp), (x0, y0, w, h)


def random_crop(src, size, interp=2):
    """A crop of `size` (width, height) at a random place (see ``center_crop`` for images smaller than
    `size`). Returns the crop and its (x, y, width, height) in `src`."""
    return _crop_at(src, size, interp, lambda free_x, free_y: (random.randint(0, free_x), random.randint(0, free_y)))


def center_crop(src, size, interp=2):
    """The central crop of `size` (width, height); where the image is smaller, the largest central region
    with that aspect ratio, resized to `size`. Returns the crop and its (x, y, width, height) in `src`.

    >>> mx.image.center_crop(mx.nd.zeros((480, 640, 3), dtype='uint8'), (300, 200))[1]
    (170, 140, 300, 200)
    """
    return _crop_at(src, size, interp, lambda free_x, free_y: (int(free_x / 2), int(free_y / 2)))


def random_size_crop(src, size, area, ratio, interp=2, **kwargs):
    """A crop of random area and aspect ratio, resized to `size` (width, height).

    `area` is the range of the crop's share of the image's area (a single number is the lower bound, up to
    1), `ratio` the range of width / height (drawn uniformly in log scale). When ten draws give no crop
    that fits, the result is ``center_crop(src, size, interp)``. Returns the crop and its (x, y, width,
    height) in `src`.
    """
    if 'min_area' in kwargs:
        warnings.warn('`min_area` is deprecated. Please use `area` instead.', DeprecationWarning)
        area = kwargs.pop('min_area')
    if kwargs:
        raise AssertionError('unexpected keyword arguments for `random_size_crop`: {}'.format(sorted(kwargs)))
    low, high = (area, 1.0) if isinstance(area, Number) else (area[0], area[1])
    img_h, img_w = src.shape[0], src.shape[1]
    log_lo, log_hi = np.log(ratio[0]), np.log(ratio[1])
    for _ in range(10):
        crop_area = random.uniform(low, high) * (img_h * img_w)
        aspect = np.exp(random.uniform(log_lo, log_hi))
        w = int(round(np.sqrt(crop_area * aspect)))
        h = int(round(np.sqrt(crop_area / aspect)))
        if w <= img_w and h <= img_h:
            x0, y0 = random.randint(0, img_w - w), random.randint(0, img_h - h)
            return fixed_crop(src, x0, y0, w, h, size, interp), (x0, y0, w, h)
    return center_crop(src, size, interp)


def color_normalize(src, mean, std=None):
    """``(src - mean) / std`` computed in place in `src` (either of `mean`, `std` may be None)."""
    if mean is not None:
        src -= mean         # in place: the caller's array changes
    if std is not None:
        src /= std
    return src


# ---- rotation -------------------------------------------------------------------------------------------
def imrotate(src, rotation_degrees, zoom_in=False, zoom_out=False):
    """Rotates a float32 image (C, H, W) or batch (N, C, H, W) counter-clockwise about its centre,
    sampling bilinearly, zeros outside the source.

    `rotation_degrees` is a number, or for a batch an NDArray of one angle per image. `zoom_in` enlarges
    the result until no padding shows; `zoom_out` shrinks it until the whole source shows.
    """
    if zoom_in and zoom_out:
        raise ValueError('`zoom_in` and `zoom_out` cannot be both True')
    if src.dtype != np.float32:
        raise TypeError('Only `float32` images are supported by this function')
    single = src.ndim == 3
    if single:
        if not isinstance(rotation_degrees, Number):
            raise TypeError('When a single image is passed the rotation angle is required to be a scalar.')
        src = src.expand_dims(axis=0)
    elif src.ndim != 4:
        raise ValueError('Only 3D and 4D are supported by this function')
    if isinstance(rotation_degrees, Number):
        rotation_degrees = nd.full((len(src),), rotation_degrees)
    if len(rotation_degrees) != len(src):
        raise ValueError('The number of images must be equal to the number of rotation angles')
    rotated = _wrap(_image_ops.rotate(src._t, rotation_degrees._t, zoom_in, zoom_out))
    return rotated[0] if single else rotated


def random_rotate(src, angle_limits, zoom_in=False, zoom_out=False):
    """``imrotate`` by angles drawn from ``numpy.random.uniform(*angle_limits)`` (one per image of a
    batch)."""
    if src.ndim == 3:
        angles = np.random.uniform(*angle_limits)
    else:
        angles = nd.array(np.random.uniform(*angle_limits, size=src.shape[0]))
    return imrotate(src, angles, zoom_in=zoom_in, zoom_out=zoom_out)


# ---- augmenters -----------------------------------------------------------------------------------------
def _json_ready(value):
    """Arrays as nested lists, so that ``dumps`` can write them."""
    if isinstance(value, nd.NDArray):
        value = value.asnumpy()
    return value.tolist() if isinstance(value, np.ndarray) else value


def _apply_all(augs, img):
    for aug in augs:
        img = aug(img)
    return img


class Augmenter(object):
    """Base class of the augmenters: calling one on an image returns the augmented image.

    The keyword arguments given here are what ``dumps`` reports."""

    def __init__(self, **kwargs):
        self._kwargs = {key: _json_ready(value) for key, value in kwargs.items()}

    def dumps(self):
        """JSON text ``[lower-case class name, {argument: value}]``."""
        return json.dumps([type(self).__name__.lower(), self._kwargs])

    def __call__(self, src):
        raise NotImplementedError('Must override implementation.')


class _Configured(Augmenter):
    """An augmenter whose arguments are also its attributes of the same names."""

    def __init__(self, **params):
        super().__init__(**params)
        vars(self).update(params)


class _Composite(Augmenter):
    """An augmenter made of the augmenters in ``ts``; ``dumps`` lists theirs (a list, not JSON text)."""

    def __init__(self, ts):
        super().__init__()
        self.ts = ts

    def dumps(self):
        return [type(self).__name__.lower(), [aug.dumps() for aug in self.ts]]

    def _run(self, src):
        return _apply_all(self.ts, src)


class SequentialAug(_Composite):
    """Applies the augmenters of `ts` in order."""

    def __call__(self, src):
        return self._run(src)


class RandomOrderAug(_Composite):
    """Applies the augmenters of `ts` in a new random order each call (shuffling `ts` itself)."""

    def __call__(self, src):
        random.shuffle(self.ts)
        return self._run(src)


class ResizeAug(_Configured):
    """Resizes the shorter side to `size` (``resize_short``)."""

    def __init__(self, size, interp=2):
        super().__init__(size=size, interp=interp)

    def __call__(self, src):
        return resize_short(src, self.size, self.interp)


class ForceResizeAug(_Configured):
    """Resizes to `size` (width, height), whatever the aspect ratio."""

    def __init__(self, size, interp=2):
        super().__init__(size=size, interp=interp)

    def __call__(self, src):
        return _resized(src, self.size, self.interp)


class RandomCropAug(_Configured):
    """``random_crop`` of `size` (width, height)."""

    def __init__(self, size, interp=2):
        super().__init__(size=size, interp=interp)

    def __call__(self, src):
        return random_crop(src, self.size, self.interp)[0]


class CenterCropAug(_Configured):
    """``center_crop`` of `size` (width, height)."""

    def __init__(self, size, interp=2):
        super().__init__(size=size, interp=interp)

    def __call__(self, src):
        return center_crop(src, self.size, self.interp)[0]


class RandomSizedCropAug(_Configured):
    """``random_size_crop`` to `size` with an `area` range and an aspect `ratio` range."""

    def __init__(self, size, area, ratio, interp=2, **kwargs):
        super().__init__(size=size, area=area, ratio=ratio, interp=interp)
        if 'min_area' in kwargs:
            warnings.warn('`min_area` is deprecated. Please use `area` instead.', DeprecationWarning)
            self.area = kwargs.pop('min_area')
        if kwargs:
            raise AssertionError('unexpected keyword arguments for `RandomSizedCropAug`: {}'.format(sorted(kwargs)))

    def __call__(self, src):
        return random_size_crop(src, self.size, self.area, self.ratio, self.interp)[0]


class BrightnessJitterAug(_Configured):
    """Multiplies a float image, in place, by a factor drawn from [1 - brightness, 1 + brightness]."""

    def __init__(self, brightness):
        super().__init__(brightness=brightness)

    def __call__(self, src):
        src *= 1.0 + random.uniform(-self.brightness, self.brightness)
        return src


class ContrastJitterAug(_Configured):
    """Moves a float RGB image, in place, towards or away from its mean grey level: ``a * x + (1 - a) *
    mean_gray`` with ``a`` drawn from [1 - contrast, 1 + contrast]."""

    def __init__(self, contrast):
        super().__init__(contrast=contrast)
        self.coef = nd.array([[_LUMA]])

    def __call__(self, src):
        keep = 1.0 + random.uniform(-self.contrast, self.contrast)
        luma = src * self.coef
        shift = (3.0 * (1.0 - keep) / luma.size) * nd.sum(luma)
        src *= keep
        src += shift
        return src


class SaturationJitterAug(_Configured):
    """Blends a float RGB image, in place, with its grey version: ``a * x + (1 - a) * gray`` with ``a``
    drawn from [1 - saturation, 1 + saturation]."""

    def __init__(self, saturation):
        super().__init__(saturation=saturation)
        self.coef = nd.array([[_LUMA]])

    def __call__(self, src):
        keep = 1.0 + random.uniform(-self.saturation, self.saturation)
        gray = nd.sum(src * self.coef, axis=2, keepdims=True)
        gray *= 1.0 - keep
        src *= keep
        src += gray
        return src


class HueJitterAug(_Configured):
    """Turns the hue of a float RGB image by a fraction of half a turn drawn from [-hue, hue] (a rotation
    in the YIQ colour space)."""

    def __init__(self, hue):
        super().__init__(hue=hue)
        self.tyiq = _RGB_TO_YIQ
        self.ityiq = _YIQ_TO_RGB

    def __call__(self, src):
        angle = np.pi * random.uniform(-self.hue, self.hue)
        cos, sin = np.cos(angle), np.sin(angle)
        turn_iq = np.array([(1.0, 0.0, 0.0), (0.0, cos, -sin), (0.0, sin, cos)])
        rgb_map = self.ityiq.dot(turn_iq).dot(self.tyiq)
        return nd.dot(src, nd.array(rgb_map.T))


class ColorJitterAug(RandomOrderAug):
    """Brightness, contrast and saturation jitter (each one whose amount is above 0), in random order."""

    def __init__(self, brightness, contrast, saturation):
        kinds = ((BrightnessJitterAug, brightness), (ContrastJitterAug, contrast),
                 (SaturationJitterAug, saturation))
        super().__init__([kind(amount) for kind, amount in kinds if amount > 0])


class LightingAug(_Configured):
    """Adds AlexNet's PCA lighting noise in place: ``eigvec @ (eigval * alpha)`` for every pixel, with
    ``alpha`` drawn from N(0, alphastd) per component (``numpy.random``)."""

    def __init__(self, alphastd, eigval, eigvec):
        super().__init__(alphastd=alphastd, eigval=eigval, eigvec=eigvec)

    def __call__(self, src):
        alpha = np.random.normal(0, self.alphastd, size=(3,))
        src += nd.array(np.dot(self.eigvec * alpha, self.eigval))
        return src


class ColorNormalizeAug(Augmenter):
    """``color_normalize`` with `mean` and `std` (arrays, or None to skip that step)."""

    def __init__(self, mean, std):
        super().__init__(mean=mean, std=std)
        self.mean = _as_nd(mean)
        self.std = _as_nd(std)

    def __call__(self, src):
        return color_normalize(src, self.mean, self.std)


def _as_nd(value):
    return value if value is None or isinstance(value, nd.NDArray) else nd.array(value)


class RandomGrayAug(_Configured):
    """With probability `p`, replaces a float RGB image by its grey level in all three channels."""

    def __init__(self, p):
        super().__init__(p=p)
        self.mat = nd.array(_GRAY_MIX)

    def __call__(self, src):
        return nd.dot(src, self.mat) if random.random() < self.p else src


class HorizontalFlipAug(_Configured):
    """With probability `p`, mirrors the image left to right."""

    def __init__(self, p):
        super().__init__(p=p)

    def __call__(self, src):
        return nd.flip(src, axis=1) if random.random() < self.p else src


class CastAug(Augmenter):
    """Converts the image to dtype `typ` (reported as ``type`` by ``dumps``)."""

    def __init__(self, typ='float32'):
        super().__init__(type=typ)
        self.typ = typ

    def __call__(self, src):
        return src.astype(self.typ)


def _per_channel(value, name):
    """CreateAugmenter's `mean`/`std`: True for ImageNet's values, None, or an array of 1 or 3 values."""
    if value is True:
        return nd.array(_IMAGENET_MEAN if name == 'mean' else _IMAGENET_STD)
    if value is not None and not (isinstance(value, (np.ndarray, nd.NDArray)) and value.shape[0] in (1, 3)):
        raise AssertionError('CreateAugmenter: {} must be True, None, or a numpy array or NDArray of 1 or 3 '
                             'values, got {!r}'.format(name, value))
    return value


def CreateAugmenter(data_shape, resize=0, rand_crop=False, rand_resize=False, rand_mirror=False,
                    mean=None, std=None, brightness=0, contrast=0, saturation=0, hue=0,
                    pca_noise=0, rand_gray=0, inter_method=2):
    """The usual augmenters for images of `data_shape` (channels, height, width), in this order:
    shorter-side resize to `resize` (if > 0); a crop to the output size (random with `rand_crop`, of random
    area 8%..100% and aspect 3/4..4/3 with `rand_resize` as well, else central); a random left-right flip
    (`rand_mirror`); a cast to float32; colour jitter (`brightness`, `contrast`, `saturation`, then `hue`);
    PCA lighting noise (`pca_noise`, ImageNet's eigenvectors); random grey with probability `rand_gray`;
    normalization by `mean` and `std` (True: ImageNet's). `inter_method` is the interpolation code of every
    resize.

    >>> augs = mx.image.CreateAugmenter((3, 224, 224), resize=256, rand_crop=True, rand_mirror=True)
    """
    crop = (data_shape[2], data_shape[1])
    augs = [ResizeAug(resize, inter_method)] if resize > 0 else []
    if rand_resize:
        if not rand_crop:
            raise AssertionError('CreateAugmenter: rand_resize needs rand_crop=True')
        augs.append(RandomSizedCropAug(crop, 0.08, (3.0 / 4.0, 4.0 / 3.0), inter_method))
    else:
        augs.append((RandomCropAug if rand_crop else CenterCropAug)(crop, inter_method))
    if rand_mirror:
        augs.append(HorizontalFlipAug(0.5))
    augs.append(CastAug())
    if brightness or contrast or saturation:
        augs.append(ColorJitterAug(brightness, contrast, saturation))
    if hue:
        augs.append(HueJitterAug(hue))
    if pca_noise > 0:
        augs.append(LightingAug(pca_noise, np.array(_IMAGENET_EIGVAL), np.array(_IMAGENET_EIGVEC)))
    if rand_gray > 0:
        augs.append(RandomGrayAug(rand_gray))
    mean, std = _per_channel(mean, 'mean'), _per_channel(std, 'std')
    if mean is not None or std is not None:
        augs.append(ColorNormalizeAug(mean, std))
    return augs


# ---- ImageIter ------------------------------------------------------------------------------------------
def _read_lst(path, dtype):
    """The examples of an image list file: lines ``index<TAB>label(s)<TAB>path``."""
    table, keys = {}, []
    with open(path) as lines:
        for line in lines:
            fields = line.strip().split('\t')
            if len(fields) < 3:
                raise ValueError('ImageIter: {}: bad line {!r}, expected index<TAB>label(s)<TAB>path'.format(
                    path, '\t'.join(fields)))
            key = int(fields[0])
            table[key] = (nd.array(fields[1:-1], dtype=dtype), fields[-1])
            keys.append(key)
    return table, keys


def _read_items(items, dtype):
    """The examples of an ``imglist``: ``[label, path]`` or ``[label_1, ..., label_k, path]`` items, keyed
    '1', '2', ..."""
    table, keys = {}, []
    for number, item in enumerate(items, 1):
        if len(item) > 2:
            label = item[:-1]
        else:
            label = [item[0]] if isinstance(item[0], Number) else item[0]
        key = str(number)
        table[key] = (nd.array(label, dtype=dtype), item[-1])
        keys.append(key)
    return table, keys


def _open_records(path_imgrec, path_imgidx):
    """(reader, keys of its index or None) for `path_imgrec`; (None, None) without one."""
    if not path_imgrec:
        return None, None
    logging.info('ImageIter: reading %s', path_imgrec)
    if not path_imgidx:
        return recordio.MXRecordIO(path_imgrec, 'r'), None
    reader = recordio.MXIndexedRecordIO(path_imgidx, path_imgrec, 'r')
    return reader, list(reader.keys)


class ImageIter(io.DataIter):
    """Batches of augmented images (batch_size, 3, height, width) with their labels.

    The images come from a RecordIO file (`path_imgrec`, with its index `path_imgidx` for shuffling or
    partitioning), or from image files under `path_root` named by an image list: a file
    (`path_imglist`, lines ``index<TAB>label(s)<TAB>path``) or a Python list (`imglist`, items ``[label,
    path]`` or ``[label_1, ..., label_k, path]``). With both a record file and a list, the list's labels
    win.

    `data_shape` is (3, height, width) and `label_width` the labels per image. `shuffle` reorders the
    examples at every reset; `part_index` of `num_parts` reads one equal share. `aug_list` defaults to
    ``CreateAugmenter(data_shape, **kwargs)``. `dtype` is the labels' (float32, float64, int32 or int64).
    `last_batch_handle`: 'pad' fills the last batch from the first examples, 'discard' drops it,
    'roll_over' carries it into the next epoch.
    """

    def __init__(self, batch_size, data_shape, label_width=1, path_imgrec=None, path_imglist=None,
                 path_root=None, path_imgidx=None, shuffle=False, part_index=0, num_parts=1, aug_list=None,
                 imglist=None, data_name='data', label_name='softmax_label', dtype='float32',
                 last_batch_handle='pad', **kwargs):
        super().__init__()
        if not (path_imgrec or path_imglist or isinstance(imglist, list)):
            raise AssertionError('ImageIter: give path_imgrec, path_imglist or imglist (a list)')
        if dtype not in ('int32', 'float32', 'int64', 'float64'):
            raise AssertionError('ImageIter: label dtype {} not supported (int32, float32, int64, float64)'.format(
                dtype))
        if last_batch_handle not in ('pad', 'discard', 'roll_over'):
            raise ValueError("ImageIter: last_batch_handle must be 'pad', 'discard' or 'roll_over', got {!r}".format(
                last_batch_handle))
        self.imgrec, self.imgidx = _open_records(path_imgrec, path_imgidx)
        if path_imglist:
            self.imglist, keys = _read_lst(path_imglist, dtype)
        elif isinstance(imglist, list):
            self.imglist, keys = _read_items(imglist, dtype)
        else:
            self.imglist, keys = None, []
        self.path_root = path_root

        self.check_data_shape(data_shape)
        self.data_shape, self.batch_size = data_shape, batch_size
        self.provide_data = [(data_name, (batch_size,) + data_shape)]
        self.label_width = label_width
        self.provide_label = [(label_name, (batch_size, label_width) if label_width > 1 else (batch_size,))]
        self.shuffle = shuffle

        # the order of reading: keys of the list, keys of the record index, or None to read the record file
        # straight through
        if self.imgrec is None:
            self.seq = keys
        elif shuffle or num_parts > 1 or path_imgidx:
            if self.imgidx is None:
                raise AssertionError('ImageIter: shuffling or partitioning a .rec file needs path_imgidx')
            self.seq = self.imgidx
        else:
            self.seq = None
        if num_parts > 1:
            if not 0 <= part_index < num_parts:
                raise AssertionError('ImageIter: part_index {} out of range for num_parts {}'.format(
                    part_index, num_parts))
            share = len(self.seq) // num_parts
            self.seq = self.seq[part_index * share:(part_index + 1) * share]
        self.num_image = None if self.seq is None else len(self.seq)

        self.auglist = CreateAugmenter(data_shape, **kwargs) if aug_list is None else aug_list
        self.last_batch_handle = last_batch_handle
        self.cur = 0
        self._allow_read = True          # False once a padded last batch was given, until reset
        self._clear_rolled()
        self.reset()

    def _clear_rolled(self):
        # a partial last batch kept by 'roll_over': its arrays and how many examples it holds
        self._cache_data = self._cache_label = self._cache_idx = None

    def _rewind(self):
        self.cur, self._allow_read = 0, True
        if self.imgrec is not None:
            self.imgrec.reset()
        if self.shuffle and self.seq is not None:
            random.shuffle(self.seq)

    def reset(self):
        """Starts a new epoch; a batch rolled over from the last one is completed first."""
        if self._cache_data is None or self.last_batch_handle != 'roll_over':
            self._rewind()
        elif self.shuffle and self.seq is not None:
            random.shuffle(self.seq)

    def hard_reset(self):
        """Starts from the first example, dropping any rolled-over batch."""
        self._rewind()
        self._clear_rolled()

    def next_sample(self):
        """The next (label, encoded image) pair; StopIteration at the end of the epoch (after which reading
        starts again from the first example, except for 'discard')."""
        if not self._allow_read:
            raise StopIteration
        wrap = self.last_batch_handle != 'discard'
        if self.seq is None:
            record = self.imgrec.read()
            if record is None:
                if wrap:
                    self.imgrec.reset()
                raise StopIteration
            header, img = recordio.unpack(record)
            return header.label, img
        if self.cur >= self.num_image:
            if wrap:
                self.cur = 0
            raise StopIteration
        key = self.seq[self.cur]
        self.cur += 1
        if self.imgrec is None:
            label, fname = self.imglist[key]
            return label, self.read_image(fname)
        header, img = recordio.unpack(self.imgrec.read_idx(key))
        return (header.label if self.imglist is None else self.imglist[key][0]), img

    def _batchify(self, batch_data, batch_label, start=0):
        """Fills rows `start`.. of the batch with decoded, augmented examples, skipping invalid images;
        returns the number of rows filled (StopIteration when the epoch ended before any)."""
        filled = start
        try:
            while filled < self.batch_size:
                label, encoded = self.next_sample()
                img = self.imdecode(encoded)
                try:
                    self.check_valid_image(img)
                except RuntimeError as err:
                    logging.debug('Invalid image, skipping:  %s', err)
                    continue
                batch_data[filled] = self.postprocess_data(self.augmentation_transform(img))
                batch_label[filled] = label
                filled += 1
        except StopIteration:
            if filled == 0:
                raise
        return filled

    def next(self):
        """The next DataBatch; its ``pad`` counts the rows taken from the start of the data."""
        if self._cache_data is not None:
            data, label, filled = self._cache_data, self._cache_label, self._cache_idx
        else:
            data, label = self._new_batch()
            filled = self._batchify(data, label)
        pad = self.batch_size - filled
        if pad:
            handle = self.last_batch_handle
            if handle == 'discard':
                raise StopIteration
            if handle == 'roll_over':
                if self._cache_data is None:
                    self._cache_data, self._cache_label, self._cache_idx = data, label, filled
                    raise StopIteration
                self._batchify(data, label, filled)
                self._clear_rolled()
            else:
                self._batchify(data, label, filled)
                self._allow_read = False
        return io.DataBatch([data], [label], pad=pad)

    def _new_batch(self):
        """Fresh (data, label) arrays of one batch."""
        return nd.zeros((self.batch_size,) + tuple(self.data_shape)), nd.empty(self.provide_label[0][1])

    def check_data_shape(self, data_shape):
        """ValueError unless `data_shape` is (3, height, width)."""
        if len(data_shape) != 3:
            raise ValueError('data_shape should have length 3, with dimensions CxHxW')
        if data_shape[0] != 3:
            raise ValueError('This iterator expects inputs to have 3 channels.')

    def check_valid_image(self, data):
        """RuntimeError for an image without pixels (such images are skipped)."""
        if len(data[0].shape) == 0:
            raise RuntimeError('Data shape is wrong')

    def _last_read(self):
        """Where the example just read came from, for error messages."""
        if self.seq is not None:
            key = self.seq[(self.cur % self.num_image) - 1]
        else:
            key = (self.cur % self.num_image) - 1 if self.num_image else self.cur - 1
        if self.imglist is not None:
            return 'filename: {}'.format(self.imglist[key][1])
        return 'index: {}'.format(key)

    def imdecode(self, s):
        """``mx.image.imdecode(s)``, failing with a RuntimeError that names the broken image."""
        try:
            return imdecode(s)
        except Exception as err:
            raise RuntimeError('Broken image {}, {}'.format(self._last_read(), err))

    def read_image(self, fname):
        """The bytes of the file `fname` under ``path_root``."""
        with open(os.path.join(self.path_root, fname), 'rb') as f:
            return f.read()

    def augmentation_transform(self, data):
        """`data` passed through every augmenter of ``auglist``."""
        return _apply_all(self.auglist, data)

    def postprocess_data(self, datum):
        """An augmented HWC image as a CHW row of the batch."""
        return nd.transpose(datum, axes=(2, 0, 1))
