"""What hybridize() buys: HybridBlocks run eagerly against the same blocks hybridized, in one run.

    .venv/bin/python benchmarks/bench_hybrid.py [--repeats 5] [--steps 200] [--threads N] [--cpu-time]
        [--zoo-steps 20] [--only elementwise|d2l|zoo]

* elementwise: two blocks written with F whose graphs are mostly small element-wise operators, where
  torch.compile's fusion pays: an MLP of three Dense(64) layers with tanh-GELU and Swish written out
  (38 element-wise nodes), and an LSTM cell written with F and unrolled over 8 steps (90 element-wise
  nodes). Steady state, batch 32: a training step (forward and backward under autograd.record) and a
  forward alone, eager mxtorch against hybridized; the time of the first hybridized calls (tracing and
  compiling) is reported apart. Target: hybridized >= 1.5x faster.
* d2l: the benchmark of Dive into Deep Learning's hybridize chapter (Dense 256/128/2 on a 1x512 input,
  1000 forward calls) end to end from a fresh network, tracing and compiling included, with and without
  net.hybridize(), in nd mode (first edition) and np mode (second edition). Target: hybridized not slower.
* zoo: the book's fine-tuning chapter in small: model_zoo resnet18_v1 trained from a fresh network for
  `--zoo-steps` steps (batch 8 of 3x64x64, SoftmaxCrossEntropyLoss, sgd) eagerly, with hybridize() and
  with hybridize(static_alloc=True, static_shape=True); the time of the first step (tracing, compiling)
  and the steady step are reported apart, and the whole run end to end. Target: hybridized not slower.

A hybridized training step of the book's MLP and LeNet against plain PyTorch is in
``bench_train.py --hybridize``. Each measurement is repeated `--repeats` times, alternating the sides,
and the best is kept (shared machines are noisy). ``--cpu-time`` times with this process's CPU time
instead of the wall clock: with ``--threads 1`` on an oversubscribed machine it is what the work costs,
where the wall clock also counts the waits for a core (and torch's threads collapse there)."""
import argparse
import time

import mxtorch as mx
from mxtorch import autograd, gluon, nd
from mxtorch.gluon import nn

BATCH = 32
clock = time.perf_counter     # or time.process_time (--cpu-time)
WIDTH = 64
LSTM_STEPS = 8


class GeluSwishMLP(gluon.HybridBlock):
    """Three Dense layers, each followed by tanh-GELU and Swish written out with F."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        with self.name_scope():
            self.layers = [nn.Dense(WIDTH, in_units=WIDTH) for _ in range(3)]
            for i, layer in enumerate(self.layers):
                self.register_child(layer, 'dense%d' % i)

    def hybrid_forward(self, F, x):
        for layer in self.layers:
            x = layer(x)
            cube = x * x * x
            x = 0.5 * x * (1 + F.tanh(0.7978845608 * (x + 0.044715 * cube)))
            x = x * F.sigmoid(1.5 * x)
        return x


class UnrolledLSTM(gluon.HybridBlock):
    """An LSTM cell written with F, run over LSTM_STEPS steps of the same input."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        with self.name_scope():
            self.i2h = nn.Dense(4 * WIDTH, in_units=WIDTH)
            self.h2h = nn.Dense(4 * WIDTH, in_units=WIDTH, use_bias=False)

    def hybrid_forward(self, F, x):
        h = F.zeros_like(x)
        c = F.zeros_like(x)
        for _ in range(LSTM_STEPS):
            gates = self.i2h(x) + self.h2h(h)
            i, f, g, o = F.split(gates, num_outputs=4, axis=1)
            i, f, o = F.sigmoid(i), F.sigmoid(f), F.sigmoid(o)
            c = f * c + i * F.tanh(g)
            h = o * F.tanh(c)
        return h


def best_of(repeats, fn):
    times = []
    for _ in range(repeats):
        start = clock()
        fn()
        times.append(clock() - start)
    return min(times)


def elementwise_rows(block_class, steps, repeats):
    x = nd.random.uniform(shape=(BATCH, WIDTH))
    eager, hybrid = block_class(), block_class()
    eager.initialize()
    hybrid.initialize()
    hybrid.hybridize()

    def train(net):
        def run():
            for _ in range(steps):
                with autograd.record():
                    y = net(x)
                y.backward()
            nd.waitall()
        return run

    def forward(net):
        def run():
            for _ in range(steps):
                net(x)
            nd.waitall()
        return run

    x.attach_grad()
    start = time.perf_counter()    # (wall clock: inductor compiles in other processes)
    for _ in range(40):  # past the compile policy's warm calls, in both modes
        with autograd.record():
            hybrid(x).backward()
        hybrid(x)
    warm = time.perf_counter() - start
    train(eager)()
    forward(eager)()
    rows = []
    for label, make in (('train step', train), ('forward', forward)):
        t_eager = t_hybrid = float('inf')
        for _ in range(repeats):
            t_eager = min(t_eager, best_of(1, make(eager)))
            t_hybrid = min(t_hybrid, best_of(1, make(hybrid)))
        rows.append((label, t_eager / steps * 1e6, t_hybrid / steps * 1e6))
    return rows, warm


def d2l_chapter(np_mode, repeats):
    """Seconds for d2l's hybridize benchmark from a fresh net: (eager, hybridized)."""
    if np_mode:
        mx.npx.set_np()
    try:
        def run(hybridize):
            net = nn.HybridSequential()
            net.add(nn.Dense(256, activation='relu'), nn.Dense(128, activation='relu'), nn.Dense(2))
            net.initialize()
            if hybridize:
                net.hybridize()
            x = mx.np.random.normal(size=(1, 512)) if np_mode else nd.random.normal(shape=(1, 512))
            start = clock()
            for _ in range(1000):
                net(x)
            nd.waitall()
            return clock() - start

        t_eager = t_hybrid = float('inf')
        for _ in range(repeats):
            t_eager = min(t_eager, run(False))
            t_hybrid = min(t_hybrid, run(True))
        return t_eager, t_hybrid
    finally:
        if np_mode:
            mx.npx.reset_np()


def zoo_run(flags, steps):
    """(seconds of the first training step, best later step, all steps) of resnet18_v1 from a fresh net;
    `flags` None: eager."""
    from mxtorch.gluon.model_zoo import vision
    net = vision.resnet18_v1(classes=10)
    net.initialize(mx.init.Xavier())
    if flags is not None:
        net.hybridize(**flags)
    loss = gluon.loss.SoftmaxCrossEntropyLoss()
    trainer = gluon.Trainer(net.collect_params(), 'sgd', {'learning_rate': 0.01})
    x = nd.random.uniform(shape=(8, 3, 64, 64))
    y = nd.array([i % 10 for i in range(8)])
    times = []
    for _ in range(steps):
        start = clock()
        with autograd.record():
            l = loss(net(x), y)
        l.backward()
        trainer.step(8)
        l.asnumpy()
        times.append(clock() - start)
    return times[0], min(times[1:]), sum(times)


def zoo_rows(steps):
    rows = []
    for label, flags in (('eager', None), ('hybridize()', {}),
                         ('static_alloc+static_shape', {'static_alloc': True, 'static_shape': True})):
        rows.append((label,) + zoo_run(flags, steps))
    return rows


def main():
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('--repeats', type=int, default=5)
    p.add_argument('--steps', type=int, default=200)
    p.add_argument('--threads', type=int, default=None)
    p.add_argument('--cpu-time', action='store_true', help="time with the process's CPU time (use with --threads 1)")
    p.add_argument('--zoo-steps', type=int, default=20, help='resnet18_v1 training steps per run (0: skip)')
    p.add_argument('--only', choices=('elementwise', 'd2l', 'zoo'), help='run one part')
    args = p.parse_args()
    if args.threads:
        import torch
        torch.set_num_threads(args.threads)
    if args.cpu_time:
        global clock
        clock = time.process_time

    import os
    import torch
    print('torch %s, %d threads, %s, load average %.2f %.2f %.2f' % (
        torch.__version__, torch.get_num_threads(), 'CPU time' if args.cpu_time else 'wall clock', *os.getloadavg()))
    if args.only in (None, 'elementwise'):
        elementwise_part(args)
    if args.only in (None, 'd2l'):
        d2l_part(args)
    if args.only in (None, 'zoo') and args.zoo_steps > 1:
        zoo_part(args)


def zoo_part(args):
    print("the fine-tuning chapter in small: resnet18_v1, %d training steps from a fresh net (s; ratio = "
          "eager / this, end to end, target >= 1.0)" % args.zoo_steps)
    rows = zoo_rows(args.zoo_steps)
    eager_total = rows[0][3]
    for label, first, steady, total in rows:
        print('  %-26s first step %6.2f  steady step %.4f  all %6.2f  ratio %.2fx' % (
            label, first, steady, total, eager_total / total))


def elementwise_part(args):
    print('element-wise HybridBlocks, batch %d (us per call; ratio = eager / hybridized, target >= 1.5)' % BATCH)
    for block_class in (GeluSwishMLP, UnrolledLSTM):
        rows, warm = elementwise_rows(block_class, args.steps, args.repeats)
        for label, eager, hybrid in rows:
            print('  %-14s %-10s eager %8.1f  hybridized %8.1f  ratio %.2fx' % (
                block_class.__name__, label, eager, hybrid, eager / hybrid))
        print('  %-14s first 40 hybridized train+forward calls (tracing and compiling): %.1f s' % (
            block_class.__name__, warm))


def d2l_part(args):
    print("d2l's hybridize chapter, 1000 calls from a fresh net, compile included "
          "(ratio = eager / hybridized, target >= 1.0)")
    for np_mode in (False, True):
        t_eager, t_hybrid = d2l_chapter(np_mode, args.repeats)
        print('  %-8s eager %.3f s  hybridized %.3f s  ratio %.2fx' % (
            'np mode' if np_mode else 'nd mode', t_eager, t_hybrid, t_eager / t_hybrid))


if __name__ == '__main__':
    main()
