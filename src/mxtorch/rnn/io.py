"""Sentences as data for the symbolic RNNs: integer encoding and a bucketing iterator."""
import bisect
import random

import numpy as np

from .. import ndarray
from ..io import DataBatch, DataDesc, DataIter

__all__ = ['encode_sentences', 'BucketSentenceIter']


def encode_sentences(sentences, vocab=None, invalid_label=-1, invalid_key='\n', start_label=0,
                     unknown_token=None):
    """Encodes `sentences` (lists of string tokens) as lists of integers, growing a vocabulary.

    Without `vocab` a new one starts as ``{invalid_key: invalid_label}``; a given `vocab` (a dict of
    token -> int) is extended in place. A token not in the vocabulary gets the next free index from
    `start_label` on (skipping `invalid_label`); with `unknown_token` it is stored, and encoded, under
    that token instead (each such token moves it to a new index, as in MXNet). With a given vocabulary
    and no `unknown_token`, a new token is an AssertionError. Returns (encoded sentences, vocabulary)."""
    new_vocab = vocab is None
    if new_vocab:
        vocab = {invalid_key: invalid_label}
    next_index = start_label
    encoded = []
    for sentence in sentences:
        codes = []
        for word in sentence:
            if word not in vocab:
                if not (new_vocab or unknown_token):
                    raise AssertionError('Unknown token %s' % word)
                if next_index == invalid_label:
                    next_index += 1
                word = unknown_token or word
                vocab[word] = next_index
                next_index += 1
            codes.append(vocab[word])
        encoded.append(codes)
    return encoded, vocab


class BucketSentenceIter(DataIter):
    """Batches of encoded sentences for language models, grouped by length into buckets.

    Each sentence goes to the smallest bucket (a length in `buckets`) it fits, padded with
    `invalid_label`; longer ones are dropped (with a printed warning giving their number). Without
    `buckets`, every length that at least `batch_size` sentences have is a bucket. A batch holds
    sentences of one bucket, its label the same sentences shifted by one token (the last label is
    `invalid_label`), both of shape (batch_size, length) for `layout` 'NT' or (length, batch_size) for
    'TN'; its `bucket_key` is the length. ``reset()`` shuffles the batches and the sentences in each
    bucket (with ``random`` and ``numpy.random``)."""

    def __init__(self, sentences, batch_size, buckets=None, invalid_label=-1, data_name='data',
                 label_name='softmax_label', dtype='float32', layout='NT'):
        super().__init__()
        if not buckets:
            counts = np.bincount([len(s) for s in sentences])
            buckets = [length for length, count in enumerate(counts) if count >= batch_size]
        buckets.sort()

        per_bucket = [[] for _ in buckets]
        discarded = 0
        for sentence in sentences:
            b = bisect.bisect_left(buckets, len(sentence))
            if b == len(buckets):
                discarded += 1
                continue
            row = np.full((buckets[b],), invalid_label, dtype=dtype)
            row[:len(sentence)] = sentence
            per_bucket[b].append(row)
        # buckets no sentence went to are dropped
        self.buckets = [length for length, rows in zip(buckets, per_bucket) if rows]
        self.data = [np.asarray(rows, dtype=dtype) for rows in per_bucket if rows]
        print("WARNING: discarded %d sentences longer than the largest bucket." % discarded)

        self.batch_size, self.dtype, self.invalid_label = batch_size, dtype, invalid_label
        self.data_name, self.label_name = data_name, label_name
        self.layout, self.major_axis = layout, layout.find('N')
        self.nddata, self.ndlabel = [], []
        self.default_bucket_key = max(self.buckets)
        if self.major_axis not in (0, 1):
            raise ValueError('Invalid layout %s: Must by NT (batch major) or TN (time major)' % layout)
        shape = (batch_size, self.default_bucket_key)
        if self.major_axis == 1:
            shape = shape[::-1]
        self.provide_data = [DataDesc(name=data_name, shape=shape, layout=layout)]
        self.provide_label = [DataDesc(name=label_name, shape=shape, layout=layout)]

        # (bucket, first row) of every full batch
        self.idx = [(b, start) for b, rows in enumerate(self.data)
                    for start in range(0, len(rows) - batch_size + 1, batch_size)]
        self.curr_idx = 0
        self.reset()

    def reset(self):
        """Shuffles the batches and the sentences of each bucket, and starts over."""
        self.curr_idx = 0
        random.shuffle(self.idx)
        for rows in self.data:
            np.random.shuffle(rows)
        self.nddata, self.ndlabel = [], []
        for rows in self.data:
            label = np.empty_like(rows)
            label[:, :-1] = rows[:, 1:]
            label[:, -1] = self.invalid_label
            self.nddata.append(ndarray.array(rows, dtype=self.dtype))
            self.ndlabel.append(ndarray.array(label, dtype=self.dtype))

    def next(self):
        """The next batch (a DataBatch with one data and one label array)."""
        if self.curr_idx == len(self.idx):
            raise StopIteration
        b, start = self.idx[self.curr_idx]
        self.curr_idx += 1
        data = self.nddata[b][start:start + self.batch_size]
        label = self.ndlabel[b][start:start + self.batch_size]
        if self.major_axis == 1:
            data, label = data.T, label.T
        return DataBatch([data], [label], pad=0, bucket_key=self.buckets[b],
                         provide_data=[DataDesc(name=self.data_name, shape=data.shape, layout=self.layout)],
                         provide_label=[DataDesc(name=self.label_name, shape=label.shape, layout=self.layout)])
