"""mx.contrib.quantization: what the golden cases (tests/golden/quantization_cases.py, from MXNet 1.9.1) do not
cover: the weights' quantization (mathematics: int8 over their own range), exclusions, the log lines and
MXNet's error messages (key words pinned). The calibrated models' values, the collectors and quantize_net_v2
from a DataLoader are golden cases: MXNet's unfused CPU path is not close to the float model (its quantized
convolution reports an int32 range twice too wide for uint8 data), so no error bound holds for it."""
import logging

import numpy as np
import pytest

import mxtorch as mx
from mxtorch import nd
from mxtorch.contrib import quantization as q

RS = np.random.RandomState(0)


def _lenet():
    data = mx.sym.var('data')
    conv = mx.sym.Convolution(data, kernel=(3, 3), num_filter=4, name='conv0')
    relu = mx.sym.Activation(conv, act_type='relu', name='relu0')
    pool = mx.sym.Pooling(relu, kernel=(2, 2), stride=(2, 2), pool_type='max', name='pool0')
    fc = mx.sym.FullyConnected(mx.sym.Flatten(pool, name='flat0'), num_hidden=5, name='fc0')
    rs = np.random.RandomState(1)
    args = {'conv0_weight': nd.array(rs.randn(4, 2, 3, 3) * 0.3), 'conv0_bias': nd.array(rs.randn(4) * 0.1),
            'fc0_weight': nd.array(rs.randn(5, 36) * 0.2), 'fc0_bias': nd.array(rs.randn(5) * 0.1)}
    return fc, args, rs.rand(16, 2, 8, 8).astype('float32')


def _forward(sym, params, x):
    feed = {k: v for k, v in params.items() if k in sym.list_arguments()}
    feed['data'] = nd.array(x)
    return sym.bind(mx.cpu(), feed).forward()[0].asnumpy()


def test_quant_is_quantization_and_names():
    assert mx.contrib.quant is mx.contrib.quantization is q
    for name in ('quantize_model', 'quantize_model_mkldnn', 'quantize_graph', 'calib_graph', 'quantize_net',
                 'quantize_net_v2', 'combine_histogram', 'DataIter', 'Module', 'Symbol', 'stats'):
        assert hasattr(q, name), name


def test_weights_quantized_to_int8_over_their_own_range():
    sym, args, _ = _lenet()
    qsym, qargs, aux = q.quantize_model(sym, args, {}, calib_mode='none', quantized_dtype='auto')
    w = args['fc0_weight'].asnumpy()
    top = np.abs(w).max()
    assert qargs['fc0_weight_quantize'].dtype == np.int8
    np.testing.assert_array_equal(qargs['fc0_weight_quantize'].asnumpy(),
                                  np.clip(np.round(w * (127 / top)), -127, 127).astype(np.int8))
    assert float(qargs['fc0_weight_quantize_max'].asscalar()) == pytest.approx(top)
    assert float(qargs['fc0_weight_quantize_min'].asscalar()) == pytest.approx(-top)
    assert aux == {} and 'fc0_weight' not in qargs
    assert set(qargs) == set(n for n in qsym.list_arguments() if n != 'data')


def test_excluded_nodes_stay_float():
    sym, args, _ = _lenet()
    qsym, _, _ = q.quantize_model(sym, args, {}, calib_mode='none', excluded_sym_names=['fc0'],
                                  quantize_mode='full', quantized_dtype='auto')
    ops = {n.name: n.op.name for n in mx.symbol._graph.topological(qsym._entries) if n.op is not None}
    assert ops['fc0'] == 'FullyConnected' and ops['quantized_conv0'] == '_contrib_quantized_conv'
    assert ops['flat0_dequantize'] == '_contrib_dequantize'
    assert 'fc0_weight' in qsym.list_arguments()


def test_log_lines_as_mxnet(caplog):
    sym, args, x = _lenet()
    logger = logging.getLogger('quant-test')
    with caplog.at_level(logging.INFO):
        q.quantize_model(sym, args, {}, label_names=None, calib_mode='naive', quantized_dtype='auto',
                         calib_data=mx.io.NDArrayIter(x, batch_size=4), num_calib_examples=8, logger=logger)
    lines = [r.getMessage() for r in caplog.records if r.name == 'quant-test']
    assert lines == ['Quantizing symbol', 'Collected statistics from 2 batches with batch_size=4',
                     'Collected layer output min/max values from FP32 model using 8 examples',
                     'Quantizing parameters']


def test_quantize_net_without_calibration_of_a_dense_net():
    net = mx.gluon.nn.HybridSequential()
    net.add(mx.gluon.nn.Dense(6, in_units=4, activation='relu'), mx.gluon.nn.Dense(3, in_units=6))
    net.initialize(mx.init.Uniform(0.5))
    x = nd.array(np.random.RandomState(4).randn(5, 4))
    with pytest.warns(UserWarning, match='deprecated after MXNet 2.0'):
        qnet = q.quantize_net(net, calib_mode='none', data_shapes=[mx.io.DataDesc('data', (5, 4))])
    want, got = net(x).asnumpy(), qnet(x).asnumpy()
    assert np.abs(got - want).max() < 0.05 * np.abs(want).max() + 0.02


def test_errors_name_what_is_wrong():
    sym, args, x = _lenet()
    it = mx.io.NDArrayIter(x, batch_size=4)
    with pytest.raises(ValueError, match='unknown calibration mode nope received'):
        q.quantize_model(sym, args, {}, label_names=None, calib_mode='nope', calib_data=it)
    with pytest.raises(ValueError, match='unknown quantized_dtype int4 received'):
        q.quantize_model(sym, args, {}, calib_mode='none', quantized_dtype='int4')
    with pytest.raises(ValueError, match='calib_data must be provided when calib_mode=naive'):
        q.quantize_model(sym, args, {}, calib_mode='naive')
    with pytest.raises(ValueError, match='calib_data must be of DataIter type'):
        q.quantize_model(sym, args, {}, calib_mode='naive', calib_data=[x])
    with pytest.raises(ValueError, match='excluded_sym_names must be a list'):
        q.quantize_model(sym, args, {}, calib_mode='none', excluded_sym_names='fc0')
    with pytest.raises(ValueError, match='quantize_granularity'):
        q.quantize_model(sym, args, {}, calib_mode='none', quantize_granularity='rows')
    with pytest.raises(mx.base.MXNetError, match='unrecognized quantize mode: clever'):
        q.quantize_model(sym, args, {}, calib_mode='none', quantize_mode='clever')
    with pytest.raises(ValueError, match='please set calibration mode to naive or entropy'):
        q.calib_graph(sym, args, {}, None, calib_mode='none')
    with pytest.raises(ValueError, match='only support Intel cpu'):
        q.quantize_model_mkldnn(sym, args, {}, ctx=mx.gpu(0), calib_mode='none')
    with pytest.raises(ValueError, match='All entries are 0'):
        q._smooth_distribution(np.zeros(3))
    with pytest.raises(ValueError, match='data_shapes required'):
        q.quantize_net(mx.gluon.nn.Dense(2, in_units=2))
    # the float model and its parameters are left as they were
    assert sym.list_arguments() == ['data', 'conv0_weight', 'conv0_bias', 'fc0_weight', 'fc0_bias']
    assert args['fc0_weight'].dtype == np.float32


def test_int8_data_into_a_convolution_is_mxnets_error():
    sym, args, x = _lenet()
    qsym, qargs, _ = q.quantize_model(sym, args, {}, calib_mode='none', quantized_dtype='int8')
    with pytest.raises(mx.base.MXNetError, match='only supports uint8 as input type'):
        _forward(qsym, qargs, x[:2])
