"""ONNX -> MXNet converters. Each takes an `OnnxNode` and returns the symbol of the node (a grouped
symbol or a list for several outputs), or a NumPy array when the node folds to a known value."""
import numpy as np

from .... import symbol as S
from ._translation_utils import (INT64_MAX, INT64_MIN, unsupported, ints_from, scalar_value, rank_of,
                                 need_rank, split_pads, mx_dtype)


# ---------------------------------------------------------------- element-wise
def _unary(fn_name):
    def convert(node):
        return getattr(S, fn_name)(node.sym(0), **node.kw())
    return convert


_BROADCAST = {'Add': ('broadcast_add', '_plus_scalar', '_plus_scalar'),
              'Sub': ('broadcast_sub', '_minus_scalar', '_rminus_scalar'),
              'Mul': ('broadcast_mul', '_mul_scalar', '_mul_scalar'),
              'Div': ('broadcast_div', '_div_scalar', '_rdiv_scalar'),
              'Pow': ('broadcast_power', '_power_scalar', '_rpower_scalar'),
              'Max': ('broadcast_maximum', '_maximum_scalar', '_maximum_scalar'),
              'Min': ('broadcast_minimum', '_minimum_scalar', '_minimum_scalar')}


def _scalar_fn(name):
    return getattr(S, name, None) or getattr(S._internal, name)


def _binary(op_type):
    full, right, left = _BROADCAST[op_type]

    def convert(node):
        if node.num_inputs > 2:                       # Max, Min, Sum-like variadic forms
            out = node.sym(0)
            for i in range(1, node.num_inputs):
                out = getattr(S, full)(out, node.sym(i), **(node.kw() if i == node.num_inputs - 1 else {}))
            return out
        if node.num_inputs == 1:
            return S.identity(node.sym(0), **node.kw())
        b = scalar_value(node, 1)
        if b is not None and node.shape(0) is not None and len(node.shape(0)) >= 1:
            return _scalar_fn(right)(node.sym(0), scalar=float(b), **node.kw())
        a = scalar_value(node, 0)
        if a is not None and node.shape(1) is not None and len(node.shape(1)) >= 1:
            return _scalar_fn(left)(node.sym(1), scalar=float(a), **node.kw())
        return getattr(S, full)(node.sym(0), node.sym(1), **node.kw())
    return convert


def convert_sum(node):
    out = node.sym(0)
    for i in range(1, node.num_inputs):
        out = S.broadcast_add(out, node.sym(i), **(node.kw() if i == node.num_inputs - 1 else {}))
    return out if node.num_inputs > 1 else S.identity(out, **node.kw())


def convert_mean(node):
    total = node.sym(0)
    for i in range(1, node.num_inputs):
        total = S.broadcast_add(total, node.sym(i))
    return S._internal._div_scalar(total, scalar=float(node.num_inputs), **node.kw())


_COMPARE = {'Equal': 'broadcast_equal', 'Greater': 'broadcast_greater', 'Less': 'broadcast_lesser',
            'GreaterOrEqual': 'broadcast_greater_equal', 'LessOrEqual': 'broadcast_lesser_equal',
            'And': 'broadcast_logical_and', 'Or': 'broadcast_logical_or', 'Xor': 'broadcast_logical_xor'}


def _compare(op_type):
    def convert(node):
        # ONNX's booleans are MXNet's 0/1 in the inputs' dtype
        return getattr(S, _COMPARE[op_type])(node.sym(0), node.sym(1), **node.kw())
    return convert


def convert_not(node):
    return S.logical_not(node.sym(0), **node.kw())


def convert_cast(node):
    dtype = mx_dtype(node.attrs['to'])
    if dtype == 'bool':     # MXNet's booleans are 0/1 in the input's dtype
        return S._internal._not_equal_scalar(node.sym(0), scalar=0.0, **node.kw())
    return S.Cast(node.sym(0), dtype=dtype, **node.kw())


def convert_clip(node):
    lo, hi = node.attrs.get('min'), node.attrs.get('max')
    if node.has_input(1):
        lo = scalar_value(node, 1)
        if lo is None:
            unsupported(node, 'a computed min')
    if node.has_input(2):
        hi = scalar_value(node, 2)
        if hi is None:
            unsupported(node, 'a computed max')
    lo = float('-inf') if lo is None else float(lo)
    hi = float('inf') if hi is None else float(hi)
    return S.clip(node.sym(0), a_min=lo, a_max=hi, **node.kw())


def _broadcast_input(node, i, shape):
    """Input `i` broadcast to `shape` (MXNet's where takes arrays of one shape)."""
    own = node.shape(i)
    x = node.sym(i)
    if own is None:
        unsupported(node, 'an input of unknown shape')
    if tuple(own) == tuple(shape):
        return x
    if len(own) < len(shape):
        x = S.reshape(x, shape=(1,) * (len(shape) - len(own)) + tuple(own) if own else (1,) * len(shape),
                      name=node.sub('_in%d_rank' % i))
    return S.broadcast_to(x, shape=tuple(shape), name=node.sub('_in%d_full' % i))


def convert_where(node):
    shape = node.out_shape()
    if shape is None:
        shapes = [node.shape(i) for i in range(3)]
        if any(s is None for s in shapes):
            unsupported(node, 'inputs of unknown shape')
        shape = tuple(np.broadcast_shapes(*[tuple(s) for s in shapes]))
    args = [_broadcast_input(node, i, shape) for i in range(3)]
    return S.where(*args, **node.kw())


def convert_identity(node):
    return S.identity(node.sym(0), **node.kw())


def convert_dropout(node):
    out = S.identity(node.sym(0), **node.kw())
    if len(node.output_names) > 1 and node.output_names[1]:
        return [out, S.ones_like(node.sym(0))]
    return out


# ---------------------------------------------------------------- activations
def convert_relu(node):
    return S.relu(node.sym(0), **node.kw())


def convert_sigmoid(node):
    return S.sigmoid(node.sym(0), **node.kw())


def convert_tanh(node):
    return S.tanh(node.sym(0), **node.kw())


def convert_softplus(node):
    return S.Activation(node.sym(0), act_type='softrelu', **node.kw())


def convert_softsign(node):
    return S.Activation(node.sym(0), act_type='softsign', **node.kw())


def convert_leaky_relu(node):
    return S.LeakyReLU(node.sym(0), act_type='leaky', slope=float(node.attrs.get('alpha', 0.01)), **node.kw())


def convert_elu(node):
    return S.LeakyReLU(node.sym(0), act_type='elu', slope=float(node.attrs.get('alpha', 1.0)), **node.kw())


def convert_selu(node):
    alpha, gamma = node.attrs.get('alpha', 1.6732632423543772), node.attrs.get('gamma', 1.0507009873554805)
    if abs(alpha - 1.6732632423543772) > 1e-6 or abs(gamma - 1.0507009873554805) > 1e-6:
        unsupported(node, 'alpha/gamma other than SELU\'s constants')
    return S.LeakyReLU(node.sym(0), act_type='selu', **node.kw())


def convert_prelu(node):
    slope = S.reshape(node.sym(1), shape=(-1,), name=node.sub('_slope'))
    return S.LeakyReLU(node.sym(0), gamma=slope, act_type='prelu', **node.kw())


def convert_hard_sigmoid(node):
    return S.hard_sigmoid(node.sym(0), alpha=float(node.attrs.get('alpha', 0.2)),
                          beta=float(node.attrs.get('beta', 0.5)), **node.kw())


def _softmax_like(fn_name, legacy_fn_name):
    def convert(node):
        x = node.sym(0)
        if node.graph.opset_version >= 13:
            return getattr(S, fn_name)(x, axis=int(node.attrs.get('axis', -1)), **node.kw())
        axis = int(node.attrs.get('axis', 1))
        rank = rank_of(node)
        if rank is not None and axis % rank == rank - 1:
            return getattr(S, fn_name)(x, axis=-1, **node.kw())
        # before opset 13: the input as a 2-D matrix split at `axis`, normalized along its rows
        shape = node.shape(0)
        if shape is None:
            unsupported(node, 'an input of unknown shape with axis=%d' % axis)
        rows = int(np.prod(shape[:axis % len(shape)]))
        flat = S.reshape(x, shape=(rows, -1), name=node.sub('_flattened'))
        out = getattr(S, fn_name)(flat, axis=-1, name=node.sub('_2d'))
        return S.reshape_like(out, x, **node.kw())
    return convert


# ---------------------------------------------------------------- layers
def _pads_for(node, kernel_dims):
    if node.attrs.get('auto_pad', 'NOTSET') not in ('NOTSET', 'VALID'):
        unsupported(node, 'auto_pad=%r' % node.attrs['auto_pad'])
    return split_pads(node.attrs.get('pads'), kernel_dims)


def _explicit_pad(node, x, begins, ends, value=0.0):
    """Pad `x` by itself where begin and end pads differ (MXNet's layers pad both sides alike)."""
    width = [0, 0, 0, 0]
    for b, e in zip(begins, ends):
        width += [int(b), int(e)]
    if len(begins) not in (2, 3):
        unsupported(node, 'asymmetric pads on %d spatial axes' % len(begins))
    return S.pad(x, mode='constant', pad_width=tuple(width), constant_value=value, name=node.sub('_pad'))


def convert_conv(node):
    w_shape = node.shape(1)
    if w_shape is None:
        unsupported(node, 'a weight of unknown shape')
    kernel = tuple(node.attrs.get('kernel_shape', w_shape[2:]))
    nd_ = len(kernel)
    begins, ends = _pads_for(node, nd_)
    x = node.sym(0)
    if list(begins) != list(ends):
        x = _explicit_pad(node, x, begins, ends)
        begins = [0] * nd_
    kwargs = dict(kernel=kernel, stride=tuple(node.attrs.get('strides', (1,) * nd_)),
                  dilate=tuple(node.attrs.get('dilations', (1,) * nd_)), pad=tuple(begins),
                  num_filter=int(w_shape[0]), num_group=int(node.attrs.get('group', 1)))
    if node.has_input(2):
        return S.Convolution(x, node.sym(1), node.sym(2), no_bias=False, **kwargs, **node.kw())
    return S.Convolution(x, node.sym(1), no_bias=True, **kwargs, **node.kw())


def convert_conv_transpose(node):
    w_shape = node.shape(1)
    if w_shape is None:
        unsupported(node, 'a weight of unknown shape')
    if 'output_shape' in node.attrs:
        unsupported(node, 'output_shape')
    kernel = tuple(node.attrs.get('kernel_shape', w_shape[2:]))
    nd_ = len(kernel)
    begins, ends = _pads_for(node, nd_)
    if list(begins) != list(ends):
        unsupported(node, 'asymmetric pads')
    group = int(node.attrs.get('group', 1))
    kwargs = dict(kernel=kernel, stride=tuple(node.attrs.get('strides', (1,) * nd_)),
                  dilate=tuple(node.attrs.get('dilations', (1,) * nd_)), pad=tuple(begins),
                  adj=tuple(node.attrs.get('output_padding', (0,) * nd_)),
                  num_filter=int(w_shape[1]) * group, num_group=group)
    if node.has_input(2):
        return S.Deconvolution(node.sym(0), node.sym(1), node.sym(2), no_bias=False, **kwargs, **node.kw())
    return S.Deconvolution(node.sym(0), node.sym(1), no_bias=True, **kwargs, **node.kw())


def convert_batch_norm(node):
    if len([o for o in node.output_names if o]) > 1:
        unsupported(node, 'training-mode outputs')
    return S.BatchNorm(node.sym(0), node.sym(1), node.sym(2), node.sym(3), node.sym(4),
                       eps=float(node.attrs.get('epsilon', 1e-5)), momentum=float(node.attrs.get('momentum', 0.9)),
                       fix_gamma=False, **node.kw())


def convert_instance_norm(node):
    return S.InstanceNorm(node.sym(0), node.sym(1), node.sym(2), eps=float(node.attrs.get('epsilon', 1e-5)),
                          **node.kw())


def convert_lrn(node):
    return S.LRN(node.sym(0), alpha=float(node.attrs.get('alpha', 1e-4)), beta=float(node.attrs.get('beta', 0.75)),
                 knorm=float(node.attrs.get('bias', 1.0)), nsize=int(node.attrs['size']), **node.kw())


def convert_gemm(node):
    alpha, beta = float(node.attrs.get('alpha', 1.0)), float(node.attrs.get('beta', 1.0))
    trans_a, trans_b = int(node.attrs.get('transA', 0)), int(node.attrs.get('transB', 0))
    b_shape = node.shape(1)
    has_c = node.has_input(2)
    if not trans_a and trans_b and alpha == 1.0 and beta == 1.0 and b_shape is not None and len(b_shape) == 2:
        c_shape = node.shape(2) if has_c else None
        if not has_c:
            return S.FullyConnected(node.sym(0), node.sym(1), num_hidden=int(b_shape[0]), no_bias=True,
                                    **node.kw())
        if c_shape is not None and tuple(c_shape) == (b_shape[0],):
            return S.FullyConnected(node.sym(0), node.sym(1), node.sym(2), num_hidden=int(b_shape[0]),
                                    **node.kw())
    prod = S.linalg_gemm2(node.sym(0), node.sym(1), transpose_a=bool(trans_a), transpose_b=bool(trans_b),
                          alpha=alpha, name=node.sub('_gemm') if has_c else node.name)
    if not has_c:
        return prod
    c = node.sym(2)
    if beta != 1.0:
        c = S._internal._mul_scalar(c, scalar=beta, name=node.sub('_beta'))
    return S.broadcast_add(prod, c, **node.kw())


def convert_matmul(node):
    ra, rb = rank_of(node, 0), rank_of(node, 1)
    if rb == 2 and ra is not None and ra >= 1:
        return S.dot(node.sym(0), node.sym(1), **node.kw())
    if ra is not None and ra == rb and ra >= 2:
        return S.linalg_gemm2(node.sym(0), node.sym(1), **node.kw()) if ra > 3 else \
            S.batch_dot(node.sym(0), node.sym(1), **node.kw()) if ra == 3 else S.dot(node.sym(0), node.sym(1),
                                                                                      **node.kw())
    unsupported(node, 'MatMul of inputs of ranks %s and %s' % (ra, rb))


def _pool(pool_type):
    def convert(node):
        kernel = tuple(node.attrs['kernel_shape'])
        nd_ = len(kernel)
        begins, ends = _pads_for(node, nd_)
        x = node.sym(0)
        if list(begins) != list(ends):
            if pool_type == 'avg' and not node.attrs.get('count_include_pad', 0):
                unsupported(node, 'asymmetric pads without count_include_pad')
            x = _explicit_pad(node, x, begins, ends, value=float('-inf') if pool_type == 'max' else 0.0)
            begins = [0] * nd_
        if node.attrs.get('dilations') and any(d != 1 for d in node.attrs['dilations']):
            unsupported(node, 'dilations')
        kwargs = dict(kernel=kernel, stride=tuple(node.attrs.get('strides', (1,) * nd_)), pad=tuple(begins),
                      pool_type=pool_type,
                      pooling_convention='full' if node.attrs.get('ceil_mode', 0) else 'valid')
        if pool_type == 'avg':
            kwargs['count_include_pad'] = bool(node.attrs.get('count_include_pad', 0))
        if pool_type == 'lp':
            kwargs['p_value'] = int(node.attrs.get('p', 2))
        return S.Pooling(x, **kwargs, **node.kw())
    return convert


def _global_pool(pool_type):
    def convert(node):
        rank = rank_of(node)
        kernel = (1,) * ((rank or 4) - 2)
        kwargs = dict(p_value=int(node.attrs.get('p', 2))) if pool_type == 'lp' else {}
        return S.Pooling(node.sym(0), kernel=kernel, global_pool=True, pool_type=pool_type, **kwargs, **node.kw())
    return convert


# ---------------------------------------------------------------- shapes
def convert_flatten(node):
    axis = int(node.attrs.get('axis', 1))
    if axis == 1:
        return S.Flatten(node.sym(0), **node.kw())
    if axis == 0:
        return S.reshape(node.sym(0), shape=(1, -1), **node.kw())
    if axis == -1:
        return S.reshape(node.sym(0), shape=(-1, 0), reverse=True, **node.kw())
    shape = node.shape(0)
    if shape is None:
        unsupported(node, 'axis=%d on an input of unknown shape' % axis)
    return S.reshape(node.sym(0), shape=(int(np.prod(shape[:axis])), -1), **node.kw())


def convert_concat(node):
    return S.concat(*node.syms(), dim=int(node.attrs.get('axis', 1)), **node.kw())


def convert_reshape(node):
    source = node.graph.shape_source(node.input_names[1]) if node.has_input(1) else None
    if source is not None and node.const(1) is None:
        return S.reshape_like(node.sym(0), node.graph.tensor(source), **node.kw())
    shape = ints_from(node, 'shape', 1)
    if shape is None:
        unsupported(node, 'a missing shape')
    if node.attrs.get('allowzero', 0) and 0 in shape:
        unsupported(node, 'allowzero=1 with a 0 in the shape')
    return S.reshape(node.sym(0), shape=tuple(shape), **node.kw())


def convert_transpose(node):
    perm = node.attrs.get('perm')
    return S.transpose(node.sym(0), axes=tuple(perm) if perm else (), **node.kw())


def convert_squeeze(node):
    axes = ints_from(node, 'axes', 1)
    if not axes:
        return S.squeeze(node.sym(0), **node.kw())
    return S.squeeze(node.sym(0), axis=tuple(axes), **node.kw())


def convert_unsqueeze(node):
    axes = ints_from(node, 'axes', 1)
    rank = rank_of(node)
    if rank is not None:
        axes = [a % (rank + len(axes)) for a in axes]
    elif any(a < 0 for a in axes):
        unsupported(node, 'negative axes on an input of unknown rank')
    out = node.sym(0)
    axes = sorted(axes)
    for k, a in enumerate(axes):
        out = S.expand_dims(out, axis=a, name=node.name if k == len(axes) - 1 else node.sub('_%d' % k))
    return out


def convert_slice(node):
    if node.graph.opset_version < 10 and 'starts' in node.attrs:
        starts, ends = list(node.attrs['starts']), list(node.attrs['ends'])
        axes, steps = list(node.attrs.get('axes', range(len(starts)))), [1] * len(starts)
    else:
        starts, ends = ints_from(node, 'starts', 1), ints_from(node, 'ends', 2)
        axes = ints_from(node, 'axes', 3, list(range(len(starts))))
        steps = ints_from(node, 'steps', 4, [1] * len(starts))
    out = node.sym(0)
    for k, (a, b, e, s) in enumerate(zip(axes, starts, ends, steps)):
        last = k == len(axes) - 1
        name = node.name if last else node.sub('_%d' % k)
        if s == 1:
            end = None if e >= INT64_MAX // 2 else int(e)
            out = S.slice_axis(out, axis=int(a), begin=int(b), end=end, name=name)
        else:
            out = _strided_slice(node, out, int(a), int(b), int(e), int(s), name)
    return out


def _strided_slice(node, x, axis, begin, end, step, name):
    """x[begin:end:step] along `axis` with ONNX's clamping, for a step other than 1."""
    shape = node.shape(0)
    if shape is None:
        unsupported(node, 'a strided slice of an input of unknown shape')
    axis %= len(shape)
    n = shape[axis]
    if step > 0:
        b = min(max(begin + n if begin < 0 else begin, 0), n)
        e = min(max(end + n if end < 0 else end, 0), n)
        rank = len(shape)
        return S.slice(x, begin=tuple(b if i == axis else 0 for i in range(rank)),
                       end=tuple(e if i == axis else shape[i] for i in range(rank)),
                       step=tuple(step if i == axis else 1 for i in range(rank)), name=name)
    # a negative step: the same elements taken from the reversed axis with a positive step
    b = min(max(begin + n if begin < 0 else begin, -1), n - 1)
    e = min(max(end + n if end < 0 else end, -1), n - 1)
    rev = S.reverse(x, axis=axis, name=None if name is None else name + '_reversed')
    rb, re_ = n - 1 - b, n - 1 - e
    if re_ <= rb:
        unsupported(node, 'an empty slice')
    rank = len(shape)
    return S.slice(rev, begin=tuple(rb if i == axis else 0 for i in range(rank)),
                   end=tuple(re_ if i == axis else shape[i] for i in range(rank)),
                   step=tuple(-step if i == axis else 1 for i in range(rank)), name=name)


def convert_split(node):
    axis = int(node.attrs.get('axis', 0))
    n = len(node.output_names)
    sizes = ints_from(node, 'split', 1)
    if sizes is None or len(set(sizes)) == 1:
        return S.SliceChannel(node.sym(0), num_outputs=n, axis=axis, **node.kw())
    indices = tuple(int(v) for v in np.cumsum([0] + list(sizes[:-1])))
    return S._internal._split_v2(node.sym(0), indices=indices, axis=axis, **node.kw())


def convert_gather(node):
    axis = int(node.attrs.get('axis', 0))
    return S.take(node.sym(0), node.sym(1), axis=axis, mode='wrap', **node.kw())


def convert_expand(node):
    source = node.graph.shape_source(node.input_names[1])
    if source is not None and node.const(1) is None:
        return S.broadcast_like(node.sym(0), node.graph.tensor(source), **node.kw())
    out_shape = node.out_shape()
    if out_shape is None:
        shape = ints_from(node, 'shape', 1)
        in_shape = node.shape(0)
        if in_shape is None:
            unsupported(node, 'an input of unknown shape')
        full = np.broadcast_shapes(tuple(in_shape), tuple(shape))
        out_shape = tuple(full)
    x = node.sym(0)
    rank = rank_of(node)
    if rank is not None and rank < len(out_shape):
        x = S.reshape(x, shape=(1,) * (len(out_shape) - rank) + tuple(node.shape(0)), name=node.sub('_rank'))
    return S.broadcast_to(x, shape=tuple(out_shape), **node.kw())


def convert_tile(node):
    return S.tile(node.sym(0), reps=tuple(ints_from(node, 'repeats', 1)), **node.kw())


def convert_pad(node):
    mode = node.attrs.get('mode', 'constant')
    if isinstance(mode, bytes):
        mode = mode.decode()
    pads = ints_from(node, 'pads', 1)
    value = node.attrs.get('value', 0.0)
    if node.has_input(2):
        value = scalar_value(node, 2)
    n = len(pads) // 2
    width = []
    for b, e in zip(pads[:n], pads[n:]):
        width += [int(b), int(e)]
    return S.pad(node.sym(0), mode=mode, pad_width=tuple(width), constant_value=float(value or 0.0), **node.kw())


def convert_shape(node):
    if node.shape(0) is not None:     # a known shape folds to a value
        return np.array(node.shape(0), dtype=np.int64)
    return S.shape_array(node.sym(0), **node.kw())


def convert_size(node):
    return S.size_array(node.sym(0), **node.kw())


def convert_constant_of_shape(node):
    source = node.graph.shape_source(node.input_names[0])
    value = node.attrs.get('value')
    fill = 0.0 if value is None else float(np.asarray(_to_array(value)).reshape(-1)[0])
    if source is not None and node.const(0) is None and fill in (0.0, 1.0):
        fn = S.zeros_like if fill == 0.0 else S.ones_like
        return fn(node.graph.tensor(source), **node.kw())
    shape = node.const(0)
    if shape is None:
        unsupported(node, 'a computed shape')
    dtype = np.float32 if value is None else _to_array(value).dtype
    return np.full(tuple(int(v) for v in shape), fill, dtype=dtype)


def _to_array(tensor_proto):
    import onnx
    return onnx.numpy_helper.to_array(tensor_proto)


def convert_depth_to_space(node):
    if node.attrs.get('mode', 'DCR') != 'DCR':
        unsupported(node, 'mode=%r' % node.attrs['mode'])
    return S.depth_to_space(node.sym(0), block_size=int(node.attrs['blocksize']), **node.kw())


def convert_space_to_depth(node):
    return S.space_to_depth(node.sym(0), block_size=int(node.attrs['blocksize']), **node.kw())


# ---------------------------------------------------------------- reductions
def _reduce(fn_name, axes_input_from):
    def convert(node):
        if node.graph.opset_version >= axes_input_from:
            axes = ints_from(node, 'axes', 1)
        else:
            axes = list(node.attrs['axes']) if 'axes' in node.attrs else None
        keep = bool(node.attrs.get('keepdims', 1))
        if not axes:
            if node.attrs.get('noop_with_empty_axes', 0):
                return S.identity(node.sym(0), **node.kw())
            return getattr(S, fn_name)(node.sym(0), keepdims=keep, **node.kw())
        return getattr(S, fn_name)(node.sym(0), axis=tuple(axes), keepdims=keep, **node.kw())
    return convert


def _reduce_norm(ord_):
    def convert(node):
        axes = ints_from(node, 'axes', 1) if node.graph.opset_version >= 18 else node.attrs.get('axes')
        keep = bool(node.attrs.get('keepdims', 1))
        kwargs = {} if not axes else {'axis': tuple(axes)}
        return S.norm(node.sym(0), ord=ord_, keepdims=keep, **kwargs, **node.kw())
    return convert


def _arg_reduce(fn_name):
    def convert(node):
        if node.attrs.get('select_last_index', 0):
            unsupported(node, 'select_last_index=1')
        idx = getattr(S, fn_name)(node.sym(0), axis=int(node.attrs.get('axis', 0)),
                                  keepdims=bool(node.attrs.get('keepdims', 1)), name=node.sub('_index'))
        return S.Cast(idx, dtype='int64', **node.kw())
    return convert


# ---------------------------------------------------------------- further operators
def convert_resize(node):
    mode = node.attrs.get('mode', 'nearest')
    coord = node.attrs.get('coordinate_transformation_mode', 'half_pixel')
    in_shape, out_shape = node.shape(0), node.out_shape()
    scales = node.const(2) if node.num_inputs > 2 else None
    sizes = node.const(3) if node.num_inputs > 3 else None
    if out_shape is None and in_shape is not None:
        if sizes is not None and np.size(sizes):
            out_shape = tuple(int(v) for v in sizes)
        elif scales is not None and np.size(scales):
            out_shape = tuple(int(np.floor(d * s)) for d, s in zip(in_shape, scales))
    if in_shape is None or out_shape is None or len(in_shape) != 4 or tuple(in_shape[:2]) != tuple(out_shape[:2]):
        unsupported(node, 'a resize other than of the last two axes of a 4-d input of known shape')
    h, w = out_shape[2:]
    if mode == 'nearest':
        fy, fx = h // in_shape[2], w // in_shape[3]
        exact = fy == fx and fy * in_shape[2] == h and fx * in_shape[3] == w and fy >= 1
        floor_like = coord == 'asymmetric' and node.attrs.get('nearest_mode', 'round_prefer_floor') == 'floor'
        centred = coord in ('half_pixel', 'pytorch_half_pixel') and \
            node.attrs.get('nearest_mode', 'round_prefer_floor') == 'round_prefer_floor'
        if not exact or not (floor_like or centred):
            unsupported(node, 'nearest resize other than by one integer factor')
        return S.UpSampling(node.sym(0), scale=int(fy), sample_type='nearest', num_args=1, **node.kw())
    if mode == 'linear':
        if coord not in ('align_corners', 'half_pixel', 'pytorch_half_pixel'):
            unsupported(node, 'coordinate_transformation_mode=%r' % coord)
        return S.contrib.BilinearResize2D(node.sym(0), height=int(h), width=int(w),
                                          align_corners=coord == 'align_corners', **node.kw())
    unsupported(node, 'mode=%r' % mode)


def convert_topk(node):
    k = ints_from(node, 'k', 1)
    k = k[0] if isinstance(k, list) else int(node.attrs['k'])
    largest = bool(node.attrs.get('largest', 1))
    values, indices = S.topk(node.sym(0), axis=int(node.attrs.get('axis', -1)), k=k, ret_typ='both',
                             is_ascend=not largest, dtype='int64', **node.kw())
    return [values, indices]


def convert_one_hot(node):
    depth = scalar_value(node, 1)
    values = node.const(2)
    if depth is None or values is None:
        unsupported(node, 'a computed depth or values')
    if int(node.attrs.get('axis', -1)) != -1:
        unsupported(node, 'axis other than -1')
    values = np.asarray(values)
    return S.one_hot(node.sym(0), depth=int(depth), off_value=float(values[0]), on_value=float(values[1]),
                     dtype=values.dtype.name, **node.kw())


def convert_gather_nd(node):
    if int(node.attrs.get('batch_dims', 0)):
        unsupported(node, 'batch_dims')
    rank = need_rank(node, 1)
    idx = S.transpose(node.sym(1), axes=(rank - 1,) + tuple(range(rank - 1)), name=node.sub('_indices'))
    return S.gather_nd(node.sym(0), idx, **node.kw())


def convert_reverse_sequence(node):
    if int(node.attrs.get('time_axis', 0)) != 0 or int(node.attrs.get('batch_axis', 1)) != 1:
        unsupported(node, 'time_axis/batch_axis other than 0/1')
    return S.SequenceReverse(node.sym(0), node.sym(1), use_sequence_length=True, **node.kw())


def _random(fn_name, like):
    def convert(node):
        if like:
            shape = node.shape(0)
            if shape is None:
                unsupported(node, 'an input of unknown shape')
        else:
            shape = tuple(int(d) for d in node.attrs['shape'])
        dtype = mx_dtype(node.attrs.get('dtype', 1))
        if fn_name == 'uniform':
            return S.random.uniform(low=float(node.attrs.get('low', 0.0)), high=float(node.attrs.get('high', 1.0)),
                                    shape=shape, dtype=dtype, **node.kw())
        return S.random.normal(loc=float(node.attrs.get('mean', 0.0)), scale=float(node.attrs.get('scale', 1.0)),
                               shape=shape, dtype=dtype, **node.kw())
    return convert
