"""Pictures of Symbol graphs (``mx.viz``): a printed table of layers, or a graphviz drawing.

Both read the graph the way MXNet 1.9.1 does, from the symbol's JSON, so the table and the drawing come
out as MXNet's for the same symbol."""
import copy
import json
import re
import warnings

from .symbol import Symbol

__all__ = ['print_summary', 'plot_network']

_HEADERS = ('Layer (type)', 'Output Shape', 'Param #', 'Previous Layer')
# fill colours of the drawing, by kind of node
_COLOURS = ('#8dd3c7', '#fb8072', '#ffffb3', '#bebada', '#80b1d3', '#fdb462', '#b3de69', '#fccde5')
# variables with these endings are parameters, left out of the drawing with hide_weights
_PARAMETER_ENDINGS = ('_weight', '_bias', '_beta', '_gamma', '_moving_var', '_moving_mean', '_running_var',
                      '_running_mean')


def _numbers(text):
    """The digit runs of an attribute string: '(3, 3)' -> ['3', '3']."""
    return re.findall(r'\d+', text)


def _shapes_of_internals(symbol, shape):
    """{output name: shape} for every output of every node, inferred from the input shapes `shape`."""
    internals = symbol.get_internals()
    _, out_shapes, _ = internals.infer_shape(**shape)
    if out_shapes is None:
        raise ValueError("Input shape is incomplete")
    return dict(zip(internals.list_outputs(), out_shapes))


def _output_key(node):
    """The name under which the internals list a node's (first) output."""
    return node['name'] if node['op'] == 'null' else node['name'] + '_output'


def _parameter_count(node, fan_in, shapes):
    """How many parameters MXNet's table counts for a node: weights and biases of Convolution and
    FullyConnected (from `fan_in`, the summed channels of the inputs shown), BatchNorm's gamma and beta
    (with shapes), Embedding's table; 0 for anything else."""
    op, attrs = node['op'], node.get('attrs', {})
    bias = attrs.get('no_bias') != 'True'
    if op == 'Convolution':
        filters = int(attrs['num_filter'])
        count = fan_in * filters // int(attrs.get('num_group', '1'))
        for size in _numbers(attrs['kernel']):
            count *= int(size)
        return count + (filters if bias else 0)
    if op == 'FullyConnected':
        return (fan_in + (1 if bias else 0)) * int(attrs['num_hidden'])
    if op == 'BatchNorm':
        return 2 * int(shapes[_output_key(node)][1]) if shapes is not None else 0
    if op == 'Embedding':
        return int(attrs['input_dim']) * int(attrs['output_dim'])
    return 0


def print_summary(symbol, shape=None, line_length=120, positions=[.44, .64, .74, 1.]):
    """Prints a table of the operators of `symbol`, one row each: name and type, output shape (without
    the batch axis; shown when `shape`, a dict of input shapes, is given), number of parameters and the
    layers it takes input from; then the total number of parameters.

    `line_length` is the width of the table; `positions` the right ends of its four columns, as fractions
    of the width (all at most 1) or as character positions."""
    if not isinstance(symbol, Symbol):
        raise TypeError("symbol must be Symbol")
    shapes = _shapes_of_internals(symbol, shape) if shape is not None else None
    graph = json.loads(symbol.tojson())
    nodes = graph['nodes']
    # As in MXNet, the first head entry [node, output, version] serves as a set of node ids: the node of
    # the first output, and node 0 (index and version are 0), count as inputs worth showing.
    shown = set(graph['heads'][0])
    stops = [int(line_length * p) for p in positions] if positions[-1] <= 1 else positions

    def print_row(fields):
        line = ''
        for field, stop in zip(fields, stops):
            line = (line + str(field))[:stop]
            line += ' ' * (stop - len(line))
        print(line)

    def dims(node):
        """The node's output shape without the batch axis, or None when it is not known."""
        if shapes is None or _output_key(node) not in shapes:
            return None
        return shapes[_output_key(node)][1:]

    def print_layer(node):
        sources, fan_in = [], 0
        if node['op'] != 'null':
            for entry in node['inputs']:
                source = nodes[entry[0]]
                if source['op'] == 'null' and entry[0] not in shown:
                    continue
                sources.append(source['name'])
                source_dims = dims(source)
                if source_dims is not None:
                    fan_in += int(source_dims[0])
        count = _parameter_count(node, fan_in, shapes)
        print_row(['{}({})'.format(node['name'], node['op']), 'x'.join(str(d) for d in dims(node) or ()),
                   count, sources[0] if sources else ''])
        for name in sources[1:]:
            print_row(['', '', '', name])
        return count

    print('_' * line_length)
    print_row(_HEADERS)
    print('=' * line_length)
    total = 0
    for i, node in enumerate(nodes):
        if node['op'] == 'null' and i > 0:
            continue
        total += print_layer(node)
        print(('=' if i == len(nodes) - 1 else '_') * line_length)
    print('Total params: {}'.format(total))
    print('_' * line_length)


def _node_look(node):
    """(label, fill colour) of an operator node in the drawing."""
    op, name, attrs = node['op'], node['name'], node.get('attrs', {})
    if op == 'Convolution':
        stride = 'x'.join(_numbers(attrs['stride'])) if 'stride' in attrs else '1'
        return ('Convolution\n{}/{}, {}'.format('x'.join(_numbers(attrs['kernel'])), stride, attrs['num_filter']),
                _COLOURS[1])
    if op == 'FullyConnected':
        return 'FullyConnected\n{}'.format(attrs['num_hidden']), _COLOURS[1]
    if op == 'BatchNorm':
        return name, _COLOURS[3]
    if op == 'Activation':
        return 'Activation\n{}'.format(attrs['act_type']), _COLOURS[2]
    if op == 'LeakyReLU':
        return 'LeakyReLU\n{}'.format(attrs.get('act_type', 'Leaky')), _COLOURS[2]
    if op == 'Pooling':
        kernel = 'x'.join(_numbers(attrs['kernel'])) if 'kernel' in attrs else '[]'
        stride = 'x'.join(_numbers(attrs['stride'])) if 'stride' in attrs else '1'
        return 'Pooling\n{}, {}/{}'.format(attrs.get('pool_type', 'max'), kernel, stride), _COLOURS[4]
    if op in ('Concat', 'Flatten', 'Reshape'):
        return name, _COLOURS[5]
    if op == 'Softmax':
        return name, _COLOURS[6]
    return (attrs['op_type'] if op == 'Custom' else name), _COLOURS[7]


def plot_network(symbol, title="plot", save_format='pdf', shape=None, dtype=None, node_attrs={},
                 hide_weights=True):
    """A graphviz ``Digraph`` of `symbol`'s graph (needs the ``graphviz`` package).

    Operators are boxes labelled with their main settings, inputs ovals; edges point from a node back to
    its inputs. With `shape` (a dict of input shapes) and `dtype` (a dict of input types) the edges are
    labelled with the shapes (without the batch axis) and types flowing along them. `node_attrs`
    overrides graphviz attributes of the nodes; with `hide_weights` parameter variables (``*_weight``,
    ``*_bias``, BatchNorm's statistics, ...) are left out. `title` names the graph, `save_format` is the
    format its ``render`` writes.

    >>> net = mx.sym.FullyConnected(mx.sym.var('data'), num_hidden=10, name='fc')
    >>> mx.viz.plot_network(net, shape={'data': (1, 20)}).render('net')   # writes net.pdf
    """
    try:
        from graphviz import Digraph
    except ImportError:
        raise ImportError("Draw network requires graphviz library") from None
    if not isinstance(symbol, Symbol):
        raise TypeError("symbol must be a Symbol")
    shapes = _shapes_of_internals(symbol, shape) if shape is not None else None
    types = None
    if dtype is not None:
        internals = symbol.get_internals()
        _, out_types, _ = internals.infer_type(**dtype)
        if out_types is None:
            raise ValueError("Input type is incomplete")
        types = dict(zip(internals.list_outputs(), out_types))
    nodes = json.loads(symbol.tojson())['nodes']
    names = [node['name'] for node in nodes]
    if len(set(names)) != len(names):
        repeated = sorted({n for n in names if names.count(n) > 1})
        warnings.warn('There are multiple variables with the same name in your graph, this may result in '
                      'cyclic graph. Repeated names: ' + ','.join(repeated), RuntimeWarning)

    look = {'shape': 'box', 'fixedsize': 'true', 'width': '1.3', 'height': '0.8034', 'style': 'filled'}
    look.update(node_attrs)
    dot = Digraph(name=title, format=save_format)
    hidden = set()
    for node in nodes:
        attr = copy.deepcopy(look)
        if node['op'] == 'null':
            if node['name'].endswith(_PARAMETER_ENDINGS):
                # not drawn either way; without hide_weights its edges still make graphviz draw it bare
                if hide_weights:
                    hidden.add(node['name'])
                continue
            label, attr['shape'], attr['fillcolor'] = node['name'], 'oval', _COLOURS[0]
        else:
            label, attr['fillcolor'] = _node_look(node)
        dot.node(name=node['name'], label=label, **attr)

    def flowing(source):
        """The key of the value an edge from `source` carries: a variable, or an operator's output (the
        last one for operators with num_outputs, as MXNet labels them)."""
        if source['op'] == 'null':
            return source['name']
        key = source['name'] + '_output'
        if 'num_outputs' in source.get('attrs', {}):
            key += str(int(source['attrs']['num_outputs']) - 1)
        return key

    for node in nodes:
        if node['op'] == 'null':
            continue
        inputs = node['inputs'][:1] if node['op'] == '_contrib_BilinearResize2D' else node['inputs']
        for entry in inputs:
            source = nodes[entry[0]]
            if source['name'] in hidden:
                continue
            label = ''
            if shapes is not None:
                label = 'x'.join(str(d) for d in shapes[flowing(source)][1:])
            if types is not None:
                label += '(' + types[flowing(source)].__name__ + ')'
            dot.edge(tail_name=node['name'], head_name=source['name'], dir='back', arrowtail='open', label=label)
    return dot
