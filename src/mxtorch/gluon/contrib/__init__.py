"""Contributed Gluon modules (``mx.gluon.contrib``): ``nn`` holds the layers that MXNet 1.9.1 keeps outside
the core ``gluon.nn`` (Concurrent, HybridConcurrent, Identity, SparseEmbedding, SyncBatchNorm,
PixelShuffle1D/2D/3D); ``rnn`` the recurrent cells MXNet keeps there (LSTMPCell, VariationalDropoutCell, the
convolutional RNN/LSTM/GRU cells)."""
from . import nn
from . import rnn
from . import data
from . import cnn
from . import estimator
