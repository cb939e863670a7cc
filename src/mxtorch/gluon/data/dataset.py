"""Datasets: sized collections of samples read by position (``len(ds)`` and ``ds[i]``)."""
import numbers
import os

from ... import recordio
from ...ndarray import NDArray
from .sampler import Sampler

__all__ = ['Dataset', 'SimpleDataset', 'ArrayDataset', 'RecordFileDataset']


class Dataset(object):
    """Base class of datasets: a subclass defines ``__getitem__`` and ``__len__``. Lists, numpy arrays
    and NDArrays can serve as datasets as they are.

    The methods below make new datasets from this one; none copies samples except
    ``transform(..., lazy=False)``."""

    def __getitem__(self, idx):
        """The sample at position `idx`."""
        raise NotImplementedError

    def __len__(self):
        """The number of samples."""
        raise NotImplementedError

    def filter(self, fn):
        """The samples for which ``fn(sample)`` is true. They are chosen now, by reading every sample
        once; reading the result reads this dataset again (so lazy transforms run again)."""
        if not callable(fn):
            raise TypeError('filter: fn must be callable, got {}'.format(type(fn).__name__))
        return _Subset(self, [i for i in range(len(self)) if fn(self[i])])

    def shard(self, num_shards, index):
        """Part `index` of `num_shards` contiguous parts of nearly equal size (the first ``len(self) %
        num_shards`` parts hold one sample more). For distributed training, shard before shuffling so
        that each worker keeps its own samples."""
        for name, value in (('num_shards', num_shards), ('index', index)):
            if not isinstance(value, numbers.Integral):
                raise AssertionError('shard: {} must be an integer, got {!r}'.format(name, value))
        # MXNet's checks, in its order and words
        if index >= num_shards:
            raise AssertionError('Shard index of out bound: %d out of %d' % (index, num_shards))
        if num_shards <= 0:
            raise AssertionError('Number of shards must be greater than 0')
        if index < 0:
            raise AssertionError('Index must be non-negative')
        base, extra = divmod(len(self), num_shards)
        begin = index * base + min(index, extra)
        return _Subset(self, range(begin, begin + base + (1 if index < extra else 0)))

    def take(self, count):
        """The first `count` samples (all of them for None or a count beyond the length)."""
        if count is not None and (not isinstance(count, numbers.Integral) or count < 0):
            raise ValueError('take: count must be None or a non-negative integer, got {!r}'.format(count))
        total = len(self)
        return _Subset(self, range(total if count is None else min(count, total)))

    def sample(self, sampler):
        """The samples at the indices `sampler` gives, in its order."""
        if not isinstance(sampler, Sampler):
            raise TypeError('Invalid sampler type: {}. Expected gluon.data.Sampler instead.'.format(
                type(sampler)))
        return _Subset(self, list(sampler))

    def transform(self, fn, lazy=True):
        """Each sample passed through `fn` (a tuple sample as separate arguments, ``fn(*sample)``).

        With `lazy` (the default) `fn` runs whenever a sample is read, so a random `fn` gives new values
        every epoch; otherwise it runs now, once per sample, and the results are kept."""
        if not callable(fn):
            raise TypeError('transform: fn must be callable, got {}'.format(type(fn).__name__))
        mapped = _Mapped(self, fn)
        return mapped if lazy else SimpleDataset([mapped[i] for i in range(len(mapped))])

    def transform_first(self, fn, lazy=True):
        """Like ``transform``, with `fn` applied to the first element of each sample only (the data, not
        the label)."""
        if not callable(fn):
            raise TypeError('transform_first: fn must be callable, got {}'.format(type(fn).__name__))
        return self.transform(_TransformFirstClosure(fn), lazy)


class SimpleDataset(Dataset):
    """A dataset over `data`, any object with ``len()`` and ``[]``."""

    def __init__(self, data):
        self._data = data

    def __getitem__(self, idx):
        return self._data[idx]

    def __len__(self):
        return len(self._data)


class _Mapped(Dataset):
    """The samples of `data` passed through `fn` as they are read."""

    def __init__(self, data, fn):
        self._data, self._fn = data, fn

    def __getitem__(self, idx):
        sample = self._data[idx]
        return self._fn(*sample) if isinstance(sample, tuple) else self._fn(sample)

    def __len__(self):
        return len(self._data)


class _TransformFirstClosure(object):
    """``fn`` applied to the first of the arguments, the others returned unchanged. An object rather than
    a closure, so that it pickles into DataLoader worker processes."""

    def __init__(self, fn):
        self._fn = fn

    def __call__(self, first, *rest):
        return (self._fn(first),) + rest if rest else self._fn(first)


class _Subset(Dataset):
    """The samples of `dataset` at `indices` (a sequence), in that order."""

    def __init__(self, dataset, indices):
        self._dataset, self._indices = dataset, indices

    def __getitem__(self, idx):
        return self._dataset[self._indices[idx]]

    def __len__(self):
        return len(self._indices)


class ArrayDataset(Dataset):
    """Several dataset-like objects of one length side by side: sample i is ``(a[i], b[i], ...)``, or
    ``a[i]`` for a single one. A 1-D NDArray is held as a numpy array, so that its samples are numpy
    scalars (as in MXNet)."""

    def __init__(self, *args):
        if not args:
            raise AssertionError('ArrayDataset needs at least 1 array')
        self._length = len(args[0])
        for position, part in enumerate(args):
            if len(part) != self._length:
                raise AssertionError('All arrays must have the same length; array[0] has length {} while '
                                     'array[{}] has {}.'.format(self._length, position, len(part)))
        self._data = [part.asnumpy() if isinstance(part, NDArray) and part.ndim == 1 else part for part in args]

    def __getitem__(self, idx):
        if len(self._data) == 1:
            return self._data[0][idx]
        return tuple(part[idx] for part in self._data)

    def __len__(self):
        return self._length


class RecordFileDataset(Dataset):
    """The records of a RecordIO file `filename` (with its index, the same name ending in .idx) as
    samples of raw bytes."""

    def __init__(self, filename):
        self.filename = filename
        self.idx_file = os.path.splitext(filename)[0] + '.idx'
        self._record = recordio.MXIndexedRecordIO(self.idx_file, self.filename, 'r')

    def __getitem__(self, idx):
        reader = self._record
        return reader.read_idx(reader.keys[idx])

    def __len__(self):
        return len(self._record.keys)


class _DownloadedDataset(Dataset):
    """Base of the datasets kept as files under `root` (MNIST, CIFAR10, ...): a subclass's
    ``_get_data`` finds or fetches them and sets ``_data`` and ``_label``; a sample is
    ``(data[i], label[i])``, through `transform` when one is given."""

    def __init__(self, root, transform):
        super().__init__()
        self._root = os.path.expanduser(root)
        self._transform = transform
        self._data = self._label = None
        os.makedirs(self._root, exist_ok=True)
        self._get_data()

    def __getitem__(self, idx):
        sample = (self._data[idx], self._label[idx])
        return sample if self._transform is None else self._transform(*sample)

    def __len__(self):
        return len(self._label)

    def _get_data(self):
        """Reads the files (fetching those missing) into ``_data`` and ``_label``."""
        raise NotImplementedError
