"""mx.init's random initializers: MXNet's bounds and scales, checked statistically on large arrays (the
exact numbers come from torch's generator, not MXNet's); seeding; dtypes; the name registry."""
import math

import numpy as np
import pytest

import mxtorch as mx
from mxtorch import gluon, init, nd


def _sample(initializer, shape, dtype='float32'):
    arr = nd.zeros(shape, dtype=dtype)
    initializer._init_weight('w', arr)
    return arr.asnumpy().astype(np.float64)


def _check_uniform(values, bound, slack=0.0):
    # U(-c, c): within the bound (up to the rounding of low precision dtypes), reaching close to it, mean 0
    # and variance c^2/3
    n = values.size
    assert np.abs(values).max() <= bound + slack
    assert np.abs(values).max() > bound * (1 - 20.0 / n)
    assert abs(values.mean()) < 5 * bound / math.sqrt(3 * n)
    assert abs(values.var() / (bound ** 2 / 3) - 1) < 0.05


def _check_normal(values, sigma):
    n = values.size
    assert abs(values.mean()) < 5 * sigma / math.sqrt(n)
    assert abs(values.std() / sigma - 1) < 0.03
    # a normal, not a uniform, distribution: about 4.6% beyond two sigma
    assert abs((np.abs(values) > 2 * sigma).mean() - 0.0455) < 0.01


def test_uniform_default_and_scale():
    _check_uniform(_sample(init.Uniform(), (200, 100)), 0.07)
    _check_uniform(_sample(init.Uniform(scale=2.5), (200, 100)), 2.5)


def test_normal_default_and_sigma():
    _check_normal(_sample(init.Normal(), (200, 100)), 0.01)
    _check_normal(_sample(init.Normal(sigma=3.0), (200, 100)), 3.0)


@pytest.mark.parametrize('factor_type,factor', [('avg', (40 * 9 + 30 * 9) / 2.0), ('in', 40 * 9), ('out', 30 * 9)])
def test_xavier_uniform_bounds(factor_type, factor):
    values = _sample(init.Xavier(factor_type=factor_type, magnitude=2.5), (30, 40, 3, 3))
    _check_uniform(values, math.sqrt(2.5 / factor))


def test_xavier_gaussian_scale():
    values = _sample(init.Xavier(rnd_type='gaussian', factor_type='in'), (300, 200))
    _check_normal(values, math.sqrt(3.0 / 200))


def test_msraprelu_scale():
    slope = 0.25
    values = _sample(init.MSRAPrelu(factor_type='out', slope=slope), (200, 300))
    _check_normal(values, math.sqrt(2.0 / (1 + slope ** 2) / 200))


@pytest.mark.parametrize('shape', [(4, 10), (10, 4), (6, 2, 3)])
def test_orthogonal_rows_or_columns(shape):
    m = _sample(init.Orthogonal(scale=1.5, rand_type='normal'), shape).reshape(shape[0], -1)
    gram = m.dot(m.T) if m.shape[0] <= m.shape[1] else m.T.dot(m)
    np.testing.assert_allclose(gram, 1.5 ** 2 * np.eye(gram.shape[0]), atol=1e-4)


@pytest.mark.parametrize('dtype', ['float16', 'float64'])
def test_random_initializers_fill_other_dtypes(dtype):
    values = _sample(init.Xavier(), (100, 100), dtype)
    _check_uniform(values, math.sqrt(3.0 / 100), slack=1e-3)
    assert _sample(init.Normal(1.0), (10,), dtype).std() > 0


def test_random_init_of_integer_parameter_is_cast():
    values = _sample(init.Uniform(scale=100), (1000,), 'int32')
    assert np.abs(values).max() <= 100 and values.std() > 10


def test_seed_makes_initialization_reproducible():
    def weights():
        net = gluon.nn.Dense(5, in_units=4)
        net.initialize(init.Xavier())
        return net.weight.data().asnumpy()
    mx.random.seed(42)
    a = weights()
    mx.random.seed(42)
    b = weights()
    c = weights()
    np.testing.assert_array_equal(a, b)
    assert not np.array_equal(a, c)


def test_default_initializer_is_uniform_007():
    net = gluon.nn.Dense(100, in_units=200)
    net.initialize()
    _check_uniform(net.weight.data().asnumpy().astype(np.float64), 0.07)
    assert (net.bias.data().asnumpy() == 0).all()


def test_fused_rnn_accepts_json_initializer():
    # MXNet 1.9.1 raises KeyError here (its registry lookup is keyed wrongly); mxtorch reads the JSON
    f = init.FusedRNN('["constant", {"value": 0.25}]', 2, 1, 'lstm')
    arr = nd.zeros(((1 + 2 + 2) * 2 * 4,))
    f._init_weight(init.InitDesc('p'), arr)
    values = arr.asnumpy()
    np.testing.assert_array_equal(values[:24], 0.25)
    np.testing.assert_array_equal(values[24:], [0, 0, 1, 1, 0, 0, 0, 0, 0, 0, 1, 1, 0, 0, 0, 0])


def test_fused_rnn_wrong_size_is_clear():
    with pytest.raises(ValueError, match='FusedRNN: a parameter of 7 elements'):
        init.FusedRNN(init.One(), 2, 1, 'lstm')._init_weight(init.InitDesc('p'), nd.zeros((7,)))


def test_failed_initialization_leaves_parameter_uninitialized():
    p = gluon.Parameter('w', shape=(3,), init=init.Xavier())
    with pytest.raises(ValueError, match='Xavier initializer cannot be applied to vector w'):
        p.initialize()
    with pytest.raises(RuntimeError, match="Parameter 'w' has not been initialized"):
        p.data()
    p.initialize(init=init.One(), force_reinit=True)
    np.testing.assert_array_equal(p.data().asnumpy(), [1, 1, 1])
