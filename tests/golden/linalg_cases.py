"""dot, batch_dot, khatri_rao and mx.nd.linalg: shapes, values, dtype rules, errors, and MXNet's gradients
(computed by the reference's autograd with a fixed head gradient, in float64)."""
M = "nd.arange(1, 10).reshape((3, 3))"
SPD = "nd.array([[4, 1, 0.5], [1, 3, 0.2], [0.5, 0.2, 2]])"
L = "nd.array([[2, 0, 0], [1, 3, 0], [0.5, 1, 4]])"
LA = "nd.linalg."


def grad_case(fn, *inputs):
    """Statements computing fn(*inputs) (float64) under autograd with head gradients 0.5..1.5, leaving
    [outputs..., gradients of inputs...] in `result`."""
    return '\n'.join([
        "xs = [nd.array(v, dtype='float64') for v in {}]".format(list(inputs)),
        "for x in xs:\n    x.attach_grad()",
        "with autograd.record():\n    out = ({})(*xs)".format(fn),
        "outs = list(out) if isinstance(out, (list, tuple)) else [out]",
        "heads = [nd.array(np.linspace(0.5, 1.5, o.size).reshape(o.shape), dtype='float64') for o in outs]",
        "autograd.backward(outs, heads)",
        "result = outs + [x.grad for x in xs]",
    ])


SPD_V = [[4, 1, 0.5], [1, 3, 0.2], [0.5, 0.2, 2]]
SPD2_V = [[[4, 1, 0.5], [1, 3, 0.2], [0.5, 0.2, 2]], [[2, 0.3, 0.1], [0.3, 5, 1], [0.1, 1, 3]]]
L_V = [[2, 0, 0], [1, 3, 0], [0.5, 1, 4]]
M_V = [[1, 2, 3], [4, 5, 6], [7, 8, 10]]
R23 = [[1, -2, 3], [0.5, 4, -1]]
R34 = [[1, 0, 2, -1], [0.5, 1, -3, 2], [2, 1, 0, 1]]

CASES = [
    # ---- dot ----------------------------------------------------------------------------------------
    ('dot_vectors', "nd.dot(nd.array([1, 2, 3]), nd.array([4, 5, 6]))"),
    ('dot_vectors_mismatch', "nd.dot(nd.array([1, 2, 3]), nd.array([4, 5]))"),
    ('dot_vectors_transpose_error', "nd.dot(nd.ones((3,)), nd.ones((3,)), transpose_a=True)"),
    ('dot_matrix_vector', "nd.dot(nd.arange(6).reshape((2, 3)), nd.array([1, 2, 3]))"),
    ('dot_vector_matrix', "nd.dot(nd.array([1, 2]), nd.arange(6).reshape((2, 3)))"),
    ('dot_matrices', "nd.dot(nd.arange(6).reshape((2, 3)), nd.arange(12).reshape((3, 4)))"),
    ('dot_transpose_a', "nd.dot(nd.arange(6).reshape((2, 3)), nd.arange(6).reshape((2, 3)), transpose_a=True)"),
    ('dot_transpose_b', "nd.dot(nd.arange(6).reshape((2, 3)), nd.arange(6).reshape((2, 3)), transpose_b=True)"),
    ('dot_transpose_both', "nd.dot(nd.arange(12).reshape((3, 4)), nd.arange(6).reshape((2, 3)), "
                           "transpose_a=True, transpose_b=True)"),
    ('dot_nd', "nd.dot(nd.arange(24).reshape((2, 3, 4)), nd.arange(120).reshape((4, 5, 6)))"),
    ('dot_nd_transpose_a', "nd.dot(nd.arange(24).reshape((2, 3, 4)), nd.arange(60).reshape((2, 5, 6)), "
                           "transpose_a=True)"),
    ('dot_nd_transpose_b', "nd.dot(nd.arange(24).reshape((2, 3, 4)), nd.arange(120).reshape((5, 6, 4)), "
                           "transpose_b=True)"),
    ('dot_nd_transpose_both', "nd.dot(nd.arange(24).reshape((2, 3, 4)), nd.arange(60).reshape((6, 5, 2)), "
                              "transpose_a=True, transpose_b=True)"),
    ('dot_nd_vector', "nd.dot(nd.arange(24).reshape((2, 3, 4)), nd.array([1, 2, 3, 4]))"),
    ('dot_vector_nd', "nd.dot(nd.array([1, 2, 3, 4]), nd.arange(120).reshape((4, 5, 6)))"),
    ('dot_vector_transpose_a_ignored', "nd.dot(nd.array([1, 2, 3]), nd.arange(12).reshape((3, 4)), transpose_a=True)"),
    ('dot_vector_transpose_b_ignored', "nd.dot(nd.arange(6).reshape((2, 3)), nd.array([1, 2, 3]), transpose_b=True)"),
    ('dot_transpose_a_vector', "nd.dot(nd.arange(6).reshape((3, 2)), nd.array([1, 2, 3]), transpose_a=True)"),
    ('dot_float64', "nd.dot(nd.array([[1, 2], [3, 4]], dtype='float64'), nd.array([[1], [2]], dtype='float64'))"),
    ('dot_shape_error', "nd.dot(nd.ones((2, 3)), nd.ones((2, 3)))"),
    ('dot_nd_shape_error', "nd.dot(nd.ones((2, 3, 4)), nd.ones((3, 4)))"),
    ('dot_int32_error', "nd.dot(nd.ones((2, 3), dtype='int32'), nd.ones((3, 2), dtype='int32'))"),
    ('dot_float16_cpu_error', "nd.dot(nd.ones((2, 3), dtype='float16'), nd.ones((3, 2), dtype='float16'))"),
    ('dot_mixed_dtype_error', "nd.dot(nd.ones((2, 3), dtype='float64'), nd.ones((3, 2)))"),
    ('dot_forward_stype', "nd.dot(nd.ones((2, 3)), nd.ones((3, 2)), forward_stype='default')"),
    ('dot_out', "o = nd.zeros((2, 2))\nr = nd.dot(nd.ones((2, 3)), nd.ones((3, 2)), out=o)\nresult = [o, r is o]"),
    ('dot_grad', grad_case("nd.dot", R23, R34)),
    ('dot_grad_transposes', grad_case("lambda a, b: nd.dot(a, b, transpose_a=True, transpose_b=True)",
                                      [[1, 2], [3, 4], [5, 6]], [[1, 0, 2], [3, 1, 1]])),
    ('dot_grad_nd', grad_case("nd.dot", [[[1, 2], [3, 4]], [[0, 1], [1, 0]]], [[1, 2, 3], [4, 5, 6]])),
    ('dot_grad_vectors', grad_case("nd.dot", [1, 2, 3], [4, 5, 6])),
    # ---- batch_dot ----------------------------------------------------------------------------------
    ('batch_dot', "nd.batch_dot(nd.arange(24).reshape((2, 3, 4)), nd.arange(40).reshape((2, 4, 5)))"),
    ('batch_dot_transpose_a', "nd.batch_dot(nd.arange(24).reshape((2, 4, 3)), nd.arange(40).reshape((2, 4, 5)), "
                              "transpose_a=True)"),
    ('batch_dot_transpose_b', "nd.batch_dot(nd.arange(24).reshape((2, 3, 4)), nd.arange(40).reshape((2, 5, 4)), "
                              "transpose_b=True)"),
    ('batch_dot_4d', "nd.batch_dot(nd.arange(48).reshape((2, 2, 3, 4)), nd.arange(80).reshape((2, 2, 4, 5)))"),
    ('batch_dot_batch_mismatch', "nd.batch_dot(nd.ones((2, 3, 4)), nd.ones((3, 4, 5)))"),
    ('batch_dot_inner_mismatch', "nd.batch_dot(nd.ones((2, 3, 4)), nd.ones((2, 5, 5)))"),
    ('batch_dot_2d_error', "nd.batch_dot(nd.ones((3, 4)), nd.ones((4, 5)))"),
    ('batch_dot_ndim_mismatch', "nd.batch_dot(nd.ones((2, 2, 3, 4)), nd.ones((2, 4, 5)))"),
    ('batch_dot_int_error', "nd.batch_dot(nd.ones((2, 3, 4), dtype='int32'), nd.ones((2, 4, 5), dtype='int32'))"),
    ('batch_dot_grad', grad_case("lambda a, b: nd.batch_dot(a, b, transpose_b=True)",
                                 [[[1, 2], [3, 4]], [[0, 1], [2, -1]]], [[[1, 0], [2, 1], [0, 3]], [[1, 1], [0, 2], [1, 0]]])),
    # ---- khatri_rao ---------------------------------------------------------------------------------
    ('khatri_rao', "nd.khatri_rao(nd.array([[1, 2], [3, 4]]), nd.array([[1, 2], [3, 4], [5, 6]]))"),
    ('khatri_rao_one', "nd.khatri_rao(nd.array([[1, 2], [3, 4]]))"),
    ('khatri_rao_three', "nd.khatri_rao(nd.array([[1, 2], [3, 4]]), nd.array([[1, 2]]), nd.array([[2, 3], [1, 1]]))"),
    ('khatri_rao_columns_error', "nd.khatri_rao(nd.array([[1, 2], [3, 4]]), nd.array([[1, 2, 3]]))"),
    ('khatri_rao_vector_error', "nd.khatri_rao(nd.array([1, 2]), nd.array([3, 4]))"),
    ('khatri_rao_none_error', "nd.khatri_rao()"),
    ('khatri_rao_int_error', "nd.khatri_rao(nd.array([[1, 2]], dtype='int32'), nd.array([[1, 2]], dtype='int32'))"),
    # ---- gemm, gemm2 --------------------------------------------------------------------------------
    ('gemm', LA + "gemm(nd.array(%s), nd.array(%s), nd.ones((2, 4)), alpha=2, beta=3)" % (R23, R34)),
    ('gemm_transposes', LA + "gemm(nd.array(%s), nd.array(%s), nd.ones((3, 3)), transpose_a=True, transpose_b=True, "
                             "alpha=0.5, beta=-1)" % (R23, [[1, 2], [3, 4], [5, 6]])),
    ('gemm_batch', LA + "gemm(nd.arange(12).reshape((2, 2, 3)), nd.arange(12).reshape((2, 3, 2)), "
                        "nd.ones((2, 2, 2)))"),
    ('gemm_axis', LA + "gemm(nd.arange(24).reshape((2, 3, 4)), nd.arange(24).reshape((4, 3, 2)), "
                       "nd.ones((2, 3, 2)), axis=0)"),
    ('gemm_c_shape_error', LA + "gemm(nd.ones((2, 3)), nd.ones((3, 4)), nd.ones((2, 5)))"),
    ('gemm2', LA + "gemm2(nd.array(%s), nd.array(%s))" % (R23, R34)),
    ('gemm2_transpose_alpha', LA + "gemm2(nd.ones((2, 3)), nd.arange(12).reshape((4, 3)), transpose_b=True, alpha=0.5)"),
    ('gemm2_batch', LA + "gemm2(nd.arange(12).reshape((2, 2, 3)), nd.arange(24).reshape((2, 3, 4)))"),
    ('gemm2_axis0', LA + "gemm2(nd.arange(24).reshape((2, 3, 4)), nd.arange(24).reshape((4, 3, 2)), axis=0)"),
    ('gemm2_axis1_4d', LA + "gemm2(nd.arange(120).reshape((2, 3, 4, 5)), nd.arange(144).reshape((2, 3, 4, 6)), "
                            "axis=1, transpose_a=True)"),
    ('gemm2_axis_mismatch', LA + "gemm2(nd.ones((2, 3, 4, 5)), nd.ones((2, 4, 4, 6)), axis=1)"),
    ('gemm2_batch_mismatch', LA + "gemm2(nd.ones((2, 2, 3)), nd.ones((3, 3, 4)))"),
    ('gemm2_vector_error', LA + "gemm2(nd.ones((3,)), nd.ones((3,)))"),
    ('gemm2_int_error', LA + "gemm2(nd.ones((2, 3), dtype='int32'), nd.ones((3, 4), dtype='int32'))"),
    ('gemm2_float16_error', LA + "gemm2(nd.ones((2, 3), dtype='float16'), nd.ones((3, 4), dtype='float16'))"),
    ('gemm2_float64', LA + "gemm2(nd.ones((2, 3), dtype='float64'), nd.ones((3, 4), dtype='float64'))"),
    ('gemm2_mixed_dtype_error', LA + "gemm2(nd.ones((2, 3), dtype='float64'), nd.ones((3, 4)))"),
    ('linalg_gemm2_top_level', "nd.linalg_gemm2(nd.ones((2, 3)), nd.ones((3, 4)))"),
    ('linalg_gemm_top_level', "nd.linalg_gemm(nd.ones((2, 3)), nd.ones((3, 4)), nd.ones((2, 4)), beta=2)"),
    ('gemm_grad', grad_case("lambda a, b, c: nd.linalg.gemm(a, b, c, transpose_a=True, alpha=2, beta=-0.5)",
                            [[1, 2], [3, 4], [0, 1]], [[1, 0, 2, -1], [0.5, 1, -3, 2], [2, 1, 0, 1]],
                            [[1, 2, 3, 4], [0, 1, 0, 1]])),
    ('gemm2_grad_axis', grad_case("lambda a, b: nd.linalg.gemm2(a, b, axis=0, transpose_b=True, alpha=1.5)",
                                  [[[1, 2, 3]], [[0, 1, -1]]], [[[1, 0, 2]], [[2, 1, 1]], [[0, 1, 3]]])),
    # ---- potrf, potri -------------------------------------------------------------------------------
    ('potrf', LA + "potrf(" + SPD + ")"),
    ('potrf_batch', LA + "potrf(nd.array(%s))" % SPD2_V),
    ('potrf_reads_lower_triangle', LA + "potrf(nd.array([[4, 100], [1, 4]]))"),
    ('potrf_upper', LA + "potrf(nd.array([[4, 1], [100, 4]]), lower=False)"),
    ('potrf_not_pd_error', LA + "potrf(nd.array([[1, 2], [2, 1]]))"),
    ('potrf_not_square_error', LA + "potrf(nd.ones((2, 3)))"),
    ('potrf_float16_error', LA + "potrf(nd.ones((2, 2), dtype='float16'))"),
    ('potri', LA + "potri(" + L + ")"),
    ('potri_reads_lower_triangle', LA + "potri(nd.array([[2, 5], [1, 3]]))"),
    ('potri_upper', LA + "potri(nd.array([[2, 1], [5, 3]]), lower=False)"),
    ('potri_zero_diagonal_error', LA + "potri(nd.array([[0., 0], [1, 3]]))"),
    ('potrf_grad', grad_case("nd.linalg.potrf", SPD_V)),
    ('potrf_grad_batch', grad_case("nd.linalg.potrf", SPD2_V)),
    ('potrf_grad_upper', grad_case("lambda a: nd.linalg.potrf(a, lower=False)", SPD_V)),
    ('potri_grad', grad_case("nd.linalg.potri", [[2, 7, 9], [1, 3, 8], [0.5, 1, 4]])),
    ('potri_grad_upper', grad_case("lambda a: nd.linalg.potri(a, lower=False)", [[2, 1, 0.5], [7, 3, 1], [9, 8, 4]])),
    # ---- trmm, trsm, syrk ---------------------------------------------------------------------------
    ('trmm', LA + "trmm(" + L + ", nd.ones((3, 2)))"),
    ('trmm_rightside', LA + "trmm(" + M + ", nd.ones((2, 3)), rightside=True)"),
    ('trmm_transpose_alpha', LA + "trmm(" + M + ", nd.ones((3, 2)), transpose=True, alpha=2)"),
    ('trmm_upper', LA + "trmm(" + M + ", nd.ones((3, 2)), lower=False)"),
    ('trmm_upper_transpose_rightside', LA + "trmm(" + M + ", nd.arange(6).reshape((2, 3)), lower=False, "
                                            "transpose=True, rightside=True)"),
    ('trmm_shape_error', LA + "trmm(" + M + ", nd.ones((2, 2)))"),
    ('trsm', LA + "trsm(" + M + ", nd.ones((3, 2)))"),
    ('trsm_rightside_transpose', LA + "trsm(" + M + ", nd.ones((2, 3)), rightside=True, transpose=True, alpha=2)"),
    ('trsm_upper', LA + "trsm(" + M + ", nd.ones((3, 2)), lower=False)"),
    ('trsm_upper_transpose', LA + "trsm(" + M + ", nd.arange(6).reshape((3, 2)), lower=False, transpose=True)"),
    ('trsm_batch', LA + "trsm(nd.array([[[1, 0], [1, 1]], [[2, 0], [1, 1]]]), nd.arange(12).reshape((2, 2, 3)), "
                        "alpha=0.5)"),
    ('trsm_batch_mismatch', LA + "trsm(nd.ones((2, 2, 2)), nd.ones((3, 2, 3)))"),
    ('syrk', LA + "syrk(nd.arange(6).reshape((2, 3)))"),
    ('syrk_transpose_alpha', LA + "syrk(nd.arange(6).reshape((2, 3)), transpose=True, alpha=2)"),
    ('syrk_batch', LA + "syrk(nd.arange(12).reshape((2, 2, 3)))"),
    ('trmm_grad', grad_case("lambda a, b: nd.linalg.trmm(a, b, alpha=2)", M_V, R34)),
    ('trmm_grad_upper_right_transpose', grad_case(
        "lambda a, b: nd.linalg.trmm(a, b, lower=False, rightside=True, transpose=True)", M_V, R23)),
    ('trsm_grad', grad_case("lambda a, b: nd.linalg.trsm(a, b, alpha=0.5)", M_V, R34)),
    ('trsm_grad_upper_right_transpose', grad_case(
        "lambda a, b: nd.linalg.trsm(a, b, lower=False, rightside=True, transpose=True)", M_V, R23)),
    ('syrk_grad', grad_case("lambda a: nd.linalg.syrk(a, alpha=1.5)", R23)),
    ('syrk_grad_transpose', grad_case("lambda a: nd.linalg.syrk(a, transpose=True)", R23)),
    # ---- gelqf, syevd -------------------------------------------------------------------------------
    ('gelqf', LA + "gelqf(nd.array([[1, 2, 3], [4, 5, 6.]]))"),
    ('gelqf_square', LA + "gelqf(nd.array([[1, 2], [3, 4.]]))"),
    ('gelqf_batch', LA + "gelqf(nd.array([[[1, 2, 3], [4, 5, 6]], [[2, 0, 1], [1, 1, 1]]]))"),
    ('gelqf_tall_error', LA + "gelqf(nd.array([[1, 2], [3, 4], [5, 6.]]))"),
    ('gelqf_grad', grad_case("nd.linalg.gelqf", [[1, 2, 3], [4, 5, 7]])),
    ('syevd', LA + "syevd(" + SPD + ")"),
    ('syevd_nonsymmetric_reads_lower', LA + "syevd(" + M + ")"),
    ('syevd_batch', LA + "syevd(nd.array(%s))" % SPD2_V),
    ('syevd_not_square_error', LA + "syevd(nd.ones((2, 3)))"),
    ('syevd_grad', grad_case("nd.linalg.syevd", SPD_V), {'atol': 1e-5, 'rtol': 1e-4}),
    # ---- sumlogdiag, diagonals, triangles -----------------------------------------------------------
    ('sumlogdiag', LA + "sumlogdiag(" + SPD + ")"),
    ('sumlogdiag_batch', LA + "sumlogdiag(nd.array(%s))" % SPD2_V),
    ('sumlogdiag_negative', LA + "sumlogdiag(nd.array([[-1., 0], [0, 1]]))"),
    ('sumlogdiag_not_square_error', LA + "sumlogdiag(nd.ones((2, 3)))"),
    ('sumlogdiag_grad', grad_case("nd.linalg.sumlogdiag", SPD2_V)),
    ('extractdiag', LA + "extractdiag(" + M + ")"),
    ('extractdiag_offset', LA + "extractdiag(" + M + ", offset=1)"),
    ('extractdiag_negative_offset', LA + "extractdiag(" + M + ", offset=-2)"),
    ('extractdiag_batch', LA + "extractdiag(nd.arange(18).reshape((2, 3, 3)), offset=-1)"),
    ('extractdiag_offset_error', LA + "extractdiag(" + M + ", offset=3)"),
    ('extractdiag_not_square_error', LA + "extractdiag(nd.ones((2, 3)))"),
    ('extractdiag_grad', grad_case("lambda a: nd.linalg.extractdiag(a, offset=1)", M_V)),
    ('makediag', LA + "makediag(nd.array([1, 2, 3]))"),
    ('makediag_offset', LA + "makediag(nd.array([1, 2]), offset=1)"),
    ('makediag_negative_offset', LA + "makediag(nd.array([1, 2]), offset=-1)"),
    ('makediag_batch', LA + "makediag(nd.array([[1, 2], [3, 4]]))"),
    ('makediag_grad', grad_case("lambda a: nd.linalg.makediag(a, offset=-1)", [[1, 2], [3, 4]])),
    ('extracttrian', LA + "extracttrian(" + M + ")"),
    ('extracttrian_upper', LA + "extracttrian(" + M + ", lower=False)"),
    ('extracttrian_offset', LA + "extracttrian(nd.arange(16).reshape((4, 4)), offset=1)"),
    ('extracttrian_negative_offset', LA + "extracttrian(nd.arange(16).reshape((4, 4)), offset=-1)"),
    ('extracttrian_negative_offset_upper_flag', LA + "extracttrian(" + M + ", offset=-1, lower=False)"),
    ('extracttrian_upper_4x4', LA + "extracttrian(nd.arange(16).reshape((4, 4)), lower=False)"),
    ('extracttrian_batch', LA + "extracttrian(nd.arange(18).reshape((2, 3, 3)))"),
    ('extracttrian_offset_error', LA + "extracttrian(" + M + ", offset=3)"),
    ('extracttrian_grad', grad_case("lambda a: nd.linalg.extracttrian(a, offset=1)", M_V)),
    ('maketrian', LA + "maketrian(nd.array([1, 2, 3, 4, 5, 6]))"),
    ('maketrian_upper', LA + "maketrian(nd.array([1, 2, 3, 4, 5, 6]), lower=False)"),
    ('maketrian_offset', LA + "maketrian(nd.array([1, 2, 3, 4, 5, 6]), offset=1)"),
    ('maketrian_negative_offset', LA + "maketrian(nd.array([1, 2, 3]), offset=-2)"),
    ('maketrian_batch', LA + "maketrian(nd.array([[1, 2, 3], [4, 5, 6]]), lower=False)"),
    ('maketrian_size_error', LA + "maketrian(nd.array([1, 2, 3, 4, 5]))"),
    ('maketrian_grad', grad_case("lambda a: nd.linalg.maketrian(a, lower=False)", [1, 2, 3, 4, 5, 6])),
    # ---- inverse, det, slogdet ----------------------------------------------------------------------
    ('inverse', LA + "inverse(" + SPD + ")"),
    ('inverse_batch', LA + "inverse(nd.array(%s))" % SPD2_V),
    ('inverse_singular_error', LA + "inverse(nd.ones((2, 2)))"),
    ('inverse_not_square_error', LA + "inverse(nd.ones((2, 3)))"),
    ('det', LA + "det(" + SPD + ")"),
    ('det_batch', LA + "det(nd.array(%s))" % SPD2_V),
    ('det_singular', LA + "det(nd.ones((2, 2)))"),
    ('det_int_error', LA + "det(nd.ones((2, 2), dtype='int32'))"),
    ('slogdet', LA + "slogdet(nd.array(" + str(M_V) + "))"),
    ('slogdet_singular', LA + "slogdet(nd.ones((2, 2)))"),
    ('slogdet_negative', LA + "slogdet(nd.array([[0, 1], [1, 0.]]))"),
    ('slogdet_batch', LA + "slogdet(nd.array(%s))" % SPD2_V),
    ('inverse_grad', grad_case("nd.linalg.inverse", M_V)),
    ('det_grad', grad_case("nd.linalg.det", M_V)),
    ('det_grad_batch', grad_case("nd.linalg.det", SPD2_V)),
    ('det_grad_singular_is_zero', grad_case("nd.linalg.det", [[1, 2], [2, 4]])),
    ('slogdet_grad', grad_case("lambda a: nd.linalg.slogdet(a)[1]", M_V)),
    ('slogdet_grad_singular_is_zero', grad_case("lambda a: nd.linalg.slogdet(a)[1]", [[1, 2], [2, 4]])),
    ('linalg_top_level_names', "[nd.linalg_det(" + SPD + "), nd.linalg_potrf(" + SPD + "), "
                               "nd.linalg_sumlogdiag(" + SPD + "), nd.linalg_inverse(" + SPD + ")]"),
]
