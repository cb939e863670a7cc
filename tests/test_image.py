"""mx.image and mx.nd.image beyond the golden cases: real PNG files (the CIFAR-10 sample in shared/data)
checked against an independent PNG decoder written here, properties that mathematics fixes (identities,
block means, pixel replication), ImageIter on real files, gradients, bad input, and the GPU path."""
import collections
import os
import random
import struct
import zipfile
import zlib

import numpy as np
import pytest
import torch

import mxtorch as mx
from mxtorch import nd
from mxtorch import image
import mxtorch.ndarray.image  # noqa: F401  (mx.nd.image)
from mxtorch.base import MXNetError
from numgrad import check_gradient

DATA = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'shared', 'data', 'kaggle_cifar10')
if not os.path.isdir(DATA):
    DATA = '/work/shared/data/kaggle_cifar10'


# ---- an independent PNG decoder (8-bit grey/RGB/RGBA, not interlaced): the truth for lossless files ----
def _paeth(a, b, c):
    p = a + b - c
    pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
    if pa <= pb and pa <= pc:
        return a
    return b if pb <= pc else c


def decode_png(data):
    assert data[:8] == b'\x89PNG\r\n\x1a\n'
    pos, idat, header = 8, b'', None
    while pos < len(data):
        length, kind = struct.unpack('>I4s', data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b'IHDR':
            header = struct.unpack('>IIBBBBB', body)
        elif kind == b'IDAT':
            idat += body
        pos += 12 + length
    width, height, depth, color, _, _, interlace = header
    assert depth == 8 and interlace == 0 and color in (0, 2, 6)
    channels = {0: 1, 2: 3, 6: 4}[color]
    raw = zlib.decompress(idat)
    stride = width * channels
    rows, prev, i = [], [0] * stride, 0
    for _ in range(height):
        kind, line = raw[i], list(raw[i + 1:i + 1 + stride])
        i += 1 + stride
        for x in range(stride):
            left = line[x - channels] if x >= channels else 0
            up, upleft = prev[x], (prev[x - channels] if x >= channels else 0)
            pred = (0, left, up, (left + up) // 2, _paeth(left, up, upleft))[kind]
            line[x] = (line[x] + pred) & 0xFF
        rows.append(line)
        prev = line
    return np.array(rows, dtype=np.uint8).reshape(height, width, channels)


@pytest.fixture(scope='module')
def cifar(tmp_path_factory):
    path = os.path.join(DATA, 'train_tiny.zip')
    if not os.path.exists(path):
        pytest.skip('shared/data/kaggle_cifar10 is not beside the checkout')
    root = tmp_path_factory.mktemp('cifar')
    with zipfile.ZipFile(path) as zf:
        zf.extractall(str(root))
    folder = os.path.join(str(root), 'train_tiny')
    return folder, sorted(f for f in os.listdir(folder) if f.endswith('.png'))


def test_cifar_png_decode_matches_independent_decoder(cifar):
    folder, names = cifar
    for name in names[:25]:
        with open(os.path.join(folder, name), 'rb') as f:
            data = f.read()
        want = decode_png(data)[:, :, :3]
        got = image.imdecode(data)
        assert got.dtype == np.uint8 and got.shape == (32, 32, 3)
        np.testing.assert_array_equal(got.asnumpy(), want, err_msg=name)
        np.testing.assert_array_equal(image.imread(os.path.join(folder, name), to_rgb=False).asnumpy(),
                                      want[:, :, ::-1])


def test_cifar_imageiter_batches(cifar):
    folder, names = cifar
    labels = [i % 10 for i in range(len(names))]
    items = [[float(lb), n] for lb, n in zip(labels, names)]
    it = image.ImageIter(16, (3, 28, 28), imglist=items, path_root=folder)
    batches = list(it)
    assert len(batches) == (len(names) + 15) // 16
    assert batches[-1].pad == 16 * len(batches) - len(names)
    first = batches[0]
    assert first.data[0].shape == (16, 3, 28, 28) and first.label[0].shape == (16,)
    np.testing.assert_array_equal(first.label[0].asnumpy(), labels[:16])
    # default augmenters: a centre crop (2 pixels trimmed each side) then float32, laid out CHW
    with open(os.path.join(folder, names[3]), 'rb') as f:
        want = decode_png(f.read())[2:30, 2:30, :3].transpose(2, 0, 1).astype(np.float32)
    np.testing.assert_array_equal(first.data[0][3].asnumpy(), want)


# ---- resizing: what mathematics fixes ---------------------------------------------------------------------
def _img(h, w, c=3, seed=0):
    return nd.array(np.random.RandomState(seed).randint(0, 256, (h, w, c)), dtype='uint8')


@pytest.mark.parametrize('interp', range(5))
def test_resize_to_same_size_is_identity(interp):
    x = _img(5, 7)
    np.testing.assert_array_equal(image.imresize(x, 7, 5, interp=interp).asnumpy(), x.asnumpy())


def test_nearest_upscale_replicates_pixels():
    x = _img(3, 4)
    got = image.imresize(x, 8, 6, interp=0).asnumpy()
    np.testing.assert_array_equal(got, x.asnumpy().repeat(2, axis=0).repeat(2, axis=1))


def test_area_halving_is_rounded_block_mean():
    x = _img(6, 8)
    blocks = x.asnumpy().astype(np.int64).reshape(3, 2, 4, 2, 3).sum(axis=(1, 3))
    np.testing.assert_array_equal(image.imresize(x, 4, 3, interp=3).asnumpy(), (blocks + 2) // 4)


def test_resize_of_constant_image_is_constant():
    x = nd.full((5, 6, 3), 77, dtype='uint8')
    for interp in range(5):
        for (w, h) in ((3, 2), (11, 13)):
            assert (image.imresize(x, w, h, interp=interp).asnumpy() == 77).all()


def test_bilinear_float_matches_half_pixel_interpolation():
    # float images are interpolated exactly: compare with torch's align_corners=False bilinear upsampling
    x = nd.array(np.random.RandomState(1).rand(4, 5, 2), dtype='float32')
    got = image.imresize(x, 10, 8, interp=1).asnumpy()
    want = torch.nn.functional.interpolate(torch.from_numpy(x.asnumpy()).permute(2, 0, 1)[None], size=(8, 10),
                                           mode='bilinear', align_corners=False)[0].permute(1, 2, 0).numpy()
    np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-6)


def test_imresize_out_and_bad_input_leave_state():
    x = _img(4, 4)
    before = x.asnumpy().copy()
    out = nd.zeros((2, 3, 3), dtype='uint8')
    r = image.imresize(x, 3, 2, interp=1, out=out)
    assert r is out
    np.testing.assert_array_equal(out.asnumpy(), image.imresize(x, 3, 2, interp=1).asnumpy())
    for bad in (dict(w=3, h=2, interp=7), dict(w=0, h=2), dict(w=3, h=-1)):
        with pytest.raises(MXNetError):
            image.imresize(x, **bad)
    with pytest.raises(MXNetError, match='float16'):
        image.imresize(x.astype('float16'), 3, 2)
    with pytest.raises(MXNetError, match='height, width, channels'):
        image.imresize(nd.zeros((4, 4), dtype='uint8'), 2, 2)
    np.testing.assert_array_equal(x.asnumpy(), before)


def test_decode_errors_are_clear(tmp_path):
    with pytest.raises(MXNetError, match='decod'):
        image.imdecode(b'\x89PNG but not really')
    with pytest.raises(MXNetError, match='empty'):
        image.imdecode(b'')
    with pytest.raises(ValueError, match='bytes'):
        image.imdecode('a string')
    with pytest.raises(MXNetError, match='uint8'):
        image.imdecode(nd.array([1, 2, 3]))
    missing = str(tmp_path / 'missing.png')
    with pytest.raises(MXNetError, match='missing.png'):
        image.imread(missing)


def test_crops_report_their_rectangle():
    x = _img(10, 12)
    out, (x0, y0, w, h) = image.center_crop(x, (4, 6))
    assert (x0, y0, w, h) == (4, 2, 4, 6)
    np.testing.assert_array_equal(out.asnumpy(), x.asnumpy()[2:8, 4:8])
    random.seed(0)
    for _ in range(5):
        out, (x0, y0, w, h) = image.random_crop(x, (5, 3))
        np.testing.assert_array_equal(out.asnumpy(), x.asnumpy()[y0:y0 + 3, x0:x0 + 5])
        out, (x0, y0, w, h) = image.random_size_crop(x, (4, 4), (0.2, 0.5), (0.5, 2))
        assert out.shape == (4, 4, 3) and 0 <= x0 <= 12 - w and 0 <= y0 <= 10 - h


def test_copy_make_border_modes():
    x = nd.array(np.arange(5).reshape(1, 5, 1), dtype='int32')
    rows = {t: image.copyMakeBorder(x, 0, 0, 2, 2, type=t).asnumpy().ravel().tolist() for t in range(5)}
    assert rows[0] == [0, 0, 0, 1, 2, 3, 4, 0, 0]
    assert rows[1] == [0, 0, 0, 1, 2, 3, 4, 4, 4]          # replicate
    assert rows[2] == [1, 0, 0, 1, 2, 3, 4, 4, 3]          # reflect
    assert rows[3] == [3, 4, 0, 1, 2, 3, 4, 0, 1]          # wrap
    assert rows[4] == [2, 1, 0, 1, 2, 3, 4, 3, 2]          # reflect_101
    with pytest.raises(MXNetError, match='border type'):
        image.copyMakeBorder(x, 1, 1, 1, 1, type=7)


def test_augmenters_are_reproducible_with_python_seed():
    x = _img(12, 14)

    def run():
        # built afresh each time: RandomOrderAug shuffles its list in place, as MXNet's does
        augs = image.CreateAugmenter((3, 8, 8), resize=10, rand_crop=True, rand_resize=True, rand_mirror=True,
                                     brightness=0.2, contrast=0.2, saturation=0.2, hue=0.1, pca_noise=0.1)
        random.seed(42)
        np.random.seed(42)
        y = x
        for a in augs:
            y = a(y)
        return y.asnumpy()
    a, b = run(), run()
    assert a.shape == (8, 8, 3) and a.dtype == np.float32
    np.testing.assert_array_equal(a, b)


# ---- mx.nd.image -------------------------------------------------------------------------------------------
def test_to_tensor_and_normalize_math():
    x = _img(4, 5)
    t = nd.image.to_tensor(x)
    np.testing.assert_allclose(t.asnumpy(), x.asnumpy().transpose(2, 0, 1) / 255., rtol=1e-6)
    n = nd.image.normalize(t, mean=(0.5, 0.4, 0.3), std=(0.2, 0.25, 0.5))
    want = (t.asnumpy() - np.array([0.5, 0.4, 0.3]).reshape(3, 1, 1)) / np.array([0.2, 0.25, 0.5]).reshape(3, 1, 1)
    np.testing.assert_allclose(n.asnumpy(), want, rtol=1e-5, atol=1e-6)


def test_normalize_gradient():
    check_gradient(lambda a: nd.image.normalize(a, mean=(0.1, 0.2, 0.3), std=(0.5, 2.0, 4.0)),
                   np.random.RandomState(0).rand(3, 2, 3))


def test_crop_and_flip_gradients():
    data = np.random.RandomState(1).rand(4, 5, 3)
    check_gradient(lambda a: nd.image.crop(a, 1, 1, 3, 2), data)
    check_gradient(lambda a: nd.image.flip_left_right(a) * nd.image.flip_top_bottom(a), data)
    check_gradient(lambda a: nd.image.to_tensor(a) * 3, data, rtol=1e-3, atol=1e-4)


def test_random_flips_take_both_branches():
    x = _img(2, 3)
    mx.random.seed(0)
    seen = collections.Counter()
    for _ in range(40):
        y = nd.image.random_flip_left_right(x).asnumpy()
        seen['flip' if (y == x.asnumpy()[:, ::-1]).all() else 'same' if (y == x.asnumpy()).all() else 'other'] += 1
    assert seen['flip'] > 5 and seen['same'] > 5 and seen['other'] == 0


def test_random_brightness_stays_in_range_and_is_seeded():
    x = nd.array(np.random.RandomState(2).rand(3, 4, 3) * 100, dtype='float32')
    mx.random.seed(3)
    a = nd.image.random_brightness(x, 0.5, 1.5).asnumpy()
    ratio = a / x.asnumpy()
    assert np.allclose(ratio, ratio.flat[0], rtol=1e-5) and 0.5 <= ratio.flat[0] <= 1.5
    mx.random.seed(3)
    np.testing.assert_array_equal(nd.image.random_brightness(x, 0.5, 1.5).asnumpy(), a)


def test_colour_ops_bad_input_leaves_state():
    x = _img(3, 3)
    before = x.asnumpy().copy()
    with pytest.raises(MXNetError, match='>= 0'):
        nd.image.random_brightness(x, -1, 1)
    with pytest.raises(MXNetError, match='3 elements'):
        nd.image.adjust_lighting(x, alpha=(1, 2))
    with pytest.raises(MXNetError, match='channel'):
        nd.image.random_hue(nd.zeros((3, 3, 4)), 0.1, 0.1)
    with pytest.raises(MXNetError, match='x \\+ width'):
        nd.image.crop(x, 2, 0, 2, 1)
    np.testing.assert_array_equal(x.asnumpy(), before)


@pytest.mark.skipif(not torch.cuda.is_available(), reason='needs a CUDA device')
def test_image_ops_on_gpu_match_cpu():
    x = _img(9, 11)
    g = x.as_in_context(mx.gpu(0))
    for interp in range(5):
        np.testing.assert_array_equal(nd.image.resize(g, (5, 4), interp=interp).asnumpy(),
                                      nd.image.resize(x, (5, 4), interp=interp).asnumpy())
    np.testing.assert_allclose(nd.image.to_tensor(g).asnumpy(), nd.image.to_tensor(x).asnumpy())
    np.testing.assert_array_equal(nd.image.random_hue(g, 0.3, 0.3).asnumpy(),
                                  nd.image.random_hue(x, 0.3, 0.3).asnumpy())
    np.testing.assert_array_equal(image.copyMakeBorder(g, 1, 2, 3, 4, type=4).asnumpy(),
                                  image.copyMakeBorder(x, 1, 2, 3, 4, type=4).asnumpy())
