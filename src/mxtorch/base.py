"""Errors, dtypes and small helpers shared by every layer of mxtorch."""
import numbers

import numpy as np
import torch

__all__ = ['MXNetError', 'NotImplementedForSymbol', 'numeric_types', 'integer_types', 'string_types',
           'mx_real_t', 'dtype_np', 'dtype_torch', 'dtype_name']


class MXNetError(RuntimeError):
    """Error raised by mxtorch where MXNet raises ``mxnet.base.MXNetError``."""


class NotImplementedForSymbol(MXNetError):
    """Raised when an NDArray-only feature is asked of a symbol."""

    def __init__(self, function, alias, *args):
        super().__init__()
        self.function = function.__name__
        self.alias = alias
        self.args = [str(type(a)) for a in args]

    def __str__(self):
        msg = 'Function {}'.format(self.function)
        if self.alias:
            msg += ' (namely operator "{}")'.format(self.alias)
        if self.args:
            msg += ' with arguments ({})'.format(', '.join(self.args))
        return msg + ' is not implemented for Symbol and only available in NDArray.'


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


def py_str(x):
    return x.decode('utf-8') if isinstance(x, bytes) else x


def data_dir():
    """The folder where mxtorch keeps downloaded data sets and models: $MXNET_HOME, else ~/.mxnet."""
    import os
    return os.environ.get('MXNET_HOME', os.path.join(os.path.expanduser('~'), '.mxnet'))
