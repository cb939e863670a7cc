"""mx.recordio: files written by MXNet 1.9.1 read back, records holding the magic number, the index file,
image records (Pillow), and bad input."""
import os
import struct

import numpy as np
import pytest

import mxtorch as mx
from mxtorch import recordio

FILES = os.path.join(os.path.dirname(__file__), 'golden', 'files', 'data')
MAGIC = struct.pack('<I', 0xced7230a)


def test_reads_file_written_by_mxnet():
    r = recordio.MXRecordIO(os.path.join(FILES, 'recordio_write__a.rec'), 'r')
    assert [r.read() for _ in range(5)] == [b'record_%d' % i + b'x' * i for i in range(5)]
    assert r.read() is None
    r.close()


def test_reads_mxnet_records_split_at_the_magic_number():
    want = [MAGIC, MAGIC + b'ab', b'abcd' + MAGIC + MAGIC + b'xy', b'a' + MAGIC + b'bcd' + MAGIC, MAGIC * 3, b'']
    with recordio.MXRecordIO(os.path.join(FILES, 'recordio_magic_inside__m.rec'), 'r') as r:
        assert [r.read() for _ in want] == want


def test_reads_mxnet_index(tmp_path):
    idx = os.path.join(FILES, 'recordio_indexed__i.idx')
    r = recordio.MXIndexedRecordIO(idx, os.path.join(FILES, 'recordio_indexed__i.rec'), 'r')
    assert r.keys == [0, 10, 20, 30, 40, 50]
    for i in (5, 0, 3):
        assert r.read_idx(i * 10) == b'rec%d' % i * (i + 1)
    r.close()


@pytest.mark.parametrize('seed', range(4))
def test_round_trip_random_records(tmp_path, seed):
    rng = np.random.RandomState(seed)
    records = []
    for _ in range(20):
        parts = [rng.bytes(4 * rng.randint(0, 5) + rng.randint(0, 4)) for _ in range(rng.randint(1, 4))]
        records.append((MAGIC if rng.rand() < 0.5 else b'').join(parts))
    path = str(tmp_path / 'r.rec')
    w = recordio.MXIndexedRecordIO(str(tmp_path / 'r.idx'), path, 'w')
    for i, rec in enumerate(records):
        w.write_idx(i, rec)
    w.close()
    # every record starts on a 4-byte boundary and the file is a whole number of words
    assert os.path.getsize(path) % 4 == 0
    r = recordio.MXIndexedRecordIO(str(tmp_path / 'r.idx'), path, 'r')
    assert all(pos % 4 == 0 for pos in r.idx.values())
    for i in rng.permutation(len(records)):
        assert r.read_idx(int(i)) == records[i]


def test_record_layout(tmp_path):
    # magic, length word, data, zero padding
    path = str(tmp_path / 'a.rec')
    with recordio.MXRecordIO(path, 'w') as w:
        w.write(b'abcde')
    with open(path, 'rb') as f:
        assert f.read() == MAGIC + struct.pack('<I', 5) + b'abcde\0\0\0'


def test_pickled_reader_reopens(tmp_path):
    import pickle
    path = str(tmp_path / 'a.rec')
    with recordio.MXIndexedRecordIO(str(tmp_path / 'a.idx'), path, 'w') as w:
        for i in range(3):
            w.write_idx(i, b'%d' % i)
    r = recordio.MXIndexedRecordIO(str(tmp_path / 'a.idx'), path, 'r')
    r2 = pickle.loads(pickle.dumps(r))
    assert r2.read_idx(2) == b'2' and r2.keys == [0, 1, 2]


def test_pack_header_layout():
    s = recordio.pack(recordio.IRHeader(0, 2.5, 7, 9), b'abc')
    assert s == struct.pack('<IfQQ', 0, 2.5, 7, 9) + b'abc'
    s = recordio.pack(recordio.IRHeader(0, [1, 2], 7, 0), b'z')
    assert s == struct.pack('<IfQQ', 2, 0.0, 7, 0) + np.array([1, 2], np.float32).tobytes() + b'z'


def test_pack_img_png_is_lossless_and_bgr():
    pytest.importorskip('PIL')
    from PIL import Image
    import io
    rng = np.random.RandomState(0)
    img = rng.randint(0, 256, size=(5, 7, 3)).astype(np.uint8)
    s = recordio.pack_img(recordio.IRHeader(0, 3.0, 1, 0), img, quality=3, img_fmt='.png')
    header, out = recordio.unpack_img(s)
    assert header.label == 3.0
    np.testing.assert_array_equal(out, img)
    # the array is taken as OpenCV's BGR: the PNG itself holds RGB
    png = np.asarray(Image.open(io.BytesIO(recordio.unpack(s)[1])))
    np.testing.assert_array_equal(png, img[:, :, ::-1])
    gray = recordio.unpack_img(s, iscolor=0)[1]
    assert gray.shape == (5, 7) and gray.dtype == np.uint8


def test_pack_img_jpeg_close():
    pytest.importorskip('PIL')
    img = np.tile(np.linspace(0, 255, 16, dtype=np.uint8)[None, :, None], (16, 1, 3))
    _, out = recordio.unpack_img(recordio.pack_img(recordio.IRHeader(0, 0, 0, 0), img, quality=95))
    assert out.shape == img.shape
    assert np.abs(out.astype(int) - img).max() <= 8


def test_bad_input(tmp_path):
    with pytest.raises(mx.MXNetError, match='cannot open'):
        recordio.MXRecordIO(str(tmp_path / 'missing.rec'), 'r')
    with pytest.raises(ValueError, match='flag'):
        recordio.MXRecordIO(str(tmp_path / 'x.rec'), 'rw')
    path = str(tmp_path / 'bad.rec')
    with open(path, 'wb') as f:
        f.write(b'this is not a record file')
    r = recordio.MXRecordIO(path, 'r')
    with pytest.raises(mx.MXNetError, match='Invalid RecordIO'):
        r.read()
    w = recordio.MXRecordIO(str(tmp_path / 'w.rec'), 'w')
    with pytest.raises(TypeError, match='bytes'):
        w.write('text')
    with pytest.raises(mx.MXNetError, match='writing'):
        w.read()
    w.write(b'ok')
    w.close()
    with pytest.raises(mx.MXNetError, match='closed'):
        w.write(b'late')
    with recordio.MXIndexedRecordIO(str(tmp_path / 'i.idx'), str(tmp_path / 'i.rec'), 'w') as wi:
        wi.write_idx(1, b'a')
    ri = recordio.MXIndexedRecordIO(str(tmp_path / 'i.idx'), str(tmp_path / 'i.rec'), 'r')
    with pytest.raises(KeyError, match='no record with key 2'):
        ri.read_idx(2)
    assert ri.read_idx(1) == b'a'  # still usable
    with pytest.raises(ValueError, match='too short'):
        recordio.unpack(b'abc')
    with pytest.raises(ValueError, match='img_fmt'):
        recordio.pack_img(recordio.IRHeader(0, 0, 0, 0), np.zeros((2, 2, 3), np.uint8), img_fmt='.bmp')


def test_truncated_file(tmp_path):
    path = str(tmp_path / 't.rec')
    with recordio.MXRecordIO(path, 'w') as w:
        w.write(b'abcdefgh')
    with open(path, 'r+b') as f:
        f.truncate(12)
    with pytest.raises(mx.MXNetError, match='truncated'):
        recordio.MXRecordIO(path, 'r').read()
