"""Converters of operators whose ONNX form opset 13 changed: Softmax over one axis, axes of ReduceSum,
Squeeze and Unsqueeze and the sizes of Split as inputs."""
import numpy as np

from .._export_onnx import MXNetGraph, attr_tuple, attr_int, attr_float, attr_bool, _onnx
from ._op_translations_opset12 import _out, _rank, _reduce_axes, _full_to_one, _unsupported, _scalar

OPSET = 13


def register(op_name):
    return MXNetGraph.register(op_name, OPSET)


def _softmax_input(ctx, node):
    x = node.inputs[0]
    if attr_bool(node.attrs, 'use_length'):
        _unsupported(node, 'use_length=True')
    temperature = attr_float(node.attrs, 'temperature', None)
    if temperature is not None and temperature != 1.0:
        x = ctx.node('Div', [x, _scalar(ctx, node, temperature, '_temperature')], name=node.name + '_scaled')
    return x


@register('softmax')
def convert_softmax(ctx, node):
    x = _softmax_input(ctx, node)
    return _out(ctx, node, 'Softmax', [x], axis=attr_int(node.attrs, 'axis', -1))


@register('log_softmax')
def convert_log_softmax(ctx, node):
    x = _softmax_input(ctx, node)
    return _out(ctx, node, 'LogSoftmax', [x], axis=attr_int(node.attrs, 'axis', -1))


@register('SoftmaxActivation')
def convert_softmax_activation(ctx, node):
    mode = node.attrs.get('mode', 'instance')
    if mode == 'channel':
        return _out(ctx, node, 'Softmax', axis=1)
    flat = ctx.node('Flatten', node.inputs[:1], name=node.name + '_flattened', axis=1)
    sm = ctx.node('Softmax', [flat], name=node.name + '_softmax', axis=1)
    shape = ctx.node('Shape', node.inputs[:1], name=node.name + '_shape')
    return _out(ctx, node, 'Reshape', [sm, shape])


_REDUCE = {'sum': 'ReduceSum', 'sum_axis': 'ReduceSum', 'mean': 'ReduceMean', 'max': 'ReduceMax',
           'min': 'ReduceMin', 'prod': 'ReduceProd'}


def _make_reduce(onnx_op):
    def convert(ctx, node):
        axes, keep, full = _reduce_axes(node)
        if onnx_op == 'ReduceSum':    # axes are an input from opset 13 on
            r = ctx.node('ReduceSum', [node.inputs[0], ctx.int64s(node.name + '_axes', axes)],
                         name=node.name + '_reduced' if full else node.name,
                         outputs=None if full else node.name, keepdims=1 if keep else 0)
        else:
            r = ctx.node(onnx_op, node.inputs[:1], name=node.name + '_reduced' if full else node.name,
                         outputs=None if full else node.name, axes=axes, keepdims=1 if keep else 0)
        return _full_to_one(ctx, node, r) if full else [node.name]
    return convert


for _mx, _ox in _REDUCE.items():
    register(_mx)(_make_reduce(_ox))


@register('norm')
def convert_norm(ctx, node):
    ord_ = attr_int(node.attrs, 'ord', 2)
    axes, keep, full = _reduce_axes(node)
    if ord_ not in (1, 2):
        _unsupported(node, 'ord=%d' % ord_)
    op = 'ReduceL2' if ord_ == 2 else 'ReduceL1'
    r = ctx.node(op, node.inputs[:1], name=node.name + '_reduced' if full else node.name,
                 outputs=None if full else node.name, axes=axes, keepdims=1 if keep else 0)
    return _full_to_one(ctx, node, r) if full else [node.name]


@register('squeeze')
def convert_squeeze(ctx, node):
    axis = attr_tuple(node.attrs, 'axis', ())
    if not axis:
        return _out(ctx, node, 'Squeeze')
    return _out(ctx, node, 'Squeeze', [node.inputs[0], ctx.int64s(node.name + '_axes', axis)])


@register('expand_dims')
def convert_expand_dims(ctx, node):
    axis = attr_int(node.attrs, 'axis')
    return _out(ctx, node, 'Unsqueeze', [node.inputs[0], ctx.int64s(node.name + '_axes', [axis])])


@register('SliceChannel')
def convert_split(ctx, node):
    n = attr_int(node.attrs, 'num_outputs')
    axis = attr_int(node.attrs, 'axis', 1)
    names = node.output_names(n)
    if not attr_bool(node.attrs, 'squeeze_axis'):
        ctx.node('Split', node.inputs[:1], names, name=node.name, axis=axis)
        return names
    parts = ctx.node('Split', node.inputs[:1], [nm + '_unsqueezed' for nm in names], name=node.name, axis=axis)
    axes = ctx.int64s(node.name + '_axes', [axis])
    for part, nm in zip(parts, names):
        ctx.node('Squeeze', [part, axes], nm, name=nm)
    return names


@register('_split_v2')
def convert_split_v2(ctx, node):
    axis = attr_int(node.attrs, 'axis', 0)
    rank = _rank(node)
    length = node.in_shapes[0][axis % rank]
    sections = attr_int(node.attrs, 'sections', 0)
    if sections:
        sizes = [length // sections] * sections
    else:
        bounds = list(attr_tuple(node.attrs, 'indices')) + [length]
        sizes = [b - a for a, b in zip(bounds[:-1], bounds[1:])]
        if bounds[0] != 0:
            sizes = [bounds[0]] + sizes
    names = node.output_names(len(sizes))
    split = ctx.int64s(node.name + '_sizes', sizes)
    if not attr_bool(node.attrs, 'squeeze_axis'):
        ctx.node('Split', [node.inputs[0], split], names, name=node.name, axis=axis)
        return names
    parts = ctx.node('Split', [node.inputs[0], split], [nm + '_unsqueezed' for nm in names], name=node.name,
                     axis=axis)
    axes = ctx.int64s(node.name + '_axes', [axis])
    for part, nm in zip(parts, names):
        ctx.node('Squeeze', [part, axes], nm, name=nm)
    return names


@register('stack')
def convert_stack(ctx, node):
    axis = attr_int(node.attrs, 'axis', 0)
    axes = ctx.int64s(node.name + '_axes', [axis])
    parts = [ctx.node('Unsqueeze', [x, axes], name='%s_in%d' % (node.name, i)) for i, x in enumerate(node.inputs)]
    return _out(ctx, node, 'Concat', parts, axis=axis)


@register('zeros_like')
@register('ones_like')
def convert_zeros_like(ctx, node):
    value = 0 if node.op == 'zeros_like' else 1
    shape = ctx.node('Shape', node.inputs[:1], name=node.name + '_shape')
    fill = _onnx().numpy_helper.from_array(np.array([value], dtype=node.in_dtypes[0]), 'value')
    return _out(ctx, node, 'ConstantOfShape', [shape], value=fill)


# ---------------------------------------------------------------- further MXNet operators
def _constant_node(ctx, node, value):
    """The node's output as a Constant node holding `value`."""
    tensor = _onnx().numpy_helper.from_array(np.ascontiguousarray(value), node.name + '_value')
    ctx.node('Constant', [], node.name, name=node.name, value=tensor)
    return [node.name]


@register('_zeros')
@register('_ones')
def convert_zeros(ctx, node):
    shape = attr_tuple(node.attrs, 'shape', ())
    dtype = np.dtype(node.attrs.get('dtype', 'float32'))
    fill = np.zeros if node.op == '_zeros' else np.ones
    return _constant_node(ctx, node, fill(shape, dtype=dtype))


@register('_arange')
def convert_arange(ctx, node):
    start = attr_float(node.attrs, 'start', 0.0)
    stop = attr_float(node.attrs, 'stop', None)
    step = attr_float(node.attrs, 'step', 1.0)
    repeat = attr_int(node.attrs, 'repeat', 1)
    if stop is None:
        start, stop = 0.0, start
    values = np.repeat(np.arange(start, stop, step), repeat).astype(node.attrs.get('dtype', 'float32'))
    return _constant_node(ctx, node, values)


@register('_contrib_arange_like')
def convert_arange_like(ctx, node):
    if ctx.dynamic:
        _unsupported(node, 'arange_like with dynamic input shapes')
    start, step = attr_float(node.attrs, 'start', 0.0), attr_float(node.attrs, 'step', 1.0)
    repeat = attr_int(node.attrs, 'repeat', 1)
    shape = node.out_shapes[0]
    n = int(np.prod(shape))
    values = np.repeat(start + step * np.arange((n + repeat - 1) // repeat), repeat)[:n]
    return _constant_node(ctx, node, values.reshape(shape).astype(node.out_dtypes[0]))


@register('_contrib_div_sqrt_dim')
def convert_div_sqrt_dim(ctx, node):
    return _out(ctx, node, 'Div', [node.inputs[0], _scalar(ctx, node, np.sqrt(node.in_shapes[0][-1]), '_sqrt_dim')])


@register('reverse')
def convert_reverse(ctx, node):
    rank = _rank(node)
    axes = [int(a) % rank for a in attr_tuple(node.attrs, 'axis')]
    n = len(axes)
    return _out(ctx, node, 'Slice', [node.inputs[0], ctx.int64s(node.name + '_starts', [-1] * n),
                                     ctx.int64s(node.name + '_ends', [np.iinfo(np.int64).min] * n),
                                     ctx.int64s(node.name + '_axes', axes), ctx.int64s(node.name + '_steps', [-1] * n)])


@register('repeat')
def convert_repeat(ctx, node):
    if ctx.dynamic:
        _unsupported(node, 'repeat with dynamic input shapes')
    repeats = attr_int(node.attrs, 'repeats')
    axis = attr_int(node.attrs, 'axis', None)
    x, shape = node.inputs[0], list(node.in_shapes[0])
    if axis is None:
        x = ctx.node('Reshape', [x, ctx.int64s(node.name + '_flat_shape', [-1])], name=node.name + '_flat')
        shape, axis = [int(np.prod(shape))], 0
    axis %= len(shape)
    x = ctx.node('Unsqueeze', [x, ctx.int64s(node.name + '_axes', [axis + 1])], name=node.name + '_unsqueezed')
    big = shape[:axis + 1] + [repeats] + shape[axis + 1:]
    x = ctx.node('Expand', [x, ctx.int64s(node.name + '_expand_shape', big)], name=node.name + '_expanded')
    return _out(ctx, node, 'Reshape', [x, ctx.int64s(node.name + '_shape', node.out_shapes[0])])


@register('one_hot')
def convert_one_hot(ctx, node):
    depth = attr_int(node.attrs, 'depth')
    dtype = np.dtype(node.attrs.get('dtype', 'float32'))
    values = np.array([attr_float(node.attrs, 'off_value', 0.0), attr_float(node.attrs, 'on_value', 1.0)], dtype=dtype)
    idx = ctx.node('Cast', node.inputs[:1], name=node.name + '_indices', to=7)
    return _out(ctx, node, 'OneHot', [idx, ctx.int64s(node.name + '_depth', [depth]),
                                      ctx.const(node.name + '_values', values)], axis=-1)


def _topk(ctx, node, k, largest, axis):
    ks = ctx.int64s(node.name + '_k', [k])
    return ctx.node('TopK', [node.inputs[0], ks], [node.name + '_values', node.name + '_indices'],
                    name=node.name + '_topk', axis=axis, largest=1 if largest else 0, sorted=1)


@register('topk')
def convert_topk(ctx, node):
    axis = attr_int(node.attrs, 'axis', -1)
    k = attr_int(node.attrs, 'k', 1)
    rank = _rank(node)
    length = node.in_shapes[0][axis % rank]
    k = length if k <= 0 else min(k, length)
    ret = node.attrs.get('ret_typ', 'indices')
    dtype = _onnx_type(node.attrs.get('dtype', 'float32'))
    values, indices = _topk(ctx, node, k, not attr_bool(node.attrs, 'is_ascend'), axis)
    if ret == 'value':
        return _out(ctx, node, 'Identity', [values])
    if ret == 'indices':
        return _out(ctx, node, 'Cast', [indices], to=dtype)
    if ret == 'both':
        names = node.output_names(2)
        ctx.node('Identity', [values], names[0], name=names[0])
        ctx.node('Cast', [indices], names[1], name=names[1], to=dtype)
        return names
    _unsupported(node, 'ret_typ=%r' % ret)


@register('argsort')
def convert_argsort(ctx, node):
    axis = attr_int(node.attrs, 'axis', -1)
    rank = _rank(node)
    _, indices = _topk(ctx, node, node.in_shapes[0][axis % rank], not attr_bool(node.attrs, 'is_ascend', True),
                       axis)
    return _out(ctx, node, 'Cast', [indices], to=_onnx_type(node.attrs.get('dtype', 'float32')))


def _onnx_type(dtype_name):
    from .._export_onnx import np_to_onnx_type
    return np_to_onnx_type(np.dtype(dtype_name))


@register('gather_nd')
def convert_gather_nd(ctx, node):
    rank = _rank(node, 1)
    idx = ctx.node('Cast', node.inputs[1:2], name=node.name + '_indices', to=7)
    idx = ctx.node('Transpose', [idx], name=node.name + '_indices_t', perm=list(range(1, rank)) + [0])
    return _out(ctx, node, 'GatherND', [node.inputs[0], idx])


@register('UpSampling')
def convert_upsampling(ctx, node):
    if node.attrs.get('sample_type', 'nearest') != 'nearest' or attr_int(node.attrs, 'num_args', 1) != 1:
        _unsupported(node, 'sample_type=%r with num_args=%s' % (node.attrs.get('sample_type'),
                                                               node.attrs.get('num_args')))
    scale = float(attr_int(node.attrs, 'scale'))
    scales = ctx.const(node.name + '_scales', np.array([1.0, 1.0, scale, scale], dtype=np.float32))
    return _out(ctx, node, 'Resize', [node.inputs[0], '', scales], mode='nearest',
                coordinate_transformation_mode='asymmetric', nearest_mode='floor')


@register('_contrib_BilinearResize2D')
def convert_bilinear_resize(ctx, node):
    if ctx.dynamic or len(node.inputs) > 1:
        _unsupported(node, 'BilinearResize2D with dynamic shapes or a like input')
    sizes = ctx.int64s(node.name + '_sizes', node.out_shapes[0])
    mode = 'align_corners' if attr_bool(node.attrs, 'align_corners', True) else 'half_pixel'
    return _out(ctx, node, 'Resize', [node.inputs[0], '', '', sizes], mode='linear',
                coordinate_transformation_mode=mode)


@register('_contrib_AdaptiveAvgPooling2D')
def convert_adaptive_avg_pool(ctx, node):
    size = attr_tuple(node.attrs, 'output_size', ())
    if not size or tuple(size) in ((1,), (1, 1)):
        return _out(ctx, node, 'GlobalAveragePool')
    oh, ow = (size[0], size[0]) if len(size) == 1 else size
    h, w = node.in_shapes[0][2:]
    if h % oh or w % ow:
        _unsupported(node, 'output_size %s that does not divide the input %s' % ((oh, ow), (h, w)))
    kernel = [h // oh, w // ow]
    return _out(ctx, node, 'AveragePool', kernel_shape=kernel, strides=kernel)


@register('SequenceMask')
def convert_sequence_mask(ctx, node):
    if not attr_bool(node.attrs, 'use_sequence_length'):
        return _out(ctx, node, 'Identity')
    axis = attr_int(node.attrs, 'axis', 0)
    shape = node.in_shapes[0]
    rank = len(shape)
    steps = shape[axis]
    dtype = node.in_dtypes[0]
    time = ctx.const(node.name + '_steps', np.arange(steps, dtype=dtype).reshape((steps, 1) if axis == 0 else (1, steps)))
    lengths = ctx.node('Cast', node.inputs[1:2], name=node.name + '_lengths_cast', to=_onnx_type(dtype))
    lengths = ctx.node('Reshape', [lengths, ctx.int64s(node.name + '_lengths_shape', [1, -1] if axis == 0 else [-1, 1])],
                       name=node.name + '_lengths')
    mask = ctx.node('Less', [time, lengths], name=node.name + '_mask2d')
    if rank > 2:
        mask = ctx.node('Unsqueeze', [mask, ctx.int64s(node.name + '_mask_axes', list(range(2, rank)))],
                        name=node.name + '_mask')
    value = ctx.const(node.name + '_value', np.array(attr_float(node.attrs, 'value', 0.0), dtype=dtype))
    return _out(ctx, node, 'Where', [mask, node.inputs[0], value])


@register('SequenceReverse')
def convert_sequence_reverse(ctx, node):
    if attr_int(node.attrs, 'axis', 0) != 0:
        _unsupported(node, 'axis other than 0')
    if not attr_bool(node.attrs, 'use_sequence_length'):
        return _out(ctx, node, 'Slice', [node.inputs[0], ctx.int64s(node.name + '_starts', [-1]),
                                         ctx.int64s(node.name + '_ends', [np.iinfo(np.int64).min]),
                                         ctx.int64s(node.name + '_axes', [0]), ctx.int64s(node.name + '_steps', [-1])])
    lengths = ctx.node('Cast', node.inputs[1:2], name=node.name + '_lengths', to=7)
    return _out(ctx, node, 'ReverseSequence', [node.inputs[0], lengths], batch_axis=1, time_axis=0)


@register('Crop')
def convert_crop(ctx, node):
    if ctx.dynamic:
        _unsupported(node, 'Crop with dynamic input shapes')
    h, w = node.out_shapes[0][2:]
    H, W = node.in_shapes[0][2:]
    if attr_bool(node.attrs, 'center_crop'):
        top, left = (H - h) // 2, (W - w) // 2
    else:
        top, left = attr_tuple(node.attrs, 'offset', (0, 0))
    return _out(ctx, node, 'Slice', [node.inputs[0], ctx.int64s(node.name + '_starts', [top, left]),
                                     ctx.int64s(node.name + '_ends', [top + h, left + w]),
                                     ctx.int64s(node.name + '_axes', [2, 3])])


@register('_random_uniform')
@register('_random_normal')
def convert_random(ctx, node):
    shape = [int(d) for d in attr_tuple(node.attrs, 'shape', ())]
    dtype = _onnx_type(node.attrs.get('dtype', 'float32') if node.attrs.get('dtype') not in (None, 'None')
                       else 'float32')
    if node.op == '_random_uniform':
        return _out(ctx, node, 'RandomUniform', [], shape=shape, dtype=dtype,
                    low=attr_float(node.attrs, 'low', 0.0), high=attr_float(node.attrs, 'high', 1.0))
    return _out(ctx, node, 'RandomNormal', [], shape=shape, dtype=dtype,
                mean=attr_float(node.attrs, 'loc', 0.0), scale=attr_float(node.attrs, 'scale', 1.0))


@register('_random_uniform_like')
@register('_random_normal_like')
def convert_random_like(ctx, node):
    if node.op == '_random_uniform_like':
        return _out(ctx, node, 'RandomUniformLike', low=attr_float(node.attrs, 'low', 0.0),
                    high=attr_float(node.attrs, 'high', 1.0))
    return _out(ctx, node, 'RandomNormalLike', mean=attr_float(node.attrs, 'loc', 0.0),
                scale=attr_float(node.attrs, 'scale', 1.0))
