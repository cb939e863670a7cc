"""Neural network layers (``mx.gluon.nn``).

Layers live in one module per concern, as in MXNet: basic_layers (Sequential, HybridSequential, Dense,
...), activations, conv_layers, and so on. Block, HybridBlock, SymbolBlock and the basic layers are here
from the start; the layers of the other modules of this package are found on first use (``nn.Conv2D``):
every module's ``__all__`` is exported, so a new layer module only needs to define ``__all__``."""
import importlib as _importlib
import pkgutil as _pkgutil

from ..block import *  # noqa: F401,F403  (Block, HybridBlock, SymbolBlock)
from .basic_layers import *  # noqa: F401,F403

_loaded = False


def _load_layer_modules():
    global _loaded
    if _loaded:
        return
    for info in sorted(_pkgutil.iter_modules(__path__), key=lambda m: m.name):
        if info.name.startswith('_') or info.name == 'basic_layers':
            continue
        module = _importlib.import_module('.' + info.name, __name__)
        for name in getattr(module, '__all__', ()):
            globals().setdefault(name, getattr(module, name))
    _loaded = True


def __getattr__(name):
    if name == '__all__':
        # `from mxnet.gluon.nn import *` exports every layer, those of the other modules included
        _load_layer_modules()
        return sorted(n for n, v in globals().items() if not n.startswith('_') and isinstance(v, type))
    if not name.startswith('__'):
        _load_layer_modules()
        if name in globals():
            return globals()[name]
    raise AttributeError("module '{}' has no attribute '{}'".format(__name__, name))


def __dir__():
    _load_layer_modules()
    return sorted(globals())
