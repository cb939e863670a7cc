"""Infinities (and NaN) in the softmax family beyond nd.softmax/nd.log_softmax themselves (issue 16; those
are in bad_inputs_cases.py): SoftmaxOutput, softmax_cross_entropy, npx.softmax/npx.log_softmax, the gluon
softmax losses under both names, rows of -inf only, and the paths MXNet does not take through its oneDNN
kernel (float64, axis 0, a temperature, lengths). Values and gradients are MXNet 1.9.1's on the CPU."""

INF = float('inf')
NAN = float('nan')
_NON_FINITE = "inf, nan = float('inf'), float('nan')"

_ROWS = {
    'plus_inf': [[INF, 1.0, 2.0], [1.0, 2.0, 3.0]],
    'minus_inf': [[-INF, 1.0, 2.0], [1.0, -INF, -INF]],
    'all_minus_inf': [[-INF, -INF, -INF], [0.5, 1.0, -1.0]],
    'plus_and_minus_inf': [[INF, -INF, 3.0], [-INF, 1.0, INF]],
    'nan': [[NAN, 1.0, 2.0], [2.0, 1.0, 0.0]],
}
_TOL = {'atol': 2e-5, 'rtol': 2e-5}

_OUTPUT = _NON_FINITE + """
x = nd.array({rows})
x.attach_grad()
with autograd.record():
    y = nd.SoftmaxOutput(x, nd.array({label}){args})
y.backward()
result = [y, x.grad]
"""

_CROSS_ENTROPY = _NON_FINITE + """
x = nd.array({rows})
x.attach_grad()
with autograd.record():
    y = nd.softmax_cross_entropy(x, nd.array({label}))
y.backward()
result = [y, x.grad]
"""

_NPX = _NON_FINITE + """
x = mx.np.array({rows})
x.attach_grad()
with autograd.record():
    y = mx.npx.{op}(x{args})
y.backward(mx.np.array(np.linspace(-1.0, 2.0, y.size).reshape(y.shape), dtype=y.dtype))
result = [y.as_nd_ndarray(), x.grad.as_nd_ndarray()]
"""

_ND = _NON_FINITE + """
x = nd.array({rows}{dtype})
x.attach_grad()
with autograd.record():
    y = nd.{op}(x{args})
y.backward(nd.array(np.linspace(-1.0, 2.0, y.size).reshape(y.shape), dtype=y.dtype))
result = [y, x.grad]
"""

_LOSS = _NON_FINITE + """
pred = nd.array({rows})
pred.attach_grad()
with autograd.record():
    out = gluon.loss.{loss}(pred, nd.array({label}))
out.backward()
result = [out, pred.grad]
"""

CASES = []
for _name in ('plus_inf', 'minus_inf', 'all_minus_inf', 'nan'):
    CASES.append(('output_' + _name, _OUTPUT.format(rows=_ROWS[_name], label=[1, 0], args=''), _TOL))
    CASES.append(('cross_entropy_' + _name, _CROSS_ENTROPY.format(rows=_ROWS[_name], label=[1, 0]), _TOL))
CASES += [
    ('output_label_at_inf', _OUTPUT.format(rows=_ROWS['plus_inf'], label=[0, 2], args=''), _TOL),
    ('output_preserve_shape', _OUTPUT.format(rows=[_ROWS['plus_inf']], label=[[1, 0]], args=', preserve_shape=True'),
     _TOL),
    ('output_multi_output', _OUTPUT.format(rows=[[[INF, 1.0], [1.0, -INF], [2.0, 3.0]]], label=[[0, 1]],
                                            args=', multi_output=True'), _TOL),
    ('output_normalization_batch', _OUTPUT.format(rows=_ROWS['plus_and_minus_inf'], label=[2, 1],
                                                   args=", normalization='batch'"), _TOL),
    ('cross_entropy_label_at_minus_inf', _CROSS_ENTROPY.format(rows=_ROWS['minus_inf'], label=[0, 1]), _TOL),
]
for _name in ('plus_inf', 'minus_inf', 'all_minus_inf', 'plus_and_minus_inf', 'nan'):
    for _op in ('softmax', 'log_softmax'):
        CASES.append(('npx_{}_{}'.format(_op, _name), _NPX.format(rows=_ROWS[_name], op=_op, args=''), _TOL))
CASES += [
    ('npx_softmax_axis_0', _NPX.format(rows=_ROWS['plus_inf'], op='softmax', args=', axis=0'), _TOL),
    ('npx_log_softmax_temperature', _NPX.format(rows=_ROWS['plus_inf'], op='log_softmax', args=', temperature=2.0'),
     _TOL),
]
# nd.softmax and nd.log_softmax with -inf: rows of -inf only, on and off the oneDNN path
for _op in ('softmax', 'log_softmax'):
    CASES += [
        ('{}_all_minus_inf'.format(_op), _ND.format(rows=_ROWS['all_minus_inf'], op=_op, args='', dtype=''), _TOL),
        ('{}_all_minus_inf_float64'.format(_op), _ND.format(rows=_ROWS['all_minus_inf'], op=_op, args='',
                                                             dtype=", dtype='float64'"), _TOL),
        ('{}_all_minus_inf_axis_0'.format(_op), _ND.format(rows=[[-INF, 1.0], [-INF, 2.0]], op=_op,
                                                            args=', axis=0', dtype=''), _TOL),
        ('{}_minus_inf_temperature'.format(_op), _ND.format(rows=_ROWS['minus_inf'], op=_op,
                                                             args=', temperature=0.5', dtype=''), _TOL),
        ('{}_plus_and_minus_inf_float16'.format(_op), _ND.format(rows=_ROWS['plus_and_minus_inf'], op=_op, args='',
                                                                  dtype=", dtype='float16'"),
         {'atol': 2e-3, 'rtol': 2e-3}),
    ]
CASES += [
    ('softmax_length_minus_inf', _NON_FINITE + """
x = nd.array([[-inf, -inf, 2.0], [1.0, -inf, inf]])
result = nd.softmax(x, nd.array([2, 1], dtype='int32'), use_length=True)
""", _TOL),
    ('softmax_activation_channel_inf', _ND.format(rows=[[[INF], [1.0]], [[-INF], [-INF]]], op='SoftmaxActivation',
                                                  args=", mode='channel'", dtype=''), _TOL),
]
for _loss in ('SoftmaxCrossEntropyLoss', 'SoftmaxCELoss'):
    CASES += [
        ('{}_minus_inf'.format(_loss), _LOSS.format(rows=_ROWS['minus_inf'], label=[1, 0], loss=_loss + '()'), _TOL),
        ('{}_all_minus_inf'.format(_loss), _LOSS.format(rows=_ROWS['all_minus_inf'], label=[1, 0],
                                                         loss=_loss + '()'), _TOL),
        ('{}_plus_and_minus_inf'.format(_loss), _LOSS.format(rows=_ROWS['plus_and_minus_inf'], label=[2, 0],
                                                              loss=_loss + '()'), _TOL),
    ]
CASES += [
    ('loss_dense_minus_inf', _LOSS.format(rows=_ROWS['minus_inf'], label=[[0.0, 0.5, 0.5], [1.0, 0.0, 0.0]],
                                          loss='SoftmaxCELoss(sparse_label=False)'), _TOL),
    ('loss_from_logits_all_minus_inf', _LOSS.format(rows=_ROWS['all_minus_inf'], label=[1, 0],
                                                    loss='SoftmaxCELoss(from_logits=True)'), _TOL),
    ('loss_axis_0_minus_inf', _LOSS.format(rows=_ROWS['minus_inf'], label=[0, 1, 1], loss='SoftmaxCELoss(axis=0)'),
     _TOL),
]
# MXNet floors the label's probability at 1e-8, so a finite score far below the row's maximum costs
# -log(1e-8) too; the gradient is softmax - one_hot all the same
CASES.append(('cross_entropy_far_below_max', _CROSS_ENTROPY.format(rows=[[0.0, 30.0, 1.0], [2.0, 1.0, -25.0]],
                                                                   label=[0, 2]), _TOL))
CASES.append(('cross_entropy_head_gradient', _NON_FINITE + """
x = nd.array([[-inf, 1.0, 2.0], [1.0, 2.0, 3.0]])
x.attach_grad()
with autograd.record():
    y = nd.softmax_cross_entropy(x, nd.array([0, 1])) * 3
y.backward()
result = [y, x.grad]
""", _TOL))
# an ignored label's row gets 0 written as its gradient, so a +inf or NaN score there leaves no NaN
for _name in ('plus_inf', 'all_minus_inf', 'plus_and_minus_inf', 'nan'):
    CASES.append(('output_ignored_' + _name, _OUTPUT.format(rows=_ROWS[_name], label=[0, 1],
                                                            args=', use_ignore=True, ignore_label=0'), _TOL))
CASES += [
    ('output_ignored_valid_nan', _OUTPUT.format(rows=_ROWS['nan'], label=[1, 2],
                                                args=", use_ignore=True, ignore_label=1, normalization='valid'"), _TOL),
    ('output_ignored_multi_output_inf', _OUTPUT.format(rows=[[[INF, 1.0], [1.0, -INF], [2.0, 3.0]]], label=[[0, 1]],
                                                       args=', multi_output=True, use_ignore=True, ignore_label=0'),
     _TOL),
]
