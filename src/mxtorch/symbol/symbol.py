"""Symbol: a graph of operators, MXNet's symbolic API (``mx.sym``).

A Symbol is a list of outputs ``(node, index)`` of graph nodes. ``mx.sym.var`` makes a free variable; the
operator functions of ``mx.sym`` add a node whose inputs are the outputs of other Symbols and make
variables for the inputs not given (``fc1_weight``, ``fc1_bias``). A Symbol composes with others
(``net(data=other)``), groups, lists its arguments, outputs, auxiliary states, attributes and internals,
saves to MXNet's JSON and loads back, infers shapes and types, and binds to arrays as an Executor that
runs it with torch.

Naming, attributes, errors and files follow MXNet 1.9.1: a node gets its name from the current NameManager
(``<operator>N``), its parameters as text plus the current AttrScope's attributes, and the variables made
for it carry the node's attributes, as MXNet's do."""
import numbers

import numpy as np

from .. import attribute, name as _name
from .._fileio import write_atomically
from ..base import MXNetError, NotImplementedForSymbol, TORCH_TO_FLAG, dtype_torch
from . import _graph, _opdefs
from ._graph import Node
from ._opdefs import HIDDEN_KEYS

__all__ = ['Symbol', 'var', 'Variable', 'Group', 'load', 'load_json', 'pow', 'power', 'maximum', 'minimum',
           'hypot', 'eye', 'zeros', 'ones', 'full', 'arange', 'linspace', 'histogram', 'split_v2']

_STORAGE_TYPES = {'undefined': -1, 'default': 0, 'row_sparse': 1, 'csr': 2}
_np_symbol_class = [None]      # mx.sym.np._Symbol, set by symbol/numpy.py


def set_np_symbol_class(cls):
    _np_symbol_class[0] = cls


def _array_only(method_name, operator_text, *extra):
    """An in-place operator method that Symbols refuse, as MXNet's do (NotImplementedForSymbol)."""
    def refuse(self, other):
        raise NotImplementedForSymbol(getattr(self, method_name), operator_text, other, *extra)
    refuse.__name__ = method_name
    return refuse


class Symbol:
    """Outputs of a graph of operators: one output, or a group of several.

    Made by ``mx.sym.var``, the operator functions of ``mx.sym`` and ``mx.sym.Group``; combined with
    Python's arithmetic and by composition (``symbol(name=other)``)."""
    __slots__ = ('_entries',)

    # numpy hands binary operators with a Symbol on the right to the Symbol's reflected methods
    __array_priority__ = 1000.0
    __hash__ = None

    def __init__(self, handle):
        entries = list(handle._entries if isinstance(handle, Symbol) else handle)
        if not all(isinstance(e, tuple) and len(e) == 2 and isinstance(e[0], Node) for e in entries):
            raise TypeError('a Symbol is made by mx.sym.var, the operators of mx.sym and mx.sym.Group')
        self._entries = entries

    @property
    def handle(self):
        """The outputs [(node, index), ...] (a C pointer in MXNet)."""
        return self._entries

    def _set_handle(self, handle):
        self._entries = list(handle._entries if isinstance(handle, Symbol) else handle)

    def _node(self):
        """The node whose outputs all the outputs are, or None (a group of several nodes)."""
        nodes = {id(n) for n, _ in self._entries}
        return self._entries[0][0] if len(nodes) == 1 else None

    # ---- outputs ----------------------------------------------------------------------------------------
    @property
    def name(self):
        """The name of the node the outputs belong to; None when they belong to several."""
        node = self._node()
        return None if node is None else node.name

    def __repr__(self):
        name = self.name
        if name is None:
            return '<%s group [%s]>' % (type(self).__name__, ', '.join(s.name for s in self))
        return '<%s %s>' % (type(self).__name__, name)

    def __iter__(self):
        return (self[i] for i in range(len(self)))

    def __len__(self):
        return len(self._entries)

    def __getitem__(self, index):
        """Output `index` (an int or an output's name), or a group of outputs (a slice)."""
        count = len(self._entries)
        if isinstance(index, slice):
            start = 0 if index.start is None else index.start
            stop = count if index.stop is None else index.stop
            step = 1 if index.step is None else index.step
            return Group([self[i] for i in range(start, stop, step)])
        if isinstance(index, str):
            hits = [i for i, n in enumerate(self.list_outputs()) if n == index]
            if len(hits) > 1:
                raise ValueError('There are multiple outputs with name "%s"' % index)
            if not hits:
                raise ValueError('Cannot find output that matches name "%s"' % index)
            index = hits[0]
        if not isinstance(index, int):
            raise TypeError('Symbol only support integer index to fetch i-th output')
        if index >= count:
            raise IndexError
        if index < 0:
            raise MXNetError('Symbol only accept nonnegative index, got {}'.format(index))
        return Symbol([self._entries[index]])

    def list_outputs(self):
        """The output names: ``<node>_<output>`` for operator outputs, the name of a variable."""
        return [node.output_names()[k] for node, k in self._entries]

    # ---- the graph --------------------------------------------------------------------------------------
    def _nodes(self):
        return _graph.topological(self._entries)

    def _variables(self):
        """(arguments, auxiliary states): the variable nodes, in graph order."""
        nodes = self._nodes()
        aux = set()
        for node in nodes:
            if node.op is not None:
                names = _aux_names(node)
                if names:
                    aux.update(id(src) for (src, _), n in zip(node.inputs, node.input_names)
                               if n in names and src.op is None)
        args = [n for n in nodes if n.op is None and id(n) not in aux]
        return args, [n for n in nodes if n.op is None and id(n) in aux]

    def list_arguments(self):
        """The names of the variables that are arguments (all but auxiliary states), in graph order."""
        return [n.name for n in self._variables()[0]]

    def list_auxiliary_states(self):
        """The names of the variables that operators update themselves (BatchNorm's moving statistics)."""
        return [n.name for n in self._variables()[1]]

    def list_inputs(self):
        """The names of all variables, arguments and auxiliary states, in graph order."""
        return [n.name for n in self._nodes() if n.op is None]

    def get_internals(self):
        """A group of every visible output of every node of the graph, in graph order."""
        return Symbol([(node, k) for node in self._nodes()
                       for k in range(1 if node.op is None else node.num_outputs)])

    def get_children(self):
        """A group of the inputs of the outputs' nodes (each node once), or None when they have none."""
        seen, inputs = set(), []
        for node, _ in self._entries:
            if id(node) not in seen:
                seen.add(id(node))
                inputs.extend(node.inputs)
        return Symbol(inputs) if inputs else None

    def _gen_atomic_symbol(self):
        """A new node of the same operator and attributes, without inputs or name."""
        node = self._node()
        if node is None:
            raise MXNetError('Generating atomic symbol from other symbol only works for nongrouped symbol.')
        if node.op is None:
            raise MXNetError('Generating atomic symbol from a variable is not possible')
        atomic = Node(node.op, '', node.attrs, (), (), node.num_outputs)
        return Symbol([(atomic, k) for k in range(node.num_outputs)])

    # ---- attributes -------------------------------------------------------------------------------------
    def attr(self, key):
        """Attribute `key` (text) of the node the outputs belong to, or None; ``lr_mult`` and the other
        hidden keys are found under either spelling."""
        node = self._node()
        if node is None:
            return None
        if key == 'name':
            return node.name
        if key == 'op_name':
            return 'null' if node.op is None else node.op.name
        if key == '_value_index':
            return ', '.join(str(k) for _, k in self._entries)
        value = node.attrs.get(key)
        if value is None and key in HIDDEN_KEYS:
            value = node.attrs.get('__%s__' % key)
        return value

    def list_attr(self, recursive=False):
        """The attributes of the first output's node {key: text}; hidden ones (``__lr_mult__``) appear
        under their plain name too."""
        if recursive:
            raise DeprecationWarning('Symbol.list_attr with recursive=True has been deprecated. '
                                     'Please use attr_dict instead.')
        return _shown(self._entries[0][0].attrs) if self._entries else {}

    def attr_dict(self):
        """{node name: its attributes, as list_attr shows them} for every node that has attributes."""
        return {node.name: _shown(node.attrs) for node in self._nodes() if node.attrs}

    def _set_attr(self, **kwargs):
        """Set attributes (text values) of the node the outputs belong to."""
        for key, value in kwargs.items():
            if not isinstance(value, str):
                raise ValueError('Set Attr only accepts string values')
            node = self._node()
            if node is None:
                raise MXNetError('Symbol.SetAttrs only works for non-grouped symbol')
            key = _variable_attr_key(key, value)
            if key == 'name':
                node.name = value
                continue
            node.attrs[key] = value
            if node.op is not None and not (key.startswith('__') and key.endswith('__')):
                node.op.check_attrs(node.attrs, node.name)

    # ---- copies and composition -------------------------------------------------------------------------
    def __copy__(self):
        return self.__deepcopy__(None)

    def __deepcopy__(self, _memo):
        """A copy of the whole graph: changing it (composition, attributes) leaves this one as it is."""
        return Symbol(_copy_graph(self._entries))

    def __call__(self, *args, **kwargs):
        """A copy of the symbol composed with the given Symbols (see ``_compose``)."""
        composed = self.__copy__()
        composed._compose(*args, **kwargs)
        return composed

    def _compose(self, *args, **kwargs):
        """Give the symbol's free inputs the Symbols given (in place): an operator node without inputs
        (``_gen_atomic_symbol``) takes them by position or by input name; any other graph takes them by
        keyword, replacing its variables of those names. ``name=`` renames the outputs' node."""
        name = kwargs.pop('name', None)
        if args and kwargs:
            raise TypeError('compose only accept input Symbols either as positional or keyword arguments, '
                            'not both')
        for value in list(args) + list(kwargs.values()):
            if not isinstance(value, Symbol):
                raise TypeError('Compose expect `Symbol` as arguments')
        node = self._node()
        if node is not None and node.op is not None and not node.inputs:
            _compose_node(node, list(args), kwargs, name or node.name)
            self._entries = [(node, k) for k in range(node.num_outputs)]
            return
        for i, value in enumerate(args):
            _single(value, 'Argument %d' % i)
        for key, value in kwargs.items():
            _single(value, 'Keyword Argument %s' % key)
        if name and self._entries:
            self._entries[0][0].name = name
        if args:
            raise MXNetError('General composition only support kwargs for now (got {} positional '
                             'Symbols)'.format(len(args)))
        variables = [n for n in self._nodes() if n.op is None]
        matched = [n for n in variables if n.name in kwargs]
        if len(matched) != len(kwargs):
            missing = [k for k in kwargs if k not in {n.name for n in variables}]
            _keyword_mismatch('Symbol.Compose', missing or list(kwargs), [n.name for n in variables])
        replace = {id(n): kwargs[n.name]._entries[0] for n in matched}
        for n in self._nodes():
            if any(id(src) in replace for src, _ in n.inputs):
                n.inputs = [replace.get(id(src), (src, k)) for src, k in n.inputs]
                _update_versions(n)
        self._entries = [replace.get(id(n), (n, k)) for n, k in self._entries]

    # ---- JSON and pickling ------------------------------------------------------------------------------
    def tojson(self, remove_amp_cast=True):
        """The graph as MXNet 1.9.1's JSON text (without amp_cast nodes unless `remove_amp_cast` is
        False)."""
        entries = _without_amp_casts(self._entries) if remove_amp_cast else self._entries
        return _graph.to_json(entries)

    def save(self, fname, remove_amp_cast=True):
        """Write the graph to file `fname` as MXNet's JSON (through a temporary file and a rename)."""
        if not isinstance(fname, str):
            raise TypeError('fname need to be string')
        write_atomically(fname, [self.tojson(remove_amp_cast).encode('utf-8')], 'Symbol.save')

    def __getstate__(self):
        return {'handle': self.tojson() if self._entries else None}

    def __setstate__(self, state):
        text = state.get('handle')
        self._entries = load_json(text)._entries if text is not None else []

    def __reduce__(self):
        return (_unpickled, (), self.__getstate__())

    def debug_str(self):
        """A readable listing of the graph (MXNet's layout): outputs, then every node with its inputs and
        attributes."""
        node = self._node()
        if len(self._entries) == 1 and not node.inputs:
            if node.op is None:
                return 'Variable:%s\n' % node.name
            return 'AtomicFunctor  Op:%s\n' % node.op.name
        lines = ['Symbol Outputs:']
        lines += ['\toutput[%d]=%s(%d)' % (i, n.name, k) for i, (n, k) in enumerate(self._entries)]
        for n in self._nodes():
            if n.op is None:
                lines.append('Variable:' + n.name)
                continue
            lines += ['--------------------', 'Op:%s, Name=%s' % (n.op.name, n.name), 'Inputs:']
            for j, ((src, k), version) in enumerate(zip(n.inputs, n.versions)):
                lines.append('\targ[%d]=%s(%d)%s' % (j, src.name, k, ' version=%d' % version if src.op is None else ''))
            if n.attrs:
                lines.append('Attrs:')
                lines += ['\t%s=%s' % kv for kv in sorted(n.attrs.items())]
        return '\n'.join(lines) + '\n'

    # ---- inference --------------------------------------------------------------------------------------
    def infer_shape(self, *args, **kwargs):
        """(argument shapes, output shapes, auxiliary state shapes) from the shapes of some arguments,
        given in the order of ``list_arguments`` or by name (unknown dimensions: 0, or -1 in NumPy-shape
        mode). Three Nones, with a warning naming the undecided arguments, when those do not decide
        everything."""
        from . import infer
        return infer.infer_shape(self, args, kwargs, partial=False)

    def infer_shape_partial(self, *args, **kwargs):
        """As ``infer_shape``, leaving what cannot be decided unknown instead of giving Nones."""
        from . import infer
        return infer.infer_shape(self, args, kwargs, partial=True)

    def _infer_shape_impl(self, partial, *args, **kwargs):
        from . import infer
        return infer.infer_shape(self, args, kwargs, partial=partial, quiet=True)

    def infer_type(self, *args, **kwargs):
        """(argument types, output types, auxiliary state types) as numpy types, from the types of some
        arguments; three Nones (and a warning) when those do not decide everything."""
        from . import infer
        return infer.infer_type(self, args, kwargs, partial=False)

    def infer_type_partial(self, *args, **kwargs):
        """As ``infer_type``, leaving undecided types None."""
        from . import infer
        return infer.infer_type(self, args, kwargs, partial=True)

    def _infer_type_impl(self, partial, *args, **kwargs):
        from . import infer
        return infer.infer_type(self, args, kwargs, partial=partial, quiet=True)

    # ---- binding ----------------------------------------------------------------------------------------
    @staticmethod
    def _get_ndarray_inputs(arg_key, args, arg_names, allow_missing):
        """(handles, arrays) of the arrays for `arg_names` given as a list in that order or a dict by name;
        a missing one is None where `allow_missing`, else ValueError."""
        from ..ndarray.ndarray import NDArray
        if isinstance(args, list):
            if len(args) != len(arg_names):
                raise ValueError('Length of %s does not match the number of arguments' % arg_key)
            for a in args:
                if not (isinstance(a, NDArray) or (a is None and allow_missing)):
                    raise TypeError('Only accept list of NDArrays or dict of str to NDArray')
            return list(args), list(args)
        if not isinstance(args, dict):
            raise TypeError('Only accept list of NDArrays or dict of str to NDArray')
        arrays = []
        for name in arg_names:
            if name not in args:
                if not allow_missing:
                    raise ValueError('key `%s` is missing in `%s`' % (name, arg_key))
                arrays.append(None)
            elif not isinstance(args[name], NDArray):
                raise TypeError('Only accept list of NDArrays or dict of str to NDArray')
            else:
                arrays.append(args[name])
        return list(arrays), arrays

    def simple_bind(self, ctx, grad_req='write', type_dict=None, stype_dict=None, group2ctx=None,
                    shared_arg_names=None, shared_exec=None, shared_buffer=None, **kwargs):
        """An Executor with new arrays for the arguments, gradients and auxiliary states, of the shapes
        inferred from those given by name (``data=(32, 784)``)."""
        from . import executor
        return executor.simple_bind(self, ctx, grad_req, type_dict, stype_dict, group2ctx, shared_arg_names,
                                    shared_exec, shared_buffer, kwargs)

    def bind(self, ctx, args, args_grad=None, grad_req='write', aux_states=None, group2ctx=None,
             shared_exec=None):
        """An Executor running the symbol on the arrays `args` (a list in the order of
        ``list_arguments`` or a dict by name), writing gradients into `args_grad`."""
        from . import executor
        return executor.Executor(self, ctx, args, args_grad, grad_req, aux_states, group2ctx, shared_exec)

    def eval(self, ctx=None, **kwargs):
        """The outputs (a list of arrays) of running the symbol once on the arrays given by name."""
        from ..context import current_context
        return self.bind(current_context() if ctx is None else ctx, kwargs).forward()

    def gradient(self, wrt):
        """MXNet has no symbolic gradient either; gradients come from ``Executor.backward``."""
        raise NotImplementedForSymbol(self.gradient, None)

    def get_backend_symbol(self, backend):
        """The symbol partitioned for subgraph backend `backend`: mxtorch has none, so a copy."""
        return self.__copy__()

    def optimize_for(self, backend, args=None, aux=None, ctx=None, shape_dict=None, type_dict=None,
                     stype_dict=None, skip_infer=False, **kwargs):
        """The symbol prepared for subgraph backend `backend`: mxtorch has none, so a copy."""
        return self.__copy__()

    def as_nd_ndarray(self):
        """The symbol itself (it is a legacy Symbol already)."""
        return self

    def as_np_ndarray(self):
        """The same outputs as a NumPy-semantics symbol (``mx.sym.np._Symbol``)."""
        return _np_symbol_class[0](self._entries)

    def astype(self, *args, **kwargs):
        """A ``cast`` of the symbol to the given dtype."""
        return _function('cast')(self, *args, **kwargs)

    # ---- what only arrays do: truth values and in-place arithmetic ------------------------------------
    def __bool__(self):
        raise NotImplementedForSymbol(self.__bool__, 'bool')

    __nonzero__ = __bool__
    __iadd__ = _array_only('__iadd__', '+=', 1)
    __isub__ = _array_only('__isub__', '-=')
    __imul__ = _array_only('__imul__', '*=')
    __idiv__ = _array_only('__idiv__', '/=')
    __itruediv__ = _array_only('__itruediv__', '/=')

    # ---- arithmetic: MXNet's node operators -------------------------------------------------------------
    def __add__(self, other):
        return _arith(self, other, '_Plus', '_PlusScalar')

    def __radd__(self, other):
        return self.__add__(other)

    def __sub__(self, other):
        return _arith(self, other, '_Minus', '_MinusScalar')

    def __rsub__(self, other):
        return _reflected(self, other, '__sub__', '_RMinusScalar')

    def __mul__(self, other):
        return _arith(self, other, '_Mul', '_MulScalar')

    def __rmul__(self, other):
        return self.__mul__(other)

    def __div__(self, other):
        return _arith(self, other, '_Div', '_DivScalar')

    def __rdiv__(self, other):
        return _reflected(self, other, '__truediv__', '_RDivScalar')

    __truediv__, __rtruediv__ = __div__, __rdiv__

    def __mod__(self, other):
        return _arith(self, other, '_Mod', '_ModScalar')

    def __rmod__(self, other):
        return _reflected(self, other, '__mod__', '_RModScalar')

    def __pow__(self, other):
        return _arith(self, other, '_Power', '_PowerScalar')

    def __rpow__(self, other):
        return _reflected(self, other, '__pow__', '_rpower_scalar')

    def __neg__(self):
        return self.__mul__(-1.0)

    def __abs__(self):
        return self.abs()

    def __eq__(self, other):
        return _arith(self, other, '_equal', '_equal_scalar')

    def __ne__(self, other):
        return _arith(self, other, '_not_equal', '_not_equal_scalar')

    def __gt__(self, other):
        return _arith(self, other, '_greater', '_greater_scalar')

    def __ge__(self, other):
        return _arith(self, other, '_greater_equal', '_greater_equal_scalar')

    def __lt__(self, other):
        return _arith(self, other, '_lesser', '_lesser_scalar')

    def __le__(self, other):
        return _arith(self, other, '_lesser_equal', '_lesser_equal_scalar')


def _unpickled():
    return Symbol([])


def _only_arrays(method):
    def refuse(self, *args, **kwargs):
        raise NotImplementedForSymbol(getattr(self, method), None)
    refuse.__name__ = refuse.__qualname__ = method
    refuse.__doc__ = 'Arrays only: a Symbol has no values.'
    return refuse


for _method in ('wait_to_read', 'asnumpy', 'asscalar', 'copy', 'as_in_context', 'detach', 'backward'):
    setattr(Symbol, _method, _only_arrays(_method))


def _shown(attrs):
    shown = dict(attrs)
    for key in HIDDEN_KEYS:
        if '__%s__' % key in attrs:
            shown[key] = attrs['__%s__' % key]
    return shown


def _aux_names(node):
    """The node's input names that are auxiliary states."""
    if node.op is None:
        return ()
    if node.op.name == 'Custom':
        return _opdefs._custom_names(node.attrs)[2]
    return node.op.aux


def _copy_graph(entries):
    copies = {}
    for node in _graph.topological(entries):
        copy = Node(node.op, node.name, node.attrs, [(copies[id(s)], k) for s, k in node.inputs],
                    node.input_names, node.num_outputs, node.versions)
        copy.version = node.version
        if node.subgraphs is not None:
            copy.subgraphs = [_copy_graph(g) for g in node.subgraphs]
        copies[id(node)] = copy
    return [(copies[id(n)], k) for n, k in entries]


def _update_versions(node):
    """MXNet's versions of a node's variable inputs after (re)composition: each records its variable's
    count, and each input the operator updates (an auxiliary state) counts one more use first."""
    aux = _aux_names(node)
    versions = [src.version if src.op is None else 0 for src, _ in node.inputs]
    for j, ((src, _), input_name) in enumerate(zip(node.inputs, node.input_names)):
        if input_name in aux:
            if src.op is not None:
                raise MXNetError('Mutation target can only be Variable: input {} ({}) of {} is the output of {}'.format(
                    j, input_name, node.name, src.name))
            src.version += 1
            versions[j] = src.version
    node.versions = versions


def _without_amp_casts(entries):
    """A copy of the graph in which the inputs taken from amp_cast/amp_multicast nodes are taken from
    those nodes' own inputs instead (MXNet's RemoveAmpCast, applied when saving; an output stays)."""
    nodes = _graph.topological(entries)
    if not any(n.op is not None and n.op.name in ('amp_cast', 'amp_multicast') for n in nodes):
        return entries
    copies, feeds = {}, {}   # id(node) -> its copy; for a cast: the (node, index, version) of each input

    def source(src, k, version):
        return feeds[id(src)][k if src.op.name == 'amp_multicast' else 0] if id(src) in feeds else \
            (copies[id(src)], k, version)
    for node in nodes:
        inputs = [source(s, k, v) for (s, k), v in zip(node.inputs, node.versions)]
        copies[id(node)] = Node(node.op, node.name, node.attrs, [(n, k) for n, k, _ in inputs], node.input_names,
                                node.num_outputs, [v for _, _, v in inputs])
        copies[id(node)].version = node.version
        if node.op is not None and node.op.name in ('amp_cast', 'amp_multicast'):
            feeds[id(node)] = inputs
    return [(copies[id(n)], k) for n, k in entries]


# ---- making nodes --------------------------------------------------------------------------------------
def _variable_attr_key(key, value):
    """The key an attribute set on a node is kept under: ``lr_mult`` and the other hidden keys as
    ``__lr_mult__``; a key that ends in one (``weight_lr_mult``) is MXNet's deprecated spelling, an
    error."""
    for hidden in HIDDEN_KEYS:
        pos = key.rfind(hidden)
        if pos == 0 and key == hidden:
            return '__%s__' % key
        if pos > 0 and pos == len(key) - len(hidden):
            _deprecated_key(key, hidden, value, pos)
    return key


def _deprecated_key(key, hidden, value, pos):
    raise MXNetError('setting variable attributes with {0} is deprecated: make the variable with '
                     'Variable({1}={2}) and pass it as {3}'.format(key, hidden, value, key[:pos - 1]))


def _param_key(key, value):
    """The key a parameter given to an operator is kept under (MXNet's rules for hidden keys)."""
    for hidden in HIDDEN_KEYS:
        pos = key.rfind(hidden)
        if pos == 0:
            return '__%s__' % key
        if pos > 0 and pos == len(key) - len(hidden):
            _deprecated_key(key, hidden, value, pos)
    return key


def _single(sym, what):
    if len(sym._entries) != 1:
        raise MXNetError('{} is a tuple, single value is required (a group of {} outputs; pick one with '
                         'symbol[i])'.format(what, len(sym._entries)))
    return sym._entries[0]


def _keyword_mismatch(source, keys, candidates):
    listing = ''.join('\n\t[%d]%s' % (i, c) for i, c in enumerate(candidates))
    raise MXNetError('{}: Keyword argument name {} not found.\nCandidate arguments:{}'.format(
        source, keys[0], listing))


def _compose_node(node, args, kwargs, name):
    """Fill the inputs of an operator node that has none, as MXNet composes an atomic symbol: the
    positional Symbols first, the remaining inputs by name from `kwargs`, variables ``<name>_<input>``
    (carrying the node's attributes) for the inputs not given."""
    op = node.op
    for i, value in enumerate(args):
        _single(value, 'Argument %d' % i)
    for key, value in kwargs.items():
        _single(value, 'Keyword Argument %s' % key)
    if name:
        node.name = name
    if not op.from_mxnet:
        inputs, names = _own_inputs(op, args, kwargs)
    else:
        inputs, names = _mxnet_inputs(node, args, kwargs)
    for i, (src, _) in enumerate(inputs):
        init = op.input_init(i)
        if init is not None and src.op is None and '__init__' not in src.attrs:
            src.attrs['__init__'] = init
    node.inputs, node.input_names = inputs, names
    _update_versions(node)
    node.num_outputs = op.output_counts(node.attrs)[0]


def _mxnet_inputs(node, args, kwargs):
    op = node.op
    names = op.input_names(node.attrs)
    if op.variadic and op.var_num_args is None and op.name != 'Custom':
        if kwargs:
            raise MXNetError('Variable length function do not accept kwargs')
        names = ['arg%d' % i for i in range(len(args))]
    if len(args) > len(names):
        raise MXNetError('Incorrect number of arguments, requires {}, provided {} (operator {})'.format(
            len(names), len(args), op.name))
    if not op.named_inputs and len(args) != len(names):
        raise MXNetError('Not enough argument to call operator {} (it takes its {} inputs by position only)'.format(
            op.name, len(names)))
    inputs = [a._entries[0] for a in args]
    unused = dict(kwargs)
    for input_name in names[len(args):]:
        given = unused.pop(input_name, None)
        if given is not None:
            inputs.append(given._entries[0])
        else:
            var_name = '%s_%s' % (node.name, input_name) if node.name else input_name
            inputs.append((Node(None, var_name, node.attrs), 0))
    if unused and len(args) < len(names):
        # as nnvm's Compose: keywords are matched only when the positional Symbols leave inputs open,
        # so Symbol keywords given to an operator without inputs (sym.random.randn(data=...)) are ignored
        _keyword_mismatch('Symbol.Compose', list(unused), names[len(args):])
    return inputs, names


def _own_inputs(op, args, kwargs):
    """The inputs of one of mxtorch's kernels in the order of its implementation's parameters (the
    positional Symbols where its ``*args`` is)."""
    inputs, names, unused = [], [], dict(kwargs)
    params = list(op._signature.parameters.values()) if op._signature is not None else []
    for p in params:
        if p.kind is p.VAR_POSITIONAL:
            inputs += [a._entries[0] for a in args]
            names += ['arg%d' % i for i in range(len(args))]
            args = ()
        elif p.name in unused:
            inputs.append(unused.pop(p.name)._entries[0])
            names.append(p.name)
    if args or (unused and not op._any_kwargs):
        raise MXNetError('operator {} takes no input {}'.format(op.name, ', '.join(unused) or 'by position'))
    for key, value in unused.items():
        inputs.append(value._entries[0])
        names.append(key)
    return inputs, names


# mxtorch's own kernels with several outputs
def make_node(op, hint, args, kwargs, params, name, attr):
    """A Symbol of a new node of `op` (an OpDef), made as MXNet's operator functions make one: `params`
    (values) and the current AttrScope's attributes (with the node's own `attr`) become the node's text
    attributes, checked by the operator's parameter rules; the node is named by the current NameManager
    (`name`, else `hint` and a count); then it is composed with the Symbols `args` (by position) and
    `kwargs` (by input name)."""
    values = dict(params)
    values.update(attribute.current().get(attr))
    node_name = _name._current().get(name, hint.lower())
    attrs = {}
    for key, value in values.items():
        key = _param_key(key, value)
        attrs.setdefault(key, _opdefs.format_attr(value))
    op.check_attrs(attrs)
    if args and kwargs and op.from_mxnet:
        raise TypeError('Operators with variable length input can only accept input Symbols either as '
                        'positional or keyword arguments, not both')
    node = Node(op, '', attrs)
    _compose_node(node, list(args), dict(kwargs), node_name)
    np_class = _np_symbol_class[0]
    if np_class is not None and _has_np_symbol(args, kwargs.values(), np_class):
        # an operator given mx.sym.np symbols gives one (as nd operators give mx.np arrays of mx.np arrays)
        return np_class([(node, k) for k in range(node.num_outputs)])
    return Symbol([(node, k) for k in range(node.num_outputs)])


def _has_np_symbol(args, values, np_class):
    for group in (args, values):
        for value in group:
            if isinstance(value, np_class) or (isinstance(value, (list, tuple)) and
                                                any(isinstance(v, np_class) for v in value)):
                return True
    return False


def _function(name):
    """The ``mx.sym`` function of operator `name`."""
    from . import register
    return register.function(name)


# MXNet's node operators of Python's arithmetic (the node names come from these: _plus0, _plusscalar0)
def _arith(sym, other, array_form, scalar_form):
    if isinstance(other, Symbol):
        return _function('_internal.' + array_form)(sym, other)
    if isinstance(other, numbers.Number):
        return _function('_internal.' + scalar_form)(sym, scalar=other)
    raise TypeError('type %s not supported' % str(type(other)))


def _reflected(sym, other, forward, scalar_form):
    if isinstance(other, Symbol):
        return getattr(other, forward)(sym)
    if isinstance(other, numbers.Number):
        return _function('_internal.' + scalar_form)(sym, scalar=other)
    raise TypeError('type %s not supported' % str(type(other)))


# ---- variables, groups, files --------------------------------------------------------------------------
def var(name, attr=None, shape=None, lr_mult=None, wd_mult=None, dtype=None, init=None, stype=None,
        profiler_scope=None, **kwargs):
    """A free variable (an input of a graph: data, a label or a parameter). Its shape, learning-rate and
    weight-decay factors, dtype, initializer and storage type are kept as MXNet keeps them
    (``__shape__``, ``__lr_mult__``, ``__wd_mult__``, ``__dtype__``, ``__init__``, ``__storage_type__``);
    further attributes are given as keywords written ``__name__``."""
    if not isinstance(name, str):
        raise TypeError('Expect a string for variable `name`')
    attrs = dict(attribute.current().get(attr))
    if shape is not None:
        attrs['__shape__'] = str(shape)
    if lr_mult is not None:
        attrs['__lr_mult__'] = str(lr_mult)
    if wd_mult is not None:
        attrs['__wd_mult__'] = str(wd_mult)
    if dtype is not None:
        attrs['__dtype__'] = str(TORCH_TO_FLAG[dtype_torch(np.dtype(dtype).type)])
    if init is not None:
        attrs['__init__'] = init if isinstance(init, str) else init.dumps()
    if stype is not None:
        attrs['__storage_type__'] = str(_STORAGE_TYPES[stype])
    for key, value in kwargs.items():
        if not (key.startswith('__') and key.endswith('__')):
            raise ValueError('Attribute name=%s is not supported. Additional attributes must start and end '
                             'with double underscores, e.g, __yourattr__' % key)
        attrs[key] = str(value)
    sym = Symbol([(Node(None, name), 0)])
    sym._set_attr(**attrs)
    return sym


Variable = var


def Group(symbols, create_fn=Symbol):
    """One Symbol of all the outputs of `symbols`, in order."""
    if not symbols or any(not isinstance(s, Symbol) for s in symbols):
        raise TypeError('Expected a list of symbols as input')
    return create_fn([e for s in symbols for e in s._entries])


def load_json(json_str):
    """The Symbol of MXNet JSON text, as ``tojson`` writes it and as MXNet 1.x wrote it (older forms are
    upgraded); MXNetError naming the problem for text that is not such a graph."""
    if not isinstance(json_str, str):
        raise TypeError('fname required to be string')
    return Symbol(_graph.from_json(json_str))


def load(fname):
    """The Symbol saved in file `fname` (a ``-symbol.json``)."""
    if not isinstance(fname, str):
        raise TypeError('fname need to be string')
    try:
        with open(fname, 'rb') as f:
            data = f.read()
    except OSError as e:
        raise MXNetError('Symbol.load: cannot read {!r}: {}'.format(fname, e.strerror or e)) from None
    try:
        text = data.decode('utf-8')
    except UnicodeDecodeError as e:
        raise MXNetError('Symbol.load: {!r} is not UTF-8 text (byte {} of {})'.format(fname, e.start, len(data))) \
            from None
    try:
        return Symbol(_graph.from_json(text))
    except MXNetError as e:
        raise MXNetError('{} (in {!r})'.format(e, fname)) from None


# ---- functions beside the operators --------------------------------------------------------------------
def _pair(left, right, array_form, scalar_form, rscalar_form, numbers_only):
    if isinstance(left, Symbol) and isinstance(right, Symbol):
        return _function('_internal.' + array_form)(left, right)
    if isinstance(left, Symbol) and isinstance(right, numbers.Number):
        return _function('_internal.' + scalar_form)(left, scalar=right)
    if isinstance(left, numbers.Number) and isinstance(right, Symbol):
        return _function('_internal.' + rscalar_form)(right, scalar=left)
    if isinstance(left, numbers.Number) and isinstance(right, numbers.Number):
        return numbers_only(left, right)
    raise TypeError('types (%s, %s) not supported' % (str(type(left)), str(type(right))))


def pow(base, exp):
    """`base` ** `exp`, element-wise, for Symbols and numbers."""
    return _pair(base, exp, '_Power', '_PowerScalar', '_RPowerScalar', lambda a, b: a ** b)


def power(base, exp):
    """The same as ``pow``."""
    return pow(base, exp)


def maximum(left, right):
    """The element-wise larger of Symbols and numbers."""
    return _pair(left, right, '_Maximum', '_MaximumScalar', '_MaximumScalar', lambda a, b: a if a > b else b)


def minimum(left, right):
    """The element-wise smaller of Symbols and numbers."""
    return _pair(left, right, '_Minimum', '_MinimumScalar', '_MinimumScalar', lambda a, b: a if a < b else b)


def hypot(left, right):
    """sqrt(left ** 2 + right ** 2), element-wise, for Symbols and numbers."""
    return _pair(left, right, '_Hypot', '_HypotScalar', '_HypotScalar', np.hypot)


def _dtype(dtype):
    return np.float32 if dtype is None else dtype


def eye(N, M=0, k=0, dtype=None, **kwargs):
    """An N x M Symbol (N x N when M is 0) with ones on diagonal `k`."""
    return _function('_internal._eye')(N, M, k, dtype=_dtype(dtype), **kwargs)


def zeros(shape, dtype=None, **kwargs):
    """A Symbol of zeros."""
    return _function('_internal._zeros')(shape=shape, dtype=_dtype(dtype), **kwargs)


def ones(shape, dtype=None, **kwargs):
    """A Symbol of ones."""
    return _function('_internal._ones')(shape=shape, dtype=_dtype(dtype), **kwargs)


def full(shape, val, dtype=None, **kwargs):
    """A Symbol filled with `val`."""
    return _function('_internal._full')(shape=shape, dtype=_dtype(dtype), value=float(val), **kwargs)


def arange(start, stop=None, step=1.0, repeat=1, infer_range=False, name=None, dtype=None):
    """The values `start`, `start` + `step`, ... below `stop`, each `repeat` times."""
    return _function('_internal._arange')(start=start, stop=stop, step=step, repeat=repeat,
                                          infer_range=infer_range, name=name, dtype=_dtype(dtype))


def linspace(start, stop, num, endpoint=True, name=None, dtype=None):
    """`num` evenly spaced values from `start` to `stop`."""
    return _function('_internal._linspace')(start=start, stop=stop, num=num, endpoint=endpoint, name=name,
                                            dtype=_dtype(dtype))


def histogram(a, bins=10, range=None, **kwargs):
    """The histogram of `a`: `bins` equal bins over `range`, or the bin edges `bins` (a Symbol)."""
    if isinstance(bins, Symbol):
        return _function('_internal._histogram')(data=a, bins=bins, **kwargs)
    if isinstance(bins, (int, np.integer)):
        if range is None:
            raise ValueError('null range is not supported in symbol mode')
        return _function('_internal._histogram')(data=a, bin_cnt=bins, range=range, **kwargs)
    raise ValueError('bins argument should be either an integer or an NDArray')


def split_v2(ary, indices_or_sections, axis=0, squeeze_axis=False):
    """`ary` split along `axis` into `indices_or_sections` equal parts (an int), or at the indices of a
    tuple."""
    if isinstance(indices_or_sections, int):
        indices, sections = [], indices_or_sections
    elif isinstance(indices_or_sections, tuple):
        indices, sections = [0] + list(indices_or_sections), 0
    else:
        raise ValueError('indices_or_sections must either int or tuple of ints')
    return _function('_internal._split_v2')(ary, indices, axis, squeeze_axis, sections)

