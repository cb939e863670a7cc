"""MXNet's image RecordIO iterators: ``ImageRecordIter`` (and its ``_v1`` name), ``ImageRecordUInt8Iter``,
``ImageRecordInt8Iter``.

MXNet's are C++ iterators; these read the same ``.rec`` files (with the optional ``.lst`` labels and
``.idx`` index) and take the same keyword arguments, with the same batches: MXNet's default augmenter in
its order (an optional shorter-side `resize`; the affine warp of `rotate`/`max_rotate_angle`/`rotate_list`,
`max_shear_ratio`, `min/max_random_scale`, the aspect ratio and `min/max_img_size`; `pad`; a random-resized
or random-size crop, else the crop of `data_shape` from the centre or at random with `rand_crop`; the colour
jitter of `brightness`/`contrast`/`saturation`, `random_h/s/l` and `pca_noise`), with OpenCV 3.4's pixel
arithmetic (see _record_aug.py); mirrored with `mirror`/`rand_mirror`; as float32
``(pixel - mean) / std * scale`` per channel with `max_random_contrast`/`max_random_illumination` (or
uint8/int8 pixels unchanged for those dtypes), in RGB order, NCHW. Batches follow MXNet's rules: with
`round_batch` (the default) the last batch of an epoch is completed with the first examples, its ``pad``
counts them, and the next epoch starts after them; `num_parts`/`part_index` split the file by bytes as
MXNet's reader does.

Decoding and augmenting run in `preprocess_threads` threads (Pillow's decoders and torch's kernels work
outside the GIL), `prefetch_buffer` batches ahead of the consumer; every batch's random choices come from
its own generator, seeded from `seed_aug` (else `seed`), the epoch and the batch's number, so that a seed
gives the same batches whatever the threads' timing. The shuffled order is not the one MXNet's C++ random
engine gives.
"""
import math
import mmap
import os
import struct
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import torch

from ..base import MXNetError
from ..ndarray.ops._imgcodec import _pil
from ..ndarray import serialization
from ..ndarray.ndarray import _wrap
from ..ndarray.ops import _imgcodec
from ..ndarray.ops._cvresize import cv_resize
from . import _record_aug
from .io import MXDataIter, _NativeLike

__all__ = ['ImageRecordIter', 'ImageRecordIter_v1', 'ImageRecordUInt8Iter', 'ImageRecordUInt8Iter_v1',
           'ImageRecordInt8Iter']

_MAGIC = 0xced7230a
_MAGIC_BYTES = struct.pack('<I', _MAGIC)
_RECORD_HEAD = struct.Struct('<II')
_IMAGE_HEAD = struct.Struct('<IfQQ')      # flag, label, id, id2
_LENGTH_MASK = (1 << 29) - 1

# every keyword MXNet's ImageRecordIter takes, with its default (None: required)
_PARAMS = {
    'path_imglist': '', 'path_imgrec': '', 'path_imgidx': '', 'aug_seq': 'aug_default', 'label_width': 1,
    'data_shape': None, 'preprocess_threads': 4, 'verbose': True, 'num_parts': 1, 'part_index': 0,
    'device_id': 0, 'shuffle_chunk_size': 0, 'shuffle_chunk_seed': 0, 'seed_aug': None, 'shuffle': False,
    'seed': 0, 'batch_size': None, 'round_batch': True, 'prefetch_buffer': 4, 'ctx': 'gpu', 'dtype': None,
    'resize': -1, 'rand_crop': False, 'random_resized_crop': False, 'max_rotate_angle': 0,
    'max_aspect_ratio': 0.0, 'min_aspect_ratio': None, 'max_shear_ratio': 0.0, 'max_crop_size': -1,
    'min_crop_size': -1, 'max_random_scale': 1.0, 'min_random_scale': 1.0, 'max_random_area': 1.0,
    'min_random_area': 1.0, 'max_img_size': 1e10, 'min_img_size': 0.0, 'brightness': 0.0, 'contrast': 0.0,
    'saturation': 0.0, 'pca_noise': 0.0, 'random_h': 0, 'random_s': 0, 'random_l': 0, 'rotate': -1,
    'fill_value': 255, 'inter_method': 1, 'pad': 0, 'mirror': False, 'rand_mirror': False, 'mean_img': '',
    'mean_r': 0.0, 'mean_g': 0.0, 'mean_b': 0.0, 'mean_a': 0.0, 'std_r': 1.0, 'std_g': 1.0, 'std_b': 1.0,
    'std_a': 1.0, 'scale': 1.0, 'max_random_contrast': 0.0, 'max_random_illumination': 0.0,
    'data_name': 'data', 'label_name': 'softmax_label',
    'rotate_list': '',          # not in MXNet's documented list, but its default augmenter reads it: "a,b,c"
}
_REQUIRED_KIND = {'data_shape': 'Shape(tuple)', 'batch_size': 'int (non-negative)'}
_DTYPES = ('float32', 'uint8', 'int8')


def _shape(value):
    if isinstance(value, str):
        value = tuple(int(v) for v in value.strip('()[] ').split(',') if v.strip())
    return tuple(int(v) for v in value)


def _flag(value):
    if isinstance(value, str):
        return value.strip().lower() in ('1', 'true')
    return bool(value)


# ---- the record file ------------------------------------------------------------------------------------
class _Records(object):
    """The records of a RecordIO file, mapped into memory: where each starts and its payload's pieces."""

    def __init__(self, path):
        try:
            self._file = open(path, 'rb')
        except OSError:
            raise MXNetError('Check failed: files_.size() != 0U (0 vs. 0) : Cannot find any files that matches '
                             'the URI pattern {}'.format(path)) from None
        size = os.fstat(self._file.fileno()).st_size
        self.size = size
        self._buf = mmap.mmap(self._file.fileno(), 0, access=mmap.ACCESS_READ) if size else b''
        self.starts, self.pieces = self._scan(path)

    def _scan(self, path):
        buf, end = self._buf, self.size
        starts, pieces, pos, open_parts = [], [], 0, None
        unpack = _RECORD_HEAD.unpack_from
        while pos + 8 <= end:
            magic, lrec = unpack(buf, pos)
            if magic != _MAGIC:
                raise MXNetError('Invalid RecordIO file {}: no record starts at offset {}'.format(path, pos))
            cflag, length = lrec >> 29, lrec & _LENGTH_MASK
            piece = (pos + 8, length)
            if cflag == 0:
                starts.append(pos)
                pieces.append(piece)
            elif cflag == 1:
                starts.append(pos)
                open_parts = [piece]
            else:
                if open_parts is None:
                    raise MXNetError('Invalid RecordIO file {}: a record continues at offset {} without a '
                                     'start'.format(path, pos))
                open_parts.append(piece)
                if cflag == 3:
                    pieces.append(tuple(open_parts))
                    open_parts = None
            pos += 8 + ((length + 3) & ~3)
        if open_parts is not None or pos != end:
            raise MXNetError('Invalid RecordIO file {}: it ends inside a record'.format(path))
        return starts, pieces

    def payload(self, i):
        piece = self.pieces[i]
        if isinstance(piece[0], int):
            return self._buf[piece[0]:piece[0] + piece[1]]
        return _MAGIC_BYTES.join(self._buf[off:off + n] for off, n in piece)

    def part(self, part_index, num_parts, indexed):
        """Record numbers of part `part_index` of `num_parts`, as MXNet's readers split a file: with an index,
        into runs of ceil(records / parts) records; without, into byte ranges of ceil(size / parts) bytes
        (rounded up to 4), each from the first record starting in it up to the next range's first record."""
        count = len(self.starts)
        if indexed:
            step = (count + num_parts - 1) // num_parts
            return list(range(min(step * part_index, count), min(step * (part_index + 1), count)))
        step = (self.size + num_parts - 1) // num_parts
        step = (step + 3) // 4 * 4
        begin, end = min(step * part_index, self.size), min(step * (part_index + 1), self.size)
        return [i for i, s in enumerate(self.starts) if begin <= s < end]

    def close(self):
        if hasattr(self._buf, 'close'):
            self._buf.close()
        self._file.close()


def _baseline_jpeg(data, start):
    """(height, width, components) of a baseline JPEG whose bytes start at `start`, else None."""
    end = len(data)
    if end - start < 4 or data[start] != 0xFF or data[start + 1] != 0xD8:
        return None
    pos = start + 2
    while pos + 9 < end:
        if data[pos] != 0xFF:
            return None
        marker = data[pos + 1]
        if marker in (0xC0, 0xC1):                      # baseline / extended sequential frame
            h, w = struct.unpack_from('>HH', data, pos + 5)
            return h, w, data[pos + 9]
        if 0xC2 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
            return None                                 # progressive, lossless, arithmetic: Pillow's full path
        pos += 2 + ((data[pos + 2] << 8) | data[pos + 3])
    return None


class _BatchDecoder(object):
    """Decodes baseline JPEGs of the output size straight into the rows of a batch buffer, through
    Pillow's JPEG decoder over an image that maps the buffer (no per-image arrays). Colour images are
    decoded as RGBX (four bytes a pixel, Pillow's own layout); grey ones as L."""

    def __init__(self, channels):
        Image = _pil()
        self._image = Image
        self.mode = 'L' if channels == 1 else 'RGBX'
        self.depth = 1 if channels == 1 else 4
        self.components = (1, 3) if channels == 1 else (3,)
        try:
            Image._getdecoder(self.mode, 'jpeg', (self.mode, ''))
            self.ok = True
        except Exception:                                # no JPEG support in this Pillow: always the full path
            self.ok = False

    def canvas(self, buf):
        """A Pillow image over the whole (B, H, W, depth) uint8 buffer, rows stacked."""
        b, h, w, _ = buf.shape
        return self._image.frombuffer(self.mode, (w, b * h), buf, 'raw', self.mode, 0, 1)

    def decode_into(self, canvas, data, row, h, w):
        """Decodes `data` (a memoryview of JPEG bytes) into row `row`; False when the decoder refused it."""
        decoder = self._image._getdecoder(self.mode, 'jpeg', (self.mode, ''))
        decoder.setimage(canvas.im, (0, row * h, w, (row + 1) * h))
        _, err = decoder.decode(data)
        decoder.cleanup()
        return err >= 0


def record_head(raw):
    """(header label, image id, where the image's bytes start, the labels packed in the record or None) of
    an image record: the image follows the header and the `flag` float32 labels packed after it."""
    flag, label, image_id, _ = _IMAGE_HEAD.unpack_from(raw)
    start = _IMAGE_HEAD.size
    packed = np.frombuffer(raw, np.float32, flag, start) if flag > 0 else None
    return label, image_id, start + 4 * flag, packed


def check_label_width(label_width, found):
    """MXNet's check of a record's packed labels against label_width."""
    if found != label_width:
        raise MXNetError('Check failed: param_.label_width == rec.num_label ({} vs. {}) : rec file provide '
                         '{}-dimensional label but label_width is set to {}'.format(
                             label_width, found, found, label_width))


def _read_imglist(path, label_width):
    """{image index: float32 labels} of a .lst file (index, labels..., path per line)."""
    table = {}
    with open(path) as lines:
        for line in lines:
            fields = line.strip().split('\t')
            if len(fields) < 2:
                continue
            values = np.array([float(v) for v in fields[1:-1]], dtype=np.float32)
            if values.size < label_width:
                raise MXNetError('ImageRecordIter: {}: the line of image {} has {} labels, label_width is '
                                 '{}'.format(path, fields[0], values.size, label_width))
            table[int(float(fields[0]))] = values[:label_width]
    return table


# ---- one image ------------------------------------------------------------------------------------------
_F32 = np.float32


def _inter_error(low):
    return MXNetError('Check failed: (param_.inter_method >= {} && param_.inter_method <= 4) || (param_.inter_method '
                      '>= 9 && param_.inter_method <= 10): invalid inter_method: valid value 0,1,2,3,9,10'.format(low))


class _Augment(object):
    """MXNet's default augmenter (image_aug_default.cc), in its order: shorter-side resize, the affine warp
    (rotation, shear, random scale and aspect ratio, image size bounds), pad, random-resized crop or
    random-size crop, else the centre (or random) crop of the output size; then, batch-wise, colour jitter,
    the HLS shift and PCA noise (`colour`). Mirroring comes last, as in MXNet's copy into the batch.
    Works on uint8 HWC tensors; random draws come from the batch's numpy generator."""

    def __init__(self, p, out_h, out_w, channels=3):
        self.resize, self.pad, self.fill = int(p['resize']), int(p['pad']), int(p['fill_value'])
        self.rand_crop, self.inter = _flag(p['rand_crop']), int(p['inter_method'])
        self.rrc = _flag(p['random_resized_crop'])
        self.area = (float(p['min_random_area']), float(p['max_random_area']))
        top = float(p['max_aspect_ratio'])
        low = p['min_aspect_ratio']
        low = None if low in (None, 'None') else float(low)
        self.aspect = (float(_F32(1) - _F32(top)), float(_F32(1) + _F32(top))) if low is None else (low, top)
        self.scale = (float(p['min_random_scale']), float(p['max_random_scale']))
        self.crop_size = (int(p['min_crop_size']), int(p['max_crop_size']))
        self.mirror, self.rand_mirror = _flag(p['mirror']), _flag(p['rand_mirror'])
        self.out_h, self.out_w = out_h, out_w
        self.max_rotate, self.max_shear = int(float(p['max_rotate_angle'])), float(p['max_shear_ratio'])
        self.rotate = int(float(p['rotate']))
        listed = str(p.get('rotate_list', '') or '')
        self.rotate_list = [int(float(v)) for v in listed.split(',') if v.strip()]
        self.img_size = (float(p['min_img_size']), float(p['max_img_size']))
        self.affine = (self.max_rotate > 0 or self.max_shear > 0 or self.rotate > 0 or bool(self.rotate_list)
                       or self.scale != (1.0, 1.0) or (not self.rrc and self.aspect != (1.0, 1.0))
                       or _F32(self.img_size[1]) != _F32(1e10) or self.img_size[0] != 0)
        self.brightness, self.contrast = float(p['brightness']), float(p['contrast'])
        self.saturation, self.pca = float(p['saturation']), float(p['pca_noise'])
        self.hls = (int(float(p['random_h'])), int(float(p['random_s'])), int(float(p['random_l'])))
        self.jitter = self.brightness > 0 or self.contrast > 0 or self.saturation > 0
        self.coloured = self.jitter or any(self.hls) or self.pca > 0
        if self.coloured and channels != 3:
            raise MXNetError('ImageRecordIter: brightness, contrast, saturation, random_h/s/l and pca_noise need '
                             'colour images (data_shape[0] == 3); MXNet 1.9.1 fails in OpenCV here')
        if self.resize != -1 and not (0 <= self.inter <= 4 or 9 <= self.inter <= 10):
            raise _inter_error(0)
        if self.affine and not (1 <= self.inter <= 4 or 9 <= self.inter <= 10):
            raise _inter_error(1)
        if self.rrc:
            if self.scale != (1.0, 1.0) or self.crop_size != (-1, -1) or self.rand_crop:
                raise MXNetError('Check failed: \nSetting random_resized_crop to true conflicts with '
                                 'min_random_scale, max_random_scale, min_crop_size, max_crop_size, and rand_crop.')
            self.rrc_crops = self.area != (1.0, 1.0) or self.aspect != (1.0, 1.0)
            if self.rrc_crops and not (self.aspect[0] > 0 and self.area[0] <= self.area[1]
                                       and self.aspect[0] <= self.aspect[1]):
                raise MXNetError('Check failed: random_resized_crop needs min_aspect_ratio > 0, min_random_area <= '
                                 'max_random_area and min_aspect_ratio <= max_aspect_ratio')
        self.sized_crop = not self.rrc and self.crop_size != (-1, -1)
        # whether images of one size can be augmented together (no per-image sizes or interpolations)
        self.batchable = self.inter != 10 and not self.rrc and not self.affine and not self.sized_crop

    # -- interpolation and resizing
    def _fixed_interp(self, old_h, old_w, h, w):
        if self.inter != 9:
            return self.inter
        if h > old_h and w > old_w:
            return 2
        if h < old_h and w < old_w:
            return 3
        return 1

    def _interp(self, old_h, old_w, h, w, rng):
        return int(rng.randint(0, 5)) if self.inter == 10 else self._fixed_interp(old_h, old_w, h, w)

    @staticmethod
    def _resize(img, w, h, interp):
        if (img.shape[0], img.shape[1]) == (h, w):
            return img
        return cv_resize(img, w, h, interp)

    @staticmethod
    def _resize_all(x, w, h, interp):
        """A batch `x` (n, C, H, W) resized together to (n, C, h, w): OpenCV's uint8 bilinear batch-wise, other
        kernels with the images side by side as channels of one image (OpenCV's separable kernels treat
        channels one by one)."""
        n, c, old_h, old_w = x.shape
        if (old_h, old_w) == (h, w):
            return x
        if x.dtype == torch.uint8 and _record_aug.fast_linear(interp, old_h, old_w, h, w):
            return _record_aug.resize_nchw(x, w, h, interp)
        stacked = x.permute(2, 3, 0, 1).reshape(old_h, old_w, n * c)
        out = cv_resize(stacked, w, h, interp)
        return out.reshape(h, w, n, c).permute(2, 3, 0, 1)

    def _shorter_side(self, h, w):
        if h > w:
            return self.resize, self.resize * h // w
        return self.resize * w // h, self.resize

    def _cover_steps(self, h, w):
        """The resizes (w, h) MXNet makes to an image smaller than the output before its centre crop."""
        steps, oh, ow = [], self.out_h, self.out_w
        if h < oh:
            w, h = int(_F32(oh) / _F32(h) * _F32(w)), oh
            steps.append((w, h))
        if w < ow:
            w, h = ow, int(_F32(ow) / _F32(w) * _F32(h))
            steps.append((w, h))
        if h < oh or w < ow:
            raise MXNetError('Check failed: input image size smaller than input shape')
        return steps

    # -- a batch of images of one size
    def batch(self, imgs, rng, flipped_out=None):
        """The augmented images (before colour) of a batch of images of one size, (n, out_h, out_w, C) (a view
        of an (n, C, out_h, out_w) tensor); the same random draws, image by image, as calling this augmenter
        on each."""
        n, h, w, c = imgs.shape
        x = imgs.permute(0, 3, 1, 2)
        if self.resize != -1:
            nw, nh = self._shorter_side(h, w)
            interp = self._fixed_interp(h, w, nh, nw)
            x = self._resize_all(x, nw, nh, interp)
            h, w = nh, nw
        if self.pad > 0:
            p = self.pad
            padded = torch.full((n, c, h + 2 * p, w + 2 * p), self.fill, dtype=imgs.dtype)
            padded[:, :, p:p + h, p:p + w] = x
            x, h, w = padded, h + 2 * p, w + 2 * p
        oh, ow = self.out_h, self.out_w
        interp = self._fixed_interp(h, w, oh, ow)
        for sw, sh in self._cover_steps(h, w):
            x = self._resize_all(x, sw, sh, interp)
        h, w = x.shape[2], x.shape[3]
        if (h, w) == (oh, ow):
            if self.mirror and not self.rand_mirror:
                if flipped_out is not None:
                    flipped_out.extend(range(n))
                return x.flip(3).permute(0, 2, 3, 1)
            flipped = [k for k in range(n) if self.flips(rng)]
            out = x.contiguous() if x.data_ptr() != imgs.data_ptr() else x.clone(memory_format=torch.contiguous_format)
        else:
            out = torch.empty((n, c, oh, ow), dtype=x.dtype)
            flipped = []
            for k in range(n):
                y0, x0 = self._place(h - oh, w - ow, rng)
                out[k] = x[k, :, y0:y0 + oh, x0:x0 + ow]
                if self.flips(rng):
                    flipped.append(k)
        if flipped_out is not None:
            flipped_out.extend(flipped)
        if flipped:
            idx = torch.tensor(flipped)
            out[idx] = out.index_select(0, idx).flip(3)
        return out.permute(0, 2, 3, 1)

    def flips(self, rng):
        return self.mirror or (self.rand_mirror and rng.randint(0, 2) == 1)

    # -- one image
    def __call__(self, img, rng, flipped_out=None, k=0):
        h, w = img.shape[0], img.shape[1]
        if self.resize != -1:
            nw, nh = self._shorter_side(h, w)
            img = self._resize(img, nw, nh, self._interp(h, w, nh, nw, rng))
        if self.affine:
            img = self._warp(img, rng)
        if self.pad > 0:
            p = self.pad
            padded = torch.full((img.shape[0] + 2 * p, img.shape[1] + 2 * p, img.shape[2]), self.fill,
                                dtype=img.dtype)
            padded[p:p + img.shape[0], p:p + img.shape[1]] = img
            img = padded
        img = self._crop(img, rng)
        if self.flips(rng):
            if flipped_out is not None:
                flipped_out.append(k)
            return img.flip(1)
        return img

    def _uniform(self, rng):
        return _F32(rng.random_sample())

    def _warp(self, img, rng):
        u = self._uniform(rng)
        shear = u * _F32(self.max_shear) * _F32(2) - _F32(self.max_shear)
        angle = int(rng.randint(-self.max_rotate, self.max_rotate + 1))
        if self.rotate > 0:
            angle = self.rotate
        if self.rotate_list:
            angle = self.rotate_list[int(rng.randint(0, len(self.rotate_list)))]
        scale = ratio = _F32(1)
        if not self.rrc:
            low, high = _F32(self.scale[0]), _F32(self.scale[1])
            scale = self._uniform(rng) * (high - low) + low
            low, high = _F32(self.aspect[0]), _F32(self.aspect[1])
            ratio = self._uniform(rng) * (high - low) + low
        h, w = img.shape[0], img.shape[1]
        m, nw, nh = _record_aug.affine_matrix(w, h, angle, shear, scale, ratio, *self.img_size)
        interp = self._interp(h, w, nh, nw, rng)
        return _record_aug.warp_affine(img, m, nw, nh, interp, self.fill)

    def _crop(self, img, rng):
        h, w = img.shape[0], img.shape[1]
        oh, ow = self.out_h, self.out_w
        if self.rrc and self.rrc_crops:
            area = _F32(h * w)
            for _ in range(10):
                rand_area = _F32(rng.uniform(*self.area))
                ratio = _F32(rng.uniform(*self.aspect))
                target = area * rand_area
                ch = int(math.floor(float(np.sqrt(target / ratio)) + 0.5))
                cw = int(math.floor(float(np.sqrt(target * ratio)) + 0.5))
                if rng.random_sample() > 0.5:
                    ch, cw = cw, ch
                if ch <= h and cw <= w:
                    y, x = rng.randint(0, h - ch + 1), rng.randint(0, w - cw + 1)
                    return self._resize(img[y:y + ch, x:x + cw], ow, oh, self._interp(ch, cw, oh, ow, rng))
        elif self.sized_crop:
            low, high = self.crop_size
            if not (w >= high and h >= high and high >= low):
                raise MXNetError('Check failed: res.cols >= param_.max_crop_size && res.rows >= param_.max_crop_size && '
                                 'param_.max_crop_size >= param_.min_crop_size: input image size smaller than '
                                 'max_crop_size')
            side = int(rng.randint(low, high + 1))
            if side < 1:
                raise MXNetError('ImageRecordIter: the random crop size {} is not positive (min_crop_size {}, '
                                 'max_crop_size {})'.format(side, low, high))
            y, x = self._place(h - side, w - side, rng)
            return self._resize(img[y:y + side, x:x + side], ow, oh, self._interp(side, side, oh, ow, rng))
        interp = self._interp(h, w, oh, ow, rng)
        for sw, sh in self._cover_steps(h, w):
            img = self._resize(img, sw, sh, interp)
        h, w = img.shape[0], img.shape[1]
        if (h, w) == (oh, ow):
            return img
        y, x = self._place(h - oh, w - ow, rng)
        return img[y:y + oh, x:x + ow]

    def _place(self, free_h, free_w, rng):
        if self.rand_crop:
            return rng.randint(0, free_h + 1), rng.randint(0, free_w + 1)
        return free_h // 2, free_w // 2

    # -- colour, on the batch
    def colour(self, imgs, rng):
        """The colour augmentations of (n, H, W, 3) uint8 images, each with its own draws."""
        n = imgs.shape[0]
        if self.jitter:
            b, c, s = self.brightness, self.contrast, self.saturation
            draws = [(_F32(1.0 + _F32(rng.uniform(-b, b))), _F32(1.0 + _F32(rng.uniform(-c, c))),
                      _F32(1.0 + _F32(rng.uniform(-s, s))), rng.permutation(3)) for _ in range(n)]
            ab, ac, as_, orders = zip(*draws)
            imgs = _record_aug.color_jitter(imgs, ab, ac, as_, orders)
        if any(self.hls):
            shifts = np.zeros((n, 3), dtype=np.int32)
            for k in range(n):
                # MXNet's approximation of a normal draw: (u1 + 4 u2) / 5, for h, s, l in turn
                r = [(_F32(rng.random_sample()) + _F32(4) * _F32(rng.random_sample())) / _F32(5) for _ in range(3)]
                h, s, l = (int(rv * _F32(top) * _F32(2) - _F32(top)) for rv, top in zip(r, self.hls))
                shifts[k] = (h, l, s)
            imgs = _record_aug.shift_hls(imgs, shifts)
        if self.pca > 0:
            imgs = _record_aug.pca_noise(imgs, rng.normal(0, self.pca, (n, 3)))
        return imgs


# ---- the reader ---------------------------------------------------------------------------------------
class _RecordImageReader(object):
    """Makes the batches: the plan of each epoch (which records, which padding) and the work of one batch."""

    def __init__(self, p, out_dtype):
        shape = p['data_shape']
        self.channels, self.out_h, self.out_w = shape
        self.batch_size = int(p['batch_size'])
        self.label_width = int(p['label_width'])
        self.round_batch = _flag(p['round_batch'])
        self.shuffle = _flag(p['shuffle'])
        self.seed = int(p['seed'])
        self.aug_seed = self.seed if p['seed_aug'] is None else int(p['seed_aug'])
        self.dtype = out_dtype
        self.records = _Records(p['path_imgrec'])
        self.order = self.records.part(int(p['part_index']), int(p['num_parts']), bool(p['path_imgidx']))
        self.imglist = _read_imglist(p['path_imglist'], self.label_width) if p['path_imglist'] else None
        self.augment = _Augment(p, self.out_h, self.out_w, self.channels)
        self.jpeg = _BatchDecoder(self.channels)
        c = self.channels
        means = [float(p[k]) for k in ('mean_r', 'mean_g', 'mean_b', 'mean_a')][:c]
        stds = [float(p[k]) for k in ('std_r', 'std_g', 'std_b', 'std_a')][:c]
        scale = float(p['scale'])
        self.mean = torch.tensor(means, dtype=torch.float32).view(1, c, 1, 1)
        self.factor = torch.tensor([scale / s for s in stds], dtype=torch.float32).view(1, c, 1, 1)
        self.plain = all(m == 0 for m in means) and all(f == 1 for f in self.factor.view(-1).tolist())
        # MXNet's per-image random contrast and illumination of float output (ImageNormalizeParam)
        self.random_contrast = float(p['max_random_contrast'])
        self.random_illumination = float(p['max_random_illumination'])
        self.lit = out_dtype == 'float32' and (self.random_contrast != 0 or self.random_illumination != 0)
        self.mean_img = None
        if p['mean_img'] and out_dtype != 'uint8':      # MXNet's uint8 iterators neither make nor use it
            self.mean_img = self._mean_image(p['mean_img'])
        self._rng = np.random.RandomState(self.seed)
        self.epoch, self._start = 0, 0

    # -- the epoch's plan
    def plan(self):
        """[(record numbers, pad)] of the next epoch's batches."""
        order = list(self.order)
        if self.shuffle:
            self._rng.shuffle(order)
        n, size = len(order), self.batch_size
        batches, pos = [], self._start
        self._start = 0
        while pos + size <= n:
            batches.append((order[pos:pos + size], 0))
            pos += size
        left = n - pos
        if left > 0:
            if self.round_batch:
                extra = size - left
                batches.append((order[pos:] + [order[k % n] for k in range(extra)], extra))
                self._start = extra % n
            else:
                batches.append((order[pos:], 0))     # MXNet reports no padding here; the rest of the batch is 0
        self.epoch += 1
        return batches

    # -- one batch
    def _label(self, raw):
        """(labels, where the image's bytes start, the image's id) of a record."""
        label, image_id, start, packed = record_head(raw)
        if self.imglist is not None:
            labels = self.imglist.get(image_id)
            if labels is None:
                raise MXNetError('ImageRecordIter: image {} of the record file is not in path_imglist'.format(
                    image_id))
        elif packed is not None:
            check_label_width(self.label_width, packed.size)
            labels = packed
        elif self.label_width != 1:
            raise MXNetError('Check failed: param_.label_width == 1 ({} vs. 1) : label_width must be 1 unless an '
                             'imglist is provided or the rec file is packed with multi dimensional label'.format(
                                 self.label_width))
        else:
            labels = label
        return labels, start, image_id

    def _pixels(self, raw, start):
        pixels = _imgcodec.decode(raw[start:], 0 if self.channels == 1 else 1, True)
        return torch.from_numpy(pixels if pixels.flags.writeable else pixels.copy())

    def _decode(self, i):
        raw = self.records.payload(i)
        labels, start, _ = self._label(raw)
        return labels, self._pixels(raw, start)

    def _decode_alike(self, raws, starts):
        """All images of a batch as one (n, h, w, channels) uint8 tensor when they are baseline JPEGs of one
        size (decoded straight into one buffer), else None."""
        jpeg = self.jpeg
        if not jpeg.ok:
            return None
        sizes = [_baseline_jpeg(raw, start) for raw, start in zip(raws, starts)]
        first = sizes[0]
        if first is None or first[2] not in jpeg.components or any(s != first for s in sizes):
            return None
        h, w = first[:2]
        buf = np.zeros((len(raws), h, w, jpeg.depth), dtype=np.uint8)
        canvas = jpeg.canvas(buf)
        c = self.channels
        for k, (raw, start) in enumerate(zip(raws, starts)):
            if not jpeg.decode_into(canvas, memoryview(raw)[start:], k, h, w):
                img = self._pixels(raw, start)          # raises the decoding error, or decodes otherwise
                if tuple(img.shape) != (h, w, c):
                    return None
                buf[k, :, :, :c] = img.numpy()
        return torch.from_numpy(buf)[..., :c]

    def make(self, rows, number, epoch):
        """(data, label) tensors of the batch of records `rows`."""
        rng = np.random.RandomState((self.aug_seed * 1000003 + epoch * 7919 + number) % (2 ** 32))
        size, c, h, w = self.batch_size, self.channels, self.out_h, self.out_w
        augment, n = self.augment, len(rows)
        labels = np.zeros((size, self.label_width), dtype=np.float32)
        raws, starts = [], []
        ids = np.zeros(size, dtype=np.uint64)
        for k, i in enumerate(rows):
            raw = self.records.payload(i)
            labels[k], start, ids[k] = self._label(raw)
            raws.append(raw)
            starts.append(start)
        pixels = self._decode_alike(raws, starts)
        # the images mirrored: MXNet subtracts a mean image before mirroring, so theirs get it mirrored
        flipped = [] if self.mean_img is not None and (augment.mirror or augment.rand_mirror) else None
        if pixels is not None and augment.batchable:
            out = augment.batch(pixels, rng, flipped)
        else:
            out = torch.zeros((n, h, w, c), dtype=torch.uint8)
            for k, (raw, start) in enumerate(zip(raws, starts)):
                out[k] = augment(pixels[k] if pixels is not None else self._pixels(raw, start), rng, flipped, k)
        if augment.coloured:
            out = augment.colour(out, rng)
        planar = out.permute(0, 3, 1, 2)
        mean_img = self.mean_img
        if flipped:
            mean_img = mean_img.expand(n, -1, -1, -1).clone()
            idx = torch.tensor(flipped)
            mean_img[idx] = mean_img.index_select(0, idx).flip(3)
        if self.dtype == 'float32':
            data = torch.zeros((size, c, h, w), dtype=torch.float32)
            rows_out = data[:n]
            if self.lit:
                gain, bias = self._lighting(n, rng)
                torch.sub(planar, self.mean if mean_img is None else mean_img, out=rows_out)
                rows_out.mul_(self.factor * gain).add_(self.factor * bias)
            elif mean_img is not None:
                torch.sub(planar, mean_img, out=rows_out).mul_(self.factor)
            elif not self.plain:
                torch.sub(planar, self.mean, out=rows_out).mul_(self.factor)
            else:
                rows_out.copy_(planar)
        else:
            data = torch.zeros((size, c, h, w), dtype=torch.uint8 if self.dtype == 'uint8' else torch.int8)
            data[:n] = planar if self.dtype == 'uint8' else planar.clamp(max=127)
        label = torch.from_numpy(labels.reshape(size) if self.label_width == 1 else labels)
        return data, label, ids

    def _lighting(self, n, rng):
        """Per image (n, 1, 1, 1) contrast gains and illumination offsets (in units of `scale`), drawn in
        [1 - c, 1 + c] and [-i, i] for max_random_contrast c and max_random_illumination i."""
        c, i = np.float32(self.random_contrast), np.float32(self.random_illumination)
        u = rng.random_sample((n, 2)).astype(np.float32)
        gain = u[:, 0] * c * np.float32(2) - c + np.float32(1)
        bias = u[:, 1] * i * np.float32(2) - i
        return (torch.from_numpy(gain.astype(np.float32)).view(n, 1, 1, 1),
                torch.from_numpy(bias.astype(np.float32)).view(n, 1, 1, 1))

    def _mean_image(self, path):
        """The mean image of `path` (an nd.save file with 'mean_img'); when the file does not exist, MXNet's:
        the mean of the float32 outputs of one pass over the part, augmented and normalized as the batches
        are (mean_r/g/b, std, scale, random contrast and illumination, mirrors), saved there first."""
        if not os.path.exists(path):
            kept, self.dtype = self.dtype, 'float32'
            total, size = None, self.batch_size
            order = list(self.order)
            try:
                for number, pos in enumerate(range(0, len(order), size)):
                    rows = order[pos:pos + size]
                    part = self.make(rows, number, -1)[0][:len(rows)].to(torch.float64).sum(0)
                    total = part if total is None else total + part
            finally:
                self.dtype = kept
            if total is None:
                total = torch.zeros((self.channels, self.out_h, self.out_w), dtype=torch.float64)
            mean = (total / max(1, len(order))).float()
            serialization.save(path, {'mean_img': _wrap(mean)})
        loaded = serialization.load(path)
        arr = loaded['mean_img'] if isinstance(loaded, dict) else loaded[0]
        return arr._t.to(torch.float32).reshape(1, self.channels, self.out_h, self.out_w)


class _ImageRecordHandle(_NativeLike):
    """The handle of an image record iterator: batches made by a pool of this process's threads,
    `prefetch_buffer` ahead, in the reader's plan for the epoch."""

    def __init__(self, name, params, reader=None):
        self._batch_size = int(params['batch_size'])
        self._reader = _RecordImageReader(params, params['dtype']) if reader is None else reader
        self._gives_ids = name.endswith('_v1') or getattr(self._reader, 'gives_ids', False)
        workers = max(1, int(params['preprocess_threads']))
        self._depth = max(1, int(params['prefetch_buffer']))
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix=name)
        self._pending, self._plan, self._next_job = [], [], 0
        self._current = None
        self.before_first()

    def before_first(self):
        """Start the epoch again: a new plan, the first batches queued."""
        for job in self._pending:
            job.cancel()
        self._plan = self._reader.plan()
        self._epoch = self._reader.epoch
        self._pending, self._next_job = [], 0
        self._fill()

    def _fill(self):
        while len(self._pending) < self._depth and self._next_job < len(self._plan):
            rows = self._plan[self._next_job][0]
            self._pending.append(self._pool.submit(self._reader.make, rows, self._next_job, self._epoch))
            self._next_job += 1

    def next(self):
        """Whether there is a next batch (which becomes the current one)."""
        if not self._pending:
            return False
        job = self._pending.pop(0)
        number = self._next_job - len(self._pending) - 1
        self._fill()
        data, label, ids = job.result()
        entry = self._plan[number]
        pad = entry[1]
        if len(entry) > 2:                      # what the reader does once the batch is handed out
            entry[2]()
        self._current = (_wrap(data), _wrap(label), pad, ids if self._gives_ids else None)
        return True

    def getdata(self):
        return self._current[0]

    def getlabel(self):
        return self._current[1]

    def getindex(self):
        # MXNet's _v1 iterators give the images' ids; the others a zero per example
        ids = self._current[3]
        return np.zeros(self._batch_size, dtype=np.uint64) if ids is None else ids

    def getpad(self):
        return self._current[2]

    def __del__(self):
        pool = getattr(self, '_pool', None)
        if pool is not None:
            for job in self._pending:
                job.cancel()
            pool.shutdown(wait=False)


class _ImageRecordIterator(MXDataIter):
    """An image record iterator (what ``mx.io.ImageRecordIter(...)`` returns): an MXDataIter over a handle
    whose batches are made by threads of this process."""

    def __init__(self, name, params, reader=None):
        super().__init__(_ImageRecordHandle(name, params, reader), params['data_name'], params['label_name'])

    @property
    def _reader(self):
        """The handle's record reader (its augmenter and plan, for tests)."""
        return self.handle._reader


def merge_params(defaults, kwargs, channels):
    """The keywords of a record iterator over its `defaults` (keywords it does not know are ignored, as
    MXNet's C++ iterators ignore them), with MXNet's checks of the required ones and of data_shape, whose
    channels must be among `channels`; data_shape becomes a tuple of ints."""
    p = dict(defaults)
    p.update({k: v for k, v in kwargs.items() if k in defaults})
    for key, kind in _REQUIRED_KIND.items():
        if p[key] is None:
            raise MXNetError('Required parameter {} of {} is not presented'.format(key, kind))
    shape = _shape(p['data_shape'])
    if len(shape) != 3:
        raise MXNetError('value [{}]for Parameter data_shape has wrong dimensions, expected dimension=3'.format(
            ','.join(str(v) for v in shape)))
    if int(p.get('preprocess_threads', 1)) < 1:
        raise MXNetError('value {} for Parameter preprocess_threads should be greater equal to 1'.format(
            p['preprocess_threads']))
    if shape[0] not in channels:
        raise MXNetError('Invalid output shape [{}]'.format(','.join(str(v) for v in shape)))
    p['data_shape'] = shape
    return p


def _params(name, kwargs, dtype=None):
    p = merge_params(_PARAMS, kwargs, (1, 3))
    if not p['path_imgrec']:
        raise MXNetError('ImageRecordIter2: Check failed: param_.path_imgrec.length() != 0: must specify image_rec')
    given = dtype or p['dtype']
    given = 'float32' if given in (None, 'None') else str(np.dtype(given))
    if given not in _DTYPES:
        raise MXNetError('{}: dtype {} is not supported (float32, uint8, int8)'.format(name, given))
    p['dtype'] = given
    if int(p['num_parts']) < 1 or not 0 <= int(p['part_index']) < int(p['num_parts']):
        raise MXNetError('{}: part_index {} out of range for num_parts {}'.format(name, p['part_index'],
                                                                                  p['num_parts']))
    return p


def _iterator_function(name, dtype=None, doc=''):
    def make(*args, **kwargs):
        params = _params(name, kwargs, dtype)
        if args:
            raise TypeError('%s can only accept keyword arguments' % name)
        return _ImageRecordIterator(name, params)
    make.__name__ = make.__qualname__ = name
    make.__doc__ = doc + '\n\n' + __doc__
    return make


ImageRecordIter = _iterator_function('ImageRecordIter', doc='Batches of images of a RecordIO file (.rec).')
ImageRecordIter_v1 = _iterator_function('ImageRecordIter_v1', doc="MXNet's first ImageRecordIter; the same "
                                                                  'batches as ImageRecordIter.')
ImageRecordUInt8Iter = _iterator_function('ImageRecordUInt8Iter', 'uint8',
                                          doc='ImageRecordIter with uint8 pixels (no mean, std or scale).')
ImageRecordUInt8Iter_v1 = _iterator_function('ImageRecordUInt8Iter_v1', 'uint8',
                                             doc='ImageRecordUInt8Iter under its first name.')
ImageRecordInt8Iter = _iterator_function('ImageRecordInt8Iter', 'int8',
                                         doc='ImageRecordIter with int8 pixels (values above 127 become 127).')
