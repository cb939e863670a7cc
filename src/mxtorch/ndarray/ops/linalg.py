"""dot, batch_dot, khatri_rao and the mx.nd.linalg operators.

MXNet's conventions, which differ from torch's:
- ``dot`` of N-D arrays contracts the last axis of `lhs` with the first axis of `rhs`; with
  ``transpose_a`` an N-D `lhs` is read as a matrix (first axis) x (the other axes) and transposed, with
  ``transpose_b`` an N-D `rhs` as (all but the last axis) x (last axis); two vectors give shape (1,).
- The linalg operators work on the trailing two axes (batch mode over the leading ones, which must be
  equal: nothing broadcasts), accept float32 and float64 only, read only the triangle they are told to
  (``lower``), and reduce a matrix to shape (1,) rather than ().
- Gradients are MXNet's: triangular inputs get gradients on their triangle only, potrf/syevd symmetric
  ones, and det/slogdet none for singular matrices.
"""
import math

import torch

from ...base import MXNetError, TORCH_TO_NAME
from ..registry import register
from ._util import as_bool, normalize_axis

Tensor = torch.Tensor
_F32 = torch.float32
_F64 = torch.float64
_mm = torch.mm
_matmul = torch.matmul
_LINALG_DTYPES = (_F32, _F64)
_GPU_DOT_DTYPES = (_F32, _F64, torch.float16, torch.bfloat16)


def _dtype_name(t):
    return TORCH_TO_NAME.get(t.dtype, str(t.dtype))


def _check_dot_dtypes(op_name, lhs, rhs):
    """dot and batch_dot: two arrays of one float dtype (float16 only on GPU, as in MXNet)."""
    if lhs.dtype is not rhs.dtype:
        raise MXNetError('{}: the two arrays must have the same dtype, got {} and {}'.format(
            op_name, _dtype_name(lhs), _dtype_name(rhs)))
    allowed = _GPU_DOT_DTYPES if lhs.device.type == 'cuda' else _LINALG_DTYPES
    if lhs.dtype not in allowed:
        raise MXNetError('{}: only float32 and float64 arrays are supported{}, got {}'.format(
            op_name, '' if lhs.device.type == 'cuda' else ' on CPU (float16 too on GPU)', _dtype_name(lhs)))


# ---- dot, batch_dot, khatri_rao -----------------------------------------------------------------------
@register()
def dot(lhs, rhs, transpose_a=False, transpose_b=False, forward_stype=None):
    """Dot product of two arrays.

    For 1-D arrays the inner product (shape (1,)); for 2-D arrays the matrix product; for N-D arrays the
    last axis of `lhs` is contracted with the first axis of `rhs`, so ``dot(x, y)`` of shapes
    ``(a, b, k)`` and ``(k, c, d)`` has shape ``(a, b, c, d)``.

    Parameters
    ----------
    lhs : NDArray
        The first input.
    rhs : NDArray
        The second input.
    transpose_a : bool, default False
        Transpose `lhs` first (an N-D `lhs` is read as a matrix of shape
        ``(lhs.shape[0], prod(lhs.shape[1:]))``).
    transpose_b : bool, default False
        Transpose `rhs` first (an N-D `rhs` is read as a matrix of shape
        ``(prod(rhs.shape[:-1]), rhs.shape[-1])``).
    forward_stype : {None, 'default', 'csr', 'row_sparse'}
        Storage type of the output; every array is dense in mxtorch, so this is accepted and ignored.

    Returns
    -------
    NDArray
        The product.
    """
    if lhs.dtype is not _F32 or rhs.dtype is not _F32:
        _check_dot_dtypes('dot', lhs, rhs)
    if not (transpose_a or transpose_b) and lhs.dim() == 2 and rhs.dim() == 2:
        return _mm(lhs, rhs)   # the hot path: d2l's nd.dot(X, w)
    return _dot_general(lhs, rhs, as_bool(transpose_a), as_bool(transpose_b))


def _dot_general(lhs, rhs, ta, tb):
    lshape, rshape = tuple(lhs.shape), tuple(rhs.shape)
    if not lshape or not rshape:
        raise MXNetError('dot: the inputs must have at least one dimension, got shapes {} and {}'.format(
            lshape, rshape))
    if len(lshape) == 1 and len(rshape) == 1:
        if ta or tb:
            raise MXNetError('dot: cannot transpose vectors (shapes {} and {})'.format(lshape, rshape))
        if lshape != rshape:
            raise MXNetError('dot: shape mismatch: {} X {}'.format(lshape, rshape))
        return torch.dot(lhs, rhs).reshape(1)
    # Each side as a matrix: (free axes, contracted axis) for lhs, (contracted axis, free axes) for rhs.
    if ta:
        free_l, k_l = lshape[1:], lshape[0]
        a = lhs.reshape(k_l, math.prod(free_l)).t()
    else:
        free_l, k_l = lshape[:-1], lshape[-1]
        a = lhs.reshape(math.prod(free_l), k_l)
    if tb:
        free_r, k_r = rshape[:-1], rshape[-1]
        b = rhs.reshape(math.prod(free_r), k_r).t()
    else:
        free_r, k_r = rshape[1:], rshape[0]
        b = rhs.reshape(k_r, math.prod(free_r))
    if k_l != k_r:
        raise MXNetError('dot: shape mismatch: {} X {} (transpose_a={}, transpose_b={}) contracts {} with {} '
                         'elements'.format(lshape, rshape, ta, tb, k_l, k_r))
    return _mm(a, b).reshape(free_l + free_r)


@register()
def batch_dot(lhs, rhs, transpose_a=False, transpose_b=False, forward_stype=None):
    """Batchwise matrix product of two N-D arrays (N >= 3) with equal leading (batch) dimensions.

    ``batch_dot(x, y)`` of shapes ``(B, m, k)`` and ``(B, k, n)`` has shape ``(B, m, n)``, where
    ``out[i] = dot(x[i], y[i])``.

    Parameters
    ----------
    lhs : NDArray
        The first input, shape ``(..., m, k)`` (``(..., k, m)`` with `transpose_a`).
    rhs : NDArray
        The second input, shape ``(..., k, n)`` (``(..., n, k)`` with `transpose_b`).
    transpose_a : bool, default False
        Transpose the matrices of `lhs` first.
    transpose_b : bool, default False
        Transpose the matrices of `rhs` first.
    forward_stype : str, optional
        Accepted and ignored (all arrays are dense).
    """
    if lhs.dtype is not _F32 or rhs.dtype is not _F32:
        _check_dot_dtypes('batch_dot', lhs, rhs)
    nd = lhs.dim()
    if nd < 3 or rhs.dim() != nd:
        raise MXNetError('batch_dot: the inputs must both be N-D arrays with N >= 3, got shapes {} and {}'.format(
            tuple(lhs.shape), tuple(rhs.shape)))
    if transpose_a or transpose_b:
        if as_bool(transpose_a):
            lhs = lhs.transpose(-1, -2)
        if as_bool(transpose_b):
            rhs = rhs.transpose(-1, -2)
    ls, rs = lhs.shape, rhs.shape
    if ls[:-2] != rs[:-2] or ls[-1] != rs[-2]:
        raise MXNetError('batch_dot: shape mismatch: {} X {} (transpose_a={}, transpose_b={}); the batch '
                         'dimensions must be equal and the matrices compatible'.format(
                             tuple(ls), tuple(rs), transpose_a, transpose_b))
    return torch.bmm(lhs, rhs) if nd == 3 else _matmul(lhs, rhs)


@register()
def khatri_rao(*args):
    """Column-wise Kronecker product of matrices.

    For input matrices of shapes ``(I_1, R), ..., (I_n, R)`` the result has shape ``(I_1 * ... * I_n, R)``
    and column ``r`` is the Kronecker product of the inputs' columns ``r`` (the first input's row index
    varies slowest).

    Parameters
    ----------
    *args : NDArray
        One or more 2-D arrays with the same number of columns.
    """
    if not args:
        raise MXNetError('khatri_rao: needs at least one input matrix')
    for i, a in enumerate(args):
        if not isinstance(a, Tensor) or a.dim() != 2:
            raise MXNetError('khatri_rao: input {} must be a 2-D array, got {}'.format(
                i, tuple(a.shape) if isinstance(a, Tensor) else type(a).__name__))
        if a.shape[1] != args[0].shape[1]:
            raise MXNetError('khatri_rao: every input must have {} columns like the first, input {} has shape {}'.format(
                args[0].shape[1], i, tuple(a.shape)))
        if a.dtype is not args[0].dtype:
            raise MXNetError('khatri_rao: the inputs must have the same dtype, got {} and {}'.format(
                _dtype_name(args[0]), _dtype_name(a)))
    if not args[0].is_floating_point():
        raise MXNetError('khatri_rao: only floating-point arrays are supported, got {}'.format(_dtype_name(args[0])))
    out = args[0]
    for a in args[1:]:
        out = (out[:, None, :] * a[None, :, :]).reshape(-1, out.shape[1])
    return out.clone() if len(args) == 1 else out


# ---- linalg: helpers ------------------------------------------------------------------------------------
def _check_float(op_name, *tensors):
    """linalg operators: float32/float64 arrays, all of one dtype, with at least 2 dimensions."""
    first = tensors[0]
    for t in tensors:
        if t.dtype not in _LINALG_DTYPES:
            raise MXNetError('{}: only float32 and float64 arrays are supported, got {}'.format(op_name, _dtype_name(t)))
        if t.dtype is not first.dtype:
            raise MXNetError('{}: the inputs must have the same dtype, got {} and {}'.format(
                op_name, _dtype_name(first), _dtype_name(t)))
        if t.dim() < 2:
            raise MXNetError('{}: the inputs must have at least 2 dimensions, got shape {}'.format(
                op_name, tuple(t.shape)))


def _check_square(op_name, a):
    if a.shape[-1] != a.shape[-2]:
        raise MXNetError('{}: the trailing two dimensions must be square matrices, got shape {}'.format(
            op_name, tuple(a.shape)))


def _check_batch(op_name, a, b):
    if a.dim() != b.dim() or a.shape[:-2] != b.shape[:-2]:
        raise MXNetError('{}: the inputs must have the same leading (batch) dimensions, got shapes {} and {}'.format(
            op_name, tuple(a.shape), tuple(b.shape)))


def _per_matrix(t):
    """A per-matrix result (det, sumlogdiag, ...) of a single matrix has shape (1,), as in MXNet."""
    return t.reshape(1) if t.dim() == 0 else t


def _gemm_product(op_name, A, B, transpose_a, transpose_b, alpha, axis):
    _check_float(op_name, A, B)
    ndim = A.dim()
    if B.dim() != ndim:
        raise MXNetError('{}: the inputs must have the same number of dimensions, got shapes {} and {}'.format(
            op_name, tuple(A.shape), tuple(B.shape)))
    axis = normalize_axis(axis, ndim, op_name)
    if axis == ndim - 1:
        raise MXNetError('{}: axis {} is the column axis; the row axis must be another one'.format(op_name, axis))
    moved = axis != ndim - 2
    if moved:   # MXNet: swapaxes(axis, -2), gemm, swapaxes back
        A, B = A.transpose(axis, -2), B.transpose(axis, -2)
    if as_bool(transpose_a):
        A = A.transpose(-1, -2)
    if as_bool(transpose_b):
        B = B.transpose(-1, -2)
    if A.shape[:-2] != B.shape[:-2] or A.shape[-1] != B.shape[-2]:
        raise MXNetError('{}: shape mismatch: {} X {} (transpose_a={}, transpose_b={}, axis={}): the other '
                         'dimensions must be equal and the matrices compatible'.format(
                             op_name, tuple(A.shape), tuple(B.shape), transpose_a, transpose_b, axis))
    out = _matmul(A, B)
    if alpha != 1:
        out = out * alpha
    return out, moved, axis


# ---- linalg: products --------------------------------------------------------------------------------------
@register('gemm', namespace='linalg')
@register('linalg_gemm')
def _gemm(A, B, C, transpose_a=False, transpose_b=False, alpha=1.0, beta=1.0, axis=-2):
    """General matrix multiplication and accumulation: ``out = alpha * op(A) op(B) + beta * C``.

    op() is the identity or the transposition (`transpose_a`, `transpose_b`). Inputs of more than two
    dimensions are batches of matrices: the columns are the last axis and the rows `axis` (the
    second-to-last by default); all other dimensions must be equal.

    Parameters
    ----------
    A, B, C : NDArray
        Tensors of matrices (float32 or float64).
    transpose_a, transpose_b : bool, default False
        Transpose A or B before multiplying.
    alpha, beta : float, default 1
        Scale factors of the product and of C.
    axis : int, default -2
        The axis of the matrices' rows.
    """
    out, moved, axis = _gemm_product('linalg.gemm', A, B, transpose_a, transpose_b, alpha, axis)
    _check_float('linalg.gemm', A, C)
    if moved:
        C = C.transpose(axis, -2)
    if C.shape != out.shape:
        raise MXNetError('linalg.gemm: C has shape {} but op(A) * op(B) has shape {}'.format(
            tuple(C.transpose(axis, -2).shape if moved else C.shape),
            tuple(out.transpose(axis, -2).shape if moved else out.shape)))
    out = out + (C if beta == 1 else C * beta)
    return out.transpose(axis, -2) if moved else out


@register('gemm2', namespace='linalg')
@register('linalg_gemm2')
def _gemm2(A, B, transpose_a=False, transpose_b=False, alpha=1.0, axis=-2):
    """General matrix multiplication: ``out = alpha * op(A) op(B)``.

    op() is the identity or the transposition (`transpose_a`, `transpose_b`). Inputs of more than two
    dimensions are batches of matrices: the columns are the last axis and the rows `axis` (the
    second-to-last by default); all other dimensions must be equal.

    Parameters
    ----------
    A, B : NDArray
        Tensors of matrices (float32 or float64).
    transpose_a, transpose_b : bool, default False
        Transpose A or B before multiplying.
    alpha : float, default 1
        Scale factor of the product.
    axis : int, default -2
        The axis of the matrices' rows.
    """
    out, moved, axis = _gemm_product('linalg.gemm2', A, B, transpose_a, transpose_b, alpha, axis)
    return out.transpose(axis, -2) if moved else out


def _triangle(A, lower):
    # Reading only one triangle (as LAPACK does) also masks the gradient to it, as MXNet's backward does.
    return torch.tril(A) if lower else torch.triu(A)


def _check_triangular_pair(op_name, A, B, rightside, transpose):
    _check_float(op_name, A, B)
    _check_square(op_name, A)
    _check_batch(op_name, A, B)
    n = A.shape[-1]
    if (B.shape[-1] if rightside else B.shape[-2]) != n:
        raise MXNetError('{}: A of shape {} does not fit B of shape {} (rightside={}, transpose={})'.format(
            op_name, tuple(A.shape), tuple(B.shape), rightside, transpose))


@register('trmm', namespace='linalg')
@register('linalg_trmm')
def _trmm(A, B, transpose=False, rightside=False, lower=True, alpha=1.0):
    """Multiplication with a triangular matrix: ``out = alpha * op(A) B`` (or ``alpha * B op(A)`` when
    `rightside`).

    Only the lower (or, with ``lower=False``, upper) triangle of A is read. Batches of matrices over the
    leading dimensions.

    Parameters
    ----------
    A : NDArray
        Tensor of triangular matrices.
    B : NDArray
        Tensor of matrices.
    transpose : bool, default False
        Use the transpose of A.
    rightside : bool, default False
        Multiply B by op(A) from the right.
    lower : bool, default True
        A is lower (True) or upper (False) triangular.
    alpha : float, default 1
        Scale factor.
    """
    rightside, transpose = as_bool(rightside), as_bool(transpose)
    _check_triangular_pair('linalg.trmm', A, B, rightside, transpose)
    T = _triangle(A, as_bool(lower))
    if transpose:
        T = T.transpose(-1, -2)
    out = _matmul(B, T) if rightside else _matmul(T, B)
    return out * alpha if alpha != 1 else out


@register('trsm', namespace='linalg')
@register('linalg_trsm')
def _trsm(A, B, transpose=False, rightside=False, lower=True, alpha=1.0):
    """Solves a system with a triangular matrix: ``op(A) out = alpha * B`` (or ``out op(A) = alpha * B``
    when `rightside`).

    Only the lower (or, with ``lower=False``, upper) triangle of A is read. Batches of matrices over the
    leading dimensions. A singular A gives infinities/NaNs, as BLAS does.

    Parameters
    ----------
    A : NDArray
        Tensor of triangular matrices.
    B : NDArray
        Tensor of right-hand sides.
    transpose : bool, default False
        Use the transpose of A.
    rightside : bool, default False
        Solve ``out op(A) = alpha * B``.
    lower : bool, default True
        A is lower (True) or upper (False) triangular.
    alpha : float, default 1
        Scale factor of B.
    """
    rightside, transpose, lower = as_bool(rightside), as_bool(transpose), as_bool(lower)
    _check_triangular_pair('linalg.trsm', A, B, rightside, transpose)
    T = _triangle(A, lower)
    upper = not lower
    if transpose:
        T, upper = T.transpose(-1, -2), lower
    if alpha != 1:
        B = B * alpha
    return torch.linalg.solve_triangular(T, B, upper=upper, left=not rightside)


@register('syrk', namespace='linalg')
@register('linalg_syrk')
def _syrk(A, transpose=False, alpha=1.0):
    """Multiplication of a matrix with its own transpose: ``out = alpha * A A^T`` (``alpha * A^T A`` when
    `transpose`). Batches of matrices over the leading dimensions.

    Parameters
    ----------
    A : NDArray
        Tensor of matrices.
    transpose : bool, default False
        Compute ``A^T A`` instead.
    alpha : float, default 1
        Scale factor.
    """
    _check_float('linalg.syrk', A)
    At = A.transpose(-1, -2)
    out = _matmul(At, A) if as_bool(transpose) else _matmul(A, At)
    return out * alpha if alpha != 1 else out


# ---- linalg: factorizations ------------------------------------------------------------------------------
@register('potrf', namespace='linalg')
@register('linalg_potrf')
def _potrf(A, lower=True):
    """Cholesky factorization of symmetric positive-definite matrices.

    Returns B, triangular with positive diagonal, with ``A = B B^T`` (``lower=True``, reading the lower
    triangle of A) or ``A = B^T B`` (``lower=False``, reading the upper triangle). Batches over the
    leading dimensions.

    Parameters
    ----------
    A : NDArray
        Tensor of symmetric positive-definite matrices.
    lower : bool, default True
        Compute the lower (True) or upper (False) factor.
    """
    _check_float('linalg.potrf', A)
    _check_square('linalg.potrf', A)
    # torch reads the lower triangle: the upper factor of A is the transposed lower factor of A^T
    if as_bool(lower):
        L, info = torch.linalg.cholesky_ex(A)
    else:
        L, info = torch.linalg.cholesky_ex(A.transpose(-1, -2))
    if bool((info != 0).any()):
        raise MXNetError('linalg.potrf: the input matrix is not symmetric positive definite (the leading minor '
                         'of order {} is not positive)'.format(int(info.max())))
    return L if as_bool(lower) else L.transpose(-1, -2)


@register('potri', namespace='linalg')
@register('linalg_potri')
def _potri(A, lower=True):
    """Inverse of a symmetric positive-definite matrix from its Cholesky factor.

    With A the factor from ``potrf`` (triangular with positive diagonal), returns ``A^-T A^-1``
    (``lower=True``) or ``A^-1 A^-T`` (``lower=False``), the inverse of the factorized matrix. Only
    A's lower (upper) triangle is read. Batches over the leading dimensions.

    Parameters
    ----------
    A : NDArray
        Tensor of triangular matrices.
    lower : bool, default True
        A is lower (True) or upper (False) triangular.
    """
    _check_float('linalg.potri', A)
    _check_square('linalg.potri', A)
    lower = as_bool(lower)
    if bool((A.diagonal(0, -2, -1) == 0).any()):
        raise MXNetError('linalg.potri: the input has a zero on its diagonal, so it is not a Cholesky factor '
                         '(use the output of linalg.potrf)')
    return torch.cholesky_inverse(_triangle(A, lower), upper=not lower)


@register('gelqf', namespace='linalg')
@register('linalg_gelqf')
def _gelqf(A):
    """LQ factorization of matrices with at least as many columns as rows.

    Returns ``(Q, L)`` with ``A = L Q``: Q of A's shape ``(m, n)`` with orthonormal rows, and L of shape
    ``(m, m)`` lower triangular. Batches over the leading dimensions.

    Parameters
    ----------
    A : NDArray
        Tensor of matrices, shape ``(..., m, n)`` with ``m <= n``.
    """
    _check_float('linalg.gelqf', A)
    if A.shape[-2] > A.shape[-1]:
        raise MXNetError('linalg.gelqf: the matrices must have at least as many columns as rows, got shape {}'.format(
            tuple(A.shape)))
    # A^T = Q R (Householder, as LAPACK's gelqf) gives A = R^T Q^T
    Q, R = torch.linalg.qr(A.transpose(-1, -2))
    return Q.transpose(-1, -2), R.transpose(-1, -2)


@register('syevd', namespace='linalg')
def _syevd(A):
    """Eigendecomposition of symmetric matrices: ``A = U^T diag(L) U``.

    Returns ``(U, L)``: the rows of U are the eigenvectors, L the eigenvalues in ascending order. Each
    eigenvector's sign is chosen so that its entry of largest magnitude (the first such) is positive.
    Only the lower triangle of A is read. Batches over the leading dimensions.

    Parameters
    ----------
    A : NDArray
        Tensor of symmetric matrices.
    """
    _check_float('linalg.syevd', A)
    _check_square('linalg.syevd', A)
    L, V = torch.linalg.eigh(A)
    U = V.transpose(-1, -2)
    k = U.detach().abs().argmax(-1, keepdim=True)
    signs = torch.where(torch.gather(U.detach(), -1, k) < 0, -1.0, 1.0).to(U.dtype)
    return U * signs, L


# ---- linalg: diagonals and triangles ------------------------------------------------------------------------
@register('sumlogdiag', namespace='linalg')
@register('linalg_sumlogdiag')
def _sumlogdiag(A):
    """Sum of the natural logarithms of the diagonal of square matrices; shape (1,) for one matrix.

    Parameters
    ----------
    A : NDArray
        Tensor of square matrices.
    """
    _check_float('linalg.sumlogdiag', A)
    _check_square('linalg.sumlogdiag', A)
    return _per_matrix(torch.log(A.diagonal(0, -2, -1)).sum(-1))


def _check_offset(op_name, n, offset):
    if n - abs(offset) <= 0:
        raise MXNetError('{}: illegal offset {} for matrices of dimension {}'.format(op_name, offset, n))


@register('extractdiag', namespace='linalg')
@register('linalg_extractdiag')
def _extractdiag(A, offset=0):
    """Extracts a diagonal of square matrices (the main one, or `offset` above (>0) / below (<0) it).

    Parameters
    ----------
    A : NDArray
        Tensor of square matrices.
    offset : int, default 0
        Which diagonal.
    """
    _check_float('linalg.extractdiag', A)
    _check_square('linalg.extractdiag', A)
    offset = int(offset)
    _check_offset('linalg.extractdiag', A.shape[-1], offset)
    return A.diagonal(offset, -2, -1).clone()


@register('makediag', namespace='linalg')
@register('linalg_makediag')
def _makediag(A, offset=0):
    """Square matrices with the input vectors (the last axis) on a diagonal, zeros elsewhere.

    Parameters
    ----------
    A : NDArray
        Tensor of vectors, shape ``(..., n)``; the result has shape ``(..., n + |offset|, n + |offset|)``.
    offset : int, default 0
        Which diagonal: above (>0) or below (<0) the main one.
    """
    if A.dtype not in _LINALG_DTYPES:
        raise MXNetError('linalg.makediag: only float32 and float64 arrays are supported, got {}'.format(_dtype_name(A)))
    if A.dim() < 1:
        raise MXNetError('linalg.makediag: the input must have at least 1 dimension')
    return torch.diag_embed(A, int(offset))


def _trian_layout(n, offset, lower, device):
    """Row and column indices of the triangle, in MXNet's packing order; and whether the matrix is read
    transposed (the upper triangle is packed as the lower triangle of the transpose)."""
    transposed = offset > 0 or (offset == 0 and not lower)
    rows, cols = torch.tril_indices(n, n, -abs(offset), device=device)
    return rows, cols, transposed


@register('extracttrian', namespace='linalg')
@register('linalg_extracttrian')
def _extracttrian(A, offset=0, lower=True):
    """Extracts a triangle of square matrices into a flat vector (per matrix).

    With ``offset=0`` the lower (``lower=True``) or upper triangle including the diagonal; ``offset > 0``
    takes the triangle above the `offset`-th superdiagonal, ``offset < 0`` the one below the
    subdiagonal (`lower` then has no effect). The lower triangle is packed row by row, the upper
    triangle column by column.

    Parameters
    ----------
    A : NDArray
        Tensor of square matrices.
    offset : int, default 0
        Offset of the triangle's diagonal.
    lower : bool, default True
        Which triangle when ``offset=0``.
    """
    _check_float('linalg.extracttrian', A)
    _check_square('linalg.extracttrian', A)
    offset = int(offset)
    n = A.shape[-1]
    _check_offset('linalg.extracttrian', n, offset)
    rows, cols, transposed = _trian_layout(n, offset, as_bool(lower), A.device)
    if transposed:
        A = A.transpose(-1, -2)
    return A[..., rows, cols]


@register('maketrian', namespace='linalg')
@register('linalg_maketrian')
def _maketrian(A, offset=0, lower=True):
    """Square matrices with a triangle filled from packed vectors (the inverse of ``extracttrian``).

    The last axis holds ``m (m + 1) / 2`` values; the matrices are ``(m + |offset|) x (m + |offset|)``
    with zeros outside the triangle.

    Parameters
    ----------
    A : NDArray
        Tensor of packed triangles.
    offset : int, default 0
        Offset of the triangle's diagonal (as in ``extracttrian``).
    lower : bool, default True
        Which triangle when ``offset=0``.
    """
    if A.dtype not in _LINALG_DTYPES:
        raise MXNetError('linalg.maketrian: only float32 and float64 arrays are supported, got {}'.format(_dtype_name(A)))
    if A.dim() < 1:
        raise MXNetError('linalg.maketrian: the input must have at least 1 dimension')
    offset = int(offset)
    size = A.shape[-1]
    m = int((math.isqrt(8 * size + 1) - 1) // 2)
    if m * (m + 1) // 2 != size or m == 0:
        raise MXNetError('linalg.maketrian: the last axis has {} values, which is not m*(m+1)/2 for any m >= 1'.format(
            size))
    n = m + abs(offset)
    rows, cols, transposed = _trian_layout(n, offset, as_bool(lower), A.device)
    out = A.new_zeros(tuple(A.shape[:-1]) + (n, n))
    out[..., rows, cols] = A
    return out.transpose(-1, -2).contiguous() if transposed else out


# ---- linalg: inverse and determinants ---------------------------------------------------------------------
def _check_square_float(op_name, A):
    _check_float(op_name, A)
    _check_square(op_name, A)


@register('inverse', namespace='linalg')
@register('linalg_inverse')
def _inverse(A):
    """Inverse of square matrices (batches over the leading dimensions).

    Parameters
    ----------
    A : NDArray
        Tensor of square, non-singular matrices.
    """
    _check_square_float('linalg.inverse', A)
    inv, info = torch.linalg.inv_ex(A)
    if bool((info != 0).any()):
        raise MXNetError('linalg.inverse: the input matrix is singular (not invertible)')
    return inv


def _stop_where_singular(value, nonsingular):
    """`value` whose gradient is zeroed where the matrix is singular: MXNet does not differentiate
    det of a singular matrix."""
    if not value.requires_grad:
        return value
    return torch.where(nonsingular, value, value.detach())


class _Slogdet(torch.autograd.Function):
    """slogdet with MXNet's gradient: d logabsdet / dA = A^-T, and zero for singular matrices (torch's
    own backward gives NaN there); sign has none."""

    @staticmethod
    def forward(ctx, A):
        sign, logabsdet = torch.linalg.slogdet(A)
        ctx.save_for_backward(A, sign)
        ctx.mark_non_differentiable(sign)
        return sign, logabsdet

    @staticmethod
    def backward(ctx, grad_sign, grad_logabsdet):
        A, sign = ctx.saved_tensors
        inv = torch.linalg.inv_ex(A)[0]
        grad = grad_logabsdet[..., None, None] * inv.transpose(-1, -2)
        return torch.where((sign != 0)[..., None, None], grad, torch.zeros((), dtype=grad.dtype, device=grad.device))


@register('det', namespace='linalg')
@register('linalg_det')
def _det(A):
    """Determinant of square matrices; shape (1,) for one matrix.

    Parameters
    ----------
    A : NDArray
        Tensor of square matrices.
    """
    _check_square_float('linalg.det', A)
    d = torch.linalg.det(A)
    return _per_matrix(_stop_where_singular(d, d.detach() != 0))


@register('slogdet', namespace='linalg')
@register('linalg_slogdet')
def _slogdet(A):
    """Sign and natural logarithm of the absolute value of the determinant of square matrices.

    Returns ``(sign, logabsdet)``, each of shape (1,) for one matrix. A singular matrix gives sign 0 and
    logabsdet -inf. Only logabsdet has a gradient.

    Parameters
    ----------
    A : NDArray
        Tensor of square matrices.
    """
    _check_square_float('linalg.slogdet', A)
    sign, logabsdet = _Slogdet.apply(A) if A.requires_grad else torch.linalg.slogdet(A)
    return _per_matrix(sign), _per_matrix(logabsdet)
