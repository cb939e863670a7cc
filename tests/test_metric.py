"""mx.metric against numpy computations of the same quantities (MXNet's own values are in
tests/golden/metric_cases.py), accumulation over updates, bad input."""
import math

import numpy as np
import pytest
import torch

import mxtorch as mx
from mxtorch import nd

RNG = np.random.RandomState(7)
PROBS = RNG.dirichlet(np.ones(5), size=40).astype(np.float32)
LABELS = RNG.randint(0, 5, size=40).astype(np.float32)


def test_accuracy_over_batches():
    m = mx.metric.Accuracy()
    for start in range(0, 40, 16):
        m.update([nd.array(LABELS[start:start + 16])], [nd.array(PROBS[start:start + 16])])
    expected = (PROBS.argmax(axis=1) == LABELS).mean()
    assert m.get() == ('accuracy', pytest.approx(expected))
    assert m.num_inst == 40


def test_accuracy_reset_local_keeps_global():
    m = mx.metric.Accuracy()
    m.update([nd.array(LABELS[:20])], [nd.array(PROBS[:20])])
    m.reset_local()
    m.update([nd.array(LABELS[20:])], [nd.array(PROBS[20:])])
    assert m.get()[1] == pytest.approx((PROBS[20:].argmax(1) == LABELS[20:]).mean())
    assert m.get_global()[1] == pytest.approx((PROBS.argmax(1) == LABELS).mean())


def test_top_k_accuracy():
    m = mx.metric.TopKAccuracy(top_k=3)
    m.update([nd.array(LABELS)], [nd.array(PROBS)])
    top3 = np.argsort(-PROBS, axis=1)[:, :3]
    expected = np.mean([LABELS[i] in top3[i] for i in range(40)])
    assert m.get() == ('top_k_accuracy_3', pytest.approx(expected))


def _binary():
    rng = np.random.RandomState(3)
    scores = rng.rand(30, 2).astype(np.float32)
    labels = rng.randint(0, 2, size=30).astype(np.float32)
    return scores, labels


def test_f1_and_mcc_micro_against_counts():
    scores, labels = _binary()
    pred = scores.argmax(1)
    tp = np.sum((pred == 1) & (labels == 1))
    fp = np.sum((pred == 1) & (labels == 0))
    fn = np.sum((pred == 0) & (labels == 1))
    tn = np.sum((pred == 0) & (labels == 0))
    precision, recall = tp / (tp + fp), tp / (tp + fn)
    f1 = mx.metric.F1(average='micro')
    mcc = mx.metric.MCC(average='micro')
    for s in (slice(0, 10), slice(10, 30)):
        f1.update([nd.array(labels[s])], [nd.array(scores[s])])
        mcc.update([nd.array(labels[s])], [nd.array(scores[s])])
    assert f1.get()[1] == pytest.approx(2 * precision * recall / (precision + recall))
    expected_mcc = (tp * tn - fp * fn) / math.sqrt((tp + fp) * (tp + fn) * (tn + fp) * (tn + fn))
    assert mcc.get()[1] == pytest.approx(expected_mcc)


def test_regression_metrics():
    rng = np.random.RandomState(1)
    y = rng.randn(12).astype(np.float32)
    yh = rng.randn(12).astype(np.float32)
    for cls, fn in [(mx.metric.MAE, lambda a, b: np.abs(a - b).mean()),
                    (mx.metric.MSE, lambda a, b: ((a - b) ** 2).mean()),
                    (mx.metric.RMSE, lambda a, b: np.sqrt(((a - b) ** 2).mean()))]:
        m = cls()
        m.update([nd.array(y[:6]), nd.array(y[6:])], [nd.array(yh[:6]), nd.array(yh[6:])])
        # one value per (label, pred) pair, averaged
        assert m.get()[1] == pytest.approx((fn(y[:6], yh[:6]) + fn(y[6:], yh[6:])) / 2, rel=1e-5)


def test_cross_entropy_nll_perplexity():
    picked = PROBS[np.arange(40), LABELS.astype(int)].astype(np.float64)
    ce = mx.metric.CrossEntropy()
    ce.update([nd.array(LABELS)], [nd.array(PROBS)])
    assert ce.get()[1] == pytest.approx(-np.log(picked + 1e-12).mean(), rel=1e-5)
    nll = mx.metric.NegativeLogLikelihood()
    nll.update([nd.array(LABELS)], [nd.array(PROBS)])
    assert nll.get()[1] == pytest.approx(-np.log(picked + 1e-12).mean(), rel=1e-5)
    p = mx.metric.Perplexity(ignore_label=None)
    p.update([nd.array(LABELS)], [nd.array(PROBS)])
    assert p.get()[1] == pytest.approx(math.exp(-np.log(picked).mean()), rel=1e-5)
    q = mx.metric.Perplexity(ignore_label=0)
    q.update([nd.array(LABELS)], [nd.array(PROBS)])
    keep = LABELS != 0
    assert q.get()[1] == pytest.approx(math.exp(-np.log(picked[keep]).mean()), rel=1e-5)


def test_perplexity_label_count_mismatch():
    m = mx.metric.Perplexity(ignore_label=None, axis=0)
    with pytest.raises(mx.base.MXNetError, match='Perplexity: 2 labels'):
        m.update([nd.array([1, 0])], [nd.ones((2, 3))])
    assert m.num_inst == 0


def test_pearson_macro_and_micro():
    rng = np.random.RandomState(5)
    a, b = rng.randn(20), rng.randn(20)
    macro = mx.metric.PearsonCorrelation()
    micro = mx.metric.PearsonCorrelation(average='micro')
    for s in (slice(0, 8), slice(8, 20)):
        macro.update([nd.array(a[s])], [nd.array(b[s])])
        micro.update([nd.array(a[s])], [nd.array(b[s])])
    expected_macro = (np.corrcoef(b[:8], a[:8])[0, 1] + np.corrcoef(b[8:], a[8:])[0, 1]) / 2
    assert macro.get()[1] == pytest.approx(expected_macro, rel=1e-5)
    a32, b32 = a.astype(np.float32).astype(np.float64), b.astype(np.float32).astype(np.float64)
    assert micro.get()[1] == pytest.approx(np.corrcoef(b32, a32)[0, 1], rel=1e-6)


def test_pcc_equals_mcc_for_two_classes():
    scores, labels = _binary()
    pcc = mx.metric.PCC()
    mcc = mx.metric.MCC(average='micro')
    pcc.update([nd.array(labels)], [nd.array(scores)])
    mcc.update([nd.array(labels)], [nd.array(scores)])
    assert pcc.get()[1] == pytest.approx(mcc.get()[1])


def test_loss_and_custom_and_composite():
    loss = mx.metric.Loss()
    loss.update(None, [nd.array([1.0, 2.0]), nd.array([6.0])])
    assert loss.get() == ('loss', pytest.approx(3.0))
    custom = mx.metric.np(lambda label, pred: float(np.sum(label == pred.argmax(1))) / len(label))
    custom.update([nd.array(LABELS)], [nd.array(PROBS)])
    assert custom.name == 'custom(<lambda>)'
    assert custom.get()[1] == pytest.approx((PROBS.argmax(1) == LABELS).mean())
    comp = mx.metric.create(['acc', mx.metric.CrossEntropy()])
    comp.update([nd.array(LABELS)], [nd.array(PROBS)])
    names, values = comp.get()
    assert names == ['accuracy', 'cross-entropy'] and len(values) == 2


def test_numpy_inputs_accepted():
    m = mx.metric.Accuracy()
    m.update(LABELS, PROBS)
    assert m.get()[1] == pytest.approx((PROBS.argmax(1) == LABELS).mean())


def test_bad_inputs():
    m = mx.metric.Accuracy()
    with pytest.raises(ValueError, match='Shape of labels 2 does not match shape of predictions 1'):
        m.update([nd.array(LABELS), nd.array(LABELS)], [nd.array(PROBS)])
    with pytest.raises(ValueError, match='Shape of labels 3 does not match shape of predictions 40'):
        m.update([nd.array(LABELS[:3])], [nd.array(PROBS)])
    assert m.num_inst == 0 and math.isnan(m.get()[1])
    with pytest.raises(AssertionError, match='nosuchmetric is not registered'):
        mx.metric.create('nosuchmetric')
    with pytest.raises(ValueError, match='only supports binary classification'):
        mx.metric.F1().update([nd.array(LABELS)], [nd.array(PROBS)])
    with pytest.raises(AssertionError, match='Please use Accuracy'):
        mx.metric.TopKAccuracy(top_k=1)
    with pytest.raises(NotImplementedError, match='CustomMetric cannot be serialized'):
        mx.metric.CustomMetric(lambda a, b: 0).get_config()


def test_register_custom_metric():
    @mx.metric.register
    @mx.metric.alias('my_half')
    class MyHalfMetric(mx.metric.EvalMetric):
        def __init__(self):
            super().__init__('half')

        def update(self, labels, preds):
            self.sum_metric += 1
            self.num_inst += 2

    m = mx.metric.create('my_half')
    m.update(None, None)
    assert isinstance(m, MyHalfMetric) and m.get() == ('half', 0.5)
    with pytest.warns(UserWarning, match='overriding existing metric'):
        mx.metric.register(MyHalfMetric)
    registered = mx.registry._TABLES[mx.metric.EvalMetric]
    del registered['myhalfmetric'], registered['my_half']
    assert 'my_half' not in mx.registry.get_registry(mx.metric.EvalMetric)


@pytest.mark.skipif(not torch.cuda.is_available(), reason='needs a GPU')
def test_metrics_on_gpu():
    m = mx.metric.Accuracy()
    m.update([nd.array(LABELS)], [nd.array(PROBS, ctx=mx.gpu(0))])
    assert m.get()[1] == pytest.approx((PROBS.argmax(1) == LABELS).mean())
    p = mx.metric.Perplexity(ignore_label=None)
    p.update([nd.array(LABELS)], [nd.array(PROBS, ctx=mx.gpu(0))])
    picked = PROBS[np.arange(40), LABELS.astype(int)]
    assert p.get()[1] == pytest.approx(math.exp(-np.log(picked).mean()), rel=1e-5)
