"""The int8/uint8 inference operators of ``mx.nd.contrib`` (MXNet's quantization flow): quantize,
quantize_v2, quantize_asym, dequantize, requantize, calibrate_entropy and the quantized_* operators.

Values follow MXNet 1.9.1's CPU kernels (oneDNN): a float x becomes ``round(x * scale)`` (half to even,
saturated to the type), the scale being the type's range over max(|min|, |max|) of the real range (127 or
255 for quantize, 127.5 or 255.5 for quantize_v2 and what works on its results); products accumulate exactly
in int32 (computed here in float64, exact at these sizes) with the output range of MXNet's
QuantizationRangeForMultiplication. Every operator returns the data and its (min, max) range arrays, none
has a gradient (MXNet: forward only)."""
import math

import numpy as np
import torch

from ...base import MXNetError, TORCH_TO_NAME
from ..registry import OPS, register
from ._util import as_bool, check_choice
from . import nn as _nn

Tensor = torch.Tensor
_F32 = torch.float32
_INT32_RANGE = float(0x7fffffff)     # as the float MXNet keeps it (2 ** 31)
_RANGE = {torch.int8: 127.5, torch.uint8: 255.5}
_TYPES = {'int8': torch.int8, 'uint8': torch.uint8}


def _shape(t):
    return tuple(t.shape)


def _value(t):
    """A float32 scalar of a one-element range array."""
    return t.detach().reshape(-1)[0].to(_F32)


def _absmax(low, high):
    return torch.maximum(low.abs(), high.abs())


def _range(value):
    return value.reshape(1).to(_F32)


def _saturate(values, dtype):
    """Rounded half to even and saturated to `dtype`. NaN (from a zero range) becomes what oneDNN's
    conversion gives: 0 for uint8, the type's maximum for the signed types."""
    info = torch.iinfo(dtype)
    nan = 0 if dtype is torch.uint8 else info.max
    return torch.round(values).nan_to_num_(nan=nan).clamp_(info.min, info.max).to(dtype)


def _required(value, what, op_name):
    if value is None:
        raise MXNetError('Required parameter {} is not presented, in operator {}'.format(what, op_name))


def _float_data(data, op_name):
    if data.dtype is not _F32:
        raise MXNetError('{}: data must be float32, got {}'.format(op_name, TORCH_TO_NAME.get(data.dtype, data.dtype)))


def _quantized(data, op_name, types=(torch.int8, torch.uint8)):
    if data.dtype not in types:
        raise MXNetError('{}: data must be {}, got {}'.format(
            op_name, ' or '.join(TORCH_TO_NAME[t] for t in types), TORCH_TO_NAME.get(data.dtype, data.dtype)))


def _scaled(data, scale, dtype):
    return _saturate(data.detach().to(_F32) * scale, dtype)


# ---- quantize / dequantize / requantize --------------------------------------------------------------------
@register(namespace='contrib')
def quantize(data, min_range, max_range, out_type='uint8'):
    """float32 `data` to `out_type` for the real range [min_range, max_range]: ``round(x * 255 / r)``
    (uint8, negatives 0) or ``round(x * 127 / r)`` (int8), r = max(|min_range|, |max_range|). Returns
    [quantized, min, max]: the given range for uint8, (-r, r) for int8."""
    check_choice(out_type, ('int8', 'uint8'), 'quantize', 'out_type')
    _float_data(data, 'quantize')
    low, high = _value(min_range), _value(max_range)
    real = _absmax(low, high)
    dtype = _TYPES[out_type]
    q = _scaled(data, (255.0 if dtype is torch.uint8 else 127.0) / real, dtype)
    if dtype is torch.uint8:
        return q, _range(low), _range(high)
    return q, _range(-real), _range(real)


def _out_type(out_type, low, op_name):
    check_choice(out_type, ('auto', 'int8', 'uint8'), op_name, 'out_type')
    if out_type == 'auto':
        return torch.uint8 if low is not None and low >= 0 else torch.int8
    return _TYPES[out_type]


def _calibration(min_calib_range, max_calib_range):
    if min_calib_range is None or max_calib_range is None:
        return None
    return float(min_calib_range), float(max_calib_range)


@register(namespace='contrib')
def quantize_v2(data, out_type='int8', min_calib_range=None, max_calib_range=None):
    """float32 `data` to int8 or uint8 ('auto': uint8 when the calibrated minimum is not negative) over the
    calibrated range, or over the data's own range: ``round(x * 127.5 / r)`` or ``round(x * 255.5 / r)``
    saturated, r = max(|min|, |max|). Returns [quantized, min, max] ((-r, r) for int8). Data already
    int8/uint8 is passed on with the calibrated range (or the type's)."""
    calib = _calibration(min_calib_range, max_calib_range)
    dtype = _out_type(out_type, calib[0] if calib else None, 'quantize_v2')
    if data.dtype in (torch.int8, torch.uint8):
        # passed on byte for byte as the type out_type asks for (a uint8 200 reads as int8 -56, as in
        # MXNet), with the calibrated range or the input type's
        q = data.clone() if data.dtype is dtype else data.contiguous().view(dtype).clone()
        if calib:
            return q, _range(torch.tensor(calib[0])), _range(torch.tensor(calib[1]))
        top = _RANGE[data.dtype]
        return q, _range(torch.tensor(0.0 if data.dtype is torch.uint8 else -top)), _range(torch.tensor(top))
    _float_data(data, 'quantize_v2')
    if calib:
        low, high = torch.tensor(calib[0], dtype=_F32), torch.tensor(calib[1], dtype=_F32)
    else:
        low, high = data.detach().min().to(_F32), data.detach().max().to(_F32)
    real = _absmax(low, high)
    q = _scaled(data, torch.tensor(_RANGE[dtype], dtype=_F32) / real, dtype)
    if dtype is torch.uint8:
        return q, _range(low), _range(high)
    return q, _range(-real), _range(real)


@register(namespace='contrib')
def quantize_asym(data, min_calib_range=None, max_calib_range=None):
    """float32 `data` to uint8 with a zero point: ``round(x * scale + shift)``, scale = 255 / (max - min),
    shift = 255 - max * scale, over the calibrated range or the data's. Returns [quantized, scale, shift]."""
    _float_data(data, 'quantize_asym')
    calib = _calibration(min_calib_range, max_calib_range)
    if calib:
        low, high = torch.tensor(calib[0], dtype=_F32), torch.tensor(calib[1], dtype=_F32)
    else:
        low, high = data.detach().min().to(_F32), data.detach().max().to(_F32)
    scale = 255.0 / (high - low)
    shift = 255.0 - high * scale
    return _saturate(data.detach() * scale + shift, torch.uint8), _range(scale), _range(shift)


@register(namespace='contrib')
def dequantize(data, min_range, max_range, out_type='float32'):
    """int8/uint8 `data` back to float32: ``q * r / 127.5`` or ``q * r / 255.5``, r = max(|min_range|,
    |max_range|)."""
    check_choice(out_type, ('float32',), 'dequantize', 'out_type')
    _quantized(data, 'dequantize')
    real = _absmax(_value(min_range), _value(max_range))
    return data.to(_F32) * (real / _RANGE[data.dtype])


@register(namespace='contrib')
def requantize(data, min_range, max_range, out_type='int8', min_calib_range=None, max_calib_range=None):
    """int32 `data` (real range [min_range, max_range] over 2**31) to int8 or uint8, over the calibrated
    range or the range the data's values actually reach. Returns [quantized, min, max]."""
    _quantized(data, 'requantize', (torch.int32,))
    calib = _calibration(min_calib_range, max_calib_range)
    dtype = _out_type(out_type, calib[0] if calib else None, 'requantize')
    data_scale = _absmax(_value(min_range), _value(max_range))
    if calib:
        real = _absmax(torch.tensor(calib[0], dtype=_F32), torch.tensor(calib[1], dtype=_F32))
    else:
        reach = torch.maximum(data.min().abs(), data.max().abs()).to(_F32)
        real = reach * data_scale / _INT32_RANGE
    first = data_scale / _INT32_RANGE
    second = (127.0 if dtype is torch.int8 else 255.0) / real
    q = _saturate(data.to(_F32) * (first * second), dtype)
    if dtype is torch.uint8:
        return q, _range(torch.tensor(0.0)), _range(real)
    return q, _range(-real), _range(real)


# ---- element-wise and layout operators ----------------------------------------------------------------------
@register(namespace='contrib')
def quantized_act(data, min_data, max_data, act_type=None):
    """relu of quantized data; the range is kept. The result is int8 whatever the input's type (a uint8
    input's values above 127 wrap, as in MXNet's kernel). act_type is required, as in MXNet."""
    _required(act_type, 'act_type', '_contrib_quantized_act')
    if act_type != 'relu':
        raise MXNetError('_contrib_quantized_act only supports act_type=relu for now, got {!r}'.format(act_type))
    _quantized(data, 'quantized_act')
    return torch.relu(data).to(torch.int8), _range(_value(min_data)), _range(_value(max_data))


@register(namespace='contrib')
def quantized_flatten(data, min_data, max_data):
    """Flatten of quantized data to (N, -1); the range is kept."""
    return data.reshape(data.shape[0], -1).clone(), _range(_value(min_data)), _range(_value(max_data))


@register(namespace='contrib')
def quantized_pooling(data, min_data, max_data, kernel=(), pool_type='max', global_pool=False, cudnn_off=False,
                      pooling_convention='valid', stride=(), pad=(), p_value=None, count_include_pad=None, layout=None):
    """Pooling of quantized 4-D or 5-D data (max, or averages rounded half to even); the range is kept."""
    _quantized(data, 'quantized_pooling')
    if data.dim() not in (4, 5):
        raise MXNetError('quantized_pooling: MKL-DNN QuantizedPoolingOp only supports 4D/5D layout yet, input '
                         'should be 4D in (batch, channel, y, x) or 5D in (batch, channel, d, y, x), got shape '
                         '{}'.format(_shape(data)))
    if pool_type not in ('max', 'avg'):
        raise MXNetError('quantized_pooling: QuantizedPoolingOp only supports pool_type=max/avg for now, got '
                         '{!r}'.format(pool_type))
    pooled = _nn.Pooling(data.to(torch.float64), kernel=kernel, pool_type=pool_type, global_pool=global_pool,
                         pooling_convention=pooling_convention, stride=stride, pad=pad, p_value=p_value,
                         count_include_pad=count_include_pad, layout=layout)
    return _saturate(pooled, data.dtype), _range(_value(min_data)), _range(_value(max_data))


def _scale_of(dtype, low, high):
    return _RANGE[dtype] / _absmax(low, high)


@register(namespace='contrib')
def quantized_concat(*data, num_args=None, dim=1):
    """Concatenation of quantized arrays: the arrays, then each one's min and max (data0, data1, ...,
    min0, max0, min1, max1, ...). The output range spans all inputs' and 0 (int8 unless every input is
    uint8); inputs of another scale are re-rounded to it."""
    _required(num_args, 'num_args', '_contrib_quantized_concat')
    count = int(num_args)
    if len(data) != 3 * count or count < 1:
        raise MXNetError('quantized_concat expects 3 * num_args inputs (arrays, then their min/max pairs), got {} '
                         'for num_args={}'.format(len(data), num_args))
    arrays, ranges = data[:count], data[count:]
    lows = [_value(ranges[2 * i]) for i in range(count)]
    highs = [_value(ranges[2 * i + 1]) for i in range(count)]
    for a in arrays:
        _quantized(a, 'quantized_concat')
    dtype = torch.uint8 if all(a.dtype is torch.uint8 for a in arrays) else torch.int8
    zero = torch.zeros((), dtype=_F32)
    low, high = torch.stack(lows + [zero]).min(), torch.stack(highs + [zero]).max()
    out_scale = _scale_of(dtype, low, high)
    parts = []
    for a, lo, hi in zip(arrays, lows, highs):
        scale = _scale_of(a.dtype, lo, hi)
        parts.append(a.to(dtype) if bool(scale == out_scale) and a.dtype is dtype else
                     _saturate(a.to(torch.float64) * float(out_scale / scale), dtype))
    return torch.cat(parts, int(dim)), _range(low), _range(high)


@register(namespace='contrib')
def quantized_elemwise_add(lhs, rhs, lhs_min, lhs_max, rhs_min, rhs_max, min_calib_range=None,
                           max_calib_range=None):
    """Sum of two quantized arrays: int32 over the range +-(r_lhs + r_rhs), or, over the calibrated range,
    the inputs' type (int8 when they differ). Each input is weighted by the output's scale over its own; as
    in MXNet's oneDNN kernel, a uint8 input beside an int8 one is first rounded into int8 at its weight
    (saturating) and then added at weight 1. Returns [sum, min, max]."""
    for t in (lhs, rhs):
        _quantized(t, 'quantized_elemwise_add')
    if _shape(lhs) != _shape(rhs):
        raise MXNetError('quantized_elemwise_add: lhs and rhs must have the same shape, got {} and {}'.format(
            _shape(lhs), _shape(rhs)))
    a_low, a_high, b_low, b_high = (_value(t) for t in (lhs_min, lhs_max, rhs_min, rhs_max))
    a_abs, b_abs = _absmax(a_low, a_high), _absmax(b_low, b_high)
    calib = _calibration(min_calib_range, max_calib_range)
    if calib:
        dtype = lhs.dtype if lhs.dtype is rhs.dtype else torch.int8
        low, high = torch.tensor(calib[0], dtype=_F32), torch.tensor(calib[1], dtype=_F32)
        out_scale = _RANGE[dtype] / _absmax(low, high)
        wa, wb = out_scale / _scale_of(lhs.dtype, a_low, a_high), out_scale / _scale_of(rhs.dtype, b_low, b_high)
    else:
        dtype = torch.int32
        total = a_abs + b_abs
        low, high = -total, total
        wa = a_abs * _INT32_RANGE / (total * _RANGE[lhs.dtype])
        wb = b_abs * _INT32_RANGE / (total * _RANGE[rhs.dtype])
    a, b = lhs.to(_F32), rhs.to(_F32)
    if lhs.dtype is not rhs.dtype:
        if lhs.dtype is torch.uint8:
            a, wa = _saturate(a * wa, torch.int8).to(_F32), 1.0
        else:
            b, wb = _saturate(b * wb, torch.int8).to(_F32), 1.0
    return _saturate(a * wa + b * wb, dtype), _range(low), _range(high)


def _product_range(a_low, a_high, b_low, b_high, unsigned_b=False):
    """MXNet's range of an int32 product of quantized operands: one level of each (r / 127, or r / 255 for
    a uint8 operand) times the int32 range."""
    level_a = _absmax(a_low, a_high) / 127.0
    level_b = _absmax(b_low, b_high) / (255.0 if unsigned_b else 127.0)
    top = level_a * level_b * _INT32_RANGE
    return -top, top


@register(namespace='contrib')
def quantized_elemwise_mul(lhs, rhs, lhs_min, lhs_max, rhs_min, rhs_max, min_calib_range=None, max_calib_range=None,
                           enable_float_output=False):
    """Product of two int8 arrays: int32 (truncated), float32 real values with enable_float_output, or
    int8 over the calibrated range. Returns [product, min, max]."""
    for t in (lhs, rhs):
        _quantized(t, 'quantized_elemwise_mul', (torch.int8,))
    a_low, a_high, b_low, b_high = (_value(t) for t in (lhs_min, lhs_max, rhs_min, rhs_max))
    product = lhs.to(torch.float64) * rhs.to(torch.float64)
    a_scale, b_scale = 127.5 / _absmax(a_low, a_high), 127.5 / _absmax(b_low, b_high)
    calib = _calibration(min_calib_range, max_calib_range)
    if as_bool(enable_float_output):
        low, high = _product_range(a_low, a_high, b_low, b_high)
        return (product * float(1.0 / a_scale / b_scale)).to(_F32), _range(low), _range(high)
    if calib:
        low, high = torch.tensor(calib[0], dtype=_F32), torch.tensor(calib[1], dtype=_F32)
        scale = 127.5 / _absmax(low, high) / a_scale / b_scale
        values = torch.trunc(product * float(scale)).clamp(-128, 127)
        return values.to(torch.int8), _range(low), _range(high)
    low, high = _product_range(a_low, a_high, b_low, b_high)
    return torch.trunc(product).to(torch.int32), _range(low), _range(high)


@register(namespace='contrib')
def quantized_embedding(data, weight, min_weight, max_weight, input_dim=None, output_dim=None, dtype='float32',
                        sparse_grad=False):
    """Embedding rows of a quantized weight (indices truncated and clipped); the weight's range is kept."""
    _required(input_dim, 'input_dim', '_contrib_quantized_embedding')
    _required(output_dim, 'output_dim', '_contrib_quantized_embedding')
    if weight.dtype is not torch.int8:
        raise MXNetError('quantized_embedding: Type inconsistent, Provided = {}, inferred type = int8 (the weight '
                         'must be int8)'.format(TORCH_TO_NAME.get(weight.dtype, weight.dtype)))
    index = data.detach().to(torch.int64).clamp(0, weight.shape[0] - 1)
    return weight[index], _range(_value(min_weight)), _range(_value(max_weight))


# ---- fully connected / convolution / batch norm -------------------------------------------------------------
def _inputs(op_name, given, no_bias):
    """(data, weight, bias or None, [min_data, max_data, min_weight, max_weight, (min_bias, max_bias)]) from
    the arrays given, by position as MXNet takes them: without a bias the ranges move up a place."""
    arrays = [t for t in given if t is not None]
    want = 6 if no_bias else 9
    if len(arrays) != want:
        raise MXNetError('{}: expects {} input arrays (data, weight{}, then the min and max of each), got {}'.format(
            op_name, want, '' if no_bias else ', bias', len(arrays)))
    n = 2 if no_bias else 3
    data, weight = arrays[:2]
    return data, weight, (None if no_bias else arrays[2]), [_value(t) for t in arrays[n:]]


@register(namespace='contrib')
def quantized_fully_connected(data, weight, bias=None, min_data=None, max_data=None, min_weight=None, max_weight=None,
                              min_bias=None, max_bias=None, num_hidden=None, no_bias=False, flatten=True):
    """FullyConnected of int8/uint8 data and an int8 weight, accumulated in int32 (the int8 bias rescaled to
    the product's scale and truncated). Returns [output (int32), min, max]."""
    _required(num_hidden, 'num_hidden', '_contrib_quantized_fully_connected')
    no_bias = as_bool(no_bias)
    data, weight, bias, ranges = _inputs('quantized_fully_connected', (data, weight, bias, min_data, max_data,
                                                                       min_weight, max_weight, min_bias, max_bias),
                                         no_bias)
    _quantized(data, 'quantized_fully_connected')
    _quantized(weight, 'quantized_fully_connected', (torch.int8,))
    d_low, d_high, w_low, w_high = ranges[:4]
    x = data.to(torch.float64)
    if as_bool(flatten):
        x = x.reshape(x.shape[0], -1)
    out = torch.matmul(x, weight.to(torch.float64).t())
    if bias is not None:
        data_scale = _RANGE[data.dtype] / _absmax(d_low, d_high)
        weight_scale = 127.5 / _absmax(w_low, w_high)
        rescale = data_scale * weight_scale * _absmax(ranges[4], ranges[5]) / 127.5
        out = out + torch.trunc(bias.to(_F32) * rescale).to(torch.float64)
    low, high = _product_range(d_low, d_high, w_low, w_high, unsigned_b=data.dtype is torch.uint8)
    return out.to(torch.int32), _range(low), _range(high)


@register(namespace='contrib')
def quantized_conv(data, weight, bias=None, min_data=None, max_data=None, min_weight=None, max_weight=None,
                   min_bias=None, max_bias=None, kernel=None, stride=(), dilate=(), pad=(), num_filter=None,
                   num_group=1,
                   workspace=1024, no_bias=False, cudnn_tune=None, cudnn_off=False, layout=None):
    """Convolution of uint8 data with an int8 weight, accumulated in int32 (an int8 bias is added as it is,
    as MXNet's oneDNN kernel does). Returns [output (int32), min, max]."""
    _required(kernel, 'kernel', '_contrib_quantized_conv')
    _required(num_filter, 'num_filter', '_contrib_quantized_conv')
    if int(num_group) != 1:
        raise MXNetError('quantized_conv: Check failed: param.num_group == 1U ({} vs. 1) : quantized_conv only '
                         'supports num_group=1 for now'.format(num_group))
    no_bias = as_bool(no_bias)
    data, weight, bias, ranges = _inputs('quantized_conv', (data, weight, bias, min_data, max_data, min_weight,
                                                            max_weight, min_bias, max_bias), no_bias)
    if data.dtype is not torch.uint8:
        raise MXNetError('quantized_conv: mkldnn_quantized_conv op only supports uint8 as input type, got {}'.format(
            TORCH_TO_NAME.get(data.dtype, data.dtype)))
    _quantized(weight, 'quantized_conv', (torch.int8,))
    out = _nn.Convolution(data.to(torch.float64), weight.to(torch.float64),
                          None if bias is None else bias.to(torch.float64), kernel=kernel, stride=stride,
                          dilate=dilate, pad=pad, num_filter=num_filter, num_group=num_group, no_bias=no_bias,
                          layout=layout)
    low, high = _product_range(*ranges[:4])
    return out.to(torch.int32), _range(low), _range(high)


@register(namespace='contrib')
def quantized_batch_norm(data, gamma, beta, moving_mean, moving_var, min_data, max_data, eps=1e-3, momentum=0.9,
                         fix_gamma=True, use_global_stats=False, output_mean_var=False, axis=1, cudnn_off=False,
                         min_calib_range=None, max_calib_range=None):
    """Inference batch norm of quantized data into int8 over the calibrated output range (required, as in
    MXNet), with the moving statistics and gamma as given (fix_gamma changes nothing here, as in MXNet's
    kernel). Returns [output (int8), min, max]."""
    calib = _calibration(min_calib_range, max_calib_range)
    if calib is None:
        raise MXNetError('quantized_batch_norm: min_calib_range or max_calib_range is not available; quantized BN '
                         'currently does not support calib_mode=None')
    _quantized(data, 'quantized_batch_norm')
    low, high = torch.tensor(calib[0], dtype=_F32), torch.tensor(calib[1], dtype=_F32)
    out_abs, in_abs = _absmax(low, high), _absmax(_value(min_data), _value(max_data))
    g = gamma
    invstd = 1.0 / torch.sqrt(moving_var.to(_F32) + float(eps))
    scale = g * invstd * in_abs / out_abs
    shift = (beta - moving_mean * g * invstd) * 127.5 / out_abs
    # MXNet's oneDNN kernel takes the statistics of axis `axis` but applies them along axis 1
    channels = data.shape[int(axis) % data.dim()]
    if data.dim() < 2 or channels != data.shape[1]:
        raise MXNetError('quantized_batch_norm: Check failed: weight_mem.get_desc().get_size() == channel_count '
                         '* sizeof(float) * 2 (axis {} has {} channels, axis 1 of shape {} does not)'.format(
                             axis, channels, _shape(data)))
    shape = [1] * data.dim()
    shape[1] = -1
    # uint8 data is first brought to int8's scale (MXNet reorders it so)
    x = data.to(_F32) if data.dtype is torch.int8 else _saturate(data.to(_F32) * (127.5 / 255.5), torch.int8).to(_F32)
    out = x * scale.reshape(shape) + shift.reshape(shape)
    return _saturate(out, torch.int8), _range(low), _range(high)


@register(namespace='contrib')
def quantized_rnn(data, parameters, state, state_cell=None, data_scale=None, data_shift=None, state_size=None,
                  num_layers=None, bidirectional=False, mode=None, p=0.0, state_outputs=False, projection_size=None,
                  lstm_state_clip_min=None, lstm_state_clip_max=None, lstm_state_clip_nan=False,
                  use_sequence_length=False):
    """LSTM over uint8 data quantized with a zero point (``q = x * data_scale + data_shift``, as
    quantize_asym gives it): the data is recovered and run through RNN in float32 (MXNet's oneDNN kernel
    keeps it in uint8). Only mode 'lstm', as in MXNet."""
    if mode != 'lstm':
        raise MXNetError("quantized_rnn: only mode 'lstm' is supported, got {!r}".format(mode))
    _quantized(data, 'quantized_rnn', (torch.uint8,))
    if data_scale is None or data_shift is None:
        raise MXNetError('quantized_rnn: data_scale and data_shift are needed')
    x = (data.to(_F32) - _value(data_shift)) / _value(data_scale)
    rnn = OPS[('', 'RNN')].impl
    return rnn(x, parameters, state, state_cell, state_size=state_size, num_layers=num_layers,
               bidirectional=bidirectional, mode=mode, p=p, state_outputs=state_outputs,
               projection_size=projection_size, lstm_state_clip_min=lstm_state_clip_min,
               lstm_state_clip_max=lstm_state_clip_max, lstm_state_clip_nan=lstm_state_clip_nan)


# ---- calibrate_entropy --------------------------------------------------------------------------------------
# MXNet's kernel works in float32 and sums left to right; np.cumsum is that order (np.sum is pairwise), so the
# divergences here come out as MXNet's to a few ulps.
_EPS = np.float32(0.0001)


def _running_total(values):
    return np.cumsum(values, dtype=np.float32)[-1] if values.size else np.float32(0.0)


def _smooth(p):
    """MXNet's smoothing of a float32 distribution with zeros: eps added where p is 0, the same amount taken
    evenly off the rest; None where every entry is 0 or the amount taken reaches 1."""
    empty = p == 0
    n_empty = int(empty.sum())
    n_full = p.size - n_empty
    if n_full == 0:
        return None
    taken = np.float32(_EPS * np.float32(n_empty) / np.float32(n_full))
    if taken >= 1.0:
        return None
    return p + np.where(empty, _EPS, -taken).astype(np.float32)


def _divergence(p, q):
    """KL divergence of the normalised float32 distributions p and q."""
    p = p / _running_total(p)
    q = q / _running_total(q)
    if not (np.all(p > 0) and np.all(q > 0)):
        raise MXNetError('calibrate_entropy: Check failed: p[i] > 0 && q[i] > 0 (a smoothed distribution has a '
                         'non-positive entry)')
    return _running_total((p * np.log(p / q)).astype(np.float32))


def _candidate(counts, whole, centre, half, nq):
    """Divergence of quantizing the histogram clipped to bins [centre - half, centre + half] into nq bins."""
    first, last = centre - half, centre + half
    width = last - first + 1
    p = counts[first:last + 1].copy()
    p[0] = _running_total(counts[:first + 1])       # everything up to the window, its first bin included
    p[-1] = _running_total(counts[last:])           # the window's last bin and everything beyond it
    inner = whole[first:last + 1].copy()
    inner[0] = 0.0                                  # the first bin is counted in p[0] only
    per_bin = width // nq
    owner = np.minimum(np.arange(width) // per_bin, nq - 1)      # the tail joins the last quantized bin
    totals = np.bincount(owner, weights=inner, minlength=nq).astype(np.float32)
    used = np.bincount(owner, weights=(inner != 0).astype(np.float64), minlength=nq)
    share = np.where(used > 0, totals / np.maximum(used, 1).astype(np.float32), 0).astype(np.float32)
    q = np.where(p != 0, share[owner], 0).astype(np.float32)
    p, q = _smooth(p), _smooth(q)
    if q is None:
        return math.inf
    if p is None:
        raise MXNetError('calibrate_entropy: Check failed: p.size() == q.size() (the clipped histogram is empty)')
    return float(_divergence(p, q))


@register(namespace='contrib')
def calibrate_entropy(hist, hist_edges, num_quantized_bins=255):
    """The threshold of a symmetric histogram (an odd number of bins around zero) whose quantization to
    num_quantized_bins loses least information (KL divergence), for calibrating int8 ranges. Returns
    [threshold, divergence]."""
    for t, what in ((hist, 'hist'), (hist_edges, 'hist_edges')):
        if t.dtype is not _F32:
            raise MXNetError('calibrate_entropy: {} must be float32, got {}'.format(
                what, TORCH_TO_NAME.get(t.dtype, t.dtype)))
    counts = hist.detach().reshape(-1).cpu().numpy().astype(np.float32)
    edges = hist_edges.detach().reshape(-1).cpu().numpy()
    bins = counts.size
    if edges.size != bins + 1:
        raise MXNetError('calibrate_entropy: hist_edges must have one more element ({}) than hist, got {}'.format(
            bins + 1, edges.size))
    nq = int(num_quantized_bins)
    centre = bins // 2
    widest = min(centre, bins - 1 - centre)         # the widest window that stays inside the histogram
    if nq < 1 or nq // 2 > widest:
        raise MXNetError('calibrate_entropy: num_quantized_bins={} needs a histogram of at least {} bins, '
                         'got {}'.format(nq, 2 * (nq // 2), bins))
    whole = np.trunc(counts).astype(np.float64)    # MXNet holds the clipped histogram in integers
    best, lowest = nq // 2, np.float32(np.finfo(np.float32).max)
    for half in range(nq // 2, widest + 1):
        d = _candidate(counts, whole, centre, half, nq)
        if d < lowest:
            best, lowest = half, np.float32(d)
    return torch.tensor([edges[centre + best + 1]], dtype=_F32), torch.tensor([lowest], dtype=_F32)
