"""The Module API (mx.mod), mx.model checkpoints, mx.callback and mx.monitor: files MXNet 1.9.1 wrote load
and go on as in MXNet, the classic Module.fit example learns as MXNet does, and what bad use raises.
Most of MXNet's answers are in the golden area `module` (tests/golden/module_cases.py)."""
import base64
import gzip
import json
import logging
import os
import shutil
import struct
import sys

import numpy as np
import pytest

import mxtorch as mx
from mxtorch import nd
from golden_support import GOLDEN, decode_values

ANSWERS = json.load(open(os.path.join(GOLDEN, 'module.json')))['cases']
FILES = os.path.join(GOLDEN, 'files', 'module')
EXAMPLES = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'examples')


def _answer(case):
    answer = ANSWERS[case]
    assert answer['type'] != 'error', answer
    return answer


@pytest.fixture
def one_thread():
    """Training runs torch on one thread (two intra-op threads on a shared 2-core machine are slower)."""
    import torch
    before = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(before)


def _copy_checkpoint(case, prefix_in, files, tmp_path):
    for name in files:
        shutil.copyfile(os.path.join(FILES, case + '__' + name), tmp_path / name)
    return str(tmp_path / prefix_in)


# ---- files written by MXNet 1.9.1 -----------------------------------------------------------------------
def test_module_load_of_an_mxnet_checkpoint_predicts_as_mxnet(tmp_path):
    case = 'module_checkpoint_batchnorm_files'
    prefix = _copy_checkpoint(case, 'bn', ('bn-symbol.json', 'bn-0000.params'), tmp_path)
    mod = mx.mod.Module.load(prefix, 0)
    assert mod._symbol.list_auxiliary_states() == ['bn_moving_mean', 'bn_moving_var']
    mod.bind(data_shapes=[('data', (3, 2))], for_training=False)
    got = mod.predict(nd.array([[1, 2], [0, -1], [3, 0.5]])).asnumpy()
    np.testing.assert_allclose(got, decode_values(_answer(case)), rtol=1e-5, atol=1e-5)


def test_model_load_checkpoint_of_mxnet_files(tmp_path):
    case = 'module_checkpoint_files'
    prefix = _copy_checkpoint(case, 'm', ('m-symbol.json', 'm-0003.params'), tmp_path)
    sym, args, aux = mx.model.load_checkpoint(prefix, 3)
    want = _answer(case)['items']
    assert sym.list_arguments() == [item['value'] for item in want[0]['items']]
    assert sorted(args) == ['fc_bias', 'fc_weight'] and aux == {}
    np.testing.assert_array_equal(args['fc_weight'].asnumpy(), decode_values(want[3]))


def test_optimizer_states_written_by_mxnet_load_and_continue(tmp_path):
    # MXNet's states file (base64 in the golden answer) after one SGD-with-momentum step; continuing from it
    # must give the weights MXNet gave when it did the same (case module_states_continue)
    fname = tmp_path / 'mxnet.states'
    fname.write_bytes(base64.b64decode(ANSWERS['module_states_file_blob']['value']))
    start_w, start_b, want_w, want_b = [decode_values(x) for x in _answer('module_states_continue')['items']]
    net = mx.sym.LinearRegressionOutput(mx.sym.FullyConnected(mx.sym.var('data'), num_hidden=1, name='fc'),
                                        name='lin')
    mod = mx.mod.Module(net, label_names=['lin_label'])
    mod.bind(data_shapes=[('data', (2, 2))], label_shapes=[('lin_label', (2, 1))])
    mod.init_params(arg_params={'fc_weight': nd.array(start_w), 'fc_bias': nd.array(start_b)})
    mod.init_optimizer(optimizer='sgd', optimizer_params={'learning_rate': 0.1, 'momentum': 0.9})
    mod.load_optimizer_states(str(fname))
    mod.forward_backward(mx.io.DataBatch([nd.array([[0, 1], [2, -1]])], [nd.array([[2], [1]])]))
    mod.update()
    args, _ = mod.get_params()
    np.testing.assert_allclose(args['fc_weight'].asnumpy(), want_w, rtol=1e-6)
    np.testing.assert_allclose(args['fc_bias'].asnumpy(), want_b, rtol=1e-6)


# ---- the classic example --------------------------------------------------------------------------------
def _write_idx(path, array):
    with gzip.open(str(path), 'wb') as f:
        f.write(struct.pack('>HBB', 0, 8, array.ndim))
        f.write(struct.pack('>' + 'I' * array.ndim, *array.shape))
        f.write(array.astype(np.uint8).tobytes())


def write_generated_mnist(root, train=1200, test=400, seed=0):
    """MNIST-format files of generated 28x28 digits: a sparse stroke pattern per class, shifted by up to two
    pixels, dimmed at random, with salt noise on a black background."""
    rng = np.random.RandomState(seed)
    patterns = (rng.rand(10, 28, 28) < 0.1) * rng.uniform(120, 255, size=(10, 28, 28))
    os.makedirs(root, exist_ok=True)
    for name, n in (('train', train), ('t10k', test)):
        labels = rng.randint(0, 10, size=n)
        shifts = rng.randint(-2, 3, size=(n, 2))
        images = np.stack([np.roll(patterns[k], tuple(s), axis=(0, 1)) for k, s in zip(labels, shifts)])
        images = images * rng.uniform(0.5, 1.0, size=(n, 1, 1)) + \
            (rng.rand(n, 28, 28) < 0.05) * rng.uniform(0, 255, size=(n, 28, 28))
        _write_idx(os.path.join(root, name + '-images-idx3-ubyte.gz'), np.clip(images, 0, 255))
        _write_idx(os.path.join(root, name + '-labels-idx1-ubyte.gz'), labels)


@pytest.fixture
def example():
    sys.path.insert(0, EXAMPLES)
    try:
        import train_module_mlp
        yield train_module_mlp
    finally:
        sys.path.remove(EXAMPLES)


def test_module_fit_example_learns_as_mxnet(example, tmp_path, monkeypatch, capsys, one_thread):
    # MXNet 1.9.1 running this example on these files (6 epochs, seeds 0-4) reaches a test accuracy of
    # 0.9525-0.9675, after 0.15-0.2 at the first epoch
    home = tmp_path / 'home'
    write_generated_mnist(str(home / 'datasets' / 'mnist'))
    monkeypatch.setenv('MXNET_HOME', str(home))
    result = example.main(['--epochs', '6', '--out', str(tmp_path / 'out'), '--log-every', '4'])
    printed = capsys.readouterr().out
    assert result['data'] == 'mnist'
    accuracies = [h['accuracy'] for h in result['history']]
    assert len(accuracies) == 6 and accuracies[0] < 0.5 < 0.93 <= result['accuracy'], accuracies
    assert 'final test accuracy on mnist: {:.4f}'.format(result['accuracy']) in printed
    # the checkpoints are MXNet's pair of files, and load back
    sym, args, _ = mx.model.load_checkpoint(result['prefix'], 6)
    assert sym.list_arguments() == ['data', 'fc1_weight', 'fc1_bias', 'fc2_weight', 'fc2_bias', 'fc3_weight',
                                    'fc3_bias', 'softmax_label']
    assert sorted(os.listdir(tmp_path / 'out')) == ['mlp-%04d.params' % e for e in range(1, 7)] + ['mlp-symbol.json']


def test_example_reads_idx_files():
    sys.path.insert(0, EXAMPLES)
    try:
        import train_module_mlp
    finally:
        sys.path.remove(EXAMPLES)
    import io
    raw = struct.pack('>HBB', 0, 8, 2) + struct.pack('>II', 2, 3) + bytes(range(6))
    np.testing.assert_array_equal(train_module_mlp.read_idx(io.BytesIO(raw)), [[0, 1, 2], [3, 4, 5]])
    with pytest.raises(ValueError, match='holds 5 values for shape'):
        train_module_mlp.read_idx(io.BytesIO(raw[:-1]))


# ---- Module behaviour -----------------------------------------------------------------------------------
def _fc_module(**kwargs):
    return mx.mod.Module(mx.sym.FullyConnected(mx.sym.var('data'), num_hidden=2, name='fc'), label_names=None,
                         **kwargs)


def test_failed_bind_leaves_the_module_unbound():
    mod = _fc_module()
    with pytest.raises(TypeError, match="shape of input 'data' must be a tuple of ints"):
        mod.bind(data_shapes=[('data', nd.array([10, 10]))])
    assert not mod.binded
    mod.bind(data_shapes=[('data', (3, 2))])
    assert mod.binded and mod.data_shapes[0].shape == (3, 2)


def test_checks_are_assertion_errors_with_reasons():
    mod = _fc_module()
    with pytest.raises(AssertionError, match='call bind before initializing the parameters'):
        mod.init_params()
    with pytest.raises(AssertionError, match='call bind'):
        mod.data_shapes
    mod.bind(data_shapes=[('data', (1, 2))])
    with pytest.raises(AssertionError, match='init_params'):
        mod.forward(mx.io.DataBatch([nd.ones((1, 2))]))
    mod.init_params()
    with pytest.raises(AssertionError, match='init_optimizer'):
        mod.update()
    with pytest.raises(AssertionError, match='inputs_need_grad'):
        mod.get_input_grads()
    with pytest.raises(AssertionError, match='work_load_list has 1 entries for 2 contexts'):
        _fc_module(context=[mx.cpu(0), mx.cpu(1)], work_load_list=[1])


def test_monitor_on_a_module_counts_what_mxnet_counts():
    # MXNet's test_monitor: 21 statistics for a 2-layer network, by name prefix
    x = mx.sym.var('data')
    for i in range(2):
        x = mx.sym.Activation(mx.sym.FullyConnected(x, num_hidden=2, name='fc_%d' % i), act_type='sigmoid',
                              name='act_%d' % i)
    net = mx.sym.LinearRegressionOutput(x, name='softmax', grad_scale=2)
    mon = mx.mon.Monitor(1, stat_func=lambda a: nd.sum(nd.abs(a)) / a.size, pattern='.*', sort=True)
    mod = mx.mod.Module(net)
    it = mx.io.NDArrayIter(nd.array([[0.05, .10]]), nd.array([[.01, 0.99]]), batch_size=1)
    mod.bind(it.provide_data, label_shapes=it.provide_label)
    mod.install_monitor(mon)
    mod.init_params(initializer=mx.init.Constant(0.3))
    mon.tic()
    mod.forward_backward(next(iter(it)))
    names = [name for _, name, _ in mon.toc()]
    assert len(names) == 21 and names == sorted(names)
    counts = {k: sum(n.startswith(k) for n in names) for k in ('act_0', 'act_1', 'data', 'fc_0', 'fc_1', 'softmax')}
    assert counts == {'act_0': 2, 'act_1': 2, 'data': 1, 'fc_0': 6, 'fc_1': 6, 'softmax': 4}


def test_monitor_toc_print_logs_mxnet_lines(caplog):
    exe = mx.sym.relu(mx.sym.var('x'), name='r').simple_bind(mx.cpu(), x=(2,), grad_req='null')
    mon = mx.mon.Monitor(1, stat_func=lambda a: nd.sum(a))
    mon.install(exe)
    exe.arg_dict['x'][:] = nd.array([1, -2])
    with caplog.at_level(logging.INFO):
        mon.tic()
        exe.forward()
        mon.toc_print()
    assert [r.getMessage() for r in caplog.records] == ['Batch:       1 r_output                       1.0\t',
                                                        'Batch:       1 x                              -1.0\t']


def test_fit_fetches_the_next_batch_only_after_the_current_one():
    # MXNet's test_reference_single_batch_during_fit: an iterator may reuse a batch's memory on next()
    current = []

    class Batch:
        def __init__(self, i):
            self.i = i

        @property
        def label(self):
            assert current[-1] == self.i, 'the batch was read after the next one was fetched'
            return None

    class Data:
        provide_data = provide_label = None

        def __iter__(self):
            for i in range(3):
                current.append(i)
                yield Batch(i)

        def reset(self):
            pass

    mod = mx.mod.BaseModule()
    for name in ('bind', 'init_params', 'init_optimizer', 'forward', 'backward', 'update', 'update_metric'):
        setattr(mod, name, lambda *a, **k: None)
    mod.get_params = lambda: (None, None)
    mod.fit(Data(), num_epoch=1)
    assert current == [0, 1, 2]


def test_python_module_is_never_marked_bound():
    # as in MXNet, PythonModule.bind records the shapes but leaves `binded` False
    loss = mx.mod.PythonLossModule()
    loss.bind(data_shapes=[('data', (2, 3))], label_shapes=[('softmax_label', (2,))])
    assert not loss.binded and loss.output_shapes == [('pyloss_output', (2, 3))]
    with pytest.raises(AssertionError, match='Python module only support write gradient'):
        loss.bind(data_shapes=[('data', (2, 3))], grad_req='add')
