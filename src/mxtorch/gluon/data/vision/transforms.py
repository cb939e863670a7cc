"""Image transforms (``gluon.data.vision.transforms``): Blocks that take an HWC image (or an NHWC batch)
and return the transformed image, to chain with Compose and apply with ``Dataset.transform_first``.

They run the ``nd.image`` operators (and ``mx.image`` for crops and rotations), as in MXNet."""
import itertools
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
    """Runs `transforms` (a list of Blocks) one after another. Runs of consecutive HybridBlocks are put
    in one hybridized HybridSequential.

    >>> t = transforms.Compose([transforms.Resize(300), transforms.CenterCrop(256), transforms.ToTensor()])
    """

    def __init__(self, transforms):
        super().__init__()
        present = [t for t in transforms if t is not None]
        for hybrid, run in itertools.groupby(present, key=lambda t: isinstance(t, HybridBlock)):
            run = list(run)
            if hybrid and len(run) > 1:
                chain = HybridSequential()
                chain.add(*run)
                chain.hybridize()
                run = [chain]
            self.add(*run)


class Cast(HybridBlock):
    """The input converted to `dtype`."""

    def __init__(self, dtype='float32'):
        super().__init__()
        self._dtype = dtype

    def hybrid_forward(self, F, x):
        return F.cast(x, self._dtype)


class ToTensor(HybridBlock):
    """A uint8 HWC image (or NHWC batch) with values 0..255 as a float32 CHW (NCHW) array divided by
    255.

    >>> transforms.ToTensor()(mx.nd.ones((4, 2, 3), dtype='uint8')).shape
    (3, 4, 2)
    """

    def hybrid_forward(self, F, x):
        return F.image.to_tensor(x)


class Normalize(HybridBlock):
    """``(x - mean) / std`` per channel of a CHW image or NCHW batch; `mean` and `std` are one number or
    one per channel."""

    def __init__(self, mean=0.0, std=1.0):
        super().__init__()
        self._mean = mean
        self._std = std

    def hybrid_forward(self, F, x):
        return F.image.normalize(x, self._mean, self._std)


class Rotate(Block):
    """Turns a float32 image counter-clockwise by `rotation_degrees` (``mx.image.imrotate``; `zoom_in`
    hides the padding, `zoom_out` keeps all of the image in view)."""

    def __init__(self, rotation_degrees, zoom_in=False, zoom_out=False):
        super().__init__()
        self._args = (rotation_degrees, zoom_in, zoom_out)

    def forward(self, x):
        if x.dtype != np.float32:
            raise TypeError('Rotate only supports float32 images, got {}'.format(np.dtype(x.dtype).name))
        return _image_module().imrotate(x, *self._args)


class RandomRotation(Block):
    """With probability `rotate_with_proba`, turns a float32 image by an angle drawn from
    `angle_limits` (min, max) degrees (``mx.image.random_rotate``; `zoom_in`, `zoom_out` as in Rotate)."""

    def __init__(self, angle_limits, zoom_in=False, zoom_out=False, rotate_with_proba=1.0):
        super().__init__()
        lower, upper = angle_limits
        if lower >= upper:
            raise ValueError('`angle_limits` must be an ordered tuple, got {}'.format(angle_limits))
        if not 0 <= rotate_with_proba <= 1:
            raise ValueError('Probability of rotating the image should be between 0 and 1, got {}'.format(
                rotate_with_proba))
        self._rotate_with_proba = rotate_with_proba
        self._args = (angle_limits, zoom_in, zoom_out)

    def forward(self, x):
        skip = np.random.random() > self._rotate_with_proba     # one draw per call, rotating or not
        if skip:
            return x
        if x.dtype != np.float32:
            raise TypeError('RandomRotation only supports float32 images, got {}'.format(np.dtype(x.dtype).name))
        return _image_module().random_rotate(x, *self._args)


def _size_pair(size):
    return (size, size) if isinstance(size, numeric_types) else tuple(size)


class RandomResizedCrop(Block):
    """A crop of random area (the fraction `scale` of the image's) and aspect ratio (`ratio`,
    width / height), resized to `size` (an int or (width, height)); a centre crop when no draw fits
    (``mx.image.random_size_crop``). `interpolation` is an ``imresize`` code."""

    def __init__(self, size, scale=(0.08, 1.0), ratio=(3.0 / 4.0, 4.0 / 3.0), interpolation=1):
        super().__init__()
        self._args = (_size_pair(size), scale, ratio, interpolation)

    def forward(self, x):
        return _image_module().random_size_crop(x, *self._args)[0]


class CropResize(HybridBlock):
    """The `width` x `height` region at column `x`, row `y`, resized to `size` (an int or (width,
    height)) when that is given, with `interpolation` (default 1, bilinear)."""

    def __init__(self, x, y, width, height, size=None, interpolation=None):
        super().__init__()
        self._x, self._y, self._width, self._height = x, y, width, height
        self._size = _size_pair(size) if size is not None else None
        self._interpolation = 1 if interpolation is None else interpolation      # bilinear by default

    def hybrid_forward(self, F, x):
        region = F.image.crop(x, self._x, self._y, self._width, self._height)
        return F.image.resize(region, self._size, False, self._interpolation) if self._size else region


class CenterCrop(Block):
    """The central region of `size` (an int or (width, height)); smaller images give their largest
    central region of that aspect ratio, resized up (``mx.image.center_crop``)."""

    def __init__(self, size, interpolation=1):
        super().__init__()
        self._args = (_size_pair(size), interpolation)

    def forward(self, x):
        return _image_module().center_crop(x, *self._args)[0]


class Resize(HybridBlock):
    """An HWC image or NHWC batch resized to `size`: (width, height), or an int for a square, or with
    `keep_ratio` the length of the shorter side. `interpolation` is an ``imresize`` code."""

    def __init__(self, size, keep_ratio=False, interpolation=1):
        super().__init__()
        self._size, self._keep, self._interpolation = size, keep_ratio, interpolation

    def hybrid_forward(self, F, x):
        return F.image.resize(x, self._size, self._keep, self._interpolation)


class RandomFlipLeftRight(HybridBlock):
    """Mirrors the image left to right, or not, at even odds."""

    def hybrid_forward(self, F, x):
        return F.image.random_flip_left_right(x)


class RandomFlipTopBottom(HybridBlock):
    """Mirrors the image top to bottom, or not, at even odds."""

    def hybrid_forward(self, F, x):
        return F.image.random_flip_top_bottom(x)


class _RandomFactor(HybridBlock):
    """An ``nd.image.random_*`` operator with factors drawn from [max(0, 1 - v), 1 + v]."""
    _op = None

    def __init__(self, value):
        super().__init__()
        self._args = (max(0, 1 - value), 1 + value)

    def hybrid_forward(self, F, x):
        return getattr(F.image, self._op)(x, *self._args)


class RandomBrightness(_RandomFactor):
    """Scales the brightness by a random factor from [max(0, 1 - brightness), 1 + brightness]."""
    _op = 'random_brightness'

    def __init__(self, brightness):
        super().__init__(brightness)


class RandomContrast(_RandomFactor):
    """Scales the contrast by a random factor from [max(0, 1 - contrast), 1 + contrast]."""
    _op = 'random_contrast'

    def __init__(self, contrast):
        super().__init__(contrast)


class RandomSaturation(_RandomFactor):
    """Scales the saturation by a random factor from [max(0, 1 - saturation), 1 + saturation]."""
    _op = 'random_saturation'

    def __init__(self, saturation):
        super().__init__(saturation)


class RandomHue(_RandomFactor):
    """Shifts the hue by a random amount given by a factor from [max(0, 1 - hue), 1 + hue]."""
    _op = 'random_hue'

    def __init__(self, hue):
        super().__init__(hue)


class RandomColorJitter(HybridBlock):
    """Brightness, contrast, saturation and hue jitter (each with its amount, 0 for none) in a
    random order."""

    def __init__(self, brightness=0, contrast=0, saturation=0, hue=0):
        super().__init__()
        self._args = (brightness, contrast, saturation, hue)

    def hybrid_forward(self, F, x):
        return F.image.random_color_jitter(x, *self._args)


class RandomLighting(HybridBlock):
    """Adds AlexNet's PCA lighting noise with standard deviation `alpha`."""

    def __init__(self, alpha):
        super().__init__()
        self._alpha = alpha

    def hybrid_forward(self, F, x):
        return F.image.random_lighting(x, self._alpha)


class RandomApply(Sequential):
    """Runs `transforms` (a Block, or a list of them) with probability `p`; otherwise returns the
    input as it is."""

    def __init__(self, transforms, p=0.5):
        super().__init__()
        self.p, self.transforms = p, transforms

    def forward(self, x, *args):
        return self.transforms(x) if random.random() <= self.p else x


class HybridRandomApply(HybridSequential):
    """RandomApply for a HybridBlock `transforms`."""

    def __init__(self, transforms, p=0.5):
        super().__init__()
        if not isinstance(transforms, HybridBlock):
            raise TypeError('HybridRandomApply needs a HybridBlock, got {}'.format(type(transforms).__name__))
        self.p, self.transforms = p, transforms

    def hybrid_forward(self, F, x, *args):
        return self.transforms(x) if random.random() <= self.p else x
