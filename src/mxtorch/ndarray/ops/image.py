"""The ``mx.nd.image`` operators (to_tensor, normalize, resize, crop, flips, colour jitter, lighting) and
the OpenCV-backed ``mx.nd._internal`` image operators that ``mx.image`` builds on.

Images are HWC arrays (or NHWC batches where MXNet accepts them), usually uint8. The colour operators
compute in float32 and store back into the input's dtype the way MXNet does: uint8 results are clamped
to [0, 255] and truncated, not rounded.
"""
import numbers

import numpy as np
import torch

from ...base import MXNetError
from ..registry import register
from . import _imgcodec
from ._cvresize import cv_resize

_GRAY_COEF = (0.299, 0.587, 0.114)          # BT.601 luma weights MXNet's contrast/saturation use
_FLT_EPSILON = 1.1920928955078125e-07
# AlexNet's PCA lighting: eigenvalue-scaled eigenvectors, as float32 (rows R, G, B)
_EIG = torch.tensor([[55.46 * -0.5675, 4.794 * 0.7192, 1.148 * 0.4009],
                     [55.46 * -0.5808, 4.794 * -0.0045, 1.148 * -0.8140],
                     [55.46 * -0.5836, 4.794 * -0.6948, 1.148 * 0.4203]], dtype=torch.float64).float()
_RESIZABLE = (torch.uint8, torch.float32, torch.float64)


# ---- argument and shape checks ------------------------------------------------------------------------
def _floats(value, name, op):
    """A float or tuple-of-floats argument (MXNet also takes them as strings such as '(0.5, 0.5)')."""
    if isinstance(value, str):
        value = value.strip().strip('()[]')
        value = [v for v in value.split(',') if v.strip()]
    if isinstance(value, (numbers.Number, np.number)):
        return (float(value),)
    try:
        return tuple(float(v) for v in value)
    except (TypeError, ValueError):
        raise MXNetError('{}: {} must be a number or a tuple of numbers, got {!r}'.format(op, name, value)) from None


def _ints(value, name, op):
    if isinstance(value, str):
        value = value.strip().strip('()[]')
        value = [v for v in value.split(',') if v.strip()]
    if isinstance(value, (numbers.Integral, np.integer)):
        return (int(value),)
    try:
        return tuple(int(v) for v in value)
    except (TypeError, ValueError):
        raise MXNetError('{}: {} must be an int or a tuple of ints, got {!r}'.format(op, name, value)) from None


def _check_hwc(data, op):
    """The (H, W, C) image check of MXNet's colour and flip operators (C is 1 or 3)."""
    if data.dim() != 3:
        raise MXNetError('{}: input image must have shape (height, width, channels), but got {}'.format(
            op, tuple(data.shape)))
    if data.shape[2] not in (1, 3):
        raise MXNetError('{}: the last dimension of the input image must be the channel dimension with 1 or 3 '
                         'elements, but got input with shape {}'.format(op, tuple(data.shape)))


def _check_factors(min_factor, max_factor, op):
    min_factor, max_factor = float(min_factor), float(max_factor)
    if min_factor < 0 or max_factor < 0:
        raise MXNetError('{}: min_factor and max_factor must be >= 0, got {} and {}'.format(
            op, min_factor, max_factor))
    return min_factor, max_factor


def _saturate(value, dtype):
    """float32 results stored into `dtype` as MXNet does: clamp and truncate for uint8, truncate for ints."""
    if dtype == torch.uint8:
        return value.clamp(0., 255.).to(torch.uint8)
    return value.to(dtype)


def _uniform(low, high):
    return float(torch.empty((), dtype=torch.float32).uniform_(low, high)) if high > low else float(low)


# ---- to_tensor, normalize ----------------------------------------------------------------------------------
@register(namespace='image')
def to_tensor(data):
    """Converts an image of shape (H, W, C) or a batch (N, H, W, C), any dtype, with values in [0, 255] into
    a float32 tensor of shape (C, H, W) or (N, C, H, W) with values divided by 255."""
    if data.dim() not in (3, 4):
        raise MXNetError('to_tensor: input image must have shape (height, width, channels), or (N, height, width, '
                         'channels) but got {}'.format(tuple(data.shape)))
    out = data.to(torch.float32) / 255.
    return out.movedim(-1, -3).contiguous()


@register(namespace='image')
def normalize(data, mean=(0.0, 0.0, 0.0, 0.0), std=(1.0, 1.0, 1.0, 1.0)):
    """Normalizes a (C, H, W) tensor or (N, C, H, W) batch channel by channel: (data - mean) / std.

    `mean` and `std` have one value for all channels or one per channel (C is 1 or 3). Like MXNet, the
    four-element defaults fit no valid input: pass both."""
    if data.dim() not in (3, 4):
        raise MXNetError('normalize: input tensor must have shape (channels, height, width), or (N, channels, '
                         'height, width), but got {}'.format(tuple(data.shape)))
    c = data.shape[-3]
    if c not in (1, 3):
        raise MXNetError('normalize: the channel dimension of the input tensor must have 1 or 3 elements, but got '
                         'input with shape {}'.format(tuple(data.shape)))
    mean, std = _floats(mean, 'mean', 'normalize'), _floats(std, 'std', 'normalize')
    for name, v in (('mean', mean), ('std', std)):
        if len(v) not in (1, c):
            raise MXNetError('normalize: invalid {} for input with shape {}: {} must have either 1 or {} elements, '
                             'but got {}'.format(name, tuple(data.shape), name, c, v))
    work = data if data.is_floating_point() else data.to(torch.float32)
    m = torch.tensor(mean * (c // len(mean)), dtype=work.dtype, device=data.device).view(c, 1, 1)
    s = torch.tensor(std * (c // len(std)), dtype=work.dtype, device=data.device).view(c, 1, 1)
    out = (work - m) / s
    return out if out.dtype == data.dtype else out.to(data.dtype)


# ---- geometry: resize, crop, flips ----------------------------------------------------------------------
def _check_resizable(data, op):
    if data.dtype not in _RESIZABLE:
        raise MXNetError('{}: OpenCV resizing supports uint8, float32 and float64 images, got {}'.format(
            op, str(data.dtype).replace('torch.', '')))


def _resize_size(h, w, size, keep_ratio):
    size = _ints(size, 'size', 'resize')
    if len(size) not in (1, 2):
        raise MXNetError('resize: size must have 1 or 2 elements (size or (width, height)), but got {}'.format(
            len(size)))
    if any(s <= 0 for s in size):
        raise MXNetError('resize: size must be greater than 0, but got {}'.format(size))
    if len(size) == 2:
        return size[1], size[0]
    if not keep_ratio:
        return size[0], size[0]
    if h > w:
        return h * size[0] // w, size[0]
    return size[0], w * size[0] // h


@register(namespace='image')
def resize(data, size=(), keep_ratio=False, interp=1):
    """Resizes an (H, W, C) image or (N, H, W, C) batch to `size`, (width, height) or one int.

    With one int and `keep_ratio`, the shorter edge becomes `size` and the other keeps the aspect ratio;
    without it, both edges become `size`. `interp` is OpenCV's code: 0 nearest, 1 bilinear, 2 bicubic,
    3 area, 4 Lanczos-4. Pixels are those MXNet's OpenCV gives."""
    if data.dim() not in (3, 4):
        raise MXNetError('resize: input image dimension should be 3 or 4 but got {}'.format(data.dim()))
    _check_resizable(data, 'resize')
    interp = _interp(interp, 'resize')
    h, w = data.shape[-3], data.shape[-2]
    nh, nw = _resize_size(h, w, size, keep_ratio)
    if data.dim() == 3:
        return cv_resize(data, nw, nh, interp)
    return torch.stack([cv_resize(img, nw, nh, interp) for img in data]) if data.shape[0] else \
        data.new_empty((0, nh, nw, data.shape[3]))


def _interp(interp, op):
    interp = int(interp)
    if interp not in (0, 1, 2, 3, 4):
        raise MXNetError('{}: unknown interpolation method {} (OpenCV codes 0 to 4)'.format(op, interp))
    return interp


@register(namespace='image')
def crop(data, x, y, width, height):
    """Crops an (H, W, C) image or (N, H, W, C) batch: the `width` x `height` region whose top-left corner
    is (`x`, `y`)."""
    if data.dim() not in (3, 4):
        raise MXNetError('crop: expects inputs of 3D (h, w, c) or 4D (n, h, w, c), but got {}D'.format(data.dim()))
    if data.shape[-1] not in (1, 3):
        raise MXNetError('crop: expects the input image to have 1 or 3 channels, but got {}'.format(data.shape[-1]))
    x, y, width, height = int(x), int(y), int(width), int(height)
    if width <= 0 or height <= 0:
        raise MXNetError('crop: height and width must be greater than 0, got {} and {}'.format(height, width))
    if x < 0 or y < 0:
        raise MXNetError('crop: x and y must be >= 0, got {} and {}'.format(x, y))
    if x + width > data.shape[-2]:
        raise MXNetError('crop: x + width ({}) should not be greater than input width ({})'.format(
            x + width, data.shape[-2]))
    if y + height > data.shape[-3]:
        raise MXNetError('crop: y + height ({}) should not be greater than input height ({})'.format(
            y + height, data.shape[-3]))
    return data[..., y:y + height, x:x + width, :].clone()


@register(namespace='image')
def flip_left_right(data):
    """Flips an (H, W, C) image horizontally."""
    _check_hwc(data, 'flip_left_right')
    return data.flip(1)


@register(namespace='image')
def flip_top_bottom(data):
    """Flips an (H, W, C) image vertically."""
    _check_hwc(data, 'flip_top_bottom')
    return data.flip(0)


def _coin():
    return bool(torch.rand(()) < 0.5)


@register(namespace='image')
def random_flip_left_right(data):
    """Flips an (H, W, C) image horizontally with probability 0.5."""
    _check_hwc(data, 'random_flip_left_right')
    return data.flip(1) if _coin() else data.clone()


@register(namespace='image')
def random_flip_top_bottom(data):
    """Flips an (H, W, C) image vertically with probability 0.5."""
    _check_hwc(data, 'random_flip_top_bottom')
    return data.flip(0) if _coin() else data.clone()


# ---- colour ------------------------------------------------------------------------------------------------
def _brightness(data, alpha):
    return _saturate(data.to(torch.float32) * alpha, data.dtype)


def _contrast(data, alpha):
    x = data.to(torch.float32)
    if data.shape[2] > 1:
        coef = torch.tensor(_GRAY_COEF, dtype=torch.float32, device=data.device)
        total = (x[:, :, :3].double() * coef.double()).sum()
    else:
        total = x.double().sum()
    gray_mean = torch.tensor(float(total), dtype=torch.float32) / float(data.shape[0] * data.shape[1])
    beta = (1 - torch.tensor(alpha, dtype=torch.float32)) * gray_mean
    return _saturate(x * alpha + beta.to(data.device), data.dtype)


def _saturation(data, alpha):
    if data.shape[2] == 1:
        return data.clone()
    x = data.to(torch.float32)
    # MXNet 1.9.1 overwrites (rather than sums) the grey value channel by channel, so only the blue
    # term survives; reproduced so that results match
    gray = x[:, :, 2:3] * _GRAY_COEF[2]
    gray = gray * (1. - torch.tensor(alpha, dtype=torch.float32)).item()
    return _saturate(gray + x * alpha, data.dtype)


# which of (p2, p1, rising, falling) each of B, G, R takes, per hue sector (OpenCV's HLS conversion)
_HLS_SECTORS = torch.tensor([[1, 3, 0], [1, 0, 2], [3, 0, 1], [0, 2, 1], [0, 1, 3], [2, 1, 0]])


def _hue(data, alpha):
    if data.shape[2] == 1:
        return data.clone()
    x = data.to(torch.float32)
    r, g, b = x[..., 0] / 255., x[..., 1] / 255., x[..., 2] / 255.
    vmax = torch.maximum(torch.maximum(r, g), b)
    vmin = torch.minimum(torch.minimum(r, g), b)
    diff = vmax - vmin
    light = (vmax + vmin) * 0.5
    chroma = diff > _FLT_EPSILON
    sat = torch.where(light < 0.5, diff / (vmax + vmin), diff / (2.0 - vmax - vmin))
    sat = torch.where(chroma, sat, torch.zeros_like(sat))
    k = 60. / diff
    hue = torch.where(vmax == r, (g - b) * k, torch.where(vmax == g, (b - r) * k + 120., (r - g) * k + 240.))
    hue = hue + (hue < 0).to(torch.float32) * 360.
    hue = torch.where(chroma, hue, torch.zeros_like(hue))
    hue = hue + float(torch.tensor(alpha, dtype=torch.float32) * 360.)
    # back to RGB
    p2 = torch.where(light <= 0.5, light * (1 + sat), light + sat - light * sat)
    p1 = 2 * light - p2
    h = hue * (1. / 60.)
    while bool((h < 0).any()):
        h = torch.where(h < 0, h + 6, h)
    while bool((h >= 6).any()):
        h = torch.where(h >= 6, h - 6, h)
    sector = h.to(torch.int64)
    h = h - sector.to(torch.float32)
    tab = torch.stack([p2, p1, p1 + (p2 - p1) * (1 - h), p1 + (p2 - p1) * h], dim=-1)
    pick = _HLS_SECTORS.to(data.device)[sector]                      # (H, W, 3): B, G, R positions in tab
    bgr = torch.gather(tab, -1, pick)
    rgb = torch.where((sat != 0).unsqueeze(-1), bgr.flip(-1), light.unsqueeze(-1).expand(-1, -1, 3))
    return _saturate(rgb * 255., data.dtype)


def _lighting(data, alpha):
    if data.shape[2] == 1:
        return data.clone()
    a = torch.tensor(alpha, dtype=torch.float32)
    pca = _EIG[:, 0] * a[0] + _EIG[:, 1] * a[1] + _EIG[:, 2] * a[2]
    return _saturate(data.to(torch.float32) + pca.to(data.device), data.dtype)


@register(namespace='image')
def random_brightness(data, min_factor, max_factor):
    """Scales an (H, W, C) image by a factor drawn uniformly from [min_factor, max_factor]."""
    _check_hwc(data, 'random_brightness')
    min_factor, max_factor = _check_factors(min_factor, max_factor, 'random_brightness')
    return _brightness(data, _uniform(min_factor, max_factor))


@register(namespace='image')
def random_contrast(data, min_factor, max_factor):
    """Blends an (H, W, C) image with its mean grey level, by a factor drawn from [min_factor, max_factor]."""
    _check_hwc(data, 'random_contrast')
    min_factor, max_factor = _check_factors(min_factor, max_factor, 'random_contrast')
    return _contrast(data, _uniform(min_factor, max_factor))


@register(namespace='image')
def random_saturation(data, min_factor, max_factor):
    """Blends an (H, W, C) image with its grey version, by a factor drawn from [min_factor, max_factor]."""
    _check_hwc(data, 'random_saturation')
    min_factor, max_factor = _check_factors(min_factor, max_factor, 'random_saturation')
    return _saturation(data, _uniform(min_factor, max_factor))


@register(namespace='image')
def random_hue(data, min_factor, max_factor):
    """Rotates the hue of an (H, W, C) RGB image by a fraction of a turn drawn from [min_factor, max_factor]."""
    _check_hwc(data, 'random_hue')
    min_factor, max_factor = _check_factors(min_factor, max_factor, 'random_hue')
    return _hue(data, _uniform(min_factor, max_factor))


@register(namespace='image')
def random_color_jitter(data, brightness, contrast, saturation, hue):
    """Applies brightness, contrast, saturation and hue jitter (each when its amount is > 0) in a random
    order to an (H, W, C) image. Factors are 1 + U(-amount, amount), hue shifts U(-hue, hue)."""
    _check_hwc(data, 'random_color_jitter')
    brightness, contrast, saturation, hue = (float(v) for v in (brightness, contrast, saturation, hue))
    out = data
    for which in torch.randperm(4).tolist():
        if which == 0 and brightness > 0:
            out = _brightness(out, 1.0 + _uniform(-brightness, brightness))
        elif which == 1 and contrast > 0:
            out = _contrast(out, 1.0 + _uniform(-contrast, contrast))
        elif which == 2 and saturation > 0:
            out = _saturation(out, 1.0 + _uniform(-saturation, saturation))
        elif which == 3 and hue > 0:
            out = _hue(out, _uniform(-hue, hue))
    return out.clone() if out is data else out


@register(namespace='image')
def adjust_lighting(data, alpha):
    """Adds AlexNet-style PCA lighting noise with the given (R, G, B) `alpha` to an (H, W, C) image."""
    _check_hwc(data, 'adjust_lighting')
    alpha = _floats(alpha, 'alpha', 'adjust_lighting')
    if len(alpha) != 3:
        raise MXNetError('adjust_lighting: alpha must have 3 elements (R, G, B), got {}'.format(alpha))
    return _lighting(data, alpha)


@register(namespace='image')
def random_lighting(data, alpha_std=0.05):
    """Adds AlexNet-style PCA lighting noise with alphas drawn from N(0, alpha_std) to an (H, W, C) image."""
    _check_hwc(data, 'random_lighting')
    if alpha_std < 0:
        raise MXNetError('random_lighting: alpha_std must be >= 0, got {}'.format(alpha_std))
    alpha = torch.empty(3, dtype=torch.float32).normal_(0., float(alpha_std)) if alpha_std > 0 else torch.zeros(3)
    return _lighting(data, alpha.tolist())


# ---- rotation (mx.image.imrotate) -----------------------------------------------------------------------------
def rotate(src, degrees, zoom_in=False, zoom_out=False):
    """Rotates a float (N, C, H, W) batch about each image's centre by `degrees` (a (N,) tensor),
    sampling bilinearly with zeros outside, as MXNet's imrotate (a rotated grid fed to BilinearSampler).
    `zoom_in` scales so that no padding shows, `zoom_out` so that the whole image stays visible."""
    n, _, h, w = src.shape
    rad = (degrees.to(src.device, torch.float32) * (np.pi / 180)).view(n, 1, 1)
    hs, ws = (h - 1) / 2., (w - 1) / 2.
    ys = (torch.arange(h, dtype=torch.float32, device=src.device) - hs).view(1, h, 1)
    xs = (torch.arange(w, dtype=torch.float32, device=src.device) - ws).view(1, 1, w)
    cos, sin = torch.cos(rad), torch.sin(rad)
    gx = (xs * cos - ys * sin) / ws
    gy = (xs * sin + ys * cos) / hs
    if zoom_in or zoom_out:
        rho = float(np.sqrt(h * h + w * w))
        corner = float(np.arctan(h / w))
        a = rad.abs()
        max_x = torch.maximum((rho * torch.cos(corner + a)).abs(), (rho * torch.cos(corner - a)).abs())
        max_y = torch.maximum((rho * torch.sin(corner + a)).abs(), (rho * torch.sin(corner - a)).abs())
        scale = torch.maximum(max_x / w, max_y / h) if zoom_out else torch.minimum(w / max_x, h / max_y)
        gx, gy = gx * scale, gy * scale
    grid = torch.stack([gx, gy], dim=-1).to(src.dtype)
    return torch.nn.functional.grid_sample(src, grid, mode='bilinear', padding_mode='zeros', align_corners=True)


# ---- the OpenCV operators behind mx.image (mx.nd._internal._cv*) ------------------------------------------
@register(name='_cvimresize', namespace='_internal')
def _cvimresize(src, w, h, interp=1):
    """Resizes an (H, W, C) image to (h, w, C) with OpenCV's interpolation `interp` (0 to 4)."""
    if src.dim() != 3:
        raise MXNetError('_cvimresize: the image must have shape (height, width, channels), got {}'.format(
            tuple(src.shape)))
    w, h = int(w), int(h)
    if w < 1 or h < 1:
        raise MXNetError('_cvimresize: width and height must be >= 1, got w={} h={}'.format(w, h))
    _check_resizable(src, '_cvimresize')
    return cv_resize(src, w, h, _interp(interp, '_cvimresize'))


def _border_index(n, before, after, kind):
    """Source index of each output position along an axis of length n padded by (before, after), for
    OpenCV's border types 1 replicate, 2 reflect, 3 wrap, 4 reflect_101."""
    p = np.arange(-before, n + after)
    if kind == 1:                                    # replicate: aaa|abc|ccc
        return np.clip(p, 0, n - 1)
    if kind == 3:                                    # wrap: bc|abc|ab
        return np.mod(p, n)
    if n == 1:
        return np.zeros_like(p)
    delta = 1 if kind == 4 else 0                    # reflect_101: cb|abc|ba, reflect: ba|abc|cb
    out = p.copy()
    for i, q in enumerate(p):
        while q < 0 or q >= n:
            q = -q - 1 + delta if q < 0 else n - 1 - (q - n) - delta
        out[i] = q
    return out


@register(name='_cvcopyMakeBorder', namespace='_internal')
def _cvcopyMakeBorder(src, top, bot, left, right, type=0, value=0.0, values=()):
    """Pads an (H, W, C) image. `type` is OpenCV's border type: 0 constant (`values` per channel, or `value`
    for the first three), 1 replicate, 2 reflect, 3 wrap, 4 reflect_101."""
    if src.dim() != 3:
        raise MXNetError('_cvcopyMakeBorder: the image must have shape (height, width, channels), got {}'.format(
            tuple(src.shape)))
    if src.dtype == torch.float16:
        raise MXNetError("_cvcopyMakeBorder: float16 images are not supported")
    # 16 is OpenCV's BORDER_ISOLATED flag, which changes nothing for a whole image
    top, bot, left, right, kind = int(top), int(bot), int(left), int(right), int(type) & ~16
    if min(top, bot, left, right) < 0:
        raise MXNetError('_cvcopyMakeBorder: margins must be >= 0, got {}'.format((top, bot, left, right)))
    if kind not in (0, 1, 2, 3, 4):
        raise MXNetError('_cvcopyMakeBorder: unknown border type {} (0 to 4)'.format(kind))
    h, w, c = src.shape
    if kind != 0:
        iy = torch.from_numpy(_border_index(h, top, bot, kind)).to(src.device)
        ix = torch.from_numpy(_border_index(w, left, right, kind)).to(src.device)
        return src.index_select(0, iy).index_select(1, ix)
    if isinstance(values, (int, float)):
        values = (values,)              # one number fills the first channel, as MXNet reads it
    given = () if values is None or (not isinstance(values, str) and len(values) == 0) else \
        _floats(values, 'values', '_cvcopyMakeBorder')
    if len(given) > 4:
        raise MXNetError('_cvcopyMakeBorder: values has up to 4 elements (one per channel), got {}'.format(given))
    # OpenCV's Scalar: `values` per channel, else `value` for the first three channels
    fill = (given + (0.,) * 4)[:4] if given else (float(value),) * 3 + (0.,)
    color = torch.tensor([fill[i] if i < 4 else 0. for i in range(c)], dtype=torch.float64)
    if not src.is_floating_point():
        color = color.round().clamp(torch.iinfo(src.dtype).min, torch.iinfo(src.dtype).max)
    out = color.to(src.dtype).to(src.device).expand(h + top + bot, w + left + right, c).clone()
    out[top:top + h, left:left + w] = src
    return out


def _decoded(arr):
    return torch.from_numpy(arr if arr.flags.writeable else arr.copy())


@register(name='_cvimdecode', namespace='_internal')
def _cvimdecode(buf, flag=1, to_rgb=True):
    """Decodes an image held in a uint8 buffer into an (H, W, 3) (or (H, W, 1) for flag 0) uint8 array."""
    if buf.dtype != torch.uint8:
        raise MXNetError('_cvimdecode: input needs to be a uint8 buffer, got {}'.format(
            str(buf.dtype).replace('torch.', '')))
    if buf.numel() == 0:
        raise MXNetError('_cvimdecode: input cannot be an empty buffer')
    flag = int(flag)
    if flag < 0:
        raise MXNetError('_cvimdecode: flag must be >= 0, got {}'.format(flag))
    return _decoded(_imgcodec.decode(buf.cpu().numpy().tobytes(), flag, bool(to_rgb)))


@register(name='_cvimread', namespace='_internal')
def _cvimread(filename, flag=1, to_rgb=True):
    """Reads and decodes an image file into an (H, W, 3) (or (H, W, 1) for flag 0) uint8 array."""
    flag = int(flag)
    if flag < 0:
        raise MXNetError('_cvimread: flag must be >= 0, got {}'.format(flag))
    return _decoded(_imgcodec.decode(_imgcodec.read_file(filename), flag, bool(to_rgb)))
