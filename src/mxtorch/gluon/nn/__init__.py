"""Neural network layers (``mx.gluon.nn``).

Layers live in one module per concern, as in MXNet: basic_layers (Sequential, HybridSequential, Dense,
...), activations, conv_layers, and so on. Every module of this package is imported here and its
``__all__`` exported, so a new layer module only needs to define ``__all__``."""
import importlib as _importlib
import pkgutil as _pkgutil

from ..block import *  # noqa: F401,F403  (Block, HybridBlock, SymbolBlock)
from .basic_layers import *  # noqa: F401,F403


def _export_layer_modules():
    for info in sorted(_pkgutil.iter_modules(__path__), key=lambda m: m.name):
        if info.name.startswith('_') or info.name == 'basic_layers':
            continue
        module = _importlib.import_module('.' + info.name, __name__)
        for name in getattr(module, '__all__', ()):
            globals()[name] = getattr(module, name)


_export_layer_modules()
