"""Smaller operators of ``mx.nd.contrib``: allclose, quadratic, gradientmultiplier, the straight-through
estimators round_ste / sign_ste, fft / ifft and count_sketch (GPU-only in MXNet 1.9.1, here on every
device), hawkesll (the log-likelihood of Hawkes processes), the single-device forms of SyncBatchNorm and
BatchNormWithReLU, SparseEmbedding (dense gradients), the backward operators MXNet exposes under contrib,
and the graph operators that need sparse CSR storage (getnnz, edge_id, dgl_*), which mxtorch does not
have."""
import torch
import torch.nn.functional as F

from ... import _state
from ...base import MXNetError
from ..registry import register
from ._gradients import gradient_of, zero_gradient
from ._util import as_bool, check_float
from . import nn as _nn

Tensor = torch.Tensor


def _shape(t):
    return tuple(t.shape)


@register(namespace='contrib')
def allclose(a, b, rtol=1e-05, atol=1e-08, equal_nan=True):
    """1 (uint8, shape ()) when ``|a - b| <= atol + rtol * |b|`` everywhere, else 0; NaNs compare equal
    with equal_nan."""
    if a.shape != b.shape:
        raise MXNetError('allclose: a {} and b {} must have the same shape'.format(_shape(a), _shape(b)))
    close = (a - b).abs() <= float(atol) + float(rtol) * b.abs()
    if as_bool(equal_nan):
        close |= torch.isnan(a) & torch.isnan(b)
    return zero_gradient(close.all().to(torch.uint8), a, b)


@register(namespace='contrib')
def quadratic(data, a=0.0, b=0.0, c=0.0):
    """``a * x**2 + b * x + c`` element-wise."""
    return float(a) * data * data + float(b) * data + float(c)


class _ScaledGradient(torch.autograd.Function):
    @staticmethod
    def forward(ctx, data, scalar):
        ctx.scalar = scalar
        return data.clone()

    @staticmethod
    def backward(ctx, grad):
        return grad * ctx.scalar, None


@register(namespace='contrib')
def gradientmultiplier(data, scalar=1.0, is_int=True):
    """Identity in the forward pass; the gradient is multiplied by `scalar` on its way back (gradient
    reversal with a negative scalar). is_int is accepted as in MXNet and changes nothing."""
    if data.requires_grad and torch.is_grad_enabled():
        return _ScaledGradient.apply(data, float(scalar))
    return data.clone()


@register(namespace='contrib')
def round_ste(data):
    """Rounds half away from zero; the gradient passes straight through (as if the identity)."""
    rounded = torch.sign(data) * torch.floor(data.abs() + 0.5) if data.is_floating_point() else data.clone()
    return gradient_of(rounded, data) if data.requires_grad else rounded


@register(namespace='contrib')
def sign_ste(data):
    """Sign (-1, 0, 1); the gradient passes straight through (as if the identity)."""
    signs = torch.sign(data)
    return gradient_of(signs, data) if data.requires_grad else signs


# ---- fft / ifft / count_sketch -------------------------------------------------------------------------------
def _fft_input(data, op_name, complex_input):
    if data.dim() not in (2, 4):
        raise MXNetError('{}: accepts inputs of shape (N, d) or (N1, N2, N3, d), got {}'.format(
            op_name, _shape(data)))
    if not data.is_floating_point():
        check_float(data, op_name)
    if complex_input and data.shape[-1] % 2:
        raise MXNetError('{}: the last dimension ({}) holds real and imaginary parts and must be even'.format(
            op_name, data.shape[-1]))


@register(namespace='contrib')
def fft(data, compute_size=128):
    """The discrete Fourier transform of each row of real `data` (N, d) or (N1, N2, N3, d): (..., 2 * d),
    real and imaginary parts interleaved. compute_size (MXNet's batching on the GPU) changes nothing."""
    _fft_input(data, 'fft', False)
    spectrum = torch.fft.fft(data, dim=-1)
    return torch.view_as_real(spectrum).reshape(data.shape[:-1] + (2 * data.shape[-1],)).to(data.dtype)


@register(namespace='contrib')
def ifft(data, compute_size=128):
    """The real part of the unnormalised inverse Fourier transform (not divided by d, as in MXNet) of rows
    of interleaved real and imaginary parts (..., 2 * d): (..., d)."""
    _fft_input(data, 'ifft', True)
    pairs = data.reshape(data.shape[:-1] + (data.shape[-1] // 2, 2))
    if pairs.dtype not in (torch.float32, torch.float64):
        pairs = pairs.to(torch.float32)
    signal = torch.fft.ifft(torch.view_as_complex(pairs.contiguous()), dim=-1, norm='forward')
    return signal.real.to(data.dtype)


@register(namespace='contrib')
def count_sketch(data, h, s, out_dim=None, processing_batch_size=32):
    """Count sketch: maps rows of `data` (N, d) to (N, out_dim) by adding ``data[:, i] * s[i]`` into column
    ``h[i]``, with the hash `h` (1, d) of indices in [0, out_dim) and the signs `s` (1, d) of +-1."""
    if out_dim is None:
        raise MXNetError("count_sketch: required parameter 'out_dim' is missing")
    out_dim = int(out_dim)
    if data.dim() != 2 or h.numel() != data.shape[1] or s.numel() != data.shape[1]:
        raise MXNetError('count_sketch: data {} must be (N, d) and h {}, s {} have d elements'.format(
            _shape(data), _shape(h), _shape(s)))
    index = h.detach().reshape(-1).to(torch.int64)
    if index.numel() and (int(index.min()) < 0 or int(index.max()) >= out_dim):
        raise MXNetError('count_sketch: the indices h must lie in [0, out_dim = {})'.format(out_dim))
    signed = data * s.detach().reshape(1, -1).to(data.dtype)
    out = data.new_zeros((data.shape[0], out_dim)).index_add(1, index, signed)
    return zero_gradient(out, h, s)


# ---- hawkesll -----------------------------------------------------------------------------------------------
def _hawkes(lda, alpha, beta, state, lags, marks, valid_length, max_time):
    batch, steps = lags.shape
    kinds = lda.shape[1]
    t = lags.new_zeros(batch)
    last = lags.new_zeros((batch, kinds))
    memory = state
    loglik = lags.new_zeros(batch)
    for j in range(steps):
        active = valid_length > j
        mark = marks[:, j].to(torch.int64).clamp(0, kinds - 1)
        t = t + torch.where(active, lags[:, j], torch.zeros_like(t))
        hot = F.one_hot(mark, kinds).bool() & active.unsqueeze(1)
        gap = t - last.gather(1, mark.unsqueeze(1)).squeeze(1)
        a, b = alpha[mark], beta[mark]
        m = lda.gather(1, mark.unsqueeze(1)).squeeze(1)
        s = memory.gather(1, mark.unsqueeze(1)).squeeze(1)
        decay = torch.exp(-b * gap)
        intensity = torch.where(active, m + a * b * s * decay, torch.ones_like(m))
        compensator = m * gap + a * s * (1 - decay)
        loglik = loglik + torch.where(active, torch.log(intensity) - compensator, torch.zeros_like(m))
        memory = torch.where(hot, (1 + s * decay).unsqueeze(1), memory)
        last = torch.where(hot, t.unsqueeze(1), last)
    gap = max_time.unsqueeze(1) - last
    decay = torch.exp(-beta.unsqueeze(0) * gap)
    loglik = loglik - (lda * gap + alpha.unsqueeze(0) * memory * (1 - decay)).sum(1)
    return loglik, decay * memory


def _check_hawkes(lda, alpha, beta, state, lags, marks, valid_length, max_time):
    if lags.dim() != 2 or lda.dim() != 2:
        raise MXNetError('hawkesll: lags must be (N, T) and lda (N, K), got {} and {}'.format(
            _shape(lags), _shape(lda)))
    n, t = lags.shape
    k = lda.shape[1]
    expected = {'lda': (lda, (n, k)), 'alpha': (alpha, (k,)), 'beta': (beta, (k,)), 'state': (state, (n, k)),
                'marks': (marks, (n, t)), 'valid_length': (valid_length, (n,)), 'max_time': (max_time, (n,))}
    for what, (value, shape) in expected.items():
        if tuple(value.shape) != shape:
            raise MXNetError('hawkesll: {} of shape {} must have shape {} (N = {}, T = {}, K = {})'.format(
                what, _shape(value), shape, n, t, k))
    if marks.dtype is not torch.int32:
        raise MXNetError('hawkesll: marks must be int32, got {}'.format(str(marks.dtype).replace('torch.', '')))


@register(namespace='contrib')
def hawkesll(lda, alpha, beta, state, lags, marks, valid_length, max_time):
    """Log-likelihood of a multivariate Hawkes process with exponential kernels, per sequence of a batch.

    Mark k has background intensity lda[:, k], branching ratio alpha[k] and decay beta[k]; events are
    given by their inter-arrival times `lags` (N, T) and int32 `marks` (N, T), the first valid_length[i]
    of row i counting, observed on (0, max_time[i]]. `state` (N, K) is each mark's memory of earlier
    events. Returns [log-likelihood (N,), the memory at max_time (N, K)]; as in MXNet, gradients flow
    from the log-likelihood only."""
    _check_hawkes(lda, alpha, beta, state, lags, marks, valid_length, max_time)
    loglik, memory = _hawkes(lda, alpha, beta, state, lags, marks, valid_length.detach(), max_time)
    return loglik, zero_gradient(memory.detach(), lda, alpha, beta, state)


# ---- normalizations, embeddings -----------------------------------------------------------------------------
@register(namespace='contrib')
def SyncBatchNorm(data, gamma, beta, moving_mean, moving_var, eps=1e-3, momentum=0.9, fix_gamma=True,
                  use_global_stats=False, output_mean_var=False, ndev=1, key=None):
    """Batch normalization synchronised across devices (`ndev` of them sharing `key`); on one device as
    BatchNorm. output_mean_var gives the batch mean and variance in training (zeros otherwise, as MXNet's
    kernel leaves them)."""
    if key is None:
        raise MXNetError('SyncBatchNorm: required parameter key of string is not presented')
    out = _nn.BatchNorm(data, gamma, beta, moving_mean, moving_var, eps=eps, momentum=momentum, fix_gamma=fix_gamma,
                        use_global_stats=use_global_stats, output_mean_var=False)
    if not as_bool(output_mean_var):
        return out
    if _state.state.training and not as_bool(use_global_stats):
        var, mean = torch.var_mean(data.detach(), dim=[0] + list(range(2, data.dim())), correction=0)
    else:
        mean, var = moving_mean.new_zeros(moving_mean.shape), moving_var.new_zeros(moving_var.shape)
    return out, mean, var


@register(namespace='contrib')
def BatchNormWithReLU(data, gamma, beta, moving_mean, moving_var, eps=1e-3, momentum=0.9, fix_gamma=True,
                      use_global_stats=False, output_mean_var=False, axis=1, cudnn_off=False, min_calib_range=None,
                      max_calib_range=None):
    """BatchNorm followed by relu (oneDNN's fused kernel in MXNet); outputs as BatchNorm's."""
    result = _nn.BatchNorm(data, gamma, beta, moving_mean, moving_var, eps=eps, momentum=momentum,
                           fix_gamma=fix_gamma, use_global_stats=use_global_stats, output_mean_var=output_mean_var,
                           axis=axis, cudnn_off=cudnn_off)
    if isinstance(result, tuple):
        return (torch.relu(result[0]),) + tuple(result[1:])
    return torch.relu(result)


@register(namespace='contrib')
def SparseEmbedding(data, weight, input_dim=None, output_dim=None, dtype='float32', sparse_grad=True):
    """Embedding whose gradient MXNet keeps as row_sparse; here the gradient is dense (the same values)."""
    return _nn.Embedding(data, weight, input_dim=input_dim, output_dim=output_dim, dtype=dtype)


# ---- backward operators -------------------------------------------------------------------------------------
def _arrays(data, count, op_name):
    if len(data) != count:
        raise MXNetError('Operator {} expects {} inputs, but got {} instead'.format(op_name, count, len(data)))
    return data


@register(namespace='contrib')
def backward_gradientmultiplier(data, scalar=1.0, is_int=True):
    """The backward step of gradientmultiplier: the head gradient `data` times `scalar`."""
    return data * float(scalar)


@register(namespace='contrib')
def backward_quadratic(*data, a=0.0, b=0.0, c=0.0):
    """The backward step of quadratic, given (head gradient, input): ``ograd * (2 * a * x + b)``."""
    ograd, x = _arrays(data, 2, '_contrib_backward_quadratic')
    return ograd * (2 * float(a) * x + float(b))


@register(namespace='contrib')
def backward_index_copy(*data):
    """The backward step of index_copy, given (head gradient, old_tensor, index_vector, new_tensor):
    [the gradient of old_tensor (zero at the copied rows), of index_vector (zeros), of new_tensor]."""
    ograd, old, index, new = _arrays(data, 4, '_contrib_backward_index_copy')
    rows = index.to(torch.int64).reshape(-1)
    kept = ograd.clone()
    kept[rows] = 0
    return kept, torch.zeros_like(index), ograd[rows].reshape(new.shape)


@register(namespace='contrib')
def backward_hawkesll(*data):
    """The backward step of hawkesll, given (head gradients of the log-likelihood and of the memory, then
    hawkesll's eight inputs): the gradients of the eight inputs (zeros for marks and valid_length; the
    memory's head gradient does not count, as in MXNet)."""
    args = _arrays(data, 10, '_contrib_backward_hawkesll')
    grad_ll = args[0]
    inputs = list(args[2:])
    _check_hawkes(*inputs)
    with torch.enable_grad():
        # marks and valid_length (inputs 5 and 6) count events; they have no gradient
        live = [t.detach().requires_grad_(t.is_floating_point() and i not in (5, 6)) for i, t in enumerate(inputs)]
        loglik, _ = _hawkes(*live)
        wanted = [t for t in live if t.requires_grad]
        grads = iter(torch.autograd.grad(loglik, wanted, grad_ll, allow_unused=True))
    result = []
    for t in live:
        g = next(grads) if t.requires_grad else None
        result.append(torch.zeros_like(t) if g is None else g)
    return result


# ---- graph operators on CSR storage ------------------------------------------------------------------------
def _needs_csr(op_name):
    raise MXNetError('{}: only works for csr matrices, and mxtorch keeps arrays dense (sparse storage is not part '
                     'of mxtorch, see docs/differences.md)'.format(op_name))


@register(namespace='contrib')
def getnnz(data, axis=None):
    """Number of stored values of a CSR matrix; dense arrays are not accepted (as in MXNet)."""
    _needs_csr('getnnz')


@register(namespace='contrib')
def edge_id(data, u, v):
    """Edge ids of a graph stored as a CSR adjacency matrix; dense arrays are not accepted (as in MXNet)."""
    _needs_csr('edge_id')


@register(namespace='contrib')
def dgl_adjacency(data):
    """The adjacency matrix of a CSR graph; dense arrays are not accepted (as in MXNet)."""
    _needs_csr('dgl_adjacency')


@register(namespace='contrib')
def dgl_csr_neighbor_uniform_sample(*seed_arrays, **kwargs):
    """Neighbourhood sampling of a CSR graph; needs CSR storage, which mxtorch does not have."""
    _needs_csr('dgl_csr_neighbor_uniform_sample')


@register(namespace='contrib')
def dgl_csr_neighbor_non_uniform_sample(*seed_arrays, **kwargs):
    """Weighted neighbourhood sampling of a CSR graph; needs CSR storage, which mxtorch does not have."""
    _needs_csr('dgl_csr_neighbor_non_uniform_sample')


@register(namespace='contrib')
def dgl_subgraph(*data, **kwargs):
    """Induced subgraphs of a CSR graph; needs CSR storage, which mxtorch does not have."""
    _needs_csr('dgl_subgraph')


@register(namespace='contrib')
def dgl_graph_compact(*graph_data, **kwargs):
    """Compacted CSR graphs; needs CSR storage, which mxtorch does not have."""
    _needs_csr('dgl_graph_compact')
