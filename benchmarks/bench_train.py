"""One training epoch of the book's models in mxtorch's Gluon against the same model in plain PyTorch (and
MXNet 1.9.1 when its reference venv is present), measured in one run.

    .venv/bin/python benchmarks/bench_train.py [--epochs-timed 3] [--threads N] [--gpu] [--hybridize]
        [--compile] [--cpu-time] [--profile mlp|lenet]

Models (Dive into Deep Learning, MXNet edition): the multilayer perceptron of chapter 3.10 (Dense(256,
relu), Dense(10) on 28x28 inputs, Normal(0.01) init, SGD lr 0.5) and LeNet of chapter 5.5 (sigmoid
convolutions, max pooling, Dense 120/84/10, Xavier init, SGD lr 0.9), batch size 256. Both sides train
from the same initial weights on the same data held in memory, visit the batches in the same order, and
do what the book's training loop does per batch: forward, loss, backward, SGD step, and reading the
batch's loss sum and correct count back to Python. The plain-PyTorch side is torch.nn modules with
torch.optim.SGD; its mean-reduced loss matches Gluon's per-example loss with trainer.step(batch_size).

Each epoch is timed `--epochs-timed` times, alternating the frameworks, and the best time is kept
(shared machines are noisy); the ratio mxtorch / PyTorch is the overhead (target: at most 1.1).
``--profile`` runs one mxtorch epoch of that model under cProfile and prints where the time goes.
``--compile`` hybridizes with ``backend='inductor'``: the graph's forward and backward are compiled by
inductor at the first call (the time it takes is printed apart; the untimed first epoch includes it).
``--cpu-time`` times epochs with this process's CPU time (with ``--threads 1``: what the work costs on an
oversubscribed machine, where the wall clock also counts waits for a core)."""
import argparse
import json
import os
import subprocess
import sys
import time

import numpy as np

REFERENCE_PYTHON = os.path.expanduser('~/.cache/mxtorch-ref/venv/bin/python')
BATCH_SIZE = 256
NUM_EXAMPLES = 60 * BATCH_SIZE  # 15360 images: a quarter of Fashion-MNIST's training set
MODELS = {'mlp': 0.5, 'lenet': 0.9}  # name: learning rate (the book's)


def make_data(seed=0):
    """Images in [0, 1] that look a little like Fashion-MNIST's (a class-specific sparse mask of bright
    pixels over a dark, noisy background, so that both models learn and the curves move), int labels, and
    a fixed batch order."""
    rng = np.random.RandomState(seed)
    labels = rng.randint(0, 10, size=NUM_EXAMPLES)
    masks = (rng.rand(10, 1, 28, 28) < 0.3).astype(np.float32)
    images = masks[labels] * rng.uniform(0.3, 1.0, size=(NUM_EXAMPLES, 1, 28, 28))
    images = (images + 0.1 * rng.rand(NUM_EXAMPLES, 1, 28, 28)).astype(np.float32)
    order = rng.permutation(NUM_EXAMPLES)
    return images, labels.astype(np.int32), order


# ---------------------------------------------------------------------------------------------------------
# Gluon side (mxtorch, or MXNet 1.9.1 when run by the reference interpreter with --as-mxnet)
# ---------------------------------------------------------------------------------------------------------

def build_gluon(mx, name, ctx, hybridize, backend=None):
    nn = mx.gluon.nn
    net = nn.HybridSequential() if hybridize else nn.Sequential()
    if name == 'mlp':
        net.add(nn.Dense(256, activation='relu'), nn.Dense(10))
        net.initialize(mx.init.Normal(sigma=0.01), ctx=ctx)
    else:
        net.add(nn.Conv2D(channels=6, kernel_size=5, activation='sigmoid'),
                nn.MaxPool2D(pool_size=2, strides=2),
                nn.Conv2D(channels=16, kernel_size=5, activation='sigmoid'),
                nn.MaxPool2D(pool_size=2, strides=2),
                nn.Dense(120, activation='sigmoid'),
                nn.Dense(84, activation='sigmoid'),
                nn.Dense(10))
        net.initialize(mx.init.Xavier(), ctx=ctx)
    if hybridize:
        if backend:
            net.hybridize(backend=backend)
        else:
            net.hybridize()
    return net


def gluon_epoch(mx, net, trainer, batches):
    """One epoch of the book's loop (train_ch3/train_ch5): returns (mean loss, accuracy)."""
    autograd = mx.autograd
    loss = mx.gluon.loss.SoftmaxCrossEntropyLoss()
    loss_sum, correct, n = 0.0, 0.0, 0
    for X, y in batches:
        with autograd.record():
            y_hat = net(X)
            l = loss(y_hat, y)
        l.backward()
        trainer.step(BATCH_SIZE)
        loss_sum += l.sum().asscalar()
        correct += (y_hat.argmax(axis=1) == y).sum().asscalar()
        n += y.size
    return loss_sum / n, correct / n


def gluon_setup(mx, name, images, labels, order, use_gpu, hybridize, backend=None):
    ctx = mx.gpu(0) if use_gpu else mx.cpu()
    net = build_gluon(mx, name, ctx, hybridize, backend)
    net(mx.nd.array(images[:2], ctx=ctx))  # complete deferred shapes before copying weights out
    X = mx.nd.array(images[order], ctx=ctx)
    y = mx.nd.array(labels[order], ctx=ctx)  # float32 labels, as the book's loaders give after astype
    batches = [(X[i:i + BATCH_SIZE], y[i:i + BATCH_SIZE]) for i in range(0, NUM_EXAMPLES, BATCH_SIZE)]
    trainer = mx.gluon.Trainer(net.collect_params(), 'sgd', {'learning_rate': MODELS[name]})
    return net, trainer, batches


def gluon_weights(net):
    return [p.data().asnumpy() for p in net.collect_params().values()]


# ---------------------------------------------------------------------------------------------------------
# Plain PyTorch side
# ---------------------------------------------------------------------------------------------------------

def build_torch(name, weights, device):
    import torch
    from torch import nn
    if name == 'mlp':
        net = nn.Sequential(nn.Flatten(), nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 10))
    else:
        net = nn.Sequential(nn.Conv2d(1, 6, 5), nn.Sigmoid(), nn.MaxPool2d(2, 2),
                            nn.Conv2d(6, 16, 5), nn.Sigmoid(), nn.MaxPool2d(2, 2), nn.Flatten(),
                            nn.Linear(256, 120), nn.Sigmoid(), nn.Linear(120, 84), nn.Sigmoid(),
                            nn.Linear(84, 10))
    params = list(net.parameters())
    assert len(params) == len(weights) and all(p.shape == w.shape for p, w in zip(params, weights))
    with torch.no_grad():
        for p, w in zip(params, weights):
            p.copy_(torch.from_numpy(w))
    return net.to(device)


def torch_epoch(net, opt, batches):
    import torch
    import torch.nn.functional as F
    loss_sum, correct, n = 0.0, 0.0, 0
    for X, y in batches:
        with torch.enable_grad():  # mxtorch keeps torch's grad mode off outside autograd.record()
            y_hat = net(X)
            l = F.cross_entropy(y_hat, y)
        opt.zero_grad(set_to_none=True)
        l.backward()
        opt.step()
        with torch.no_grad():
            loss_sum += l.item() * y.numel()
            correct += (y_hat.argmax(dim=1) == y).sum().item()
        n += y.numel()
    return loss_sum / n, correct / n


def torch_setup(name, weights, images, labels, order, use_gpu):
    import torch
    device = torch.device('cuda:0' if use_gpu else 'cpu')
    net = build_torch(name, weights, device)
    X = torch.from_numpy(images[order]).to(device)
    y = torch.from_numpy(labels[order].astype(np.int64)).to(device)
    batches = [(X[i:i + BATCH_SIZE], y[i:i + BATCH_SIZE]) for i in range(0, NUM_EXAMPLES, BATCH_SIZE)]
    return net, torch.optim.SGD(net.parameters(), lr=MODELS[name]), batches


# ---------------------------------------------------------------------------------------------------------

CLOCK = [time.perf_counter]     # time.process_time with --cpu-time


def timed(fn, sync):
    clock = CLOCK[0]
    sync()
    start = clock()
    result = fn()
    sync()
    return clock() - start, result


def run_mxnet_reference(args):
    """Epoch times of MXNet 1.9.1 (this script run by the reference interpreter), or None."""
    if args.gpu or not os.path.exists(REFERENCE_PYTHON):
        return None
    cmd = [REFERENCE_PYTHON, os.path.abspath(__file__), '--as-mxnet', '--epochs-timed', str(args.epochs_timed)]
    if args.hybridize:
        cmd.append('--hybridize')
    env = dict(os.environ, OMP_NUM_THREADS=str(args.threads or os.cpu_count() or 1))
    try:
        out = subprocess.run(cmd, capture_output=True, text=True, timeout=1800, env=env)
    except subprocess.TimeoutExpired:
        return None
    if out.returncode != 0:
        print('(MXNet reference run failed: {})'.format(out.stderr.strip().splitlines()[-1:]), file=sys.stderr)
        return None
    return json.loads(out.stdout.strip().splitlines()[-1])


def as_mxnet(args):
    """Under the reference interpreter: time MXNet 1.9.1's epochs and print them as JSON."""
    import mxnet as mx
    images, labels, order = make_data()
    result = {}
    for name in MODELS:
        net, trainer, batches = gluon_setup(mx, name, images, labels, order, False, args.hybridize)
        times = [timed(lambda: gluon_epoch(mx, net, trainer, batches), mx.nd.waitall)[0]
                 for _ in range(args.epochs_timed)]
        result[name] = min(times)
    print(json.dumps(result))


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    p.add_argument('--epochs-timed', type=int, default=3, help='timed epochs per framework (best is kept)')
    p.add_argument('--threads', type=int, default=0, help='torch intra-op threads (0: torch default)')
    p.add_argument('--gpu', action='store_true', help='train on gpu(0) / cuda:0')
    p.add_argument('--hybridize', action='store_true', help='HybridSequential + hybridize() on the Gluon side')
    p.add_argument('--compile', action='store_true', help="hybridize(backend='inductor') (implies --hybridize)")
    p.add_argument('--cpu-time', action='store_true', help="time with the process's CPU time (use with --threads 1)")
    p.add_argument('--profile', choices=sorted(MODELS), help='profile one mxtorch epoch of this model')
    p.add_argument('--no-mxnet', action='store_true', help='skip the MXNet 1.9.1 reference run')
    p.add_argument('--as-mxnet', action='store_true', help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.epochs_timed < 1:
        p.error('--epochs-timed must be at least 1')
    if args.compile:
        args.hybridize = True
    if args.as_mxnet:
        return as_mxnet(args)
    backend = 'inductor' if args.compile else None

    import torch
    import mxtorch as mx
    if args.threads:
        torch.set_num_threads(args.threads)
    if args.cpu_time:
        CLOCK[0] = time.process_time
    sync = torch.cuda.synchronize if args.gpu else (lambda: None)
    images, labels, order = make_data()

    if args.profile:
        import cProfile
        import pstats
        net, trainer, batches = gluon_setup(mx, args.profile, images, labels, order, args.gpu, args.hybridize,
                                            backend)
        gluon_epoch(mx, net, trainer, batches)  # warm-up
        prof = cProfile.Profile()
        prof.runcall(gluon_epoch, mx, net, trainer, batches)
        pstats.Stats(prof).sort_stats('tottime').print_stats(25)
        return

    reference = None if args.no_mxnet else run_mxnet_reference(args)
    print('one epoch: {} examples of 28x28, batch size {}, {}, torch {} ({} threads, {}, load {:.2f}){}'.format(
        NUM_EXAMPLES, BATCH_SIZE, 'cuda:0' if args.gpu else 'CPU', torch.__version__, torch.get_num_threads(),
        'CPU time' if args.cpu_time else 'wall clock', os.getloadavg()[0],
        ', hybridized' + (" (backend='inductor')" if args.compile else '') if args.hybridize else ''))
    header = '{:<8} {:>12} {:>12} {:>8} {:>16} {:>14}   {}'.format(
        'model', 'mxtorch (s)', 'pytorch (s)', 'ratio', 'MXNet 1.9.1 (s)', 'MXNet/mxtorch',
        'last epoch: loss, accuracy (mxtorch | pytorch)')
    print(header)
    ratios = {}
    for name in MODELS:
        net, trainer, mx_batches = gluon_setup(mx, name, images, labels, order, args.gpu, args.hybridize, backend)
        tnet, opt, t_batches = torch_setup(name, gluon_weights(net), images, labels, order, args.gpu)
        # a first, untimed epoch each: allocator and kernel warm-up (and compiling)
        start = time.perf_counter()
        gluon_epoch(mx, net, trainer, mx_batches)
        first_epoch = time.perf_counter() - start
        torch_epoch(tnet, opt, t_batches)
        mx_times, t_times = [], []
        for _ in range(args.epochs_timed):
            seconds, mx_result = timed(lambda: gluon_epoch(mx, net, trainer, mx_batches), sync)
            mx_times.append(seconds)
            seconds, t_result = timed(lambda: torch_epoch(tnet, opt, t_batches), sync)
            t_times.append(seconds)
        mx_t, t_t = min(mx_times), min(t_times)
        ratios[name] = mx_t / t_t
        ref = reference.get(name) if reference else None
        # same weights, same batches: both sides must train alike (a check that the work is the same)
        print('{:<8} {:>12.3f} {:>12.3f} {:>7.2f}x {:>16} {:>14}   {:.4f} {:.3f} | {:.4f} {:.3f}'.format(
            name, mx_t, t_t, mx_t / t_t, '{:.3f}'.format(ref) if ref else '-',
            '{:.2f}x'.format(ref / mx_t) if ref else '-', *mx_result, *t_result))
        compiler = getattr(getattr(net, '_cached_op', None), 'compiler', None)
        if compiler is not None and (compiler.compile_seconds or compiler.failed):
            print('{:<8} first (untimed) epoch {:.2f} s, of which compiling {:.2f} s{}'.format(
                '', first_epoch, compiler.compile_seconds,
                '; compile failed: ' + compiler.failed if compiler.failed else ''))
    return ratios


if __name__ == '__main__':
    main()
