"""``mx.monitor`` (``mx.mon``): statistics of the arrays executors compute, gathered every few batches
(``tic`` before a batch, ``toc``/``toc_print`` after it)."""
import logging
import math
from math import sqrt  # noqa: F401  (MXNet's module names it)
import re

from . import ndarray
from .ndarray import NDArray

__all__ = ['Monitor']


def _rms(x):
    """The default statistic: the root mean square, norm(x) / sqrt(size)."""
    return ndarray.norm(x) / math.sqrt(x.size)


def _text(stats):
    """A statistic (an NDArray or a list of them) as toc reports it: each value followed by a tab."""
    if isinstance(stats, NDArray):
        stats = [stats]
    if not isinstance(stats, list):
        raise AssertionError('stat_func must return an NDArray or a list of NDArrays, got {}'.format(
            type(stats).__name__))
    parts = []
    for v in stats:
        if not isinstance(v, NDArray):
            raise AssertionError('stat_func must return NDArrays, got {}'.format(type(v).__name__))
        parts.append(str(v.asscalar()) if v.shape == (1,) else str(v.asnumpy()))
    return ''.join(p + '\t' for p in parts)


class Monitor:
    """Collects ``stat_func(array)`` for the arrays whose names match `pattern` in the batches where
    ``tic`` falls on a multiple of `interval`: every node's outputs (and inputs, with `monitor_all`)
    and input gradients as the executors compute them, then their arguments and auxiliary states at
    ``toc``. Results are (batch number, name, text) triples, sorted by name with `sort`."""

    def __init__(self, interval, stat_func=None, pattern='.*', sort=False, monitor_all=False):
        self.stat_func = _rms if stat_func is None else stat_func
        self.interval, self.sort, self.monitor_all = interval, sort, monitor_all
        self.re_prog = re.compile(pattern)
        self.exes = []           # the executors watched
        self.queue, self.step, self.activated = [], 0, False
        self.stat_helper = self._collect

    def _collect(self, name, array):
        """The executors' callback: note the statistic of `array` while collecting."""
        if self.activated and self.re_prog.match(name):
            self.queue.append((self.step, name, self.stat_func(array)))

    def install(self, exe):
        """Watch executor `exe` (several may be watched)."""
        exe.set_monitor_callback(self.stat_helper, self.monitor_all)
        self.exes.append(exe)

    def tic(self):
        """Start a batch: collecting begins when it is one of every `interval`."""
        if self.step % self.interval == 0:
            self.queue, self.activated = [], True
        self.step += 1

    def toc(self):
        """End the batch: add the executors' arguments and auxiliary states, and return what was
        collected ([] when this batch was not collected)."""
        if not self.activated:
            return []
        for exe in self.exes:
            for name, array in zip(exe._arg_names, exe.arg_arrays):
                self._collect(name, array)
            for name, array in zip(exe._aux_names, exe.aux_arrays):
                self._collect(name, array)
        self.activated = False
        queue, self.queue = self.queue, []
        if self.sort:
            queue.sort(key=lambda entry: entry[1])
        return [(step, name, _text(stats)) for step, name, stats in queue]

    def toc_print(self):
        """End the batch and log what was collected."""
        for step, name, text in self.toc():
            logging.info('Batch: {:7d} {:30s} {:s}'.format(step, name, text))
