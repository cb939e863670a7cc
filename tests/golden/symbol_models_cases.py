"""Whole networks as MXNet 1.9.1 saves them: the graphs of model-zoo networks (hybridized, run once,
exported) and of a Module-style MLP (built with mx.sym), stored gzipped in tests/golden/files/symbol_models/
by tools/make_symbol_models.py, which runs them in the reference.

Each case loads one stored file and answers what the graph lists (arguments, outputs, auxiliary states),
the shapes and types inferred from the input alone, a digest of the JSON written back (so mxtorch must write
MXNet's bytes), and the outputs for parameters made from the parameters' names (numpy's generator seeded by
the name's crc32: He-scaled weights, statistics and scales near their neutral values), so that no .params
file is kept; two cases also train one step's gradients and moving statistics."""
import os

FILES = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'files', 'symbol_models')


def graph_file(name):
    return os.path.join(FILES, name + '-symbol.json.gz')


def _zoo(name):
    return lambda mx: mx.gluon.model_zoo.vision.get_model(name)


# name -> (how MXNet builds the network, the input shape)
MODELS = {
    'resnet18_v1': (_zoo('resnet18_v1'), (1, 3, 224, 224)),
    'resnet50_v2': (_zoo('resnet50_v2'), (1, 3, 224, 224)),
    'mobilenet1.0': (_zoo('mobilenet1.0'), (1, 3, 224, 224)),
    'mobilenetv2_1.0': (_zoo('mobilenetv2_1.0'), (1, 3, 224, 224)),
    'densenet121': (_zoo('densenet121'), (1, 3, 224, 224)),
    'vgg11_bn': (_zoo('vgg11_bn'), (1, 3, 224, 224)),
    'inceptionv3': (_zoo('inceptionv3'), (1, 3, 299, 299)),
    'squeezenet1.1': (_zoo('squeezenet1.1'), (1, 3, 224, 224)),
    'alexnet': (_zoo('alexnet'), (1, 3, 224, 224)),
}
MLP_SHAPE = (8, 784)


def mlp_symbol(mx):
    """The classic Module example network."""
    data = mx.sym.var('data')
    fc1 = mx.sym.FullyConnected(data, name='fc1', num_hidden=128)
    act1 = mx.sym.Activation(fc1, name='relu1', act_type='relu')
    fc2 = mx.sym.FullyConnected(act1, name='fc2', num_hidden=64)
    act2 = mx.sym.Activation(fc2, name='relu2', act_type='relu')
    fc3 = mx.sym.FullyConnected(act2, name='fc3', num_hidden=10)
    return mx.sym.SoftmaxOutput(fc3, name='softmax')


# shared by the cases and the tool: deterministic arrays for a graph's inputs, and one run of it
HELPERS = """
import gzip, hashlib, math, zlib

def param_value(name, shape):
    rng = np.random.RandomState(zlib.crc32(name.encode('utf-8')))
    if name.endswith(('gamma', 'running_var', 'moving_var')):
        return rng.uniform(0.8, 1.2, shape)
    if name.endswith(('beta', 'bias', 'running_mean', 'moving_mean')):
        return rng.uniform(-0.1, 0.1, shape)
    fan_in = int(np.prod(shape[1:])) if len(shape) > 1 else 1
    return rng.normal(0, math.sqrt(2.0 / fan_in), shape)

def bind(sym, shape, grads=()):
    arg_shapes, _, aux_shapes = sym.infer_shape(data=shape)
    args = {}
    for name, s in zip(sym.list_arguments(), arg_shapes):
        if name == 'data':
            value = np.random.RandomState(0).uniform(0, 1, s)
        elif name.endswith('label'):
            value = np.arange(s[0]) % 10
        else:
            value = param_value(name, s)
        args[name] = mx.nd.array(value)
    aux = {n: mx.nd.array(param_value(n, s)) for n, s in zip(sym.list_auxiliary_states(), aux_shapes)}
    grad = {n: mx.nd.zeros(args[n].shape) for n in grads}
    reqs = {n: 'write' if n in grads else 'null' for n in args}
    return sym.bind(mx.cpu(), args=args, args_grad=grad, grad_req=reqs, aux_states=aux)

def shapes_text(shapes):
    return ' '.join('x'.join(str(d) for d in s) for s in shapes)
"""


def run_graph(mx, np, text, shape):
    """The first output (numpy) of the graph `text` for the deterministic inputs (used by the tool)."""
    scope = {'mx': mx, 'np': np}
    exec(HELPERS, scope)
    exe = scope['bind'](mx.sym.load_json(text), shape)
    return exe.forward(is_train=False)[0].asnumpy()


LOAD = """
text = gzip.open({path!r}).read().decode('utf-8')
sym = mx.sym.load_json(text)
"""

DESCRIBE = """
arg_shapes, out_shapes, aux_shapes = sym.infer_shape(data={shape})
arg_types, out_types, aux_types = sym.infer_type(data='float32')
out = bind(sym, {shape}).forward(is_train=False)[0].asnumpy()
flat = out.reshape(-1)
result = {{'arguments': ' '.join(sym.list_arguments()), 'outputs': sym.list_outputs(),
          'aux': ' '.join(sym.list_auxiliary_states()), 'arg_shapes': shapes_text(arg_shapes),
          'out_shapes': shapes_text(out_shapes), 'aux_shapes': shapes_text(aux_shapes),
          'types': ' '.join(np.dtype(t).name for t in arg_types + out_types + aux_types),
          'json_sha1': hashlib.sha1(sym.tojson().encode('utf-8')).hexdigest(), 'shape': list(out.shape),
          'head': flat[:16], 'tail': flat[-8:], 'sum': float(out.sum()), 'abs_sum': float(np.abs(out).sum())}}
"""

# one training step with gradients of every parameter (MXNet 1.9.1 leaves FullyConnected's bias gradient
# unwritten when its weight's grad_req is 'null'): some gradients and the moving statistics it leaves
TRAIN = """
exe = bind(sym, {shape}, grads=[n for n in sym.list_arguments() if n not in ('data', 'softmax_label')])
outs = exe.forward(is_train=True)
exe.backward([mx.nd.ones(o.shape) for o in outs])
result = {{'loss_head': outs[0].asnumpy().reshape(-1)[:8]}}
for n in {grads!r}:
    g = exe.grad_dict[n].asnumpy()
    result[n] = [g.reshape(-1)[:6], float(g.sum()), float(np.abs(g).sum())]
for n in {aux!r}:
    result[n] = exe.aux_dict[n].asnumpy().reshape(-1)[:6]
"""

TOL = {'rtol': 2e-3, 'atol': 2e-4}


def _model_case(name, shape):
    return ('graph_' + name, HELPERS + LOAD.format(path=graph_file(name)) + DESCRIBE.format(shape=shape), TOL)


CASES = [_model_case(name, shape) for name, (_, shape) in MODELS.items()] + [
    _model_case('mlp', MLP_SHAPE),
    ('train_mlp', HELPERS + LOAD.format(path=graph_file('mlp')) +
     TRAIN.format(shape=MLP_SHAPE, grads=('fc1_weight', 'fc2_bias', 'fc3_weight', 'fc3_bias'), aux=()), TOL),
    ('train_resnet18_v1', HELPERS + LOAD.format(path=graph_file('resnet18_v1')) +
     TRAIN.format(shape=(2, 3, 64, 64), grads=('resnetv10_conv0_weight', 'resnetv10_stage4_conv3_weight',
                                                 'resnetv10_dense0_weight', 'resnetv10_dense0_bias'),
                  aux=('resnetv10_batchnorm0_running_mean', 'resnetv10_stage4_batchnorm4_running_var')),
     {'rtol': 5e-3, 'atol': 1e-4}),
]
