"""HybridBlock.export and its files, for every gluon.model_zoo.vision model and for single layers.

Each case builds a network (classes=10 for the model zoo), hybridizes it, runs it once (which traces the
graph and completes the parameters' shapes), gives every parameter values drawn from a generator seeded
by the parameter's name (so that MXNet and mxtorch compute with the same numbers, and a test can make
them again from the names alone), exports it and runs it again. The answer holds the SHA-1 of both files
(mxtorch must write the same bytes), the parameters' names and shapes, the exported graph's arguments and
auxiliary states, and the output. The graph MXNet wrote is kept gzipped (tests/golden/files/export/),
which tests/test_symbolblock.py imports into mxtorch and runs, comparing with MXNet's output."""

from golden.model_zoo_cases import MODELS  # noqa: E402  (the model-zoo goldens' list of networks)


def input_shape(model):
    """The smallest convenient input each model takes."""
    if model.startswith('inception'):
        return (1, 3, 299, 299)
    if model.startswith(('densenet', 'squeezenet')):
        return (1, 3, 224, 224)
    if model == 'alexnet':
        return (1, 3, 64, 64)
    return (1, 3, 32, 32)


# values from the parameter's name: scales near 1 for batch-norm statistics and scales, small shifts,
# He-scaled weights
NAMED_VALUES = """
import zlib
def named_values(name, shape):
    rng = np.random.RandomState(zlib.crc32(name.encode()) & 0xffffffff)
    if name.endswith(('running_var', 'gamma', 'moving_var')):
        return rng.uniform(0.5, 1.5, shape)
    if name.endswith(('running_mean', 'beta', 'bias', 'moving_mean')):
        return rng.uniform(-0.1, 0.1, shape)
    fan_in = int(np.prod(shape[1:])) if len(shape) > 1 else 1
    return rng.uniform(-1, 1, shape) * np.sqrt(6.0 / max(fan_in, 1))
"""

EXPORT = NAMED_VALUES + """
import gzip, hashlib
net.initialize()
net.hybridize()
x = nd.array(np.random.RandomState(0).uniform(0, 1, {shape}))
net(x)
for name, p in net.collect_params().items():
    p.set_data(nd.array(named_values(name, p.shape), dtype=p.dtype))
net.export(tmpdir + '/net', epoch={epoch})
out = net(x)
text = open(tmpdir + '/net-symbol.json', 'rb').read()
with open(tmpdir + '/net-symbol.json.gz', 'wb') as f:
    f.write(gzip.compress(text, mtime=0))
graph = mx.sym.load(tmpdir + '/net-symbol.json')
params = nd.load(tmpdir + '/net-{epoch:04d}.params')
params = params if isinstance(params, dict) else {{}}     # a block without parameters saves an empty list
result = {{'symbol_sha1': hashlib.sha1(text).hexdigest(),
          'params_sha1': hashlib.sha1(open(tmpdir + '/net-{epoch:04d}.params', 'rb').read()).hexdigest(),
          'params': '\\n'.join('%s %s %s' % (k, 'x'.join(map(str, v.shape)), v.dtype) for k, v in params.items()),
          'arguments': graph.list_arguments(), 'aux': graph.list_auxiliary_states(),
          'outputs': graph.list_outputs(), 'out': out}}
"""

TOL = {'atol': 1e-4, 'rtol': 1e-3, 'files': ('net-symbol.json.gz',)}


def _model_case(model):
    code = "net = gluon.model_zoo.vision.get_model({!r}, classes=10)\n".format(model) + \
        EXPORT.format(shape=input_shape(model), epoch=0)
    return ('model_' + model.replace('.', '_'), code, TOL)


def _layer_case(name, layer, shape, epoch=0):
    code = ("net = gluon.nn.HybridSequential()\nwith net.name_scope():\n    net.add({})\n".format(layer) +
            EXPORT.format(shape=shape, epoch=epoch))
    return ('layer_' + name, code, TOL)


LAYERS = [
    ('dense', "gluon.nn.Dense(3, activation='tanh')", (2, 5)),
    ('dense_flatten_false', "gluon.nn.Dense(3, flatten=False, use_bias=False)", (2, 4, 5)),
    ('activation', "gluon.nn.Activation('softrelu')", (2, 5)),
    ('leaky', "gluon.nn.LeakyReLU(0.1)", (2, 5)),
    ('prelu', "gluon.nn.PReLU()", (2, 5)),
    ('elu', "gluon.nn.ELU()", (2, 5)),
    ('selu', "gluon.nn.SELU()", (2, 5)),
    ('gelu', "gluon.nn.GELU()", (2, 5)),
    ('swish', "gluon.nn.Swish()", (2, 5)),
    ('swish_beta', "gluon.nn.Swish(2.0)", (2, 5)),
    ('dropout', "gluon.nn.Dropout(0.3)", (2, 5)),
    ('dropout_zero', "gluon.nn.Dropout(0)", (2, 5)),
    ('batchnorm', "gluon.nn.BatchNorm()", (2, 3, 4)),
    ('batchnorm_no_scale', "gluon.nn.BatchNorm(scale=False, center=False)", (2, 3, 4)),
    ('instancenorm', "gluon.nn.InstanceNorm()", (2, 3, 4)),
    ('layernorm', "gluon.nn.LayerNorm()", (2, 3, 4)),
    ('groupnorm', "gluon.nn.GroupNorm(num_groups=2)", (2, 4, 3)),
    ('flatten', "gluon.nn.Flatten()", (2, 3, 4)),
    ('conv1d', "gluon.nn.Conv1D(2, 3)", (2, 3, 8)),
    ('conv2d', "gluon.nn.Conv2D(2, 3, padding=1, activation='relu')", (2, 3, 6, 6)),
    ('conv2d_transpose', "gluon.nn.Conv2DTranspose(2, 3, strides=2)", (2, 3, 4, 4)),
    ('conv3d', "gluon.nn.Conv3D(2, 2, use_bias=False)", (1, 2, 4, 4, 4)),
    ('maxpool', "gluon.nn.MaxPool2D()", (2, 3, 6, 6)),
    ('avgpool_ceil', "gluon.nn.AvgPool2D(3, 2, ceil_mode=True)", (2, 3, 7, 7)),
    ('global_max', "gluon.nn.GlobalMaxPool2D()", (2, 3, 6, 6)),
    ('global_avg', "gluon.nn.GlobalAvgPool1D()", (2, 3, 6)),
    ('reflection_pad', "gluon.nn.ReflectionPad2D(1)", (2, 3, 4, 4)),
    ('lambda', "gluon.nn.HybridLambda('tanh')", (2, 5)),
    ('lambda_function', "gluon.nn.HybridLambda(lambda F, x: F.relu(x) * 2 + 1)", (2, 5)),
]

CASES = [_model_case(m) for m in MODELS] + [_layer_case(*entry) for entry in LAYERS] + [
    _layer_case('epoch_number', "gluon.nn.Dense(2)", (1, 3), epoch=12),
    ('embedding', "net = gluon.nn.HybridSequential()\nwith net.name_scope():\n    net.add(gluon.nn.Embedding(10, 3))\n" +
     EXPORT.format(shape=(2, 4), epoch=0).replace(
         "x = nd.array(np.random.RandomState(0).uniform(0, 1, (2, 4)))",
         "x = nd.array(np.random.RandomState(0).randint(0, 10, (2, 4)))"), TOL),
    # a block with several inputs and outputs: data0, data1 and a group of two outputs
    ('two_inputs_two_outputs', """
class Pair(gluon.HybridBlock):
    def __init__(self, **kwargs):
        super(Pair, self).__init__(**kwargs)
        with self.name_scope():
            self.dense = gluon.nn.Dense(3)
    def hybrid_forward(self, F, a, b):
        h = self.dense(a) + b
        return F.relu(h), F.sigmoid(h) * 2
net = Pair()
""" + NAMED_VALUES + """
import hashlib
net.initialize()
net.hybridize()
a = nd.array(np.random.RandomState(0).uniform(-1, 1, (2, 4)))
b = nd.array(np.random.RandomState(1).uniform(-1, 1, (2, 3)))
net(a, b)
for name, p in net.collect_params().items():
    p.set_data(nd.array(named_values(name, p.shape)))
net.export(tmpdir + '/net')
graph = mx.sym.load(tmpdir + '/net-symbol.json')
result = {'symbol_sha1': hashlib.sha1(open(tmpdir + '/net-symbol.json', 'rb').read()).hexdigest(),
          'params_sha1': hashlib.sha1(open(tmpdir + '/net-0000.params', 'rb').read()).hexdigest(),
          'inputs': graph.list_inputs(), 'outputs': graph.list_outputs(), 'out': net(a, b)}
""", {'atol': 1e-5}),
    # a block of its own with a parameter of unknown shape traces its graph to infer it, and so can be
    # exported without hybridize() (MXNet then writes no parameters; mxtorch writes them, see
    # docs/differences.md): the graph is compared, the output by shape and dtype only
    ('traced_for_deferred_init', """
import hashlib, os
""" + """BLOCK
out = net(nd.ones((2, 3)))
net.export(tmpdir + '/net')
result = [hashlib.sha1(open(tmpdir + '/net-symbol.json', 'rb').read()).hexdigest(), net.w.shape,
          sorted(os.listdir(tmpdir)), out]
""".replace('BLOCK', """class Scale(gluon.HybridBlock):
    def __init__(self, **kwargs):
        super(Scale, self).__init__(**kwargs)
        self.w = self.params.get('w', shape=(2, 0), allow_deferred_init=True)
    def hybrid_forward(self, F, x, w):
        return F.FullyConnected(x, w, no_bias=True, num_hidden=2)
net = Scale()
net.initialize()
"""), {'values': False}),     # the output comes from the random initial weights
    # a shape that inference cannot decide: MXNet's ValueError, which names the parameter
    ('deferred_init_undecided', """class Scale(gluon.HybridBlock):
    def __init__(self, **kwargs):
        super(Scale, self).__init__(**kwargs)
        self.w = self.params.get('w', shape=(0,), allow_deferred_init=True)
    def hybrid_forward(self, F, x, w):
        return F.broadcast_mul(x, w)
net = Scale()
net.initialize()

net(nd.ones((2, 3)))
"""),
    ('hybridized_not_run', "net = gluon.nn.Dense(2)\nnet.initialize()\nnet.hybridize()\nnet.export(tmpdir + '/net')"),
]
