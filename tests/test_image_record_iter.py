"""mx.io.ImageRecordIter beyond the golden cases (tests/golden/image_record_iter_cases.py, which compare
with MXNet's C++ iterator): JPEGs decoded straight into the batch equal mx.image.imdecode's pixels, batches
do not depend on the number of threads, shuffling and reset, records split around the magic number,
batch-wise augmentation equal to image-by-image."""
import io

import numpy as np
import pytest

import mxtorch as mx

PIL = pytest.importorskip('PIL.Image')


def _write(path, images, fmt='JPEG', labels=None):
    writer = mx.recordio.MXIndexedRecordIO(str(path) + '.idx', str(path) + '.rec', 'w')
    for i, img in enumerate(images):
        buf = io.BytesIO()
        PIL.fromarray(img).save(buf, fmt, **({'quality': 90} if fmt == 'JPEG' else {}))
        label = float(i) if labels is None else labels[i]
        writer.write_idx(i, mx.recordio.pack(mx.recordio.IRHeader(0, label, i, 0), buf.getvalue()))
    writer.close()
    return str(path) + '.rec', str(path) + '.idx'


@pytest.fixture
def jpegs(tmp_path):
    rs = np.random.RandomState(0)
    images = [rs.randint(0, 256, (16, 20, 3)).astype('uint8') for _ in range(11)]
    rec, idx = _write(tmp_path / 'j', images)
    return rec, idx


def _all(it):
    return [(b.data[0].asnumpy(), b.label[0].asnumpy(), b.pad) for b in it]


def test_jpeg_pixels_match_imdecode(jpegs):
    rec, _ = jpegs
    it = mx.io.ImageRecordIter(path_imgrec=rec, data_shape=(3, 16, 20), batch_size=4, round_batch=False)
    reader = mx.recordio.MXRecordIO(rec, 'r')
    got = np.concatenate([b[0][:4 - b[2]] for b in _all(it)])[:11]
    for k in range(11):
        header, img = mx.recordio.unpack(reader.read())
        want = mx.image.imdecode(img).asnumpy().transpose(2, 0, 1)
        assert (got[k] == want).all(), k
    grey = mx.io.ImageRecordIter(path_imgrec=rec, data_shape=(1, 16, 20), batch_size=4).next().data[0].asnumpy()
    reader.reset()
    want = mx.image.imdecode(mx.recordio.unpack(reader.read())[1], flag=0).asnumpy()[:, :, 0]
    assert np.abs(grey[0, 0] - want).max() <= 1


@pytest.mark.parametrize('extra', [{}, {'resize': 18, 'rand_crop': True, 'rand_mirror': True},
                                   {'random_resized_crop': True, 'min_random_area': 0.5, 'max_aspect_ratio': 0.2,
                                    'rand_mirror': True},
                                   {'max_rotate_angle': 20, 'max_shear_ratio': 0.2, 'max_random_scale': 1.2,
                                    'brightness': 0.3, 'contrast': 0.3, 'saturation': 0.3, 'random_h': 20,
                                    'random_s': 20, 'random_l': 20, 'pca_noise': 0.1,
                                    'max_random_illumination': 5, 'inter_method': 10}])
def test_threads_do_not_change_batches(jpegs, extra):
    rec, idx = jpegs
    kw = dict(path_imgrec=rec, path_imgidx=idx, data_shape=(3, 12, 14), batch_size=3, shuffle=True, seed=5, **extra)
    one = mx.io.ImageRecordIter(preprocess_threads=1, prefetch_buffer=1, **kw)
    four = mx.io.ImageRecordIter(preprocess_threads=4, prefetch_buffer=3, **kw)
    for _ in range(2):
        a, b = _all(one), _all(four)
        assert len(a) == len(b) == 4
        for x, y in zip(a, b):
            assert (x[0] == y[0]).all() and (x[1] == y[1]).all() and x[2] == y[2]
        one.reset()
        four.reset()


def test_shuffle_visits_every_record(jpegs):
    rec, idx = jpegs
    it = mx.io.ImageRecordIter(path_imgrec=rec, path_imgidx=idx, data_shape=(3, 16, 20), batch_size=11,
                               shuffle=True, seed=1)
    first = it.next().label[0].asnumpy()
    it.reset()
    second = it.next().label[0].asnumpy()
    assert sorted(first) == sorted(second) == list(range(11))
    assert list(first) != list(second)


def test_reset_mid_epoch_keeps_the_wrap(jpegs):
    # as MXNet's (checked with 1.9.1): the epoch's wrapped last batch is already planned, so the next epoch
    # starts after the example it borrowed
    rec, _ = jpegs
    it = mx.io.ImageRecordIter(path_imgrec=rec, data_shape=(3, 16, 20), batch_size=2)
    it.next()
    it.next()
    it.reset()
    assert list(it.next().label[0].asnumpy()) == [1, 2]


def test_record_split_at_magic_number(tmp_path):
    # an image whose bytes hold RecordIO's magic number is stored in several parts
    img = np.zeros((8, 8, 3), dtype='uint8')
    img[0, :4] = [[0x0a, 0x23, 0xd7], [0xce, 0x0a, 0x23], [0xd7, 0xce, 1], [2, 3, 4]]
    rec, _ = _write(tmp_path / 'm', [img] * 3, fmt='BMP')
    it = mx.io.ImageRecordIter(path_imgrec=rec, data_shape=(3, 8, 8), batch_size=3)
    assert (it.next().data[0].asnumpy() == img.transpose(2, 0, 1)[None]).all()


def test_batch_augment_equals_image_by_image(jpegs):
    import torch
    rec, _ = jpegs
    it = mx.io.ImageRecordIter(path_imgrec=rec, data_shape=(3, 14, 15), batch_size=5, resize=17, pad=1,
                               rand_crop=True, rand_mirror=True, inter_method=9)
    aug = it._reader.augment
    imgs = torch.from_numpy(np.random.RandomState(2).randint(0, 256, (5, 16, 20, 3)).astype('uint8'))
    together = aug.batch(imgs.clone(), np.random.RandomState(3))
    rng = np.random.RandomState(3)
    apart = torch.stack([aug(imgs[k].clone(), rng) for k in range(5)])
    assert (together == apart).all()


def test_augmentation_refusals(jpegs):
    rec, _ = jpegs
    kw = dict(path_imgrec=rec, data_shape=(3, 8, 8), batch_size=2)
    with pytest.raises(mx.base.MXNetError, match='invalid inter_method'):
        mx.io.ImageRecordIter(rotate=10, inter_method=0, **kw)
    with pytest.raises(mx.base.MXNetError, match='invalid inter_method'):
        mx.io.ImageRecordIter(resize=10, inter_method=7, **kw)
    with pytest.raises(mx.base.MXNetError, match='conflicts with'):
        mx.io.ImageRecordIter(random_resized_crop=True, rand_crop=True, **kw)
    with pytest.raises(mx.base.MXNetError, match='colour images'):
        mx.io.ImageRecordIter(path_imgrec=rec, data_shape=(1, 8, 8), batch_size=2, brightness=0.2)
    with pytest.raises(mx.base.MXNetError, match='smaller than max_crop_size'):
        mx.io.ImageRecordIter(min_crop_size=30, max_crop_size=30, **kw).next()


# ---- random augmentations: MXNet's C++ random engine cannot be reproduced, so these check the draws'
# ranges and the properties every draw keeps (the deterministic settings are golden cases in
# tests/golden/image_record_aug_cases.py)
def _constant_rec(tmp_path, n, colour, h=8, w=8, fmt='PNG'):
    images = [np.full((h, w, 3), colour, dtype='uint8') for _ in range(n)]
    return _write(tmp_path / 'c', images, fmt=fmt)[0]


def _one_batch(rec, n, **kw):
    kw.setdefault('data_shape', (3, 8, 8))
    return mx.io.ImageRecordIter(path_imgrec=rec, batch_size=n, **kw).next().data[0].asnumpy()


def test_brightness_factor_in_range(tmp_path):
    # on a constant colour image contrast and saturation of factor 1 change nothing: each image is the
    # colour times its brightness factor, drawn uniformly in [1 - 0.4, 1 + 0.4]
    rec = _constant_rec(tmp_path, 300, (200, 120, 40))
    x = _one_batch(rec, 300, brightness=0.4)
    factor = x[:, 1, 0, 0] / 120
    assert (x == x[:, :, :1, :1]).all()
    assert factor.min() >= 0.6 - 0.01 and factor.max() <= 1.4 + 0.01
    assert abs(factor.mean() - 1) < 0.05 and factor.min() < 0.7 and factor.max() > 1.3
    assert np.abs(x[:, 0, 0, 0] - np.clip(np.round(200 * factor), 0, 255)).max() <= 2


def test_contrast_scales_around_the_grey_mean(tmp_path):
    rs = np.random.RandomState(0)
    img = rs.randint(60, 200, (8, 8, 3)).astype('uint8')
    rec = _write(tmp_path / 'r', [img] * 200, fmt='PNG')[0]
    x = _one_batch(rec, 200, contrast=0.5)
    # MXNet's grey weights on its BGR pixels: 0.114 R + 0.587 G + 0.299 B
    mean = (img[..., 0] * 0.114 + img[..., 1] * 0.587 + img[..., 2] * 0.299).mean()
    src = img.transpose(2, 0, 1).astype(np.float64) - mean
    alpha = np.array([(x[k] - mean).ravel() @ src.ravel() / (src.ravel() @ src.ravel()) for k in range(200)])
    assert alpha.min() >= 0.5 - 0.02 and alpha.max() <= 1.5 + 0.02
    assert alpha.min() < 0.6 and alpha.max() > 1.4


def test_hue_shift_keeps_lightness_and_saturation(tmp_path):
    import colorsys
    # hues away from red, where OpenCV's 8-bit hue (0..180) is clamped, not wrapped
    rs = np.random.RandomState(1)
    hls = np.stack([rs.uniform(0.3, 0.7, 64), rs.uniform(0.35, 0.65, 64), rs.uniform(0.5, 0.9, 64)], 1)
    img = np.round(np.array([colorsys.hls_to_rgb(*p) for p in hls]) * 255).astype('uint8').reshape(8, 8, 3)
    rec = _write(tmp_path / 'h', [img] * 40, fmt='PNG')[0]
    x = _one_batch(rec, 40, random_h=30).transpose(0, 2, 3, 1) / 255.
    before = np.array([colorsys.rgb_to_hls(*p) for p in img.reshape(-1, 3) / 255.])
    shifts = []
    for k in range(40):
        after = np.array([colorsys.rgb_to_hls(*p) for p in x[k].reshape(-1, 3)])
        assert np.abs(after[:, 1] - before[:, 1]).mean() < 0.01            # lightness kept
        assert np.abs(after[:, 2] - before[:, 2]).mean() < 0.03            # saturation kept
        d = (after[:, 0] - before[:, 0] + 0.5) % 1 - 0.5                    # hue shift, in turns
        assert d.std() < 0.01                                               # one shift per image
        shifts.append(np.median(d) * 180)                                   # in OpenCV's units (180 a turn)
    shifts = np.array(shifts)
    assert np.abs(shifts).max() <= 31 and len(np.unique(np.round(shifts))) > 5


def test_pca_noise_offsets(tmp_path):
    from mxtorch.io import _record_aug
    rec = _constant_rec(tmp_path, 400, (128, 128, 128))
    x = _one_batch(rec, 400, pca_noise=0.1) - 128
    assert (x == x[:, :, :1, :1]).all()
    d = x[:, :, 0, 0]
    # offsets (truncated toward zero) are eigvec @ alpha with alpha ~ N(0, 0.1): per channel std
    want = 0.1 * np.sqrt((_record_aug.PCA_EIGVEC.astype(np.float64) ** 2).sum(1))
    assert np.all(np.abs(d.std(0) - want) < 0.25 * want)
    assert np.corrcoef(d[:, 0], d[:, 2])[0, 1] > 0.9                        # the leading component dominates


def test_random_rotation_angles_in_range(tmp_path):
    import torch
    from mxtorch.io import _record_aug
    rs = np.random.RandomState(3)
    img = rs.randint(0, 256, (9, 11, 3)).astype('uint8')
    rec = _write(tmp_path / 'o', [img] * 30, fmt='PNG')[0]
    x = _one_batch(rec, 30, max_rotate_angle=12, data_shape=(3, 9, 11), fill_value=3)
    src = torch.from_numpy(img)
    candidates = {}
    for angle in range(-12, 13):
        m, w, h = _record_aug.affine_matrix(11, 9, angle, 0.0, 1.0, 1.0, 0.0, 1e10)
        candidates[angle] = _record_aug.warp_affine(src, m, w, h, 1, 3).numpy().transpose(2, 0, 1)
    seen = set()
    for k in range(30):
        found = [a for a, c in candidates.items() if (c == x[k]).all()]
        assert found, k
        seen.add(found[0])
    assert len(seen) > 8


def test_random_scale_and_shear_change_geometry_only(tmp_path):
    # a constant image warped with fill == its colour stays constant whatever scale, shear and angle
    rec = _constant_rec(tmp_path, 20, (90, 90, 90), h=10, w=12)
    x = _one_batch(rec, 20, max_random_scale=1.4, min_random_scale=0.8, max_shear_ratio=0.3,
                   max_rotate_angle=20, fill_value=90, data_shape=(3, 8, 8))
    assert (x == 90).all()
    y = _one_batch(rec, 20, max_random_scale=1.4, min_random_scale=0.8, max_shear_ratio=0.3,
                   max_rotate_angle=40, fill_value=0, data_shape=(3, 10, 12))
    assert len({float((y[k] == 0).mean()) for k in range(20)}) > 3          # different warps per image


def test_random_illumination_per_image(tmp_path):
    rec = _constant_rec(tmp_path, 200, (100, 100, 100))
    x = _one_batch(rec, 200, max_random_illumination=10, max_random_contrast=0.1, std_r=2, std_g=2, std_b=2)
    v = x[:, 0, 0, 0] * 2
    assert (x == x[:, :1, :1, :1]).all()
    assert v.min() >= 100 * 0.9 - 10 - 1e-4 and v.max() <= 100 * 1.1 + 10 + 1e-4
    assert v.max() - v.min() > 20


def test_random_resized_crop_draws(tmp_path):
    # crops of area in [0.3, 0.6] of the image with aspect in [0.75, 1.33]: on an image whose pixels
    # are their own column numbers, a crop's width shows in the resized row's span
    img = np.repeat(np.repeat(np.arange(40, dtype='uint8')[None, :, None], 40, 0), 3, 2) * 6
    rec = _write(tmp_path / 'g', [img] * 60, fmt='PNG')[0]
    x = _one_batch(rec, 60, random_resized_crop=True, min_random_area=0.3, max_random_area=0.6,
                   max_aspect_ratio=4 / 3., min_aspect_ratio=0.75, inter_method=0, data_shape=(3, 16, 16))
    widths = (x[:, 0, 0, -1] - x[:, 0, 0, 0]) / 6 + 1
    assert widths.min() >= np.sqrt(0.3 * 1600 * 0.75) - 2 and widths.max() <= np.sqrt(0.6 * 1600 * 4 / 3.) + 2
    assert len(np.unique(widths)) > 5


@pytest.mark.parametrize('sizes', [(64, 64, 72, 72, 1), (64, 64, 50, 40, 1), (10, 12, 13, 17, 1), (33, 20, 40, 61, 1),
                                   (64, 64, 72, 72, 3), (10, 12, 13, 9, 3)])
def test_batch_resize_equals_opencv_kernel(sizes):
    # the batch path's bilinear resize (a float32 matrix product horizontally) gives cv_resize's pixels
    import torch
    from mxtorch.io import _record_aug
    from mxtorch.ndarray.ops._cvresize import cv_resize
    h, w, nh, nw, interp = sizes
    assert _record_aug.fast_linear(interp, h, w, nh, nw)
    x = torch.from_numpy(np.random.RandomState(h * w).randint(0, 256, (4, h, w, 3)).astype('uint8'))
    want = torch.stack([cv_resize(x[k], nw, nh, interp) for k in range(4)])
    got = _record_aug.resize_nchw(x.permute(0, 3, 1, 2), nw, nh, interp).permute(0, 2, 3, 1)
    assert (got == want).all()
