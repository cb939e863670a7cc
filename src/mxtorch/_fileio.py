"""The one way mxtorch writes a file: to a temporary name beside the target, renamed over it when complete.

Every writer of user files (nd.save, save_parameters, export, checkpoints, downloads, states) goes through
here, so a crash or a full disk part-way never leaves a truncated file under the real name."""
import os
import stat
import uuid

from .base import MXNetError

__all__ = ['write_atomically']


def write_atomically(fname, chunks, where):
    """Write `chunks` (an iterable of bytes) to `fname` through a temporary file beside it, renamed over
    `fname` at the end, so that a write failing part-way leaves an earlier file of that name intact.
    Errors are MXNetError naming `where` (the public entry point) and the file."""
    target = os.path.realpath(fname) if os.path.islink(fname) else fname
    try:
        st = os.stat(target)
    except OSError:
        st = None
    if st is not None and stat.S_ISDIR(st.st_mode):
        raise MXNetError('{}: {!r} is a directory'.format(where, fname))
    if st is not None and not stat.S_ISREG(st.st_mode):
        # a device or pipe cannot be replaced by a renamed file: write into it as MXNet does
        _write_chunks(target, chunks, where, fname)
        return
    directory = os.path.dirname(os.path.abspath(target))
    tmp = os.path.join(directory, '.{}.{}.tmp'.format(os.path.basename(target), uuid.uuid4().hex[:12]))
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    except OSError as e:
        raise MXNetError('{}: cannot write {!r}: {}'.format(where, fname, e.strerror or e)) from None
    try:
        with os.fdopen(fd, 'wb') as f:
            for chunk in chunks:
                f.write(chunk)
        if st is not None:
            os.chmod(tmp, stat.S_IMODE(st.st_mode))
        os.replace(tmp, target)
    except BaseException as e:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        if isinstance(e, OSError):
            raise MXNetError('{}: cannot write {!r}: {}'.format(where, fname, e.strerror or e)) from None
        raise


def _write_chunks(path, chunks, where, fname):
    try:
        with open(path, 'wb') as f:
            for chunk in chunks:
                f.write(chunk)
    except OSError as e:
        raise MXNetError('{}: cannot write {!r}: {}'.format(where, fname, e.strerror or e)) from None
