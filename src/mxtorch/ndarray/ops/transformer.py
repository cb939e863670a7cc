"""The attention kernels of ``mx.nd.contrib`` (GluonNLP's fused multi-head attention): div_sqrt_dim and
the interleaved_matmul_* products, which read queries, keys and values from one projection laid out as
(seq_length, batch, heads * parts * head_dim) and give attention scores (batch * heads, L_q, L_k) or
attended values (seq_length, batch, heads * head_dim). Each is a view, a scale and one batched matmul."""
import math

import torch

from ...base import MXNetError
from ..registry import register


def _shape(t):
    return tuple(t.shape)


def _heads(heads, op_name):
    if heads is None:
        raise MXNetError("{}: required parameter 'heads' is missing".format(op_name))
    heads = int(heads)
    if heads <= 0:
        raise MXNetError('{}: heads must be positive, got {}'.format(op_name, heads))
    return heads


def _part(projection, heads, parts, index, op_name, what):
    """Part `index` of `parts` interleaved per head in `projection` (L, B, heads * parts * D), as
    (B * heads, L, D)."""
    if projection.dim() != 3:
        raise MXNetError('{}: {} should be 3D in seq_length-batch-proj_dim, got shape {}'.format(
            op_name, what, _shape(projection)))
    length, batch, width = projection.shape
    if width % (heads * parts):
        raise MXNetError('{}: the last dimension of {} ({}) must be a multiple of heads * {} = {}'.format(
            op_name, what, width, parts, heads * parts))
    per_head = projection.reshape(length, batch, heads, parts, -1)[:, :, :, index]
    return per_head.permute(1, 2, 0, 3).reshape(batch * heads, length, -1)


def _merge(values, heads):
    """(B * heads, L, D) back to (L, B, heads * D)."""
    bh, length, dim = values.shape
    return values.reshape(bh // heads, heads, length, dim).permute(2, 0, 1, 3).reshape(length, bh // heads, -1)


def _check_attention(attention, batch_heads, lq, lk, op_name):
    if attention.dim() != 3 or tuple(attention.shape) != (batch_heads, lq, lk):
        raise MXNetError('{}: attention should be 3D (batch * heads, {}, {}) = {}, got shape {}'.format(
            op_name, lq, lk, (batch_heads, lq, lk), _shape(attention)))


@register(namespace='contrib')
def div_sqrt_dim(data):
    """`data` divided by the square root of its last dimension."""
    return data / math.sqrt(data.shape[-1])


@register(namespace='contrib')
def interleaved_matmul_selfatt_qk(queries_keys_values, heads=None):
    """Self-attention scores: queries times keys (each head's, over sqrt(head_dim)) from the interleaved
    projection (L, B, heads * 3 * D). Returns (B * heads, L, L)."""
    op = 'interleaved_matmul_selfatt_qk'
    h = _heads(heads, op)
    q = _part(queries_keys_values, h, 3, 0, op, 'queries_keys_values')
    k = _part(queries_keys_values, h, 3, 1, op, 'queries_keys_values')
    return torch.bmm(q / math.sqrt(q.shape[-1]), k.transpose(1, 2))


@register(namespace='contrib')
def interleaved_matmul_selfatt_valatt(queries_keys_values, attention, heads=None):
    """Self-attention output: `attention` (B * heads, L, L) applied to the values of the interleaved
    projection (L, B, heads * 3 * D). Returns (L, B, heads * D)."""
    op = 'interleaved_matmul_selfatt_valatt'
    h = _heads(heads, op)
    v = _part(queries_keys_values, h, 3, 2, op, 'queries_keys_values')
    _check_attention(attention, v.shape[0], v.shape[1], v.shape[1], op)
    return _merge(torch.bmm(attention, v), h)


@register(namespace='contrib')
def interleaved_matmul_encdec_qk(queries, keys_values, heads=None):
    """Encoder-decoder attention scores: `queries` (L_q, B, heads * D) times the keys of the interleaved
    projection `keys_values` (L_k, B, heads * 2 * D), over sqrt(D). Returns (B * heads, L_q, L_k)."""
    op = 'interleaved_matmul_encdec_qk'
    h = _heads(heads, op)
    q = _part(queries, h, 1, 0, op, 'queries')
    k = _part(keys_values, h, 2, 0, op, 'keys_values')
    if k.shape[0] != q.shape[0] or k.shape[2] != q.shape[2]:
        raise MXNetError('{}: queries {} and keys_values {} must have the same batch size and head size'.format(
            op, _shape(queries), _shape(keys_values)))
    return torch.bmm(q / math.sqrt(q.shape[-1]), k.transpose(1, 2))


@register(namespace='contrib')
def interleaved_matmul_encdec_valatt(keys_values, attention, heads=None):
    """Encoder-decoder attention output: `attention` (B * heads, L_q, L_k) applied to the values of the
    interleaved projection `keys_values` (L_k, B, heads * 2 * D). Returns (L_q, B, heads * D)."""
    op = 'interleaved_matmul_encdec_valatt'
    h = _heads(heads, op)
    v = _part(keys_values, h, 2, 1, op, 'keys_values')
    if attention.dim() != 3:
        raise MXNetError('{}: attention should be 3D (batch * heads, L_q, L_k), got shape {}'.format(
            op, _shape(attention)))
    _check_attention(attention, v.shape[0], attention.shape[1], v.shape[1], op)
    return _merge(torch.bmm(attention, v), h)
