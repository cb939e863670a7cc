"""nd.sparse's lazy optimizer operators (adagrad_update, ftrl_update, group_adagrad_update) and the
row_sparse arrays that autograd can differentiate (a 'row_sparse' Parameter's arrays).

They are built on nd.sparse's classes and on the row-wise kernels of ops/sparse_update.py, so they sit above
both; ndarray/__init__.py gives nd.sparse its optimizer operators from here."""
import torch

from .. import _state
from .ndarray import NDArray
from . import sparse as sp
from .ops.optimizer_update import _ftrl_step, _group_adagrad_step
from .ops.sparse_update import coalesced_rows, lazy_step

__all__ = ['adagrad_update', 'ftrl_update', 'group_adagrad_update', 'RowSparseVariable', 'row_sparse_variable']

OPTIMIZER_OPERATORS = ('adagrad_update', 'ftrl_update', 'group_adagrad_update')


# ---- nd.sparse's optimizer operators -----------------------------------------------------------------------
def _lazy_args(op, weight, grad, out, states):
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
    if not isinstance(grad, sp.RowSparseNDArray):
        return sp._dense_fn['ftrl_update'](weight, grad, z, n, lr=lr, lamda1=lamda1, beta=beta, wd=wd,
                                           rescale_grad=rescale_grad, clip_gradient=clip_gradient, out=out)
    if lr is None:
        raise sp.MXNetError('ftrl_update: required parameter lr is missing')
    _lazy_args('ftrl_update', weight, grad, out, (('z', z), ('n', n)))
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
    if not isinstance(grad, sp.RowSparseNDArray):
        return sp._registry.namespace_functions('contrib')['group_adagrad_update'](
            weight, grad, history, lr=lr, rescale_grad=rescale_grad, clip_gradient=clip_gradient,
            epsilon=epsilon, out=out)
    if lr is None:
        raise sp.MXNetError('group_adagrad_update: required parameter lr is missing')
    if out is not weight:
        raise sp.MXNetError('Check failed: req == kWriteInplace : kWriteInplace is expected for sparse '
                            'group_adagrad_update (pass out=weight)')
    rows, g = coalesced_rows(grad)
    clip = clip_gradient if clip_gradient is not None and clip_gradient >= 0 else None
    with torch.no_grad():
        lazy_step(lambda ws, gs, st, lrs: _group_adagrad_step(ws, gs, [st[0]._t], lrs, rescale_grad, clip,
                                                              epsilon),
                  weight._t, rows, g, history, [lr])
    return out


# ---- row_sparse parameters as autograd variables -----------------------------------------------------------
class RowSparseVariable(sp.RowSparseNDArray):
    """A RowSparseNDArray that autograd can differentiate: its ``_t`` is one dense tensor (made when first
    read, kept until the storage is replaced), which carries the variable's mark from one storage to the
    next."""
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


def row_sparse_variable(array):
    """A RowSparseVariable of `array`'s storage. The arrays of a 'row_sparse' Parameter are such arrays, so
    that ``w = param.row_sparse_data(rows)`` then ``f(w).backward()`` fills the parameter's gradient."""
    v = object.__new__(RowSparseVariable)
    v._mark = None
    v._s = array._s
    v._ctx = array._ctx
    return v


def _recorded_or_sparse(name):
    """A dunder of the row_sparse variables: while autograd records, NDArray's (dense result, recorded
    from the variable's dense tensor), else the sparse array's own (MXNet's output storage types)."""
    def method(self, *args):
        own = NDArray if _state.state.recording else sp.RowSparseNDArray
        return getattr(own, name)(self, *args)
    method.__name__ = name
    return method


def _add_recorded_arithmetic(cls):
    for name in ('__add__', '__radd__', '__sub__', '__rsub__', '__mul__', '__rmul__', '__truediv__',
                 '__rtruediv__', '__neg__'):
        setattr(cls, name, _recorded_or_sparse(name))
    return cls


_add_recorded_arithmetic(RowSparseVariable)
