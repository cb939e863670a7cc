"""Sparse storage (csr, row_sparse): creation, conversion, parts, operators' output storage types, and the
file format (issue 15). Generated with: ~/.cache/mxtorch-ref/venv/bin/python tools/make_golden.py sparse

A sparse answer is described by `parts(x)`: its class, storage type, dense values and stored parts
(MXNet's csr results of csr (op) csr keep unused storage past indptr[-1], so there only indptr and the
dense values are compared)."""

P = '''
A = nd.array([[0, 1, 0], [2, 0, 3], [0, 0, 0]])
B = nd.array([[0, 1, 5], [0, 0, 0], [0, 0, 4]])
C, R = A.tostype('csr'), A.tostype('row_sparse')
C2, R2 = B.tostype('csr'), B.tostype('row_sparse')
def parts(x, data=True):
    out = {'class': type(x).__name__, 'stype': x.stype, 'dense': x.tostype('default')}
    if x.stype == 'csr':
        out['indptr'] = x.indptr
        if data:
            out['data'], out['indices'] = x.data, x.indices
    elif x.stype == 'row_sparse':
        out['data'], out['indices'] = x.data, x.indices
    return out
'''


def _c(name, expr, **options):
    return (name, P + 'result = ' + expr, options)


def _s(name, code, **options):
    return (name, P + code, options)


CASES = [
    # ---- creation and conversion ----
    _c('csr_from_dense', 'parts(C)'),
    _c('rsp_from_dense', 'parts(R)'),
    _c('csr_repr', 'C', repr=True),
    _c('rsp_repr', 'R', repr=True),
    _c('csr_list_repr', 'repr([C, R])'),
    _c('csr_str', 'str(C)'),
    _c('csr_matrix_parts', "parts(nd.sparse.csr_matrix(([1.5, 2, 3], [0, 2, 1], [0, 2, 2, 3]), shape=(3, 4)))"),
    _c('csr_matrix_no_shape', "parts(nd.sparse.csr_matrix(([1., 2, 3], [0, 2, 1], [0, 2, 2, 3])))"),
    _c('csr_matrix_coo', "parts(nd.sparse.csr_matrix(([1., 2, 3], ([0, 2, 2], [1, 0, 3])), shape=(3, 4)))"),
    _c('csr_matrix_shape_tuple', "parts(nd.sparse.csr_matrix((2, 3)))"),
    _c('csr_matrix_dtype', "parts(nd.sparse.csr_matrix(([1, 2], [0, 1], [0, 1, 2]), shape=(2, 2), dtype='int32'))"),
    _c('csr_matrix_numpy_dtype', "parts(nd.sparse.csr_matrix((np.array([1., 2]), [0, 1], [0, 1, 2]), "
                                 "shape=(2, 2)))"),
    _c('csr_matrix_from_numpy', "parts(nd.sparse.csr_matrix(np.array([[0., 2], [3, 0]])))"),
    _c('csr_matrix_from_nd', "parts(nd.sparse.csr_matrix(A))"),
    _c('csr_matrix_from_csr', "parts(nd.sparse.csr_matrix(C, dtype='float64'))"),
    _c('rsp_array_parts', "parts(nd.sparse.row_sparse_array(([[1., 2], [3, 4]], [1, 3]), shape=(5, 2)))"),
    _c('rsp_array_no_shape', "parts(nd.sparse.row_sparse_array(([[1., 2], [3, 4]], [1, 3])))"),
    _c('rsp_array_3d', "parts(nd.sparse.row_sparse_array((np.ones((1, 2, 2)), [2]), shape=(3, 2, 2)))"),
    _c('rsp_array_shape_tuple', "parts(nd.sparse.row_sparse_array((4, 2)))"),
    _c('rsp_array_from_numpy', "parts(nd.sparse.row_sparse_array(np.array([[0., 0], [1, 2], [0, 0]])))"),
    _c('rsp_array_int', "parts(nd.sparse.row_sparse_array(([[1, 2]], [0]), shape=(2, 2), dtype='int64'))"),
    _c('zeros_csr', "parts(nd.sparse.zeros('csr', (3, 4)))"),
    _c('zeros_rsp', "parts(nd.sparse.zeros('row_sparse', (3, 4), dtype='float16'))"),
    _c('zeros_default', "nd.sparse.zeros('default', (2, 2))"),
    _c('empty_csr', "parts(nd.sparse.empty('csr', (2, 5)))"),
    _c('empty_rsp', "parts(nd.sparse.empty('row_sparse', (2, 5)))"),
    _c('sparse_array_of_csr', "parts(nd.sparse.array(C))"),
    _c('sparse_array_of_rsp', "parts(nd.sparse.array(R, dtype='float64'))"),
    _c('sparse_array_numpy_error', "nd.sparse.array(np.ones((2, 2)))"),
    _c('tostype_default', "[C.tostype('default'), R.tostype('default')]"),
    _c('tostype_same', "[parts(C.tostype('csr')), parts(R.tostype('row_sparse'))]"),
    _c('cast_storage', "[parts(nd.sparse.cast_storage(A, 'csr')), parts(nd.cast_storage(A, stype='row_sparse')), "
                       "nd.cast_storage(C, stype='default')]"),
    _c('csr_to_rsp_error', "C.tostype('row_sparse')"),
    _c('rsp_to_csr_error', "R.tostype('csr')"),
    _c('csr_3d_error', "nd.ones((2, 2, 2)).tostype('csr')"),
    _c('tostype_bad', "A.tostype('dense')"),
    _c('rsp_3d', "parts(nd.array(np.arange(8).reshape((2, 2, 2)) * np.array([0, 1]).reshape((2, 1, 1)))"
                 ".tostype('row_sparse'))"),
    _c('int_csr', "parts(nd.array([[0, 7], [-1, 0]], dtype='int32').tostype('csr'))"),
    _c('attributes', "[C.shape, C.dtype.__name__, str(C.context), C.stype, R.ndim, len(R), R.stype, "
                     "A.stype]"),
    _c('size_error', "C.size"),
    _c('astype', "[parts(C.astype('float64')), parts(R.astype('int32'))]"),
    _c('copy', "[parts(C.copy()), parts(R.copy())]"),
    _s('copyto_dense', "d = nd.ones((3, 3)); C.copyto(d); result = d"),
    _s('copyto_same_stype', "d = nd.sparse.zeros('row_sparse', (3, 3)); R2.copyto(d); result = parts(d)"),
    _c('copyto_ctx', "[parts(C.copyto(mx.cpu())), parts(R.as_in_context(mx.cpu()))]"),
    _c('asnumpy', "[C.asnumpy(), R.asnumpy()]"),
    # ---- csr row slicing ----
    _c('csr_slice', "parts(C2[1:3])"),
    _c('csr_slice_int', "parts(C2[0])"),
    _c('csr_slice_negative', "parts(C2[-1])"),
    _c('csr_slice_all', "parts(C2[:])"),
    _c('csr_slice_open', "parts(C2[1:])"),
    _c('csr_slice_step_error', "C2[::2]"),
    _c('csr_slice_tuple_error', "C2[0, 1]"),
    _c('rsp_getitem_all', "parts(R[:])"),
    _c('rsp_getitem_slice_error', "R[1:2]"),
    # ---- dot ----
    _c('dot_csr_dense', "parts(nd.sparse.dot(C2, A))"),
    _c('dot_csr_vector', "parts(nd.sparse.dot(C2, nd.array([1., 2, 3])))"),
    _c('dot_csrT_dense', "parts(nd.sparse.dot(C2, A, transpose_a=True))"),
    _c('dot_csrT_dense_empty', "parts(nd.sparse.dot(nd.sparse.zeros('csr', (3, 3)), A, transpose_a=True))"),
    _c('dot_csrT_dense_wide', "parts(nd.sparse.dot(nd.sparse.csr_matrix(([1., 2, 3], [4, 0, 4], [0, 2, 3]), "
                              "shape=(2, 6)), nd.array([[1., 2], [3, 4]]), transpose_a=True))"),
    _c('dot_dense_csr', "parts(nd.sparse.dot(A, C2))"),
    _c('dot_dense_csr_fs_default', "parts(nd.sparse.dot(A, C2, forward_stype='default'))"),
    _c('dot_csr_dense_fs_rsp', "parts(nd.sparse.dot(C, A, forward_stype='row_sparse'))"),
    _c('dot_csrT_fs_default', "parts(nd.sparse.dot(C2, A, transpose_a=True, forward_stype='default'))"),
    _c('dot_csr_rsp', "parts(nd.sparse.dot(C2, R))"),
    _c('dot_dense_rsp', "parts(nd.sparse.dot(A, R2))"),
    _c('dot_csr_csr', "parts(nd.sparse.dot(C, C2))"),
    _c('dot_fallback_dense', "parts(nd.dot(C2, A))"),
    _c('dot_shape_error', "nd.sparse.dot(C2, nd.ones((2, 2)))"),
    _c('dot_bad_fs', "nd.sparse.dot(C2, A, forward_stype='dense')"),
    # ---- element-wise ----
    _c('add_csr_csr', "parts(nd.sparse.add(C, C2), data=False)"),
    _c('sub_csr_csr', "parts(nd.sparse.subtract(C, C2), data=False)"),
    _c('mul_csr_csr', "parts(nd.sparse.multiply(C, C2), data=False)"),
    _c('add_rsp_rsp', "parts(nd.sparse.add(R, R2))"),
    _c('sub_rsp_rsp', "parts(R - R2)"),
    _c('sub_rsp_self', "parts(R - R)"),
    _c('mul_rsp_rsp', "parts(R * R2)"),
    _c('add_csr_dense', "parts(nd.sparse.add(C, B))"),
    _c('add_dense_rsp', "parts(nd.sparse.add(B, R))"),
    _c('add_csr_rsp', "parts(nd.sparse.add(C, R))"),
    _c('mul_csr_dense', "parts(nd.sparse.multiply(C, B))"),
    _c('mul_dense_csr', "parts(nd.sparse.multiply(B, C))"),
    _c('mul_rsp_dense', "parts(nd.sparse.multiply(R, B))"),
    _c('mul_dense_rsp', "parts(nd.sparse.multiply(B, R))"),
    _c('mul_csr_rsp', "parts(nd.sparse.multiply(C, R))"),
    _c('div_rsp_rsp', "parts(nd.sparse.divide(R2 + R, R2 + R))"),
    _c('div_csr_dense', "parts(nd.sparse.divide(C, A + 1))"),
    _c('dunder_add_csr', "parts(C + C2, data=False)"),
    _c('dunder_add_dense', "parts(C + A)"),
    _c('scalar_mul', "[parts(C * 2), parts(2 * C), parts(R * 0.5), parts(3 * R)]"),
    _c('scalar_div', "[parts(C / 2), parts(R / 4)]"),
    _c('scalar_mul_zero', "[parts(C * 0), parts(R * 0)]"),
    _c('scalar_add_zero', "[parts(C + 0), parts(R - 0)]"),
    _c('scalar_add', "[parts(C + 1), parts(1 - R), parts(R + 2)]"),
    _c('negate', "[parts(-C), parts(-R)]"),
    _c('sparse_unary', "[parts(nd.sparse.sqrt(C)), parts(nd.sparse.abs(-R)), parts(nd.sparse.square(R)), "
                       "parts(nd.sparse.sign(-C))]"),
    _c('sparse_unary_dense', "parts(nd.sparse.sqrt(A))"),
    # ---- retain ----
    _c('retain', "parts(nd.sparse.retain(R2, nd.array([0, 2])))"),
    _c('retain_order', "parts(nd.sparse.retain(R2, nd.array([2, 0])))"),
    _c('retain_missing', "parts(nd.sparse.retain(R2, nd.array([1, 2])))"),
    _c('retain_all', "parts(nd.sparse.retain(R2, nd.array([0, 1, 2])))"),
    _c('retain_int64_indices', "parts(nd.sparse.retain(R2, nd.array([2], dtype='int64')))"),
    # ---- reductions ----
    _c('sum_csr_axes', "[nd.sparse.sum(C2, axis=0), nd.sparse.sum(C2, axis=1), nd.sparse.sum(C2), "
                       "nd.sparse.sum(C2, axis=1, keepdims=True)]"),
    _c('mean_csr_axes', "[nd.sparse.mean(C2, axis=0), nd.sparse.mean(C2, axis=1), nd.sparse.mean(C2)]"),
    _c('sum_rsp', "[nd.sparse.sum(R2, axis=0), nd.sparse.sum(R2, axis=1), nd.sparse.mean(R2, axis=0)]"),
    _c('method_sum', "[C2.sum(axis=0), R2.sum(), C2.mean(axis=1)]"),
    _s('square_sum', "sq = nd.sparse._square_sum if hasattr(nd.sparse, '_square_sum') else nd._internal._square_sum\n"
                     "result = [parts(sq(R2, axis=0)), parts(sq(R2, axis=1)), parts(sq(R2, axis=1, keepdims=True)), "
                     "parts(sq(R2, axis=0, keepdims=True))]"),
    _c('dense_fallback_ops', "[parts(nd.exp(C)), parts(C.exp()), parts(nd.broadcast_add(R, B))]"),
    # ---- the file format: files MXNet writes, mxtorch writes byte for byte (and loads) ----
    _s('save_csr', "nd.save(tmpdir + '/x.nd', [nd.sparse.csr_matrix(([1.5, 2, 3], [0, 2, 1], [0, 2, 2, 3]), "
                   "shape=(3, 4))])\nresult = [parts(a) for a in nd.load(tmpdir + '/x.nd')]", files=('x.nd',)),
    _s('save_rsp', "nd.save(tmpdir + '/x.nd', [nd.sparse.row_sparse_array(([[1., 2], [3, 4]], [1, 3]), "
                   "shape=(5, 2))])\nresult = [parts(a) for a in nd.load(tmpdir + '/x.nd')]", files=('x.nd',)),
    _s('save_dict_mixed', "x = {'w': nd.sparse.row_sparse_array((np.ones((1, 2, 2)), [2]), shape=(3, 2, 2)), "
                          "'d': nd.arange(4), 'c': nd.sparse.csr_matrix(([7, 8], [1, 0], [0, 1, 2]), shape=(2, 3), "
                          "dtype='int64')}\nnd.save(tmpdir + '/x.nd', x)\n"
                          "result = {k: parts(v) for k, v in nd.load(tmpdir + '/x.nd').items()}", files=('x.nd',)),
    _s('save_empty', "nd.save(tmpdir + '/x.nd', [nd.sparse.zeros('csr', (2, 3)), "
                     "nd.sparse.zeros('row_sparse', (4, 2), dtype='float64')])\n"
                     "result = [parts(a) for a in nd.load(tmpdir + '/x.nd')]", files=('x.nd',)),
    _s('save_float16', "x = nd.sparse.csr_matrix(([1, 2], [1, 0], [0, 1, 2]), shape=(2, 2), dtype='float16')\n"
                       "nd.save(tmpdir + '/x.nd', x)\nresult = [parts(a) for a in nd.load(tmpdir + '/x.nd')]",
       files=('x.nd',)),
    _s('save_np_shape', "x = nd.sparse.row_sparse_array(([[1., 2]], [0]), shape=(2, 2))\n"
                        "with mx.np_shape(True):\n    nd.save(tmpdir + '/x.nd', [x])\n"
                        "    result = [parts(a) for a in nd.load(tmpdir + '/x.nd')]"),
    _s('pickle_roundtrip', "import pickle\nresult = [parts(pickle.loads(pickle.dumps(C2))), "
                           "parts(pickle.loads(pickle.dumps(R2)))]"),
    # ---- lazy optimizer updates of a dense weight by a row_sparse gradient ----
    _s('sgd_lazy', "w = nd.arange(12).reshape((4, 3)); g = nd.sparse.row_sparse_array(([[1., 1, 1], [2, 2, 2]], [0, 2]), "
                   "shape=(4, 3))\nr = nd.sparse.sgd_update(w, g, lr=0.1, wd=0.5, out=w)\nresult = [w, r is w]"),
    _s('sgd_not_lazy', "w = nd.arange(12).reshape((4, 3)); g = nd.sparse.row_sparse_array(([[1., 1, 1], [2, 2, 2]], "
                       "[0, 2]), shape=(4, 3))\nnd.sparse.sgd_update(w, g, lr=0.1, wd=0.5, lazy_update=False, out=w)\n"
                       "result = w"),
    _s('sgd_lazy_rescale_clip', "w = nd.ones((5, 2)); g = nd.sparse.row_sparse_array(([[3., -4], [0.5, 9]], [4, 1]), "
                                "shape=(5, 2))\nnd.sparse.sgd_update(w, g, lr=0.5, rescale_grad=0.5, clip_gradient=1.0, "
                                "out=w)\nresult = w"),
    _s('sgd_mom_lazy', "w = nd.arange(12).reshape((4, 3)); m = nd.ones((4, 3)); g = nd.sparse.row_sparse_array(([[1., 1, 1], "
                       "[2, 2, 2]], [0, 2]), shape=(4, 3))\nnd.sparse.sgd_mom_update(w, g, m, lr=0.1, wd=0.5, "
                       "momentum=0.9, out=w)\nnd.sparse.sgd_mom_update(w, g, m, lr=0.1, wd=0.5, momentum=0.9, out=w)\n"
                       "result = [w, m]"),
    _s('adam_lazy', "w = nd.arange(12).reshape((4, 3)); m = nd.ones((4, 3)); v = nd.ones((4, 3))\n"
                    "g = nd.sparse.row_sparse_array(([[1., -1, 1], [2, 2, -2]], [3, 1]), shape=(4, 3))\n"
                    "for _ in range(2):\n    nd.sparse.adam_update(w, g, m, v, lr=0.1, wd=0.1, rescale_grad=0.5, "
                    "clip_gradient=0.6, out=w)\nresult = [w, m, v]"),
    _s('adam_dense_grad', "w = nd.arange(6).reshape((2, 3)); m = nd.zeros((2, 3)); v = nd.zeros((2, 3))\n"
                          "nd.sparse.adam_update(w, nd.ones((2, 3)), m, v, lr=0.1, out=w)\nresult = [w, m, v]"),
    # ---- more operators of nd.sparse ----
    _c('unary_stypes', "{n: [parts(getattr(nd.sparse, n)(C * 0.3)), parts(getattr(nd.sparse, n)(R * 0.3))] for n in "
                       "['abs', 'arcsin', 'arcsinh', 'arctan', 'arctanh', 'cbrt', 'ceil', 'degrees', 'expm1', 'fix', "
                       "'floor', 'log1p', 'negative', 'radians', 'relu', 'rint', 'round', 'sign', 'sin', 'sinh', 'sqrt', "
                       "'square', 'tan', 'tanh', 'trunc', 'stop_gradient', 'make_loss']}", rtol=1e-5),
    _c('round_halves', "[parts(nd.sparse.round(nd.array([[0.5, -1.5, 0], [2.5, 0, -0.5]]).tostype('csr'))), "
                       "parts(nd.sparse.rint(nd.array([[0.5, -1.5, 0], [2.5, 0, -0.5]]).tostype('csr')))]"),
    _c('unary_dense_results', "{n: [parts(getattr(nd.sparse, n)(C * 0.3)), parts(getattr(nd.sparse, n)(R * 0.3))] "
                              "for n in ['arccos', 'cos', 'cosh', 'exp', 'log1p', 'rsqrt', 'sigmoid', 'gammaln']}",
       rtol=1e-5),
    _c('zeros_like', "[parts(nd.sparse.zeros_like(C)), parts(nd.sparse.zeros_like(R)), parts(nd.sparse.zeros_like(A))]"),
    _c('clip', "[parts(nd.sparse.clip(C, 0, 1)), parts(nd.sparse.clip(R, -1, 2))]"),
    _c('add_n', "[parts(nd.sparse.add_n(R, R2, R)), parts(nd.sparse.add_n(C, C2)), parts(nd.sparse.add_n(R, A)), "
                "parts(nd.sparse.ElementWiseSum(R2, R2))]"),
    _c('slice_csr', "[parts(nd.sparse.slice(C2, begin=(1, 0), end=(3, 3))), "
                    "parts(nd.sparse.slice(C2, begin=(0, 1), end=(3, 3))), parts(nd.sparse.slice(C2, begin=(0, 2), end=(2, 3)))]"),
    _c('where', "parts(nd.sparse.where(C, A, B))"),
    _c('concat_csr', "[parts(nd.sparse.concat(C, C2, dim=0)), parts(nd.sparse.concat(R, R2, dim=0)), "
                     "parts(nd.sparse.concat(C, C2, dim=1))]"),
    _c('broadcast', "[parts(nd.sparse.broadcast_mul(C2, nd.array([[1, 2, 3]]))), "
                    "parts(nd.sparse.broadcast_div(C2, nd.array([[1], [2], [4]]))), "
                    "parts(nd.sparse.broadcast_add(C2, nd.array([[1, 2, 3]]))), "
                    "parts(nd.sparse.broadcast_sub(R2, nd.array([[1, 2, 3]])))]"),
    _c('norm', "[nd.sparse.norm(C2), nd.sparse.norm(R2)]"),
]
