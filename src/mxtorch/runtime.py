"""Runtime feature detection (mx.runtime).

MXNet reports the compile-time features of its native library. mxtorch's native library is torch, so
each of MXNet's feature names is answered from what the installed torch was built with (CUDA, cuDNN,
NCCL, OpenMP, BLAS/LAPACK, the CPU instruction sets its kernels use). Features that are MXNet's own
machinery (MKLDNN operators, TensorRT, TVM operators, the profiler, distributed kvstore, OpenCV image
decoding, ...) are reported as disabled, because mxtorch does not provide them.

    >>> features = mx.runtime.Features()
    >>> features.is_enabled('CUDA')
    False
"""
import collections
import platform

__all__ = ['Feature', 'Features', 'feature_list']

# MXNet 1.9.1's feature names, in its order.
_NAMES = ('CUDA', 'CUDNN', 'NCCL', 'CUDA_RTC', 'TENSORRT', 'CPU_SSE', 'CPU_SSE2', 'CPU_SSE3', 'CPU_SSE4_1',
          'CPU_SSE4_2', 'CPU_SSE4A', 'CPU_AVX', 'CPU_AVX2', 'OPENMP', 'SSE', 'F16C', 'JEMALLOC', 'BLAS_OPEN',
          'BLAS_ATLAS', 'BLAS_MKL', 'BLAS_APPLE', 'LAPACK', 'MKLDNN', 'OPENCV', 'CAFFE', 'PROFILER',
          'DIST_KVSTORE', 'CXX14', 'INT64_TENSOR_SIZE', 'SIGNAL_HANDLER', 'DEBUG', 'TVM_OP')


class Feature:
    """A feature of the runtime: ``name`` and whether it is ``enabled``."""
    __slots__ = ('name', 'enabled')

    def __init__(self, name, enabled):
        self.name = name
        self.enabled = bool(enabled)

    def __repr__(self):
        return '{} {}'.format('\u2714' if self.enabled else '\u2716', self.name)


def _torch_features():
    """The set of MXNet feature names that the installed torch provides."""
    import torch
    config = torch.__config__.show()
    on = {'INT64_TENSOR_SIZE'}  # torch indexes tensors with 64-bit sizes
    if torch.backends.cuda.is_built():
        on.add('CUDA')
        if torch.backends.cudnn.is_available():
            on.add('CUDNN')
        try:
            import torch.distributed as dist
            if dist.is_available() and dist.is_nccl_available():
                on.add('NCCL')
        except ImportError:
            pass
    if torch.backends.openmp.is_available():
        on.add('OPENMP')
    blas = ''
    for item in config.replace(',', '\n').splitlines():
        item = item.strip()
        if item.startswith('BLAS_INFO='):
            blas = item.split('=', 1)[1].lower()
    if torch.backends.mkl.is_available() or blas == 'mkl':
        on.add('BLAS_MKL')
    elif blas in ('open', 'openblas'):
        on.add('BLAS_OPEN')
    elif blas == 'atlas':
        on.add('BLAS_ATLAS')
    elif blas in ('accelerate', 'veclib'):
        on.add('BLAS_APPLE')
    if 'LAPACK is enabled' in config or 'LAPACK_INFO=' in config:
        on.add('LAPACK')
    if platform.machine().lower() in ('x86_64', 'amd64', 'i386', 'i686'):
        # SSE/SSE2 are the x86-64 baseline; the wider sets count when torch dispatches AVX2 kernels
        on.update(('CPU_SSE', 'CPU_SSE2', 'SSE'))
        capability = torch.backends.cpu.get_cpu_capability()
        if capability.startswith('AVX'):
            on.update(('CPU_SSE3', 'CPU_SSE4_1', 'CPU_SSE4_2', 'CPU_AVX', 'CPU_AVX2', 'F16C'))
    return on


def feature_list():
    """The runtime's features, a list of :class:`Feature` in MXNet's order."""
    on = _torch_features()
    return [Feature(name, name in on) for name in _NAMES]


class Features(collections.OrderedDict):
    """The runtime's features: an ordered dict from feature name to :class:`Feature` (one shared
    instance)."""
    instance = None

    def __new__(cls):
        if cls.instance is None:
            cls.instance = super().__new__(cls)
            collections.OrderedDict.__init__(cls.instance, [(f.name, f) for f in feature_list()])
        return cls.instance

    def __init__(self):
        # filled once, in __new__; OrderedDict.__init__ would otherwise run again on each call
        pass

    def __repr__(self):
        return str(list(self.values()))

    def is_enabled(self, feature_name):
        """Whether feature `feature_name` (case-insensitive, e.g. 'CUDA') is enabled.

        Raises RuntimeError for a name that is not one of the runtime's features."""
        name = feature_name.upper()
        if name not in self:
            raise RuntimeError("Feature '{}' is unknown, known features are: {}".format(
                name, list(self.keys())))
        return self[name].enabled
