"""Vision datasets: MNIST, FashionMNIST, CIFAR10, CIFAR100 (read from their standard files under `root`,
downloaded from MXNet's repository when absent) and images in record files or folders."""
import gzip
import os
import struct
import tarfile
import warnings

import numpy as np

from .... import recordio
from ....base import MXNetError, data_dir
from ....ndarray.creation import array
from ....util import is_np_array
from ...utils import _get_repo_file_url, download, check_sha1  # noqa: F401  (MXNet's module names it)
from .. import dataset

__all__ = ['MNIST', 'FashionMNIST', 'CIFAR10', 'CIFAR100', 'ImageRecordDataset', 'ImageFolderDataset']


def _default_root(name):
    return os.path.join(data_dir(), 'datasets', name)


def _fetch(root, namespace, name, sha1, what):
    """Path of file `name` under `root`: the file there when present (whatever its content, so that
    local copies work offline), else downloaded from MXNet's repository and checked against `sha1`."""
    path = os.path.join(root, name)
    if os.path.exists(path):
        return path
    try:
        return download(_get_repo_file_url('gluon/dataset/' + namespace, name), path=root, sha1_hash=sha1)
    except Exception as e:  # noqa: BLE001
        raise MXNetError('{}: {} is not in {} and could not be downloaded ({}). Put the file there, or '
                         'connect to the network.'.format(what, name, root, e)) from e


def _imdecode(buf, flag):
    """Decoded image (HWC uint8 NDArray, RGB or 1-channel grey), as ``mx.image.imdecode`` gives it."""
    from .... import image  # imported here: mx.image itself uses recordio and gluon.data
    return image.imdecode(buf, flag)


def _imread(filename, flag):
    from .... import image
    return image.imread(filename, flag)


def _read_idx(path, magic, what):
    """The payload of an IDX file (gzip-compressed or not) after checking its magic number."""
    opener = gzip.open if path.endswith('.gz') else open
    with opener(path, 'rb') as f:
        head = f.read(4)
        if len(head) != 4 or struct.unpack('>I', head)[0] != magic:
            raise MXNetError('{}: {} is not an IDX file of the expected kind (magic number {} expected)'.format(
                what, path, magic))
        ndim = magic & 0xFF
        shape = struct.unpack('>' + 'I' * ndim, f.read(4 * ndim))
        data = np.frombuffer(f.read(), dtype=np.uint8)
    if data.size != int(np.prod(shape)):
        raise MXNetError('{}: {} holds {} values, its header says {}'.format(what, path, data.size, shape))
    return data.reshape(shape)


class MNIST(dataset._DownloadedDataset):
    """The MNIST digits: 60,000 training and 10,000 test images of 28 x 28 pixels, labelled 0-9.

    A sample is ``(image, label)``: a uint8 NDArray (28, 28, 1) and a numpy int32. The IDX files
    (gzipped or not) are read from `root` (default ``$MXNET_HOME/datasets/mnist``); missing ones are
    downloaded and their sha1 checked. `train` picks the training or the test part; `transform`, if
    given, is called as ``transform(image, label)`` for each sample read.
    """

    _namespace = 'mnist'
    _files = {
        'train': (('train-images-idx3-ubyte.gz', '6c95f4b05d2bf285e1bfb0e7960c31bd3b3f8a7d'),
                  ('train-labels-idx1-ubyte.gz', '2a80914081dc54586dbdf242f9805a6b8d2a15fc')),
        'test': (('t10k-images-idx3-ubyte.gz', 'c3a25af1f52dad7f726cce8cacb138654b760d48'),
                 ('t10k-labels-idx1-ubyte.gz', '763e7fa3757d93b0cdec073cef058b2004252c17')),
    }

    def __init__(self, root=None, train=True, transform=None):
        self._train = train
        super().__init__(_default_root(self._namespace) if root is None else root, transform)

    def _file(self, name, sha1):
        plain = os.path.join(self._root, name[:-3])
        if not os.path.exists(os.path.join(self._root, name)) and os.path.exists(plain):
            return plain  # an uncompressed copy
        return _fetch(self._root, self._namespace, name, sha1, type(self).__name__)

    def _get_data(self):
        (data_name, data_sha1), (label_name, label_sha1) = self._files['train' if self._train else 'test']
        what = type(self).__name__
        label = _read_idx(self._file(label_name, label_sha1), 2049, what).astype(np.int32)
        data = _read_idx(self._file(data_name, data_sha1), 2051, what)
        if data.shape[0] != label.shape[0]:
            raise MXNetError('{}: {} images but {} labels in {}'.format(what, data.shape[0], label.shape[0],
                                                                        self._root))
        self._data = array(data.reshape(data.shape + (1,)), dtype=np.uint8)
        self._label = label
        if is_np_array():  # NumPy mode: mx.np images and labels, as MXNet's
            self._data = self._data.as_np_ndarray()
            self._label = array(label, dtype=label.dtype).as_np_ndarray()


class FashionMNIST(MNIST):
    """Zalando's Fashion-MNIST, ten kinds of clothes in MNIST's format and sizes; used as MNIST is
    (default `root`: ``$MXNET_HOME/datasets/fashion-mnist``)."""

    _namespace = 'fashion-mnist'
    _files = {
        'train': (('train-images-idx3-ubyte.gz', '0cf37b0d40ed5169c6b3aba31069a9770ac9043d'),
                  ('train-labels-idx1-ubyte.gz', '236021d52f1e40852b06a4c3008d8de8aef1e40b')),
        'test': (('t10k-images-idx3-ubyte.gz', '626ed6a7c06dd17c0eec72fa3be1740f146a2863'),
                 ('t10k-labels-idx1-ubyte.gz', '17f9ab60e7257a1620f4ad76bbbaf857c3920701')),
    }


class CIFAR10(dataset._DownloadedDataset):
    """CIFAR-10: 50,000 training and 10,000 test colour images of 32 x 32 pixels in ten classes.

    A sample is ``(image, label)``: a uint8 NDArray (32, 32, 3) and a numpy int32. The binary batch files
    are read from `root` (default ``$MXNET_HOME/datasets/cifar10``) or its ``cifar-10-batches-bin``
    folder; when absent the archive is downloaded (sha1 checked) and unpacked there. `train` and
    `transform` as for MNIST.
    """

    _namespace = 'cifar10'
    _archive = ('cifar-10-binary.tar.gz', 'fab780a1e191a7eda0f345501ccd62d20f7ed891')
    _subdir = 'cifar-10-batches-bin'
    _train_files = ['data_batch_%d.bin' % i for i in range(1, 6)]
    _test_files = ['test_batch.bin']
    _label_bytes = 1

    def __init__(self, root=None, train=True, transform=None):
        self._train = train
        super().__init__(_default_root(self._namespace) if root is None else root, transform)

    def _label_column(self):
        return 0

    def _read_batch(self, filename):
        row = 3072 + self._label_bytes
        with open(filename, 'rb') as f:
            raw = np.frombuffer(f.read(), dtype=np.uint8)
        if raw.size % row:
            raise MXNetError('{}: {} is not a CIFAR binary batch ({} bytes is not a multiple of {})'.format(
                type(self).__name__, filename, raw.size, row))
        raw = raw.reshape(-1, row)
        images = raw[:, self._label_bytes:].reshape(-1, 3, 32, 32).transpose(0, 2, 3, 1)
        return images, raw[:, self._label_column()].astype(np.int32)

    def _locate(self, names):
        for folder in (self._root, os.path.join(self._root, self._subdir)):
            if all(os.path.exists(os.path.join(folder, n)) for n in names):
                return folder
        return None

    def _get_data(self):
        names = self._train_files if self._train else self._test_files
        folder = self._locate(names)
        if folder is None:
            archive = _fetch(self._root, self._namespace, self._archive[0], self._archive[1], type(self).__name__)
            with tarfile.open(archive) as tar:
                if hasattr(tarfile, 'data_filter'):  # refuse absolute paths and links out of root
                    tar.extractall(self._root, filter='data')
                else:
                    tar.extractall(self._root)
            folder = self._locate(names)
            if folder is None:
                raise MXNetError('{}: {} does not hold {}'.format(type(self).__name__, archive, ', '.join(names)))
        images, labels = zip(*(self._read_batch(os.path.join(folder, n)) for n in names))
        data = np.concatenate(images)
        self._data = array(data, dtype=data.dtype)
        self._label = np.concatenate(labels)
        if is_np_array():  # NumPy mode: mx.np images and labels, as MXNet's
            self._data = self._data.as_np_ndarray()
            self._label = array(self._label, dtype=self._label.dtype).as_np_ndarray()


class CIFAR100(CIFAR10):
    """CIFAR-100: CIFAR-10's format with 100 classes grouped in 20 super-classes; `fine_label` picks the
    100 classes rather than the 20 (default `root`: ``$MXNET_HOME/datasets/cifar100``)."""

    _namespace = 'cifar100'
    _archive = ('cifar-100-binary.tar.gz', 'a0bb982c76b83111308126cc779a992fa506b90b')
    _subdir = 'cifar-100-binary'
    _train_files = ['train.bin']
    _test_files = ['test.bin']
    _label_bytes = 2

    def __init__(self, root=None, fine_label=False, train=True, transform=None):
        self._fine_label = fine_label
        super().__init__(root, train, transform)

    def _label_column(self):
        return 1 if self._fine_label else 0


class ImageRecordDataset(dataset.RecordFileDataset):
    """The images of a RecordIO file made by im2rec (`filename`, its .idx beside it): a sample is
    ``(image, label)``, the image decoded to an HWC uint8 NDArray, RGB for `flag` 1, one grey channel
    for 0. `transform` as for MNIST."""

    def __init__(self, filename, flag=1, transform=None):
        super().__init__(filename)
        self._flag = flag
        self._transform = transform

    def __getitem__(self, idx):
        header, img = recordio.unpack(super().__getitem__(idx))
        img = _imdecode(img, self._flag)
        if self._transform is not None:
            return self._transform(img, header.label)
        return img, header.label


class ImageFolderDataset(dataset.Dataset):
    """Image files (.jpg, .jpeg, .png) sorted into one sub-folder of `root` per class::

        root/bus/0001.png
        root/car/a.jpg

    A sample is ``(image, label)``: the decoded image (``flag`` as for ImageRecordDataset) and the
    position of its folder in ``synsets``, the sorted folder names. ``items`` lists every (path, label).
    `transform` as for MNIST.
    """

    def __init__(self, root, flag=1, transform=None):
        self._root = os.path.expanduser(root)
        if not os.path.isdir(self._root):
            raise MXNetError('ImageFolderDataset: {} is not a folder'.format(self._root))
        self._flag, self._transform = flag, transform
        self._exts = ['.jpg', '.jpeg', '.png']          # the file types read; others are skipped
        self._list_images(self._root)

    def _list_images(self, root):
        """Fills ``synsets`` (the sub-folders, sorted) and ``items`` (their images, sorted by name)."""
        self.synsets, self.items = [], []
        for name in sorted(os.listdir(root)):
            folder = os.path.join(root, name)
            if not os.path.isdir(folder):
                warnings.warn('Ignoring %s, which is not a directory.' % folder, stacklevel=3)
                continue
            label = len(self.synsets)
            self.synsets.append(name)
            for path in (os.path.join(folder, f) for f in sorted(os.listdir(folder))):
                ext = os.path.splitext(path)[1]
                if ext.lower() in self._exts:
                    self.items.append((path, label))
                else:
                    warnings.warn('Ignoring %s of type %s. Only support %s' % (path, ext, ', '.join(self._exts)))

    def __getitem__(self, idx):
        path, label = self.items[idx]
        img = _imread(path, self._flag)
        return (img, label) if self._transform is None else self._transform(img, label)

    def __len__(self):
        return len(self.items)
