"""Gluon layers beyond Dense: convolutions, pooling, activations, normalizations (BatchNorm's running
statistics included), Dropout, Embedding, Flatten, Lambda, and gluon.contrib.nn.

A layer case builds the layer in a fresh NameManager, runs one forward pass (completing deferred shapes),
overwrites every parameter with numbers from numpy's seeded generator (running variances positive),
then records a training step with a random head gradient and answers: the repr, the training output,
the input's gradient, the prediction-mode output after the step, the parameters' gradients, and every
parameter's value after the step (BatchNorm's running statistics), with the parameter names and shapes."""


def _in_names(code):
    """code indented into a `with mx.name.NameManager():` block."""
    return 'with mx.name.NameManager():\n' + '\n'.join('    ' + line for line in code.strip('\n').split('\n'))


LAYER_STEP = """
with mx.name.NameManager():
    layer = {ctor}
layer.initialize()
{hybridize}
x = nd.array(np.random.uniform(-1, 1, {shape}))
layer(x)
params = layer.collect_params()
names = sorted(params.keys())
for name in names:
    p = params[name]
    if name.endswith('running_var'):
        p.set_data(nd.array(np.random.uniform(0.5, 1.5, p.shape)))
    else:
        p.set_data(nd.array(np.random.uniform(-1, 1, p.shape)))
x.attach_grad()
with autograd.record():
    y = layer(x)
y.backward(nd.array(np.random.uniform(-1, 1, y.shape)))
result = [repr(layer), y, x.grad, layer(x), [(n, params[n].shape, params[n].grad_req) for n in names]]
result += [params[n].grad() for n in names if params[n].grad_req != 'null']
result += [params[n].data() for n in names]
"""


def layer_case(name, ctor, shape, hybridize=False, **options):
    code = LAYER_STEP.format(ctor=ctor, shape=shape, hybridize='layer.hybridize()' if hybridize else '')
    return (name, code, options) if options else (name, code)


CASES = [
    # ---- convolutions --------------------------------------------------------------------------------------
    layer_case('conv1d', 'gluon.nn.Conv1D(4, 3, in_channels=2)', (2, 2, 7)),
    layer_case('conv1d_strided_dilated_groups',
               'gluon.nn.Conv1D(4, 3, strides=2, padding=1, dilation=2, groups=2, in_channels=2)', (2, 2, 9)),
    layer_case('conv1d_deferred_relu', "gluon.nn.Conv1D(3, 2, activation='relu')", (2, 3, 5)),
    layer_case('conv2d_groups', 'gluon.nn.Conv2D(6, (3, 2), strides=(2, 1), padding=(1, 0), groups=3, in_channels=3)',
               (2, 3, 6, 5)),
    layer_case('conv2d_deferred_nobias', 'gluon.nn.Conv2D(4, 3, padding=1, use_bias=False)', (2, 2, 4, 4)),
    layer_case('conv2d_dilation_sigmoid', "gluon.nn.Conv2D(2, (2, 3), dilation=(2, 1), activation='sigmoid')",
               (1, 3, 6, 6)),
    layer_case('conv2d_hybridized', 'gluon.nn.Conv2D(3, 3, strides=2, padding=1)', (2, 2, 5, 5), hybridize=True),
    layer_case('conv3d', 'gluon.nn.Conv3D(4, (2, 3, 2), strides=(1, 2, 1), padding=(1, 0, 1), in_channels=2)',
               (1, 2, 4, 5, 4)),
    layer_case('conv3d_deferred_groups', 'gluon.nn.Conv3D(4, 2, groups=2)', (1, 2, 3, 3, 3)),
    layer_case('conv1d_transpose', 'gluon.nn.Conv1DTranspose(3, 3, strides=2, output_padding=1, in_channels=2)',
               (2, 2, 5)),
    layer_case('conv2d_transpose_groups',
               'gluon.nn.Conv2DTranspose(4, (3, 3), strides=2, padding=1, output_padding=1, groups=2, in_channels=2)',
               (2, 2, 4, 4)),
    layer_case('conv2d_transpose_deferred', 'gluon.nn.Conv2DTranspose(3, 2)', (1, 4, 3, 3)),
    layer_case('conv2d_transpose_dilation', 'gluon.nn.Conv2DTranspose(2, (3, 2), dilation=2, in_channels=2)',
               (1, 2, 3, 3)),
    layer_case('conv3d_transpose', 'gluon.nn.Conv3DTranspose(2, 2, strides=2, in_channels=2)', (1, 2, 2, 3, 2)),
    ('conv_reprs', _in_names("""
nn = gluon.nn
layers = [nn.Conv1D(16, 3), nn.Conv1D(16, 3, in_channels=4, groups=2, strides=3),
          nn.Conv2D(16, (3, 4), in_channels=4), nn.Conv2D(16, (3, 4), padding=4, dilation=2, use_bias=False),
          nn.Conv2D(8, [3, 3], strides=[2, 2], padding=[0, 0], activation='relu'),
          nn.Conv2D(8, 3, in_channels=4, groups=2, layout='NHWC'),
          nn.Conv3D(16, 4, strides=4, in_channels=4, activation='tanh'), nn.Conv3D(8, 3, layout='NDHWC', in_channels=2),
          nn.Conv1DTranspose(8, 3, output_padding=1, strides=2), nn.Conv2DTranspose(8, 3, in_channels=4, groups=2),
          nn.Conv2DTranspose(16, (3, 4), strides=4, output_padding=3, in_channels=4),
          nn.Conv2DTranspose(8, 3, in_channels=4, layout='NHWC'), nn.Conv3DTranspose(8, 3, in_channels=2)]
result = [(repr(l), l.name, l.weight.shape, None if l.bias is None else l.bias.shape) for l in layers]
result.append(list(layers[0].collect_params().keys()))""")),
    ('conv_prefixes_in_scope', _in_names("""
net = gluon.nn.HybridSequential()
with net.name_scope():
    net.add(gluon.nn.Conv2D(4, 3, activation='relu'), gluon.nn.MaxPool2D(), gluon.nn.Conv2DTranspose(2, 2),
            gluon.nn.BatchNorm(), gluon.nn.Activation('tanh'), gluon.nn.Dropout(0.5), gluon.nn.Flatten())
result = [list(net.collect_params().keys()), [c.name for c in net._children.values()], repr(net)]""")),
    ('conv_shapes_after_forward', _in_names("""
nn = gluon.nn
layers = [(nn.Conv2D(16, (3, 4), strides=4, dilation=4, padding=4), (1, 4, 20, 20)),
          (nn.Conv2DTranspose(16, (3, 4), strides=4, output_padding=3), (1, 4, 20, 20)),
          (nn.Conv1D(16, 3, strides=3, groups=2), (1, 4, 10)),
          (nn.Conv3D(16, (1, 8, 4)), (1, 4, 10, 10, 10))]
result = []
for l, shape in layers:
    l.initialize()
    result.append((l(nd.ones(shape)).shape, l.weight.shape, repr(l)))""")),

    # ---- pooling -------------------------------------------------------------------------------------------
    layer_case('maxpool1d', 'gluon.nn.MaxPool1D()', (2, 2, 7)),
    layer_case('maxpool1d_ceil_pad', 'gluon.nn.MaxPool1D(3, 2, padding=1, ceil_mode=True)', (2, 2, 8)),
    layer_case('maxpool1d_nwc', "gluon.nn.MaxPool1D(3, layout='NWC')", (2, 7, 3)),
    layer_case('avgpool1d_exclude_pad', 'gluon.nn.AvgPool1D(3, 2, padding=1, count_include_pad=False)', (2, 2, 8)),
    layer_case('maxpool2d', 'gluon.nn.MaxPool2D((3, 3), 2, 1)', (2, 2, 7, 6)),
    layer_case('maxpool2d_nhwc', "gluon.nn.MaxPool2D(layout='NHWC')", (2, 6, 4, 3)),
    layer_case('maxpool2d_ceil', 'gluon.nn.MaxPool2D(3, ceil_mode=True)', (1, 2, 10, 8)),
    layer_case('maxpool2d_hybridized', 'gluon.nn.MaxPool2D(2, 1)', (1, 2, 4, 4), hybridize=True),
    layer_case('avgpool2d', 'gluon.nn.AvgPool2D(3, 2, padding=1)', (2, 2, 7, 6)),
    layer_case('avgpool2d_ceil_exclude', 'gluon.nn.AvgPool2D(3, 2, 1, ceil_mode=True, count_include_pad=False)',
               (1, 2, 8, 7)),
    layer_case('avgpool2d_nhwc', "gluon.nn.AvgPool2D((2, 3), layout='NHWC')", (2, 4, 6, 3)),
    layer_case('maxpool3d_ceil', 'gluon.nn.MaxPool3D(2, ceil_mode=True)', (1, 2, 5, 5, 5)),
    layer_case('avgpool3d', 'gluon.nn.AvgPool3D((2, 2, 3), strides=1, padding=(1, 0, 1))', (1, 2, 3, 4, 5)),
    layer_case('avgpool3d_ndhwc', "gluon.nn.AvgPool3D(layout='NDHWC')", (1, 4, 4, 4, 2)),
    layer_case('globalmaxpool1d', 'gluon.nn.GlobalMaxPool1D()', (2, 3, 5)),
    layer_case('globalavgpool1d_nwc', "gluon.nn.GlobalAvgPool1D(layout='NWC')", (2, 5, 3)),
    layer_case('globalmaxpool2d_nhwc', "gluon.nn.GlobalMaxPool2D(layout='NHWC')", (2, 3, 4, 3)),
    layer_case('globalavgpool2d', 'gluon.nn.GlobalAvgPool2D()', (2, 3, 4, 5)),
    layer_case('globalmaxpool3d', 'gluon.nn.GlobalMaxPool3D()', (1, 2, 3, 2, 4)),
    layer_case('globalavgpool3d_ndhwc', "gluon.nn.GlobalAvgPool3D(layout='NDHWC')", (1, 3, 2, 4, 2)),
    ('pool_reprs', _in_names("""
nn = gluon.nn
layers = [nn.MaxPool1D(), nn.MaxPool1D(3, 2, layout='NWC'), nn.AvgPool1D(count_include_pad=False),
          nn.MaxPool2D(), nn.MaxPool2D((3, 3), ceil_mode=True), nn.MaxPool2D(3, 2, padding=[1, 1]),
          nn.AvgPool2D(layout='NHWC'), nn.AvgPool2D(2, strides=(1, 2), padding=(0, 1)),
          nn.MaxPool3D(), nn.AvgPool3D(2, 1, 1), nn.GlobalMaxPool1D(), nn.GlobalAvgPool1D(layout='NWC'),
          nn.GlobalMaxPool2D(), nn.GlobalAvgPool2D(layout='NHWC'), nn.GlobalMaxPool3D(), nn.GlobalAvgPool3D()]
result = [(repr(l), l.name) for l in layers]""")),
    ('pool_ceil_mode_shapes', """
nn = gluon.nn
result = []
for layout, shape in (('NCHW', (2, 2, 10, 10)), ('NHWC', (2, 10, 10, 2))):
    x = nd.zeros(shape)
    result.append(nn.MaxPool2D(3, ceil_mode=False, layout=layout)(x).shape)
    result.append(nn.MaxPool2D(3, ceil_mode=True, layout=layout)(x).shape)
    result.append(nn.AvgPool2D(3, ceil_mode=True, layout=layout)(x).shape)"""),
    layer_case('reflectionpad2d', 'gluon.nn.ReflectionPad2D(2)', (1, 2, 4, 5)),
    layer_case('reflectionpad2d_widths', 'gluon.nn.ReflectionPad2D((0, 0, 0, 0, 1, 2, 0, 3))', (2, 1, 4, 5)),

    # ---- activations ---------------------------------------------------------------------------------------
    layer_case('activation_relu', "gluon.nn.Activation('relu')", (3, 4)),
    layer_case('activation_sigmoid', "gluon.nn.Activation('sigmoid')", (3, 4)),
    layer_case('activation_tanh', "gluon.nn.Activation('tanh')", (3, 4)),
    layer_case('activation_softrelu', "gluon.nn.Activation('softrelu')", (3, 4)),
    layer_case('activation_softsign', "gluon.nn.Activation('softsign')", (3, 4)),
    layer_case('leakyrelu', 'gluon.nn.LeakyReLU(0.1)', (3, 4)),
    layer_case('prelu', 'gluon.nn.PReLU()', (3, 4)),
    layer_case('prelu_channels', 'gluon.nn.PReLU(in_channels=3)', (2, 3, 4)),
    layer_case('elu', 'gluon.nn.ELU()', (3, 4)),
    layer_case('elu_alpha', 'gluon.nn.ELU(0.5)', (3, 4)),
    # forward only: MXNet 1.9.1's selu gradient for negative inputs is lambda * (out + alpha) instead of
    # out + lambda * alpha, which the LeakyReLU operator does not reproduce (see the report)
    ('selu_forward', _in_names("""
layer = gluon.nn.SELU()
result = [repr(layer), layer.name, layer(nd.array(np.random.uniform(-2, 2, (3, 4))))]""")),
    layer_case('gelu', 'gluon.nn.GELU()', (3, 4)),
    layer_case('swish', 'gluon.nn.Swish()', (3, 4)),
    layer_case('swish_beta', 'gluon.nn.Swish(2.0)', (3, 4)),
    ('activation_reprs_names', _in_names("""
nn = gluon.nn
layers = [nn.Activation('relu'), nn.Activation('relu'), nn.Activation('tanh'), nn.LeakyReLU(0.2), nn.PReLU(),
          nn.ELU(), nn.SELU(), nn.GELU(), nn.Swish()]
result = [(repr(l), l.name) for l in layers] + [list(layers[4].params.keys()), layers[4].alpha.shape]""")),
    ('prelu_default_alpha', _in_names("""
l = gluon.nn.PReLU(in_channels=2)
l.initialize()
result = [l.alpha.data(), l(nd.array([[[-1.0, 2.0]], [[3.0, -4.0]]]).reshape((1, 2, 2)))]""")),

    # ---- normalization -------------------------------------------------------------------------------------
    layer_case('batchnorm_deferred', 'gluon.nn.BatchNorm()', (4, 3, 2, 2)),
    layer_case('batchnorm_axis_last', 'gluon.nn.BatchNorm(axis=-1, momentum=0.8, epsilon=1e-3, in_channels=3)',
               (4, 2, 3)),
    layer_case('batchnorm_no_center_scale', 'gluon.nn.BatchNorm(center=False, scale=False)', (5, 2)),
    layer_case('batchnorm_global_stats', 'gluon.nn.BatchNorm(use_global_stats=True)', (3, 2, 4)),
    layer_case('batchnorm_hybridized', 'gluon.nn.BatchNorm(momentum=0.5)', (4, 3, 2), hybridize=True),
    layer_case('batchnormrelu', 'gluon.nn.BatchNormReLU()', (4, 3, 2, 2)),
    layer_case('instancenorm', 'gluon.nn.InstanceNorm()', (2, 3, 4)),
    layer_case('instancenorm_axis_scale', 'gluon.nn.InstanceNorm(axis=2, scale=True, epsilon=1e-3)', (2, 3, 4, 2)),
    layer_case('layernorm', 'gluon.nn.LayerNorm()', (2, 3, 4)),
    layer_case('layernorm_axis1_nocenter', 'gluon.nn.LayerNorm(axis=1, center=False, in_channels=3)', (2, 3, 4)),
    layer_case('groupnorm', 'gluon.nn.GroupNorm(num_groups=2)', (2, 4, 3)),
    layer_case('groupnorm_noscale', 'gluon.nn.GroupNorm(3, epsilon=1e-3, scale=False)', (2, 6, 2, 2)),
    ('batchnorm_running_stats_steps', _in_names("""
bn = gluon.nn.BatchNorm(in_channels=3, momentum=0.7)
bn.initialize()
stats = []
for i in range(3):
    x = nd.array(np.random.normal(i, 2, (4, 3, 5)))
    with autograd.record():
        y = bn(x)
    stats.append([bn.running_mean.data().copy(), bn.running_var.data().copy()])
    y.backward(nd.array(np.random.uniform(-1, 1, y.shape)))
    stats.append([bn.running_mean.data().copy(), bn.running_var.data().copy()])
with autograd.train_mode():
    train_out = bn(x)
stats.append([bn.running_mean.data().copy(), bn.running_var.data().copy()])
result = [stats, bn(x), train_out, bn.gamma.grad(), bn.beta.grad()]""")),
    ('norm_reprs', _in_names("""
nn = gluon.nn
layers = [nn.BatchNorm(), nn.BatchNorm(axis=3, momentum=0.5, epsilon=1e-3, center=False, scale=False,
                                       use_global_stats=True, in_channels=8),
          nn.BatchNormReLU(in_channels=2), nn.InstanceNorm(), nn.InstanceNorm(axis=2, in_channels=3, scale=True),
          nn.LayerNorm(), nn.LayerNorm(axis=1, epsilon=1e-3, in_channels=5), nn.GroupNorm(), nn.GroupNorm(4, center=False)]
result = [(repr(l), l.name, sorted((k, v.shape, v.grad_req) for k, v in l.params.items())) for l in layers]""")),
    ('batchnorm_cast_float16', _in_names("""
bn = gluon.nn.BatchNorm(in_channels=2)
bn.cast('float16')
result = [str(p.dtype) for p in bn.params.values()]""")),

    # ---- common layers -------------------------------------------------------------------------------------
    ('embedding', _in_names("""
emb = gluon.nn.Embedding(10, 4)
emb.initialize()
emb.weight.set_data(nd.array(np.random.uniform(-1, 1, (10, 4))))
x = nd.array([[1, 2, 9], [0, 2, 4]])
with autograd.record():
    y = emb(x)
y.backward(nd.array(np.random.uniform(-1, 1, y.shape)))
result = [repr(emb), y, emb.weight.grad(), list(emb.params.keys()), emb.weight.shape]""")),
    ('embedding_sparse_grad_dtype', _in_names("""
emb = gluon.nn.Embedding(5, 3, dtype='float64', sparse_grad=True)
emb.initialize()
emb.weight.set_data(nd.array(np.random.uniform(-1, 1, (5, 3)), dtype='float64'))
x = nd.array([4, 0, 4])
with autograd.record():
    y = emb(x)
y.backward()
result = [repr(emb), y, emb.weight.grad(), str(emb.weight.dtype)]""")),
    layer_case('flatten', 'gluon.nn.Flatten()', (2, 3, 4)),
    layer_case('dropout_zero_rate', 'gluon.nn.Dropout(0.0)', (3, 4)),
    ('dropout_predict_and_repr', _in_names("""
d = gluon.nn.Dropout(0.5)
e = gluon.nn.Dropout(0.3, axes=(1, 2))
x = nd.array(np.random.uniform(-1, 1, (2, 3, 4)))
result = [repr(d), repr(e), d.name, d(x), e(x)]""")),
    ('dropout_train_mask_shared_along_axes', _in_names("""
d = gluon.nn.Dropout(0.5, axes=(1,))
x = nd.ones((40, 100))
with autograd.record():
    y = d(x)
rows = y.asnumpy()
result = [y.shape, all(len(set(r.tolist())) == 1 for r in rows), set(np.unique(rows).tolist()) <= {0.0, 2.0}]""")),
    ('lambda_blocks', _in_names("""
nn = gluon.nn
a = nn.Lambda('tanh')
def double(x):
    return x * 2
b = nn.Lambda(double)
c = nn.HybridLambda('relu')
d = nn.HybridLambda(lambda F, x, y: F.broadcast_add(x, y))
x = nd.array(np.random.uniform(-1, 1, (2, 3)))
y = nd.array(np.random.uniform(-1, 1, (2, 3)))
result = [repr(a), repr(b), repr(c), repr(d), a.name, c.name, a(x), b(x), c(x), d(x, y)]""")),
    ('lambda_in_hybridsequential', _in_names("""
net = gluon.nn.HybridSequential()
net.add(gluon.nn.HybridLambda('tanh'), gluon.nn.HybridLambda(lambda F, x: F.LeakyReLU(x, slope=0.1)))
net.hybridize()
x = nd.array(np.random.uniform(-2, 2, (3, 4)))
result = [net(x), repr(net)]""")),
    ('flatten_repr', "repr(gluon.nn.Flatten())"),

    # ---- contrib -------------------------------------------------------------------------------------------
    ('contrib_concurrent', _in_names("""
cnn = mx.gluon.contrib.nn
net = cnn.HybridConcurrent(axis=1)
with net.name_scope():
    net.add(gluon.nn.Dense(3), gluon.nn.Dense(2), cnn.Identity())
net.initialize()
x = nd.array(np.random.uniform(-1, 1, (2, 4)))
net(x)
for n in sorted(net.collect_params().keys()):
    net.collect_params()[n].set_data(nd.array(np.random.uniform(-1, 1, net.collect_params()[n].shape)))
y = net(x)
net.hybridize()
z = net(x)
seq = cnn.Concurrent(axis=-1)
with seq.name_scope():
    seq.add(gluon.nn.Activation('tanh'), cnn.Identity())
result = [y, z, seq(x), repr(net), repr(seq), net.name, seq.name, list(net.collect_params().keys())]""")),
    ('contrib_identity', _in_names("""
cnn = mx.gluon.contrib.nn
i = cnn.Identity()
x = nd.array([1.0, 2.0])
result = [i(x), i.name, i(x) is x]""")),
    ('contrib_pixelshuffle', _in_names("""
cnn = mx.gluon.contrib.nn
p1, p2, p3 = cnn.PixelShuffle1D(2), cnn.PixelShuffle2D((2, 3)), cnn.PixelShuffle3D((2, 1, 2))
result = [repr(p1), repr(p2), repr(p3), cnn.PixelShuffle2D(2)._factors,
          p1(nd.arange(24).reshape((1, 4, 6))), p2(nd.arange(72).reshape((1, 12, 2, 3))),
          p3(nd.arange(96).reshape((1, 8, 2, 3, 2)))]""")),
    layer_case('contrib_syncbatchnorm', 'mx.gluon.contrib.nn.SyncBatchNorm(num_devices=1)', (4, 3, 2)),
    ('contrib_syncbatchnorm_repr', _in_names("""
cnn = mx.gluon.contrib.nn
result = [repr(cnn.SyncBatchNorm(num_devices=2)), repr(cnn.SyncBatchNorm(in_channels=4, num_devices=1, scale=False))]""")),
    ('contrib_sparse_embedding', _in_names("""
cnn = mx.gluon.contrib.nn
emb = cnn.SparseEmbedding(6, 2)
result = [repr(emb), list(emb.params.keys()), emb.weight.shape]""")),
    ('contrib_all', "sorted(mx.gluon.contrib.nn.__all__)"),

    # ---- bad input -----------------------------------------------------------------------------------------
    ('error_conv2d_layout', "gluon.nn.Conv2D(4, 3, layout='NCW')"),
    ('error_conv1d_layout', "gluon.nn.Conv1D(4, 3, layout='NWC')"),
    ('error_conv2d_kernel_length', "gluon.nn.Conv2D(4, (3, 3, 3))"),
    ('error_conv_groups', "gluon.nn.Conv2D(5, 3, groups=2, in_channels=4)"),
    ('error_conv_groups_in_channels', "gluon.nn.Conv2D(4, 3, groups=2, in_channels=3)"),
    ('error_transpose_output_padding_length', "gluon.nn.Conv2DTranspose(4, 3, output_padding=(1, 1, 1))"),
    ('error_pool_layout', "gluon.nn.MaxPool2D(layout='NCW')"),
    ('error_pool_size_length', "gluon.nn.AvgPool1D((2, 2))"),
    ('error_global_pool_layout', "gluon.nn.GlobalAvgPool3D(layout='NCHW')"),
    ('error_leakyrelu_negative', "gluon.nn.LeakyReLU(-0.1)"),
    ('error_reflectionpad_widths', "gluon.nn.ReflectionPad2D((1, 2, 3))"),
    ('error_lambda_unknown_name', "gluon.nn.Lambda('no_such_operator')"),
    ('error_lambda_not_callable', "gluon.nn.Lambda(3)"),
    ('error_hybridlambda_not_callable', "gluon.nn.HybridLambda(3)"),
    ('error_conv_wrong_channels', _in_names("""
c = gluon.nn.Conv2D(4, 3, in_channels=3)
c.initialize()
result = c(nd.ones((1, 2, 5, 5)))""")),
]
