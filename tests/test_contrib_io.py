"""mx.contrib.io.DataLoaderIter beyond the golden cases (tests/golden/contrib_io_cases.py): the padding
rows, a loader with workers, and bad loaders."""
import numpy as np
import pytest

import mxtorch as mx
from mxtorch import gluon, nd


def _loader(n, batch_size, **kwargs):
    data = nd.array(np.arange(n * 2).reshape(n, 2))
    return gluon.data.DataLoader(gluon.data.ArrayDataset(data, nd.arange(n)), batch_size=batch_size, **kwargs)


def test_padding_rows_are_zeros_and_shapes_stay_fixed():
    it = mx.contrib.io.DataLoaderIter(_loader(5, 2))
    batches = list(it)
    assert [b.pad for b in batches] == [0, 0, 1]
    assert all(b.data[0].shape == (2, 2) and b.label[0].shape == (2,) for b in batches)
    np.testing.assert_array_equal(batches[-1].data[0].asnumpy(), [[8, 9], [0, 0]])
    np.testing.assert_array_equal(batches[-1].label[0].asnumpy(), [4, 0])


def test_loader_with_workers():
    it = mx.contrib.io.DataLoaderIter(_loader(6, 3, num_workers=2))
    labels = [b.label[0].asnumpy().tolist() for b in it]
    assert labels == [[0, 1, 2], [3, 4, 5]]
    it.reset()
    assert len(list(it)) == 2


def test_empty_loader_raises_stop_iteration():
    loader = gluon.data.DataLoader(gluon.data.ArrayDataset(nd.zeros((0, 2)), nd.zeros((0,))), batch_size=2)
    with pytest.raises(StopIteration):
        mx.contrib.io.DataLoaderIter(loader)


def test_batches_that_are_not_pairs_are_an_error():
    dataset = gluon.data.ArrayDataset(nd.zeros((4, 2)), nd.zeros((4,)), nd.zeros((4,)))
    with pytest.raises(ValueError, match='unpack'):
        mx.contrib.io.DataLoaderIter(gluon.data.DataLoader(dataset, batch_size=2))
