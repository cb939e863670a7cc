"""mx.optimizer beyond the golden trajectories (tests/golden/optimizer_cases.py): formulas checked against
numpy, the Updater's paths for user-written optimizers, bad input, states written by MXNet itself."""
import base64
import pickle
import warnings

import numpy as np
import pytest
import torch

import mxtorch as mx
from mxtorch import nd, autograd
from mxtorch.base import MXNetError

W0 = np.array([[0.5, -1.2, 2.0], [0.1, -0.3, 1.5]], dtype=np.float32)
G0 = np.array([[0.3, -2.5, 0.0], [1.2, 0.4, -0.7]], dtype=np.float32)


def _sgd_numpy(w, g, mom, lr, wd, momentum, rescale, clip):
    """MXNet's documented SGD: mom = momentum * mom - lr * (clip(rescale * g) + wd * w); w += mom."""
    gr = rescale * g
    if clip is not None:
        gr = np.clip(gr, -clip, clip)
    mom = momentum * mom - lr * (gr + wd * w)
    return w + mom, mom


@pytest.mark.parametrize('momentum,wd,rescale,clip', [(0.0, 0.0, 1.0, None), (0.9, 0.01, 0.5, None),
                                                      (0.5, 0.1, 2.0, 0.7)])
def test_sgd_formula_through_updater(momentum, wd, rescale, clip):
    # several weights with different lr_mult/wd_mult, all updated in one fused call
    rng = np.random.RandomState(0)
    shapes = [(2, 3), (4,), (3, 1, 2)]
    ws = [rng.randn(*s).astype(np.float32) for s in shapes]
    lr_mult = {0: 1.0, 1: 0.5, 2: 2.0}
    wd_mult = {0: 1.0, 1: 0.0, 2: 3.0}
    opt = mx.optimizer.SGD(learning_rate=0.1, momentum=momentum, wd=wd, rescale_grad=rescale,
                           clip_gradient=clip)
    opt.set_lr_mult(lr_mult)
    opt.set_wd_mult(wd_mult)
    upd = mx.optimizer.get_updater(opt)
    arrays = [nd.array(w) for w in ws]
    moms = [np.zeros_like(w) for w in ws]
    for step in range(3):
        gs = [rng.randn(*s).astype(np.float32) for s in shapes]
        upd(list(range(3)), [nd.array(g) for g in gs], arrays)
        for i in range(3):
            ws[i], moms[i] = _sgd_numpy(ws[i], gs[i], moms[i], 0.1 * lr_mult[i], wd * wd_mult[i], momentum,
                                        rescale, clip)
    for a, w in zip(arrays, ws):
        np.testing.assert_allclose(a.asnumpy(), w, rtol=1e-5, atol=1e-6)


def _adam_numpy(w, grads, lr=0.01, b1=0.9, b2=0.999, eps=1e-8, wd=0.1):
    """MXNet's documented Adam: weight decay inside the gradient, bias correction folded into the learning
    rate, epsilon outside the square root."""
    w = w.astype(np.float64)
    m = np.zeros_like(w)
    v = np.zeros_like(w)
    for t, g in enumerate(grads, 1):
        gr = g + wd * w
        m = b1 * m + (1 - b1) * gr
        v = b2 * v + (1 - b2) * gr * gr
        w = w - lr * np.sqrt(1 - b2 ** t) / (1 - b1 ** t) * m / (np.sqrt(v) + eps)
    return w


def test_adam_formula():
    opt = mx.optimizer.Adam(learning_rate=0.01, wd=0.1)
    w = nd.array(W0)
    state = opt.create_state(0, w)
    grads = [G0 * t for t in range(1, 4)]
    for g in grads:
        opt.update(0, w, nd.array(g), state)
    np.testing.assert_allclose(w.asnumpy(), _adam_numpy(W0, grads), rtol=1e-5, atol=1e-6)


def test_update_works_on_weights_with_gradients_attached():
    # parameters are leaves that require grad in torch: updates must run without recording
    w = nd.array(W0)
    w.attach_grad()
    with autograd.record():
        y = (w * w).sum()
    y.backward()
    opt = mx.optimizer.SGD(learning_rate=0.5, momentum=0.9)
    state = opt.create_state(0, w)
    opt.update(0, w, w.grad, state)
    np.testing.assert_allclose(w.asnumpy(), W0 - 0.5 * 2 * W0, rtol=1e-6)


def test_multi_precision_keeps_float32_master():
    w = nd.array(W0, dtype='float16')
    opt = mx.optimizer.SGD(learning_rate=1e-4, multi_precision=True)
    state = opt.create_state_multi_precision(0, w)
    assert state[1].dtype == np.float32
    g = nd.array(np.ones_like(W0), dtype='float16')
    for _ in range(10):
        opt.update_multi_precision(0, w, g, state)
    # 10 steps of 1e-4 accumulate in float32 even though each is below float16's resolution near 2.0
    start = W0.astype(np.float16).astype(np.float32)  # the master copy starts from the float16 weight
    np.testing.assert_allclose(state[1].asnumpy(), start - 1e-3, rtol=1e-6)
    assert w.dtype == np.float16
    np.testing.assert_allclose(w.asnumpy(), (start - 1e-3).astype(np.float16))


def test_float16_without_multi_precision_warns():
    with pytest.warns(UserWarning, match='multi_precision=True option of the SGD optimizer'):
        mx.optimizer.SGD().create_state_multi_precision(0, nd.ones(2, dtype='float16'))
    with pytest.warns(UserWarning, match='multi_precision=True option of the optimizer'):
        mx.optimizer.Adam().create_state_multi_precision(0, nd.ones(2, dtype='float16'))


def test_bad_input_leaves_state_intact():
    opt = mx.optimizer.Adam()
    w = nd.array(W0)
    state = opt.create_state(0, w)
    with pytest.raises(MXNetError, match=r'weight shape \(2, 3\) and grad shape \(3,\)'):
        opt.update(0, w, nd.ones(3), state)
    with pytest.raises(AssertionError, match='must be NDArrays'):
        opt.update(0, w, W0, state)
    np.testing.assert_array_equal(w.asnumpy(), W0)
    assert opt.num_update == 0 and opt._index_update_count == {}
    assert np.all(state[0].asnumpy() == 0)


def test_updater_bad_lengths():
    upd = mx.optimizer.get_updater(mx.optimizer.SGD())
    with pytest.raises(ValueError, match='2 indices, 1 gradients'):
        upd([0, 1], [nd.ones(2)], [nd.ones(2), nd.ones(2)])
    assert upd.states == {}


def test_create_and_register():
    assert isinstance(mx.optimizer.create('SgD'), mx.optimizer.SGD)
    assert isinstance(mx.optimizer.Optimizer.create_optimizer('adam'), mx.optimizer.Adam)
    with pytest.raises(ValueError, match='Cannot find optimizer nosuch'):
        mx.optimizer.create('nosuch')
    with pytest.raises(TypeError, match='optimizer name must be a str'):
        mx.optimizer.create(3)

    @mx.optimizer.register
    class MyTestOptimizerX(mx.optimizer.Optimizer):
        pass

    assert isinstance(mx.optimizer.create('mytestoptimizerx'), MyTestOptimizerX)
    with pytest.warns(UserWarning, match='is overriding existing optimizer'):
        mx.optimizer.register(MyTestOptimizerX)
    del mx.optimizer.Optimizer.opt_registry['mytestoptimizerx']


class _PyPlainSGD(mx.optimizer.Optimizer):
    """An optimizer written against MXNet's API (update on NDArrays), counting its calls."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.calls = []

    def create_state(self, index, weight):
        return None

    def update(self, index, weight, grad, state):
        self.calls.append(index)
        self._update_count(index)
        weight[:] = weight - self._get_lr(index) * grad


def test_updater_calls_user_update_per_index():
    opt = _PyPlainSGD(learning_rate=0.5)
    upd = mx.optimizer.get_updater(opt)
    ws = [nd.array(W0), nd.ones(3)]
    upd([0, 1], [nd.array(G0), nd.ones(3)], ws)
    assert opt.calls == [0, 1]
    np.testing.assert_allclose(ws[0].asnumpy(), W0 - 0.5 * G0, rtol=1e-6)
    np.testing.assert_allclose(ws[1].asnumpy(), [0.5, 0.5, 0.5])


def test_updater_calls_user_update_in_aggregates():
    # with aggregate_num > 0 MXNet's Updater hands lists of at most aggregate_num weights to update
    opt = _PyPlainSGD(learning_rate=0.5)
    opt.aggregate_num = 2
    seen = []

    def update_multi_precision(index, weight, grad, state):
        seen.append(list(index))
        for i, w, g, s in zip(index, weight, grad, state):
            opt.update(i, w, g, s)
    opt.update_multi_precision = update_multi_precision
    upd = mx.optimizer.get_updater(opt)
    upd([0, 1, 2], [nd.ones(2)] * 3, [nd.ones(2), nd.ones(2), nd.ones(2)])
    assert seen == [[0, 1], [2]]


def test_user_subclass_of_adam_overriding_update_is_called():
    class MyAdam(mx.optimizer.Adam):
        def update(self, index, weight, grad, state):
            self.called = True
            super().update(index, weight, grad, state)

    opt = MyAdam()
    upd = mx.optimizer.get_updater(opt)
    upd(0, nd.ones(2), nd.ones(2))
    assert opt.called


def test_per_device_update_counts():
    opt = mx.optimizer.SGD()
    upd0 = mx.optimizer.get_updater(opt)
    upd1 = mx.optimizer.get_updater(opt)
    upd0(0, nd.ones(2), nd.ones(2, ctx=mx.cpu(0)))
    upd0(0, nd.ones(2), nd.ones(2, ctx=mx.cpu(0)))
    upd1(0, nd.ones(2), nd.ones(2, ctx=mx.cpu(1)))
    assert opt._all_index_update_counts == {0: {0: 2}, 1: {0: 1}}
    assert opt.num_update == 2


def test_set_learning_rate_and_scheduler():
    o = mx.optimizer.Optimizer(learning_rate=0.01)
    o.set_learning_rate(0.2)
    assert o.learning_rate == 0.2
    sched = mx.lr_scheduler.FactorScheduler(step=1)
    o2 = mx.optimizer.Optimizer(lr_scheduler=sched, learning_rate=0.3)
    assert o2.learning_rate == 0.3
    sched.base_lr = 0.4
    assert o2.learning_rate == 0.4
    with pytest.raises(UserWarning, match='LRScheduler of the optimizer has already been defined'):
        o2.set_learning_rate(0.5)
    assert o2.learning_rate == 0.4


def test_states_pickle_roundtrip_and_context_sync():
    opt = mx.optimizer.SGD(momentum=0.9)
    upd = mx.optimizer.get_updater(opt)
    w = nd.ones(3, ctx=mx.cpu(1))
    upd(4, nd.ones(3, ctx=mx.cpu(1)), w)
    blob = upd.get_states(dump_optimizer=True)
    upd2 = mx.optimizer.get_updater(mx.optimizer.SGD())
    upd2.set_states(blob)
    assert upd2.states_synced == {4: False}
    assert isinstance(upd2.optimizer, mx.optimizer.SGD) and upd2.optimizer.momentum == 0.9
    assert upd2.optimizer.param_dict == {}
    np.testing.assert_allclose(upd2.states[4].asnumpy(), [-0.01] * 3, rtol=1e-6)
    upd2(4, nd.ones(3, ctx=mx.cpu(1)), w)
    # states are moved to the weight's context at its next update
    assert upd2.states_synced[4] and upd2.states[4].context == mx.cpu(1)


def test_optimizer_pickle_drops_param_dict():
    opt = mx.optimizer.Adam(param_dict={0: object()})
    opt2 = pickle.loads(pickle.dumps(opt))
    assert opt2.param_dict == {} and opt2.beta1 == 0.9


# Written by MXNet 1.9.1 itself:
#   opt = mx.optimizer.Adam(learning_rate=0.1, wd=0.01,
#                           lr_scheduler=mx.lr_scheduler.FactorScheduler(step=1, factor=0.5, base_lr=0.1))
#   upd = mx.optimizer.get_updater(opt); w = mx.nd.array([[1, 2], [3, 4]]); g = mx.nd.array([[0.5, -0.5], [1, 2]])
#   upd(0, g, w); base64.b64encode(upd.get_states(dump_optimizer=True))
# with w then MXNET_FIRST, and a second upd(0, g, w) gives MXNET_NEXT.
MXNET_STATES = (
    'gASVTwMAAAAAAAB9lEsAjBVteG5ldC5uZGFycmF5Lm5kYXJyYXmUjAdOREFycmF5lJOUToWUUpR9lIwGaGFuZGxllIwIYnVpbHRpbnOUjAlieXRl'
    'YXJyYXmUk5RDOMn6k/kAAAAAAgAAAAIAAAAAAAAAAgAAAAAAAAABAAAAAAAAAAAAAABj5VA9qZtEva3x0j1j5VA+lIWUUpRzYmgDaARSlH2UaAdo'
    'CkM4yfqT+QAAAAACAAAAAgAAAAAAAAACAAAAAAAAAAEAAAAAAAAAAAAAAJRdiDm7lnE5bw2LOpRdiDuUhZRSlHNihpRzjBlteG5ldC5vcHRpbWl6'
    'ZXIub3B0aW1pemVylIwEQWRhbZSTlCmBlH2UKIwMcmVzY2FsZV9ncmFklEc/8AAAAAAAAIwMbHJfc2NoZWR1bGVylIwSbXhuZXQubHJfc2NoZWR1'
    'bGVylIwPRmFjdG9yU2NoZWR1bGVylJOUKYGUfZQojAdiYXNlX2xylEc/uZmZmZmZmowMd2FybXVwX3N0ZXBzlEsAjA93YXJtdXBfZmluYWxfbHKU'
    'Rz+5mZmZmZmajA93YXJtdXBfYmVnaW5fbHKUSwCMC3dhcm11cF9tb2RllIwGbGluZWFylIwEc3RlcJRLAYwGZmFjdG9ylEc/4AAAAAAAAIwOc3Rv'
    'cF9mYWN0b3JfbHKURz5FeY7iMIw6jAVjb3VudJRLAHVijAJscpRHP7mZmZmZmZqMAndklEc/hHrhR64Ue4wHbHJfbXVsdJR9lIwHd2RfbXVsdJR9'
    'lIwQYmVnaW5fbnVtX3VwZGF0ZZRLAIwKbnVtX3VwZGF0ZZRLAYwYX2FsbF9pbmRleF91cGRhdGVfY291bnRzlH2USwB9lEsASwFzc4wTX2luZGV4'
    'X3VwZGF0ZV9jb3VudJRoNIwNY2xpcF9ncmFkaWVudJROjA9tdWx0aV9wcmVjaXNpb26UiYwNYWdncmVnYXRlX251bZRLAIwIaWR4Mm5hbWWUfZSM'
    'CHN5bV9pbmZvlCmMDmFsbG93X25wX2FycmF5lImMBWJldGExlEc/7MzMzMzMzYwFYmV0YTKURz/v987ZFocrjAdlcHNpbG9ulEc+RXmO4jCMOowL'
    'bGF6eV91cGRhdGWUiHVihpQu')
MXNET_FIRST = [[0.8999993801116943, 2.1000006198883057], [2.8999993801116943, 3.8999993801116943]]
MXNET_NEXT = [[0.8500016331672668, 2.149998188018799], [2.8500003814697266, 3.8499996662139893]]


def test_states_written_by_mxnet_load_and_continue():
    upd = mx.optimizer.get_updater(mx.optimizer.SGD())
    upd.set_states(base64.b64decode(MXNET_STATES))
    assert isinstance(upd.optimizer, mx.optimizer.Adam)
    assert isinstance(upd.optimizer.lr_scheduler, mx.lr_scheduler.FactorScheduler)
    assert upd.optimizer._index_update_count == {0: 1}
    w = nd.array(MXNET_FIRST)
    upd(0, nd.array([[0.5, -0.5], [1, 2]]), w)
    np.testing.assert_allclose(w.asnumpy(), MXNET_NEXT, rtol=1e-5, atol=1e-5)


def test_sgld_noise_statistics():
    # weight += -lr/2 * grad + N(0, lr): with grad 0 the change is pure noise of variance lr
    mx.random.seed(3)
    opt = mx.optimizer.SGLD(learning_rate=0.04)
    w = nd.zeros((200, 200))
    opt.update(0, w, nd.zeros((200, 200)), None)
    values = w.asnumpy()
    assert abs(values.mean()) < 0.01
    assert abs(values.std() - 0.2) < 0.01


def test_lbsgd_accumulates_batch_scale_gradients():
    opt = mx.optimizer.LBSGD(learning_rate=0.1, batch_scale=2, warmup_epochs=0)
    w = nd.ones(2)
    state = opt.create_state(0, w)
    opt.update(0, w, nd.array([1.0, 3.0]), state)
    np.testing.assert_array_equal(w.asnumpy(), [1, 1])  # first of two gradients: no step yet
    opt.update(0, w, nd.array([3.0, 1.0]), state)
    # mean gradient [2, 2], multiplier batch_scale (warm-up over) -> lr 0.2
    np.testing.assert_allclose(w.asnumpy(), [1 - 0.2 * 2] * 2, rtol=1e-6)


def test_signum_without_momentum_ignores_rescale():
    opt = mx.optimizer.Signum(learning_rate=0.1, momentum=0.0, rescale_grad=-5.0)
    w = nd.array([1.0, -1.0])
    opt.update(0, w, nd.array([0.3, -2.0]), None)
    np.testing.assert_allclose(w.asnumpy(), [0.9, -0.9], rtol=1e-6)


def test_group_adagrad_rejects_weight_decay_and_1d():
    opt = mx.optimizer.contrib.GroupAdaGrad(wd=0.1)
    w = nd.ones((2, 3))
    with pytest.raises(AssertionError, match='Weight decay is not supported'):
        opt.update(0, w, nd.ones((2, 3)), opt.create_state(0, w))
    with pytest.raises(AssertionError, match='2-D weights'):
        opt.create_state(0, nd.ones(3))


@pytest.mark.skipif(not torch.cuda.is_available(), reason='needs a GPU')
def test_updates_on_gpu():
    upd = mx.optimizer.get_updater(mx.optimizer.Adam(learning_rate=0.01, wd=0.1))
    w = nd.array(W0, ctx=mx.gpu(0))
    grads = [G0 * t for t in range(1, 4)]
    for g in grads:
        upd(0, nd.array(g, ctx=mx.gpu(0)), w)
    assert upd.states[0][0].context == mx.gpu(0)
    np.testing.assert_allclose(w.asnumpy(), _adam_numpy(W0, grads), rtol=1e-5, atol=1e-6)


def test_no_warning_for_float32():
    with warnings.catch_warnings():
        warnings.simplefilter('error')
        mx.optimizer.SGD().create_state_multi_precision(0, nd.ones(2))


# ---- checks that were bare asserts ----------------------------------------------------------------------
def test_param_idx2name_must_be_a_dict_and_the_scheduler_stays_untouched():
    sched = mx.lr_scheduler.FactorScheduler(step=2, base_lr=1.0)
    with pytest.raises(AssertionError, match='param_idx2name should be a dict of param indexes to names, got list'):
        mx.optimizer.SGD(param_idx2name=['fc_weight'], lr_scheduler=sched, learning_rate=0.5)
    assert sched.base_lr == 1.0


def test_register_takes_a_class():
    with pytest.raises(AssertionError, match="Optimizer.register takes a class, got 'sgd'"):
        mx.optimizer.register('sgd')
    assert mx.optimizer.Optimizer.opt_registry['sgd'] is mx.optimizer.SGD


def test_lbsgd_update_takes_ndarrays():
    opt = mx.optimizer.LBSGD(learning_rate=0.1)
    w = nd.ones(2)
    with pytest.raises(AssertionError, match='LBSGD.update: weight and grad must be NDArrays, got ndarray'):
        opt.update(0, np.ones(2), nd.ones(2), None)
    assert opt.num_update == 0 and opt.cumgrads == {}
    opt.update(0, w, nd.ones(2), None)
    np.testing.assert_allclose(w.asnumpy(), [0.9, 0.9], rtol=1e-6)


def test_optimizer_with_scheduler_pickles_and_resumes():
    sched = mx.lr_scheduler.CosineScheduler(max_update=10, base_lr=0.5, warmup_steps=2)
    opt = mx.optimizer.Adam(lr_scheduler=sched, wd=0.01)
    upd = mx.optimizer.get_updater(opt)
    w = nd.array(W0)
    for k in range(3):
        upd(0, nd.array(G0 * k), w)
    upd2 = mx.optimizer.get_updater(mx.optimizer.SGD())
    upd2.set_states(upd.get_states(dump_optimizer=True))
    w2 = w.copy()
    for k in range(3, 12):
        upd(0, nd.array(G0 * k), w)
        upd2(0, nd.array(G0 * k), w2)
    np.testing.assert_array_equal(w2.asnumpy(), w.asnumpy())
    assert upd2.optimizer.lr_scheduler.base_lr == sched.base_lr == 0
