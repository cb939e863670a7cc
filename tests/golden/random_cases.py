"""mx.nd.random, MXNet's legacy top-level samplers and mx.random.seed: shapes, dtypes, contexts and
errors (the numbers differ from MXNet's generators, so values are not compared: option values=False)."""
R = 'nd.random.'
P1 = "nd.array([0, 0.1, 0.2, 0.3, 0.4])"
P2 = "nd.array([[0, 0.1, 0.2, 0.3, 0.4], [0.4, 0.3, 0.2, 0.1, 0]])"
A2 = "nd.array([0.5, 1.5])"
B2 = "nd.array([1.0, 2.0])"
NV = {'values': False}

_SAMPLES = [
    # ---- scalar parameters ----------------------------------------------------------------------------
    ('uniform_default', R + "uniform()"),
    ('uniform_shape', R + "uniform(-1, 1, shape=(2, 3))"),
    ('uniform_shape_int', R + "uniform(shape=4)"),
    ('uniform_shape_list', R + "uniform(shape=[2, 3])"),
    ('uniform_positional', R + "uniform(0, 1, (2, 3), 'float64')"),
    ('uniform_float16', R + "uniform(shape=(2, 3), dtype='float16')"),
    ('uniform_float64_np', R + "uniform(shape=(2,), dtype=np.float64)"),
    ('uniform_numpy_scalars', R + "uniform(np.float32(0), np.float64(2), shape=2)"),
    ('uniform_ctx', R + "uniform(shape=(2,), ctx=mx.cpu(1))"),
    ('uniform_ctx_string', R + "uniform(0, 1, (2,), ctx='cpu(0)')"),
    ('uniform_name_kwarg', R + "uniform(0, 1, shape=2, name='x')"),
    ('uniform_out', "o = nd.zeros((4,))\nr = nd.random.uniform(0, 1, out=o)\nresult = [r is o, o.shape, o.dtype.__name__]"),
    ('uniform_out_float64', "o = nd.zeros((3,), dtype='float64')\nnd.random.uniform(out=o)\nresult = o"),
    ('uniform_low_equals_high', R + "uniform(1, 1, shape=3)"),
    ('normal_default', R + "normal()"),
    ('normal_shape', R + "normal(1, 2, shape=(3, 2))"),
    ('normal_float64', R + "normal(shape=(2,), dtype='float64')"),
    ('randn', R + "randn(2, 3)"),
    ('randn_loc_scale', R + "randn(2, loc=1.0, scale=2)"),
    ('randn_float64', R + "randn(2, 3, dtype='float64')"),
    ('randint', R + "randint(0, 5)"),
    ('randint_shape', R + "randint(-10, 2, shape=(2, 3))"),
    ('randint_int64', R + "randint(0, 5, shape=3, dtype='int64')"),
    ('randint_numpy_ints', R + "randint(np.int64(0), np.int32(5), shape=3)"),
    ('randint_out', "o = nd.zeros((3,), dtype='int32')\nnd.random.randint(0, 3, out=o)\nresult = o"),
    ('exponential', R + "exponential(2, shape=(2, 2))"),
    ('exponential_default', R + "exponential()"),
    ('gamma', R + "gamma(2, 3, shape=(3,))"),
    ('gamma_float16', R + "gamma(2, 3, shape=(3,), dtype='float16')"),
    ('poisson', R + "poisson(3, shape=(3,))"),
    ('poisson_zero', R + "poisson(0, shape=3)"),
    ('poisson_float64', R + "poisson(3, shape=(3,), dtype='float64')"),
    ('negative_binomial', R + "negative_binomial(2, 0.5, shape=(3,))"),
    ('negative_binomial_p_one', R + "negative_binomial(2, 1.0, shape=(3,))"),
    ('generalized_negative_binomial', R + "generalized_negative_binomial(2, 0.5, shape=(3,))"),
    ('generalized_negative_binomial_alpha0', R + "generalized_negative_binomial(2, 0, shape=(3,))"),
    # ---- array parameters -------------------------------------------------------------------------------
    ('uniform_arrays', R + "uniform(nd.array([0, 1]), nd.array([1, 2]))"),
    ('uniform_arrays_shape', R + "uniform(nd.array([0, 1]), nd.array([1, 2]), shape=3)"),
    ('uniform_arrays_2d_shape', R + "uniform(nd.array([[0, 1]]), nd.array([[1, 2]]), shape=(2, 2))"),
    ('uniform_arrays_float16', R + "uniform(" + A2 + ", " + B2 + ", shape=3, dtype='float16')"),
    ('uniform_arrays_float16_params', R + "uniform(nd.array([1.5, 2.5], dtype='float16'), "
                                          "nd.array([3, 4], dtype='float16'))"),
    ('uniform_arrays_ctx_ignored', R + "uniform(nd.array([0, 1]), high=nd.array([1, 2]), shape=(2,), ctx=mx.cpu(1))"),
    ('uniform_arrays_out', R + "uniform(" + A2 + ", " + B2 + ", out=nd.zeros((2,)))"),
    ('uniform_arrays_out_float64', R + "uniform(" + A2 + ", " + B2 + ", shape=3, out=nd.zeros((2, 3), dtype='float64'))"),
    ('normal_arrays', R + "normal(nd.array([0, 1]), nd.array([1, 2]), shape=(3,))"),
    ('normal_arrays_2d', R + "normal(loc=nd.array([[0, 1], [2, 3]]), scale=nd.ones((2, 2)), shape=(3, 2))"),
    ('normal_arrays_float64_params', R + "normal(nd.array([0, 1], dtype='float64'), nd.array([1, 2], dtype='float64'))"),
    ('normal_arrays_int_params', R + "normal(nd.array([0, 1], dtype='int32'), nd.array([1, 2], dtype='int32'))"),
    ('randn_arrays', R + "randn(2, 3, loc=nd.array([1., 2]), scale=nd.array([1., 1]))"),
    ('exponential_arrays', R + "exponential(" + B2 + ", shape=2)"),
    ('exponential_arrays_float64_params', R + "exponential(nd.array([1, 2], dtype='float64'))"),
    ('gamma_arrays', R + "gamma(" + A2 + ", " + B2 + ", shape=2)"),
    ('poisson_arrays', R + "poisson(" + B2 + ", shape=2)"),
    ('poisson_arrays_float16', R + "poisson(lam=" + B2 + ", shape=(2,), dtype='float16')"),
    ('negative_binomial_arrays', R + "negative_binomial(" + B2 + ", nd.array([.5, .5]), shape=2)"),
    ('generalized_negative_binomial_arrays', R + "generalized_negative_binomial(" + B2 + ", nd.array([.5, .5]), shape=2)"),
    # ---- multinomial, shuffle, *_like -------------------------------------------------------------------------
    ('multinomial', R + "multinomial(" + P1 + ")"),
    ('multinomial_batch', R + "multinomial(" + P2 + ")"),
    ('multinomial_batch_shape', R + "multinomial(" + P2 + ", shape=3)"),
    ('multinomial_shape', R + "multinomial(" + P1 + ", shape=(3, 2))"),
    ('multinomial_get_prob', R + "multinomial(" + P2 + ", get_prob=True)"),
    ('multinomial_get_prob_shape', R + "multinomial(" + P2 + ", shape=2, get_prob=True)"),
    ('multinomial_get_prob_float64', R + "multinomial(" + P1 + ".astype('float64'), get_prob=True)"),
    ('multinomial_float32', R + "multinomial(" + P1 + ", dtype='float32')"),
    ('multinomial_uint8', R + "multinomial(" + P1 + ", dtype='uint8')"),
    ('multinomial_float16', R + "multinomial(nd.array([0.5, 0.5]), shape=2, dtype='float16')"),
    ('multinomial_3d', R + "multinomial(nd.array([[[0.5, 0.5]]]), shape=(2, 3))"),
    ('shuffle', R + "shuffle(nd.arange(6).reshape((3, 2)))"),
    ('shuffle_int', R + "shuffle(nd.arange(6, dtype='int32'))"),
    ('shuffle_single', R + "shuffle(nd.zeros((1,)))"),
    ('shuffle_top_level', "nd.shuffle(nd.arange(6))"),
    ('uniform_like', R + "uniform_like(nd.zeros((2, 3)))"),
    ('uniform_like_float64', R + "uniform_like(nd.zeros((2, 3), dtype='float64'), low=2, high=3)"),
    ('normal_like', R + "normal_like(nd.zeros((2, 3)), loc=1, scale=2)"),
    ('exponential_like', R + "exponential_like(nd.zeros((2, 3)), lam=2)"),
    ('gamma_like', R + "gamma_like(nd.zeros((2, 3)))"),
    ('poisson_like', R + "poisson_like(nd.zeros((2, 3)), lam=2)"),
    ('negative_binomial_like', R + "negative_binomial_like(nd.zeros((2, 3)), k=2, p=0.5)"),
    ('generalized_negative_binomial_like', R + "generalized_negative_binomial_like(nd.zeros((2, 3)))"),
    # ---- legacy top-level names -----------------------------------------------------------------------------
    ('random_uniform', "nd.random_uniform(shape=(2,))"),
    ('random_uniform_positional', "nd.random_uniform(0, 1, (2,))"),
    ('top_level_uniform', "nd.uniform(shape=(2,), dtype='float64')"),
    ('top_level_normal', "nd.normal(shape=(2,))"),
    ('random_normal', "nd.random_normal(1, 2, (3,))"),
    ('random_normal_ctx', "nd.random_normal(shape=(2,), ctx=mx.cpu(2))"),
    ('random_randint', "nd.random_randint(0, 3, (4,))"),
    ('random_exponential', "nd.random_exponential(shape=(2,))"),
    ('random_gamma', "nd.random_gamma(shape=(2,))"),
    ('random_poisson', "nd.random_poisson(shape=(2,))"),
    ('random_negative_binomial', "nd.random_negative_binomial(shape=(2,))"),
    ('random_generalized_negative_binomial', "nd.random_generalized_negative_binomial(shape=(2,))"),
    ('random_uniform_out', "nd.random_uniform(out=nd.zeros((2, 2)))"),
    ('sample_uniform', "nd.sample_uniform(nd.array([0, 1]), nd.array([1, 2]))"),
    ('sample_uniform_shape', "nd.sample_uniform(nd.array([0, 1]), nd.array([1, 2]), shape=3)"),
    ('sample_normal', "nd.sample_normal(nd.array([0, 1]), nd.array([1, 2]), shape=(2,))"),
    ('sample_normal_keywords', "nd.sample_normal(mu=nd.array([0, 1]), sigma=nd.array([1, 2]))"),
    ('sample_normal_float64', "nd.sample_normal(nd.array([0, 1]), nd.array([1, 2]), dtype='float64')"),
    ('sample_exponential', "nd.sample_exponential(nd.array([[1, 2]]), shape=(1, 2))"),
    ('sample_poisson', "nd.sample_poisson(nd.array([1, 2]))"),
    ('sample_gamma', "nd.sample_gamma(nd.array([1, 2]), nd.array([1, 2]))"),
    ('sample_negative_binomial', "nd.sample_negative_binomial(nd.array([1, 2]), nd.array([.5, .5]))"),
    ('sample_generalized_negative_binomial', "nd.sample_generalized_negative_binomial(nd.array([1, 2]), "
                                             "nd.array([.5, .5]))"),
    ('sample_multinomial', "nd.sample_multinomial(" + P1 + ")"),
    ('sample_multinomial_get_prob', "nd.sample_multinomial(" + P1 + ", shape=2, get_prob=True)"),
    # ---- mx.random -------------------------------------------------------------------------------------------
    ('mx_random_uniform', "mx.random.uniform(shape=(2,))"),
    ('mx_random_randint', "mx.random.randint(0, 4, shape=(3,))"),
]

_VALUES = [
    # values that do not depend on the generator
    ('seed_repeats', "mx.random.seed(42)\na = nd.random.normal(shape=(5,))\nmx.random.seed(42)\n"
                     "b = nd.random.normal(shape=(5,))\nresult = bool((a == b).asnumpy().all())"),
    ('seed_repeats_uniform_arrays', "mx.random.seed(3)\na = nd.random.uniform(" + A2 + ", " + B2 + ", shape=4)\n"
                                    "mx.random.seed(3)\nb = nd.random.uniform(" + A2 + ", " + B2 + ", shape=4)\n"
                                    "result = bool((a == b).asnumpy().all())"),
    ('shuffle_is_permutation', "x = nd.random.shuffle(nd.arange(20))\nresult = sorted(x.asnumpy().tolist())"),
    ('shuffle_keeps_rows', "x = nd.random.shuffle(nd.arange(12).reshape((6, 2)))\n"
                           "result = sorted(x.asnumpy().tolist())"),
    ('shuffle_leaves_input', "x = nd.arange(6)\ny = nd.random.shuffle(x)\nresult = x"),
    ('multinomial_get_prob_is_log_of_picked', "s, p = nd.random.multinomial(" + P2 + ", shape=50, get_prob=True)\n"
                                              "probs = " + P2 + ".asnumpy()\n"
                                              "picked = np.take_along_axis(probs, s.asnumpy().astype(int), 1)\n"
                                              "result = bool(np.allclose(np.exp(p.asnumpy()), picked))"),
    ('multinomial_one_hot', R + "multinomial(nd.array([[0, 0, 1], [1, 0, 0]]), shape=4)"),
    ('uniform_low_equals_high_values', R + "uniform(1, 1, shape=3)"),
    ('multinomial_unnormalised_picks_first', R + "multinomial(nd.array([1., 2, 3]), shape=5)"),
    ('multinomial_all_zero_gives_k', R + "multinomial(nd.array([0., 0, 0]), shape=2)"),
    ('poisson_zero_values', R + "poisson(0, shape=3)"),
    ('negative_binomial_p_one_values', R + "negative_binomial(2, 1.0, shape=(3,))"),
    ('multinomial_get_prob_grad', "p = nd.array([[0.2, 0.8], [0.5, 0.5]])\np.attach_grad()\n"
                                  "with autograd.record():\n    s, lp = nd.random.multinomial(p, shape=3, get_prob=True)\n"
                                  "lp.backward()\ncounts = np.zeros((2, 2))\n"
                                  "for i in range(2):\n    for j in s.asnumpy()[i].astype(int):\n"
                                  "        counts[i, j] += 1\n"
                                  "result = bool(np.allclose(p.grad.asnumpy(), counts / p.asnumpy()))"),
    ('sample_normal_grad_is_zero', "mu = nd.array([0., 1])\nsigma = nd.array([1., 2])\n"
                                   "mu.attach_grad()\nsigma.attach_grad()\n"
                                   "with autograd.record():\n    y = nd.random.normal(mu, sigma, shape=3)\n"
                                   "y.backward()\nresult = [mu.grad, sigma.grad]"),
]

_ERRORS = [
    ('uniform_low_above_high', R + "uniform(2, 1, shape=3)"),
    ('normal_negative_scale', R + "normal(0, -1, shape=3)"),
    ('normal_zero_scale', R + "normal(0, 0, shape=3)"),
    ('uniform_int_dtype', R + "uniform(shape=(2, 3), dtype='int32')"),
    ('uniform_zero_shape', R + "uniform(shape=0)"),
    ('uniform_zero_dim', R + "uniform(shape=(2, 0))"),
    ('uniform_negative_shape', R + "uniform(shape=-1)"),
    ('uniform_empty_shape', R + "uniform(shape=())"),
    ('uniform_bool_param', R + "uniform(True, 2, shape=2)"),
    ('uniform_unknown_kwarg', R + "uniform(0, 1, shape=2, foo=3)"),
    ('uniform_out_shape_mismatch', R + "uniform(0, 1, (2, 3), out=nd.zeros((4,)))"),
    ('uniform_dtype_out_mismatch', R + "uniform(0, 1, shape=(3,), dtype='float64', out=nd.zeros((3,)))"),
    ('randn_no_shape', R + "randn()"),
    ('randint_low_above_high', R + "randint(5, 2, shape=3)"),
    ('randint_float_dtype', R + "randint(0, 5, shape=3, dtype='float32')"),
    ('randint_float_bounds', R + "randint(0.5, 5.5, shape=3)"),
    ('randint_out_float', R + "randint(0, 3, out=nd.zeros((3,)))"),
    ('randint_arrays', R + "randint(nd.array([0]), nd.array([2]))"),
    ('poisson_negative', R + "poisson(-1, shape=3)"),
    ('poisson_int_dtype', R + "poisson(3, shape=3, dtype='int32')"),
    ('exponential_negative', R + "exponential(-1, shape=3)"),
    ('exponential_zero_scale', R + "exponential(0, shape=3)"),
    ('gamma_negative_alpha', R + "gamma(-1, 1, shape=3)"),
    ('gamma_negative_beta', R + "gamma(1, -1, shape=3)"),
    ('negative_binomial_negative_k', R + "negative_binomial(-2, 0.5, shape=3)"),
    ('negative_binomial_float_k', R + "negative_binomial(2.5, 0.5, shape=3)"),
    ('generalized_negative_binomial_negative_alpha', R + "generalized_negative_binomial(2, -1, shape=3)"),
    ('generalized_negative_binomial_negative_mu', R + "generalized_negative_binomial(-2, 1, shape=3)"),
    ('arrays_shape_mismatch', R + "normal(nd.array([0, 1]), nd.array([1, 2, 3]), shape=2)"),
    ('arrays_mixed_with_number', R + "normal(nd.array([0, 1]), 1, shape=2)"),
    ('number_mixed_with_array', R + "gamma(alpha=2, beta=nd.array([1.]))"),
    ('arrays_dtype_mismatch', R + "normal(nd.array([0, 1]), nd.array([1, 2], dtype='float64'))"),
    ('arrays_int_dtype', R + "uniform(" + A2 + ", " + B2 + ", dtype='int32')"),
    ('arrays_zero_shape', R + "normal(" + A2 + ", " + B2 + ", shape=0)"),
    ('string_param', R + "normal('a', 1)"),
    ('multinomial_int64_dtype', R + "multinomial(" + P1 + ", dtype='int64')"),
    ('multinomial_int_data', R + "multinomial(nd.array([0.5, 0.5], dtype='int32'))"),
    ('multinomial_scalar_data', R + "multinomial(nd.array(0.5))"),
    ('shuffle_scalar', R + "shuffle(nd.array(3))"),
    ('normal_like_int', R + "normal_like(nd.zeros((2, 3), dtype='int32'))"),
    ('normal_like_negative_scale', R + "normal_like(nd.zeros((2, 3)), scale=-1)"),
    ('random_uniform_no_shape', "nd.random_uniform()"),
    ('random_randint_no_bounds', "nd.random_randint(shape=(4,))"),
    ('sample_uniform_one_array', "nd.sample_uniform(nd.array([0, 1]))"),
    ('sample_gamma_one_array', "nd.sample_gamma(nd.array([1, 2]))"),
]



def _pdf_grad(fn, *inputs):
    """[density, gradients of every input] of fn at float64 inputs, with head gradients 0.5..1.5."""
    return '\n'.join([
        "xs = [nd.array(v, dtype='float64') for v in {}]".format(list(inputs)),
        "for x in xs:\n    x.attach_grad()",
        "with autograd.record():\n    y = ({})(*xs)".format(fn),
        "y.backward(nd.array(np.linspace(0.5, 1.5, y.size).reshape(y.shape), dtype='float64'))",
        "result = [y] + [x.grad for x in xs]",
    ])


S22 = [[0.5, 1.5], [2.0, 0.25]]
_PDF = [
    ('pdf_uniform', "nd.random_pdf_uniform(nd.array(%s), nd.array([0, 0.5]), nd.array([1, 3]))" % S22),
    ('pdf_uniform_log', "nd.random_pdf_uniform(nd.array(%s), nd.array([0, 0.5]), nd.array([1, 3]), is_log=True)" % S22),
    ('pdf_normal', "nd.random_pdf_normal(nd.array(%s), nd.array([0, 1]), nd.array([1, 2]))" % S22),
    ('pdf_normal_log', "nd.random_pdf_normal(nd.array(%s), nd.array([0, 1]), nd.array([1, 2]), is_log=True)" % S22),
    ('pdf_normal_scalar_params', "nd.random_pdf_normal(nd.array([0.5, 1.5]), nd.array(0), nd.array(1))"),
    ('pdf_normal_same_shape', "nd.random_pdf_normal(nd.array([0.5, 1.5]), nd.array([0, 1]), nd.array([1, 1]))"),
    ('pdf_gamma', "nd.random_pdf_gamma(nd.array(%s), nd.array([1, 2]), nd.array([1, 0.5]))" % S22),
    ('pdf_exponential', "nd.random_pdf_exponential(nd.array(%s), nd.array([1, 2]), is_log=True)" % S22),
    ('pdf_poisson', "nd.random_pdf_poisson(nd.array([[0, 1], [2, 3]]), nd.array([1, 2]))"),
    ('pdf_negative_binomial', "nd.random_pdf_negative_binomial(nd.array([[0, 1], [2, 3]]), nd.array([1, 2.5]), "
                              "nd.array([0.5, 0.3]))"),
    ('pdf_generalized_negative_binomial', "nd.random_pdf_generalized_negative_binomial(nd.array([[0, 1], [2, 3]]), "
                                          "nd.array([1, 2.5]), nd.array([0.5, 0.3]), is_log=True)"),
    ('pdf_dirichlet', "nd.random_pdf_dirichlet(nd.array([[0.2, 0.3, 0.5], [0.1, 0.1, 0.8]]), nd.array([1, 2, 3]))"),
    ('pdf_dirichlet_single', "nd.random_pdf_dirichlet(nd.array([0.2, 0.3, 0.5]), nd.array([1, 2, 3]))"),
    ('pdf_dirichlet_batch', "nd.random_pdf_dirichlet(nd.array([[[0.2, 0.8], [0.5, 0.5]], [[0.1, 0.9], [0.3, 0.7]]]), "
                            "nd.array([[1, 2], [3, 0.5]]), is_log=True)"),
    ('pdf_float64', "nd.random_pdf_normal(nd.array([0.5], dtype='float64'), nd.array([0], dtype='float64'), "
                    "nd.array([1], dtype='float64'))"),
    ('pdf_shape_mismatch', "nd.random_pdf_normal(nd.array(%s), nd.array([0, 1, 2]), nd.array([1, 2, 3]))" % S22),
    ('pdf_param_shape_mismatch', "nd.random_pdf_normal(nd.array(%s), nd.array([0, 1]), nd.array([1]))" % S22),
    ('pdf_dtype_mismatch', "nd.random_pdf_normal(nd.array([0.5], dtype='float64'), nd.array([0]), nd.array([1]))"),
    ('pdf_grad_normal', _pdf_grad("nd.random_pdf_normal", S22, [0, 1], [1, 2])),
    ('pdf_grad_normal_log', _pdf_grad("lambda x, m, s: nd.random_pdf_normal(x, m, s, is_log=True)", S22, [0, 1], [1, 2])),
    ('pdf_grad_uniform', _pdf_grad("nd.random_pdf_uniform", S22, [0, 0.5], [3, 3])),
    ('pdf_grad_gamma', _pdf_grad("nd.random_pdf_gamma", S22, [1.5, 2], [1, 0.5])),
    ('pdf_grad_exponential', _pdf_grad("nd.random_pdf_exponential", S22, [1, 2])),
    ('pdf_grad_poisson', _pdf_grad("nd.random_pdf_poisson", [[0, 1], [2, 3]], [1, 2])),
    ('pdf_grad_negative_binomial', _pdf_grad("nd.random_pdf_negative_binomial", [[0, 1], [2, 3]], [1, 2.5], [0.5, 0.3])),
    ('pdf_grad_generalized_negative_binomial', _pdf_grad(
        "lambda x, m, a: nd.random_pdf_generalized_negative_binomial(x, m, a, is_log=True)",
        [[0, 1], [2, 3]], [1, 2.5], [0.5, 0.3])),
    ('pdf_grad_dirichlet', _pdf_grad("nd.random_pdf_dirichlet", [[0.2, 0.3, 0.5], [0.1, 0.1, 0.8]], [1.5, 2, 3])),
]

CASES = [(n, c, NV) for n, c in _SAMPLES] + _VALUES + _ERRORS + _PDF
