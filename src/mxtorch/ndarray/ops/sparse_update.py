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

__all__ = ['RowSparseGradSink', 'wants_sparse_grad', 'coalesced_rows', 'lazy_step', 'adagrad_update',
           'ftrl_update', 'group_adagrad_update']


def _sparse_module():
    from .. import sparse
    return sparse


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


class RowSparseGradSink:
    """What autograd writes into for a row-sparse gradient buffer (see the module's docstring). Other
    attributes are the buffer's."""
    __slots__ = ('array',)

    def __init__(self, array):
        self.array = array

    @property
    def _t(self):
        return self

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
    from ..ndarray import _wrap
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


# ---- nd.sparse's optimizer operators -----------------------------------------------------------------------
def _lazy_args(op, weight, grad, out, states):
    sp = _sparse_module()
    return sp._lazy_rows(op, weight, grad, out, states)


def _rescaled_rows(g, rescale_grad, clip_gradient):
    g = g * rescale_grad
    return g.clamp(-clip_gradient, clip_gradient) if clip_gradient is not None and clip_gradient >= 0 else g


def adagrad_update(weight, grad, history, lr=None, epsilon=1e-7, wd=0.0, rescale_grad=1.0, clip_gradient=-1.0,
                   out=None, name=None):
    """AdaGrad step of a dense `weight` by a row_sparse `grad` (MXNet has only the sparse kernel): on the
    rows `grad` stores, ``g = clip(rescale_grad * grad)``, ``history += g**2``,
    ``weight -= lr * g / sqrt(history + epsilon)``, in place (``out=weight``). Weight decay is not
    supported (MXNet has no kernel for it)."""
    sp = _sparse_module()
    if lr is None:
        raise sp.MXNetError('adagrad_update: required parameter lr is missing')
    if not isinstance(grad, sp.RowSparseNDArray) or wd != 0:
        raise sp.MXNetError('Check failed: infer_stype_success: Operator not implemented: operator = '
                            '_sparse_adagrad_update (input storage types = [{}, {}, {}], wd = {}); it needs a '
                            'row_sparse grad and wd = 0'.format(weight.stype, grad.stype, history.stype, wd))
    _lazy_args('adagrad_update', weight, grad, out, (('history', history),))
    rows, g = coalesced_rows(grad)
    w, h = weight._t, history._t
    rows = rows.to(w.device)
    with torch.no_grad():
        g = _rescaled_rows(g.to(device=w.device, dtype=w.dtype), rescale_grad, clip_gradient)
        h_rows = h.index_select(0, rows).addcmul_(g, g)
        h.index_copy_(0, rows, h_rows)
        w.index_copy_(0, rows, w.index_select(0, rows) - lr * g / (h_rows + epsilon).sqrt())
    return out


def ftrl_update(weight, grad, z, n, lr=None, lamda1=0.01, beta=1.0, wd=0.0, rescale_grad=1.0, clip_gradient=-1.0,
                out=None, name=None):
    """Ftrl-proximal step; with a row_sparse `grad` only its rows of `weight`, `z` and `n` change (in
    place, ``out=weight``), else the dense operator."""
    sp = _sparse_module()
    if not isinstance(grad, sp.RowSparseNDArray):
        return sp._dense_fn['ftrl_update'](weight, grad, z, n, lr=lr, lamda1=lamda1, beta=beta, wd=wd,
                                           rescale_grad=rescale_grad, clip_gradient=clip_gradient, out=out)
    if lr is None:
        raise sp.MXNetError('ftrl_update: required parameter lr is missing')
    _lazy_args('ftrl_update', weight, grad, out, (('z', z), ('n', n)))
    from .optimizer_update import _ftrl_step
    rows, g = coalesced_rows(grad)
    clip = clip_gradient if clip_gradient is not None and clip_gradient >= 0 else None
    with torch.no_grad():
        lazy_step(lambda ws, gs, st, lrs, wds: _ftrl_step(ws, gs, [st[0][0]._t], [st[0][1]._t], lrs, wds,
                                                          rescale_grad, clip, lamda1, beta),
                  weight._t, rows, g, (z, n), [lr], [wd])
    return out


def group_adagrad_update(weight, grad, history, lr=None, rescale_grad=1.0, clip_gradient=-1.0, epsilon=1e-5,
                         out=None, name=None):
    """Group AdaGrad step (one rate per row); with a row_sparse `grad` only its rows change (in place,
    ``out=weight``), else the dense operator."""
    sp = _sparse_module()
    if not isinstance(grad, sp.RowSparseNDArray):
        return sp._registry.namespace_functions('contrib')['group_adagrad_update'](
            weight, grad, history, lr=lr, rescale_grad=rescale_grad, clip_gradient=clip_gradient,
            epsilon=epsilon, out=out)
    if lr is None:
        raise sp.MXNetError('group_adagrad_update: required parameter lr is missing')
    if out is not weight:
        raise sp.MXNetError('Check failed: req == kWriteInplace : kWriteInplace is expected for sparse '
                            'group_adagrad_update (pass out=weight)')
    from .optimizer_update import _group_adagrad_step
    rows, g = coalesced_rows(grad)
    clip = clip_gradient if clip_gradient is not None and clip_gradient >= 0 else None
    with torch.no_grad():
        lazy_step(lambda ws, gs, st, lrs: _group_adagrad_step(ws, gs, [st[0]._t], lrs, rescale_grad, clip,
                                                              epsilon),
                  weight._t, rows, g, history, [lr])
    return out


# ---- row_sparse parameters as autograd variables -----------------------------------------------------------
_VARIABLE_CLASS = []


def row_sparse_variable(array):
    """A RowSparseNDArray of `array`'s storage that autograd can differentiate: its ``_t`` is one dense
    tensor (made when first read, kept until the storage is replaced), which carries the variable's mark
    from one storage to the next. The arrays of a 'row_sparse' Parameter are such arrays, so that
    ``w = param.row_sparse_data(rows)`` then ``f(w).backward()`` fills the parameter's gradient."""
    if not _VARIABLE_CLASS:
        sp = _sparse_module()

        class RowSparseVariable(sp.RowSparseNDArray):
            __slots__ = ('_store', '_leaf', '_mark')

            @property
            def _s(self):
                return self._store

            @_s.setter
            def _s(self, storage):
                self._store = storage
                self._leaf = None

            @property
            def _t(self):
                leaf = self._leaf
                if leaf is None:
                    leaf = self._leaf = sp._dense_of(self)
                    mark = self._mark
                    if mark is not None:
                        leaf.requires_grad_(mark[0])
                        leaf._mx_ag = mark[1]
                return leaf

            @_t.setter
            def _t(self, tensor):
                # autograd's mark cuts a recorded result from its graph through this setter
                self._s = sp._to_stype(sp._wrap(tensor.detach()), 'row_sparse')._s

            def _remember_mark(self):
                leaf = self._t
                info = getattr(leaf, '_mx_ag', None)
                self._mark = None if info is None else (leaf.requires_grad, info)

        _VARIABLE_CLASS.append(_add_recorded_arithmetic(RowSparseVariable))
    cls = _VARIABLE_CLASS[0]
    v = object.__new__(cls)
    v._mark = None
    v._s = array._s
    v._ctx = array._ctx
    return v


def _recorded_or_sparse(name):
    """A dunder of the row_sparse variables: while autograd records, NDArray's (dense result, recorded
    from the variable's dense tensor), else the sparse array's own (MXNet's output storage types)."""
    def method(self, *args):
        from ... import _state
        from ..ndarray import NDArray
        sp = _sparse_module()
        own = NDArray if _state.state.recording else sp.RowSparseNDArray
        return getattr(own, name)(self, *args)
    method.__name__ = name
    return method


def _add_recorded_arithmetic(cls):
    for name in ('__add__', '__radd__', '__sub__', '__rsub__', '__mul__', '__rmul__', '__truediv__',
                 '__rtruediv__', '__neg__'):
        setattr(cls, name, _recorded_or_sparse(name))
    return cls
