"""mx.np: MXNet's NumPy-compatible array API, which mxtorch does not provide.

The module exists so that code importing it at module level loads; every name looked up in it raises an
MXNetError saying that mxtorch has no NumPy-array semantics. The classic ``mx.nd`` API is mxtorch's array
API. The error is also an AttributeError, so ``hasattr(mx.np, name)`` is simply False.
"""
from ..base import MXNetError

__all__ = []


class NumpyNotSupported(MXNetError, AttributeError):
    """Raised for any use of ``mx.np`` / ``mx.npx``, which mxtorch does not provide."""


def unsupported(module, name):
    """The error for `module`.`name`, a name of MXNet's NumPy-array API."""
    return NumpyNotSupported(
        "{}.{}: mxtorch has no NumPy-array semantics (MXNet's mx.np / mx.npx API); "
        "use the classic mx.nd API instead".format(module, name))


def __getattr__(name):
    if name.startswith('__'):
        raise AttributeError(name)
    raise unsupported('mx.np', name)
