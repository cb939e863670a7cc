"""Gluon: the imperative/hybrid neural-network API (``mx.gluon``)."""
from .parameter import *  # noqa: F401,F403
from .block import *  # noqa: F401,F403
from . import nn
from . import rnn
from .trainer import *  # noqa: F401,F403
from . import loss
from . import utils
from . import data
from . import model_zoo
from . import contrib
