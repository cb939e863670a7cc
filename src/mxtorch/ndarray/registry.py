"""The operator table.

Every operator is written once, as a function over torch tensors, and registered here with the names it
has in MXNet. From that one entry come the ``mx.nd.<name>`` function (which unwraps NDArray arguments,
calls the implementation, wraps the result and honours ``out=``), the ``NDArray.<name>`` method when the
operator is a method in MXNet, and through the ``nd`` namespace the ``F`` that ``hybrid_forward`` receives.
"""
import functools
import inspect

import torch

from ..base import MXNetError

Tensor = torch.Tensor

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
            raise MXNetError('{}: {}'.format(op_name, e)) from None
        if out is not None:
            return _write_out(result, out, op_name)
        if type(result) is Tensor:
            return _wrap(result)
        if type(result) is tuple or type(result) is list:
            return [_wrap(r) if isinstance(r, Tensor) else r for r in result]
        return _wrap(result) if isinstance(result, Tensor) else result

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


def _write_out(result, out, op_name):
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
        if o._t is not r:
            o._t.copy_(r)
    return out


def namespace_functions(namespace):
    """{name: function} of every operator registered in a namespace."""
    return {n: op.function for (ns, n), op in OPS.items() if ns == namespace}


def methods():
    return dict(_METHODS)
