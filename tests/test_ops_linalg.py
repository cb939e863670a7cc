"""dot, batch_dot, khatri_rao and mx.nd.linalg against mathematics: finite-difference gradients,
factorization identities, and bad input. MXNet's own answers (values and gradients) are pinned in
golden/linalg_cases.py."""
import numpy as np
import pytest

import mxtorch as mx
from mxtorch import autograd, nd
from numgrad import check_gradient

la = nd.linalg
rng = np.random.RandomState(7)


def _spd(n, batch=()):
    a = rng.randn(*(batch + (n, n)))
    return a @ np.swapaxes(a, -1, -2) + n * np.eye(n)


def _lower(n, batch=()):
    a = np.tril(rng.uniform(-1, 1, size=batch + (n, n)))
    idx = np.arange(n)
    a[..., idx, idx] = rng.uniform(1, 2, size=batch + (n,))
    return a


def _sym(x):
    return x + x.transpose(axes=tuple(range(x.ndim - 2)) + (x.ndim - 1, x.ndim - 2))


# ---- dot / batch_dot / khatri_rao ------------------------------------------------------------------------
@pytest.mark.parametrize('lshape,rshape,ta,tb', [
    ((3, 4), (4, 2), False, False),
    ((4, 3), (4, 2), True, False),
    ((3, 4), (2, 4), False, True),
    ((4, 3), (2, 4), True, True),
    ((2, 3, 4), (4, 5), False, False),
    ((2, 3, 4), (2, 5), True, False),
    ((2, 3, 4), (5, 3, 4), False, True),
    ((4,), (4, 3), False, False),
    ((3, 4), (4,), False, False),
    ((4,), (4,), False, False),
])
def test_dot_matches_numpy_and_gradient(lshape, rshape, ta, tb):
    a, b = rng.randn(*lshape), rng.randn(*rshape)
    got = nd.dot(nd.array(a, dtype='float64'), nd.array(b, dtype='float64'), transpose_a=ta, transpose_b=tb)
    ma = a.reshape(a.shape[0], -1).T if ta else a.reshape(-1, a.shape[-1])
    mb = b.reshape(-1, b.shape[-1]).T if tb else b.reshape(b.shape[0], -1)
    free = (a.shape[1:] if ta else a.shape[:-1]) + (b.shape[:-1] if tb else b.shape[1:])
    expected = (ma @ mb).reshape(free if free else (1,))
    np.testing.assert_allclose(got.asnumpy(), expected, rtol=1e-12)
    check_gradient(lambda x, y: nd.dot(x, y, transpose_a=ta, transpose_b=tb), a, b)


def test_dot_out_writes_in_place_and_float32_is_default():
    x, w = nd.array([[1, 2], [3, 4]]), nd.array([[1], [1]])
    out = nd.zeros((2, 1))
    r = nd.dot(x, w, out=out)
    assert r is out and out.dtype == np.float32
    np.testing.assert_array_equal(out.asnumpy(), [[3], [7]])


def test_dot_string_flags():
    a = nd.array([[1, 2], [3, 4]])
    np.testing.assert_array_equal(nd.dot(a, a, transpose_a='True').asnumpy(), a.asnumpy().T @ a.asnumpy())
    np.testing.assert_array_equal(nd.dot(a, a, transpose_a='False', transpose_b='0').asnumpy(),
                                  a.asnumpy() @ a.asnumpy())


@pytest.mark.parametrize('ta,tb', [(False, False), (True, False), (False, True), (True, True)])
def test_batch_dot_gradient(ta, tb):
    a = rng.randn(2, 3, 4) if not ta else rng.randn(2, 4, 3)
    b = rng.randn(2, 4, 5) if not tb else rng.randn(2, 5, 4)
    check_gradient(lambda x, y: nd.batch_dot(x, y, transpose_a=ta, transpose_b=tb), a, b)
    got = nd.batch_dot(nd.array(a, dtype='float64'), nd.array(b, dtype='float64'), transpose_a=ta, transpose_b=tb)
    aa = np.swapaxes(a, 1, 2) if ta else a
    bb = np.swapaxes(b, 1, 2) if tb else b
    np.testing.assert_allclose(got.asnumpy(), aa @ bb, rtol=1e-12)


def test_batch_dot_4d_gradient():
    check_gradient(nd.batch_dot, rng.randn(2, 2, 2, 3), rng.randn(2, 2, 3, 2))


def test_khatri_rao_columns_are_kronecker_products_and_gradient():
    a, b, c = rng.randn(2, 3), rng.randn(4, 3), rng.randn(2, 3)
    got = nd.khatri_rao(nd.array(a, dtype='float64'), nd.array(b, dtype='float64'), nd.array(c, dtype='float64'))
    for r in range(3):
        np.testing.assert_allclose(got.asnumpy()[:, r], np.kron(np.kron(a[:, r], b[:, r]), c[:, r]))
    check_gradient(nd.khatri_rao, a, b)


def test_dot_errors_name_operator_shapes_and_dtypes():
    with pytest.raises(mx.MXNetError, match=r'dot.*\(2, 3\).*\(2, 3\)|dot.*2x3'):
        nd.dot(nd.ones((2, 3)), nd.ones((2, 3)))
    with pytest.raises(mx.MXNetError, match=r'dot.*\(2, 3, 4\).*\(3, 4\)'):
        nd.dot(nd.ones((2, 3, 4)), nd.ones((3, 4)))
    with pytest.raises(mx.MXNetError, match='dot.*transpose vectors'):
        nd.dot(nd.ones(3), nd.ones(3), transpose_b=True)
    with pytest.raises(mx.MXNetError, match='dot.*int32'):
        nd.dot(nd.ones((2, 2), dtype='int32'), nd.ones((2, 2), dtype='int32'))
    with pytest.raises(mx.MXNetError, match='dot.*float64.*float32'):
        nd.dot(nd.ones((2, 2), dtype='float64'), nd.ones((2, 2)))
    with pytest.raises(mx.MXNetError, match=r'batch_dot.*\(2, 3, 4\).*\(3, 4, 5\)'):
        nd.batch_dot(nd.ones((2, 3, 4)), nd.ones((3, 4, 5)))
    with pytest.raises(mx.MXNetError, match=r'batch_dot.*N >= 3.*\(3, 4\)'):
        nd.batch_dot(nd.ones((3, 4)), nd.ones((4, 5)))
    with pytest.raises(mx.MXNetError, match='khatri_rao.*columns'):
        nd.khatri_rao(nd.ones((2, 2)), nd.ones((2, 3)))


def test_dot_bad_out_leaves_out_intact():
    out = nd.full((3, 3), 7.0)
    with pytest.raises(mx.MXNetError, match='shape'):
        nd.dot(nd.ones((2, 3)), nd.ones((3, 2)), out=out)
    np.testing.assert_array_equal(out.asnumpy(), np.full((3, 3), 7.0))


# ---- gemm / gemm2 ---------------------------------------------------------------------------------------
def test_gemm_formula_and_gradient():
    a, b, c = rng.randn(3, 2), rng.randn(4, 3), rng.randn(2, 4)
    got = la.gemm(nd.array(a, dtype='float64'), nd.array(b, dtype='float64'), nd.array(c, dtype='float64'),
                  transpose_a=True, transpose_b=True, alpha=2.0, beta=-0.5)
    np.testing.assert_allclose(got.asnumpy(), 2 * a.T @ b.T - 0.5 * c, rtol=1e-12)
    check_gradient(lambda x, y, z: la.gemm(x, y, z, transpose_a=True, transpose_b=True, alpha=2.0, beta=-0.5),
                   a, b, c)


def test_gemm2_axis_is_swapaxes_gemm_swapaxes_and_gradient():
    a, b = rng.randn(2, 3, 4, 5), rng.randn(2, 3, 4, 6)
    got = la.gemm2(nd.array(a, dtype='float64'), nd.array(b, dtype='float64'), axis=1, transpose_a=True)
    expected = np.swapaxes(np.matmul(np.swapaxes(np.swapaxes(a, 1, 2), -1, -2), np.swapaxes(b, 1, 2)), 1, 2)
    np.testing.assert_allclose(got.asnumpy(), expected, rtol=1e-12)
    check_gradient(lambda x, y: la.gemm2(x, y, axis=1, transpose_a=True, alpha=0.7), a, b)


def test_gemm_errors():
    with pytest.raises(mx.MXNetError, match=r'gemm2.*\(2, 2, 3\).*\(3, 3, 4\)'):
        la.gemm2(nd.ones((2, 2, 3)), nd.ones((3, 3, 4)))
    with pytest.raises(mx.MXNetError, match=r'gemm.*C has shape \(2, 5\).*\(2, 4\)'):
        la.gemm(nd.ones((2, 3)), nd.ones((3, 4)), nd.ones((2, 5)))
    with pytest.raises(mx.MXNetError, match='gemm2.*float32 and float64.*int32'):
        la.gemm2(nd.ones((2, 2), dtype='int32'), nd.ones((2, 2), dtype='int32'))
    with pytest.raises(mx.MXNetError, match=r'gemm2.*at least 2 dimensions.*\(3,\)'):
        la.gemm2(nd.ones(3), nd.ones(3))


# ---- potrf / potri / trmm / trsm / syrk ----------------------------------------------------------------------
@pytest.mark.parametrize('lower', [True, False])
def test_potrf_factor_and_gradient(lower):
    a = _spd(3, (2,))
    b = la.potrf(nd.array(a, dtype='float64'), lower=lower).asnumpy()
    bt = np.swapaxes(b, -1, -2)
    np.testing.assert_allclose(b @ bt if lower else bt @ b, a, rtol=1e-10)
    assert np.allclose(b, np.tril(b) if lower else np.triu(b))
    # a symmetric parametrisation: finite differences see the gradient of both triangles
    check_gradient(lambda x: la.potrf(x + x.transpose((0, 2, 1)), lower=lower), a / 2)


@pytest.mark.parametrize('lower', [True, False])
def test_potri_is_inverse_of_factorized_matrix_and_gradient(lower):
    l = _lower(3)
    f = l if lower else l.T
    got = la.potri(nd.array(f, dtype='float64'), lower=lower).asnumpy()
    np.testing.assert_allclose(got, np.linalg.inv(l @ l.T), rtol=1e-10)
    # only the factor's triangle is read: finite differences of the other one are zero, as MXNet's gradient
    check_gradient(lambda x: la.potri(x, lower=lower), f + (np.triu(np.ones((3, 3)), 1) if lower
                                                             else np.tril(np.ones((3, 3)), -1)))


@pytest.mark.parametrize('rightside', [False, True])
@pytest.mark.parametrize('lower', [False, True])
@pytest.mark.parametrize('transpose', [False, True])
def test_trmm_trsm_formulas_and_gradients(rightside, lower, transpose):
    a = rng.uniform(1, 2, size=(2, 3, 3))
    b = rng.randn(2, 2, 3) if rightside else rng.randn(2, 3, 2)
    t = np.tril(a) if lower else np.triu(a)
    op = np.swapaxes(t, -1, -2) if transpose else t
    kw = dict(rightside=rightside, lower=lower, transpose=transpose, alpha=1.5)
    A, B = nd.array(a, dtype='float64'), nd.array(b, dtype='float64')
    prod = la.trmm(A, B, **kw).asnumpy()
    np.testing.assert_allclose(prod, 1.5 * (b @ op if rightside else op @ b), rtol=1e-12)
    x = la.trsm(A, B, **kw).asnumpy()
    np.testing.assert_allclose(x @ op if rightside else op @ x, 1.5 * b, rtol=1e-10)
    check_gradient(lambda p, q: la.trmm(p, q, **kw), a, b)
    check_gradient(lambda p, q: la.trsm(p, q, **kw), a, b)


@pytest.mark.parametrize('transpose', [False, True])
def test_syrk_formula_and_gradient(transpose):
    a = rng.randn(2, 3, 4)
    got = la.syrk(nd.array(a, dtype='float64'), transpose=transpose, alpha=0.5).asnumpy()
    at = np.swapaxes(a, -1, -2)
    np.testing.assert_allclose(got, 0.5 * (at @ a if transpose else a @ at), rtol=1e-12)
    check_gradient(lambda x: la.syrk(x, transpose=transpose, alpha=0.5), a)


def test_triangular_errors():
    with pytest.raises(mx.MXNetError, match='potrf.*not symmetric positive definite'):
        la.potrf(nd.array([[1, 2], [2, 1]]))
    with pytest.raises(mx.MXNetError, match=r'potrf.*square.*\(2, 3\)'):
        la.potrf(nd.ones((2, 3)))
    with pytest.raises(mx.MXNetError, match='potri.*zero on its diagonal'):
        la.potri(nd.array([[0., 0], [1, 3]]))
    with pytest.raises(mx.MXNetError, match=r'trmm.*\(3, 3\).*\(2, 2\)'):
        la.trmm(nd.ones((3, 3)), nd.ones((2, 2)))
    with pytest.raises(mx.MXNetError, match=r'trsm.*batch.*\(2, 2, 2\).*\(3, 2, 3\)'):
        la.trsm(nd.ones((2, 2, 2)), nd.ones((3, 2, 3)))


# ---- gelqf / syevd --------------------------------------------------------------------------------------------
def test_gelqf_factors_and_gradient():
    a = rng.randn(2, 3, 5)
    q, l = la.gelqf(nd.array(a, dtype='float64'))
    q, l = q.asnumpy(), l.asnumpy()
    np.testing.assert_allclose(l @ q, a, rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(q @ np.swapaxes(q, -1, -2), np.broadcast_to(np.eye(3), (2, 3, 3)), atol=1e-12)
    assert np.allclose(l, np.tril(l))
    check_gradient(la.gelqf, a)


def test_syevd_decomposition_signs_and_gradient():
    a = _spd(4, (2,))
    u, lam = la.syevd(nd.array(a, dtype='float64'))
    u, lam = u.asnumpy(), lam.asnumpy()
    np.testing.assert_allclose(np.swapaxes(u, -1, -2) @ (lam[..., :, None] * u), a, rtol=1e-10)
    assert (np.diff(lam, axis=-1) > 0).all()
    k = np.abs(u).argmax(-1)
    assert (np.take_along_axis(u, k[..., None], -1) > 0).all()
    check_gradient(lambda x: la.syevd(x + x.transpose((0, 2, 1))), a / 2)


def test_factorization_errors():
    with pytest.raises(mx.MXNetError, match=r'gelqf.*columns.*\(3, 2\)'):
        la.gelqf(nd.ones((3, 2)))
    with pytest.raises(mx.MXNetError, match=r'syevd.*square.*\(2, 3\)'):
        la.syevd(nd.ones((2, 3)))


# ---- diagonals and triangles ---------------------------------------------------------------------------------
def test_sumlogdiag_and_gradient():
    a = _spd(3, (2,))
    got = la.sumlogdiag(nd.array(a, dtype='float64')).asnumpy()
    np.testing.assert_allclose(got, np.log(np.diagonal(a, 0, -2, -1)).sum(-1))
    assert la.sumlogdiag(nd.array(a[0])).shape == (1,)
    check_gradient(la.sumlogdiag, a)


@pytest.mark.parametrize('offset', [-2, -1, 0, 1, 2])
def test_diag_roundtrip_and_gradients(offset):
    a = rng.randn(2, 3, 3)
    d = la.extractdiag(nd.array(a, dtype='float64'), offset=offset).asnumpy()
    np.testing.assert_array_equal(d, np.diagonal(a, offset, -2, -1))
    back = la.makediag(nd.array(d, dtype='float64'), offset=offset).asnumpy()
    np.testing.assert_array_equal(np.diagonal(back, offset, -2, -1), d)
    assert back.shape == (2, 3, 3)
    check_gradient(lambda x: la.extractdiag(x, offset=offset), a)
    check_gradient(lambda x: la.makediag(x, offset=offset), d)


@pytest.mark.parametrize('offset,lower', [(0, True), (0, False), (1, True), (-1, False), (2, True), (-2, True)])
def test_trian_roundtrip_and_gradients(offset, lower):
    a = rng.randn(2, 4, 4)
    packed = la.extracttrian(nd.array(a, dtype='float64'), offset=offset, lower=lower)
    m = 4 - abs(offset)
    assert packed.shape == (2, m * (m + 1) // 2)
    full = la.maketrian(packed, offset=offset, lower=lower).asnumpy()
    use_upper = offset > 0 or (offset == 0 and not lower)
    mask = np.triu(np.ones((4, 4)), offset) if use_upper else np.tril(np.ones((4, 4)), offset)
    np.testing.assert_array_equal(full, a * mask)
    check_gradient(lambda x: la.extracttrian(x, offset=offset, lower=lower), a)
    check_gradient(lambda x: la.maketrian(x, offset=offset, lower=lower), packed.asnumpy())


def test_diag_trian_errors():
    with pytest.raises(mx.MXNetError, match='extractdiag.*offset 3.*dimension 3'):
        la.extractdiag(nd.ones((3, 3)), offset=3)
    with pytest.raises(mx.MXNetError, match='extracttrian.*offset -3'):
        la.extracttrian(nd.ones((3, 3)), offset=-3)
    with pytest.raises(mx.MXNetError, match='maketrian.*5 values'):
        la.maketrian(nd.ones(5))
    with pytest.raises(mx.MXNetError, match=r'sumlogdiag.*square.*\(2, 3\)'):
        la.sumlogdiag(nd.ones((2, 3)))


# ---- inverse / det / slogdet ---------------------------------------------------------------------------------
def test_inverse_det_slogdet_values_and_gradients():
    a = rng.randn(2, 3, 3) + 3 * np.eye(3)
    A = nd.array(a, dtype='float64')
    np.testing.assert_allclose(la.inverse(A).asnumpy(), np.linalg.inv(a), rtol=1e-10)
    np.testing.assert_allclose(la.det(A).asnumpy(), np.linalg.det(a), rtol=1e-10)
    sign, logabs = la.slogdet(A)
    s, l = np.linalg.slogdet(a)
    np.testing.assert_array_equal(sign.asnumpy(), s)
    np.testing.assert_allclose(logabs.asnumpy(), l, rtol=1e-10)
    assert la.det(nd.array(a[0])).shape == (1,)
    check_gradient(la.inverse, a)
    check_gradient(la.det, a)
    check_gradient(lambda x: la.slogdet(x)[1], a)


def test_det_slogdet_of_singular_matrix_have_zero_gradient():
    # MXNet's definition (its backward stops there); mathematics would give the adjugate for det
    a = nd.array([[1, 2], [2, 4]], dtype='float64')
    a.attach_grad()
    with autograd.record():
        d = la.det(a)
        s, l = la.slogdet(a)
    d.backward()
    np.testing.assert_array_equal(a.grad.asnumpy(), np.zeros((2, 2)))
    l.backward()
    np.testing.assert_array_equal(a.grad.asnumpy(), np.zeros((2, 2)))
    assert s.asscalar() == 0 and l.asscalar() == -np.inf


def test_inverse_errors():
    with pytest.raises(mx.MXNetError, match='inverse.*singular'):
        la.inverse(nd.ones((2, 2)))
    with pytest.raises(mx.MXNetError, match=r'inverse.*square.*\(2, 3\)'):
        la.inverse(nd.ones((2, 3)))
    with pytest.raises(mx.MXNetError, match='det.*int32'):
        la.det(nd.ones((2, 2), dtype='int32'))


def test_linalg_namespaces_and_top_level_names():
    for name in ('gemm', 'gemm2', 'potrf', 'potri', 'trmm', 'trsm', 'syrk', 'gelqf', 'syevd', 'sumlogdiag',
                 'extractdiag', 'makediag', 'extracttrian', 'maketrian', 'inverse', 'det', 'slogdet'):
        assert callable(getattr(nd.linalg, name)), name
        if name != 'syevd':   # MXNet 1.9.1 has no nd.linalg_syevd
            assert callable(getattr(nd, 'linalg_' + name)), name
