"""mx.onnx (export) and mx.contrib.onnx (import): files our exporter writes pass onnx.checker and give
mxtorch's outputs in onnxruntime; files MXNet 1.9.1 exported (tests/golden/onnx_mxnet, written by its
make.py) import and give MXNet's outputs; round trips; MXNet's errors."""
import inspect
import json
import os

import numpy as np
import pytest

import mxtorch as mx
from mxtorch import gluon, nd
from mxtorch.gluon import nn
from mxtorch.gluon.model_zoo import vision

onnx = pytest.importorskip('onnx')
ort = pytest.importorskip('onnxruntime')

GOLDEN = os.path.join(os.path.dirname(__file__), 'golden', 'onnx_mxnet')


def run_ort(path, *arrays):
    sess = ort.InferenceSession(path, providers=['CPUExecutionProvider'])
    feeds = {i.name: a for i, a in zip(sess.get_inputs(), arrays)}
    return sess.run(None, feeds)


def randomize_batchnorm_stats(net, seed=0):
    """Running statistics away from 0/1, so that BatchNorm's inference formula is exercised."""
    rng = np.random.RandomState(seed)
    for name, p in net.collect_params().items():
        if name.endswith('running_mean'):
            p.set_data(nd.array(rng.uniform(-0.2, 0.2, p.shape)))
        elif name.endswith('running_var'):
            p.set_data(nd.array(rng.uniform(0.5, 1.5, p.shape)))
        elif name.endswith('gamma') or name.endswith('beta'):
            p.set_data(nd.array(rng.uniform(0.5, 1.5, p.shape) if name.endswith('gamma')
                                else rng.uniform(-0.2, 0.2, p.shape)))


def export_block(net, x, tmpdir, name):
    net.hybridize()
    y = net(x)
    prefix = os.path.join(str(tmpdir), name)
    net.export(prefix)
    path = mx.onnx.export_model(prefix + '-symbol.json', prefix + '-0000.params', [x.shape], np.float32,
                                prefix + '.onnx')
    return path, y.asnumpy()


def lenet():
    net = nn.HybridSequential()
    net.add(nn.Conv2D(6, 5, padding=2, activation='sigmoid'), nn.AvgPool2D(2, 2),
            nn.Conv2D(16, 5, activation='relu'), nn.BatchNorm(), nn.MaxPool2D(2, 2),
            nn.Dense(32, activation='tanh'), nn.Dropout(0.5), nn.Dense(10))
    return net


def mlp():
    net = nn.HybridSequential()
    net.add(nn.Dense(16, activation='relu'), nn.LeakyReLU(0.1), nn.Dense(8), nn.ELU(), nn.Dense(3))
    return net


# ---------------------------------------------------------------- names and signatures
def test_public_names_and_signatures_are_mxnets():
    assert callable(mx.onnx.export_model) and callable(mx.onnx.get_operator_support)
    assert mx.onnx.mx2onnx.export_model is mx.onnx.export_model
    for name in ('export_model', 'export_model_', 'get_model_metadata', 'get_model_metadata_', 'import_model',
                 'import_model_', 'import_to_gluon', 'import_to_gluon_', 'onnx2mx'):
        assert hasattr(mx.contrib.onnx, name), name
    assert str(inspect.signature(mx.onnx.export_model)) == (
        "(sym, params, in_shapes=None, in_types=<class 'numpy.float32'>, onnx_file_path='model.onnx', "
        "verbose=False, dynamic=False, dynamic_input_shapes=None, run_shape_inference=False, input_type=None, "
        "input_shape=None)")
    assert str(inspect.signature(mx.onnx.get_operator_support)) == '(opset_version=None)'
    assert str(inspect.signature(mx.contrib.onnx.import_model_)) == '(model_file)'
    assert str(inspect.signature(mx.contrib.onnx.get_model_metadata_)) == '(model_file)'
    assert str(inspect.signature(mx.contrib.onnx.import_to_gluon_)) == '(model_file, ctx)'


def test_operator_support_lists_the_layers_of_gluon_models():
    ops = mx.onnx.get_operator_support()
    assert ops == sorted(ops)
    for op in ('null', 'Convolution', 'Deconvolution', 'FullyConnected', 'BatchNorm', 'Activation', 'relu',
               'sigmoid', 'tanh', 'Pooling', 'Flatten', 'Concat', 'elemwise_add', 'broadcast_mul',
               '_plus_scalar', 'Dropout', 'softmax', 'SoftmaxOutput', 'log_softmax', 'Reshape', 'transpose',
               'clip', 'LeakyReLU', 'Embedding', 'slice', 'slice_axis', 'SliceChannel', 'mean', 'sum', 'dot',
               'batch_dot', 'LayerNorm', 'InstanceNorm', 'Pad', 'expand_dims', 'squeeze', 'stack', 'take'):
        assert op in ops, op
    assert 'softmax' not in mx.onnx.get_operator_support(12)    # its opset-13 form only
    assert 'Convolution' in mx.onnx.get_operator_support(12)


def test_contrib_paths_print_mxnets_notices(tmpdir, capsys):
    path, _ = export_block(_initialized(mlp(), (2, 5)), nd.ones((2, 5)), tmpdir, 'm')
    capsys.readouterr()
    mx.contrib.onnx.get_model_metadata(path)
    out = capsys.readouterr().out
    assert out.startswith('Calling mxnet.contrib.onnx.get_model_metadata...\n')
    assert 'going to be deprecated in the upcoming MXNet v1.10 release' in out
    prefix = os.path.join(str(tmpdir), 'm')
    mx.contrib.onnx.export_model(prefix + '-symbol.json', prefix + '-0000.params', [(2, 5)],
                                 onnx_file_path=prefix + '2.onnx')
    assert 'mxnet.onnx.export_model is the preferred path' in capsys.readouterr().out


def _initialized(net, shape, seed=0):
    mx.random.seed(seed)
    net.initialize(mx.init.Xavier())
    net(nd.zeros(shape))
    return net


# ---------------------------------------------------------------- export: our files in onnxruntime
@pytest.mark.parametrize('build,shape', [(lenet, (2, 1, 28, 28)), (mlp, (4, 20))])
def test_export_gluon_model_runs_in_onnxruntime(build, shape, tmpdir):
    net = _initialized(build(), shape)
    randomize_batchnorm_stats(net)
    x = nd.random.uniform(-1, 1, shape=shape)
    path, y = export_block(net, x, tmpdir, build.__name__)
    model = onnx.load(path)
    onnx.checker.check_model(model, full_check=True)
    assert [o.version for o in model.opset_import] == [13]
    assert model.graph.name == 'mxnet_converted_model'
    out, = run_ort(path, x.asnumpy())
    np.testing.assert_allclose(out, y, rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize('model_name', ['resnet18_v1', 'mobilenet0_25'])
def test_export_model_zoo_runs_in_onnxruntime(model_name, tmpdir):
    net = _initialized(getattr(vision, model_name)(), (1, 3, 64, 64))
    randomize_batchnorm_stats(net)
    x = nd.random.uniform(0, 1, shape=(2, 3, 64, 64))
    path, y = export_block(net, x, tmpdir, model_name)
    onnx.checker.check_model(onnx.load(path))
    out, = run_ort(path, x.asnumpy())
    assert np.abs(y).max() > 1e-2     # the comparison is not between two near-zero arrays
    np.testing.assert_allclose(out, y, rtol=1e-4, atol=1e-4 * np.abs(y).max())


def test_export_takes_objects_a_list_of_params_and_the_old_argument_names(tmpdir):
    net = _initialized(mlp(), (3, 7))
    x = nd.random.uniform(shape=(3, 7))
    y = net(x).asnumpy()
    data = mx.sym.var('data')
    sym = net(data)
    params = {k: v.data() for k, v in net.collect_params().items()}
    p1 = mx.onnx.export_model(sym, params, [(3, 7)], np.float32, os.path.join(str(tmpdir), 'a.onnx'))
    p2 = mx.onnx.export_model(sym, [params, {}], input_shape=[(3, 7)], input_type=np.float32,
                              onnx_file_path=os.path.join(str(tmpdir), 'b.onnx'))
    for p in (p1, p2):
        np.testing.assert_allclose(run_ort(p, x.asnumpy())[0], y, rtol=1e-5, atol=1e-6)


def test_dynamic_shapes(tmpdir):
    net = _initialized(lenet(), (2, 1, 28, 28))
    x = nd.random.uniform(shape=(5, 1, 28, 28))
    y = net(x).asnumpy()
    data = mx.sym.var('data')
    params = {k: v.data() for k, v in net.collect_params().items()}
    path = mx.onnx.export_model(net(data), params, [(2, 1, 28, 28)], np.float32,
                                os.path.join(str(tmpdir), 'd.onnx'), dynamic=True,
                                dynamic_input_shapes=[(None, 1, 28, 28)])
    dims = onnx.load(path).graph.input[0].type.tensor_type.shape.dim
    assert not dims[0].HasField('dim_value') and dims[1].dim_value == 1
    np.testing.assert_allclose(run_ort(path, x.asnumpy())[0], y, rtol=1e-5, atol=1e-6)
    with pytest.raises(AssertionError, match='dynamic_input_shapes'):
        mx.onnx.export_model(net(data), params, [(2, 1, 28, 28)], dynamic_input_shapes=[(None, 1, 28, 28)],
                             onnx_file_path=os.path.join(str(tmpdir), 'e.onnx'))


# one symbol per operator family: mxtorch's executor and onnxruntime on the exported file agree
def _v(name='data'):
    return mx.sym.var(name)


OP_CASES = {
    'concat_split': (lambda d: mx.sym.Concat(*mx.sym.split(d, num_outputs=2, axis=1), dim=0), [(2, 4)]),
    'split_squeeze': (lambda d: mx.sym.split(d, num_outputs=4, axis=1, squeeze_axis=True)[2], [(2, 4)]),
    'reshape_codes': (lambda d: mx.sym.reshape(d, shape=(0, -1, 2)), [(2, 3, 4)]),
    'reshape_special': (lambda d: mx.sym.reshape(d, shape=(-3, -2)), [(2, 3, 4)]),
    'transpose': (lambda d: mx.sym.transpose(d, axes=(2, 0, 1)), [(2, 3, 4)]),
    'clip_scalar_ops': (lambda d: mx.sym.clip(3 - d * 2 + 1, -1.5, 2.5) / 4 ** 1, [(3, 4)]),
    'rdiv_power': (lambda d: 1.0 / (mx.sym.abs(d) + 1) + d ** 2, [(3, 4)]),
    'broadcast': (lambda d: mx.sym.broadcast_add(d, mx.sym.sum(d, axis=1, keepdims=True)) *
                  mx.sym.broadcast_maximum(d, mx.sym.mean(d, axis=0, keepdims=True)), [(3, 4)]),
    'reductions': (lambda d: mx.sym.Concat(mx.sym.sum(d, axis=2), mx.sym.mean(d, axis=2),
                                           mx.sym.max(d, axis=0, exclude=True, keepdims=True).reshape((0, -1)),
                                           dim=1), [(2, 3, 4)]),
    'full_reduction': (lambda d: mx.sym.sum(d) + mx.sym.prod(d) * 0 + mx.sym.min(d), [(2, 3)]),
    'compare': (lambda d: (d > 0.2) + (d <= -0.1) * 2 + mx.sym.broadcast_equal(d, d) * 4, [(3, 4)]),
    'softmax': (lambda d: mx.sym.softmax(d, axis=1) + mx.sym.log_softmax(d, axis=-1), [(2, 3, 4)]),
    'softmax_output': (lambda d: mx.sym.SoftmaxOutput(d, name='so'), [(3, 5)]),
    'leaky_variants': (lambda d: mx.sym.LeakyReLU(d, act_type='elu', slope=0.3) +
                       mx.sym.LeakyReLU(d, act_type='selu') + mx.sym.LeakyReLU(d, act_type='gelu') +
                       mx.sym.LeakyReLU(d, slope=0.2), [(3, 4)]),
    'activations': (lambda d: mx.sym.Activation(d, act_type='softrelu') + mx.sym.Activation(d, act_type='softsign')
                    + mx.sym.hard_sigmoid(d) + mx.sym.exp(d) + mx.sym.sqrt(mx.sym.abs(d)), [(3, 4)]),
    'slices': (lambda d: mx.sym.Concat(mx.sym.slice(d, begin=(0, 1), end=(2, 4)),
                                       mx.sym.slice_axis(d, axis=1, begin=-3, end=None), dim=0), [(2, 4)]),
    'dot': (lambda d: mx.sym.dot(d, _v('w'), transpose_b=True), [(3, 4), (5, 4)]),
    'batch_dot': (lambda d: mx.sym.batch_dot(d, _v('w'), transpose_a=True), [(2, 3, 4), (2, 3, 5)]),
    'layer_norm': (lambda d: mx.sym.LayerNorm(d, _v('g'), _v('b'), eps=1e-3), [(2, 3, 4), (4,), (4,)]),
    'layer_norm_axis1': (lambda d: mx.sym.LayerNorm(d, _v('g'), _v('b'), axis=1), [(2, 3, 4), (3,), (3,)]),
    'instance_norm': (lambda d: mx.sym.InstanceNorm(d, _v('g'), _v('b')), [(2, 3, 4, 4), (3,), (3,)]),
    'embedding': (lambda d: mx.sym.Embedding(mx.sym.floor(mx.sym.abs(d) * 4), _v('w'), input_dim=4,
                                             output_dim=3), [(2, 5), (4, 3)]),
    'take': (lambda d: mx.sym.take(_v('w'), mx.sym.floor(d * 3)), [(2, 3), (4, 2)], ['data', 'w']),
    'expand_squeeze_stack': (lambda d: mx.sym.stack(mx.sym.squeeze(mx.sym.expand_dims(d, axis=1), axis=1), d,
                                                    axis=1), [(3, 4)]),
    'pad_pool': (lambda d: mx.sym.Pooling(mx.sym.pad(d, mode='edge', pad_width=(0, 0, 0, 0, 1, 1, 2, 2)),
                                          kernel=(3, 3), stride=(2, 2), pool_type='avg', pad=(1, 1)), [(1, 2, 6, 6)]),
    'pool_full': (lambda d: mx.sym.Pooling(d, kernel=(3, 3), stride=(2, 2), pool_type='max', pad=(1, 1),
                                           pooling_convention='full'), [(1, 2, 6, 6)]),
    'global_pools': (lambda d: mx.sym.Pooling(d, global_pool=True, pool_type='max', kernel=(1, 1)) +
                     mx.sym.Pooling(d, global_pool=True, pool_type='avg', kernel=(1, 1)), [(2, 3, 5, 5)]),
    'deconvolution': (lambda d: mx.sym.Deconvolution(d, _v('w'), kernel=(3, 3), stride=(2, 2), pad=(1, 1),
                                                     adj=(1, 1), num_filter=2, no_bias=True), [(1, 3, 4, 4), (3, 2, 3, 3)]),
    'fc_no_flatten': (lambda d: mx.sym.FullyConnected(d, _v('w'), _v('b'), num_hidden=5, flatten=False),
                      [(2, 3, 4), (5, 4), (5,)]),
    'argmax_where': (lambda d: mx.sym.broadcast_add(mx.sym.where(d > 0, d, -d),
                                                    mx.sym.argmax(d, axis=1, keepdims=True)), [(3, 4)]),
    'cast_like': (lambda d: mx.sym.Cast(mx.sym.zeros_like(d) + mx.sym.ones_like(d) + mx.sym.reshape_like(d, d),
                                        dtype='float64'), [(3, 4)]),
    'tile_broadcast_to': (lambda d: mx.sym.tile(d, reps=(2, 1)) + mx.sym.broadcast_to(mx.sym.sum(d, axis=0,
                                                                                               keepdims=True),
                                                                                    shape=(6, 4)), [(3, 4)]),
    'prelu_conv': (lambda d: mx.sym.LeakyReLU(mx.sym.Convolution(d, _v('w'), kernel=(3, 3), num_filter=3,
                                                                 no_bias=True, dilate=(2, 2)),
                                              _v('gamma'), act_type='prelu'), [(1, 2, 7, 7), (3, 2, 3, 3), (3,)]),
    'constants': (lambda d: mx.sym.broadcast_add(d, mx.sym.zeros((1, 4)) + mx.sym.ones((1, 4)) +
                                                 mx.sym.arange(0, 4).reshape((1, 4))), [(3, 4)]),
    'arange_like_div_sqrt_dim': (lambda d: mx.sym.contrib.div_sqrt_dim(d) + mx.sym.contrib.arange_like(d),
                                 [(3, 4)]),
    'reverse_repeat': (lambda d: mx.sym.reverse(mx.sym.repeat(d, repeats=2, axis=1), axis=(0, 1)) +
                       mx.sym.repeat(d, repeats=2).reshape((3, 8)), [(3, 4)]),
    'one_hot': (lambda d: mx.sym.one_hot(mx.sym.floor(mx.sym.abs(d) * 3), depth=3, on_value=2.0, off_value=-1.0),
                [(3, 4)]),
    'topk_argsort': (lambda d: mx.sym.Concat(mx.sym.topk(d, k=2), mx.sym.topk(d, k=3, ret_typ='value',
                                                                              is_ascend=True),
                                             mx.sym.argsort(d, axis=1), dim=1), [(3, 4)]),
    'topk_both': (lambda d: mx.sym.topk(d, axis=0, k=2, ret_typ='both')[1], [(3, 4)]),
    'gather_nd': (lambda d: mx.sym.gather_nd(d, _v('idx')), [(3, 4), (2, 5)], ['data', 'idx'],
                  {'idx': np.array([[0, 2, 1, 1, 0], [3, 0, 1, 2, 3]], dtype=np.float32)}),
    'upsampling_adaptive': (lambda d: mx.sym.contrib.AdaptiveAvgPooling2D(
        mx.sym.UpSampling(d, scale=2, sample_type='nearest', num_args=1), output_size=(2, 3)), [(1, 2, 4, 3)]),
    'bilinear_resize': (lambda d: mx.sym.contrib.BilinearResize2D(d, height=7, width=5), [(1, 2, 4, 3)]),
    'sequence_mask': (lambda d: mx.sym.SequenceMask(d, mx.sym.var('len'), use_sequence_length=True, value=-2.0),
                      [(4, 3, 2), (3,)], ['data', 'len'], {'len': np.array([1, 4, 2], dtype=np.float32)}),
    'sequence_mask_axis1': (lambda d: mx.sym.SequenceMask(d, mx.sym.var('len'), use_sequence_length=True,
                                                          axis=1), [(3, 4), (3,)], ['data', 'len'],
                            {'len': np.array([3, 0, 2], dtype=np.float32)}),
    'sequence_reverse': (lambda d: mx.sym.SequenceReverse(d, mx.sym.var('len'), use_sequence_length=True) +
                         mx.sym.SequenceReverse(d), [(4, 3, 2), (3,)], ['data', 'len'],
                         {'len': np.array([1, 4, 2], dtype=np.float32)}),
    'crop': (lambda d: mx.sym.Crop(d, h_w=(2, 3), center_crop=True) + mx.sym.Crop(d, h_w=(2, 3), offset=(1, 0)),
             [(1, 2, 5, 5)]),
    'norm_l2normalization': (lambda d: mx.sym.broadcast_add(mx.sym.L2Normalization(d),
                                                            mx.sym.norm(d, axis=1, keepdims=True)),
                             [(3, 4)]),
}


@pytest.mark.parametrize('case', sorted(OP_CASES))
def test_operator_converter_agrees_with_mxtorch(case, tmpdir):
    build, shapes = OP_CASES[case][:2]
    sym = build(_v())
    rng = np.random.RandomState(1)
    names = OP_CASES[case][2] if len(OP_CASES[case]) > 2 else \
        [n for n in sym.list_arguments() if not n.endswith('_label')]
    arrays = {n: rng.uniform(-1, 1, s).astype(np.float32) for n, s in zip(names, shapes)}
    if len(OP_CASES[case]) > 3:
        arrays.update(OP_CASES[case][3])
    args = {n: nd.array(a) for n, a in arrays.items()}
    if 'so_label' in sym.list_arguments():
        args['so_label'] = nd.zeros((shapes[0][0],))
    expected = sym.bind(mx.cpu(), args).forward()[0].asnumpy()
    params = {n: args[n] for n in names[1:]}
    path = mx.onnx.export_model(sym, params, [shapes[0]], np.float32, os.path.join(str(tmpdir), case + '.onnx'))
    onnx.checker.check_model(onnx.load(path), full_check=True)
    out, = run_ort(path, arrays['data'])
    assert out.shape == expected.shape and out.dtype == expected.dtype
    np.testing.assert_allclose(out, expected, rtol=1e-5, atol=1e-5)
    # and back: the imported symbol computes the same
    isym, iargs, iaux = mx.contrib.onnx.import_model_(path)
    back = isym.bind(mx.cpu(), dict(iargs, data=nd.array(arrays['data'])), aux_states=iaux).forward()[0]
    np.testing.assert_allclose(back.asnumpy(), expected, rtol=1e-5, atol=1e-5)


# ---------------------------------------------------------------- MXNet's files and ours
def _golden(name):
    with open(os.path.join(GOLDEN, name + '.json')) as f:
        return json.load(f)


@pytest.mark.parametrize('name', ['lenet', 'mlp'])
def test_mxnet_exported_file_imports_and_gives_mxnets_output(name):
    g = _golden(name)
    path = os.path.join(GOLDEN, name + '.onnx')
    x = np.array(g['input'], dtype=np.float32)
    sym, args, aux = mx.contrib.onnx.import_model_(path)
    ckpt_sym, ckpt_args, ckpt_aux = mx.model.load_checkpoint(os.path.join(GOLDEN, name), 0)
    assert set(ckpt_args) <= set(args) and sorted(aux) == sorted(ckpt_aux)
    for k, v in args.items():   # MXNet writes a zero bias for a FullyConnected without one
        np.testing.assert_array_equal(v.asnumpy(), ckpt_args[k].asnumpy() if k in ckpt_args else 0)
    out = sym.bind(mx.cpu(), dict(args, data=nd.array(x)), aux_states=aux).forward()[0].asnumpy()
    np.testing.assert_allclose(out, np.array(g['mxnet_output']), rtol=1e-5, atol=1e-6)
    net = mx.contrib.onnx.import_to_gluon_(path, mx.cpu())
    assert isinstance(net, gluon.SymbolBlock)
    np.testing.assert_allclose(net(nd.array(x)).asnumpy(), np.array(g['mxnet_output']), rtol=1e-5, atol=1e-6)
    meta = mx.contrib.onnx.get_model_metadata_(path)
    assert meta == {'input_tensor_data': [(n, tuple(s), t) for n, s, t in g['metadata']['input_tensor_data']],
                    'output_tensor_data': [(n, tuple(s)) for n, s in g['metadata']['output_tensor_data']]}


@pytest.mark.parametrize('name', ['lenet', 'mlp'])
def test_our_export_of_mxnets_checkpoint_names_tensors_as_mxnet(name, tmpdir):
    g = _golden(name)
    prefix = os.path.join(GOLDEN, name)
    path = mx.onnx.export_model(prefix + '-symbol.json', prefix + '-0000.params', [tuple(g['shape'])], np.float32,
                                os.path.join(str(tmpdir), name + '.onnx'))
    model = onnx.load(path)
    assert [o.name for o in model.graph.output] == g['outputs']
    ours = {o for n in model.graph.node for o in n.output}
    mxnet_named = {outs[0] for node_name, _, outs in g['nodes'] if node_name}   # the MXNet nodes' own outputs
    assert mxnet_named <= ours
    out, = run_ort(path, np.array(g['input'], dtype=np.float32))
    np.testing.assert_allclose(out, np.array(g['mxnet_output']), rtol=1e-5, atol=1e-6)


def test_round_trip_import_export_import(tmpdir):
    net = _initialized(lenet(), (2, 1, 28, 28))
    randomize_batchnorm_stats(net, seed=3)
    x = nd.random.uniform(shape=(2, 1, 28, 28))
    path, y = export_block(net, x, tmpdir, 'lenet')
    sym, args, aux = mx.contrib.onnx.import_model_(path)
    assert sorted(aux) == sorted(k for k in net.collect_params() if 'running' in k)
    params = dict(args)
    params.update(aux)
    again = mx.onnx.export_model(sym, params, [x.shape], np.float32, os.path.join(str(tmpdir), 'again.onnx'))
    onnx.checker.check_model(onnx.load(again))
    np.testing.assert_allclose(run_ort(again, x.asnumpy())[0], y, rtol=1e-5, atol=1e-6)
    blk = mx.contrib.onnx.import_to_gluon_(again, mx.cpu())
    np.testing.assert_allclose(blk(x).asnumpy(), y, rtol=1e-5, atol=1e-6)


def test_run_shape_inference_records_intermediate_shapes(tmpdir):
    net = _initialized(mlp(), (2, 6))
    data = mx.sym.var('data')
    params = {k: v.data() for k, v in net.collect_params().items()}
    path = mx.onnx.export_model(net(data), params, [(2, 6)], onnx_file_path=os.path.join(str(tmpdir), 's.onnx'),
                                run_shape_inference=True)
    assert len(onnx.load(path).graph.value_info) > 0


# ---------------------------------------------------------------- errors (MXNet's types and messages)
def test_operator_without_converter_is_mxnets_attribute_error(tmpdir):
    target = os.path.join(str(tmpdir), 'e.onnx')
    with pytest.raises(AttributeError, match='No conversion function registered for op type erfinv yet.'):
        mx.onnx.export_model(mx.sym.erfinv(_v(), name='e0'), {}, [(2, 3)], np.float32, target)
    assert not os.path.exists(target)


def test_onnx_operator_without_converter_is_mxnets_not_implemented_error(tmpdir):
    node = onnx.helper.make_node('Hardmax2', ['data'], ['y'], name='h0')
    graph = onnx.helper.make_graph([node], 'g', [onnx.helper.make_tensor_value_info('data', 1, (2, 3))],
                                   [onnx.helper.make_tensor_value_info('y', 1, (2, 3))])
    path = os.path.join(str(tmpdir), 'u.onnx')
    onnx.save(onnx.helper.make_model(graph), path)
    with pytest.raises(NotImplementedError, match='Operator Hardmax2 not implemented.'):
        mx.contrib.onnx.import_model_(path)


def test_not_an_onnx_file_is_a_decode_error(tmpdir):
    from google.protobuf.message import DecodeError
    path = os.path.join(str(tmpdir), 'bad.onnx')
    with open(path, 'wb') as f:
        f.write(b'not an onnx file')
    for fn in (mx.contrib.onnx.import_model_, mx.contrib.onnx.get_model_metadata_):
        with pytest.raises(DecodeError):
            fn(path)
    with pytest.raises(DecodeError):
        mx.contrib.onnx.import_to_gluon_(path, mx.cpu())


def test_bad_arguments_are_mxnets_errors(tmpdir):
    sym = mx.sym.relu(_v())
    target = os.path.join(str(tmpdir), 'x.onnx')
    with pytest.raises(ValueError, match='Input sym and params should either be files or objects'):
        mx.onnx.export_model(sym, 3, [(2, 3)], onnx_file_path=target)
    with pytest.raises(ValueError, match='Symbol and params files provided are invalid'):
        mx.onnx.export_model(os.path.join(str(tmpdir), 'nope-symbol.json'),
                             os.path.join(str(tmpdir), 'nope-0000.params'), [(2, 3)], onnx_file_path=target)
    with pytest.raises(AssertionError, match='The lengths of in_types and in_shapes must equal'):
        mx.onnx.export_model(sym, {}, [(2, 3)], [np.float32, np.float32], onnx_file_path=target)
    assert not os.path.exists(target)
