"""Attribute scopes for the symbolic API (``mx.AttrScope``, ``mx.attribute``).

Inside ``with mx.AttrScope(ctx_group='dev1'):`` every Symbol node created gets the scope's attributes
(string values only); nested scopes add to the outer ones, and attributes given to the node itself win.
Each thread has its own current scope."""
import threading
import warnings

__all__ = ['AttrScope']

_DEPRECATED = 'AttrScope.current has been deprecated. It is advised to use the `with` statement with AttrScope.'


class _ScopeType(type):
    """``AttrScope.current``: this thread's scope (MXNet's deprecated class property), readable and
    settable on the class."""

    @property
    def current(cls):
        warnings.warn(_DEPRECATED, DeprecationWarning)
        return current()

    @current.setter
    def current(cls, scope):
        warnings.warn(_DEPRECATED, DeprecationWarning)
        _local.value = scope


class AttrScope(metaclass=_ScopeType):
    """Attributes given to every Symbol node made while the scope is entered.

    Parameters
    ----------
    **kwargs : str
        The attributes; values must be strings.
    """

    def __init__(self, **kwargs):
        bad = [k for k, v in kwargs.items() if not isinstance(v, str)]
        if bad:
            raise ValueError("Attributes need to be string")
        self._attr = dict(kwargs)
        self._old_scope = None

    def get(self, attr):
        """The scope's attributes updated with `attr` (a dict of the node's own, or None)."""
        merged = dict(self._attr)
        if attr:
            merged.update(attr)
        return merged

    def __enter__(self):
        self._old_scope = current()
        combined = dict(self._old_scope._attr)
        combined.update(self._attr)
        self._attr = combined
        _local.value = self
        return self

    def __exit__(self, ptype, value, trace):
        if self._old_scope is None:
            raise AssertionError('AttrScope: leaving a `with` block that this scope never entered')
        _local.value = self._old_scope


_local = threading.local()


def current():
    """This thread's current AttrScope (an empty one to begin with)."""
    scope = getattr(_local, 'value', None)
    if scope is None:
        scope = _local.value = AttrScope()
    return scope
