"""Gradients through integer and boolean arrays (nd and mx.np), which MXNet's autograd gives and torch's cannot.

An integer array made a variable (``attach_grad``) gets a float64 *shadow*: a leaf tensor with its
values that torch differentiates and that carries the variable's gradient buffer. While recording, an
mx.np operator whose result is not differentiable (integers, booleans) but whose inputs are variables or
results in a graph runs once more on the shadows of its inputs, and the shadow of its result is what
``backward`` differentiates when the result is a head. Results that cannot be computed that way
(comparisons, index results) get a shadow of zeros joined to the inputs, so their gradient is zero, as in
MXNet. Nothing of this runs outside ``autograd.record()`` or for floating-point computations."""
import torch

from .._state import shadowing as _SHADOWING

Tensor = torch.Tensor
_F64 = torch.float64


def attach(t, info):
    """Give integer tensor `t`, a variable with gradient record `info`, its shadow."""
    if t.is_floating_point() or info.req == 'null':
        return
    shadow = t.detach().to(_F64).requires_grad_()
    shadow._mx_ag = info
    t._mx_shadow = shadow


def _shadow_of(value):
    if not isinstance(value, Tensor):
        return None
    if value.requires_grad:
        return value
    shadow = getattr(value, '_mx_shadow', None)
    if shadow is None:
        info = getattr(value, '_mx_ag', None)
        if info is not None:
            # a legacy NDArray variable seen through as_np_ndarray(): its shadow is made when first needed
            attach(value, info)
            shadow = getattr(value, '_mx_shadow', None)
    if shadow is not None and shadow.grad_fn is None:
        with torch.no_grad():
            shadow.copy_(value)     # the variable's current values
    return shadow


def _substituted(value, found):
    """`value` with shadows for its tensors; `found` collects (shadow, whether it replaced its tensor)."""
    if isinstance(value, (list, tuple)):
        return type(value)(_substituted(v, found) for v in value)
    shadow = _shadow_of(value)
    if shadow is None:
        return value
    found.append((shadow, shadow is not value))
    return shadow


def _as_float(value):
    """Integer and boolean inputs that have no shadow (constants, 'null' variables) in float64 beside the
    shadows, so that operators requiring one dtype (concatenate, stack, ...) run on the mix."""
    if isinstance(value, (list, tuple)):
        return type(value)(_as_float(v) for v in value)
    if isinstance(value, Tensor) and not value.is_floating_point() and not value.is_complex():
        return value.to(_F64)
    return value


def _rerun(call, substituted):
    _SHADOWING.active = True
    try:
        with torch.enable_grad():
            return call(*substituted)
    except Exception:  # noqa: BLE001  (an operator that cannot run on floats: its gradient is zero)
        return None
    finally:
        _SHADOWING.active = False


def _zeros_joined(shape, device, found):
    with torch.enable_grad():
        anchor = sum(s.sum() * 0 for s, _ in found)
        return torch.zeros(shape, dtype=_F64, device=device) + anchor


def _usable(shadow, result):
    return isinstance(shadow, Tensor) and shadow.requires_grad and shadow.is_floating_point() and \
        shadow.shape == result.shape


def _run_on_shadows(call, substituted, fits):
    """The operator on the shadowed values; where that fails or gives no usable result, once more with
    the other integer and boolean inputs in float64 too (operators requiring one dtype: concatenate,
    stack, ...)."""
    result = _rerun(call, substituted)
    if fits(result):
        return result
    widened = [_as_float(v) for v in substituted]
    return _rerun(call, widened)


def _rerun_changes_nothing(found, results):
    """Whether a rerun would give the same undifferentiable `results` again (a comparison of floats,
    argmax of a variable): no shadow stood in for an input, and every result is floating-point (an
    integer one is rerun in float64, see _rerun, and so may carry a gradient)."""
    return not any(replaced for _, replaced in found) and all(r.is_floating_point() for r in results)


def _any_integer(values):
    for v in values:
        if isinstance(v, (list, tuple)):
            if _any_integer(v):
                return True
        elif isinstance(v, Tensor) and not v.is_floating_point():
            return True
    return False


def shade_all(results, call, values):
    """shade for an operator giving a list or tuple of tensors (split, unique, ...): each result that
    does not require grad gets its own shadow, from one run of ``call`` on the shadowed values."""
    if not any(isinstance(r, Tensor) and not r.requires_grad for r in results) or not _any_integer(values):
        return      # (a floating-point operator's extra outputs, such as batch_norm's statistics, stay as they are)
    found = []
    substituted = [_substituted(v, found) for v in values]
    if not found:
        return
    if _rerun_changes_nothing(found, [r for r in results if isinstance(r, Tensor) and not r.requires_grad]):
        for r in results:
            if isinstance(r, Tensor) and not r.requires_grad:
                r._mx_shadow = _zeros_joined(r.shape, r.device, found)
        return
    shadows = _run_on_shadows(call, substituted, lambda got: isinstance(got, (list, tuple)) and len(got) == len(
        results) and all(_usable(g, r) for g, r in zip(got, results) if isinstance(r, Tensor)))
    if not isinstance(shadows, (list, tuple)) or len(shadows) != len(results):
        shadows = [None] * len(results)
    for r, shadow in zip(results, shadows):
        if isinstance(r, Tensor) and not r.requires_grad:
            r._mx_shadow = shadow if _usable(shadow, r) else _zeros_joined(r.shape, r.device, found)


def shade(result, call, values):
    """Give `result` (a tensor that does not require grad) a shadow when `values` (the operator's tensor
    inputs, lists of them included) reach a graph: ``call(*shadowed values)``, or zeros joined to them."""
    found = []
    substituted = [_substituted(v, found) for v in values]
    if not found:
        return
    if _rerun_changes_nothing(found, [result]):
        result._mx_shadow = _zeros_joined(result.shape, result.device, found)
        return
    shadow = _run_on_shadows(call, substituted, lambda got: _usable(got, result))
    result._mx_shadow = shadow if _usable(shadow, result) else _zeros_joined(result.shape, result.device, found)
