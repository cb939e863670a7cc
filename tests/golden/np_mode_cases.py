"""mx.np in NumPy mode against legacy arrays and NumPy: mixing mx.np and mx.nd arrays where MXNet refuses,
NumPy names mx.np lacks, the dispatch protocol's fallbacks, Blocks decorated with use_np, and
np.random.multinomial's empty shapes (issue 12)."""
X = "mx.np.array([[1., 2.], [3., 4.]])"
N = "mx.nd.array([[1., 2.], [3., 4.]])"
CASES = [
    # mixing np and nd arrays
    ('np_plus_nd', X + " + " + N),
    ('nd_plus_np', N + " + " + X),
    ('np_times_nd', X + " * " + N),
    ('nd_minus_np', N + " - " + X),
    ('np_iadd_nd', "a = " + X + "\na += " + N + "\nresult = a"),
    ('np_add_nd', "mx.np.add(" + X + ", " + N + ")"),
    ('np_add_nd_first', "mx.np.add(" + N + ", " + X + ")"),
    ('np_add_nd_scalar', "mx.np.add(" + N + ", 2)"),
    ('np_sin_nd', "mx.np.sin(" + N + ")"),
    ('np_dot_nd', "mx.np.dot(" + N + ", " + X + ")"),
    ('np_concatenate_nd', "mx.np.concatenate([" + X + ", " + N + "])"),
    ('np_stack_nd', "mx.np.stack([" + X + ", " + N + "])"),
    ('np_sum_nd', "mx.np.sum(" + N + ")"),
    ('np_reshape_nd', "mx.np.reshape(" + N + ", (4,))"),
    ('np_where_nd', "mx.np.where(" + N + " > 1, " + X + ", " + X + ")"),
    ('npx_relu_nd', "mx.npx.relu(" + N + ")"),
    ('npx_softmax_nd', "mx.npx.softmax(" + N + ")"),
    ('npx_fully_connected_nd', "mx.npx.fully_connected(" + N + ", " + X + ", None, num_hidden=2, no_bias=True)"),
    ('np_array_of_nd', "mx.np.array(" + N + ")"),
    ('np_copyto_nd', X + ".copyto(mx.nd.zeros((2, 2)))"),
    ('np_setitem_nd', "a = " + X + "\na[0] = mx.nd.ones((2,))\nresult = a"),
    ('as_np_then_add', N + ".as_np_ndarray() + " + X),
    ('as_nd_then_add', X + ".as_nd_ndarray() + " + N),
    ('np_plus_numpy', X + " + np.ones((2, 2))"),
    # NumPy names that mx.np does not have: an AttributeError (mxtorch's NumpyNameMissing, a subclass of it
    # whose message names NumPy's function)
    ('np_sinc_missing', "mx.np.sinc", {'errors': ('NumpyNameMissing',)}),
    ('np_fft_missing', "mx.np.fft", {'errors': ('NumpyNameMissing',)}),
    ('np_nanargmax_fallback_exists', "callable(mx.np.nanargmax)"),
    ('np_not_numpy_at_all', "mx.np.no_such_function"),
    ('np_hasattr_sinc', "hasattr(mx.np, 'sinc')"),
    ('np_linalg_matrix_rank_fallback_exists', "callable(mx.np.linalg.matrix_rank)"),
    ('np_linalg_missing', "mx.np.linalg.matrix_exp", {'errors': ('NumpyNameMissing',)}),
    # the dispatch protocol: mx.np for its functions, official NumPy on host copies for the others
    ('dispatch_sum', "np.sum(" + X + ")"),
    ('dispatch_mean_axis', "np.mean(" + X + ", axis=0)"),
    ('dispatch_ufunc_add', "np.add(" + X + ", " + X + ")"),
    ('dispatch_fallback_cumprod', "np.cumprod(" + X + ")"),
    ('dispatch_fallback_flatnonzero', "np.flatnonzero(" + X + ")"),
    ('dispatch_fallback_ufunc_sinc', "np.sinc(" + X + ")"),
    ('dispatch_eigh_values', "np.linalg.eigh(" + X + " + " + X + ".T)[0]", {'atol': 1e-4}),   # (vectors: signs free)
    # Blocks decorated with use_np
    ('use_np_block_params_are_np',
     "@mx.util.use_np\n"
     "class B(gluon.HybridBlock):\n"
     "    def __init__(self):\n"
     "        super().__init__()\n"
     "        with self.name_scope():\n"
     "            self.w = self.params.get('w', shape=(2, 3), allow_deferred_init=True)\n"
     "    def hybrid_forward(self, F, x, w):\n"
     "        return F.np.dot(x, w)\n"
     "net = B()\nnet.initialize(mx.init.One())\nout = net(" + X + ")\n"
     "result = [type(net.w.data()).__name__, type(out).__name__, out]"),
    ('use_np_block_mixed_outputs',
     "@mx.util.use_np\n"
     "class B(gluon.HybridBlock):\n"
     "    def hybrid_forward(self, F, x):\n"
     "        return x.as_nd_ndarray() + x.as_nd_ndarray(), F.np.multiply(x, x)\n"
     "result = B()(" + X + ")"),
    ('use_np_block_mixed_outputs_hybridized',
     "@mx.util.use_np\n"
     "class B(gluon.HybridBlock):\n"
     "    def hybrid_forward(self, F, x):\n"
     "        return x.as_nd_ndarray() + x.as_nd_ndarray(), F.np.multiply(x, x)\n"
     "net = B()\nnet.hybridize()\nresult = net(" + X + ")"),
    ('use_np_block_legacy_output',
     "@mx.util.use_np\n"
     "class B(gluon.HybridBlock):\n"
     "    def hybrid_forward(self, F, x):\n"
     "        return x.as_nd_ndarray() * 2\n"
     "result = B()(" + X + ")"),
    ('undecorated_block_legacy_outputs',
     "class B(gluon.HybridBlock):\n"
     "    def hybrid_forward(self, F, x):\n"
     "        return x.as_nd_ndarray() + x.as_nd_ndarray(), x.as_nd_ndarray() * 2\n"
     "result = [type(o).__name__ for o in B()(" + X + ")]"),
    ('use_np_function_flags',
     "@mx.util.use_np\ndef f():\n    return [mx.util.is_np_array(), mx.util.is_np_shape()]\n"
     "result = f() + [mx.util.is_np_array(), mx.util.is_np_shape()]"),
    # np.random.multinomial: empty sizes and empty pvals give zero counts of the result's shape
    ('multinomial_size_0', "mx.np.random.multinomial(10, [0.2, 0.8], size=0)"),
    ('multinomial_size_with_0', "mx.np.random.multinomial(10, [0.2, 0.8], size=(4, 0, 2))"),
    ('multinomial_empty_pvals', "mx.np.random.multinomial(10, [])"),
    ('multinomial_empty_pvals_size', "mx.np.random.multinomial(10, [], size=(0, 2))"),
    ('multinomial_no_draws', "mx.np.random.multinomial(0, [0.5, 0.5], size=3)"),
    ('multinomial_counts_sum', "mx.np.random.multinomial(7, [0.1, 0.2, 0.7], size=(2, 3)).sum(axis=-1)"),
    ('multinomial_pvals_too_big', "mx.np.random.multinomial(7, [0.7, 0.6, 0.1])"),
]
