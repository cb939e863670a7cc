"""Products and linear algebra of MXNet's NumPy interface: ``dot``, ``matmul``, ``tensordot``, ``einsum``
and the rest of the products (namespace ``_npi``), and ``np.linalg`` (namespace ``_npi_linalg``), on
torch.linalg. Products take floating-point arrays, as in MXNet."""
import math
import operator

import torch

from ...base import MXNetError
from ..registry import register
from ._np_util import Tensor, as_tensor, axes_of, float_of, name_of, promote

_NP = '_npi'
_LA = '_npi_linalg'


def _floats(op_name, *arrays):
    for t in arrays:
        if not t.is_floating_point():
            raise MXNetError('{}: This operation only support floating point types, not {}'.format(
                op_name, name_of(t.dtype)))


def _pair(a, b, op_name):
    """The two operands in one dtype (a Python number becomes an array of the other's dtype)."""
    if not isinstance(a, Tensor):
        a = as_tensor(a, b)
    if not isinstance(b, Tensor):
        b = as_tensor(b, a)
    if a.dtype is not b.dtype:
        dtype = promote(a, b, op_name)
        a, b = a.to(dtype), b.to(dtype)
    return a, b


@register('dot', namespace=_NP)
def _dot(a, b):
    """dot(a, b): NumPy's dot product (a product for 0-d operands, the last axis of a with the
    second-to-last of b otherwise)."""
    if type(a) is Tensor and type(b) is Tensor and a.dtype is b.dtype and a.dtype.is_floating_point and \
            a.dim() == 2 and b.dim() == 2:
        return torch.matmul(a, b)      # the common case (matrices of one floating-point dtype), checked by hand
    a, b = _pair(a, b, 'dot')
    _floats('dot', a, b)
    if a.dim() == 0 or b.dim() == 0:
        return a * b
    if b.dim() == 1:
        return torch.matmul(a, b)
    if a.dim() <= 2 and b.dim() == 2:
        return torch.matmul(a, b)
    return torch.tensordot(a, b, dims=([a.dim() - 1], [b.dim() - 2]))


@register('vdot', namespace=_NP)
def _vdot(a, b):
    """vdot(a, b): the dot product of the flattened arrays."""
    a, b = _pair(a, b, 'vdot')
    _floats('vdot', a, b)
    return torch.dot(a.reshape(-1), b.reshape(-1))


@register('inner', namespace=_NP)
def _inner(a, b):
    """inner(a, b): sums over the last axes of both."""
    a, b = _pair(a, b, 'inner')
    _floats('inner', a, b)
    if a.dim() == 0 or b.dim() == 0:
        return a * b
    if a.shape[-1] != b.shape[-1]:
        raise ValueError('shapes {} and {} not aligned'.format(tuple(a.shape), tuple(b.shape)))
    return torch.tensordot(a, b, dims=([a.dim() - 1], [b.dim() - 1]))


@register('outer', namespace=_NP)
def _outer(a, b):
    """outer(a, b): the outer product of the flattened arrays."""
    a, b = _pair(a, b, 'outer')
    return torch.outer(a.reshape(-1), b.reshape(-1))


@register('tensordot', namespace=_NP)
def _tensordot(a, b, axes=2):
    """tensordot(a, b, axes=2): sums over the last `axes` axes of a and the first of b, or over the
    axes listed in a pair of sequences."""
    a, b = _pair(a, b, 'tensordot')
    _floats('tensordot', a, b)
    if isinstance(axes, Tensor):
        axes = axes.tolist()
    if isinstance(axes, (int,)) or hasattr(axes, '__index__'):
        n = operator.index(axes)
        if n < 0 or n > a.dim() or n > b.dim():
            raise ValueError('tensordot: axes {} does not fit shapes {} and {}'.format(n, tuple(a.shape), tuple(b.shape)))
        dims = (list(range(a.dim() - n, a.dim())), list(range(n)))
    else:
        left, right = axes
        left = [left] if isinstance(left, int) else list(left)
        right = [right] if isinstance(right, int) else list(right)
        if len(left) != len(right):
            raise ValueError('shape-mismatch for sum')
        dims = ([x % a.dim() for x in left], [x % b.dim() for x in right])
    for x, y in zip(*dims):
        if a.shape[x] != b.shape[y]:
            raise ValueError('shape-mismatch for sum')
    return torch.tensordot(a, b, dims=dims)


@register('matmul', namespace=_NP)
def _matmul(a, b):
    """matmul(a, b): NumPy's matrix product (stacks of matrices broadcast)."""
    a, b = _pair(a, b, 'matmul')
    _floats('matmul', a, b)
    if a.dim() == 0 or b.dim() == 0:
        raise MXNetError('matmul: Input operand does not have enough dimensions')
    return torch.matmul(a, b)


@register('einsum', namespace=_NP)
def _einsum(*operands, **kwargs):
    """einsum(subscripts, *operands, optimize=False): Einstein summation."""
    kwargs.pop('optimize', None)
    if kwargs:
        raise TypeError('einsum() got an unexpected keyword argument {!r}'.format(next(iter(kwargs))))
    if not operands or not isinstance(operands[0], str):
        raise MXNetError('einsum: the first argument must be the subscripts string')
    subscripts, arrays = operands[0], list(operands[1:])
    if arrays:
        dtype = arrays[0].dtype
        for t in arrays[1:]:
            if t.dtype is not dtype:
                dtype = torch.promote_types(dtype, t.dtype)
        arrays = [t.to(dtype) for t in arrays]
    return torch.einsum(subscripts, *arrays)


@register('polyval', namespace=_NP)
def _polyval(p, x):
    """polyval(p, x): the polynomial with coefficients p (highest power first) at x."""
    if not isinstance(x, Tensor):
        x = as_tensor(x, p)
    if p.dim() != 1:
        raise ValueError('p must be a 1-D array')
    dtype = promote(p, x, 'polyval') if p.dtype is not x.dtype else p.dtype
    p, x = p.to(dtype), x.to(dtype)
    result = torch.zeros_like(x)
    for i in range(p.shape[0]):
        result = result * x + p[i]
    return result


# ---- np.linalg ----------------------------------------------------------------------------------------
def _square(op_name, a):
    if a.dim() < 2:
        raise MXNetError('{}: {}-dimensional array given. Array must be at least two-dimensional'.format(
            op_name, a.dim()))
    if a.shape[-1] != a.shape[-2]:
        raise MXNetError('{}: Last 2 dimensions of the array must be square'.format(op_name))


@register('norm', namespace=_LA)
def _norm(x, ord=None, axis=None, keepdims=False):
    """norm(x, ord=None, axis=None, keepdims=False): vector and matrix norms as in NumPy."""
    work = float_of(x)
    if isinstance(ord, str) and ord in ('inf', '-inf'):     # MXNet takes infinity orders as text too
        ord = float(ord)
    if axis is None and ord is None:
        r = torch.linalg.vector_norm(work.reshape(-1))
        if keepdims:
            r = r.reshape((1,) * x.dim())
    else:
        axes = axes_of(axis, x.dim(), 'norm') if axis is not None else tuple(range(x.dim()))
        if len(axes) == 1:
            order = 2 if ord is None else ord
            if order == 'fro' or order == 'nuc':
                raise ValueError('Invalid norm order for vectors.')
            r = torch.linalg.vector_norm(work, ord=order, dim=axes, keepdim=bool(keepdims))
        elif len(axes) == 2:
            order = 'fro' if ord is None else ord
            r = torch.linalg.matrix_norm(work, ord=order, dim=axes, keepdim=bool(keepdims))
        else:
            raise ValueError('Improper number of dimensions to norm.')
    return r if x.is_floating_point() else r.to(x.dtype)


@register('svd', namespace=_LA)
def _svd(a):
    """svd(a): (ut, l, v) with a = ut @ diag(l) @ v, for a of shape (..., M, N) with M <= N."""
    if a.dim() < 2:
        raise MXNetError('svd: the array must be at least two-dimensional')
    if a.shape[-2] > a.shape[-1]:
        raise MXNetError('svd: the array of shape {} must not have more rows than columns'.format(tuple(a.shape)))
    u, s, vh = torch.linalg.svd(a, full_matrices=False)
    return u, s, vh


@register('cholesky', namespace=_LA)
def _cholesky(a):
    """cholesky(a): the lower-triangular L with a = L @ L.T."""
    _square('cholesky', a)
    return torch.linalg.cholesky(a)


@register('inv', namespace=_LA)
def _inv(a):
    """inv(a): the inverse of each square matrix."""
    _square('inv', a)
    return torch.linalg.inv(a)


@register('det', namespace=_LA)
def _det(a):
    """det(a): the determinant of each square matrix."""
    _square('det', a)
    return torch.linalg.det(a)


@register('slogdet', namespace=_LA)
def _slogdet(a):
    """slogdet(a): (sign, log|det|) of each square matrix."""
    _square('slogdet', a)
    sign, logabs = torch.linalg.slogdet(a)
    return sign, logabs


@register('solve', namespace=_LA)
def _solve(a, b):
    """solve(a, b): x with a @ x = b."""
    _square('solve', a)
    if b.dim() == a.dim() - 1:
        return torch.linalg.solve(a, b.unsqueeze(-1)).squeeze(-1)
    return torch.linalg.solve(a, b)


@register('pinv', namespace=_LA)
def _pinv(a, rcond=1e-15, hermitian=False):
    """pinv(a, rcond=1e-15, hermitian=False): the pseudo-inverse (singular values below rcond times the
    largest one count as zero)."""
    return torch.linalg.pinv(a, rtol=rcond, hermitian=bool(hermitian))


@register('tensorinv', namespace=_LA)
def _tensorinv(a, ind=2):
    """tensorinv(a, ind=2): the inverse of a as a tensor of its first `ind` axes against the rest."""
    if ind <= 0:
        raise ValueError('Invalid ind argument.')
    return torch.linalg.tensorinv(a, ind=int(ind))


@register('tensorsolve', namespace=_LA)
def _tensorsolve(a, b, axes=None):
    """tensorsolve(a, b, axes=None): x with tensordot(a, x, x.ndim) = b (a's `axes` moved to the end
    first)."""
    n = a.dim()
    if axes is not None:
        order = [k for k in range(n) if k not in [x % n for x in axes]] + [x % n for x in axes]
        a = a.permute(order)
    shape = tuple(a.shape[-(n - b.dim()):]) if n != b.dim() else tuple(a.shape)
    size = math.prod(shape)
    if a.numel() != size * size:
        raise MXNetError('tensorsolve: Input arrays must satisfy the requirement prod(a.shape[b.ndim:]) == '
                         'prod(a.shape[:b.ndim])')
    return torch.linalg.solve(a.reshape(size, size), b.reshape(-1)).reshape(shape)


def _real(op_name, values):
    if values.is_complex():
        if values.imag.abs().max() > 0 if values.numel() else False:
            raise MXNetError('{}: Eigenvalues with non-zero imaginary part found in matrix'.format(op_name))
        return values.real
    return values


def _eig_input(op_name, a):
    """The matrix eigen-solvers work on: integer matrices in float64 (MXNet's result dtype for them);
    half precision is MXNet's MXNetError."""
    if a.dtype is torch.float16:
        raise MXNetError('{}: float16 matrices are not supported'.format(op_name))
    return a if a.is_floating_point() else a.to(torch.float64)


@register('eig', namespace=_LA)
def _eig(a):
    """eig(a): (w, v), the (real) eigenvalues and right eigenvectors."""
    _square('eig', a)
    a = _eig_input('eig', a)
    w, v = torch.linalg.eig(a)
    return _real('eig', w).to(a.dtype), _real('eig', v).to(a.dtype)


@register('eigvals', namespace=_LA)
def _eigvals(a):
    """eigvals(a): the (real) eigenvalues."""
    _square('eigvals', a)
    a = _eig_input('eigvals', a)
    return _real('eigvals', torch.linalg.eigvals(a)).to(a.dtype)


@register('eigh', namespace=_LA)
def _eigh(a, UPLO='L'):
    """eigh(a, UPLO='L'): (w, v) of a symmetric matrix, eigenvalues ascending."""
    _square('eigh', a)
    a = _eig_input('eigh', a)
    if UPLO not in ('L', 'U'):
        raise ValueError("UPLO argument must be 'L' or 'U'")
    w, v = torch.linalg.eigh(a, UPLO=UPLO)
    return w, v          # a plain tuple (torch gives a structseq), so the front ends wrap both arrays


@register('eigvalsh', namespace=_LA)
def _eigvalsh(a, UPLO='L'):
    """eigvalsh(a, UPLO='L'): the ascending eigenvalues of a symmetric matrix."""
    _square('eigvalsh', a)
    a = _eig_input('eigvalsh', a)
    if UPLO not in ('L', 'U'):
        raise ValueError("UPLO argument must be 'L' or 'U'")
    return torch.linalg.eigvalsh(a, UPLO=UPLO)
