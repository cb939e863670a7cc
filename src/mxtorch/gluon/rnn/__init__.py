"""Recurrent neural network layers and cells (``mx.gluon.rnn``): the fused layers RNN, LSTM and GRU
(rnn_layer.py) and the step-by-step cells with their containers and modifiers (rnn_cell.py)."""
from .rnn_cell import *  # noqa: F401,F403
from .rnn_layer import *  # noqa: F401,F403
from . import rnn_cell, rnn_layer  # noqa: F401
