"""Contributed recurrent cells (``mx.gluon.contrib.rnn``): the convolutional RNN, LSTM and GRU cells in 1, 2
and 3 dimensions (conv_rnn_cell.py), VariationalDropoutCell and LSTMPCell (rnn_cell.py)."""
from . import conv_rnn_cell, rnn_cell
from .conv_rnn_cell import *  # noqa: F401,F403
from .rnn_cell import *  # noqa: F401,F403

__all__ = conv_rnn_cell.__all__ + rnn_cell.__all__
