"""mx.lr_scheduler against the schedules' formulas (MXNet's exact values are in tests/golden/optimizer_cases.py),
warm-up, logging and bad arguments."""
import logging
import math

import pytest

import mxtorch as mx
from mxtorch import lr_scheduler


def test_factor_formula():
    s = lr_scheduler.FactorScheduler(step=4, factor=0.5, base_lr=2.0)
    for n in range(1, 30):
        assert s(n) == pytest.approx(2.0 * 0.5 ** ((n - 1) // 4))


def test_factor_stops_at_stop_factor_lr(caplog):
    s = lr_scheduler.FactorScheduler(step=1, factor=0.1, base_lr=1.0, stop_factor_lr=1e-3)
    with caplog.at_level(logging.INFO):
        values = [s(n) for n in range(1, 8)]
    assert values[-1] == 1e-3 and min(values) == 1e-3
    assert 'will not change in the future' in caplog.text


def test_multifactor_formula():
    steps = [3, 7, 12]
    s = lr_scheduler.MultiFactorScheduler(step=steps, factor=0.5, base_lr=1.0)
    for n in range(0, 20):
        assert s(n) == pytest.approx(0.5 ** sum(n > k for k in steps))


def test_poly_and_cosine_endpoints():
    p = lr_scheduler.PolyScheduler(max_update=10, base_lr=1.0, pwr=3, final_lr=0.1)
    assert p(0) == pytest.approx(1.0)
    assert p(5) == pytest.approx(0.1 + 0.9 * 0.5 ** 3)
    assert p(10) == pytest.approx(0.1) and p(50) == pytest.approx(0.1)
    c = lr_scheduler.CosineScheduler(max_update=10, base_lr=1.0, final_lr=0.2)
    assert c(0) == pytest.approx(1.0)
    assert c(5) == pytest.approx(0.6)
    assert c(3) == pytest.approx(0.2 + 0.8 * (1 + math.cos(math.pi * 0.3)) / 2)
    assert c(10) == pytest.approx(0.2) and c(11) == pytest.approx(0.2)


@pytest.mark.parametrize('make', [
    lambda **kw: lr_scheduler.FactorScheduler(step=100, **kw),
    lambda **kw: lr_scheduler.MultiFactorScheduler(step=[100], **kw),
    lambda **kw: lr_scheduler.PolyScheduler(max_update=100, **kw),
    lambda **kw: lr_scheduler.CosineScheduler(max_update=100, **kw)])
def test_warmup_linear_and_constant(make):
    s = make(base_lr=1.0, warmup_steps=5, warmup_begin_lr=0.5)
    assert [s(n) for n in range(5)] == pytest.approx([0.5, 0.6, 0.7, 0.8, 0.9])
    assert s(5) == pytest.approx(1.0)
    c = make(base_lr=1.0, warmup_steps=5, warmup_begin_lr=0.5, warmup_mode='constant')
    assert [c(n) for n in range(5)] == [0.5] * 5


def test_bad_arguments():
    with pytest.raises(ValueError, match='Base lr has to be higher than warmup_begin_lr'):
        lr_scheduler.FactorScheduler(step=1, base_lr=0.1, warmup_begin_lr=0.2)
    with pytest.raises(ValueError, match='Warmup steps has to be positive or 0'):
        lr_scheduler.CosineScheduler(10, warmup_steps=-2)
    with pytest.raises(ValueError, match='Supports only linear and constant modes of warmup'):
        lr_scheduler.PolyScheduler(10, warmup_mode='exp')
    with pytest.raises(AssertionError, match='warmup_steps must be an int'):
        lr_scheduler.PolyScheduler(10, warmup_steps=2.0)
    with pytest.raises(ValueError, match='Schedule step must be an increasing integer list'):
        lr_scheduler.MultiFactorScheduler([5, 2])
    with pytest.raises(ValueError, match='greater or equal than 1 round'):
        lr_scheduler.MultiFactorScheduler([0, 2])
    with pytest.raises(ValueError, match='Factor must be no more than 1'):
        lr_scheduler.MultiFactorScheduler([2], factor=2)
    with pytest.raises(ValueError, match='strictly positive'):
        lr_scheduler.CosineScheduler(0)


def test_base_class_call_not_implemented():
    with pytest.raises(NotImplementedError):
        lr_scheduler.LRScheduler()(3)


def test_scheduler_drives_optimizer():
    sched = lr_scheduler.FactorScheduler(step=2, factor=0.5, base_lr=1.0)
    opt = mx.optimizer.SGD(lr_scheduler=sched)
    w = mx.nd.zeros(1)
    lrs = []
    for _ in range(6):
        before = w.asscalar()
        opt.update(0, w, mx.nd.ones(1), None)
        lrs.append(before - w.asscalar())
    assert lrs == pytest.approx([1.0, 1.0, 0.5, 0.5, 0.25, 0.25])


def test_type_checks_are_assertion_errors_with_messages():
    with pytest.raises(AssertionError, match='FactorScheduler: warmup_steps must be an int, got 2.5'):
        lr_scheduler.FactorScheduler(step=2, warmup_steps=2.5)
    with pytest.raises(AssertionError, match=r'step must be a non-empty list of update counts, got \(2, 4\)'):
        lr_scheduler.MultiFactorScheduler((2, 4))
    with pytest.raises(AssertionError, match='non-empty list'):
        lr_scheduler.MultiFactorScheduler([])
    with pytest.raises(AssertionError, match='PolyScheduler: max_update must be an int, got 5.0'):
        lr_scheduler.PolyScheduler(5.0)
    with pytest.raises(AssertionError, match='CosineScheduler: max_update must be an int'):
        lr_scheduler.CosineScheduler(5.0)
    s = lr_scheduler.FactorScheduler(step=2, warmup_steps=3)
    with pytest.raises(AssertionError, match=r'get_warmup_lr\(5\): the warm-up lasts 3 updates'):
        s.get_warmup_lr(5)
    assert s.get_warmup_lr(2) == pytest.approx(0.01 * 2 / 3)


def test_first_error_of_several_is_mxnets():
    # MXNet checks the first count before the order of the others
    with pytest.raises(ValueError, match='greater or equal than 1 round'):
        lr_scheduler.MultiFactorScheduler([0, 0])
    with pytest.raises(ValueError, match='increasing integer list'):
        lr_scheduler.MultiFactorScheduler([3, 0])
    with pytest.raises(ValueError, match='increasing integer list'):
        lr_scheduler.MultiFactorScheduler([1, 3, 3], factor=5)
