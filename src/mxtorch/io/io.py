"""``mx.io``: the DataIter protocol with DataBatch and DataDesc, NDArrayIter over arrays in memory, and
the iterators over other iterators (ResizeIter, PrefetchingIter). LibSVMIter reads LibSVM files
into csr batches; MXNet's other C++ iterators live in their own files (csv_mnist.py, image_record.py)."""
import ast
import threading
from collections import OrderedDict, namedtuple

import numpy as np

from .. import ndarray as nd
from ..base import MXNetError, mx_real_t
from ..ndarray import NDArray
from ..ndarray.sparse import CSRNDArray
from ..ndarray.creation import array
from . import _libsvm

__all__ = ['DataDesc', 'DataBatch', 'DataIter', 'ResizeIter', 'PrefetchingIter', 'NDArrayIter',
           'MXDataIter', 'LibSVMIter']

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
    """`data` with the rows of every array in the order `idx`, as new arrays: csr arrays stay csr, others
    are made by ``nd.array`` (so float32 unless they were float32 already, as MXNet makes them)."""
    return [(name, nd.sparse.take(value, idx) if isinstance(value, CSRNDArray) else
             array(value.asnumpy()[idx], value.context)) for name, value in data]


class NDArrayIter(DataIter):
    """Batches of arrays held in memory.

    `data` and `label` are arrays (NDArray, or numpy arrays, which become float32 NDArrays), lists of
    them, or dicts of names to them; all have the same number of examples along axis 0. The batch axis
    of the batches is the 'N' of `layout`. `shuffle` reorders the examples at every reset (with
    ``numpy.random``).

    A last batch with fewer than `batch_size` examples is, by `last_batch_handle`: 'pad' completed with
    the first examples (``DataBatch.pad`` counts them), 'discard' left out, 'roll_over' held back and
    completed by the first examples of the next epoch.

    CSRNDArrays (and scipy csr matrices given in a dict, which become CSRNDArrays) give csr batches; they
    need ``last_batch_handle='discard'`` (else NotImplementedError, as in MXNet).
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
        if (_has_instance(self.data, CSRNDArray) or _has_instance(self.label, CSRNDArray)) and \
                last_batch_handle != 'discard':
            raise NotImplementedError("`NDArrayIter` only supports ``CSRNDArray`` with `last_batch_handle` set "
                                      "to `discard`.")
        first_name, first = self.data[0]
        for name, value in self.data + self.label:
            # more examples than the first data array are allowed (MXNet uses the first ones); fewer would
            # make batches run out, which MXNet reports only when a slice fails
            if value.shape[0] < first.shape[0]:
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
        # csr arrays give csr batches (rows of axis 0), as MXNet documents them
        return [value[begin:min(end, value.shape[0])] if isinstance(value, CSRNDArray) else
                nd.slice_axis(value, axis=axis, begin=begin, end=min(end, value.shape[axis])) for _, value in named]

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
    """MXNet's wrapper of its C++ iterators. mxtorch has no C++ iterators: the `handle` of its MXDataIters
    is an iterator written in Python (``mx.io.LibSVMIter`` makes one); MXNet's other C++ iterators are
    names that say what to use instead.

    As MXNet's, it reads the first batch when made (``first_batch``, given by the first ``next()``), has
    one data and one label array per batch (``getdata()`` and ``getlabel()`` give the array itself, not a
    list) and ``getindex()`` gives the batch's example numbers as uint64."""

    def __init__(self, handle, data_name='data', label_name='softmax_label', **_):
        if not isinstance(handle, _NativeLike):
            raise MXNetError('mxtorch has no C++ data iterators (MXDataIter); use NDArrayIter or '
                             'gluon.data.DataLoader')
        super().__init__()
        self.handle = handle
        self._debug_skip_load = self._debug_at_begin = False
        self.first_batch = None
        self.first_batch = self.next()
        data, label = self.first_batch.data[0], self.first_batch.label[0]
        self.provide_data = [DataDesc(data_name, data.shape, data.dtype)]
        self.provide_label = [DataDesc(label_name, label.shape, label.dtype)]
        self.batch_size = data.shape[0]

    def debug_skip_load(self):
        """From now on every ``next()`` gives the current batch again (to time a network without loading)."""
        self._debug_skip_load = True

    def _batch(self):
        return DataBatch(data=[self.getdata()], label=[self.getlabel()], pad=self.getpad(), index=self.getindex())

    def reset(self):
        self._debug_at_begin = True
        self.first_batch = None
        self.handle.before_first()

    def next(self):
        if self._debug_skip_load and not self._debug_at_begin:
            return self._batch()
        if self.first_batch is not None:
            batch, self.first_batch = self.first_batch, None
            return batch
        self._debug_at_begin = False
        if not self.handle.next():
            raise StopIteration
        return self._batch()

    def iter_next(self):
        # as MXNet's: while the first batch waits to be given, it is the current one
        return True if self.first_batch is not None else int(self.handle.next())

    def getdata(self):
        return self.handle.getdata()

    def getlabel(self):
        return self.handle.getlabel()

    def getindex(self):
        return self.handle.getindex()

    def getpad(self):
        return self.handle.getpad()


class _NativeLike(object):
    """What an MXDataIter's handle does: next() (whether there is a next batch), before_first(), and the
    getters of the current batch."""


class _Scheduled(_NativeLike):
    """A handle whose batches are rows of data held in memory, in the order of ``self._schedule`` (a
    _libsvm.BatchSchedule): ``self._rows`` and ``self._pad`` are the current batch's."""

    def next(self):
        batch = self._schedule.next()
        if batch is None:
            return False
        self._rows, self._pad = np.asarray(batch[0], dtype=np.int64), batch[1]
        return True

    def before_first(self):
        self._schedule.reset()


class _LibSVMReader(_Scheduled):
    """LibSVMIter's handle: the parsed part of the files and the batch schedule (see ``mx.io.LibSVMIter``)."""

    def __init__(self, data_libsvm, data_shape, label_libsvm, label_shape, batch_size, num_parts, part_index,
                 prefetch_buffer):
        self._data_shape, self._label_shape = data_shape, label_shape
        text = _libsvm.read_part(data_libsvm, num_parts, part_index)
        labels, self._indptr, self._indices, self._values = _libsvm.parse(text, data_libsvm, data_shape[0])
        self._labels = labels
        self._label_parts = None
        if label_libsvm is not None:
            text = _libsvm.read_part(label_libsvm, num_parts, part_index)
            _, ptr, idx, vals = _libsvm.parse(text, label_libsvm, label_shape[0])
            if ptr.size < self._indptr.size:
                raise MXNetError("Check failed: label_parser_->Next(): Data LibSVM's row is smaller than the "
                                 'number of rows in label_libsvm')
            self._label_parts = (ptr, idx, vals)
        self._schedule = _libsvm.BatchSchedule(labels.size, batch_size, prefetch_buffer)
        self._rows = self._pad = None

    def _csr(self, parts, width):
        ptr, idx, vals = _libsvm.take_rows(*parts, self._rows)
        return nd.sparse.csr_matrix((vals, idx, ptr), shape=(self._rows.size, width))

    def getdata(self):
        return self._csr((self._indptr, self._indices, self._values), self._data_shape[0])

    def getlabel(self):
        if self._label_parts is None:
            return array(self._labels[self._rows])
        return self._csr(self._label_parts, self._label_shape[0])

    def getindex(self):
        return self._rows.astype(np.uint64)

    def getpad(self):
        return self._pad


def _shape_param(value, name):
    if isinstance(value, str):
        try:
            value = ast.literal_eval(value)
        except (ValueError, SyntaxError):
            raise MXNetError('Invalid Parameter format for {} expect Shape(tuple) but value=\'{}\''.format(
                name, value)) from None
    if isinstance(value, (int, np.integer)):
        value = (value,)
    try:
        return tuple(int(v) for v in value)
    except (TypeError, ValueError):
        raise MXNetError('Invalid Parameter format for {} expect Shape(tuple) but value=\'{}\''.format(
            name, value)) from None


def _int_param(value, name, kind='int'):
    try:
        number = int(value)
        if number != float(value):
            raise ValueError
    except (TypeError, ValueError):
        raise MXNetError('Invalid Parameter format for {} expect {} but value=\'{}\''.format(
            name, kind, value)) from None
    return number


def _bool_param(value, name):
    if isinstance(value, str):
        lowered = value.strip().lower()
        if lowered in ('true', '1'):
            return True
        if lowered in ('false', '0'):
            return False
        raise MXNetError("Invalid Parameter format for {} expect boolean but value='{}'".format(name, value))
    return bool(value)


_MISSING = object()


def LibSVMIter(*args, **kwargs):
    """Batches of a LibSVM text file as csr arrays, MXNet's ``LibSVMIter`` (an MXDataIter).

    Each line of the file is ``label index:value index:value ...`` (indices from 0; ``label:weight``,
    ``qid:n`` and ``#`` comments are read and left out). Keyword arguments only:

    data_libsvm : str, required
        The data file.
    data_shape : tuple of one int, required
        The number of feature columns: batches are csr arrays of shape (batch_size,) + data_shape.
    label_libsvm : str, default 'NULL'
        A second LibSVM file whose features are the labels: label batches are then csr arrays of shape
        (batch_size,) + label_shape. Without one the labels are the data file's first column, a dense
        float32 array of shape (batch_size,), and label_shape must be (1,).
    label_shape : tuple of one int, default (1,)
    batch_size : int, required
    round_batch : bool, default True
        A short last batch is completed with the first examples (``pad`` counts them); the next epoch
        then goes on after them. MXNet's sparse loader has no other way (False is an error).
    num_parts, part_index : int, default 1 and 0
        Read only the `part_index`-th of `num_parts` byte ranges of the files (at line boundaries), for
        one worker of several.
    prefetch_buffer : int, default 4
        How many batches are read ahead (it decides, as in MXNet, where a reset in the middle of a short
        epoch goes on).
    data_name, label_name : str, default 'data' and 'softmax_label'
        Names in provide_data and provide_label.

    Other keyword arguments (``ctx``, ...) are accepted and ignored; ``dtype`` must be float32.
    """
    get = kwargs.get
    batch_size = get('batch_size', _MISSING)
    if batch_size is _MISSING:
        raise MXNetError('Required parameter batch_size of int (non-negative) is not presented')
    batch_size = _int_param(batch_size, 'batch_size', 'int (non-negative)')
    data_libsvm, data_shape = get('data_libsvm', _MISSING), get('data_shape', _MISSING)
    if data_libsvm is _MISSING:
        raise MXNetError('Required parameter data_libsvm of string is not presented')
    if data_shape is _MISSING:
        raise MXNetError('Required parameter data_shape of Shape(tuple) is not presented')
    if args:
        raise TypeError('LibSVMIter can only accept keyword arguments')
    if batch_size <= 0:
        raise MXNetError('LibSVMIter: batch_size must be positive, got {}'.format(batch_size))
    if not _bool_param(get('round_batch', True), 'round_batch'):
        raise MXNetError("sparse batch loader doesn't support round_batch == false yet")
    dtype = get('dtype', None)
    if dtype is not None and np.dtype(dtype) != np.float32:
        raise MXNetError('LibSVMIter gives float32 arrays only, not {}'.format(dtype))
    data_shape = _shape_param(data_shape, 'data_shape')
    label_shape = _shape_param(get('label_shape', (1,)), 'label_shape')
    label_libsvm = str(get('label_libsvm', 'NULL'))
    label_libsvm = None if label_libsvm == 'NULL' else label_libsvm
    num_parts, part_index = _int_param(get('num_parts', 1), 'num_parts'), _int_param(get('part_index', 0), 'part_index')
    if len(data_shape) != 1:
        raise MXNetError('Check failed: param_.data_shape.ndim() == 1 ({} vs. 1) : dimension of data_shape is '
                         'expected to be 1'.format(len(data_shape)))
    if num_parts <= 0:
        raise MXNetError('Check failed: param_.num_parts > 0 ({} vs. 0) : number of parts should be '
                         'positive'.format(num_parts))
    size = int(np.prod(label_shape))
    if label_libsvm is not None and size <= 1:
        raise MXNetError('Check failed: param_.label_shape.Size() > 1 ({} vs. 1) : label_shape is not expected '
                         'to be (1,) when param_.label_libsvm is set.'.format(size))
    if label_libsvm is None and size != 1:
        raise MXNetError('Check failed: param_.label_shape.Size() == 1 ({} vs. 1) : label_shape is expected '
                         'to be (1,) when param_.label_libsvm is NULL'.format(size))
    if not 0 <= part_index < num_parts:
        raise MXNetError('Check failed: part < nsplit: invalid input parameter for InputSplit::Create')
    reader = _LibSVMReader(str(data_libsvm), data_shape, label_libsvm, label_shape, batch_size, num_parts,
                           part_index, _int_param(get('prefetch_buffer', 4), 'prefetch_buffer'))
    return MXDataIter(reader, **{k: v for k, v in kwargs.items() if k in ('data_name', 'label_name')})

