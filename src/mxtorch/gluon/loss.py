"""Losses (``mx.gluon.loss``).

A loss is a HybridBlock whose ``hybrid_forward(F, pred, label, ...)`` computes, with the operators of
`F`, one value per sample: the loss of each element, times the optional `sample_weight` (broadcast)
and the scalar `weight`, averaged over the sample's elements (all axes but `batch_axis`); the few
exceptions say so. The formulas are MXNet's, so that the gradients agree with MXNet's also where a
function has a kink (relu and abs at 0). Three internal operators (ndarray/ops/loss.py) do what every
loss needs: ``_loss_operand`` checks and shapes the label, ``_loss_reduce`` weights and averages, and
``_softmax_ce_loss`` is the whole softmax cross-entropy, the loss of nearly every classifier's training
step, in one fused kernel."""
import math

from .block import HybridBlock

__all__ = ['Loss', 'L2Loss', 'L1Loss', 'SigmoidBinaryCrossEntropyLoss', 'SigmoidBCELoss', 'SoftmaxCrossEntropyLoss',
           'SoftmaxCELoss', 'KLDivLoss', 'CTCLoss', 'HuberLoss', 'HingeLoss', 'SquaredHingeLoss', 'LogisticLoss',
           'TripletLoss', 'PoissonNLLLoss', 'CosineEmbeddingLoss', 'SDMLLoss']

_WEIGHT_AND_AXIS = """    weight : float or None
        Multiplies the loss; None for no scaling.
    batch_axis : int, default 0
        The axis that indexes the samples.
"""

_CALL = """
    Call it as ``loss(pred, label, sample_weight=None)``: label has as many elements as pred, and
    sample_weight broadcasts to pred's shape (for pred (64, 10), (64, 1) weighs each sample). The result
    has shape (batch_size,).
"""


def _doc(summary, before='', after='', call=_CALL):
    """A loss's docstring: the summary, its parameters (its own, weight and batch_axis, more of its own) and
    how it is called."""
    return summary + '\n\n    Parameters\n    ----------\n' + before + _WEIGHT_AND_AXIS + after + call


def _softplus_of_minus_abs(F, x):
    """``log(1 + exp(-|x|))``, which cannot overflow."""
    return F.Activation(-F.abs(x), act_type='softrelu')


def _logistic(F, x, z):
    """The binary cross-entropy of labels z with probabilities sigmoid(x), in the form that stays finite
    for any x: ``max(x, 0) - x * z + log(1 + exp(-|x|))``."""
    return F.relu(x) - x * z + _softplus_of_minus_abs(F, x)


class Loss(HybridBlock):
    """Base class of the losses: keeps the scalar `weight` and the `batch_axis`.

    Parameters
    ----------
    weight : float or None
        Multiplies the loss; None for no scaling.
    batch_axis : int, default 0
        The axis that indexes the samples.
    """

    def __init__(self, weight, batch_axis, **kwargs):
        super().__init__(**kwargs)
        self._weight = weight
        self._batch_axis = batch_axis

    def __repr__(self):
        return '%s(batch_axis=%s, w=%s)' % (type(self).__name__, self._batch_axis, self._weight)

    def hybrid_forward(self, F, x, *args, **kwargs):
        """The loss of the inputs: predictions `x`, then labels, sample weights, ... (in the subclasses)."""
        raise NotImplementedError

    def _operand(self, F, data, like, role='label', like_role='pred', mode='reshape'):
        """`data` checked against `like` and given its shape (see ``_internal._loss_operand``)."""
        return F._internal._loss_operand(data, like, loss=type(self).__name__, role=role, like_role=like_role,
                                         mode=mode)

    def _finish(self, F, loss, sample_weight=None, reduce='mean'):
        """`loss` weighted and reduced to one value per sample (see ``_internal._loss_reduce``)."""
        return F._internal._loss_reduce(loss, sample_weight, weight=self._weight, batch_axis=self._batch_axis,
                                        reduce=reduce, loss=type(self).__name__)


class L2Loss(Loss):
    __doc__ = _doc(r"""Half the squared error, averaged over each sample's elements:
    :math:`L = \frac{1}{2} \sum_i (label_i - pred_i)^2`.""")

    def __init__(self, weight=1., batch_axis=0, **kwargs):
        super().__init__(weight, batch_axis, **kwargs)

    def hybrid_forward(self, F, pred, label, sample_weight=None):
        error = self._operand(F, label, pred) - pred
        # the half goes into the scalar weight: one multiplication for both
        return F._internal._loss_reduce(F.square(error), sample_weight, weight=self._weight / 2,
                                        batch_axis=self._batch_axis, loss=type(self).__name__)


class L1Loss(Loss):
    __doc__ = _doc(r"""The absolute error, averaged over each sample's elements:
    :math:`L = \sum_i |label_i - pred_i|`.""")

    def __init__(self, weight=None, batch_axis=0, **kwargs):
        super().__init__(weight, batch_axis, **kwargs)

    def hybrid_forward(self, F, pred, label, sample_weight=None):
        return self._finish(F, F.abs(self._operand(F, label, pred) - pred), sample_weight)


class SigmoidBinaryCrossEntropyLoss(Loss):
    __doc__ = _doc(r"""The cross-entropy of binary labels (or probabilities) `label` with the probabilities
    :math:`p = sigmoid(pred)`, or pred itself with `from_sigmoid`:
    :math:`L = -\sum_i w_+ \, label_i \log p_i + (1 - label_i) \log(1 - p_i)`, :math:`w_+` being the
    optional `pos_weight` of the positive labels (above 1 favours recall, below 1 precision).

    From scores the loss is computed without forming sigmoid(pred), so that large scores lose no
    precision.""", before="""    from_sigmoid : bool, default False
        Whether pred holds probabilities (the output of a sigmoid) rather than scores.
""", call=_CALL.replace('sample_weight=None)``', 'sample_weight=None, pos_weight=None)``') + """
    pos_weight broadcasts to pred's shape as well: (1, 10) gives each class of pred (64, 10) its weight.
""")

    def __init__(self, from_sigmoid=False, weight=None, batch_axis=0, **kwargs):
        super().__init__(weight, batch_axis, **kwargs)
        self._from_sigmoid = from_sigmoid

    def hybrid_forward(self, F, pred, label, sample_weight=None, pos_weight=None):
        label = self._operand(F, label, pred)
        if pos_weight is not None:
            pos_weight = self._operand(F, pos_weight, pred, role='pos_weight', mode='broadcast')
        if self._from_sigmoid:
            eps = 1e-12
            log_not_p = F.log(1. - pred + eps) * (1. - label)
            log_p = F.log(pred + eps) * label
            if pos_weight is not None:
                log_p = F.broadcast_mul(log_p, pos_weight)
            loss = -(log_p + log_not_p)
        elif pos_weight is None:
            loss = _logistic(F, pred, label)
        else:
            # log(1 + exp(-x)) = log(1 + exp(-|x|)) + max(-x, 0), counted (1 + (pos_weight - 1) z) times
            scale = F.broadcast_mul(pos_weight - 1, label) + 1
            loss = pred - pred * label + scale * (_softplus_of_minus_abs(F, pred) + F.relu(-pred))
        return self._finish(F, loss, sample_weight)


SigmoidBCELoss = SigmoidBinaryCrossEntropyLoss


class SoftmaxCrossEntropyLoss(Loss):
    __doc__ = _doc(r"""The cross-entropy of the softmax of `pred` along `axis` with the labels (alias SoftmaxCELoss):
    :math:`L = -\sum_i \log softmax(pred)_{i, label_i}` for class indices, or
    :math:`L = -\sum_i \sum_j label_{ij} \log softmax(pred)_{ij}` for distributions.

    With `sparse_label` the label holds class indices, shaped like pred without `axis` (or with it as size
    1); they are truncated to integers and clipped to the classes. Otherwise it holds probabilities of
    pred's shape. sample_weight broadcasts to pred's shape with `axis` of size 1.""", before="""    axis : int, default -1
        The axis of the classes.
    sparse_label : bool, default True
        Whether the label holds class indices rather than distributions.
    from_logits : bool, default False
        Whether pred holds log-probabilities already (the output of log_softmax): no softmax is taken.
""", call='')

    def __init__(self, axis=-1, sparse_label=True, from_logits=False, weight=None, batch_axis=0, **kwargs):
        super().__init__(weight, batch_axis, **kwargs)
        self._axis, self._sparse_label, self._from_logits = axis, sparse_label, from_logits

    def hybrid_forward(self, F, pred, label, sample_weight=None):
        return F._internal._softmax_ce_loss(pred, label, sample_weight, axis=self._axis,
                                            sparse_label=self._sparse_label, from_logits=self._from_logits,
                                            weight=self._weight, batch_axis=self._batch_axis)


SoftmaxCELoss = SoftmaxCrossEntropyLoss


class KLDivLoss(Loss):
    __doc__ = _doc(r"""The Kullback-Leibler divergence of the prediction from the label distribution, summed over each
    sample's elements: :math:`L = \sum_i label_i (\log(label_i + 10^{-12}) - \log q_i)`, where
    :math:`\log q` is pred itself (`from_logits`) or ``log_softmax(pred, axis)``. The label broadcasts to
    pred's shape.""", before="""    from_logits : bool, default True
        Whether pred holds log-probabilities already.
    axis : int, default -1
        The axis of the softmax when from_logits is False.
""")

    def __init__(self, from_logits=True, axis=-1, weight=None, batch_axis=0, **kwargs):
        super().__init__(weight, batch_axis, **kwargs)
        self._from_logits = from_logits
        self._axis = axis

    def hybrid_forward(self, F, pred, label, sample_weight=None):
        label = self._operand(F, label, pred, mode='broadcast')
        log_q = pred if self._from_logits else F.log_softmax(pred, self._axis)
        return self._finish(F, label * (F.log(label + 1e-12) - log_q), sample_weight, reduce='sum')


class CTCLoss(Loss):
    r"""Connectionist temporal classification (Graves et al., 2006): the negative log-likelihood of each label
    sequence given per-step class scores, over every alignment of the labels with the steps.

    Call it as ``loss(pred, label, pred_lengths=None, label_lengths=None, sample_weight=None)``:

    - pred: unnormalized scores (a softmax is taken inside), (batch, steps, alphabet) in layout 'NTC' or
      (steps, batch, alphabet) in 'TNC'. The last class, alphabet - 1, is the blank.
    - label: class indices from 0, (batch, length) in label_layout 'NT' or (length, batch) in 'TN';
      shorter sequences are padded with -1.
    - pred_lengths, label_lengths: the valid steps and label lengths of each sequence, shape (batch,);
      by default all steps, and the labels up to their first -1.
    - sample_weight: broadcast to (batch,).

    The result has shape (batch,). For instance the sequences 'xy' and 'yyxy' over the alphabet
    {x: 0, y: 1, blank: 2} are the label ``[[0, 1, -1, -1], [1, 1, 0, 1]]``.

    Parameters
    ----------
    layout : str, default 'NTC'
        Order of pred's axes: 'NTC' or 'TNC'.
    label_layout : str, default 'NT'
        Order of the label's axes: 'NT' or 'TN'.
    weight : float or None
        Multiplies the loss; None for no scaling.
    """

    def __init__(self, layout='NTC', label_layout='NT', weight=None, **kwargs):
        if layout not in ('NTC', 'TNC'):
            raise AssertionError("Only 'NTC' and 'TNC' layouts for pred are supported. Got: %s" % layout)
        if label_layout not in ('NT', 'TN'):
            raise AssertionError("Only 'NT' and 'TN' layouts for label are supported. Got: %s" % label_layout)
        self._layout = layout
        self._label_layout = label_layout
        super().__init__(weight, label_layout.find('N'), **kwargs)

    def hybrid_forward(self, F, pred, label, pred_lengths=None, label_lengths=None, sample_weight=None):
        # the operator takes steps first and batch first
        steps_first = pred if self._layout == 'TNC' else F.swapaxes(pred, 0, 1)
        batch_first = label if self._batch_axis == 0 else F.swapaxes(label, 0, 1)
        loss = F.CTCLoss(steps_first, batch_first, pred_lengths, label_lengths,
                         use_data_lengths=pred_lengths is not None, use_label_lengths=label_lengths is not None,
                         blank_label='last')
        return self._finish(F, loss, sample_weight, reduce='none')


class HuberLoss(Loss):
    __doc__ = _doc(r"""The smooth L1 loss, averaged over each sample's elements: for the error
    :math:`e_i = |label_i - pred_i|`, :math:`e_i^2 / (2 \rho)` where :math:`e_i < \rho` and
    :math:`e_i - \rho / 2` elsewhere.""", before="""    rho : float, default 1
        Where the loss turns from quadratic to linear.
""")

    def __init__(self, rho=1, weight=None, batch_axis=0, **kwargs):
        super().__init__(weight, batch_axis, **kwargs)
        self._rho = rho

    def hybrid_forward(self, F, pred, label, sample_weight=None):
        rho = self._rho
        error = F.abs(self._operand(F, label, pred) - pred)
        loss = F.where(error > rho, error - 0.5 * rho, F.square(error) * (0.5 / rho))
        return self._finish(F, loss, sample_weight)


_MARGIN = """    margin : float, default 1
        The margin by which pred must have the label's sign to cost nothing.
"""


class HingeLoss(Loss):
    __doc__ = _doc(r"""The hinge loss of SVMs for labels -1 and 1, averaged over each sample's elements:
    :math:`L = \sum_i \max(0, margin - pred_i \cdot label_i)`.""", before=_MARGIN)

    def __init__(self, margin=1, weight=None, batch_axis=0, **kwargs):
        super().__init__(weight, batch_axis, **kwargs)
        self._margin = margin

    def hybrid_forward(self, F, pred, label, sample_weight=None):
        short = F.relu(self._margin - pred * self._operand(F, label, pred))
        return self._finish(F, short, sample_weight)


class SquaredHingeLoss(Loss):
    __doc__ = _doc(r"""The squared hinge loss for labels -1 and 1, averaged over each sample's elements:
    :math:`L = \sum_i \max(0, margin - pred_i \cdot label_i)^2`.""", before=_MARGIN)

    def __init__(self, margin=1, weight=None, batch_axis=0, **kwargs):
        super().__init__(weight, batch_axis, **kwargs)
        self._margin = margin

    def hybrid_forward(self, F, pred, label, sample_weight=None):
        short = F.relu(self._margin - pred * self._operand(F, label, pred))
        return self._finish(F, F.square(short), sample_weight)


class LogisticLoss(Loss):
    __doc__ = _doc(r"""The logistic loss, averaged over each sample's elements:
    :math:`L = \sum_i \log(1 + \exp(-pred_i \cdot label_i))` for labels -1 and 1 ('signed'), or the same
    with labels 0 and 1 ('binary'); computed in the stable form of :class:`SigmoidBinaryCrossEntropyLoss`.""",
                   after="""    label_format : str, default 'signed'
        'signed' for labels -1 and 1, 'binary' for 0 and 1.
""")

    def __init__(self, weight=None, batch_axis=0, label_format='signed', **kwargs):
        super().__init__(weight, batch_axis, **kwargs)
        if label_format not in ('signed', 'binary'):
            raise ValueError('label_format can only be signed or binary, received %s.' % label_format)
        self._label_format = label_format

    def hybrid_forward(self, F, pred, label, sample_weight=None):
        label = self._operand(F, label, pred)
        if self._label_format == 'signed':
            label = (label + 1.0) / 2.0   # -1 / 1 as 0 / 1
        return self._finish(F, _logistic(F, pred, label), sample_weight)


class TripletLoss(Loss):
    r"""The triplet loss: by how much the squared distance from pred (the anchor) to `positive` exceeds its
    distance to `negative` less `margin`, :math:`L = \max(\|positive - pred\|^2 - \|negative - pred\|^2 +
    margin, 0)` per sample (the distances summed over the sample's elements).

    Call it as ``loss(pred, positive, negative)``; positive and negative have as many elements as pred.
    The result has shape (batch_size,).

    Parameters
    ----------
    margin : float, default 1
        How much nearer than the negative the positive must be to cost nothing.
    weight : float or None
        Multiplies the loss; None for no scaling.
    batch_axis : int, default 0
        The axis that indexes the samples.
    """

    def __init__(self, margin=1, weight=None, batch_axis=0, **kwargs):
        super().__init__(weight, batch_axis, **kwargs)
        self._margin = margin

    def hybrid_forward(self, F, pred, positive, negative):
        near = F.square(self._operand(F, positive, pred, role='positive') - pred)
        far = F.square(self._operand(F, negative, pred, role='negative') - pred)
        gap = F._internal._loss_reduce(near - far, batch_axis=self._batch_axis, reduce='sum',
                                       loss=type(self).__name__)
        return self._finish(F, F.relu(gap + self._margin), reduce='none')


class PoissonNLLLoss(Loss):
    r"""The negative log-likelihood of the counts `target` under Poisson distributions of the predicted
    means, averaged over all elements (one value of shape (1,), not one per sample):
    :math:`L = pred - target \log(pred) + \log(target!)`.

    Call it as ``loss(pred, target, sample_weight=None, epsilon=1e-08)``; target has as many elements as
    pred. epsilon is added to pred inside the log when from_logits is False (an argument of the call, as
    in MXNet).

    Parameters
    ----------
    from_logits : bool, default True
        Whether pred is the log of the mean; the loss is then :math:`\exp(pred) - target \cdot pred`.
    weight : float or None
        Multiplies the loss; None for no scaling.
    batch_axis : int, default 0
        The axis that indexes the samples.
    compute_full : bool, default False
        Add Stirling's approximation of :math:`\log(target!)`,
        :math:`target \log(target) - target + \frac{1}{2} \log(2 \pi \, target)`, for targets above 1
        (as in MXNet a target of 0 then makes the loss nan).
    """

    def __init__(self, weight=None, from_logits=True, batch_axis=0, compute_full=False, **kwargs):
        super().__init__(weight, batch_axis, **kwargs)
        self._from_logits = from_logits
        self._compute_full = compute_full

    def hybrid_forward(self, F, pred, target, sample_weight=None, epsilon=1e-08):
        target = self._operand(F, target, pred, role='target')
        # mean - target * log(mean), the mean given as its log or as itself
        if self._from_logits:
            mean, log_mean = F.exp(pred), pred
        else:
            mean, log_mean = pred, F.log(pred + epsilon)
        loss = mean - target * log_mean
        if self._compute_full:
            stirling = target * F.log(target) - target + 0.5 * F.log(2 * target * math.pi)
            loss = loss + stirling * (target > 1)
        return self._finish(F, loss, sample_weight, reduce='all')


class CosineEmbeddingLoss(Loss):
    r"""A loss on the cosine similarity of pairs of vectors (along the last axis): pairs labelled 1 are
    pulled together, :math:`1 - \cos(input1_i, input2_i)`; pairs labelled -1 are pushed apart until their
    similarity is at most `margin`, :math:`\max(0, \cos(input1_i, input2_i) - margin)`.

    Call it as ``loss(input1, input2, label, sample_weight=None)``: input1 has as many elements as input2,
    label holds one 1 or -1 per pair, and sample_weight broadcasts to the result's shape, (batch_size, 1)
    (nothing is averaged).

    Parameters
    ----------
    weight : float or None
        Multiplies the loss; None for no scaling.
    batch_axis : int, default 0
        The axis that indexes the samples.
    margin : float, default 0
        The similarity below which pairs labelled -1 cost nothing.
    """

    def __init__(self, weight=None, batch_axis=0, margin=0, **kwargs):
        super().__init__(weight, batch_axis, **kwargs)
        self._margin = margin

    def hybrid_forward(self, F, input1, input2, label, sample_weight=None):
        input1 = self._operand(F, input1, input2, role='input1', like_role='input2')
        label = F.reshape(label, (-1, 1))
        cosine = self._cosine_similarity(F, input1, input2)
        # relu: MXNet's maximum with 0 gives ties the gradient of the 0
        loss = (1 - cosine) * (label == 1) + F.relu((label == -1) * (cosine - self._margin))
        return self._finish(F, loss, sample_weight, reduce='none')

    def _cosine_similarity(self, F, x, y, axis=-1):
        """The cosine similarity of x and y along `axis`, as a column; the product of the norms is taken
        as at least 1e-12."""
        def column(v):
            return F.reshape(v, (-1, 1))
        lengths = column(F.norm(x, axis=axis)) * column(F.norm(y, axis=axis))
        return column(F.sum(x * y, axis=axis)) / F.maximum(lengths, 1e-12)


class SDMLLoss(Loss):
    r"""The batchwise smoothed deep metric learning loss (Bonadiman, Kumar and Mittal, 2019,
    https://arxiv.org/abs/1905.12786) of two aligned batches of vectors, (batch_size, vector_dim) each:
    x1[i] and x2[i] are a positive pair, and the other rows of the batch are negatives.

    Each row's negative squared distances to all rows of x2 become log-probabilities (log_softmax), and
    the row's loss is their KL divergence from a smoothed identity: 1 - `smoothing_parameter` for the
    positive, the rest shared evenly by the negatives. The rows of a batch should be unrelated. Call it as
    ``loss(x1, x2)``; the result has shape (batch_size,).

    Parameters
    ----------
    smoothing_parameter : float, default 0.3
        The probability given to the negatives of each row together; less than 1.
    weight : float or None
        Kept but not applied, as in MXNet.
    batch_axis : int, default 0
        The axis that indexes the samples.
    """

    def __init__(self, smoothing_parameter=0.3, weight=1., batch_axis=0, **kwargs):
        super().__init__(weight, batch_axis, **kwargs)
        self.kl_loss = KLDivLoss(from_logits=True)
        self.smoothing_parameter = smoothing_parameter

    def _compute_distances(self, F, x1, x2):
        """The squared euclidean distance between every row of x1 and every row of x2: (batch, batch)."""
        return F.sum(F.square(F.broadcast_sub(F.expand_dims(x1, 1), F.expand_dims(x2, 0))), axis=2)

    def _compute_labels(self, F, like):
        """The smoothed identity of `like`'s (square) shape and dtype: 1 - s on the diagonal, s / (batch - 1)
        elsewhere."""
        rows = F.contrib.arange_like(like, axis=0)
        diagonal = F.broadcast_equal(F.reshape(rows, (-1, 1)), F.reshape(rows, (1, -1)))
        others = 1 - diagonal
        s = self.smoothing_parameter
        return diagonal * (1 - s) + F.broadcast_div(others * s, F.sum(others, axis=1, keepdims=True))

    def hybrid_forward(self, F, x1, x2):
        x2 = self._operand(F, x2, x1, role='x2', like_role='x1', mode='pairs')
        log_p = F.log_softmax(-self._compute_distances(F, x1, x2), axis=1)
        return self.kl_loss(log_p, self._compute_labels(F, log_p))


# ---- the helpers of MXNet's loss module that losses written outside it import (GluonCV, GluonNLP) ------
from .. import ndarray  # noqa: E402
from ..base import numeric_types  # noqa: E402
from ..util import is_np_array  # noqa: E402


def _apply_weighting(F, loss, weight=None, sample_weight=None):
    """`loss` times `sample_weight` (broadcast; None: not at all) and then times the number `weight`."""
    if sample_weight is not None:
        loss = loss * sample_weight if is_np_array() else F.broadcast_mul(loss, sample_weight)
    if weight is not None:
        if not isinstance(weight, numeric_types):
            raise AssertionError('weight must be a number')
        loss = loss * weight
    return loss


def _reshape_like(F, x, y):
    """`x` in the shape of `y` (of its Symbol's shape when `F` is the symbol module)."""
    if F is ndarray:
        return x.reshape(y.shape)
    return (F.npx if is_np_array() else F).reshape_like(x, y)
