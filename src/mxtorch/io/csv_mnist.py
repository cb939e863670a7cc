"""``mx.io.CSVIter`` and ``mx.io.MNISTIter``: MXNet's C++ iterators over CSV text and MNIST's idx files,
written in Python with numpy, giving MXDataIters with the batches, pads and epochs of MXNet 1.9.1's."""
import os
import sys

import numpy as np

from ..base import MXNetError
from ..ndarray.creation import array
from . import _libsvm
from .io import MXDataIter, _NativeLike, _Scheduled, _shape_param, _int_param, _bool_param, _MISSING

__all__ = ['CSVIter', 'MNISTIter']

_CSV_DTYPES = {'float32': np.float32, 'int32': np.int32, 'int64': np.int64}


class _DenseSchedule(_libsvm.BatchSchedule):
    """MXNet's dense batch loader behind its prefetcher. With `round_batch` it is the sparse loader's
    schedule (a short last batch is completed with the first rows; the next epoch goes on after them);
    without it a short batch keeps, in its missing places, the rows the loader's buffer held from the
    batch before (-1: a place never written, zeros)."""

    def __init__(self, num_rows, batch_size, prefetch, round_batch):
        self.round_batch = round_batch
        self._previous = [-1] * batch_size
        super().__init__(num_rows, batch_size, prefetch)

    def _produce(self):
        if self.round_batch:
            try:
                batch = super()._produce()
            except MXNetError:
                raise MXNetError('Check failed: base_->Next(): number of input must be bigger than batch size') \
                    from None
        else:
            stop = min(self._pos + self.batch_size, self.num_rows)
            rows = list(range(self._pos, stop))
            self._pos = stop
            batch = None if not rows else (rows + self._previous[len(rows):], self.batch_size - len(rows))
        if batch is not None:
            self._previous = batch[0]
        return batch


class _DenseReader(_Scheduled):
    """An MXDataIter handle over whole arrays in memory: data (N, ...) and label (N, ...)."""

    def __init__(self, data, label, batch_size, prefetch, round_batch):
        self._data, self._label = data, label
        self._schedule = _DenseSchedule(data.shape[0], batch_size, prefetch, round_batch)
        self._rows = self._pad = None

    def _take(self, values):
        out = values[np.maximum(self._rows, 0)]
        out[self._rows < 0] = 0
        return array(out, dtype=values.dtype)

    def getdata(self):
        return self._take(self._data)

    def getlabel(self):
        return self._take(self._label)

    def getindex(self):
        return np.maximum(self._rows, 0).astype(np.uint64)

    def getpad(self):
        return self._pad


def _csv_files(path):
    if os.path.isdir(path):
        names = sorted(os.path.join(path, name) for name in os.listdir(path))
        return [name for name in names if os.path.isfile(name)]
    if not os.path.exists(path):
        raise MXNetError('LocalFileSystem.GetPathInfo: {} error: No such file or directory'.format(path))
    return [path]


def _parse_csv(path, shape, dtype):
    """The rows of the CSV file(s) at `path` as an (N,) + shape array of `dtype` (integers truncated
    toward zero, as C's strtol reads them); empty lines are skipped."""
    width = int(np.prod(shape))
    rows = []
    for name in _csv_files(path):
        with open(name, 'r') as stream:
            for line in stream:
                line = line.strip()
                if not line:
                    continue
                fields = line.split(',')
                if len(fields) != width:
                    raise MXNetError('Check failed: row.length == shape.Size() ({} vs. {}) : The data size in CSV '
                                     'do not match size of shape: specified shape=[{}], the csv row-length={}'.format(
                                         len(fields), width, ','.join(map(str, shape)), len(fields)))
                try:
                    rows.append([float(field) for field in fields])
                except ValueError:
                    raise MXNetError('CSVIter: {} has a value that is not a number: {!r}'.format(name, line)) from None
    values = np.array(rows, dtype=np.float64).reshape((len(rows),) + tuple(shape))
    if dtype != np.float32:
        values = np.trunc(values)
    return values.astype(dtype)


def CSVIter(*args, **kwargs):
    """Batches of the rows of a CSV file, MXNet's ``CSVIter`` (an MXDataIter). Keyword arguments only:

    data_csv : str, required
        The file (or a folder: all its files in name order) of comma-separated numbers, one example a line.
    data_shape : tuple, required
        Each line's numbers reshaped to this shape; batches are (batch_size,) + data_shape.
    label_csv : str, default 'NULL'
        A file of labels, one line per example; without one every label is 0.
    label_shape : tuple, default (1,)
        The shape of one line of label_csv; (1,) gives label batches of shape (batch_size,).
    batch_size : int, required
    round_batch : bool, default True
        A short last batch is completed with the first examples (``pad`` counts them) and the next epoch
        goes on after them; with False its missing places keep the previous batch's examples (``pad``
        counts them too) and every epoch starts over.
    dtype : 'float32' (default), 'int32' or 'int64'
        The type of data and labels; integers are read truncated toward zero.
    prefetch_buffer : int, default 4
        How many batches are read ahead (where a reset in the middle of a short epoch goes on).
    data_name, label_name : str, default 'data' and 'softmax_label'

    Other keyword arguments (``ctx``, ...) are accepted and ignored.
    """
    get = kwargs.get
    for required, kind in (('data_csv', 'string'), ('data_shape', 'Shape(tuple)'),
                           ('batch_size', 'int (non-negative)')):
        if required not in kwargs:
            raise MXNetError('Required parameter {} of {} is not presented'.format(required, kind))
    if args:
        raise TypeError('CSVIter can only accept keyword arguments')
    batch_size = _int_param(kwargs['batch_size'], 'batch_size', 'int (non-negative)')
    if batch_size <= 0:
        raise MXNetError('CSVIter: batch_size must be positive, got {}'.format(batch_size))
    data_shape = _shape_param(kwargs['data_shape'], 'data_shape')
    label_shape = _shape_param(get('label_shape', (1,)), 'label_shape')
    dtype = get('dtype', None)
    dtype_name = 'float32' if dtype is None else np.dtype(dtype).name
    if dtype_name not in _CSV_DTYPES:
        raise MXNetError('Check failed: false: {} is not supported for CSVIter'.format(dtype_name))
    dtype = _CSV_DTYPES[dtype_name]
    round_batch = _bool_param(get('round_batch', True), 'round_batch')
    data = _parse_csv(str(kwargs['data_csv']), data_shape, dtype)
    label_csv = str(get('label_csv', 'NULL'))
    if label_csv == 'NULL':
        label = np.zeros((data.shape[0],) + label_shape, dtype=dtype)
    else:
        label = _parse_csv(label_csv, label_shape, dtype)
        if label.shape[0] < data.shape[0]:
            raise MXNetError('Check failed: label_iter_->Next(): the number of lines of label_csv ({}) is '
                             'smaller than that of data_csv ({})'.format(label.shape[0], data.shape[0]))
        label = label[:data.shape[0]]
    if label_shape == (1,):
        label = label.reshape(label.shape[0])
    if data.shape[0] == 0:
        raise MXNetError('CSVIter: {} holds no rows'.format(kwargs['data_csv']))
    reader = _DenseReader(data, label, batch_size, _int_param(get('prefetch_buffer', 4), 'prefetch_buffer'),
                          round_batch)
    return MXDataIter(reader, **{k: v for k, v in kwargs.items() if k in ('data_name', 'label_name')})


def _std_shuffle_mt19937(count, seed):
    """The order std::shuffle (libstdc++, one draw per swap) gives range(count) with std::mt19937(seed),
    each draw through uniform_int_distribution's downscaling; numpy's RandomState(seed) is the same
    Mersenne Twister and its full-range uint32 draws are the generator's raw outputs."""
    return _std_shuffle(np.arange(count), np.random.RandomState(seed & 0xFFFFFFFF))


def _std_shuffle(items, source):
    """`items` (a numpy array, shuffled in place and returned) as std::shuffle orders them with the
    std::mt19937 whose state numpy RandomState `source` holds; `source` gives exactly the draws the C++
    engine makes, so that it goes on as the engine would (MXNet reshuffles with one engine every epoch)."""
    count = len(items)
    if count < 2:
        return items
    raw, used = source.randint(0, 2 ** 32, size=count - 1, dtype=np.uint64).tolist(), 0
    top = 2 ** 32 - 1
    for i in range(1, count):
        span = i + 1
        scaling = top // span
        limit = span * scaling
        while True:
            if used == len(raw):                # a rejected draw: one more, as the engine makes it
                raw.append(int(source.randint(0, 2 ** 32, dtype=np.uint64)))
            value = raw[used]
            used += 1
            if value < limit:
                break
        j = value // scaling
        items[i], items[j] = items[j], items[i]
    return items


def _read_idx(path, header_ints):
    if not os.path.isfile(path):
        raise MXNetError('LocalFileSystem: Check failed: allow_null: :Open "{}": No such file or directory'
                         .format(path))
    with open(path, 'rb') as stream:
        raw = stream.read()
    if len(raw) < 4 * header_ints:
        raise MXNetError('Check failed: fi->Read(buf, sizeof(buf)) == sizeof(buf): invalid mnist format')
    return [int.from_bytes(raw[4 * k:4 * k + 4], 'big') for k in range(header_ints)], raw


def _part(count, num_parts, part_index):
    return int(count / num_parts * part_index), int(count / num_parts * (part_index + 1))


class _MNISTReader(_NativeLike):
    """MNISTIter's handle: the part's images (/256, float32) and labels, shuffled once when made; only
    full batches are given."""

    def __init__(self, images, labels, batch_size, flat):
        self._images = images.reshape(images.shape[0], -1) if flat else images[:, None]
        self._labels = labels
        self._batch_size = batch_size
        self._index = np.zeros(batch_size, dtype=np.uint64)
        self._pos, self._at = 0, None

    def next(self):
        if self._pos + self._batch_size > self._images.shape[0]:
            return False
        self._at = self._pos
        self._pos += self._batch_size
        return True

    def before_first(self):
        self._pos = 0

    def getdata(self):
        return array(self._images[self._at:self._at + self._batch_size], dtype=np.float32)

    def getlabel(self):
        return array(self._labels[self._at:self._at + self._batch_size], dtype=np.float32)

    def getindex(self):
        return self._index.copy()

    def getpad(self):
        return 0


def MNISTIter(*args, **kwargs):
    """Batches of MNIST's idx files, MXNet's ``MNISTIter`` (an MXDataIter). Keyword arguments only:

    image, label : str, default './train-images-idx3-ubyte' and './train-labels-idx1-ubyte'
        The idx files (not compressed) of the images (uint8 rows x cols) and labels (uint8).
    batch_size : int, default 128
        Only full batches are given: the examples after the last one are left out of every epoch.
    shuffle : bool, default True
        Shuffle the examples once, when the iterator is made, in the order MXNet's std::shuffle with a
        Mersenne Twister seeded with `seed` (int, default 0) gives; every epoch has that order.
    flat : bool, default False
        Data batches of shape (batch_size, rows * cols) instead of (batch_size, 1, rows, cols).
    silent : bool, default False
        Unless True, one line about what was loaded goes to standard error.
    num_parts, part_index : int, default 1 and 0
        Read only the `part_index`-th of `num_parts` equal ranges of the examples.
    data_name, label_name : str, default 'data' and 'softmax_label'

    Pixels are value / 256 in float32; labels are float32 of shape (batch_size,); ``getindex()`` is
    zeros, as MXNet's. Other keyword arguments (``ctx``, ``prefetch_buffer``, ...) are accepted.
    """
    if args:
        raise TypeError('MNISTIter can only accept keyword arguments')
    get = kwargs.get
    batch_size = _int_param(get('batch_size', 128), 'batch_size')
    if batch_size < 1:
        raise MXNetError('value {} for Parameter batch_size should be greater equal to 1\n'
                         'batch_size: Batch Param: Batch Size.'.format(batch_size))
    shuffle = _bool_param(get('shuffle', True), 'shuffle')
    flat = _bool_param(get('flat', False), 'flat')
    silent = _bool_param(get('silent', False), 'silent')
    seed = _int_param(get('seed', 0), 'seed')
    num_parts, part_index = _int_param(get('num_parts', 1), 'num_parts'), _int_param(get('part_index', 0),
                                                                                     'part_index')
    dtype = get('dtype', None)
    if dtype is not None and np.dtype(dtype) != np.float32:
        raise MXNetError('MNISTIter gives float32 batches only, not {}'.format(np.dtype(dtype).name))
    if part_index < 0:
        raise MXNetError('Check failed: param_.part_index >= 0 ({} vs. 0) : '.format(part_index))
    if num_parts <= 0:
        raise MXNetError('Check failed: param_.num_parts > 0 ({} vs. 0) : '.format(num_parts))
    if num_parts <= part_index:
        raise MXNetError('Check failed: param_.num_parts > param_.part_index ({} vs. {}) : '.format(
            num_parts, part_index))
    (_, count, rows, cols), raw = _read_idx(str(get('image', './train-images-idx3-ubyte')), 4)
    start, end = _part(count, num_parts, part_index)
    pixels = np.frombuffer(raw, dtype=np.uint8, count=min(len(raw) - 16, (end - start) * rows * cols),
                           offset=16 + start * rows * cols)
    if pixels.size < (end - start) * rows * cols:
        raise MXNetError('Check failed: stdimg->Read(&ch, sizeof(ch) != 0): {} ends before its {} images of '
                         '{}x{} do'.format(get('image'), count, rows, cols))
    images = pixels.reshape(end - start, rows, cols).astype(np.float32) * np.float32(1.0 / 256.0)
    (_, label_count), raw = _read_idx(str(get('label', './train-labels-idx1-ubyte')), 2)
    start, end = _part(label_count, num_parts, part_index)
    if len(raw) < 8 + end:
        raise MXNetError('Check failed: stdlabel->Read(&ch, sizeof(ch) != 0): {} ends before its {} labels '
                         'do'.format(get('label'), label_count))
    labels = np.frombuffer(raw, dtype=np.uint8, count=end - start, offset=8 + start).astype(np.float32)
    if labels.size < images.shape[0]:
        raise MXNetError('MNISTIter: {} has {} labels for {} images'.format(get('label'), labels.size,
                                                                            images.shape[0]))
    if shuffle:
        order = _std_shuffle_mt19937(labels.size, seed)
        images, labels = images[order[order < images.shape[0]]], labels[order]
    if not silent:
        shape = [batch_size, rows * cols] if flat else [batch_size, 1, rows, cols]
        sys.stderr.write('MNISTIter: load {} images, shuffle={}, shape=[{}]\n'.format(
            images.shape[0], int(shuffle), ','.join(map(str, shape))))
    reader = _MNISTReader(images, labels, batch_size, flat)
    return MXDataIter(reader, **{k: v for k, v in kwargs.items() if k in ('data_name', 'label_name')})
