"""Indexing and sequence operators against mathematics: finite-difference gradients, numpy indexing, bad
input. MXNet's own answers are pinned in golden/index_ops_cases.py."""
import numpy as np
import pytest

import mxtorch as mx
from mxtorch import nd
from numgrad import check_gradient

rng = np.random.RandomState(7)


def test_take_matches_numpy_fancy_indexing():
    data = rng.randn(4, 3, 5)
    idx = rng.randint(0, 4, size=(2, 3))
    np.testing.assert_allclose(nd.take(nd.array(data), nd.array(idx)).asnumpy(), data[idx].astype(np.float32))
    idx1 = rng.randint(0, 5, size=(3,))
    np.testing.assert_allclose(nd.take(nd.array(data), nd.array(idx1), axis=-1).asnumpy(),
                               data[:, :, idx1].astype(np.float32))


def test_indexing_gradients():
    a = rng.randn(3, 4)
    check_gradient(lambda a: nd.take(a, nd.array([[2, 0], [2, 2]])), a)
    check_gradient(lambda a: nd.take(a, nd.array([5, -3, 1]), axis=1, mode='wrap'), a)
    check_gradient(lambda a: nd.pick(a, nd.array([3, 0, 9])), a)
    check_gradient(lambda a: nd.pick(a, nd.array([1, 0, 2, 2]), axis=0, keepdims=True), a)
    check_gradient(lambda a: nd.gather_nd(a, nd.array([[1, 1, 0], [3, 3, -1]])), a)
    check_gradient(lambda d: nd.scatter_nd(d, nd.array([[0, 2], [1, 3]]), shape=(3, 4)), rng.randn(2))
    check_gradient(lambda a: nd.batch_take(a, nd.array([3, 0, 1], dtype='int32')), a)
    check_gradient(lambda x, y: nd.where(nd.array([[1, 0, 0, 2]] * 3), x, y), a, rng.randn(3, 4))
    check_gradient(lambda x, y: nd.where(nd.array([0, 1, 1]), x, y), a, rng.randn(3, 4))
    check_gradient(lambda a: nd.contrib.boolean_mask(a, nd.array([1, 0, 1])), a)
    check_gradient(lambda a, b: nd.contrib.index_copy(a, nd.array([2, 0]), b), a, rng.randn(2, 4))
    check_gradient(lambda a, v: nd.fill_element_0index(a, v, nd.array([1, 7, 3])), a, rng.randn(3))
    check_gradient(lambda a: nd.choose_element_0index(a, nd.array([1, 0, 3])), a)


def test_sequence_gradients():
    x = rng.randn(4, 3, 2)
    lengths = nd.array([2, 4, 1])
    check_gradient(lambda x: nd.SequenceMask(x, lengths, use_sequence_length=True, value=3), x)
    check_gradient(lambda x: nd.SequenceMask(x.transpose((1, 0, 2)), lengths, use_sequence_length=True, axis=1), x)
    check_gradient(lambda x: nd.SequenceLast(x, lengths, use_sequence_length=True), x)
    check_gradient(lambda x: nd.SequenceLast(x.transpose((1, 0, 2)), lengths, use_sequence_length=True, axis=1), x)
    check_gradient(lambda x: nd.SequenceReverse(x, lengths, use_sequence_length=True), x)


def test_sequence_reverse_matches_python():
    x = rng.randn(5, 3, 2)
    lengths = [3, 5, 0]
    got = nd.SequenceReverse(nd.array(x), nd.array(lengths), use_sequence_length=True).asnumpy()
    want = x.copy()
    for b, n in enumerate(lengths):
        want[:n, b] = x[:n, b][::-1]
    np.testing.assert_allclose(got, want.astype(np.float32))


def test_bad_input_raises_and_leaves_input_alone():
    a = nd.array([[1., 2], [3, 4]])
    with pytest.raises(mx.MXNetError, match=r'take.*out of bounds'):
        nd.take(a, nd.array([0, 2]), mode='raise')
    with pytest.raises(mx.MXNetError, match=r'pick.*\(3,\).*\(2, 2\)'):
        nd.pick(a, nd.array([0, 1, 0]))
    with pytest.raises(mx.MXNetError, match=r'where.*\(3,\)'):
        nd.where(nd.array([1, 0, 1]), a, a)
    with pytest.raises(mx.MXNetError, match=r'SequenceMask.*\(3,\)'):
        nd.SequenceMask(a, nd.array([1, 2, 3]), use_sequence_length=True)
    with pytest.raises(IndexError):
        nd.gather_nd(a, nd.array([[2], [0]]))
    np.testing.assert_array_equal(a.asnumpy(), [[1, 2], [3, 4]])


def test_index_outputs_are_fresh_memory():
    a = nd.array([[1., 2], [3, 4]])
    for out in (nd.take(a, nd.array([0, 1])), nd.SequenceMask(a), nd.SequenceReverse(a),
                nd.contrib.boolean_mask(a, nd.array([1, 1]))):
        out[:] = 0
    np.testing.assert_array_equal(a.asnumpy(), [[1, 2], [3, 4]])


@pytest.mark.parametrize('key', [np.s_[::-1], np.s_[:, ::-2], np.s_[1, ::-1, 2], np.s_[..., ::-3],
                                 np.s_[None, ::-1, ..., 3:0:-1], np.s_[5:0:-1], np.s_[::-1, None, 1:2, ::-2],
                                 np.s_[0:3:-1], np.s_[-1:-5:-2, ..., None], np.s_[1, 2, 3, ::-1]])
def test_negative_steps_read_and_write_like_numpy_with_a_flip_and_no_host_index(key):
    from torch.utils._python_dispatch import TorchDispatchMode

    class Log(TorchDispatchMode):
        ops = []

        def __torch_dispatch__(self, func, types, args=(), kwargs=None):
            self.ops.append(str(func))
            return func(*args, **(kwargs or {}))
    base = np.arange(120, dtype=np.float32).reshape(2, 3, 4, 5)
    x = nd.array(base)
    with Log() as log:
        got = x[key]
    want = base[key]
    np.testing.assert_array_equal(got.asnumpy(), want.reshape(1) if want.ndim == 0 else want)
    # an index built with numpy on the host is a tensor made from data (lift_fresh) and an index kernel
    assert 'aten.lift_fresh.default' not in log.ops and 'aten.index.Tensor' not in log.ops, log.ops
    value = rng.rand(*want.shape).astype(np.float32)
    y, expected = nd.array(base), base.copy()
    y[key] = nd.array(value) if value.ndim else float(value)
    expected[key] = value
    np.testing.assert_array_equal(y.asnumpy(), expected)
    y[key] = 7.5
    expected[key] = 7.5
    np.testing.assert_array_equal(y.asnumpy(), expected)


def test_negative_steps_mixed_with_an_index_array_still_work():
    base = np.arange(24, dtype=np.float32).reshape(4, 6)
    x = nd.array(base)
    np.testing.assert_array_equal(x[[0, 2], ::-2].asnumpy(), base[[0, 2], ::-2])
    x[[1, 3], ::-3] = 0
    base[[1, 3], ::-3] = 0
    np.testing.assert_array_equal(x.asnumpy(), base)
