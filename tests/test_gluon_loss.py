"""gluon.loss: gradients against finite differences, values against their formulas in numpy, and bad
input. MXNet's own values and gradients for fixed inputs are in tests/golden/loss_cases.py."""
import numpy as np
import pytest

from mxtorch import autograd, gluon, nd
from mxtorch.base import MXNetError
from mxtorch.gluon import loss as gloss

from numgrad import check_gradient


def _u(shape, lo=-1.0, hi=1.0, seed=0):
    return nd.array(np.random.RandomState(seed).uniform(lo, hi, shape), dtype='float64')


def _labels(values):
    return nd.array(values, dtype='float64')


# ---- gradients ---------------------------------------------------------------------------------------------
SIGNS = [[1, -1, 1], [-1, -1, 1], [1, 1, -1], [-1, 1, 1]]
BITS = [[1, 0, 1], [0, 0, 1], [1, 1, 0], [0, 1, 1]]

GRADIENT_CASES = [
    ('l2', gloss.L2Loss(), lambda: [_u((4, 3)), _u((4, 3), seed=1)]),
    ('l2_sample_weight', gloss.L2Loss(weight=2.0), lambda: [_u((4, 3)), _u((4, 3), seed=1), _u((4, 1), 0, 2, 2)]),
    ('l1', gloss.L1Loss(), lambda: [_u((4, 3)), _u((4, 3), seed=1)]),
    ('sigmoid_bce', gloss.SigmoidBCELoss(), lambda: [_u((4, 3), -3, 3), _labels(BITS)]),
    ('sigmoid_bce_pos_weight', gloss.SigmoidBCELoss(),
     lambda: [_u((4, 3), -3, 3), _labels(BITS), None, _u((1, 3), 0.5, 2, 3)]),
    ('sigmoid_bce_from_sigmoid', gloss.SigmoidBCELoss(from_sigmoid=True),
     lambda: [_u((4, 3), 0.1, 0.9), _u((4, 3), 0, 1, 1), _u((4, 1), 0, 2, 2)]),
    ('softmax_ce', gloss.SoftmaxCELoss(), lambda: [_u((4, 5), -2, 2), _labels([0, 4, 2, 2])]),
    ('softmax_ce_axis1_weighted', gloss.SoftmaxCELoss(axis=1, weight=0.5),
     lambda: [_u((2, 3, 4), -2, 2), _labels([[0, 1, 2, 1], [2, 2, 0, 1]]), _u((2, 1, 4), 0, 2, 2)]),
    ('softmax_ce_dense', gloss.SoftmaxCELoss(sparse_label=False),
     lambda: [_u((4, 5), -2, 2), nd.softmax(_u((4, 5), seed=1))]),
    ('kldiv', gloss.KLDivLoss(from_logits=False), lambda: [_u((3, 4), -2, 2), nd.softmax(_u((3, 4), seed=1))]),
    ('huber', gloss.HuberLoss(rho=0.5), lambda: [_u((4, 3), -2, 2), _u((4, 3), -2, 2, 1)]),
    ('hinge', gloss.HingeLoss(), lambda: [_u((4, 3), -2, 2), _labels(SIGNS)]),
    ('squared_hinge', gloss.SquaredHingeLoss(margin=0.5), lambda: [_u((4, 3), -2, 2), _labels(SIGNS)]),
    ('logistic', gloss.LogisticLoss(), lambda: [_u((4, 3), -3, 3), _labels(SIGNS)]),
    ('logistic_binary', gloss.LogisticLoss(label_format='binary'), lambda: [_u((4, 3), -3, 3), _labels(BITS)]),
    ('triplet', gloss.TripletLoss(margin=2.0), lambda: [_u((4, 3)), _u((4, 3), seed=1), _u((4, 3), seed=2)]),
    ('poisson_nll', gloss.PoissonNLLLoss(), lambda: [_u((4, 3)), _labels(np.arange(12).reshape(4, 3) % 4)]),
    ('poisson_nll_mean_full', gloss.PoissonNLLLoss(from_logits=False, compute_full=True),
     lambda: [_u((4, 3), 0.5, 3), _labels(np.arange(12).reshape(4, 3) % 4 + 1)]),
    ('cosine_embedding', gloss.CosineEmbeddingLoss(margin=-0.5),
     lambda: [_u((4, 5)), _u((4, 5), seed=1), _labels([1, -1, 1, -1])]),
    ('sdml', gloss.SDMLLoss(), lambda: [_u((4, 3)), _u((4, 3), seed=1)]),
    ('ctc', gloss.CTCLoss(), lambda: [_u((2, 5, 4), -2, 2), _labels([[1, 0, -1], [2, 2, 1]])]),
]

# the inputs that are differentiated (the others are labels)
_DIFFERENTIABLE = {'triplet': (0, 1, 2), 'cosine_embedding': (0, 1), 'sdml': (0, 1),
                   'sigmoid_bce_pos_weight': (0, 3)}


@pytest.mark.parametrize('name, loss, make', GRADIENT_CASES, ids=[c[0] for c in GRADIENT_CASES])
def test_loss_gradients(name, loss, make):
    args = make()
    wrt = _DIFFERENTIABLE.get(name, (0,))

    def fn(*diff):
        full = list(args)
        for i, a in zip(wrt, diff):
            full[i] = a
        return loss(*full)
    check_gradient(fn, *[args[i] for i in wrt], rtol=1e-4, atol=1e-6)


# ---- values against formulas -------------------------------------------------------------------------------
def _log_softmax(x, axis=-1):
    m = x.max(axis=axis, keepdims=True)
    return x - m - np.log(np.exp(x - m).sum(axis=axis, keepdims=True))


def test_softmax_ce_is_negative_log_likelihood():
    rng = np.random.RandomState(0)
    x = rng.normal(size=(6, 4)).astype(np.float32)
    y = np.array([0, 3, 1, 1, 2, 0])
    sw = rng.uniform(size=(6, 1)).astype(np.float32)
    got = gloss.SoftmaxCrossEntropyLoss(weight=2.0)(nd.array(x), nd.array(y), nd.array(sw)).asnumpy()
    want = -_log_softmax(x)[np.arange(6), y] * sw[:, 0] * 2.0
    np.testing.assert_allclose(got, want, rtol=1e-5)


def test_softmax_ce_averages_over_positions():
    rng = np.random.RandomState(1)
    x = rng.normal(size=(2, 3, 5)).astype(np.float32)
    y = rng.randint(0, 5, (2, 3))
    got = gloss.SoftmaxCELoss()(nd.array(x), nd.array(y)).asnumpy()
    picked = np.take_along_axis(_log_softmax(x), y[..., None], axis=-1)[..., 0]
    np.testing.assert_allclose(got, -picked.mean(axis=1), rtol=1e-5)


def test_softmax_ce_matches_dense_one_hot_labels():
    x = nd.array(np.random.RandomState(2).normal(size=(5, 4)))
    y = np.array([3, 0, 1, 2, 3])
    sparse = gloss.SoftmaxCELoss()(x, nd.array(y)).asnumpy()
    dense = gloss.SoftmaxCELoss(sparse_label=False)(x, nd.array(np.eye(4)[y])).asnumpy()
    np.testing.assert_allclose(sparse, dense, rtol=1e-5)


def test_bce_equals_two_class_softmax_ce():
    x = np.random.RandomState(3).normal(size=(6, 1)).astype(np.float32)
    y = np.array([0, 1, 1, 0, 1, 0], dtype=np.float32)
    bce = gloss.SigmoidBCELoss()(nd.array(x), nd.array(y)).asnumpy()
    two = np.concatenate([np.zeros_like(x), x], axis=1)
    ce = gloss.SoftmaxCELoss()(nd.array(two), nd.array(y)).asnumpy()
    np.testing.assert_allclose(bce, ce, rtol=1e-5, atol=1e-6)


def test_sigmoid_bce_pos_weight_formula():
    rng = np.random.RandomState(4)
    x = rng.normal(size=(3, 4))
    z = rng.randint(0, 2, (3, 4)).astype(float)
    pw = rng.uniform(0.5, 3, (1, 4))
    p = 1 / (1 + np.exp(-x))
    want = -(z * np.log(p) * pw + (1 - z) * np.log(1 - p)).mean(axis=1)
    got = gloss.SigmoidBCELoss()(nd.array(x, dtype='float64'), nd.array(z, dtype='float64'), None,
                                 nd.array(pw, dtype='float64')).asnumpy()
    np.testing.assert_allclose(got, want, rtol=1e-10)


def test_sigmoid_bce_is_stable_for_large_logits():
    out = gloss.SigmoidBCELoss()(nd.array([[-200.0, 200.0, 200.0]]), nd.array([[0, 1, 0]])).asnumpy()
    np.testing.assert_allclose(out, [200.0 / 3], rtol=1e-6)


def test_huber_switches_at_rho():
    pred = nd.array([[0.0, 0.0, 0.0, 0.0]])
    label = nd.array([[0.2, -0.5, 1.5, -3.0]])
    got = gloss.HuberLoss(rho=1.0)(pred, label).asnumpy()
    want = np.mean([0.5 * 0.04, 0.5 * 0.25, 1.5 - 0.5, 3.0 - 0.5])
    np.testing.assert_allclose(got, [want], rtol=1e-6)


def test_kldiv_sums_over_the_sample():
    rng = np.random.RandomState(5)
    logp = _log_softmax(rng.normal(size=(3, 4)))
    q = np.exp(_log_softmax(rng.normal(size=(3, 4))))
    got = gloss.KLDivLoss()(nd.array(logp, dtype='float64'), nd.array(q, dtype='float64')).asnumpy()
    np.testing.assert_allclose(got, (q * (np.log(q + 1e-12) - logp)).sum(axis=1), rtol=1e-10)


def test_sample_weight_zero_removes_samples():
    pred = _u((4, 3))
    label = _u((4, 3), seed=1)
    sw = nd.array([[1], [0], [1], [0]], dtype='float64')
    for loss in (gloss.L2Loss(), gloss.L1Loss(), gloss.HuberLoss(), gloss.LogisticLoss()):
        out = loss(pred, label, sw).asnumpy()
        assert out[1] == 0 and out[3] == 0 and out[0] > 0


def test_batch_axis_one_averages_the_other_axis():
    x = np.random.RandomState(6).normal(size=(3, 5))
    got = gloss.L2Loss(batch_axis=1)(nd.array(x, dtype='float64'), nd.zeros((3, 5), dtype='float64')).asnumpy()
    np.testing.assert_allclose(got, (x ** 2 / 2).mean(axis=0), rtol=1e-10)


def test_ctc_loss_of_certain_alignment():
    # one step per class with overwhelming scores on the label's path: the loss is about 0
    pred = np.full((1, 3, 4), -30.0)
    for t, c in enumerate([0, 3, 1]):
        pred[0, t, c] = 30.0
    out = gloss.CTCLoss()(nd.array(pred), nd.array([[0, 1, -1]])).asnumpy()
    assert out.shape == (1,) and out[0] < 1e-6


def test_loss_in_training_step_reaches_parameters():
    net = gluon.nn.Dense(3, in_units=4)
    net.initialize()
    x = nd.ones((2, 4))
    with autograd.record():
        loss = gloss.SoftmaxCELoss()(net(x), nd.array([0, 2]))
    loss.backward()
    g = net.weight.grad().asnumpy()
    # rows of the weight gradient: (softmax - one_hot) summed over the batch, times the inputs (all 1)
    assert g.shape == (3, 4) and np.abs(g).sum() > 0
    np.testing.assert_allclose(g.sum(axis=0), 0, atol=1e-6)


# ---- bad input ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize('call, error, match', [
    (lambda: gloss.L2Loss()(nd.ones((4, 3)), nd.ones((3, 5))), ValueError, 'cannot reshape label'),
    (lambda: gloss.L2Loss()(nd.ones((4, 3)), nd.ones((4, 3), dtype='int32')), MXNetError, 'dtype int32'),
    # MXNet's operators refuse other arrays with AssertionError; the losses name their input
    (lambda: gloss.L2Loss()(nd.ones((4, 3)), np.ones((4, 3))), AssertionError, 'L2Loss: label must be an NDArray'),
    (lambda: gloss.L1Loss()(np.ones((4, 3)), nd.ones((4, 3))), AssertionError, 'pred must be an NDArray'),
    (lambda: gloss.L2Loss()(nd.ones((4, 3)), nd.ones((4, 3)), np.ones((4, 1))), AssertionError,
     'sample_weight must be an NDArray'),
    (lambda: gloss.SoftmaxCELoss()(nd.ones((4, 3)), [0, 1, 2, 0]), AssertionError, 'label must be an NDArray'),
    (lambda: gloss.L2Loss()(nd.ones((4, 3)), nd.ones((4, 3)), nd.ones((4,))), MXNetError, 'L2Loss'),
    (lambda: gloss.L2Loss()(nd.ones((4, 3)), nd.ones((4, 3)), nd.ones((4, 1), dtype='float64')), MXNetError,
     'sample_weight has dtype float64'),
    (lambda: gloss.L1Loss(weight='2')(nd.ones((4, 3)), nd.ones((4, 3))), AssertionError, 'weight must be a number'),
    (lambda: gloss.L2Loss(batch_axis=3)(nd.ones((4, 3)), nd.ones((4, 3))), MXNetError, 'batch_axis 3'),
    (lambda: gloss.SoftmaxCELoss()(nd.ones((4, 3)), nd.ones((4, 3))), MXNetError, 'label of shape'),
    (lambda: gloss.SoftmaxCELoss(axis=2)(nd.ones((4, 3)), nd.ones((4,))), MXNetError, 'axis 2'),
    (lambda: gloss.SoftmaxCELoss()(nd.ones((4, 3), dtype='int32'), nd.ones((4,))), MXNetError, 'floating'),
    (lambda: gloss.SigmoidBCELoss()(nd.ones((2, 3)), nd.ones((2, 3)), None, nd.ones((1, 3), dtype='float16')),
     MXNetError, 'pos_weight'),
    (lambda: gloss.TripletLoss()(nd.ones((2, 3)), nd.ones((2, 3)), nd.ones((3, 3))), ValueError, 'negative'),
    (lambda: gloss.SDMLLoss()(nd.ones((2, 3, 1)), nd.ones((2, 3, 1))), MXNetError, 'vector_dim'),
    (lambda: gloss.LogisticLoss(label_format='x'), ValueError, 'signed or binary'),
    (lambda: gloss.CTCLoss(layout='TCN'), AssertionError, 'NTC'),
], ids=lambda v: v.replace(' ', '_') if isinstance(v, str) else '')
def test_bad_input(call, error, match):
    with pytest.raises(error, match=match):
        call()


def test_bad_input_leaves_inputs_unchanged():
    pred = nd.array([[1.0, 2.0, 3.0]])
    label = nd.array([[0.0, 1.0]])
    with pytest.raises(ValueError):
        gloss.L2Loss()(pred, label)
    assert pred.asnumpy().tolist() == [[1.0, 2.0, 3.0]] and label.asnumpy().tolist() == [[0.0, 1.0]]


# ---- every loss is written with the operators of F -----------------------------------------------------------
class _Traced:
    """A stand-in for a symbol: it wraps an NDArray but offers only what a Symbol offers (arithmetic,
    comparisons, methods), each applied to the wrapped array and wrapped again. The array's tensor (`_t`)
    and its shape are out of reach, so a loss that computes on torch tensors fails on it."""
    __slots__ = ('value',)

    def __init__(self, value):
        self.value = value

    def __getattr__(self, name):
        method = getattr(self.value, name)
        if not callable(method):
            raise AttributeError('{} is not available on a traced value'.format(name))
        return lambda *args, **kwargs: _traced(method(*_values(args), **_values(kwargs)))


def _dunder(name):
    def apply(self, *other):
        return _traced(getattr(self.value, name)(*_values(other)))
    return apply


for _name in ('add', 'radd', 'sub', 'rsub', 'mul', 'rmul', 'truediv', 'rtruediv', 'pow', 'rpow', 'neg',
              'gt', 'ge', 'lt', 'le', 'eq', 'ne'):
    setattr(_Traced, '__%s__' % _name, _dunder('__%s__' % _name))


def _values(args):
    if isinstance(args, dict):
        return {k: _values(v) for k, v in args.items()}
    if isinstance(args, (list, tuple)):
        return type(args)(_values(a) for a in args)
    return args.value if isinstance(args, _Traced) else args


def _traced(result):
    if isinstance(result, (list, tuple)):
        return type(result)(_traced(r) for r in result)
    return _Traced(result) if isinstance(result, nd.NDArray) else result


class _TracingF:
    """The F a loss receives, recording the operators it calls: nd's namespaces (F._internal, F.contrib)
    taken on traced values."""

    def __init__(self, namespace, calls, where=''):
        self._namespace, self._calls, self._where = namespace, calls, where

    def __getattr__(self, name):
        member = getattr(self._namespace, name)
        if isinstance(member, type(np)):
            return _TracingF(member, self._calls, self._where + name + '.')

        def operator(*args, **kwargs):
            self._calls.append(self._where + name)
            return _traced(member(*_values(args), **_values(kwargs)))
        return operator


def _pos(shape, seed):
    return nd.array(np.random.RandomState(seed).uniform(0.1, 0.9, shape))


TRACED_CASES = [
    ('l2', gloss.L2Loss(weight=2.0), lambda: [_u((4, 3)), _u((4, 3), seed=1), _u((4, 1), 0, 2, 2)]),
    ('l1', gloss.L1Loss(), lambda: [_u((4, 3)), _u((12,), seed=1)]),
    ('sigmoid_bce', gloss.SigmoidBCELoss(), lambda: [_u((4, 3), -3, 3), _labels(BITS)]),
    ('sigmoid_bce_pos_weight', gloss.SigmoidBCELoss(), lambda: [_u((4, 3), -3, 3), _labels(BITS), None,
                                                                 _u((1, 3), 0.5, 2, 3)]),
    ('sigmoid_bce_from_sigmoid', gloss.SigmoidBCELoss(from_sigmoid=True),
     lambda: [_u((4, 3), 0.1, 0.9), _u((4, 3), 0, 1, 1), None, _u((1, 3), 0.5, 2, 3)]),
    ('softmax_ce', gloss.SoftmaxCELoss(), lambda: [_u((4, 5), -2, 2), _labels([0, 4, 2, 2])]),
    ('softmax_ce_dense', gloss.SoftmaxCELoss(sparse_label=False, weight=0.5),
     lambda: [_u((4, 5), -2, 2), nd.softmax(_u((4, 5), seed=1))]),
    ('kldiv', gloss.KLDivLoss(from_logits=False), lambda: [_u((3, 4), -2, 2), nd.softmax(_u((3, 4), seed=1))]),
    ('ctc', gloss.CTCLoss(), lambda: [_u((2, 5, 4), -2, 2), _labels([[1, 0, -1], [2, 2, 1]])]),
    ('huber', gloss.HuberLoss(rho=0.5), lambda: [_u((4, 3), -2, 2), _u((4, 3), -2, 2, 1)]),
    ('hinge', gloss.HingeLoss(), lambda: [_u((4, 3), -2, 2), _labels(SIGNS)]),
    ('squared_hinge', gloss.SquaredHingeLoss(margin=0.5), lambda: [_u((4, 3), -2, 2), _labels(SIGNS)]),
    ('logistic', gloss.LogisticLoss(), lambda: [_u((4, 3), -3, 3), _labels(SIGNS)]),
    ('triplet', gloss.TripletLoss(margin=2.0), lambda: [_u((4, 3)), _u((4, 3), seed=1), _u((4, 3), seed=2)]),
    ('poisson_nll_full', gloss.PoissonNLLLoss(from_logits=False, compute_full=True),
     lambda: [_u((4, 3), 0.5, 3), _labels(np.arange(12).reshape(4, 3) % 4 + 1)]),
    ('cosine_embedding', gloss.CosineEmbeddingLoss(margin=-0.5),
     lambda: [_u((4, 5)), _u((4, 5), seed=1), _labels([1, -1, 1, -1])]),
]


@pytest.mark.parametrize('name, loss, make', TRACED_CASES, ids=[c[0] for c in TRACED_CASES])
def test_losses_compute_through_F(name, loss, make):
    # the coming symbolic front end traces hybrid_forward with another F: a loss must use only F's
    # operators and what its (symbolic) inputs offer, and give the same values that way
    args = make()
    want = loss(*args).asnumpy()
    calls = []
    got = loss.hybrid_forward(_TracingF(nd, calls), *[None if a is None else _Traced(a) for a in args])
    assert isinstance(got, _Traced), 'the loss returned {!r}, not a value computed through F'.format(got)
    np.testing.assert_allclose(got.value.asnumpy(), want, rtol=1e-12)
    assert calls and calls[-1].startswith('_internal.')


def test_sdml_parts_compute_through_F():
    # SDMLLoss hands its last step to its KLDivLoss child (a block call); its own parts use F only
    loss = gloss.SDMLLoss(smoothing_parameter=0.4)
    x1, x2 = _u((3, 2)), _u((3, 2), seed=1)
    calls = []
    F = _TracingF(nd, calls)
    distances = loss._compute_distances(F, _Traced(x1), _Traced(x2)).value.asnumpy()
    a, b = x1.asnumpy(), x2.asnumpy()
    np.testing.assert_allclose(distances, ((a[:, None, :] - b[None, :, :]) ** 2).sum(axis=2), rtol=1e-12)
    labels = loss._compute_labels(F, _Traced(nd.zeros((3, 3), dtype='float64'))).value
    assert labels.dtype == np.float64
    np.testing.assert_allclose(labels.asnumpy(), np.where(np.eye(3) > 0, 0.6, 0.2), rtol=1e-12)
    assert calls


def test_softmax_ce_is_one_operator():
    # the loss of every classifier's training step stays one fused kernel: one operator call
    calls = []
    gloss.SoftmaxCELoss().hybrid_forward(_TracingF(nd, calls), _Traced(_u((4, 5))), _Traced(_labels([0, 1, 2, 3])))
    assert calls == ['_internal._softmax_ce_loss']
