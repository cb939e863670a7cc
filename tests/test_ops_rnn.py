"""nd.RNN against mathematics: finite-difference gradients of data, packed parameters and states; a numpy
recurrence for what MXNet's CPU operator does not do (LSTM state clipping, sequence lengths); dropout
between layers; bad input. MXNet's own answers are pinned in golden/rnn_cases.py."""
import numpy as np
import pytest

import mxtorch as mx
import mxtorch.ndarray.ops.rnn  # noqa: F401  (registers nd.RNN until ndarray/ops/__init__.py imports it)
from mxtorch import autograd, nd
from numgrad import check_gradient

rng = np.random.RandomState(7)
GATES = {'rnn_relu': 1, 'rnn_tanh': 1, 'lstm': 4, 'gru': 3}


def _sigmoid(x):
    return 1 / (1 + np.exp(-x))


def packed_size(mode, L, I, H, dirs, P=None):
    ng, r = GATES[mode], P or H
    size, width = 0, I
    for _ in range(L):
        size += dirs * (ng * H * (width + r) + 2 * ng * H + (P * H if P else 0))
        width = r * dirs
    return size


def unpack(params, mode, L, I, H, dirs, P=None):
    """{(layer, direction): (wx, wh, wr or None, bx, bh)} read from the vector as MXNet documents it:
    all weights (per layer, per direction: i2h, h2h[, h2r]), then all biases (i2h, h2h)."""
    ng, r = GATES[mode], P or H
    pos = [0]

    def take(*shape):
        n = int(np.prod(shape))
        out = params[pos[0]:pos[0] + n].reshape(shape)
        pos[0] += n
        return out

    ws, width = {}, I
    for l in range(L):
        for d in range(dirs):
            ws[l, d] = [take(ng * H, width), take(ng * H, r), take(r, H) if P else None]
        width = r * dirs
    for l in range(L):
        for d in range(dirs):
            ws[l, d] += [take(ng * H), take(ng * H)]
    assert pos[0] == params.size
    return ws


def reference_rnn(mode, data, params, h0, c0, L, H, dirs, P=None, lengths=None, clip=None):
    """A plain numpy recurrence (float64): outputs (T, N, dirs*r), final h, final c."""
    T, N, I = data.shape
    ws = unpack(params, mode, L, I, H, dirs, P)
    lengths = np.full(N, T) if lengths is None else np.asarray(lengths)
    x = data
    hs, cs = [], []
    for l in range(L):
        outs = []
        for d in range(dirs):
            wx, wh, wr, bx, bh = ws[l, d]
            y = np.zeros((T, N, wh.shape[1]))
            hl, cl = [], []
            for n in range(N):
                h, c = h0[l * dirs + d, n].copy(), (c0[l * dirs + d, n].copy() if c0 is not None else None)
                steps = range(lengths[n]) if d == 0 else reversed(range(lengths[n]))
                for t in steps:
                    gi, gh = wx @ x[t, n] + bx, wh @ h + bh
                    if mode == 'lstm':
                        i, f, g, o = np.split(gi + gh, 4)
                        c = _sigmoid(f) * c + _sigmoid(i) * np.tanh(g)
                        if clip is not None:
                            c = np.clip(c, clip[0], clip[1])
                        h = _sigmoid(o) * np.tanh(c)
                        if wr is not None:
                            h = wr @ h
                    elif mode == 'gru':
                        r_, z = _sigmoid(gi[:H] + gh[:H]), _sigmoid(gi[H:2 * H] + gh[H:2 * H])
                        nn_ = np.tanh(gi[2 * H:] + r_ * gh[2 * H:])
                        h = (1 - z) * nn_ + z * h
                    elif mode == 'rnn_tanh':
                        h = np.tanh(gi + gh)
                    else:
                        h = np.maximum(gi + gh, 0)
                    y[t, n] = h
                hl.append(h)
                cl.append(c)
            outs.append(y)
            hs.append(np.stack(hl))
            cs.append(np.stack(cl) if mode == 'lstm' else None)
        x = np.concatenate(outs, axis=2)
    return x, np.stack(hs), (np.stack(cs) if mode == 'lstm' else None)


def _inputs(mode, T, N, I, H, L, dirs, P=None, dtype='float64'):
    data = rng.uniform(-1, 1, (T, N, I))
    params = rng.uniform(-0.6, 0.6, (packed_size(mode, L, I, H, dirs, P),))
    h0 = rng.uniform(-1, 1, (L * dirs, N, P or H))
    c0 = rng.uniform(-1, 1, (L * dirs, N, H)) if mode == 'lstm' else None
    return data, params, h0, c0


def _call(mode, data, params, h0, c0, L, H, dirs, P=None, dtype='float64', **kw):
    args = [nd.array(data, dtype=dtype), nd.array(params, dtype=dtype), nd.array(h0, dtype=dtype)]
    if c0 is not None:
        args.append(nd.array(c0, dtype=dtype))
    if P:
        kw['projection_size'] = P
    return nd.RNN(*args, state_size=H, num_layers=L, mode=mode, bidirectional=dirs == 2, state_outputs=True, **kw)


# ---- values against the numpy recurrence --------------------------------------------------------------
@pytest.mark.parametrize('mode,L,dirs,P', [('lstm', 1, 1, None), ('lstm', 2, 2, None), ('gru', 2, 2, None),
                                            ('rnn_tanh', 2, 1, None), ('rnn_relu', 1, 2, None),
                                            ('lstm', 2, 2, 2), ('lstm', 1, 1, 3)])
def test_rnn_matches_numpy_recurrence(mode, L, dirs, P):
    H = 3
    data, params, h0, c0 = _inputs(mode, 4, 3, 2, H, L, dirs, P)
    out = _call(mode, data, params, h0, c0, L, H, dirs, P)
    want = reference_rnn(mode, data, params, h0, c0, L, H, dirs, P)
    for got, w in zip(out, want):
        np.testing.assert_allclose(got.asnumpy(), w, rtol=1e-10, atol=1e-12)


@pytest.mark.parametrize('mode,dirs,P', [('lstm', 2, None), ('gru', 1, None), ('rnn_relu', 2, None),
                                         ('lstm', 2, 2)])
def test_sequence_length_matches_numpy_recurrence(mode, dirs, P):
    H, L = 3, 2
    data, params, h0, c0 = _inputs(mode, 5, 4, 2, H, L, dirs, P)
    lengths = [5, 2, 1, 4]
    out = _call(mode, data, params, h0, c0, L, H, dirs, P, use_sequence_length=True,
                sequence_length=nd.array(lengths))
    want = reference_rnn(mode, data, params, h0, c0, L, H, dirs, P, lengths=lengths)
    for got, w in zip(out, want):
        np.testing.assert_allclose(got.asnumpy(), w, rtol=1e-10, atol=1e-12)
    # padded outputs are zeros
    assert not out[0].asnumpy()[2:, 2].any()


def test_sequence_length_positional_for_gru():
    """Without a cell state, MXNet's fourth input is the lengths."""
    H = 3
    data, params, h0, _ = _inputs('gru', 3, 2, 2, H, 1, 1)
    args = [nd.array(data, dtype='float64'), nd.array(params, dtype='float64'), nd.array(h0, dtype='float64')]
    out = nd.RNN(*args, nd.array([1, 3]), state_size=H, num_layers=1, mode='gru', use_sequence_length=True,
                 state_outputs=True)
    want = reference_rnn('gru', data, params, h0, None, 1, H, 1, lengths=[1, 3])
    np.testing.assert_allclose(out[1].asnumpy(), want[1], rtol=1e-10)


@pytest.mark.parametrize('dirs,P,lengths', [(1, None, None), (2, None, [3, 1]), (2, 2, None), (1, 3, [2, 3])])
def test_lstm_state_clipping_matches_numpy(dirs, P, lengths):
    H, L = 3, 2
    data, params, h0, c0 = _inputs('lstm', 3, 2, 2, H, L, dirs, P)
    params *= 4   # large weights push cell states past the bounds
    c0 *= 3
    kw = dict(lstm_state_clip_min=-0.3, lstm_state_clip_max=0.5)
    if lengths:
        kw.update(use_sequence_length=True, sequence_length=nd.array(lengths))
    out = _call('lstm', data, params, h0, c0, L, H, dirs, P, **kw)
    want = reference_rnn('lstm', data, params, h0, c0, L, H, dirs, P, lengths=lengths, clip=(-0.3, 0.5))
    for got, w in zip(out, want):
        np.testing.assert_allclose(got.asnumpy(), w, rtol=1e-10, atol=1e-12)
    c = out[2].asnumpy()
    assert c.min() >= -0.3 and c.max() <= 0.5
    unclipped = reference_rnn('lstm', data, params, h0, c0, L, H, dirs, P, lengths=lengths)
    assert not np.allclose(unclipped[2], c)   # the bounds were reached


def test_lstm_state_clip_nan():
    H = 2
    data, params, h0, c0 = _inputs('lstm', 2, 1, 2, H, 1, 1)
    c0[0, 0, 0] = np.nan
    base = dict(lstm_state_clip_min=-0.5, lstm_state_clip_max=0.5)
    kept = _call('lstm', data, params, h0, c0, 1, H, 1, **base)[2].asnumpy()
    assert np.isnan(kept[0, 0, 0])          # NaN propagates by default
    stopped = _call('lstm', data, params, h0, c0, 1, H, 1, lstm_state_clip_nan=True, **base)[2].asnumpy()
    assert not np.isnan(stopped).any() and stopped.min() >= -0.5 and stopped.max() <= 0.5


def test_projection_as_wide_as_state():
    """A projection of the state's own width (torch's fused kernels cannot tell it apart)."""
    H = 3
    data, params, h0, c0 = _inputs('lstm', 3, 2, 2, H, 2, 2, P=H)
    out = _call('lstm', data, params, h0, c0, 2, H, 2, P=H)
    want = reference_rnn('lstm', data, params, h0, c0, 2, H, 2, P=H)
    for got, w in zip(out, want):
        np.testing.assert_allclose(got.asnumpy(), w, rtol=1e-10, atol=1e-12)


def test_float32_result_dtype_and_no_state_outputs():
    data, params, h0, c0 = _inputs('gru', 3, 2, 2, 3, 1, 1)
    out = nd.RNN(nd.array(data), nd.array(params), nd.array(h0), state_size=3, num_layers=1, mode='gru')
    assert isinstance(out, nd.NDArray) and out.dtype == np.float32 and out.shape == (3, 2, 3)
    want = reference_rnn('gru', data, params, h0, None, 1, 3, 1)[0]
    np.testing.assert_allclose(out.asnumpy(), want, rtol=1e-5, atol=1e-6)


# ---- gradients against finite differences ------------------------------------------------------------
@pytest.mark.parametrize('mode,L,dirs,P', [('lstm', 2, 2, None), ('gru', 2, 2, None), ('rnn_tanh', 2, 1, None),
                                            ('rnn_relu', 1, 2, None), ('lstm', 1, 2, 2)])
def test_rnn_gradient(mode, L, dirs, P):
    H = 2
    data, params, h0, c0 = _inputs(mode, 3, 2, 2, H, L, dirs, P)
    kw = dict(state_size=H, num_layers=L, mode=mode, bidirectional=dirs == 2, state_outputs=True)
    if P:
        kw['projection_size'] = P
    arrays = [data, params, h0] + ([c0] if c0 is not None else [])
    check_gradient(lambda *a: nd.RNN(*a, **kw), *arrays, rtol=1e-4, atol=1e-6)


def test_rnn_gradient_with_sequence_length():
    H = 2
    data, params, h0, c0 = _inputs('lstm', 4, 3, 2, H, 2, 2)
    lengths = nd.array([4, 1, 3], dtype='float64')
    kw = dict(state_size=H, num_layers=2, mode='lstm', bidirectional=True, state_outputs=True,
              use_sequence_length=True)
    check_gradient(lambda d, p, h, c: nd.RNN(d, p, h, c, lengths, **kw), data, params, h0, c0,
                   rtol=1e-4, atol=1e-6)


def test_rnn_gradient_with_state_clipping():
    H = 2
    data, params, h0, c0 = _inputs('lstm', 3, 2, 2, H, 1, 1)
    kw = dict(state_size=H, num_layers=1, mode='lstm', state_outputs=True, lstm_state_clip_min=-0.6,
              lstm_state_clip_max=0.6)
    # clipping is flat beyond the bounds: make sure some states are clipped and none sits on a bound
    with autograd.pause():
        c = nd.RNN(nd.array(data, dtype='float64'), nd.array(params * 3, dtype='float64'),
                   nd.array(h0, dtype='float64'), nd.array(c0, dtype='float64'), **kw)[2].asnumpy()
    assert np.isclose(np.abs(c), 0.6).any()
    check_gradient(lambda *a: nd.RNN(*a, **kw), data, params * 3, h0, c0, rtol=1e-4, atol=1e-6)


# ---- dropout between layers ---------------------------------------------------------------------------
def test_dropout_only_in_training():
    H = 4
    data, params, h0, _ = _inputs('rnn_tanh', 3, 5, 3, H, 2, 1)
    args = [nd.array(data), nd.array(params), nd.array(h0)]
    kw = dict(state_size=H, num_layers=2, mode='rnn_tanh')
    plain = nd.RNN(*args, **kw).asnumpy()
    np.testing.assert_allclose(nd.RNN(*args, p=0.5, **kw).asnumpy(), plain, rtol=1e-6)  # predict mode
    with autograd.train_mode():
        dropped = nd.RNN(*args, p=0.5, **kw).asnumpy()
        everything = nd.RNN(*args, p=1.0, **kw).asnumpy()
    assert not np.allclose(dropped, plain)
    # with every first-layer output dropped, the second layer sees zeros
    params2 = unpack(params, 'rnn_tanh', 2, 3, H, 1)
    _, wh, _, bx, bh = params2[1, 0]
    h = h0[1]
    for t in range(3):
        h = np.tanh(bx + h @ wh.T + bh)
        np.testing.assert_allclose(everything[t], h, rtol=1e-5, atol=1e-6)


# ---- bad input ------------------------------------------------------------------------------------------
def _raises(fn, match):
    with pytest.raises(mx.MXNetError, match=match):
        fn()


def test_bad_input_names_the_problem():
    x, p, h = nd.ones((2, 2, 3)), nd.ones((108,)), nd.zeros((1, 2, 4))
    kw = dict(state_size=4, num_layers=1)
    _raises(lambda: nd.RNN(x, nd.ones((5,)), h, mode='gru', **kw), r'parameters of shape \(5,\).*\(108,\)')
    _raises(lambda: nd.RNN(x, p, nd.zeros((2, 2, 4)), mode='gru', **kw), r'state of shape \(2, 2, 4\).*\(1, 2, 4\)')
    _raises(lambda: nd.RNN(x, p, h, mode='foo', **kw), r"mode 'foo'")
    _raises(lambda: nd.RNN(x, nd.ones((144,)), h, mode='lstm', **kw), 'state_cell')
    _raises(lambda: nd.RNN(x, nd.ones((144,)), h, nd.zeros((1, 3, 4)), mode='lstm', **kw),
            r'state_cell of shape \(1, 3, 4\)')
    _raises(lambda: nd.RNN(nd.ones((2, 3)), p, h, mode='gru', **kw), r'3-D.*\(2, 3\)')
    _raises(lambda: nd.RNN(x, p, h, mode='gru', p=1.5, **kw), 'p must be in')
    _raises(lambda: nd.RNN(x, p, h, mode='gru', state_size=4), 'num_layers')
    _raises(lambda: nd.RNN(x, p, h, mode='gru', projection_size=2, **kw), 'projection is only supported for LSTM')
    _raises(lambda: nd.RNN(x, p, h, mode='gru', lstm_state_clip_min=-1, lstm_state_clip_max=1, **kw),
            'only supported for LSTM')
    lstm_p = nd.ones((144,))
    _raises(lambda: nd.RNN(x, lstm_p, h, h, mode='lstm', lstm_state_clip_min=-1, **kw), 'together')
    _raises(lambda: nd.RNN(x, lstm_p, h, h, mode='lstm', lstm_state_clip_min=1, lstm_state_clip_max=-1, **kw),
            'greater or equal')
    _raises(lambda: nd.RNN(x, p, h, mode='gru', use_sequence_length=True, **kw), 'needs sequence_length')
    _raises(lambda: nd.RNN(x, p, h, mode='gru', sequence_length=nd.array([1, 2]), **kw),
            'without use_sequence_length')
    _raises(lambda: nd.RNN(x, p, h, mode='gru', use_sequence_length=True, sequence_length=nd.array([0, 2]), **kw),
            r'in \[1, 2\]')
    _raises(lambda: nd.RNN(x, p, h, mode='gru', use_sequence_length=True, sequence_length=nd.array([1, 2, 2]),
                           **kw), r'sequence_length must have shape \(2,\)')
    _raises(lambda: nd.RNN(x, p.astype('float64'), h, mode='gru', **kw), 'RNN')


def test_bad_input_leaves_inputs_unchanged():
    x, p, h = nd.ones((2, 2, 3)), nd.ones((108,)), nd.zeros((1, 2, 4))
    out = nd.ones((2, 2, 4))
    with pytest.raises(mx.MXNetError):
        nd.RNN(x, p, nd.zeros((2, 2, 4)), state_size=4, num_layers=1, mode='gru', out=out)
    assert (out.asnumpy() == 1).all() and (x.asnumpy() == 1).all() and (p.asnumpy() == 1).all()


# ---- the internal operators gluon.rnn computes through ------------------------------------------------
def _cell_weights(gates, I, H):
    return [rng.uniform(-1, 1, s) for s in ((gates * H, I), (gates * H, H), (gates * H,), (gates * H,))]


@pytest.mark.parametrize('activation', ['tanh', 'relu'])
def test_rnn_cell_step_matches_numpy(activation):
    x, h = rng.uniform(-1, 1, (4, 2, 3)), rng.uniform(-1, 1, (4, 5))   # a 3-D input is flattened
    wx, wh, bx, bh = _cell_weights(1, 6, 5)
    got = nd._internal._rnn_cell_step(*[nd.array(a, dtype='float64') for a in (x, h, wx, wh, bx, bh)],
                                      activation=activation)
    pre = x.reshape(4, 6) @ wx.T + bx + h @ wh.T + bh
    np.testing.assert_allclose(got.asnumpy(), np.tanh(pre) if activation == 'tanh' else np.maximum(pre, 0),
                               rtol=1e-12)


def test_lstm_and_gru_cell_steps_match_numpy():
    x, h, c = rng.uniform(-1, 1, (4, 3)), rng.uniform(-1, 1, (4, 2)), rng.uniform(-1, 1, (4, 2))
    wx, wh, bx, bh = _cell_weights(4, 3, 2)
    h1, c1 = nd._internal._lstm_cell_step(*[nd.array(a, dtype='float64') for a in (x, h, c, wx, wh, bx, bh)])
    i, f, g, o = np.split(x @ wx.T + bx + h @ wh.T + bh, 4, axis=1)
    want_c = _sigmoid(f) * c + _sigmoid(i) * np.tanh(g)
    np.testing.assert_allclose(c1.asnumpy(), want_c, rtol=1e-12)
    np.testing.assert_allclose(h1.asnumpy(), _sigmoid(o) * np.tanh(want_c), rtol=1e-12)

    wx, wh, bx, bh = _cell_weights(3, 3, 2)
    h1 = nd._internal._gru_cell_step(*[nd.array(a, dtype='float64') for a in (x, h, wx, wh, bx, bh)])
    a, b = x @ wx.T + bx, h @ wh.T + bh
    r, z = _sigmoid(a[:, :2] + b[:, :2]), _sigmoid(a[:, 2:4] + b[:, 2:4])
    n = np.tanh(a[:, 4:] + r * b[:, 4:])
    np.testing.assert_allclose(h1.asnumpy(), (1 - z) * n + z * h, rtol=1e-12)


@pytest.mark.parametrize('op,gates,states', [('_rnn_cell_step', 1, 1), ('_lstm_cell_step', 4, 2),
                                             ('_gru_cell_step', 3, 1)])
def test_cell_step_gradients(op, gates, states):
    step = getattr(nd._internal, op)
    arrays = [rng.uniform(-1, 1, (3, 2))] + [rng.uniform(-1, 1, (3, 2)) for _ in range(states)] + \
        _cell_weights(gates, 2, 2)
    check_gradient(lambda *a: step(*a), *arrays, rtol=1e-4, atol=1e-6)


@pytest.mark.parametrize('mode,bidirectional,P', [('lstm', True, None), ('gru', False, None),
                                                   ('rnn_relu', True, None), ('lstm', False, 2)])
def test_rnn_layer_operator_equals_packed_rnn_in_both_layouts(mode, bidirectional, P):
    L, H, dirs = 2, 3, 2 if bidirectional else 1
    data, params, h0, c0 = _inputs(mode, 4, 3, 2, H, L, dirs, P)
    want = reference_rnn(mode, data, params, h0, c0, L, H, dirs, P)
    weights = [nd.array(w) for w in _torch_order(params, mode, L, 2, H, dirs, P)]
    kw = dict(mode=mode, num_layers=L, bidirectional=bidirectional, projection_size=P)
    cell = nd.array(c0) if c0 is not None else None
    for layout in ('TNC', 'NTC'):
        x = data if layout == 'TNC' else data.swapaxes(0, 1)
        got = nd._internal._rnn_layer(nd.array(x), nd.array(h0), *weights, state_cell=cell, layout=layout, **kw)
        assert len(got) == (3 if mode == 'lstm' else 2)
        out = got[0].asnumpy() if layout == 'TNC' else got[0].asnumpy().swapaxes(0, 1)
        np.testing.assert_allclose(out, want[0], rtol=1e-5, atol=1e-6)
        for g, w in zip(got[1:], want[1:]):
            np.testing.assert_allclose(g.asnumpy(), w, rtol=1e-5, atol=1e-6)


def _torch_order(params, mode, L, I, H, dirs, P):
    """The packed vector's matrices and vectors per (layer, direction): wx, wh, bx, bh[, wr]."""
    ws = unpack(params, mode, L, I, H, dirs, P)
    order = []
    for l in range(L):
        for d in range(dirs):
            wx, wh, wr, bx, bh = ws[l, d]
            order += [wx, wh, bx, bh] + ([wr] if P else [])
    return order


def test_internal_operators_bad_input():
    x, h = nd.ones((2, 3)), nd.zeros((2, 4))
    with pytest.raises(mx.MXNetError, match="invalid activation 'sigmoid'"):
        nd._internal._rnn_cell_step(x, h, nd.ones((4, 3)), nd.ones((4, 4)), nd.ones((4,)), nd.ones((4,)),
                                    activation='sigmoid')
    with pytest.raises(mx.MXNetError, match='_gru_cell_step'):
        nd._internal._gru_cell_step(x, h, nd.ones((12, 5)), nd.ones((12, 4)), nd.ones((12,)), nd.ones((12,)))
    with pytest.raises(mx.MXNetError, match=r'input of shape \(2, 2, 3\).*\(12, 5\)'):
        nd._internal._rnn_layer(nd.ones((2, 2, 3)), nd.zeros((1, 2, 4)), nd.ones((12, 5)), nd.ones((12, 4)),
                                nd.ones((12,)), nd.ones((12,)), mode='gru', num_layers=1)
