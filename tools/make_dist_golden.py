#!/usr/bin/env python3
"""Run distributed jobs on the reference MXNet 1.9.1 and store what they give, for tests/test_kvstore_dist.py.

    ~/.cache/mxtorch-ref/venv/bin/python tools/make_dist_golden.py

MXNet's own dist_sync store runs here without its tools/launch.py: this script starts the scheduler, a
server and four workers itself with the DMLC_* variables ps-lite reads. The job trains the MLP of the
test (same initial parameters, same data, 16 samples per worker and step) with 2-bit gradient
compression, and once without it; MXNet 1.9.1's Trainer cannot combine a dist store with compression
(its pushpull refuses compressed values), so the workers push gradients and pull weights themselves, the
servers running SGD. Writes tests/golden/kvstore_dist.json (regenerate, never hand-edit).
"""
import json
import os
import socket
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, '..', 'tests', 'golden', 'kvstore_dist.json')
STEPS = 25
COMPRESSION = {'type': '2bit', 'threshold': 0.05}

WORKER = '''
import json, sys
import numpy as np
import mxnet as mx
from mxnet import autograd, gluon, nd

steps, out = int(sys.argv[1]), sys.argv[2]
compression = json.loads(sys.argv[3]) if len(sys.argv) > 3 else None
kv = mx.kv.create('dist_sync')
rank, n = kv.rank, kv.num_workers
if compression:
    kv.set_gradient_compression(compression)
net = gluon.nn.Sequential()
net.add(gluon.nn.Dense(64, activation='relu'), gluon.nn.Dense(10))
net.initialize(mx.init.Zero())
net(nd.zeros((1, 784)))
rng = np.random.RandomState(0)
params = list(net.collect_params().values())
for p in params:
    p.set_data(nd.array(rng.normal(0, 0.1, p.shape)))
data = np.random.RandomState(1)
X = (data.rand(4, 64, 784) - 0.5).astype('float32')
Y = (X @ data.normal(0, 1, (784, 10))).argmax(-1).astype('float32')   # labels a linear model can learn
loss = gluon.loss.SoftmaxCrossEntropyLoss()
kv.set_optimizer(mx.optimizer.SGD(learning_rate=0.2, momentum=0.9, rescale_grad=1.0 / 64))
for i, p in enumerate(params):
    kv.init(i, p.data())
shard = slice(rank * 64 // n, (rank + 1) * 64 // n)
curve = []
for s in range(steps):
    with autograd.record():
        l = loss(net(nd.array(X[s % 4, shard])), nd.array(Y[s % 4, shard]))
    l.backward()
    for i, p in enumerate(params):
        kv.push(i, p.grad())
    for i, p in enumerate(params):
        kv.pull(i, out=p.data())
    curve.append(float(l.sum().asscalar()))
json.dump(curve, open('%s/curve%d.json' % (out, rank), 'w'))
'''


def free_port():
    with socket.socket() as s:
        s.bind(('127.0.0.1', 0))
        return s.getsockname()[1]


def run_job(script, args, workers=4, tries=3):
    """Runs the job (scheduler, one server, `workers` workers); ps-lite now and then never gets going, so a
    job that has not ended in 3 minutes is killed and started again."""
    for _ in range(tries):
        env = dict(os.environ, DMLC_PS_ROOT_URI='127.0.0.1', DMLC_PS_ROOT_PORT=str(free_port()),
                   DMLC_NUM_SERVER='1', DMLC_NUM_WORKER=str(workers), OMP_NUM_THREADS='1')
        procs = [subprocess.Popen([sys.executable, script] + args, env=dict(env, DMLC_ROLE=role))
                 for role in ['scheduler', 'server'] + ['worker'] * workers]
        try:
            codes = [p.wait(timeout=180) for p in procs]
        except subprocess.TimeoutExpired:
            for p in procs:
                p.kill()
                p.wait()
            continue
        if any(codes):
            raise SystemExit('a process of the MXNet job failed: {}'.format(codes))
        return
    raise SystemExit('the MXNet job did not run in {} tries'.format(tries))


def main():
    import mxnet
    results = {}
    with tempfile.TemporaryDirectory() as d:
        script = os.path.join(d, 'worker.py')
        with open(script, 'w') as f:
            f.write(WORKER)
        for name, extra in (('mxnet_2bit', [json.dumps(COMPRESSION)]), ('mxnet_plain', [])):
            run_job(script, [str(STEPS), d] + extra)
            curves = [json.load(open(os.path.join(d, 'curve%d.json' % r))) for r in range(4)]
            results[name] = [sum(c[s] for c in curves) for s in range(STEPS)]
    golden = {'mxnet_version': mxnet.__version__,
              'two_bit_curve': dict(results, compression=COMPRESSION)}
    with open(OUT + '.tmp', 'w') as f:
        json.dump(golden, f, indent=0, sort_keys=True)
    os.replace(OUT + '.tmp', OUT)
    print('two_bit_curve:', {k: [round(v, 3) for v in vs] for k, vs in results.items()})


if __name__ == '__main__':
    main()
