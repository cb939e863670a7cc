"""The flags MXNet keeps per thread (recording, training, NumPy-shape semantics), below ndarray/ so that
operators such as Dropout and the file format can read them; mxtorch.autograd and mxtorch.util are their
public face.

MXNet records a graph only inside ``autograd.record()`` and starts every thread with recording and
training off. torch records whenever its grad mode is on and an input requires grad, and its grad mode,
per thread as well, starts on. mxtorch keeps torch's grad mode equal to the recording flag: it is turned
off when a thread first reads these flags, and the two places where a thread that never read them could
otherwise record (a new array whose tensor requires grad, a write into an array that is a variable)
read them, see mxtorch._autograd."""
import threading

import torch

__all__ = ['state', 'set_state', 'np_shape']


GRAPH_LIMIT = 1024


class ArraysInGraph(list):
    """Weak references to a thread's NDArrays whose tensors are in a recorded graph (see mxtorch._autograd),
    pruned in place when the list outgrows `limit`."""
    __slots__ = ('limit',)

    def __init__(self):
        super().__init__()
        self.limit = GRAPH_LIMIT


class _Flags(threading.local):
    """This thread's flags, and its arrays in a graph: ``graph``, which ``recording_into`` also names while
    recording (None otherwise), so that a recorded result costs one look-up of these flags."""

    def __init__(self):
        self.recording = False
        self.training = False
        self.graph = ArraysInGraph()
        self.recording_into = None
        torch.set_grad_enabled(False)


state = _Flags()


def set_state(recording, training):
    """Set this thread's recording and training flags (and torch's grad mode with the first); returns the
    previous pair."""
    flags = state
    previous = flags.recording, flags.training
    flags.recording = recording
    flags.training = training
    flags.recording_into = flags.graph if recording else None
    torch.set_grad_enabled(recording)
    return previous


class _NumpyShape(threading.local):
    """Whether MXNet's NumPy-shape semantics (``mx.np_shape``) are on in this thread; mxtorch.util sets it."""
    active = False


np_shape = _NumpyShape()


class _Shadowing(threading.local):
    """Set while an operator is rerun on the float64 shadows of integer variables (see ndarray/_shadow.py):
    a dtype asked for is then float64, so that integer results keep a gradient."""
    active = False


shadowing = _Shadowing()
