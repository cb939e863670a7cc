"""mx.np against legacy arrays, NumPy and Gluon (issue 12): the messages of the errors the np_mode goldens
pin by type, and what goldens cannot show (NumPy 2's result classes, state left intact after an error)."""
import numpy as onp
import pytest

import mxtorch as mx
from mxtorch import autograd, gluon
from mxtorch.util import use_np, is_np_array, is_np_shape

np, npx = mx.np, mx.npx


def _x():
    return np.array([[1., 2.], [3., 4.]])


@pytest.mark.parametrize('call, backend, python_name', [
    (lambda n, x: npx.relu(n), '_npx_relu', 'relu'),
    (lambda n, x: np.concatenate([x, n]), '_npi_concatenate', 'concatenate'),
    (lambda n, x: np.dot(n, x), '_np_dot', 'dot'),
    (lambda n, x: np.sum(n), '_np_sum', 'sum'),
    (lambda n, x: np.where(n > 1, x, x), '_npi_where', 'where'),
    (lambda n, x: npx.fully_connected(n, x, None, num_hidden=2, no_bias=True), '_npx_fully_connected',
     'fully_connected'),
])
def test_legacy_array_given_to_np_operator(call, backend, python_name):
    with pytest.raises(TypeError) as e:
        call(mx.nd.ones((2, 2)), _x())
    message = str(e.value)
    assert '`{}` registered in backend is known as `{}`'.format(backend, python_name) in message
    assert 'as_np_ndarray()' in message and 'legacy ndarray' in message


def test_np_array_given_to_legacy_operator():
    with pytest.raises(TypeError) as e:
        mx.nd.ones((2, 2)) + _x()
    assert '`broadcast_add`' in str(e.value) and 'as_nd_ndarray()' in str(e.value)


def test_mixing_in_place_leaves_the_array_intact():
    a = _x()
    with pytest.raises(TypeError, match='not supported'):
        a += mx.nd.ones((2, 2))
    with pytest.raises(TypeError):
        a[0] = mx.nd.zeros((2,))
    assert a.asnumpy().tolist() == [[1., 2.], [3., 4.]]


@pytest.mark.parametrize('name', ['sinc', 'fft', 'angle', 'convolve', 'gradient', 'conj'])   # (MXNet 1.9.1 lacks them)
def test_numpy_names_mx_np_lacks(name):
    assert hasattr(onp, name)
    with pytest.raises(AttributeError) as e:
        getattr(np, name)
    assert "numpy.{}".format(name) in str(e.value) and "has no attribute '{}'".format(name) in str(e.value)
    assert not hasattr(np, name)


def test_name_numpy_lacks_too():
    with pytest.raises(AttributeError) as e:
        np.no_such_function
    assert str(e.value) == "module 'mxnet.numpy' has no attribute 'no_such_function'"


def test_numpy_fallback_while_recording_is_refused():
    x = _x()
    x.attach_grad()
    with autograd.record():
        with pytest.raises(ValueError, match='cumprod'):
            onp.cumprod(x)
    assert x.asnumpy().tolist() == [[1., 2.], [3., 4.]]
    assert onp.cumprod(x).asnumpy().tolist() == [1., 2., 6., 24.]


def test_numpy_linalg_results_keep_numpy_classes():
    x = _x()
    s = x + x.T
    result = onp.linalg.eigh(s)
    w, v = result
    assert type(result) is type(onp.linalg.eigh(s.asnumpy()))
    assert isinstance(w, np.ndarray) and isinstance(v, np.ndarray)
    assert onp.allclose(w.asnumpy(), onp.linalg.eigvalsh(s.asnumpy()), atol=1e-5)
    assert type(onp.linalg.eig(x)) is type(onp.linalg.eig(x.asnumpy()))
    # mx.np's own functions give MXNet's plain tuples
    assert type(np.linalg.eigh(s)) is tuple and type(np.linalg.eig(x)) is tuple


def test_use_np_class_scopes_inherited_methods():
    call, initialize = gluon.Block.__call__, gluon.Block.initialize

    @use_np
    class Net(gluon.HybridBlock):
        def __init__(self):
            super().__init__()
            with self.name_scope():
                self.w = self.params.get('w', shape=(2, 3), allow_deferred_init=True)

        def hybrid_forward(self, F, x, w):
            return F.np.dot(x, w)

    assert not is_np_array() and not is_np_shape()
    net = Net()
    net.initialize(mx.init.One())            # Block.initialize runs in NumPy mode too
    out = net(_x())                          # and so does the deferred initialization in Block.__call__
    assert type(out) is np.ndarray and type(net.w.data()) is np.ndarray
    assert type(net.w.grad()) is np.ndarray
    assert not is_np_array() and not is_np_shape()
    # the decorated class has its own scoped copies; the base classes are not changed
    assert Net.__call__ is not call and Net.initialize is not initialize
    assert gluon.Block.__call__ is call and gluon.Block.initialize is initialize


def test_use_np_class_refuses_legacy_outputs():
    @use_np
    class Mixed(gluon.HybridBlock):
        def hybrid_forward(self, F, x):
            return x.as_nd_ndarray() * 2, F.np.multiply(x, x)

    class Legacy(gluon.HybridBlock):
        def hybrid_forward(self, F, x):
            return x.as_nd_ndarray() * 2, x.as_nd_ndarray() + 1

    for hybridize in (False, True):
        net = Mixed()
        if hybridize:
            net.hybridize()
        with pytest.raises(TypeError, match='must be of type `mxnet.numpy.ndarray`'):
            net(_x())
        assert not is_np_array()
        plain = Legacy()
        if hybridize:
            plain.hybridize()
        assert [type(o) for o in plain(_x())] == [mx.nd.NDArray, mx.nd.NDArray]


@pytest.mark.parametrize('size, pvals, shape', [
    (0, [0.2, 0.8], (0, 2)), ((4, 0, 2), [0.2, 0.8], (4, 0, 2, 2)), (None, [], (0,)), ((0, 2), [], (0, 2, 0)),
    (3, [0.5, 0.5], (3, 2))])
def test_multinomial_shapes(size, pvals, shape):
    for p in (pvals, np.array(pvals)):
        r = np.random.multinomial(10, p, size=size)
        assert r.shape == shape and r.dtype == onp.int64
        if r.size:
            assert (r.asnumpy().sum(-1) == 10).all()


def test_multinomial_bad_pvals():
    with pytest.raises(mx.MXNetError, match=r'sum\(pvals\[:-1\]\) > 1.0'):
        np.random.multinomial(5, [0.7, 0.6, 0.1])
    with pytest.raises(ValueError, match='too deep'):
        np.random.multinomial(5, [[0.5, 0.5]])


@pytest.mark.parametrize('view', [
    lambda x: x.T, lambda x: np.transpose(x), lambda x: x.transpose(1, 0), lambda x: np.swapaxes(x, 0, 0),
    lambda x: x.swapaxes(1, 1), lambda x: np.moveaxis(x, 0, 0)])
def test_permutations_are_copies(view):
    # a permutation that moves only a size-1 axis is a contiguous view in torch; MXNet's results are new memory
    x = np.zeros((1, 4))
    y = view(x)
    y[...] = 5
    assert float(x.sum()) == 0 and float(y.sum()) == 20


def test_methods_match_the_functions():
    x = np.array(onp.arange(12, dtype='float32').reshape(3, 4))
    for method, function in [('sum', np.sum), ('mean', np.mean), ('max', np.max), ('min', np.min),
                             ('prod', np.prod), ('std', np.std), ('var', np.var), ('argmax', np.argmax),
                             ('argmin', np.argmin), ('cumsum', np.cumsum), ('any', np.any), ('all', np.all)]:
        for axis in (None, 0, 1):
            got, want = getattr(x, method)(axis=axis), function(x, axis=axis)
            assert type(got) is np.ndarray and got.dtype == want.dtype and got.shape == want.shape, method
            assert onp.array_equal(got.asnumpy(), want.asnumpy()), method
    # positional order of the methods (MXNet's: out before keepdims) and out=
    out = np.zeros((3,))
    assert x.sum(1, None, out) is out and onp.array_equal(out.asnumpy(), [6, 22, 38])
    assert x.mean(0, None, None, True).shape == (1, 4)
    assert x.var(1, None, None, 1).asnumpy().tolist() == onp.var(x.asnumpy(), axis=1, ddof=1).tolist()
    assert x.take(np.array([0, 2]), axis=1).asnumpy().tolist() == [[0, 2], [4, 6], [8, 10]]
    assert x.repeat(2, axis=0).shape == (6, 4) and x.swapaxes(0, 1).shape == (4, 3)
    assert x.reshape(1, 3, 4).squeeze().shape == (3, 4)
    assert x.dot(x.T).asnumpy().tolist() == (x.asnumpy() @ x.asnumpy().T).tolist()
    with pytest.raises(TypeError) as e:
        x.dot(x.as_nd_ndarray())
    assert 'legacy ndarray' in str(e.value)


def test_np_arrays_through_hybrid_blocks():
    npx.set_np()
    try:
        net = gluon.nn.HybridSequential()
        net.add(gluon.nn.Dense(3, activation='relu'), gluon.nn.Dense(2))
        net.initialize()
        x = np.ones((2, 5))
        eager = net(x)
        assert type(eager) is np.ndarray and eager.shape == (2, 2)
        net.hybridize()
        hybrid = net(x)
        assert type(hybrid) is np.ndarray and onp.allclose(hybrid.asnumpy(), eager.asnumpy())
        with autograd.record():
            loss = (net(x) ** 2).sum()
        loss.backward()
        assert net[0].weight.grad().shape == (3, 5)
        # the hybridized graph of np symbols gives np arrays, even of a legacy array (as MXNet 1.9.1's does)
        assert type(net(mx.nd.ones((2, 5)))) is np.ndarray
        net.hybridize(False)
        with pytest.raises(TypeError):      # (MXNet's names the first operator the legacy array reaches)
            net(mx.nd.ones((2, 5)))
    finally:
        npx.reset_np()


def test_hybridize_consistency_check_reads_deferred_parameters_after_forward():
    # a Dense without in_units: its weight's shape is known only after the first forward
    class Net(gluon.HybridBlock):
        def __init__(self, prefix=None, params=None):
            super().__init__(prefix=prefix, params=params)
            with self.name_scope():
                self.layer = gluon.nn.Dense(3, flatten=False, params=params)

        def hybrid_forward(self, F, x, y):
            return self.layer(x[:, -1, :] + y[:, -1, :])

    npx.set_np()
    try:
        x, y = np.random.normal(0, 1, (2, 4, 5)), np.random.normal(0, 1, (2, 4, 5))
        mx.test_utils.check_gluon_hybridize_consistency(Net, [x, y])
        # the check can fail: a wrong expected function is caught
        with pytest.raises(AssertionError):
            mx.test_utils.check_gluon_hybridize_consistency(
                Net, [x, y], numpy_func=lambda a, b: onp.zeros((2, 3), 'float32'), test_grad=False)
    finally:
        npx.reset_np()


def test_hybridized_np_blocks_of_untraceable_or_failing_functions():
    npx.set_np()
    try:
        class Diag(gluon.HybridBlock):
            def hybrid_forward(self, F, a):
                return F.np.diag_indices_from(a)     # as many results as axes: runs imperatively

        block = Diag()
        block.hybridize()
        got = block(np.ones((3, 3)))
        assert [g.asnumpy().tolist() for g in got] == [list(range(3))] * 2

        class Unravel(gluon.HybridBlock):
            def hybrid_forward(self, F, a):
                return F.np.unravel_index(a, (3, 4))  # one stacked array in a graph, as MXNet's

        block = Unravel()
        block.hybridize()
        got = block(np.array([1, 5, 7], dtype='int64'))
        assert got.asnumpy().tolist() == [list(v) for v in onp.unravel_index([1, 5, 7], (3, 4))]

        class Check(gluon.HybridBlock):
            def hybrid_forward(self, F, a):
                return F.npx.constraint_check(a, 'not all true')

        block = Check()
        block.hybridize()
        assert bool(block(np.ones((2,), dtype='bool')))
        with pytest.raises(ValueError) as e:     # the function's own error, not an MXNetError wrapping it
            block(np.zeros((2,), dtype='bool'))
        assert 'not all true' in str(e.value)
    finally:
        npx.reset_np()
