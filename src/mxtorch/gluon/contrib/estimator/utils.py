"""Helpers the estimator and its event handlers share: checking metric arguments, checking that handlers
refer only to the estimator's own metrics, and the metric a loss suggests."""
from ....metric import Accuracy, CompositeEvalMetric, EvalMetric
from ...loss import SoftmaxCrossEntropyLoss


def _check_metrics(metrics):
    """A flat list of EvalMetric from None, one metric, a CompositeEvalMetric (its members, recursively) or
    a list of metrics; anything else is a ValueError."""
    if isinstance(metrics, CompositeEvalMetric):
        flat = []
        for member in metrics.metrics:
            flat.extend(_check_metrics(member))
        return flat
    if isinstance(metrics, EvalMetric):
        return [metrics]
    metrics = metrics or []
    for m in metrics:
        if not isinstance(m, EvalMetric):
            raise ValueError("metrics must be a Metric or a list of Metric, refer to "
                             "mxnet.metric.EvalMetric: {}".format(metrics))
    return metrics


def _check_metric_known(handler, metric, known_metrics):
    if metric in known_metrics:
        return
    raise ValueError('Event handler {} refers to a metric instance {} outside of the known training and '
                     'validation metrics. Please use the metrics from estimator.train_metrics and '
                     'estimator.val_metrics instead.'.format(type(handler).__name__, metric))


def _check_handler_metric_ref(handler, known_metrics):
    # As in MXNet 1.9.1, only attributes whose name contains 'metric' are looked at (a `monitor` is not).
    for attr in dir(handler):
        if 'metric' not in attr:
            continue
        ref = getattr(handler, attr)
        if not ref:
            continue
        for metric in (ref if isinstance(ref, list) else [ref]):
            _check_metric_known(handler, metric, known_metrics)


def _suggest_metric_for_loss(loss):
    """Accuracy for a softmax cross-entropy loss, else None."""
    return Accuracy() if isinstance(loss, SoftmaxCrossEntropyLoss) else None
