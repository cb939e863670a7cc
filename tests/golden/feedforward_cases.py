"""Golden cases for mx.model.FeedForward, MXNet's training API from before Module, and the rest of mx.model
(the kvstore and update helpers, the argument check). Run under MXNet 1.9.1 by
tools/make_golden.py feedforward."""

# a small MLP on generated data, with fixed starting parameters (drawn by numpy, the same on both sides)
_MLP = '''
import warnings
warnings.simplefilter('ignore', DeprecationWarning)
gen = np.random.RandomState(3)
X = gen.uniform(-1, 1, (40, 4)).astype('float32')
y = ((X[:, 0] + X[:, 1] > 0).astype('float32') + (X[:, 2] > 0.5)).astype('float32')
net = mx.sym.FullyConnected(mx.sym.var('data'), num_hidden=8, name='fc1')
net = mx.sym.Activation(net, act_type='relu', name='relu1')
net = mx.sym.FullyConnected(net, num_hidden=3, name='fc2')
net = mx.sym.SoftmaxOutput(net, name='softmax')
def start():
    g = np.random.RandomState(1)
    return {'fc1_weight': nd.array(g.uniform(-.5, .5, (8, 4))), 'fc1_bias': nd.array(g.uniform(-.1, .1, (8,))),
            'fc2_weight': nd.array(g.uniform(-.5, .5, (3, 8))), 'fc2_bias': nd.zeros((3,))}
def params(model):
    return [[k, model.arg_params[k]] for k in sorted(model.arg_params)] + \\
        [[k, model.aux_params[k]] for k in sorted(model.aux_params)]
'''

# the same MLP with a BatchNorm (auxiliary states) between its layers
_BN = _MLP + '''
bnet = mx.sym.FullyConnected(mx.sym.var('data'), num_hidden=6, name='fc1')
bnet = mx.sym.BatchNorm(bnet, name='bn1', fix_gamma=False)
bnet = mx.sym.Activation(bnet, act_type='tanh', name='act1')
bnet = mx.sym.FullyConnected(bnet, num_hidden=3, name='fc2')
bnet = mx.sym.SoftmaxOutput(bnet, name='softmax')
'''

# what fit logs (the time costs left out) and what the callbacks see
_LOGS = '''
import logging
class Keep(logging.Handler):
    def __init__(self):
        logging.Handler.__init__(self)
        self.lines = []
    def emit(self, record):
        line = record.getMessage()
        if 'Time cost' not in line:
            self.lines.append(line)
keep = Keep()
logger = logging.getLogger('feedforward_case')
logger.setLevel(logging.INFO)
logger.propagate = False
logger.addHandler(keep)
root = logging.getLogger()
old_level = root.level
root.setLevel(logging.INFO)
root.addHandler(keep)
def stop_logging():
    root.removeHandler(keep)
    root.setLevel(old_level)
    logger.removeHandler(keep)
'''

CASES = [
    # ---- training ------------------------------------------------------------------------------------------
    ('create_numpy_shuffled', _MLP + '''
model = mx.model.FeedForward.create(net, X=X, y=y, num_epoch=3, numpy_batch_size=16, learning_rate=0.5,
                                    momentum=0.9, wd=0.001, arg_params=start(), eval_data=(X, y))
result = [model.predict(X), model.score(mx.io.NDArrayIter(X, y, batch_size=10)), model.begin_epoch,
          model.num_epoch] + params(model)''', {'atol': 2e-5, 'rtol': 1e-4}),
    ('create_ndarray_input_one_context', _MLP + '''
model = mx.model.FeedForward.create(net, X=nd.array(X), y=nd.array(y), ctx=mx.cpu(), num_epoch=2,
                                    numpy_batch_size=64, learning_rate=0.3, arg_params=start(),
                                    eval_data=[X.tolist(), y.tolist()], eval_metric=['acc', 'ce'])
result = [model.ctx, model.predict(nd.array(X)), model.score(mx.io.NDArrayIter(X, y, batch_size=40), ['acc', 'ce'])] + params(model)''',
     {'atol': 2e-5, 'rtol': 1e-4}),
    ('create_iter_epoch_size', _MLP + '''
seen = []
def on_batch(p):
    seen.append(['batch', p.epoch, p.nbatch] + list(p.eval_metric.get()))
def on_epoch(epoch, symbol, args, auxs):
    seen.append(['epoch', epoch, symbol.name, sorted(args), args['fc2_bias'].copy()])
it = mx.io.NDArrayIter(X, y, batch_size=10)
model = mx.model.FeedForward.create(net, X=it, num_epoch=4, epoch_size=3, learning_rate=0.3, arg_params=start(),
                                    batch_end_callback=on_batch, epoch_end_callback=on_epoch)
result = seen + [model.predict(it)] + params(model)''', {'atol': 2e-5, 'rtol': 1e-4}),
    ('epoch_size_past_the_data', _MLP + _LOGS + '''
seen = []
def on_batch(p):
    seen.append([p.epoch, p.nbatch])
try:
    model = mx.model.FeedForward.create(net, X=mx.io.NDArrayIter(X, y, batch_size=10), num_epoch=2, epoch_size=6,
                                        learning_rate=0.3, arg_params=start(), batch_end_callback=on_batch,
                                        logger=logger)
finally:
    stop_logging()
result = [keep.lines, seen] + params(model)''', {'atol': 2e-5, 'rtol': 1e-4}),
    ('update_on_devices_env', _MLP + '''
import os
os.environ['MXNET_UPDATE_ON_KVSTORE'] = '0'
try:
    model = mx.model.FeedForward.create(net, X=mx.io.NDArrayIter(X, y, batch_size=10), ctx=[mx.cpu(0), mx.cpu(1)],
                                        num_epoch=2, learning_rate=0.2, momentum=0.5, arg_params=start(),
                                        kvstore='device')
finally:
    del os.environ['MXNET_UPDATE_ON_KVSTORE']
result = [model.kwargs['param_idx2name']] + params(model)''', {'atol': 2e-5, 'rtol': 1e-4}),
    ('fit_logs_and_eval_callbacks', _MLP + _LOGS + '''
seen = []
def on_eval_batch(p):
    seen.append(['eval_batch', p.epoch, p.nbatch, p.eval_metric.get()[1]])
def on_eval_end(p):
    seen.append(['eval_end', p.epoch, p.nbatch, p.eval_metric.get()[1]])
model = mx.model.FeedForward(net, num_epoch=2, numpy_batch_size=16, learning_rate=0.2, arg_params=start())
try:
    model.fit(X, y, eval_data=mx.io.NDArrayIter(X, y, batch_size=16), eval_metric='ce', logger=logger,
              eval_batch_end_callback=on_eval_batch, eval_end_callback=[on_eval_end, mx.callback.LogValidationMetricsCallback()])
    model.fit(mx.io.NDArrayIter(X, y, batch_size=20), logger=logger, epoch_end_callback=None)
finally:
    stop_logging()
result = [keep.lines, seen]''', {'atol': 2e-5, 'rtol': 1e-4}),
    ('checkpoint_files', _MLP + '''
model = mx.model.FeedForward.create(net, X=mx.io.NDArrayIter(X, y, batch_size=8), num_epoch=2, learning_rate=0.1,
                                    arg_params=start(), epoch_end_callback=mx.callback.do_checkpoint(tmpdir + '/ff'))
import os
saved = nd.load(tmpdir + '/ff-0002.params')
result = [sorted(os.listdir(tmpdir)), [[k, saved[k]] for k in sorted(saved)]]''',
     {'files': ('ff-symbol.json',), 'atol': 2e-5, 'rtol': 1e-4}),
    ('initializer_by_name_batchnorm', _BN + '''
model = mx.model.FeedForward.create(bnet, X=mx.io.NDArrayIter(X, y, batch_size=10), num_epoch=2,
                                    learning_rate=0.1, initializer=mx.init.Constant(0.05))
result = [model.predict(X)] + params(model)''', {'atol': 2e-5, 'rtol': 1e-4}),
    ('initializer_start_values', _BN + '''
model = mx.model.FeedForward(bnet, initializer=mx.init.Constant(0.25), arg_params={'fc1_bias': nd.ones((6,))})
names = model._init_params([('data', (5, 4)), ('softmax_label', (5,))])
result = [list(names)] + params(model)'''),
    ('multi_device_local_kvstore', _MLP + '''
model = mx.model.FeedForward.create(net, X=mx.io.NDArrayIter(X, y, batch_size=10), ctx=[mx.cpu(0), mx.cpu(1)],
                                    num_epoch=2, learning_rate=0.2, momentum=0.5, arg_params=start())
result = [model.predict(X)] + params(model)''', {'atol': 2e-5, 'rtol': 1e-4}),
    ('multi_device_no_kvstore_work_load', _MLP + '''
model = mx.model.FeedForward.create(net, X=mx.io.NDArrayIter(X, y, batch_size=10), ctx=[mx.cpu(0), mx.cpu(1)],
                                    num_epoch=2, learning_rate=0.2, arg_params=start(), kvstore=None,
                                    work_load_list=[3, 2])
result = params(model)''', {'atol': 2e-5, 'rtol': 1e-4}),
    ('multi_device_kvstore_object', _MLP + '''
kv = mx.kv.create('local')
model = mx.model.FeedForward.create(net, X=mx.io.NDArrayIter(X, y, batch_size=10), ctx=[mx.cpu(0), mx.cpu(1)],
                                    num_epoch=1, learning_rate=0.2, arg_params=start(), kvstore=kv)
result = [sorted(model.kwargs), model.kwargs['param_idx2name']] + params(model)''', {'atol': 2e-5, 'rtol': 1e-4}),
    ('optimizer_object', _MLP + '''
sgd = mx.optimizer.SGD(learning_rate=0.4, momentum=0.8, rescale_grad=0.5)
model = mx.model.FeedForward(net, num_epoch=2, optimizer=sgd, arg_params=start())
model.fit(mx.io.NDArrayIter(X, y, batch_size=10))
result = [sgd.idx2name, model.predict(X)] + params(model)''', {'atol': 2e-5, 'rtol': 1e-4}),
    ('optimizer_by_name_adam', _MLP + '''
model = mx.model.FeedForward.create(net, X=mx.io.NDArrayIter(X, y, batch_size=10), num_epoch=2, optimizer='adam',
                                    learning_rate=0.01, arg_params=start())
result = params(model)''', {'atol': 2e-5, 'rtol': 1e-4}),
    ('begin_epoch_and_lr_scheduler', _MLP + '''
model = mx.model.FeedForward.create(net, X=mx.io.NDArrayIter(X, y, batch_size=10), num_epoch=3, begin_epoch=1,
                                    learning_rate=0.5, arg_params=start(),
                                    lr_scheduler=mx.lr_scheduler.FactorScheduler(step=2, factor=0.5))
result = params(model)''', {'atol': 2e-5, 'rtol': 1e-4}),
    # ---- predict and score -----------------------------------------------------------------------------------
    ('predict_padded_return_data', _MLP + '''
model = mx.model.FeedForward(net, arg_params=start())
out, data, label = model.predict(mx.io.NDArrayIter(X, y, batch_size=16), return_data=True)
result = [out, data, label, model.predict(mx.io.NDArrayIter(X, y, batch_size=16), num_batch=2)]'''),
    ('predict_numpy_and_ndarray', _MLP + '''
model = mx.model.FeedForward(net, arg_params=start(), numpy_batch_size=7)
result = [model.predict(X), model.predict(nd.array(X[:5]))]'''),
    ('predict_reset_false', _MLP + '''
model = mx.model.FeedForward(net, arg_params=start())
it = mx.io.NDArrayIter(X, y, batch_size=10)
it.next()
result = model.predict(it, reset=False)'''),
    ('predict_exhausted_iterator', _MLP + '''
model = mx.model.FeedForward(net, arg_params=start())
it = mx.io.NDArrayIter(X, y, batch_size=10)
model.predict(it)
model.predict(it, reset=False)'''),
    ('predict_rebinds_for_new_shapes', _MLP + '''
model = mx.model.FeedForward(net, arg_params=start())
a = model.predict(mx.io.NDArrayIter(X, y, batch_size=10))
first = model._pred_exec
model.predict(mx.io.NDArrayIter(X, y, batch_size=10))
same = model._pred_exec is first
b = model.predict(mx.io.NDArrayIter(X, y, batch_size=8))
result = [a, b, same, model._pred_exec is first, model._pred_exec.arg_dict['data'].shape]'''),
    ('predict_two_outputs', _MLP + '''
both = mx.sym.Group([net, mx.sym.sum(net.get_internals()['fc1_output'], axis=1)])
model = mx.model.FeedForward(both, arg_params=start())
result = model.predict(mx.io.NDArrayIter(X, y, batch_size=16))'''),
    ('score_metrics', _MLP + '''
model = mx.model.FeedForward(net, arg_params=start())
it = mx.io.NDArrayIter(X, y, batch_size=10)
seen = []
def on_batch(p):
    seen.append([p.epoch, p.nbatch, p.eval_metric.get()[1]])
result = [model.score(it), model.score(it, 'ce', num_batch=2, batch_end_callback=on_batch),
          model.score(it, ['acc', 'ce']), model.score(it, mx.metric.TopKAccuracy(top_k=2)),
          model.score(X), seen]''', {'atol': 1e-6}),
    ('internal_features_allow_extra_params', _MLP + '''
inner = net.get_internals()['relu1_output']
model = mx.model.FeedForward(inner, arg_params=start(), allow_extra_params=True)
result = [sorted(model.arg_params), model.predict(mx.io.NDArrayIter(X, y, batch_size=20))]'''),
    ('internal_features_extra_params_refused', _MLP + '''
inner = net.get_internals()['relu1_output']
model = mx.model.FeedForward(inner, arg_params=start())
result = model.predict(mx.io.NDArrayIter(X, y, batch_size=20))'''),
    # ---- saving and loading ----------------------------------------------------------------------------------
    ('save_load_files', _MLP + '''
model = mx.model.FeedForward(net, arg_params=start(), aux_params={}, num_epoch=7)
model.save(tmpdir + '/m')
again = mx.model.FeedForward.load(tmpdir + '/m', 7, numpy_batch_size=9)
result = [again.begin_epoch, again.numpy_batch_size, again.num_epoch, again.predict(X),
          [[k, again.arg_params[k]] for k in sorted(again.arg_params)], again.aux_params]''',
     {'files': ('m-symbol.json', 'm-0007.params')}),
    ('save_explicit_epoch_then_train_on', _MLP + '''
model = mx.model.FeedForward.create(net, X=mx.io.NDArrayIter(X, y, batch_size=10), num_epoch=1, learning_rate=0.2,
                                    arg_params=start())
model.save(tmpdir + '/t', 128)
again = mx.model.FeedForward.load(tmpdir + '/t', 128, num_epoch=130, learning_rate=0.2)
again.fit(mx.io.NDArrayIter(X, y, batch_size=10))
result = [np.abs(again.predict(X) - model.predict(X)).max() > 0] + params(again)''', {'atol': 2e-5, 'rtol': 1e-4}),
    ('save_unfitted_without_aux_params', _MLP + '''
mx.model.FeedForward(net, arg_params=start(), num_epoch=1).save(tmpdir + '/n')'''),
    ('save_without_epoch', _MLP + '''
mx.model.FeedForward(net, arg_params=start()).save(tmpdir + '/x')'''),
    ('pickle_round_trip', _MLP + '''
import pickle
model = mx.model.FeedForward.create(net, X=mx.io.NDArrayIter(X, y, batch_size=10), num_epoch=1, learning_rate=0.2,
                                    arg_params=start())
before = model.predict(X)
copy = pickle.loads(pickle.dumps(model))
result = [copy._pred_exec is None, before, copy.predict(X), copy.num_epoch, copy.ctx]''', {'atol': 2e-5}),
    # ---- bad input -------------------------------------------------------------------------------------------
    ('bad_x_list', _MLP + '''
mx.model.FeedForward(net, num_epoch=1).fit(X.tolist(), y)'''),
    ('bad_predict_x', _MLP + '''
mx.model.FeedForward(net, arg_params=start()).predict('data')'''),
    ('bad_y_missing', _MLP + '''
mx.model.FeedForward(net, num_epoch=1).fit(X)'''),
    ('bad_y_list', _MLP + '''
mx.model.FeedForward(net, num_epoch=1).fit(X, y.tolist())'''),
    ('bad_y_length', _MLP + '''
mx.model.FeedForward(net, num_epoch=1).fit(X, y[:30])'''),
    ('bad_y_two_columns', _MLP + '''
mx.model.FeedForward(net, num_epoch=1).fit(X, np.stack([y, y], axis=1))'''),
    ('y_one_column_numpy', _MLP + '''
model = mx.model.FeedForward(net, num_epoch=1, arg_params=start(), numpy_batch_size=40)
model.fit(X, y[:, None])
result = params(model)''', {'atol': 2e-5, 'rtol': 1e-4}),
    ('y_one_column_ndarray', _MLP + '''
mx.model.FeedForward(net, num_epoch=1, arg_params=start()).fit(nd.array(X), nd.array(y[:, None]))'''),
    ('bad_eval_data_type', _MLP + '''
mx.model.FeedForward(net, num_epoch=1).fit(X, y, eval_data='val')'''),
    ('bad_eval_data_none', _MLP + '''
mx.model.FeedForward(net, num_epoch=1).fit(X, y, eval_data=(None, y))'''),
    ('eval_data_iter_pair_and_lists', _MLP + '''
model = mx.model.FeedForward(net, num_epoch=1, arg_params=start(), numpy_batch_size=40)
a = model._init_eval_iter((mx.io.NDArrayIter(X, y, batch_size=5), None))
b = model._init_eval_iter([X.tolist(), y.tolist()])
result = [type(a).__name__, a.batch_size, type(b).__name__, b.batch_size, b.shuffle, b.last_batch_handle]'''),
    ('bad_duplicate_argument_names', '''
import warnings
warnings.simplefilter('ignore', DeprecationWarning)
net = mx.sym.FullyConnected(mx.sym.FullyConnected(mx.sym.var('data'), weight=mx.sym.var('w'), num_hidden=4,
                                                  no_bias=True), weight=mx.sym.var('w'), num_hidden=4, no_bias=True)
mx.model.FeedForward(net)'''),
    ('bad_symbol', '''
mx.model.FeedForward(3)'''),
    ('bad_kvstore_type', _MLP + '''
mx.model.FeedForward(net, num_epoch=1, arg_params=start()).fit(X, y, kvstore=3)'''),
    ('bad_work_load_list', _MLP + '''
mx.model.FeedForward(net, num_epoch=1, arg_params=start(), ctx=[mx.cpu(0), mx.cpu(1)]).fit(
    mx.io.NDArrayIter(X, y, batch_size=10), work_load_list=[1])'''),
    ('bad_eval_batch_size', _MLP + '''
mx.model.FeedForward(net, num_epoch=1, arg_params=start()).fit(mx.io.NDArrayIter(X, y, batch_size=10),
                                                               eval_data=mx.io.NDArrayIter(X, y, batch_size=8))'''),
    ('bad_train_batch_size_changes', _MLP + '''
class Shrinking(mx.io.NDArrayIter):
    def next(self):
        batch = mx.io.NDArrayIter.next(self)
        if self.cursor > 0:
            batch.data = [d[:5] for d in batch.data]
        return batch
mx.model.FeedForward(net, num_epoch=1, arg_params=start()).fit(Shrinking(X, y, batch_size=10))'''),
    ('bad_data_name', _MLP + '''
mx.model.FeedForward(net, num_epoch=1).fit(mx.io.NDArrayIter(X, y, batch_size=10, data_name='x'))'''),
    ('bad_unknown_optimizer_param', _MLP + '''
mx.model.FeedForward(net, num_epoch=1, arg_params=start(), bogus=1).fit(mx.io.NDArrayIter(X, y, batch_size=10))'''),
    ('deprecation_warning', _MLP + '''
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter('always')
    mx.model.FeedForward(net)
result = [[w.category.__name__, str(w.message)] for w in caught]'''),
    # ---- the rest of mx.model --------------------------------------------------------------------------------
    ('check_arguments_helper', '''
net = mx.sym.FullyConnected(mx.sym.FullyConnected(mx.sym.var('data'), weight=mx.sym.var('w'), num_hidden=4,
                                                  no_bias=True), weight=mx.sym.var('w'), num_hidden=4, no_bias=True)
mx.model._check_arguments(net)'''),
    ('check_arguments_duplicate_aux', '''
g, b, m, v = mx.sym.var('g'), mx.sym.var('b'), mx.sym.var('m'), mx.sym.var('v')
x = mx.sym.BatchNorm(mx.sym.var('data'), gamma=g, beta=b, moving_mean=m, moving_var=v)
mx.model._check_arguments(mx.sym.BatchNorm(x, gamma=mx.sym.var('g2'), beta=mx.sym.var('b2'), moving_mean=mx.sym.var('m'),
                                           moving_var=mx.sym.var('v2')))'''),
    ('load_data_helper', '''
batch = mx.io.DataBatch([nd.arange(12).reshape((4, 3))], [nd.array([1, 2, 3, 4])])
whole, parts = nd.zeros((4, 3)), [(slice(0, 1), nd.zeros((1, 3))), (slice(1, 4), nd.zeros((3, 3)))]
mx.model._load_data(batch, [whole])
mx.model._load_data(batch, [parts])
result = [whole, parts[0][1], parts[1][1]]'''),
    ('load_data_helper_size_mismatch', '''
batch = mx.io.DataBatch([nd.arange(12).reshape((4, 3))], [nd.array([1, 2, 3, 4])])
mx.model._load_data(batch, [[(slice(0, 1), nd.zeros((1, 3))), (slice(1, 3), nd.zeros((2, 3)))]])'''),
    ('create_sparse_kvstore', '''
kv, on_store = mx.model._create_sparse_kvstore('local')
again, _ = mx.model._create_sparse_kvstore(kv)
result = [kv.type, on_store, again is kv]'''),
    ('create_sparse_kvstore_bad', '''
mx.model._create_sparse_kvstore(None)'''),
    ('create_kvstore_choices', '''
args = {'w': nd.zeros((3, 2))}
result = [[type(kv).__name__, up] for kv, up in (mx.model._create_kvstore(None, 2, args),
          mx.model._create_kvstore('local', 1, args), mx.model._create_kvstore('local', 2, args),
          mx.model._create_kvstore('device', 2, args))]'''),
    ('update_params_on_kvstore_nccl_helper', '''
kv = mx.kv.create('local')
kv.set_optimizer(mx.optimizer.SGD(learning_rate=0.5))
ws = [[nd.ones((2,)), nd.ones((2,))], [nd.ones((3,)), nd.ones((3,))], [nd.ones((1,)), nd.ones((1,))]]
gs = [[nd.array([1, 2]), nd.array([3, 4])], [None, None], [nd.array([2]), nd.array([2])]]
names = ['a', 'b', 'c']
for n, w in zip(names, ws):
    kv.init(n, w[0])
mx.model._update_params_on_kvstore_nccl(ws, gs, kv, names)
result = ws'''),
    ('batch_end_param', '''
p = mx.model.BatchEndParam(epoch=1, nbatch=2, eval_metric=None, locals={})
result = [type(p).__name__, list(p._fields), p.epoch, p.nbatch]'''),
    ('module_constants', '''
result = [mx.model.BASE_ESTIMATOR.__name__, mx.model.SKLEARN_INSTALLED, mx.model.mx_real_t.__name__,
          mx.model.FeedForward._is_data_arg('softmax_label'), mx.model.FeedForward._is_data_arg('fc_weight'),
          mx.model.FeedForward._is_data_arg('data')]'''),
]
