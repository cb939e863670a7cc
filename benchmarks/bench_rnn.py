"""Recurrent layers of mxtorch against torch.nn's (and MXNet 1.9.1 when its reference venv is present),
measured in one run.

    .venv/bin/python benchmarks/bench_rnn.py [--quick] [--threads N]

A training step is a recorded forward pass and a backward pass from a gradient of ones (gradients of the
input and of every parameter); inference is a forward pass outside recording. The torch column runs
torch.nn.LSTM/GRU of the same sizes on the same data. Times are the best of several repeats, mxtorch and torch measured in alternation; read the
ratios (target: mxtorch/torch at most 1.2), not the milliseconds. On a shared machine, --threads 1 (torch and
MXNet alike) keeps idle-waiting threads from swamping the numbers."""
import os
import subprocess
import sys
import timeit

import numpy as np
import torch

import mxtorch as mx
from mxtorch import autograd, gluon, nd

REFERENCE_PYTHON = os.path.expanduser('~/.cache/mxtorch-ref/venv/bin/python')

# name, mxtorch layer class, torch class, seq, batch, input, hidden, layers, bidirectional
CASES = [
    ('LSTM 35x32, 256->256, 2 layers', 'LSTM', torch.nn.LSTM, 35, 32, 256, 256, 2, False),
    ('GRU 35x32, 256->256, 2 layers', 'GRU', torch.nn.GRU, 35, 32, 256, 256, 2, False),
    ('LSTM 35x32, 128->128, bidirectional', 'LSTM', torch.nn.LSTM, 35, 32, 128, 128, 1, True),
]


def best_times(fn_a, fn_b, repeat=7):
    """Best seconds per call of fn_a and of fn_b, measured in alternation (so that a busy machine slows
    both alike) over `repeat` rounds of at least 0.2 seconds each."""
    timers = [timeit.Timer(fn_a), timeit.Timer(fn_b)]
    numbers = [t.autorange()[0] for t in timers]
    best = [float('inf'), float('inf')]
    for _ in range(repeat):
        for i, (t, n) in enumerate(zip(timers, numbers)):
            best[i] = min(best[i], t.timeit(n) / n)
    return best


def make_pair(kind, torch_class, seq, batch, inp, hidden, layers, bidirectional):
    """(mxtorch train step, torch train step, mxtorch inference, torch inference) on the same weights."""
    layer = getattr(gluon.rnn, kind)(hidden, num_layers=layers, bidirectional=bidirectional, input_size=inp)
    layer.initialize()
    ref = torch_class(inp, hidden, num_layers=layers, bidirectional=bidirectional)
    with torch.no_grad():   # same numbers in both, in torch's parameter order
        for name, p in layer.collect_params().items():
            d, rest = name.split('_', 1)[1].split('_', 1)
            kind_, what = rest.rsplit('_', 1)
            suffix = '_reverse' if d[0] == 'r' else ''
            tname = '{}_{}_l{}{}'.format(what, 'ih' if kind_ == 'i2h' else 'hh', d[1:], suffix)
            getattr(ref, tname).copy_(p.data()._t)
    rng = np.random.RandomState(0)
    x_np = rng.uniform(-1, 1, (seq, batch, inp)).astype(np.float32)
    x = nd.array(x_np)
    x.attach_grad()
    xt = torch.tensor(x_np, requires_grad=True)
    dirs = 2 if bidirectional else 1
    head = nd.ones((seq, batch, hidden * dirs))
    head_t = torch.ones(seq, batch, hidden * dirs)

    def mx_train():
        with autograd.record():
            out = layer(x)
        out.backward(head)

    def torch_train():
        with torch.enable_grad():
            out = ref(xt)[0]
        xt.grad = None
        ref.zero_grad(set_to_none=True)
        out.backward(head_t)

    def mx_infer():
        return layer(x)

    def torch_infer():
        with torch.no_grad():
            return ref(xt)[0]

    # the two compute the same thing
    np.testing.assert_allclose(layer(x).asnumpy(), torch_infer().numpy(), rtol=1e-4, atol=1e-5)
    return mx_train, torch_train, mx_infer, torch_infer


_MXNET_SCRIPT = r'''
import json, sys, timeit
import numpy as np
import mxnet as mx
from mxnet import autograd, gluon, nd
def best(fn):
    t = timeit.Timer(fn)
    n, _ = t.autorange()
    return min(t.repeat(repeat=5, number=n)) / n
out = {}
for name, kind, seq, batch, inp, hidden, layers, bi in json.loads(sys.argv[1]):
    layer = getattr(gluon.rnn, kind)(hidden, num_layers=layers, bidirectional=bi, input_size=inp)
    layer.initialize()
    x = nd.array(np.random.RandomState(0).uniform(-1, 1, (seq, batch, inp)))
    x.attach_grad()
    head = nd.ones((seq, batch, hidden * (2 if bi else 1)))
    def train():
        with autograd.record():
            y = layer(x)
        y.backward(head)
        nd.waitall()
    def infer():
        layer(x).wait_to_read()
    out[name] = [best(train), best(infer)]
print(json.dumps(out))
'''


def mxnet_times(cases):
    """{name: (train seconds, inference seconds)} under the reference MXNet, or None without it."""
    if not os.path.exists(REFERENCE_PYTHON):
        return None
    import json
    try:
        env = dict(os.environ, OMP_NUM_THREADS=str(torch.get_num_threads()))
        proc = subprocess.run([REFERENCE_PYTHON, '-c', _MXNET_SCRIPT,
                               json.dumps([[c[0], c[1]] + list(c[3:]) for c in cases])],
                              capture_output=True, text=True, timeout=900, env=env)
        return json.loads(proc.stdout.strip().splitlines()[-1])
    except (subprocess.SubprocessError, ValueError, IndexError):
        return None


def run(report, quick=False):
    cases = CASES[:1] if quick else CASES
    mx_times = None if quick else mxnet_times(cases)
    header = '  {:<40} {:>11} {:>11} {:>13}'.format('layer', 'mxtorch ms', 'torch ms', 'mxtorch/torch')
    if mx_times is not None:
        header += ' {:>10} {:>14}'.format('MXNet ms', 'mxtorch/MXNet')
    for title, index in (('training step (forward + backward)', 0), ('inference (forward)', 1)):
        report('')
        report(title)
        report(header)
        for case in cases:
            fns = make_pair(case[1], case[2], *case[3:])
            mx_fn, torch_fn = fns[index * 2], fns[index * 2 + 1]
            t_mx, t_torch = best_times(mx_fn, torch_fn)
            line = '  {:<40} {:>11.2f} {:>11.2f} {:>13.2f}'.format(case[0], t_mx * 1e3, t_torch * 1e3, t_mx / t_torch)
            if mx_times is not None:
                ref = mx_times.get(case[0])
                ref = ref[index] if ref else None
                line += ' {:>10} {:>14}'.format('{:.2f}'.format(ref * 1e3) if ref else '-',
                                                '{:.3f}'.format(t_mx / ref) if ref else '-')
            report(line)
    if mx_times is None and not quick:
        report('\n(reference MXNet not found at {}: no MXNet column)'.format(REFERENCE_PYTHON))


if __name__ == '__main__':
    if '--threads' in sys.argv:
        torch.set_num_threads(int(sys.argv[sys.argv.index('--threads') + 1]))
    print('mxtorch {} on torch {}, {} CPU thread(s)'.format(mx.__version__, torch.__version__,
                                                          torch.get_num_threads()))
    run(print, quick='--quick' in sys.argv)
