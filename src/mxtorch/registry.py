"""Classes made from strings (``mx.registry``).

A base class (Initializer, EvalMetric, the token embeddings) gets a table from lower-cased names to its
subclasses, and a module builds its public ``register``, ``alias`` and ``create`` from the three factories
below, passing the word its messages use for the kind of object ('initializer', 'metric', ...). This is
what makes ``init='xavier'``, ``metric='acc'`` and ``Initializer.dumps()`` round trips work."""
import json
import warnings

from .base import string_types

_TABLES = {}   # base class -> {lower-cased name: class}


def _table(base_class):
    return _TABLES.setdefault(base_class, {})


def get_registry(base_class):
    """A copy of the name -> class table of `base_class`."""
    return dict(_table(base_class))


def get_register_func(base_class, nickname):
    """The ``register(klass, name=None)`` of `base_class`: files a subclass under `name` (default: its
    class name), lower-cased, and returns the class, so it works as a decorator. Filing a second class
    under a taken name replaces the first, with a UserWarning."""
    table = _table(base_class)

    def register(klass, name=None):
        if not issubclass(klass, base_class):
            raise AssertionError('Can only register subclass of %s (got %r)' % (base_class.__name__, klass))
        key = (klass.__name__ if name is None else name).lower()
        previous = table.get(key)
        if previous is not None:
            # MXNet's wording (missing space included) for code that filters the warning by its text
            warnings.warn('\033[91mNew {0} {1.__module__}.{1.__name__} registered with name {2} isoverriding '
                          'existing {0} {3.__module__}.{3.__name__}\033[0m'.format(nickname, klass, key, previous),
                          UserWarning, stacklevel=2)
        table[key] = klass
        return klass

    register.__doc__ = 'Makes a subclass of {} known to create() by name (default: its class name).'.format(
        base_class.__name__)
    return register


def get_alias_func(base_class, nickname):
    """The ``alias(*names)`` decorator of `base_class`: files the decorated class under each of `names`."""
    register = get_register_func(base_class, nickname)

    def alias(*aliases):
        def file_under_aliases(klass):
            for other in aliases:
                register(klass, other)
            return klass
        return file_under_aliases
    return alias


def get_create_func(base_class, nickname):
    """The ``create(*args, **kwargs)`` of `base_class`. What to make is the first argument or the keyword
    `nickname`:

    - a registered name: its class is called with the remaining arguments;
    - an instance of `base_class`: returned as it is (no further arguments allowed);
    - a dict: its items are the keyword arguments of another call (the name under `nickname`);
    - JSON text: ``'["name", {kwargs}]'`` (what ``dumps`` methods write) or ``'{...}'`` (a dict as above).
    """
    table = _table(base_class)

    def create(*args, **kwargs):
        what, args = (args[0], args[1:]) if args else (kwargs.pop(nickname), ())
        extra = bool(args or kwargs)
        if isinstance(what, base_class):
            if extra:
                raise AssertionError('%s is already an instance. Additional arguments are invalid' % nickname)
            return what
        if isinstance(what, dict):
            return create(**what)
        if not isinstance(what, string_types):
            raise AssertionError('%s must be of string type (got %s)' % (nickname, type(what).__name__))
        if what.startswith(('[', '{')):
            if extra:
                raise AssertionError('%s: the JSON description %r takes no further arguments' % (nickname, what))
            spec = json.loads(what)
            if what[0] == '{':
                return create(**spec)
            name, options = spec
            return create(name, **options)
        key = what.lower()
        if key not in table:
            raise AssertionError('%s is not registered. Please register with %s.register first' % (key, nickname))
        return table[key](*args, **kwargs)

    create.__doc__ = 'Makes a {} from a registered name, an instance, a dict or JSON text.'.format(nickname)
    return create
