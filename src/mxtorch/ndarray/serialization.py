"""nd.save / nd.load in MXNet's own binary format, read and written byte for byte as MXNet 1.9.1 does.

A file is a list of array records (ndarray/_codec.py) with optional names; all numbers are little-endian::

    uint64 0x112, uint64 0 (reserved), uint64 number of arrays,
    one record per array,
    uint64 number of names (0 for a list, else the number of arrays), per name: uint64 length, utf-8 bytes.

Saving writes a temporary file beside the target and renames it over the target at the end, so a save
that fails part-way leaves an earlier file of that name as it was.
"""
import os
import struct

from .. import _state
from .._fileio import write_atomically as _write_atomically
from ..base import MXNetError, string_types
from . import _codec, _sparse_codec
from . import sparse as _sparse
from .ndarray import NDArray, _wrap

__all__ = ['save', 'load', 'load_frombuffer']

_LIST_MAGIC = 0x112
_U64 = struct.Struct('<Q')


_np_shape = _state.np_shape  # whether numpy shape semantics (``mx.np_shape``) are on in this thread


# ---- writing ----------------------------------------------------------------------------------------
def _serialize(arrays, names, np_shape, where):
    """Chunks of bytes (headers, host arrays) making the file, one array at a time: a GPU array is copied
    to the host only when its turn comes. Headers are computed first, so bad arrays fail before any write."""
    parts = [_record_parts(a, np_shape, '{} (array {})'.format(where, i)) for i, a in enumerate(arrays)]
    encoded = []
    if names is not None:
        for key in names:
            if '\0' in key:
                raise ValueError('{}: key {!r} contains a NUL character, which MXNet\'s file format cannot '
                                 'hold'.format(where, key))
            encoded.append(key.encode('utf-8'))

    def chunks():
        yield struct.pack('<QQQ', _LIST_MAGIC, 0, len(arrays))
        for i, (header, tensors) in enumerate(parts):
            yield header
            for t in tensors:
                try:
                    data = _codec.host_data(t)
                except Exception as e:
                    raise MXNetError('{}: cannot read the data of array {} ({}: {})'.format(
                        where, i, type(e).__name__, e)) from e
                if data.size:
                    yield data
        yield _U64.pack(len(encoded))
        for key in encoded:
            yield _U64.pack(len(key)) + key
    return chunks()


def _record_parts(a, np_shape, where):
    """(header, tensors whose data follow it) of one array's record; sparse arrays have their own."""
    if isinstance(a, _sparse.BaseSparseNDArray):
        return _sparse.record_parts(a, np_shape, where)
    return _codec.header(a._t, a.context, np_shape, where), (a._t,)


def save(fname, data):
    """Saves a list of arrays or a dict of str->array to a file in MXNet's binary format.

    The file is the one MXNet 1.9.1 writes for the same arrays, byte for byte, so it can be loaded there
    and vice versa. A single NDArray is saved as a list of one array. The arrays' contexts are recorded
    (a GPU array is copied to the host to be written). The file is written under a temporary name and
    renamed at the end: a save that fails leaves an earlier file of the same name intact.

    Parameters
    ----------
    fname : str
        The filename.
    data : NDArray, list of NDArray or dict of str to NDArray
        The data to save. The keys of a dict are stored in its order.

    Examples
    --------
    >>> w, b = mx.nd.ones((3, 2)), mx.nd.zeros((3,))
    >>> mx.nd.save('dense.params', {'weight': w, 'bias': b})
    >>> sorted(mx.nd.load('dense.params'))
    ['bias', 'weight']
    >>> mx.nd.save('arrays.nd', [w, b])
    >>> [a.shape for a in mx.nd.load('arrays.nd')]
    [(3, 2), (3,)]
    """
    if isinstance(data, NDArray):
        data = [data]
    if isinstance(data, dict):
        names = list(data.keys())
        arrays = list(data.values())
        if any(not isinstance(k, string_types) for k in names) or \
                any(not isinstance(v, NDArray) for v in arrays):
            raise TypeError('save only accept dict str->NDArray or list of NDArray')
    elif isinstance(data, list):
        names = None
        arrays = data
        if any(not isinstance(v, NDArray) for v in arrays):
            raise TypeError('save only accept dict str->NDArray or list of NDArray')
    else:
        raise ValueError('data needs to either be a NDArray, dict of str, NDArray pairs or a list of NDarrays, '
                         'got {}'.format(type(data).__name__))
    if not isinstance(fname, string_types):
        raise TypeError('fname must be a str, got {}'.format(type(fname).__name__))
    where = 'mx.nd.save({!r})'.format(fname)
    chunks = _serialize(arrays, names, _np_shape.active, where)
    _write_atomically(fname, chunks, where)


# ---- reading ----------------------------------------------------------------------------------------
def _parse(src, np_shape):
    header, _reserved = src.unpack('<QQ', 'the file header')
    if header != _LIST_MAGIC:
        raise src.error('not an MXNet NDArray file: it starts with {:#x} where the magic number 0x112 '
                        'should be'.format(header))
    (count,) = src.unpack('<Q', 'the number of arrays')
    if count > src.remaining // 4:
        raise src.error('the data is truncated or corrupted: it says it holds {} arrays but has only {} '
                        'bytes left'.format(count, src.remaining))
    records = [_codec.read_record(src, i, np_shape) for i in range(count)]
    (nnames,) = src.unpack('<Q', 'the number of names')
    if nnames not in (0, count):
        raise src.error('the data is corrupted: it holds {} arrays but {} names'.format(count, nnames))
    names = []
    for i in range(nnames):
        (length,) = src.unpack('<Q', 'the length of name {}'.format(i))
        raw = src.read(length, 'name {}'.format(i))
        try:
            names.append(raw.decode('utf-8'))
        except UnicodeDecodeError:
            raise src.error('the data is corrupted: name {} is not valid utf-8'.format(i)) from None
    # bytes after the names are ignored, as MXNet ignores them
    arrays = [_sparse.from_record(src, i, r) if isinstance(r, _sparse_codec.Record)
              else _wrap(_codec.to_tensor(src, i, *r)) for i, r in enumerate(records)]
    if names:
        return dict(zip(names, arrays))
    return arrays


def _load_file(fname, np_shape, caller):
    what = '{}({!r})'.format(caller, fname)
    try:
        f = open(fname, 'rb')
    except OSError as e:
        raise MXNetError('{}: cannot open the file: {}'.format(what, e.strerror or e)) from None
    with f:
        try:
            size = os.fstat(f.fileno()).st_size
            return _parse(_codec.Source(what, size, f=f), np_shape)
        except OSError as e:
            raise MXNetError('{}: cannot read the file: {}'.format(what, e.strerror or e)) from None


def load(fname):
    """Loads arrays from a file in MXNet's binary format (see ``save``).

    Files written by MXNet (1.x, including its older array formats) and by mxtorch are read alike.
    Arrays saved from a GPU are loaded onto that GPU where this machine has GPUs, else onto the CPU.

    Parameters
    ----------
    fname : str
        The filename.

    Returns
    -------
    list of NDArray or dict of str to NDArray
        A dict (in the file's order) when the arrays were saved with names, else a list.
    """
    if not isinstance(fname, string_types):
        raise TypeError('fname required to be a string')
    return _load_file(fname, _np_shape.active, 'mx.nd.load')


def load_frombuffer(buf):
    """Loads arrays from the contents of a file in MXNet's binary format (see ``save``).

    Parameters
    ----------
    buf : bytes
        The contents of a file written by ``save``.

    Returns
    -------
    list of NDArray or dict of str to NDArray
        Loaded data.
    """
    if isinstance(buf, str):
        raise MXNetError('mx.nd.load_frombuffer: the binary contents of a file are needed, as bytes; a str '
                         'cannot hold them')
    if not isinstance(buf, bytes):
        raise TypeError('buf required to be a string or bytes')
    src = _codec.Source('mx.nd.load_frombuffer(<{} bytes>)'.format(len(buf)), len(buf), buf=buf)
    return _parse(src, _np_shape.active)


# ---- helpers for Gluon and pickling -------------------------------------------------------------------
def save_dict(fname, arrays):
    """Saves a dict of str->NDArray (e.g. parameters by name) in its order; ``save`` of a dict."""
    if not isinstance(arrays, dict):
        raise TypeError('save_dict needs a dict of str->NDArray, got {}'.format(type(arrays).__name__))
    save(fname, arrays)


def load_dict(fname, np_shape=None):
    """Loads a file of named arrays (as ``save_dict`` or MXNet's ``save_parameters`` write it) as a dict
    in the file's order. A file of no arrays gives {}; a file of unnamed arrays is an MXNetError.

    `np_shape` None reads the file under the current numpy-shape semantics (as ``load``); True or False
    reads it as if those semantics were on or off."""
    if not isinstance(fname, string_types):
        raise TypeError('fname required to be a string')
    loaded = _load_file(fname, _np_shape.active if np_shape is None else bool(np_shape), 'load_dict')
    if isinstance(loaded, dict):
        return loaded
    if loaded:
        raise MXNetError('load_dict({!r}): the file holds {} arrays without names, not a dict of named '
                         'arrays'.format(fname, len(loaded)))
    return {}


def to_raw_bytes(arr):
    """One array's record of the file format (MXNet's ``NDArray.__getstate__()['handle']``)."""
    if not isinstance(arr, NDArray):
        raise TypeError('to_raw_bytes needs an NDArray, got {}'.format(type(arr).__name__))
    return _codec.encode(arr._t, arr.context, _np_shape.active, 'NDArray.__getstate__')


def from_raw_bytes(buf):
    """The NDArray of one array record (MXNet's ``NDArray.__setstate__({'handle': buf})``)."""
    if not isinstance(buf, (bytes, bytearray, memoryview)):
        raise TypeError('from_raw_bytes needs bytes, got {}'.format(type(buf).__name__))
    return _wrap(_codec.decode(bytes(buf), _np_shape.active, 'NDArray.__setstate__'))
