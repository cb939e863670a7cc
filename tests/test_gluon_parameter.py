"""gluon.Parameter, Constant and ParameterDict beyond the golden cases: autograd wiring, several contexts,
failed operations leaving state intact, and files written by MXNet 1.9.1 itself."""
import json
import os

import numpy as np
import pytest

import mxtorch as mx
from mxtorch import autograd, gluon, init, nd
from mxtorch.base import MXNetError
from golden_support import GOLDEN, decode_values

GOLDEN_FILES = os.path.join(GOLDEN, 'files', 'gluon_core')


def _answer(name):
    with open(os.path.join(GOLDEN, 'gluon_core.json')) as f:
        return json.load(f)['cases'][name]


def _param(shape=(2, 3), **kwargs):
    p = gluon.Parameter('w', shape=shape, **kwargs)
    p.initialize(init=init.Constant(1.5))
    return p


# ---- errors exported where MXNet exports them ------------------------------------------------------------
def test_deferred_initialization_error_is_exported():
    assert gluon.DeferredInitializationError is gluon.parameter.DeferredInitializationError
    assert gluon.block.DeferredInitializationError is gluon.DeferredInitializationError
    assert issubclass(gluon.DeferredInitializationError, MXNetError)


def test_deferred_error_then_forward_completes():
    net = gluon.nn.Dense(4)
    net.initialize(init.One())
    with pytest.raises(gluon.DeferredInitializationError, match="dense.*_weight' has not been initialized yet"):
        net.weight.data()
    assert net.weight.list_ctx() == [mx.cpu()]
    net(nd.ones((2, 3)))
    assert net.weight.shape == (4, 3)
    np.testing.assert_array_equal(net.weight.data().asnumpy(), np.ones((4, 3)))


# ---- autograd wiring -------------------------------------------------------------------------------------
@pytest.mark.parametrize('req', ['write', 'add'])
def test_grad_req_maps_to_autograd(req):
    p = _param(grad_req=req)
    x = nd.array([[1., 2., 3.], [4., 5., 6.]])
    for _ in range(2):
        with autograd.record():
            y = (p.data() * x).sum()
        y.backward()
    factor = 2 if req == 'add' else 1
    np.testing.assert_allclose(p.grad().asnumpy(), factor * x.asnumpy())


def test_grad_req_null_is_not_tracked():
    p = _param(grad_req='null')
    q = _param()
    with autograd.record():
        y = (p.data() * q.data()).sum()
    y.backward()
    assert p._grad is None
    assert not p.data()._t.requires_grad
    np.testing.assert_allclose(q.grad().asnumpy(), np.full((2, 3), 1.5))


def test_grad_req_switch_back_to_write_tracks_again():
    p = _param()
    p.grad_req = 'null'
    p.grad_req = 'write'
    with autograd.record():
        y = (p.data() * 2).sum()
    y.backward()
    np.testing.assert_allclose(p.grad().asnumpy(), np.full((2, 3), 2.0))


def test_constant_gets_no_gradient_and_keeps_value():
    c = gluon.Constant('c', [[1., 2.], [3., 4.]])
    c.initialize()
    x = nd.ones((2, 2))
    x.attach_grad()
    with autograd.record():
        y = (x * c.data()).sum()
    y.backward()
    np.testing.assert_array_equal(x.grad.asnumpy(), [[1, 2], [3, 4]])
    assert c._grad is None
    with pytest.raises(RuntimeError, match="grad_req='null'"):
        c.grad()


def test_deferred_init_inside_record():
    net = gluon.nn.Dense(2, weight_initializer='ones')
    net.initialize()
    x = nd.array([[1., 2., 3.]])
    with autograd.record():
        y = net(x).sum()
    y.backward()
    np.testing.assert_allclose(net.weight.grad().asnumpy(), np.tile(x.asnumpy(), (2, 1)))
    np.testing.assert_allclose(net.bias.grad().asnumpy(), [1., 1.])


# ---- several contexts --------------------------------------------------------------------------------------
def test_copies_per_context_are_independent():
    p = gluon.Parameter('w', shape=(2,), init='ones')
    p.initialize(ctx=[mx.cpu(0), mx.cpu(1)])
    p.data(mx.cpu(1))[:] = 5
    np.testing.assert_array_equal(p.data(mx.cpu(0)).asnumpy(), [1, 1])
    assert p.data(mx.cpu(1)).context == mx.cpu(1)
    assert p.grad(mx.cpu(1)).context == mx.cpu(1)
    # the value saved is the mean of the copies
    np.testing.assert_array_equal(p._reduce().asnumpy(), [3, 3])
    assert p._reduce().context == mx.cpu(0)


def test_set_data_and_zero_grad_reach_every_context():
    d = gluon.ParameterDict('p_')
    p = d.get('w', shape=(2,), init='zeros')
    d.initialize(ctx=[mx.cpu(0), mx.cpu(1)])
    p.set_data(nd.array([3., 4.]))
    for g in p.list_grad():
        g[:] = 7
    d.zero_grad()
    for a, g in zip(p.list_data(), p.list_grad()):
        np.testing.assert_array_equal(a.asnumpy(), [3, 4])
        np.testing.assert_array_equal(g.asnumpy(), [0, 0])


def test_reset_ctx_deferred_parameter():
    net = gluon.nn.Dense(2)
    net.initialize(ctx=mx.cpu(0))
    net.collect_params().reset_ctx([mx.cpu(1)])
    assert net.weight.list_ctx() == [mx.cpu(1)]
    net.weight.shape = (2, 3)
    net.weight._finish_deferred_init()
    assert net.weight.data(mx.cpu(1)).context == mx.cpu(1)


# ---- no symbols, no sparse storage ---------------------------------------------------------------------
def test_var_describes_the_parameter_but_cannot_be_composed():
    # its attributes are compared with MXNet's in the golden cases; here: it is no Symbol to compute with
    v = gluon.Parameter('w', shape=(1,)).var()
    assert v.name == 'w' and v.list_arguments() == ['w']
    with pytest.raises(TypeError):
        v + 1
    with pytest.raises(AttributeError):
        v.bind
    with pytest.raises(NotImplementedError, match='Symbol API'):
        mx.autograd.get_symbol(nd.ones((1,))).list_outputs()


def test_sparse_storage_is_refused_sparse_grad_is_dense():
    with pytest.raises(MXNetError, match="stype must be 'default'"):
        gluon.Parameter('w', shape=(2, 2), stype='row_sparse')
    p = gluon.Parameter('w', shape=(2, 2), grad_stype='row_sparse')
    p.initialize()
    assert p.grad().stype == 'default'
    with pytest.raises(RuntimeError, match='Please use data'):
        p.row_sparse_data(nd.array([0]))


# ---- bad input leaves state as it was -----------------------------------------------------------------------
def test_set_data_wrong_shape_keeps_values():
    p = _param()
    with pytest.raises(AssertionError, match='incompatible'):
        p.set_data(nd.ones((3, 2)))
    np.testing.assert_array_equal(p.data().asnumpy(), np.full((2, 3), 1.5))
    assert p.shape == (2, 3)


def test_cast_unknown_dtype_keeps_dtype():
    p = _param()
    with pytest.raises(TypeError, match='dtype'):
        p.cast('float7')
    assert p.dtype is np.float32
    assert p.data().dtype == np.float32


def test_grad_req_invalid_keeps_req():
    p = _param(grad_req='add')
    with pytest.raises(AssertionError):
        p.grad_req = 'sometimes'
    assert p.grad_req == 'add'


def test_parameterdict_load_is_all_or_nothing(tmp_path):
    d = gluon.ParameterDict('n_')
    d.get('a', shape=(2,), init='ones')
    d.get('b', shape=(3,), init='ones')
    d.initialize()
    fname = str(tmp_path / 'd.params')
    nd.save(fname, {'n_a': nd.array([5., 6.]), 'n_b': nd.array([1., 2.])})   # b has the wrong shape
    with pytest.raises(AssertionError, match="Failed loading Parameter 'n_b'.*shape incompatible"):
        d.load(fname)
    np.testing.assert_array_equal(d['n_a'].data().asnumpy(), [1, 1])


def test_load_dtype_mismatch_is_all_or_nothing(tmp_path):
    d = gluon.ParameterDict('n_')
    d.get('a', shape=(2,), init='ones')
    d.get('b', shape=(2,), init='ones')
    d.initialize()
    fname = str(tmp_path / 'd.params')
    nd.save(fname, {'n_a': nd.array([5., 6.]), 'n_b': nd.array([1., 2.], dtype='float64')})
    with pytest.raises(AssertionError, match='dtype incompatible'):
        d.load(fname)
    np.testing.assert_array_equal(d['n_a'].data().asnumpy(), [1, 1])


def test_save_of_uninitialized_parameter_keeps_old_file(tmp_path):
    fname = str(tmp_path / 'd.params')
    d = gluon.ParameterDict('n_')
    d.get('a', shape=(2,), init='ones')
    d.initialize()
    d.save(fname)
    before = open(fname, 'rb').read()
    d.get('b', shape=(2,))
    with pytest.raises(RuntimeError, match="'n_b' has not been initialized"):
        d.save(fname)
    assert open(fname, 'rb').read() == before
    assert [f for f in os.listdir(str(tmp_path))] == ['d.params']


# ---- files written by MXNet 1.9.1 ---------------------------------------------------------------------------
def test_load_parameterdict_file_written_by_mxnet():
    d = gluon.ParameterDict('')
    d.get('w0', shape=(2, 2), dtype='float32')
    d.get('w1', shape=(2, 2), dtype='int8')
    d.load(os.path.join(GOLDEN_FILES, 'parameterdict_save_load_cast__d.params'))
    assert d['w1'].data().dtype == np.int8
    np.testing.assert_array_equal(d['w0'].data().asnumpy(), np.ones((2, 2)))
    np.testing.assert_array_equal(d['w1'].data().asnumpy(), np.ones((2, 2)))


def test_load_legacy_named_file_written_by_mxnet():
    # MXNet's save_params wrote full names without the network's prefix ('dense0_weight', ...)
    with mx.name.NameManager():
        net = gluon.nn.HybridSequential()
        with net.name_scope():
            net.add(gluon.nn.Dense(3), gluon.nn.Dense(1))
    net.load_parameters(os.path.join(GOLDEN_FILES, 'save_params_legacy_file__legacy.params'))
    np.testing.assert_array_equal(net[0].weight.data().asnumpy(), np.ones((3, 2)))
    # biases were zeros (Dense's bias_initializer), weights ones and 0.25
    np.testing.assert_allclose(net(nd.ones((1, 2))).asnumpy(), [[0.25 * 3 * 2]])


def test_failed_reinitialization_keeps_values():
    p = _param(shape=(3,))
    with pytest.raises(ValueError, match='Xavier initializer cannot be applied to vector w'):
        p.initialize(init=init.Xavier(), force_reinit=True)
    np.testing.assert_array_equal(p.data().asnumpy(), [1.5, 1.5, 1.5])
    assert p.grad() is not None


@pytest.mark.skipif(mx.context.num_gpus() > 0, reason='needs a machine without GPU')
def test_initialize_on_missing_gpu_keeps_state():
    p = _param()
    with pytest.raises(MXNetError, match=r'gpu\(0\) is not available'):
        p.initialize(ctx=mx.gpu(0), force_reinit=True)
    assert p.list_ctx() == [mx.cpu(0)]
    np.testing.assert_array_equal(p.data().asnumpy(), np.full((2, 3), 1.5))


def test_failed_deferred_initialization_can_be_retried():
    p = gluon.Parameter('w', shape=(0,), init=init.Xavier(), allow_deferred_init=True)
    p.initialize()
    p.shape = (4,)
    with pytest.raises(ValueError, match='cannot be applied to vector'):
        p._finish_deferred_init()
    with pytest.raises(gluon.DeferredInitializationError):
        p.data()
    p.init = init.One()
    p._deferred_init = (init.One(),) + p._deferred_init[1:]
    p._finish_deferred_init()
    np.testing.assert_array_equal(p.data().asnumpy(), np.ones(4))
