"""The pixel arithmetic of MXNet 1.9.1's default image augmenter (the C++ one behind ImageRecordIter),
reproduced on torch tensors: the affine warp (rotation, shear, random scale and aspect ratio) as the
OpenCV 3.4 bundled with MXNet computes it for uint8 images (inverse map in fixed point with 5 fractional
bits, tap weights in 15 bits), the colour jitter (brightness, contrast, saturation with OpenCV's rounding),
the hue/lightness/saturation shift in OpenCV's 8-bit HLS space, and the PCA lighting noise.

MXNet's augmenter sees images in OpenCV's BGR order while these functions take RGB (N, H, W, C) batches;
where that matters (the grey value its contrast and saturation steps compute with OpenCV's RGB weights on
BGR pixels) the weights are applied as MXNet applies them.
"""
import functools
import math

import numpy as np
import torch

from ..ndarray.ops._cvresize import _axis_table, _cubic_coeffs, _lanczos4_coeffs

__all__ = ['affine_matrix', 'warp_affine', 'color_jitter', 'shift_hls', 'pca_noise', 'PCA_EIGVEC', 'fast_linear',
           'resize_nchw']

_F = np.float32
_AB_BITS, _INTER_BITS, _TAB = 10, 5, 32
_COEF_BITS = 15

# eigen vectors times eigen values of ImageNet's RGB covariance, rows R, G, B (MXNet's constants)
PCA_EIGVEC = (np.array([55.46, 4.794, 1.148], dtype=np.float32)
              * np.array([[-0.5675, 0.7192, 0.4009], [-0.5808, -0.0045, -0.8140], [-0.5836, -0.6948, 0.4203]],
                         dtype=np.float32))


# ---- affine warp ----------------------------------------------------------------------------------------
def affine_matrix(cols, rows, angle, shear, scale, ratio, min_size, max_size):
    """(2x3 float32 forward matrix, output width, output height) of MXNet's affine step for an image of
    `cols` x `rows`, in float32 arithmetic as MXNet computes it."""
    a = _F(math.cos(angle / 180.0 * math.pi))
    b = _F(math.sin(angle / 180.0 * math.pi))
    scale, ratio, s = _F(scale), _F(ratio), _F(shear)
    hs = _F(_F(2) * scale) / _F(_F(1) + ratio)
    ws = _F(ratio * hs)
    new_w = max(_F(min_size), min(_F(max_size), _F(scale * _F(cols))))
    new_h = max(_F(min_size), min(_F(max_size), _F(scale * _F(rows))))
    m00 = _F(_F(hs * a) - _F(_F(s * b) * ws))
    m10 = _F(-b * ws)
    m01 = _F(_F(hs * b) + _F(_F(s * a) * ws))
    m11 = _F(a * ws)
    cw = _F(_F(m00 * _F(cols)) + _F(m01 * _F(rows)))
    ch = _F(_F(m10 * _F(cols)) + _F(m11 * _F(rows)))
    m02 = _F(_F(new_w - cw) / _F(2))
    m12 = _F(_F(new_h - ch) / _F(2))
    return (m00, m01, m02, m10, m11, m12), int(new_w), int(new_h)


@functools.lru_cache(maxsize=8)
def _tap_table(interp):
    """(1024, k*k) int32 fixed-point weights of OpenCV's remap for each (y, x) fraction in 1/32 steps."""
    k = {2: 4, 4: 8}.get(interp, 2)
    rows = []
    for i in range(_TAB):
        x = float(_F(i) * _F(1.0 / _TAB))
        if interp == 2:
            rows.append([float(_F(c)) for c in _cubic_coeffs(x)])
        elif interp == 4:
            rows.append([float(_F(c)) for c in _lanczos4_coeffs(x)])
        else:
            rows.append([float(_F(1.0) - _F(x)), x])
    scale = 1 << _COEF_BITS
    out = np.zeros((_TAB * _TAB, k * k), dtype=np.int32)
    half = k // 2
    for i in range(_TAB):
        for j in range(_TAB):
            w = np.array([[int(np.rint(_F(_F(_F(rows[i][a]) * _F(rows[j][b])) * _F(scale))))
                           for b in range(k)] for a in range(k)], dtype=np.int64)
            # saturate_cast<short>; a sum off 32768 is corrected at the largest (smallest) weight of the 2x2
            # block from (k/2, k/2), which for k = 2 reads past this entry into the table's zeros, as OpenCV does
            w = np.concatenate([np.clip(w, -32768, 32767).reshape(-1), np.zeros(2 * k + 2, dtype=np.int64)])
            diff = int(w.sum()) - scale
            if diff:
                lo = hi = half * k + half
                for a in range(half, half + 2):
                    for b in range(half, half + 2):
                        if w[a * k + b] < w[lo]:
                            lo = a * k + b
                        elif w[a * k + b] > w[hi]:
                            hi = a * k + b
                if diff < 0:
                    w[hi] -= diff
                else:
                    w[lo] -= diff
            out[i * _TAB + j] = w[:k * k]
    return torch.from_numpy(out)


def _inverse(m):
    m = [float(v) for v in m]
    d = m[0] * m[4] - m[1] * m[3]
    d = 1. / d if d != 0 else 0.
    a11, a22 = m[4] * d, m[0] * d
    m[0], m[1], m[3], m[4] = a11, m[1] * -d, m[3] * -d, a22
    b1 = -m[0] * m[2] - m[1] * m[5]
    b2 = -m[3] * m[2] - m[4] * m[5]
    m[2], m[5] = b1, b2
    return m


def _cv_round(t):
    """saturate_cast<int> of a float64 tensor: round half to even."""
    return torch.round(t).to(torch.int64)


def warp_affine(img, m, width, height, interp, fill):
    """cv::warpAffine(img, M, (width, height), interp, BORDER_CONSTANT, fill) of an (H, W, C) uint8 tensor;
    interp 0 nearest, 1 bilinear (3, area, is bilinear there, as OpenCV), 2 bicubic, 4 Lanczos-4."""
    if interp == 3:
        interp = 1
    h, w, c = img.shape
    inv = _inverse(m)
    scale = 1 << _AB_BITS
    xs = torch.arange(width, dtype=torch.float64)
    ys = torch.arange(height, dtype=torch.float64)
    adx, bdx = _cv_round(inv[0] * xs * scale), _cv_round(inv[3] * xs * scale)
    delta = scale // 2 if interp == 0 else scale // _TAB // 2
    x0 = _cv_round((inv[1] * ys + inv[2]) * scale) + delta
    y0 = _cv_round((inv[4] * ys + inv[5]) * scale) + delta
    gx = x0[:, None] + adx[None, :]                              # (height, width)
    gy = y0[:, None] + bdx[None, :]
    # the image in int32 with a one-pixel border of `fill`: every tap outside the image, clamped into
    # the border, reads `fill` (OpenCV's BORDER_CONSTANT)
    src = torch.full((h + 2, w + 2, c), int(fill), dtype=torch.int32)
    src[1:h + 1, 1:w + 1] = img
    src = src.reshape(-1, c)
    if interp == 0:
        sx = (gx >> _AB_BITS).clamp_(-1, w) + 1
        sy = (gy >> _AB_BITS).clamp_(-1, h) + 1
        return src.index_select(0, (sy * (w + 2) + sx).reshape(-1)).reshape(height, width, c).to(torch.uint8)
    gx, gy = gx >> (_AB_BITS - _INTER_BITS), gy >> (_AB_BITS - _INTER_BITS)
    k = {2: 4, 4: 8}.get(interp, 2)
    start = k // 2 - 1
    offs = torch.arange(k)
    tx = (((gx >> _INTER_BITS) - start)[..., None] + offs).clamp_(-1, w) + 1               # (height, width, k)
    ty = ((((gy >> _INTER_BITS) - start)[..., None] + offs).clamp_(-1, h) + 1) * (w + 2)
    flat = (ty[..., :, None] + tx[..., None, :]).reshape(-1)                                # rows of taps
    vals = src.index_select(0, flat).reshape(height, width, k * k, c)
    frac = (gy & (_TAB - 1)) * _TAB + (gx & (_TAB - 1))
    weights = _tap_table(interp)[frac]                          # (height, width, k*k)
    total = (vals * weights[..., None]).sum(2)
    out = (total + (1 << (_COEF_BITS - 1))) >> _COEF_BITS
    return out.clamp_(0, 255).to(torch.uint8)


# ---- colour ---------------------------------------------------------------------------------------------
def _gray(imgs):
    """OpenCV's 8-bit RGB2GRAY of MXNet's BGR pixels, on RGB (N, H, W, 3) uint8: int32 (N, H, W)."""
    x = imgs.to(torch.int32)
    return (x[..., 0] * 1868 + x[..., 1] * 9617 + x[..., 2] * 4899 + (1 << 13)) >> 14


def _to_u8(t):
    return torch.round(t).clamp_(0, 255).to(torch.uint8)


def _f32(values, n):
    return torch.tensor(np.asarray(values, dtype=np.float32).reshape(n, 1, 1, 1))


def color_jitter(imgs, alpha_b, alpha_c, alpha_s, orders):
    """MXNet's colour jitter of (N, H, W, 3) uint8 images: per image the brightness, contrast and
    saturation steps (factors `alpha_*`, float32) in the order `orders[k]` (a permutation of 0, 1, 2)."""
    n = imgs.shape[0]
    out = imgs.clone()
    ab, ac, as_ = (np.asarray(v, dtype=np.float32) for v in (alpha_b, alpha_c, alpha_s))
    groups = {}
    for k, order in enumerate(orders):
        groups.setdefault(tuple(int(i) for i in order), []).append(k)
    for order, members in groups.items():
        idx = torch.tensor(members)
        x = imgs.index_select(0, idx)
        m = len(members)
        for step in order:
            if step == 0:
                x = _to_u8(x.to(torch.float32) * _f32(ab[members], m))
            elif step == 1:
                means = _gray(x).to(torch.float64).mean(dim=(1, 2)).to(torch.float32).numpy()
                a = ac[members]
                beta = (np.float32(1) - a) * means.astype(np.float32)
                x = _to_u8(x.to(torch.float32) * _f32(a, m) + _f32(beta, m))
            else:
                a = as_[members]
                g = _gray(x).to(torch.float32)[..., None]
                x = _to_u8(x.to(torch.float32) * _f32(a, m) + g * _f32(np.float32(1) - a, m))
        out[idx] = x
    return out


def _rgb_to_hls(imgs):
    """OpenCV's 8-bit RGB->HLS (H in 0..180) of (N, H, W, 3) uint8: float32 h, l, s before rounding."""
    x = imgs.to(torch.float32) * torch.tensor(1.0 / 255.0, dtype=torch.float32)
    r, g, b = x[..., 0], x[..., 1], x[..., 2]
    vmax = torch.maximum(torch.maximum(r, g), b)
    vmin = torch.minimum(torch.minimum(r, g), b)
    diff = vmax - vmin
    l = (vmax + vmin) * 0.5
    colourful = diff > np.finfo(np.float32).eps
    total = vmax + vmin
    # (OpenCV's SSE2 path divides by 2 - (vmax + vmin))
    s = torch.where(l < 0.5, diff / total, diff / (2 - total))
    s = torch.where(colourful, s, torch.zeros_like(s))
    d = torch.full_like(diff, 60.0).div_(diff)       # a true division (60.0 / t is 60 * (1 / t) in torch)
    h = torch.where(vmax == r, (g - b) * d, torch.where(vmax == g, (b - r) * d + 120.0, (r - g) * d + 240.0))
    h = torch.where(h < 0, h + 360.0, h)
    h = torch.where(colourful, h, torch.zeros_like(h))
    return h * 0.5, l, s


def _hls_to_rgb(h, l, s):
    """OpenCV's 8-bit HLS->RGB of float32 h (0..180 units), l, s (0..1): uint8 (N, H, W, 3)."""
    p2 = torch.where(l <= 0.5, l * (1 + s), l + s - l * s)
    p1 = 2 * l - p2
    h = h * torch.tensor(6.0 / 180.0, dtype=torch.float32)
    h = torch.remainder(h, 6.0)                  # h is never negative or past 6 by more than once here
    sector = torch.floor(h)
    f = h - sector
    sector = sector.to(torch.int64).clamp_(0, 5)
    tab = torch.stack([p2, p1, p1 + (p2 - p1) * (1 - f), p1 + (p2 - p1) * f], dim=-1)
    # which of tab gives (b, g, r) in each sector
    pick = torch.tensor([[1, 3, 0], [1, 0, 2], [3, 0, 1], [0, 2, 1], [0, 1, 3], [2, 1, 0]])[sector]
    bgr = torch.gather(tab, -1, pick)
    grey = (s == 0)[..., None]
    bgr = torch.where(grey, l[..., None].expand_as(bgr), bgr)
    return _to_u8(bgr.flip(-1) * 255.0)


def shift_hls(imgs, shifts):
    """MXNet's HSL augmentation of (N, H, W, 3) uint8 RGB images: to OpenCV's 8-bit HLS, add the integer
    (h, l, s) of `shifts` (N, 3) per image, clamped to 0..180 / 0..255 / 0..255, and back."""
    h, l, s = _rgb_to_hls(imgs)
    n = imgs.shape[0]
    hls = torch.stack([_to_u8(h), _to_u8(l * 255.0), _to_u8(s * 255.0)], dim=-1).to(torch.int32)
    add = torch.as_tensor(np.asarray(shifts, dtype=np.int32)).view(n, 1, 1, 3)
    hls = (hls + add).clamp_(torch.zeros(3, dtype=torch.int32), torch.tensor([180, 255, 255], dtype=torch.int32))
    hls = hls.to(torch.float32)
    inv = torch.tensor(1.0 / 255.0, dtype=torch.float32)
    return _hls_to_rgb(hls[..., 0], hls[..., 1] * inv, hls[..., 2] * inv)


def pca_noise(imgs, alphas):
    """MXNet's PCA lighting noise of (N, H, W, 3) uint8 RGB images: each image's (3,) normal draws
    `alphas` give an RGB offset through PCA_EIGVEC, added to every pixel, truncated toward zero, clamped."""
    a = np.asarray(alphas, dtype=np.float32)
    offs = np.stack([(PCA_EIGVEC[r, 0] * a[:, 0] + PCA_EIGVEC[r, 1] * a[:, 1]).astype(np.float32)
                     + PCA_EIGVEC[r, 2] * a[:, 2] for r in range(3)], axis=1).astype(np.float32)
    t = imgs.to(torch.float32) + torch.from_numpy(offs).view(-1, 1, 1, 3)
    return torch.trunc(t).clamp_(0, 255).to(torch.uint8)


# ---- batch resizing -------------------------------------------------------------------------------------
def fast_linear(interp, old_h, old_w, h, w):
    """Whether `resize_nchw` makes OpenCV's uint8 resize for this case: bilinear, or area when enlarging
    along an axis (which OpenCV computes as bilinear with area weights)."""
    if interp == 1:
        return True
    return interp == 3 and not (old_w >= w and old_h >= h)


@functools.lru_cache(maxsize=64)
def _linear_tables(ssize_h, ssize_w, h, w, interp):
    sx, wx = _axis_table(ssize_w, w, interp, True, True)
    sy, wy = _axis_table(ssize_h, h, interp, True, False)
    mat = torch.zeros((ssize_w, w), dtype=torch.float32)
    for d, (idx, wt) in enumerate(zip(sx, wx)):
        for i, v in zip(idx, wt):
            mat[i, d] += v
    iy = torch.tensor(sy, dtype=torch.long)
    by = torch.tensor(wy, dtype=torch.int32)
    return mat, iy[:, 0].contiguous(), iy[:, 1].contiguous(), by[:, 0].view(-1, 1), by[:, 1].view(-1, 1)


def resize_nchw(x, width, height, interp):
    """OpenCV's uint8 bilinear resize (see `fast_linear`) of a batch `x` (N, C, H, W) (any numeric dtype
    holding uint8 values) to (N, C, height, width) uint8: the horizontal pass as one float32 matrix
    product (its integer sums stay below 2**24, so it is exact), the vertical pass in OpenCV's 16-bit steps."""
    n, c, h, w = x.shape
    # a few images at a time: the int32 intermediates stay small enough to be reused from the heap instead
    # of fresh pages each time (whole batches ran 1.5x slower)
    per = max(1, (1 << 18) // max(1, c * max(h, height) * max(w, width)))
    if n > per:
        return torch.cat([resize_nchw(x[i:i + per], width, height, interp) for i in range(0, n, per)])
    mat, i0, i1, b0, b1 = _linear_tables(h, w, height, width, interp)
    hsum = torch.matmul(x.contiguous().to(torch.float32), mat)        # (N, C, H, width), integers
    hs = hsum.to(torch.int32).reshape(n * c, h, width) >> 4
    out = (hs.index_select(1, i0) * b0) >> 16
    out += (hs.index_select(1, i1) * b1) >> 16
    out += 2
    out >>= 2
    return out.clamp_(0, 255).to(torch.uint8).reshape(n, c, height, width)

