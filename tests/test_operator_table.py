"""The functions the operator table makes: how they take their arguments, what they give back, and that
they behave as ordinary module-level functions (pickling, introspection)."""
import inspect
import pickle
import traceback

import numpy as np
import pytest
from torch.utils._python_dispatch import TorchDispatchMode

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


# ---- arguments that are not arrays: MXNet's errors, naming the argument ---------------------------------
@pytest.mark.parametrize('call, message', [
    (lambda x: nd.FullyConnected(x, 'w', num_hidden=2, no_bias=True),
     'Argument weight must have NDArray type, but got w'),
    (lambda x: nd.exp([1, 2]), r'Argument data must have NDArray type, but got \[1, 2\]'),
    (lambda x: nd.dot(x, 3), 'Argument rhs must have NDArray type, but got 3'),
    (lambda x: nd.dot(3, x), 'Argument lhs must have NDArray type, but got 3'),
    (lambda x: nd.sum('abc'), 'Argument data must have NDArray type, but got abc'),
    (lambda x: nd.take(x, [0, 1]), r'Argument indices must have NDArray type, but got \[0, 1\]'),
    (lambda x: nd.elemwise_add(x, 2), 'Argument rhs must have NDArray type, but got 2'),
    (lambda x: nd.concat(x, np.ones((2, 3))), 'Positional arguments must have NDArray type'),
    (lambda x: nd.add_n(x, 3), 'Positional arguments must have NDArray type, but got 3'),
], ids=['FullyConnected-str', 'exp-list', 'dot-int-rhs', 'dot-int-lhs', 'sum-str', 'take-list',
        'elemwise_add-int', 'concat-numpy', 'add_n-int'])
def test_a_non_array_argument_is_mxnets_assertion_error_naming_it(call, message):
    x = nd.ones((2, 3))
    with pytest.raises(AssertionError, match=message):
        call(x)
    assert x.asnumpy().tolist() == [[1.] * 3] * 2


def test_arithmetic_with_an_operand_that_is_neither_array_nor_number_raises_as_mxnet():
    x = nd.ones((2,))
    for call in (lambda: x + 'a', lambda: x * np.ones(2), lambda: nd.add(x, 'a'), lambda: nd.subtract(x, [1])):
        with pytest.raises(TypeError, match=r"^type <class '(str|list|numpy.ndarray)'> not supported$"):
            call()
    # MXNet hands a bad left operand to its array operator, whose check names it
    for call in (lambda: [1, 2] - x, lambda: nd.add('a', x)):
        with pytest.raises(AssertionError, match=r'^Argument lhs must have NDArray type, but got (\[1, 2\]|a)$'):
            call()


def test_a_missing_required_array_is_an_mxnet_error():
    with pytest.raises(mx.MXNetError, match='exp: argument data is required'):
        nd.exp(None)


def test_torch_errors_name_the_operator_and_the_inputs_shapes_and_dtypes():
    with pytest.raises(mx.MXNetError, match=r'^dot: .*\(inputs: lhs \(2, 3\) float32, rhs \(4, 5\) float32\)$'):
        nd.dot(nd.ones((2, 3)), nd.ones((4, 5)))
    with pytest.raises(mx.MXNetError, match=r'^add: .*\(inputs: lhs \(2, 3\) float32, rhs \(4, 5\) float32\)$'):
        nd.ones((2, 3)) + nd.ones((4, 5))


# ---- registration is checked, and operator frames carry their names -------------------------------------
def test_registering_a_name_twice_is_an_error_and_changes_nothing():
    before = registry.OPS[('', 'exp')]
    with pytest.raises(mx.MXNetError, match="'exp' is registered twice"):
        registry.register('exp')(lambda data: data)
    with pytest.raises(mx.MXNetError, match="'broadcast_add' is registered twice"):
        registry.register('h7_unused_name', aliases=('broadcast_add',))(lambda lhs, rhs: lhs)
    assert registry.OPS[('', 'exp')] is before and ('', 'h7_unused_name') not in registry.OPS


def test_registering_a_method_ndarray_has_is_an_error():
    for method in ('reshape', 'exp', 'asnumpy'):
        with pytest.raises(mx.MXNetError, match="NDArray already has a method '{}'".format(method)):
            registry.register('h7_probe', namespace='_h7_test', method=method)(lambda data: data)
    assert ('_h7_test', 'h7_probe') not in registry.OPS


@pytest.mark.parametrize('impl', [lambda data, out: data, lambda data, name=None: data, lambda data, _x=1: data],
                         ids=['out', 'name', '_x'])
def test_a_parameter_the_function_adds_is_an_error_at_registration(impl):
    with pytest.raises(mx.MXNetError, match='clashes with the names its function adds'):
        registry.register('h7_probe', namespace='_h7_test')(impl)
    assert ('_h7_test', 'h7_probe') not in registry.OPS


def test_operator_frames_are_named_after_the_operator():
    assert nd.exp.__code__.co_name == 'exp' and nd.broadcast_add.__code__.co_name == 'add'
    assert nd.concat.__code__.co_name == 'concat'
    try:
        nd.dot(nd.ones((2, 3)), nd.ones((4, 5)))
    except mx.MXNetError as e:
        frames = [f.name for f in traceback.extract_tb(e.__traceback__)]
    assert 'dot' in frames and '_operator' not in frames


# ---- scalar operands and reversed slices build no tensor from host data per call ------------------------
class _AtenLog(TorchDispatchMode):
    def __init__(self):
        super().__init__()
        self.ops = []

    def __torch_dispatch__(self, func, types, args=(), kwargs=None):
        self.ops.append(str(func))
        return func(*args, **(kwargs or {}))


@pytest.mark.parametrize('expression, expected', [
    ('1 - x', [[0., -1.], [-2., -3.]]), ('2 / x', [[2., 1.], [2 / 3, 0.5]]), ('2 ** x', [[2., 4.], [8., 16.]]),
    ('5 % x', [[0., 1.], [2., 1.]]), ('nd.subtract(1, x)', [[0., -1.], [-2., -3.]]),
    ('7 - i', [[6, 5], [4, 3]]), ('7 / i', [[7, 3], [2, 1]]), ('7 % i', [[0, 1], [1, 3]]),
    ('nd.greater(3, x)', [[1., 1.], [0., 0.]]), ('nd.lesser_equal(2, x)', [[0., 1.], [1., 1.]]),
])
def test_a_scalar_on_the_left_reaches_torch_as_a_number(expression, expected):
    x = nd.array([[1., 2.], [3., 4.]])
    i = nd.array([[1, 2], [3, 4]], dtype='int32')
    with _AtenLog() as log:
        result = eval(expression)
    np.testing.assert_allclose(result.asnumpy(), expected, rtol=1e-6)
    assert result.dtype == (np.int32 if 'i' in expression.split() else np.float32)
    # torch.tensor(scalar, device=...) shows as lift_fresh: on a GPU a copy to the device and a wait
    assert 'aten.lift_fresh.default' not in log.ops, log.ops
