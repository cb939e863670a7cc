"""Samplers: iterables of dataset indices that decide which samples are read, and in which order
(BatchSampler groups them into lists, one per mini-batch)."""
import itertools

import numpy as np

__all__ = ['Sampler', 'SequentialSampler', 'RandomSampler', 'FilterSampler', 'BatchSampler',
           'IntervalSampler']

_LAST_BATCH = ('keep', 'discard', 'rollover')


class Sampler(object):
    """Base class of samplers: a subclass defines ``__iter__`` and ``__len__``."""

    def __iter__(self):
        """The indices, in the order they are to be read."""
        raise NotImplementedError

    def __len__(self):
        """How many indices one pass gives."""
        raise NotImplementedError


def _count(value, name, cls):
    """`value` as a non-negative int, or ValueError naming `cls` and its argument `name`."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, np.integer)) or value < 0:
        raise ValueError('{}: {} must be a non-negative integer, got {!r}'.format(cls, name, value))
    return int(value)


class SequentialSampler(Sampler):
    """The `length` indices from `start` on, in increasing order."""

    def __init__(self, length, start=0):
        self._length = _count(length, 'length', 'SequentialSampler')
        self._start = int(start)

    def __len__(self):
        return self._length

    def __iter__(self):
        first = self._start
        return iter(range(first, first + self._length))


class RandomSampler(Sampler):
    """The indices 0 .. `length` - 1 in a new random order at every pass, drawn from numpy's global
    generator as MXNet draws it (``numpy.random.seed`` makes it repeatable)."""

    def __init__(self, length):
        self._length = _count(length, 'length', 'RandomSampler')

    def __len__(self):
        return self._length

    def __iter__(self):
        return iter(np.random.permutation(self._length))


class FilterSampler(Sampler):
    """The indices, in order, of the samples of `dataset` for which ``fn(sample)`` is true; the dataset
    is read once, here."""

    def __init__(self, fn, dataset):
        if not callable(fn):
            raise TypeError('FilterSampler: fn must be callable, got {}'.format(type(fn).__name__))
        self._fn, self._dataset = fn, dataset
        self._indices = [i for i in range(len(dataset)) if fn(dataset[i])]

    def __len__(self):
        return len(self._indices)

    def __iter__(self):
        return iter(self._indices)


class IntervalSampler(Sampler):
    """Every `interval`-th index below `length`: 0, interval, 2 * interval, ...; with `rollover` (the
    default) then 1, 1 + interval, ... and so on until each index was given once.

    >>> list(gluon.data.IntervalSampler(7, 3))
    [0, 3, 6, 1, 4, 2, 5]
    """

    def __init__(self, length, interval, rollover=True):
        self._length = _count(length, 'length', 'IntervalSampler')
        interval = _count(interval, 'interval', 'IntervalSampler')
        if not 0 < interval <= max(self._length, 1):
            raise AssertionError('IntervalSampler: Interval {} must be smaller than or equal to length {} (and at '
                                 'least 1)'.format(interval, self._length))
        self._interval, self._rollover = interval, rollover

    def __iter__(self):
        offsets = range(self._interval) if self._rollover else (0,)
        return itertools.chain.from_iterable(range(first, self._length, self._interval) for first in offsets)

    def __len__(self):
        if self._rollover:
            return self._length
        return -(-self._length // self._interval)       # the indices of the first pass


class BatchSampler(Sampler):
    """The indices of `sampler` in lists of `batch_size`. A shorter last list is, by `last_batch`:
    'keep' given, 'discard' dropped, 'rollover' put at the start of the next pass.

    >>> list(gluon.data.BatchSampler(gluon.data.SequentialSampler(7), 3, 'keep'))
    [[0, 1, 2], [3, 4, 5], [6]]
    """

    def __init__(self, sampler, batch_size, last_batch='keep'):
        if isinstance(batch_size, (bool, np.bool_)) or not isinstance(batch_size, (int, np.integer)) \
                or batch_size <= 0:
            raise ValueError('BatchSampler: batch_size must be a positive integer, got {!r}'.format(batch_size))
        if last_batch not in _LAST_BATCH:
            raise ValueError("last_batch must be one of 'keep', 'discard', or 'rollover', but got {!r}".format(
                last_batch))
        self._sampler, self._batch_size, self._last_batch = sampler, int(batch_size), last_batch
        self._prev = []                  # indices rolled over from the last pass

    def __iter__(self):
        carried, self._prev = self._prev, []
        indices = iter(self._sampler)
        while True:
            batch = carried + list(itertools.islice(indices, self._batch_size - len(carried)))
            carried = []
            if len(batch) < self._batch_size:
                break
            yield batch
        if not batch:
            return
        if self._last_batch == 'keep':
            yield batch
        elif self._last_batch == 'rollover':
            self._prev = batch

    def __len__(self):
        size = self._batch_size
        if self._last_batch == 'keep':
            return -(-len(self._sampler) // size)
        if self._last_batch == 'discard':
            return len(self._sampler) // size
        return (len(self._prev) + len(self._sampler)) // size
