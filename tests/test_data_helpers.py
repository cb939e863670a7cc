"""mx.test_utils' data helpers (get_zip_data, get_bz2_data, get_mnist*, get_cifar10, download_model,
get_im2rec_path, DummyIter) on local files and file:// URLs (this machine is offline), and the error
messages of mx.io.CSVIter and mx.io.MNISTIter (their batches are golden area csv_mnist_iter)."""
import bz2
import gzip
import os
import struct
import zipfile

import numpy as np
import pytest

import mxtorch as mx
from mxtorch.base import MXNetError
from mxtorch import test_utils as tu


def _url(path):
    return 'file://' + str(path)


def test_get_zip_data_fetches_and_unpacks_once(tmp_path):
    src = tmp_path / 'src'
    src.mkdir()
    with zipfile.ZipFile(src / 'pack.zip', 'w') as z:
        z.writestr('inner/a.txt', 'hello')
    out = tmp_path / 'out'
    tu.get_zip_data(str(out), _url(src / 'pack.zip'), 'pack.zip')
    assert (out / 'pack.zip').exists() and (out / 'inner' / 'a.txt').read_text() == 'hello'
    (out / 'inner' / 'a.txt').unlink()
    (src / 'pack.zip').unlink()
    tu.get_zip_data(str(out), _url(src / 'pack.zip'), 'pack.zip')   # archive present: nothing done
    assert not (out / 'inner' / 'a.txt').exists()


def test_get_bz2_data_decompresses_and_removes_archive(tmp_path):
    payload = b'line one\nline two\n' * 100
    (tmp_path / 'x.bz2').write_bytes(bz2.compress(payload))
    out = tmp_path / 'out'
    tu.get_bz2_data(str(out), 'x.txt', _url(tmp_path / 'x.bz2'), 'x.bz2')
    assert (out / 'x.txt').read_bytes() == payload
    assert not (out / 'x.bz2').exists()
    (tmp_path / 'x.bz2').unlink()
    tu.get_bz2_data(str(out), 'x.txt', _url(tmp_path / 'x.bz2'), 'x.bz2')   # target present
    assert (out / 'x.txt').read_bytes() == payload


def _idx_images(images):
    n, h, w = images.shape
    return struct.pack('>IIII', 2051, n, h, w) + images.astype(np.uint8).tobytes()


def _idx_labels(labels):
    return struct.pack('>II', 2049, len(labels)) + np.asarray(labels, dtype=np.uint8).tobytes()


def _mnist_arrays(n, seed):
    rs = np.random.RandomState(seed)
    return rs.randint(0, 256, (n, 28, 28)), rs.randint(0, 10, n)


def test_get_mnist_reads_present_gz_files(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    expect = {}
    for part, prefix, n in (('train', 'train', 5), ('test', 't10k', 3)):
        images, labels = _mnist_arrays(n, n)
        with gzip.open(prefix + '-images-idx3-ubyte.gz', 'wb') as f:
            f.write(_idx_images(images))
        with gzip.open(prefix + '-labels-idx1-ubyte.gz', 'wb') as f:
            f.write(_idx_labels(labels))
        expect[part] = images, labels
    got = tu.get_mnist()
    assert sorted(got) == ['test_data', 'test_label', 'train_data', 'train_label']
    for part in ('train', 'test'):
        images, labels = expect[part]
        data = got[part + '_data']
        assert data.dtype == np.float32 and data.shape == (len(labels), 1, 28, 28)
        np.testing.assert_allclose(data[:, 0], images / 255.0, rtol=1e-6)
        assert got[part + '_label'].dtype == np.int8
        np.testing.assert_array_equal(got[part + '_label'], labels)


def test_get_mnist_ubyte_and_cifar10_unpack_present_archives(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    os.makedirs('data')
    names = ['train-images-idx3-ubyte', 'train-labels-idx1-ubyte', 't10k-images-idx3-ubyte', 't10k-labels-idx1-ubyte']
    with zipfile.ZipFile('data/mnist.zip', 'w') as z:
        for name in names:
            z.writestr(name, name)
    tu.get_mnist_ubyte()
    assert all(open(os.path.join('data', n)).read() == n for n in names)
    with zipfile.ZipFile('data/cifar10.zip', 'w') as z:
        for name in ('train.rec', 'test.rec', 'train.lst', 'test.lst'):
            z.writestr('cifar/' + name, name)
    tu.get_cifar10()
    assert open('data/cifar/test.lst').read() == 'test.lst'


def test_offline_download_is_a_clear_error(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    os.makedirs('data')
    open('data/mnist.pkl.gz', 'wb').close()
    tu.get_mnist_pkl()              # present: nothing fetched
    with pytest.raises(MXNetError, match='gone.zip'):
        tu.get_zip_data(str(tmp_path / 'z'), _url(tmp_path / 'gone.zip'), 'gone.zip')


def test_download_model(tmp_path):
    (tmp_path / 'm-symbol.json').write_text('{}')
    (tmp_path / 'm-0007.params').write_bytes(b'\x01\x02')
    meta = {'net': {'symbol': _url(tmp_path / 'm-symbol.json'), 'params': _url(tmp_path / 'm-0007.params')}}
    dst = tmp_path / 'models'
    prefix, epoch = tu.download_model('net', str(dst), meta_info=meta)
    assert (prefix, epoch) == (os.path.join(str(dst), 'net'), 0)
    assert (dst / 'net-symbol.json').read_text() == '{}'
    assert (dst / 'net-0000.params').read_bytes() == b'\x01\x02'
    assert tu.download_model('unknown', str(dst)) == (None, 0)
    with pytest.raises(AssertionError, match='symbol'):
        tu.download_model('net', str(dst), meta_info={'net': {'params': 'x'}})
    table = tu._model_zoo_table()
    assert len(table) == 12
    assert table['imagenet1k-resnet-18']['params'] == \
        'http://data.mxnet.io/models/imagenet/resnet/18-layers/resnet-18-0000.params'


def test_get_im2rec_path(tmp_path, monkeypatch):
    monkeypatch.setenv('MY_HOME', str(tmp_path))
    with pytest.raises(IOError, match='im2rec.py'):
        tu.get_im2rec_path('MY_HOME')
    (tmp_path / 'tools').mkdir()
    (tmp_path / 'tools' / 'im2rec.py').write_text('')
    assert tu.get_im2rec_path('MY_HOME') == os.path.join(str(tmp_path), 'tools', 'im2rec.py')


def test_dummy_iter_repeats_the_first_batch():
    real = mx.io.NDArrayIter(np.arange(12).reshape(6, 2), np.arange(6), batch_size=4)
    it = tu.DummyIter(real)
    assert it.batch_size == 4 and it.provide_data == real.provide_data
    batches = [b for _, b in zip(range(5), it)]
    assert all(b is batches[0] for b in batches)
    np.testing.assert_array_equal(batches[0].data[0].asnumpy(), np.arange(8).reshape(4, 2))


def test_csv_iter_errors(tmp_path):
    path = tmp_path / 'd.csv'
    path.write_text('1,2,3\n4,5,x\n')
    with pytest.raises(TypeError, match='keyword'):
        mx.io.CSVIter(str(path), data_csv=str(path), data_shape=(3,), batch_size=1)
    with pytest.raises(MXNetError, match='batch_size'):
        mx.io.CSVIter(data_csv=str(path), data_shape=(3,))
    with pytest.raises(MXNetError, match='not a number'):
        mx.io.CSVIter(data_csv=str(path), data_shape=(3,), batch_size=1)
    with pytest.raises(MXNetError, match='positive'):
        mx.io.CSVIter(data_csv=str(path), data_shape=(3,), batch_size=0)
    with pytest.raises(MXNetError, match='float16 is not supported'):
        mx.io.CSVIter(data_csv=str(path), data_shape=(3,), batch_size=1, dtype='float16')


def test_csv_iter_folder_reads_every_file(tmp_path):
    (tmp_path / 'a.csv').write_text('1,2\n3,4\n')
    (tmp_path / 'b.csv').write_text('5,6\n')
    it = mx.io.CSVIter(data_csv=str(tmp_path), data_shape=(2,), batch_size=3)
    np.testing.assert_array_equal(next(it).data[0].asnumpy(), [[1, 2], [3, 4], [5, 6]])


def _write_mnist_ubyte(folder, n_train, n_test):
    for prefix, n in (('train', n_train), ('t10k', n_test)):
        images, labels = _mnist_arrays(n, n)
        (folder / (prefix + '-images-idx3-ubyte')).write_bytes(_idx_images(images))
        (folder / (prefix + '-labels-idx1-ubyte')).write_bytes(_idx_labels(labels))


def test_get_mnist_iterator_over_present_files(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / 'data').mkdir()
    _write_mnist_ubyte(tmp_path / 'data', 20, 12)
    train, val = tu.get_mnist_iterator(5, (784,))
    assert train.provide_data[0].shape == (5, 784) and val.provide_label[0].shape == (5,)
    labels = np.concatenate([b.label[0].asnumpy() for b in train])
    assert sorted(labels.tolist()) == sorted(_mnist_arrays(20, 20)[1].tolist())    # shuffled, all there
    assert len(list(val)) == 2                                                       # 12 // 5 full batches
    train, val = tu.get_mnist_iterator(4, (1, 28, 28), num_parts=2, part_index=1)
    batch = next(val)
    assert batch.data[0].shape == (4, 1, 28, 28)
    images, labels = _mnist_arrays(12, 12)
    got = batch.data[0].asnumpy()[:, 0] * 256       # the validation iterator shuffles too (MXNet's default)
    for row, label in zip(got, batch.label[0].asnumpy()):
        match = [k for k in range(6, 12) if np.array_equal(images[k], row)]
        assert len(match) == 1 and labels[match[0]] == label


def test_mnist_iter_log_and_errors(tmp_path, capfd):
    _write_mnist_ubyte(tmp_path, 6, 1)
    img, lab = str(tmp_path / 'train-images-idx3-ubyte'), str(tmp_path / 'train-labels-idx1-ubyte')
    mx.io.MNISTIter(image=img, label=lab, batch_size=2, flat=True)
    assert 'MNISTIter: load 6 images, shuffle=1, shape=[2,784]' in capfd.readouterr().err
    mx.io.MNISTIter(image=img, label=lab, batch_size=2, silent=True)
    assert 'MNISTIter' not in capfd.readouterr().err
    with pytest.raises(TypeError, match='keyword'):
        mx.io.MNISTIter(img)
    with pytest.raises(MXNetError, match='float32'):
        mx.io.MNISTIter(image=img, label=lab, batch_size=2, dtype='int32')
    with pytest.raises(MXNetError, match='part_index >= 0'):
        mx.io.MNISTIter(image=img, label=lab, batch_size=2, part_index=-1)
    with pytest.raises(StopIteration):                 # MXNet's too: no full batch to read when made
        mx.io.MNISTIter(image=img, label=lab, batch_size=7, silent=True)
    (tmp_path / 'short').write_bytes(b'\x00\x00')
    with pytest.raises(MXNetError, match='invalid mnist format'):
        mx.io.MNISTIter(image=str(tmp_path / 'short'), label=lab, batch_size=2)
