"""mx.contrib.amp: the operator lists, what init does to the dtypes of mx.nd operators (bfloat16 on CPU), the
dynamic loss scale with a Gluon Trainer, graph conversion, and AMP training of LeNet. Expected values were
read from MXNet 1.9.1 (the reference venv) or follow from the mathematics of loss scaling by powers of 2."""
import json
import logging

import numpy as np
import pytest
import torch

import mxtorch as mx
from mxtorch import autograd, gluon, nd
from mxtorch.contrib import amp
from mxtorch.gluon import nn


@pytest.fixture
def amp_off():
    """amp.init changes mx.nd and mx.sym for the whole process: undo it after each test."""
    amp.amp._reset()
    yield
    amp.amp._reset()


# ---- the lists ------------------------------------------------------------------------------------------
def test_lists_have_mxnet_sizes_and_members():
    bf = amp.amp.bfloat16
    # sizes as MXNet 1.9.1 reports them
    assert [len(f('float16')) for f in (amp.list_lp16_ops, amp.list_fp32_ops, amp.list_lp16_fp32_ops,
                                        amp.list_widest_type_cast)] == [4, 136, 318, 113]
    assert [len(f(bf)) for f in (amp.list_lp16_ops, amp.list_fp32_ops, amp.list_lp16_fp32_ops,
                                 amp.list_widest_type_cast)] == [2, 438, 15, 109]
    assert amp.list_lp16_ops('float16') == ['Convolution', 'Deconvolution', 'FullyConnected', 'RNN']
    assert amp.list_lp16_ops(np.float16) == amp.list_lp16_ops('float16')
    assert amp.list_lp16_ops(bf) == ['Convolution', 'FullyConnected']
    assert amp.list_conditional_fp32_ops('float16') == [('Activation', 'act_type', ['softrelu']),
                                                        ('LeakyReLU', 'act_type', ['elu', 'selu'])]
    assert amp.list_loss_output_functions('float16') == ['SoftmaxOutput', 'LinearRegressionOutput',
                                                         'LogisticRegressionOutput', 'MAERegressionOutput']
    assert amp.list_lp16_use_fp32_params('float16') is None
    assert amp.list_lp16_use_fp32_params(bf)['BatchNorm'] == ['', 'gamma', 'beta', 'moving_mean', 'moving_var']
    for op in ('softmax', 'exp', 'log', 'norm', 'SoftmaxOutput'):
        assert op in amp.list_fp32_ops('float16')
    assert 'Concat' in amp.list_widest_type_cast('float16') and 'elemwise_add' in amp.list_widest_type_cast(bf)
    assert 'Concat' not in amp.list_widest_type_cast(bf)   # MXNet's bfloat16 Concat refuses mixed inputs
    # the lists are copies: changing one changes nothing
    amp.list_fp32_ops('float16').append('x')
    assert 'x' not in amp.list_fp32_ops('float16')


def test_lists_refuse_other_dtypes():
    # MXNet spells bfloat16 as amp.amp.bfloat16 here, not as a string
    for bad in ('bfloat16', 'float32', None):
        with pytest.raises(AssertionError, match='not supported type'):
            amp.list_lp16_ops(bad)


def test_lists_file_is_mxnet_data():
    import os
    with open(os.path.join(os.path.dirname(amp.amp.__file__), 'lists.json')) as f:
        data = json.load(f)
    assert data['mxnet_version'] == '1.9.1'


# ---- init: dtypes of mx.nd operators ----------------------------------------------------------------------
def test_init_bfloat16_casts_nd_operators_as_mxnet_on_cpu(amp_off):
    x, w, b = nd.ones((2, 3)), nd.ones((4, 3)), nd.ones((4,))
    plain = nd.FullyConnected(x, w, b, num_hidden=4)
    amp.init('bfloat16')
    y = nd.FullyConnected(x, w, b, num_hidden=4)
    assert y._t.dtype == torch.bfloat16   # low precision list
    np.testing.assert_allclose(y.asnumpy(), plain.asnumpy())
    assert nd.exp(y)._t.dtype == torch.float32          # float32 list
    assert nd.softmax(y)._t.dtype == torch.float32
    assert nd.relu(y)._t.dtype == torch.bfloat16        # runs in its input's type
    assert nd.elemwise_add(y, nd.ones((2, 4)))._t.dtype == torch.float32   # widest of the inputs
    assert nd.broadcast_add(y, nd.ones((2, 4)))._t.dtype == torch.float32
    assert nd.elemwise_add(y, y)._t.dtype == torch.bfloat16
    assert nd.Activation(y, act_type='relu')._t.dtype == torch.bfloat16   # conditional: only softrelu
    assert nd.Activation(y, act_type='softrelu')._t.dtype == torch.float32
    c = nd.Convolution(nd.ones((1, 1, 5, 5)), nd.ones((2, 1, 3, 3)), nd.ones((2,)), kernel=(3, 3), num_filter=2)
    assert c._t.dtype == torch.bfloat16
    np.testing.assert_allclose(c.asnumpy(), np.full((1, 2, 3, 3), 10.0))
    # integer arrays are never cast
    assert nd.elemwise_add(nd.ones((2,), dtype='int32'), nd.ones((2,), dtype='int32'))._t.dtype == torch.int32
    # a second init changes nothing
    amp.init('float16')
    assert nd.FullyConnected(x, w, b, num_hidden=4)._t.dtype == torch.bfloat16


def test_init_float16_on_cpu_and_overridden_lists(amp_off):
    amp.init('float16', target_precision_ops=['exp'], fp32_ops=['FullyConnected', 'sqrt'], conditional_fp32_ops=[])
    x = nd.ones((2, 3))
    assert nd.exp(x)._t.dtype == torch.float16   # on CPUs too, as MXNet casts float32 to float16 there
    assert nd.FullyConnected(x, nd.ones((4, 3)), nd.ones(4), num_hidden=4)._t.dtype == torch.float32
    # float16 arrays on a CPU are not cast back to float32 (MXNet casts only float32/bfloat16 there)
    assert nd.sqrt(nd.exp(x), out=None)._t.dtype == torch.float16
    assert nd.Activation(x, act_type='softrelu')._t.dtype == torch.float32   # no cast: stays float32
    assert nd.Activation(nd.exp(x), act_type='softrelu')._t.dtype == torch.float16


def test_reset_restores_operators(amp_off):
    original = nd.FullyConnected
    amp.init('bfloat16')
    assert nd.FullyConnected is not original and nd.FullyConnected.__name__ == original.__name__
    amp.amp._reset()
    assert nd.FullyConnected is original
    assert nd.exp(nd.ones((1,)))._t.dtype == torch.float32


def test_init_errors(amp_off):
    with pytest.raises(AssertionError, match='AMP currently supports only float16 or bfloat16 as a target_dtype'):
        amp.init('float32')
    assert not amp.amp._amp_initialized
    trainer = gluon.Trainer(_dense().collect_params(), 'sgd')
    with pytest.raises(AssertionError, match=r'AMP not initialized, did you forget to call amp.init\(\)\?'):
        amp.init_trainer(trainer)
    with pytest.raises(AssertionError, match=r'did you forget to call amp.init_trainer\(\)\?'):
        with amp.scale_loss(nd.ones((1,)), trainer):
            pass
    amp.init('bfloat16')
    with pytest.raises(TypeError, match='AMP is currently only compatible with Gluon Trainer'):
        amp.init_trainer(mx.optimizer.SGD())
    with pytest.raises(TypeError, match="should be a Gluon Trainer or an optimizer, instead is <class 'NoneType'>"):
        amp.init_trainer(None)
    with pytest.raises(TypeError, match='instead is'):
        amp.unscale(None)
    with pytest.raises(TypeError, match='only compatible with Gluon Trainer'):
        amp.unscale(mx.optimizer.SGD())


def test_bucketing_module_conversion_is_not_provided():
    with pytest.raises(mx.base.NotProvidedError, match='convert_bucketing_module'):
        amp.convert_bucketing_module


# ---- loss scaling -----------------------------------------------------------------------------------------
def _dense():
    net = nn.Dense(2, in_units=3)
    net.initialize(mx.init.One())
    return net


def _step(net, trainer, x):
    with autograd.record():
        loss = net(nd.array(x)).sum()
        with amp.scale_loss(loss, trainer) as scaled:
            seen = (scaled.asnumpy().copy(), trainer._scale)
            scaled.backward()
    trainer.step(1)
    return seen


def test_scale_loss_skips_overflow_and_halves_the_scale(amp_off):
    # the sequence MXNet 1.9.1 prints for this script
    amp.init('bfloat16')
    net = _dense()
    trainer = gluon.Trainer(net.collect_params(), 'sgd', {'learning_rate': 0.1})
    amp.init_trainer(trainer)
    scaler = trainer._amp_loss_scaler
    assert scaler.loss_scale == 2. ** 16 and trainer._amp_original_scale == 1.0
    scaled, scale = _step(net, trainer, [[1, 2, 3]])
    assert scaled[0] == 12 * 2 ** 16 and scale == 2. ** -16
    np.testing.assert_allclose(net.weight.data().asnumpy()[0], [0.9, 0.8, 0.7], rtol=1e-6)
    scaled, _ = _step(net, trainer, [[np.inf, 2, 3]])      # overflow: no update
    assert np.isinf(scaled[0])
    np.testing.assert_allclose(net.weight.data().asnumpy()[0], [0.9, 0.8, 0.7], rtol=1e-6)
    assert (scaler.loss_scale, scaler._next_loss_scale) == (2. ** 16, 2. ** 15)
    scaled, scale = _step(net, trainer, [[1, 2, 3]])   # still scaled by 2**16; the halving shows after it
    assert scaled[0] == 9 * 2 ** 16 and scale == 2. ** -16
    np.testing.assert_allclose(net.weight.data().asnumpy()[0], [0.8, 0.6, 0.4], rtol=1e-6)
    assert scaler.loss_scale == 2. ** 15


def test_scale_loss_of_lists_unscale_and_second_trainer(amp_off):
    amp.init('bfloat16')
    net = _dense()
    trainer = gluon.Trainer(net.collect_params(), 'sgd', {'learning_rate': 0.1})
    amp.init_trainer(trainer)
    with autograd.record():
        loss = net(nd.array([[1, 2, 3]])).sum()
        with amp.scale_loss([loss, loss], trainer) as scaled:
            assert isinstance(scaled, list) and len(scaled) == 2
            autograd.backward(scaled)
    np.testing.assert_allclose(net.weight.grad().asnumpy()[0], [2. ** 17, 2. ** 18, 3 * 2. ** 17])
    amp.unscale(trainer)
    np.testing.assert_allclose(net.weight.grad().asnumpy()[0], [2, 4, 6])
    assert trainer._scale == 1.
    trainer.step(1)   # not divided a second time
    np.testing.assert_allclose(net.weight.data().asnumpy()[0], [0.8, 0.6, 0.4], rtol=1e-6)
    other = gluon.Trainer(net.collect_params(), 'sgd')
    amp.init_trainer(other)
    assert other._amp_loss_scaler is not trainer._amp_loss_scaler   # later trainers get their own


def test_loss_scale_grows_after_2000_clean_steps(caplog):
    scaler = amp.loss_scaler.LossScaler()
    param = gluon.Parameter('w', shape=(3,))
    param.initialize()
    param.grad()[:] = 1
    with caplog.at_level(logging.INFO):
        for _ in range(2000):
            assert scaler.has_overflow([param]) is False
    assert scaler.loss_scale == 2. ** 16 and scaler._next_loss_scale == 2. ** 17
    assert 'AMP: increasing loss scale to 131072.000000' in caplog.text
    scaler.has_overflow([param])
    assert scaler.loss_scale == 2. ** 17
    param.grad()[:] = float('nan')
    with caplog.at_level(logging.INFO):
        assert scaler.has_overflow([param]) is True
    assert scaler._next_loss_scale == 2. ** 16
    assert 'AMP: decreasing loss scale to 65536.000000' in caplog.text
    scaler._loss_scale = scaler._next_loss_scale = 2. ** 24   # never above 2**24
    param.grad()[:] = 0
    for _ in range(2000):
        scaler.has_overflow([param])
    assert scaler._next_loss_scale == 2. ** 24


def test_loss_output_operators_scale_their_gradient(amp_off):
    # MXNet 1.9.1's numbers for this SoftmaxOutput under amp.init('bfloat16') at a loss scale of 2**15; the
    # gradient is linear in grad_scale, so at the initial 2**16 it is twice those
    amp.init('bfloat16')
    x = nd.array([[1., 2., 3.]])
    x.attach_grad()
    for scale, expected in ((None, [2950.1218, -24748.738, 21798.615]), (0.5, [1475.0609, -12374.369, 10899.308])):
        with autograd.record():
            y = nd.SoftmaxOutput(x, nd.array([1])) if scale is None else \
                nd.SoftmaxOutput(x, nd.array([1]), grad_scale=scale)
        y.backward()
        np.testing.assert_allclose(x.grad.asnumpy()[0], 2 * np.array(expected), rtol=1e-5)


def test_unchanged_lists_give_exactly_the_plain_training(amp_off):
    """With empty lists nothing is cast; scaling by 2**16 and back is exact, so AMP's steps are the plain
    steps to the bit."""
    def run(with_amp):
        mx.random.seed(3)
        net = nn.Dense(4, in_units=5)
        net.initialize(mx.init.Xavier())
        trainer = gluon.Trainer(net.collect_params(), 'sgd', {'learning_rate': 0.1, 'momentum': 0.9})
        if with_amp:
            amp.init('float16', target_precision_ops=[], fp32_ops=[], conditional_fp32_ops=[])
            amp.init_trainer(trainer)
        x = nd.array(np.random.RandomState(0).randn(8, 5))
        for _ in range(3):
            with autograd.record():
                loss = (net(x) ** 2).mean()
                if with_amp:
                    with amp.scale_loss(loss, trainer) as scaled:
                        scaled.backward()
            if not with_amp:
                loss.backward()
            trainer.step(8)
        return net.weight.data().asnumpy()
    plain = run(False)
    np.testing.assert_array_equal(run(True), plain)


# ---- graph conversion -------------------------------------------------------------------------------------
def _layout(sym):
    graph = json.loads(sym.tojson(remove_amp_cast=False))
    nodes = graph['nodes']
    return [(n['op'], n['name'], (n.get('attrs') or {}).get('dtype') if n['op'] == 'amp_cast' else None,
             [nodes[i[0]]['name'] + (str(i[1]) if i[1] else '') for i in n['inputs']])
            for n in nodes if n['op'] != 'null']


def test_convert_symbol_inserts_casts_as_mxnet():
    d = mx.sym.var('data')
    conv = mx.sym.Convolution(d, kernel=(3, 3), num_filter=2, name='conv')
    act = mx.sym.Activation(conv, act_type='relu', name='act')
    fc = mx.sym.FullyConnected(act, num_hidden=4, name='fc')
    out = mx.sym.softmax(mx.sym.elemwise_add(mx.sym.exp(fc, name='e'), fc, name='add'), name='sm')
    # MXNet 1.9.1's graph for this network
    assert _layout(amp.convert_symbol(out)) == [
        ('amp_cast', 'data_amp_cast_float16', 'float16', ['data']),
        ('amp_cast', 'conv_weight_amp_cast_float16', 'float16', ['conv_weight']),
        ('amp_cast', 'conv_bias_amp_cast_float16', 'float16', ['conv_bias']),
        ('Convolution', 'conv', None, ['data_amp_cast_float16', 'conv_weight_amp_cast_float16',
                                       'conv_bias_amp_cast_float16']),
        ('Activation', 'act', None, ['conv']),
        ('amp_cast', 'fc_weight_amp_cast_float16', 'float16', ['fc_weight']),
        ('amp_cast', 'fc_bias_amp_cast_float16', 'float16', ['fc_bias']),
        ('FullyConnected', 'fc', None, ['act', 'fc_weight_amp_cast_float16', 'fc_bias_amp_cast_float16']),
        ('amp_cast', 'fc_output_amp_cast_float32', 'float32', ['fc']),
        ('exp', 'e', None, ['fc_output_amp_cast_float32']),
        ('elemwise_add', 'add', None, ['e', 'fc_output_amp_cast_float32']),
        ('softmax', 'sm', None, ['add'])]
    bf = amp.convert_symbol(out, target_dtype='bfloat16')
    assert ('amp_cast', 'data_amp_cast_bfloat16', 'bfloat16', ['data']) in _layout(bf)
    assert bf.list_arguments() == ['data', 'conv_weight', 'conv_bias', 'fc_weight', 'fc_bias']
    # saved without the casts, the graph is the float32 one again
    assert json.loads(bf.tojson())['nodes'] == json.loads(out.tojson())['nodes']


def test_convert_symbol_widest_multicast_split_and_exclusions():
    d, w = mx.sym.var('data'), mx.sym.var('w')
    f1 = mx.sym.FullyConnected(d, num_hidden=4, name='fc1')
    layout = _layout(amp.convert_symbol(mx.sym.elemwise_add(f1, w, name='add')))
    assert layout[-3:] == [('amp_multicast', 'fc1_output_amp_multicast', None, ['fc1', 'w']),
                           ('elemwise_add', 'add', None, ['fc1_output_amp_multicast', 'fc1_output_amp_multicast1']),
                           ('amp_cast', 'add_output_amp_cast_float32', 'float32', ['add'])]
    layout = _layout(amp.convert_symbol(mx.sym.elemwise_add(f1, d, name='add')))
    assert layout[-2:] == [('elemwise_add', 'add', None, ['fc1', 'data_amp_cast_float16']),
                           ('amp_cast', 'add_output_amp_cast_float32', 'float32', ['add'])]
    assert _layout(amp.convert_symbol(mx.sym.softmax(f1, name='sm'), excluded_sym_names=['fc1'])) == [
        ('FullyConnected', 'fc1', None, ['data', 'fc1_weight', 'fc1_bias']), ('softmax', 'sm', None, ['fc1'])]
    split = mx.sym.split(f1, num_outputs=2, axis=1, name='sp')
    assert _layout(amp.convert_symbol(mx.sym.exp(split[1], name='e')))[-2:] == [
        ('amp_cast', 'sp_output1_amp_cast_float32', 'float32', ['sp1']),
        ('exp', 'e', None, ['sp_output1_amp_cast_float32'])]
    fc3 = mx.sym.FullyConnected(mx.sym.exp(d, name='e0'), num_hidden=2, name='fc3')
    assert _layout(amp.convert_symbol(fc3))[:2] == [('exp', 'e0', None, ['data']),
                                                    ('amp_cast', 'e0_0_amp_cast_float16', 'float16', ['e0'])]
    soft = _layout(amp.convert_symbol(mx.sym.Activation(f1, act_type='softrelu', name='a')))
    assert soft[-1] == ('Activation', 'a', None, ['fc1_output_amp_cast_float32'])


def test_convert_symbol_errors():
    f1 = mx.sym.FullyConnected(mx.sym.var('data'), num_hidden=4, name='fc1')
    with pytest.raises(AssertionError, match='Only target_dtype float16 and bfloat16 are supported currently'):
        amp.convert_symbol(f1, target_dtype='float32')
    with pytest.raises(AssertionError, match=r"Common ops in target_dtype_ops and fp32_ops \{'exp'\}"):
        amp.convert_symbol(f1, target_dtype_ops=['exp'], fp32_ops=['exp'])
    with pytest.raises(AssertionError, match=r"Op \{'foo'\} not in any of them"):
        amp.convert_symbol(f1, target_dtype_ops=['foo'])
    with pytest.raises(AssertionError, match='target_dtype_ops should be a list of strs'):
        amp.convert_symbol(f1, target_dtype_ops='exp')
    with pytest.raises(AssertionError, match='First argument to convert_symbol should be Symbol'):
        amp.convert_symbol(1)
    with pytest.raises(AssertionError, match='Second argument to convert_model should be a dict'):
        amp.convert_model(f1, [], {})
    with pytest.raises(AssertionError, match='block input should be a HybridBlock'):
        amp.convert_hybrid_block(nn.Block())
    net = nn.Dense(2)
    net.initialize()
    with pytest.raises(RuntimeError, match=r'first call block.hybridize\(\)'):
        amp.convert_hybrid_block(net)


def _convnet():
    mx.random.seed(0)
    net = nn.HybridSequential()
    net.add(nn.Conv2D(6, 5, activation='relu'), nn.MaxPool2D(2, 2), nn.BatchNorm(),
            nn.Dense(32, activation='relu'), nn.Dense(10))
    net.initialize(mx.init.Xavier())
    net.hybridize()
    return net


@pytest.mark.parametrize('dtype,tol', [('bfloat16', 3e-2), ('float16', 3e-3)])
def test_convert_hybrid_block_is_close_to_float32(dtype, tol):
    net = _convnet()
    x = nd.random.uniform(shape=(4, 1, 28, 28))
    ref = net(x).asnumpy()
    converted = amp.convert_hybrid_block(net, target_dtype=dtype, ctx=mx.cpu())
    assert isinstance(converted, gluon.SymbolBlock)
    out = converted(x)
    assert out._t.dtype == torch.float32
    np.testing.assert_allclose(out.asnumpy(), ref, atol=tol * np.abs(ref).max())
    assert not np.array_equal(out.asnumpy(), ref)   # it did run in the low precision
    names = converted._cached_graph[1].get_internals().list_outputs()
    assert 'data_amp_cast_%s_output' % dtype in names
    sym, args, auxs = amp.convert_model(net._cached_graph[1], {}, {}, target_dtype=dtype)
    assert 'amp_cast' in sym.tojson(remove_amp_cast=False) and (args, auxs) == ({}, {})


def test_hybridized_block_under_init_runs_in_bfloat16(amp_off):
    amp.init('bfloat16')
    net = nn.HybridSequential()
    net.add(nn.Dense(8, activation='relu'), nn.Dense(3))
    net.initialize()
    x = nd.random.uniform(shape=(2, 5))
    eager = net(x)
    net.hybridize()
    hybrid = net(x)
    assert eager._t.dtype == hybrid._t.dtype == torch.bfloat16
    np.testing.assert_allclose(hybrid.asnumpy(), eager.asnumpy(), rtol=2e-2, atol=1e-3)


# ---- training -------------------------------------------------------------------------------------------
def _digits(n, seed):
    """Ten classes of 28x28 images: noise, and a bright block whose place is the class."""
    rng = np.random.RandomState(seed)
    y = rng.randint(0, 10, n)
    x = rng.rand(n, 1, 28, 28).astype('float32') * 0.6
    for i, c in enumerate(y):
        r, q = divmod(c, 5)
        x[i, 0, 4 + 12 * r: 12 + 12 * r, 1 + 5 * q: 6 + 5 * q] += 0.4
    return nd.array(x), nd.array(y)


def _train_lenet(with_amp):
    mx.random.seed(0)
    if with_amp:
        amp.init('bfloat16')
    net = nn.Sequential()   # the book's LeNet, with ReLU (sigmoid needs many epochs to leave chance level)
    net.add(nn.Conv2D(6, kernel_size=5, activation='relu'), nn.MaxPool2D(2, 2),
            nn.Conv2D(16, kernel_size=5, activation='relu'), nn.MaxPool2D(2, 2),
            nn.Dense(120, activation='relu'), nn.Dense(84, activation='relu'), nn.Dense(10))
    net.initialize(mx.init.Xavier())
    trainer = gluon.Trainer(net.collect_params(), 'sgd', {'learning_rate': 0.1})
    if with_amp:
        amp.init_trainer(trainer)
    loss_fn = gluon.loss.SoftmaxCrossEntropyLoss()
    x, y = _digits(512, 1)
    xt, yt = _digits(256, 2)
    for _ in range(3):
        for i in range(0, 512, 32):
            with autograd.record():
                out = net(x[i:i + 32])
                loss = loss_fn(out, y[i:i + 32])
                if with_amp:
                    assert out._t.dtype == torch.bfloat16 and loss._t.dtype == torch.float32
                    with amp.scale_loss(loss, trainer) as scaled:
                        autograd.backward(scaled)
            if not with_amp:
                loss.backward()
            trainer.step(32)
    assert all(p.data()._t.dtype == torch.float32 for p in net.collect_params().values())
    return float((net(xt).argmax(axis=1) == yt).mean().asscalar())


def test_bfloat16_lenet_training_reaches_float32_accuracy(amp_off):
    fp32 = _train_lenet(False)
    bf16 = _train_lenet(True)
    assert fp32 > 0.9
    assert bf16 >= fp32 - 0.05
