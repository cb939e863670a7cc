"""mx.np (MXNet's NumPy interface, the second edition of Dive into Deep Learning) against mx.nd and plain
PyTorch, measured in one run.

    .venv/bin/python benchmarks/bench_np.py [--epochs-timed 3] [--threads N] [--only ops|train|calls]

* ops: the per-call overhead over plain torch of small (4x4 float32) operators written with mx.np next to
  the same operators written with mx.nd. Target: the np column's overhead is no higher than nd's (both
  front ends are compiled from one template over the same operator table).
* train: one epoch of the book's MLP (chapter 4.2/4.3 of the second edition: Dense(256, relu), Dense(10),
  Normal(0.01) init, SGD lr 0.5, batch 256) in NumPy mode (``npx.set_np()``, the loop of d2l's
  ``train_epoch_ch3``: forward, loss, backward, step, ``float(l.sum())`` and the accuracy read back per
  batch) against the same model in plain PyTorch from the same initial weights on the same batches
  (bench_train.py's torch side). Target: at most 1.1x.

* calls: Python function calls per training batch of that epoch (cProfile), NumPy mode against the same
  loop in nd mode, and the functions NumPy mode calls more often: where its overhead over nd mode is,
  independent of the machine's load.

Times are the best of alternating short batches (shared machines are noisy): read the ratios."""
import argparse
import os
import sys
import time

import numpy as onp
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bench_ops  # noqa: E402  (its paired timer)
import bench_train  # noqa: E402  (data, the plain-PyTorch side)

import mxtorch as mx  # noqa: E402
from mxtorch import autograd, gluon, nd, np, npx  # noqa: E402


def op_cases():
    """(name, np call, nd call, torch call): the same result with each front end's semantics (a full
    reduction is 0-d in np, shape (1,) in nd)."""
    a_np = onp.random.RandomState(0).rand(4, 4).astype(onp.float32)
    x, y, w, b = np.array(a_np), np.array(a_np + 1), np.array(a_np.T), np.ones((4,))
    X, Y, W, B = x.as_nd_ndarray(), y.as_nd_ndarray(), w.as_nd_ndarray(), b.as_nd_ndarray()
    # separate buffers for the in-place cases, so that they do not change the others' inputs
    xi, Xi, ti = np.array(a_np), nd.array(a_np), torch.tensor(a_np)
    t, u, wt, bt = x._t.clone(), y._t.clone(), w._t.clone(), b._t.clone()
    F = torch.nn.functional
    return [
        ('x + y', lambda: x + y, lambda: X + Y, lambda: t + u),
        ('x * 2.0', lambda: x * 2.0, lambda: X * 2.0, lambda: t * 2.0),
        ('add(x, y)', lambda: np.add(x, y), lambda: nd.add(X, Y), lambda: torch.add(t, u)),
        ('exp(x)', lambda: np.exp(x), lambda: nd.exp(X), lambda: torch.exp(t)),
        ('relu(x)', lambda: npx.relu(x), lambda: nd.relu(X), lambda: torch.relu(t)),
        ('sum(x)', lambda: np.sum(x), lambda: nd.sum(X), lambda: t.sum()),
        ('x.sum(axis=1)', lambda: x.sum(axis=1), lambda: X.sum(axis=1), lambda: t.sum(dim=1)),
        ('x == y', lambda: x == y, lambda: X == Y, lambda: t == u),
        ('dot(x, w)', lambda: np.dot(x, w), lambda: nd.dot(X, W), lambda: torch.matmul(t, wt)),
        ('x.reshape(2, 8)', lambda: x.reshape((2, 8)), lambda: X.reshape((2, 8)), lambda: t.reshape(2, 8)),
        ('x[1]', lambda: x[1], lambda: X[1], lambda: t[1]),
        ('x += y', lambda: xi.__iadd__(y), lambda: Xi.__iadd__(Y), lambda: ti.add_(u)),
        ('fully_connected', lambda: npx.fully_connected(x, w, b, num_hidden=4),
         lambda: nd.FullyConnected(X, W, B, num_hidden=4), lambda: F.linear(t, wt, bt)),
        ('softmax(x)', lambda: npx.softmax(x), lambda: nd.softmax(X), lambda: torch.softmax(t, -1)),
    ]


def run_ops(report):
    report('small arrays (4x4 float32): per-call overhead over plain torch, mx.np next to mx.nd')
    report('  {:<18} {:>9} {:>9} {:>9} {:>13} {:>13} {:>9}'.format(
        'operation', 'torch us', 'np us', 'nd us', 'np overhead', 'nd overhead', 'np/nd'))
    worse = []
    np_total = nd_total = 0.0
    for name, np_fn, nd_fn, torch_fn in op_cases():
        t_np, t_torch = bench_ops.paired_best_times(np_fn, torch_fn, rounds=40)
        t_nd, t_torch2 = bench_ops.paired_best_times(nd_fn, torch_fn, rounds=40)
        base = min(t_torch, t_torch2)
        over_np, over_nd = (t_np - base) * 1e6, (t_nd - base) * 1e6
        np_total += over_np
        nd_total += over_nd
        # a difference under 0.15 us is below what this timer resolves on a shared machine
        if over_np > over_nd + 0.15:
            worse.append(name)
        report('  {:<18} {:>9.2f} {:>9.2f} {:>9.2f} {:>+13.2f} {:>+13.2f} {:>9.2f}'.format(
            name, base * 1e6, t_np * 1e6, t_nd * 1e6, over_np, over_nd, t_np / t_nd))
    report('  mean overhead: np {:+.2f} us, nd {:+.2f} us; np above nd by more than 0.15 us: {}'.format(
        np_total / len(op_cases()), nd_total / len(op_cases()), ', '.join(worse) or 'none'))


# ---- one epoch of the second edition's MLP in NumPy mode ----------------------------------------------
def np_setup(images, labels, order, lr=0.5):
    npx.set_np()
    nn = gluon.nn
    net = nn.Sequential()
    net.add(nn.Dense(256, activation='relu'), nn.Dense(10))
    net.initialize(mx.init.Normal(sigma=0.01))
    net(np.array(images[:2]))                       # complete the deferred shapes
    X = np.array(images[order])
    y = np.array(labels[order], dtype='int32')      # d2l's Fashion-MNIST loader gives int32 labels
    size = bench_train.BATCH_SIZE
    batches = [(X[i:i + size], y[i:i + size]) for i in range(0, bench_train.NUM_EXAMPLES, size)]
    trainer = gluon.Trainer(net.collect_params(), 'sgd', {'learning_rate': lr})
    return net, trainer, batches


def np_epoch(net, trainer, batches):
    """d2l's train_epoch_ch3 (MXNet, second edition) with its accuracy(): (mean loss, accuracy)."""
    loss = gluon.loss.SoftmaxCrossEntropyLoss()
    loss_sum, correct, n = 0.0, 0.0, 0
    for X, y in batches:
        with autograd.record():
            y_hat = net(X)
            l = loss(y_hat, y)
        l.backward()
        trainer.step(X.shape[0])
        loss_sum += float(l.sum())
        correct += float((y_hat.argmax(axis=1).astype(y.dtype) == y).astype(y.dtype).sum())
        n += y.size
    return loss_sum / n, correct / n


def run_train(report, epochs_timed):
    images, labels, order = bench_train.make_data()
    net, trainer, batches = np_setup(images, labels, order)
    weights = [p.data().asnumpy() for p in net.collect_params().values()]
    tnet, opt, t_batches = bench_train.torch_setup('mlp', weights, images, labels, order, False)
    np_epoch(net, trainer, batches)                 # untimed warm-up epochs
    bench_train.torch_epoch(tnet, opt, t_batches)
    np_times, t_times = [], []
    for _ in range(epochs_timed):
        start = time.perf_counter()
        np_result = np_epoch(net, trainer, batches)
        np_times.append(time.perf_counter() - start)
        start = time.perf_counter()
        t_result = bench_train.torch_epoch(tnet, opt, t_batches)
        t_times.append(time.perf_counter() - start)
    npx.reset_np()
    report('one epoch of the MLP, {} examples, batch {}, NumPy mode (npx.set_np) against plain PyTorch'.format(
        bench_train.NUM_EXAMPLES, bench_train.BATCH_SIZE))
    report('  {:>12} {:>12} {:>8}   last epoch: loss, accuracy (mx.np | pytorch)'.format(
        'mx.np (s)', 'pytorch (s)', 'ratio'))
    report('  {:>12.3f} {:>12.3f} {:>7.2f}x   {:.4f} {:.3f} | {:.4f} {:.3f}'.format(
        min(np_times), min(t_times), min(np_times) / min(t_times), *np_result, *t_result))
    return min(np_times) / min(t_times)


# ---- Python calls per batch: what NumPy mode adds over nd mode, without needing a quiet machine ------------
def _calls_per_batch(epoch, batches):
    """{function: calls per batch} of one profiled epoch over `batches` (after an unprofiled one)."""
    import cProfile
    import pstats
    epoch(batches)
    profiler = cProfile.Profile()
    profiler.enable()
    epoch(batches)
    profiler.disable()
    found = {}
    for (path, line, name), (_, calls, _, _, _) in pstats.Stats(profiler).stats.items():
        key = '{}:{}({})'.format(os.path.basename(path), line, name) if path != '~' else name
        found[key] = found.get(key, 0) + calls / len(batches)
    return found


def run_calls(report, batches_profiled=10):
    images, labels, order = bench_train.make_data()
    net, trainer, batches = np_setup(images, labels, order)
    np_calls = _calls_per_batch(lambda b: np_epoch(net, trainer, b), batches[:batches_profiled])
    npx.reset_np()
    nd_net, nd_trainer, nd_batches = bench_train.gluon_setup(mx, 'mlp', images, labels, order, False, False)
    nd_calls = _calls_per_batch(lambda b: bench_train.gluon_epoch(mx, nd_net, nd_trainer, b),
                                nd_batches[:batches_profiled])
    report('Python calls per training batch of the MLP (cProfile): NumPy mode {:.0f}, nd mode {:.0f}'.format(
        sum(np_calls.values()), sum(nd_calls.values())))
    report('  the functions NumPy mode calls more often per batch than nd mode:')
    more = sorted(np_calls, key=lambda k: nd_calls.get(k, 0) - np_calls[k])
    for key in more[:12]:
        extra = np_calls[key] - nd_calls.get(key, 0)
        if extra > 0.5:
            report('  {:>6.1f} {}'.format(extra, key))


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    p.add_argument('--epochs-timed', type=int, default=3, help='timed epochs per side (best is kept)')
    p.add_argument('--threads', type=int, default=0, help='torch intra-op threads (0: torch default)')
    p.add_argument('--only', choices=('ops', 'train', 'calls'),
                   help="run one part ('calls': Python calls per batch, NumPy mode against nd mode)")
    args = p.parse_args(argv)
    if args.threads:
        torch.set_num_threads(args.threads)
    print('mxtorch {} on torch {}, {} CPU thread(s)'.format(mx.__version__, torch.__version__,
                                                          torch.get_num_threads()))
    if args.only == 'calls':
        run_calls(print)
        return
    if args.only != 'train':
        run_ops(print)
        print('')
    if args.only != 'ops':
        run_train(print, args.epochs_timed)


if __name__ == '__main__':
    main()
