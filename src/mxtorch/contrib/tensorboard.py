"""``mx.contrib.tensorboard``: a callback that writes the evaluation metrics of ``Module.fit`` (its
``batch_end_callback``/``eval_end_callback``) to TensorBoard event files.

MXNet writes them with mxboard's SummaryWriter. mxtorch uses mxboard's when it is installed and otherwise
PyTorch's own (``torch.utils.tensorboard``, which needs the ``tensorboard`` package); with neither, it logs
MXNet's hint as an error, and the callback has no writer (calling it is an AttributeError, as in MXNet)."""
import importlib
import logging


def _summary_writer(logging_dir):
    """mxboard's SummaryWriter, else torch's (it needs the tensorboard package), else None."""
    for module in ('mxboard', 'torch.utils.tensorboard'):
        try:
            writer_class = getattr(importlib.import_module(module), 'SummaryWriter')
        except ImportError:
            continue
        return writer_class(logging_dir)
    return None


class LogMetricsCallback(object):
    """Write the metric values of each call as TensorBoard scalars, one point per epoch.

    Parameters
    ----------
    logging_dir : str
        Directory of the event files (``tensorboard --logdir=<it>`` shows them).
    prefix : str, optional
        Put before each metric name as ``'<prefix>-<name>'``, so that for instance the training and
        validation values of a metric get separate names.

    Examples
    --------
    >>> module.fit(train_iter, eval_data=val_iter,
    ...            batch_end_callback=mx.contrib.tensorboard.LogMetricsCallback('logs/train'),
    ...            eval_end_callback=mx.contrib.tensorboard.LogMetricsCallback('logs/eval'))
    """
    def __init__(self, logging_dir, prefix=None):
        self.prefix = prefix
        writer = _summary_writer(logging_dir)
        if writer is None:
            logging.error('You can install mxboard via `pip install mxboard`.')
        else:
            self.summary_writer = writer

    def __call__(self, param):
        """Add one scalar per metric value of ``param.eval_metric`` at step ``param.epoch``."""
        if param.eval_metric is None:
            return
        for name, value in param.eval_metric.get_name_value():
            if self.prefix is not None:
                name = '{}-{}'.format(self.prefix, name)
            self.summary_writer.add_scalar(name, value, global_step=param.epoch)
