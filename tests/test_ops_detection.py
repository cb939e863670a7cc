"""Detection operators against plain reference computations written here (greedy NMS and matching as
loops over boxes), their gradients, and bad input. MXNet's own answers are pinned in
golden/detection_ops_cases.py."""
import numpy as np
import pytest
import torch

from mxtorch import autograd, nd
from mxtorch.base import MXNetError
from mxtorch.ndarray.ops.detection import greedy_keep
from numgrad import check_gradient

rng = np.random.RandomState(11)


def _iou(a, b):
    w = max(0.0, min(a[2], b[2]) - max(a[0], b[0]))
    h = max(0.0, min(a[3], b[3]) - max(a[1], b[1]))
    inter = w * h
    area = lambda r: max(r[2] - r[0], 0) * max(r[3] - r[1], 0)  # noqa: E731
    return inter / (area(a) + area(b) - inter)


def _nms_loop(rows, thresh, per_class):
    """Greedy NMS over one batch of rows [class, score, x1, y1, x2, y2], by its textbook definition."""
    order = sorted(range(len(rows)), key=lambda i: -rows[i][1])
    kept = []
    for i in order:
        if rows[i][1] <= 0:
            continue
        if all(_iou(rows[i][2:], rows[j][2:]) <= thresh or (per_class and rows[i][0] != rows[j][0]) for j in kept):
            kept.append(i)
    out = -np.ones_like(rows)
    out[:len(kept)] = rows[kept]
    return out


@pytest.mark.parametrize('per_class', [False, True])
def test_box_nms_matches_greedy_loop(per_class):
    xy = rng.uniform(0, 10, (3, 60, 2))
    wh = rng.uniform(1, 5, (3, 60, 2))
    score = rng.uniform(0.01, 1, (3, 60, 1))
    cls = rng.randint(0, 3, (3, 60, 1)).astype(np.float64)
    data = np.concatenate([cls, score, xy, xy + wh], -1).astype(np.float32)
    got = nd.contrib.box_nms(nd.array(data), overlap_thresh=0.35, id_index=0 if per_class else -1,
                             force_suppress=not per_class).asnumpy()
    for b in range(3):
        np.testing.assert_allclose(got[b], _nms_loop(data[b], 0.35, per_class))


def test_greedy_keep_settles_long_chains():
    # box i suppresses box i + 1 only: the greedy answer keeps every other box, a chain as long as the input
    k = 41
    suppresses = np.zeros((1, k, k), dtype=bool)
    suppresses[0, np.arange(k - 1), np.arange(1, k)] = True
    keep = greedy_keep(torch.from_numpy(suppresses), torch.ones((1, k), dtype=torch.bool))
    assert keep[0].tolist() == [i % 2 == 0 for i in range(k)]


def _match_loop(scores, thresh):
    rows, cols = scores.shape
    row_of, col_of = -np.ones(rows), -np.ones(cols)
    for flat in np.argsort(-scores, axis=None, kind='stable'):
        r, c = divmod(int(flat), cols)
        if row_of[r] == -1 and col_of[c] == -1:
            if scores[r, c] <= thresh:
                break
            row_of[r], col_of[c] = c, r
    return row_of, col_of


def test_bipartite_matching_matches_greedy_loop():
    scores = rng.uniform(0, 1, (4, 7, 5)).astype(np.float32)
    rows, cols = nd.contrib.bipartite_matching(nd.array(scores), threshold=0.3)
    for b in range(4):
        want_rows, want_cols = _match_loop(scores[b], 0.3)
        np.testing.assert_array_equal(rows.asnumpy()[b], want_rows)
        np.testing.assert_array_equal(cols.asnumpy()[b], want_cols)


def test_box_iou_matches_pairwise_formula():
    a = np.sort(rng.uniform(0, 5, (6, 2, 2)), axis=1).transpose(0, 2, 1).reshape(6, 4)[:, [0, 2, 1, 3]]
    b = np.sort(rng.uniform(0, 5, (3, 2, 2)), axis=1).transpose(0, 2, 1).reshape(3, 4)[:, [0, 2, 1, 3]]
    got = nd.contrib.box_iou(nd.array(a), nd.array(b)).asnumpy()
    want = np.array([[_iou(x, y) for y in b] for x in a])
    np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-6)
    # the same boxes centre-encoded
    centre = lambda r: np.stack([(r[:, 0] + r[:, 2]) / 2, (r[:, 1] + r[:, 3]) / 2, r[:, 2] - r[:, 0],  # noqa: E731
                                 r[:, 3] - r[:, 1]], 1)
    got = nd.contrib.box_iou(nd.array(centre(a)), nd.array(centre(b)), format='center').asnumpy()
    np.testing.assert_allclose(got, want, rtol=1e-4, atol=1e-5)


def test_box_decode_inverts_box_encode():
    anchors = np.array([[[0.1, 0.1, 0.3, 0.4], [0.2, 0.2, 0.5, 0.5], [0.5, 0.6, 0.7, 0.8]]], dtype=np.float32)
    refs = np.array([[[0.12, 0.1, 0.35, 0.38], [0.4, 0.5, 0.8, 0.9]]], dtype=np.float32)
    matches = nd.array([[0, 0, 1]])
    targets, mask = nd.contrib.box_encode(nd.ones((1, 3)), matches, nd.array(anchors), nd.array(refs),
                                          nd.zeros((4,)), nd.array([0.1, 0.1, 0.2, 0.2]))
    assert mask.asnumpy().all()
    boxes = nd.contrib.box_decode(targets, nd.array(anchors), 0.1, 0.1, 0.2, 0.2, format='corner').asnumpy()
    np.testing.assert_allclose(boxes[0], refs[0][[0, 0, 1]], rtol=1e-5, atol=1e-6)


def test_box_nms_gradient():
    # rows with distinct scores and boxes: the selection stays put under small perturbations
    data = np.array([[0, 0.9, 0.0, 0.0, 1.0, 1.0], [0, 0.7, 0.1, 0.1, 1.1, 1.1], [1, 0.5, 2.0, 2.0, 3.0, 3.5],
                     [0, 0.3, 5.0, 5.0, 6.0, 6.0]])
    check_gradient(lambda x: nd.contrib.box_nms(x, overlap_thresh=0.5, topk=3), data)
    # MXNet's backward passes the gradient through the change of encoding unchanged (an identity, not the
    # derivative of the conversion): each output row's gradient lands on its input row
    x = nd.array(data)
    x.attach_grad()
    head = rng.uniform(0.5, 1.5, (4, 6))
    with autograd.record():
        out = nd.contrib.box_nms(x, overlap_thresh=0.5, out_format='center')
    out.backward(nd.array(head))
    np.testing.assert_allclose(x.grad.asnumpy()[[0, 2, 3]], head[:3].astype(np.float32))
    np.testing.assert_allclose(x.grad.asnumpy()[1], 0)


def test_operators_without_gradient_write_zeros():
    x = nd.array([[0, 0, 1, 1.], [0.2, 0.2, 1, 1]])
    x.attach_grad()
    x.grad[:] = 7
    with autograd.record():
        y = nd.contrib.box_iou(x, x).sum() + (x * 2).sum()
    y.backward()
    np.testing.assert_allclose(x.grad.asnumpy(), 2)


def test_multibox_prior_layout():
    anchors = nd.contrib.MultiBoxPrior(nd.zeros((1, 1, 2, 3)), sizes=(0.5, 0.2), ratios=(1, 4)).asnumpy()
    assert anchors.shape == (1, 2 * 3 * 3, 4)
    boxes = anchors.reshape(2, 3, 3, 4)
    centres = (boxes[..., :2] + boxes[..., 2:]) / 2
    np.testing.assert_allclose(centres[1, 2, 0], [(2 + 0.5) / 3, (1 + 0.5) / 2], rtol=1e-6)
    widths, heights = boxes[0, 0, :, 2] - boxes[0, 0, :, 0], boxes[0, 0, :, 3] - boxes[0, 0, :, 1]
    # the width is scaled by height / width of the map; ratio 4 doubles the width and halves the height
    np.testing.assert_allclose(widths, [0.5 * 2 / 3, 0.2 * 2 / 3, 0.5 * 2 / 3 * 2], rtol=1e-6)
    np.testing.assert_allclose(heights, [0.5, 0.2, 0.25], rtol=1e-6)


def test_multibox_target_matches_every_ground_truth():
    anchors = nd.contrib.MultiBoxPrior(nd.zeros((1, 1, 4, 4)), sizes=(0.3,))
    labels = nd.array([[[0, 0.05, 0.05, 0.3, 0.3], [2, 0.6, 0.6, 0.95, 0.9], [-1, -1, -1, -1, -1]]])
    loc, mask, cls = nd.contrib.MultiBoxTarget(anchors, labels, nd.zeros((1, 3, 16)), overlap_threshold=0.9)
    cls = cls.asnumpy()[0]
    # each ground truth takes exactly its best anchor (no other anchor passes 0.9)
    assert sorted(cls[cls > 0].tolist()) == [1, 3]
    assert (cls[cls <= 0] == 0).all()
    assert mask.asnumpy().sum() == 8


@pytest.mark.parametrize('call, words', [
    (lambda: nd.contrib.box_nms(nd.zeros((4, 4))), 'at least 5'),
    (lambda: nd.contrib.box_nms(nd.zeros((4, 6)), score_index=2), 'score_index'),
    (lambda: nd.contrib.box_nms(nd.zeros((4, 6)), in_format='xywh'), 'in_format'),
    (lambda: nd.contrib.box_iou(nd.zeros((2, 5)), nd.zeros((2, 4))), 'last dimension of 4'),
    (lambda: nd.contrib.bipartite_matching(nd.zeros((2, 2))), 'threshold'),
    (lambda: nd.contrib.box_decode(nd.zeros((2, 4)), nd.zeros((1, 2, 4))), 'dim == 3'),
    (lambda: nd.contrib.MultiBoxPrior(nd.zeros((2, 2, 2))), '4-D'),
    (lambda: nd.contrib.MultiBoxPrior(nd.zeros((1, 1, 2, 2), dtype='float64')), 'float32'),
    (lambda: nd.contrib.MultiBoxTarget(nd.zeros((1, 2, 4)), nd.zeros((1, 1, 5)), nd.zeros((1, 2, 3))),
     'number of anchors'),
    (lambda: nd.contrib.MultiBoxDetection(nd.zeros((1, 2, 2)), nd.zeros((1, 4)), nd.zeros((1, 2, 4))), '# loc'),
])
def test_bad_input_names_the_problem(call, words):
    with pytest.raises(MXNetError, match=words):
        call()


def test_bad_input_leaves_the_input_alone():
    data = nd.array([[0, 0.5, 0.1, 0.1, 0.2, 0.2]])
    before = data.asnumpy().copy()
    with pytest.raises(MXNetError):
        nd.contrib.box_nms(data, coord_start=3)
    np.testing.assert_array_equal(data.asnumpy(), before)


# ---- region pooling -------------------------------------------------------------------------------------
def _bilinear(img, y, x):
    """ROIAlign's bilinear read of a 2-D map: nothing beyond one pixel outside, edges clamped within it."""
    h, w = img.shape
    if y < -1 or y > h or x < -1 or x > w:
        return 0.0
    y, x = max(y, 0.0), max(x, 0.0)
    y0, x0 = int(y), int(x)
    if y0 >= h - 1:
        y0 = y1 = h - 1
        y = float(y0)
    else:
        y1 = y0 + 1
    if x0 >= w - 1:
        x0 = x1 = w - 1
        x = float(x0)
    else:
        x1 = x0 + 1
    ly, lx = y - y0, x - x0
    return ((1 - ly) * (1 - lx) * img[y0, x0] + (1 - ly) * lx * img[y0, x1] + ly * (1 - lx) * img[y1, x0] +
            ly * lx * img[y1, x1])


def _roi_align_loop(data, roi, pooled, scale, ratio):
    b, x1, y1, x2, y2 = roi
    x1, y1, x2, y2 = x1 * scale, y1 * scale, x2 * scale, y2 * scale
    rw, rh = max(x2 - x1, 1.0), max(y2 - y1, 1.0)
    ph, pw = pooled
    gh = ratio if ratio > 0 else int(np.ceil(rh / ph))
    gw = ratio if ratio > 0 else int(np.ceil(rw / pw))
    out = np.zeros((data.shape[1], ph, pw))
    for c in range(data.shape[1]):
        for i in range(ph):
            for j in range(pw):
                total = 0.0
                for a in range(gh):
                    for k in range(gw):
                        y = y1 + i * rh / ph + (a + 0.5) * rh / ph / gh
                        x = x1 + j * rw / pw + (k + 0.5) * rw / pw / gw
                        total += _bilinear(data[int(b), c], y, x)
                out[c, i, j] = total / (gh * gw)
    return out


@pytest.mark.parametrize('ratio', [-1, 2])
def test_roi_align_matches_sample_loop(ratio):
    data = rng.uniform(-1, 1, (2, 3, 9, 11))
    rois = np.array([[0, 0.5, 0.5, 6.2, 4.9], [1, 2, 1, 10, 8.5], [0, -2, -2, 3, 2], [1, 9.5, 7.5, 14, 12]])
    got = nd.contrib.ROIAlign(nd.array(data, dtype='float64'), nd.array(rois, dtype='float64'), pooled_size=(2, 3),
                              spatial_scale=0.9, sample_ratio=ratio).asnumpy()
    for r, roi in enumerate(rois):
        np.testing.assert_allclose(got[r], _roi_align_loop(data, roi, (2, 3), 0.9, ratio), rtol=1e-10, atol=1e-12)


def test_roi_align_many_grid_sizes_and_images_match_sample_loop():
    # regions of more than 16 kinds of adaptive grid, on three images, some with a negative image index
    local = np.random.RandomState(7)
    data = local.uniform(-1, 1, (3, 2, 30, 26))
    corner = local.uniform(-3, 24, (40, 2))
    rois = np.concatenate([local.randint(-1, 3, (40, 1)), corner, corner + local.uniform(0.5, 28, (40, 2))], 1)
    got = nd.contrib.ROIAlign(nd.array(data, dtype='float64'), nd.array(rois, dtype='float64'), pooled_size=(2, 2),
                              spatial_scale=1.0).asnumpy()
    for r, roi in enumerate(rois):
        want = np.zeros((2, 2, 2)) if roi[0] < 0 else _roi_align_loop(data, roi, (2, 2), 1.0, -1)
        np.testing.assert_allclose(got[r], want, rtol=1e-10, atol=1e-12)


def test_rroi_align_without_rotation_is_roi_align():
    data = nd.array(rng.uniform(-1, 1, (1, 2, 8, 8)))
    box = [1.0, 2.0, 5.0, 7.0]
    rotated = nd.array([[0, (box[0] + box[2]) / 2, (box[1] + box[3]) / 2, box[2] - box[0], box[3] - box[1], 0]])
    want = nd.contrib.ROIAlign(data, nd.array([[0] + box]), pooled_size=(2, 2), spatial_scale=1.0, sample_ratio=2)
    got = nd.contrib.RROIAlign(data, rotated, pooled_size=(2, 2), spatial_scale=1.0, sampling_ratio=2)
    np.testing.assert_allclose(got.asnumpy(), want.asnumpy(), rtol=1e-5, atol=1e-6)


def test_rroi_align_has_no_backward():
    data = nd.array(rng.uniform(-1, 1, (1, 2, 8, 8)))
    data.attach_grad()
    with autograd.record():
        out = nd.contrib.RROIAlign(data, nd.array([[0, 4, 4, 3, 3, 20]]), pooled_size=(2, 2), spatial_scale=1.0)
    with pytest.raises(MXNetError, match='Backward is not supported'):
        out.backward()


def test_psroi_pooling_averages_integer_windows():
    data = rng.uniform(-1, 1, (1, 4, 6, 6))
    out = nd.contrib.PSROIPooling(nd.array(data), nd.array([[0, 0, 0, 3, 3]]), spatial_scale=1.0, output_dim=1,
                                  pooled_size=2).asnumpy()
    # the region covers pixels 0..3: bin (i, j) averages its 2 x 2 window of channel 2 * i + j
    for i in range(2):
        for j in range(2):
            want = data[0, 2 * i + j, 2 * i:2 * i + 2, 2 * j:2 * j + 2].mean()
            np.testing.assert_allclose(out[0, 0, i, j], want, rtol=1e-5)


def test_region_pooling_gradients():
    data = rng.uniform(-1, 1, (2, 4, 6, 7))
    rois = nd.array([[0, 0.7, 0.3, 4.6, 5.1], [1, 2.2, 1.4, 6.3, 4.2]])
    check_gradient(lambda x: nd.contrib.ROIAlign(x, rois, pooled_size=(2, 2), spatial_scale=1.0), data)
    check_gradient(lambda x: nd.contrib.ROIAlign(x, rois, pooled_size=(2, 2), spatial_scale=0.8, sample_ratio=3,
                                                 position_sensitive=True), data)
    check_gradient(lambda x: nd.contrib.PSROIPooling(x, rois, spatial_scale=1.0, output_dim=1, pooled_size=2), data)
    trans = rng.uniform(-0.5, 0.5, (2, 2, 2, 2))
    check_gradient(lambda x, t: nd.contrib.DeformablePSROIPooling(
        x, rois, t, spatial_scale=1.0, output_dim=1, group_size=2, pooled_size=2, sample_per_part=2, trans_std=0.1),
        data, trans, rtol=1e-3, atol=1e-4)


def test_proposal_rows_are_kept_boxes_by_score():
    rs = np.random.RandomState(3)
    prob = rs.uniform(0, 1, (1, 12, 4, 5))
    deltas = rs.normal(0, 0.2, (1, 24, 4, 5))
    rois, scores = nd.contrib.Proposal(nd.array(prob), nd.array(deltas), nd.array([[64, 80, 1]]), scales=(2, 4),
                                       ratios=(0.5, 1, 2), rpn_post_nms_top_n=30, threshold=0.6, rpn_min_size=1,
                                       output_score=True)
    rois, scores = rois.asnumpy(), scores.asnumpy()[:, 0]
    assert (rois[:, 0] == 0).all()
    boxes = rois[:, 1:]
    assert (boxes[:, 0] >= 0).all() and (boxes[:, 2] <= 79).all() and (boxes[:, 3] <= 63).all()
    # kept boxes come by descending score; when fewer than asked, they repeat from the first
    repeat = [i for i in range(1, len(boxes)) if (boxes[i] == boxes[0]).all()]
    kept = repeat[0] if repeat else len(boxes)
    assert (np.diff(scores[:kept]) <= 0).all()
    plus_one = lambda a, b: (max(0, min(a[2], b[2]) - max(a[0], b[0]) + 1) *  # noqa: E731
                             max(0, min(a[3], b[3]) - max(a[1], b[1]) + 1))
    area = lambda a: (a[2] - a[0] + 1) * (a[3] - a[1] + 1)  # noqa: E731
    for i in range(kept):
        for j in range(i + 1, kept):
            inter = plus_one(boxes[i], boxes[j])
            assert inter / (area(boxes[i]) + area(boxes[j]) - inter) <= 0.6 + 1e-6
