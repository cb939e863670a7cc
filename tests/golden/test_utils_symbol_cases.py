"""mx.test_utils' helpers that take Symbols (check_symbolic_forward/backward, check_numeric_gradient,
check_consistency, simple_forward, numeric_grad, same_symbol_structure), as MXNet 1.9.1 runs them."""
T = "mx.test_utils."
SYMS = ("x = mx.sym.var('x')\ny = mx.sym.var('y')\nprod = mx.sym.sin(x) * y\n"
        "a = np.random.uniform(-1, 1, (3, 2))\nb = np.random.uniform(-1, 1, (3, 2))\n")
BN = ("bn = mx.sym.BatchNorm(mx.sym.var('data'), fix_gamma=False, name='bn')\n"
      "d = np.random.uniform(-1, 1, (4, 3, 2, 2))\n")


def passes(code):
    return code + "\nresult = True"


CASES = [
    ('forward_list', SYMS + "result = " + T + "check_symbolic_forward(prod, [a, b], [np.sin(a) * b])"),
    ('forward_dicts', SYMS + "result = " + T + "check_symbolic_forward(prod, {'y': b, 'x': a}, "
                             "{prod.list_outputs()[0]: np.sin(a) * b})"),
    ('forward_float64', SYMS + "result = " + T + "check_symbolic_forward(prod, [a, b], [np.sin(a) * b], "
                               "dtype=np.float64, rtol=1e-12, atol=0)"),
    ('forward_asnumpy', SYMS + "result = " + T + "check_symbolic_forward(x + 1, [np.arange(3, dtype='int32')], "
                               "[np.arange(1, 4)], dtype='asnumpy')"),
    ('forward_aux_states', BN + "out = " + T + "check_symbolic_forward(bn, [d, np.ones(3), np.zeros(3)], "
                                "[d / np.sqrt(1 + 1e-3)], aux_states=[np.zeros(3), np.ones(3)], rtol=1e-4)\n"
                                "result = out"),
    ('forward_mismatch', SYMS + T + "check_symbolic_forward(prod, [a, b], [np.sin(a) * b + 0.1])"),
    ('forward_location_keys', SYMS + T + "check_symbolic_forward(prod, {'x': a}, [a])"),
    ('forward_aux_keys', BN + T + "check_symbolic_forward(bn, [d, np.ones(3), np.zeros(3)], [d], "
                              "aux_states={'bn_moving_mean': np.zeros(3)})"),
    ('forward_bad_dtype', SYMS + T + "check_symbolic_forward(prod, [a, b], [a], dtype=np.int32)"),
    ('backward_write', SYMS + "result = " + T + "check_symbolic_backward(prod, [a, b], [np.ones((3, 2))], "
                              "[np.cos(a) * b, np.sin(a)])"),
    ('backward_add', SYMS + "result = " + T + "check_symbolic_backward(prod, [a, b], [np.ones((3, 2)) * 2], "
                            "{'x': 2 * np.cos(a) * b}, grad_req='add')"),
    ('backward_null_and_write', SYMS + "result = " + T + "check_symbolic_backward(prod, [a, b], "
                                       "{prod.list_outputs()[0]: np.ones((3, 2))}, {'x': np.cos(a) * b, 'y': b}, "
                                       "grad_req={'x': 'write', 'y': 'null'})"),
    ('backward_list_reqs', SYMS + "result = " + T + "check_symbolic_backward(prod, [a, b], [np.ones((3, 2))], "
                                  "[np.cos(a) * b, np.sin(a)], grad_req=['add', 'write'])"),
    ('backward_loss_no_head', "s = mx.sym.make_loss(mx.sym.square(mx.sym.var('x')))\nv = np.array([1., -2., 3.])\n"
                              "result = " + T + "check_symbolic_backward(s, [v], None, [2 * v])"),
    ('backward_mismatch', SYMS + T + "check_symbolic_backward(prod, [a, b], [np.ones((3, 2))], [np.sin(a), b])"),
    ('backward_bad_out_grads', SYMS + T + "check_symbolic_backward(prod, [a, b], nd.ones((3, 2)), [a, b])"),
    ('backward_aux_states', BN + "g = np.random.uniform(-1, 1, (4, 3, 2, 2))\n"
                                 "out = " + T + "check_symbolic_backward(bn, [d, np.ones(3), np.zeros(3)], [g], "
                                 "{'bn_beta': g.sum(axis=(0, 2, 3))}, aux_states=[np.zeros(3), np.ones(3)], rtol=1e-4, "
                                 "atol=1e-4)\nresult = sorted(out)"),
    ('numeric_gradient', passes(SYMS + T + "check_numeric_gradient(prod, [a, b])")),
    ('numeric_gradient_reqs', passes(SYMS + T + "check_numeric_gradient(prod, {'x': a, 'y': b}, "
                                                "grad_nodes={'x': 'add', 'y': 'null'})")),
    ('numeric_gradient_nodes_list', passes(SYMS + T + "check_numeric_gradient(prod, [a, b], grad_nodes=['y'], "
                                                      "dtype=np.float64)")),
    ('numeric_gradient_aux', passes(BN + T + "check_numeric_gradient(bn, [d, np.ones(3), np.zeros(3)], "
                                             "aux_states=[np.zeros(3), np.ones(3)], numeric_eps=1e-2, rtol=0.16, "
                                             "atol=1e-2)")),
    ('numeric_gradient_wrong', "x = mx.sym.var('x')\n" + T + "check_numeric_gradient(mx.sym.BlockGrad(x) * x, "
                               "[np.random.uniform(1, 2, (4,))])"),
    ('numeric_gradient_small_eps', SYMS + T + "check_numeric_gradient(prod, [a, b], numeric_eps=1e-6)"),
    ('numeric_gradient_bad_nodes', SYMS + T + "check_numeric_gradient(prod, [a, b], grad_nodes='x')"),
    ('numeric_gradient_bad_dtype', SYMS + T + "check_numeric_gradient(prod, [a, b], dtype='float32')"),
    ('numeric_grad_executor', "x = mx.sym.var('x')\ns = mx.sym.square(x) * 3\n"
                              "exe = s.bind(mx.cpu(), {'x': nd.zeros((3,))})\n"
                              "g = " + T + "numeric_grad(exe, {'x': np.array([1., 2., -1.])}, eps=1e-2)\n"
                              "result = [g, exe.arg_dict['x']]", {'rtol': 1e-3, 'atol': 1e-3}),
    ('simple_forward_one', SYMS + "result = " + T + "simple_forward(prod, x=a, y=b)"),
    ('simple_forward_group', SYMS + "result = " + T + "simple_forward(mx.sym.Group([prod, x * 2]), x=a, y=b)"),
    ('same_structure', SYMS + "result = [" + T + "same_symbol_structure(prod, mx.sym.sin(y) * x), " + T +
                       "same_symbol_structure(prod, mx.sym.cos(y) * x), " + T +
                       "same_symbol_structure(prod, mx.sym.sin(x))]"),
    ('consistency', "fc = mx.sym.FullyConnected(mx.sym.var('data'), num_hidden=3, name='fc')\n"
                    "ctx = [{'ctx': mx.cpu(), 'data': (2, 4), 'type_dict': {'data': t}} for t in "
                    "(np.float64, np.float32)]\n"
                    "gt = " + T + "check_consistency(fc, ctx)\nresult = {k: v.dtype for k, v in gt.items()}"),
    ('consistency_aux_and_list', "bn = [mx.sym.BatchNorm(mx.sym.var('data'), name='bn', fix_gamma=f) for f in (False, False)]\n"
                                 "ctx = [{'ctx': mx.cpu(), 'data': (2, 3, 2, 2), 'type_dict': {'data': t}} for t in "
                                 "(np.float32, np.float64)]\n"
                                 "gt = " + T + "check_consistency(bn, ctx, grad_req='add', use_uniform=True)\n"
                                 "result = sorted(gt)"),
    ('consistency_null', "s = mx.sym.tanh(mx.sym.var('data'))\nctx = [{'ctx': mx.cpu(), 'data': (3,), "
                         "'type_dict': {'data': t}} for t in (np.float64, np.float32)]\n"
                         "result = sorted(" + T + "check_consistency(s, ctx, grad_req='null'))"),
    ('consistency_ground_truth', "s = mx.sym.tanh(mx.sym.var('data'))\nctx = [{'ctx': mx.cpu(), 'data': (3,), "
                                 "'type_dict': {'data': t}} for t in (np.float64, np.float32)]\n"
                                 + T + "check_consistency(s, ctx, grad_req='null', arg_params={'data': np.zeros(3)}, "
                                 "ground_truth={s.list_outputs()[0]: np.ones(3)})"),
    ('consistency_one_entry', "s = mx.sym.tanh(mx.sym.var('data'))\n" + T +
                              "check_consistency(s, [{'ctx': mx.cpu(), 'data': (3,)}])"),
    ('consistency_different_symbols', "s = mx.sym.tanh(mx.sym.var('data'))\nt = mx.sym.tanh(mx.sym.var('x'))\n" + T +
                                      "check_consistency([s, t], [{'ctx': mx.cpu(), 'data': (3,)}, "
                                      "{'ctx': mx.cpu(), 'x': (3,)}])"),
    ('check_speed_forward', SYMS + "result = " + T + "check_speed(prod, ctx=mx.cpu(), N=2, typ='forward', "
                                   "x=(3, 2), y=(3, 2)) > 0"),
    ('check_speed_whole_location', SYMS + "result = " + T + "check_speed(prod, location={'x': a, 'y': b}, N=2) > 0"),
    ('check_speed_bad_typ', SYMS + T + "check_speed(prod, N=1, typ='backward', x=(3, 2), y=(3, 2))"),
]
