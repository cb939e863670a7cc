"""Gluon: the imperative/hybrid neural-network API (``mx.gluon``)."""
import importlib as _importlib
import importlib.util as _importlib_util

from .parameter import *  # noqa: F401,F403
from .block import *  # noqa: F401,F403
from . import nn


def _import_present(names):
    """Import the gluon submodules among `names` that exist (others are still being written), exporting
    their ``__all__`` here as MXNet's ``from .trainer import *`` does."""
    for name in names:
        full = __name__ + '.' + name
        if _importlib_util.find_spec(full) is None:
            continue
        module = _importlib.import_module(full)
        globals()[name] = module
        if name == 'trainer':
            for public in getattr(module, '__all__', ()):
                globals()[public] = getattr(module, public)


_import_present(('rnn', 'trainer', 'loss', 'utils', 'data', 'model_zoo', 'contrib'))
