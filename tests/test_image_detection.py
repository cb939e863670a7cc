"""mx.image.detection beyond the golden cases (tests/golden/image_det_cases.py): the geometry the
augmenters must keep (a box covers the same pixels after padding, cropping and flipping), every
augmenter of CreateDetAugmenter together, epochs of ImageDetIter with each last-batch rule, draw_next."""
import os
import random

import numpy as np
import pytest

import mxtorch as mx
from mxtorch import nd

PIL = pytest.importorskip('PIL.Image')


@pytest.fixture
def det_files(tmp_path):
    rs = np.random.RandomState(0)
    items = []
    for i in range(5):
        path = str(tmp_path / ('%d.png' % i))
        PIL.fromarray(rs.randint(0, 256, (40 + 4 * i, 50, 3)).astype('uint8')).save(path)
        objects = [[1, 0.1, 0.1, 0.6, 0.7, 0], [0, 0.3, 0.2, 0.9, 0.8, 1]][:1 + i % 2]
        items.append([2, 6] + [v for o in objects for v in o] + [path])
    lst = str(tmp_path / 'a.lst')
    with open(lst, 'w') as f:
        for k, item in enumerate(items):
            f.write('\t'.join(str(v) for v in [k] + item) + '\n')
    return items, lst


def _marked(h, w, box):
    """A float image that is 1 inside the pixel box (x0, y0, x1, y1) and 0 elsewhere, and its label."""
    img = np.zeros((h, w, 3), dtype='float32')
    x0, y0, x1, y1 = box
    img[y0:y1, x0:x1] = 1
    label = np.array([[0, x0 / w, y0 / h, x1 / w, y1 / h]], dtype='float32')
    return nd.array(img), label


def _box_of(img):
    """The relative box of the marked pixels of an augmented image."""
    mask = img.asnumpy()[:, :, 0] > 0.5
    rows, cols = np.flatnonzero(mask.any(1)), np.flatnonzero(mask.any(0))
    h, w = mask.shape
    return np.array([cols[0] / w, rows[0] / h, (cols[-1] + 1) / w, (rows[-1] + 1) / h])


def test_pad_moves_boxes_with_the_pixels():
    random.seed(0)
    aug = mx.image.DetRandomPadAug(area_range=(1.5, 3.0), pad_val=(0, 0, 0))
    for _ in range(5):
        img, label = _marked(30, 40, (8, 6, 20, 25))
        out, new = aug(img, label)
        assert out.shape[0] * out.shape[1] > 30 * 40
        np.testing.assert_allclose(new[0, 1:], _box_of(out), atol=1e-6)


def test_crop_moves_boxes_with_the_pixels():
    random.seed(1)
    aug = mx.image.DetRandomCropAug(min_object_covered=0.95, area_range=(0.3, 0.9))
    cropped = 0
    for _ in range(5):
        img, label = _marked(40, 50, (20, 15, 30, 25))
        out, new = aug(img, label)
        cropped += out.shape != img.shape
        np.testing.assert_allclose(new[0, 1:], _box_of(out), atol=1e-6)
    assert cropped


def test_flip_twice_is_identity():
    img, label = _marked(10, 12, (1, 2, 5, 9))
    aug = mx.image.DetHorizontalFlipAug(1)
    once, l1 = aug(img, label.copy())
    np.testing.assert_allclose(l1[0, 1:], _box_of(once), atol=1e-6)
    twice, l2 = aug(once, l1.copy())
    assert (twice.asnumpy() == img.asnumpy()).all()
    np.testing.assert_allclose(l2, label, atol=1e-6)


def test_every_augmenter_together(det_files):
    items, _ = det_files
    random.seed(2)
    np.random.seed(2)
    it = mx.image.ImageDetIter(2, (3, 24, 24), imglist=items, path_root='', resize=32, rand_crop=1, rand_pad=1,
                               rand_gray=0.1, rand_mirror=True, mean=True, std=np.array([1.1, 1.03, 1.05]),
                               brightness=0.1, contrast=0.1, saturation=0.1, pca_noise=0.1, hue=0.1,
                               inter_method=10, min_object_covered=0.5, aspect_ratio_range=(0.2, 5),
                               area_range=(0.1, 4.0), min_eject_coverage=0.5)
    assert it.label_shape == (2, 6)
    for _ in range(2):
        count = 0
        for batch in it:
            count += 1
            assert batch.data[0].shape == (2, 3, 24, 24)
            label = batch.label[0].asnumpy()
            real = label[:, :, 0] >= 0
            assert real.any(1).all()
            assert ((label[real][:, 1:5] >= 0) & (label[real][:, 1:5] <= 1)).all()
            assert (label[~real] == -1).all()
        assert count == 3
        it.reset()


@pytest.mark.parametrize('handle,sizes', [('pad', [3, 3]), ('discard', [3]), ('roll_over', [3])])
def test_last_batch_rules(det_files, handle, sizes):
    _, lst = det_files
    it = mx.image.ImageDetIter(3, (3, 16, 16), path_imglist=lst, path_root='', last_batch_handle=handle)
    pads = [b.pad for b in it]
    assert len(pads) == len(sizes)
    if handle == 'pad':
        assert pads == [0, 1]
    it.reset()
    second = [b.pad for b in it]
    if handle == 'roll_over':
        # the two rolled-over examples completed by a new one (pad counts the rolled-over shortfall, as
        # MXNet's does), then one full batch; one example is left over again
        assert second == [1, 0]
    else:
        assert second == pads


def test_sync_label_shape_both_ways(det_files):
    items, _ = det_files
    big = mx.image.ImageDetIter(2, (3, 16, 16), imglist=items, path_root='')
    small = mx.image.ImageDetIter(2, (3, 16, 16), imglist=items[:1], path_root='')
    assert (big.label_shape, small.label_shape) == ((2, 6), (1, 6))
    assert big.sync_label_shape(small) is small
    assert small.label_shape == (2, 6) and small.provide_label[0][1] == (2, 2, 6)
    label = small.next().label[0].asnumpy()
    assert (label[:, 1] == -1).all()


def test_draw_next_draws_the_boxes(det_files):
    items, _ = det_files
    it = mx.image.ImageDetIter(1, (3, 20, 20), imglist=items, path_root='')
    images = list(it.draw_next(color=(255, 0, 0), thickness=1))
    assert len(images) == 5
    img = images[0]
    assert img.dtype == np.uint8 and img.shape == (20, 20, 3)
    # box 0.1..0.6 x 0.1..0.7 of a 20x20 image: columns 2..12, rows 2..14; BGR order, so red is channel 2
    assert (img[2, 2:13] == (0, 0, 255)).all() and (img[2:15, 12] == (0, 0, 255)).all()
