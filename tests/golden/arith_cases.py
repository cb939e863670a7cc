"""Arithmetic and comparison: dtype rules, scalar casting, broadcasting, in-place forms."""
I = "nd.array([1, 2, 3], dtype='int32')"
N = "nd.array([-3, -1, 2, 5], dtype='int32')"
F = "nd.array([-3.5, -1, 2, 5])"
CASES = [
    ('int_times_float_scalar', I + " * 1.5"),
    ('int_plus_np_float', I + " + np.float64(1.5)"),
    ('int_div_scalar', N + " / 2"),
    ('int_div_negative_scalar', N + " / -2"),
    ('scalar_div_int', "7 / " + I),
    ('scalar_minus_int', "2 - " + I),
    ('int_mod', N + " % 2"),
    ('int_mod_negative', N + " % -2"),
    ('float_mod', F + " % 2"),
    ('float_mod_negative', F + " % -2"),
    ('int_mod_array', N + " % nd.array([2, 2, -2, -2], dtype='int32')"),
    ('int_pow_float', I + " ** 0.5"),
    ('float_scalar_pow_int', "0.5 ** " + I),
    ('scalar_pow_float', "2 ** nd.array([1., 2., 3.])"),
    ('int_eq_float_scalar', I + " == 2.5"),
    ('int_gt_float_scalar', I + " > 1.5"),
    ('float_compare', F + " >= 2"),
    ('float_div_zero', F + " / 0"),
    # a scalar on the left of each operator, float and integer arrays
    ('scalars_on_the_left_float', "[f(" + F + ") for f in (lambda x: 1 - x, lambda x: 3 / x, lambda x: 2 ** x, "
     "lambda x: 4 % x, lambda x: 2 > x, lambda x: 2 <= x, lambda x: 2 == x, lambda x: 1 + x, lambda x: 3 * x)]"),
    ('scalars_on_the_left_int', "[f(" + N + ") for f in (lambda x: 1 - x, lambda x: 7 / x, lambda x: 2 ** x, "
     "lambda x: 7 % x, lambda x: 2.5 - x, lambda x: 2 >= x)]"),
    ('scalar_minus_float16', "1 - nd.array([0.5, 2], dtype='float16')"),
    ('scalar_on_the_left_functions', "[nd.subtract(1, " + F + "), nd.divide(3, " + F + "), nd.power(2, " + F + "), "
     "nd.maximum(1, " + F + "), nd.greater(2, " + F + ")]"),
    # operands that are neither arrays nor numbers
    ('list_minus_array', "[1, 2] - nd.ones((2,))"),
    ('array_times_numpy', "nd.ones((2,)) * np.ones(2)"),
    ('add_str', "nd.add(nd.ones((2,)), 'a')"),
    ('uint8_wraps', "nd.array([1, 2], dtype='uint8') - 3"),
    ('float16_overflow', "nd.array([1, 2], dtype='float16') * 1e5"),
    ('mixed_dtype_error', I + " + nd.array([1., 2., 3.])"),
    ('float64_float32_error', "nd.array([1, 2], dtype='float64') + nd.array([1, 2])"),
    ('broadcast_plus', "nd.ones((2, 1, 3)) + nd.ones((4, 1))"),
    ('broadcast_mismatch', "nd.array([1, 2]) + nd.array([1, 2, 3])"),
    ('elemwise_add_shape_error', "nd.elemwise_add(nd.array([1, 2]), nd.array([[1, 2]]))"),
    ('nd_add_scalars', "nd.add(1, 2)"),
    ('nd_add_array_scalar', "nd.add(" + I + ", 2)"),
    ('maximum_int_float', "nd.maximum(" + I + ", 2.5)"),
    ('maximum_scalar_first', "nd.maximum(2.5, " + I + ")"),
    ('power_scalar_base', "nd.power(2, " + I + ")"),
    ('logical_and', "nd.logical_and(" + N + ", nd.array([0, 1, 0, 1], dtype='int32'))"),
    ('logical_not', "nd.logical_not(" + N + ")"),
    ('negate', "-" + F),
    ('abs', "abs(" + F + ")"),
    ('iadd_keeps_identity', "x = nd.ones((2, 2))\ny = x\nx += 1\nresult = [y, x is y]"),
    ('setitem_slice', "x = nd.zeros((2, 3))\nx[1] = 5\nx[:, 0] = nd.array([7, 8])\nresult = x"),
    ('sum_full_shape', "nd.arange(12).reshape((3, 4)).sum()"),
    ('norm_full_shape', "nd.arange(12).reshape((3, 4)).norm()"),
    ('argmax_dtype', "nd.array([[1, 5, 2], [7, 0, 3]]).argmax(axis=1)"),
    ('repr_2d', "nd.array([[1, 2], [3, 4]])", {'repr': True}),
    ('repr_int', "nd.array([1, 2], dtype='int32')", {'repr': True}),
    ('bool_multi_error', "bool(nd.array([0, 1]))"),
    ('bool_single', "bool(nd.array([0]))"),
    ('asscalar', "nd.array([3.5]).asscalar()"),
    ('asscalar_error', "nd.array([1, 2]).asscalar()"),
    # the cube root's gradient 1 / (3 cbrt(x)^2) is infinite at 0 (nd, mx.np, and sparse storage)
    ('cbrt_gradient_at_zero', "x = nd.array([0., 8., -8., 1e-3]); x.attach_grad()\n"
                              "with mx.autograd.record():\n    y = nd.cbrt(x)\ny.backward()\nresult = [y, x.grad]"),
    ('np_cbrt_gradient_at_zero', "a = mx.np.array([0., 8., -27.]); a.attach_grad()\n"
                                 "with mx.autograd.record():\n    b = mx.np.cbrt(a)\nb.backward()\n"
                                 "result = [b.asnumpy(), a.grad.asnumpy()]"),
    ('sparse_cbrt_gradient', "d = mx.sym.var('d', stype='row_sparse')\n"
                             "x = nd.array([[0., 0.], [8., -1.], [0., 0.]]).tostype('row_sparse')\n"
                             "g = nd.zeros((3, 2)).tostype('row_sparse')\n"
                             "ex = mx.sym.sparse.cbrt(d).bind(mx.cpu(), {'d': x}, args_grad={'d': g})\n"
                             "ex.forward(is_train=True)\nex.backward(nd.ones((3, 2)))\n"
                             "result = [ex.outputs[0].stype, ex.outputs[0], g]"),
    # Gamma and log-Gamma at their poles: MXNet's values and gradients (psi is +inf at 0 and below)
    ('gamma_at_poles', "x = nd.array([0., -1., -2., 0.5, -0.5, 3.]); x.attach_grad()\n"
                       "with mx.autograd.record():\n    y = nd.gamma(x)\ny.backward()\nresult = [y, x.grad]"),
    ('gammaln_at_poles', "x = nd.array([0., -1., -2., 0.5, -0.5, 3.]); x.attach_grad()\n"
                         "with mx.autograd.record():\n    y = nd.gammaln(x)\ny.backward()\nresult = [y, x.grad]"),
]
