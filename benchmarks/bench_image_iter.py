"""mx.io.ImageRecordIter throughput against MXNet 1.9.1's C++ iterator with the same settings.

    .venv/bin/python benchmarks/bench_image_iter.py [--images 10000] [--size 64] [--batch 128] [--threads 4]
                                                   [--epochs 2] [--settings plain|augment]

Writes a .rec (and .idx) of `--images` JPEGs of size x size (smooth random colour fields with noise, quality
90, packed by mxtorch.recordio, as the tests make their files) in a temporary folder, then times whole
epochs of both iterators over it (after their first batch, which both read when made): images per second
and the ratio mxtorch / MXNet (above 1: mxtorch delivers faster). 'plain' is a centre crop to the stored
size with mean/std normalization; 'augment' adds resize, random crop and random mirror. The reference
runs under ~/.cache/mxtorch-ref/venv when present."""
import argparse
import io
import json
import os
import subprocess
import sys
import tempfile
import time

import numpy as np

REFERENCE_PYTHON = os.path.expanduser('~/.cache/mxtorch-ref/venv/bin/python')


def make_rec(folder, count, size):
    from PIL import Image
    from mxtorch import recordio
    rec, idx = os.path.join(folder, 'img.rec'), os.path.join(folder, 'img.idx')
    rs = np.random.RandomState(0)
    grid = np.linspace(0, 1, size)[:, None]
    writer = recordio.MXIndexedRecordIO(idx, rec, 'w')
    for i in range(count):
        a, b, c = rs.rand(3, 3)
        field = (np.stack([a[k] * grid + b[k] * grid.T + c[k] for k in range(3)], -1) * 120
                 + rs.randint(0, 40, (size, size, 3)))
        buf = io.BytesIO()
        Image.fromarray(np.clip(field, 0, 255).astype('uint8')).save(buf, 'JPEG', quality=90)
        writer.write_idx(i, recordio.pack(recordio.IRHeader(0, float(i % 10), i, 0), buf.getvalue()))
    writer.close()
    return rec, idx


def settings(kind, rec, idx, size, batch, threads):
    kw = dict(path_imgrec=rec, path_imgidx=idx, data_shape=(3, size, size), batch_size=batch,
              preprocess_threads=threads, mean_r=123.68, mean_g=116.28, mean_b=103.53, std_r=58.395,
              std_g=57.12, std_b=57.375)
    if kind == 'augment':
        kw.update(resize=size + size // 8, rand_crop=True, rand_mirror=True)
    return kw


# the same loop for both libraries: `mx` is mxtorch or mxnet
TIMER = r'''
import json, sys, time
kw, epochs, lib = json.loads(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
mx = __import__(lib)
kw['data_shape'] = tuple(kw['data_shape'])
it = mx.io.ImageRecordIter(**kw)
it.next()
images, start = 0, time.perf_counter()
for epoch in range(epochs):
    if epoch:
        it.reset()
    for batch in it:
        batch.data[0].wait_to_read()
        images += batch.data[0].shape[0] - batch.pad
print(json.dumps({'images': images, 'seconds': time.perf_counter() - start}))
'''


def run(python, lib, kw, epochs, timer=TIMER):
    proc = subprocess.run([python, '-c', timer, json.dumps(kw), str(epochs), lib], capture_output=True, text=True,
                          timeout=1200)
    if proc.returncode:
        raise RuntimeError(proc.stderr[-2000:])
    out = json.loads(proc.stdout.strip().splitlines()[-1])
    return out['images'] / out['seconds']


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--images', type=int, default=10000)
    ap.add_argument('--size', type=int, default=64)
    ap.add_argument('--batch', type=int, default=128)
    ap.add_argument('--threads', type=int, default=4)
    ap.add_argument('--epochs', type=int, default=2)
    ap.add_argument('--settings', choices=('plain', 'augment'), action='append')
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        t = time.perf_counter()
        rec, idx = make_rec(folder, args.images, args.size)
        print('{} JPEGs of {}x{} ({:.1f} MB) written in {:.1f} s'.format(
            args.images, args.size, args.size, os.path.getsize(rec) / 1e6, time.perf_counter() - t))
        for kind in args.settings or ['plain', 'augment']:
            kw = settings(kind, rec, idx, args.size, args.batch, args.threads)
            ours = run(sys.executable, 'mxtorch', kw, args.epochs)
            line = '{:8s} mxtorch {:8.0f} img/s'.format(kind, ours)
            if os.path.exists(REFERENCE_PYTHON):
                ref = run(REFERENCE_PYTHON, 'mxnet', kw, args.epochs)
                line += '   MXNet 1.9.1 {:8.0f} img/s   ratio {:.2f}'.format(ref, ours / ref)
            print(line, flush=True)


if __name__ == '__main__':
    main()
