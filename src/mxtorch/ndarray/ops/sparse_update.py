"""Row-sparse gradients and the lazy (row-wise) optimizer updates that consume them.

Gradient buffers. A Parameter with ``grad_stype='row_sparse'`` keeps a RowSparseNDArray as its gradient.
Autograd writes a variable's gradient with ``buffer._t.copy_(g)`` ('write') or ``buffer._t.add_(g)``
('add'); for a row-sparse buffer it is handed a ``RowSparseGradSink`` instead, whose ``_t`` is the sink
itself and whose ``copy_``/``add_`` replace the buffer's storage by the rows of ``g``. The operator
``Embedding(sparse_grad=True)`` asks torch for a sparse (COO) gradient only when its weight's buffer is such
a sink (``wants_sparse_grad``), so a dense buffer still receives a dense gradient.

Lazy updates. A lazy update touches only the rows a row-sparse gradient stores: the rows of the weight and
of every state array are gathered (``index_select``), the optimizer's own dense formula runs on those
small tensors, and the results are scattered back (``index_copy_``). The formulas are therefore exactly
the dense ones, restricted to the rows, which is what MXNet's sparse kernels compute. No Python loop runs
per row.
"""
import torch

from ...base import MXNetError
from ..ndarray import _wrap

__all__ = ['RowSparseGradSink', 'wants_sparse_grad', 'coalesced_rows', 'lazy_step']


# ---- gradient buffers --------------------------------------------------------------------------------------
def _rows_of(g, shape):
    """(sorted unique row indices, their rows) of a gradient tensor: a sparse COO tensor (duplicates summed)
    or a dense one (its rows that are not all zero)."""
    if g.layout is torch.sparse_coo:
        if not g.is_coalesced():
            g = g.coalesce()
        return g._indices()[0], g._values()
    if g.dim() == 0 or g.shape[0] == 0:
        return torch.zeros(0, dtype=torch.int64, device=g.device), g.reshape((0,) + tuple(shape[1:]))
    keep = (g != 0).reshape(g.shape[0], -1).any(1)
    rows = keep.nonzero().reshape(-1)
    return rows, g.index_select(0, rows)


def _union(rows_a, vals_a, rows_b, vals_b, shape):
    """The row-sparse sum of two (rows, values) pairs, rows sorted and unique."""
    if rows_a.numel() == 0:
        return rows_b, vals_b
    if rows_b.numel() == 0:
        return rows_a, vals_a
    both = torch.sparse_coo_tensor(torch.cat([rows_a, rows_b]).reshape(1, -1), torch.cat([vals_a, vals_b.to(
        vals_a.dtype)]), size=tuple(shape)).coalesce()
    return both._indices()[0], both._values()


class GradSink:
    """What autograd writes into for a sparse gradient buffer `array`: it stands where a dense buffer's
    tensor would (``_t``), and its ``copy_`` (subclasses) stores the gradient in the buffer's storage type."""
    __slots__ = ('array',)
    _is_sink = True       # NDArray.grad gives `array`, the buffer

    @property
    def dtype(self):
        # autograd's 'add' compares the gradient's torch dtype with the buffer's
        return self.array._s.dtype

    def __init__(self, array):
        self.array = array

    @property
    def _t(self):
        return self


class RowSparseGradSink(GradSink):
    """What autograd writes into for a row-sparse gradient buffer (see the module's docstring). Other
    attributes are the buffer's."""
    __slots__ = ()

    def _set(self, rows, values):
        a = self.array
        values = values.to(dtype=a._s.dtype, device=a._s.device)
        a._s = torch.sparse_coo_tensor(rows.to(a._s.device).reshape(1, -1), values, size=a._s.shape,
                                       check_invariants=False)

    def copy_(self, g):
        self._set(*_rows_of(g, self.array.shape))
        return self

    def add_(self, g):
        shape = self.array.shape
        rows, values = coalesced_rows(self.array)
        self._set(*_union(rows, values, *_rows_of(g, shape), shape))
        return self

    def zero_(self):
        a = self.array
        self._set(torch.zeros(0, dtype=torch.int64, device=a._s.device),
                  torch.zeros((0,) + tuple(a._s.shape[1:]), dtype=a._s.dtype, device=a._s.device))
        return self

    def __getattr__(self, name):
        return getattr(self.array, name)


def wants_sparse_grad(weight):
    """Whether the tensor `weight` is a variable whose gradient buffer is row-sparse."""
    info = getattr(weight, '_mx_ag', None)
    return info is not None and type(info.grad) is RowSparseGradSink


def check_embedding_grad(out, weight, sparse_grad, sparse_buffer):
    """MXNet's refusals of an Embedding's weight gradient, raised when backward reaches `out` (as MXNet raises
    them in its backward): sparse_grad with a dense gradient buffer, a row_sparse buffer without
    sparse_grad, and sparse_grad with grad_req 'add'."""
    info = getattr(weight, '_mx_ag', None)
    if info is None:
        return
    if sparse_grad and not sparse_buffer:
        problem = 'Cannot use sparse_grad = 1, while stype of gradients w.r.t embedding weight is default'
    elif not sparse_grad and sparse_buffer:
        problem = 'Cannot use sparse_grad = 0, while stype of gradients w.r.t embedding weight is row_sparse'
    elif sparse_grad and info.req == 'add':
        problem = ("Check failed: req == kWriteTo (3 vs. 1) : SparseEmbedding layer doesn't support weight "
                   'gradient calculation with req != write')
    else:
        return
    out.register_hook(_refusal(problem))


def _refusal(problem):
    def refuse(grad):
        raise MXNetError('Error in operator Embedding backward: ' + problem)
    return refuse


# ---- lazy updates ------------------------------------------------------------------------------------------
def coalesced_rows(rsp):
    """(row indices sorted and unique, their rows) of a RowSparseNDArray, duplicates summed."""
    s = rsp._s
    if not s.is_coalesced():
        s = s.coalesce()
        rsp._s = s
    return s._indices()[0], s._values()


def _gather(state, rows, pairs):
    """`state` (None, an NDArray or nested tuples/lists of them) restricted to `rows`: NDArrays of the
    gathered rows; (full tensor, gathered tensor) pairs are appended to `pairs` for the scatter back."""
    if state is None:
        return None
    if isinstance(state, (tuple, list)):
        return type(state)(_gather(s, rows, pairs) for s in state)
    t = state._t
    part = t.index_select(0, rows)
    pairs.append((t, part))
    return _wrap(part)


def lazy_step(step, weight, rows, g_rows, state, *scalars):
    """Runs `step` (an optimizer's ``_step`` on lists of tensors) on the `rows` of `weight` (a tensor) and
    of `state`, with `g_rows` as the gradient, and writes the rows back in place. `scalars` are the
    per-weight lists ``_step`` takes after the states (rates, weight decays, counts, indices)."""
    if rows.numel() == 0:
        return
    rows = rows.to(weight.device)
    pairs = []
    w_rows = weight.index_select(0, rows)
    part_state = _gather(state, rows, pairs)
    step([w_rows], [g_rows.to(device=weight.device, dtype=weight.dtype)], [part_state], *scalars)
    weight.index_copy_(0, rows, w_rows)
    for full, part in pairs:
        full.index_copy_(0, rows, part)
