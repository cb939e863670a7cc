"""Imperative control flow of mx.nd.contrib (foreach, while_loop, cond), rand_zipfian, and the module's
other names: results, layouts of nested outputs, gradients through the loops, errors."""

WHILE = """
cond = lambda i, s: i <= 5
func = lambda i, s: ([i + s], [i + 1, s + i])
outputs, states = nd.contrib.while_loop(cond, func, (nd.array([0], dtype='int64'), nd.array([1], dtype='int64')),
                                        max_iterations=10)
"""

CASES = [
    # foreach
    ('foreach_single', """
step = lambda data, states: (data + states[0], [states[0] * 2])
result = nd.contrib.foreach(step, nd.arange(12).reshape((4, 3)), [nd.ones(3)])
"""),
    ('foreach_list_data_nested_outputs', """
def step(data, states):
    a, b = data
    h, = states
    h = h * 0.5 + a * b
    return [h, [a - b, a.sum()]], [h]
result = nd.contrib.foreach(step, [nd.arange(6).reshape((3, 2)), nd.ones((3, 2)) * 2], [nd.zeros(2)])
"""),
    ('foreach_state_layout_kept', """
step = lambda x, s: (x * 2, (s[0] + x, [s[1][0] * x]))
result = nd.contrib.foreach(step, nd.array([1., 2., 3.]), [nd.array([0.]), [nd.array([1.])]])
"""),
    ('foreach_states_array', """
step = lambda x, s: (x + s, s + 1)
result = nd.contrib.foreach(step, nd.arange(4).reshape((2, 2)), nd.zeros(2))
"""),
    ('foreach_grad', """
x = nd.array([[0.5, -1.0], [2.0, 0.3], [-0.7, 1.1]])
h0 = nd.array([0.1, 0.2])
x.attach_grad()
h0.attach_grad()
with autograd.record():
    outs, (h,) = nd.contrib.foreach(lambda xi, s: (nd.tanh(xi + s[0]), [nd.tanh(xi + s[0]) * 0.9]), x, [h0])
    total = outs.sum() + h.sum() * 2
total.backward()
result = [outs, h, x.grad, h0.grad]
""", {'rtol': 1e-5, 'atol': 1e-6}),
    ('foreach_data_not_array', "nd.contrib.foreach(lambda x, s: (x, s), np.ones((2, 2)), [nd.zeros(2)])"),
    ('foreach_data_list_of_numbers', "nd.contrib.foreach(lambda x, s: (x, s), [nd.ones((2, 2)), 3], [nd.zeros(2)])"),
    ('foreach_states_not_arrays', "nd.contrib.foreach(lambda x, s: (x, s), nd.ones((2, 2)), [1.0])"),
    ('foreach_output_not_array', "nd.contrib.foreach(lambda x, s: (1.0, s), nd.ones((2, 2)), [nd.zeros(2)])"),
    # MXNet fails on a name it never bound (UnboundLocalError); mxtorch says what is wrong
    ('foreach_no_steps', "nd.contrib.foreach(lambda x, s: (x, s), nd.zeros((0, 2)), [nd.zeros(2)])",
     {'errors': ('ValueError',)}),
    # while_loop
    ('while_loop_doc_example', WHILE + "result = [outputs[0][:6], states]"),
    ('while_loop_shapes', WHILE + "result = [len(outputs), outputs[0].shape, outputs[0].dtype]"),
    ('while_loop_single_var', """
outputs, last = nd.contrib.while_loop(lambda x: x.sum() < 10, lambda x: (x * 1, x * 2), nd.array([1., 2.]),
                                      max_iterations=5)
result = [outputs[0][:2], last, type(last).__name__]
"""),
    ('while_loop_no_output', """
outputs, last = nd.contrib.while_loop(lambda i, s: i < 3, lambda i, s: (None, [i + 1, s * 2]),
                                      [nd.array([0.]), nd.array([1.])], max_iterations=8)
result = [outputs, last]
"""),
    ('while_loop_tuple_output_nested', """
outputs, last = nd.contrib.while_loop(lambda i: i < 2, lambda i: ((i * 2, [i * 3]), (i + 1,)), [nd.array([0.])],
                                      max_iterations=2)
result = [outputs, last]
"""),
    ('while_loop_never_runs', """
outputs, last = nd.contrib.while_loop(lambda i: i > 5, lambda i: ([i], [i + 1]), [nd.array([0.])], max_iterations=3)
result = [outputs, last]
"""),
    ('while_loop_max_iterations_array', """
outputs, last = nd.contrib.while_loop(lambda i: i < 100, lambda i: ([i], [i + 1]), [nd.array([0.])],
                                      max_iterations=nd.array([3]))
result = [outputs, last]
"""),
    ('while_loop_python_condition', """
outputs, last = nd.contrib.while_loop(lambda i: True, lambda i: ([i], [i + 1]), [nd.array([0.])], max_iterations=2)
result = [outputs, last]
"""),
    ('while_loop_grad', """
x = nd.array([0.5, 1.5])
x.attach_grad()
with autograd.record():
    outputs, (s, n) = nd.contrib.while_loop(lambda s, n: n < 3, lambda s, n: ([s * s], [s * x + 1, n + 1]),
                                            [x, nd.array([0.])], max_iterations=4)
    total = outputs[0][:3].sum() + s.sum()
total.backward()
result = [outputs[0][:3], s, x.grad]
""", {'rtol': 1e-5, 'atol': 1e-6}),
    ('while_loop_missing_max', "nd.contrib.while_loop(lambda i: i < 2, lambda i: ([i], [i + 1]), [nd.array([0.])])"),
    ('while_loop_bad_max', "nd.contrib.while_loop(lambda i: i < 2, lambda i: ([i], [i + 1]), [nd.array([0.])], "
                           "max_iterations='many')"),
    ('while_loop_no_vars', "nd.contrib.while_loop(lambda: True, lambda: ([], []), [], max_iterations=2)"),
    ('while_loop_vars_change_length', "nd.contrib.while_loop(lambda i: i < 2, lambda i: ([i], [i + 1, i]), "
                                      "[nd.array([0.])], max_iterations=3)"),
    ('while_loop_outputs_change_length', """
count = [0]
def func(i):
    count[0] += 1
    return ([i] * count[0], [i + 1])
result = nd.contrib.while_loop(lambda i: i < 3, func, [nd.array([0.])], max_iterations=3)
"""),
    ('while_loop_condition_not_scalar', "nd.contrib.while_loop(lambda i: i < 2, lambda i: ([i], [i + 1]), "
                                        "[nd.array([0., 1.])], max_iterations=3)"),
    # cond
    ('cond_then', """
a, b = nd.array([1.]), nd.array([2.])
result = nd.contrib.cond(a * b < 5, lambda: (a + 5) * (b + 5), lambda: (a - 5) * (b - 5))
"""),
    ('cond_else_list', """
a = nd.array([3., 4.])
result = nd.contrib.cond(a.sum() > 10, lambda: [a, a * 2], lambda: [a - 1, [a * 3]])
"""),
    ('cond_python_pred', "nd.contrib.cond(0, lambda: nd.ones(1), lambda: nd.zeros(1))"),
    ('cond_grad', """
x = nd.array([0.5, -2.0])
x.attach_grad()
with autograd.record():
    y = nd.contrib.cond(x.sum() < 0, lambda: nd.square(x), lambda: x * 3)
y.backward()
result = [y, x.grad]
"""),
    ('cond_pred_not_scalar', "nd.contrib.cond(nd.array([1., 0.]), lambda: nd.ones(1), lambda: nd.zeros(1))"),
    ('cond_pred_unconvertible', "nd.contrib.cond('maybe' if False else object.__new__(type('P', (), {'__bool__': "
                                "lambda self: 1 / 0})), lambda: nd.ones(1), lambda: nd.zeros(1))"),
    # rand_zipfian
    ('rand_zipfian_shapes', """
s, t, c = nd.contrib.rand_zipfian(nd.array([3, 0, 7]), 6, 10)
result = [s.shape, s.dtype, t.shape, t.dtype, c.shape, c.dtype, bool(((s.asnumpy() >= 0) & (s.asnumpy() < 10)).all())]
"""),
    ('rand_zipfian_expected_true', "nd.contrib.rand_zipfian(nd.array([3, 0, 7]), 6, 10)[1]"),
    ('rand_zipfian_expected_sampled_match', """
s, t, c = nd.contrib.rand_zipfian(nd.array([1]), 50, 20)
k = s.asnumpy().astype('float64')
result = float(np.abs(c.asnumpy() - np.log((k + 2) / (k + 1)) / np.log(21) * 50).max())
""", {'atol': 1e-12}),
    # the module's other names
    ('module_names', "[callable(nd.contrib.current_context), nd.contrib.math.pi, nd.contrib.np.pi, "
                     "nd.contrib.mx.nd.contrib is nd.contrib, callable(nd.contrib.uniform), "
                     "sorted(nd.contrib.__all__)]"),
    ('contrib_nd_has_operators', "[hasattr(mx.contrib.nd, n) for n in ('box_nms', 'MultiBoxPrior', 'ROIAlign', "
                                 "'index_copy')]"),
]
