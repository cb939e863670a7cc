"""Symbolic control flow: ``_foreach``, ``_while_loop`` and ``_cond`` nodes that hold subgraphs.

The body of a loop (or each branch) is traced once into a Symbol of its own; the inputs it takes from
outside (free variables, outputs of nodes made before) are cut off and become inputs of the node, as
MXNet does. A node keeps its subgraphs (output entries) in ``Node.subgraphs``; they are written to and read
from MXNet's JSON ("subgraphs" of a node). Inference runs the subgraphs' own inference; an executor runs a
control-flow node as a Python loop over each subgraph's lowered torch program, so autograd differentiates
through the iterations that ran."""
import collections

import torch

from .. import _state, attribute
from ..base import MXNetError
from . import _graph, _opdefs, infer
from ._graph import Node

__all__ = ['KINDS', 'cut_subgraph', 'make_control_node', 'graph_inputs']

# node op name -> how many of its MXNet arguments are subgraphs
KINDS = {'_foreach': 1, '_while_loop': 2, '_cond': 3}

if not hasattr(attribute.AttrScope, '_subgraph_names'):
    attribute.AttrScope._subgraph_names = collections.defaultdict(int)


def unique_subgraph_name(name):
    """`name` numbered by how often it was used (prefixed by the enclosing subgraph's name)."""
    outer = attribute.current()._attr.get('__subgraph_name__', '')
    if outer:
        name = outer + '$' + name
    counts = attribute.AttrScope._subgraph_names
    counts[name] += 1
    return name + str(counts[name] - 1)


def graph_inputs(entries):
    """The variable nodes of the graph, in graph order."""
    return [n for n in _graph.topological(entries) if n.op is None]


def cut_subgraph(entries, subgraph_name):
    """Cut the subgraph of nodes marked `subgraph_name` at its inputs from outside (in place, as MXNet's
    CutSubgraph does): each such input entry is replaced by a new variable named after the output it was;
    returns [(node, index)] of the entries cut, in the order they were found."""
    heads = entries
    if not heads or heads[0][0].attrs.get('__subgraph_name__') != subgraph_name:
        return []
    cut, made = [], []
    for node in _graph.topological(heads):
        if node.attrs.get('__subgraph_name__') != subgraph_name:
            continue
        for j, (src, k) in enumerate(node.inputs):
            if src.attrs.get('__subgraph_name__') == subgraph_name:
                continue
            if (src, k) in [(s, kk) for s, kk in cut]:
                var = made[[(s, kk) for s, kk in cut].index((src, k))]
            else:
                var = Node(None, src.output_names()[k])
            cut.append((src, k))
            made.append(var)
            node.inputs[j] = (var, 0)
    # one entry per distinct cut input (the first), as MXNet's Python side keys them by name
    return [e for i, e in enumerate(cut) if e not in cut[:i]]


def make_control_node(op_name, subgraphs, inputs, params):
    """A Symbol of the outputs of a new control-flow node."""
    from . import symbol as _symbol
    from .. import name as _name
    op = _opdefs.opdef(op_name)
    attrs = {k: _opdefs.format_attr(v) for k, v in params.items()}
    attrs.update(attribute.current().get(None))
    attrs['num_args'] = str(len(inputs) + KINDS[op_name])
    node_name = _name._current().get(None, op_name.lower())
    node = Node(op, node_name, attrs, list(inputs), ['data%d' % i for i in range(len(inputs))],
                int(params['num_outputs']))
    node.subgraphs = [list(g) for g in subgraphs]
    return _symbol.Symbol([(node, k) for k in range(node.num_outputs)])


# ---- node facts (what MXNet's registry gives these operators) -------------------------------------------
def _counts(attrs):
    n = int(attrs.get('num_outputs', 1))
    return n, n


def _input_rule(skip):
    def rule(attrs, inputs):
        return ['data%d' % i for i in range(int(attrs.get('num_args', skip)) - skip)]
    return rule


for _name_, _skip in KINDS.items():
    _opdefs._OUTPUT_COUNTS[_name_] = _counts
    _opdefs._INPUT_RULES[_name_] = _input_rule(_skip)
    _opdefs._NUMBERED_OUTPUTS.add(_name_)


def _locs(node, key):
    return list(_opdefs.parse_attr('Shape(tuple)', node.attrs.get(key, '[]')) or ())


# ---- shape inference ------------------------------------------------------------------------------------
def _sub_shapes(entries, given_by_position):
    """Run the subgraph's shape inference with the given input shapes (by position among its inputs):
    (input shapes, output shapes)."""
    variables = graph_inputs(entries)
    engine = infer.ShapeInference(entries, {})
    for var, shape in zip(variables, given_by_position):
        if shape is not None:
            engine.set(var, 0, shape, var)
    engine.run()
    return [engine.get(v, 0) for v in variables], [engine.get(n, k) for n, k in entries]


def _row_shape(shape):
    """The shape of one step's slice of data of `shape`: a 1-D array's rows are (1,) in MXNet's legacy shapes
    (as indexing one gives), () in NumPy shapes."""
    if len(shape) == 1 and not _state.np_shape.active:
        return (1,)
    return tuple(shape[1:])


def _prepend(first, shape):
    return None if shape is None else (first,) + tuple(shape)


def _foreach_shapes(node, ins, outs):
    (body,) = node.subgraphs
    data_locs, state_locs, remain_locs = (_locs(node, 'in_data_locs'), _locs(node, 'in_state_locs'),
                                          _locs(node, 'remain_locs'))
    n_data, n_state = len(data_locs), len(state_locs)
    n_out = int(node.attrs['num_out_data'])
    variables = graph_inputs(body)
    given = [None] * len(variables)
    length = -1
    for j, loc in enumerate(data_locs):
        if ins[j] is not None and len(ins[j]):
            given[loc] = _row_shape(ins[j])
            length = ins[j][0] if length < 0 else length
    for j, loc in enumerate(state_locs):
        state = ins[n_data + j]
        if state is None and outs[n_out + j] is not None:
            state = outs[n_out + j]
        given[loc] = state
    for j, loc in enumerate(remain_locs):
        given[loc] = ins[n_data + n_state + j]
    sub_ins, sub_outs = _sub_shapes(body, given)
    for j, loc in enumerate(data_locs):
        if sub_ins[loc] is not None and ins[j] is None and length >= 0:
            ins[j] = _prepend(length, sub_ins[loc])
    for j, loc in enumerate(state_locs):
        ins[n_data + j] = sub_ins[loc] if sub_ins[loc] is not None else ins[n_data + j]
    for j, loc in enumerate(remain_locs):
        ins[n_data + n_state + j] = sub_ins[loc] if sub_ins[loc] is not None else ins[n_data + n_state + j]
    for k, shape in enumerate(sub_outs):
        outs[k] = _prepend(length, shape) if k < n_out else shape
    return ins, outs


def _while_shapes(node, ins, outs):
    cond_g, func_g = node.subgraphs
    cond_locs, func_locs, var_locs = (_locs(node, 'cond_input_locs'), _locs(node, 'func_input_locs'),
                                      _locs(node, 'func_var_locs'))
    n_out = int(node.attrs['num_out_data'])
    steps = int(node.attrs['max_iterations'])
    for j, loc in enumerate(var_locs):
        if ins[func_locs[loc]] is None and outs[n_out + j] is not None:
            ins[func_locs[loc]] = outs[n_out + j]
    sub_ins, sub_outs = _sub_shapes(func_g, [ins[i] for i in func_locs])
    for pos, shape in zip(func_locs, sub_ins):
        if shape is not None and ins[pos] is None:
            ins[pos] = shape
    csub_ins, _ = _sub_shapes(cond_g, [ins[i] for i in cond_locs])
    for pos, shape in zip(cond_locs, csub_ins):
        if shape is not None and ins[pos] is None:
            ins[pos] = shape
    for k, shape in enumerate(sub_outs):
        if k < n_out:
            outs[k] = _prepend(steps, shape)
        else:
            outs[k] = ins[func_locs[var_locs[k - n_out]]] if shape is None else shape
    return ins, outs


def _cond_shapes(node, ins, outs):
    cond_g, then_g, else_g = node.subgraphs
    result = None
    for g, key in ((cond_g, 'cond_input_locs'), (then_g, 'then_input_locs'), (else_g, 'else_input_locs')):
        locs = _locs(node, key)
        sub_ins, sub_outs = _sub_shapes(g, [ins[i] for i in locs])
        for pos, shape in zip(locs, sub_ins):
            if shape is not None and ins[pos] is None:
                ins[pos] = shape
        if g is not cond_g:
            if result is None:
                result = list(sub_outs)
            else:
                result = [a if a is not None else b for a, b in zip(result, sub_outs)]
    for k, shape in enumerate(result or []):
        outs[k] = shape
    return ins, outs


infer._RULES.update({'_foreach': _foreach_shapes, '_while_loop': _while_shapes, '_cond': _cond_shapes})


# ---- type inference -------------------------------------------------------------------------------------
def _sub_types(entries, given_by_position, outputs=()):
    """Run the subgraph's type inference with the given input types (by position among its inputs) and
    output types: (input types, output types)."""
    variables = graph_inputs(entries)
    given = {v.name: t for v, t in zip(variables, given_by_position) if t is not None}
    engine = infer.TypeInference(entries, given)
    for (n, k), t in zip(entries, outputs):
        engine.set(n, k, t, n)
    engine.run()
    return [engine.types.get((id(v), 0)) for v in variables], [engine.types.get((id(n), k)) for n, k in entries]


def _fill(ins, locs, sub_ins):
    """The node's input types where only a subgraph input (at `locs`) knew them."""
    for pos, t in zip(locs, sub_ins):
        if ins[pos] is None and t is not None:
            ins[pos] = t


def _foreach_types(node, ins, outs):
    (body,) = node.subgraphs
    data_locs, state_locs, remain_locs = (_locs(node, 'in_data_locs'), _locs(node, 'in_state_locs'),
                                          _locs(node, 'remain_locs'))
    n_out = int(node.attrs['num_out_data'])
    # the node's inputs in the order of the body's inputs (a step's slice keeps its data's type)
    order = [None] * len(graph_inputs(body))
    for j, loc in enumerate(data_locs + state_locs + remain_locs):
        order[loc] = j
    given = [ins[j] for j in order]
    for j, loc in enumerate(state_locs):
        if given[loc] is None:
            given[loc] = outs[n_out + j]
    sub_ins, sub_outs = _sub_types(body, given)
    ins = list(ins)
    _fill(ins, order, sub_ins)
    return ins, [a if a is not None else b for a, b in zip(sub_outs, outs)]


def _while_types(node, ins, outs):
    cond_g, func_g = node.subgraphs
    cond_locs, func_locs, var_locs = (_locs(node, 'cond_input_locs'), _locs(node, 'func_input_locs'),
                                      _locs(node, 'func_var_locs'))
    n_out = int(node.attrs['num_out_data'])
    ins = list(ins)
    for j, loc in enumerate(var_locs):
        if ins[func_locs[loc]] is None:
            ins[func_locs[loc]] = outs[n_out + j]
    sub_ins, sub_outs = _sub_types(func_g, [ins[i] for i in func_locs])
    _fill(ins, func_locs, sub_ins)
    cond_ins, _ = _sub_types(cond_g, [ins[i] for i in cond_locs])
    _fill(ins, cond_locs, cond_ins)
    result = list(sub_outs[:n_out])
    for j, loc in enumerate(var_locs):
        t = sub_outs[n_out + j]
        result.append(t if t is not None else ins[func_locs[loc]])
    return ins, [a if a is not None else b for a, b in zip(result, outs)]


def _cond_types(node, ins, outs):
    ins, result = list(ins), list(outs)
    for g, key in zip(node.subgraphs, ('cond_input_locs', 'then_input_locs', 'else_input_locs')):
        locs = _locs(node, key)
        sub_ins, sub_outs = _sub_types(g, [ins[i] for i in locs])
        if key == 'cond_input_locs':
            # the predicate is float32, as MXNet's cond decides: another type is an error, an unknown one
            # is float32 and so are the inputs it follows from
            if sub_outs[0] is None:
                sub_ins, sub_outs = _sub_types(g, [ins[i] for i in locs], [torch.float32])
            elif sub_outs[0] is not torch.float32:
                raise MXNetError('Error in operator {}: the predicate of cond must be float32, got {} (node {})'
                                 .format(node.name, infer.TORCH_TO_NP[sub_outs[0]].__name__, g[0][0].name))
        _fill(ins, locs, sub_ins)
        if key != 'cond_input_locs':
            result = [a if a is not None else b for a, b in zip(result, sub_outs)]
    return ins, result


infer._TYPE_RULES.update({'_foreach': _foreach_types, '_while_loop': _while_types, '_cond': _cond_types})


# ---- running --------------------------------------------------------------------------------------------
class _Program:
    """A subgraph lowered to a torch program of its input tensors (in graph order)."""

    def __init__(self, entries, lower):
        self.entries = entries
        self.variables = graph_inputs(entries)
        self.program = lower(entries, self.variables)

    def __call__(self, tensors):
        return list(self.program(*tensors))


def _bool(t):
    return bool(t.reshape(-1)[0].item()) if t.numel() else False


def _stack(rows, like=None):
    return torch.stack(rows, 0)


def runner(node, lower):
    """A function of the node's input tensors returning its output tensors (a tuple); `lower` (the
    executor's) makes each subgraph a torch program."""
    kind = node.op.name
    if kind == '_foreach':
        body = _Program(node.subgraphs[0], lower)
        data_locs, state_locs, remain_locs = (_locs(node, 'in_data_locs'), _locs(node, 'in_state_locs'),
                                              _locs(node, 'remain_locs'))
        n_out = int(node.attrs['num_out_data'])
        n_data, n_state = len(data_locs), len(state_locs)
        width = len(body.variables)

        def run_foreach(*tensors):
            data = tensors[:n_data]
            states = list(tensors[n_data:n_data + n_state])
            args = [None] * width
            for j, loc in enumerate(remain_locs):
                args[loc] = tensors[n_data + n_state + j]
            rows = [[] for _ in range(n_out)]
            length = data[0].shape[0] if data else 0
            keep_dim = [d.dim() == 1 and not _state.np_shape.active for d in data]
            for i in range(length):
                for j, loc in enumerate(data_locs):
                    args[loc] = data[j][i:i + 1] if keep_dim[j] else data[j][i]
                for j, loc in enumerate(state_locs):
                    args[loc] = states[j]
                result = body(args)
                for k in range(n_out):
                    rows[k].append(result[k])
                states = result[n_out:]
            return tuple(torch.stack(r, 0) for r in rows) + tuple(states)
        return run_foreach
    if kind == '_while_loop':
        cond_p, func_p = _Program(node.subgraphs[0], lower), _Program(node.subgraphs[1], lower)
        cond_locs, func_locs, var_locs = (_locs(node, 'cond_input_locs'), _locs(node, 'func_input_locs'),
                                          _locs(node, 'func_var_locs'))
        n_out = int(node.attrs['num_out_data'])
        steps = int(node.attrs['max_iterations'])
        targets = [func_locs[v] for v in var_locs]

        def run_while(*tensors):
            current = list(tensors)
            rows = [[] for _ in range(n_out)]
            for _ in range(steps):
                if not _bool(cond_p([current[i] for i in cond_locs])[0]):
                    break
                result = func_p([current[i] for i in func_locs])
                for k in range(n_out):
                    rows[k].append(result[k])
                for j, pos in enumerate(targets):
                    current[pos] = result[n_out + j]
            outs = []
            for k in range(n_out):
                if rows[k]:
                    stacked = torch.stack(rows[k], 0)
                    if stacked.shape[0] < steps:
                        pad = stacked.new_zeros((steps - stacked.shape[0],) + tuple(stacked.shape[1:]))
                        stacked = torch.cat([stacked, pad], 0)
                else:
                    stacked = _empty_rows(node, k, steps, tensors)
                outs.append(stacked)
            return tuple(outs) + tuple(current[pos] for pos in targets)
        return run_while
    if kind == '_cond':
        programs = [_Program(g, lower) for g in node.subgraphs]
        locs = [_locs(node, k) for k in ('cond_input_locs', 'then_input_locs', 'else_input_locs')]

        def run_cond(*tensors):
            pred = programs[0]([tensors[i] for i in locs[0]])[0]
            branch = 1 if _bool(pred) else 2
            return tuple(programs[branch]([tensors[i] for i in locs[branch]]))
        return run_cond
    raise MXNetError('unknown control flow operator {}'.format(kind))


def _empty_rows(node, k, steps, tensors):
    """The step output `k` of a while loop that ran no step: zeros of the shape inference gives."""
    func_g = node.subgraphs[1]
    func_locs = _locs(node, 'func_input_locs')
    _, outs = _sub_shapes(func_g, [tuple(tensors[i].shape) for i in func_locs])
    shape = outs[k] if outs[k] is not None and infer.known(outs[k]) else ()
    like = tensors[0] if tensors else torch.zeros(())
    return like.new_zeros((steps,) + tuple(shape))
