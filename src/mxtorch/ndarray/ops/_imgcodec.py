"""Image decoding that gives the pixels MXNet 1.9.1 gives (``mx.image.imdecode``/``imread``).

MXNet decodes with the OpenCV 3.4 it bundles; mxtorch decodes with Pillow and then converts the way
OpenCV's decoders do, so that results agree: PNG exactly (it is lossless, and grey conversion follows
libpng's rgb-to-grey weights), JPEG to within the small differences between JPEG libraries (a colour JPEG
asked for in grey is its decoded luma, as libjpeg gives it to OpenCV), other formats through OpenCV's
BT.601 fixed-point grey formula. Images come out uint8, (H, W, 3) in RGB or BGR order, or (H, W, 1).
"""
import io

import numpy as np

from ...base import MXNetError

__all__ = ['decode', 'read_file']


def _pil():
    try:
        from PIL import Image
    except ImportError:  # pragma: no cover - Pillow is a dependency of mx.image
        raise MXNetError('mx.image needs Pillow to decode images: pip install pillow') from None
    return Image


def _gray_png(rgb):
    # libpng's png_set_rgb_to_gray(0.299, 0.587): 15-bit weights (truncated), blue takes the rest, and the
    # weighted sum is truncated too
    rc, gc = 9797, 19234
    bc = 32768 - rc - gc
    r, g, b = (rgb[..., i].astype(np.int32) for i in range(3))
    return ((rc * r + gc * g + bc * b) >> 15).astype(np.uint8)


def _gray_cv(rgb):
    # OpenCV's colour-to-grey: 14-bit BT.601 weights, rounded
    r, g, b = (rgb[..., i].astype(np.int32) for i in range(3))
    return ((r * 4899 + g * 9617 + b * 1868 + (1 << 13)) >> 14).astype(np.uint8)


def _eight_bit(img):
    """A Pillow image as an 8-bit array: 16-bit samples keep their high byte (OpenCV strips 16 to 8)."""
    if img.mode in ('I;16', 'I;16B', 'I;16L', 'I'):
        arr = np.asarray(img)
        if arr.dtype.itemsize > 1:
            arr = (arr.astype(np.int64) >> 8).clip(0, 255)
        return arr.astype(np.uint8), 'L'
    if img.mode == 'F':
        return np.asarray(img).clip(0, 255).astype(np.uint8), 'L'
    return None, img.mode


def decode(data, flag=1, to_rgb=True):
    """Decodes encoded image bytes into a uint8 numpy array of shape (H, W, 3) or (H, W, 1) for flag 0.

    Raises MXNetError when the bytes are not an image Pillow can read."""
    data = bytes(data)
    if not data:
        raise MXNetError('imdecode: the image buffer is empty')
    Image = _pil()
    try:
        img = Image.open(io.BytesIO(data))
        fmt = img.format
        if fmt == 'JPEG' and flag == 0 and img.mode in ('RGB', 'YCbCr'):
            img.draft('L', img.size)      # the decoder's own luma output, as libjpeg hands it to OpenCV
        img.load()
    except Exception as e:  # Pillow raises several types for bad data
        raise MXNetError('imdecode: decoding failed, invalid image file ({} bytes): {}'.format(
            len(data), e)) from None
    arr, mode = _eight_bit(img)
    if arr is None:
        if mode in ('L', 'RGB'):
            arr = np.asarray(img)
        elif mode in ('1', 'P', 'LA', 'RGBA', 'CMYK', 'YCbCr', 'La', 'PA', 'RGBa', 'RGBX', 'LAB', 'HSV'):
            if mode in ('LA', 'La'):       # alpha is dropped, not composited, as OpenCV does
                arr, mode = np.asarray(img.getchannel(0)), 'L'
            else:
                arr, mode = np.asarray(img.convert('RGB')), 'RGB'
        else:
            arr, mode = np.asarray(img.convert('RGB')), 'RGB'
    if flag == 0:
        if mode == 'RGB':
            arr = _gray_png(arr) if fmt == 'PNG' else _gray_cv(arr)
        return np.ascontiguousarray(arr.reshape(arr.shape[0], arr.shape[1], 1))
    if mode == 'L':
        arr = np.repeat(arr[:, :, None], 3, axis=2)
    if not to_rgb:
        arr = arr[:, :, ::-1]
    return np.ascontiguousarray(arr)


def read_file(filename):
    """The bytes of an image file; MXNetError naming the file when it cannot be read."""
    try:
        with open(filename, 'rb') as f:
            return f.read()
    except OSError as e:
        raise MXNetError("imread: '{}' couldn't open file: {}".format(filename, e.strerror or e)) from None
