"""nd.save / nd.load against files MXNet 1.9.1 wrote (tests/golden/files/ndfile, made by
tools/make_nd_fixtures.py under the reference), and the robustness of both: truncated, corrupted and foreign
files, bad arguments, and saves that fail part-way. The byte-for-byte checks of files mxtorch writes are
the golden cases in tests/golden/serialization_cases.py."""
import json
import os
import pickle
import stat
import struct

import numpy as np
import pytest
import torch

import mxtorch as mx
from mxtorch import nd
from mxtorch.base import MXNetError
from mxtorch.ndarray import serialization
from golden_support import GOLDEN, decode_values

FIXTURES = os.path.join(GOLDEN, 'files', 'ndfile')
with open(os.path.join(FIXTURES, 'manifest.json')) as _f:
    MANIFEST = json.load(_f)


def _fixture(name):
    return os.path.join(FIXTURES, name.split('(')[0])


def _load(path, np_shape):
    """nd.load under numpy shape semantics on or off (through mx.np_shape where mxtorch has it)."""
    np_shape_scope = getattr(mx.util, 'np_shape', None)
    if np_shape_scope is not None:
        with np_shape_scope(np_shape):
            return nd.load(path)
    if np_shape:
        return serialization._load_file(path, True, 'mx.nd.load')
    return nd.load(path)


def _check_array(got, want, where):
    if want['dtype'] == 'bfloat16':
        assert got._t.dtype is torch.bfloat16, where
        want = dict(want, dtype='float32')
    else:
        assert str(np.dtype(got.dtype)) == want['dtype'], where
    assert list(got.shape) == want['shape'], where
    assert str(got.context) == want['context'], where
    values, expected = got.asnumpy(), decode_values(want)
    np.testing.assert_array_equal(values, expected, err_msg=where)
    if values.dtype.kind == 'f':  # -0.0 stays -0.0
        np.testing.assert_array_equal(np.signbit(values), np.signbit(expected), err_msg=where)


@pytest.mark.parametrize('name', sorted(MANIFEST['files']))
def test_load_mxnet_file(name):
    want = MANIFEST['files'][name]
    path = _fixture(name)
    if 'error' in want:
        with pytest.raises(MXNetError) as info:
            _load(path, want['np_shape'])
        assert os.path.basename(path) in str(info.value)
        return
    if name.startswith('gpu') and mx.num_gpus() > 0:
        pytest.skip('with a GPU present the arrays go to it: test_load_gpu_file_on_gpu')
    got = _load(path, want['np_shape'])
    if want['kind'] == 'dict':
        assert isinstance(got, dict) and list(got) == want['names'], name
        got = list(got.values())
    else:
        assert isinstance(got, list), name
    assert len(got) == len(want['arrays'])
    for i, (g, w) in enumerate(zip(got, want['arrays'])):
        assert g.stype == w['stype'], name  # sparse arrays load as sparse (tests/test_sparse.py: their parts)
        _check_array(g, w, '{}[{}]'.format(name, i))


@pytest.mark.parametrize('name', sorted(n for n, w in MANIFEST['files'].items() if w['resave_identical']))
def test_resave_mxnet_file_is_identical(name, tmp_path):
    want = MANIFEST['files'][name]
    loaded = _load(_fixture(name), want['np_shape'])
    out = str(tmp_path / 'again.nd')
    if want['np_shape']:
        np_shape_scope = getattr(mx.util, 'np_shape', None)
        if np_shape_scope is None:
            pytest.skip('mxtorch has no mx.np_shape yet: saving in numpy shape semantics is not reachable')
        with np_shape_scope(True):
            nd.save(out, loaded)
    else:
        nd.save(out, loaded)
    with open(out, 'rb') as f, open(_fixture(name), 'rb') as g:
        assert f.read() == g.read()


@pytest.mark.skipif(mx.num_gpus() == 0, reason='needs a GPU')
def test_load_gpu_file_on_gpu():
    got = nd.load(_fixture('gpu0_saved.nd'))
    assert [str(a.context) for a in got.values()] == ['gpu(0)', 'gpu(0)']
    np.testing.assert_array_equal(got['b'].asnumpy(), np.arange(6).reshape(2, 3))
    if mx.num_gpus() > 1:
        assert str(nd.load(_fixture('gpu1_saved.nd'))[0].context) == 'gpu(1)'
    else:
        with pytest.raises(MXNetError, match='gpu\\(1\\)'):
            nd.load(_fixture('gpu1_saved.nd'))


@pytest.mark.skipif(mx.num_gpus() == 0, reason='needs a GPU')
def test_save_gpu_array_records_its_context(tmp_path):
    a = nd.array([[1, 2], [3, 4]], ctx=mx.gpu(0))
    nd.save(str(tmp_path / 'g.nd'), [a])
    data = (tmp_path / 'g.nd').read_bytes()
    # header 24, magic 4, stype 4, ndim 4, dims 16: then device type and id
    assert struct.unpack('<ii', data[52:60]) == (2, 0)
    loaded = nd.load(str(tmp_path / 'g.nd'))[0]
    assert str(loaded.context) == 'gpu(0)'
    np.testing.assert_array_equal(loaded.asnumpy(), [[1, 2], [3, 4]])


# ---- round trips of what MXNet 1.9.1 cannot make ----------------------------------------------------------
@pytest.mark.parametrize('dtype', [torch.int16, torch.uint16, torch.uint32, torch.uint64, torch.bfloat16])
def test_round_trip_other_dtypes(dtype, tmp_path):
    t = torch.tensor([[0, 1, 2], [3, 100, 7]]).to(dtype)
    fname = str(tmp_path / 'x.nd')
    nd.save(fname, {'t': nd.from_torch(t)})
    back = nd.load(fname)['t']._t
    assert back.dtype is dtype and torch.equal(back, t)


def test_round_trip_large_array_and_buffer(tmp_path):
    values = np.random.RandomState(0).standard_normal((512, 300)).astype(np.float32)
    fname = str(tmp_path / 'big.nd')
    nd.save(fname, [nd.array(values), nd.array(values[:, :7], dtype='float16')])
    from_file = nd.load(fname)
    with open(fname, 'rb') as f:
        from_buffer = nd.load_frombuffer(f.read())
    for got in (from_file, from_buffer):
        np.testing.assert_array_equal(got[0].asnumpy(), values)
        np.testing.assert_array_equal(got[1].asnumpy(), values[:, :7].astype(np.float16))


def test_loaded_arrays_are_writable_and_independent(tmp_path):
    fname = str(tmp_path / 'x.nd')
    nd.save(fname, [nd.ones((3,)), nd.ones((3,))])
    with open(fname, 'rb') as f:
        buf = f.read()
    for a, b in (nd.load(fname), nd.load_frombuffer(buf)):
        a[:] = 5
        a += 1
        np.testing.assert_array_equal(a.asnumpy(), [6, 6, 6])
        np.testing.assert_array_equal(b.asnumpy(), [1, 1, 1])


def test_0d_array_saved_outside_np_shape_cannot_be_loaded(tmp_path):
    fname = str(tmp_path / 'x.nd')
    nd.save(fname, [nd.array(np.array(2.5))])  # MXNet writes it; its loader reads ndim 0 as "no array"
    with pytest.raises(MXNetError, match='shape \\(\\)'):
        nd.load(fname)


def test_np_shape_file_needs_np_shape_semantics():
    with pytest.raises(MXNetError, match='is_np_shape'):
        nd.load(_fixture('np_shape.nd'))
    with pytest.raises(MXNetError, match='is_np_shape'):
        serialization.load_dict(_fixture('all_dtypes.nd'), np_shape=True)
    got = serialization.load_dict(_fixture('np_shape.nd'), np_shape=True)
    assert got['scalar'].shape == () and float(got['scalar'].asnumpy()) == 2.5
    assert got['empty'].shape == (2, 0)


# ---- helpers for Gluon and pickling ---------------------------------------------------------------------
def test_save_dict_and_load_dict_keep_order(tmp_path):
    fname = str(tmp_path / 'p.params')
    params = {'z.weight': nd.ones((2, 2)), 'a.bias': nd.zeros((2,)), 'm.weight': nd.ones((1,))}
    serialization.save_dict(fname, params)
    assert list(serialization.load_dict(fname)) == ['z.weight', 'a.bias', 'm.weight']
    assert list(nd.load(fname)) == ['z.weight', 'a.bias', 'm.weight']
    assert list(serialization.load_dict(_fixture('gluon_params.nd'))) == ['0.weight', '0.bias', '1.weight', '1.bias']


def test_load_dict_of_empty_and_unnamed_files(tmp_path):
    fname = str(tmp_path / 'p.params')
    serialization.save_dict(fname, {})
    assert serialization.load_dict(fname) == {}
    nd.save(fname, [nd.ones(1)])
    with pytest.raises(MXNetError, match='without names'):
        serialization.load_dict(fname)
    with pytest.raises(TypeError):
        serialization.save_dict(fname, [nd.ones(1)])


def test_raw_bytes_match_mxnet_getstate():
    for code, hexbytes in MANIFEST['states'].items():
        arr = eval(code, {'nd': nd, 'mx': mx})
        assert serialization.to_raw_bytes(arr) == bytes.fromhex(hexbytes), code
        back = serialization.from_raw_bytes(bytearray.fromhex(hexbytes))
        assert str(back.context) == 'cpu(0)' and back.dtype == arr.dtype, code
        np.testing.assert_array_equal(back.asnumpy(), arr.asnumpy(), err_msg=code)


def test_raw_bytes_of_gpu_array_load_without_gpu():
    # the state MXNet gives for nd.arange(1, ctx=mx.gpu(0)): a version 2 record on device type 2
    state = struct.pack('<Iiiqiii', 0xF993FAC9, 0, 1, 1, 2, 0, 0) + struct.pack('<f', 0)
    arr = serialization.from_raw_bytes(bytearray(state))
    assert arr.shape == (1,)
    assert str(arr.context) == ('gpu(0)' if mx.num_gpus() else 'cpu(0)')
    with pytest.raises(MXNetError, match='truncated'):
        serialization.from_raw_bytes(state[:-2])


# ---- robustness -----------------------------------------------------------------------------------------
def _small_file(tmp_path):
    fname = str(tmp_path / 'small.nd')
    nd.save(fname, {'w': nd.array([[1, 2], [3, 4]]), 'b': nd.array([5], dtype='int64')})
    with open(fname, 'rb') as f:
        return fname, f.read()


def test_every_truncation_is_an_mxnet_error(tmp_path):
    fname, data = _small_file(tmp_path)
    for n in range(len(data)):
        with open(fname, 'wb') as f:
            f.write(data[:n])
        with pytest.raises(MXNetError) as info:
            nd.load(fname)
        assert 'small.nd' in str(info.value)
        with pytest.raises(MXNetError):
            nd.load_frombuffer(data[:n])


def test_corrupted_bytes_never_raise_other_errors(tmp_path):
    _, data = _small_file(tmp_path)
    for i in range(len(data)):
        for value in (0x00, 0xFF, data[i] ^ 0x01):
            corrupted = data[:i] + bytes([value]) + data[i + 1:]
            try:
                nd.load_frombuffer(corrupted)
            except MXNetError:
                pass


def _patched(data, offset, fmt, value):
    size = struct.calcsize(fmt)
    return data[:offset] + struct.pack(fmt, value) + data[offset + size:]


@pytest.mark.parametrize('offset,fmt,value,message', [
    (0, '<Q', 0x113, 'not an MXNet NDArray file'),
    (16, '<Q', 2 ** 40, 'truncated or corrupted'),
    (28, '<i', 2, 'array 0 has an unknown device type'),  # a dense record read as csr
    (28, '<i', 9, 'unknown storage type 9'),
    (32, '<i', -3, 'invalid ndim'),
    (36, '<q', 2 ** 40, 'truncated'),
    (52, '<i', 7, 'unknown device type 7'),
    (60, '<i', 42, 'unknown dtype flag 42'),
    (24, '<I', 0xF993FACA, 'is_np_shape'),
])
def test_corruptions_are_named(tmp_path, offset, fmt, value, message):
    fname, data = _small_file(tmp_path)
    with open(fname, 'wb') as f:
        f.write(_patched(data, offset, fmt, value))
    with pytest.raises(MXNetError, match=message) as info:
        nd.load(fname)
    assert 'small.nd' in str(info.value)


def test_names_count_and_encoding_are_checked(tmp_path):
    _, data = _small_file(tmp_path)
    names_at = len(data) - (8 + 8 + 1 + 8 + 1)
    with pytest.raises(MXNetError, match='2 arrays but 1 names'):
        nd.load_frombuffer(_patched(data, names_at, '<Q', 1))
    bad_name = data[:-1] + b'\xff'
    with pytest.raises(MXNetError, match='utf-8'):
        nd.load_frombuffer(bad_name)


def test_foreign_files_are_refused_without_running_them(tmp_path):
    marker = tmp_path / 'pickle_ran'

    class Payload:
        def __reduce__(self):
            return open, (str(marker), 'w')

    foreign = {'pickle.nd': pickle.dumps(Payload()), 'text.nd': b'weight 1 2 3\n' * 10,
               'png.nd': b'\x89PNG\r\n\x1a\n' + bytes(64), 'torch.nd': b'PK\x03\x04' + bytes(100)}
    for name, content in foreign.items():
        (tmp_path / name).write_bytes(content)
        with pytest.raises(MXNetError, match='not an MXNet NDArray file|truncated') as info:
            nd.load(str(tmp_path / name))
        assert name in str(info.value)
    assert not marker.exists()


def _dir_listing(tmp_path):
    return sorted(os.listdir(str(tmp_path)))


def test_failed_save_leaves_earlier_file_intact(tmp_path):
    fname, data = _small_file(tmp_path)
    before = _dir_listing(tmp_path)
    with pytest.raises(TypeError):
        nd.save(fname, [nd.ones(2), np.ones(2)])
    with pytest.raises(MXNetError, match='complex64'):
        nd.save(fname, [nd.ones(2), nd.from_torch(torch.zeros(2, dtype=torch.complex64))])
    with pytest.raises(ValueError, match='NUL'):
        nd.save(fname, {'a\0b': nd.ones(2)})
    # a failure after writing has begun: the data of the third array cannot be read
    meta = nd.from_torch(torch.empty(3, device='meta'))
    with pytest.raises(MXNetError, match='array 2'):
        nd.save(fname, [nd.ones(1000), nd.ones(2), meta])
    with open(fname, 'rb') as f:
        assert f.read() == data
    assert _dir_listing(tmp_path) == before  # no temporary file left behind


def test_save_keeps_mode_and_writes_through_symlink(tmp_path):
    fname, _ = _small_file(tmp_path)
    os.chmod(fname, 0o600)
    link = str(tmp_path / 'link.nd')
    os.symlink(fname, link)
    nd.save(link, [nd.ones(3)])
    assert os.path.islink(link)
    assert stat.S_IMODE(os.stat(fname).st_mode) == 0o600
    np.testing.assert_array_equal(nd.load(fname)[0].asnumpy(), [1, 1, 1])
    assert sorted(os.listdir(str(tmp_path))) == ['link.nd', 'small.nd']


def test_bad_arguments_leave_no_file(tmp_path):
    fname = str(tmp_path / 'x.nd')
    for data in [(nd.ones(1),), None, {1: nd.ones(1)}, [nd.ones(1), [nd.ones(1)]]]:
        with pytest.raises((TypeError, ValueError)):
            nd.save(fname, data)
    with pytest.raises(TypeError, match='fname'):
        nd.save(tmp_path / 'x.nd', [nd.ones(1)])
    with pytest.raises(TypeError, match='fname'):
        nd.load(tmp_path / 'x.nd')
    assert os.listdir(str(tmp_path)) == []
