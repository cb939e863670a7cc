"""Names that MXNet 1.9.1 has and mxtorch does not provide yet: each raises NotProvidedError, an MXNetError
that is also an AttributeError (so hasattr() and getattr(..., default) behave as for any missing name),
saying so; other unknown names keep Python's plain AttributeError; nothing that exists is hidden."""
import os
import subprocess

import pytest

import mxtorch as mx
from mxtorch.base import MXNetError, NotProvidedError

REFERENCE_PYTHON = os.path.expanduser('~/.cache/mxtorch-ref/venv/bin/python')

# MXNet 1.9.1's public top-level names (dir(mxnet) without leading underscores) and the public modules of
# its package that `import mxnet` does not load (misc, space), as the reference install lists them
MXNET_TOP = ['AttrScope', 'Context', 'MXNetError', 'api', 'attribute', 'autograd', 'base', 'callback', 'context',
             'contrib', 'cpu', 'cpu_pinned', 'current_context', 'engine', 'error', 'executor', 'executor_manager',
             'gluon', 'gpu', 'image', 'img', 'init', 'initializer', 'io', 'is_np_array', 'is_np_shape', 'kv',
             'kvstore', 'libinfo', 'library', 'log', 'lr_scheduler', 'metric', 'mod', 'model', 'module', 'mon',
             'monitor', 'name', 'nd', 'ndarray', 'ndarray_doc', 'notebook', 'np', 'np_array', 'np_shape',
             'np_symbol', 'npx', 'numpy', 'numpy_dispatch_protocol', 'numpy_extension', 'numpy_op_fallback',
             'numpy_op_signature', 'onnx', 'operator', 'optimizer', 'profiler', 'random', 'recordio', 'registry',
             'rnd', 'rnn', 'rtc', 'runtime', 'set_np_shape', 'sym', 'symbol', 'symbol_doc', 'test_utils', 'th',
             'torch', 'tvmop', 'use_np', 'use_np_array', 'use_np_shape', 'util', 'visualization', 'viz',
             'misc', 'space']
# mxnet.contrib's names and submodules
MXNET_CONTRIB = ['amp', 'autograd', 'io', 'nd', 'ndarray', 'onnx', 'quant', 'quantization', 'svrg_optimization',
                 'sym', 'symbol', 'tensorboard', 'text']


def _reachable_or_not_provided(module, name):
    """'present' if module.name exists, else the NotProvidedError's message (failing on any other error)."""
    try:
        getattr(module, name)
        return 'present'
    except NotProvidedError as e:
        return str(e)


@pytest.mark.parametrize('name', [n for n in MXNET_TOP if n not in ('misc', 'space')])  # these two: below
def test_every_mxnet_top_level_name_is_present_or_not_provided(name):
    outcome = _reachable_or_not_provided(mx, name)
    assert outcome == 'present' or outcome.startswith('mx.{} is part of MXNet 1.9.1 but mxtorch does not '
                                                      'provide it yet'.format(name))


@pytest.mark.parametrize('name', MXNET_CONTRIB)
def test_every_mxnet_contrib_name_is_present_or_not_provided(name):
    outcome = _reachable_or_not_provided(mx.contrib, name)
    assert outcome == 'present' or outcome.startswith('mx.contrib.{} is part of MXNet'.format(name))


def test_not_provided_is_mxnet_error_and_attribute_error():
    with pytest.raises(AttributeError, match='mx.contrib.amp.convert_bucketing_module is part of MXNet'):
        mx.contrib.amp.convert_bucketing_module
    with pytest.raises(MXNetError, match=r'mx\.contrib\.amp\.convert_bucketing_module is part of MXNet'):
        mx.contrib.amp.convert_bucketing_module()
    assert not hasattr(mx.contrib.amp, 'convert_bucketing_module')


def test_unknown_names_stay_plain_attribute_errors():
    for module, label in ((mx, 'mxtorch'), (mx.contrib, 'mxtorch.contrib'), (mx.test_utils, 'mxtorch.test_utils')):
        with pytest.raises(AttributeError) as err:
            module.no_such_name
        assert not isinstance(err.value, MXNetError)
        assert str(err.value) == "module '{}' has no attribute 'no_such_name'".format(label)


def test_present_names_are_the_real_ones():
    assert mx.rnd is mx.random and mx.nd is mx.ndarray and mx.name.NameManager
    assert mx.contrib.text.vocab.Vocabulary


SMALL_MODULES = ['api', 'engine', 'error', 'log', 'libinfo', 'library', 'rtc', 'tvmop', 'notebook', 'executor_manager',
                 'ndarray_doc', 'symbol_doc', 'numpy_op_signature', 'numpy_dispatch_protocol', 'numpy_op_fallback']


@pytest.mark.parametrize('name', SMALL_MODULES)
def test_small_modules_are_real_modules(name):
    # `import mxnet` loads these (their behaviour: tests/test_small_modules.py); none is not-provided any more
    module = getattr(mx, name)
    assert module.__name__ == 'mxtorch.' + name
    assert name not in mx._NOT_YET


def test_np_symbol_th_and_torch_are_mxnets_modules():
    # mx.np_symbol is the module mx.sym.np holds; mx.th is mx.torch, MXNet's Torch plug-in module, which on
    # MXNet 1.9.1's builds (and in mxtorch) holds no operator functions
    assert mx.np_symbol is mx.sym.np and callable(mx.np_symbol.zeros)
    assert mx.th is mx.torch and mx.th.__name__ == 'mxtorch.torch' and mx.th.NDArray is mx.nd.NDArray
    for name in ('np_symbol', 'th', 'torch'):
        assert name not in mx._NOT_YET


def test_contrib_modules_are_real_modules():
    assert mx.contrib.sym is mx.contrib.symbol and mx.contrib.symbol.__name__ == 'mxtorch.contrib.symbol'
    assert mx.contrib.autograd.__name__ == 'mxtorch.contrib.autograd'
    assert mx.contrib.tensorboard.LogMetricsCallback


def test_misc_and_space_load_by_name_as_in_mxnet():
    # `import mxnet` does not load mxnet.misc or mxnet.space; importing them by name does
    import mxtorch.misc
    import mxtorch.space
    assert mx.misc.FactorScheduler and mx.space.ConfigSpaces
    assert 'misc' not in mx._NOT_YET and 'space' not in mx._NOT_YET


def test_test_utils_data_helpers_are_provided():
    # MXNet 1.9.1's mx.test_utils data functions (their behaviour: tests/test_data_helpers.py)
    for name in ('get_mnist', 'get_mnist_ubyte', 'get_mnist_pkl', 'get_mnist_iterator', 'get_cifar10', 'get_zip_data',
                 'get_bz2_data', 'download_model', 'get_im2rec_path', 'DummyIter', 'download'):
        assert callable(getattr(mx.test_utils, name)), name


def test_through_the_mxnet_alias():
    import mxtorch.compat
    was_installed = mxtorch.compat.installed()
    mxtorch.compat.install()
    try:
        import mxnet
        assert mxnet is mx
        with pytest.raises(MXNetError, match='mx.contrib.amp.convert_bucketing_module is part of MXNet'):
            mxnet.contrib.amp.convert_bucketing_module
    finally:
        if not was_installed:
            mxtorch.compat.uninstall()


@pytest.mark.skipif(not os.path.exists(REFERENCE_PYTHON), reason='the reference MXNet 1.9.1 is not installed')
def test_lists_match_the_reference_mxnet():
    code = ("import mxnet, mxnet.contrib, pkgutil; "
            "print(sorted(n for n in dir(mxnet) if not n.startswith('_'))); "
            "print(sorted(set(n for n in dir(mxnet.contrib) if not n.startswith('_')) | "
            "{m.name for m in pkgutil.iter_modules(mxnet.contrib.__path__)}))")
    out = subprocess.run([REFERENCE_PYTHON, '-c', code], capture_output=True, text=True, timeout=300).stdout.split('\n')
    assert eval(out[0]) == sorted(set(MXNET_TOP) - {'misc', 'space'})
    assert eval(out[1]) == sorted(MXNET_CONTRIB)
