"""Samplers of mx.gluon.contrib.data."""
from ...data import sampler  # noqa: F401  (MXNet's module shows gluon.data.sampler as `sampler`)
from ...data.sampler import Sampler

__all__ = ['IntervalSampler']


class IntervalSampler(Sampler):
    """The indices 0, interval, 2*interval, ... below `length`; with `rollover` (the default) then those
    from 1, from 2, ... so that every index comes once (13, 3 gives 0 3 6 9 12 1 4 7 10 2 5 8 11);
    without, only the first pass (0 3 6 9 12). ``len()`` is `length` either way, as in MXNet."""

    def __init__(self, length, interval, rollover=True):
        if not interval <= length:  # MXNet's assert, kept as an AssertionError under ``python -O`` too
            raise AssertionError('Interval {} must be smaller than or equal to length {}'.format(interval, length))
        self._length, self._interval, self._rollover = length, interval, rollover

    def __iter__(self):
        starts = range(self._interval) if self._rollover else range(1)
        for start in starts:
            yield from range(start, self._length, self._interval)

    def __len__(self):
        return self._length
