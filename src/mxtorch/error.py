"""mx.error: MXNet's structured error classes and its registry of error names.

MXNet turns an error that its C++ side reports as ``"<Name>: message"`` into the Python class registered
under ``<Name>`` (``MXNetError`` when none is). mxtorch keeps the same registry: ``register`` (also
``register_error``) adds a class, and ``error_from_message`` makes the error such a message becomes.
"""
from .base import MXNetError, NotImplementedForSymbol

__all__ = ['MXNetError', 'register']

# name -> class; what an error reported under that name becomes
error_types = {}


def register_error(func_name=None, cls=None):
    """Registers an error class under a name, so that errors reported with that name become it.

    Used as ``@register_error`` (the class's own name), ``@register_error('Name')`` or
    ``register_error('Name', cls)``; returns the class (or the decorator)."""
    if callable(func_name):
        cls, func_name = func_name, func_name.__name__

    def _register(klass):
        key = func_name if isinstance(func_name, str) else klass.__name__
        error_types[key] = klass
        return klass
    return _register if cls is None else _register(cls)


register = register_error


def _valid_error_name(name):
    return all(ch.isalnum() or ch in '_.' for ch in name)


def _find_error_type(line):
    """The error name at the start of `line` (the part before its first colon), or None."""
    head, colon, _ = line.partition(':')
    if not colon or not _valid_error_name(head):
        return None
    return head


def c2pyerror(err_msg):
    """Splits an MXNet-style error text into (message, error name): indented lines after a 'Stack trace'
    line become a Python-style traceback in front of the remaining lines."""
    lines = err_msg.split('\n')
    if lines and lines[-1] == '':
        lines.pop()
    err_type = _find_error_type(lines[0]) if lines else None
    frames, kept, in_trace = [], [], False
    for line in lines:
        if in_trace and not line.startswith('  '):
            in_trace = False
        if in_trace:
            frames.append(line)
        elif line.startswith('Stack trace'):
            in_trace = True
        else:
            kept.append(line)
    text = ''
    if frames:
        text = 'Traceback (most recent call last):\n' + '\n'.join(frames[::-1]) + '\n'
    return text + '\n'.join(kept), err_type


def error_from_message(err_msg):
    """The exception that the error text `err_msg` ("Name: details ...") becomes: an instance of the class
    registered under Name (a leading 'mxnet.error.' is dropped), else MXNetError."""
    text, name = c2pyerror(err_msg)
    if name is not None and name.startswith('mxnet.error.'):
        name = name[len('mxnet.error.'):]
    return error_types.get(name, MXNetError)(text)


register_error(NotImplementedForSymbol)


@register_error
class InternalError(MXNetError):
    """An error inside the framework itself; its message gets MXNet's hint to report it."""

    def __init__(self, msg):
        if 'MXNet hint:' not in msg:
            msg += ('\nMXNet hint: You hit an internal error. Please open an issue in '
                    'https://github.com/apache/incubator-mxnet/issues/new/choose to report it.')
        super().__init__(msg)


for _klass in (ValueError, TypeError, AttributeError, IndexError, NotImplementedError):
    register_error(_klass.__name__, _klass)
del _klass
