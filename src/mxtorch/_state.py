"""Per-thread autograd state (recording, training), kept below ndarray/ so that operators such as
Dropout can read the training flag; mxtorch.autograd is its public face.

torch records a graph whenever grad mode is on and an input requires grad, while MXNet records only inside
``autograd.record()``. So torch's (thread-local) grad mode is kept equal to MXNet's recording flag: off when
mxtorch is imported and in every new thread that touches this state, on only inside ``record()``."""
import threading

import torch


class _State(threading.local):
    def __init__(self):
        self.recording = False
        self.training = False
        torch.set_grad_enabled(False)


state = _State()


def set_state(recording, training):
    """Set both flags for this thread and return the previous (recording, training)."""
    st = state
    prev = (st.recording, st.training)
    st.recording = recording
    st.training = training
    torch.set_grad_enabled(recording)
    return prev
