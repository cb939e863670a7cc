"""Gradient shapes that MXNet gives some operators and torch's autograd would not: a result that passes
no gradient back (zeros for its inputs), and a result whose gradient is that of a simpler expression
(straight-through estimators, format conversions MXNet's backward skips)."""
import torch


def zero_gradient(value, *inputs):
    """`value` (a tensor, or a tuple of tensors) linked with zero gradient to those of `inputs` that
    require grad (besides whatever gradient it already has); `value` itself when none does or grad mode
    is off."""
    needing = [t for t in inputs if isinstance(t, torch.Tensor) and t.requires_grad]
    if not needing or not torch.is_grad_enabled():
        return value
    if isinstance(value, (tuple, list)):
        return type(value)(_link(v, needing) for v in value)
    return _link(value, needing)


def _link(value, needing):
    if not value.is_floating_point():
        return value
    # a zero-gradient branch added to the value: the result requires grad and its gradient reaches the
    # inputs as zeros
    return value + _Zeros.apply(value.new_zeros(()), *needing)


class _Zeros(torch.autograd.Function):
    @staticmethod
    def forward(ctx, zero, *inputs):
        ctx.specs = [(t.shape, t.dtype, t.device) for t in inputs]
        return zero.clone()

    @staticmethod
    def backward(ctx, grad):
        return (None,) + tuple(torch.zeros(s, dtype=d, device=v) for s, d, v in ctx.specs)


def gradient_of(value, surrogate):
    """`value` in the forward pass with the gradient of `surrogate` (same shape) in the backward pass."""
    return surrogate + (value - surrogate).detach()
