"""``mx.npx``: the extensions of MXNet's NumPy interface: the NumPy-semantics switches, contexts, the
neural-network operators for ``mx.np`` arrays, ``npx.image``, ``npx.random`` and ``npx.save``/``load``."""
from ..context import Context, cpu, gpu, cpu_pinned, current_context, num_gpus, gpu_memory_info  # noqa: F401
from ..util import set_np, reset_np, is_np_array, is_np_shape, get_cuda_compute_capability  # noqa: F401
from ..util import use_np, use_np_array, use_np_shape, np_array, np_shape  # noqa: F401
from ..ndarray.ndarray import waitall  # noqa: F401
from ._op import *  # noqa: F401,F403
from ._op import __all__ as _op_names
from .utils import save, load  # noqa: F401
from . import image, random, utils  # noqa: F401

__all__ = ['Context', 'cpu', 'gpu', 'cpu_pinned', 'current_context', 'num_gpus', 'gpu_memory_info', 'set_np',
           'reset_np', 'is_np_array', 'is_np_shape', 'get_cuda_compute_capability', 'waitall', 'save', 'load',
           'image', 'random'] + list(_op_names)


def _expose_in_nd():
    """``F.np`` / ``F.npx`` inside ``hybrid_forward`` (F is mx.nd) and ``mx.nd.np``, as in MXNet, where
    mxnet.ndarray.numpy holds these functions: the nd package names the two modules."""
    import sys
    from .. import ndarray as _nd, numpy as _np
    _nd.np, _nd.npx = _np, sys.modules[__name__]
    sys.modules.setdefault(_nd.__name__ + '.numpy', _np)
    sys.modules.setdefault(_nd.__name__ + '.numpy_extension', sys.modules[__name__])
    # their submodules too, so that ``import mxnet.ndarray.numpy.linalg`` finds the same modules
    for front, parts in ((_np, ('linalg', 'random')), (sys.modules[__name__], ('image', 'random'))):
        for part in parts:
            nd_name = '{}.{}.{}'.format(_nd.__name__, front.__name__.rpartition('.')[2], part)
            sys.modules.setdefault(nd_name, getattr(front, part))


_expose_in_nd()

# the NumPy front end of the Symbol builder (mx.sym.np, mx.sym.npx), which stands on mx.np and mx.npx
from ..symbol import numpy as _sym_np, numpy_extension as _sym_npx  # noqa: E402,F401
