"""Sparse storage (issue 15) against dense storage, and MXNet 1.9.1's figures when its reference venv is
present, measured in one run.

    .venv/bin/python benchmarks/bench_sparse.py [--threads N] [--rounds 2]

* dot: ``nd.sparse.dot(csr, dense)`` of a 4096x4096 csr matrix of 1% density by a 4096x256 dense matrix,
  against ``nd.dot`` of the same matrix stored dense. Target: the csr product at least 5x quicker.
* lazy update: ``nd.sparse.sgd_update`` (and ``adam_update``) of a 1,000,000x64 float32 embedding weight by a
  row_sparse gradient of 1,000 rows, ``lazy_update=True``, against the same update with the gradient stored
  dense. Target: the lazy update at least 20x quicker.

Each figure is the best of a few calls; the whole measurement runs `--rounds` times (the machine may be
shared: compare the rounds, read the ratios). On an oversubscribed machine an operator that torch runs on two
threads can wait a scheduler slice (about 100 ms) for its second thread: a round in which the lazy update
takes over 100 ms shows that, not the update (torch alone does the same there); ``--threads 1`` avoids it."""
import argparse
import json
import os
import subprocess
import sys

import numpy as np

REFERENCE_PYTHON = os.path.expanduser('~/.cache/mxtorch-ref/venv/bin/python')

# one script for both libraries: `mx` is mxtorch or mxnet; prints {name: seconds}
_SCRIPT = r'''
import json, sys, time
import numpy as np
lib = sys.argv[1]
if lib == 'mxnet':
    import mxnet as mx
else:
    import mxtorch as mx
nd = mx.nd


def best(fn, repeat, wait):
    fn(); wait()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn(); wait()
        times.append(time.perf_counter() - start)
    return min(times)


rng = np.random.RandomState(0)
out = {}
# ---- csr x dense at 1% density ----
n, k, density = 4096, 256, 0.01
nnz = int(n * n * density)
flat = rng.choice(n * n, nnz, replace=False)
flat.sort()
rows, cols = flat // n, flat % n
indptr = np.zeros(n + 1, dtype=np.int64)
np.cumsum(np.bincount(rows, minlength=n), out=indptr[1:])
values = rng.rand(nnz).astype(np.float32)
csr = nd.sparse.csr_matrix((values, cols.astype(np.int64), indptr), shape=(n, n))
dense_lhs = csr.tostype('default')
rhs = nd.array(rng.rand(n, k).astype(np.float32))
check = nd.sparse.dot(csr, rhs).asnumpy() - nd.dot(dense_lhs, rhs).asnumpy()
assert np.abs(check).max() < 1e-3, 'csr and dense dot differ'
out['dot_csr'] = best(lambda: nd.sparse.dot(csr, rhs).wait_to_read(), 20, nd.waitall)
out['dot_dense'] = best(lambda: nd.dot(dense_lhs, rhs).wait_to_read(), 5, nd.waitall)
del dense_lhs
# ---- lazy row_sparse update of a 1M x 64 embedding, 1k rows ----
V, D, touched = 1000000, 64, 1000
weight = nd.array(rng.rand(V, D).astype(np.float32))
touched_rows = np.sort(rng.choice(V, touched, replace=False)).astype(np.int64)
grad_rsp = nd.sparse.row_sparse_array((rng.rand(touched, D).astype(np.float32), touched_rows), shape=(V, D))
grad_dense = grad_rsp.tostype('default')
mean, var = nd.zeros((V, D)), nd.zeros((V, D))
sgd = lambda g: nd.sparse.sgd_update(weight, g, lr=0.01, wd=1e-4, lazy_update=True, out=weight)
adam = lambda g: nd.sparse.adam_update(weight, g, mean, var, lr=0.01, lazy_update=True, out=weight)
out['sgd_lazy'] = best(lambda: sgd(grad_rsp), 20, nd.waitall)
out['sgd_dense'] = best(lambda: sgd(grad_dense), 3, nd.waitall)
out['adam_lazy'] = best(lambda: adam(grad_rsp), 20, nd.waitall)
out['adam_dense'] = best(lambda: adam(grad_dense), 2, nd.waitall)
print(json.dumps(out))
'''


def measure(python, lib, threads):
    """{name: seconds} from a fresh process of `python` running the script with `lib`; None if it fails."""
    env = dict(os.environ, OMP_NUM_THREADS=str(threads), MKL_NUM_THREADS=str(threads),
               MXNET_STORAGE_FALLBACK_LOG_VERBOSE='0')
    try:
        proc = subprocess.run([python, '-c', _SCRIPT, lib], capture_output=True, text=True, env=env, timeout=600)
        return json.loads(proc.stdout.strip().splitlines()[-1])
    except (subprocess.SubprocessError, ValueError, IndexError):
        return None


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--threads', type=int, default=2)
    ap.add_argument('--rounds', type=int, default=2)
    args = ap.parse_args()
    here = os.path.dirname(os.path.abspath(__file__))
    python = os.path.join(here, '..', '.venv', 'bin', 'python')
    if not os.path.exists(python):
        python = sys.executable
    have_ref = os.path.exists(REFERENCE_PYTHON)
    rows = [('csr x dense dot, 4096x4096 1% by 4096x256', 'dot_csr', 'dot_dense', 5),
            ('lazy sgd_update, 1M x 64, 1k rows', 'sgd_lazy', 'sgd_dense', 20),
            ('lazy adam_update, 1M x 64, 1k rows', 'adam_lazy', 'adam_dense', 20)]
    print('threads: {}; times are the best of a few calls, in ms'.format(args.threads))
    for r in range(args.rounds):
        ours = measure(python, 'mxtorch', args.threads)
        ref = measure(REFERENCE_PYTHON, 'mxnet', args.threads) if have_ref else None
        print('\nround {}'.format(r + 1))
        print('{:44s} {:>9s} {:>9s} {:>8s} {:>7s} | {:>9s} {:>9s} {:>8s}'.format(
            '', 'sparse', 'dense', 'ratio', 'target', 'MX sparse', 'MX dense', 'MX ratio'))
        if ours is None:
            print('mxtorch measurement failed')
            continue
        for label, sparse, dense, target in rows:
            ratio = ours[dense] / ours[sparse]
            line = '{:44s} {:9.3f} {:9.3f} {:7.1f}x {:>6s}'.format(
                label, 1e3 * ours[sparse], 1e3 * ours[dense], ratio, ('ok ' if ratio >= target else 'NO ') +
                '{}x'.format(target))
            if ref is not None:
                line += ' | {:9.3f} {:9.3f} {:7.1f}x'.format(1e3 * ref[sparse], 1e3 * ref[dense], ref[dense] / ref[sparse])
            print(line)
        if ref is not None:
            print('{:44s} {}'.format('mxtorch / MXNet time, sparse side', '  '.join(
                '{}: {:.2f}'.format(s, ours[s] / ref[s]) for _, s, _, _ in rows)))
        elif not have_ref:
            print('(reference MXNet not found at {}: no MXNet columns)'.format(REFERENCE_PYTHON))
        else:
            print('(the reference MXNet run failed: no MXNet columns)')


if __name__ == '__main__':
    np.set_printoptions(precision=3)
    main()
