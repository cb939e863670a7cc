"""hybridize()'s compiled programs (gluon/_hybrid.py: _Compiler): once a graph is compiled by inductor its
outputs, gradients and in-place parameter updates equal the eager ones; a new input shape or mode gets its
own compiled variant; the compile policy's defaults leave graphs that do not gain uncompiled."""
import numpy as np
import pytest

import mxtorch as mx
from mxtorch import autograd, gluon, nd
from mxtorch.gluon import nn

pytest.importorskip('torch._inductor.compile_fx')


class GeluBlock(gluon.HybridBlock):
    """A Dense layer and tanh-GELU and Swish written out with F: element-wise operators dominate."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        with self.name_scope():
            self.dense = nn.Dense(8, in_units=4)
            self.norm = nn.BatchNorm(in_channels=8)

    def hybrid_forward(self, F, x):
        x = self.norm(self.dense(x))
        x = 0.5 * x * (1 + F.tanh(0.7978845608 * (x + 0.044715 * x * x * x)))
        x = x * F.sigmoid(1.5 * x)
        return F.relu(x) - 0.25 * F.abs(x) + F.exp(-x * x) * 0.1


def _pair(**flags):
    eager, hybrid = GeluBlock(), GeluBlock()
    eager.initialize(mx.init.Xavier())
    hybrid.initialize()
    hybrid(nd.ones((2, 4)))     # shapes complete before copying the weights over
    for (_, p), (_, q) in zip(sorted(eager.collect_params().items()), sorted(hybrid.collect_params().items())):
        q.set_data(p.data())
    hybrid.hybridize(**flags)
    return eager, hybrid


def _step(net, x, train=True):
    with autograd.record(train_mode=train):
        y = net(x)
    y.backward()
    return y.asnumpy(), x.grad.asnumpy().copy(), {k.split('_', 1)[1]: p.data().asnumpy().copy()
                                                  for k, p in net.collect_params().items()}


def _check(eager, hybrid, x, train=True):
    xe, xh = x.copy(), x.copy()
    xe.attach_grad()
    xh.attach_grad()
    ye, ge, pe = _step(eager, xe, train)
    yh, gh, ph = _step(hybrid, xh, train)
    np.testing.assert_allclose(yh, ye, rtol=1e-4, atol=1e-5)
    np.testing.assert_allclose(gh, ge, rtol=1e-4, atol=1e-5)
    for name in pe:     # BatchNorm's moving statistics move alike
        np.testing.assert_allclose(ph[name], pe[name], rtol=1e-4, atol=1e-6, err_msg=name)
    params_e = {k.split('_', 1)[1]: p.grad().asnumpy() for k, p in eager.collect_params().items()
                if p.grad_req != 'null'}
    params_h = {k.split('_', 1)[1]: p.grad().asnumpy() for k, p in hybrid.collect_params().items()
                if p.grad_req != 'null'}
    for name in params_e:
        np.testing.assert_allclose(params_h[name], params_e[name], rtol=1e-4, atol=1e-5, err_msg=name)


def test_compiled_graph_equals_eager_in_train_and_predict_mode():
    eager, hybrid = _pair(static_shape=True)
    x = nd.random.normal(shape=(5, 4))
    for _ in range(3):          # the warm calls run the plain program
        _check(eager, hybrid, x)
    compiler = hybrid._cached_op.compiler
    assert compiler.wanted
    compiler.calls = compiler.warm_calls   # the next call compiles (instead of twenty more steps here)
    _check(eager, hybrid, x)
    assert compiler.failed is None
    assert compiler.compile_seconds > 0 and len(compiler.variants) == 1
    _check(eager, hybrid, x)    # the compiled variant again, now warm
    _check(eager, hybrid, x, train=False)      # predict mode: its own variant (moving statistics used)
    assert len(compiler.variants) == 2 and compiler.failed is None
    # a new batch size: compiled again for it, the values still the eager ones
    _check(eager, hybrid, nd.random.normal(shape=(3, 4)))
    assert len(compiler.variants) == 3 and compiler.failed is None
    # outside autograd.record: no gradient graph, predict-mode values
    x = nd.random.normal(shape=(5, 4))
    np.testing.assert_allclose(hybrid(x).asnumpy(), eager(x).asnumpy(), rtol=1e-4, atol=1e-5)


def test_compile_policy_defaults():
    # element-wise operators dominate: compiled (after the warm calls) by default
    block = GeluBlock()
    block.initialize()
    block.hybridize()
    block(nd.ones((2, 4)))
    assert block._cached_op.compiler.wanted
    # a graph of a few heavy operators (the book's MLP) runs as the plain fx program by default
    mlp = nn.HybridSequential()
    mlp.add(nn.Dense(16, activation='relu'), nn.Dense(4))
    mlp.initialize()
    mlp.hybridize()
    mlp(nd.ones((2, 8)))
    assert not mlp._cached_op.compiler.wanted
    # static_shape/static_alloc on a CPU compile nothing more: the MLP stays the plain program after the
    # warm calls (compiling a convolutional network's training graph would cost minutes and not pay)
    mlp.hybridize(static_alloc=True, static_shape=True)
    x = nd.ones((2, 8))
    expected = mlp(x).asnumpy()
    compiler = mlp._cached_op.compiler
    for _ in range(compiler.warm_calls + 2):
        np.testing.assert_allclose(mlp(x).asnumpy(), expected)
    assert not compiler.wanted and not compiler.variants and compiler.compile_seconds == 0
