"""Golden cases for mx.executor_manager (the executors behind MXNet's FeedForward): DataParallelExecutorManager
and DataParallelExecutorGroup driven by hand as FeedForward's loop drives them, _bind_exec and
_split_input_slice. Run under MXNet 1.9.1 by tools/make_golden.py feedforward_executor_manager."""

_NET = '''
em = mx.executor_manager
gen = np.random.RandomState(3)
X = gen.uniform(-1, 1, (20, 4)).astype('float32')
y = (X[:, 0] > X[:, 1]).astype('float32')
net = mx.sym.FullyConnected(mx.sym.var('data'), num_hidden=5, name='fc1')
net = mx.sym.BatchNorm(net, name='bn')
net = mx.sym.FullyConnected(mx.sym.Activation(net, act_type='tanh'), num_hidden=2, name='fc2')
net = mx.sym.SoftmaxOutput(net, name='softmax')
def start():
    g = np.random.RandomState(1)
    args = {'fc1_weight': nd.array(g.uniform(-.5, .5, (5, 4))), 'fc1_bias': nd.zeros((5,)),
            'bn_gamma': nd.ones((5,)), 'bn_beta': nd.zeros((5,)),
            'fc2_weight': nd.array(g.uniform(-.5, .5, (2, 5))), 'fc2_bias': nd.zeros((2,))}
    return args, {'bn_moving_mean': nd.zeros((5,)), 'bn_moving_var': nd.ones((5,))}
'''

_TRAIN = _NET + '''
it = mx.io.NDArrayIter(X, y, batch_size=10)
ctx = [mx.cpu(0), mx.cpu(1)]
arg_names = net.list_arguments()
param_names = [n for n in arg_names if n not in ('data', 'softmax_label')]
mgr = em.DataParallelExecutorManager(net, ctx, it, arg_names, param_names, net.list_auxiliary_states(),
                                     work_load_list=WORK)
args, auxs = start()
mgr.set_params(args, auxs)
updater = mx.optimizer.get_updater(mx.optimizer.create('sgd', learning_rate=0.5, rescale_grad=0.1))
acc = mx.metric.create('acc')
for epoch in range(2):
    it.reset()
    for batch in it:
        mgr.load_data_batch(batch)
        mgr.forward(is_train=True)
        mgr.backward()
        mx.model._update_params(mgr.param_arrays, mgr.grad_arrays, updater=updater, num_device=len(ctx))
        mgr.update_metric(acc, batch.label)
mgr.copy_to(args, auxs)
result = [acc.get(), [s for s in mgr.slices], [[k, args[k]] for k in sorted(args)], [[k, auxs[k]] for k in sorted(auxs)],
          [a.shape for a in mgr.execgrp.train_execs[0].arg_arrays], mgr.param_names, mgr.aux_names]
'''

CASES = [
    ('manager_trains_two_devices', _TRAIN.replace('WORK', 'None'), {'atol': 2e-5, 'rtol': 1e-4}),
    ('manager_trains_uneven_work_load', _TRAIN.replace('WORK', '[3, 1]'), {'atol': 2e-5, 'rtol': 1e-4}),
    ('manager_bad_work_load', _NET + '''
em.DataParallelExecutorManager(net, [mx.cpu(0)], mx.io.NDArrayIter(X, y, batch_size=10), net.list_arguments(),
                               ['fc1_weight'], [], work_load_list=(1,))'''),
    ('manager_batch_size_mismatch', _NET + '''
it = mx.io.NDArrayIter(X, y, batch_size=10)
arg_names = net.list_arguments()
mgr = em.DataParallelExecutorManager(net, [mx.cpu(0)], it, arg_names, arg_names[1:-1], net.list_auxiliary_states())
mgr.load_data_batch(mx.io.DataBatch([nd.zeros((4, 4))], [nd.zeros((4,))]))'''),
    ('manager_buckets_share_parameters', '''
em = mx.executor_manager
def sym_gen(key):
    pooled = mx.sym.sum(mx.sym.var('data'), axis=1)
    return mx.sym.SoftmaxOutput(mx.sym.FullyConnected(pooled, num_hidden=2, name='fc'), name='softmax')
class Desc:
    def __init__(self, key):
        self.batch_size = 4
        self.default_bucket_key = key
        self.provide_data = [mx.io.DataDesc('data', (4, key, 3))]
        self.provide_label = [mx.io.DataDesc('softmax_label', (4,))]
net = sym_gen(5)
names = net.list_arguments()
mgr = em.DataParallelExecutorManager(net, [mx.cpu(0)], Desc(5), names, ['fc_weight', 'fc_bias'], [], sym_gen=sym_gen)
mgr.set_params({'fc_weight': nd.ones((2, 3)), 'fc_bias': nd.array([0.5, -0.5])}, {})
outs = []
for key in (5, 7, 5):
    data = nd.arange(4 * key * 3).reshape((4, key, 3)) / 10
    mgr.load_data_batch(mx.io.DataBatch([data], [nd.array([0, 1, 1, 0])], bucket_key=key,
                                        provide_data=[mx.io.DataDesc('data', (4, key, 3))],
                                        provide_label=[mx.io.DataDesc('softmax_label', (4,))]))
    mgr.forward(is_train=True)
    mgr.backward()
    outs.append(mgr.curr_execgrp.train_execs[0].outputs[0].copy())
    outs.append(mgr.grad_arrays[0][0].copy())
shared = mgr.execgrp_bucket[7].param_arrays[0][0] is mgr.execgrp.param_arrays[0][0]
result = outs + [sorted(mgr.execgrp_bucket), shared, mgr.execgrp.shared_data_arrays[0]['data'].shape]'''),
    ('manager_buckets_refuse_monitor', '''
em = mx.executor_manager
net = mx.sym.SoftmaxOutput(mx.sym.FullyConnected(mx.sym.var('data'), num_hidden=2, name='fc'), name='softmax')
class Desc:
    batch_size = 4
    default_bucket_key = 1
    provide_data = [mx.io.DataDesc('data', (4, 3))]
    provide_label = [mx.io.DataDesc('softmax_label', (4,))]
mgr = em.DataParallelExecutorManager(net, [mx.cpu(0)], Desc(), net.list_arguments(), ['fc_weight', 'fc_bias'], [],
                                     sym_gen=lambda key: net)
mgr.install_monitor(mx.monitor.Monitor(1))'''),
    ('group_arrays', '''
em = mx.executor_manager
net = mx.sym.SoftmaxOutput(mx.sym.FullyConnected(mx.sym.var('data'), num_hidden=2, name='fc'), name='softmax')
it = mx.io.NDArrayIter(np.ones((6, 3)), np.zeros((6,)), batch_size=6)
slices = em._split_input_slice(6, [1, 2])
grp = em.DataParallelExecutorGroup(net, net.list_arguments(), ['fc_weight', 'fc_bias'], [mx.cpu(0), mx.cpu(1)],
                                   slices, it)
batch = mx.io.DataBatch([nd.arange(18).reshape((6, 3))], [nd.array([0, 1, 0, 1, 1, 1])])
grp.load_data_batch(batch)
result = [slices, grp.param_idx, grp.param_names, grp.data_names, grp.label_names,
          [e.arg_dict['data'] for e in grp.train_execs], [e.arg_dict['softmax_label'] for e in grp.train_execs],
          [len(a) for a in grp.param_arrays], grp.aux_arrays]'''),
    ('split_input_slice', '''
em = mx.executor_manager
result = [em._split_input_slice(10, [1, 1, 1]), em._split_input_slice(7, [2, 1]), em._split_input_slice(5, [1])]'''),
    ('split_input_slice_too_many', '''
mx.executor_manager._split_input_slice(2, [1, 1, 1])'''),
    ('bind_exec_smaller_shared_input', '''
em = mx.executor_manager
net = mx.sym.FullyConnected(mx.sym.var('data'), num_hidden=2, name='fc')
shared = {}
a = em._bind_exec(net, mx.cpu(), {'data': (4, 3)}, ['fc_weight', 'fc_bias'], shared_data_arrays=shared)
em._bind_exec(net, mx.cpu(), {'data': (2, 3)}, ['fc_weight', 'fc_bias'], base_exec=a, shared_data_arrays=shared)'''),
    ('bind_exec_need_grad', '''
em = mx.executor_manager
net = mx.sym.FullyConnected(mx.sym.var('data'), num_hidden=2, name='fc')
shared = {}
only = em._bind_exec(net, mx.cpu(), {'data': (4, 3)}, ['fc_weight', 'fc_bias'], need_grad={'fc_weight'})
a = em._bind_exec(net, mx.cpu(), {'data': (4, 3)}, ['fc_weight', 'fc_bias'], need_grad=True,
                  shared_data_arrays=shared)
b = em._bind_exec(net, mx.cpu(), {'data': (6, 3)}, ['fc_weight', 'fc_bias'], need_grad=True, base_exec=a,
                  shared_data_arrays=shared)
d = em._bind_exec(net, mx.cpu(), {'data': (6, 3)}, ['fc_weight', 'fc_bias'], need_grad=True, base_exec=a,
                  shared_data_arrays=shared)
result = [sorted(only.grad_dict), only.grad_dict['fc_bias'] is None, only.grad_dict['fc_weight'].shape, b.arg_dict['fc_weight'] is a.arg_dict['fc_weight'],
          b.arg_dict['data'].shape, sorted(shared), shared['data'].shape, d.arg_dict['data'] is b.arg_dict['data'],
          d.grad_dict['fc_bias'] is b.grad_dict['fc_bias']]'''),
    ('bind_exec_without_gradients', '''
net = mx.sym.FullyConnected(mx.sym.var('data'), num_hidden=2, name='fc')
exe = mx.executor_manager._bind_exec(net, mx.cpu(), {'data': (4, 3)}, ['fc_weight', 'fc_bias'])
result = [sorted(exe.arg_dict), [a.shape for a in exe.arg_arrays], exe.forward()[0].shape]'''),
    ('bind_exec_bad_need_grad', '''
net = mx.sym.FullyConnected(mx.sym.var('data'), num_hidden=2, name='fc')
mx.executor_manager._bind_exec(net, mx.cpu(), {'data': (4, 3)}, ['fc_weight', 'fc_bias'], need_grad=['fc_weight'])'''),
    ('load_label_helper', '''
batch = mx.io.DataBatch([nd.zeros((2, 2))], [nd.array([3, 4])])
dst = nd.zeros((2,))
mx.executor_manager._load_label(batch, [dst])
result = dst'''),
]
