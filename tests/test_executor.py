"""The Executor (Symbol.bind / simple_bind): values and gradients against numpy, the memory it shares and
the memory it must not share, and what it does with bad input. MXNet's answers for the same calls are in
the golden area `module` (tests/golden/module_cases.py)."""
import numpy as np
import pytest

import mxtorch as mx
from mxtorch import nd
from mxtorch.base import MXNetError
from mxtorch.ndarray.ops import nn as nn_ops


def _mlp():
    x = mx.sym.var('data')
    h = mx.sym.Activation(mx.sym.FullyConnected(x, num_hidden=5, name='fc1'), act_type='relu', name='relu1')
    return mx.sym.SoftmaxOutput(mx.sym.FullyConnected(h, num_hidden=3, name='fc2'), name='softmax')


def _softmax(z):
    e = np.exp(z - z.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def test_mlp_forward_backward_match_numpy():
    rng = np.random.RandomState(0)
    x = rng.randn(4, 6).astype(np.float32)
    w1, b1 = rng.randn(5, 6).astype(np.float32), rng.randn(5).astype(np.float32)
    w2, b2 = rng.randn(3, 5).astype(np.float32), rng.randn(3).astype(np.float32)
    y = np.array([0, 2, 1, 2], dtype=np.float32)
    exe = _mlp().simple_bind(mx.cpu(), data=(4, 6))
    for name, value in (('data', x), ('fc1_weight', w1), ('fc1_bias', b1), ('fc2_weight', w2), ('fc2_bias', b2),
                        ('softmax_label', y)):
        exe.arg_dict[name][:] = value
    out = exe.forward(is_train=True)[0].asnumpy()
    exe.backward()
    h = np.maximum(x @ w1.T + b1, 0)
    p = _softmax(h @ w2.T + b2)
    np.testing.assert_allclose(out, p, rtol=1e-5, atol=1e-6)
    d2 = p - np.eye(3, dtype=np.float32)[y.astype(int)]       # SoftmaxOutput's gradient, head gradient unused
    dh = (d2 @ w2) * (h > 0)
    np.testing.assert_allclose(exe.grad_dict['fc2_weight'].asnumpy(), d2.T @ h, rtol=1e-4, atol=1e-5)
    np.testing.assert_allclose(exe.grad_dict['fc2_bias'].asnumpy(), d2.sum(0), rtol=1e-4, atol=1e-5)
    np.testing.assert_allclose(exe.grad_dict['fc1_weight'].asnumpy(), dh.T @ x, rtol=1e-4, atol=1e-5)
    np.testing.assert_allclose(exe.grad_dict['data'].asnumpy(), dh @ w1, rtol=1e-4, atol=1e-5)


def test_outputs_and_gradient_arrays_keep_their_identity():
    exe = _mlp().simple_bind(mx.cpu(), data=(2, 6))
    out, grad = exe.outputs[0], exe.grad_dict['fc1_weight']
    for value in (1.0, 2.0):
        exe.arg_dict['data'][:] = value
        exe.arg_dict['fc1_weight'][:] = 0.1
        exe.forward(is_train=True)
        exe.backward()
        assert exe.outputs[0] is out and exe.grad_dict['fc1_weight'] is grad
        np.testing.assert_allclose(out.asnumpy(), exe.forward()[0].asnumpy())


def test_gradients_passed_through_do_not_alias_each_other_or_the_head():
    # d(a + b)/da and d(a + b)/db are the head gradient itself in torch: the arrays must still be separate
    a, b = mx.sym.var('a'), mx.sym.var('b')
    exe = (a + b).simple_bind(mx.cpu(), a=(3,), b=(3,))
    head = nd.array([1, 2, 3])
    exe.forward(is_train=True)
    exe.backward(head)
    exe.grad_dict['a'][:] += 10
    np.testing.assert_array_equal(exe.grad_dict['b'].asnumpy(), [1, 2, 3])
    np.testing.assert_array_equal(head.asnumpy(), [1, 2, 3])
    exe.grad_dict['b'][:] = 0
    np.testing.assert_array_equal(exe.grad_dict['a'].asnumpy(), [11, 12, 13])


def test_gradient_of_a_reshape_is_not_a_view_of_the_head():
    a = mx.sym.var('a')
    exe = mx.sym.reshape(a, shape=(6,)).simple_bind(mx.cpu(), a=(2, 3))
    head = nd.arange(6)
    exe.forward(is_train=True)
    exe.backward(head)
    exe.grad_dict['a'][:] = -1
    np.testing.assert_array_equal(head.asnumpy(), np.arange(6))


def test_bind_writes_into_the_callers_gradient_arrays():
    a, b = mx.sym.var('a'), mx.sym.var('b')
    buffer = nd.zeros((2, 2))
    ga, gb = buffer[0], buffer[1]
    exe = (a * b).bind(mx.cpu(), [nd.array([1, 2]), nd.array([3, 4])], args_grad=[ga, gb])
    exe.forward(is_train=True)
    exe.backward(nd.ones((2,)))
    np.testing.assert_array_equal(buffer.asnumpy(), [[3, 4], [1, 2]])


def test_add_accumulates_and_write_overwrites():
    a = mx.sym.var('a')
    for req, want in (('add', [6.0, 6.0]), ('write', [2.0, 2.0])):
        exe = (a * 2).simple_bind(mx.cpu(), a=(2,), grad_req=req)
        for _ in range(3):
            exe.forward(is_train=True)
            exe.backward(nd.ones((2,)))
        np.testing.assert_array_equal(exe.grad_dict['a'].asnumpy(), want)


def test_backward_after_a_predict_forward_records_then():
    x = mx.sym.var('x')
    exe = mx.sym.Dropout(x * 3, p=0.5).simple_bind(mx.cpu(), x=(50,))
    exe.arg_dict['x'][:] = 1
    exe.forward(is_train=False)
    exe.backward(nd.ones((50,)))
    # in predict mode Dropout passes everything: the gradient is 3 everywhere
    np.testing.assert_array_equal(exe.grad_dict['x'].asnumpy(), np.full(50, 3.0))


def test_head_gradients_needed_only_where_an_output_is_not_a_loss():
    x = mx.sym.var('x')
    for out, needs in ((mx.sym.BlockGrad(x) * 2, False), (mx.sym.argmax(x * 2, axis=1), False),
                       (mx.sym.MakeLoss(x * 2), False), (x * 2, True)):
        exe = out.simple_bind(mx.cpu(), x=(2, 3))
        exe.forward(is_train=True)
        if needs:
            with pytest.raises(MXNetError, match='head_gradient is required'):
                exe.backward()
        else:
            exe.backward()


def test_backward_head_gradient_checks():
    a = mx.sym.var('a')
    exe = (a * 2).simple_bind(mx.cpu(), a=(2,))
    exe.forward(is_train=True)
    with pytest.raises(TypeError, match='inputs must be NDArray'):
        exe.backward([np.ones(2)])
    with pytest.raises(MXNetError, match=r'shape mismatch from.shape = \[3\] to.shape=\[2\]'):
        exe.backward([nd.ones((3,))])
    with pytest.raises(KeyError):
        exe.backward({'nope': nd.ones((2,))})


def test_bind_errors_name_the_problem():
    a, b = mx.sym.var('a'), mx.sym.var('b')
    s = a * b
    with pytest.raises(ValueError, match='Length of args does not match'):
        s.bind(mx.cpu(), [nd.ones((2,))])
    with pytest.raises(ValueError, match='key `b` is missing in `args`'):
        s.bind(mx.cpu(), {'a': nd.ones((2,))})
    with pytest.raises(TypeError, match='Only accept list of NDArrays'):
        s.bind(mx.cpu(), [nd.ones((2,)), [1, 2]])
    with pytest.raises(ValueError, match='grad_req must be in'):
        s.bind(mx.cpu(), [nd.ones((2,))] * 2, args_grad=[nd.ones((2,))] * 2, grad_req='sum')
    with pytest.raises(TypeError, match='Context type error'):
        s.bind('cpu', [nd.ones((2,))] * 2)
    with pytest.raises(ValueError, match='Length of aux_states'):
        mx.sym.BatchNorm(a, name='bn').bind(mx.cpu(), {'a': nd.ones((2, 2)), 'bn_gamma': nd.ones(2),
                                                       'bn_beta': nd.ones(2)})


def test_simple_bind_errors():
    a, b = mx.sym.var('a'), mx.sym.var('b')
    with pytest.raises(RuntimeError, match='simple_bind error. Arguments:\na: \\(2, 3\\)'):
        mx.sym.dot(a, b).simple_bind(mx.cpu(), a=(2, 3))
    with pytest.raises(RuntimeError, match='simple_bind error'):
        (a + b).simple_bind(mx.cpu(), a=(2,), b=(3,))
    with pytest.raises(RuntimeError, match='cannot be an empty list'):
        (a + b).simple_bind(mx.cpu(), grad_req=[], a=(2,), b=(2,))
    with pytest.raises(ValueError, match='shared_arg_names in simple_bind must be a list'):
        (a + b).simple_bind(mx.cpu(), shared_arg_names=('a',), a=(2,), b=(2,))


def test_forward_keyword_errors_leave_arguments_intact():
    a = mx.sym.var('a')
    exe = (a * 2).simple_bind(mx.cpu(), a=(2,))
    exe.arg_dict['a'][:] = 5
    for kwargs, error, words in ((dict(b=nd.ones((2,))), TypeError, 'Unknown argument b'),
                                 (dict(a=nd.ones((3,))), ValueError, 'Shape not match! Argument a'),
                                 (dict(a=[1, 2]), ValueError, 'only accept keyword argument')):
        with pytest.raises(error, match=words):
            exe.forward(**kwargs)
        np.testing.assert_array_equal(exe.arg_dict['a'].asnumpy(), [5, 5])


def test_operator_table_functions_keep_their_names():
    # the fx program once named the table's own functions after the nodes
    before = nn_ops.FullyConnected.__name__
    x = mx.sym.var('x')
    mx.sym.FullyConnected(x, num_hidden=2, name='renamed_fc').simple_bind(mx.cpu(), x=(1, 2)).forward()
    assert nn_ops.FullyConnected.__name__ == before == 'FullyConnected'


def test_reshape_shares_parameters_and_memory():
    x = mx.sym.var('x')
    exe = mx.sym.FullyConnected(x, num_hidden=4, name='fc').simple_bind(mx.cpu(), x=(5, 4))
    small = exe.reshape(x=(3, 4))
    assert small.arg_dict['fc_weight'] is exe.arg_dict['fc_weight']
    assert small.grad_dict['fc_weight'] is exe.grad_dict['fc_weight']
    small.arg_dict['x'][:] = 7
    np.testing.assert_array_equal(exe.arg_dict['x'].asnumpy()[:3], np.full((3, 4), 7))
    big = exe.reshape(allow_up_sizing=True, x=(8, 4))
    big.arg_dict['x'][:] = -1
    assert (exe.arg_dict['x'].asnumpy() != -1).all()
    with pytest.raises(MXNetError, match='New shape of arg: x is larger than original'):
        exe.reshape(x=(9, 4))
    with pytest.raises(MXNetError, match='Shape of unspecifie arg: fc_weight changed'):
        exe.reshape(allow_up_sizing=True, x=(5, 6))


def test_reshaped_executor_trains_the_shared_parameters():
    x = mx.sym.var('x')
    exe = mx.sym.MakeLoss(mx.sym.FullyConnected(x, num_hidden=1, name='fc')).simple_bind(mx.cpu(), x=(4, 2))
    small = exe.reshape(x=(2, 2))
    small.arg_dict['x'][:] = nd.array([[1, 2], [3, 4]])
    small.forward(is_train=True)
    small.backward()
    np.testing.assert_array_equal(exe.grad_dict['fc_weight'].asnumpy(), [[4, 6]])


def test_shared_exec_and_shared_buffer():
    x = mx.sym.var('data')
    net = mx.sym.FullyConnected(x, num_hidden=3, name='fc')
    buffer = {}
    first = net.simple_bind(mx.cpu(), shared_arg_names=['fc_weight', 'fc_bias'], shared_buffer=buffer, data=(6, 2))
    assert set(buffer) == {'data'} and buffer['data'] is first.arg_dict['data']
    second = net.simple_bind(mx.cpu(), shared_arg_names=['fc_weight', 'fc_bias'], shared_exec=first,
                             shared_buffer=buffer, data=(4, 2))
    assert second.arg_dict['fc_weight'] is first.arg_dict['fc_weight']
    assert second.grad_dict['fc_weight'] is first.grad_dict['fc_weight']
    assert second.arg_dict['data'].shape == (4, 2) and buffer['data'] is first.arg_dict['data']
    second.arg_dict['data'][:] = 9
    np.testing.assert_array_equal(first.arg_dict['data'].asnumpy()[:4], np.full((4, 2), 9))


def test_group2ctx_places_variables_on_their_groups_context():
    with mx.AttrScope(ctx_group='dev1'):
        a = mx.sym.var('a')
        doubled = a * 2
    with mx.AttrScope(ctx_group='dev2'):
        b = mx.sym.var('b')
        c = doubled + b
    exe = c.simple_bind(mx.cpu(0), group2ctx={'dev1': mx.cpu(1), 'dev2': mx.cpu(2)}, a=(2,), b=(2,))
    assert exe.arg_dict['a'].context == mx.cpu(1) and exe.grad_dict['b'].context == mx.cpu(2)
    exe.arg_dict['a'][:] = 1
    exe.arg_dict['b'][:] = 3
    exe.forward(is_train=True)
    exe.backward(nd.ones((2,)))
    np.testing.assert_array_equal(exe.outputs[0].asnumpy(), [5, 5])
    np.testing.assert_array_equal(exe.grad_dict['a'].asnumpy(), [2, 2])


def test_monitor_sees_forward_outputs_and_input_gradients():
    x = mx.sym.var('data')
    net = mx.sym.LinearRegressionOutput(mx.sym.FullyConnected(x, num_hidden=2, name='fc'), name='out')
    exe = net.simple_bind(mx.cpu(), data=(3, 2))
    seen = []
    exe.set_monitor_callback(lambda name, arr: seen.append((name, arr.shape)))
    exe.arg_dict['data'][:] = 1
    exe.forward(is_train=True)
    exe.backward()
    assert seen == [('fc_output', (3, 2)), ('out_output', (3, 2)), ('out_backward_output0', (3, 2)),
                    ('out_backward_output1', (3, 2)), ('fc_backward_output0', (3, 2)),
                    ('fc_backward_output1', (2, 2)), ('fc_backward_output2', (2,))]
    # the gradients through the monitored path are the program's
    monitored = exe.grad_dict['fc_weight'].asnumpy().copy()
    plain = net.simple_bind(mx.cpu(), data=(3, 2))
    for k, v in exe.arg_dict.items():
        plain.arg_dict[k][:] = v
    plain.forward(is_train=True)
    plain.backward()
    np.testing.assert_allclose(monitored, plain.grad_dict['fc_weight'].asnumpy(), rtol=1e-6)


def test_copy_params_from_casts_and_checks_names():
    x = mx.sym.var('x')
    exe = mx.sym.FullyConnected(x, num_hidden=2, name='fc').simple_bind(mx.cpu(), x=(1, 2))
    exe.copy_params_from({'fc_weight': nd.array([[1, 2], [3, 4]], dtype='float64')})
    assert exe.arg_dict['fc_weight'].dtype == np.float32
    with pytest.raises(ValueError, match='Find name "fc" that is not in the arguments'):
        exe.copy_params_from({'fc': nd.ones((2, 2))})
    np.testing.assert_array_equal(exe.arg_dict['fc_weight'].asnumpy(), [[1, 2], [3, 4]])


def test_outputs_exist_before_the_first_forward():
    exe = _mlp().simple_bind(mx.cpu(), data=(4, 6))
    assert [o.shape for o in exe.outputs] == [(4, 3)]
    assert list(exe.output_dict) == ['softmax_output']
    assert exe.debug_str().endswith('MB allocated\nTotal 11 TempSpace resource requested\n')


def test_simple_bind_shares_sparse_arguments_with_shared_exec():
    # a row_sparse weight (and its row_sparse gradient) taken from shared_exec is the same array, as in
    # MXNet, not a new sparse array of the same shape
    data = mx.sym.var('data')
    weight = mx.sym.var('embed_weight', stype='row_sparse')
    net = mx.sym.sum(mx.sym.contrib.SparseEmbedding(data=data, weight=weight, input_dim=10, output_dim=4,
                                                    name='embed'))
    first = net.simple_bind(mx.cpu(), data=(3,))
    second = net.simple_bind(mx.cpu(), data=(5,), shared_arg_names=['embed_weight'], shared_exec=first)
    assert first.arg_dict['embed_weight'].stype == 'row_sparse'
    assert second.arg_dict['embed_weight'] is first.arg_dict['embed_weight']
    assert second.grad_dict['embed_weight'] is first.grad_dict['embed_weight']
    assert second.grad_dict['embed_weight'].stype == 'row_sparse'
    alone = net.simple_bind(mx.cpu(), data=(5,))
    assert alone.arg_dict['embed_weight'] is not first.arg_dict['embed_weight']
    assert alone.arg_dict['embed_weight'].stype == 'row_sparse'
