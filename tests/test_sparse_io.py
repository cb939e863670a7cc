"""Sparse input and sparse training beyond the golden cases (tests/golden/sparse_io_cases.py): the storage
types of NDArrayIter's csr batches, LibSVMIter's refusals that MXNet does not make (it crashes), the
differentiable csr x dense dot, and Embedding(sparse_grad=True) training exactly as the dense Embedding."""
import numpy as np
import pytest

import mxtorch as mx
from mxtorch import autograd, gluon, nd
from mxtorch.base import MXNetError


def _write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text)
    return str(path)


# ---- NDArrayIter over csr ------------------------------------------------------------------------------
def test_ndarrayiter_csr_batches_are_csr():
    dense = (np.arange(40).reshape(10, 4) % 3).astype(np.float32)
    it = mx.io.NDArrayIter({'c': nd.array(dense).tostype('csr'), 'd': dense}, nd.array(dense).tostype('csr'),
                           batch_size=3, last_batch_handle='discard')
    batches = list(it)
    assert len(batches) == 3
    for i, b in enumerate(batches):
        c, d = b.data
        assert c.stype == 'csr' and d.stype == 'default' and b.label[0].stype == 'csr'
        c.check_format(True)
        np.testing.assert_array_equal(c.asnumpy(), dense[3 * i:3 * i + 3])
        np.testing.assert_array_equal(d.asnumpy(), dense[3 * i:3 * i + 3])


def test_ndarrayiter_csr_shuffle_keeps_rows_together():
    np.random.seed(1)
    dense = np.arange(1, 29, dtype=np.float32).reshape(7, 4)
    dense[dense % 3 == 0] = 0
    it = mx.io.NDArrayIter(nd.array(dense).tostype('csr'), nd.arange(7), batch_size=2, shuffle=True,
                           last_batch_handle='discard')
    for _ in range(3):
        seen = []
        for b in it:
            assert b.data[0].stype == 'csr'
            b.data[0].check_format(True)
            rows = b.label[0].asnumpy().astype(int)
            np.testing.assert_array_equal(b.data[0].asnumpy(), dense[rows])
            seen.extend(rows.tolist())
        assert len(seen) == 6 and len(set(seen)) == 6
        it.reset()


def test_ndarrayiter_csr_needs_discard():
    csr = nd.array(np.eye(4)).tostype('csr')
    for handle in ('pad', 'roll_over'):
        with pytest.raises(NotImplementedError, match='discard'):
            mx.io.NDArrayIter(csr, np.ones(4), 2, last_batch_handle=handle)


# ---- LibSVMIter -----------------------------------------------------------------------------------------
def test_libsvm_index_past_data_shape_is_refused(tmp_path):
    # MXNet 1.9.1 writes past its buffer here (and may crash); mxtorch names the line and the index
    path = _write(tmp_path, 'a.t', '1 0:1 2:2\n0 5:1\n')
    with pytest.raises(MXNetError, match=r'line 2: feature index 5 is outside data_shape \(3 columns\)'):
        mx.io.LibSVMIter(data_libsvm=path, data_shape=(3,), batch_size=1)


def test_libsvm_bad_tokens_name_the_line(tmp_path):
    path = _write(tmp_path, 'a.t', '1 0:1\n0 1:x\n')
    with pytest.raises(MXNetError, match="line 2: '1:x' is not an index:value pair"):
        mx.io.LibSVMIter(data_libsvm=path, data_shape=(3,), batch_size=1)
    path = _write(tmp_path, 'b.t', '1 0:1\n1,2 1:1\n')
    with pytest.raises(MXNetError, match="line 2: the label '1,2' is not a number"):
        mx.io.LibSVMIter(data_libsvm=path, data_shape=(3,), batch_size=1)
    path = _write(tmp_path, 'c.t', '1 0:1\n0 -1:1\n')
    with pytest.raises(MXNetError, match='line 2: feature index -1 is negative'):
        mx.io.LibSVMIter(data_libsvm=path, data_shape=(3,), batch_size=1)


def test_libsvm_parts_cover_the_file_once(tmp_path):
    rng = np.random.RandomState(2)
    lines = ['{} {}'.format(i, ' '.join('{}:{}'.format(c, 1 + c) for c in sorted(rng.choice(20, rng.randint(0, 6),
                                                                                             replace=False))))
             for i in range(57)]
    path = _write(tmp_path, 'p.t', '\n'.join(lines) + '\n')
    for parts in (1, 2, 3, 7, 60):
        labels = []
        for k in range(parts):
            try:
                it = mx.io.LibSVMIter(data_libsvm=path, data_shape=(20,), batch_size=1, num_parts=parts,
                                      part_index=k)
            except StopIteration:     # an empty part has no first batch
                continue
            labels.extend(int(b.label[0].asscalar()) for b in it)
        assert labels == list(range(57)), parts


def test_libsvm_csr_batches_are_well_formed(tmp_path):
    path = _write(tmp_path, 'u.t', '1 3:1 0:2 3:5\n2\n3 1:1 2:0.5\n')
    it = mx.io.LibSVMIter(data_libsvm=path, data_shape=(4,), batch_size=2)
    for b in it:
        b.data[0].check_format(True)
    first = mx.io.LibSVMIter(data_libsvm=path, data_shape=(4,), batch_size=2).next().data[0]
    np.testing.assert_array_equal(first.indices.asnumpy(), [0, 3])     # sorted, the repeated column's last value
    np.testing.assert_array_equal(first.data.asnumpy(), [2, 5])


# ---- sparse training --------------------------------------------------------------------------------------
def test_csr_dense_dot_gradient_is_csr_transpose_times_head():
    rng = np.random.RandomState(0)
    a = rng.rand(5, 7) * (rng.rand(5, 7) < 0.3)
    w = nd.array(rng.rand(7, 3))
    head = nd.array(rng.rand(5, 3))
    w.attach_grad()
    with autograd.record():
        out = nd.sparse.dot(nd.array(a).tostype('csr'), w)
    out.backward(head)
    np.testing.assert_allclose(out.asnumpy(), a @ w.asnumpy(), rtol=1e-5)
    np.testing.assert_allclose(w.grad.asnumpy(), a.T @ head.asnumpy(), rtol=1e-5, atol=1e-6)


def test_csr_dense_dot_row_sparse_gradient_holds_the_used_columns():
    a = np.zeros((3, 6), dtype=np.float32)
    a[0, 4], a[2, 1], a[2, 4] = 1, 2, 3
    w = gluon.Parameter('w', shape=(6, 2), init=mx.init.One(), grad_stype='row_sparse')
    w.initialize()
    with autograd.record():
        loss = nd.sparse.dot(nd.array(a).tostype('csr'), w.data()).sum()
    loss.backward()
    g = w.grad()
    assert g.stype == 'row_sparse'
    np.testing.assert_array_equal(g.indices.asnumpy(), [1, 4])
    np.testing.assert_allclose(g.data.asnumpy(), [[2, 2], [4, 4]])


def _train_embedding(sparse_grad, optimizer, params):
    mx.random.seed(7)
    np.random.seed(7)
    net = gluon.nn.HybridSequential()
    with net.name_scope():
        net.add(gluon.nn.Embedding(50, 8, sparse_grad=sparse_grad))
        net.add(gluon.nn.Dense(1, flatten=True))
    net.initialize(mx.init.Uniform(0.1))
    trainer = gluon.Trainer(net.collect_params(), optimizer, params)
    rng = np.random.RandomState(3)
    tokens = rng.randint(0, 50, size=(40, 5))
    target = (tokens % 7 == 0).sum(1, keepdims=True).astype(np.float32)
    loss_fn = gluon.loss.L2Loss()
    losses = []
    for step in range(12):
        idx = slice(step % 4 * 10, step % 4 * 10 + 10)
        x, y = nd.array(tokens[idx]), nd.array(target[idx])
        with autograd.record():
            loss = loss_fn(net(x), y)
        loss.backward()
        trainer.step(10)
        losses.append(float(loss.mean().asscalar()))
    return losses, net[0].weight.data().asnumpy(), net[0].weight.grad().stype


@pytest.mark.parametrize('optimizer, params', [
    ('sgd', {'learning_rate': 0.5}),
    ('adagrad', {'learning_rate': 0.3}),
])
def test_embedding_sparse_grad_trains_as_the_dense_one(optimizer, params):
    # without momentum or weight decay a lazy update of the touched rows is the dense update (the other rows'
    # gradient is zero), so the two trainings are the same computation
    dense, w_dense, st_dense = _train_embedding(False, optimizer, params)
    sparse, w_sparse, st_sparse = _train_embedding(True, optimizer, params)
    assert st_dense == 'default' and st_sparse == 'row_sparse'
    np.testing.assert_allclose(sparse, dense, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(w_sparse, w_dense, rtol=1e-5, atol=1e-6)
    assert dense[-1] < dense[0]


def test_embedding_sparse_grad_lazy_momentum_leaves_untouched_rows():
    # with momentum, the lazy update moves only the rows of the batch: a row used once and never again
    # keeps its value after its own step, where the dense update goes on moving it
    net = gluon.nn.Embedding(10, 2, sparse_grad=True)
    net.initialize(mx.init.One())
    trainer = gluon.Trainer(net.collect_params(), 'sgd', {'learning_rate': 0.1, 'momentum': 0.9})
    for step, row in enumerate([3, 5, 5]):
        with autograd.record():
            out = net(nd.array([row])).sum()
        out.backward()
        trainer.step(1)
        if step == 0:
            after_first = net.weight.data().asnumpy()[3].copy()
    w = net.weight.data().asnumpy()
    np.testing.assert_allclose(w[3], after_first)
    np.testing.assert_allclose(after_first, [0.9, 0.9], rtol=1e-6)
    np.testing.assert_allclose(w[[0, 1, 2, 4, 6, 7, 8, 9]], 1.0)


# ---- sparse gradient buffers and sparse variables ---------------------------------------------------------
def test_attach_grad_with_sparse_stype():
    x = nd.ones((4, 2))
    x.attach_grad(stype='row_sparse')
    assert type(x.grad).__name__ == 'RowSparseNDArray' and x.grad.indices.shape == (0,)
    with autograd.record():
        y = (x[1:3] * 2).sum()
    y.backward()
    np.testing.assert_array_equal(x.grad.indices.asnumpy(), [1, 2])
    np.testing.assert_allclose(x.grad.asnumpy(), [[0, 0], [2, 2], [2, 2], [0, 0]])
    c = nd.ones((3, 2))
    c.attach_grad(stype='csr')
    with autograd.record():
        (c * 3).sum().backward()
    assert c.grad.stype == 'csr'
    np.testing.assert_allclose(c.grad.asnumpy(), np.full((3, 2), 3.0))
    with pytest.raises(ValueError, match='unknown storage type'):
        nd.ones((2, 2)).attach_grad(stype='foo')


@pytest.mark.parametrize('stype', ['csr', 'row_sparse'])
def test_sparse_array_as_variable(stype):
    x = nd.array([[0, 1.5], [2, 0], [0, 0]]).tostype(stype)
    x.attach_grad()
    assert x.grad.stype == stype and x.detach().stype == stype
    with autograd.record():
        y = nd.exp(x) * 2 + x / 4
    y.backward()
    dense = x.asnumpy()
    np.testing.assert_allclose(x.grad.asnumpy(), 2 * np.exp(dense) + 0.25, rtol=1e-6)


@pytest.mark.parametrize('draw', [nd.random.uniform, nd.random.normal, nd.random.gamma])
def test_random_into_sparse_out_keeps_storage(draw):
    dense, rsp = nd.zeros((6, 5)), nd.zeros((6, 5), stype='row_sparse')
    mx.random.seed(4)
    draw(shape=(6, 5), out=dense)
    mx.random.seed(4)
    draw(shape=(6, 5), out=rsp)
    assert rsp.stype == 'row_sparse'
    np.testing.assert_array_equal(rsp.asnumpy(), dense.asnumpy())


# ---- Embedding's sparse gradient refusals (MXNet raises them in backward) -----------------------------------
def _embed_backward(weight, sparse_grad):
    with autograd.record():
        y = nd.Embedding(nd.array([1, 3]), weight, input_dim=10, output_dim=2, sparse_grad=sparse_grad).sum()
    y.backward()


def test_embedding_sparse_grad_needs_a_row_sparse_buffer():
    w = nd.ones((10, 2))
    w.attach_grad()
    with pytest.raises(MXNetError, match='Cannot use sparse_grad = 1, while stype of gradients w.r.t embedding '
                                         'weight is default'):
        _embed_backward(w, True)
    w.attach_grad(stype='row_sparse')
    with pytest.raises(MXNetError, match='Cannot use sparse_grad = 0, while stype of gradients w.r.t embedding '
                                         'weight is row_sparse'):
        _embed_backward(w, False)
    _embed_backward(w, True)
    np.testing.assert_array_equal(w.grad.indices.asnumpy(), [1, 3])


def test_embedding_sparse_grad_refuses_grad_req_add():
    e = gluon.nn.Embedding(10, 2, sparse_grad=True)
    e.initialize()
    e.collect_params().setattr('grad_req', 'add')
    with pytest.raises(MXNetError, match="SparseEmbedding layer doesn't support weight gradient calculation with "
                                         'req != write'):
        with autograd.record():
            y = e(nd.array([1, 3])).sum()
        y.backward()


def test_row_sparse_grad_req_add_accumulates():
    w = gluon.Parameter('w', shape=(5, 2), init=mx.init.One(), grad_stype='row_sparse', grad_req='add')
    w.initialize()
    x = nd.array([[0, 1, 0, 0, 0], [0, 0, 0, 2, 0]]).tostype('csr')
    for _ in range(2):
        with autograd.record():
            y = nd.sparse.dot(x, w.data()).sum()
        y.backward()
    np.testing.assert_array_equal(w.grad().indices.asnumpy(), [1, 3])
    np.testing.assert_allclose(w.grad().data.asnumpy(), [[2, 2], [4, 4]])
