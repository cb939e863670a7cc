"""The per-batch steps of an Estimator (``fit_batch`` for training, ``evaluate_batch`` for validation),
in a class of their own so that a subclass can replace them."""
from .... import autograd
from ...utils import split_and_load

__all__ = ['BatchProcessor']


class BatchProcessor(object):
    """Runs one batch for an :class:`Estimator`.

    A batch is ``(data, label, ...)``; data and label are split along `batch_axis` over the estimator's
    contexts (``gluon.utils.split_and_load``). Subclass and override :meth:`fit_batch` or
    :meth:`evaluate_batch` for other kinds of batches or models, and pass an instance to the
    Estimator's ``batch_processor``.
    """

    def _get_data_and_label(self, batch, ctx, batch_axis=0):
        shards = [split_and_load(part, ctx_list=ctx, batch_axis=batch_axis) for part in (batch[0], batch[1])]
        return shards[0], shards[1]

    def evaluate_batch(self, estimator, val_batch, batch_axis=0):
        """Predictions and losses of ``estimator.val_net`` and ``estimator.val_loss`` on one batch.

        Returns ``(data, label, pred, loss)``, each a list with one NDArray per context.
        """
        data, label = self._get_data_and_label(val_batch, estimator.context, batch_axis)
        net, objective = estimator.val_net, estimator.val_loss
        pred = [net(x) for x in data]
        loss = [objective(out, y) for out, y in zip(pred, label)]
        return data, label, pred, loss

    def fit_batch(self, estimator, train_batch, batch_axis=0):
        """Forward and backward of ``estimator.net`` and ``estimator.loss`` on one batch (recorded by
        autograd); the parameter update is left to the GradientUpdateHandler.

        Returns ``(data, label, pred, loss)``, each a list with one NDArray per context.
        """
        data, label = self._get_data_and_label(train_batch, estimator.context, batch_axis)
        net, objective = estimator.net, estimator.loss
        with autograd.record():
            pred = [net(x) for x in data]
            loss = [objective(out, y) for out, y in zip(pred, label)]
        for value in loss:
            value.backward()
        return data, label, pred, loss
