"""mx.test_utils, mx.util, mx.runtime and the sparse/np/npx stubs: what golden cases cannot show (the
checkers' function-taking versions are mxtorch's own; sparse storage and mx.np exist only in MXNet).
Expected values come from mathematics or from torch's own facts, never from the code under test.
"""
import os

import numpy as np
import pytest
import torch

import mxtorch as mx
from mxtorch import autograd, nd
from mxtorch import test_utils as tu


class _WrongGradient(autograd.Function):
    """x**2 with a deliberately wrong gradient (3 instead of 2x)."""

    def forward(self, x):
        return x * x

    def backward(self, dy):
        return dy * 3


# ---- check_numeric_gradient -------------------------------------------------------------------------
def test_check_numeric_gradient_accepts_correct_gradients():
    tu.check_numeric_gradient(lambda x, y: x * nd.sin(y), [np.random.rand(3, 2), np.random.rand(3, 2)])


def test_check_numeric_gradient_float64_and_tight_tolerance():
    tu.check_numeric_gradient(lambda x: nd.exp(x) * x, [np.random.rand(4)], dtype=np.float64,
                              rtol=1e-6, atol=1e-8)


def test_check_numeric_gradient_rejects_wrong_gradient():
    with pytest.raises(AssertionError, match='NUMERICAL_0'):
        tu.check_numeric_gradient(lambda x: _WrongGradient()(x), [np.random.rand(5) + 1.0])


def test_check_numeric_gradient_dict_location_and_grad_reqs():
    loc = {'a': np.random.rand(2, 3), 'b': np.random.rand(2, 3)}
    tu.check_numeric_gradient(lambda a, b: nd.sum(a * b, axis=1), loc,
                              grad_nodes={'a': 'add', 'b': 'null'}, dtype=np.float64)
    tu.check_numeric_gradient(lambda a, b: nd.sum(a * b, axis=1), loc, grad_nodes=['b'])


def test_check_numeric_gradient_several_outputs():
    tu.check_numeric_gradient(lambda x: [nd.tanh(x), x * x], [np.random.rand(3)])


def test_check_numeric_gradient_follows_training_mode():
    # an output that depends on the mode: finite differences in predict mode see another function than
    # the recorded (training) one, so the check must fail there and pass in training mode
    def fn(x):
        return x * 3 if autograd.is_training() else x * 1
    tu.check_numeric_gradient(fn, [np.random.rand(3)], use_forward_train=True)
    with pytest.raises(AssertionError):
        tu.check_numeric_gradient(fn, [np.random.rand(3)], use_forward_train=False)


def test_check_numeric_gradient_bad_input():
    with pytest.raises(TypeError, match='function'):
        tu.check_numeric_gradient('not a function', [np.ones(2)])
    with pytest.raises(TypeError, match='dtype'):
        tu.check_numeric_gradient(lambda x: x, [np.ones(2)], dtype=np.int32)
    with pytest.raises(ValueError, match='not an input'):
        tu.check_numeric_gradient(lambda x: x, {'x': np.ones(2)}, grad_nodes=['y'])
    with pytest.raises(ValueError, match='grad_req'):
        tu.check_numeric_gradient(lambda x: x, {'x': np.ones(2)}, grad_nodes={'x': 'sometimes'})
    with pytest.raises(mx.MXNetError, match='sparse'):
        tu.check_numeric_gradient(lambda x: x, {'x': np.ones(2)}, grad_stype_dict={'x': 'row_sparse'})
    with pytest.raises(TypeError, match='NDArray'):
        tu.check_numeric_gradient(lambda x: 3.0, [np.ones(2)])


# ---- check_consistency -----------------------------------------------------------------------------
def _entries(*dtypes):
    return [{'ctx': mx.cpu(), 'data': (2, 3), 'type_dict': {'data': d}} for d in dtypes]


def test_check_consistency_across_dtypes():
    x = np.random.uniform(-1, 1, size=(2, 3))
    gt = tu.check_consistency(lambda data: nd.tanh(data) * 2, _entries(np.float64, np.float32, np.float16),
                              arg_params={'data': x})
    # the reference is the float64 run; every run backpropagates entry 0's output cast to float16
    assert gt['output0'].dtype == np.float64
    np.testing.assert_allclose(gt['output0'].asnumpy(), 2 * np.tanh(x), rtol=1e-12)
    head = (2 * np.tanh(x)).astype(np.float16).astype(np.float64)
    np.testing.assert_allclose(gt['data'].asnumpy(), head * 2 * (1 - np.tanh(x) ** 2), rtol=1e-12)


def test_check_consistency_finds_dtype_dependent_results():
    def fn(data):
        return data + (0.5 if data.dtype == np.float32 else 0.0)
    with pytest.raises(AssertionError):
        tu.check_consistency(fn, _entries(np.float64, np.float32))
    gt = tu.check_consistency(fn, _entries(np.float64, np.float32), raise_on_err=False)
    assert 'output0' in gt


def test_check_consistency_finds_wrong_gradient():
    class Scaled(autograd.Function):
        def forward(self, x):
            return x * 2

        def backward(self, dy):
            return dy * (2 if dy.dtype == np.float64 else 5)
    with pytest.raises(AssertionError):
        tu.check_consistency(lambda data: Scaled()(data), _entries(np.float64, np.float32))
    tu.check_consistency(lambda data: Scaled()(data), _entries(np.float64, np.float32), grad_req='null')


def test_check_consistency_bad_input():
    with pytest.raises(ValueError, match='two'):
        tu.check_consistency(lambda data: data, _entries(np.float32))
    with pytest.raises(ValueError, match='same inputs'):
        tu.check_consistency(lambda data: data, _entries(np.float32) + [{'ctx': mx.cpu(), 'x': (2,)}])
    with pytest.raises(TypeError, match='function'):
        tu.check_consistency(None, _entries(np.float32, np.float64))


# ---- comparisons: messages and MXNet's tolerances -------------------------------------------------
def test_assert_almost_equal_message_names_the_worst_element():
    a = np.array([1.0, 2.0, 3.0], dtype=np.float32)
    b = np.array([1.0, 2.5, 3.1], dtype=np.float32)
    with pytest.raises(AssertionError) as info:
        tu.assert_almost_equal(a, b, names=('mine', 'theirs'))
    msg = str(info.value)
    assert 'Location of maximum error: (1,), mine=2.00000000, theirs=2.50000000' in msg
    assert 'mismatch 66.666667%' in msg
    assert 'rtol=1.000000e-04, atol=1.000000e-03' in msg


def test_assert_almost_equal_ndarray_float16_tolerance():
    # float16 data: rtol 1e-2, atol 1e-1 -> 1.0 vs 1.1 is within 0.1 + 0.011
    tu.assert_almost_equal(nd.array([1.0], dtype='float16'), nd.array([1.1], dtype='float16'))
    with pytest.raises(AssertionError):
        tu.assert_almost_equal(nd.array([1.0], dtype='float16'), nd.array([1.25], dtype='float16'))


def test_effective_dtype_on_gpu_follows_tf32():
    if mx.context.num_gpus() == 0:
        assert tu.effective_dtype(nd.ones((1,))) == np.dtype('float32')
        return
    major, minor = torch.cuda.get_device_capability(0)
    x = nd.ones((1,), ctx=mx.gpu(0))
    tf32 = (major >= 8 and (torch.backends.cuda.matmul.allow_tf32 or torch.backends.cudnn.allow_tf32)
            and os.environ.get('NVIDIA_TF32_OVERRIDE') != '0')
    assert tu.effective_dtype(x) == np.dtype('float16' if tf32 else 'float32')
    with tu.environment('NVIDIA_TF32_OVERRIDE', '0'):
        assert tu.effective_dtype(x) == np.dtype('float32')


# ---- random data, sparse ---------------------------------------------------------------------------
def test_rand_ndarray_stypes():
    x = tu.rand_ndarray((3, 4), ctx=mx.cpu())
    assert x.shape == (3, 4) and x.dtype == np.float32 and x.stype == 'default'
    for stype in ('csr', 'row_sparse'):
        y = tu.rand_ndarray((3, 4), stype, density=0.5)
        assert y.stype == stype and y.shape == (3, 4)
    # the generators are tested in tests/test_sparse_utils.py


def test_random_sample_bad_k():
    with pytest.raises(ValueError, match='k=4'):
        tu.random_sample([1, 2, 3], 4)


def test_sparse_module_makes_sparse_arrays_and_refuses_bad_input():
    # sparse storage exists (issue 15; tests/test_sparse.py and the golden area 'sparse' test it)
    from mxtorch.ndarray import sparse
    assert sparse.csr_matrix(([1.0], [0], [0, 1]), shape=(1, 2)).stype == 'csr'
    assert sparse.row_sparse_array(np.ones((2, 2))).stype == 'row_sparse'
    with pytest.raises(ValueError, match='unknown storage type'):
        sparse.zeros('dense', (2,))
    with pytest.raises(TypeError, match='NDArray'):
        sparse.add(1, 2)


def test_numpy_modules_have_mxnets_names_and_say_which_they_lack():
    import mxtorch.numpy as mnp
    import mxtorch.numpy_extension as npx
    for module, name in ((mnp, 'ones'), (mnp, 'ndarray'), (npx, 'set_np')):
        assert hasattr(module, name)
    with pytest.raises(AttributeError, match='asarray'):
        mnp.asarray       # NumPy has it, MXNet 1.9.1's mx.np does not
    assert not hasattr(mnp, 'no_such_name')


# ---- util ------------------------------------------------------------------------------------------
def test_set_np_turns_both_semantics_on_and_reset_np_off():
    mx.util.set_np()
    try:
        assert mx.util.is_np_shape() and mx.util.is_np_array()
        with pytest.raises(ValueError, match='Deactivating NumPy shape'):
            mx.util.set_np_shape(False)     # array semantics needs shape semantics
        assert mx.util.is_np_shape()
    finally:
        mx.util.reset_np()
    assert not mx.util.is_np_shape() and not mx.util.is_np_array()
    with pytest.raises(ValueError, match='NumPy Shape semantics is required'):
        mx.util.set_np(shape=False, array=True)
    assert not mx.util.is_np_shape() and not mx.util.is_np_array()  # state untouched by the failure
    with mx.util.np_array(True):
        assert mx.util.is_np_array()
    assert not mx.util.is_np_array()


def test_np_shape_is_per_thread_and_restored_on_error():
    import threading
    seen = []
    with mx.util.np_shape(True):
        t = threading.Thread(target=lambda: seen.append(mx.util.is_np_shape()))
        t.start()
        t.join()
    assert seen == [False]
    with pytest.raises(KeyError):
        with mx.util.np_shape(True):
            raise KeyError('x')
    assert not mx.util.is_np_shape()


def test_use_np_scopes_functions_and_classes():
    @tu.use_np
    def f(x):
        return x + 1, mx.util.is_np_array(), mx.util.is_np_shape()
    assert f(1) == (2, True, True) and f.__name__ == 'f'

    @mx.util.use_np
    class C:
        def g(self):
            return mx.util.is_np_array()
    assert C().g() is True
    assert not mx.util.is_np_array()
    with pytest.raises(TypeError):
        mx.util.use_np(3)


def test_makedirs_and_gpu_queries(tmp_path):
    d = tmp_path / 'a' / 'b'
    mx.util.makedirs(str(d))
    mx.util.makedirs(str(d))  # existing: fine
    assert d.is_dir()
    assert mx.util.get_gpu_count() == (torch.cuda.device_count() if torch.cuda.is_available() else 0)
    assert list(tu.list_gpus()) == list(range(mx.util.get_gpu_count()))
    with pytest.raises(ValueError, match='gpu context'):
        mx.util.get_cuda_compute_capability(mx.cpu())
    if torch.cuda.is_available():
        major, minor = torch.cuda.get_device_capability(0)
        assert mx.util.get_cuda_compute_capability(mx.gpu(0)) == 10 * major + minor


# ---- runtime ---------------------------------------------------------------------------------------
def test_runtime_features_follow_torch():
    f = mx.runtime.Features()
    assert f.is_enabled('CUDA') == torch.backends.cuda.is_built()
    assert f.is_enabled('OPENMP') == torch.backends.openmp.is_available()
    assert not f.is_enabled('MKLDNN') and not f.is_enabled('TENSORRT') and not f.is_enabled('TVM_OP')
    assert f.is_enabled('int64_tensor_size')
    assert all(f.is_enabled(name) == feat.enabled for name, feat in f.items())
    assert repr(f['TVM_OP']) == '\u2716 TVM_OP'
    assert mx.runtime.Features() is f and len(f) == 32


# ---- environment, stderr, context, misc -----------------------------------------------------------
def test_environment_bad_arguments_leave_environment_alone():
    os.environ.pop('MXT_TU_BAD', None)
    with pytest.raises(TypeError):
        with tu.environment('MXT_TU_BAD', 1):
            pass
    with pytest.raises(TypeError):
        with tu.environment('MXT_TU_BAD'):
            pass
    assert 'MXT_TU_BAD' not in os.environ


def test_discard_stderr_silences_file_descriptor_2(capfd):
    import sys
    with tu.discard_stderr():
        os.write(2, b'hidden\n')
        sys.stderr.write('also hidden\n')
    os.write(2, b'shown\n')
    sys.stderr.write('also shown\n')
    err = capfd.readouterr().err
    assert 'hidden' not in err and 'shown' in err and 'also shown' in err


def test_set_default_context():
    before = tu.default_context()
    try:
        tu.set_default_context(mx.cpu(1))
        assert tu.default_context() == mx.cpu(1)
        assert nd.zeros((1,)).context == mx.cpu(1)
    finally:
        tu.set_default_context(before)
    with pytest.raises(TypeError, match='Context'):
        tu.set_default_context('gpu')
    assert tu.default_context() == before


def test_retry_reruns_failing_assertions():
    calls = []

    @tu.retry(3)
    def flaky():
        calls.append(1)
        assert len(calls) >= 2
    flaky()
    assert len(calls) == 2
    with pytest.raises(AssertionError):
        tu.retry(2)(lambda: tu.assert_almost_equal(np.ones(1), np.zeros(1)))()


# ---- the helpers that take Symbols ------------------------------------------------------------------
def _sin_times():
    x, y = mx.sym.var('x'), mx.sym.var('y')
    return mx.sym.sin(x) * y


def test_check_symbolic_forward_names_the_output_that_differs():
    s = _sin_times()
    a, b = np.random.rand(2, 3), np.random.rand(2, 3)
    outs = tu.check_symbolic_forward(s, [a, b], [np.sin(a) * b])
    assert outs[0].shape == (2, 3) and outs[0].dtype == np.float32
    name = s.list_outputs()[0]
    with pytest.raises(AssertionError, match='EXPECTED_{}'.format(name)) as info:
        tu.check_symbolic_forward(s, {'x': a, 'y': b}, {name: np.sin(a) * b + 1})
    assert 'FORWARD_{}'.format(name) in str(info.value)
    with pytest.raises(ValueError, match='do not match'):
        tu.check_symbolic_forward(s, {'x': a}, [a])


def test_check_symbolic_backward_grad_reqs():
    s = _sin_times()
    a, b = np.random.rand(2, 3), np.random.rand(2, 3)
    head = np.random.rand(2, 3)
    grads = tu.check_symbolic_backward(s, [a, b], [head], [head * np.cos(a) * b, head * np.sin(a)])
    np.testing.assert_allclose(grads['y'].asnumpy(), head * np.sin(a), rtol=1e-5)
    # 'add' must find the gradient added to the (random) buffer, 'null' the buffer untouched
    tu.check_symbolic_backward(s, [a, b], [head], {'x': head * np.cos(a) * b, 'y': np.zeros((2, 3))},
                               grad_req={'x': 'add', 'y': 'null'})
    with pytest.raises(AssertionError, match='BACKWARD_x'):
        tu.check_symbolic_backward(s, [a, b], [head], {'x': np.zeros((2, 3))}, grad_req='add')
    with pytest.raises(AssertionError, match='out_grads'):
        tu.check_symbolic_backward(s, [a, b], nd.ones((2, 3)), [a, b])


def test_check_numeric_gradient_of_a_symbol():
    s = _sin_times()
    tu.check_numeric_gradient(s, [np.random.rand(3, 2), np.random.rand(3, 2)])
    tu.check_numeric_gradient(s, {'x': np.random.rand(3), 'y': np.random.rand(3)}, grad_nodes={'y': 'add'},
                              dtype=np.float64, rtol=1e-6, atol=1e-8)
    x = mx.sym.var('x')
    wrong = mx.sym.BlockGrad(x) * x          # backward sees x, the function is x**2
    with pytest.raises(AssertionError, match='NUMERICAL_x'):
        tu.check_numeric_gradient(wrong, [np.random.uniform(1, 2, (4,))])
    with pytest.raises(AssertionError, match='too small'):
        tu.check_numeric_gradient(s, [np.ones(2), np.ones(2)], numeric_eps=1e-7)
    with pytest.raises(AssertionError, match='dtype'):
        tu.check_numeric_gradient(s, [np.ones(2), np.ones(2)], dtype='float32')


def test_check_numeric_gradient_restores_auxiliary_states():
    # in training BatchNorm moves its statistics at every pass; each finite-difference pass must start
    # from the given ones, or the numeric gradient would drift with the pass count
    bn = mx.sym.BatchNorm(mx.sym.var('data'), fix_gamma=False, momentum=0.5, name='bn')
    data = np.random.uniform(-1, 1, (4, 2, 3))
    tu.check_numeric_gradient(bn, [data, np.ones(2), np.zeros(2)], aux_states=[np.zeros(2), np.ones(2)],
                              numeric_eps=1e-2, rtol=0.1, atol=1e-2)


def test_numeric_grad_of_an_executor():
    x = mx.sym.var('x')
    exe = (x * x * x).bind(mx.cpu(), {'x': nd.zeros((3,))})
    point = np.array([1.0, -2.0, 0.5])
    grads = tu.numeric_grad(exe, {'x': point}, eps=1e-3, dtype=np.float64)
    np.testing.assert_allclose(grads['x'], 3 * point ** 2, rtol=1e-3)
    np.testing.assert_allclose(exe.arg_dict['x'].asnumpy(), point)      # left at the location
    assert point.tolist() == [1.0, -2.0, 0.5]


def test_check_consistency_of_symbols_reports_predict_and_train_errors(capsys):
    data = mx.sym.var('data')
    entries = [{'ctx': mx.cpu(), 'data': (2, 3), 'type_dict': {'data': np.float64}},
               {'ctx': mx.cpu(), 'data': (2, 3), 'type_dict': {'data': np.float32}}]
    gt = tu.check_consistency(mx.sym.tanh(data, name='out'), entries)
    assert sorted(gt) == ['data', 'out_output'] and gt['out_output'].dtype == np.float64
    off = [mx.sym.tanh(data, name='out'), mx.sym.tanh(data * 1.01, name='out')]
    with pytest.raises(AssertionError):
        tu.check_consistency(off, entries)
    assert 'Predict Err: ctx 1 vs ctx 0 at out_output' in capsys.readouterr().out
    blocked = [mx.sym.tanh(data, name='out'), mx.sym.tanh(mx.sym.BlockGrad(data), name='out')]
    with pytest.raises(AssertionError):
        tu.check_consistency(blocked, entries)
    assert 'Train Err: float32 cpu(0) ctx 1 vs float64 cpu(0) ctx 0 at data' in capsys.readouterr().out
    tu.check_consistency(blocked, entries, grad_req='null')
    with pytest.raises(AssertionError, match='at least two'):
        tu.check_consistency(data, entries[:1])


def test_simple_forward_and_same_symbol_structure():
    s = _sin_times()
    np.testing.assert_allclose(tu.simple_forward(s, x=np.ones(2), y=np.full(2, 2.0)), 2 * np.sin(1), rtol=1e-6)
    both = tu.simple_forward(mx.sym.Group([s, s * 2]), x=np.ones(2), y=np.ones(2))
    assert isinstance(both, list) and len(both) == 2
    x, y = mx.sym.var('x'), mx.sym.var('y')
    assert tu.same_symbol_structure(s, mx.sym.sin(y) * x)
    assert not tu.same_symbol_structure(s, mx.sym.cos(x) * y)


def test_check_speed_of_a_symbol():
    assert tu.check_speed(_sin_times(), N=2, x=(2, 2), y=(2, 2)) > 0
    with pytest.raises(ValueError, match='whole'):
        tu.check_speed(_sin_times(), N=1, typ='both', x=(2, 2), y=(2, 2))


def test_star_import_gives_what_mxnet_tests_use():
    ns = {}
    exec('from mxtorch.test_utils import *', ns)
    for name in ('mx', 'np', 'array', 'assert_almost_equal', 'same', 'rand_ndarray', 'environment',
                 'discard_stderr', 'default_context', 'compare_optimizer', 'compare_ndarray_tuple', 'use_np'):
        assert name in ns, name
    assert ns['mx'] is mx


def test_compare_ndarray_tuple_nested():
    a = (nd.array([1, 2]), (nd.array([3]), None))
    tu.compare_ndarray_tuple(a, (np.array([1, 2], 'float32'), (np.array([3], 'float32'), nd.ones(1))))
    with pytest.raises(AssertionError):
        tu.compare_ndarray_tuple(a, (np.array([1, 2], 'float32'), (np.array([4], 'float32'), None)))


# ---- download (MXNet's test_utils.download) and compare_optimizer's argument check --------------------
def test_download_copies_a_file_url_and_keeps_an_existing_file(tmp_path):
    source = tmp_path / 'source.txt'
    source.write_text('first')
    url = 'file://' + str(source)
    got = tu.download(url, dirname=str(tmp_path / 'out'))
    assert got == os.path.join(str(tmp_path / 'out'), 'source.txt')
    assert open(got).read() == 'first'
    source.write_text('second')
    assert open(tu.download(url, dirname=str(tmp_path / 'out'))).read() == 'first'       # kept
    assert open(tu.download(url, dirname=str(tmp_path / 'out'), overwrite=True)).read() == 'second'
    with pytest.raises(AssertionError, match='retries should be at least 0'):
        tu.download(url, retries=-1)


def test_compare_optimizer_ntensors_needs_a_list_of_shapes():
    sgd = mx.optimizer.SGD(learning_rate=0.1)
    with pytest.raises(AssertionError, match='ntensors=2 needs a list of shapes'):
        tu.compare_optimizer(sgd, sgd, (3,), np.float32, ntensors=2)
    tu.compare_optimizer(mx.optimizer.SGD(learning_rate=0.1), mx.optimizer.SGD(learning_rate=0.1),
                         [(3,), (2, 2)], np.float32, ntensors=2)
