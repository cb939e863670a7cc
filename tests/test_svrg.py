"""mx.contrib.svrg_optimization: SVRG recovers a linear model exactly (mathematics: the data are noise-free,
so the variance-reduced gradient vanishes at the solution); the values along the way are MXNet's
(tests/golden/svrg_cases.py)."""
import logging

import numpy as np

import mxtorch as mx
from mxtorch.contrib.svrg_optimization.svrg_module import SVRGModule
from mxtorch.contrib.svrg_optimization.svrg_optimizer import _SVRGOptimizer


def _problem(n=64):
    rng = np.random.RandomState(3)
    x = rng.uniform(-1, 1, (n, 3)).astype('float32')
    y = x.dot(np.array([1.5, -2.0, 0.5], dtype='float32')) + 0.25
    data = mx.io.NDArrayIter(x, y, batch_size=16, shuffle=False, label_name='lin_reg_label')
    fc = mx.sym.FullyConnected(data=mx.sym.Variable('data'), name='fc1', num_hidden=1)
    out = mx.sym.LinearRegressionOutput(data=fc, label=mx.sym.Variable('lin_reg_label'), name='lro')
    return data, out


def test_svrg_fit_recovers_the_linear_model():
    data, out = _problem()
    mod = SVRGModule(symbol=out, data_names=['data'], label_names=['lin_reg_label'], update_freq=2,
                     logger=logging.getLogger('svrg-test'))
    metric = mx.metric.create('mse')
    mod.fit(data, eval_metric=metric, optimizer='sgd', optimizer_params={'learning_rate': 0.5}, num_epoch=60)
    arg, _ = mod.get_params()
    np.testing.assert_allclose(arg['fc1_weight'].asnumpy(), [[1.5, -2.0, 0.5]], atol=1e-3)
    np.testing.assert_allclose(arg['fc1_bias'].asnumpy(), [0.25], atol=1e-3)
    assert metric.get()[1] < 1e-6
    assert isinstance(mod._optimizer, _SVRGOptimizer)


def test_full_gradient_is_the_mean_gradient_at_the_snapshot():
    data, out = _problem()
    mod = SVRGModule(symbol=out, data_names=['data'], label_names=['lin_reg_label'], update_freq=1)
    mod.bind(data_shapes=data.provide_data, label_shapes=data.provide_label)
    mod.init_params(initializer=mx.init.Constant(0.2))
    mod.init_optimizer(optimizer='sgd')
    mod.update_full_grads(data)
    # LinearRegressionOutput's gradient of the weights: sum over the batch of (pred - y) * x; mean over batches
    x, y = data.data[0][1].asnumpy(), data.label[0][1].asnumpy()
    w = np.full((1, 3), 0.2, dtype='float32')
    residual = x.dot(w.T)[:, 0] - y
    want = residual.dot(x) / 4
    np.testing.assert_allclose(mod._param_dict[0]['fc1_weight'].asnumpy()[0], want, rtol=1e-5)
    np.testing.assert_allclose(mod._param_dict[0]['fc1_bias'].asnumpy(), [residual.sum() / 4], rtol=1e-5)
