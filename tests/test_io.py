"""mx.io beyond the golden cases: bad input, the iterator protocol, PrefetchingIter and ResizeIter."""
import numpy as np
import pytest

import mxtorch as mx
import mxtorch.io as mio
from mxtorch import nd


def test_ndarrayiter_bad_input():
    with pytest.raises(ValueError, match='last_batch_handle'):
        mio.NDArrayIter(np.ones((4, 2)), batch_size=2, last_batch_handle='keep')
    with pytest.raises(ValueError, match='batch_size'):
        mio.NDArrayIter(np.ones((4, 2)), batch_size=0)
    with pytest.raises(ValueError, match='examples'):
        mio.NDArrayIter(np.ones((4, 2)), np.ones(3), batch_size=2)
    # MXNet asserts here: AssertionError, also under python -O
    with pytest.raises(AssertionError, match='data must be given'):
        mio.NDArrayIter(None, batch_size=2)
    with pytest.raises(AssertionError, match='at least one array'):
        mio.NDArrayIter([], batch_size=2)
    with pytest.raises(TypeError, match='Invalid type'):
        mio.NDArrayIter({'x': object()}, batch_size=2)


def test_ndarrayiter_covers_every_example_once_per_epoch():
    data = np.arange(23)
    it = mio.NDArrayIter(data, batch_size=5, shuffle=True, last_batch_handle='pad')
    for _ in range(3):
        batches = list(it)
        assert len(batches) == 5
        seen = np.concatenate([b.data[0].asnumpy()[:5 - b.pad] for b in batches])
        assert sorted(seen.tolist()) == list(range(23))
        it.reset()


def test_ndarrayiter_roll_over_carries_examples():
    it = mio.NDArrayIter(np.arange(10), batch_size=4, last_batch_handle='roll_over')
    first = [b.data[0].asnumpy().tolist() for b in it]
    it.reset()
    second = [b.data[0].asnumpy().tolist() for b in it]
    assert first == [[0, 1, 2, 3], [4, 5, 6, 7]]
    assert second[0] == [8, 9, 0, 1]
    it.hard_reset()
    assert next(it).data[0].asnumpy().tolist() == [0, 1, 2, 3]


def test_ndarrayiter_keeps_ndarray_dtype_and_context():
    it = mio.NDArrayIter(nd.arange(6, dtype='int32'), nd.arange(6), batch_size=3)
    b = next(it)
    assert b.data[0].dtype == np.int32 and b.label[0].dtype == np.float32
    assert it.provide_data[0].dtype == np.int32
    assert b.data[0].context == mx.cpu()


def test_dataiter_protocol():
    class Counter(mio.DataIter):
        def __init__(self):
            super().__init__(batch_size=2)
            self.i = 0

        def iter_next(self):
            self.i += 1
            return self.i <= 3

        def getdata(self):
            return [nd.full((2,), self.i)]

        def getlabel(self):
            return None

        def getpad(self):
            return 0

    batches = list(Counter())
    assert [b.data[0].asnumpy().tolist() for b in batches] == [[1, 1], [2, 2], [3, 3]]
    assert batches[0].label is None and batches[0].pad == 0 and batches[0].index is None


def test_prefetching_iter_reset_and_errors():
    a = mio.NDArrayIter(np.arange(6), batch_size=2)
    it = mio.PrefetchingIter(a)
    assert [b.data[0].asnumpy().tolist() for b in it] == [[0, 1], [2, 3], [4, 5]]
    it.reset()
    assert next(it).data[0].asnumpy().tolist() == [0, 1]
    mismatched = mio.PrefetchingIter([mio.NDArrayIter(np.arange(4), batch_size=2),
                                      mio.NDArrayIter(np.arange(6), batch_size=2)])
    next(mismatched), next(mismatched)
    with pytest.raises(AssertionError, match='Number of entry mismatches.*different numbers of batches'):
        next(mismatched)
    uneven = mio.PrefetchingIter([mio.NDArrayIter(np.arange(5), batch_size=2),
                                  mio.NDArrayIter(np.arange(6), batch_size=2)])
    next(uneven), next(uneven)
    with pytest.raises(AssertionError, match='different numbers of examples'):
        next(uneven)
    with pytest.raises(AssertionError, match='at least one iterator'):
        mio.PrefetchingIter([])


def test_ndarrayiter_past_the_end_needs_reset():
    # MXNet's AssertionError (an MXNetError before), raised explicitly so that python -O keeps it
    it = mio.NDArrayIter(np.arange(4), batch_size=2)
    assert len(list(it)) == 2
    with pytest.raises(AssertionError, match='DataIter needs reset'):
        it.getdata()
    it.reset()
    assert it.next().data[0].asnumpy().tolist() == [0, 1]


def test_prefetching_iter_threads_end_with_it():
    import gc
    import threading
    # the iterator's own threads, not a count of the whole process's (other tests' worker threads may
    # still be ending while this one runs)
    before = set(threading.enumerate())
    it = mio.PrefetchingIter([mio.NDArrayIter(np.arange(4), batch_size=2), mio.NDArrayIter(np.arange(4), batch_size=2)])
    own = [t for t in threading.enumerate() if t not in before]
    assert len(own) == 2
    assert len(list(it)) == 2
    del it
    gc.collect()
    for t in own:
        t.join(timeout=10)
    assert not any(t.is_alive() for t in own)


def test_resize_iter_wraps_around():
    it = mio.ResizeIter(mio.NDArrayIter(np.arange(4), batch_size=2), 3)
    assert [b.data[0].asnumpy().tolist() for b in it] == [[0, 1], [2, 3], [0, 1]]
    it.reset()
    assert len(list(it)) == 3


def test_databatch_bad_input():
    with pytest.raises(TypeError, match='list of NDArrays'):
        mio.DataBatch(nd.ones(2))



def test_ndarray_iter_takes_labels_longer_than_the_data_from_their_start():
    # MXNet 1.9.1 uses the first examples of a longer label array (MXNet's test_loss relies on it); its
    # padded last batch then holds the rest of the labels, where mxtorch pads them like the data
    it = mio.NDArrayIter(np.arange(10).reshape(10, 1), {'label': np.arange(20), 'w': np.arange(20) * 2},
                         batch_size=4)
    batches = list(it)
    assert [b.pad for b in batches] == [0, 0, 2]
    for b in batches:
        rows = b.data[0].asnumpy().ravel()
        assert b.label[0].asnumpy().tolist() == rows.tolist()
        assert b.label[1].asnumpy().tolist() == (rows * 2).tolist()


def test_ndarray_iter_refuses_fewer_labels_than_examples():
    with pytest.raises(ValueError, match='label has 5 examples but data has 10'):
        mio.NDArrayIter(np.zeros((10, 2)), np.zeros(5), batch_size=2, label_name='label')
