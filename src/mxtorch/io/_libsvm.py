"""Reading LibSVM text files for ``mx.io.LibSVMIter``: the part of a file that one of `num_parts` readers
takes, parsed into the compressed-row parts of a matrix, and the batch schedule of MXNet's sparse batch
loader (round_batch, with its continuation across epochs)."""
import os
import re

import numpy as np

from ..base import MXNetError

_LINE_BREAK = re.compile(r'[\r\n]')


def read_part(path, num_parts, part_index):
    """The text of the `part_index`-th of `num_parts` byte ranges of the file at `path`, each range moved to
    start and end at line starts (a range that starts inside a line leaves that line to the range before),
    as MXNet's line splitter divides a file among its readers."""
    if not os.path.isfile(path):
        raise MXNetError('LocalFileSystem.GetPathInfo: {} error: No such file or directory'.format(path))
    with open(path, 'rb') as f:
        raw = f.read()
    total = len(raw)
    step = (total + num_parts - 1) // num_parts
    begin, end = min(step * part_index, total), min(step * (part_index + 1), total)
    return _raw_text(raw[_line_start_from(raw, begin):_line_start_from(raw, end)])


def _line_start_from(raw, offset):
    """The first line start at or after `offset` that follows a line break read from `offset` on (the file's
    start and end stay where they are)."""
    if offset in (0, len(raw)):
        return offset
    breaks = [p for p in (raw.find(b'\n', offset), raw.find(b'\r', offset)) if p >= 0]
    if not breaks:
        return len(raw)
    pos = min(breaks) + 1
    while pos < len(raw) and raw[pos] in b'\r\n':
        pos += 1
    return pos


def _raw_text(raw):
    return raw.decode('utf-8', errors='replace')


def parse(text, path, num_cols):
    """The rows of LibSVM `text`: ``(labels, indptr, indices, values)``, labels and values float32, indptr
    and indices int64. A line is ``label[:weight] [qid:n] index:value ...`` with an optional ``#`` comment;
    blank lines hold no row. Within a row the columns are put in ascending order, and a column given twice
    keeps its last value. `num_cols` (None: no limit) bounds the indices."""
    labels, counts, tokens, line_of_row = [], [], [], []
    for number, line in enumerate(_LINE_BREAK.split(text), 1):
        hash_at = line.find('#')
        if hash_at >= 0:
            line = line[:hash_at]
        fields = line.split()
        if not fields:
            continue
        head = fields[0].partition(':')[0]
        try:
            labels.append(float(head))
        except ValueError:
            raise MXNetError('LibSVMIter: {}, line {}: the label {!r} is not a number'.format(
                path, number, fields[0])) from None
        pairs = [t for t in fields[1:] if not t.startswith('qid:')]
        counts.append(len(pairs))
        tokens.extend(pairs)
        line_of_row.append(number)
    counts = np.asarray(counts, dtype=np.int64)
    indptr = np.zeros(len(counts) + 1, dtype=np.int64)
    np.cumsum(counts, out=indptr[1:])
    joined = ' '.join(tokens)
    numbers = None
    if joined.count(':') == len(tokens):
        try:
            numbers = np.array(joined.replace(':', ' ').split(), dtype=np.float64)
        except ValueError:
            numbers = None
    if numbers is None or numbers.size != 2 * len(tokens):
        bad = next((i for i, t in enumerate(tokens) if not _is_pair(t)), 0)
        row = int(np.searchsorted(indptr, bad, side='right')) - 1
        raise MXNetError('LibSVMIter: {}, line {}: {!r} is not an index:value pair'.format(
            path, line_of_row[row], tokens[bad] if tokens else ''))
    cols, values = numbers[0::2], numbers[1::2].astype(np.float32)
    wrong = (cols < 0) | (cols != np.floor(cols)) | ((cols >= num_cols) if num_cols is not None else False)
    if wrong.any():
        at = int(np.argmax(wrong))
        row = int(np.searchsorted(indptr, at, side='right')) - 1
        what = 'negative' if cols[at] < 0 else 'not an integer' if cols[at] != np.floor(cols[at]) else \
            'outside data_shape ({} columns)'.format(num_cols)
        raise MXNetError('LibSVMIter: {}, line {}: feature index {} is {}'.format(
            path, line_of_row[row], tokens[at].partition(':')[0], what))
    indices = cols.astype(np.int64)
    rows = np.repeat(np.arange(len(counts), dtype=np.int64), counts)
    if indices.size:
        indptr, indices, values = _ordered(rows, indices, values, len(counts))
    return np.asarray(labels, dtype=np.float32), indptr, indices, values


def _is_pair(token):
    left, sep, right = token.partition(':')
    try:
        float(left), float(right)
    except ValueError:
        return False
    return bool(sep) and ':' not in right


def _ordered(rows, cols, values, num_rows):
    """Rows' entries sorted by column, a repeated (row, column) keeping its last value."""
    order = np.lexsort((np.arange(rows.size), cols, rows))
    rows, cols, values = rows[order], cols[order], values[order]
    last = np.ones(rows.size, dtype=bool)
    last[:-1] = (rows[1:] != rows[:-1]) | (cols[1:] != cols[:-1])
    rows, cols, values = rows[last], cols[last], values[last]
    indptr = np.zeros(num_rows + 1, dtype=np.int64)
    np.cumsum(np.bincount(rows, minlength=num_rows), out=indptr[1:])
    return indptr, cols, values


def take_rows(indptr, indices, values, rows):
    """The compressed-row parts of rows `rows` (an int64 array) of a matrix."""
    counts = indptr[rows + 1] - indptr[rows]
    new_ptr = np.zeros(rows.size + 1, dtype=np.int64)
    np.cumsum(counts, out=new_ptr[1:])
    picked = np.repeat(indptr[rows] - new_ptr[:-1], counts) + np.arange(new_ptr[-1], dtype=np.int64)
    return new_ptr, indices[picked], values[picked]


class BatchSchedule(object):
    """Which rows of a part make each batch, as MXNet's sparse batch loader behind its prefetcher gives them.

    A short last batch is completed with the first rows (its `pad` counts them); the next epoch then goes on
    after those rows instead of starting over, and the epoch after a batch that used them up starts over.
    The prefetcher reads up to `prefetch` batches ahead of the consumer, so a reset sees the loader where
    that reading left it."""

    def __init__(self, num_rows, batch_size, prefetch):
        self.num_rows, self.batch_size, self.prefetch = num_rows, batch_size, max(1, prefetch)
        self._pos = 0               # the loader's next row
        self._overflow = 0          # first rows that completed the loader's last batch
        self._ready = []            # batches read ahead: (rows, pad), or an exception to raise in turn
        self._ended = False
        self._fill()

    def _produce(self):
        if self._overflow:
            return None
        stop = min(self._pos + self.batch_size, self.num_rows)
        rows = list(range(self._pos, stop))
        self._pos = stop
        if len(rows) == self.batch_size:
            return rows, 0
        if not rows:
            return None
        self._pos = 0
        while len(rows) < self.batch_size:
            if self._pos >= self.num_rows:
                raise MXNetError('Check failed: sparse_base_->Next(): number of input must be bigger than '
                                 'batch size')
            rows.append(self._pos)
            self._pos += 1
            self._overflow += 1
        return rows, self._overflow

    def _fill(self):
        while not self._ended and len(self._ready) < self.prefetch:
            try:
                batch = self._produce()
            except MXNetError as err:
                batch = err
            if batch is None or isinstance(batch, MXNetError):
                self._ended = True
            if batch is not None:
                self._ready.append(batch)

    def next(self):
        """The next batch's (rows, pad), or None at the end of the epoch."""
        if not self._ready:
            return None
        batch = self._ready.pop(0)
        self._fill()
        if isinstance(batch, MXNetError):
            raise batch
        return batch

    def reset(self):
        self._ready, self._ended = [], False
        if self._overflow:
            self._overflow = 0
        else:
            self._pos = 0
        self._fill()
