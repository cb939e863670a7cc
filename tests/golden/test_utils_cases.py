"""mx.test_utils, mx.util, mx.runtime and mx.nd.sparse (dense parts): what MXNet 1.9.1 answers."""
T = "mx.test_utils."


def passes(call):
    """Statements that leave True in result when `call` returns without raising."""
    return call + "\nresult = True"


CASES = [
    # default tolerances: per dtype, the larger of the two inputs'
    ('tols_f16_f32', T + "get_tols(np.zeros(2, 'float16'), np.zeros(2, 'float32'), None, None)"),
    ('tols_f32_f64', T + "get_tols(np.zeros(2, 'float32'), np.zeros(2, 'float64'), None, None)"),
    ('tols_f64', T + "get_tols(np.zeros(2), np.zeros(2), None, None)"),
    ('tols_int32', T + "get_tols(np.zeros(2, 'int32'), np.zeros(2, 'int32'), None, None)"),
    ('tols_uint8_bool', T + "get_tols(np.zeros(2, 'uint8'), np.zeros(2, 'bool'), None, None)"),
    ('tols_number_and_f32', T + "get_tols(1.0, np.zeros(2, 'float32'), None, None)"),
    ('tols_ndarray_f16', T + "get_tols(nd.zeros((2,), dtype='float16'), nd.zeros((2,)), None, None)"),
    ('tols_given_numbers', T + "get_tols(np.zeros(2, 'float16'), np.zeros(2), 0.5, 0.25)"),
    ('tols_given_dict', T + "get_tols(np.zeros(2, 'float32'), np.zeros(2, 'float32'), "
                            "{np.dtype('float32'): 0.3}, {np.dtype('float64'): 0.7})"),
    ('get_rtol_default', T + "get_rtol()"),
    ('get_atol_default', T + "get_atol()"),
    ('get_rtol_f16', T + "get_rtol(None, np.dtype('float16'))"),
    ('get_atol_given', T + "get_atol(0.5)"),
    ('get_etol', "[" + T + "get_etol(), " + T + "get_etol(0.1)]"),
    ('default_dtype', T + "default_dtype()"),
    ('effective_dtype_cpu', "str(" + T + "effective_dtype(nd.ones((2,))))"),
    ('effective_dtype_numpy_f16', "str(" + T + "effective_dtype(np.ones(2, 'float16')))"),
    ('default_context', "str(" + T + "default_context())"),

    # almost_equal: float64's tolerances whatever the dtype
    ('almost_equal_close', T + "almost_equal(np.array([1.0, 2.0]), np.array([1.000001, 2.0]))"),
    ('almost_equal_far_for_f64_default', T + "almost_equal(np.array([1.0]), np.array([1.0001]))"),
    ('almost_equal_f32_default_is_strict',
     T + "almost_equal(np.array([1.0], 'float32'), np.array([1.0001], 'float32'))"),
    ('almost_equal_given_tol', T + "almost_equal(np.array([1.0]), np.array([1.1]), rtol=0.2, atol=0)"),
    ('almost_equal_nan', "[" + T + "almost_equal(np.array([np.nan]), np.array([np.nan])), "
                         + T + "almost_equal(np.array([np.nan]), np.array([np.nan]), equal_nan=True)]"),
    ('almost_equal_broadcast', T + "almost_equal(np.ones((2, 3)), np.ones(3))"),

    # assert_almost_equal: defaults by dtype
    ('aae_f32_within', passes(T + "assert_almost_equal(np.array([1.0], 'float32'), np.array([1.00005], 'float32'))")),
    ('aae_f32_outside', passes(T + "assert_almost_equal(np.array([1.0], 'float32'), np.array([1.01], 'float32'))")),
    ('aae_f64_outside', passes(T + "assert_almost_equal(np.array([1.0]), np.array([1.0001]))")),
    ('aae_f16_within', passes(T + "assert_almost_equal(np.array([1.0], 'float16'), np.array([1.05], 'float16'))")),
    ('aae_f32_vs_f64_uses_larger', passes(T + "assert_almost_equal(np.array([1.0], 'float32'), np.array([1.0005]))")),
    ('aae_small_values_atol', passes(T + "assert_almost_equal(np.array([0.0], 'float32'), np.array([0.0009], 'float32'))")),
    ('aae_int_exact', passes(T + "assert_almost_equal(np.array([1, 2]), np.array([1, 3]))")),
    ('aae_int_equal', passes(T + "assert_almost_equal(np.array([1, 2]), np.array([1, 2]))")),
    ('aae_bool_equal', passes(T + "assert_almost_equal(np.array([True, False]), np.array([True, False]))")),
    ('aae_bool_differ', passes(T + "assert_almost_equal(np.array([True, False]), np.array([True, True]))")),
    ('aae_ndarray_numpy', passes(T + "assert_almost_equal(nd.array([1, 2]), np.array([1, 2.0001], 'float32'))")),
    ('aae_ndarrays_differ', passes(T + "assert_almost_equal(nd.array([1, 2]), nd.array([1, 2.5]))")),
    ('aae_given_rtol', passes(T + "assert_almost_equal(np.array([1.0]), np.array([1.1]), rtol=0.2, atol=0)")),
    ('aae_given_dict', passes(T + "assert_almost_equal(np.array([1.0], 'float32'), np.array([1.1], 'float32'), "
                                  "rtol={np.dtype('float32'): 0.2}, atol={np.dtype('float32'): 0})")),
    ('aae_nan_not_equal', passes(T + "assert_almost_equal(np.array([np.nan]), np.array([np.nan]))")),
    ('aae_nan_equal', passes(T + "assert_almost_equal(np.array([np.nan]), np.array([np.nan]), equal_nan=True)")),
    ('aae_inf_equal', passes(T + "assert_almost_equal(np.array([np.inf, 1.0]), np.array([np.inf, 1.0]))")),
    ('aae_broadcast', passes(T + "assert_almost_equal(np.ones((2, 3)), np.ones(3))")),
    ('aae_no_broadcast', passes(T + "assert_almost_equal(np.ones((2, 3)), np.ones(3), use_broadcast=False)")),
    ('aae_numbers', passes(T + "assert_almost_equal(1.0, 1.0 + 1e-9)")),
    ('aae_scalar_vs_array', passes(T + "assert_almost_equal(np.array(2.0, 'float32'), 2.0)")),
    ('assert_allclose_strict', passes(T + "assert_allclose(np.array([1.0]), np.array([1.00001]))")),
    ('assert_allclose_nan', passes(T + "assert_allclose(np.array([np.nan]), np.array([np.nan]))")),
    ('aae_with_err_rate_ok', passes(T + "assert_almost_equal_with_err(np.array([1.0, 2, 3, 4]), "
                                        "np.array([1.0, 2, 3, 5]), etol=0.3)")),
    ('aae_with_err_rate_bad', passes(T + "assert_almost_equal_with_err(np.array([1.0, 2, 3, 4]), "
                                         "np.array([1.0, 2, 4, 5]), etol=0.3)")),
    ('aae_with_err_zero_etol', passes(T + "assert_almost_equal_with_err(np.array([1.0, 2]), np.array([1.0, 3]))")),
    ('aae_ignore_nan', passes(T + "assert_almost_equal_ignore_nan(np.array([np.nan, 1.0]), np.array([5.0, 1.0]))")),

    # same, assert_exception
    ('same_equal', T + "same(np.array([1, 2]), np.array([1, 2]))"),
    ('same_differ', T + "same(np.array([1, 2]), np.array([1, 3]))"),
    ('same_shapes_differ', T + "same(np.array([1, 2]), np.array([[1, 2]]))"),
    ('same_ndarray', T + "same(nd.array([1, 2]).asnumpy(), np.array([1, 2], 'float32'))"),
    ('assert_exception_raised', passes(T + "assert_exception(int, ValueError, 'x')")),
    ('assert_exception_not_raised', passes(T + "assert_exception(int, ValueError, '1')")),
    ('assert_exception_other_type', passes(T + "assert_exception(int, KeyError, 'x')")),
    ('same_array_view', "a = nd.zeros((2, 3))\nresult = [" + T + "same_array(a, a), " + T + "same_array(a, a.copy())]"),

    # random test data (seeded with 0)
    ('random_arrays_one', T + "random_arrays((2, 3))"),
    ('random_arrays_two', T + "random_arrays((2,), (1, 2))"),
    ('random_arrays_scalar', T + "random_arrays(())"),
    ('random_uniform_arrays', T + "random_uniform_arrays((2, 2), low=1.0, high=2.0, dtype='float64')"),
    ('random_uniform_arrays_bad_kwarg', T + "random_uniform_arrays((2,), lo=1.0)"),
    ('random_sample', T + "random_sample(list(range(10)), 4)"),
    ('rand_shape_2d', T + "rand_shape_2d()"),
    ('rand_shape_3d', T + "rand_shape_3d(3, 4, 5)"),
    ('rand_shape_nd', T + "rand_shape_nd(4)"),
    ('rand_shape_nd_zero', T + "rand_shape_nd(6, dim=2, allow_zero_size=True)"),
    ('rand_coord_2d', T + "rand_coord_2d(0, 5, 10, 20)"),
    ('rand_ndarray', T + "rand_ndarray((3, 4))"),
    ('rand_ndarray_f64', T + "rand_ndarray((2,), dtype='float64')"),
    ('rand_ndarray_int', T + "rand_ndarray((2, 2), dtype='int32')"),

    # numpy helpers
    ('np_reduce_axis', T + "np_reduce(np.arange(24.).reshape(2, 3, 4), 1, False, np.sum)"),
    ('np_reduce_axes_keepdims', T + "np_reduce(np.arange(24.).reshape(2, 3, 4), (0, 2), True, np.max)"),
    ('np_reduce_all', T + "np_reduce(np.arange(6.).reshape(2, 3), None, False, np.sum)"),
    ('np_reduce_all_keepdims', T + "np_reduce(np.arange(6.).reshape(2, 3), None, True, np.prod)"),
    ('collapse_sum_like', T + "collapse_sum_like(np.ones((2, 3, 4)), (3, 1))"),
    ('collapse_sum_like_zero', T + "collapse_sum_like(np.ones((2, 3)), (0, 3))"),
    ('assign_each', T + "assign_each(np.array([[1, 2], [3, 4]]), lambda v: v * 2)"),
    ('assign_each_none', T + "assign_each(np.array([1, 2]), None)"),
    ('assign_each2', T + "assign_each2(np.array([1, 2]), np.array([3, 4]), lambda a, b: a - b)"),
    ('create_2d_tensor', T + "create_2d_tensor(3, 2)"),
    ('create_vector', T + "create_vector(4)"),
    ('get_identity_mat', T + "get_identity_mat(3)"),
    ('get_identity_mat_batch', T + "get_identity_mat_batch(2)"),
    ('gen_buckets_probs', T + "gen_buckets_probs_with_ppf(lambda p: 2 * p, 4)"),
    ('mean_check', T + "mean_check(lambda n: np.random.normal(1.0, 2.0, size=n), 1.0, 2.0, 10000)"),
    ('var_check', T + "var_check(lambda n: np.random.normal(0.0, 2.0, size=n), 2.0, 10000)"),
    ('chi_square_continuous',
     "buckets, probs = " + T + "gen_buckets_probs_with_ppf(lambda p: p, 5)\n"
     "p, obs, exp = " + T + "chi_square_check(lambda n: np.random.uniform(size=n), buckets, probs, 1000)\n"
     "result = [list(obs), list(exp), float(p)]"),
    ('chi_square_discrete',
     "p, obs, exp = " + T + "chi_square_check(lambda n: np.random.randint(0, 3, size=n), [0, 1, 2], "
     "[1/3., 1/3., 1/3.], 999)\nresult = [list(obs), list(exp), float(p)]"),

    # environment
    ('environment_pair',
     "import os\nos.environ.pop('MXT_TU_A', None)\n"
     "with " + T + "environment('MXT_TU_A', '7'):\n    inside = os.environ.get('MXT_TU_A')\n"
     "result = [inside, os.environ.get('MXT_TU_A')]"),
    ('environment_dict_restores',
     "import os\nos.environ['MXT_TU_B'] = 'old'\nos.environ.pop('MXT_TU_C', None)\n"
     "with " + T + "environment({'MXT_TU_B': None, 'MXT_TU_C': 'c'}):\n"
     "    inside = [os.environ.get('MXT_TU_B'), os.environ.get('MXT_TU_C')]\n"
     "result = [inside, os.environ.pop('MXT_TU_B', None), os.environ.get('MXT_TU_C')]"),
    ('environment_restores_on_error',
     "import os\nos.environ.pop('MXT_TU_D', None)\ntry:\n"
     "    with " + T + "environment('MXT_TU_D', '1'):\n        raise KeyError('x')\n"
     "except KeyError:\n    pass\nresult = os.environ.get('MXT_TU_D')"),
    ('getenv_setenv',
     "mx.util.setenv('MXT_TU_E', 'v')\na = mx.util.getenv('MXT_TU_E')\nmx.util.setenv('MXT_TU_E', None)\n"
     "result = [a, mx.util.getenv('MXT_TU_E')]"),
    ('use_np_runs_function', T + "use_np(lambda: 3)()"),
    ('list_gpus_type', "type(" + T + "list_gpus()).__name__"),
    ('is_cd_run', T + "is_cd_run()"),

    # mx.util
    ('util_is_np_array', "mx.util.is_np_array()"),
    ('util_is_np_shape', "mx.util.is_np_shape()"),
    ('util_np_shape_scope',
     "with mx.util.np_shape(True):\n    inside = mx.util.is_np_shape()\nresult = [inside, mx.util.is_np_shape()]"),
    ('util_set_np_shape_returns_previous',
     "a = mx.util.set_np_shape(True)\nb = mx.util.set_np_shape(False)\nresult = [a, b, mx.util.is_np_shape()]"),
    ('util_use_np_shape',
     "f = mx.util.use_np_shape(lambda: mx.util.is_np_shape())\nresult = [f(), mx.util.is_np_shape()]"),
    ('util_use_np_shape_class',
     "@mx.util.use_np_shape\nclass C:\n    def m(self):\n        return mx.util.is_np_shape()\n"
     "    @property\n    def p(self):\n        return mx.util.is_np_shape()\n"
     "result = [C().m(), C().p, mx.util.is_np_shape()]"),
    ('util_use_np_shape_bad', "mx.util.use_np_shape(3)"),
    ('util_set_np_array_without_shape', "mx.util.set_np(shape=False, array=True)"),
    ('util_reset_np', "mx.util.reset_np()\nresult = [mx.util.is_np_shape(), mx.util.is_np_array()]"),
    ('util_np_array_inactive_scope', "with mx.util.np_array(False):\n    result = mx.util.is_np_array()"),
    ('util_cuda_cc_cpu', "mx.util.get_cuda_compute_capability(mx.cpu())"),

    # mx.runtime
    ('runtime_feature_names', "list(mx.runtime.Features().keys())"),
    ('runtime_singleton', "mx.runtime.Features() is mx.runtime.Features()"),
    ('runtime_unknown_feature', "mx.runtime.Features().is_enabled('this girl is on fire')"),
    ('runtime_tvm_op', "mx.runtime.Features().is_enabled('tvm_op')"),
    ('runtime_feature_repr_type', "type(mx.runtime.Features()['CUDA'].enabled).__name__"),

    # mx.nd.sparse with dense storage
    ('sparse_zeros_default', "mx.nd.sparse.zeros('default', (2, 3))"),
    ('sparse_zeros_default_dtype', "mx.nd.sparse.zeros('default', (2,), dtype='int32')"),
    ('sparse_add_dense', "mx.nd.sparse.add(nd.array([1, 2]), nd.array([[10], [20]]))"),
    ('sparse_subtract_dense', "mx.nd.sparse.subtract(nd.array([1, 2]), nd.array([3, 5]))"),
    ('sparse_multiply_dense', "mx.nd.sparse.multiply(nd.array([1, 2]), nd.array([3, 5]))"),
    ('sparse_divide_dense', "mx.nd.sparse.divide(nd.array([1, 2]), nd.array([4, 5]))"),
    ('sparse_isinstance', "isinstance(nd.ones((2,)), mx.nd.sparse.CSRNDArray)"),
]
