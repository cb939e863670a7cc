"""Sparse storage (issue 15): what tests/golden/sparse.json (MXNet 1.9.1's answers) cannot say alone.

- files MXNet wrote (tests/golden/files/sparse, tests/golden/files/ndfile) load in mxtorch as MXNet loads
  them; files mxtorch writes load in MXNet (through tests/golden/sparse_mxnet_check.py where the reference
  is installed);
- robustness of the sparse records (truncated, corrupted, a storage shape MXNet wrote before it was final);
- the operators on random matrices against numpy's arithmetic;
- error messages users match on, and state left intact by bad input.
"""
import json
import os
import pickle
import struct
import subprocess

import numpy as np
import pytest
import torch

import mxtorch as mx
from mxtorch import nd
from mxtorch.base import MXNetError
from mxtorch.ndarray.sparse import CSRNDArray, RowSparseNDArray
from golden_support import GOLDEN, decode_values

SPARSE_FILES = os.path.join(GOLDEN, 'files', 'sparse')
with open(os.path.join(GOLDEN, 'sparse.json')) as _f:
    ANSWERS = json.load(_f)['cases']
REFERENCE = os.path.expanduser('~/.cache/mxtorch-ref/venv/bin/python')


def _parts(x):
    out = {'class': type(x).__name__, 'stype': x.stype, 'dense': x.tostype('default')}
    if x.stype != 'default':
        out['data'], out['indices'] = x.data, x.indices
    if x.stype == 'csr':
        out['indptr'] = x.indptr
    return out


def _check_answer(got, want, where):
    """`got` (mxtorch values) against an encoded MXNet answer."""
    if want['type'] == 'NDArray':
        assert str(np.dtype(got.dtype)) == want['dtype'], where
        assert list(got.shape) == want['shape'], where
        np.testing.assert_array_equal(got.asnumpy(), decode_values(want), err_msg=where)
    elif want['type'] == 'str':
        assert got == want['value'], where
    elif want['type'] == 'dict':
        assert sorted(got) == sorted(want['items']), where
        for k in want['items']:
            _check_answer(got[k], want['items'][k], '{}[{}]'.format(where, k))
    elif want['type'] == 'list':
        assert len(got) == len(want['items']), where
        for i, (g, w) in enumerate(zip(got, want['items'])):
            _check_answer(g, w, '{}[{}]'.format(where, i))
    else:
        raise AssertionError('{}: unexpected answer type {}'.format(where, want['type']))


def _described(loaded):
    if isinstance(loaded, dict):
        return {k: _parts(v) for k, v in loaded.items()}
    return [_parts(v) for v in loaded]


# ---- files MXNet wrote -------------------------------------------------------------------------------
_SAVED = sorted(f for f in os.listdir(SPARSE_FILES) if f.endswith('.nd'))


def test_the_golden_files_are_there():
    assert {'save_csr__x.nd', 'save_rsp__x.nd', 'save_dict_mixed__x.nd', 'save_empty__x.nd'} <= set(_SAVED)


@pytest.mark.parametrize('fname', _SAVED)
def test_files_mxnet_wrote_load_as_mxnet_loads_them(fname):
    case = fname.split('__')[0]
    loaded = nd.load(os.path.join(SPARSE_FILES, fname))
    # the case's answer is what MXNet read back from its own file
    _check_answer(_described(loaded), ANSWERS[case], case)


def test_the_ndfile_fixtures_with_sparse_arrays_load():
    with open(os.path.join(GOLDEN, 'files', 'ndfile', 'manifest.json')) as f:
        manifest = json.load(f)['files']
    for name in ('sparse_csr.nd', 'sparse_row_sparse.nd'):
        want = manifest[name]
        loaded = nd.load(os.path.join(GOLDEN, 'files', 'ndfile', name))
        arrays = list(loaded.values()) if isinstance(loaded, dict) else loaded
        if want['kind'] == 'dict':
            assert list(loaded) == want['names']
        assert len(arrays) == len(want['arrays'])
        for got, w in zip(arrays, want['arrays']):
            assert got.stype == w['stype'], name
            assert list(got.shape) == w['shape'] and str(got.context) == w['context'], name
            np.testing.assert_array_equal(got.asnumpy(), decode_values(w), err_msg=name)


def test_resaving_what_mxnet_wrote_gives_the_same_bytes(tmp_path):
    for fname in _SAVED:
        path = os.path.join(SPARSE_FILES, fname)
        out = str(tmp_path / fname)
        nd.save(out, nd.load(path))
        with open(path, 'rb') as a, open(out, 'rb') as b:
            assert a.read() == b.read(), fname


# ---- files mxtorch writes, read by MXNet --------------------------------------------------------------
def _random_csr(rng, shape, density, dtype='float32'):
    dense = rng.standard_normal(shape) * (rng.random(shape) < density)
    if np.dtype(dtype).kind in 'iu':
        dense = np.round(dense * 10)
    return dense.astype(dtype), nd.sparse.csr_matrix(dense.astype(dtype))


def _random_rsp(rng, shape, rows, dtype='float32'):
    dense = np.zeros(shape)
    kept = np.sort(rng.choice(shape[0], rows, replace=False))
    dense[kept] = rng.standard_normal((rows,) + tuple(shape[1:])) + 3
    return dense.astype(dtype), nd.sparse.row_sparse_array(dense.astype(dtype))


@pytest.mark.skipif(not os.path.exists(REFERENCE), reason='the reference MXNet 1.9.1 is not installed')
def test_files_mxtorch_writes_load_in_mxnet(tmp_path):
    rng = np.random.default_rng(3)
    files = {
        'csr.nd': [_random_csr(rng, (6, 9), 0.3)[1], _random_csr(rng, (4, 3), 0.5, 'float64')[1]],
        'rsp.nd': {'w': _random_rsp(rng, (10, 3), 4)[1], 'b': _random_rsp(rng, (5, 2, 2), 2, 'int32')[1]},
        'mixed.nd': [nd.arange(6).reshape((2, 3)), nd.sparse.zeros('csr', (3, 3)),
                     nd.sparse.zeros('row_sparse', (2, 7), dtype='int64'), _random_csr(rng, (3, 5), 0.4, 'int64')[1],
                     _random_csr(rng, (2, 8), 0.5, 'float16')[1]],
        'sliced.nd': [_random_csr(rng, (8, 4), 0.5)[1][2:6]],
    }
    paths = []
    for name, data in files.items():
        paths.append(str(tmp_path / name))
        nd.save(paths[-1], data)
    script = os.path.join(GOLDEN, 'sparse_mxnet_check.py')
    done = subprocess.run([REFERENCE, script] + paths, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    read = json.loads(done.stdout)
    for path, (name, data) in zip(paths, files.items()):
        arrays = data if isinstance(data, list) else data
        got = read[path]
        if isinstance(arrays, dict):
            assert sorted(got) == sorted(arrays), name
            pairs = [(got[k], arrays[k]) for k in arrays]
        else:
            pairs = list(zip(got, arrays))
        for theirs, ours in pairs:
            assert theirs['stype'] == ours.stype and theirs['shape'] == list(ours.shape), name
            assert theirs['dtype'] == np.dtype(ours.dtype).name, name
            np.testing.assert_array_equal(np.array(theirs['dense']).reshape(ours.shape),
                                          ours.asnumpy().astype('float64'), err_msg=name)
            if ours.stype != 'default':
                np.testing.assert_array_equal(theirs['data'], ours.data.asnumpy().astype('float64').ravel())
                assert theirs['indices'] == ours.indices.asnumpy().tolist(), name
            if ours.stype == 'csr':
                assert theirs['indptr'] == ours.indptr.asnumpy().tolist(), name


# ---- robustness of sparse records ---------------------------------------------------------------------
def _csr_file_bytes(tmp_path):
    path = str(tmp_path / 'c.nd')
    nd.save(path, [nd.sparse.csr_matrix(([1., 2, 3], [1, 0, 2], [0, 1, 3]), shape=(2, 3))])
    with open(path, 'rb') as f:
        return f.read()


# layout of that file: 24 bytes of file header, magic (24), stype (28), storage shape ndim (32) and dim
# (36), shape ndim (44) and dims (48, 56), context (64, 68), dtype flag (72), indptr flag (76), its ndim
# (80) and dim (84), indices flag (92), its ndim (96) and dim (100), values (108), indptr (120), indices
# (144)
def test_the_record_layout_is_mxnets(tmp_path):
    data = _csr_file_bytes(tmp_path)
    assert struct.unpack_from('<Ii', data, 24) == (0xF993FAC9, 2)
    assert struct.unpack_from('<iq', data, 32) == (1, 3)
    assert struct.unpack_from('<iqq', data, 44) == (2, 2, 3)
    assert struct.unpack_from('<iiii', data, 64) == (1, 0, 0, 6)
    assert struct.unpack_from('<3f', data, 108) == (1.0, 2.0, 3.0)
    assert struct.unpack_from('<3q', data, 120) == (0, 1, 3)
    assert struct.unpack_from('<3q', data, 144) == (1, 0, 2)


def test_a_storage_shape_written_before_it_was_final_still_loads(tmp_path):
    # MXNet can save a csr array whose conversion is still running: its storage shape says (0,)
    data = bytearray(_csr_file_bytes(tmp_path))
    struct.pack_into('<q', data, 36, 0)
    loaded = nd.load_frombuffer(bytes(data))[0]
    np.testing.assert_array_equal(loaded.asnumpy(), [[0, 1, 0], [2, 0, 3]])


@pytest.mark.parametrize('offset,fmt,value,message', [
    (84, '<q', 5, 'not a valid csr record'),             # indptr of the wrong length
    (76, '<i', 0, 'index type'),                          # float indptr
    (152, '<q', 7, 'out of range'),                       # a column index past the matrix
    (136, '<q', 2, 'indptr'),                             # indptr does not end at the number of values
    (72, '<i', 99, 'unknown dtype flag 99'),
    (64, '<i', 9, 'unknown device type 9'),
])
def test_corrupted_sparse_records_are_named(tmp_path, offset, fmt, value, message):
    data = bytearray(_csr_file_bytes(tmp_path))
    struct.pack_into(fmt, data, offset, value)
    with pytest.raises(MXNetError, match=message):
        nd.load_frombuffer(bytes(data))


def test_a_truncated_sparse_file_is_an_error_naming_it(tmp_path):
    data = _csr_file_bytes(tmp_path)
    path = str(tmp_path / 'cut.nd')
    with open(path, 'wb') as f:
        f.write(data[:130])
    with pytest.raises(MXNetError, match='cut.nd.*truncated'):
        nd.load(path)


def test_sparse_arrays_cannot_be_saved_in_numpy_shape_semantics_and_nothing_is_written(tmp_path):
    path = str(tmp_path / 'x.nd')
    nd.save(path, [nd.ones(2)])
    before = open(path, 'rb').read()
    with mx.np_shape(True):
        with pytest.raises(MXNetError, match='default storage type in np shape semantics'):
            nd.save(path, [nd.ones(2), nd.sparse.zeros('row_sparse', (2, 2))])
    assert open(path, 'rb').read() == before


def test_pickle_keeps_storage_type_parts_and_dtype():
    c = nd.sparse.csr_matrix(([1, 2], [2, 0], [0, 1, 2]), shape=(2, 3), dtype='int32')
    r = nd.sparse.row_sparse_array(([[1., 2]], [3]), shape=(4, 2), dtype='float64')
    for x in (c, r):
        y = pickle.loads(pickle.dumps(x))
        assert type(y) is type(x) and y.dtype == x.dtype and y.shape == x.shape
        np.testing.assert_array_equal(y.asnumpy(), x.asnumpy())
        np.testing.assert_array_equal(y.indices.asnumpy(), x.indices.asnumpy())


# ---- operators against numpy ----------------------------------------------------------------------------
@pytest.mark.parametrize('seed', [0, 1])
def test_dot_of_random_matrices(seed):
    rng = np.random.default_rng(seed)
    a, csr = _random_csr(rng, (30, 20), 0.1)
    d = rng.standard_normal((20, 7)).astype('float32')
    e = rng.standard_normal((30, 5)).astype('float32')
    f = rng.standard_normal((11, 30)).astype('float32')
    out = nd.sparse.dot(csr, nd.array(d))
    assert out.stype == 'default'
    np.testing.assert_allclose(out.asnumpy(), a @ d, rtol=1e-5, atol=1e-5)
    out = nd.sparse.dot(csr, nd.array(e), transpose_a=True)
    assert isinstance(out, RowSparseNDArray)
    np.testing.assert_allclose(out.asnumpy(), a.T @ e, rtol=1e-5, atol=1e-5)
    assert out.indices.asnumpy().tolist() == sorted(set(np.nonzero(a)[1].tolist()))
    out = nd.sparse.dot(nd.array(f), csr)
    assert isinstance(out, CSRNDArray)
    np.testing.assert_allclose(out.asnumpy(), f @ a, rtol=1e-5, atol=1e-5)
    cols = sorted(set(np.nonzero(a)[1].tolist()))
    assert out.indptr.asnumpy().tolist() == [i * len(cols) for i in range(12)]
    assert out.indices.asnumpy().tolist() == cols * 11


def test_dot_of_float64_and_int_csr():
    rng = np.random.default_rng(5)
    a, csr = _random_csr(rng, (6, 5), 0.4, 'float64')
    d = rng.standard_normal((5, 3))
    np.testing.assert_allclose(nd.sparse.dot(csr, nd.array(d, dtype='float64')).asnumpy(), a @ d)
    ai, ci = _random_csr(rng, (6, 5), 0.4, 'int32')
    di = np.arange(15, dtype='int32').reshape((5, 3))
    out = nd.sparse.dot(ci, nd.array(di, dtype='int32'))
    assert out.dtype == np.int32
    np.testing.assert_array_equal(out.asnumpy(), ai @ di)


def test_elemwise_of_random_arrays():
    rng = np.random.default_rng(7)
    a, ca = _random_csr(rng, (8, 6), 0.3)
    b, cb = _random_csr(rng, (8, 6), 0.3)
    x, ra = _random_rsp(rng, (8, 6), 3)
    y, rb = _random_rsp(rng, (8, 6), 4)
    for got, want, stype in [(ca + cb, a + b, 'csr'), (ca - cb, a - b, 'csr'), (ca * cb, a * b, 'csr'),
                             (ra + rb, x + y, 'row_sparse'), (ra * rb, x * y, 'row_sparse'),
                             (nd.sparse.multiply(ca, nd.array(b)), a * b, 'csr'),
                             (nd.sparse.multiply(nd.array(y), ra), x * y, 'row_sparse'),
                             (ca + nd.array(b), a + b, 'default'), (ca + ra, a + x, 'default'),
                             (ca * 3, a * 3, 'csr'), (ra / 2, x / 2, 'row_sparse')]:
        assert got.stype == stype
        np.testing.assert_allclose(got.asnumpy(), want, rtol=1e-6)
    stored = set(ra.indices.asnumpy().tolist()) | set(rb.indices.asnumpy().tolist())
    assert (ra - rb).indices.asnumpy().tolist() == sorted(stored)


def test_retain_keeps_the_rows_asked_for():
    x, r = _random_rsp(np.random.default_rng(2), (9, 3), 5)
    want = np.array([8, 0, 4, 5])
    out = nd.sparse.retain(r, nd.array(want))
    assert out.indices.asnumpy().tolist() == want.tolist()
    np.testing.assert_array_equal(out.data.asnumpy(), x[want])
    np.testing.assert_array_equal(r.retain(nd.array(want)).asnumpy(), out.asnumpy())


def test_table_operators_fall_back_to_the_dense_values():
    rng = np.random.default_rng(4)
    a, c = _random_csr(rng, (5, 4), 0.5)
    out = nd.exp(c)
    assert type(out) is nd.NDArray and out.stype == 'default'
    np.testing.assert_allclose(out.asnumpy(), np.exp(a), rtol=1e-6)
    np.testing.assert_allclose(c.sum(axis=1).asnumpy(), a.sum(1), rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(nd.dot(c, nd.ones((4, 2))).asnumpy(), a @ np.ones((4, 2)), rtol=1e-5, atol=1e-6)
    # the arrays stay what they are
    assert type(c) is CSRNDArray and isinstance(c, nd.NDArray) and isinstance(c, nd.sparse.BaseSparseNDArray)


def test_csr_row_slices_of_a_random_matrix():
    a, c = _random_csr(np.random.default_rng(9), (10, 4), 0.4)
    for key in (slice(2, 7), slice(None, 3), slice(8, None), 4, -1, slice(5, 2)):
        part = c[key]
        want = a[key] if not isinstance(key, int) else a[key:key + 1 if key != -1 else None]
        assert isinstance(part, CSRNDArray)
        np.testing.assert_array_equal(part.asnumpy(), want.reshape((-1, 4)))


def test_asscipy_and_scipy_input():
    spsp = pytest.importorskip('scipy.sparse')
    a, c = _random_csr(np.random.default_rng(6), (7, 5), 0.3)
    s = c.asscipy()
    assert isinstance(s, spsp.csr_matrix) and s.dtype == np.float32
    np.testing.assert_array_equal(s.toarray(), a)
    back = nd.sparse.csr_matrix(s)
    np.testing.assert_array_equal(back.asnumpy(), a)
    assert back.indptr.asnumpy().tolist() == c.indptr.asnumpy().tolist()
    np.testing.assert_array_equal(nd.sparse.array(spsp.csr_matrix(a.astype('float64'))).asnumpy(), a)


# ---- errors users match on, and state left intact -------------------------------------------------------
@pytest.mark.parametrize('call,kind,words', [
    (lambda: nd.ones((2, 2)).tostype('dense'), MXNetError, "Invalid Input: 'dense'"),
    (lambda: nd.ones((2, 2, 2)).tostype('csr'), ValueError, 'should be 2 Dimensional'),
    (lambda: nd.ones((2, 2)).tostype('csr').tostype('row_sparse'), ValueError,
     'cast_storage from csr to row_sparse is not supported'),
    (lambda: nd.ones((2, 2)).tostype('row_sparse').tostype('csr'), ValueError,
     'cast_storage from row_sparse to csr is not supported'),
    (lambda: nd.ones((4, 2)).tostype('csr')[::2], ValueError, 'only supports continuous slicing on axis 0'),
    (lambda: nd.ones((4, 2)).tostype('row_sparse')[1:2], Exception, r'only supports \[:\] for __getitem__'),
    (lambda: nd.sparse.dot(nd.ones((2, 3)).tostype('csr'), nd.ones((2, 2))), MXNetError,
     r'dot shape error: \[2,3\] X \[2,2\]'),
    (lambda: nd.sparse.dot(nd.ones((2, 3)).tostype('csr'), nd.ones(3)), MXNetError,
     'sparse dot only supports 2 dimensional rhs'),
    (lambda: nd.sparse.dot(nd.ones((2, 3)).tostype('csr'), nd.ones((3, 2)), forward_stype='x'), MXNetError,
     "Invalid Input: 'x'"),
    (lambda: nd.sparse.retain(nd.ones((2, 2)), nd.array([0])), MXNetError, 'row_sparse'),
    (lambda: nd.sparse.array(np.ones(2)), ValueError, 'Please use mx.nd.array'),
    (lambda: nd.sparse.zeros('dense', (2, 2)), ValueError, 'unknown storage type'),
    (lambda: nd.sparse.add(1, 2), TypeError, 'at least one argument must be an NDArray'),
])
def test_bad_input_is_refused_with_mxnets_words(call, kind, words):
    with pytest.raises(kind, match=words):
        call()


def test_size_is_refused_as_in_mxnet():
    with pytest.raises(NotImplementedError):
        nd.ones((2, 2)).tostype('csr').size


def test_a_refused_copy_leaves_the_target_intact():
    target = nd.sparse.row_sparse_array(([[1., 2]], [1]), shape=(3, 2))
    source = nd.ones((4, 2)).tostype('row_sparse')
    with pytest.raises(MXNetError, match='shape mismatch'):
        source.copyto(target)
    assert target.indices.asnumpy().tolist() == [1]
    np.testing.assert_array_equal(target.asnumpy(), [[0, 0], [1, 2], [0, 0]])
    with pytest.raises(TypeError, match='stype'):
        nd.ones((3, 2)).tostype('csr').copyto(target)
    np.testing.assert_array_equal(target.asnumpy(), [[0, 0], [1, 2], [0, 0]])


def test_sparse_arrays_live_where_they_were_made():
    c = nd.sparse.zeros('csr', (2, 2), ctx=mx.cpu(1))
    assert c.context == mx.cpu(1) and c.copy().context == mx.cpu(1)
    assert c.tostype('default').context == mx.cpu(1)
    if torch.cuda.is_available():
        g = nd.ones((3, 3)).tostype('csr').copyto(mx.gpu(0))
        assert g.context == mx.gpu(0) and g.data.context == mx.gpu(0)
        np.testing.assert_array_equal(nd.sparse.dot(g, nd.ones((3, 2), ctx=mx.gpu(0))).asnumpy(), 3 * np.ones((3, 2)))


# ---- lazy updates ------------------------------------------------------------------------------------------
def test_lazy_sgd_touches_only_the_stored_rows():
    rng = np.random.default_rng(11)
    w0 = rng.standard_normal((1000, 8)).astype('float32')
    rows = np.array([3, 500, 999])
    g = rng.standard_normal((3, 8)).astype('float32')
    w = nd.array(w0)
    grad = nd.sparse.row_sparse_array((g, rows), shape=(1000, 8))
    nd.sparse.sgd_update(w, grad, lr=0.1, wd=0.01, out=w)
    want = w0.copy()
    want[rows] -= 0.1 * (g + 0.01 * w0[rows])
    np.testing.assert_allclose(w.asnumpy(), want, rtol=1e-6)
    untouched = np.setdiff1d(np.arange(1000), rows)
    np.testing.assert_array_equal(w.asnumpy()[untouched], w0[untouched])
    # not lazy: weight decay reaches every row, as the dense update
    w2 = nd.array(w0)
    nd.sparse.sgd_update(w2, grad, lr=0.1, wd=0.01, lazy_update=False, out=w2)
    np.testing.assert_allclose(w2.asnumpy(), w0 - 0.1 * (grad.asnumpy() + 0.01 * w0), rtol=1e-5, atol=1e-6)


def test_a_lazy_update_needs_out_weight_and_leaves_state_intact():
    w = nd.ones((4, 2))
    grad = nd.sparse.row_sparse_array(([[1., 1]], [2]), shape=(4, 2))
    with pytest.raises(MXNetError, match='kWriteInplace is expected for sparse sgd_update'):
        nd.sparse.sgd_update(w, grad, lr=0.1)
    mom = nd.zeros((3, 2))
    with pytest.raises(MXNetError, match='shape'):
        nd.sparse.sgd_mom_update(w, grad, mom, lr=0.1, momentum=0.9, out=w)
    np.testing.assert_array_equal(w.asnumpy(), np.ones((4, 2)))
    np.testing.assert_array_equal(mom.asnumpy(), np.zeros((3, 2)))


def test_fully_connected_takes_a_row_sparse_bias_of_shape_num_hidden_by_one():
    # MXNet's test_sparse_fc: weight and a (num_hidden, 1) bias in row_sparse storage
    rng = np.random.RandomState(3)
    x, w, b = rng.randn(5, 10), rng.randn(8, 10), rng.randn(8, 1)
    out = nd.sparse.FullyConnected(nd.array(x).tostype('csr'), nd.array(w).tostype('row_sparse'), num_hidden=8,
                                   bias=nd.array(b).tostype('row_sparse'))
    np.testing.assert_allclose(out.asnumpy(), x @ w.T + b.reshape(-1), rtol=1e-4, atol=1e-5)
    with pytest.raises(mx.base.MXNetError, match='unexpected shape for bias'):
        nd.FullyConnected(nd.array(x), nd.array(w), nd.ones((2, 4)), num_hidden=8)
