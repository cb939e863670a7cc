"""Gluon layers (convolution, pooling, activations, normalization, Dropout, Embedding, Lambda, contrib):
gradients against finite differences, layouts against their channels-first equivalents, BatchNorm's
running statistics against their formula, Dropout's statistics, deferred shapes and bad input.
MXNet's own answers for fixed weights are in tests/golden/gluon_layers_cases.py."""
import numpy as np
import pytest

import mxtorch as mx
from mxtorch import autograd, nd
from mxtorch.base import MXNetError
from mxtorch.gluon import nn
from mxtorch.gluon.contrib import nn as cnn
from mxtorch.gluon.parameter import DeferredInitializationError

from numgrad import check_gradient


def _fixed(layer, x, seed=0, positive=('running_var',)):
    """Initializes `layer` in float64 on input x (deferred shapes completed) with parameters drawn from a
    seeded generator; running variances positive."""
    layer.initialize()
    layer.cast('float64')
    layer(x)
    rng = np.random.RandomState(seed)
    for name, p in sorted(layer.collect_params().items()):
        lo = 0.5 if name.endswith(positive) else -1.0
        p.set_data(nd.array(rng.uniform(lo, 1.5 if lo > 0 else 1.0, p.shape), dtype='float64'))
    return layer


def _x(shape, seed=1, lo=-1.0, hi=1.0):
    return nd.array(np.random.RandomState(seed).uniform(lo, hi, shape), dtype='float64')


def check_param_gradients(layer, x, eps=1e-5, rtol=1e-4, atol=1e-6, train=False):
    """The gradients of sum(layer(x) * head) with respect to each trainable parameter, from autograd,
    against central finite differences obtained by perturbing the parameter's values in place."""
    head = nd.array(np.random.RandomState(7).uniform(0.5, 1.5, layer(x).shape), dtype='float64')

    def objective():
        with autograd.train_mode() if train else autograd.predict_mode():
            return float((layer(x) * head).sum().asscalar())

    with autograd.record(train_mode=train):
        out = layer(x)
    out.backward(head)
    for name, p in sorted(layer.collect_params().items()):
        if p.grad_req == 'null':
            continue
        data = p.data()
        values = data.asnumpy()
        numeric = np.zeros_like(values)
        flat = values.reshape(-1)
        for j in range(flat.size):
            old = flat[j]
            flat[j] = old + eps
            data[:] = nd.array(values, dtype='float64')
            plus = objective()
            flat[j] = old - eps
            data[:] = nd.array(values, dtype='float64')
            minus = objective()
            flat[j] = old
            numeric.reshape(-1)[j] = (plus - minus) / (2 * eps)
        data[:] = nd.array(values, dtype='float64')
        np.testing.assert_allclose(p.grad().asnumpy(), numeric, rtol=rtol, atol=atol,
                                   err_msg='gradient of {} differs from finite differences'.format(name))


# ---- gradients ---------------------------------------------------------------------------------------------
GRADIENT_LAYERS = [
    pytest.param(lambda: nn.Conv1D(4, 3, strides=2, padding=1, dilation=2, groups=2), (2, 2, 9),
                 id='conv1d_groups_dilation'),
    pytest.param(lambda: nn.Conv2D(3, (2, 3), padding=(1, 0), activation='tanh'), (2, 2, 4, 5), id='conv2d_tanh'),
    pytest.param(lambda: nn.Conv2D(4, 3, layout='NHWC', groups=2, use_bias=False), (1, 5, 4, 2), id='conv2d_nhwc'),
    pytest.param(lambda: nn.Conv3D(2, 2, strides=(1, 2, 1)), (1, 2, 3, 4, 3), id='conv3d'),
    pytest.param(lambda: nn.Conv1DTranspose(2, 3, strides=2, output_padding=1), (2, 3, 4), id='conv1d_transpose'),
    pytest.param(lambda: nn.Conv2DTranspose(4, 3, strides=2, padding=1, groups=2), (1, 2, 3, 3),
                 id='conv2d_transpose_groups'),
    pytest.param(lambda: nn.Conv2DTranspose(2, 2, layout='NHWC'), (1, 3, 3, 2), id='conv2d_transpose_nhwc'),
    pytest.param(lambda: nn.Conv3DTranspose(2, 2, dilation=2), (1, 2, 2, 3, 2), id='conv3d_transpose'),
    pytest.param(lambda: nn.PReLU(in_channels=3), (2, 3, 4), id='prelu'),
    pytest.param(lambda: nn.InstanceNorm(scale=True), (2, 3, 4), id='instancenorm'),
    pytest.param(lambda: nn.InstanceNorm(axis=2, scale=True), (2, 3, 4), id='instancenorm_axis2'),
    pytest.param(lambda: nn.LayerNorm(), (2, 3, 4), id='layernorm'),
    pytest.param(lambda: nn.LayerNorm(axis=1), (2, 3, 4), id='layernorm_axis1'),
    pytest.param(lambda: nn.GroupNorm(num_groups=2), (2, 4, 3), id='groupnorm'),
]


@pytest.mark.parametrize('make, shape', GRADIENT_LAYERS)
def test_layer_gradients(make, shape):
    layer = _fixed(make(), _x(shape))
    check_gradient(lambda x: layer(x), _x(shape, seed=2))
    check_param_gradients(layer, _x(shape, seed=3))


@pytest.mark.parametrize('make, shape', [
    pytest.param(lambda: nn.MaxPool1D(3, 2, padding=1, ceil_mode=True), (2, 2, 8), id='maxpool1d'),
    pytest.param(lambda: nn.MaxPool2D((2, 3), layout='NHWC'), (1, 4, 6, 2), id='maxpool2d_nhwc'),
    pytest.param(lambda: nn.AvgPool2D(3, 2, padding=1, count_include_pad=False, ceil_mode=True), (1, 2, 6, 5),
                 id='avgpool2d'),
    pytest.param(lambda: nn.AvgPool3D(2, 1, 1), (1, 1, 3, 3, 3), id='avgpool3d'),
    pytest.param(lambda: nn.GlobalMaxPool2D(), (2, 2, 3, 3), id='globalmaxpool2d'),
    pytest.param(lambda: nn.GlobalAvgPool1D(layout='NWC'), (2, 5, 3), id='globalavgpool1d'),
    pytest.param(lambda: nn.ReflectionPad2D(2), (1, 2, 3, 4), id='reflectionpad2d'),
    pytest.param(lambda: nn.Activation('softrelu'), (3, 4), id='softrelu'),
    pytest.param(lambda: nn.Activation('softsign'), (3, 4), id='softsign'),
    pytest.param(lambda: nn.LeakyReLU(0.2), (3, 4), id='leakyrelu'),
    pytest.param(lambda: nn.ELU(0.7), (3, 4), id='elu'),
    pytest.param(lambda: nn.GELU(), (3, 4), id='gelu'),
    pytest.param(lambda: nn.Swish(1.5), (3, 4), id='swish'),
    pytest.param(lambda: nn.Flatten(), (2, 3, 2), id='flatten'),
    pytest.param(lambda: cnn.PixelShuffle2D((2, 1)), (1, 4, 2, 3), id='pixelshuffle2d'),
])
def test_parameterless_layer_gradients(make, shape):
    layer = make()
    layer.initialize()
    check_gradient(lambda x: layer(x), _x(shape))


@pytest.mark.parametrize('make, shape', [
    pytest.param(lambda: nn.BatchNorm(), (4, 3, 2), id='batchnorm'),
    pytest.param(lambda: nn.BatchNorm(axis=-1, center=False), (3, 2, 4), id='batchnorm_axis_last'),
    pytest.param(lambda: nn.BatchNormReLU(), (4, 2, 3), id='batchnormrelu'),
])
def test_batchnorm_training_gradients(make, shape):
    layer = _fixed(make(), _x(shape))

    def train_forward(x):
        with autograd.train_mode():
            return layer(x)
    check_gradient(train_forward, _x(shape, seed=2))
    check_param_gradients(layer, _x(shape, seed=3), train=True)


# ---- layouts -----------------------------------------------------------------------------------------------
@pytest.mark.parametrize('cls, n, kwargs', [
    (nn.Conv2D, 2, dict(channels=4, kernel_size=(3, 2), strides=2, padding=1, groups=2)),
    (nn.Conv3D, 3, dict(channels=2, kernel_size=2, dilation=(1, 2, 1))),
    (nn.Conv2DTranspose, 2, dict(channels=4, kernel_size=3, strides=2, output_padding=1, groups=2)),
    (nn.Conv3DTranspose, 3, dict(channels=2, kernel_size=(2, 1, 2), strides=2)),
])
def test_channels_last_convolution_matches_channels_first(cls, n, kwargs):
    shape = (2, 4) + (5, 4, 3)[:n]
    first = cls(in_channels=4, layout='NCHW' if n == 2 else 'NCDHW', **kwargs)
    last = cls(in_channels=4, layout='NHWC' if n == 2 else 'NDHWC', **kwargs)
    first.initialize()
    last.initialize()
    w = np.random.RandomState(0).uniform(-1, 1, first.weight.shape)
    b = np.random.RandomState(1).uniform(-1, 1, first.bias.shape)
    first.weight.set_data(nd.array(w))
    first.bias.set_data(nd.array(b))
    # channels-last weights hold the same filters with the per-group channel axis moved to the end
    last.weight.set_data(nd.array(np.moveaxis(w, 1, -1)))
    last.bias.set_data(nd.array(b))
    x = np.random.RandomState(2).uniform(-1, 1, shape)
    want = first(nd.array(x)).asnumpy()
    got = last(nd.array(np.moveaxis(x, 1, -1))).asnumpy()
    np.testing.assert_allclose(np.moveaxis(got, -1, 1), want, rtol=1e-5, atol=1e-5)


@pytest.mark.parametrize('first, last, n', [
    (nn.MaxPool2D(3, 2, padding=1), nn.MaxPool2D(3, 2, padding=1, layout='NHWC'), 2),
    (nn.AvgPool1D(2, count_include_pad=False, padding=1), nn.AvgPool1D(2, count_include_pad=False, padding=1,
                                                                       layout='NWC'), 1),
    (nn.GlobalMaxPool3D(), nn.GlobalMaxPool3D(layout='NDHWC'), 3),
])
def test_channels_last_pooling_matches_channels_first(first, last, n):
    x = np.random.RandomState(0).uniform(-1, 1, (2, 3) + (5, 4, 6)[:n])
    want = first(nd.array(x)).asnumpy()
    got = last(nd.array(np.moveaxis(x, 1, -1))).asnumpy()
    np.testing.assert_allclose(np.moveaxis(got, -1, 1), want, rtol=1e-6)


# ---- BatchNorm running statistics --------------------------------------------------------------------------
def test_batchnorm_running_statistics_follow_the_formula():
    momentum, eps = 0.8, 1e-3
    bn = nn.BatchNorm(momentum=momentum, epsilon=eps)
    bn.initialize()
    rng = np.random.RandomState(0)
    mean, var = np.zeros(3), np.ones(3)
    for _ in range(3):
        x = rng.normal(2.0, 3.0, (8, 3, 4))
        with autograd.record():
            y = bn(nd.array(x))
        # the statistics fold in when the gradient flows back, as in MXNet
        np.testing.assert_allclose(bn.running_mean.data().asnumpy(), mean, rtol=1e-5)
        y.backward()
        batch_mean = x.mean(axis=(0, 2))
        batch_var = x.var(axis=(0, 2))
        mean = mean * momentum + batch_mean * (1 - momentum)
        var = var * momentum + batch_var * (1 - momentum)
        np.testing.assert_allclose(bn.running_mean.data().asnumpy(), mean, rtol=1e-4, atol=1e-5)
        np.testing.assert_allclose(bn.running_var.data().asnumpy(), var, rtol=1e-4, atol=1e-5)
        # training output: normalized with the batch's own statistics
        want = (x - batch_mean[None, :, None]) / np.sqrt(batch_var[None, :, None] + eps)
        np.testing.assert_allclose(y.asnumpy(), want, rtol=1e-4, atol=1e-4)
    # prediction: normalized with the running statistics
    x = rng.normal(0.0, 1.0, (2, 3, 4))
    want = (x - mean[None, :, None]) / np.sqrt(var[None, :, None] + eps)
    np.testing.assert_allclose(bn(nd.array(x)).asnumpy(), want, rtol=1e-4, atol=1e-4)
    assert bn.running_mean.grad_req == 'null' and bn.running_var.grad_req == 'null'


def test_batchnorm_use_global_stats_keeps_running_statistics():
    bn = nn.BatchNorm(use_global_stats=True, in_channels=2)
    bn.initialize()
    x = nd.array(np.random.RandomState(0).normal(3, 2, (4, 2, 3)))
    with autograd.record():
        y = bn(x)
    y.backward()
    np.testing.assert_allclose(bn.running_mean.data().asnumpy(), 0)
    np.testing.assert_allclose(y.asnumpy(), x.asnumpy() / np.sqrt(1 + 1e-5), rtol=1e-5)


def test_syncbatchnorm_is_batchnorm_on_one_device():
    x = nd.array(np.random.RandomState(0).normal(1, 2, (4, 3, 5)))
    outs = []
    for layer in (nn.BatchNorm(momentum=0.7), cnn.SyncBatchNorm(num_devices=1, momentum=0.7)):
        layer.initialize()
        with autograd.record():
            y = layer(x)
        y.backward()
        outs.append([y.asnumpy(), layer.running_mean.data().asnumpy(), layer.running_var.data().asnumpy(),
                     layer(x).asnumpy()])
    for a, b in zip(*outs):
        np.testing.assert_allclose(a, b, rtol=1e-6)


# ---- Dropout -----------------------------------------------------------------------------------------------
def test_dropout_statistics_and_scaling():
    mx.random.seed(3)
    d = nn.Dropout(0.3)
    x = nd.ones((200, 500))
    with autograd.record():
        y = d(x)
    v = y.asnumpy()
    np.testing.assert_allclose(np.unique(v), [0.0, 1 / 0.7], rtol=1e-6)
    assert abs((v == 0).mean() - 0.3) < 0.01
    # prediction mode: a copy of the input
    z = d(x)
    assert (z.asnumpy() == 1).all() and z is not x


def test_dropout_axes_share_the_mask():
    mx.random.seed(0)
    d = nn.Dropout(0.5, axes=(0, 2))
    with autograd.record():
        y = d(nd.ones((3, 50, 4)))
    v = y.asnumpy()
    # one mask value per position of axis 1, shared along axes 0 and 2
    assert (v == v[:1, :, :1]).all()
    assert 5 < (v[0, :, 0] == 0).sum() < 45


def test_dropout_zero_rate_copies():
    d = nn.Dropout(0.0)
    x = nd.array([1.0, 2.0])
    with autograd.record():
        y = d(x)
    assert y is not x and y.asnumpy().tolist() == [1.0, 2.0]


# ---- deferred shapes, parameters, names --------------------------------------------------------------------
def test_deferred_shapes_are_inferred_once_at_first_forward():
    conv = nn.Conv2D(6, 3, groups=3)
    bn = nn.BatchNorm(axis=-1)
    ln = nn.LayerNorm(axis=1)
    for layer, shape, param, want in ((conv, (1, 3, 5, 5), 'weight', (6, 1, 3, 3)),
                                      (bn, (2, 3, 7), 'gamma', (7,)), (ln, (2, 4, 3), 'beta', (4,))):
        layer.initialize()
        with pytest.raises(DeferredInitializationError):
            getattr(layer, param).data()
        layer(nd.ones(shape))
        assert getattr(layer, param).shape == want
        assert getattr(layer, param).data().shape == want


def test_conv_weight_shapes_follow_layout_and_groups():
    assert nn.Conv2D(8, 3, in_channels=4, groups=2).weight.shape == (8, 2, 3, 3)
    assert nn.Conv2D(8, (3, 2), in_channels=4, layout='NHWC').weight.shape == (8, 3, 2, 4)
    assert nn.Conv2DTranspose(8, 3, in_channels=4, groups=2).weight.shape == (4, 4, 3, 3)
    assert nn.Conv3DTranspose(8, 1, in_channels=2, layout='NDHWC').weight.shape == (2, 1, 1, 1, 8)
    assert nn.Conv1D(5, 2).weight.shape == (5, 0, 2)
    assert nn.BatchNorm().running_var.grad_req == 'null'
    assert nn.BatchNorm(scale=False).gamma.grad_req == 'null'
    assert nn.InstanceNorm().gamma.grad_req == 'null'


def test_list_arguments_work_like_tuples():
    a = nn.Conv2D(2, [3, 3], strides=[2, 1], padding=[1, 0], in_channels=1)
    b = nn.Conv2D(2, (3, 3), strides=(2, 1), padding=(1, 0), in_channels=1)
    p = nn.MaxPool2D([2, 2], strides=[1, 2], padding=[1, 0])
    q = nn.MaxPool2D((2, 2), strides=(1, 2), padding=(1, 0))
    for layer in (a, b):
        layer.initialize(mx.init.One())
    x = nd.array(np.arange(50.0).reshape(1, 1, 5, 10))
    assert (a(x).asnumpy() == b(x).asnumpy()).all()
    assert (p(x).asnumpy() == q(x).asnumpy()).all()
    assert 'padding=[1, 0]' in repr(a) and 'padding=(1, 0)' in repr(b)


def test_embedding_output_and_gradient():
    emb = nn.Embedding(4, 2, sparse_grad=True)
    emb.initialize()
    w = np.arange(8.0).reshape(4, 2)
    emb.weight.set_data(nd.array(w))
    x = nd.array([[0, 3], [3, 3]])
    with autograd.record():
        y = emb(x)
    y.backward()
    np.testing.assert_allclose(y.asnumpy(), w[[[0, 3], [3, 3]]])
    np.testing.assert_allclose(emb.weight.grad().asnumpy(), [[1, 1], [0, 0], [0, 0], [3, 3]])


def test_lambda_layers():
    x = nd.array([[-1.0, 2.0]])
    assert nn.Lambda('relu')(x).asnumpy().tolist() == [[0.0, 2.0]]
    assert nn.HybridLambda(lambda F, a, b: a * b)(x, x).asnumpy().tolist() == [[1.0, 4.0]]
    net = nn.HybridSequential()
    net.add(nn.HybridLambda('tanh'), cnn.Identity())
    net.hybridize()
    np.testing.assert_allclose(net(x).asnumpy(), np.tanh([[-1.0, 2.0]]), rtol=1e-6)


def test_concurrent_concatenates_children():
    net = cnn.HybridConcurrent(axis=1)
    net.add(nn.Activation('relu'), cnn.Identity(), nn.Activation('sigmoid'))
    x = nd.array([[-1.0, 1.0]])
    out = net(x).asnumpy()
    np.testing.assert_allclose(out, [[0, 1, -1, 1, 1 / (1 + np.e), 1 / (1 + np.exp(-1))]], rtol=1e-6)
    assert cnn.Concatenate is cnn.Concurrent and cnn.HybridConcatenate is cnn.HybridConcurrent


def test_pixel_shuffle_moves_channels_into_space():
    x = np.random.RandomState(0).uniform(size=(2, 12, 3, 4))
    out = cnn.PixelShuffle2D((2, 3))(nd.array(x)).asnumpy()
    # out[n, c, h * 2 + i, w * 3 + j] = x[n, c * 6 + i * 3 + j, h, w]
    want = x.reshape(2, 2, 2, 3, 3, 4).transpose(0, 1, 4, 2, 5, 3).reshape(2, 2, 6, 12)
    np.testing.assert_allclose(out, want, rtol=1e-6)
    x3 = np.random.RandomState(1).uniform(size=(1, 16, 2, 3, 2))
    out3 = cnn.PixelShuffle3D((2, 2, 2))(nd.array(x3)).asnumpy()
    want3 = x3.reshape(1, 2, 2, 2, 2, 2, 3, 2).transpose(0, 1, 5, 2, 6, 3, 7, 4).reshape(1, 2, 4, 6, 4)
    np.testing.assert_allclose(out3, want3, rtol=1e-6)


# ---- bad input ---------------------------------------------------------------------------------------------
def test_conv_with_wrong_input_keeps_parameters():
    conv = nn.Conv2D(4, 3, in_channels=3)
    conv.initialize()
    before = conv.weight.data().asnumpy().copy()
    with pytest.raises(MXNetError, match='weight'):
        conv(nd.ones((1, 2, 5, 5)))
    with pytest.raises(MXNetError, match='4-D'):
        conv(nd.ones((1, 3, 5)))
    assert (conv.weight.data().asnumpy() == before).all()


def test_deferred_conv_with_wrong_rank_input_names_the_layout():
    conv = nn.Conv2D(4, 3)
    conv.initialize()
    with pytest.raises(ValueError, match='layout NCHW'):
        conv(nd.ones((2, 3, 5)))
    assert conv.weight.shape == (4, 0, 3, 3)


def test_batchnorm_with_wrong_channel_count_raises():
    bn = nn.BatchNorm(in_channels=3)
    bn.initialize()
    with pytest.raises(MXNetError):
        bn(nd.ones((2, 4, 5)))
    assert bn.running_mean.data().asnumpy().tolist() == [0, 0, 0]


def test_norm_axis_out_of_range_is_a_clear_error():
    ln = nn.LayerNorm(axis=3)
    ln.initialize()
    with pytest.raises(ValueError, match='axis 3 is out of range'):
        ln(nd.ones((2, 3)))


@pytest.mark.parametrize('make, error', [
    (lambda: nn.Conv2D(4, 3, layout='NCDHW'), AssertionError),
    (lambda: nn.Conv3DTranspose(4, (1, 2)), AssertionError),
    (lambda: nn.AvgPool2D(layout='NWC'), AssertionError),
    (lambda: nn.GlobalMaxPool1D(layout='NCHW'), AssertionError),
    (lambda: nn.Conv2DTranspose(3, 3, groups=2, in_channels=4), MXNetError),
    (lambda: nn.LeakyReLU(-1), AssertionError),
    (lambda: nn.ReflectionPad2D((1, 1)), AssertionError),
    (lambda: nn.Lambda(None), ValueError),
    (lambda: nn.HybridLambda('not_an_operator'), AssertionError),
    (lambda: cnn.PixelShuffle2D((1, 2, 3)), AssertionError),
])
def test_bad_arguments(make, error):
    with pytest.raises(error):
        make()
