"""mxtorch: Apache MXNet 1.x's Gluon API on PyTorch's tensor engine.

    import mxtorch as mx
    from mxtorch import nd, autograd, gluon, init
"""
__version__ = '0.1.0'

from . import _state  # noqa: F401  (turns torch's grad mode off: MXNet records only in autograd.record())
from . import base
from .base import MXNetError
from . import context
from .context import Context, cpu, gpu, cpu_pinned, current_context, num_gpus, gpu_memory_info
from . import ndarray
from . import ndarray as nd
from . import autograd
from . import random
from . import registry
from . import initializer
from . import initializer as init
from . import optimizer
from . import lr_scheduler
from . import metric
from . import kvstore
from . import kvstore as kv
from . import gluon
from . import recordio
from . import io
from . import image
from . import image as img
from . import contrib
from . import util
from .util import np_shape, is_np_shape, set_np_shape, use_np_shape, is_np_array, np_array, use_np_array, use_np
from . import numpy as np
from . import numpy_extension as npx
from . import runtime
from . import test_utils
