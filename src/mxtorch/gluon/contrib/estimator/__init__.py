"""``mx.gluon.contrib.estimator``: a ready training loop for Gluon models (MXNet 1.9.1's Estimator API).
:class:`Estimator` runs ``fit`` and ``evaluate``; event handlers (logging, validation, checkpoints, early
stopping, ...) do the work at the start and end of training, epochs and batches; a
:class:`BatchProcessor` holds the per-batch forward/backward."""
from . import batch_processor, estimator, event_handler, utils
from .batch_processor import *
from .event_handler import *
from .estimator import *
