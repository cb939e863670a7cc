"""Detection operators of mx.nd.contrib against torchvision's kernels of the same work.

    .venv/bin/python benchmarks/bench_detection.py [--repeat 20]

box_nms (one image of N scored boxes) vs torchvision.ops.nms; ROIAlign (R regions of a C-channel map,
7x7 bins, 2 samples) vs torchvision.ops.roi_align(aligned=False); MultiBoxDetection (SSD decoding of A
anchors and K classes, per-class NMS) vs decoding in torch plus torchvision.ops.batched_nms. Prints
milliseconds per call and the ratio mxtorch / torchvision (the goal: at most 2). torchvision must be
importable and built for the installed torch; otherwise only mxtorch's times are printed.

No torchvision release on PyPI matches the project's CPU torch 2.13.0 (0.28.0 wants CUDA's libraries), so
the comparison runs in a venv of its own, both sides on the same torch:

    python3 -m venv /tmp/vision && /tmp/vision/bin/pip install torch==2.14.1 torchvision==0.29.1 numpy pillow
    PYTHONPATH=src /tmp/vision/bin/python benchmarks/bench_detection.py"""
import argparse
import time

import numpy as np
import torch

import mxtorch as mx
from mxtorch import nd

try:
    import torchvision
    from torchvision import ops as tv_ops
except Exception as err:          # not installed, or built for another torch / CUDA
    tv_ops, TV_ERROR = None, '{}: {}'.format(type(err).__name__, str(err).splitlines()[0][:120])
else:
    TV_ERROR = None


def per_call(fn, repeat):
    fn()
    best = float('inf')
    for _ in range(3):
        start = time.perf_counter()
        for _ in range(repeat):
            fn()
        best = min(best, (time.perf_counter() - start) / repeat)
    return best * 1e3


def boxes(rs, n, size=512.0):
    xy = rs.rand(n, 2) * size
    wh = rs.rand(n, 2) * size / 4 + 4
    return np.concatenate([xy, xy + wh], 1).astype('float32')


def bench_nms(rs, repeat, n=2000):
    b, s = boxes(rs, n), rs.rand(n).astype('float32')
    data = nd.array(np.concatenate([np.zeros((n, 1), 'float32'), s[:, None], b], 1)[None])
    ours = per_call(lambda: nd.contrib.box_nms(data, overlap_thresh=0.5, coord_start=2, score_index=1,
                                               id_index=-1).wait_to_read(), repeat)
    theirs = None
    if tv_ops is not None:
        tb, ts = torch.from_numpy(b), torch.from_numpy(s)
        theirs = per_call(lambda: tv_ops.nms(tb, ts, 0.5), repeat)
    return 'box_nms ({} boxes)'.format(n), ours, theirs


def bench_roi_align(rs, repeat, c=256, hw=50, r=256):
    feat = rs.rand(1, c, hw, hw).astype('float32')
    rois = np.concatenate([np.zeros((r, 1), 'float32'), boxes(rs, r, hw * 16.0)], 1)
    f, q = nd.array(feat), nd.array(rois)
    ours = per_call(lambda: nd.contrib.ROIAlign(f, q, pooled_size=(7, 7), spatial_scale=1 / 16.,
                                                sample_ratio=2).wait_to_read(), repeat)
    theirs = None
    if tv_ops is not None:
        tf, tq = torch.from_numpy(feat), torch.from_numpy(rois)
        theirs = per_call(lambda: tv_ops.roi_align(tf, tq, (7, 7), 1 / 16., 2, aligned=False), repeat)
    return 'ROIAlign ({} rois, {}x{}x{})'.format(r, c, hw, hw), ours, theirs


def bench_multibox(rs, repeat, a=8732, k=21):
    anchors = boxes(rs, a, 1.0)
    prob = rs.rand(1, k, a).astype('float32')
    prob /= prob.sum(1, keepdims=True)
    loc = (rs.randn(1, a * 4) * 0.1).astype('float32')
    cp, lp, an = nd.array(prob), nd.array(loc), nd.array(anchors[None])
    ours = per_call(lambda: nd.contrib.MultiBoxDetection(cp, lp, an, threshold=0.01, nms_threshold=0.45,
                                                         nms_topk=400).wait_to_read(), repeat)
    theirs = None
    if tv_ops is not None:
        tprob, tloc, tanc = torch.from_numpy(prob[0]), torch.from_numpy(loc.reshape(a, 4)), torch.from_numpy(anchors)
        var = torch.tensor([0.1, 0.1, 0.2, 0.2])

        def torchvision_ssd():
            wh = tanc[:, 2:] - tanc[:, :2]
            ctr = tanc[:, :2] + wh / 2 + tloc[:, :2] * var[:2] * wh
            size = wh * torch.exp(tloc[:, 2:] * var[2:])
            dec = torch.cat([ctr - size / 2, ctr + size / 2], 1).clamp(0, 1)
            score, cls = tprob[1:].max(0)
            keep = score > 0.01
            order = score[keep].argsort(descending=True)[:400]
            b, s, c = dec[keep][order], score[keep][order], cls[keep][order]
            return tv_ops.batched_nms(b, s, c, 0.45)
        theirs = per_call(torchvision_ssd, repeat)
    return 'MultiBoxDetection ({} anchors, {} classes)'.format(a, k), ours, theirs


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--repeat', type=int, default=20)
    args = ap.parse_args()
    rs = np.random.RandomState(0)
    print('torch {}, torchvision {}, {} threads'.format(
        torch.__version__, torchvision.__version__ if tv_ops is not None else 'unavailable ({})'.format(TV_ERROR),
        torch.get_num_threads()))
    for bench in (bench_nms, bench_roi_align, bench_multibox):
        name, ours, theirs = bench(rs, args.repeat)
        line = '{:45s} mxtorch {:8.2f} ms'.format(name, ours)
        if theirs is not None:
            line += '   torchvision {:8.2f} ms   ratio {:.2f}'.format(theirs, ours / theirs)
        print(line, flush=True)


if __name__ == '__main__':
    main()
