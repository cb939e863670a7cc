"""Operators of ``mx.nd`` that fit no larger family: moments, the histogram kernel, ravel_multi_index /
unravel_index, cumsum, the finiteness and sum-of-squares checks of mixed precision and LARS training
(all_finite, multi_all_finite, multi_sum_sq, multi_lars, reset_arrays), AMP's casts (amp_cast,
amp_multicast), cast_storage of dense arrays, and the older operators MXNet keeps for its symbolic graphs
(BatchNorm_v1, Convolution_v1, Pooling_v1, IdentityAttachKLSparseReg)."""
import torch

from ... import _state
from ...base import MXNetError, TORCH_TO_NAME, dtype_torch
from ..ndarray import NDArray, _wrap
from ..registry import register
from ._util import as_bool, as_tuple, axes_tuple, check_choice
from . import nn as _nn

Tensor = torch.Tensor
_FLOATS = (torch.float16, torch.bfloat16, torch.float32, torch.float64)


def _shape(t):
    return tuple(t.shape)


def _name(dtype):
    return TORCH_TO_NAME.get(dtype, str(dtype))


# ---- moments ----------------------------------------------------------------------------------------------
@register()
def moments(data, axes=None, keepdims=False):
    """Mean and (population) variance of `data` over `axes`; returns [mean, var]."""
    dims = as_tuple(axes, op_name='moments', what='axes') if axes is not None else ()
    if not dims:
        raise MXNetError('moments: empty axes is not supported; to take moments over everything, give all axes')
    dims = axes_tuple(dims, data.dim(), 'moments')
    var, mean = torch.var_mean(data, dim=dims, keepdim=as_bool(keepdims), correction=0)
    if var.dim() == 0:
        var, mean = var.reshape(1), mean.reshape(1)
    return mean, var


# ---- histogram --------------------------------------------------------------------------------------------
@register(name='_histogram', namespace='_internal')
def _histogram(data, bins=None, bin_cnt=None, range=None):
    """Counts of the values of `data` in bins: the edges `bins` (an array), or `bin_cnt` equal bins over
    `range` (low, high). Values outside are not counted; the last bin includes its right edge. Returns
    [counts (int64), edges]."""
    if bins is not None:
        edges = bins.detach().to(data.dtype).reshape(-1)
    else:
        if bin_cnt is None or range is None:
            raise MXNetError('_histogram: give either bins, or bin_cnt and range')
        low, high = (float(v) for v in as_range(range))
        if low > high:
            raise MXNetError('_histogram: range {} must have its first value at most its second'.format((low, high)))
        edges = torch.linspace(low, high, int(bin_cnt) + 1, dtype=data.dtype, device=data.device)
    values = data.detach().reshape(-1)
    inside = (values >= edges[0]) & (values <= edges[-1])
    # the bin of each value: the last edge not above it, the rightmost edge counted into the last bin
    slot = (torch.searchsorted(edges, values[inside], right=True) - 1).clamp(max=edges.numel() - 2)
    counts = torch.bincount(slot, minlength=edges.numel() - 1).to(torch.int64)
    return counts, edges


def as_range(value):
    if isinstance(value, str):
        value = tuple(float(v) for v in value.strip('()[] ').split(',') if v.strip())
    value = tuple(value)
    if len(value) != 2:
        raise MXNetError('_histogram: range must be (low, high), got {}'.format(value))
    return value


# ---- ravel_multi_index / unravel_index ---------------------------------------------------------------------
def _strides(shape, op_name):
    if not shape:
        raise MXNetError("{}: required parameter 'shape' is missing".format(op_name))
    strides = [1] * len(shape)
    for i in reversed(range(len(shape) - 1)):
        strides[i] = strides[i + 1] * shape[i + 1]
    return strides


@register(aliases=())
def ravel_multi_index(data, shape=None):
    """Flat indices into an array of `shape` of the multi-indices in the columns of `data` (ndim, N); the
    first dimension of shape may be -1 (unknown)."""
    shape = as_tuple(shape, op_name='ravel_multi_index', what='shape')
    strides = _strides(shape, 'ravel_multi_index')
    if data.dim() < 1 or data.shape[0] != len(shape):
        raise MXNetError('ravel_multi_index: data of shape {} needs {} rows, one per dimension of shape {}'.format(
            _shape(data), len(shape), shape))
    weights = torch.tensor(strides, dtype=data.dtype, device=data.device).view((-1,) + (1,) * (data.dim() - 1))
    return (data * weights).sum(0, dtype=data.dtype)


@register()
def unravel_index(data, shape=None):
    """Multi-indices into an array of `shape` of the flat indices `data`, one row per dimension: (ndim,) +
    data.shape; the first dimension of shape may be -1 (unknown)."""
    shape = as_tuple(shape, op_name='unravel_index', what='shape')
    strides = _strides(shape, 'unravel_index')
    index = data.detach().to(torch.float64)
    rows = []
    for i, (size, stride) in enumerate(zip(shape, strides)):
        q = torch.floor(index / stride)
        rows.append(q if i == 0 and size < 0 else torch.remainder(q, size))
    return torch.stack(rows).to(data.dtype)


register(name='_ravel_multi_index', namespace='_internal')(ravel_multi_index)
register(name='_unravel_index', namespace='_internal')(unravel_index)


# ---- cumsum -----------------------------------------------------------------------------------------------
@register()
def cumsum(a, axis=None, dtype=None):
    """Running sums along `axis` (of the flattened array when None), in `dtype` (default: a's)."""
    target = a.dtype if dtype is None else dtype_torch(dtype)
    if axis is None:
        return torch.cumsum(a.reshape(-1), 0, dtype=target)
    # MXNet 1.9.1's nd.cumsum takes no negative axis (its np.cumsum does)
    if not 0 <= int(axis) < a.dim():
        raise MXNetError('cumsum: axis {} must be in range [0, {}) for an array of shape {}'.format(
            axis, a.dim(), _shape(a)))
    return torch.cumsum(a, int(axis), dtype=target)


# ---- finiteness, sums of squares, LARS ---------------------------------------------------------------------
def _finite_flag(arrays, init_output, out, device):
    """[1.] when every floating-point element of `arrays` is finite, else [0.] (float32); written into
    `out` when given, which without init_output only ever turns to 0 (several checks can share it)."""
    ok = all(not a.is_floating_point() or bool(torch.isfinite(a).all()) for a in arrays)
    if out is None:
        return _wrap(torch.tensor([1.0 if ok else 0.0], device=device))
    if not isinstance(out, NDArray):
        raise TypeError('out= must be an NDArray, got {}'.format(type(out).__name__))
    if init_output or not ok:
        out._t.fill_(1.0 if ok else 0.0)
    return out


def _tensors(arrays, op_name):
    for a in arrays:
        if not isinstance(a, NDArray):
            raise AssertionError('Positional arguments must have NDArray type, but got {}'.format(a))
    return [a._t for a in arrays]


@register(raw=True)
def all_finite(data, init_output=True, out=None, name=None):
    """[1.] if every element of `data` is finite, else [0.] (float32). With out= and init_output=False,
    `out` is only set to 0 (when something is not finite)."""
    t, = _tensors([data], 'all_finite')
    return _finite_flag([t], as_bool(init_output), out, t.device)


@register(raw=True)
def multi_all_finite(*data, num_arrays=1, init_output=True, out=None, name=None):
    """all_finite over several arrays, num_arrays of them (MXNet does not count them itself)."""
    if int(num_arrays) != len(data):
        raise MXNetError('multi_all_finite expects {} inputs (num_arrays), but got {} instead'.format(
            num_arrays, len(data)))
    tensors = _tensors(data, 'multi_all_finite')
    return _finite_flag(tensors, as_bool(init_output), out, tensors[0].device if tensors else None)


@register()
def multi_sum_sq(*data, num_arrays=None):
    """The sum of squares of each array, as one float32 array of num_arrays values."""
    if num_arrays is None:
        raise MXNetError("multi_sum_sq: required parameter 'num_arrays' is missing")
    if int(num_arrays) != len(data):
        raise MXNetError('multi_sum_sq expects {} inputs (num_arrays), but got {} instead'.format(
            num_arrays, len(data)))
    return torch.stack([torch.sum(t.to(torch.float32) ** 2) for t in data])


@register()
def multi_lars(lrs, weights_sum_sq, grads_sum_sq, wds, eta=None, eps=None, rescale_grad=1.0):
    """Layer-wise learning rates of LARS: ``lr * eta * |w| / (|g| * rescale_grad + wd * |w| + eps)`` from
    the sums of squares of each layer's weights and gradients, `lr` itself where either norm is 0."""
    if eta is None or eps is None:
        raise MXNetError("multi_lars: required parameters 'eta' and 'eps' must be given")
    w, g = torch.sqrt(weights_sum_sq), torch.sqrt(grads_sum_sq)
    scaled = lrs * float(eta) * w / (g * float(rescale_grad) + wds * w + float(eps))
    return torch.where((w > 0) & (g > 0), scaled, lrs)


@register()
def reset_arrays(*data, num_arrays=None):
    """Sets every array to zero, in place; returns nothing ([])."""
    if num_arrays is None:
        raise MXNetError("reset_arrays: required parameter 'num_arrays' is missing")
    if int(num_arrays) != len(data):
        raise MXNetError('reset_arrays expects {} inputs (num_arrays), but got {} instead'.format(
            num_arrays, len(data)))
    for t in data:
        if not t.is_floating_point():
            raise MXNetError('reset_arrays: this operation only supports floating point types, not {}'.format(
                _name(t.dtype)))
    with torch.no_grad():
        for t in data:
            t.zero_()
    return []


# ---- AMP casts, cast_storage ------------------------------------------------------------------------------
@register()
def amp_cast(data, dtype=None):
    """Casts a floating-point array to `dtype` (AMP's cast; to integers rounding half to even and saturating
    at the type's range); arrays of other types are returned as they are."""
    if dtype is None:
        raise MXNetError("amp_cast: required parameter 'dtype' is missing")
    target = dtype_torch(dtype)
    if data.dtype not in _FLOATS or data.dtype is target:
        return data.clone()
    if target.is_floating_point:
        return data.to(target)
    info = torch.iinfo(target)
    return torch.round(data).clamp(info.min, info.max).to(target)


@register()
def amp_multicast(*data, num_outputs=None, cast_narrow=False):
    """Casts the floating-point arrays among `data` to the widest of their types (the narrowest with
    cast_narrow); others are returned as they are. Returns a list of num_outputs arrays."""
    if num_outputs is None:
        raise MXNetError("amp_multicast: required parameter 'num_outputs' is missing")
    if int(num_outputs) != len(data):
        raise MXNetError('amp_multicast expects {} inputs (num_outputs), but got {} instead'.format(
            num_outputs, len(data)))
    floats = [t.dtype for t in data if t.dtype in _FLOATS]
    if not floats:
        return [t.clone() for t in data]
    width = {torch.float16: 1, torch.bfloat16: 1, torch.float32: 2, torch.float64: 3}
    pick = min if as_bool(cast_narrow) else max
    target = pick(floats, key=lambda d: width[d])
    return [t.to(target) if t.dtype in _FLOATS and t.dtype is not target else t.clone() for t in data]


@register()
def cast_storage(data, stype=None):
    """Storage conversion on dense values: the values unchanged (a copy). The storage types themselves are
    nd.sparse's (nd.cast_storage) and, in graphs, the executor's (symbol/sparse.py)."""
    check_choice(stype, ('csr', 'default', 'row_sparse'), 'cast_storage', 'stype')
    if stype == 'csr' and data.dim() != 2:
        raise MXNetError('cast_storage: csr storage needs a 2-D array, got shape {}'.format(tuple(data.shape)))
    return data.clone()


# ---- the older operators of symbolic graphs ----------------------------------------------------------------
@register()
def BatchNorm_v1(data, gamma, beta, eps=1e-3, momentum=0.9, fix_gamma=True, use_global_stats=False,
                 output_mean_var=False, *, moving_mean=None, moving_var=None):
    """Batch normalization over axis 1, MXNet's first version: as BatchNorm, with the moving statistics
    as auxiliary inputs, and output_mean_var giving the batch mean and variance (not its inverse root).
    MXNet takes the moving statistics only inside symbolic graphs; called directly without them it is an
    error, as there."""
    if moving_mean is None or moving_var is None:
        raise MXNetError('Operator BatchNorm_v1 expects 5 inputs (data, gamma, beta, moving_mean, moving_var), '
                         'but got 3 instead')
    training = _state.state.training and not as_bool(use_global_stats)
    out = _nn.BatchNorm(data, gamma, beta, moving_mean, moving_var, eps=eps, momentum=momentum,
                        fix_gamma=fix_gamma, use_global_stats=use_global_stats, output_mean_var=False)
    if not as_bool(output_mean_var):
        return out
    dims = [0] + list(range(2, data.dim()))
    if training:
        var, mean = torch.var_mean(data.detach(), dim=dims, correction=0)
    else:
        mean, var = moving_mean.detach().clone(), moving_var.detach().clone()
    return out, mean, var


@register()
def Convolution_v1(data, weight, bias=None, kernel=None, stride=(), dilate=(), pad=(), num_filter=None, num_group=1,
                   workspace=1024, no_bias=False, cudnn_tune=None, cudnn_off=False, layout=None):
    """Convolution, MXNet's first version (the same computation as Convolution)."""
    return _nn.Convolution(data, weight, bias, kernel=kernel, stride=stride, dilate=dilate, pad=pad,
                           num_filter=num_filter, num_group=num_group, no_bias=no_bias, layout=layout)


@register()
def Pooling_v1(data, kernel=(), pool_type='max', global_pool=False, pooling_convention='valid', stride=(), pad=()):
    """Pooling, MXNet's first version ('max', 'avg' or 'sum'; 'valid' or 'full' convention). Its averages
    always divide by the whole window, also where the window reaches past the input."""
    check_choice(pool_type, ('avg', 'max', 'sum'), 'Pooling_v1', 'pool_type')
    check_choice(pooling_convention, ('full', 'valid'), 'Pooling_v1', 'pooling_convention')
    kind = 'sum' if pool_type == 'avg' else pool_type
    out = _nn.Pooling(data, kernel=kernel, pool_type=kind, global_pool=global_pool,
                      pooling_convention=pooling_convention, stride=stride, pad=pad)
    if pool_type != 'avg':
        return out
    window = data.shape[2:] if as_bool(global_pool) else as_tuple(kernel, op_name='Pooling_v1', what='kernel')
    size = 1
    for k in window:
        size *= k
    return out / size


class _KLSparseReg(torch.autograd.Function):
    """Identity whose backward adds the gradient of a KL sparseness penalty on the mean activation of each
    unit (over the batch): ``penalty * (-target / mean + (1 - target) / (1 - mean))``, the mean being the
    running average `moving_avg`, updated in place with `momentum`."""

    @staticmethod
    def forward(ctx, data, moving_avg, target, penalty, momentum):
        ctx.save_for_backward(data.detach())
        ctx.moving_avg, ctx.settings = moving_avg, (target, penalty, momentum)
        return data.clone()

    @staticmethod
    def backward(ctx, grad):
        data, = ctx.saved_tensors
        target, penalty, momentum = ctx.settings
        avg = ctx.moving_avg
        with torch.no_grad():
            mean = data.reshape(data.shape[0], -1).mean(0).reshape(avg.shape)
            avg.mul_(momentum).add_(mean * (1 - momentum))
            reg = penalty * (-target / avg + (1 - target) / (1 - avg))
        return grad + reg.reshape((1,) + tuple(data.shape[1:])), None, None, None, None


@register()
def IdentityAttachKLSparseReg(data, sparseness_target=0.1, penalty=0.001, momentum=0.9, *, moving_avg=None):
    """Identity in the forward pass; in the backward pass adds the gradient of a KL-divergence penalty
    pulling each unit's mean activation (a running average over batches, the auxiliary state
    `moving_avg`) towards `sparseness_target`. For sigmoid outputs. MXNet takes moving_avg only inside
    symbolic graphs; called directly without it it is an error, as there."""
    if moving_avg is None:
        raise MXNetError('Operator IdentityAttachKLSparseReg expects 2 inputs (data, moving_avg), but got 1 instead')
    if data.dim() < 2 or moving_avg.numel() != data[0].numel():
        raise MXNetError('IdentityAttachKLSparseReg: moving_avg of shape {} must have one value per unit of a sample '
                         'of data {}'.format(_shape(moving_avg), _shape(data)))
    if data.requires_grad and torch.is_grad_enabled():
        return _KLSparseReg.apply(data, moving_avg, float(sparseness_target), float(penalty), float(momentum))
    return data.clone()
