"""Automatic names (``mx.name``): where Gluon's default block names (``dense0``, ``dense1``, ...) come from.

Each thread has a current NameManager. A block created outside any parent's ``name_scope()`` asks it for a
name made of a hint (the lower-cased class name) and that hint's running count. The counts last as long as
the manager, i.e. the whole process for the default one, as in MXNet 1.x; ``with NameManager():`` or
``with Prefix('net_'):`` installs a fresh manager for the duration of the block."""
import threading
import warnings

__all__ = ['NameManager', 'Prefix']

_DEPRECATED = 'NameManager.current has been deprecated. It is advised to use the `with` statement with NameManager.'


class _ManagerType(type):
    """Lets ``NameManager.current = manager`` (MXNet's deprecated class attribute) set this thread's
    manager instead of replacing the attribute."""

    def __setattr__(cls, key, value):
        if key == 'current':
            NameManager._current.value = value
        else:
            super().__setattr__(key, value)


class _CurrentManager:
    """``NameManager.current``: this thread's manager, with a DeprecationWarning."""

    def __get__(self, obj, owner):
        warnings.warn(_DEPRECATED, DeprecationWarning)
        return _current()

    def __set__(self, obj, value):
        NameManager._current.value = value


class NameManager(metaclass=_ManagerType):
    """Hands out names: the one the user gave, or ``<hint><n>`` with a count per hint (``fc0``, ``fc1``).

    As a context manager it becomes this thread's current manager until the ``with`` block ends::

        with mx.name.NameManager():
            net = nn.Dense(10)     # dense0, whatever was created before
    """
    _current = threading.local()
    current = _CurrentManager()

    def __init__(self):
        self._counter, self._old_manager = {}, None   # names made per hint; the manager to restore on exit

    def get(self, name, hint):
        """`name` when it is given (not empty), else `hint` followed by how many names this manager made
        from `hint` before.

        Parameters
        ----------
        name : str or None
            The name the user asked for.
        hint : str
            The stem of a made-up name.
        """
        if name:
            return name
        n = self._counter.get(hint, 0)
        self._counter[hint] = n + 1
        return '%s%d' % (hint, n)

    def __enter__(self):
        self._old_manager = _current()
        NameManager._current.value = self
        return self

    def __exit__(self, ptype, value, trace):
        if self._old_manager is None:
            raise AssertionError('NameManager: leaving a `with` block that this manager never entered')
        NameManager._current.value = self._old_manager


class Prefix(NameManager):
    """A NameManager whose names all start with `prefix`.

    >>> with mx.name.Prefix('mynet_') as names:
    ...     names.get(None, 'fc')
    'mynet_fc0'
    """

    def __init__(self, prefix):
        super().__init__()
        self._prefix = prefix

    def get(self, name, hint):
        return self._prefix + super().get(name, hint)


def _current():
    """This thread's current NameManager (a new thread starts with a fresh one)."""
    manager = getattr(NameManager._current, 'value', None)
    if manager is None:
        manager = NameManager._current.value = NameManager()
    return manager


NameManager._current.value = NameManager()
