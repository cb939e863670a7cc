"""MXNet's legacy symbolic RNN API (``mx.rnn``): cells that build Symbol graphs, sentence data, and RNN
checkpoints. Gluon's cells (``gluon.rnn``) are the imperative API."""
from . import rnn_cell, rnn, io
from .rnn_cell import (RNNParams, BaseRNNCell, RNNCell, LSTMCell, GRUCell, FusedRNNCell,  # noqa: F401
                       SequentialRNNCell, DropoutCell, ModifierCell, ZoneoutCell, ResidualCell, BidirectionalCell,
                       BaseConvRNNCell, ConvRNNCell, ConvLSTMCell, ConvGRUCell)
from .rnn import rnn_unroll, save_rnn_checkpoint, load_rnn_checkpoint, do_rnn_checkpoint  # noqa: F401
from .io import encode_sentences, BucketSentenceIter  # noqa: F401
from ..io import DataBatch, DataDesc, DataIter  # noqa: F401  (MXNet's mx.rnn shows them too)


def __getattr__(name):
    # mx.rnn also shows mx.model's checkpoint functions; they come from there when asked for
    if name in ('save_checkpoint', 'load_checkpoint'):
        from .. import model
        return getattr(model, name)
    raise AttributeError("module 'mxtorch.rnn' has no attribute {!r}".format(name))
