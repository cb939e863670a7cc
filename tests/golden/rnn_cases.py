"""Recurrent networks: the fused operator nd.RNN with its packed parameter vector, the layers gluon.rnn.RNN,
LSTM and GRU, and the cells with their containers and modifiers.

Every case sets the parameters from numpy's seeded generator (uniform in [-0.5, 0.5], in sorted name order)
so that MXNet and mxtorch compute with the same numbers, then answers with outputs, final states and, after
a recorded backward pass with a random head gradient (one per distinct array), the gradients of the inputs and parameters.
Dropout is left out (its random masks differ); LSTM projections only run forward (MXNet's CPU operator
cannot train them); LSTM state clipping and sequence lengths only where they change nothing (MXNet 1.9.1's
CPU operator ignores both; tests/test_gluon_rnn.py checks them against mathematics)."""

TOL = {'atol': 2e-5, 'rtol': 1e-4}


def _in_names(code):
    """code indented into a `with mx.name.NameManager():` block."""
    return 'with mx.name.NameManager():\n' + '\n'.join('    ' + line for line in code.strip('\n').split('\n'))


SET_PARAMS = """
params = layer.collect_params()
names = sorted(params.keys())
for name in names:
    params[name].set_data(nd.array(np.random.uniform(-0.5, 0.5, params[name].shape), dtype=params[name].dtype))
"""

# a fused layer: forward (states given or not), backward with a random head gradient, then everything
LAYER_STEP = """
with mx.name.NameManager():
    layer = {ctor}
layer.initialize()
{hybridize}
x = nd.array(np.random.uniform(-1, 1, {shape}), dtype={dtype!r})
layer(x)
""" + SET_PARAMS + """
x.attach_grad()
states = {states}
if states is not None:
    states = [nd.array(np.random.uniform(-1, 1, info['shape']), dtype={dtype!r}) for info in layer.state_info({batch})]
    for s in states:
        s.attach_grad()
with autograd.record():
    out = layer(x) if states is None else layer(x, states)
y = out if states is None else out[0]
heads = [y] + ([] if states is None else list(out[1]))
autograd.backward(heads, [nd.array(np.random.uniform(-1, 1, h.shape), dtype={dtype!r}) for h in heads])
result = [repr(layer), type(out).__name__, [(n, params[n].shape) for n in names], y, x.grad]
if states is not None:
    result += [list(out[1]), [s.grad for s in states]]
result += [params[n].grad() for n in names]
result.append(layer(x) if states is None else layer(x, states))
"""


def layer_case(name, ctor, shape, states=False, hybridize=False, dtype='float32', ntc=False, **options):
    batch = shape[0] if ntc else shape[1]
    code = LAYER_STEP.format(ctor=ctor, shape=shape, hybridize='layer.hybridize()' if hybridize else '',
                             states='True' if states else 'None', dtype=dtype, batch=batch)
    return (name, code, dict(TOL, **options))


# nd.RNN on a packed vector: outputs (with states) and gradients of data, parameters and states
OP_STEP = """
T, N, I, H, L = {T}, {N}, {I}, {H}, {L}
mode, dirs, P = {mode!r}, {dirs}, {proj}
ng = {{'lstm': 4, 'gru': 3}}.get(mode, 1)
r = P or H
size = 0
width = I
for l in range(L):
    size += dirs * (ng * H * (width + r) + 2 * ng * H + (P * H if P else 0))
    width = r * dirs
data = nd.array(np.random.uniform(-1, 1, (T, N, I)))
params = nd.array(np.random.uniform(-0.5, 0.5, (size,)))
h0 = nd.array(np.random.uniform(-1, 1, (L * dirs, N, r)))
c0 = nd.array(np.random.uniform(-1, 1, (L * dirs, N, H)))
ins = [data, params, h0] + ([c0] if mode == 'lstm' else [])
for a in ins:
    a.attach_grad()
kw = dict(state_size=H, num_layers=L, mode=mode, bidirectional=dirs == 2, state_outputs={outputs})
if P:
    kw['projection_size'] = P
if {record}:
    with autograd.record():
        out = nd.RNN(*ins, **kw)
else:
    out = nd.RNN(*ins, **kw)
outs = out if isinstance(out, list) else [out]
result = [type(out).__name__, outs]
if {record}:
    autograd.backward(outs, [nd.array(np.random.uniform(-1, 1, o.shape)) for o in outs])
    result.append([a.grad for a in ins])
"""


def op_case(name, mode, T=3, N=2, I=3, H=4, L=1, dirs=1, proj=None, outputs=True, record=True):
    code = OP_STEP.format(mode=mode, T=T, N=N, I=I, H=H, L=L, dirs=dirs, proj=proj, outputs=outputs, record=record)
    return (name, code, TOL)


# a cell unrolled: outputs, states and gradients
CELL_UNROLL = """
with mx.name.NameManager():
    layer = {ctor}
layer.initialize()
{hybridize}
x = nd.array(np.random.uniform(-1, 1, {shape}))
layer.unroll({length}, x, layout={layout!r}, merge_outputs=True)
""" + SET_PARAMS + """
x.attach_grad()
valid = {valid}
if valid is not None:
    valid = nd.array(valid)
begin = {begin}
if begin:
    begin = [nd.array(np.random.uniform(-1, 1, info['shape'])) for info in layer.state_info({batch})]
    for s in begin:
        s.attach_grad()
inputs = x if {merged} else list(nd.split(x, axis={layout!r}.find('T'), num_outputs={length}, squeeze_axis=True))
with autograd.record(train_mode={train}):
    outs, states = layer.unroll({length}, inputs, begin_state=begin or None, layout={layout!r},
                                merge_outputs={merge}, valid_length=valid)
heads = []
for h in (outs if isinstance(outs, list) else [outs]) + list(states):
    if all(h is not g for g in heads):  # a cell's output is also its state: one head each
        heads.append(h)
autograd.backward(heads, [nd.array(np.random.uniform(-1, 1, h.shape)) for h in heads])
result = [repr(layer), [(n, params[n].shape) for n in names], type(outs).__name__, outs, list(states), x.grad]
result += [params[n].grad() for n in names]
if begin:
    result.append([s.grad for s in begin])
"""


def cell_case(name, ctor, shape=(2, 3, 4), layout='NTC', merge=True, merged=True, begin=False, valid=None,
              hybridize=False, train=True, **options):
    length = shape[layout.find('T')]
    batch = shape[layout.find('N')]
    code = CELL_UNROLL.format(ctor=ctor, shape=shape, layout=layout, length=length, merge=merge, merged=merged,
                              begin=begin, valid=valid, batch=batch, train=train,
                              hybridize='layer.hybridize()' if hybridize else '')
    return (name, code, dict(TOL, **options))


rnn = 'gluon.rnn.'

CASES = [
    # ---- nd.RNN: the packed parameter vector -------------------------------------------------------------
    op_case('op_lstm', 'lstm'),
    op_case('op_gru', 'gru'),
    op_case('op_rnn_tanh', 'rnn_tanh'),
    op_case('op_rnn_relu', 'rnn_relu'),
    op_case('op_lstm_2layers_bidirectional', 'lstm', L=2, dirs=2),
    op_case('op_gru_3layers_bidirectional', 'gru', T=4, N=3, I=2, H=3, L=3, dirs=2),
    op_case('op_rnn_tanh_2layers', 'rnn_tanh', L=2),
    op_case('op_rnn_relu_bidirectional', 'rnn_relu', dirs=2, H=5),
    op_case('op_lstm_projection', 'lstm', H=5, proj=3, record=False),
    op_case('op_lstm_projection_2layers_bidirectional', 'lstm', H=5, L=2, dirs=2, proj=2, record=False),
    op_case('op_lstm_no_state_outputs', 'lstm', outputs=False),
    op_case('op_gru_no_state_outputs', 'gru', L=2, dirs=2, outputs=False),
    ('op_gru_string_parameters', """
data = nd.array(np.random.uniform(-1, 1, (2, 2, 3)))
params = nd.array(np.random.uniform(-0.5, 0.5, (2 * 3 * 4 * (3 + 4 + 2),)))
result = nd.RNN(data, params, nd.zeros((2, 2, 4)), state_size='4', num_layers='1', mode='gru',
                bidirectional='True', state_outputs='1')""", TOL),
    ('op_float64', """
data = nd.array(np.random.uniform(-1, 1, (3, 2, 3)), dtype='float64')
params = nd.array(np.random.uniform(-0.5, 0.5, (4 * 4 * (3 + 4 + 2),)), dtype='float64')
h = nd.array(np.random.uniform(-1, 1, (1, 2, 4)), dtype='float64')
result = nd.RNN(data, params, h, h, state_size=4, num_layers=1, mode='lstm', state_outputs=True)""", TOL),
    ('op_predict_mode_ignores_dropout', """
data = nd.array(np.random.uniform(-1, 1, (3, 2, 3)))
params = nd.array(np.random.uniform(-0.5, 0.5, (3 * 4 * (3 + 4 + 2) + 3 * 4 * (4 + 4 + 2),)))
result = nd.RNN(data, params, nd.zeros((2, 2, 4)), state_size=4, num_layers=2, mode='gru', p=0.7)""", TOL),
    ('op_error_parameter_size', """
nd.RNN(nd.ones((2, 2, 3)), nd.ones((5,)), nd.zeros((1, 2, 4)), state_size=4, num_layers=1, mode='gru')"""),
    ('op_error_state_shape', """
nd.RNN(nd.ones((2, 2, 3)), nd.ones((108,)), nd.zeros((2, 2, 4)), state_size=4, num_layers=1, mode='gru')"""),
    ('op_error_mode', """
nd.RNN(nd.ones((2, 2, 3)), nd.ones((108,)), nd.zeros((1, 2, 4)), state_size=4, num_layers=1, mode='foo')"""),
    ('op_error_missing_cell_state', """
nd.RNN(nd.ones((2, 2, 3)), nd.ones((144,)), nd.zeros((1, 2, 4)), state_size=4, num_layers=1, mode='lstm')"""),
    ('op_error_data_not_3d', """
nd.RNN(nd.ones((2, 3)), nd.ones((108,)), nd.zeros((1, 2, 4)), state_size=4, num_layers=1, mode='gru')"""),

    # ---- fused layers --------------------------------------------------------------------------------------
    layer_case('lstm', rnn + 'LSTM(4, input_size=3)', (3, 2, 3)),
    layer_case('lstm_states', rnn + 'LSTM(4, input_size=3)', (3, 2, 3), states=True),
    layer_case('lstm_2layers_bidirectional_states', rnn + 'LSTM(4, num_layers=2, bidirectional=True)', (3, 2, 3),
               states=True),
    layer_case('lstm_ntc', rnn + "LSTM(3, layout='NTC', input_size=2)", (2, 4, 2), ntc=True),
    layer_case('lstm_ntc_bidirectional_states', rnn + "LSTM(3, 2, layout='NTC', bidirectional=True)", (2, 4, 2),
               states=True, ntc=True),
    layer_case('lstm_deferred_hybridized', rnn + 'LSTM(5, num_layers=2)', (4, 3, 2), hybridize=True),
    ('lstm_projection_predict', _in_names('''
layer = gluon.rnn.LSTM(5, projection_size=3, input_size=2)
layer.initialize()
''' + SET_PARAMS + '''
x = nd.array(np.random.uniform(-1, 1, (3, 2, 2)))
states = [nd.array(np.random.uniform(-1, 1, info['shape'])) for info in layer.state_info(2)]
result = [repr(layer), layer(x), layer(x, states)]'''), TOL),
    ('lstm_projection_2layers_bidirectional_predict', _in_names('''
layer = gluon.rnn.LSTM(5, num_layers=2, bidirectional=True, projection_size=2, layout='NTC')
layer.initialize()
x = nd.array(np.random.uniform(-1, 1, (2, 3, 3)))
layer(x)
''' + SET_PARAMS + '''
states = [nd.array(np.random.uniform(-1, 1, info['shape'])) for info in layer.state_info(2)]
result = [[(k, p.shape) for k, p in params.items()], layer(x, states)]'''), TOL),
    layer_case('lstm_clip_range_not_reached', rnn + 'LSTM(4, state_clip_min=-50, state_clip_max=50)',
               (3, 2, 3), states=True),
    layer_case('lstm_float64', rnn + "LSTM(3, dtype='float64')", (3, 2, 2), states=True, dtype='float64'),
    layer_case('gru', rnn + 'GRU(4, input_size=3)', (3, 2, 3)),
    layer_case('gru_states', rnn + 'GRU(4)', (3, 2, 3), states=True),
    layer_case('gru_3layers_bidirectional_states', rnn + 'GRU(3, num_layers=3, bidirectional=True)', (4, 2, 2),
               states=True),
    layer_case('gru_ntc_hybridized', rnn + "GRU(4, layout='NTC')", (2, 3, 3), hybridize=True, ntc=True),
    layer_case('rnn_relu', rnn + 'RNN(4, input_size=3)', (3, 2, 3)),
    layer_case('rnn_relu_2layers_states', rnn + 'RNN(4, 2)', (3, 2, 3), states=True),
    layer_case('rnn_tanh_bidirectional_states', rnn + "RNN(4, activation='tanh', bidirectional=True)", (3, 2, 3),
               states=True),
    layer_case('rnn_tanh_ntc_2layers', rnn + "RNN(3, 2, activation='tanh', layout='NTC')", (2, 4, 3), ntc=True),
    ('layer_reprs_and_names', _in_names("""
layers = [gluon.rnn.RNN(10), gluon.rnn.RNN(10, 2, 'tanh', dropout=0.5, input_size=3),
          gluon.rnn.LSTM(10, 3, bidirectional=True), gluon.rnn.LSTM(10, layout='NTC', projection_size=4, input_size=2),
          gluon.rnn.GRU(10, 2, 'NTC', 0.25, True, 7), gluon.rnn.LSTM(3, prefix='enc_')]
result = [(repr(l), l.name, l.prefix, [(k, p.shape, str(p.dtype)) for k, p in l.collect_params().items()])
          for l in layers]""")),
    ('layer_state_info_and_begin_state', _in_names("""
layers = [gluon.rnn.RNN(4, 2), gluon.rnn.LSTM(4, bidirectional=True), gluon.rnn.LSTM(5, projection_size=3),
          gluon.rnn.GRU(4, dtype='float64')]
result = []
for l in layers:
    info = l.state_info(3)
    states = l.begin_state(3)
    ones = l.begin_state(2, func=nd.ones, dtype='float16')
    result.append([[sorted(i.items()) for i in info], states, ones])""")),
    ('layer_output_types', _in_names("""
layer = gluon.rnn.GRU(3, input_size=2)
layer.initialize()
x = nd.ones((2, 1, 2))
a = layer(x)
b = layer(x, layer.begin_state(1))
c = layer(x, nd.zeros((1, 1, 3)))
layer.hybridize()
d = layer(x)
e = layer(x, layer.begin_state(1))
result = [type(a).__name__, type(b).__name__, type(b[1]).__name__, len(b[1]), type(c[1]).__name__,
          type(d).__name__, type(e).__name__, type(e[1]).__name__]""")),
    ('layer_save_parameters_bidirectional', _in_names("""
layer = gluon.rnn.LSTM(3, num_layers=2, bidirectional=True, input_size=2)
layer.initialize()
""" + SET_PARAMS + """
layer.save_parameters(tmpdir + '/lstm.params')
loaded = nd.load(tmpdir + '/lstm.params')
x = nd.array(np.arange(12).reshape(3, 2, 2) / 12 - 0.5)
result = [sorted(loaded.keys()), layer(x)]"""), dict(TOL, files=('lstm.params',))),
    ('layer_save_parameters_gru', _in_names("""
layer = gluon.rnn.GRU(4, num_layers=2, input_size=3)
layer.initialize()
""" + SET_PARAMS + """
layer.save_parameters(tmpdir + '/gru.params')
loaded = nd.load(tmpdir + '/gru.params')
x = nd.array(np.arange(18).reshape(3, 2, 3) / 18 - 0.5)
result = [sorted(loaded.keys()), layer(x)]"""), dict(TOL, files=('gru.params',))),
    ('layer_save_parameters_projection', _in_names("""
layer = gluon.rnn.LSTM(4, projection_size=2, bidirectional=True, input_size=3)
layer.initialize()
""" + SET_PARAMS + """
layer.save_parameters(tmpdir + '/lstmp.params')
loaded = nd.load(tmpdir + '/lstmp.params')
x = nd.array(np.arange(18).reshape(3, 2, 3) / 18 - 0.5)
result = [sorted(loaded.keys()), layer(x)]"""), dict(TOL, files=('lstmp.params',))),
    ('layer_in_sequential_save_load', _in_names("""
net = gluon.nn.HybridSequential()
with net.name_scope():
    net.add(gluon.rnn.RNN(3, activation='tanh', input_size=2), gluon.nn.Dense(2, flatten=False, in_units=3))
net.initialize()
params = net.collect_params()
for name in sorted(params.keys()):
    params[name].set_data(nd.array(np.random.uniform(-0.5, 0.5, params[name].shape)))
net.save_parameters(tmpdir + '/net.params')
net2 = gluon.nn.HybridSequential()
with net2.name_scope():
    net2.add(gluon.rnn.RNN(3, activation='tanh'), gluon.nn.Dense(2, flatten=False))
net2.load_parameters(tmpdir + '/net.params')
x = nd.array(np.arange(16).reshape(4, 2, 2) / 16 - 0.5)
result = [sorted(nd.load(tmpdir + '/net.params').keys()), net(x), net2(x)]"""), dict(TOL, files=('net.params',))),
    ('layer_unfuse', _in_names("""
layer = gluon.rnn.LSTM(3, num_layers=2, bidirectional=True, input_size=2)
layer.initialize()
""" + SET_PARAMS + """
stack = layer._unfuse()
x = nd.array(np.random.uniform(-1, 1, (4, 2, 2)))
out, states = stack.unroll(4, x, layout='TNC', merge_outputs=True)
result = [repr(stack), sorted(stack.collect_params().keys()), out, layer(x)]"""), TOL),
    ('layer_unfuse_gru_dropout', _in_names("""
layer = gluon.rnn.GRU(3, num_layers=2, dropout=0.3, input_size=2)
stack = layer._unfuse()
result = [repr(stack), sorted(stack.collect_params().keys())]""")),
    ('layer_cast_float64', _in_names("""
layer = gluon.rnn.GRU(3, input_size=2)
layer.initialize()
""" + SET_PARAMS + """
layer.cast('float64')
x = nd.array(np.random.uniform(-1, 1, (2, 2, 2)), dtype='float64')
out = layer(x)
result = [out, layer.begin_state(2)[0].dtype, layer.l0_i2h_weight.data().dtype]"""), TOL),
    ('layer_infer_shape_then_set_data', _in_names("""
layer = gluon.rnn.LSTM(3, bidirectional=True)
layer.initialize()
x = nd.array(np.random.uniform(-1, 1, (2, 2, 5)))
layer.infer_shape(x, layer.begin_state(2))
shapes = [(k, p.shape) for k, p in layer.collect_params().items()]
""" + SET_PARAMS + """
result = [shapes, layer(x)]"""), TOL),
    ('layer_error_state_shape', _in_names("""
layer = gluon.rnn.LSTM(3, input_size=2)
layer.initialize()
layer(nd.ones((2, 2, 2)), [nd.zeros((1, 3, 3)), nd.zeros((1, 2, 3))])""")),
    ('layer_error_layout', _in_names("gluon.rnn.GRU(3, layout='NCT')")),
    ('layer_error_input_width', _in_names("""
layer = gluon.rnn.GRU(3, input_size=2)
layer.initialize()
layer(nd.ones((2, 2, 5)))""")),
    ('layer_error_activation', _in_names("gluon.rnn.RNN(3, activation='sigmoid')"), {'errors': ('ValueError',)}),

    # ---- cells ------------------------------------------------------------------------------------------------
    cell_case('rnn_cell', rnn + 'RNNCell(4, input_size=3)', (2, 3, 3)),
    cell_case('rnn_cell_relu_tnc_list', rnn + "RNNCell(4, activation='relu')", (3, 2, 3), layout='TNC',
              merge=False, merged=False),
    cell_case('rnn_cell_sigmoid_begin_state', rnn + "RNNCell(4, activation='sigmoid')", (2, 3, 3), begin=True),
    cell_case('rnn_cell_softrelu', rnn + "RNNCell(3, activation='softrelu')", (2, 3, 2)),
    cell_case('rnn_cell_leaky', rnn + 'RNNCell(3, activation=gluon.nn.LeakyReLU(0.1))', (2, 3, 2)),
    cell_case('lstm_cell', rnn + 'LSTMCell(4, input_size=3)', (2, 3, 3), begin=True),
    cell_case('lstm_cell_tnc_list_inputs', rnn + 'LSTMCell(4)', (3, 2, 3), layout='TNC', merge=None, merged=False),
    cell_case('lstm_cell_custom_activations', rnn + "LSTMCell(3, activation='softsign', "
              "recurrent_activation='tanh')", (2, 3, 2)),
    cell_case('lstm_cell_hybridized_valid_length', rnn + 'LSTMCell(4)', (3, 4, 2), valid=[2, 4, 1],
              hybridize=True),
    cell_case('gru_cell', rnn + 'GRUCell(4, input_size=3)', (2, 3, 3), begin=True),
    cell_case('gru_cell_tnc_unmerged', rnn + 'GRUCell(3)', (4, 2, 2), layout='TNC', merge=False),
    cell_case('gru_cell_valid_length_tnc', rnn + 'GRUCell(3)', (4, 3, 2), layout='TNC', valid=[4, 1, 3]),
    cell_case('sequential_cells', 'gluon.rnn.SequentialRNNCell()\n    layer.add(gluon.rnn.LSTMCell(4))\n'
              '    layer.add(gluon.rnn.RNNCell(3))\n    layer.add(gluon.rnn.GRUCell(2))', (2, 3, 3), begin=True),
    cell_case('hybrid_sequential_cells_with_dropout_zero',
              'gluon.rnn.HybridSequentialRNNCell()\n    layer.add(gluon.rnn.GRUCell(4))\n'
              '    layer.add(gluon.rnn.DropoutCell(0.0))\n    layer.add(gluon.rnn.LSTMCell(3))',
              (3, 2, 2), layout='TNC', valid=[3, 2]),
    cell_case('bidirectional_cell', rnn + 'BidirectionalCell(gluon.rnn.LSTMCell(3), gluon.rnn.GRUCell(2))',
              (2, 3, 2), begin=True),
    cell_case('bidirectional_cell_valid_length_tnc', rnn + 'BidirectionalCell(gluon.rnn.GRUCell(3), '
              'gluon.rnn.RNNCell(2))', (4, 3, 2), layout='TNC', valid=[4, 2, 3]),
    cell_case('bidirectional_cell_unmerged', rnn + 'BidirectionalCell(gluon.rnn.RNNCell(3), gluon.rnn.RNNCell(3))',
              (2, 3, 2), merge=False),
    cell_case('residual_cell', rnn + 'ResidualCell(gluon.rnn.GRUCell(3))', (2, 3, 3)),
    cell_case('residual_cell_valid_length_list', rnn + 'ResidualCell(gluon.rnn.LSTMCell(2))', (2, 3, 2),
              valid=[1, 3], merge=False),
    cell_case('zoneout_cell_predict_mode', rnn + 'ZoneoutCell(gluon.rnn.LSTMCell(3), 0.5, 0.5)', (2, 3, 2),
              train=False),
    cell_case('dropout_cells_predict_mode', 'gluon.rnn.SequentialRNNCell()\n    layer.add(gluon.rnn.DropoutCell(0.5))\n'
              '    layer.add(gluon.rnn.GRUCell(3))\n    layer.add(gluon.rnn.DropoutCell(0.3, axes=(0,)))',
              (2, 3, 2), train=False),
    ('cell_reprs_and_names', _in_names("""
cells = [gluon.rnn.RNNCell(5), gluon.rnn.RNNCell(5, 'relu', input_size=3), gluon.rnn.LSTMCell(4, input_size=2),
         gluon.rnn.GRUCell(3, prefix='g_'), gluon.rnn.DropoutCell(0.5), gluon.rnn.DropoutCell(0.2, axes=(0,)),
         gluon.rnn.ZoneoutCell(gluon.rnn.RNNCell(2), 0.1, 0.2), gluon.rnn.ResidualCell(gluon.rnn.GRUCell(2)),
         gluon.rnn.BidirectionalCell(gluon.rnn.LSTMCell(2), gluon.rnn.LSTMCell(2))]
seq = gluon.rnn.SequentialRNNCell()
with seq.name_scope():
    seq.add(gluon.rnn.LSTMCell(3))
    seq.add(gluon.rnn.GRUCell(3))
hseq = gluon.rnn.HybridSequentialRNNCell(prefix='stack_')
with hseq.name_scope():
    hseq.add(gluon.rnn.RNNCell(3))
cells += [seq, hseq]
result = [(repr(c), c.name, c.prefix, sorted(c.collect_params().keys())) for c in cells]
result.append([len(seq), repr(seq[1]), repr(hseq[0])])""")),
    ('cell_state_info_and_begin_state', _in_names("""
cells = [gluon.rnn.RNNCell(5), gluon.rnn.LSTMCell(4), gluon.rnn.GRUCell(3),
         gluon.rnn.BidirectionalCell(gluon.rnn.LSTMCell(2), gluon.rnn.GRUCell(2)),
         gluon.rnn.ZoneoutCell(gluon.rnn.LSTMCell(2), 0.1, 0.1), gluon.rnn.DropoutCell(0.1)]
seq = gluon.rnn.SequentialRNNCell()
seq.add(gluon.rnn.LSTMCell(3))
seq.add(gluon.rnn.RNNCell(2))
cells.append(seq)
result = []
for c in cells:
    result.append([[sorted(i.items()) for i in c.state_info(2)], c.begin_state(batch_size=2, func=nd.zeros),
                   c.begin_state(batch_size=1, func=nd.ones, dtype='float64')])""")),
    ('cell_step_calls', _in_names("""
cell = gluon.rnn.LSTMCell(3, input_size=2)
cell.initialize()
params = cell.collect_params()
for name in sorted(params.keys()):
    params[name].set_data(nd.array(np.random.uniform(-0.5, 0.5, params[name].shape)))
x = nd.array(np.random.uniform(-1, 1, (2, 2)))
states = cell.begin_state(batch_size=2)
out1, states = cell(x, states)
out2, states = cell(x, states)
result = [out1, out2, states, cell._counter, type(states).__name__]""")),
    ('cell_deferred_flattens_input', _in_names("""
cell = gluon.rnn.GRUCell(3)
cell.initialize()
x = nd.array(np.random.uniform(-1, 1, (2, 2, 3)))
out, states = cell(x, cell.begin_state(batch_size=2))
result = [cell.i2h_weight.shape, out.shape]""")),
    ('cell_errors_modified_base', _in_names("""
base = gluon.rnn.LSTMCell(3)
cell = gluon.rnn.ZoneoutCell(base, 0.1, 0.1)
base.begin_state(batch_size=2)""")),
    ('cell_errors_bidirectional_step', _in_names("""
cell = gluon.rnn.BidirectionalCell(gluon.rnn.LSTMCell(2), gluon.rnn.LSTMCell(2))
cell(nd.ones((2, 3)), cell.begin_state(batch_size=2))""")),
    ('cell_errors_modified_twice', _in_names("""
base = gluon.rnn.LSTMCell(3)
gluon.rnn.ResidualCell(base)
gluon.rnn.ZoneoutCell(base)""")),
    ('cell_errors_dropout_rate', _in_names("gluon.rnn.DropoutCell('0.5')")),
    ('cell_errors_input_width', _in_names("""
cell = gluon.rnn.LSTMCell(3, input_size=2)
cell.initialize()
cell(nd.ones((2, 5)), cell.begin_state(batch_size=2))""")),
    # results keep the inputs' context label (cpu(1)), for every cell and layer kind
    ('cpu1_contexts_of_cells_and_layers', _in_names("""
ctx = mx.cpu(1)
x = nd.ones((2, 3), ctx=ctx)
seq = nd.ones((4, 2, 3), ctx=ctx)
result = []
for cell in [gluon.rnn.RNNCell(2), gluon.rnn.RNNCell(2, 'relu'), gluon.rnn.RNNCell(2, 'softsign'),
             gluon.rnn.LSTMCell(2), gluon.rnn.GRUCell(2)]:
    cell.initialize(ctx=ctx)
    out, states = cell(x, cell.begin_state(batch_size=2, ctx=ctx))
    result.append([str(a.context) for a in [out] + states])
    outs, states = cell.unroll(4, seq, layout='TNC', merge_outputs=True)
    result.append([str(a.context) for a in [outs] + states])
for layer in [gluon.rnn.RNN(2), gluon.rnn.RNN(2, activation='tanh', bidirectional=True),
              gluon.rnn.LSTM(2, num_layers=2), gluon.rnn.LSTM(2, layout='NTC'), gluon.rnn.GRU(2)]:
    layer.initialize(ctx=ctx)
    result.append(str(layer(seq).context))
    out, states = layer(seq, layer.begin_state(seq.shape[layer._layout.find('N')], ctx=ctx))
    result.append([str(a.context) for a in [out] + states])""")),
]
