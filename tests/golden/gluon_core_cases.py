"""Gluon core: Parameter, Constant, ParameterDict, Block, HybridBlock, Sequential, Dense; names, reprs,
warnings, errors, deferred initialization, save/load of parameters (files byte for byte).

Every case that creates blocks runs inside a fresh ``mx.name.NameManager()`` so that its names (dense0,
...) do not depend on the cases run before it."""

# blocks used by several cases (defined inside each case's code, which runs on its own)
MLP = """
class MLP(gluon.nn.Block):
    def __init__(self, **kwargs):
        super(MLP, self).__init__(**kwargs)
        self.hidden = gluon.nn.Dense(5, activation='relu', in_units=4)
        self.output = gluon.nn.Dense(3, in_units=5)
    def forward(self, x):
        return self.output(self.hidden(x))
"""

SCOPED = """
class Scoped(gluon.nn.HybridBlock):
    def __init__(self, **kwargs):
        super(Scoped, self).__init__(**kwargs)
        with self.name_scope():
            self.dense0 = gluon.nn.Dense(4, activation='tanh')
            self.dense1 = gluon.nn.Dense(2, use_bias=False)
            self.scale = self.params.get('scale', shape=(2,), init=init.Constant(2.0))
    def hybrid_forward(self, F, x, scale):
        return self.dense1(self.dense0(x)) * scale
"""

# a deterministic Sequential: weights from numpy's seeded generator
SEQ = """
with mx.name.NameManager():
    net = gluon.nn.Sequential()
    net.add(gluon.nn.Dense(5, activation='relu'), gluon.nn.Dense(3))
    net.initialize()
    x = nd.array(np.arange(8).reshape(2, 4) / 8.0)
    net(x)
    for p in net.collect_params().values():
        p.set_data(nd.array(np.random.uniform(-1, 1, p.shape)))
"""

CATCH = """
import warnings
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter('always')
"""


def _in_names(code):
    """code indented into a `with mx.name.NameManager():` block."""
    return 'with mx.name.NameManager():\n' + '\n'.join('    ' + line for line in code.strip('\n').split('\n'))


CASES = [
    # ---- naming and printing ------------------------------------------------------------------------------
    ('sequential_repr', _in_names("""
net = gluon.nn.Sequential()
net.add(gluon.nn.Dense(256, activation='relu'), gluon.nn.Dense(10))
result = repr(net)""")),
    ('collect_params_repr_deferred', _in_names("""
net = gluon.nn.Sequential()
net.add(gluon.nn.Dense(256, activation='relu'), gluon.nn.Dense(10))
result = [repr(net.collect_params()), repr(net.collect_params('.*weight')), net.name, net.prefix]""")),
    ('collect_params_select_alternatives', _in_names("""
net = gluon.nn.HybridSequential(prefix='test_')
with net.name_scope():
    net.add(gluon.nn.Dense(10, activation='relu'), gluon.nn.Dense(3))
result = [sorted(net.collect_params().keys()), sorted(net.collect_params('.*weight').keys()),
          sorted(net.collect_params('test_dense0_bias|test_dense1_bias').keys()),
          sorted(net.collect_params('bias').keys())]""")),
    ('block_names_without_scope', _in_names(MLP + """
a, b = MLP(), MLP()
result = [a.name, b.name, a.hidden.name, b.output.name, list(b.collect_params().keys()), repr(a)]""")),
    ('block_names_with_scope', _in_names(SCOPED + """
a = Scoped()
b = Scoped(prefix='net_')
result = [a.prefix, list(a.collect_params().keys()), list(b.collect_params().keys()), repr(a), repr(b.params),
          b.dense0.prefix, b.dense0.act.prefix, b.dense0.act.name]""")),
    ('block_names_nested_scopes', _in_names("""
outer = gluon.nn.Sequential()
with outer.name_scope():
    inner = gluon.nn.Sequential()
    with inner.name_scope():
        inner.add(gluon.nn.Dense(2), gluon.nn.Dense(2))
    outer.add(inner, gluon.nn.Dense(1))
after = gluon.nn.Dense(1)
result = [list(outer.collect_params().keys()), after.name, inner.name, repr(outer)]""")),
    ('block_names_per_thread_and_prefix', _in_names("""
import threading
a, b = gluon.nn.Dense(1), gluon.nn.Dense(1)
seen = []
def build():
    seen.append(gluon.nn.Dense(1).name)
    with b.name_scope():
        seen.append(gluon.nn.Dense(1).name)
t = threading.Thread(target=build)
t.start()
t.join()
with mx.name.Prefix('pre_'):
    c = gluon.nn.Dense(1)
result = [a.name, b.name, seen, gluon.nn.Dense(1).name, c.name, mx.name.NameManager().get('x', 'y'),
          mx.name.NameManager().get(None, 'y')]""")),
    ('block_prefix_and_empty_prefix', _in_names("""
d = gluon.nn.Dense(3, prefix='fc_')
net = gluon.nn.HybridSequential(prefix='')
with net.name_scope():
    net.add(gluon.nn.Dense(2))
result = [d.name, d.prefix, list(d.params.keys()), net.name, net.prefix, list(net.collect_params().keys())]""")),
    ('block_params_sharing', _in_names("""
shared = gluon.nn.Dense(8, activation='relu')
other = gluon.nn.Dense(8, activation='relu', params=shared.params)
third = gluon.nn.Dense(8, params=shared.collect_params())
result = [other.name, other.params.prefix, list(other.params.keys()), other.weight is shared.weight,
          third.bias is shared.bias, repr(other.params)]""")),
    ('dense_repr_variants', _in_names("""
result = [repr(gluon.nn.Dense(3)), repr(gluon.nn.Dense(3, in_units=4)),
          repr(gluon.nn.Dense(3, activation='sigmoid', in_units=2)),
          repr(gluon.nn.Dense(3, flatten=False, use_bias=False)),
          list(gluon.nn.Dense(3, use_bias=False).params.keys())]""")),
    ('parameter_repr', """
p = gluon.Parameter('w', shape=(2, 0))
q = gluon.Parameter('q', shape=3, dtype='float16')
c = gluon.Constant('c', [[1, 2], [3, 4]])
result = [repr(p), repr(q), repr(c), p.shape, q.shape, p.grad_req, c.grad_req, p.lr_mult, p.wd_mult, str(p.dtype)]"""),
    ('parameterdict_repr', """
d = gluon.ParameterDict('net_')
d.get('w0', shape=(10, 10))
d.get('w1', shape=(0, 3), dtype='float64')
e = gluon.ParameterDict()
e.get('b', shape=(2,))
result = [repr(d), repr(e), list(d.keys()), d.prefix, e.prefix, 'net_w0' in d]"""),
    ('block_repr_custom', _in_names("""
class Net(gluon.nn.Block):
    def __init__(self, **kwargs):
        super(Net, self).__init__(**kwargs)
        self.body = gluon.nn.Sequential()
        self.body.add(gluon.nn.Dense(4, activation='relu'), gluon.nn.Dense(2))
        self.w = self.params.get('w', shape=(2,))
        self.head = gluon.nn.Dense(1, in_units=2)
        self.other = 3
result = [repr(Net()), repr(gluon.nn.HybridSequential()), repr(gluon.nn.Sequential())]""")),
    ('sequential_getitem_len', _in_names("""
net = gluon.nn.HybridSequential()
net.add(gluon.nn.Dense(1), gluon.nn.Dense(2), gluon.nn.Dense(3))
sub = net[1:]
result = [len(net), repr(net[-1]), repr(sub), type(sub).__name__, sub.prefix, len(sub), sub[0] is net[1]]""")),

    # ---- deferred initialization and forward -----------------------------------------------------------------
    ('deferred_data_error', _in_names("""
net = gluon.nn.Sequential()
net.add(gluon.nn.Dense(256, activation='relu'), gluon.nn.Dense(10))
net.initialize()
net[0].weight.data()""")),
    ('deferred_list_ctx_and_shape', _in_names("""
net = gluon.nn.Dense(4)
net.initialize(ctx=mx.cpu(0))
before = [net.weight.shape, net.weight.list_ctx()]
net(nd.ones((2, 3, 5)))
result = before + [net.weight.shape, net.weight.list_ctx(), repr(net)]""")),
    ('deferred_flatten_false', _in_names("""
net = gluon.nn.Dense(4, flatten=False, weight_initializer='ones', bias_initializer=init.Constant(0.5))
net.initialize()
out = net(nd.array(np.arange(24).reshape(2, 3, 4)))
result = [out, net.weight.shape]""")),
    ('not_initialized_error', _in_names("""
net = gluon.nn.Dense(3, in_units=2)
net(nd.ones((1, 2)))""")),
    ('not_initialized_error_list', _in_names("""
class MultipleDenses(gluon.nn.Block):
    def __init__(self, **kwargs):
        super(MultipleDenses, self).__init__(**kwargs)
        self.denses = [gluon.nn.Dense(4), gluon.nn.Dense(2)]
    def forward(self, x):
        for dense in self.denses:
            x = dense(x)
        return x
net = MultipleDenses()
net.initialize()
net(nd.ones((1, 2)))""")),
    ('container_warning', _in_names(CATCH + """
    class MultipleDenses(gluon.nn.Block):
        def __init__(self, **kwargs):
            super(MultipleDenses, self).__init__(**kwargs)
            self.denses = [gluon.nn.Dense(4), gluon.nn.Dense(2)]
            self.table = {'a': (gluon.nn.Dense(3),)}
            self.plain = {'a': 4, 'b': [1, 2]}
    net = MultipleDenses()
    net.initialize()
    net.collect_params()
result = [str(w.message) for w in caught]""")),
    ('list_not_callable', _in_names("""
class ErrorNestMLP(gluon.nn.Block):
    def __init__(self, **kwargs):
        super(ErrorNestMLP, self).__init__(**kwargs)
        self.net = [gluon.nn.Dense(64, activation='relu'), gluon.nn.Dense(32, activation='relu')]
        self.dense = gluon.nn.Dense(16, activation='relu')
    def forward(self, x):
        return self.dense(self.net(x))
net = ErrorNestMLP()
net.initialize()
net(nd.ones((2, 20)))""")),
    ('missing_super_init', """
class ErrorMLP(gluon.nn.Block):
    def __init__(self, **kwargs):
        self.hidden = gluon.nn.Dense(256, activation='relu')
ErrorMLP()"""),
    ('dense_forward_values', _in_names("""
net = gluon.nn.Dense(3, activation='tanh', weight_initializer=init.Constant(0.1), bias_initializer='ones')
net.initialize()
x = nd.array(np.arange(12).reshape(2, 2, 3) / 10.0)
result = [net(x), net.weight.data(), net.bias.data()]""")),
    ('sequential_forward_seeded', SEQ + """
result = [net(x)] + [p.data() for p in net.collect_params().values()]"""),
    ('hybridized_forward_same', SEQ.replace('gluon.nn.Sequential()', 'gluon.nn.HybridSequential()') + """
before = net(x)
net.hybridize()
result = [before, net(x), net(x * 2)]"""),
    ('scoped_hybrid_forward', _in_names(SCOPED + """
net = Scoped()
net.initialize(init.One())
result = [net(nd.array([[1., -2., 3.]])), net.scale.data(), net.dense0.weight.shape, net.dense1.weight.shape]""")),
    ('forward_on_cpu1', _in_names("""
net = gluon.nn.Dense(2, in_units=3, weight_initializer='ones')
net.initialize(ctx=mx.cpu(1))
out = net(nd.ones((1, 3), ctx=mx.cpu(1)))
result = [out.asnumpy(), net.weight.list_ctx(), str(net.weight.data(mx.cpu(1)).context)]""")),
    ('forward_wrong_ctx', _in_names("""
net = gluon.nn.Dense(2, in_units=3)
net.initialize(ctx=mx.cpu(1))
net(nd.ones((1, 3)))""")),
    ('hybrid_forward_ctx_is_default', _in_names("""
class Ctx(gluon.HybridBlock):
    def hybrid_forward(self, F, x):
        self.seen = [str(F.ones((1,)).context), str(mx.current_context())]
        return x
net = Ctx()
net(nd.ones((2,), ctx=mx.cpu(2)))
result = net.seen + [str(mx.current_context())]""")),
    ('hybridized_tuple_output', _in_names("""
class Two(gluon.HybridBlock):
    def hybrid_forward(self, F, x):
        return x + 1, x * 2
net = Two()
plain = net(nd.ones((2,)))
net.hybridize()
out = net(nd.ones((2,)))
result = [type(plain).__name__, type(out).__name__, out[0], out[1]]""")),
    ('hybridized_scalar_input', _in_names("""
class Add(gluon.HybridBlock):
    def hybrid_forward(self, F, a, b):
        return a + b
net = Add()
net.hybridize()
net(nd.ones((2,)), 1)""")),
    ('not_hybridized_scalar_input', _in_names("""
class Add(gluon.HybridBlock):
    def hybrid_forward(self, F, a, b):
        return a + b
net = Add()
result = net(nd.ones((2,)), 1)""")),
    ('hybridized_structure_change', _in_names("""
class Add(gluon.HybridBlock):
    def hybrid_forward(self, F, a, b=None):
        return a if b is None else a + b
net = Add()
net.hybridize()
first = net(nd.ones((2,)))
second = net(nd.ones((2,)), None)
net(nd.ones((2,)), nd.ones((2,)))""")),
    ('hybridized_none_only', _in_names("""
class Add(gluon.HybridBlock):
    def hybrid_forward(self, F, a, b):
        return a
net = Add()
net(None, None)""")),
    ('hybridized_two_contexts', _in_names("""
class Add(gluon.HybridBlock):
    def hybrid_forward(self, F, a, b):
        return a + b.as_in_context(a.context)
net = Add()
net.hybridize()
net(nd.ones((2,), ctx=mx.cpu(1)), nd.ones((2,), ctx=mx.cpu(2)))""")),
    ('hybrid_child_must_be_hybrid', _in_names("""
net = gluon.nn.HybridSequential()
net.add(gluon.nn.Sequential())""")),
    ('hybrid_block_list_input', _in_names("""
class Sum(gluon.HybridBlock):
    def hybrid_forward(self, F, a, b):
        return a[0] + a[1] + b
net = Sum()
plain = net([nd.ones((2,)), nd.ones((2,))], nd.ones((2,)))
net.hybridize()
result = [plain, net([nd.ones((2,)), nd.ones((2,)) * 3], nd.ones((2,)))]""")),

    # ---- Block attributes ------------------------------------------------------------------------------------
    ('attr_block_to_tuple', """
b = gluon.Block()
b.b = gluon.Block()
b.b = (2,)"""),
    ('attr_param_to_int', """
b = gluon.Block()
b.p = gluon.Parameter('p', shape=(1,))
b.p = 1"""),
    ('attr_param_override', """
b = gluon.Block()
b.p = gluon.Parameter('p', shape=(1,))
b.p = gluon.Parameter('q', shape=(1,))"""),
    ('attr_regular_and_replace_child', """
b = gluon.Block()
b.a = None
b.a = 1
b.c = gluon.Block()
c2 = gluon.Block()
b.c = c2
result = [b.a, b.c is c2, list(b._children.values())[0] is c2, list(b._children.keys())]"""),
    ('register_child_names', _in_names("""
b = gluon.Block()
b.register_child(gluon.nn.Dense(1))
b.register_child(gluon.nn.Dense(2), 'named')
b.register_child(gluon.nn.Dense(3))
result = [list(b._children.keys()), repr(b)]""")),
    ('my_sequential_children', _in_names("""
class MySequential(gluon.nn.Block):
    def add(self, *blocks):
        for block in blocks:
            self._children[block.name] = block
    def forward(self, x):
        for block in self._children.values():
            x = block(x)
        return x
net = MySequential()
net.add(gluon.nn.Dense(3, weight_initializer='ones'), gluon.nn.Dense(2, weight_initializer='ones'))
net.initialize()
result = [net(nd.ones((1, 4))), list(net._children.keys()), list(net.collect_params().keys())]""")),

    # ---- initialize ------------------------------------------------------------------------------------------
    ('initialize_twice_warns', _in_names(CATCH + """
    net = gluon.nn.Dense(2, in_units=2)
    net.initialize()
    net.initialize()
    net.weight.initialize()
result = [str(w.message) for w in caught] + [type(w.message).__name__ for w in caught]""")),
    ('initialize_precedence', _in_names("""
net = gluon.nn.Dense(2, in_units=3, weight_initializer='ones')
net.initialize(init.Constant(3))
first = [net.weight.data(), net.bias.data()]
net.initialize(init.Constant(5), force_reinit=True)
net.weight.initialize(init='zeros', force_reinit=True)
result = first + [net.weight.data(), net.bias.data()]""")),
    ('custom_initializer', _in_names("""
seen = []
class MyInit(init.Initializer):
    def _init_weight(self, name, data):
        seen.append((str(name), data.shape, type(name).__name__))
        data[:] = nd.arange(data.size).reshape(data.shape)
        data *= data >= 3
net = gluon.nn.Sequential()
net.add(gluon.nn.Dense(3, activation='relu'), gluon.nn.Dense(2))
net.initialize(MyInit())
net(nd.ones((1, 2)))
result = [seen, net[0].weight.data(), net[1].weight.data(), net[0].bias.data()]""")),
    ('custom_initializer_force_reinit', _in_names("""
seen = []
class MyInit(init.Initializer):
    def _init_weight(self, name, data):
        seen.append(str(name))
        data[:] = 7
class Own(gluon.nn.Block):
    def __init__(self, **kwargs):
        super(Own, self).__init__(**kwargs)
        self.bias = self.params.get('bias', shape=(2,))
        self.gamma = self.params.get('gamma', shape=(2,))
net = Own()
net.initialize(MyInit())
result = [seen, net.bias.data(), net.gamma.data()]""")),
    ('initialize_invalid_shape', """
p = gluon.Parameter('w', shape=(2, 0))
p.initialize()"""),
    ('initialize_unknown_shape', """
p = gluon.Parameter('w')
p.initialize()"""),
    ('initialize_by_name_string', """
p = gluon.Parameter('w', shape=(2, 2), init='ones')
p.initialize()
q = gluon.Parameter('q', shape=(2, 3))
q.initialize(init='xavier')
result = [p.data(), q.data().shape, str(q.data().dtype)]"""),
    ('initialize_base_initializer', """
p = gluon.Parameter('w', shape=(2, 2))
p.initialize(init=init.Initializer())"""),
    ('initialize_mixed_not_usable', """
p = gluon.Parameter('w', shape=(2, 2))
p.initialize(init=init.Mixed(['.*'], [init.One()]))"""),
    ('initialize_unregistered_name', """
p = gluon.Parameter('w', shape=(2, 2), init='nosuchinit')
p.initialize()"""),
    ('initialize_dtype_int', """
p = gluon.Parameter('w', shape=(2, 3), dtype='int32', init=init.Constant(3))
p.initialize()
q = gluon.Parameter('q', shape=(2,), dtype='float64')
q.initialize(init=init.One())
result = [p.data(), q.data(), p.grad(), q.grad()]"""),

    # ---- Parameter access ------------------------------------------------------------------------------------
    ('parameter_multi_context', """
p = gluon.Parameter('weight', shape=(3, 2), init='ones')
p.initialize(ctx=[mx.cpu(0), mx.cpu(1)])
result = [len(p.list_data()), len(p.list_grad()), str(p.data(mx.cpu(1)).context), p.list_ctx(), p.data(mx.cpu(1)),
          str(p.grad(mx.cpu(1)).context)]"""),
    ('parameter_multi_context_default', """
p = gluon.Parameter('weight', shape=(3, 2), init='ones')
p.initialize(ctx=[mx.cpu(1), mx.cpu(2)])
p.data()"""),
    ('parameter_reset_ctx', """
p = gluon.Parameter('weight', shape=(2, 2), init='ones')
p.initialize(ctx=[mx.cpu(0), mx.cpu(1)])
p.reset_ctx(ctx=[mx.cpu(1), mx.cpu(2)])
result = [p.list_ctx(), str(p.data(mx.cpu(2)).context), p.data(mx.cpu(1))]"""),
    ('parameter_reset_ctx_uninitialized', """
p = gluon.Parameter('weight', shape=(2, 2))
p.reset_ctx(mx.cpu(1))"""),
    ('parameter_list_ctx_uninitialized', """
p = gluon.Parameter('weight', shape=(2, 2))
p.list_ctx()"""),
    ('parameter_grad_null', """
p = gluon.Parameter('weight', shape=(2, 2), grad_req='null')
p.initialize()
p.grad()"""),
    ('parameter_grad_req_switch', """
p = gluon.Parameter('weight', shape=(2, 2), init='ones')
p.initialize()
p.grad_req = 'null'
first = p._grad is None
p.grad_req = 'add'
result = [first, p.grad_req, p.grad()]"""),
    ('parameter_grad_req_invalid', """
p = gluon.Parameter('weight', shape=(2, 2), grad_req='sometimes')"""),
    ('parameter_not_differentiable', """
p = gluon.Parameter('weight', shape=(2, 2), differentiable=False)
p.grad_req = 'write'
result = p.grad_req"""),
    ('parameter_invalid_stype', """
gluon.Parameter('weight', shape=(10, 10), stype='invalid')"""),
    ('parameter_invalid_grad_stype', """
gluon.Parameter('weight', shape=(10, 10), grad_stype='invalid')"""),
    ('parameter_set_data', """
p = gluon.Parameter('weight', shape=(2, 2), init='zeros')
p.initialize()
p.set_data(nd.array([[1, 2], [3, 4]]))
before = p.data().copy()
p.set_data(p.data() + 1)
result = [before, p.data()]"""),
    ('parameter_set_data_bad_shape', """
p = gluon.Parameter('weight', shape=(2, 2), init='zeros')
p.initialize()
p.set_data(nd.ones((3, 2)))"""),
    ('parameter_set_data_deferred', """
p = gluon.Parameter('weight', shape=(2, 0), allow_deferred_init=True)
p.initialize()
p.set_data(nd.ones((2, 3)))
shape = p.shape
p._finish_deferred_init()
result = [shape, p.data()]"""),
    ('parameter_set_data_uninitialized', """
p = gluon.Parameter('weight', shape=(2, 2))
p.set_data(nd.ones((2, 2)))"""),
    ('parameter_zero_grad', """
p = gluon.Parameter('weight', shape=(2,), init='ones')
p.initialize()
with autograd.record():
    y = (p.data() * nd.array([3, 4])).sum()
y.backward()
g = p.grad().copy()
p.zero_grad()
result = [g, p.grad()]"""),
    ('parameter_cast', """
p = gluon.Parameter('weight', shape=(2,), init='ones')
p.initialize()
p.cast('float16')
q = gluon.Parameter('q', shape=(2,))
q.dtype = 'float64'
result = [p.data(), p.grad(), str(p.dtype), str(q.dtype), repr(p)]"""),
    ('constant_values', """
c = gluon.Constant('c', [[1, 2], [3, 4]])
c.initialize()
d = gluon.Constant('d', nd.array([1, 2], dtype='int32'))
d.initialize()
result = [c.data(), d.data(), c.shape, str(c.dtype), str(d.dtype)]"""),
    ('constant_grad_req', CATCH + """
    c = gluon.Constant('c', [1., 2.])
    c.grad_req = 'write'
result = [c.grad_req] + [str(w.message) for w in caught if 'Constant' in str(w.message)]"""),
    ('constant_in_hybrid_block', _in_names("""
class Test(gluon.HybridBlock):
    def __init__(self, **kwargs):
        super(Test, self).__init__(**kwargs)
        self.value = np.asarray([[1, 2], [3, 4]])
        self.const = self.params.get_constant('const', self.value)
    def hybrid_forward(self, F, x, const):
        return x + const
net = Test()
net.initialize()
x = nd.ones((2, 2))
x.attach_grad()
with autograd.record():
    y = net(x)
y.backward()
result = [y, x.grad, net.const.data(), list(net.collect_params().keys()), repr(net.collect_params())]""")),

    # ---- ParameterDict -------------------------------------------------------------------------------------
    ('parameterdict_get_merge_shape', """
d = gluon.ParameterDict('p_')
a = d.get('w', shape=(0, 3))
b = d.get('w', shape=(4, 0))
result = [a is b, a.shape]"""),
    ('parameterdict_get_mismatch', """
d = gluon.ParameterDict('p_')
d.get('w', shape=(2, 3))
d.get('w', shape=(4, 3))"""),
    ('parameterdict_get_mismatch_attr', """
d = gluon.ParameterDict('p_')
d.get('w', shape=(2, 3), lr_mult=1.0)
d.get('w', lr_mult=2.0)"""),
    ('parameterdict_get_sets_missing', """
d = gluon.ParameterDict('p_')
d.get('w', shape=(2, 3))
p = d.get('w', init='ones', dtype=np.float32)
result = [p.init, p.shape]"""),
    ('parameterdict_get_constant_missing', """
d = gluon.ParameterDict('p_')
d.get_constant('c')"""),
    ('parameterdict_get_constant_not_constant', """
d = gluon.ParameterDict('p_')
d.get('c', shape=(2,))
d.get_constant('c', [1, 2])"""),
    ('parameterdict_get_constant_other_value', """
d = gluon.ParameterDict('p_')
d.get_constant('c', [1, 2])
d.get_constant('c', [1, 3])"""),
    ('parameterdict_update_conflict', """
a = gluon.ParameterDict()
a.get('w', shape=(1,))
b = gluon.ParameterDict()
b.get('w', shape=(1,))
a.update(b)"""),
    ('parameterdict_shared', """
a = gluon.ParameterDict('a_')
w = a.get('w', shape=(1,))
b = gluon.ParameterDict('a_', shared=a)
result = [b.get('w') is w, list(b.keys()), b.get('v', shape=(2,)) is a._params.get('a_v')]"""),
    ('parameterdict_setattr_and_ctx', """
d = gluon.ParameterDict('p_')
d.get('w0', shape=(2, 2))
d.get('w1', shape=(2, 2))
d.initialize(ctx=mx.cpu(1))
d.setattr('grad_req', 'null')
g = [p._grad is None for p in d.values()]
d.setattr('lr_mult', 0.5)
d.reset_ctx([mx.cpu(4), mx.cpu(2)])
result = g + [p.lr_mult for p in d.values()] + [sorted(str(c) for c in d.list_ctx())]"""),
    ('parameterdict_zero_grad', """
d = gluon.ParameterDict('p_')
a = d.get('a', shape=(2,), init='ones')
b = d.get('b', shape=(2,), grad_req='null')
d.initialize()
a.grad()[:] = 5
d.zero_grad()
result = a.grad()"""),

    # ---- grad_req and training ------------------------------------------------------------------------------
    ('grad_req_add_accumulates', _in_names("""
net = gluon.nn.Dense(2, in_units=3, weight_initializer='ones')
net.initialize()
net.collect_params().setattr('grad_req', 'add')
x = nd.array([[1., 2., 3.]])
for _ in range(2):
    with autograd.record():
        y = net(x).sum()
    y.backward()
first = net.weight.grad().copy()
net.collect_params().zero_grad()
with autograd.record():
    y = net(x).sum()
y.backward()
result = [first, net.weight.grad(), net.bias.grad()]""")),
    ('grad_req_write_overwrites', _in_names("""
net = gluon.nn.Dense(2, in_units=3, weight_initializer='ones', activation='relu')
net.initialize()
x = nd.array([[1., -2., 3.]])
for _ in range(2):
    with autograd.record():
        y = (net(x) * nd.array([[1., 2.]])).sum()
    y.backward()
result = [y, net.weight.grad(), net.bias.grad()]""")),
    ('shared_dense_grad', _in_names("""
shared = gluon.nn.Dense(3, in_units=3, weight_initializer='ones')
net = gluon.nn.Sequential()
net.add(shared, gluon.nn.Dense(3, params=shared.params))
net.initialize()
x = nd.array([[1., 2., 3.]])
with autograd.record():
    y = net(x).sum()
y.backward()
result = [y, shared.weight.grad(), list(net.collect_params().keys())]""")),
    ('manual_sgd_steps', SEQ + """
y = nd.array([[1., 0., -1.], [0.5, 0.5, 0.5]])
params = list(net.collect_params().values())
for _ in range(3):
    with autograd.record():
        loss = ((net(x) - y) ** 2).sum()
    loss.backward()
    for p in params:
        p.data()[:] -= 0.1 * p.grad()
result = [loss, net(x)] + [p.data() for p in params]"""),
    ('block_cast', _in_names("""
net = gluon.nn.Dense(2, in_units=3, weight_initializer='ones')
net.initialize()
net.cast('float64')
out = net(nd.ones((1, 3), dtype='float64'))
result = [out, str(net.weight.dtype), str(net.weight.data().dtype), str(net.bias.grad().dtype)]""")),
    ('block_apply', _in_names("""
called = []
block = gluon.nn.HybridSequential(prefix='test_')
with block.name_scope():
    block.add(gluon.nn.Dense(10, activation='relu'))
    block.add(gluon.nn.Dense(2))
block.apply(lambda b: called.append(b.name))
result = called""")),
    ('block_hooks', _in_names("""
calls = []
block = gluon.nn.Dense(2, in_units=3)
block.initialize()
h = block.register_forward_hook(lambda b, x, y: calls.append(('post', b.name, len(x), y.shape)))
p = block.register_forward_pre_hook(lambda b, x: calls.append(('pre', b.name, x[0].shape)))
block(nd.ones((4, 3)))
h.detach()
block(nd.ones((5, 3)))
p.detach()
block(nd.ones((6, 3)))
result = calls""")),
    ('hybridize_with_hooks_warns', _in_names(CATCH + """
    block = gluon.nn.Dense(2, in_units=3)
    block.register_forward_pre_hook(lambda b, x: None)
    block.hybridize()
result = [str(w.message) for w in caught]""")),
    ('sequential_hybridize_warns', _in_names(CATCH + """
    net = gluon.nn.Sequential()
    net.add(gluon.nn.Dense(20))
    net.hybridize()
    empty = gluon.nn.Sequential()
    empty.hybridize()
result = [str(w.message) for w in caught]""")),
    ('summary', _in_names("""
import io, contextlib
net = gluon.nn.Sequential()
with net.name_scope():
    net.add(gluon.nn.Dense(4, activation='relu', in_units=3))
    net.add(gluon.nn.Dense(2, params=None))
    shared = gluon.nn.Dense(2, in_units=2)
    net.add(shared, gluon.nn.Dense(2, in_units=2, params=shared.params))
net.initialize()
net[0].bias.grad_req = 'null'
buf = io.StringIO()
with contextlib.redirect_stdout(buf):
    net.summary(nd.ones((5, 3)))
result = buf.getvalue()""")),
    ('summary_hybridized', _in_names("""
net = gluon.nn.HybridSequential()
net.add(gluon.nn.Dense(4, in_units=3))
net.initialize()
net.hybridize()
net.summary(nd.ones((5, 3)))""")),

    # ---- save and load ------------------------------------------------------------------------------------
    ('save_parameters_file', SEQ + """
net.save_parameters(tmpdir + '/seq.params')
loaded = nd.load(tmpdir + '/seq.params')
result = [sorted(loaded.keys()), net(x)]""", {'files': ('seq.params',)}),
    ('save_parameters_mlp_file', _in_names(MLP + """
net = MLP()
net.initialize()
for p in net.collect_params().values():
    p.set_data(nd.array(np.random.uniform(-1, 1, p.shape)))
net.save_parameters(tmpdir + '/mlp.params')
result = [sorted(nd.load(tmpdir + '/mlp.params').keys()),
          net(nd.array(np.arange(8).reshape(2, 4) / 8.0))]"""), {'files': ('mlp.params',)}),
    ('save_params_legacy_file', _in_names(CATCH + """
    net = gluon.nn.HybridSequential()
    with net.name_scope():
        net.add(gluon.nn.Dense(3, in_units=2, weight_initializer='ones'), gluon.nn.Dense(1, in_units=3))
    net.initialize(init.Constant(0.25))
    net.save_params(tmpdir + '/legacy.params')
    net.collect_params().save(tmpdir + '/dict.params')
result = [sorted(nd.load(tmpdir + '/legacy.params').keys()), sorted(nd.load(tmpdir + '/dict.params').keys()),
          [str(w.message) for w in caught]]"""), {'files': ('legacy.params', 'dict.params')}),
    ('save_params_strip_prefix_error', _in_names("""
a = gluon.nn.Dense(2, in_units=2)
b = gluon.nn.Dense(2, in_units=2, params=a.params)
net = gluon.nn.Sequential()
with net.name_scope():
    net.add(b)
net.initialize()
net.collect_params().save(tmpdir + '/x.params', strip_prefix='sequential0_')""")),
    ('load_parameters_roundtrip', SEQ + """
net.save_parameters(tmpdir + '/seq.params')
with mx.name.NameManager():
    net2 = gluon.nn.Sequential()
    net2.add(gluon.nn.Dense(5, activation='relu'), gluon.nn.Dense(3))
net2.load_parameters(tmpdir + '/seq.params')
result = [net2(x), net2[0].weight.shape, net2[0].weight.list_ctx(), repr(net2)]"""),
    ('load_parameters_legacy_names', _in_names("""
net = gluon.nn.HybridSequential()
with net.name_scope():
    net.add(gluon.nn.Dense(3, in_units=2), gluon.nn.Dense(1, in_units=3))
net.initialize(init.Constant(0.25))
net.save_params(tmpdir + '/legacy.params')
with mx.name.NameManager():
    net2 = gluon.nn.HybridSequential()
    with net2.name_scope():
        net2.add(gluon.nn.Dense(3), gluon.nn.Dense(1))
net2.load_parameters(tmpdir + '/legacy.params')
result = [net2(nd.ones((1, 2))), net2[1].weight.shape]""")),
    ('load_parameters_missing', SEQ + """
net.save_parameters(tmpdir + '/seq.params')
net3 = gluon.nn.Sequential()
net3.add(gluon.nn.Dense(5, activation='relu'), gluon.nn.Dense(3), gluon.nn.Dense(1))
net3.load_parameters(tmpdir + '/seq.params')"""),
    ('load_parameters_allow_missing', SEQ + """
net.save_parameters(tmpdir + '/seq.params')
net3 = gluon.nn.Sequential()
net3.add(gluon.nn.Dense(5, activation='relu'), gluon.nn.Dense(3), gluon.nn.Dense(1))
net3.load_parameters(tmpdir + '/seq.params', allow_missing=True)
result = [net3[1].weight.data(), net3[0].weight.shape, net3[2].weight.shape]"""),
    ('load_parameters_extra', SEQ + """
net.save_parameters(tmpdir + '/seq.params')
net3 = gluon.nn.Sequential()
net3.add(gluon.nn.Dense(5, activation='relu'))
net3.load_parameters(tmpdir + '/seq.params')"""),
    ('load_parameters_ignore_extra', SEQ + """
net.save_parameters(tmpdir + '/seq.params')
net3 = gluon.nn.Sequential()
net3.add(gluon.nn.Dense(5, activation='relu'))
net3.load_parameters(tmpdir + '/seq.params', ignore_extra=True)
result = net3[0].weight.data()"""),
    ('load_parameters_shape_mismatch', SEQ + """
net.save_parameters(tmpdir + '/seq.params')
with mx.name.NameManager():
    net3 = gluon.nn.Sequential()
    net3.add(gluon.nn.Dense(5, activation='relu'), gluon.nn.Dense(4))
net3.load_parameters(tmpdir + '/seq.params')"""),
    ('load_parameters_dtype_mismatch', SEQ + """
net.save_parameters(tmpdir + '/seq.params')
with mx.name.NameManager():
    net3 = gluon.nn.Sequential()
    net3.add(gluon.nn.Dense(5, activation='relu', dtype='float64'), gluon.nn.Dense(3, dtype='float64'))
net3.load_parameters(tmpdir + '/seq.params')"""),
    ('load_parameters_cast_dtype', SEQ + """
net.save_parameters(tmpdir + '/seq.params')
net3 = gluon.nn.Sequential()
net3.add(gluon.nn.Dense(5, activation='relu', dtype='float64'), gluon.nn.Dense(3, dtype='float64'))
net3.load_parameters(tmpdir + '/seq.params', cast_dtype=True)
a = str(net3[0].weight.data().dtype)
net3.load_parameters(tmpdir + '/seq.params', cast_dtype=True, dtype_source='saved')
result = [a, str(net3[0].weight.data().dtype), str(net3[0].weight.dtype), net3[1].bias.data()]"""),
    ('load_parameters_ctx', SEQ + """
net.save_parameters(tmpdir + '/seq.params')
net3 = gluon.nn.Sequential()
net3.add(gluon.nn.Dense(5, activation='relu'), gluon.nn.Dense(3))
net3.load_parameters(tmpdir + '/seq.params', ctx=[mx.cpu(1), mx.cpu(2)])
result = [net3[0].weight.list_ctx(), net3[1].weight.data(mx.cpu(2)), str(net3[1].weight.data(mx.cpu(2)).context)]"""),
    ('load_parameters_ctx_conflict', SEQ + """
net.save_parameters(tmpdir + '/seq.params')
net.load_parameters(tmpdir + '/seq.params', ctx=mx.cpu(1))"""),
    ('save_load_deduplicate', _in_names("""
class B(gluon.Block):
    def __init__(self, params=None):
        super(B, self).__init__(params=params)
        with self.name_scope():
            self.weight = self.params.get('weight', shape=(3, 2), init='ones')
class C(gluon.Block):
    def __init__(self, b1, b2):
        super(C, self).__init__()
        self.b1 = b1
        self.b2 = b2
b1 = B()
b2 = B(b1.collect_params())
c = C(b1, b2)
c.initialize()
c.save_parameters(tmpdir + '/dedup.params', deduplicate=True)
c.save_parameters(tmpdir + '/dup.params')
b3 = B()
c2 = C(b3, B(b3.collect_params()))
c2.load_parameters(tmpdir + '/dedup.params')
result = [sorted(nd.load(tmpdir + '/dedup.params').keys()), sorted(nd.load(tmpdir + '/dup.params').keys()),
          b3.weight.data()]"""), {'files': ('dedup.params', 'dup.params')}),
    ('parameterdict_save_load_cast', """
d = gluon.ParameterDict('')
d.get('w0', shape=(2, 2), dtype='float32')
d.get('w1', shape=(2, 2), dtype='int8')
d.initialize(init.One())
d.save(tmpdir + '/d.params')
e = gluon.ParameterDict('')
e.get('w0', shape=(2, 2), dtype='float16')
e.get('w1', shape=(2, 2), dtype='float64')
e.load(tmpdir + '/d.params', cast_dtype=True, dtype_source='current')
a = [str(e['w0'].data().dtype), str(e['w1'].data().dtype)]
e.load(tmpdir + '/d.params', cast_dtype=True, dtype_source='saved')
result = a + [str(e['w0'].data().dtype), str(e['w1'].data().dtype), e['w1'].data()]""", {'files': ('d.params',)}),
    ('parameterdict_load_missing', """
d = gluon.ParameterDict('net_')
d.get('w0', shape=(2, 2), init='ones')
d.initialize()
d.save(tmpdir + '/d.params')
e = gluon.ParameterDict('net_')
e.get('w0', shape=(2, 2))
e.get('w1', shape=(2, 2))
e.load(tmpdir + '/d.params')"""),
    ('parameterdict_load_extra', """
d = gluon.ParameterDict('net_')
d.get('w0', shape=(2, 2), init='ones')
d.get('w1', shape=(2, 2), init='ones')
d.initialize()
d.save(tmpdir + '/d.params')
e = gluon.ParameterDict('net_')
e.get('w0', shape=(2, 2))
e.load(tmpdir + '/d.params')"""),
    ('parameterdict_load_restore_prefix', """
d = gluon.ParameterDict('net_')
d.get('w0', shape=(2, 2), init='ones')
d.initialize()
d.save(tmpdir + '/d.params', strip_prefix='net_')
e = gluon.ParameterDict('other_')
e.get('w0', shape=(2, 0), allow_deferred_init=True)
e.load(tmpdir + '/d.params', restore_prefix='other_')
result = [sorted(nd.load(tmpdir + '/d.params').keys()), e['other_w0'].data(), e['other_w0'].shape]"""),
    ('parameterdict_load_bad_restore_prefix', """
e = gluon.ParameterDict('other_')
e.get('w0', shape=(2, 2))
e.load(tmpdir + '/nothing.params', restore_prefix='net_')"""),
    ('block_save_load_json', _in_names("""
net = gluon.nn.Sequential()
net.add(gluon.nn.Dense(3, in_units=2, weight_initializer='ones'), gluon.nn.Dense(1, in_units=3))
net.initialize()
net.save(tmpdir + '/model')
import json
result = [json.load(open(tmpdir + '/model-model.json')), sorted(nd.load(tmpdir + '/model-model.params').keys())]""")),
    ('parameter_var_attributes', """
p = gluon.Parameter('weight', shape=(10, 10), lr_mult=2.0)
q = gluon.Parameter('w2', shape=(0, 3), init=init.Xavier(), dtype='float16', wd_mult=0.5)
r = gluon.Parameter('w3', init='zeros')
result = [[v.name, repr(v), v.list_attr(), v.attr_dict(), v.list_arguments(), v.list_outputs(), v.attr('__shape__'),
           v.attr('nope')] for v in (p.var(), q.var(), r.var())] + [p.var() is p.var()]"""),
    ('constant_var_attributes', """
c = gluon.Constant('c', nd.array([[1, 2], [3, 4]]))
v = c.var()
result = [v.name, sorted(v.list_attr()), v.attr('__shape__'), v.attr('__dtype__')]"""),
]
