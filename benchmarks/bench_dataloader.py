"""DataLoader throughput with worker processes against reading in the calling process.

    .venv/bin/python benchmarks/bench_dataloader.py [--workers 2]

Two datasets: one whose samples need a costly transform (where workers should win), and one of plain
arrays (where the cost is moving batches between processes). For each, the wall time of an epoch and the
CPU seconds the workers and the main process spent are printed, so that a machine too busy to give the
workers their cores (wall time up, CPU time not) can be told from overhead (CPU time up)."""
import argparse
import os
import time

import numpy as np

from mxtorch.gluon import data as gdata


def heavy(x):
    """A transform costing about a millisecond of numpy work per sample."""
    y = x
    for _ in range(20):
        y = np.tanh(y @ np.ones((32, 32), dtype=np.float32) / 32)
    return y.astype(np.float32)


def _timed_batchify(samples):
    # reports the CPU time of the process that made the batch
    return gdata.dataloader.default_mp_batchify_fn(samples), os.getpid(), time.process_time()


def epoch(dataset, batch_size, num_workers):
    loader = gdata.DataLoader(dataset, batch_size, num_workers=num_workers, batchify_fn=_timed_batchify)
    start_cpu, start = {}, None
    it = iter(loader)
    for pid_cpu in [next(it)]:  # first batch: starts the workers; not timed
        start_cpu[int(pid_cpu[1])] = pid_cpu[2]
    start, main0 = time.time(), time.process_time()
    cpu = dict(start_cpu)
    for _, pid, t in it:
        cpu[int(pid)] = t
    wall, main_cpu = time.time() - start, time.process_time() - main0
    worker_cpu = sum(cpu[p] - start_cpu.get(p, cpu[p]) for p in cpu) if num_workers else 0.0
    return wall, main_cpu, worker_cpu


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--workers', type=int, default=2)
    args = parser.parse_args()
    rng = np.random.RandomState(0)
    cases = [
        ('transform-heavy', gdata.ArrayDataset(rng.rand(2000, 32, 32).astype(np.float32),
                                               np.arange(2000)).transform_first(heavy), 64),
        ('plain arrays', gdata.ArrayDataset(rng.rand(20000, 3, 32, 32).astype(np.float32), np.arange(20000)), 256),
    ]
    print('{:16s} {:>8s} {:>9s} {:>10s} {:>12s}'.format('dataset', 'workers', 'wall s', 'main cpu', 'worker cpu'))
    for name, dataset, batch_size in cases:
        for workers in (0, args.workers):
            wall, main_cpu, worker_cpu = epoch(dataset, batch_size, workers)
            print('{:16s} {:8d} {:9.3f} {:10.3f} {:12.3f}'.format(name, workers, wall, main_cpu, worker_cpu))


if __name__ == '__main__':
    main()
