"""Helpers of Gluon: splitting a batch over devices, clipping gradients by their global norm, downloading
files with checksums, and the small pieces blocks and parameters share (hook handles, shape tests)."""
import errno
import hashlib
import itertools
import os
import socket
import ssl
import urllib.error
import urllib.parse
import urllib.request
import warnings
import weakref

import numpy as np
import torch

from .._fileio import write_atomically
from ..base import MXNetError
from ..ndarray import NDArray
from ..ndarray.creation import array
from ..ndarray.ndarray import _wrap_like
from ..util import is_np_array, is_np_shape  # noqa: F401  (MXNet's gluon.utils has them too)

__all__ = ['split_data', 'split_and_load', 'clip_global_norm', 'check_sha1', 'download', 'replace_file',
           'shape_is_known', 'HookHandle']


# ---- batches over devices, gradient clipping ----------------------------------------------------------------
def split_data(data, num_slice, batch_axis=0, even_split=True):
    """Cut `data` into `num_slice` parts along `batch_axis`, one per device in data parallelism.

    With `even_split` the size along the axis must be a multiple of `num_slice` (else ValueError);
    without, the first parts get one element more. Always returns a list. Parts along axis 0 share memory
    with `data`; along other axes they are copies.
    """
    if not isinstance(data, NDArray):
        raise TypeError('split_data: data must be an NDArray, got {}'.format(type(data).__name__))
    if not isinstance(num_slice, (int, np.integer)) or num_slice <= 0:
        raise ValueError('split_data: num_slice must be a positive integer, got {!r}'.format(num_slice))
    if not -data.ndim <= batch_axis < data.ndim:
        raise ValueError('split_data: batch_axis {} is out of range for data of shape {}'.format(
            batch_axis, data.shape))
    size = data.shape[batch_axis]
    if even_split and size % num_slice:
        raise ValueError(
            'data with shape {} cannot be evenly split into {} slices along axis {}. Use a batch size that\'s '
            'multiple of {} or set even_split=False to allow uneven partitioning of data.'.format(
                data.shape, num_slice, batch_axis, num_slice))
    small, larger = divmod(size, num_slice)
    ends = list(itertools.accumulate([small + 1] * larger + [small] * (num_slice - larger)))
    starts = [0] + ends[:-1]
    axis = batch_axis % data.ndim
    if axis == 0:
        return [data[b:e] for b, e in zip(starts, ends)]
    lead = (slice(None),) * axis
    return [data[lead + (slice(b, e),)].copy() for b, e in zip(starts, ends)]


def split_and_load(data, ctx_list, batch_axis=0, even_split=True):
    """:func:`split_data` into ``len(ctx_list)`` parts, each copied to its context of `ctx_list`. `data`
    that is not an NDArray is made one first (``nd.array``, on the first context)."""
    ctx_list = list(ctx_list)
    if not ctx_list:
        raise ValueError('split_and_load: ctx_list is empty')
    if not isinstance(data, NDArray):
        data = array(data, ctx=ctx_list[0])
    if len(ctx_list) == 1:
        return [data.as_in_context(ctx_list[0])]
    parts = split_data(data, len(ctx_list), batch_axis, even_split)
    return [part.as_in_context(ctx) for part, ctx in zip(parts, ctx_list)]


def clip_global_norm(arrays, max_norm, check_isfinite=True):
    """Scale `arrays` in place so that their joint 2-norm (that of all their elements together) is at most
    `max_norm`, and return that norm as it was before.

    With `check_isfinite` (which waits for the result) a non-finite norm gives a UserWarning and the norm
    is returned as a numpy float32; without, as an NDArray of shape (1,).
    """
    arrays = list(arrays)
    if not arrays:
        raise AssertionError('clip_global_norm: arrays is empty')
    for a in arrays:
        if not isinstance(a, NDArray):
            raise TypeError('clip_global_norm: arrays must be NDArrays, got {}'.format(type(a).__name__))
    # a sparse array's stored values only: its other elements are zeros, which neither add to the norm
    # nor change when scaled (and its dense ``_t`` is a copy)
    values = [a._stored_values() if a.stype != 'default' else a._t for a in arrays]
    first = values[0]
    with torch.no_grad():
        flat = [v.reshape(-1) for v in values]
        norm = sum((torch.dot(x, x).to(device=first.device, dtype=first.dtype) for x in flat),
                   torch.zeros((), dtype=first.dtype, device=first.device)).sqrt().reshape(1)
        if check_isfinite and not bool(torch.isfinite(norm).all()):
            warnings.warn(UserWarning('nan or inf is detected. Clipping results will be undefined.'), stacklevel=2)
        scale = (max_norm / (norm + 1e-8)).clamp(max=1.0)
        for v in values:
            v.mul_(scale.to(v.device))
    norm = _wrap_like(norm, arrays[0])
    return norm.asscalar() if check_isfinite else norm


# ---- files ------------------------------------------------------------------------------------------------
def check_sha1(filename, sha1_hash):
    """Whether the SHA-1 digest of the file's content, in hex digits, is `sha1_hash`."""
    digest = hashlib.sha1()
    with open(filename, 'rb') as f:
        for block in iter(lambda: f.read(1 << 20), b''):
            digest.update(block)
    return digest.hexdigest() == sha1_hash


def replace_file(src, dst):
    """Move file `src` over `dst` in one step (``os.replace``). If that fails `src` is deleted and an
    OSError says to download again."""
    try:
        os.replace(src, dst)
    except OSError as e:
        try:
            os.remove(src)
        except OSError:
            pass
        raise OSError('Moving downloaded temp file - {}, to {} failed ({}). Please retry the download.'.format(
            src, dst, e.strerror or e)) from None


_TIMEOUT = 60           # seconds to connect, and between two reads
_CHUNK = 1 << 20
_NO_ROUTE = (errno.ECONNREFUSED, errno.ENETUNREACH, errno.EHOSTUNREACH)


class _HTTPStatus(Exception):
    """A reply other than 200 (OK)."""

    def __init__(self, code, phrase):
        super().__init__(code, phrase)
        self.code, self.phrase = code, phrase


class _StreamBroke(Exception):
    """A network error while the body streams into write_atomically, which must not take it for a failed
    write (requests' and urllib's errors are OSErrors)."""


def _carried(chunks):
    try:
        yield from chunks
    except OSError as e:
        raise _StreamBroke(e) from e


def _requests_module():
    try:
        import requests     # imported when used: it costs the import of mxtorch a tenth of a second
    except ImportError:
        return None
    return requests


def _open(url, verify_ssl):
    """The body of `url` as an iterator of byte chunks, the status checked first. http(s) goes through
    requests when it is installed (as MXNet's download does, so its proxies settings and users' mocks of
    ``requests.get`` apply); other schemes (file, ftp), and everything without requests, through urllib."""
    scheme = url.partition(':')[0].lower()
    requests = _requests_module() if scheme in ('http', 'https') else None
    if requests is not None:
        reply = requests.get(url, stream=True, verify=verify_ssl, timeout=_TIMEOUT)
        if reply.status_code != 200:
            raise _HTTPStatus(reply.status_code, reply.reason)
        return _streamed(reply)
    context = ssl._create_unverified_context() if scheme == 'https' and not verify_ssl else None
    try:
        reply = urllib.request.urlopen(url, context=context, timeout=_TIMEOUT)
    except urllib.error.HTTPError as e:
        raise _HTTPStatus(e.code, e.reason) from e
    if getattr(reply, 'status', None) not in (None, 200):
        reply.close()
        raise _HTTPStatus(reply.status, reply.reason)
    return _read_through(reply)


def _streamed(reply):
    try:
        yield from reply.iter_content(chunk_size=_CHUNK)
    finally:
        close = getattr(reply, 'close', None)
        if close is not None:
            close()


def _read_through(reply):
    with reply:
        for chunk in iter(lambda: reply.read(_CHUNK), b''):
            yield chunk


def _causes(error):
    """`error` and what lies behind it: causes, contexts, a URLError's reason, the errors requests and
    urllib3 wrap."""
    seen, todo = set(), [error]
    while todo:
        e = todo.pop()
        if isinstance(e, BaseException) and id(e) not in seen:
            seen.add(id(e))
            yield e
            todo += [e.__cause__, e.__context__, getattr(e, 'reason', None), *e.args]


def _unreachable(error):
    """The socket error saying the host cannot be reached (unknown name, no route, nothing listening on any
    of its addresses), or None: retrying at once would not help."""
    for e in _causes(error):
        if isinstance(e, socket.gaierror) or (isinstance(e, OSError) and e.errno in _NO_ROUTE):
            return e
    return None


def _is_transient(error):
    """Whether another attempt may succeed: timeouts, dropped connections, server errors (5xx, 408, 429),
    a content hash that did not match."""
    if isinstance(error, _HTTPStatus):
        return error.code >= 500 or error.code in (408, 429)
    if isinstance(error, ValueError) or isinstance(getattr(error, 'reason', None), FileNotFoundError):
        return False        # a malformed URL, a missing local file
    return _unreachable(error) is None


def _final_error(url, error, attempts):
    """What download raises after its last attempt; None: `error` itself."""
    if isinstance(error, _HTTPStatus):
        return RuntimeError('Failed downloading url {}: HTTP {} {}'.format(url, error.code, error.phrase or ''))
    unreachable = _unreachable(error)
    if unreachable is not None:
        return MXNetError('download of {} failed: cannot reach {} ({}). Not retried: this is not a transient error '
                          '(is this machine offline?)'.format(url, urllib.parse.urlsplit(url).hostname, unreachable))
    if isinstance(error, OSError):     # the network errors of urllib and requests
        reason = getattr(error, 'reason', None) if isinstance(error, urllib.error.URLError) else None
        return MXNetError('download of {} failed after {} attempt(s): {} (is this machine offline?)'.format(
            url, attempts, reason or str(error) or type(error).__name__))
    return None


def download(url, path=None, overwrite=False, sha1_hash=None, retries=5, verify_ssl=True):
    """Download `url` to a file and return the file's path.

    Parameters
    ----------
    url : str
        http, https, ftp or file URL.
    path : str, optional
        The file, or a folder to put it in (named by the URL's last part, the default in the current folder).
    overwrite : bool, default False
        Download even when the file exists.
    sha1_hash : str, optional
        SHA-1 of the content (hex): an existing file of another content is downloaded again, and a download
        of another content is an error (after the retries).
    retries : int, default 5
        Attempts before giving up, for errors that may pass (timeouts, server errors, ...). A host that
        cannot be reached (unknown name, no route, connection refused) or a client error (404, ...) fails
        at once.
    verify_ssl : bool, default True
        Check the server's SSL certificate.

    The content goes to a temporary file beside the target, renamed over it when complete: a reader never
    sees part of a file. A host that cannot be reached is an MXNetError naming the URL; an HTTP error a
    RuntimeError with the status.
    """
    if path is None:
        fname = url.split('/')[-1]
        if not fname:
            raise AssertionError("Can't construct file-name from this URL {!r}. Please set the `path` option "
                                 "manually.".format(url))
    else:
        path = os.path.expanduser(path)
        fname = os.path.join(path, url.split('/')[-1]) if os.path.isdir(path) else path
    if not isinstance(retries, int) or retries < 0:
        raise AssertionError("Number of retries should be at least 0, currently it's {!r}".format(retries))
    if not verify_ssl:
        warnings.warn('Unverified HTTPS request is being made (verify_ssl=False). Adding certificate '
                      'verification is strongly advised.')
    if not overwrite and os.path.exists(fname) and (not sha1_hash or check_sha1(fname, sha1_hash)):
        return fname
    os.makedirs(os.path.dirname(os.path.abspath(fname)), exist_ok=True)
    attempts = max(retries, 1)
    for attempt in range(1, attempts + 1):
        print('Downloading {} from {}...'.format(fname, url))
        try:
            write_atomically(fname, _carried(_open(url, verify_ssl)), 'download')
            if sha1_hash and not check_sha1(fname, sha1_hash):
                raise UserWarning('File {} is downloaded but the content hash does not match. The repo may be '
                                  'outdated or download may be incomplete. If the "repo_url" is overridden, '
                                  'consider switching to the default repo.'.format(fname))
            return fname
        except Exception as e:  # noqa: BLE001  (sorted below: retried, or raised)
            error = e.args[0] if isinstance(e, _StreamBroke) else e
            if attempt == attempts or not _is_transient(error):
                final = _final_error(url, error, attempt)
                if final is None:
                    raise error
                raise final from error
            left = attempts - attempt
            print('download failed due to {!r}, retrying, {} attempt{} left'.format(error, left,
                                                                                  's' if left > 1 else ''))
    return fname


def _get_repo_url():
    """The base URL of the repository of Gluon's data sets and models ($MXNET_GLUON_REPO, ending in '/')."""
    url = os.environ.get('MXNET_GLUON_REPO', 'https://apache-mxnet.s3-accelerate.dualstack.amazonaws.com/')
    return url if url.endswith('/') else url + '/'


def _get_repo_file_url(namespace, filename):
    """The URL of `filename` in folder `namespace` of that repository."""
    return '{}{}/{}'.format(_get_repo_url(), namespace, filename)


# ---- shared by parameters and blocks ----------------------------------------------------------------------
def _indent(s_, num_spaces):
    """`s_` with every line but the first indented by `num_spaces` spaces."""
    return s_.replace('\n', '\n' + ' ' * num_spaces)


def _brief_print_list(lst, limit=7):
    """The items quoted and comma-separated; more than `limit` of them are cut to the first and last few
    around '...'."""
    quoted = ["'%s'" % str(item) for item in lst]
    if len(quoted) > limit:
        return '{}, ..., {}'.format(', '.join(quoted[:limit // 2]), ', '.join(quoted[-((limit + 1) // 2):]))
    return ', '.join(quoted)


def _dead_ref():
    return None


class HookHandle:
    """A handle on a hook put in a dict of hooks (a Block's forward hooks): :meth:`detach` takes it out,
    as does leaving ``with handle:``. The dict is held weakly."""

    def __init__(self):
        self._hooks = None      # a weak reference to the dict holding the hook, once attached
        self._key = None

    def attach(self, hooks_dict, hook):
        """Put `hook` in `hooks_dict`; a handle serves one hook, once."""
        if self._hooks is not None:
            raise AssertionError('The same handle cannot be attached twice.')
        self._key = id(hook)
        hooks_dict[self._key] = hook
        self._hooks = weakref.ref(hooks_dict)

    def _dict(self):
        return None if self._hooks is None else self._hooks()

    def detach(self):
        """Take the hook out of its dict (nothing happens when it is gone already)."""
        hooks = self._dict()
        if hooks is not None:
            hooks.pop(self._key, None)

    def __getstate__(self):
        return self._dict(), self._key

    def __setstate__(self, state):
        hooks, self._key = state
        self._hooks = _dead_ref if hooks is None else weakref.ref(hooks)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.detach()


def shape_is_known(shape):
    """Whether every size of `shape` is known: not None, not empty, no 0 (MXNet's unknown size). A
    negative size is an AssertionError."""
    if not shape:
        return False
    for size in shape:
        if size <= 0:
            if size:
                raise AssertionError('shape dimension size cannot be less than 0, while received {}'.format(size))
            return False
    return True
