"""Module name of MXNet's mx.np (``broadcast_arrays`` lives in _op.py with the other functions)."""
from ._op import broadcast_arrays  # noqa: F401

__all__ = ['broadcast_arrays']
