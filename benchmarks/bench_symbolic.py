"""The symbolic API's overhead: an Executor's forward+backward and a Module.fit epoch, each against the
same computation written in plain PyTorch, measured in one run (and MXNet 1.9.1 when its reference venv
is present).

    .venv/bin/python benchmarks/bench_symbolic.py [--repeats 5] [--steps 50] [--threads N] [--no-mxnet]
        [--profile mlp-exec|lenet-exec|mlp-fit]

Models: the book's multilayer perceptron (FullyConnected 256 + relu, FullyConnected 10) and LeNet
(sigmoid convolutions of 6 and 16 5x5 filters with 2x2 max pooling, FullyConnected 120/84/10), both
ending in SoftmaxOutput, on 28x28 images, batch size 256.

* exec: ``simple_bind`` once, then per step ``forward(is_train=True)`` and ``backward()`` (the
  SoftmaxOutput gradient into the parameters' gradient arrays). PyTorch: the same modules, the summed
  cross-entropy (whose gradient is SoftmaxOutput's), ``backward()`` into fresh ``.grad``.
* fit: one epoch of ``Module.fit`` (NDArrayIter over the data in memory, SGD lr 0.1 with rescale_grad
  1/batch, the 'acc' metric updated per batch). PyTorch: the loop over the same batches with
  cross_entropy (mean), ``torch.optim.SGD`` and the correct count read back per batch. Each batch is
  taken as new tensors (``clone`` of the rows), because NDArrayIter must hand out new arrays: MXNet
  1.9.1's batches are copies (writing into one leaves the data set as it was), and a DataLoader over a
  TensorDataset also makes each batch anew. Without that the torch side would skip a copy of every batch
  that Module.fit cannot skip. Module.fit's own copy of the batch into the executor's input arrays
  stays on the mxtorch side only: it is overhead of the symbolic API.

Both sides start from the same weights. Each measurement is repeated `--repeats` times, alternating the
sides, and the best is kept (shared machines are noisy). Targets: exec <= 1.1, fit <= 1.15."""
import argparse
import json
import os
import subprocess
import sys
import time

import numpy as np

REFERENCE_PYTHON = os.path.expanduser('~/.cache/mxtorch-ref/venv/bin/python')
BATCH = 256
EXAMPLES = 40 * BATCH
LEARNING_RATE = 0.1


def make_data(seed=0):
    """Images in [0, 1] with a class-dependent pattern, and their labels."""
    rng = np.random.RandomState(seed)
    labels = rng.randint(0, 10, size=EXAMPLES)
    patterns = (rng.rand(10, 1, 28, 28) < 0.3).astype(np.float32)
    images = patterns[labels] * rng.uniform(0.3, 1.0, size=(EXAMPLES, 1, 28, 28)) + 0.1 * rng.rand(EXAMPLES, 1, 28, 28)
    return images.astype(np.float32), labels.astype(np.float32)


def initial_weights(name, seed=1):
    """The parameters both sides start from: {MXNet argument name: array}."""
    rng = np.random.RandomState(seed)
    if name == 'mlp':
        shapes = [('fc1', (256, 784)), ('fc2', (10, 256))]
    else:
        shapes = [('conv1', (6, 1, 5, 5)), ('conv2', (16, 6, 5, 5)), ('fc1', (120, 256)), ('fc2', (84, 120)),
                  ('fc3', (10, 84))]
    weights = {}
    for layer, shape in shapes:
        fan_in = int(np.prod(shape[1:]))
        weights[layer + '_weight'] = rng.uniform(-1, 1, size=shape).astype(np.float32) / np.sqrt(fan_in)
        weights[layer + '_bias'] = np.zeros(shape[0], dtype=np.float32)
    return weights


# ---- the symbolic side (mxtorch, or MXNet under the reference interpreter) --------------------------------
def build_symbol(mx, name):
    sym = mx.sym
    x = sym.var('data')
    if name == 'mlp':
        x = sym.Activation(sym.FullyConnected(x, num_hidden=256, name='fc1'), act_type='relu')
        x = sym.FullyConnected(x, num_hidden=10, name='fc2')
    else:
        for i, filters in ((1, 6), (2, 16)):
            x = sym.Activation(sym.Convolution(x, kernel=(5, 5), num_filter=filters, name='conv%d' % i),
                               act_type='sigmoid')
            x = sym.Pooling(x, kernel=(2, 2), stride=(2, 2), pool_type='max')
        x = sym.Activation(sym.FullyConnected(x, num_hidden=120, name='fc1'), act_type='sigmoid')
        x = sym.Activation(sym.FullyConnected(x, num_hidden=84, name='fc2'), act_type='sigmoid')
        x = sym.FullyConnected(x, num_hidden=10, name='fc3')
    return sym.SoftmaxOutput(x, name='softmax')


def executor_steps(mx, name, images, labels, steps):
    """A function running `steps` forward+backward steps of a bound executor."""
    net = build_symbol(mx, name)
    reqs = {n: 'write' for n in net.list_arguments() if n not in ('data', 'softmax_label')}
    exe = net.simple_bind(mx.cpu(), grad_req=reqs, data=(BATCH, 1, 28, 28))
    for k, v in initial_weights(name).items():
        exe.arg_dict[k][:] = v
    exe.arg_dict['data'][:] = images[:BATCH]
    exe.arg_dict['softmax_label'][:] = labels[:BATCH]

    def run():
        for _ in range(steps):
            exe.forward(is_train=True)
            exe.backward()
        mx.nd.waitall()
        return float(exe.grad_arrays[-2].asnumpy().sum())
    return run


def fit_epoch(mx, name, images, labels):
    """A function training one Module.fit epoch (the module bound once, before timing)."""
    it = mx.io.NDArrayIter(images, labels, batch_size=BATCH)
    mod = mx.mod.Module(build_symbol(mx, name), context=mx.cpu())
    weights = {k: mx.nd.array(v) for k, v in initial_weights(name).items()}

    def run():
        it.reset()
        mod.fit(it, num_epoch=1, arg_params=weights, force_init=True, optimizer='sgd',
                optimizer_params={'learning_rate': LEARNING_RATE}, eval_metric='acc')
        mx.nd.waitall()
    return run


# ---- plain PyTorch --------------------------------------------------------------------------------------
def build_torch(name):
    import torch
    from torch import nn
    if name == 'mlp':
        net = nn.Sequential(nn.Flatten(), nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 10))
    else:
        net = nn.Sequential(nn.Conv2d(1, 6, 5), nn.Sigmoid(), nn.MaxPool2d(2, 2), nn.Conv2d(6, 16, 5), nn.Sigmoid(),
                            nn.MaxPool2d(2, 2), nn.Flatten(), nn.Linear(256, 120), nn.Sigmoid(), nn.Linear(120, 84),
                            nn.Sigmoid(), nn.Linear(84, 10))
    weights = list(initial_weights(name).values())
    with torch.no_grad():
        for p, w in zip(net.parameters(), weights):
            p.copy_(torch.from_numpy(w))
    return net


def torch_steps(name, images, labels, steps):
    import torch
    import torch.nn.functional as F
    net = build_torch(name)
    x = torch.from_numpy(images[:BATCH])
    y = torch.from_numpy(labels[:BATCH]).long()

    def run():
        with torch.enable_grad():
            for _ in range(steps):
                for p in net.parameters():
                    p.grad = None
                F.cross_entropy(net(x), y, reduction='sum').backward()
        return float(list(net.parameters())[-2].grad.sum())
    return run


def torch_epoch(name, images, labels):
    import torch
    import torch.nn.functional as F
    net = build_torch(name)
    opt = torch.optim.SGD(net.parameters(), lr=LEARNING_RATE)
    xs = torch.from_numpy(images)
    ys = torch.from_numpy(labels).long()

    def run():
        correct = 0
        with torch.enable_grad():
            for i in range(0, EXAMPLES, BATCH):
                x, y = xs[i:i + BATCH].clone(), ys[i:i + BATCH].clone()    # new batches, as NDArrayIter's
                out = net(x)
                opt.zero_grad(set_to_none=True)
                F.cross_entropy(out, y).backward()
                opt.step()
                correct += int((out.argmax(1) == y).sum())
        return correct / EXAMPLES
    return run


# ---- measuring ------------------------------------------------------------------------------------------
def best_of(repeats, *runs):
    """The best time of each run over `repeats` rounds, the runs alternating within a round."""
    best = [float('inf')] * len(runs)
    for _ in range(repeats):
        for i, run in enumerate(runs):
            start = time.perf_counter()
            run()
            best[i] = min(best[i], time.perf_counter() - start)
    return best


def symbolic_runs(mx, images, labels, steps):
    return {'mlp-exec': executor_steps(mx, 'mlp', images, labels, steps),
            'lenet-exec': executor_steps(mx, 'lenet', images, labels, steps),
            'mlp-fit': fit_epoch(mx, 'mlp', images, labels)}


def torch_runs(images, labels, steps):
    return {'mlp-exec': torch_steps('mlp', images, labels, steps),
            'lenet-exec': torch_steps('lenet', images, labels, steps),
            'mlp-fit': torch_epoch('mlp', images, labels)}


def reference_times(args):
    if args.no_mxnet or not os.path.exists(REFERENCE_PYTHON):
        return None
    cmd = [REFERENCE_PYTHON, os.path.abspath(__file__), '--as-mxnet', '--repeats', str(args.repeats), '--steps',
           str(args.steps)]
    try:
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=1800)
    except subprocess.TimeoutExpired:
        return None
    if done.returncode != 0:
        print('(MXNet reference run failed: {})'.format(done.stderr.strip().splitlines()[-1:]), file=sys.stderr)
        return None
    return json.loads(done.stdout.strip().splitlines()[-1])


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    p.add_argument('--repeats', type=int, default=5, help='rounds per measurement (best is kept)')
    p.add_argument('--steps', type=int, default=50, help='forward+backward steps per exec measurement')
    p.add_argument('--threads', type=int, default=0, help='torch intra-op threads (0: torch default)')
    p.add_argument('--no-mxnet', action='store_true', help='skip the MXNet 1.9.1 reference run')
    p.add_argument('--profile', choices=['mlp-exec', 'lenet-exec', 'mlp-fit'], help='profile one mxtorch run')
    p.add_argument('--as-mxnet', action='store_true', help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    images, labels = make_data()
    if args.as_mxnet:
        import mxnet as mx
        runs = symbolic_runs(mx, images, labels, args.steps)
        print(json.dumps(dict(zip(runs, best_of(args.repeats, *runs.values())))))
        return
    import torch
    if args.threads:
        torch.set_num_threads(args.threads)
    import mxtorch as mx
    ours = symbolic_runs(mx, images, labels, args.steps)
    if args.profile:
        import cProfile
        import pstats
        ours[args.profile]()
        cProfile.runctx('run()', {}, {'run': ours[args.profile]}, '/tmp/bench_symbolic.prof')
        pstats.Stats('/tmp/bench_symbolic.prof').sort_stats('cumulative').print_stats(30)
        return
    plain = torch_runs(images, labels, args.steps)
    reference = reference_times(args)
    print('torch {} threads={}; batch {}; exec: {} steps; fit: {} examples'.format(
        torch.__version__, torch.get_num_threads(), BATCH, args.steps, EXAMPLES))
    print('{:<12}{:>12}{:>12}{:>9}{:>12}'.format('', 'mxtorch s', 'torch s', 'ratio', 'MXNet s'))
    for key in ours:
        ours[key]()      # warm up both sides once
        plain[key]()
        mine, theirs = best_of(args.repeats, ours[key], plain[key])
        ref = '{:12.4f}'.format(reference[key]) if reference else '{:>12}'.format('-')
        print('{:<12}{:12.4f}{:12.4f}{:9.3f}{}'.format(key, mine, theirs, mine / theirs, ref))


if __name__ == '__main__':
    main()
