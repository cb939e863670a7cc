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

_IMPORT = "__import__(mx.__name__ + '.{0}', fromlist=['x'])"
CASES += [
    ('amp_fp16_lists', "m = " + _IMPORT.format('contrib.amp.lists.symbol_fp16') + "\n"
     "result = [sorted(m.FP16_FUNCS)[:5], len(m.FP16_FUNCS), len(m.FP16_FP32_FUNCS), len(m.FP32_FUNCS), "
     "m.CONDITIONAL_FP32_FUNCS, m.WIDEST_TYPE_CASTS[:4], m.LOSS_OUTPUT_FUNCTIONS]"),
    ('amp_bf16_lists', "m = " + _IMPORT.format('contrib.amp.lists.symbol_bf16') + "\n"
     "result = [sorted(m.BF16_FUNCS), len(m.BF16_FP32_FUNCS), len(m.FP32_FUNCS), sorted(m.BF16_USE_FP32_PARAMS.items()), "
     "m.CONDITIONAL_FP32_FUNCS, len(m.WIDEST_TYPE_CASTS), m.LOSS_OUTPUT_FUNCTIONS]"),
    ('io_utils_init_data', "u = " + _IMPORT.format('io.utils') + "\n"
     "result = [(k, v) for k, v in u._init_data(np.arange(6.).reshape(3, 2), allow_empty=False, default_name='data')]"),
    ('io_utils_getdata_by_idx', "u = " + _IMPORT.format('io.utils') + "\n"
     "d = u._init_data({'a': np.arange(6.).reshape(3, 2)}, allow_empty=False, default_name='data')\n"
     "result = u._getdata_by_idx(d, np.array([2, 0]))"),
    ('io_utils_sparse_array', "type(" + _IMPORT.format('io.utils') + ".sparse_array("
     "nd.array([[0., 1.], [2., 0.]]).tostype('csr'))).__name__"),
    ('nd_register_adamw_update', "w = nd.array([1., 2.]); m = nd.zeros(2); v = nd.zeros(2)\n"
     + "r = " + _IMPORT.format('ndarray.register') + "\n"
     "r.adamw_update(w, nd.array([0.5, -1.]), m, v, nd.array([1.]), lr=0.1, eta=1., wd=0.1, out=w)\n"
     "result = [w, m, v]"),
    ('sym_register_adamw_update', "r = " + _IMPORT.format('symbol.register') + "\n"
     "s = r.adamw_update(mx.sym.var('w'), mx.sym.var('g'), mx.sym.var('m'), mx.sym.var('v'), "
     "rescale_grad=mx.sym.var('r'), lr=0.1, eta=1.)\nresult = [s.list_arguments(), s.eval(w=nd.array([1.]), g=nd.array([0.5]), m=nd.zeros(1), "
     "v=nd.zeros(1), r=nd.array([1.]))[0]]"),
    ('nd_numpy_linalg_det', _IMPORT.format('ndarray.numpy.linalg') + ".det(mx.np.array([[[1., 2.], [3., 4.]], [[2., 0.], [0., 3.]]]))"),
    ('nd_numpy_random_names', "sorted(n for n in dir(" + _IMPORT.format('ndarray.numpy.random')
     + ") if n in ('normal', 'uniform', 'choice', 'gamma', 'multinomial', 'shuffle'))"),
    ('nd_npx_image_flip', _IMPORT.format('ndarray.numpy_extension.image')
     + ".flip_left_right(mx.np.array([[[1.], [2.]]]))"),
]
CASES += [
    ('register_updates_are_contrib_functions', "[" + _IMPORT.format('ndarray.register') + ".mp_adamw_update is "
     "nd.contrib.mp_adamw_update, " + _IMPORT.format('symbol.register') + ".adamw_update is mx.sym.contrib.adamw_update]"),
]
CASES += [
    ('np_multiarray_functions', "m = " + _IMPORT.format('numpy.multiarray') + "\n"
     "a = mx.np.array([[1., -2.], [3., 4.]])\n"
     "result = [m.sin(a), m.clip(a, 0, 2), m.einsum('ij,jk->ik', a, a), m.argsort(a, axis=1), m.tril(a), "
     "m.linspace(0, 1, 3), m.percentile(a, 50), m.where(a > 0, a, m.zeros_like(a))]"),
    ('np_multiarray_same_objects', "m = " + _IMPORT.format('numpy.multiarray') + "\n"
     "result = [m.sin is mx.np.sin, m.mean is mx.np.mean, m.apply_along_axis is mx.np.apply_along_axis]"),
    # list(): the sequence type follows the installed NumPy's (a tuple from NumPy 2 on, see _np_util.SEQUENCE)
    ('np_function_base_broadcast_arrays', "list(" + _IMPORT.format('numpy.function_base') + ".broadcast_arrays("
     "mx.np.ones((2, 1)), mx.np.array([1., 2., 3.])))"),
    ('optimizer_module_classes', "o = " + _IMPORT.format('optimizer.optimizer') + "\n"
     "result = [o.SGD is mx.optimizer.SGD, o.Adam is mx.optimizer.Adam, o.LAMB is mx.optimizer.LAMB, "
     "o.get_updater is mx.optimizer.get_updater, o.sgd_update is nd.sgd_update, o.NDabs is nd.abs, "
     "o.NDnorm is nd.norm, o.normal is mx.random.normal, mx.optimizer.NDabs is nd.abs, "
     "o.multi_lamb_update is nd.contrib.multi_lamb_update, mx.optimizer.contrib.mean is nd.mean]"),
    ('optimizer_module_update', "o = " + _IMPORT.format('optimizer.optimizer') + "\n"
     "w = nd.array([1., 2.]); u = o.get_updater(o.SGD(learning_rate=0.5, momentum=0.9))\n"
     "u(0, nd.array([1., -1.]), w); u(0, nd.array([1., -1.]), w)\nresult = w"),
]
CASES += [
    ('nd_histogram_bins_range', "nd.histogram(nd.array([0., 1., 1., 2., 5., 7.]), bins=4, range=(0., 8.))"),
    ('nd_histogram_edges', "nd.histogram(nd.array([0., 1., 1., 2., 5., 7.]), bins=nd.array([0., 1., 4., 8.]))"),
    ('nd_histogram_no_range', "nd.histogram(nd.array([0., 1., 1., 2., 5., 7.]), bins=3)"),
    ('nd_histogram_bad_bins', "nd.histogram(nd.array([0., 1.]), bins=[0., 1.])"),
    ('nd_ndarray_module_functions', "m = " + _IMPORT.format('ndarray.ndarray') + "\n"
     "a = nd.array([[1., 2.], [3., 4.]])\n"
     "result = [m.add(a, 1), m.subtract(2, a), m.power(a, 2), m.lesser(a, 2.5), m.moveaxis(a, 0, 1), "
     "m.full((2,), 3.), m.eye(2), m.concatenate([a, a]), m.split_v2(a, 2, axis=1), m.histogram(a, bins=2, range=(0, 4))]"),
    ('nd_utils_module_functions', "m = " + _IMPORT.format('ndarray.utils') + "\n"
     "m.save(tmpdir + '/x.params', {'a': m.array([1., 2.])})\n"
     "result = [m.load(tmpdir + '/x.params'), m.zeros((2,)), m.empty((1, 2)).shape]"),
    ('io_io_iterators', "m = " + _IMPORT.format('io.io') + "\n"
     "result = [m.CSVIter is mx.io.CSVIter, m.ImageRecordIter is mx.io.ImageRecordIter, "
     "m.MNISTIter is mx.io.MNISTIter, m.concat is nd.concat, m.tile is nd.tile]"),
]
CASES += [
    ('estimator_module_names', "e = " + _IMPORT.format('gluon.contrib.estimator.estimator') + "\n"
     "h = " + _IMPORT.format('gluon.contrib.estimator.event_handler') + "\n"
     "result = [e.gluon_loss is gluon.loss.Loss, e.metric_loss is mx.metric.Loss, h.metric_loss is mx.metric.Loss, "
     "e.split_and_load is gluon.utils.split_and_load]"),
    ('loss_scaler_multi_all_finite', _IMPORT.format('contrib.amp.loss_scaler') + ".multi_all_finite("
     "nd.array([1., 2.]), nd.array([np.inf]), num_arrays=2)"),
    ('npx_image_names', "m = " + _IMPORT.format('numpy_extension.image') + "\n"
     "result = [m.ImageIter is mx.image.ImageIter, m.CreateAugmenter is mx.image.CreateAugmenter, "
     "m.imresize is mx.image.imresize, m.ResizeAug is mx.image.ResizeAug, callable(m.flip_left_right)]"),
    ('npx_image_resize_short', _IMPORT.format('numpy_extension.image') + ".resize_short("
     "nd.arange(24, dtype='uint8').reshape((2, 4, 3)), 4)"),
]
CASES += [
    ('module_level_reexports', "result = [" + ", ".join(
        "{} is {}".format(_IMPORT.format(mod) + '.' + name, target) for mod, name, target in (
            ('gluon.nn.basic_layers', 'Activation', 'gluon.nn.Activation'),
            ('gluon.nn.conv_layers', 'Activation', 'gluon.nn.Activation'),
            ('gluon.model_zoo.vision.densenet', 'HybridConcurrent', 'gluon.contrib.nn.HybridConcurrent'),
            ('gluon.model_zoo.vision.squeezenet', 'HybridConcurrent', 'gluon.contrib.nn.HybridConcurrent'),
            ('gluon.data.vision.datasets', 'check_sha1', 'gluon.utils.check_sha1'),
            ('image.detection', 'RandomOrderAug', 'mx.image.RandomOrderAug'),
            ('initializer', 'load', 'nd.load'),
            ('module.base_module', 'DataDesc', 'mx.io.DataDesc'),
            ('monitor', 'sqrt', '__import__("math").sqrt'),
            ('random', 'Context', 'mx.Context'),
            ('symbol.contrib', 'AttrScope', 'mx.AttrScope'))) + "]"),
]
