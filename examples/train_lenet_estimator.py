"""Train the book's LeNet on Fashion-MNIST with Gluon's Estimator (``gluon.contrib.estimator``).

    python examples/train_lenet_estimator.py [--epochs N] [--limit N] [--out DIR] ...

The same model and data as examples/train_lenet.py, but the training loop is MXNet's Estimator: a
LoggingHandler writes the learning rate, the training metrics and the timings (every epoch, or every
``--log-interval`` batches), the validation pass runs after each epoch, a CheckpointHandler saves the
parameters and trainer states after each epoch into ``--out`` (``lenet-epoch<E>batch<B>.params/.states``,
the best validation accuracy as ``lenet-best.*``, the graph as ``lenet-symbol.json``), and an
EarlyStoppingHandler ends training when the validation accuracy has not improved for ``--patience``
epochs.

It runs on mxtorch, or unchanged on Apache MXNet 1.9.1 where mxtorch is not installed (it imports
``mxtorch`` and falls back to ``mxnet``).

Data: Fashion-MNIST from its default root ($MXNET_HOME/datasets/fashion-mnist), downloaded there if
absent. A machine with neither the files nor a network trains instead on the UCI handwritten digits that
mxtorch ships (1797 real 8x8 images, upscaled to 28x28), and says so. ``--data`` chooses explicitly;
``--limit N`` keeps only the first N training and N test images (for a quick run).
"""
import argparse
import gzip
import os
import random
import sys

import numpy as np

try:
    import mxtorch as mx
except ImportError:  # Apache MXNet 1.9.1
    import mxnet as mx
gluon, nd, init = mx.gluon, mx.nd, mx.init
nn, gdata = mx.gluon.nn, mx.gluon.data
transforms = mx.gluon.data.vision.transforms
estimator = mx.gluon.contrib.estimator

ON_MXTORCH = mx.__name__ == 'mxtorch'

# Per data set: the book's settings for Fashion-MNIST (chapter 5.10, LeNet with batch normalization), and
# for the 1437 training digits smaller batches and more epochs, so that there are enough SGD steps.
DEFAULTS = {
    'fashion-mnist': dict(epochs=5, batch_size=256, lr=1.0),
    'digits': dict(epochs=10, batch_size=32, lr=0.5),
}


def parse_args(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split('\n\n')[0],
                                formatter_class=argparse.ArgumentDefaultsHelpFormatter)
    p.add_argument('--data', choices=('auto', 'fashion-mnist', 'digits'), default='auto',
                   help='auto: Fashion-MNIST when present or downloadable, else the shipped digits')
    p.add_argument('--model', choices=('lenet-bn', 'lenet'), default='lenet-bn',
                   help="lenet-bn: LeNet with batch normalization (chapter 5.10); lenet: the sigmoid LeNet")
    p.add_argument('--epochs', type=int, help='most epochs to train (default: per data set)')
    p.add_argument('--batch-size', type=int, help='mini-batch size (default: per data set)')
    p.add_argument('--lr', type=float, help='SGD learning rate (default: per data set)')
    p.add_argument('--limit', type=int, default=0,
                   help='use only the first N training and N test images (0: all)')
    p.add_argument('--patience', type=int, default=2,
                   help='epochs without a better validation accuracy before training stops')
    p.add_argument('--log-interval', type=int, default=0,
                   help='log the training metrics every N batches too (0: once per epoch)')
    p.add_argument('--max-checkpoints', type=int, default=3, help='epoch checkpoints to keep')
    p.add_argument('--workers', type=int, default=0, help='DataLoader worker processes')
    p.add_argument('--out', default='out-estimator', help='folder for the checkpoints')
    p.add_argument('--cpu', action='store_true', help='train on the CPU even when there is a GPU')
    p.add_argument('--seed', type=int, default=0, help='random seed (mx.random, numpy, random)')
    args = p.parse_args(argv)
    for name in ('epochs', 'batch_size', 'lr'):
        value = getattr(args, name)
        if value is not None and value <= 0:
            p.error('--{} must be positive, got {}'.format(name.replace('_', '-'), value))
    for name in ('limit', 'patience', 'log_interval', 'workers'):
        if getattr(args, name) < 0:
            p.error('--{} must be 0 or more, got {}'.format(name.replace('_', '-'), getattr(args, name)))
    if args.max_checkpoints < 1:
        p.error('--max-checkpoints must be at least 1, got {}'.format(args.max_checkpoints))
    return args


# ---------------------------------------------------------------------------------------------------------
# Data (as in examples/train_lenet.py)
# ---------------------------------------------------------------------------------------------------------

FASHION_FILES = ('train-images-idx3-ubyte.gz', 'train-labels-idx1-ubyte.gz',
                 't10k-images-idx3-ubyte.gz', 't10k-labels-idx1-ubyte.gz')


def fashion_mnist_root():
    return os.path.join(mx.base.data_dir(), 'datasets', 'fashion-mnist')


def load_fashion_mnist():
    """(train, test) FashionMNIST datasets from the default root (downloading missing files), or None with
    the reason when they can be neither found nor downloaded."""
    root = fashion_mnist_root()
    if not all(os.path.exists(os.path.join(root, f)) for f in FASHION_FILES):
        print('Fashion-MNIST is not in {}: trying to download it ...'.format(root), flush=True)
    try:
        return gdata.vision.FashionMNIST(train=True), gdata.vision.FashionMNIST(train=False)
    except Exception as e:  # noqa: BLE001 - MXNet and mxtorch raise different errors for a failed download
        return None, str(e)


def digits_file():
    """digits.csv.gz of mxtorch: from the installed package, else from the source tree beside this file
    (so that the example finds it under MXNet too)."""
    if ON_MXTORCH:
        from mxtorch._data import digits_path
        return digits_path()
    return os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'src', 'mxtorch', '_data',
                        'digits.csv.gz')


def load_digits():
    """(train, test) datasets of the UCI handwritten digits: 8x8 uint8 images with a channel axis (HWC, as
    vision datasets give them), grey levels 0..16 stretched to 0..255. Every fifth image is a test image
    (360), the rest train (1437)."""
    with gzip.open(digits_file(), 'rt') as f:
        table = np.loadtxt(f, delimiter=',', dtype=np.int64)
    images = (table[:, :64].reshape(-1, 8, 8) * 255 // 16).astype(np.uint8)[..., None]
    labels = table[:, 64].astype(np.int32)
    test = np.arange(len(labels)) % 5 == 0

    def dataset(mask):
        return gdata.ArrayDataset(nd.array(images[mask], dtype=np.uint8), labels[mask])
    return dataset(~test), dataset(test)


def choose_data(which):
    """(name, train dataset, test dataset, transform)."""
    to_tensor = transforms.ToTensor()
    if which in ('auto', 'fashion-mnist'):
        train, test = load_fashion_mnist()
        if train is not None:
            return 'fashion-mnist', train, test, to_tensor
        if which == 'fashion-mnist':
            sys.exit('error: Fashion-MNIST is not available: {}'.format(test))
        print('Fashion-MNIST cannot be had on this machine (no network, no files in {}).\n'
              'Training instead on the UCI optical handwritten digits shipped with mxtorch (1797 real 8x8 '
              'images, CC BY 4.0), upscaled to 28x28.\n'.format(fashion_mnist_root()), flush=True)
    train, test = load_digits()
    return 'digits', train, test, transforms.Compose([transforms.Resize(28), to_tensor])


class FirstItems(gdata.Dataset):
    """The first `n` items of a dataset."""

    def __init__(self, dataset, n):
        self._dataset, self._n = dataset, min(n, len(dataset))

    def __len__(self):
        return self._n

    def __getitem__(self, idx):
        if not 0 <= idx < self._n:
            raise IndexError(idx)
        return self._dataset[idx]


# ---------------------------------------------------------------------------------------------------------
# Model
# ---------------------------------------------------------------------------------------------------------

def lenet(batch_norm=True):
    """The book's LeNet: two 5x5 convolutions (6 and 16 channels) each followed by 2x2 max pooling, then
    dense layers of 120, 84 and 10 units, with sigmoid activations; with batch_norm, a BatchNorm after each
    convolution and hidden dense layer, before the sigmoid."""
    net = nn.HybridSequential()
    act = None if batch_norm else 'sigmoid'
    layers = [nn.Conv2D(6, kernel_size=5, activation=act), nn.Conv2D(16, kernel_size=5, activation=act),
              nn.Dense(120, activation=act), nn.Dense(84, activation=act)]
    with net.name_scope():
        for i, layer in enumerate(layers):
            net.add(layer)
            if batch_norm:
                net.add(nn.BatchNorm(), nn.Activation('sigmoid'))
            if i < 2:
                net.add(nn.MaxPool2D(pool_size=2, strides=2))
        net.add(nn.Dense(10))
    return net


# ---------------------------------------------------------------------------------------------------------
# Training with the Estimator
# ---------------------------------------------------------------------------------------------------------

def main(argv=None):
    args = parse_args(argv)
    mx.random.seed(args.seed)
    np.random.seed(args.seed)
    random.seed(args.seed)
    ctx = mx.gpu(0) if not args.cpu and mx.context.num_gpus() > 0 else mx.cpu()

    data, train_set, test_set, transform = choose_data(args.data)
    if args.limit:
        train_set, test_set = FirstItems(train_set, args.limit), FirstItems(test_set, args.limit)
    settings = dict(DEFAULTS[data])
    settings.update({k: v for k, v in (('epochs', args.epochs), ('batch_size', args.batch_size),
                                       ('lr', args.lr)) if v is not None})
    batch_size = settings['batch_size']
    train_iter = gdata.DataLoader(train_set.transform_first(transform), batch_size, shuffle=True,
                                  num_workers=args.workers)
    test_iter = gdata.DataLoader(test_set.transform_first(transform), batch_size, shuffle=False,
                                 num_workers=args.workers)

    net = lenet(batch_norm=args.model == 'lenet-bn')
    net.initialize(init=init.Xavier(), ctx=ctx)
    net.hybridize()  # so that the CheckpointHandler can save the graph as lenet-symbol.json
    trainer = gluon.Trainer(net.collect_params(), 'sgd', {'learning_rate': settings['lr']})
    est = estimator.Estimator(net, gluon.loss.SoftmaxCrossEntropyLoss(), trainer=trainer, context=ctx)
    # est.train_metrics: [training accuracy, training softmaxcrossentropyloss]; val_metrics likewise
    val_accuracy = est.val_metrics[0]
    handlers = [
        estimator.LoggingHandler(log_interval=args.log_interval or 'epoch', metrics=est.train_metrics),
        estimator.CheckpointHandler(args.out, model_prefix='lenet', monitor=val_accuracy, save_best=True,
                                    mode='max', max_checkpoints=args.max_checkpoints),
        estimator.EarlyStoppingHandler(monitor=val_accuracy, mode='max', patience=args.patience),
    ]
    print('training {} on {} ({} train / {} test images) with {} on {}: at most {} epochs, batch size {}, '
          'lr {}'.format(args.model, data, len(train_set), len(test_set), mx.__name__, ctx, settings['epochs'],
                         batch_size, settings['lr']), flush=True)
    est.fit(train_iter, val_data=test_iter, epochs=settings['epochs'], event_handlers=handlers)

    name, value = val_accuracy.get()
    print('{} after the last epoch: {:.4f}; checkpoints in {}: {}'.format(
        name, value, args.out, ', '.join(sorted(os.listdir(args.out)))))
    return value


if __name__ == '__main__':
    main()
