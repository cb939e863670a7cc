"""Module name of MXNet's mx.np (``meshgrid`` lives in _op.py with the other functions)."""
from ._op import meshgrid, broadcast_arrays  # noqa: F401

__all__ = ['meshgrid']
