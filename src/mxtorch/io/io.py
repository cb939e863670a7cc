"""``mx.io``: the DataIter protocol with DataBatch and DataDesc, NDArrayIter over arrays in memory, and
the iterators over other iterators (ResizeIter, PrefetchingIter). MXNet's C++ iterators (CSVIter,
MNISTIter, ImageRecordIter, LibSVMIter) are names that explain what to use instead."""
import threading
from collections import OrderedDict, namedtuple

import numpy as np

from .. import ndarray as nd
from ..base import MXNetError, mx_real_t
from ..ndarray import NDArray
from ..ndarray.creation import array

__all__ = ['DataDesc', 'DataBatch', 'DataIter', 'ResizeIter', 'PrefetchingIter', 'NDArrayIter',
           'MXDataIter', 'CSVIter', 'MNISTIter', 'ImageRecordIter', 'LibSVMIter']

_LAST_BATCH_HANDLES = ('pad', 'discard', 'roll_over')


class DataDesc(namedtuple('DataDesc', ['name', 'shape'])):
    """A (name, shape) pair describing one input of an iterator, with its `dtype` and `layout` as
    attributes. The layout names the axes of `shape`: 'N' is the batch axis ('NCHW' images, 'NTC'
    sequences, ...)."""

    def __new__(cls, name, shape, dtype=mx_real_t, layout='NCHW'):
        desc = super().__new__(cls, name, shape)
        desc.dtype, desc.layout = dtype, layout
        return desc

    def __repr__(self):
        return 'DataDesc[{},{},{},{}]'.format(self.name, self.shape, self.dtype, self.layout)

    @staticmethod
    def get_batch_axis(layout):
        """Position of 'N' in `layout` (-1 without one); 0 for no layout."""
        return 0 if layout is None else layout.find('N')

    @staticmethod
    def get_list(shapes, types):
        """DataDescs for ``[(name, shape), ...]``, with dtypes from ``[(name, dtype), ...]`` if given."""
        if types is None:
            return [DataDesc(item[0], item[1]) for item in shapes]
        dtype_of = dict(types)
        return [DataDesc(item[0], item[1], dtype_of[item[0]]) for item in shapes]


class DataBatch(object):
    """What an iterator's ``next()`` returns: lists of `data` and `label` arrays, the number of padding
    examples at the end (`pad`), and optionally the examples' `index`, a `bucket_key` and the
    descriptions `provide_data` and `provide_label`."""

    def __init__(self, data, label=None, pad=None, index=None, bucket_key=None, provide_data=None,
                 provide_label=None):
        for what, value in (('data', data), ('label', label)):
            if value is not None and not isinstance(value, (list, tuple)):
                raise TypeError('DataBatch: {} must be a list of NDArrays, got {}'.format(what, type(value).__name__))
        self.data, self.label, self.pad, self.index = data, label, pad, index
        self.bucket_key = bucket_key
        self.provide_data, self.provide_label = provide_data, provide_label

    def __str__(self):
        shapes = [arr.shape for arr in self.data]
        label_shapes = [arr.shape for arr in self.label] if self.label else None
        return '{}: data shapes: {} label shapes: {}'.format(type(self).__name__, shapes, label_shapes)


class DataIter(object):
    """Base class of the iterators. Iterating gives DataBatches until StopIteration; ``reset()`` starts
    over. A subclass either overrides ``next()`` or provides ``iter_next()`` (advance, False at the end)
    and the getters of the current batch that the default ``next()`` assembles."""

    def __init__(self, batch_size=0):
        self.batch_size = batch_size

    def __next__(self):
        return self.next()

    def __iter__(self):
        return self

    def reset(self):
        """Goes back to the start of the data."""

    def next(self):
        """The next DataBatch; StopIteration after the last."""
        if not self.iter_next():
            raise StopIteration
        return DataBatch(data=self.getdata(), label=self.getlabel(), pad=self.getpad(), index=self.getindex())

    def iter_next(self):
        """Advances to the next batch; whether there was one."""

    def getdata(self):
        """The current batch's data arrays."""

    def getlabel(self):
        """The current batch's label arrays."""

    def getindex(self):
        """The current batch's example indices (None: not known)."""
        return None

    def getpad(self):
        """How many examples at the end of the current batch are padding."""


def _part_of_current_batch(part):
    def get(self):
        return getattr(self.current_batch, part)
    get.__name__ = get.__qualname__ = 'get' + part
    get.__doc__ = 'The {} of the current batch.'.format(part)
    return get


class _OverBatch(DataIter):
    """An iterator whose getters read the parts of ``current_batch``, a DataBatch it keeps."""
    getdata, getlabel, getindex, getpad = (_part_of_current_batch(p) for p in ('data', 'label', 'index', 'pad'))


class ResizeIter(_OverBatch):
    """Makes an epoch exactly `size` batches of `data_iter`, starting `data_iter` over when it ends early
    (and stopping before its end when it is longer). ``reset()`` also resets `data_iter` unless
    `reset_internal` is False."""

    def __init__(self, data_iter, size, reset_internal=True):
        super().__init__(data_iter.batch_size)
        self.data_iter, self.size, self.reset_internal = data_iter, size, reset_internal
        self.provide_data, self.provide_label = data_iter.provide_data, data_iter.provide_label
        if hasattr(data_iter, 'default_bucket_key'):
            self.default_bucket_key = data_iter.default_bucket_key
        self.cur, self.current_batch = 0, None

    def reset(self):
        if self.reset_internal:
            self.data_iter.reset()
        self.cur = 0

    def iter_next(self):
        if self.cur >= self.size:
            return False
        try:
            batch = self.data_iter.next()
        except StopIteration:
            self.data_iter.reset()
            batch = self.data_iter.next()
        self.current_batch, self.cur = batch, self.cur + 1
        return True


class _Prefetcher(object):
    """Calls ``source.next()`` in a daemon thread, one batch ahead of the consumer."""

    def __init__(self, source):
        self.source = source
        self.result = None               # a DataBatch, None at the end, or the exception it raised
        self._wanted, self._ready = threading.Event(), threading.Event()
        self._open = True
        self._wanted.set()
        self._thread = threading.Thread(target=self._work, daemon=True)
        self._thread.start()

    def _work(self):
        while True:
            self._wanted.wait()
            self._wanted.clear()
            if not self._open:
                return
            try:
                self.result = self.source.next()
            except StopIteration:
                self.result = None
            except Exception as err:  # noqa: BLE001  (raised again in the consumer's thread)
                self.result = err
            self._ready.set()

    def wait(self):
        """The fetched result, once it is there."""
        self._ready.wait()
        return self.result

    def ask(self):
        """Starts fetching the next batch."""
        self._ready.clear()
        self._wanted.set()

    def close(self):
        self._open = False
        self._wanted.set()
        self._thread.join(timeout=1.0)


class PrefetchingIter(_OverBatch):
    """Reads one or more iterators ahead in background threads (one per iterator) and gives batches
    that join theirs: the data lists and the label lists concatenated. `rename_data` and `rename_label`
    are, per iterator, dicts ``{old name: new name}`` applied to its descriptions."""

    def __init__(self, iters, rename_data=None, rename_label=None):
        super().__init__()
        iters = iters if isinstance(iters, list) else [iters]
        if not iters:
            raise AssertionError('PrefetchingIter needs at least one iterator')
        self.iters, self.n_iter = iters, len(iters)
        self.rename_data, self.rename_label = rename_data, rename_label
        self.batch_size = self.provide_data[0][1][0]
        self.current_batch = None
        self._prefetchers = [_Prefetcher(it) for it in iters]

    def __del__(self):
        for fetcher in getattr(self, '_prefetchers', ()):
            fetcher.close()

    def _descs(self, renames, attr):
        if renames is None:
            return [desc for it in self.iters for desc in getattr(it, attr)]
        return [DataDesc(new_names[desc.name], desc.shape, desc.dtype) if isinstance(desc, DataDesc)
                else DataDesc(*desc) for new_names, it in zip(renames, self.iters) for desc in getattr(it, attr)]

    @property
    def provide_data(self):
        return self._descs(self.rename_data, 'provide_data')

    @property
    def provide_label(self):
        return self._descs(self.rename_label, 'provide_label')

    def reset(self):
        for fetcher in self._prefetchers:
            fetcher.wait()
        for it in self.iters:
            it.reset()
        for fetcher in self._prefetchers:
            fetcher.ask()

    def iter_next(self):
        batches = [fetcher.wait() for fetcher in self._prefetchers]
        for batch in batches:
            if isinstance(batch, Exception):
                raise batch
        ended = [batch is None for batch in batches]
        if any(ended):
            if not all(ended):
                raise AssertionError('Number of entry mismatches between iterators: they have different numbers '
                                     'of batches')
            return False
        first = batches[0]
        if any(batch.pad != first.pad for batch in batches):
            raise AssertionError('Number of entry mismatches between iterators: they have different numbers of '
                                 'examples')
        self.current_batch = DataBatch([arr for b in batches for arr in b.data],
                                       [arr for b in batches for arr in b.label], first.pad, first.index,
                                       provide_data=self.provide_data, provide_label=self.provide_label)
        for fetcher in self._prefetchers:
            fetcher.ask()
        return True

    def next(self):
        if not self.iter_next():
            raise StopIteration
        return self.current_batch


# ---- NDArrayIter ----------------------------------------------------------------------------------------
def _init_data(data, allow_empty, default_name):
    """An iterator's `data` or `label` argument (an array, a list of arrays or a dict of them) as a list
    of (name, NDArray) sorted by name. A lone array is called `default_name`; the arrays of a list
    '_0_<default_name>', '_1_<default_name>', ..."""
    if data is None:
        if not allow_empty:
            raise AssertionError('data must be given (an array, a list of arrays or a dict of arrays)')
        data = []
    if isinstance(data, (np.ndarray, NDArray)):
        data = [data]
    if isinstance(data, list):
        if not data and not allow_empty:
            raise AssertionError('data must hold at least one array')
        names = [default_name] if len(data) == 1 else ['_%d_%s' % (i, default_name) for i in range(len(data))]
        data = OrderedDict(zip(names, data))
    if not isinstance(data, dict):
        raise TypeError('Input must be NDArray, numpy.ndarray, a list of them or dict with them as values')
    named = []
    for name, value in data.items():
        if not isinstance(value, NDArray):
            try:
                value = array(value)
            except Exception:  # noqa: BLE001  (anything nd.array cannot take)
                raise TypeError("Invalid type '{}' for {}, should be NDArray or numpy.ndarray".format(
                    type(value), name)) from None
        named.append((name, value))
    return sorted(named)


def _has_instance(data, dtype):
    """Whether an array of the (name, array) list `data` is an instance of `dtype`."""
    return any(isinstance(value, dtype) for _, value in data)


def _getdata_by_idx(data, idx):
    """`data` with the rows of every array in the order `idx`, as new arrays made by ``nd.array`` (so
    float32 unless they were float32 already, as MXNet makes them)."""
    return [(name, array(value.asnumpy()[idx], value.context)) for name, value in data]


class NDArrayIter(DataIter):
    """Batches of arrays held in memory.

    `data` and `label` are arrays (NDArray, or numpy arrays, which become float32 NDArrays), lists of
    them, or dicts of names to them; all have the same number of examples along axis 0. The batch axis
    of the batches is the 'N' of `layout`. `shuffle` reorders the examples at every reset (with
    ``numpy.random``).

    A last batch with fewer than `batch_size` examples is, by `last_batch_handle`: 'pad' completed with
    the first examples (``DataBatch.pad`` counts them), 'discard' left out, 'roll_over' held back and
    completed by the first examples of the next epoch.
    """

    def __init__(self, data, label=None, batch_size=1, shuffle=False, last_batch_handle='pad',
                 data_name='data', label_name='softmax_label', layout='NCHW'):
        super().__init__(batch_size)
        if last_batch_handle not in _LAST_BATCH_HANDLES:
            raise ValueError("last_batch_handle must be 'pad', 'discard' or 'roll_over', got {!r}".format(
                last_batch_handle))
        if not isinstance(batch_size, (int, np.integer)) or batch_size <= 0:
            raise ValueError('batch_size must be a positive integer, got {!r}'.format(batch_size))
        self.data = _init_data(data, allow_empty=False, default_name=data_name)
        self.label = _init_data(label, allow_empty=True, default_name=label_name)
        first_name, first = self.data[0]
        for name, value in self.data + self.label:
            if value.shape[0] != first.shape[0]:
                raise ValueError('NDArrayIter: {} has {} examples but {} has {}'.format(
                    name, value.shape[0], first_name, first.shape[0]))
        self.layout = layout
        self.num_data = first.shape[0]
        self.idx = np.arange(self.num_data)
        self.shuffle, self.last_batch_handle = shuffle, last_batch_handle
        # `cursor` is the position of the current batch's first example; it is negative in the first
        # batch after a roll-over, whose first -cursor examples come from the previous epoch
        self.cursor = -batch_size
        self._cache_data = self._cache_label = None
        self.reset()
        self.data_list = [value for _, value in self.data + self.label]
        self.num_source = len(self.data_list)

    @property
    def _axis(self):
        return self.layout.find('N')

    def _describe(self, named):
        axis = self._axis
        return [DataDesc(name, value.shape[:axis] + (self.batch_size,) + value.shape[axis + 1:], value.dtype,
                         layout=self.layout) for name, value in named]

    @property
    def provide_data(self):
        """DataDescs of a batch's data."""
        return self._describe(self.data)

    @property
    def provide_label(self):
        """DataDescs of a batch's labels."""
        return self._describe(self.label)

    def hard_reset(self):
        """Goes back to the first example, dropping examples held back by 'roll_over'."""
        if self.shuffle:
            self._shuffle_data()
        self.cursor = -self.batch_size
        self._cache_data = self._cache_label = None

    def reset(self):
        """Goes back to the first example; with 'roll_over', after the examples held back."""
        if self.shuffle:
            self._shuffle_data()
        held = self.num_data - self.cursor          # examples in the batch at the cursor
        if self.last_batch_handle == 'roll_over' and 0 < held < self.batch_size:
            self.cursor = -held - self.batch_size
        else:
            self.cursor = -self.batch_size

    def iter_next(self):
        self.cursor += self.batch_size
        return self.cursor < self.num_data

    def next(self):
        if not self.iter_next():
            raise StopIteration
        data, label = self.getdata(), self.getlabel()
        if data[0].shape[self._axis] != self.batch_size:
            # a short last batch ('discard', 'roll_over'): kept for the next epoch instead
            self._cache_data, self._cache_label = data, label
            raise StopIteration
        return DataBatch(data=data, label=label, pad=self.getpad(), index=None)

    def _rows(self, named, begin, end):
        """Examples `begin`..`end` (cut to what there is) of each array."""
        axis = self._axis
        return [nd.slice_axis(value, axis=axis, begin=begin, end=min(end, value.shape[axis])) for _, value in named]

    def _starts_after_roll_over(self):
        return self.last_batch_handle == 'roll_over' and -self.batch_size < self.cursor < 0

    def _runs_past_end(self):
        return self.last_batch_handle == 'pad' and self.cursor + self.batch_size > self.num_data

    def _batchify(self, named):
        if self.cursor >= self.num_data:
            raise AssertionError('DataIter needs reset.')
        axis = self._axis
        if self._starts_after_roll_over():
            # the held-back examples (the data's on the first call, then the labels'), then the new ones
            if self._cache_data is not None:
                held, self._cache_data = self._cache_data, None
            elif self._cache_label is not None:
                held, self._cache_label = self._cache_label, None
            else:
                raise AssertionError('NDArrayIter: no examples were held back for the next epoch')
            fresh = self._rows(named, 0, self.cursor + self.batch_size)
            if not held or not fresh:
                return held or fresh
            return [nd.concat(old, new, dim=axis) for old, new in zip(held, fresh)]
        if self._runs_past_end():
            # wrap around to the first examples, as many times as needed
            order = nd.array(np.arange(self.cursor, self.cursor + self.batch_size) % self.num_data, dtype='int64')
            return [nd.take(value, order, axis=axis) for _, value in named]
        return self._rows(named, self.cursor, min(self.cursor + self.batch_size, self.num_data))

    def getdata(self):
        return self._batchify(self.data)

    def getlabel(self):
        return self._batchify(self.label)

    def getpad(self):
        if self._runs_past_end():
            return self.cursor + self.batch_size - self.num_data
        if self._starts_after_roll_over():
            return -self.cursor
        return 0

    def _shuffle_data(self):
        # the permutation accumulates over epochs and the arrays are rebuilt from it, as MXNet does, so
        # that seeding numpy gives MXNet's order
        np.random.shuffle(self.idx)
        self.data, self.label = _getdata_by_idx(self.data, self.idx), _getdata_by_idx(self.label, self.idx)


# ---- MXNet's C++ iterators ------------------------------------------------------------------------------
class MXDataIter(DataIter):
    """MXNet's wrapper of its C++ iterators; mxtorch has no C++ iterators."""

    def __init__(self, *args, **kwargs):
        raise MXNetError('mxtorch has no C++ data iterators (MXDataIter); use NDArrayIter or '
                         'gluon.data.DataLoader')


def _no_native(name, hint):
    def unavailable(*args, **kwargs):
        raise MXNetError("mx.io.{} is one of MXNet's C++ iterators, which mxtorch does not have; {}".format(
            name, hint))
    unavailable.__name__ = unavailable.__qualname__ = name
    unavailable.__doc__ = 'Not available in mxtorch: {}'.format(hint)
    return unavailable


CSVIter = _no_native('CSVIter', 'read the file with numpy.loadtxt and use NDArrayIter')
MNISTIter = _no_native('MNISTIter', 'use gluon.data.vision.MNIST with gluon.data.DataLoader')
ImageRecordIter = _no_native('ImageRecordIter', 'use gluon.data.vision.ImageRecordDataset with '
                                                'gluon.data.DataLoader')
LibSVMIter = _no_native('LibSVMIter', 'mxtorch has no sparse arrays')
