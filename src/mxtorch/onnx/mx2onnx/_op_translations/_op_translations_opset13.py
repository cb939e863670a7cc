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
           'max_axis': 'ReduceMax', 'min': 'ReduceMin', 'min_axis': 'ReduceMin', 'prod': 'ReduceProd',
           'nansum': None, 'nanprod': None}


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
    if _ox is not None:
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
@register('split')
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
