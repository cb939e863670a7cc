"""Gluon recurrent cells unrolled over Symbols, and executors' optimized graphs, as MXNet 1.9.1 gives them.

The unroll cases build a cell's graph from Symbol inputs (a list of steps or one merged Symbol, layouts
NTC and TNC, merged and per-step outputs, valid_length) and answer with the graph's output names,
argument names, the shapes inference gives, and the values the graph computes with fixed parameters (so
the graph is MXNet's own computation, not only its shape). The optimized-graph cases count the nodes of
``get_optimized_symbol`` with MXNET_ELIMINATE_COMMON_EXPR on and off."""

# fixed values for every argument of a graph `s` (data arguments have the shapes in `data`), except those
# in `given` (valid lengths); leaves the outputs' values in result['values']
_EVAL = """
shapes = s.infer_shape(**data)
args = {}
for i, (name, shape) in enumerate(zip(s.list_arguments(), shapes[0])):
    size = 1
    for d in shape:
        size *= d
    args[name] = (nd.arange(size).reshape(shape) % 7 - 3) * (0.05 if name in data else 0.02)
args.update(given)
outs = s.eval(ctx=mx.cpu(), **args)
result = {'outputs': s.list_outputs(), 'arguments': s.list_arguments(), 'out_shapes': shapes[1],
          'arg_shapes': shapes[0], 'values': [o for o in outs]}
"""


def _unroll(name, build, data, given='{}'):
    return (name, build.strip() + '\ndata = ' + data + '\ngiven = ' + given + '\n' + _EVAL,
            {'atol': 1e-5, 'rtol': 1e-4})


_STEPS3 = "[mx.sym.var('t%d' % i) for i in range(3)]"
_DATA3 = "{'t0': (2, 4), 't1': (2, 4), 't2': (2, 4)}"

CASES = [
    _unroll('rnn_tanh_steps', """
cell = gluon.rnn.RNNCell(3, prefix='rnn_')
outs, states = cell.unroll(3, %s)
s = mx.sym.Group(outs + states)
""" % _STEPS3, _DATA3),
    _unroll('rnn_relu_steps', """
cell = gluon.rnn.RNNCell(3, activation='relu', prefix='rnn_')
outs, states = cell.unroll(3, %s)
s = mx.sym.Group(outs + states)
""" % _STEPS3, _DATA3),
    _unroll('lstm_steps', """
cell = gluon.rnn.LSTMCell(3, prefix='lstm_')
outs, states = cell.unroll(3, %s)
s = mx.sym.Group(outs + states)
""" % _STEPS3, _DATA3),
    _unroll('gru_steps', """
cell = gluon.rnn.GRUCell(3, prefix='gru_')
outs, states = cell.unroll(3, %s)
s = mx.sym.Group(outs + states)
""" % _STEPS3, _DATA3),
    _unroll('lstm_merged_ntc', """
cell = gluon.rnn.LSTMCell(3, prefix='lstm_')
outs, states = cell.unroll(3, mx.sym.var('data'), layout='NTC', merge_outputs=True)
s = mx.sym.Group([outs] + states)
""", "{'data': (2, 3, 4)}"),
    _unroll('gru_merged_tnc_steps_out', """
cell = gluon.rnn.GRUCell(3, prefix='gru_')
outs, states = cell.unroll(3, mx.sym.var('data'), layout='TNC', merge_outputs=False)
s = mx.sym.Group(outs + states)
""", "{'data': (3, 2, 4)}"),
    _unroll('lstm_valid_length', """
cell = gluon.rnn.LSTMCell(3, prefix='lstm_')
outs, states = cell.unroll(3, mx.sym.var('data'), layout='NTC', merge_outputs=True,
                           valid_length=mx.sym.var('vl'))
s = mx.sym.Group([outs] + states)
""", "{'data': (2, 3, 4), 'vl': (2,)}", "{'vl': nd.array([3, 2])}"),
    _unroll('bidirectional_steps', """
cell = gluon.rnn.BidirectionalCell(gluon.rnn.LSTMCell(3, prefix='l_'), gluon.rnn.GRUCell(3, prefix='r_'),
                                   output_prefix='bi_')
outs, states = cell.unroll(3, %s)
s = mx.sym.Group(outs + states)
""" % _STEPS3, _DATA3),
    _unroll('bidirectional_valid_length_merged', """
cell = gluon.rnn.BidirectionalCell(gluon.rnn.RNNCell(3, prefix='l_'), gluon.rnn.RNNCell(3, prefix='r_'))
outs, states = cell.unroll(3, mx.sym.var('data'), merge_outputs=True, valid_length=mx.sym.var('vl'))
s = mx.sym.Group([outs] + states)
""", "{'data': (2, 3, 4), 'vl': (2,)}", "{'vl': nd.array([3, 2])}"),
    _unroll('stack_residual_dropout', """
cell = gluon.rnn.SequentialRNNCell()
cell.add(gluon.rnn.GRUCell(4, prefix='g0_'))
cell.add(gluon.rnn.ResidualCell(gluon.rnn.RNNCell(4, prefix='r1_')))
cell.add(gluon.rnn.DropoutCell(0.0))
outs, states = cell.unroll(3, %s)
s = mx.sym.Group(outs + states)
""" % _STEPS3, _DATA3),
    ('zoneout_shapes', """
cell = gluon.rnn.ZoneoutCell(gluon.rnn.RNNCell(3, prefix='rnn_'), zoneout_outputs=0.5, zoneout_states=0.5)
outs, _ = cell.unroll(2, [mx.sym.var('a'), mx.sym.var('b')])
result = mx.sym.Group(outs).infer_shape(a=(2, 4), b=(2, 4))[1]
"""),
    ('grouped_symbol_input', """
cell = gluon.rnn.RNNCell(3)
result = cell.unroll(2, mx.sym.Group([mx.sym.var('a'), mx.sym.var('b')]))
"""),
    ('hybridized_bidirectional_valid_length', """
class Net(gluon.HybridBlock):
    def __init__(self):
        super().__init__(prefix='net_')
        with self.name_scope():
            self.cell = gluon.rnn.BidirectionalCell(gluon.rnn.LSTMCell(3, prefix='l_'),
                                                    gluon.rnn.LSTMCell(3, prefix='r_'))

    def hybrid_forward(self, F, x, vl):
        return self.cell.unroll(3, x, valid_length=vl, merge_outputs=True)[0]

net = Net()
net.initialize(mx.init.Constant(0.1))
net.hybridize()
x = (nd.arange(24).reshape((2, 3, 4)) % 5) * 0.1
a = net(x, nd.array([3, 2]))
b = net(nd.concat(x, x, dim=0), nd.array([3, 2, 1, 3]))   # another batch size: the begin states follow
result = [a, b]
""", {'atol': 1e-5}),
    ('cse_counts', """
import os
a, b, c = mx.sym.var('a'), mx.sym.var('b'), mx.sym.var('c')
graphs = [(a + 1) + (a + 2), (a + b) + (a + b), ((a + b) + c) + ((a + b) + c), mx.sym.Group([a * (a + 1), a * (a + 1)]),
          mx.sym.exp(a) * mx.sym.exp(a), mx.sym.Dropout(a) + mx.sym.Dropout(a)]
result = []
for g in graphs:
    shapes = {n: (2, 3) for n in g.list_arguments()}
    counts = []
    for flag in ('0', '1'):
        os.environ['MXNET_ELIMINATE_COMMON_EXPR'] = flag
        try:
            exe = g.simple_bind(mx.cpu(), grad_req='null', **shapes)
        finally:
            del os.environ['MXNET_ELIMINATE_COMMON_EXPR']
        counts.append(len(exe.get_optimized_symbol().get_internals().list_outputs()))
    result.append(counts)
"""),
    ('cse_output_copies', """
a = mx.sym.var('a')
d = mx.sym.exp(a)
exe = mx.sym.Group([d * 2, d * 2, d * 2]).simple_bind(mx.cpu(), a=(2,), grad_req='null')
opt = exe.get_optimized_symbol()
result = opt.list_outputs()
"""),
    ('bind_through_an_operator_without_gradient', """
x, idx = mx.sym.var('x'), mx.sym.var('idx')
result = mx.sym.batch_take(x, idx).simple_bind(mx.cpu(), x=(3, 4), idx=(3,), type_dict={'x': np.float32, 'idx': np.int32})
"""),
    ('zero_gradient_reaches_no_operator_without_one', """
x, idx = mx.sym.var('x'), mx.sym.var('idx')
y = mx.sym.stop_gradient(mx.sym.batch_take(x, idx)) + mx.sym.BlockGrad(mx.sym.argmax_channel(x))
exe = y.simple_bind(mx.cpu(), x=(3, 4), idx=(3,), type_dict={'x': np.float32, 'idx': np.int32})
exe.forward(is_train=True, x=nd.arange(12).reshape((3, 4)), idx=nd.array([0, 3, 1], dtype='int32'))
exe.backward(nd.ones((3,)))
result = [exe.outputs[0], exe.grad_dict['x']]
"""),
    ('bind_without_gradients_takes_any_operator', """
x, idx = mx.sym.var('x'), mx.sym.var('idx')
exe = mx.sym.batch_take(x, idx).simple_bind(mx.cpu(), grad_req='null', x=(3, 4), idx=(3,),
                                            type_dict={'x': np.float32, 'idx': np.int32})
result = exe.forward(x=nd.arange(12).reshape((3, 4)), idx=nd.array([0, 3, 1], dtype='int32'))[0]
"""),
    ('simple_bind_ignores_shapes_of_names_it_lacks', """
d = mx.sym.var('data')
exe = mx.sym.FullyConnected(d, num_hidden=2, name='fc').simple_bind(mx.cpu(), data=(3, 4), foo=(1,))
result = [sorted(exe.arg_dict), [exe.arg_dict[k].shape for k in sorted(exe.arg_dict)]]
"""),
    ('infer_shape_refuses_names_it_lacks', """
d = mx.sym.var('data')
result = mx.sym.FullyConnected(d, num_hidden=2, name='fc').infer_shape(data=(3, 4), foo=(1,))
"""),
    ('cached_op_runs_a_symbol', """
sym = mx.sym.Convolution(kernel=(3, 3), num_filter=2, name='c') * 2 + 1
op = mx.nd.CachedOp(sym)
data = nd.arange(32).reshape((1, 2, 4, 4)) / 10
weight = nd.arange(36).reshape((2, 2, 3, 3)) / 20
bias = nd.array([0.5, -1])
o = op(data, weight, bias)
o2 = nd.zeros(o.shape)
op(data, weight, bias, out=o2)
result = [sym.list_inputs(), o, o2]
"""),
    ('cached_op_gradients', """
sym = mx.sym.FullyConnected(mx.sym.var('x'), num_hidden=2, name='fc')
sym = mx.sym.tanh(sym) * mx.sym.var('s')
op = mx.nd.CachedOp(sym, flags=[('static_alloc', True)])
x = nd.array([[1., 2., 3.], [-1., 0., 2.]])
w = nd.array([[0.1, 0.2, -0.3], [0.5, -0.1, 0.2]])
b = nd.array([0.1, -0.2])
s = nd.array([[2., 3.], [1., -1.]])
for a in (x, w, b, s):
    a.attach_grad()
with mx.autograd.record():
    y = op(x, w, b, s)
    z = (y * y).sum()
z.backward()
result = [y, x.grad, w.grad, b.grad, s.grad]
"""),
    ('cached_op_several_outputs', """
a = mx.sym.var('a')
op = mx.nd.CachedOp(mx.sym.Group([a + 1, a * 3]))
outs = op(nd.array([1., 2.]))
result = [type(outs).__name__, len(outs), outs[0], outs[1]]
"""),
    ('cached_op_unknown_keyword', """
op = mx.nd.CachedOp(mx.sym.var('a') + 1)
result = op(nd.ones(2), foo=1)
"""),
]
