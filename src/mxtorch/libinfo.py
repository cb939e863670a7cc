"""mx.libinfo: where MXNet's native library, headers and TVM operator configuration are.

mxtorch has no libmxnet: its operators run on PyTorch. The functions keep MXNet's interface and its
environment variables (MXNET_LIBRARY_PATH, MXNET_INCLUDE_PATH, MXNET_CONF_PATH): a file or folder named
there is returned as MXNet returns it. Otherwise they look where an MXNet install keeps these files
(beside the package, its ../../lib and ../../build, LD_LIBRARY_PATH for the library) and, finding
nothing, raise MXNet's own RuntimeError with the candidates, so code that probes for libmxnet learns
that none is there instead of being handed an unrelated library (docs/differences.md).
"""
import logging
import os
import platform

__version__ = '1.9.1'      # the MXNet release whose behaviour mxtorch implements

_HERE = os.path.dirname(os.path.abspath(os.path.expanduser(__file__)))


def _from_env(variable, exists):
    """The absolute path in environment variable `variable` if `exists(path)`, else None (with MXNet's
    warnings for a relative path or one that is not there)."""
    value = os.environ.get(variable)
    if not value:
        return None
    if not exists(value):
        logging.warning("%s '%s' doesn't exist", variable, value)
        return None
    if not os.path.isabs(value):
        logging.warning('%s should be an absolute path, instead of: %s', variable, value)
        return None
    return value


def find_lib_path(prefix='libmxnet'):
    """The list of library files `prefix`.so (.dylib/.so on macOS) found, MXNET_LIBRARY_PATH first.

    Raises RuntimeError('Cannot find the MXNet library. ...') with the candidate paths when there is none,
    which is the case for libmxnet under mxtorch unless MXNET_LIBRARY_PATH names a file."""
    named = _from_env('MXNET_LIBRARY_PATH', os.path.isfile)
    if named is not None:
        return [named]
    folders = [_HERE, os.path.join(_HERE, '../../lib/'), os.path.join(_HERE, '../../build/')]
    if os.name == 'posix' and os.environ.get('LD_LIBRARY_PATH'):
        folders = [p.strip() for p in os.environ['LD_LIBRARY_PATH'].split(':')] + folders
    if platform.system() == 'Darwin':
        candidates = [os.path.join(f, prefix + ext) for ext in ('.dylib', '.so') for f in folders]
    else:
        candidates = [os.path.join(f, prefix + '.so') for f in folders + ['../../../']]
    found = [p for p in candidates if os.path.isfile(p)]
    if not found:
        raise RuntimeError('Cannot find the MXNet library.\nList of candidates:\n' + '\n'.join(candidates))
    return found


def find_include_path():
    """The folder of MXNet's C headers: MXNET_INCLUDE_PATH, else ``include/`` beside the package or
    ``../../include/``; RuntimeError naming both when neither exists (mxtorch ships no C headers)."""
    named = _from_env('MXNET_INCLUDE_PATH', os.path.isdir)
    if named is not None:
        return named
    beside = os.path.join(_HERE, 'include/')
    source = os.path.join(_HERE, '../../include/')
    for folder in (beside, source):
        if os.path.isdir(folder):
            return folder
    raise RuntimeError('Cannot find the MXNet include path in either ' + beside + ' or ' + source + '\n')


def find_conf_path(prefix='tvmop'):
    """The TVM operator configuration `prefix`.conf: MXNET_CONF_PATH (returned as a string, as MXNet does),
    else a list of those found in ``../../lib/`` and ``../../build/``; RuntimeError when there is none."""
    named = _from_env('MXNET_CONF_PATH', os.path.isfile)
    if named is not None:
        return named
    candidates = [os.path.join(_HERE, sub) + prefix + '.conf' for sub in ('../../lib/', '../../build/')]
    found = [p for p in candidates if os.path.isfile(p)]
    if not found:
        raise RuntimeError('Cannot find the TVM op config.\nList of candidates:\n' + '\n'.join(candidates))
    return found
