"""Samplers: iterables of sample indices (or of lists of indices, for BatchSampler) that decide which
samples of a dataset are read and in which order."""
import numpy as np

__all__ = ['Sampler', 'SequentialSampler', 'RandomSampler', 'FilterSampler', 'BatchSampler',
           'IntervalSampler']

_LAST_BATCH = ('keep', 'discard', 'rollover')


class Sampler:
    """Base class for samplers.

    A sampler defines ``__iter__`` (the indices, in order) and ``__len__`` (how many it yields)."""

    def __iter__(self):
        raise NotImplementedError

    def __len__(self):
        raise NotImplementedError


def _count(value, name, cls):
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, np.integer)) or value < 0:
        raise ValueError('{}: {} must be a non-negative integer, got {!r}'.format(cls, name, value))
    return int(value)


class SequentialSampler(Sampler):
    """Samples the indices ``start, start + 1, ..., start + length - 1`` in order.

    Parameters
    ----------
    length : int
        Number of indices.
    start : int, default 0
        The first index.
    """

    def __init__(self, length, start=0):
        self._length = _count(length, 'length', 'SequentialSampler')
        self._start = int(start)

    def __iter__(self):
        return iter(range(self._start, self._start + self._length))

    def __len__(self):
        return self._length


class RandomSampler(Sampler):
    """Samples the indices ``0 .. length - 1`` in a random order (without replacement), a new order
    on every pass. The order is drawn from numpy's global random generator, as in MXNet.

    Parameters
    ----------
    length : int
        Number of indices.
    """

    def __init__(self, length):
        self._length = _count(length, 'length', 'RandomSampler')

    def __iter__(self):
        indices = np.arange(self._length)
        np.random.shuffle(indices)
        return iter(indices)

    def __len__(self):
        return self._length


class FilterSampler(Sampler):
    """Samples, in order, the indices of the samples of `dataset` for which ``fn(sample)`` is true.

    The dataset is scanned once, when the sampler is made.

    Parameters
    ----------
    fn : callable
        Takes a sample and returns whether to keep it.
    dataset : Dataset
        The dataset to filter.
    """

    def __init__(self, fn, dataset):
        if not callable(fn):
            raise TypeError('FilterSampler: fn must be callable, got {}'.format(type(fn).__name__))
        self._fn = fn
        self._dataset = dataset
        self._indices = [i for i in range(len(dataset)) if fn(dataset[i])]

    def __iter__(self):
        return iter(self._indices)

    def __len__(self):
        return len(self._indices)


class IntervalSampler(Sampler):
    """Samples ``0, interval, 2*interval, ...`` then, with `rollover`, ``1, 1+interval, ...`` and so on,
    until every index below `length` was visited once.

    Parameters
    ----------
    length : int
        Length of the sequence.
    interval : int
        The step between two consecutive indices of a pass.
    rollover : bool, default True
        Whether to start again from the next offset after a pass; if False only the first pass
        (offset 0) is sampled.
    """

    def __init__(self, length, interval, rollover=True):
        self._length = _count(length, 'length', 'IntervalSampler')
        interval = _count(interval, 'interval', 'IntervalSampler')
        if not 0 < interval <= max(self._length, 1):
            raise ValueError('IntervalSampler: interval {} must be in [1, length={}]'.format(
                interval, self._length))
        self._interval = interval
        self._rollover = rollover

    def __iter__(self):
        for offset in range(self._interval if self._rollover else 1):
            yield from range(offset, self._length, self._interval)

    def __len__(self):
        if self._rollover:
            return self._length
        return (self._length + self._interval - 1) // self._interval


class BatchSampler(Sampler):
    """Groups the indices of another sampler into mini-batches (lists of indices).

    Parameters
    ----------
    sampler : Sampler
        The source of indices.
    batch_size : int
        Size of a mini-batch.
    last_batch : {'keep', 'discard', 'rollover'}
        What happens to a last batch smaller than `batch_size`: 'keep' yields it, 'discard' drops it,
        'rollover' keeps its indices for the start of the next pass.

    Examples
    --------
    >>> list(gluon.data.BatchSampler(gluon.data.SequentialSampler(10), 3, 'keep'))
    [[0, 1, 2], [3, 4, 5], [6, 7, 8], [9]]
    """

    def __init__(self, sampler, batch_size, last_batch='keep'):
        if isinstance(batch_size, (bool, np.bool_)) or not isinstance(batch_size, (int, np.integer)) \
                or batch_size <= 0:
            raise ValueError('BatchSampler: batch_size must be a positive integer, got {!r}'.format(batch_size))
        if last_batch not in _LAST_BATCH:
            raise ValueError("last_batch must be one of 'keep', 'discard', or 'rollover', but got {!r}".format(
                last_batch))
        self._sampler = sampler
        self._batch_size = int(batch_size)
        self._last_batch = last_batch
        self._prev = []

    def __iter__(self):
        batch, self._prev = self._prev, []
        size = self._batch_size
        for i in self._sampler:
            batch.append(i)
            if len(batch) == size:
                yield batch
                batch = []
        if batch:
            if self._last_batch == 'keep':
                yield batch
            elif self._last_batch == 'rollover':
                self._prev = batch

    def __len__(self):
        n = len(self._sampler)
        if self._last_batch == 'keep':
            return (n + self._batch_size - 1) // self._batch_size
        if self._last_batch == 'discard':
            return n // self._batch_size
        return (len(self._prev) + n) // self._batch_size
