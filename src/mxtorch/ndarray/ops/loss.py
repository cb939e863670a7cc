"""The operators gluon.loss is written with, besides the element-wise ones (``mx.nd._internal``; MXNet has
no operators of these names):

- ``_loss_operand`` checks a loss's second input (label, target, ...) against its prediction and gives it
  the prediction's shape;
- ``_loss_reduce`` ends every loss: sample weights, the scalar weight, and the mean or sum over each
  sample's elements;
- ``_softmax_ce_loss`` is SoftmaxCrossEntropyLoss in one operator. It ends almost every classification
  training step, so it runs as one fused torch kernel (log_softmax and pick together) plus the reduction,
  as few calls as the formula needs.

The errors name the loss (the `loss` argument) and the input at fault, as the losses have always
reported them."""
import torch
import torch.nn.functional as F

from ...base import MXNetError, TORCH_TO_NAME, numeric_types
from .._errors import translate
from ..registry import register
from .nn import onednn_softmax_path, saturate_nonfinite_rows, saturating_log_softmax

_cross_entropy = torch._C._nn.cross_entropy_loss

Tensor = torch.Tensor


def _dtype(t):
    return TORCH_TO_NAME.get(t.dtype, str(t.dtype))


def _array(loss, role, x):
    # MXNet's operators refuse other inputs with an AssertionError; this one names the loss's input
    if not isinstance(x, Tensor):
        raise AssertionError('{}: {} must be an NDArray, got {}'.format(loss, role, type(x).__name__))


def _same_dtype(loss, role, x, like_role, like):
    # the element-wise operators refuse arrays of two dtypes: say so before they do, naming the inputs
    if x.dtype != like.dtype:
        raise MXNetError('{}: {} has dtype {} but {} has dtype {}; cast one of them (astype)'.format(
            loss, role, _dtype(x), like_role, _dtype(like)))


@register(name='_loss_operand', namespace='_internal')
def loss_operand(data, like, loss='loss', role='label', like_role='pred', mode='reshape'):
    """`data`, an input of a loss (its label, target, ...), checked against `like` (usually the
    prediction): both arrays of the same dtype, and

    - mode 'reshape': as many elements as `like`, and given its shape (MXNet's reshape_like);
    - mode 'broadcast': any shape (the loss broadcasts it);
    - mode 'pairs': both of the same shape (batch_size, vector_dim).

    The result can be a view of `data`: the losses only read it.
    """
    _array(loss, like_role, like)
    _array(loss, role, data)
    _same_dtype(loss, role, data, like_role, like)
    if mode == 'pairs':
        if like.dim() != 2:
            raise MXNetError('{}: {} and {} must be (batch_size, vector_dim), got shape {}'.format(
                loss, like_role, role, tuple(like.shape)))
        if data.shape != like.shape:
            raise AssertionError('{}: {} of shape {} and {} of shape {} must have the same shape'.format(
                loss, like_role, tuple(like.shape), role, tuple(data.shape)))
        return data
    if mode == 'broadcast' or data.shape == like.shape:
        return data
    if data.numel() != like.numel():
        raise ValueError('{}: cannot reshape {} of shape {} (size {}) into the shape {} of {}'.format(
            loss, role, tuple(data.shape), data.numel(), tuple(like.shape), like_role))
    return data.reshape(like.shape)


def _other_axes(loss, data, batch_axis):
    n = data.dim()
    if not -n <= batch_axis < n:
        raise MXNetError('{}: batch_axis {} is out of range for a loss of shape {}'.format(
            loss, batch_axis, tuple(data.shape)))
    keep = batch_axis % n
    return [a for a in range(n) if a != keep]


def _reduce(loss, data, batch_axis, reduce):
    if reduce == 'all':
        return data.mean().reshape(1)
    if reduce == 'none' or data.dim() <= 1:
        return data
    axes = _other_axes(loss, data, batch_axis)
    if reduce == 'sum':
        return data.sum(axes)
    if all(data.shape[a] == 1 for a in axes):
        # the mean of one element is that element: a view, no reduction (e.g. (N, 1) -> (N,))
        return data.reshape(data.shape[batch_axis])
    return data.mean(axes)


def _scale(data, weight):
    if weight is None:
        return data
    if not isinstance(weight, numeric_types) or isinstance(weight, bool):
        raise AssertionError('weight must be a number')
    return data * weight


@register(name='_loss_reduce', namespace='_internal')
def loss_reduce(data, sample_weight=None, weight=None, batch_axis=0, reduce='mean', loss='loss'):
    """The last step of a loss: `data` (the loss of each element) times `sample_weight` (broadcast) and the
    number `weight`, then

    - reduce 'mean' / 'sum': averaged / summed over all axes but `batch_axis` (one value per sample);
    - 'all': averaged over everything (shape (1,));
    - 'none': left as it is.

    Without sample weights the scalar weight multiplies the reduced values instead of every element: the
    same numbers up to rounding, one pass over the loss fewer.
    """
    if sample_weight is None:
        return _scale(_reduce(loss, data, batch_axis, reduce), weight)
    _array(loss, 'sample_weight', sample_weight)
    _same_dtype(loss, 'sample_weight', sample_weight, 'the loss', data)
    try:
        weighted = data * sample_weight
    except RuntimeError as e:
        raise MXNetError('{}: sample_weight of shape {} does not broadcast to the loss of shape {}: {}'.format(
            loss, tuple(sample_weight.shape), tuple(data.shape), translate(str(e)))) from None
    return _reduce(loss, _scale(weighted, weight), batch_axis, reduce)


_SOFTMAX_CE = 'SoftmaxCrossEntropyLoss'


def _class_indices(label, pred, axis):
    """The class of each position, as pick reads a label in its default 'clip' mode: of pred's shape
    without `axis` (or with it as size 1), truncated to integers, clipped to the classes."""
    shape = pred.shape
    want = shape[:axis] + shape[axis + 1:]
    if label.shape != want:
        if label.dim() == len(shape) and label.shape[axis] == 1 and label.shape[:axis] + label.shape[axis + 1:] == want:
            label = label.squeeze(axis)
        else:
            raise MXNetError('{}: label of shape {} does not fit pred of shape {} with the classes on axis {}: it '
                             'must have shape {} (or {} with axis {} of size 1)'.format(
                                 _SOFTMAX_CE, tuple(label.shape), tuple(shape), axis, tuple(want), len(shape), axis))
    if label.dtype == torch.int64:
        return label.clamp(0, shape[axis] - 1)
    return label.to(torch.int64).clamp_(0, shape[axis] - 1)   # (a new tensor: clipped in place)


@register(name='_softmax_ce_loss', namespace='_internal')
def softmax_ce_loss(pred, label, sample_weight=None, axis=-1, sparse_label=True, from_logits=False, weight=None,
                    batch_axis=0):
    """SoftmaxCrossEntropyLoss's value for each sample: ``-pick(log_softmax(pred, axis), label)`` for class
    indices (`sparse_label`), ``-sum(label * log_softmax(pred, axis), axis)`` for distributions
    (`from_logits`: pred already holds log-probabilities), then weighted and averaged as
    ``_loss_reduce`` does."""
    _array(_SOFTMAX_CE, 'pred', pred)
    _array(_SOFTMAX_CE, 'label', label)
    n = pred.dim()
    if not -n <= axis < n:
        raise MXNetError('{}: axis {} is out of range for pred of shape {}'.format(_SOFTMAX_CE, axis, tuple(pred.shape)))
    axis %= n
    if not pred.is_floating_point():
        raise MXNetError('{}: pred must be a floating point array, not {}'.format(_SOFTMAX_CE, _dtype(pred)))
    # MXNet's log_softmax here saturates rows holding +inf or NaN (ops/nn.py says when); torch's loss is NaN
    # for exactly those rows, and its maximum (NaN wins) tells whether to take the saturating log_softmax
    saturating = not from_logits and onednn_softmax_path(pred, axis)
    if sparse_label:
        index = _class_indices(label, pred, axis)
        # torch's losses want the classes on axis 1
        scores = pred if axis == 1 or n == 1 else pred.movedim(axis, 1)
        if from_logits:
            picked = F.nll_loss(scores, index, reduction='none')
        else:
            # F.cross_entropy's kernel without its Python wrapper (reduction 0: none, ignore_index -100:
            # unreachable, the index being clipped to the classes)
            picked = _cross_entropy(scores, index, None, 0, -100, 0.0)
        if saturating and picked.numel():
            top = picked.max().item()
            if top != top:
                log_p = saturating_log_softmax(pred, axis)
                picked = -log_p.gather(axis, index.unsqueeze(axis)).squeeze(axis)
        if sample_weight is None and picked.dim() == 1 and -n <= batch_axis < n and batch_axis % n != axis:
            # one value per sample already: the mean over the class axis of size 1 that loss_reduce would
            # take is the value itself
            return _scale(picked, weight)
        per_position = picked.unsqueeze(axis)
    else:
        log_p = pred if from_logits else torch.log_softmax(pred, axis)
        if saturating:
            log_p = saturate_nonfinite_rows(log_p, pred, axis, True)
        per_position = -(log_p * loss_operand(label, pred, _SOFTMAX_CE)).sum(axis, keepdim=True)
    return loss_reduce(per_position, sample_weight, weight, batch_axis, 'mean', _SOFTMAX_CE)
