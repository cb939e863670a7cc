"""The smaller operators of mx.nd and mx.nd.contrib against mathematics: numpy references, finite-difference
gradients, and what MXNet 1.9.1 cannot run on a CPU (fft, ifft, count_sketch, casts outside float32,
backward operators given their arrays). MXNet's answers are pinned in golden/contrib_ops_cases.py."""
import numpy as np
import pytest

from mxtorch import autograd, nd
from mxtorch.base import MXNetError
from numgrad import check_gradient

rng = np.random.RandomState(9)


def test_fft_and_ifft_match_numpy():
    x = rng.uniform(-1, 1, (3, 8))
    got = nd.contrib.fft(nd.array(x, dtype='float64')).asnumpy()
    spectrum = np.fft.fft(x, axis=-1)
    np.testing.assert_allclose(got[:, 0::2], spectrum.real, atol=1e-12)
    np.testing.assert_allclose(got[:, 1::2], spectrum.imag, atol=1e-12)
    # ifft is not divided by the length (as in MXNet): ifft(fft(x)) = d * x
    back = nd.contrib.ifft(nd.contrib.fft(nd.array(x, dtype='float64'))).asnumpy()
    np.testing.assert_allclose(back, 8 * x, atol=1e-10)
    four_d = rng.uniform(-1, 1, (2, 1, 3, 4))
    assert nd.contrib.fft(nd.array(four_d)).shape == (2, 1, 3, 8)


def test_count_sketch_adds_signed_columns():
    x = rng.uniform(-1, 1, (4, 6))
    h = rng.randint(0, 3, (1, 6))
    s = rng.choice([-1.0, 1.0], (1, 6))
    got = nd.contrib.count_sketch(nd.array(x), nd.array(h), nd.array(s), out_dim=3).asnumpy()
    want = np.zeros((4, 3))
    for i in range(6):
        want[:, h[0, i]] += x[:, i] * s[0, i]
    np.testing.assert_allclose(got, want, rtol=1e-6, atol=1e-7)


def test_spectral_and_sketch_gradients():
    check_gradient(lambda x: nd.contrib.fft(x), rng.uniform(-1, 1, (2, 5)))
    check_gradient(lambda x: nd.contrib.ifft(x), rng.uniform(-1, 1, (2, 6)))
    h, s = nd.array([[0, 2, 1, 2]]), nd.array([[1, -1, -1, 1]])
    check_gradient(lambda x: nd.contrib.count_sketch(x, h, s, out_dim=3), rng.uniform(-1, 1, (3, 4)))


def test_gradients_of_smaller_operators():
    x = rng.uniform(-1, 1, (3, 4))
    check_gradient(lambda x: nd.contrib.quadratic(x, a=0.7, b=-0.2, c=1), x)
    check_gradient(lambda x: nd.moments(x, axes=(0,))[1], x)
    check_gradient(lambda x: nd.moments(x, axes=(0, 1), keepdims=True)[0], x)
    check_gradient(lambda x: nd.cumsum(x, axis=1), x)
    check_gradient(lambda x: nd.contrib.div_sqrt_dim(x), x)
    qkv = rng.uniform(-1, 1, (3, 2, 2 * 3 * 2))
    check_gradient(lambda t: nd.contrib.interleaved_matmul_selfatt_qk(t, heads=2), qkv)
    att = rng.uniform(0, 1, (4, 3, 3))
    check_gradient(lambda t, a: nd.contrib.interleaved_matmul_selfatt_valatt(t, a, heads=2), qkv, att)
    q, kv = rng.uniform(-1, 1, (2, 2, 4)), rng.uniform(-1, 1, (3, 2, 8))
    check_gradient(lambda q, kv: nd.contrib.interleaved_matmul_encdec_qk(q, kv, heads=2), q, kv)
    check_gradient(lambda kv, a: nd.contrib.interleaved_matmul_encdec_valatt(kv, a, heads=2), kv,
                   rng.uniform(0, 1, (4, 2, 3)))


def test_hawkes_likelihood_and_its_gradients():
    lda = np.array([[1.5, 2.0], [1.0, 0.5]])
    alpha, beta = np.array([0.2, 0.3]), np.array([1.0, 2.0])
    state = np.array([[0.1, 0.0], [0.0, 0.3]])
    lags = np.array([[0.5, 0.7, 0.2], [0.3, 0.4, 1.2]])
    marks = nd.array([[0, 1, 0], [1, 1, 0]], dtype='int32')
    valid, tmax = nd.array([3, 2]), nd.array([3.0, 2.5])

    def loglik(lda, alpha, beta, state, lags):
        return nd.contrib.hawkesll(lda, alpha, beta, state, lags, marks, valid, tmax)[0]
    # the likelihood written out for the first sequence
    t, last, mem, ll = 0.0, np.zeros(2), state[0].copy(), 0.0
    for j in range(3):
        k = int(marks.asnumpy()[0, j])
        t += lags[0, j]
        d = t - last[k]
        ed = np.exp(-beta[k] * d)
        ll += np.log(lda[0, k] + alpha[k] * beta[k] * mem[k] * ed) - (lda[0, k] * d + alpha[k] * mem[k] * (1 - ed))
        mem[k] = 1 + mem[k] * ed
        last[k] = t
    d = 3.0 - last
    ll -= (lda[0] * d + alpha * mem * (1 - np.exp(-beta * d))).sum()
    got = loglik(*[nd.array(v, dtype='float64') for v in (lda, alpha, beta, state, lags)]).asnumpy()
    np.testing.assert_allclose(got[0], ll, rtol=1e-10)
    check_gradient(loglik, lda, alpha, beta, state, lags)


def _grads_of(fn, arrays, head):
    arrays = [nd.array(a, dtype='float64') for a in arrays]
    for a in arrays:
        a.attach_grad()
    with autograd.record():
        out = fn(*arrays)
    out.backward(nd.array(head, dtype='float64'))
    return [a.grad.asnumpy() for a in arrays]


def test_backward_operators_are_the_gradients_of_their_forward_operators():
    x, head = rng.uniform(-1, 1, (3, 2)), rng.uniform(-1, 1, (3, 2))
    want, = _grads_of(lambda x: nd.contrib.quadratic(x, a=0.5, b=2), [x], head)
    got = nd.contrib.backward_quadratic(nd.array(head, dtype='float64'), nd.array(x, dtype='float64'), a=0.5, b=2)
    np.testing.assert_allclose(got.asnumpy(), want)
    np.testing.assert_allclose(nd.contrib.backward_gradientmultiplier(nd.array(head), scalar=-2).asnumpy(),
                               -2 * head.astype(np.float32))
    old, new, index = rng.uniform(-1, 1, (4, 2)), rng.uniform(-1, 1, (2, 2)), nd.array([3, 1])
    head = rng.uniform(-1, 1, (4, 2))
    want_old, want_new = _grads_of(lambda o, n: nd.contrib.index_copy(o, index, n), [old, new], head)
    g_old, g_index, g_new = nd.contrib.backward_index_copy(nd.array(head, dtype='float64'), nd.array(old), index,
                                                           nd.array(new))
    np.testing.assert_allclose(g_old.asnumpy(), want_old)
    np.testing.assert_allclose(g_new.asnumpy(), want_new)
    assert (g_index.asnumpy() == 0).all()
    with pytest.raises(MXNetError, match='expects 2 inputs, but got 0'):
        nd.contrib.backward_quadratic(a=1)


def test_backward_hawkesll_gives_the_likelihood_gradients():
    args = [nd.array([[1.5, 2.0]]), nd.array([0.2, 0.3]), nd.array([1.0, 2.0]), nd.array([[0.1, 0.0]]),
            nd.array([[0.5, 0.7]]), nd.array([[0, 1]], dtype='int32'), nd.array([2]), nd.array([3.0])]
    floats = [args[i] for i in (0, 1, 2)]
    for a in floats:
        a.attach_grad()
    with autograd.record():
        ll, _ = nd.contrib.hawkesll(*args)
    ll.backward(nd.array([0.7]))
    grads = nd.contrib.backward_hawkesll(nd.array([0.7]), nd.zeros((1, 2)), *args)
    assert len(grads) == 8
    for a, g in zip(floats, grads[:3]):
        np.testing.assert_allclose(g.asnumpy(), a.grad.asnumpy(), rtol=1e-5)


def test_casts_beyond_float32():
    x = nd.array([1.5, -2.25], dtype='float64')
    x.attach_grad()
    with autograd.record():
        y = nd.amp_cast(x, dtype='float16')
    y.backward()
    assert y.dtype == np.float16 and x.grad.dtype == np.float64
    np.testing.assert_allclose(x.grad.asnumpy(), 1)
    a, b = nd.amp_multicast(nd.array([1.5], dtype='float16'), nd.array([2.], dtype='float64'), num_outputs=2)
    assert (a.dtype, b.dtype) == (np.float64, np.float64)
    a, b = nd.amp_multicast(nd.array([1.5], dtype='float16'), nd.array([2.], dtype='float64'), num_outputs=2,
                            cast_narrow=True)
    assert (a.dtype, b.dtype) == (np.float16, np.float16)


def test_sparse_embedding_gradient_is_dense():
    w = nd.arange(12).reshape((4, 3))
    w.attach_grad()
    with autograd.record():
        out = nd.contrib.SparseEmbedding(nd.array([1, 3, 1]), w, input_dim=4, output_dim=3)
    out.backward()
    np.testing.assert_allclose(w.grad.asnumpy(), [[0, 0, 0], [2, 2, 2], [0, 0, 0], [1, 1, 1]])


def test_auxiliary_states_by_keyword():
    # MXNet takes these only inside symbolic graphs; mxtorch also by keyword, which is what mx.sym uses
    x = nd.array(rng.uniform(0.1, 0.9, (4, 3)))
    avg = nd.full((3,), 0.5)
    x.attach_grad()
    with autograd.record():
        y = nd.IdentityAttachKLSparseReg(x, sparseness_target=0.2, penalty=0.1, momentum=0.5, moving_avg=avg)
    y.backward()
    mean = 0.5 * 0.5 + 0.5 * x.asnumpy().mean(0)
    np.testing.assert_allclose(avg.asnumpy(), mean, rtol=1e-6)
    np.testing.assert_allclose(x.grad.asnumpy(), 1 + 0.1 * (-0.2 / mean + 0.8 / (1 - mean)) + 0 * x.asnumpy(),
                               rtol=1e-5)
    data = nd.array(rng.uniform(-1, 1, (5, 2, 3)))
    mm, mv = nd.zeros(2), nd.ones(2)
    with autograd.record():
        out, mean, var = nd.BatchNorm_v1(data, nd.ones(2), nd.zeros(2), moving_mean=mm, moving_var=mv,
                                         output_mean_var=True)
    values = data.asnumpy().transpose(1, 0, 2).reshape(2, -1)
    np.testing.assert_allclose(mean.asnumpy(), values.mean(1), rtol=1e-5)
    np.testing.assert_allclose(var.asnumpy(), values.var(1), rtol=1e-5)
    with pytest.raises(MXNetError, match='expects 5 inputs'):
        nd.BatchNorm_v1(data, nd.ones(2), nd.zeros(2))
