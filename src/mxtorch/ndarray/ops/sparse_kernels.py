"""Tensor kernels of MXNet's sparse-only operators, for graphs (mx.sym) that run on dense values.

A Symbol executor computes every node on dense tensors (a sparse argument's dense values) and gives its
outputs the storage types MXNet's rules decide (symbol/sparse.py). These are the operators that MXNet has
only for sparse inputs, written for dense values with the same results: ``_sparse_retain`` (rows kept
by index), ``_square_sum`` (sum of squares) and the ``_scatter_*`` operators, which MXNet computes only on
the stored elements of a sparse input; on dense values the stored elements are taken to be the nonzero
ones, so that zeros stay zero. ``mx.nd`` reaches the sparse-array versions of these through nd.sparse.
"""
import torch

from ..registry import register
from ._util import as_bool, axes_tuple


@register(name='_sparse_retain', namespace='_internal')
def sparse_retain(data, indices):
    """The rows of `data` whose indices are in `indices`; every other row zero."""
    keep = torch.zeros(data.shape[0], dtype=torch.bool, device=data.device)
    if indices.numel():
        keep[indices.reshape(-1).long()] = True
    return data * keep.reshape((-1,) + (1,) * (data.dim() - 1)).to(data.dtype)


@register(name='_square_sum', namespace='_internal')
def square_sum(data, axis=None, keepdims=False, exclude=False):
    """The sum of the squares of `data` over `axis` (every axis when None; the others with `exclude`)."""
    dims = axes_tuple(axis, data.dim(), '_square_sum')
    if as_bool(exclude):
        dims = tuple(d for d in range(data.dim()) if d not in dims)
    result = (data * data).sum(dim=dims, keepdim=as_bool(keepdims))
    return result.reshape(1) if result.dim() == 0 else result


def _stored(t):
    return t != 0


@register(name='_scatter_elemwise_div', namespace='_internal')
def scatter_elemwise_div(lhs, rhs):
    """``lhs / rhs`` at the stored (nonzero) elements of `lhs`, zero elsewhere."""
    return torch.where(_stored(lhs), lhs / rhs, torch.zeros((), dtype=lhs.dtype, device=lhs.device))


@register(name='_scatter_plus_scalar', namespace='_internal')
def scatter_plus_scalar(data, scalar=1.0, is_int=True):
    """``data + scalar`` at the stored (nonzero) elements of `data`, zero elsewhere."""
    return torch.where(_stored(data), data + scalar, torch.zeros((), dtype=data.dtype, device=data.device))


@register(name='_scatter_minus_scalar', namespace='_internal')
def scatter_minus_scalar(data, scalar=1.0, is_int=True):
    """``data - scalar`` at the stored (nonzero) elements of `data`, zero elsewhere."""
    return torch.where(_stored(data), data - scalar, torch.zeros((), dtype=data.dtype, device=data.device))
