"""mx.viz: the text of print_summary and the graph plot_network builds, as MXNet 1.9.1 gives them."""

# a small convolutional net with two inputs (an image and tokens), every kind of layer the table counts
NET = """
data = mx.sym.var('data')
c1 = mx.sym.Convolution(data, kernel=(3, 3), num_filter=8, name='conv1')
b1 = mx.sym.BatchNorm(c1, name='bn1')
a1 = mx.sym.Activation(b1, act_type='relu', name='relu1')
p1 = mx.sym.Pooling(a1, kernel=(2, 2), stride=(2, 2), pool_type='max', name='pool1')
c2 = mx.sym.Convolution(p1, kernel=(3, 3), num_filter=4, no_bias=True, num_group=2, name='conv2')
lr = mx.sym.LeakyReLU(c2, act_type='leaky', slope=0.1, name='leaky')
emb = mx.sym.Embedding(mx.sym.var('tok'), input_dim=10, output_dim=4, name='emb')
cat = mx.sym.Concat(mx.sym.Flatten(lr), mx.sym.Flatten(emb), dim=1)
fc = mx.sym.FullyConnected(cat, num_hidden=10, name='fc')
fc2 = mx.sym.FullyConnected(fc, num_hidden=3, no_bias=True, name='fc2')
net = mx.sym.SoftmaxOutput(fc2, name='softmax')
shapes = {'data': (2, 3, 10, 10), 'tok': (2, 5)}
"""

MLP = """
x = mx.sym.var('x')
h = mx.sym.Activation(mx.sym.FullyConnected(x, num_hidden=16, name='hidden'), act_type='tanh')
mlp = mx.sym.FullyConnected(h, num_hidden=2, name='out')
"""


def printed(setup, call):
    """Statements leaving in `result` what `call` prints."""
    return (setup + "\nimport contextlib, io\nbuf = io.StringIO()\nwith contextlib.redirect_stdout(buf):\n    "
            + call + "\nresult = buf.getvalue()")


def drawn(setup, call):
    """Statements leaving in `result` the graph `call` builds: its name, format and statements (without
    quotes, sorted: graphviz versions quote and order attributes alike but not the same way)."""
    return (setup + "\ndot = " + call + "\nresult = [dot.name, dot.format, "
            "sorted(line.strip().replace('\"', '') for line in dot.body)]")


CASES = [
    ('summary_with_shapes', printed(NET, "mx.viz.print_summary(net, shape=shapes)")),
    ('summary_without_shapes', printed(NET, "mx.viz.print_summary(net)")),
    ('summary_narrow', printed(NET, "mx.viz.print_summary(net, shape=shapes, line_length=70)")),
    ('summary_absolute_positions',
     printed(NET, "mx.viz.print_summary(net, shape=shapes, line_length=90, positions=[30, 55, 66, 90])")),
    ('summary_cut_fields', printed(NET, "mx.viz.print_summary(net, shape=shapes, line_length=40)")),
    ('summary_mlp', printed(MLP, "mx.viz.print_summary(mlp, shape={'x': (4, 7)})")),
    ('summary_group', printed(MLP, "mx.viz.print_summary(mx.sym.Group([mlp, h]), shape={'x': (4, 7)})")),
    ('summary_variable_only', printed("", "mx.viz.print_summary(mx.sym.var('v'), shape={'v': (3, 2)})")),
    ('summary_arithmetic', printed("a = mx.sym.var('a')\nb = mx.sym.var('b')",
                                   "mx.viz.print_summary((a + b) * 2, shape={'a': (2, 3), 'b': (2, 3)})")),
    ('summary_not_a_symbol', "mx.viz.print_summary(nd.ones((2, 2)))"),
    ('summary_incomplete_shape', printed(NET, "mx.viz.print_summary(net, shape={'tok': (2, 5)})")),
    ('plot_default', drawn(NET, "mx.viz.plot_network(net)")),
    ('plot_shapes_and_types',
     drawn(NET, "mx.viz.plot_network(net, shape=shapes, dtype={'data': 'float32', 'tok': 'float32'})")),
    ('plot_weights_shown', drawn(NET, "mx.viz.plot_network(net, title='net', save_format='png', "
                                      "hide_weights=False, node_attrs={'shape': 'ellipse', 'fixedsize': 'false'})")),
    ('plot_slices', drawn("d = mx.sym.var('d')\nparts = mx.sym.SliceChannel(d, num_outputs=3, name='parts')",
                          "mx.viz.plot_network(mx.sym.elemwise_add(parts[0], parts[2], name='sum'), "
                          "shape={'d': (2, 6)})")),
    ('plot_not_a_symbol', "mx.viz.plot_network('net')"),
    ('plot_incomplete_type', drawn("c = mx.sym.Convolution(mx.sym.var('a'), kernel=(3, 3), num_filter=2)",
                                   "mx.viz.plot_network(mx.sym.Group([c, mx.sym.var('b')]), dtype={'a': 'float32'})")),
]
