"""MXNet's detection RecordIO iterator, ``mx.io.ImageDetRecordIter``.

It reads the ``.rec`` files of detection data sets (im2rec's detection lists): each record's label is
``[header_width, object_width, (header extras...), [id, xmin, ymin, xmax, ymax, (extras...)] x objects]``
with box corners relative to the image (or the labels of `path_imglist`, one line per image: index,
labels..., path). Images go through MXNet's default detection augmenter (see _det_aug.py: resize,
colour, mirror, pad and crop with their probabilities, then the `resize_mode` fit to `data_shape`), the
boxes transformed with them; then ``(pixel - mean) / std * scale`` per channel (a mean only where a
mean_r/g/b/a is above 0, a std only where above 0, as MXNet's detection normalizer), or minus the
`mean_img` image (computed over the data and saved when the file does not exist).

Each example's label row is ``[channels, rows, cols, label length, label..., label_pad_value...]`` of
``label_pad_width + 4`` values, where rows/cols are the size of the augmented image (smaller than
data_shape with resize_mode 'shrink'/'fit': the rest of the image is 0 before normalizing) and
`label_pad_width` is the widest label of the part of the file when not given. The batches follow
MXNet's batch loader: with `round_batch` the last batch of an epoch is completed by the first examples of
the next pass, which the next epoch then starts after; without it the last batch reports its `pad` and
keeps the rows of the batch before it. `shuffle` reorders every pass as MXNet does (std::shuffle with a
std::mt19937 seeded 233 + `seed`, one shuffle per 8 MiB chunk of the file), and `num_parts`/`part_index`
split the file by bytes as dmlc's reader does.

The work runs in ImageRecordIter's thread pool, `preprocess_threads` threads; random augmentation draws
come from per-batch generators seeded from `seed` (MXNet's come from per-thread C++ engines: random
augmentations are MXNet's in distribution, not draw for draw).
"""
import io
import math
import os

import numpy as np
import torch

from ..base import MXNetError
from ..ndarray import serialization
from ..ndarray.ndarray import _wrap
from ..ndarray.ops import _imgcodec
from ..ndarray.ops._imgcodec import _pil
from . import _det_aug
from .csv_mnist import _std_shuffle
from .image_record import _ImageRecordIterator, _Records, _flag, check_label_width, merge_params, record_head

__all__ = ['ImageDetRecordIter']

# every keyword of MXNet 1.9.1's ImageDetRecordIter with its default (None: required)
_PARAMS = {
    'path_imglist': '', 'path_imgrec': './data/imgrec.rec', 'aug_seq': 'det_aug_default', 'label_width': -1,
    'data_shape': None, 'preprocess_threads': 4, 'verbose': True, 'num_parts': 1, 'part_index': 0,
    'shuffle_chunk_size': 0, 'shuffle_chunk_seed': 0, 'label_pad_width': 0, 'label_pad_value': -1.0,
    'shuffle': False, 'seed': 0, 'batch_size': None, 'round_batch': True, 'prefetch_buffer': 4, 'ctx': 'gpu',
    'dtype': None, 'resize': -1, 'rand_crop_prob': 0.0, 'min_crop_scales': (0.0,), 'max_crop_scales': (1.0,),
    'min_crop_aspect_ratios': (1.0,), 'max_crop_aspect_ratios': (1.0,), 'min_crop_overlaps': (0.0,),
    'max_crop_overlaps': (1.0,), 'min_crop_sample_coverages': (0.0,), 'max_crop_sample_coverages': (1.0,),
    'min_crop_object_coverages': (0.0,), 'max_crop_object_coverages': (1.0,), 'num_crop_sampler': 1,
    'crop_emit_mode': 'center', 'emit_overlap_thresh': 0.3, 'max_crop_trials': (25,), 'rand_pad_prob': 0.0,
    'max_pad_scale': 1.0, 'max_random_hue': 0, 'random_hue_prob': 0.0, 'max_random_saturation': 0,
    'random_saturation_prob': 0.0, 'max_random_illumination': 0, 'random_illumination_prob': 0.0,
    'max_random_contrast': 0.0, 'random_contrast_prob': 0.0, 'rand_mirror_prob': 0.0, 'fill_value': 127,
    'inter_method': 1, 'resize_mode': 'force', 'mean_img': '', 'mean_r': 0.0, 'mean_g': 0.0, 'mean_b': 0.0,
    'mean_a': 0.0, 'std_r': 0.0, 'std_g': 0.0, 'std_b': 0.0, 'std_a': 0.0, 'scale': 1.0,
    'data_name': 'data', 'label_name': 'softmax_label',
}
_CHUNK = 8 << 20            # the chunk size MXNet's detection parser hints to dmlc's reader
_RAND_MAGIC = 233
_PART_MAGIC = 666         # dmlc's InputSplitShuffle


class _PassState(object):
    """Where the passes over a part stand: the shuffle engine (std::mt19937(233 + seed)), the engine and
    order of InputSplitShuffle's sub-parts (std::mt19937(666 + part_index + num_parts + sub-parts +
    shuffle_chunk_seed)), and how many passes were made."""

    def __init__(self, engine, part_engine, part_order, passes=0):
        self.engine, self.part_engine, self.part_order, self.passes = engine, part_engine, part_order, passes

    def copy(self):
        def clone(rs):
            if rs is None:
                return None
            out = np.random.RandomState()
            out.set_state(rs.get_state())
            return out
        return _PassState(clone(self.engine), clone(self.part_engine), np.array(self.part_order), self.passes)


def _read_det_imglist(path, label_width):
    """{image index: float32 labels} of a detection .lst (whitespace-separated: index, labels..., path);
    with label_width -1 every field between the index and the path is a label."""
    table = {}
    with open(path) as lines:
        for line in lines:
            fields = line.split()
            if not fields:
                continue
            if label_width > 0:
                if len(fields) < label_width + 1:
                    raise MXNetError('Check failed: p != end: Bad ImageList format')
                values = fields[1:1 + label_width]
            else:
                if len(fields) < 2:
                    raise MXNetError('Check failed: curr != end: Bad ImageList format')
                values = fields[1:-1]
                if not values:
                    raise MXNetError('Check failed: label_.size() > start_pos: Bad ImageList format: empty label')
            table[int(float(fields[0]))] = np.array([float(v) for v in values], dtype=np.float32)
    return table


class _DetReader(object):
    """The batches of ImageDetRecordIter: each epoch's plan (records and pad) and the work of one batch,
    as _ImageRecordHandle asks for them."""

    gives_ids = True

    def __init__(self, p):
        self.channels, self.out_h, self.out_w = p['data_shape']
        self.batch_size = int(p['batch_size'])
        self.label_width = int(p['label_width'])
        self.round_batch = _flag(p['round_batch'])
        self.shuffle = _flag(p['shuffle'])
        self.seed = int(p['seed'])
        self.pad_value = np.float32(p['label_pad_value'])
        self.augment = _det_aug.DetAugment(p, self.channels, self.out_h, self.out_w)
        self.imglist = _read_det_imglist(p['path_imglist'], self.label_width) if p['path_imglist'] else None
        path = p['path_imgrec']
        folder = os.path.dirname(path) or '.'
        if not os.path.isdir(folder):
            raise MXNetError('LocalFileSystem.ListDirectory {} error: No such file or directory'.format(folder))
        self.records = _Records(path)
        self.order = self.records.part(int(p['part_index']), int(p['num_parts']), False)
        self.label_pad_width = self._pad_width(int(p['label_pad_width']))
        self._split(p)
        c = self.channels
        means = [float(p[k]) for k in ('mean_r', 'mean_g', 'mean_b', 'mean_a')]
        stds = [float(p[k]) for k in ('std_r', 'std_g', 'std_b', 'std_a')]
        chans = [0] if c == 1 else [0, 1, 2] + ([3] if c == 4 else [])
        self.subtract = any(m > 0 for m in means)
        self.mean = torch.tensor([means[k] for k in chans], dtype=torch.float32).view(1, c, 1, 1)
        self.divide = torch.tensor([stds[k] if stds[k] > 0 else 1.0 for k in chans],
                                   dtype=torch.float32).view(1, c, 1, 1)
        self.scale = float(p['scale'])
        self.mean_img = None
        self._state = _PassState(np.random.RandomState(_RAND_MAGIC + self.seed), self._part_engine,
                                 np.arange(len(self.subparts)))
        self._carry = None          # (order, position) of a pass that round_batch has begun
        self._last = None           # the records of the plan's last batch (kept rows of a short batch)
        self.epoch = 0
        if p['mean_img']:
            self.mean_img = self._mean_image(p['mean_img'])

    # -- labels
    def _raw_label(self, raw):
        _, image_id, start, packed = record_head(raw)
        if self.imglist is not None:
            labels = self.imglist.get(image_id)
            if labels is None:
                raise MXNetError('Check failed: it != idx2label_.end(): fail to find imagelabel for id {}'.format(
                    image_id))
            return labels, start, image_id
        if packed is None:
            raise MXNetError('Not enough label packed in img_list or rec file.')
        if self.label_width > 0:
            check_label_width(self.label_width, packed.size)
        return packed, start, image_id

    def _pad_width(self, given):
        if self.imglist is not None:
            widest = max((v.size for v in self.imglist.values()), default=0)
        else:
            widest = 0
            for i in self.order:
                widest = max(widest, self._raw_label(self.records.payload(i))[0].size)
        if widest > given:
            if given > 0:
                raise MXNetError('ImageDetRecordIOParser: label_pad_width: {} smaller than estimated width: '
                                 '{}'.format(given, widest))
            given = widest
        return given

    # -- the epoch's plan
    def _split(self, p):
        """The part's records as dmlc's reader hands them out: in chunks (each shuffled on its own), and
        with shuffle_chunk_size in sub-parts whose order its InputSplitShuffle draws anew every pass."""
        chunk_mb = int(p['shuffle_chunk_size'])
        # dmlc's reader takes a size hint only when it is larger than its 8 MiB buffer
        self.chunk_bytes = max(chunk_mb << 17, _CHUNK)
        parts, index = int(p['num_parts']), int(p['part_index'])
        count = 1
        if chunk_mb > 0:
            count = max(1, int(math.ceil(self.records.size * 1.1 / (parts * (chunk_mb << 20)))))
        self._part_engine = None
        if count > 1:
            self.subparts = [self.records.part(k + index * count, parts * count, False) for k in range(count)]
            self._part_engine = np.random.RandomState(_PART_MAGIC + index + parts + count + int(p['shuffle_chunk_seed']))
        else:
            self.subparts = [self.order]
        self.subpart_chunks = [self._chunks(order) for order in self.subparts]

    def _chunks(self, order):
        """The records `order` (one split) in the chunks of dmlc's reader: it fills a buffer of
        chunk_bytes and hands out the records before the last one starting in it (which begins the next
        chunk), unless the buffer holds the rest of the split; a buffer with one record start is doubled."""
        starts = self.records.starts
        if not order:
            return []
        last = order[-1]
        end = starts[last + 1] if last + 1 < len(starts) else self.records.size
        chunks, pos, n = [], 0, len(order)
        while pos < n:
            begin, size = starts[order[pos]], self.chunk_bytes
            while True:
                if end - begin < size:
                    stop = n
                    break
                stop = pos
                while stop < n and starts[order[stop]] < begin + size:
                    stop += 1
                stop -= 1                       # the last record starting in the buffer waits for the next
                if stop > pos:
                    break
                size *= 2
            chunks.append(order[pos:stop])
            pos = stop
        return chunks

    def _pass(self, state=None):
        """The records of one pass over the part (advancing `state`, the iterator's by default): the
        sub-parts in their drawn order, each chunk shuffled by the iterator's engine when `shuffle`."""
        state = self._state if state is None else state
        if state.part_engine is not None:       # drawn when the reader is made, again at every BeforeFirst
            _std_shuffle(state.part_order, state.part_engine)
        state.passes += 1
        out = []
        for k in state.part_order:
            for chunk in self.subpart_chunks[k]:
                out.extend(_std_shuffle(np.array(chunk), state.engine).tolist() if self.shuffle else chunk)
        return out

    def plan(self):
        """[(record numbers, pad[, on_taken])] of the next epoch's batches. A short last batch without
        round_batch lists after its own records those of the rows it keeps from the batch before; with
        round_batch it is completed from the next pass, which the next epoch goes on with, once the batch
        is taken (`on_taken`: MXNet's loader reads the next pass only when it gets there)."""
        size = self.batch_size
        if self._carry is not None:
            order, pos = self._carry
            self._carry = None
        else:
            order, pos = self._pass(), 0
        n, batches = len(order), []
        while pos + size <= n:
            batches.append((order[pos:pos + size], 0))
            pos += size
        left = n - pos
        if left > 0:
            if self.round_batch:
                state = self._state.copy()
                following = self._pass(state)
                extra = size - left
                if extra > len(following):
                    raise MXNetError('Check failed: base_->Next(): number of input must be bigger than batch size')

                def taken(following=following, extra=extra, state=state):
                    self._carry = (following, extra)
                    self._state = state
                batches.append((order[pos:] + following[:extra], extra, taken))
            else:
                before = batches[-1][0] if batches else self._last
                kept = before[left:] if before is not None else []
                batches.append((order[pos:] + kept, size - left))
        if batches:
            self._last = batches[-1][0]
        self.epoch += 1
        return batches

    # -- one batch
    def make(self, rows, number, epoch, normalize=True):
        """(data, label, ids) of the batch of records `rows` (float32 NCHW data; label rows as MXNet's)."""
        rng = np.random.RandomState((self.seed * 1000003 + epoch * 7919 + number + 17) % (2 ** 32))
        size, c, oh, ow = self.batch_size, self.channels, self.out_h, self.out_w
        data = torch.zeros((size, c, oh, ow), dtype=torch.float32)
        labels = np.full((size, self.label_pad_width + 4), self.pad_value, dtype=np.float32)
        ids = np.zeros(size, dtype=np.uint64)
        for k, i in enumerate(rows):
            raw = self.records.payload(i)
            label, start, ids[k] = self._raw_label(raw)
            img = _pixels(raw[start:], c, ids[k])
            img, label = self.augment(img, label, rng)
            h, w = img.shape[0], img.shape[1]
            data[k, :, :h, :w] = img.permute(2, 0, 1)
            labels[k, :4] = (img.shape[2], h, w, label.size)
            labels[k, 4:4 + label.size] = label
        if normalize:
            self._normalize(data)
        return data, torch.from_numpy(labels), ids

    def _normalize(self, data):
        if self.subtract:
            data.sub_(self.mean)
        elif self.mean_img is not None:
            data.sub_(self.mean_img)
        data.div_(self.divide)
        if self.scale != 1:
            data.mul_(self.scale)

    def _mean_image(self, path):
        """MXNet's mean image: loaded from `path`, else the mean of the normalized outputs of one pass over
        the data (augmentations included), saved to `path` as an nd.save file with key 'mean_img'."""
        if not os.path.exists(path):
            order, total = self._pass(), None
            size = self.batch_size
            for number, pos in enumerate(range(0, len(order), size)):
                rows = order[pos:pos + size]
                data = self.make(rows, number, -1)[0][:len(rows)]
                part = data.to(torch.float64).sum(0)
                total = part if total is None else total + part
            if total is None:
                raise MXNetError('Check failed: this->Next_(): input iterator failed.')
            mean = (total / len(order)).to(torch.float32)
            serialization.save(path, {'mean_img': _wrap(mean)})
        loaded = serialization.load(path)
        arrays = list(loaded.values()) if isinstance(loaded, dict) else list(loaded)
        if len(arrays) != 1:
            raise MXNetError('Check failed: data.size() == 1 ({} vs. 1) : Invalid mean image file format'.format(
                len(arrays)))
        return arrays[0]._t.to(torch.float32).reshape(1, *arrays[0].shape[-3:])


def _pixels(encoded, channels, image_id):
    """The uint8 (H, W, channels) RGB(A) tensor of an encoded image, decoded as MXNet's imdecode flag for
    the channels (0: grey, 1: colour, -1: as stored, which must then be four channels)."""
    if channels == 4:
        img = _pil().open(io.BytesIO(bytes(encoded)))
        got = len(img.getbands())
        if img.mode != 'RGBA':
            raise MXNetError('Check failed: res.channels() == 4 ({} vs. 4) : Invalid image with index {}. Expected '
                             '4 channels, got {}'.format(got, image_id, got))
        img = np.array(img)
    else:
        img = _imgcodec.decode(encoded, 0 if channels == 1 else 1, True)
    return torch.from_numpy(img if img.flags.writeable else img.copy())


def _params(kwargs):
    p = merge_params(_PARAMS, kwargs, (1, 3, 4))
    if p['dtype'] not in (None, 'None', 'float32', np.float32):
        raise MXNetError('ImageDetRecordIter: dtype {} is not supported: the detection iterator gives float32 '
                         'batches (MXNet 1.9.1 fails on other dtypes)'.format(p['dtype']))
    if not p['path_imgrec']:
        raise MXNetError('Check failed: param_.path_imgrec.length() != 0: ImageDetRecordIOIterator: must specify '
                         'image_rec')
    if not 0 <= int(p['part_index']) < int(p['num_parts']):
        raise MXNetError('Check failed: part < nsplit: invalid input parameter for InputSplit::Create')
    p['prefetch_buffer'] = max(1, int(p['prefetch_buffer']))
    return p


def ImageDetRecordIter(*args, **kwargs):
    """Batches of detection images and their padded labels from a RecordIO file (.rec)."""
    p = _params(kwargs)
    reader = _DetReader(p)          # as MXNet, the iterator is made (and its errors raised) before this check
    if args:
        raise TypeError('ImageDetRecordIter can only accept keyword arguments')
    return _ImageRecordIterator('ImageDetRecordIter', p, reader)


ImageDetRecordIter.__doc__ = ImageDetRecordIter.__doc__ + '\n\n' + __doc__
