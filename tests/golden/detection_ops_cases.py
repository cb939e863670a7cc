"""Detection operators of mx.nd.contrib: box_iou, box_nms, bipartite_matching, box_encode, box_decode,
MultiBoxPrior, MultiBoxTarget, MultiBoxDetection (values, quirks of MXNet's kernels, gradients, bad
input)."""

# rows [class, score, xmin, ymin, xmax, ymax]
BOXES = ("nd.array([[0, 0.5, 0.1, 0.1, 0.2, 0.2], [1, 0.4, 0.1, 0.1, 0.2, 0.2], "
         "[0, 0.3, 0.1, 0.1, 0.14, 0.14], [2, 0.6, 0.5, 0.5, 0.7, 0.8]])")
# many overlapping boxes in two batches, some tied scores, a few classes
RANDOM_BOXES = """
rs = np.random.RandomState(3)
xy = rs.uniform(0, 8, (2, 40, 2))
wh = rs.uniform(1, 4, (2, 40, 2))
score = np.round(rs.uniform(0, 1, (2, 40, 1)), 1)
cls = rs.randint(0, 3, (2, 40, 1))
data = nd.array(np.concatenate([cls, score, xy, xy + wh], -1))
"""
SSD = """
rs = np.random.RandomState(5)
anchor = nd.contrib.MultiBoxPrior(nd.zeros((1, 3, 4, 4)), sizes=(0.3, 0.6), ratios=(1, 2))
A = anchor.shape[1]
raw = rs.uniform(-2, 2, (2, 4, A))
cls_prob = nd.softmax(nd.array(raw), axis=1)
loc_pred = nd.array(rs.normal(0, 0.5, (2, A * 4)))
"""
LABELS = ("nd.array([[[1, 0.1, 0.1, 0.45, 0.45], [0, 0.5, 0.5, 0.9, 0.8], [-1, -1, -1, -1, -1]], "
          "[[2, 0.2, 0.3, 0.6, 0.7], [-1, -1, -1, -1, -1], [-1, -1, -1, -1, -1]]])")


def _grad(setup, expr, *names):
    lines = [setup] + [n + '.attach_grad()' for n in names]
    lines.append('with autograd.record():\n    out = ' + expr)
    lines.append('out.backward(nd.array(np.random.RandomState(1).uniform(0.5, 1.5, out.shape), dtype=out.dtype))')
    lines.append('result = [out] + [v.grad for v in (' + ', '.join(names) + ',)]')
    return '\n'.join(lines)


CASES = [
    # box_iou
    ('box_iou_corner', "nd.contrib.box_iou(nd.array([[0, 0, 1, 1], [0.5, 0.5, 2, 2.]]), "
                       "nd.array([[0.5, 0.5, 1.5, 1.5], [2, 2, 3, 3], [0, 0, 0.5, 2]]))"),
    ('box_iou_center', "nd.contrib.box_iou(nd.array([[1, 1, 2, 2.]]), nd.array([[1.5, 1.5, 1, 1], [1, 1, 2, -2]]), "
                       "format='center')"),
    ('box_iou_batched_shapes', "nd.contrib.box_iou(nd.array(np.random.RandomState(0).uniform(0, 1, (2, 3, 4)).cumsum(-1)), "
                               "nd.array(np.random.RandomState(1).uniform(0, 1, (4, 1, 4)).cumsum(-1)))"),
    ('box_iou_float64', "nd.contrib.box_iou(nd.array([[0, 0, 1, 1]], dtype='float64'), "
                        "nd.array([[0.5, 0, 1, 3]], dtype='float64'))"),
    ('box_iou_degenerate', "nd.contrib.box_iou(nd.array([[1, 1, 0, 0], [0, 0, 0, 0]]), nd.array([[0, 0, 1, 1.]]))"),
    ('box_iou_grad_is_zero', _grad("a = nd.array([[0, 0, 1, 1.]])\nb = nd.array([[0.5, 0.5, 1.5, 1.5]])",
                                   "nd.contrib.box_iou(a, b)", 'a', 'b')),
    ('box_iou_bad_last_dim', "nd.contrib.box_iou(nd.zeros((2, 3)), nd.zeros((2, 4)))"),
    ('box_iou_bad_ndim', "nd.contrib.box_iou(nd.zeros((4,)), nd.zeros((2, 4)))"),
    ('box_iou_bad_format', "nd.contrib.box_iou(nd.zeros((1, 4)), nd.zeros((2, 4)), format='xywh')"),
    # box_nms
    ('box_nms_force', "nd.contrib.box_nms(" + BOXES + ", overlap_thresh=0.5, id_index=0, force_suppress=True)"),
    ('box_nms_low_thresh', "nd.contrib.box_nms(" + BOXES + ", overlap_thresh=0.1, id_index=0, force_suppress=True)"),
    ('box_nms_per_class', "nd.contrib.box_nms(" + BOXES + ", overlap_thresh=0.1, id_index=0)"),
    ('box_nms_no_id', "nd.contrib.box_nms(" + BOXES + ", overlap_thresh=0.5)"),
    ('box_nms_defaults', "nd.contrib.box_nms(" + BOXES + ")"),
    ('box_nms_alias', "nd.contrib.box_non_maximum_suppression(" + BOXES + ", overlap_thresh=0.1)"),
    ('box_nms_out_center', "nd.contrib.box_nms(" + BOXES + ", overlap_thresh=0.1, id_index=0, out_format='center')"),
    ('box_nms_in_center', "nd.contrib.box_nms(nd.array([[0, 0.5, 0.15, 0.15, 0.1, 0.1], [0, 0.7, 0.16, 0.15, 0.1, 0.1], "
                          "[1, 0.2, 0.5, 0.5, 0.3, 0.2]]), in_format='center', id_index=0)"),
    ('box_nms_center_both', "nd.contrib.box_nms(nd.array([[0, 0.5, 0.15, 0.15, 0.1, 0.1], [0, 0.7, 0.16, 0.15, 0.1, 0.1]]), "
                            "in_format='center', out_format='center')"),
    ('box_nms_negative_coord_not_converted', "nd.contrib.box_nms(nd.array([[0, 0.5, -0.1, 0.1, 0.2, 0.2], "
                                             "[0, 0.6, 0.3, 0.3, 0.5, 0.6]]), out_format='center')"),
    ('box_nms_valid_thresh_topk', "nd.contrib.box_nms(nd.array([[[1, 1, 0, 0, 10, 10], [1, 0.4, 0, 0, 10, 10], "
                                  "[1, 0.3, 0, 0, 10, 10]], [[2, 1, 0, 0, 10, 10], [2, 0.4, 0, 0, 10, 10], "
                                  "[2, 0.3, 0, 0, 10, 10]]]), valid_thresh=0.35, topk=2, id_index=0)"),
    ('box_nms_topk_1', "nd.contrib.box_nms(" + BOXES + ", topk=1)"),
    ('box_nms_topk_0_copies', "nd.contrib.box_nms(" + BOXES + ", topk=0, out_format='center')"),
    ('box_nms_nothing_valid', "nd.contrib.box_nms(" + BOXES + ", valid_thresh=0.9)"),
    ('box_nms_background', "nd.contrib.box_nms(nd.array([[0, 0.5, 0.1, 0.1, 0.2, 0.2], [0, 0.4, 0.1, 0.1, 0.2, 0.2], "
                           "[1, 0.3, 0.1, 0.1, 0.14, 0.14], [-1, 0.6, 0.5, 0.5, 0.7, 0.8]]), id_index=0, "
                           "background_id=0, force_suppress=True)"),
    ('box_nms_columns_moved', "nd.contrib.box_nms(nd.array([[0.1, 0.1, 0.2, 0.2, 7, 0.5, 0], [0.1, 0.1, 0.2, 0.2, 7, 0.6, 1], "
                              "[0.1, 0.1, 0.2, 0.25, 7, 0.4, 1]]), coord_start=0, score_index=5, id_index=6, "
                              "overlap_thresh=0.3)"),
    ('box_nms_ties_keep_order', "nd.contrib.box_nms(nd.array([[0, 0.5, 0, 0, 1, 1], [0, 0.5, 2, 2, 3, 3], "
                                "[0, 0.5, 0, 0, 1, 1.1], [0, 0.5, 5, 5, 6, 6]]))"),
    ('box_nms_random_batches', RANDOM_BOXES + "result = nd.contrib.box_nms(data, overlap_thresh=0.3, id_index=0)"),
    ('box_nms_random_force', RANDOM_BOXES + "result = nd.contrib.box_nms(data, overlap_thresh=0.2, force_suppress=True, "
                             "id_index=0, valid_thresh=0.15, topk=25)"),
    ('box_nms_random_3d_batch', RANDOM_BOXES + "result = nd.contrib.box_nms(data.reshape((2, 1, 40, 6)), overlap_thresh=0.4)"),
    ('box_nms_float16', "nd.contrib.box_nms(" + BOXES + ".astype('float16'), overlap_thresh=0.1, id_index=0)"),
    ('box_nms_float64', "nd.contrib.box_nms(" + BOXES + ".astype('float64'), overlap_thresh=0.1, id_index=0)"),
    ('box_nms_grad', _grad("x = " + BOXES, "nd.contrib.box_nms(x, overlap_thresh=0.1, id_index=0, force_suppress=True)",
                           'x')),
    ('box_nms_grad_center_out', _grad("x = " + BOXES, "nd.contrib.box_nms(x, overlap_thresh=0.1, out_format='center')",
                                      'x')),
    ('box_nms_grad_topk0', _grad("x = " + BOXES, "nd.contrib.box_nms(x, topk=0)", 'x')),
    ('box_nms_grad_nothing_valid', _grad("x = " + BOXES, "nd.contrib.box_nms(x, valid_thresh=2)", 'x')),
    ('box_nms_bad_width', "nd.contrib.box_nms(nd.zeros((3, 4)))"),
    ('box_nms_bad_width_with_id', "nd.contrib.box_nms(nd.zeros((3, 5)), id_index=0, coord_start=1, score_index=0)"),
    ('box_nms_bad_ndim', "nd.contrib.box_nms(nd.zeros((6,)))"),
    ('box_nms_score_in_coords', "nd.contrib.box_nms(nd.zeros((3, 6)), score_index=3)"),
    ('box_nms_score_out_of_range', "nd.contrib.box_nms(nd.zeros((3, 6)), score_index=6)"),
    ('box_nms_coords_out_of_range', "nd.contrib.box_nms(nd.zeros((3, 6)), coord_start=3, score_index=0)"),
    ('box_nms_id_equals_score', "nd.contrib.box_nms(nd.zeros((3, 6)), id_index=1)"),
    ('box_nms_id_in_coords', "nd.contrib.box_nms(nd.zeros((3, 6)), id_index=2)"),
    ('box_nms_bad_format', "nd.contrib.box_nms(nd.zeros((3, 6)), in_format='xyxy')"),
    ('box_nms_int_data', "nd.contrib.box_nms(nd.zeros((3, 6), dtype='int32'))"),
    # bipartite_matching
    ('bipartite_descending', "nd.contrib.bipartite_matching(nd.array([[0.5, 0.6], [0.1, 0.2], [0.3, 0.4]]), threshold=1e-12)"),
    ('bipartite_ascending', "nd.contrib.bipartite_matching(nd.array([[0.5, 0.6], [0.1, 0.2], [0.3, 0.4]]), threshold=100, "
                            "is_ascend=True)"),
    ('bipartite_threshold_stops', "nd.contrib.bipartite_matching(nd.array([[0.5, 0.6], [0.1, 0.2], [0.3, 0.4]]), threshold=0.45)"),
    ('bipartite_topk_1', "nd.contrib.bipartite_matching(nd.array([[0.9, 0.1, 0.2], [0.3, 0.8, 0.4], [0.5, 0.6, 0.7]]), "
                         "threshold=0, topk=1)"),
    ('bipartite_topk_2', "nd.contrib.bipartite_matching(nd.array([[0.9, 0.1, 0.2], [0.3, 0.8, 0.4], [0.5, 0.6, 0.7]]), "
                         "threshold=0, topk=2)"),
    ('bipartite_ties', "nd.contrib.bipartite_matching(nd.array([[0.5, 0.5], [0.5, 0.5]]), threshold=0.1)"),
    ('bipartite_batched', "nd.contrib.bipartite_matching(nd.array(np.random.RandomState(2).uniform(0, 1, (2, 3, 5, 4))), "
                          "threshold=0.2)"),
    ('bipartite_float64', "nd.contrib.bipartite_matching(nd.array([[0.5, 0.6], [0.1, 0.2]], dtype='float64'), threshold=0.0)"),
    ('bipartite_grad_is_zero', _grad("x = nd.array([[0.5, 0.6], [0.1, 0.2]])",
                                     "nd.contrib.bipartite_matching(x, threshold=0)[0]", 'x')),
    ('bipartite_missing_threshold', "nd.contrib.bipartite_matching(nd.array([[0.5, 0.6]]))"),
    ('bipartite_bad_ndim', "nd.contrib.bipartite_matching(nd.array([0.5, 0.6]), threshold=0)"),
    # box_encode / box_decode
    ('box_encode', "nd.contrib.box_encode(nd.array([[1, -1, 1, 0]]), nd.array([[1, 0, 0, 1]]), "
                   "nd.array([[[0.1, 0.1, 0.3, 0.4], [0.2, 0.2, 0.5, 0.5], [0.5, 0.6, 0.7, 0.8], [0, 0, 1, 1]]]), "
                   "nd.array([[[0.1, 0.2, 0.3, 0.4], [0.5, 0.5, 0.9, 0.8]]]), nd.array([0.1, 0, -0.1, 0]), "
                   "nd.array([0.1, 0.1, 0.2, 0.2]))"),
    ('box_encode_batched', "nd.contrib.box_encode(nd.array([[1, 1], [1, -1]]), nd.array([[1, 0], [0, 1]]), "
                           "nd.array([[[0.1, 0.1, 0.3, 0.4], [0.2, 0.2, 0.5, 0.5]], [[0.5, 0.6, 0.7, 0.8], [0, 0, 1, 1]]]), "
                           "nd.array([[[0.1, 0.2, 0.3, 0.4], [0.5, 0.5, 0.9, 0.8]], [[0, 0, 2, 2], [1, 1, 2, 2]]]), "
                           "nd.zeros((4,)), nd.ones((4,)))"),
    ('box_encode_grads_zero', _grad("s = nd.array([[1, 1]])\nm = nd.array([[1, 0]])\na = nd.array([[[0.1, 0.1, 0.3, 0.4], "
                                    "[0.2, 0.2, 0.5, 0.5]]])\nr = nd.array([[[0.1, 0.2, 0.3, 0.4], [0.5, 0.5, 0.9, 0.8]]])",
                                    "nd.contrib.box_encode(s, m, a, r, nd.zeros((4,)), nd.ones((4,)))[0]", 'a', 'r')),
    ('box_encode_bad_samples', "nd.contrib.box_encode(nd.array([1, 1]), nd.array([[1, 0]]), nd.zeros((1, 2, 4)), "
                               "nd.zeros((1, 2, 4)), nd.zeros((4,)), nd.ones((4,)))"),
    ('box_encode_bad_anchors', "nd.contrib.box_encode(nd.array([[1, 1]]), nd.array([[1, 0]]), nd.zeros((1, 2, 3)), "
                               "nd.zeros((1, 2, 4)), nd.zeros((4,)), nd.ones((4,)))"),
    ('box_decode_center', "nd.contrib.box_decode(nd.array([[[0.1, 0.2, 0.3, 0.4], [0.5, 0.6, 0.7, 0.8]]]), "
                          "nd.array([[[0.1, 0.2, 0.3, 0.4], [0.5, 0.6, 0.7, 0.8]]]), 0.1, 0.1, 0.2, 0.2)"),
    ('box_decode_corner', "nd.contrib.box_decode(nd.array([[[0.1, 0.2, 0.3, 0.4], [0.5, 0.6, 0.7, 0.8]]]), "
                          "nd.array([[[0.1, 0.2, 0.3, 0.4], [0.5, 0.6, 0.7, 0.8]]]), format='corner')"),
    ('box_decode_clip', "nd.contrib.box_decode(nd.array([[[0.1, 0.2, 3, -4], [0.5, 0.6, 5, 0.8]], "
                        "[[0, 0, 0, 0], [1, 1, 1, 1]]]), nd.array([[[0.1, 0.2, 0.3, 0.4], [0.5, 0.6, 0.7, 0.8]]]), "
                        "clip=1.5, format='corner')"),
    ('box_decode_grad_zero', _grad("d = nd.array([[[0.1, 0.2, 0.3, 0.4]]])\na = nd.array([[[0.1, 0.2, 0.3, 0.4]]])",
                                   "nd.contrib.box_decode(d, a)", 'd', 'a')),
    ('box_decode_bad_data', "nd.contrib.box_decode(nd.zeros((2, 4)), nd.zeros((1, 2, 4)))"),
    ('box_decode_bad_anchors', "nd.contrib.box_decode(nd.zeros((1, 2, 4)), nd.zeros((2, 4)))"),
    # MultiBoxPrior
    ('multibox_prior_default', "nd.contrib.MultiBoxPrior(nd.zeros((1, 3, 2, 3)))"),
    ('multibox_prior_sizes_ratios', "nd.contrib.MultiBoxPrior(nd.zeros((2, 3, 3, 2)), sizes=[0.75, 0.5, 0.25], "
                                    "ratios=[1, 2, 0.5])"),
    ('multibox_prior_clip', "nd.contrib.MultiBoxPrior(nd.zeros((1, 1, 2, 2)), sizes=(0.9, 0.4), ratios=(1, 3), clip=True)"),
    ('multibox_prior_steps_offsets', "nd.contrib.MultiBoxPrior(nd.zeros((1, 1, 3, 4)), sizes=(0.2,), steps=(0.3, 0.2), "
                                     "offsets=(0.25, 0.75))"),
    ('multibox_prior_strings', "nd.contrib.MultiBoxPrior(nd.zeros((1, 1, 2, 2)), sizes='(0.5, 0.25)', ratios='[1, 2]', "
                               "clip='True')"),
    ('multibox_prior_float64', "nd.contrib.MultiBoxPrior(nd.zeros((1, 1, 2, 2), dtype='float64'), sizes=(0.3,))"),
    ('multibox_prior_large', "nd.contrib.MultiBoxPrior(nd.zeros((1, 3, 60, 70)), sizes=[0.75, 0.5, 0.25], "
                             "ratios=[20, 2, 0.5]).reshape((60, 70, 5, 4))[25:27, 30:33]", {'rtol': 1e-5, 'atol': 1e-6}),
    ('multibox_prior_grad_zero', _grad("x = nd.ones((1, 1, 2, 2))", "nd.contrib.MultiBoxPrior(x)", 'x')),
    ('multibox_prior_bad_ndim', "nd.contrib.MultiBoxPrior(nd.zeros((3, 2, 2)))"),
    ('multibox_prior_bad_steps', "nd.contrib.MultiBoxPrior(nd.zeros((1, 1, 2, 2)), steps=(0.5,))"),
    ('multibox_prior_bad_offsets', "nd.contrib.MultiBoxPrior(nd.zeros((1, 1, 2, 2)), offsets=(1.5, 0.5))"),
    # MultiBoxTarget
    ('multibox_target_mxnet_test', "nd.contrib.MultiBoxTarget(nd.array([[0.1, 0.2, 0.3, 0.4], [0.5, 0.6, 0.7, 0.8]]).reshape((1, -1, 4)), "
                                   "nd.array([1, 0.1, 0.1, 0.5, 0.6]).reshape((1, -1, 5)), nd.arange(10).reshape((1, -1, 2)), "
                                   "overlap_threshold=0.5, negative_mining_ratio=3, negative_mining_thresh=0.4)"),
    ('multibox_target_all_negatives', SSD + "result = nd.contrib.MultiBoxTarget(anchor, " + LABELS + ", nd.array(raw))"),
    ('multibox_target_mining', SSD + "result = nd.contrib.MultiBoxTarget(anchor, " + LABELS + ", nd.array(raw), "
                               "negative_mining_ratio=2, negative_mining_thresh=0.5, ignore_label=-2)"),
    ('multibox_target_threshold_0', SSD + "result = nd.contrib.MultiBoxTarget(anchor, " + LABELS + ", nd.array(raw), "
                                    "overlap_threshold=0, negative_mining_ratio=1.5)"),
    ('multibox_target_low_threshold', SSD + "result = nd.contrib.MultiBoxTarget(anchor, " + LABELS + ", nd.array(raw), "
                                      "overlap_threshold=0.2, variances=(0.2, 0.2, 0.1, 0.1))"),
    ('multibox_target_no_labels', SSD + "result = nd.contrib.MultiBoxTarget(anchor, -nd.ones((2, 2, 5)), nd.array(raw), "
                                  "negative_mining_ratio=3)"),
    ('multibox_target_wide_labels', SSD + "result = nd.contrib.MultiBoxTarget(anchor, nd.concat(" + LABELS +
     ", nd.ones((2, 3, 1)), dim=2), nd.array(raw))"),
    ('multibox_target_grad_zero', _grad(SSD + "p = nd.array(raw)", "nd.contrib.MultiBoxTarget(anchor, " + LABELS +
                                        ", p)[0]", 'p')),
    ('multibox_target_bad_anchor', "nd.contrib.MultiBoxTarget(nd.zeros((2, 3, 4)), nd.zeros((1, 1, 5)), nd.zeros((1, 2, 3)))"),
    ('multibox_target_bad_label', "nd.contrib.MultiBoxTarget(nd.zeros((1, 3, 4)), nd.zeros((1, 1, 4)), nd.zeros((1, 2, 3)))"),
    ('multibox_target_anchor_mismatch', "nd.contrib.MultiBoxTarget(nd.zeros((1, 3, 4)), nd.zeros((1, 1, 5)), "
                                        "nd.zeros((1, 2, 4)))"),
    ('multibox_target_bad_padding', "nd.contrib.MultiBoxTarget(nd.array([[[0.1, 0.1, 0.3, 0.3]]]), nd.array([[[-1, 0.1, 0.1, 0.2, 0.2]]]), "
                                    "nd.zeros((1, 2, 1)))"),
    # MultiBoxDetection
    ('multibox_detection_small', "nd.contrib.MultiBoxDetection(nd.array([[[0.1, 0.2, 0.9, 0.3], [0.9, 0.8, 0.1, 0.7]]]), "
                                 "nd.zeros((1, 16)), nd.array([[[0.1, 0.1, 0.3, 0.3], [0.12, 0.12, 0.32, 0.32], "
                                 "[0.5, 0.5, 0.7, 0.7], [0.11, 0.1, 0.3, 0.3]]]))"),
    ('multibox_detection_ssd', SSD + "result = nd.contrib.MultiBoxDetection(cls_prob, loc_pred, anchor)",
     {'rtol': 1e-5, 'atol': 1e-5}),
    ('multibox_detection_force_topk', SSD + "result = nd.contrib.MultiBoxDetection(cls_prob, loc_pred, anchor, "
                                      "force_suppress=True, nms_topk=7, nms_threshold=0.3)", {'rtol': 1e-5, 'atol': 1e-5}),
    ('multibox_detection_no_nms', SSD + "result = nd.contrib.MultiBoxDetection(cls_prob, loc_pred, anchor, nms_threshold=0, "
                                  "threshold=0.3, clip=False)", {'rtol': 1e-5, 'atol': 1e-5}),
    ('multibox_detection_variances', SSD + "result = nd.contrib.MultiBoxDetection(cls_prob, loc_pred, anchor, "
                                     "variances=(0.2, 0.2, 0.3, 0.3), threshold=0.2, nms_threshold=1)",
     {'rtol': 1e-5, 'atol': 1e-5}),
    ('multibox_detection_nothing', SSD + "result = nd.contrib.MultiBoxDetection(cls_prob, loc_pred, anchor, threshold=1.1)"),
    ('multibox_detection_float64', SSD + "result = nd.contrib.MultiBoxDetection(cls_prob.astype('float64'), "
                                   "loc_pred.astype('float64'), anchor.astype('float64'))", {'rtol': 1e-5, 'atol': 1e-5}),
    ('multibox_detection_grad_zero', _grad(SSD + "p = cls_prob.copy()", "nd.contrib.MultiBoxDetection(p, loc_pred, anchor)",
                                           'p')),
    ('multibox_detection_bad_cls', "nd.contrib.MultiBoxDetection(nd.zeros((2, 3)), nd.zeros((1, 8)), nd.zeros((1, 2, 4)))"),
    ('multibox_detection_anchor_mismatch', "nd.contrib.MultiBoxDetection(nd.zeros((1, 2, 3)), nd.zeros((1, 12)), "
                                           "nd.zeros((1, 2, 4)))"),
    ('multibox_detection_loc_mismatch', "nd.contrib.MultiBoxDetection(nd.zeros((1, 2, 2)), nd.zeros((1, 12)), "
                                        "nd.zeros((1, 2, 4)))"),
    ('multibox_detection_bad_variances', "nd.contrib.MultiBoxDetection(nd.zeros((1, 2, 2)), nd.zeros((1, 8)), "
                                         "nd.zeros((1, 2, 4)), variances=(0.1, 0.2))"),
]

CASES += [
    ('multibox_prior_float16', "nd.contrib.MultiBoxPrior(nd.zeros((1, 1, 2, 2), dtype='float16'))"),
    ('multibox_target_float64_label', "nd.contrib.MultiBoxTarget(nd.array([[[0.1, 0.1, 0.3, 0.3]]]), "
                                      "nd.array([[[0, 0.1, 0.1, 0.2, 0.2]]], dtype='float64'), nd.zeros((1, 2, 1)))"),
    ('multibox_detection_float16_loc', "nd.contrib.MultiBoxDetection(nd.zeros((1, 2, 2)), nd.zeros((1, 8), dtype='float16'), "
                                       "nd.zeros((1, 2, 4)))"),
]

# ---- region pooling -------------------------------------------------------------------------------------
FMAP = "nd.array(np.random.RandomState(4).uniform(-1, 1, (2, 8, 7, 9)))"
ROIS = "nd.array([[0, 0.5, 0.5, 6.2, 4.9], [1, 2, 1, 8, 6.5], [0, -2, -2, 3, 2], [1, 7.5, 5.5, 12, 9], [0, 3, 3, 3.2, 3.1]])"
ROIS4 = "nd.array([[0.5, 0.5, 6.2, 4.9], [2, 1, 8, 6.5]])"
RROIS = "nd.array([[0, 4, 3, 5, 3, 30], [1, 3, 4, 6, 2, -45], [0, 2, 2, 1, 1, 90], [1, 6, 5, 9, 7, 0]])"
PS_MAP = "nd.array(np.random.RandomState(6).uniform(-1, 1, (2, 2 * 9, 8, 8)))"
PS_ROIS = "nd.array([[0, 0.4, 0.6, 6.3, 5.2], [1, 2.5, 1, 7, 7.6], [0, 5, 5, 5, 5], [1, -3, -2, 20, 4]])"
TRANS = "nd.array(np.random.RandomState(7).uniform(-1, 1, (4, 4, 3, 3)))"
RPN = """
rs = np.random.RandomState(8)
logits = rs.uniform(-2, 2, (2, 2, 3, 5, 6))
prob = np.exp(logits) / np.exp(logits).sum(1, keepdims=True)
cls_prob = nd.array(prob.reshape(2, 6, 5, 6))
bbox_pred = nd.array(rs.normal(0, 0.3, (2, 12, 5, 6)))
im_info = nd.array([[70, 90, 1.0], [50, 80, 0.5]])
"""

CASES += [
    ('roi_align', "nd.contrib.ROIAlign(" + FMAP + ", " + ROIS + ", pooled_size=(2, 3), spatial_scale=1.0)",
     {'rtol': 1e-5, 'atol': 1e-5}),
    ('roi_align_scale_ratio', "nd.contrib.ROIAlign(" + FMAP + ", " + ROIS + ", pooled_size=(3, 3), spatial_scale=0.5, "
                              "sample_ratio=2)", {'rtol': 1e-5, 'atol': 1e-5}),
    ('roi_align_aligned', "nd.contrib.ROIAlign(" + FMAP + ", " + ROIS + "[:4], pooled_size=(2, 2), spatial_scale=1.0, "
                          "aligned=True)", {'rtol': 1e-5, 'atol': 1e-5}),
    ('roi_align_four_columns_refused', "nd.contrib.ROIAlign(" + FMAP + ", " + ROIS4 + ", pooled_size=(2, 2), spatial_scale=1.0)",
     {'rtol': 1e-5, 'atol': 1e-5}),
    ('roi_align_position_sensitive', "nd.contrib.ROIAlign(" + FMAP + ", " + ROIS + ", pooled_size=(2, 2), spatial_scale=1.0, "
                                     "position_sensitive=True)", {'rtol': 1e-5, 'atol': 1e-5}),
    ('roi_align_large_region', "nd.contrib.ROIAlign(" + FMAP + ", nd.array([[0, -10, -8, 30, 25]]), pooled_size=(2, 2), "
                               "spatial_scale=1.0)", {'rtol': 1e-5, 'atol': 1e-5}),
    ('roi_align_float64', "nd.contrib.ROIAlign(" + FMAP + ".astype('float64'), " + ROIS + ".astype('float64'), "
                          "pooled_size=(2, 2), spatial_scale=1.0)", {'rtol': 1e-5, 'atol': 1e-6}),
    ('roi_align_grad', _grad("x = " + FMAP, "nd.contrib.ROIAlign(x, " + ROIS + ", pooled_size=(2, 2), spatial_scale=1.0)",
                             'x'), {'rtol': 1e-4, 'atol': 1e-5}),
    ('roi_align_grad_sensitive', _grad("x = " + FMAP, "nd.contrib.ROIAlign(x, " + ROIS + ", pooled_size=(2, 2), "
                                       "spatial_scale=0.7, sample_ratio=3, position_sensitive=True)", 'x'),
     {'rtol': 1e-4, 'atol': 1e-5}),
    ('roi_align_missing_pooled', "nd.contrib.ROIAlign(" + FMAP + ", " + ROIS + ", spatial_scale=1.0)"),
    ('roi_align_bad_scale', "nd.contrib.ROIAlign(" + FMAP + ", " + ROIS + ", pooled_size=(2, 2), spatial_scale=2.0)"),
    ('roi_align_bad_rois', "nd.contrib.ROIAlign(" + FMAP + ", nd.zeros((2, 3)), pooled_size=(2, 2), spatial_scale=1.0)"),
    ('roi_align_bad_data', "nd.contrib.ROIAlign(nd.zeros((2, 3, 4)), " + ROIS + ", pooled_size=(2, 2), spatial_scale=1.0)"),
    ('rroi_align', "nd.contrib.RROIAlign(" + FMAP + ", " + RROIS + ", pooled_size=(2, 3), spatial_scale=1.0)",
     {'rtol': 1e-5, 'atol': 1e-5}),
    ('rroi_align_ratio', "nd.contrib.RROIAlign(" + FMAP + ", " + RROIS + ", pooled_size=(2, 2), spatial_scale=0.6, "
                         "sampling_ratio=2)", {'rtol': 1e-5, 'atol': 1e-5}),
    ('rroi_align_bad_rois', "nd.contrib.RROIAlign(" + FMAP + ", " + ROIS + ", pooled_size=(2, 2), spatial_scale=1.0)"),
    ('psroi_pooling', "nd.contrib.PSROIPooling(" + PS_MAP + ", " + PS_ROIS + ", spatial_scale=1.0, output_dim=2, "
                      "pooled_size=3)", {'rtol': 1e-5, 'atol': 1e-6}),
    ('psroi_pooling_group', "nd.contrib.PSROIPooling(" + PS_MAP + "[:, :8], " + PS_ROIS + ", spatial_scale=0.5, output_dim=2, "
                            "pooled_size=3, group_size=2)", {'rtol': 1e-5, 'atol': 1e-6}),
    ('psroi_pooling_grad', _grad("x = " + PS_MAP, "nd.contrib.PSROIPooling(x, " + PS_ROIS + ", spatial_scale=1.0, "
                                 "output_dim=2, pooled_size=3)", 'x'), {'rtol': 1e-5, 'atol': 1e-6}),
    ('psroi_pooling_bad_rois', "nd.contrib.PSROIPooling(" + PS_MAP + ", nd.zeros((2, 4)), spatial_scale=1.0, output_dim=2, "
                               "pooled_size=3)"),
    ('deformable_psroi_no_trans', "nd.contrib.DeformablePSROIPooling(" + PS_MAP + ", " + PS_ROIS + ", spatial_scale=1.0, "
                                  "output_dim=2, group_size=3, pooled_size=3, sample_per_part=2, no_trans=True)",
     {'rtol': 1e-5, 'atol': 1e-5}),
    ('deformable_psroi_trans', "nd.contrib.DeformablePSROIPooling(" + PS_MAP + ", " + PS_ROIS + ", " + TRANS + ", "
                               "spatial_scale=0.8, output_dim=2, group_size=3, pooled_size=3, sample_per_part=2, "
                               "trans_std=0.1)", {'rtol': 1e-5, 'atol': 1e-5}),
    ('deformable_psroi_one_class', "nd.contrib.DeformablePSROIPooling(" + PS_MAP + ", " + PS_ROIS + ", " + TRANS + "[:, :2], "
                                   "spatial_scale=1.0, output_dim=2, group_size=3, pooled_size=3, part_size=3, "
                                   "trans_std=0.2)", {'rtol': 1e-5, 'atol': 1e-5}),
    ('deformable_psroi_grads', _grad("x = " + PS_MAP + "\nt = " + TRANS, "nd.contrib.DeformablePSROIPooling(x, " + PS_ROIS +
                                     ", t, spatial_scale=0.8, output_dim=2, group_size=3, pooled_size=3, sample_per_part=2, "
                                     "trans_std=0.1)", 'x', 't'), {'rtol': 1e-4, 'atol': 1e-5}),
    ('deformable_psroi_bad_trans_std', "nd.contrib.DeformablePSROIPooling(" + PS_MAP + ", " + PS_ROIS + ", spatial_scale=1.0, "
                                       "output_dim=2, group_size=3, pooled_size=3, no_trans=True, trans_std=2)"),
    # Proposal / MultiProposal
    ('proposal', RPN + "result = nd.contrib.Proposal(cls_prob[:1], bbox_pred[:1], im_info[:1], feature_stride=16, "
                 "scales=(2, 4), ratios=(0.5, 1, 2), rpn_pre_nms_top_n=40, rpn_post_nms_top_n=12, threshold=0.5, "
                 "rpn_min_size=8, output_score=True)", {'rtol': 1e-5, 'atol': 1e-4}),
    ('proposal_defaults_repeat', RPN + "result = nd.contrib.Proposal(cls_prob[:1], bbox_pred[:1], im_info[:1], "
                                 "scales=(2, 4), ratios=(0.5, 1, 2), rpn_post_nms_top_n=200)", {'rtol': 1e-5, 'atol': 1e-4}),
    ('proposal_iou_loss', RPN + "result = nd.contrib.Proposal(cls_prob[:1], bbox_pred[:1] * 10, im_info[:1], "
                          "scales=(2, 4), ratios=(0.5, 1, 2), rpn_post_nms_top_n=20, iou_loss=True, output_score=True)",
     {'rtol': 1e-5, 'atol': 1e-4}),
    ('multi_proposal', RPN + "result = nd.contrib.MultiProposal(cls_prob, bbox_pred, im_info, scales=(2, 4), "
                       "ratios=(0.5, 1, 2), rpn_pre_nms_top_n=50, rpn_post_nms_top_n=15, threshold=0.6, "
                       "feature_stride=16, output_score=True)", {'rtol': 1e-5, 'atol': 1e-4}),
    ('multi_proposal_min_size', RPN + "result = nd.contrib.MultiProposal(cls_prob, bbox_pred, im_info, scales=(2, 4), "
                                "ratios=(0.5, 1, 2), rpn_min_size=40, rpn_post_nms_top_n=10)", {'rtol': 1e-5, 'atol': 1e-4}),
    ('proposal_grad_zero', _grad(RPN + "c = cls_prob[:1]", "nd.contrib.Proposal(c, bbox_pred[:1], im_info[:1], scales=(2, 4), "
                                 "ratios=(0.5, 1, 2), rpn_post_nms_top_n=5)", 'c')),
    ('proposal_batch_two', RPN + "result = nd.contrib.Proposal(cls_prob, bbox_pred, im_info, scales=(2, 4), ratios=(0.5, 1, 2))"),
    ('proposal_anchor_mismatch', RPN + "result = nd.contrib.Proposal(cls_prob[:1], bbox_pred[:1], im_info[:1])"),
    ('proposal_float64', RPN + "result = nd.contrib.MultiProposal(cls_prob.astype('float64'), bbox_pred, im_info, "
                         "scales=(2, 4), ratios=(0.5, 1, 2))"),
]
