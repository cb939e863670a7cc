"""gluon.data.vision: MNIST / FashionMNIST / CIFAR from small files in the standard formats, the default
root ($MXNET_HOME), a clear error when files are missing and cannot be downloaded, and transforms."""
import gzip
import os
import socket
import struct

import numpy as np
import pytest

import mxtorch as mx
from mxtorch.gluon.data import DataLoader
from mxtorch.gluon.data import vision


def _write_idx(path, array, magic):
    raw = struct.pack('>I', magic) + struct.pack('>' + 'I' * array.ndim, *array.shape) + array.tobytes()
    if path.endswith('.gz'):
        with gzip.open(path, 'wb') as f:
            f.write(raw)
    else:
        with open(path, 'wb') as f:
            f.write(raw)


def _mnist_files(root, prefix, n, gz=True):
    rng = np.random.RandomState(n)
    images = rng.randint(0, 256, size=(n, 28, 28)).astype(np.uint8)
    labels = rng.randint(0, 10, size=n).astype(np.uint8)
    ext = '.gz' if gz else ''
    _write_idx(os.path.join(root, prefix + '-images-idx3-ubyte' + ext), images, 2051)
    _write_idx(os.path.join(root, prefix + '-labels-idx1-ubyte' + ext), labels, 2049)
    return images, labels


@pytest.fixture
def offline(monkeypatch):
    """Points MXNet's dataset repository at a local port where nothing listens."""
    sock = socket.socket()
    sock.bind(('127.0.0.1', 0))
    port = sock.getsockname()[1]
    sock.close()
    monkeypatch.setenv('MXNET_GLUON_REPO', 'http://127.0.0.1:%d/' % port)


@pytest.mark.parametrize('cls', [vision.MNIST, vision.FashionMNIST])
def test_mnist_from_idx_files(tmp_path, cls):
    images, labels = _mnist_files(str(tmp_path), 'train', 7)
    test_images, _ = _mnist_files(str(tmp_path), 't10k', 3, gz=False)  # uncompressed files work too
    train = cls(root=str(tmp_path))
    assert len(train) == 7
    img, label = train[4]
    assert img.shape == (28, 28, 1) and img.dtype == np.uint8
    np.testing.assert_array_equal(img.asnumpy()[:, :, 0], images[4])
    assert label == labels[4] and isinstance(label, np.int32)
    test = cls(root=str(tmp_path), train=False)
    np.testing.assert_array_equal(test[2][0].asnumpy()[:, :, 0], test_images[2])
    data, label = next(iter(DataLoader(train, batch_size=7)))
    assert data.shape == (7, 28, 28, 1) and data.dtype == np.uint8
    assert label.dtype == np.int32 and label.asnumpy().tolist() == labels.tolist()


def test_mnist_transform_and_default_root(tmp_path, monkeypatch):
    monkeypatch.setenv('MXNET_HOME', str(tmp_path))
    root = tmp_path / 'datasets' / 'fashion-mnist'
    root.mkdir(parents=True)
    _mnist_files(str(root), 'train', 4)
    d = vision.FashionMNIST(transform=lambda x, y: (x.astype('float32') / 255, y + 100))
    x, y = d[0]
    assert x.dtype == np.float32 and float(x.max().asscalar()) <= 1 and y >= 100


def test_mnist_missing_offline_is_clear(tmp_path, offline):
    with pytest.raises(mx.MXNetError, match='train-labels-idx1-ubyte.gz is not in'):
        vision.MNIST(root=str(tmp_path / 'empty'))


def test_mnist_bad_file(tmp_path):
    _mnist_files(str(tmp_path), 'train', 3)
    _write_idx(str(tmp_path / 'train-labels-idx1-ubyte.gz'), np.zeros((3, 2), np.uint8), 2050)
    with pytest.raises(mx.MXNetError, match='IDX'):
        vision.MNIST(root=str(tmp_path))


def _cifar_rows(n, label_bytes, seed):
    rng = np.random.RandomState(seed)
    labels = rng.randint(0, 20, size=(n, label_bytes)).astype(np.uint8)
    pixels = rng.randint(0, 256, size=(n, 3, 32, 32)).astype(np.uint8)
    return np.concatenate([labels, pixels.reshape(n, -1)], axis=1), labels, pixels


def test_cifar10_from_batches(tmp_path):
    folder = tmp_path / 'cifar-10-batches-bin'  # the layout of the official archive
    folder.mkdir()
    want = []
    for i in range(1, 6):
        rows, labels, pixels = _cifar_rows(2, 1, i)
        (folder / ('data_batch_%d.bin' % i)).write_bytes(rows.tobytes())
        want.append((labels, pixels))
    rows, _, _ = _cifar_rows(3, 1, 9)
    (folder / 'test_batch.bin').write_bytes(rows.tobytes())
    train = vision.CIFAR10(root=str(tmp_path))
    assert len(train) == 10 and len(vision.CIFAR10(root=str(tmp_path), train=False)) == 3
    img, label = train[3]  # second row of batch 2
    assert img.shape == (32, 32, 3) and img.dtype == np.uint8
    np.testing.assert_array_equal(img.asnumpy(), want[1][1][1].transpose(1, 2, 0))
    assert label == want[1][0][1, 0] and isinstance(label, np.int32)


def test_cifar100_labels(tmp_path):
    rows, labels, _ = _cifar_rows(4, 2, 0)
    (tmp_path / 'train.bin').write_bytes(rows.tobytes())
    (tmp_path / 'test.bin').write_bytes(rows[:1].tobytes())
    coarse = vision.CIFAR100(root=str(tmp_path))
    fine = vision.CIFAR100(root=str(tmp_path), fine_label=True)
    assert [coarse[i][1] for i in range(4)] == labels[:, 0].tolist()
    assert [fine[i][1] for i in range(4)] == labels[:, 1].tolist()


def test_cifar_missing_offline_is_clear(tmp_path, offline):
    with pytest.raises(mx.MXNetError, match='cifar-10-binary.tar.gz is not in'):
        vision.CIFAR10(root=str(tmp_path))


def test_image_folder_missing_root(tmp_path):
    with pytest.raises(mx.MXNetError, match='not a folder'):
        vision.ImageFolderDataset(str(tmp_path / 'nope'))


# ---- transforms (they run the nd.image operators) -------------------------------------------------------


def test_to_tensor_normalize_math():
    from mxtorch.gluon.data.vision import transforms as T
    img = np.arange(4 * 2 * 3).reshape(4, 2, 3).astype(np.uint8)
    out = T.Compose([T.ToTensor(), T.Normalize((0.1, 0.2, 0.3), (0.5, 0.5, 2.0))])(mx.nd.array(img, dtype='uint8'))
    want = (img.transpose(2, 0, 1) / 255.0 - np.array([0.1, 0.2, 0.3])[:, None, None]) / \
        np.array([0.5, 0.5, 2.0])[:, None, None]
    assert out.dtype == np.float32 and out.shape == (3, 4, 2)
    np.testing.assert_allclose(out.asnumpy(), want, rtol=1e-5, atol=1e-6)


def test_resize_flip_cast_in_loader():
    from mxtorch.gluon.data.vision import transforms as T
    from mxtorch.gluon.data import ArrayDataset
    images = np.random.RandomState(0).randint(0, 256, size=(6, 8, 8, 3)).astype(np.uint8)
    t = T.Compose([T.Resize(4), T.RandomFlipLeftRight(), T.ToTensor(), T.Cast('float16')])
    ds = ArrayDataset(mx.nd.array(images, dtype='uint8'), np.arange(6)).transform_first(t)
    data, label = next(iter(DataLoader(ds, batch_size=6, num_workers=2)))
    assert data.shape == (6, 3, 4, 4) and data.dtype == np.float16
    flat = mx.nd.array(np.full((8, 8, 3), 7, np.uint8), dtype='uint8')
    np.testing.assert_array_equal(T.Resize((3, 5))(flat).asnumpy(), np.full((5, 3, 3), 7))


def test_random_transforms_shapes_and_ranges():
    from mxtorch.gluon.data.vision import transforms as T
    img = mx.nd.array(np.random.RandomState(1).randint(0, 256, size=(20, 30, 3)), dtype='uint8')
    for _ in range(5):
        assert T.RandomResizedCrop(8)(img).shape == (8, 8, 3)
        assert T.RandomResizedCrop((6, 4), scale=(0.5, 1.0))(img).shape == (4, 6, 3)
    out = T.RandomFlipTopBottom()(img).asnumpy()
    assert (out == img.asnumpy()).all() or (out == img.asnumpy()[::-1]).all()
    jitter = T.Compose([T.RandomBrightness(0.3), T.RandomContrast(0.3), T.RandomSaturation(0.3), T.RandomHue(0.1),
                        T.RandomLighting(0.1)])
    assert jitter(img).shape == img.shape and jitter(img).dtype == np.uint8
    assert T.RandomApply(T.Cast('float64'), p=0.0)(img).dtype == np.uint8
    assert T.RandomApply(T.Cast('float64'), p=1.0)(img).dtype == np.float64
    with pytest.raises(ValueError, match='angle_limits'):
        T.RandomRotation((10, -10))
