"""The nodes of a Symbol graph and MXNet's JSON form of them.

A node is a variable (``op`` None) or an operator application: its OpDef, its parameters and attributes as
strings (``attrs``), and its inputs, each an output ``(node, index)`` of another node. Graphs are acyclic
by construction; a JSON file is checked to be (every input refers to an earlier node) before anything is
built from it.

The JSON written is MXNet 1.9.1's, laid out as MXNet's writer lays it out (nodes in topological order,
``arg_nodes``, ``node_row_ptr``, ``heads``, ``attrs`` with ``mxnet_version``), so files move both ways."""
import json

from ..base import MXNetError
from . import _opdefs

__all__ = ['Node', 'topological', 'to_json', 'from_json', 'MXNET_VERSION']

MXNET_VERSION = 10901

# parameters MXNet keeps as hidden attributes (__name__) when given under their plain name
HIDDEN_KEYS = ('ctx_group', 'lr_mult', 'wd_mult', 'force_mirroring', 'mirror_stage', 'profiler_scope')


class Node:
    """One node of a graph. `input_names` names each input after the operator's parameter it feeds
    ('data', 'weight', ...); `num_outputs` counts the visible outputs."""
    __slots__ = ('op', 'name', 'attrs', 'inputs', 'input_names', 'num_outputs', '__weakref__')

    def __init__(self, op, name, attrs=None, inputs=(), input_names=(), num_outputs=1):
        self.op = op
        self.name = name
        self.attrs = dict(attrs or {})
        self.inputs = list(inputs)
        self.input_names = list(input_names)
        self.num_outputs = num_outputs

    @property
    def is_variable(self):
        return self.op is None

    def output_names(self):
        """The names of the node's outputs as Symbol.list_outputs gives them."""
        if self.op is None:
            return [self.name]
        return ['{}_{}'.format(self.name, n) for n in self.op.output_names(self.attrs, self.num_outputs)]

    def total_outputs(self):
        """Outputs with the hidden ones (what MXNet's node_row_ptr counts)."""
        if self.op is None:
            return 1
        facts = _opdefs._load_facts().get(self.op.name)
        hidden_total = facts.get('num_outputs') if facts else None
        return max(self.num_outputs, hidden_total or 0)

    def __repr__(self):
        return 'Node({}, {})'.format(self.op.name if self.op else 'null', self.name)


def topological(entries):
    """The nodes reachable from the output entries [(node, index), ...], each after its inputs, in the
    order MXNet's depth-first walk gives (inputs first, left to right). Iterative: deep graphs (long
    unrolled RNNs) do not reach Python's recursion limit."""
    order, state = [], {}
    for head, _ in entries:
        if id(head) in state:
            continue
        stack = [(head, 0)]
        state[id(head)] = 1
        while stack:
            node, i = stack[-1]
            if i < len(node.inputs):
                stack[-1] = (node, i + 1)
                child = node.inputs[i][0]
                if id(child) not in state:
                    state[id(child)] = 1
                    stack.append((child, 0))
            else:
                stack.pop()
                order.append(node)
    return order


# ---- writing --------------------------------------------------------------------------------------------
def _text(value, indent):
    """MXNet's JSON writer's layout: objects of several entries one entry a line, indented by two,
    entries ending with ', '; one-entry objects and arrays on one line."""
    if isinstance(value, dict):
        items = list(value.items())
        if len(items) > 1:
            inner = ' ' * (indent + 2)
            body = ', \n'.join('{}{}: {}'.format(inner, json.dumps(k, ensure_ascii=False),
                                                 _text(v, indent + 2))
                               for k, v in items)
            return '{\n' + body + '\n' + ' ' * indent + '}'
        return '{' + ', '.join('{}: {}'.format(json.dumps(k, ensure_ascii=False), _text(v, indent))
                               for k, v in items) + '}'
    if isinstance(value, (list, tuple)):
        return '[' + ', '.join(_text(v, indent) for v in value) + ']'
    return json.dumps(value, ensure_ascii=False)


def _text_node(node_dict, indent):
    inner = ' ' * (indent + 2)
    body = ', \n'.join('{}{}: {}'.format(inner, json.dumps(k), _text(v, indent + 2)) for k, v in node_dict.items())
    return '{\n' + body + '\n' + ' ' * indent + '}'


def to_json(entries):
    """MXNet 1.9.1's JSON text of the graph with these output entries."""
    nodes = topological(entries)
    index = {id(n): i for i, n in enumerate(nodes)}
    records, arg_nodes, row_ptr = [], [], [0]
    for i, node in enumerate(nodes):
        record = {'op': 'null' if node.op is None else node.op.name, 'name': node.name}
        attrs = dict(sorted(node.attrs.items()))
        if node.op is not None and not node.op.from_mxnet and node.input_names:
            attrs['__input_names__'] = ','.join(node.input_names)
        if attrs:
            record['attrs'] = attrs
        record['inputs'] = [[index[id(src)], k, 0] for src, k in node.inputs]
        records.append(record)
        if node.op is None:
            arg_nodes.append(i)
        row_ptr.append(row_ptr[-1] + node.total_outputs())
    heads = [[index[id(n)], k, 0] for n, k in entries]
    node_texts = ', \n'.join('    ' + _text_node(r, 4) for r in records)
    parts = [
        '  "nodes": [\n' + node_texts + '\n  ]' if records else '  "nodes": []',
        '  "arg_nodes": ' + _text(arg_nodes, 2),
        '  "node_row_ptr": ' + _text(row_ptr, 2),
        '  "heads": ' + _text(heads, 2),
        '  "attrs": ' + _text({'mxnet_version': ['int', MXNET_VERSION]}, 2),
    ]
    return '{\n' + ', \n'.join(parts) + '\n}'


# ---- reading --------------------------------------------------------------------------------------------
# MXNet before 0.9 kept user attributes without the underscores
_LEGACY_KEYS = HIDDEN_KEYS + ('ctx', 'shape', 'dtype', 'init')


def _bad(message, *args):
    return MXNetError('Symbol JSON: ' + message.format(*args))


def from_json(text, make_node_op):
    """The output entries of the graph in MXNet JSON `text` (str or bytes). `make_node_op(op_name, attrs,
    node_name)` gives the OpDef of an operator node. Checked before building: the structure, that every
    input refers to an earlier node (no cycles, no out-of-range ids), that heads exist; older files' forms
    (``param``/``attr`` instead of ``attrs``, attributes without underscores) are read as MXNet upgrades
    them."""
    if isinstance(text, (bytes, bytearray)):
        try:
            text = text.decode('utf-8')
        except UnicodeDecodeError as e:
            raise _bad('not UTF-8 text ({})', e) from None
    if not isinstance(text, str):
        raise TypeError('load_json takes a str of JSON, got {}'.format(type(text).__name__))
    try:
        graph = json.loads(text)
    except (ValueError, RecursionError) as e:
        raise _bad('cannot parse the text: {}', e) from None
    if not isinstance(graph, dict) or not isinstance(graph.get('nodes'), list):
        raise _bad('expected an object with a "nodes" list')
    raw_nodes = graph['nodes']
    heads = graph.get('heads')
    if not isinstance(heads, list):
        raise _bad('expected a "heads" list')
    version = _version(graph.get('attrs'))
    nodes = []
    for i, raw in enumerate(raw_nodes):
        if not isinstance(raw, dict):
            raise _bad('node {} is not an object', i)
        op_name, name = raw.get('op'), raw.get('name')
        if not isinstance(op_name, str) or not isinstance(name, str):
            raise _bad('node {} needs string "op" and "name"', i)
        attrs = _node_attrs(raw, i, version)
        inputs = raw.get('inputs', [])
        if not isinstance(inputs, list):
            raise _bad('node {} ({}): "inputs" is not a list', i, name)
        entries = []
        for entry in inputs:
            src, k = _entry(entry, i, name, 'input')
            if src >= i:
                raise _bad('node {} ({}) takes an input from node {}, which does not come before it (a cycle '
                           'or an id out of range)', i, name, src)
            if k >= nodes[src].num_outputs and nodes[src].op is not None:
                raise _bad('node {} ({}) takes output {} of node {} ({}), which has {}', i, name, k, src,
                           nodes[src].name, nodes[src].num_outputs)
            entries.append((nodes[src], k))
        if op_name == 'null':
            if entries:
                raise _bad('variable node {} ({}) has inputs', i, name)
            nodes.append(Node(None, name, attrs))
            continue
        input_names = attrs.pop('__input_names__', None)
        op, num_outputs, names = make_node_op(op_name, attrs, name, len(entries))
        if input_names is not None:
            names = input_names.split(',') if input_names else []
        if len(names) != len(entries):
            names = (list(names) + ['arg%d' % j for j in range(len(entries))])[:len(entries)]
        nodes.append(Node(op, name, attrs, entries, names, num_outputs))
    out = []
    for entry in heads:
        src, k = _entry(entry, len(nodes), 'heads', 'head')
        if src >= len(nodes):
            raise _bad('a head refers to node {}, but there are {} nodes', src, len(nodes))
        if k >= nodes[src].num_outputs:
            raise _bad('a head refers to output {} of node {} ({}), which has {}', k, src, nodes[src].name,
                       nodes[src].num_outputs)
        out.append((nodes[src], k))
    return out


def _version(attrs):
    if isinstance(attrs, dict):
        v = attrs.get('mxnet_version')
        if isinstance(v, list) and len(v) == 2 and isinstance(v[1], int):
            return v[1]
    return 0


def _node_attrs(raw, i, version):
    attrs = {}
    for key in ('param', 'attr', 'attrs'):
        part = raw.get(key)
        if part is None:
            continue
        if not isinstance(part, dict):
            raise _bad('node {}: "{}" is not an object', i, key)
        for k, v in part.items():
            if not isinstance(v, str):
                v = json.dumps(v) if not isinstance(v, (int, float)) else str(v)
            if version < 900 and key == 'attr' and k in _LEGACY_KEYS:
                k = '__{}__'.format(k)
            attrs[k] = v
    return attrs


def _entry(entry, i, name, what):
    if not isinstance(entry, list) or len(entry) not in (2, 3) or \
            not all(isinstance(v, int) and not isinstance(v, bool) and v >= 0 for v in entry):
        raise _bad('node {} ({}): {} {!r} is not [node id, output index, version]', i, name, what, entry)
    return entry[0], entry[1]
