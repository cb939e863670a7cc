"""MXNet's image API on NDArrays: decoding, resizing and cropping of HWC images, the augmenters, and the
ImageIter data iterator.

Images are (height, width, channels) NDArrays, uint8 as decoded, channels in RGB order unless
``to_rgb=False``. Pixels match MXNet's, which come from OpenCV: decoding goes through Pillow with
OpenCV's conversions (see ndarray/ops/_imgcodec.py), resizing through a re-implementation of OpenCV's
resize (ndarray/ops/_cvresize.py). Interpolation codes are OpenCV's: 0 nearest, 1 bilinear, 2 bicubic,
3 area, 4 Lanczos-4; 9 picks bicubic to enlarge, area to shrink, bilinear otherwise; 10 picks at random.

Random choices use Python's ``random`` module (and ``numpy.random`` for lighting noise), as MXNet's do,
so seeding those gives the same crops, flips and jitters as MXNet.
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
from ..ndarray.ops import image as _image_ops  # noqa: F401  (registers the _cv* operators)

__all__ = ['imread', 'imdecode', 'imresize', 'scale_down', 'copyMakeBorder', 'resize_short', 'fixed_crop', 'imrotate', 'random_rotate',
           'random_crop', 'center_crop', 'color_normalize', 'random_size_crop', 'Augmenter', 'SequentialAug',
           'ResizeAug', 'ForceResizeAug', 'RandomCropAug', 'RandomSizedCropAug', 'CenterCropAug',
           'RandomOrderAug', 'BrightnessJitterAug', 'ContrastJitterAug', 'SaturationJitterAug', 'HueJitterAug',
           'ColorJitterAug', 'LightingAug', 'ColorNormalizeAug', 'RandomGrayAug', 'HorizontalFlipAug', 'CastAug',
           'CreateAugmenter', 'ImageIter']

_cv = _registry.namespace_functions('_internal')


def imread(filename, *args, **kwargs):
    """Reads an image file and decodes it into an NDArray.

    Parameters
    ----------
    filename : str
        Path of the image file.
    flag : {0, 1}, default 1
        1: three colour channels, 0: one grey channel.
    to_rgb : bool, default True
        Channels in RGB order (MXNet's default) rather than OpenCV's BGR.
    out : NDArray, optional
        Array to write the result into.

    Returns
    -------
    NDArray
        uint8 image of shape (height, width, 3), or (height, width, 1) for ``flag=0``.

    Examples
    --------
    >>> img = mx.image.imread('cat.jpg')
    >>> img.shape, img.dtype
    ((480, 640, 3), <class 'numpy.uint8'>)
    """
    return _cv['_cvimread'](filename, *args, **kwargs)


def imdecode(buf, *args, **kwargs):
    """Decodes an encoded image (JPEG, PNG, ...) into an NDArray.

    Parameters
    ----------
    buf : bytes, bytearray, numpy.ndarray or NDArray (uint8)
        The encoded image.
    flag : {0, 1}, default 1
        1: three colour channels, 0: one grey channel.
    to_rgb : bool, default True
        Channels in RGB order (MXNet's default) rather than OpenCV's BGR.
    out : NDArray, optional
        Array to write the result into.

    Returns
    -------
    NDArray
        uint8 image of shape (height, width, 3), or (height, width, 1) for ``flag=0``.

    Examples
    --------
    >>> with open('cat.jpg', 'rb') as f:
    ...     img = mx.image.imdecode(f.read(), to_rgb=False)    # BGR, as OpenCV gives it
    """
    if not isinstance(buf, nd.NDArray):
        if not isinstance(buf, (bytes, bytearray, np.ndarray)):
            raise ValueError('buf must be of type bytes, bytearray or numpy.ndarray, got {}; encode a str to bytes '
                             'first'.format(type(buf).__name__))
        buf = nd.array(np.frombuffer(buf, dtype=np.uint8), dtype=np.uint8)
    return _cv['_cvimdecode'](buf, *args, **kwargs)


def imresize(src, w, h, *args, **kwargs):
    """Resizes an (H, W, C) image to width `w` and height `h`, with the pixels MXNet's OpenCV gives.

    Parameters
    ----------
    src : NDArray
        The image (uint8, float32 or float64).
    w, h : int
        Width and height of the result.
    interp : int, default 1
        0 nearest, 1 bilinear, 2 bicubic, 3 area, 4 Lanczos-4.
    out : NDArray, optional
        Array to write the result into.

    Returns
    -------
    NDArray
        The image, shape (h, w, C), same dtype.

    Examples
    --------
    >>> small = mx.image.imresize(img, 32, 24, interp=3)
    >>> small.shape
    (24, 32, 3)
    """
    return _cv['_cvimresize'](src, w, h, *args, **kwargs)


def scale_down(src_size, size):
    """Shrinks a crop size (width, height) that does not fit an image of `src_size` (width, height),
    keeping its aspect ratio.

    Examples
    --------
    >>> mx.image.scale_down((640, 480), (720, 120))
    (640, 106)
    """
    w, h = size
    sw, sh = src_size
    if sh < h:
        w, h = float(w * sh) / h, sh
    if sw < w:
        w, h = sw, float(h * sw) / w
    return int(w), int(h)


def copyMakeBorder(src, top, bot, left, right, *args, **kwargs):
    """Pads an (H, W, C) image, as OpenCV's copyMakeBorder.

    Parameters
    ----------
    src : NDArray
        The image.
    top, bot, left, right : int
        Margins in pixels.
    type : int, default 0
        OpenCV's border type: 0 constant, 1 replicate (``aaa|abcdef|fff``), 2 reflect (``cba|abcdef|fed``),
        3 wrap (``def|abcdef|abc``), 4 reflect_101 (``dcb|abcdef|edc``).
    value : float, default 0
        Constant for the first three channels (deprecated; use `values`).
    values : tuple of float
        Constant per channel (up to 4).
    out : NDArray, optional
        Array to write the result into.

    Examples
    --------
    >>> padded = mx.image.copyMakeBorder(img, 2, 2, 2, 2, type=1)    # replicate the edges
    """
    return _cv['_cvcopyMakeBorder'](src, top, bot, left, right, *args, **kwargs)


def _get_interp_method(interp, sizes=()):
    """The interpolation code (0 to 4) for `interp`, resolving 9 (by `sizes`, (old_h, old_w, new_h, new_w))
    and 10 (at random)."""
    if interp == 9:
        if sizes:
            if len(sizes) != 4:
                raise AssertionError('sizes must be (old_height, old_width, new_height, new_width), got {}'.format(
                    sizes))
            oh, ow, nh, nw = sizes
            if nh > oh and nw > ow:
                return 2
            if nh < oh and nw < ow:
                return 3
            return 1
        return 2
    if interp == 10:
        return random.randint(0, 4)
    if interp not in (0, 1, 2, 3, 4):
        raise ValueError('Unknown interp method %d' % interp)
    return interp


def resize_short(src, size, interp=2):
    """Resizes an (H, W, C) image so that its shorter edge is `size`, keeping the aspect ratio.

    Parameters
    ----------
    src : NDArray
        The image.
    size : int
        Length of the shorter edge after resizing.
    interp : int, default 2
        Interpolation code (see the module's description).

    Returns
    -------
    NDArray

    Examples
    --------
    >>> mx.image.resize_short(mx.nd.zeros((480, 640, 3), dtype='uint8'), 240).shape
    (240, 320, 3)
    """
    h, w, _ = src.shape
    if h > w:
        new_h, new_w = size * h // w, size
    else:
        new_h, new_w = size, size * w // h
    return imresize(src, new_w, new_h, interp=_get_interp_method(interp, (h, w, new_h, new_w)))


def fixed_crop(src, x0, y0, w, h, size=None, interp=2):
    """Crops the `w` x `h` region of `src` whose top-left corner is (`x0`, `y0`), then resizes it to `size`
    (width, height) when given and different."""
    out = src[y0:y0 + h, x0:x0 + w]
    if size is not None and (w, h) != size:
        sizes = (h, w, size[1], size[0])
        out = imresize(out, *size, interp=_get_interp_method(interp, sizes))
    return out


def random_crop(src, size, interp=2):
    """Crops a randomly placed region of `size` (width, height), shrunk to fit the image if needed and
    then resized to `size`.

    Returns
    -------
    NDArray
        The crop.
    tuple
        (x, y, width, height) of the region in `src`.
    """
    h, w, _ = src.shape
    new_w, new_h = scale_down((w, h), size)
    x0 = random.randint(0, w - new_w)
    y0 = random.randint(0, h - new_h)
    out = fixed_crop(src, x0, y0, new_w, new_h, size, interp)
    return out, (x0, y0, new_w, new_h)


def center_crop(src, size, interp=2):
    """Crops the centre region of `size` (width, height), shrunk to fit the image if needed and then
    resized to `size`.

    Returns
    -------
    NDArray
        The crop.
    tuple
        (x, y, width, height) of the region in `src`.

    Examples
    --------
    >>> out, rect = mx.image.center_crop(mx.nd.zeros((480, 640, 3), dtype='uint8'), (300, 200))
    >>> rect
    (170, 140, 300, 200)
    """
    h, w, _ = src.shape
    new_w, new_h = scale_down((w, h), size)
    x0 = int((w - new_w) / 2)
    y0 = int((h - new_h) / 2)
    out = fixed_crop(src, x0, y0, new_w, new_h, size, interp)
    return out, (x0, y0, new_w, new_h)


def color_normalize(src, mean, std=None):
    """Subtracts `mean` from `src` and divides by `std` (each optional), in place."""
    if mean is not None:
        src -= mean
    if std is not None:
        src /= std
    return src


def random_size_crop(src, size, area, ratio, interp=2, **kwargs):
    """Crops a random region whose area is a random fraction of the image's and whose aspect ratio is
    random, and resizes it to `size` (width, height); falls back to a centre crop after 10 tries.

    Parameters
    ----------
    src : NDArray
        The image.
    size : tuple of (int, int)
        Output (width, height).
    area : float or tuple of (float, float)
        Range of the crop's area as a fraction of the image's; a float is the minimum (maximum 1).
    ratio : tuple of (float, float)
        Range of the aspect ratio (width / height), sampled log-uniformly.
    interp : int, default 2
        Interpolation code.

    Returns
    -------
    NDArray
        The crop.
    tuple
        (x, y, width, height) of the region in `src`.
    """
    h, w, _ = src.shape
    src_area = h * w
    if 'min_area' in kwargs:
        warnings.warn('`min_area` is deprecated. Please use `area` instead.', DeprecationWarning)
        area = kwargs.pop('min_area')
    if kwargs:
        raise AssertionError('unexpected keyword arguments for `random_size_crop`: {}'.format(sorted(kwargs)))
    if isinstance(area, Number):
        area = (area, 1.0)
    for _ in range(10):
        target_area = random.uniform(area[0], area[1]) * src_area
        log_ratio = (np.log(ratio[0]), np.log(ratio[1]))
        new_ratio = np.exp(random.uniform(*log_ratio))
        new_w = int(round(np.sqrt(target_area * new_ratio)))
        new_h = int(round(np.sqrt(target_area / new_ratio)))
        if new_w <= w and new_h <= h:
            x0 = random.randint(0, w - new_w)
            y0 = random.randint(0, h - new_h)
            out = fixed_crop(src, x0, y0, new_w, new_h, size, interp)
            return out, (x0, y0, new_w, new_h)
    return center_crop(src, size, interp)


def imrotate(src, rotation_degrees, zoom_in=False, zoom_out=False):
    """Rotates float32 image(s) about their centre, counter-clockwise by `rotation_degrees`, sampling
    bilinearly (zeros outside).

    Parameters
    ----------
    src : NDArray
        float32 image (C, H, W) or batch (N, C, H, W).
    rotation_degrees : float or NDArray
        The angle; for a batch, one angle per image (an NDArray of N) or one for all.
    zoom_in : bool
        Enlarge so that no padding shows.
    zoom_out : bool
        Shrink so that the whole image stays visible.

    Returns
    -------
    NDArray
        The rotated image(s), same shape.
    """
    if zoom_in and zoom_out:
        raise ValueError('`zoom_in` and `zoom_out` cannot be both True')
    if src.dtype != np.float32:
        raise TypeError('Only `float32` images are supported by this function')
    expanded = False
    if src.ndim == 3:
        expanded = True
        src = src.expand_dims(axis=0)
        if not isinstance(rotation_degrees, Number):
            raise TypeError('When a single image is passed the rotation angle is required to be a scalar.')
    elif src.ndim != 4:
        raise ValueError('Only 3D and 4D are supported by this function')
    if isinstance(rotation_degrees, Number):
        rotation_degrees = nd.array([rotation_degrees] * len(src))
    if len(src) != len(rotation_degrees):
        raise ValueError('The number of images must be equal to the number of rotation angles')
    out = _wrap(_image_ops.rotate(src._t, rotation_degrees._t, zoom_in, zoom_out))
    return out[0] if expanded else out


def random_rotate(src, angle_limits, zoom_in=False, zoom_out=False):
    """Rotates float32 image(s) by angles drawn uniformly from `angle_limits` (degrees), with
    ``numpy.random`` (see ``imrotate``)."""
    if src.ndim == 3:
        rotation_degrees = np.random.uniform(*angle_limits)
    else:
        rotation_degrees = nd.array(np.random.uniform(*angle_limits, size=src.shape[0]))
    return imrotate(src, rotation_degrees, zoom_in=zoom_in, zoom_out=zoom_out)


# ---- augmenters ------------------------------------------------------------------------------------------
class Augmenter(object):
    """Base class of image augmenters: an augmenter is called on an image and returns the new image.

    The keyword arguments are kept (arrays as lists) for ``dumps``."""

    def __init__(self, **kwargs):
        self._kwargs = kwargs
        for k, v in self._kwargs.items():
            if isinstance(v, nd.NDArray):
                v = v.asnumpy()
            if isinstance(v, np.ndarray):
                self._kwargs[k] = v.tolist()

    def dumps(self):
        """The augmenter as a JSON string: ``[class name in lower case, keyword arguments]``."""
        return json.dumps([self.__class__.__name__.lower(), self._kwargs])

    def __call__(self, src):
        raise NotImplementedError('Must override implementation.')


class SequentialAug(Augmenter):
    """Applies a list of augmenters one after the other."""

    def __init__(self, ts):
        super(SequentialAug, self).__init__()
        self.ts = ts

    def dumps(self):
        return [self.__class__.__name__.lower(), [x.dumps() for x in self.ts]]

    def __call__(self, src):
        for aug in self.ts:
            src = aug(src)
        return src


class RandomOrderAug(Augmenter):
    """Applies a list of augmenters in a random order (shuffled at each call)."""

    def __init__(self, ts):
        super(RandomOrderAug, self).__init__()
        self.ts = ts

    def dumps(self):
        return [self.__class__.__name__.lower(), [x.dumps() for x in self.ts]]

    def __call__(self, src):
        random.shuffle(self.ts)
        for t in self.ts:
            src = t(src)
        return src


class ResizeAug(Augmenter):
    """Resizes the shorter edge to `size` (see ``resize_short``)."""

    def __init__(self, size, interp=2):
        super(ResizeAug, self).__init__(size=size, interp=interp)
        self.size = size
        self.interp = interp

    def __call__(self, src):
        return resize_short(src, self.size, self.interp)


class ForceResizeAug(Augmenter):
    """Resizes to `size` (width, height), ignoring the aspect ratio."""

    def __init__(self, size, interp=2):
        super(ForceResizeAug, self).__init__(size=size, interp=interp)
        self.size = size
        self.interp = interp

    def __call__(self, src):
        sizes = (src.shape[0], src.shape[1], self.size[1], self.size[0])
        return imresize(src, *self.size, interp=_get_interp_method(self.interp, sizes))


class RandomCropAug(Augmenter):
    """Random crop of `size` (width, height) (see ``random_crop``)."""

    def __init__(self, size, interp=2):
        super(RandomCropAug, self).__init__(size=size, interp=interp)
        self.size = size
        self.interp = interp

    def __call__(self, src):
        return random_crop(src, self.size, self.interp)[0]


class RandomSizedCropAug(Augmenter):
    """Random crop with random area and aspect ratio, resized to `size` (see ``random_size_crop``)."""

    def __init__(self, size, area, ratio, interp=2, **kwargs):
        super(RandomSizedCropAug, self).__init__(size=size, area=area, ratio=ratio, interp=interp)
        self.size = size
        if 'min_area' in kwargs:
            warnings.warn('`min_area` is deprecated. Please use `area` instead.', DeprecationWarning)
            self.area = kwargs.pop('min_area')
        else:
            self.area = area
        self.ratio = ratio
        self.interp = interp
        if kwargs:
            raise AssertionError('unexpected keyword arguments for `RandomSizedCropAug`: {}'.format(sorted(kwargs)))

    def __call__(self, src):
        return random_size_crop(src, self.size, self.area, self.ratio, self.interp)[0]


class CenterCropAug(Augmenter):
    """Centre crop of `size` (width, height) (see ``center_crop``)."""

    def __init__(self, size, interp=2):
        super(CenterCropAug, self).__init__(size=size, interp=interp)
        self.size = size
        self.interp = interp

    def __call__(self, src):
        return center_crop(src, self.size, self.interp)[0]


class BrightnessJitterAug(Augmenter):
    """Scales a float image by 1 + U(-brightness, brightness), in place."""

    def __init__(self, brightness):
        super(BrightnessJitterAug, self).__init__(brightness=brightness)
        self.brightness = brightness

    def __call__(self, src):
        alpha = 1.0 + random.uniform(-self.brightness, self.brightness)
        src *= alpha
        return src


class ContrastJitterAug(Augmenter):
    """Blends a float RGB image with its mean grey level: factor 1 + U(-contrast, contrast), in place."""

    def __init__(self, contrast):
        super(ContrastJitterAug, self).__init__(contrast=contrast)
        self.contrast = contrast
        self.coef = nd.array([[[0.299, 0.587, 0.114]]])

    def __call__(self, src):
        alpha = 1.0 + random.uniform(-self.contrast, self.contrast)
        gray = src * self.coef
        gray = (3.0 * (1.0 - alpha) / gray.size) * nd.sum(gray)
        src *= alpha
        src += gray
        return src


class SaturationJitterAug(Augmenter):
    """Blends a float RGB image with its grey version: factor 1 + U(-saturation, saturation), in place."""

    def __init__(self, saturation):
        super(SaturationJitterAug, self).__init__(saturation=saturation)
        self.saturation = saturation
        self.coef = nd.array([[[0.299, 0.587, 0.114]]])

    def __call__(self, src):
        alpha = 1.0 + random.uniform(-self.saturation, self.saturation)
        gray = src * self.coef
        gray = nd.sum(gray, axis=2, keepdims=True)
        gray *= (1.0 - alpha)
        src *= alpha
        src += gray
        return src


class HueJitterAug(Augmenter):
    """Rotates the hue of a float RGB image by U(-hue, hue) of half a turn, with the linear YIQ
    approximation."""

    def __init__(self, hue):
        super(HueJitterAug, self).__init__(hue=hue)
        self.hue = hue
        self.tyiq = np.array([[0.299, 0.587, 0.114],
                              [0.596, -0.274, -0.321],
                              [0.211, -0.523, 0.311]])
        self.ityiq = np.array([[1.0, 0.956, 0.621],
                               [1.0, -0.272, -0.647],
                               [1.0, -1.107, 1.705]])

    def __call__(self, src):
        alpha = random.uniform(-self.hue, self.hue)
        u = np.cos(alpha * np.pi)
        w = np.sin(alpha * np.pi)
        bt = np.array([[1.0, 0.0, 0.0],
                       [0.0, u, -w],
                       [0.0, w, u]])
        t = np.dot(np.dot(self.ityiq, bt), self.tyiq).T
        return nd.dot(src, nd.array(t))


class ColorJitterAug(RandomOrderAug):
    """Brightness, contrast and saturation jitter (those > 0), in a random order."""

    def __init__(self, brightness, contrast, saturation):
        ts = []
        if brightness > 0:
            ts.append(BrightnessJitterAug(brightness))
        if contrast > 0:
            ts.append(ContrastJitterAug(contrast))
        if saturation > 0:
            ts.append(SaturationJitterAug(saturation))
        super(ColorJitterAug, self).__init__(ts)


class LightingAug(Augmenter):
    """Adds AlexNet-style PCA noise: ``eigvec * N(0, alphastd) . eigval`` to every pixel, in place.

    Parameters
    ----------
    alphastd : float
        Noise level.
    eigval : array of shape (3,)
        Eigenvalues.
    eigvec : array of shape (3, 3)
        Eigenvectors.
    """

    def __init__(self, alphastd, eigval, eigvec):
        super(LightingAug, self).__init__(alphastd=alphastd, eigval=eigval, eigvec=eigvec)
        self.alphastd = alphastd
        self.eigval = eigval
        self.eigvec = eigvec

    def __call__(self, src):
        alpha = np.random.normal(0, self.alphastd, size=(3,))
        rgb = np.dot(self.eigvec * alpha, self.eigval)
        src += nd.array(rgb)
        return src


class ColorNormalizeAug(Augmenter):
    """Subtracts `mean` and divides by `std` (see ``color_normalize``)."""

    def __init__(self, mean, std):
        super(ColorNormalizeAug, self).__init__(mean=mean, std=std)
        self.mean = mean if mean is None or isinstance(mean, nd.NDArray) else nd.array(mean)
        self.std = std if std is None or isinstance(std, nd.NDArray) else nd.array(std)

    def __call__(self, src):
        return color_normalize(src, self.mean, self.std)


class RandomGrayAug(Augmenter):
    """Turns a float RGB image grey (keeping 3 channels) with probability `p`."""

    def __init__(self, p):
        super(RandomGrayAug, self).__init__(p=p)
        self.p = p
        self.mat = nd.array([[0.21, 0.21, 0.21],
                             [0.72, 0.72, 0.72],
                             [0.07, 0.07, 0.07]])

    def __call__(self, src):
        if random.random() < self.p:
            src = nd.dot(src, self.mat)
        return src


class HorizontalFlipAug(Augmenter):
    """Flips the image horizontally with probability `p`."""

    def __init__(self, p):
        super(HorizontalFlipAug, self).__init__(p=p)
        self.p = p

    def __call__(self, src):
        if random.random() < self.p:
            src = nd.flip(src, axis=1)
        return src


class CastAug(Augmenter):
    """Casts the image to `typ` (float32 by default)."""

    def __init__(self, typ='float32'):
        super(CastAug, self).__init__(type=typ)
        self.typ = typ

    def __call__(self, src):
        return src.astype(self.typ)


def CreateAugmenter(data_shape, resize=0, rand_crop=False, rand_resize=False, rand_mirror=False,
                    mean=None, std=None, brightness=0, contrast=0, saturation=0, hue=0,
                    pca_noise=0, rand_gray=0, inter_method=2):
    """Makes the standard list of augmenters for training or testing images.

    Parameters
    ----------
    data_shape : tuple of int
        Output shape (channels, height, width).
    resize : int
        When > 0, first resize the shorter edge to this.
    rand_crop : bool
        Random crop rather than centre crop.
    rand_resize : bool
        Random area and aspect ratio crop (needs `rand_crop`).
    rand_mirror : bool
        Flip horizontally with probability 0.5.
    mean, std : numpy.ndarray, NDArray, True or None
        Per-channel mean and standard deviation to normalize with; True uses ImageNet's.
    brightness, contrast, saturation, hue : float
        Jitter amounts.
    pca_noise : float
        PCA lighting noise level (ImageNet's eigenvectors).
    rand_gray : float
        Probability of turning the image grey.
    inter_method : int, default 2
        Interpolation code for all resizing.

    Returns
    -------
    list of Augmenter

    Examples
    --------
    >>> augs = mx.image.CreateAugmenter(data_shape=(3, 224, 224), rand_crop=True, rand_mirror=True)
    """
    auglist = []
    if resize > 0:
        auglist.append(ResizeAug(resize, inter_method))
    crop_size = (data_shape[2], data_shape[1])
    if rand_resize:
        if not rand_crop:
            raise AssertionError('CreateAugmenter: rand_resize needs rand_crop=True')
        auglist.append(RandomSizedCropAug(crop_size, 0.08, (3.0 / 4.0, 4.0 / 3.0), inter_method))
    elif rand_crop:
        auglist.append(RandomCropAug(crop_size, inter_method))
    else:
        auglist.append(CenterCropAug(crop_size, inter_method))
    if rand_mirror:
        auglist.append(HorizontalFlipAug(0.5))
    auglist.append(CastAug())
    if brightness or contrast or saturation:
        auglist.append(ColorJitterAug(brightness, contrast, saturation))
    if hue:
        auglist.append(HueJitterAug(hue))
    if pca_noise > 0:
        eigval = np.array([55.46, 4.794, 1.148])
        eigvec = np.array([[-0.5675, 0.7192, 0.4009],
                           [-0.5808, -0.0045, -0.8140],
                           [-0.5836, -0.6948, 0.4203]])
        auglist.append(LightingAug(pca_noise, eigval, eigvec))
    if rand_gray > 0:
        auglist.append(RandomGrayAug(rand_gray))
    if mean is True:
        mean = nd.array([123.68, 116.28, 103.53])
    elif mean is not None:
        if not (isinstance(mean, (np.ndarray, nd.NDArray)) and mean.shape[0] in (1, 3)):
            raise AssertionError('CreateAugmenter: mean must be True, None, or a numpy array or NDArray of 1 or 3 '
                                 'values, got {!r}'.format(mean))
    if std is True:
        std = nd.array([58.395, 57.12, 57.375])
    elif std is not None:
        if not (isinstance(std, (np.ndarray, nd.NDArray)) and std.shape[0] in (1, 3)):
            raise AssertionError('CreateAugmenter: std must be True, None, or a numpy array or NDArray of 1 or 3 '
                                 'values, got {!r}'.format(std))
    if mean is not None or std is not None:
        auglist.append(ColorNormalizeAug(mean, std))
    return auglist


class ImageIter(io.DataIter):
    """Data iterator over images, from a RecordIO file (``path_imgrec``) or from an image list
    (``path_imglist`` or ``imglist``) with image files under ``path_root``, with augmentation.

    Parameters
    ----------
    batch_size : int
        Examples per batch.
    data_shape : tuple
        (channels, height, width) of the output; channels must be 3.
    label_width : int, default 1
        Labels per example.
    path_imgrec : str
        RecordIO file of packed images (as made by im2rec).
    path_imglist : str
        Image list: lines of ``index<TAB>label(s)<TAB>path``.
    path_root : str
        Folder the image paths are relative to.
    path_imgidx : str
        Index file of `path_imgrec`; needed for shuffling and partitions of a .rec file.
    shuffle : bool
        Shuffle at the start of each epoch.
    part_index, num_parts : int
        Read only part `part_index` of `num_parts` (for distributed training).
    aug_list : list of Augmenter
        Augmenters; by default ``CreateAugmenter(data_shape, **kwargs)``.
    imglist : list
        ``[label(s), path]`` items, instead of `path_imglist`.
    data_name, label_name : str
        Names in ``provide_data`` and ``provide_label``.
    dtype : str
        Label dtype: float32 (default), int32, int64 or float64.
    last_batch_handle : str
        'pad' (default; fill the last batch from the start), 'discard', or 'roll_over'.
    kwargs
        Passed to ``CreateAugmenter``.
    """

    def __init__(self, batch_size, data_shape, label_width=1,
                 path_imgrec=None, path_imglist=None, path_root=None, path_imgidx=None,
                 shuffle=False, part_index=0, num_parts=1, aug_list=None, imglist=None,
                 data_name='data', label_name='softmax_label', dtype='float32',
                 last_batch_handle='pad', **kwargs):
        super(ImageIter, self).__init__()
        if not (path_imgrec or path_imglist or isinstance(imglist, list)):
            raise AssertionError('ImageIter: give path_imgrec, path_imglist or imglist (a list)')
        if dtype not in ('int32', 'float32', 'int64', 'float64'):
            raise AssertionError('ImageIter: label dtype {} not supported (int32, float32, int64, float64)'.format(
                dtype))
        if last_batch_handle not in ('pad', 'discard', 'roll_over'):
            raise ValueError("ImageIter: last_batch_handle must be 'pad', 'discard' or 'roll_over', got {!r}".format(
                last_batch_handle))
        class_name = self.__class__.__name__
        if path_imgrec:
            logging.info('%s: loading recordio %s...', class_name, path_imgrec)
            if path_imgidx:
                self.imgrec = recordio.MXIndexedRecordIO(path_imgidx, path_imgrec, 'r')
                self.imgidx = list(self.imgrec.keys)
            else:
                self.imgrec = recordio.MXRecordIO(path_imgrec, 'r')
                self.imgidx = None
        else:
            self.imgrec = None

        imgkeys = []
        if path_imglist:
            logging.info('%s: loading image list %s...', class_name, path_imglist)
            with open(path_imglist) as fin:
                imglist = {}
                for line in iter(fin.readline, ''):
                    line = line.strip().split('\t')
                    if len(line) < 3:
                        raise ValueError('ImageIter: {}: bad line {!r}, expected index<TAB>label(s)<TAB>path'.format(
                            path_imglist, '\t'.join(line)))
                    label = nd.array(line[1:-1], dtype=dtype)
                    key = int(line[0])
                    imglist[key] = (label, line[-1])
                    imgkeys.append(key)
                self.imglist = imglist
        elif isinstance(imglist, list):
            logging.info('%s: loading image list...', class_name)
            result = {}
            index = 1
            for img in imglist:
                key = str(index)
                index += 1
                if len(img) > 2:
                    label = nd.array(img[:-1], dtype=dtype)
                elif isinstance(img[0], Number):
                    label = nd.array([img[0]], dtype=dtype)
                else:
                    label = nd.array(img[0], dtype=dtype)
                result[key] = (label, img[-1])
                imgkeys.append(str(key))
            self.imglist = result
        else:
            self.imglist = None
        self.path_root = path_root

        self.check_data_shape(data_shape)
        self.provide_data = [(data_name, (batch_size,) + data_shape)]
        if label_width > 1:
            self.provide_label = [(label_name, (batch_size, label_width))]
        else:
            self.provide_label = [(label_name, (batch_size,))]
        self.batch_size = batch_size
        self.data_shape = data_shape
        self.label_width = label_width
        self.shuffle = shuffle
        if self.imgrec is None:
            self.seq = imgkeys
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
            n = len(self.seq) // num_parts
            self.seq = self.seq[part_index * n:(part_index + 1) * n]
        self.auglist = CreateAugmenter(data_shape, **kwargs) if aug_list is None else aug_list
        self.cur = 0
        self._allow_read = True
        self.last_batch_handle = last_batch_handle
        self.num_image = len(self.seq) if self.seq is not None else None
        self._cache_data = None
        self._cache_label = None
        self._cache_idx = None
        self.reset()

    def reset(self):
        """Starts the next epoch (rolled-over examples are kept for 'roll_over')."""
        if self.seq is not None and self.shuffle:
            random.shuffle(self.seq)
        if self.last_batch_handle != 'roll_over' or self._cache_data is None:
            if self.imgrec is not None:
                self.imgrec.reset()
            self.cur = 0
            if self._allow_read is False:
                self._allow_read = True

    def hard_reset(self):
        """Starts again from the beginning, dropping rolled-over examples."""
        if self.seq is not None and self.shuffle:
            random.shuffle(self.seq)
        if self.imgrec is not None:
            self.imgrec.reset()
        self.cur = 0
        self._allow_read = True
        self._cache_data = None
        self._cache_label = None
        self._cache_idx = None

    def next_sample(self):
        """(label, encoded image bytes) of the next example; StopIteration at the end."""
        if self._allow_read is False:
            raise StopIteration
        if self.seq is not None:
            if self.cur < self.num_image:
                idx = self.seq[self.cur]
            else:
                if self.last_batch_handle != 'discard':
                    self.cur = 0
                raise StopIteration
            self.cur += 1
            if self.imgrec is not None:
                s = self.imgrec.read_idx(idx)
                header, img = recordio.unpack(s)
                if self.imglist is None:
                    return header.label, img
                return self.imglist[idx][0], img
            label, fname = self.imglist[idx]
            return label, self.read_image(fname)
        s = self.imgrec.read()
        if s is None:
            if self.last_batch_handle != 'discard':
                self.imgrec.reset()
            raise StopIteration
        header, img = recordio.unpack(s)
        return header.label, img

    def _batchify(self, batch_data, batch_label, start=0):
        i = start
        batch_size = self.batch_size
        try:
            while i < batch_size:
                label, s = self.next_sample()
                data = self.imdecode(s)
                try:
                    self.check_valid_image(data)
                except RuntimeError as e:
                    logging.debug('Invalid image, skipping:  %s', str(e))
                    continue
                data = self.augmentation_transform(data)
                if i >= batch_size:
                    raise AssertionError('Batch size must be multiples of augmenter output length')
                batch_data[i] = self.postprocess_data(data)
                batch_label[i] = label
                i += 1
        except StopIteration:
            if not i:
                raise StopIteration
        return i

    def next(self):
        """The next DataBatch of images (batch_size, C, H, W) and labels."""
        batch_size = self.batch_size
        c, h, w = self.data_shape
        if self._cache_data is not None:
            batch_data = self._cache_data
            batch_label = self._cache_label
            i = self._cache_idx
        else:
            batch_data = nd.zeros((batch_size, c, h, w))
            batch_label = nd.empty(self.provide_label[0][1])
            i = self._batchify(batch_data, batch_label)
        pad = batch_size - i
        if pad != 0:
            if self.last_batch_handle == 'discard':
                raise StopIteration
            if self.last_batch_handle == 'roll_over' and self._cache_data is None:
                self._cache_data = batch_data
                self._cache_label = batch_label
                self._cache_idx = i
                raise StopIteration
            self._batchify(batch_data, batch_label, i)
            if self.last_batch_handle == 'pad':
                self._allow_read = False
            else:
                self._cache_data = None
                self._cache_label = None
                self._cache_idx = None
        return io.DataBatch([batch_data], [batch_label], pad=pad)

    def check_data_shape(self, data_shape):
        """Checks that `data_shape` is (3, height, width)."""
        if not len(data_shape) == 3:
            raise ValueError('data_shape should have length 3, with dimensions CxHxW')
        if not data_shape[0] == 3:
            raise ValueError('This iterator expects inputs to have 3 channels.')

    def check_valid_image(self, data):
        """Raises RuntimeError for an image with no pixels."""
        if len(data[0].shape) == 0:
            raise RuntimeError('Data shape is wrong')

    def imdecode(self, s):
        """Decodes image bytes (see ``mx.image.imdecode``); RuntimeError naming the image if that fails."""
        def locate():
            if self.seq is not None:
                idx = self.seq[(self.cur % self.num_image) - 1]
            else:
                idx = (self.cur % self.num_image) - 1 if self.num_image else self.cur - 1
            if self.imglist is not None:
                _, fname = self.imglist[idx]
                msg = 'filename: {}'.format(fname)
            else:
                msg = 'index: {}'.format(idx)
            return 'Broken image ' + msg
        try:
            img = imdecode(s)
        except Exception as e:
            raise RuntimeError('{}, {}'.format(locate(), e))
        return img

    def read_image(self, fname):
        """The bytes of image file `fname` under ``path_root``."""
        with open(os.path.join(self.path_root, fname), 'rb') as fin:
            return fin.read()

    def augmentation_transform(self, data):
        """Applies the augmenters to an image."""
        for aug in self.auglist:
            data = aug(data)
        return data

    def postprocess_data(self, datum):
        """HWC image to CHW, as the batch holds it."""
        return nd.transpose(datum, axes=(2, 0, 1))
