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
from . import operator
from . import name
from . import random as rnd
from . import attribute
from .attribute import AttrScope
from . import symbol
from . import symbol as sym
from . import executor
from . import model
from . import callback
from . import monitor
from . import monitor as mon
from . import module
from . import module as mod
from . import visualization
from . import visualization as viz
from . import rnn
from . import profiler
from . import onnx  # (imports the onnx package only when a function of it is called)

# MXNet 1.9.1's other top-level names. Until mxtorch has them, each one raises NotProvidedError, an
# MXNetError that is also an AttributeError (so hasattr() is False), instead of a bare AttributeError.
_NOT_YET = {}
# MXNet 1.9.1's small modules that `import mxnet` loads (misc and space it does not: import them by name)
from . import api, engine, error, log, libinfo, library, rtc, tvmop, notebook, executor_manager  # noqa: E402,F401
from . import ndarray_doc, symbol_doc, numpy_op_signature, numpy_dispatch_protocol, numpy_op_fallback  # noqa: E402,F401,E501
from .symbol import numpy as np_symbol  # noqa: E402,F401  (MXNet: the module that mx.sym.np is)
from . import torch as th  # noqa: E402,F401  (also mx.torch: MXNet's Torch plug-in module, no functions)
__getattr__ = base.missing_names_getattr(__name__, 'mx', _NOT_YET, _NOT_YET)
