"""The per-step shortcuts of the symbolic training path give the same numbers as the long way round:
SoftmaxOutput's gradient as one scatter (with labels outside the classes falling back to the comparison),
gradient arrays that take over autograd's result instead of copying it, and Module's per-batch steps."""
import numpy as np
import pytest

import mxtorch as mx
from mxtorch import autograd, nd


def _softmax(x):
    e = np.exp(x - x.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def _expected_grad(x, labels, scale=1.0):
    """(softmax(x) - one_hot(int(label))) * scale, where a label outside [0, k) hits no class."""
    g = _softmax(x.astype(np.float64))
    for row, label in enumerate(labels):
        if np.isfinite(label) and 0 <= int(label) < x.shape[1]:
            g[row, int(label)] -= 1.0
    return g * scale


def _softmax_output_grad(x, labels, dtype='float32', **kwargs):
    data = nd.array(x, dtype=dtype)
    data.attach_grad()
    with autograd.record():
        out = nd.SoftmaxOutput(data, nd.array(labels, dtype=dtype), **kwargs)
    out.backward()
    return out.asnumpy(), data.grad.asnumpy()


@pytest.mark.parametrize('labels', [[0, 2, 4, 1], [4, 4, 0, 3.7]])
def test_softmax_output_gradient_in_range(labels):
    x = np.random.RandomState(0).randn(4, 5)
    out, grad = _softmax_output_grad(x, labels)
    np.testing.assert_allclose(out, _softmax(x), rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(grad, _expected_grad(x, labels), rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize('labels', [[-1, 2, 0, 1], [5, 1, 2, 3], [1, 2, 30, -7], [np.nan, 0, 1, 2]])
def test_softmax_output_gradient_labels_outside_the_classes(labels):
    # no class is hit for such a label (MXNet 1.9.1 gives the plain softmax for that row)
    x = np.random.RandomState(1).randn(4, 5)
    _, grad = _softmax_output_grad(x, labels)
    np.testing.assert_allclose(grad, _expected_grad(x, labels), rtol=1e-5, atol=1e-6)


def test_softmax_output_gradient_scale_and_batch_normalization():
    x = np.random.RandomState(2).randn(6, 3)
    labels = [0, 1, 2, 2, 1, 0]
    _, grad = _softmax_output_grad(x, labels, grad_scale=0.5, normalization='batch')
    np.testing.assert_allclose(grad, _expected_grad(x, labels, 0.5 / 6), rtol=1e-5, atol=1e-7)
    _, grad = _softmax_output_grad(x, labels, dtype='float64', grad_scale=3.0)
    np.testing.assert_allclose(grad, _expected_grad(x, labels, 3.0), rtol=1e-12, atol=1e-12)


def test_softmax_output_gradient_of_higher_rank_data():
    # data (n, a, b): the softmax runs over all axes but the first; row i takes the i-th label
    x = np.random.RandomState(3).randn(2, 3, 2)
    labels = np.array([[1, 5, 0], [4, 2, 3]], dtype=np.float32)
    out, grad = _softmax_output_grad(x, labels)
    flat = x.reshape(2, 6)
    np.testing.assert_allclose(out.reshape(2, 6), _softmax(flat), rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(grad.reshape(2, 6), _expected_grad(flat, labels.reshape(-1)[:2]), rtol=1e-5,
                               atol=1e-6)


def test_gradient_arrays_are_separate_memory():
    # d(a + b) = head for both: each gradient array holds its own copy, not the head or each other
    a, b = mx.sym.var('a'), mx.sym.var('b')
    exe = (a + b).simple_bind(mx.cpu(), a=(2, 3), b=(2, 3))
    head = nd.ones((2, 3)) * 2
    exe.forward(is_train=True, a=nd.ones((2, 3)), b=nd.ones((2, 3)))
    exe.backward(head)
    ga, gb = exe.grad_dict['a'], exe.grad_dict['b']
    np.testing.assert_array_equal(ga.asnumpy(), np.full((2, 3), 2.0))
    ga[:] = 5
    head[:] = 7
    np.testing.assert_array_equal(gb.asnumpy(), np.full((2, 3), 2.0))
    np.testing.assert_array_equal(exe.arg_dict['a'].asnumpy(), np.ones((2, 3)))


def test_gradient_arrays_follow_each_step():
    # FullyConnected's gradients (views of autograd's results) taken over step after step: each step's
    # gradient arrays hold that step's gradients, and the ones read before stay as they were
    data = mx.sym.var('data')
    net = mx.sym.SoftmaxOutput(mx.sym.FullyConnected(data, num_hidden=3, name='fc'), name='softmax')
    exe = net.simple_bind(mx.cpu(), data=(4, 5))
    rng = np.random.RandomState(4)
    w = rng.randn(3, 5).astype(np.float32)
    exe.arg_dict['fc_weight'][:] = w
    kept = []
    for step in range(3):
        x = rng.randn(4, 5).astype(np.float32)
        labels = rng.randint(0, 3, size=4).astype(np.float32)
        exe.forward(is_train=True, data=nd.array(x), softmax_label=nd.array(labels))
        exe.backward()
        g = _expected_grad(x @ w.T + exe.arg_dict['fc_bias'].asnumpy(), labels)
        np.testing.assert_allclose(exe.grad_dict['fc_weight'].asnumpy(), g.T @ x, rtol=1e-4, atol=1e-5)
        np.testing.assert_allclose(exe.grad_dict['fc_bias'].asnumpy(), g.sum(axis=0), rtol=1e-4, atol=1e-5)
        kept.append((exe.grad_dict['fc_weight'].copy(), exe.grad_dict['fc_weight'].asnumpy()))
    for copy, values in kept:
        np.testing.assert_array_equal(copy.asnumpy(), values)


def test_gradient_add_accumulates_over_steps():
    data = mx.sym.var('data')
    net = mx.sym.MakeLoss(mx.sym.sum(mx.sym.FullyConnected(data, num_hidden=2, no_bias=True, name='fc')))
    exe = net.simple_bind(mx.cpu(), grad_req={'data': 'null', 'fc_weight': 'add'}, data=(3, 4))
    x = np.arange(12, dtype=np.float32).reshape(3, 4)
    for _ in range(3):
        exe.forward(is_train=True, data=nd.array(x))
        exe.backward()
    np.testing.assert_allclose(exe.grad_dict['fc_weight'].asnumpy(), 3 * np.tile(x.sum(axis=0), (2, 1)))


def test_module_fit_steps_match_plain_sgd():
    # Module's forward/backward/update of a linear softmax model against SGD written out in numpy
    rng = np.random.RandomState(5)
    x = rng.randn(8, 4).astype(np.float32)
    y = rng.randint(0, 3, size=8).astype(np.float32)
    w0 = rng.randn(3, 4).astype(np.float32) * 0.1
    net = mx.sym.SoftmaxOutput(mx.sym.FullyConnected(mx.sym.var('data'), num_hidden=3, name='fc'), name='softmax')
    mod = mx.mod.Module(net, context=mx.cpu())
    it = mx.io.NDArrayIter(x, y, batch_size=4)
    mod.fit(it, num_epoch=2, optimizer='sgd', optimizer_params={'learning_rate': 0.5},
            arg_params={'fc_weight': nd.array(w0), 'fc_bias': nd.zeros(3)})
    w, b = w0.astype(np.float64), np.zeros(3)
    for _ in range(2):
        for i in (0, 4):
            xb, yb = x[i:i + 4].astype(np.float64), y[i:i + 4]
            g = _expected_grad(xb @ w.T + b, yb, 1.0 / 4)
            w, b = w - 0.5 * g.T @ xb, b - 0.5 * g.sum(axis=0)
    arg, _ = mod.get_params()
    np.testing.assert_allclose(arg['fc_weight'].asnumpy(), w, rtol=1e-4, atol=1e-5)
    np.testing.assert_allclose(arg['fc_bias'].asnumpy(), b, rtol=1e-4, atol=1e-5)


class _Batches(mx.io.DataIter):
    """The batches of an NDArrayIter handed out by another iterator class (Module.fit copies these)."""

    def __init__(self, inner):
        super().__init__(inner.batch_size)
        self.inner = inner

    @property
    def provide_data(self):
        return self.inner.provide_data

    @property
    def provide_label(self):
        return self.inner.provide_label

    def reset(self):
        self.inner.reset()

    def next(self):
        return self.inner.next()


def _fit_mlp(make_iter, x, y, epochs=2):
    data = mx.sym.var('data')
    hidden = mx.sym.Activation(mx.sym.FullyConnected(data, num_hidden=6, name='fc1'), act_type='relu')
    net = mx.sym.SoftmaxOutput(mx.sym.FullyConnected(hidden, num_hidden=3, name='fc2'), name='softmax')
    mod = mx.mod.Module(net, context=mx.cpu())
    rng = np.random.RandomState(7)
    params = {'fc1_weight': nd.array(rng.randn(6, 5) * 0.3), 'fc1_bias': nd.zeros(6),
              'fc2_weight': nd.array(rng.randn(3, 6) * 0.3), 'fc2_bias': nd.zeros(3)}
    it = make_iter(mx.io.NDArrayIter(x, y, batch_size=4, shuffle=False))
    mod.fit(it, num_epoch=epochs, optimizer='sgd', optimizer_params={'learning_rate': 0.3, 'momentum': 0.5},
            arg_params=params)
    return mod, it


def test_fit_takes_ndarrayiter_batches_as_inputs_with_the_same_result():
    rng = np.random.RandomState(6)
    x = rng.randn(12, 5).astype(np.float32)
    y = rng.randint(0, 3, size=12).astype(np.float32)
    taken, it = _fit_mlp(lambda it: it, x, y)
    copied, _ = _fit_mlp(_Batches, x, y)
    for name, value in copied.get_params()[0].items():
        np.testing.assert_array_equal(taken.get_params()[0][name].asnumpy(), value.asnumpy())
    # the executor holds the last batch; later forwards of other batches do not write into the data set
    exe = taken._exec_group.execs[0]
    np.testing.assert_array_equal(exe.arg_dict['data'].asnumpy(), x[8:])
    taken.forward(mx.io.DataBatch([nd.ones((4, 5))], [nd.zeros(4)]), is_train=False)
    np.testing.assert_array_equal(exe.arg_dict['data'].asnumpy(), np.ones((4, 5)))
    np.testing.assert_array_equal(it.data[0][1].asnumpy(), x)
    it.reset()
    np.testing.assert_array_equal(next(it).data[0].asnumpy(), x[:4])


def test_module_parameters_keep_sparse_storage_and_get_initialised():
    # a row_sparse argument: the module's own copy is row_sparse too, and the initializer fills every row
    data = mx.sym.var('data', stype='csr')
    v = mx.sym.var('v', shape=(6, 1), init=mx.init.Uniform(scale=0.1), stype='row_sparse')
    net = mx.sym.LinearRegressionOutput(mx.sym.dot(data, v), mx.sym.var('label'), name='out')
    mod = mx.mod.Module(net, data_names=['data'], label_names=['label'])
    mod.bind(data_shapes=[('data', (4, 6))], label_shapes=[('label', (4, 1))])
    mod.init_params()
    value = mod._arg_params['v']
    assert value.stype == 'row_sparse'
    values = value.asnumpy()
    assert np.all(values != 0) and np.all(np.abs(values) <= 0.1)
