"""Graph nodes, their order, and MXNet's JSON form of a graph (reading and writing).

A node is a variable (``op`` None) or an operator application: its OpDef, its parameters and attributes as
text (``attrs``), and its inputs, each an output ``(node, index)`` of another node. Graphs built through
the API are acyclic by construction; a JSON file is checked before anything is built from it.

Writing gives MXNet 1.9.1's bytes: nodes in MXNet's depth-first order, ``arg_nodes``, ``node_row_ptr``
(hidden outputs counted), ``heads`` and the graph ``attrs``, laid out as its JSON writer lays them out.
Reading takes what MXNet 1.x wrote, older forms included, and upgrades them as MXNet does: ``param`` and
``attr`` for ``attrs``, hidden attributes written without underscores (``lr_mult``, ``weight_lr_mult``),
auxiliary states that files before 0.9 left out, and argmax/argmin's old ``axis=-1``."""
import importlib
import json

from .. import _state
from ..base import MXNetError
from . import _opdefs

__all__ = ['Node', 'topological', 'to_json', 'from_json', 'MXNET_VERSION']

MXNET_VERSION = 10901


class Node:
    """One node. ``input_names`` names each input after the operator's argument it feeds ('data',
    'weight', 'arg0', ...); ``num_outputs`` counts the visible outputs. ``versions`` holds, per input, the
    version MXNet records for inputs that are variables (how often an operator that updates the variable,
    such as BatchNorm its moving statistics, had been applied to it), ``version`` a variable's own count."""
    __slots__ = ('op', 'name', 'attrs', 'inputs', 'input_names', 'num_outputs', 'versions', 'version',
                 'subgraphs', '__weakref__')

    def __init__(self, op, name, attrs=None, inputs=(), input_names=(), num_outputs=1, versions=None):
        self.op = op
        self.name = name
        self.attrs = dict(attrs or {})
        self.inputs = list(inputs)
        self.input_names = list(input_names)
        self.num_outputs = num_outputs
        self.versions = list(versions) if versions is not None else [0] * len(self.inputs)
        self.version = 0
        self.subgraphs = None      # control-flow nodes: the output entries of each subgraph

    @property
    def is_variable(self):
        return self.op is None

    def total_outputs(self):
        """The outputs with the hidden ones (what MXNet's ``node_row_ptr`` counts)."""
        return 1 if self.op is None else max(self.op.output_counts(self.attrs)[1], self.num_outputs)

    def output_names(self):
        """The names of every output (hidden ones too) as Symbol.list_outputs shows them."""
        if self.op is None:
            return [self.name]
        return ['%s_%s' % (self.name, n) if self.name else n
                for n in self.op.output_names(self.attrs, self.total_outputs())]

    def __repr__(self):
        return 'Node({}, {})'.format(self.op.name if self.op else 'null', self.name)


def topological(entries):
    """The nodes reachable from the output entries [(node, index), ...], each after its inputs, in the
    order of MXNet's depth-first walk (inputs left to right). Iterative, so that deep graphs (long
    unrolled networks) do not meet Python's recursion limit."""
    order, seen = [], set()
    for head, _ in entries:
        if id(head) in seen:
            continue
        seen.add(id(head))
        stack = [(head, iter(head.inputs))]
        while stack:
            node, pending = stack[-1]
            for src, _ in pending:
                if id(src) not in seen:
                    seen.add(id(src))
                    stack.append((src, iter(src.inputs)))
                    break
            else:
                stack.pop()
                order.append(node)
    return order


# ---- writing --------------------------------------------------------------------------------------------
class _Writer:
    """Text laid out as MXNet's JSON writer (dmlc's) lays it out: a container written over several lines
    puts each item on a line of its own, indented two spaces per open container, items separated by ', ';
    an object is multi-line when it has more than one entry (a node always is), an array when it has more
    than ten items (the node list always; an input entry never)."""

    def __init__(self):
        self.parts, self.scopes = [], []   # scopes: [multi-line, items written] per open container

    def _item(self):
        scope = self.scopes[-1]
        if scope[1]:
            self.parts.append(', ')
        scope[1] += 1
        if scope[0]:
            self.parts.append('\n' + ' ' * (2 * len(self.scopes)))

    def _open(self, bracket, multi_line):
        self.parts.append(bracket)
        self.scopes.append([multi_line, 0])

    def _close(self, bracket):
        multi_line, count = self.scopes.pop()
        if multi_line and count:
            self.parts.append('\n' + ' ' * (2 * len(self.scopes)))
        self.parts.append(bracket)

    def value(self, value, multi_line=None):
        if isinstance(value, _Lines):
            self.node_list(value)
        elif isinstance(value, dict):
            self._open('{', len(value) > 1 if multi_line is None else multi_line)
            for key, item in value.items():
                self._item()
                self.parts.append(json.dumps(key, ensure_ascii=False) + ': ')
                self.value(item)
            self._close('}')
        elif isinstance(value, list):
            self._open('[', len(value) > 10 if multi_line is None else multi_line)
            for item in value:
                self._item()
                self.value(item, multi_line=False if isinstance(item, list) else None)   # an entry: one line
            self._close(']')
        else:
            self.parts.append(json.dumps(value, ensure_ascii=False))

    def node_list(self, records):
        self._open('[', True)
        for record in records:
            self._item()
            self.value(record, multi_line=True)
        self._close(']')

    def text(self):
        return ''.join(self.parts)


class _Lines(list):
    """A list written as the node list is (each item an object over several lines): a node's subgraphs and
    their nodes."""


def _records(entries):
    nodes = topological(entries)
    index = {id(n): i for i, n in enumerate(nodes)}
    records, arg_nodes, row_ptr = [], [], [0]
    for i, node in enumerate(nodes):
        record = {'op': 'null' if node.op is None else node.op.name, 'name': node.name}
        attrs = dict(sorted(node.attrs.items()))
        if node.op is not None and not node.op.from_mxnet and node.input_names:
            # mxtorch's own kernels: their input names travel with them
            attrs['__input_names__'] = ','.join(node.input_names)
            attrs = dict(sorted(attrs.items()))
        if attrs:
            record['attrs'] = attrs
        versions = node.versions if len(node.versions) == len(node.inputs) else [0] * len(node.inputs)
        record['inputs'] = [[index[id(src)], k, v] for (src, k), v in zip(node.inputs, versions)]
        if node.subgraphs:
            record['subgraphs'] = _Lines(_graph_record(g) for g in node.subgraphs)
        records.append(record)
        if node.op is None:
            arg_nodes.append(i)
        row_ptr.append(row_ptr[-1] + node.total_outputs())
    heads = [[index[id(n)], k, 0] for n, k in entries]
    return records, arg_nodes, row_ptr, heads


def _graph_record(entries):
    """A subgraph as MXNet writes it inside its node (no graph attributes)."""
    records, arg_nodes, row_ptr, heads = _records(entries)
    return {'nodes': _Lines(records), 'arg_nodes': arg_nodes, 'node_row_ptr': row_ptr, 'heads': heads}


def to_json(entries):
    """MXNet 1.9.1's JSON text of the graph whose outputs are `entries`."""
    records, arg_nodes, row_ptr, heads = _records(entries)
    graph_attrs = {'mxnet_version': ['int', MXNET_VERSION]}
    if _state.np_shape.active:
        graph_attrs = {'is_np_shape': ['int', 1], 'mxnet_version': ['int', MXNET_VERSION]}
    out = _Writer()
    out._open('{', True)
    for key, value in (('nodes', records), ('arg_nodes', arg_nodes), ('node_row_ptr', row_ptr), ('heads', heads),
                       ('attrs', graph_attrs)):
        out._item()
        out.parts.append('"%s": ' % key)
        if key == 'nodes':
            out.node_list(records)
        else:
            out.value(value)
    out._close('}')
    return out.text()


# ---- reading --------------------------------------------------------------------------------------------
_GRAPH_FIELDS = {'nodes': True, 'arg_nodes': True, 'heads': True, 'node_row_ptr': False, 'attrs': False}
_NODE_FIELDS = {'op': True, 'name': True, 'inputs': True, 'attrs': False, 'attr': False, 'param': False,
                'control_deps': False, 'subgraphs': False, 'backward_source_id': False}
# the types of graph attributes MXNet's reader knows
_ATTR_TYPES = {'int', 'str', 'size_t', 'list_int', 'list_str', 'list_shape', 'list_size_t', 'list_int64_t'}


def _bad(message, *args):
    return MXNetError('Symbol JSON: ' + message.format(*args))


def _fields(obj, spec, what):
    if not isinstance(obj, dict):
        raise _bad('{} is not an object', what)
    unknown = [k for k in obj if k not in spec]
    if unknown:
        raise _bad('{} has an unknown field {!r} (fields are {})', what, unknown[0], ', '.join(spec))
    missing = [k for k, needed in spec.items() if needed and k not in obj]
    if missing:
        raise _bad('{} lacks the field {!r}', what, missing[0])


def _entry(value, what, count):
    """(node id, output index, version) of an entry [id, index] or [id, index, version]."""
    if not isinstance(value, list) or len(value) not in (2, 3) or \
            not all(type(v) is int for v in value):
        raise _bad('{}: {!r} is not [node id, output index, version]', what, value)
    if not 0 <= value[0] < count:
        raise _bad('{} refers to node {}, but there are {} nodes', what, value[0], count)
    if value[1] < 0:
        raise _bad('{}: output index {} is negative', what, value[1])
    return value[0], value[1], value[2] if len(value) == 3 else 0


def _ids(value, what, count):
    if not isinstance(value, list) or not all(type(v) is int for v in value):
        raise _bad('"{}" is not a list of node ids', what)
    bad = [v for v in value if not 0 <= v < count]
    if bad:
        raise _bad('"{}" refers to node {}, but there are {} nodes', what, bad[0], count)
    return value


def _graph_version(attrs):
    if attrs is None:
        return 800, False
    if not isinstance(attrs, dict):
        raise _bad('"attrs" of the graph is not an object')
    for key, value in attrs.items():
        if not (isinstance(value, list) and len(value) == 2 and value[0] in _ATTR_TYPES):
            raise _bad('graph attribute {!r} is not [type, value] of a known type: {!r}', key, value)
    version = attrs.get('mxnet_version', ['int', 800])
    if version[0] != 'int' or type(version[1]) is not int:
        raise _bad('"mxnet_version" is not an int: {!r}', version)
    np_flag = attrs.get('is_np_shape', ['int', 0])
    return version[1], np_flag[0] == 'int' and np_flag[1] == 1


def _node_attrs(raw, i):
    """The node's attributes: ``attrs`` and ``attr`` (in the file's order), then ``param`` beneath them."""
    attrs = {}
    for key in [k for k in raw if k in ('attrs', 'attr')] + (['param'] if 'param' in raw else []):
        part = raw[key]
        if not isinstance(part, dict):
            raise _bad('node {}: "{}" is not an object', i, key)
        for k, v in part.items():
            if not isinstance(v, str):
                raise _bad('node {} ({}): attribute {!r} is {!r}, not a string', i, raw.get('name'), k, v)
            if key == 'param':
                attrs.setdefault(k, v)
            else:
                attrs[k] = v
    return attrs


def _find_cycle(nodes):
    """A node on a cycle of inputs, or None (an iterative depth-first walk)."""
    state = {}
    for start in nodes:
        if id(start) in state:
            continue
        state[id(start)] = 1
        stack = [(start, iter(start.inputs))]
        while stack:
            node, pending = stack[-1]
            for src, _ in pending:
                mark = state.get(id(src))
                if mark == 1:
                    return src
                if mark is None:
                    state[id(src)] = 1
                    stack.append((src, iter(src.inputs)))
                    break
            else:
                state[id(node)] = 2
                stack.pop()
    return None


def from_json(text):
    """The output entries of the graph in MXNet JSON `text`. Everything is checked before it is used:
    the structure, node ids in range, no cycles, output indices the nodes have, known operators and
    parameters MXNet's parsers take; older files are upgraded as MXNet 1.9.1 upgrades them."""
    try:
        graph = json.loads(text)
    except RecursionError:
        raise _bad('nested too deeply to read') from None
    except ValueError as e:
        raise _bad('not valid JSON: {}', e) from None
    return _read_graph(graph, 'the graph', None)


def _read_graph(graph, what, facts):
    """The output entries of a parsed graph object; `facts`: the enclosing graph's (version, NumPy-shape
    file) for a subgraph, which has no graph attributes of its own."""
    _fields(graph, _GRAPH_FIELDS, what)
    raw_nodes = graph['nodes']
    if not isinstance(raw_nodes, list):
        raise _bad('"nodes" is not a list')
    version, np_file = _graph_version(graph.get('attrs')) if facts is None else facts
    count = len(raw_nodes)
    nodes, links = [], []
    for i, raw in enumerate(raw_nodes):
        _fields(raw, _NODE_FIELDS, 'node %d' % i)
        op_name, name = raw['op'], raw['name']
        if not isinstance(op_name, str) or not isinstance(name, str):
            raise _bad('node {}: "op" and "name" must be strings', i)
        subgraphs = raw.get('subgraphs')
        if subgraphs is not None and not isinstance(subgraphs, list):
            raise _bad('node {} ({}): "subgraphs" is not a list', i, name)
        if not isinstance(raw['inputs'], list):
            raise _bad('node {} ({}): "inputs" is not a list', i, name)
        if 'control_deps' in raw:
            _ids(raw['control_deps'], 'control_deps of node %d' % i, count)
        links.append([_entry(e, 'input of node %d (%s)' % (i, name), count) for e in raw['inputs']])
        attrs = _node_attrs(raw, i)
        if op_name == 'null':
            if links[-1]:
                raise _bad('node {} ({}) is a variable but has inputs', i, name)
            nodes.append(Node(None, name, attrs))
            continue
        # (a node mxtorch's mx.sym.np wrote holds its call: its backend name may be a legacy operator's alias)
        op = _read_np_node(op_name, attrs)
        if op is None:
            try:
                op = _opdefs.opdef(op_name)
            except MXNetError:
                raise _bad('node {} ({}) uses operator {!r}, which neither MXNet 1.9.1 nor mxtorch has', i, name,
                           op_name) from None
        nodes.append(Node(op, name, attrs))
        if subgraphs:       # control flow (_foreach, _while_loop, _cond): graphs of their own
            nodes[-1].subgraphs = [_read_graph(g, 'subgraph %d of node %d (%s)' % (j, i, name),
                                               (version, np_file)) for j, g in enumerate(subgraphs)]
    for node, link in zip(nodes, links):
        node.inputs = [(nodes[src], k) for src, k, _ in link]
        node.versions = [v for _, _, v in link]
    looped = _find_cycle(nodes)
    if looped is not None:
        raise _bad('node {!r} is its own input (through a cycle)', looped.name)
    for i in _ids(graph['arg_nodes'], 'arg_nodes', count):
        if nodes[i].op is not None:
            raise _bad('"arg_nodes" names node {} ({}), which is not a variable', i, nodes[i].name)
    if version < MXNET_VERSION:
        _upgrade(nodes, version)
    for node in nodes:
        _complete(node)
    if _state.np_shape.active and not np_file:
        _shapes_to_numpy(nodes)
    heads = graph['heads']
    if not isinstance(heads, list):
        raise _bad('"heads" is not a list')
    out = []
    for value in heads:
        src, k, _ = _entry(value, 'a head', count)
        out.append((nodes[src], k))
    for src, k in [e for node in nodes for e in node.inputs] + out:
        if k >= src.total_outputs():
            raise _bad('output {} of node {!r} is used, but it has {} outputs', k, src.name, src.total_outputs())
    return out


NODE_READERS = []      # symbol/numpy.py's read_node: an mx.sym.np node of a graph mxtorch saved


def _read_np_node(op_name, attrs):
    if '__np_call__' not in attrs:
        return None
    if not NODE_READERS:
        importlib.import_module(__package__ + '.numpy')     # mx.sym.np registers its reader
    for reader in NODE_READERS:
        found = reader(op_name, attrs)
        if found is not None:
            return found
    return None


def _complete(node):
    """Check a read operator node's parameters as MXNet's parser does, and settle its inputs' names and
    visible outputs."""
    if node.op is None:
        return
    names = node.attrs.pop('__input_names__', None)
    try:
        node.op.check_attrs(node.attrs, node.name)
        expected = node.op.input_names(node.attrs)
    except MXNetError as e:
        raise MXNetError('Symbol JSON: node {!r}: {}'.format(node.name, e)) from None
    if names is not None:
        expected = names.split(',') if names else []
    elif node.op.variadic and len(expected) != len(node.inputs):
        expected = ['arg%d' % j for j in range(len(node.inputs))]
    node.input_names = (expected + ['arg%d' % j for j in range(len(expected), len(node.inputs))])[:len(node.inputs)]
    node.num_outputs = node.op.output_counts(node.attrs)[0]


def _upgrade(nodes, version):
    """MXNet's upgrades of files written by earlier versions (legacy_json_util)."""
    for node in nodes:
        _hidden_attrs_of_old_files(node)
    if version < 900:
        for node in [n for n in nodes if n.op is not None]:
            # auxiliary states were not saved before 0.9: they become variables named after the node
            expected = node.op.input_names(node.attrs)
            for input_name in expected[len(node.inputs):]:
                node.inputs.append((Node(None, '%s_%s' % (node.name, input_name), node.attrs), 0))
                node.versions.append(0)
    if version < 904:
        for node in [n for n in nodes if n.op is not None]:
            for j, (src, _) in enumerate(node.inputs):
                init = node.op.input_init(j)
                if src.op is None and init is not None:
                    src.attrs.setdefault('__init__', init)
    if version < 905:
        for node in nodes:
            if node.op is not None and node.op.name in ('argmax', 'argmin') and node.attrs.get('axis') == '-1':
                del node.attrs['axis']


def _hidden_attrs_of_old_files(node):
    """Attributes that older MXNet wrote without underscores: ``lr_mult`` becomes ``__lr_mult__``, and
    ``weight_lr_mult`` on an operator moves to its input variable ``weight`` as ``__lr_mult__``."""
    for key in list(node.attrs):
        for hidden in _opdefs.HIDDEN_KEYS:
            pos = key.rfind(hidden)
            if pos == -1 or not (pos == 0 or pos == len(key) - len(hidden)):
                continue
            if key == hidden:
                node.attrs['__%s__' % hidden] = node.attrs.pop(key)
            elif pos > 1 and node.op is not None:
                argument = key[:pos - 1]
                names = node.op.input_names(node.attrs)
                if argument in names and names.index(argument) < len(node.inputs):
                    src = node.inputs[names.index(argument)][0]
                    if src.op is None:
                        src.attrs['__%s__' % hidden] = node.attrs.pop(key)
            break


def _shapes_to_numpy(nodes):
    """A file of MXNet's legacy shape semantics read in NumPy-shape mode: unknown dimensions (0) in the
    variables' ``__shape__`` become -1, written as MXNet writes shapes."""
    for node in nodes:
        text = node.attrs.get('__shape__') if node.op is None else None
        if text is None:
            continue
        try:
            dims = _opdefs.ParamSpec('shape', 'Shape(tuple)').value(text)
        except MXNetError:
            continue
        if dims:
            node.attrs['__shape__'] = '[' + ','.join(str(-1 if d == 0 else d) for d in dims) + ']'
