"""Gluon recurrent cells over Symbols and executors' optimized graphs: refusals and the properties the
golden cases (tests/golden/symbol_rest_cases.py) do not show."""
import json
import os
import re

import numpy as np
import pytest

import mxtorch as mx
from mxtorch import gluon, nd


def test_unroll_refuses_a_grouped_symbol():
    cell = gluon.rnn.LSTMCell(3)
    with pytest.raises(AssertionError, match="grouped symbol"):
        cell.unroll(2, mx.sym.Group([mx.sym.var('a'), mx.sym.var('b')]))


def test_unroll_of_a_merged_symbol_needs_its_length():
    cell = gluon.rnn.GRUCell(3)
    with pytest.raises(AssertionError, match='length'):
        cell.unroll(None, mx.sym.var('data'))


def test_symbol_graph_holds_mxnet_operators_only():
    # the fused step kernels are mxtorch's own: a graph meant for MXNet must not contain them
    for cell in (gluon.rnn.RNNCell(3), gluon.rnn.LSTMCell(3), gluon.rnn.GRUCell(3)):
        outs, _ = cell.unroll(2, [mx.sym.var('a'), mx.sym.var('b')])
        ops = {n["op"] for n in json.loads(mx.sym.Group(outs).tojson())["nodes"]}
        assert not any(op.startswith('_rnn') or op.endswith('_cell_step') for op in ops), ops


def test_hybridized_cell_follows_the_batch_size():
    cell = gluon.rnn.LSTMCell(4, input_size=2)
    cell.initialize()
    eager = [cell.unroll(3, nd.ones((n, 3, 2)), merge_outputs=True)[0].asnumpy() for n in (2, 5)]
    cell.hybridize()
    for n, want in zip((2, 5), eager):
        got = cell.unroll(3, nd.ones((n, 3, 2)), merge_outputs=True)[0]
        assert got.shape == (n, 3, 4)
        np.testing.assert_allclose(got.asnumpy(), want, rtol=1e-5, atol=1e-6)


def _optimized_count(graph, flag):
    os.environ['MXNET_ELIMINATE_COMMON_EXPR'] = flag
    try:
        exe = graph.simple_bind(mx.cpu(), grad_req='null', **{n: (2,) for n in graph.list_arguments()})
    finally:
        del os.environ['MXNET_ELIMINATE_COMMON_EXPR']
    return exe, len(exe.get_optimized_symbol().get_internals().list_outputs())


def test_common_expressions_merge_and_outputs_stay_apart():
    a = mx.sym.var('a')
    graph = mx.sym.Group([mx.sym.sin(a) + 1, mx.sym.sin(a) + 1])
    exe, merged = _optimized_count(graph, '1')
    _, kept = _optimized_count(graph, '0')
    assert merged < kept
    opt = exe.get_optimized_symbol()
    assert len(opt.list_outputs()) == 2 and opt.list_outputs()[1].endswith('_0_copy_output')
    # the optimized graph computes what the bound one does
    x = nd.array([0.5, 2.0])
    np.testing.assert_allclose(opt.eval(a=x)[1].asnumpy(), np.sin(x.asnumpy()) + 1, rtol=1e-6)
    # the bound graph itself is left as it was
    assert len(graph.get_internals().list_outputs()) == kept


def test_random_operators_are_never_merged():
    a = mx.sym.var('a')
    graph = mx.sym.random.uniform_like(a) + mx.sym.random.uniform_like(a)
    assert _optimized_count(graph, '1')[1] == _optimized_count(graph, '0')[1]


def _planned_mb(exe):
    return int(re.search(r'Total (\d+) MB allocated', exe.debug_str()).group(1))


def test_planned_memory_follows_zero_gradient_propagation():
    data = mx.sym.var('data')
    chain = data
    for _ in range(6):
        chain = chain * chain
    shape = (4, 512, 512)          # 4 MB per float32 result
    with_grad = _planned_mb(chain.simple_bind(mx.cpu(), data=shape))
    no_grad = _planned_mb(chain.simple_bind(mx.cpu(), data=shape, grad_req='null'))
    blocked = _planned_mb(mx.sym.stop_gradient(chain).simple_bind(mx.cpu(), data=shape))
    # forward only: two buffers take turns along the chain (and stop_gradient keeps its input's)
    assert no_grad == blocked == 8
    # a backward pass keeps the six forward results alive and needs gradient buffers besides
    assert with_grad > 6 * 4


def test_binding_with_gradients_refuses_an_operator_without_one():
    x, idx = mx.sym.var('x'), mx.sym.var('idx')
    y = mx.sym.batch_take(x, idx)
    with pytest.raises(RuntimeError, match='batch_take is non-differentiable'):
        y.simple_bind(mx.cpu(), x=(3, 4), idx=(3,), type_dict={'x': np.float32, 'idx': np.int32})
    args = {'x': nd.ones((3, 4)), 'idx': nd.array([0, 1, 2], dtype='int32')}
    with pytest.raises(mx.base.MXNetError, match="didn't register FGradient"):
        y.bind(mx.cpu(), args, args_grad={'x': nd.zeros((3, 4))})
    # no gradient asked, or none reaching it: bound and run
    assert y.bind(mx.cpu(), args).forward()[0].shape == (3,)
    mx.sym.stop_gradient(y).bind(mx.cpu(), args, args_grad={'x': nd.zeros((3, 4))})
