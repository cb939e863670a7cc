"""Operators that make new arrays shaped like an input."""
import torch

from ..registry import register


@register(method=True)
def zeros_like(data):
    """An array of zeros with the same shape, dtype and context as the input."""
    return torch.zeros_like(data)


@register(method=True)
def ones_like(data):
    """An array of ones with the same shape, dtype and context as the input."""
    return torch.ones_like(data)


@register()
def full_like(data, fill_value):
    """An array filled with `fill_value`, with the same shape, dtype and context as the input."""
    return torch.full_like(data, fill_value)


@register(method=True)
def diag(data, k=0, axis1=0, axis2=1):
    """The k-th diagonal of a 2-D or higher array, or a 2-D array with a 1-D input on its diagonal."""
    if data.dim() == 1:
        return torch.diag(data, k)
    return torch.diagonal(data, k, axis1, axis2).clone()
