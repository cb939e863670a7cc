"""dist_sync against torch.distributed by hand: summing a ResNet-18-sized set of gradients (the shapes of
gluon's resnet18_v1 parameters, 11.7M float32 values in 102 arrays, running statistics included) over N
local CPU worker processes (Gloo on loopback).

    .venv/bin/python benchmarks/bench_dist.py [-n 4] [--rounds 10] [--bucket ELEMENTS]

starts the job itself through ``mxtorch launch`` and prints, from worker 0, the median per round of:
- mxtorch's ``kv.pushpull`` of all keys into the pushed arrays, 102 separate arrays;
- mxtorch's ``kv.pushpull`` as gluon.Trainer calls it with update_on_kvstore=False: the same arrays laid
  out as views of one buffer (what Trainer does with a dist_sync store, as torch DDP's
  gradient_as_bucket_view), summed where they are;
- by hand: one ``all_reduce`` per array; one of a single flat buffer; and the 102 separate arrays
  flattened into a (reused) buffer, all_reduced and copied back.
The first ratio (the issue's) is kv.pushpull of separate arrays against the faster of per-array and flat
buffer. That is not a like-for-like comparison: the flat buffer line sums memory that already lies in one
buffer, which 102 separate arrays do not, so it leaves out the flattening and copying back that any
hand-written all_reduce of separate arrays in few messages needs (and a store must also keep its own copy
of the sums for later pulls). So two more ratios: the same separate arrays flattened and copied back by
hand, and the Trainer's layout against the flat buffer, where both sum one buffer in place (the store
then copies the sums once, into its own copy).
The methods take turns round by round, so that a busy machine slows them alike; quote the load.
"""
import argparse
import os
import subprocess
import sys
import time

import torch
import torch.distributed as dist

# (shape, count) of gluon.model_zoo.vision.resnet18_v1's 102 parameters (1000 classes)
RESNET18_SHAPES = [
    ((64, 3, 7, 7), 1), ((64,), 4),
    ((64, 64, 3, 3), 4), ((64,), 16),
    ((128, 64, 3, 3), 1), ((128, 128, 3, 3), 3), ((128, 64, 1, 1), 1), ((128,), 20),
    ((256, 128, 3, 3), 1), ((256, 256, 3, 3), 3), ((256, 128, 1, 1), 1), ((256,), 20),
    ((512, 256, 3, 3), 1), ((512, 512, 3, 3), 3), ((512, 256, 1, 1), 1), ((512,), 20),
    ((1000, 512), 1), ((1000,), 1),
]


def gradients():
    gen = torch.Generator().manual_seed(int(os.environ.get('DMLC_WORKER_ID', os.environ.get('RANK', 0))))
    return [torch.randn(shape, generator=gen) for shape, count in RESNET18_SHAPES for _ in range(count)]


def worker(rounds, bucket=None):
    import mxtorch as mx
    from mxtorch.ndarray.ndarray import from_torch
    if bucket:
        import mxtorch.kvstore.dist
        mxtorch.kvstore.dist._BUCKET = bucket
    kv = mx.kv.create('dist_sync')
    grads = gradients()
    arrays = [from_torch(g.clone()) for g in grads]
    keys = list(range(len(arrays)))
    kv.init(keys, arrays)
    flat = torch.cat([g.reshape(-1) for g in grads])
    hand = [g.clone() for g in grads]

    def mxtorch_pushpull():
        kv.pushpull(keys, arrays, out=arrays)

    # what gluon.Trainer hands a dist_sync store (update_on_kvstore=False): its gradients, laid out as views
    # of one buffer when the store was set up (as torch DDP's gradient_as_bucket_view), pushpull'd in place
    kv2 = mx.kv.create('dist_sync')
    laid_out = [from_torch(g.clone()) for g in grads]
    kv2.init(keys, laid_out)
    kv2._share_buffer(laid_out)

    def mxtorch_trainer_layout():
        kv2.pushpull(keys, laid_out)

    def per_tensor():
        works = [dist.all_reduce(t, async_op=True) for t in hand]
        for w in works:
            w.wait()

    def one_buffer():
        dist.all_reduce(flat)

    staging = torch.empty_like(flat)
    separate = [g.clone() for g in grads]

    def flatten_reduce_unflatten():
        torch.cat([g.reshape(-1) for g in separate], out=staging)
        dist.all_reduce(staging)
        offset = 0
        for g in separate:
            g.copy_(staging[offset:offset + g.numel()].view(g.shape))
            offset += g.numel()

    methods = [('mxtorch kv.pushpull', mxtorch_pushpull), ('mxtorch, Trainer\'s gradient layout', mxtorch_trainer_layout),
               ('all_reduce per tensor', per_tensor),
               ('all_reduce of one flat buffer', one_buffer),
               ('flatten, all_reduce, copy back', flatten_reduce_unflatten)]
    times = {name: [] for name, _ in methods}
    cpu = {name: [] for name, _ in methods}    # this process's CPU time, all its threads
    for name, fn in methods:       # a warm-up round each
        fn()
    # the sum is right: worker 0's first array is the total of every worker's generated gradients
    expected = sum(torch.randn(grads[0].shape, generator=torch.Generator().manual_seed(r))
                   for r in range(kv.num_workers))
    for got in (arrays[0]._t, laid_out[0]._t):
        if not torch.allclose(got, expected, rtol=1e-4, atol=1e-4):
            raise SystemExit('kv.pushpull did not sum the workers\' gradients')
    for _ in range(rounds):
        for name, fn in methods:
            dist.barrier()
            start, cpu_start = time.perf_counter(), time.process_time()
            fn()
            times[name].append(time.perf_counter() - start)
            cpu[name].append(time.process_time() - cpu_start)
    # the job's CPU time per round (the workers' medians added up): what a loaded machine cannot hide
    job_cpu = torch.tensor([sorted(cpu[name])[len(cpu[name]) // 2] for name, _ in methods], dtype=torch.float64)
    dist.all_reduce(job_cpu)
    if kv.rank == 0:
        numel = sum(g.numel() for g in grads)
        print('dist_sync over {} CPU workers (Gloo), {} arrays, {:.1f}M float32, median of {} rounds'.format(
            kv.num_workers, len(grads), numel / 1e6, rounds))
        medians = {name: sorted(v)[len(v) // 2] for name, v in times.items()}
        print('  {:36s} {:>8s}  {:>12s}'.format('', 'wall', 'job CPU'))
        for (name, _), spent in zip(methods, job_cpu.tolist()):
            print('  {:36s} {:8.1f} ms  {:9.1f} ms'.format(name, medians[name] * 1e3, spent * 1e3))
        best_hand = min(medians['all_reduce per tensor'], medians['all_reduce of one flat buffer'])
        print('ratio mxtorch / best hand-written all_reduce: {:.2f}x  (target <= 1.3x)'.format(
            medians['mxtorch kv.pushpull'] / best_hand))
        print('ratio mxtorch / flatten, all_reduce, copy back: {:.2f}x'.format(
            medians['mxtorch kv.pushpull'] / medians['flatten, all_reduce, copy back']))
        print('ratio mxtorch with Trainer\'s gradient layout / one flat buffer: {:.2f}x'.format(
            medians['mxtorch, Trainer\'s gradient layout'] / medians['all_reduce of one flat buffer']))
        sys.stdout.flush()


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    ap.add_argument('-n', type=int, default=4, help='worker processes')
    ap.add_argument('--rounds', type=int, default=10)
    ap.add_argument('--bucket', type=int, default=0, help='elements per bucket of the store (default: its own)')
    args = ap.parse_args()
    if 'DMLC_ROLE' in os.environ or 'TORCHELASTIC_RUN_ID' in os.environ:
        worker(args.rounds, args.bucket)
        return
    env = dict(os.environ, OMP_NUM_THREADS='1')
    cmd = [sys.executable, '-m', 'mxtorch', 'launch', '-n', str(args.n), '--launcher', 'local',
           sys.executable, os.path.abspath(__file__), '--rounds', str(args.rounds),
           '--bucket', str(args.bucket)]
    sys.exit(subprocess.call(cmd, env=env))


if __name__ == '__main__':
    main()
