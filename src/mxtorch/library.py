"""mx.library: loading C++ custom-operator libraries (MXNet's lib_api.h extensions).

MXNet's ``load`` opens a shared library built against MXNet's C++ extension interface and registers its
operators, partitioners and passes. mxtorch has no C++ engine to register them with, so after MXNet's own
checks of the path (which it keeps, with MXNet's messages) ``load`` raises an MXNetError that names the
file and says why. Custom operators can be written in Python with ``mx.operator.CustomOp`` instead
(docs/differences.md).
"""
import os

from .base import MXNetError


def load(path, verbose=True):
    """Loads the custom-operator library at `path` (an absolute path to a .so or .dll file).

    Raises MXNetError: a missing file, a relative path or another kind of file with MXNet's messages;
    a library file because mxtorch cannot load MXNet C++ extensions."""
    if not os.path.exists(path):
        raise MXNetError('load path %s does NOT exist' % path)
    if not os.path.isabs(path):
        raise MXNetError('load path %s is not an absolute path' % path)
    if os.path.splitext(path)[1] not in ('.so', '.dll'):
        raise MXNetError('load path %s is NOT a library file' % path)
    raise MXNetError("Error loading library: '%s'\nmxtorch cannot load MXNet C++ extension libraries: its "
                     "operators run on PyTorch and there is no libmxnet to register them with; write the "
                     "operator in Python with mx.operator.CustomOp (or as a torch extension) instead" % path)
