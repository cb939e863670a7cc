"""``mx.sym.sparse``: the operators MXNet places there (made from its facts; see register.py), and the
storage types of a graph's values.

An executor computes on dense values (a sparse array's ``_t``); what storage type each output has is
decided before, node by node, from the storage types of the bound arrays, by MXNet's rules for the
operators that have sparse kernels (``infer_storage_types``). Every other operator is MXNet's storage
fallback: it reads dense values and gives a dense ('default') result."""
import ast

from . import register as _register
from . import _graph

globals().update(_register.module_functions('sparse'))

DEFAULT, CSR, RSP = 'default', 'csr', 'row_sparse'
_SPARSE = (CSR, RSP)

# f(0) == 0: a sparse input keeps its storage type (and pattern)
_ZERO_KEEPING = frozenset((
    'abs', 'sign', 'round', 'rint', 'ceil', 'floor', 'trunc', 'fix', 'square', 'sqrt', 'cbrt', 'sin', 'tan',
    'arcsin', 'arctan', 'degrees', 'radians', 'sinh', 'tanh', 'arcsinh', 'arctanh', 'expm1', 'log1p',
    'negative', 'relu', 'BlockGrad', 'make_loss', '_copy', 'zeros_like', '_contrib_round_ste',
    '_contrib_sign_ste', '_mul_scalar', '_div_scalar', '_scatter_plus_scalar', '_scatter_minus_scalar'))

# scalar operators that keep a sparse input's storage type when they map 0 to 0 for the node's scalar
_BY_SCALAR = {
    '_plus_scalar': lambda s: s == 0,
    '_minus_scalar': lambda s: s == 0,
    '_greater_scalar': lambda s: not 0 > s,
    '_greater_equal_scalar': lambda s: not 0 >= s,
    '_lesser_scalar': lambda s: not 0 < s,
    '_lesser_equal_scalar': lambda s: not 0 <= s,
    '_not_equal_scalar': lambda s: not 0 != s,
    '_equal_scalar': lambda s: not 0 == s,
}


def _number(attrs, key, default=0.0):
    text = attrs.get(key)
    if text is None:
        return default
    try:
        return float(text)
    except ValueError:
        return default


def _flag(attrs, key):
    return str(attrs.get(key, 'False')).strip().lower() in ('true', '1')


def _axes(attrs, key):
    text = attrs.get(key)
    if text in (None, 'None', '()', ''):
        return None
    value = ast.literal_eval(text)
    return tuple(value) if isinstance(value, (tuple, list)) else (value,)


def _same_or_default(ins):
    return ins[0] if ins and ins[0] in _SPARSE else DEFAULT


def _elemwise_add(attrs, ins):
    # csr (+/-) csr is csr, row_sparse (+/-) row_sparse is row_sparse; other mixes are dense
    return ins[0] if ins[0] == ins[1] and ins[0] in _SPARSE else DEFAULT


def _elemwise_mul(attrs, ins):
    # a sparse operand's storage type is kept, also against a dense one; csr * row_sparse is dense
    kinds = {s for s in ins if s in _SPARSE}
    return kinds.pop() if len(kinds) == 1 else DEFAULT


def _add_n(attrs, ins):
    return RSP if ins and all(s == RSP for s in ins) else DEFAULT


def _broadcast_scaled(attrs, ins):
    return CSR if ins[0] == CSR and ins[1] == DEFAULT else DEFAULT


def _dot(attrs, ins):
    wanted = attrs.get('forward_stype')
    if wanted not in (None, 'None'):
        return wanted
    lhs, rhs = ins
    if not _flag(attrs, 'transpose_a') and lhs == DEFAULT and rhs == CSR:
        return CSR
    if _flag(attrs, 'transpose_a') and not _flag(attrs, 'transpose_b') and lhs == CSR and rhs in (DEFAULT, RSP):
        return RSP
    return DEFAULT


def _square_sum(attrs, ins):
    if ins[0] == RSP and _axes(attrs, 'axis') == (1,) and _flag(attrs, 'keepdims'):
        return RSP
    return DEFAULT


def _slice(attrs, ins):
    step = _axes(attrs, 'step')
    return CSR if ins[0] == CSR and all(s in (None, 1) for s in step or ()) else DEFAULT


def _concat(attrs, ins):
    dim = int(_number(attrs, 'dim', 1))
    return CSR if dim == 0 and ins and all(s == CSR for s in ins) else DEFAULT


def _clip(attrs, ins):
    return _same_or_default(ins) if _number(attrs, 'a_min') <= 0 <= _number(attrs, 'a_max') else DEFAULT


def _quadratic(attrs, ins):
    return CSR if ins[0] == CSR and _number(attrs, 'c') == 0 else DEFAULT


_RULES = {
    'cast_storage': lambda attrs, ins: attrs.get('stype', DEFAULT),
    'elemwise_add': _elemwise_add, 'elemwise_sub': _elemwise_add, 'elemwise_mul': _elemwise_mul,
    'add_n': _add_n, 'broadcast_mul': _broadcast_scaled, 'broadcast_div': _broadcast_scaled, 'dot': _dot,
    '_sparse_retain': lambda attrs, ins: RSP if ins[0] == RSP else DEFAULT,
    '_square_sum': _square_sum, 'slice': _slice, 'Concat': _concat, 'clip': _clip,
    '_contrib_quadratic': _quadratic,
    '_scatter_elemwise_div': lambda attrs, ins: RSP if ins[0] == RSP else DEFAULT,
}


# operators whose parameters can ask for a sparse result of dense inputs
_FROM_PARAMS = frozenset(('cast_storage', 'dot'))


def node_stype(node, ins):
    """The storage type of (the first output of) operator node `node` whose inputs have storage types
    `ins`, by MXNet's rules; 'default' for operators without sparse kernels."""
    name = node.op.name
    if name in _FROM_PARAMS:
        return _RULES[name](node.attrs, ins)
    if all(s == DEFAULT for s in ins):
        return DEFAULT
    if name in _ZERO_KEEPING:
        return _same_or_default(ins)
    keeps = _BY_SCALAR.get(name)
    if keeps is not None:
        return _same_or_default(ins) if keeps(_number(node.attrs, 'scalar')) else DEFAULT
    rule = _RULES.get(name)
    return rule(node.attrs, ins) if rule is not None else DEFAULT


def infer_storage_types(entries, variable_stypes):
    """The storage type of each output entry [(node, index), ...] of a graph whose variables have the
    storage types `variable_stypes` ({id(variable node): stype}; missing ones are 'default')."""
    found = {}
    for node in _graph.topological(entries):
        if node.op is None:
            found[id(node)] = variable_stypes.get(id(node), DEFAULT)
        elif node.subgraphs is not None:
            found[id(node)] = DEFAULT
        else:
            found[id(node)] = node_stype(node, [found[id(src)] if k == 0 else DEFAULT for src, k in node.inputs])
    return [found[id(node)] if k == 0 else DEFAULT for node, k in entries]


def variable_stype(node):
    """The storage type a variable node asks for (``sym.var(stype=...)``), 'default' when none."""
    text = node.attrs.get('__storage_type__')
    return _STYPE_OF_FLAG.get(str(text), DEFAULT) if text is not None else DEFAULT


_STYPE_OF_FLAG = {'-1': DEFAULT, '0': DEFAULT, '1': RSP, '2': CSR}


def argument_stypes(arg_nodes, stype_dict=None):
    """The storage type of each argument for simple_bind: `stype_dict`'s, else the variable's own."""
    out = []
    for node in arg_nodes:
        stype = (stype_dict or {}).get(node.name)
        if stype is None:
            stype = variable_stype(node)
        if stype not in (DEFAULT, CSR, RSP):
            raise KeyError(stype)
        out.append(stype)
    return out


def _sparse_weight_gradient(node, position):
    """Whether operator node `node` gives its input `position` a row_sparse gradient whatever the head
    gradient's storage: the weight of Embedding(sparse_grad=True) and of contrib.SparseEmbedding."""
    if position != 1:
        return False
    name = node.op.name
    return name == '_contrib_SparseEmbedding' or (name == 'Embedding' and _flag(node.attrs, 'sparse_grad'))


_GRADIENT_KEEPS = frozenset(('_mul_scalar', '_div_scalar', '_copy', 'negative'))


def gradient_stypes(entries, arg_nodes, arg_stypes):
    """The storage type MXNet gives each argument's gradient array in simple_bind: row_sparse for the
    weights of sparse-gradient embeddings, the argument's own sparse type where every operator that reads
    it passes the head gradient's pattern through (scalar scaling, copies, and elemwise add/sub of two
    arrays of that type), else 'default'."""
    stype_of = {id(n): s for n, s in zip(arg_nodes, arg_stypes)}
    readers = {}
    for node in _graph.topological(entries):
        for position, (src, _) in enumerate(node.inputs):
            if src.op is None:
                readers.setdefault(id(src), []).append((node, position))
    out = []
    for node, own in zip(arg_nodes, arg_stypes):
        uses = readers.get(id(node), [])
        if uses and all(_sparse_weight_gradient(n, p) for n, p in uses):
            out.append(RSP)
        elif own in _SPARSE and uses and all(
                n.op.name in _GRADIENT_KEEPS or
                (n.op.name in ('elemwise_add', 'elemwise_sub') and
                 all(src.op is None and stype_of.get(id(src)) == own for src, _ in n.inputs))
                for n, _ in uses):
            out.append(own)
        else:
            out.append(DEFAULT)
    return out
