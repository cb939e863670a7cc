"""Neural-network operators of mx.nd: FullyConnected, Activation, Dropout, Convolution, Pooling, BatchNorm,
normalisations, softmax family, losses, UpSampling, CTCLoss, sequence operators."""
X = "nd.array(np.arange(24).reshape(2, 3, 4) / 10 - 1)"
W12 = "nd.array(np.arange(60).reshape(5, 12) / 50 - 0.5)"
W4 = "nd.array(np.arange(20).reshape(5, 4) / 20 - 0.5)"
B5 = "nd.array([0.1, -0.2, 0.3, 0, 1])"
V = "nd.array([[-30, -2, -0.5, 0], [0.5, 1, 3, 30]])"

CASES = [
    # FullyConnected
    ('fc_flatten', "nd.FullyConnected(" + X + ", " + W12 + ", " + B5 + ", num_hidden=5)"),
    ('fc_no_flatten', "nd.FullyConnected(" + X + ", " + W4 + ", " + B5 + ", num_hidden=5, flatten=False)"),
    ('fc_no_bias', "nd.FullyConnected(" + X + ", " + W12 + ", no_bias=True, num_hidden=5)"),
    ('fc_no_bias_none', "nd.FullyConnected(" + X + ", " + W12 + ", None, no_bias=True, num_hidden=5)"),
    ('fc_string_params', "nd.FullyConnected(" + X + ", " + W4 + ", " + B5 + ", num_hidden='5', flatten='False')"),
    ('fc_1d_input', "nd.FullyConnected(nd.array([1., 2, 3]), nd.ones((4, 1)), nd.zeros(4), num_hidden=4)"),
    ('fc_1d_no_flatten', "nd.FullyConnected(nd.array([1., 2, 3]), nd.ones((4, 3)), nd.zeros(4), num_hidden=4, "
                         "flatten=False)"),
    ('fc_float64', "nd.FullyConnected(nd.ones((2, 3), dtype='float64'), nd.ones((4, 3), dtype='float64'), "
                   "nd.ones(4, dtype='float64'), num_hidden=4)"),
    ('fc_missing_bias', "nd.FullyConnected(" + X + ", " + W12 + ", num_hidden=5)"),
    ('fc_bias_with_no_bias', "nd.FullyConnected(" + X + ", " + W12 + ", " + B5 + ", no_bias=True, num_hidden=5)"),
    ('fc_num_hidden_mismatch', "nd.FullyConnected(" + X + ", " + W12 + ", " + B5 + ", num_hidden=4)"),
    ('fc_num_hidden_missing', "nd.FullyConnected(" + X + ", " + W12 + ", " + B5 + ")"),
    ('fc_input_mismatch', "nd.FullyConnected(nd.ones((2, 3)), nd.ones((5, 4)), nd.ones(5), num_hidden=5)"),
    ('fc_bias_mismatch', "nd.FullyConnected(nd.ones((2, 3)), nd.ones((5, 3)), nd.ones(4), num_hidden=5)"),
    ('fc_dtype_mismatch', "nd.FullyConnected(nd.ones((2, 3)), nd.ones((5, 3)), nd.ones(5, dtype='float64'), "
                          "num_hidden=5)"),
    ('fc_out', "o = nd.zeros((2, 5))\nr = nd.FullyConnected(" + X + ", " + W12 + ", " + B5
               + ", num_hidden=5, out=o)\nresult = [o, r is o]"),
    # Activation
    ('act_relu', "nd.Activation(" + V + ", act_type='relu')"),
    ('act_sigmoid', "nd.Activation(" + V + ", act_type='sigmoid')"),
    ('act_tanh', "nd.Activation(" + V + ", act_type='tanh')"),
    ('act_softrelu', "nd.Activation(" + V + ", act_type='softrelu')"),
    ('act_softsign', "nd.Activation(" + V + ", act_type='softsign')"),
    ('act_float64', "nd.Activation(nd.array([-1, 0.5], dtype='float64'), act_type='sigmoid')"),
    ('act_float16', "nd.Activation(nd.array([-1, 0.5], dtype='float16'), act_type='tanh')", {'atol': 1e-3}),
    ('act_bad_type', "nd.Activation(" + V + ", act_type='gelu')"),
    ('act_missing_type', "nd.Activation(" + V + ")"),
    ('act_int', "nd.Activation(nd.array([1, 2], dtype='int32'), act_type='relu')"),
    ('act_relu_grad', "x = " + V + "\nx.attach_grad()\nwith autograd.record():\n"
                      "    y = nd.Activation(x, act_type='relu')\ny.backward()\nresult = x.grad"),
    # Dropout
    ('dropout_predict_copy', "x = " + V + "\ny = nd.Dropout(x, p=0.5)\ny[:] = 7\nresult = [x, y]"),
    ('dropout_p0_always', "nd.Dropout(" + V + ", p=0, mode='always')"),
    ('dropout_p1_always', "nd.Dropout(" + V + ", p=1, mode='always')"),
    ('dropout_record_predict', "with autograd.record(train_mode=False):\n    result = nd.Dropout(" + V + ")"),
    ('dropout_train_shape', "with autograd.record():\n    result = nd.Dropout(nd.ones((3, 4, 5)), p=0.3)",
     {'values': False}),
    ('dropout_axes_shape', "nd.Dropout(nd.ones((3, 4, 5)), p=0.3, mode='always', axes=(1,))", {'values': False}),
    ('dropout_bad_mode', "nd.Dropout(" + V + ", mode='sometimes')"),
    ('dropout_bad_p', "nd.Dropout(" + V + ", p=1.5, mode='always')"),
    ('dropout_negative_p', "nd.Dropout(" + V + ", p=-0.1, mode='always')"),
    ('dropout_bad_axis', "nd.Dropout(" + V + ", mode='always', axes=(5,))"),
    ('dropout_int', "nd.Dropout(nd.ones((2, 2), dtype='int32'), mode='always')"),
]

# ---- convolution family ----
D4 = "nd.array(np.arange(2 * 4 * 5 * 5).reshape(2, 4, 5, 5) % 7 / 3 - 1)"
K4 = "nd.array(np.arange(3 * 4 * 3 * 3).reshape(3, 4, 3, 3) % 5 / 4 - 0.5)"
K2G = "nd.array(np.arange(4 * 2 * 3 * 3).reshape(4, 2, 3, 3) % 5 / 4 - 0.5)"
B3 = "nd.array([0.5, -1, 0.25])"
D3 = "nd.array(np.arange(2 * 3 * 7).reshape(2, 3, 7) % 5 / 2 - 1)"
D5 = "nd.array(np.arange(1 * 2 * 4 * 4 * 4).reshape(1, 2, 4, 4, 4) % 9 / 4 - 1)"


def _grad(expr, *names):
    """Code computing `expr` under record and backward with a fixed head; result: [out, grads...]."""
    lines = []
    for n in names:
        lines.append(n + '.attach_grad()')
    lines.append('with autograd.record():\n    out = ' + expr)
    lines.append('out.backward(nd.array(np.random.RandomState(1).uniform(0.5, 1.5, out.shape), dtype=out.dtype))')
    lines.append('result = [out] + [v.grad for v in (' + ', '.join(names) + ',)]')
    return '\n'.join(lines)


CASES += [
    ('conv2d', "nd.Convolution(" + D4 + ", " + K4 + ", " + B3 + ", kernel=(3, 3), num_filter=3)"),
    ('conv2d_stride_pad_dilate', "nd.Convolution(" + D4 + ", " + K4 + ", " + B3 + ", kernel=(3, 3), num_filter=3, "
                                 "stride=(2, 1), pad=(1, 2), dilate=(1, 2))"),
    ('conv2d_strings', "nd.Convolution(" + D4 + ", " + K4 + ", " + B3 + ", kernel='(3, 3)', num_filter='3', "
                       "stride='(2, 2)', pad='(1, 1)', workspace=512, cudnn_tune='off', cudnn_off=True)"),
    ('conv2d_no_bias', "nd.Convolution(" + D4 + ", " + K4 + ", kernel=(3, 3), num_filter=3, no_bias=True)"),
    ('conv2d_groups', "nd.Convolution(" + D4 + ", " + K2G + ", None, kernel=(3, 3), num_filter=4, num_group=2, "
                      "no_bias=True)"),
    ('conv1d', "nd.Convolution(" + D3 + ", nd.ones((2, 3, 3)) / 3, nd.array([0., 1]), kernel=(3,), num_filter=2, "
               "pad=(1,))"),
    ('conv1d_int_kernel', "nd.Convolution(" + D3 + ", nd.ones((2, 3, 3)), nd.zeros(2), kernel=3, num_filter=2)"),
    ('conv3d', "nd.Convolution(" + D5 + ", nd.ones((2, 2, 2, 2, 2)) / 8, nd.array([0., 1]), kernel=(2, 2, 2), "
               "num_filter=2, stride=(2, 1, 1))"),
    ('conv_grad', _grad("nd.Convolution(x, w, b, kernel=(3, 3), num_filter=3, stride=(2, 2), pad=(1, 1))",
                        'x', 'w', 'b').replace('x.attach_grad()', 'x = ' + D4 + '\nw = ' + K4 + '\nb = ' + B3
                                                + '\nx.attach_grad()'), {'atol': 1e-5}),
    ('conv_int_stride_error', "nd.Convolution(" + D4 + ", " + K4 + ", " + B3 + ", kernel=(3, 3), num_filter=3, "
                              "stride=2)"),
    ('conv_pad_dims_error', "nd.Convolution(" + D4 + ", " + K4 + ", " + B3 + ", kernel=(3, 3), num_filter=3, "
                            "pad=(1,))"),
    ('conv_num_filter_error', "nd.Convolution(" + D4 + ", " + K4 + ", " + B3 + ", kernel=(3, 3), num_filter=5)"),
    ('conv_num_filter_missing', "nd.Convolution(" + D4 + ", " + K4 + ", " + B3 + ", kernel=(3, 3))"),
    ('conv_kernel_weight_error', "nd.Convolution(" + D4 + ", " + K4 + ", " + B3 + ", kernel=(2, 2), num_filter=3)"),
    ('conv_channels_error', "nd.Convolution(" + D4 + ", nd.ones((3, 2, 3, 3)), " + B3
                            + ", kernel=(3, 3), num_filter=3)"),
    ('conv_ndim_error', "nd.Convolution(nd.ones((4, 5, 5)), " + K4 + ", " + B3 + ", kernel=(3, 3), num_filter=3)"),
    ('conv_kernel_too_big', "nd.Convolution(nd.ones((1, 4, 2, 2)), " + K4 + ", " + B3
                            + ", kernel=(3, 3), num_filter=3)"),
    ('conv_nwc_invalid', "nd.Convolution(" + D3 + ", nd.ones((2, 3, 3)), nd.zeros(2), kernel=(3,), num_filter=2, "
                         "layout='NWC')"),
    ('conv_layout_mismatch', "nd.Convolution(" + D4 + ", " + K4 + ", " + B3 + ", kernel=(3, 3), num_filter=3, "
                             "layout='NCW')"),
    ('conv_bias_missing', "nd.Convolution(" + D4 + ", " + K4 + ", kernel=(3, 3), num_filter=3)"),
    ('conv_zero_stride', "nd.Convolution(" + D4 + ", " + K4 + ", " + B3 + ", kernel=(3, 3), num_filter=3, "
                         "stride=(0, 1))"),
    # Deconvolution
    ('deconv2d', "nd.Deconvolution(" + D4 + ", nd.ones((4, 2, 3, 3)) / 9, kernel=(3, 3), num_filter=2)"),
    ('deconv2d_bias', "nd.Deconvolution(" + D4 + ", nd.ones((4, 2, 3, 3)) / 9, nd.array([1., -1]), kernel=(3, 3), "
                      "num_filter=2, no_bias=False)"),
    ('deconv_stride_adj', "nd.Deconvolution(" + D4 + ", nd.ones((4, 2, 3, 3)) / 9, kernel=(3, 3), num_filter=2, "
                          "stride=(2, 2), adj=(1, 0), pad=(1, 1))"),
    ('deconv_target_shape', "nd.Deconvolution(" + D4 + ", nd.ones((4, 2, 3, 3)) / 9, kernel=(3, 3), num_filter=2, "
                            "stride=(2, 2), target_shape=(11, 11))"),
    ('deconv_target_too_big', "nd.Deconvolution(" + D4 + ", nd.ones((4, 2, 3, 3)), kernel=(3, 3), num_filter=2, "
                              "stride=(2, 2), target_shape=(20, 20))"),
    ('deconv_adj_error', "nd.Deconvolution(" + D4 + ", nd.ones((4, 2, 3, 3)), kernel=(3, 3), num_filter=2, "
                         "adj=(1, 1))"),
    ('deconv_groups', "nd.Deconvolution(" + D4 + ", nd.ones((4, 3, 3, 3)) / 9, kernel=(3, 3), num_filter=6, "
                      "num_group=2, dilate=(2, 1))"),
    ('deconv1d', "nd.Deconvolution(" + D3 + ", nd.ones((3, 2, 3)), kernel=(3,), num_filter=2, stride=(2,))"),
    ('deconv3d', "nd.Deconvolution(" + D5 + ", nd.ones((2, 1, 2, 2, 2)), kernel=(2, 2, 2), num_filter=1)"),
    ('deconv_bias_default_error', "nd.Deconvolution(" + D4 + ", nd.ones((4, 2, 3, 3)), nd.ones(2), kernel=(3, 3), "
                                  "num_filter=2)"),
    ('deconv_grad', _grad("nd.Deconvolution(x, w, kernel=(3, 3), num_filter=2, stride=(2, 2), pad=(1, 1), adj=(1, 1))",
                          'x', 'w').replace('x.attach_grad()', 'x = ' + D4 + '\nw = nd.array(np.arange(72).reshape('
                                            '4, 2, 3, 3) % 7 / 7)\nx.attach_grad()'), {'atol': 1e-5}),
    # Pooling
    ('pool_max', "nd.Pooling(" + D4 + ", kernel=(2, 2), stride=(2, 2))"),
    ('pool_max_default_stride', "nd.Pooling(" + D4 + ", kernel=(3, 3))"),
    ('pool_avg_pad', "nd.Pooling(" + D4 + ", kernel=(3, 3), pool_type='avg', stride=(2, 2), pad=(1, 1))"),
    ('pool_avg_pad_exclude', "nd.Pooling(" + D4 + ", kernel=(3, 3), pool_type='avg', stride=(2, 2), pad=(1, 1), "
                             "count_include_pad=False)"),
    ('pool_sum', "nd.Pooling(" + D4 + ", kernel=(3, 3), pool_type='sum', pad=(1, 1))"),
    ('pool_lp1', "nd.Pooling(" + D4 + ", kernel=(2, 2), pool_type='lp', p_value=1, stride=(2, 2))"),
    ('pool_lp2', "nd.Pooling(" + D4 + ", kernel=(2, 2), pool_type='lp', p_value=2, stride=(2, 2))"),
    ('pool_lp3', "nd.Pooling(" + D4 + ", kernel=(2, 2), pool_type='lp', p_value=3, stride=(2, 2))", {'rtol': 1e-4}),
    ('pool_lp_missing_p', "nd.Pooling(" + D4 + ", kernel=(2, 2), pool_type='lp')"),
    ('pool_full', "nd.Pooling(" + D4 + ", kernel=(2, 2), stride=(2, 2), pooling_convention='full')"),
    ('pool_full_avg', "nd.Pooling(" + D4 + ", kernel=(3, 3), stride=(2, 2), pad=(1, 1), pool_type='avg', "
                      "pooling_convention='full')"),
    ('pool_full_tail_max', "nd.Pooling(nd.arange(5).reshape((1, 1, 5)), kernel=(2,), stride=(2,), pad=(1,), "
                           "pooling_convention='full')"),
    ('pool_full_tail_avg', "nd.Pooling(nd.arange(5).reshape((1, 1, 5)), kernel=(2,), stride=(2,), pad=(1,), "
                           "pooling_convention='full', pool_type='avg')"),
    ('pool_big_pad_max', "nd.Pooling(nd.arange(16).reshape((1, 1, 4, 4)), kernel=(2, 2), pad=(2, 2))"),
    ('pool_big_pad_avg', "nd.Pooling(nd.arange(16).reshape((1, 1, 4, 4)), kernel=(2, 2), pad=(2, 1), "
                         "pool_type='avg')"),
    ('pool_same_error', "nd.Pooling(" + D3 + ", kernel=(3,), pooling_convention='same')"),
    ('pool_global_avg', "nd.Pooling(" + D4 + ", global_pool=True, pool_type='avg')"),
    ('pool_global_max', "nd.Pooling(" + D4 + ", kernel=(3, 3), global_pool=True)"),
    ('pool_global_sum_1d', "nd.Pooling(" + D3 + ", global_pool=True, pool_type='sum')"),
    ('pool_global_lp', "nd.Pooling(" + D4 + ", global_pool=True, pool_type='lp', p_value=2)"),
    ('pool_1d', "nd.Pooling(" + D3 + ", kernel=(3,), stride=(2,), pool_type='avg')"),
    ('pool_3d', "nd.Pooling(" + D5 + ", kernel=(2, 2, 2), stride=(2, 2, 2))"),
    ('pool_nhwc', "nd.Pooling(" + D4 + ".transpose((0, 2, 3, 1)), kernel=(2, 2), layout='NHWC', pool_type='avg')"),
    ('pool_nwc', "nd.Pooling(" + D3 + ".transpose((0, 2, 1)), kernel=(2,), layout='NWC')"),
    ('pool_int_error', "nd.Pooling(nd.ones((1, 1, 4, 4), dtype='int32'), kernel=(2, 2))"),
    ('pool_no_kernel', "nd.Pooling(" + D4 + ")"),
    ('pool_ndim_error', "nd.Pooling(nd.ones((4, 4, 4)), kernel=(2, 2))"),
    ('pool_kernel_too_big', "nd.Pooling(" + D4 + ", kernel=(6, 6))"),
    ('pool_int_stride_error', "nd.Pooling(" + D4 + ", kernel=(2, 2), stride=2)"),
    ('pool_bad_type', "nd.Pooling(" + D4 + ", kernel=(2, 2), pool_type='median')"),
    ('pool_max_grad_ties', _grad("nd.Pooling(x, kernel=(2, 2), stride=(1, 1))", 'x').replace(
        'x.attach_grad()', 'x = nd.array([[[[1., 1, 0], [1, 1, 2], [0, 3, 3]]]])\nx.attach_grad()')),
    ('pool_avg_grad', _grad("nd.Pooling(x, kernel=(3, 3), stride=(2, 2), pad=(1, 1), pool_type='avg', "
                            "pooling_convention='full')", 'x').replace('x.attach_grad()', 'x = ' + D4
                                                                       + '\nx.attach_grad()')),
    ('pool_global_max_grad_ties', _grad("nd.Pooling(x, global_pool=True)", 'x').replace(
        'x.attach_grad()', 'x = nd.array([[[[1., 3], [3, 0]]]])\nx.attach_grad()')),
]

# ---- normalization ----
XN = "nd.array(np.arange(24).reshape(2, 3, 2, 2) ** 1.5 / 10)"
G3 = "nd.array([2., 3, 4])"
BE3 = "nd.array([.1, .2, .3])"
BN_STATE = "mm = nd.array([.5, .5, .5])\nmv = nd.array([2., 2, 2])\n"
CASES += [
    ('bn_predict', BN_STATE + "result = [nd.BatchNorm(" + XN + ", " + G3 + ", " + BE3 + ", mm, mv, fix_gamma=False), "
                   "mm, mv]"),
    ('bn_fix_gamma_writes_gamma', BN_STATE + "g = " + G3 + "\nresult = [nd.BatchNorm(" + XN + ", g, " + BE3
                                  + ", mm, mv), g]"),
    ('bn_predict_output_mean_var', BN_STATE + "result = nd.BatchNorm(" + XN + ", " + G3 + ", " + BE3
                                   + ", mm, mv, fix_gamma=False, output_mean_var=True)"),
    ('bn_train_forward_only_keeps_stats', BN_STATE + "with autograd.train_mode():\n    y = nd.BatchNorm(" + XN
                                          + ", " + G3 + ", " + BE3 + ", mm, mv, fix_gamma=False, "
                                          "output_mean_var=True)\nresult = [y, mm, mv]"),
    ('bn_train_backward_updates_stats', BN_STATE + "x = " + XN + "\ng = " + G3 + "\nb = " + BE3 + "\n"
     + _grad("nd.BatchNorm(x, g, b, mm, mv, fix_gamma=False, momentum=0.8)", 'x', 'g', 'b')
     + "\nresult += [mm, mv]", {'atol': 1e-5}),
    ('bn_train_fix_gamma_grad', BN_STATE + "x = " + XN + "\ng = " + G3 + "\nb = " + BE3 + "\n"
     + _grad("nd.BatchNorm(x, g, b, mm, mv)", 'x', 'g', 'b') + "\nresult += [mm, mv, g]", {'atol': 1e-5}),
    ('bn_global_stats_grad', BN_STATE + "x = " + XN + "\ng = " + G3 + "\nb = " + BE3 + "\n"
     + _grad("nd.BatchNorm(x, g, b, mm, mv, fix_gamma=False, use_global_stats=True)", 'x', 'g', 'b')
     + "\nresult += [mm, mv]", {'atol': 1e-5}),
    ('bn_axis_last', BN_STATE + "x = nd.array(np.arange(12).reshape(2, 2, 3))\ng = " + G3 + "\nb = " + BE3 + "\n"
     + _grad("nd.BatchNorm(x, g, b, mm, mv, fix_gamma=False, axis=-1, momentum=0.5, eps=1e-5)", 'x', 'g', 'b')
     + "\nresult += [mm, mv]", {'atol': 1e-5}),
    ('bn_2d_input', BN_STATE + "x = nd.array(np.arange(12).reshape(4, 3) % 5)\ng = " + G3 + "\nb = " + BE3 + "\n"
     + _grad("nd.BatchNorm(x, g, b, mm, mv, fix_gamma=False)", 'x', 'g', 'b') + "\nresult += [mm, mv]",
     {'atol': 1e-5}),
    ('bn_string_params', BN_STATE + "result = nd.BatchNorm(" + XN + ", " + G3 + ", " + BE3
     + ", mm, mv, fix_gamma='False', eps='0.01')"),
    ('layernorm', "nd.LayerNorm(" + XN + ", nd.array([2., 1]), nd.array([0., 1]))"),
    ('layernorm_axis1_mean_var', "nd.LayerNorm(" + XN + ", " + G3 + ", " + BE3 + ", axis=1, output_mean_var=True)"),
    ('layernorm_grad', "x = " + XN + "\ng = nd.array([2., 1])\nb = nd.array([0., 1])\n"
     + _grad("nd.LayerNorm(x, g, b, eps=1e-3)", 'x', 'g', 'b'), {'atol': 1e-5}),
    ('instancenorm', "nd.InstanceNorm(" + XN + ", " + G3 + ", " + BE3 + ")"),
    ('instancenorm_3d', "nd.InstanceNorm(nd.array(np.arange(24).reshape(2, 3, 4) ** 1.5), " + G3 + ", " + BE3
     + ", eps=0.1)"),
    ('groupnorm', "nd.GroupNorm(nd.array(np.arange(24).reshape(2, 4, 3) ** 1.5 / 10), nd.array([1., 2]), "
                  "nd.array([0., 1]), num_groups=2, output_mean_var=True)"),
    ('groupnorm_gamma_error', "nd.GroupNorm(nd.ones((2, 4, 3)), nd.ones(4), nd.ones(4), num_groups=2)"),
    ('groupnorm_grad', "x = nd.array(np.arange(24).reshape(2, 4, 3) ** 1.5 / 10)\ng = nd.array([1., 2])\n"
     "b = nd.array([0., 1])\n" + _grad("nd.GroupNorm(x, g, b, num_groups=2)", 'x', 'g', 'b'), {'atol': 1e-5}),
    ('l2norm_instance', "nd.L2Normalization(" + XN + ")"),
    ('l2norm_channel', "nd.L2Normalization(" + XN + ", mode='channel')"),
    ('l2norm_spatial', "nd.L2Normalization(" + XN + ", mode='spatial', eps=1e-3)"),
    ('l2norm_1d', "nd.L2Normalization(nd.array([1., -2]))"),
    ('l2norm_channel_2d_error', "nd.L2Normalization(nd.ones((2, 3)), mode='channel')"),
    ('lrn', "nd.LRN(nd.array(np.arange(40).reshape(2, 5, 2, 2) / 10), nsize=3, alpha=0.1, beta=0.75, knorm=2)"),
    ('lrn_default', "nd.LRN(nd.array(np.arange(40).reshape(2, 5, 2, 2) / 10), nsize=5)"),
    ('lrn_grad', "x = nd.array(np.arange(40).reshape(2, 5, 2, 2) / 10)\n"
     + _grad("nd.LRN(x, nsize=3, alpha=0.1)", 'x'), {'atol': 1e-5}),
]

# ---- Embedding, LeakyReLU ----
EW = "nd.array(np.arange(12).reshape(4, 3))"
LX = "nd.array([[-2., -0.5, 0, 1], [3, -1, 0.5, -4]])"
CASES += [
    ('embedding', "nd.Embedding(nd.array([[0, 2], [3, 1]]), " + EW + ", input_dim=4, output_dim=3)"),
    ('embedding_clip_truncate', "nd.Embedding(nd.array([0, 2, 5, -1, 1.7, -0.5]), " + EW
     + ", input_dim=4, output_dim=3)"),
    ('embedding_int_index', "nd.Embedding(nd.array([0, 2], dtype='int32'), " + EW + ", input_dim=4, output_dim=3)"),
    ('embedding_shape_error', "nd.Embedding(nd.array([0, 2]), " + EW + ", input_dim=5, output_dim=3)"),
    ('embedding_grad', "w = " + EW + "\nw.attach_grad()\nwith autograd.record():\n"
     "    y = nd.Embedding(nd.array([0, 2, 0, 3]), w, input_dim=4, output_dim=3)\ny.backward()\nresult = w.grad"),
    ('leaky', "nd.LeakyReLU(" + LX + ")"),
    ('leaky_slope', "nd.LeakyReLU(" + LX + ", slope=0.1)"),
    ('elu', "nd.LeakyReLU(" + LX + ", act_type='elu')"),
    ('selu', "nd.LeakyReLU(" + LX + ", act_type='selu')"),
    ('gelu', "nd.LeakyReLU(" + LX + ", act_type='gelu')"),
    ('prelu', "nd.LeakyReLU(" + LX + ".reshape((2, 2, 2)), nd.array([0.1, 0.2]), act_type='prelu')"),
    ('prelu_scalar_gamma', "nd.LeakyReLU(" + LX + ", nd.array([0.1]), act_type='prelu')"),
    ('prelu_missing_gamma', "nd.LeakyReLU(" + LX + ", act_type='prelu')"),
    ('prelu_bad_gamma', "nd.LeakyReLU(" + LX + ", nd.array([0.1, 0.2, 0.3]), act_type='prelu')"),
    # the second output (the slopes) is uninitialized memory in MXNet outside training
    ('rrelu_predict', "nd.LeakyReLU(" + LX + ", act_type='rrelu')[0]"),
    ('leaky_bad_type', "nd.LeakyReLU(" + LX + ", act_type='swish')"),
    ('leaky_int', "nd.LeakyReLU(nd.array([1, -1], dtype='int32'))"),
    ('prelu_grad', "x = " + LX + "\ng = nd.array([0.1, 0.2, 0.3, 0.4])\n"
     + _grad("nd.LeakyReLU(x, g, act_type='prelu')", 'x', 'g')),
    ('elu_grad', "x = " + LX + "\n" + _grad("nd.LeakyReLU(x, act_type='elu', slope=0.5)", 'x')),
]

# ---- softmax family and output layers ----
S = "nd.array([[1., 2, 3], [4, 5, 6.5]])"
CASES += [
    ('softmax', "nd.softmax(" + S + ")"),
    ('softmax_axis0', "nd.softmax(" + S + ", axis=0)"),
    ('softmax_method', S + ".softmax(axis=0)"),
    ('softmax_temperature', "nd.softmax(" + S + ", temperature=2)"),
    ('softmax_temperature_zero', "nd.softmax(" + S + ", temperature=0)"),
    ('softmax_length', "nd.softmax(" + S + ", nd.array([1, 2], dtype='int32'), use_length=True)"),
    ('softmax_length_axis0', "nd.softmax(" + S + ", nd.array([1, 2, 0], dtype='int32'), use_length=True, axis=0)"),
    ('softmax_length_float_error', "nd.softmax(" + S + ", nd.array([1, 2]), use_length=True)"),
    ('softmax_length_shape_error', "nd.softmax(" + S + ", nd.array([1, 2], dtype='int32'), use_length=True, axis=0)"),
    ('softmax_dtype_f64', "nd.softmax(" + S + ", dtype='float64')"),
    ('softmax_dtype_f16_in', "nd.softmax(" + S + ".astype('float16'), dtype='float32')", {'atol': 1e-3}),
    ('softmax_f16', "nd.softmax(" + S + ".astype('float16'))", {'atol': 1e-3}),
    ('softmax_int_error', "nd.softmax(nd.array([1, 2], dtype='int32'))"),
    ('softmax_axis_error', "nd.softmax(" + S + ", axis=2)"),
    ('log_softmax', "nd.log_softmax(" + S + ", axis=0, temperature=0.5)"),
    ('log_softmax_method', S + ".log_softmax()"),
    ('softmin', "nd.softmin(" + S + ")"),
    ('softmin_method', S + ".softmin(axis=0)"),
    ('softmax_grad', "x = " + S + "\n" + _grad("nd.softmax(x, temperature=2)", 'x')),
    ('softmax_length_grad', "x = " + S + "\n"
     + _grad("nd.softmax(x, nd.array([1, 2], dtype='int32'), use_length=True)", 'x')),
    ('log_softmax_grad', "x = " + S + "\n" + _grad("nd.log_softmax(x)", 'x')),
    ('softmax_activation', "nd.SoftmaxActivation(" + S + ")"),
    ('softmax_activation_3d', "nd.SoftmaxActivation(nd.array(np.arange(8).reshape(2, 2, 2) / 3))"),
    ('softmax_activation_channel', "nd.SoftmaxActivation(nd.array(np.arange(8).reshape(2, 2, 2) / 3), "
                                   "mode='channel')"),
    ('softmax_output', "nd.SoftmaxOutput(" + S + ", nd.array([2, 0]))"),
    ('softmax_output_grad', "x = " + S + "\n" + _grad("nd.SoftmaxOutput(x, nd.array([2, 0]))", 'x')),
    ('softmax_output_grad_scale_batch', "x = " + S + "\n"
     + _grad("nd.SoftmaxOutput(x, nd.array([2, 0]), grad_scale=3, normalization='batch')", 'x')),
    ('softmax_output_ignore_valid', "x = nd.array(np.arange(12).reshape(4, 3) / 5)\n"
     + _grad("nd.SoftmaxOutput(x, nd.array([2, -1, 1, -1]), use_ignore=True, normalization='valid')", 'x')),
    ('softmax_output_ignore_label', "x = nd.array(np.arange(12).reshape(4, 3) / 5)\n"
     + _grad("nd.SoftmaxOutput(x, nd.array([2, 1, 1, 0]), use_ignore=True, ignore_label=1)", 'x')),
    ('softmax_output_smooth', "x = nd.array(np.arange(12).reshape(4, 3) / 5)\n"
     + _grad("nd.SoftmaxOutput(x, nd.array([2, 1, 1, 0]), smooth_alpha=0.3)", 'x')),
    ('softmax_output_multi', "x = nd.array(np.arange(24).reshape(2, 3, 4) / 7)\n"
     + _grad("nd.SoftmaxOutput(x, nd.array([[0, 1, 2, 1], [2, 2, 0, 1]]), multi_output=True)", 'x')),
    ('softmax_output_multi_valid', "x = nd.array(np.arange(24).reshape(2, 3, 4) / 7)\n"
     + _grad("nd.SoftmaxOutput(x, nd.array([[0, 1, 2, 1], [2, 2, 0, 1]]), multi_output=True, use_ignore=True, "
             "ignore_label=2, normalization='valid')", 'x')),
    ('softmax_output_multi_batch', "x = nd.array(np.arange(24).reshape(2, 3, 4) / 7)\n"
     + _grad("nd.SoftmaxOutput(x, nd.array([[0, 1, 2, 1], [2, 2, 0, 1]]), multi_output=True, "
             "normalization='batch')", 'x')),
    ('softmax_output_preserve', "x = nd.array(np.arange(24).reshape(2, 4, 3) / 7)\n"
     + _grad("nd.SoftmaxOutput(x, nd.array([[0, 1, 2, 1], [2, 2, 0, 1]]), preserve_shape=True)", 'x')),
    ('softmax_output_flatten_label_error', "nd.SoftmaxOutput(nd.ones((2, 3, 4)), nd.array([5, 11]))"),
    ('softmax_output_multi_label_error', "nd.SoftmaxOutput(nd.ones((2, 3, 4)), nd.ones((2, 3)), multi_output=True)"),
    ('softmax_output_multi_label_3d', "x = nd.array(np.arange(24).reshape(2, 3, 4) / 7)\n"
     + _grad("nd.SoftmaxOutput(x, nd.array([[[0, 1, 2, 1]], [[2, 2, 0, 1]]]), multi_output=True)", 'x')),
    ('softmax_output_prob_label', "x = " + S + "\n"
     + _grad("nd.SoftmaxOutput(x, nd.array([[0.2, 0.3, 0.5], [1, 0, 0]]), grad_scale=2)", 'x')),
    ('softmax_output_out_grad', "x = " + S + "\n" + _grad("nd.SoftmaxOutput(x, nd.array([2, 0]), out_grad=True)", 'x')),
    ('softmax_alias', "nd.Softmax(" + S + ", nd.array([2, 0]))"),
    ('softmax_cross_entropy', "nd.softmax_cross_entropy(" + S + ", nd.array([2, 0]))"),
    ('linear_regression_grad', "x = " + S + "\n"
     + _grad("nd.LinearRegressionOutput(x, nd.array([[0, 1, 2], [3, 4, 5]]), grad_scale=2)", 'x')),
    ('linear_regression_label_1d', "x = nd.array([[1.], [2], [3]])\n"
     + _grad("nd.LinearRegressionOutput(x, nd.array([0, 1, 5]))", 'x')),
    ('logistic_regression_grad', "x = " + S + "\n"
     + _grad("nd.LogisticRegressionOutput(x, nd.array([[0, 1, 1], [1, 0, 0]]))", 'x')),
    ('mae_regression_grad', "x = " + S + "\n"
     + _grad("nd.MAERegressionOutput(x, nd.array([[0, 3, 2], [5, 5, 7]]), grad_scale=0.5)", 'x')),
    ('regression_label_error', "nd.LinearRegressionOutput(" + S + ", nd.array([1, 2]))"),
    ('makeloss_grad', "x = " + S + "\n" + _grad("nd.MakeLoss(x, grad_scale=2)", 'x')),
    ('makeloss_batch', "x = " + S + "\n" + _grad("nd.MakeLoss(x, normalization='batch')", 'x')),
    ('makeloss_valid', "x = " + S + " - 3\n" + _grad("nd.MakeLoss(x, normalization='valid', valid_thresh=0.5)", 'x')),
    ('make_loss_grad', "x = " + S + "\n" + _grad("nd.make_loss(x * 2)", 'x')),
]

# ---- UpSampling, resizing, ROI pooling, CTC ----
U = "nd.array(np.arange(8).reshape(1, 2, 2, 2))"
CTC_DATA = "nd.array(np.sin(np.arange(4 * 2 * 5)).reshape(4, 2, 5))"
CASES += [
    ('upsampling_nearest', "nd.UpSampling(" + U + ", scale=2, sample_type='nearest')"),
    ('upsampling_nearest_multi', "nd.UpSampling(" + U + ", nd.arange(16).reshape((1, 1, 4, 4)), scale=2, "
                                 "sample_type='nearest')"),
    ('upsampling_nearest_sum', "nd.UpSampling(nd.arange(4).reshape((1, 1, 2, 2)), nd.arange(16).reshape((1, 1, 4, 4)), "
                               "scale=2, sample_type='nearest', multi_input_mode='sum')"),
    ('upsampling_bilinear', "nd.UpSampling(" + U + ", nd.array(np.arange(32).reshape(2, 1, 4, 4) / 10), scale=2, "
                            "sample_type='bilinear', num_filter=2)"),
    ('upsampling_bilinear_scale3', "nd.UpSampling(" + U + ", nd.ones((2, 1, 5, 5)), scale=3, "
                                   "sample_type='bilinear', num_filter=2)"),
    ('upsampling_missing_type', "nd.UpSampling(" + U + ", scale=2)"),
    ('upsampling_grad', "x = " + U + "\n" + _grad("nd.UpSampling(x, scale=2, sample_type='nearest')", 'x')),
    ('bilinear_resize', "nd.contrib.BilinearResize2D(" + U + ", height=3, width=5)"),
    ('bilinear_resize_no_align', "nd.contrib.BilinearResize2D(" + U + ", height=3, width=5, align_corners=False)"),
    ('bilinear_resize_scale', "nd.contrib.BilinearResize2D(" + U + ", scale_height=2, scale_width=1.5)"),
    ('bilinear_resize_like', "nd.contrib.BilinearResize2D(" + U + ", nd.ones((1, 1, 4, 3)), mode='like')"),
    ('bilinear_resize_odd_up', "nd.contrib.BilinearResize2D(" + U + ", mode='to_odd_up')"),
    ('bilinear_resize_even_down', "nd.contrib.BilinearResize2D(nd.ones((1, 1, 3, 5)), mode='to_even_down')"),
    ('adaptive_avg_pool', "nd.contrib.AdaptiveAvgPooling2D(nd.array(np.arange(50).reshape(1, 2, 5, 5)), "
                          "output_size=(2, 3))"),
    ('adaptive_avg_pool_int', "nd.contrib.AdaptiveAvgPooling2D(nd.array(np.arange(50).reshape(1, 2, 5, 5)), "
                              "output_size=2)"),
    ('adaptive_avg_pool_default', "nd.contrib.AdaptiveAvgPooling2D(nd.array(np.arange(50).reshape(1, 2, 5, 5)))"),
    ('roi_pooling', "nd.ROIPooling(nd.array(np.arange(2 * 2 * 6 * 6).reshape(2, 2, 6, 6) % 11), "
                    "nd.array([[0, 0, 0, 3, 3], [1, 1.4, 0.6, 5, 4], [0, 2, 2, 2, 2]]), pooled_size=(2, 2), "
                    "spatial_scale=1)"),
    ('roi_pooling_scale', "nd.ROIPooling(nd.array(np.arange(2 * 2 * 6 * 6).reshape(2, 2, 6, 6) % 11), "
                          "nd.array([[1, 0, 0, 7, 9]]), pooled_size=(3, 2), spatial_scale=0.5)"),
    ('ctc_loss', "nd.CTCLoss(" + CTC_DATA + ", nd.array([[1, 2, 0], [3, 3, 1]]))"),
    ('ctc_loss_contrib', "nd.contrib.ctc_loss(" + CTC_DATA + ", nd.array([[1, 2, 0], [3, 3, 1]]))"),
    ('ctc_loss_contrib_upper', "nd.contrib.CTCLoss(" + CTC_DATA + ", nd.array([[1, 2, 0], [3, 3, 1]]))"),
    ('ctc_loss_blank_last', "nd.ctc_loss(" + CTC_DATA + ", nd.array([[1, 2, -1], [3, 0, 0]]), blank_label='last')"),
    ('ctc_loss_lengths', "nd.CTCLoss(" + CTC_DATA + ", nd.array([[1, 2, 2], [3, 1, 1]]), nd.array([3, 4]), "
                         "nd.array([2, 1]), use_data_lengths=True, use_label_lengths=True)"),
    ('ctc_loss_impossible', "nd.CTCLoss(" + CTC_DATA + ", nd.array([[1, 1, 1], [3, 3, 3]]))"),
    ('ctc_loss_grad', "x = " + CTC_DATA + "\n" + _grad("nd.CTCLoss(x, nd.array([[1, 2, 0], [3, 3, 1]]))", 'x'),
     {'atol': 1e-5}),
    ('ctc_loss_grad_lengths', "x = " + CTC_DATA + "\n"
     + _grad("nd.CTCLoss(x, nd.array([[1, 2, 2], [3, 1, 1]]), nd.array([3, 4]), nd.array([2, 1]), "
             "use_data_lengths=True, use_label_lengths=True)", 'x'), {'atol': 1e-5}),
]
