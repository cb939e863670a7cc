"""Gluon: the imperative/hybrid neural-network API (``mx.gluon``)."""
import importlib as _importlib

from .parameter import *  # noqa: F401,F403
from .block import *  # noqa: F401,F403
from . import utils
from . import nn

# The other parts of Gluon are imported on first use (mx.gluon.loss, mx.gluon.Trainer, ...), so that
# importing mxtorch does not depend on every one of them.
_SUBMODULES = ('rnn', 'trainer', 'loss', 'data', 'model_zoo', 'contrib')
_FROM_SUBMODULE = {'Trainer': 'trainer'}


def __getattr__(name):
    module = name if name in _SUBMODULES else _FROM_SUBMODULE.get(name)
    if module is None:
        raise AttributeError("module '{}' has no attribute '{}'".format(__name__, name))
    full = __name__ + '.' + module
    try:
        value = _importlib.import_module(full)
    except ModuleNotFoundError as e:
        if e.name != full:
            raise
        raise AttributeError("module '{}' has no attribute '{}': mxtorch has no {} yet".format(
            __name__, name, full)) from None
    if module != name:
        value = getattr(value, name)
    globals()[name] = value
    return value


def __dir__():
    return sorted(set(globals()) | set(_SUBMODULES) | set(_FROM_SUBMODULE))
