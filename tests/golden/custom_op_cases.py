"""mx.operator and nd.Custom: operators written in Python, as MXNet 1.9.1 runs them imperatively.

Each case registers its own operators under names of its own (registration is process-wide), calls them
with nd.Custom and answers values, gradients, what the user's methods were given (the property's keyword
arguments, the shapes, dtypes, context, flags and reqs) and errors."""

# x * x, its gradient 2 * x * dy; `seen` collects what the methods were given
SQUARE = """
seen = []
class Square(mx.operator.CustomOp):
    def forward(self, is_train, req, in_data, out_data, aux):
        seen.append(['forward', is_train, list(req), autograd.is_recording(), autograd.is_training()])
        self.assign(out_data[0], req[0], in_data[0] * in_data[0])
    def backward(self, req, out_grad, in_data, out_data, in_grad, aux):
        seen.append(['backward', list(req), autograd.is_recording(), autograd.is_training()])
        self.assign(in_grad[0], req[0], 2 * in_data[0] * out_grad[0])

@mx.operator.register('{name}')
class SquareProp(mx.operator.CustomOpProp):
    def __init__(self, **params):
        seen.append(['prop', params])
        super().__init__(need_top_grad=True)
    def infer_shape(self, in_shape):
        seen.append(['infer_shape', in_shape])
        return in_shape, [in_shape[0]], []
    def infer_type(self, in_type):
        seen.append(['infer_type', in_type])
        return in_type, [in_type[0]], []
    def create_operator(self, ctx, shapes, dtypes):
        seen.append(['create_operator', str(ctx), shapes, dtypes])
        return Square()
"""

# two arguments, two outputs: (a * b, a + 2 * b)
PAIR = """
class Pair(mx.operator.CustomOp):
    def forward(self, is_train, req, in_data, out_data, aux):
        a, b = in_data
        self.assign(out_data[0], req[0], a * b)
        self.assign(out_data[1], req[1], a + 2 * b)
    def backward(self, req, out_grad, in_data, out_data, in_grad, aux):
        reqs.append(list(req))
        a, b = in_data
        g_prod, g_sum = out_grad
        self.assign(in_grad[0], req[0], g_prod * b + g_sum)
        self.assign(in_grad[1], req[1], g_prod * a + 2 * g_sum)

reqs = []
@mx.operator.register('{name}')
class PairProp(mx.operator.CustomOpProp):
    def list_arguments(self):
        return ['a', 'b']
    def list_outputs(self):
        return ['product', 'total']
    def create_operator(self, ctx, shapes, dtypes):
        return Pair()
"""

# a running count and sum kept in two auxiliary states; the output is data * count
COUNTER = """
class Counter(mx.operator.CustomOp):
    def forward(self, is_train, req, in_data, out_data, aux):
        aux[0][:] += 1
        aux[1][:] += in_data[0]
        self.assign(out_data[0], req[0], in_data[0] * aux[0])
    def backward(self, req, out_grad, in_data, out_data, in_grad, aux):
        seen_aux.append([a.copy() for a in aux])
        self.assign(in_grad[0], req[0], out_grad[0] * aux[0])

seen_aux = []
@mx.operator.register('{name}')
class CounterProp(mx.operator.CustomOpProp):
    def list_auxiliary_states(self):
        return ['count', 'total']
    def infer_shape(self, in_shape):
        return in_shape, [in_shape[0]], [[1], in_shape[0]]
    def create_operator(self, ctx, shapes, dtypes):
        return Counter()
"""

# softmax of the scores with a cross-entropy gradient against integer labels, ignoring the head gradient
SOFTMAX_LOSS = """
class SoftmaxLoss(mx.operator.CustomOp):
    def forward(self, is_train, req, in_data, out_data, aux):
        e = nd.exp(in_data[0] - nd.max(in_data[0], axis=1, keepdims=True))
        self.assign(out_data[0], req[0], e / nd.sum(e, axis=1, keepdims=True))
    def backward(self, req, out_grad, in_data, out_data, in_grad, aux):
        onehot = nd.one_hot(in_data[1], out_data[0].shape[1])
        self.assign(in_grad[0], req[0], out_data[0] - onehot)
        self.assign(in_grad[1], req[1], nd.zeros_like(in_data[1]))

@mx.operator.register('{name}')
class SoftmaxLossProp(mx.operator.CustomOpProp):
    def __init__(self):
        super().__init__(need_top_grad=False)
    def list_arguments(self):
        return ['data', 'label']
    def infer_shape(self, in_shape):
        return in_shape, [in_shape[0]], []
    def create_operator(self, ctx, shapes, dtypes):
        return SoftmaxLoss()
"""

# ones of the shape the parameters say, with no input at all
FILLED = """
class Filled(mx.operator.CustomOp):
    def __init__(self, rows, cols):
        super().__init__()
        self.value = np.arange(rows * cols, dtype=np.float32).reshape(rows, cols)
    def forward(self, is_train, req, in_data, out_data, aux):
        self.assign(out_data[0], req[0], self.value)

@mx.operator.register('{name}')
class FilledProp(mx.operator.CustomOpProp):
    def __init__(self, rows, cols):
        super().__init__()
        self.rows, self.cols = int(rows), int(cols)
    def list_arguments(self):
        return []
    def infer_shape(self, in_shape):
        return [], [(self.rows, self.cols)], []
    def infer_type(self, in_type):
        return [], [np.float32], []
    def create_operator(self, ctx, shapes, dtypes):
        return Filled(self.rows, self.cols)
"""

# doubles its input; the property's methods are replaced per case to misbehave
DOUBLE = """
class Double(mx.operator.CustomOp):
    def forward(self, is_train, req, in_data, out_data, aux):
        self.assign(out_data[0], req[0], in_data[0] * 2)
    def backward(self, req, out_grad, in_data, out_data, in_grad, aux):
        self.assign(in_grad[0], req[0], out_grad[0] * 2)

class DoubleProp(mx.operator.CustomOpProp):
    def create_operator(self, ctx, shapes, dtypes):
        return Double()

def double_op(name, **methods):
    mx.operator.register(name)(type(name, (DoubleProp,), methods))
"""


def op(template, name, code):
    return template.replace('{name}', name) + code


X = 'x = nd.array([[1, -2, 3], [0.5, 4, -1]])\n'

CASES = [
    # ---- forward, backward, what the methods see ---------------------------------------------------------
    ('square_forward', op(SQUARE, 'g_sq1', X + "result = nd.Custom(x, op_type='g_sq1')")),
    ('square_forward_calls', op(SQUARE, 'g_sq2', X + "nd.Custom(x, op_type='g_sq2').wait_to_read()\n"
                                                 "result = seen")),
    ('square_params_are_strings', op(SQUARE, 'g_sq3', X + """
nd.Custom(x, op_type='g_sq3', flag=True, count=3, scale=0.5, pair=(1, 2), items=[1, 2], nothing=None,
          word='w', half=np.float32(1.5), kind=np.float32, name='named').wait_to_read()
result = seen[0]""")),
    ('square_backward', op(SQUARE, 'g_sq4', X + """
x.attach_grad()
with autograd.record():
    y = nd.Custom(x, op_type='g_sq4')
y.backward(nd.array([[1, 2, 3], [4, 5, 6]]))
nd.waitall()  # MXNet runs custom operators on a worker thread
result = [y, x.grad, seen[-3:]]""")),
    ('square_float64', op(SQUARE, 'g_sq5', """
x = nd.array([[1, -2], [3, 0.25]], dtype='float64')
x.attach_grad()
with autograd.record():
    y = nd.Custom(x, op_type='g_sq5')
y.backward()
result = [y, x.grad, seen[1], seen[2]]""")),
    ('square_in_a_chain', op(SQUARE, 'g_sq6', X + """
x.attach_grad()
with autograd.record():
    y = (nd.Custom(nd.Custom(x * 0.5, op_type='g_sq6'), op_type='g_sq6') + x).sum()
y.backward()
result = [y, x.grad]""")),
    ('square_flags', op(SQUARE, 'g_sq7', X + """
nd.Custom(x, op_type='g_sq7').wait_to_read()
with autograd.train_mode():
    nd.Custom(x, op_type='g_sq7').wait_to_read()
x.attach_grad()
with autograd.record(train_mode=False):
    y = nd.Custom(x, op_type='g_sq7')
y.backward(train_mode=False)
with autograd.record():
    y = nd.Custom(x, op_type='g_sq7')
y.backward()
nd.waitall()
# (MXNet's worker thread may run a backward after a later forward: each kind in its own order)
result = [[s for s in seen if s[0] == 'forward'], [s for s in seen if s[0] == 'backward']]""")),
    ('square_grad_req_add', op(SQUARE, 'g_sq8', X + """
x.attach_grad(grad_req='add')
for _ in range(2):
    with autograd.record():
        y = nd.Custom(x, op_type='g_sq8') * 3
    y.backward()
result = x.grad""")),
    ('square_autograd_grad', op(SQUARE, 'g_sq9', X + """
x.attach_grad()
with autograd.record():
    y = nd.Custom(x, op_type='g_sq9')
result = autograd.grad(y, [x], head_grads=nd.ones_like(x) * 2)""")),
    ('square_out', op(SQUARE, 'g_sq10', X + """
o = nd.zeros((2, 3))
r = nd.Custom(x, op_type='g_sq10', out=o)
result = [r is o, o]""")),
    ('square_int32', op(SQUARE, 'g_sq11', """
x = nd.array([[1, -2], [3, 4]], dtype='int32')
result = [nd.Custom(x, op_type='g_sq11'), seen[1], seen[2]]""")),
    ('square_no_variable_while_recording', op(SQUARE, 'g_sq12', X + """
with autograd.record():
    y = nd.Custom(x, op_type='g_sq12')
nd.waitall()
result = [y, seen[-1]]""")),
    # ---- several arguments and outputs ------------------------------------------------------------------
    ('pair_forward', op(PAIR, 'g_pair1', X + "result = nd.Custom(x, x * 2, op_type='g_pair1')")),
    ('pair_backward_both', op(PAIR, 'g_pair2', X + """
b = nd.array([[2, 1, 0], [-1, 3, 0.5]])
x.attach_grad(); b.attach_grad()
with autograd.record():
    p, s = nd.Custom(x, b, op_type='g_pair2')
autograd.backward([p, s], [nd.ones_like(p), nd.ones_like(s) * 10])
nd.waitall()
result = [p, s, x.grad, b.grad, reqs]""")),
    ('pair_backward_one_output', op(PAIR, 'g_pair3', X + """
b = nd.array([[2, 1, 0], [-1, 3, 0.5]])
x.attach_grad(); b.attach_grad()
with autograd.record():
    p, s = nd.Custom(x, b, op_type='g_pair3')
p.backward()
result = [x.grad, b.grad]""")),
    ('pair_null_req', op(PAIR, 'g_pair4', X + """
b = nd.array([[2, 1, 0], [-1, 3, 0.5]])
x.attach_grad()
with autograd.record():
    p, s = nd.Custom(x, b, op_type='g_pair4')
    z = (p + s).sum()
z.backward()
nd.waitall()
result = [x.grad, reqs]""")),
    # ---- auxiliary states ---------------------------------------------------------------------------------
    ('counter_updates_aux', op(COUNTER, 'g_cnt1', X + """
count, total = nd.zeros((1,)), nd.zeros((2, 3))
first = nd.Custom(x, count, total, op_type='g_cnt1')
second = nd.Custom(x, count, total, op_type='g_cnt1')
result = [first, second, count, total]""")),
    ('counter_backward', op(COUNTER, 'g_cnt2', X + """
count, total = nd.ones((1,)), nd.zeros((2, 3))
x.attach_grad()
with autograd.record():
    y = nd.Custom(x, count, total, op_type='g_cnt2')
y.backward(nd.array([[1, 1, 2], [2, 1, 1]]))
nd.waitall()
result = [y, x.grad, count, total, seen_aux]""")),
    # ---- a loss: need_top_grad=False ---------------------------------------------------------------------
    ('softmax_loss', op(SOFTMAX_LOSS, 'g_sml1', X + """
label = nd.array([2, 0])
x.attach_grad()
with autograd.record():
    p = nd.Custom(x, label, op_type='g_sml1')
p.backward()
result = [p, x.grad]""")),
    ('softmax_loss_head_gradient_ignored', op(SOFTMAX_LOSS, 'g_sml2', X + """
label = nd.array([1, 1])
x.attach_grad()
with autograd.record():
    p = nd.Custom(x, label, op_type='g_sml2')
p.backward(nd.ones_like(p) * 7)
result = x.grad""")),
    ('need_top_grad_dependencies', """
result = [mx.operator.CustomOpProp(need_top_grad=False).declare_backward_dependency([0, 1], [2], [3, 4]),
          mx.operator.CustomOpProp().declare_backward_dependency([0], [1, 2], [3]),
          mx.operator.CustomOpProp().need_top_grad_, mx.operator.CustomOpProp(False).need_top_grad_]"""),
    # ---- no inputs --------------------------------------------------------------------------------------------
    ('no_inputs', op(FILLED, 'g_fill1', """
with autograd.record():
    y = nd.Custom(rows=2, cols=3, op_type='g_fill1')
result = y""")),
    # ---- the base classes' defaults --------------------------------------------------------------------------
    ('default_prop', """
p = mx.operator.CustomOpProp()
result = [p.list_arguments(), p.list_outputs(), p.list_auxiliary_states(), p.infer_shape([[2, 3]]),
          p.infer_type([np.float64]), p.infer_storage_type(['default']),
          p.infer_storage_type_backward(['default'], ['default'], ['default'], ['undefined'], []),
          type(p.create_operator(mx.cpu(), [[2]], [0])).__name__]"""),
    ('default_prop_sparse_storage', "mx.operator.CustomOpProp().infer_storage_type(['csr'])"),
    ('default_prop_sparse_backward_storage',
     "mx.operator.CustomOpProp().infer_storage_type_backward(['row_sparse'], ['default'], ['default'], "
     "['default'], [])"),
    ('default_custom_op_registered', """
x = nd.array([1, 2])
y = nd.Custom(x, op_type='custom_op')
result = y.shape"""),
    ('assign', """
op = mx.operator.CustomOp()
d = nd.ones((2,))
result = []
for req, src in (('add', nd.array([1, 2])), ('inplace', nd.array([7, 8])), ('null', nd.array([0, 0])),
                 ('unknown', nd.array([0, 0])), ('write', 3), ('write', np.array([5, 6]))):
    op.assign(d, req, src)
    result.append(d.copy())"""),
    ('custom_op_methods_do_nothing', """
op = mx.operator.CustomOp()
result = [op.forward(True, ['write'], [], [], []), op.backward(['write'], [], [], [], [], [])]"""),
    # ---- registration ------------------------------------------------------------------------------------
    ('register_again_replaces', op(DOUBLE, 'g_dbl1', X + """
double_op('g_dbl_again')
first = nd.Custom(x, op_type='g_dbl_again')
double_op('g_dbl_again', infer_shape=lambda self, s: (s, [s[0]], []),
          create_operator=lambda self, ctx, s, d: Triple())
class Triple(Double):
    def forward(self, is_train, req, in_data, out_data, aux):
        self.assign(out_data[0], req[0], in_data[0] * 3)
result = [first, nd.Custom(x, op_type='g_dbl_again')]""")),
    ('register_returns_the_class', """
class P(mx.operator.CustomOpProp):
    pass
result = mx.operator.register('g_returns')(P) is P"""),
    ('operator_names', """
names = mx.operator.get_all_registered_operators()
result = [n in names for n in ('Custom', 'FullyConnected', 'Convolution', 'softmax', 'broadcast_add',
                                 '_linalg_gemm2', '_contrib_boolean_mask', '_slice_assign', 'no_such_op')]"""),
    ('operator_arguments', """
result = [mx.operator.get_operator_arguments(n)[:2] for n in ('Custom', 'FullyConnected', 'Dropout')]"""),
    ('operator_arguments_unknown', "mx.operator.get_operator_arguments('no_such_op')"),
    # ---- Gluon ---------------------------------------------------------------------------------------------------
    ('hybrid_block_with_custom', op(SQUARE, 'g_sq_block', """
class Net(gluon.HybridBlock):
    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        with self.name_scope():
            self.dense = gluon.nn.Dense(2)
    def hybrid_forward(self, F, x):
        return F.Custom(self.dense(x), op_type='g_sq_block').sum(axis=1)

net = Net()
net.initialize(mx.init.Constant(0.25))
x = nd.array([[1, 2, 3], [-1, 0, 2]])
with autograd.record():
    y = net(x)
y.backward()
result = [y, net.dense.weight.grad(), net.dense.bias.grad()]""")),
    # ---- errors -------------------------------------------------------------------------------------------------
    ('unknown_op_type', X + "nd.Custom(x, op_type='g_no_such_operator')"),
    ('missing_op_type', X + "nd.Custom(x)"),
    ('empty_op_type', X + "nd.Custom(x, op_type='')"),
    ('too_few_inputs', op(COUNTER, 'g_cnt3', X + "nd.Custom(x, nd.zeros((1,)), op_type='g_cnt3')")),
    ('too_many_inputs', op(SQUARE, 'g_sq13', X + "nd.Custom(x, x, op_type='g_sq13')")),
    ('no_inputs_given', op(SQUARE, 'g_sq14', "nd.Custom(op_type='g_sq14')")),
    ('aux_shape_differs', op(COUNTER, 'g_cnt4', X + "nd.Custom(x, nd.zeros((2,)), nd.zeros((2, 3)), "
                                                 "op_type='g_cnt4')")),
    ('aux_dtype_differs', op(COUNTER, 'g_cnt5', X + "nd.Custom(x, nd.zeros((1,), dtype='float64'), "
                                                 "nd.zeros((2, 3)), op_type='g_cnt5')")),
    ('aux_error_leaves_aux', op(COUNTER, 'g_cnt6', X + """
count, total = nd.zeros((1,)), nd.zeros((2, 3))
try:
    nd.Custom(x, count, nd.zeros((2,)), op_type='g_cnt6')
except mx.MXNetError:
    pass
result = [count, total]""")),
    ('positional_not_an_array', op(SQUARE, 'g_sq15', "nd.Custom(3, op_type='g_sq15')")),
    ('infer_shape_changes_an_input', op(DOUBLE, 'g_dbl2', X + """
double_op('g_bad_in', infer_shape=lambda self, s: ([[3, 2]], [[3, 2]], []))
nd.Custom(x, op_type='g_bad_in')""")),
    ('infer_shape_one_list', op(DOUBLE, 'g_dbl3', X + """
double_op('g_one_list', infer_shape=lambda self, s: (s,))
nd.Custom(x, op_type='g_one_list')""")),
    ('infer_shape_two_lists', op(DOUBLE, 'g_dbl4', X + """
double_op('g_two_lists', infer_shape=lambda self, s: (s, [s[0]]))
result = nd.Custom(x, op_type='g_two_lists')""")),
    ('infer_shape_tuples', op(DOUBLE, 'g_dbl5', X + """
double_op('g_tuples', infer_shape=lambda self, s: (tuple(map(tuple, s)), (tuple(s[0]),), ()))
result = nd.Custom(x, op_type='g_tuples')""")),
    ('infer_shape_too_many_outputs', op(DOUBLE, 'g_dbl6', X + """
double_op('g_many', infer_shape=lambda self, s: (s, [s[0], s[0]], []))
nd.Custom(x, op_type='g_many')""")),
    ('infer_shape_raises', op(DOUBLE, 'g_dbl7', X + """
double_op('g_shape_raises', infer_shape=lambda self, s: 1 / 0)
nd.Custom(x, op_type='g_shape_raises')""")),
    ('infer_type_float64_output', op(DOUBLE, 'g_dbl8', X + """
double_op('g_f64', infer_type=lambda self, t: (t, [np.float64], []))
result = nd.Custom(x, op_type='g_f64')""")),
    ('infer_type_int_output', op(DOUBLE, 'g_dbl9', X + """
double_op('g_int_out', infer_type=lambda self, t: (t, [np.int32], []))
result = nd.Custom(x, op_type='g_int_out')""")),
    ('output_shape_wrong_for_forward', op(DOUBLE, 'g_dbl10', X + """
double_op('g_wrong_out', infer_shape=lambda self, s: (s, [[4]], []))
nd.Custom(x, op_type='g_wrong_out').wait_to_read()""")),
    ('create_operator_raises', op(DOUBLE, 'g_dbl11', X + """
def fail(self, ctx, shapes, dtypes):
    raise ValueError('no operator')
double_op('g_create_raises', create_operator=fail)
nd.Custom(x, op_type='g_create_raises')""")),
    ('forward_raises', op(DOUBLE, 'g_dbl12', X + """
class Broken(Double):
    def forward(self, is_train, req, in_data, out_data, aux):
        raise ValueError('broken forward')
double_op('g_fwd_raises', create_operator=lambda self, ctx, s, d: Broken())
nd.Custom(x, op_type='g_fwd_raises').wait_to_read()""")),
    ('backward_raises', op(DOUBLE, 'g_dbl13', X + """
class BrokenBack(Double):
    def backward(self, req, out_grad, in_data, out_data, in_grad, aux):
        raise ValueError('broken backward')
double_op('g_bwd_raises', create_operator=lambda self, ctx, s, d: BrokenBack())
x.attach_grad()
with autograd.record():
    y = nd.Custom(x, op_type='g_bwd_raises')
y.backward()
x.grad.wait_to_read()""")),
    ('after_an_error_operators_still_run', op(DOUBLE, 'g_dbl14', X + """
double_op('g_dbl14')
double_op('g_shape_raises2', infer_shape=lambda self, s: 1 / 0)
try:
    nd.Custom(x, op_type='g_shape_raises2')
except mx.MXNetError:
    pass
result = [nd.Custom(x, op_type='g_dbl14'), nd.Custom(x, op_type='custom_op').shape]""")),
]
