"""Sparse storage in graphs (issue 15): the storage types of executor outputs for csr/row_sparse
arguments (MXNet's storage-type inference, dense fallback included), their values, gradients written
into sparse gradient arrays, simple_bind's argument and gradient storage types, sym.var(stype=) in the
JSON, and the nd operators made sparse-aware with them (quadratic, slice with int bounds, _square_sum).
Generated with: ~/.cache/mxtorch-ref/venv/bin/python tools/make_golden.py sparse_symbol"""

P = '''
S = mx.sym
x, y = S.var('x'), S.var('y')
base = nd.array([[0, 1, 0], [2, 0, 3], [0, 0, 0], [0, 4, 5]])
other = nd.array([[1, 0, 0], [0, 0, 0], [0, 6, 0], [0, 1, 2]])
def arr(stype, a=None):
    a = base if a is None else a
    return a if stype == 'default' else a.tostype(stype)
def run(sym, *stypes):
    args = dict(zip(['x', 'y'], [arr(stypes[0]), arr(stypes[1], other) if len(stypes) > 1 else None]))
    exe = sym.bind(mx.cpu(), args={k: v for k, v in args.items() if k in sym.list_arguments()})
    exe.forward()
    out = exe.outputs[0]
    return (out.stype, out.tostype('default'))
ST = ('default', 'csr', 'row_sparse')
def unary(sym):
    return [run(sym, s) for s in ST]
def binary(sym):
    return [run(sym, a, b) for a in ST for b in ST]
'''


def _c(name, expr, **options):
    return (name, P + 'result = ' + expr, options)


def _s(name, code, **options):
    return (name, P + code, options)


CASES = [
    # ---- forward storage types of unary, scalar and binary operators ----
    _c('negative', 'unary(S.sparse.negative(x))'),
    _c('square', 'unary(S.sparse.square(x))'),
    _c('sqrt', 'unary(S.sparse.sqrt(x))'),
    _c('abs', 'unary(S.sparse.abs(x))'),
    _c('sin', 'unary(S.sin(x))'),
    _c('tanh', 'unary(S.tanh(x))'),
    _c('relu', 'unary(S.relu(x))'),
    _c('exp_dense', 'unary(S.sparse.exp(x))'),
    _c('cos_dense', 'unary(S.cos(x))'),
    _c('sigmoid_dense', 'unary(S.sigmoid(x))'),
    _c('mul_scalar', 'unary(x * 2)'),
    _c('div_scalar', 'unary(x / 2)'),
    _c('plus_scalar', 'unary(x + 5)'),
    _c('plus_scalar_zero', 'unary(x + 0)'),
    _c('rminus_scalar_zero', 'unary(0 - x)'),
    _c('greater_scalar', 'unary(x > 1)'),
    _c('equal_scalar_zero', 'unary(x == 0)'),
    _c('not_equal_scalar_zero', 'unary(x != 0)'),
    _c('pow_scalar', 'unary(x ** 2)'),
    _c('zeros_like', 'unary(S.zeros_like(x))'),
    _c('ones_like', 'unary(S.ones_like(x))'),
    _c('clip', 'unary(S.sparse.clip(x, -1, 4))'),
    _c('block_grad', 'unary(S.BlockGrad(x))'),
    _c('make_loss', 'unary(S.sparse.make_loss(x))'),
    _c('sum_axis1', 'unary(S.sparse.sum(x, axis=1))'),
    _c('reshape_dense', 'unary(S.reshape(x, shape=(3, 4)))'),
    _c('cast_storage_csr', "run(S.cast_storage(x, stype='csr'), 'default')"),
    _c('cast_storage_rsp', "run(S.cast_storage(x, stype='row_sparse'), 'default')"),
    _c('cast_storage_dense', "run(S.cast_storage(x, stype='default'), 'csr')"),
    _c('slice_csr', 'unary(S.sparse.slice(x, begin=(1, 0), end=(3, 2)))'),
    _c('quadratic_c0', 'unary(S.contrib.quadratic(x, a=1, b=2, c=0))'),
    _c('quadratic_c1', 'unary(S.contrib.quadratic(x, a=1, b=2, c=1))'),
    _c('elemwise_add', 'binary(S.sparse.elemwise_add(x, y))'),
    _c('elemwise_sub', 'binary(S.sparse.elemwise_sub(x, y))'),
    _c('elemwise_mul', 'binary(S.sparse.elemwise_mul(x, y))'),
    _c('plus_operator', 'binary(x + y)'),
    _c('add_n', 'binary(S.sparse.add_n(x, y))'),
    _c('concat_dim0', 'binary(S.sparse.concat(x, y, dim=0))'),
    _c('broadcast_mul', "[run(S.sparse.broadcast_mul(x, y), 'csr', 'default'), "
                        "run(S.sparse.broadcast_mul(x, y), 'row_sparse', 'default')]"),
    _s('dot_stypes', '''
sq = nd.array([[0, 1, 0], [2, 0, 3], [0, 0, 1]])
result = []
for ta in (False, True):
    for a in ST:
        for b in ST:
            exe = S.dot(x, y, transpose_a=ta).bind(mx.cpu(), {'x': arr(a, sq), 'y': arr(b, sq)})
            exe.forward()
            result.append((ta, a, b, exe.outputs[0].stype, exe.outputs[0].tostype('default')))
'''),
    _s('dot_forward_stype', '''
sq = nd.array([[0, 1, 0], [2, 0, 3], [0, 0, 1]])
exe = S.dot(x, y, forward_stype='row_sparse').bind(mx.cpu(), {'x': sq, 'y': sq})
exe.forward()
result = (exe.outputs[0].stype, exe.outputs[0].tostype('default'))
'''),
    _s('retain_rsp', '''
exe = S.sparse.retain(x, y).bind(mx.cpu(), {'x': base.tostype('row_sparse'), 'y': nd.array([1, 3])})
exe.forward()
result = (exe.outputs[0].stype, exe.outputs[0].tostype('default'))
'''),
    _s('square_sum', '''
r = base.tostype('row_sparse')
result = []
for axis, keep in ((1, True), (1, False), (0, False)):
    exe = S._internal._square_sum(x, axis=axis, keepdims=keep).bind(mx.cpu(), {'x': r})
    exe.forward()
    result.append((exe.outputs[0].stype, exe.outputs[0].tostype('default')))
'''),
    # stored rows without zeros: mxtorch's kernels see dense values and take a sparse input's nonzero
    # elements as its stored ones (a stored zero of MXNet's would get the scalar added)
    _s('scatter_plus_scalar_rsp', '''
full_rows = nd.array([[1, 2, 3], [0, 0, 0], [4, 5, 6], [0, 0, 0]]).tostype('row_sparse')
exe = S._internal._scatter_plus_scalar(x, scalar=1.5).bind(mx.cpu(), {'x': full_rows})
exe.forward()
out = exe.outputs[0]
result = (out.stype, out.indices, out.tostype('default'))
'''),
    _s('scatter_elemwise_div_rsp', '''
exe = S._internal._scatter_elemwise_div(x, y).bind(mx.cpu(), {'x': base.tostype('row_sparse'),
                                                              'y': nd.array(np.full((4, 3), 2.0))})
exe.forward()
out = exe.outputs[0]
result = (out.stype, out.indices, out.tostype('default'))
'''),
    # ---- gradients into sparse gradient arrays ----
    _s('backward_rsp_grads', '''
gx, gy = nd.sparse.zeros('row_sparse', (4, 3)), nd.zeros((4, 3))
exe = S.sparse.elemwise_add(x, y).bind(mx.cpu(), {'x': arr('row_sparse'), 'y': arr('row_sparse', other)},
                                       args_grad={'x': gx, 'y': gy})
exe.forward(is_train=True)
exe.backward(nd.array(np.arange(12).reshape(4, 3)))
result = (gx.stype, gx.tostype('default'), gy.stype, gy)
'''),
    _s('backward_csr_grad_of_square', '''
g = nd.sparse.zeros('csr', (4, 3))
exe = S.sparse.square(x).bind(mx.cpu(), {'x': arr('csr')}, args_grad={'x': g})
exe.forward(is_train=True)
exe.backward(nd.ones((4, 3)).tostype('csr'))
result = (exe.outputs[0].stype, g.stype, g.tostype('default'))
'''),
    _s('backward_add_req', '''
g = nd.sparse.row_sparse_array((nd.ones((1, 3)), nd.array([0])), shape=(4, 3))
exe = (x * 3).bind(mx.cpu(), {'x': arr('row_sparse')}, args_grad={'x': g}, grad_req='add')
exe.forward(is_train=True)
exe.backward(nd.ones((4, 3)).tostype('row_sparse'))
result = (g.stype, g.tostype('default'))
'''),
    # ---- simple_bind storage types ----
    _s('simple_bind_embedding_sparse_grad', '''
d, w = S.var('data'), S.var('w')
exe = S.Embedding(data=d, weight=w, input_dim=5, output_dim=2, sparse_grad=True).simple_bind(mx.cpu(), data=(3,))
result = ([g.stype for g in exe.grad_arrays], [a.stype for a in exe.arg_arrays])
'''),
    _s('simple_bind_sparse_embedding', '''
d, w = S.var('data'), S.var('w')
exe = S.contrib.SparseEmbedding(data=d, weight=w, input_dim=5, output_dim=2, deterministic=True).simple_bind(
    mx.cpu(), data=(3,))
result = ([g.stype for g in exe.grad_arrays], [a.stype for a in exe.arg_arrays])
'''),
    _s('simple_bind_rsp_weight', '''
d, w = S.var('data'), S.var('w', stype='row_sparse')
exe = S.Embedding(data=d, weight=w, input_dim=5, output_dim=2).simple_bind(mx.cpu(), data=(3,))
result = ([g.stype for g in exe.grad_arrays], [a.stype for a in exe.arg_arrays])
'''),
    _s('simple_bind_csr_scaled', '''
v = S.var('v', stype='csr')
exe = (v * 2).simple_bind(mx.cpu(), v=(3, 3))
result = ([g.stype for g in exe.grad_arrays], [a.stype for a in exe.arg_arrays], exe.outputs[0].stype)
'''),
    _s('simple_bind_stype_dict', '''
exe = S.sparse.sqrt(x).simple_bind(mx.cpu(), x=(3, 3), stype_dict={'x': 'row_sparse'})
result = ([g.stype for g in exe.grad_arrays], [a.stype for a in exe.arg_arrays], exe.outputs[0].stype)
'''),
    _s('simple_bind_rsp_add', '''
v = S.var('v', stype='row_sparse')
exe = S.sparse.elemwise_add(v, v).simple_bind(mx.cpu(), v=(3, 3))
result = ([g.stype for g in exe.grad_arrays], [a.stype for a in exe.arg_arrays], exe.outputs[0].stype)
'''),
    _s('simple_bind_csr_dot', '''
v = S.var('v', stype='csr')
exe = S.dot(v, S.var('z'), transpose_a=True).simple_bind(mx.cpu(), v=(3, 3), z=(3, 3))
result = ([g.stype for g in exe.grad_arrays], [a.stype for a in exe.arg_arrays], exe.outputs[0].stype)
'''),
    _c('var_stype_attr', "[S.var('a', stype=s).attr('__storage_type__') for s in ST]"),
    _c('sparse_embedding_json', "S.contrib.SparseEmbedding(data=x, weight=y, input_dim=5, output_dim=2, "
                                "deterministic=True).tojson()"),
    # ---- nd operators that go with them ----
    _c('nd_quadratic_csr_c0', "(lambda r: (r.stype, r.tostype('default')))("
                              "nd.contrib.quadratic(arr('csr'), a=1, b=2, c=0))"),
    _c('nd_quadratic_csr_c1', "(lambda r: (r.stype, r))(nd.contrib.quadratic(arr('csr'), a=1, b=2, c=1))"),
    _c('nd_crop_int_bounds', 'nd.crop(base, begin=1, end=3)'),
    _c('nd_slice_int_step', 'nd.slice(base, begin=0, end=4, step=2)'),
    _c('nd_crop_csr_int_bounds', "nd.crop(arr('csr'), begin=1, end=3).tostype('default')"),
    _c('nd_square_sum_rsp', "[(lambda r: (r.stype, r.tostype('default')))(nd._internal._square_sum("
                            "arr('row_sparse'), axis=a, keepdims=k)) for a, k in ((1, True), (0, False))]"),
]
