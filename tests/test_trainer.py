"""gluon.Trainer and mx.kv against the update formulas (MXNet's own trajectories are in
tests/golden/optimizer_cases.py): several contexts, kvstore modes, stale gradients, states files, multipliers."""
import base64
import os
import subprocess
import sys
import textwrap

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
    with pytest.raises(MXNetError, match='DMLC_NUM_WORKER is not set'):   # (outside a launched job)
        mx.kv.create('dist_sync')
    with pytest.raises(Exception, match='Gradient compression is not supported'):
        kv.set_gradient_compression({'type': '2bit'})
    with pytest.raises(MXNetError, match='Unknown type for gradient compression 1bit'):
        mx.kv.create('device').set_gradient_compression({'type': '1bit'})
    out = nd.zeros(3)
    kv.pull(0, out=out)
    np.testing.assert_array_equal(out.asnumpy(), [1, 1, 1])
    assert sorted(kv._store) == [0]


# ---- checks that were bare asserts, state left intact, states files written safely ------------------------
def test_bad_parameter_in_list_leaves_the_others_untouched():
    a = _param('a')
    with pytest.raises(ValueError, match="got list of <class 'mxtorch.ndarray.ndarray.NDArray'>"):
        gluon.Trainer([a, nd.ones(2)], 'sgd')
    assert a._trainer is None


def test_mixed_contexts_message_names_parameter_and_contexts():
    a, b = _param('a'), _param('b', ctx=CTXS)
    with pytest.raises(AssertionError, match=r'Parameter b is initialized on \[cpu\(0\), cpu\(1\)\] while previous '
                                             r'Parameters are initialized on \[cpu\(0\)\]'):
        gluon.Trainer([a, b], 'sgd')


def test_update_on_kvstore_without_a_store_says_why():
    # MXNet fails with AttributeError on None.is_capable: the type stays, the message explains
    p = _param()
    trainer = gluon.Trainer([p], 'sgd', update_on_kvstore=True)
    _backward(p, [1.0])
    with pytest.raises(AttributeError, match='update_on_kvstore=True needs a kvstore'):
        trainer.step(1)


class _ClosureSchedule(mx.lr_scheduler.LRScheduler):
    """A user's schedule holding a lambda: such an optimizer cannot be pickled."""

    def __init__(self, fn):
        super().__init__(base_lr=fn(0))
        self.fn = fn

    def __call__(self, num_update):
        return self.fn(num_update)


@pytest.mark.parametrize('ctx', [None, CTXS], ids=['updater', 'kvstore'])
def test_failed_save_states_keeps_the_earlier_file(tmp_path, ctx):
    p = _param(ctx=ctx, value=[1.0, 2.0, 3.0, 4.0])
    trainer = gluon.Trainer([p], 'sgd', {'learning_rate': 0.1, 'momentum': 0.5})
    _backward(p, [1.0] * len(p.list_ctx()))
    trainer.step(1)
    assert trainer._update_on_kvstore is (True if ctx else None)
    fname = str(tmp_path / 'trainer.states')
    trainer.save_states(fname)
    before = open(fname, 'rb').read()
    trainer.optimizer.lr_scheduler = _ClosureSchedule(lambda n: 0.1)
    with pytest.raises(Exception, match='pickle'):
        trainer.save_states(fname)
    assert open(fname, 'rb').read() == before
    assert sorted(f.name for f in tmp_path.iterdir()) == ['trainer.states']
    trainer.optimizer.lr_scheduler = None
    fresh = gluon.Trainer([p], 'sgd', {'learning_rate': 3.0})
    fresh.load_states(fname)
    assert fresh.learning_rate == 0.1 and fresh.optimizer.momentum == 0.5


def test_save_states_into_a_missing_folder_names_the_file(tmp_path):
    trainer = gluon.Trainer([_param()], 'sgd')
    fname = str(tmp_path / 'no' / 'such' / 'trainer.states')
    with pytest.raises(MXNetError, match='Trainer.save_states: cannot write .*trainer.states'):
        trainer.save_states(fname)


def test_kvstore_failed_save_keeps_the_earlier_file(tmp_path):
    kv = mx.kv.create('local')
    kv.init(0, nd.zeros(3))
    opt = mx.optimizer.SGD(learning_rate=0.1, momentum=0.9)
    kv.set_optimizer(opt)
    kv.push(0, nd.ones(3))
    fname = str(tmp_path / 'kv.states')
    kv.save_optimizer_states(fname, dump_optimizer=True)
    before = open(fname, 'rb').read()
    opt.lr_scheduler = _ClosureSchedule(lambda n: 0.1)
    with pytest.raises(Exception, match='pickle'):
        kv.save_optimizer_states(fname, dump_optimizer=True)
    assert open(fname, 'rb').read() == before and len(list(tmp_path.iterdir())) == 1


def test_kvstore_checks_that_were_asserts():
    kv = mx.kv.create('local')
    kv.init(0, nd.ones(2))
    with pytest.raises(AssertionError, match='needs the arrays to pull into'):
        kv.pull(0)
    with pytest.raises(AssertionError, match='Cannot save states for distributed training: this store has no '
                                             'optimizer'):
        kv.save_optimizer_states('unused.states')
    with pytest.raises(AssertionError, match='Cannot load states for distributed training'):
        kv.load_optimizer_states('unused.states')
    with pytest.raises(AssertionError, match="register takes a class, got 'mystore'"):
        mx.kv.KVStoreBase.register('mystore')
    assert 'mystore' not in mx.kv.KVStoreBase.kv_registry
    out = nd.zeros(2)
    kv.pull(0, out=out)
    np.testing.assert_array_equal(out.asnumpy(), [1, 1])


# One representative check of each file that had bare asserts, under python -O (which strips asserts).
_UNDER_O = textwrap.dedent("""
    import numpy as np
    import mxtorch as mx
    from mxtorch import gluon, nd
    assert False, 'asserts are on'

    def param(name, ctx):
        p = gluon.Parameter(name, shape=(2,))
        p.initialize(ctx=ctx)
        return p

    two = [mx.cpu(0), mx.cpu(1)]
    checks = [
        lambda: gluon.Trainer([param('a', None), param('b', two)], 'sgd'),
        lambda: gluon.Trainer([param('c', None)], mx.optimizer.SGD(), {'learning_rate': 1}),
        lambda: gluon.Trainer([param('d', two)], 'sgd').allreduce_grads(),
        lambda: mx.kv.create('local').pull(0),
        lambda: mx.kv.create('local').save_optimizer_states('unused'),
        lambda: mx.lr_scheduler.MultiFactorScheduler((2, 4)),
        lambda: mx.lr_scheduler.CosineScheduler(5.0),
        lambda: mx.optimizer.SGD(param_idx2name=['w']),
        lambda: mx.optimizer.LBSGD().update(0, np.ones(2), nd.ones(2), None),
    ]
    for check in checks:
        try:
            check()
            print('passed silently')
        except AssertionError as e:
            print(' '.join(str(e).split()[:3]))
""")


def test_checks_hold_under_python_O():
    src = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'src')
    proc = subprocess.run([sys.executable, '-O', '-c', _UNDER_O], capture_output=True, text=True,
                          env=dict(os.environ, PYTHONPATH=src))
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.split('\n')[:-1] == [
        'All Parameters must', 'optimizer_params must be', 'allreduce_grads() when parameters',
        'KVStore.pull needs the', 'Cannot save states', 'MultiFactorScheduler: step must',
        'CosineScheduler: max_update must', 'param_idx2name should be', 'LBSGD.update: weight and']


# Trainer states files written by MXNet 1.9.1's Trainer.save_states, made once with the reference by
#   p = gluon.Parameter('w', shape=(2, 3)); p.initialize(ctx=ctx); p.set_data(nd.array([[0.5, -1.0, 2.0],
#   [1.5, 0.25, -0.75]])); trainer = gluon.Trainer([p], optimizer, params); _mxnet_step(p, trainer, k) for
#   k = 0, 1; trainer.save_states(f) -> (base64 of f, the weights then, the weights after _mxnet_step(.., 2)):
# 'updater': ctx cpu(0), 'adam', {'learning_rate': 0.1, 'wd': 0.01, 'lr_scheduler':
#            mx.lr_scheduler.FactorScheduler(step=1, factor=0.5, base_lr=0.1)} (Trainer._updaters[0] states);
# 'kvstore': ctx [cpu(0), cpu(1)], 'sgd', {'learning_rate': 0.05, 'momentum': 0.9} (the kvstore's states).
MXNET_TRAINER_STATES = {
    'updater': (
        (
            'gASVXwMAAAAAAAB9lEsAjBVteG5ldC5uZGFycmF5Lm5kYXJyYXmUjAdOREFycmF5lJOUToWUUpR9lIwGaGFuZGxllIwIYnVpbHRp'
            'bnOUjAlieXRlYXJyYXmUk5RDQMn6k/kAAAAAAgAAAAIAAAAAAAAAAwAAAAAAAAABAAAAAAAAAAAAAADM3gA+XCmLvqVOED9S49U+'
            'W5NYPcKYS76UhZRSlHNiaANoBFKUfZRoB2gKQ0DJ+pP5AAAAAAIAAAACAAAAAAAAAAMAAAAAAAAAAQAAAAAAAAAAAAAAqDxsOrif'
            'jDua3pg8qk0nPAAaIjlvbhU7lIWUUpRzYoaUc4wZbXhuZXQub3B0aW1pemVyLm9wdGltaXplcpSMBEFkYW2Uk5QpgZR9lCiMDHJl'
            'c2NhbGVfZ3JhZJRHP+AAAAAAAACMDGxyX3NjaGVkdWxlcpSMEm14bmV0LmxyX3NjaGVkdWxlcpSMD0ZhY3RvclNjaGVkdWxlcpST'
            'lCmBlH2UKIwHYmFzZV9scpRHP6mZmZmZmZqMDHdhcm11cF9zdGVwc5RLAIwPd2FybXVwX2ZpbmFsX2xylEc/uZmZmZmZmowPd2Fy'
            'bXVwX2JlZ2luX2xylEsAjAt3YXJtdXBfbW9kZZSMBmxpbmVhcpSMBHN0ZXCUSwGMBmZhY3RvcpRHP+AAAAAAAACMDnN0b3BfZmFj'
            'dG9yX2xylEc+RXmO4jCMOowFY291bnSUSwF1YowCbHKURz+5mZmZmZmajAJ3ZJRHP4R64UeuFHuMB2xyX211bHSUfZSMB3dkX211'
            'bHSUfZSMEGJlZ2luX251bV91cGRhdGWUSwCMCm51bV91cGRhdGWUSwKMGF9hbGxfaW5kZXhfdXBkYXRlX2NvdW50c5R9lEsAfZRL'
            'AEsCc3OME19pbmRleF91cGRhdGVfY291bnSUaDSMDWNsaXBfZ3JhZGllbnSUTowPbXVsdGlfcHJlY2lzaW9ulImMDWFnZ3JlZ2F0'
            'ZV9udW2USwCMCGlkeDJuYW1llH2UjAhzeW1faW5mb5QpjA5hbGxvd19ucF9hcnJheZSJjAViZXRhMZRHP+zMzMzMzM2MBWJldGEy'
            'lEc/7/fO2RaHK4wHZXBzaWxvbpRHPkV5juIwjDqMC2xhenlfdXBkYXRllIh1YoaULg=='),
        [[0.3506738543510437, -0.8511828184127808, 1.851447582244873],
         [1.3513590097427368, 0.0999639555811882, -0.6010088324546814]],
        [[0.3260518014431, -0.8269021511077881, 1.8273298740386963],
         [1.3271878957748413, 0.07490022480487823, -0.5766156911849976]]),
    'kvstore': (
        (
            'gASVDQIAAAAAAAB9lEsAjBVteG5ldC5uZGFycmF5Lm5kYXJyYXmUjAdOREFycmF5lJOUToWUUpR9lIwGaGFuZGxllIwIYnVpbHRp'
            'bnOUjAlieXRlYXJyYXmUk5RDQMn6k/kAAAAAAgAAAAIAAAAAAAAAAwAAAAAAAAADAAAAAAAAAAAAAABwPQq+cD2KPnA9Cr8qXM++'
            'cD2KvSpcTz6UhZRSlHNic4wZbXhuZXQub3B0aW1pemVyLm9wdGltaXplcpSMA1NHRJSTlCmBlH2UKIwMcmVzY2FsZV9ncmFklEc/'
            '4AAAAAAAAIwMbHJfc2NoZWR1bGVylE6MAmxylEc/qZmZmZmZmowCd2SURwAAAAAAAAAAjAdscl9tdWx0lH2UjAd3ZF9tdWx0lH2U'
            'jBBiZWdpbl9udW1fdXBkYXRllEsAjApudW1fdXBkYXRllEsCjBhfYWxsX2luZGV4X3VwZGF0ZV9jb3VudHOUfZRLAH2USwBLAnNz'
            'jBNfaW5kZXhfdXBkYXRlX2NvdW50lGgfjA1jbGlwX2dyYWRpZW50lE6MD211bHRpX3ByZWNpc2lvbpSJjA1hZ2dyZWdhdGVfbnVt'
            'lEsEjAhpZHgybmFtZZR9lIwIc3ltX2luZm+UKYwOYWxsb3dfbnBfYXJyYXmUiYwIbW9tZW50dW2URz/szMzMzMzNjAtsYXp5X3Vw'
            'ZGF0ZZSIdWKGlC4='),
        [[0.3149999976158142, -0.6299999952316284, 1.2599999904632568],
         [0.9449999928474426, 0.1574999988079071, -0.4724999964237213]],
        [[0.0990000069141388, -0.1980000138282776, 0.3960000276565552],
         [0.296999990940094, 0.0495000034570694, -0.148499995470047]]),
}


def _mxnet_step(p, trainer, k):
    with autograd.record():
        losses = [(w * w * (k + 1)).sum() for w in p.list_data()]
    for l in losses:
        l.backward()
    trainer.step(2)


@pytest.mark.parametrize('kind', ['updater', 'kvstore'])
def test_states_saved_by_mxnet_load_and_continue(tmp_path, kind):
    blob, before, after = MXNET_TRAINER_STATES[kind]
    ctx = CTXS if kind == 'kvstore' else None
    p = _param('w', shape=(2, 3), ctx=ctx, value=before)
    trainer = gluon.Trainer([p], 'sgd', {'learning_rate': 7.0})
    fname = tmp_path / 'mxnet.states'
    fname.write_bytes(base64.b64decode(blob))
    trainer.load_states(str(fname))
    assert trainer._update_on_kvstore is (True if ctx else None)
    assert type(trainer.optimizer).__name__ == ('Adam' if kind == 'updater' else 'SGD')
    assert trainer.optimizer.param_dict == {0: p}
    _mxnet_step(p, trainer, 2)
    for arr in p.list_data():
        np.testing.assert_allclose(arr.asnumpy(), after, rtol=1e-5, atol=1e-6)
