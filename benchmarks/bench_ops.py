"""Per-operator overhead and large-array throughput of mxtorch against plain PyTorch (and MXNet 1.9.1 when
its reference venv is present), measured in one run.

    .venv/bin/python benchmarks/bench_ops.py

Each mxtorch expression is paired with the plain-torch code that computes the same result with MXNet's
semantics (e.g. a full sum has shape (1,), a comparison returns the input's dtype), so the difference is
what the framework adds. Times are the best of several repeats; read the ratios, not the microseconds."""
import os
import subprocess
import sys
import timeit

import numpy as np
import torch

import mxtorch as mx
from mxtorch import autograd, nd

REFERENCE_PYTHON = os.path.expanduser('~/.cache/mxtorch-ref/venv/bin/python')


def paired_best_times(fn_a, fn_b, rounds=100, batch_time=0.005):
    """Best seconds per call of fn_a and of fn_b, timed in alternating short batches so that a burst of
    load on a shared machine hits both sides alike rather than whichever happened to run then."""
    timer_a, timer_b = timeit.Timer(fn_a), timeit.Timer(fn_b)
    number_a = max(1, int(timer_a.autorange()[0] * batch_time / 0.2))
    number_b = max(1, int(timer_b.autorange()[0] * batch_time / 0.2))
    best_a = best_b = float('inf')
    for _ in range(rounds):
        best_a = min(best_a, timer_a.timeit(number_a) / number_a)
        best_b = min(best_b, timer_b.timeit(number_b) / number_b)
    return best_a, best_b


def small_op_cases():
    a_np = np.random.RandomState(0).rand(4, 4).astype(np.float32)
    x, y, w = nd.array(a_np), nd.array(a_np + 1), nd.array(a_np.T)
    bias = nd.array(np.ones(4, np.float32))
    a, b, wt, bt = x._t.clone(), y._t.clone(), w._t.clone(), bias._t.clone()
    return [
        # name, mxtorch, equivalent torch, MXNet code (run under the reference venv) or None
        ('x + y', lambda: x + y, lambda: a + b, 'x + y'),
        ('x * 2.0', lambda: x * 2.0, lambda: a * 2.0, 'x * 2.0'),
        ('nd.exp(x)', lambda: nd.exp(x), lambda: torch.exp(a), 'nd.exp(x)'),
        ('x.exp()', lambda: x.exp(), lambda: a.exp(), 'x.exp()'),
        ('nd.relu(x)', lambda: nd.relu(x), lambda: torch.relu(a), 'nd.relu(x)'),
        ('x.sum()', lambda: x.sum(), lambda: a.sum().reshape(1), 'x.sum()'),
        ('x.sum(axis=1)', lambda: x.sum(axis=1), lambda: a.sum(dim=1), 'x.sum(axis=1)'),
        ('x == y', lambda: x == y, lambda: (a == b).to(a.dtype), 'x == y'),
        ('nd.dot(x, w)', lambda: nd.dot(x, w), lambda: torch.matmul(a, wt), 'nd.dot(x, w)'),
        ('x.reshape((2, 8))', lambda: x.reshape((2, 8)), lambda: a.reshape(2, 8), 'x.reshape((2, 8))'),
        ('x[1]', lambda: x[1], lambda: a[1], 'x[1]'),
        ('x[:] = y (setitem)', lambda: x.__setitem__(slice(None), y), lambda: a.copy_(b), 'x.__setitem__(slice(None), y)'),
        ('x += y', lambda: x.__iadd__(y), lambda: a.add_(b), 'x.__iadd__(y)'),
        ('FullyConnected', lambda: nd.FullyConnected(x, w, bias, num_hidden=4),
         lambda: torch.nn.functional.linear(a, wt, bt), 'nd.FullyConnected(x, w, b, num_hidden=4)'),
    ]


def recorded_cases():
    a_np = np.random.RandomState(1).rand(4, 4).astype(np.float32)
    x, y = nd.array(a_np), nd.array(a_np + 1)
    x.attach_grad()
    a = torch.tensor(a_np, requires_grad=True)
    b = torch.tensor(a_np + 1)

    def mx_step():
        with autograd.record():
            z = (x * y).sum()
        z.backward()

    def torch_step():
        with torch.enable_grad():
            z = (a * b).sum().reshape(1)
        a.grad = None
        z.backward()
    return [('record (x*y).sum() + backward', mx_step, torch_step, None)]


def large_cases():
    rng = np.random.RandomState(2)
    big = rng.rand(2048, 2048).astype(np.float32)
    x, y = nd.array(big), nd.array(big + 1)
    m = nd.array(rng.rand(1024, 1024).astype(np.float32))
    a, b, mt = x._t.clone(), y._t.clone(), m._t.clone()
    return [
        ('2048^2 x + y', lambda: x + y, lambda: a + b, 'x + y'),
        ('2048^2 nd.exp(x)', lambda: nd.exp(x), lambda: torch.exp(a), 'nd.exp(x)'),
        ('2048^2 x.sum()', lambda: x.sum(), lambda: a.sum().reshape(1), 'x.sum()'),
        ('1024^2 nd.dot(m, m)', lambda: nd.dot(m, m), lambda: torch.matmul(mt, mt), 'nd.dot(m, m)'),
    ]


_MXNET_SCRIPT = r'''
import json, sys, timeit
import numpy as np
import mxnet as mx
from mxnet import nd
def best(stmt, ns):
    t = timeit.Timer(stmt, globals=ns)
    n, _ = t.autorange()
    return min(t.repeat(repeat=5, number=n)) / n
rng = np.random.RandomState(0)
a = rng.rand(4, 4).astype(np.float32)
small = {'x': nd.array(a), 'y': nd.array(a + 1), 'w': nd.array(a.T), 'b': nd.ones((4,)), 'nd': nd}
big = rng.rand(2048, 2048).astype(np.float32)
large = {'x': nd.array(big), 'y': nd.array(big + 1), 'm': nd.array(rng.rand(1024, 1024).astype(np.float32)),
         'nd': nd}
out = {}
for kind, stmt in json.loads(sys.argv[1]):
    ns = small if kind == 'small' else large
    out[kind + ':' + stmt] = best(stmt + '; nd.waitall()', ns)
print(json.dumps(out))
'''


def mxnet_times(requests):
    """{kind:stmt: seconds} measured under the reference MXNet, or None when it is not installed."""
    if not os.path.exists(REFERENCE_PYTHON):
        return None
    import json
    try:
        proc = subprocess.run([REFERENCE_PYTHON, '-c', _MXNET_SCRIPT, json.dumps(requests)],
                              capture_output=True, text=True, timeout=600)
        return json.loads(proc.stdout.strip().splitlines()[-1])
    except (subprocess.SubprocessError, ValueError, IndexError):
        return None


def run(report):
    torch.set_num_threads(max(1, torch.get_num_threads()))
    groups = [('small arrays (4x4 float32): per-operator cost', 'small', small_op_cases(), True),
              ('autograd', 'small', recorded_cases(), True),
              ('large arrays: throughput', 'large', large_cases(), False)]
    requests = [[kind, c[3]] for _, kind, cases, _ in groups for c in cases if c[3]]
    mx_times = mxnet_times(requests)
    for title, kind, cases, show_overhead in groups:
        report('')
        report(title)
        header = '  {:<32} {:>11} {:>11} {:>13} {:>14}'.format(
            'operation', 'mxtorch us', 'torch us', 'mxtorch/torch', 'overhead us' if show_overhead else '')
        if mx_times is not None:
            header += ' {:>11} {:>14}'.format('MXNet us', 'mxtorch/MXNet')
        report(header)
        for name, mx_fn, torch_fn, mx_code in cases:
            try:
                mx_fn()
            except (AttributeError, NotImplementedError) as e:
                report('  {:<32} not available in mxtorch yet ({})'.format(name, e))
                continue
            t_mx, t_torch = paired_best_times(mx_fn, torch_fn)
            line = '  {:<32} {:>11.2f} {:>11.2f} {:>13.2f} {:>14}'.format(
                name, t_mx * 1e6, t_torch * 1e6, t_mx / t_torch,
                '{:+.2f}'.format((t_mx - t_torch) * 1e6) if show_overhead else '')
            if mx_times is not None:
                ref = mx_times.get(kind + ':' + mx_code) if mx_code else None
                line += ' {:>11} {:>14}'.format('{:.2f}'.format(ref * 1e6) if ref else '-',
                                               '{:.3f}'.format(t_mx / ref) if ref else '-')
            report(line)
    if mx_times is None:
        report('\n(reference MXNet not found at {}: no MXNet column)'.format(REFERENCE_PYTHON))


if __name__ == '__main__':
    print('mxtorch {} on torch {}, {} CPU thread(s)'.format(mx.__version__, torch.__version__,
                                                          torch.get_num_threads()))
    run(print)
