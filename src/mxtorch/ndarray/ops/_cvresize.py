"""Image resizing that gives the pixels MXNet 1.9.1 gives.

MXNet resizes images (``mx.image.imresize``, ``mx.nd.image.resize``) with the OpenCV 3.4 it bundles, so
the numbers to match are OpenCV's: its sampling geometry (pixel centres at +0.5, replicated borders),
its kernels (bilinear, Keys bicubic with a=-0.75, Lanczos-4, box averaging for shrinking by area), and
for uint8 images its fixed-point arithmetic (coefficients scaled by 2048, and the SSE2 rounding of the
bilinear vertical pass). Everything here works on torch tensors of shape (H, W, C) on any device;
uint8 arithmetic is done in int64 so that the results are exact, float images in float32/float64.

Interpolation codes are OpenCV's: 0 nearest, 1 bilinear, 2 bicubic, 3 area, 4 Lanczos-4.
"""
import functools
import math

import torch

__all__ = ['cv_resize', 'INTER_NEAREST', 'INTER_LINEAR', 'INTER_CUBIC', 'INTER_AREA', 'INTER_LANCZOS4']

INTER_NEAREST, INTER_LINEAR, INTER_CUBIC, INTER_AREA, INTER_LANCZOS4 = 0, 1, 2, 3, 4
_COEF_SCALE = 2048           # OpenCV's INTER_RESIZE_COEF_SCALE (11 fractional bits)
_FLT_EPSILON = 1.1920928955078125e-07


def _f32(x):
    """x rounded to float32, as OpenCV stores its float coefficients."""
    return float(torch.tensor(x, dtype=torch.float32))


def _round_half_even(x):
    """cvRound on x86: round half to even."""
    return int(round(x))


def _cubic_coeffs(x):
    # Keys' cubic convolution kernel with A = -0.75, evaluated in float32 as OpenCV does
    t = torch.tensor([x], dtype=torch.float32)
    a = torch.tensor([-0.75], dtype=torch.float32)
    one = torch.ones(1, dtype=torch.float32)
    c0 = ((a * (t + 1) - 5 * a) * (t + 1) + 8 * a) * (t + 1) - 4 * a
    c1 = ((a + 2) * t - (a + 3)) * t * t + 1
    c2 = ((a + 2) * (one - t) - (a + 3)) * (one - t) * (one - t) + 1
    c3 = one - c0 - c1 - c2
    return [float(c) for c in (c0, c1, c2, c3)]


def _lanczos4_coeffs(x):
    if x < _FLT_EPSILON:
        return [0., 0., 0., 1., 0., 0., 0., 0.]
    s45 = 0.70710678118654752440084436210485
    cs = ((1, 0), (-s45, -s45), (0, 1), (s45, -s45), (-1, 0), (s45, s45), (0, -1), (-s45, s45))
    y0 = -(x + 3) * math.pi * 0.25
    s0, c0 = math.sin(y0), math.cos(y0)
    coeffs = []
    total = torch.zeros((), dtype=torch.float32)
    for i in range(8):
        y = -(x + 3 - i) * math.pi * 0.25
        c = _f32((cs[i][0] * s0 + cs[i][1] * c0) / (y * y))
        coeffs.append(c)
        total = total + torch.tensor(c, dtype=torch.float32)
    inv = torch.ones((), dtype=torch.float32) / total
    return [float(torch.tensor(c, dtype=torch.float32) * inv) for c in coeffs]


@functools.lru_cache(maxsize=256)
def _axis_table(ssize, dsize, interp, fixpt, clamp):
    """Source indices (dsize, ksize) and weights (dsize, ksize) along one axis, as OpenCV builds them.

    Indices are already clamped to the image (OpenCV replicates the border). `clamp`: the bilinear
    weights of positions outside the image are reset too (OpenCV does that horizontally only, which
    matters for the rounding of uint8 results)."""
    inv_scale = dsize / ssize
    scale = 1. / inv_scale
    area_mode = interp == INTER_AREA
    ksize = {INTER_CUBIC: 4, INTER_LANCZOS4: 8}.get(interp, 2)
    ksize2 = ksize // 2
    index, weight = [], []
    for d in range(dsize):
        if not area_mode:
            f = _f32((d + 0.5) * scale - 0.5)
            s = math.floor(f)
            f = _f32(f - s)
        else:
            s = math.floor(d * scale)
            f = _f32((d + 1) - (s + 1) * inv_scale)
            f = 0. if f <= 0 else _f32(f - math.floor(f))
        if clamp and interp not in (INTER_CUBIC, INTER_LANCZOS4):
            if s < 0:
                f, s = 0., 0
            if s >= ssize - 1:
                f, s = 0., ssize - 1
        if interp == INTER_CUBIC:
            c = _cubic_coeffs(f)
        elif interp == INTER_LANCZOS4:
            c = _lanczos4_coeffs(f)
        else:
            c = [_f32(1. - f), f]
        if fixpt:
            c = [max(-32768, min(32767, _round_half_even(v * _COEF_SCALE))) for v in c]
        index.append(tuple(min(max(s + k - ksize2 + 1, 0), ssize - 1) for k in range(ksize)))
        weight.append(tuple(c))
    return tuple(index), tuple(weight)


def _separable(img, sy, wy, sx, wx, fixpt, linear_rounding):
    """Resamples HWC `img` with per-axis index/weight tables (horizontal pass first, as OpenCV)."""
    dev = img.device
    ix = torch.tensor(sx, dtype=torch.long, device=dev)          # (W', K)
    iy = torch.tensor(sy, dtype=torch.long, device=dev)          # (H', K)
    # only the source rows the vertical pass needs, converted for the arithmetic (int64 keeps uint8 exact)
    rows = torch.unique(iy)
    part = img.index_select(0, rows)                             # (R, W, C)
    if fixpt:
        # bilinear sums stay below 2**31 (255 * 2048 horizontally, 16-bit steps vertically): int32 is exact
        # and half the memory traffic; the other kernels' vertical sums need int64
        work = torch.int32 if linear_rounding and len(wx[0]) == 2 else torch.int64
        part = part.to(work)
        ax = torch.tensor(wx, dtype=work, device=dev)
        by = torch.tensor(wy, dtype=work, device=dev)
    else:
        ax = torch.tensor(wx, dtype=img.dtype, device=dev)
        by = torch.tensor(wy, dtype=img.dtype, device=dev)
    # horizontal pass, each tap added in turn (OpenCV's order)
    hsum = None
    for k in range(ix.shape[1]):
        term = part.index_select(1, ix[:, k]) * ax[:, k].view(1, -1, 1)
        hsum = term if hsum is None else hsum + term
    # map source rows to their position in `rows`
    pos = torch.searchsorted(rows, iy)
    if not (fixpt and linear_rounding):
        vsum = None
        for k in range(iy.shape[1]):
            term = hsum.index_select(0, pos[:, k]) * by[:, k].view(-1, 1, 1)
            vsum = term if vsum is None else vsum + term
        if not fixpt:
            return vsum
    if linear_rounding:
        # OpenCV's uint8 bilinear vertical pass (SIMD and scalar alike) works in 16 bits:
        # ((S0>>4)*b0>>16) + ((S1>>4)*b1>>16), then (+2)>>2, rather than rounding the exact sum
        h0 = hsum.index_select(0, pos[:, 0])
        h1 = hsum.index_select(0, pos[:, 1])
        out = ((((h0 >> 4) * by[:, 0].view(-1, 1, 1)) >> 16)
               + (((h1 >> 4) * by[:, 1].view(-1, 1, 1)) >> 16) + 2) >> 2
    else:
        out = (vsum + (1 << 21)) >> 22
        if by.shape[1] == 4:
            # OpenCV's SSE2 bicubic vertical pass (all but the last width % 8 values of a row) sums in
            # float32 with weights beta / 2048**2 and rounds half to even
            fb = by.to(torch.float32) * (1.0 / (_COEF_SCALE * _COEF_SCALE))
            acc = None
            for k in range(4):
                term = hsum.index_select(0, pos[:, k]).to(torch.float32) * fb[:, k].view(-1, 1, 1)
                acc = term if acc is None else acc + term
            width = out.shape[1] * out.shape[2]
            n = (width // 8) * 8
            flat = out.reshape(out.shape[0], -1)
            flat[:, :n] = torch.round(acc.reshape(out.shape[0], -1)[:, :n]).to(torch.int64)
            out = flat.reshape(out.shape)
    return out.clamp_(0, 255).to(torch.uint8)


def _area_table(ssize, dsize, scale):
    """(dst index, src index, weight) triples of OpenCV's general area resampling along one axis."""
    tab = []
    for d in range(dsize):
        f1 = d * scale
        f2 = f1 + scale
        cell = min(scale, ssize - f1)
        s1, s2 = math.ceil(f1), math.floor(f2)
        s2 = min(s2, ssize - 1)
        s1 = min(s1, s2)
        if s1 - f1 > 1e-3:
            tab.append((d, s1 - 1, _f32((s1 - f1) / cell)))
        for s in range(s1, s2):
            tab.append((d, s, _f32(1.0 / cell)))
        if f2 - s2 > 1e-3:
            tab.append((d, s2, _f32(min(min(f2 - s2, 1.), cell) / cell)))
    return tab


def _area_matrix(ssize, dsize, scale, dtype, device):
    m = torch.zeros(dsize, ssize, dtype=dtype, device=device)
    for d, s, a in _area_table(ssize, dsize, scale):
        m[d, s] += a
    return m


def _resize_area(img, dh, dw, scale_y, scale_x):
    h, w, c = img.shape
    iscale_x, iscale_y = int(round(scale_x)), int(round(scale_y))
    integer = abs(scale_x - iscale_x) < 2.220446049250313e-16 and abs(scale_y - iscale_y) < 2.220446049250313e-16
    if integer:
        # whole blocks: the mean of each iscale_y x iscale_x block
        blocks = img[:dh * iscale_y, :dw * iscale_x].reshape(dh, iscale_y, dw, iscale_x, c)
        if img.dtype == torch.uint8:
            total = blocks.to(torch.int64).sum(dim=(1, 3))
            if iscale_x == 2 and iscale_y == 2:
                return ((total + 2) >> 2).to(torch.uint8)
            area = iscale_x * iscale_y
            mean = total.to(torch.float32) * _f32(1.0 / area)
            return torch.round(mean).clamp_(0, 255).to(torch.uint8)
        return blocks.sum(dim=(1, 3)) * _f32(1.0 / (iscale_x * iscale_y))
    work = torch.float64 if img.dtype == torch.float64 else torch.float32
    mx_ = _area_matrix(w, dw, scale_x, work, img.device)           # (dw, w)
    my_ = _area_matrix(h, dh, scale_y, work, img.device)           # (dh, h)
    out = torch.einsum('yh,hwc,xw->yxc', my_, img.to(work), mx_)
    if img.dtype == torch.uint8:
        return torch.round(out).clamp_(0, 255).to(torch.uint8)
    return out.to(img.dtype)


def cv_resize(img, width, height, interp=INTER_LINEAR):
    """Resizes an (H, W, C) tensor to (height, width, C) with OpenCV's algorithm `interp` (0-4)."""
    h, w, c = img.shape
    if (h, w) == (height, width):
        return img.clone()
    if interp == INTER_NEAREST:
        fy, fx = 1. / (height / h), 1. / (width / w)
        iy = torch.tensor([min(math.floor(y * fy), h - 1) for y in range(height)], device=img.device)
        ix = torch.tensor([min(math.floor(x * fx), w - 1) for x in range(width)], device=img.device)
        return img.index_select(0, iy).index_select(1, ix)
    scale_x, scale_y = 1. / (width / w), 1. / (height / h)
    if interp == INTER_AREA and scale_x >= 1 and scale_y >= 1:
        return _resize_area(img, height, width, scale_y, scale_x)
    fixpt = img.dtype == torch.uint8
    sx, wx = _axis_table(w, width, interp, fixpt, True)
    sy, wy = _axis_table(h, height, interp, fixpt, False)
    if not fixpt and img.dtype not in (torch.float32, torch.float64):
        out = _separable(img.to(torch.float32), sy, wy, sx, wx, False, False)
        return out.round_().to(img.dtype)
    return _separable(img, sy, wy, sx, wx, fixpt, interp in (INTER_LINEAR, INTER_AREA))
