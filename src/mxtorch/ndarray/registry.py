"""The operator table.

An operator is written once, as a function over torch tensors, and registered here under its MXNet
names. From that one entry come the ``mx.nd.<name>`` function (it unwraps NDArray arguments, calls the
implementation, wraps the result and honours ``out=``), the ``NDArray.<name>`` method where MXNet has one,
and through ``mx.nd`` the ``F`` that ``hybrid_forward`` receives.

Registration is checked: a name registered twice, a method name NDArray already has, or an
implementation whose parameters the functions cannot take (``out``, ``name``, names starting with '_')
is an error when the module registering it is imported.
"""
import functools
import inspect
import linecache
import numbers
import weakref

import torch

from .. import _autograd, _state
from ..base import MXNetError, TORCH_TO_NAME
from . import _shadow
from ._errors import torch_index_error, translate
from .ndarray import NDArray

__all__ = ['register', 'OPS', 'namespace_functions', 'methods', 'Op', 'passed_on', 'describe_inputs']

Tensor = torch.Tensor
_recorded = _autograd.recorded


class Op:
    """One entry of the table: the implementation and the function made from it, the NDArray method name
    (or None) and the further names."""
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


OPS = {}       # (namespace, name) -> Op, aliases included
_METHODS = {}  # NDArray method name -> function


def register(name=None, namespace='', method=False, aliases=(), raw=False):
    """Decorator entering an implementation into the table; returns the implementation unchanged.

    Parameters
    ----------
    name : str
        The operator's MXNet name (default: the function's name without leading underscores).
    namespace : str
        '' for ``mx.nd``, or 'random', 'linalg', 'contrib', 'image', ... for ``mx.nd.<namespace>``.
    method : bool or str
        Also an NDArray method (named `method` when it is a string).
    aliases : tuple of str
        Further names in the same namespace (e.g. 'broadcast_add' for 'add').
    raw : bool
        The implementation takes and returns NDArrays itself and is used as the function as it is (for
        the few operators whose semantics are about arrays rather than tensors, such as ``copyto``).
    """
    def enter(impl):
        op_name = name or impl.__name__.lstrip('_')
        names = (op_name,) + tuple(aliases)
        taken = [n for n in names if (namespace, n) in OPS]
        if taken:
            raise MXNetError('operator {!r} is registered twice (by {} and {})'.format(
                _qualified(namespace, taken[0]), _where(OPS[(namespace, taken[0])].impl), _where(impl)))
        method_name = (op_name if method is True else method) or None
        if method_name and (method_name in _METHODS or method_name in vars(NDArray)):
            raise MXNetError('operator {!r}: NDArray already has a method {!r}'.format(
                _qualified(namespace, op_name), method_name))
        function = impl if raw else _make_function(impl, op_name)
        if not raw:
            # where users reach it (mx.nd, mx.nd.random, ...), so that pickle finds it by name
            function.__module__ = 'mxtorch.ndarray' + ('.' + namespace if namespace else '')
        op = Op(op_name, namespace, impl, function, method_name, tuple(aliases))
        for n in names:
            OPS[(namespace, n)] = op
        if method_name:
            _METHODS[method_name] = function
            setattr(NDArray, method_name, function)
        return impl
    return enter


def passed_on(error):
    """Mark an error that an implementation raises with MXNet's own message about its arguments: the
    operator function passes it on as it is, where it would otherwise diagnose a TypeError or
    AttributeError (see _argument_error). Returns the error."""
    error._mx_passed_on = True
    return error


def _qualified(namespace, name):
    return namespace + '.' + name if namespace else name


def _where(impl):
    return '{}.{}'.format(getattr(impl, '__module__', '?'), getattr(impl, '__qualname__', impl))


def namespace_functions(namespace):
    """{name: function} of the operators of a namespace, aliases included."""
    return {n: op.function for (ns, n), op in OPS.items() if ns == namespace}


def methods():
    """{name: function} of the NDArray methods the table made."""
    return dict(_METHODS)


# ---- the functions ----------------------------------------------------------------------------------
_POSITIONAL = inspect.Parameter.POSITIONAL_OR_KEYWORD
_KEYWORD_ONLY = inspect.Parameter.KEYWORD_ONLY
_VAR_POSITIONAL = inspect.Parameter.VAR_POSITIONAL
_VAR_KEYWORD = inspect.Parameter.VAR_KEYWORD


def _make_function(impl, op_name):
    """The function of an implementation: compiled with the implementation's own parameter list
    (_compiled_function), or, for one taking ``*args``, a generic wrapper."""
    try:
        params = list(inspect.signature(impl).parameters.values())
    except (TypeError, ValueError):
        raise MXNetError('operator {!r}: its implementation {!r} has no signature to read'.format(
            op_name, impl)) from None
    bad = [p.name for p in params if p.name.startswith('_') or p.name in ('out', 'name')]
    if bad:
        raise MXNetError('operator {!r}: parameter {!r} clashes with the names its function adds (out, name, '
                         'and names starting with _)'.format(op_name, bad[0]))
    if any(p.kind is _VAR_POSITIONAL for p in params):
        return _generic_function(impl, op_name)
    if not params or any(p.kind not in (_POSITIONAL, _KEYWORD_ONLY, _VAR_KEYWORD) for p in params):
        raise MXNetError('operator {!r}: its implementation needs at least one parameter, and none '
                         'positional-only'.format(op_name))
    return _compiled_function(impl, op_name, params)


# The body of every operator function with a fixed parameter list. A function with the operator's own
# parameters is called about 0.5 us quicker than one taking ``*args, **kwargs`` (and needs no loop over
# keywords to find arrays), a third of the overhead budget per operator; Python gives a function a
# parameter list only by compiling it, so this one body is filled in per operator, as the standard
# library's dataclasses and namedtuple do. Its own names start with '_', which no parameter may (see
# _make_function). The good path has no work beyond unwrapping, the call and wrapping: the except
# clauses cost nothing until an error, and only a result that requires grad is looked at further.
_SOURCE = """\
def _make(_impl, _op_name, _params):
    def _operator({params}*, out, name{keyword_params}):
        if _isinstance({first}, _NDArray):
            # results keep the first array's context label (cpu(1), ...) and class (mx.np.ndarray)
            _label = {first}._ctx
            _class = {first}.__class__
        else:
            _label = None
            _class = _NDArray
{unwrap}
        try:
            _result = _impl({call})
        except _MXNetError:
            raise
        except _RuntimeError as _e:
            raise _runtime_error(_op_name, _e, _params, ({values})) from None
        except (_TypeError, _AttributeError) as _e:
            raise _argument_error(_op_name, _e, _params, ({values})) from None
        except _IndexError as _e:
            # torch's for an axis or index out of range; mxtorch's own IndexErrors pass on
            if not _torch_index_error(_e):
                raise
            raise _runtime_error(_op_name, _e, _params, ({values})) from None
        if out is not None:
            return _write_out(_result, out, _op_name, ({values}))
        if _type(_result) is _Tensor:
            # ndarray._wrap written out: a call less on every operator's path
            _wrapped = _new(_class)
            _wrapped._t = _result
            _wrapped._ctx = _label
            if _result.requires_grad:
                # _autograd.recorded, its recording case written out
                _graph = _flags.recording_into
                if _graph is None or len(_graph) >= _graph.limit:
                    _recorded(_wrapped)
                else:
                    _graph.append(_ref(_wrapped))
            elif _flags.recording_into is not None:
                # an integer (or otherwise undifferentiable) result of recorded inputs: see ndarray/_shadow.py
                _shade(_result, lambda {tparams}: _impl({call}), ({tvalues}))
            return _wrapped
        if _flags.recording_into is not None and (_type(_result) is _tuple or _type(_result) is _list):
            _shade_all(_result, lambda {tparams}: _impl({call}), ({tvalues}))
        return _wrap_any(_result, _label, _class)
    return _operator
"""

_GLOBALS = {'_isinstance': isinstance, '_type': type, '_RuntimeError': RuntimeError, '_TypeError': TypeError,
            '_AttributeError': AttributeError, '_IndexError': IndexError, '_torch_index_error': torch_index_error,
            '_NDArray': NDArray, '_Tensor': Tensor,
            '_MXNetError': MXNetError, '_new': object.__new__, '_recorded': _recorded, '_flags': _state.state,
            '_ref': weakref.ref, '_shade': _shadow.shade, '_shade_all': _shadow.shade_all, '_tuple': tuple,
            '_list': list}


def _compiled_function(impl, op_name, params):
    positional = [p.name for p in params if p.kind is _POSITIONAL]
    keyword_only = [p.name for p in params if p.kind is _KEYWORD_ONLY]
    var_keyword = [p.name for p in params if p.kind is _VAR_KEYWORD]
    names = positional + keyword_only
    source = _SOURCE.format(
        params=''.join(n + ', ' for n in positional),
        # an unknown keyword is Python's TypeError naming it (collecting such keywords to raise MXNet's
        # MXNetError instead would cost every call a dictionary)
        keyword_params=''.join(', ' + n for n in keyword_only) + ''.join(', **' + n for n in var_keyword),
        first=names[0],
        unwrap='\n'.join('        _t_{0} = {0}._t if _isinstance({0}, _NDArray) else {0}'.format(n)
                         for n in names),
        call=', '.join(['_t_' + n for n in positional] + ['{0}=_t_{0}'.format(n) for n in keyword_only] +
                       ['**' + n for n in var_keyword]),
        values=''.join(n + ', ' for n in names),
        tparams=', '.join('_t_' + n for n in names),
        tvalues=''.join('_t_' + n + ', ' for n in names))
    filename = '<mxtorch operator {}>'.format(op_name)
    linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)  # for tracebacks
    namespace = {}
    exec(compile(source, filename, 'exec'), _GLOBALS, namespace)
    function = namespace['_make'](impl, op_name, _describe_params(params, names))
    # frames in tracebacks and profiles carry the operator's name
    function.__code__ = function.__code__.replace(co_name=op_name, co_qualname=op_name)
    function.__defaults__ = impl.__defaults__
    function.__kwdefaults__ = dict(impl.__kwdefaults__ or {}, out=None, name=None)
    function.__name__ = function.__qualname__ = op_name
    function.__doc__ = impl.__doc__
    function.__wrapped__ = impl
    function.__signature__ = _public_signature(impl)
    return function


def _generic_function(impl, op_name):
    """The function of an implementation taking ``*args`` (concat, stack, add_n, ...)."""
    @functools.wraps(impl)
    def function(*args, out=None, name=None, **kwargs):
        for k, v in kwargs.items():
            if isinstance(v, NDArray):
                kwargs[k] = v._t
        # results keep the context label (cpu(1), cpu_pinned, ...) and the class of the first argument
        first = args[0] if args else None
        if isinstance(first, (list, tuple)) and first:
            first = first[0]
        label, cls = (first._ctx, first.__class__) if isinstance(first, NDArray) else (None, NDArray)
        try:
            tensors = [a._t if isinstance(a, NDArray) else a for a in args]
            result = impl(*tensors, **kwargs)
        except MXNetError:
            raise
        except RuntimeError as e:
            raise _runtime_error(op_name, e, None, args) from None
        except (TypeError, AttributeError) as e:
            for a in args:
                if not isinstance(a, (NDArray, Tensor)):
                    raise AssertionError('Positional arguments must have NDArray type, but got {}'.format(
                        a)) from None
            raise _argument_error(op_name, e, None, args) from None
        except IndexError as e:
            if not torch_index_error(e):
                raise
            raise _runtime_error(op_name, e, None, args) from None
        if out is not None:
            return _write_out(result, out, op_name, args)
        if _state.state.recording_into is not None:
            _shade_any(result, lambda *tensors: impl(*tensors, **kwargs), tensors)
        return _wrap_any(result, label, cls)

    function.__code__ = function.__code__.replace(co_name=op_name, co_qualname=op_name)
    function.__signature__ = _public_signature(impl)
    function.__name__ = function.__qualname__ = op_name
    return function


def _public_signature(impl):
    """The implementation's signature with the keyword-only `out` and `name` that its function adds."""
    signature = inspect.signature(impl)
    params = list(signature.parameters.values()) + [inspect.Parameter(n, _KEYWORD_ONLY, default=None)
                                                    for n in ('out', 'name')]
    # keyword-only parameters follow *args and precede **kwargs: sort by kind, stably
    return signature.replace(parameters=sorted(params, key=lambda p: p.kind))


# ---- results ----------------------------------------------------------------------------------------
def _shade_any(result, call, values):
    """While recording: shadows for the results of `call(*values)` that torch cannot differentiate
    (integer results of integer variables, see ndarray/_shadow.py)."""
    if type(result) is Tensor:
        if not result.requires_grad:
            _shadow.shade(result, call, values)
    elif type(result) is tuple or type(result) is list:
        _shadow.shade_all(result, call, values)


def _wrap_labelled(t, label, cls=NDArray):
    a = object.__new__(cls)
    a._t = t
    a._ctx = label
    if t.requires_grad:
        _recorded(a)
    return a


def _wrap_any(result, label, cls=NDArray):
    """Arrays of class `cls` for the tensors of a result that is not a single tensor (a tuple or list of
    them)."""
    if type(result) is tuple or type(result) is list:
        return [_wrap_labelled(r, label, cls) if isinstance(r, Tensor) else r for r in result]
    return _wrap_labelled(result, label, cls) if isinstance(result, Tensor) else result


def _write_out(result, out, op_name, args=()):
    results = result if isinstance(result, (tuple, list)) else (result,)
    outs = out if isinstance(out, (tuple, list)) else (out,)
    if len(outs) != len(results):
        raise MXNetError('{}: out= has {} array(s) but the operator gives {}'.format(
            op_name, len(outs), len(results)))
    for o, r in zip(outs, results):
        if not isinstance(o, NDArray):
            raise TypeError('{}: out= must be an NDArray, got {}'.format(op_name, type(o).__name__))
        if tuple(o._t.shape) != tuple(r.shape):
            raise MXNetError('{}: out= has shape {} but the result has shape {}'.format(
                op_name, tuple(o._t.shape), tuple(r.shape)))
        sparse_write = getattr(type(o), '_write_dense', None)
        if sparse_write is not None:  # a csr/row_sparse target keeps its storage type (MXNet's fallback)
            sparse_write(o, r)
            continue
        if torch.is_grad_enabled():
            _autograd.check_write(o._t, r, value_is_input=any(o is a for a in args))
        if o._t is not r:
            o._t.copy_(r)
            if o._t.requires_grad:
                _recorded(o)
    return out


_GLOBALS.update(_write_out=_write_out, _wrap_any=_wrap_any)


# ---- errors -----------------------------------------------------------------------------------------
# Parameter names that are array inputs of MXNet's operators (its generated functions assert that they
# are NDArrays); those in _ALSO_NUMBERS are numbers in some operators and arrays in others.
_ARRAY_NAMES = frozenset('A B C a args bias buf condition data data_lengths gamma index index_vector indices '
                         'label label_lengths length lhs like mhs moving_mean moving_var new_tensor old_tensor '
                         'parameters rhs rois sample sequence_length shape_like src state state_cell weight '
                         'x y'.split())
_ALSO_NUMBERS = frozenset('alpha beta high k lam low mean mu p sigma'.split())


def _describe_params(params, names):
    """(name, takes an array, may also be a number, required) of each parameter, in the order of `names`."""
    required = {p.name for p in params if p.default is inspect.Parameter.empty}
    return tuple((n, n in _ARRAY_NAMES or n in _ALSO_NUMBERS, n in _ALSO_NUMBERS, n in required) for n in names)


def _argument_error(op_name, error, params, values):
    """The error for a call whose implementation raised TypeError or AttributeError: the array argument
    that is not an NDArray, named as MXNet names it, where there is one; else the original error, naming
    the operator and the arrays it was given."""
    if getattr(error, '_mx_passed_on', False):
        return error
    for (name, takes_array, may_be_number, required), value in zip(params or (), values):
        if not takes_array or isinstance(value, (NDArray, Tensor)) or (
                may_be_number and isinstance(value, numbers.Number)):
            continue
        if value is None:
            if required:
                return MXNetError('{}: argument {} is required (an NDArray), got None'.format(op_name, name))
            continue
        return AssertionError('Argument {} must have NDArray type, but got {}'.format(name, value))
    return type(error)('{}: {}{}'.format(op_name, translate(str(error)), _describe(params, values)))


def _runtime_error(op_name, error, params, values):
    """MXNetError for a RuntimeError (or IndexError) from torch (a shape, dtype or axis it refuses), naming
    the operator and the shapes and dtypes of its arrays, in MXNet's terms (_errors.translate)."""
    return MXNetError('{}: {}{}'.format(op_name, translate(str(error)), _describe(params, values)))


def _describe(params, values):
    """' (inputs: data (2, 3) float32, ...)' for the arrays among `values`."""
    names = [p[0] for p in params] if params else ['argument {}'.format(i) for i in range(len(values))]
    return describe_inputs(names, values)


def describe_inputs(names, values):
    """' (inputs: lhs (2, 3) float32, ...)': the shapes and dtypes of the arrays (NDArrays or tensors)
    among `values`, for error messages; '' when there are none."""
    parts = []
    for name, value in zip(names, values):
        t = value._t if isinstance(value, NDArray) else value
        if isinstance(t, Tensor):
            parts.append('{} {} {}'.format(name, tuple(t.shape), TORCH_TO_NAME.get(t.dtype, t.dtype)))
    return ' (inputs: {})'.format(', '.join(parts)) if parts else ''


_GLOBALS.update(_runtime_error=_runtime_error, _argument_error=_argument_error)
