"""Sampling and patch operators against mathematics: identities, loop references, adjoints, finite-difference
gradients, and what MXNet 1.9.1 documents but its CPU kernels do not do (im2col of 1-D and 3-D kernels,
gradients of ModulatedDeformableConvolution). MXNet's own answers are pinned in golden/vision_ops_cases.py."""
import itertools

import numpy as np
import pytest

from mxtorch import nd
from mxtorch.base import MXNetError
from numgrad import check_gradient

rng = np.random.RandomState(5)


def _im2col_loop(x, kernel, stride, pad, dilate):
    """Columns by their definition: for each channel and kernel tap, the padded input at every output
    position."""
    n, c = x.shape[:2]
    spatial = x.shape[2:]
    padded = np.pad(x, [(0, 0), (0, 0)] + [(p, p) for p in pad])
    out = [(s + 2 * p - d * (k - 1) - 1) // st + 1 for s, k, st, p, d in zip(spatial, kernel, stride, pad, dilate)]
    cols = np.zeros((n, c * int(np.prod(kernel)), int(np.prod(out))))
    for ch in range(c):
        for t, tap in enumerate(itertools.product(*(range(k) for k in kernel))):
            for q, pos in enumerate(itertools.product(*(range(o) for o in out))):
                index = tuple(p * st + k * d for p, st, k, d in zip(pos, stride, tap, dilate))
                cols[:, ch * int(np.prod(kernel)) + t, q] = padded[(slice(None), ch) + index]
    return cols


@pytest.mark.parametrize('shape, kernel, stride, pad, dilate', [
    ((2, 3, 7), (3,), (2,), (1,), (1,)),
    ((1, 2, 6), (2,), (1,), (0,), (2,)),
    ((2, 3, 5, 6), (2, 3), (1, 2), (1, 0), (1, 1)),
    ((1, 2, 3, 5, 4), (2, 2, 3), (1, 2, 1), (0, 1, 1), (1, 1, 1)),
])
def test_im2col_matches_definition_and_col2im_is_its_adjoint(shape, kernel, stride, pad, dilate):
    x = rng.uniform(-1, 1, shape)
    cols = nd.im2col(nd.array(x, dtype='float64'), kernel=kernel, stride=stride, pad=pad, dilate=dilate).asnumpy()
    np.testing.assert_allclose(cols, _im2col_loop(x, kernel, stride, pad, dilate))
    # <im2col(x), c> == <x, col2im(c)> for every x and c: col2im is the transpose of im2col
    c = rng.uniform(-1, 1, cols.shape)
    back = nd.col2im(nd.array(c, dtype='float64'), output_size=shape[2:], kernel=kernel, stride=stride, pad=pad,
                     dilate=dilate).asnumpy()
    np.testing.assert_allclose((cols * c).sum(), (x * back).sum(), rtol=1e-10)


def test_im2col_gradients():
    check_gradient(lambda x: nd.im2col(x, kernel=(3,), stride=(2,), pad=(1,)), rng.uniform(-1, 1, (2, 2, 6)))
    check_gradient(lambda x: nd.im2col(x, kernel=(2, 2, 2), pad=(1, 0, 0)), rng.uniform(-1, 1, (1, 2, 3, 3, 3)))
    check_gradient(lambda c: nd.col2im(c, output_size=(3, 3, 3), kernel=(2, 2, 2)), rng.uniform(-1, 1, (1, 16, 8)))


def test_bilinear_sampler_reads_pixels_and_midpoints():
    data = rng.uniform(-1, 1, (1, 2, 3, 5))
    # x = 1 (pixel column 2 of 5), y halfway between rows 0 and 1
    grid = nd.array(np.array([[0.0, 1.0, -1.0], [-0.5, 1.0, -1.0]]).reshape(1, 2, 1, 3))
    out = nd.BilinearSampler(nd.array(data), grid).asnumpy()
    np.testing.assert_allclose(out[0, :, 0, 0], (data[0, :, 0, 2] + data[0, :, 1, 2]) / 2, rtol=1e-6)
    np.testing.assert_allclose(out[0, :, 0, 1], data[0, :, 2, 4], rtol=1e-6)
    np.testing.assert_allclose(out[0, :, 0, 2], data[0, :, 0, 0], rtol=1e-6)


def test_zero_flow_warp_grid_is_the_identity():
    data = nd.array(rng.uniform(-1, 1, (2, 3, 4, 5)))
    grid = nd.GridGenerator(nd.zeros((2, 2, 4, 5)), transform_type='warp')
    np.testing.assert_allclose(nd.BilinearSampler(data, grid).asnumpy(), data.asnumpy(), rtol=1e-5, atol=1e-6)


def _correlation_loop(a, b, k, md, s1, s2, pad, multiply):
    n, c, h, w = a.shape
    pa, pb = (np.pad(t, [(0, 0), (0, 0), (pad, pad), (pad, pad)]) for t in (a, b))
    border = md + (k - 1) // 2
    th = -(-(h + 2 * pad - 2 * border) // s1)
    tw = -(-(w + 2 * pad - 2 * border) // s1)
    r = md // s2
    out = np.zeros((n, (2 * r + 1) ** 2, th, tw))
    for i in range(th):
        for j in range(tw):
            y1, x1 = i * s1 + md, j * s1 + md
            for t, (dy, dx) in enumerate(itertools.product(range(-r, r + 1), repeat=2)):
                y2, x2 = y1 + dy * s2, x1 + dx * s2
                u, v = pa[:, :, y1:y1 + k, x1:x1 + k], pb[:, :, y2:y2 + k, x2:x2 + k]
                out[:, t, i, j] = ((u * v) if multiply else np.abs(u - v)).sum((1, 2, 3)) / (k * k * c)
    return out


@pytest.mark.parametrize('k, md, s1, s2, pad, multiply', [(1, 1, 1, 1, 0, True), (3, 2, 2, 2, 2, True),
                                                          (3, 1, 1, 1, 1, False)])
def test_correlation_matches_loop(k, md, s1, s2, pad, multiply):
    a, b = rng.uniform(-1, 1, (2, 3, 7, 8)), rng.uniform(-1, 1, (2, 3, 7, 8))
    got = nd.Correlation(nd.array(a, dtype='float64'), nd.array(b, dtype='float64'), kernel_size=k,
                         max_displacement=md, stride1=s1, stride2=s2, pad_size=pad, is_multiply=multiply).asnumpy()
    np.testing.assert_allclose(got, _correlation_loop(a, b, k, md, s1, s2, pad, multiply), rtol=1e-10, atol=1e-12)


def test_sampler_gradients():
    data = rng.uniform(-1, 1, (1, 2, 4, 5))
    grid = rng.uniform(-0.9, 0.9, (1, 2, 3, 3))
    check_gradient(lambda x, g: nd.BilinearSampler(x, g), data, grid, rtol=1e-3, atol=1e-5)
    theta = np.array([[0.9, 0.1, 0.05, -0.2, 0.8, 0.1]])
    check_gradient(lambda x, t: nd.SpatialTransformer(x, t, target_shape=(3, 4), transform_type='affine',
                                                      sampler_type='bilinear'), data, theta, rtol=1e-3, atol=1e-5)
    check_gradient(lambda a, b: nd.Correlation(a, b, kernel_size=3, max_displacement=1, pad_size=1), data,
                   rng.uniform(-1, 1, (1, 2, 4, 5)))


def test_deformable_convolutions_without_offsets_are_convolutions():
    x = nd.array(rng.uniform(-1, 1, (2, 4, 6, 7)))
    w = nd.array(rng.normal(0, 0.3, (6, 2, 3, 3)))
    b = nd.array(rng.normal(0, 0.3, (6,)))
    common = dict(kernel=(3, 3), stride=(2, 1), pad=(1, 2), dilate=(1, 2), num_filter=6, num_group=2)
    want = nd.Convolution(x, w, b, **common).asnumpy()
    out_shape = want.shape[2:]
    offset = nd.zeros((2, 2 * 18) + out_shape)
    got = nd.contrib.DeformableConvolution(x, offset, w, b, num_deformable_group=2, **common).asnumpy()
    np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-5)
    mask = nd.ones((2, 2 * 9) + out_shape)
    got = nd.contrib.ModulatedDeformableConvolution(x, offset, mask, w, b, num_deformable_group=2, **common).asnumpy()
    np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-5)


def test_integer_offsets_move_the_taps():
    # every tap moved one row down reads what a convolution of the input shifted one row up reads (below
    # the first output row, whose top taps read row 0 where the shifted input has padding)
    x = rng.uniform(-1, 1, (1, 2, 6, 6))
    w = nd.array(rng.normal(0, 0.3, (3, 2, 3, 3)))
    offset = np.zeros((1, 18, 6, 6))
    offset[:, 0::2] = 1.0
    got = nd.contrib.ModulatedDeformableConvolution(nd.array(x), nd.array(offset), nd.ones((1, 9, 6, 6)), w,
                                                    kernel=(3, 3), pad=(1, 1), num_filter=3, no_bias=True).asnumpy()
    shifted = np.zeros_like(x)
    shifted[:, :, :-1] = x[:, :, 1:]
    want = nd.Convolution(nd.array(shifted), w, kernel=(3, 3), pad=(1, 1), num_filter=3, no_bias=True).asnumpy()
    np.testing.assert_allclose(got[:, :, 1:], want[:, :, 1:], rtol=1e-5, atol=1e-5)


def test_deformable_convolution_gradients():
    x = rng.uniform(-1, 1, (1, 2, 4, 4))
    # offsets away from integers, where the bilinear weights are smooth
    offset = rng.uniform(0.1, 0.4, (1, 18, 4, 4)) * rng.choice([-1, 1], (1, 18, 4, 4))
    mask = rng.uniform(0.2, 1, (1, 9, 4, 4))
    w = rng.normal(0, 0.3, (2, 2, 3, 3))
    check_gradient(lambda x, o, m, w: nd.contrib.ModulatedDeformableConvolution(
        x, o, m, w, kernel=(3, 3), pad=(1, 1), num_filter=2, no_bias=True), x, offset, mask, w,
        rtol=1e-3, atol=1e-5)
    check_gradient(lambda x, o, w: nd.contrib.DeformableConvolution(
        x, o, w, kernel=(3, 3), pad=(1, 1), num_filter=2, no_bias=True), x, offset, w, rtol=1e-3, atol=1e-5)


@pytest.mark.parametrize('call, words', [
    (lambda: nd.im2col(nd.zeros((1, 1, 4, 4)), kernel=(5, 5)), 'does not fit'),
    (lambda: nd.im2col(nd.zeros((1, 1, 4, 4, 4, 4)), kernel=(2, 2, 2, 2)), '1-D, 2-D and 3-D'),
    (lambda: nd.col2im(nd.zeros((1, 5, 9)), output_size=(4, 4), kernel=(2, 2)), 'do not fit'),
    (lambda: nd.Correlation(nd.zeros((1, 1, 4, 4)), nd.zeros((1, 1, 4, 4)), kernel_size=2), 'odd'),
    (lambda: nd.GridGenerator(nd.zeros((1, 6)), transform_type='affine'), 'target_shape'),
    (lambda: nd.Crop(nd.zeros((1, 1, 4, 4)), h_w=(5, 2)), 'crop size'),
    (lambda: nd.contrib.DeformableConvolution(nd.zeros((1, 2, 4, 4)), nd.zeros((1, 9, 4, 4)), nd.zeros((2, 2, 3, 3)),
                                              kernel=(3, 3), pad=(1, 1), num_filter=2, no_bias=True), 'offset'),
])
def test_bad_input_names_the_problem(call, words):
    with pytest.raises(MXNetError, match=words):
        call()
