"""mx.io.ImageDetRecordIter throughput against MXNet 1.9.1's C++ detection iterator with the same settings.

    .venv/bin/python benchmarks/bench_det_iter.py [--images 2000] [--height 96] [--width 128] [--size 64]
                                                 [--batch 32] [--threads 4] [--epochs 2] [--settings plain|augment]

Writes a .rec of `--images` JPEGs (smooth random colour fields with noise, quality 90) with three boxes each
in MXNet's detection label layout, then times whole epochs of both iterators (after their first batch):
images per second and the ratio mxtorch / MXNet (above 1: mxtorch delivers faster). 'plain' resizes to
size x size with mean/std; 'augment' adds rand_crop_prob 0.5 (scales 0.3-1, aspect ratios 0.5-2, IoU at
least 0.3), rand_pad_prob 0.5 up to 2x and rand_mirror_prob 0.5. Run it under the benchmarks' lock:
``flock /tmp/mxtorch-bench.lock .venv/bin/python benchmarks/bench_det_iter.py``."""
import argparse
import io
import os
import sys
import tempfile
import time

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bench_image_iter import REFERENCE_PYTHON, TIMER, run  # noqa: E402

DET_TIMER = TIMER.replace('mx.io.ImageRecordIter(', 'mx.io.ImageDetRecordIter(')


def make_det_rec(folder, count, height, width):
    from PIL import Image
    from mxtorch import recordio
    rec = os.path.join(folder, 'det.rec')
    rs = np.random.RandomState(0)
    ys, xs = np.linspace(0, 1, height)[:, None], np.linspace(0, 1, width)[None, :]
    writer = recordio.MXRecordIO(rec, 'w')
    for i in range(count):
        a, b, c = rs.rand(3, 3)
        field = (np.stack([a[k] * ys + b[k] * xs + c[k] for k in range(3)], -1) * 120
                 + rs.randint(0, 40, (height, width, 3)))
        buf = io.BytesIO()
        Image.fromarray(np.clip(field, 0, 255).astype('uint8')).save(buf, 'JPEG', quality=90)
        label = [2, 5]
        for k in range(3):
            x0, y0 = rs.uniform(0, 0.6, 2)
            label += [k, x0, y0, x0 + rs.uniform(0.1, 0.4), y0 + rs.uniform(0.1, 0.4)]
        label = np.array(label, dtype=np.float32)
        writer.write(recordio.pack(recordio.IRHeader(label.size, label, i, 0), buf.getvalue()))
    writer.close()
    return rec


def settings(kind, rec, size, batch, threads):
    kw = dict(path_imgrec=rec, data_shape=(3, size, size), batch_size=batch, preprocess_threads=threads,
              mean_r=123.68, mean_g=116.28, mean_b=103.53, std_r=58.395, std_g=57.12, std_b=57.375, verbose=False)
    if kind == 'augment':
        kw.update(rand_crop_prob=0.5, min_crop_scales=(0.3,), max_crop_scales=(1.0,), min_crop_aspect_ratios=(0.5,),
                  max_crop_aspect_ratios=(2.0,), min_crop_overlaps=(0.3,), rand_pad_prob=0.5, max_pad_scale=2.0,
                  rand_mirror_prob=0.5)
    return kw


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--images', type=int, default=2000)
    ap.add_argument('--height', type=int, default=96)
    ap.add_argument('--width', type=int, default=128)
    ap.add_argument('--size', type=int, default=64)
    ap.add_argument('--batch', type=int, default=32)
    ap.add_argument('--threads', type=int, default=4)
    ap.add_argument('--epochs', type=int, default=2)
    ap.add_argument('--settings', choices=('plain', 'augment'), action='append')
    args = ap.parse_args()
    print('load average {:.1f} {:.1f} {:.1f}'.format(*os.getloadavg()))
    with tempfile.TemporaryDirectory() as folder:
        t = time.perf_counter()
        rec = make_det_rec(folder, args.images, args.height, args.width)
        print('{} JPEGs of {}x{} ({:.1f} MB) written in {:.1f} s'.format(
            args.images, args.width, args.height, os.path.getsize(rec) / 1e6, time.perf_counter() - t))
        for kind in args.settings or ['plain', 'augment']:
            kw = settings(kind, rec, args.size, args.batch, args.threads)
            ours = run(sys.executable, 'mxtorch', kw, args.epochs, DET_TIMER)
            line = '{:8s} mxtorch {:8.0f} img/s'.format(kind, ours)
            if os.path.exists(REFERENCE_PYTHON):
                ref = run(REFERENCE_PYTHON, 'mxnet', kw, args.epochs, DET_TIMER)
                line += '   MXNet 1.9.1 {:8.0f} img/s   ratio {:.2f}'.format(ref, ours / ref)
            print(line, flush=True)


if __name__ == '__main__':
    main()
