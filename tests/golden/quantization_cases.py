"""mx.contrib.quantization against MXNet 1.9.1: the quantized graphs of small models (node for node: operator,
name, attributes, inputs; the calibration layers; the quantized parameters), calibrated thresholds and the
outputs of the quantized models on fixed inputs, the entropy helpers, and MXNet's errors for bad input.

MXNet's CPU build binds its calibration Module through the MKLDNN subgraph backend, whose fused nodes rename
the convolution/FC outputs so that their requantize nodes are never calibrated; the cases set
MXNET_SUBGRAPH_BACKEND=NONE (read by MXNet only) so that MXNet calibrates every layer, as mxtorch always does
(docs/differences.md)."""

# a LeNet-like model with fixed weights: conv -> relu -> max pool -> flatten -> fc (-> softmax)
_MODEL = """import os
os.environ['MXNET_SUBGRAPH_BACKEND'] = 'NONE'
import json
rs = np.random.RandomState(0)
data = mx.sym.var('data')
conv = mx.sym.Convolution(data, kernel=(3, 3), num_filter=4, name='conv0')
relu = mx.sym.Activation(conv, act_type='relu', name='relu0')
pool = mx.sym.Pooling(relu, kernel=(2, 2), stride=(2, 2), pool_type='max', name='pool0')
flat = mx.sym.Flatten(pool, name='flat0')
fc = mx.sym.FullyConnected(flat, num_hidden=5, name='fc0')
net = mx.sym.SoftmaxOutput(fc, name='softmax')
args = {'conv0_weight': nd.array(rs.randn(4, 2, 3, 3) * 0.3), 'conv0_bias': nd.array(rs.randn(4) * 0.1),
        'fc0_weight': nd.array(rs.randn(5, 36) * 0.2), 'fc0_bias': nd.array(rs.randn(5) * 0.1)}
X = rs.rand(8, 2, 8, 8).astype('float32')
CALIB = ('min_calib_range', 'max_calib_range')
def nodes(qsym):
    out = []
    for n in json.loads(qsym.tojson())['nodes']:
        attrs = n.get('attrs', {})
        out.append([n['op'], n['name'], sorted((k, v) for k, v in attrs.items() if k not in CALIB),
                    [e[:2] for e in n['inputs']]])
    return out
def calib(qsym):
    return [[n['name'], float(n['attrs'][CALIB[0]]), float(n['attrs'][CALIB[1]])]
            for n in json.loads(qsym.tojson())['nodes'] if CALIB[0] in n.get('attrs', {})]
def run(qsym, qargs, head=None, batch=X[:4]):
    if head is not None:
        qsym = qsym.get_internals()[head]
    feed = {k: v for k, v in qargs.items() if k in qsym.list_arguments()}
    feed['data'] = nd.array(batch)
    if 'softmax_label' in qsym.list_arguments():
        feed['softmax_label'] = nd.zeros(len(batch))
    return qsym.bind(mx.cpu(), feed).forward()
def quantized(mode, dtype='auto', qmode='smart', **kw):
    it = mx.io.NDArrayIter(X, batch_size=4)
    return mx.contrib.quant.quantize_model(net, args, {}, calib_mode=mode, calib_data=it, ctx=mx.cpu(),
                                           quantized_dtype=dtype, quantize_mode=qmode, **kw)
"""

# a graph of every kind of node the pass handles: split outputs, a reshape (no output names), batch norm,
# elemwise add/mul, concat, a float consumer of a quantized node and two heads
_MIXED = """data = mx.sym.var('data')
t = mx.sym.tanh(data, name='tanh0')
s = mx.sym.split(t, num_outputs=2, axis=1, name='split0')
f1 = mx.sym.FullyConnected(s[1], num_hidden=5, name='fc1')
r = mx.sym.reshape(s[0], shape=(0, -1), name='resh')
f2 = mx.sym.FullyConnected(r, num_hidden=5, name='fc2', no_bias=True)
bn = mx.sym.BatchNorm(t, name='bn0')
f3 = mx.sym.FullyConnected(bn, num_hidden=5, name='fc3')
m = mx.sym.elemwise_mul(f1 + f2, f3, name='mul0')
g = mx.sym.Group([mx.sym.Concat(m, f1, dim=1, name='cat0'), mx.sym.sum(m, name='sum0')])
offline = [n for n in g.list_arguments() if n != 'data']
"""

_ACT = """data = mx.sym.var('data')
c = mx.sym.Convolution(data, kernel=(1, 1), num_filter=4, name='conv0')
a = mx.sym.Activation(c, act_type='sigmoid', name='act0')
p = mx.sym.Pooling(a, kernel=(2, 2), pool_type='max', name='pool0')
c2 = mx.sym.Convolution(p, kernel=(1, 1), num_filter=4, name='conv1', no_bias=True)
cat = mx.sym.concat(c2, p, dim=-1, name='cat1')
gap = mx.sym.Pooling(cat, kernel=(1, 1), global_pool=True, pool_type='avg', name='gap')
g = mx.sym.FullyConnected(mx.sym.flatten(gap, name='fl'), num_hidden=3, name='fc0')
offline = [n for n in g.list_arguments() if n != 'data']
"""

_RESIDUAL = """data = mx.sym.Variable('data')
conv0 = mx.sym.Convolution(data=data, num_filter=4, kernel=(1, 1), no_bias=True, name='conv0')
bn = mx.sym.BatchNorm(data=conv0, fix_gamma=False, eps=2e-5, momentum=0.9, name='bn')
act0 = mx.sym.Activation(data=mx.sym.elemwise_add(bn, data, name='sum0'), act_type='relu', name='relu0')
pool0 = mx.sym.Pooling(act0, kernel=(4, 4), pool_type='avg', name='pool0')
conv1 = mx.sym.Convolution(data=pool0, num_filter=4, kernel=(1, 1), name='conv1')
pool1 = mx.sym.Pooling(mx.sym.Activation(data=conv1, act_type='relu', name='relu1'), kernel=(4, 4),
                       pool_type='avg', name='pool1')
fc = mx.sym.FullyConnected(pool1, num_hidden=10, name='fc')
g = mx.sym.SoftmaxOutput(fc, name='softmax')
offline = [n for n in g.list_arguments() if n not in ('data', 'softmax_label')]
"""

_EMBED = """data = mx.sym.var('data')
e = mx.sym.Embedding(data, input_dim=10, output_dim=4, name='emb')
g = mx.sym.FullyConnected(e, num_hidden=3, name='fc0', flatten=False)
offline = [n for n in g.list_arguments() if n != 'data']
"""


def _pass(graph, mode, excluded='[]', ops='[]', dtype='auto'):
    return (graph + "q, layers = mx.contrib.quant._quantize_symbol(g, mx.cpu(), excluded_symbols={}, "
            "excluded_operators={}, offline_params=offline, quantize_mode='{}', quantized_dtype='{}')\n"
            "result = [q.tojson(), layers, q.list_arguments(), q.list_outputs(), q.list_auxiliary_states()]"
            .format(excluded, ops, mode, dtype))


_TOL = {'atol': 1e-5, 'rtol': 1e-5}

CASES = [
    # ---- the graph pass on the LeNet-like model: MXNet's JSON byte for byte (no calibration) --------------
    ('lenet_none_int8', _MODEL + "q, qa, qx = quantized('none', 'int8')\nresult = q.tojson()"),
    ('lenet_none_uint8_full', _MODEL + "q, qa, qx = quantized('none', 'uint8', 'full')\nresult = q.tojson()"),
    ('lenet_none_auto', _MODEL + "q, qa, qx = quantized('none')\nresult = [q.tojson(), q.list_arguments()]"),
    ('lenet_layers', _MODEL + "q, layers = mx.contrib.quant._quantize_symbol(net, mx.cpu(), "
                              "offline_params=list(args))\nresult = layers"),
    ('lenet_no_offline_params', _MODEL + "q, layers = mx.contrib.quant._quantize_symbol(net, mx.cpu(), "
                                         "quantize_mode='full')\nresult = [q.tojson(), layers]"),
    ('lenet_excluded_names', _MODEL + "q, qa, qx = quantized('none', excluded_sym_names=['relu0', 'fc0'])\n"
                                      "result = q.tojson()"),
    ('lenet_excluded_ops', _MODEL + "q, qa, qx = quantized('none', excluded_op_names=['Pooling', 'Flatten'])\n"
                                    "result = q.tojson()"),
    ('lenet_excluded_ops_full', _MODEL + "q, qa, qx = quantized('none', qmode='full', "
                                         "excluded_op_names=['Pooling'])\nresult = q.tojson()"),
    ('lenet_quantized_params', _MODEL + "q, qa, qx = quantized('none')\nresult = [qa, qx]"),
    ('lenet_params_helper', _MODEL + "q, layers = mx.contrib.quant._quantize_symbol(net, mx.cpu(), "
                                     "offline_params=list(args))\n"
                                     "result = mx.contrib.quant._quantize_params(q, args, {'data': (-1.0, 2.0)})"),
    # ---- calibration: thresholds, graph and outputs -----------------------------------------------------
    ('lenet_naive_graph', _MODEL + "q, qa, qx = quantized('naive')\nresult = [nodes(q), calib(q)]", _TOL),
    ('lenet_naive_int8_graph', _MODEL + "q, qa, qx = quantized('naive', 'int8')\nresult = [nodes(q), calib(q)]",
     _TOL),
    ('lenet_naive_uint8_full_graph', _MODEL + "q, qa, qx = quantized('naive', 'uint8', 'full')\n"
                                              "result = [nodes(q), calib(q)]", _TOL),
    ('lenet_entropy_graph', _MODEL + "q, qa, qx = quantized('entropy')\nresult = [nodes(q), calib(q)]", _TOL),
    ('lenet_entropy_int8_graph', _MODEL + "q, qa, qx = quantized('entropy', 'int8')\n"
                                          "result = [nodes(q), calib(q)]", _TOL),
    ('lenet_naive_few_examples', _MODEL + "q, qa, qx = quantized('naive', num_calib_examples=3)\n"
                                          "result = calib(q)", _TOL),
    ('lenet_naive_params', _MODEL + "q, qa, qx = quantized('naive')\nresult = qa"),
    ('lenet_naive_outputs', _MODEL + "q, qa, qx = quantized('naive')\nresult = run(q, qa)", _TOL),
    ('lenet_entropy_outputs', _MODEL + "q, qa, qx = quantized('entropy')\nresult = run(q, qa)", _TOL),
    # the int8 codes inside the quantized model: the data quantize and the requantized fc layer
    ('lenet_naive_data_codes', _MODEL + "q, qa, qx = quantized('naive')\n"
                                        "result = run(q, qa, 'data_quantize_output0')"),
    ('lenet_naive_fc_codes', _MODEL + "q, qa, qx = quantized('naive')\n"
                                      "result = run(q, qa, 'requantize_fc0_output0')"),
    ('lenet_entropy_fc_codes', _MODEL + "q, qa, qx = quantized('entropy')\n"
                                        "result = run(q, qa, 'requantize_fc0_output0')"),
    ('lenet_none_fc_codes', _MODEL + "q, qa, qx = quantized('none')\nresult = run(q, qa, 'requantize_fc0_output0')"),
    ('lenet_int8_conv_refused', _MODEL + "q, qa, qx = quantized('naive', 'int8')\nresult = run(q, qa)"),
    # ---- quantize_graph + calib_graph: the same thresholds through a collector -------------------------
    ('graph_then_calib', _MODEL + "q, qa, qx, col = mx.contrib.quant.quantize_graph(net, args, {}, "
                                  "calib_mode='naive', quantized_dtype='auto')\n"
                                  "mod = mx.mod.Module(net, context=mx.cpu())\n"
                                  "it = mx.io.NDArrayIter(X, batch_size=4)\n"
                                  "mod.bind(for_training=False, data_shapes=it.provide_data)\n"
                                  "mod.set_params(args, {})\n"
                                  "mod._exec_group.execs[0].set_monitor_callback(col.collect, monitor_all=True)\n"
                                  "for b in it:\n    mod.forward(b, is_train=False)\n"
                                  "c, ca, cx = mx.contrib.quant.calib_graph(q, args, {}, col, calib_mode='naive', "
                                  "quantized_dtype='auto')\n"
                                  "result = [type(col).__name__, sorted(col.min_max_dict), calib(c), "
                                  "sorted(ca)]", _TOL),
    ('graph_collectors', _MODEL + "kinds = []\nfor mode in ('none', 'naive', 'entropy'):\n"
                                  "    q, qa, qx, col = mx.contrib.quant.quantize_graph(net, args, {}, "
                                  "calib_mode=mode)\n"
                                  "    kinds.append(type(col).__name__)\nresult = kinds"),
    # ---- other graphs: MXNet's pass on each mode and exclusion -----------------------------------------
    ('mixed_smart', _pass(_MIXED, 'smart')),
    ('mixed_full', _pass(_MIXED, 'full')),
    ('mixed_full_excluded', _pass(_MIXED, 'full', "['fc1']")),
    ('mixed_full_no_fc', _pass(_MIXED, 'full', ops="['FullyConnected']")),
    ('mixed_full_int8', _pass(_MIXED, 'full', dtype='int8')),
    ('act_smart', _pass(_ACT, 'smart')),
    ('act_full', _pass(_ACT, 'full')),
    ('act_full_excluded', _pass(_ACT, 'full', "['conv1', 'pool0']")),
    ('residual_smart', _pass(_RESIDUAL, 'smart')),
    ('residual_full', _pass(_RESIDUAL, 'full')),
    ('residual_full_excluded', _pass(_RESIDUAL, 'full', "['conv1']", "['FullyConnected']")),
    ('embedding_full', _pass(_EMBED, 'full')),
    ('embedding_smart', _pass(_EMBED, 'smart')),
    ('calibrate_helper', "import json\n" + _pass(_RESIDUAL, 'full') + "\n"
     "c = mx.contrib.quant._calibrate_quantized_sym(q, {'conv1_output': (-1.5, 2.25), 'fc_output': (-3.0, 3.0), "
     "'data': (0.0, 1.0), 'bn_output': (-2.0, 2.0)})\n"
     "result = [json.loads(c.tojson())['nodes'], json.loads(q.tojson()) == json.loads(c.tojson())]"),
    # ---- entropy helpers ------------------------------------------------------------------------------
    ('combine_histogram_inside', "q = mx.contrib.quantization\n"
     "h, e = np.histogram(np.linspace(-1, 1, 50), bins=5, range=(-1, 1))\n"
     "result = list(q.combine_histogram((h, e, -1.0, 1.0, 1.0), np.array([0.5, -0.2, 0.9]), -0.2, 0.9, 0.9))"),
    ('combine_histogram_wider', "q = mx.contrib.quantization\n"
     "h, e = np.histogram(np.linspace(-1, 1, 50), bins=5, range=(-1, 1))\n"
     "result = list(q.combine_histogram((h, e, -1.0, 1.0, 1.0), np.array([2.5, -0.2, 0.9]), -0.2, 2.5, 2.5))"),
    ('smooth_distribution', "d = np.zeros((5,))\nd[2] = 1\n"
                            "result = mx.contrib.quant._smooth_distribution(d, eps=1e-3)"),
    ('smooth_distribution_all_zero', "result = mx.contrib.quant._smooth_distribution(np.zeros((2,)), eps=1e-3)"),
    ('optimal_threshold_edge', "hist = [0] * 998 + [1000]\nedges = [4.0 / 999 * i - 2 for i in range(999)] + [2]\n"
                               "result = [[float(np.ravel(v)[0]) for v in mx.contrib.quant._get_optimal_threshold("
                               "(hist, edges, -2, 2, 2), dt, num_quantized_bins=5)[2:]] for dt in "
                               "('uint8', 'int8', 'auto')]", _TOL),
    ('optimal_thresholds', "rs = np.random.RandomState(3)\na = rs.uniform(-10.5, 11.3, size=(4000,))\n"
                           "th = max(abs(a.min()), abs(a.max()))\nh, e = np.histogram(a, bins=8001, range=(-th, th))\n"
                           "d = {'layer1': (h, e, a.min(), a.max(), th)}\n"
                           "t = mx.contrib.quant._get_optimal_thresholds(d, 'int8')\n"
                           "result = [float(np.ravel(t['layer1'][0])[0]), float(np.ravel(t['layer1'][1])[0]), "
                           "len(d)]", _TOL),
    ('optimal_thresholds_nonnegative', "rs = np.random.RandomState(4)\na = rs.uniform(0, 3, size=(4000,))\n"
                                       "th = max(abs(a.min()), abs(a.max()))\n"
                                       "h, e = np.histogram(a, bins=8001, range=(-th, th))\nout = []\n"
                                       "for dt in ('int8', 'uint8', 'auto'):\n"
                                       "    t = mx.contrib.quant._get_optimal_thresholds("
                                       "{'l': (h, e, a.min(), a.max(), th)}, dt)\n"
                                       "    out.append([float(np.ravel(t['l'][0])[0]), "
                                       "float(np.ravel(t['l'][1])[0])])\nresult = out", _TOL),
    # ---- bad input: MXNet's errors ---------------------------------------------------------------------
    ('unknown_calib_mode', _MODEL + "result = quantized('nope')"),
    ('unknown_calib_mode_graph', _MODEL + "result = mx.contrib.quant.quantize_graph(net, args, {}, calib_mode='nope')"),
    ('unknown_quantized_dtype', _MODEL + "result = quantized('none', 'int4')"),
    ('unknown_granularity', _MODEL + "result = quantized('none', quantize_granularity='row-wise')"),
    ('unknown_quantize_mode', _MODEL + "result = quantized('none', qmode='clever')"),
    ('missing_calib_data', _MODEL + "result = mx.contrib.quant.quantize_model(net, args, {}, calib_mode='naive')"),
    ('calib_data_not_an_iterator', _MODEL + "result = mx.contrib.quant.quantize_model(net, args, {}, "
                                            "calib_mode='entropy', calib_data=[X])"),
    ('excluded_names_not_a_list', _MODEL + "result = quantized('none', excluded_sym_names='fc0')"),
    ('excluded_ops_not_a_list', _MODEL + "result = quantized('none', excluded_op_names=('Pooling',))"),
    ('calib_graph_without_mode', _MODEL + "result = mx.contrib.quant.calib_graph(net, args, {}, None, "
                                          "calib_mode='none')"),
    ('calib_graph_unknown_mode', _MODEL + "result = mx.contrib.quant.calib_graph(net, args, {}, None, "
                                          "calib_mode='odd')"),
    ('mkldnn_on_a_gpu', _MODEL + "result = mx.contrib.quant.quantize_model_mkldnn(net, args, {}, ctx=mx.gpu(0), "
                                 "calib_mode='none')"),
    ('mkldnn_several_contexts', _MODEL + "result = mx.contrib.quant.quantize_model_mkldnn(net, args, {}, "
                                         "ctx=[mx.cpu()], calib_mode='none')"),
    ('quantize_net_without_shapes', "net = gluon.nn.Dense(3, in_units=4)\nnet.initialize()\n"
                                    "result = mx.contrib.quant.quantize_net(net)"),
    ('load_sym_bad_type', "result = mx.contrib.quant._load_sym(3)"),
    ('load_params_bad_type', "result = mx.contrib.quant._load_params(3)"),
    # ---- names ----------------------------------------------------------------------------------------
    ('public_names', "result = sorted(n for n in dir(mx.contrib.quantization) if not n.startswith('_'))"),
    ('quant_is_quantization', "result = mx.contrib.quant is mx.contrib.quantization"),
]

# the test file's LeNet (no softmax head), calibrated on 16 examples in batches of 8: MXNet's unfused CPU path
# (MXNET_SUBGRAPH_BACKEND=NONE) is far from the float model, as its quantized convolution reports an int32
# range twice too wide for uint8 data; mxtorch gives the same values
_PLAIN = """import os
os.environ['MXNET_SUBGRAPH_BACKEND'] = 'NONE'
import json
data = mx.sym.var('data')
conv = mx.sym.Convolution(data, kernel=(3, 3), num_filter=4, name='conv0')
relu = mx.sym.Activation(conv, act_type='relu', name='relu0')
pool = mx.sym.Pooling(relu, kernel=(2, 2), stride=(2, 2), pool_type='max', name='pool0')
fc = mx.sym.FullyConnected(mx.sym.Flatten(pool, name='flat0'), num_hidden=5, name='fc0')
rs = np.random.RandomState(1)
args = {'conv0_weight': nd.array(rs.randn(4, 2, 3, 3) * 0.3), 'conv0_bias': nd.array(rs.randn(4) * 0.1),
        'fc0_weight': nd.array(rs.randn(5, 36) * 0.2), 'fc0_bias': nd.array(rs.randn(5) * 0.1)}
X = rs.rand(16, 2, 8, 8).astype('float32')
def forward(sym, params, x, heads=None):
    if heads is not None:
        sym = mx.sym.Group([sym.get_internals()[h] for h in heads])
    feed = {k: v for k, v in params.items() if k in sym.list_arguments()}
    feed['data'] = nd.array(x)
    return [o.asnumpy() for o in sym.bind(mx.cpu(), feed).forward()]
def calib(qsym):
    return [[n['name'], float(n['attrs']['min_calib_range']), float(n['attrs']['max_calib_range'])]
            for n in json.loads(qsym.tojson())['nodes'] if 'min_calib_range' in n.get('attrs', {})]
"""

_CALIBRATED = _PLAIN + """q, qa, qx = mx.contrib.quant.quantize_model(fc, args, {}, label_names=None, calib_mode='MODE',
    quantized_dtype='auto', calib_data=mx.io.NDArrayIter(X, batch_size=8), ctx=mx.cpu())
result = [calib(q), forward(q, qa, X[:8]), forward(fc, args, X[:8])]
"""

# the quantized convolution's int32 result and range, and the codes it was computed from
_CONV_CODES = _PLAIN + """q, qa, qx = mx.contrib.quant.quantize_model(fc, args, {}, label_names=None, calib_mode='naive',
    quantized_dtype='auto', calib_data=mx.io.NDArrayIter(X, batch_size=8), ctx=mx.cpu())
result = [forward(q, qa, X[:4], ['data_quantize_output0', 'data_quantize_output1', 'data_quantize_output2']),
          forward(q, qa, X[:4], ['quantized_conv0_output', 'quantized_conv0_min_output',
                                 'quantized_conv0_max_output']),
          qa['conv0_weight_quantize'], qa['conv0_bias_quantize']]
"""

# quantize_graph, then the float model run by hand with the collector as the executor's monitor
_BY_HAND = _PLAIN + """q, qa, qx, col = mx.contrib.quant.quantize_graph(fc, args, {}, calib_mode='MODE', quantized_dtype='auto')
layers = list(col.include_layer)
exe = fc.bind(mx.cpu(), dict(args, data=nd.array(X)))
exe.set_monitor_callback(col.collect, monitor_all=True)
exe.forward()
kept = sorted(getattr(col, 'hist_dict', getattr(col, 'min_max_dict', {})))
c, ca, cx = mx.contrib.quant.calib_graph(q, args, {}, col, calib_mode='MODE', quantized_dtype='auto')
result = [type(col).__name__, layers, kept, calib(c), len(getattr(col, 'hist_dict', {})), sorted(ca),
          forward(c, ca, X[:4])]
"""

# the statistics collectors fed through an executor's monitor (MXNet's take the monitor's raw handles, so
# only a monitor can feed them): a first batch, a batch within the range and one beyond it; layer 'b'
# (the identity's output) is not included
_COLLECTED = """col = mx.contrib.quant.KIND
sym = mx.sym.identity(mx.sym.var('a'), name='b')
seen = []
for values in ([0.5, -1.0, 2.0, 0.25], [1.5, -0.25], [3.0, -0.5, 0.1]):
    exe = sym.bind(mx.cpu(), {'a': nd.array(values)})
    exe.set_monitor_callback(col.collect, monitor_all=True)
    exe.forward()
    stats = getattr(col, 'hist_dict', getattr(col, 'min_max_dict', None))
    seen.append([sorted(stats), [np.asarray(v, dtype='float64') if np.ndim(v) else float(v) for v in stats['a']]])
result = seen
"""

# quantize_net_v2 of a Gluon network calibrated from a DataLoader; on cpu(1), which MXNet does not send
# through its MKLDNN_QUANTIZE fusion (mxtorch has none: docs/differences.md)
_GLUON = """import os
os.environ['MXNET_SUBGRAPH_BACKEND'] = 'NONE'
net = gluon.nn.HybridSequential(prefix='qnet_')
with net.name_scope():
    net.add(gluon.nn.Conv2D(4, 3, activation='relu', in_channels=2), gluon.nn.MaxPool2D(),
            gluon.nn.Flatten(), gluon.nn.Dense(5, in_units=36))
net.initialize()
rs = np.random.RandomState(2)
for p in net.collect_params().values():
    p.set_data(nd.array(rs.randn(*p.shape) * 0.3))
x = nd.array(np.random.RandomState(3).rand(8, 2, 8, 8))
loader = gluon.data.DataLoader(gluon.data.ArrayDataset(x, nd.zeros(8)), batch_size=4)
qnet = mx.contrib.quant.quantize_net_v2(net, quantized_dtype='auto', calib_mode='MODE', calib_data=loader,
                                        ctx=mx.cpu(1))
params = qnet.collect_params()
result = [type(qnet).__name__, sorted(params), str(params['qnet_dense0_weight_quantize'].dtype),
          qnet(x[:4].as_in_context(mx.cpu(1))), net(x[:4])]
"""

CASES += [
    ('plain_naive_calibrated', _CALIBRATED.replace('MODE', 'naive'), _TOL),
    ('plain_entropy_calibrated', _CALIBRATED.replace('MODE', 'entropy'), _TOL),
    ('plain_conv_codes', _CONV_CODES, _TOL),
    ('plain_by_hand_naive', _BY_HAND.replace('MODE', 'naive'), _TOL),
    ('plain_by_hand_entropy', _BY_HAND.replace('MODE', 'entropy'), _TOL),
    ('histogram_collector', _COLLECTED.replace('KIND', "_LayerHistogramCollector(num_bins=9, include_layer=['a'])"),
     _TOL),
    ('min_max_collector', _COLLECTED.replace('KIND', "_LayerOutputMinMaxCollector('int8', include_layer=['a'])"),
     _TOL),
    ('quantize_net_v2_loader_naive', _GLUON.replace('MODE', 'naive'), _TOL),
    ('quantize_net_v2_loader_entropy', _GLUON.replace('MODE', 'entropy'), _TOL),
    # shape and type inference of a quantized embedding (MXNet's test_quantized_embedding binds it so)
    ('quantized_embedding_inference', "d = mx.sym.Variable('data', shape=(3, 4), dtype='int32')\n"
     "e = mx.sym.contrib.quantized_embedding(data=d, input_dim=10, output_dim=5)\n"
     "result = [e.list_arguments(), e.infer_shape(data=(3, 4)), "
     "[[np.dtype(t).name for t in ts] for ts in e.infer_type(data='int32')]]"),
]
