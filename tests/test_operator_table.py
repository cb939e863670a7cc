"""The functions the operator table makes: how they take their arguments, what they give back, and that
they behave as ordinary module-level functions (pickling, introspection)."""
import inspect
import pickle

import numpy as np
import pytest

import mxtorch as mx
from mxtorch import nd
from mxtorch.ndarray import registry


def _generated_functions():
    return [(ns, name, op.function) for (ns, name), op in sorted(registry.OPS.items())
            if op.function is not op.impl]


def test_every_operator_function_pickles_to_itself():
    # a transform or a partial holding nd.relu must cross to spawned worker processes
    failures = []
    for ns, name, function in _generated_functions():
        try:
            if pickle.loads(pickle.dumps(function)) is not function:
                failures.append((ns, name, 'another object'))
        except Exception as e:  # noqa: BLE001 (collect every failure)
            failures.append((ns, name, repr(e)))
    assert not failures


def test_signature_is_the_operators_own_with_out_and_name():
    assert str(inspect.signature(nd.sum)) == \
        '(data, axis=None, keepdims=False, exclude=False, *, out=None, name=None)'
    assert list(inspect.signature(nd.FullyConnected).parameters)[:4] == ['data', 'weight', 'bias', 'num_hidden']
    assert nd.sum.__name__ == 'sum' and 'sum' in nd.sum.__doc__


def test_arguments_by_position_or_by_mxnets_names_give_the_same_result():
    x = nd.array([[1, 2, 3], [4, 5, 6]])
    w = nd.array([[1, 0, 1], [0, 1, 0]])
    b = nd.array([10, 20])
    by_position = nd.FullyConnected(x, w, b, 2)
    by_name = nd.FullyConnected(data=x, weight=w, bias=b, num_hidden=2)
    assert by_position.asnumpy().tolist() == by_name.asnumpy().tolist() == [[14, 22], [20, 25]]
    assert nd.sum(data=x, axis=0).asnumpy().tolist() == [5, 7, 9]


def test_result_keeps_the_context_of_the_first_array_even_when_given_by_name():
    x = nd.array([1, 2], ctx=mx.cpu(1))
    assert nd.exp(x).context == mx.cpu(1)
    assert nd.exp(data=x).context == mx.cpu(1)
    assert nd.exp(nd.array([1, 2])).context == mx.cpu(0)


def test_unknown_or_surplus_argument_is_a_type_error_naming_the_operator():
    # MXNet raises MXNetError("Cannot find argument ...") for an unknown keyword; mxtorch leaves it to
    # Python (docs/differences.md)
    x = nd.ones((2, 2))
    with pytest.raises(TypeError, match=r"sum\(\) got an unexpected keyword argument 'axs'"):
        nd.sum(x, axs=1)
    with pytest.raises(TypeError, match="unexpected keyword argument 'foo'"):
        x.sum(axis=1, foo=2)
    with pytest.raises(TypeError):
        nd.exp(x, 3)  # too many positional arguments: a TypeError, as in MXNet


def test_out_writes_in_place_and_returns_out():
    x = nd.array([[1, 2], [3, 4]])
    target = nd.zeros((2,))
    before = id(target)
    result = nd.sum(x, axis=1, out=target)
    assert result is target and id(target) == before
    assert target.asnumpy().tolist() == [3, 7]
    with pytest.raises(mx.MXNetError, match='out= has shape'):
        nd.sum(x, axis=1, out=nd.zeros((3,)))
    assert target.asnumpy().tolist() == [3, 7]


def test_torch_error_becomes_an_mxnet_error_naming_the_operator():
    with pytest.raises(mx.MXNetError, match='^dot: '):
        nd.dot(nd.ones((2, 3)), nd.ones((2, 3)))


def test_tuple_results_become_lists_of_arrays():
    values = nd.topk(nd.array([3, 1, 2]), k=2, ret_typ='both')
    assert isinstance(values, list) and len(values) == 2
    assert all(isinstance(v, nd.NDArray) for v in values)
    np.testing.assert_array_equal(values[0].asnumpy(), [3, 2])
