"""Symbolic control flow: mx.sym.contrib.foreach / while_loop / cond graphs as MXNet 1.9.1 builds, writes
and infers them (JSON compared byte for byte, the files kept for tests/test_control_flow_sym.py, which loads
MXNet's own files), executors running them forward and backward, F.contrib's loops inside hybridized
HybridBlocks, and the errors of bad bodies.

Each case starts from fresh subgraph name counters (MXNet numbers subgraphs per process), so that an answer
does not depend on the cases run before it."""

FRESH = "mx.attribute.AttrScope._subgraph_names.clear()\n"

# a tanh recurrence over axis 0 of data, with a weight taken from outside the body
FOREACH = FRESH + """
data, h, w = mx.sym.var('data'), mx.sym.var('h'), mx.sym.var('w')
def step(x, states):
    new = mx.sym.tanh(x * w + states[0])
    return new * 2, [new]
outs, states = mx.sym.contrib.foreach(step, data, [h])
s = mx.sym.Group([outs, states[0]])
"""
FOREACH_ARGS = """
args = {'data': nd.array([[0.5, -1.0, 0.2], [2.0, 0.3, -0.4], [-0.7, 1.1, 0.9], [0.1, 0.2, 0.3]]),
        'h': nd.array([0.1, -0.2, 0.3]), 'w': nd.array([0.8, -0.6, 1.2])}
"""

# i counts up to 4 while s accumulates i * x (x from outside); the step output is s * i
WHILE = FRESH + """
i, s_, x = mx.sym.var('i'), mx.sym.var('s'), mx.sym.var('x')
outs, final = mx.sym.contrib.while_loop(
    cond=lambda i, s: i < 4,
    func=lambda i, s: ([mx.sym.broadcast_mul(s, i)], [i + 1, s + mx.sym.broadcast_mul(i, x)]),
    loop_vars=[i, s_], max_iterations=6)
s = mx.sym.Group([mx.sym.slice_axis(outs[0], axis=0, begin=0, end=3), final[0], final[1]])
"""
WHILE_ARGS = """
args = {'i': nd.array([1.]), 's': nd.array([0.5, -0.25]), 'x': nd.array([1.5, 2.0])}
"""

COND = FRESH + """
a, b, p = mx.sym.var('a'), mx.sym.var('b'), mx.sym.var('p')
s = mx.sym.contrib.cond(p > 0, lambda: [a * b, a + 1], lambda: [a - b, b * b])
s = mx.sym.Group(s)
"""

DESCRIBE = """
result = {'json': s.tojson(), 'arguments': s.list_arguments(), 'outputs': s.list_outputs(),
          'inputs': s.list_inputs(), 'internals': len(s.get_internals().list_outputs())}
"""


def _saved(build, filename, shapes, types):
    return (build + "s.save(tmpdir + '/%s')\n" % filename + DESCRIBE
            + "result['shapes'] = s.infer_shape(%s)\nresult['types'] = s.infer_type(%s)\n" % (shapes, types)
            + "result['argument_shapes'] = s.infer_shape_partial(%s)[0]\n" % shapes)


def _graph_only(build, filename, shapes, types):
    # MXNet 1.9.1 leaves the outputs of while_loop and cond undecided in infer_shape (their shapes come
    # from running them), mxtorch decides them: only the argument shapes are compared
    return (build + "s.save(tmpdir + '/%s')\n" % filename + DESCRIBE
            + "result['types'] = s.infer_type(%s)\n" % types
            + "result['argument_shapes'] = s.infer_shape_partial(%s)[0]\n" % shapes)


# forward and backward of `s` bound to `args`, with head gradients of ones times 0.5 + the output's index
RUN = """
exe = s.bind(mx.cpu(), args, args_grad={k: nd.zeros_like(v) for k, v in args.items()})
outs = exe.forward(is_train=True)
heads = [nd.ones_like(o) * (0.5 + k) for k, o in enumerate(outs)]
exe.backward(heads)
result = {'outputs': [o.copy() for o in outs], 'grads': {k: g.copy() for k, g in exe.grad_dict.items()}}
"""

HYBRID = """
class Net(gluon.HybridBlock):
    def hybrid_forward(self, F, x, h):
{body}
results = []
for hybridize in (False, True):
    mx.attribute.AttrScope._subgraph_names.clear()
    net = Net()
    net.initialize()
    if hybridize:
        net.hybridize()
    x = nd.array([[0.5, -1.0], [2.0, 0.3], [-0.7, 1.1]])
    h = nd.array([0.1, 0.2])
    x.attach_grad()
    with autograd.record():
        out = net(x, h)
        total = sum((o * (k + 1)).sum() for k, o in enumerate(out if isinstance(out, (list, tuple)) else [out]))
    total.backward()
    # the gradient of the eager run only: MXNet 1.9.1's hybridized while_loop sums a free input's gradient
    # over one step only (tests/test_control_flow_sym.py checks mxtorch's against the eager one)
    results.append([out, x.grad.copy()] if not hybridize else [out])
result = results
"""

CASES = [
    # ---- graphs: MXNet's JSON (the files are read back by tests/test_control_flow_sym.py) ----------------
    ('foreach_graph', _saved(FOREACH, 'foreach.json', "data=(4, 3), h=(3,), w=(3,)", "data='float64'"),
     {'files': ('foreach.json',)}),
    ('while_graph', _graph_only(WHILE, 'while.json', "i=(1,), s=(2,), x=(2,)", "i='float32'"),
     {'files': ('while.json',)}),
    ('cond_graph', _graph_only(COND, 'cond.json', "a=(2,), b=(2,), p=(1,)", "a='float64'"), {'files': ('cond.json',)}),
    ('foreach_nested_lists', FRESH + """
d1, d2, h1, h2 = [mx.sym.var(n) for n in ('d1', 'd2', 'h1', 'h2')]
def step(data, states):
    a, b = data
    (p,), q = states
    return [a * b, [a + p]], [[p + a], q * b]
outs, states = mx.sym.contrib.foreach(step, [d1, d2], [[h1], h2])
s = mx.sym.Group([outs[0], outs[1][0], states[0][0], states[1]])
""" + DESCRIBE + "result['shapes'] = s.infer_shape(d1=(3, 2), d2=(3, 2), h1=(2,), h2=(2,))\n"),
    ('foreach_partial_shapes', FOREACH + "result = s.infer_shape_partial(data=(5, 3))"),
    ('while_types_int', FRESH + """
i, t = mx.sym.var('i'), mx.sym.var('t')
outs, final = mx.sym.contrib.while_loop(lambda i, t: i < 10, lambda i, t: (i * 2, [i + 1, t + i]), [i, t],
                                        max_iterations=5)
s = mx.sym.Group([outs, final[0], final[1]])
result = [s.infer_type(i='int64', t='int64'), s.infer_shape_partial(i=(1,), t=(1,))[0]]
"""),
    ('cond_types', COND + "result = [s.infer_type(b='float16'), s.infer_type_partial()]"),
    ('cond_types_predicate_not_float32', COND + "s.infer_type(p='float64')"),
    ('json_roundtrip', WHILE + "t = mx.sym.load_json(s.tojson())\nresult = [t.tojson() == s.tojson(), "
                                "t.list_arguments(), t.infer_shape_partial(i=(1,), s=(2,), x=(2,))[0]]"),

    # ---- executors: forward and backward --------------------------------------------------------------
    ('foreach_run', FOREACH + FOREACH_ARGS + RUN, {'rtol': 1e-5, 'atol': 1e-5}),
    ('foreach_run_inference', FOREACH + FOREACH_ARGS
     + "exe = s.bind(mx.cpu(), args)\nresult = [o.copy() for o in exe.forward()]"),
    ('foreach_1d_data', FRESH + """
data, h = mx.sym.var('data'), mx.sym.var('h')
outs, states = mx.sym.contrib.foreach(lambda x, st: ([x[0] * st[0]], [st[0] * 2 + x[0]]), [data], [h])
s = mx.sym.Group([outs[0], states[0]])
args = {'data': nd.array([1., 2., 3.]), 'h': nd.array([0.5])}
""" + RUN),
    ('while_run', WHILE + WHILE_ARGS + RUN, {'rtol': 1e-5, 'atol': 1e-5}),
    ('while_no_step', WHILE + """
s = mx.sym.Group([final[0], final[1]])
args = {'i': nd.array([7.]), 's': nd.array([0.5, -0.25]), 'x': nd.array([1.5, 2.0])}
exe = s.bind(mx.cpu(), args)
result = [o.copy() for o in exe.forward()]
"""),
    ('cond_run_then', COND + "args = {'a': nd.array([1., 2.]), 'b': nd.array([3., 4.]), 'p': nd.array([1.])}\n"
     + RUN),
    ('cond_run_else', COND + "args = {'a': nd.array([5., 2.]), 'b': nd.array([3., -4.]), 'p': nd.array([-2.])}\n"
     + RUN),
    ('foreach_in_foreach', FRESH + """
data, h = mx.sym.var('data'), mx.sym.var('h')
def step(x, states):
    def inner(xi, st):
        new = mx.sym.tanh(st[0] * 0.5 + xi)
        return new, [new]
    return mx.sym.contrib.foreach(inner, x, states)
outs, states = mx.sym.contrib.foreach(step, data, [h])
s = mx.sym.Group([outs, states[0]])
args = {'data': nd.array([[[0.5, -1.0], [2.0, 0.3]], [[-0.7, 1.1], [0.2, 0.4]], [[0.3, 0.3], [-1., 1.]]]),
        'h': nd.array([0.1, 0.2])}
""" + RUN, {'rtol': 1e-5, 'atol': 1e-5}),
    ('while_in_while', FRESH + """
i, j, acc = mx.sym.var('i'), mx.sym.var('j'), mx.sym.var('acc')
def outer(i, j, acc):
    outs, (i2, j2, acc2) = mx.sym.contrib.while_loop(
        lambda i, j, acc: j < 2, lambda i, j, acc: (acc, (i, j + 1, mx.sym.tanh(mx.sym.broadcast_add(acc * 0.5, i)))), (i, j, acc),
        max_iterations=2)
    return outs, (i2 + 1, j2 - 2, acc2)
outs, (i3, j3, acc3) = mx.sym.contrib.while_loop(lambda i, j, acc: i < 3, outer, (i, j, acc), max_iterations=3)
s = mx.sym.Group([outs, i3, acc3])
args = {'i': nd.array([0.]), 'j': nd.array([0.]), 'acc': nd.array([0.25, -0.5, 1.0])}
""" + RUN, {'rtol': 1e-5, 'atol': 1e-5}),

    # ---- F.contrib inside hybridized blocks (eager, then hybridized) ----------------------------------
    ('hybrid_foreach', HYBRID.format(body="""        def step(xi, states):
            new = F.tanh(xi + states[0])
            return new, [new * 0.5]
        outs, states = F.contrib.foreach(step, x, [h])
        return outs, states[0]"""), {'rtol': 1e-5, 'atol': 1e-6}),
    ('hybrid_while', HYBRID.format(body="""        outs, final = F.contrib.while_loop(
            lambda i, acc: i < 3, lambda i, acc: ([acc * 2], [i + 1, acc + F.sum(x, axis=0) * h]),
            [F.zeros((1,)), h], max_iterations=5)
        return final[1]"""), {'rtol': 1e-5, 'atol': 1e-6}),
    ('hybrid_cond', HYBRID.format(body="""        return F.contrib.cond(F.sum(h) > 0, lambda: F.broadcast_mul(x, h), lambda: F.broadcast_add(x, h))"""),
     {'rtol': 1e-5, 'atol': 1e-6}),

    # ---- bad bodies -------------------------------------------------------------------------------------
    ('while_needs_max_iterations', FRESH + "i = mx.sym.var('i')\n"
     "mx.sym.contrib.while_loop(lambda i: i < 3, lambda i: (None, [i + 1]), [i])"),
    ('while_loop_vars_count_changes', FRESH + "i = mx.sym.var('i')\n"
     "mx.sym.contrib.while_loop(lambda i: i < 3, lambda i: (None, [i + 1, i]), [i], max_iterations=3)"),
    ('while_cond_not_symbol', FRESH + "i = mx.sym.var('i')\n"
     "mx.sym.contrib.while_loop(lambda i: 1, lambda i: (None, [i + 1]), [i], max_iterations=3)"),
    ('foreach_data_not_symbol', FRESH + "mx.sym.contrib.foreach(lambda x, s: (x, s), [1], [mx.sym.var('h')])"),
    ('foreach_states_layout_changes', FRESH + "d, h = mx.sym.var('d'), mx.sym.var('h')\n"
     "mx.sym.contrib.foreach(lambda x, s: (x, [s[0], s[0]]), d, [h])"),
    ('cond_branch_counts_differ', FRESH + "a = mx.sym.var('a')\n"
     "mx.sym.contrib.cond(a > 0, lambda: [a, a], lambda: a)"),
    ('cond_pred_two_outputs', FRESH + "a = mx.sym.var('a')\n"
     "mx.sym.contrib.cond(mx.sym.split(a, num_outputs=2), lambda: a, lambda: a)"),
]
