"""mx.rnn, MXNet's legacy symbolic RNN API: parameter names, the graphs cells unroll into (their JSON,
arguments, outputs, inferred shapes, values), weight packing, sentence encoding and bucketing, as MXNet
1.9.1 gives them."""


def steps(n, prefix='rnn_'):
    return "[mx.sym.var('%st%%d_data' %% i) for i in range(%d)]" % (prefix, n)


def graph(make, n=3, shapes=None, unroll_args=''):
    """Statements unrolling the cell `make` over n step variables; result: the cell's parameter names, the
    outputs' names, arguments, inferred output shapes and graph (MXNet's JSON, parsed: nodes with their
    operators, names, attributes and inputs, in order)."""
    shapes = shapes or '(10, 50)'
    return ("import json\ncell = " + make + "\n"
            "outputs, states = cell.unroll(%d, %s%s)\n" % (n, steps(n), unroll_args) +
            "group = mx.sym.Group(outputs if isinstance(outputs, list) else [outputs])\n"
            "shapes = group.infer_shape(**{'rnn_t%%d_data' %% i: %s for i in range(%d)})\n" % (shapes, n) +
            "result = [sorted(cell.params._params), group.list_outputs(), group.list_arguments(), shapes[1],"
            " json.loads(group.tojson())]")


def evaluated(make, n, hidden, inputs, states, weights, unroll_args=''):
    """Statements unrolling `make` with begin states given as variables, evaluated at random values."""
    return ("cell = " + make + "\n"
            "begin = cell.begin_state(func=mx.sym.Variable)\n"
            "outputs, states = cell.unroll(%d, %s, begin_state=begin%s)\n" % (n, steps(n), unroll_args) +
            "group = mx.sym.Group((outputs if isinstance(outputs, list) else [outputs]) + list(states))\n"
            "values = {'rnn_t%%d_data' %% i: nd.array(np.random.uniform(-1, 1, %s)) for i in range(%d)}\n"
            % (inputs, n) +
            "values.update({s.name: nd.array(np.random.uniform(-1, 1, %s)) for s in begin})\n" % states +
            "values.update({k: nd.array(np.random.uniform(-0.5, 0.5, v)) for k, v in %s.items()})\n" % weights +
            "result = group.eval(**values)")


FC_WEIGHTS = "{'rnn_i2h_weight': (%d, 5), 'rnn_i2h_bias': (%d,), 'rnn_h2h_weight': (%d, 4), 'rnn_h2h_bias': (%d,)}"
CONV = ("input_shape=(1, 3, 8, 6), num_hidden=4, h2h_kernel=(3, 3), h2h_dilate=(1, 1), i2h_kernel=(3, 3), "
        "i2h_stride=(1, 1), i2h_pad=(1, 1), i2h_dilate=(1, 1), prefix='rnn_'")

CASES = [
    # ---- graphs: names, shapes, JSON ------------------------------------------------------------------
    ('rnn_cell', graph("mx.rnn.RNNCell(100, prefix='rnn_')")),
    ('rnn_cell_relu_merged', graph("mx.rnn.RNNCell(8, activation='relu', prefix='rnn_')", 2,
                                   unroll_args=", merge_outputs=True")),
    ('lstm_cell', graph("mx.rnn.LSTMCell(100, prefix='rnn_')")),
    ('lstm_cell_default_prefix', "cell = mx.rnn.LSTMCell(4)\nout, st = cell.unroll(2, " + steps(2, 'lstm_') + ")\n"
                                 "result = [mx.sym.Group(out + st).list_outputs(), sorted(cell.params._params)]"),
    ('gru_cell', graph("mx.rnn.GRUCell(100, prefix='rnn_')")),
    ('stack', graph("mx.rnn.SequentialRNNCell()\n"
                    "for i in range(3):\n"
                    "    c = mx.rnn.LSTMCell(16, prefix='rnn_stack%d_' % i)\n"
                    "    cell.add(mx.rnn.ResidualCell(c) if i == 1 else c)")),
    ('residual', graph("mx.rnn.ResidualCell(mx.rnn.GRUCell(50, prefix='rnn_'))", 2)),
    ('residual_merged', graph("mx.rnn.ResidualCell(mx.rnn.GRUCell(50, prefix='rnn_'))", 2,
                              unroll_args=", merge_outputs=True")),
    ('residual_bidirectional', graph("mx.rnn.ResidualCell(mx.rnn.BidirectionalCell("
                                     "mx.rnn.GRUCell(25, prefix='rnn_l_'), mx.rnn.GRUCell(25, prefix='rnn_r_')))", 2,
                                     unroll_args=", merge_outputs=False")),
    ('bidirectional', graph("mx.rnn.BidirectionalCell(mx.rnn.LSTMCell(10, prefix='rnn_l0_'), "
                            "mx.rnn.LSTMCell(10, prefix='rnn_r0_'), output_prefix='rnn_bi_')")),
    ('bidirectional_merged', graph("mx.rnn.BidirectionalCell(mx.rnn.GRUCell(6, prefix='rnn_l0_'), "
                                   "mx.rnn.GRUCell(6, prefix='rnn_r0_'))", 2, unroll_args=", merge_outputs=True")),
    ('zoneout', graph("mx.rnn.ZoneoutCell(mx.rnn.RNNCell(100, prefix='rnn_'), zoneout_outputs=0.5, "
                      "zoneout_states=0.5)")),
    ('zoneout_states_only', graph("mx.rnn.ZoneoutCell(mx.rnn.LSTMCell(8, prefix='rnn_'), zoneout_states=0.3)", 2)),
    ('dropout_between', graph("mx.rnn.SequentialRNNCell()\ncell.add(mx.rnn.RNNCell(8, prefix='rnn_a_'))\n"
                              "cell.add(mx.rnn.DropoutCell(0.5))\ncell.add(mx.rnn.RNNCell(8, prefix='rnn_b_'))", 2)),
    ('unfuse', graph("mx.rnn.FusedRNNCell(100, num_layers=3, mode='lstm', prefix='test_', bidirectional=True, "
                     "dropout=0.5).unfuse()")),
    ('unfuse_gru', graph("mx.rnn.FusedRNNCell(8, num_layers=2, mode='gru', prefix='g_').unfuse()", 2)),
    ('unfuse_rnn_relu', graph("mx.rnn.FusedRNNCell(8, num_layers=1, mode='rnn_relu', prefix='r_').unfuse()", 2)),
    ('fused_ntc', "cell = mx.rnn.FusedRNNCell(8, num_layers=2, mode='lstm', prefix='f_', get_next_state=True)\n"
                  "out, st = cell.unroll(3, mx.sym.var('data'), merge_outputs=True)\n"
                  "g = mx.sym.Group([out] + st)\n"
                  "result = [g.list_outputs(), g.list_arguments(), g.infer_shape(data=(4, 3, 5)), __import__('json').loads(g.tojson()), "
                  "cell.state_info]"),
    ('fused_tnc_bidirectional_gru',
     "cell = mx.rnn.FusedRNNCell(6, num_layers=1, mode='gru', bidirectional=True, prefix='f_')\n"
     "out, st = cell.unroll(3, mx.sym.var('data'), layout='TNC')\n"
     "g = mx.sym.Group([out])\n"
     "result = [g.list_outputs(), g.list_arguments(), g.infer_shape(data=(3, 4, 5)), st, __import__('json').loads(g.tojson())]"),
    ('convrnn', graph("mx.rnn.ConvRNNCell(" + CONV + ")", shapes='(1, 3, 8, 6)')),
    ('convlstm', graph("mx.rnn.ConvLSTMCell(" + CONV + ")", shapes='(1, 3, 8, 6)')),
    ('convgru', graph("mx.rnn.ConvGRUCell(" + CONV + ")", shapes='(1, 3, 8, 6)')),
    ('convlstm_tanh_strided', graph("mx.rnn.ConvLSTMCell(input_shape=(2, 3, 9, 9), num_hidden=2, "
                                    "i2h_kernel=(3, 3), i2h_stride=(2, 2), i2h_pad=(0, 0), activation='tanh', "
                                    "prefix='rnn_')", 2, shapes='(2, 3, 9, 9)')),
    ('unroll_split_input', "cell = mx.rnn.GRUCell(4, prefix='g_')\n"
                           "out, st = cell.unroll(3, mx.sym.var('data'), layout='TNC', merge_outputs=False)\n"
                           "g = mx.sym.Group(out + st)\n"
                           "result = [g.list_outputs(), g.infer_shape(data=(3, 2, 5))[1], __import__('json').loads(g.tojson())]"),
    ('begin_state_variables', "cell = mx.rnn.LSTMCell(4, prefix='l_')\n"
                              "st = cell.begin_state(func=mx.sym.Variable)\n"
                              "result = [[s.name for s in st], [s.list_attr() for s in st], cell.state_shape]"),
    ('begin_state_zeros', "cell = mx.rnn.SequentialRNNCell()\ncell.add(mx.rnn.GRUCell(3, prefix='a_'))\n"
                          "cell.add(mx.rnn.ResidualCell(mx.rnn.LSTMCell(3, prefix='b_')))\n"
                          "st = cell.begin_state()\nresult = [[s.name for s in st], __import__('json').loads(mx.sym.Group(st).tojson())]"),
    ('state_info', "cells = [mx.rnn.RNNCell(3), mx.rnn.LSTMCell(4), mx.rnn.GRUCell(5), "
                   "mx.rnn.FusedRNNCell(6, num_layers=2, bidirectional=True), mx.rnn.FusedRNNCell(2, mode='gru'), "
                   "mx.rnn.ConvLSTMCell((1, 2, 5, 5), 3), mx.rnn.DropoutCell(0.1)]\n"
                   "result = [c.state_info for c in cells]"),
    ('param_variables', "cell = mx.rnn.LSTMCell(4, prefix='l_', forget_bias=2.5)\n"
                        "conv = mx.rnn.ConvGRUCell((1, 2, 5, 5), 3, prefix='c_', i2h_weight_initializer='xavier')\n"
                        "fused = mx.rnn.FusedRNNCell(3, num_layers=2, prefix='f_')\n"
                        "result = [{k: v.list_attr() for k, v in c.params._params.items()} for c in (cell, conv, fused)]"),
    ('shared_params', "p = mx.rnn.RNNParams('shared_')\na = mx.rnn.RNNCell(3, prefix='a_', params=p)\n"
                      "b = mx.rnn.RNNCell(3, prefix='b_', params=p)\n"
                      "oa, _ = a.unroll(1, [mx.sym.var('x')])\nob, _ = b.unroll(1, [mx.sym.var('y')])\n"
                      "result = [sorted(p._params), mx.sym.Group(oa + ob).list_arguments()]"),
    ('sequential_params_given', "p = mx.rnn.RNNParams('s_')\nseq = mx.rnn.SequentialRNNCell(params=p)\n"
                                "seq.add(mx.rnn.LSTMCell(3, prefix='l0_'))\nseq.add(mx.rnn.LSTMCell(3, prefix='l1_'))\n"
                                "result = sorted(seq.params._params)"),
    # ---- values --------------------------------------------------------------------------------------
    ('eval_rnn', evaluated("mx.rnn.RNNCell(4, prefix='rnn_')", 3, 4, '(2, 5)', '(2, 4)', FC_WEIGHTS % (4, 4, 4, 4)),
     {'rtol': 1e-4, 'atol': 1e-5}),
    ('eval_lstm', evaluated("mx.rnn.LSTMCell(4, prefix='rnn_')", 3, 4, '(2, 5)', '(2, 4)',
                            FC_WEIGHTS % (16, 16, 16, 16)), {'rtol': 1e-4, 'atol': 1e-5}),
    ('eval_gru', evaluated("mx.rnn.GRUCell(4, prefix='rnn_')", 3, 4, '(2, 5)', '(2, 4)', FC_WEIGHTS % (12, 12, 12, 12)),
     {'rtol': 1e-4, 'atol': 1e-5}),
    ('eval_gru_merged', evaluated("mx.rnn.GRUCell(4, prefix='rnn_')", 2, 4, '(2, 5)', '(2, 4)',
                                  FC_WEIGHTS % (12, 12, 12, 12), unroll_args=", merge_outputs=True"),
     {'rtol': 1e-4, 'atol': 1e-5}),
    ('eval_residual', "cell = mx.rnn.ResidualCell(mx.rnn.GRUCell(50, prefix='rnn_'))\n"
                      "out, _ = cell.unroll(2, " + steps(2) + ")\n"
                      "result = mx.sym.Group(out).eval(rnn_t0_data=nd.ones((10, 50)), rnn_t1_data=nd.ones((10, 50)), "
                      "rnn_i2h_weight=nd.zeros((150, 50)), rnn_i2h_bias=nd.zeros((150,)), "
                      "rnn_h2h_weight=nd.zeros((150, 50)), rnn_h2h_bias=nd.zeros((150,)))"),
    ('eval_lstm_zero_states', "cell = mx.rnn.LSTMCell(3, prefix='rnn_')\nout, st = cell.unroll(2, " + steps(2) + ")\n"
                              "w = {k: nd.array(np.random.uniform(-1, 1, s)) for k, s in [('rnn_i2h_weight', (12, 2)), "
                              "('rnn_i2h_bias', (12,)), ('rnn_h2h_weight', (12, 3)), ('rnn_h2h_bias', (12,))]}\n"
                              "result = mx.sym.Group(out + st).eval(rnn_t0_data=nd.ones((2, 2)), "
                              "rnn_t1_data=nd.ones((2, 2)) * -0.5, **w)", {'rtol': 1e-4, 'atol': 1e-5}),
    ('eval_conv_rnn', "cell = mx.rnn.ConvRNNCell((1, 2, 4, 4), 2, prefix='rnn_')\n"
                      "begin = cell.begin_state(func=mx.sym.Variable)\n"
                      "out, _ = cell.unroll(2, " + steps(2) + ", begin_state=begin)\n"
                      "v = {'rnn_t0_data': (1, 2, 4, 4), 'rnn_t1_data': (1, 2, 4, 4), begin[0].name: (1, 2, 4, 4), "
                      "'rnn_i2h_weight': (2, 2, 3, 3), 'rnn_i2h_bias': (2,), 'rnn_h2h_weight': (2, 2, 3, 3), "
                      "'rnn_h2h_bias': (2,)}\n"
                      "result = mx.sym.Group(out).eval(**{k: nd.array(np.random.uniform(-1, 1, s)) for k, s in v.items()})",
     {'rtol': 1e-4, 'atol': 1e-5}),
    # ---- packing weights -----------------------------------------------------------------------------
    ('unpack_lstm', "cell = mx.rnn.LSTMCell(2, prefix='l_')\n"
                    "args = {'l_i2h_weight': nd.arange(24).reshape((8, 3)), 'l_i2h_bias': nd.arange(8), "
                    "'l_h2h_weight': nd.arange(16).reshape((8, 2)), 'l_h2h_bias': nd.arange(8) * 2, 'other': nd.ones(1)}\n"
                    "result = cell.unpack_weights(args)"),
    ('pack_gru_round_trip', "cell = mx.rnn.GRUCell(2, prefix='g_')\n"
                            "args = {'g_i2h_weight': nd.arange(18).reshape((6, 3)), 'g_i2h_bias': nd.arange(6), "
                            "'g_h2h_weight': nd.arange(12).reshape((6, 2)), 'g_h2h_bias': nd.arange(6) * 2}\n"
                            "result = cell.pack_weights(cell.unpack_weights(args))"),
    ('unpack_rnn_cell', "cell = mx.rnn.RNNCell(2, prefix='r_')\n"
                        "result = sorted(cell.unpack_weights({'r_i2h_weight': nd.ones((2, 3)), 'r_i2h_bias': nd.ones(2), "
                        "'r_h2h_weight': nd.ones((2, 2)), 'r_h2h_bias': nd.ones(2)}))"),
    ('unpack_fused', "cell = mx.rnn.FusedRNNCell(2, num_layers=2, mode='gru', bidirectional=True, prefix='f_')\n"
                     "n = (3 + 2 + 2) * 2 * 3 * 2 + 1 * 3 * 2 * (2 + 2 * 2 + 2) * 2\n"
                     "result = cell.unpack_weights({'f_parameters': nd.arange(n)})"),
    ('pack_fused_round_trip', "cell = mx.rnn.FusedRNNCell(3, num_layers=2, mode='lstm', prefix='f_')\n"
                              "n = (4 + 3 + 2) * 3 * 4 + 1 * 4 * 3 * (3 + 3 + 2)\n"
                              "result = cell.pack_weights(cell.unpack_weights({'f_parameters': nd.arange(n), 'x': nd.ones(2)}))"),
    # MXNet fails reshaping a negative size; mxtorch names the problem
    ('unpack_fused_wrong_size', "mx.rnn.FusedRNNCell(3, prefix='f_').unpack_weights({'f_parameters': nd.ones(7)})",
     {'errors': ('AssertionError',)}),
    ('unpack_stack', "cell = mx.rnn.FusedRNNCell(2, num_layers=2, mode='rnn_tanh', prefix='f_').unfuse()\n"
                     "args = {}\n"
                     "for p in ('f_l0_', 'f_l1_'):\n"
                     "    args.update({p + 'i2h_weight': nd.ones((2, 2)), p + 'i2h_bias': nd.zeros(2), "
                     "p + 'h2h_weight': nd.ones((2, 2)) * 2, p + 'h2h_bias': nd.ones(2)})\n"
                     "result = cell.unpack_weights(args)"),
    # ---- checkpoints: unpacked weights in MXNet's files --------------------------------------------
    ('rnn_checkpoint', "cell = mx.rnn.LSTMCell(2, prefix='l_')\nout, _ = cell.unroll(1, [mx.sym.var('x')])\n"
                       "args = {'l_i2h_weight': nd.arange(24).reshape((8, 3)), 'l_i2h_bias': nd.arange(8), "
                       "'l_h2h_weight': nd.arange(16).reshape((8, 2)), 'l_h2h_bias': nd.ones(8)}\n"
                       "mx.rnn.save_rnn_checkpoint(cell, tmpdir + '/x', 3, mx.sym.Group(out), args, {})\n"
                       "sym, arg, aux = mx.rnn.load_rnn_checkpoint([cell], tmpdir + '/x', 3)\n"
                       "result = [sym.list_outputs(), arg, aux, sorted(nd.load(tmpdir + '/x-0003.params')), "
                       "__import__('json').load(open(tmpdir + '/x-symbol.json'))]",
     {'files': ('x-0003.params',)}),
    ('do_rnn_checkpoint', "import os\ncell = mx.rnn.GRUCell(2, prefix='g_')\nout, _ = cell.unroll(1, [mx.sym.var('x')])\n"
                          "args = {'g_i2h_weight': nd.ones((6, 3)), 'g_i2h_bias': nd.zeros(6), "
                          "'g_h2h_weight': nd.ones((6, 2)) * 2, 'g_h2h_bias': nd.ones(6)}\n"
                          "callback = mx.rnn.do_rnn_checkpoint([cell], tmpdir + '/y', period=2)\n"
                          "for epoch in range(3):\n"
                          "    callback(epoch, out[0], args, {})\n"
                          "result = sorted(os.listdir(tmpdir))", {'files': ('y-0002.params',)}),
    # ---- errors --------------------------------------------------------------------------------------
    ('unroll_without_inputs', "mx.rnn.RNNCell(3).unroll(2, None)"),
    ('unroll_wrong_length', "mx.rnn.RNNCell(3).unroll(3, [mx.sym.var('a'), mx.sym.var('b')])"),
    ('unroll_group_input', "mx.rnn.RNNCell(3).unroll(2, mx.sym.Group([mx.sym.var('a'), mx.sym.var('b')]), "
                           "merge_outputs=False)"),
    ('modified_cell_begin_state', "base = mx.rnn.RNNCell(3)\nmx.rnn.ResidualCell(base)\nbase.begin_state()"),
    ('fused_step', "mx.rnn.FusedRNNCell(3)(mx.sym.var('x'), [])"),
    ('fused_bad_layout', "mx.rnn.FusedRNNCell(3).unroll(2, mx.sym.var('x'), layout='NCT')"),
    ('bidirectional_step', "mx.rnn.BidirectionalCell(mx.rnn.RNNCell(2, prefix='a_'), "
                           "mx.rnn.RNNCell(2, prefix='b_'))(mx.sym.var('x'), [])"),
    ('base_cell_step', "mx.rnn.BaseRNNCell()(mx.sym.var('x'), [])"),
    ('base_cell_state_info', "mx.rnn.BaseRNNCell().state_info"),
    ('zoneout_fused', "mx.rnn.ZoneoutCell(mx.rnn.FusedRNNCell(3))"),
    ('zoneout_bidirectional', "mx.rnn.ZoneoutCell(mx.rnn.BidirectionalCell(mx.rnn.RNNCell(2, prefix='a_'), "
                              "mx.rnn.RNNCell(2, prefix='b_')))"),
    ('dropout_not_a_number', "mx.rnn.DropoutCell('half')"),
    ('conv_even_kernel', "mx.rnn.ConvRNNCell((1, 2, 5, 5), 3, h2h_kernel=(2, 3))"),
    ('sequential_params_twice', "p = mx.rnn.RNNParams('s_')\nseq = mx.rnn.SequentialRNNCell(params=p)\n"
                                "seq.add(mx.rnn.LSTMCell(3, prefix='l0_', params=mx.rnn.RNNParams('o_')))"),
    ('bidirectional_params_twice', "p = mx.rnn.RNNParams('s_')\n"
                                   "mx.rnn.BidirectionalCell(mx.rnn.RNNCell(2, params=mx.rnn.RNNParams('x_')), "
                                   "mx.rnn.RNNCell(2), params=p)"),
    ('stepping_sequential_with_bidirectional',
     "seq = mx.rnn.SequentialRNNCell()\nseq.add(mx.rnn.BidirectionalCell(mx.rnn.RNNCell(2, prefix='a_'), "
     "mx.rnn.RNNCell(2, prefix='b_')))\nseq(mx.sym.var('x'), seq.begin_state())"),
    ('modifier_step', "mx.rnn.ModifierCell(mx.rnn.RNNCell(2))(mx.sym.var('x'), [])"),
    # ---- sentences -----------------------------------------------------------------------------------
    ('encode_given_vocab', "mx.rnn.io.encode_sentences([['a', 'b', 'c'], ['b', 'c', 'd']], "
                           "vocab={'a': 1, 'b': 2, 'c': 3}, invalid_label=-1, invalid_key='\\n', start_label=0, "
                           "unknown_token='UNK')"),
    ('encode_new_vocab', "mx.rnn.encode_sentences([['x', 'y'], ['y', 'z', 'x'], []])"),
    ('encode_start_at_invalid', "mx.rnn.encode_sentences([['x', 'y', 'z']], invalid_label=1, start_label=1)"),
    ('encode_several_unknown', "mx.rnn.encode_sentences([['a', 'q', 'r', 'q']], vocab={'a': 5}, unknown_token='?')"),
    ('encode_unknown_token_new_vocab', "mx.rnn.encode_sentences([['a', 'b'], ['a']], unknown_token='<unk>')"),
    ('encode_unknown_without_token', "mx.rnn.encode_sentences([['a', 'b']], vocab={'a': 0})"),
    ('bucket_iter_nt', "import random\nrandom.seed(3)\nnp.random.seed(3)\n"
                       "sents = [[1, 2, 3], [4, 5], [6, 7, 8, 9], [1, 1], [2, 2, 2], [3], [4, 4, 4, 4, 4, 4, 4]]\n"
                       "it = mx.rnn.BucketSentenceIter(sents, 2, buckets=[2, 3, 4], invalid_label=0)\n"
                       "result = [it.buckets, it.default_bucket_key, it.provide_data, it.provide_label, it.idx]\n"
                       "for batch in it:\n"
                       "    result.append([batch.bucket_key, batch.data[0], batch.label[0], batch.pad, "
                       "batch.provide_data, batch.provide_label])\n"
                       "it.reset()\nresult.append([b.bucket_key for b in it])"),
    ('bucket_iter_tn_auto_buckets', "import random\nrandom.seed(5)\nnp.random.seed(5)\n"
                                    "sents = [[i, i + 1, i + 2][:1 + i % 3] for i in range(1, 13)]\n"
                                    "it = mx.rnn.BucketSentenceIter(sents, 3, layout='TN', data_name='d', label_name='l', "
                                    "dtype='int32')\n"
                                    "result = [it.buckets, it.provide_data, it.major_axis]\n"
                                    "for batch in it:\n"
                                    "    result.append([batch.bucket_key, batch.data[0], batch.label[0]])"),
    ('bucket_iter_other_layout', "it = mx.rnn.BucketSentenceIter([[1, 2], [3, 4]], 1, layout='NC')\n"
                                 "result = [it.major_axis, it.provide_data, next(it).data[0]]"),
    ('bucket_iter_bad_layout', "mx.rnn.BucketSentenceIter([[1, 2], [3, 4]], 1, layout='TC')"),
]
