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
def test_var_is_a_symbol_variable_made_once():
    # its attributes are compared with MXNet's in the golden cases; here: it is a Symbol to compose
    p = gluon.Parameter('w', shape=(1,))
    v = p.var()
    assert isinstance(v, mx.sym.Symbol) and v is p.var()
    assert v.name == 'w' and v.list_arguments() == ['w']
    assert (v + 1).list_arguments() == ['w']


def test_sparse_storage_and_row_sparse_grad():
    # row_sparse storage is read through a Trainer (tests/test_sparse_grad.py); csr parameters do not exist
    with pytest.raises(MXNetError, match="csr"):
        gluon.Parameter('w', shape=(2, 2), stype='csr')
    w = gluon.Parameter('w', shape=(2, 2), stype='row_sparse')
    w.initialize()
    with pytest.raises(RuntimeError, match='Please use row_sparse_data'):
        w.data()
    p = gluon.Parameter('w', shape=(2, 2), grad_stype='row_sparse')
    p.initialize()
    assert p.grad().stype == 'row_sparse'
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


# ---- input checks that must hold under python -O (they were bare asserts) ----------------------------------
_UNDER_O = r'''
import json, os, tempfile
import mxtorch as mx
from mxtorch import gluon, nd
assert not __debug__   # running under -O: a bare assert would vanish
folder = tempfile.mkdtemp()
results = {}

def outcome(name, call):
    try:
        call()
        results[name] = None
    except Exception as e:  # noqa
        results[name] = [type(e).__name__, str(e)]

P = gluon.Parameter
outcome('grad_req', lambda: P('w', shape=(2,), grad_req='sometimes'))
outcome('stype', lambda: P('w', shape=(2,), stype='dense'))
outcome('grad_stype', lambda: P('w', shape=(2,), grad_stype='dense'))
outcome('shape', lambda: setattr(P('w', shape=(2, 3)), 'shape', (4, 3)))
outcome('set_data', lambda: P('w', shape=(2,)).set_data(nd.ones((2,))))
outcome('finish', lambda: P('w', shape=(0,), allow_deferred_init=True)._finish_deferred_init() or None)
deferred = P('w', shape=(0,), allow_deferred_init=True)
deferred.initialize()
outcome('finish_unknown', deferred._finish_deferred_init)

d = gluon.ParameterDict('p_')
d.get('w', shape=(2, 3))
d.get('c', shape=(2,))
d.get_constant('k', [1, 2])
outcome('get', lambda: d.get('w', shape=(4, 3)))
outcome('get_constant_kind', lambda: d.get_constant('c', [1, 2]))
outcome('get_constant_value', lambda: d.get_constant('k', nd.array([1, 3])))
other = gluon.ParameterDict('p_')
other.get('w', shape=(2, 3))
outcome('update', lambda: d.update(other))

src = gluon.ParameterDict('n_')
src.get('a', shape=(2,), init='ones')
src.initialize()
fname = os.path.join(folder, 'd.params')
src.save(fname)
two = gluon.ParameterDict('n_')
two.get('a', shape=(2,))
two.get('b', shape=(2,))
outcome('load_missing', lambda: two.load(fname))
none = gluon.ParameterDict('n_')
outcome('load_extra', lambda: none.load(fname))
outcome('restore_prefix', lambda: two.load(fname, restore_prefix='m_'))
wide = gluon.ParameterDict('n_')
wide.get('a', shape=(3,))
outcome('load_shape', lambda: wide.load(fname))
wrong = gluon.ParameterDict('n_')
wrong.get('a', shape=(2,), dtype='float64')
outcome('load_dtype', lambda: wrong.load(fname))
placed = gluon.ParameterDict('n_')
placed.get('a', shape=(2,))
placed.initialize(ctx=mx.cpu(0))
outcome('load_ctx', lambda: placed.load(fname, ctx=mx.cpu(1)))
outcome('load_dtype_source', lambda: wrong.load(fname, cast_dtype=True, dtype_source='neither'))
print(json.dumps(results))
'''


def test_parameter_input_checks_hold_under_python_O(tmp_path):
    import subprocess
    import sys
    done = subprocess.run([sys.executable, '-O', '-c', _UNDER_O], capture_output=True, text=True, cwd=str(tmp_path))
    assert done.returncode == 0, done.stderr
    got = json.loads(done.stdout.strip().splitlines()[-1])
    want = {   # MXNet's error type (an assert there) and key words of its message
        'grad_req': "grad_req must be one of 'write', 'add', or 'null', but got 'sometimes'",
        'stype': "stype for Parameter 'w' must be one of 'default', 'row_sparse', or 'csr', but got 'dense'",
        'grad_stype': "grad_stype for Parameter 'w' must be one of",
        'shape': 'Expected shape (4, 3) is incompatible with given shape (2, 3).',
        'set_data': "Parameter 'w' has not been initialized",
        'finish_unknown': "Cannot initialize Parameter 'w' because it has invalid shape: (0,)",
        'get': "Cannot retrieve Parameter 'p_w' because desired attribute does not match with stored for "
               "attribute 'shape': desired '(4, 3)' vs stored '(2, 3)'.",
        'get_constant_kind': "Parameter 'p_c' already exists but it is not a constant.",
        'get_constant_value': "Constant 'p_k' already exists but it's value doesn't match new value",
        'update': "Cannot update self with other because they have different Parameters with the same name 'p_w'",
        'load_missing': "Parameter 'n_b' is missing in file: ",
        'load_extra': "Parameter 'n_a' loaded from file: ",
        'restore_prefix': "restore_prefix is 'm_' but Parameters name 'n_a' does not start with 'm_'",
        'load_shape': "Failed loading Parameter 'n_a' from saved params: shape incompatible expected (3,) vs saved (2,)",
        'load_dtype': "Failed loading Parameter 'n_a' from saved params: dtype incompatible expected float64",
        'load_ctx': "Failed to load Parameter 'n_a' on [cpu(1)] because it was previous initialized on [cpu(0)].",
        'load_dtype_source': "dtype_source must be 'current' or 'saved'",
    }
    assert got['finish'] is None      # nothing deferred: nothing to do
    for name, words in want.items():
        assert got[name] is not None and got[name][0] == 'AssertionError', (name, got[name])
        assert words in got[name][1], (name, got[name][1])
