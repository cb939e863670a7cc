"""nd.save / nd.load in MXNet's own binary format, read and written byte for byte as MXNet 1.9.1 does.

A file is a list of arrays with optional names; all numbers are little-endian::

    uint64 0x112, uint64 0 (reserved), uint64 number of arrays,
    one record per array,
    uint64 number of names (0 for a list, else the number of arrays), per name: uint64 length, utf-8 bytes.

An array record (MXNet 1.9.1 writes version 2, or version 3 inside ``np_shape`` semantics)::

    uint32 magic 0xF993FAC9 (v2) or 0xF993FACA (v3), int32 storage type (0: dense),
    int32 ndim, int64 dims[ndim], int32 device type, int32 device id, int32 type flag, raw data (C order).

Older MXNet versions wrote records without the storage type: version 1 (magic 0xF993FAC8, int32 ndim and
int64 dims) and the first format, whose first word is the ndim itself, followed by uint32 dims. Both are
read. Nothing in a file is executed: it is parsed with `struct` and numpy only.

Saving writes a temporary file beside the target and renames it over the target at the end, so a save
that fails part-way leaves an earlier file of that name as it was.
"""
import os
import struct

import numpy as np
import torch

from .._fileio import write_atomically as _write_atomically
from ..base import MXNetError, TORCH_TO_FLAG, FLAG_TO_TORCH, TORCH_TO_NP, string_types
from ..context import num_gpus
from .ndarray import NDArray, _wrap

__all__ = ['save', 'load', 'load_frombuffer']

_LIST_MAGIC = 0x112
_V1_MAGIC = 0xF993FAC8  # int64 dims
_V2_MAGIC = 0xF993FAC9  # + storage type
_V3_MAGIC = 0xF993FACA  # + numpy shape semantics (0-d and zero-size shapes)

_CPU, _GPU, _CPU_PINNED, _CPU_SHARED = 1, 2, 3, 5
_DEVICE_TYPES = (_CPU, _GPU, _CPU_PINNED, _CPU_SHARED)
_SPARSE_STYPES = {1: 'row_sparse', 2: 'csr'}

# numpy type in which each type flag's elements are stored; bfloat16 travels as its raw 16 bits
_FLAG_STORAGE = {flag: np.dtype(np.int16 if t is torch.bfloat16 else TORCH_TO_NP[t])
                 for flag, t in FLAG_TO_TORCH.items()}
_FLAG_NAME = {flag: str(t).replace('torch.', '') for flag, t in FLAG_TO_TORCH.items()}

_U64 = struct.Struct('<Q')


def _np_shape_active():
    """Whether numpy shape semantics (``mx.np_shape``) are on; off where mxtorch.util does not offer them."""
    from .. import util
    is_np_shape = getattr(util, 'is_np_shape', None)
    return bool(is_np_shape()) if is_np_shape is not None else False


# ---- writing ----------------------------------------------------------------------------------------
def _record_header(arr, np_shape, where):
    """The bytes of an array record before its data (checks that the array can be saved)."""
    t = arr._t
    flag = TORCH_TO_FLAG.get(t.dtype)
    if flag is None:
        raise MXNetError('{}: cannot save an array of dtype {}; MXNet\'s file format has no such type'.format(
            where, str(t.dtype).replace('torch.', '')))
    ctx = arr.context
    shape = t.shape
    return struct.pack('<Iii%dqiii' % len(shape), _V3_MAGIC if np_shape else _V2_MAGIC, 0, len(shape),
                       *shape, ctx.device_typeid, ctx.device_id, flag)


def _host_data(t):
    """The array's elements as a flat, C-ordered uint8 numpy array on the host (a copy only where the
    tensor is on a GPU or not contiguous)."""
    t = t.detach()
    if t.dtype is torch.bfloat16:
        t = t.view(torch.int16)
    if t.device.type != 'cpu':
        t = t.cpu()
    t = t.resolve_conj().resolve_neg().contiguous()
    return t.numpy().reshape(-1).view(np.uint8)


def _serialize(arrays, names, np_shape, where):
    """Chunks of bytes (headers, host arrays) making the file, one array at a time: a GPU array is copied
    to the host only when its turn comes. Headers are computed first, so bad arrays fail before any write."""
    headers = [_record_header(a, np_shape, '{} (array {})'.format(where, i)) for i, a in enumerate(arrays)]
    encoded = []
    if names is not None:
        for key in names:
            if '\0' in key:
                raise ValueError('{}: key {!r} contains a NUL character, which MXNet\'s file format cannot '
                                 'hold'.format(where, key))
            encoded.append(key.encode('utf-8'))

    def chunks():
        yield struct.pack('<QQQ', _LIST_MAGIC, 0, len(arrays))
        for i, (header, arr) in enumerate(zip(headers, arrays)):
            yield header
            try:
                data = _host_data(arr._t)
            except Exception as e:
                raise MXNetError('{}: cannot read the data of array {} ({}: {})'.format(
                    where, i, type(e).__name__, e)) from e
            if data.size:
                yield data
        yield _U64.pack(len(encoded))
        for key in encoded:
            yield _U64.pack(len(key)) + key
    return chunks()


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
    chunks = _serialize(arrays, names, _np_shape_active(), where)
    _write_atomically(fname, chunks, where)


# ---- reading ----------------------------------------------------------------------------------------
class _Source:
    """The bytes of a file or buffer, read in order; every read checks that the bytes are there, so a
    truncated or corrupted file gives an MXNetError naming the file and what is missing."""

    def __init__(self, what, size, buf=None, f=None):
        self.what = what
        self.size = size
        self.pos = 0
        self._buf = buf
        self._f = f

    @property
    def remaining(self):
        return self.size - self.pos

    def error(self, message):
        return MXNetError('{}: {}'.format(self.what, message))

    def _need(self, nbytes, part):
        if nbytes > self.remaining:
            raise self.error('the data is truncated or corrupted: {} needs {} bytes at offset {} but only {} '
                             'remain'.format(part, nbytes, self.pos, self.remaining))

    def read(self, nbytes, part):
        self._need(nbytes, part)
        if self._f is not None:
            chunk = self._f.read(nbytes)
            if len(chunk) != nbytes:
                raise self.error('the file ended while reading {}'.format(part))
        else:
            chunk = bytes(self._buf[self.pos:self.pos + nbytes])
        self.pos += nbytes
        return chunk

    def unpack(self, fmt, part):
        s = struct.Struct(fmt)
        return s.unpack(self.read(s.size, part))

    def read_array(self, dtype, count, part):
        """A new, writable numpy array of `count` elements read straight into its memory."""
        nbytes = count * dtype.itemsize
        self._need(nbytes, part)
        if self._f is not None:
            out = np.empty(count, dtype)
            if nbytes and self._f.readinto(out.view(np.uint8)) != nbytes:
                raise self.error('the file ended while reading {}'.format(part))
        else:
            out = np.frombuffer(self._buf, dtype, count, self.pos).copy()
        self.pos += nbytes
        return out


def _read_shape(src, part, legacy_ndim=None):
    """A shape: int32 ndim and int64 dims, or (the first format) uint32 dims after an ndim already read.
    None where the record says the shape is unknown (an empty NDArray)."""
    if legacy_ndim is not None:
        src._need(4 * legacy_ndim, part + ' shape')
        return src.unpack('<%dI' % legacy_ndim, part + ' shape')
    (ndim,) = src.unpack('<i', part + ' ndim')
    if ndim < -1:
        raise src.error('{} has an invalid ndim {}'.format(part, ndim))
    if ndim == -1:
        return None
    src._need(8 * ndim, part + ' shape')
    shape = src.unpack('<%dq' % ndim, part + ' shape')
    if any(d < -1 for d in shape):
        raise src.error('{} has an invalid shape {}'.format(part, shape))
    return None if -1 in shape else shape


def _read_record(src, index, np_shape):
    """(numpy array of the record's shape, device type, device id) of the next array record."""
    part = 'array {}'.format(index)
    (magic,) = src.unpack('<I', part + ' header')
    if magic == _V3_MAGIC and not np_shape:
        raise src.error('{} was saved in numpy shape semantics and must be loaded in them too '
                        '(is_np_shape() is False): load it inside `with mx.np_shape(True):`'.format(part))
    if magic != _V3_MAGIC and np_shape:
        raise src.error('{} was not saved in numpy shape semantics but is being loaded in them '
                        '(is_np_shape() is True): load it inside `with mx.np_shape(False):`'.format(part))
    if magic in (_V2_MAGIC, _V3_MAGIC):
        (stype,) = src.unpack('<i', part + ' storage type')
        if stype in _SPARSE_STYPES:
            raise src.error('{} has {} storage; mxtorch supports only dense (default) storage'.format(
                part, _SPARSE_STYPES[stype]))
        if stype != 0:
            raise src.error('{} has an unknown storage type {}'.format(part, stype))
        shape = _read_shape(src, part)
        if shape is not None and len(shape) == 0 and magic == _V2_MAGIC:
            # outside numpy shape semantics MXNet reads ndim 0 as an empty array with no data after it
            raise src.error('{} has shape () but was saved outside numpy shape semantics, where MXNet '
                            'cannot load 0-d arrays; save it inside `with mx.np_shape(True):`'.format(part))
    elif magic == _V1_MAGIC:
        shape = _read_shape(src, part)
    else:
        shape = _read_shape(src, part, legacy_ndim=magic)
    if shape is None:
        raise src.error('{} is an empty NDArray with an unknown shape, which cannot be loaded'.format(part))
    dev_type, dev_id, flag = src.unpack('<iii', part + ' context and dtype')
    if dev_type not in _DEVICE_TYPES:
        raise src.error('{} has an unknown device type {}'.format(part, dev_type))
    dtype = _FLAG_STORAGE.get(flag)
    if dtype is None:
        raise src.error('{} has an unknown dtype flag {}'.format(part, flag))
    count = 1
    for d in shape:
        count *= d
    data = src.read_array(dtype, count, '{} data ({} {} elements)'.format(part, count, _FLAG_NAME[flag]))
    if flag == TORCH_TO_FLAG[torch.bool] and count:
        data = data.view(np.uint8) != 0  # any nonzero byte is True, as a C++ bool reads it
    return data.reshape(shape), flag, dev_type, dev_id


def _to_ndarray(src, index, values, flag, dev_type, dev_id):
    """The loaded array on the device it was saved from: a GPU array goes back to its GPU when this
    machine has GPUs (else stays on the CPU, as MXNet does), every CPU kind lands on cpu(0)."""
    t = torch.from_numpy(values)
    if FLAG_TO_TORCH[flag] is torch.bfloat16:
        t = t.view(torch.bfloat16)
    if dev_type == _GPU and num_gpus() > 0:
        if not 0 <= dev_id < num_gpus():
            raise src.error('array {} was saved from gpu({}) but this machine has {} GPU(s)'.format(
                index, dev_id, num_gpus()))
        t = t.to(torch.device('cuda', dev_id))
    return _wrap(t)


def _parse(src, np_shape):
    header, _reserved = src.unpack('<QQ', 'the file header')
    if header != _LIST_MAGIC:
        raise src.error('not an MXNet NDArray file: it starts with {:#x} where the magic number 0x112 '
                        'should be'.format(header))
    (count,) = src.unpack('<Q', 'the number of arrays')
    if count > src.remaining // 4:
        raise src.error('the data is truncated or corrupted: it says it holds {} arrays but has only {} '
                        'bytes left'.format(count, src.remaining))
    records = [_read_record(src, i, np_shape) for i in range(count)]
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
    arrays = [_to_ndarray(src, i, *r) for i, r in enumerate(records)]
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
            return _parse(_Source(what, size, f=f), np_shape)
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
    return _load_file(fname, _np_shape_active(), 'mx.nd.load')


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
    src = _Source('mx.nd.load_frombuffer(<{} bytes>)'.format(len(buf)), len(buf), buf=buf)
    return _parse(src, _np_shape_active())


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
    loaded = _load_file(fname, _np_shape_active() if np_shape is None else bool(np_shape), 'load_dict')
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
    return b''.join(bytes(c) for c in _array_chunks(arr, _np_shape_active()))


def _array_chunks(arr, np_shape):
    yield _record_header(arr, np_shape, 'NDArray.__getstate__')
    yield _host_data(arr._t)


def from_raw_bytes(buf):
    """The NDArray of one array record (MXNet's ``NDArray.__setstate__({'handle': buf})``)."""
    if not isinstance(buf, (bytes, bytearray, memoryview)):
        raise TypeError('from_raw_bytes needs bytes, got {}'.format(type(buf).__name__))
    buf = bytes(buf)
    src = _Source('NDArray.__setstate__(<{} bytes>)'.format(len(buf)), len(buf), buf=buf)
    return _to_ndarray(src, 0, *_read_record(src, 0, _np_shape_active()))
