"""Neural-network operators that Gluon layers call: FullyConnected, Activation, Dropout, Convolution,
Pooling, BatchNorm, softmax, ...

The hot ones (FullyConnected, Convolution, Pooling, BatchNorm, Activation, Dropout, softmax) call
torch.nn.functional directly and leave shape checking to torch; MXNet's parameter spellings (strings such
as '(3, 3)' or 'True') are accepted but only parsed when they are not already Python values."""
import math

import torch
import torch.nn.functional as F

from ... import _state
from ...base import MXNetError, TORCH_TO_NAME, dtype_torch
from ..registry import register
from . import sparse_update as _sparse_update
from ._util import as_bool, as_tuple, check_choice, check_float  # noqa: F401  (re-exported for older imports)

Tensor = torch.Tensor
# the aten functions themselves: torch.nn.functional's Python wrappers add per-call overhead
_linear = torch._C._nn.linear


# ---- parameter parsing (MXNet takes every parameter also as a string) --------------------------------
def _shape(t):
    return tuple(t.shape)


# ---- FullyConnected ------------------------------------------------------------------------------
@register()
def FullyConnected(data, weight, bias=None, num_hidden=None, no_bias=False, flatten=True):
    """Applies a linear transformation: ``Y = X W^T + b``.

    With ``flatten=True`` the input of shape (n, x1, ..., xk) is first flattened to (n, x1*...*xk); with
    ``flatten=False`` the transformation applies to the last axis and the other axes are kept.

    Parameters
    ----------
    data : NDArray
        Input data.
    weight : NDArray
        Weight matrix of shape (num_hidden, input_dim).
    bias : NDArray
        Bias of shape (num_hidden,); omitted when ``no_bias=True``.
    num_hidden : int
        Number of hidden units (the output's last dimension).
    no_bias : bool
        Whether to leave out the bias.
    flatten : bool
        Whether to collapse all but the first axis of the input.
    """
    hidden = weight.shape[0]
    if num_hidden != hidden:
        _check_fc_hidden(num_hidden, weight)
    if data.dim() != 2 and (flatten is True or as_bool(flatten)):
        data = data.reshape(data.shape[0], -1) if data.dim() else data.reshape(1, 1)
    if no_bias is False or not as_bool(no_bias):
        if bias is None or bias.numel() != hidden:
            raise MXNetError('FullyConnected: bias of shape {} does not fit num_hidden {} (a bias is required '
                             'unless no_bias=True)'.format(None if bias is None else _shape(bias), hidden))
        if bias.dim() != 1:
            # MXNet takes a bias of shape (num_hidden,) or (num_hidden, 1)
            if bias.dim() != 2 or bias.shape[1] != 1:
                raise MXNetError('FullyConnected: unexpected shape for bias {} (num_hidden {}: (num_hidden,) or '
                                 '(num_hidden, 1))'.format(_shape(bias), hidden))
            bias = bias.reshape(hidden)
    elif bias is not None:
        raise MXNetError('FullyConnected: a bias was given with no_bias=True')
    try:
        return _linear(data, weight, bias)
    except RuntimeError:
        _fc_shape_error(data, weight)
        raise


def _check_fc_hidden(num_hidden, weight):
    if num_hidden is None:
        raise MXNetError('FullyConnected: required parameter num_hidden is missing')
    if weight.dim() != 2 or int(num_hidden) != weight.shape[0]:
        raise MXNetError('FullyConnected: weight has shape {} but num_hidden is {}'.format(
            _shape(weight), num_hidden))


def _fc_shape_error(data, weight):
    if data.shape[-1] == weight.shape[-1]:
        return
    raise MXNetError('FullyConnected: input of shape {} (features {}) does not fit weight of shape {}'.format(
        _shape(data), data.shape[-1], _shape(weight)))


# ---- Activation ----------------------------------------------------------------------------------
_ACTIVATIONS = {
    'relu': torch.relu,
    'sigmoid': torch.sigmoid,
    'tanh': torch.tanh,
    'softrelu': F.softplus,   # log(1 + exp(x)), linear above 20 as in MXNet
    'softsign': F.softsign,
}


@register()
def Activation(data, act_type=None):
    """Applies an element-wise activation function: 'relu', 'sigmoid', 'tanh', 'softrelu'
    (log(1 + exp(x))) or 'softsign' (x / (1 + |x|))."""
    fn = _ACTIVATIONS.get(act_type)
    if fn is None:
        check_choice(act_type, tuple(sorted(_ACTIVATIONS)), 'Activation', 'act_type')
    if not data.is_floating_point():
        check_float(data, 'Activation')
    return fn(data)


# ---- Dropout -------------------------------------------------------------------------------------
@register()
def Dropout(data, p=0.5, mode='training', axes=(), cudnn_off=False):
    """Sets elements of the input to zero at random with probability `p` and scales the others by
    1 / (1 - p); only in training mode (``autograd.record()`` / ``train_mode``), or always with
    ``mode='always'``. Elsewhere the output is a copy of the input.

    Parameters
    ----------
    data : NDArray
        Input array (floating point).
    p : float
        Fraction of the input that is dropped.
    mode : {'training', 'always'}
        When dropping happens.
    axes : tuple of int
        Axes along which one mask value is shared (the mask has size 1 along them).
    cudnn_off : bool
        Accepted for compatibility; ignored.
    """
    if mode != 'training' and mode != 'always':
        check_choice(mode, ('always', 'training'), 'Dropout', 'mode')
    if type(p) is not float:
        p = float(p)
    if not 0.0 <= p <= 1.0:
        raise MXNetError('Dropout: p must be in [0, 1], got {}'.format(p))
    if not data.is_floating_point():
        check_float(data, 'Dropout')
    if (mode == 'always' or _state.state.training) and p > 0.0:
        if axes == () or axes is None:
            if p < 1.0:
                return torch.dropout(data, p, True)
            shape = data.shape
        else:
            shape = list(data.shape)
            nd = len(shape)
            for a in as_tuple(axes, op_name='Dropout', what='axes'):
                if not -nd <= a < nd:
                    raise MXNetError('Dropout: axis {} is out of range for input of shape {}'.format(
                        a, _shape(data)))
                shape[a] = 1
        # 1 / (1 - p) is inf for p == 1, so every element becomes nan, as in MXNet
        keep = 1.0 - p
        mask = torch.empty(shape, dtype=data.dtype, device=data.device).bernoulli_(keep)
        return data * mask.mul_(1.0 / keep if keep else float('inf'))
    return data.clone()


# ---- Convolution / Deconvolution -----------------------------------------------------------------
# The parsed form of a (kernel, stride, dilate, pad, ...) combination is cached under the arguments as
# given, so a layer calling with the same tuples pays one dict lookup instead of re-parsing.
_CONV_FN = (None, F.conv1d, F.conv2d, F.conv3d)
_DECONV_FN = (None, F.conv_transpose1d, F.conv_transpose2d, F.conv_transpose3d)
_CONV_LAYOUTS = {None: None, 'NCW': (1, False), 'NCHW': (2, False), 'NCDHW': (3, False),
                 'NHWC': (2, True), 'NDHWC': (3, True)}
_conv_cache = {}


class _ConvSpec:
    __slots__ = ('n', 'kernel', 'kernel_size', 'stride', 'dilate', 'pad', 'adj', 'target', 'groups',
                 'channels_last', 'fn')


def _spatial(value, n, default, op_name, what, positive=False):
    """A per-spatial-dimension parameter: empty means `default`; otherwise it must have n entries, as
    MXNet requires (a plain int is a 1-tuple there)."""
    t = as_tuple(value, op_name=op_name, what=what)
    if not t:
        return (default,) * n
    if len(t) != n:
        raise MXNetError('{}: {} {} must have as many dimensions as kernel ({})'.format(op_name, what, t, n))
    if positive and min(t) <= 0:
        raise MXNetError('{}: {} {} must be positive'.format(op_name, what, t))
    return t


def _conv_spec(op_name, kernel, stride, dilate, pad, num_group, layout, adj=(), target_shape=()):
    if kernel is None:
        raise MXNetError('{}: required parameter kernel is missing'.format(op_name))
    k = as_tuple(kernel, op_name=op_name, what='kernel')
    n = len(k)
    if not 1 <= n <= 3 or min(k) <= 0:
        raise MXNetError('{}: kernel {} must have 1, 2 or 3 positive entries'.format(op_name, k))
    if layout not in _CONV_LAYOUTS:
        check_choice(layout, tuple(l for l in _CONV_LAYOUTS if l), op_name, 'layout')
    lay = _CONV_LAYOUTS[layout]
    if lay is not None and lay[0] != n:
        raise MXNetError('{}: layout {} does not fit a {}-D kernel {}'.format(op_name, layout, n, k))
    spec = _ConvSpec()
    spec.n = n
    spec.kernel = k
    spec.kernel_size = torch.Size(k)      # compared with weight.shape[2:] on every call
    spec.stride = _spatial(stride, n, 1, op_name, 'stride', positive=True)
    spec.dilate = _spatial(dilate, n, 1, op_name, 'dilate', positive=True)
    spec.pad = _spatial(pad, n, 0, op_name, 'pad')
    spec.adj = _spatial(adj, n, 0, op_name, 'adj')
    target = as_tuple(target_shape, op_name=op_name, what='target_shape')
    spec.target = target if any(target) else None
    if spec.target is not None and len(target) != n:
        raise MXNetError('{}: target_shape {} must have {} entries'.format(op_name, target, n))
    for a, s in zip(spec.adj, spec.stride):
        if a >= s and spec.target is None:
            raise MXNetError('{}: adj {} must be smaller than stride {}'.format(op_name, spec.adj, spec.stride))
    spec.groups = int(num_group)
    if spec.groups < 1:
        raise MXNetError('{}: num_group must be positive, got {}'.format(op_name, num_group))
    spec.channels_last = lay is not None and lay[1]
    spec.fn = (_DECONV_FN if op_name == 'Deconvolution' else _CONV_FN)[n]
    return spec


def _get_conv_spec(op_name, key, *args):
    try:
        return _conv_cache[key]
    except KeyError:
        spec = _conv_cache[key] = _conv_spec(op_name, *args)
        return spec
    except TypeError:        # unhashable arguments (lists): parse every time
        return _conv_spec(op_name, *args)


def _conv_bias(op_name, bias, no_bias):
    if no_bias is False or not as_bool(no_bias):
        if bias is None:
            raise MXNetError('{}: bias is required unless no_bias=True'.format(op_name))
        return bias
    if bias is not None:
        raise MXNetError('{}: a bias was given with no_bias=True'.format(op_name))
    return None


def _conv_checks(op_name, data, weight, spec, num_filter, filter_axis):
    if data.dim() != spec.n + 2:
        raise MXNetError('{}: input of shape {} must be {}-D for a {}-D kernel {}'.format(
            op_name, _shape(data), spec.n + 2, spec.n, spec.kernel))
    if weight.dim() != spec.n + 2:
        raise MXNetError('{}: weight of shape {} must be {}-D for kernel {}'.format(
            op_name, _shape(weight), spec.n + 2, spec.kernel))
    if num_filter is None:
        raise MXNetError('{}: required parameter num_filter is missing'.format(op_name))
    wk = weight.shape[1:-1] if spec.channels_last else weight.shape[2:]
    nf = weight.shape[filter_axis] * (spec.groups if filter_axis else 1)
    if tuple(wk) != spec.kernel or nf != int(num_filter):
        raise MXNetError('{}: weight of shape {} does not fit kernel {} and num_filter {}'.format(
            op_name, _shape(weight), spec.kernel, num_filter))


@register()
def Convolution(data, weight, bias=None, kernel=None, stride=(), dilate=(), pad=(), num_filter=None,
                num_group=1, workspace=1024, no_bias=False, cudnn_tune=None, cudnn_off=False, layout=None):
    """Computes 1-D, 2-D or 3-D convolution (cross-correlation) of the input with the weight, plus bias.

    Data is (batch, channel, spatial...) (layout NCW/NCHW/NCDHW) or channels-last (NHWC/NDHWC), the
    weight (num_filter, channel / num_group, kernel...) (channels-last: (num_filter, kernel..., channel /
    num_group)). The output's spatial size is floor((x + 2 pad - dilate (kernel - 1) - 1) / stride) + 1.

    Parameters
    ----------
    data, weight, bias : NDArray
        Input, filters and (unless ``no_bias``) the bias of shape (num_filter,).
    kernel : tuple of int
        Kernel size (w,), (h, w) or (d, h, w).
    stride, dilate, pad : tuple of int
        Stride (default 1), dilation (default 1) and zero padding (default 0) per spatial dimension.
    num_filter : int
        Number of output channels.
    num_group : int
        Number of groups the channels are split into.
    workspace, cudnn_tune, cudnn_off
        Accepted for compatibility; ignored.
    no_bias : bool
        Whether to leave out the bias.
    layout : str
        'NCW', 'NCHW', 'NCDHW', 'NHWC' or 'NDHWC' (default: channels first).
    """
    spec = _get_conv_spec('Convolution', (kernel, stride, dilate, pad, num_group, layout),
                          kernel, stride, dilate, pad, num_group, layout)
    if no_bias is not False and as_bool(no_bias):
        if bias is not None:
            raise MXNetError('Convolution: a bias was given with no_bias=True')
    elif bias is None:
        raise MXNetError('Convolution: bias is required unless no_bias=True')
    ws = weight.shape
    if data.dim() != spec.n + 2 or ws[0] != num_filter or ws[2:] != spec.kernel_size or spec.channels_last:
        _conv_checks('Convolution', data, weight, spec, num_filter, 0)
        if spec.channels_last:
            out = spec.fn(data.movedim(-1, 1), weight.movedim(-1, 1), bias, spec.stride, spec.pad, spec.dilate,
                          spec.groups)
            return out.movedim(1, -1).contiguous()
    return spec.fn(data, weight, bias, spec.stride, spec.pad, spec.dilate, spec.groups)


@register()
def Deconvolution(data, weight, bias=None, kernel=None, stride=(), dilate=(), pad=(), adj=(), target_shape=(),
                  num_filter=None, num_group=1, workspace=512, no_bias=True, cudnn_tune=None, cudnn_off=False,
                  layout=None):
    """Computes the transposed convolution ("deconvolution") of the input: the gradient of Convolution
    with respect to its input, used for upsampling.

    The weight has shape (channel, num_filter / num_group, kernel...) (channels-last: (channel,
    kernel..., num_filter / num_group)). The output's spatial size is
    stride (x - 1) + dilate (kernel - 1) + 1 - 2 pad + adj; with `target_shape` the padding and
    adjustment are chosen to give that size. Note that ``no_bias`` defaults to True here.

    Parameters
    ----------
    data, weight, bias : NDArray
        Input, filters and (when ``no_bias=False``) the bias of shape (num_filter,).
    kernel, stride, dilate, pad : tuple of int
        As for the corresponding Convolution.
    adj : tuple of int
        Extra size added at the end of each spatial dimension (smaller than the stride).
    target_shape : tuple of int
        Spatial shape of the output; overrides pad and adj.
    num_filter, num_group, no_bias, layout
        As in Convolution.
    """
    spec = _get_conv_spec('Deconvolution', (kernel, stride, dilate, pad, num_group, layout, adj, target_shape),
                          kernel, stride, dilate, pad, num_group, layout, adj, target_shape)
    bias = _conv_bias('Deconvolution', bias, no_bias)
    _conv_checks('Deconvolution', data, weight, spec, num_filter, -1 if spec.channels_last else 1)
    if spec.channels_last:
        data, weight = data.movedim(-1, 1), weight.movedim(-1, 1)
    pad, adj = spec.pad, spec.adj
    if spec.target is not None:
        pad, adj = [], []
        for x, k, s, d, t in zip(data.shape[2:], spec.kernel, spec.stride, spec.dilate, spec.target):
            total = s * (x - 1) + d * (k - 1) + 1
            if total < t:
                raise MXNetError('Deconvolution: target_shape {} is too big for input of shape {}'.format(
                    spec.target, _shape(data)))
            total -= t
            adj.append(total % 2)
            pad.append((total + 1) // 2)
    out = spec.fn(data, weight, bias, spec.stride, pad, adj, spec.groups, spec.dilate)
    return out.movedim(1, -1).contiguous() if spec.channels_last else out


# ---- Pooling -------------------------------------------------------------------------------------
_POOL_LAYOUTS = {None: None, 'NCW': (1, False), 'NCHW': (2, False), 'NCDHW': (3, False),
                 'NWC': (1, True), 'NHWC': (2, True), 'NDHWC': (3, True)}
_MAX_POOL = (None, torch.max_pool1d, torch.max_pool2d, torch.max_pool3d)
_AVG_POOL = (None, F.avg_pool1d, F.avg_pool2d, F.avg_pool3d)
_pool_cache = {}


def _safe_sqrt(s):
    # the gradient of sqrt at 0 is infinite; MXNet's Lp-pooling gradient is 0 there
    positive = s > 0
    return torch.where(positive, s, torch.ones_like(s)).sqrt() * positive


def _pool_plan(kernel, pool_type, global_pool, pooling_convention, stride, pad, p_value, count_include_pad,
               layout):
    """A function of the input computing this Pooling configuration."""
    check_choice(pool_type, ('avg', 'lp', 'max', 'sum'), 'Pooling', 'pool_type')
    check_choice(pooling_convention, ('full', 'same', 'valid'), 'Pooling', 'pooling_convention')
    if layout not in _POOL_LAYOUTS:
        check_choice(layout, tuple(l for l in _POOL_LAYOUTS if l), 'Pooling', 'layout')
    lay = _POOL_LAYOUTS[layout]
    channels_last = lay is not None and lay[1]
    if pool_type == 'lp':
        if p_value is None:
            raise MXNetError("Pooling: pool_type='lp' requires p_value")
        p = int(p_value)
        if p < 1:
            raise MXNetError('Pooling: p_value must be positive, got {}'.format(p_value))
    else:
        p = None
    include_pad = True if count_include_pad is None else as_bool(count_include_pad)
    if as_bool(global_pool):
        return _global_pool_plan(pool_type, p, lay, channels_last)
    k = as_tuple(kernel, op_name='Pooling', what='kernel')
    n = len(k)
    if not 1 <= n <= 3 or min(k) <= 0:
        raise MXNetError('Pooling: kernel {} must have 1, 2 or 3 positive entries (or use global_pool)'.format(k))
    if lay is not None and lay[0] != n:
        raise MXNetError('Pooling: layout {} does not fit a {}-D kernel {}'.format(layout, n, k))
    s = _spatial(stride, n, 1, 'Pooling', 'stride', positive=True)
    pd = _spatial(pad, n, 0, 'Pooling', 'pad')
    if pooling_convention == 'same':
        # MXNet 1.9.1's shape check for 'same' rejects every input (it reads pad[1] of a 1-D pad)
        raise MXNetError("Pooling: pooling_convention='same' is not usable in MXNet 1.9.1 (kernel {})".format(k))
    full = pooling_convention == 'full'
    # torch requires pad <= kernel / 2; MXNet allows more: pad explicitly and pool without padding
    explicit = any(2 * q > kk for q, kk in zip(pd, k))

    def pool(x):
        if x.dim() != n + 2:
            raise MXNetError('Pooling: input of shape {} must be {}-D for the {}-D kernel {}'.format(
                _shape(x), n + 2, n, k))
        if channels_last:
            x = x.movedim(-1, 1)
        if not x.is_floating_point():
            check_float(x, 'Pooling')
        # torch itself rejects a kernel larger than the padded input ("output size is too small")
        out = _pool_compute(x, n, k, s, pd, pool_type, p, include_pad, full, explicit)
        if full:
            out = _pool_full_tail(out, x.shape[2:], k, s, pd, pool_type, explicit)
        return out.movedim(1, -1).contiguous() if channels_last else out
    return pool


def _pool_compute(x, n, k, s, pd, pool_type, p, include_pad, ceil, explicit):
    if explicit:
        return _pool_padded(x, n, k, s, pd, pool_type, p, include_pad, ceil)
    if pool_type == 'max':
        return _MAX_POOL[n](x, k, s, pd, 1, ceil)
    if pool_type == 'avg':
        return _AVG_POOL[n](x, k, s, pd, ceil, include_pad)
    if pool_type == 'lp':
        x = x if p == 1 else x * x if p == 2 else x.pow(p)
    if n == 1:
        out = F.avg_pool2d(x.unsqueeze(2), (1,) + k, (1,) + s, (0,) + pd, ceil, True, 1).squeeze(2)
    else:
        out = _AVG_POOL[n](x, k, s, pd, ceil, True, 1)
    if pool_type == 'sum' or p == 1:
        return out
    if p == 2:
        return _safe_sqrt(out)
    return out.sign() * out.abs().pow(1.0 / p)


def _pool_padded(x, n, k, s, pd, pool_type, p, include_pad, ceil):
    """Pooling with padding beyond half the kernel (which torch refuses): pad explicitly, then pool."""
    pads = []
    for q in reversed(pd):
        pads += [q, q]
    if pool_type == 'max':
        return _MAX_POOL[n](F.pad(x, pads, value=torch.finfo(x.dtype).min), k, s, 0, 1, ceil)
    if pool_type == 'avg' and not include_pad:
        total = _pool_compute(F.pad(x, pads), n, k, s, (0,) * n, 'sum', None, True, ceil, False)
        ones = torch.ones((1, 1) + tuple(x.shape[2:]), dtype=x.dtype, device=x.device)
        count = _pool_compute(F.pad(ones, pads), n, k, s, (0,) * n, 'sum', None, True, ceil, False)
        return total / count.clamp_min(1)
    return _pool_compute(F.pad(x, pads), n, k, s, (0,) * n, pool_type, p, include_pad, ceil, False)


def _pool_full_tail(out, sizes, k, s, pd, pool_type, explicit):
    """MXNet's 'full' convention keeps a last window that starts in the right padding, which torch's
    ceil_mode drops; such a window holds no input: the lowest value for max pooling, 0 otherwise."""
    extra = []
    for d, kk, ss, q in zip(sizes, k, s, pd):
        last_start = -(-(d + 2 * q - kk) // ss) * ss
        # torch drops the last window when it starts at or beyond the (left-padded) input's end
        extra.append(1 if last_start >= d + (2 * q if explicit else q) else 0)
    if not any(extra):
        return out
    pads = []
    for e in reversed(extra):
        pads += [0, e]
    value = torch.finfo(out.dtype).min if pool_type == 'max' else 0.0
    return F.pad(out, pads, value=value)


def _global_pool_plan(pool_type, p, lay, channels_last):
    def pool(x):
        nd = x.dim()
        if not 3 <= nd <= 5 or (lay is not None and lay[0] != nd - 2):
            raise MXNetError('Pooling: input of shape {} does not fit global pooling{}'.format(
                _shape(x), '' if lay is None else ' with this layout'))
        if not x.is_floating_point():
            check_float(x, 'Pooling')
        dims = tuple(range(1, nd - 1)) if channels_last else tuple(range(2, nd))
        if pool_type == 'max':
            if channels_last:
                x = x.movedim(-1, 1)
            # max pooling (not amax) so that ties send the gradient to the first maximum, as MXNet does
            out = F.adaptive_max_pool1d(x.reshape(x.shape[0], x.shape[1], -1), 1).reshape(
                x.shape[:2] + (1,) * (nd - 2))
            return out.movedim(1, -1).contiguous() if channels_last else out
        if pool_type == 'avg':
            return x.mean(dims, keepdim=True)
        if pool_type == 'lp':
            x = x if p == 1 else x * x if p == 2 else x.pow(p)
        out = x.sum(dims, keepdim=True)
        if pool_type == 'sum' or p == 1:
            return out
        if p == 2:
            return _safe_sqrt(out)
        return out.sign() * out.abs().pow(1.0 / p)
    return pool


@register()
def Pooling(data, kernel=(), pool_type='max', global_pool=False, cudnn_off=False, pooling_convention='valid',
            stride=(), pad=(), p_value=None, count_include_pad=None, layout=None):
    """Performs pooling over the spatial dimensions of the input: max, average ('avg'), sum or
    Lp ('lp', with p_value) over windows of size `kernel`.

    The output size per spatial dimension is floor((x + 2 pad - kernel) / stride) + 1 with
    ``pooling_convention='valid'`` and ceil(...) + 1 with 'full'. ``global_pool=True`` pools over the
    whole spatial extent (the kernel is ignored).

    Parameters
    ----------
    data : NDArray
        Input of shape (batch, channel, spatial...) (or channels-last with layout NWC/NHWC/NDHWC).
    kernel : tuple of int
        Window size (w,), (h, w) or (d, h, w).
    pool_type : {'max', 'avg', 'sum', 'lp'}
        The pooling function.
    global_pool : bool
        Pool over the whole spatial extent.
    cudnn_off : bool
        Accepted for compatibility; ignored.
    pooling_convention : {'valid', 'full'}
        Rounding of the output size (down or up).
    stride, pad : tuple of int
        Stride (default 1) and padding (default 0) per spatial dimension.
    p_value : int
        p of Lp pooling.
    count_include_pad : bool
        Whether average pooling counts padded elements (default True).
    layout : str
        'NCW', 'NCHW', 'NCDHW', 'NWC', 'NHWC' or 'NDHWC'.
    """
    key = (kernel, pool_type, global_pool, pooling_convention, stride, pad, p_value, count_include_pad, layout)
    try:
        plan = _pool_cache[key]
    except KeyError:
        plan = _pool_cache[key] = _pool_plan(*key)
    except TypeError:
        plan = _pool_plan(*key)
    return plan(data)


# ---- BatchNorm -----------------------------------------------------------------------------------
def _bn_stats_updater(moving_mean, moving_var, mean, invstd, momentum, eps):
    """A gradient hook that folds the batch statistics into the moving ones.

    MXNet (CPU) updates moving_mean/moving_var in BatchNorm's backward pass, not its forward, with the
    biased batch variance recovered from the saved 1/sqrt(var + eps):
    moving = moving * momentum + batch * (1 - momentum)."""
    def update(grad):
        with torch.no_grad():
            var = invstd.reciprocal().square_().sub_(eps)
            moving_mean.mul_(momentum).add_(mean.to(moving_mean.dtype), alpha=1.0 - momentum)
            moving_var.mul_(momentum).add_(var.to(moving_var.dtype), alpha=1.0 - momentum)
    return update


def _bn_shape_error(data, axis, gamma, beta, moving_mean, moving_var):
    raise MXNetError('BatchNorm: input of shape {} has {} channels on axis {} but gamma {}, beta {}, moving_mean {}, '
                     'moving_var {}'.format(_shape(data), data.shape[axis], axis, _shape(gamma), _shape(beta),
                                            _shape(moving_mean), _shape(moving_var)))


@register()
def BatchNorm(data, gamma, beta, moving_mean, moving_var, eps=1e-3, momentum=0.9, fix_gamma=True,
              use_global_stats=False, output_mean_var=False, axis=1, cudnn_off=False, min_calib_range=None,
              max_calib_range=None):
    """Batch normalization: normalizes the input per channel (along `axis`) with the batch's mean and
    variance in training mode, or with the moving statistics otherwise, then scales by gamma and shifts
    by beta.

    In training mode (and without ``use_global_stats``) the moving statistics are updated in place when
    the gradient flows back through this operator, as MXNet does:
    ``moving_mean = moving_mean * momentum + mean * (1 - momentum)`` and likewise for moving_var with the
    biased batch variance.

    Parameters
    ----------
    data : NDArray
        Input data.
    gamma, beta : NDArray
        Scale and shift, of shape (channels,).
    moving_mean, moving_var : NDArray
        Running mean and variance, of shape (channels,).
    eps : float
        Added to the variance to avoid division by zero.
    momentum : float
        Momentum of the moving averages.
    fix_gamma : bool
        Use 1 for gamma (and write 1 into it; its gradient is 0).
    use_global_stats : bool
        Normalize with the moving statistics in training mode too.
    output_mean_var : bool
        Also return the mean and the inverse standard deviation (1 / sqrt(var + eps)) used.
    axis : int
        The channel axis.
    """
    fixed = fix_gamma is True or (fix_gamma is not False and as_bool(fix_gamma))
    if fixed:
        # gamma counts as 1 and gets gradient 0
        weight = gamma * 0.0 + 1.0 if gamma.requires_grad else None
    else:
        weight = gamma
    moved = axis != 1 and axis % data.dim() != 1
    x = data.movedim(axis, 1) if moved else data
    eps = float(eps)
    if use_global_stats is False or not as_bool(use_global_stats):
        training = _state.state.training
    else:
        training = False
    want_stats = output_mean_var is not False and as_bool(output_mean_var)
    if training:
        channels = x.shape[1]
        if (gamma.numel() != channels or beta.numel() != channels or moving_mean.numel() != channels
                or moving_var.numel() != channels):
            # torch's training kernel does not check these (torch.batch_norm does in predict mode)
            _bn_shape_error(data, axis, gamma, beta, moving_mean, moving_var)
        out, mean, invstd = torch.native_batch_norm(x, weight, beta, None, None, True, 0.0, eps)
        if out.requires_grad:
            out.register_hook(_bn_stats_updater(moving_mean, moving_var, mean.detach(), invstd.detach(),
                                                float(momentum), eps))
    else:
        try:
            out = torch.batch_norm(x, weight, beta, moving_mean, moving_var, False, 0.0, eps, True)
        except RuntimeError:
            channels = x.shape[1] if x.dim() > 1 else None
            if any(p.numel() != channels for p in (gamma, beta, moving_mean, moving_var)):
                _bn_shape_error(data, axis, gamma, beta, moving_mean, moving_var)
            raise
        if want_stats:
            mean = moving_mean.clone()
            invstd = (moving_var + eps).rsqrt()
    if moved:
        out = out.movedim(1, axis).contiguous()
    if fixed:
        # MXNet writes the 1 it used into gamma (only once the operator has succeeded)
        with torch.no_grad():
            gamma.fill_(1)
    if not want_stats:
        return out
    return out, mean, invstd


# ---- other normalizations ------------------------------------------------------------------------
@register()
def LayerNorm(data, gamma, beta, axis=-1, eps=1e-5, output_mean_var=False):
    """Layer normalization: normalizes the input along `axis` with its mean and variance there, then
    scales by gamma and shifts by beta (both of the size of that axis).

    With ``output_mean_var=True`` the mean and the standard deviation sqrt(var + eps) are returned too,
    with `axis` kept as size 1."""
    nd = data.dim()
    ax = axis % nd if -nd <= axis < nd else _axis_error('LayerNorm', axis, data)
    last = ax == nd - 1
    x = data if last else data.movedim(ax, -1)
    try:
        out = F.layer_norm(x, (x.shape[-1],), gamma, beta, float(eps))
    except RuntimeError:
        _check_scale_shift('LayerNorm', data, gamma, beta, x.shape[-1], 'axis {}'.format(axis))
        raise
    if not last:
        out = out.movedim(-1, ax).contiguous()
    if output_mean_var is False or not as_bool(output_mean_var):
        return out
    var, mean = torch.var_mean(data, dim=ax, keepdim=True, correction=0)
    return out, mean, (var + float(eps)).sqrt()


def _check_scale_shift(op_name, data, gamma, beta, size, where):
    """After torch refused them: MXNetError for a gamma or beta that is not a vector of `size` elements
    in data's dtype (torch's message names its own arguments)."""
    for name, p in (('gamma', gamma), ('beta', beta)):
        if p.shape != (size,):
            raise MXNetError('{}: {} of shape {} must have shape ({},), the size of {} of data {}'.format(
                op_name, name, _shape(p), size, where, _shape(data)))
        if p.dtype != data.dtype:
            raise MXNetError('{}: {} has dtype {} but data has dtype {}'.format(
                op_name, name, TORCH_TO_NAME.get(p.dtype, p.dtype), TORCH_TO_NAME.get(data.dtype, data.dtype)))


def _axis_error(op_name, axis, data):
    raise MXNetError('{}: axis {} is out of range for input of shape {}'.format(op_name, axis, _shape(data)))


@register()
def InstanceNorm(data, gamma, beta, eps=1e-3):
    """Instance normalization: normalizes each (sample, channel) slice over its spatial elements, then
    scales by gamma and shifts by beta (of shape (channels,))."""
    if data.dim() < 3:
        raise MXNetError('InstanceNorm: input of shape {} needs at least 3 dimensions'.format(_shape(data)))
    try:
        return F.instance_norm(data, None, None, gamma, beta, True, 0.0, float(eps))
    except RuntimeError:
        _check_scale_shift('InstanceNorm', data, gamma, beta, data.shape[1], 'axis 1 (the channels)')
        raise


@register()
def GroupNorm(data, gamma, beta, num_groups=1, eps=1e-5, output_mean_var=False):
    """Group normalization: splits the channels (axis 1) into `num_groups` groups and normalizes each
    group of each sample over its channels and spatial elements. As in MXNet 1.x, gamma and beta have
    one entry per group.

    With ``output_mean_var=True`` the mean and standard deviation sqrt(var + eps), of shape
    (batch, num_groups), are returned too."""
    g = int(num_groups)
    if data.dim() < 2 or data.shape[1] % g:
        raise MXNetError('GroupNorm: {} channels of input of shape {} cannot be split into {} groups'.format(
            data.shape[1] if data.dim() > 1 else None, _shape(data), g))
    if gamma.numel() != g or beta.numel() != g:
        raise MXNetError('GroupNorm: gamma {} and beta {} must have num_groups = {} elements'.format(
            _shape(gamma), _shape(beta), g))
    x = data.reshape(data.shape[0], g, -1)
    var, mean = torch.var_mean(x, dim=2, keepdim=True, correction=0)
    std = (var + float(eps)).sqrt()
    out = ((x - mean) / std * gamma.reshape(1, g, 1) + beta.reshape(1, g, 1)).reshape(data.shape)
    if output_mean_var is False or not as_bool(output_mean_var):
        return out
    return out, mean.reshape(data.shape[0], g), std.reshape(data.shape[0], g)


@register()
def L2Normalization(data, eps=1e-10, mode='instance'):
    """Normalizes the input by its L2 norm: ``x / sqrt(sum(x ** 2) + eps)``, the sum taken over all axes
    but the first ('instance'), over axis 1 ('channel') or over axes 2 and up ('spatial')."""
    check_choice(mode, ('channel', 'instance', 'spatial'), 'L2Normalization', 'mode')
    nd = data.dim()
    if mode != 'instance' and nd < 3:
        raise MXNetError("L2Normalization: mode '{}' needs at least 3 dimensions, input has shape {}".format(
            mode, _shape(data)))
    dims = {'instance': tuple(range(1, nd)), 'channel': (1,), 'spatial': tuple(range(2, nd))}[mode]
    sq = data * data
    total = sq.sum(dims, keepdim=True) if dims else sq
    return data / (total + float(eps)).sqrt()


@register()
def LRN(data, alpha=1e-4, beta=0.75, knorm=2.0, nsize=None):
    """Local response normalization across channels:
    ``x / (knorm + alpha / nsize * sum(x ** 2 over nsize neighbouring channels)) ** beta``
    (nsize should be odd)."""
    if nsize is None:
        raise MXNetError('LRN: required parameter nsize is missing')
    if data.dim() < 3:
        raise MXNetError('LRN: input of shape {} needs at least 3 dimensions'.format(_shape(data)))
    return F.local_response_norm(data, int(nsize), float(alpha), float(beta), float(knorm))


# ---- Embedding -----------------------------------------------------------------------------------
@register()
def Embedding(data, weight, input_dim=None, output_dim=None, dtype='float32', sparse_grad=False):
    """Maps integer indices (given in any dtype, truncated) to rows of the weight matrix of shape
    (input_dim, output_dim); indices outside [0, input_dim) are clipped. The output has shape
    data.shape + (output_dim,). With `sparse_grad`, a weight whose gradient buffer is row_sparse gets
    a gradient of only the looked-up rows."""
    if input_dim is None or output_dim is None:
        raise MXNetError('Embedding: required parameters input_dim and output_dim are missing')
    if weight.dim() != 2 or weight.shape[0] != int(input_dim) or weight.shape[1] != int(output_dim):
        raise MXNetError('Embedding: weight of shape {} does not match input_dim {} and output_dim {}'.format(
            _shape(weight), input_dim, output_dim))
    idx = data.long().clamp_(0, weight.shape[0] - 1)
    # a row_sparse gradient (torch's sparse embedding gradient) only for a weight whose buffer is one
    sparse, sparse_buffer = bool(sparse_grad) and as_bool(sparse_grad), _sparse_update.wants_sparse_grad(weight)
    out = F.embedding(idx, weight, sparse=sparse and sparse_buffer)
    if weight.requires_grad and torch.is_grad_enabled():
        _sparse_update.check_embedding_grad(out, weight, sparse, sparse_buffer)   # MXNet's refusals
    return out


# ---- LeakyReLU -----------------------------------------------------------------------------------
_SELU_ALPHA = 1.6732632423543772848170429916717
_SELU_LAMBDA = 1.0507009873554804934193349852946


@register()
def LeakyReLU(data, gamma=None, act_type='leaky', slope=0.25, lower_bound=0.125, upper_bound=0.334):
    """Leaky rectified linear units and relatives, chosen by act_type:

    - 'leaky': x for x > 0, slope * x otherwise;
    - 'prelu': like leaky with the learned `gamma` as slope (one per channel on axis 1, or one);
    - 'elu': x for x > 0, slope * (exp(x) - 1) otherwise;
    - 'selu': scaled ELU with the fixed constants of self-normalizing networks;
    - 'gelu': x * Phi(x), Phi the standard normal CDF;
    - 'rrelu': leaky with a random slope in [lower_bound, upper_bound] in training, their mean
      otherwise; returns the output and the slopes used (zeros outside training).
    """
    check_choice(act_type, ('elu', 'gelu', 'leaky', 'prelu', 'rrelu', 'selu'), 'LeakyReLU', 'act_type')
    check_float(data, 'LeakyReLU')
    if act_type == 'leaky':
        return F.leaky_relu(data, float(slope))
    if act_type == 'prelu':
        if gamma is None:
            raise MXNetError("LeakyReLU: act_type='prelu' needs gamma")
        if gamma.numel() != 1 and (data.dim() < 2 or gamma.numel() != data.shape[1]):
            raise MXNetError('LeakyReLU: cannot broadcast gamma of shape {} to data of shape {}'.format(
                _shape(gamma), _shape(data)))
        if data.dim() < 2 or gamma.numel() == 1:
            return torch.where(data > 0, data, data * gamma.reshape(-1)[0])
        return torch.where(data > 0, data, data * gamma.reshape((1, -1) + (1,) * (data.dim() - 2)))
    if act_type == 'elu':
        return F.elu(data, float(slope))
    if act_type == 'selu':
        return F.selu(data)
    if act_type == 'gelu':
        return F.gelu(data)
    lower, upper = float(lower_bound), float(upper_bound)
    if _state.state.training:
        slopes = torch.empty_like(data).uniform_(lower, upper)
        return torch.where(data > 0, data, data * slopes), slopes
    return F.leaky_relu(data, (lower + upper) / 2), torch.zeros_like(data)


# ---- softmax family ------------------------------------------------------------------------------
def _softmax_common(op_name, data, axis, temperature, dtype):
    if not data.is_floating_point():
        check_float(data, op_name)
    if temperature is not None and temperature != 1.0:
        data = data / float(temperature)
    if dtype is not None:
        out_dtype = dtype_torch(dtype)
        if out_dtype is data.dtype:
            out_dtype = None
    else:
        out_dtype = None
    return data, out_dtype


def _length_mask(op_name, data, length, axis):
    """A boolean mask, True for the positions along `axis` before each row's length."""
    if length is None:
        raise MXNetError('{}: use_length=True needs a length array'.format(op_name))
    if length.is_floating_point():
        raise MXNetError('{}: length must be an integer array, got {}'.format(
            op_name, TORCH_TO_NAME.get(length.dtype, length.dtype)))
    ax = axis % data.dim()
    want = data.shape[:ax] + data.shape[ax + 1:]
    if length.shape != want:
        raise MXNetError('{}: length of shape {} must have shape {} for data of shape {} and axis {}'.format(
            op_name, _shape(length), tuple(want), _shape(data), axis))
    steps = torch.arange(data.shape[ax], device=data.device).reshape((-1,) + (1,) * (data.dim() - ax - 1))
    return steps < length.unsqueeze(ax)


# MXNet 1.9.1 computes softmax and log_softmax of float32 arrays on the CPU with oneDNN when the axis is the
# last of 1 to 4 and neither a temperature nor another output dtype is asked for. Its numerics differ from the
# plain formula (torch's, and MXNet's own on every other path) only for a row holding +inf or NaN: there the
# exponential of such a position saturates the row's sum instead of making the whole row NaN, so that position
# comes out NaN and every other one 0 (log_softmax: -inf beside +inf, and x - max - log(FLT_MAX) beside a NaN).
# torch's result is NaN all along exactly such rows (and rows of -inf only, which both make NaN), so its
# maximum (NaN wins in torch's) tells whether the slower, saturating computation is needed; for a large
# result the maximum of its first position along `axis` says as much. log_softmax's gradient comes from oneDNN too,
# unless a dtype was named (even the input's): then from the plain formula.
_F32 = torch.float32
_LOG_F32_MAX = math.log(torch.finfo(torch.float32).max)
_WHOLE_CHECK = 4096     # up to this size the whole result is checked, which takes one call less


def onednn_softmax_path(x, axis):
    """Whether MXNet 1.9.1 would take a float32 softmax of `x` along `axis` through oneDNN (the caller
    checks that no temperature or other output dtype was given)."""
    return x.dtype is _F32 and x.is_cpu and 0 < x.dim() <= 4 and (axis == -1 or axis == x.dim() - 1)


def saturate_nonfinite_rows(out, x, axis, log, onednn_gradient=True):
    """`out` (torch's softmax or log_softmax of `x`), or, where a row of it is NaN, the saturating result."""
    size = out.numel()
    if not size:
        return out
    top = (out if size <= _WHOLE_CHECK else out.select(axis, 0)).max().item()
    return _SaturatingSoftmax.apply(x, axis, log, onednn_gradient) if top != top else out


def saturating_log_softmax(x, axis):
    """log_softmax of `x` along `axis` with oneDNN's numerics, whatever torch's would be."""
    return _SaturatingSoftmax.apply(x, axis, True, True)


class _SaturatingSoftmax(torch.autograd.Function):
    """softmax (log False) or log_softmax along `axis` with oneDNN's numerics (see above), and their
    gradients: softmax's out * (g - sum(g * out)), log_softmax's g - exp(out) * sum(g), where oneDNN's
    exponential of a NaN output saturates to +inf (`onednn_gradient`)."""

    @staticmethod
    def forward(ctx, x, axis, log, onednn_gradient):
        top = x.masked_fill(torch.isnan(x), float('-inf')).amax(axis, keepdim=True)
        shifted = x - top
        e = shifted.exp()
        total = e.masked_fill(torch.isnan(e), float('inf')).sum(axis, keepdim=True)
        out = shifted - total.log().clamp(max=_LOG_F32_MAX) if log else e / total
        ctx.save_for_backward(out)
        ctx.axis, ctx.log, ctx.onednn_gradient = axis, log, onednn_gradient
        return out

    @staticmethod
    def backward(ctx, grad):
        out, = ctx.saved_tensors
        if ctx.log:
            p = out.exp()
            if ctx.onednn_gradient:
                p = p.masked_fill(torch.isnan(out), float('inf'))
            return grad - p * grad.sum(ctx.axis, keepdim=True), None, None, None
        return out * (grad - (grad * out).sum(ctx.axis, keepdim=True)), None, None, None


@register(method=True)
def softmax(data, length=None, axis=-1, temperature=None, dtype=None, use_length=False):
    """Applies the softmax function along `axis`: ``exp(x / t) / sum(exp(x / t))``.

    Parameters
    ----------
    data : NDArray
        Input (floating point).
    length : NDArray
        With ``use_length=True``, the number of valid positions along `axis` for each row (an integer
        array of data's shape without that axis); the remaining positions output 0.
    axis : int
        The axis to normalize over.
    temperature : float
        Divides the input first (default 1).
    dtype : str
        Output dtype (default: the input's).
    use_length : bool
        Whether to use `length`.
    """
    x, out_dtype = _softmax_common('softmax', data, axis, temperature, dtype)
    if use_length is not False and as_bool(use_length):
        mask = _length_mask('softmax', data, length, axis)
        out = torch.softmax(x.masked_fill(~mask, float('-inf')), axis).masked_fill(~mask, 0.0)
    elif length is not None:
        raise MXNetError('softmax: a length array was given without use_length=True')
    else:
        try:
            out = torch.softmax(x, axis)
        except IndexError:
            _axis_error('softmax', axis, data)
        if temperature is None and out_dtype is None and onednn_softmax_path(x, axis):
            out = saturate_nonfinite_rows(out, x, axis, False)
    return out if out_dtype is None else out.to(out_dtype)


@register(method=True)
def log_softmax(data, axis=-1, temperature=None, dtype=None, use_length=False):
    """Computes the log of the softmax along `axis`: ``x / t - log(sum(exp(x / t)))``."""
    if use_length is not False and as_bool(use_length):
        raise MXNetError('log_softmax: use_length=True needs a length input, which log_softmax does not take')
    x, out_dtype = _softmax_common('log_softmax', data, axis, temperature, dtype)
    try:
        out = torch.log_softmax(x, axis)
    except IndexError:
        _axis_error('log_softmax', axis, data)
    if temperature is None and out_dtype is None and onednn_softmax_path(x, axis):
        out = saturate_nonfinite_rows(out, x, axis, True, dtype is None)
    return out if out_dtype is None else out.to(out_dtype)


@register(method=True)
def softmin(data, axis=-1, temperature=None, dtype=None, use_length=False):
    """Applies the softmin function along `axis`: the softmax of the negated input."""
    if use_length is not False and as_bool(use_length):
        raise MXNetError('softmin: use_length=True needs a length input, which softmin does not take')
    x, out_dtype = _softmax_common('softmin', data, axis, temperature, dtype)
    try:
        out = torch.softmax(-x, axis)
    except IndexError:
        _axis_error('softmin', axis, data)
    return out if out_dtype is None else out.to(out_dtype)


@register()
def SoftmaxActivation(data, mode='instance'):
    """Softmax over the last axis ('instance') or over the channel axis 1 ('channel')."""
    check_choice(mode, ('channel', 'instance'), 'SoftmaxActivation', 'mode')
    check_float(data, 'SoftmaxActivation')
    return F.softmax(data, 1 if mode == 'channel' else -1)


# ---- output (loss) layers: their backward ignores the head gradient, as in MXNet -------------------
class _LossGradientFunction(torch.autograd.Function):
    """Output layers (SoftmaxOutput, the regression outputs, MakeLoss): the forward value is computed
    beforehand; the gradient with respect to the data is grad_fn(out, label, head_grad), which for
    MXNet's output layers does not use the head gradient."""
    @staticmethod
    def forward(ctx, data, label, out, grad_fn):
        ctx.save_for_backward(out, label)
        ctx.grad_fn = grad_fn
        return out.clone()

    @staticmethod
    def backward(ctx, head):
        out, label = ctx.saved_tensors
        return ctx.grad_fn(out, label, head), None, None, None


def _with_loss_gradient(data, label, out, grad_fn):
    """`out` (computed without recording) carrying grad_fn(out, label, head_grad) as its gradient."""
    if torch.is_grad_enabled() and data.requires_grad:
        return _LossGradientFunction.apply(data, label, out, grad_fn)
    return out


_MINUS_ONE = {}


def _minus_one_at(o, lab):
    """`o` less one at each row's class `lab` (an (n, 1) int64 index), in one kernel; None when a label
    lies outside [0, k) (scatter_add refuses it: the caller's comparison then hits no class, as MXNet's)
    and on other devices than the CPU, where a bad index would not be a catchable error."""
    if o.device.type != 'cpu':
        return None
    minus = _MINUS_ONE.get(o.dtype)
    if minus is None:
        minus = _MINUS_ONE[o.dtype] = torch.tensor(-1.0, dtype=o.dtype)
    try:
        return o.scatter_add(1, lab, minus.expand(lab.shape))
    except RuntimeError:
        return None


@register(aliases=('Softmax',))
def SoftmaxOutput(data, label, grad_scale=1.0, ignore_label=-1.0, multi_output=False, use_ignore=False,
                  preserve_shape=False, normalization='null', out_grad=False, smooth_alpha=0.0):
    """Softmax output layer: the forward pass is a softmax (over axis 1 with ``multi_output``, over the
    last axis with ``preserve_shape``, else over all axes but the first); the backward pass gives the
    cross-entropy gradient ``(softmax - one_hot(label)) * grad_scale`` and ignores the head gradient
    (unless ``out_grad=True``).

    Parameters
    ----------
    data : NDArray
        Input scores.
    label : NDArray
        Class indices (a float array), or probabilities of data's shape.
    grad_scale : float
        Scales the gradient.
    ignore_label : float
        With ``use_ignore``, positions with this label get zero gradient.
    multi_output : bool
        Data is (n, k, x1, ...), label (n, x1, ...): one softmax per position.
    use_ignore : bool
        Whether to honour ignore_label.
    preserve_shape : bool
        Softmax over the last axis, keeping the shape.
    normalization : {'null', 'batch', 'valid'}
        Divide the gradient by 1, the batch size, or the number of non-ignored labels.
    out_grad : bool
        Multiply the gradient by the head gradient.
    smooth_alpha : float
        Label smoothing: the target is 1 - alpha at the label and alpha / (k - 1) elsewhere.
    """
    check_choice(normalization, ('batch', 'null', 'valid'), 'SoftmaxOutput', 'normalization')
    check_float(data, 'SoftmaxOutput')
    multi = as_bool(multi_output)
    preserve = as_bool(preserve_shape)
    if multi:
        if data.dim() < 2:
            raise MXNetError('SoftmaxOutput: multi_output needs data of at least 2 dimensions, got {}'.format(
                _shape(data)))
        scores = data.reshape(data.shape[0], data.shape[1], -1)
        axis = 1
    elif preserve:
        scores = data.reshape(-1, data.shape[-1])
        axis = 1
    else:
        scores = data if data.dim() == 2 else data.reshape(data.shape[0], -1)
        axis = 1
    with torch.no_grad():
        out = F.softmax(scores, axis)
        if scores is not data:
            out = out.reshape(data.shape)
    prob_label = label.shape == out.shape
    if not prob_label:
        if multi:
            n, rest = data.shape[0], data.shape[2:]
            ok = label.shape in ((n, scores.shape[2]), (n,) + rest, (n, 1) + rest)
        else:
            ok = label.shape == data.shape[:-1]
        if not ok:
            raise MXNetError('SoftmaxOutput: label of shape {} does not fit data of shape {}'.format(
                _shape(label), _shape(data)))
    grad_scale = float(grad_scale)
    use_ignore = as_bool(use_ignore)
    ignore = float(ignore_label)
    alpha = float(smooth_alpha)
    with_head = as_bool(out_grad)

    def grad_fn(out, label, head):
        # MXNet never reads the head gradient here; with out_grad=True it multiplies by the output
        if prob_label:
            g = (out - label) * grad_scale
            return g * out if with_head else g
        k = scores.shape[1]
        o = out if out.shape == scores.shape else out.reshape(scores.shape)
        if multi:
            lab = label.reshape(scores.shape[0], 1, -1)
            classes = torch.arange(k, device=o.device).reshape(1, k, 1)
        else:
            # rows of the flattened scores take the first labels in order
            n = scores.shape[0]
            lab = label.reshape(n, 1) if label.shape == (n,) else label.reshape(-1)[:n].reshape(-1, 1)
            classes = None
        lab = lab.long()
        if classes is None:
            g = _minus_one_at(o, lab) if not alpha and not use_ignore and normalization != 'valid' else None
            if g is not None:
                scale = grad_scale / (scores.shape[0] if normalization == 'batch' else 1)
                if scale != 1.0:
                    g.mul_(scale)
                if g.shape != out.shape:
                    g = g.reshape(out.shape)
                return g * out if with_head else g
            classes = torch.arange(k, device=o.device).reshape(1, k)
        hit = classes == lab
        if alpha:
            target = torch.where(hit, 1.0 - alpha, alpha / (k - 1)).to(o.dtype)
        else:
            target = hit.to(o.dtype)
        g = o - target
        if use_ignore:
            # MXNet writes 0 at ignored positions (not a product), so a NaN score there leaves no NaN
            g = g.masked_fill(lab == int(ignore), 0.0)
        if normalization == 'batch':
            count = scores.shape[0]
        elif normalization == 'valid':
            count = max(int((lab != int(ignore)).sum()), 1)
        else:
            count = 1
        spatial = scores.shape[2] if multi and normalization != 'valid' else 1
        g = (g * (grad_scale / spatial / count)).reshape(out.shape)
        return g * out if with_head else g
    return _with_loss_gradient(data, label, out, grad_fn)


@register()
def softmax_cross_entropy(data, label):
    """The total cross-entropy of softmax(data) (over axis 1 of a 2-D input) with integer labels,
    returned as an array of shape (1,)."""
    if data.dim() != 2 or label.dim() != 1 or label.shape[0] != data.shape[0]:
        raise MXNetError('softmax_cross_entropy: data {} must be 2-D and label {} 1-D of its batch size'.format(
            _shape(data), _shape(label)))
    return _SoftmaxCrossEntropy.apply(data, label.long().clamp(0, data.shape[1] - 1).unsqueeze(1))


class _SoftmaxCrossEntropy(torch.autograd.Function):
    """MXNet's softmax_cross_entropy: the sum over rows of ``-log(max(p, 1e-8))`` for the probability p of
    each row's label (so that a label at -inf, or at a score far below the row's maximum, costs
    -log(1e-8) instead of infinity), and the gradient ``softmax - one_hot(label)`` times the head gradient,
    which that floor does not change."""

    @staticmethod
    def forward(ctx, data, label):
        picked = torch.softmax(data, 1).gather(1, label)
        ctx.save_for_backward(data, label)
        return -picked.clamp(min=_CE_FLOOR).log().sum().reshape(1)

    @staticmethod
    def backward(ctx, grad):
        data, label = ctx.saved_tensors
        g = torch.softmax(data, 1).scatter_add(1, label, torch.full(label.shape, -1.0, dtype=data.dtype,
                                                                     device=data.device))
        return g * grad, None


_CE_FLOOR = 1e-8


def _regression_output(op_name, forward, grad):
    def impl(data, label, grad_scale=1.0):
        if label.shape[0] != data.shape[0] or label.numel() != data.numel():
            raise MXNetError('{}: label of shape {} does not fit data of shape {}'.format(
                op_name, _shape(label), _shape(data)))
        with torch.no_grad():
            out = forward(data)
        scale = float(grad_scale) / (label.numel() // label.shape[0])
        lab = label.reshape(data.shape)
        return _with_loss_gradient(data, lab, out, lambda o, l, head: grad(o, l) * scale)
    impl.__name__ = op_name
    return impl


LinearRegressionOutput = register('LinearRegressionOutput')(_regression_output(
    'LinearRegressionOutput', lambda x: x.clone(), lambda o, l: o - l))
LinearRegressionOutput.__doc__ = """Identity in the forward pass; the backward pass gives the squared-loss
gradient ``(out - label) * grad_scale / num_output`` and ignores the head gradient."""
LogisticRegressionOutput = register('LogisticRegressionOutput')(_regression_output(
    'LogisticRegressionOutput', torch.sigmoid, lambda o, l: o - l))
LogisticRegressionOutput.__doc__ = """Sigmoid in the forward pass; the backward pass gives the logistic-loss
gradient ``(sigmoid(x) - label) * grad_scale / num_output`` and ignores the head gradient."""
MAERegressionOutput = register('MAERegressionOutput')(_regression_output(
    'MAERegressionOutput', lambda x: x.clone(), lambda o, l: torch.where(o > l, 1.0, -1.0).to(o.dtype)))
MAERegressionOutput.__doc__ = """Identity in the forward pass; the backward pass gives the absolute-loss
gradient ``sign(out - label) * grad_scale / num_output`` (-1 where they are equal) and ignores the
head gradient."""


@register()
def SVMOutput(data, label, margin=1.0, regularization_coefficient=1.0, use_linear=False):
    """Identity in the forward pass; the backward pass gives the gradient of the squared hinge loss (the
    hinge loss with ``use_linear``) that pushes each row's score of its label class above `margin` and the
    other scores below -`margin`, times `regularization_coefficient`; the head gradient is ignored.
    Label: one class index per row of data's shape without its last axis."""
    if tuple(label.shape) != tuple(data.shape[:-1]):
        raise MXNetError('SVMOutput: label of shape {} does not fit data of shape {} (expected {})'.format(
            _shape(label), _shape(data), _shape(data[..., 0])))
    rows = data.reshape(data.shape[0], -1).shape
    margin, coefficient, linear = float(margin), float(regularization_coefficient), as_bool(use_linear)
    with torch.no_grad():
        out = data.clone()

    def grad_fn(out, label, head):
        x = out.reshape(rows)
        classes = torch.arange(rows[1], device=x.device).reshape(1, -1)
        is_label = classes == label.reshape(-1)[:rows[0]].reshape(-1, 1).long()
        slack = margin + torch.where(is_label, -x, x)      # > 0: the score is on the wrong side of its margin
        if linear:
            g = (slack > 0).to(x.dtype) * coefficient
        else:
            g = torch.where(slack > 0, 2 * coefficient * slack, torch.zeros_like(slack))
        return torch.where(is_label, -g, g).reshape(out.shape)
    return _with_loss_gradient(data, label, out, grad_fn)


@register()
def MakeLoss(data, grad_scale=1.0, valid_thresh=0.0, normalization='null'):
    """Marks `data` as a loss: identity forward; the backward pass gives ``grad_scale`` everywhere
    (divided by the batch size with normalization='batch', or by the number of elements above
    valid_thresh with 'valid') and ignores the head gradient."""
    check_choice(normalization, ('batch', 'null', 'valid'), 'MakeLoss', 'normalization')
    scale = float(grad_scale)
    thresh = float(valid_thresh)

    def grad_fn(out, _, head):
        if normalization == 'batch':
            value = scale / out.shape[0]
        elif normalization == 'valid':
            value = scale / max(float((out > thresh).sum()), 1.0)
        else:
            value = scale
        return torch.full_like(out, value)
    with torch.no_grad():
        out = data.clone()
    return _with_loss_gradient(data, None, out, grad_fn)


@register()
def make_loss(data):
    """Marks `data` as a loss: identity forward; the backward pass gives ones and ignores the head
    gradient."""
    with torch.no_grad():
        out = data.clone()
    return _with_loss_gradient(data, None, out, lambda o, _, head: torch.ones_like(o))


# ---- resampling ----------------------------------------------------------------------------------
@register()
def UpSampling(*data, scale=None, num_filter=0, sample_type=None, multi_input_mode='concat', num_args=None,
               workspace=512):
    """Upsamples 4-D inputs (batch, channel, y, x) by an integer `scale`.

    'nearest' repeats each pixel; with several inputs each is upsampled to the first one's size times
    `scale` and the results are concatenated along the channels (or summed with
    ``multi_input_mode='sum'``). 'bilinear' takes the data and a weight of shape
    (channels, 1, 2 scale - scale % 2, same) and applies the matching depthwise Deconvolution
    (num_filter must be the number of channels)."""
    if scale is None or sample_type is None:
        raise MXNetError('UpSampling: required parameters scale and sample_type must be given')
    check_choice(sample_type, ('bilinear', 'nearest'), 'UpSampling', 'sample_type')
    check_choice(multi_input_mode, ('concat', 'sum'), 'UpSampling', 'multi_input_mode')
    scale = int(scale)
    if scale < 1 or not data:
        raise MXNetError('UpSampling: needs at least one input and scale >= 1, got scale {}'.format(scale))
    for x in data:
        if x.dim() != 4:
            raise MXNetError('UpSampling: inputs must be 4-D (batch, channel, y, x), got shape {}'.format(_shape(x)))
    if sample_type == 'bilinear':
        if len(data) != 2:
            raise MXNetError('UpSampling: bilinear sampling takes the data and a weight, got {} inputs'.format(
                len(data)))
        x, weight = data
        channels = int(num_filter)
        kernel = 2 * scale - scale % 2
        if channels != x.shape[1] or weight.shape != (channels, 1, kernel, kernel):
            raise MXNetError('UpSampling: bilinear weight must have shape {} (num_filter = channels = {}), '
                             'got {}'.format((x.shape[1], 1, kernel, kernel), x.shape[1], _shape(weight)))
        pad = (scale - 1 + 1) // 2
        return F.conv_transpose2d(x, weight, None, scale, pad, 0, channels)
    height, width = data[0].shape[2] * scale, data[0].shape[3] * scale
    outs = []
    for x in data:
        if height % x.shape[2] or width % x.shape[3]:
            raise MXNetError('UpSampling: input of shape {} does not divide the output size {}'.format(
                _shape(x), (height, width)))
        fy, fx = height // x.shape[2], width // x.shape[3]
        outs.append(x.repeat_interleave(fy, 2).repeat_interleave(fx, 3) if fy != 1 or fx != 1 else x.clone())
    if len(outs) == 1:
        return outs[0]
    if multi_input_mode == 'sum':
        if any(o.shape[1] != outs[0].shape[1] for o in outs):
            raise MXNetError('UpSampling: multi_input_mode=sum needs inputs with the same number of channels')
        return sum(outs[1:], outs[0])
    return torch.cat(outs, 1)


@register(namespace='contrib')
def BilinearResize2D(data, like=None, height=1, width=1, scale_height=None, scale_width=None, mode='size',
                     align_corners=True):
    """Resizes 4-D input (batch, channel, y, x) with bilinear interpolation, to (height, width), to
    scale times the input size, to the size of `like` (mode='like'), or to the nearest even/odd size
    (modes 'odd_scale', 'to_even_down', 'to_even_up', 'to_odd_down', 'to_odd_up')."""
    check_choice(mode, ('like', 'odd_scale', 'size', 'to_even_down', 'to_even_up', 'to_odd_down', 'to_odd_up'),
                 'BilinearResize2D', 'mode')
    if data.dim() != 4:
        raise MXNetError('BilinearResize2D: input must be 4-D, got shape {}'.format(_shape(data)))
    h, w = data.shape[2], data.shape[3]
    if mode == 'size':
        if scale_height is not None:
            # MXNet decides both sizes on whether scale_height is given
            size = (int(float(scale_height) * h), int(float(scale_width) * w))
        else:
            size = (int(height), int(width))
    elif mode == 'odd_scale':
        size = (int(h * float(scale_height)) if h % 2 == 0 else int((h - 1) * float(scale_height)) + 1,
                int(w * float(scale_width)) if w % 2 == 0 else int((w - 1) * float(scale_width)) + 1)
    elif mode == 'like':
        if like is None:
            raise MXNetError("BilinearResize2D: mode='like' needs the `like` input")
        size = (like.shape[2], like.shape[3])
    else:
        even = mode.startswith('to_even')
        step = -1 if mode.endswith('down') else 1
        size = tuple(d if (d % 2 == 0) == even else d + step for d in (h, w))
    return F.interpolate(data, size=size, mode='bilinear', align_corners=as_bool(align_corners))


@register(namespace='contrib')
def AdaptiveAvgPooling2D(data, output_size=()):
    """Adaptive average pooling of 4-D input to `output_size` (an int, (h, w), or empty for 1)."""
    size = as_tuple(output_size, op_name='AdaptiveAvgPooling2D', what='output_size') or (1,)
    if len(size) == 1:
        size = size * 2
    if data.dim() != 4 or len(size) != 2:
        raise MXNetError('AdaptiveAvgPooling2D: input {} must be 4-D and output_size {} one or two ints'.format(
            _shape(data), output_size))
    return F.adaptive_avg_pool2d(data, size)


def _round_half_away(v):
    return int(math.floor(v + 0.5)) if v >= 0 else -int(math.floor(-v + 0.5))


@register()
def ROIPooling(data, rois, pooled_size=None, spatial_scale=None):
    """Region-of-interest max pooling: each row [batch_index, x1, y1, x2, y2] of `rois` (in input
    coordinates, scaled by spatial_scale) is divided into pooled_size bins, each max-pooled; empty bins
    give 0. The output has shape (num_rois, channels) + pooled_size."""
    if pooled_size is None or spatial_scale is None:
        raise MXNetError('ROIPooling: required parameters pooled_size and spatial_scale must be given')
    ph, pw = as_tuple(pooled_size, 2, 'ROIPooling', 'pooled_size')
    if data.dim() != 4 or rois.dim() != 2 or rois.shape[1] != 5:
        raise MXNetError('ROIPooling: data {} must be 4-D and rois {} of shape (n, 5)'.format(
            _shape(data), _shape(rois)))
    scale = float(spatial_scale)
    height, width = data.shape[2], data.shape[3]
    outs = []
    for roi in rois.detach().cpu().tolist():
        b = int(roi[0])
        x1, y1, x2, y2 = (_round_half_away(v * scale) for v in roi[1:])
        bin_h, bin_w = max(y2 - y1 + 1, 1) / ph, max(x2 - x1 + 1, 1) / pw
        rows = []
        for i in range(ph):
            hs = min(max(math.floor(i * bin_h) + y1, 0), height)
            he = min(max(math.ceil((i + 1) * bin_h) + y1, 0), height)
            cols = []
            for j in range(pw):
                ws = min(max(math.floor(j * bin_w) + x1, 0), width)
                we = min(max(math.ceil((j + 1) * bin_w) + x1, 0), width)
                if he <= hs or we <= ws:
                    cols.append(data.new_zeros(data.shape[1]))
                else:
                    cols.append(data[b, :, hs:he, ws:we].reshape(data.shape[1], -1).max(1).values)
            rows.append(torch.stack(cols, 1))
        outs.append(torch.stack(rows, 1))
    if not outs:
        return data.new_zeros((0, data.shape[1], ph, pw))
    return torch.stack(outs, 0)


# ---- CTC loss ------------------------------------------------------------------------------------
@register(aliases=('ctc_loss',))
def CTCLoss(data, label, data_lengths=None, label_lengths=None, use_data_lengths=False, use_label_lengths=False,
            blank_label='first'):
    """Connectionist Temporal Classification loss of unnormalized activations `data` of shape
    (sequence_length, batch, alphabet_size) (a softmax is applied inside) against `label` of shape
    (batch, label_length); returns the loss per sequence, shape (batch,).

    With blank_label='first' the blank is class 0, labels are 1 ... alphabet_size - 1 and 0 pads the
    label rows; with 'last' the blank is alphabet_size - 1, labels start at 0 and -1 pads. Lengths come
    from `data_lengths` / `label_lengths` when use_data_lengths / use_label_lengths are set, else from
    the full sequence and the first padding value. A label that no alignment can produce gives loss 0
    (and gradient 0), as in MXNet."""
    check_choice(blank_label, ('first', 'last'), 'CTCLoss', 'blank_label')
    if data.dim() != 3 or label.dim() != 2 or label.shape[0] != data.shape[1]:
        raise MXNetError('CTCLoss: data {} must be (sequence, batch, alphabet) and label {} (batch, length)'.format(
            _shape(data), _shape(label)))
    steps, batch, alphabet = data.shape
    first = blank_label == 'first'
    labels = label.long()
    if as_bool(use_label_lengths):
        if label_lengths is None:
            raise MXNetError('CTCLoss: use_label_lengths=True needs label_lengths')
        target_lengths = label_lengths.reshape(-1).long()
    else:
        padded = labels == (0 if first else -1)
        # the first padding value ends a row's label
        has_pad = padded.any(1)
        target_lengths = torch.where(has_pad, padded.long().argmax(1), torch.full_like(has_pad, labels.shape[1],
                                                                                      dtype=torch.long))
    if as_bool(use_data_lengths):
        if data_lengths is None:
            raise MXNetError('CTCLoss: use_data_lengths=True needs data_lengths')
        input_lengths = data_lengths.reshape(-1).long()
    else:
        input_lengths = torch.full((batch,), steps, dtype=torch.long, device=data.device)
    valid = torch.arange(labels.shape[1], device=labels.device) < target_lengths.unsqueeze(1)
    targets = torch.where(valid, labels, torch.zeros_like(labels) + (1 if first else 0))
    if bool(((targets < 0) | (targets >= alphabet)).any()):
        raise MXNetError('CTCLoss: labels must lie in [0, {}), got {}'.format(alphabet, label.tolist()))
    logp = F.log_softmax(data, 2)
    return F.ctc_loss(logp, targets, input_lengths, target_lengths, blank=0 if first else alphabet - 1,
                      reduction='none', zero_infinity=True)


register('ctc_loss', namespace='contrib', aliases=('CTCLoss',))(CTCLoss)
