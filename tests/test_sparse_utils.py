"""test_utils' random sparse arrays (rand_sparse_ndarray, rand_ndarray(stype=), create_sparse_array*) and
the sparse array behaviour MXNet's own test_sparse_ndarray.py relies on: in-place arithmetic, comparisons'
output storage types, dense results written into sparse targets, check_format, take and getnnz of csr."""
import numpy as np
import pytest
import scipy.sparse as spsp

import mxtorch as mx
from mxtorch import test_utils as tu
from mxtorch.ndarray.sparse import CSRNDArray, RowSparseNDArray, NotSupportedForSparseNDArray


def test_rand_sparse_ndarray_parts():
    np.random.seed(3)
    a, (indptr, indices, data) = tu.rand_sparse_ndarray((6, 7), 'csr', density=0.5)
    assert isinstance(a, CSRNDArray) and a.dtype == np.float32
    host = spsp.csr_matrix((data.asnumpy(), indices.asnumpy(), indptr.asnumpy()), shape=(6, 7))
    assert np.array_equal(host.toarray(), a.asnumpy())
    assert len(data) == int(6 * 7 * 0.5 + 0.5)  # scipy rounds the number of values
    r, (values, rows) = tu.rand_sparse_ndarray((8, 3), 'row_sparse', density=0.5, data_init=2.0)
    assert isinstance(r, RowSparseNDArray)
    dense = np.zeros((8, 3), dtype=np.float32)
    dense[rows] = values
    assert np.array_equal(r.asnumpy(), dense) and (values == 2).all()
    empty, (v, i) = tu.rand_sparse_ndarray((4, 2), 'row_sparse', density=0)
    assert empty.stype == 'row_sparse' and v.size == 0 and i.size == 0 and not empty.asnumpy().any()


def test_rand_sparse_ndarray_rsp_indices_and_modifier():
    r, (values, rows) = tu.rand_sparse_ndarray((5, 2), 'row_sparse', rsp_indices=np.array([1, 3]),
                                               modifier_func=lambda v: -1.0)
    assert list(rows) == [1, 3] and (r.asnumpy()[[1, 3]] == -1).all() and not r.asnumpy()[[0, 2, 4]].any()
    z = tu.create_sparse_array_zd((5, 2), 'row_sparse', density=0.9, rsp_indices=[4, 0])
    assert list(z.indices.asnumpy()) == [0, 4]


def test_powerlaw_rows_double():
    a, _ = tu.rand_sparse_ndarray((8, 64), 'csr', density=0.25, distribution='powerlaw')
    counts = np.diff(a.indptr.asnumpy())
    assert counts.sum() == int(8 * 64 * 0.25)
    assert list(counts[:4]) == [2, 4, 8, 16]
    with pytest.raises(ValueError, match='density'):
        tu.rand_sparse_ndarray((8, 4), 'csr', density=0.1, distribution='powerlaw')


def test_rand_sparse_ndarray_bad_requests():
    with pytest.raises(ValueError, match='between 0 and 1'):
        tu.rand_sparse_ndarray((3, 3), 'csr', density=1.5)
    with pytest.raises(AssertionError, match='not supported for row_sparse'):
        tu.rand_sparse_ndarray((3, 3), 'row_sparse', distribution='powerlaw')
    with pytest.raises(AssertionError, match='unknown storage type'):
        tu.rand_sparse_ndarray((3, 3), 'coo')
    with pytest.raises(AssertionError, match='Unknown storage type'):
        tu.create_sparse_array((3, 3), 'coo')


def test_shuffled_csr_indices_hold_the_same_values():
    np.random.seed(0)
    a, _ = tu.rand_sparse_ndarray((5, 30), 'csr', density=0.6, shuffle_csr_indices=True)
    host = spsp.csr_matrix((a.data.asnumpy(), a.indices.asnumpy(), a.indptr.asnumpy()), shape=(5, 30))
    assert np.allclose(host.toarray(), a.asnumpy())
    assert not host.has_sorted_indices


@pytest.mark.parametrize('stype', ['csr', 'row_sparse'])
def test_inplace_arithmetic_keeps_the_storage_type(stype):
    x = mx.nd.array([[1, 0, 2], [0, 3, 0]]).tostype(stype)
    y = mx.nd.array([[1, 1, 0], [0, 1, 0]]).tostype(stype)
    before = id(x)
    x += y
    x *= 2
    x += mx.nd.ones((2, 3))
    assert id(x) == before and x.stype == stype
    assert np.array_equal(x.asnumpy(), (np.array([[1, 0, 2], [0, 3, 0]]) + [[1, 1, 0], [0, 1, 0]]) * 2 + 1)


@pytest.mark.parametrize('stype', ['csr', 'row_sparse'])
def test_comparison_storage_types(stype):
    # a number: the storage type stays where comparing 0 gives 0 (as MXNet 1.9.1 gives them)
    y = mx.nd.ones((2, 3)).tostype(stype)
    kept = [y == 1, y != 0, y > 0, y < 0, y >= 1, y <= -1, 1 == y, 0 < y]
    dense = [y == 0, y != 1, y >= 0, y <= 0, y < 1, 0 == y, 0 <= y]
    assert all(z.stype == stype for z in kept) and all(z.stype == 'default' for z in dense)
    assert np.array_equal((y > 0).asnumpy(), np.ones((2, 3))) and not (y < 0).asnumpy().any()
    assert (y == mx.nd.zeros((2, 3), stype=stype)).stype == 'default'


@pytest.mark.parametrize('stype', ['csr', 'row_sparse'])
def test_dense_results_into_sparse_targets(stype):
    out = mx.nd.zeros((2, 3), stype=stype, dtype='float64')
    mx.nd.broadcast_add(mx.nd.ones((2, 3)), mx.nd.ones((2, 3)), out=out)
    assert out.stype == stype and out.dtype == np.float64 and (out.asnumpy() == 2).all()
    target = mx.nd.zeros((2, 3), stype=stype)
    mx.nd.array([[0, 5, 0], [0, 0, 0]]).copyto(target)
    assert target.stype == stype and target.asnumpy()[0, 1] == 5 and target.asnumpy().sum() == 5


def test_check_format_refusals():
    with pytest.raises(mx.MXNetError, match='ascending order per row'):
        mx.nd.sparse.csr_matrix(([7, 8, 9], [2, 1, 1], [0, 2, 2, 3]), shape=(3, 4)).check_format()
    with pytest.raises(mx.MXNetError, match='non-negative'):
        mx.nd.sparse.csr_matrix(([7, 8, 9], [0, 2, 1], [0, -2, 2, 3]), shape=(3, 4)).check_format()
    with pytest.raises(mx.MXNetError, match='ascending order'):
        mx.nd.sparse.row_sparse_array(([[1, 2], [3, 4]], [1, 1]), shape=(3, 2)).check_format()
    mx.nd.sparse.csr_matrix(([7, 8, 9], [0, 2, 1], [0, 2, 2, 3]), shape=(3, 4)).check_format()


def test_creation_shape_checks():
    with pytest.raises(ValueError, match='Shape mismatch'):
        mx.nd.sparse.csr_matrix((2, 2), shape=(3, 2))
    with pytest.raises(ValueError, match='Shape mismatch'):
        mx.nd.sparse.row_sparse_array((2, 2), shape=(3, 2))
    with pytest.raises(ValueError, match='invalid shape'):
        mx.nd.sparse.row_sparse_array(([], []))
    with pytest.raises(ValueError, match='invalid shape'):
        mx.nd.sparse.csr_matrix(([], [], [0, 0]))
    # the inferred number of rows is the last index + 1, as in MXNet
    assert mx.nd.sparse.row_sparse_array(([[1, 2], [3, 4]], [3, 1])).shape == (2, 2)


def test_nd_array_of_sparse_sources_is_sparse():
    c = mx.nd.array([[1, 0], [0, 2]]).tostype('csr')
    assert isinstance(mx.nd.array(c), CSRNDArray)
    assert mx.nd.array(c, dtype='float64').dtype == np.float64
    assert isinstance(mx.nd.array(spsp.csr_matrix(np.eye(2))), CSRNDArray)


def test_unsupported_methods():
    r = mx.nd.zeros((2, 2), stype='row_sparse')
    for fn in (lambda: r._slice(None, None), lambda: r._at(0), lambda: r.reshape((4,))):
        with pytest.raises(NotSupportedForSparseNDArray, match='not supported for SparseNDArray'):
            fn()
    assert r._num_aux == 1 and mx.nd.zeros((2, 2), stype='csr')._num_aux == 2
    with pytest.raises(mx.MXNetError, match='invalid_arg'):
        mx.nd.sparse.retain(r, mx.nd.array([0]), invalid_arg=1)


@pytest.mark.parametrize('mode', ['clip', 'wrap'])
def test_take_rows_of_csr(mode):
    dense = np.array([[1, 0, 2], [0, 0, 3], [4, 5, 0]], dtype=np.float32)
    idx = np.array([2, 0, 7, -1])
    got = mx.nd.take(mx.nd.array(dense).tostype('csr'), mx.nd.array(idx), mode=mode)
    assert got.stype == 'csr' and got.indptr[0].asscalar() == 0
    assert np.array_equal(got.asnumpy(), np.take(dense, idx, axis=0, mode=mode))
    with pytest.raises(mx.MXNetError, match='out of bound'):
        mx.nd.take(mx.nd.array(dense).tostype('csr'), mx.nd.array(idx), mode='raise')


def test_getnnz():
    c = mx.nd.sparse.csr_matrix(([1.0, 0.0, 3.0], [0, 2, 1], [0, 2, 2, 3]), shape=(3, 4))
    assert mx.nd.contrib.getnnz(c).asnumpy().tolist() == [3]  # a stored zero counts
    assert mx.nd.contrib.getnnz(c, axis=1).asnumpy().tolist() == [2, 0, 1]
    with pytest.raises(mx.MXNetError, match='axis = 0'):
        mx.nd.contrib.getnnz(c, axis=0)
    with pytest.raises(mx.MXNetError, match='getnnz'):
        mx.nd.contrib.getnnz(mx.nd.ones((2, 2)))
