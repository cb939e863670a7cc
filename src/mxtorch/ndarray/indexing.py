"""NDArray indexing with MXNet 1.x semantics on torch tensors.

Differences from plain torch that this module bridges: negative slice steps (torch has none: such a
slice becomes the positive slice of the same elements and a flip of that dimension), index arrays given
as float NDArrays, lists or numpy arrays, a result that would be 0-d comes back with shape (1,), and a
basic index whose result is not contiguous gives a copy (MXNet returns a view only when the sliced memory
is contiguous)."""
import operator

import numpy as np
import torch

from ..base import MXNetError
from ._errors import translate

Tensor = torch.Tensor
_BASIC = (slice, type(None), type(Ellipsis))


def _index_tensor(idx, device):
    """An advanced index as a torch tensor (long, or bool for boolean masks)."""
    if isinstance(idx, Tensor):
        t = idx
    elif hasattr(idx, '_t'):
        t = idx._t
    else:
        arr = np.asarray(idx)
        if arr.dtype == np.bool_:
            return torch.from_numpy(arr).to(device)
        t = torch.from_numpy(np.ascontiguousarray(arr))
    if t.dtype is torch.bool:
        return t.to(device)
    if t.dtype is not torch.int64:
        t = t.to(torch.int64)
    return t.to(device)


def _normalize(key, t):
    """(key as a tuple torch accepts, has a negative step, has an advanced index)."""
    if not isinstance(key, tuple):
        key = (key,)
    out = []
    negative = advanced = False
    for k in key:
        if isinstance(k, _BASIC):
            if type(k) is slice and k.step is not None:
                step = operator.index(k.step)
                if step < 0:
                    negative = True
                elif step == 0:
                    raise ValueError('slice step cannot be zero')
            out.append(k)
        elif isinstance(k, (int, np.integer)) and not isinstance(k, (bool, np.bool_)):
            out.append(operator.index(k))
        else:
            advanced = True
            out.append(_index_tensor(k, t.device))
    return tuple(out), negative, advanced


def _numpy_key(key):
    return tuple(k.cpu().numpy() if isinstance(k, Tensor) else k for k in key)


def _flat_positions(shape, key, device):
    """Flat positions (in a C-contiguous array of `shape`) that `key` selects, shaped as the result;
    numpy does the index arithmetic on the host. Only for the rare key that mixes index arrays with
    negative steps."""
    positions = np.arange(int(np.prod(shape)), dtype=np.int64).reshape(shape)[_numpy_key(key)]
    return torch.from_numpy(np.ascontiguousarray(positions)).to(device)


def _flipped(key, shape):
    """(`key` with each negative-step slice replaced by the positive slice of the same elements, the
    dimensions of the result to flip) for a basic key (ints, slices, None, Ellipsis) on `shape`."""
    consuming = sum(1 for k in key if k is not None and k is not Ellipsis)
    out, flips = [], []
    src = dst = 0
    for k in key:
        if k is None:
            dst += 1
        elif k is Ellipsis:
            skipped = len(shape) - consuming
            src += skipped
            dst += skipped
        elif type(k) is slice:
            if k.step is not None and k.step < 0 and src < len(shape):
                start, stop, step = k.indices(shape[src])
                count = len(range(start, stop, step))
                if count:
                    k = slice(start + step * (count - 1), start + 1, -step)
                    flips.append(dst)
                else:
                    k = slice(0, 0)
            src += 1
            dst += 1
        else:
            src += 1
        out.append(k)
    return tuple(out), flips


def getitem(t, key):
    """t[key] with MXNet's semantics (see module docstring)."""
    if type(key) is int:
        r = t[key]
        return r.reshape(1) if r.dim() == 0 else r
    if type(key) is slice and (key.step is None or key.step > 0):
        return t[key]
    nkey, negative, advanced = _normalize(key, t)
    try:
        if negative and advanced:
            r = t.reshape(-1)[_flat_positions(tuple(t.shape), nkey, t.device)]
        elif negative:
            nkey, flips = _flipped(nkey, t.shape)
            r = t[nkey]
            if flips:
                r = r.flip(flips)
        else:
            r = t[nkey]
    except IndexError as e:
        raise IndexError('index {} is out of bounds for an array of shape {}: {}'.format(
            key, tuple(t.shape), translate(str(e)))) from None
    if r.dim() == 0:
        return r.reshape(1)
    if not advanced and not r.is_contiguous():
        r = r.contiguous()
    return r


def _value_tensor(value, t):
    if isinstance(value, Tensor):
        if value.dtype is not t.dtype or value.device != t.device:
            value = value.to(device=t.device, dtype=t.dtype)
        return value
    if isinstance(value, (int, float, bool)):
        return value
    if isinstance(value, np.generic):
        return value.item()
    return torch.as_tensor(np.asarray(value), dtype=t.dtype, device=t.device)


def _fit(value, shape):
    """value reshaped to broadcast onto `shape` where MXNet accepts it (same size, or leading 1s)."""
    if not isinstance(value, Tensor) or value.shape == shape:
        return value
    try:
        if torch.broadcast_shapes(value.shape, shape) == shape:
            return value
    except RuntimeError:
        pass
    if value.numel() == int(np.prod(shape)):
        return value.reshape(shape)
    squeezed = value
    while squeezed.dim() > len(shape) and squeezed.shape[0] == 1:
        squeezed = squeezed[0]
    return squeezed


def setitem(t, key, value):
    """t[key] = value in place, with MXNet's semantics (value broadcast to the indexed shape)."""
    if type(key) is slice and key == slice(None):
        if type(value) is Tensor:
            # x[:] = y, the commonest write: copy_ casts and broadcasts as MXNet does; what it refuses (a
            # same-sized value of another shape, ...) is fitted below
            try:
                t.copy_(value)
                return
            except RuntimeError:
                pass
        value = _value_tensor(value, t)
        if isinstance(value, Tensor):
            try:
                t.copy_(_fit(value, t.shape))
            except RuntimeError as e:
                raise ValueError('cannot assign a value of shape {} to an array of shape {}: {}'.format(
                    tuple(value.shape), tuple(t.shape), translate(str(e)))) from None
        else:
            t.fill_(value)
        return
    value = _value_tensor(value, t)
    nkey, negative, advanced = _normalize(key, t)
    try:
        if negative and not advanced:
            nkey, flips = _flipped(nkey, t.shape)
            target = t[nkey]
            if isinstance(value, Tensor):
                fitted = _fit(value, target.shape).expand(target.shape)
                target.copy_(fitted.flip(flips) if flips else fitted)
            else:
                target.fill_(value)
            return
        if negative:
            if not t.is_contiguous():
                raise MXNetError('assignment with a negative slice step needs a contiguous array')
            positions = _flat_positions(tuple(t.shape), nkey, t.device)
            flat = t.view(-1)
            if isinstance(value, Tensor):
                value = _fit(value, positions.shape).expand(positions.shape)
            flat[positions] = value
            return
        if isinstance(value, Tensor) and not advanced:
            target = t[nkey]
            target.copy_(_fit(value, target.shape))
        else:
            if isinstance(value, Tensor):
                value = _fit(value, t[nkey].shape)
            t[nkey] = value
    except IndexError as e:
        raise IndexError('index {} is out of bounds for an array of shape {}: {}'.format(
            key, tuple(t.shape), translate(str(e)))) from None
    except RuntimeError as e:
        # numpy (and MXNet) report a value that does not broadcast as ValueError
        raise ValueError('cannot assign a value of shape {} to index {} of an array of shape {}: {}'.format(
            tuple(value.shape) if isinstance(value, Tensor) else (), key, tuple(t.shape),
            translate(str(e)))) from None


def basic_slice_is_contiguous(key, shape):
    """Whether basic index `key` on a C-contiguous array of `shape` selects contiguous memory."""
    strides = []
    acc = 1
    for d in reversed(shape):
        strides.append(acc)
        acc *= d
    fake = np.lib.stride_tricks.as_strided(np.zeros(1, dtype=np.uint8), shape=shape,
                                           strides=tuple(reversed(strides)))
    return bool(fake[key].flags.c_contiguous)
