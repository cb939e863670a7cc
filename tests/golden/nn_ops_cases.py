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
