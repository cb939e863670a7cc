"""Evaluation metrics (mx.metric).

A metric accumulates over ``update(labels, preds)`` calls (lists of NDArrays, or single arrays) and
reports ``get() -> (name, value)``. Besides the local statistics (cleared by ``reset_local``), most metrics
keep global ones (cleared only by ``reset``), read with ``get_global``. ``create`` makes metrics by name
('acc', 'ce', 'top_k_accuracy', ...), from a list (a CompositeEvalMetric) or from a function
(a CustomMetric). Values are MXNet's, including its integer casts of labels and predictions.
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


def _to_numpy(x):
    return x.asnumpy() if isinstance(x, NDArray) else numpy.asarray(x)


def _to_tensor(x):
    return x._t.detach() if isinstance(x, NDArray) else torch.as_tensor(numpy.asarray(x))


def check_label_shapes(labels, preds, wrap=False, shape=False):
    """Checks that `labels` and `preds` agree in length (or, with ``shape=True``, in shape); raises
    ValueError if not. With `wrap`, single arrays are wrapped into lists; returns (labels, preds)."""
    if not shape:
        label_shape, pred_shape = len(labels), len(preds)
    else:
        label_shape, pred_shape = labels.shape, preds.shape
    if label_shape != pred_shape:
        raise ValueError("Shape of labels {} does not match shape of predictions {}".format(label_shape, pred_shape))
    if wrap:
        if isinstance(labels, (NDArray, numpy.ndarray)):
            labels = [labels]
        if isinstance(preds, (NDArray, numpy.ndarray)):
            preds = [preds]
    return labels, preds


def create(metric, *args, **kwargs):
    """Creates a metric: by registered name ('acc', 'f1', 'ce', ...), from a function
    ``feval(label, pred)`` (a CustomMetric), from a list of those (a CompositeEvalMetric), from a
    config dict, or returns an EvalMetric instance unchanged.

    Examples
    --------
    >>> mx.metric.create(['acc', 'ce'])  # doctest: +SKIP
    """
    if callable(metric):
        return CustomMetric(metric, *args, **kwargs)
    if isinstance(metric, list):
        composite = CompositeEvalMetric()
        for child in metric:
            composite.add(create(child, *args, **kwargs))
        return composite
    return _create(metric, *args, **kwargs)


class EvalMetric(object):
    """Base class of evaluation metrics.

    Parameters
    ----------
    name : str
        Name of the metric.
    output_names : list of str, optional
        Names of the predictions to use in `update_dict` (all when None).
    label_names : list of str, optional
        Names of the labels to use in `update_dict` (all when None).
    """

    def __init__(self, name, output_names=None, label_names=None, **kwargs):
        self.name = str(name)
        self.output_names = output_names
        self.label_names = label_names
        self._has_global_stats = kwargs.pop("has_global_stats", False)
        self._kwargs = kwargs
        self.reset()

    def __str__(self):
        return "EvalMetric: {}".format(dict(self.get_name_value()))

    def get_config(self):
        """The metric's configuration as a dict, from which `create` makes an equal metric."""
        config = self._kwargs.copy()
        config.update({'metric': self.__class__.__name__, 'name': self.name,
                       'output_names': self.output_names, 'label_names': self.label_names})
        return config

    def update_dict(self, label, pred):
        """Updates from dicts of name to array (selected by label_names/output_names)."""
        pred = [pred[name] for name in self.output_names] if self.output_names is not None else list(pred.values())
        label = [label[name] for name in self.label_names] if self.label_names is not None \
            else list(label.values())
        self.update(label, pred)

    def update(self, labels, preds):
        """Accumulates the metric over a batch of labels and predictions (lists of NDArray)."""
        raise NotImplementedError()

    def reset(self):
        """Clears the local and global statistics."""
        self.num_inst = 0
        self.sum_metric = 0.0
        self.global_num_inst = 0
        self.global_sum_metric = 0.0

    def reset_local(self):
        """Clears the local statistics only."""
        self.num_inst = 0
        self.sum_metric = 0.0

    def get(self):
        """(name, value) of the local statistics; the value is nan before any update."""
        if self.num_inst == 0:
            return (self.name, float('nan'))
        return (self.name, self.sum_metric / self.num_inst)

    def get_global(self):
        """(name, value) of the global statistics."""
        if self._has_global_stats:
            if self.global_num_inst == 0:
                return (self.name, float('nan'))
            return (self.name, self.global_sum_metric / self.global_num_inst)
        return self.get()

    def get_name_value(self):
        """The local values as a list of (name, value) pairs."""
        name, value = self.get()
        return list(zip(name if isinstance(name, list) else [name], value if isinstance(value, list) else [value]))

    def get_global_name_value(self):
        """The global values as a list of (name, value) pairs."""
        if not self._has_global_stats:
            return self.get_name_value()
        name, value = self.get_global()
        return list(zip(name if isinstance(name, list) else [name], value if isinstance(value, list) else [value]))


# ---- registry: metrics by name ('acc', 'f1', ...) -----------------------------------------------------
register = _registry.get_register_func(EvalMetric, 'metric')
alias = _registry.get_alias_func(EvalMetric, 'metric')
_create = _registry.get_create_func(EvalMetric, 'metric')


@register
@alias('composite')
class CompositeEvalMetric(EvalMetric):
    """Several metrics updated together; `get` returns lists of their names and values.

    Parameters
    ----------
    metrics : list of EvalMetric or str, optional
        The child metrics (created with `create`).
    """

    def __init__(self, metrics=None, name='composite', output_names=None, label_names=None):
        super(CompositeEvalMetric, self).__init__(name, output_names=output_names, label_names=label_names,
                                                  has_global_stats=True)
        self.metrics = [create(i) for i in (metrics or [])]

    def add(self, metric):
        """Adds a child metric (anything `create` accepts)."""
        self.metrics.append(create(metric))

    def get_metric(self, index):
        """The child metric at `index` (MXNet returns, not raises, a ValueError when out of range)."""
        try:
            return self.metrics[index]
        except IndexError:
            return ValueError("Metric index {} is out of range 0 and {}".format(index, len(self.metrics)))

    def update_dict(self, labels, preds):  # pylint: disable=arguments-differ
        if self.label_names is not None:
            labels = OrderedDict([i for i in labels.items() if i[0] in self.label_names])
        if self.output_names is not None:
            preds = OrderedDict([i for i in preds.items() if i[0] in self.output_names])
        for metric in self.metrics:
            metric.update_dict(labels, preds)

    def update(self, labels, preds):
        for metric in self.metrics:
            metric.update(labels, preds)

    def reset(self):
        for metric in getattr(self, 'metrics', ()):
            metric.reset()

    def reset_local(self):
        for metric in getattr(self, 'metrics', ()):
            metric.reset_local()

    def _collect(self, getter):
        names, values = [], []
        for metric in self.metrics:
            name, value = getter(metric)
            names.extend([name] if isinstance(name, string_types) else name)
            values.extend([value] if isinstance(value, numeric_types) else value)
        return (names, values)

    def get(self):
        return self._collect(lambda m: m.get())

    def get_global(self):
        return self._collect(lambda m: m.get_global())

    def get_config(self):
        config = super(CompositeEvalMetric, self).get_config()
        config.update({'metrics': [i.get_config() for i in self.metrics]})
        return config


@register
@alias('acc')
class Accuracy(EvalMetric):
    """Classification accuracy: the fraction of predictions equal to the labels. Predictions shaped
    unlike the labels are class scores, reduced with argmax over `axis`; labels and predicted classes
    are compared as int32.

    Parameters
    ----------
    axis : int, default 1
        The axis of the class scores.
    """

    def __init__(self, axis=1, name='accuracy', output_names=None, label_names=None):
        super(Accuracy, self).__init__(name, axis=axis, output_names=output_names, label_names=label_names,
                                       has_global_stats=True)
        self.axis = axis

    def update(self, labels, preds):
        labels, preds = check_label_shapes(labels, preds, True)
        for label, pred in zip(labels, preds):
            p, l = _to_tensor(pred), _to_tensor(label)
            if p.shape != l.shape:
                p = p.argmax(dim=self.axis)
            p = p.reshape(-1).to(torch.int32)
            l = l.reshape(-1).to(device=p.device).to(torch.int32)
            check_label_shapes(l, p)
            num_correct = int((p == l).sum())
            self.sum_metric += num_correct
            self.global_sum_metric += num_correct
            self.num_inst += p.numel()
            self.global_num_inst += p.numel()


@register
@alias('top_k_accuracy', 'top_k_acc')
class TopKAccuracy(EvalMetric):
    """Top-k accuracy: a prediction counts as correct when the label is among its `top_k` highest scores.

    Parameters
    ----------
    top_k : int
        How many of the best classes count (more than 1; use Accuracy for 1).
    """

    def __init__(self, top_k=1, name='top_k_accuracy', output_names=None, label_names=None):
        super(TopKAccuracy, self).__init__(name, top_k=top_k, output_names=output_names, label_names=label_names,
                                           has_global_stats=True)
        self.top_k = top_k
        assert self.top_k > 1, 'Please use Accuracy if top_k is no more than 1'
        self.name += '_%d' % self.top_k

    def update(self, labels, preds):
        labels, preds = check_label_shapes(labels, preds, True)
        for label, pred in zip(labels, preds):
            assert len(pred.shape) <= 2, 'Predictions should be no more than 2 dims'
            # numpy's argpartition, as MXNet uses, so that ties resolve the same way
            pred_label = numpy.argpartition(_to_numpy(pred).astype('float32'), -self.top_k)
            label = _to_numpy(label).astype('int32')
            check_label_shapes(label, pred_label)
            num_samples = pred_label.shape[0]
            if pred_label.ndim == 1:
                # (MXNet counts this case in the local statistics only)
                self.sum_metric += (pred_label.flat == label.flat).sum()
            elif pred_label.ndim == 2:
                num_classes = pred_label.shape[1]
                for j in range(min(num_classes, self.top_k)):
                    num_correct = (pred_label[:, num_classes - 1 - j].flat == label.flat).sum()
                    self.sum_metric += num_correct
                    self.global_sum_metric += num_correct
            self.num_inst += num_samples
            self.global_num_inst += num_samples


class _BinaryClassificationMetrics(object):
    """Counts of true/false positives/negatives of a binary classifier (local and global)."""

    def __init__(self):
        self.reset_stats()

    def update_binary_stats(self, label, pred):
        """Adds the counts of a batch: `pred` holds two class scores per sample, `label` 0/1."""
        pred = _to_numpy(pred)
        label = _to_numpy(label).astype('int32')
        pred_label = numpy.argmax(pred, axis=1)
        check_label_shapes(label, pred)
        if len(numpy.unique(label)) > 2:
            raise ValueError("%s currently only supports binary classification." % self.__class__.__name__)
        pred_true = (pred_label == 1).astype(numpy.int64)
        pred_false = 1 - pred_true
        label_true = (label == 1).astype(numpy.int64)
        label_false = 1 - label_true
        true_pos = (pred_true * label_true).sum()
        false_pos = (pred_true * label_false).sum()
        false_neg = (pred_false * label_true).sum()
        true_neg = (pred_false * label_false).sum()
        self.true_positives += true_pos
        self.global_true_positives += true_pos
        self.false_positives += false_pos
        self.global_false_positives += false_pos
        self.false_negatives += false_neg
        self.global_false_negatives += false_neg
        self.true_negatives += true_neg
        self.global_true_negatives += true_neg

    @staticmethod
    def _ratio(num, other):
        return float(num) / (num + other) if num + other > 0 else 0.

    @property
    def precision(self):
        return self._ratio(self.true_positives, self.false_positives)

    @property
    def global_precision(self):
        return self._ratio(self.global_true_positives, self.global_false_positives)

    @property
    def recall(self):
        return self._ratio(self.true_positives, self.false_negatives)

    @property
    def global_recall(self):
        return self._ratio(self.global_true_positives, self.global_false_negatives)

    @staticmethod
    def _f(precision, recall):
        return 2 * precision * recall / (precision + recall) if precision + recall > 0 else 0.

    @property
    def fscore(self):
        return self._f(self.precision, self.recall)

    @property
    def global_fscore(self):
        return self._f(self.global_precision, self.global_recall)

    def matthewscc(self, use_global=False):
        """The Matthews correlation coefficient of the local (or global) counts."""
        if use_global:
            if not self.global_total_examples:
                return 0.
            tp, fp = float(self.global_true_positives), float(self.global_false_positives)
            fn, tn = float(self.global_false_negatives), float(self.global_true_negatives)
        else:
            if not self.total_examples:
                return 0.
            tp, fp = float(self.true_positives), float(self.false_positives)
            fn, tn = float(self.false_negatives), float(self.true_negatives)
        denom = 1.
        for t in ((tp + fp), (tp + fn), (tn + fp), (tn + fn)):
            if t != 0.:
                denom *= t
        return ((tp * tn) - (fp * fn)) / math.sqrt(denom)

    @property
    def total_examples(self):
        return self.false_negatives + self.false_positives + self.true_negatives + self.true_positives

    @property
    def global_total_examples(self):
        return self.global_false_negatives + self.global_false_positives + \
            self.global_true_negatives + self.global_true_positives

    def local_reset_stats(self):
        self.false_positives = 0
        self.false_negatives = 0
        self.true_positives = 0
        self.true_negatives = 0

    def reset_stats(self):
        self.local_reset_stats()
        self.global_false_positives = 0
        self.global_false_negatives = 0
        self.global_true_positives = 0
        self.global_true_negatives = 0


@register
class F1(EvalMetric):
    """The F1 score of a binary classifier (predictions: two class scores per sample; labels 0/1).

    Parameters
    ----------
    average : {'macro', 'micro'}
        'macro' averages the F1 of each update; 'micro' computes F1 from the counts of all updates.
    """

    def __init__(self, name='f1', output_names=None, label_names=None, average="macro"):
        self.average = average
        self.metrics = _BinaryClassificationMetrics()
        EvalMetric.__init__(self, name=name, output_names=output_names, label_names=label_names,
                            has_global_stats=True)

    def update(self, labels, preds):
        labels, preds = check_label_shapes(labels, preds, True)
        for label, pred in zip(labels, preds):
            self.metrics.update_binary_stats(label, pred)
        if self.average == "macro":
            self.sum_metric += self.metrics.fscore
            self.global_sum_metric += self.metrics.global_fscore
            self.num_inst += 1
            self.global_num_inst += 1
            self.metrics.reset_stats()
        else:
            self.sum_metric = self.metrics.fscore * self.metrics.total_examples
            self.global_sum_metric = self.metrics.global_fscore * self.metrics.global_total_examples
            self.num_inst = self.metrics.total_examples
            self.global_num_inst = self.metrics.global_total_examples

    def reset(self):
        self.sum_metric = 0.
        self.num_inst = 0
        self.global_num_inst = 0
        self.global_sum_metric = 0.0
        self.metrics.reset_stats()

    def reset_local(self):
        self.sum_metric = 0.
        self.num_inst = 0
        self.metrics.local_reset_stats()


@register
class MCC(EvalMetric):
    """The Matthews correlation coefficient of a binary classifier.

    Parameters
    ----------
    average : {'macro', 'micro'}
        'macro' averages the MCC of each update; 'micro' computes it from the counts of all updates.
    """

    def __init__(self, name='mcc', output_names=None, label_names=None, average="macro"):
        self._average = average
        self._metrics = _BinaryClassificationMetrics()
        EvalMetric.__init__(self, name=name, output_names=output_names, label_names=label_names,
                            has_global_stats=True)

    def update(self, labels, preds):
        labels, preds = check_label_shapes(labels, preds, True)
        for label, pred in zip(labels, preds):
            self._metrics.update_binary_stats(label, pred)
        if self._average == "macro":
            self.sum_metric += self._metrics.matthewscc()
            self.global_sum_metric += self._metrics.matthewscc(use_global=True)
            self.num_inst += 1
            self.global_num_inst += 1
            self._metrics.reset_stats()
        else:
            self.sum_metric = self._metrics.matthewscc() * self._metrics.total_examples
            self.global_sum_metric = self._metrics.matthewscc(use_global=True) * self._metrics.global_total_examples
            self.num_inst = self._metrics.total_examples
            self.global_num_inst = self._metrics.global_total_examples

    def reset(self):
        self.sum_metric = 0.
        self.num_inst = 0.
        self.global_sum_metric = 0.
        self.global_num_inst = 0.
        self._metrics.reset_stats()

    def reset_local(self):
        self.sum_metric = 0.
        self.num_inst = 0.
        self._metrics.local_reset_stats()


@register
class Perplexity(EvalMetric):
    """Perplexity, ``exp(mean negative log-probability of the labels)``.

    Parameters
    ----------
    ignore_label : int or None
        Samples with this label are left out.
    axis : int
        The axis of the class probabilities in the predictions.
    """

    def __init__(self, ignore_label, axis=-1, name='perplexity', output_names=None, label_names=None):
        super(Perplexity, self).__init__(name, ignore_label=ignore_label, output_names=output_names,
                                         label_names=label_names, has_global_stats=True)
        self.ignore_label = ignore_label
        self.axis = axis

    def update(self, labels, preds):
        assert len(labels) == len(preds), 'Perplexity: {} labels but {} predictions'.format(len(labels), len(preds))
        loss = 0.
        num = 0
        for label, pred in zip(labels, preds):
            p = _to_tensor(pred)
            assert label.size == p.numel() / p.shape[-1], "shape mismatch: %s vs. %s" % (label.shape, pred.shape)
            lab = _to_tensor(label).to(p.device).reshape(-1)
            # MXNet's pick (mode 'clip'): the probability of each sample's label along `axis`
            scores = p.movedim(self.axis, -1).reshape(-1, p.shape[self.axis])
            if scores.shape[0] != lab.numel():
                raise MXNetError('Perplexity: {} labels for predictions of shape {} with class axis {}'.format(
                    lab.numel(), tuple(p.shape), self.axis))
            index = lab.to(torch.int32).clamp(0, scores.shape[-1] - 1).long()
            picked = scores.gather(1, index.view(-1, 1)).view(-1)
            if self.ignore_label is not None:
                ignore = (lab == self.ignore_label).to(picked.dtype)
                num -= float(ignore.sum())
                picked = picked * (1 - ignore) + ignore
            loss -= float(torch.log(torch.clamp(picked, min=1e-10)).sum())
            num += picked.numel()
        self.sum_metric += loss
        self.global_sum_metric += loss
        self.num_inst += num
        self.global_num_inst += num

    def get(self):
        if self.num_inst == 0:
            return (self.name, float('nan'))
        return (self.name, math.exp(self.sum_metric / self.num_inst))

    def get_global(self):
        if self.global_num_inst == 0:
            return (self.name, float('nan'))
        return (self.name, math.exp(self.global_sum_metric / self.global_num_inst))


class _Regression(EvalMetric):
    """Regression metrics: one value per (label, pred) pair, 1-D arrays read as columns."""

    def __init__(self, name, output_names=None, label_names=None):
        super(_Regression, self).__init__(name, output_names=output_names, label_names=label_names,
                                          has_global_stats=True)

    @staticmethod
    def _value(label, pred):
        raise NotImplementedError()

    def update(self, labels, preds):
        labels, preds = check_label_shapes(labels, preds, True)
        for label, pred in zip(labels, preds):
            label, pred = _to_numpy(label), _to_numpy(pred)
            if label.ndim == 1:
                label = label.reshape(label.shape[0], 1)
            if pred.ndim == 1:
                pred = pred.reshape(pred.shape[0], 1)
            value = self._value(label, pred)
            self.sum_metric += value
            self.global_sum_metric += value
            self.num_inst += 1
            self.global_num_inst += 1


@register
class MAE(_Regression):
    """Mean absolute error, averaged over updates."""

    def __init__(self, name='mae', output_names=None, label_names=None):
        super(MAE, self).__init__(name, output_names=output_names, label_names=label_names)

    @staticmethod
    def _value(label, pred):
        return numpy.abs(label - pred).mean()


@register
class MSE(_Regression):
    """Mean squared error, averaged over updates."""

    def __init__(self, name='mse', output_names=None, label_names=None):
        super(MSE, self).__init__(name, output_names=output_names, label_names=label_names)

    @staticmethod
    def _value(label, pred):
        return ((label - pred) ** 2.0).mean()


@register
class RMSE(_Regression):
    """Root mean squared error, averaged over updates."""

    def __init__(self, name='rmse', output_names=None, label_names=None):
        super(RMSE, self).__init__(name, output_names=output_names, label_names=label_names)

    @staticmethod
    def _value(label, pred):
        return numpy.sqrt(((label - pred) ** 2.0).mean())


class _LogLoss(EvalMetric):
    """Mean of -log(probability of the label + eps) over samples."""

    def __init__(self, eps, name, output_names=None, label_names=None):
        super(_LogLoss, self).__init__(name, eps=eps, output_names=output_names, label_names=label_names,
                                       has_global_stats=True)
        self.eps = eps

    def update(self, labels, preds):
        labels, preds = check_label_shapes(labels, preds, True)
        for label, pred in zip(labels, preds):
            label, pred = _to_numpy(label).ravel(), _to_numpy(pred)
            num_examples = pred.shape[0]
            assert label.shape[0] == num_examples, (label.shape[0], num_examples)
            prob = pred[numpy.arange(num_examples, dtype=numpy.int64), numpy.int64(label)]
            value = (-numpy.log(prob + self.eps)).sum()
            self.sum_metric += value
            self.global_sum_metric += value
            self.num_inst += num_examples
            self.global_num_inst += num_examples


@register
@alias('ce')
class CrossEntropy(_LogLoss):
    """Cross entropy of predicted class probabilities against integer labels.

    Parameters
    ----------
    eps : float
        Added to the probabilities before the log.
    """

    def __init__(self, eps=1e-12, name='cross-entropy', output_names=None, label_names=None):
        super(CrossEntropy, self).__init__(eps, name, output_names=output_names, label_names=label_names)


@register
@alias('nll_loss')
class NegativeLogLikelihood(_LogLoss):
    """Negative log-likelihood of predicted class probabilities against integer labels.

    Parameters
    ----------
    eps : float
        Added to the probabilities before the log.
    """

    def __init__(self, eps=1e-12, name='nll-loss', output_names=None, label_names=None):
        super(NegativeLogLikelihood, self).__init__(eps, name, output_names=output_names, label_names=label_names)


@register
@alias('pearsonr')
class PearsonCorrelation(EvalMetric):
    """Pearson correlation between labels and predictions.

    Parameters
    ----------
    average : {'macro', 'micro'}
        'macro' averages the correlation of each update; 'micro' computes one correlation over all the
        values seen (streaming moments).
    """

    def __init__(self, name='pearsonr', output_names=None, label_names=None, average='macro'):
        self.average = average
        super(PearsonCorrelation, self).__init__(name, output_names=output_names, label_names=label_names,
                                                 has_global_stats=True)
        if self.average == 'micro':
            self.reset_micro()

    def reset_micro(self):
        self._sse_p = 0
        self._mean_p = 0
        self._sse_l = 0
        self._mean_l = 0
        self._pred_nums = 0
        self._label_nums = 0
        self._conv = 0

    def reset(self):
        self.num_inst = 0
        self.sum_metric = 0.0
        self.global_num_inst = 0
        self.global_sum_metric = 0.0
        if self.average == 'micro':
            self.reset_micro()

    @staticmethod
    def update_variance(new_values, *aggregate):
        """Welford's update of (count, mean, sum of squared deviations) with `new_values`."""
        count, mean, m_2 = aggregate
        count += len(new_values)
        delta = new_values - mean
        mean += numpy.sum(delta / count)
        delta_2 = new_values - mean
        m_2 += numpy.sum(delta * delta_2)
        return count, mean, m_2

    def update_cov(self, label, pred):
        self._conv = self._conv + numpy.sum((label - self._mean_l) * (pred - self._mean_p))

    def update(self, labels, preds):
        labels, preds = check_label_shapes(labels, preds, True)
        for label, pred in zip(labels, preds):
            check_label_shapes(label, pred, False, True)
            label = _to_numpy(label).ravel().astype(numpy.float64)
            pred = _to_numpy(pred).ravel().astype(numpy.float64)
            if self.average == 'macro':
                pearson_corr = numpy.corrcoef(pred, label)[0, 1]
                self.sum_metric += pearson_corr
                self.global_sum_metric += pearson_corr
                self.num_inst += 1
                self.global_num_inst += 1
            else:
                self.global_num_inst += 1
                self.num_inst += 1
                self._label_nums, self._mean_l, self._sse_l = \
                    self.update_variance(label, self._label_nums, self._mean_l, self._sse_l)
                self.update_cov(label, pred)
                self._pred_nums, self._mean_p, self._sse_p = \
                    self.update_variance(pred, self._pred_nums, self._mean_p, self._sse_p)

    def get(self):
        if self.num_inst == 0:
            return (self.name, float('nan'))
        if self.average == 'macro':
            return (self.name, self.sum_metric / self.num_inst)
        n = self._label_nums
        pearsonr = self._conv / ((n - 1) * numpy.sqrt(self._sse_p / (n - 1)) * numpy.sqrt(self._sse_l / (n - 1)))
        return (self.name, pearsonr)


@register
class PCC(EvalMetric):
    """Pearson correlation coefficient of a (multi-class) confusion matrix: the multi-class
    generalisation of the Matthews correlation coefficient. Labels and predicted classes are integers;
    predictions shaped unlike the labels are class scores (argmax over axis 1)."""

    def __init__(self, name='pcc', output_names=None, label_names=None, has_global_stats=True):
        self.k = 2
        super(PCC, self).__init__(name=name, output_names=output_names, label_names=label_names,
                                  has_global_stats=has_global_stats)

    def _grow(self, inc):
        self.lcm = numpy.pad(self.lcm, ((0, inc), (0, inc)), 'constant', constant_values=(0))
        self.gcm = numpy.pad(self.gcm, ((0, inc), (0, inc)), 'constant', constant_values=(0))
        self.k += inc

    @staticmethod
    def _calc_mcc(cmat):
        n = cmat.sum()
        x = cmat.sum(axis=1)
        y = cmat.sum(axis=0)
        cov_xx = numpy.sum(x * (n - x))
        cov_yy = numpy.sum(y * (n - y))
        if cov_xx == 0 or cov_yy == 0:
            return float('nan')
        i = cmat.diagonal()
        cov_xy = numpy.sum(i * n - x * y)
        return cov_xy / (cov_xx * cov_yy) ** 0.5

    def update(self, labels, preds):
        labels, preds = check_label_shapes(labels, preds, True)
        for label, pred in zip(labels, preds):
            label = _to_numpy(label).astype('int32')
            pred = _to_numpy(pred)
            pred = pred.argmax(axis=1) if pred.shape != label.shape else pred.astype('int32')
            n = max(pred.max(), label.max())
            if n >= self.k:
                self._grow(n + 1 - self.k)
            bcm = numpy.zeros((self.k, self.k))
            numpy.add.at(bcm, (pred.ravel(), label.ravel()), 1)
            self.lcm += bcm
            self.gcm += bcm
        self.num_inst += 1
        self.global_num_inst += 1

    @property
    def sum_metric(self):
        return self._calc_mcc(self.lcm) * self.num_inst

    @property
    def global_sum_metric(self):
        return self._calc_mcc(self.gcm) * self.global_num_inst

    def reset(self):
        self.global_num_inst = 0.
        self.gcm = numpy.zeros((self.k, self.k))
        self.reset_local()

    def reset_local(self):
        self.num_inst = 0.
        self.lcm = numpy.zeros((self.k, self.k))


@register
class Loss(EvalMetric):
    """The mean of loss values: ``update`` ignores labels and averages the predictions' elements."""

    def __init__(self, name='loss', output_names=None, label_names=None):
        super(Loss, self).__init__(name, output_names=output_names, label_names=label_names,
                                   has_global_stats=True)

    def update(self, _, preds):
        if isinstance(preds, (NDArray, numpy.ndarray)):
            preds = [preds]
        for pred in preds:
            t = _to_tensor(pred)
            loss = t.sum().cpu().numpy()[()]
            self.sum_metric += loss
            self.global_sum_metric += loss
            self.num_inst += t.numel()
            self.global_num_inst += t.numel()


@register
class Torch(Loss):
    """Dummy metric for torch criterions (a Loss)."""

    def __init__(self, name='torch', output_names=None, label_names=None):
        super(Torch, self).__init__(name, output_names=output_names, label_names=label_names)


@register
class Caffe(Loss):
    """Dummy metric for caffe criterions (a Loss)."""

    def __init__(self, name='caffe', output_names=None, label_names=None):
        super(Caffe, self).__init__(name, output_names=output_names, label_names=label_names)


@register
class CustomMetric(EvalMetric):
    """A metric computed by a function ``feval(label, pred)`` of numpy arrays, returning a value (averaged
    over updates) or a tuple ``(sum_metric, num_inst)``.

    Parameters
    ----------
    feval : callable(label, pred)
        The function computing the metric.
    name : str, optional
        The metric's name (feval's name by default).
    allow_extra_outputs : bool, optional
        Allow more predictions than labels (extra ones are ignored).
    """

    def __init__(self, feval, name=None, allow_extra_outputs=False, output_names=None, label_names=None):
        if name is None:
            name = feval.__name__
            if name.find('<') != -1:
                name = 'custom(%s)' % name
        super(CustomMetric, self).__init__(name, feval=feval, allow_extra_outputs=allow_extra_outputs,
                                           output_names=output_names, label_names=label_names,
                                           has_global_stats=True)
        self._feval = feval
        self._allow_extra_outputs = allow_extra_outputs

    def update(self, labels, preds):
        if not self._allow_extra_outputs:
            labels, preds = check_label_shapes(labels, preds, True)
        for pred, label in zip(preds, labels):
            reval = self._feval(_to_numpy(label), _to_numpy(pred))
            if isinstance(reval, tuple):
                (sum_metric, num_inst) = reval
                self.sum_metric += sum_metric
                self.global_sum_metric += sum_metric
                self.num_inst += num_inst
                self.global_num_inst += num_inst
            else:
                self.sum_metric += reval
                self.global_sum_metric += reval
                self.num_inst += 1
                self.global_num_inst += 1

    def get_config(self):
        raise NotImplementedError("CustomMetric cannot be serialized")


# pylint: disable=invalid-name
def np(numpy_feval, name=None, allow_extra_outputs=False):
    """A CustomMetric from a function ``numpy_feval(label, pred)`` of numpy arrays.

    Parameters
    ----------
    numpy_feval : callable(label, pred)
        Returns the metric value of a batch.
    name : str, optional
        The metric's name.
    allow_extra_outputs : bool, optional
        Allow more predictions than labels.
    """
    def feval(label, pred):
        return numpy_feval(label, pred)
    feval.__name__ = numpy_feval.__name__
    return CustomMetric(feval, name, allow_extra_outputs)
