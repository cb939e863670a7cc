"""mx.gluon.contrib.cnn: DeformableConvolution and ModulatedDeformableConvolution with set weights (offset
convolutions that move the taps), their parameters' names and shapes, reprs, gradients and bad input."""


def _layer(cls, ctor, x_shape='(2, 4, 6, 6)', read='out', backward=True):
    return ("cnn = mx.gluon.contrib.cnn\n"
            "np.random.seed(1)\n"
            "layer = cnn." + cls + "(" + ctor + ")\n"
            "layer.initialize()\n"
            "x = nd.array(np.random.uniform(-1, 1, " + x_shape + "))\n"
            "layer(x)\n"
            "for name, p in sorted(layer.collect_params().items()):\n"
            "    p.set_data(nd.array(np.random.uniform(-0.5, 0.5, p.shape)))\n"
            "x.attach_grad()\n"
            "with autograd.record():\n"
            "    out = layer(x)\n" +
            # (MXNet 1.9.1 differentiates these layers only with their output as the head)
            ("out.backward(nd.array(np.random.uniform(-1, 1, out.shape)))\n"
             "grads = [x.grad] + [p.grad() for _, p in sorted(layer.collect_params().items())]\n"
             if backward else "") +
            "result = " + read + "\n")


_PARAMS = "[(name, p.shape) for name, p in sorted(layer.collect_params().items())]"

CASES = [
    ('deformable_forward', _layer('DeformableConvolution', '3, kernel_size=3, padding=1')),
    ('deformable_backward', _layer('DeformableConvolution', '3, kernel_size=3, padding=1', read='grads'),
     {'rtol': 1e-4, 'atol': 1e-5}),
    ('deformable_strided_dilated', _layer('DeformableConvolution',
                                          "2, kernel_size=(3, 2), strides=2, padding=(2, 1), dilation=(2, 1)",
                                          x_shape='(1, 4, 9, 8)')),
    ('deformable_groups', _layer('DeformableConvolution',
                                 "4, kernel_size=3, groups=2, num_deformable_group=2, use_bias=False,"
                                 " activation='relu'", read='[out, ' + _PARAMS + ']')),
    ('deformable_no_offset_bias', _layer('DeformableConvolution', "2, 3, offset_use_bias=False, in_channels=4",
                                         read='[out, ' + _PARAMS + ']')),
    ('deformable_hybridized', _layer('DeformableConvolution', '3, kernel_size=3, padding=1',
                                     read="(layer.hybridize(), layer(x))[1]")),
    ('modulated_forward', _layer('ModulatedDeformableConvolution', '3, kernel_size=3, padding=1',
                                         backward=False)),
    # (MXNet 1.9.1 has ModulatedDeformableConvolution's backward only on GPUs: tests/test_contrib_cnn.py checks it)
    ('modulated_groups', _layer('ModulatedDeformableConvolution',
                                "2, kernel_size=(2, 3), strides=(1, 2), num_deformable_group=2, use_bias=False,"
                                " activation='tanh'", read='[out, ' + _PARAMS + ', layer.offset_split_index]', backward=False)),
    ('fresh_layer_is_an_ordinary_convolution',
     "cnn = mx.gluon.contrib.cnn\n"
     "layer = cnn.DeformableConvolution(2, kernel_size=3, padding=1, weight_initializer=mx.init.Constant(0.1))\n"
     "layer.initialize()\n"
     "x = nd.arange(50).reshape((1, 2, 5, 5)) / 50\n"
     "result = [layer(x), nd.Convolution(x, nd.full((2, 2, 3, 3), 0.1), nd.zeros(2), kernel=(3, 3),"
     " pad=(1, 1), num_filter=2)]"),
    ('params_before_init',
     "cnn = mx.gluon.contrib.cnn\n"
     "layers = [cnn.DeformableConvolution(4, kernel_size=3), cnn.DeformableConvolution(4, 3, in_channels=6),\n"
     "          cnn.ModulatedDeformableConvolution(2, (1, 3), in_channels=4),\n"
     "          cnn.DeformableConvolution(4, 3, use_bias=False, offset_use_bias=False, prefix='d_')]\n"
     "result = [[(n, p.shape) for n, p in l.collect_params().items()] for l in layers]"),
    ('reprs',
     "cnn = mx.gluon.contrib.cnn\n"
     "x = nd.ones((1, 4, 6, 6))\n"
     "layers = [cnn.DeformableConvolution(4, kernel_size=3), cnn.DeformableConvolution(4, 3, in_channels=6),\n"
     "          cnn.DeformableConvolution(2, 3, strides=2, padding=1, dilation=2, groups=2, use_bias=False,"
     " activation='relu'),\n"
     "          cnn.ModulatedDeformableConvolution(2, (1, 3), padding=(0, 1), activation='sigmoid')]\n"
     "before = [repr(l) for l in layers]\n"
     "for l in layers:\n"
     "    l.initialize()\n"
     "layers[0](x); layers[3](x)\n"
     "result = before + [repr(layers[0]), repr(layers[3])]"),
    ('in_a_sequential',
     "cnn = mx.gluon.contrib.cnn\n"
     "net = gluon.nn.HybridSequential()\n"
     "with net.name_scope():\n"
     "    net.add(cnn.DeformableConvolution(2, 3), cnn.ModulatedDeformableConvolution(2, 3))\n"
     "net.initialize(mx.init.Constant(0.05))\n"
     "result = [net(nd.ones((1, 1, 7, 7))), sorted(net.collect_params())]"),
    ('modulated_offset_channels_not_divisible_by_groups',
     "mx.gluon.contrib.cnn.ModulatedDeformableConvolution(2, (1, 3), in_channels=4, groups=2)"),
    ('bad_layout', "cnn = mx.gluon.contrib.cnn\nresult = cnn.DeformableConvolution(2, 3, layout='NCW')"),
]
