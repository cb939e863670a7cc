"""Gluon (``mx.gluon``): parameters, blocks and their trainer, layers, losses, data loading, the model zoo."""
from .parameter import *  # noqa: F401,F403
from .block import *  # noqa: F401,F403
from .trainer import *  # noqa: F401,F403
from . import nn, rnn, loss, utils, data, model_zoo, contrib  # noqa: F401
