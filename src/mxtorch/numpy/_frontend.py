"""The NumPy front end of the operator table: ``mx.np`` / ``mx.npx`` functions made from table entries.

A function is declared with MXNet's signature for it (``'x1, x2, out=None, **kwargs'``), the table entry
whose implementation computes it, and which of its parameters are arrays. The function is compiled from
one template, as the table's own ``mx.nd`` functions are (a fixed parameter list is quicker to call than
``*args, **kwargs``):

- an array parameter takes an ``mx.np.ndarray`` (its tensor goes to the implementation), a Python or
  NumPy number where the operator takes one, or None where it is optional; a legacy NDArray or anything
  else is the TypeError MXNet raises;
- results are ``mx.np.ndarray`` with the first array's context label, tuples stay tuples and lists stay
  lists; other results (numbers, shapes) come back as they are;
- ``out=`` writes into an existing array of the result's shape and dtype;
- ufuncs check NumPy's ufunc keywords (``where``, ``casting``, ``order``, ``dtype``, ``subok``) as MXNet
  does: a legal but unsupported value is NotImplementedError, anything else TypeError.
"""
import ast
import functools
import inspect
import json
import linecache
import numbers
import os
import weakref

import numpy as onp
import torch

from .. import _autograd
from .._state import state as _flags
from ..base import MXNetError, TORCH_TO_NAME
from ..ndarray.ndarray import NDArray, context_label
from ..ndarray.registry import OPS, _write_out, _runtime_error
from ..context import current_context
from . import _shadow

__all__ = ['define', 'NumpyArrayOperand']

Tensor = torch.Tensor
_recorded = _autograd.recorded
_array_class = [None]


def set_array_class(cls):
    _array_class[0] = cls


# ---- operands -----------------------------------------------------------------------------------------
def _not_supported(value):
    return TypeError('type {} not supported'.format(type(value)))


@functools.lru_cache(maxsize=None)
def _backend_names():
    """The operator names (and aliases) MXNet 1.9.1's backend registers, from the operator facts."""
    path = os.path.join(os.path.dirname(os.path.dirname(__file__)), 'symbol', 'mxnet_ops.json')
    try:
        with open(path) as f:
            ops = json.load(f)['ops']
    except (OSError, ValueError, KeyError):
        return frozenset()
    return frozenset(ops) | frozenset(a for facts in ops.values() for a in facts.get('aliases', ()))


def _backend_name(op_name):
    """The name MXNet 1.9.1's backend registers the NumPy operator `op_name` under (``_npi_concatenate``,
    ``_np_dot``, ``_npx_relu``), read when an error needs it; `op_name` itself where none is found."""
    names = _backend_names()
    for prefix in ('_npi_', '_np_', '_npx_'):
        if prefix + op_name in names:
            return prefix + op_name
    return op_name


def legacy_error(op_name):
    """MXNet's TypeError for a legacy NDArray given to a NumPy operator."""
    return TypeError('Operator `{}` registered in backend is known as `{}` in Python. This is a numpy operator '
                     'which can only accept MXNet numpy ndarrays, while received a legacy ndarray. Please '
                     'ensure that you have activated numpy semantics by calling `npx.set_np()` in your '
                     'code. If you still see this error with numpy semantics activated, please call '
                     '`as_np_ndarray()` upon the legacy ndarray to convert it to an MXNet numpy '
                     'ndarray, and then feed the converted array to this operator.'.format(_backend_name(op_name),
                                                                                          op_name))


class NumpyArrayOperand:
    """How the compiled functions read a value given for an array parameter (not an exact
    ``mx.np.ndarray``, which they read themselves)."""

    @staticmethod
    def read(value, name, op_name, numbers_ok):
        if isinstance(value, NDArray):
            if isinstance(value, _array_class[0]):
                return value._t
            raise legacy_error(op_name)
        if value is None:
            return None
        if numbers_ok and (isinstance(value, numbers.Number) or isinstance(value, onp.generic)):
            return value.item() if isinstance(value, onp.generic) else value
        if numbers_ok:
            raise _not_supported(value)
        raise AssertionError('Argument {} must have NDArray type, but got {}'.format(name, value))

    @staticmethod
    def read_sequence(values, name, op_name):
        if isinstance(values, NDArray):
            if not isinstance(values, _array_class[0]):
                raise legacy_error(op_name)
            return list(values._t.unbind(0)) if values._t.dim() else [values._t]
        if not isinstance(values, (list, tuple)):
            raise TypeError('{}: {} must be a list or tuple of arrays, got {}'.format(
                op_name, name, type(values).__name__))
        cls = _array_class[0]
        out = []
        for v in values:
            if type(v) is cls or isinstance(v, cls):
                out.append(v._t)
            elif isinstance(v, NDArray):
                raise legacy_error(op_name)
            elif isinstance(v, numbers.Number) or isinstance(v, onp.generic):
                out.append(v)
            else:
                raise _not_supported(v)
        return out


def loose_value(value, op_name):
    """A value given for a parameter that takes an array or anything else: a legacy NDArray is MXNet's
    TypeError, everything else is passed on as it is."""
    if isinstance(value, NDArray):
        raise legacy_error(op_name)
    return value


def label_of(values):
    for v in values:
        if isinstance(v, NDArray):
            return v._ctx
    return None


def wrap(t, label=None):
    """An mx.np.ndarray of tensor `t`."""
    a = object.__new__(_array_class[0])
    a._t = t
    a._ctx = label
    if t.requires_grad:
        _recorded(a)
    return a


def wrap_result(result, label):
    """mx.np.ndarrays for the tensors in a result that is not one tensor (tuples stay tuples)."""
    if type(result) is tuple:
        return tuple(wrap_result(r, label) for r in result)
    if type(result) is list:
        return [wrap_result(r, label) for r in result]
    if isinstance(result, Tensor):
        return wrap(result, label)
    return result


def write_out(result, out, op_name):
    """``out=``: an mx.np.ndarray of the result's shape and dtype gets the values."""
    outs = out if isinstance(out, (tuple, list)) else (out,)
    results = result if isinstance(result, (tuple, list)) else (result,)
    for o, r in zip(outs, results):
        if not isinstance(o, _array_class[0]):
            if isinstance(o, NDArray):
                raise legacy_error(op_name)
            raise TypeError('{}: out must be an mxnet.numpy.ndarray, got {}'.format(op_name, type(o).__name__))
        if isinstance(r, Tensor) and o._t.dtype is not r.dtype:
            if r.dtype is torch.bool:
                # (MXNet's TypeError for the tests isnan, isinf, ... writing elsewhere than into booleans)
                raise TypeError('{}: the `out` parameter should be a boolean array, got one of dtype {}'.format(
                    op_name, TORCH_TO_NAME[o._t.dtype]))
            raise MXNetError('{}: the output array has dtype {} but the result has dtype {}'.format(
                op_name, TORCH_TO_NAME[o._t.dtype], TORCH_TO_NAME[r.dtype]))
    return _write_out(result, out, op_name)


# ---- ufunc keywords -----------------------------------------------------------------------------------
_UFUNC_DEFAULTS = {'where': True, 'casting': 'same_kind', 'order': 'K', 'dtype': None, 'subok': True}
_LEGAL_DTYPES = {'int8', 'uint8', 'int32', 'int64', 'float16', 'float32', 'float64'}


def _legal(key, value):
    if key == 'where':
        return True
    if key == 'casting':
        return value in ('no', 'equiv', 'safe', 'same_kind', 'unsafe')
    if key == 'order':
        return isinstance(value, str)
    if key == 'dtype':
        try:
            return onp.dtype(value).name in _LEGAL_DTYPES
        except TypeError:
            return False
    if key == 'subok':
        return isinstance(value, bool)
    return False


def check_ufunc_keywords(op_name, kwargs, unary):
    for key, value in kwargs.items():
        if key not in _UFUNC_DEFAULTS:
            raise TypeError("{} is an invalid keyword to function '{}'".format(key, op_name))
        default = _UFUNC_DEFAULTS[key]
        if value is default or (type(value) is type(default) and value == default):
            continue
        if _legal(key, value):
            raise NotImplementedError('{}={} is not implemented yet{}'.format(
                key, value, ' for operator {}'.format(op_name) if unary else ''))
        raise TypeError('{}={} not understood for operator {}'.format(key, value, op_name) if unary else
                        '{} {} not understood'.format(key, value))


# ---- the template -------------------------------------------------------------------------------------
_SOURCE = """\
def _make(_impl, _op_name, _array_class, _read, _read_seq):
    def {name}({signature}):
{checks}{unwrap}
        try:
            _result = _impl({call})
        except (_MXNetError, _NotImplementedError):
            raise
        except _RuntimeError as _e:
            raise _runtime_error(_op_name, _e, None, ({arrays})) from None
{out_check}        if _type(_result) is _Tensor:
            _wrapped = _new(_array_class)
            _wrapped._t = _result
            _wrapped._ctx = _label
            if _result.requires_grad:
                _graph = _flags.recording_into
                if _graph is None or len(_graph) >= _graph.limit:
                    _recorded(_wrapped)
                else:
                    _graph.append(_ref(_wrapped))
            elif _flags.recording_into is not None:
                _shade(_result, lambda {arrays}: _impl({call}), ({arrays}))
            return _wrapped
        if _flags.recording_into is not None and (_type(_result) is _tuple or _type(_result) is _list):
            _shade_all(_result, lambda {arrays}: _impl({call}), ({arrays}))
        return _wrap_result(_result, _label)
    return {name}
"""

_GLOBALS = {'_type': type, '_isinstance': isinstance, '_Tensor': Tensor, '_MXNetError': MXNetError, '_RuntimeError': RuntimeError, '_NotImplementedError': NotImplementedError,
            '_runtime_error': _runtime_error, '_write_out': write_out, '_new': object.__new__,
            '_recorded': _recorded, '_flags': _flags, '_wrap_result': wrap_result,
            '_check_ufunc': check_ufunc_keywords, '_label_of': label_of, '_context_label': context_label,
            '_current_context': current_context, '_ref': weakref.ref, '_shade': _shadow.shade,
            '_loose': loose_value, '_shade_all': _shadow.shade_all, '_tuple': tuple, '_list': list}


def _parse(signature):
    """[(name, kind, default text or None)] of a signature text; kind is '', '*', 'kw' (keyword-only) or '**'."""
    args = ast.parse('def f({}): pass'.format(signature)).body[0].args
    params = []
    positional = args.args
    defaults = [None] * (len(positional) - len(args.defaults)) + list(args.defaults)
    for a, d in zip(positional, defaults):
        params.append((a.arg, '', None if d is None else ast.unparse(d)))
    if args.vararg:
        params.append((args.vararg.arg, '*', None))
    for a, d in zip(args.kwonlyargs, args.kw_defaults):
        params.append((a.arg, 'kw', None if d is None else ast.unparse(d)))
    if args.kwarg:
        params.append((args.kwarg.arg, '**', None))
    return params


def define(name, signature, impl, arrays=(), sequences=(), loose=(), numbers=True, ufunc=None,
           pass_kwargs=False, ctx=None, skip=(), namespace=None, defaults=None, doc=None):
    """Compile the np function `name` with MXNet's `signature` calling `impl` (a table implementation, or
    the name of one in `namespace`).

    `arrays`: parameters that take arrays; `sequences`: parameters that take a list of arrays (or a
    ``*args`` parameter of arrays); `loose`: parameters that take an array or any other value (an index,
    a slice, a list), the latter passed on as it is; `numbers`: whether numbers are accepted for the array parameters;
    `ufunc`: 'unary' or 'binary' to check NumPy's ufunc keywords in ``**kwargs``; `pass_kwargs`: hand
    ``**kwargs`` to the implementation; `ctx`: the parameter naming the context of a created array;
    `skip`: parameters the implementation does not take (besides ``out``); `defaults`: names the
    signature's default texts use. A signature whose first parameter is ``self`` makes a method of
    ``mx.np.ndarray`` (its array goes to the implementation's first parameter).
    """
    if isinstance(impl, str):
        impl = OPS[(namespace, impl)].impl
    params = _parse(signature)
    names = [p[0] for p in params]
    out = 'out' if 'out' in names else 'None'
    checks = []
    kwargs_name = next((p[0] for p in params if p[1] == '**'), None)
    if ufunc and kwargs_name:
        checks.append('        if {0}:\n            _check_ufunc(_op_name, {0}, {1})\n'.format(
            kwargs_name, ufunc == 'unary'))
    unwrap = []
    first = True
    array_names = [n for n in names if n in arrays or n in sequences or n in loose]
    for n in array_names:
        kind = next(p[1] for p in params if p[0] == n)
        if n in loose:
            # an exact mx.np array or None (the common cases) without a call, anything else read by _loose
            if first:
                unwrap.append('        if _type({0}) is _array_class:\n            _t_{0} = {0}._t\n'
                              '            _label = {0}._ctx\n        else:\n'
                              '            _t_{0} = {0}._t if _isinstance({0}, _array_class) else _loose({0}, _op_name)\n'
                              '            _label = _label_of(({0},))'.format(n))
            else:
                unwrap.append('        if _type({0}) is _array_class:\n            _t_{0} = {0}._t\n'
                              '        elif {0} is None:\n            _t_{0} = None\n        else:\n'
                              '            _t_{0} = {0}._t if _isinstance({0}, _array_class) else _loose({0}, _op_name)'
                              .format(n))
        elif n in sequences or kind == '*':
            unwrap.append('        _t_{0} = _read_seq({0}, {0!r}, _op_name)'.format(n))
            if first:
                unwrap.append('        _label = _label_of({0})'.format(n))
        else:
            if first:
                unwrap.append('        if _type({0}) is _array_class:\n            _t_{0} = {0}._t\n'
                              '            _label = {0}._ctx\n        else:\n'
                              '            _t_{0} = _read({0}, {0!r}, _op_name, {1})\n'
                              '            _label = _label_of(({0},))'.format(n, bool(numbers)))
            else:
                unwrap.append('        _t_{0} = {0}._t if _type({0}) is _array_class else '
                              '_read({0}, {0!r}, _op_name, {1})'.format(n, bool(numbers)))
        first = False
    if first:
        if ctx:
            unwrap.append('        _label = _context_label({0} if {0} is not None else _current_context())'.format(ctx))
        else:
            unwrap.append('        _label = None')
    impl_params = list(inspect.signature(impl).parameters.values())
    impl_names = [p.name for p in impl_params]
    call = []
    plan = []       # how the implementation is called: (parameter, 'pos' | 'kw' | '*' | '**')
    positional = True
    for n, kind, _ in params:
        if n == 'out' or n in skip:
            continue
        value = '_t_' + n if n in array_names else n
        if kind == '*':
            call.append('*' + value)
            plan.append((n, '*'))
        elif kind == '**':
            if pass_kwargs:
                call.append('**' + n)
                plan.append((n, '**'))
        else:
            # by position while the implementation's parameters follow the signature's, then by name (a
            # method's `self` is the implementation's first parameter)
            index = len(call)
            positional = positional and index < len(impl_names) and \
                (impl_names[index] == n or (index == 0 and n == 'self')) and \
                impl_params[index].kind is inspect.Parameter.POSITIONAL_OR_KEYWORD
            call.append(value if positional else '{}={}'.format(n, value))
            plan.append((n, 'pos' if positional else 'kw'))
    sig = []
    for n, kind, default in params:
        if kind == 'kw' and not any(k == '*' for _, k, _ in params) and '*' not in sig:
            sig.append('*')
        sig.append(('' if kind == 'kw' else kind) + n + ('=' + default if default is not None else ''))
    source = _SOURCE.format(name=name, signature=', '.join(sig), checks=''.join(checks),
                            unwrap='\n'.join(unwrap), call=', '.join(call),
                            out_check='' if out == 'None' else
                            '        if out is not None:\n            return _write_out(_result, out, _op_name)\n',
                            arrays=''.join('_t_' + n + ', ' for n in array_names))
    filename = '<mxtorch numpy function {}>'.format(name)
    linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
    scope = dict(_GLOBALS)
    scope.update(defaults or {})
    namespace_ = {}
    exec(compile(source, filename, 'exec'), scope, namespace_)
    function = namespace_['_make'](impl, name, _array_class[0], NumpyArrayOperand.read,
                                   NumpyArrayOperand.read_sequence)
    function.__doc__ = doc or impl.__doc__
    function.__wrapped_impl__ = impl
    # what the symbolic front end (symbol/numpy.py) needs to build a graph node of the same computation
    function.__np_spec__ = FunctionSpec(name, impl, tuple(plan), frozenset(arrays), frozenset(sequences) | frozenset(
        n for n, kind, _ in params if kind == '*' and n in array_names), frozenset(loose))
    return function


class FunctionSpec:
    """How a compiled np function calls its implementation: `plan` lists its parameters with how each is
    passed ('pos', 'kw', '*' or '**'); `arrays`, `sequences` and `loose` name the parameters that take
    arrays, lists of arrays, and arrays or other values."""
    __slots__ = ('name', 'impl', 'plan', 'arrays', 'sequences', 'loose')

    def __init__(self, name, impl, plan, arrays, sequences, loose):
        self.name, self.impl, self.plan = name, impl, plan
        self.arrays, self.sequences, self.loose = arrays, sequences, loose

    def call(self, values):
        """Run the implementation with the parameters' `values` ({name: value}, arrays as tensors)."""
        args, kwargs = [], {}
        for n, how in self.plan:
            if n not in values:
                continue
            if how == 'pos':
                args.append(values[n])
            elif how == 'kw':
                kwargs[n] = values[n]
            elif how == '*':
                args.extend(values[n])
            else:
                kwargs.update(values[n])
        return self.impl(*args, **kwargs)
