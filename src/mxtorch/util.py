"""Utilities of mx.util: NumPy-semantics flags, environment variables, GPU queries.

MXNet 1.x has two opt-in "NumPy" modes, both flags of the calling thread. NumPy-shape semantics
(``np_shape``) changes how shapes with 0 and ``()`` are read, which matters to mxtorch where MXNet's
behaviour depends on it (the binary file format, for one). NumPy-array semantics (``np_array``,
``set_np``) makes Gluon hold and return ``mx.np.ndarray`` arrays; ``mx.np`` and ``mx.npx`` work in
either mode.
"""
import functools
import inspect
import os
import threading

from .base import MXNetError, py_str  # noqa: F401  (py_str: MXNet's util exposes it too)

__all__ = ['makedirs', 'get_gpu_count', 'get_gpu_memory', 'set_np_shape', 'is_np_shape', 'np_shape',
           'use_np_shape', 'np_array', 'is_np_array', 'use_np_array', 'use_np', 'set_np', 'reset_np',
           'set_module', 'get_cuda_compute_capability', 'getenv', 'setenv']

def makedirs(d):
    """Creates directory `d` and its missing parents; an existing directory is not an error."""
    os.makedirs(os.path.expanduser(d), exist_ok=True)


def get_gpu_count():
    """The number of GPUs that mxtorch can use (CUDA devices that torch sees)."""
    from .context import num_gpus
    return num_gpus()


def get_gpu_memory(gpu_dev_id):
    """(free, total) bytes of global memory of GPU `gpu_dev_id`."""
    from .context import gpu_memory_info
    return gpu_memory_info(gpu_dev_id)


# ---- NumPy-array semantics: a per-thread flag (its functions are below) ------------------------------
class _NumpyArrayFlag(threading.local):
    active = False


_np_array = _NumpyArrayFlag()


# ---- NumPy-shape semantics: a per-thread flag --------------------------------------------------------
from ._state import np_shape as _np_shape  # noqa: E402  (kept below ndarray/, whose file format reads it)


def is_np_shape():
    """Whether NumPy-shape semantics is on in this thread (off unless turned on with `set_np_shape`,
    `np_shape` or `use_np_shape`)."""
    return getattr(_np_shape, 'active', False)


def set_np_shape(active):
    """Turns NumPy-shape semantics on or off in this thread and returns the previous setting.

    Under NumPy-shape semantics ``()`` is the shape of a scalar array and a 0 in a shape is a dimension of
    size zero (in legacy mode a 0 means "unknown"). It cannot be turned off while NumPy-array semantics
    is on (ValueError).
    """
    if not active and _np_array.active:
        raise ValueError('Deactivating NumPy shape semantics while NumPy array semantics is still active is '
                         'not allowed. Please consider calling `npx.reset_np()` to deactivate both of them.')
    previous = is_np_shape()
    _np_shape.active = bool(active)
    return previous


class _NumpyShapeScope:
    """Scope made by `np_shape`: sets the NumPy-shape flag on entry, restores it on exit."""

    def __init__(self, active):
        self._active = active
        self._previous = None

    def __enter__(self):
        if self._active is not None:
            self._previous = set_np_shape(self._active)
        return self

    def __exit__(self, ptype, value, trace):
        if self._active is not None:
            set_np_shape(self._previous)


def np_shape(active=True):
    """A scope for ``with`` in which NumPy-shape semantics is on (or off, with ``active=False``).

    Examples
    --------
    >>> with mx.np_shape(True):
    ...     assert mx.is_np_shape()
    """
    return _NumpyShapeScope(active)


_UNSCOPED = frozenset(('__new__', '__init_subclass__', '__class_getitem__', '__getattribute__'))


def _scoped(func, make_scope, decorator_name):
    """`func` (a function, or every method and property of a class) run inside ``make_scope()``."""
    if inspect.isclass(func):
        # the members it inherits too (Block.__call__, initialize, ...), as MXNet's decorators do: a Block
        # class decorated with use_np makes, initializes and checks np parameters and outputs
        members = {}
        for klass in func.__mro__[:-1]:
            for name, member in vars(klass).items():
                if name not in members and name not in _UNSCOPED:
                    members[name] = member
        for name, member in members.items():
            if isinstance(member, property):
                setattr(func, name, property(_scoped(member.fget, make_scope, decorator_name)
                                             if member.fget else None,
                                             member.fset, member.fdel, member.__doc__))
            elif isinstance(member, (staticmethod, classmethod)):
                setattr(func, name, type(member)(_scoped(member.__func__, make_scope, decorator_name)))
            elif inspect.isfunction(member):
                setattr(func, name, _scoped(member, make_scope, decorator_name))
        return func
    if not callable(func):
        raise TypeError('{} can only decorate classes and callable objects, got {}'.format(
            decorator_name, type(func).__name__))

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        with make_scope():
            return func(*args, **kwargs)
    return wrapper


def use_np_shape(func):
    """Decorator: runs the function (or every method and property of the class) with NumPy-shape
    semantics on."""
    return _scoped(func, lambda: np_shape(True), 'use_np_shape')


# ---- NumPy-array semantics: a per-thread flag ------------------------------------------------------
def is_np_array():
    """Whether NumPy-array semantics is on in this thread: Gluon then makes ``mx.np.ndarray`` parameters
    and outputs instead of NDArrays (off unless turned on with `set_np`, `np_array` or `use_np`)."""
    return _np_array.active


def _set_np_array(active):
    previous = _np_array.active
    _np_array.active = bool(active)
    return previous


class _NumpyArrayScope:
    """Scope made by `np_array`: sets the NumPy-array flag on entry, restores it on exit."""

    def __init__(self, is_np_array):
        self._is_np_array = is_np_array     # MXNet's attribute name: code reads it
        self._previous = None

    def __enter__(self):
        self._previous = _set_np_array(self._is_np_array)
        return self

    def __exit__(self, ptype, value, trace):
        _set_np_array(self._previous)


def np_array(active=True):
    """A scope for ``with`` in which NumPy-array semantics is on (or off, with ``active=False``)."""
    return _NumpyArrayScope(active)


def use_np_array(func):
    """Decorator: runs the function (or every method and property of the class) with NumPy-array
    semantics on, so that the Gluon blocks it makes hold and return ``mx.np`` arrays."""
    return _scoped(func, lambda: np_array(True), 'use_np_array')


class _BothScopes:
    def __init__(self):
        self._shape = np_shape(True)
        self._array = np_array(True)

    def __enter__(self):
        self._shape.__enter__()
        self._array.__enter__()
        return self

    def __exit__(self, ptype, value, trace):
        self._array.__exit__(ptype, value, trace)
        self._shape.__exit__(ptype, value, trace)


def use_np(func):
    """Decorator: `use_np_shape` and `use_np_array` together, NumPy semantics for the function or class."""
    return _scoped(func, _BothScopes, 'use_np')


def reset_np():
    """Turns NumPy-shape and NumPy-array semantics off."""
    set_np(shape=False, array=False)


def set_np(shape=True, array=True):
    """Turns NumPy-shape and NumPy-array semantics on or off in this thread. Array semantics needs shape
    semantics: ``set_np(shape=False, array=True)`` is a ValueError."""
    if array and not shape:
        raise ValueError('NumPy Shape semantics is required in using NumPy array semantics.')
    # the array flag first: shape semantics cannot go off while array semantics is on
    _set_np_array(array)
    set_np_shape(shape)


# ---- misc -------------------------------------------------------------------------------------------
def set_module(module):
    """Decorator that sets ``__module__`` of a function or class to `module` (for the docs)."""
    def decorate(func):
        if module is not None:
            func.__module__ = module
        return func
    return decorate


def get_cuda_compute_capability(ctx):
    """The CUDA compute capability of the GPU of `ctx` as an int, e.g. 90 for sm_90 (an H100).

    Raises ValueError for a context that is not a GPU, MXNetError when that GPU is absent."""
    if ctx.device_type != 'gpu':
        raise ValueError('Expecting a gpu context to get cuda compute capability, '
                         'while received ctx {}'.format(ctx))
    import torch
    major, minor = torch.cuda.get_device_capability(ctx.torch_device)
    return major * 10 + minor


def getenv(name):
    """The value of environment variable `name`, or None when it is not set.

    MXNet reads the C runtime's environment; mxtorch's backend is Python and torch, which see
    ``os.environ``."""
    return os.environ.get(name)


def setenv(name, value):
    """Sets environment variable `name` to the string `value`; ``None`` removes it."""
    if value is None:
        os.environ.pop(name, None)
    else:
        os.environ[name] = value


# ---- NumPy ufunc keyword checks (MXNet's util: its np functions refuse ufunc options they lack) ----------
import numpy as _onp  # noqa: E402

from .base import c_str, check_call  # noqa: E402,F401  (MXNet's util exposes them too)

# the ufunc keywords accepted at their NumPy defaults
_np_ufunc_default_kwargs = {'where': True, 'casting': 'same_kind', 'order': 'K', 'dtype': None, 'subok': True}
_UFUNC_CASTINGS = frozenset(('no', 'equiv', 'safe', 'same_kind', 'unsafe'))
_UFUNC_DTYPE_NAMES = ('int8', 'uint8', 'int32', 'int64', 'float16', 'float32', 'float64')
_UFUNC_DTYPES = frozenset(_UFUNC_DTYPE_NAMES) | frozenset(getattr(_onp, n) for n in _UFUNC_DTYPE_NAMES)


def np_ufunc_legal_option(key, value):
    """Whether `value` is a value NumPy allows for the ufunc keyword `key` (False for other keys)."""
    if key == 'where':
        return True
    if key == 'casting':
        return value in _UFUNC_CASTINGS
    if key == 'order':
        return isinstance(value, str)
    if key == 'dtype':
        return value in _UFUNC_DTYPES
    if key == 'subok':
        return isinstance(value, bool)
    return False


def _check_ufunc_kwargs(kwargs, unknown_message, unimplemented, not_understood):
    for key, value in kwargs.items():
        if key not in _np_ufunc_default_kwargs:
            raise TypeError(unknown_message(key))
        if value == _np_ufunc_default_kwargs[key]:
            continue
        if np_ufunc_legal_option(key, value):
            raise NotImplementedError(unimplemented(key, value))
        raise TypeError(not_understood(key, value))


def wrap_np_unary_func(func):
    """Decorate a NumPy-style unary function ``func(x, out=None)`` so that it takes NumPy's ufunc keywords:
    at their defaults they are ignored, a legal other value is a NotImplementedError, anything else a
    TypeError."""
    name = func.__name__

    def unary(x, out=None, **kwargs):
        if kwargs:
            _check_ufunc_kwargs(kwargs, lambda k: "{} is an invalid keyword to function '{}'".format(k, name),
                                lambda k, v: '{}={} is not implemented yet for operator {}'.format(k, str(v), name),
                                lambda k, v: '{}={} not understood for operator {}'.format(k, v, name))
        return func(x, out=out)
    return functools.update_wrapper(unary, func)


def wrap_np_binary_func(func):
    """Decorate a NumPy-style binary function ``func(x1, x2, out=None)`` as ``wrap_np_unary_func`` does a
    unary one."""
    name = func.__name__

    def binary(x1, x2, out=None, **kwargs):
        if kwargs:
            _check_ufunc_kwargs(kwargs, lambda k: "{} is an invalid keyword to function '{}'".format(k, name),
                                lambda k, v: '{}={} is not implemented yet'.format(k, str(v)),
                                lambda k, v: '{} {} not understood'.format(k, v))
        return func(x1, x2, out=out)
    return functools.update_wrapper(binary, func)
