"""MXNet 1.9.1's small top-level modules in mxtorch: what the golden area small_modules cannot pin (the
parts where mxtorch has no libmxnet, the error registry's lookup, thread-locality, optional libraries, the
statistics of the multivariate normal fallback, the documentation examples)."""
import doctest
import logging
import os
import threading

import numpy as np
import pytest

import mxtorch as mx
import mxtorch.misc
import mxtorch.notebook.callback as nbcb
import mxtorch.space
from mxtorch.base import MXNetError


# ---- mx.engine ----
def test_bulk_size_is_per_thread_and_bulk_restores_it():
    prev = mx.engine.set_bulk_size(12)
    seen = []
    worker = threading.Thread(target=lambda: seen.append(mx.engine.set_bulk_size(1)))
    worker.start()
    worker.join()
    try:
        assert seen == [0]
        with mx.engine.bulk(4):
            assert mx.engine.set_bulk_size(4) == 4
        assert mx.engine.set_bulk_size(12) == 12
    finally:
        mx.engine.set_bulk_size(prev)


def test_bulk_size_type_errors_change_nothing():
    prev = mx.engine.set_bulk_size(3)
    try:
        for bad in ('3', 1.5, None, [2]):
            with pytest.raises(TypeError):
                mx.engine.set_bulk_size(bad)
        assert mx.engine.set_bulk_size(3) == 3
    finally:
        mx.engine.set_bulk_size(prev)


def test_negative_bulk_size_raises_at_the_next_call():
    out = []

    def steps():
        out.append(mx.engine.set_bulk_size(-2))
        try:
            mx.engine.set_bulk_size(5)
        except MXNetError as e:
            out.append(str(e))
        out.append(mx.engine.set_bulk_size(0))
    worker = threading.Thread(target=steps)
    worker.start()
    worker.join()
    assert out[0] == 0 and 'vector::reserve' in out[1] and '-2' in out[1] and out[2] == 5


# ---- mx.error ----
def test_error_module_is_base_error():
    assert mx.error.MXNetError is mx.base.MXNetError is mx.MXNetError
    assert mx.error.register is mx.error.register_error
    assert issubclass(mx.error.InternalError, MXNetError)


def test_error_from_message_uses_the_registry():
    err = mx.error.error_from_message('ValueError: wrong size')
    assert type(err) is ValueError and str(err) == 'ValueError: wrong size'
    assert type(mx.error.error_from_message('InternalError: oops')) is mx.error.InternalError
    assert type(mx.error.error_from_message('mxnet.error.InternalError: oops')) is mx.error.InternalError
    assert 'MXNet hint:' in str(mx.error.error_from_message('InternalError: oops'))
    assert type(mx.error.error_from_message('NoSuchError: x')) is MXNetError
    assert type(mx.error.error_from_message('no name here')) is MXNetError

    @mx.error.register
    class SmallModulesTestError(MXNetError):
        pass
    try:
        assert type(mx.error.error_from_message('SmallModulesTestError: y')) is SmallModulesTestError
        mx.error.register('SmallModulesOther', KeyError)
        assert type(mx.error.error_from_message('SmallModulesOther: z')) is KeyError
    finally:
        del mx.error.error_types['SmallModulesTestError'], mx.error.error_types['SmallModulesOther']


def test_c2pyerror_puts_the_stack_trace_first():
    text, name = mx.error.c2pyerror('TypeError: bad\nStack trace:\n  [bt] (0) a\n  [bt] (1) b\nafter\n')
    assert name == 'TypeError'
    assert text == 'Traceback (most recent call last):\n  [bt] (1) b\n  [bt] (0) a\nTypeError: bad\nafter'


# ---- mx.log ----
def test_get_logger_line_format(capsys):
    logger = mx.log.get_logger('mxtorch_small_modules_test', level=mx.log.INFO)
    logger.info('hello %s', 'there')
    line = capsys.readouterr().err
    assert line.startswith('\x1b[32mI') and line.endswith(']\x1b[0m hello there\n')
    assert 'test_small_modules.py:test_get_logger_line_format:' in line
    assert ' {} '.format(os.getpid()) in line


def test_get_logger_file_has_plain_lines(tmp_path):
    path = str(tmp_path / 'run.log')
    logger = mx.log.get_logger('mxtorch_small_modules_file', filename=path, filemode='w')
    try:
        logger.warning('plain')
        logger.handlers[0].flush()
        assert open(path).read() == 'plain\n'
    finally:
        for h in list(logger.handlers):
            h.close()
            logger.removeHandler(h)


def test_getLogger_warns_and_points_at_the_caller():
    with pytest.warns(DeprecationWarning, match='getLogger is deprecated, Use get_logger instead.') as caught:
        mx.log.getLogger('mxtorch_small_modules_dep')
    assert caught[0].filename == __file__


# ---- mx.misc ----
def test_factor_scheduler_logs_each_change(caplog):
    sched = mx.misc.FactorScheduler(step=2, factor=0.1)
    with caplog.at_level(logging.INFO):
        rates = [sched(i) for i in range(6)]
    assert rates == pytest.approx([0.01, 0.01, 0.001, 0.001, 0.0001, 0.0001])
    assert [r.getMessage() for r in caplog.records] == ['At Iteration [2]: Swith to new learning rate 0.00100',
                                                        'At Iteration [4]: Swith to new learning rate 0.00010']


@pytest.mark.parametrize('args, words', [((0,), 'greater or equal than 1'), ((3, 1.5), 'less than 1')])
def test_factor_scheduler_refusals(args, words):
    with pytest.raises(ValueError, match=words):
        mx.misc.FactorScheduler(*args)


# ---- mx.libinfo ----
def test_libinfo_finds_no_libmxnet(monkeypatch):
    monkeypatch.delenv('MXNET_LIBRARY_PATH', raising=False)
    monkeypatch.delenv('MXNET_INCLUDE_PATH', raising=False)
    monkeypatch.delenv('LD_LIBRARY_PATH', raising=False)
    with pytest.raises(RuntimeError, match='Cannot find the MXNet library.\nList of candidates:\n') as err:
        mx.libinfo.find_lib_path()
    assert all(line.endswith('libmxnet.so') for line in str(err.value).split('\n')[2:])
    with pytest.raises(RuntimeError, match='Cannot find the MXNet include path in either'):
        mx.libinfo.find_include_path()
    assert mx.libinfo.__version__ == '1.9.1'


def test_libinfo_relative_env_path_warns_and_is_ignored(monkeypatch, tmp_path, caplog):
    monkeypatch.chdir(tmp_path)
    (tmp_path / 'libmxnet.so').write_bytes(b'')
    monkeypatch.setenv('MXNET_LIBRARY_PATH', 'libmxnet.so')
    monkeypatch.delenv('LD_LIBRARY_PATH', raising=False)
    with caplog.at_level(logging.WARNING):
        with pytest.raises(RuntimeError):
            mx.libinfo.find_lib_path()
    assert 'MXNET_LIBRARY_PATH should be an absolute path, instead of: libmxnet.so' in caplog.text


# ---- mx.library ----
def test_library_load_refuses_with_the_file_and_the_reason(tmp_path):
    lib = tmp_path / 'libcustom_ops.so'
    lib.write_bytes(b'\x7fELF')
    with pytest.raises(MXNetError) as err:
        mx.library.load(str(lib), verbose=False)
    text = str(err.value)
    assert str(lib) in text and 'cannot load MXNet C++ extension libraries' in text and 'CustomOp' in text
    with pytest.raises(MXNetError, match='load path /no/such/libx.so does NOT exist'):
        mx.library.load('/no/such/libx.so')
    other = tmp_path / 'ops.txt'
    other.write_text('')
    with pytest.raises(MXNetError, match='is NOT a library file'):
        mx.library.load(str(other))


# ---- mx.rtc ----
def test_rtc_refuses_with_a_clear_message():
    import torch
    with pytest.raises(MXNetError) as err:
        mx.rtc.CudaModule('extern "C" __global__ void axpy(const float *x, float *y, float a) {}', exports='axpy')
    if torch.cuda.is_available():
        assert 'NVRTC' in str(err.value)
    else:
        assert 'USE_CUDA=1' in str(err.value) and 'no CUDA device' in str(err.value)


def test_rtc_kernel_signature_and_launch_checks():
    is_nd, is_const, dtypes = mx.rtc._parse_signature('const float *x, double  *y, int n')
    assert is_nd == [True, True, False] and is_const == [True, False, False]
    assert dtypes == [np.float32, np.float64, np.int32]
    with pytest.raises(ValueError, match='Invalid function prototype "const"'):
        mx.rtc._parse_signature('const')
    with pytest.raises(TypeError, match='Unsupported kernel argument type long n'):
        mx.rtc._parse_signature('float *x, long n')
    kernel = mx.rtc.CudaKernel(None, 'k', [True, False], [np.float32, np.int32])
    with pytest.raises(AssertionError, match='can only be launched on GPU'):
        kernel.launch([mx.nd.ones((2,)), 2], mx.cpu(), (1, 1, 1), (2, 1, 1))
    with pytest.raises(AssertionError, match=r'CudaKernel\(k\) expects 2 arguments but got 1'):
        kernel.launch([mx.nd.ones((2,))], mx.gpu(0), (1, 1, 1), (2, 1, 1))
    with pytest.raises(AssertionError, match='The 0-th argument is expected to be a NDArray'):
        kernel.launch([3, 2], mx.gpu(0), (1, 1, 1), (2, 1, 1))
    with pytest.raises(AssertionError, match='The 1-th argument is expected to be a number'):
        kernel.launch([mx.nd.ones((2,)), 'n'], mx.gpu(0), (1, 1, 1), (2, 1, 1))


# ---- mx.tvmop, mx.space ----
def test_tvmop_has_no_tvm_operators():
    assert mx.tvmop.Features is mx.runtime.Features
    assert not mx.tvmop.Features().is_enabled('TVM_OP')


def test_space_json_round_trip():
    sp = mx.space
    spaces = sp.ConfigSpaces()
    spaces['op'] = sp.ConfigSpace.from_json_dict({'e': [['a', 'ot', 2]], 's': [['a', 'ot', [1, 2]], ['b', 'ot', [0, 1, 2]]]})
    assert len(spaces.spaces['op']) == 6 and len(spaces) == 1
    assert sp.ConfigSpaces.from_json_dict(spaces.to_json_dict()).to_json_dict() == spaces.to_json_dict()
    bad = sp.ConfigSpace({}, {'k': 'not an entity'})
    with pytest.raises(RuntimeError, match="Invalid entity instance: 'not an entity'"):
        bad.to_json_dict()


# ---- mx.ndarray_doc / mx.symbol_doc: the examples in the doc classes run as written ----
@pytest.mark.parametrize('module', ['ndarray_doc', 'symbol_doc'])
def test_doc_class_examples_run(module):
    mod = getattr(mx, module)
    names = {'mx': mx, 'np': np, 'SymbolDoc': getattr(mod, 'SymbolDoc', None)}
    names.update({n: getattr(mx.sym, n) for n in ('Variable', 'Activation', 'Dropout', 'Embedding', 'Flatten',
                                                   'FullyConnected', 'Concat', 'broadcast_plus')})
    base = mod.NDArrayDoc if module == 'ndarray_doc' else mod.SymbolDoc
    finder, runner = doctest.DocTestFinder(), doctest.DocTestRunner(optionflags=doctest.NORMALIZE_WHITESPACE)
    ran = 0
    for cls in base.__subclasses__():
        if cls.__name__ == 'CustomDoc':          # needs a registered operator and its input
            continue
        for test in finder.find(cls, cls.__name__, globs=dict(names)):
            ran += len(test.examples)
            runner.run(test)
    assert ran > 10 and runner.failures == 0


# ---- mx.numpy_op_fallback ----
def test_mvn_fallback_samples_have_the_mean_and_a_diagonal_covariance():
    mx.random.seed(7)
    mean = mx.np.array([1.0, -3.0])
    cov = mx.np.array([[4.0, 0.0], [0.0, 0.25]])
    samples = mx.np._internal.mvn_fallback(mean, cov, size='(20000,)').asnumpy()
    assert samples.shape == (20000, 2)
    assert np.allclose(samples.mean(axis=0), [1.0, -3.0], atol=0.05)
    assert np.allclose(np.cov(samples.T), [[4.0, 0.0], [0.0, 0.25]], atol=0.1)


def test_fallbacks_are_custom_operators():
    out = mx.nd.Custom(mx.nd.array([5, 1], dtype='int64'), op_type='unravel_index_fallback', shape=(2, 3))
    assert out.asnumpy().tolist() == [[1, 0], [2, 1]]
    assert isinstance(mx.np._internal.resize_fallback(mx.np.array([1, 2]), new_shape='3'), mx.np.ndarray)
    # the symbolic front end runs them as Custom nodes
    sym = mx.sym.Custom(mx.sym.var('a'), op_type='resize_fallback', new_shape='(5,)')
    assert sym.infer_shape(a=(3,))[1] == [(5,)]
    exe = sym.bind(mx.cpu(), {'a': mx.nd.array([1, 2, 3])})
    assert exe.forward()[0].asnumpy().tolist() == [1, 2, 3, 1, 2]


# ---- mx.notebook ----
def test_notebook_without_bokeh_says_so():
    pytest.importorskip('pandas')
    if nbcb.bokeh is not None:
        pytest.skip('bokeh is installed')
    with pytest.raises(ImportError, match='LiveLearningCurve needs bokeh'):
        nbcb.LiveLearningCurve('accuracy')
    with pytest.raises(ImportError, match='LiveTimeSeries needs bokeh'):
        nbcb.LiveTimeSeries()


def test_pandas_logger_rows():
    pytest.importorskip('pandas')
    log = nbcb.PandasLogger(batch_size=10, frequent=1)

    class Param:
        epoch, nbatch, eval_metric = 1, 3, None
    log.train_cb(Param())
    log.epoch_cb()
    assert list(log.train_df['minibatch_count']) == [3] and list(log.train_df['epoch']) == [1]
    assert sorted(log.epoch_df.columns) == ['elapsed', 'epoch_time']
    assert nbcb.args_wrapper(log)['epoch_end_callback'] == [log.epoch_cb]


def test_modules_import_through_the_mxnet_alias():
    import importlib
    import mxtorch.compat
    was_installed = mxtorch.compat.installed()
    mxtorch.compat.install()
    try:
        for name in ('mxnet.misc', 'mxnet.space', 'mxnet.notebook.callback', 'mxnet.log', 'mxnet.error',
                     'mxnet.engine', 'mxnet.libinfo', 'mxnet.library', 'mxnet.rtc', 'mxnet.numpy_op_fallback'):
            module = importlib.import_module(name)
            assert module is importlib.import_module(name.replace('mxnet', 'mxtorch', 1)), name
        from mxnet.misc import FactorScheduler
        assert FactorScheduler(2, 0.5)(4) == pytest.approx(0.0025)
    finally:
        if not was_installed:
            mxtorch.compat.uninstall()


def test_api_namespace_has_no_public_names_as_in_mxnet():
    # MXNet 1.9.1 registers no FFI function under 'mxnet.api': dir(mxnet.api) holds only private names
    assert [n for n in dir(mx.api) if not n.startswith('_')] == []
