"""gluon.rnn beyond the golden cases: MXNet-written parameter files, the layers against the packed operator
(d2l's way of building an RNN) and against mathematics (finite differences, sequence lengths, state
clipping, dropout), cells unrolled over variable lengths, and bad input."""
import json
import os

import numpy as np
import pytest

import mxtorch as mx
from mxtorch import autograd, gluon, nd
from golden_support import GOLDEN, decode_values
from numgrad import check_gradient
from test_ops_rnn import reference_rnn

rnn = gluon.rnn
GOLDEN_FILES = os.path.join(GOLDEN, 'files', 'rnn')
rng = np.random.RandomState(3)


def _answer(name):
    with open(os.path.join(GOLDEN, 'rnn.json')) as f:
        return json.load(f)['cases'][name]


def _set_random(block, low=-0.5, high=0.5):
    for p in block.collect_params().values():
        p.set_data(nd.array(rng.uniform(low, high, p.shape), dtype=p.dtype))


def packed(layer):
    """The layer's parameters as the one vector nd.RNN takes: weights then biases, each over layers,
    directions, then i2h, h2h (and h2r)."""
    d = ['l', 'r'][:layer._dir]
    kinds = ['i2h', 'h2h'] + (['h2r'] if layer._projection_size else [])
    parts = [getattr(layer, '{}{}_{}_{}'.format(j, i, g, t)).data().reshape(-1)
             for t in ('weight', 'bias') for i in range(layer._num_layers) for j in d for g in kinds
             if not (g == 'h2r' and t == 'bias')]
    return nd.concat(*parts, dim=0)


# ---- files written by MXNet -----------------------------------------------------------------------------
@pytest.mark.parametrize('case,fname,make,x_shape', [
    ('layer_save_parameters_bidirectional', 'lstm.params', lambda: rnn.LSTM(3, num_layers=2, bidirectional=True),
     (3, 2, 2)),
    ('layer_save_parameters_gru', 'gru.params', lambda: rnn.GRU(4, num_layers=2), (3, 2, 3)),
    ('layer_save_parameters_projection', 'lstmp.params',
     lambda: rnn.LSTM(4, projection_size=2, bidirectional=True), (3, 2, 3)),
])
def test_mxnet_saved_layer_gives_mxnet_output(case, fname, make, x_shape):
    layer = make()
    layer.load_parameters(os.path.join(GOLDEN_FILES, case + '__' + fname))   # shapes come from the file
    n = int(np.prod(x_shape))
    x = nd.array(np.arange(n).reshape(x_shape) / n - 0.5)
    want = _answer(case)['items'][1]
    np.testing.assert_allclose(layer(x).asnumpy(), decode_values(want), rtol=1e-5, atol=1e-6)
    layer.hybridize()
    np.testing.assert_allclose(layer(x).asnumpy(), decode_values(want), rtol=1e-5, atol=1e-6)


def test_mxnet_saved_sequential_with_rnn_layer():
    net = gluon.nn.HybridSequential()
    with net.name_scope():
        net.add(rnn.RNN(3, activation='tanh'), gluon.nn.Dense(2, flatten=False))
    net.load_parameters(os.path.join(GOLDEN_FILES, 'layer_in_sequential_save_load__net.params'))
    x = nd.array(np.arange(16).reshape(4, 2, 2) / 16 - 0.5)
    want = _answer('layer_in_sequential_save_load')['items'][1]
    np.testing.assert_allclose(net(x).asnumpy(), decode_values(want), rtol=1e-5, atol=1e-6)


def test_saved_file_round_trip_and_mxnet_names(tmp_path):
    layer = rnn.GRU(3, num_layers=2, bidirectional=True, input_size=2)
    layer.initialize()
    _set_random(layer)
    fname = str(tmp_path / 'gru.params')
    layer.save_parameters(fname)
    assert sorted(nd.load(fname)) == sorted(
        '_unfused.{}.{}_cell.{}_{}'.format(i, d, g, t) for i in range(2) for d in 'lr' for g in ('i2h', 'h2h')
        for t in ('weight', 'bias'))
    other = rnn.GRU(3, num_layers=2, bidirectional=True)
    other.load_parameters(fname)
    x = nd.array(rng.uniform(-1, 1, (4, 3, 2)))
    np.testing.assert_array_equal(other(x).asnumpy(), layer(x).asnumpy())


# ---- layers against nd.RNN on the packed vector ---------------------------------------------------------
@pytest.mark.parametrize('make,lstm', [
    (lambda: rnn.LSTM(4, num_layers=2, bidirectional=True, input_size=3), True),
    (lambda: rnn.GRU(4, num_layers=3, input_size=3), False),
    (lambda: rnn.RNN(4, 2, 'tanh', bidirectional=True, input_size=3), False),
    (lambda: rnn.RNN(4, input_size=3), False),
    (lambda: rnn.LSTM(5, num_layers=2, bidirectional=True, projection_size=3, input_size=3), True),
    (lambda: rnn.LSTM(4, input_size=3, state_clip_min=-0.2, state_clip_max=0.3), True),
])
def test_layer_agrees_with_packed_operator(make, lstm):
    layer = make()
    layer.initialize()
    _set_random(layer, -1, 1)
    x = nd.array(rng.uniform(-1, 1, (5, 2, 3)))
    states = [nd.array(rng.uniform(-1, 1, i['shape'])) for i in layer.state_info(2)]
    out, new_states = layer(x, states)
    kw = dict(state_size=layer._hidden_size, num_layers=layer._num_layers, mode=layer._mode,
              bidirectional=layer._dir == 2, state_outputs=True)
    if layer._projection_size:
        kw['projection_size'] = layer._projection_size
    if layer._lstm_state_clip_min is not None:
        kw.update(lstm_state_clip_min=layer._lstm_state_clip_min, lstm_state_clip_max=layer._lstm_state_clip_max)
    want = nd.RNN(x, packed(layer), *states, **kw)
    for got, w in zip([out] + new_states, want):
        np.testing.assert_allclose(got.asnumpy(), w.asnumpy(), rtol=1e-6, atol=1e-7)


def test_lstm_layer_state_clipping_matches_numpy():
    layer = rnn.LSTM(3, num_layers=2, bidirectional=True, input_size=2, state_clip_min=-0.4, state_clip_max=0.4,
                     dtype='float64')
    layer.initialize()
    _set_random(layer, -2, 2)
    x = rng.uniform(-1, 1, (4, 2, 2))
    h0, c0 = (rng.uniform(-1, 1, i['shape']) for i in layer.state_info(2))
    out, (h, c) = layer(nd.array(x, dtype='float64'), [nd.array(h0, dtype='float64'), nd.array(c0, dtype='float64')])
    want = reference_rnn('lstm', x, packed(layer).asnumpy(), h0, c0, 2, 3, 2, clip=(-0.4, 0.4))
    for got, w in zip((out, h, c), want):
        np.testing.assert_allclose(got.asnumpy(), w, rtol=1e-10, atol=1e-12)
    assert np.isclose(np.abs(c.asnumpy()), 0.4).any()


@pytest.mark.parametrize('layout', ['TNC', 'NTC'])
@pytest.mark.parametrize('make', [lambda **kw: rnn.LSTM(3, num_layers=2, bidirectional=True, **kw),
                                  lambda **kw: rnn.GRU(3, **kw), lambda **kw: rnn.RNN(3, bidirectional=True, **kw)])
def test_layer_sequence_length_equals_separate_runs(make, layout):
    layer = make(layout=layout, use_sequence_length=True, input_size=2)
    layer.initialize()
    _set_random(layer, -1, 1)
    lengths = [4, 1, 3]
    x = rng.uniform(-1, 1, (4, 3, 2) if layout == 'TNC' else (3, 4, 2))
    out, states = layer(nd.array(x), layer.begin_state(3), nd.array(lengths))
    out = out.asnumpy() if layout == 'TNC' else out.asnumpy().swapaxes(0, 1)
    xt = x if layout == 'TNC' else x.swapaxes(0, 1)
    plain = make(layout='TNC', params=layer.collect_params())
    for n, length in enumerate(lengths):
        o, s = plain(nd.array(xt[:length, n:n + 1]), plain.begin_state(1))
        np.testing.assert_allclose(out[:length, n:n + 1], o.asnumpy(), rtol=1e-5, atol=1e-6)
        assert not out[length:, n].any()
        for got, w in zip(states, s):
            np.testing.assert_allclose(got.asnumpy()[:, n:n + 1], w.asnumpy(), rtol=1e-5, atol=1e-6)


# ---- gradients --------------------------------------------------------------------------------------------
@pytest.mark.parametrize('make', [
    lambda: rnn.LSTM(2, num_layers=2, bidirectional=True, input_size=2, dtype='float64'),
    lambda: rnn.GRU(2, layout='NTC', input_size=2, dtype='float64'),
    lambda: rnn.LSTM(3, projection_size=2, input_size=2, dtype='float64'),
])
def test_layer_gradient_of_inputs_and_states(make):
    layer = make()
    layer.initialize()
    _set_random(layer, -1, 1)
    x = rng.uniform(-1, 1, (3, 2, 2))
    states = [rng.uniform(-1, 1, i['shape']) for i in layer.state_info(x.shape[layer._layout.find('N')])]

    def fn(x, *states):
        out, new = layer(x, list(states))
        return [out] + list(new)

    check_gradient(fn, x, *states, rtol=1e-4, atol=1e-6)


def test_layer_parameter_gradients_match_finite_differences():
    layer = rnn.LSTM(2, bidirectional=True, input_size=2, dtype='float64')
    layer.initialize()
    _set_random(layer, -1, 1)
    x = nd.array(rng.uniform(-1, 1, (3, 2, 2)), dtype='float64')
    head = rng.uniform(0.5, 1.5, (3, 2, 4))
    with autograd.record():
        out = layer(x)
    out.backward(nd.array(head, dtype='float64'))
    eps = 1e-6
    for name, p in layer.collect_params().items():
        value = p.data().asnumpy()
        grad = np.zeros_like(value)
        for idx in np.ndindex(*value.shape):
            for sign in (1, -1):
                v = value.copy()
                v[idx] += sign * eps
                p.set_data(nd.array(v, dtype='float64'))
                grad[idx] += sign * (layer(x).asnumpy() * head).sum() / (2 * eps)
        p.set_data(nd.array(value, dtype='float64'))
        np.testing.assert_allclose(p.grad().asnumpy(), grad, rtol=1e-5, atol=1e-7, err_msg=name)


# ---- dropout, hybridization, states ---------------------------------------------------------------------
def test_layer_dropout_only_in_training():
    layer = rnn.LSTM(8, num_layers=2, dropout=0.5, input_size=4)
    layer.initialize()
    x = nd.array(rng.uniform(-1, 1, (5, 3, 4)))
    a, b = layer(x).asnumpy(), layer(x).asnumpy()
    np.testing.assert_array_equal(a, b)
    no_dropout = rnn.LSTM(8, num_layers=2, params=layer.collect_params())
    np.testing.assert_allclose(a, no_dropout(x).asnumpy(), rtol=1e-6)
    with autograd.record():
        c = layer(x)
        d = layer(x)
    assert not np.allclose(c.asnumpy(), a) and not np.allclose(c.asnumpy(), d.asnumpy())


def test_hybridized_outputs_follow_first_call():
    layer = rnn.GRU(3, input_size=2)
    layer.initialize()
    x = nd.ones((2, 1, 2))
    layer.hybridize()
    assert isinstance(layer(x, layer.begin_state(1)), list)
    assert isinstance(layer(x), list)                   # as in MXNet's cached graph
    layer.hybridize()                                   # a new graph
    assert isinstance(layer(x), nd.NDArray)
    assert isinstance(layer(x, layer.begin_state(1)), nd.NDArray)


def test_begin_state_arguments():
    layer = rnn.LSTM(3, num_layers=2, bidirectional=True, projection_size=2)
    h, c = layer.begin_state(5, func=nd.ones, dtype='float64')
    assert h.shape == (4, 5, 2) and c.shape == (4, 5, 3) and h.dtype == np.float64
    assert (h.asnumpy() == 1).all()
    assert layer.state_info(5)[0] == {'shape': (4, 5, 2), '__layout__': 'LNC', 'dtype': 'float32'}


def test_unfused_stack_shares_parameters():
    layer = rnn.GRU(3, num_layers=2, bidirectional=True, input_size=2)
    stack = layer._unfuse()
    lp, sp = layer.collect_params(), stack.collect_params()
    assert sorted(lp.keys()) == sorted(sp.keys())
    assert all(lp[k] is sp[k] for k in lp.keys())


def test_layer_cast_changes_default_state_dtype():
    layer = rnn.RNN(3, input_size=2)
    layer.initialize()
    layer.cast('float64')
    out = layer(nd.ones((2, 2, 2), dtype='float64'))
    assert out.dtype == np.float64 and layer.begin_state(2)[0].dtype == np.float64


# ---- bad input --------------------------------------------------------------------------------------------
def test_layer_bad_input():
    layer = rnn.LSTM(3, input_size=2)
    layer.initialize()
    before = {k: p.data().asnumpy() for k, p in layer.collect_params().items()}
    with pytest.raises(ValueError, match=r'Expecting \(1, 2, 3\), got \(1, 4, 3\)'):
        layer(nd.ones((2, 2, 2)), [nd.zeros((1, 4, 3)), nd.zeros((1, 2, 3))])
    with pytest.raises(mx.MXNetError, match='2 state array'):
        layer(nd.ones((2, 2, 2)), [nd.zeros((1, 2, 3))])
    with pytest.raises(mx.MXNetError, match=r'3-D.*\(2, 2\)'):
        layer(nd.ones((2, 2)))
    with pytest.raises(mx.MXNetError, match='LSTM'):
        layer(nd.ones((2, 2, 5)))
    with pytest.raises(mx.MXNetError, match='LSTM'):
        layer(nd.ones((2, 2, 2), dtype='float64'), layer.begin_state(2))
    for k, p in layer.collect_params().items():
        np.testing.assert_array_equal(p.data().asnumpy(), before[k])
    np.testing.assert_equal(layer(nd.ones((2, 2, 2))).shape, (2, 2, 3))   # still usable


def test_deferred_layer_bad_input_then_good_input():
    layer = rnn.GRU(3)
    layer.initialize()
    with pytest.raises(ValueError, match='Deferred initialization failed'):
        layer(nd.ones((2, 3)))
    assert layer(nd.ones((2, 3, 4))).shape == (2, 3, 3)
    assert layer.l0_i2h_weight.shape == (9, 4)


def test_layer_bad_arguments():
    with pytest.raises(AssertionError, match='Invalid layout'):
        rnn.LSTM(3, layout='CNT')
    with pytest.raises(ValueError, match="activation must be 'relu' or 'tanh'"):
        rnn.RNN(3, activation='sigmoid')
    with pytest.raises(mx.MXNetError, match='together'):
        rnn.LSTM(3, state_clip_min=-1)
    layer = rnn.GRU(3, input_size=2, use_sequence_length=True)
    layer.initialize()
    with pytest.raises(mx.MXNetError, match='needs sequence_length'):
        layer(nd.ones((2, 2, 2)))


# ---- cells --------------------------------------------------------------------------------------------------
def _cells():
    yield rnn.RNNCell(4)
    yield rnn.LSTMCell(4)
    yield rnn.GRUCell(4)
    yield rnn.RNNCell(4, activation='softsign')
    yield rnn.LSTMCell(4, activation='softsign', recurrent_activation='tanh')
    yield rnn.BidirectionalCell(rnn.LSTMCell(3), rnn.GRUCell(3))
    stack = rnn.SequentialRNNCell()
    stack.add(rnn.ResidualCell(rnn.RNNCell(3)))
    stack.add(rnn.ResidualCell(rnn.GRUCell(3)))
    yield stack
    hstack = rnn.HybridSequentialRNNCell()
    hstack.add(rnn.LSTMCell(3))
    hstack.add(rnn.DropoutCell(0.5))
    hstack.add(rnn.GRUCell(3))
    yield hstack


@pytest.mark.parametrize('layout', ['NTC', 'TNC'])
@pytest.mark.parametrize('hybridize', [False, True])
@pytest.mark.parametrize('index', range(8))
def test_unroll_valid_length_equals_separate_unrolls(index, hybridize, layout):
    cell = list(_cells())[index]
    cell.initialize()
    if hybridize:
        cell.hybridize()
    lengths = [3, 6, 1, 5]
    shape = (4, 6, 3) if layout == 'NTC' else (6, 4, 3)
    x = nd.array(rng.uniform(-1, 1, shape))
    outs, states = cell.unroll(6, x, valid_length=nd.array(lengths), merge_outputs=True, layout=layout)
    t_axis = layout.find('T')
    for n, length in enumerate(lengths):
        xs = x[n:n + 1, :length] if layout == 'NTC' else x[:length, n:n + 1]
        o, s = cell.unroll(length, xs, merge_outputs=True, layout=layout)
        got = outs[n:n + 1] if layout == 'NTC' else outs[:, n:n + 1]
        got = got.asnumpy()
        np.testing.assert_allclose(np.take(got, range(length), axis=t_axis), o.asnumpy(), rtol=1e-5, atol=1e-6)
        assert not np.take(got, range(length, 6), axis=t_axis).any()
        for full, single in zip(states, s):
            np.testing.assert_allclose(full[n:n + 1].asnumpy(), single.asnumpy(), rtol=1e-5, atol=1e-6)


def test_cell_gradient_of_inputs_and_states():
    cell = rnn.SequentialRNNCell()
    cell.add(rnn.LSTMCell(3, input_size=2))
    cell.add(rnn.GRUCell(2, input_size=3))
    cell.add(rnn.RNNCell(2, 'relu', input_size=2))
    cell.initialize()
    cell.cast('float64')
    _set_random(cell, -1, 1)
    x = rng.uniform(-1, 1, (2, 3, 2))
    states = [rng.uniform(-1, 1, i['shape']) for i in cell.state_info(2)]

    def fn(x, *states):
        out, new = cell.unroll(3, x, begin_state=list(states), merge_outputs=True)
        return [out] + list(new)

    check_gradient(fn, x, *states, rtol=1e-4, atol=1e-6)


def test_lstm_cell_matches_numpy_step():
    cell = rnn.LSTMCell(3, input_size=2)
    cell.initialize()
    _set_random(cell, -1, 1)
    x = rng.uniform(-1, 1, (4, 2))
    h, c = rng.uniform(-1, 1, (4, 3)), rng.uniform(-1, 1, (4, 3))
    out, (h1, c1) = cell(nd.array(x), [nd.array(h), nd.array(c)])
    g = (x @ cell.i2h_weight.data().asnumpy().T + cell.i2h_bias.data().asnumpy()
         + h @ cell.h2h_weight.data().asnumpy().T + cell.h2h_bias.data().asnumpy())
    i, f, gg, o = np.split(g, 4, axis=1)
    sig = lambda v: 1 / (1 + np.exp(-v))  # noqa: E731
    want_c = sig(f) * c + sig(i) * np.tanh(gg)
    np.testing.assert_allclose(c1.asnumpy(), want_c, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(out.asnumpy(), sig(o) * np.tanh(want_c), rtol=1e-5, atol=1e-6)
    assert h1 is out


def test_zoneout_outputs_keep_previous_values_at_random():
    cell = rnn.ZoneoutCell(rnn.GRUCell(3, input_size=2), zoneout_outputs=0.5, zoneout_states=0.0)
    cell.initialize()
    x = nd.array(rng.uniform(-1, 1, (200, 5, 2)))
    begin = [nd.array(rng.uniform(-1, 1, (200, 3)))]
    with autograd.train_mode():
        outs, states = cell.unroll(5, x, begin_state=begin, merge_outputs=True)
    cell.base_cell._modified = False
    plain, plain_states = cell.base_cell.unroll(5, x, begin_state=begin, merge_outputs=True)
    # states are not zoned out, so they follow the plain GRU; each output is the GRU's or the previous one
    np.testing.assert_allclose(states[0].asnumpy(), plain_states[0].asnumpy(), rtol=1e-6)
    y, o = outs.asnumpy(), plain.asnumpy()
    prev = np.zeros_like(y[:, 0])
    zoned = []
    for t in range(5):
        fresh = np.isclose(y[:, t], o[:, t], rtol=0, atol=1e-7)
        kept = y[:, t] == prev
        assert (fresh | kept).all()
        zoned.append((kept & ~fresh).mean())
        prev = y[:, t]
    assert 0.4 < np.mean(zoned) < 0.6
    cell.base_cell._modified = True
    outs, _ = cell.unroll(5, x, begin_state=begin, merge_outputs=True)   # predict mode: plain GRU
    np.testing.assert_array_equal(outs.asnumpy(), o)


def test_dropout_cell_in_training():
    cell = rnn.DropoutCell(0.5)
    x = nd.ones((50, 4, 20))
    with autograd.train_mode():
        out, states = cell.unroll(4, x, merge_outputs=True)
    values = np.unique(out.asnumpy())
    assert set(values) == {0.0, 2.0} and states == []
    assert 0.4 < (out.asnumpy() == 0).mean() < 0.6
    np.testing.assert_array_equal(cell.unroll(4, x, merge_outputs=True)[0].asnumpy(), x.asnumpy())


def test_cell_bad_input():
    cell = rnn.GRUCell(3, input_size=2)
    cell.initialize()
    with pytest.raises(mx.MXNetError, match='GRUCell'):
        cell(nd.ones((2, 5)), cell.begin_state(batch_size=2))
    with pytest.raises(mx.MXNetError, match='GRUCell'):
        cell(nd.ones((2, 2)), [nd.zeros((3, 3))])
    out, _ = cell(nd.ones((2, 2)), cell.begin_state(batch_size=2))   # still usable
    assert out.shape == (2, 3)
    with pytest.raises(AssertionError, match='rate must be a number'):
        rnn.DropoutCell('0.5')
    with pytest.raises(NotImplementedError, match='unroll'):
        rnn.BidirectionalCell(rnn.GRUCell(2), rnn.GRUCell(2))(nd.ones((1, 2)), [])
    base = rnn.LSTMCell(2)
    rnn.ResidualCell(base)
    with pytest.raises(AssertionError, match='already modified'):
        rnn.ZoneoutCell(base)
    with pytest.raises(AssertionError, match='modifier cell'):
        base.begin_state(batch_size=1)


# ---- contexts and structure ------------------------------------------------------------------------------
_CELL_KINDS = {
    'rnn_tanh': lambda: rnn.RNNCell(3, input_size=2),
    'rnn_relu': lambda: rnn.RNNCell(3, 'relu', input_size=2),
    'rnn_softsign': lambda: rnn.RNNCell(3, 'softsign', input_size=2),
    'lstm': lambda: rnn.LSTMCell(3, input_size=2),
    'lstm_tanh_gates': lambda: rnn.LSTMCell(3, input_size=2, recurrent_activation='tanh'),
    'gru': lambda: rnn.GRUCell(3, input_size=2),
}
_LAYER_KINDS = {
    'rnn_relu': lambda: rnn.RNN(3, input_size=2),
    'rnn_tanh_bidirectional': lambda: rnn.RNN(3, 2, 'tanh', bidirectional=True, input_size=2),
    'lstm_ntc': lambda: rnn.LSTM(3, 2, layout='NTC', input_size=2),
    'lstm_projection': lambda: rnn.LSTM(3, projection_size=2, input_size=2),
    'lstm_clipped': lambda: rnn.LSTM(3, input_size=2, state_clip_min=-0.5, state_clip_max=0.5),
    'gru_lengths': lambda: rnn.GRU(3, input_size=2, use_sequence_length=True),
}


@pytest.mark.parametrize('kind', sorted(_CELL_KINDS))
def test_cell_results_keep_the_cpu1_context(kind):
    cpu1 = mx.cpu(1)
    cell = _CELL_KINDS[kind]()
    cell.initialize(ctx=cpu1)
    x = nd.array(rng.uniform(-1, 1, (4, 2)), ctx=cpu1)
    out, states = cell(x, cell.begin_state(batch_size=4, ctx=cpu1))
    assert [a.context for a in [out] + states] == [cpu1] * (1 + len(states))
    outs, states = cell.unroll(3, nd.array(rng.uniform(-1, 1, (4, 3, 2)), ctx=cpu1), merge_outputs=True,
                               valid_length=nd.array([3, 1, 2, 3], ctx=cpu1))
    assert [a.context for a in [outs] + states] == [cpu1] * (1 + len(states))


@pytest.mark.parametrize('kind', sorted(_LAYER_KINDS))
def test_layer_results_keep_the_cpu1_context(kind):
    cpu1 = mx.cpu(1)
    layer = _LAYER_KINDS[kind]()
    layer.initialize(ctx=cpu1)
    x = nd.array(rng.uniform(-1, 1, (4, 3, 2)), ctx=cpu1)
    extra = [nd.array([4, 1, 2], ctx=cpu1)] if layer._use_sequence_length else []
    assert layer(x, None, *extra).context == cpu1
    out, states = layer(x, layer.begin_state(x.shape[layer._layout.find('N')], ctx=cpu1), *extra)
    assert [a.context for a in [out] + states] == [cpu1] * (1 + len(states))


class _RecordingF:
    """An F for hybrid_forward that notes the operators it is asked for (and hands out mx.nd's)."""

    def __init__(self, namespace=nd, calls=None, path=''):
        self._namespace, self.calls, self._path = namespace, [] if calls is None else calls, path

    def __getattr__(self, name):
        found = getattr(self._namespace, name)
        if name in ('_internal', 'contrib', 'random', 'linalg'):
            return _RecordingF(found, self.calls, self._path + name + '.')
        self.calls.append(self._path + name)
        return found


@pytest.mark.parametrize('kind', sorted(_CELL_KINDS))
def test_cell_steps_compute_through_F(kind):
    cell = _CELL_KINDS[kind]()
    cell.initialize()
    F = _RecordingF()
    params = {name: p.data() for name, p in cell._reg_params.items()}
    out, states = cell.hybrid_forward(F, nd.ones((4, 2)), cell.begin_state(batch_size=4), **params)
    fused = {'rnn_tanh': '_internal._rnn_cell_step', 'rnn_relu': '_internal._rnn_cell_step',
             'lstm': '_internal._lstm_cell_step', 'gru': '_internal._gru_cell_step'}.get(kind)
    assert F.calls == [fused] if fused else 'FullyConnected' in F.calls
    want, _ = cell(nd.ones((4, 2)), cell.begin_state(batch_size=4))
    np.testing.assert_array_equal(out.asnumpy(), want.asnumpy())


@pytest.mark.parametrize('kind', sorted(_LAYER_KINDS))
def test_layers_compute_through_F(kind):
    layer = _LAYER_KINDS[kind]()
    layer.initialize()
    x = nd.ones((4, 3, 2))
    states = layer.begin_state(x.shape[layer._layout.find('N')])
    lengths = [nd.array([4, 1, 2])] if layer._use_sequence_length else []
    want, _ = layer(x, states, *lengths)          # (which also asks for the states from hybrid_forward)
    F = _RecordingF()
    params = {name: p.data() for name, p in layer._reg_params.items()}
    out, _ = layer.hybrid_forward(F, x, states, *lengths, **params)
    assert F.calls == ['_internal._rnn_layer']
    np.testing.assert_array_equal(out.asnumpy(), want.asnumpy())


_CHECKS_UNDER_O = r'''
import mxtorch as mx
from mxtorch import nd
from mxtorch.gluon import rnn, contrib

def attempt(what, fn):
    try:
        fn()
        print(what, 'no error')
    except Exception as e:
        print(what, type(e).__name__, str(e).replace('\n', ' '))

cell = rnn.GRUCell(2)
attempt('no_inputs', lambda: cell.unroll(3, None))
attempt('length_array', lambda: cell.unroll(3, nd.ones((2, 4, 2))))
attempt('length_list', lambda: cell.unroll(3, [nd.ones((2, 2))] * 2))
wrapped = rnn.LSTMCell(2)
rnn.ResidualCell(wrapped)
attempt('wrapped_begin_state', lambda: wrapped.begin_state(batch_size=1))
attempt('wrapped_twice', lambda: rnn.ZoneoutCell(wrapped))
stack = rnn.HybridSequentialRNNCell()
stack.add(rnn.GRUCell(2))
rnn.ResidualCell(stack)
attempt('wrapped_stack_begin_state', lambda: stack.begin_state(batch_size=1))
inner = rnn.ResidualCell(rnn.GRUCell(2))
rnn.ZoneoutCell(inner)
attempt('wrapped_modifier_begin_state', lambda: inner.begin_state(batch_size=1))
bi = rnn.BidirectionalCell(rnn.GRUCell(2), rnn.GRUCell(2))
rnn.ResidualCell(bi)
attempt('wrapped_bidirectional_begin_state', lambda: bi.begin_state(batch_size=1))
attempt('zoneout_bidirectional', lambda: rnn.ZoneoutCell(rnn.BidirectionalCell(rnn.GRUCell(2), rnn.GRUCell(2))))
bistack = rnn.SequentialRNNCell()
bistack.add(rnn.BidirectionalCell(rnn.GRUCell(2), rnn.GRUCell(2)))
attempt('step_bidirectional_stack', lambda: bistack(nd.ones((1, 2)), []))
attempt('dropout_rate', lambda: rnn.DropoutCell('0.5'))
attempt('layer_layout', lambda: rnn.LSTM(3, layout='CNT'))
attempt('unfuse_projection', lambda: rnn.LSTM(3, projection_size=2)._unfuse())
attempt('unfuse_clip', lambda: rnn.LSTM(3, state_clip_min=-1, state_clip_max=1)._unfuse())
attempt('vardrop_bidirectional', lambda: contrib.rnn.VariationalDropoutCell(
    rnn.BidirectionalCell(rnn.GRUCell(2), rnn.GRUCell(2)), drop_states=0.5))
attempt('vardrop_bidirectional_stack', lambda: contrib.rnn.VariationalDropoutCell(bistack, drop_states=0.5))
attempt('conv_settings', lambda: contrib.rnn.Conv3DRNNCell((2, 5, 5, 5), 2, (3, 3), 3))
attempt('conv_even_kernel', lambda: contrib.rnn.Conv2DGRUCell((2, 5, 5), 2, 3, (3, 2)))
'''


def test_user_input_checks_hold_under_python_O():
    import subprocess
    import sys
    result = subprocess.run([sys.executable, '-O', '-c', _CHECKS_UNDER_O], capture_output=True, text=True,
                            timeout=300)
    assert result.returncode == 0, result.stderr
    got = dict(line.split(' ', 1) for line in result.stdout.splitlines())
    want = {
        'no_inputs': 'inputs=None',
        'length_array': 'length is 3 but the inputs have 4 time steps',
        'length_list': 'length is 3 but the inputs have 2 time steps',
        'wrapped_begin_state': 'Call the modifier cell instead',
        'wrapped_twice': 'is already modified',
        'wrapped_stack_begin_state': 'Call the modifier cell instead',
        'wrapped_modifier_begin_state': 'Call the modifier cell instead',
        'wrapped_bidirectional_begin_state': 'Call the modifier cell instead',
        'zoneout_bidirectional': "BidirectionalCell doesn't support zoneout",
        'step_bidirectional_stack': 'cannot be stepped',
        'dropout_rate': "rate must be a number, got '0.5'",
        'layer_layout': 'Invalid layout CNT',
        'unfuse_projection': 'does not support projection',
        'unfuse_clip': 'does not support state clipping',
        'vardrop_bidirectional': "BidirectionalCell doesn't support variational state dropout",
        'vardrop_bidirectional_stack': "Bidirectional SequentialRNNCell doesn't support variational state dropout",
        'conv_settings': 'For 3D convolution, the convolution settings can only be either int or list/tuple of '
                         'length 3',
        'conv_even_kernel': 'Only support odd number, get h2h_kernel= (3, 2)',
    }
    assert sorted(got) == sorted(want)
    for what, words in want.items():
        assert got[what].startswith('AssertionError ') and words in got[what], (what, got[what])


@pytest.mark.parametrize('layout', ['TNC', 'NTC'])
def test_layer_inside_hybridized_block_traces_with_deferred_width(layout):
    # inside a hybridized block the layer sees Symbols: zero begin states and the first layer's input
    # width come from the traced graph (MXNet's test_rnn_layers_fp32 does this)
    net = gluon.nn.HybridSequential()
    net.add(rnn.LSTM(5, bidirectional=True, layout=layout), gluon.nn.Dense(3))
    net.initialize()
    x = nd.array(np.random.RandomState(0).rand(4, 2, 6))
    want = net(x).asnumpy()
    net.hybridize()
    got = net(x).asnumpy()
    assert net[0].l0_i2h_weight.shape == (20, 6)
    np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-6)
