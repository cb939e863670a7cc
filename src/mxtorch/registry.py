"""Registries of classes by name, as ``mx.registry`` provides them: initializers ('xavier'), metrics
('acc'), token embeddings ('glove') are made from strings through the functions built here.

Each base class has one registry, a dict from lower-cased name to class; `get_register_func`,
`get_alias_func` and `get_create_func` give the ``register``, ``alias`` and ``create`` functions of a
module for it, with `nickname` ('initializer', 'metric', ...) in their messages."""
import json
import warnings

from .base import string_types

_REGISTRIES = {}   # base class -> {lower-cased name: class}


def get_registry(base_class):
    """A copy of the {name: class} registry of `base_class`."""
    return dict(_REGISTRIES.get(base_class, {}))


def get_register_func(base_class, nickname):
    """The ``register(klass, name=None)`` function of `base_class`'s registry: enters a subclass under
    `name` (its lower-cased class name by default) and returns it, so that it serves as a class decorator;
    registering a name again warns."""
    registry = _REGISTRIES.setdefault(base_class, {})

    def register(klass, name=None):
        assert issubclass(klass, base_class), 'Can only register subclass of %s' % base_class.__name__
        name = (klass.__name__ if name is None else name).lower()
        old = registry.get(name)
        if old is not None:
            # MXNet's words, missing space included, for code that filters this warning by its text
            warnings.warn('\033[91mNew %s %s.%s registered with name %s isoverriding existing %s %s.%s\033[0m'
                          % (nickname, klass.__module__, klass.__name__, name, nickname, old.__module__,
                             old.__name__), UserWarning, stacklevel=2)
        registry[name] = klass
        return klass

    register.__doc__ = 'Registers a subclass of %s under a name (its lower-cased class name by default).' % (
        base_class.__name__)
    return register


def get_alias_func(base_class, nickname):
    """The ``alias(*names)`` class decorator of `base_class`'s registry: registers a class under further
    names."""
    register = get_register_func(base_class, nickname)

    def alias(*aliases):
        def reg(klass):
            for name in aliases:
                register(klass, name)
            return klass
        return reg
    return alias


def get_create_func(base_class, nickname):
    """The ``create(*args, **kwargs)`` function of `base_class`'s registry. The first argument (or the
    keyword `nickname`) is a registered name, whose class is built with the remaining arguments; an
    instance of `base_class`, returned as it is; a dict of keyword arguments (the name under `nickname`);
    or the JSON text of ``[name, kwargs]`` or of such a dict, as ``dumps`` methods write it."""
    registry = _REGISTRIES.setdefault(base_class, {})

    def create(*args, **kwargs):
        if args:
            name, args = args[0], args[1:]
        else:
            name = kwargs.pop(nickname)
        if isinstance(name, base_class):
            assert not args and not kwargs, \
                '%s is already an instance. Additional arguments are invalid' % nickname
            return name
        if isinstance(name, dict):
            return create(**name)
        assert isinstance(name, string_types), '%s must be of string type' % nickname
        if name.startswith('['):
            assert not args and not kwargs
            name, kwargs = json.loads(name)
            return create(name, **kwargs)
        if name.startswith('{'):
            assert not args and not kwargs
            return create(**json.loads(name))
        name = name.lower()
        assert name in registry, '%s is not registered. Please register with %s.register first' % (
            name, nickname)
        return registry[name](*args, **kwargs)

    create.__doc__ = 'Creates a %s from a registered name, an instance, a dict or JSON text.' % nickname
    return create
