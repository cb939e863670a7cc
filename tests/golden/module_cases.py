"""Golden cases for the Executor, the output operators' gradients and the Module API (mx.mod, mx.model,
mx.callback, mx.monitor). Run under MXNet 1.9.1 by tools/make_golden.py module."""

# ---- the output operators: forward value and the gradient they send back (their head gradient unused) --
_OUTPUT = '''
def run(out, shapes, values, heads=None):
    exe = out.simple_bind(mx.cpu(), **shapes)
    for k, v in values.items():
        exe.arg_dict[k][:] = v
    exe.forward(is_train=True)
    exe.backward(heads)
    return [exe.outputs[0]] + [exe.grad_dict[k] for k in sorted(values)]
x = mx.sym.var('x')
lab = mx.sym.var('y')
scores = np.array([[0.5, -2.0, 1.5, 0.25], [0.2, 0.3, -0.9, 2.0], [1.0, 1.0, 1.0, 1.0]], dtype='float32')
'''

# a Module trained one SGD-with-momentum step, its optimizer states saved to tmpdir/s.states
_STATES = '''
net = mx.sym.LinearRegressionOutput(mx.sym.FullyConnected(mx.sym.var('data'), num_hidden=1, name='fc'), name='lin')
mod = mx.mod.Module(net, label_names=['lin_label'])
mod.bind(data_shapes=[('data', (2, 2))], label_shapes=[('lin_label', (2, 1))])
mod.init_params(arg_params={'fc_weight': nd.array([[0.5, -0.25]]), 'fc_bias': nd.array([0.125])})
mod.init_optimizer(optimizer='sgd', optimizer_params={'learning_rate': 0.1, 'momentum': 0.9})
mod.forward_backward(mx.io.DataBatch([nd.array([[1, 2], [3, 4]])], [nd.array([[1], [0]])]))
mod.update()
mod.save_optimizer_states(tmpdir + '/s.states')
start = {k: v.copy() for k, v in mod.get_params()[0].items()}
'''

CASES = [
    ('softmax_output', _OUTPUT + '''
result = run(mx.sym.SoftmaxOutput(x, lab), {'x': (3, 4), 'y': (3,)}, {'x': scores, 'y': np.array([0, 3, 1])})'''),
    ('softmax_output_grad_scale_batch', _OUTPUT + '''
result = run(mx.sym.SoftmaxOutput(x, lab, grad_scale=2.5, normalization='batch'), {'x': (3, 4), 'y': (3,)},
             {'x': scores, 'y': np.array([2, 0, 3])})'''),
    ('softmax_output_ignore_valid', _OUTPUT + '''
result = run(mx.sym.SoftmaxOutput(x, lab, use_ignore=True, ignore_label=1, normalization='valid'),
             {'x': (3, 4), 'y': (3,)}, {'x': scores, 'y': np.array([1, 3, 0])})'''),
    ('softmax_output_ignore_unused', _OUTPUT + '''
result = run(mx.sym.SoftmaxOutput(x, lab, ignore_label=1), {'x': (3, 4), 'y': (3,)},
             {'x': scores, 'y': np.array([1, 3, 0])})'''),
    ('softmax_output_multi', _OUTPUT + '''
data = np.arange(24, dtype='float32').reshape(2, 3, 4) / 7.0
label = np.array([[0, 1, 2, 1], [2, 2, 0, 1]], dtype='float32')
result = run(mx.sym.SoftmaxOutput(x, lab, multi_output=True), {'x': (2, 3, 4), 'y': (2, 4)},
             {'x': data, 'y': label})'''),
    ('softmax_output_multi_valid_ignore', _OUTPUT + '''
data = np.arange(24, dtype='float32').reshape(2, 3, 4) / 7.0
label = np.array([[0, 1, 2, 1], [2, 2, 0, 1]], dtype='float32')
result = run(mx.sym.SoftmaxOutput(x, lab, multi_output=True, use_ignore=True, ignore_label=2,
                                  normalization='valid'), {'x': (2, 3, 4), 'y': (2, 4)}, {'x': data, 'y': label})'''),
    ('softmax_output_multi_batch', _OUTPUT + '''
data = np.arange(24, dtype='float32').reshape(2, 3, 4) / 7.0
label = np.array([[0, 1, 2, 1], [2, 2, 0, 1]], dtype='float32')
result = run(mx.sym.SoftmaxOutput(x, lab, multi_output=True, normalization='batch'), {'x': (2, 3, 4), 'y': (2, 4)},
             {'x': data, 'y': label})'''),
    ('softmax_output_preserve_shape', _OUTPUT + '''
data = np.arange(24, dtype='float32').reshape(2, 3, 4) / 5.0
label = np.array([[0, 1, 3], [2, 2, 0]], dtype='float32')
result = run(mx.sym.SoftmaxOutput(x, lab, preserve_shape=True), {'x': (2, 3, 4), 'y': (2, 3)},
             {'x': data, 'y': label})'''),
    ('softmax_output_smooth_alpha', _OUTPUT + '''
result = run(mx.sym.SoftmaxOutput(x, lab, smooth_alpha=0.3), {'x': (3, 4), 'y': (3,)},
             {'x': scores, 'y': np.array([0, 3, 1])})'''),
    ('softmax_output_probabilities', _OUTPUT + '''
p = np.array([[0.1, 0.2, 0.3, 0.4], [0.0, 0.0, 1.0, 0.0], [0.25, 0.25, 0.25, 0.25]], dtype='float32')
result = run(mx.sym.SoftmaxOutput(x, lab), {'x': (3, 4), 'y': (3, 4)}, {'x': scores, 'y': p})'''),
    ('softmax_output_heads_ignored', _OUTPUT + '''
result = run(mx.sym.SoftmaxOutput(x, lab), {'x': (3, 4), 'y': (3,)}, {'x': scores, 'y': np.array([0, 3, 1])},
             heads=[mx.nd.ones((3, 4)) * 7])'''),
    ('softmax_output_image_flat', _OUTPUT + '''
data = np.arange(24, dtype='float32').reshape(2, 3, 4) / 9.0
result = run(mx.sym.SoftmaxOutput(x, lab), {'x': (2, 3, 4), 'y': (2, 3)},
             {'x': data, 'y': np.array([[5, 11, 0], [1, 2, 3]])})'''),
    ('linear_regression_output', _OUTPUT + '''
result = run(mx.sym.LinearRegressionOutput(x, lab, grad_scale=3), {'x': (3, 4), 'y': (3, 4)},
             {'x': scores, 'y': scores[::-1] * 0.5})'''),
    ('linear_regression_output_column', _OUTPUT + '''
result = run(mx.sym.LinearRegressionOutput(x, lab), {'x': (3, 1), 'y': (3,)},
             {'x': np.array([[1.0], [2.0], [-1.5]]), 'y': np.array([0.5, 2.0, 1.0])})'''),
    ('logistic_regression_output', _OUTPUT + '''
result = run(mx.sym.LogisticRegressionOutput(x, lab), {'x': (3, 4), 'y': (3, 4)},
             {'x': scores, 'y': (scores > 0.4).astype('float32')})'''),
    ('mae_regression_output', _OUTPUT + '''
target = scores.copy()
target[0, 1] = -3.0
target[2] = 1.0
result = run(mx.sym.MAERegressionOutput(x, lab, grad_scale=0.5), {'x': (3, 4), 'y': (3, 4)},
             {'x': scores, 'y': target})'''),
    ('make_loss', _OUTPUT + '''
result = run(mx.sym.MakeLoss(x * x, grad_scale=0.5), {'x': (3, 4)}, {'x': scores})'''),
    ('make_loss_batch', _OUTPUT + '''
result = run(mx.sym.MakeLoss(mx.sym.square(x), normalization='batch'), {'x': (3, 4)}, {'x': scores})'''),
    ('make_loss_valid', _OUTPUT + '''
result = run(mx.sym.MakeLoss(x, normalization='valid', valid_thresh=0.4), {'x': (3, 4)}, {'x': scores})'''),
    ('make_loss_lowercase', _OUTPUT + '''
result = run(mx.sym.make_loss(mx.sym.exp(x)), {'x': (3, 4)}, {'x': scores})'''),
    ('block_grad', _OUTPUT + '''
result = run(mx.sym.BlockGrad(x * 3) + x * 2, {'x': (3, 4)}, {'x': scores}, heads=[mx.nd.ones((3, 4))])'''),
    ('svm_output', _OUTPUT + '''
result = run(mx.sym.SVMOutput(x, lab), {'x': (3, 4), 'y': (3,)}, {'x': scores, 'y': np.array([0, 3, 1])})'''),
    ('svm_output_linear', _OUTPUT + '''
result = run(mx.sym.SVMOutput(x, lab, margin=0.5, regularization_coefficient=2.0, use_linear=True),
             {'x': (3, 4), 'y': (3,)}, {'x': scores, 'y': np.array([2, 0, 3])})'''),

    # ---- Executor ---------------------------------------------------------------------------------------
    ('exec_backward_after_predict_forward', '''
a, b = mx.sym.var('a'), mx.sym.var('b')
ga, gb = nd.zeros((2,)), nd.zeros((2,))
exe = (a * b).bind(mx.cpu(), args=[nd.array([2, 3]), nd.array([5, 7])], args_grad=[ga, gb])
exe.forward()
exe.backward([nd.array([1, 10])])
result = [exe.outputs[0], ga, gb]'''),
    ('exec_no_head_gradient', '''
a, b = mx.sym.var('a'), mx.sym.var('b')
exe = (a * b).simple_bind(mx.cpu(), a=(2,), b=(2,))
exe.forward(is_train=True)
exe.backward()'''),
    ('exec_loss_and_other_output', '''
x = mx.sym.var('x')
y = mx.sym.exp(x)
g = mx.sym.Group([mx.sym.SoftmaxOutput(y, name='sm'), y * 2])
exe = g.simple_bind(mx.cpu(), x=(2, 3), sm_label=(2,))
exe.arg_dict['x'][:] = nd.array([[0.1, 0.2, 0.3], [1, -1, 0.5]])
exe.arg_dict['sm_label'][:] = nd.array([2, 0])
exe.forward(is_train=True)
exe.backward([nd.ones((2, 3)), nd.ones((2, 3)) * 0.5])
result = [exe.outputs[0], exe.outputs[1], exe.grad_dict['x'], sorted(exe.output_dict)]'''),
    ('exec_loss_and_other_output_no_heads', '''
x = mx.sym.var('x')
y = mx.sym.exp(x)
g = mx.sym.Group([mx.sym.SoftmaxOutput(y, name='sm'), y * 2])
exe = g.simple_bind(mx.cpu(), x=(2, 3), sm_label=(2,))
exe.forward(is_train=True)
exe.backward()'''),
    ('exec_grad_req_add', '''
a, b = mx.sym.var('a'), mx.sym.var('b')
exe = (a * b + a).simple_bind(mx.cpu(), a=(2,), b=(2,), grad_req='add')
exe.arg_dict['a'][:] = 2
exe.arg_dict['b'][:] = 3
exe.forward(is_train=True)
exe.backward(nd.ones((2,)))
exe.backward(nd.ones((2,)))
exe.forward(is_train=True)
exe.backward(nd.array([1, 2]))
result = [exe.grad_dict['a'], exe.grad_dict['b']]'''),
    ('exec_grad_req_forms', '''
a, b, c = mx.sym.var('a'), mx.sym.var('b'), mx.sym.var('c')
s = a * b + c
result = []
for req in ({'a': 'write'}, ['null', 'add', 'write'], 'null'):
    exe = s.simple_bind(mx.cpu(), a=(2,), b=(2,), c=(2,), grad_req=req)
    result.append([g is None for g in exe.grad_arrays])
    result.append(sorted(exe.grad_dict))'''),
    ('exec_bind_args_grad_dict', '''
a, b = mx.sym.var('a'), mx.sym.var('b')
ga = nd.zeros((2,))
exe = (a * b).bind(mx.cpu(), {'a': nd.array([1, 2]), 'b': nd.array([3, 4])}, args_grad={'a': ga})
exe.forward(is_train=True)
exe.backward(nd.ones((2,)))
result = [ga, exe.grad_arrays[1] is None]'''),
    ('exec_bind_short_list', '''
a, b = mx.sym.var('a'), mx.sym.var('b')
(a * b).bind(mx.cpu(), [nd.ones((2,))])'''),
    ('exec_bind_missing_key', '''
a, b = mx.sym.var('a'), mx.sym.var('b')
(a * b).bind(mx.cpu(), {'a': nd.ones((2,))})'''),
    ('exec_bind_not_array', '''
a, b = mx.sym.var('a'), mx.sym.var('b')
(a * b).bind(mx.cpu(), [nd.ones((2,)), 3])'''),
    ('exec_bind_bad_req', '''
a, b = mx.sym.var('a'), mx.sym.var('b')
(a * b).bind(mx.cpu(), [nd.ones((2,)), nd.ones((2,))], args_grad=[nd.ones((2,)), nd.ones((2,))], grad_req='sum')'''),
    ('exec_bind_bad_req_in_list', '''
a, b = mx.sym.var('a'), mx.sym.var('b')
(a * b).bind(mx.cpu(), [nd.ones((2,)), nd.ones((2,))], args_grad=[nd.ones((2,)), nd.ones((2,))],
             grad_req=['write', 'sum'])'''),
    ('exec_bind_ctx_string', '''
a = mx.sym.var('a')
(a * 2).bind('cpu', [nd.ones((2,))])'''),
    ('exec_forward_unknown_kwarg', '''
a = mx.sym.var('a')
exe = (a * 2).simple_bind(mx.cpu(), a=(2,))
exe.forward(b=nd.ones((2,)))'''),
    ('exec_forward_wrong_shape', '''
a = mx.sym.var('a')
exe = (a * 2).simple_bind(mx.cpu(), a=(2,))
exe.forward(a=nd.ones((3,)))'''),
    ('exec_forward_list_kwarg', '''
a = mx.sym.var('a')
exe = (a * 2).simple_bind(mx.cpu(), a=(2,))
exe.forward(a=[1, 2])'''),
    ('exec_forward_numpy_kwarg', '''
a = mx.sym.var('a')
exe = (a * 2).simple_bind(mx.cpu(), a=(2,))
result = exe.forward(a=np.array([1.5, -2]))'''),
    ('exec_backward_numpy_head', '''
a = mx.sym.var('a')
exe = (a * 2).simple_bind(mx.cpu(), a=(2,))
exe.forward(is_train=True)
exe.backward(np.ones((2,)))'''),
    ('exec_backward_head_by_name', '''
a = mx.sym.var('a')
s = a * 2
exe = s.simple_bind(mx.cpu(), a=(2,))
exe.forward(is_train=True)
exe.backward({s.list_outputs()[0]: nd.array([1, -3])})
result = exe.grad_dict['a']'''),
    ('exec_backward_head_wrong_name', '''
a = mx.sym.var('a')
exe = (a * 2).simple_bind(mx.cpu(), a=(2,))
exe.forward(is_train=True)
exe.backward({'b': nd.ones((2,))})'''),
    ('exec_simple_bind_undecided', '''
a, b = mx.sym.var('a'), mx.sym.var('b')
(mx.sym.dot(a, b)).simple_bind(mx.cpu(), a=(2, 3))'''),
    ('exec_simple_bind_types', '''
a, b = mx.sym.var('a'), mx.sym.var('b')
exe = (a + b).simple_bind(mx.cpu(), a=(2,), b=(2,), type_dict={'a': 'float64'})
result = [str(x.dtype) for x in exe.arg_arrays] + [str(exe.outputs[0].dtype)]''', {'errors': ('MXNetError',)}),
    ('exec_simple_bind_types_both', '''
a, b = mx.sym.var('a'), mx.sym.var('b')
exe = (a + b).simple_bind(mx.cpu(), a=(2,), b=(2,), type_dict={'a': 'float16', 'b': 'float16'})
exe.arg_dict['a'][:] = 1.5
exe.arg_dict['b'][:] = 2
result = exe.forward()'''),
    ('exec_outputs_before_forward', '''
x = mx.sym.var('x')
fc = mx.sym.FullyConnected(x, num_hidden=3, name='fc')
exe = fc.simple_bind(mx.cpu(), x=(4, 5))
result = [exe.outputs[0].shape, sorted(exe.arg_dict), sorted(exe.output_dict), [a.shape for a in exe.arg_arrays]]'''),
    ('exec_dicts', '''
x = mx.sym.var('x')
bn = mx.sym.BatchNorm(mx.sym.FullyConnected(x, num_hidden=3, name='fc'), name='bn')
exe = bn.simple_bind(mx.cpu(), x=(4, 5))
result = [sorted(exe.arg_dict), sorted(exe.aux_dict), sorted(exe.grad_dict), sorted(exe.output_dict)]'''),
    ('exec_batchnorm_training_updates_aux', '''
x = mx.sym.var('x')
bn = mx.sym.BatchNorm(x, name='bn', fix_gamma=False, momentum=0.5)
exe = bn.simple_bind(mx.cpu(), x=(4, 3))
exe.arg_dict['x'][:] = nd.array([[1, 2, 3], [4, 5, 6], [0, -1, 2], [3, 3, 3]])
exe.arg_dict['bn_gamma'][:] = nd.array([1, 2, 0.5])
exe.arg_dict['bn_beta'][:] = nd.array([0, 1, -1])
exe.aux_dict['bn_moving_var'][:] = 1
exe.forward(is_train=True)
out_train = exe.outputs[0].copy()
exe.backward(nd.array([[1, 0, 2], [0, 1, 0], [3, 1, 1], [1, 1, -1]]))
mx.nd.waitall()
mean1, var1 = exe.aux_dict['bn_moving_mean'].copy(), exe.aux_dict['bn_moving_var'].copy()
exe.forward(is_train=False)
result = [out_train, mean1, var1, exe.outputs[0], exe.grad_dict['x'], exe.grad_dict['bn_gamma'],
          exe.grad_dict['bn_beta']]''', {'atol': 1e-5, 'rtol': 1e-4}),
    ('exec_copy_params_from', '''
x = mx.sym.var('x')
fc = mx.sym.FullyConnected(x, num_hidden=2, name='fc')
exe = fc.simple_bind(mx.cpu(), x=(1, 2))
exe.copy_params_from({'fc_weight': nd.array([[1, 2], [3, 4]], dtype='float64'), 'fc_bias': nd.array([0.5, -0.5]),
                      'x': nd.array([[1, 1]])})
result = [exe.forward()[0], str(exe.arg_dict['fc_weight'].dtype)]'''),
    ('exec_copy_params_from_extra', '''
x = mx.sym.var('x')
fc = mx.sym.FullyConnected(x, num_hidden=2, name='fc')
exe = fc.simple_bind(mx.cpu(), x=(1, 2))
exe.copy_params_from({'other': nd.ones((2,))})'''),
    ('exec_copy_params_from_extra_aux', '''
x = mx.sym.var('x')
fc = mx.sym.FullyConnected(x, num_hidden=2, name='fc')
exe = fc.simple_bind(mx.cpu(), x=(1, 2))
exe.copy_params_from({}, {'other': nd.ones((2,))})'''),
    ('exec_copy_params_from_allowed', '''
x = mx.sym.var('x')
fc = mx.sym.FullyConnected(x, num_hidden=2, name='fc')
exe = fc.simple_bind(mx.cpu(), x=(1, 2))
exe.copy_params_from({'other': nd.ones((2,)), 'fc_bias': nd.ones((2,))}, {'more': nd.ones((1,))},
                     allow_extra_params=True)
result = exe.arg_dict['fc_bias']'''),
    ('exec_reshape_shares', '''
x = mx.sym.var('x')
y = mx.sym.FullyConnected(x, num_hidden=4, name='fc')
exe = y.simple_bind(mx.cpu(), x=(5, 4), grad_req='null')
exe.arg_dict['x'][:] = 1
exe.arg_dict['fc_weight'][:] = 1
exe.arg_dict['fc_bias'][:] = 0.5
small = exe.reshape(x=(3, 4))
small.arg_dict['x'][:] = 2
small.forward()
result = [small.outputs[0], exe.outputs[0], exe.arg_dict['x'], small.arg_dict['fc_weight'].shape]'''),
    ('exec_reshape_up_sizing', '''
x = mx.sym.var('x')
y = mx.sym.FullyConnected(x, num_hidden=4, name='fc')
exe = y.simple_bind(mx.cpu(), x=(2, 4))
exe.reshape(x=(6, 4))'''),
    ('exec_reshape_up_sizing_allowed', '''
x = mx.sym.var('x')
y = mx.sym.FullyConnected(x, num_hidden=4, name='fc')
exe = y.simple_bind(mx.cpu(), x=(2, 4))
exe.arg_dict['x'][:] = 3
big = exe.reshape(allow_up_sizing=True, x=(6, 4))
big.arg_dict['x'][:] = 1
result = [exe.arg_dict['x'], big.arg_dict['x'].shape, big.grad_dict['x'].shape]'''),
    ('exec_reshape_unspecified_changes', '''
x = mx.sym.var('x')
y = mx.sym.FullyConnected(x, num_hidden=4, name='fc')
exe = y.simple_bind(mx.cpu(), x=(2, 4))
exe.reshape(allow_up_sizing=True, x=(2, 6))'''),
    ('exec_reshape_partial', '''
x = mx.sym.var('x')
y = mx.sym.FullyConnected(x, num_hidden=4, name='fc')
exe = y.simple_bind(mx.cpu(), x=(2, 6))
new = exe.reshape(partial_shaping=True, x=(2, 3))
result = [a.shape for a in new.arg_arrays] + [new.outputs[0].shape]'''),
    ('exec_monitor', '''
x = mx.sym.var('data')
x = mx.sym.FullyConnected(x, num_hidden=2, name='fc_0')
x = mx.sym.Activation(x, act_type='sigmoid', name='act_0')
x = mx.sym.LinearRegressionOutput(x, name='out', grad_scale=2)
exe = x.simple_bind(mx.cpu(), data=(1, 2))
exe.arg_dict['data'][:] = nd.array([[0.05, 0.1]])
exe.arg_dict['fc_0_weight'][:] = nd.array([[0.15, 0.2], [0.25, 0.3]])
exe.arg_dict['fc_0_bias'][:] = 0.35
exe.arg_dict['out_label'][:] = nd.array([[0.01, 0.99]])
mon = mx.mon.Monitor(1, stat_func=lambda a: mx.nd.sum(mx.nd.abs(a)), pattern='.*')
mon.install(exe)
mon.tic()
exe.forward(is_train=True)
exe.backward()
rows = mon.toc()
result = [[r[0], r[1], float(r[2])] for r in rows]''', {'rtol': 1e-5}),
    ('exec_monitor_pattern_sort', '''
x = mx.sym.var('data')
x = mx.sym.FullyConnected(x, num_hidden=2, name='fc_0')
x = mx.sym.Activation(x, act_type='relu', name='act_0')
exe = x.simple_bind(mx.cpu(), data=(2, 2))
mon = mx.mon.Monitor(2, pattern='.*output|fc_0_w.*', sort=True)
mon.install(exe)
result = []
for step in range(3):
    mon.tic()
    exe.forward()
    result.append([r[1] for r in mon.toc()])'''),
    ('exec_monitor_default_stat', '''
x = mx.sym.var('data')
y = mx.sym.relu(x, name='r')
exe = y.simple_bind(mx.cpu(), data=(2, 2), grad_req='null')
exe.arg_dict['data'][:] = nd.array([[1, -2], [3, 4]])
mon = mx.mon.Monitor(1)
mon.install(exe)
mon.tic()
exe.forward()
result = mon.toc()'''),
    ('exec_debug_str_tail', '''
x = mx.sym.var('x')
exe = mx.sym.FullyConnected(x, num_hidden=3, name='fc').simple_bind(mx.cpu(), x=(4, 5))
result = exe.debug_str().split('\\n')[-3:]'''),
    ('exec_eval', '''
a, b = mx.sym.var('a'), mx.sym.var('b')
result = (a * 2 + b).eval(ctx=mx.cpu(), a=nd.array([1, 2]), b=nd.array([3, 4]))'''),

    # ---- Module -----------------------------------------------------------------------------------------
    ('module_fit_sgd_momentum', '''
X = np.linspace(-1, 1, 40).reshape(20, 2).astype('float32')
Y = (X[:, 0] > -X[:, 1] * 0.5).astype('float32')
it = mx.io.NDArrayIter(X, Y, batch_size=5)
net = mx.sym.SoftmaxOutput(mx.sym.FullyConnected(mx.sym.var('data'), num_hidden=2, name='fc'), name='softmax')
mod = mx.mod.Module(net)
mod.fit(it, num_epoch=3, arg_params={'fc_weight': nd.array([[0.1, -0.2], [0.3, 0.05]]), 'fc_bias': nd.array([0.01, -0.01])},
        optimizer='sgd', optimizer_params={'learning_rate': 0.5, 'momentum': 0.9, 'wd': 0.01})
args, auxs = mod.get_params()
result = [args['fc_weight'], args['fc_bias'], mod.score(it, 'acc'), mod.score(it, ['ce', 'acc'])]''',
     {'rtol': 1e-4, 'atol': 1e-5}),
    ('module_fit_eval_data_and_callbacks', '''
X = np.linspace(-1, 1, 60).reshape(20, 3).astype('float32')
Y = X.sum(axis=1, keepdims=True) * 0.5
train = mx.io.NDArrayIter(X, Y, batch_size=4, label_name='lin_label')
val = mx.io.NDArrayIter(X[:8], Y[:8], batch_size=4, label_name='lin_label')
net = mx.sym.LinearRegressionOutput(mx.sym.FullyConnected(mx.sym.var('data'), num_hidden=1, name='fc'), name='lin')
mod = mx.mod.Module(net, label_names=['lin_label'])
seen = []
mod.fit(train, eval_data=val, eval_metric='mse', num_epoch=2, initializer=mx.init.Constant(0.1),
        optimizer_params={'learning_rate': 0.1},
        batch_end_callback=lambda p: seen.append(('batch', p.epoch, p.nbatch, round(p.eval_metric.get()[1], 6))),
        epoch_end_callback=lambda e, s, a, x: seen.append(('epoch', e, sorted(a), sorted(x))),
        eval_end_callback=lambda p: seen.append(('eval', p.epoch, p.nbatch, round(p.eval_metric.get()[1], 6))),
        eval_batch_end_callback=lambda p: seen.append(('eval_batch', p.epoch, p.nbatch)))
result = [seen, mod.get_params()[0]['fc_weight']]''', {'rtol': 1e-4, 'atol': 1e-5}),
    ('module_forward_backward_update', '''
data = mx.sym.var('data')
net = mx.sym.FullyConnected(data, num_hidden=3, name='fc')
net = mx.sym.Activation(net, act_type='tanh', name='act')
net = mx.sym.SoftmaxOutput(net, name='softmax')
mod = mx.mod.Module(net)
mod.bind(data_shapes=[('data', (2, 4))], label_shapes=[('softmax_label', (2,))], inputs_need_grad=True)
mod.init_params(initializer=mx.init.Constant(0.0), arg_params={'fc_weight': nd.array(np.arange(12).reshape(3, 4) / 10.0)},
                allow_missing=True)
mod.init_optimizer(optimizer='sgd', optimizer_params={'learning_rate': 1.0})
batch = mx.io.DataBatch([nd.array([[1, 2, 3, 4], [-1, 0, 1, 0]])], [nd.array([2, 0])])
mod.forward(batch, is_train=True)
out = mod.get_outputs()[0].copy()
mod.backward()
grads = mod.get_input_grads()[0].copy()
mod.update()
args, _ = mod.get_params()
result = [out, grads, args['fc_weight'], args['fc_bias'], mod.output_shapes, [str(d) for d in mod.data_shapes],
          [str(d) for d in mod.label_shapes], mod.data_names, mod.label_names, mod.output_names]'''),
    ('module_predict_merge_pad', '''
X = np.arange(14, dtype='float32').reshape(7, 2)
it = mx.io.NDArrayIter(X, batch_size=3, last_batch_handle='pad')
net = mx.sym.FullyConnected(mx.sym.var('data'), num_hidden=2, name='fc')
mod = mx.mod.Module(net, label_names=None)
mod.bind(data_shapes=it.provide_data, for_training=False)
mod.init_params(arg_params={'fc_weight': nd.array([[1, 0], [1, 1]]), 'fc_bias': nd.array([0, 1])})
merged = mod.predict(it)
unmerged = mod.predict(it, merge_batches=False)
listed = mod.predict(it, always_output_list=True)
two = mod.predict(it, num_batch=2)
result = [merged, [len(b) for b in unmerged], [b[0].shape for b in unmerged], listed[0].shape, two.shape,
          [(o[0].shape, i) for o, i, _ in mod.iter_predict(it)]]'''),
    ('module_predict_array', '''
net = mx.sym.var('data') * 2
mod = mx.mod.Module(net, label_names=None)
mod.bind(data_shapes=[('data', (1, 3))])
mod.init_params()
result = [mod.predict(nd.array([[1, 2, 3]])), mod.predict(np.ones((2, 3)))]'''),
    ('module_predict_bad_input', '''
mod = mx.mod.Module(mx.sym.var('data') * 2, label_names=None)
mod.bind(data_shapes=[('data', (1, 3))])
mod.init_params()
mod.predict([1, 2, 3])'''),
    ('module_reshape_on_new_batch_size', '''
net = mx.sym.FullyConnected(mx.sym.var('data'), num_hidden=2, name='fc')
mod = mx.mod.Module(net, label_names=None)
mod.bind(data_shapes=[('data', (4, 3))])
mod.init_params(initializer=mx.init.One())
mod.init_optimizer(optimizer_params={'learning_rate': 0.5})
result = []
for n in (4, 2, 6):
    mod.forward(mx.io.DataBatch([nd.ones((n, 3))]), is_train=True)
    mod.backward([nd.ones((n, 2))])
    mod.update()
    result.append(mod.get_outputs()[0].copy())
result.append(mod.get_params()[0]['fc_bias'])
result.append(mod.output_shapes)'''),
    ('module_multi_device', '''
net = mx.sym.LinearRegressionOutput(mx.sym.FullyConnected(mx.sym.var('data'), num_hidden=1, name='fc'), name='lin')
mod = mx.mod.Module(net, label_names=['lin_label'], context=[mx.cpu(0), mx.cpu(1)])
mod.bind(data_shapes=[('data', (4, 2))], label_shapes=[('lin_label', (4, 1))])
mod.init_params(initializer=mx.init.Constant(0.5))
mod.init_optimizer(kvstore='local', optimizer_params={'learning_rate': 0.2})
batch = mx.io.DataBatch([nd.array([[1, 2], [3, 4], [5, 6], [7, 8]])], [nd.array([[1], [2], [3], [4]])])
mod.forward_backward(batch)
mod.update()
outs = mod.get_outputs(merge_multi_context=False)
result = [mod.get_outputs()[0], [o.shape for o in outs[0]], [str(o.context) for o in outs[0]],
          mod.get_params()[0]['fc_weight'], mod.get_params()[0]['fc_bias'], mod._update_on_kvstore]'''),
    ('module_work_load_list', '''
net = mx.sym.FullyConnected(mx.sym.var('data'), num_hidden=1, name='fc')
mod = mx.mod.Module(net, label_names=None, context=[mx.cpu(0), mx.cpu(1)], work_load_list=[1, 3])
mod.bind(data_shapes=[('data', (8, 2))])
result = [[e.arg_dict['data'].shape for e in mod._exec_group.execs], [(s.start, s.stop) for s in mod._exec_group.slices]]'''),
    ('module_fixed_params', '''
net = mx.sym.FullyConnected(mx.sym.var('data'), num_hidden=2, name='fc')
mod = mx.mod.Module(net, label_names=None, fixed_param_names=['fc_bias'])
mod.bind(data_shapes=[('data', (2, 2))])
mod.init_params(initializer=mx.init.One())
mod.init_optimizer(optimizer_params={'learning_rate': 1.0})
mod.forward(mx.io.DataBatch([nd.ones((2, 2))]), is_train=True)
mod.backward([nd.ones((2, 2))])
mod.update()
result = [mod.get_params()[0]['fc_weight'], mod.get_params()[0]['fc_bias'], mod._exec_group.grad_req]'''),
    ('module_grad_req_add', '''
net = mx.sym.FullyConnected(mx.sym.var('data'), num_hidden=1, name='fc')
mod = mx.mod.Module(net, label_names=None)
mod.bind(data_shapes=[('data', (2, 2))], grad_req='add')
mod.init_params(initializer=mx.init.One())
for _ in range(3):
    mod.forward(mx.io.DataBatch([nd.array([[1, 2], [3, 4]])]), is_train=True)
    mod.backward([nd.ones((2, 1))])
result = [mod._exec_group.grad_arrays[0][0], mod._exec_group.grad_arrays[1][0]]'''),
    ('module_set_params_missing', '''
net = mx.sym.FullyConnected(mx.sym.var('data'), num_hidden=2, name='fc')
mod = mx.mod.Module(net, label_names=None)
mod.bind(data_shapes=[('data', (1, 2))])
mod.set_params({'fc_weight': nd.ones((2, 2))}, {})'''),
    ('module_set_params_extra', '''
net = mx.sym.FullyConnected(mx.sym.var('data'), num_hidden=2, name='fc')
mod = mx.mod.Module(net, label_names=None)
mod.bind(data_shapes=[('data', (1, 2))])
mod.set_params({'fc_weight': nd.ones((2, 2)), 'fc_bias': nd.ones((2,)), 'other': nd.ones((1,))}, {})
result = mod.get_params()[0]'''),
    ('module_set_params_extra_direct', '''
net = mx.sym.FullyConnected(mx.sym.var('data'), num_hidden=2, name='fc')
mod = mx.mod.Module(net, label_names=None)
mod.bind(data_shapes=[('data', (1, 2))])
mod.set_params({'fc_weight': nd.ones((2, 2)), 'other': nd.ones((1,))}, {}, allow_missing=True)'''),
    ('module_set_params_wrong_shape', '''
net = mx.sym.FullyConnected(mx.sym.var('data'), num_hidden=2, name='fc')
mod = mx.mod.Module(net, label_names=None)
mod.bind(data_shapes=[('data', (1, 2))])
mod.set_params({'fc_weight': nd.ones((3, 2)), 'fc_bias': nd.ones((2,))}, {})''', {'errors': ('ValueError',)}),
    ('module_init_before_bind', '''
mod = mx.mod.Module(mx.sym.FullyConnected(mx.sym.var('data'), num_hidden=2, name='fc'), label_names=None)
mod.init_params()'''),
    ('module_forward_before_init', '''
mod = mx.mod.Module(mx.sym.FullyConnected(mx.sym.var('data'), num_hidden=2, name='fc'), label_names=None)
mod.bind(data_shapes=[('data', (1, 2))])
mod.forward(mx.io.DataBatch([nd.ones((1, 2))]))'''),
    ('module_update_before_optimizer', '''
mod = mx.mod.Module(mx.sym.FullyConnected(mx.sym.var('data'), num_hidden=2, name='fc'), label_names=None)
mod.bind(data_shapes=[('data', (1, 2))])
mod.init_params()
mod.update()'''),
    ('module_input_grads_not_bound_for', '''
mod = mx.mod.Module(mx.sym.FullyConnected(mx.sym.var('data'), num_hidden=2, name='fc'), label_names=None)
mod.bind(data_shapes=[('data', (1, 2))])
mod.init_params()
mod.get_input_grads()'''),
    ('module_backward_not_for_training', '''
mod = mx.mod.Module(mx.sym.FullyConnected(mx.sym.var('data'), num_hidden=2, name='fc'), label_names=None)
mod.bind(data_shapes=[('data', (1, 2))], for_training=False)
mod.init_params()
mod.forward(mx.io.DataBatch([nd.ones((1, 2))]))
mod.backward([nd.ones((1, 2))])'''),
    ('module_bad_data_name', '''
mx.mod.Module(mx.sym.FullyConnected(mx.sym.var('data'), num_hidden=2, name='fc'), data_names=['dta'])'''),
    ('module_bind_wrong_names', '''
mod = mx.mod.Module(mx.sym.FullyConnected(mx.sym.var('data'), num_hidden=2, name='fc'), label_names=None)
mod.bind(data_shapes=[('x', (1, 2))])'''),
    ('module_bind_twice_and_force', '''
mod = mx.mod.Module(mx.sym.FullyConnected(mx.sym.var('data'), num_hidden=2, name='fc'), label_names=None)
mod.bind(data_shapes=[('data', (1, 2))])
mod.bind(data_shapes=[('data', (3, 2))])
first = mod.data_shapes[0].shape
mod.bind(data_shapes=[('data', (3, 2))], force_rebind=True)
result = [first, mod.data_shapes[0].shape, mod.binded]'''),
    ('module_inputs_need_grad_without_training', '''
mod = mx.mod.Module(mx.sym.var('data') * 2, label_names=None)
mod.bind(data_shapes=[('data', (1, 2))], for_training=False, inputs_need_grad=True)'''),
    ('module_states', '''
data = mx.sym.var('data')
state = mx.sym.var('state')
net = mx.sym.Group([data + state, state * 2])
mod = mx.mod.Module(net, data_names=['data'], label_names=None, state_names=['state'])
mod.bind(data_shapes=[('data', (2, 2))], for_training=False)
mod.init_params()
mod.set_states(value=3)
mod.forward(mx.io.DataBatch([nd.ones((2, 2))]))
first = [o.copy() for o in mod.get_outputs()]
mod.set_states(states=[[nd.ones((2, 2)) * 5]])
mod.forward(mx.io.DataBatch([nd.ones((2, 2))]))
result = [first, mod.get_outputs(), len(mod.get_states(merge_multi_context=False))]'''),
    ('module_checkpoint_files', '''
net = mx.sym.SoftmaxOutput(mx.sym.FullyConnected(mx.sym.var('data'), num_hidden=3, name='fc'), name='softmax')
mod = mx.mod.Module(net)
mod.bind(data_shapes=[('data', (2, 4))], label_shapes=[('softmax_label', (2,))])
mod.init_params(arg_params={'fc_weight': nd.array(np.arange(12).reshape(3, 4) * 0.1), 'fc_bias': nd.array([1, 2, 3])})
mod.save_checkpoint(tmpdir + '/m', 3)
sym, args, auxs = mx.model.load_checkpoint(tmpdir + '/m', 3)
result = [sym.list_arguments(), sorted(args), auxs, args['fc_weight']]''',
     {'files': ('m-symbol.json', 'm-0003.params')}),
    ('module_checkpoint_batchnorm_files', '''
data = mx.sym.var('data')
net = mx.sym.BatchNorm(mx.sym.FullyConnected(data, num_hidden=2, name='fc'), name='bn', fix_gamma=False)
net = mx.sym.SoftmaxOutput(net, name='softmax')
mod = mx.mod.Module(net)
mod.bind(data_shapes=[('data', (3, 2))], label_shapes=[('softmax_label', (3,))])
mod.init_params(arg_params={'fc_weight': nd.array([[1, -1], [0.5, 2]]), 'fc_bias': nd.array([0.1, 0.2]),
                            'bn_gamma': nd.array([1, 2]), 'bn_beta': nd.array([0, 0.5])},
                aux_params={'bn_moving_mean': nd.array([0.5, -0.5]), 'bn_moving_var': nd.array([2, 3])})
mod.save_checkpoint(tmpdir + '/bn', 0)
loaded = mx.mod.Module.load(tmpdir + '/bn', 0)
loaded.bind(data_shapes=[('data', (3, 2))], for_training=False)
result = loaded.predict(nd.array([[1, 2], [0, -1], [3, 0.5]]))''',
     {'files': ('bn-symbol.json', 'bn-0000.params'), 'atol': 1e-5}),
    ('module_optimizer_states_round_trip', '''
net = mx.sym.LinearRegressionOutput(mx.sym.FullyConnected(mx.sym.var('data'), num_hidden=1, name='fc'), name='lin')
mod = mx.mod.Module(net, label_names=['lin_label'])
mod.bind(data_shapes=[('data', (2, 2))], label_shapes=[('lin_label', (2, 1))])
mod.init_params(initializer=mx.init.Constant(0.25))
mod.init_optimizer(optimizer='sgd', optimizer_params={'learning_rate': 0.1, 'momentum': 0.9})
batch = mx.io.DataBatch([nd.array([[1, 2], [3, 4]])], [nd.array([[1], [0]])])
mod.forward_backward(batch)
mod.update()
mod.save_checkpoint(tmpdir + '/opt', 1, save_optimizer_states=True)
again = mx.mod.Module.load(tmpdir + '/opt', 1, load_optimizer_states=True, label_names=['lin_label'])
again.bind(data_shapes=[('data', (2, 2))], label_shapes=[('lin_label', (2, 1))])
again.init_optimizer(optimizer='sgd', optimizer_params={'learning_rate': 0.1, 'momentum': 0.9})
for m in (mod, again):
    m.forward_backward(batch)
    m.update()
result = [mod.get_params()[0]['fc_weight'], again.get_params()[0]['fc_weight'], sorted(again._updater.states)]'''),
    ('module_states_file_blob', _STATES + '''
import base64
result = base64.b64encode(open(tmpdir + '/s.states', 'rb').read()).decode()''', {'values': False}),
    ('module_states_continue', _STATES + '''
again = mx.mod.Module(net, label_names=['lin_label'])
again.bind(data_shapes=[('data', (2, 2))], label_shapes=[('lin_label', (2, 1))])
again.init_params(arg_params=start)
again.init_optimizer(optimizer='sgd', optimizer_params={'learning_rate': 0.1, 'momentum': 0.9})
again.load_optimizer_states(tmpdir + '/s.states')
batch = mx.io.DataBatch([nd.array([[0, 1], [2, -1]])], [nd.array([[2], [1]])])
again.forward_backward(batch)
again.update()
result = [start['fc_weight'], start['fc_bias'], again.get_params()[0]['fc_weight'], again.get_params()[0]['fc_bias']]'''),
    ('module_save_load_params', '''
net = mx.sym.FullyConnected(mx.sym.var('data'), num_hidden=2, name='fc')
mod = mx.mod.Module(net, label_names=None)
mod.bind(data_shapes=[('data', (1, 2))])
mod.init_params(initializer=mx.init.Constant(0.75))
mod.save_params(tmpdir + '/p.params')
other = mx.mod.Module(net, label_names=None)
other.bind(data_shapes=[('data', (1, 2))])
other.load_params(tmpdir + '/p.params')
result = [other.get_params()[0], sorted(mx.nd.load(tmpdir + '/p.params'))]''', {'files': ('p.params',)}),
    ('module_load_params_bad_key', '''
mx.nd.save(tmpdir + '/bad.params', {'weird:fc_weight': mx.nd.ones((2, 2))})
mod = mx.mod.Module(mx.sym.FullyConnected(mx.sym.var('data'), num_hidden=2, name='fc'), label_names=None)
mod.bind(data_shapes=[('data', (1, 2))])
mod.load_params(tmpdir + '/bad.params')'''),
    ('model_load_params_empty', '''
mx.nd.save(tmpdir + '/e-0001.params', {})
result = mx.model.load_params(tmpdir + '/e', 1)'''),
    ('model_save_checkpoint_files', '''
net = mx.sym.FullyConnected(mx.sym.var('data'), num_hidden=2, name='fc')
mx.model.save_checkpoint(tmpdir + '/c', 12, net, {'fc_weight': nd.ones((2, 3)), 'fc_bias': nd.zeros((2,))}, {})
result = sorted(mx.nd.load(tmpdir + '/c-0012.params'))''', {'files': ('c-symbol.json', 'c-0012.params')}),
    ('bucketing_module', '''
def sym_gen(key):
    data = mx.sym.var('data')
    w = mx.sym.var('w', shape=(1, 4), init=mx.init.Constant(0.5))
    out = mx.sym.sum(mx.sym.broadcast_mul(data, w), axis=1, keepdims=True)
    return mx.sym.LinearRegressionOutput(out, name='lin'), ('data',), ('lin_label',)
mod = mx.mod.BucketingModule(sym_gen, default_bucket_key=4)
mod.bind(data_shapes=[('data', (2, 4))], label_shapes=[('lin_label', (2, 1))])
mod.init_params()
mod.init_optimizer(optimizer_params={'learning_rate': 0.1})
for key in (4, 4, 4):
    batch = mx.io.DataBatch([nd.ones((2, key))], [nd.ones((2, 1))], bucket_key=key,
                            provide_data=[('data', (2, key))], provide_label=[('lin_label', (2, 1))])
    mod.forward_backward(batch)
    mod.update()
result = [mod.get_params()[0]['w'], sorted(mod._buckets), mod.symbol.list_arguments(), mod.data_names,
          mod.output_names]'''),
    ('bucketing_module_switch', '''
def sym_gen(key):
    data = mx.sym.var('data')
    pooled = mx.sym.sum(data, axis=1, keepdims=True) / key
    return mx.sym.FullyConnected(pooled, num_hidden=3, name='fc'), ('data',), None
mod = mx.mod.BucketingModule(sym_gen, default_bucket_key=5)
mod.bind(data_shapes=[('data', (2, 5))], label_shapes=None)
mod.init_params(initializer=mx.init.Constant(0.2))
mod.init_optimizer(optimizer_params={'learning_rate': 0.1})
result = []
for key in (3, 5, 2, 3):
    batch = mx.io.DataBatch([nd.array(np.arange(2 * key).reshape(2, key))], None, bucket_key=key,
                            provide_data=[('data', (2, key))])
    mod.forward(batch, is_train=True)
    result.append(mod.get_outputs()[0].copy())
    mod.backward([nd.ones((2, 3))])
    mod.update()
result.append(mod.get_params()[0]['fc_weight'])
result.append(sorted(mod._buckets))
w3 = mod._buckets[3]._exec_group.execs[0].arg_dict['fc_weight']
w5 = mod._buckets[5]._exec_group.execs[0].arg_dict['fc_weight']
w3[:] = 7
result.append(w5)''', {'rtol': 1e-5, 'atol': 1e-6}),
    ('bucketing_module_checkpoint', '''
def sym_gen(key):
    data = mx.sym.var('data')
    out = mx.sym.FullyConnected(mx.sym.reshape(data, shape=(0, -1)), num_hidden=2, name='fc')
    return mx.sym.SoftmaxOutput(out, name='softmax'), ('data',), ('softmax_label',)
mod = mx.mod.BucketingModule(sym_gen, default_bucket_key=2)
mod.bind(data_shapes=[('data', (1, 2))], label_shapes=[('softmax_label', (1,))])
mod.init_params(initializer=mx.init.Constant(0.3))
mod.save_checkpoint(tmpdir + '/b', 0)
loaded = mx.mod.BucketingModule.load(tmpdir + '/b', 0, sym_gen=sym_gen, default_bucket_key=2)
loaded.bind(data_shapes=[('data', (1, 2))], label_shapes=[('softmax_label', (1,))])
result = [sorted(loaded._buckets), loaded.get_params()[0]['fc_weight'], mx.nd.load(tmpdir + '/b.buckets')]''',
     {'files': ('b-0000.params', 'b-2-symbol.json')}),
    ('sequential_module', '''
first = mx.mod.Module(mx.sym.FullyConnected(mx.sym.var('data'), num_hidden=3, name='fc1'), label_names=None)
second = mx.mod.Module(mx.sym.SoftmaxOutput(mx.sym.FullyConnected(mx.sym.var('data'), num_hidden=2, name='fc2'),
                                            name='softmax'))
seq = mx.mod.SequentialModule()
seq.add(first).add(second, take_labels=True, auto_wiring=True)
seq.bind(data_shapes=[('data', (2, 4))], label_shapes=[('softmax_label', (2,))])
seq.init_params(initializer=mx.init.Constant(0.1))
seq.init_optimizer(optimizer_params={'learning_rate': 1.0})
batch = mx.io.DataBatch([nd.array([[1, 2, 3, 4], [0, 1, 0, 1]])], [nd.array([1, 0])])
seq.forward(batch, is_train=True)
out = seq.get_outputs()[0].copy()
seq.backward()
seq.update()
metric = mx.metric.create('acc')
seq.update_metric(metric, batch.label)
args, _ = seq.get_params()
result = [out, args['fc1_weight'], args['fc2_weight'], args['fc2_bias'], metric.get(), seq.output_shapes,
          seq.data_names, seq.output_names, seq.label_shapes]'''),
    ('sequential_module_duplicate_names', '''
a = mx.mod.Module(mx.sym.FullyConnected(mx.sym.var('data'), num_hidden=2, name='fc'), label_names=None)
b = mx.mod.Module(mx.sym.FullyConnected(mx.sym.var('data'), num_hidden=2, name='fc'), label_names=None)
seq = mx.mod.SequentialModule().add(a).add(b, auto_wiring=True)
seq.bind(data_shapes=[('data', (1, 2))])
seq.init_params()'''),
    ('sequential_module_bad_meta', '''
mx.mod.SequentialModule().add(mx.mod.Module(mx.sym.var('data') * 2, label_names=None), take_label=True)'''),
    ('python_loss_module', '''
first = mx.mod.Module(mx.sym.FullyConnected(mx.sym.var('data'), num_hidden=2, name='fc'), label_names=None)
loss = mx.mod.PythonLossModule(grad_func=lambda scores, labels: (scores - labels.reshape((-1, 1))) * 2)
seq = mx.mod.SequentialModule().add(first).add(loss, take_labels=True, auto_wiring=True)
seq.bind(data_shapes=[('data', (2, 3))], label_shapes=[('softmax_label', (2,))])
seq.init_params(initializer=mx.init.Constant(0.5))
seq.init_optimizer(optimizer_params={'learning_rate': 0.1})
batch = mx.io.DataBatch([nd.array([[1, 0, 2], [0, 1, 1]])], [nd.array([1, 0])])
seq.forward(batch, is_train=True)
seq.backward()
seq.update()
result = [seq.get_outputs()[0], seq.get_params()[0]['fc_weight'], loss.output_shapes, loss.output_names]'''),
    ('python_loss_module_out_grads', '''
loss = mx.mod.PythonLossModule(grad_func=lambda s, l: s)
loss.bind(data_shapes=[('data', (2, 3))], label_shapes=[('softmax_label', (2,))])
loss.forward(mx.io.DataBatch([nd.ones((2, 3))], [nd.ones((2,))]))
loss.backward([nd.ones((2, 3))])'''),

    # ---- callbacks, logging -----------------------------------------------------------------------------
    ('callback_log_lines', '''
import logging, re
class Keep(logging.Handler):
    def __init__(self):
        logging.Handler.__init__(self)
        self.lines = []
    def emit(self, record):
        self.lines.append(re.sub(r'Speed: [0-9.e+]+|inf', 'Speed: S', record.getMessage()))
keep = Keep()
root = logging.getLogger()
old_level = root.level
root.addHandler(keep)
root.setLevel(logging.INFO)
try:
    m = mx.metric.create('acc')
    m.update([nd.array([0, 1])], [nd.array([[0.9, 0.1], [0.2, 0.8]])])
    speed = mx.callback.Speedometer(16, frequent=2)
    still = mx.callback.Speedometer(16, frequent=2, auto_reset=False)
    no_metric = mx.callback.Speedometer(16, frequent=1)
    for n in range(5):
        p = mx.model.BatchEndParam(epoch=1, nbatch=n, eval_metric=m, locals=None)
        speed(p)
        still(p)
        no_metric(mx.model.BatchEndParam(epoch=1, nbatch=n, eval_metric=None, locals=None))
        m.update([nd.array([0, 1])], [nd.array([[0.9, 0.1], [0.2, 0.8]])])
    bar = mx.callback.ProgressBar(total=3, length=10)
    for n in range(4):
        bar(mx.model.BatchEndParam(epoch=0, nbatch=n, eval_metric=m, locals=None))
    log = mx.callback.log_train_metric(2, auto_reset=True)
    for n in range(3):
        log(mx.model.BatchEndParam(epoch=2, nbatch=n, eval_metric=m, locals=None))
    mx.callback.LogValidationMetricsCallback()(mx.model.BatchEndParam(epoch=4, nbatch=0, eval_metric=m, locals=None))
finally:
    root.removeHandler(keep)
    root.setLevel(old_level)
result = keep.lines'''),
    ('callback_do_checkpoint_files', '''
net = mx.sym.FullyConnected(mx.sym.var('data'), num_hidden=2, name='fc')
cb = mx.callback.do_checkpoint(tmpdir + '/ck', period=2)
for epoch in range(4):
    cb(epoch, net, {'fc_weight': nd.ones((2, 2)) * epoch, 'fc_bias': nd.zeros((2,))}, {})
import os
result = sorted(os.listdir(tmpdir))''', {'files': ('ck-0004.params', 'ck-symbol.json')}),
    ('callback_module_checkpoint', '''
net = mx.sym.FullyConnected(mx.sym.var('data'), num_hidden=2, name='fc')
mod = mx.mod.Module(net, label_names=None)
mod.bind(data_shapes=[('data', (1, 2))])
mod.init_params(initializer=mx.init.Constant(2.0))
mod.init_optimizer(optimizer_params={'learning_rate': 0.1, 'momentum': 0.5})
cb = mx.callback.module_checkpoint(mod, tmpdir + '/mc', period=3, save_optimizer_states=True)
for epoch in range(6):
    cb(epoch)
import os
result = sorted(os.listdir(tmpdir))''', {'files': ('mc-0003.params',)}),
    ('module_fit_logs', '''
import logging, re
class Keep(logging.Handler):
    def __init__(self):
        logging.Handler.__init__(self)
        self.lines = []
    def emit(self, record):
        self.lines.append(re.sub(r'=[0-9.e+-]+$|Time cost=[0-9.]+', '=V', record.getMessage()))
keep = Keep()
log = logging.getLogger('fitlog')
log.addHandler(keep)
log.setLevel(logging.INFO)
X = np.linspace(-1, 1, 16).reshape(8, 2).astype('float32')
it = mx.io.NDArrayIter(X, (X[:, 0] > 0).astype('float32'), batch_size=4)
net = mx.sym.SoftmaxOutput(mx.sym.FullyConnected(mx.sym.var('data'), num_hidden=2, name='fc'), name='softmax')
mod = mx.mod.Module(net, logger=log)
mod.fit(it, eval_data=it, num_epoch=2, eval_metric=['acc', 'ce'], initializer=mx.init.Constant(0.1))
log.removeHandler(keep)
result = keep.lines'''),
]
