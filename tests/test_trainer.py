"""gluon.Trainer and mx.kv against the update formulas (MXNet's own trajectories are in
tests/golden/optimizer_cases.py): several contexts, kvstore modes, stale gradients, states files, multipliers."""
import numpy as np
import pytest

import mxtorch as mx
from mxtorch import autograd, gluon, nd
from mxtorch.base import MXNetError

CTXS = [mx.cpu(0), mx.cpu(1)]


def _param(name='x', shape=(4,), ctx=None, value=None, **kwargs):
    p = gluon.Parameter(name, shape=shape, **kwargs)
    p.initialize(ctx=ctx, init='zeros')
    if value is not None:
        p.set_data(nd.array(value))
    return p


def _backward(param, factors):
    """Gradient `factor * data` on each context (loss = factor * sum(data**2) / 2)."""
    with autograd.record():
        losses = [(w * w).sum() * (f / 2.0) for w, f in zip(param.list_data(), factors)]
    for l in losses:
        l.backward()


def test_single_context_sgd_momentum():
    w0 = np.array([1.0, -2.0, 0.5, 3.0])
    p = _param(value=w0)
    trainer = gluon.Trainer([p], 'sgd', {'learning_rate': 0.1, 'momentum': 0.9, 'wd': 0.01})
    w, mom = w0.copy(), np.zeros(4)
    for _ in range(3):
        _backward(p, [2.0])
        trainer.step(4)
        mom = 0.9 * mom - 0.1 * (2.0 * w / 4 + 0.01 * w)
        w = w + mom
    assert trainer._kvstore is None and trainer._update_on_kvstore is None
    np.testing.assert_allclose(p.data().asnumpy(), w, rtol=1e-5)


@pytest.mark.parametrize('update_on_kvstore', [True, False, None])
@pytest.mark.parametrize('kvstore', ['device', 'local'])
def test_two_contexts_sum_gradients(kvstore, update_on_kvstore):
    w0 = np.array([1.0, -2.0, 0.5, 3.0])
    p = _param(ctx=CTXS, value=w0)
    trainer = gluon.Trainer([p], 'sgd', {'learning_rate': 0.1}, kvstore=kvstore,
                            update_on_kvstore=update_on_kvstore)
    w = w0.copy()
    for _ in range(2):
        _backward(p, [1.0, 3.0])
        trainer.step(2)
        w = w - 0.1 * (1.0 * w + 3.0 * w) / 2
    assert trainer._kvstore.type == kvstore
    assert trainer._update_on_kvstore is (update_on_kvstore is not False)
    for c in CTXS:
        np.testing.assert_allclose(p.data(c).asnumpy(), w, rtol=1e-5)


def test_update_on_kvstore_environment(monkeypatch):
    monkeypatch.setenv('MXNET_UPDATE_ON_KVSTORE', '0')
    p = _param(ctx=CTXS)
    trainer = gluon.Trainer([p], 'sgd')
    _backward(p, [1.0, 1.0])
    trainer.step(1)
    assert trainer._update_on_kvstore is False


def test_allreduce_then_update_with_clipping_in_between():
    p = _param(ctx=CTXS, value=[1.0, 1.0, 1.0, 1.0])
    trainer = gluon.Trainer([p], 'sgd', {'learning_rate': 1.0}, update_on_kvstore=False)
    _backward(p, [1.0, 2.0])
    trainer.allreduce_grads()
    for g in p.list_grad():
        np.testing.assert_allclose(g.asnumpy(), [3.0] * 4)
        g[:] = g * 0.5
    trainer.update(1)
    for c in CTXS:
        np.testing.assert_allclose(p.data(c).asnumpy(), [-0.5] * 4)


def test_allreduce_and_update_refused_on_kvstore():
    p = _param(ctx=CTXS)
    trainer = gluon.Trainer([p], 'sgd', update_on_kvstore=True)
    with pytest.raises(AssertionError, match='allreduce_grads\\(\\) when parameters are updated on kvstore'):
        trainer.allreduce_grads()
    with pytest.raises(AssertionError, match='update\\(\\) when parameters are updated on kvstore'):
        trainer.update(1)


def test_stale_gradient_raises_and_can_be_ignored():
    a = _param('a', value=[1.0] * 4)
    b = _param('b', value=[1.0] * 4)
    trainer = gluon.Trainer([a, b], 'sgd', {'learning_rate': 1.0})
    with autograd.record():
        loss = a.data().sum()
    loss.backward()
    with pytest.raises(UserWarning, match='Gradient of Parameter `b` on context cpu\\(0\\) has not been updated '
                                          'by backward since last `step`'):
        trainer.step(1)
    _backward(a, [1.0])
    trainer.step(1, ignore_stale_grad=True)
    np.testing.assert_allclose(a.data().asnumpy(), [0.0] * 4)
    np.testing.assert_allclose(b.data().asnumpy(), [1.0] * 4)
    # a's gradient was used: stepping again without backward is stale
    with pytest.raises(UserWarning, match='Parameter `a`'):
        trainer.step(1)


def test_grad_req_null_is_skipped():
    a = _param('a', value=[1.0] * 4)
    b = _param('b', value=[1.0] * 4, grad_req='null')
    trainer = gluon.Trainer([a, b], 'sgd', {'learning_rate': 1.0})
    _backward(a, [1.0])
    trainer.step(1)
    np.testing.assert_allclose(a.data().asnumpy(), [0.0] * 4)
    np.testing.assert_allclose(b.data().asnumpy(), [1.0] * 4)


def test_lr_mult_wd_mult_read_at_each_step():
    p = _param(value=[1.0] * 4)
    trainer = gluon.Trainer([p], 'sgd', {'learning_rate': 1.0, 'wd': 0.5})
    _backward(p, [0.0])
    trainer.step(1)
    np.testing.assert_allclose(p.data().asnumpy(), [0.5] * 4)  # w - lr * wd * w
    p.lr_mult = 0.5
    p.wd_mult = 2.0
    _backward(p, [0.0])
    trainer.step(1)
    np.testing.assert_allclose(p.data().asnumpy(), [0.25] * 4)  # w - 0.5 * 1.0 * w


@pytest.mark.parametrize('update_on_kvstore', [True, False])
def test_save_load_states(tmp_path, update_on_kvstore):
    p = _param(ctx=CTXS, value=[1.0, 2.0, 3.0, 4.0])
    trainer = gluon.Trainer([p], 'sgd', {'learning_rate': 0.1, 'momentum': 0.5},
                            update_on_kvstore=update_on_kvstore)
    _backward(p, [1.0, 1.0])
    trainer.step(2)
    fname = str(tmp_path / 'trainer.states')
    trainer.save_states(fname)
    trainer2 = gluon.Trainer([p], 'sgd', {'learning_rate': 5.0}, update_on_kvstore=update_on_kvstore)
    trainer2.load_states(fname)
    assert trainer2.learning_rate == 0.1 and trainer2.optimizer.momentum == 0.5
    assert trainer2.optimizer.param_dict == {0: p}
    p.lr_mult = 2.0
    assert trainer2.optimizer._get_lr(0) == pytest.approx(0.2)
    p.lr_mult = 1.0
    w = np.array([1.0, 2.0, 3.0, 4.0]) * 0.9
    mom = -0.1 * np.array([1.0, 2.0, 3.0, 4.0])
    _backward(p, [1.0, 1.0])
    trainer2.step(2)
    mom = 0.5 * mom - 0.1 * w
    for c in CTXS:
        np.testing.assert_allclose(p.data(c).asnumpy(), w + mom, rtol=1e-5)


def test_loading_parameters_resets_kvstore(tmp_path):
    params = gluon.ParameterDict()
    x = params.get('x', shape=(3,))
    params.initialize(ctx=CTXS, init='zeros')
    trainer = gluon.Trainer(params, 'sgd', {'learning_rate': 0.1})
    fname = str(tmp_path / 'x.params')
    params.save(fname)
    _backward(x, [0.0, 0.0])
    with autograd.record():
        losses = [w.sum() for w in x.list_data()]
    for l in losses:
        l.backward()
    trainer.step(1)
    np.testing.assert_allclose(x.data(mx.cpu(1)).asnumpy(), [-0.2] * 3, rtol=1e-6)
    params.load(fname, ctx=CTXS)
    assert trainer._kvstore is None and trainer._kv_initialized is False
    with autograd.record():
        losses = [w.sum() for w in x.list_data()]
    for l in losses:
        l.backward()
    trainer.step(1)
    np.testing.assert_allclose(x.data(mx.cpu(0)).asnumpy(), [-0.2] * 3, rtol=1e-6)


def test_learning_rate_and_scheduler():
    p = _param()
    trainer = gluon.Trainer([p], 'sgd', {'learning_rate': 0.1})
    trainer.set_learning_rate(0.3)
    assert trainer.learning_rate == 0.3
    sched = mx.lr_scheduler.FactorScheduler(step=1, factor=0.5, base_lr=1.0)
    t2 = gluon.Trainer([p], 'sgd', {'lr_scheduler': sched})
    with pytest.raises(UserWarning, match='LRScheduler of the optimizer has already been defined'):
        t2.set_learning_rate(0.1)
    for k in range(3):
        _backward(p, [1.0])
        t2.step(1)
    assert t2.learning_rate == pytest.approx(0.25)


def test_optimizer_instance_gets_param_dict():
    p = _param()
    opt = mx.optimizer.Adam()
    trainer = gluon.Trainer([p], opt)
    assert trainer.optimizer is opt and opt.param_dict == {0: p}
    with pytest.raises(AssertionError, match='optimizer_params must be None'):
        gluon.Trainer([p], mx.optimizer.Adam(), {'learning_rate': 0.1})


def test_bad_arguments():
    with pytest.raises(ValueError, match='First argument must be a list or dict of Parameters'):
        gluon.Trainer(nd.ones(2), 'sgd')
    with pytest.raises(ValueError, match='got list of'):
        gluon.Trainer([nd.ones(2)], 'sgd')
    with pytest.raises(ValueError, match='Cannot find optimizer nosuch'):
        gluon.Trainer([_param()], 'nosuch')
    a, b = _param('a'), _param('b', ctx=CTXS)
    with pytest.raises(AssertionError, match='All Parameters must be initialized on the same set of contexts'):
        gluon.Trainer([a, b], 'sgd')
    p = _param(ctx=CTXS)
    with pytest.raises(TypeError, match='kvstore must be KVStore, str or None'):
        gluon.Trainer([p], 'sgd', kvstore=3).step(1)


def test_teststore_cannot_update():
    p = _param(ctx=CTXS)
    kv = mx.kv.create('teststore')
    trainer = gluon.Trainer([p], 'sgd', {'learning_rate': 1.0}, kvstore=kv)
    _backward(p, [1.0, 1.0])
    trainer.step(1)
    assert trainer._update_on_kvstore is False
    with pytest.raises(ValueError, match='Please set update_on_kvstore=False'):
        gluon.Trainer([p], 'sgd', kvstore=kv, update_on_kvstore=True)._init_kvstore()


def test_two_bit_gradient_compression():
    p = _param(ctx=CTXS)
    trainer = gluon.Trainer([p], 'sgd', {'learning_rate': 1.0}, kvstore='device',
                            compression_params={'type': '2bit', 'threshold': 0.5}, update_on_kvstore=False)
    grads = [np.array([0.3, -0.6, 0.1, 1.2]), np.array([0.2, 0.2, -0.4, 0.0])]
    residual = [np.zeros(4), np.zeros(4)]
    w = np.zeros(4)
    for _ in range(3):
        for g, arr in zip(grads, p.list_grad()):
            arr[:] = nd.array(g)
        for d in p.list_data():
            d._fresh_grad = True
        trainer.step(1)
        total = np.zeros(4)
        for i in range(2):
            residual[i] += grads[i]
            q = np.where(residual[i] >= 0.5, 0.5, np.where(residual[i] <= -0.5, -0.5, 0.0))
            residual[i] -= q
            total += q
        w -= total
    np.testing.assert_allclose(p.data(mx.cpu(1)).asnumpy(), w, rtol=1e-6)


def test_kvstore_errors_leave_store_intact():
    kv = mx.kv.create('local')
    kv.init(0, nd.ones(3))
    with pytest.raises(MXNetError, match='duplicate init of key 0'):
        kv.init([1, 0], [nd.ones(2), nd.ones(3)])
    with pytest.raises(MXNetError, match='key 1 has not been inited'):
        kv.pull(1, out=nd.zeros(2))
    with pytest.raises(MXNetError, match='holds shape \\(3,\\) but a value of shape \\(4,\\)'):
        kv.push(0, [nd.ones(3), nd.ones(4)])
    with pytest.raises(MXNetError, match='Mixed key types'):
        kv.push('a', nd.ones(3))
    with pytest.raises(MXNetError, match='distributed kvstores are not available'):
        mx.kv.create('dist_sync')
    with pytest.raises(Exception, match='Gradient compression is not supported'):
        kv.set_gradient_compression({'type': '2bit'})
    with pytest.raises(MXNetError, match='Unknown type for gradient compression 1bit'):
        mx.kv.create('device').set_gradient_compression({'type': '1bit'})
    out = nd.zeros(3)
    kv.pull(0, out=out)
    np.testing.assert_array_equal(out.asnumpy(), [1, 1, 1])
    assert sorted(kv._store) == [0]
