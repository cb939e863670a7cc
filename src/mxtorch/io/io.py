"""Data iterators (``mx.io``): the DataIter protocol, DataBatch/DataDesc, and iterators over arrays in
memory (NDArrayIter) or over other iterators (ResizeIter, PrefetchingIter)."""
import threading
from collections import OrderedDict, namedtuple

import numpy as np
import torch

from ..base import MXNetError, mx_real_t
from ..ndarray import NDArray
from ..ndarray.creation import array
from ..ndarray.ndarray import _wrap_like

__all__ = ['DataDesc', 'DataBatch', 'DataIter', 'ResizeIter', 'PrefetchingIter', 'NDArrayIter',
           'MXDataIter', 'CSVIter', 'MNISTIter', 'ImageRecordIter', 'LibSVMIter']


class DataDesc(namedtuple('DataDesc', ['name', 'shape'])):
    """Name, shape, type and layout of one input (data or label) of an iterator.

    `layout` tells what the axes of `shape` are: 'NCHW' for images (N the batch axis, C channels, H
    height, W width), 'NTC' for sequences (T the time axis), and so on.

    Parameters
    ----------
    name : str
        Data name.
    shape : tuple of int
        Data shape.
    dtype : numpy type, default float32
        Data type.
    layout : str, default 'NCHW'
        Data layout.
    """

    def __new__(cls, name, shape, dtype=mx_real_t, layout='NCHW'):
        ret = super().__new__(cls, name, shape)
        ret.dtype = dtype
        ret.layout = layout
        return ret

    def __repr__(self):
        return 'DataDesc[%s,%s,%s,%s]' % (self.name, self.shape, self.dtype, self.layout)

    @staticmethod
    def get_batch_axis(layout):
        """The axis of `layout` that is the batch axis ('N'); 0 when `layout` is None, -1 when it has no
        'N'."""
        if layout is None:
            return 0
        return layout.find('N')

    @staticmethod
    def get_list(shapes, types):
        """DataDescs from ``[(name, shape), ...]`` and, optionally, ``[(name, dtype), ...]``."""
        if types is not None:
            type_dict = dict(types)
            return [DataDesc(x[0], x[1], type_dict[x[0]]) for x in shapes]
        return [DataDesc(x[0], x[1]) for x in shapes]


class DataBatch:
    """One batch of data returned by a data iterator.

    Parameters
    ----------
    data : list of NDArray
        The input data, each with `batch_size` examples along its batch axis.
    label : list of NDArray, optional
        The labels.
    pad : int, optional
        How many examples at the end of the batch are padding (when the data ran out).
    index : numpy.array, optional
        Indices of the examples of the batch.
    bucket_key : int, optional
        The bucket key, for bucketing.
    provide_data : list of DataDesc, optional
        Descriptions of `data`.
    provide_label : list of DataDesc, optional
        Descriptions of `label`.
    """

    def __init__(self, data, label=None, pad=None, index=None, bucket_key=None, provide_data=None,
                 provide_label=None):
        if data is not None and not isinstance(data, (list, tuple)):
            raise TypeError('DataBatch: data must be a list of NDArrays, got {}'.format(type(data).__name__))
        if label is not None and not isinstance(label, (list, tuple)):
            raise TypeError('DataBatch: label must be a list of NDArrays, got {}'.format(type(label).__name__))
        self.data = data
        self.label = label
        self.pad = pad
        self.index = index
        self.bucket_key = bucket_key
        self.provide_data = provide_data
        self.provide_label = provide_label

    def __str__(self):
        data_shapes = [d.shape for d in self.data]
        label_shapes = [lb.shape for lb in self.label] if self.label else None
        return '{}: data shapes: {} label shapes: {}'.format(self.__class__.__name__, data_shapes, label_shapes)


class DataIter:
    """Base class of data iterators: each ``next()`` gives a DataBatch, and StopIteration at the end of
    the data; ``reset()`` starts again.

    Parameters
    ----------
    batch_size : int, optional
        The number of examples in a batch.
    """

    def __init__(self, batch_size=0):
        self.batch_size = batch_size

    def __iter__(self):
        return self

    def reset(self):
        """Resets the iterator to the beginning of the data."""

    def next(self):
        """The next DataBatch; raises StopIteration at the end of the data."""
        if self.iter_next():
            return DataBatch(data=self.getdata(), label=self.getlabel(), pad=self.getpad(),
                             index=self.getindex())
        raise StopIteration

    def __next__(self):
        return self.next()

    def iter_next(self):
        """Moves to the next batch; returns whether there was one."""

    def getdata(self):
        """The data (list of NDArray) of the current batch."""

    def getlabel(self):
        """The labels (list of NDArray) of the current batch."""

    def getindex(self):
        """The indices of the examples of the current batch (None if unknown)."""
        return None

    def getpad(self):
        """How many examples of the current batch are padding."""


class ResizeIter(DataIter):
    """Gives `size` batches per epoch from another iterator, resetting it when it runs out early.

    Parameters
    ----------
    data_iter : DataIter
        The iterator to resize.
    size : int
        Number of batches per epoch.
    reset_internal : bool, default True
        Whether ``reset()`` also resets `data_iter`.
    """

    def __init__(self, data_iter, size, reset_internal=True):
        super().__init__()
        self.data_iter = data_iter
        self.size = size
        self.reset_internal = reset_internal
        self.cur = 0
        self.current_batch = None
        self.provide_data = data_iter.provide_data
        self.provide_label = data_iter.provide_label
        self.batch_size = data_iter.batch_size
        if hasattr(data_iter, 'default_bucket_key'):
            self.default_bucket_key = data_iter.default_bucket_key

    def reset(self):
        self.cur = 0
        if self.reset_internal:
            self.data_iter.reset()

    def iter_next(self):
        if self.cur == self.size:
            return False
        try:
            self.current_batch = self.data_iter.next()
        except StopIteration:
            self.data_iter.reset()
            self.current_batch = self.data_iter.next()
        self.cur += 1
        return True

    def getdata(self):
        return self.current_batch.data

    def getlabel(self):
        return self.current_batch.label

    def getindex(self):
        return self.current_batch.index

    def getpad(self):
        return self.current_batch.pad


class PrefetchingIter(DataIter):
    """Reads the next batches of one or more iterators in background threads (one per iterator) and
    joins their batches (data lists and label lists concatenated).

    Parameters
    ----------
    iters : DataIter or list of DataIter
        The iterators.
    rename_data : list of dict, optional
        For the i-th iterator, ``{old name: new name}`` for its provide_data.
    rename_label : list of dict, optional
        The same for provide_label.
    """

    def __init__(self, iters, rename_data=None, rename_label=None):
        super().__init__()
        if not isinstance(iters, list):
            iters = [iters]
        if not iters:
            raise ValueError('PrefetchingIter needs at least one iterator')
        self.n_iter = len(iters)
        self.iters = iters
        self.rename_data = rename_data
        self.rename_label = rename_label
        self.batch_size = self.provide_data[0][1][0]
        self.data_ready = [threading.Event() for _ in range(self.n_iter)]
        self.data_taken = [threading.Event() for _ in range(self.n_iter)]
        for e in self.data_taken:
            e.set()
        self.started = True
        self.current_batch = None
        self.next_batch = [None] * self.n_iter
        self.prefetch_threads = [threading.Thread(target=self._prefetch, args=(i,), daemon=True)
                                 for i in range(self.n_iter)]
        for thread in self.prefetch_threads:
            thread.start()

    def _prefetch(self, i):
        while True:
            self.data_taken[i].wait()
            if not self.started:
                break
            try:
                self.next_batch[i] = self.iters[i].next()
            except StopIteration:
                self.next_batch[i] = None
            except Exception as e:  # noqa: BLE001  (handed to the consumer)
                self.next_batch[i] = e
            self.data_taken[i].clear()
            self.data_ready[i].set()

    def __del__(self):
        self.started = False
        for e in getattr(self, 'data_taken', ()):
            e.set()
        for thread in getattr(self, 'prefetch_threads', ()):
            thread.join(timeout=1.0)

    def _renamed(self, renames, descs_of):
        if renames is None:
            return sum([descs_of(i) for i in self.iters], [])
        return sum([[DataDesc(r[x.name], x.shape, x.dtype) if isinstance(x, DataDesc) else DataDesc(*x)
                     for x in descs_of(i)] for r, i in zip(renames, self.iters)], [])

    @property
    def provide_data(self):
        return self._renamed(self.rename_data, lambda i: i.provide_data)

    @property
    def provide_label(self):
        return self._renamed(self.rename_label, lambda i: i.provide_label)

    def reset(self):
        for e in self.data_ready:
            e.wait()
        for i in self.iters:
            i.reset()
        for e in self.data_ready:
            e.clear()
        for e in self.data_taken:
            e.set()

    def iter_next(self):
        for e in self.data_ready:
            e.wait()
        for b in self.next_batch:
            if isinstance(b, Exception):
                raise b
        if self.next_batch[0] is None:
            if any(b is not None for b in self.next_batch):
                raise MXNetError('PrefetchingIter: the iterators have different numbers of batches')
            return False
        if any(b is None or b.pad != self.next_batch[0].pad for b in self.next_batch):
            raise MXNetError('PrefetchingIter: the iterators have different numbers of examples')
        self.current_batch = DataBatch(sum([b.data for b in self.next_batch], []),
                                       sum([b.label for b in self.next_batch], []),
                                       self.next_batch[0].pad, self.next_batch[0].index,
                                       provide_data=self.provide_data, provide_label=self.provide_label)
        for e in self.data_ready:
            e.clear()
        for e in self.data_taken:
            e.set()
        return True

    def next(self):
        if self.iter_next():
            return self.current_batch
        raise StopIteration

    def getdata(self):
        return self.current_batch.data

    def getlabel(self):
        return self.current_batch.label

    def getindex(self):
        return self.current_batch.index

    def getpad(self):
        return self.current_batch.pad


def _init_data(data, allow_empty, default_name):
    """The data argument of an iterator as a sorted list of (name, NDArray)."""
    if data is None:
        if not allow_empty:
            raise ValueError('data must be given (an array, a list of arrays or a dict of arrays)')
        data = []
    if isinstance(data, (np.ndarray, NDArray)):
        data = [data]
    if isinstance(data, list):
        if not allow_empty and not data:
            raise ValueError('data must hold at least one array')
        if len(data) == 1:
            data = OrderedDict([(default_name, data[0])])
        else:
            data = OrderedDict([('_%d_%s' % (i, default_name), d) for i, d in enumerate(data)])
    if not isinstance(data, dict):
        raise TypeError('Input must be NDArray, numpy.ndarray, a list of them or dict with them as values')
    data = dict(data)
    for k, v in data.items():
        if not isinstance(v, NDArray):
            try:
                data[k] = array(v)
            except Exception:  # noqa: BLE001
                raise TypeError("Invalid type '{}' for {}, should be NDArray or numpy.ndarray".format(
                    type(v), k)) from None
    return list(sorted(data.items()))


def _has_instance(data, dtype):
    """Whether one of the arrays of a (name, array) list is a `dtype`."""
    return any(isinstance(arr, dtype) for _, arr in data)


def _getdata_by_idx(data, idx):
    """The (name, array) list with every array's rows reordered by `idx` (as new float32-by-default
    arrays, as MXNet makes them)."""
    return [(k, array(v.asnumpy()[idx], v.context)) for k, v in data]


class NDArrayIter(DataIter):
    """Iterates over NDArrays or numpy arrays in memory, in batches.

    Parameters
    ----------
    data : array, list of arrays, or dict of name to array
        The input data (numpy arrays become float32 NDArrays).
    label : array, list of arrays, or dict of name to array, optional
        The labels.
    batch_size : int
        Batch size.
    shuffle : bool, default False
        Whether to shuffle the examples (at every reset).
    last_batch_handle : {'pad', 'discard', 'roll_over'}
        For a last batch with fewer than `batch_size` examples: 'pad' fills it with examples from the
        beginning (and sets ``DataBatch.pad``), 'discard' drops it, 'roll_over' carries its examples over
        to the first batch of the next epoch.
    data_name : str, default 'data'
        The data name (when `data` is not a dict).
    label_name : str, default 'softmax_label'
        The label name (when `label` is not a dict).
    layout : str, default 'NCHW'
        The data layout; its 'N' is the batch axis.
    """

    def __init__(self, data, label=None, batch_size=1, shuffle=False, last_batch_handle='pad',
                 data_name='data', label_name='softmax_label', layout='NCHW'):
        super().__init__(batch_size)
        if last_batch_handle not in ('pad', 'discard', 'roll_over'):
            raise ValueError("last_batch_handle must be 'pad', 'discard' or 'roll_over', got {!r}".format(
                last_batch_handle))
        if not isinstance(batch_size, (int, np.integer)) or batch_size <= 0:
            raise ValueError('batch_size must be a positive integer, got {!r}'.format(batch_size))
        self.data = _init_data(data, allow_empty=False, default_name=data_name)
        self.label = _init_data(label, allow_empty=True, default_name=label_name)
        self.layout = layout
        n = self.data[0][1].shape[0]
        for k, v in self.data + self.label:
            if v.shape[0] != n:
                raise ValueError('NDArrayIter: {} has {} examples but {} has {}'.format(
                    k, v.shape[0], self.data[0][0], n))
        self.idx = np.arange(n)
        self.shuffle = shuffle
        self.last_batch_handle = last_batch_handle
        self.batch_size = batch_size
        self.cursor = -self.batch_size
        self.num_data = self.idx.shape[0]
        self.reset()
        self.data_list = [x[1] for x in self.data] + [x[1] for x in self.label]
        self.num_source = len(self.data_list)
        self._cache_data = None
        self._cache_label = None

    def _batch_axis(self):
        return self.layout.find('N')

    def _descs(self, sources):
        axis = self._batch_axis()
        return [DataDesc(k, tuple(list(v.shape[:axis]) + [self.batch_size] + list(v.shape[axis + 1:])),
                         v.dtype, layout=self.layout) for k, v in sources]

    @property
    def provide_data(self):
        """The name and shape of the data of a batch."""
        return self._descs(self.data)

    @property
    def provide_label(self):
        """The name and shape of the labels of a batch."""
        return self._descs(self.label)

    def hard_reset(self):
        """Goes back to the start, dropping any rolled-over examples."""
        if self.shuffle:
            self._shuffle_data()
        self.cursor = -self.batch_size
        self._cache_data = None
        self._cache_label = None

    def reset(self):
        """Goes back to the start of the data (after the rolled-over examples, for 'roll_over')."""
        if self.shuffle:
            self._shuffle_data()
        if self.last_batch_handle == 'roll_over' and \
                self.num_data - self.batch_size < self.cursor < self.num_data:
            self.cursor = self.cursor - self.num_data - self.batch_size
        else:
            self.cursor = -self.batch_size

    def iter_next(self):
        self.cursor += self.batch_size
        return self.cursor < self.num_data

    def next(self):
        if not self.iter_next():
            raise StopIteration
        data = self.getdata()
        label = self.getlabel()
        # a short last batch ('discard' or 'roll_over'): kept for the next epoch, not returned
        if data[0].shape[self._batch_axis()] != self.batch_size:
            self._cache_data = data
            self._cache_label = label
            raise StopIteration
        return DataBatch(data=data, label=label, pad=self.getpad(), index=None)

    def _getdata(self, data_source, start=None, end=None):
        start = 0 if start is None else start
        if end is None:
            end = data_source[0][1].shape[0] if data_source else 0
        axis = self._batch_axis()
        return [_wrap_like(v._t.narrow(axis, start, max(min(end, v.shape[axis]) - start, 0)).clone(), v)
                for _, v in data_source]

    def _concat(self, first_data, second_data):
        if not first_data or not second_data:
            return first_data if first_data else second_data
        axis = self._batch_axis()
        return [_wrap_like(torch.cat([a._t, b._t], dim=axis), a) for a, b in zip(first_data, second_data)]

    @staticmethod
    def _tile(data, repeats):
        return [_wrap_like(d._t.repeat(repeats, *([1] * (d.ndim - 1))), d) for d in data]

    def _batchify(self, data_source):
        if self.cursor >= self.num_data:
            raise MXNetError('DataIter needs reset.')
        if self.last_batch_handle == 'roll_over' and -self.batch_size < self.cursor < 0:
            if self._cache_data is None and self._cache_label is None:
                raise MXNetError('NDArrayIter: the next epoch should have cached (rolled-over) data')
            cache = self._cache_data if self._cache_data is not None else self._cache_label
            second = self._getdata(data_source, end=self.cursor + self.batch_size)
            if self._cache_data is not None:
                self._cache_data = None
            else:
                self._cache_label = None
            return self._concat(cache, second)
        if self.last_batch_handle == 'pad' and self.cursor + self.batch_size > self.num_data:
            pad = self.batch_size - self.num_data + self.cursor
            first = self._getdata(data_source, start=self.cursor)
            if pad > self.num_data:
                second = self._tile(self._getdata(data_source, end=self.num_data), pad // self.num_data)
                if pad % self.num_data:
                    second = self._concat(second, self._getdata(data_source, end=pad % self.num_data))
            else:
                second = self._getdata(data_source, end=pad)
            return self._concat(first, second)
        end = min(self.cursor + self.batch_size, self.num_data)
        return self._getdata(data_source, self.cursor, end)

    def getdata(self):
        return self._batchify(self.data)

    def getlabel(self):
        return self._batchify(self.label)

    def getpad(self):
        if self.last_batch_handle == 'pad' and self.cursor + self.batch_size > self.num_data:
            return self.cursor + self.batch_size - self.num_data
        if self.last_batch_handle == 'roll_over' and -self.batch_size < self.cursor < 0:
            return -self.cursor
        return 0

    def _shuffle_data(self):
        # the permutation accumulates over epochs and the arrays are rebuilt from it, as in MXNet, so
        # that a seeded run gives MXNet's order
        np.random.shuffle(self.idx)
        self.data = _getdata_by_idx(self.data, self.idx)
        self.label = _getdata_by_idx(self.label, self.idx)


class MXDataIter(DataIter):
    """MXNet's wrapper of its C++ iterators; mxtorch has no C++ iterators."""

    def __init__(self, *args, **kwargs):
        raise MXNetError('mxtorch has no C++ data iterators (MXDataIter); use NDArrayIter or '
                         'gluon.data.DataLoader')


def _no_native(name, hint):
    def make(*args, **kwargs):
        raise MXNetError('mx.io.{} is one of MXNet\'s C++ iterators, which mxtorch does not have; {}'.format(
            name, hint))
    make.__name__ = name
    make.__doc__ = 'Not available in mxtorch: {}'.format(hint)
    return make


CSVIter = _no_native('CSVIter', 'read the file with numpy.loadtxt and use NDArrayIter')
MNISTIter = _no_native('MNISTIter', 'use gluon.data.vision.MNIST with gluon.data.DataLoader')
ImageRecordIter = _no_native('ImageRecordIter', 'use gluon.data.vision.ImageRecordDataset with '
                                                'gluon.data.DataLoader')
LibSVMIter = _no_native('LibSVMIter', 'mxtorch has no sparse arrays')
