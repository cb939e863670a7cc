"""The ``mx.sym`` operator functions and Symbol's operator methods, made from the operator table.

Every operator of the table (ndarray/registry.py) gets a function of the same name and parameters in the
matching namespace of ``mx.sym`` (``mx.sym.FullyConnected``, ``mx.sym.random.uniform``, ...). Where the
``mx.nd`` function computes, this one adds a graph node: Symbol arguments become the node's inputs and the
other arguments its parameters, recorded as strings."""
import inspect

from ..ndarray import registry
from . import _opdefs
from .symbol import Symbol, make_node

__all__ = ['symbol_function', 'namespace_functions', 'attach_methods']

_P = inspect.Parameter
_functions = {}     # (namespace, name) -> function


def _make(entry, public_name):
    op = _opdefs.opdef_of_table_entry(entry, public_name)
    signature = op._signature
    params = list(signature.parameters.values()) if signature is not None else []
    positional = [p.name for p in params if p.kind in (_P.POSITIONAL_ONLY, _P.POSITIONAL_OR_KEYWORD)]
    var_positional = next((p.name for p in params if p.kind is _P.VAR_POSITIONAL), None)
    array_inputs = {n.lstrip('*') for n in op.inputs} if op.from_mxnet else set()
    sampler = _sampler_variant(entry)

    def function(*args, **kwargs):
        name = kwargs.pop('name', None)
        attr = kwargs.pop('attr', None)
        kwargs.pop('out', None)
        if var_positional is None and len(args) > len(positional):
            raise TypeError('{}() takes {} positional arguments but {} were given'.format(
                public_name, len(positional), len(args)))
        values = dict(zip(positional, args))
        variadic = list(args[len(positional):])
        for key, value in kwargs.items():
            if key in values:
                raise TypeError('{}() got multiple values for argument {!r}'.format(public_name, key))
            values[key] = value
        for value in variadic:
            if not isinstance(value, Symbol):
                raise AssertionError('Positional arguments must be Symbol instances, but got %s' % str(value))
        inputs, attrs = {}, {}
        for key, value in values.items():
            if isinstance(value, Symbol):
                inputs[key] = value
            elif key in array_inputs and value is not None:
                raise AssertionError('Argument %s must be Symbol instances, but got %s' % (key, str(value)))
            else:
                attrs[key] = value
        node_op = op
        if sampler is not None and inputs:
            node_op = sampler
        if node_op.from_mxnet:
            return make_node(node_op, public_name, variadic if node_op.variadic else inputs, attrs, name, attr)
        ordered, names = [], []
        for p in params:
            if p.kind is _P.VAR_POSITIONAL:
                ordered.extend(variadic)
                names.extend('*' + p.name for _ in variadic)
            elif p.name in inputs:
                ordered.append(inputs[p.name])
                names.append(p.name)
        return make_node(node_op, public_name, ordered, attrs, name, attr, input_names=names)

    function.__name__ = function.__qualname__ = public_name
    function.__doc__ = entry.function.__doc__
    try:
        function.__signature__ = inspect.signature(entry.function)
    except (TypeError, ValueError):
        pass
    function.__module__ = 'mxtorch.symbol' + ('.' + entry.namespace if entry.namespace else '')
    return function


def _sampler_variant(entry):
    """For a random operator taking its distribution's parameters as numbers (``_random_uniform``), the
    operator taking them as arrays (``_sample_uniform``), which a call with Symbol parameters makes."""
    if entry.namespace != 'random':
        return None
    try:
        variant = _opdefs.opdef('_sample_' + entry.name)
    except Exception:
        return None
    return variant if variant.impl is not None else None


def symbol_function(name, namespace=''):
    """The mx.sym function of the table's operator `name` in `namespace`."""
    key = (namespace, name)
    function = _functions.get(key)
    if function is None:
        entry = registry.OPS.get(key)
        if entry is None:
            raise AttributeError('mx.sym{} has no operator {!r}'.format('.' + namespace if namespace else '', name))
        function = _functions[key] = _make(entry, name)
    return function


def namespace_functions(namespace):
    """{name: function} of every operator of the table in `namespace`."""
    return {name: symbol_function(name, ns) for (ns, name) in list(registry.OPS) if ns == namespace}


# Symbol's methods that are operators, as MXNet's Symbol has them (x.reshape(...), x.sum(axis=1), ...)
_METHODS = ('reshape', 'reshape_like', 'zeros_like', 'ones_like', 'broadcast_axes', 'repeat', 'pad', 'swapaxes',
            'split', 'slice', 'slice_axis', 'slice_like', 'take', 'one_hot', 'pick', 'sort', 'topk', 'argsort',
            'argmax', 'argmax_channel', 'argmin', 'clip', 'sign', 'flatten', 'shape_array', 'size_array',
            'expand_dims', 'broadcast_to', 'broadcast_like', 'tile', 'transpose', 'flip', 'depth_to_space',
            'space_to_depth', 'diag', 'sum', 'nansum', 'prod', 'nanprod', 'mean', 'max', 'min', 'norm', 'round',
            'rint', 'fix', 'floor', 'ceil', 'trunc', 'sin', 'cos', 'tan', 'arcsin', 'arccos', 'arctan', 'degrees',
            'radians', 'sinh', 'cosh', 'tanh', 'arcsinh', 'arccosh', 'arctanh', 'exp', 'expm1', 'log', 'log10',
            'log2', 'log1p', 'sqrt', 'rsqrt', 'cbrt', 'rcbrt', 'square', 'reciprocal', 'relu', 'sigmoid',
            'softmax', 'log_softmax', 'softmin', 'squeeze', 'abs', 'split_v2')


def _method(function):
    def method(self, *args, **kwargs):
        return function(self, *args, **kwargs)
    method.__name__ = method.__qualname__ = function.__name__
    method.__doc__ = function.__doc__
    return method


def attach_methods(symbol_class):
    """Give Symbol its operator methods (those it has not defined itself)."""
    for name in _METHODS:
        if name in vars(symbol_class) or ('', name) not in registry.OPS:
            continue
        setattr(symbol_class, name, _method(symbol_function(name)))
