"""Second and third derivatives of every family of differentiable operators (autograd.grad with
create_graph=True), checked against central finite differences of the order below: MXNet 1.9.1 stops at the
first order for most of them (see golden/higher_order2_cases.py, which pins the orders it gives)."""
import os
import sys

import numpy as np
import pytest

import mxtorch as mx
from mxtorch import autograd, gluon, nd

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), 'golden'))
from higher_order2_cases import FAMILIES  # noqa: E402

rs = np.random.RandomState(0)
X = rs.uniform(0.2, 0.9, (2, 3))
W = nd.array(rs.uniform(0.2, 0.9, (3, 2)), dtype='float64')
Y = nd.array(rs.uniform(0.2, 0.9, (2, 3)), dtype='float64')
ORDER = 3


class _Float64:
    """mx.nd with its array constructors making float64 arrays, so that the expressions' constants (labels,
    gamma, bias) match the float64 variable."""

    def __getattr__(self, name):
        fn = getattr(nd, name)
        if name in ('array', 'zeros', 'ones', 'full'):
            return lambda *a, **k: fn(*a, **dict(k, dtype='float64'))
        return fn


_ND = _Float64()


def _gradients(expr, x0):
    """The gradients of order 1..ORDER of `expr` at x0 (float64), each the gradient of the sum of the one
    before."""
    x = nd.array(x0, dtype='float64')
    x.attach_grad()
    names = {'nd': _ND, 'gluon': gluon, 'x': x, 'w': W, 'y': Y, 'mx': mx}
    out = []
    with autograd.record():
        g = eval(expr, names)  # noqa: S307  (the expressions are this test's own)
        for _ in range(ORDER):
            g = autograd.grad(g, [x], create_graph=True, retain_graph=True)[0]
            out.append(g.asnumpy().astype(np.float64))
    return out


@pytest.mark.parametrize('name', sorted(FAMILIES))
def test_higher_orders_match_finite_differences(name):
    expr = FAMILIES[name]
    grads = _gradients(expr, X)
    eps = 1e-5
    for order in range(1, ORDER):
        numeric = np.zeros_like(X)
        for j in np.ndindex(X.shape):
            step = np.zeros_like(X)
            step[j] = eps
            up, down = _gradients(expr, X + step)[order - 1], _gradients(expr, X - step)[order - 1]
            numeric[j] = (up.sum() - down.sum()) / (2 * eps)
        np.testing.assert_allclose(grads[order], numeric, rtol=1e-4, atol=1e-5,
                                   err_msg='{}: order {} differs from finite differences'.format(name, order + 1))


@pytest.mark.parametrize('flatten', [True, False])
def test_dense_gradients_of_gradients_keep_the_forward_graph(flatten):
    # a gradient of a gradient consumes only that gradient's graph: the forward output y stays
    # differentiable afterwards (FullyConnected's inner transposed weight belongs to both graphs in torch)
    x = nd.arange(12).reshape((2, 3, 2))
    net = gluon.nn.Dense(3, flatten=flatten)
    net.initialize(mx.init.Constant(.5))
    x.attach_grad()
    with autograd.record():
        y = net(x)
        o_y = nd.arange(y.size).reshape(y.shape)
        w = net.weight.data()
        x_grad = autograd.grad(y, x, head_grads=o_y, create_graph=True, retain_graph=True)[0]
        o_x = nd.arange(x_grad.size).reshape(x_grad.shape)
        w_grad_grad = autograd.grad(x_grad, w, head_grads=o_x, create_graph=False)[0]
        w_grad = autograd.grad(y, w, head_grads=o_y, create_graph=True, retain_graph=True)[0]
        o_w = nd.arange(w_grad.size).reshape(w_grad.shape)
        x_grad_grad = autograd.grad(w_grad, x, head_grads=o_w, create_graph=False)[0]
    # y = x W^T + b over the last axis (flatten: x as (2, 6)): d<o_y, y>/dx = o_y W and d/dW = o_y^T x;
    # those are linear in W and x, so the second derivatives are o_y^T o_x and o_y o_w
    X = x.asnumpy().reshape(2, 6) if flatten else x.asnumpy().reshape(-1, 2)
    Oy = o_y.asnumpy().reshape(X.shape[0], 3)
    Ox = o_x.asnumpy().reshape(X.shape)
    W = np.full((3, X.shape[1]), .5, np.float32)
    np.testing.assert_allclose(x_grad.asnumpy().reshape(X.shape), Oy @ W)
    np.testing.assert_allclose(w_grad.asnumpy(), Oy.T @ X)
    np.testing.assert_allclose(w_grad_grad.asnumpy(), Oy.T @ Ox)
    np.testing.assert_allclose(x_grad_grad.asnumpy().reshape(X.shape), Oy @ o_w.asnumpy())
