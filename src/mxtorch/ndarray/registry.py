"""The operator table.

Every operator is written once, as a function over torch tensors, and registered here with the names it
has in MXNet. From that one entry come the ``mx.nd.<name>`` function (which unwraps NDArray arguments,
calls the implementation, wraps the result and honours ``out=``), the ``NDArray.<name>`` method when the
operator is a method in MXNet, and through the ``nd`` namespace the ``F`` that ``hybrid_forward`` receives.
"""
import functools
import inspect
import linecache
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
    _WRAPPER_GLOBALS['_NDArray'] = ndarray_class


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
        if not raw:
            # where users reach it (mx.nd, mx.nd.random, ...): pickle finds it there by name
            function.__module__ = 'mxtorch.ndarray' + ('.' + namespace if namespace else '')
        meth = (op_name if method is True else method) or None
        op = Op(op_name, namespace, impl, function, meth, tuple(aliases))
        for n in (op_name,) + tuple(aliases):
            OPS[(namespace, n)] = op
        if meth:
            _METHODS[meth] = function
        return impl
    return decorate


def _make_function(impl, op_name):
    """The ``mx.nd`` function of an implementation: with the implementation's own parameter list where it
    has one (see _signature_function), else a generic wrapper taking ``*args, **kwargs``."""
    try:
        params = list(inspect.signature(impl).parameters.values())
    except (TypeError, ValueError):
        params = None
    if params and all(p.kind in (_POSITIONAL, _KEYWORD_ONLY, _VAR_KEYWORD) for p in params) and \
            params[0].kind is _POSITIONAL and not any(p.name.startswith('_') or p.name in ('out', 'name')
                                                       for p in params):
        return _signature_function(impl, op_name, params)
    return _generic_function(impl, op_name)


_POSITIONAL = inspect.Parameter.POSITIONAL_OR_KEYWORD
_KEYWORD_ONLY = inspect.Parameter.KEYWORD_ONLY
_VAR_KEYWORD = inspect.Parameter.VAR_KEYWORD

# The body of every operator function with a fixed parameter list. A function written with the operator's
# own parameters is called about 0.5 us quicker than one taking ``*args, **kwargs`` (and needs no loop
# over the keywords to find arrays), which is a third of the overhead budget per operator; Python can only
# give a function a parameter list by compiling it, so the one body below is filled in per operator, as
# the standard library's dataclasses and namedtuple do. Names starting with '_' cannot clash with
# parameters (no operator's parameter starts with one; some are called `type`), builtins included.
_WRAPPER_SOURCE = """\
def _make(_impl, _op_name):
    def _operator({params}*, out, name{var_keyword}):
        _label = {first}._ctx if _isinstance({first}, _NDArray) else None
{unwrap}
        try:
            _result = _impl({call})
        except _MXNetError:
            raise
        except _RuntimeError as _e:
            raise _MXNetError('{{}}: {{}}'.format(_op_name, _e)) from None
        if out is not None:
            return _write_out(_result, out, _op_name, ({originals}))
        if _type(_result) is _Tensor:
            # ndarray._wrap_like written out: a call less on every operator's path
            _wrapped = _new(_NDArray)
            _wrapped._t = _result
            _wrapped._ctx = _label
            if _result.requires_grad:
                _in_graph.append(_ref(_wrapped))
            return _wrapped
        return _wrap_any(_result, _label)
    return _operator
"""


def _signature_function(impl, op_name, params):
    positional = [p.name for p in params if p.kind is _POSITIONAL]
    keyword_only = [p.name for p in params if p.kind is _KEYWORD_ONLY]
    var_keyword = [p.name for p in params if p.kind is _VAR_KEYWORD]
    names = positional + keyword_only
    source = _WRAPPER_SOURCE.format(
        params=''.join(n + ', ' for n in positional),
        # an unknown keyword is Python's TypeError naming it (collecting such keywords to raise MXNet's
        # MXNetError instead would cost every call a dictionary)
        var_keyword=''.join(', ' + n for n in keyword_only) + (', **' + var_keyword[0] if var_keyword else ''),
        first=names[0],
        unwrap='\n'.join('        _t_{0} = {0}._t if _isinstance({0}, _NDArray) else {0}'.format(n)
                         for n in names),
        call=', '.join(['_t_' + n for n in positional] + ['{0}=_t_{0}'.format(n) for n in keyword_only] +
                       ['**' + n for n in var_keyword]),
        originals=''.join(n + ', ' for n in names))
    namespace = {}
    filename = '<mxtorch operator {}>'.format(op_name)
    # tracebacks through the function show its lines
    linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
    exec(compile(source, filename, 'exec'), _WRAPPER_GLOBALS, namespace)
    function = namespace['_make'](impl, op_name)
    function.__defaults__ = impl.__defaults__
    function.__kwdefaults__ = dict(impl.__kwdefaults__ or {}, out=None, name=None)
    function.__name__ = function.__qualname__ = op_name
    function.__doc__ = impl.__doc__
    function.__wrapped__ = impl
    function.__signature__ = _public_signature(impl)
    return function


def _public_signature(impl):
    """The implementation's signature with the keyword-only `out` and `name` that its function adds."""
    signature = inspect.signature(impl)
    params = list(signature.parameters.values()) + [inspect.Parameter(n, _KEYWORD_ONLY, default=None)
                                                    for n in ('out', 'name')]
    # keyword-only parameters must follow *args and precede **kwargs: sort by kind, stably
    return signature.replace(parameters=sorted(params, key=lambda p: p.kind))


def _wrap_any(result, label):
    """NDArrays for the tensors of a result that is not a single tensor (a tuple or list of them)."""
    if type(result) is tuple or type(result) is list:
        return [_wrap_labelled(r, label) if isinstance(r, Tensor) else r for r in result]
    return _wrap_labelled(result, label) if isinstance(result, Tensor) else result


def _generic_function(impl, op_name):
    """The function of an implementation taking ``*args`` (concat, stack, add_n, ...)."""
    @functools.wraps(impl)
    def function(*args, out=None, name=None, **kwargs):
        nd = _NDARRAY
        for k, v in kwargs.items():
            if isinstance(v, nd):
                kwargs[k] = v._t
        # results keep the context label (cpu(1), cpu_pinned, ...) of the first argument
        label = args[0]._ctx if args and isinstance(args[0], nd) else None
        try:
            result = impl(*[x._t if isinstance(x, nd) else x for x in args], **kwargs)
        except MXNetError:
            raise
        except RuntimeError as e:
            # torch's errors (shapes, dtypes, ...) are MXNet's MXNetError
            raise MXNetError('{}: {}'.format(op_name, e)) from None
        if out is not None:
            return _write_out(result, out, op_name, args)
        return _wrap_any(result, label)

    try:
        function.__signature__ = _public_signature(impl)
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


# what the compiled operator functions see as globals ('_NDArray' is filled in by bind_ndarray)
_WRAPPER_GLOBALS = {'_isinstance': isinstance, '_type': type, '_RuntimeError': RuntimeError,
                    '_NDArray': None, '_Tensor': Tensor, '_MXNetError': MXNetError, '_new': _new, '_ref': _ref,
                    '_in_graph': in_graph, '_write_out': _write_out, '_wrap_any': _wrap_any}
