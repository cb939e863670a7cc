"""Gives the mx.np ndarray its dispatch-protocol handlers (numpy_dispatch_protocol.py imports mx.np, so
the class is given them once mx.np is loaded)."""
from .. import numpy_dispatch_protocol as _protocol
from . import multiarray

multiarray.bind(array_function=_protocol.array_function, array_ufunc=_protocol.array_ufunc)
