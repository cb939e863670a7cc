"""Bad inputs where mxtorch once did worse than MXNet 1.9.1 (issue 16), and the operator errors whose torch
wording mxtorch now says in MXNet's terms.

- softmax / log_softmax of rows holding +inf or NaN, their gradients and SoftmaxCrossEntropyLoss on such
  rows: MXNet's CPU kernel (float32, last axis, no temperature) gives NaN only where the row's maximum is,
  and finite values elsewhere; its other paths give whole NaN rows;
- autograd.grad with variables that are not variables or that the heads' graph does not reach;
- max, min, argmax, argmin of empty arrays;
- operators given shapes, dtypes or axes that torch refuses (tests/test_bad_inputs.py checks that their
  messages carry none of torch's vocabulary)."""

INF = float('inf')
NAN = float('nan')

# rows with infinities and NaNs next to an ordinary row
_ROWS = {
    'plus_inf': [[INF, 1.0, 2.0], [1.0, 2.0, 3.0]],
    'plus_inf_last': [[1.0, 2.0, INF], [0.5, 0.5, 0.5]],
    'two_plus_inf': [[INF, 1.0, INF], [INF, INF, 1.0]],
    'plus_and_minus_inf': [[INF, -INF, 3.0], [-INF, 1.0, 2.0]],
    'minus_inf': [[-INF, 1.0, 2.0], [-INF, -INF, -INF]],
    'nan': [[NAN, 1.0, 2.0], [2.0, NAN, 1.0]],
    'huge_finite': [[3.4e38, -3.4e38, 0.0], [3.4e38, 3.4e38, 1.0]],
}

# the rows print infinities and NaNs as inf and nan
_NON_FINITE = "inf, nan = float('inf'), float('nan')"

_FORWARD_BACKWARD = _NON_FINITE + """
x = nd.array({rows}{dtype})
x.attach_grad()
with autograd.record():
    y = nd.{op}(x{args})
y.backward(nd.array(np.linspace(-1.0, 2.0, y.size).reshape(y.shape), dtype=y.dtype))
result = [y, x.grad]
"""


def _case(name, op, rows, args='', dtype='', **options):
    code = _FORWARD_BACKWARD.format(rows=rows, op=op, args=args, dtype=dtype)
    return ('{}_{}'.format(op, name), code, dict({'atol': 2e-5, 'rtol': 2e-5}, **options))


CASES = []
for _name, _rows in _ROWS.items():
    CASES.append(_case(_name, 'softmax', _rows))
    CASES.append(_case(_name, 'log_softmax', _rows))
CASES += [
    _case('axis_1', 'softmax', _ROWS['plus_inf'], ', axis=1'),
    _case('dtype_float32', 'log_softmax', _ROWS['plus_inf'], ", dtype='float32'"),
    _case('one_dimension', 'softmax', [INF, 1.0, 2.0]),
    _case('four_dimensions', 'log_softmax', [[[[INF, 1.0, 2.0]]]]),
    _case('nan_four_dimensions', 'softmax', [[[[NAN, 1.0, 2.0]]]]),
    # MXNet's other paths: the whole row is NaN, as the plain formula gives
    _case('float64', 'softmax', _ROWS['plus_inf'], dtype=", dtype='float64'"),
    _case('float64', 'log_softmax', _ROWS['plus_inf'], dtype=", dtype='float64'"),
    _case('temperature_one', 'softmax', _ROWS['plus_inf'], ', temperature=1.0'),
    _case('temperature_two', 'log_softmax', _ROWS['plus_inf'], ', temperature=2.0'),
    _case('axis_0', 'softmax', _ROWS['plus_inf'], ', axis=0'),
    _case('five_dimensions', 'softmax', [[[[[INF, 1.0, 2.0]]]]]),
    _case('to_float64', 'log_softmax', _ROWS['plus_inf'], ", dtype='float64'"),
    _case('plus_inf', 'softmin', _ROWS['plus_and_minus_inf']),
    _case('plus_inf', 'SoftmaxActivation', _ROWS['plus_inf']),
    ('softmax_length_plus_inf', _NON_FINITE + """
x = nd.array([[inf, 1.0, 2.0], [1.0, 2.0, inf]])
result = nd.softmax(x, nd.array([2, 2], dtype='int32'), use_length=True)
""", {'atol': 1e-6}),
]

_LOSS = _NON_FINITE + """
pred = nd.array({rows})
label = nd.array({label})
pred.attach_grad()
with autograd.record():
    loss = gluon.loss.{loss}
    out = loss(pred, label)
out.backward()
result = [out, pred.grad]
"""


def _loss_case(name, loss, rows, label, **options):
    code = _LOSS.format(rows=rows, label=label, loss=loss)
    return ('loss_' + name, code, dict({'atol': 2e-5, 'rtol': 2e-5}, **options))


CASES += [
    _loss_case('sparse_inf_not_at_label', 'SoftmaxCrossEntropyLoss()', _ROWS['plus_inf'], [1, 0]),
    _loss_case('sparse_inf_at_label', 'SoftmaxCrossEntropyLoss()', _ROWS['plus_inf'], [0, 2]),
    _loss_case('sparse_two_inf', 'SoftmaxCrossEntropyLoss()', _ROWS['two_plus_inf'], [1, 2]),
    _loss_case('sparse_nan', 'SoftmaxCrossEntropyLoss()', _ROWS['nan'], [1, 0]),
    _loss_case('sparse_minus_inf_label', 'SoftmaxCrossEntropyLoss()', _ROWS['minus_inf'][:1], [0]),
    _loss_case('sparse_weighted', 'SoftmaxCrossEntropyLoss(weight=0.5)', _ROWS['plus_inf'], [1, 0]),
    _loss_case('dense_inf', 'SoftmaxCrossEntropyLoss(sparse_label=False)', _ROWS['plus_inf'],
               [[0.0, 1.0, 0.0], [0.5, 0.25, 0.25]]),
    _loss_case('from_logits_inf', 'SoftmaxCrossEntropyLoss(from_logits=True)', [[-INF, -1.0, -2.0]], [1]),
    _loss_case('axis_0_inf', 'SoftmaxCrossEntropyLoss(axis=0)', _ROWS['plus_inf'], [1, 0, 1]),
    _loss_case('kl_div_inf', 'KLDivLoss(from_logits=False)', _ROWS['plus_inf'],
               [[0.2, 0.3, 0.5], [0.5, 0.25, 0.25]]),
]
CASES.append(('loss_float64_inf', _NON_FINITE + """
pred = nd.array({rows}, dtype='float64')
pred.attach_grad()
with autograd.record():
    out = gluon.loss.SoftmaxCrossEntropyLoss()(pred, nd.array([1, 0], dtype='float64'))
out.backward()
result = [out, pred.grad]
""".format(rows=_ROWS['plus_inf']), {'atol': 1e-6}))

# autograd.grad: which variables MXNet refuses, and with which words (tests/test_bad_inputs.py compares them)
_VARIABLES = """
x = nd.array([1.0, -2.0, 3.0])
z = nd.array([0.5, 0.5, 0.5])
x.attach_grad()
z.attach_grad()
{setup}
with autograd.record():
    {record}
result = autograd.grad({heads}, {variables}{more})
"""


def _grad_case(name, record, variables, heads='y', setup='', more='', **options):
    code = _VARIABLES.format(setup=setup, record=record, heads=heads, variables=variables, more=more)
    return ('grad_' + name, code, options) if options else ('grad_' + name, code)


CASES += [
    _grad_case('second_unreachable', 'y = x * 2', '[x, z]'),
    _grad_case('first_unreachable', 'y = x * 2', '[z, x]'),
    _grad_case('only_unreachable', 'y = x * 2', 'z'),
    _grad_case('unreachable_with_create_graph', 'y = x * 2', '[x, z]', more=', create_graph=True'),
    _grad_case('variable_of_another_head', 'y = x * 2\n    w = z * 3', '[z]'),
    _grad_case('head_is_another_variable', 'pass', '[z]', heads='x'),
    _grad_case('head_is_the_variable', 'pass', '[x]', heads='x'),
    _grad_case('through_detach', 'y = x.detach() * 2 + z', '[x, z]'),
    _grad_case('not_attached', 'y = x * w', '[x, w]', setup='w = nd.array([1.0, 2.0, 3.0])'),
    _grad_case('intermediate_result', 'h = x * 2\n    y = h * h', '[x, h]'),
    _grad_case('grad_req_null', 'y = x * n', '[n, x]', setup="n = nd.ones((3,))\nn.attach_grad('null')"),
    _grad_case('through_stop_gradient', 'y = nd.stop_gradient(x) * 2 + z', '[x, z]'),
    _grad_case('through_block_grad', 'y = nd.BlockGrad(x) * z', '[x, z]'),
    _grad_case('floor_then_again', 'g = autograd.grad(nd.floor(x), [x], create_graph=True, retain_graph=True)[0]',
               '[x]', heads='g'),
    ('grad_graph_kept_after_an_error', """
x = nd.array([1.0, -2.0, 3.0])
z = nd.array([0.5, 0.5, 0.5])
x.attach_grad()
z.attach_grad()
with autograd.record():
    y = x * x
try:
    autograd.grad(y, [x, z])
except mx.base.MXNetError:
    pass
result = autograd.grad(y, [x])
"""),
    ('backward_through_block_grad', """
x = nd.array([1.0, -2.0, 3.0])
x.attach_grad()
x.grad[:] = 5
with autograd.record():
    y = nd.BlockGrad(x) * 2
y.backward()
result = x.grad
"""),
]

# autograd's other refusals: MXNet's types and words where it has clear ones (its check of a variable given
# twice is an internal one; mxtorch names the repeated variable)
_AG = """
x = nd.array([1.0, -2.0, 3.0])
z = nd.array([0.5, 0.5, 0.5])
x.attach_grad()
z.attach_grad()
with autograd.record():
    y = x * z
    w = z * 2
{code}
"""
CASES += [
    ('autograd_grad_empty_heads', _AG.format(code='result = autograd.grad([], [x])')),
    ('autograd_grad_variable_twice', _AG.format(code='result = autograd.grad(y, [x, z, x])')),
    ('autograd_grad_same_head_twice', _AG.format(code='result = autograd.grad([y, y], [x])')),
    ('autograd_grad_head_grads_length', _AG.format(code='result = autograd.grad([y], [x], [nd.ones(3), nd.ones(3)])')),
    ('autograd_backward_head_grads_length', _AG.format(code='autograd.backward([y, w], [nd.ones(3)])\nresult = x.grad')),
    ('autograd_backward_head_grads_empty', _AG.format(code='autograd.backward([y], [])\nresult = x.grad')),
    ('autograd_backward_no_heads', _AG.format(code='autograd.backward([])\nresult = x.grad')),
    ('autograd_backward_one_head_not_recorded', _AG.format(code='autograd.backward([y, x * 2])\nresult = x.grad')),
    ('autograd_backward_detached_head', _AG.format(code='y.detach().backward()\nresult = x.grad')),
    ('autograd_backward_twice', _AG.format(code='y.backward()\ny.backward()\nresult = x.grad')),
    ('autograd_backward_after_grad', _AG.format(code='autograd.grad(y, [x])\ny.backward()\nresult = x.grad')),
]

# reductions without an identity of empty arrays
_EMPTY = "nd.array(np.zeros({shape}))"
CASES += [
    ('empty_max', 'nd.max({})'.format(_EMPTY.format(shape=(0,)))),
    ('empty_min_method', '{}.min()'.format(_EMPTY.format(shape=(0,)))),
    ('empty_max_axis_of_size_zero', 'nd.max({}, axis=1)'.format(_EMPTY.format(shape=(2, 0)))),
    ('empty_min_keepdims', 'nd.min({}, axis=1, keepdims=True)'.format(_EMPTY.format(shape=(2, 0)))),
    ('empty_max_axis_0', 'nd.max({}, axis=0)'.format(_EMPTY.format(shape=(0, 3)))),
    ('empty_max_int', "nd.max(nd.array(np.zeros((0,)), dtype='int32'))"),
    ('empty_argmax', 'nd.argmax({})'.format(_EMPTY.format(shape=(0,)))),
    ('empty_argmax_axis', 'nd.argmax({}, axis=1)'.format(_EMPTY.format(shape=(2, 0)))),
    ('empty_argmin_axis_0', 'nd.argmin({}, axis=0)'.format(_EMPTY.format(shape=(0, 3)))),
    ('empty_sum', 'nd.sum({})'.format(_EMPTY.format(shape=(0,)))),
    ('empty_prod_axis', 'nd.prod({}, axis=0)'.format(_EMPTY.format(shape=(0, 3)))),
]

# operators given what torch refuses: MXNet raises too; mxtorch's message is in MXNet's terms
_A = 'nd.array(np.random.uniform(size={}))'


def _a(*shape):
    return _A.format(shape)


CASES += [
    ('op_add_shapes', 'nd.add({}, {})'.format(_a(2, 3), _a(4, 5))),
    ('op_broadcast_mul_shapes', 'nd.broadcast_mul({}, {})'.format(_a(2, 3), _a(2, 4))),
    ('op_lesser_shapes', '{} < {}'.format(_a(3), _a(4))),
    ('op_dot_shapes', 'nd.dot({}, {})'.format(_a(2, 3), _a(4, 5))),
    ('op_fully_connected_dtypes', "nd.FullyConnected({}, {}, {}.astype('float64'), num_hidden=4)".format(
        _a(2, 3), _a(4, 3), _a(4))),
    ('op_convolution_channels', 'nd.Convolution({}, {}, {}, kernel=(3, 3), num_filter=4)'.format(
        _a(1, 2, 5, 5), _a(4, 3, 3, 3), _a(4))),
    ('op_convolution_kernel_too_large', 'nd.Convolution({}, {}, {}, kernel=(3, 3), num_filter=4)'.format(
        _a(1, 3, 2, 2), _a(4, 3, 3, 3), _a(4))),
    ('op_convolution_bias', 'nd.Convolution({}, {}, {}, kernel=(3, 3), num_filter=4)'.format(
        _a(1, 3, 5, 5), _a(4, 3, 3, 3), _a(5))),
    ('op_pooling_kernel_too_large', "nd.Pooling({}, kernel=(3, 3), pool_type='max')".format(_a(1, 1, 2, 2))),
    ('op_layer_norm_gamma', 'nd.LayerNorm({}, {}, {})'.format(_a(2, 3), _a(2), _a(3))),
    ('op_layer_norm_dtype', "nd.LayerNorm({}, nd.ones((3,), dtype='float64'), nd.zeros((3,), dtype='float64'))"
     .format(_a(2, 3))),
    ('op_instance_norm_gamma', 'nd.InstanceNorm({}, {}, {})'.format(_a(2, 3, 4), _a(2), _a(3))),
    ('op_tile_negative', 'nd.tile({}, reps=(-1,))'.format(_a(3, 4))),
    ('op_sort_axis', 'nd.sort({}, axis=5)'.format(_a(2, 3))),
    ('op_argsort_axis', 'nd.argsort({}, axis=-4)'.format(_a(2, 3))),
    ('op_depth_to_space_channels', 'nd.depth_to_space({}, 2)'.format(_a(1, 3, 2, 2))),
    ('op_space_to_depth_size', 'nd.space_to_depth({}, 2)'.format(_a(1, 3, 3, 3))),
    ('op_loss_sample_weight', 'gluon.loss.L2Loss()({}, {}, {})'.format(_a(4, 3), _a(4, 3), _a(4))),
    ('op_setitem_shapes', 'x = {}\nx[:] = {}\nresult = x'.format(_a(2, 3), _a(4, 5)),
     {'errors': ('ValueError',)}),
]

# MXNet's NumPy interface (np shape semantics on): reductions without an identity and searches of empty arrays
_NP_CASE = """
mx.npx.set_np()
try:
    result = {}
finally:
    mx.npx.reset_np()
"""
CASES += [
    ('np_max_empty', _NP_CASE.format('mx.np.max(mx.np.zeros((0,)))')),
    ('np_min_empty_axis', _NP_CASE.format('mx.np.min(mx.np.zeros((0, 3)), axis=0)')),
    ('np_max_empty_other_axis', _NP_CASE.format('mx.np.max(mx.np.zeros((2, 0)), axis=0)')),
    ('np_argmax_empty', _NP_CASE.format('mx.np.argmax(mx.np.zeros((0,)))')),
    ('np_argmin_empty_axis', _NP_CASE.format('mx.np.argmin(mx.np.zeros((2, 0)), axis=1)')),
    ('np_argmax_empty_other_axis', _NP_CASE.format('mx.np.argmax(mx.np.zeros((2, 0)), axis=0)')),
    ('np_argmax_method_empty', _NP_CASE.format('mx.np.zeros((0, 2)).argmax()')),
    ('np_topk_empty', _NP_CASE.format('mx.npx.topk(mx.np.zeros((2, 0)), k=1)')),
    ('np_shape_nd_max_empty', _NP_CASE.format('nd.max(nd.zeros((0,)))')),
    ('np_shape_nd_argmax_empty_axis', _NP_CASE.format('nd.argmax(nd.zeros((2, 0)), axis=1)')),
    ('empty_topk', 'nd.topk({}, k=1)'.format(_EMPTY.format(shape=(2, 0)))),
]

# more of torch's refusals, said in MXNet's terms (tests/test_bad_inputs.py reads the words)
CASES += [
    ('op_stack_shapes', 'nd.stack({}, {})'.format(_a(2, 3), _a(4, 5))),
    ('op_concat_ndim', 'nd.concat({}, {}, dim=0)'.format(_a(2, 3), _a(2))),
    ('op_batch_dot_shapes', 'nd.batch_dot({}, {})'.format(_a(2, 3, 4), _a(2, 5, 6))),
    ('op_convolution_ndim', 'nd.Convolution({}, {}, {}, kernel=(3, 3), num_filter=4)'.format(
        _a(1, 2, 5), _a(4, 2, 3, 3), _a(4))),
    ('op_group_norm_groups', 'nd.GroupNorm({}, {}, {}, num_groups=2)'.format(_a(2, 3, 4), _a(2), _a(2))),
    ('op_pooling_empty', "nd.Pooling(nd.zeros((1, 1, 0, 2)), kernel=(1, 1), pool_type='max')"),
    ('op_argmax_bool', "nd.argmax(nd.array([[1, 0]], dtype='bool'), axis=1)"),
    ('op_quantize_v2_empty', "nd.contrib.quantize_v2(nd.zeros((0,)), out_type='int8')"),
    ('op_take_float_axis_shapes', 'nd.take({}, {}, axis=3)'.format(_a(2, 3), 'nd.array([0, 1])')),
]
