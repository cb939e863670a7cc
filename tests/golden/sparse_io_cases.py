"""Sparse data input (issue 15): mx.io.LibSVMIter (files written under tmpdir; batches, labels dense or csr,
round_batch across epochs, num_parts, the format's corners, parameter errors), NDArrayIter over csr data and
gluon.data batching of csr arrays. Generated with: ~/.cache/mxtorch-ref/venv/bin/python tools/make_golden.py
sparse_io

Batches are described by their dense values, stype, pad and index. NDArrayIter's csr batches are compared by
values only: MXNet 1.9.1 documents them as CSRNDArray but gives dense arrays (its slice_axis falls back to
dense storage); mxtorch gives the documented csr batches (tests/test_sparse_io.py)."""

P = '''
def write(name, text):
    path = tmpdir + '/' + name
    with open(path, 'w') as f:
        f.write(text)
    return path
DATA = write('data.t', '1.0 0:0.5 2:1.2\\n-2.0\\n-3.0 0:0.6 1:2.4 2:1.2\\n4 2:-1.2\\n')
LABEL = write('label.t', '1.0\\n-2.0 0:0.125\\n-3.0 2:1.2\\n4 1:1.0 2:-1.2\\n')
def describe(b):
    return [b.data[0].stype, b.data[0].asnumpy(), b.label[0].stype, b.label[0].asnumpy(), b.pad, b.index]
KEEP = __import__('sys').modules.setdefault('_sparse_io_keep', type(__import__('sys'))('_sparse_io_keep'))
def epoch(it):
    # iterators are kept alive to the end (MXNet 1.9.1 can crash when one is freed while it reads ahead)
    KEEP.__dict__.setdefault('its', []).append(it)
    out = [describe(b) for b in it]
    it.reset()
    return out
'''


def _c(name, expr, **options):
    return (name, P + 'result = ' + expr, options)


def _s(name, code, **options):
    return (name, P + code, options)


LONG = ("LINES = ''.join('{} {}\\n'.format(i % 3, ' '.join('{}:{}'.format(j, (i + j) % 5 + 1) "
        "for j in range(i % 4, 9, 1 + i % 3))) for i in range(13))\n"
        "LONGF = write('long.t', LINES)\n")

CASES = [
    # ---- LibSVMIter ----
    _c('libsvm_synthetic', "epoch(mx.io.LibSVMIter(data_libsvm=DATA, label_libsvm=LABEL, data_shape=(3,), "
                           "label_shape=(3,), batch_size=3))"),
    _s('libsvm_epochs', "it = mx.io.LibSVMIter(data_libsvm=DATA, data_shape=(3,), batch_size=3)\n"
                        "result = [epoch(it) for _ in range(5)]"),
    _s('libsvm_epochs_csr_label', "it = mx.io.LibSVMIter(data_libsvm=DATA, label_libsvm=LABEL, data_shape=(3,), "
                                  "label_shape=(3,), batch_size=3)\nresult = [epoch(it) for _ in range(4)]"),
    _s('libsvm_batch_over_rows', "it = mx.io.LibSVMIter(data_libsvm=DATA, data_shape=(3,), batch_size=5)\n"
                                 "result = [epoch(it) for _ in range(3)]"),
    _s('libsvm_exact_batches', "it = mx.io.LibSVMIter(data_libsvm=DATA, data_shape=(3,), batch_size=2)\n"
                               "result = [epoch(it) for _ in range(2)]"),
    _s('libsvm_label_csr_narrow', "it = mx.io.LibSVMIter(data_libsvm=DATA, data_shape=(3,), batch_size=2, "
                                  "label_libsvm=LABEL, label_shape=(3,))\nresult = epoch(it)"),
    _s('libsvm_descs', "it = mx.io.LibSVMIter(data_libsvm=DATA, label_libsvm=LABEL, data_shape=(3,), "
                       "label_shape=(3,), batch_size=3)\n"
                       "d = mx.io.LibSVMIter(data_libsvm=DATA, data_shape=(3,), batch_size=2, data_name='x', "
                       "label_name='y')\n"
                       "result = [str(it.provide_data), str(it.provide_label), str(d.provide_data), "
                       "str(d.provide_label), it.batch_size, type(it).__name__, isinstance(it, mx.io.DataIter)]"),
    _s('libsvm_protocol', "it = mx.io.LibSVMIter(data_libsvm=DATA, data_shape=(3,), batch_size=3)\n"
                          "result = [it.getdata().stype, it.getdata().asnumpy(), it.getlabel(), it.getpad(), "
                          "it.getindex(), it.iter_next(), it.iter_next(), it.getindex()]\n"
                          "b = it.next()\nresult += [b.index, it.iter_next(), it.getindex(), it.getpad(), "
                          "it.iter_next()]\nit.reset()\nresult.append(it.next().index)"),
    _s('libsvm_parts', LONG + "result = [[epoch(mx.io.LibSVMIter(data_libsvm=LONGF, data_shape=(9,), "
                              "batch_size=2, num_parts=n, part_index=k)) for k in range(n)] for n in (1, 2, 3, 5)]"),
    _s('libsvm_parts_data_label', LONG + "LAB = write('lab.t', LINES)\n"
                                         "result = [epoch(mx.io.LibSVMIter(data_libsvm=LONGF, label_libsvm=LAB, "
                                         "data_shape=(9,), label_shape=(9,), batch_size=3, num_parts=2, "
                                         "part_index=k)) for k in range(2)]"),
    _s('libsvm_format_corners',
       "f = write('c.t', '1.0 2:0.5 0:1.2\\n2 1:3 1:4\\n 3  1:1e-1   0:2\\n\\n4 0:1 # note\\n"
       "5:0.5 qid:7 3:2\\r\\n6\\r\\n\\r\\n7 3:-0.25')\n"
       "result = epoch(mx.io.LibSVMIter(data_libsvm=f, data_shape=(4,), batch_size=2))"),
    _s('libsvm_ignores_unknown', "it = mx.io.LibSVMIter(data_libsvm=DATA, data_shape=(3,), batch_size=4, "
                                 "foo=1, round_batch=True, prefetch_buffer=2)\nresult = epoch(it)"),
    _s('libsvm_string_params', "it = mx.io.LibSVMIter(data_libsvm=DATA, data_shape='(3,)', batch_size='2')\n"
                               "result = epoch(it)"),
    # errors
    _c('libsvm_no_batch_size', "mx.io.LibSVMIter(data_libsvm=DATA, data_shape=(3,))"),
    _c('libsvm_no_data', "mx.io.LibSVMIter(data_shape=(3,), batch_size=2)"),
    _c('libsvm_no_shape', "mx.io.LibSVMIter(data_libsvm=DATA, batch_size=2)"),
    _c('libsvm_positional', "mx.io.LibSVMIter(DATA, data_libsvm=DATA, data_shape=(3,), batch_size=2)"),
    _c('libsvm_shape_2d', "mx.io.LibSVMIter(data_libsvm=DATA, data_shape=(3, 2), batch_size=2)"),
    _c('libsvm_label_shape_without_file', "mx.io.LibSVMIter(data_libsvm=DATA, data_shape=(3,), "
                                          "label_shape=(2,), batch_size=2)"),
    _c('libsvm_label_file_without_shape', "mx.io.LibSVMIter(data_libsvm=DATA, data_shape=(3,), "
                                          "label_libsvm=LABEL, batch_size=2)"),
    _c('libsvm_no_round_batch', "mx.io.LibSVMIter(data_libsvm=DATA, data_shape=(3,), batch_size=2, "
                                "round_batch=False)"),
    _c('libsvm_zero_parts', "mx.io.LibSVMIter(data_libsvm=DATA, data_shape=(3,), batch_size=2, num_parts=0)"),
    _c('libsvm_part_out_of_range', "mx.io.LibSVMIter(data_libsvm=DATA, data_shape=(3,), batch_size=2, "
                                   "num_parts=2, part_index=2)"),
    _c('libsvm_missing_file', "mx.io.LibSVMIter(data_libsvm=tmpdir + '/none.t', data_shape=(3,), batch_size=2)"),
    _c('libsvm_missing_label_file', "mx.io.LibSVMIter(data_libsvm=DATA, data_shape=(3,), batch_size=2, "
                                    "label_libsvm=tmpdir + '/none.t', label_shape=(3,))"),
    _s('libsvm_negative_index', "f = write('neg.t', '1.0 0:0.5 2:1.2\\n-2.0\\n-3.0 -1:0.6 1:2.4 2:1.2\\n4 2:-1.2\\n')\n"
                                "it = mx.io.LibSVMIter(data_libsvm=f, data_shape=(3,), batch_size=3)\n"
                                "result = [b.data[0].asnumpy() for b in it]"),
    _c('libsvm_batch_over_twice_rows', "epoch(mx.io.LibSVMIter(data_libsvm=DATA, data_shape=(3,), batch_size=9))"),
    _s('libsvm_short_label_file', "f = write('short.t', '1 1:1\\n0 2:2\\n')\n"
                                  "result = epoch(mx.io.LibSVMIter(data_libsvm=DATA, data_shape=(3,), batch_size=2, "
                                  "label_libsvm=f, label_shape=(3,)))"),
    # ---- NDArrayIter over csr ----
    _c('ndarrayiter_csr_pad_refused', "mx.io.NDArrayIter(nd.array(np.eye(4)).tostype('csr'), np.ones(4), 2)"),
    _c('ndarrayiter_csr_label_roll_over_refused', "mx.io.NDArrayIter(np.ones((4, 2)), "
                                                  "nd.array(np.eye(4)).tostype('csr'), 2, last_batch_handle='roll_over')"),
    _c('ndarrayiter_scipy_dict_refused', "mx.io.NDArrayIter({'data': __import__('scipy.sparse').sparse.csr_matrix("
                                         "np.eye(4))}, np.ones(4), 2)"),
    _c('ndarrayiter_scipy_bare', "mx.io.NDArrayIter(__import__('scipy.sparse').sparse.csr_matrix(np.eye(4)), None, 2, "
                                 "last_batch_handle='discard')"),
    _s('ndarrayiter_csr_batches',
       "X = nd.array(np.arange(40).reshape(10, 4) % 3)\nC = X.tostype('csr')\n"
       "it = mx.io.NDArrayIter(C, np.arange(10), 3, last_batch_handle='discard')\n"
       "result = [[[b.data[0].asnumpy(), b.label[0].asnumpy(), b.pad] for b in it] for _ in range(2) if not it.reset()]\n"
       "result += [str(it.provide_data), str(it.provide_label)]"),
    _s('ndarrayiter_csr_both_shuffled',
       "np.random.seed(3)\nX = nd.array(np.arange(40).reshape(10, 4) % 3)\n"
       "it = mx.io.NDArrayIter({'csr_data': X.tostype('csr'), 'dns_data': X}, X.tostype('csr'), 4, shuffle=True, "
       "last_batch_handle='discard')\nresult = []\nfor _ in range(3):\n"
       "    result.append([[a.asnumpy() for a in b.data + b.label] for b in it])\n    it.reset()"),
    _s('ndarrayiter_scipy_shuffled',
       "np.random.seed(5)\nimport scipy.sparse as spsp\nD = np.arange(21).reshape(7, 3) % 4\n"
       "it = mx.io.NDArrayIter({'data': spsp.csr_matrix(D)}, None, 2, shuffle=True, last_batch_handle='discard')\n"
       "result = [[b.data[0].asnumpy() for b in it], it.provide_label, type(it.data[0][1]).__name__]"),
    # ---- gluon.data over csr ----
    _s('dataloader_csr', "C = nd.array(np.arange(40).reshape(10, 4) % 3).tostype('csr')\n"
                         "ds = gluon.data.ArrayDataset(C, np.arange(10))\n"
                         "x0 = ds[3][0]\n"
                         "result = [type(x0).__name__, x0.shape, x0.asnumpy(), len(ds)]\n"
                         "for x, y in gluon.data.DataLoader(ds, batch_size=4):\n"
                         "    result.append([x.stype, x, y])"),
    _s('dataloader_csr_dataset_itself', "C = nd.array(np.arange(40).reshape(10, 4) % 3).tostype('csr')\n"
                                        "result = [[x.stype, x] for x in gluon.data.DataLoader(C, batch_size=4, "
                                        "last_batch='discard')]"),
]

# ---- the sparse linear model of issue 15's Done-when: LibSVM file -> csr batches, csr x dense dot,
# row_sparse gradient, lazy SGD (momentum and weight decay, so that the lazy rule shows); the loss curve ----
TRAIN = '''
rng = np.random.RandomState(0)
N, D = 240, 60
w_true = rng.randn(D)
lines = []
for i in range(N):
    cols = np.sort(rng.choice(D, 4, replace=False))
    vals = rng.rand(4).round(3)
    lines.append('{} {}'.format(int((vals * w_true[cols]).sum() > 0), ' '.join('{}:{}'.format(c, v) for c, v in zip(cols, vals))))
path = write('train.t', '\\n'.join(lines) + '\\n')
it = mx.io.LibSVMIter(data_libsvm=path, data_shape=(D,), batch_size=32)
KEEP.__dict__.setdefault('its', []).append(it)
w = gluon.Parameter('w', shape=(D, 1), init=mx.init.Zero(), grad_stype='row_sparse')
b = gluon.Parameter('b', shape=(1,), init=mx.init.Zero())
w.initialize()
b.initialize()
trainer = gluon.Trainer([w, b], 'sgd', {'learning_rate': 0.5, 'momentum': 0.9, 'wd': 0.01, 'lazy_update': True})
loss_fn = gluon.loss.SigmoidBCELoss()
curve, grad_info = [], []
for ep in range(6):
    total = 0.0
    for batch in it:
        x, y = batch.data[0], batch.label[0]
        with autograd.record():
            loss = loss_fn(nd.sparse.dot(x, w.data()) + b.data(), y)
        loss.backward()
        if not grad_info:
            g = w.grad()
            grad_info = [g.stype, g.indices, g.data, g.asnumpy()]
        trainer.step(x.shape[0])
        total += float(loss.mean().asscalar())
    it.reset()
    curve.append(total)
'''

CASES += [
    _s('sparse_linear_train', TRAIN + "result = [curve, grad_info, w.data(), b.data()]", rtol=1e-4, atol=1e-5),
]
