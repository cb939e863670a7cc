"""Neural network layers (``mx.gluon.nn``).

Layers live in one module per concern: basic_layers (Sequential, HybridSequential, Dense, and re-exports
of the basic layers MXNet keeps there), activations, conv_layers (convolution, pooling, padding),
normalization (BatchNorm, InstanceNorm, LayerNorm, GroupNorm) and common_layers (Dropout, Embedding,
Flatten, Lambda, HybridLambda, ...)."""
from ..block import *  # noqa: F401,F403  (Block, HybridBlock, SymbolBlock)
from .basic_layers import *  # noqa: F401,F403
from .activations import *  # noqa: F401,F403
from .conv_layers import *  # noqa: F401,F403
from .normalization import *  # noqa: F401,F403
from .common_layers import *  # noqa: F401,F403
