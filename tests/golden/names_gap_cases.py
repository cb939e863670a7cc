"""MXNet's generated operator modules (mx.nd.gen_*, mx.nd.op, mx.sym.gen_*): their name sets and calls."""
_NAMES = "sorted(n for n in dir(__import__(mx.__name__ + '.{0}', fromlist=['x'])) if not n.startswith('_'))"
CASES = [
    ('nd_gen_' + m + '_names', _NAMES.format('ndarray.gen_' + m))
    for m in ('op', 'contrib', 'image', 'linalg', 'random', 'sparse', '_internal')
] + [
    ('sym_gen_' + m + '_names', _NAMES.format('symbol.gen_' + m))
    for m in ('op', 'contrib', 'image', 'linalg', 'random', 'sparse', '_internal')
] + [
    ('nd_op_relu', "__import__(mx.__name__ + '.ndarray.op', fromlist=['x']).relu(nd.array([-1., 2.]))"),
    # MXNet's gen_*.py files are stubs for editors (their functions return (0,)); the working functions are
    # mx.nd.op / mx.sym.op's, and mxtorch's gen_* hold those (docs/differences.md)
    ('nd_op_broadcast_add', "__import__(mx.__name__ + '.ndarray.op', fromlist=['x']).broadcast_add("
     "nd.ones((2, 1)), nd.array([1., 2., 3.]))"),
    ('sym_op_eval', "s = __import__(mx.__name__ + '.symbol.op', fromlist=['x']).FullyConnected("
     "mx.sym.var('x'), num_hidden=2, no_bias=True, name='fc')\n"
     "result = [s.list_arguments(), s.eval(x=nd.array([[1., 2.]]), fc_weight=nd.array([[1., 1.], [0., 2.]]))[0]]"),
]
