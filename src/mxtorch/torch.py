"""``mx.th`` (also ``mx.torch``): MXNet's Torch plug-in module, in which an MXNet built with
``USE_TORCH=1`` placed the Lua Torch 7 functions of its plug-in (registered as ``_th_<name>``) as
``mx.th.<name>``. MXNet 1.9.1's released builds have no such functions, so the module holds none; nor
does mxtorch's, whose arrays are PyTorch tensors already (``x._t``; ``nd.from_dlpack``/``to_dlpack_*``
exchange them without copies). It keeps the module's other names."""
import ctypes  # noqa: F401  (MXNet's module exposes these names)
import sys  # noqa: F401

from .base import (c_array, c_str_array, c_handle_array, py_str, mx_uint, mx_float,  # noqa: F401
                   FunctionHandle, check_call)
from .ndarray import NDArray  # noqa: F401
