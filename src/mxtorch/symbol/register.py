"""The operator functions of ``mx.sym`` and its namespaces, and Symbol's operator methods.

MXNet generates one function per registered operator name and places it by the name's prefix:
``_contrib_box_nms`` is ``mx.sym.contrib.box_nms``, ``_linalg_gemm2`` is ``mx.sym.linalg.gemm2``, other names
starting with '_' (``_plus_scalar``, ``_random_uniform``) are in ``mx.sym._internal``, the rest in
``mx.sym.op`` and so ``mx.sym``. The functions here are placed the same way, from MXNet's facts, and take
MXNet's parameters: array inputs first (``data=None, weight=None, ...``), then the parameters
(``num_hidden=_Null, ...``), then ``name``, ``attr``, ``out``; an operator with a list of inputs takes them
positionally (``Concat(*data, **kwargs)``). A call adds a node (``symbol.make_node``).

mxtorch's own kernels (``_rnn_layer``, ``_loss_reduce``, ...), which Gluon layers call through
``F._internal``, take the parameters of their implementations."""
import inspect

import numpy as np

from ..ndarray import registry
from . import _opdefs
from .symbol import Symbol, make_node

__all__ = ['function', 'module_functions', 'attach_methods', 'placement']

_P = inspect.Parameter
_MODULE_PREFIXES = ('_contrib_', '_linalg_', '_sparse_', '_image_', '_random_')
_NUMPY_PREFIXES = ('_np_', '_npx_', '_npi_')
_made = {}          # (module, function name) -> function


class _NullType:
    """The default of a parameter that is not given (MXNet's ``_Null``)."""
    __slots__ = ()

    def __repr__(self):
        return '_Null'


_Null = _NullType()


def placement(mx_name):
    """(module, function name) of MXNet's function for the operator name `mx_name` ('op' for mx.sym
    itself), or None for the NumPy front end's operators."""
    if mx_name.startswith(_NUMPY_PREFIXES):
        return None
    for prefix in _MODULE_PREFIXES:
        if mx_name.startswith(prefix):
            if prefix == '_random_' and not mx_name.endswith('_like'):
                return '_internal', mx_name
            return prefix[1:-1], mx_name[len(prefix):]
    return ('_internal' if mx_name.startswith('_') else 'op'), mx_name


def _dtype_text(value):
    dtype = np.dtype(value)
    return dtype.names[0] if dtype.names else dtype.name


def _check_name(name):
    if name is not None and not isinstance(name, str):
        raise AttributeError('name must be a string, got {} ({!r})'.format(type(name).__name__, name))


def _variadic_function(op, func_name):
    hint = func_name.lower()

    def function(*data, **kwargs):
        for value in data:
            if not isinstance(value, Symbol):
                raise AssertionError('Positional arguments must be Symbol instances, but got %s' % str(value))
        if 'dtype' in kwargs:
            kwargs['dtype'] = _dtype_text(kwargs['dtype'])
        attr = kwargs.pop('attr', None)
        name = kwargs.pop('name', None)
        kwargs.pop('out', None)
        _check_name(name)
        inputs = {k: v for k, v in kwargs.items() if isinstance(v, Symbol)}
        params = {k: v for k, v in kwargs.items() if not isinstance(v, Symbol)}
        if op.var_num_args and op.var_num_args not in kwargs:
            params[op.var_num_args] = len(data) + len(inputs)
        return make_node(op, hint, data, inputs, params, name, attr)
    function.__signature__ = inspect.Signature([_P(op.inputs[-1].lstrip('*'), _P.VAR_POSITIONAL),
                                                _P('kwargs', _P.VAR_KEYWORD)])
    return function


def _fixed_function(op, func_name):
    hint = func_name.lower()
    # the arrays MXNet's function names (a legacy operator's auxiliary states are left to **kwargs)
    arrays = [a for a, t in _opdefs.facts()[op.name]['args'] if t.startswith(('NDArray', 'Symbol'))]
    signature = inspect.Signature(
        [_P(a, _P.POSITIONAL_OR_KEYWORD, default=None) for a in arrays] +
        [_P(p, _P.POSITIONAL_OR_KEYWORD, default=_Null) for p in op.params] +
        [_P(p, _P.POSITIONAL_OR_KEYWORD, default=None) for p in ('name', 'attr', 'out')] +
        [_P('kwargs', _P.VAR_KEYWORD)])

    def function(*args, **kwargs):
        given = signature.bind(*args, **kwargs).arguments
        extra = given.pop('kwargs', {})
        name, attr = given.pop('name', None), given.pop('attr', None)
        given.pop('out', None)
        _check_name(name)
        inputs = {k: v for k, v in extra.items() if isinstance(v, Symbol)}
        params = {k: v for k, v in extra.items() if not isinstance(v, Symbol)}
        for key, value in given.items():
            if key in op.params:
                if value is not _Null:
                    params[key] = _dtype_text(value) if key == 'dtype' else value
            elif value is not None:
                if not isinstance(value, Symbol):
                    raise AssertionError('Argument %s must be Symbol instances, but got %s' % (key, str(value)))
                inputs[key] = value
        return make_node(op, hint, (), inputs, params, name, attr)
    function.__signature__ = signature
    return function


def _own_function(op, entry, func_name):
    """An mxtorch kernel's function: Symbol arguments are its inputs, the rest its parameters."""
    try:
        signature = inspect.signature(entry.function)
    except (TypeError, ValueError):
        signature = inspect.Signature([_P('args', _P.VAR_POSITIONAL), _P('kwargs', _P.VAR_KEYWORD)])
    params = [p for p in signature.parameters.values() if p.name not in ('out', 'name')]
    ours = [_P(n, _P.KEYWORD_ONLY, default=None) for n in ('name', 'attr', 'out')]
    rest = [p for p in params if p.kind is not _P.VAR_KEYWORD]
    bindable = signature.replace(parameters=rest + ours + [p for p in params if p.kind is _P.VAR_KEYWORD])

    def function(*args, **kwargs):
        given = bindable.bind(*args, **kwargs).arguments
        name, attr = given.pop('name', None), given.pop('attr', None)
        given.pop('out', None)
        spread, inputs, values = [], {}, {}
        for p in params:
            if p.name not in given:
                continue
            value = given[p.name]
            if p.kind is _P.VAR_POSITIONAL:
                spread = list(value)
            elif p.kind is _P.VAR_KEYWORD:
                for k, v in value.items():
                    (inputs if isinstance(v, Symbol) else values)[k] = v
            elif isinstance(value, Symbol):
                inputs[p.name] = value
            elif value is not None:
                values[p.name] = value
        return make_node(op, func_name, spread, inputs, values, name, attr)
    function.__signature__ = bindable
    return function


def _make(module, func_name, op, entry=None):
    if not op.from_mxnet:
        function = _own_function(op, entry, func_name)
    elif op.variadic:
        function = _variadic_function(op, func_name)
    else:
        function = _fixed_function(op, func_name)
    function.__name__ = function.__qualname__ = func_name
    function.__module__ = 'mxtorch.symbol' + ('' if module == 'op' else '.' + module)
    function.__doc__ = _doc(op, entry)
    return function


def _doc(op, entry):
    if entry is None:
        found = _opdefs._table_entry(op.name) if op.from_mxnet else None
        entry = found
    lines = ['MXNet operator ``{}`` as a graph node (see ``mx.nd`` for what it computes).'.format(op.name)]
    if entry is not None and entry.function.__doc__:
        lines.append(entry.function.__doc__.strip().splitlines()[0])
    elif op.impl is None:
        lines.append('mxtorch does not run this operator yet: graphs with it can be built, saved and loaded.')
    return '\n\n'.join(lines)


def _names_by_module():
    table = {}
    for real, entry in _opdefs.facts().items():
        for mx_name in [real] + entry['aliases']:
            where = placement(mx_name)
            if where is not None:
                table.setdefault(where[0], {})[where[1]] = real
    return table


_layout = None


def module_functions(module):
    """{function name: function} of every operator MXNet places in `module` ('op', '_internal',
    'contrib', 'linalg', 'image', 'random', 'sparse'); '_internal' also has mxtorch's own kernels."""
    global _layout
    if _layout is None:
        _layout = _names_by_module()
    out = {}
    for func_name, real in _layout.get(module, {}).items():
        out[func_name] = _function_of(module, func_name, real)
    if module == '_internal':
        for (namespace, name), entry in registry.OPS.items():
            if namespace == '_internal' and name not in out and _opdefs.canonical_name(name) is None:
                key = (module, name)
                if key not in _made:
                    _made[key] = _make(module, name, _opdefs.opdef(name), entry)
                out[name] = _made[key]
    return out


def _function_of(module, func_name, real):
    key = (module, func_name)
    found = _made.get(key)
    if found is None:
        found = _made[key] = _make(module, func_name, _opdefs.opdef(real))
    return found


def function(qualified):
    """The function ``mx.sym.<qualified>`` ('FullyConnected', '_internal._plus_scalar', 'contrib.box_nms')."""
    module, _, func_name = qualified.rpartition('.')
    module = module or 'op'
    found = _made.get((module, func_name))
    if found is None:
        found = module_functions(module).get(func_name)
        if found is None:
            raise AttributeError('mx.sym{} has no operator {!r}'.format(
                '' if module == 'op' else '.' + module, func_name))
    return found


# Symbol's operator methods, as MXNet's Symbol has them (x.reshape(...), x.sum(axis=1), ...)
_METHODS = ('reshape', 'reshape_like', 'zeros_like', 'ones_like', 'broadcast_axes', 'repeat', 'pad', 'swapaxes',
            'split', 'slice', 'slice_axis', 'slice_like', 'take', 'one_hot', 'pick', 'sort', 'topk', 'argsort',
            'argmax', 'argmax_channel', 'argmin', 'clip', 'abs', 'sign', 'shape_array', 'size_array',
            'broadcast_to', 'broadcast_like', 'tile', 'transpose', 'flip', 'depth_to_space', 'space_to_depth',
            'sum', 'nansum', 'prod', 'nanprod', 'mean', 'max', 'min', 'norm', 'round', 'rint', 'fix', 'floor',
            'ceil', 'trunc', 'sin', 'cos', 'tan', 'arcsin', 'arccos', 'arctan', 'degrees', 'radians', 'sinh',
            'cosh', 'tanh', 'arcsinh', 'arccosh', 'arctanh', 'exp', 'expm1', 'log', 'log10', 'log2', 'log1p',
            'sqrt', 'rsqrt', 'cbrt', 'rcbrt', 'square', 'reciprocal', 'relu', 'sigmoid', 'softmax',
            'log_softmax', 'softmin')


def _method(op_name):
    def method(self, *args, **kwargs):
        return function(op_name)(self, *args, **kwargs)
    method.__name__ = method.__qualname__ = op_name
    method.__doc__ = 'This symbol through ``mx.sym.{}`` (the same arguments after the first).'.format(op_name)
    return method


def _flatten(self, inplace=False, **kwargs):
    """This symbol through ``mx.sym.flatten``."""
    return function('flatten')(self, **kwargs)


def _expand_dims(self, axis, inplace=False, **kwargs):
    """This symbol through ``mx.sym.expand_dims``."""
    return function('expand_dims')(self, axis=axis, **kwargs)


def _squeeze(self, axis=None, inplace=False, **kwargs):
    """This symbol through ``mx.sym.squeeze``."""
    return function('squeeze')(self, axis=axis, **kwargs)


def _diag(self, k=0, **kwargs):
    """This symbol through ``mx.sym.diag``."""
    return function('diag')(self, k=k, **kwargs)


def _split_v2(self, *args, **kwargs):
    """This symbol through ``mx.sym.split_v2``."""
    from .symbol import split_v2
    return split_v2(self, *args, **kwargs)


def attach_methods(symbol_class):
    """Give Symbol MXNet's operator methods."""
    for op_name in _METHODS:
        setattr(symbol_class, op_name, _method(op_name))
    for method in (_flatten, _expand_dims, _squeeze, _diag, _split_v2):
        method.__name__ = method.__qualname__ = method.__name__[1:]
        setattr(symbol_class, method.__name__, method)


# ---- names scripts import from MXNet's mxnet.symbol.register ---------------------------------------
from ..attribute import AttrScope  # noqa: E402,F401
from ..name import NameManager  # noqa: E402,F401
from ..base import check_call, mx_uint, py_str  # noqa: E402,F401
SymbolBase = Symbol  # MXNet's C base of Symbol (see _generated_modules)


def __getattr__(name):
    # MXNet writes adamw_update / mp_adamw_update by hand in this module; they are mx.sym.contrib's (looked
    # up late: symbol.contrib imports this module)
    if name in ('adamw_update', 'mp_adamw_update'):
        from . import contrib
        return getattr(contrib, name)
    raise AttributeError('module {!r} has no attribute {!r}'.format(__name__, name))
