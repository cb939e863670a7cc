"""One array record of MXNet's binary format, written from and read into a torch tensor.

This is the part of the format that a single array needs: ``NDArray`` pickles itself as one record (as
MXNet's ``__getstate__`` does) and ``serialization.py`` builds files out of records, so it sits below both.
All numbers are little-endian. A record (MXNet 1.9.1 writes version 2, or version 3 inside ``np_shape``
semantics)::

    uint32 magic 0xF993FAC9 (v2) or 0xF993FACA (v3), int32 storage type (0: dense),
    int32 ndim, int64 dims[ndim], int32 device type, int32 device id, int32 type flag, raw data (C order).

Older MXNet versions wrote records without the storage type: version 1 (magic 0xF993FAC8, int32 ndim and
int64 dims) and the first format, whose first word is the ndim itself, followed by uint32 dims. Both are
read. Nothing is executed: records are parsed with `struct` and numpy only.
"""
import struct

import numpy as np
import torch

from ..base import MXNetError, TORCH_TO_FLAG, FLAG_TO_TORCH, TORCH_TO_NP
from ..context import num_gpus
from . import _sparse_codec

V1_MAGIC = 0xF993FAC8  # int64 dims
V2_MAGIC = 0xF993FAC9  # + storage type
V3_MAGIC = 0xF993FACA  # + numpy shape semantics (0-d and zero-size shapes)

_GPU = 2
_DEVICE_TYPES = (1, _GPU, 3, 5)  # cpu, gpu, cpu_pinned, cpu_shared
_SPARSE_STYPES = {1: 'row_sparse', 2: 'csr'}

# numpy type in which each type flag's elements are stored; bfloat16 travels as its raw 16 bits
_FLAG_STORAGE = {flag: np.dtype(np.int16 if t is torch.bfloat16 else TORCH_TO_NP[t])
                 for flag, t in FLAG_TO_TORCH.items()}
_FLAG_NAME = {flag: str(t).replace('torch.', '') for flag, t in FLAG_TO_TORCH.items()}
_BOOL_FLAG = TORCH_TO_FLAG[torch.bool]


# ---- writing ----------------------------------------------------------------------------------------
def header(t, ctx, np_shape, where):
    """The bytes of a record before its data, for tensor `t` on context `ctx` (checks that it can be
    saved)."""
    flag = TORCH_TO_FLAG.get(t.dtype)
    if flag is None:
        raise MXNetError('{}: cannot save an array of dtype {}; MXNet\'s file format has no such type'.format(
            where, str(t.dtype).replace('torch.', '')))
    shape = t.shape
    return struct.pack('<Iii%dqiii' % len(shape), V3_MAGIC if np_shape else V2_MAGIC, 0, len(shape),
                       *shape, ctx.device_typeid, ctx.device_id, flag)


def host_data(t):
    """The elements as a flat, C-ordered uint8 numpy array on the host (a copy only where the tensor is on
    a GPU or not contiguous)."""
    t = t.detach()
    if t.dtype is torch.bfloat16:
        t = t.view(torch.int16)
    if t.device.type != 'cpu':
        t = t.cpu()
    t = t.resolve_conj().resolve_neg().contiguous()
    return t.numpy().reshape(-1).view(np.uint8)


def encode(t, ctx, np_shape, where):
    """One complete record, as bytes."""
    return header(t, ctx, np_shape, where) + host_data(t).tobytes()


# ---- reading ----------------------------------------------------------------------------------------
class Source:
    """Bytes of a file or buffer, read in order. Every read checks that the bytes are there, so that a
    truncated or corrupted input is an MXNetError naming it (`what`) and the missing part."""

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

    def need(self, nbytes, part):
        if nbytes > self.remaining:
            raise self.error('the data is truncated or corrupted: {} needs {} bytes at offset {} but only {} '
                             'remain'.format(part, nbytes, self.pos, self.remaining))

    def read(self, nbytes, part):
        self.need(nbytes, part)
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
        self.need(nbytes, part)
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
        src.need(4 * legacy_ndim, part + ' shape')
        return src.unpack('<%dI' % legacy_ndim, part + ' shape')
    (ndim,) = src.unpack('<i', part + ' ndim')
    if ndim < -1:
        raise src.error('{} has an invalid ndim {}'.format(part, ndim))
    if ndim == -1:
        return None
    src.need(8 * ndim, part + ' shape')
    shape = src.unpack('<%dq' % ndim, part + ' shape')
    if any(d < -1 for d in shape):
        raise src.error('{} has an invalid shape {}'.format(part, shape))
    return None if -1 in shape else shape


def read_record(src, index, np_shape):
    """(numpy array of the record's shape, type flag, device type, device id) of the next record; an
    ``_sparse_codec.Record`` where the record has sparse storage."""
    part = 'array {}'.format(index)
    (magic,) = src.unpack('<I', part + ' header')
    if magic == V3_MAGIC and not np_shape:
        raise src.error('{} was saved in numpy shape semantics and must be loaded in them too '
                        '(is_np_shape() is False): load it inside `with mx.np_shape(True):`'.format(part))
    if magic != V3_MAGIC and np_shape:
        raise src.error('{} was not saved in numpy shape semantics but is being loaded in them '
                        '(is_np_shape() is True): load it inside `with mx.np_shape(False):`'.format(part))
    if magic in (V2_MAGIC, V3_MAGIC):
        (stype,) = src.unpack('<i', part + ' storage type')
        if stype in _SPARSE_STYPES:  # a sparse record: its parts, as an _sparse_codec.Record
            return _sparse_codec.read_body(src, part, stype, _DEVICE_TYPES)
        if stype != 0:
            raise src.error('{} has an unknown storage type {}'.format(part, stype))
        shape = _read_shape(src, part)
        if shape is not None and len(shape) == 0 and magic == V2_MAGIC:
            # outside numpy shape semantics MXNet reads ndim 0 as an empty array with no data after it
            raise src.error('{} has shape () but was saved outside numpy shape semantics, where MXNet '
                            'cannot load 0-d arrays; save it inside `with mx.np_shape(True):`'.format(part))
    elif magic == V1_MAGIC:
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
    if flag == _BOOL_FLAG and count:
        data = data.view(np.uint8) != 0  # any nonzero byte is True, as a C++ bool reads it
    return data.reshape(shape), flag, dev_type, dev_id


def to_tensor(src, index, values, flag, dev_type, dev_id):
    """The tensor of a record read by `read_record`, on the device it was saved from: a GPU array goes back
    to its GPU where this machine has GPUs (else stays on the CPU, as MXNet does); CPU kinds land on the
    CPU."""
    t = torch.from_numpy(values)
    if FLAG_TO_TORCH[flag] is torch.bfloat16:
        t = t.view(torch.bfloat16)
    if dev_type == _GPU and num_gpus() > 0:
        if not 0 <= dev_id < num_gpus():
            raise src.error('array {} was saved from gpu({}) but this machine has {} GPU(s)'.format(
                index, dev_id, num_gpus()))
        t = t.to(torch.device('cuda', dev_id))
    return t


def decode(buf, np_shape, what):
    """The tensor of the one record in `buf` (bytes)."""
    src = Source('{}(<{} bytes>)'.format(what, len(buf)), len(buf), buf=buf)
    return to_tensor(src, 0, *read_record(src, 0, np_shape))
