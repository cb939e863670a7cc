"""Evaluation metrics (``mx.metric``).

Every metric keeps two running tallies, a sum and a count: the *local* one (``sum_metric``/``num_inst``,
cleared by ``reset_local`` and by ``reset``) and the *global* one (``global_sum_metric``/
``global_num_inst``, cleared only by ``reset``). ``update(labels, preds)`` takes lists of arrays (or
single arrays) and adds a batch to both; ``get()`` and ``get_global()`` return ``(name, value)``, the value
being nan before the first update. ``create`` turns names ('acc', 'ce', ...), lists, config dicts and
functions into metrics. The numbers are MXNet 1.9.1's, integer casts of labels and predictions included.
"""
import math
from collections import OrderedDict

import numpy
import torch

from . import registry as _registry
from .base import MXNetError, numeric_types, string_types
from .ndarray.ndarray import NDArray

__all__ = ['EvalMetric', 'CompositeEvalMetric', 'Accuracy', 'TopKAccuracy', 'F1', 'MCC', 'Perplexity', 'MAE',
           'MSE', 'RMSE', 'CrossEntropy', 'NegativeLogLikelihood', 'PearsonCorrelation', 'PCC', 'Loss', 'Torch',
           'Caffe', 'CustomMetric', 'np', 'create', 'register', 'alias', 'check_label_shapes']

_ARRAYS = (NDArray, numpy.ndarray)


def _host(x):
    """A numpy copy of an NDArray (or of anything numpy can read)."""
    return x.asnumpy() if isinstance(x, NDArray) else numpy.asarray(x)


def _tensor(x):
    """The torch tensor behind an NDArray (detached), or a tensor made from numpy data."""
    return x._t.detach() if isinstance(x, NDArray) else torch.as_tensor(numpy.asarray(x))


def _pairs(names, values):
    """[(name, value), ...] from one name and value or from two lists of them."""
    if not isinstance(names, list):
        names, values = [names], [values]
    elif not isinstance(values, list):
        values = [values]
    return list(zip(names, values))


def check_label_shapes(labels, preds, wrap=False, shape=False):
    """Raises ValueError unless `labels` and `preds` have the same length (the same shape with
    ``shape=True``). With `wrap`, a single array is put in a list. Returns ``(labels, preds)``."""
    got = (labels.shape, preds.shape) if shape else (len(labels), len(preds))
    if got[0] != got[1]:
        raise ValueError("Shape of labels {} does not match shape of predictions {}".format(*got))
    if wrap:
        labels = [labels] if isinstance(labels, _ARRAYS) else labels
        preds = [preds] if isinstance(preds, _ARRAYS) else preds
    return labels, preds


class EvalMetric(object):
    """Base class of the metrics.

    Parameters
    ----------
    name : str
        What `get` reports the value as.
    output_names, label_names : list of str, optional
        The entries of the dicts given to `update_dict` that this metric reads (None: all of them).
    **kwargs
        The subclass's own arguments, kept for `get_config` (``has_global_stats`` is taken out: whether
        `get_global` reads the global tally or simply repeats `get`).
    """

    _zero_count = 0   # what the counts restart from (MCC and PCC count in floats, as MXNet's)

    def __init__(self, name, output_names=None, label_names=None, **kwargs):
        self._has_global_stats = kwargs.pop("has_global_stats", False)
        self.name, self._kwargs = str(name), kwargs
        self.output_names, self.label_names = output_names, label_names
        self.reset()

    def __str__(self):
        return 'EvalMetric: ' + str(dict(self.get_name_value()))

    def get_config(self):
        """A dict describing the metric, from which `create` makes an equal one."""
        return dict(self._kwargs, metric=type(self).__name__, name=self.name, output_names=self.output_names,
                    label_names=self.label_names)

    def update_dict(self, label, pred):
        """`update` from dicts of arrays, taking the entries named by `label_names`/`output_names`."""
        def pick(arrays, names):
            return list(arrays.values()) if names is None else [arrays[k] for k in names]
        preds = pick(pred, self.output_names)
        self.update(pick(label, self.label_names), preds)

    def update(self, labels, preds):
        """Adds a batch: lists of label and prediction arrays, paired by position."""
        raise NotImplementedError()

    def _add(self, total, count=1):
        """Adds a batch's sum and count to both tallies."""
        self.sum_metric += total
        self.num_inst += count
        self.global_sum_metric += total
        self.global_num_inst += count

    def reset_local(self):
        """Clears the local tally."""
        self.num_inst, self.sum_metric = self._zero_count, 0.0

    def reset(self):
        """Clears both tallies."""
        self.reset_local()
        self.global_num_inst, self.global_sum_metric = self._zero_count, 0.0

    def _value(self, total, count):
        """The reading of a tally (the mean; nan when nothing was counted)."""
        return float('nan') if count == 0 else total / count

    def get(self):
        """``(name, value)`` of the local tally."""
        return (self.name, self._value(self.sum_metric, self.num_inst))

    def get_global(self):
        """``(name, value)`` of the global tally (of the local one for metrics without global stats)."""
        if not self._has_global_stats:
            return self.get()
        return (self.name, self._value(self.global_sum_metric, self.global_num_inst))

    def get_name_value(self):
        """`get` as a list of ``(name, value)`` pairs."""
        return _pairs(*self.get())

    def get_global_name_value(self):
        """`get_global` as a list of ``(name, value)`` pairs."""
        return _pairs(*self.get_global()) if self._has_global_stats else self.get_name_value()


register = _registry.get_register_func(EvalMetric, 'metric')
alias = _registry.get_alias_func(EvalMetric, 'metric')
_create = _registry.get_create_func(EvalMetric, 'metric')


def create(metric, *args, **kwargs):
    """A metric from `metric`: a registered name ('acc', 'f1', 'ce', ...; `args`/`kwargs` go to its
    class), a config dict (as `get_config` gives), a function ``feval(label, pred)`` (a CustomMetric), a
    list of any of these (a CompositeEvalMetric), or an EvalMetric, returned as it is.

    >>> mx.metric.create(['acc', 'ce']).get()
    (['accuracy', 'cross-entropy'], [nan, nan])
    """
    if callable(metric):
        return CustomMetric(metric, *args, **kwargs)
    if not isinstance(metric, list):
        return _create(metric, *args, **kwargs)
    composite = CompositeEvalMetric()
    for item in metric:
        composite.add(create(item, *args, **kwargs))
    return composite


@register
@alias('composite')
class CompositeEvalMetric(EvalMetric):
    """Several metrics fed the same batches; `get` gives the list of their names and the list of their
    values.

    Parameters
    ----------
    metrics : list, optional
        The members, as anything `create` takes.
    """

    def __init__(self, metrics=None, name='composite', output_names=None, label_names=None):
        super(CompositeEvalMetric, self).__init__(name, output_names=output_names, label_names=label_names,
                                                  has_global_stats=True)
        self.metrics = [create(m) for m in metrics or ()]

    def add(self, metric):
        """Appends a member (anything `create` takes)."""
        self.metrics.append(create(metric))

    def get_metric(self, index):
        """The member at `index`; out of range, a ValueError is *returned* (MXNet's behaviour)."""
        if -len(self.metrics) <= index < len(self.metrics):
            return self.metrics[index]
        return ValueError("Metric index {} is out of range 0 and {}".format(index, len(self.metrics)))

    def update_dict(self, labels, preds):  # pylint: disable=arguments-differ
        def keep(arrays, names):
            return arrays if names is None else OrderedDict((k, v) for k, v in arrays.items() if k in names)
        labels, preds = keep(labels, self.label_names), keep(preds, self.output_names)
        for member in self.metrics:
            member.update_dict(labels, preds)

    def update(self, labels, preds):
        for member in self.metrics:
            member.update(labels, preds)

    # EvalMetric.__init__ resets before the members exist
    def reset(self):
        for member in getattr(self, 'metrics', ()):
            member.reset()

    def reset_local(self):
        for member in getattr(self, 'metrics', ()):
            member.reset_local()

    def _gather(self, use_global):
        names, values = [], []
        for member in self.metrics:
            name, value = member.get_global() if use_global else member.get()
            names += [name] if isinstance(name, string_types) else name
            values += [value] if isinstance(value, numeric_types) else value
        return (names, values)

    def get(self):
        return self._gather(False)

    def get_global(self):
        return self._gather(True)

    def get_config(self):
        return dict(super(CompositeEvalMetric, self).get_config(), metrics=[m.get_config() for m in self.metrics])


@register
@alias('acc')
class Accuracy(EvalMetric):
    """The fraction of predicted classes equal to the labels. A prediction shaped like its label holds
    classes; otherwise it holds class scores and the class is their argmax over `axis`. Both sides are
    compared as int32.

    Parameters
    ----------
    axis : int, default 1
        The class axis of score predictions.
    """

    def __init__(self, axis=1, name='accuracy', output_names=None, label_names=None):
        super(Accuracy, self).__init__(name, axis=axis, output_names=output_names, label_names=label_names,
                                       has_global_stats=True)
        self.axis = axis

    def update(self, labels, preds):
        labels, preds = check_label_shapes(labels, preds, True)
        for label, pred in zip(labels, preds):
            guess, truth = _tensor(pred), _tensor(label)
            if guess.shape != truth.shape:
                guess = guess.argmax(dim=self.axis)
            guess = guess.reshape(-1).to(torch.int32)
            truth = truth.reshape(-1).to(device=guess.device, dtype=torch.int32)
            check_label_shapes(truth, guess)
            self._add(int((guess == truth).sum()), guess.numel())


@register
@alias('top_k_accuracy', 'top_k_acc')
class TopKAccuracy(EvalMetric):
    """The fraction of samples whose label is among the `top_k` best-scored classes.

    Parameters
    ----------
    top_k : int
        How many classes count; it must be above 1 (use Accuracy otherwise). The name gets ``_<top_k>``.
    """

    def __init__(self, top_k=1, name='top_k_accuracy', output_names=None, label_names=None):
        super(TopKAccuracy, self).__init__(name, top_k=top_k, output_names=output_names, label_names=label_names,
                                           has_global_stats=True)
        if not top_k > 1:
            raise AssertionError('Please use Accuracy if top_k is no more than 1')
        self.top_k = top_k
        self.name = '{}_{}'.format(self.name, top_k)

    def update(self, labels, preds):
        labels, preds = check_label_shapes(labels, preds, True)
        for label, pred in zip(labels, preds):
            if len(pred.shape) > 2:
                raise AssertionError('Predictions should be no more than 2 dims')
            # numpy's partial sort (MXNet's choice too), so that ties among scores go the same way
            order = numpy.argpartition(_host(pred).astype('float32'), -self.top_k)
            truth = _host(label).astype('int32')
            check_label_shapes(truth, order)
            samples = order.shape[0]
            if order.ndim == 1:
                # MXNet adds these hits to the local tally only
                self.sum_metric += (order.flat == truth.flat).sum()
                self.num_inst += samples
                self.global_num_inst += samples
                continue
            hits = 0
            for column in range(order.shape[1] - 1, max(order.shape[1] - self.top_k, 0) - 1, -1):
                hits += (order[:, column].flat == truth.flat).sum()
            self._add(hits, samples)


_OUTCOMES = ('true_positives', 'false_positives', 'false_negatives', 'true_negatives')


def _share(part, rest):
    """part / (part + rest) as a float, 0 when both are 0."""
    return float(part) / (part + rest) if part + rest > 0 else 0.


def _harmonic(a, b):
    return 2 * a * b / (a + b) if a + b > 0 else 0.


class _BinaryClassificationMetrics(object):
    """The confusion counts of a binary classifier (``true_positives`` ... ``true_negatives``, and their
    ``global_`` twins that survive `local_reset_stats`) and the scores computed from them."""

    def __init__(self):
        self.reset_stats()

    def update_binary_stats(self, label, pred):
        """Counts a batch: `pred` holds two class scores per sample (argmax 1 means positive), `label` is
        0 or 1."""
        scores, truth = _host(pred), _host(label).astype('int32')
        check_label_shapes(truth, scores)
        if len(numpy.unique(truth)) > 2:
            raise ValueError("%s currently only supports binary classification." % self.__class__.__name__)
        said_yes, is_yes = numpy.argmax(scores, axis=1) == 1, truth == 1
        batch = ((said_yes & is_yes).sum(), (said_yes & ~is_yes).sum(),
                 (~said_yes & is_yes).sum(), (~said_yes & ~is_yes).sum())
        for outcome, count in zip(_OUTCOMES, batch):
            setattr(self, outcome, getattr(self, outcome) + count)
            setattr(self, 'global_' + outcome, getattr(self, 'global_' + outcome) + count)

    def _counts(self, use_global):
        prefix = 'global_' if use_global else ''
        return [getattr(self, prefix + outcome) for outcome in _OUTCOMES]

    precision = property(lambda self: _share(self.true_positives, self.false_positives))
    global_precision = property(lambda self: _share(self.global_true_positives, self.global_false_positives))
    recall = property(lambda self: _share(self.true_positives, self.false_negatives))
    global_recall = property(lambda self: _share(self.global_true_positives, self.global_false_negatives))
    fscore = property(lambda self: _harmonic(self.precision, self.recall))
    global_fscore = property(lambda self: _harmonic(self.global_precision, self.global_recall))
    total_examples = property(lambda self: sum(self._counts(False)))
    global_total_examples = property(lambda self: sum(self._counts(True)))

    def matthewscc(self, use_global=False):
        """The Matthews correlation coefficient of the local (or global) counts; the margins that are 0
        are left out of the denominator, and no counts at all give 0."""
        tp, fp, fn, tn = (float(c) for c in self._counts(use_global))
        if not tp + fp + fn + tn:
            return 0.
        denominator = 1.
        for margin in (tp + fp, tp + fn, tn + fp, tn + fn):
            denominator *= margin if margin != 0. else 1.
        return (tp * tn - fp * fn) / math.sqrt(denominator)

    def local_reset_stats(self):
        for outcome in _OUTCOMES:
            setattr(self, outcome, 0)

    def reset_stats(self):
        for outcome in _OUTCOMES:
            setattr(self, outcome, 0)
            setattr(self, 'global_' + outcome, 0)


class _BinaryScore(EvalMetric):
    """F1 and MCC: a score of binary confusion counts, averaged over updates ('macro': the counts start
    afresh at each update) or of all the counts so far ('micro')."""

    def __init__(self, name, output_names, label_names, average):
        self.average = average
        self.metrics = _BinaryClassificationMetrics()
        super(_BinaryScore, self).__init__(name, output_names=output_names, label_names=label_names,
                                           has_global_stats=True)

    def _score(self, use_global):
        raise NotImplementedError()

    def update(self, labels, preds):
        labels, preds = check_label_shapes(labels, preds, True)
        counts = self.metrics
        for label, pred in zip(labels, preds):
            counts.update_binary_stats(label, pred)
        if self.average == "macro":
            self.sum_metric += self._score(False)
            self.global_sum_metric += self._score(True)
            self.num_inst += 1
            self.global_num_inst += 1
            counts.reset_stats()
        else:
            self.num_inst, self.global_num_inst = counts.total_examples, counts.global_total_examples
            self.sum_metric = self._score(False) * self.num_inst
            self.global_sum_metric = self._score(True) * self.global_num_inst

    def reset_local(self):
        super(_BinaryScore, self).reset_local()
        self.metrics.local_reset_stats()

    def reset(self):
        super(_BinaryScore, self).reset()
        self.metrics.reset_stats()


@register
class F1(_BinaryScore):
    """The F1 score (harmonic mean of precision and recall) of a binary classifier whose predictions
    hold two class scores per sample and whose labels are 0 or 1.

    Parameters
    ----------
    average : {'macro', 'micro'}, default 'macro'
        'macro': the mean of the F1 of each update; 'micro': the F1 of all the samples seen.
    """

    def __init__(self, name='f1', output_names=None, label_names=None, average="macro"):
        super(F1, self).__init__(name, output_names, label_names, average)

    def _score(self, use_global):
        return self.metrics.global_fscore if use_global else self.metrics.fscore


@register
class MCC(_BinaryScore):
    """The Matthews correlation coefficient of a binary classifier (predictions: two class scores per
    sample; labels 0 or 1). Unlike F1 it accounts for true negatives, so it stays informative when one
    class is rare.

    Parameters
    ----------
    average : {'macro', 'micro'}, default 'macro'
        'macro': the mean of the MCC of each update; 'micro': the MCC of all the samples seen.
    """

    _zero_count = 0.

    def __init__(self, name='mcc', output_names=None, label_names=None, average="macro"):
        super(MCC, self).__init__(name, output_names, label_names, average)

    def _score(self, use_global):
        return self.metrics.matthewscc(use_global)


@register
class Perplexity(EvalMetric):
    """Perplexity: exp of the mean negative log-probability that the predictions give the labels
    (probabilities are clipped below at 1e-10).

    Parameters
    ----------
    ignore_label : int or None
        Samples with this label do not count.
    axis : int, default -1
        The class axis of the predictions.
    """

    def __init__(self, ignore_label, axis=-1, name='perplexity', output_names=None, label_names=None):
        super(Perplexity, self).__init__(name, ignore_label=ignore_label, output_names=output_names,
                                         label_names=label_names, has_global_stats=True)
        self.ignore_label = ignore_label
        self.axis = axis

    def update(self, labels, preds):
        if len(labels) != len(preds):
            raise AssertionError('Perplexity: {} label arrays but {} prediction arrays'.format(
                len(labels), len(preds)))
        nll, count = 0., 0
        for label, pred in zip(labels, preds):
            probs = _tensor(pred)
            if label.size != probs.numel() / probs.shape[-1]:
                raise AssertionError("shape mismatch: %s vs. %s" % (label.shape, pred.shape))
            truth = _tensor(label).to(probs.device).reshape(-1)
            rows = probs.movedim(self.axis, -1).reshape(-1, probs.shape[self.axis])
            if rows.shape[0] != truth.numel():
                raise MXNetError('Perplexity: {} labels for predictions of shape {} with class axis {}'.format(
                    truth.numel(), tuple(probs.shape), self.axis))
            # the label's probability in each row; out-of-range labels are clipped, as MXNet's pick does
            index = truth.to(torch.int32).clamp(0, rows.shape[1] - 1).long().view(-1, 1)
            picked = rows.gather(1, index).view(-1)
            if self.ignore_label is not None:
                skip = (truth == self.ignore_label).to(picked.dtype)
                count -= float(skip.sum())
                picked = picked * (1 - skip) + skip   # probability 1: adds nothing to the sum
            nll -= float(torch.log(torch.clamp(picked, min=1e-10)).sum())
            count += picked.numel()
        self._add(nll, count)

    def _value(self, total, count):
        return float('nan') if count == 0 else math.exp(total / count)


class _Regression(EvalMetric):
    """A regression error computed for each (label, pred) pair (1-D arrays taken as columns) and averaged
    over the pairs."""

    def __init__(self, name, output_names=None, label_names=None):
        super(_Regression, self).__init__(name, output_names=output_names, label_names=label_names,
                                          has_global_stats=True)

    @staticmethod
    def _error(diff):
        raise NotImplementedError()

    def update(self, labels, preds):
        labels, preds = check_label_shapes(labels, preds, True)
        for label, pred in zip(labels, preds):
            label, pred = (a.reshape(len(a), 1) if a.ndim == 1 else a for a in (_host(label), _host(pred)))
            self._add(self._error(label - pred))


@register
class MAE(_Regression):
    """Mean absolute error."""

    def __init__(self, name='mae', output_names=None, label_names=None):
        super(MAE, self).__init__(name, output_names=output_names, label_names=label_names)

    @staticmethod
    def _error(diff):
        return numpy.abs(diff).mean()


@register
class MSE(_Regression):
    """Mean squared error."""

    def __init__(self, name='mse', output_names=None, label_names=None):
        super(MSE, self).__init__(name, output_names=output_names, label_names=label_names)

    @staticmethod
    def _error(diff):
        return (diff ** 2.0).mean()


@register
class RMSE(_Regression):
    """Root mean squared error (the root is taken per pair, then averaged)."""

    def __init__(self, name='rmse', output_names=None, label_names=None):
        super(RMSE, self).__init__(name, output_names=output_names, label_names=label_names)

    @staticmethod
    def _error(diff):
        return numpy.sqrt((diff ** 2.0).mean())


class _LogLoss(EvalMetric):
    """The mean over samples of -log(p + eps), p being the probability a prediction row gives its
    (integer) label."""

    def __init__(self, eps, name, output_names=None, label_names=None):
        super(_LogLoss, self).__init__(name, eps=eps, output_names=output_names, label_names=label_names,
                                       has_global_stats=True)
        self.eps = eps

    def update(self, labels, preds):
        labels, preds = check_label_shapes(labels, preds, True)
        for label, pred in zip(labels, preds):
            truth, probs = _host(label).ravel(), _host(pred)
            rows = probs.shape[0]
            if truth.shape[0] != rows:
                raise AssertionError('{}: {} labels for {} prediction rows'.format(self.name, truth.shape[0], rows))
            picked = probs[numpy.arange(rows, dtype=numpy.int64), numpy.int64(truth)]
            self._add((-numpy.log(picked + self.eps)).sum(), rows)


@register
@alias('ce')
class CrossEntropy(_LogLoss):
    """Cross entropy of class probabilities (one row per sample) against integer labels.

    Parameters
    ----------
    eps : float, default 1e-12
        Added to each probability before its log.
    """

    def __init__(self, eps=1e-12, name='cross-entropy', output_names=None, label_names=None):
        super(CrossEntropy, self).__init__(eps, name, output_names=output_names, label_names=label_names)


@register
@alias('nll_loss')
class NegativeLogLikelihood(_LogLoss):
    """Negative log-likelihood of class probabilities (one row per sample) against integer labels.

    Parameters
    ----------
    eps : float, default 1e-12
        Added to each probability before its log.
    """

    def __init__(self, eps=1e-12, name='nll-loss', output_names=None, label_names=None):
        super(NegativeLogLikelihood, self).__init__(eps, name, output_names=output_names, label_names=label_names)


@register
@alias('pearsonr')
class PearsonCorrelation(EvalMetric):
    """Pearson's correlation coefficient of predictions and labels.

    Parameters
    ----------
    average : {'macro', 'micro'}, default 'macro'
        'macro': the mean of each update's coefficient; 'micro': one coefficient of all the values seen,
        from running moments.
    """

    def __init__(self, name='pearsonr', output_names=None, label_names=None, average='macro'):
        self.average = average
        super(PearsonCorrelation, self).__init__(name, output_names=output_names, label_names=label_names,
                                                 has_global_stats=True)

    def reset_micro(self):
        """Clears the running moments of 'micro' averaging: (count, mean, sum of squared deviations) of
        labels and of predictions, and their co-moment."""
        self._label_moments = self._pred_moments = (0, 0, 0)
        self._comoment = 0

    def reset(self):
        super(PearsonCorrelation, self).reset()
        if self.average == 'micro':
            self.reset_micro()

    @staticmethod
    def update_variance(new_values, *aggregate):
        """(count, mean, sum of squared deviations) after adding `new_values` to `aggregate` (Welford)."""
        count, mean, sq_dev = aggregate
        count = count + len(new_values)
        before = new_values - mean
        mean = mean + numpy.sum(before / count)
        return count, mean, sq_dev + numpy.sum(before * (new_values - mean))

    def update_cov(self, label, pred):
        """Adds a batch to the co-moment (label mean already updated, prediction mean not yet)."""
        self._comoment = self._comoment + numpy.sum(
            (label - self._label_moments[1]) * (pred - self._pred_moments[1]))

    def update(self, labels, preds):
        labels, preds = check_label_shapes(labels, preds, True)
        for label, pred in zip(labels, preds):
            check_label_shapes(label, pred, False, True)
            label, pred = (_host(a).ravel().astype(numpy.float64) for a in (label, pred))
            if self.average == 'macro':
                self._add(numpy.corrcoef(pred, label)[0, 1])
                continue
            self.num_inst += 1
            self.global_num_inst += 1
            self._label_moments = self.update_variance(label, *self._label_moments)
            self.update_cov(label, pred)
            self._pred_moments = self.update_variance(pred, *self._pred_moments)

    def get(self):
        if self.num_inst == 0 or self.average == 'macro':
            return super(PearsonCorrelation, self).get()
        n, _, label_sq = self._label_moments
        pred_sq = self._pred_moments[2]
        return (self.name, self._comoment / ((n - 1) * numpy.sqrt(pred_sq / (n - 1)) * numpy.sqrt(label_sq / (n - 1))))


@register
class PCC(EvalMetric):
    """The Pearson correlation of a multi-class confusion matrix, which generalises the Matthews
    correlation coefficient to any number of classes. Labels and predicted classes are integers (scores
    shaped unlike the labels are reduced by argmax over axis 1); the matrix grows with the largest class
    seen. Its value is that of the accumulated matrix, not an average over updates."""

    _zero_count = 0.

    def __init__(self, name='pcc', output_names=None, label_names=None, has_global_stats=True):
        self.k = 2
        super(PCC, self).__init__(name=name, output_names=output_names, label_names=label_names,
                                  has_global_stats=has_global_stats)

    def _grow(self, inc):
        widen = ((0, inc), (0, inc))
        self.lcm = numpy.pad(self.lcm, widen, 'constant')
        self.gcm = numpy.pad(self.gcm, widen, 'constant')
        self.k += inc

    @staticmethod
    def _calc_mcc(cmat):
        total = cmat.sum()
        predicted, actual = cmat.sum(axis=1), cmat.sum(axis=0)
        spread_p = numpy.sum(predicted * (total - predicted))
        spread_a = numpy.sum(actual * (total - actual))
        if spread_p == 0 or spread_a == 0:
            return float('nan')
        agreement = numpy.sum(cmat.diagonal() * total - predicted * actual)
        return agreement / (spread_p * spread_a) ** 0.5

    def update(self, labels, preds):
        labels, preds = check_label_shapes(labels, preds, True)
        for label, pred in zip(labels, preds):
            truth, guess = _host(label).astype('int32'), _host(pred)
            guess = guess.astype('int32') if guess.shape == truth.shape else guess.argmax(axis=1)
            largest = max(guess.max(), truth.max())
            if largest >= self.k:
                self._grow(largest + 1 - self.k)
            batch = numpy.zeros((self.k, self.k))
            numpy.add.at(batch, (guess.ravel(), truth.ravel()), 1)
            self.lcm += batch
            self.gcm += batch
        # one count per update call, as in MXNet
        self.num_inst += 1
        self.global_num_inst += 1

    # the sums follow from the matrices, so that get() reads the coefficient of the whole matrix
    sum_metric = property(lambda self: self._calc_mcc(self.lcm) * self.num_inst)
    global_sum_metric = property(lambda self: self._calc_mcc(self.gcm) * self.global_num_inst)

    def reset_local(self):
        self.num_inst = self._zero_count
        self.lcm = numpy.zeros((self.k, self.k))

    def reset(self):
        self.reset_local()
        self.global_num_inst = self._zero_count
        self.gcm = numpy.zeros((self.k, self.k))


@register
class Loss(EvalMetric):
    """The mean of loss values: `update` ignores the labels and averages every element of the
    predictions."""

    def __init__(self, name='loss', output_names=None, label_names=None):
        super(Loss, self).__init__(name, output_names=output_names, label_names=label_names,
                                   has_global_stats=True)

    def update(self, _, preds):
        for pred in [preds] if isinstance(preds, _ARRAYS) else preds:
            values = _tensor(pred)
            self._add(values.sum().cpu().numpy()[()], values.numel())


@register
class Torch(Loss):
    """A Loss named 'torch' (MXNet's placeholder for Torch criterions)."""

    def __init__(self, name='torch', output_names=None, label_names=None):
        super(Torch, self).__init__(name, output_names=output_names, label_names=label_names)


@register
class Caffe(Loss):
    """A Loss named 'caffe' (MXNet's placeholder for Caffe criterions)."""

    def __init__(self, name='caffe', output_names=None, label_names=None):
        super(Caffe, self).__init__(name, output_names=output_names, label_names=label_names)


@register
class CustomMetric(EvalMetric):
    """A metric computed by your function ``feval(label, pred)`` of numpy arrays, once per pair: it
    returns a value (averaged over pairs) or ``(sum, count)`` to add to the tallies.

    Parameters
    ----------
    feval : callable
        The function.
    name : str, optional
        Default: feval's name (``custom(<lambda>)`` for a lambda).
    allow_extra_outputs : bool, default False
        Whether there may be more predictions than labels (the extra ones are not looked at).
    """

    def __init__(self, feval, name=None, allow_extra_outputs=False, output_names=None, label_names=None):
        if name is None:
            name = feval.__name__
            if '<' in name:
                name = 'custom(%s)' % name
        self._feval, self._allow_extra_outputs = feval, allow_extra_outputs
        super(CustomMetric, self).__init__(name, output_names=output_names, label_names=label_names,
                                           has_global_stats=True, feval=feval,
                                           allow_extra_outputs=allow_extra_outputs)

    def update(self, labels, preds):
        if not self._allow_extra_outputs:
            labels, preds = check_label_shapes(labels, preds, True)
        for label, pred in zip(labels, preds):
            result = self._feval(_host(label), _host(pred))
            if isinstance(result, tuple):
                total, count = result
                self._add(total, count)
            else:
                self._add(result)

    def get_config(self):
        raise NotImplementedError("CustomMetric cannot be serialized")


# pylint: disable=invalid-name
def np(numpy_feval, name=None, allow_extra_outputs=False):
    """A CustomMetric of ``numpy_feval(label, pred)``, a function of numpy arrays returning a batch's
    value (named after the function unless `name` is given)."""
    return CustomMetric(numpy_feval, name, allow_extra_outputs)
