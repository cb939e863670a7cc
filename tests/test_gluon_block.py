"""gluon.Block, HybridBlock, Sequential and Dense beyond the golden cases: MXNet's error messages word for
word, models saved by MXNet 1.9.1 giving MXNet's outputs, the study notes' code cells, gradients by finite
differences, and failed loads leaving the model as it was."""
import json
import os
import re
import threading
import warnings

import numpy as np
import pytest

import mxtorch as mx
from mxtorch import autograd, gluon, init, nd
from mxtorch.base import MXNetError
from mxtorch.gluon import nn
from golden_support import GOLDEN, decode_values, load_cases, run_case
from numgrad import check_gradient

GOLDEN_FILES = os.path.join(GOLDEN, 'files', 'gluon_core')


def _answers(area):
    with open(os.path.join(GOLDEN, area + '.json')) as f:
        return json.load(f)['cases']


def _normalize(message, tmpdir=None):
    """A message without what legitimately differs: temporary folders and the package's own name."""
    if tmpdir:
        message = message.replace(str(tmpdir), 'TMP')
    message = re.sub(r'/tmp/tmp\w+', 'TMP', message)
    return message.replace('mxtorch', 'mxnet')


def _error_cases():
    for area in ('gluon_core', 'init'):
        answers = _answers(area)
        for name, code, _ in load_cases(area):
            if answers[name]['type'] == 'error':
                yield area, name, code, answers[name]


# gluon_core cases whose error mx.init raises (initializer lookup and use)
_MESSAGES_OF_INIT = {'initialize_base_initializer', 'initialize_mixed_not_usable', 'initialize_unregistered_name'}


@pytest.mark.parametrize('area,name,code,answer', list(_error_cases()),
                         ids=['{}:{}'.format(c[0], c[1]) for c in _error_cases()])
def test_error_messages_as_mxnet(area, name, code, answer, tmp_path):
    got = run_case(mx, code, tmp_path)
    assert got['type'] == 'error', '{} gave {}'.format(name, got)
    assert got['error'] == answer['error']
    mine, theirs = _normalize(got['message'], tmp_path), _normalize(answer['message'])
    if len(got['message']) == 300 or len(answer['message']) == 300:
        # golden_support keeps 300 characters: compare what both kept
        mine, theirs = mine[:min(len(mine), len(theirs))], theirs[:min(len(mine), len(theirs))]
    if area == 'gluon_core' and name not in _MESSAGES_OF_INIT:
        assert mine == theirs           # Gluon's messages word for word
    else:
        # mx.init's messages say more where MXNet's say little (nothing, or a '%s' left unfilled): they
        # start as MXNet's do, up to any such placeholder
        assert mine.startswith(theirs.split('%s')[0])


# ---- models saved by MXNet 1.9.1 -----------------------------------------------------------------------------
class MLP(nn.Block):
    def __init__(self, **kwargs):
        super(MLP, self).__init__(**kwargs)
        self.hidden = nn.Dense(5, activation='relu', in_units=4)
        self.output = nn.Dense(3, in_units=5)

    def forward(self, x):
        return self.output(self.hidden(x))


def test_mxnet_saved_mlp_gives_mxnet_output():
    net = MLP()
    net.load_parameters(os.path.join(GOLDEN_FILES, 'save_parameters_mlp_file__mlp.params'))
    want = _answers('gluon_core')['save_parameters_mlp_file']['items'][1]
    out = net(nd.array(np.arange(8).reshape(2, 4) / 8.0))
    np.testing.assert_allclose(out.asnumpy(), decode_values(want), rtol=1e-6, atol=1e-7)


def test_mxnet_saved_sequential_gives_mxnet_output_deferred_and_hybridized():
    net = nn.HybridSequential()
    net.add(nn.Dense(5, activation='relu'), nn.Dense(3))    # shapes come from the file
    net.load_parameters(os.path.join(GOLDEN_FILES, 'save_parameters_file__seq.params'))
    assert net[0].weight.shape == (5, 4)
    net.hybridize()
    want = _answers('gluon_core')['save_parameters_file']['items'][1]
    out = net(nd.array(np.arange(8).reshape(2, 4) / 8.0))
    np.testing.assert_allclose(out.asnumpy(), decode_values(want), rtol=1e-6, atol=1e-7)


def test_failed_load_leaves_block_unchanged(tmp_path):
    fname = str(tmp_path / 'net.params')
    nd.save(fname, {'hidden.weight': nd.ones((5, 4)), 'hidden.bias': nd.ones((5,)),
                    'output.weight': nd.ones((3, 4)), 'output.bias': nd.ones((3,))})   # output.weight: bad shape
    net = MLP()
    net.initialize(init.Constant(0.5))
    before = {k: p.data().asnumpy() for k, p in net.collect_params().items()}
    with pytest.raises(AssertionError, match=r"shape incompatible expected \(3, 5\) vs saved \(3, 4\)"):
        net.load_parameters(fname)
    for k, p in net.collect_params().items():
        np.testing.assert_array_equal(p.data().asnumpy(), before[k])


def test_failed_load_of_extra_name_leaves_block_unchanged(tmp_path):
    fname = str(tmp_path / 'net.params')
    nd.save(fname, {'hidden.weight': nd.ones((5, 4)), 'hidden.bias': nd.ones((5,)), 'output.weight': nd.ones((3, 5)),
                    'output.bias': nd.ones((3,)), 'extra.weight': nd.ones((1,))})
    net = MLP()
    net.initialize(init.Constant(0.5))
    with pytest.raises(ValueError, match="'extra.weight' loaded from file"):
        net.load_parameters(fname)
    np.testing.assert_array_equal(net.hidden.weight.data().asnumpy(), np.full((5, 4), 0.5))


def test_save_load_roundtrip_and_model_json(tmp_path):
    net = MLP()
    net.initialize(init.Xavier())
    x = nd.array(np.arange(8).reshape(2, 4) / 8.0)
    prefix = str(tmp_path / 'mlp')
    net.save(prefix)
    net2 = MLP()
    net2.load(prefix)
    np.testing.assert_allclose(net2(x).asnumpy(), net(x).asnumpy())
    assert [n.name for n in (net2, net2.hidden)] == [net.name, net.hidden.name]


# ---- HybridBlock ---------------------------------------------------------------------------------------------
def test_hybrid_forward_gets_nd_and_parameter_arrays():
    seen = {}

    class Probe(gluon.HybridBlock):
        def __init__(self, **kwargs):
            super(Probe, self).__init__(**kwargs)
            self.w = self.params.get('w', shape=(2,), init='ones')

        def hybrid_forward(self, F, x, w):
            seen['F'], seen['w'] = F, w
            return x * w

    net = Probe()
    net.initialize()
    out = net(nd.array([2., 3.]))
    assert seen['F'] is mx.nd
    assert seen['w'] is net.w.data()
    np.testing.assert_array_equal(out.asnumpy(), [2, 3])


def test_hybridize_reaches_children():
    net = nn.HybridSequential()
    inner = nn.HybridSequential()
    inner.add(nn.Dense(2))
    net.add(inner, nn.Dense(1))
    net.hybridize()
    assert net._active and inner._active and inner[0]._active
    net.hybridize(False)
    assert not inner[0]._active


def test_user_hybrid_block_with_undecidable_shape_needs_infer_shape():
    class Scale(gluon.HybridBlock):
        def __init__(self, **kwargs):
            super(Scale, self).__init__(**kwargs)
            self.w = self.params.get('w', shape=(0,), allow_deferred_init=True, init='ones')

        def hybrid_forward(self, F, x, w):
            return x * w

    class InferredScale(Scale):
        def infer_shape(self, x):
            self.w.shape = (x.shape[-1],)

    # x * w cannot tell w's size (elemwise_mul of (2, 3) and (0,)): shape inference through the graph
    # fails as MXNet's does, naming the operator
    net = Scale()
    net.initialize()
    with pytest.raises(ValueError, match='Deferred initialization failed because shape cannot be inferred.*'
                                         'scale.*_mul'):
        net(nd.ones((2, 3)))
    net = InferredScale()
    net.initialize()
    np.testing.assert_array_equal(net(nd.ones((2, 3))).asnumpy(), np.ones((2, 3)))


def test_dense_gradients_by_finite_differences():
    net = nn.Dense(3, activation='tanh', in_units=4, dtype='float64')
    net.initialize(init.Xavier())
    rng = np.random.RandomState(0)
    # the layer's computation with the weights as inputs, so that their gradients are checked too
    check_gradient(lambda x, w, b: net.hybrid_forward(nd, x, w, b), rng.uniform(-1, 1, (2, 4)),
                   net.weight.data(), net.bias.data())


def test_dense_flatten_false_gradients_by_finite_differences():
    net = nn.Dense(2, flatten=False, in_units=3, dtype='float64')
    net.initialize(init.Normal(0.5))

    def fn(x):
        return net(x)

    check_gradient(fn, np.random.RandomState(1).uniform(-1, 1, (2, 2, 3)))


def test_forward_on_cpu1_keeps_context():
    net = nn.Sequential()
    net.add(nn.Dense(3, in_units=2), nn.Dense(1, in_units=3))
    net.initialize(ctx=mx.cpu(1))
    assert net(nd.ones((1, 2), ctx=mx.cpu(1))).context == mx.cpu(1)


# ---- Block behaviour ---------------------------------------------------------------------------------------
def test_block_without_forward():
    with pytest.raises(NotImplementedError):
        gluon.Block()(nd.ones((1,)))


def test_hook_handle_as_context_manager():
    calls = []
    net = nn.Dense(1, in_units=1)
    net.initialize()
    with net.register_forward_hook(lambda b, x, y: calls.append(1)):
        net(nd.ones((1, 1)))
    net(nd.ones((1, 1)))
    assert calls == [1]


def test_export_before_a_hybridized_call_and_imports_of_no_file_raise_clearly(tmp_path):
    net = nn.HybridSequential()
    with pytest.raises(RuntimeError, match='first call block.hybridize'):
        net.export(str(tmp_path / 'model'))
    with pytest.raises(MXNetError, match='model-symbol.json'):
        gluon.SymbolBlock.imports(str(tmp_path / 'model-symbol.json'), ['data'])


def test_names_count_per_thread():
    names = []
    t = threading.Thread(target=lambda: names.extend(nn.Dense(1).name for _ in range(2)))
    t.start()
    t.join()
    assert names == ['dense0', 'dense1']


def test_forward_restores_default_context():
    net = nn.Dense(1, in_units=1)
    net.initialize(ctx=mx.cpu(3))
    before = mx.current_context()
    net(nd.ones((1, 1), ctx=mx.cpu(3)))
    assert mx.current_context() is before


# ---- the study notes' code cells -----------------------------------------------------------------------------
needs_random = pytest.mark.skipif(not hasattr(nd.random, 'uniform') or not hasattr(nd, 'dot'),
                                  reason='nd.random.uniform / nd.dot are not in mxtorch yet')


class FancyMLP(nn.Block):
    def __init__(self, **kwargs):
        super(FancyMLP, self).__init__(**kwargs)
        self.rand_weight = self.params.get_constant('rand_weight', nd.random.uniform(shape=(20, 20)))
        self.dense = nn.Dense(20, activation='relu')

    def forward(self, x):
        x = self.dense(x)
        x = nd.relu(nd.dot(x, self.rand_weight.data()) + 1)
        x = self.dense(x)
        while x.norm().asscalar() > 1:
            x /= 2
        if x.norm().asscalar() < 0.8:
            x *= 10
        return x.sum()


@needs_random
def test_notes_model_construction():
    x = nd.random.uniform(shape=(2, 20))
    net = MLP()
    net.initialize()
    fancy = FancyMLP()
    fancy.initialize()
    out = fancy(x)
    assert out.shape == (1,)
    assert repr(fancy.dense) == 'Dense(20 -> 20, Activation(relu))'
    nest = nn.Sequential()
    nest.add(nn.Dense(20), FancyMLP())
    nest.initialize()
    assert nest(x).shape == (1,)


@needs_random
def test_notes_custom_initializer():
    names = []

    class MyInit(init.Initializer):
        def _init_weight(self, name, data):
            names.append((name, data.shape))
            data[:] = nd.random.uniform(low=-10, high=10, shape=data.shape)
            data *= data.abs() >= 5

    net = nn.Sequential()
    net.add(nn.Dense(256, activation='relu'), nn.Dense(10))
    net.initialize()
    net(nd.random.uniform(shape=(2, 20)))
    net.initialize(MyInit(), force_reinit=True)
    assert [(str(n), s) for n, s in names] == [(net[0].weight.name, (256, 20)), (net[1].weight.name, (10, 256))]
    w = net[0].weight.data().asnumpy()
    assert ((w == 0) | (np.abs(w) >= 5)).all() and (np.abs(w) <= 10).all()
    net[0].weight.set_data(net[0].weight.data() + 1)
    np.testing.assert_allclose(net[0].weight.data().asnumpy(), w + 1)


def test_notes_parameter_access_and_sharing():
    x = nd.array(np.random.RandomState(0).uniform(size=(2, 20)))
    net = nn.Sequential()
    net.add(nn.Dense(256, activation='relu'))
    net.add(nn.Dense(10))
    net.initialize()
    with pytest.raises(gluon.DeferredInitializationError):
        net[0].weight.data()
    net(x)
    name = net[0].prefix + 'weight'
    assert net[0].params[name] is net[0].weight
    assert repr(net[0].params).splitlines()[1] == '  Parameter {} (shape=(256, 20), dtype=float32)'.format(name)
    assert (net[0].weight.grad().asnumpy() == 0).all()
    assert list(net.collect_params('.*weight').keys()) == [net[0].weight.name, net[1].weight.name]
    net.initialize(init=init.Normal(sigma=0.01), force_reinit=True)
    assert abs(net[0].weight.data().asnumpy().std() - 0.01) < 0.002
    net.initialize(init.Constant(1), force_reinit=True)
    assert (net[0].weight.data().asnumpy() == 1).all()
    net[0].weight.initialize(init=init.Xavier(), force_reinit=True)
    assert np.abs(net[0].weight.data().asnumpy()).max() <= np.sqrt(3 / ((256 + 20) / 2))

    shared = nn.Dense(8, activation='relu')
    net = nn.Sequential()
    net.add(nn.Dense(8, activation='relu'), shared, nn.Dense(8, activation='relu', params=shared.params),
            nn.Dense(10))
    net.initialize()
    with autograd.record():
        y = net(x).sum()
    y.backward()
    assert net[1].weight is net[2].weight
    assert net[1].weight.grad().abs().sum().asscalar() > 0


def test_notes_custom_layers_and_parameters():
    my_param = gluon.Parameter('my_param', shape=(2, 20))
    my_param.initialize()
    assert my_param.data().shape == my_param.grad().shape == (2, 20)
    params = gluon.ParameterDict()
    params.get('param2', shape=(2, 3))
    assert repr(params) == "(\n  Parameter param2 (shape=(2, 3), dtype=<class 'numpy.float32'>)\n)"

    class CenteredLayer(nn.Block):
        def forward(self, x):
            return x - x.mean()

    class MyDense(nn.Block):
        def __init__(self, units, in_units, **kwargs):
            super(MyDense, self).__init__(**kwargs)
            self.weight = self.params.get('weight', shape=(in_units, units))
            self.bias = self.params.get('bias', shape=(units,))

        def forward(self, x):
            return nd.relu(nd.FullyConnected(x, self.weight.data().T, self.bias.data(), num_hidden=self.bias.shape[0]))

    dense = MyDense(in_units=5, units=3, prefix='o_my_dense_')
    dense.initialize()
    assert list(dense.params.keys()) == ['o_my_dense_weight', 'o_my_dense_bias']
    assert dense(nd.ones((2, 5))).shape == (2, 3)
    net = nn.Sequential()
    net.add(nn.Dense(128), CenteredLayer())
    net.initialize()
    assert abs(net(nd.ones((4, 8))).mean().asscalar()) < 1e-6


def test_notes_save_and_load(tmp_path):
    x = nd.array(np.random.RandomState(0).uniform(size=(2, 20)))

    class Net(nn.Block):
        def __init__(self, **kwargs):
            super(Net, self).__init__(**kwargs)
            self.hidden = nn.Dense(256, activation='relu')
            self.output = nn.Dense(10)

        def forward(self, x):
            return self.output(self.hidden(x))

    net = Net()
    net.initialize()
    y = net(x)
    filename = str(tmp_path / 'mlp.params')
    net.save_parameters(filename)
    net2 = Net()
    net2.load_parameters(filename)
    assert (net2(x) == y).asnumpy().all()


def test_notes_errors():
    class ErrorMLP(nn.Block):
        def __init__(self, **kwargs):
            self.hidden = nn.Dense(256, activation='relu')

    with pytest.raises(AttributeError, match="'ErrorMLP' object has no attribute '_children'"):
        ErrorMLP()

    class MultipleDenses(nn.Block):
        def __init__(self, **kwargs):
            super(MultipleDenses, self).__init__(**kwargs)
            self.denses = [nn.Dense(64, activation='relu'), nn.Dense(32, activation='relu')]

        def forward(self, x):
            for dense in self.denses:
                x = dense(x)
            return x

    net = MultipleDenses()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter('always')
        net.initialize()
    assert len(caught) == 1 and '"MultipleDenses.denses" is an unregistered container' in str(caught[0].message)
    assert caught[0].filename.endswith(os.path.join('gluon', 'block.py'))
    with pytest.raises(RuntimeError, match='has not been initialized. Note that you should initialize parameters '
                                           'and create Trainer with Block.collect_params'):
        net(nd.ones((2, 20)))


def test_nn_exports_layers_of_every_module():
    namespace = {}
    exec('from mxtorch.gluon.nn import *', namespace)
    for name in ('Block', 'HybridBlock', 'Sequential', 'HybridSequential', 'Dense'):
        assert namespace[name] is getattr(nn, name)
    with pytest.raises(AttributeError, match="has no attribute 'NoSuchLayer'"):
        nn.NoSuchLayer


# ---- input checks that must hold under python -O (they were bare asserts) ----------------------------------
_UNDER_O = r'''
import json, os, sys, tempfile
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

net = gluon.nn.Sequential()
net.add(gluon.nn.Dense(2, in_units=3), gluon.nn.Dense(1, in_units=2))
net.initialize(mx.init.One())
partial = os.path.join(folder, 'partial.params')
nd.save(partial, {'0.weight': nd.zeros((2, 3)), '0.bias': nd.zeros((2,)), '1.weight': nd.zeros((1, 2))})
outcome('partial', lambda: net.load_parameters(partial))        # 1.bias is missing
results['weight_kept'] = net[0].weight.data().asnumpy().tolist()
dense = gluon.nn.Dense(2, in_units=3, prefix='d_')
dense.initialize()
nd.save(partial, {'weight': nd.zeros((2, 3))})                # full names (the older format), no bias
outcome('partial_full_names', lambda: dense.load_parameters(partial))

def override():
    b = gluon.Block()
    b.p = gluon.Parameter('p', shape=(1,))
    b.p = gluon.Parameter('q', shape=(1,))
outcome('override', override)

def hybridized_summary():
    s = gluon.nn.HybridSequential()
    s.add(gluon.nn.Dense(2, in_units=2))
    s.initialize()
    s.hybridize()
    s.summary(nd.ones((1, 2)))
outcome('summary', hybridized_summary)

def legacy_prefix():
    legacy = os.path.join(folder, 'legacy.params')
    nd.save(legacy, {'weight': nd.ones((2, 3))})        # full names (no '.'), this block's prefix stripped
    other = gluon.nn.Dense(2, in_units=3, prefix='a_')
    other.register_child(gluon.nn.Dense(1, in_units=1, prefix='b_'))
    other.load_parameters(legacy)
outcome('legacy_prefix', legacy_prefix)
print(json.dumps(results))
'''


def test_block_input_checks_hold_under_python_O(tmp_path):
    import subprocess
    import sys
    done = subprocess.run([sys.executable, '-O', '-c', _UNDER_O], capture_output=True, text=True, cwd=str(tmp_path))
    assert done.returncode == 0, done.stderr
    got = json.loads(done.stdout.strip().splitlines()[-1])
    assert got['partial'][0] == 'AssertionError'
    assert "Parameter '1.bias' is missing in file" in got['partial'][1] and 'allow_missing=True' in got['partial'][1]
    assert got['weight_kept'] == [[1, 1, 1], [1, 1, 1]]        # nothing loaded
    assert got['partial_full_names'][0] == 'AssertionError'
    assert "Parameter 'bias' is missing in file: " in got['partial_full_names'][1]
    assert got['override'][0] == 'AssertionError' and 'Overriding Parameter attribute' in got['override'][1]
    assert got['summary'][0] == 'AssertionError' and 'must not be hybridized to print summary' in got['summary'][1]
    assert got['legacy_prefix'][0] == 'AssertionError'
    assert "restore_prefix is 'a_' but Parameters name 'b_weight' does not start with 'a_'" in got['legacy_prefix'][1]
