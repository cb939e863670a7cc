"""mx.init: deterministic initializers' values, name-based dispatch, dumps/create/registry, errors.

Random initializers (Uniform, Normal, Xavier, MSRAPrelu, Orthogonal) are checked for shape and dtype here
(values: False) and statistically in tests/test_initializer.py."""

CASES = [
    # ---- deterministic values ---------------------------------------------------------------------------
    ('zero_one_constant', """
a, b, c, d = nd.ones((2, 3)), nd.zeros((2, 3)), nd.zeros((2, 3)), nd.zeros((2, 3), dtype='int32')
init.Zero()._init_weight('w', a)
init.One()._init_weight('w', b)
init.Constant(2.5)._init_weight('w', c)
init.Constant(7)._init_weight('w', d)
result = [a, b, c, d]"""),
    ('constant_array_value', """
a = nd.zeros((2, 3))
init.Constant(nd.array([1, 2, 3]))._init_weight('w', a)
b = nd.zeros((2, 2))
init.Constant(np.array([[1, 2], [3, 4]]))._init_weight('w', b)
result = [a, b]"""),
    ('bilinear_4x4', """
w = nd.zeros((1, 1, 4, 4))
init.Bilinear()._init_weight(None, w)
result = w"""),
    ('bilinear_odd_rect', """
w = nd.zeros((2, 3, 3, 5))
init.Bilinear()._init_weight(None, w)
result = w"""),
    ('bilinear_via_call', """
w = nd.zeros((1, 2, 2, 2))
init.Bilinear()(init.InitDesc('up_weight'), w)
result = w"""),
    ('lstm_bias', """
b = nd.ones((12,))
init.LSTMBias(forget_bias=2.5)._init_weight('lstm_bias', b)
c = nd.ones((8,))
init.LSTMBias()(init.InitDesc('c', {'__init__': 'lstmbias'}), c)
result = [b, c, init.LSTMBias(0.5).dumps()]"""),
    ('fused_rnn_lstm_ones', """
arr = nd.zeros(((3 + 2 + 2) * 2 * 4,))
init.FusedRNN(init.One(), 2, 1, 'lstm', forget_bias=3.0)._init_weight(init.InitDesc('parameters'), arr)
result = arr"""),
    ('fused_rnn_gru_bidirectional_two_layers', """
h, i, L, b, m = 2, 3, 2, 2, 3
total = (i + h + 2) * h * m * b + (L - 1) * m * h * (h + b * h + 2) * b
arr = nd.zeros((total,))
init.FusedRNN(init.Constant(0.5), h, L, 'gru', bidirectional=True)._init_weight(init.InitDesc('parameters'), arr)
result = [arr, init.FusedRNN(None, 2, 1, 'rnn_tanh').dumps()]"""),
    ('fused_rnn_global_init', """
arr = nd.zeros(((1 + 2 + 2) * 2 * 1,))
init.One()(init.InitDesc('rnn_parameters', {'__init__': init.FusedRNN(None, 2, 1, 'rnn_relu')}), arr)
result = arr"""),

    # ---- dispatch by name ----------------------------------------------------------------------------------
    ('desc_dispatch_by_suffix', """
out = []
for name in ['fc_weight', 'fc_bias', 'bn_gamma', 'bn_beta', 'q_min', 'q_max']:
    a = nd.ones((2,)) * 5
    init.Constant(3)(init.InitDesc(name), a)
    out.append(a)
result = out"""),
    ('desc_init_attr_wins', """
a = nd.ones((3,)) * 5
init.Zero()(init.InitDesc('fc_bias', {'__init__': 'ones'}), a)
b = nd.ones((3,)) * 5
init.Zero()(init.InitDesc('fc_gamma', {'__init__': init.Constant(4)}), b)
result = [a, b]"""),
    ('desc_unknown_pattern', """
init.One()(init.InitDesc('running_mean'), nd.ones((2,)))"""),
    ('desc_global_init_set', """
d = init.InitDesc('fc_weight')
i = init.One()
i(d, nd.zeros((1,)))
result = [d.global_init is i, str(d), isinstance(d, str), d.attrs]"""),
    ('legacy_string_dispatch', """
import warnings
out = []
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter('always')
    for name in ['fc_weight', 'fc_bias', 'bn_gamma', 'bn_beta', 'bn_moving_mean', 'bn_moving_var',
                 'bn_moving_inv_var', 'bn_moving_avg', 'x_min', 'x_max', 'stn_loc_weight']:
        a = nd.ones((6,)) * 5
        init.Constant(3)(name, a)
        out.append(a)
    b = nd.zeros((1, 1, 2, 4))
    init.Zero()('upsampling0_weight', b)
    c = nd.zeros((6,))
    init.Zero()('stn_loc_bias', c)
result = out + [b, c, sorted(set(type(w.message).__name__ for w in caught))]"""),
    ('legacy_unknown_pattern', """
import warnings
warnings.simplefilter('ignore')
init.One()('something', nd.ones((2,)))"""),
    ('legacy_bad_name_type', """
import warnings
warnings.simplefilter('ignore')
init.One()(3, nd.ones((2,)))"""),
    ('base_init_weight', """
init.Initializer()._init_weight('w', nd.ones((2,)))"""),

    # ---- dumps, create, registry ---------------------------------------------------------------------------
    ('dumps', """
result = [init.Normal(0.5).dumps(), init.Uniform().dumps(), init.Xavier(factor_type='in', magnitude=2.34).dumps(),
          init.MSRAPrelu().dumps(), init.Zero().dumps(), init.One().dumps(), init.Constant(1).dumps(),
          init.Orthogonal().dumps(), init.Bilinear().dumps(), init.LSTMBias().dumps(),
          init.Constant(nd.ones((2,))).dumps(), init.Constant(np.zeros((1, 2))).dumps()]"""),
    ('create_by_name', """
result = [type(init.create(n)).__name__ for n in ['zeros', 'ones', 'Zero', 'one', 'xavier', 'uniform', 'normal',
          'constant' if False else 'msraprelu', 'orthogonal', 'bilinear', 'lstmbias']]"""),
    ('create_with_args', """
x = init.create('xavier', rnd_type='gaussian', magnitude=2)
c = init.create('constant', 3)
j = init.create('["normal", {"sigma": 0.2}]')
d = init.create({'initializer': 'uniform', 'scale': 0.3})
result = [x.dumps(), c.dumps(), j.dumps(), d.dumps(), init.create(x) is x]"""),
    ('create_unknown', "init.create('nope')"),
    ('create_instance_with_args', "init.create(init.One(), 3)"),
    ('create_not_string', "init.create(3)"),
    ('initializer_equality', """
result = [init.Constant(-10.0) == init.Constant(-10.0), init.Constant(1) == init.Constant(2),
          init.Xavier() == init.Xavier(), init.Xavier() == init.MSRAPrelu(), init.One() == 'ones']"""),
    ('register_custom', """
@init.register
@init.alias('golden_custom_alias')
class GoldenCustomInit(init.Initializer):
    def __init__(self, value=0.5):
        super(GoldenCustomInit, self).__init__(value=value)
        self.value = value
    def _init_weight(self, _, arr):
        arr[:] = self.value
a = nd.zeros((2,))
init.create('goldencustominit', value=0.25)._init_weight('w', a)
b = nd.zeros((2,))
init.create('golden_custom_alias')._init_weight('w', b)
p = gluon.Parameter('w', shape=(2,), init='goldencustominit')
p.initialize()
result = [a, b, p.data(), init.create('GOLDENCUSTOMINIT').dumps()]"""),
    ('register_not_initializer', """
class NotAnInit(object):
    pass
init.register(NotAnInit)"""),

    # ---- random initializers: shapes, dtypes, errors ------------------------------------------------------
    ('random_shapes', """
out = []
for i in [init.Uniform(), init.Normal(), init.Xavier(), init.Xavier(rnd_type='gaussian', factor_type='out'),
          init.MSRAPrelu(), init.Orthogonal(), init.Orthogonal(rand_type='normal')]:
    a = nd.zeros((4, 3, 2))
    i._init_weight('w', a)
    out.append(a)
result = out""", {'values': False}),
    ('xavier_vector', "init.Xavier()._init_weight('fc_weight', nd.zeros((3,)))"),
    ('xavier_bad_factor', "init.Xavier(factor_type='bad')._init_weight('w', nd.zeros((3, 2)))"),
    ('xavier_bad_rnd', "init.Xavier(rnd_type='bad')._init_weight('w', nd.zeros((3, 2)))"),
    ('orthogonal_properties', """
a = nd.zeros((3, 5))
init.Orthogonal(scale=2.0)._init_weight('w', a)
m = a.asnumpy()
result = np.round(m.dot(m.T), 4)"""),
    ('orthogonal_tall', """
a = nd.zeros((6, 2))
init.Orthogonal(scale=1.0)._init_weight('w', a)
m = a.asnumpy()
result = np.round(m.T.dot(m), 4)"""),

    # ---- Load and Mixed ------------------------------------------------------------------------------------
    ('load_from_dict', """
l = init.Load({'arg:fc_weight': nd.ones((2, 2)) * 3, 'fc_bias': nd.ones((2,))}, default_init=init.Constant(9))
a, b, c = nd.zeros((2, 2)), nd.zeros((2,)), nd.zeros((2, 2))
l('fc_weight', a)
l('fc_bias', b)
l('other_weight', c)
result = [a, b, c, sorted(l.param.keys())]"""),
    ('load_from_file', """
nd.save(tmpdir + '/init.params', {'aux:bn_moving_var': nd.array([1, 2, 3])})
l = init.Load(tmpdir + '/init.params')
a = nd.zeros((3,))
l('bn_moving_var', a)
result = a"""),
    ('load_shape_mismatch', """
l = init.Load({'w': nd.ones((2, 2))})
l('w', nd.zeros((3,)))"""),
    ('load_no_default', """
l = init.Load({'w': nd.ones((2, 2))})
l('v', nd.zeros((3,)))"""),
    ('mixed', """
m = init.Mixed(['bias', '.*'], [init.Zero(), init.Constant(0.5)])
a, b = nd.ones((2,)), nd.ones((2,))
m('bias_of_fc', a)
m('fc_weight', b)
result = [a, b]"""),
    ('mixed_no_match', """
m = init.Mixed(['bias'], [init.Zero()])
m('fc_weight', nd.ones((2,)))"""),

    # ---- with Gluon ---------------------------------------------------------------------------------------
    ('gluon_dense_with_initializers', """
with mx.name.NameManager():
    net = gluon.nn.Dense(3, in_units=4, weight_initializer=init.Bilinear() if False else init.Constant(0.1),
                         bias_initializer=init.LSTMBias(2.0))
    net.initialize()
    b = gluon.nn.Dense(12, in_units=2, bias_initializer='lstmbias')
    b.initialize(init.One())
result = [net.weight.data(), net.bias.data(), b.bias.data(), b.weight.data()]"""),
    ('gluon_initialize_verbose', """
import logging
records = []
class Keep(logging.Handler):
    def emit(self, record):
        # the message holds the initializer's repr: its module name and address differ
        records.append(record.getMessage().split(' object at ')[0].replace('mxtorch.', 'mxnet.'))
h = Keep()
logger = logging.getLogger()
old = logger.level
logger.addHandler(h)
logger.setLevel(logging.INFO)
try:
    with mx.name.NameManager():
        net = gluon.nn.Dense(2, in_units=2)
        net.initialize(init.One(), verbose=True)
finally:
    logger.removeHandler(h)
    logger.setLevel(old)
result = records"""),
    # input checks that were bare asserts (their error type is MXNet's)
    ('load_not_dict', "init.Load([nd.ones((2,))])"),
    ('mixed_length_mismatch', "init.Mixed(['.*bias', '.*'], [init.Zero()])"),
    ('loc_bias_wrong_size', "init.Uniform()('stn_loc_bias', nd.zeros((4,)))"),
    ('loc_bias', "b = nd.zeros((6,))\ninit.Uniform()('stn_loc_bias', b)\nresult = b"),
    ('create_json_with_args', "init.create('[\"uniform\", {\"scale\": 0.5}]', scale=2)"),
]
