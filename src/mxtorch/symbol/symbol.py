"""Symbol: a graph of operators, MXNet's symbolic API (``mx.sym``).

A Symbol is a list of outputs of graph nodes. Operator functions (``mx.sym.FullyConnected``, ...) add a
node whose inputs are the outputs of other Symbols, making variables for the inputs that are not given
(``fc1_weight``, ``fc1_bias``, as MXNet names them); ``var`` makes a free variable. A Symbol can be
composed with others (``net(data=other)``), grouped, inspected (arguments, outputs, auxiliary states,
attributes, internals), saved as MXNet's JSON and loaded back, its shapes and types inferred, and bound
to arrays as an Executor that runs it with torch."""

import numpy as np

from .. import attribute, name as _name
from .._fileio import write_atomically
from ..base import MXNetError, NotImplementedForSymbol, TORCH_TO_FLAG, dtype_torch, numeric_types
from . import _graph, _opdefs
from ._graph import HIDDEN_KEYS, Node

__all__ = ['Symbol', 'var', 'Variable', 'Group', 'load', 'load_json', 'fromjson', 'pow', 'power', 'maximum',
           'minimum', 'hypot', 'eye', 'zeros', 'ones', 'full', 'arange', 'linspace', 'histogram', 'split_v2']

_STORAGE_TYPES = {'default': 0, 'row_sparse': 1, 'csr': 2}


class Symbol:
    """Outputs of a graph of operators (one output, or a group of several).

    Build Symbols with ``mx.sym.var`` and the operator functions of ``mx.sym``; combine them with Python's
    arithmetic, ``mx.sym.Group`` and composition (``symbol(name=other)``)."""
    __slots__ = ('_entries', '__weakref__')

    # numpy defers binary operators with a Symbol on the right to Symbol's reflected methods
    __array_priority__ = 1000.0

    def __init__(self, handle):
        entries = list(handle)
        if not all(isinstance(e, tuple) and len(e) == 2 and isinstance(e[0], Node) for e in entries):
            raise TypeError('Symbol is made by mx.sym.var, the operators of mx.sym and mx.sym.Group')
        self._entries = entries

    @property
    def handle(self):
        """The graph outputs [(node, index), ...] (MXNet's handle is a C pointer)."""
        return self._entries

    # ---- the outputs ------------------------------------------------------------------------------------
    @property
    def name(self):
        """The name of the node of a one-output Symbol; None for a group."""
        if len(self._entries) != 1:
            return None
        return self._entries[0][0].name

    def __repr__(self):
        name = self.name
        if name is None:
            return '<Symbol group [{}]>'.format(', '.join(node.name for node, _ in self._entries))
        return '<Symbol {}>'.format(name)

    def __iter__(self):
        return (Symbol([e]) for e in self._entries)

    def __len__(self):
        return len(self._entries)

    def __getitem__(self, index):
        """An output by position, a group of outputs by slice, or an output (of the symbol or of its
        internals' outputs when the symbol has one output) by name."""
        if isinstance(index, str):
            names = self.list_outputs()
            hits = [i for i, n in enumerate(names) if n == index]
            if len(hits) > 1:
                raise ValueError('There are multiple outputs with name "{}"'.format(index))
            if not hits:
                raise ValueError('Cannot find output that matches name "{}"'.format(index))
            return Symbol([self._entries[hits[0]]])
        if isinstance(index, slice):
            return Symbol(self._entries[index])
        if not isinstance(index, (int, np.integer)):
            raise TypeError('Symbol only support integer index to fetch i-th output')
        if not -len(self._entries) <= index < len(self._entries):
            raise IndexError('Symbol has {} outputs, index {} is out of range'.format(len(self._entries), index))
        return Symbol([self._entries[index]])

    def list_outputs(self):
        """The names of the outputs (``<node>_output`` for an operator, the variable's name)."""
        names = []
        for node, k in self._entries:
            names.append(node.output_names()[k])
        return names

    # ---- the graph --------------------------------------------------------------------------------------
    def _nodes(self):
        return _graph.topological(self._entries)

    def _variables(self):
        """(arguments, auxiliary states) as lists of variable nodes, in graph order."""
        aux_ids = set()
        for node in self._nodes():
            if node.op is not None and node.op.aux:
                for (src, _), input_name in zip(node.inputs, node.input_names):
                    if src.op is None and input_name in node.op.aux:
                        aux_ids.add(id(src))
        args, aux = [], []
        for node in self._nodes():
            if node.op is None:
                (aux if id(node) in aux_ids else args).append(node)
        return args, aux

    def list_arguments(self):
        """The names of the variables that are arguments (everything but auxiliary states)."""
        return [n.name for n in self._variables()[0]]

    def list_auxiliary_states(self):
        """The names of the variables that operators update themselves (BatchNorm's moving statistics)."""
        return [n.name for n in self._variables()[1]]

    def list_inputs(self):
        """The names of all variables, arguments and auxiliary states, in graph order."""
        return [n.name for n in self._nodes() if n.op is None]

    def get_internals(self):
        """A group of every output of every node of the graph (variables included), in graph order."""
        entries = []
        for node in self._nodes():
            entries.extend((node, k) for k in range(1 if node.op is None else node.num_outputs))
        return Symbol(entries)

    def get_children(self):
        """A group of the inputs of the symbol's node (None for a variable)."""
        inputs = [e for node, _ in self._entries for e in node.inputs]
        return Symbol(inputs) if inputs else None

    # ---- attributes -------------------------------------------------------------------------------------
    def attr(self, key):
        """The attribute `key` of the symbol's node as a string, or None."""
        if len(self._entries) != 1:
            return None
        return self._entries[0][0].attrs.get(key)

    def list_attr(self, recursive=False):
        """The attributes of the symbol's node {key: string}; the hidden ones (``__lr_mult__``, ...) also
        appear under their plain name."""
        if recursive:
            raise DeprecationWarning('Symbol.list_attr with recursive=True has been deprecated. '
                                     'Please use attr_dict instead.')
        if len(self._entries) != 1:
            return {}
        return _shown_attrs(self._entries[0][0].attrs)

    def attr_dict(self):
        """{node name: its attributes} for every node of the graph that has attributes."""
        out = {}
        for node in self._nodes():
            if node.attrs:
                out[node.name] = _shown_attrs(node.attrs)
        return out

    def _set_attr(self, **kwargs):
        """Set attributes (string values) of the symbol's node."""
        for key, value in kwargs.items():
            if not isinstance(value, str):
                raise ValueError("Set Attr only accepts string values")
        for node, _ in self._entries:
            for key, value in kwargs.items():
                node.attrs[_hidden_key(key)] = value

    # ---- composition ------------------------------------------------------------------------------------
    def __copy__(self):
        return Symbol(_copy_graph(self._entries)[0])

    def __deepcopy__(self, _memo=None):
        return self.__copy__()

    def __call__(self, *args, **kwargs):
        """A copy of the symbol with its free variables replaced: positional Symbols in the order of
        `list_arguments`, or keyword ones by variable name (``name=`` renames the result's node)."""
        composed = self.__copy__()
        composed._compose(*args, **kwargs)
        return composed

    def _compose(self, *args, **kwargs):
        """Replace the symbol's free variables in place (see ``__call__``)."""
        name = kwargs.pop('name', None)
        if args and kwargs:
            raise TypeError('compose only accept input Symbols either as positional or keyword arguments, '
                            'not both')
        for value in list(args) + list(kwargs.values()):
            if not isinstance(value, Symbol):
                raise TypeError('Compose expect `Symbol` as arguments')
            if len(value._entries) != 1:
                raise MXNetError('compose: a group of {} outputs cannot replace one variable'.format(
                    len(value._entries)))
        entries, _ = _copy_graph(self._entries)
        variables = [n for n in _graph.topological(entries) if n.op is None]
        if args:
            arguments = [n for n in variables if n.name in set(self.list_arguments())]
            if len(args) > len(arguments):
                raise MXNetError('compose: {} Symbols given for {} arguments'.format(len(args), len(arguments)))
            replace = {id(v): a._entries[0] for v, a in zip(arguments, args)}
        else:
            by_name = {n.name: n for n in variables}
            unknown = [k for k in kwargs if k not in by_name]
            if unknown:
                raise MXNetError('compose: the symbol has no variable {} (its variables: {})'.format(
                    ', '.join(repr(k) for k in unknown), ', '.join(by_name)))
            replace = {id(by_name[k]): v._entries[0] for k, v in kwargs.items()}
        for node in _graph.topological(entries):
            node.inputs = [replace.get(id(src), (src, k)) if src.op is None else (src, k)
                           for src, k in node.inputs]
        entries = [replace.get(id(n), (n, k)) if n.op is None else (n, k) for n, k in entries]
        if name is not None and len(entries) == 1 and entries[0][0].op is not None:
            entries[0][0].name = name
        self._entries = entries

    # ---- JSON -------------------------------------------------------------------------------------------
    def tojson(self, remove_amp_cast=True):
        """The graph as MXNet 1.9.1's JSON text."""
        return _graph.to_json(self._entries)

    def save(self, fname, remove_amp_cast=True):
        """Write the graph to `fname` as MXNet's JSON (through a temporary file)."""
        if not isinstance(fname, str):
            raise TypeError('fname need to be string')
        text = self.tojson(remove_amp_cast).encode('utf-8')
        write_atomically(fname, [text], 'Symbol.save')

    def __getstate__(self):
        return {'handle': self.tojson()}

    def __setstate__(self, state):
        handle = state.get('handle') if isinstance(state, dict) else None
        self._entries = load_json(handle)._entries if handle is not None else []

    def __reduce__(self):
        return (_empty_symbol, (), self.__getstate__())

    def debug_str(self):
        """A readable listing of the graph: its outputs, then each node with its inputs and attributes."""
        index = {}
        lines = ['Symbol Outputs:']
        for i, (node, k) in enumerate(self._entries):
            lines.append('\toutput[{}]={}({})'.format(i, node.name, k))
        for node in self._nodes():
            index[id(node)] = node
            if node.op is None:
                lines.append('Variable:' + node.name)
                continue
            lines.append('--------------------')
            lines.append('Op:{}, Name={}'.format(node.op.name, node.name))
            lines.append('Inputs:')
            for j, (src, k) in enumerate(node.inputs):
                lines.append('\targ[{}]={}({}) version=0'.format(j, src.name, k))
            if node.attrs:
                lines.append('Attrs:')
                for key, value in sorted(node.attrs.items()):
                    lines.append('\t{}={}'.format(key, value))
        return '\n'.join(lines) + '\n'

    # ---- inference, binding -----------------------------------------------------------------------------
    def infer_shape(self, *args, **kwargs):
        """Shapes of (arguments, outputs, auxiliary states) from the shapes given for some arguments
        (positionally in the order of `list_arguments`, or by name). Three Nones, with a warning naming
        the undecided arguments, when the given shapes do not decide them all."""
        from . import infer
        return infer.infer_shape(self, args, kwargs, partial=False)

    def infer_shape_partial(self, *args, **kwargs):
        """As `infer_shape`, leaving what cannot be decided unknown (``()``, and 0 for unknown
        dimensions) instead of failing."""
        from . import infer
        return infer.infer_shape(self, args, kwargs, partial=True)

    def infer_type(self, *args, **kwargs):
        """Types (numpy) of (arguments, outputs, auxiliary states) from the types given for some
        arguments; three Nones when they do not decide them all."""
        from . import infer
        return infer.infer_type(self, args, kwargs, partial=False)

    def infer_type_partial(self, *args, **kwargs):
        """As `infer_type`, leaving undecided types None."""
        from . import infer
        return infer.infer_type(self, args, kwargs, partial=True)

    def simple_bind(self, ctx, grad_req='write', type_dict=None, stype_dict=None, group2ctx=None,
                    shared_arg_names=None, shared_exec=None, shared_buffer=None, **kwargs):
        """An Executor with new arrays for every argument, gradient and auxiliary state, their shapes
        inferred from the given ones (``data=(32, 784)``)."""
        from . import executor
        return executor.simple_bind(self, ctx, grad_req, type_dict, stype_dict, group2ctx, shared_arg_names,
                                    shared_exec, shared_buffer, kwargs)

    def bind(self, ctx, args, args_grad=None, grad_req='write', aux_states=None, group2ctx=None,
             shared_exec=None):
        """An Executor running the symbol on the given arrays (a list in the order of `list_arguments`
        or a dict by name), writing gradients into `args_grad`."""
        from . import executor
        return executor.Executor(self, ctx, args, args_grad, grad_req, aux_states, group2ctx, shared_exec)

    def _bind(self, *args, **kwargs):
        return self.bind(*args, **kwargs)

    def eval(self, ctx=None, **kwargs):
        """Run the symbol once on the arrays given by name; the list of its outputs."""
        from ..context import current_context
        ctx = current_context() if ctx is None else ctx
        exe = self.bind(ctx, kwargs)
        exe.forward()
        return exe.outputs

    def gradient(self, wrt):
        """Not provided: gradients come from `Executor.backward`."""
        raise NotImplementedForSymbol(self.gradient, None)

    def get_backend_symbol(self, backend):
        """The symbol partitioned for `backend`: mxtorch has no subgraph backends, so the symbol itself."""
        return self

    def optimize_for(self, backend, args=None, aux=None, ctx=None, shape_dict=None, type_dict=None,
                     stype_dict=None, skip_infer=False, **kwargs):
        """The symbol prepared for a subgraph `backend`: with none in mxtorch, an equal copy."""
        return self.__copy__()

    def as_nd_ndarray(self):
        return self

    def as_np_ndarray(self):
        raise NotImplementedError('mx.sym in numpy mode is not provided by mxtorch yet')

    def astype(self, dtype):
        """A cast of the symbol's output to `dtype`."""
        return _op('Cast')(self, dtype=dtype)

    # ---- what only arrays can do -------------------------------------------------------------------------
    def __bool__(self):
        raise NotImplementedForSymbol(self.__bool__, 'bool')

    __nonzero__ = __bool__

    def wait_to_read(self):
        raise NotImplementedForSymbol(self.wait_to_read, None)

    def asnumpy(self):
        raise NotImplementedForSymbol(self.asnumpy, None)

    def asscalar(self):
        raise NotImplementedForSymbol(self.asscalar, None)

    def copy(self):
        raise NotImplementedForSymbol(self.copy, None)

    def as_in_context(self):
        raise NotImplementedForSymbol(self.as_in_context, None)

    def detach(self):
        raise NotImplementedForSymbol(self.detach, None)

    def backward(self):
        raise NotImplementedForSymbol(self.backward, None)

    # ---- arithmetic -------------------------------------------------------------------------------------
    def __add__(self, other):
        return _arith(self, other, '_Plus', '_PlusScalar')

    def __radd__(self, other):
        return _arith(self, other, '_Plus', '_PlusScalar')

    def __sub__(self, other):
        return _arith(self, other, '_Minus', '_MinusScalar')

    def __rsub__(self, other):
        return _arith(self, other, None, '_RMinusScalar')

    def __mul__(self, other):
        return _arith(self, other, '_Mul', '_MulScalar')

    def __rmul__(self, other):
        return _arith(self, other, '_Mul', '_MulScalar')

    def __truediv__(self, other):
        return _arith(self, other, '_Div', '_DivScalar')

    def __rtruediv__(self, other):
        return _arith(self, other, None, '_RDivScalar')

    __div__, __rdiv__ = __truediv__, __rtruediv__

    def __mod__(self, other):
        return _arith(self, other, '_Mod', '_ModScalar')

    def __rmod__(self, other):
        return _arith(self, other, None, '_RModScalar')

    def __pow__(self, other):
        return _arith(self, other, '_Power', '_PowerScalar')

    def __rpow__(self, other):
        return _arith(self, other, None, '_RPowerScalar')

    def __neg__(self):
        return self.__mul__(-1.0)

    def __abs__(self):
        return _op('abs')(self)

    def __iadd__(self, other):
        raise NotImplementedForSymbol(self.__iadd__, '+=', other, 1)

    def __isub__(self, other):
        raise NotImplementedForSymbol(self.__isub__, '-=', other, 1)

    def __imul__(self, other):
        raise NotImplementedForSymbol(self.__imul__, '*=', other, 1)

    def __itruediv__(self, other):
        raise NotImplementedForSymbol(self.__itruediv__, '/=', other, 1)

    __idiv__ = __itruediv__

    def __eq__(self, other):
        return _arith(self, other, '_equal', '_EqualScalar')

    def __ne__(self, other):
        return _arith(self, other, '_not_equal', '_NotEqualScalar')

    def __gt__(self, other):
        return _arith(self, other, '_greater', '_GreaterScalar')

    def __ge__(self, other):
        return _arith(self, other, '_greater_equal', '_GreaterEqualScalar')

    def __lt__(self, other):
        return _arith(self, other, '_lesser', '_LesserScalar')

    def __le__(self, other):
        return _arith(self, other, '_lesser_equal', '_LesserEqualScalar')

    __hash__ = object.__hash__


def _empty_symbol():
    return Symbol([])


def _shown_attrs(attrs):
    shown = dict(attrs)
    for key, value in attrs.items():
        if key.startswith('__') and key.endswith('__') and key[2:-2] in HIDDEN_KEYS:
            shown[key[2:-2]] = value
    return shown


def _hidden_key(key):
    return '__{}__'.format(key) if key in HIDDEN_KEYS else key


def _copy_graph(entries):
    """A copy of every node reachable from `entries`: (the copied entries, {id(old): new})."""
    copies = {}
    for node in _graph.topological(entries):
        copies[id(node)] = Node(node.op, node.name, node.attrs, [(copies[id(s)], k) for s, k in node.inputs],
                                node.input_names, node.num_outputs)
    return [(copies[id(n)], k) for n, k in entries], copies


# ---- the scalar and array forms of arithmetic ----------------------------------------------------------
# MXNet's own names of the Python-level operators (the node names come from them: _plus0, _plusscalar0)
_ARITH_OPS = {
    '_Plus': 'elemwise_add', '_Minus': 'elemwise_sub', '_Mul': 'elemwise_mul', '_Div': 'elemwise_div',
    '_Mod': '_mod', '_Power': '_power', '_equal': '_equal', '_not_equal': '_not_equal', '_greater': '_greater',
    '_greater_equal': '_greater_equal', '_lesser': '_lesser', '_lesser_equal': '_lesser_equal',
    '_Maximum': '_maximum', '_Minimum': '_minimum', '_Hypot': '_hypot',
    '_PlusScalar': '_plus_scalar', '_MinusScalar': '_minus_scalar', '_RMinusScalar': '_rminus_scalar',
    '_MulScalar': '_mul_scalar', '_DivScalar': '_div_scalar', '_RDivScalar': '_rdiv_scalar',
    '_ModScalar': '_mod_scalar', '_RModScalar': '_rmod_scalar', '_PowerScalar': '_power_scalar',
    '_RPowerScalar': '_rpower_scalar', '_EqualScalar': '_equal_scalar', '_NotEqualScalar': '_not_equal_scalar',
    '_GreaterScalar': '_greater_scalar', '_GreaterEqualScalar': '_greater_equal_scalar',
    '_LesserScalar': '_lesser_scalar', '_LesserEqualScalar': '_lesser_equal_scalar',
    '_MaximumScalar': '_maximum_scalar', '_MinimumScalar': '_minimum_scalar', '_HypotScalar': '_hypot_scalar',
}


def _arith(sym, other, array_form, scalar_form):
    if isinstance(other, Symbol):
        if array_form is None:
            raise TypeError('type {} not supported'.format(type(other)))
        return make_node(_opdefs.opdef(_ARITH_OPS[array_form]), array_form, [sym, other], {}, None, None)
    if isinstance(other, numeric_types):
        return make_node(_opdefs.opdef(_ARITH_OPS[scalar_form]), scalar_form, [sym], {'scalar': other},
                         None, None)
    raise TypeError('type {} not supported'.format(type(other)))


def _op(name):
    """The mx.sym function of operator `name` (filled in by the package from the table)."""
    from . import register
    return register.symbol_function(name)


# ---- making nodes --------------------------------------------------------------------------------------
def make_node(op, hint, inputs, params, name, attr, input_names=None):
    """A Symbol of a new node of operator `op` (an OpDef). `inputs`: the Symbols given, positionally in
    the operator's input order (for a variadic operator, its inputs) or as a dict by input name;
    `params`: the parameter values given; `name`/`attr`: the user's node name and attributes; `hint`:
    the stem of an automatic name (the function called, lower-cased: fullyconnected0). Inputs MXNet's
    operator has and that are not given become variables named ``<node>_<input>``."""
    scope_attrs = attribute.current().get(attr)
    attrs = {}
    for key, value in list(scope_attrs.items()) + list(params.items()):
        if value is None:
            continue
        attrs[_hidden_key(key)] = _opdefs.format_attr(value)
    if op.from_mxnet:
        _check_params(op, attrs)
    node_name = _name._current().get(name, hint.lower())
    given = dict(inputs) if isinstance(inputs, dict) else None
    entries, names = [], []
    if op.from_mxnet or input_names is None:
        expected = op.input_names(attrs)
        variadic_inputs = list(inputs) if given is None and op.variadic else None
        if op.var_num_args and op.var_num_args not in attrs and variadic_inputs is not None:
            attrs[op.var_num_args] = str(len(variadic_inputs))
            expected = op.input_names(attrs)
        positional = list(inputs) if given is None and not op.variadic else []
        for input_name in expected:
            if input_name.startswith('*'):
                for sym in variadic_inputs or []:
                    entries.append(_single_entry(sym, op, node_name))
                    names.append(input_name[1:])
                continue
            sym = given.pop(input_name, None) if given is not None else (positional.pop(0) if positional else None)
            if sym is None:
                var_node = Node(None, '{}_{}'.format(node_name, input_name), attrs)
                entries.append((var_node, 0))
            else:
                entries.append(_single_entry(sym, op, node_name))
            names.append(input_name)
        leftover = list(given) if given else [s for s in positional if s is not None]
        if leftover:
            raise MXNetError('{}: input(s) {} not taken by operator {} with these parameters (inputs: {})'.format(
                node_name, leftover, op.name, ', '.join(n.lstrip('*') for n in expected) or 'none'))
    else:
        for input_name, sym in zip(input_names, inputs):
            entries.append(_single_entry(sym, op, node_name))
            names.append(input_name)
    num_outputs = count_outputs(op, attrs, len(entries))
    node = Node(op, node_name, attrs, entries, names, num_outputs)
    return Symbol([(node, k) for k in range(num_outputs)])


def _single_entry(sym, op, node_name):
    if not isinstance(sym, Symbol):
        raise TypeError('{}: an input of operator {} must be a Symbol, got {}'.format(
            node_name, op.name, type(sym).__name__))
    if len(sym._entries) != 1:
        raise MXNetError('{}: an input of operator {} is a group of {} outputs; pick one (symbol[i])'.format(
            node_name, op.name, len(sym._entries)))
    return sym._entries[0]


def _check_params(op, attrs):
    accepted = set(op.params)
    if op._signature is not None:
        accepted.update(op._signature.parameters)
    for key in attrs:
        if key.startswith('__') and key.endswith('__'):
            continue
        if key not in accepted:
            listing = '\n'.join('{} : {}'.format(k, t) for k, t in op.params.items())
            raise MXNetError("Cannot find argument '{}', Possible Arguments:\n----------------\n{}\n, in "
                             "operator {}({})".format(key, listing, op.name, ', '.join(
                                 '{}="{}"'.format(k, v) for k, v in attrs.items())))


# operators whose number of outputs their parameters decide
def _flag(attrs, key):
    return _opdefs.parse_attr('boolean', attrs.get(key, 'False'))


def _rnn_outputs(attrs):
    if not _flag(attrs, 'state_outputs'):
        return 1
    return 3 if str(attrs.get('mode', '')).strip("'\"") == 'lstm' else 2


def _split_v2_outputs(attrs):
    sections = int(attrs.get('sections', '0') or 0)
    if sections > 0:
        return sections
    indices = _opdefs.parse_attr('Shape(tuple)', attrs.get('indices', '()'))
    return len(indices)


def _custom_outputs(attrs):
    from .. import operator as custom
    kwargs = {k: v for k, v in attrs.items() if k != 'op_type' and not k.startswith('__')}
    return len(custom.custom_prop(attrs.get('op_type'), kwargs).list_outputs())


_NUM_OUTPUTS = {
    'SliceChannel': lambda a: int(a.get('num_outputs', '1')),
    '_split_v2': _split_v2_outputs,
    'topk': lambda a: 2 if str(a.get('ret_typ', '')).strip("'\"") == 'both' else 1,
    'BatchNorm': lambda a: 3 if _flag(a, 'output_mean_var') else 1,
    '_contrib_SyncBatchNorm': lambda a: 3 if _flag(a, 'output_mean_var') else 1,
    '_contrib_BatchNormWithReLU': lambda a: 3 if _flag(a, 'output_mean_var') else 1,
    'LayerNorm': lambda a: 3 if _flag(a, 'output_mean_var') else 1,
    'GroupNorm': lambda a: 3 if _flag(a, 'output_mean_var') else 1,
    'RNN': _rnn_outputs,
    'Custom': _custom_outputs,
    '_contrib_Proposal': lambda a: 2 if _flag(a, 'output_score') else 1,
    '_contrib_MultiProposal': lambda a: 2 if _flag(a, 'output_score') else 1,
    'sort': lambda a: 1, 'argsort': lambda a: 1,
}

# mxtorch's own operators with several outputs: {name: function of (attrs, number of inputs)}
OWN_NUM_OUTPUTS = {
    '_lstm_cell_step': lambda attrs, n: 2,
}


def count_outputs(op, attrs, num_inputs):
    """How many visible outputs a node of `op` with these attributes has."""
    rule = _NUM_OUTPUTS.get(op.name)
    if rule is not None:
        return rule(attrs)
    own = OWN_NUM_OUTPUTS.get(op.name)
    if own is not None:
        return own(attrs, num_inputs)
    if op.default_outputs:
        return len(op.default_outputs)
    return 1


# ---- variables, groups, files --------------------------------------------------------------------------
def var(name, attr=None, shape=None, lr_mult=None, wd_mult=None, dtype=None, init=None, stype=None,
        profiler_scope=None, **kwargs):
    """A free variable of a graph (an input: data, a label or a parameter), with optional attributes
    recorded as MXNet records them (``__shape__``, ``__dtype__``, ``__lr_mult__``, ``__init__``, ...).
    Further keyword attributes must be written ``__name__``."""
    if not isinstance(name, str):
        raise TypeError('Expect a string for variable `name`')
    attrs = {}
    for key, value in attribute.current().get(attr).items():
        attrs[_hidden_key(key)] = value
    if shape is not None:
        attrs['__shape__'] = str(shape)
    if lr_mult is not None:
        attrs['__lr_mult__'] = str(lr_mult)
    if wd_mult is not None:
        attrs['__wd_mult__'] = str(wd_mult)
    if dtype is not None:
        attrs['__dtype__'] = str(TORCH_TO_FLAG[dtype_torch(dtype)])
    if init is not None:
        attrs['__init__'] = init if isinstance(init, str) else init.dumps()
    if stype is not None:
        if stype not in _STORAGE_TYPES:
            raise MXNetError('stype {!r} is not one of {}'.format(stype, sorted(_STORAGE_TYPES)))
        attrs['__storage_type__'] = str(_STORAGE_TYPES[stype])
    if profiler_scope is not None:
        attrs['__profiler_scope__'] = profiler_scope
    for key, value in kwargs.items():
        if not (key.startswith('__') and key.endswith('__')):
            raise ValueError('Attribute name=%s is not supported. Additional attributes must start and end '
                             'with double underscores, e.g, __yourattr__' % key)
        attrs[key] = str(value)
    bad = [k for k, v in attrs.items() if not isinstance(v, str)]
    if bad:
        raise ValueError("Set Attr only accepts string values")
    return Symbol([(Node(None, name, attrs), 0)])


Variable = var


def Group(symbols, create_fn=Symbol):
    """One Symbol whose outputs are the outputs of `symbols`, in order."""
    if not symbols or any(not isinstance(s, Symbol) for s in symbols):
        raise TypeError('Expected a list of symbols as input')
    return create_fn([e for s in symbols for e in s._entries])


def _node_op(op_name, attrs, node_name, num_inputs):
    try:
        op = _opdefs.opdef(op_name)
    except MXNetError:
        raise MXNetError('Symbol JSON: node {!r} uses operator {!r}, which neither MXNet 1.9.1 nor mxtorch '
                         'has'.format(node_name, op_name)) from None
    try:
        names = op.input_names(attrs) if op.from_mxnet else []
    except MXNetError as e:
        raise MXNetError('Symbol JSON: node {!r} ({}): {}'.format(node_name, op_name, e)) from None
    if any(n.startswith('*') for n in names):
        fixed = [n for n in names if not n.startswith('*')]
        variadic = [n for n in names if n.startswith('*')][0][1:]
        names = fixed[:0] + [variadic] * (num_inputs - len(fixed)) + fixed
    return op, count_outputs(op, attrs, num_inputs), names


def load_json(json_str):
    """The Symbol of MXNet JSON text (as ``tojson`` writes and MXNet 1.x wrote, older forms included)."""
    if not isinstance(json_str, (str, bytes, bytearray)):
        raise TypeError('fname required to be string')
    return Symbol(_graph.from_json(json_str, _node_op))


fromjson = load_json


def load(fname):
    """The Symbol saved in file `fname` (``-symbol.json``)."""
    if not isinstance(fname, str):
        raise TypeError('fname need to be string')
    try:
        with open(fname, 'rb') as f:
            text = f.read()
    except OSError as e:
        raise MXNetError('Symbol.load: cannot read {!r}: {}'.format(fname, e.strerror or e)) from None
    try:
        return load_json(text)
    except MXNetError as e:
        raise MXNetError('{} (in {!r})'.format(e, fname)) from None


# ---- functions of mx.sym beside the operators ----------------------------------------------------------
def _binary_function(left, right, array_form, scalar_form, rscalar_form, numbers):
    if isinstance(left, Symbol) and isinstance(right, Symbol):
        return make_node(_opdefs.opdef(_ARITH_OPS[array_form]), array_form, [left, right], {}, None, None)
    if isinstance(left, Symbol) and isinstance(right, numeric_types):
        return make_node(_opdefs.opdef(_ARITH_OPS[scalar_form]), scalar_form, [left], {'scalar': right}, None, None)
    if isinstance(left, numeric_types) and isinstance(right, Symbol):
        return make_node(_opdefs.opdef(_ARITH_OPS[rscalar_form]), rscalar_form, [right], {'scalar': left},
                         None, None)
    if isinstance(left, numeric_types) and isinstance(right, numeric_types):
        return numbers(left, right)
    raise TypeError('types (%s, %s) not supported' % (str(type(left)), str(type(right))))


def pow(base, exp):
    """base ** exp for Symbols and numbers (element-wise)."""
    return _binary_function(base, exp, '_Power', '_PowerScalar', '_RPowerScalar', lambda a, b: a ** b)


def power(base, exp):
    """Same as `pow`."""
    return pow(base, exp)


def maximum(left, right):
    """The element-wise maximum of Symbols and numbers."""
    return _binary_function(left, right, '_Maximum', '_MaximumScalar', '_MaximumScalar', max)


def minimum(left, right):
    """The element-wise minimum of Symbols and numbers."""
    return _binary_function(left, right, '_Minimum', '_MinimumScalar', '_MinimumScalar', min)


def hypot(left, right):
    """sqrt(left ** 2 + right ** 2), element-wise, for Symbols and numbers."""
    return _binary_function(left, right, '_Hypot', '_HypotScalar', '_HypotScalar',
                            lambda a, b: (a * a + b * b) ** 0.5)


def _creation(op_name, hint, params, kwargs):
    name = kwargs.pop('name', None)
    attr = kwargs.pop('attr', None)
    params = dict(params, **kwargs)
    return make_node(_opdefs.opdef(op_name), hint, [], params, name, attr)


def zeros(shape, dtype=None, **kwargs):
    """A Symbol of an array of zeros."""
    return _creation('_zeros', '_zeros', {'shape': shape, 'dtype': np.float32 if dtype is None else dtype}, kwargs)


def ones(shape, dtype=None, **kwargs):
    """A Symbol of an array of ones."""
    return _creation('_ones', '_ones', {'shape': shape, 'dtype': np.float32 if dtype is None else dtype}, kwargs)


def full(shape, val, dtype=None, **kwargs):
    """A Symbol of an array filled with `val`."""
    return _creation('_full', '_full', {'shape': shape, 'dtype': np.float32 if dtype is None else dtype,
                                        'value': val}, kwargs)


def eye(N, M=0, k=0, dtype=None, **kwargs):
    """A Symbol of an N x M array with ones on diagonal `k`."""
    return _creation('_eye', '_eye', {'N': N, 'M': M, 'k': k, 'dtype': np.float32 if dtype is None else dtype},
                     kwargs)


def arange(start, stop=None, step=1.0, repeat=1, infer_range=False, name=None, dtype=None):
    """A Symbol of the values start, start + step, ... below `stop`."""
    return _creation('_arange', '_arange', {'start': start, 'stop': stop, 'step': step, 'repeat': repeat,
                                            'infer_range': infer_range,
                                            'dtype': np.float32 if dtype is None else dtype}, {'name': name})


def linspace(start, stop, num, endpoint=True, name=None, dtype=None):
    """A Symbol of `num` evenly spaced values from `start` to `stop`."""
    return _creation('_linspace', '_linspace', {'start': start, 'stop': stop, 'num': num, 'endpoint': endpoint,
                                                'dtype': np.float32 if dtype is None else dtype}, {'name': name})


def histogram(a, bins=10, range=None, **kwargs):
    """MXNet's histogram of a Symbol: not provided by mxtorch yet."""
    raise NotImplementedError('mx.sym.histogram is not provided by mxtorch yet')


def split_v2(ary, indices_or_sections, axis=0, squeeze_axis=False):
    """Split a Symbol along `axis` into equal sections (an int) or at the given indices."""
    if isinstance(indices_or_sections, int):
        params = {'sections': indices_or_sections, 'axis': axis, 'squeeze_axis': squeeze_axis}
    else:
        params = {'indices': (0,) + tuple(indices_or_sections), 'axis': axis, 'squeeze_axis': squeeze_axis}
    return make_node(_opdefs.opdef('_split_v2'), '_split_v2', [ary], params, None, None)

