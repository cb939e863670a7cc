"""Behaviour MXNet 1.9.1's unit tests of other areas rely on (issue 13, helper breadth2) that a golden case
cannot pin: the law of the random operators' draws, checked against their mathematics."""
import math

import numpy as np

import mxtorch as mx


def _law(range_max):
    """P(k) of round(exp(u log(range_max))) - 1: the u for which exp(u L) falls in [k + 0.5, k + 1.5)."""
    k = np.arange(range_max)
    return (np.log(np.minimum(k + 1.5, range_max)) - np.log(np.maximum(k + 0.5, 1))) / math.log(range_max)


def test_unique_zipfian_first_draw_follows_the_log_uniform_law():
    # one class per row: the row's single draw, so its frequencies are the base law of MXNet's kernel
    # (round(exp(u log(range_max))) - 1 for u uniform in [0, 1)); chi-square with 19 degrees of freedom
    mx.random.seed(7)
    range_max, rows = 20, 4000
    classes, tries = mx.nd._internal._sample_unique_zipfian(range_max, shape=(rows, 1))
    assert (tries.asnumpy() == 1).all()
    counts = np.bincount(classes.asnumpy()[:, 0], minlength=range_max)
    expected = rows * _law(range_max)
    chi2 = ((counts - expected) ** 2 / expected).sum()
    assert chi2 < 43.8, (chi2, counts.tolist())      # the 0.999 quantile of chi-square(19)


def test_unique_zipfian_tries_count_the_draws():
    # taking every class of a small range needs at least range_max draws, and the rarest class (the
    # last, probability about 0.008 for range_max 20) makes it a coupon collector: about 168 draws
    mx.random.seed(3)
    classes, tries = mx.nd._internal._sample_unique_zipfian(20, shape=(1000, 20))
    t = tries.asnumpy()
    assert (np.sort(classes.asnumpy(), axis=1) == np.arange(20)).all()
    assert t.min() >= 20
    p = _law(20)
    # expected draws to see every class: integral over t of 1 - prod(1 - exp(-p_k t)) (Poissonized)
    grid = np.linspace(0, 2000, 200001)
    expected = np.trapezoid(1 - np.prod(1 - np.exp(-np.outer(grid, p)), axis=1), grid)
    assert abs(t.mean() - expected) < 0.06 * expected, (t.mean(), expected)
