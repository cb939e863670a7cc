"""mx.operator and nd.Custom beyond the golden cases: gradients against finite differences, use through the
F of a Gluon block, the interface the symbol layer calls (custom_prop, the implementation over tensors,
meta tensors), and errors: which type, which words, and that nothing was changed."""
import logging

import numpy as np
import pytest
import torch

import mxtorch as mx
from mxtorch import autograd, gluon, nd
from mxtorch.ndarray import registry
from mxtorch.ndarray.ops import custom

from numgrad import check_gradient


class Cube(mx.operator.CustomOp):
    def forward(self, is_train, req, in_data, out_data, aux):
        self.assign(out_data[0], req[0], in_data[0] ** 3)

    def backward(self, req, out_grad, in_data, out_data, in_grad, aux):
        self.assign(in_grad[0], req[0], 3 * in_data[0] ** 2 * out_grad[0])


@mx.operator.register('t_cube')
class CubeProp(mx.operator.CustomOpProp):
    created = []

    def __init__(self, **params):
        super().__init__()
        self.params = params

    def create_operator(self, ctx, shapes, dtypes):
        CubeProp.created.append((ctx, shapes, dtypes, mx.current_context()))
        return Cube()


class Mix(mx.operator.CustomOp):
    """(a * sin(b), a + b * b): two arguments, two outputs."""

    def forward(self, is_train, req, in_data, out_data, aux):
        a, b = in_data
        self.assign(out_data[0], req[0], a * nd.sin(b))
        self.assign(out_data[1], req[1], a + b * b)

    def backward(self, req, out_grad, in_data, out_data, in_grad, aux):
        a, b = in_data
        g0, g1 = out_grad
        self.assign(in_grad[0], req[0], g0 * nd.sin(b) + g1)
        self.assign(in_grad[1], req[1], g0 * a * nd.cos(b) + 2 * b * g1)


@mx.operator.register('t_mix')
class MixProp(mx.operator.CustomOpProp):
    def list_arguments(self):
        return ['a', 'b']

    def list_outputs(self):
        return ['wave', 'bowl']

    def create_operator(self, ctx, shapes, dtypes):
        return Mix()


class Scaled(mx.operator.CustomOp):
    """data * scale, where the auxiliary state `scale` grows by one at every forward."""

    def forward(self, is_train, req, in_data, out_data, aux):
        aux[0][:] += 1
        self.assign(out_data[0], req[0], in_data[0] * aux[0])

    def backward(self, req, out_grad, in_data, out_data, in_grad, aux):
        self.assign(in_grad[0], req[0], out_grad[0] * aux[0])


@mx.operator.register('t_scaled')
class ScaledProp(mx.operator.CustomOpProp):
    def list_auxiliary_states(self):
        return ['scale']

    def infer_shape(self, in_shape):
        return in_shape, [in_shape[0]], [[1]]

    def create_operator(self, ctx, shapes, dtypes):
        return Scaled()


def _uniform(*shape, seed=0):
    return nd.array(np.random.RandomState(seed).uniform(-1, 1, shape))


# ---- gradients ------------------------------------------------------------------------------------------
def test_gradient_of_a_one_input_operator_matches_finite_differences():
    check_gradient(lambda x: nd.Custom(x, op_type='t_cube'), _uniform(3, 4))


def test_gradients_of_two_inputs_and_two_outputs_match_finite_differences():
    check_gradient(lambda a, b: nd.Custom(a, b, op_type='t_mix'), _uniform(2, 3), _uniform(2, 3, seed=1))


def test_gradient_through_custom_operators_composed_with_others():
    def f(x, y):
        wave, bowl = nd.Custom(nd.Custom(x, op_type='t_cube'), y * 2, op_type='t_mix')
        return nd.tanh(wave) * bowl + x
    check_gradient(f, _uniform(4), _uniform(4, seed=2))


def test_gradient_with_an_auxiliary_state_matches_finite_differences():
    scale = nd.zeros((1,), dtype='float64')

    def f(x):
        scale[:] = 1  # forward makes it 2 at every call
        return nd.Custom(x, scale, op_type='t_scaled')
    check_gradient(f, _uniform(2, 3))


def test_a_loss_operator_ignores_the_head_gradient():
    class Softmax(mx.operator.CustomOp):
        def forward(self, is_train, req, in_data, out_data, aux):
            self.assign(out_data[0], req[0], nd.softmax(in_data[0]))

        def backward(self, req, out_grad, in_data, out_data, in_grad, aux):
            self.assign(in_grad[0], req[0], out_data[0] - nd.one_hot(in_data[1], 3))

    @mx.operator.register('t_softmax_loss')
    class SoftmaxProp(mx.operator.CustomOpProp):
        def __init__(self):
            super().__init__(need_top_grad=False)

        def list_arguments(self):
            return ['data', 'label']

        def infer_shape(self, in_shape):
            return in_shape, [in_shape[0]], []

        def create_operator(self, ctx, shapes, dtypes):
            return Softmax()

    x, label = _uniform(2, 3), nd.array([0, 2])
    x.attach_grad()
    with autograd.record():
        p = nd.Custom(x, label, op_type='t_softmax_loss')
    p.backward(nd.ones_like(p) * 5)
    e = np.exp(x.asnumpy())
    softmax = e / e.sum(axis=1, keepdims=True)
    np.testing.assert_allclose(p.asnumpy(), softmax, rtol=1e-6)
    np.testing.assert_allclose(x.grad.asnumpy(), softmax - np.eye(3)[[0, 2]], rtol=1e-5, atol=1e-7)


def test_custom_operator_and_autograd_function_compose():
    class Twice(autograd.Function):
        def forward(self, x):
            return x * 2

        def backward(self, dy):
            return dy * 2

    x = nd.array([1., -2.])
    x.attach_grad()
    with autograd.record():
        y = nd.Custom(Twice()(x), op_type='t_cube')
    y.backward()
    np.testing.assert_allclose(x.grad.asnumpy(), 2 * 3 * (2 * x.asnumpy()) ** 2)


def test_a_consumed_graph_needs_retain_graph_for_a_second_backward():
    x = nd.array([1., 2.])
    x.attach_grad()
    with autograd.record():
        y = nd.Custom(x, op_type='t_cube')
    y.backward(retain_graph=True)
    y.backward()
    np.testing.assert_allclose(x.grad.asnumpy(), [3., 12.])
    with pytest.raises(mx.MXNetError, match='not in a computational graph'):
        y.backward()


def test_nothing_is_recorded_without_a_variable_or_outside_record():
    x = nd.array([1., 2.])
    with autograd.record():
        y = nd.Custom(x, op_type='t_cube')
    x.attach_grad()
    z = nd.Custom(x, op_type='t_cube')
    for out in (y, z):
        with pytest.raises(mx.MXNetError, match='not in a computational graph'):
            out.backward()


# ---- Gluon ----------------------------------------------------------------------------------------------
class CubedDense(gluon.HybridBlock):
    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        with self.name_scope():
            self.dense = gluon.nn.Dense(3, in_units=2)

    def hybrid_forward(self, F, x):
        return F.Custom(self.dense(x), op_type='t_cube', name='cubed')


def test_a_hybrid_block_calls_the_operator_through_F():
    net = CubedDense()
    net.initialize(mx.init.Uniform(0.5))
    x = _uniform(4, 2)
    with autograd.record():
        y = net(x)
    y.backward()
    w, b = net.dense.weight.data().asnumpy(), net.dense.bias.data().asnumpy()
    h = x.asnumpy() @ w.T + b
    np.testing.assert_allclose(y.asnumpy(), h ** 3, rtol=1e-5)
    np.testing.assert_allclose(net.dense.weight.grad().asnumpy(), (3 * h ** 2).T @ x.asnumpy(), rtol=1e-5)
    np.testing.assert_allclose(net.dense.bias.grad().asnumpy(), (3 * h ** 2).sum(axis=0), rtol=1e-5)


# ---- what the user's code is given ------------------------------------------------------------------------
def test_create_operator_gets_the_context_and_runs_in_it():
    CubeProp.created.clear()
    with mx.cpu(1):
        x = nd.array([[1., 2.]])
    nd.Custom(x, op_type='t_cube').wait_to_read()
    ctx, shapes, dtypes, current = CubeProp.created[-1]
    assert isinstance(ctx, mx.Context) and ctx == mx.cpu(0) and current == mx.cpu(0)
    assert shapes == [[1, 2]] and dtypes == [0]


def test_inputs_may_be_given_by_their_names():
    x, scale = nd.array([1., 2.]), nd.zeros((1,))
    y = nd.Custom(x, scale=scale, op_type='t_scaled')
    np.testing.assert_allclose(y.asnumpy(), [1., 2.])
    y = nd.Custom(data=x, scale=scale, op_type='t_scaled')
    np.testing.assert_allclose(y.asnumpy(), [2., 4.])
    assert scale.asscalar() == 2
    with pytest.raises(mx.MXNetError, match="custom operator 't_scaled': array argument.*bias.*not among its inputs"):
        nd.Custom(x, scale=scale, bias=x, op_type='t_scaled')
    assert scale.asscalar() == 2


def test_registering_a_name_again_warns_and_replaces(caplog):
    class Other(CubeProp):
        pass

    mx.operator.register('t_replaced')(CubeProp)
    with caplog.at_level(logging.WARNING, logger='mxtorch.operator'):
        assert mx.operator.register('t_replaced')(Other) is Other
    assert 'overriding existing custom operator t_replaced' in caplog.text
    assert type(custom.custom_prop('t_replaced', {})) is Other


def test_register_needs_a_string_name():
    with pytest.raises(TypeError, match='name must be a string'):
        mx.operator.register(3)


def test_the_legacy_python_operators_say_they_are_not_provided():
    class Legacy(mx.operator.NumpyOp):
        pass

    for cls in (mx.operator.PythonOp, mx.operator.NDArrayOp, Legacy):
        with pytest.raises(mx.MXNetError, match=r'Legacy|PythonOp|NDArrayOp') as err:
            cls()
        assert 'deprecated' in str(err.value) and 'CustomOp' in str(err.value)


def test_operator_table_names_and_arguments():
    names = mx.operator.get_all_registered_operators()
    assert names == sorted(names) and {'Custom', '_random_uniform', 'FullyConnected'} <= set(names)
    args = mx.operator.get_operator_arguments('Custom')
    assert args.narg == 2 and args.names == ['data', 'op_type'] and args.types[0] == 'NDArray-or-Symbol[]'
    with pytest.raises(mx.MXNetError, match='Operator Convolution3 is not registered'):
        mx.operator.get_operator_arguments('Convolution3')


# ---- the interface of the symbol layer -----------------------------------------------------------------------
def test_custom_prop_makes_the_property_with_string_arguments():
    prop = custom.custom_prop('t_cube', {'k': 3, 'shape': (2, 3), 'on': True})
    assert isinstance(prop, CubeProp) and prop.params == {'k': '3', 'shape': '(2, 3)', 'on': 'True'}
    assert custom.io_names('t_cube', prop) == (['data'], ['output'], [])
    with pytest.raises(mx.MXNetError, match='Cannot find custom operator t_nowhere'):
        custom.custom_prop('t_nowhere', {})
    with pytest.raises(mx.MXNetError, match='Required argument `op_type` is missing'):
        custom.custom_prop(None, {})


def test_shape_and_dtype_inference_for_the_symbol_layer():
    prop = custom.custom_prop('t_scaled', {})
    assert custom.infer_shapes('t_scaled', prop, [(2, 5)]) == [[(2, 5)], [(2, 5)], [(1,)]]
    assert custom.infer_dtypes('t_scaled', prop, ['float64']) == [[torch.float64], [torch.float64],
                                                                   [torch.float64]]


def test_the_implementation_runs_on_tensors():
    impl = registry.OPS[('', 'Custom')].impl
    out = impl(torch.tensor([1., 2.]), op_type='t_cube')
    assert isinstance(out, torch.Tensor) and out.tolist() == [1., 8.]
    wave, bowl = impl(torch.zeros(2), torch.ones(2), op_type='t_mix')
    assert wave.tolist() == [0., 0.] and bowl.tolist() == [1., 1.]
    scale = torch.zeros(1)
    impl(torch.ones(2), scale, op_type='t_scaled')
    assert scale.tolist() == [1.]


def test_meta_tensors_give_the_inferred_outputs_without_running_the_operator():
    impl = registry.OPS[('', 'Custom')].impl
    CubeProp.created.clear()
    out = impl(torch.empty(4, 2, dtype=torch.float64, device='meta'), op_type='t_cube')
    assert out.is_meta and out.shape == (4, 2) and out.dtype == torch.float64 and CubeProp.created == []
    wave, bowl = impl(torch.empty(3, device='meta'), torch.empty(3, device='meta'), op_type='t_mix')
    assert wave.is_meta and bowl.shape == (3,)


# ---- errors -------------------------------------------------------------------------------------------------
def test_input_count_shape_and_dtype_errors_name_the_operator_and_change_nothing():
    x, scale = nd.array([1., 2.]), nd.zeros((1,))
    with pytest.raises(mx.MXNetError, match=r"Operator Custom expects 2 inputs, but got 1 instead.*'t_scaled'"):
        nd.Custom(x, op_type='t_scaled')
    with pytest.raises(mx.MXNetError, match=r"Shape inconsistent, Provided = \[2\], inferred shape=\[1\].*'scale'"):
        nd.Custom(x, nd.zeros((2,)), op_type='t_scaled')
    with pytest.raises(mx.MXNetError, match=r'Type inconsistent, Provided = float64, inferred type = float32'):
        nd.Custom(x, scale.astype('float64'), op_type='t_scaled')
    with pytest.raises(AssertionError, match='Positional arguments must have NDArray type, but got 1.5'):
        nd.Custom(x, 1.5, op_type='t_scaled')
    assert scale.asscalar() == 0


def test_errors_in_the_users_methods_become_mxnet_errors_with_the_cause():
    class Broken(mx.operator.CustomOp):
        def forward(self, is_train, req, in_data, out_data, aux):
            raise KeyError('lost')

    @mx.operator.register('t_broken')
    class BrokenProp(mx.operator.CustomOpProp):
        def infer_shape(self, in_shape):
            return in_shape, [[5]]

        def create_operator(self, ctx, shapes, dtypes):
            return Broken()

    with pytest.raises(mx.MXNetError, match=r"custom operator 't_broken': CustomOp.forward failed: KeyError") as err:
        nd.Custom(nd.ones((5,)), op_type='t_broken')
    assert isinstance(err.value.__cause__, KeyError)
    with pytest.raises(mx.MXNetError, match=r"'t_mix': MixProp\(\.\.\.\) failed: TypeError.*surplus") as err:
        nd.Custom(nd.ones((2,)), nd.ones((2,)), op_type='t_mix', surplus=1)
    assert isinstance(err.value.__cause__, TypeError)


def test_bad_answers_of_infer_shape_and_infer_type_are_mxnet_errors():
    class Prop(mx.operator.CustomOpProp):
        def create_operator(self, ctx, shapes, dtypes):
            return Cube()

    answers = {'t_answer_none': ('infer_shape', lambda self, s: None, 'must return 2 or 3 lists'),
               't_answer_float': ('infer_shape', lambda self, s: (s, [[2.5]]), 'not a shape'),
               't_answer_dtype': ('infer_type', lambda self, t: (t, ['complex7']), 'not a dtype'),
               't_answer_stype': ('infer_storage_type', lambda self, t: (t, ['csr']), "storage type 'csr'"),
               't_answer_count': ('infer_type', lambda self, t: (t, [], []), 'gave 0 output entries')}
    for name, (method, answer, words) in answers.items():
        mx.operator.register(name)(type(name, (Prop,), {method: answer}))
        with pytest.raises(mx.MXNetError, match="custom operator '{}': {}.*{}".format(name, method, words)):
            nd.Custom(nd.ones((2,)), op_type=name)
