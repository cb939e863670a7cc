"""gluon.model_zoo.vision: every model's parameter names and shapes (in collect_params order) and the
structural names that save_parameters writes, reprs, outputs for the same weights, files written by
save_parameters (byte for byte), and the errors of the constructors, get_model and model_store.

Outputs: the parameters are set from numpy's seeded generator (He-scaled uniform weights, batch-norm
statistics and scales near 1) in collect_params order, so that MXNet and mxtorch compute with the same
numbers; the input is drawn after them. Networks with dropout run in inference mode only (random masks
differ). The files kept from the `files` cases are also loaded by tests/test_model_zoo.py, as parameter
files that MXNet wrote."""

MODELS = ['resnet18_v1', 'resnet34_v1', 'resnet50_v1', 'resnet101_v1', 'resnet152_v1',
          'resnet18_v2', 'resnet34_v2', 'resnet50_v2', 'resnet101_v2', 'resnet152_v2',
          'vgg11', 'vgg13', 'vgg16', 'vgg19', 'vgg11_bn', 'vgg13_bn', 'vgg16_bn', 'vgg19_bn',
          'alexnet', 'inceptionv3', 'densenet121', 'densenet161', 'densenet169', 'densenet201',
          'squeezenet1.0', 'squeezenet1.1',
          'mobilenet1.0', 'mobilenet0.75', 'mobilenet0.5', 'mobilenet0.25',
          'mobilenetv2_1.0', 'mobilenetv2_0.75', 'mobilenetv2_0.5', 'mobilenetv2_0.25']

TOL = {'atol': 1e-3, 'rtol': 1e-3}

# parameter names and shapes (one line each, in collect_params order), and the names save_parameters uses
LAYOUT = """
params = net.collect_params()
result = {{'prefix': net.prefix,
          'params': '\\n'.join('%s %s' % (name, 'x'.join(str(d) for d in p.shape)) for name, p in params.items()),
          'structure': '\\n'.join(net._collect_params_with_prefix().keys())}}
"""

# deterministic parameters (net must have run once so that every shape is known)
SET_PARAMS = """
for name, p in net.collect_params().items():
    shape = p.shape
    if name.endswith(('running_var', 'gamma')):
        value = np.random.uniform(0.5, 1.5, shape)
    elif name.endswith(('running_mean', 'beta', 'bias')):
        value = np.random.uniform(-0.1, 0.1, shape)
    else:
        value = np.random.uniform(-1, 1, shape) * np.sqrt(6.0 / int(np.prod(shape[1:])))
    p.set_data(nd.array(value))
"""


def _layout_case(model):
    return ('layout_' + model, "net = gluon.model_zoo.vision.get_model({!r})\n".format(model) + LAYOUT.format())


def _forward_layout_case(model, shape, **kwargs):
    """Shapes after a first forward on an input of `shape` (the deferred dimensions filled in)."""
    args = ''.join(', {}={!r}'.format(k, v) for k, v in sorted(kwargs.items()))
    code = ("net = gluon.model_zoo.vision.get_model({!r}{})\nnet.initialize()\n"
            "out = net(nd.ones({}))\n").format(model, args, shape) + LAYOUT.format() + \
        "result['out_shape'] = list(out.shape)\n"
    return ('forward_layout_' + model + ''.join('_{}{}'.format(k, v) for k, v in sorted(kwargs.items())), code)


def _output_case(name, ctor, shape, files=False):
    """The output of network `ctor` for deterministic parameters and input, in inference mode; with
    files, also the parameter file that save_parameters writes."""
    code = ("net = {}\nnet.initialize()\nnet(nd.ones({}))\n".format(ctor, shape) + SET_PARAMS +
            "x = nd.array(np.random.uniform(0, 1, {}))\nresult = net(x)\n".format(shape))
    options = dict(TOL)
    if files:
        code += "net.save_parameters(tmpdir + '/net.params')\n"
        options['files'] = ('net.params',)
    return ('output_' + name, code, options)


V = 'gluon.model_zoo.vision.'

CASES = [_layout_case(m) for m in MODELS] + [
    # shapes once the first forward has inferred the unknown dimensions (DenseNet's and Inception V3's
    # only follow from the output cases below, whose numbers depend on them: full-size inputs are slow)
    _forward_layout_case('resnet18_v1', (1, 3, 32, 32)),
    _forward_layout_case('resnet50_v1', (1, 3, 32, 32)),
    _forward_layout_case('resnet50_v2', (1, 3, 32, 32)),
    _forward_layout_case('resnet18_v2', (1, 3, 32, 32), thumbnail=True, classes=10),
    _forward_layout_case('resnet18_v1', (1, 3, 32, 32), thumbnail=True),
    _forward_layout_case('vgg11_bn', (1, 3, 32, 32), classes=10),
    _forward_layout_case('alexnet', (1, 3, 64, 64)),
    _forward_layout_case('squeezenet1.0', (1, 3, 224, 224)),
    _forward_layout_case('mobilenet0.25', (1, 3, 32, 32)),
    _forward_layout_case('mobilenetv2_0.25', (1, 3, 32, 32)),
    _forward_layout_case('mobilenetv2_1.0', (1, 3, 32, 32), classes=7),

    # constructors and their options
    ('get_model_case_insensitive', "net = gluon.model_zoo.vision.get_model('ResNet18_V1')\n"
                                   "result = [type(net).__name__, net.prefix]"),
    ('constructor_names', "result = [gluon.model_zoo.vision.resnet18_v1().prefix, "
                          "gluon.model_zoo.vision.resnet18_v2().prefix, gluon.model_zoo.vision.vgg11().prefix, "
                          "gluon.model_zoo.vision.squeezenet1_0().prefix, gluon.model_zoo.vision.alexnet().prefix, "
                          "gluon.model_zoo.vision.densenet121().prefix, gluon.model_zoo.vision.inception_v3().prefix, "
                          "gluon.model_zoo.vision.mobilenet1_0().prefix, gluon.model_zoo.vision.mobilenet_v2_1_0().prefix, "
                          "gluon.model_zoo.vision.resnet18_v1().prefix]"),
    ('prefix_option', "net = gluon.model_zoo.vision.resnet18_v1(prefix='mine_', classes=3)\n" + LAYOUT.format()),
    ('get_resnet_layout', "net = gluon.model_zoo.vision.get_resnet(2, 34, thumbnail=True, classes=5)\n"
                          + LAYOUT.format()),
    ('vgg_batch_norm_option', "net = gluon.model_zoo.vision.get_vgg(13, batch_norm=True, classes=4)\n"
                              + LAYOUT.format()),
    ('densenet_dropout_option', "net = gluon.model_zoo.vision.DenseNet(8, 4, [2, 3], bn_size=2, dropout=0.2, "
                                "classes=3)\nresult = repr(net)"),
    ('mobilenet_multiplier_option', "net = gluon.model_zoo.vision.get_mobilenet(0.3, classes=4)\n"
                                    + LAYOUT.format()),
    ('mobilenet_v2_wide', "net = gluon.model_zoo.vision.MobileNetV2(1.5, classes=4)\n" + LAYOUT.format()),
    ('classes_small_resnet', "net = gluon.model_zoo.vision.ResNetV1(gluon.model_zoo.vision.BottleneckV1, "
                             "[1, 2], [16, 32, 64], classes=3)\n" + LAYOUT.format()),
    ('blocks_alone', """
V = gluon.model_zoo.vision
blocks = [(V.BasicBlockV1(8, 2, True, in_channels=4), 4), (V.BasicBlockV2(8, 1, False, in_channels=8), 8),
          (V.BottleneckV1(16, 2, True, in_channels=8), 8), (V.BottleneckV2(16, 1, True, in_channels=8), 8)]
result = []
for b, c in blocks:
    b.initialize()
    out = b(nd.ones((1, c, 8, 8)))
    result.append([b.prefix, sorted(b.collect_params().keys()), list(out.shape), repr(b)])
"""),

    # printed forms
    ('repr_resnet18_v1', "result = repr(gluon.model_zoo.vision.resnet18_v1())"),
    ('repr_resnet50_v2_after_forward', "net = gluon.model_zoo.vision.resnet50_v2(classes=10)\nnet.initialize()\n"
                                       "net(nd.ones((1, 3, 32, 32)))\nresult = repr(net)"),
    ('repr_squeezenet1_1', "result = repr(gluon.model_zoo.vision.squeezenet1_1())"),
    ('repr_mobilenetv2_0_25', "result = repr(gluon.model_zoo.vision.mobilenet_v2_0_25())"),
    ('repr_inceptionv3', "result = repr(gluon.model_zoo.vision.inception_v3())"),
    ('repr_densenet121', "result = repr(gluon.model_zoo.vision.densenet121())"),
    ('repr_vgg11_bn', "result = repr(gluon.model_zoo.vision.vgg11_bn())"),
    ('repr_alexnet', "result = repr(gluon.model_zoo.vision.alexnet())"),
    ('repr_mobilenet0_5', "result = repr(gluon.model_zoo.vision.mobilenet0_5())"),

    # outputs for the same weights (inference mode), some with the file save_parameters writes
    _output_case('resnet_small_v1', V + "ResNetV1(" + V + "BasicBlockV1, [1, 1, 1, 1], [8, 8, 16, 32, 64], "
                 "classes=10, thumbnail=True)", (2, 3, 16, 16), files=True),
    _output_case('resnet_small_v2_bottleneck', V + "ResNetV2(" + V + "BottleneckV2, [1, 1, 1, 1], "
                 "[8, 16, 32, 64, 128], classes=10)", (2, 3, 32, 32), files=True),
    _output_case('resnet_small_v1_bottleneck', V + "ResNetV1(" + V + "BottleneckV1, [2, 1], [8, 16, 32], "
                 "classes=6)", (2, 3, 32, 32)),
    _output_case('resnet_small_v2_basic', V + "ResNetV2(" + V + "BasicBlockV2, [1, 2], [8, 8, 16], "
                 "classes=6, thumbnail=True)", (2, 3, 16, 16)),
    _output_case('mobilenetv2_0_25', V + "mobilenet_v2_0_25(classes=10)", (1, 3, 64, 64), files=True),
    _output_case('mobilenet0_25', V + "mobilenet0_25(classes=10)", (1, 3, 64, 64), files=True),
    _output_case('resnet18_v1_thumbnail', V + "resnet18_v1(thumbnail=True, classes=10)", (1, 3, 32, 32)),
    _output_case('squeezenet1_1', V + "squeezenet1_1(classes=10)", (1, 3, 224, 224)),
    _output_case('squeezenet1_0', V + "squeezenet1_0(classes=10)", (1, 3, 224, 224)),
    _output_case('densenet_small', V + "DenseNet(16, 8, [2, 2, 2], classes=10)", (1, 3, 224, 224)),
    _output_case('inceptionv3', V + "inception_v3(classes=10)", (1, 3, 299, 299)),
    _output_case('vgg11_bn', V + "vgg11_bn(classes=10)", (1, 3, 32, 32)),
    _output_case('alexnet', V + "alexnet(classes=10)", (1, 3, 64, 64)),

    # training mode: batch statistics, running statistics updated, gradients
    ('training_resnet_small', """
net = gluon.model_zoo.vision.ResNetV1(gluon.model_zoo.vision.BottleneckV1, [1, 1], [8, 16, 32], classes=4,
                                      thumbnail=True)
net.initialize()
net(nd.ones((2, 3, 8, 8)))
""" + SET_PARAMS + """
x = nd.array(np.random.uniform(0, 1, (2, 3, 8, 8)))
with autograd.record():
    y = net(x)
    loss = (y * y).sum()
loss.backward()
params = net.collect_params()
result = [y, params['resnetv10_stage1_batchnorm0_running_mean'].data(),
          params['resnetv10_stage1_conv0_weight'].grad(), params['resnetv10_dense0_weight'].grad()]
""", TOL),
    ('hybridized_matches', """
net = gluon.model_zoo.vision.ResNetV2(gluon.model_zoo.vision.BasicBlockV2, [1, 1], [8, 8, 16], classes=4,
                                      thumbnail=True)
net.initialize()
net(nd.ones((2, 3, 8, 8)))
""" + SET_PARAMS + """
x = nd.array(np.random.uniform(0, 1, (2, 3, 8, 8)))
y1 = net(x)
net.hybridize()
result = [y1, net(x), net(x)]
""", TOL),

    # loading: a file saved from one instance loads into a fresh one (other prefix); legacy full names
    ('save_load_roundtrip', """
net = gluon.model_zoo.vision.mobilenet_v2_0_25(classes=5)
net.initialize()
net(nd.ones((1, 3, 32, 32)))
""" + SET_PARAMS + """
net.save_parameters(tmpdir + '/a.params')
net2 = gluon.model_zoo.vision.mobilenet_v2_0_25(classes=5)
net2.load_parameters(tmpdir + '/a.params')
x = nd.array(np.random.uniform(0, 1, (1, 3, 32, 32)))
result = [net2.prefix, net(x), net2(x), sorted(nd.load(tmpdir + '/a.params').keys())[:6]]
""", TOL),
    ('load_wrong_classes', """
net = gluon.model_zoo.vision.squeezenet1_1(classes=5)
net.initialize()
net(nd.ones((1, 3, 224, 224)))
net.save_parameters(tmpdir + '/a.params')
net2 = gluon.model_zoo.vision.squeezenet1_1(classes=6)
net2.load_parameters(tmpdir + '/a.params')
result = 0
"""),

    # bad input
    ('get_model_unknown', """
try:
    gluon.model_zoo.vision.get_model('resnet19_v1')
except ValueError as e:
    result = str(e)
"""),
    ('get_model_unknown_type', "gluon.model_zoo.vision.get_model('nonsense')"),
    ('get_resnet_bad_depth', "gluon.model_zoo.vision.get_resnet(1, 20)"),
    ('get_resnet_bad_version', "gluon.model_zoo.vision.get_resnet(3, 18)"),
    ('resnet_layers_channels_mismatch', "gluon.model_zoo.vision.ResNetV1(gluon.model_zoo.vision.BasicBlockV1, "
                                        "[2, 2], [64, 64])"),
    ('vgg_layers_filters_mismatch', "gluon.model_zoo.vision.VGG([1, 1], [64])"),
    ('get_vgg_bad_depth', "gluon.model_zoo.vision.get_vgg(12)"),
    ('squeezenet_bad_version', "gluon.model_zoo.vision.SqueezeNet('1.2')"),
    ('densenet_bad_depth', "gluon.model_zoo.vision.densenet.get_densenet(100)"),
    ('model_store_unknown', """
try:
    gluon.model_zoo.model_store.get_model_file('resnet19_v1', root=tmpdir)
except ValueError as e:
    result = str(e)
"""),
    ('model_store_short_hash', "[gluon.model_zoo.model_store.short_hash(n) for n in "
                               "['resnet18_v1', 'mobilenet0.25', 'squeezenet1.1', 'vgg19_bn', 'inceptionv3']]"),
    ('model_store_sha1_table', "sorted(gluon.model_zoo.model_store._model_sha1.items())"),
    ('model_store_repo_url', "gluon.model_zoo.model_store.apache_repo_url"),
    ('purge_removes_params_only', """
import os
for f in ('a.params', 'b.params', 'c.zip', 'd.txt'):
    open(os.path.join(tmpdir, f), 'w').close()
gluon.model_zoo.model_store.purge(root=tmpdir)
result = sorted(os.listdir(tmpdir))
"""),
    ('purge_missing_root', "gluon.model_zoo.model_store.purge(root=tmpdir + '/nothing_here')"),
]
