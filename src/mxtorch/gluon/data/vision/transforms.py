"""Image transforms (``gluon.data.vision.transforms``): Blocks that take an HWC image (or an NHWC batch)
and return the transformed image, to chain with Compose and apply with ``Dataset.transform_first``.

They run the ``nd.image`` operators (and ``mx.image`` for crops and rotations), as in MXNet."""
import random

import numpy as np

from ....base import numeric_types
from ....ndarray import image as _nd_image  # noqa: F401  (loads F.image, the operators these transforms run)
from ...block import Block, HybridBlock
from ...nn import Sequential, HybridSequential

__all__ = ['Compose', 'Cast', 'ToTensor', 'Normalize', 'Rotate', 'RandomRotation', 'RandomResizedCrop',
           'CropResize', 'CenterCrop', 'Resize', 'RandomFlipLeftRight', 'RandomFlipTopBottom',
           'RandomBrightness', 'RandomContrast', 'RandomSaturation', 'RandomHue', 'RandomColorJitter',
           'RandomLighting', 'RandomApply', 'HybridRandomApply']


def _image_module():
    from .... import image
    return image


class Compose(Sequential):
    """Chains transforms: each one's output is the next one's input. Consecutive hybridizable
    transforms are grouped in a HybridSequential and hybridized together.

    Parameters
    ----------
    transforms : list of Block
        The transforms, in order.

    Examples
    --------
    >>> transformer = transforms.Compose([transforms.Resize(300), transforms.CenterCrop(256),
    ...                                   transforms.ToTensor()])
    """

    def __init__(self, transforms):
        super().__init__()
        transforms = list(transforms) + [None]
        hybrid = []
        for t in transforms:
            if isinstance(t, HybridBlock):
                hybrid.append(t)
                continue
            if len(hybrid) == 1:
                self.add(hybrid[0])
            elif len(hybrid) > 1:
                hblock = HybridSequential()
                for h in hybrid:
                    hblock.add(h)
                hblock.hybridize()
                self.add(hblock)
            hybrid = []
            if t is not None:
                self.add(t)


class Cast(HybridBlock):
    """Casts the input to `dtype`.

    Parameters
    ----------
    dtype : str, default 'float32'
        The output data type.
    """

    def __init__(self, dtype='float32'):
        super().__init__()
        self._dtype = dtype

    def hybrid_forward(self, F, x):
        return F.cast(x, self._dtype)


class ToTensor(HybridBlock):
    """Converts an image of shape (H x W x C), or a batch (N x H x W x C), with values in [0, 255] into a
    float32 tensor of shape (C x H x W), or (N x C x H x W), with values in [0, 1).

    Examples
    --------
    >>> transforms.ToTensor()(mx.nd.ones((4, 2, 3), dtype='uint8')).shape
    (3, 4, 2)
    """

    def hybrid_forward(self, F, x):
        return F.image.to_tensor(x)


class Normalize(HybridBlock):
    """Normalizes a (C x H x W) or (N x C x H x W) tensor channel by channel:
    ``out[c] = (x[c] - mean[c]) / std[c]``.

    Parameters
    ----------
    mean : float or tuple of floats
        The mean of each channel (one value for all).
    std : float or tuple of floats
        The standard deviation of each channel (one value for all).
    """

    def __init__(self, mean=0.0, std=1.0):
        super().__init__()
        self._mean = mean
        self._std = std

    def hybrid_forward(self, F, x):
        return F.image.normalize(x, self._mean, self._std)


class Rotate(Block):
    """Rotates the input image by `rotation_degrees` (counter-clockwise).

    Parameters
    ----------
    rotation_degrees : float
        The angle.
    zoom_in : bool
        Zoom in so that no padding shows.
    zoom_out : bool
        Zoom out so that the whole rotated image shows.
    """

    def __init__(self, rotation_degrees, zoom_in=False, zoom_out=False):
        super().__init__()
        self._args = (rotation_degrees, zoom_in, zoom_out)

    def forward(self, x):
        if x.dtype != np.float32:
            raise TypeError('Rotate only supports float32 images, got {}'.format(np.dtype(x.dtype).name))
        return _image_module().imrotate(x, *self._args)


class RandomRotation(Block):
    """Rotates the input image by a random angle in `angle_limits`, with probability
    `rotate_with_proba`.

    Parameters
    ----------
    angle_limits : tuple of 2 floats
        (min, max) angle in degrees.
    zoom_in : bool
        Zoom in so that no padding shows.
    zoom_out : bool
        Zoom out so that the whole rotated image shows.
    rotate_with_proba : float in [0, 1]
        The probability of rotating.
    """

    def __init__(self, angle_limits, zoom_in=False, zoom_out=False, rotate_with_proba=1.0):
        super().__init__()
        lower, upper = angle_limits
        if lower >= upper:
            raise ValueError('`angle_limits` must be an ordered tuple, got {}'.format(angle_limits))
        if not 0 <= rotate_with_proba <= 1:
            raise ValueError('Probability of rotating the image should be between 0 and 1, got {}'.format(
                rotate_with_proba))
        self._args = (angle_limits, zoom_in, zoom_out)
        self._rotate_with_proba = rotate_with_proba

    def forward(self, x):
        if np.random.random() > self._rotate_with_proba:
            return x
        if x.dtype != np.float32:
            raise TypeError('RandomRotation only supports float32 images, got {}'.format(np.dtype(x.dtype).name))
        return _image_module().random_rotate(x, *self._args)


def _size_pair(size):
    return (size, size) if isinstance(size, numeric_types) else tuple(size)


class RandomResizedCrop(Block):
    """Crops a random part of the image (area a random fraction `scale` of the whole, aspect ratio
    in `ratio`) and resizes it to `size`; falls back to a center crop when no such part fits.

    Parameters
    ----------
    size : int or tuple of (W, H)
        Size of the output image.
    scale : tuple of two floats
        Range of the crop's area as a fraction of the image's.
    ratio : tuple of two floats
        Range of the crop's aspect ratio (width / height).
    interpolation : int
        Interpolation method of the resize (see ``mx.image.imresize``); default 1, bilinear.
    """

    def __init__(self, size, scale=(0.08, 1.0), ratio=(3.0 / 4.0, 4.0 / 3.0), interpolation=1):
        super().__init__()
        self._args = (_size_pair(size), scale, ratio, interpolation)

    def forward(self, x):
        return _image_module().random_size_crop(x, *self._args)[0]


class CropResize(HybridBlock):
    """Crops the rectangle at (`x`, `y`) of `width` x `height` and, if `size` is given, resizes it.

    Parameters
    ----------
    x : int
        Left edge of the crop.
    y : int
        Top edge of the crop.
    width : int
        Width of the crop.
    height : int
        Height of the crop.
    size : int or tuple of (W, H), optional
        Size of the output.
    interpolation : int, optional
        Interpolation method of the resize.
    """

    def __init__(self, x, y, width, height, size=None, interpolation=None):
        super().__init__()
        self._x, self._y, self._width, self._height = x, y, width, height
        self._size = _size_pair(size) if size is not None else None
        self._interpolation = interpolation

    def hybrid_forward(self, F, x):
        out = F.image.crop(x, self._x, self._y, self._width, self._height)
        if self._size:
            out = F.image.resize(out, self._size, False, self._interpolation if self._interpolation is not None else 1)
        return out


class CenterCrop(Block):
    """Crops the center of the image to `size` (scaled down to fit; upsampled when the image is
    smaller).

    Parameters
    ----------
    size : int or tuple of (W, H)
        Size of the output image.
    interpolation : int
        Interpolation method of the resize; default 1, bilinear.
    """

    def __init__(self, size, interpolation=1):
        super().__init__()
        self._args = (_size_pair(size), interpolation)

    def forward(self, x):
        return _image_module().center_crop(x, *self._args)[0]


class Resize(HybridBlock):
    """Resizes the image (HWC) or batch (NHWC) to `size`.

    Parameters
    ----------
    size : int or tuple of (W, H)
        Size of the output. An int with `keep_ratio` sets the shorter side.
    keep_ratio : bool
        Keep the aspect ratio (only with an int `size`).
    interpolation : int
        Interpolation method; default 1, bilinear.
    """

    def __init__(self, size, keep_ratio=False, interpolation=1):
        super().__init__()
        self._keep = keep_ratio
        self._size = size
        self._interpolation = interpolation

    def hybrid_forward(self, F, x):
        return F.image.resize(x, self._size, self._keep, self._interpolation)


class RandomFlipLeftRight(HybridBlock):
    """Flips the image left to right with probability 0.5."""

    def hybrid_forward(self, F, x):
        return F.image.random_flip_left_right(x)


class RandomFlipTopBottom(HybridBlock):
    """Flips the image top to bottom with probability 0.5."""

    def hybrid_forward(self, F, x):
        return F.image.random_flip_top_bottom(x)


class _RandomFactor(HybridBlock):
    """Scales a property of the image by a random factor in [max(0, 1 - v), 1 + v]."""
    _op = None

    def __init__(self, value):
        super().__init__()
        self._args = (max(0, 1 - value), 1 + value)

    def hybrid_forward(self, F, x):
        return getattr(F.image, self._op)(x, *self._args)


class RandomBrightness(_RandomFactor):
    """Scales the brightness by a random factor in [max(0, 1 - brightness), 1 + brightness].

    Parameters
    ----------
    brightness : float
    """
    _op = 'random_brightness'

    def __init__(self, brightness):
        super().__init__(brightness)


class RandomContrast(_RandomFactor):
    """Scales the contrast by a random factor in [max(0, 1 - contrast), 1 + contrast].

    Parameters
    ----------
    contrast : float
    """
    _op = 'random_contrast'

    def __init__(self, contrast):
        super().__init__(contrast)


class RandomSaturation(_RandomFactor):
    """Scales the saturation by a random factor in [max(0, 1 - saturation), 1 + saturation].

    Parameters
    ----------
    saturation : float
    """
    _op = 'random_saturation'

    def __init__(self, saturation):
        super().__init__(saturation)


class RandomHue(_RandomFactor):
    """Shifts the hue by a random factor in [max(0, 1 - hue), 1 + hue].

    Parameters
    ----------
    hue : float
    """
    _op = 'random_hue'

    def __init__(self, hue):
        super().__init__(hue)


class RandomColorJitter(HybridBlock):
    """Randomly changes brightness, contrast, saturation and hue, in a random order.

    Parameters
    ----------
    brightness : float
    contrast : float
    saturation : float
    hue : float
    """

    def __init__(self, brightness=0, contrast=0, saturation=0, hue=0):
        super().__init__()
        self._args = (brightness, contrast, saturation, hue)

    def hybrid_forward(self, F, x):
        return F.image.random_color_jitter(x, *self._args)


class RandomLighting(HybridBlock):
    """Adds AlexNet-style PCA-based lighting noise of standard deviation `alpha`.

    Parameters
    ----------
    alpha : float
        Intensity of the noise.
    """

    def __init__(self, alpha):
        super().__init__()
        self._alpha = alpha

    def hybrid_forward(self, F, x):
        return F.image.random_lighting(x, self._alpha)


class RandomApply(Sequential):
    """Applies the transforms (one Block or a list) with probability `p`, else passes the input on.

    Parameters
    ----------
    transforms : Block or list of Block
    p : float, default 0.5
    """

    def __init__(self, transforms, p=0.5):
        super().__init__()
        self.transforms = transforms
        self.p = p

    def forward(self, x, *args):
        if self.p < random.random():
            return x
        return self.transforms(x)


class HybridRandomApply(HybridSequential):
    """The hybridizable form of :class:`RandomApply`.

    Parameters
    ----------
    transforms : HybridBlock
    p : float, default 0.5
    """

    def __init__(self, transforms, p=0.5):
        super().__init__()
        if not isinstance(transforms, HybridBlock):
            raise TypeError('HybridRandomApply needs a HybridBlock, got {}'.format(type(transforms).__name__))
        self.transforms = transforms
        self.p = p

    def hybrid_forward(self, F, x, *args):
        if self.p < random.random():
            return x
        return self.transforms(x)
