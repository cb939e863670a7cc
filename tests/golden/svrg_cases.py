"""mx.contrib.svrg_optimization (issue 13): SVRGModule training a small linear regression (weights per
epoch, the full gradients, a padded last batch, devices with a kvstore), _SVRGOptimizer's routing of the
'_full' keys, and the constructors' errors. Run under MXNet 1.9.1 by tools/make_golden.py svrg."""
_IMP = ("svrg = __import__(mx.__name__ + '.contrib.svrg_optimization.svrg_module', fromlist=['SVRGModule'])\n"
        "svrg_opt = __import__(mx.__name__ + '.contrib.svrg_optimization.svrg_optimizer', fromlist=['x'])\n"
        "import logging\nlogging.getLogger().setLevel(logging.ERROR)\n")
# a deterministic regression: y = x . [1, 2] + 0.5 on 40 points, no shuffling
_NET = _IMP + '''
def data(n=40, batch=10):
    x = (np.arange(2 * n, dtype='float32').reshape(n, 2) % 7) / 3.0
    y = x.dot(np.array([1.0, 2.0], dtype='float32')) + 0.5
    return mx.io.NDArrayIter(x, y, batch_size=batch, shuffle=False, label_name='lin_reg_label')
def net():
    fc = mx.sym.FullyConnected(data=mx.sym.Variable('data'), name='fc1', num_hidden=1)
    return mx.sym.LinearRegressionOutput(data=fc, label=mx.sym.Variable('lin_reg_label'), name='lro')
def module(di, freq=2, **kw):
    mod = svrg.SVRGModule(symbol=net(), data_names=['data'], label_names=['lin_reg_label'], update_freq=freq, **kw)
    mod.bind(data_shapes=di.provide_data, label_shapes=di.provide_label)
    mod.init_params(initializer=mx.init.Constant(0.1))
    return mod
def snap(mod):
    arg, _ = mod.get_params()
    return [arg['fc1_weight'].copy(), arg['fc1_bias'].copy()]
'''

CASES = [
    ('fit_weights_per_epoch', _NET + '''
di = data()
mod = svrg.SVRGModule(symbol=net(), data_names=['data'], label_names=['lin_reg_label'], update_freq=2)
seen = []
metric = mx.metric.create('mse')
mod.fit(di, eval_metric=metric, optimizer='sgd', optimizer_params=(('learning_rate', 0.05),), num_epoch=7,
        initializer=mx.init.Constant(0.1), epoch_end_callback=lambda e, s, a, x: seen.append(
            [e, a['fc1_weight'].copy(), a['fc1_bias'].copy()]))
result = [seen, metric.get()]''', {'rtol': 1e-4, 'atol': 1e-5}),
    ('fit_momentum_freq3', _NET + '''
di = data(batch=8)
mod = svrg.SVRGModule(symbol=net(), data_names=['data'], label_names=['lin_reg_label'], update_freq=3)
seen = []
mod.fit(di, eval_metric='mae', optimizer='sgd', optimizer_params={'learning_rate': 0.02, 'momentum': 0.9, 'wd': 0.01},
        num_epoch=6, initializer=mx.init.Constant(0.1),
        epoch_end_callback=lambda e, s, a, x: seen.append([a['fc1_weight'].copy(), a['fc1_bias'].copy()]))
result = seen''', {'rtol': 1e-4, 'atol': 1e-5}),
    ('manual_loop_as_the_docs', _NET + '''
di = data()
mod = module(di)
mod.init_optimizer(kvstore='local', optimizer='sgd', optimizer_params=(('learning_rate', 0.05),))
metric = mx.metric.create('mse')
curve = []
for e in range(5):
    metric.reset()
    if e % mod.update_freq == 0:
        mod.update_full_grads(di)
    di.reset()
    for batch in di:
        mod.forward_backward(data_batch=batch)
        mod.update()
        mod.update_metric(metric, batch.label)
    curve.append(metric.get()[1])
result = [curve, snap(mod)]''', {'rtol': 1e-4, 'atol': 1e-6}),
    ('full_grads_add_to_the_last_ones', _NET + '''
di = data()
mod = module(di)
mod.init_optimizer(optimizer='sgd', optimizer_params=(('learning_rate', 0.05),))
mod.update_full_grads(di)
first = [mod._param_dict[0]['fc1_weight'].copy(), mod._param_dict[0]['fc1_bias'].copy()]
mod.update_full_grads(di)
result = [first, mod._param_dict[0]['fc1_weight'], mod._param_dict[0]['fc1_bias'], len(mod._param_dict)]''',
     {'rtol': 1e-5}),
    ('full_grads_padded_last_batch', _NET + '''
di = mx.io.NDArrayIter(np.arange(70, dtype='float32').reshape(35, 2) / 35, np.arange(35, dtype='float32') / 7,
                       batch_size=10, shuffle=False, label_name='lin_reg_label', last_batch_handle='pad')
mod = module(di)
mod.init_optimizer(optimizer='sgd')
mod.update_full_grads(di)
result = [mod._param_dict[0]['fc1_weight'], mod._param_dict[0]['fc1_bias']]''', {'rtol': 1e-5}),
    ('svrg_gradient_rule', _NET + '''
di = data()
mod = module(di)
mod.init_optimizer(optimizer='sgd', optimizer_params=(('learning_rate', 0.05),))
mod.update_full_grads(di)
di.reset()
batch = next(di)
mod.update()  # gradients of the snapshot's last batch: main and snapshot grads equal, leaving the full gradient
w0 = snap(mod)
mod._mod_aux.set_params(*mod.get_params())
mod.forward_backward(batch)
plain = mod._exec_group.grad_arrays[0][0].copy()
mod.update()
result = [w0, plain, mod._exec_group.grad_arrays[0][0], snap(mod)]''', {'rtol': 1e-5}),
    ('optimizer_idx2name_and_type', _NET + '''
di = data()
mod = module(di)
mod.init_optimizer(optimizer='sgd', optimizer_params=(('learning_rate', 0.05),))
o = mod._optimizer
result = [type(o).__name__, type(o.default_opt).__name__, type(o.aux_opt).__name__, sorted(o.idx2name.items()),
          o.rescale_grad, o.default_opt.rescale_grad, o.default_opt.lr, mod._kvstore is None, mod._ctx_len]'''),
    ('two_devices_kvstore', _NET + '''
di = data()
mod = module(di, context=[mx.cpu(0), mx.cpu(1)])
mod.init_optimizer(kvstore='local', optimizer='sgd', optimizer_params=(('learning_rate', 0.05),))
o = mod._optimizer
after_init = snap(mod)
mod.init_params(initializer=mx.init.Constant(0.1), force_init=True)
mod.update_full_grads(di)
full = [[d['fc1_weight'], d['fc1_bias']] for d in mod._param_dict]
di.reset()
for batch in di:
    mod.forward_backward(batch)
    mod.update()
result = [sorted(o.idx2name.items()), mod._update_on_kvstore, after_init, full, snap(mod)]''', {'rtol': 1e-4, 'atol': 1e-6}),
    ('accumulate_kvstore', _NET + '''
di = data()
mod = module(di)
kv = mx.kv.create('local')
mod.init_optimizer(kvstore=kv, optimizer='sgd', optimizer_params=(('learning_rate', 0.01),))
b = [mx.nd.ones((1, 2)) * (i + 1) for i in range(3)]
mod._accumulate_kvstore('fc1_weight', b)
out = mx.nd.zeros((1, 2))
kv.pull('fc1_weight_full', out=out)
result = [mod._param_dict[0]['fc1_weight'], b, out, mod._update_on_kvstore]'''),
    # ---- the optimizers ----
    ('optimizer_constructor', _IMP + '''
o = svrg_opt._SVRGOptimizer(default_optimizer='sgd', learning_rate=0.5, momentum=0.9, wd=0.1, rescale_grad=0.25,
                            param_idx2name={0: 'w', 1: 'w_full'})
result = [type(o.default_opt).__name__, o.default_opt.lr, o.default_opt.momentum, o.default_opt.wd,
          o.default_opt.rescale_grad, o.lr, o.wd, o.rescale_grad, hasattr(o, 'momentum'), type(o.aux_opt).__name__,
          o.aux_opt.lr, sorted(o.default_opt.idx2name.items()), o._check_index(1), o._check_index('w')]'''),
    ('optimizer_instance_default', _IMP + '''
inner = mx.optimizer.Adam(learning_rate=0.1)
o = svrg_opt._SVRGOptimizer(default_optimizer=inner, learning_rate=0.3)
result = [o.default_opt is inner, o.lr, inner.lr]'''),
    ('optimizer_check_params', _IMP + '''
result = sorted(svrg_opt._SVRGOptimizer._check_params(learning_rate=1, momentum=2, wd=3, clip_gradient=4, beta1=5,
                                                     multi_precision=True).items())'''),
    ('optimizer_registered', _IMP + '''
result = [type(mx.optimizer.create('_SVRGOptimizer', default_optimizer='adam')).__name__,
          type(mx.optimizer.create('_assignmentoptimizer')).__name__]'''),
    ('kvstore_routes_full_keys', _IMP + '''
o = svrg_opt._SVRGOptimizer(default_optimizer='sgd', param_idx2name={0: 'weight', 1: 'weight_full'},
                            learning_rate=0.5, momentum=0.5)
kv = mx.kv.create('local')
kv.set_optimizer(o)
w, wf = mx.nd.array([1, 2, 3]), mx.nd.array([7, 7, 7])
kv.init(0, w)
kv.init(1, wf)
for step in range(3):
    kv.push(0, mx.nd.array([1, -1, 0.5]))
    kv.push(1, mx.nd.array([step, 2 * step, 3]))
kv.pull(0, out=w)
kv.pull(1, out=wf)
result = [w, wf]'''),
    ('kvstore_str_keys', _IMP + '''
o = svrg_opt._SVRGOptimizer(default_optimizer='sgd', param_idx2name={0: 'a', 1: 'a_full'}, learning_rate=1.0)
kv = mx.kv.create('local')
kv.set_optimizer(o)
kv.init('a', mx.nd.zeros(2))
kv.init('a_full', mx.nd.zeros(2))
kv.push('a', [mx.nd.ones(2), mx.nd.ones(2)])
kv.push('a_full', [mx.nd.ones(2) * 3, mx.nd.ones(2)])
x, y = mx.nd.zeros(2), mx.nd.zeros(2)
kv.pull('a', out=x)
kv.pull('a_full', out=y)
result = [x, y]'''),
    ('assignment_update', _IMP + '''
a = svrg_opt._AssignmentOptimizer()
w = mx.nd.array([1, 2])
a.update(0, w, mx.nd.array([5, 6]), None)
result = [w, a.create_state(0, w)]'''),
    ('unknown_index', _IMP + '''
o = svrg_opt._SVRGOptimizer(default_optimizer='sgd', param_idx2name={0: 'w'})
result = o.update(3, mx.nd.ones(1), mx.nd.ones(1), None)'''),
    # ---- the module's constructor ----
    ('update_freq_missing', _NET + "result = svrg.SVRGModule(net(), label_names=['lin_reg_label'])"),
    ('update_freq_float', _NET + "result = svrg.SVRGModule(net(), label_names=['lin_reg_label'], update_freq=2.0)"),
    ('update_freq_zero', _NET + "result = svrg.SVRGModule(net(), label_names=['lin_reg_label'], update_freq=0)"),
    ('update_freq_negative', _NET + "result = svrg.SVRGModule(net(), label_names=['lin_reg_label'], update_freq=-3)"),
    ('bind_bad_shapes', _NET + '''
x = mx.sym.Variable('data')
mod = svrg.SVRGModule(symbol=mx.sym.FullyConnected(x, num_hidden=1), data_names=['data'], label_names=None,
                      update_freq=2)
result = mod.bind(data_shapes=['data', mx.nd.zeros(shape=(2, 1))])'''),
    ('bind_predict_only', _NET + '''
mod = svrg.SVRGModule(symbol=net(), data_names=['data'], label_names=['lin_reg_label'], update_freq=1)
mod.bind(data_shapes=[('data', (4, 2))], label_shapes=[('lin_reg_label', (4,))], for_training=False)
result = [mod.binded, mod._mod_aux.binded, mod.update_freq, mod._param_dict]'''),
    ('fit_needs_num_epoch', _NET + "result = module(data()).fit(data())"),
]
