"""Automatic naming (``mx.name``): the counters behind Gluon's default block names.

A block created outside any parent's ``name_scope()`` asks the current NameManager for a name built from
its class name (``dense0``, ``dense1``, ...); the counters are per hint and per thread and live for the whole
process, as in MXNet 1.x."""
import threading
import warnings

__all__ = ['NameManager', 'Prefix']


class _CurrentProperty:
    """``NameManager.current``: a deprecated class-level property (MXNet keeps it for old code)."""

    def __get__(self, obj, owner):
        warnings.warn('NameManager.current has been deprecated. It is advised to use the `with` statement '
                      'with NameManager.', DeprecationWarning)
        return _current()

    def __set__(self, obj, value):
        # only reached through an instance; setting on the class replaces the descriptor, as in Python
        NameManager._current.value = value


class NameManager:
    """Hands out names: a user-given name is kept; otherwise one is made from a hint and a counter
    (``hint0``, ``hint1``, ...).

    Use it as a context manager to make it the current manager of this thread::

        with mx.name.NameManager():
            net = nn.Dense(10)     # named dense0 whatever was created before
    """
    _current = threading.local()
    current = _CurrentProperty()

    def __init__(self):
        self._counter = {}
        self._old_manager = None

    def get(self, name, hint):
        """The name to use: `name` when given, else `hint` followed by the next count for that hint.

        Parameters
        ----------
        name : str or None
            The name the user asked for.
        hint : str
            Base of the generated name, usually the lower-cased class name.

        Returns
        -------
        str
        """
        if name:
            return name
        count = self._counter.get(hint, 0)
        self._counter[hint] = count + 1
        return '%s%d' % (hint, count)

    def __enter__(self):
        self._old_manager = _current()
        NameManager._current.value = self
        return self

    def __exit__(self, ptype, value, trace):
        assert self._old_manager
        NameManager._current.value = self._old_manager


class Prefix(NameManager):
    """A name manager that puts a prefix before every name it hands out.

    Examples
    --------
    >>> with mx.name.Prefix('mynet_'):
    ...     print(mx.name.NameManager._current.value.get(None, 'fc'))
    mynet_fc0
    """

    def __init__(self, prefix):
        super().__init__()
        self._prefix = prefix

    def get(self, name, hint):
        return self._prefix + super().get(name, hint)


def _current():
    """This thread's current NameManager (a fresh one in a new thread)."""
    try:
        return NameManager._current.value
    except AttributeError:
        manager = NameManager._current.value = NameManager()
        return manager


NameManager._current.value = NameManager()
