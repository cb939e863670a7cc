"""Contributed neural network layers (``mx.gluon.contrib.nn``)."""
from . import basic_layers
from .basic_layers import *  # noqa: F401,F403
from .basic_layers import Concatenate, HybridConcatenate  # noqa: F401  (MXNet 2 names, not in __all__)

__all__ = basic_layers.__all__
