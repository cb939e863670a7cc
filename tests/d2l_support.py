"""Shared pieces of the d2lzh tests (tests/test_d2lzh.py) and the program that records MXNet's answers.

The same functions run under mxtorch (through the ``mxnet`` alias) in the tests and under the reference
MXNet 1.9.1, which writes tests/golden/d2lzh.json:

    ~/.cache/mxtorch-ref/venv/bin/python tests/d2l_support.py [SECTION ...]   # sections: see GOLDEN_SECTIONS

(the reference venv needs ``pip install --no-deps d2lzh==1.0.0`` and ``pip install 'ipython<9'``: d2lzh's
plotting helpers call IPython.display.set_matplotlib_formats, which IPython 9 removed). Regenerate, never hand-edit.

Fashion-MNIST itself is not on this machine, so `write_fashion_mnist` writes small files in its exact
format (gzip-compressed IDX, the four standard names) with learnable structure: each class is a fixed
pattern of blurred strokes, and each image is its class pattern shifted by a few pixels, dimmed or
brightened, with strong pixel noise. The generator uses numpy's legacy RandomState, whose streams are the
same in numpy 1.23 (the reference) and numpy 2, and the golden file records the files' SHA-1 so that a
test can prove both sides trained on the same bytes.
"""
import contextlib
import gzip
import hashlib
import io
import json
import os
import random
import struct
import sys
import tempfile

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
GOLDEN_FILE = os.path.join(HERE, 'golden', 'd2lzh.json')
SHARED_DATA = os.path.abspath(os.path.join(HERE, '..', '..', 'shared', 'data'))

# Sizes of the generated Fashion-MNIST-format set used for training tests.
TRAIN_SIZE = 3000
TEST_SIZE = 1000
DATA_SEED = 20240
FILE_NAMES = ('train-images-idx3-ubyte.gz', 'train-labels-idx1-ubyte.gz',
              't10k-images-idx3-ubyte.gz', 't10k-labels-idx1-ubyte.gz')


# ---------------------------------------------------------------------------------------------------------
# Data
# ---------------------------------------------------------------------------------------------------------

def write_idx(path, array, magic):
    """Writes `array` (uint8) as an IDX file (gzip-compressed when `path` ends with .gz)."""
    raw = struct.pack('>I', magic) + struct.pack('>' + 'I' * array.ndim, *array.shape) + array.tobytes()
    # mtime=0 keeps the gzip bytes (and so their SHA-1) the same whenever and wherever they are written
    with open(path, 'wb') as f:
        if path.endswith('.gz'):
            with gzip.GzipFile(filename='', mode='wb', fileobj=f, mtime=0) as gz:
                gz.write(raw)
        else:
            f.write(raw)


def _class_patterns(rng, num_classes=10, size=28):
    """One 28x28 pattern per class in [0, 1]: a few blurred line segments at class-specific places."""
    yy, xx = np.mgrid[0:size, 0:size].astype(np.float64)
    patterns = np.zeros((num_classes, size, size))
    for c in range(num_classes):
        for _ in range(3):
            x0, y0, x1, y1 = rng.uniform(5, size - 5, size=4)
            width = rng.uniform(1.0, 2.5)
            # distance of every pixel to the segment (x0, y0)-(x1, y1)
            dx, dy = x1 - x0, y1 - y0
            t = np.clip(((xx - x0) * dx + (yy - y0) * dy) / max(dx * dx + dy * dy, 1e-9), 0, 1)
            dist2 = (xx - x0 - t * dx) ** 2 + (yy - y0 - t * dy) ** 2
            patterns[c] = np.maximum(patterns[c], np.exp(-dist2 / (2 * width ** 2)))
    return patterns


def fashion_mnist_arrays(n, seed, patterns_seed=DATA_SEED):
    """(images uint8 (n, 28, 28), labels uint8 (n,)) drawn from the class patterns of `patterns_seed`."""
    patterns = _class_patterns(np.random.RandomState(patterns_seed))
    rng = np.random.RandomState(seed)
    labels = rng.randint(0, 10, size=n).astype(np.uint8)
    shifts = rng.randint(-3, 4, size=(n, 2))
    gains = rng.uniform(0.5, 1.0, size=n)
    noise = rng.normal(0, 0.45, size=(n, 28, 28))
    images = np.empty((n, 28, 28))
    for i in range(n):
        images[i] = np.roll(patterns[labels[i]], tuple(shifts[i]), axis=(0, 1)) * gains[i]
    images = np.clip((images + noise) * 255, 0, 255).round().astype(np.uint8)
    return images, labels


def write_fashion_mnist(root, train_size=TRAIN_SIZE, test_size=TEST_SIZE, seed=DATA_SEED):
    """Writes the four Fashion-MNIST files under `root`; returns {file name: sha1}."""
    os.makedirs(root, exist_ok=True)
    train = fashion_mnist_arrays(train_size, seed + 1, seed)
    test = fashion_mnist_arrays(test_size, seed + 2, seed)
    for (images, labels), prefix in ((train, 'train'), (test, 't10k')):
        write_idx(os.path.join(root, prefix + '-images-idx3-ubyte.gz'), images, 2051)
        write_idx(os.path.join(root, prefix + '-labels-idx1-ubyte.gz'), labels, 2049)
    return {name: sha1_of(os.path.join(root, name)) for name in FILE_NAMES}


def sha1_of(path):
    with open(path, 'rb') as f:
        return hashlib.sha1(f.read()).hexdigest()


@contextlib.contextmanager
def book_data_dir(*names):
    """A temporary working directory `work/` beside a `data/` folder holding links to the named files of
    shared/data, so that d2lzh's relative paths ('../data/...') find the real files."""
    old = os.getcwd()
    with tempfile.TemporaryDirectory() as tmp:
        os.makedirs(os.path.join(tmp, 'data'))
        os.makedirs(os.path.join(tmp, 'work'))
        for name in names:
            os.symlink(os.path.join(SHARED_DATA, name), os.path.join(tmp, 'data', name))
        os.chdir(os.path.join(tmp, 'work'))
        try:
            yield tmp
        finally:
            os.chdir(old)


# ---------------------------------------------------------------------------------------------------------
# The book's recipes, written once for both frameworks (`import mxnet` is MXNet or the mxtorch alias)
# ---------------------------------------------------------------------------------------------------------

def seed_all(seed):
    import mxnet as mx
    mx.random.seed(seed)
    np.random.seed(seed)
    random.seed(seed)


def lenet():
    """LeNet with batch normalization as the book builds it (chapter 5.10): convolutions and dense layers
    each followed by BatchNorm and a sigmoid. (The plain sigmoid LeNet of chapter 5.5 needs far more
    steps than a unit test can afford before it leaves the chance plateau, under MXNet as under mxtorch;
    batch normalization makes it learn within a few epochs and checks BatchNorm's running statistics,
    which evaluate_accuracy uses, on the way.)"""
    from mxnet.gluon import nn
    net = nn.Sequential()
    net.add(nn.Conv2D(6, kernel_size=5), nn.BatchNorm(), nn.Activation('sigmoid'),
            nn.MaxPool2D(pool_size=2, strides=2),
            nn.Conv2D(16, kernel_size=5), nn.BatchNorm(), nn.Activation('sigmoid'),
            nn.MaxPool2D(pool_size=2, strides=2),
            nn.Dense(120), nn.BatchNorm(), nn.Activation('sigmoid'),
            nn.Dense(84), nn.BatchNorm(), nn.Activation('sigmoid'),
            nn.Dense(10))
    return net


LENET_RECIPE = dict(batch_size=64, lr=1.0, num_epochs=4)


def run_lenet(root, seed):
    """Trains LeNet with d2l.train_ch5 on the files under `root`; returns (printed lines, test accuracy)."""
    import d2lzh as d2l
    import mxnet as mx
    from mxnet import gluon, init
    seed_all(seed)
    r = LENET_RECIPE
    train_iter, test_iter = d2l.load_data_fashion_mnist(r['batch_size'], root=root)
    net = lenet()
    ctx = mx.cpu()
    net.initialize(force_reinit=True, ctx=ctx, init=init.Xavier())
    trainer = gluon.Trainer(net.collect_params(), 'sgd', {'learning_rate': r['lr']})
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        d2l.train_ch5(net, train_iter, test_iter, r['batch_size'], trainer, ctx, r['num_epochs'])
    return out.getvalue().splitlines(), d2l.evaluate_accuracy(test_iter, net, ctx)


SOFTMAX_RECIPE = dict(batch_size=128, lr=0.1, num_epochs=3)


def run_softmax_regression(root, seed):
    """Softmax regression from scratch (chapter 3.6) through d2l.train_ch3 with d2l.sgd; returns
    (printed lines, test accuracy, W, b as numpy)."""
    import d2lzh as d2l
    from mxnet import nd
    seed_all(seed)
    r = SOFTMAX_RECIPE
    train_iter, test_iter = d2l.load_data_fashion_mnist(r['batch_size'], root=root)
    num_inputs, num_outputs = 784, 10
    W = nd.random.normal(scale=0.01, shape=(num_inputs, num_outputs))
    b = nd.zeros(num_outputs)
    W.attach_grad()
    b.attach_grad()

    def softmax(X):
        e = X.exp()
        return e / e.sum(axis=1, keepdims=True)

    def net(X):
        return softmax(nd.dot(X.reshape((-1, num_inputs)), W) + b)

    def cross_entropy(y_hat, y):
        return -nd.pick(y_hat, y).log()

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        d2l.train_ch3(net, train_iter, test_iter, cross_entropy, r['num_epochs'], r['batch_size'],
                      [W, b], r['lr'])
    return out.getvalue().splitlines(), d2l.evaluate_accuracy(test_iter, net)


def parse_epochs(lines):
    """[(loss, train acc, test acc)] from the 'epoch N, loss L, train acc A, test acc T...' lines."""
    rows = []
    for line in lines:
        if line.startswith('epoch'):
            fields = dict(part.strip().rsplit(' ', 1) for part in line.split(',')[1:4])
            rows.append((float(fields['loss']), float(fields['train acc']), float(fields['test acc'])))
    return rows


def sgd_ch7(params, states, hyperparams):
    """The plain mini-batch SGD step of chapter 7 (trainer_fn of d2l.train_ch7)."""
    for p in params:
        p[:] -= hyperparams['lr'] * p.grad


def momentum_ch7(params, states, hyperparams):
    """SGD with momentum written from scratch (chapter 7.4)."""
    for p, v in zip(params, states):
        v[:] = hyperparams['momentum'] * v + hyperparams['lr'] * p.grad
        p[:] -= v


def curve_of_last_plot():
    """The y values of the last line drawn on the current matplotlib axes (d2l's loss curves)."""
    from matplotlib import pyplot as plt
    ys = np.asarray(plt.gca().lines[-1].get_ydata(), dtype=np.float64)
    plt.close('all')
    return ys


def run_train_ch7(features, labels, seed):
    """d2l.train_ch7 with full-batch SGD (deterministic but for the tiny initial weights) and with
    mini-batch momentum; returns the two loss curves. Like the book's later editions, only the first 1500
    of the 1503 rows are used, so that a batch of 1500 is the whole set (no 3-row remainder batch)."""
    import d2lzh as d2l
    from mxnet import nd
    seed_all(seed)
    features, labels = features[:1500], labels[:1500]
    with contextlib.redirect_stdout(io.StringIO()):
        d2l.train_ch7(sgd_ch7, None, {'lr': 1}, features, labels, 1500, 6)
        full = curve_of_last_plot()
        states = [nd.zeros((features.shape[1], 1)), nd.zeros(1)]
        d2l.train_ch7(momentum_ch7, states, {'lr': 0.02, 'momentum': 0.5}, features, labels, 10, 2)
        mini = curve_of_last_plot()
    return full, mini


GLUON_CH7 = (('sgd', {'learning_rate': 0.5}), ('sgd', {'learning_rate': 0.2, 'momentum': 0.5}),
             ('adagrad', {'learning_rate': 0.5}), ('rmsprop', {'learning_rate': 0.05, 'gamma1': 0.9}),
             ('adadelta', {'rho': 0.9999}), ('adam', {'learning_rate': 0.05}))


def run_train_gluon_ch7(features, labels, seed):
    """d2l.train_gluon_ch7 with the optimizers of chapter 7, full batch of the first 1500 rows; returns
    {optimizer and hyper-parameters: loss curve}."""
    import d2lzh as d2l
    seed_all(seed)
    features, labels = features[:1500], labels[:1500]
    curves = {}
    with contextlib.redirect_stdout(io.StringIO()):
        for name, hyper in GLUON_CH7:
            d2l.train_gluon_ch7(name, dict(hyper), features, labels, batch_size=1500, num_epochs=4)
            curves[name + json.dumps(hyper, sort_keys=True)] = curve_of_last_plot()
    return curves


def residual_case(tmpdir, seed):
    """A Residual block with a 1x1 convolution and stride 2, initialised under `seed`; saves its parameters
    to tmpdir/residual.params and returns (input, output in training mode, output in predict mode)."""
    import d2lzh as d2l
    import mxnet as mx
    from mxnet import autograd, nd
    seed_all(seed)
    with mx.name.NameManager():
        blk = d2l.Residual(4, use_1x1conv=True, strides=2)
    blk.initialize(mx.init.Xavier())
    X = nd.random.uniform(-1, 1, shape=(2, 3, 6, 6))
    with autograd.record():
        train_out = blk(X)
    blk.save_parameters(os.path.join(tmpdir, 'residual.params'))
    return X.asnumpy(), train_out.asnumpy(), blk(X).asnumpy()


def resnet18_layout():
    """(name, shape) of every parameter of d2l.resnet18(10) after one forward pass on 1x1x96x96."""
    import d2lzh as d2l
    import mxnet as mx
    from mxnet import nd
    with mx.name.NameManager():
        net = d2l.resnet18(10)
    net.initialize()
    net(nd.zeros((1, 1, 96, 96)))
    return [(name, list(p.shape)) for name, p in net.collect_params().items()]


RNN_KINDS = ('RNN', 'LSTM', 'GRU')
TINY_VOCAB = list('abcdefghijkl')


def tiny_rnn_model(kind):
    """d2l.RNNModel over a gluon.rnn layer of 8 hidden units and a 12-symbol vocabulary."""
    import d2lzh as d2l
    import mxnet as mx
    from mxnet.gluon import rnn
    with mx.name.NameManager():
        return d2l.RNNModel(getattr(rnn, kind)(8), len(TINY_VOCAB))


def rnn_model_case(kind, seed, params_path=None):
    """Forward of a tiny RNNModel (initialised under `seed`, or loaded from `params_path`) on a batch of
    two sequences, and its greedy continuation of 'ab' by d2l.predict_rnn_gluon. Saves the parameters to
    `params_path` when it initialised them."""
    import d2lzh as d2l
    import mxnet as mx
    from mxnet import nd
    seed_all(seed)
    model = tiny_rnn_model(kind)
    if params_path and os.path.exists(params_path):
        model.load_parameters(params_path)
    else:
        model.initialize(mx.init.Uniform(0.5))
    X = nd.array([[1, 2, 3, 4], [5, 6, 11, 0]])
    state = model.begin_state(batch_size=2)
    output, state = model(X, state)
    char_to_idx = {c: i for i, c in enumerate(TINY_VOCAB)}
    text = d2l.predict_rnn_gluon('ab', 12, model, len(TINY_VOCAB), mx.cpu(), TINY_VOCAB, char_to_idx)
    if params_path and not os.path.exists(params_path):
        model.save_parameters(params_path)
    return {'output': output.asnumpy().tolist(), 'state': [s.asnumpy().tolist() for s in state],
            'state_shapes': [list(s.shape) for s in state], 'prediction': text}


RNN_RECIPE = dict(num_hiddens=128, num_epochs=20, num_steps=35, lr=1e2, clipping_theta=1e-2, batch_size=32,
                  pred_period=10, pred_len=10)


def run_rnn_gluon(corpus, seed):
    """d2l.train_and_predict_rnn_gluon on the lyrics with a gluon.rnn.RNN (chapter 6.5's recipe, fewer
    hidden units and epochs); returns the printed lines."""
    import d2lzh as d2l
    import mxnet as mx
    from mxnet.gluon import rnn
    corpus_indices, char_to_idx, idx_to_char, vocab_size = corpus
    seed_all(seed)
    r = RNN_RECIPE
    model = d2l.RNNModel(rnn.RNN(r['num_hiddens']), vocab_size)
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        d2l.train_and_predict_rnn_gluon(model, r['num_hiddens'], vocab_size, mx.cpu(), corpus_indices, idx_to_char,
                                        char_to_idx, r['num_epochs'], r['num_steps'], r['lr'], r['clipping_theta'],
                                        r['batch_size'], r['pred_period'], r['pred_len'], ['分开', '不分开'])
    return out.getvalue().splitlines()


def parse_perplexities(lines):
    return [float(line.split(',')[1].split()[1]) for line in lines if line.startswith('epoch')]


RNN_SCRATCH_RECIPE = dict(num_hiddens=64, num_epochs=4, num_steps=35, lr=1e2, clipping_theta=1e-2,
                          batch_size=32, pred_period=2, pred_len=5)


def run_rnn_scratch(corpus, seed, is_random_iter):
    """d2l.train_and_predict_rnn (chapter 6.4: an RNN written with nd operators, d2l.to_onehot,
    d2l.grad_clipping, d2l.sgd, d2l.predict_rnn) with random or consecutive sampling; returns the printed
    lines."""
    import d2lzh as d2l
    import mxnet as mx
    from mxnet import nd
    corpus_indices, char_to_idx, idx_to_char, vocab_size = corpus
    r = RNN_SCRATCH_RECIPE
    hidden, ctx = r['num_hiddens'], mx.cpu()

    def get_params():
        shapes = [(vocab_size, hidden), (hidden, hidden), None, (hidden, vocab_size), None]
        sizes = [None, None, hidden, None, vocab_size]
        params = [nd.random.normal(scale=0.01, shape=shape, ctx=ctx) if shape else nd.zeros(size, ctx=ctx)
                  for shape, size in zip(shapes, sizes)]
        for p in params:
            p.attach_grad()
        return params

    def init_rnn_state(batch_size, num_hiddens, ctx):
        return (nd.zeros((batch_size, num_hiddens), ctx=ctx),)

    def rnn(inputs, state, params):
        w_xh, w_hh, b_h, w_hq, b_q = params
        h = state[0]
        outputs = []
        for x in inputs:
            h = nd.tanh(nd.dot(x, w_xh) + nd.dot(h, w_hh) + b_h)
            outputs.append(nd.dot(h, w_hq) + b_q)
        return outputs, (h,)

    seed_all(seed)
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        d2l.train_and_predict_rnn(rnn, get_params, init_rnn_state, hidden, vocab_size, ctx, corpus_indices,
                                  idx_to_char, char_to_idx, is_random_iter, r['num_epochs'], r['num_steps'],
                                  r['lr'], r['clipping_theta'], r['batch_size'], r['pred_period'],
                                  r['pred_len'], ['分开', '不分开'])
    return out.getvalue().splitlines()


def run_d2l_train(root, seed):
    """d2l.train (the multi-device loop of chapter 9: split_and_load over a list of contexts) with an MLP on
    the small generated Fashion-MNIST files under `root`; returns the printed lines."""
    import d2lzh as d2l
    import mxnet as mx
    from mxnet import gluon, init
    from mxnet.gluon import loss as gloss, nn
    seed_all(seed)
    train_iter, test_iter = d2l.load_data_fashion_mnist(64, root=root)
    net = nn.Sequential()
    net.add(nn.Dense(64, activation='relu'), nn.Dense(10))
    net.initialize(init.Xavier())
    trainer = gluon.Trainer(net.collect_params(), 'sgd', {'learning_rate': 0.1})
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        d2l.train(train_iter, test_iter, net, gloss.SoftmaxCrossEntropyLoss(), trainer, [mx.cpu()], 3)
    return out.getvalue().splitlines()


SMALL_FASHION = dict(train_size=600, test_size=200)


# ---------------------------------------------------------------------------------------------------------
# Recording MXNet's answers (run under the reference MXNet 1.9.1)
# ---------------------------------------------------------------------------------------------------------

LENET_SEEDS = (1, 2, 3, 4, 5)
SOFTMAX_SEEDS = (1, 2, 3)
RNN_SEEDS = (1, 2, 3)


def _use_local_fashion_mnist_files():
    """MXNet's FashionMNIST re-downloads any file whose SHA-1 is not the official one; the generated files
    are read as they are by taking their own SHA-1 as the expected one (the reading code is untouched)."""
    from mxnet.gluon.data import vision

    class LocalFashionMNIST(vision.FashionMNIST):
        def _get_data(self):
            if hasattr(self, '_files'):   # mxtorch: {'train'/'test': ((name, sha1), (name, sha1))}
                self._files = {part: tuple((name, sha1_of(os.path.join(self._root, name))) for name, _ in files)
                               for part, files in self._files.items()}
            else:                         # MXNet: one (name, sha1) attribute per file
                for attr in ('_train_data', '_train_label', '_test_data', '_test_label'):
                    fname = getattr(self, attr)[0]
                    setattr(self, attr, (fname, sha1_of(os.path.join(self._root, fname))))
            super()._get_data()

    vision.FashionMNIST = LocalFashionMNIST


def _golden_fashion(d2l):
    golden = {}
    with tempfile.TemporaryDirectory() as root:
        golden['fashion_mnist_sha1'] = write_fashion_mnist(root)
        golden['lenet'] = {'recipe': LENET_RECIPE, 'runs': {}}
        for seed in LENET_SEEDS:
            lines, acc = run_lenet(root, seed)
            golden['lenet']['runs'][str(seed)] = {'epochs': parse_epochs(lines), 'test_acc': acc}
            print('lenet seed', seed, lines[-1], acc, flush=True)
        golden['softmax'] = {'recipe': SOFTMAX_RECIPE, 'runs': {}}
        for seed in SOFTMAX_SEEDS:
            lines, acc = run_softmax_regression(root, seed)
            golden['softmax']['runs'][str(seed)] = {'epochs': parse_epochs(lines), 'test_acc': acc}
            print('softmax seed', seed, lines[-1], acc, flush=True)
        # the first test images through load_data_fashion_mnist's Resize + ToTensor
        _, test_iter = d2l.load_data_fashion_mnist(4, resize=32, root=root)
        X, y = next(iter(test_iter))
        golden['resized_first_batch'] = {'shape': list(X.shape), 'dtype': str(X.dtype),
                                         'values': X.asnumpy().round(6).tolist(),
                                         'labels': y.asnumpy().tolist(), 'label_dtype': str(y.dtype)}
    return golden


def _golden_lenet_file(d2l):
    """Names and shapes that save_parameters writes for the LeNet of `lenet()` (and of the main job)."""
    from mxnet import nd
    net = lenet()
    net.initialize()
    net(nd.zeros((1, 1, 28, 28)))
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, 'lenet.params')
        net.save_parameters(path)
        saved = nd.load(path)
    return {'lenet_saved_params': sorted([name, list(a.shape)] for name, a in saved.items())}


def _golden_book_data(d2l):
    golden = {}
    with book_data_dir('jaychou_lyrics.txt.zip', 'airfoil_self_noise.dat'):
        corpus_indices, char_to_idx, idx_to_char, vocab_size = d2l.load_data_jay_lyrics()
        golden['jay_lyrics'] = {'vocab_size': vocab_size, 'num_indices': len(corpus_indices),
                                'text': ''.join(idx_to_char[i] for i in corpus_indices[:200])}
        features, labels = d2l.get_data_ch7()
        golden['ch7_data'] = {'features_shape': list(features.shape), 'labels_shape': list(labels.shape),
                              'dtype': str(features.dtype),
                              'features_head': features[:3].asnumpy().tolist(),
                              'labels_head': labels[:3].asnumpy().tolist()}
        full, mini = run_train_ch7(features, labels, seed=1)
        golden['train_ch7'] = {'full_batch': full.tolist(), 'minibatch': mini.tolist()}
        golden['train_gluon_ch7'] = {k: v.tolist() for k, v in run_train_gluon_ch7(features, labels, 1).items()}
    seq = list(range(30))
    random.seed(7)
    golden['data_iter_random'] = [[X.asnumpy().tolist(), Y.asnumpy().tolist()]
                                  for X, Y in d2l.data_iter_random(seq, 2, 6)]
    golden['data_iter_consecutive'] = [[X.asnumpy().tolist(), Y.asnumpy().tolist()]
                                       for X, Y in d2l.data_iter_consecutive(seq, 2, 6)]
    return golden


def _golden_resnet(d2l):
    with tempfile.TemporaryDirectory() as tmp:
        X, train_out, pred_out = residual_case(tmp, seed=3)
        with open(os.path.join(tmp, 'residual.params'), 'rb') as f:
            params = f.read()
    return {'residual': {'input': X.tolist(), 'train_out': train_out.tolist(), 'pred_out': pred_out.tolist(),
                         'params_hex': params.hex()},
            'resnet18_layout': resnet18_layout()}


def _golden_rnn(d2l):
    golden = {'rnn_model': {}}
    for kind in RNN_KINDS:
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, kind + '.params')
            case = rnn_model_case(kind, seed=5, params_path=path)
            with open(path, 'rb') as f:
                case['params_hex'] = f.read().hex()
        golden['rnn_model'][kind] = case
    with book_data_dir('jaychou_lyrics.txt.zip'):
        corpus = d2l.load_data_jay_lyrics()
    golden['rnn_gluon'] = {'recipe': RNN_RECIPE, 'runs': {}}
    for seed in RNN_SEEDS:
        lines = run_rnn_gluon(corpus, seed)
        golden['rnn_gluon']['runs'][str(seed)] = parse_perplexities(lines)
        print('rnn seed', seed, lines, flush=True)
    return golden


def _golden_more(d2l):
    golden = {'rnn_scratch': {'recipe': RNN_SCRATCH_RECIPE, 'random': {}, 'consecutive': {}},
              'd2l_train': {}}
    with book_data_dir('jaychou_lyrics.txt.zip'):
        corpus = d2l.load_data_jay_lyrics()
    for seed in RNN_SEEDS:
        for is_random in (True, False):
            lines = run_rnn_scratch(corpus, seed, is_random)
            golden['rnn_scratch']['random' if is_random else 'consecutive'][str(seed)] = parse_perplexities(lines)
            print('rnn scratch', seed, is_random, lines, flush=True)
    with tempfile.TemporaryDirectory() as root:
        golden['small_fashion_sha1'] = write_fashion_mnist(root, **SMALL_FASHION)
        for seed in SOFTMAX_SEEDS:
            lines = run_d2l_train(root, seed)
            golden['d2l_train'][str(seed)] = parse_epochs(lines)
            print('d2l.train', seed, lines, flush=True)
    return golden


GOLDEN_SECTIONS = {'more': _golden_more, 'fashion': _golden_fashion, 'lenet_file': _golden_lenet_file, 'book_data': _golden_book_data,
                   'resnet': _golden_resnet, 'rnn': _golden_rnn}


def make_golden(sections=None):
    """Runs the named sections (all by default) under MXNet and merges their answers into the golden file."""
    import matplotlib
    matplotlib.use('Agg')
    import d2lzh as d2l
    import mxnet
    assert mxnet.__name__ == 'mxnet' and mxnet.__version__ == '1.9.1', 'run under MXNet 1.9.1'
    unknown = set(sections or ()) - set(GOLDEN_SECTIONS)
    if unknown:
        raise SystemExit('unknown sections {}; known: {}'.format(sorted(unknown), sorted(GOLDEN_SECTIONS)))
    _use_local_fashion_mnist_files()
    golden = load_golden() if sections and os.path.exists(GOLDEN_FILE) else {}
    golden.update({'mxnet_version': mxnet.__version__, 'd2lzh_version': d2l.__version__})
    for name in sections or GOLDEN_SECTIONS:
        golden.update(GOLDEN_SECTIONS[name](d2l))
    with open(GOLDEN_FILE + '.tmp', 'w') as f:
        json.dump(golden, f, indent=0, sort_keys=True)
    os.replace(GOLDEN_FILE + '.tmp', GOLDEN_FILE)
    print('wrote', os.path.relpath(GOLDEN_FILE))


def load_golden():
    with open(GOLDEN_FILE) as f:
        return json.load(f)


if __name__ == '__main__':
    sys.path.insert(0, HERE)
    make_golden(sys.argv[1:])
