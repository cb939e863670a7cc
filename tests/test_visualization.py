"""mx.viz beyond the golden cases (tests/golden/viz_cases.py hold MXNet's own tables and graphs): the
parameter counts against the shapes inference gives, graphviz missing or present, repeated names."""
import contextlib
import io
import math
import sys

import pytest

import mxtorch as mx


def _net():
    data = mx.sym.var('data')
    net = mx.sym.Convolution(data, kernel=(3, 3), num_filter=6, name='c1')
    net = mx.sym.BatchNorm(net, name='bn')
    net = mx.sym.Activation(net, act_type='relu')
    net = mx.sym.Convolution(net, kernel=(1, 1), num_filter=4, num_group=2, name='c2')
    net = mx.sym.FullyConnected(mx.sym.Flatten(net), num_hidden=5, name='fc')
    return mx.sym.FullyConnected(net, num_hidden=2, no_bias=True, name='out')


def _summary(symbol, **kwargs):
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        mx.viz.print_summary(symbol, **kwargs)
    return buf.getvalue().splitlines()


def test_summary_counts_every_weight_and_bias():
    net = _net()
    arg_shapes, _, _ = net.infer_shape(data=(2, 3, 8, 8))
    # every learnt argument (not the data) is counted: BatchNorm's gamma and beta, weights, biases
    expected = sum(math.prod(s) for n, s in zip(net.list_arguments(), arg_shapes) if n != 'data')
    lines = _summary(net, shape={'data': (2, 3, 8, 8)})
    assert lines[-2] == 'Total params: {}'.format(expected)
    rows = {line.split('(')[0]: line for line in lines if '(' in line and not line.startswith('Layer')}
    assert rows['c2'].split()[2] == str(6 // 2 * 4 * 1 * 1 + 4)


def test_summary_line_width_and_columns():
    lines = _summary(_net(), shape={'data': (1, 3, 8, 8)}, line_length=100)
    assert all(len(line) == 100 for line in lines if not line.startswith('Total'))
    header = lines[1]
    assert header.index('Output Shape') == 44 and header.index('Param #') == 64
    assert header.index('Previous Layer') == 74


def test_summary_without_graphviz_needs_nothing(monkeypatch):
    monkeypatch.setitem(sys.modules, 'graphviz', None)     # `import graphviz` fails, as when not installed
    assert _summary(mx.sym.var('x'))[-2] == 'Total params: 0'


def test_plot_network_without_graphviz_is_import_error(monkeypatch):
    monkeypatch.setitem(sys.modules, 'graphviz', None)
    with pytest.raises(ImportError, match='requires graphviz'):
        mx.viz.plot_network(_net())


def test_plot_network_builds_a_digraph():
    graphviz = pytest.importorskip('graphviz')
    dot = mx.viz.plot_network(_net(), shape={'data': (2, 3, 8, 8)}, title='lenet', save_format='svg')
    assert isinstance(dot, graphviz.Digraph)
    assert dot.name == 'lenet' and dot.format == 'svg'
    source = dot.source
    # weights hidden: no node or edge names a parameter
    assert '_weight' not in source and 'bn_gamma' not in source
    assert 'c1 -> data' in source and 'label="3x8x8"' in source
    assert source.count('->') == 7


def test_plot_network_warns_about_repeated_names():
    pytest.importorskip('graphviz')
    a = mx.sym.var('x')
    b = mx.sym.FullyConnected(mx.sym.var('x'), num_hidden=2, name='fc')
    with pytest.warns(RuntimeWarning, match='Repeated names: x'):
        mx.viz.plot_network(a + b)


def test_bad_arguments():
    with pytest.raises(TypeError, match='symbol must be Symbol'):
        mx.viz.print_summary('net')
    with pytest.raises(ValueError, match='Input shape is incomplete'):
        mx.viz.print_summary(_net(), shape={})
    pytest.importorskip('graphviz')
    with pytest.raises(TypeError, match='symbol must be a Symbol'):
        mx.viz.plot_network(None)


def test_viz_is_visualization():
    assert mx.viz is mx.visualization
    assert mx.viz.print_summary is mx.visualization.print_summary
