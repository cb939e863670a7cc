"""gluon.contrib.rnn beyond the golden cases: the convolutional cells and LSTMPCell against numpy
(mathematics), channels-last layouts against channels-first ones (MXNet's CPU cannot run them), finite
differences, VariationalDropoutCell's masks in training, dynamic_unroll, and bad input."""
import numpy as np
import pytest

import mxtorch as mx
from mxtorch import autograd, gluon, nd
from numgrad import check_gradient

crnn = gluon.contrib.rnn
rnn = gluon.rnn
rng = np.random.RandomState(7)


def _set_random(block, low=-0.5, high=0.5):
    for p in block.collect_params().values():
        p.set_data(nd.array(rng.uniform(low, high, p.shape), dtype=p.dtype))


def _sig(v):
    return 1 / (1 + np.exp(-v))


def _np_conv1d(x, w, b, pad, dilate):
    """Stride-1 cross-correlation of x (N, C, W) with w (O, C, K), written out."""
    k = w.shape[2]
    xp = np.pad(x, ((0, 0), (0, 0), (pad, pad)))
    width = xp.shape[2] - dilate * (k - 1)
    out = np.zeros((x.shape[0], w.shape[0], width)) + b[None, :, None]
    for j in range(k):
        out += np.einsum('ncw,oc->now', xp[:, :, j * dilate:j * dilate + width], w[:, :, j])
    return out


def _weights(cell):
    return {n: getattr(cell, n).data().asnumpy().astype(np.float64)
            for n in ('i2h_weight', 'h2h_weight', 'i2h_bias', 'h2h_bias')}


# ---- one step against numpy ------------------------------------------------------------------------------
@pytest.mark.parametrize('kind', ['RNN', 'LSTM', 'GRU'])
def test_conv1d_cells_match_numpy_step(kind):
    cls = getattr(crnn, 'Conv1D{}Cell'.format(kind))
    cell = cls((2, 7), 3, 3, 3, i2h_pad=1, i2h_dilate=2, h2h_dilate=2)
    cell.initialize()
    _set_random(cell, -1, 1)
    # input width 7, padded by 1, dilated kernel spans 5: the state is 5 wide; h2h pads by 2
    x = rng.uniform(-1, 1, (4, 2, 7))
    states = [rng.uniform(-1, 1, i['shape']) for i in cell.state_info(4)]
    assert states[0].shape == (4, 3, 5)
    out, new = cell(nd.array(x), [nd.array(s) for s in states])
    w = _weights(cell)
    i2h = _np_conv1d(x, w['i2h_weight'], w['i2h_bias'], 1, 2)
    h2h = _np_conv1d(states[0], w['h2h_weight'], w['h2h_bias'], 2, 2)
    if kind == 'RNN':
        want = [np.tanh(i2h + h2h)]
    elif kind == 'LSTM':
        i, f, g, o = np.split(i2h + h2h, 4, axis=1)
        c = _sig(f) * states[1] + _sig(i) * np.tanh(g)
        want = [_sig(o) * np.tanh(c), c]
    else:
        ir, iz, inn = np.split(i2h, 3, axis=1)
        hr, hz, hn = np.split(h2h, 3, axis=1)
        r, z = _sig(ir + hr), _sig(iz + hz)
        want = [(1 - z) * np.tanh(inn + r * hn) + z * states[0]]
    np.testing.assert_allclose(out.asnumpy(), want[0], rtol=1e-5, atol=1e-5)
    assert len(new) == len(want)
    for got, exp in zip(new, want):
        np.testing.assert_allclose(got.asnumpy(), exp, rtol=1e-5, atol=1e-5)


def test_lstmp_cell_matches_numpy_step():
    cell = crnn.LSTMPCell(4, 3, input_size=2)
    cell.initialize()
    _set_random(cell, -1, 1)
    x = rng.uniform(-1, 1, (5, 2))
    r, c = rng.uniform(-1, 1, (5, 3)), rng.uniform(-1, 1, (5, 4))
    out, (r1, c1) = cell(nd.array(x), [nd.array(r), nd.array(c)])
    p = {k: v.data().asnumpy() for k, v in cell.collect_params().items()}
    g = (x @ p['lstmp0_i2h_weight'].T + p['lstmp0_i2h_bias'] + r @ p['lstmp0_h2h_weight'].T
         + p['lstmp0_h2h_bias'])
    i, f, gg, o = np.split(g, 4, axis=1)
    want_c = _sig(f) * c + _sig(i) * np.tanh(gg)
    want_r = (_sig(o) * np.tanh(want_c)) @ p['lstmp0_h2r_weight'].T
    np.testing.assert_allclose(c1.asnumpy(), want_c, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(out.asnumpy(), want_r, rtol=1e-5, atol=1e-6)
    assert r1 is out and out.shape == (5, 3)


# ---- channels-last layouts: the channels-first cell, transposed ----------------------------------------------
@pytest.mark.parametrize('cls,shape,layout', [
    (crnn.Conv2DRNNCell, (2, 4, 5), 'NHWC'),
    (crnn.Conv2DLSTMCell, (2, 4, 5), 'NHWC'),
    (crnn.Conv2DGRUCell, (3, 4, 4), 'NHWC'),
    (crnn.Conv3DLSTMCell, (2, 3, 4, 3), 'NDHWC'),
    (crnn.Conv3DGRUCell, (1, 3, 3, 4), 'NDHWC'),
])
def test_channels_last_equals_channels_first(cls, shape, layout):
    dims = len(shape) - 1
    first = cls(shape, 2, 3, 3, i2h_pad=(1,) + (0,) * (dims - 1), h2h_dilate=(2,) + (1,) * (dims - 1))
    last = cls(shape[1:] + shape[:1], 2, 3, 3, i2h_pad=(1,) + (0,) * (dims - 1),
               h2h_dilate=(2,) + (1,) * (dims - 1), conv_layout=layout)
    first.initialize()
    last.initialize()
    _set_random(first, -1, 1)
    to_last = (0,) + tuple(range(2, dims + 2)) + (1,)              # (N, C, ...) -> (N, ..., C)
    for name in ('i2h_weight', 'h2h_weight', 'i2h_bias', 'h2h_bias'):
        value = getattr(first, name).data()
        getattr(last, name).set_data(value.transpose(to_last) if value.ndim > 1 else value)
    x = rng.uniform(-1, 1, (2, 3) + shape)                         # NTC: batch, time, sample
    out_first, st_first = first.unroll(3, nd.array(x), merge_outputs=True)
    x_last = x.transpose((0, 1) + tuple(range(3, dims + 3)) + (2,))
    out_last, st_last = last.unroll(3, nd.array(x_last), merge_outputs=True)
    assert [i['shape'] for i in last.state_info(2)] == [s.shape for s in st_last]
    np.testing.assert_allclose(out_last.asnumpy(),
                               out_first.asnumpy().transpose((0, 1) + tuple(range(3, dims + 3)) + (2,)),
                               rtol=1e-5, atol=1e-6)
    for a, b in zip(st_last, st_first):
        np.testing.assert_allclose(a.asnumpy(), b.asnumpy().transpose(to_last), rtol=1e-5, atol=1e-6)


def test_channels_last_deferred_input_channels():
    cell = crnn.Conv2DLSTMCell((4, 5, 0), 2, 3, 3, conv_layout='NHWC')
    cell.initialize()
    out, states = cell(nd.ones((2, 4, 5, 3)), cell.begin_state(batch_size=2))
    assert cell.i2h_weight.shape == (8, 3, 3, 3)
    assert out.shape == (2, 2, 3, 2) and repr(cell) == 'Conv2DLSTMCell(3 -> 8, tanh, NHWC)'


# ---- finite differences ----------------------------------------------------------------------------------
def _step_twice(cell):
    """fn(x, *states, *weights): two steps of the cell's hybrid_forward, all inputs differentiable."""
    n_states = len(cell.state_info())

    def fn(x, *rest):
        states, weights = list(rest[:n_states]), rest[n_states:]
        kwargs = dict(zip(('i2h_weight', 'h2h_weight', 'i2h_bias', 'h2h_bias'), weights))
        if len(weights) == 5:   # LSTMP: h2r_weight after h2h_weight, as MXNet orders them
            kwargs = dict(zip(('i2h_weight', 'h2h_weight', 'h2r_weight', 'i2h_bias', 'h2h_bias'), weights))
        out, states = cell.hybrid_forward(nd, x, states, **kwargs)
        _, states = cell.hybrid_forward(nd, x * 0.5, states, **kwargs)
        return [out] + list(states)      # (the second output is states[0]: one head each)
    return fn


@pytest.mark.parametrize('make,x_shape', [
    (lambda: crnn.Conv1DRNNCell((2, 4), 2, 3, 3, i2h_pad=1), (2, 2, 4)),
    (lambda: crnn.Conv1DLSTMCell((2, 4), 1, 3, 3, h2h_dilate=2), (2, 2, 4)),
    (lambda: crnn.Conv1DGRUCell((1, 4), 2, 1, 3, activation='softsign'), (2, 1, 4)),
    (lambda: crnn.Conv2DGRUCell((1, 3, 3), 1, 3, 3, i2h_pad=1), (1, 1, 3, 3)),
    (lambda: crnn.Conv3DLSTMCell((1, 2, 2, 2), 1, 1, 3), (1, 1, 2, 2, 2)),
    (lambda: crnn.LSTMPCell(3, 2, input_size=2), (2, 2)),
])
def test_cell_gradients_match_finite_differences(make, x_shape):
    cell = make()
    cell.initialize()
    params = cell.collect_params()
    weights = [rng.uniform(-0.8, 0.8, p.shape) for p in params.values()]
    x = rng.uniform(-1, 1, x_shape)
    states = [rng.uniform(-1, 1, i['shape']) for i in cell.state_info(x_shape[0])]
    check_gradient(_step_twice(cell), x, *states, *weights, rtol=1e-4, atol=1e-6)


def test_unrolled_parameter_gradients_match_finite_differences():
    cell = crnn.Conv1DGRUCell((1, 3), 1, 3, 3, i2h_pad=1)
    cell.initialize()
    cell.cast('float64')
    _set_random(cell, -1, 1)
    x = nd.array(rng.uniform(-1, 1, (2, 3, 1, 3)), dtype='float64')
    weight = cell.h2h_weight

    begin = [nd.zeros((2, 1, 3), dtype='float64')]

    def loss(w):
        weight.set_data(w)
        out, _ = cell.unroll(3, x, begin_state=begin, merge_outputs=True)
        return out

    w0 = weight.data().copy()
    head = nd.array(rng.uniform(0.5, 1.5, (2, 3, 1, 3)), dtype='float64')
    with autograd.record():
        out, _ = cell.unroll(3, x, begin_state=begin, merge_outputs=True)
    out.backward(head)
    got = weight.grad().asnumpy()
    want = np.zeros_like(got)
    eps = 1e-5
    for idx in np.ndindex(*got.shape):
        plus, minus = w0.asnumpy(), w0.asnumpy()
        plus[idx] += eps
        minus[idx] -= eps
        diff = loss(nd.array(plus, dtype='float64')) - loss(nd.array(minus, dtype='float64'))
        want[idx] = float((diff * head).sum().asscalar()) / (2 * eps)
    np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-8)


# ---- VariationalDropoutCell in training ------------------------------------------------------------------
def test_vardrop_input_and_output_masks_are_shared_over_time():
    # DropoutCell(0) passes its inputs through, so the outputs show the masks
    cell = crnn.VariationalDropoutCell(rnn.DropoutCell(0.), drop_inputs=0.5, drop_outputs=0.5)
    x = nd.ones((300, 4, 6))
    with autograd.train_mode():
        out, states = cell.unroll(4, x, merge_outputs=True)
    y = out.asnumpy()
    assert set(np.unique(y)) <= {0., 2., 4.} and states == []
    for t in range(1, 4):
        np.testing.assert_array_equal(y[:, t], y[:, 0])          # one mask for all time steps
    kept = (y[:, 0] != 0).mean()
    assert 0.18 < kept < 0.32                                    # both masks keep an element: 1/4
    with autograd.train_mode():
        again, _ = cell.unroll(4, x, merge_outputs=True)
    assert not np.array_equal(again.asnumpy(), y)                # each unroll draws new masks


def test_vardrop_state_mask_applies_to_h_at_every_step():
    base = rnn.RNNCell(5, input_size=2)
    cell = crnn.VariationalDropoutCell(base, drop_states=0.5)
    cell.initialize()
    _set_random(cell, -1, 1)
    x = rng.uniform(-1, 1, (3, 4, 2))
    h0 = rng.uniform(-1, 1, (3, 5))
    with autograd.train_mode():
        out, states = cell.unroll(4, nd.array(x), begin_state=[nd.array(h0)], merge_outputs=True)
    mask = cell.drop_states_mask.asnumpy()
    assert mask.shape == (3, 5) and set(np.unique(mask)) <= {0., 2.}
    w = {k[len(base.prefix):]: v.data().asnumpy() for k, v in cell.collect_params().items()}
    h = h0
    for t in range(4):
        h = np.tanh(x[:, t] @ w['i2h_weight'].T + w['i2h_bias'] + (h * mask) @ w['h2h_weight'].T + w['h2h_bias'])
        np.testing.assert_allclose(out[:, t].asnumpy(), h, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(states[0].asnumpy(), h, rtol=1e-5, atol=1e-6)


def test_vardrop_step_keeps_masks_until_reset():
    cell = crnn.VariationalDropoutCell(rnn.DropoutCell(0.), drop_inputs=0.5)
    x = nd.ones((100, 8))
    with autograd.train_mode():
        a, _ = cell(x, [])
        b, _ = cell(x, [])
        mask = cell.drop_inputs_mask
        cell.reset()
        assert cell.drop_inputs_mask is None
        c, _ = cell(x, [])
    np.testing.assert_array_equal(a.asnumpy(), b.asnumpy())
    np.testing.assert_array_equal(a.asnumpy(), mask.asnumpy())
    assert not np.array_equal(a.asnumpy(), c.asnumpy())


def test_vardrop_gradient_flows_through_masks():
    cell = crnn.VariationalDropoutCell(rnn.DropoutCell(0.), drop_inputs=0.5)
    x = nd.ones((20, 3, 4))
    x.attach_grad()
    with autograd.record():
        out, _ = cell.unroll(3, x, merge_outputs=True)
    out.backward()
    np.testing.assert_array_equal(x.grad.asnumpy(), out.asnumpy())   # d(x * mask)/dx = mask


# ---- dynamic_unroll -------------------------------------------------------------------------------------
@pytest.mark.parametrize('layout', ['TNC', 'NTC'])
@pytest.mark.parametrize('make', [lambda: rnn.LSTMCell(3), lambda: crnn.LSTMPCell(4, 2),
                                  lambda: crnn.Conv1DGRUCell((2, 4), 2, 3, 3, i2h_pad=1)])
def test_dynamic_unroll_freezes_finished_sequences(make, layout):
    cell = make()
    cell.initialize()
    lengths = [4, 1, 3]
    sample = (2, 4) if isinstance(cell, crnn.Conv1DGRUCell) else (2,)
    shape = ((4, 3) if layout == 'TNC' else (3, 4)) + sample
    x = nd.array(rng.uniform(-1, 1, shape))
    begin = [nd.array(rng.uniform(-1, 1, i['shape'])) for i in cell.state_info(3)]
    outs, states = crnn.rnn_cell.dynamic_unroll(cell, x, begin, layout=layout, valid_length=nd.array(lengths))
    assert outs.shape[:2] == shape[:2]
    for n, length in enumerate(lengths):
        xs = x[:length, n:n + 1] if layout == 'TNC' else x[n:n + 1, :length]
        o, s = cell.unroll(length, xs, begin_state=[b[n:n + 1] for b in begin], layout=layout,
                           merge_outputs=True)
        got = outs[:, n:n + 1] if layout == 'TNC' else outs[n:n + 1]
        got = np.moveaxis(got.asnumpy(), layout.find('T'), 0)
        np.testing.assert_allclose(got[:length], np.moveaxis(o.asnumpy(), layout.find('T'), 0),
                                   rtol=1e-5, atol=1e-6)
        assert not got[length:].any()
        for full, single in zip(states, s):
            np.testing.assert_allclose(full[n:n + 1].asnumpy(), single.asnumpy(), rtol=1e-5, atol=1e-6)


def test_dynamic_unroll_input_dropout_shared_over_time():
    cell = rnn.DropoutCell(0.)
    x = nd.ones((200, 5, 3))
    with autograd.train_mode():
        outs, states = crnn.rnn_cell.dynamic_unroll(cell, x, [], drop_inputs=0.5, layout='NTC')
    y = outs.asnumpy()
    assert set(np.unique(y)) <= {0., 2.} and 0.4 < (y == 0).mean() < 0.6
    for t in range(1, 5):
        np.testing.assert_array_equal(y[:, t], y[:, 0])


# ---- hybridize, sharing, bad input ----------------------------------------------------------------------
def test_hybridized_conv_cell_gives_same_unroll():
    cell = crnn.Conv2DLSTMCell((2, 3, 3), 2, 3, 3, i2h_pad=1)
    cell.initialize()
    x = nd.array(rng.uniform(-1, 1, (2, 3, 2, 3, 3)))
    want, want_states = cell.unroll(3, x, merge_outputs=True)
    cell.hybridize()
    got, got_states = cell.unroll(3, x, merge_outputs=True)
    np.testing.assert_array_equal(got.asnumpy(), want.asnumpy())
    for a, b in zip(got_states, want_states):
        np.testing.assert_array_equal(a.asnumpy(), b.asnumpy())


def test_shared_parameters():
    a = crnn.Conv1DGRUCell((2, 5), 2, 3, 3, prefix='g_')
    b = crnn.Conv1DGRUCell((2, 5), 2, 3, 3, prefix='g_', params=a.collect_params())
    a.initialize()
    x = nd.array(rng.uniform(-1, 1, (2, 3, 2, 5)))
    np.testing.assert_array_equal(a.unroll(3, x, merge_outputs=True)[0].asnumpy(),
                                  b.unroll(3, x, merge_outputs=True)[0].asnumpy())
    p = crnn.LSTMPCell(3, 2, prefix='p_')
    q = crnn.LSTMPCell(3, 2, params=p.collect_params())
    assert q.h2r_weight is p.h2r_weight


def test_conv_cell_bad_input_leaves_cell_usable():
    cell = crnn.Conv1DLSTMCell((0, 5), 2, 3, 3)
    cell.initialize()
    with pytest.raises(ValueError, match=r'Deferred initialization failed.*Conv1DLSTMCell conv_lstm\d+: input of '
                                         r'shape \(2, 4, 5, 1\) must be 3-D'):
        cell(nd.ones((2, 4, 5, 1)), cell.begin_state(batch_size=2))       # 4-D input for a 1-D cell
    assert cell.i2h_weight.shape == (8, 0, 3)
    out, states = cell(nd.ones((2, 3, 5)), cell.begin_state(batch_size=2))
    assert cell.i2h_weight.shape == (8, 3, 3) and out.shape == (2, 2, 3)
    with pytest.raises(mx.MXNetError, match=r'Conv1DLSTMCell conv_lstm\d+: Convolution.*channels'):
        cell(nd.ones((2, 4, 5)), states)
    with pytest.raises(mx.MXNetError, match='Conv1DLSTMCell'):
        cell(nd.ones((2, 3, 5)), [states[0], nd.zeros((2, 2, 4))])
    out2, _ = cell(nd.ones((2, 3, 5)), states)
    assert out2.shape == (2, 2, 3)


def test_lstmp_bad_input_names_the_cell():
    cell = crnn.LSTMPCell(3, 2, input_size=4)
    cell.initialize()
    with pytest.raises(mx.MXNetError, match=r'LSTMPCell lstmp\d+: FullyConnected'):
        cell(nd.ones((2, 5)), cell.begin_state(batch_size=2))
    with pytest.raises(mx.MXNetError, match=r'LSTMPCell lstmp\d+'):
        cell(nd.ones((2, 4)), [nd.zeros((2, 3)), nd.zeros((2, 3))])
    out, _ = cell(nd.ones((2, 4)), cell.begin_state(batch_size=2))
    assert out.shape == (2, 2)


def test_bad_constructor_arguments():
    with pytest.raises(AssertionError, match='odd'):
        crnn.Conv2DGRUCell((2, 5, 5), 2, 3, (3, 2))
    with pytest.raises(AssertionError, match='For 3D convolution'):
        crnn.Conv3DRNNCell((2, 5, 5, 5), 2, (3, 3), 3)
    with pytest.raises(AssertionError, match='For 1D convolution'):
        crnn.Conv1DLSTMCell((2, 5), 2, 3, 3, h2h_dilate=(1, 1))
    bi = rnn.BidirectionalCell(rnn.GRUCell(2), rnn.GRUCell(2))
    with pytest.raises(AssertionError, match="BidirectionalCell doesn't support variational state dropout"):
        crnn.VariationalDropoutCell(bi, drop_states=0.5)
    assert not bi._modified                     # the failed wrap left the cell as it was
    stack = rnn.SequentialRNNCell()
    stack.add(rnn.BidirectionalCell(rnn.GRUCell(2), rnn.GRUCell(2)))
    with pytest.raises(AssertionError, match='Bidirectional SequentialRNNCell'):
        crnn.VariationalDropoutCell(stack, drop_states=0.5)
    assert not stack._modified
    nwc = crnn.Conv1DRNNCell((5, 2), 3, 3, 3, conv_layout='NWC')   # built, but Convolution has no NWC
    nwc.initialize()
    with pytest.raises(mx.MXNetError, match="invalid layout 'NWC'"):
        nwc(nd.ones((2, 5, 2)), nwc.begin_state(batch_size=2))


@pytest.mark.parametrize('make,x_shape', [
    (lambda: crnn.LSTMPCell(4, 2, input_size=3), (2, 3)),
    (lambda: crnn.Conv1DGRUCell((3, 5), 2, 3, 3), (2, 3, 5)),
    (lambda: crnn.Conv2DLSTMCell((3, 4, 4), 2, 3, 3), (2, 3, 4, 4)),
    (lambda: crnn.VariationalDropoutCell(rnn.LSTMCell(3, input_size=3), 0.5, 0.5, 0.5), (2, 3)),
])
def test_contrib_cells_keep_the_cpu1_context(make, x_shape):
    cpu1 = mx.cpu(1)
    cell = make()
    cell.initialize(ctx=cpu1)
    with autograd.train_mode():
        out, states = cell(nd.ones(x_shape, ctx=cpu1), cell.begin_state(batch_size=2, ctx=cpu1))
    assert [a.context for a in [out] + states] == [cpu1] * (1 + len(states))
