"""Train the classic MXNet multilayer perceptron on MNIST with the Module API, on mxtorch.

    python examples/train_module_mlp.py [--epochs N] [--data auto|mnist|digits] [--out DIR] ...

The model is MXNet's tutorial MLP written with mx.sym (Flatten, FullyConnected 128 and 64 with relu,
FullyConnected 10, SoftmaxOutput); the data comes in through mx.io.NDArrayIter; training is
``mx.mod.Module.fit`` with SGD and momentum, Xavier initialisation, the accuracy metric, a Speedometer
every `--log-every` batches and a checkpoint per epoch (``mx.callback.do_checkpoint``: the
``mlp-symbol.json`` and ``mlp-%04d.params`` files MXNet writes and reads). The validation accuracy of
every epoch is printed, and the final one returned by `main`.

Data: the MNIST idx files (``train-images-idx3-ubyte[.gz]``, ``train-labels-idx1-ubyte[.gz]``,
``t10k-images-idx3-ubyte[.gz]``, ``t10k-labels-idx1-ubyte[.gz]``) from $MXNET_HOME/datasets/mnist
(~/.mxnet/datasets/mnist by default), downloaded there through gluon.data.vision.MNIST when absent. A
machine with neither the files nor a network trains on the UCI handwritten digits shipped with mxtorch
(8x8 images) instead, and says so.
"""
import argparse
import gzip
import logging
import os
import struct
import sys
import time

import numpy as np

import mxtorch as mx

IDX_FILES = {'train': ('train-images-idx3-ubyte', 'train-labels-idx1-ubyte'),
             'test': ('t10k-images-idx3-ubyte', 't10k-labels-idx1-ubyte')}


def parse_args(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split('\n\n')[0],
                                formatter_class=argparse.ArgumentDefaultsHelpFormatter)
    p.add_argument('--data', choices=('auto', 'mnist', 'digits'), default='auto',
                   help='auto: MNIST when present or downloadable, else the shipped digits')
    p.add_argument('--epochs', type=int, default=10, help='training epochs')
    p.add_argument('--batch-size', type=int, default=100, help='mini-batch size')
    p.add_argument('--lr', type=float, default=0.1, help='SGD learning rate')
    p.add_argument('--momentum', type=float, default=0.9, help='SGD momentum')
    p.add_argument('--num-examples', type=int, default=0, help='use only this many training images (0: all)')
    p.add_argument('--log-every', type=int, default=100, help='batches between Speedometer lines')
    p.add_argument('--out', default='out', help='folder for the checkpoints (prefix out/mlp)')
    p.add_argument('--gpu', action='store_true', help='train on gpu(0)')
    p.add_argument('--seed', type=int, default=0, help='random seed (mx.random and numpy)')
    args = p.parse_args(argv)
    for name in ('epochs', 'batch_size', 'log_every'):
        if getattr(args, name) <= 0:
            p.error('--{} must be positive'.format(name.replace('_', '-')))
    if args.lr <= 0 or args.num_examples < 0:
        p.error('--lr must be positive and --num-examples at least 0')
    return args


# ---- data -----------------------------------------------------------------------------------------------
def mnist_root():
    return os.path.join(mx.base.data_dir(), 'datasets', 'mnist')


def _open_idx(root, stem):
    for name, opener in ((stem + '.gz', gzip.open), (stem, open)):
        path = os.path.join(root, name)
        if os.path.exists(path):
            return opener(path, 'rb')
    return None


def read_idx(stream):
    """The array in an idx file (the format of the MNIST files): a magic number giving the element type
    (0x08: unsigned bytes) and the number of dimensions, the dimensions, then the data."""
    zero, kind, ndim = struct.unpack('>HBB', stream.read(4))
    if zero != 0 or kind != 0x08:
        raise ValueError('not an idx file of unsigned bytes (magic {:#x} {:#x})'.format(zero, kind))
    shape = struct.unpack('>' + 'I' * ndim, stream.read(4 * ndim))
    data = np.frombuffer(stream.read(), dtype=np.uint8)
    if data.size != int(np.prod(shape)):
        raise ValueError('idx file holds {} values for shape {}'.format(data.size, shape))
    return data.reshape(shape)


def load_mnist(root):
    """{'train': (images, labels), 'test': (...)} from the idx files in `root`, or None when one is
    missing."""
    parts = {}
    for part, stems in IDX_FILES.items():
        streams = [_open_idx(root, stem) for stem in stems]
        if any(s is None for s in streams):
            for s in streams:
                if s is not None:
                    s.close()
            return None
        with streams[0] as images, streams[1] as labels:
            parts[part] = (read_idx(images), read_idx(labels))
    return parts


def download_mnist():
    """Fetch MNIST through gluon.data.vision.MNIST (which stores the idx files in mnist_root()); the
    error text when that fails."""
    try:
        mx.gluon.data.vision.MNIST(train=True)
        mx.gluon.data.vision.MNIST(train=False)
    except mx.base.MXNetError as e:
        return str(e)
    return None


def load_digits():
    """The UCI digits shipped with mxtorch as (train, test) parts like MNIST's: every fifth image is a test
    image; grey levels 0..16 stretched to 0..255."""
    from mxtorch._data import load_digits as read
    images, labels = read()
    images = (images.astype(np.uint16) * 255 // 16).astype(np.uint8)
    test = np.arange(len(labels)) % 5 == 0
    return {'train': (images[~test], labels[~test]), 'test': (images[test], labels[test])}


def choose_data(which):
    """(name, {'train': (images, labels), 'test': (...)})."""
    if which in ('auto', 'mnist'):
        parts = load_mnist(mnist_root())
        if parts is None:
            print('MNIST is not in {}: trying to download it ...'.format(mnist_root()), flush=True)
            reason = download_mnist()
            parts = load_mnist(mnist_root()) if reason is None else None
        if parts is not None:
            return 'mnist', parts
        if which == 'mnist':
            sys.exit('error: MNIST is not available: {}'.format(reason))
        print('MNIST cannot be had on this machine (no network, no files in {}).\nTraining instead on the UCI '
              'optical handwritten digits shipped with mxtorch (1797 real 8x8 images, CC BY 4.0).\n'.format(
                  mnist_root()), flush=True)
    return 'digits', load_digits()


def iterators(parts, batch_size, num_examples):
    """NDArrayIters over the training part (shuffled) and the test part, pixels scaled to [0, 1]."""
    def arrays(part, limit=0):
        images, labels = parts[part]
        if limit:
            images, labels = images[:limit], labels[:limit]
        return images.astype(np.float32) / 255.0, labels.astype(np.float32)
    train = mx.io.NDArrayIter(*arrays('train', num_examples), batch_size=batch_size, shuffle=True)
    test = mx.io.NDArrayIter(*arrays('test'), batch_size=batch_size)
    return train, test


# ---- model and training --------------------------------------------------------------------------------
def mlp():
    """MXNet's tutorial MLP: 128 and 64 relu units, 10 outputs, softmax output layer."""
    net = mx.sym.Flatten(mx.sym.var('data'))
    for i, units in enumerate((128, 64), 1):
        net = mx.sym.Activation(mx.sym.FullyConnected(net, num_hidden=units, name='fc%d' % i), act_type='relu',
                                name='relu%d' % i)
    net = mx.sym.FullyConnected(net, num_hidden=10, name='fc3')
    return mx.sym.SoftmaxOutput(net, name='softmax')


def main(argv=None):
    args = parse_args(argv)
    mx.random.seed(args.seed)
    np.random.seed(args.seed)
    logging.basicConfig(level=logging.INFO, format='%(message)s')
    data, parts = choose_data(args.data)
    train, test = iterators(parts, args.batch_size, args.num_examples)
    ctx = mx.gpu(0) if args.gpu else mx.cpu()
    os.makedirs(args.out, exist_ok=True)
    prefix = os.path.join(args.out, 'mlp')
    history = []

    def remember(param):
        history.append(dict(param.eval_metric.get_name_value()))
        print('epoch {}: validation accuracy {:.4f}'.format(param.epoch + 1, history[-1]['accuracy']), flush=True)

    print('training the MLP on {} ({} train / {} test images) on {}: {} epochs, batch size {}, lr {}, momentum {}'
          .format(data, train.num_data, test.num_data, ctx, args.epochs, args.batch_size, args.lr,
                  args.momentum), flush=True)
    mod = mx.mod.Module(mlp(), context=ctx)
    start = time.time()
    mod.fit(train, eval_data=test, eval_metric='acc', num_epoch=args.epochs, optimizer='sgd',
            optimizer_params={'learning_rate': args.lr, 'momentum': args.momentum},
            initializer=mx.init.Xavier(factor_type='in', magnitude=2.34),
            batch_end_callback=mx.callback.Speedometer(args.batch_size, args.log_every),
            epoch_end_callback=mx.callback.do_checkpoint(prefix), eval_end_callback=remember)
    seconds = time.time() - start
    accuracy = mod.score(test, 'acc')[0][1]
    print('final test accuracy on {}: {:.4f} ({} epochs, {:.1f} s); checkpoints {}-symbol.json and {}-{:04d}.params'
          .format(data, accuracy, args.epochs, seconds, prefix, prefix, args.epochs), flush=True)
    return {'data': data, 'accuracy': accuracy, 'history': history, 'prefix': prefix, 'seconds': seconds}


if __name__ == '__main__':
    main()
