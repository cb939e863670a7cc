"""mx.rnn (MXNet's legacy symbolic cells) beyond the golden cases: unrolled graphs compute the recurrences
(checked against numpy written from the equations), fused and unfused cells agree through their packed
weights, checkpoints round-trip, sentences bucket as documented, misuse is refused with clear errors."""
import os
import random
import warnings

import numpy as np
import pytest

import mxtorch as mx
from mxtorch import nd


def _sigmoid(x):
    return 1 / (1 + np.exp(-x))


def _weights(prefix, gates, hidden, inputs, rng):
    return {prefix + 'i2h_weight': rng.uniform(-0.5, 0.5, (gates * hidden, inputs)),
            prefix + 'i2h_bias': rng.uniform(-0.5, 0.5, (gates * hidden,)),
            prefix + 'h2h_weight': rng.uniform(-0.5, 0.5, (gates * hidden, hidden)),
            prefix + 'h2h_bias': rng.uniform(-0.5, 0.5, (gates * hidden,))}


def _steps(n, prefix='x'):
    return [mx.sym.var('%s%d' % (prefix, i)) for i in range(n)]


def _run(outputs, states, values):
    group = mx.sym.Group(list(outputs) + list(states))
    return [o.asnumpy().astype(np.float64) for o in group.eval(**{k: nd.array(v) for k, v in values.items()})]


def _projections(w, prefix, x, h):
    return (x @ w[prefix + 'i2h_weight'].T + w[prefix + 'i2h_bias'],
            h @ w[prefix + 'h2h_weight'].T + w[prefix + 'h2h_bias'])


def test_lstm_unroll_computes_the_lstm_recurrence():
    rng = np.random.RandomState(1)
    cell = mx.rnn.LSTMCell(3, prefix='l_')
    begin = cell.begin_state(func=mx.sym.Variable)
    outputs, states = cell.unroll(4, _steps(4), begin_state=begin)
    w = _weights('l_', 4, 3, 2, rng)
    xs = [rng.uniform(-1, 1, (5, 2)) for _ in range(4)]
    h, c = rng.uniform(-1, 1, (5, 3)), rng.uniform(-1, 1, (5, 3))
    values = dict(w, **{'x%d' % i: x for i, x in enumerate(xs)})
    values.update({begin[0].name: h, begin[1].name: c})
    got = _run(outputs, states, values)
    expected = []
    for x in xs:
        i2h, h2h = _projections(w, 'l_', x, h)
        i, f, g, o = np.split(i2h + h2h, 4, axis=1)
        c = _sigmoid(f) * c + _sigmoid(i) * np.tanh(g)
        h = _sigmoid(o) * np.tanh(c)
        expected.append(h)
    for a, b in zip(got, expected + [h, c]):
        np.testing.assert_allclose(a, b, rtol=1e-5, atol=1e-6)


def test_gru_unroll_computes_the_cudnn_gru_recurrence():
    rng = np.random.RandomState(2)
    cell = mx.rnn.GRUCell(3, prefix='g_')
    outputs, states = cell.unroll(3, _steps(3))          # begin states: zeros of the inferred shape
    w = _weights('g_', 3, 3, 4, rng)
    xs = [rng.uniform(-1, 1, (2, 4)) for _ in range(3)]
    got = _run(outputs, states, dict(w, **{'x%d' % i: x for i, x in enumerate(xs)}))
    h = np.zeros((2, 3))
    expected = []
    for x in xs:
        (i_r, i_z, i_n), (h_r, h_z, h_n) = [np.split(p, 3, axis=1) for p in _projections(w, 'g_', x, h)]
        r, z = _sigmoid(i_r + h_r), _sigmoid(i_z + h_z)
        h = (1 - z) * np.tanh(i_n + r * h_n) + z * h
        expected.append(h)
    for a, b in zip(got, expected + [h]):
        np.testing.assert_allclose(a, b, rtol=1e-5, atol=1e-6)


def test_rnn_cell_with_callable_activation_and_merged_outputs():
    rng = np.random.RandomState(3)
    cell = mx.rnn.RNNCell(2, activation=lambda x, name: mx.sym.relu(x, name=name), prefix='r_')
    merged, _ = cell.unroll(2, mx.sym.var('seq'), layout='NTC', merge_outputs=True)
    w = _weights('r_', 1, 2, 3, rng)
    seq = rng.uniform(-1, 1, (4, 2, 3))
    got = _run([merged], [], dict(w, seq=seq))[0]
    h = np.zeros((4, 2))
    for t in range(2):
        i2h, h2h = _projections(w, 'r_', seq[:, t], h)
        h = np.maximum(i2h + h2h, 0)
        np.testing.assert_allclose(got[:, t], h, rtol=1e-5, atol=1e-6)
    assert merged.infer_shape(seq=(4, 2, 3))[1] == [(4, 2, 2)]


def test_fused_cell_equals_its_unfused_stack():
    rng = np.random.RandomState(4)
    for mode, bidirectional in (('lstm', False), ('gru', True), ('rnn_tanh', True)):
        fused = mx.rnn.FusedRNNCell(3, num_layers=2, mode=mode, bidirectional=bidirectional, prefix='f_',
                                    get_next_state=False)
        data = mx.sym.var('data')
        with warnings.catch_warnings():
            warnings.simplefilter('ignore')                  # NTC layout advice
            out_fused, _ = fused.unroll(3, data, layout='NTC', merge_outputs=True)
        args, _, _ = out_fused.infer_shape(data=(2, 3, 4))
        size = dict(zip(out_fused.list_arguments(), args))['f_parameters'][0]
        vector = nd.array(rng.uniform(-0.5, 0.5, (size,)))
        unpacked = fused.unpack_weights({'f_parameters': vector})
        packed = fused.pack_weights(unpacked)
        np.testing.assert_array_equal(packed['f_parameters'].asnumpy(), vector.asnumpy())

        stack = fused.unfuse()
        out_stack, _ = stack.unroll(3, data, layout='NTC', merge_outputs=True)
        packed_stack = stack.pack_weights(unpacked)
        assert set(packed_stack) == set(out_stack.list_arguments()) - {'data'}, mode
        x = nd.array(rng.uniform(-1, 1, (2, 3, 4)))
        a = out_fused.eval(data=x, f_parameters=vector)[0].asnumpy()
        b = out_stack.eval(data=x, **packed_stack)[0].asnumpy()
        np.testing.assert_allclose(a, b, rtol=1e-4, atol=1e-5, err_msg=mode)


def test_bidirectional_concatenates_forward_and_backward_runs():
    rng = np.random.RandomState(5)
    bi = mx.rnn.BidirectionalCell(mx.rnn.RNNCell(2, prefix='a_'), mx.rnn.RNNCell(2, prefix='b_'),
                                  output_prefix='bi_')
    outputs, (l_states, r_states) = bi.unroll(3, _steps(3))
    assert [o.name for o in outputs] == ['bi_t0', 'bi_t1', 'bi_t2']
    w = dict(_weights('a_', 1, 2, 3, rng), **_weights('b_', 1, 2, 3, rng))
    xs = [rng.uniform(-1, 1, (2, 3)) for _ in range(3)]
    got = _run(outputs, [], dict(w, **{'x%d' % i: x for i, x in enumerate(xs)}))

    def run(prefix, seq):
        h, hs = np.zeros((2, 2)), []
        for x in seq:
            h = np.tanh(sum(_projections(w, prefix, x, h)))
            hs.append(h)
        return hs
    forward, backward = run('a_', xs), run('b_', xs[::-1])[::-1]
    for t in range(3):
        np.testing.assert_allclose(got[t], np.concatenate([forward[t], backward[t]], axis=1), rtol=1e-5, atol=1e-6)


def test_residual_and_zoneout_in_prediction():
    rng = np.random.RandomState(6)
    w = _weights('r_', 1, 3, 3, rng)
    xs = {'x%d' % i: rng.uniform(-1, 1, (2, 3)) for i in range(2)}
    plain, _ = mx.rnn.RNNCell(3, prefix='r_').unroll(2, _steps(2))
    residual, _ = mx.rnn.ResidualCell(mx.rnn.RNNCell(3, prefix='r_')).unroll(2, _steps(2))
    zoned, _ = mx.rnn.ZoneoutCell(mx.rnn.RNNCell(3, prefix='r_'), 0.5, 0.5).unroll(2, _steps(2))
    base = _run(plain, [], dict(w, **xs))
    for i, (r, z) in enumerate(zip(_run(residual, [], dict(w, **xs)), _run(zoned, [], dict(w, **xs)))):
        np.testing.assert_allclose(r, base[i] + xs['x%d' % i], rtol=1e-6)
        np.testing.assert_allclose(z, base[i], rtol=1e-6)    # dropout masks are ones outside training


def test_dropout_cell_in_a_stack_keeps_names_and_shapes():
    stack = mx.rnn.SequentialRNNCell()
    stack.add(mx.rnn.LSTMCell(4, prefix='a_'))
    stack.add(mx.rnn.DropoutCell(0.3, prefix='d_'))
    stack.add(mx.rnn.GRUCell(5, prefix='b_'))
    with mx.name.NameManager():              # automatic names counted from 0
        outputs, states = stack.unroll(2, _steps(2))
    assert len(states) == 3
    assert sorted(stack.params._params) == sorted(
        p + s for p in ('a_', 'b_') for s in ('h2h_bias', 'h2h_weight', 'i2h_bias', 'i2h_weight'))
    assert mx.sym.Group(outputs).infer_shape(x0=(6, 7), x1=(6, 7))[1] == [(6, 5), (6, 5)]
    assert [n for n in mx.sym.Group(outputs).get_internals().list_outputs() if 'dropout' in n] == \
        ['dropout0_output', 'dropout1_output']


def test_begin_state_of_containers_and_modifiers_takes_a_function():
    stack = mx.rnn.SequentialRNNCell()
    stack.add(mx.rnn.ResidualCell(mx.rnn.LSTMCell(2, prefix='a_')))
    stack.add(mx.rnn.ZoneoutCell(mx.rnn.GRUCell(2, prefix='b_'), zoneout_states=0.1))
    states = stack.begin_state(func=mx.sym.Variable)
    assert [s.name for s in states] == ['a_begin_state_0', 'a_begin_state_1', 'b_begin_state_0']
    assert all(s.list_attr()['__layout__'] == 'NC' for s in states)
    # a modifier around a stack (MXNet 1.9.1 passes the function positionally to the stack: TypeError)
    inner = mx.rnn.SequentialRNNCell()
    inner.add(mx.rnn.RNNCell(2, prefix='c_'))
    inner.add(mx.rnn.RNNCell(2, prefix='d_'))
    zoned = mx.rnn.ZoneoutCell(inner, zoneout_outputs=0.2)     # MXNet 1.9.1: AttributeError
    assert [s.name for s in zoned.begin_state(mx.sym.Variable)] == ['c_begin_state_0', 'd_begin_state_0']
    outputs, _ = zoned.unroll(2, _steps(2))
    assert mx.sym.Group(outputs).infer_shape(x0=(3, 4), x1=(3, 4))[1] == [(3, 2), (3, 2)]


def test_lstm_forget_bias_initializer():
    cell = mx.rnn.LSTMCell(3, prefix='l_', forget_bias=2.0)
    bias = nd.zeros((12,))
    # as Module.init_params does: the global initializer defers to the variable's own __init__
    desc = mx.init.InitDesc('l_i2h_bias', attrs={'__init__': cell.params.get('i2h_bias').attr('__init__')})
    mx.init.Uniform()(desc, bias)
    np.testing.assert_array_equal(bias.asnumpy(), [0] * 3 + [2] * 3 + [0] * 6)


def test_rnn_checkpoint_round_trip(tmp_path):
    cell = mx.rnn.LSTMCell(2, prefix='l_')
    outputs, _ = cell.unroll(2, _steps(2))
    sym = mx.sym.Group(outputs)
    args = {k: nd.array(np.random.uniform(size=s)) for k, s in
            zip(sym.list_arguments(), sym.infer_shape(x0=(1, 3), x1=(1, 3))[0]) if k.startswith('l_')}
    prefix = str(tmp_path / 'lstm')
    mx.rnn.save_rnn_checkpoint(cell, prefix, 7, sym, args, {})
    saved = nd.load(prefix + '-0007.params')
    assert 'arg:l_i2h_f_weight' in saved and 'arg:l_i2h_weight' not in saved     # unpacked per gate
    loaded_sym, loaded, aux = mx.rnn.load_rnn_checkpoint(cell, prefix, 7)
    assert loaded_sym.tojson() == sym.tojson() and aux == {}
    for k, v in args.items():
        np.testing.assert_array_equal(loaded[k].asnumpy(), v.asnumpy())
    callback = mx.rnn.do_rnn_checkpoint([cell], prefix, period=3)
    for epoch in range(6):
        callback(epoch, sym, args, {})
    assert sorted(f for f in os.listdir(tmp_path) if f.endswith('.params')) == \
        ['lstm-0003.params', 'lstm-0006.params', 'lstm-0007.params']


def test_rnn_unroll_is_deprecated_but_works():
    cell = mx.rnn.RNNCell(2, prefix='r_')
    with pytest.warns(UserWarning, match='deprecated'):
        outputs, _ = mx.rnn.rnn_unroll(cell, 2, _steps(2))
    assert [o.name for o in outputs] == ['r_t0_out', 'r_t1_out']


def test_fused_ntc_layout_warns():
    with pytest.warns(UserWarning, match='TNC'):
        mx.rnn.FusedRNNCell(2).unroll(2, mx.sym.var('x'), layout='NTC')


def test_bucket_iterator_batches_every_sentence_once():
    random.seed(0)
    np.random.seed(0)
    sentences = [list(range(1, 1 + n % 5 + 1)) for n in range(40)]
    it = mx.rnn.BucketSentenceIter(sentences, batch_size=4, invalid_label=-1)
    assert it.buckets == [1, 2, 3, 4, 5] and it.default_bucket_key == 5
    seen = []
    for batch in it:
        data, label = batch.data[0].asnumpy(), batch.label[0].asnumpy()
        assert data.shape == (4, batch.bucket_key) == label.shape
        np.testing.assert_array_equal(label[:, :-1], data[:, 1:])
        assert (label[:, -1] == -1).all()
        seen.extend(tuple(int(v) for v in row if v != -1) for row in data)
    assert sorted(seen) == sorted(tuple(s) for s in sentences)


def test_bucket_iterator_time_major_and_discarded(capsys):
    it = mx.rnn.BucketSentenceIter([[1, 2], [3, 4], [5, 6, 7]], 2, buckets=[2], layout='TN')
    assert 'discarded 1 sentences' in capsys.readouterr().out
    batch = next(it)
    assert batch.data[0].shape == (2, 2) and batch.provide_data[0].layout == 'TN'
    with pytest.raises(StopIteration):
        next(it)


def test_encode_sentences_grows_the_given_vocabulary():
    vocab = {'a': 0}
    codes, out = mx.rnn.encode_sentences([['a', 'b'], ['b', 'c']], vocab=vocab, unknown_token='?', start_label=3)
    # as in MXNet, every unknown word moves the unknown token to the next index
    assert out is vocab and codes == [[0, 3], [4, 5]] and vocab == {'a': 0, '?': 5}


def test_misuse_is_refused():
    with pytest.raises(AssertionError, match='inputs=None'):
        mx.rnn.GRUCell(2).unroll(2, None)
    with pytest.raises(AssertionError, match='2 inputs given for length 3'):
        mx.rnn.GRUCell(2).unroll(3, _steps(2))
    base = mx.rnn.LSTMCell(2)
    mx.rnn.ZoneoutCell(base)
    with pytest.raises(AssertionError, match='modifier cell'):
        base.unroll(2, _steps(2))
    stack = mx.rnn.SequentialRNNCell()
    stack.add(mx.rnn.BidirectionalCell(mx.rnn.RNNCell(2, prefix='a_'), mx.rnn.RNNCell(2, prefix='b_')))
    with pytest.raises(AssertionError, match='zoneout'):
        mx.rnn.ZoneoutCell(stack)
    with pytest.raises(AssertionError, match='BidirectionalCell inside'):
        stack(mx.sym.var('x'), stack.begin_state())
    with pytest.raises(AssertionError, match='Invalid parameters size'):
        mx.rnn.FusedRNNCell(3, prefix='f_').unpack_weights({'f_parameters': nd.ones(7)})
    with pytest.raises(AssertionError, match='odd'):
        mx.rnn.ConvGRUCell((1, 2, 4, 4), 2, h2h_kernel=(3, 4))
    with pytest.raises(AssertionError, match='Unknown token z'):
        mx.rnn.encode_sentences([['z']], vocab={})
    with pytest.raises(ValueError, match='Invalid layout TC'):
        mx.rnn.BucketSentenceIter([[1, 2], [3, 4]], 1, layout='TC')


def test_mx_rnn_names():
    for name in ('RNNParams', 'BaseRNNCell', 'RNNCell', 'LSTMCell', 'GRUCell', 'FusedRNNCell', 'SequentialRNNCell',
                 'DropoutCell', 'ModifierCell', 'ZoneoutCell', 'ResidualCell', 'BidirectionalCell',
                 'BaseConvRNNCell', 'ConvRNNCell', 'ConvLSTMCell', 'ConvGRUCell', 'encode_sentences',
                 'BucketSentenceIter', 'save_rnn_checkpoint', 'load_rnn_checkpoint', 'do_rnn_checkpoint',
                 'rnn_unroll', 'DataIter', 'DataBatch', 'DataDesc', 'save_checkpoint', 'load_checkpoint'):
        assert hasattr(mx.rnn, name), name
    assert mx.rnn.io.encode_sentences is mx.rnn.encode_sentences
    assert mx.rnn.rnn_cell.LSTMCell is mx.rnn.LSTMCell
