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
                                    'rand_mirror': True}])
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
