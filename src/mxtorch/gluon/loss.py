"""Losses for training neural networks (``mx.gluon.loss``).

Every loss is a HybridBlock whose output has one value per sample: the element-wise loss, times the
optional `sample_weight` (broadcast) and the scalar `weight`, averaged over all axes but `batch_axis`
(exceptions say so). The built-in losses run on the tensors directly: a loss is the last step of every
training iteration, so it is computed with as few kernels as the formula needs (the sparse softmax
cross-entropy is torch's fused cross_entropy, i.e. log_softmax and pick in one) and no per-operator
wrapping. Otherwise the formulas are MXNet's, term by term, so the gradients agree with MXNet's also where
a function is not differentiable (relu and abs at 0)."""
import functools
import math

import torch
import torch.nn.functional as _F

from ..base import MXNetError, numeric_types, TORCH_TO_NAME
from ..ndarray.ndarray import NDArray, _wrap_like
from ..ndarray.ops.nn import CTCLoss as _ctc_loss
from .block import HybridBlock

__all__ = ['Loss', 'L2Loss', 'L1Loss',
           'SigmoidBinaryCrossEntropyLoss', 'SigmoidBCELoss',
           'SoftmaxCrossEntropyLoss', 'SoftmaxCELoss',
           'KLDivLoss', 'CTCLoss', 'HuberLoss', 'HingeLoss',
           'SquaredHingeLoss', 'LogisticLoss', 'TripletLoss', 'PoissonNLLLoss', 'CosineEmbeddingLoss', 'SDMLLoss']


# ---- helpers over tensors ----------------------------------------------------------------------------------
def _torch_errors(hybrid_forward):
    """torch's RuntimeError (incompatible shapes, ...) as MXNetError naming the loss, as MXNet's operators
    raise it."""
    @functools.wraps(hybrid_forward)
    def checked(self, *args, **kwargs):
        try:
            return hybrid_forward(self, *args, **kwargs)
        except (RuntimeError, IndexError) as e:  # IndexError: an axis out of range
            raise MXNetError('{}: {}'.format(self.__class__.__name__, e)) from None
    return checked


def _tensor(loss, what, x):
    """The tensor of an NDArray input; a TypeError naming the input otherwise."""
    if isinstance(x, NDArray):
        return x._t
    raise TypeError('{}: {} must be an NDArray, got {}'.format(loss.__class__.__name__, what, type(x).__name__))


def _dtype_name(t):
    return TORCH_TO_NAME.get(t.dtype, str(t.dtype))


def _same_dtype(loss, what, t, pred):
    """MXNet's element-wise operators refuse arrays of different dtypes: so do the losses."""
    if t.dtype != pred.dtype:
        raise MXNetError('{}: {} has dtype {} but pred has dtype {}; cast one of them (astype)'.format(
            loss.__class__.__name__, what, _dtype_name(t), _dtype_name(pred)))


def _reshape_like(loss, what, x, pred):
    """x (label, target, ...) reshaped to pred's shape; the sizes must agree. Same dtype as pred."""
    if x.dtype != pred.dtype:
        _same_dtype(loss, what, x, pred)
    if x.shape == pred.shape:
        return x
    if x.numel() != pred.numel():
        raise ValueError('{}: cannot reshape {} of shape {} (size {}) into the shape {} of pred'.format(
            loss.__class__.__name__, what, tuple(x.shape), x.numel(), tuple(pred.shape)))
    return x.reshape(pred.shape)


def _apply_weighting(loss, values, weight=None, sample_weight=None):
    """values * sample_weight (broadcast) * weight."""
    if sample_weight is not None:
        sw = _tensor(loss, 'sample_weight', sample_weight)
        if sw.dtype != values.dtype:
            _same_dtype(loss, 'sample_weight', sw, values)
        values = values * sw
    if weight is not None:
        if not isinstance(weight, numeric_types) or isinstance(weight, bool):
            raise AssertionError('weight must be a number')
        values = values * weight
    return values


def _other_axes(loss, values, batch_axis):
    """The axes of `values` other than batch_axis."""
    nd = values.dim()
    if not -nd <= batch_axis < nd:
        raise MXNetError('{}: batch_axis {} is out of range for a loss of shape {}'.format(
            loss.__class__.__name__, batch_axis, tuple(values.shape)))
    ax = batch_axis % nd
    return [i for i in range(nd) if i != ax]


def _batch_mean(loss, values, batch_axis):
    """The mean over all axes but batch_axis (MXNet's ``mean(axis=batch_axis, exclude=True)``)."""
    if values.dim() <= 1:
        return values
    axes = _other_axes(loss, values, batch_axis)
    # the mean of one element is that element: a view instead of a reduction (e.g. (N, 1) -> (N,))
    if all(values.shape[i] == 1 for i in axes):
        return values.reshape(values.shape[batch_axis])
    return values.mean(axes)


def _weighted_mean(loss, values, weight, sample_weight, batch_axis):
    """values weighted as MXNet does, then averaged over all axes but batch_axis. A scalar weight without
    sample weights multiplies the mean rather than every element: the same values up to rounding, one
    pass over the loss fewer."""
    if sample_weight is not None:
        return _batch_mean(loss, _apply_weighting(loss, values, weight, sample_weight), batch_axis)
    mean = _batch_mean(loss, values, batch_axis)
    return mean if weight is None else _apply_weighting(loss, mean, weight)


def _batch_sum(loss, values, batch_axis):
    """The sum over all axes but batch_axis (MXNet's ``sum(axis=batch_axis, exclude=True)``)."""
    if values.dim() <= 1:
        return values
    return values.sum(_other_axes(loss, values, batch_axis))


def _check_axis(loss, axis, data):
    """axis as a non-negative index of data's axes; MXNetError when out of range."""
    nd = data.dim()
    if not -nd <= axis < nd:
        raise MXNetError('{}: axis {} is out of range for pred of shape {}'.format(
            loss.__class__.__name__, axis, tuple(data.shape)))
    return axis % nd


def _class_indices(loss, label, data, ax):
    """The class indices of `label` for data with the classes on axis `ax`: of data's shape without that
    axis (a label with it kept as size 1 is accepted), truncated to integers and clipped to the classes,
    as MXNet's ``pick`` in its default 'clip' mode reads them."""
    shape = data.shape
    want = shape[:ax] + shape[ax + 1:]
    if label.shape != want:
        if label.dim() == len(shape) and label.shape[ax] == 1 and label.shape[:ax] + label.shape[ax + 1:] == want:
            label = label.squeeze(ax)
        else:
            raise MXNetError('{}: label of shape {} does not fit pred of shape {} with the classes on axis {}: '
                             'it must have shape {} (or {} with axis {} of size 1)'.format(
                                 loss.__class__.__name__, tuple(label.shape), tuple(shape), ax, tuple(want),
                                 len(shape), ax))
    idx = label if label.dtype == torch.int64 else label.to(torch.int64)
    return idx.clamp(0, shape[ax] - 1)


def _softrelu_of_minus_abs(x):
    """log(1 + exp(-|x|)), MXNet's softrelu of -|x| (exact: its argument is never above 0)."""
    return _F.softplus(-x.abs())


# ---- losses ------------------------------------------------------------------------------------------------
class Loss(HybridBlock):
    """Base class of the losses: a HybridBlock that keeps a scalar `weight` and the `batch_axis`.

    Parameters
    ----------
    weight : float or None
        A number multiplying the loss (None: no scaling).
    batch_axis : int, default 0
        The axis of the samples.
    """

    def __init__(self, weight, batch_axis, **kwargs):
        super().__init__(**kwargs)
        self._weight = weight
        self._batch_axis = batch_axis

    def __repr__(self):
        return '{name}(batch_axis={batch_axis}, w={weight})'.format(
            name=self.__class__.__name__, batch_axis=self._batch_axis, weight=self._weight)

    def hybrid_forward(self, F, x, *args, **kwargs):
        """Computes the loss; subclasses override it.

        Parameters
        ----------
        x : NDArray
            The first input (usually the predictions).
        *args : list of NDArray
            The other inputs (labels, sample weights, ...).
        """
        raise NotImplementedError


class L2Loss(Loss):
    r"""Half the squared error between `label` and `pred`, averaged over each sample's elements:

    .. math:: L = \frac{1}{2} \sum_i \vert {label}_i - {pred}_i \vert^2.

    `label` and `pred` can have any shapes with the same number of elements.

    Parameters
    ----------
    weight : float or None
        A number multiplying the loss (None: no scaling).
    batch_axis : int, default 0
        The axis of the samples.


    Inputs:
        - **pred**: the predictions, of any shape.
        - **label**: the targets, with as many elements as pred.
        - **sample_weight**: element-wise weighting tensor, broadcast to the shape of pred; e.g. for pred
          of shape (64, 10), a weight per sample has shape (64, 1).

    Outputs:
        - **loss**: loss tensor with shape (batch_size,); axes other than batch_axis are averaged out.
    """

    def __init__(self, weight=1., batch_axis=0, **kwargs):
        super().__init__(weight, batch_axis, **kwargs)

    @_torch_errors
    def hybrid_forward(self, F, pred, label, sample_weight=None):
        x = _tensor(self, 'pred', pred)
        z = _reshape_like(self, 'label', _tensor(self, 'label', label), x)
        # (x - z) ** 2 in one kernel; its gradient 2 (x - z) is that of MXNet's square(label - pred)
        sq = _F.mse_loss(x, z, reduction='none')
        return _wrap_like(_weighted_mean(self, sq, self._weight / 2, sample_weight, self._batch_axis), pred)


class L1Loss(Loss):
    r"""The absolute error between `label` and `pred`, averaged over each sample's elements:

    .. math:: L = \sum_i \vert {label}_i - {pred}_i \vert.

    `label` and `pred` can have any shapes with the same number of elements.

    Parameters
    ----------
    weight : float or None
        A number multiplying the loss (None: no scaling).
    batch_axis : int, default 0
        The axis of the samples.


    Inputs:
        - **pred**: the predictions, of any shape.
        - **label**: the targets, with as many elements as pred.
        - **sample_weight**: element-wise weighting tensor, broadcast to the shape of pred; e.g. for pred
          of shape (64, 10), a weight per sample has shape (64, 1).

    Outputs:
        - **loss**: loss tensor with shape (batch_size,); axes other than batch_axis are averaged out.
    """

    def __init__(self, weight=None, batch_axis=0, **kwargs):
        super().__init__(weight, batch_axis, **kwargs)

    @_torch_errors
    def hybrid_forward(self, F, pred, label, sample_weight=None):
        x = _tensor(self, 'pred', pred)
        z = _reshape_like(self, 'label', _tensor(self, 'label', label), x)
        return _wrap_like(_weighted_mean(self, (z - x).abs(), self._weight, sample_weight, self._batch_axis), pred)


class SigmoidBinaryCrossEntropyLoss(Loss):
    r"""The cross-entropy of binary labels with the probabilities sigmoid(pred) (or pred itself with
    `from_sigmoid`); positive labels can be weighted by `pos_weight`:

    .. math::

        prob = \frac{1}{1 + \exp(-{pred})}

        L = - \sum_i {label}_i * \log({prob}_i) * pos\_weight +
            (1 - {label}_i) * \log(1 - {prob}_i)

    Without `from_sigmoid` the loss is computed from pred directly in a stable form
    (``max(x, 0) - x * z + log(1 + exp(-|x|))``), never through log(sigmoid(x)). A `pos_weight` above 1
    favours recall, below 1 precision.

    `pred` and `label` can have any shapes with the same number of elements.

    Parameters
    ----------
    from_sigmoid : bool, default is `False`
        Whether pred already holds probabilities (the output of a sigmoid).
    weight : float or None
        A number multiplying the loss (None: no scaling).
    batch_axis : int, default 0
        The axis of the samples.


    Inputs:
        - **pred**: the predictions, of any shape.
        - **label**: the targets, in [0, 1], with as many elements as pred.
        - **sample_weight**: element-wise weighting tensor, broadcast to the shape of pred; e.g. for pred
          of shape (64, 10), a weight per sample has shape (64, 1).
        - **pos_weight**: weights of the positive examples, broadcast to the shape of pred: one per class
          has shape (1, 10) for pred of shape (64, 10).

    Outputs:
        - **loss**: loss tensor with shape (batch_size,); axes other than batch_axis are averaged out.
    """

    def __init__(self, from_sigmoid=False, weight=None, batch_axis=0, **kwargs):
        super().__init__(weight, batch_axis, **kwargs)
        self._from_sigmoid = from_sigmoid

    @_torch_errors
    def hybrid_forward(self, F, pred, label, sample_weight=None, pos_weight=None):
        x = _tensor(self, 'pred', pred)
        z = _reshape_like(self, 'label', _tensor(self, 'label', label), x)
        if pos_weight is not None:
            pw = _tensor(self, 'pos_weight', pos_weight)
            if pw.dtype != x.dtype:
                _same_dtype(self, 'pos_weight', pw, x)
        if not self._from_sigmoid:
            if pos_weight is None:
                loss = torch.relu(x) - x * z + _softrelu_of_minus_abs(x)
            else:
                # x - x z + (1 + (pos_weight - 1) z) (log(1 + exp(-|x|)) + max(-x, 0))
                log_weight = 1 + (pw - 1) * z
                loss = x - x * z + log_weight * (_softrelu_of_minus_abs(x) + torch.relu(-x))
        else:
            eps = 1e-12
            if pos_weight is None:
                loss = -(torch.log(x + eps) * z + torch.log(1. - x + eps) * (1. - z))
            else:
                loss = -(torch.log(x + eps) * z * pw + torch.log(1. - x + eps) * (1. - z))
        return _wrap_like(_weighted_mean(self, loss, self._weight, sample_weight, self._batch_axis), pred)


SigmoidBCELoss = SigmoidBinaryCrossEntropyLoss


class SoftmaxCrossEntropyLoss(Loss):
    r"""The cross-entropy of the softmax of `pred` (along `axis`) with the labels (alias: SoftmaxCELoss).

    With `sparse_label` (the default) `label` holds class indices, of pred's shape without `axis`
    (a size-1 `axis` is accepted too; indices are truncated to integers and clipped to the classes):

    .. math::

        p = \operatorname{softmax}({pred})

        L = -\sum_i \log p_{i,{label}_i}

    Otherwise `label` holds a distribution over the classes, of pred's shape:

    .. math::

        L = -\sum_i \sum_j {label}_j \log p_{ij}

    The loss is computed as one log_softmax and one gather (or one weighted sum), never through the
    probabilities themselves.

    Parameters
    ----------
    axis : int, default -1
        The axis of the classes, along which the softmax is taken.
    sparse_label : bool, default True
        Whether label holds class indices instead of a probability distribution.
    from_logits : bool, default False
        Whether pred already holds log probabilities (e.g. the output of log_softmax); then no softmax is
        taken.
    weight : float or None
        A number multiplying the loss (None: no scaling).
    batch_axis : int, default 0
        The axis of the samples.


    Inputs:
        - **pred**: the prediction tensor, where the `batch_axis` dimension ranges over batch size and
          `axis` dimension ranges over the number of classes.
        - **label**: the truth tensor. With `sparse_label`, class indices of pred's shape without `axis`
          (for pred of shape (1, 2, 3, 4) and axis 2, shape (1, 2, 4) and values 0, 1 or 2); otherwise
          probabilities of pred's shape.
        - **sample_weight**: element-wise weighting tensor, broadcast to the shape of the per-position
          loss (pred's shape with `axis` of size 1); e.g. (64, 1) weighs each sample of pred (64, 10).

    Outputs:
        - **loss**: loss tensor with shape (batch_size,); axes other than batch_axis are averaged out.
    """

    def __init__(self, axis=-1, sparse_label=True, from_logits=False, weight=None, batch_axis=0, **kwargs):
        super().__init__(weight, batch_axis, **kwargs)
        self._axis = axis
        self._sparse_label = sparse_label
        self._from_logits = from_logits

    @_torch_errors
    def hybrid_forward(self, F, pred, label, sample_weight=None):
        x = _tensor(self, 'pred', pred)
        z = _tensor(self, 'label', label)
        axis = _check_axis(self, self._axis, x)
        if not x.is_floating_point():
            raise MXNetError('SoftmaxCrossEntropyLoss: pred must be a floating point array, not {}'.format(
                _dtype_name(x)))
        if self._sparse_label:
            idx = _class_indices(self, z, x, axis)
            # torch's losses take the classes on axis 1
            scores = x if axis == 1 or x.dim() == 1 else x.movedim(axis, 1)
            if self._from_logits:
                loss = _F.nll_loss(scores, idx, reduction='none')       # -pick(pred, label)
            else:
                loss = _F.cross_entropy(scores, idx, reduction='none')  # -pick(log_softmax(pred), label)
            loss = loss.unsqueeze(axis)
        else:
            logp = x if self._from_logits else torch.log_softmax(x, axis)
            z = _reshape_like(self, 'label', z, x)
            loss = -(logp * z).sum(axis, keepdim=True)
        return _wrap_like(_weighted_mean(self, loss, self._weight, sample_weight, self._batch_axis), pred)


SoftmaxCELoss = SoftmaxCrossEntropyLoss


class KLDivLoss(Loss):
    r"""The Kullback-Leibler divergence of the prediction from the label distribution, summed over each
    sample's elements. With `from_logits` (the default) `pred` holds log probabilities:

    .. math::

        L = \sum_i {label}_i * \big[\log({label}_i) - {pred}_i\big]

    otherwise `pred` holds unnormalized scores and the log of their softmax along `axis` is used:

    .. math::

        L = \sum_i {label}_i * \big[\log({label}_i) - \log(\operatorname{softmax}({pred})_i)\big]

    (1e-12 is added to label inside the log.) `label` and `pred` must have broadcastable shapes.

    Parameters
    ----------
    from_logits : bool, default is `True`
        Whether pred holds log probabilities (e.g. the output of log_softmax).
    axis : int, default -1
        The axis of the softmax; only used when `from_logits` is False.
    weight : float or None
        A number multiplying the loss (None: no scaling).
    batch_axis : int, default 0
        The axis of the samples.


    Inputs:
        - **pred**: log probabilities (`from_logits`), or unnormalized scores.
        - **label**: the target probabilities, in (0, 1).
        - **sample_weight**: element-wise weighting tensor, broadcast to the shape of pred; e.g. for pred
          of shape (64, 10), a weight per sample has shape (64, 1).

    Outputs:
        - **loss**: loss tensor with shape (batch_size,); axes other than batch_axis are summed.

    References
    ----------
        `Kullback-Leibler divergence <https://en.wikipedia.org/wiki/Kullback-Leibler_divergence>`_
    """

    def __init__(self, from_logits=True, axis=-1, weight=None, batch_axis=0, **kwargs):
        super().__init__(weight, batch_axis, **kwargs)
        self._from_logits = from_logits
        self._axis = axis

    @_torch_errors
    def hybrid_forward(self, F, pred, label, sample_weight=None):
        x = _tensor(self, 'pred', pred)
        z = _tensor(self, 'label', label)
        if z.dtype != x.dtype:
            _same_dtype(self, 'label', z, x)
        if not self._from_logits:
            x = torch.log_softmax(x, self._axis)
        loss = z * (torch.log(z + 1e-12) - x)
        loss = _apply_weighting(self, loss, self._weight, sample_weight)
        return _wrap_like(_batch_sum(self, loss, self._batch_axis), pred)


class CTCLoss(Loss):
    r"""Connectionist Temporal Classification loss (Graves et al., 2006): the negative log-likelihood of
    each label sequence under the per-step class scores, summed over all alignments.

    Parameters
    ----------
    layout : str, default 'NTC'
        Order of pred's axes: 'NTC' or 'TNC' (N batch, T time steps, C classes).
    label_layout : str, default 'NT'
        Order of the label's axes: 'NT' or 'TN'.
    weight : float or None
        A number multiplying the loss (None: no scaling).


    Inputs:
        - **pred**: unnormalized class scores (a softmax is taken inside), of shape (batch_size,
          sequence_length, alphabet_size) with layout 'NTC' or (sequence_length, batch_size,
          alphabet_size) with 'TNC'. The last class, `alphabet_size - 1`, is the blank, so alphabet_size
          is the number of real classes plus one.
        - **label**: zero-based class indices of shape (batch_size, label_length) ('NT') or
          (label_length, batch_size) ('TN'); a sequence shorter than label_length is padded with -1.
        - **pred_lengths**: optional (default None), the number of valid steps of each sequence of pred,
          shape (batch_size,).
        - **label_lengths**: optional (default None), the length of each label sequence, shape
          (batch_size,); without it a sequence ends at its first -1.
        - **sample_weight**: optional weighting tensor, broadcast to the shape (batch_size,).

    Outputs:
        - **loss**: one loss per sequence, shape `(batch_size,)`.


    **Example**: for the two label sequences 'xy' and 'yyxy' over the vocabulary `[x, y]`, the classes
    are `{'x': 0, 'y': 1, blank: 2}` (alphabet_size 3) and the padded label is::

        [[0, 1, -1, -1],
         [1, 1,  0,  1]]
    """

    def __init__(self, layout='NTC', label_layout='NT', weight=None, **kwargs):
        if layout not in ['NTC', 'TNC']:
            raise AssertionError("Only 'NTC' and 'TNC' layouts for pred are supported. Got: %s" % layout)
        if label_layout not in ['NT', 'TN']:
            raise AssertionError("Only 'NT' and 'TN' layouts for label are supported. Got: %s" % label_layout)
        self._layout = layout
        self._label_layout = label_layout
        batch_axis = label_layout.find('N')
        super().__init__(weight, batch_axis, **kwargs)

    @_torch_errors
    def hybrid_forward(self, F, pred, label, pred_lengths=None, label_lengths=None, sample_weight=None):
        x = _tensor(self, 'pred', pred)
        z = _tensor(self, 'label', label)
        if self._layout == 'NTC':
            x = x.transpose(0, 1)
        if self._batch_axis == 1:
            z = z.transpose(0, 1)
        data_lengths = None if pred_lengths is None else _tensor(self, 'pred_lengths', pred_lengths)
        lab_lengths = None if label_lengths is None else _tensor(self, 'label_lengths', label_lengths)
        loss = _ctc_loss(x, z, data_lengths, lab_lengths, use_data_lengths=pred_lengths is not None,
                         use_label_lengths=label_lengths is not None, blank_label='last')
        return _wrap_like(_apply_weighting(self, loss, self._weight, sample_weight), pred)


class HuberLoss(Loss):
    r"""The smoothed L1 loss: the squared error (scaled by 1 / (2 rho)) where the error is below `rho`,
    the absolute error (less rho / 2) elsewhere, averaged over each sample's elements:

    .. math::
        L = \sum_i \begin{cases} \frac{1}{2 {rho}} ({label}_i - {pred}_i)^2 &
                           \text{ if } |{label}_i - {pred}_i| < {rho} \\
                           |{label}_i - {pred}_i| - \frac{{rho}}{2} &
                           \text{ otherwise }
            \end{cases}

    `label` and `pred` can have any shapes with the same number of elements.

    Parameters
    ----------
    rho : float, default 1
        Threshold between the quadratic and the linear part.
    weight : float or None
        A number multiplying the loss (None: no scaling).
    batch_axis : int, default 0
        The axis of the samples.


    Inputs:
        - **pred**: the predictions, of any shape.
        - **label**: the targets, with as many elements as pred.
        - **sample_weight**: element-wise weighting tensor, broadcast to the shape of pred; e.g. for pred
          of shape (64, 10), a weight per sample has shape (64, 1).

    Outputs:
        - **loss**: loss tensor with shape (batch_size,); axes other than batch_axis are averaged out.
    """

    def __init__(self, rho=1, weight=None, batch_axis=0, **kwargs):
        super().__init__(weight, batch_axis, **kwargs)
        self._rho = rho

    @_torch_errors
    def hybrid_forward(self, F, pred, label, sample_weight=None):
        x = _tensor(self, 'pred', pred)
        z = _reshape_like(self, 'label', _tensor(self, 'label', label), x)
        d = (z - x).abs()
        rho = self._rho
        loss = torch.where(d > rho, d - 0.5 * rho, (0.5 / rho) * (d * d))
        return _wrap_like(_weighted_mean(self, loss, self._weight, sample_weight, self._batch_axis), pred)


class HingeLoss(Loss):
    r"""The hinge loss of SVMs, averaged over each sample's elements:

    .. math::
        L = \sum_i max(0, {margin} - {pred}_i \cdot {label}_i)

    where `label` holds -1 or 1. `label` and `pred` can have any shapes with the same number of elements.

    Parameters
    ----------
    margin : float
        The margin, default 1.
    weight : float or None
        A number multiplying the loss (None: no scaling).
    batch_axis : int, default 0
        The axis of the samples.


    Inputs:
        - **pred**: the predictions, of any shape.
        - **label**: the labels, -1 or 1, with as many elements as pred.
        - **sample_weight**: element-wise weighting tensor, broadcast to the shape of pred; e.g. for pred
          of shape (64, 10), a weight per sample has shape (64, 1).

    Outputs:
        - **loss**: loss tensor with shape (batch_size,); axes other than batch_axis are averaged out.
    """

    def __init__(self, margin=1, weight=None, batch_axis=0, **kwargs):
        super().__init__(weight, batch_axis, **kwargs)
        self._margin = margin

    @_torch_errors
    def hybrid_forward(self, F, pred, label, sample_weight=None):
        x = _tensor(self, 'pred', pred)
        z = _reshape_like(self, 'label', _tensor(self, 'label', label), x)
        loss = torch.relu(self._margin - x * z)
        return _wrap_like(_weighted_mean(self, loss, self._weight, sample_weight, self._batch_axis), pred)


class SquaredHingeLoss(Loss):
    r"""The squared hinge loss, averaged over each sample's elements:

    .. math::
        L = \sum_i max(0, {margin} - {pred}_i \cdot {label}_i)^2

    where `label` holds -1 or 1. `label` and `pred` can have any shapes with the same number of elements.

    Parameters
    ----------
    margin : float
        The margin, default 1.
    weight : float or None
        A number multiplying the loss (None: no scaling).
    batch_axis : int, default 0
        The axis of the samples.


    Inputs:
        - **pred**: the predictions, of any shape.
        - **label**: the labels, -1 or 1, with as many elements as pred.
        - **sample_weight**: element-wise weighting tensor, broadcast to the shape of pred; e.g. for pred
          of shape (64, 10), a weight per sample has shape (64, 1).

    Outputs:
        - **loss**: loss tensor with shape (batch_size,); axes other than batch_axis are averaged out.
    """

    def __init__(self, margin=1, weight=None, batch_axis=0, **kwargs):
        super().__init__(weight, batch_axis, **kwargs)
        self._margin = margin

    @_torch_errors
    def hybrid_forward(self, F, pred, label, sample_weight=None):
        x = _tensor(self, 'pred', pred)
        z = _reshape_like(self, 'label', _tensor(self, 'label', label), x)
        h = torch.relu(self._margin - x * z)
        return _wrap_like(_weighted_mean(self, h * h, self._weight, sample_weight, self._batch_axis), pred)


class LogisticLoss(Loss):
    r"""The logistic loss, averaged over each sample's elements:

    .. math::
        L = \sum_i \log(1 + \exp(- {pred}_i \cdot {label}_i))

    where `label` holds -1 or 1 ('signed'), or 0 or 1 ('binary'). It is computed in a stable form,
    as :class:`SigmoidBinaryCrossEntropyLoss` is. `label` and `pred` can have any shapes with the same
    number of elements.

    Parameters
    ----------
    weight : float or None
        A number multiplying the loss (None: no scaling).
    batch_axis : int, default 0
        The axis of the samples.
    label_format : str, default 'signed'
        'signed' for labels -1 and 1, 'binary' for labels 0 and 1.


    Inputs:
        - **pred**: the predictions, of any shape.
        - **label**: the labels, -1/1 ('signed') or 0/1 ('binary'), as many as pred.
        - **sample_weight**: element-wise weighting tensor, broadcast to the shape of pred; e.g. for pred
          of shape (64, 10), a weight per sample has shape (64, 1).

    Outputs:
        - **loss**: loss tensor with shape (batch_size,); axes other than batch_axis are averaged out.
    """

    def __init__(self, weight=None, batch_axis=0, label_format='signed', **kwargs):
        super().__init__(weight, batch_axis, **kwargs)
        self._label_format = label_format
        if self._label_format not in ['signed', 'binary']:
            raise ValueError('label_format can only be signed or binary, received %s.' % label_format)

    @_torch_errors
    def hybrid_forward(self, F, pred, label, sample_weight=None):
        x = _tensor(self, 'pred', pred)
        z = _reshape_like(self, 'label', _tensor(self, 'label', label), x)
        if self._label_format == 'signed':
            z = (z + 1.0) / 2.0  # -1/1 labels as 0/1
        loss = torch.relu(x) - x * z + _softrelu_of_minus_abs(x)
        return _wrap_like(_weighted_mean(self, loss, self._weight, sample_weight, self._batch_axis), pred)


class TripletLoss(Loss):
    r"""The triplet loss of a prediction (anchor) with a positive and a negative example: how much closer
    (in squared distance, plus a margin) the negative is to the prediction than the positive,

    .. math::
        L = \sum_i \max(\Vert {pos_i}_i - {pred} \Vert_2^2 -
                        \Vert {neg_i}_i - {pred} \Vert_2^2 + {margin}, 0)

    `positive`, `negative` and `pred` can have any shapes with the same number of elements.

    Parameters
    ----------
    margin : float
        How much farther than the positive the negative must be to cost nothing.
    weight : float or None
        A number multiplying the loss (None: no scaling).
    batch_axis : int, default 0
        The axis of the samples.


    Inputs:
        - **pred**: the predictions, of any shape.
        - **positive**: the positive examples, with as many elements as pred.
        - **negative**: the negative examples, with as many elements as pred.

    Outputs:
        - **loss**: loss tensor with shape (batch_size,).
    """

    def __init__(self, margin=1, weight=None, batch_axis=0, **kwargs):
        super().__init__(weight, batch_axis, **kwargs)
        self._margin = margin

    @_torch_errors
    def hybrid_forward(self, F, pred, positive, negative):
        x = _tensor(self, 'pred', pred)
        pos = _reshape_like(self, 'positive', _tensor(self, 'positive', positive), x)
        neg = _reshape_like(self, 'negative', _tensor(self, 'negative', negative), x)
        dp = pos - x
        dn = neg - x
        loss = _batch_sum(self, dp * dp - dn * dn, self._batch_axis)
        loss = torch.relu(loss + self._margin)
        return _wrap_like(_apply_weighting(self, loss, self._weight, None), pred)


class PoissonNLLLoss(Loss):
    r"""The negative log-likelihood of `target` under a Poisson distribution whose mean is predicted,
    averaged over all elements (one value, not one per sample):

    .. math::
        L = \text{pred} - \text{target} * \log(\text{pred}) +\log(\text{target!})

    `target` and `pred` can have any shapes with the same number of elements.

    Parameters
    ----------
    from_logits : boolean, default True
        Whether pred is the log of the mean: then the loss is :math:`\exp(\text{pred}) - \text{target} *
        \text{pred}`; else pred is the mean and the loss is :math:`\text{pred} - \text{target} *
        \log(\text{pred}+\text{epsilon})`.
    weight : float or None
        A number multiplying the loss (None: no scaling).
    batch_axis : int, default 0
        The axis of the samples.
    compute_full: boolean, default False
        Whether to add Stirling's approximation of the log(target!) term, :math:`\text{target} *
        \log(\text{target}) - \text{target} + 0.5 * \log(2 * \pi * \text{target})`, where target > 1.
        (As in MXNet, a target of 0 then makes the loss nan.)
    epsilon: float, default 1e-08
        Added to pred inside the log when `from_logits` is False. It is an input of the call, not a
        constructor argument, as in MXNet.


    Inputs:
        - **pred**: the predicted (log-)means.
        - **target**: the observed counts, with as many elements as pred.
        - **sample_weight**: element-wise weighting tensor, broadcast to the shape of pred; e.g. for pred
          of shape (64, 10), a weight per sample has shape (64, 1).

    Outputs:
        - **loss**: the average loss, of shape (1,).
    """

    def __init__(self, weight=None, from_logits=True, batch_axis=0, compute_full=False, **kwargs):
        super().__init__(weight, batch_axis, **kwargs)
        self._from_logits = from_logits
        self._compute_full = compute_full

    @_torch_errors
    def hybrid_forward(self, F, pred, target, sample_weight=None, epsilon=1e-08):
        x = _tensor(self, 'pred', pred)
        t = _reshape_like(self, 'target', _tensor(self, 'target', target), x)
        if self._from_logits:
            loss = torch.exp(x) - t * x
        else:
            loss = x - t * torch.log(x + epsilon)
        if self._compute_full:
            stirling_factor = t * torch.log(t) - t + 0.5 * torch.log(2 * t * math.pi)
            loss = loss + stirling_factor * (t > 1).to(t.dtype)
        loss = _apply_weighting(self, loss, self._weight, sample_weight)
        return _wrap_like(loss.mean().reshape(1), pred)


class CosineEmbeddingLoss(Loss):
    r"""A loss on the cosine similarity of pairs of vectors: pairs labelled 1 are pulled together, pairs
    labelled -1 pushed apart until their similarity is at most `margin`:

    .. math::

        L = \sum_i \begin{cases} 1 - {cos\_sim({input1}_i, {input2}_i)} & \text{ if } {label}_i = 1\\
                         \max(0, {cos\_sim({input1}_i, {input2}_i)} - margin) & \text{ if } {label}_i = -1
            \end{cases}\\
        cos\_sim(input1, input2) = \frac{{input1}_i.{input2}_i}{||{input1}_i||.||{input2}_i||}

    The vectors run along the last axis; `input1` and `input2` have the same number of elements.

    Parameters
    ----------
    weight : float or None
        A number multiplying the loss (None: no scaling).
    batch_axis : int, default 0
        The axis of the samples.
    margin : float
        The similarity below which pairs labelled -1 cost nothing.


    Inputs:
        - **input1**: vectors along the last axis, of any shape.
        - **input2**: a tensor of the same size, compared with input1.
        - **label**: 1 or -1 for each pair (input1[i], input2[i]), a 1-D tensor.
        - **sample_weight**: weighting tensor, broadcast to the shape (batch_size, 1) of the loss.

    Outputs:
        - **loss**: The loss tensor with shape (batch_size, 1) (not averaged).
    """

    def __init__(self, weight=None, batch_axis=0, margin=0, **kwargs):
        super().__init__(weight, batch_axis, **kwargs)
        self._margin = margin

    @_torch_errors
    def hybrid_forward(self, F, input1, input2, label, sample_weight=None):
        y = _tensor(self, 'input2', input2)
        x = _reshape_like(self, 'input1', _tensor(self, 'input1', input1), y)
        lab = _tensor(self, 'label', label).reshape(-1, 1)
        cos_sim = self._cosine_similarity(x, y)
        y_1 = (lab == 1).to(lab.dtype)
        y_minus_1 = (lab == -1).to(lab.dtype)
        cos_sim_a = (1 - cos_sim) * y_1
        # MXNet's maximum with 0 sends the gradient to the 0 on ties: that is relu's gradient
        cos_sim_b = torch.relu(y_minus_1 * (cos_sim - self._margin))
        loss = _apply_weighting(self, cos_sim_a + cos_sim_b, self._weight, sample_weight)
        return _wrap_like(loss, input2)

    @staticmethod
    def _cosine_similarity(x, y, axis=-1):
        """The cosine similarity of x and y along `axis`, as a column; the product of the norms is at
        least 1e-12."""
        x_norm = torch.linalg.vector_norm(x, dim=axis).reshape(-1, 1)
        y_norm = torch.linalg.vector_norm(y, dim=axis).reshape(-1, 1)
        x_dot_y = (x * y).sum(axis).reshape(-1, 1)
        return x_dot_y / (x_norm * y_norm).clamp_min(1e-12)


class SDMLLoss(Loss):
    r"""Batchwise Smoothed Deep Metric Learning loss (Bonadiman, Kumar and Mittal, 2019,
    https://arxiv.org/abs/1905.12786) of two aligned batches of vectors: x1[i] and x2[i] are a positive
    pair and every other row of the batch serves as a negative.

    The negative squared distances between all rows of x1 and all rows of x2 are turned into
    log-probabilities (log_softmax over each row), and the loss of each row is their KL divergence from a
    smoothed identity: 1 - `smoothing_parameter` on the diagonal, the rest spread evenly over the row.
    Rows of a batch should be unrelated to each other.

    Parameters
    ----------
    smoothing_parameter : float
        Probability mass spread over the negatives of each row; below 1.0.
    weight : float or None
        Global scalar weight for loss (kept, but unused in the computation, as in MXNet).
    batch_axis : int, default 0
        The axis of the samples.


    Inputs:
        - **x1**: a batch of vectors, shape (batch_size, vector_dim).
        - **x2**: a batch of vectors of the same shape; x2[i] is the positive
          example of x1[i].

    Outputs:
        - **loss**: loss tensor with shape (batch_size,).
    """

    def __init__(self, smoothing_parameter=0.3, weight=1., batch_axis=0, **kwargs):
        super().__init__(weight, batch_axis, **kwargs)
        self.kl_loss = KLDivLoss(from_logits=True)
        self.smoothing_parameter = smoothing_parameter  # probability mass given to the negatives

    def _compute_distances(self, x1, x2):
        """The squared euclidean distance of every row of x1 to every row of x2, (batch, batch)."""
        if tuple(x1.shape) != tuple(x2.shape):
            raise AssertionError('SDMLLoss: x1 of shape {} and x2 of shape {} must have the same shape'.format(
                tuple(x1.shape), tuple(x2.shape)))
        d = x1.unsqueeze(1) - x2.unsqueeze(0)
        return (d * d).sum(2)

    def _compute_labels(self, batch_size, like):
        """The smoothed identity: 1 - s on the diagonal, s / (batch_size - 1) elsewhere."""
        gold = torch.eye(batch_size, dtype=like.dtype, device=like.device)
        s = self.smoothing_parameter
        return gold * (1 - s) + (1 - gold) * s / (batch_size - 1)

    @_torch_errors
    def _loss(self, F, x1, x2):
        a = _tensor(self, 'x1', x1)
        b = _tensor(self, 'x2', x2)
        if a.dim() != 2:
            raise MXNetError('SDMLLoss: x1 and x2 must be (batch_size, vector_dim), got shape {}'.format(
                tuple(a.shape)))
        distances = self._compute_distances(a, b)
        log_probabilities = torch.log_softmax(-distances, 1)
        labels = self._compute_labels(a.shape[0], log_probabilities)
        return self.kl_loss(_wrap_like(log_probabilities, x1), _wrap_like(labels, x1))

    def hybrid_forward(self, F, x1, x2):
        return self._loss(F, x1, x2)
