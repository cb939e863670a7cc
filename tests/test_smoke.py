import mxtorch as mx
from mxtorch import nd


def test_array_repr_matches_mxnet():
    assert repr(nd.array([[1, 2], [3, 4]])) == '\n[[1. 2.]\n [3. 4.]]\n<NDArray 2x2 @cpu(0)>'
