"""Shared pieces of the tests of the `d2l` package 1.0.3 (the MXNet helper module of the second edition of
Dive into Deep Learning, ``from d2l import mxnet as d2l``; tests/test_d2l.py) and the program that records
MXNet 1.9.1's answers:

    ~/.cache/mxtorch-ref/venv/bin/python tests/d2l_book_support.py      # writes tests/golden/d2l.json

(the reference venv needs ``pip install --no-deps d2l==1.0.3``). Regenerate, never hand-edit.

The recipes below run unchanged under MXNet and under mxtorch (through the ``mxnet`` alias), in NumPy mode
(``npx.set_np()``), on the generated Fashion-MNIST files of tests/d2l_support.py (read from
$MXNET_HOME/datasets/fashion-mnist, where d2l's load_data_fashion_mnist looks) and on the airfoil file
of shared/data (where d2l.download finds it by its SHA-1). Training results cannot match number for number
(the random streams differ), so the golden file keeps the band MXNet reaches over several seeds.
"""
import contextlib
import io
import json
import os
import re
import sys
import tempfile

import numpy as onp

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import d2l_support  # noqa: E402

GOLDEN_FILE = os.path.join(HERE, 'golden', 'd2l.json')

LENET_RECIPE = dict(batch_size=64, lr=1.0, num_epochs=4)
LENET_SEEDS = (1, 2, 3, 4, 5)
CH11_RECIPE = dict(batch_size=1500, lr=1.0, num_epochs=10)


def fashion_home(home):
    """Writes the generated Fashion-MNIST files where d2l looks for them under MXNET_HOME=`home`;
    returns {file name: sha1}."""
    return d2l_support.write_fashion_mnist(os.path.join(home, 'datasets', 'fashion-mnist'))


def parse_train_ch6(lines):
    """(loss, train acc, test acc) from train_ch6's 'loss L, train acc A, test acc T' line."""
    for line in lines:
        m = re.match(r'loss ([\d.]+), train acc ([\d.]+), test acc ([\d.]+)', line)
        if m:
            return tuple(float(v) for v in m.groups())
    raise AssertionError('train_ch6 printed no result line: {!r}'.format(lines))


def run_lenet(d2l, seed, workers=0):
    """d2l.train_ch6 on the batch-normalized LeNet (tests/d2l_support.lenet) in NumPy mode with the files
    under $MXNET_HOME; returns ((loss, train acc, test acc), evaluate_accuracy_gpu after training)."""
    import mxnet as mx
    d2l_support.seed_all(seed)
    r = LENET_RECIPE
    d2l.get_dataloader_workers = lambda: workers
    train_iter, test_iter = d2l.load_data_fashion_mnist(r['batch_size'])
    net = d2l_support.lenet()
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        d2l.train_ch6(net, train_iter, test_iter, r['num_epochs'], r['lr'], mx.cpu())
    return parse_train_ch6(out.getvalue().splitlines()), d2l.evaluate_accuracy_gpu(net, test_iter)


def sgd_ch11(params, states, hyperparams):
    """The plain SGD step of chapter 12.4 (the trainer_fn of d2l.train_ch11)."""
    for p in params:
        p[:] -= hyperparams['lr'] * p.grad


def run_ch11(d2l, seed):
    """d2l.get_data_ch11 on the airfoil file, then d2l.train_ch11 (from scratch) and
    d2l.train_concise_ch11 (Gluon) with full-batch SGD; returns (data shape facts, the two loss curves)."""
    d2l_support.seed_all(seed)
    r = CH11_RECIPE
    with d2l_support.book_data_dir('airfoil_self_noise.dat'), contextlib.redirect_stdout(io.StringIO()):
        data_iter, feature_dim = d2l.get_data_ch11(batch_size=r['batch_size'])
        X, y = next(iter(data_iter))
        facts = {'feature_dim': feature_dim, 'batches': len(data_iter), 'X_shape': list(X.shape),
                 'y_shape': list(y.shape), 'dtype': str(X.dtype), 'type': type(X).__name__}
        _, scratch = d2l.train_ch11(sgd_ch11, None, {'lr': r['lr']}, data_iter, feature_dim, r['num_epochs'])
        d2l.train_concise_ch11('sgd', {'learning_rate': r['lr']}, data_iter, r['num_epochs'])
        import matplotlib.pyplot as plt
        concise = [float(v) for v in plt.gca().lines[-1].get_ydata()]
        plt.close('all')
    return facts, [float(v) for v in scratch], concise


def first_test_batch(d2l):
    """The first test batch of load_data_fashion_mnist(4, resize=32) (its default 4 workers)."""
    d2l.get_dataloader_workers = lambda: 4
    _, test_iter = d2l.load_data_fashion_mnist(4, resize=32)
    X, y = next(iter(test_iter))
    return {'type': type(X).__name__, 'shape': list(X.shape), 'dtype': str(X.dtype),
            'values': X.asnumpy().round(6).tolist(), 'labels': y.asnumpy().tolist(),
            'label_type': type(y).__name__, 'label_dtype': str(y.dtype)}


def import_d2l():
    """`from d2l import mxnet as d2l` in NumPy mode, plotting with Agg."""
    import matplotlib
    matplotlib.use('Agg')
    from d2l import mxnet as d2l
    from mxnet import npx
    npx.set_np()
    return d2l


def make_golden(home):
    # MXNet reads MXNET_HOME into FashionMNIST's default root when it is imported
    os.environ['MXNET_HOME'] = home
    import mxnet
    assert mxnet.__name__ == 'mxnet' and mxnet.__version__ == '1.9.1', 'run under MXNet 1.9.1'
    d2l = import_d2l()
    # the reference venv's IPython is newer than its matplotlib_inline supports; the SVG switch only
    # changes how notebooks draw, so it is skipped here
    d2l.use_svg_display = lambda: None
    d2l_support._use_local_fashion_mnist_files()
    golden = {'mxnet_version': mxnet.__version__, 'd2l_version': '1.0.3', 'lenet': {'recipe': LENET_RECIPE,
                                                                                  'runs': {}}}
    golden['fashion_mnist_sha1'] = fashion_home(home)
    golden['first_test_batch'] = first_test_batch(d2l)
    for seed in LENET_SEEDS:
        result, acc = run_lenet(d2l, seed)
        golden['lenet']['runs'][str(seed)] = {'train_ch6': result, 'evaluate_accuracy_gpu': acc}
        print('lenet seed', seed, result, acc, flush=True)
    facts, scratch, concise = run_ch11(d2l, 1)
    golden['ch11'] = {'recipe': CH11_RECIPE, 'data': facts, 'train_ch11': scratch, 'train_concise_ch11': concise}
    with open(GOLDEN_FILE + '.tmp', 'w') as f:
        json.dump(golden, f, indent=0, sort_keys=True)
    os.replace(GOLDEN_FILE + '.tmp', GOLDEN_FILE)
    print('wrote', os.path.relpath(GOLDEN_FILE))


def load_golden():
    with open(GOLDEN_FILE) as f:
        return json.load(f)


if __name__ == '__main__':
    with tempfile.TemporaryDirectory() as tmp:
        make_golden(tmp)
