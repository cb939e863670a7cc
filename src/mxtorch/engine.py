"""mx.engine: MXNet's engine bulking knobs.

MXNet's threaded engine can bundle up to ``size`` consecutive operators into one engine task ("bulk
execution"). mxtorch has no engine of its own: every operator is a PyTorch call that runs when it is
made, so bulking changes nothing about how work is done. The size is still kept, per thread, as MXNet
keeps it, so that ``set_bulk_size`` returns the previous value and ``bulk`` restores it on exit
(docs/differences.md).
"""
import ctypes
import threading

from .base import MXNetError


class _PerThread(threading.local):
    size = 0          # MXNet's engine starts every thread with a bulk size of 0


_current = _PerThread()


def set_bulk_size(size):
    """Sets the most operators that may be bundled into one bulk and returns the previous limit.

    ``size`` is taken as a C int, as MXNet takes it (a float or a string is a TypeError, larger
    integers wrap around). The value only records the setting: mxtorch runs each operator eagerly.
    As in MXNet, a negative size is stored, and the call after it raises MXNetError.
    """
    previous, _current.size = _current.size, ctypes.c_int(size).value
    if previous < 0:
        # MXNet's engine takes a negative size, then fails in the next call (which has already stored
        # its own size) when it reserves room for the previous one; so does this
        raise MXNetError('vector::reserve: the previous bulk size {} is negative'.format(previous))
    return previous


class _BulkScope(object):
    """The context manager that ``bulk(size)`` returns: sets the size on entry, restores the old one on exit."""

    def __init__(self, size):
        self._size, self._old_size = size, None

    def __enter__(self):
        """Sets the scope's size, remembering the one it replaces."""
        self._old_size = set_bulk_size(self._size)
        return self

    def __exit__(self, ptype, value, trace):
        """Puts the remembered size back."""
        set_bulk_size(self._old_size)


def bulk(size):
    """A scope within which up to ``size`` operators may be bundled together::

        with mx.engine.bulk(10):
            for _ in range(100):
                x += 1
    """
    return _BulkScope(size)
