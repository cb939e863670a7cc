"""Datasets: indexable collections of samples (``__getitem__`` and ``__len__``)."""
import numbers
import os

from ... import recordio
from ...ndarray import NDArray

__all__ = ['Dataset', 'SimpleDataset', 'ArrayDataset', 'RecordFileDataset']


class Dataset:
    """Abstract dataset class. All datasets have this interface.

    Subclasses override `__getitem__`, which returns the i-th sample, and `__len__`, which returns the
    number of samples. An NDArray, a numpy array or a list can be used as a dataset directly.
    """

    def __getitem__(self, idx):
        raise NotImplementedError

    def __len__(self):
        raise NotImplementedError

    def filter(self, fn):
        """A new dataset holding only the samples for which ``fn(sample)`` is true.

        The dataset is scanned once, now; the samples of the result are read again from this
        dataset (so a lazy transform runs again on access).

        Parameters
        ----------
        fn : callable
            Takes a sample, returns whether to keep it.

        Returns
        -------
        Dataset
        """
        from .sampler import FilterSampler
        return _SampledDataset(self, FilterSampler(fn, self))

    def shard(self, num_shards, index):
        """A new dataset with the `index`-th of `num_shards` contiguous, nearly equal parts of this one
        (the first ``len % num_shards`` parts have one sample more).

        Shard before shuffling when each worker of a distributed job must see its own subset.

        Parameters
        ----------
        num_shards : int
            Number of parts.
        index : int
            Which part, from 0.

        Returns
        -------
        Dataset
        """
        if not isinstance(num_shards, numbers.Integral) or num_shards <= 0:
            raise ValueError('shard: num_shards must be a positive integer, got {!r}'.format(num_shards))
        if not isinstance(index, numbers.Integral) or not 0 <= index < num_shards:
            raise ValueError('shard: index {!r} is out of bounds for {} shards'.format(index, num_shards))
        length = len(self)
        shard_len, rest = divmod(length, num_shards)
        start = shard_len * index + min(index, rest)
        end = start + shard_len + (index < rest)
        from .sampler import SequentialSampler
        return _SampledDataset(self, SequentialSampler(end - start, start))

    def take(self, count):
        """A new dataset with the first `count` samples (all of them when `count` is None or larger
        than the dataset).

        Parameters
        ----------
        count : int or None

        Returns
        -------
        Dataset
        """
        if count is None or count > len(self):
            count = len(self)
        from .sampler import SequentialSampler
        return _SampledDataset(self, SequentialSampler(count))

    def sample(self, sampler):
        """A new dataset with the samples whose indices `sampler` yields, in its order.

        Parameters
        ----------
        sampler : Sampler

        Returns
        -------
        Dataset
        """
        from .sampler import Sampler
        if not isinstance(sampler, Sampler):
            raise TypeError('Invalid sampler type: {}. Expected gluon.data.Sampler instead.'.format(
                type(sampler)))
        return _SampledDataset(self, sampler)

    def transform(self, fn, lazy=True):
        """A new dataset with each sample transformed by `fn`.

        A sample that is a tuple is passed as separate arguments: ``fn(*sample)``.

        Parameters
        ----------
        fn : callable
            Takes a sample and returns the transformed sample.
        lazy : bool, default True
            If True each sample is transformed when it is read (a random `fn` gives new results on
            every pass); if False all samples are transformed now, once.

        Returns
        -------
        Dataset
        """
        if not callable(fn):
            raise TypeError('transform: fn must be callable, got {}'.format(type(fn).__name__))
        trans = _LazyTransformDataset(self, fn)
        if lazy:
            return trans
        return SimpleDataset([trans[i] for i in range(len(trans))])

    def transform_first(self, fn, lazy=True):
        """A new dataset with the first element of each sample transformed by `fn` (the others, such
        as labels, are kept as they are).

        Parameters
        ----------
        fn : callable
            Takes the first element of a sample and returns its transformed value.
        lazy : bool, default True
            As in :meth:`transform`.

        Returns
        -------
        Dataset
        """
        if not callable(fn):
            raise TypeError('transform_first: fn must be callable, got {}'.format(type(fn).__name__))
        return self.transform(_TransformFirstClosure(fn), lazy)


class SimpleDataset(Dataset):
    """A dataset wrapping any object that has ``len()`` and ``[]`` (a list, an array, ...).

    Parameters
    ----------
    data : dataset-like object
    """

    def __init__(self, data):
        self._data = data

    def __len__(self):
        return len(self._data)

    def __getitem__(self, idx):
        return self._data[idx]


class _LazyTransformDataset(Dataset):
    """A dataset whose samples are transformed when read."""

    def __init__(self, data, fn):
        self._data = data
        self._fn = fn

    def __len__(self):
        return len(self._data)

    def __getitem__(self, idx):
        item = self._data[idx]
        if isinstance(item, tuple):
            return self._fn(*item)
        return self._fn(item)


class _TransformFirstClosure:
    """Applies fn to the first of its arguments; a class rather than a closure so that worker
    processes can receive it by pickling."""

    def __init__(self, fn):
        self._fn = fn

    def __call__(self, x, *args):
        if args:
            return (self._fn(x),) + args
        return self._fn(x)


class _SampledDataset(Dataset):
    """The samples of a dataset chosen (and ordered) by a sampler."""

    def __init__(self, dataset, sampler):
        self._dataset = dataset
        self._sampler = sampler
        self._indices = list(iter(sampler))

    def __len__(self):
        return len(self._indices)

    def __getitem__(self, idx):
        return self._dataset[self._indices[idx]]


class ArrayDataset(Dataset):
    """A dataset combining several dataset-like objects (datasets, lists, arrays) of the same length:
    the i-th sample is ``(x1[i], x2[i], ...)``, or ``x1[i]`` when there is only one.

    A 1-D NDArray is kept as a numpy array, so that its samples are scalars (as in MXNet).

    Parameters
    ----------
    *args : one or more dataset-like objects
    """

    def __init__(self, *args):
        if not args:
            raise ValueError('ArrayDataset needs at least 1 array')
        self._length = len(args[0])
        self._data = []
        for i, data in enumerate(args):
            if len(data) != self._length:
                raise ValueError('All arrays must have the same length; array[0] has length {} while '
                                 'array[{}] has {}.'.format(self._length, i, len(data)))
            if isinstance(data, NDArray) and data.ndim == 1:
                data = data.asnumpy()
            self._data.append(data)

    def __getitem__(self, idx):
        if len(self._data) == 1:
            return self._data[0][idx]
        return tuple(data[idx] for data in self._data)

    def __len__(self):
        return self._length


class RecordFileDataset(Dataset):
    """A dataset over a RecordIO file (``.rec``, with its index ``.idx`` beside it); each sample is the
    raw bytes of one record.

    Parameters
    ----------
    filename : str
        Path to the .rec file.
    """

    def __init__(self, filename):
        self.idx_file = os.path.splitext(filename)[0] + '.idx'
        self.filename = filename
        self._record = recordio.MXIndexedRecordIO(self.idx_file, self.filename, 'r')

    def __getitem__(self, idx):
        return self._record.read_idx(self._record.keys[idx])

    def __len__(self):
        return len(self._record.keys)


class _DownloadedDataset(Dataset):
    """Base of datasets read from files under `root` (MNIST, CIFAR10, ...), fetched when absent."""

    def __init__(self, root, transform):
        super().__init__()
        self._transform = transform
        self._data = None
        self._label = None
        root = os.path.expanduser(root)
        self._root = root
        os.makedirs(root, exist_ok=True)
        self._get_data()

    def __getitem__(self, idx):
        if self._transform is not None:
            return self._transform(self._data[idx], self._label[idx])
        return self._data[idx], self._label[idx]

    def __len__(self):
        return len(self._label)

    def _get_data(self):
        raise NotImplementedError
