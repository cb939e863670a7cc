"""AMP bf16 against float32: one epoch of LeNet (ReLU) on generated 28x28 data, mxtorch with and without
mx.contrib.amp, times and test accuracy. Run: python benchmarks/bench_amp.py [--samples N]"""
import argparse
import time

import numpy as np

import mxtorch as mx
from mxtorch import autograd, gluon, nd
from mxtorch.contrib import amp
from mxtorch.gluon import nn


def digits(n, seed):
    rng = np.random.RandomState(seed)
    y = rng.randint(0, 10, n)
    x = rng.rand(n, 1, 28, 28).astype('float32') * 0.6
    for i, c in enumerate(y):
        r, q = divmod(c, 5)
        x[i, 0, 4 + 12 * r: 12 + 12 * r, 1 + 5 * q: 6 + 5 * q] += 0.4
    return nd.array(x), nd.array(y)


def run(with_amp, samples, batch=64):
    mx.random.seed(0)
    if with_amp:
        amp.init('bfloat16')
    net = nn.Sequential()
    net.add(nn.Conv2D(6, 5, activation='relu'), nn.MaxPool2D(2, 2), nn.Conv2D(16, 5, activation='relu'),
            nn.MaxPool2D(2, 2), nn.Dense(120, activation='relu'), nn.Dense(84, activation='relu'), nn.Dense(10))
    net.initialize(mx.init.Xavier())
    trainer = gluon.Trainer(net.collect_params(), 'sgd', {'learning_rate': 0.1})
    if with_amp:
        amp.init_trainer(trainer)
    loss_fn = gluon.loss.SoftmaxCrossEntropyLoss()
    x, y = digits(samples, 1)
    xt, yt = digits(512, 2)
    start = time.perf_counter()
    for i in range(0, samples, batch):
        with autograd.record():
            loss = loss_fn(net(x[i:i + batch]), y[i:i + batch])
            if with_amp:
                with amp.scale_loss(loss, trainer) as scaled:
                    autograd.backward(scaled)
        if not with_amp:
            loss.backward()
        trainer.step(batch)
    nd.waitall()
    seconds = time.perf_counter() - start
    acc = float((net(xt).argmax(axis=1) == yt).mean().asscalar())
    if with_amp:
        amp.amp._reset()
    return seconds, acc


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--samples', type=int, default=4096)
    args = parser.parse_args()
    fp32 = run(False, args.samples)
    bf16 = run(True, args.samples)
    print('float32: %.2f s, accuracy %.3f' % fp32)
    print('bf16 AMP: %.2f s, accuracy %.3f (time ratio %.2f)' % (bf16[0], bf16[1], bf16[0] / fp32[0]))


if __name__ == '__main__':
    main()
