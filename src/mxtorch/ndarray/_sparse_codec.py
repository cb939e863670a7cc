"""The sparse array records of MXNet's binary format (storage types row_sparse and csr).

It sits below ``_codec.py`` (which hands it a record whose storage type is sparse) and knows nothing of
NDArray: it turns bytes into numpy parts and parts into bytes. A sparse record, after the magic number
and the int32 storage type (1: row_sparse, 2: csr), holds (all little-endian)::

    storage shape (int32 ndim, int64 dims): the shape of the stored values,
    shape (int32 ndim, int64 dims): the logical shape,
    int32 device type, int32 device id, int32 type flag of the values,
    per auxiliary array: int32 type flag, its shape (int32 ndim, int64 dims),
    the values (C order), then each auxiliary array's elements.

The auxiliary arrays are, for csr, ``indptr`` then ``indices``; for row_sparse, ``indices``.
"""
import struct

import numpy as np
import torch

from ..base import MXNetError, FLAG_TO_TORCH, TORCH_TO_FLAG, TORCH_TO_NP

ROW_SPARSE = 1
CSR = 2
STYPE_IDS = {'row_sparse': ROW_SPARSE, 'csr': CSR}
STYPE_NAMES = {ROW_SPARSE: 'row_sparse', CSR: 'csr'}
NUM_AUX = {ROW_SPARSE: 1, CSR: 2}
_AUX_NAMES = {ROW_SPARSE: ('indices',), CSR: ('indptr', 'indices')}
_INDEX_FLAGS = (TORCH_TO_FLAG[torch.int32], TORCH_TO_FLAG[torch.int64])
_FLAG_NP = {flag: np.dtype(np.int16 if t is torch.bfloat16 else TORCH_TO_NP[t])
            for flag, t in FLAG_TO_TORCH.items()}


class Record:
    """A sparse record read from a file: the parts as numpy arrays (values in the storage of their type
    flag, auxiliary arrays as int64), and where it was saved from."""
    __slots__ = ('stype', 'shape', 'values', 'flag', 'aux', 'dev_type', 'dev_id')

    def __init__(self, stype, shape, values, flag, aux, dev_type, dev_id):
        self.stype = stype
        self.shape = shape
        self.values = values
        self.flag = flag
        self.aux = aux
        self.dev_type = dev_type
        self.dev_id = dev_id


# ---- writing ----------------------------------------------------------------------------------------
def _shape_bytes(shape):
    return struct.pack('<i%dq' % len(shape), len(shape), *shape)


def header(stype, shape, values, aux, dev_type, dev_id, magic, where):
    """The bytes of a sparse record before its data: `values` and `aux` (the auxiliary tensors in the
    file's order) are torch tensors, `stype` 'row_sparse' or 'csr'."""
    flag = TORCH_TO_FLAG.get(values.dtype)
    if flag is None:
        raise MXNetError('{}: cannot save an array of dtype {}; MXNet\'s file format has no such type'.format(
            where, str(values.dtype).replace('torch.', '')))
    parts = [struct.pack('<Ii', magic, STYPE_IDS[stype]), _shape_bytes(tuple(values.shape)),
             _shape_bytes(tuple(shape)), struct.pack('<iii', dev_type, dev_id, flag)]
    for a in aux:
        parts.append(struct.pack('<i', TORCH_TO_FLAG[a.dtype]))
        parts.append(_shape_bytes(tuple(a.shape)))
    return b''.join(parts)


# ---- reading ----------------------------------------------------------------------------------------
def _read_shape(src, part):
    (ndim,) = src.unpack('<i', part + ' ndim')
    if ndim < 0:
        raise src.error('{} has an invalid ndim {}'.format(part, ndim))
    src.need(8 * ndim, part)
    shape = src.unpack('<%dq' % ndim, part)
    if any(d < 0 for d in shape):
        raise src.error('{} has an invalid shape {}'.format(part, shape))
    return tuple(shape)


def _count(shape):
    n = 1
    for d in shape:
        n *= d
    return n


def read_body(src, part, stype_id, device_types):
    """The Record of a sparse record whose magic number and storage type `src` has just read."""
    stype = STYPE_NAMES[stype_id]
    storage_shape = _read_shape(src, part + ' storage shape')
    shape = _read_shape(src, part + ' shape')
    dev_type, dev_id, flag = src.unpack('<iii', part + ' context and dtype')
    if dev_type not in device_types:
        raise src.error('{} has an unknown device type {}'.format(part, dev_type))
    dtype = _FLAG_NP.get(flag)
    if dtype is None:
        raise src.error('{} has an unknown dtype flag {}'.format(part, flag))
    aux_specs = []
    for name in _AUX_NAMES[stype_id]:
        (aux_flag,) = src.unpack('<i', '{} {} type'.format(part, name))
        if aux_flag not in _INDEX_FLAGS:
            raise src.error('{} has {} of dtype flag {}; an index type (int32 or int64) is needed'.format(
                part, name, aux_flag))
        aux_specs.append((name, aux_flag, _read_shape(src, '{} {} shape'.format(part, name))))
    storage_shape = _check_layout(src, part, stype_id, storage_shape, shape, aux_specs)
    values = src.read_array(dtype, _count(storage_shape), part + ' values').reshape(storage_shape)
    aux = []
    for name, aux_flag, aux_shape in aux_specs:
        a = src.read_array(_FLAG_NP[aux_flag], _count(aux_shape), '{} {}'.format(part, name))
        aux.append(a.astype(np.int64, copy=False).reshape(-1))
    _check_indices(src, part, stype_id, shape, aux)
    return Record(stype, shape, values, flag, aux, dev_type, dev_id)


def _check_layout(src, part, stype_id, storage_shape, shape, aux_specs):
    """The shape of the stored values. It follows from the index arrays' shapes, as MXNet reads it: MXNet
    can write a storage shape that is not yet final (an array saved while its conversion is under way)."""
    if stype_id == CSR:
        (_, _, indptr_shape), (_, _, indices_shape) = aux_specs
        if len(shape) != 2 or len(storage_shape) != 1 or indptr_shape != (shape[0] + 1,) \
                or len(indices_shape) != 1:
            raise src.error('{} is not a valid csr record: shape {}, values {}, indptr {}, indices {}'.format(
                part, shape, storage_shape, indptr_shape, indices_shape))
        return indices_shape
    ((_, _, indices_shape),) = aux_specs
    if len(shape) == 0 or len(storage_shape) != len(shape) or len(indices_shape) != 1:
        raise src.error('{} is not a valid row_sparse record: shape {}, values {}, indices {}'.format(
            part, shape, storage_shape, indices_shape))
    return indices_shape + tuple(shape[1:])


def _check_indices(src, part, stype_id, shape, aux):
    if stype_id == CSR:
        indptr, indices = aux
        if indptr[0] != 0 or indptr[-1] != indices.size or (indptr.size > 1 and (np.diff(indptr) < 0).any()):
            raise src.error('{} is not a valid csr record: its indptr {} does not run from 0 to {}'.format(
                part, indptr.tolist()[:8], indices.size))
        bound = shape[1]
    else:
        indices = aux[0]
        bound = shape[0]
    if indices.size and (indices.min() < 0 or indices.max() >= bound):
        raise src.error('{} has an index out of range [0, {})'.format(part, bound))
