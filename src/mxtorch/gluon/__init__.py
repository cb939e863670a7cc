"""Gluon: the imperative/hybrid neural-network API (``mx.gluon``)."""
from .parameter import *  # noqa: F401,F403
from .block import *  # noqa: F401,F403
from . import nn
from . import rnn
from .trainer import *  # noqa: F401,F403
from . import loss
from . import utils
from . import data
from . import contrib


def __getattr__(name):
    # model_zoo is imported on first use: building its model tables is not needed by most programs
    if name == 'model_zoo':
        import importlib
        module = importlib.import_module(__name__ + '.model_zoo')
        globals()['model_zoo'] = module
        return module
    raise AttributeError("module '{}' has no attribute '{}'".format(__name__, name))
