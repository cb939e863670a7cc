"""mx.io.ImageDetRecordIter beyond the golden cases (tests/golden/image_det_record_cases.py, compared with
MXNet 1.9.1's C++ iterator): MXNet's error messages, and the random detection augmentations, whose draws
are not MXNet's, checked by what they must do: boxes move with the pixels under random crops and pads
(images whose pixels encode their own coordinates show where the crop or pad went), mirrored boxes go with
mirrored images, colour changes leave boxes alone, crops keep the objects their emit mode keeps, threads do
not change batches, shuffled epochs visit every record."""
import io
import json
import os
import re

import numpy as np
import pytest

import mxtorch as mx
from mxtorch.base import MXNetError

PIL = pytest.importorskip('PIL.Image')
GOLDEN = os.path.join(os.path.dirname(__file__), 'golden', 'image_det_record.json')


def _write(path, images, labels):
    writer = mx.recordio.MXRecordIO(str(path), 'w')
    for i, (img, lab) in enumerate(zip(images, labels)):
        buf = io.BytesIO()
        PIL.fromarray(img).save(buf, 'PNG')
        lab = np.asarray(lab, dtype=np.float32)
        writer.write(mx.recordio.pack(mx.recordio.IRHeader(lab.size, lab, i, 0), buf.getvalue()))
    writer.close()
    return str(path)


def _coordinate_image(h, w):
    """Channel 0 holds the column, channel 1 the row, channel 2 a constant."""
    img = np.zeros((h, w, 3), dtype=np.uint8)
    img[:, :, 0] = np.arange(w)[None, :]
    img[:, :, 1] = np.arange(h)[:, None]
    img[:, :, 2] = 7
    return img


_BOXES = [[0, 0.1, 0.1, 0.4, 0.5], [1, 0.5, 0.2, 0.9, 0.6], [2, 0.3, 0.6, 0.6, 0.95], [3, 0.05, 0.7, 0.2, 0.9]]


@pytest.fixture
def coords(tmp_path):
    images = [_coordinate_image(80, 100)] * 24
    labels = [[2, 5] + sum(_BOXES, [])] * 24
    return _write(tmp_path / 'c.rec', images, labels)


def _batches(rec, batch_size=8, **kw):
    it = mx.io.ImageDetRecordIter(path_imgrec=rec, batch_size=batch_size, verbose=False, **kw)
    return [(b.data[0].asnumpy(), b.label[0].asnumpy()) for b in it]


def _objects(row):
    """(channels, rows, cols, [(id, xmin, ymin, xmax, ymax)]) of one label row."""
    c, h, w, n = (int(v) for v in row[:4])
    label = row[4:4 + n]
    header, width = int(label[0]), int(label[1])
    objs = label[header:].reshape(-1, width)
    return c, h, w, objs


# ---- errors -------------------------------------------------------------------------------------------
def _mxnet_message(message):
    """MXNet's message without its 'MXNetError: ' and '[time] file:line: ' prefixes."""
    while True:
        stripped = re.sub(r'^(MXNetError: |\[[\d:]+\] [^ ]+:\d+: )', '', message)
        if stripped == message:
            return message
        message = stripped


def test_error_messages_are_mxnets(tmp_path):
    # every error case of the golden file: MXNet's message (less the temporary path) is in mxtorch's
    import golden_support
    cases = {name: code for name, code, _ in golden_support.load_cases('image_det_record')}
    answers = json.load(open(GOLDEN))['cases']
    checked = 0
    for name, answer in answers.items():
        if answer['type'] != 'error' or name == 'positional':
            continue
        ours = golden_support.run_case(mx, cases[name], tmp_path)
        assert ours['type'] == 'error', name
        want = _mxnet_message(answer['message']).split('/tmp')[0].strip()
        if name == 'zero_threads':      # MXNet's last line is the parameter's description; its first one:
            want = 'preprocess_threads'
        assert want and want in ours['message'], (name, want, ours['message'])
        checked += 1
    assert checked >= 19


def test_missing_rec_and_label_width_mismatch(coords, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(MXNetError, match=r'ListDirectory \./data error: No such file or directory'):
        mx.io.ImageDetRecordIter(data_shape=(3, 8, 8), batch_size=2)
    with pytest.raises(MXNetError, match='Cannot find any files that matches the URI pattern'):
        mx.io.ImageDetRecordIter(path_imgrec=str(tmp_path / 'none.rec'), data_shape=(3, 8, 8), batch_size=2)
    with pytest.raises(MXNetError, match=r'label_width == rec.num_label \(7 vs\. 22\) : rec file provide '
                                         r'22-dimensional label but label_width is set to 7'):
        mx.io.ImageDetRecordIter(path_imgrec=coords, data_shape=(3, 8, 8), batch_size=2, label_width=7)
    with pytest.raises(TypeError, match='keyword arguments'):
        mx.io.ImageDetRecordIter(coords, path_imgrec=coords, data_shape=(3, 8, 8), batch_size=2)


def test_crop_sampler_arguments_as_strings(coords):
    it = mx.io.ImageDetRecordIter(path_imgrec=coords, data_shape=(3, 8, 8), batch_size=2, num_crop_sampler=2,
                                  min_crop_scales='(0.3, 0.5)', max_crop_scales='[0.9]', max_crop_trials='(5, 7)')
    assert it.next().data[0].shape == (2, 3, 8, 8)
    with pytest.raises(MXNetError, match='crop_samplers mismatch'):
        mx.io.ImageDetRecordIter(path_imgrec=coords, data_shape=(3, 8, 8), batch_size=2, num_crop_sampler=2,
                                 max_crop_trials='(5, 7, 9)')


# ---- random crops and pads move boxes with pixels -----------------------------------------------------------
def test_random_crop_boxes_follow_pixels(coords):
    # shrink mode with a large data_shape keeps the crop's own pixels: their values say where it was taken
    seen = set()
    for data, label in _batches(coords, rand_crop_prob=1.0, min_crop_scales=(0.4,), max_crop_scales=(0.9,),
                                min_crop_aspect_ratios=(0.6,), max_crop_aspect_ratios=(1.6,),
                                data_shape=(3, 100, 120), resize_mode='shrink', seed=5):
        for k in range(data.shape[0]):
            _, h, w, objs = _objects(label[k])
            img = data[k]
            assert (img[:, h:, :] == 0).all() and (img[:, :, w:] == 0).all()
            left, top = img[0, 0, 0], img[1, 0, 0]
            assert (img[0, 0, :w] == left + np.arange(w)).all() and (img[1, :h, 0] == top + np.arange(h)).all()
            seen.add((int(left), int(top), h, w))
            assert 1 <= len(objs) <= 4
            for obj in objs:
                x0, y0, x1, y1 = _BOXES[int(obj[0])][1:]
                # where the original box falls in the crop, clipped to it: MXNet projects onto the float crop
                # box and cuts the pixels at its truncated corner and size (up to a pixel each)
                want = [np.clip((x0 * 100 - left) / w, 0, 1), np.clip((y0 * 80 - top) / h, 0, 1),
                        np.clip((x1 * 100 - left) / w, 0, 1), np.clip((y1 * 80 - top) / h, 0, 1)]
                assert np.allclose(obj[1:5], want, atol=2.5 / min(h, w)), (obj, want)
                # center mode: the object's centre is inside the crop
                cx, cy = (x0 + x1) / 2 * 100, (y0 + y1) / 2 * 80
                assert left - 1 <= cx <= left + w + 1 and top - 1 <= cy <= top + h + 1
    assert len(seen) > 10


def test_center_mode_keeps_the_objects_whose_centre_is_inside(coords):
    for data, label in _batches(coords, rand_crop_prob=1.0, min_crop_scales=(0.3,), max_crop_scales=(0.7,),
                                data_shape=(3, 100, 120), resize_mode='shrink', seed=2):
        for k in range(data.shape[0]):
            _, h, w, objs = _objects(label[k])
            left, top = data[k][0, 0, 0], data[k][1, 0, 0]
            kept = {int(o[0]) for o in objs}
            for i, (_, x0, y0, x1, y1) in enumerate(_BOXES):
                cx, cy = (x0 + x1) / 2 * 100, (y0 + y1) / 2 * 80
                margin = min(cx - left, left + w - cx, cy - top, top + h - cy)
                if abs(margin) > 1.5:                      # clear of the crop's rounding
                    assert (i in kept) == (margin > 0), (i, margin)


def test_overlap_mode_keeps_the_objects_mostly_inside(coords):
    thresh = 0.5
    for data, label in _batches(coords, rand_crop_prob=1.0, min_crop_scales=(0.3,), max_crop_scales=(0.7,),
                                crop_emit_mode='overlap', emit_overlap_thresh=thresh,
                                data_shape=(3, 100, 120), resize_mode='shrink', seed=4):
        for k in range(data.shape[0]):
            _, h, w, objs = _objects(label[k])
            left, top = data[k][0, 0, 0], data[k][1, 0, 0]
            kept = {int(o[0]) for o in objs}
            for i, (_, x0, y0, x1, y1) in enumerate(_BOXES):
                ix = max(0, min(x1 * 100, left + w) - max(x0 * 100, left))
                iy = max(0, min(y1 * 80, top + h) - max(y0 * 80, top))
                cover = ix * iy / ((x1 - x0) * 100 * (y1 - y0) * 80)
                if abs(cover - thresh) > 0.08:
                    assert (i in kept) == (cover > thresh), (i, cover)


def test_crop_overlap_limits(coords):
    # min_crop_overlaps: some object overlaps the crop by at least that IoU
    for data, label in _batches(coords, rand_crop_prob=1.0, min_crop_scales=(0.3,), max_crop_scales=(0.8,),
                                min_crop_overlaps=(0.5,), max_crop_trials=(50,),
                                data_shape=(3, 100, 120), resize_mode='shrink', seed=1):
        for k in range(data.shape[0]):
            _, h, w, _ = _objects(label[k])
            left, top = data[k][0, 0, 0], data[k][1, 0, 0]
            if (h, w) == (80, 100):
                continue                                   # every trial failed: the image is left whole
            best = 0.0
            for _, x0, y0, x1, y1 in _BOXES:
                ix = max(0, min(x1 * 100, left + w) - max(x0 * 100, left))
                iy = max(0, min(y1 * 80, top + h) - max(y0 * 80, top))
                inter = ix * iy
                best = max(best, inter / ((x1 - x0) * (y1 - y0) * 8000 + w * h - inter))
            assert best > 0.45


def test_random_pad_boxes_follow_pixels(coords):
    fill = 200
    shapes = set()
    for data, label in _batches(coords, rand_pad_prob=1.0, max_pad_scale=2.5, fill_value=fill,
                                data_shape=(3, 250, 300), resize_mode='shrink', seed=3):
        for k in range(data.shape[0]):
            _, h, w, objs = _objects(label[k])
            img = data[k][:, :h, :w]
            inside = np.argwhere(img[2] == 7)
            if len(inside) == h * w:
                assert (h, w) == (80, 100)                 # a scale under 1.05 pads nothing
                continue
            top, left = inside.min(0)
            assert inside.max(0).tolist() == [top + 79, left + 99]
            assert ((img[2] == fill) | (img[2] == 7)).all()
            shapes.add((h, w))
            assert len(objs) == 4
            for obj in objs:
                x0, y0, x1, y1 = _BOXES[int(obj[0])][1:]
                want = [(left + x0 * 100) / w, (top + y0 * 80) / h, (left + x1 * 100) / w, (top + y1 * 80) / h]
                assert np.allclose(obj[1:5], want, atol=1.5 / min(h, w)), (obj, want)
    assert len(shapes) > 5


def test_random_mirror_flips_boxes_with_images(coords):
    flipped = 0
    for data, label in _batches(coords, rand_mirror_prob=0.5, data_shape=(3, 80, 100), seed=7):
        for k in range(data.shape[0]):
            _, _, _, objs = _objects(label[k])
            mirrored = data[k][0, 0, 0] == 99
            assert mirrored or data[k][0, 0, 0] == 0
            flipped += mirrored
            for obj in objs:
                box = _BOXES[int(obj[0])][1:]
                want = [1 - box[2], box[1], 1 - box[0], box[3]] if mirrored else box
                assert np.allclose(obj[1:5], want, atol=1e-6)
    assert 4 <= flipped <= 20


def test_colour_changes_leave_boxes(tmp_path):
    img = np.full((10, 12, 3), 100, dtype=np.uint8)
    img[:, :, 0] = 180
    rec = _write(tmp_path / 'k.rec', [img] * 16, [[2, 5] + _BOXES[0]] * 16)
    (data, label), = _batches(rec, batch_size=16, random_contrast_prob=1.0, max_random_contrast=0.5,
                              data_shape=(3, 10, 12))
    gains = data[:, 1, 0, 0] / 100.0
    assert ((gains >= 0.49) & (gains <= 1.51)).all() and len(set(gains.tolist())) > 5
    assert np.allclose(data[:, 0, 0, 0], np.minimum(255, np.round(180 * gains)), atol=1)
    assert (data == data[:, :, :1, :1]).all()                  # one gain per image, the same everywhere
    assert np.allclose(label[:, 4:], [2, 5] + _BOXES[0])
    (data, label), = _batches(rec, batch_size=16, random_hue_prob=1.0, max_random_hue=30, data_shape=(3, 10, 12))
    assert len({tuple(data[k, :, 0, 0]) for k in range(16)}) > 5
    assert np.allclose(label[:, 4:], [2, 5] + _BOXES[0])


def test_threads_do_not_change_batches(coords):
    kw = dict(rand_crop_prob=0.7, rand_pad_prob=0.5, max_pad_scale=1.8, rand_mirror_prob=0.5, shuffle=True,
              data_shape=(3, 32, 40), random_hue_prob=0.5, max_random_hue=10, seed=9)
    one = _batches(coords, preprocess_threads=1, **kw)
    four = _batches(coords, preprocess_threads=4, **kw)
    for (d1, l1), (d4, l4) in zip(one, four):
        assert np.array_equal(d1, d4) and np.array_equal(l1, l4)


def test_shuffled_epochs_visit_every_record(tmp_path):
    rec = _write(tmp_path / 's.rec', [np.zeros((4, 4, 3), np.uint8)] * 17,
                 [[2, 5, 0, 0.1, 0.1, 0.5, 0.5]] * 17)
    it = mx.io.ImageDetRecordIter(path_imgrec=rec, data_shape=(3, 4, 4), batch_size=4, shuffle=True,
                                  round_batch=False, verbose=False)
    orders = []
    for _ in range(3):
        ids = [list(b.index[:4 - b.pad]) for b in it]
        orders.append(sum(ids, []))
        it.reset()
    for order in orders:
        assert sorted(order) == list(range(17))
    assert orders[0] != orders[1] != orders[2]


def test_mean_image_made_and_reused(coords, tmp_path):
    mean = str(tmp_path / 'mean.nd')
    first = _batches(coords, data_shape=(3, 8, 10), mean_img=mean, std_r=2)
    assert os.path.exists(mean)
    img = mx.nd.load(mean)['mean_img'].asnumpy()
    plain = _batches(coords, data_shape=(3, 8, 10), std_r=2)[0][0]
    assert np.allclose(img, plain[0], atol=1e-5)                  # identical images: their mean is one of them
    again = _batches(coords, data_shape=(3, 8, 10), mean_img=mean, std_r=2)
    assert np.allclose(first[0][0], again[0][0])
    assert np.allclose(first[0][0], (plain * np.array([2, 1, 1]).reshape(1, 3, 1, 1) - img) /
                       np.array([2, 1, 1]).reshape(1, 3, 1, 1), atol=1e-4)
