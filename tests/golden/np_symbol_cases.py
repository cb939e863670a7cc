"""mx.sym.np / mx.sym.npx (issue 12): NumPy-semantics Symbols from Symbol.as_np_ndarray(), graphs of
sym.np functions turned back with as_nd_ndarray(), their inferred shapes, and their values and gradients
when bound and run."""
A = "a = mx.sym.var('a').as_np_ndarray()\n"
AB = A + "b = mx.sym.var('b').as_np_ndarray()\n"
X = "mx.nd.array([[1., 2., 3.], [4., 5., 6.]])"
Y = "mx.nd.array([[1., 0.], [2., 1.], [0., 3.]])"
SQ = "mx.nd.array([[2., 1.], [1., 3.]])"


def _run(expr, args, grad=False):
    """Statements binding the legacy form of `expr` to `args` ({name: array text}) and running it (with
    a backward of ones when `grad`)."""
    arrays = ', '.join("'{}': {}".format(k, v) for k, v in args.items())
    code = "s = ({}).as_nd_ndarray()\nargs = {{{}}}\n".format(expr, arrays)
    if not grad:
        return code + "result = s.bind(mx.cpu(), args).forward()[0]"
    grads = ', '.join("'{}': mx.nd.zeros(args['{}'].shape)".format(k, k) for k in args)
    return code + ("grads = {{{}}}\nex = s.bind(mx.cpu(), args, args_grad=grads)\nout = ex.forward(is_train=True)[0]\n"
                   "ex.backward(mx.nd.ones(out.shape))\nresult = [out] + [grads[k] for k in sorted(grads)]").format(grads)


CASES = [
    ('as_np_type', A + "result = type(a).__name__"),
    ('as_np_then_nd_type', A + "result = type(a.as_nd_ndarray()).__name__"),
    ('np_function_type', AB + "result = type(mx.sym.np.dot(a, b)).__name__"),
    ('np_function_arguments', AB + "result = mx.sym.np.tensordot(a, b, 1).list_arguments()"),
    ('np_stack_type', AB + "result = type(mx.sym.np.stack([a, b])).__name__"),
    ('np_split_parts', A + "parts = mx.sym.np.split(a, 3)\nresult = [type(parts).__name__, len(parts), "
                           "type(parts[0]).__name__]"),
    ('np_dot_infer_shape', AB + "result = mx.sym.np.dot(a, b).as_nd_ndarray().infer_shape(a=(2, 3), b=(3, 2))"),
    ('np_sum_infer_shape', A + "result = mx.sym.np.sum(a, axis=1, keepdims=True).as_nd_ndarray()"
                               ".infer_shape(a=(2, 3))"),
    ('np_tensordot_forward', AB + _run("mx.sym.np.tensordot(a, b, 1)", {'a': X, 'b': Y})),
    ('np_tensordot_gradients', AB + _run("mx.sym.np.tensordot(a, b, 1)", {'a': X, 'b': Y}, grad=True)),
    ('np_sum_axis_forward', A + _run("mx.sym.np.sum(a, axis=0)", {'a': X})),
    ('np_mean_gradient', A + _run("mx.sym.np.mean(a, axis=1)", {'a': X}, grad=True)),
    ('np_prod_gradient', A + _run("mx.sym.np.prod(a, axis=1)", {'a': X}, grad=True)),
    ('np_roll_forward', A + _run("mx.sym.np.roll(a, 1, axis=1)", {'a': X})),
    ('np_stack_forward', AB + _run("mx.sym.np.stack([a, b], axis=0)", {'a': X, 'b': X})),
    ('np_outer_gradient', AB + _run("mx.sym.np.outer(a, b)", {'a': "mx.nd.array([1., 2.])",
                                                                'b': "mx.nd.array([3., 4., 5.])"}, grad=True)),
    ('np_arith_forward', AB + _run("a * 2 + b - 1", {'a': X, 'b': X})),
    ('np_arith_reflected_forward', A + _run("10 - a / 2", {'a': X})),
    ('np_linalg_det_gradient', A + "with mx.np_shape(True):\n    " + _run("mx.sym.np.linalg.det(a)", {'a': SQ},
                                                                           grad=True).replace("\n", "\n    ")),
    ('npx_relu_forward', A + _run("mx.sym.npx.relu(a - 3)", {'a': X})),
    ('np_method_sum_forward', A + _run("a.sum(axis=1)", {'a': X})),
    ('np_reshape_method_forward', A + _run("a.reshape((3, 2))", {'a': X})),
    ('np_transpose_property_forward', A + _run("a.T", {'a': X})),
]
CASES += [
    ('np_sum_all_legacy_shape', A + _run("mx.sym.np.sum(a)", {'a': X})),
    ('np_sum_all_infer_legacy', A + "result = mx.sym.np.sum(a).as_nd_ndarray().infer_shape(a=(2, 3))"),
    ('np_sum_all_np_shape', A + "with mx.np_shape(True):\n    " + _run("mx.sym.np.sum(a)", {'a': X}).replace(
        "\n", "\n    ")),
]
# np.dot's shape relations: an unknown size of one input decided by the other (NumPy-shape mode, -1 unknown)
_DOT_UNKNOWN = "with mx.np_shape(True):\n    result = mx.sym.np.dot(a, b).as_nd_ndarray().infer_shape(a={}, b={})"
CASES += [
    ('np_dot_infer_param_2d', AB + _DOT_UNKNOWN.format((64, 10), (-1, 7))),
    ('np_dot_infer_data_2d', AB + _DOT_UNKNOWN.format((-1, 5), (5, 3))),
    ('np_dot_infer_vector', AB + _DOT_UNKNOWN.format((2, 3, 4), (-1,))),
    ('np_dot_infer_nd', AB + _DOT_UNKNOWN.format((2, 3, 4), (6, -1, 7))),
    ('np_dot_infer_inner', AB + _DOT_UNKNOWN.format((-1,), (4,))),
    ('np_dot_infer_vector_matrix', AB + _DOT_UNKNOWN.format((4,), (-1, 5))),
    ('np_dot_infer_mismatch', AB + _DOT_UNKNOWN.format((2, 3), (4, 5)), {'errors': ('MXNetError',)}),
    # Gluon in NumPy mode: parameters' variables are np symbols marking unknown sizes -1
    ('np_param_var', "with mx.np_shape(True), mx.util.np_array(True):\n    p = gluon.Parameter('w', shape=(0, 3))\n"
                     "    v = p.var()\n    result = [type(v).__name__, v.attr('__shape__')]"),
    ('np_hybrid_deferred_dot', """
class Net(gluon.HybridBlock):
    def __init__(self):
        super().__init__(prefix='net_')
        with self.name_scope():
            self.w1 = self.params.get('w1', shape=(0, 4), allow_deferred_init=True)
            self.w2 = self.params.get('w2', shape=(4, 2), allow_deferred_init=True)
    def hybrid_forward(self, F, x, w1, w2):
        return F.npx.relu(x.dot(w1)).dot(w2)
mx.npx.set_np()
try:
    net = Net()
    net.initialize(mx.init.Constant(0.5))
    net.hybridize()
    out = net(mx.np.ones((3, 5)))
    result = [type(out).__name__, out.as_nd_ndarray(), net.w1.shape, net.w2.shape]
finally:
    mx.npx.reset_np()
"""),
]
# NumPy indexing of a one-output np symbol (ints, slices with negative steps, None, Ellipsis), values and
# gradients; a split into one part is a list; blocks hybridized in NumPy mode, exported and imported back
C = "mx.nd.array([[[1., 2.], [3., 4.], [5., 6.]], [[7., 8.], [9., 10.], [11., 12.]]])"
CASES += [
    ('np_slice_last_row', A + _run("a[:, -1]", {'a': X})),
    ('np_slice_range', A + _run("a[1:3]", {'a': C})),
    ('np_slice_negative_step', A + _run("a[::-1, 2:0:-1]", {'a': C})),
    ('np_slice_step_two', A + _run("a[:, ::2, 1]", {'a': C})),
    ('np_slice_newaxis_ellipsis', A + _run("a[..., None, 0]", {'a': C}), {'errors': ('IndexError',)}),
    ('np_slice_list', A + _run("a[[0, 1]]", {'a': C}), {'errors': ('IndexError',)}),
    ('np_slice_int', A + _run("a[1]", {'a': X})),
    ('np_slice_gradient', A + _run("a[:, 1:, ::-1] * 3", {'a': C}, grad=True)),
    ('np_slice_type', A + "result = type(a[0]).__name__"),
    ('np_slice_infer_shape', A + "result = a[1:, ::-2].as_nd_ndarray().infer_shape(a=(5, 7))"),
    ('np_split_one_part', A + "parts = mx.sym.np.split(a, 1)\nresult = [type(parts).__name__, len(parts)]"),
    ('np_hsplit_one_part', A + "parts = mx.sym.np.hsplit(a, 1)\nresult = [type(parts).__name__, len(parts)]"),
]
_SAVE_LOAD = """
class Net(gluon.HybridBlock):
    def __init__(self):
        super().__init__(prefix='net_')
        with self.name_scope():
            self.layer = gluon.nn.Dense(3, flatten=False)
    def hybrid_forward(self, F, x, y):
        x = F.np.split(x, 1)[0]
        return self.layer(x[:, -1, :] + y[:, ::-1, :][:, 0]) * 2
mx.npx.set_np()
try:
    net = Net()
    net.initialize(mx.init.Constant(0.25))
    net.hybridize()
    x = mx.np.array(np.arange(24., dtype='float32').reshape(2, 3, 4))
    y = mx.np.ones((2, 3, 4))
    out = net(x, y)
    net.export(tmpdir + '/m')
    back = gluon.SymbolBlock.imports(tmpdir + '/m-symbol.json', ['data0', 'data1'], tmpdir + '/m-0000.params')
    again = back(x, y)
    result = [type(out).__name__, out.as_nd_ndarray(), type(again).__name__, again.as_nd_ndarray(),
              sorted(back.collect_params().keys())]
finally:
    mx.npx.reset_np()
"""
CASES += [
    ('np_hybrid_export_imports', _SAVE_LOAD),
]
CASES += [
    ('np_unravel_index_type', A + "result = type(mx.sym.np.unravel_index(a, (3, 4))).__name__"),
    ('np_average_returned_parts', A + "out = mx.sym.np.average(a, axis=0, returned=True)\n"
                                      "result = [type(out).__name__, len(out), type(out[0]).__name__]"),
]
CASES += [
    ('np_flatten_method_forward', A + _run("a.flatten()", {'a': C})),
    ('np_flatten_method_shape', A + "result = a.flatten().as_nd_ndarray().infer_shape(a=(2, 0, 1))"),
]
