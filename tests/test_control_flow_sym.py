"""Symbolic control flow run by mxtorch: graphs MXNet 1.9.1 wrote (tests/golden/files/control_flow_sym) load
and give MXNet's outputs and gradients; gradients through foreach/while_loop/cond (nested too) against
central finite differences; hybridized blocks against their eager runs; errors in MXNet's words."""
import copy
import json
import os

import numpy as np
import pytest

import mxtorch as mx
from mxtorch import autograd, gluon, nd
from golden_support import GOLDEN, decode_values

FILES = os.path.join(GOLDEN, 'files', 'control_flow_sym')


def _answers():
    with open(os.path.join(GOLDEN, 'control_flow_sym.json')) as f:
        return json.load(f)['cases']


def _fresh():
    mx.attribute.AttrScope._subgraph_names.clear()


FOREACH_ARGS = {'data': [[0.5, -1.0, 0.2], [2.0, 0.3, -0.4], [-0.7, 1.1, 0.9], [0.1, 0.2, 0.3]],
                'h': [0.1, -0.2, 0.3], 'w': [0.8, -0.6, 1.2]}
WHILE_ARGS = {'i': [1.], 's': [0.5, -0.25], 'x': [1.5, 2.0]}
COND_THEN = {'a': [1., 2.], 'b': [3., 4.], 'p': [1.]}
COND_ELSE = {'a': [5., 2.], 'b': [3., -4.], 'p': [-2.]}


def _run(s, values, dtype='float32'):
    """(outputs, gradients by name) of `s` bound to `values`, head gradients ones * (0.5 + output index)
    (as the golden cases use)."""
    args = {k: nd.array(v, dtype=dtype) for k, v in values.items()}
    exe = s.bind(mx.cpu(), args, args_grad={k: nd.zeros_like(v) for k, v in args.items()})
    outs = exe.forward(is_train=True)
    exe.backward([nd.ones_like(o) * (0.5 + k) for k, o in enumerate(outs)])
    return [o.asnumpy() for o in outs], {k: g.asnumpy() for k, g in exe.grad_dict.items()}


# ---- graphs that MXNet wrote ----------------------------------------------------------------------------
@pytest.mark.parametrize('filename,case,values', [
    ('foreach_graph__foreach.json', 'foreach_run', FOREACH_ARGS),
    ('while_graph__while.json', 'while_run', WHILE_ARGS),
    ('cond_graph__cond.json', 'cond_run_then', COND_THEN),
    ('cond_graph__cond.json', 'cond_run_else', COND_ELSE),
])
def test_a_graph_mxnet_wrote_loads_and_gives_mxnets_outputs_and_gradients(filename, case, values):
    s = mx.sym.load(os.path.join(FILES, filename))
    with open(os.path.join(FILES, filename)) as f:
        assert s.tojson() == f.read()          # read and written again byte for byte
    want = _answers()[case]['items']
    outs, grads = _run(s, values)
    assert len(outs) == len(want['outputs']['items'])
    for got, answer in zip(outs, want['outputs']['items']):
        np.testing.assert_allclose(got, decode_values(answer), rtol=1e-5, atol=1e-5)
    for name, answer in want['grads']['items'].items():
        np.testing.assert_allclose(grads[name], decode_values(answer), rtol=1e-5, atol=1e-5, err_msg=name)


def test_a_copy_of_a_graph_keeps_its_subgraphs_and_runs():
    s = mx.sym.load(os.path.join(FILES, 'foreach_graph__foreach.json'))
    twin = copy.deepcopy(s)
    assert twin.tojson() == s.tojson()
    np.testing.assert_allclose(_run(twin, FOREACH_ARGS)[0][0], _run(s, FOREACH_ARGS)[0][0])


def test_subgraphs_that_are_not_a_list_are_refused_naming_the_node():
    text = open(os.path.join(FILES, 'cond_graph__cond.json')).read()
    graph = json.loads(text)
    node = next(n for n in graph['nodes'] if n['op'] == '_cond')
    node['subgraphs'] = {'nodes': []}
    with pytest.raises(mx.base.MXNetError, match='subgraphs'):
        mx.sym.load_json(json.dumps(graph))
    node['subgraphs'] = [{'nodes': [], 'arg_nodes': [], 'heads': [[3, 0, 0]]}]
    with pytest.raises(mx.base.MXNetError, match='refers to node 3, but there are 0 nodes'):
        mx.sym.load_json(json.dumps(graph))


# ---- gradients by finite differences -------------------------------------------------------------------
def _numeric(s, values, eps=1e-6):
    """d(sum_k (0.5 + k) * sum(output k))/d(argument) by central differences, in float64."""
    def objective(vals):
        exe = s.bind(mx.cpu(), {k: nd.array(v, dtype='float64') for k, v in vals.items()})
        return sum((0.5 + k) * o.asnumpy().sum() for k, o in enumerate(exe.forward()))
    base = {k: np.array(v, dtype=np.float64) for k, v in values.items()}
    grads = {}
    for name, v in base.items():
        g = np.zeros_like(v)
        for j in range(v.size):
            plus = {k: a.copy() for k, a in base.items()}
            minus = {k: a.copy() for k, a in base.items()}
            plus[name].reshape(-1)[j] += eps
            minus[name].reshape(-1)[j] -= eps
            g.reshape(-1)[j] = (objective(plus) - objective(minus)) / (2 * eps)
        grads[name] = g
    return grads


def _foreach():
    _fresh()
    data, h, w = mx.sym.var('data'), mx.sym.var('h'), mx.sym.var('w')

    def step(x, states):
        new = mx.sym.tanh(x * w + states[0])
        return new * 2, [new]
    outs, states = mx.sym.contrib.foreach(step, data, [h])
    return mx.sym.Group([outs, states[0]])


def _while():
    _fresh()
    i, s_, x = mx.sym.var('i'), mx.sym.var('s'), mx.sym.var('x')
    outs, final = mx.sym.contrib.while_loop(
        cond=lambda i, s: i < 4,
        func=lambda i, s: ([mx.sym.sin(mx.sym.broadcast_mul(s, i))], [i + 1, s * x + mx.sym.broadcast_mul(i, x)]),
        loop_vars=[i, s_], max_iterations=6)
    return mx.sym.Group([mx.sym.slice_axis(outs[0], axis=0, begin=0, end=3), final[1]])


def _cond():
    _fresh()
    a, b, p = mx.sym.var('a'), mx.sym.var('b'), mx.sym.var('p')
    return mx.sym.Group(mx.sym.contrib.cond(p > 0, lambda: [a * b, mx.sym.exp(a)], lambda: [a - b, b * b * a]))


def _nested():
    _fresh()
    data, h = mx.sym.var('data'), mx.sym.var('h')

    def step(x, states):
        def inner(xi, st):
            new = mx.sym.tanh(st[0] * 0.5 + xi)
            return new, [new]
        inner_outs, inner_states = mx.sym.contrib.foreach(inner, x, states)
        picked = mx.sym.contrib.cond(mx.sym.sum(x) > 0, lambda: inner_states[0] * 2, lambda: inner_states[0] - 1)
        return inner_outs, [picked]
    outs, states = mx.sym.contrib.foreach(step, data, [h])
    return mx.sym.Group([outs, states[0]])


@pytest.mark.parametrize('build,values', [
    (_foreach, FOREACH_ARGS),
    (_while, {'i': [1.5], 's': [0.5, -0.25], 'x': [0.7, 1.1]}),     # i away from the steps' thresholds
    (_cond, COND_THEN),
    (_cond, COND_ELSE),
    (_nested, {'data': [[[0.5, -1.0], [2.0, 0.3]], [[-0.7, -1.1], [0.2, 0.4]], [[0.3, 0.3], [-1., 1.]]],
               'h': [0.1, 0.2]}),
], ids=['foreach', 'while_loop', 'cond_then', 'cond_else', 'cond_in_foreach_in_foreach'])
def test_gradients_through_control_flow_equal_finite_differences(build, values):
    s = build()
    _, grads = _run(s, values, dtype='float64')
    for name, want in _numeric(s, values).items():
        if name == 'p':      # the predicate: a step function, no gradient
            assert not grads[name].any()
            continue
        np.testing.assert_allclose(grads[name], want, rtol=1e-5, atol=1e-7, err_msg=name)


def test_a_while_loop_that_runs_no_step_gives_its_loop_vars_and_zero_step_outputs():
    s = _while()
    exe = s.bind(mx.cpu(), {'i': nd.array([9.]), 's': nd.array([0.5, -0.25]), 'x': nd.array([0.7, 1.1])})
    outs = exe.forward()
    assert outs[0].shape == (3, 2) and not outs[0].asnumpy().any()
    np.testing.assert_allclose(outs[1].asnumpy(), [0.5, -0.25])


def test_foreach_with_an_unknown_dimension_is_decided_by_binding():
    _fresh()
    data, h = mx.sym.var('data', shape=(0, 3)), mx.sym.var('h')
    outs, states = mx.sym.contrib.foreach(lambda x, st: (x + st[0], [st[0] * 2]), data, [h])
    s = mx.sym.Group([outs, states[0]])
    arg_shapes, out_shapes, _ = s.infer_shape_partial(h=(3,))
    assert arg_shapes[0][1:] == (3,) and arg_shapes[1] == (3,)
    exe = s.simple_bind(mx.cpu(), data=(5, 3), h=(3,))
    assert [o.shape for o in exe.forward()] == [(5, 3), (3,)]


# ---- hybridized blocks ------------------------------------------------------------------------------------
class _While(gluon.HybridBlock):
    def hybrid_forward(self, F, x, h):
        outs, final = F.contrib.while_loop(
            lambda i, acc: i < 3, lambda i, acc: ([acc * 2], [i + 1, acc + F.sum(x, axis=0) * h]),
            [F.zeros((1,)), h], max_iterations=5)
        return final[1]


class _Foreach(gluon.HybridBlock):
    def hybrid_forward(self, F, x, h):
        def step(xi, states):
            new = F.tanh(xi * h + states[0])
            return new, [new * 0.5]
        outs, states = F.contrib.foreach(step, x, [h])
        return F.broadcast_add(outs, states[0])


class _Cond(gluon.HybridBlock):
    def hybrid_forward(self, F, x, h):
        return F.contrib.cond(F.sum(h) > 0, lambda: F.broadcast_mul(x, h), lambda: F.broadcast_add(x, h) * x)


@pytest.mark.parametrize('block', [_While, _Foreach, _Cond])
@pytest.mark.parametrize('h', [[0.1, 0.2], [-0.3, 0.1]])
def test_a_hybridized_block_gives_the_outputs_and_gradients_of_its_eager_run(block, h):
    results = []
    for hybridize in (False, True):
        net = block()
        net.initialize()
        if hybridize:
            net.hybridize()
        for _ in range(2):        # the second call runs the cached program
            x = nd.array([[0.5, -1.0], [2.0, 0.3], [-0.7, 1.1]])
            hh = nd.array(h)
            x.attach_grad()
            hh.attach_grad()
            with autograd.record():
                out = net(x, hh)
                total = (out * out).sum()
            total.backward()
        results.append((out.asnumpy(), x.grad.asnumpy(), hh.grad.asnumpy()))
    for eager, hybrid in zip(*results):
        np.testing.assert_allclose(hybrid, eager, rtol=1e-5, atol=1e-6)


def test_the_hybridized_while_loop_gradient_of_a_free_input_sums_every_step():
    # final = h + 3 * sum(x, axis=0) * h, so d sum(final) / dx = 3 h in every row (MXNet 1.9.1's hybridized
    # run gives h: one step's share)
    net = _While()
    net.initialize()
    net.hybridize()
    x = nd.array([[0.5, -1.0], [2.0, 0.3], [-0.7, 1.1]])
    x.attach_grad()
    with autograd.record():
        total = net(x, nd.array([0.1, 0.2])).sum()
    total.backward()
    np.testing.assert_allclose(x.grad.asnumpy(), np.tile([0.3, 0.6], (3, 1)), rtol=1e-6)


# ---- errors ------------------------------------------------------------------------------------------------
def test_errors_of_bad_bodies_name_the_problem():
    _fresh()
    i, a = mx.sym.var('i'), mx.sym.var('a')
    with pytest.raises(ValueError, match='max_iterations should be specified'):
        mx.sym.contrib.while_loop(lambda i: i < 3, lambda i: (None, [i + 1]), [i])
    with pytest.raises(ValueError, match='number of loop_vars should be consistent'):
        mx.sym.contrib.while_loop(lambda i: i < 3, lambda i: (None, [i + 1, i]), [i], max_iterations=3)
    with pytest.raises(ValueError, match='Return of cond must be a Symbol'):
        mx.sym.contrib.while_loop(lambda i: 1, lambda i: (None, [i + 1]), [i], max_iterations=3)
    with pytest.raises(AssertionError, match='foreach input must be'):
        mx.sym.contrib.foreach(lambda x, s: (x, s), [1], [a])
    with pytest.raises(AssertionError, match='different format'):
        mx.sym.contrib.foreach(lambda x, s: (x, [s[0], s[0]]), i, [a])
    with pytest.raises(ValueError, match='Number of outputs differs'):
        mx.sym.contrib.cond(a > 0, lambda: [a, a], lambda: a)


def test_a_cond_predicate_of_another_type_than_float32_is_an_infer_type_error():
    s = _cond()
    with pytest.raises(mx.base.MXNetError, match='predicate of cond must be float32'):
        s.infer_type(p='float64')
    arg_types, out_types, _ = s.infer_type(a='float64')
    assert [np.dtype(t).name for t in arg_types] == ['float32', 'float64', 'float64']
