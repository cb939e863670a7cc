"""mx.gluon.contrib.cnn beyond the golden cases (tests/golden/contrib_cnn_cases.py): gradients of both
layers by finite differences (MXNet 1.9.1 has ModulatedDeformableConvolution's backward only on GPUs, so
mathematics is the reference there), deferred shapes, export through a hybridized graph, bad input."""
import numpy as np
import pytest

import mxtorch as mx
from mxtorch import autograd, nd
from mxtorch.base import MXNetError
from numgrad import check_gradient

cnn = mx.gluon.contrib.cnn


def _with_random_params(layer, x, seed):
    layer.initialize()
    layer(x)
    rng = np.random.RandomState(seed)
    for _, p in sorted(layer.collect_params().items()):
        p.set_data(nd.array(rng.uniform(-0.4, 0.4, p.shape)))
    return {name[len(layer.prefix):]: p.data() for name, p in layer.collect_params().items()}


@pytest.mark.parametrize('cls', [cnn.DeformableConvolution, cnn.ModulatedDeformableConvolution])
def test_gradients_by_finite_differences(cls):
    rng = np.random.RandomState(3)
    x = nd.array(rng.uniform(-1, 1, (1, 2, 3, 3)))
    layer = cls(2, kernel_size=2, num_deformable_group=2)
    params = _with_random_params(layer, x, 4)
    ob, b = params['offset_bias'], params['deformable_conv_bias']

    def forward(data, offset_weight, weight):
        return layer.hybrid_forward(nd, data, offset_weight, weight, ob.astype('float64'), b.astype('float64'))

    check_gradient(forward, x, params['offset_weight'], params['deformable_conv_weight'], rtol=1e-3, atol=1e-4)


def test_modulated_backward_runs_through_the_layer():
    x = nd.array(np.random.RandomState(0).uniform(-1, 1, (2, 3, 5, 5)))
    layer = cnn.ModulatedDeformableConvolution(4, kernel_size=3, padding=1, activation='relu')
    _with_random_params(layer, x, 1)
    x.attach_grad()
    with autograd.record():
        loss = (layer(x) ** 2).sum()
    loss.backward()
    assert x.grad.shape == x.shape and float(nd.abs(x.grad).sum().asscalar()) > 0
    for p in layer.collect_params().values():
        assert float(nd.abs(p.grad()).sum().asscalar()) > 0, p.name


def test_shapes_are_completed_from_the_input():
    layer = cnn.DeformableConvolution(6, kernel_size=(3, 1), groups=3)
    layer.initialize()
    assert layer(nd.ones((2, 6, 7, 7))).shape == (2, 6, 5, 7)
    assert layer.offset_weight.shape == (6, 2, 3, 1)
    assert layer.deformable_conv_weight.shape == (6, 2, 3, 1)


def test_hybridized_export_and_reload(tmp_path):
    x = nd.array(np.random.RandomState(0).uniform(-1, 1, (1, 2, 5, 5)))
    layer = cnn.ModulatedDeformableConvolution(3, kernel_size=3, padding=1)
    _with_random_params(layer, x, 2)
    expected = layer(x)
    layer.hybridize()
    np.testing.assert_allclose(layer(x).asnumpy(), expected.asnumpy(), rtol=1e-5, atol=1e-6)
    prefix = str(tmp_path / 'dcn')
    layer.export(prefix)
    loaded = mx.gluon.SymbolBlock.imports(prefix + '-symbol.json', ['data'], prefix + '-0000.params')
    np.testing.assert_allclose(loaded(x).asnumpy(), expected.asnumpy(), rtol=1e-5, atol=1e-6)


def test_bad_input():
    with pytest.raises(AssertionError, match="Only supports 'NCHW' and 'NHWC'"):
        cnn.ModulatedDeformableConvolution(2, 3, layout='NCDHW')
    with pytest.raises(MXNetError, match='output num_filter must divide group size'):
        cnn.DeformableConvolution(2, (3, 3), groups=4)
    layer = cnn.DeformableConvolution(2, 3, groups=2)
    layer.initialize()
    # (a deferred shape that cannot be completed is MXNet's ValueError, naming the cause)
    with pytest.raises(ValueError, match='3 input channels are not divisible by groups=2'):
        layer(nd.ones((1, 3, 5, 5)))
    with pytest.raises(ValueError, match='4-D'):
        layer(nd.ones((1, 4, 5)))
