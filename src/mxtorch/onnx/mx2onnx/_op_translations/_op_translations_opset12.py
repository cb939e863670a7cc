"""Converters whose ONNX form holds from opset 12 on. Each takes the `ExportContext` and the MXNet node
(`NodeInfo`: name, attrs as MXNet's JSON strings, input tensor names, shapes and dtypes) and returns the
ONNX names of the node's outputs."""
import numpy as np

from .._export_onnx import (MXNetGraph, attr_tuple, attr_int, attr_float, attr_bool, attr_str,
                            np_to_onnx_type, _onnx)

register = MXNetGraph.register
INT64_MAX = np.iinfo(np.int64).max
INT64_MIN = np.iinfo(np.int64).min


def _out(ctx, node, op_type, inputs=None, **attrs):
    """One ONNX node producing the MXNet node's (only) output."""
    ctx.node(op_type, node.inputs[:1] if inputs is None else inputs, node.name, name=node.name, **attrs)
    return [node.name]


def _scalar(ctx, node, value, suffix='_scalar'):
    """A 1-element initializer of the first input's dtype (broadcasts against any rank)."""
    dtype = node.in_dtypes[0] or np.dtype(np.float32)
    return ctx.const(node.name + suffix, np.array([value], dtype=dtype))


def _rank(node, i=0):
    shape = node.in_shapes[i]
    if shape is None:
        raise NotImplementedError('%s (%s): the rank of input %d is unknown' % (node.op, node.name, i))
    return len(shape)


def _unsupported(node, what):
    raise NotImplementedError('%s (%s): %s is not supported by the ONNX exporter' % (node.op, node.name, what))


@register('null')
def convert_null(ctx, node):
    """A variable: a parameter becomes an initializer (not also a graph input, as MXNet lists it: that
    would let a runtime override it and keeps onnxruntime from folding constants); data becomes a graph
    input of the given type and shape."""
    onnx = _onnx()
    source = node.attrs['__source__']
    ctx._names.add(node.name)
    if source in ctx.weights:
        ctx.initializer.append(onnx.numpy_helper.from_array(ctx.weights[source], node.name))
    else:
        elem_type, shape = ctx.data_input
        ctx.graph_inputs.append(onnx.helper.make_tensor_value_info(node.name, elem_type, shape))
    return [node.name]


# ---------------------------------------------------------------- element-wise
_UNARY = {
    'relu': 'Relu', 'sigmoid': 'Sigmoid', 'tanh': 'Tanh', 'exp': 'Exp', 'log': 'Log', 'sqrt': 'Sqrt',
    'abs': 'Abs', 'negative': 'Neg', 'ceil': 'Ceil', 'floor': 'Floor', 'reciprocal': 'Reciprocal',
    'sin': 'Sin', 'cos': 'Cos', 'tan': 'Tan', 'arcsin': 'Asin', 'arccos': 'Acos', 'arctan': 'Atan',
    'identity': 'Identity', '_copy': 'Identity', 'BlockGrad': 'Identity', 'MakeLoss': 'Identity',
    'erf': 'Erf', 'sign': 'Sign', 'round': 'Round', 'softsign': 'Softsign',
}


def _make_unary(onnx_op):
    def convert(ctx, node):
        return _out(ctx, node, onnx_op)
    return convert


for _mx, _ox in _UNARY.items():
    register(_mx)(_make_unary(_ox))


@register('square')
def convert_square(ctx, node):
    return _out(ctx, node, 'Mul', [node.inputs[0], node.inputs[0]])


@register('log2')
def convert_log2(ctx, node):
    ln = ctx.node('Log', node.inputs[:1], name=node.name + '_ln')
    return _out(ctx, node, 'Div', [ln, _scalar(ctx, node, np.log(2.0), '_ln2')])


@register('logical_not')
def convert_logical_not(ctx, node):
    dtype = np_to_onnx_type(node.in_dtypes[0])
    b = ctx.node('Cast', node.inputs[:1], name=node.name + '_bool', to=9)
    n = ctx.node('Not', [b], name=node.name + '_not')
    return _out(ctx, node, 'Cast', [n], to=dtype)


_BINARY = {
    'elemwise_add': 'Add', 'broadcast_add': 'Add',
    'elemwise_sub': 'Sub', 'broadcast_sub': 'Sub',
    'elemwise_mul': 'Mul', 'broadcast_mul': 'Mul',
    'elemwise_div': 'Div', 'broadcast_div': 'Div',
    '_power': 'Pow', 'broadcast_power': 'Pow',
    '_maximum': 'Max', 'broadcast_maximum': 'Max',
    '_minimum': 'Min', 'broadcast_minimum': 'Min',
    'broadcast_mod': 'Mod',
}


def _make_binary(onnx_op):
    def convert(ctx, node):
        if onnx_op == 'Mod':
            fmod = 1 if node.in_dtypes[0] is not None and node.in_dtypes[0].kind == 'f' else None
            return _out(ctx, node, 'Mod', node.inputs[:2], fmod=fmod)
        return _out(ctx, node, onnx_op, node.inputs[:2])
    return convert


for _mx, _ox in _BINARY.items():
    register(_mx)(_make_binary(_ox))

_COMPARE = {
    'broadcast_equal': ('Equal', False), '_equal': ('Equal', False),
    'broadcast_not_equal': ('Equal', True), '_not_equal': ('Equal', True),
    'broadcast_greater': ('Greater', False), '_greater': ('Greater', False),
    'broadcast_greater_equal': ('GreaterOrEqual', False), '_greater_equal': ('GreaterOrEqual', False),
    'broadcast_lesser': ('Less', False), '_lesser': ('Less', False),
    'broadcast_lesser_equal': ('LessOrEqual', False), '_lesser_equal': ('LessOrEqual', False),
}


def _bool_to_input_dtype(ctx, node, b):
    return _out(ctx, node, 'Cast', [b], to=np_to_onnx_type(node.in_dtypes[0] or np.float32))


def _make_compare(onnx_op, negate):
    def convert(ctx, node):
        b = ctx.node(onnx_op, node.inputs[:2], name=node.name + '_cmp')
        if negate:
            b = ctx.node('Not', [b], name=node.name + '_not')
        return _bool_to_input_dtype(ctx, node, b)
    return convert


for _mx, (_ox, _neg) in _COMPARE.items():
    register(_mx)(_make_compare(_ox, _neg))

_SCALAR_COMPARE = {'_equal_scalar': ('Equal', False), '_not_equal_scalar': ('Equal', True),
                   '_greater_scalar': ('Greater', False), '_greater_equal_scalar': ('GreaterOrEqual', False),
                   '_lesser_scalar': ('Less', False), '_lesser_equal_scalar': ('LessOrEqual', False)}


def _make_scalar_compare(onnx_op, negate):
    def convert(ctx, node):
        s = _scalar(ctx, node, attr_float(node.attrs, 'scalar', 0.0))
        b = ctx.node(onnx_op, [node.inputs[0], s], name=node.name + '_cmp')
        if negate:
            b = ctx.node('Not', [b], name=node.name + '_not')
        return _bool_to_input_dtype(ctx, node, b)
    return convert


for _mx, (_ox, _neg) in _SCALAR_COMPARE.items():
    register(_mx)(_make_scalar_compare(_ox, _neg))

_LOGICAL = {'broadcast_logical_and': 'And', 'broadcast_logical_or': 'Or', 'broadcast_logical_xor': 'Xor'}


def _make_logical(onnx_op):
    def convert(ctx, node):
        a = ctx.node('Cast', node.inputs[:1], name=node.name + '_a_bool', to=9)
        b = ctx.node('Cast', node.inputs[1:2], name=node.name + '_b_bool', to=9)
        r = ctx.node(onnx_op, [a, b], name=node.name + '_logical')
        return _bool_to_input_dtype(ctx, node, r)
    return convert


for _mx, _ox in _LOGICAL.items():
    register(_mx)(_make_logical(_ox))

# x op scalar, and scalar op x for the reversed forms
_SCALAR = {'_plus_scalar': ('Add', False), '_minus_scalar': ('Sub', False), '_rminus_scalar': ('Sub', True),
           '_mul_scalar': ('Mul', False), '_div_scalar': ('Div', False), '_rdiv_scalar': ('Div', True),
           '_power_scalar': ('Pow', False), '_rpower_scalar': ('Pow', True),
           '_maximum_scalar': ('Max', False), '_minimum_scalar': ('Min', False)}


def _make_scalar(onnx_op, reverse):
    def convert(ctx, node):
        s = _scalar(ctx, node, attr_float(node.attrs, 'scalar', 0.0))
        ins = [s, node.inputs[0]] if reverse else [node.inputs[0], s]
        return _out(ctx, node, onnx_op, ins)
    return convert


for _mx, (_ox, _rev) in _SCALAR.items():
    register(_mx)(_make_scalar(_ox, _rev))


@register('add_n')
def convert_add_n(ctx, node):
    return _out(ctx, node, 'Sum', node.inputs)


@register('clip')
def convert_clip(ctx, node):
    dtype = node.in_dtypes[0]   # Clip takes 0-d bounds of the input's dtype
    lo = ctx.const(node.name + '_min', np.array(attr_float(node.attrs, 'a_min'), dtype=dtype))
    hi = ctx.const(node.name + '_max', np.array(attr_float(node.attrs, 'a_max'), dtype=dtype))
    return _out(ctx, node, 'Clip', [node.inputs[0], lo, hi])


@register('where')
def convert_where(ctx, node):
    cond = ctx.node('Cast', node.inputs[:1], name=node.name + '_cond', to=9)
    return _out(ctx, node, 'Where', [cond, node.inputs[1], node.inputs[2]])


@register('Cast')
def convert_cast(ctx, node):
    return _out(ctx, node, 'Cast', to=np_to_onnx_type(np.dtype(attr_str(node.attrs, 'dtype'))))


# ---------------------------------------------------------------- activations
@register('Activation')
def convert_activation(ctx, node):
    act = attr_str(node.attrs, 'act_type')
    table = {'relu': 'Relu', 'sigmoid': 'Sigmoid', 'tanh': 'Tanh', 'softrelu': 'Softplus',
             'softsign': 'Softsign'}
    if act not in table:
        _unsupported(node, 'act_type=%r' % act)
    return _out(ctx, node, table[act])


@register('LeakyReLU')
def convert_leaky_relu(ctx, node):
    act = attr_str(node.attrs, 'act_type', 'leaky')
    slope = attr_float(node.attrs, 'slope', 0.25)
    if act == 'leaky':
        return _out(ctx, node, 'LeakyRelu', alpha=slope)
    if act == 'elu':
        return _out(ctx, node, 'Elu', alpha=slope)
    if act == 'selu':
        return _out(ctx, node, 'Selu', alpha=1.6732632423543772, gamma=1.0507009873554805)
    if act == 'prelu':
        rank = _rank(node)
        gamma = node.inputs[1]
        if rank > 2:   # MXNet's gamma runs along axis 1; ONNX broadcasts from the right
            shape = ctx.int64s(node.name + '_gamma_shape', [-1] + [1] * (rank - 2))
            gamma = ctx.node('Reshape', [gamma, shape], name=node.name + '_gamma')
        return _out(ctx, node, 'PRelu', [node.inputs[0], gamma])
    if act == 'gelu':
        x = node.inputs[0]
        scaled = ctx.node('Div', [x, _scalar(ctx, node, np.sqrt(2.0), '_sqrt2')], name=node.name + '_scaled')
        erf = ctx.node('Erf', [scaled], name=node.name + '_erf')
        one = ctx.node('Add', [erf, _scalar(ctx, node, 1.0, '_one')], name=node.name + '_erf1')
        half = ctx.node('Mul', [x, _scalar(ctx, node, 0.5, '_half')], name=node.name + '_halfx')
        return _out(ctx, node, 'Mul', [half, one])
    _unsupported(node, 'act_type=%r' % act)


@register('hard_sigmoid')
def convert_hard_sigmoid(ctx, node):
    return _out(ctx, node, 'HardSigmoid', alpha=attr_float(node.attrs, 'alpha', 0.2),
                beta=attr_float(node.attrs, 'beta', 0.5))


# ---------------------------------------------------------------- layers
@register('FullyConnected')
def convert_fully_connected(ctx, node):
    no_bias = attr_bool(node.attrs, 'no_bias')
    flatten = attr_bool(node.attrs, 'flatten', True)
    x, w = node.inputs[0], node.inputs[1]
    if flatten:
        if node.in_shapes[0] is None or len(node.in_shapes[0]) != 2:
            x = ctx.node('Flatten', [x], node.name + '_data_flattened', name=node.name + '_data_flattened')
        ins = [x, w] if no_bias else [x, w, node.inputs[2]]
        return _out(ctx, node, 'Gemm', ins, alpha=1.0, beta=1.0, transA=0, transB=1)
    wt = ctx.node('Transpose', [w], name=node.name + '_weight_t', perm=[1, 0])
    if no_bias:
        return _out(ctx, node, 'MatMul', [x, wt])
    mm = ctx.node('MatMul', [x, wt], name=node.name + '_matmul')
    return _out(ctx, node, 'Add', [mm, node.inputs[2]])


def _conv_attrs(node):
    kernel = attr_tuple(node.attrs, 'kernel')
    nd = len(kernel)
    stride = attr_tuple(node.attrs, 'stride', ()) or (1,) * nd
    dilate = attr_tuple(node.attrs, 'dilate', ()) or (1,) * nd
    pad = attr_tuple(node.attrs, 'pad', ()) or (0,) * nd
    layout = attr_str(node.attrs, 'layout')
    if layout not in (None, 'NCW', 'NCHW', 'NCDHW'):
        _unsupported(node, 'layout=%r' % layout)
    return dict(kernel_shape=list(kernel), strides=list(stride), dilations=list(dilate),
                pads=list(pad) + list(pad), group=attr_int(node.attrs, 'num_group', 1))


@register('Convolution')
def convert_convolution(ctx, node):
    ins = node.inputs[:2] if attr_bool(node.attrs, 'no_bias') else node.inputs[:3]
    return _out(ctx, node, 'Conv', ins, **_conv_attrs(node))


@register('Deconvolution')
def convert_deconvolution(ctx, node):
    if attr_tuple(node.attrs, 'target_shape'):
        _unsupported(node, 'target_shape')
    attrs = _conv_attrs(node)
    adj = attr_tuple(node.attrs, 'adj', ())
    if adj and any(adj):
        attrs['output_padding'] = list(adj)
    ins = node.inputs[:2] if attr_bool(node.attrs, 'no_bias', True) else node.inputs[:3]
    return _out(ctx, node, 'ConvTranspose', ins, **attrs)


@register('BatchNorm')
def convert_batch_norm(ctx, node):
    axis = attr_int(node.attrs, 'axis', 1)
    if axis not in (1, 1 - _rank(node)) and not (axis == -1 and _rank(node) == 2):
        _unsupported(node, 'axis=%d' % axis)
    gamma = node.inputs[1]
    if attr_bool(node.attrs, 'fix_gamma', True):
        channels = node.in_shapes[1][0]
        gamma = ctx.const(node.name + '_fixed_gamma', np.ones(channels, dtype=node.in_dtypes[1]))
    ins = [node.inputs[0], gamma] + node.inputs[2:5]
    return _out(ctx, node, 'BatchNormalization', ins, epsilon=attr_float(node.attrs, 'eps', 1e-3),
                momentum=attr_float(node.attrs, 'momentum', 0.9))


@register('InstanceNorm')
def convert_instance_norm(ctx, node):
    return _out(ctx, node, 'InstanceNormalization', node.inputs[:3], epsilon=attr_float(node.attrs, 'eps', 1e-3))


@register('LRN')
def convert_lrn(ctx, node):
    return _out(ctx, node, 'LRN', alpha=attr_float(node.attrs, 'alpha', 1e-4),
                beta=attr_float(node.attrs, 'beta', 0.75), bias=attr_float(node.attrs, 'knorm', 2.0),
                size=attr_int(node.attrs, 'nsize'))


@register('L2Normalization')
def convert_l2_normalization(ctx, node):
    mode = attr_str(node.attrs, 'mode', 'instance')
    eps = attr_float(node.attrs, 'eps', 1e-10)
    rank = _rank(node)
    axes = {'instance': list(range(1, rank)), 'channel': [1], 'spatial': list(range(2, rank))}.get(mode)
    if axes is None:
        _unsupported(node, 'mode=%r' % mode)
    x = node.inputs[0]
    sq = ctx.node('Mul', [x, x], name=node.name + '_sq')
    ss = ctx.node('ReduceSum', [sq, ctx.int64s(node.name + '_axes', axes)], name=node.name + '_sumsq',
                  keepdims=1)
    ss = ctx.node('Add', [ss, _scalar(ctx, node, eps, '_eps')], name=node.name + '_sumsq_eps')
    norm = ctx.node('Sqrt', [ss], name=node.name + '_norm')
    return _out(ctx, node, 'Div', [x, norm])


@register('LayerNorm')
def convert_layer_norm(ctx, node):
    rank = _rank(node)
    axis = attr_int(node.attrs, 'axis', -1) % rank
    eps = attr_float(node.attrs, 'eps', 1e-5)
    x = node.inputs[0]
    mean = ctx.node('ReduceMean', [x], name=node.name + '_mean', axes=[axis], keepdims=1)
    d = ctx.node('Sub', [x, mean], name=node.name + '_centered')
    var = ctx.node('ReduceMean', [ctx.node('Mul', [d, d], name=node.name + '_sq')], name=node.name + '_var',
                   axes=[axis], keepdims=1)
    std = ctx.node('Sqrt', [ctx.node('Add', [var, _scalar(ctx, node, eps, '_eps')], name=node.name + '_var_eps')],
                   name=node.name + '_std')
    normed = ctx.node('Div', [d, std], name=node.name + '_normed')
    gamma, beta = node.inputs[1], node.inputs[2]
    if axis != rank - 1:
        shape = ctx.int64s(node.name + '_param_shape', [-1] + [1] * (rank - 1 - axis))
        gamma = ctx.node('Reshape', [gamma, shape], name=node.name + '_gamma')
        beta = ctx.node('Reshape', [beta, shape], name=node.name + '_beta')
    scaled = ctx.node('Mul', [normed, gamma], name=node.name + '_scaled')
    return _out(ctx, node, 'Add', [scaled, beta])


@register('Pooling')
def convert_pooling(ctx, node):
    pool_type = attr_str(node.attrs, 'pool_type', 'max')
    layout = attr_str(node.attrs, 'layout')
    if layout not in (None, 'NCW', 'NCHW', 'NCDHW'):
        _unsupported(node, 'layout=%r' % layout)
    if attr_bool(node.attrs, 'global_pool'):
        table = {'max': 'GlobalMaxPool', 'avg': 'GlobalAveragePool'}
        if pool_type == 'lp':
            return _out(ctx, node, 'GlobalLpPool', p=attr_int(node.attrs, 'p_value', 2))
        if pool_type not in table:
            _unsupported(node, 'pool_type=%r' % pool_type)
        return _out(ctx, node, table[pool_type])
    kernel = attr_tuple(node.attrs, 'kernel')
    nd = len(kernel)
    stride = attr_tuple(node.attrs, 'stride', ()) or (1,) * nd
    pad = attr_tuple(node.attrs, 'pad', ()) or (0,) * nd
    convention = attr_str(node.attrs, 'pooling_convention', 'valid')
    if convention not in ('valid', 'full'):
        _unsupported(node, 'pooling_convention=%r' % convention)
    attrs = dict(kernel_shape=list(kernel), strides=list(stride), pads=list(pad) + list(pad),
                 ceil_mode=1 if convention == 'full' else 0)
    if pool_type == 'max':
        return _out(ctx, node, 'MaxPool', **attrs)
    if pool_type == 'avg':
        return _out(ctx, node, 'AveragePool',
                    count_include_pad=1 if attr_bool(node.attrs, 'count_include_pad', True) else 0, **attrs)
    if pool_type == 'lp':
        attrs.pop('ceil_mode')
        return _out(ctx, node, 'LpPool', p=attr_int(node.attrs, 'p_value', 2), **attrs)
    _unsupported(node, 'pool_type=%r' % pool_type)


@register('Dropout')
def convert_dropout(ctx, node):
    # the exported graph is for inference, where Dropout passes its input through
    return _out(ctx, node, 'Identity')


@register('Flatten')
def convert_flatten(ctx, node):
    return _out(ctx, node, 'Flatten', axis=1)


@register('Concat')
def convert_concat(ctx, node):
    return _out(ctx, node, 'Concat', node.inputs, axis=attr_int(node.attrs, 'dim', 1))


@register('Embedding')
def convert_embedding(ctx, node):
    idx = ctx.node('Cast', node.inputs[:1], name=node.name + '_indices', to=7)
    return _out(ctx, node, 'Gather', [node.inputs[1], idx], axis=0)


@register('take')
def convert_take(ctx, node):
    axis = attr_int(node.attrs, 'axis', 0)
    mode = attr_str(node.attrs, 'mode', 'clip')
    idx = ctx.node('Cast', node.inputs[1:2], name=node.name + '_indices', to=7)
    n = node.in_shapes[0][axis]
    if mode == 'clip':
        lo = ctx.const(node.name + '_lo', np.array(0, dtype=np.int64))
        hi = ctx.const(node.name + '_hi', np.array(n - 1, dtype=np.int64))
        idx = ctx.node('Clip', [idx, lo, hi], name=node.name + '_clipped')
    elif mode == 'wrap':
        idx = ctx.node('Mod', [idx, ctx.const(node.name + '_n', np.array(n, dtype=np.int64))],
                       name=node.name + '_wrapped')
    return _out(ctx, node, 'Gather', [node.inputs[0], idx], axis=axis)


@register('Pad')
def convert_pad(ctx, node):
    mode = attr_str(node.attrs, 'mode', 'constant')
    width = attr_tuple(node.attrs, 'pad_width')
    begins, ends = list(width[0::2]), list(width[1::2])
    pads = ctx.int64s(node.name + '_pads', begins + ends)
    onnx_mode = {'constant': 'constant', 'edge': 'edge', 'reflect': 'reflect'}[mode]
    ins = [node.inputs[0], pads]
    if mode == 'constant':
        value = attr_float(node.attrs, 'constant_value', 0.0)
        ins.append(ctx.const(node.name + '_value', np.array(value, dtype=node.in_dtypes[0])))
    return _out(ctx, node, 'Pad', ins, mode=onnx_mode)


@register('depth_to_space')
def convert_depth_to_space(ctx, node):
    return _out(ctx, node, 'DepthToSpace', blocksize=attr_int(node.attrs, 'block_size'), mode='DCR')


@register('space_to_depth')
def convert_space_to_depth(ctx, node):
    return _out(ctx, node, 'SpaceToDepth', blocksize=attr_int(node.attrs, 'block_size'))


@register('SoftmaxOutput')
def convert_softmax_output(ctx, node):
    x = node.inputs[0]
    rank = _rank(node)
    if rank == 2 or attr_bool(node.attrs, 'multi_output'):
        return _out(ctx, node, 'Softmax', [x], axis=1)
    if attr_bool(node.attrs, 'preserve_shape'):
        return _out(ctx, node, 'Softmax', [x], axis=-1)
    shape = ctx.node('Shape', [x], name=node.name + '_shape')
    flat = ctx.node('Flatten', [x], name=node.name + '_flattened', axis=1)
    sm = ctx.node('Softmax', [flat], name=node.name + '_softmax', axis=1)
    return _out(ctx, node, 'Reshape', [sm, shape])


@register('LogisticRegressionOutput')
def convert_logistic_output(ctx, node):
    return _out(ctx, node, 'Sigmoid')


@register('LinearRegressionOutput')
@register('MAERegressionOutput')
def convert_linear_output(ctx, node):
    return _out(ctx, node, 'Identity')


# ---------------------------------------------------------------- shapes
def _static_shape(ctx, node, what):
    if ctx.dynamic:
        _unsupported(node, what + ' with dynamic input shapes')
    return ctx.int64s(node.name + '_shape', node.out_shapes[0])


@register('Reshape')
def convert_reshape(ctx, node):
    codes = attr_tuple(node.attrs, 'shape', ())
    reverse = attr_bool(node.attrs, 'reverse')
    if not reverse and codes and all(c > 0 or c in (0, -1) for c in codes):
        shape = ctx.int64s(node.name + '_shape', codes)   # ONNX reads 0 and -1 as MXNet does
    else:
        shape = _static_shape(ctx, node, 'shape=%s' % (codes,))
    return _out(ctx, node, 'Reshape', [node.inputs[0], shape])


@register('reshape_like')
def convert_reshape_like(ctx, node):
    shape = ctx.node('Shape', node.inputs[1:2], name=node.name + '_like_shape')
    return _out(ctx, node, 'Reshape', [node.inputs[0], shape])


@register('broadcast_to')
def convert_broadcast_to(ctx, node):
    return _out(ctx, node, 'Expand', [node.inputs[0], _static_shape(ctx, node, 'broadcast_to')])


@register('broadcast_like')
def convert_broadcast_like(ctx, node):
    if attr_tuple(node.attrs, 'lhs_axes') or attr_tuple(node.attrs, 'rhs_axes'):
        return _out(ctx, node, 'Expand', [node.inputs[0], _static_shape(ctx, node, 'lhs_axes')])
    shape = ctx.node('Shape', node.inputs[1:2], name=node.name + '_like_shape')
    return _out(ctx, node, 'Expand', [node.inputs[0], shape])


@register('broadcast_axis')
def convert_broadcast_axis(ctx, node):
    return _out(ctx, node, 'Expand', [node.inputs[0], _static_shape(ctx, node, 'broadcast_axis')])


@register('tile')
def convert_tile(ctx, node):
    reps = list(attr_tuple(node.attrs, 'reps'))
    rank = _rank(node)
    x = node.inputs[0]
    if len(reps) > rank:
        axes = list(range(len(reps) - rank))
        x = _unsqueeze(ctx, node, x, axes, '_expanded')
    reps = [1] * (rank - len(reps)) + reps
    return _out(ctx, node, 'Tile', [x, ctx.int64s(node.name + '_reps', reps)])


def _unsqueeze(ctx, node, x, axes, suffix):
    return ctx.node('Unsqueeze', [x, ctx.int64s(node.name + suffix + '_axes', axes)], name=node.name + suffix)


@register('transpose')
def convert_transpose(ctx, node):
    axes = attr_tuple(node.attrs, 'axes', ())
    if not axes:
        axes = tuple(reversed(range(_rank(node))))
    return _out(ctx, node, 'Transpose', perm=[int(a) % _rank(node) for a in axes])


@register('SwapAxis')
def convert_swapaxes(ctx, node):
    rank = _rank(node)
    perm = list(range(rank))
    a, b = attr_int(node.attrs, 'dim1', 0) % rank, attr_int(node.attrs, 'dim2', 0) % rank
    perm[a], perm[b] = perm[b], perm[a]
    return _out(ctx, node, 'Transpose', perm=perm)


@register('slice')
def convert_slice(ctx, node):
    begin = attr_tuple(node.attrs, 'begin')
    end = attr_tuple(node.attrs, 'end')
    step = attr_tuple(node.attrs, 'step', ()) or (None,) * len(begin)
    starts, ends, steps = [], [], []
    for b, e, s in zip(begin, end, step):
        s = 1 if s is None else int(s)
        starts.append((0 if s > 0 else INT64_MAX) if b is None else int(b))
        ends.append((INT64_MAX if s > 0 else INT64_MIN) if e is None else int(e))
        steps.append(s)
    n = len(starts)
    return _out(ctx, node, 'Slice', [node.inputs[0], ctx.int64s(node.name + '_starts', starts),
                                     ctx.int64s(node.name + '_ends', ends),
                                     ctx.int64s(node.name + '_axes', range(n)),
                                     ctx.int64s(node.name + '_steps', steps)])


@register('slice_axis')
def convert_slice_axis(ctx, node):
    axis = attr_int(node.attrs, 'axis')
    begin = attr_int(node.attrs, 'begin', 0)
    end = attr_int(node.attrs, 'end', None)
    return _out(ctx, node, 'Slice', [node.inputs[0], ctx.int64s(node.name + '_starts', [begin]),
                                     ctx.int64s(node.name + '_ends', [INT64_MAX if end is None else end]),
                                     ctx.int64s(node.name + '_axes', [axis])])


@register('slice_like')
def convert_slice_like(ctx, node):
    axes = attr_tuple(node.attrs, 'axes', ()) or tuple(range(len(node.in_shapes[1])))
    rank = _rank(node)
    axes = [int(a) % rank for a in axes]
    like = node.in_shapes[1]
    ends = [like[a] for a in axes]
    if ctx.dynamic:
        _unsupported(node, 'slice_like with dynamic input shapes')
    return _out(ctx, node, 'Slice', [node.inputs[0], ctx.int64s(node.name + '_starts', [0] * len(axes)),
                                     ctx.int64s(node.name + '_ends', ends), ctx.int64s(node.name + '_axes', axes)])


@register('shape_array')
def convert_shape_array(ctx, node):
    return _out(ctx, node, 'Shape')


@register('size_array')
def convert_size_array(ctx, node):
    size = ctx.node('Size', node.inputs[:1], name=node.name + '_size')
    return _out(ctx, node, 'Reshape', [size, ctx.int64s(node.name + '_shape', [1])])


# ---------------------------------------------------------------- linear algebra
@register('dot')
def convert_dot(ctx, node):
    ta, tb = attr_bool(node.attrs, 'transpose_a'), attr_bool(node.attrs, 'transpose_b')
    a, b = node.inputs[0], node.inputs[1]
    ra, rb = _rank(node, 0), _rank(node, 1)
    if rb != 2 or (ta and ra != 2):
        _unsupported(node, 'dot of a %d-d and a %d-d array' % (ra, rb))
    if ta:
        a = ctx.node('Transpose', [a], name=node.name + '_a_t', perm=[1, 0])
    if tb:
        b = ctx.node('Transpose', [b], name=node.name + '_b_t', perm=[1, 0])
    return _out(ctx, node, 'MatMul', [a, b])


def _swap_last(ctx, node, x, i, suffix):
    rank = _rank(node, i)
    perm = list(range(rank - 2)) + [rank - 1, rank - 2]
    return ctx.node('Transpose', [x], name=node.name + suffix, perm=perm)


@register('batch_dot')
def convert_batch_dot(ctx, node):
    a, b = node.inputs[0], node.inputs[1]
    if attr_bool(node.attrs, 'transpose_a'):
        a = _swap_last(ctx, node, a, 0, '_a_t')
    if attr_bool(node.attrs, 'transpose_b'):
        b = _swap_last(ctx, node, b, 1, '_b_t')
    return _out(ctx, node, 'MatMul', [a, b])


@register('_linalg_gemm2')
def convert_linalg_gemm2(ctx, node):
    a, b = node.inputs[0], node.inputs[1]
    if attr_bool(node.attrs, 'transpose_a'):
        a = _swap_last(ctx, node, a, 0, '_a_t')
    if attr_bool(node.attrs, 'transpose_b'):
        b = _swap_last(ctx, node, b, 1, '_b_t')
    alpha = attr_float(node.attrs, 'alpha', 1.0)
    if alpha == 1.0:
        return _out(ctx, node, 'MatMul', [a, b])
    mm = ctx.node('MatMul', [a, b], name=node.name + '_matmul')
    return _out(ctx, node, 'Mul', [mm, _scalar(ctx, node, alpha, '_alpha')])


# ---------------------------------------------------------------- reductions written with attributes at 12
def _reduce_axes(node):
    axis = attr_tuple(node.attrs, 'axis', ())
    rank = _rank(node)
    axes = list(range(rank)) if not axis else [int(a) % rank for a in axis]
    if attr_bool(node.attrs, 'exclude'):
        axes = [a for a in range(rank) if a not in axes]
    keep = attr_bool(node.attrs, 'keepdims')
    return axes, keep, (not keep and len(axes) == rank)


def _full_to_one(ctx, node, r):
    """MXNet's full reduction without keepdims has shape (1,); ONNX's is 0-d."""
    return _out(ctx, node, 'Reshape', [r, ctx.int64s(node.name + '_shape', [1])])


@register('argmax')
@register('argmin')
def convert_argmax(ctx, node):
    axis = attr_int(node.attrs, 'axis', None)
    keep = attr_bool(node.attrs, 'keepdims')
    x = node.inputs[0]
    if axis is None:
        x = ctx.node('Reshape', [x, ctx.int64s(node.name + '_flat', [-1])], name=node.name + '_flattened')
        axis = 0
    op = 'ArgMax' if node.op == 'argmax' else 'ArgMin'
    r = ctx.node(op, [x], name=node.name + '_index', axis=axis, keepdims=1 if keep else 0)
    if attr_int(node.attrs, 'axis', None) is None and not keep:
        r = ctx.node('Reshape', [r, ctx.int64s(node.name + '_shape', [1])], name=node.name + '_one')
    return _out(ctx, node, 'Cast', [r], to=np_to_onnx_type(node.out_dtypes[0]))
