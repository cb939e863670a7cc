"""Text input of mx.np: ``genfromtxt`` reads with NumPy and gives an mx.np array."""
import numpy as _onp

from .multiarray import array

__all__ = ['genfromtxt']


def genfromtxt(*args, **kwargs):
    """NumPy's genfromtxt, its result as an mx.np array (on the current context)."""
    values = _onp.genfromtxt(*args, **kwargs)
    return array(values, dtype=values.dtype)
