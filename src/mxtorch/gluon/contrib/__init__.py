"""Contributed Gluon modules (``mx.gluon.contrib``): ``nn`` holds the layers that MXNet 1.9.1 keeps outside
the core ``gluon.nn`` (Concurrent, HybridConcurrent, Identity, SparseEmbedding, SyncBatchNorm,
PixelShuffle1D/2D/3D)."""
import importlib as _importlib
import importlib.util as _importlib_util

from . import nn


def _import_present(names):
    """Import the contrib subpackages among `names` that exist (the others are not written yet)."""
    for name in names:
        full = __name__ + '.' + name
        if _importlib_util.find_spec(full) is not None:
            globals()[name] = _importlib.import_module(full)


_import_present(('rnn', 'cnn', 'data', 'estimator'))
