"""Smaller operators of mx.nd and mx.nd.contrib: moments, _histogram, ravel/unravel, cumsum, all_finite and
the multi_* helpers, AMP casts, the _v1 and KL-regularisation operators, allclose, quadratic,
gradientmultiplier, the straight-through estimators, hawkesll, SyncBatchNorm, BatchNormWithReLU,
SparseEmbedding, backward_gradientmultiplier, the transformer kernels (values, gradients, bad input).

amp_cast and amp_multicast to or from types other than float32 fail inside MXNet 1.9.1's oneDNN kernels,
and SparseEmbedding's row_sparse gradient fails on its CPU: those are checked in tests/test_ops_contrib.py.

MXNet 1.9.1 computes fft, ifft and count_sketch on GPUs only (MXNetError on the CPU); mxtorch computes them
everywhere, so they are checked against numpy in tests/test_ops_contrib.py; so are backward_quadratic,
backward_index_copy and backward_hawkesll, whose arrays MXNet's generated functions cannot pass."""

X = "nd.array([[1., 2, 3], [4, 5, 6]])"
R = "nd.array(np.random.RandomState(0).uniform(-1, 1, (3, 4, 5)))"
QKV = "nd.array(np.random.RandomState(1).uniform(-1, 1, (4, 2, 2 * 3 * 5)))"
Q = "nd.array(np.random.RandomState(2).uniform(-1, 1, (3, 2, 2 * 5)))"
KV = "nd.array(np.random.RandomState(3).uniform(-1, 1, (4, 2, 2 * 2 * 5)))"
ATT = "nd.softmax(nd.array(np.random.RandomState(4).uniform(-1, 1, (4, 4, 4))))"
ATT2 = "nd.softmax(nd.array(np.random.RandomState(5).uniform(-1, 1, (4, 3, 4))))"
HAWKES = """
N, T, K = 3, 4, 2
lda = nd.array([[1.5, 2.0], [1.0, 0.5], [2.0, 1.0]])
alpha = nd.array([0.2, 0.3])
beta = nd.array([1.0, 2.0])
state = nd.array([[0.1, 0.0], [0.0, 0.3], [0.2, 0.2]])
lags = nd.array([[0.5, 0.7, 0.2, 0.9], [0.3, 0.4, 1.2, 0.1], [1.0, 0.2, 0.3, 0.6]])
marks = nd.array([[0, 1, 0, 1], [1, 1, 0, 0], [0, 0, 1, 0]], dtype='int32')
valid_length = nd.array([4, 2, 3])
max_time = nd.array([3.0, 2.5, 4.0])
"""
BN = ("x = nd.array(np.random.RandomState(6).uniform(-1, 2, (3, 2, 2, 2)))\ng = nd.array([1., 2])\n"
      "b = nd.array([0., 1])\nmm = nd.array([0.1, -0.2])\nmv = nd.array([1., 0.5])\n")


def _grad(setup, expr, *names):
    lines = [setup] + [n + '.attach_grad()' for n in names]
    lines.append('with autograd.record():\n    out = ' + expr)
    lines.append('out.backward(nd.array(np.random.RandomState(1).uniform(0.5, 1.5, out.shape), dtype=out.dtype))')
    lines.append('result = [out] + [v.grad for v in (' + ', '.join(names) + ',)]')
    return '\n'.join(lines)


CASES = [
    # moments
    ('moments_axis0', "nd.moments(" + X + ", axes=(0,))"),
    ('moments_all', "nd.moments(" + X + ", axes=(0, 1))"),
    ('moments_keepdims', "nd.moments(" + X + ", axes=(1,), keepdims=True)"),
    ('moments_3d', "nd.moments(" + R + ", axes=(0, 2))", {'rtol': 1e-5, 'atol': 1e-6}),
    ('moments_grad', _grad("x = " + R, "nd.moments(x, axes=(1,))[1]", 'x'), {'rtol': 1e-5, 'atol': 1e-6}),
    ('moments_no_axes', "nd.moments(" + X + ")"),
    ('moments_bad_axis', "nd.moments(" + X + ", axes=(2,))"),
    # _histogram
    ('histogram_edges', "nd._internal._histogram(nd.array([1, 2, 2, 3, 7, 8, -1]), nd.array([0, 2, 5, 8]))"),
    ('histogram_count_range', "nd._internal._histogram(nd.array([1, 2, 2, 3, 7, 4, 0]), bin_cnt=4, range=(0, 4))"),
    ('histogram_float64', "nd._internal._histogram(nd.array([0.5, 1.5, 2.5], dtype='float64'), bin_cnt=2, "
                          "range=(0, 3))"),
    # ravel / unravel
    ('ravel', "nd.ravel_multi_index(nd.array([[3, 6, 6], [4, 5, 1]]), shape=(7, 6))"),
    ('ravel_unknown_first', "nd.ravel_multi_index(nd.array([[3, 6, 6], [4, 5, 1]]), shape=(-1, 6))"),
    ('ravel_int', "nd.ravel_multi_index(nd.array([[3, 6, 6], [4, 5, 1], [0, 1, 2]], dtype='int32'), shape=(7, 6, 3))"),
    ('ravel_internal', "nd._internal._ravel_multi_index(nd.array([[1, 2], [0, 1]]), shape=(3, 3))"),
    ('unravel', "nd.unravel_index(nd.array([22, 41, 37]), shape=(7, 6))"),
    ('unravel_unknown_first', "nd.unravel_index(nd.array([22, 41, 37]), shape=(-1, 6))"),
    ('unravel_int_3d', "nd.unravel_index(nd.array([5, 17, 40], dtype='int64'), shape=(4, 3, 4))"),
    ('unravel_internal', "nd._internal._unravel_index(nd.array([4, 8]), shape=(3, 3))"),
    # cumsum
    ('cumsum_flat', "nd.cumsum(" + X + ")"),
    ('cumsum_axis', "nd.cumsum(" + X + ", axis=1)"),
    ('cumsum_axis_1', "nd.cumsum(" + R + ", axis=1)", {'rtol': 1e-5, 'atol': 1e-6}),
    ('cumsum_negative_axis', "nd.cumsum(" + R + ", axis=-2)"),
    ('cumsum_int32', "nd.cumsum(nd.array([[1, 2], [3, 4]], dtype='int32'), axis=0)"),
    ('cumsum_dtype', "nd.cumsum(nd.array([1, 2, 3.5]), dtype='float64')"),
    ('cumsum_grad', _grad("x = " + R, "nd.cumsum(x, axis=2)", 'x')),
    ('cumsum_bad_axis', "nd.cumsum(" + X + ", axis=2)"),
    # finiteness, sums of squares, LARS, reset
    ('all_finite_true', "nd.all_finite(" + X + ")"),
    ('all_finite_inf', "nd.all_finite(nd.array([1, np.inf]))"),
    ('all_finite_nan_float16', "nd.all_finite(nd.array([np.nan, 1], dtype='float16'))"),
    ('all_finite_keeps_zero', "o = nd.zeros((1,))\nnd.all_finite(" + X + ", init_output=False, out=o)\nresult = o"),
    ('all_finite_clears', "o = nd.ones((1,))\nnd.all_finite(nd.array([np.inf]), init_output=False, out=o)\nresult = o"),
    ('multi_all_finite', "nd.multi_all_finite(nd.array([1.]), nd.array([2., 3]), num_arrays=2)"),
    ('multi_all_finite_nan', "nd.multi_all_finite(nd.array([1.]), nd.array([2., np.nan]), nd.ones(2), num_arrays=3)"),
    ('multi_all_finite_wrong_count', "nd.multi_all_finite(nd.array([1.]), nd.array([2.]))"),
    ('multi_sum_sq', "nd.multi_sum_sq(nd.array([1., 2]), nd.array([[3.], [4]]), num_arrays=2)"),
    ('multi_sum_sq_float64', "nd.multi_sum_sq(nd.array([1., 2], dtype='float64'), num_arrays=1)"),
    ('multi_sum_sq_missing_count', "nd.multi_sum_sq(nd.array([1., 2]))"),
    ('multi_lars', "nd.multi_lars(nd.array([0.1, 0.2, 0.3]), nd.array([4., 9, 0]), nd.array([1., 4, 2]), "
                   "nd.array([0.01, 0.02, 0.1]), eta=0.5, eps=1e-3)"),
    ('multi_lars_rescale', "nd.multi_lars(nd.array([0.1, 0.2]), nd.array([4., 9]), nd.array([0., 4]), "
                           "nd.array([0.01, 0.02]), eta=0.5, eps=1e-3, rescale_grad=0.5)"),
    ('multi_lars_missing_eta', "nd.multi_lars(nd.array([0.1]), nd.array([4.]), nd.array([1.]), nd.array([0.01]), eps=1)"),
    ('reset_arrays', "a = nd.ones(3)\nb = nd.ones((2, 2), dtype='float64')\nr = nd.reset_arrays(a, b, num_arrays=2)\n"
                     "result = [r, a, b]"),
    ('reset_arrays_int', "a = nd.ones(2, dtype='int32')\nresult = [nd.reset_arrays(nd.ones(3), a, num_arrays=2), a]"),
    ('reset_arrays_missing_count', "nd.reset_arrays(nd.ones(3))"),
    # AMP casts
    ('amp_cast_float16', "nd.amp_cast(nd.array([1.5, 2.25]), dtype='float16')"),
    ('amp_cast_int_unchanged', "nd.amp_cast(nd.array([1, 2], dtype='int32'), dtype='float16')"),
    ('amp_cast_to_int', "nd.amp_cast(nd.array([1.5, 2.5, 0.5, -1.5, -2.5, 1.4, 1.6, -0.6]), dtype='int32')"),
    ('amp_cast_to_uint8', "nd.amp_cast(nd.array([1.5, 2.5, 0.5, -1.5, 300]), dtype='uint8')"),
    ('amp_cast_grad', _grad("x = nd.array([1.5, 2.25])", "nd.amp_cast(x, dtype='float16')", 'x')),
    ('amp_multicast_with_int', "nd.amp_multicast(nd.array([1.5]), nd.array([2.]), nd.array([2], dtype='int32'), "
                               "num_outputs=3)"),
    ('amp_cast_missing_dtype', "nd.amp_cast(nd.array([1.5]))"),
    ('cast_storage_default', "nd.cast_storage(" + X + ", stype='default')"),
    ('cast_storage_bad', "nd.cast_storage(" + X + ", stype='dense')"),
    # older operators
    ('batchnorm_v1_direct', "nd.BatchNorm_v1(" + X + ", nd.ones(3), nd.zeros(3))"),
    ('convolution_v1', "nd.Convolution_v1(" + R + ".reshape((1, 3, 4, 5)), nd.ones((2, 3, 3, 3)) * 0.1, nd.array([0.5, -1]), "
                       "kernel=(3, 3), num_filter=2, pad=(1, 1))", {'rtol': 1e-5, 'atol': 1e-5}),
    ('convolution_v1_no_bias', "nd.Convolution_v1(" + R + ".reshape((1, 3, 4, 5)), nd.ones((2, 3, 2, 2)), kernel=(2, 2), "
                               "num_filter=2, no_bias=True, stride=(2, 2))", {'rtol': 1e-5, 'atol': 1e-5}),
    ('pooling_v1_max', "nd.Pooling_v1(" + R + ".reshape((1, 3, 4, 5)), kernel=(2, 2), stride=(2, 2))"),
    ('pooling_v1_avg_full', "nd.Pooling_v1(" + R + ".reshape((1, 3, 4, 5)), kernel=(3, 3), stride=(2, 2), pool_type='avg', "
                            "pooling_convention='full')", {'rtol': 1e-5, 'atol': 1e-6}),
    ('pooling_v1_sum_global', "nd.Pooling_v1(" + R + ".reshape((1, 3, 4, 5)), kernel=(2, 2), pool_type='sum', "
                              "global_pool=True)", {'rtol': 1e-5, 'atol': 1e-5}),
    ('pooling_v1_bad_type', "nd.Pooling_v1(" + R + ".reshape((1, 3, 4, 5)), kernel=(2, 2), pool_type='lp')"),
    ('identity_kl_direct', "nd.IdentityAttachKLSparseReg(nd.array([[0.2, 0.5]]))"),
    # allclose, quadratic, gradientmultiplier, STEs
    ('allclose_false', "nd.contrib.allclose(nd.array([1e10, 1e-7]), nd.array([1.00001e10, 1e-8]))"),
    ('allclose_true', "nd.contrib.allclose(nd.array([1e10, 1e-8]), nd.array([1.00001e10, 1e-9]))"),
    ('allclose_nan', "[nd.contrib.allclose(nd.array([np.nan, 1]), nd.array([np.nan, 1])), "
                     "nd.contrib.allclose(nd.array([np.nan, 1]), nd.array([np.nan, 1]), equal_nan=False)]"),
    ('allclose_tolerances', "nd.contrib.allclose(nd.array([1., 2]), nd.array([1.1, 2]), rtol=0, atol=0.2)"),
    ('allclose_float64', "nd.contrib.allclose(nd.array([1.], dtype='float64'), nd.array([1.], dtype='float64'))"),
    ('quadratic', "nd.contrib.quadratic(" + X + ", a=1, b=2, c=3)"),
    ('quadratic_defaults', "nd.contrib.quadratic(" + X + ")"),
    ('quadratic_grad', _grad("x = " + R, "nd.contrib.quadratic(x, a=0.5, b=-1.5, c=2)", 'x')),
    ('gradientmultiplier', "nd.contrib.gradientmultiplier(" + X + ", scalar=-0.5)"),
    ('gradientmultiplier_grad', _grad("x = " + R, "nd.contrib.gradientmultiplier(nd.contrib.quadratic(x, a=2, b=1), "
                                      "scalar=-0.3)", 'x')),
    ('gradientmultiplier_float64', _grad("x = " + R + ".astype('float64')", "nd.contrib.gradientmultiplier(x, scalar=2.5)",
                                         'x')),
    ('round_ste', "nd.contrib.round_ste(nd.array([-1.5, 1.5, -1.9, 1.9, 2.7, -2.5, 0.5, 0.49]))"),
    ('round_ste_grad', _grad("x = nd.array([-1.5, 1.5, -1.9, 1.9, 2.7])", "nd.contrib.round_ste(x)", 'x')),
    ('sign_ste', "nd.contrib.sign_ste(nd.array([-2, 0, 3, -0.1]))"),
    ('sign_ste_grad', _grad("x = nd.array([-2, 0, 3])", "nd.contrib.sign_ste(x) * x", 'x')),
    ('div_sqrt_dim', "nd.contrib.div_sqrt_dim(" + R + ")"),
    ('div_sqrt_dim_grad', _grad("x = " + R, "nd.contrib.div_sqrt_dim(x)", 'x')),
    # hawkesll
    ('hawkesll', HAWKES + "result = nd.contrib.hawkesll(lda, alpha, beta, state, lags, marks, valid_length, max_time)",
     {'rtol': 1e-5, 'atol': 1e-6}),
    ('hawkesll_grads', HAWKES + """
for v in (lda, alpha, beta):
    v.attach_grad()
with autograd.record():
    ll, s = nd.contrib.hawkesll(lda, alpha, beta, state, lags, marks, valid_length, max_time)
    total = ll.sum() + (s * 0.5).sum()
total.backward()
result = [ll, s, lda.grad, alpha.grad, beta.grad]
""", {'rtol': 1e-4, 'atol': 1e-5}),
    ('hawkesll_float_marks', HAWKES + "result = nd.contrib.hawkesll(lda, alpha, beta, state, lags, marks.astype('float32'), "
                             "valid_length, max_time)"),
    ('hawkesll_bad_shape', HAWKES + "result = nd.contrib.hawkesll(lda, alpha, beta[:1], state, lags, marks, valid_length, "
                           "max_time)"),
    # normalizations, embeddings
    ('sync_batchnorm_predict', BN + "result = nd.contrib.SyncBatchNorm(x, g, b, mm, mv, key='k', fix_gamma=False)",
     {'rtol': 1e-5, 'atol': 1e-5}),
    ('sync_batchnorm_train_stats', BN + """
with autograd.record():
    out = nd.contrib.SyncBatchNorm(x, g, b, mm, mv, key='k', fix_gamma=False, output_mean_var=True)
result = out + [mm.copy(), mv.copy()]
""", {'rtol': 1e-5, 'atol': 1e-5}),
    # outside training MXNet leaves the mean and variance outputs unwritten: their values mean nothing
    ('sync_batchnorm_predict_stats', BN + "result = nd.contrib.SyncBatchNorm(x, g, b, mm, mv, key='k', output_mean_var=True)",
     {'values': False}),
    ('sync_batchnorm_grads', BN + """
for v in (x, g, b):
    v.attach_grad()
with autograd.record():
    out = nd.contrib.SyncBatchNorm(x, g, b, mm, mv, key='k', fix_gamma=False)
out.backward(nd.array(np.random.RandomState(2).uniform(-1, 1, out.shape)))
result = [out, x.grad, g.grad, b.grad, mm, mv]
""", {'rtol': 1e-4, 'atol': 1e-5}),
    ('sync_batchnorm_missing_key', BN + "result = nd.contrib.SyncBatchNorm(x, g, b, mm, mv)"),
    ('batchnorm_relu_predict', BN + "result = nd.contrib.BatchNormWithReLU(x, g, b, mm, mv, fix_gamma=False)",
     {'rtol': 1e-5, 'atol': 1e-5}),
    ('batchnorm_relu_train', BN + """
with autograd.record():
    out = nd.contrib.BatchNormWithReLU(x, g, b, mm, mv, fix_gamma=False, output_mean_var=True)
result = out
""", {'rtol': 1e-5, 'atol': 1e-5}),
    ('batchnorm_relu_grads', BN + """
for v in (x, g, b):
    v.attach_grad()
with autograd.record():
    out = nd.contrib.BatchNormWithReLU(x, g, b, mm, mv, fix_gamma=False)
out.backward(nd.array(np.random.RandomState(2).uniform(-1, 1, out.shape)))
result = [out, x.grad, g.grad, b.grad]
""", {'rtol': 1e-4, 'atol': 1e-5}),
    ('sparse_embedding', "nd.contrib.SparseEmbedding(nd.array([[1, 3], [0, 2]]), nd.arange(20).reshape((4, 5)), "
                         "input_dim=4, output_dim=5)"),
    ('backward_gradientmultiplier', "nd.contrib.backward_gradientmultiplier(" + X + ", scalar=0.25)"),
    ('backward_quadratic_no_arrays', "nd.contrib.backward_quadratic(a=1, b=2)"),
    # transformer kernels
    ('selfatt_qk', "nd.contrib.interleaved_matmul_selfatt_qk(" + QKV + ", heads=2)", {'rtol': 1e-5, 'atol': 1e-6}),
    ('selfatt_valatt', "nd.contrib.interleaved_matmul_selfatt_valatt(" + QKV + ", " + ATT + ", heads=2)",
     {'rtol': 1e-5, 'atol': 1e-6}),
    ('encdec_qk', "nd.contrib.interleaved_matmul_encdec_qk(" + Q + ", " + KV + ", heads=2)", {'rtol': 1e-5, 'atol': 1e-6}),
    ('encdec_valatt', "nd.contrib.interleaved_matmul_encdec_valatt(" + KV + ", " + ATT2 + ", heads=2)",
     {'rtol': 1e-5, 'atol': 1e-6}),
    ('selfatt_grads', _grad("qkv = " + QKV, "nd.contrib.interleaved_matmul_selfatt_valatt(qkv, nd.softmax("
                            "nd.contrib.interleaved_matmul_selfatt_qk(qkv, heads=2)), heads=2)", 'qkv'),
     {'rtol': 1e-4, 'atol': 1e-5}),
    ('encdec_grads', _grad("q = " + Q + "\nkv = " + KV, "nd.contrib.interleaved_matmul_encdec_valatt(kv, nd.softmax("
                           "nd.contrib.interleaved_matmul_encdec_qk(q, kv, heads=2)), heads=2)", 'q', 'kv'),
     {'rtol': 1e-4, 'atol': 1e-5}),
    ('selfatt_qk_bad_ndim', "nd.contrib.interleaved_matmul_selfatt_qk(nd.zeros((4, 30)), heads=2)"),
    ('selfatt_valatt_bad_attention', "nd.contrib.interleaved_matmul_selfatt_valatt(" + QKV + ", nd.zeros((4, 3, 4)), heads=2)"),
    ('selfatt_qk_missing_heads', "nd.contrib.interleaved_matmul_selfatt_qk(" + QKV + ")"),
]

# ---- quantization (MXNet 1.9.1's oneDNN kernels) ------------------------------------------------------------
QX = "nd.array([[-1.0, -0.3, 0.0, 0.26, 0.5, 2.0]])"
QD = "nd.array(np.random.RandomState(0).uniform(-1, 1, (2, 4)))"
QW = "nd.array(np.random.RandomState(1).uniform(-1, 1, (3, 4)))"
QB = "nd.array([0.1, -0.2, 0.3])"
QIMG = "nd.array(np.random.RandomState(2).uniform(0, 1, (1, 2, 4, 4)))"
QK = "nd.array(np.random.RandomState(3).uniform(-1, 1, (3, 2, 3, 3)))"
Q4 = "nd.contrib.quantize_v2(nd.array(np.arange(-8, 24).reshape(1, 2, 4, 4) / 10.0))"
QA = "nd.contrib.quantize_v2(nd.array([[0.1, -0.5, 0.9]]))"
QBB = "nd.contrib.quantize_v2(nd.array([[0.3, 0.2, -1.2]]))"
HIST = ("nd.array(np.histogram(np.random.RandomState(5).normal(0, 1, 2000), bins=101, range=(-4, 4))[0].astype('float32')), "
        "nd.array(np.linspace(-4, 4, 102).astype('float32'))")

CASES += [
    ('quantize_uint8', "nd.contrib.quantize(" + QX + ", nd.array([-1.0]), nd.array([2.0]))"),
    ('quantize_int8', "nd.contrib.quantize(" + QX + ", nd.array([-1.0]), nd.array([2.0]), out_type='int8')"),
    ('quantize_uint8_offset', "nd.contrib.quantize(nd.array([0.5, 1.0, 3.0]), nd.array([0.5]), nd.array([3.0]))"),
    ('quantize_bad_type', "nd.contrib.quantize(" + QX + ", nd.array([-1.0]), nd.array([2.0]), out_type='int32')"),
    ('quantize_v2_int8', "nd.contrib.quantize_v2(" + QX + ")"),
    ('quantize_v2_uint8', "nd.contrib.quantize_v2(" + QX + ", out_type='uint8')"),
    ('quantize_v2_calib', "nd.contrib.quantize_v2(" + QX + ", min_calib_range=-0.5, max_calib_range=1.0)"),
    ('quantize_v2_auto_uint8', "nd.contrib.quantize_v2(" + QX + ", out_type='auto', min_calib_range=0.0, max_calib_range=1.0)"),
    ('quantize_v2_auto_no_calib', "nd.contrib.quantize_v2(" + QX + ", out_type='auto')"),
    ('quantize_v2_halves', "nd.contrib.quantize_v2(nd.array([0.5, 1.5, 2.5, -0.5, -1.5, -2.5, 127.5, -127.5, 3.49, 3.51]))"),
    ('quantize_v2_halves_uint8', "nd.contrib.quantize_v2(nd.array([0.5, 1.5, 2.5, 3.5, 255.5, 100.2]), out_type='uint8')"),
    ('quantize_v2_float_rounding', "nd.contrib.quantize_v2(nd.array([[0.3, 0.2, -1.2]]))"),
    ('dequantize_int8', "nd.contrib.dequantize(*" + "nd.contrib.quantize_v2(" + QX + "))"),
    ('dequantize_uint8', "nd.contrib.dequantize(*nd.contrib.quantize(" + QX + ", nd.array([-1.0]), nd.array([2.0])))"),
    ('dequantize_ranges', "nd.contrib.dequantize(nd.array([10, -20, 127], dtype='int8'), nd.array([-3.0]), nd.array([1.0]))"),
    ('dequantize_float_data', "nd.contrib.dequantize(nd.array([1.5]), nd.array([-3.0]), nd.array([1.0]))"),
    ('requantize', "nd.contrib.requantize(nd.array([[-300000, 0, 5000000, 2 ** 30]], dtype='int32'), nd.array([-10.0]), "
                   "nd.array([10.0]))"),
    ('requantize_calib', "nd.contrib.requantize(nd.array([[-300000, 0, 5000000, 2 ** 30]], dtype='int32'), "
                         "nd.array([-10.0]), nd.array([10.0]), min_calib_range=-3.0, max_calib_range=3.0)"),
    ('requantize_uint8', "nd.contrib.requantize(nd.array([[-300000, 0, 5000000, 2 ** 30]], dtype='int32'), "
                         "nd.array([-10.0]), nd.array([10.0]), out_type='uint8', min_calib_range=0.0, max_calib_range=3.0)"),
    ('quantized_act', "nd.contrib.quantized_act(*nd.contrib.quantize_v2(" + QX + "), act_type='relu')"),
    ('quantized_act_uint8_wraps', "nd.contrib.quantized_act(*nd.contrib.quantize_v2(nd.array([0.1, 0.5]), out_type='uint8'), "
                                  "act_type='relu')"),
    ('quantized_act_tanh', "nd.contrib.quantized_act(*nd.contrib.quantize_v2(" + QX + "), act_type='tanh')"),
    ('quantized_flatten', "nd.contrib.quantized_flatten(*" + Q4 + ")"),
    ('quantized_pooling_max', "nd.contrib.quantized_pooling(*" + Q4 + ", kernel=(2, 2), stride=(2, 2), pool_type='max')"),
    ('quantized_pooling_avg', "nd.contrib.quantized_pooling(*" + Q4 + ", kernel=(2, 2), stride=(2, 2), pool_type='avg')"),
    ('quantized_pooling_uint8', "nd.contrib.quantized_pooling(*nd.contrib.quantize_v2(nd.array(np.arange(16).reshape(1, 1, 4, 4) "
                                "/ 10.0), out_type='uint8'), kernel=(2, 2), stride=(2, 2), pool_type='avg')"),
    ('quantized_pooling_global', "nd.contrib.quantized_pooling(*" + Q4 + ", kernel=(2, 2), global_pool=True)"),
    ('quantized_concat', "qa, ma, Ma = " + QA + "\nqb, mb, Mb = " + QBB + "\nresult = nd.contrib.quantized_concat(qa, qb, ma, Ma, mb, "
                         "Mb, num_args=2, dim=1)"),
    ('quantized_concat_rescales', "nd.contrib.quantized_concat(nd.array([[1, 2]], dtype='int8'), nd.array([[100, -50]], dtype='int8'), "
                                  "nd.array([[-128, 127]], dtype='int8'), nd.array([-1.0]), nd.array([1.0]), nd.array([-2.0]), "
                                  "nd.array([2.0]), nd.array([-0.5]), nd.array([0.5]), num_args=3, dim=1)"),
    ('quantized_elemwise_add', "qa, ma, Ma = " + QA + "\nqb, mb, Mb = " + QBB + "\nresult = nd.contrib.quantized_elemwise_add(qa, qb, "
                               "ma, Ma, mb, Mb)"),
    ('quantized_elemwise_add_calib', "qa, ma, Ma = " + QA + "\nqb, mb, Mb = " + QBB + "\nresult = nd.contrib.quantized_elemwise_add("
                                     "qa, qb, ma, Ma, mb, Mb, min_calib_range=-2.0, max_calib_range=2.0)"),
    ('quantized_fully_connected', "qd, md, Md = nd.contrib.quantize_v2(" + QD + ")\nqw, mw, Mw = nd.contrib.quantize_v2(" + QW + ")\n"
                                  "qb, mb, Mb = nd.contrib.quantize_v2(" + QB + ")\nresult = nd.contrib.quantized_fully_connected("
                                  "qd, qw, qb, md, Md, mw, Mw, mb, Mb, num_hidden=3)"),
    ('quantized_fully_connected_no_bias', "qd, md, Md = nd.contrib.quantize_v2(" + QD + ")\nqw, mw, Mw = nd.contrib.quantize_v2(" + QW +
     ")\nresult = nd.contrib.quantized_fully_connected(qd, qw, md, Md, mw, Mw, num_hidden=3, no_bias=True)"),
    ('quantized_fully_connected_uint8', "qd, md, Md = nd.contrib.quantize_v2(nd.abs(" + QD + "), out_type='uint8')\n"
                                        "qw, mw, Mw = nd.contrib.quantize_v2(" + QW + ")\nresult = nd.contrib.quantized_fully_connected("
                                        "qd, qw, md, Md, mw, Mw, num_hidden=3, no_bias=True)"),
    ('quantized_fully_connected_flatten', "qd, md, Md = nd.contrib.quantize_v2(" + QD + ")\nqw, mw, Mw = nd.contrib.quantize_v2(" +
     QW + ")\nresult = nd.contrib.quantized_fully_connected(qd.reshape((2, 2, 2)), qw, md, Md, mw, Mw, num_hidden=3, no_bias=True)"),
    ('quantized_conv', "qd, md, Md = nd.contrib.quantize_v2(" + QIMG + ", out_type='uint8')\nqw, mw, Mw = nd.contrib.quantize_v2(" +
     QK + ")\nresult = nd.contrib.quantized_conv(qd, qw, md, Md, mw, Mw, kernel=(3, 3), num_filter=3, no_bias=True)"),
    ('quantized_conv_int8_data', "qd, md, Md = nd.contrib.quantize_v2(" + QIMG + ")\nqw, mw, Mw = nd.contrib.quantize_v2(" + QK +
     ")\nresult = nd.contrib.quantized_conv(qd, qw, md, Md, mw, Mw, kernel=(3, 3), num_filter=3, no_bias=True)"),
    ('quantized_embedding', "qe, me, Me = nd.contrib.quantize_v2(nd.array(np.random.RandomState(4).uniform(-1, 1, (5, 3))))\n"
                            "result = nd.contrib.quantized_embedding(nd.array([1, 4]), qe, me, Me, input_dim=5, output_dim=3)"),
    ('quantized_embedding_clip', "nd.contrib.quantized_embedding(nd.array([-1, 9, 2.7]), nd.array([[1, 2], [3, 4], [5, 6]], "
                                 "dtype='int8'), nd.array([-1.0]), nd.array([1.0]), input_dim=3, output_dim=2)"),
    ('quantized_batch_norm', "q, lo, hi = nd.contrib.quantize_v2(nd.array(np.arange(8).reshape(1, 2, 2, 2) / 4.0))\n"
                             "result = nd.contrib.quantized_batch_norm(q, nd.array([1., 2]), nd.array([0.1, -0.1]), "
                             "nd.array([0.5, 1.0]), nd.array([1., 4]), lo, hi, eps=1e-3, min_calib_range=-2.0, max_calib_range=2.0)"),
    ('quantized_batch_norm_no_calib', "q, lo, hi = nd.contrib.quantize_v2(nd.array(np.arange(8).reshape(1, 2, 2, 2) / 4.0))\n"
                                      "result = nd.contrib.quantized_batch_norm(q, nd.array([1., 2]), nd.array([0.1, -0.1]), "
                                      "nd.array([0.5, 1.0]), nd.array([1., 4]), lo, hi)"),
    ('calibrate_entropy', "nd.contrib.calibrate_entropy(" + HIST + ", num_quantized_bins=15)", {'rtol': 1e-4, 'atol': 1e-7}),
    ('calibrate_entropy_255', "nd.contrib.calibrate_entropy(nd.array(np.histogram(np.random.RandomState(6).normal(0, 1, 20000), "
                              "bins=801, range=(-5, 5))[0].astype('float32')), nd.array(np.linspace(-5, 5, 802).astype('float32')))",
     {'rtol': 1e-4, 'atol': 1e-7}),
]
