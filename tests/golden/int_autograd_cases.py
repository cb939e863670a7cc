"""Gradients through integer nd arrays (legacy mx.nd): an int32/int64 variable's gradient through
arithmetic, indexing, topk/sort, reductions and casts, and the zero gradient of results that are not
differentiable (comparisons, argmax) of float variables. Values are MXNet 1.9.1's."""


def _grad(make, expr, head_grad=None, dtype='int32'):
    """A variable made by `make` (nd expression), `expr` of it recorded as y, y.backward(head_grad):
    the variable's gradient and y."""
    backward = "y.backward()" if head_grad is None else "y.backward({})".format(head_grad)
    return ("x = {}\nx.attach_grad()\nwith mx.autograd.record():\n    y = {}\n{}\n"
            "result = [x.grad, y, str(x.grad.dtype)]").format(make, expr, backward)


_INT = "nd.arange(0, 6, dtype='int32')"
_INT64 = "nd.array([[3, 1, 2], [0, 5, 4]], dtype='int64')"
_FLOAT = "nd.array([1., -2., 3., 0.5])"

CASES = [
    ('scale_shift', _grad(_INT, "x * 2 + 1")),
    ('reflected', _grad(_INT, "10 - x")),
    ('negate', _grad(_INT, "-x")),
    ('square', _grad(_INT, "x * x")),
    ('slice', _grad(_INT, "x[1:4]")),
    ('index_list', _grad(_INT, "x[[0, 2, 2]]")),
    ('two_d_row', _grad(_INT64, "x[1]")),
    ('topk_values', _grad(_INT, "nd.topk(x, k=3, ret_typ='value')", "nd.ones((3,), dtype='int32')")),
    ('sort_descending', _grad(_INT64, "nd.sort(x, axis=1, is_ascend=False)")),
    ('sum_axis', _grad(_INT64, "nd.sum(x, axis=0)")),
    ('cast_then_scale', _grad(_INT, "x.astype('float32') * 0.5")),
    ('reshape', _grad(_INT64, "x.reshape((3, 2)) * 3")),
    ('float_comparison', _grad(_FLOAT, "x > 0")),
    ('float_argmax', _grad(_FLOAT, "nd.argmax(x, axis=0)")),
    ('float_equal', _grad(_FLOAT, "x == 3")),
    # a float variable through an operator asked for an integer result keeps its gradient (mx.np)
    ('np_mean_integer_dtype', "x = mx.np.array([[0.5, -1.0, 2.0], [1.5, 0.25, -0.75]]); x.attach_grad()\n"
                              "with mx.autograd.record():\n    y = mx.np.mean(x, axis=1, dtype='int8')\n"
                              "y.backward()\nresult = [x.grad.asnumpy(), y.asnumpy()]"),
]
