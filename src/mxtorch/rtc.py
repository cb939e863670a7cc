"""mx.rtc: MXNet's run-time compilation of CUDA kernels (CudaModule, CudaKernel).

MXNet compiles CUDA C source with NVRTC and launches the kernels on its arrays. On a machine without
CUDA, MXNet's CPU build refuses at CudaModule(...); mxtorch does the same. PyTorch has no public Python
API for NVRTC (torch.cuda._compile_kernel is private), so mxtorch refuses on a CUDA machine too, with an
error saying so; the kernel argument checks that MXNet makes are kept (docs/differences.md).
"""
import re

import numpy as np
import torch

from .base import MXNetError, numeric_types, string_types
from .ndarray import NDArray

# C types that a kernel argument may have, and the NumPy type an argument of that type is passed as
_DTYPE_CPP_TO_NP = {
    'float': np.float32, 'double': np.float64, '__half': np.float16, 'uint8_t': np.uint8,
    'int': np.int32, 'int32_t': np.int32, 'int8_t': np.int8, 'char': np.int8, 'int64_t': np.int64,
}

_ARG = re.compile(r'^(const)?\s?([\w_]+)\s?(\*)?\s?([\w_]+)?$')


def _no_rtc():
    if not torch.cuda.is_available():
        return MXNetError('Compile with USE_CUDA=1 and ENABLE_CUDA_RTC=1 to have CUDA runtime compilation. '
                          '(mxtorch: no CUDA device is available)')
    return MXNetError('mx.rtc is not available in mxtorch: PyTorch has no public Python API for NVRTC to '
                      'compile CUDA source at run time (only the private torch.cuda._compile_kernel, which '
                      'mxtorch does not build on); write the kernel with torch, Triton or a torch C++/CUDA '
                      'extension instead')


def _parse_signature(signature):
    """(is_ndarray, is_const, numpy dtypes) of a kernel signature such as 'const float *x, int n'."""
    is_ndarray, is_const, dtypes = [], [], []
    for arg in re.sub(r'\s+', ' ', signature).split(','):
        arg = ' '.join(arg.split())
        match = _ARG.match(arg)
        if not match or match.group(2) == 'const':
            raise ValueError('Invalid function prototype "%s". Must be in the form of '
                             '"(const) type (*) (name)"' % arg)
        if match.group(2) not in _DTYPE_CPP_TO_NP:
            raise TypeError('Unsupported kernel argument type %s. Supported types are: %s.'
                            % (arg, ','.join(_DTYPE_CPP_TO_NP)))
        is_const.append(bool(match.group(1)))
        is_ndarray.append(bool(match.group(3)))
        dtypes.append(_DTYPE_CPP_TO_NP[match.group(2)])
    return is_ndarray, is_const, dtypes


class CudaModule(object):
    """A CUDA C source compiled at run time; ``get_kernel(name, signature)`` gives its kernels.

    source : str -- the whole source. options : tuple of str (or one str) -- compiler flags.
    exports : tuple of str (or one str) -- names of kernels to export (templates instantiated).
    Raises MXNetError in mxtorch: see the module's documentation."""

    def __init__(self, source, options=(), exports=()):
        self.source = source
        self.options = (options,) if isinstance(options, string_types) else tuple(options)
        self.exports = (exports,) if isinstance(exports, string_types) else tuple(exports)
        raise _no_rtc()

    def get_kernel(self, name, signature):
        """The kernel `name` whose C parameter list is `signature` ('const float *x, float *y, float a':
        `*` marks an array argument, `const` an input array)."""
        is_ndarray, _, dtypes = _parse_signature(signature)
        return CudaKernel(None, name, is_ndarray, dtypes)


class CudaKernel(object):
    """A kernel of a CudaModule (made by ``CudaModule.get_kernel``); ``launch`` runs it."""

    def __init__(self, handle, name, is_ndarray, dtypes):
        self.handle, self._name = handle, name
        self._is_ndarray, self._dtypes = is_ndarray, dtypes

    def launch(self, args, ctx, grid_dims, block_dims, shared_mem=0):
        """Runs the kernel on GPU `ctx` over `args` (NDArrays for pointers, numbers otherwise) with the
        3-integer `grid_dims` and `block_dims` and `shared_mem` bytes of dynamic shared memory."""
        if ctx.device_type != 'gpu':
            raise AssertionError('Cuda kernel can only be launched on GPU')
        if len(grid_dims) != 3:
            raise AssertionError('grid_dims must be a tuple of 3 integers')
        if len(block_dims) != 3:
            raise AssertionError('grid_dims must be a tuple of 3 integers')
        if len(args) != len(self._dtypes):
            raise AssertionError('CudaKernel(%s) expects %d arguments but got %d'
                                 % (self._name, len(self._dtypes), len(args)))
        for i, (arg, is_nd) in enumerate(zip(args, self._is_ndarray)):
            if is_nd and not isinstance(arg, NDArray):
                raise AssertionError('The %d-th argument is expected to be a NDArray but got %s' % (i, type(arg)))
            if not is_nd and not isinstance(arg, numeric_types):
                raise AssertionError('The %d-th argument is expected to be a number, but got %s' % (i, type(arg)))
        raise _no_rtc()
