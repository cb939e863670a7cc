"""``mx.sym.np``: the NumPy front end of the Symbol builder.

Each function here is the graph-node form of the ``mx.np`` function of the same name: it takes the same
arguments, where NumPy-semantics Symbols (:class:`_Symbol`, made by ``Symbol.as_np_ndarray()``) stand for
arrays, and adds one node whose computation is that function's own table implementation, called the way
the ``mx.np`` function calls it (no operator is written twice). The numbers, shapes, dtypes and other
non-array arguments of the call stay with the node; they are also shown in its attributes as text.
``mx.sym.np.linalg``, ``mx.sym.np.random`` and ``mx.sym.npx`` (symbol/numpy_extension.py) are made the
same way from ``mx.np.linalg``, ``mx.np.random`` and ``mx.npx``.

A graph of such nodes infers shapes and types, binds and runs (forward and backward) as any other graph.
Its JSON names the nodes' operators by MXNet's backend names, but keeps mxtorch's parameters: it is not a
file MXNet can load (see docs/differences.md)."""
import ast
import builtins
import inspect
import numbers
import sys
import types

import numpy as onp
import torch as _torch

from ..base import MXNetError
from .. import numpy as _mx_np, numpy_extension as _mx_npx
from ..numpy import _frontend, multiarray as _multiarray
from . import _graph, infer as _infer, symbol as _symbol
from ._opdefs import OpDef
from .symbol import Symbol, make_node

__all__ = ['_Symbol', 'linalg', 'random']


class _Symbol(Symbol):
    """A Symbol of NumPy semantics (MXNet's ``mxnet.symbol.numpy._Symbol``): the operators and methods
    it is given are those of ``mx.sym.np``."""
    __slots__ = ()

    def as_nd_ndarray(self):
        """The same outputs as a legacy Symbol."""
        return Symbol(self._entries)

    def as_np_ndarray(self):
        """The symbol itself."""
        return self

    def __getitem__(self, index):
        if len(self._entries) == 1 and not isinstance(index, str):
            # one output: NumPy's basic indexing of the array it stands for (ints and slices with any step),
            # a node of mx.np's own indexing
            return _index_node(self, index)
        found = super().__getitem__(index)
        return _Symbol(found._entries) if type(found) is Symbol else found

    def __iter__(self):
        return (self[i] for i in range(len(self)))

    @property
    def T(self):
        """The symbol with its axes reversed."""
        return _function('transpose')(self)

    def astype(self, dtype, order='K', casting='unsafe', subok=True, copy=True):
        """The symbol cast to `dtype`."""
        return _cast(self, dtype)

    def reshape(self, *shape, **kwargs):
        """``mx.sym.np.reshape`` of this symbol (the shape as a tuple or as integers)."""
        order = kwargs.pop('order', 'C')
        if kwargs:
            raise TypeError('reshape() got an unexpected keyword argument {!r}'.format(next(iter(kwargs))))
        newshape = shape[0] if len(shape) == 1 and not isinstance(shape[0], numbers.Integral) else shape
        return _function('reshape')(self, newshape, order=order)

    def flatten(self, order='C'):
        """The symbol as one axis (NumPy's ndarray.flatten)."""
        return _function('reshape')(self, -1, order=order)

    def transpose(self, *axes):
        """``mx.sym.np.transpose`` of this symbol (the axes as a tuple or as integers)."""
        if len(axes) == 1 and not isinstance(axes[0], numbers.Integral):
            axes = axes[0]
        return _function('transpose')(self, axes or None)

    def __repr__(self):
        return super().__repr__().replace('<Symbol ', '<_Symbol ', 1)


def _cast(sym, dtype):
    return _CAST(sym, dtype=dtype)


# ---- indexing -------------------------------------------------------------------------------------------
_INDEX_OP = '_npi_index'        # the node operator of mx.sym.np indexing (mxtorch's own)


def _check_key(key):
    """MXNet's Symbols take basic indexing only: integers, slices and tuples of them."""
    for k in (key if isinstance(key, tuple) else (key,)):
        if isinstance(k, bool) or not isinstance(k, (numbers.Integral, slice)):
            raise IndexError('Only integer, slice, or tuple of these types are supported! Received key={}'.format(key))


def _plain_key(key):
    if isinstance(key, tuple):
        return tuple(_plain_key(k) for k in key)
    if isinstance(key, list):
        return [_plain_key(k) for k in key]
    if isinstance(key, slice):
        return slice(*(_plain(v) for v in (key.start, key.stop, key.step)))
    return _plain(key)


def _index_op(key):
    def compute(*data):
        return _multiarray._getitem(data[0], key)
    compute.__name__ = 'index'
    return OpDef(_INDEX_OP, compute, ['*data'], (), {}, None, ['output'], 1, from_mxnet=False)


_INDEX_CALL = 'index'


def _index_node(sym, key):
    _check_key(key)
    key = _plain_key(key)
    shown = {'key': repr(key), _CALL_ATTR: _call_text(_INDEX_CALL, {'key': key})}
    node = make_node(_index_op(key), 'index', [sym], {}, shown, None, None)
    return _Symbol(node._entries)


# ---- node building ----------------------------------------------------------------------------------
class _Slot:
    """Where the k-th input tensor of a node goes in its implementation's arguments."""
    __slots__ = ('index',)

    def __init__(self, index):
        self.index = index


def _fill(value, tensors):
    if type(value) is _Slot:
        return tensors[value.index]
    if type(value) is list:
        return [_fill(v, tensors) for v in value]
    if type(value) is tuple:
        return tuple(_fill(v, tensors) for v in value)
    return value


def _plain(value):
    return value.item() if isinstance(value, onp.generic) else value


def _read_array(value, name, function_name, inputs):
    """An argument given for an array parameter: a Symbol becomes a slot of the node's inputs; numbers and
    None stay as they are."""
    if isinstance(value, Symbol):
        _symbol._single(value, 'Argument %s' % name)
        inputs.append(value)
        return _Slot(len(inputs) - 1)
    if isinstance(value, (list, tuple)) and builtins.any(isinstance(v, Symbol) for v in value):
        return type(value)(_read_array(v, name, function_name, inputs) for v in value)
    if value is None or isinstance(value, (numbers.Number, onp.generic, str, slice, list, tuple)):
        return _plain(value)
    raise TypeError('{}: {} must be a Symbol of mx.sym.np or a number, got {}'.format(
        function_name, name, type(value).__name__))


def _text(key, value):
    if key == 'dtype' and value is not None:
        try:
            return onp.dtype(value).name
        except TypeError:
            pass
    if isinstance(value, (list, tuple)) and builtins.any(type(v) is _Slot for v in value):
        return None
    return value


def _output_count(function_name, values):
    """How many outputs a node of `function_name` has for the call's `values`."""
    if function_name in ('split', 'array_split', 'hsplit', 'vsplit', 'dsplit'):
        sections = values.get('indices_or_sections')
        if isinstance(sections, numbers.Integral):
            return int(sections)
        if isinstance(sections, (list, tuple)):
            return len(sections) + 1
        raise MXNetError('{}: indices_or_sections must be an int or a list of ints in a graph'.format(function_name))
    if function_name == 'unique':
        return 1 + builtins.sum(bool(values.get(k)) for k in ('return_index', 'return_inverse', 'return_counts'))
    if function_name in ('broadcast_arrays', 'meshgrid', 'atleast_1d', 'atleast_2d', 'atleast_3d'):
        seq = next(iter(values[k] for k in ('args', 'xi', 'arys') if k in values), ())
        return builtins.max(len(seq), 1)
    if function_name == 'average':
        return 2 if values.get('returned') else 1
    if function_name in _UNCOUNTED or (function_name == 'where' and values.get('x') is None
                                       and values.get('y') is None):
        # as many results as the input has axes, which a graph does not know when it is made
        raise MXNetError('{}: mx.sym.np cannot make a node of it (its number of results depends on the '
                         "input's number of axes)".format(function_name))
    return _FIXED_OUTPUTS.get(function_name, 1)


# functions whose tuple of equal-shaped arrays is one stacked array in a graph, as MXNet's node gives it
_STACKED = {'unravel_index'}
# multi-output functions whose output count is fixed
_FIXED_OUTPUTS = {'svd': 3, 'eig': 2, 'eigh': 2, 'slogdet': 2, 'qr': 2, 'histogram': 2, 'divmod': 2, 'modf': 2,
                  'frexp': 2, 'tril_indices': 2, 'triu_indices': 2}
_UNCOUNTED = {'nonzero', 'diag_indices_from'}


def _node_op(spec, function_name, values, count):
    """The OpDef of one node: its implementation fills the input tensors into the call's arguments."""
    stacked = function_name in _STACKED

    def compute(*data):
        result = spec.call({k: _fill(v, data) for k, v in values.items()})
        if stacked:
            return _torch.stack(result)
        if type(result) is list:
            return tuple(result)
        return result
    compute.__name__ = function_name
    outputs = ['output'] if count == 1 else ['output%d' % i for i in range(count)]
    op = OpDef(_frontend._backend_name(spec.name), compute, ['*data'], (), {}, None, outputs, count,
               from_mxnet=False)
    return op


def _node(function_name, spec, values, name, attr, call_name=None):
    """Add the node of `spec` for the call's `values` ({parameter: value}); a _Symbol, or a list of them
    when the function gives a list of arrays. `call_name` ('np.split', 'npx.relu', ...) is written with
    the call's values into the node's ``__np_call__`` attribute, from which a saved graph's node is made
    again (:func:`read_node`)."""
    inputs, filled, shown = [], {}, {}
    for key, value in values.items():
        if key in spec.arrays or key in spec.sequences or key in spec.loose:
            value = _read_array(value, key, function_name, inputs)
        elif isinstance(value, Symbol):
            raise TypeError('{}: {} does not take a Symbol'.format(function_name, key))
        filled[key] = value
        text = _text(key, value)
        if text is not None and type(text) is not _Slot and key != 'out':
            shown[key] = text
    count = _output_count(function_name, values)
    op = _node_op(spec, function_name, filled, count)
    if call_name is not None:
        shown[_CALL_ATTR] = _call_text(call_name, filled)
    sym = make_node(op, function_name, inputs, {}, shown, name, attr)
    if function_name in _LIST_RESULTS and (count > 1 or function_name in _ALWAYS_LISTS):
        return [_Symbol([entry]) for entry in sym._entries]
    return _Symbol(sym._entries)


# functions whose mx.np form gives a list of arrays (the others give a tuple, one Symbol of several outputs)
_LIST_RESULTS = {'split', 'array_split', 'hsplit', 'vsplit', 'dsplit', 'broadcast_arrays', 'meshgrid',
                 'atleast_1d', 'atleast_2d', 'atleast_3d', 'average'}
# ... a list even of one part (MXNet's dsplit and the others give a one-output Symbol then)
_ALWAYS_LISTS = {'split', 'array_split', 'hsplit', 'vsplit'}


def symbolic(np_function, function_name=None, path=None):
    """The ``mx.sym.np`` form of the compiled ``mx.np`` function `np_function`; `path` ('np',
    'np.linalg', 'npx', ...) is where it is found, which its nodes record."""
    spec = np_function.__np_spec__
    function_name = function_name or spec.name
    signature = inspect.signature(np_function)
    own = set(signature.parameters)
    call_name = None
    if path is not None:
        call_name = path + '.' + function_name
        _BY_CALL_NAME.setdefault(call_name, (spec, function_name))

    def function(*args, **kwargs):
        name = kwargs.pop('name', None) if 'name' not in own else None
        attr = kwargs.pop('attr', None) if 'attr' not in own else None
        bound = signature.bind(*args, **kwargs)
        bound.apply_defaults()
        values = dict(bound.arguments)
        if values.pop('out', None) is not None:
            raise TypeError('{}: out= is not supported for Symbols'.format(function_name))
        return _node(function_name, spec, values, name, attr, call_name)
    function.__name__ = function.__qualname__ = function_name
    function.__signature__ = signature
    function.__doc__ = 'The graph-node form of ``mx.np.{}``.\n\n{}'.format(function_name, np_function.__doc__ or '')
    return function


def _path_of(module):
    """'np', 'np.linalg', 'npx.image', ... for mxtorch.numpy, mxtorch.numpy.linalg, ..."""
    parts = module.__name__.split('.')[1:]
    parts[0] = {'numpy': 'np', 'numpy_extension': 'npx'}.get(parts[0], parts[0])
    return '.'.join(parts)


def functions_of(module):
    """{name: mx.sym.np function} for the compiled functions of an ``mx.np`` module."""
    names = getattr(module, '__all__', None) or [n for n in vars(module) if not n.startswith('_')]
    path = _path_of(module)
    out = {}
    for name in names:
        found = getattr(module, name, None)
        if getattr(found, '__np_spec__', None) is not None:
            out[name] = symbolic(found, name, path)
    return out


# ---- saved graphs: a node's call written out and read back ----------------------------------------------
_CALL_ATTR = '__np_call__'
_BY_CALL_NAME = {}          # 'np.split' -> (spec, function name), filled by symbolic()


def _source(value):
    """`value` (a call's argument, input slots included) as Python source that :func:`_evaluate` reads."""
    if type(value) is _Slot:
        return '_input(%d)' % value.index
    if isinstance(value, tuple):
        inner = ', '.join(_source(v) for v in value)
        return '(%s,)' % inner if len(value) == 1 else '(%s)' % inner
    if isinstance(value, list):
        return '[%s]' % ', '.join(_source(v) for v in value)
    if isinstance(value, slice):
        return 'slice(%s, %s, %s)' % (_source(value.start), _source(value.stop), _source(value.step))
    if isinstance(value, dict):
        return '{%s}' % ', '.join('%s: %s' % (_source(k), _source(v)) for k, v in value.items())
    if value is None or value is Ellipsis or isinstance(value, (bool, numbers.Number, str)):
        return repr(_plain(value))
    if isinstance(value, onp.generic):
        return repr(value.item())
    try:
        return repr(onp.dtype(value).name)          # a dtype given as a type or a numpy dtype
    except TypeError:
        return '_unsaved(%r)' % type(value).__name__


def _call_text(call_name, values):
    return '%s(%s)' % (call_name, ', '.join('%s=%s' % (k, _source(v)) for k, v in values.items()))


_NAMES = {'None': None, 'True': True, 'False': False, 'Ellipsis': Ellipsis, 'inf': float('inf'),
          'nan': float('nan')}


def _evaluate(tree, text):
    """The value of the expression `tree` written by :func:`_source`; MXNetError for anything else."""
    kind = type(tree)
    if kind is ast.Constant:
        return tree.value
    if kind is ast.Tuple:
        return tuple(_evaluate(e, text) for e in tree.elts)
    if kind is ast.List:
        return [_evaluate(e, text) for e in tree.elts]
    if kind is ast.Dict:
        return {_evaluate(k, text): _evaluate(v, text) for k, v in zip(tree.keys, tree.values)}
    if kind is ast.Name and tree.id in _NAMES:
        return _NAMES[tree.id]
    if kind is ast.UnaryOp and type(tree.op) in (ast.USub, ast.UAdd):
        inner = _evaluate(tree.operand, text)
        if isinstance(inner, numbers.Number):
            return -inner if type(tree.op) is ast.USub else inner
    if kind is ast.Call and type(tree.func) is ast.Name and not tree.keywords:
        args = [_evaluate(a, text) for a in tree.args]
        if tree.func.id == 'slice' and len(args) == 3:
            return slice(*args)
        if tree.func.id == '_input' and len(args) == 1 and type(args[0]) is int:
            return _Slot(args[0])
    raise MXNetError('Symbol JSON: an mx.sym.np node holds {!r}, which mxtorch cannot read back'.format(text))


def _dotted(tree):
    if type(tree) is ast.Name:
        return tree.id
    if type(tree) is ast.Attribute:
        return _dotted(tree.value) + '.' + tree.attr
    raise ValueError


def read_node(op_name, attrs):
    """The OpDef of a saved graph's mx.sym.np node of operator `op_name` from its attributes (the call
    ``__np_call__`` records); None for a node that holds no such call."""
    text = attrs.get(_CALL_ATTR)
    if text is None:
        return None
    try:
        tree = ast.parse(text, mode='eval').body
        if type(tree) is not ast.Call or tree.args:
            raise ValueError
        call_name = _dotted(tree.func)
    except (SyntaxError, ValueError):
        raise MXNetError('Symbol JSON: the mx.sym.np call {!r} of a node of {} is not readable'.format(
            text, op_name)) from None
    values = {k.arg: _evaluate(k.value, text) for k in tree.keywords}
    if call_name == _INDEX_CALL:
        return _index_op(values['key'])
    found = _BY_CALL_NAME.get(call_name)
    if found is None:
        raise MXNetError('Symbol JSON: a node of {} calls {}, which mxtorch does not have'.format(op_name, call_name))
    spec, function_name = found
    return _node_op(spec, function_name, values, _output_count(function_name, values))


def _function(name):
    return globals()[name]


def _submodule(name, functions, doc, owner=__name__):
    module = types.ModuleType(owner + '.' + name, doc)
    module.__dict__.update(functions)
    module.__all__ = sorted(functions)
    sys.modules[module.__name__] = module
    return module


_FUNCTIONS = functions_of(_mx_np)
globals().update(_FUNCTIONS)
linalg = _submodule('linalg', functions_of(_mx_np.linalg), '``mx.sym.np.linalg``: graph nodes of mx.np.linalg.')
random = _submodule('random', functions_of(_mx_np.random), '``mx.sym.np.random``: graph nodes of mx.np.random.')
__all__ += sorted(_FUNCTIONS)
_CAST = symbolic(_mx_npx.cast, 'astype', 'npx')


# ---- arithmetic of _Symbol ----------------------------------------------------------------------------
def _binary(function_name, reflected=False):
    def method(self, other):
        if not isinstance(other, (Symbol, numbers.Number, onp.generic)):
            return NotImplemented
        function = _function(function_name)
        return function(other, self) if reflected else function(self, other)
    method.__name__ = function_name
    return method


for _dunder, _fn in (('add', 'add'), ('sub', 'subtract'), ('mul', 'multiply'), ('truediv', 'true_divide'),
                     ('mod', 'mod'), ('pow', 'power'), ('matmul', 'matmul')):
    setattr(_Symbol, '__%s__' % _dunder, _binary(_fn))
    setattr(_Symbol, '__r%s__' % _dunder, _binary(_fn, reflected=True))
for _dunder, _fn in (('eq', 'equal'), ('ne', 'not_equal'), ('gt', 'greater'), ('ge', 'greater_equal'),
                     ('lt', 'less'), ('le', 'less_equal')):
    setattr(_Symbol, '__%s__' % _dunder, _binary(_fn))
_Symbol.__hash__ = None
_Symbol.__neg__ = lambda self: _function('negative')(self)
_Symbol.__abs__ = lambda self: _function('absolute')(self)


def _method(function_name):
    def method(self, *args, **kwargs):
        return _function(function_name)(self, *args, **kwargs)
    method.__name__ = function_name
    method.__doc__ = '``mx.sym.np.{}`` of this symbol.'.format(function_name)
    return method


for _fn in ('sum', 'mean', 'prod', 'max', 'min', 'std', 'var', 'argmax', 'argmin', 'cumsum', 'clip', 'squeeze',
            'dot', 'repeat', 'tile', 'swapaxes', 'take', 'round', 'sort', 'argsort', 'nonzero',
            'diagonal', 'trace', 'all', 'any', 'copy'):
    if _fn in globals() and callable(globals()[_fn]):
        setattr(_Symbol, _fn, _method(_fn))
del _dunder, _fn

# ---- shape rules of np nodes (symbol/infer.py runs them with its own) -----------------------------------
def _dot_rule(node, ins, outs):
    """np.dot's relations between its inputs' shapes: the contracted sizes (a's last, b's only or
    second-to-last) decide each other, and the output is a's other sizes, then b's. What the forward run
    on meta tensors cannot give: an unknown size of a parameter from the data it is multiplied with."""
    a, b = ins[0], ins[1]
    if a is None or b is None or len(a) == 0 or len(b) == 0:
        return ins, outs
    slot = 0 if len(b) == 1 else len(b) - 2          # b's contracted axis
    if len(a) == 1 and len(b) == 1:
        ins[0] = ins[1] = (b[0] if a[0] < 0 else a[0],)
        outs[0] = ()
        return ins, outs
    if a[-1] < 0 <= b[slot]:
        ins[0] = a[:-1] + (b[slot],)
    elif b[slot] < 0 <= a[-1]:
        ins[1] = b[:slot] + (a[-1],) + b[slot + 1:]
    a, b = ins[0], ins[1]
    outs[0] = a[:-1] if len(b) == 1 else a[:-1] + b[:-2] + b[-1:]
    return ins, outs


_infer._RULES.setdefault('_np_dot', _dot_rule)
_graph.NODE_READERS.append(read_node)
_symbol.set_np_symbol_class(_Symbol)
