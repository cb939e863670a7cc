"""``mx.contrib.amp``: MXNet's automatic mixed precision (float16/bfloat16 operators, float32 where MXNet
keeps it, dynamic loss scaling, graph conversion); see ``amp.py``."""
from . import amp, loss_scaler  # noqa: F401
from .amp import *  # noqa: F401,F403
from .amp import __getattr__  # noqa: F401
