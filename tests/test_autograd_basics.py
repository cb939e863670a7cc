"""Autograd against mathematics and MXNet's recording rules."""
import numpy as np
import pytest

import mxtorch as mx
from mxtorch import autograd, nd
from numgrad import check_gradient


def test_gradient_of_composite_matches_finite_differences():
    check_gradient(lambda x, y: nd.exp(x) * y + x / (y + 3), np.random.rand(3, 4), np.random.rand(3, 4))


def test_backward_outside_record_is_mxnet_error():
    x = nd.ones((2,))
    x.attach_grad()
    y = x * 2
    with pytest.raises(mx.MXNetError, match='not in a computational graph'):
        y.backward()


def test_second_backward_without_retain_graph_fails_and_retain_accumulates():
    x = nd.ones((2, 2))
    x.attach_grad(grad_req='add')
    with autograd.record():
        y = x + 1
    y.backward(retain_graph=True)
    y.backward()
    assert (x.grad.asnumpy() == 2).all()
    with pytest.raises(mx.MXNetError):
        y.backward()


def test_write_overwrites_and_unreached_leaves_keep_their_gradient():
    x = nd.array([1., 2.])
    z = nd.array([3., 4.])
    x.attach_grad()
    z.attach_grad()
    with autograd.record():
        y = (x * z).sum()
    y.backward()
    assert x.grad.asnumpy().tolist() == [3., 4.]
    with autograd.record():
        y = (x * 5).sum()
    y.backward()
    assert x.grad.asnumpy().tolist() == [5., 5.]
    assert z.grad.asnumpy().tolist() == [1., 2.]


def test_grad_req_null_leaves_buffer_alone():
    x = nd.array([1., 2.])
    x.attach_grad(grad_req='null')
    w = nd.array([1., 1.])
    w.attach_grad()
    with autograd.record():
        y = (x * w).sum()
    y.backward()
    assert x.grad.asnumpy().tolist() == [0., 0.]
    assert w.grad.asnumpy().tolist() == [1., 2.]


def test_inplace_update_outside_record_keeps_variable():
    w = nd.array([1., 2.])
    w.attach_grad()
    with autograd.record():
        loss = (w * w).sum()
    loss.backward()
    w[:] = w - 0.1 * w.grad
    np.testing.assert_allclose(w.asnumpy(), [0.8, 1.6], rtol=1e-6)
    with autograd.record():
        loss = (w * w).sum()
    loss.backward()
    np.testing.assert_allclose(w.grad.asnumpy(), [1.6, 3.2], rtol=1e-6)


def test_relu_gradient_matches_finite_differences_and_propagates_nan():
    check_gradient(lambda x: nd.relu(x) * 3, np.array([[-1.5, 0.5], [2.0, -0.25]]))
    x = nd.array([np.nan, -1., 2.])
    x.attach_grad()
    with autograd.record():
        y = nd.relu(x)
    y.backward()
    g = x.grad.asnumpy()
    assert np.isnan(g[0]) and g[1] == 0 and g[2] == 1


def test_repeated_head_counts_once_with_its_last_gradient():
    # MXNet 1.9.1 gives x.grad == [320, 320] here: y's gradient is 10 (the last given), not 1 + 10
    x = nd.array([1., 2.])
    x.attach_grad()
    with autograd.record():
        y = x * 2
        z = x * 3
    autograd.backward([y, y, z], [nd.ones((2,)), nd.ones((2,)) * 10, nd.ones((2,)) * 100])
    assert x.grad.asnumpy().tolist() == [320., 320.]


def test_slice_and_slice_axis_gradients_match_finite_differences():
    data = np.random.RandomState(3).rand(4, 5, 3)
    check_gradient(lambda x: nd.slice(x, begin=(1, 0, None), end=(3, 4, None), step=(1, 2, None)), data)
    check_gradient(lambda x: nd.slice(x, begin=(3, None), end=(0, None), step=(-2, None)), data)
    check_gradient(lambda x: nd.slice_axis(x, axis=1, begin=1, end=-1), data)


def test_arrays_of_a_consumed_graph_become_constants():
    # MXNet 1.9.1: grad2 is 6 (s is a constant once its graph was consumed), grad3 is 12 (graph retained)
    w = nd.array([2.])
    w.attach_grad()
    with autograd.record():
        s = w * 3
        loss = (s * 2).sum()
    loss.backward()
    with autograd.record():
        loss2 = (s * w).sum()
    loss2.backward()
    assert w.grad.asnumpy().tolist() == [6.]
    with autograd.record():
        s = w * 3
        loss = (s * 2).sum()
    loss.backward(retain_graph=True)
    with autograd.record():
        loss2 = (s * w).sum()
    loss2.backward()
    assert w.grad.asnumpy().tolist() == [12.]


def test_other_graphs_on_the_same_variable_survive_a_backward():
    a = nd.array([1., 2.])
    a.attach_grad()
    with autograd.record():
        d = (a * a).sum()
        e = (a * 3).sum()
    d.backward()
    assert a.grad.asnumpy().tolist() == [2., 4.]
    e.backward()
    assert a.grad.asnumpy().tolist() == [3., 3.]
