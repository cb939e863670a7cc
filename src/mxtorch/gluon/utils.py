"""Gluon utilities: splitting batches across devices, gradient clipping, downloads and checksums."""
import collections
import hashlib
import os
import ssl
import urllib.error
import urllib.request
import uuid
import warnings
import weakref

import numpy as np
import torch

from ..base import MXNetError
from ..ndarray import NDArray
from ..ndarray.creation import array
from ..ndarray.ndarray import _wrap_like

__all__ = ['split_data', 'split_and_load', 'clip_global_norm', 'check_sha1', 'download', 'replace_file',
           'shape_is_known', 'HookHandle']


def split_data(data, num_slice, batch_axis=0, even_split=True):
    """Splits an NDArray into `num_slice` slices along `batch_axis`.

    Usually used for data parallelism, where each slice is sent to one device (i.e. GPU).

    Parameters
    ----------
    data : NDArray
        A batch of data.
    num_slice : int
        Number of slices.
    batch_axis : int, default 0
        The axis along which to slice.
    even_split : bool, default True
        Whether all slices must have the same size; if True, a `num_slice` that does not divide
        ``data.shape[batch_axis]`` is a ValueError. Otherwise the first slices get one more element.

    Returns
    -------
    list of NDArray
        A list even when `num_slice` is 1. Slices along axis 0 share memory with `data`.
    """
    if not isinstance(data, NDArray):
        raise TypeError('split_data: data must be an NDArray, got {}'.format(type(data).__name__))
    if not isinstance(num_slice, (int, np.integer)) or num_slice <= 0:
        raise ValueError('split_data: num_slice must be a positive integer, got {!r}'.format(num_slice))
    if not -data.ndim <= batch_axis < data.ndim:
        raise ValueError('split_data: batch_axis {} is out of range for data of shape {}'.format(
            batch_axis, data.shape))
    size = data.shape[batch_axis]
    if even_split and size % num_slice != 0:
        raise ValueError(
            'data with shape {} cannot be evenly split into {} slices along axis {}. Use a batch size that\'s '
            'multiple of {} or set even_split=False to allow uneven partitioning of data.'.format(
                data.shape, num_slice, batch_axis, num_slice))
    step, extras = divmod(size, num_slice)
    bounds = [0]
    for i in range(num_slice):
        bounds.append(bounds[-1] + step + (1 if i < extras else 0))
    t = data._t
    if batch_axis % data.ndim == 0:
        return [_wrap_like(t[bounds[i]:bounds[i + 1]], data) for i in range(num_slice)]
    return [_wrap_like(t.narrow(batch_axis, bounds[i], bounds[i + 1] - bounds[i]).clone(), data)
            for i in range(num_slice)]


def split_and_load(data, ctx_list, batch_axis=0, even_split=True):
    """Splits an NDArray into ``len(ctx_list)`` slices along `batch_axis` and loads each slice to one
    context in `ctx_list`.

    Parameters
    ----------
    data : NDArray or array_like
        A batch of data (anything else is made an NDArray with ``nd.array`` first).
    ctx_list : list of Context
        The contexts.
    batch_axis : int, default 0
        The axis along which to slice.
    even_split : bool, default True
        Whether all slices must have the same size.

    Returns
    -------
    list of NDArray
        One per context of `ctx_list`.
    """
    ctx_list = list(ctx_list)
    if not ctx_list:
        raise ValueError('split_and_load: ctx_list is empty')
    if not isinstance(data, NDArray):
        data = array(data, ctx=ctx_list[0])
    if len(ctx_list) == 1:
        return [data.as_in_context(ctx_list[0])]
    slices = split_data(data, len(ctx_list), batch_axis, even_split)
    return [s.as_in_context(ctx) for s, ctx in zip(slices, ctx_list)]


def clip_global_norm(arrays, max_norm, check_isfinite=True):
    """Rescales NDArrays in place so that the 2-norm of all of them together is at most `max_norm`.

    Parameters
    ----------
    arrays : list of NDArray
    max_norm : float
    check_isfinite : bool, default True
        Whether to check that the total norm is finite (a UserWarning is given when it is not). This
        waits for the result.

    Returns
    -------
    float or NDArray
        The total norm before clipping: a numpy float32 when `check_isfinite`, otherwise an NDArray of
        shape (1,).
    """
    arrays = list(arrays)
    if not arrays:
        raise ValueError('clip_global_norm: arrays is empty')
    for a in arrays:
        if not isinstance(a, NDArray):
            raise TypeError('clip_global_norm: arrays must be NDArrays, got {}'.format(type(a).__name__))
    first = arrays[0]._t
    with torch.no_grad():
        total = torch.zeros((), dtype=first.dtype, device=first.device)
        for a in arrays:
            x = a._t.reshape(-1)
            total = total + torch.dot(x, x).to(device=first.device, dtype=first.dtype)
        total_norm = total.sqrt().reshape(1)
        if check_isfinite and not bool(torch.isfinite(total_norm).all()):
            warnings.warn(UserWarning('nan or inf is detected. Clipping results will be undefined.'),
                          stacklevel=2)
        scale = torch.clamp(max_norm / (total_norm + 1e-8), max=1.0)
        for a in arrays:
            a._t.mul_(scale.to(a._t.device))
    result = _wrap_like(total_norm, arrays[0])
    if check_isfinite:
        return result.asscalar()
    return result


def _indent(s_, num_spaces):
    """Indents every line of `s_` but the first by `num_spaces` spaces."""
    lines = s_.split('\n')
    if len(lines) == 1:
        return s_
    return '\n'.join([lines[0]] + [(num_spaces * ' ') + line for line in lines[1:]])


def check_sha1(filename, sha1_hash):
    """Whether the SHA-1 hash of a file's content is `sha1_hash`.

    Parameters
    ----------
    filename : str
        Path to the file.
    sha1_hash : str
        Expected SHA-1 hash in hexadecimal digits.

    Returns
    -------
    bool
    """
    sha1 = hashlib.sha1()
    with open(filename, 'rb') as f:
        while True:
            data = f.read(1048576)
            if not data:
                break
            sha1.update(data)
    return sha1.hexdigest() == sha1_hash


def replace_file(src, dst):
    """Moves `src` to `dst` atomically, replacing `dst` if it exists.

    If the move fails, `src` is removed and an OSError is raised.

    Parameters
    ----------
    src : str
        Source file path.
    dst : str
        Destination file path.
    """
    try:
        os.replace(src, dst)
    except OSError as e:
        try:
            os.remove(src)
        except OSError:
            pass
        raise OSError('Moving downloaded temp file - {}, to {} failed ({}). Please retry the download.'.format(
            src, dst, e.strerror or e)) from None


def _fetch(url, fname, verify_ssl):
    """Downloads `url` into a new temporary file beside `fname`; returns its path."""
    context = None
    if url.lower().startswith('https') and not verify_ssl:
        context = ssl._create_unverified_context()
    tmp = '{}.{}'.format(fname, uuid.uuid4())
    try:
        with urllib.request.urlopen(url, context=context, timeout=60) as r:
            status = getattr(r, 'status', None)
            if status is not None and status != 200:
                raise RuntimeError('Failed downloading url {}: HTTP status {}'.format(url, status))
            with open(tmp, 'wb') as f:
                while True:
                    chunk = r.read(1 << 20)
                    if not chunk:
                        break
                    f.write(chunk)
    except BaseException:
        if os.path.exists(tmp):
            os.remove(tmp)
        raise
    return tmp


def download(url, path=None, overwrite=False, sha1_hash=None, retries=5, verify_ssl=True):
    """Downloads a URL to a file.

    Parameters
    ----------
    url : str
        The URL (http, https, ftp or file).
    path : str, optional
        Destination file, or a directory to put it in. By default the last part of the URL, in the
        current directory.
    overwrite : bool, default False
        Whether to download again when the destination exists.
    sha1_hash : str, optional
        Expected SHA-1 hash of the content: an existing file that does not match is downloaded again,
        and a download that does not match is an error (retried).
    retries : int, default 5
        Number of attempts before giving up.
    verify_ssl : bool, default True
        Verify SSL certificates.

    Returns
    -------
    str
        The path of the downloaded file.

    Notes
    -----
    The content goes to a temporary file beside the destination, which is then renamed into place, so a
    reader never sees a partial file. Without network access the last error is raised, naming the URL.
    """
    if path is None:
        fname = url.split('/')[-1]
        if not fname:
            raise ValueError("Can't construct file-name from this URL {!r}. Please set the `path` option "
                             "manually.".format(url))
    else:
        path = os.path.expanduser(path)
        fname = os.path.join(path, url.split('/')[-1]) if os.path.isdir(path) else path
    if not isinstance(retries, int) or retries < 0:
        raise ValueError("Number of retries should be at least 0, currently it's {!r}".format(retries))
    if not verify_ssl:
        warnings.warn('Unverified HTTPS request is being made (verify_ssl=False). Adding certificate '
                      'verification is strongly advised.')
    if not (overwrite or not os.path.exists(fname) or (sha1_hash and not check_sha1(fname, sha1_hash))):
        return fname
    dirname = os.path.dirname(os.path.abspath(fname))
    os.makedirs(dirname, exist_ok=True)
    attempts = max(retries, 1)
    for attempt in range(1, attempts + 1):
        try:
            print('Downloading {} from {}...'.format(fname, url))
            tmp = _fetch(url, fname, verify_ssl)
            if not os.path.exists(fname) or overwrite or (sha1_hash and not check_sha1(fname, sha1_hash)):
                replace_file(tmp, fname)
            else:  # another process put a good copy there meanwhile
                os.remove(tmp)
                warnings.warn('File {} exists in file system so the downloaded file is deleted'.format(fname))
            if sha1_hash and not check_sha1(fname, sha1_hash):
                raise UserWarning('File {} is downloaded but the content hash does not match. The repo may be '
                                  'outdated or download may be incomplete. If the "repo_url" is overridden, '
                                  'consider switching to the default repo.'.format(fname))
            return fname
        except Exception as e:  # noqa: BLE001  (retried, then raised)
            if attempt == attempts:
                if isinstance(e, urllib.error.URLError) and not isinstance(e, urllib.error.HTTPError):
                    raise MXNetError('download of {} failed after {} attempt(s): {} (is this machine '
                                     'offline?)'.format(url, attempts, e.reason)) from e
                if isinstance(e, urllib.error.HTTPError):
                    raise RuntimeError('Failed downloading url {}: HTTP {} {}'.format(url, e.code, e.reason)) \
                        from e
                raise
            left = attempts - attempt
            print('download failed due to {}, retrying, {} attempt{} left'.format(
                repr(e), left, 's' if left > 1 else ''))
    return fname


def _get_repo_url():
    """The base URL of the Gluon dataset and model repository (environment MXNET_GLUON_REPO)."""
    default_repo = 'https://apache-mxnet.s3-accelerate.dualstack.amazonaws.com/'
    repo_url = os.environ.get('MXNET_GLUON_REPO', default_repo)
    if not repo_url.endswith('/'):
        repo_url = repo_url + '/'
    return repo_url


def _get_repo_file_url(namespace, filename):
    """The URL of a file of the Gluon repository.

    Parameters
    ----------
    namespace : str
        Namespace (folder) of the file.
    filename : str
        Name of the file.
    """
    return '{}{}/{}'.format(_get_repo_url(), namespace, filename)


def _brief_print_list(lst, limit=7):
    """At most `limit` items of `lst`, quoted and comma-separated, with ', ..., ' in the middle."""
    lst = list(lst)
    if len(lst) > limit:
        return _brief_print_list(lst[:limit // 2], limit) + ', ..., ' + _brief_print_list(lst[-limit // 2:], limit)
    return ', '.join(["'%s'" % str(i) for i in lst])


class HookHandle:
    """A handle that can attach a hook to a dict of hooks and detach it again (also as a context
    manager: detached on exit)."""

    def __init__(self):
        self._hooks_dict_ref = None
        self._id = None

    def attach(self, hooks_dict, hook):
        if self._hooks_dict_ref is not None and self._hooks_dict_ref() is not None:
            raise MXNetError('The same handle cannot be attached twice.')
        self._id = id(hook)
        hooks_dict[self._id] = hook
        self._hooks_dict_ref = weakref.ref(hooks_dict)

    def detach(self):
        hooks_dict = self._hooks_dict_ref() if self._hooks_dict_ref is not None else None
        if hooks_dict is not None and self._id in hooks_dict:
            del hooks_dict[self._id]

    def __getstate__(self):
        return (self._hooks_dict_ref() if self._hooks_dict_ref is not None else None, self._id)

    def __setstate__(self, state):
        if state[0] is None:
            self._hooks_dict_ref = weakref.ref(collections.OrderedDict())
        else:
            self._hooks_dict_ref = weakref.ref(state[0])
        self._id = state[1]

    def __enter__(self):
        return self

    def __exit__(self, ptype, value, trace):
        self.detach()


def shape_is_known(shape):
    """Whether a shape is completely known: not None and no dimension is 0 (MXNet's unknown size)."""
    if shape is None:
        return False
    if len(shape) == 0:
        return False
    for dim_size in shape:
        if dim_size == 0:
            return False
        if dim_size < 0:
            raise ValueError('shape dimension size cannot be less than 0, while received {}'.format(dim_size))
    return True


def is_np_array():
    """Always False: mxtorch implements the classic ``mx.nd`` interface, not ``mx.np``."""
    return False


def is_np_shape():
    """Always False: mxtorch uses MXNet's classic shape semantics (0 means unknown)."""
    return False
