"""Errors, dtypes and small helpers shared by every layer of mxtorch."""
import ctypes
import math
import numbers
import os

import numpy as np
import torch

__all__ = ['MXNetError', 'NotImplementedForSymbol', 'NotProvidedError', 'numeric_types', 'integer_types', 'string_types',
           'mx_real_t', 'dtype_np', 'dtype_torch', 'dtype_name']


class MXNetError(RuntimeError):
    """Error raised by mxtorch where MXNet raises ``mxnet.base.MXNetError``."""


class NotImplementedForSymbol(MXNetError):
    """An NDArray-only function called on a Symbol. `function` is the function itself, `alias` the
    operator's name (or None), `args` the arguments, of which the message names the types."""

    def __init__(self, function, alias, *args):
        super().__init__()
        self.function, self.alias = function.__name__, alias
        self.args = [str(type(a)) for a in args]

    def __str__(self):
        parts = ['Function ' + self.function]
        if self.alias:
            parts.append('(namely operator "%s")' % self.alias)
        if self.args:
            parts.append('with arguments (%s)' % ', '.join(self.args))
        return ' '.join(parts) + ' is not implemented for Symbol and only available in NDArray.'


class NotProvidedError(MXNetError, AttributeError):
    """A name that MXNet 1.9.1 has and mxtorch does not provide yet (``mx.sym``, ``mx.mod``, ...).

    It is an AttributeError too, so that ``hasattr(mx, 'sym')`` is False and ``getattr(mx, 'sym', None)``
    gives None, as for any missing attribute."""

    def __init__(self, module, name, hint=None):
        message = '{}.{} is part of MXNet 1.9.1 but mxtorch does not provide it yet'.format(module, name)
        super().__init__(message + (' (' + hint + ')' if hint else ''))
        self.name = name


def missing_names_getattr(package, shown_as, names, hints=None):
    """A module-level ``__getattr__`` (PEP 562) for the module `package` (its ``__name__``), whose
    attributes users write as ``<shown_as>.<name>`` (e.g. 'mx'). A name in `names` raises
    NotProvidedError (with ``hints[name]`` appended), unless the module is a package that has since got a
    submodule of that name, which is then imported and returned. Any other name is the usual
    AttributeError. Python calls it only for names the module lacks, so present names cost nothing."""
    import importlib
    import importlib.util
    import sys
    names, hints = frozenset(names), dict(hints or {})

    def __getattr__(name):
        if name not in names:
            raise AttributeError('module {!r} has no attribute {!r}'.format(package, name))
        spec = getattr(sys.modules.get(package), '__spec__', None)
        if spec is not None and spec.submodule_search_locations is not None and \
                importlib.util.find_spec(package + '.' + name) is not None:
            return importlib.import_module(package + '.' + name)
        raise NotProvidedError(shown_as, name, hints.get(name))
    return __getattr__


numeric_types = (float, int, np.generic, numbers.Number)
integer_types = (int, np.integer)
string_types = (str,)
mx_real_t = np.float32

# MXNet's dtype table: name, numpy type, torch dtype, MXNet's type flag (used in the binary file format).
_DTYPES = [
    ('float32', np.float32, torch.float32, 0),
    ('float64', np.float64, torch.float64, 1),
    ('float16', np.float16, torch.float16, 2),
    ('uint8', np.uint8, torch.uint8, 3),
    ('int32', np.int32, torch.int32, 4),
    ('int8', np.int8, torch.int8, 5),
    ('int64', np.int64, torch.int64, 6),
    ('bool', np.bool_, torch.bool, 7),
    ('int16', np.int16, torch.int16, 8),
    ('uint16', np.uint16, torch.uint16, 9),
    ('uint32', np.uint32, torch.uint32, 10),
    ('uint64', np.uint64, torch.uint64, 11),
]

TORCH_TO_NP = {t: n for _, n, t, _ in _DTYPES}
TORCH_TO_NAME = {t: name for name, _, t, _ in _DTYPES}
TORCH_TO_FLAG = {t: flag for _, _, t, flag in _DTYPES}
FLAG_TO_TORCH = {flag: t for _, _, t, flag in _DTYPES}
TORCH_TO_NP[torch.bfloat16] = np.float32  # numpy has no bfloat16; its values read back as float32
TORCH_TO_NAME[torch.bfloat16] = 'bfloat16'
TORCH_TO_FLAG[torch.bfloat16] = 12
FLAG_TO_TORCH[12] = torch.bfloat16

_TO_TORCH = {}
for _name, _np_type, _torch_dtype, _ in _DTYPES:
    for _key in (_name, _np_type, np.dtype(_np_type), _torch_dtype):
        _TO_TORCH[_key] = _torch_dtype
_TO_TORCH['bfloat16'] = _TO_TORCH[torch.bfloat16] = torch.bfloat16
_TO_TORCH[float] = torch.float64
_TO_TORCH[int] = torch.int64
_TO_TORCH[bool] = torch.bool


def dtype_torch(dtype, default=torch.float32):
    """Torch dtype of any dtype spelling MXNet accepts (name, numpy type or dtype, torch dtype); None gives
    `default`."""
    if dtype is None:
        return default
    try:
        return _TO_TORCH[dtype]
    except (KeyError, TypeError):
        pass
    try:
        return _TO_TORCH[np.dtype(dtype)]
    except (KeyError, TypeError):
        raise TypeError('unsupported dtype {!r}: mxtorch knows {}'.format(
            dtype, ', '.join(name for name, *_ in _DTYPES))) from None


def dtype_np(dtype):
    """Numpy scalar type (e.g. ``numpy.float32``) of any dtype spelling, as NDArray.dtype reports it."""
    return TORCH_TO_NP[dtype_torch(dtype)]


def dtype_name(dtype):
    """MXNet's name of a dtype, e.g. 'float32'."""
    return TORCH_TO_NAME[dtype_torch(dtype)]


def _as_list(obj):
    """A list holding obj, or obj itself when it already is a list or tuple."""
    if isinstance(obj, (list, tuple)):
        return list(obj)
    return [obj]


def _require(condition, message):
    """Raise AssertionError(message) unless `condition`: MXNet checks these arguments with assert
    statements, so callers may catch that type; an explicit raise keeps checking under ``python -O``."""
    if not condition:
        raise AssertionError(message)


def py_str(x):
    return x.decode('utf-8') if isinstance(x, bytes) else x


def data_dir_default():
    """The data folder when $MXNET_HOME is not set: ~/.mxnet (%APPDATA%\\mxnet on Windows, as MXNet)."""
    if os.name == 'nt':
        return os.path.join(os.environ.get('APPDATA', os.path.expanduser('~')), 'mxnet')
    return os.path.join(os.path.expanduser('~'), '.mxnet')


def data_dir():
    """The folder where mxtorch keeps downloaded data sets and models: $MXNET_HOME, else ~/.mxnet."""
    return os.environ.get('MXNET_HOME', data_dir_default())


# ---- what mxnet.base offers its extensions beyond errors and dtypes ---------------------------------------
# MXNet's Python package reaches libmxnet through ctypes, and code written against it (custom operators,
# GluonCV/GluonNLP utilities) imports these helpers from mxnet.base. mxtorch has no C library; the helpers
# that only build ctypes values work as MXNet's, and the handle types keep their ctypes meaning.
basestring = str
long = int
mx_int, mx_uint, mx_int64, mx_float = ctypes.c_int, ctypes.c_uint, ctypes.c_int64, ctypes.c_float
mx_float_p = ctypes.POINTER(mx_float)
(NDArrayHandle, FunctionHandle, OpHandle, CachedOpHandle, SymbolHandle, ExecutorHandle, DataIterCreatorHandle,
 DataIterHandle, KVStoreHandle, RecordIOHandle, RtcHandle, CudaModuleHandle, CudaKernelHandle, ProfileHandle,
 DLPackHandle) = (ctypes.c_void_p,) * 15


class _CLibrary(object):
    """What ``mxnet.base._LIB`` (libmxnet through ctypes) offers code written against MXNet's C API, where
    mxtorch can do it in Python: the arrays it makes come back as handles that ``mx.nd.NDArray(handle=h)``
    turns into arrays. Other C functions raise AttributeError naming them."""

    def __init__(self):
        self._arrays = {}       # handle value -> the torch.Tensor it stands for, until an NDArray takes it
        self._next = 1

    def _handle_of(self, tensor, out):
        """Store `tensor` under a new handle value, written into ``out`` (``ctypes.byref`` of a handle)."""
        key, self._next = self._next, self._next + 1
        self._arrays[key] = tensor
        getattr(out, '_obj', out).value = key
        return 0

    def take_array(self, handle):
        """The tensor behind a handle this library made (None for any other value); each is taken once."""
        value = handle.value if isinstance(handle, ctypes.c_void_p) else handle
        return self._arrays.pop(value, None) if isinstance(value, int) else None

    def MXNDArrayFromDLPack(self, dlpack, out):
        """An array sharing the memory of the DLManagedTensor at address `dlpack` (MXNet's pre-capsule
        API): it is wrapped in a fresh 'dltensor' capsule that torch consumes, taking over its deleter."""
        address = dlpack.value if isinstance(dlpack, ctypes.c_void_p) else dlpack
        if not address:
            raise MXNetError('MXNDArrayFromDLPack: the DLPack tensor pointer is NULL')
        capsule = ctypes.pythonapi.PyCapsule_New(ctypes.c_void_p(address), b'dltensor', None)
        return self._handle_of(torch.utils.dlpack.from_dlpack(capsule), out)

    def MXNDArrayFromDLPackEx(self, dlpack, transient_handle, out):
        """MXNDArrayFromDLPack (mxtorch's arrays have no transient kind)."""
        return self.MXNDArrayFromDLPack(dlpack, out)

    def __getattr__(self, name):
        raise AttributeError('{}: mxtorch has no C library (libmxnet); this function of its C API is not '
                             'available'.format(name))


_LIB = _CLibrary()
# as importing MXNet does: code that handles DLPack capsules through ctypes.pythonapi relies on these
# result types (the default, int, would cut 64-bit pointers)
ctypes.pythonapi.PyCapsule_New.restype = ctypes.py_object
ctypes.pythonapi.PyCapsule_GetPointer.restype = ctypes.c_void_p


class NotSupportedForSparseNDArray(MXNetError):
    """A function of dense arrays called with a sparse one; says which (and by which operator name)."""
    def __init__(self, function, alias, *args):
        super().__init__()
        # (the attributes MXNet's error has: the function's name, the operator's, the arguments' types)
        self.function, self.alias = function.__name__, alias
        self.args = [str(type(value)) for value in args]

    def __str__(self):
        text = 'Function {}'.format(self.function)
        if self.alias:
            text += ' (namely operator "{}")'.format(self.alias)
        if self.args:
            text += ' with arguments ({})'.format(', '.join(self.args))
        return text + ' is not supported for SparseNDArray and only available in NDArray.'


class classproperty:
    """A read-only property of a class (read on the class itself, not only on its instances)."""
    def __init__(self, fget):
        self.fget = fget

    def __get__(self, obj, owner):
        return self.fget(owner)


def with_metaclass(meta, *bases):
    """A base class that makes its subclasses with metaclass `meta` (the Python 2/3 idiom MXNet keeps)."""
    class _Bridge(meta):
        def __new__(cls, name, _bases, namespace):
            return meta(name, bases, namespace)
    return type.__new__(_Bridge, 'temporary_class', (), {})


def check_call(ret):
    """MXNet checks each C API call's return code with this; mxtorch calls no C API, so only a nonzero
    code given by hand gets here: an MXNetError."""
    if ret != 0:
        raise MXNetError('a call into the MXNet C API failed (return code {}); mxtorch has no C library'.format(ret))


def c_str(string):
    """`string` as a ctypes char pointer (UTF-8)."""
    return ctypes.c_char_p(string.encode('utf-8'))


def c_str_array(strings):
    """A ctypes array of char pointers, one per string (UTF-8)."""
    encoded = [s.encode('utf-8') for s in strings]
    return (ctypes.c_char_p * len(encoded))(*encoded)


def c_array(ctype, values):
    """A ctypes array of `ctype` holding `values`."""
    return (ctype * len(values))(*values)


def c_array_buf(ctype, buf):
    """A ctypes array of `ctype` over the memory of `buf` (an array.array or other writable buffer)."""
    return (ctype * len(buf)).from_buffer(buf)


def c_handle_array(objs):
    """A ctypes array of the objects' ``handle`` pointers."""
    handles = [o.handle for o in objs]
    return (ctypes.c_void_p * len(handles))(*handles)


def ctypes2buffer(cptr, length):
    """A bytearray copy of the `length` bytes a ctypes char pointer points at."""
    if not isinstance(cptr, ctypes.POINTER(ctypes.c_char)):
        raise TypeError('expected char pointer')
    out = bytearray(length)
    if length and not ctypes.memmove((ctypes.c_char * length).from_buffer(out), cptr, length):
        raise RuntimeError('memmove failed')
    return out


def ctypes2numpy_shared(cptr, shape):
    """A float32 numpy array of `shape` over the memory a float pointer points at (shared, not copied)."""
    if not isinstance(cptr, ctypes.POINTER(mx_float)):
        raise RuntimeError('expected float pointer')
    size = math.prod(shape)
    buffer = (mx_float * size).from_address(ctypes.addressof(cptr.contents))
    return np.frombuffer(buffer, dtype=np.float32).reshape(shape)


class MXCallbackList(ctypes.Structure):
    """The ctypes structure of callbacks (count, function pointers, their contexts) MXNet hands a custom
    operator's C side; kept as MXNet's layout for code that builds one."""
    _fields_ = [('num_callbacks', ctypes.c_int),
                ('callbacks', ctypes.POINTER(ctypes.CFUNCTYPE(ctypes.c_int))),
                ('contexts', ctypes.POINTER(ctypes.c_void_p))]


def get_last_ffi_error():
    """The error object of the C library's last error message, as MXNet makes it. mxtorch has no C library,
    so there is never a message: an MXNetError without one."""
    from .error import c2pyerror, error_types
    text, kind = c2pyerror('')
    if kind is not None and kind.startswith('mxnet.error.'):
        kind = kind[len('mxnet.error.'):]
    return error_types.get(kind, MXNetError)(text)


def build_param_doc(arg_names, arg_types, arg_descs, remove_dup=True):
    """A NumPy-style 'Parameters' section: one ``name : type`` entry per argument (its description, when
    not empty, on the next line indented by four), skipping ``num_args`` and, with `remove_dup`, names
    seen before."""
    seen = set()
    entries = []
    for arg_name, arg_type, arg_desc in zip(arg_names, arg_types, arg_descs):
        if arg_name == 'num_args' or (remove_dup and arg_name in seen):
            continue
        seen.add(arg_name)
        entries.append('{} : {}{}'.format(arg_name, arg_type, '\n    ' + arg_desc if arg_desc else ''))
    return 'Parameters\n----------\n{}\n'.format('\n'.join(entries))


def add_fileline_to_docstring(module, incursive=True):
    """Add ``From:<source file>:<line>`` to the docstring of each documented function of `module` (a module
    or its name; with `incursive`, also of the methods of its classes), where the source can be found and
    the docstring does not say 'From:' yet."""
    import inspect
    import sys

    def mark(func):
        doc = func.__doc__
        if doc is None or 'From:' in doc:
            return
        path = inspect.getsourcefile(func)
        if path is None:
            return
        try:
            first_line = inspect.getsourcelines(func)[1]
        except OSError:
            return
        func.__doc__ = doc + '\n\nFrom:{}:{}'.format(path, first_line)

    if isinstance(module, str):
        module = sys.modules[module]
    for _, member in inspect.getmembers(module):
        if inspect.isbuiltin(member):
            continue
        if inspect.isfunction(member):
            mark(member)
        elif inspect.ismethod(member):
            mark(member.__func__)
        elif inspect.isclass(member) and incursive:
            add_fileline_to_docstring(member, False)


def __getattr__(name):
    # MXNet keeps its error registry in base; mxtorch's is mxnet.error's (it stands on this module)
    if name in ('error_types', 'register_error', 'c2pyerror'):
        from . import error
        return getattr(error, name)
    if name == 'libinfo':  # MXNet's base imports its libinfo module
        from . import libinfo
        return libinfo
    raise AttributeError("module '{}' has no attribute '{}'".format(__name__, name))
