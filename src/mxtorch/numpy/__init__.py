"""``mx.np``: MXNet's NumPy-compatible interface, on the same operator table as ``mx.nd``.

``mx.np.ndarray`` is an NDArray with NumPy's semantics (see multiarray.py); the functions are the
table's operators with NumPy's signatures, dtype rules and 0-d results (see _op.py), with ``np.linalg``,
``np.random`` and the functions MXNet leaves to official NumPy (fallback.py). A NumPy name MXNet 1.9.1's
``mx.np`` lacks is an AttributeError that says so.
"""
import numpy as _onp

from ..base import MXNetError
from .multiarray import ndarray, array
from ._op import *  # noqa: F401,F403
from ._op import __all__ as _op_names
from .fallback import *  # noqa: F401,F403
from . import fallback, fallback_linalg, linalg, random, multiarray
from . import function_base, stride_tricks, io, utils, arrayprint  # noqa: F401  (module names MXNet has)
from . import _internal  # noqa: F401  (MXNet's internal operators, called by name)
from .arrayprint import set_printoptions
from .io import genfromtxt
from .utils import *  # noqa: F401,F403  (dtypes and constants)
from ..util import set_module  # noqa: F401
from . import _dispatch_hooks  # noqa: F401  (binds ndarray.__array_function__ / __array_ufunc__)

# MXNet defines mx.np's functions in mxnet.numpy.multiarray (the fallbacks to official NumPy included) and
# scripts import them from there: the module names the same objects
for _name in list(_op_names) + list(fallback.__all__):
    if not hasattr(multiarray, _name):
        setattr(multiarray, _name, globals()[_name])
del _name

__all__ = ['ndarray', 'array', 'set_printoptions', 'genfromtxt', 'linalg', 'random'] + list(_op_names) + \
    list(fallback.__all__) + list(utils.__all__)


class NumpyNameMissing(MXNetError, AttributeError):
    """A NumPy name that MXNet 1.9.1's ``mx.np`` does not have (an AttributeError, so hasattr is False)."""


def _missing(module, name, numpy_module):
    if hasattr(numpy_module, name):
        return NumpyNameMissing("module '{}' has no attribute '{}': MXNet 1.9.1's NumPy interface does not "
                                "provide NumPy's {}.{}; convert with .asnumpy() and use NumPy itself".format(
                                    module, name, numpy_module.__name__, name))
    return AttributeError("module '{}' has no attribute '{}'".format(module, name))


def __getattr__(name):
    if name.startswith('__'):
        raise AttributeError(name)
    raise _missing('mxnet.numpy', name, _onp)
