"""The optimizer update operators (mx.nd.*_update, mx.nd.contrib.*_update): which inputs they change
(states in place, the weight only through out=, the gradient never), formulas against numpy where MXNet
gives no answer (dense group_adagrad_update, multi-weight calls without out=), and bad input, which must
raise before anything changes. Values against MXNet are in tests/golden/update_ops_cases.py."""
import numpy as np
import pytest

import mxtorch as mx
from mxtorch import autograd, nd
from mxtorch.base import MXNetError

RNG = np.random.RandomState(7)
SHAPE = (3, 4)


def _arrays(n, dtype='float32', positive=()):
    out = []
    for k in range(n):
        a = RNG.uniform(-1, 1, SHAPE)
        if k in positive:
            a = np.abs(a) + 0.1
        out.append(nd.array(a, dtype=dtype))
    return out


# op, number of array inputs, inputs it updates in place (besides out), keyword arguments, states that must
# stay positive (variances)
OPS = [
    (nd.sgd_update, 2, [], dict(lr=0.1, wd=0.01, rescale_grad=0.5, clip_gradient=0.3), ()),
    (nd.sgd_mom_update, 3, [2], dict(lr=0.1, momentum=0.9, wd=0.01, clip_gradient=0.3), ()),
    (nd.nag_mom_update, 3, [2], dict(lr=0.1, momentum=0.9, wd=0.01), ()),
    (nd.signsgd_update, 2, [], dict(lr=0.1, wd=0.01), ()),
    (nd.signum_update, 3, [2], dict(lr=0.1, momentum=0.9, wd=0.01, wd_lh=0.01), ()),
    (nd.adam_update, 4, [2, 3], dict(lr=0.1, wd=0.01, clip_gradient=0.5), (3,)),
    (nd.ftml_update, 5, [2, 3, 4], dict(lr=0.1, t=2, wd=0.01, clip_grad=0.5), (3,)),
    (nd.rmsprop_update, 3, [2], dict(lr=0.1, wd=0.01, clip_weights=0.9), (2,)),
    (nd.rmspropalex_update, 5, [2, 3, 4], dict(lr=0.1, wd=0.01), (2,)),
    (nd.ftrl_update, 4, [2, 3], dict(lr=0.1, wd=0.01), (3,)),
    (nd.lamb_update_phase1, 4, [2, 3], dict(t=1, wd=0.01), (3,)),
    (nd.contrib.adamw_update, 4, [2, 3], dict(rescale_grad=0.5, lr=0.1, eta=1.0, wd=0.01), (3,)),
]
OP_IDS = [op[0].__name__ for op in OPS]


@pytest.mark.parametrize('op,n,mutated,kwargs,positive', OPS, ids=OP_IDS)
@pytest.mark.parametrize('into', ['weight', 'new', 'other'])
def test_which_inputs_change(op, n, mutated, kwargs, positive, into):
    arrays = _arrays(n, positive=positive)
    before = [a.asnumpy().copy() for a in arrays]
    other = nd.zeros(SHAPE)
    out = {'weight': arrays[0], 'new': None, 'other': other}[into]
    result = op(*arrays, out=out, **kwargs)
    if out is not None:
        assert result is out
    else:
        assert isinstance(result, nd.NDArray) and result is not arrays[0]
    for k, (a, b) in enumerate(zip(arrays, before)):
        changed = not np.array_equal(a.asnumpy(), b)
        if k in mutated or (k == 0 and into == 'weight'):
            assert changed, '{}: input {} should change'.format(op.__name__, k)
        else:
            assert not changed, '{}: input {} should not change'.format(op.__name__, k)
    # the result is the same wherever it goes
    again = [nd.array(b) for b in before]
    ref = op(*again, **kwargs)
    np.testing.assert_allclose(result.asnumpy(), ref.asnumpy(), rtol=1e-6, atol=1e-7)


def test_gradient_never_changes_with_clipping_and_rescaling():
    # the kernels rescale and clip into new memory: the caller's gradient (here the one a Trainer would
    # pass) keeps its value, also for the mixed-precision forms
    w16, g16 = nd.array(RNG.randn(*SHAPE), dtype='float16'), nd.array(RNG.randn(*SHAPE) * 5, dtype='float16')
    w32, mom = w16.astype('float32'), nd.zeros(SHAPE)
    before = g16.asnumpy().copy()
    nd.mp_sgd_mom_update(w16, g16, mom, w32, lr=0.1, momentum=0.9, rescale_grad=0.5, clip_gradient=0.1, out=w16)
    nd.mp_nag_mom_update(w16, g16, mom, w32, lr=0.1, momentum=0.9, rescale_grad=0.5, clip_gradient=0.1, out=w16)
    np.testing.assert_array_equal(g16.asnumpy(), before)


def test_nag_weight_decay_reads_weight_it_was_given():
    # d = lr * (g + wd * weight); the momentum's decay term reads the new weight only when it went into
    # the weight itself (MXNet's operator writes the output before it updates the momentum)
    w, g, m = RNG.randn(*SHAPE), RNG.randn(*SHAPE), RNG.randn(*SHAPE)
    lr, mu, wd = 0.1, 0.9, 0.5
    m1 = mu * m
    new_w = w + mu * m1 - (1 + mu) * lr * (g + wd * w)
    for into, mom_decay_weight in (('weight', new_w), ('new', w)):
        wn, gn, mn = nd.array(w, dtype='float64'), nd.array(g, dtype='float64'), nd.array(m, dtype='float64')
        r = nd.nag_mom_update(wn, gn, mn, lr=lr, momentum=mu, wd=wd, out=wn if into == 'weight' else None)
        np.testing.assert_allclose(r.asnumpy(), new_w, rtol=1e-12)
        np.testing.assert_allclose(mn.asnumpy(), m1 - lr * (g + wd * mom_decay_weight), rtol=1e-12)


def test_group_adagrad_update_formula():
    # MXNet 1.9.1 runs this operator only on row_sparse gradients; dense ones give every row's update
    w, g = RNG.randn(4, 3), RNG.randn(4, 3) * 3
    h = np.abs(RNG.randn(4, 1))
    lr, scale, clip, eps = 0.1, 0.5, 0.6, 1e-5
    gc = np.clip(g * scale, -clip, clip)
    h_new = h + (gc ** 2).mean(axis=1, keepdims=True)
    want = w - lr * gc / np.sqrt(h_new + eps)
    wn, gn, hn = nd.array(w, dtype='float64'), nd.array(g, dtype='float64'), nd.array(h, dtype='float64')
    r = nd.contrib.group_adagrad_update(wn, gn, hn, lr=lr, rescale_grad=scale, clip_gradient=clip, out=wn)
    assert r is wn
    np.testing.assert_allclose(wn.asnumpy(), want, rtol=1e-12)
    np.testing.assert_allclose(hn.asnumpy(), h_new, rtol=1e-12)
    np.testing.assert_array_equal(gn.asnumpy(), g)
    # a history of shape (rows,) works the same
    wn, hn = nd.array(w, dtype='float64'), nd.array(h[:, 0], dtype='float64')
    r = nd.contrib.group_adagrad_update(wn, gn, hn, lr=lr, rescale_grad=scale, clip_gradient=clip)
    np.testing.assert_allclose(r.asnumpy(), want, rtol=1e-12)
    np.testing.assert_array_equal(wn.asnumpy(), w)


def test_multi_sgd_mom_update_formula_per_weight():
    # each weight gets its own rate and decay: mom = momentum * mom - lr * (wd * w + clip(scale * g))
    shapes = [(3, 2), (5,), (2, 2, 2)]
    ws = [RNG.randn(*s) for s in shapes]
    gs = [RNG.randn(*s) for s in shapes]
    ms = [RNG.randn(*s) for s in shapes]
    lrs, wds, mu, scale, clip = (0.1, 0.2, 0.05), (0.0, 0.01, 0.3), 0.8, 0.7, 0.5
    data, nds = [], []
    for w, g, m in zip(ws, gs, ms):
        trio = [nd.array(w, dtype='float64'), nd.array(g, dtype='float64'), nd.array(m, dtype='float64')]
        nds.append(trio)
        data += trio
    out = [t[0] for t in nds]
    r = nd.multi_sgd_mom_update(*data, lrs=lrs, wds=wds, momentum=mu, rescale_grad=scale, clip_gradient=clip,
                                num_weights=3, out=out)
    assert r is out
    for (wn, gn, mn), w, g, m, lr, wd in zip(nds, ws, gs, ms, lrs, wds):
        m_new = mu * m - lr * wd * w - lr * np.clip(scale * g, -clip, clip)
        np.testing.assert_allclose(mn.asnumpy(), m_new, rtol=1e-12)
        np.testing.assert_allclose(wn.asnumpy(), w + m_new, rtol=1e-12)
        np.testing.assert_array_equal(gn.asnumpy(), g)


def test_multi_update_without_out_returns_new_arrays():
    # (MXNet 1.9.1 fails to infer the output shapes of the multi_* operators without out=; mxtorch returns
    # new arrays: one NDArray for one weight, else a list)
    w0, g0, w1, g1 = nd.array([1., 2.]), nd.array([0.5, -1.]), nd.array([3.]), nd.array([2.])
    r = nd.multi_sgd_update(w0, g0, w1, g1, lrs=(0.1, 0.5), wds=(0, 0), num_weights=2)
    assert isinstance(r, list) and len(r) == 2
    np.testing.assert_allclose(r[0].asnumpy(), [0.95, 2.1], rtol=1e-6)
    np.testing.assert_allclose(r[1].asnumpy(), [2.0], rtol=1e-6)
    np.testing.assert_array_equal(w0.asnumpy(), [1., 2.])
    one = nd.multi_sgd_update(w0, g0, lrs=(0.1,), wds=(0,))
    assert isinstance(one, nd.NDArray)
    np.testing.assert_allclose(one.asnumpy(), [0.95, 2.1], rtol=1e-6)


def test_adamw_zero_or_nonfinite_rescale_skips_update():
    for scale in (0.0, float('inf'), float('nan'), nd.array([float('nan')])):
        w, g, m, v = _arrays(4, positive=(3,))
        before = [a.asnumpy().copy() for a in (w, g, m, v)]
        r = nd.contrib.adamw_update(w, g, m, v, rescale_grad=scale, lr=0.1, eta=1.0, wd=0.1, out=w)
        assert r is w
        for a, b in zip((w, g, m, v), before):
            np.testing.assert_array_equal(a.asnumpy(), b)


def test_mp_sgd_update_keeps_float16_result_and_float32_master():
    w16 = nd.array([1.0, -2.0, 0.5], dtype='float16')
    g16 = nd.array([0.25, 0.5, -1.0], dtype='float16')
    w32 = w16.astype('float32')
    r = nd.mp_sgd_update(w16, g16, w32, lr=0.001)
    assert r.dtype == np.float16 and w32.dtype == np.float32
    want = np.array([1.0, -2.0, 0.5]) - 0.001 * np.array([0.25, 0.5, -1.0])
    np.testing.assert_allclose(w32.asnumpy(), want, rtol=1e-7)
    np.testing.assert_allclose(r.asnumpy(), want.astype(np.float16), rtol=1e-3)
    np.testing.assert_array_equal(w16.asnumpy(), np.array([1.0, -2.0, 0.5], dtype=np.float16))


def test_update_inside_record_on_weights_with_gradients():
    w = nd.array([1.0, 2.0])
    w.attach_grad()
    mom = nd.zeros(2)
    with autograd.record():
        y = (w * w).sum()
    y.backward()
    nd.sgd_mom_update(w, w.grad, mom, lr=0.1, momentum=0.9, out=w)
    np.testing.assert_allclose(w.asnumpy(), [0.8, 1.6], rtol=1e-6)
    np.testing.assert_allclose(mom.asnumpy(), [-0.2, -0.4], rtol=1e-6)
    # while recording too (an update is not differentiated), into the weight or into a new array
    with autograd.record():
        r = nd.sgd_update(w, w.grad, lr=0.1)
        nd.sgd_update(w, w.grad, lr=0.1, out=w)
    np.testing.assert_allclose(r.asnumpy(), [0.6, 1.2], rtol=1e-6)
    np.testing.assert_allclose(w.asnumpy(), [0.6, 1.2], rtol=1e-6)


def test_result_keeps_context_label():
    w, g = nd.array([1.0, 2.0], ctx=mx.cpu(1)), nd.array([1.0, 1.0], ctx=mx.cpu(1))
    assert nd.sgd_update(w, g, lr=0.1).context == mx.cpu(1)


# ---- bad input: a clear error, nothing changed ----------------------------------------------------------
def _snapshot(arrays):
    return [a.asnumpy().copy() for a in arrays]


def _unchanged(arrays, snapshot):
    for a, b in zip(arrays, snapshot):
        np.testing.assert_array_equal(a.asnumpy(), b)


@pytest.mark.parametrize('call,error,words', [
    (lambda w, g, m: nd.sgd_mom_update(w, g, m), MXNetError, 'lr'),
    (lambda w, g, m: nd.sgd_mom_update(w, g, nd.zeros((2, 2)), lr=0.1), MXNetError, 'mom has shape'),
    (lambda w, g, m: nd.sgd_mom_update(w, g.astype('float64'), m, lr=0.1), MXNetError, 'grad must have dtype'),
    (lambda w, g, m: nd.sgd_mom_update(w, g.asnumpy(), m, lr=0.1), TypeError, 'grad must be an NDArray'),
    (lambda w, g, m: nd.sgd_mom_update(w, g, m, lr='fast'), MXNetError, 'lr'),
    (lambda w, g, m: nd.sgd_mom_update(w, g, m, lr=0.1, out=nd.zeros(SHAPE, dtype='float64')), MXNetError,
     'out has shape'),
    (lambda w, g, m: nd.adam_update(w, g, m, nd.zeros((4, 3)), lr=0.1), MXNetError, 'var has shape'),
    (lambda w, g, m: nd.ftml_update(w, g, m, m.copy(), m.copy(), lr=0.1), MXNetError, 't'),
    (lambda w, g, m: nd.multi_sgd_mom_update(w, g, m, w.copy(), g, nd.zeros(2), lrs=(.1, .1), wds=(0, 0),
                                             num_weights=2, out=[w, w]), MXNetError, 'mom[1] has shape'),
    (lambda w, g, m: nd.multi_sgd_mom_update(w, g, m, lrs=(.1, .1), wds=(0,), out=w), MXNetError, 'lrs'),
    (lambda w, g, m: nd.multi_sgd_mom_update(w, g, m, w, g, lrs=(.1, .1), wds=(0, 0), num_weights=2, out=[w, w]),
     MXNetError, 'input arrays'),
    (lambda w, g, m: nd.multi_sgd_mom_update(w, g, m, lrs=(.1,), wds=(0,), out=[w, w]), MXNetError, 'out has 2'),
    (lambda w, g, m: nd.mp_sgd_mom_update(w, g, m, m.astype('float16'), lr=0.1), MXNetError, 'weight32'),
    (lambda w, g, m: nd.lamb_update_phase2(w, g, nd.ones(2), nd.ones(1), lr=0.1), MXNetError, 'r1'),
    (lambda w, g, m: nd.contrib.group_adagrad_update(w, g, nd.zeros((2, 1)), lr=0.1), MXNetError, 'history'),
    (lambda w, g, m: nd.contrib.multi_lamb_update([w], [g], [m], [m], step_count=[1, 2], lrs=[0.1], wds=[0.0]),
     MXNetError, 'step_count'),
])
def test_bad_input_raises_before_any_change(call, error, words):
    w, g, m = _arrays(3)
    snap = _snapshot((w, g, m))
    with pytest.raises(error) as info:
        call(w, g, m)
    assert words in str(info.value)
    _unchanged((w, g, m), snap)


def test_integer_weights_are_refused():
    w, g = nd.array([1, 2], dtype='int32'), nd.array([1, 1], dtype='int32')
    with pytest.raises(MXNetError, match='int32'):
        nd.sgd_update(w, g, lr=0.1, out=w)
    np.testing.assert_array_equal(w.asnumpy(), [1, 2])


def test_optimizer_kernels_batch_weights_of_several_dtypes():
    # mx.optimizer hands the kernels all weights of a step at once: float16 and float64 weights in one call
    # update as they would one by one
    opt = mx.optimizer.SGD(learning_rate=0.1, momentum=0.9, wd=0.01)
    w = [nd.array([1.0, -2.0], dtype='float64'), nd.array([0.5, 0.25], dtype='float16')]
    g = [nd.array([0.5, 0.5], dtype='float64'), nd.array([-1.0, 2.0], dtype='float16')]
    states = [opt.create_state(i, x) for i, x in enumerate(w)]
    opt.update([0, 1], w, g, states)
    for x, gr, m in zip((np.array([1.0, -2.0]), np.array([0.5, 0.25])), (np.array([0.5, 0.5]),
                                                                          np.array([-1.0, 2.0])), states):
        mom = -0.1 * 0.01 * x - 0.1 * gr
        np.testing.assert_allclose(m.asnumpy(), mom, rtol=1e-3)
    np.testing.assert_allclose(w[0].asnumpy(), np.array([1.0, -2.0]) + states[0].asnumpy(), rtol=1e-12)
    assert w[1].dtype == np.float16
