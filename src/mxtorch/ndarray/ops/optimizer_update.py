"""The optimizer update operators (``mx.nd.sgd_update``, ``adam_update``, ``multi_sgd_mom_update``, ...,
``mx.nd.contrib.adamw_update``, ``multi_lamb_update``, ``group_adagrad_update``) and the tensor kernels
behind them, which the built-in optimizers of ``mx.optimizer`` call as well.

Kernels. Each ``_<name>_step`` function writes one of MXNet's update formulas once, over *lists* of torch
tensors, with ``torch._foreach_*`` where the formula allows, and updates the weights and states it is given
in place. mx.optimizer hands them all the parameters of a training step at once (a few kernel launches per
step, as a plain torch optimizer does); an operator hands them one weight, or the weights of a multi_*
call. Scalars are Python floats, one learning rate and weight decay per tensor; a clipping bound of None
means no clipping (MXNet's operators clip when ``clip_gradient >= 0``, its optimizers only pass a truthy
bound: the callers translate).

Operators. MXNet's update operators are in-place on their states and functional on the weight:
- the state inputs (mom, mean, var, n, z, weight32, ...) are updated in place;
- the new weight is the result, written into ``out=`` (usually the weight itself: ``out=weight``);
  without ``out=`` it is a new array and the weight keeps its value;
- the gradient is never modified.
Arguments are MXNet's (names, order, defaults; numbers may be given as strings). Bad input raises before
anything is modified.
"""
import ast
import math
import numbers

import torch

from ...base import MXNetError, TORCH_TO_NAME
from ..ndarray import NDArray, _wrap_like
from ..registry import register
from ._util import as_bool

Tensor = torch.Tensor
_F32 = torch.float32
_FLOATS = (torch.float16, torch.float32, torch.float64)


# ==== tensor helpers ========================================================================================
def _uniform(values):
    """The common value of `values`, or None when they differ."""
    first = values[0]
    for v in values:
        if v != first:
            return None
    return first


def _axpy(ys, xs, alphas):
    """ys += alphas * xs, in place, for lists of tensors and one alpha per tensor."""
    alpha = _uniform(alphas)
    if alpha is not None:
        if alpha != 0:
            torch._foreach_add_(ys, xs, alpha=alpha)
    else:
        torch._foreach_add_(ys, torch._foreach_mul(xs, alphas))


def _rescaled(grads, rescale_grad, clip, weights=None, wds=None):
    """New tensors ``clip(rescale_grad * grad [+ wd * weight], -clip, clip)`` (clip None: no clipping)."""
    out = torch._foreach_mul(grads, rescale_grad)
    if weights is not None:
        _axpy(out, weights, wds)
    if clip is not None:
        torch._foreach_clamp_min_(out, -clip)
        torch._foreach_clamp_max_(out, clip)
    return out


def _grad_terms(grads, rescale_grad, clip, weights=None, wds=None):
    """(g, scale) with ``g * scale == clip(rescale_grad * grad [+ wd * weight])``: the gradients themselves and
    scale rescale_grad when nothing else is needed (no new memory: the rescaling then goes into the
    kernels' scalars), else new tensors and scale 1."""
    if clip is None and (weights is None or _uniform(wds) == 0):
        return grads, rescale_grad
    return _rescaled(grads, rescale_grad, clip, weights, wds), 1.0


def _clipped(t, clip):
    """`t` clipped in place into [-clip, clip] (clip None: unchanged)."""
    return t if clip is None else t.clamp_(-clip, clip)


# ==== kernels: MXNet's formulas over lists of tensors, in place =============================================
def _sgd_step(weights, grads, moms, lrs, wds, rescale_grad, clip, momentum=0.0):
    """SGD, MXNet's (multi_)sgd(_mom)_update: ``mom = momentum * mom - lr * wd * weight - lr * g;
    weight += mom`` with ``g = clip(rescale_grad * grad)``; without momentum states (moms None)
    ``weight += -lr * wd * weight - lr * g``."""
    if clip is None:
        g, g_scale = grads, [-lr * rescale_grad for lr in lrs]
    else:
        g, g_scale = _rescaled(grads, rescale_grad, clip), [-lr for lr in lrs]
    decay = [-lr * wd for lr, wd in zip(lrs, wds)]
    if moms is not None:
        torch._foreach_mul_(moms, momentum)
        _axpy(moms, weights, decay)
        _axpy(moms, g, g_scale)
        torch._foreach_add_(weights, moms)
    else:
        _axpy(weights, weights, decay)
        _axpy(weights, g, g_scale)


def _nag_step(weights, grads, moms, lrs, wds, rescale_grad, clip, momentum=0.0, decay_reads_new_weight=True):
    """Nesterov momentum, MXNet's nag_mom_update: with ``d = lr * (g + wd * weight)``,
    ``mom = momentum * mom; weight += momentum * mom - (1 + momentum) * d; mom -= d``.

    MXNet's operator writes the weight before the momentum, so when the result goes into the weight itself
    (the optimizer's call, ``out=weight``) the last step reads the *new* weight in the weight-decay term:
    ``mom -= lr * (g + wd * new_weight)``; `decay_reads_new_weight` False gives the other case. Without
    momentum states (moms None): plain SGD."""
    g = _rescaled(grads, rescale_grad, clip)
    torch._foreach_mul_(g, lrs)
    decay = [-lr * wd for lr, wd in zip(lrs, wds)]
    if moms is None:
        _axpy(weights, weights, decay)
        torch._foreach_sub_(weights, g)
        return
    torch._foreach_mul_(moms, momentum)
    if _uniform(decay) == 0:
        d = g
    else:
        d = torch._foreach_mul(weights, [-a for a in decay])
        torch._foreach_add_(d, g)
    # weight += momentum * (momentum * mom) - (1 + momentum) * lr * (g + wd * weight)
    torch._foreach_add_(weights, moms, alpha=momentum)
    torch._foreach_add_(weights, d, alpha=-(1. + momentum))
    if decay_reads_new_weight:
        torch._foreach_sub_(moms, g)
        _axpy(moms, weights, decay)
    else:
        torch._foreach_sub_(moms, d)


def _signsgd_step(weights, grads, lrs, wds):
    """signSGD, MXNet's signsgd_update: ``weight = (1 - lr * wd) * weight - lr * sign(grad)`` (MXNet's
    operator ignores rescale_grad and clip_gradient)."""
    torch._foreach_mul_(weights, [1.0 - lr * wd for lr, wd in zip(lrs, wds)])
    _axpy(weights, torch._foreach_sign(grads), [-lr for lr in lrs])


def _signum_step(weights, grads, moms, lrs, wds, rescale_grad, clip, momentum, wd_lh=0.0):
    """Signum, MXNet's signum_update: ``mom = momentum * mom - (1 - momentum) * (wd * weight + g);
    weight = (1 - lr * wd_lh) * weight + lr * sign(mom)``."""
    g = _rescaled(grads, rescale_grad, clip)
    torch._foreach_mul_(moms, momentum)
    _axpy(moms, weights, [-(1 - momentum) * wd for wd in wds])
    torch._foreach_add_(moms, g, alpha=-(1 - momentum))
    if wd_lh:
        torch._foreach_mul_(weights, [1.0 - lr * wd_lh for lr in lrs])
    _axpy(weights, torch._foreach_sign(moms), lrs)


def _adam_step(weights, grads, means, variances, lrs, wds, rescale_grad, clip, beta1, beta2, epsilon):
    """Adam, MXNet's adam_update: ``g = clip(rescale_grad * grad + wd * weight)``,
    ``mean = beta1 * mean + (1 - beta1) * g``, ``var = beta2 * var + (1 - beta2) * g**2``,
    ``weight -= lr * mean / (sqrt(var) + epsilon)``; `lrs` already hold any bias correction."""
    g, scale = _grad_terms(grads, rescale_grad, clip, weights, wds)
    torch._foreach_mul_(means, beta1)
    torch._foreach_add_(means, g, alpha=(1. - beta1) * scale)
    torch._foreach_mul_(variances, beta2)
    torch._foreach_addcmul_(variances, g, g, value=(1. - beta2) * scale * scale)
    denom = torch._foreach_sqrt(variances)
    torch._foreach_add_(denom, epsilon)
    torch._foreach_addcdiv_(weights, means, denom, [-lr for lr in lrs])


def _adamw_step(weights, grads, means, variances, lrs, etas, wds, rescale_grad, clip, beta1, beta2, epsilon):
    """AdamW, MXNet's contrib adamw_update: Adam's moments of ``g = clip(rescale_grad * grad)`` and
    ``weight -= eta * (lr * mean / (sqrt(var) + epsilon) + wd * weight)``: the decoupled decay first (it reads
    the old weight), then Adam's step of size eta * lr without weight decay."""
    _axpy(weights, weights, [-eta * wd for eta, wd in zip(etas, wds)])
    _adam_step(weights, grads, means, variances, [eta * lr for eta, lr in zip(etas, lrs)], [0.0] * len(wds),
               rescale_grad, clip, beta1, beta2, epsilon)


def _ftml_step(weights, grads, ds, vs, zs, lrs, wds, ts, rescale_grad, clip, beta1, beta2, epsilon):
    """FTML, MXNet's ftml_update: ``g = clip(rescale_grad * grad + wd * weight)``,
    ``v = beta2 * v + (1 - beta2) * g**2``, ``d_t = (1 - beta1**t) / lr * (sqrt(v / (1 - beta2**t)) + epsilon)``,
    ``z = beta1 * z + (1 - beta1) * g - (d_t - beta1 * d) * weight``, ``d = d_t``, ``weight = -z / d_t``."""
    b1, b2 = beta1, beta2
    for w, gr, d, v, z, lr, wd, t in zip(weights, grads, ds, vs, zs, lrs, wds, ts):
        g = _clipped(gr * rescale_grad + wd * w, clip)
        v.mul_(b2).addcmul_(g, g, value=1. - b2)
        d_t = (v / (1. - b2 ** t)).sqrt_().add_(epsilon).mul_((1. - b1 ** t) / lr)
        z.mul_(b1).add_(g, alpha=1. - b1).sub_((d_t - b1 * d) * w)
        d.copy_(d_t)
        w.copy_(z).div_(d_t).neg_()


def _lamb_phase1(weights, grads, means, variances, wds, ts, rescale_grad, clip, beta1, beta2, epsilon,
                 bias_correction=True):
    """LAMB's first phase, MXNet's lamb_update_phase1: updates the moments of ``g = clip(rescale_grad * grad)``
    like Adam and returns new tensors ``mean_hat / (sqrt(var_hat) + epsilon) + wd * weight`` (hats: divided
    by ``1 - beta**t`` when `bias_correction`)."""
    b1, b2 = beta1, beta2
    out = []
    for w, gr, m, v, wd, t in zip(weights, grads, means, variances, wds, ts):
        g = _clipped(gr * rescale_grad, clip)
        m.mul_(b1).add_(g, alpha=1. - b1)
        v.mul_(b2).addcmul_(g, g, value=1. - b2)
        if bias_correction:
            r = (m / (1. - b1 ** t)).div_((v / (1. - b2 ** t)).sqrt_().add_(epsilon))
        else:
            r = m / v.sqrt().add_(epsilon)
        out.append(r.add_(w, alpha=wd))
    return out


def _lamb_phase2(weights, gs, r1s, r2s, lrs, lower_bound=None, upper_bound=None):
    """LAMB's second phase, MXNet's lamb_update_phase2: ``weight -= lr * ratio * g`` with the trust ratio
    ``r1 / r2`` (r1, the weight's norm, kept within the bounds that are not None), or 1 when r1 or r2 is 0.
    r1 and r2 are tensors (no host synchronisation); `gs` are not modified."""
    for w, g, r1, r2, lr in zip(weights, gs, r1s, r2s, lrs):
        if lower_bound is not None:
            r1 = r1.clamp(min=lower_bound)
        if upper_bound is not None:
            r1 = r1.clamp(max=upper_bound)
        ratio = torch.where((r1 == 0) | (r2 == 0), torch.ones_like(r1), r1 / r2)
        w.addcmul_(g, ratio * lr, value=-1.)


def _lamb_step(weights, grads, means, variances, lrs, wds, ts, rescale_grad, clip, beta1, beta2, epsilon,
               bias_correction=True, lower_bound=None, upper_bound=None):
    """LAMB, MXNet's multi_lamb_update: phase one, then phase two with r1 = norm(weight), r2 = norm(g)."""
    gs = _lamb_phase1(weights, grads, means, variances, wds, ts, rescale_grad, clip, beta1, beta2, epsilon,
                      bias_correction)
    _lamb_phase2(weights, gs, [w.norm() for w in weights], [g.norm() for g in gs], lrs, lower_bound,
                 upper_bound)


def _rms_square_average(weights, grads, ns, wds, rescale_grad, clip, gamma1):
    """RMSProp's shared first steps: ``g = clip(rescale_grad * grad + wd * weight)`` (as (g, scale), see
    _grad_terms) and ``n = gamma1 * n + (1 - gamma1) * g**2``."""
    g, scale = _grad_terms(grads, rescale_grad, clip, weights, wds)
    torch._foreach_mul_(ns, gamma1)
    torch._foreach_addcmul_(ns, g, g, value=(1. - gamma1) * scale * scale)
    return g, scale


def _clip_weights(weights, clip):
    if clip is not None:
        torch._foreach_clamp_min_(weights, -clip)
        torch._foreach_clamp_max_(weights, clip)


def _rmsprop_step(weights, grads, ns, lrs, wds, rescale_grad, clip, gamma1, epsilon, clip_weights=None):
    """RMSProp (Tieleman & Hinton), MXNet's rmsprop_update: ``n = gamma1 * n + (1 - gamma1) * g**2``,
    ``weight -= lr * g / sqrt(n + epsilon)``, then clipped into [-clip_weights, clip_weights]."""
    g, scale = _rms_square_average(weights, grads, ns, wds, rescale_grad, clip, gamma1)
    denom = torch._foreach_add(ns, epsilon)
    torch._foreach_sqrt_(denom)
    torch._foreach_addcdiv_(weights, g, denom, [-lr * scale for lr in lrs])
    _clip_weights(weights, clip_weights)


def _rmspropalex_step(weights, grads, ns, means, deltas, lrs, wds, rescale_grad, clip, gamma1, gamma2, epsilon,
                      clip_weights=None):
    """Centered RMSProp (Graves 2013, (38)-(45)), MXNet's rmspropalex_update: n as in RMSProp,
    ``mean = gamma1 * mean + (1 - gamma1) * g``, ``delta = gamma2 * delta - lr * g / sqrt(n - mean**2 +
    epsilon)``, ``weight += delta``, then clipped into [-clip_weights, clip_weights]."""
    g, scale = _rms_square_average(weights, grads, ns, wds, rescale_grad, clip, gamma1)
    torch._foreach_mul_(means, gamma1)
    torch._foreach_add_(means, g, alpha=(1. - gamma1) * scale)
    denom = torch._foreach_mul(means, means)
    torch._foreach_neg_(denom)
    torch._foreach_add_(denom, ns)
    torch._foreach_add_(denom, epsilon)
    torch._foreach_sqrt_(denom)
    torch._foreach_mul_(deltas, gamma2)
    torch._foreach_addcdiv_(deltas, g, denom, [-lr * scale for lr in lrs])
    torch._foreach_add_(weights, deltas)
    _clip_weights(weights, clip_weights)


def _ftrl_step(weights, grads, zs, ns, lrs, wds, rescale_grad, clip, lamda1, beta):
    """Ftrl-proximal, MXNet's ftrl_update: ``z += g - (sqrt(n + g**2) - sqrt(n)) * weight / lr``,
    ``n += g**2``, ``weight = (sign(z) * lamda1 - z) / ((beta + sqrt(n)) / lr + wd) * (abs(z) > lamda1)``."""
    for w, gr, z, n, lr, wd in zip(weights, grads, zs, ns, lrs, wds):
        g = _clipped(gr * rescale_grad, clip)
        sqrt_old = n.sqrt()
        n.addcmul_(g, g)
        sqrt_new = n.sqrt()
        z.add_(g).sub_((sqrt_new - sqrt_old).mul_(w).div_(lr))
        shrunk = torch.sign(z).mul_(lamda1).sub_(z)
        shrunk.div_(sqrt_new.add_(beta).div_(lr).add_(wd)).mul_(z.abs() > lamda1)
        w.copy_(shrunk)


def _group_adagrad_step(weights, grads, histories, lrs, rescale_grad, clip, epsilon):
    """AdaGrad with one rate per row, MXNet's contrib group_adagrad_update:
    ``history += mean(g**2 over each row)``, ``weight -= lr * g / sqrt(history + epsilon)`` (history holds
    one value per row: shape (rows,) or (rows, 1))."""
    for w, gr, h, lr in zip(weights, grads, histories, lrs):
        g = _clipped(gr * rescale_grad, clip)
        rows = w.shape[0]
        h2 = h.view(rows, -1)
        h2.add_((g * g).reshape(rows, -1).mean(dim=1, keepdim=True))
        w.sub_(g.mul_(lr).div_((h2 + epsilon).sqrt_().view((rows,) + (1,) * (w.dim() - 1))))


# ==== operator arguments ====================================================================================
def _dtype_name(t):
    return TORCH_TO_NAME.get(t.dtype, str(t.dtype))


def _float(op, what, value):
    """A float parameter given as a number or a string; None is a missing required parameter."""
    if value is None:
        raise MXNetError('{}: required parameter {} is missing'.format(op, what))
    if isinstance(value, Tensor) or (hasattr(value, '_t') and isinstance(value._t, Tensor)):
        raise MXNetError('{}: parameter {} must be a number, got an array'.format(op, what))
    try:
        return float(value)
    except (TypeError, ValueError):
        raise MXNetError('{}: parameter {} must be a number, got {!r}'.format(op, what, value)) from None


def _int(op, what, value):
    v = _float(op, what, value)
    if v != int(v):
        raise MXNetError('{}: parameter {} must be an integer, got {!r}'.format(op, what, value))
    return int(v)


def _bound(op, what, value):
    """MXNet's operators apply a clipping bound (or a LAMB norm bound) only when it is >= 0."""
    v = _float(op, what, value)
    return v if v >= 0 else None


def _floats(op, what, value, n):
    """A tuple-of-floats parameter (lrs, wds, etas) given as a number, a sequence or a string like
    '(0.1, 0.2)', with exactly one value per weight."""
    if value is None:
        raise MXNetError('{}: required parameter {} is missing'.format(op, what))
    if isinstance(value, str):
        try:
            value = ast.literal_eval(value.strip())
        except (ValueError, SyntaxError):
            raise MXNetError('{}: cannot read parameter {} {!r} as numbers'.format(op, what, value)) from None
    if isinstance(value, numbers.Number):
        value = (value,)
    try:
        values = [float(v) for v in value]
    except (TypeError, ValueError):
        raise MXNetError('{}: parameter {} must be numbers, got {!r}'.format(op, what, value)) from None
    if len(values) != n:
        raise MXNetError('{}: parameter {} has {} value(s) but there are {} weight(s)'.format(
            op, what, len(values), n))
    return values


def _scale(op, rescale_grad):
    """The contrib AdamW operators' rescale_grad: a number or a one-element NDArray (read on the host)."""
    if hasattr(rescale_grad, '_t') and isinstance(rescale_grad._t, Tensor):
        t = rescale_grad._t
        if t.numel() < 1:
            raise MXNetError('{}: rescale_grad is an empty array'.format(op))
        return float(t.reshape(-1)[0])
    return _float(op, 'rescale_grad', rescale_grad)


def _check(op, weight, arrays, f32=(), shape_free=()):
    """Checks the operator's array inputs before anything is modified: all NDArrays, the weight of a floating
    dtype, the `arrays` (name -> NDArray) of the weight's shape and dtype, those named in `f32` float32
    (mixed-precision states), those named in `shape_free` of any shape. Returns the weight's tensor and the
    tensors in the order of `arrays`."""
    if not isinstance(weight, NDArray):
        raise TypeError('{}: weight must be an NDArray, got {}'.format(op, type(weight).__name__))
    w = weight._t
    if w.dtype not in _FLOATS:
        raise MXNetError('{}: only float16, float32 and float64 weights are supported, got {}'.format(
            op, _dtype_name(w)))
    tensors = []
    for name, a in arrays:
        if not isinstance(a, NDArray):
            raise TypeError('{}: {} must be an NDArray, got {}'.format(op, name, type(a).__name__))
        t = a._t
        if name not in shape_free and t.shape != w.shape:
            raise MXNetError('{}: {} has shape {} but weight has shape {}'.format(
                op, name, tuple(t.shape), tuple(w.shape)))
        want = _F32 if name in f32 else w.dtype
        if t.dtype != want:
            raise MXNetError('{}: {} must have dtype {}, got {}'.format(
                op, name, TORCH_TO_NAME.get(want, str(want)), _dtype_name(t)))
        if t.device != w.device:
            raise MXNetError('{}: {} is on {} but weight is on {}'.format(op, name, t.device, w.device))
        tensors.append(t)
    return w, tensors


def _check_out(op, weight, out):
    if out is None or out is weight:
        return
    if not isinstance(out, NDArray):
        raise TypeError('{}: out must be an NDArray, got {}'.format(op, type(out).__name__))
    w, o = weight._t, out._t
    if o.shape != w.shape or o.dtype != w.dtype:
        raise MXNetError('{}: out has shape {} and dtype {} but the new weight has shape {} and dtype {}'.format(
            op, tuple(o.shape), _dtype_name(o), tuple(w.shape), _dtype_name(w)))


def _outs(op, out, n):
    """`out` of a multi-weight operator as a list of n entries (None: no out given)."""
    if out is None:
        return [None] * n
    outs = list(out) if isinstance(out, (list, tuple)) else [out]
    if len(outs) != n:
        raise MXNetError('{}: out has {} array(s) but there are {} weight(s)'.format(op, len(outs), n))
    return outs


def _work(weight, out):
    """The tensor the kernel updates: the weight itself when the result goes into it, else a copy (the
    weight keeps its value)."""
    return weight._t if out is weight else weight._t.clone()


def _result(new, weight, out, fresh=True):
    """Delivers the new weight `new`: into `out` (which is returned), or as a new NDArray of the weight's
    dtype (`fresh`: `new` is not memory of an input and may be returned as it is)."""
    if out is None:
        t = new if fresh and new.dtype == weight._t.dtype else new.to(weight._t.dtype, copy=True)
        return _wrap_like(t, weight)
    if out._t is not new:
        out._t.copy_(new)
    return out


def _results(news, weights, outs, out, fresh=True):
    results = [_result(n, w, o, fresh) for n, w, o in zip(news, weights, outs)]
    if out is not None:
        return out
    return results[0] if len(results) == 1 else results


def _groups(op, data, stride, num_weights, extra=0):
    """The inputs of a multi-weight operator, `stride` arrays per weight (then `extra` more), as groups."""
    num = _int(op, 'num_weights', num_weights)
    if num < 1 or len(data) != stride * num + extra:
        raise MXNetError('{}: expected {} input arrays ({} per weight, num_weights={}{}), got {}'.format(
            op, stride * num + extra, stride, num, ' and {} more'.format(extra) if extra else '', len(data)))
    return [data[i * stride:(i + 1) * stride] for i in range(num)], list(data[stride * num:])


# ==== single-weight operators ===============================================================================
@register(raw=True)
def sgd_update(weight, grad, lr=None, wd=0.0, rescale_grad=1.0, clip_gradient=-1.0, lazy_update=True,
               out=None, name=None):
    """Update of stochastic gradient descent::

        weight = weight - lr * (clip(rescale_grad * grad, clip_gradient) + wd * weight)

    Parameters
    ----------
    weight, grad : NDArray
        The weight and its gradient.
    lr : float, required
        The learning rate.
    wd : float, optional, default 0
        Weight decay (L2 regularization) coefficient.
    rescale_grad : float, optional, default 1
        Multiplies the gradient first.
    clip_gradient : float, optional, default -1
        Clips the rescaled gradient into [-clip_gradient, clip_gradient]; no clipping when negative.
    lazy_update : bool, optional, default True
        Accepted for compatibility (mxtorch's gradients are dense: updates are always standard).
    out : NDArray, optional
        Where the new weight goes, usually `weight` itself.

    Returns
    -------
    NDArray
        The new weight (`out` when given).
    """
    op = 'sgd_update'
    w, (g,) = _check(op, weight, [('grad', grad)])
    _check_out(op, weight, out)
    lr, wd, scale, clip = _float(op, 'lr', lr), _float(op, 'wd', wd), _float(op, 'rescale_grad', rescale_grad), \
        _bound(op, 'clip_gradient', clip_gradient)
    as_bool(lazy_update)
    with torch.no_grad():
        new = _work(weight, out)
        _sgd_step([new], [g], None, [lr], [wd], scale, clip)
        return _result(new, weight, out)


@register(raw=True)
def sgd_mom_update(weight, grad, mom, lr=None, momentum=0.0, wd=0.0, rescale_grad=1.0, clip_gradient=-1.0,
                   lazy_update=True, out=None, name=None):
    """Update of stochastic gradient descent with momentum; `mom` is updated in place::

        mom = momentum * mom - lr * (clip(rescale_grad * grad, clip_gradient) + wd * weight)
        weight = weight + mom

    Parameters
    ----------
    weight, grad, mom : NDArray
        The weight, its gradient and the momentum state (same shape and dtype).
    lr : float, required
        The learning rate.
    momentum : float, optional, default 0
        Decay rate of the momentum.
    wd, rescale_grad, clip_gradient, lazy_update, out
        As for `sgd_update`.

    Returns
    -------
    NDArray
        The new weight (`out` when given).
    """
    op = 'sgd_mom_update'
    w, (g, m) = _check(op, weight, [('grad', grad), ('mom', mom)])
    _check_out(op, weight, out)
    lr, momentum, wd = _float(op, 'lr', lr), _float(op, 'momentum', momentum), _float(op, 'wd', wd)
    scale, clip = _float(op, 'rescale_grad', rescale_grad), _bound(op, 'clip_gradient', clip_gradient)
    as_bool(lazy_update)
    with torch.no_grad():
        new = _work(weight, out)
        _sgd_step([new], [g], [m], [lr], [wd], scale, clip, momentum)
        return _result(new, weight, out)


@register(raw=True)
def mp_sgd_update(weight, grad, weight32, lr=None, wd=0.0, rescale_grad=1.0, clip_gradient=-1.0,
                  lazy_update=True, out=None, name=None):
    """Multi-precision `sgd_update`: the float32 master copy `weight32` is updated in place (from the
    gradient in float32) and the new weight is its value in the weight's dtype.

    Parameters
    ----------
    weight, grad : NDArray
        The weight (usually float16) and its gradient (same dtype).
    weight32 : NDArray
        The float32 master copy of the weight.
    lr, wd, rescale_grad, clip_gradient, lazy_update, out
        As for `sgd_update`.
    """
    op = 'mp_sgd_update'
    w, (g, w32) = _check(op, weight, [('grad', grad), ('weight32', weight32)], f32=('weight32',))
    _check_out(op, weight, out)
    lr, wd, scale, clip = _float(op, 'lr', lr), _float(op, 'wd', wd), _float(op, 'rescale_grad', rescale_grad), \
        _bound(op, 'clip_gradient', clip_gradient)
    as_bool(lazy_update)
    with torch.no_grad():
        _sgd_step([w32], [g.float()], None, [lr], [wd], scale, clip)
        return _result(w32, weight, out, fresh=False)


@register(raw=True)
def mp_sgd_mom_update(weight, grad, mom, weight32, lr=None, momentum=0.0, wd=0.0, rescale_grad=1.0,
                      clip_gradient=-1.0, lazy_update=True, out=None, name=None):
    """Multi-precision `sgd_mom_update`: the float32 momentum `mom` and master copy `weight32` are updated
    in place, computed in float32; the new weight is the master copy in the weight's dtype.

    Parameters
    ----------
    weight, grad : NDArray
        The weight (usually float16) and its gradient (same dtype).
    mom, weight32 : NDArray
        The float32 momentum and master copy.
    lr, momentum, wd, rescale_grad, clip_gradient, lazy_update, out
        As for `sgd_mom_update`.
    """
    op = 'mp_sgd_mom_update'
    w, (g, m, w32) = _check(op, weight, [('grad', grad), ('mom', mom), ('weight32', weight32)],
                            f32=('mom', 'weight32'))
    _check_out(op, weight, out)
    lr, momentum, wd = _float(op, 'lr', lr), _float(op, 'momentum', momentum), _float(op, 'wd', wd)
    scale, clip = _float(op, 'rescale_grad', rescale_grad), _bound(op, 'clip_gradient', clip_gradient)
    as_bool(lazy_update)
    with torch.no_grad():
        _sgd_step([w32], [g.float()], [m], [lr], [wd], scale, clip, momentum)
        return _result(w32, weight, out, fresh=False)


@register(raw=True)
def nag_mom_update(weight, grad, mom, lr=None, momentum=0.0, wd=0.0, rescale_grad=1.0, clip_gradient=-1.0,
                   out=None, name=None):
    """Update of Nesterov accelerated gradient; `mom` is updated in place. With
    ``d = lr * (clip(rescale_grad * grad, clip_gradient) + wd * weight)``::

        mom = momentum * mom
        weight = weight + momentum * mom - (1 + momentum) * d
        mom = mom - d

    As in MXNet, when the result goes into the weight itself (``out=weight``) the weight-decay term of the
    last line reads the new weight.

    Parameters
    ----------
    weight, grad, mom : NDArray
        The weight, its gradient and the momentum state.
    lr : float, required
        The learning rate.
    momentum : float, optional, default 0
        Decay rate of the momentum.
    wd, rescale_grad, clip_gradient, out
        As for `sgd_update`.
    """
    op = 'nag_mom_update'
    w, (g, m) = _check(op, weight, [('grad', grad), ('mom', mom)])
    _check_out(op, weight, out)
    lr, momentum, wd = _float(op, 'lr', lr), _float(op, 'momentum', momentum), _float(op, 'wd', wd)
    scale, clip = _float(op, 'rescale_grad', rescale_grad), _bound(op, 'clip_gradient', clip_gradient)
    with torch.no_grad():
        new = _work(weight, out)
        _nag_step([new], [g], [m], [lr], [wd], scale, clip, momentum, decay_reads_new_weight=out is weight)
        return _result(new, weight, out)


@register(raw=True)
def mp_nag_mom_update(weight, grad, mom, weight32, lr=None, momentum=0.0, wd=0.0, rescale_grad=1.0,
                      clip_gradient=-1.0, out=None, name=None):
    """Multi-precision `nag_mom_update`: the float32 momentum `mom` and master copy `weight32` are updated
    in place, computed in float32 (the momentum's weight-decay term reads the new master copy); the new
    weight is the master copy in the weight's dtype.

    Parameters
    ----------
    weight, grad : NDArray
        The weight (usually float16) and its gradient.
    mom, weight32 : NDArray
        The float32 momentum and master copy.
    lr, momentum, wd, rescale_grad, clip_gradient, out
        As for `nag_mom_update`.
    """
    op = 'mp_nag_mom_update'
    w, (g, m, w32) = _check(op, weight, [('grad', grad), ('mom', mom), ('weight32', weight32)],
                            f32=('mom', 'weight32'))
    _check_out(op, weight, out)
    lr, momentum, wd = _float(op, 'lr', lr), _float(op, 'momentum', momentum), _float(op, 'wd', wd)
    scale, clip = _float(op, 'rescale_grad', rescale_grad), _bound(op, 'clip_gradient', clip_gradient)
    with torch.no_grad():
        _nag_step([w32], [g.float()], [m], [lr], [wd], scale, clip, momentum)
        return _result(w32, weight, out, fresh=False)


@register(raw=True)
def signsgd_update(weight, grad, lr=None, wd=0.0, rescale_grad=1.0, clip_gradient=-1.0, out=None, name=None):
    """Update of signSGD, a step of fixed size against the sign of the gradient::

        weight = (1 - lr * wd) * weight - lr * sign(grad)

    As in MXNet, rescale_grad and clip_gradient are accepted but have no effect.

    Parameters
    ----------
    weight, grad : NDArray
        The weight and its gradient.
    lr : float, required
        The learning rate.
    wd : float, optional, default 0
        Weight decay coefficient.
    rescale_grad, clip_gradient : float, optional
        Ignored.
    out : NDArray, optional
        Where the new weight goes, usually `weight` itself.
    """
    op = 'signsgd_update'
    w, (g,) = _check(op, weight, [('grad', grad)])
    _check_out(op, weight, out)
    lr, wd = _float(op, 'lr', lr), _float(op, 'wd', wd)
    # accepted and checked, but signSGD does not use them
    _float(op, 'rescale_grad', rescale_grad)
    _float(op, 'clip_gradient', clip_gradient)
    with torch.no_grad():
        new = _work(weight, out)
        _signsgd_step([new], [g], [lr], [wd])
        return _result(new, weight, out)


@register(raw=True)
def signum_update(weight, grad, mom, lr=None, momentum=0.0, wd=0.0, rescale_grad=1.0, clip_gradient=-1.0,
                  wd_lh=0.0, out=None, name=None):
    """Update of Signum, steps of fixed size in the direction of the sign of the momentum; `mom` is updated in
    place::

        mom = momentum * mom - (1 - momentum) * (clip(rescale_grad * grad, clip_gradient) + wd * weight)
        weight = (1 - lr * wd_lh) * weight + lr * sign(mom)

    Parameters
    ----------
    weight, grad, mom : NDArray
        The weight, its gradient and the momentum state.
    lr : float, required
        The learning rate.
    momentum : float, optional, default 0
        Decay rate of the momentum.
    wd : float, optional, default 0
        Weight decay, added to the gradient.
    wd_lh : float, optional, default 0
        Decoupled weight decay (Loshchilov & Hutter), applied to the weight directly.
    rescale_grad, clip_gradient, out
        As for `sgd_update`.
    """
    op = 'signum_update'
    w, (g, m) = _check(op, weight, [('grad', grad), ('mom', mom)])
    _check_out(op, weight, out)
    lr, momentum, wd = _float(op, 'lr', lr), _float(op, 'momentum', momentum), _float(op, 'wd', wd)
    scale, clip = _float(op, 'rescale_grad', rescale_grad), _bound(op, 'clip_gradient', clip_gradient)
    wd_lh = _float(op, 'wd_lh', wd_lh)
    with torch.no_grad():
        new = _work(weight, out)
        _signum_step([new], [g], [m], [lr], [wd], scale, clip, momentum, wd_lh)
        return _result(new, weight, out)


@register(raw=True)
def adam_update(weight, grad, mean, var, lr=None, beta1=0.9, beta2=0.999, epsilon=1e-8, wd=0.0,
                rescale_grad=1.0, clip_gradient=-1.0, lazy_update=True, out=None, name=None):
    """Update of Adam; `mean` and `var` are updated in place::

        g = clip(rescale_grad * grad + wd * weight, clip_gradient)
        mean = beta1 * mean + (1 - beta1) * g
        var = beta2 * var + (1 - beta2) * g**2
        weight = weight - lr * mean / (sqrt(var) + epsilon)

    There is no bias correction in the operator: mx.optimizer.Adam folds it into `lr`.

    Parameters
    ----------
    weight, grad, mean, var : NDArray
        The weight, its gradient and the first and second moment estimates.
    lr : float, required
        The learning rate.
    beta1, beta2 : float, optional, default 0.9, 0.999
        Decay rates of the moment estimates.
    epsilon : float, optional, default 1e-8
        Added to the denominator.
    wd, rescale_grad, clip_gradient, lazy_update, out
        As for `sgd_update` (the weight decay enters the gradient before clipping).
    """
    op = 'adam_update'
    w, (g, m, v) = _check(op, weight, [('grad', grad), ('mean', mean), ('var', var)])
    _check_out(op, weight, out)
    lr, b1, b2 = _float(op, 'lr', lr), _float(op, 'beta1', beta1), _float(op, 'beta2', beta2)
    eps, wd = _float(op, 'epsilon', epsilon), _float(op, 'wd', wd)
    scale, clip = _float(op, 'rescale_grad', rescale_grad), _bound(op, 'clip_gradient', clip_gradient)
    as_bool(lazy_update)
    with torch.no_grad():
        new = _work(weight, out)
        _adam_step([new], [g], [m], [v], [lr], [wd], scale, clip, b1, b2, eps)
        return _result(new, weight, out)


@register(raw=True)
def ftml_update(weight, grad, d, v, z, lr=None, beta1=0.6, beta2=0.999, epsilon=1e-8, t=None, wd=0.0,
                rescale_grad=1.0, clip_grad=-1.0, out=None, name=None):
    """Update of FTML (Follow the Moving Leader); `d`, `v` and `z` are updated in place::

        g = clip(rescale_grad * grad + wd * weight, clip_grad)
        v = beta2 * v + (1 - beta2) * g**2
        d_t = (1 - beta1**t) / lr * (sqrt(v / (1 - beta2**t)) + epsilon)
        z = beta1 * z + (1 - beta1) * g - (d_t - beta1 * d) * weight
        d = d_t
        weight = -z / d_t

    Parameters
    ----------
    weight, grad, d, v, z : NDArray
        The weight, its gradient and the three states.
    lr : float, required
        The learning rate.
    beta1, beta2 : float, optional, default 0.6, 0.999
        Decay rates.
    epsilon : float, optional, default 1e-8
        Added to the denominator.
    t : int, required
        The update count (from 1).
    wd, rescale_grad : float, optional
        As for `sgd_update`.
    clip_grad : float, optional, default -1
        Clips the gradient (with weight decay) into [-clip_grad, clip_grad]; no clipping when negative.
    out : NDArray, optional
        Where the new weight goes, usually `weight` itself.
    """
    op = 'ftml_update'
    w, (g, d_, v_, z_) = _check(op, weight, [('grad', grad), ('d', d), ('v', v), ('z', z)])
    _check_out(op, weight, out)
    lr, b1, b2 = _float(op, 'lr', lr), _float(op, 'beta1', beta1), _float(op, 'beta2', beta2)
    eps, t, wd = _float(op, 'epsilon', epsilon), _int(op, 't', t), _float(op, 'wd', wd)
    scale, clip = _float(op, 'rescale_grad', rescale_grad), _bound(op, 'clip_grad', clip_grad)
    with torch.no_grad():
        new = _work(weight, out)
        _ftml_step([new], [g], [d_], [v_], [z_], [lr], [wd], [t], scale, clip, b1, b2, eps)
        return _result(new, weight, out)


def _lamb_phase1_args(op, beta1, beta2, epsilon, t, bias_correction, wd, rescale_grad, clip_gradient):
    return (_float(op, 'beta1', beta1), _float(op, 'beta2', beta2), _float(op, 'epsilon', epsilon),
            _int(op, 't', t), as_bool(bias_correction), _float(op, 'wd', wd),
            _float(op, 'rescale_grad', rescale_grad), _bound(op, 'clip_gradient', clip_gradient))


@register(raw=True)
def lamb_update_phase1(weight, grad, mean, var, beta1=0.9, beta2=0.999, epsilon=1e-6, t=None,
                       bias_correction=True, wd=None, rescale_grad=1.0, clip_gradient=-1.0, out=None, name=None):
    """First phase of LAMB: updates `mean` and `var` in place and returns the step direction::

        g = clip(rescale_grad * grad, clip_gradient)
        mean = beta1 * mean + (1 - beta1) * g
        var = beta2 * var + (1 - beta2) * g**2
        result = mean_hat / (sqrt(var_hat) + epsilon) + wd * weight

    with ``mean_hat = mean / (1 - beta1**t)``, ``var_hat = var / (1 - beta2**t)`` when `bias_correction`,
    else the moments themselves. The weight is not changed; `lamb_update_phase2` applies the step.

    Parameters
    ----------
    weight, grad, mean, var : NDArray
        The weight, its gradient and the moment estimates.
    beta1, beta2 : float, optional, default 0.9, 0.999
        Decay rates of the moment estimates.
    epsilon : float, optional, default 1e-6
        Added to the denominator.
    t : int, required
        The update count (from 1).
    bias_correction : bool, optional, default True
        Whether to bias-correct the moments.
    wd : float, required
        Weight decay coefficient.
    rescale_grad, clip_gradient : float, optional
        As for `sgd_update`.
    out : NDArray, optional
        Where the result goes.
    """
    op = 'lamb_update_phase1'
    w, (g, m, v) = _check(op, weight, [('grad', grad), ('mean', mean), ('var', var)])
    _check_out(op, weight, out)
    b1, b2, eps, t, bc, wd, scale, clip = _lamb_phase1_args(op, beta1, beta2, epsilon, t, bias_correction, wd,
                                                            rescale_grad, clip_gradient)
    with torch.no_grad():
        (r,) = _lamb_phase1([w], [g], [m], [v], [wd], [t], scale, clip, b1, b2, eps, bc)
        return _result(r, weight, out)


@register(raw=True)
def mp_lamb_update_phase1(weight, grad, mean, var, weight32, beta1=0.9, beta2=0.999, epsilon=1e-6, t=None,
                          bias_correction=True, wd=None, rescale_grad=1.0, clip_gradient=-1.0, out=None,
                          name=None):
    """Multi-precision `lamb_update_phase1`: computed in float32 from the float32 master copy `weight32`;
    `mean` and `var` (float32) are updated in place and the result is float32.

    Parameters
    ----------
    weight, grad : NDArray
        The weight (usually float16) and its gradient.
    mean, var, weight32 : NDArray
        The float32 moment estimates and master copy.
    beta1, beta2, epsilon, t, bias_correction, wd, rescale_grad, clip_gradient, out
        As for `lamb_update_phase1`.
    """
    op = 'mp_lamb_update_phase1'
    w, (g, m, v, w32) = _check(op, weight, [('grad', grad), ('mean', mean), ('var', var), ('weight32', weight32)],
                               f32=('mean', 'var', 'weight32'))
    _check_out(op, weight32, out)
    b1, b2, eps, t, bc, wd, scale, clip = _lamb_phase1_args(op, beta1, beta2, epsilon, t, bias_correction, wd,
                                                            rescale_grad, clip_gradient)
    with torch.no_grad():
        (r,) = _lamb_phase1([w32], [g.float()], [m], [v], [wd], [t], scale, clip, b1, b2, eps, bc)
        return _result(r, weight32, out)


def _lamb_phase2_checks(op, weight, g, r1, r2, weight32=None):
    arrays = [('g', g), ('r1', r1), ('r2', r2)] + ([('weight32', weight32)] if weight32 is not None else [])
    f32 = ('g', 'r1', 'r2', 'weight32') if weight32 is not None else ()
    w, tensors = _check(op, weight, arrays, f32=f32, shape_free=('r1', 'r2'))
    for name, t in (('r1', tensors[1]), ('r2', tensors[2])):
        if t.dim() < 1 or t.shape[0] != 1 or t.numel() != 1:
            raise MXNetError('{}: {} must have shape (1,) (a norm), got {}'.format(op, name, tuple(t.shape)))
    return w, tensors


@register(raw=True)
def lamb_update_phase2(weight, g, r1, r2, lr=None, lower_bound=-1.0, upper_bound=-1.0, out=None, name=None):
    """Second phase of LAMB: a step of `g` (from `lamb_update_phase1`) scaled by the trust ratio::

        r1 = min(max(r1, lower_bound), upper_bound)    (bounds applied when >= 0)
        weight = weight - lr * (r1 / r2 if r1 > 0 and r2 > 0 else 1) * g

    Parameters
    ----------
    weight, g : NDArray
        The weight and the step direction.
    r1, r2 : NDArray
        Shape (1,): the norms of the weight and of `g`.
    lr : float, required
        The learning rate.
    lower_bound, upper_bound : float, optional, default -1
        Bounds of r1; not applied when negative.
    out : NDArray, optional
        Where the new weight goes, usually `weight` itself.
    """
    op = 'lamb_update_phase2'
    w, (g_, r1_, r2_) = _lamb_phase2_checks(op, weight, g, r1, r2)
    _check_out(op, weight, out)
    lr, lo, hi = _float(op, 'lr', lr), _bound(op, 'lower_bound', lower_bound), _bound(op, 'upper_bound', upper_bound)
    with torch.no_grad():
        new = _work(weight, out)
        _lamb_phase2([new], [g_], [r1_.reshape(())], [r2_.reshape(())], [lr], lo, hi)
        return _result(new, weight, out)


@register(raw=True)
def mp_lamb_update_phase2(weight, g, r1, r2, weight32, lr=None, lower_bound=-1.0, upper_bound=-1.0, out=None,
                          name=None):
    """Multi-precision `lamb_update_phase2`: the new weight is ``weight32 - lr * ratio * g`` computed in float32,
    in the weight's dtype. As in MXNet, `weight32` itself is not updated.

    Parameters
    ----------
    weight : NDArray
        The weight (usually float16).
    g, r1, r2, weight32 : NDArray
        float32: the step direction, the norms (shape (1,)) and the master copy.
    lr, lower_bound, upper_bound, out
        As for `lamb_update_phase2`.
    """
    op = 'mp_lamb_update_phase2'
    w, (g_, r1_, r2_, w32) = _lamb_phase2_checks(op, weight, g, r1, r2, weight32)
    _check_out(op, weight, out)
    lr, lo, hi = _float(op, 'lr', lr), _bound(op, 'lower_bound', lower_bound), _bound(op, 'upper_bound', upper_bound)
    with torch.no_grad():
        new = w32.clone()
        _lamb_phase2([new], [g_], [r1_.reshape(())], [r2_.reshape(())], [lr], lo, hi)
        return _result(new, weight, out)


@register(raw=True)
def rmsprop_update(weight, grad, n, lr=None, gamma1=0.95, epsilon=1e-8, wd=0.0, rescale_grad=1.0,
                   clip_gradient=-1.0, clip_weights=-1.0, out=None, name=None):
    """Update of RMSProp (Tieleman & Hinton); `n` is updated in place::

        g = clip(rescale_grad * grad + wd * weight, clip_gradient)
        n = (1 - gamma1) * g**2 + gamma1 * n
        weight = clip(weight - lr * g / sqrt(n + epsilon), clip_weights)

    Parameters
    ----------
    weight, grad, n : NDArray
        The weight, its gradient and the mean square of the gradients.
    lr : float, required
        The learning rate.
    gamma1 : float, optional, default 0.95
        Decay rate of the mean square.
    epsilon : float, optional, default 1e-8
        Added under the square root.
    wd, rescale_grad, clip_gradient : float, optional
        As for `sgd_update` (the weight decay enters the gradient before clipping).
    clip_weights : float, optional, default -1
        Clips the new weight into [-clip_weights, clip_weights]; no clipping when negative.
    out : NDArray, optional
        Where the new weight goes, usually `weight` itself.
    """
    op = 'rmsprop_update'
    w, (g, n_) = _check(op, weight, [('grad', grad), ('n', n)])
    _check_out(op, weight, out)
    lr, gamma1, eps, wd = _float(op, 'lr', lr), _float(op, 'gamma1', gamma1), _float(op, 'epsilon', epsilon), \
        _float(op, 'wd', wd)
    scale, clip = _float(op, 'rescale_grad', rescale_grad), _bound(op, 'clip_gradient', clip_gradient)
    clip_w = _bound(op, 'clip_weights', clip_weights)
    with torch.no_grad():
        new = _work(weight, out)
        _rmsprop_step([new], [g], [n_], [lr], [wd], scale, clip, gamma1, eps, clip_w)
        return _result(new, weight, out)


@register(raw=True)
def rmspropalex_update(weight, grad, n, g, delta, lr=None, gamma1=0.95, gamma2=0.9, epsilon=1e-8, wd=0.0,
                       rescale_grad=1.0, clip_gradient=-1.0, clip_weights=-1.0, out=None, name=None):
    """Update of the centered RMSProp of Graves (2013); `n`, `g` and `delta` are updated in place::

        grad = clip(rescale_grad * grad + wd * weight, clip_gradient)
        n = (1 - gamma1) * grad**2 + gamma1 * n
        g = (1 - gamma1) * grad + gamma1 * g
        delta = gamma2 * delta - lr * grad / sqrt(n - g**2 + epsilon)
        weight = clip(weight + delta, clip_weights)

    Parameters
    ----------
    weight, grad : NDArray
        The weight and its gradient.
    n, g, delta : NDArray
        The mean square and mean of the gradients and the last step.
    lr : float, required
        The learning rate.
    gamma1 : float, optional, default 0.95
        Decay rate of the means.
    gamma2 : float, optional, default 0.9
        Momentum of the step.
    epsilon, wd, rescale_grad, clip_gradient, clip_weights, out
        As for `rmsprop_update`.
    """
    op = 'rmspropalex_update'
    w, (gr, n_, g_, delta_) = _check(op, weight, [('grad', grad), ('n', n), ('g', g), ('delta', delta)])
    _check_out(op, weight, out)
    lr, gamma1, gamma2 = _float(op, 'lr', lr), _float(op, 'gamma1', gamma1), _float(op, 'gamma2', gamma2)
    eps, wd = _float(op, 'epsilon', epsilon), _float(op, 'wd', wd)
    scale, clip = _float(op, 'rescale_grad', rescale_grad), _bound(op, 'clip_gradient', clip_gradient)
    clip_w = _bound(op, 'clip_weights', clip_weights)
    with torch.no_grad():
        new = _work(weight, out)
        _rmspropalex_step([new], [gr], [n_], [g_], [delta_], [lr], [wd], scale, clip, gamma1, gamma2, eps, clip_w)
        return _result(new, weight, out)


@register(raw=True)
def ftrl_update(weight, grad, z, n, lr=None, lamda1=0.01, beta=1.0, wd=0.0, rescale_grad=1.0, clip_gradient=-1.0,
                out=None, name=None):
    """Update of Ftrl-proximal; `z` and `n` are updated in place::

        g = clip(rescale_grad * grad, clip_gradient)
        z = z + g - (sqrt(n + g**2) - sqrt(n)) * weight / lr
        n = n + g**2
        weight = (sign(z) * lamda1 - z) / ((beta + sqrt(n)) / lr + wd) * (abs(z) > lamda1)

    Parameters
    ----------
    weight, grad, z, n : NDArray
        The weight, its gradient and the two states.
    lr : float, required
        The learning rate.
    lamda1 : float, optional, default 0.01
        L1 regularization coefficient.
    beta : float, optional, default 1
        Per-coordinate learning-rate parameter.
    wd, rescale_grad, clip_gradient, out
        As for `sgd_update`.
    """
    op = 'ftrl_update'
    w, (g, z_, n_) = _check(op, weight, [('grad', grad), ('z', z), ('n', n)])
    _check_out(op, weight, out)
    lr, lamda1, beta, wd = _float(op, 'lr', lr), _float(op, 'lamda1', lamda1), _float(op, 'beta', beta), \
        _float(op, 'wd', wd)
    scale, clip = _float(op, 'rescale_grad', rescale_grad), _bound(op, 'clip_gradient', clip_gradient)
    with torch.no_grad():
        new = _work(weight, out)
        _ftrl_step([new], [g], [z_], [n_], [lr], [wd], scale, clip, lamda1, beta)
        return _result(new, weight, out)


# ==== multi-weight operators ================================================================================
def _multi_sgd(op, data, has_mom, mp, lrs, wds, momentum, rescale_grad, clip_gradient, num_weights, out,
               preloaded=False):
    """multi_(mp_)sgd(_mom)_update and their preloaded_ forms: for each weight the arrays weight, grad
    [, mom][, weight32]; the preloaded forms end with two arrays, the learning rates and the weight decays."""
    names = ['grad'] + (['mom'] if has_mom else []) + (['weight32'] if mp else [])
    groups, extra = _groups(op, data, 1 + len(names), num_weights, 2 if preloaded else 0)
    n = len(groups)
    checked = []
    for k, grp in enumerate(groups):
        _, tensors = _check(op, grp[0], [('{}[{}]'.format(nm, k), a) for nm, a in zip(names, grp[1:])],
                            f32=tuple('{}[{}]'.format(nm, k) for nm in ('mom', 'weight32')) if mp else ())
        checked.append(tensors)
    weights = [grp[0] for grp in groups]
    outs = _outs(op, out, n)
    for w, o in zip(weights, outs):
        _check_out(op, w, o)
    if preloaded:
        for what, a in zip(('lrs', 'wds'), extra):
            if not hasattr(a, '_t') or a._t.numel() != n:
                raise MXNetError('{}: the {} input must be an NDArray of {} value(s)'.format(op, what, n))
        lrs, wds = extra[0]._t.reshape(-1).tolist(), extra[1]._t.reshape(-1).tolist()
    else:
        lrs, wds = _floats(op, 'lrs', lrs, n), _floats(op, 'wds', wds, n)
    momentum = _float(op, 'momentum', momentum)
    scale, clip = _float(op, 'rescale_grad', rescale_grad), _bound(op, 'clip_gradient', clip_gradient)
    grads = [c[0] for c in checked]
    moms = [c[1] for c in checked] if has_mom else None
    with torch.no_grad():
        if mp:
            masters = [c[-1] for c in checked]
            _sgd_step(masters, [g.float() for g in grads], moms, lrs, wds, scale, clip, momentum)
            return _results(masters, weights, outs, out, fresh=False)
        news = [_work(w, o) for w, o in zip(weights, outs)]
        _sgd_step(news, grads, moms, lrs, wds, scale, clip, momentum)
        return _results(news, weights, outs, out)


_MULTI_DOC = """Update of several weights at once by `{single}`, in one call (MXNet's aggregated update).

    Parameters
    ----------
    *data : NDArray
        For each weight: {per_weight}{extra}.
{args}    rescale_grad, clip_gradient : float, optional
        As for `sgd_update`, the same for all weights.
    num_weights : int, optional, default 1
        The number of weights.
    out : NDArray or list of NDArray, optional
        Where the new weights go, usually the weights themselves.

    Returns
    -------
    The new weights (`out` when given; without `out`, one NDArray for one weight, else a list).
    """
_LRS_WDS = """    lrs, wds : tuple of float, required
        Learning rate and weight decay of each weight.
"""
_MOMENTUM = """    momentum : float, optional, default 0
        Decay rate of the momentum.
"""


@register(raw=True)
def multi_sgd_update(*data, lrs=None, wds=None, rescale_grad=1.0, clip_gradient=-1.0, num_weights=1, out=None,
                     name=None):
    return _multi_sgd('multi_sgd_update', data, False, False, lrs, wds, 0.0, rescale_grad, clip_gradient,
                      num_weights, out)


@register(raw=True)
def multi_sgd_mom_update(*data, lrs=None, wds=None, momentum=0.0, rescale_grad=1.0, clip_gradient=-1.0,
                         num_weights=1, out=None, name=None):
    return _multi_sgd('multi_sgd_mom_update', data, True, False, lrs, wds, momentum, rescale_grad, clip_gradient,
                      num_weights, out)


@register(raw=True)
def multi_mp_sgd_update(*data, lrs=None, wds=None, rescale_grad=1.0, clip_gradient=-1.0, num_weights=1, out=None,
                        name=None):
    return _multi_sgd('multi_mp_sgd_update', data, False, True, lrs, wds, 0.0, rescale_grad, clip_gradient, num_weights,
                      out)


@register(raw=True)
def multi_mp_sgd_mom_update(*data, lrs=None, wds=None, momentum=0.0, rescale_grad=1.0, clip_gradient=-1.0,
                            num_weights=1, out=None, name=None):
    return _multi_sgd('multi_mp_sgd_mom_update', data, True, True, lrs, wds, momentum, rescale_grad, clip_gradient,
                      num_weights, out)


@register(raw=True)
def preloaded_multi_sgd_update(*data, rescale_grad=1.0, clip_gradient=-1.0, num_weights=1, out=None, name=None):
    return _multi_sgd('preloaded_multi_sgd_update', data, False, False, None, None, 0.0, rescale_grad, clip_gradient,
                      num_weights, out, preloaded=True)


@register(raw=True)
def preloaded_multi_sgd_mom_update(*data, momentum=0.0, rescale_grad=1.0, clip_gradient=-1.0, num_weights=1,
                                   out=None, name=None):
    return _multi_sgd('preloaded_multi_sgd_mom_update', data, True, False, None, None, momentum, rescale_grad,
                      clip_gradient, num_weights, out, preloaded=True)


@register(raw=True)
def preloaded_multi_mp_sgd_update(*data, rescale_grad=1.0, clip_gradient=-1.0, num_weights=1, out=None,
                                  name=None):
    return _multi_sgd('preloaded_multi_mp_sgd_update', data, False, True, None, None, 0.0, rescale_grad, clip_gradient,
                      num_weights, out, preloaded=True)


@register(raw=True)
def preloaded_multi_mp_sgd_mom_update(*data, momentum=0.0, rescale_grad=1.0, clip_gradient=-1.0, num_weights=1,
                                      out=None, name=None):
    return _multi_sgd('preloaded_multi_mp_sgd_mom_update', data, True, True, None, None, momentum, rescale_grad,
                      clip_gradient, num_weights, out, preloaded=True)


_PRELOADED = ', then two float32 NDArrays of shape (num_weights,): the learning rates and the weight decays'
for _f, _single, _per, _extra, _args in (
        (multi_sgd_update, 'sgd_update', 'weight, grad', '', _LRS_WDS),
        (multi_sgd_mom_update, 'sgd_mom_update', 'weight, grad, mom', '', _LRS_WDS + _MOMENTUM),
        (multi_mp_sgd_update, 'mp_sgd_update', 'weight, grad, weight32', '', _LRS_WDS),
        (multi_mp_sgd_mom_update, 'mp_sgd_mom_update', 'weight, grad, mom, weight32', '', _LRS_WDS + _MOMENTUM),
        (preloaded_multi_sgd_update, 'sgd_update', 'weight, grad', _PRELOADED, ''),
        (preloaded_multi_sgd_mom_update, 'sgd_mom_update', 'weight, grad, mom', _PRELOADED, _MOMENTUM),
        (preloaded_multi_mp_sgd_update, 'mp_sgd_update', 'weight, grad, weight32', _PRELOADED, ''),
        (preloaded_multi_mp_sgd_mom_update, 'mp_sgd_mom_update', 'weight, grad, mom, weight32', _PRELOADED,
         _MOMENTUM)):
    _f.__doc__ = _MULTI_DOC.format(single=_single, per_weight=_per, extra=_extra, args=_args)
del _f, _single, _per, _extra, _args


# ==== mx.nd.contrib =========================================================================================
def _adamw(op, weights, grads, means, variances, weights32, rescale_grad, lrs, wds, etas, beta1, beta2, epsilon,
           clip_gradient, out, single):
    n = len(weights)
    for what, arrays in (('grads', grads), ('mean', means), ('var', variances)) + \
            ((('weights32', weights32),) if weights32 is not None else ()):
        if len(arrays) != n:
            raise MXNetError('{}: {} has {} array(s) but there are {} weight(s)'.format(op, what, len(arrays), n))
    mp = weights32 is not None
    checked = []
    for k in range(n):
        sfx = '' if single else '[{}]'.format(k)
        arrays = [('grad' + sfx, grads[k]), ('mean' + sfx, means[k]), ('var' + sfx, variances[k])]
        if mp:
            arrays.append(('weight32' + sfx, weights32[k]))
        checked.append(_check(op, weights[k], arrays,
                              f32=tuple(nm + sfx for nm in ('mean', 'var', 'weight32')) if mp else ()))
    outs = [out] if single else _outs(op, out, n)
    for w, o in zip(weights, outs):
        _check_out(op, w, o)
    lrs, wds, etas = _floats(op, 'lrs', lrs, n), _floats(op, 'wds', wds, n), _floats(op, 'etas', etas, n)
    b1, b2, eps = _float(op, 'beta1', beta1), _float(op, 'beta2', beta2), _float(op, 'epsilon', epsilon)
    clip, scale = _bound(op, 'clip_gradient', clip_gradient), _scale(op, rescale_grad)
    skip = scale == 0 or not math.isfinite(scale)
    with torch.no_grad():
        if mp:
            news = [c[1][3] for c in checked]
            if not skip:
                _adamw_step(news, [c[1][0].float() for c in checked], [c[1][1] for c in checked],
                            [c[1][2] for c in checked], lrs, etas, wds, scale, clip, b1, b2, eps)
            fresh = False
        else:
            news = [_work(w, o) for w, o in zip(weights, outs)]
            if not skip:
                _adamw_step(news, [c[1][0] for c in checked], [c[1][1] for c in checked],
                            [c[1][2] for c in checked], lrs, etas, wds, scale, clip, b1, b2, eps)
            fresh = True
        return _results(news, weights, outs, out, fresh)


_ADAMW_DOC = """{what}

        g = clip(rescale_grad * grad, clip_gradient)
        mean = beta1 * mean + (1 - beta1) * g
        var = beta2 * var + (1 - beta2) * g**2
        weight = weight - eta * (lr * mean / (sqrt(var) + epsilon) + wd * weight)

    When rescale_grad is 0, infinite or NaN (a loss-scaling overflow), nothing is updated and the result is
    the weight as it was. Unlike MXNet's adamw_update, which rescales the gradient array in place, mxtorch
    leaves the gradient unchanged.

    Parameters
    ----------
{params}    rescale_grad : float or NDArray
        Multiplies the gradients (a one-element NDArray is read on the host).
    beta1, beta2 : float, optional, default 0.9, 0.999
        Decay rates of the moment estimates.
    epsilon : float, optional, default 1e-8
        Added to the denominator.
    clip_gradient : float, optional, default -1
        Clips the rescaled gradient into [-clip_gradient, clip_gradient]; no clipping when negative.
    out : NDArray{outs}, optional
        Where the new weight goes, usually the weight itself.
    """


@register(namespace='contrib', raw=True)
def adamw_update(weight, grad, mean, var, rescale_grad, lr, eta, beta1=0.9, beta2=0.999, epsilon=1e-8, wd=0.0,
                 clip_gradient=-1.0, out=None, name=None):
    return _adamw('adamw_update', [weight], [grad], [mean], [var], None, rescale_grad, lr, wd, eta, beta1, beta2,
                  epsilon, clip_gradient, out, single=True)


@register(namespace='contrib', raw=True)
def mp_adamw_update(weight, grad, mean, var, weight32, rescale_grad, lr, eta, beta1=0.9, beta2=0.999, epsilon=1e-8,
                    wd=0.0, clip_gradient=-1.0, out=None, name=None):
    return _adamw('mp_adamw_update', [weight], [grad], [mean], [var], [weight32], rescale_grad, lr, wd, eta, beta1,
                  beta2, epsilon, clip_gradient, out, single=True)


@register(namespace='contrib', raw=True)
def multi_adamw_update(weights, grads, mean, var, rescale_grad, lrs, wds, etas, out=None, name=None, size=0,
                       beta1=0.9, beta2=0.999, epsilon=1e-8, clip_gradient=-1.0):
    _sized('multi_adamw_update', weights, size)
    return _adamw('multi_adamw_update', list(weights), list(grads), list(mean), list(var), None, rescale_grad, lrs,
                  wds, etas, beta1, beta2, epsilon, clip_gradient, out, single=False)


@register(namespace='contrib', raw=True)
def multi_mp_adamw_update(weights, grads, mean, var, weights32, rescale_grad, lrs, wds, etas, out=None, name=None,
                          size=0, beta1=0.9, beta2=0.999, epsilon=1e-8, clip_gradient=-1.0):
    _sized('multi_mp_adamw_update', weights, size)
    return _adamw('multi_mp_adamw_update', list(weights), list(grads), list(mean), list(var), list(weights32),
                  rescale_grad, lrs, wds, etas, beta1, beta2, epsilon, clip_gradient, out, single=False)


_W1 = """    weight, grad, mean, var : NDArray
        The weight, its gradient and the moment estimates.
"""
_W32 = """    weight32 : NDArray
        The float32 master copy, updated in place (mean and var are float32 too).
"""
_LR1 = """    lr : float, required
        The learning rate.
    eta : float, required
        The schedule multiplier of the whole step.
    wd : float, optional, default 0
        Decoupled weight decay.
"""
_WN = """    weights, grads, mean, var : list of NDArray
        The weights, their gradients and moment estimates.
"""
_W32N = """    weights32 : list of NDArray
        The float32 master copies, updated in place.
"""
_LRN = """    lrs, wds, etas : tuple of float
        Learning rate, decoupled weight decay and schedule multiplier of each weight.
    size : int, optional
        The number of weights (default: all).
"""
adamw_update.__doc__ = _ADAMW_DOC.format(
    what='Update of AdamW (Adam with decoupled weight decay); `mean` and `var` are updated in place::',
    params=_W1 + _LR1, outs='')
mp_adamw_update.__doc__ = _ADAMW_DOC.format(
    what='Multi-precision `adamw_update`, computed in float32 on the master copy `weight32`::',
    params=_W1 + _W32 + _LR1, outs='')
multi_adamw_update.__doc__ = _ADAMW_DOC.format(
    what='`adamw_update` of several weights in one call::', params=_WN + _LRN, outs=' or list of NDArray')
multi_mp_adamw_update.__doc__ = _ADAMW_DOC.format(
    what='`mp_adamw_update` of several weights in one call::', params=_WN + _W32N + _LRN,
    outs=' or list of NDArray')


def _sized(op, weights, size):
    size = _int(op, 'size', size)
    if size and size != len(weights):
        raise MXNetError('{}: size={} but {} weight(s) are given'.format(op, size, len(weights)))


def _multi_lamb(op, weights, grads, means, variances, weights32, step_count, lrs, wds, out, num_tensors, beta1,
                beta2, epsilon, rescale_grad, lower_bound, upper_bound, clip_gradient, bias_correction):
    weights = list(weights)
    n = len(weights)
    num = _int(op, 'num_tensors', num_tensors)
    if num and num != n:
        raise MXNetError('{}: num_tensors={} but {} weight(s) are given'.format(op, num, n))
    lists = [('grads', list(grads)), ('mean', list(means)), ('var', list(variances))]
    if weights32 is not None:
        lists.append(('weights32', list(weights32)))
    for what, arrays in lists:
        if len(arrays) != n:
            raise MXNetError('{}: {} has {} array(s) but there are {} weight(s)'.format(op, what, len(arrays), n))
    mp = weights32 is not None
    checked = []
    for k in range(n):
        arrays = [('{}[{}]'.format(nm, k), a[k]) for nm, a in zip(('grad', 'mean', 'var', 'weight32'),
                                                                  [a for _, a in lists])]
        checked.append(_check(op, weights[k], arrays,
                              f32=tuple('{}[{}]'.format(nm, k) for nm in ('mean', 'var', 'weight32')) if mp else ()))
    outs = _outs(op, out, n)
    for w, o in zip(weights, outs):
        _check_out(op, w, o)
    ts = [int(t) for t in _floats(op, 'step_count', step_count, n)]
    lrs, wds = _floats(op, 'lrs', lrs, n), _floats(op, 'wds', wds, n)
    b1, b2, eps = _float(op, 'beta1', beta1), _float(op, 'beta2', beta2), _float(op, 'epsilon', epsilon)
    scale, clip = _float(op, 'rescale_grad', rescale_grad), _bound(op, 'clip_gradient', clip_gradient)
    lo, hi = _bound(op, 'lower_bound', lower_bound), _bound(op, 'upper_bound', upper_bound)
    bc = as_bool(bias_correction)
    grads_t = [c[1][0] for c in checked]
    with torch.no_grad():
        if mp:
            news, grads_t, fresh = [c[1][3] for c in checked], [g.float() for g in grads_t], False
        else:
            news, fresh = [_work(w, o) for w, o in zip(weights, outs)], True
        _lamb_step(news, grads_t, [c[1][1] for c in checked], [c[1][2] for c in checked], lrs, wds, ts, scale,
                   clip, b1, b2, eps, bc, lo, hi)
        return _results(news, weights, outs, out, fresh)


_LAMB_DOC = """{what}

        g = clip(rescale_grad * grad, clip_gradient)
        mean = beta1 * mean + (1 - beta1) * g;  var = beta2 * var + (1 - beta2) * g**2
        r = mean_hat / (sqrt(var_hat) + epsilon) + wd * weight   (hats: bias-corrected with the step count)
        r1 = norm(weight) within [lower_bound, upper_bound];  r2 = norm(r)
        weight = weight - lr * (r1 / r2 if r1 > 0 and r2 > 0 else 1) * r

    Parameters
    ----------
    weights, grads, mean, var : list of NDArray
        The weights, their gradients and moment estimates (updated in place).
{w32}    step_count : list of int
        The update count of each weight (from 1).
    lrs, wds : list of float
        Learning rate and weight decay of each weight.
    out : list of NDArray, optional
        Where the new weights go, usually the weights themselves.
    num_tensors : int, optional
        The number of weights (default: all).
    beta1, beta2 : float, optional, default 0.9, 0.999
        Decay rates of the moment estimates.
    epsilon : float, optional, default 1e-6
        Added to the denominator.
    rescale_grad, clip_gradient : float, optional
        As for `sgd_update`.
    lower_bound, upper_bound : float, optional, default -1
        Bounds of the weight norm; not applied when negative.
    bias_correction : bool, optional, default True
        Whether to bias-correct the moments.
    """


@register(namespace='contrib', raw=True)
def multi_lamb_update(weights, grads, mean, var, step_count, lrs, wds, out=None, num_tensors=0, beta1=0.9,
                      beta2=0.999, epsilon=1e-6, rescale_grad=1.0, lower_bound=-1.0, upper_bound=-1.0,
                      clip_gradient=-1.0, bias_correction=True, name=None):
    return _multi_lamb('multi_lamb_update', weights, grads, mean, var, None, step_count, lrs, wds, out,
                       num_tensors, beta1, beta2, epsilon, rescale_grad, lower_bound, upper_bound, clip_gradient,
                       bias_correction)


@register(namespace='contrib', raw=True)
def multi_mp_lamb_update(weights, grads, mean, var, weights32, step_count, lrs, wds, out=None, num_tensors=0,
                         beta1=0.9, beta2=0.999, epsilon=1e-6, rescale_grad=1.0, lower_bound=-1.0, upper_bound=-1.0,
                         clip_gradient=-1.0, bias_correction=True, name=None):
    return _multi_lamb('multi_mp_lamb_update', weights, grads, mean, var, weights32, step_count, lrs, wds, out,
                       num_tensors, beta1, beta2, epsilon, rescale_grad, lower_bound, upper_bound, clip_gradient,
                       bias_correction)


multi_lamb_update.__doc__ = _LAMB_DOC.format(what='LAMB update of several weights in one call::', w32='')
multi_mp_lamb_update.__doc__ = _LAMB_DOC.format(
    what='Multi-precision LAMB update of several weights, computed in float32 on the master copies::',
    w32='    weights32 : list of NDArray\n        The float32 master copies (updated in place).\n')


@register(namespace='contrib', raw=True)
def group_adagrad_update(weight, grad, history, lr=None, rescale_grad=1.0, clip_gradient=-1.0, epsilon=1e-5,
                         out=None, name=None):
    """Update of AdaGrad with one adaptive rate per row of the weight; `history` (one value per row, shape
    (rows,) or (rows, 1)) is updated in place::

        g = clip(rescale_grad * grad, clip_gradient)
        history = history + mean(g**2 over the row)
        weight = weight - lr * g / sqrt(history + epsilon)

    (MXNet 1.9.1 runs this operator only on row_sparse gradients; mxtorch's gradients are dense and it
    updates every row.)

    Parameters
    ----------
    weight, grad : NDArray
        The weight and its gradient.
    history : NDArray
        The accumulated mean squares of each row.
    lr : float, required
        The learning rate.
    rescale_grad, clip_gradient : float, optional
        As for `sgd_update`.
    epsilon : float, optional, default 1e-5
        Added under the square root.
    out : NDArray, optional
        Where the new weight goes, usually `weight` itself.
    """
    op = 'group_adagrad_update'
    w, (g, h) = _check(op, weight, [('grad', grad), ('history', history)], shape_free=('history',))
    if w.dim() < 1 or h.dim() < 1 or h.shape[0] != w.shape[0] or h.numel() != w.shape[0]:
        raise MXNetError('{}: history must hold one value per row of the weight (shape ({},) or ({}, 1)), got '
                         'shape {}'.format(op, w.shape[0] if w.dim() else 1, w.shape[0] if w.dim() else 1,
                                           tuple(h.shape)))
    _check_out(op, weight, out)
    lr, eps = _float(op, 'lr', lr), _float(op, 'epsilon', epsilon)
    scale, clip = _float(op, 'rescale_grad', rescale_grad), _bound(op, 'clip_gradient', clip_gradient)
    with torch.no_grad():
        new = _work(weight, out)
        _group_adagrad_step([new], [g], [h], [lr], scale, clip, eps)
        return _result(new, weight, out)
