"""gluon.contrib.rnn: the convolutional RNN/LSTM/GRU cells in 1, 2 and 3 dimensions, LSTMPCell,
VariationalDropoutCell and dynamic_unroll.

Unrolls use rnn_cases.py's cell_case: parameters set from numpy's seeded generator in sorted name order, then
outputs, states and the gradients of a recorded backward pass. MXNet 1.9.1's CPU Convolution cannot compute
channels-last layouts (NHWC/NDHWC: a oneDNN descriptor error), so for those only names, shapes and
state_info are pinned here; tests/test_gluon_contrib_rnn.py checks their values against the channels-first
cell. MXNet's oneDNN backward of 1-D and 3-D convolutions with 8 (or 16, ...) gate channels fails
(`to.IsDefaultData()`), so those cells here have other channel counts. Dropout is only run where its masks are
ones (predict mode or rate 0)."""
import importlib.util
import os

_spec = importlib.util.spec_from_file_location(
    'rnn_cases', os.path.join(os.path.dirname(os.path.abspath(__file__)), 'rnn_cases.py'))
_rnn_cases = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_rnn_cases)
cell_case, _in_names, SET_PARAMS = _rnn_cases.cell_case, _rnn_cases._in_names, _rnn_cases.SET_PARAMS

c = 'gluon.contrib.rnn.'

# a cell stepped by hand and run by dynamic_unroll, against the parameters of sorted-name order
DYNAMIC = """
with mx.name.NameManager():
    layer = {ctor}
layer.initialize()
x = nd.array(np.random.uniform(-1, 1, {shape}))
step = x[0] if {layout!r} == 'TNC' else x[:, 0]
layer(step, layer.begin_state(batch_size={batch}))
""" + SET_PARAMS + """
begin = [nd.array(np.random.uniform(-1, 1, info['shape'])) for info in layer.state_info({batch})]
valid = {valid}
valid = None if valid is None else nd.array(valid)
x.attach_grad()
with autograd.record():
    outs, states = gluon.contrib.rnn.rnn_cell.dynamic_unroll(layer, x, begin, layout={layout!r},
                                                             valid_length=valid)
heads = [outs] + list(states)
autograd.backward(heads, [nd.array(np.random.uniform(-1, 1, h.shape)) for h in heads])
result = [type(outs).__name__, type(states).__name__, outs, list(states), x.grad]
result += [params[n].grad() for n in names]
"""


def dynamic_case(name, ctor, shape, layout='TNC', valid=None):
    batch = shape[layout.find('N')]
    return (name, DYNAMIC.format(ctor=ctor, shape=shape, layout=layout, batch=batch, valid=valid),
            dict(_rnn_cases.TOL))


CASES = [
    # ---- convolutional cells: unrolled, with gradients ----------------------------------------------------
    cell_case('conv1d_rnn_cell', c + 'Conv1DRNNCell((2, 5), 3, 3, 3)', (2, 3, 2, 5)),
    cell_case('conv1d_rnn_cell_tnc_list', c + 'Conv1DRNNCell((2, 6), 2, 3, 3, i2h_pad=1)', (3, 2, 2, 6),
              layout='TNC', merge=None, merged=False),
    cell_case('conv1d_lstm_cell_begin_state', c + 'Conv1DLSTMCell((2, 6), 3, 3, 5, i2h_pad=(1,))', (2, 3, 2, 6),
              begin=True),
    cell_case('conv1d_gru_cell_valid_length', c + 'Conv1DGRUCell((2, 5), 2, 3, 3, h2h_dilate=2)', (2, 3, 2, 5),
              valid=[3, 1]),
    cell_case('conv1d_lstm_cell_deferred_channels', c + 'Conv1DLSTMCell((0, 5), 3, 3, 3)', (2, 2, 3, 5)),
    cell_case('conv2d_rnn_cell_relu_dilated', c + "Conv2DRNNCell((2, 4, 5), 2, (3, 1), 3, i2h_dilate=(1, 2), "
              "activation='relu')", (2, 3, 2, 4, 5)),
    cell_case('conv2d_rnn_cell_sigmoid_unmerged', c + "Conv2DRNNCell((1, 3, 3), 2, 1, (3, 1), "
              "activation='sigmoid')", (2, 3, 1, 3, 3), merge=False),
    cell_case('conv2d_lstm_cell', c + 'Conv2DLSTMCell((2, 4, 5), 3, 3, 3, i2h_pad=1, h2h_dilate=2)',
              (2, 3, 2, 4, 5), begin=True),
    cell_case('conv2d_lstm_cell_softsign_tnc', c + "Conv2DLSTMCell((2, 3, 4), 2, (1, 3), 3, activation='softsign')",
              (3, 2, 2, 3, 4), layout='TNC'),
    cell_case('conv2d_gru_cell_hybridized', c + 'Conv2DGRUCell((2, 4, 4), 2, 3, 3, i2h_pad=(1, 0))',
              (2, 3, 2, 4, 4), hybridize=True, begin=True),
    cell_case('conv2d_gru_cell_valid_length_tnc', c + 'Conv2DGRUCell((1, 3, 4), 2, 3, 1, i2h_pad=1)',
              (3, 3, 1, 3, 4), layout='TNC', valid=[1, 3, 2]),
    cell_case('conv3d_rnn_cell', c + 'Conv3DRNNCell((1, 3, 4, 4), 2, 3, 3, i2h_pad=1)', (2, 2, 1, 3, 4, 4)),
    cell_case('conv3d_lstm_cell', c + 'Conv3DLSTMCell((2, 3, 3, 4), 3, (1, 3, 3), (1, 3, 3))', (2, 2, 2, 3, 3, 4),
              begin=True),
    cell_case('conv3d_gru_cell_tnc_unmerged', c + 'Conv3DGRUCell((1, 2, 3, 3), 3, (1, 2, 2), 3, i2h_pad=(0, 1, 0))',
              (2, 2, 1, 2, 3, 3), layout='TNC', merge=False),
    cell_case('conv_cells_in_sequential', 'gluon.rnn.SequentialRNNCell()\n'
              '    layer.add(' + c + 'Conv1DLSTMCell((2, 7), 3, 3, 3))\n'
              '    layer.add(' + c + 'Conv1DRNNCell((3, 5), 2, 3, 3))\n'
              '    layer.add(' + c + 'Conv1DGRUCell((2, 3), 2, 3, 3))', (2, 3, 2, 7), begin=True),
    cell_case('conv_cell_leaky_relu_unroll', c + 'Conv1DRNNCell((2, 5), 3, 3, 3, activation=gluon.nn.LeakyReLU(0.1))',
              (2, 3, 2, 5)),
    ('conv_cell_leaky_relu_step', _in_names("""
cell = gluon.contrib.rnn.Conv1DRNNCell((2, 5), 3, 3, 3, activation=gluon.nn.LeakyReLU(0.1))
cell.initialize()
params = cell.collect_params()
for name in sorted(params.keys()):
    params[name].set_data(nd.array(np.random.uniform(-0.5, 0.5, params[name].shape)))
x = nd.array(np.random.uniform(-1, 1, (2, 2, 5)))
out, states = cell(x, cell.begin_state(batch_size=2))
out2, states = cell(x, states)
result = [repr(cell), sorted(cell._children.keys()), out, out2, states, cell._counter]"""), _rnn_cases.TOL),

    # ---- LSTMPCell ----------------------------------------------------------------------------------------
    cell_case('lstmp_cell', c + 'LSTMPCell(4, 3, input_size=2)', (2, 3, 2), begin=True),
    cell_case('lstmp_cell_tnc_list', c + 'LSTMPCell(5, 2)', (3, 2, 3), layout='TNC', merge=None, merged=False),
    cell_case('lstmp_cell_hybridized_valid_length', c + 'LSTMPCell(3, 2)', (3, 4, 2), valid=[2, 4, 1],
              hybridize=True),
    cell_case('lstmp_cell_flattens_input', c + 'LSTMPCell(3, 2)', (2, 3, 2, 2)),
    cell_case('lstmp_bidirectional', 'gluon.rnn.BidirectionalCell(' + c + 'LSTMPCell(3, 2), ' + c + "LSTMPCell(3, 2, "
              "prefix='r_'))", (2, 3, 2), begin=True),
    cell_case('lstmp_stack', "gluon.rnn.HybridSequentialRNNCell(prefix='stack_')\n"
              '    with layer.name_scope():\n'
              '        layer.add(' + c + "LSTMPCell(4, 3, prefix='l0_'))\n"
              '        layer.add(' + c + "LSTMPCell(4, 2, prefix='l1_'))", (3, 2, 2), layout='TNC'),

    # ---- VariationalDropoutCell (masks of ones) ------------------------------------------------------------
    cell_case('vardrop_predict_mode_stepped', c + 'VariationalDropoutCell(gluon.rnn.LSTMCell(3), 0.5, 0.5, 0.5)',
              (2, 3, 2), train=False, begin=True),
    cell_case('vardrop_predict_mode_whole_sequence', c + 'VariationalDropoutCell(gluon.rnn.GRUCell(3), '
              'drop_inputs=0.3, drop_outputs=0.4)', (3, 2, 2), layout='TNC', train=False, merge=False),
    cell_case('vardrop_zero_rates_training', c + 'VariationalDropoutCell(gluon.rnn.RNNCell(3))', (2, 3, 2)),
    cell_case('vardrop_valid_length', c + 'VariationalDropoutCell(gluon.rnn.LSTMCell(3), drop_inputs=0.5)',
              (3, 3, 2), valid=[3, 1, 2], train=False, merge=None, merged=False),
    cell_case('vardrop_valid_length_states', c + 'VariationalDropoutCell(gluon.rnn.GRUCell(2), drop_states=0.5)',
              (3, 3, 2), valid=[2, 3, 1], train=False),
    cell_case('vardrop_bidirectional', c + 'VariationalDropoutCell(gluon.rnn.BidirectionalCell('
              'gluon.rnn.GRUCell(2), gluon.rnn.GRUCell(2)), drop_inputs=0.5, drop_outputs=0.5)',
              (2, 3, 2), train=False),
    cell_case('vardrop_conv_cell', c + 'VariationalDropoutCell(' + c + 'Conv1DGRUCell((2, 5), 2, 3, 3), 0.5, 0.5, 0.5)',
              (2, 3, 2, 5), train=False),

    # ---- dynamic_unroll -----------------------------------------------------------------------------------
    dynamic_case('dynamic_unroll_lstm_tnc', 'gluon.rnn.LSTMCell(3)', (4, 2, 2)),
    dynamic_case('dynamic_unroll_gru_ntc_valid_length', 'gluon.rnn.GRUCell(3)', (3, 4, 2), layout='NTC',
                 valid=[2, 4, 1]),
    dynamic_case('dynamic_unroll_lstmp_valid_length', c + 'LSTMPCell(4, 2)', (3, 2, 3), valid=[3, 1]),
    dynamic_case('dynamic_unroll_conv_lstm_valid_length', c + 'Conv1DLSTMCell((2, 5), 3, 3, 3)', (3, 2, 2, 5),
                 valid=[1, 3]),

    # ---- names, shapes, reprs, state_info -----------------------------------------------------------------
    ('reprs_names_and_parameters', _in_names("""
cr = gluon.contrib.rnn
cells = [cr.Conv1DRNNCell((3, 10), 4, 3, 3), cr.Conv2DRNNCell((3, 8, 9), 4, (3, 1), 5, i2h_pad=1),
         cr.Conv3DRNNCell((2, 4, 5, 6), 3, 3, 3, i2h_dilate=(1, 2, 1), activation='relu'),
         cr.Conv1DLSTMCell((0, 7), 5, 3, 3, prefix='cl_'), cr.Conv2DLSTMCell((3, 6, 6), 2, 3, 3, h2h_dilate=(2, 1)),
         cr.Conv3DLSTMCell((1, 3, 4, 5), 2, 1, 3), cr.Conv1DGRUCell((4, 9), 2, 3, 3, i2h_pad=(1,)),
         cr.Conv2DGRUCell((3, 5, 5), 6, 3, 1, activation='softsign'), cr.Conv3DGRUCell((2, 3, 3, 3), 1, 3, 3),
         cr.Conv1DRNNCell((10, 3), 4, 3, 3, conv_layout='NWC'), cr.Conv2DLSTMCell((8, 9, 3), 4, 3, 3, i2h_pad=1,
         conv_layout='NHWC'), cr.Conv3DGRUCell((4, 5, 6, 0), 2, 3, 3, conv_layout='NDHWC'),
         cr.Conv2DRNNCell((3, 8, 9), 4, 3, 3, activation=gluon.nn.LeakyReLU(0.2)),
         cr.LSTMPCell(10, 5), cr.LSTMPCell(6, 2, input_size=3, prefix='p_'),
         cr.VariationalDropoutCell(gluon.rnn.LSTMCell(4), 0.1, 0.2, 0.3),
         cr.VariationalDropoutCell(cr.LSTMPCell(4, 2), drop_outputs=0.5),
         cr.VariationalDropoutCell(gluon.rnn.BidirectionalCell(gluon.rnn.GRUCell(2), gluon.rnn.GRUCell(2)), 0.5)]
result = [(repr(x), x.name, x.prefix, [(k, v.shape) for k, v in x.collect_params().items()]) for x in cells]
v = cells[15]
result.append([v.drop_inputs, v.drop_states, v.drop_outputs, v.drop_inputs_mask, repr(v.base_cell)])
result.append(sorted(cr.__all__))""")),
    ('state_info_and_begin_state', _in_names("""
cr = gluon.contrib.rnn
cells = [cr.Conv1DRNNCell((3, 10), 4, 3, 3), cr.Conv2DLSTMCell((3, 8, 9), 4, (3, 1), 5, i2h_pad=1),
         cr.Conv3DGRUCell((2, 4, 5, 6), 3, 3, 3, i2h_dilate=(1, 2, 1)), cr.Conv1DLSTMCell((0, 7), 5, 3, 3),
         cr.Conv2DGRUCell((8, 9, 3), 4, 3, 3, i2h_pad=(1, 0), conv_layout='NHWC'),
         cr.Conv3DLSTMCell((4, 5, 6, 2), 2, 3, 3, conv_layout='NDHWC'), cr.LSTMPCell(10, 5),
         cr.VariationalDropoutCell(cr.LSTMPCell(4, 2), 0.5, 0.5, 0.5)]
result = []
for x in cells:
    result.append([[sorted(i.items()) for i in x.state_info(2)], [sorted(i.items()) for i in x.state_info()],
                   x.begin_state(batch_size=2, func=nd.zeros),
                   x.begin_state(batch_size=1, func=nd.ones, dtype='float64')])""")),
    ('step_calls', _in_names("""
cell = gluon.contrib.rnn.Conv2DLSTMCell((2, 3, 3), 2, 3, 3, i2h_pad=1)
cell.initialize()
params = cell.collect_params()
for name in sorted(params.keys()):
    params[name].set_data(nd.array(np.random.uniform(-0.5, 0.5, params[name].shape)))
x = nd.array(np.random.uniform(-1, 1, (2, 2, 3, 3)))
states = cell.begin_state(batch_size=2)
out1, states = cell(x, states)
out2, states = cell(x, states)
result = [out1, out2, states, cell._counter, type(states).__name__]"""), _rnn_cases.TOL),
    ('vardrop_step_predict_mode_masks', _in_names("""
cell = gluon.contrib.rnn.VariationalDropoutCell(gluon.rnn.RNNCell(2, input_size=2), 0.5, 0.5, 0.5)
cell.initialize()
x = nd.ones((3, 2))
out, states = cell(x, cell.begin_state(batch_size=3, func=nd.zeros))
masks = [cell.drop_inputs_mask, cell.drop_states_mask, cell.drop_outputs_mask]
cell.reset()
result = [masks, [cell.drop_inputs_mask, cell.drop_states_mask, cell.drop_outputs_mask], out.shape]""")),
    ('lstmp_deferred_input_size', _in_names("""
cell = gluon.contrib.rnn.LSTMPCell(3, 2)
cell.initialize()
out, states = cell(nd.ones((2, 5)), cell.begin_state(batch_size=2))
result = [cell.i2h_weight.shape, repr(cell), out.shape, [s.shape for s in states]]""")),
    ('conv_deferred_channels_last', _in_names("""
cell = gluon.contrib.rnn.Conv2DGRUCell((4, 4, 0), 2, 3, 3, conv_layout='NHWC')
result = [cell.i2h_weight.shape, repr(cell)]""")),

    # ---- errors -------------------------------------------------------------------------------------------
    ('error_even_h2h_kernel', _in_names("gluon.contrib.rnn.Conv1DRNNCell((2, 5), 3, 3, 2)")),
    ('error_even_h2h_kernel_tuple', _in_names("gluon.contrib.rnn.Conv2DLSTMCell((2, 5, 5), 3, 3, (3, 4))")),
    ('error_spec_length', _in_names("gluon.contrib.rnn.Conv2DRNNCell((2, 5, 5), 3, (3, 3, 3), 3)")),
    ('error_pad_length', _in_names("gluon.contrib.rnn.Conv3DGRUCell((2, 5, 5, 5), 3, 3, 3, i2h_pad=(1, 1))")),
    ('error_nwc_forward', _in_names("""
cell = gluon.contrib.rnn.Conv1DRNNCell((5, 2), 3, 3, 3, conv_layout='NWC')
cell.initialize()
cell(nd.ones((2, 5, 2)), cell.begin_state(batch_size=2))""")),
    ('error_input_channels', _in_names("""
cell = gluon.contrib.rnn.Conv1DGRUCell((2, 5), 3, 3, 3)
cell.initialize()
cell(nd.ones((2, 3, 5)), cell.begin_state(batch_size=2))""")),
    ('error_lstmp_input_width', _in_names("""
cell = gluon.contrib.rnn.LSTMPCell(3, 2, input_size=4)
cell.initialize()
cell(nd.ones((2, 5)), cell.begin_state(batch_size=2))""")),
    ('error_lstmp_state_shape', _in_names("""
cell = gluon.contrib.rnn.LSTMPCell(3, 2, input_size=4)
cell.initialize()
cell(nd.ones((2, 4)), [nd.zeros((2, 3)), nd.zeros((2, 3))])""")),
    ('error_vardrop_bidirectional_states', _in_names("""
gluon.contrib.rnn.VariationalDropoutCell(gluon.rnn.BidirectionalCell(gluon.rnn.GRUCell(2), gluon.rnn.GRUCell(2)),
                                         drop_states=0.5)""")),
    ('error_vardrop_modified_twice', _in_names("""
base = gluon.rnn.LSTMCell(3)
gluon.contrib.rnn.VariationalDropoutCell(base, 0.5)
gluon.contrib.rnn.VariationalDropoutCell(base, 0.5)""")),
    ('error_vardrop_base_begin_state', _in_names("""
base = gluon.rnn.LSTMCell(3)
gluon.contrib.rnn.VariationalDropoutCell(base, 0.5)
base.begin_state(batch_size=2)""")),
]
