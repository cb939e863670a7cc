"""mx.nd.random and the legacy samplers against mathematics: with fixed seeds, sample moments are within
statistical tolerance of each distribution's mean and variance, supports are respected, seeding repeats
results; density gradients against finite differences; bad input. Shapes, dtypes and MXNet's errors are
pinned in golden/random_cases.py."""
import math

import numpy as np
import pytest

import mxtorch as mx
from mxtorch import autograd, nd
from numgrad import check_gradient

N = 40000


def _check_moments(x, mean, var, what):
    """Sample mean within 5 standard errors, sample variance within 5% (plus a small absolute slack)."""
    x = np.asarray(x, dtype=np.float64)
    assert abs(x.mean() - mean) < 5 * math.sqrt(var / x.size) + 1e-9, '{}: mean {} vs {}'.format(what, x.mean(), mean)
    assert abs(x.var() - var) < 0.05 * var + 1e-3, '{}: variance {} vs {}'.format(what, x.var(), var)


# (mx.nd.random name, scalar parameters, mean, variance, integer-valued)
DISTRIBUTIONS = [
    ('uniform', dict(low=-1.0, high=3.0), 1.0, 16 / 12, False),
    ('normal', dict(loc=2.0, scale=0.5), 2.0, 0.25, False),
    ('exponential', dict(scale=2.0), 2.0, 4.0, False),
    ('gamma', dict(alpha=2.5, beta=0.8), 2.0, 1.6, False),
    ('gamma', dict(alpha=0.4, beta=2.0), 0.8, 1.6, False),
    ('poisson', dict(lam=3.5), 3.5, 3.5, True),
    ('poisson', dict(lam=30.0), 30.0, 30.0, True),
    ('negative_binomial', dict(k=3, p=0.4), 4.5, 11.25, True),
    ('generalized_negative_binomial', dict(mu=2.0, alpha=0.5), 2.0, 4.0, True),
    ('generalized_negative_binomial', dict(mu=2.0, alpha=0.0), 2.0, 2.0, True),
]


@pytest.mark.parametrize('name,params,mean,var,integer', DISTRIBUTIONS)
def test_scalar_samplers_moments_and_support(name, params, mean, var, integer):
    mx.random.seed(11)
    x = getattr(nd.random, name)(shape=(N,), **params)
    assert x.shape == (N,) and x.dtype == np.float32
    v = x.asnumpy()
    _check_moments(v, mean, var, name)
    if integer:
        assert (v >= 0).all() and (v == np.round(v)).all()
    if name in ('exponential', 'gamma'):
        assert (v > 0).all()
    if name == 'uniform':
        assert (v >= params['low']).all() and (v < params['high']).all()


@pytest.mark.parametrize('name,params,mean,var,integer', DISTRIBUTIONS)
def test_array_parameters_sample_per_element(name, params, mean, var, integer):
    # two distributions: the given one, and the same repeated in the second row (shape (2, n))
    mx.random.seed(12)
    arrays = {k: nd.array([v, v]) for k, v in params.items()}
    x = getattr(nd.random, name)(shape=N // 2, **arrays)
    assert x.shape == (2, N // 2)
    for row in x.asnumpy():
        _check_moments(row, mean, var, name + ' (array parameters)')


def test_array_parameters_differ_per_element():
    mx.random.seed(13)
    x = nd.random.normal(nd.array([[0., 10.], [-5., 3.]]), nd.array([[1., 0.1], [2., 1.]]), shape=(N // 4,))
    assert x.shape == (2, 2, N // 4)
    v = x.asnumpy()
    for (i, j), m, s in [((0, 0), 0, 1), ((0, 1), 10, 0.1), ((1, 0), -5, 2), ((1, 1), 3, 1)]:
        _check_moments(v[i, j], m, s * s, 'normal[{},{}]'.format(i, j))


def test_randint_support_and_moments():
    mx.random.seed(14)
    x = nd.random.randint(-3, 5, shape=(N,))
    assert x.dtype == np.int32
    v = x.asnumpy()
    assert v.min() == -3 and v.max() == 4
    _check_moments(v, 0.5, (8 ** 2 - 1) / 12, 'randint')
    assert nd.random.randint(0, 2, shape=(3,), dtype='int64').dtype == np.int64


def test_randn_is_standard_normal_by_default():
    mx.random.seed(15)
    x = nd.random.randn(200, 200)
    assert x.shape == (200, 200)
    _check_moments(x.asnumpy(), 0.0, 1.0, 'randn')


@pytest.mark.parametrize('dtype', ['float16', 'float64'])
def test_float_dtypes(dtype):
    for sampler in (nd.random.uniform, nd.random.normal, nd.random.gamma, nd.random.poisson, nd.random.exponential,
                    nd.random.negative_binomial, nd.random.generalized_negative_binomial):
        x = sampler(shape=(1000,), dtype=dtype)
        assert x.dtype == np.dtype(dtype), sampler.__name__
        assert np.isfinite(x.asnumpy()).all()


def test_seed_makes_every_sampler_repeatable():
    samplers = [
        lambda: nd.random.uniform(shape=(5,)), lambda: nd.random.normal(shape=(5,)),
        lambda: nd.random.randint(0, 100, shape=(5,)), lambda: nd.random.poisson(4, shape=(5,)),
        lambda: nd.random.gamma(2, 1, shape=(5,)), lambda: nd.random.exponential(shape=(5,)),
        lambda: nd.random.negative_binomial(2, 0.3, shape=(5,)),
        lambda: nd.random.generalized_negative_binomial(2, 0.3, shape=(5,)),
        lambda: nd.random.multinomial(nd.array([0.2, 0.3, 0.5]), shape=5),
        lambda: nd.random.shuffle(nd.arange(10)),
        lambda: nd.random.normal(nd.array([0., 1.]), nd.array([1., 2.]), shape=3),
        lambda: nd.sample_gamma(nd.array([1., 2.]), nd.array([1., 1.]), shape=3),
    ]
    for f in samplers:
        mx.random.seed(99)
        a = f().asnumpy()
        mx.random.seed(99)
        b = f().asnumpy()
        mx.random.seed(100)
        c = f().asnumpy()
        np.testing.assert_array_equal(a, b)
        assert a.shape == c.shape


def test_samples_follow_default_context_and_ctx():
    with mx.cpu(1):
        x = nd.random.uniform(shape=(2,))
        y = nd.random.randint(0, 3, shape=(2,))
        z = nd.random_normal(shape=(2,))
    assert x.context == mx.cpu(1) and y.context == mx.cpu(1) and z.context == mx.cpu(1)
    assert nd.random.normal(shape=(2,), ctx=mx.cpu(2)).context == mx.cpu(2)
    assert nd.random.normal(shape=(2,)).context == mx.cpu(0)


def test_multinomial_frequencies_and_batch():
    mx.random.seed(16)
    probs = np.array([[0.1, 0.2, 0.7], [0.5, 0.5, 0.0]])
    s = nd.random.multinomial(nd.array(probs), shape=N // 2)
    assert s.shape == (2, N // 2) and s.dtype == np.int32
    v = s.asnumpy()
    for i in range(2):
        freq = np.bincount(v[i], minlength=3) / v.shape[1]
        np.testing.assert_allclose(freq, probs[i], atol=0.015)
    assert (v[1] != 2).all()


def test_multinomial_log_probability_gradient():
    # d/dp sum(log p[sample]) = count / p at each category
    mx.random.seed(17)
    p = nd.array([[0.3, 0.7], [0.6, 0.4]], dtype='float64')
    p.attach_grad()
    with autograd.record():
        s, lp = nd.random.multinomial(p, shape=20, get_prob=True)
    lp.backward()
    counts = np.stack([np.bincount(row, minlength=2) for row in s.asnumpy()])
    np.testing.assert_allclose(p.grad.asnumpy(), counts / p.asnumpy())
    np.testing.assert_allclose(np.exp(lp.asnumpy()), np.take_along_axis(p.asnumpy(), s.asnumpy().astype(int), 1))


def test_shuffle_permutes_first_axis_and_keeps_input():
    mx.random.seed(18)
    x = nd.arange(40).reshape((20, 2))
    y = nd.random.shuffle(x)
    np.testing.assert_array_equal(x.asnumpy(), np.arange(40).reshape((20, 2)))
    rows = y.asnumpy()
    assert sorted(map(tuple, rows)) == sorted(map(tuple, x.asnumpy()))
    assert not (rows == x.asnumpy()).all()


def test_like_samplers_take_shape_dtype_and_device():
    data = nd.zeros((3, 4), dtype='float64')
    for f in (nd.random.uniform_like, nd.random.normal_like, nd.random.exponential_like, nd.random.gamma_like,
              nd.random.poisson_like, nd.random.negative_binomial_like, nd.random.generalized_negative_binomial_like):
        x = f(data)
        assert x.shape == (3, 4) and x.dtype == np.float64, f.__name__
    v = nd.random.uniform_like(nd.zeros((N,)), low=2, high=3).asnumpy()
    assert (v >= 2).all() and (v < 3).all()


def test_sampling_is_not_differentiated():
    # MXNet's samplers give their parameters zero gradients
    mu, sigma = nd.array([0., 1.]), nd.array([1., 2.])
    mu.attach_grad()
    sigma.attach_grad()
    with autograd.record():
        y = nd.random.normal(mu, sigma, shape=4)
        z = nd.sample_gamma(mu + 1, sigma, shape=2)
        total = y.sum() + z.sum()
    total.backward()
    np.testing.assert_array_equal(mu.grad.asnumpy(), [0, 0])
    np.testing.assert_array_equal(sigma.grad.asnumpy(), [0, 0])


# ---- densities -------------------------------------------------------------------------------------------
def test_pdf_values_against_formulas():
    x = np.array([[0.5, 1.5], [2.0, 0.25]])
    got = nd.random_pdf_normal(nd.array(x, dtype='float64'), nd.array([0., 1.], dtype='float64'),
                               nd.array([1., 2.], dtype='float64')).asnumpy()
    mu, s = np.array([[0.], [1.]]), np.array([[1.], [2.]])
    np.testing.assert_allclose(got, np.exp(-(x - mu) ** 2 / (2 * s * s)) / (np.sqrt(2 * np.pi) * s))
    k = np.array([[0, 1, 2], [3, 4, 5]], dtype=np.float64)
    lam = np.array([[1.5], [4.0]])
    got = nd.random_pdf_poisson(nd.array(k, dtype='float64'), nd.array([1.5, 4.0], dtype='float64')).asnumpy()
    fact = np.vectorize(math.factorial)(k.astype(int))
    np.testing.assert_allclose(got, lam ** k * np.exp(-lam) / fact)


@pytest.mark.parametrize('fn,params', [
    (lambda x, a, b: nd.random_pdf_normal(x, a, b), ([0.0, 1.0], [1.0, 2.0])),
    (lambda x, a, b: nd.random_pdf_normal(x, a, b, is_log=True), ([0.0, 1.0], [1.0, 2.0])),
    (lambda x, a, b: nd.random_pdf_gamma(x, a, b), ([1.5, 2.0], [1.0, 0.5])),
    (lambda x, a: nd.random_pdf_exponential(x, a, is_log=True), ([1.0, 2.0],)),
    (lambda x, a, b: nd.random_pdf_uniform(x, a, b), ([-1.0, 0.0], [3.0, 4.0])),
])
def test_pdf_gradients_of_continuous_densities(fn, params):
    check_gradient(fn, [[0.5, 1.5], [2.0, 0.25]], *params)


def test_pdf_dirichlet_gradient():
    check_gradient(lambda x, a: nd.random_pdf_dirichlet(x, a), [[0.2, 0.3, 0.5], [0.1, 0.1, 0.8]], [1.5, 2.0, 3.0])


@pytest.mark.parametrize('fn,params', [
    (lambda x, a: nd.random_pdf_poisson(x, a), ([1.0, 2.5],)),
    (lambda x, a, b: nd.random_pdf_negative_binomial(x, a, b), ([1.0, 2.5], [0.5, 0.3])),
    (lambda x, a, b: nd.random_pdf_generalized_negative_binomial(x, a, b, is_log=True), ([1.0, 2.5], [0.5, 0.3])),
])
def test_pdf_gradients_of_discrete_densities(fn, params):
    # counts are not differentiated (MXNet gives them zero gradient): check the parameters only
    counts = nd.array([[0, 1, 4], [2, 3, 0]], dtype='float64')
    check_gradient(lambda *p: fn(counts, *p), *params)
    x = counts.copy()
    x.attach_grad()
    with autograd.record():
        y = fn(x, *[nd.array(p, dtype='float64') for p in params])
    y.backward()
    np.testing.assert_array_equal(x.grad.asnumpy(), np.zeros((2, 3)))


# ---- bad input --------------------------------------------------------------------------------------------
@pytest.mark.parametrize('call,match', [
    (lambda: nd.random.uniform(2, 1, shape=3), 'uniform: low must be less than or equal to high.*low=2'),
    (lambda: nd.random.normal(0, -1, shape=3), 'normal: scale must be positive, got -1'),
    (lambda: nd.random.exponential(-2, shape=3), 'exponential: lam.*positive'),
    (lambda: nd.random.gamma(0, 1, shape=3), 'gamma: alpha must be positive'),
    (lambda: nd.random.gamma(1, -1, shape=3), 'gamma: beta must be positive'),
    (lambda: nd.random.poisson(-1, shape=3), 'poisson: lam must be non-negative'),
    (lambda: nd.random.negative_binomial(2.5, 0.5, shape=3), 'negative_binomial: parameter k must be an integer'),
    (lambda: nd.random.negative_binomial(2, 0, shape=3), 'negative_binomial: p must be positive'),
    (lambda: nd.random.generalized_negative_binomial(-1, 1, shape=3), 'mu must be non-negative'),
    (lambda: nd.random.randint(5, 5, shape=3), 'randint: high must be greater than low'),
    (lambda: nd.random.randint(0, 5, dtype='float32'), "randint: dtype 'float32' is not supported.*int32, int64"),
    (lambda: nd.random.uniform(shape=(2, 0)), r'uniform: shape \(2, 0\) must have positive dimensions'),
    (lambda: nd.random.uniform(dtype='int32'), "uniform: dtype 'int32' is not supported"),
    (lambda: nd.random.normal(nd.array([0, 1]), nd.array([1, 2, 3])), r'normal: .*same shape.*\(2,\).*\(3,\)'),
    (lambda: nd.random.multinomial(nd.array([1, 0], dtype='int32')), 'multinomial: .*floating-point.*int32'),
    (lambda: nd.random.multinomial(nd.array([0.5, 0.5]), dtype='int64'), "multinomial: dtype 'int64'"),
    (lambda: nd.random_uniform(), 'random_uniform: needs a shape'),
    (lambda: nd.sample_normal(nd.array([0., 1.])), 'sample_normal: expects 2 input array'),
    (lambda: nd.random_pdf_normal(nd.ones((2, 2)), nd.zeros(3), nd.ones(3)), r'random_pdf_normal:.*\(3,\).*\(2, 2\)'),
])
def test_bad_arguments_raise_clear_errors(call, match):
    with pytest.raises(mx.MXNetError, match=match):
        call()


def test_mixed_parameter_kinds_raise_like_mxnet():
    with pytest.raises(AssertionError, match='same type'):
        nd.random.normal(nd.array([0, 1]), 1)
    with pytest.raises(ValueError, match='NDArray or numbers'):
        nd.random.normal('a', 1)


def test_bad_out_leaves_it_unchanged():
    out = nd.full((3,), 7.0)
    for call in (lambda: nd.random.uniform(2, 1, out=out), lambda: nd.random.uniform(0, 1, shape=(4,), out=out),
                 lambda: nd.random.uniform(0, 1, dtype='float64', out=out),
                 lambda: nd.random.randint(0, 3, out=out)):
        with pytest.raises(mx.MXNetError):
            call()
        np.testing.assert_array_equal(out.asnumpy(), [7, 7, 7])


def test_out_receives_samples_in_place():
    out = nd.zeros((4, 3), dtype='float64')
    r = nd.random.normal(5, 0.1, out=out)
    assert r is out and out.dtype == np.float64
    assert abs(out.asnumpy().mean() - 5) < 0.2
