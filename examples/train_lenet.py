"""Train LeNet on Fashion-MNIST the way *Dive into Deep Learning* (MXNet edition) does, on mxtorch.

    python examples/train_lenet.py [--epochs N] [--out DIR] ...

The data comes through gluon.data (a vision dataset, ToTensor, a DataLoader with worker processes), the
model is the book's LeNet (a Gluon Sequential of Conv2D / MaxPool2D / Dense), and it is trained with a
gluon.Trainer (plain SGD) on SoftmaxCrossEntropyLoss. Each epoch shows a progress bar with the loss, the
training and test accuracy and the throughput. At the end the trained parameters are written in MXNet's
own format (``save_parameters``: MXNet 1.9.1 can load them), the learning curves as a PNG, the history as
JSON, and the final test accuracy is printed.

Data: Fashion-MNIST from its default root ($MXNET_HOME/datasets/fashion-mnist, ~/.mxnet/... by default),
downloaded there if absent. A machine with neither the files nor a network trains instead on a small real
data set shipped inside mxtorch, the UCI handwritten digits (1797 images of 8x8, upscaled to 28x28 by the
same Resize transform the book uses for larger models), and says so. ``--data`` chooses explicitly.
"""
import argparse
import json
import os
import random
import sys
import time

import numpy as np

import mxtorch as mx
from mxtorch import autograd, gluon, init, nd
from mxtorch.gluon import data as gdata
from mxtorch.gluon import loss as gloss
from mxtorch.gluon import nn
from mxtorch.gluon.data.vision import transforms

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
                   help="lenet-bn: the book's LeNet with batch normalization (chapter 5.10); lenet: the "
                        "original sigmoid LeNet (chapter 5.5), which needs many more steps to start learning")
    p.add_argument('--epochs', type=int, help='number of epochs (default: per data set)')
    p.add_argument('--batch-size', type=int, help='mini-batch size (default: per data set)')
    p.add_argument('--lr', type=float, help='SGD learning rate (default: per data set)')
    p.add_argument('--workers', type=int, default=min(4, os.cpu_count() or 1),
                   help='DataLoader worker processes (0: load in the main process)')
    p.add_argument('--threads', type=int, default=0,
                   help='threads for the CPU operators of the training process (0: the cores left over by '
                        'the workers, at least 1)')
    p.add_argument('--out', default='out', help='folder for the parameters, the curves and the history')
    p.add_argument('--gpu', action='store_true', help='train on gpu(0) (default: gpu(0) when there is one)')
    p.add_argument('--cpu', action='store_true', help='train on the CPU even when there is a GPU')
    p.add_argument('--seed', type=int, default=0, help='random seed (mx.random, numpy, random)')
    args = p.parse_args(argv)
    for name in ('epochs', 'batch_size', 'lr'):
        value = getattr(args, name)
        if value is not None and value <= 0:
            p.error('--{} must be positive, got {}'.format(name.replace('_', '-'), value))
    if args.workers < 0:
        p.error('--workers must be 0 or more, got {}'.format(args.workers))
    if args.threads < 0:
        p.error('--threads must be 0 or more, got {}'.format(args.threads))
    if args.gpu and args.cpu:
        p.error('--gpu and --cpu exclude each other')
    return args


# ---------------------------------------------------------------------------------------------------------
# Data
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
    except mx.base.MXNetError as e:
        return None, str(e)


def load_digits():
    """(train, test) datasets of the UCI handwritten digits shipped with mxtorch: 8x8 uint8 images with a
    channel axis (HWC, as vision datasets give them), grey levels 0..16 stretched to 0..255. Every fifth
    image is a test image (360), the rest train (1437)."""
    from mxtorch._data import load_digits as read
    images, labels = read()
    images = (images.astype(np.uint16) * 255 // 16).astype(np.uint8)[..., None]
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
    return 'digits', *load_digits(), transforms.Compose([transforms.Resize(28), to_tensor])


# ---------------------------------------------------------------------------------------------------------
# Model
# ---------------------------------------------------------------------------------------------------------

def lenet(batch_norm=True):
    """The book's LeNet: two 5x5 convolutions (6 and 16 channels) each followed by 2x2 max pooling, then
    dense layers of 120, 84 and 10 units, with sigmoid activations; with batch_norm, a BatchNorm after each
    convolution and hidden dense layer, before the sigmoid."""
    net = nn.Sequential()
    act = None if batch_norm else 'sigmoid'
    layers = [nn.Conv2D(6, kernel_size=5, activation=act), nn.Conv2D(16, kernel_size=5, activation=act),
              nn.Dense(120, activation=act), nn.Dense(84, activation=act)]
    for i, layer in enumerate(layers):
        net.add(layer)
        if batch_norm:
            net.add(nn.BatchNorm(), nn.Activation('sigmoid'))
        if i < 2:
            net.add(nn.MaxPool2D(pool_size=2, strides=2))
    net.add(nn.Dense(10))
    return net


# ---------------------------------------------------------------------------------------------------------
# Training
# ---------------------------------------------------------------------------------------------------------

class ProgressBar:
    """One line per epoch, redrawn in place on a terminal (plain final lines when output is a file)."""

    def __init__(self, epoch, epochs, total, stream=None, width=24):
        self.head = 'epoch {:>{w}}/{}'.format(epoch, epochs, w=len(str(epochs)))
        self.total, self.stream, self.width = total, stream or sys.stdout, width
        self.live = self.stream.isatty()

    def _bar(self, done):
        filled = self.width * done // max(self.total, 1)
        return '[' + '=' * filled + ('>' if filled < self.width else '') + '.' * (self.width - filled - 1) + ']'

    def update(self, done, loss, acc, speed):
        if self.live:
            self.stream.write('\r{} {} {:>4}/{} loss {:.4f} train acc {:.3f} {:,.0f} samples/s'.format(
                self.head, self._bar(done), done, self.total, loss, acc, speed))
            self.stream.flush()

    def close(self, loss, acc, test_acc, speed, seconds):
        self.stream.write('{}{} {} loss {:.4f} train acc {:.3f} test acc {:.3f} {:,.0f} samples/s {:.1f} s\n'.format(
            '\r' if self.live else '', self.head, self._bar(self.total), loss, acc, test_acc, speed, seconds))
        self.stream.flush()


def evaluate_accuracy(data_iter, net, ctx):
    correct, n = 0.0, 0
    for X, y in data_iter:
        X, y = X.as_in_context(ctx), y.as_in_context(ctx).astype('float32')
        correct += float((net(X).argmax(axis=1) == y).sum().asscalar())
        n += y.size
    return correct / n


def train(net, train_iter, test_iter, trainer, ctx, epochs, num_batches):
    loss = gloss.SoftmaxCrossEntropyLoss()
    history = []
    for epoch in range(1, epochs + 1):
        bar = ProgressBar(epoch, epochs, num_batches)
        loss_sum, correct, n, start = 0.0, 0.0, 0, time.time()
        for i, (X, y) in enumerate(train_iter, 1):
            X, y = X.as_in_context(ctx), y.as_in_context(ctx)
            with autograd.record():
                y_hat = net(X)
                l = loss(y_hat, y)
            l.backward()
            trainer.step(X.shape[0])
            loss_sum += float(l.sum().asscalar())
            correct += float((y_hat.argmax(axis=1) == y.astype('float32')).sum().asscalar())
            n += X.shape[0]
            bar.update(i, loss_sum / n, correct / n, n / (time.time() - start))
        seconds = time.time() - start
        test_acc = evaluate_accuracy(test_iter, net, ctx)
        bar.close(loss_sum / n, correct / n, test_acc, n / seconds, seconds)
        history.append({'epoch': epoch, 'loss': loss_sum / n, 'train_acc': correct / n, 'test_acc': test_acc,
                        'samples_per_sec': n / seconds, 'seconds': seconds})
    return history


def plot_curves(history, title, path):
    import matplotlib
    matplotlib.use('Agg')
    from matplotlib import pyplot as plt
    epochs = [h['epoch'] for h in history]
    fig, (ax_loss, ax_acc) = plt.subplots(1, 2, figsize=(9, 3.5))
    ax_loss.plot(epochs, [h['loss'] for h in history], 'o-', label='train loss')
    ax_loss.set_xlabel('epoch')
    ax_loss.set_ylabel('loss')
    ax_loss.set_yscale('log')
    ax_loss.legend()
    ax_acc.plot(epochs, [h['train_acc'] for h in history], 'o-', label='train acc')
    ax_acc.plot(epochs, [h['test_acc'] for h in history], 's--', label='test acc')
    ax_acc.set_xlabel('epoch')
    ax_acc.set_ylabel('accuracy')
    ax_acc.set_ylim(0, 1)
    ax_acc.legend(loc='lower right')
    fig.suptitle(title)
    fig.tight_layout()
    tmp = path + '.tmp.png'  # written whole, then renamed: an interrupted run leaves no half file
    fig.savefig(tmp, dpi=100)
    os.replace(tmp, path)
    plt.close(fig)


def main(argv=None):
    args = parse_args(argv)
    mx.random.seed(args.seed)
    np.random.seed(args.seed)
    random.seed(args.seed)
    use_gpu = args.gpu or (not args.cpu and mx.context.num_gpus() > 0)
    ctx = mx.gpu(0) if use_gpu else mx.cpu()
    if not use_gpu:
        # The DataLoader's workers already keep `workers` cores busy: the training process's own operator
        # threads get the rest. (Oversubscribed cores make LeNet's small operators several times slower.)
        import torch
        torch.set_num_threads(args.threads or max(1, (os.cpu_count() or 1) - args.workers))

    data, train_set, test_set, transform = choose_data(args.data)
    settings = dict(DEFAULTS[data])
    settings.update({k: v for k, v in (('epochs', args.epochs), ('batch_size', args.batch_size), ('lr', args.lr))
                     if v is not None})
    batch_size = settings['batch_size']
    train_iter = gdata.DataLoader(train_set.transform_first(transform), batch_size, shuffle=True,
                                  num_workers=args.workers)
    test_iter = gdata.DataLoader(test_set.transform_first(transform), batch_size, shuffle=False,
                                 num_workers=args.workers)

    net = lenet(batch_norm=args.model == 'lenet-bn')
    net.initialize(init=init.Xavier(), ctx=ctx)
    trainer = gluon.Trainer(net.collect_params(), 'sgd', {'learning_rate': settings['lr']})
    print('training {} on {} ({} train / {} test images) on {}: {} epochs, batch size {}, lr {}, {} workers'
          .format(args.model, data, len(train_set), len(test_set), ctx, settings['epochs'], batch_size,
                  settings['lr'], args.workers), flush=True)
    start = time.time()
    history = train(net, train_iter, test_iter, trainer, ctx, settings['epochs'], len(train_iter))
    total = time.time() - start

    os.makedirs(args.out, exist_ok=True)
    params = os.path.join(args.out, 'lenet.params')
    curves = os.path.join(args.out, 'learning_curves.png')
    net.save_parameters(params)
    plot_curves(history, '{} on {}'.format(args.model, data), curves)
    history_path = os.path.join(args.out, 'history.json')
    with open(history_path + '.tmp', 'w') as f:
        json.dump({'data': data, 'model': args.model, 'context': str(ctx), 'settings': settings,
                   'train_size': len(train_set), 'test_size': len(test_set), 'seconds': total,
                   'epochs': history}, f, indent=1)
    os.replace(history_path + '.tmp', history_path)
    print('saved parameters (MXNet format) to {}, learning curves to {}'.format(params, curves))
    print('final test accuracy on {}: {:.4f} ({} epochs, {:.1f} s)'.format(
        data, history[-1]['test_acc'], len(history), total))
    return history


if __name__ == '__main__':
    main()
