"""Writes the ONNX files of this folder with MXNet 1.9.1's own exporter, and what MXNet computes from them.

Run with the reference venv (it needs the onnx package there: onnx 1.13.1 works with its NumPy 1.23):
    ~/.cache/mxtorch-ref/venv/bin/python tests/golden/onnx_mxnet/make.py
For each model NAME: NAME-symbol.json and NAME-0000.params (the checkpoint MXNet exported from),
NAME.onnx (MXNet's export of it), NAME.json (the input, MXNet's output of the symbol, MXNet's output of
the model imported back by mx.contrib.onnx.import_model, and the exported graph's nodes as
(name, op_type, outputs))."""
import json
import os

import mxnet as mx
import numpy as np
import onnx

HERE = os.path.dirname(os.path.abspath(__file__))


def params_for(sym, shapes, seed):
    rng = np.random.RandomState(seed)
    arg_shapes, _, aux_shapes = sym.infer_shape(**shapes)
    args = {n: mx.nd.array(rng.uniform(-0.5, 0.5, s)) for n, s in zip(sym.list_arguments(), arg_shapes)
            if n not in shapes}
    aux = {n: mx.nd.array(rng.uniform(0.5, 1.5, s) if n.endswith('var') else rng.uniform(-0.2, 0.2, s))
           for n, s in zip(sym.list_auxiliary_states(), aux_shapes)}
    return args, aux


def lenet():
    data = mx.sym.var('data')
    x = mx.sym.Convolution(data, kernel=(3, 3), num_filter=4, pad=(1, 1), name='conv0')
    x = mx.sym.Activation(x, act_type='relu', name='relu0')
    x = mx.sym.BatchNorm(x, fix_gamma=False, eps=1e-5, name='bn0')
    x = mx.sym.Pooling(x, kernel=(2, 2), stride=(2, 2), pool_type='max', name='pool0')
    x = mx.sym.Convolution(x, kernel=(3, 3), num_filter=6, num_group=2, name='conv1')
    x = mx.sym.LeakyReLU(x, act_type='leaky', slope=0.1, name='leaky0')
    x = mx.sym.Pooling(x, kernel=(2, 2), stride=(1, 1), pool_type='avg', name='pool1')
    x = mx.sym.Flatten(x, name='flatten0')
    x = mx.sym.FullyConnected(x, num_hidden=10, name='fc0')
    x = mx.sym.Activation(x, act_type='tanh', name='tanh0')
    x = mx.sym.Dropout(x, p=0.5, name='drop0')
    x = mx.sym.FullyConnected(x, num_hidden=3, name='fc1')
    return mx.sym.softmax(x, axis=-1, name='softmax0'), {'data': (2, 1, 8, 8)}


def mlp():
    data = mx.sym.var('data')
    a = mx.sym.FullyConnected(data, num_hidden=6, name='fc0')
    b = mx.sym.FullyConnected(data, num_hidden=6, no_bias=True, name='fc1')
    c = mx.sym.Concat(mx.sym.sigmoid(a, name='sig0'), mx.sym.clip(b, -0.3, 0.3, name='clip0'), dim=1,
                      name='concat0')
    c = mx.sym.broadcast_add(c * 2.0, mx.sym.relu(c, name='relu0'), name='add0')
    r = mx.sym.Reshape(c, shape=(0, 3, 4), name='reshape0')
    t = mx.sym.transpose(r, axes=(0, 2, 1), name='transpose0')
    s = mx.sym.slice_axis(t, axis=1, begin=1, end=3, name='slice0')
    f = mx.sym.Flatten(s, name='flatten0')
    g = mx.sym.elemwise_mul(f, mx.sym.tanh(f, name='tanh0'), name='mul0')
    out = mx.sym.FullyConnected(g, num_hidden=4, name='fc2')
    return mx.sym.softmax(out, name='softmax0'), {'data': (3, 5)}


def main():
    for name, build, seed in (('lenet', lenet, 0), ('mlp', mlp, 1)):
        sym, shapes = build()
        args, aux = params_for(sym, shapes, seed)
        prefix = os.path.join(HERE, name)
        mx.model.save_checkpoint(prefix, 0, sym, args, aux)
        (dname, dshape), = shapes.items()
        x = np.random.RandomState(seed + 10).uniform(-1, 1, dshape).astype(np.float32)
        exe = sym.bind(mx.cpu(), dict(args, data=mx.nd.array(x)), aux_states=aux)
        y = exe.forward()[0].asnumpy()
        path = mx.onnx.export_model(prefix + '-symbol.json', prefix + '-0000.params', [dshape], np.float32,
                                    prefix + '.onnx')
        try:   # MXNet's importer cannot read every file its exporter writes
            isym, iargs, iaux = mx.contrib.onnx.import_model(path)
            iexe = isym.bind(mx.cpu(), dict(iargs, data=mx.nd.array(x)), aux_states=iaux)
            iy = iexe.forward()[0].asnumpy().tolist()
        except Exception as e:  # noqa: BLE001
            iy = '%s: %s' % (type(e).__name__, e)
        model = onnx.load(path)
        nodes = [[n.name, n.op_type, list(n.output)] for n in model.graph.node]
        with open(prefix + '.json', 'w') as f:
            json.dump({'input': x.tolist(), 'shape': list(dshape), 'mxnet_output': y.tolist(),
                       'mxnet_import_output': iy, 'nodes': nodes,
                       'outputs': [o.name for o in model.graph.output],
                       'metadata': mx.contrib.onnx.get_model_metadata(path)}, f)


if __name__ == '__main__':
    main()
