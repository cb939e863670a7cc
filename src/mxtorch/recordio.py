"""MXNet's RecordIO file format (``mx.recordio``): sequential (.rec) and indexed (.rec + .idx) record
files, and the image-record header that ``im2rec`` and ``ImageRecordDataset`` use.

The files are byte-compatible with MXNet's (dmlc-core's) writer and reader. A record is stored as

    uint32 magic (0xced7230a) | uint32 lrec | data | zero padding to a multiple of 4 bytes

where ``lrec = cflag << 29 | length``. When the magic number itself occurs at a 4-byte aligned offset
of the data, the data is split there into parts (cflag 1 = first, 2 = middle, 3 = last; 0 = whole
record) and the magic number is left out; the reader puts it back. The index file has one line
``key<TAB>offset`` per record."""
import numbers
import os
import struct
from collections import namedtuple
from multiprocessing import current_process

import numpy as np

from .base import MXNetError

__all__ = ['MXRecordIO', 'MXIndexedRecordIO', 'IRHeader', 'pack', 'unpack', 'pack_img', 'unpack_img']

_MAGIC = 0xced7230a
_MAGIC_BYTES = struct.pack('<I', _MAGIC)
_HEAD = struct.Struct('<II')
_MAX_LENGTH = 1 << 29


class MXRecordIO:
    """Reads or writes a RecordIO file sequentially.

    Parameters
    ----------
    uri : str
        Path to the record file.
    flag : {'w', 'r'}
        'w' to write (the file is truncated), 'r' to read.

    Examples
    --------
    >>> record = mx.recordio.MXRecordIO('tmp.rec', 'w')
    >>> for i in range(5):
    ...     record.write(b'record_%d' % i)
    >>> record.close()
    >>> record = mx.recordio.MXRecordIO('tmp.rec', 'r')
    >>> record.read()
    b'record_0'
    """

    def __init__(self, uri, flag):
        if flag not in ('w', 'r'):
            raise ValueError('Invalid flag {!r}: use "w" to write or "r" to read'.format(flag))
        self.uri = os.fspath(uri)
        self.flag = flag
        self.handle = None
        self.pid = None
        self.is_open = False
        self.writable = flag == 'w'
        self.open()

    def open(self):
        """Opens the record file (for writing it is truncated)."""
        try:
            self.handle = open(self.uri, 'wb' if self.flag == 'w' else 'rb')
        except OSError as e:
            raise MXNetError('MXRecordIO: cannot open {!r} for {}: {}'.format(
                self.uri, 'writing' if self.flag == 'w' else 'reading', e.strerror or e)) from None
        self.writable = self.flag == 'w'
        self.pid = current_process().pid
        self.is_open = True

    def __del__(self):
        try:
            self.close()
        except Exception:  # interpreter shutdown: the file object may already be gone
            pass

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def __getstate__(self):
        """Pickled as its path and state: the file is closed here and opened again where it is
        unpickled (so that each worker process has its own file position)."""
        was_open = self.is_open
        self.close()
        return dict(vars(self), is_open=was_open, handle=None)

    def __setstate__(self, d):
        self.__dict__ = d
        is_open = d['is_open']
        self.is_open = False
        self.handle = None
        if is_open:
            self.open()

    def _check_pid(self, allow_reset=False):
        """A file opened in another process (before a fork) shares its position with it: reopen it
        here when allowed, else refuse."""
        if self.pid != current_process().pid:
            if allow_reset:
                self.reset()
            else:
                raise RuntimeError('Forbidden operation in multiple processes: this record file was '
                                   'opened in process {}'.format(self.pid))

    def _check_open(self, what):
        if not self.is_open:
            raise MXNetError('MXRecordIO.{}: the record file {!r} is closed'.format(what, self.uri))

    def close(self):
        """Closes the record file (if it is open)."""
        if self.is_open:
            self.handle.close()
            self.handle, self.pid, self.is_open = None, None, False

    def reset(self):
        """Moves back to the first record (for a writer: truncates the file to empty)."""
        self.close()
        self.open()

    def write(self, buf):
        """Appends one record.

        Parameters
        ----------
        buf : bytes
            The record's content (bytes-like, less than 2**29 bytes).
        """
        if not self.writable:
            raise MXNetError('MXRecordIO.write: {!r} was opened for reading'.format(self.uri))
        self._check_open('write')
        self._check_pid(allow_reset=False)
        if isinstance(buf, str):
            raise TypeError('MXRecordIO.write: buf must be bytes, got str (encode it first)')
        data = memoryview(buf).cast('B')
        size = len(data)
        if size >= _MAX_LENGTH:
            raise MXNetError('RecordIO only accepts records of less than 2^29 bytes, got {}'.format(size))
        out = self.handle
        start = 0
        # an aligned occurrence of the magic number splits the record (the reader restores it)
        pos = bytes(data).find(_MAGIC_BYTES) if size >= 4 else -1
        raw = bytes(data) if pos >= 0 else None
        while pos >= 0:
            if pos % 4 == 0 and pos >= start:
                out.write(_HEAD.pack(_MAGIC, ((1 if start == 0 else 2) << 29) | (pos - start)))
                out.write(raw[start:pos])
                start = pos + 4
                pos = raw.find(_MAGIC_BYTES, start)
            else:
                pos = raw.find(_MAGIC_BYTES, pos + 1)
        out.write(_HEAD.pack(_MAGIC, ((3 if start else 0) << 29) | (size - start)))
        out.write(data[start:])
        pad = -size % 4
        if pad:
            out.write(b'\0' * pad)

    def read(self):
        """The next record's bytes, or None at the end of the file."""
        if self.writable:
            raise MXNetError('MXRecordIO.read: {!r} was opened for writing'.format(self.uri))
        self._check_open('read')
        self._check_pid(allow_reset=False)
        f = self.handle
        parts = []
        while True:
            head = f.read(8)
            if not head:
                if parts:
                    raise MXNetError('Invalid RecordIO file {!r}: it ends inside a record'.format(self.uri))
                return None
            if len(head) != 8:
                raise MXNetError('Invalid RecordIO file {!r}: truncated record header'.format(self.uri))
            magic, lrec = _HEAD.unpack(head)
            if magic != _MAGIC:
                raise MXNetError('Invalid RecordIO file {!r}: no record starts at offset {}'.format(
                    self.uri, f.tell() - 8))
            cflag, length = lrec >> 29, lrec & (_MAX_LENGTH - 1)
            padded = (length + 3) & ~3
            body = f.read(padded)
            if len(body) != padded:
                raise MXNetError('Invalid RecordIO file {!r}: truncated record (the record at offset {} has {} '
                                 'bytes, {} of them in the file)'.format(self.uri, f.tell() - len(body) - 8,
                                                                         length, min(len(body), length)))
            parts.append(body[:length])
            if cflag in (0, 3):
                break
            parts.append(_MAGIC_BYTES)
        return parts[0] if len(parts) == 1 else b''.join(parts)

    def _tell(self):
        return self.handle.tell()


class MXIndexedRecordIO(MXRecordIO):
    """Reads or writes a RecordIO file with an index file, for random access by key.

    Parameters
    ----------
    idx_path : str
        Path to the index file.
    uri : str
        Path to the record file.
    flag : {'w', 'r'}
        'w' to write, 'r' to read.
    key_type : type, default int
        Type of the keys (read back from the index file with it).

    Examples
    --------
    >>> record = mx.recordio.MXIndexedRecordIO('tmp.idx', 'tmp.rec', 'w')
    >>> for i in range(5):
    ...     record.write_idx(i, b'record_%d' % i)
    >>> record.close()
    >>> record = mx.recordio.MXIndexedRecordIO('tmp.idx', 'tmp.rec', 'r')
    >>> record.read_idx(3)
    b'record_3'
    """

    def __init__(self, idx_path, uri, flag, key_type=int):
        self.idx_path, self.key_type = os.fspath(idx_path), key_type
        self.fidx, self.idx, self.keys = None, {}, []       # the index file, key -> offset, keys in order
        super().__init__(uri, flag)

    def open(self):
        super().open()
        self.idx = {}
        self.keys = []
        try:
            self.fidx = open(self.idx_path, self.flag)
        except OSError as e:
            super().close()
            raise MXNetError('MXIndexedRecordIO: cannot open index file {!r}: {}'.format(
                self.idx_path, e.strerror or e)) from None
        if not self.writable:
            for n, line in enumerate(self.fidx, 1):
                fields = line.strip().split('\t')
                if fields == ['']:
                    continue
                try:
                    key = self.key_type(fields[0])
                    self.idx[key] = int(fields[1])
                except (ValueError, IndexError):
                    raise MXNetError('Invalid index file {!r}, line {}: expected "key<TAB>offset", got {!r}'
                                     .format(self.idx_path, n, line.rstrip('\n'))) from None
                self.keys.append(key)

    def close(self):
        """Closes the record and index files (if they are open)."""
        if self.is_open:
            super().close()
            self.fidx.close()
            self.fidx = None

    def __getstate__(self):
        return dict(super().__getstate__(), fidx=None)

    def seek(self, idx):
        """Moves the read position to the record with key `idx`."""
        if self.writable:
            raise MXNetError('MXIndexedRecordIO.seek: {!r} was opened for writing'.format(self.uri))
        self._check_pid(allow_reset=True)
        self._check_open('seek')
        try:
            pos = self.idx[idx]
        except KeyError:
            raise KeyError('MXIndexedRecordIO: no record with key {!r} in {!r}'.format(idx, self.idx_path)) \
                from None
        if pos < 0:
            raise MXNetError('MXIndexedRecordIO: the index file {!r} gives key {!r} the negative offset {}'.format(
                self.idx_path, idx, pos))
        self.handle.seek(pos)

    def tell(self):
        """The current write position (the offset the next record will get)."""
        if not self.writable:
            raise MXNetError('MXIndexedRecordIO.tell: {!r} was opened for reading'.format(self.uri))
        self._check_open('tell')
        return self._tell()

    def read_idx(self, idx):
        """The record with key `idx`."""
        self.seek(idx)
        try:
            record = self.read()
        except MXNetError as e:
            # a truncated record or an offset inside one: say which key and which index file led there
            raise MXNetError('MXIndexedRecordIO.read_idx: key {!r} (offset {} in the index file {!r}): {}'.format(
                idx, self.idx[idx], self.idx_path, e)) from None
        if record is None:
            # read() found the end of the file where the index says a record starts
            raise MXNetError('MXIndexedRecordIO.read_idx: the index file {!r} gives key {!r} the offset {}, past '
                             'the end of {!r} ({} bytes)'.format(self.idx_path, idx, self.idx[idx], self.uri,
                                                                 os.fstat(self.handle.fileno()).st_size))
        return record

    def write_idx(self, idx, buf):
        """Appends a record under key `idx` (and its offset to the index file)."""
        key = self.key_type(idx)
        pos = self.tell()
        self.write(buf)
        self.fidx.write('%s\t%d\n' % (str(key), pos))
        self.idx[key] = pos
        self.keys.append(key)


IRHeader = namedtuple('HEADER', ['flag', 'label', 'id', 'id2'])
IRHeader.__doc__ = """Header of an image record (``pack``/``unpack``).

Parameters
----------
flag : int
    Free for the user when `label` is a number; set by ``pack`` to the label's length when it is an array.
label : float or array of float
    The record's label(s).
id : int
    Usually a unique id of the record.
id2 : int
    Higher bits of the id (usually 0).
"""

_IR_HEADER = struct.Struct('IfQQ')       # flag, label, id, id2 in native byte order, as MXNet packs them


def pack(header, s):
    """Packs a header and a byte string into one image record.

    Parameters
    ----------
    header : IRHeader
        The header. A number as ``header.label`` is stored in the header (and `flag` set to 0); an
        array is stored as float32 values before `s` (and `flag` set to its length).
    s : bytes
        The content (e.g. an encoded image).

    Returns
    -------
    bytes
    """
    _, label, rec_id, rec_id2 = IRHeader(*header)
    content = s.encode('utf-8') if isinstance(s, str) else bytes(s)
    if isinstance(label, numbers.Number):
        return _IR_HEADER.pack(0, label, rec_id, rec_id2) + content
    labels = np.asarray(label, dtype=np.float32)
    return _IR_HEADER.pack(labels.size, 0, rec_id, rec_id2) + labels.tobytes() + content


def unpack(s):
    """Splits an image record into its header and content.

    Parameters
    ----------
    s : bytes
        A record, as ``MXRecordIO.read`` returns it.

    Returns
    -------
    header : IRHeader
        With ``label`` a float32 numpy array when the record holds several labels.
    s : bytes
        The content.
    """
    if len(s) < _IR_HEADER.size:
        raise ValueError('unpack: a record of {} bytes is too short for the {}-byte header'.format(
            len(s), _IR_HEADER.size))
    flag, label, rec_id, rec_id2 = _IR_HEADER.unpack_from(s)
    content = s[_IR_HEADER.size:]
    if flag > 0:                       # `flag` float32 labels precede the content
        label, content = np.frombuffer(content, np.float32, flag), content[4 * flag:]
    return IRHeader(flag, label, rec_id, rec_id2), content


# ---- image encoding: Pillow (preferred) or OpenCV; arrays follow OpenCV's BGR convention, as MXNet's ----
def _pil():
    try:
        from PIL import Image
        return Image
    except ImportError:
        return None


def _cv2():
    try:
        import cv2
        return cv2
    except ImportError:
        return None


def _no_codec(what):
    return ImportError('{} needs Pillow (pip install pillow) or OpenCV (pip install opencv-python) to '
                       'encode and decode images; neither is installed'.format(what))


def decode_image(buf, flag=1, to_rgb=True):
    """Decodes an encoded image (bytes) into a uint8 numpy array: (H, W, 3) for `flag` 1, (H, W, 1) for 0,
    and as stored for -1 (OpenCV's IMREAD_UNCHANGED: (H, W) grey, or 3/4 channels). `to_rgb`: channel
    order RGB (else BGR, OpenCV's)."""
    if flag in (0, 1):
        # the decoder mx.image uses, which reproduces OpenCV's pixels
        from .ndarray.ops import _imgcodec
        return _imgcodec.decode(buf, flag, to_rgb)
    Image = _pil()
    if Image is None:
        cv2 = _cv2()
        if cv2 is None:
            raise _no_codec('image decoding')
        arr = cv2.imdecode(np.frombuffer(bytes(buf), dtype=np.uint8), flag)
        if arr is None:
            raise MXNetError('cannot decode image ({} bytes)'.format(len(buf)))
        if arr.ndim == 3 and arr.shape[2] >= 3 and to_rgb:
            arr = arr[:, :, [2, 1, 0] + list(range(3, arr.shape[2]))]
        return np.ascontiguousarray(arr)
    import io
    try:
        img = Image.open(io.BytesIO(bytes(buf)))
        img.load()
    except Exception as e:
        raise MXNetError('cannot decode image ({} bytes): {}'.format(len(buf), e)) from None
    if img.mode not in ('L', 'RGB', 'RGBA'):
        img = img.convert('RGBA' if 'A' in img.getbands() else 'RGB')
    arr = np.asarray(img)
    if arr.ndim == 3 and not to_rgb:
        arr = arr[:, :, [2, 1, 0] + list(range(3, arr.shape[2]))]
    return np.ascontiguousarray(arr)


def encode_image(img, quality=95, img_fmt='.jpg', bgr=True):
    """Encodes an HWC or HW uint8 array into JPEG or PNG bytes. `quality`: JPEG quality 1-100, or PNG
    compression level 0-9. `bgr`: the array's channels are in OpenCV's BGR order."""
    fmt = img_fmt.upper()
    if fmt in ('.JPG', '.JPEG'):
        kind = 'JPEG'
    elif fmt == '.PNG':
        kind = 'PNG'
    else:
        raise ValueError("img_fmt must be '.jpg', '.jpeg' or '.png', got {!r}".format(img_fmt))
    img = np.asarray(img)
    if img.dtype != np.uint8 or img.ndim not in (2, 3) or (img.ndim == 3 and img.shape[2] not in (1, 3, 4)):
        raise ValueError('cannot encode an image of shape {} and dtype {}: expected uint8 HxW or HxWxC '
                         'with C in (1, 3, 4)'.format(img.shape, img.dtype))
    Image = _pil()
    if Image is not None:
        import io
        arr = img
        if arr.ndim == 3 and arr.shape[2] == 1:
            arr = arr[:, :, 0]
        elif arr.ndim == 3 and bgr:
            arr = arr[:, :, [2, 1, 0] + list(range(3, arr.shape[2]))]
        pil = Image.fromarray(np.ascontiguousarray(arr))
        if kind == 'JPEG' and pil.mode == 'RGBA':
            pil = pil.convert('RGB')
        out = io.BytesIO()
        if kind == 'JPEG':
            pil.save(out, format='JPEG', quality=int(quality))
        else:
            pil.save(out, format='PNG', compress_level=int(quality))
        return out.getvalue()
    cv2 = _cv2()
    if cv2 is None:
        raise _no_codec('image encoding')
    if img.ndim == 3 and img.shape[2] >= 3 and not bgr:
        img = img[:, :, [2, 1, 0] + list(range(3, img.shape[2]))]
    params = [cv2.IMWRITE_JPEG_QUALITY if kind == 'JPEG' else cv2.IMWRITE_PNG_COMPRESSION, int(quality)]
    ok, buf = cv2.imencode(img_fmt, img, params)
    if not ok:
        raise MXNetError('failed to encode image')
    return buf.tobytes()


def unpack_img(s, iscolor=-1):
    """Splits an image record into its header and decoded image.

    Parameters
    ----------
    s : bytes
        A record, as ``MXRecordIO.read`` returns it.
    iscolor : int
        1: three channels, 0: grayscale, -1: as stored (OpenCV's ``imdecode`` flag).

    Returns
    -------
    header : IRHeader
    img : numpy.ndarray
        The image, uint8, channels in OpenCV's BGR order (as MXNet returns it).
    """
    header, s = unpack(s)
    img = decode_image(s, iscolor, to_rgb=False)
    if iscolor == 0:
        img = img[:, :, 0]
    return header, img


def pack_img(header, img, quality=95, img_fmt='.jpg'):
    """Encodes an image and packs it with a header into one image record.

    Parameters
    ----------
    header : IRHeader
        The header (see ``pack``).
    img : numpy.ndarray
        uint8 image, HxW or HxWxC with channels in OpenCV's BGR order (as MXNet expects).
    quality : int
        JPEG quality (1-100) or PNG compression level (0-9).
    img_fmt : str
        '.jpg' (or '.jpeg') or '.png'.

    Returns
    -------
    bytes
    """
    return pack(header, encode_image(img, quality, img_fmt, bgr=True))
