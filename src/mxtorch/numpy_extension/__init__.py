"""mx.npx: the extensions of MXNet's NumPy-compatible API, which mxtorch does not provide.

Importing the module works; every name looked up in it raises an MXNetError (also an AttributeError)
saying so. ``set_np``/``reset_np``/``is_np_array``/``is_np_shape`` live in mx.util.
"""
from ..numpy import unsupported

__all__ = []


def __getattr__(name):
    if name.startswith('__'):
        raise AttributeError(name)
    raise unsupported('mx.npx', name)
