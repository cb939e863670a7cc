"""The GPU check: one command, a few minutes on a machine with CUDA, run whenever one is lent.

    .venv/bin/python benchmarks/gpu_check.py [--steps 50] [--batch 128] [--device cuda|cpu]

Sections (each in a fresh process, since amp.init changes the process for good):
  train   LeNet (the book's, 28x28) and ResNet-18 (gluon resnet18_v1, 10 classes, 64x64) training steps on
          gpu(0): eager mxtorch, hybridize(), hybridize(static_alloc=True, static_shape=True), and the same
          network in plain PyTorch (torch.nn, torch.optim.SGD); milliseconds per step (compile time apart:
          the first steps are left out) and ratios against eager mxtorch and against PyTorch; the
          hybridized outputs checked against the eager ones on the device.
  amp     ResNet-18 with mx.contrib.amp (float16 on CUDA, bfloat16 on CPU) against float32: step times,
          the loss scale, and both losses falling.
  multi   with two or more GPUs, ResNet-18 data-parallel over every GPU (split_and_load, Trainer with the
          'device' kvstore) against one GPU.
``--device cpu`` runs the same sections on the CPU with small sizes (to check the script itself).
"""
import argparse
import json
import os
import subprocess
import sys
import time

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))


# ---- the networks -------------------------------------------------------------------------------------------
def gluon_net(mx, name, ctx):
    nn = mx.gluon.nn
    if name == 'lenet':
        net = nn.HybridSequential()
        net.add(nn.Conv2D(6, 5, activation='sigmoid'), nn.MaxPool2D(2, 2), nn.Conv2D(16, 5, activation='sigmoid'),
                nn.MaxPool2D(2, 2), nn.Dense(120, activation='sigmoid'), nn.Dense(84, activation='sigmoid'),
                nn.Dense(10))
        net.initialize(mx.init.Xavier(), ctx=ctx)
    else:
        net = mx.gluon.model_zoo.vision.resnet18_v1(classes=10)
        net.initialize(mx.init.Xavier(), ctx=ctx)
    return net


def torch_net(name):
    import torch.nn as tnn
    if name == 'lenet':
        return tnn.Sequential(tnn.Conv2d(1, 6, 5), tnn.Sigmoid(), tnn.MaxPool2d(2, 2), tnn.Conv2d(6, 16, 5),
                              tnn.Sigmoid(), tnn.MaxPool2d(2, 2), tnn.Flatten(), tnn.Linear(256, 120), tnn.Sigmoid(),
                              tnn.Linear(120, 84), tnn.Sigmoid(), tnn.Linear(84, 10))

    class Basic(tnn.Module):
        def __init__(self, cin, cout, stride):
            super().__init__()
            self.body = tnn.Sequential(tnn.Conv2d(cin, cout, 3, stride, 1, bias=False), tnn.BatchNorm2d(cout),
                                       tnn.ReLU(), tnn.Conv2d(cout, cout, 3, 1, 1, bias=False), tnn.BatchNorm2d(cout))
            self.down = None
            if stride != 1 or cin != cout:
                self.down = tnn.Sequential(tnn.Conv2d(cin, cout, 1, stride, bias=False), tnn.BatchNorm2d(cout))

        def forward(self, x):
            skip = x if self.down is None else self.down(x)
            return (self.body(x) + skip).relu()

    layers = [tnn.Conv2d(3, 64, 7, 2, 3, bias=False), tnn.BatchNorm2d(64), tnn.ReLU(), tnn.MaxPool2d(3, 2, 1)]
    cin = 64
    for cout, stride in ((64, 1), (128, 2), (256, 2), (512, 2)):
        layers += [Basic(cin, cout, stride), Basic(cout, cout, 1)]
        cin = cout
    layers += [tnn.AdaptiveAvgPool2d(1), tnn.Flatten(), tnn.Linear(512, 10)]
    return tnn.Sequential(*layers)


def data(name, batch, seed=0):
    rng = np.random.RandomState(seed)
    shape = (batch, 1, 28, 28) if name == 'lenet' else (batch, 3, 64, 64)
    return rng.rand(*shape).astype('float32'), rng.randint(0, 10, batch).astype('float32')


def timed(step, steps, sync, warmup=3):
    """Milliseconds per step (median of `steps`), after `warmup` steps (compilation, caches)."""
    start = time.perf_counter()
    for _ in range(warmup):
        step()
    sync()
    first = time.perf_counter() - start
    times = []
    for _ in range(steps):
        t0 = time.perf_counter()
        step()
        sync()
        times.append(time.perf_counter() - t0)
    return sorted(times)[len(times) // 2] * 1e3, first


# ---- sections -------------------------------------------------------------------------------------------------
def section_train(args):
    import torch
    import mxtorch as mx
    from mxtorch import autograd, gluon
    ctx = mx.gpu(0) if args.device == 'cuda' else mx.cpu()
    sync = torch.cuda.synchronize if args.device == 'cuda' else (lambda: None)
    report = {}
    for name in ('lenet', 'resnet18'):
        x_np, y_np = data(name, args.batch)
        x, y = mx.nd.array(x_np, ctx=ctx), mx.nd.array(y_np, ctx=ctx)
        loss_fn = gluon.loss.SoftmaxCrossEntropyLoss()
        rows = {}
        reference_out = None
        for mode in ('eager', 'hybridize', 'static'):
            mx.random.seed(0)
            net = gluon_net(mx, name, ctx)
            net(x)  # complete deferred shapes
            if reference_out is None:
                # the same initial weights for every mode
                saved = os.path.join(args.tmp, name + '.params')
                net.save_parameters(saved)
            else:
                net.load_parameters(saved, ctx=ctx)
            if mode == 'hybridize':
                net.hybridize()
            elif mode == 'static':
                net.hybridize(static_alloc=True, static_shape=True)
            with autograd.predict_mode():
                out = net(x).asnumpy()
            if reference_out is None:
                reference_out = out
            else:
                err = float(np.abs(out - reference_out).max())
                rows[mode + ' max |out - eager out|'] = err
            trainer = gluon.Trainer(net.collect_params(), 'sgd', {'learning_rate': 0.05})

            def step():
                with autograd.record():
                    loss = loss_fn(net(x), y)
                loss.backward()
                trainer.step(args.batch)
            ms, first = timed(step, args.steps, sync)
            rows[mode + ' ms/step'] = ms
            rows[mode + ' first 3 steps s'] = first
        # plain PyTorch
        tnet = torch_net(name).to(args.device)
        opt = torch.optim.SGD(tnet.parameters(), lr=0.05)
        tx = torch.from_numpy(x_np).to(args.device)
        ty = torch.from_numpy(y_np).long().to(args.device)
        tloss = torch.nn.CrossEntropyLoss()

        def tstep():
            # mxtorch keeps torch's grad mode off outside autograd.record(), as MXNet records nothing there
            with torch.enable_grad():
                opt.zero_grad(set_to_none=True)
                tloss(tnet(tx), ty).backward()
            opt.step()
        ms, _ = timed(tstep, args.steps, sync)
        rows['pytorch ms/step'] = ms
        for mode in ('hybridize', 'static'):
            rows[mode + ' / eager'] = rows[mode + ' ms/step'] / rows['eager ms/step']
        for mode in ('eager', 'hybridize', 'static'):
            rows[mode + ' / pytorch'] = rows[mode + ' ms/step'] / rows['pytorch ms/step']
        report[name] = rows
    return report


def section_amp(args):
    import torch
    import mxtorch as mx
    from mxtorch import autograd, gluon
    from mxtorch.contrib import amp
    ctx = mx.gpu(0) if args.device == 'cuda' else mx.cpu()
    sync = torch.cuda.synchronize if args.device == 'cuda' else (lambda: None)
    dtype = 'float16' if args.device == 'cuda' else 'bfloat16'
    if args.amp:
        amp.init(dtype)
    x_np, y_np = data('resnet18', args.batch)
    x, y = mx.nd.array(x_np, ctx=ctx), mx.nd.array(y_np, ctx=ctx)
    mx.random.seed(0)
    net = gluon_net(mx, 'resnet18', ctx)
    net.hybridize()
    trainer = gluon.Trainer(net.collect_params(), 'sgd', {'learning_rate': 0.05, 'momentum': 0.9})
    if args.amp:
        amp.init_trainer(trainer)
    loss_fn = gluon.loss.SoftmaxCrossEntropyLoss()
    losses = []

    def step():
        with autograd.record():
            loss = loss_fn(net(x), y)
            if args.amp:
                with amp.scale_loss(loss, trainer) as scaled:
                    autograd.backward(scaled)
            else:
                loss.backward()
        trainer.step(args.batch)
        losses.append(float(loss.mean().asscalar()))
    ms, first = timed(step, args.steps, sync)
    scale = getattr(getattr(trainer, '_amp_loss_scaler', None), 'loss_scale', None)
    return {'dtype': dtype if args.amp else 'float32', 'ms/step': ms, 'first 3 steps s': first,
            'loss first': losses[0], 'loss last': losses[-1], 'loss scale': scale}


def section_multi(args):
    import torch
    import mxtorch as mx
    from mxtorch import autograd, gluon
    n = mx.context.num_gpus() if args.device == 'cuda' else 2
    if n < 2:
        return {'skipped': 'one GPU'}
    ctxs = [mx.gpu(i) for i in range(n)] if args.device == 'cuda' else [mx.cpu(i) for i in range(n)]

    def sync():
        if args.device == 'cuda':
            for i in range(n):
                torch.cuda.synchronize(i)
    x_np, y_np = data('resnet18', args.batch * n)
    loss_fn = gluon.loss.SoftmaxCrossEntropyLoss()
    rows = {}
    for devices in (ctxs[:1], ctxs):
        mx.random.seed(0)
        net = gluon_net(mx, 'resnet18', devices)
        net.hybridize()
        trainer = gluon.Trainer(net.collect_params(), 'sgd', {'learning_rate': 0.05}, kvstore='device')
        xs = gluon.utils.split_and_load(mx.nd.array(x_np), devices)
        ys = gluon.utils.split_and_load(mx.nd.array(y_np), devices)

        def step():
            with autograd.record():
                losses = [loss_fn(net(a), b) for a, b in zip(xs, ys)]
            autograd.backward(losses)
            trainer.step(len(x_np))
        ms, _ = timed(step, args.steps, sync)
        rows['{} device(s): ms per step of {} images'.format(len(devices), len(x_np))] = ms
    values = list(rows.values())
    rows['speed-up'] = values[0] / values[1]
    return rows


SECTIONS = {'train': section_train, 'amp': section_amp, 'multi': section_multi}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    ap.add_argument('--device', choices=['cuda', 'cpu'], default='cuda')
    ap.add_argument('--steps', type=int, default=None)
    ap.add_argument('--batch', type=int, default=None)
    ap.add_argument('--section', choices=sorted(SECTIONS), help=argparse.SUPPRESS)
    ap.add_argument('--amp', action='store_true', help=argparse.SUPPRESS)
    ap.add_argument('--tmp', default=None, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.steps is None:
        args.steps = 50 if args.device == 'cuda' else 3
    if args.batch is None:
        args.batch = 128 if args.device == 'cuda' else 8
    if args.section:
        print('RESULT ' + json.dumps(SECTIONS[args.section](args)), flush=True)
        return
    import tempfile
    import torch
    if args.device == 'cuda' and not torch.cuda.is_available():
        sys.exit('gpu_check: no CUDA device here (use --device cpu to check the script itself)')
    name = torch.cuda.get_device_name(0) if args.device == 'cuda' else 'CPU'
    print('gpu_check on {}, torch {}, batch {}, {} timed steps'.format(name, torch.__version__, args.batch,
                                                                      args.steps))
    failed = False
    with tempfile.TemporaryDirectory() as tmp:
        runs = [('train', []), ('amp', []), ('amp', ['--amp']), ('multi', [])]
        for section, extra in runs:
            cmd = [sys.executable, os.path.abspath(__file__), '--section', section, '--device', args.device,
                   '--steps', str(args.steps), '--batch', str(args.batch), '--tmp', tmp] + extra
            proc = subprocess.run(cmd, capture_output=True, text=True)
            lines = [l for l in proc.stdout.splitlines() if l.startswith('RESULT ')]
            title = section + (' (amp)' if extra else '')
            if proc.returncode != 0 or not lines:
                failed = True
                print('== {}: FAILED (exit {})\n{}'.format(title, proc.returncode, proc.stderr[-3000:]))
                continue
            print('== ' + title)
            result = json.loads(lines[-1][len('RESULT '):])
            for key, value in result.items():
                if isinstance(value, dict):
                    print('  ' + key)
                    for k, v in value.items():
                        print('    {:40s} {}'.format(k, '{:.4g}'.format(v) if isinstance(v, float) else v))
                else:
                    print('  {:42s} {}'.format(key, '{:.4g}'.format(value) if isinstance(value, float) else value))
    sys.exit(1 if failed else 0)


if __name__ == '__main__':
    main()
