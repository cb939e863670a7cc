"""The operator table.

Every operator is written once, as a function over torch tensors, and registered here with the names it
has in MXNet. From that one entry come the ``mx.nd.<name>`` function (which unwraps NDArray arguments,
calls the implementation, wraps the result and honours ``out=``), the ``NDArray.<name>`` method when the
operator is a method in MXNet, and through the ``nd`` namespace the ``F`` that ``hybrid_forward`` receives.
"""
import functools
import inspect
import weakref

import torch

from ..base import MXNetError

Tensor = torch.Tensor
_new = object.__new__
_ref = weakref.ref

# Weak references to the NDArrays made while recording whose tensors are in a graph. MXNet frees a graph
# when backward runs without retain_graph, after which every array computed in it is a constant; autograd
# does the same by detaching the arrays listed here that the consumed graph contains. The list object is
# shared (ndarray.py appends to it) and is only ever changed in place.
in_graph = []

__all__ = ['register', 'OPS', 'namespace_functions', 'Op']


class Op:
    """One entry of the operator table."""
    __slots__ = ('name', 'namespace', 'impl', 'function', 'method', 'aliases')

    def __init__(self, name, namespace, impl, function, method, aliases):
        self.name = name
        self.namespace = namespace
        self.impl = impl
        self.function = function
        self.method = method
        self.aliases = aliases

    def __repr__(self):
        return 'Op({}{})'.format(self.namespace + '.' if self.namespace else '', self.name)


OPS = {}          # (namespace, name) -> Op, aliases included
_METHODS = {}     # method name -> function, attached to NDArray by ndarray/__init__.py
_NDARRAY = None   # the NDArray class and its wrapper, set by ndarray.py once it is defined
_wrap = None


def bind_ndarray(ndarray_class, wrap):
    global _NDARRAY, _wrap
    _NDARRAY, _wrap = ndarray_class, wrap


def register(name=None, namespace='', method=False, aliases=(), raw=False):
    """Decorator entering an implementation into the table.

    Parameters
    ----------
    name : str
        The operator's MXNet name (default: the function's name).
    namespace : str
        '' for ``mx.nd``, or 'random', 'linalg', 'contrib', 'image', ... for ``mx.nd.<namespace>``.
    method : bool or str
        Also make it an NDArray method (under this name when a string).
    aliases : tuple of str
        Further names for the same operator in the same namespace (e.g. 'broadcast_add' for 'add').
    raw : bool
        The implementation takes NDArrays and returns NDArrays itself (for the few operators whose
        semantics are about arrays rather than tensors, such as ``where`` with scalars or ``copyto``).
    """
    def decorate(impl):
        op_name = name or impl.__name__.lstrip('_')
        function = impl if raw else _make_function(impl, op_name)
        meth = (op_name if method is True else method) or None
        op = Op(op_name, namespace, impl, function, meth, tuple(aliases))
        for n in (op_name,) + tuple(aliases):
            OPS[(namespace, n)] = op
        if meth:
            _METHODS[meth] = function
        return impl
    return decorate


def _make_function(impl, op_name):
    @functools.wraps(impl)
    def function(*args, out=None, name=None, **kwargs):
        nd = _NDARRAY
        a = args[0] if args else None
        # results keep the context label (cpu(1), cpu_pinned, ...) of the first argument
        label = a._ctx if isinstance(a, nd) else None
        if len(args) == 1:
            # the commonest call, one array: no list to build
            targs = (a._t,) if type(a) is nd else [a._t if isinstance(a, nd) else a for a in args]
        else:
            targs = [a._t if isinstance(a, nd) else a for a in args]
        if kwargs:
            for k, v in kwargs.items():
                if isinstance(v, nd):
                    kwargs[k] = v._t
        try:
            result = impl(*targs, **kwargs)
        except MXNetError:
            raise
        except RuntimeError as e:
            # torch's errors (shapes, dtypes, ...) are MXNet's MXNetError
            raise MXNetError('{}: {}'.format(op_name, e)) from None
        if out is not None:
            return _write_out(result, out, op_name, args)
        if type(result) is Tensor:
            wrapped = _new(nd)  # _wrap inlined: this is every operator's hot path
            wrapped._t = result
            wrapped._ctx = label
            if result.requires_grad:
                in_graph.append(_ref(wrapped))
            return wrapped
        if type(result) is tuple or type(result) is list:
            return [_wrap_labelled(r, label) if isinstance(r, Tensor) else r for r in result]
        return _wrap_labelled(result, label) if isinstance(result, Tensor) else result

    try:
        sig = inspect.signature(impl)
        params = list(sig.parameters.values())
        params.append(inspect.Parameter('out', inspect.Parameter.KEYWORD_ONLY, default=None))
        # keyword-only parameters must follow *args and precede **kwargs: sort by kind, stably
        function.__signature__ = sig.replace(parameters=sorted(params, key=lambda p: p.kind))
    except (TypeError, ValueError):
        pass
    function.__name__ = op_name
    function.__qualname__ = op_name
    return function


_ASSIGN_IN_GRAPH = ('Assigning to NDArrays that are already in a computational graph will cause undefined '
                    'behavior when evaluating gradients. Please call backward first to clear the graph or do '
                    'this out side of a record section. Also note that you cannot use inplace operations like '
                    '+=, *=, relu(x, out=x), y[idx]=x, etc inside a record section.')
_INPLACE_RECORDING = 'Inplace operations (+=, -=, x[:]=, etc) are not supported when recording with autograd.'


def check_recorded_write(target, value, target_is_input=True):
    """MXNet's rules for writing into an existing array while recording (call only when torch's grad mode,
    which follows the recording flag, is on): the target must not be in the graph already, and a target
    that is also an input of the write may not receive a value that is (it would be both input and output
    of one recorded operation)."""
    if target.requires_grad:
        raise MXNetError(_ASSIGN_IN_GRAPH)
    if target_is_input and isinstance(value, Tensor) and value.requires_grad:
        raise MXNetError(_INPLACE_RECORDING)


def _wrap_labelled(t, label):
    wrapped = _wrap(t)
    wrapped._ctx = label
    return wrapped


def _write_out(result, out, op_name, args=()):
    results = result if isinstance(result, (tuple, list)) else (result,)
    outs = out if isinstance(out, (tuple, list)) else (out,)
    if len(outs) != len(results):
        raise MXNetError('{}: out= has {} array(s) but the operator gives {}'.format(
            op_name, len(outs), len(results)))
    for o, r in zip(outs, results):
        if not isinstance(o, _NDARRAY):
            raise TypeError('{}: out= must be an NDArray, got {}'.format(op_name, type(o).__name__))
        if tuple(o._t.shape) != tuple(r.shape):
            raise MXNetError('{}: out= has shape {} but the result has shape {}'.format(
                op_name, tuple(o._t.shape), tuple(r.shape)))
        if torch.is_grad_enabled():
            check_recorded_write(o._t, r, target_is_input=any(o is a for a in args))
        if o._t is not r:
            o._t.copy_(r)
            if o._t.requires_grad:
                in_graph.append(_ref(o))
    return out


def namespace_functions(namespace):
    """{name: function} of every operator registered in a namespace."""
    return {n: op.function for (ns, n), op in OPS.items() if ns == namespace}


def methods():
    return dict(_METHODS)
