"""Sequence operators: SequenceMask, SequenceLast, SequenceReverse.

Data is laid out with the sequence (time) axis at `axis` (0: (time, batch, ...), 1: (batch, time, ...));
`sequence_length`, used only with ``use_sequence_length=True``, gives each batch entry's valid length
(any dtype, truncated to integers)."""
import torch

from ...base import MXNetError
from ..registry import register
from ._util import as_bool


def _shape(t):
    return tuple(t.shape)


def _lengths(op_name, data, sequence_length, use_sequence_length, axis, allowed=(0, 1)):
    """(time axis, batch axis, integer lengths or None)."""
    if axis not in allowed:
        raise MXNetError('{}: axis must be {}, got {}'.format(op_name, ' or '.join(map(str, allowed)), axis))
    if data.dim() < 2:
        raise MXNetError('{}: data must have at least 2 dimensions, got shape {}'.format(op_name, _shape(data)))
    batch_axis = 1 - axis
    if use_sequence_length is False or not as_bool(use_sequence_length):
        if sequence_length is not None:
            raise MXNetError('{}: sequence_length was given without use_sequence_length=True'.format(op_name))
        return axis, batch_axis, None
    if sequence_length is None:
        raise MXNetError('{}: use_sequence_length=True needs sequence_length'.format(op_name))
    if sequence_length.shape != (data.shape[batch_axis],):
        raise MXNetError('{}: sequence_length of shape {} must have shape ({},) for data of shape {}'.format(
            op_name, _shape(sequence_length), data.shape[batch_axis], _shape(data)))
    return axis, batch_axis, sequence_length.long()


def _broadcast_lengths(lengths, data, axis, batch_axis):
    """lengths shaped to broadcast against data (batch on batch_axis), and the time steps on axis."""
    shape = [1] * data.dim()
    shape[batch_axis] = -1
    steps_shape = [1] * data.dim()
    steps_shape[axis] = -1
    steps = torch.arange(data.shape[axis], device=data.device).reshape(steps_shape)
    return lengths.reshape(shape), steps


@register()
def SequenceMask(data, sequence_length=None, use_sequence_length=False, value=0.0, axis=0):
    """Sets the positions of each sequence beyond its length to `value` (a copy of the input when
    ``use_sequence_length`` is False)."""
    axis, batch_axis, lengths = _lengths('SequenceMask', data, sequence_length, use_sequence_length, axis)
    if lengths is None:
        return data.clone()
    lens, steps = _broadcast_lengths(lengths, data, axis, batch_axis)
    fill = torch.tensor(value, dtype=torch.float64).to(data.dtype).to(data.device)
    return torch.where(steps < lens, data, fill)


@register()
def SequenceLast(data, sequence_length=None, use_sequence_length=False, axis=0):
    """The last valid element of each sequence (the element at length - 1, or the last time step when
    ``use_sequence_length`` is False); the result drops the time axis. Lengths are clipped to
    [1, sequence length] (MXNet reads outside the array there)."""
    axis, batch_axis, lengths = _lengths('SequenceLast', data, sequence_length, use_sequence_length, axis)
    steps = data.shape[axis]
    if lengths is None:
        return data.select(axis, steps - 1).clone()
    last = (lengths - 1).clamp(0, steps - 1)
    shape = [1] * data.dim()
    shape[batch_axis] = -1
    index_shape = list(data.shape)
    index_shape[axis] = 1
    index = last.reshape(shape).expand(index_shape)
    return torch.gather(data, axis, index).squeeze(axis)


@register()
def SequenceReverse(data, sequence_length=None, use_sequence_length=False, axis=0):
    """Reverses the valid part of each sequence along the time axis (axis 0), leaving the positions
    beyond its length in place (the whole axis is reversed when ``use_sequence_length`` is False)."""
    axis, batch_axis, lengths = _lengths('SequenceReverse', data, sequence_length, use_sequence_length, axis,
                                         allowed=(0,))
    if lengths is None:
        return data.flip(axis)
    steps = data.shape[axis]
    lens, t = _broadcast_lengths(lengths.clamp(0, steps), data, axis, batch_axis)
    # position t takes the element at length - 1 - t while t < length, else stays
    source = torch.where(t < lens, lens - 1 - t, t)
    return torch.gather(data, axis, source.expand(data.shape))
