"""Neural-network operators against mathematics: finite-difference gradients, dropout statistics,
in-place state updates and bad input. MXNet's own answers for them are pinned in golden/nn_ops_cases.py."""
import numpy as np
import pytest

import mxtorch as mx
from mxtorch import autograd, nd
from numgrad import check_gradient

rng = np.random.RandomState(42)


def _raises(fn, match=None):
    with pytest.raises(mx.MXNetError, match=match):
        fn()


# ---- FullyConnected / Activation / Dropout -------------------------------------------------------
@pytest.mark.parametrize('flatten', [True, False])
def test_fully_connected_gradient(flatten):
    x = rng.randn(2, 3, 4)
    w = rng.randn(5, 12 if flatten else 4)
    b = rng.randn(5)
    check_gradient(lambda x, w, b: nd.FullyConnected(x, w, b, num_hidden=5, flatten=flatten), x, w, b)
    check_gradient(lambda x, w: nd.FullyConnected(x, w, no_bias=True, num_hidden=5, flatten=flatten), x, w)


@pytest.mark.parametrize('act_type', ['relu', 'sigmoid', 'tanh', 'softrelu', 'softsign'])
def test_activation_gradient(act_type):
    x = rng.randn(3, 4)
    x[np.abs(x) < 0.05] = 0.3   # keep away from relu's kink
    check_gradient(lambda x: nd.Activation(x, act_type=act_type), x)


def test_fully_connected_errors_name_operator_and_shapes():
    _raises(lambda: nd.FullyConnected(nd.ones((2, 3)), nd.ones((5, 4)), nd.ones(5), num_hidden=5),
            r'FullyConnected.*\(2, 3\).*\(5, 4\)')
    _raises(lambda: nd.FullyConnected(nd.ones((2, 3)), nd.ones((5, 3)), nd.ones(5), num_hidden=4),
            r'FullyConnected.*\(5, 3\)')


def test_dropout_statistics_and_scale():
    mx.random.seed(1)
    x = nd.ones((200, 200))
    with autograd.record():
        y = nd.Dropout(x, p=0.3)
    v = y.asnumpy()
    kept = v != 0
    assert abs(kept.mean() - 0.7) < 0.01
    np.testing.assert_allclose(v[kept], 1 / 0.7, rtol=1e-6)


def test_dropout_axes_share_mask():
    mx.random.seed(2)
    y = nd.Dropout(nd.ones((50, 4, 30)), p=0.5, mode='always', axes=(1,)).asnumpy()
    assert (y == y[:, :1, :]).all()
    assert 0.3 < (y[:, 0, :] != 0).mean() < 0.7


def test_dropout_gradient_is_the_mask():
    mx.random.seed(3)
    x = nd.array(rng.randn(20, 10))
    x.attach_grad()
    with autograd.record():
        y = nd.Dropout(x, p=0.4)
    y.backward()
    mask = (y.asnumpy() != 0) / 0.6
    np.testing.assert_allclose(x.grad.asnumpy(), mask, rtol=1e-6)


def test_dropout_follows_training_flag():
    x = nd.ones((10, 10))
    with autograd.train_mode():
        assert (nd.Dropout(x, p=0.9).asnumpy() == 0).any()
    with autograd.record(train_mode=False):
        np.testing.assert_array_equal(nd.Dropout(x, p=0.9).asnumpy(), 1)
