"""gluon.model_zoo beyond the golden cases (tests/golden/model_zoo_cases.py): MXNet-written parameter files
load into mxtorch's models and give MXNet's outputs; pretrained weights come from a model repository
(MXNET_GLUON_REPO: a local folder through file:// or a local HTTP server), are checked against their SHA-1,
kept in root ($MXNET_HOME/models by default) and loaded; and a machine that cannot reach the repository
gets an error naming the file, the folder and the URL."""
import functools
import hashlib
import http.server
import importlib.util
import json
import logging
import os
import socket
import threading
import zipfile

import numpy as np
import pytest

import mxtorch as mx
from mxtorch import nd
from mxtorch.base import MXNetError
from mxtorch.gluon.model_zoo import model_store, vision

GOLDEN = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'golden')


def _golden_module():
    spec = importlib.util.spec_from_file_location('model_zoo_cases', os.path.join(GOLDEN, 'model_zoo_cases.py'))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


CASES = _golden_module()
with open(os.path.join(GOLDEN, 'model_zoo.json')) as f:
    ANSWERS = json.load(f)['cases']


# ---- parameter files written by MXNet ---------------------------------------------------------------------

V = vision
MXNET_FILES = [
    ('resnet_small_v1', lambda: V.ResNetV1(V.BasicBlockV1, [1, 1, 1, 1], [8, 8, 16, 32, 64], classes=10,
                                           thumbnail=True), (2, 3, 16, 16)),
    ('resnet_small_v2_bottleneck', lambda: V.ResNetV2(V.BottleneckV2, [1, 1, 1, 1], [8, 16, 32, 64, 128],
                                                      classes=10), (2, 3, 32, 32)),
    ('mobilenetv2_0_25', lambda: V.mobilenet_v2_0_25(classes=10), (1, 3, 64, 64)),
    ('mobilenet0_25', lambda: V.mobilenet0_25(classes=10), (1, 3, 64, 64)),
]


def _case_input(make, shape):
    """The input of golden case output_<name>: numpy's generator seeded with 0, after drawing the
    parameters as the case does."""
    with mx.name.NameManager():
        net = make()
    net.initialize()
    net(nd.ones(shape))
    np.random.seed(0)
    exec(CASES.SET_PARAMS, {'net': net, 'np': np, 'nd': nd})
    return nd.array(np.random.uniform(0, 1, shape))


@pytest.mark.parametrize('name,make,shape', MXNET_FILES, ids=[c[0] for c in MXNET_FILES])
def test_mxnet_written_file_gives_mxnet_output(name, make, shape):
    path = os.path.join(GOLDEN, 'files', 'model_zoo', 'output_{}__net.params'.format(name))
    # another instance, whose prefix differs from the one MXNet saved (save_parameters names are
    # structural, so they do not depend on it)
    make()
    net = make()
    net.load_parameters(path)   # not initialized before: load_parameters initializes from the file
    x = _case_input(make, shape)
    want = ANSWERS['output_' + name]
    assert want['type'] == 'NDArray'
    got = net(x)
    assert list(got.shape) == want['shape']
    np.testing.assert_allclose(got.asnumpy(), np.array(want['values'], dtype=np.float32).reshape(want['shape']),
                               rtol=1e-3, atol=1e-3)


def test_mxnet_file_into_wrong_model_fails_and_keeps_state():
    path = os.path.join(GOLDEN, 'files', 'model_zoo', 'output_mobilenet0_25__net.params')
    net = V.mobilenet0_25(classes=11)
    net.initialize()
    net(nd.ones((1, 3, 32, 32)))
    before = {k: p.data().asnumpy().copy() for k, p in net.collect_params().items()}
    with pytest.raises(AssertionError, match='shape'):
        net.load_parameters(path)
    for k, p in net.collect_params().items():
        np.testing.assert_array_equal(p.data().asnumpy(), before[k])


# ---- a local model repository ------------------------------------------------------------------------------

NAME = 'mobilenet0.25'


@pytest.fixture
def repo(tmp_path, monkeypatch):
    """A model repository in a folder holding gluon/models/<NAME>-<hash>.zip, the file of a mobilenet0.25
    with known weights; the SHA-1 table says that file's hash. Returns (folder, weights by name)."""
    net = vision.mobilenet0_25()
    net.initialize(mx.init.Normal(0.5))
    net(nd.ones((1, 3, 32, 32)))
    params_file = str(tmp_path / 'made.params')
    net.save_parameters(params_file)
    with open(params_file, 'rb') as f:
        sha1 = hashlib.sha1(f.read()).hexdigest()
    stem = '{}-{}'.format(NAME, sha1[:8])
    folder = tmp_path / 'repo'
    (folder / 'gluon' / 'models').mkdir(parents=True)
    with zipfile.ZipFile(str(folder / 'gluon' / 'models' / (stem + '.zip')), 'w') as zf:
        zf.write(params_file, stem + '.params')
    monkeypatch.setitem(model_store._model_sha1, NAME, sha1)
    weights = {k[len(net.prefix):]: p.data().asnumpy() for k, p in net.collect_params().items()}
    return folder, stem, weights


def _assert_weights(net, weights):
    got = {k[len(net.prefix):]: p.data().asnumpy() for k, p in net.collect_params().items()}
    assert sorted(got) == sorted(weights)
    for k in weights:
        np.testing.assert_array_equal(got[k], weights[k])


def test_pretrained_from_file_url(repo, tmp_path, monkeypatch):
    folder, stem, weights = repo
    monkeypatch.setenv('MXNET_GLUON_REPO', 'file://' + str(folder))   # no trailing slash: added
    root = tmp_path / 'models'
    net = vision.get_model(NAME, pretrained=True, root=str(root))
    _assert_weights(net, weights)
    assert sorted(os.listdir(str(root))) == [stem + '.params']   # no zip or temporary folder left
    # the second time the file in root is used: the repository is not needed any more
    monkeypatch.setenv('MXNET_GLUON_REPO', 'file://' + str(tmp_path / 'gone') + '/')
    _assert_weights(vision.mobilenet0_25(pretrained=True, root=str(root)), weights)
    assert model_store.get_model_file(NAME, root=str(root)) == str(root / (stem + '.params'))


def test_pretrained_over_http(repo, tmp_path, monkeypatch):
    folder, stem, weights = repo
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(('127.0.0.1', 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        monkeypatch.setenv('MXNET_GLUON_REPO', 'http://127.0.0.1:%d/' % server.server_address[1])
        net = vision.get_mobilenet(0.25, pretrained=True, root=str(tmp_path / 'm'), ctx=mx.cpu(1))
    finally:
        server.shutdown()
        server.server_close()
    _assert_weights(net, weights)
    assert all(p.list_ctx() == [mx.cpu(1)] for p in net.collect_params().values())


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def test_default_root_is_mxnet_home(repo, tmp_path, monkeypatch):
    folder, stem, weights = repo
    monkeypatch.setenv('MXNET_GLUON_REPO', 'file://' + str(folder))
    monkeypatch.setenv('MXNET_HOME', str(tmp_path / 'home'))
    path = model_store.get_model_file(NAME)
    assert path == str(tmp_path / 'home' / 'models' / (stem + '.params'))
    _assert_weights(vision.mobilenet0_25(pretrained=True), weights)
    model_store.purge()
    assert os.listdir(str(tmp_path / 'home' / 'models')) == []


def test_changed_file_in_root_is_downloaded_again(repo, tmp_path, monkeypatch, caplog):
    folder, stem, weights = repo
    monkeypatch.setenv('MXNET_GLUON_REPO', 'file://' + str(folder))
    root = tmp_path / 'models'
    root.mkdir()
    (root / (stem + '.params')).write_bytes(b'not the weights')
    with caplog.at_level(logging.WARNING):
        path = model_store.get_model_file(NAME, root=str(root))
    assert 'Mismatch' in caplog.text
    _assert_weights(vision.mobilenet0_25(pretrained=True, root=str(root)), weights)
    with open(path, 'rb') as f:
        assert hashlib.sha1(f.read()).hexdigest() == model_store._model_sha1[NAME]


def test_download_with_other_hash_is_an_error(repo, tmp_path, monkeypatch):
    folder, stem, weights = repo
    monkeypatch.setenv('MXNET_GLUON_REPO', 'file://' + str(folder))
    # the table now names another file content (the same short hash, so the same file name)
    monkeypatch.setitem(model_store._model_sha1, NAME, model_store._model_sha1[NAME][:8] + '0' * 32)
    with pytest.raises(ValueError, match='different hash'):
        model_store.get_model_file(NAME, root=str(tmp_path / 'models'))


def test_zip_without_the_file_is_an_error(repo, tmp_path, monkeypatch):
    folder, stem, weights = repo
    archive = folder / 'gluon' / 'models' / (stem + '.zip')
    with zipfile.ZipFile(str(archive), 'w') as zf:
        zf.writestr('other.params', b'x')
    monkeypatch.setenv('MXNET_GLUON_REPO', 'file://' + str(folder))
    root = tmp_path / 'models'
    with pytest.raises(MXNetError, match=stem + '.params'):
        model_store.get_model_file(NAME, root=str(root))
    assert os.listdir(str(root)) == []   # nothing left behind


@pytest.fixture
def offline(monkeypatch):
    """Points the model repository at a local port where nothing listens."""
    sock = socket.socket()
    sock.bind(('127.0.0.1', 0))
    port = sock.getsockname()[1]
    sock.close()
    url = 'http://127.0.0.1:%d/' % port
    monkeypatch.setenv('MXNET_GLUON_REPO', url)
    return url


def test_unreachable_repository_error_names_file_folder_and_url(offline, tmp_path):
    root = tmp_path / 'models'
    with pytest.raises(MXNetError) as info:
        vision.resnet18_v1(pretrained=True, root=str(root))
    message = str(info.value)
    assert 'resnet18_v1-a0666292.params' in message
    assert str(root) in message
    assert offline + 'gluon/models/resnet18_v1-a0666292.zip' in message
    assert os.listdir(str(root)) == []


# the pretrained file each get_model name asks for
PRETRAINED_FILES = sorted(vision._models)


def test_every_model_asks_for_its_pretrained_file(offline, tmp_path):
    for name in PRETRAINED_FILES:
        with pytest.raises(MXNetError) as info:
            vision.get_model(name, pretrained=True, root=str(tmp_path))
        assert '{}-{}.params'.format(name, model_store._model_sha1[name][:8]) in str(info.value), name
    assert sorted(model_store._model_sha1) == sorted(PRETRAINED_FILES)


def test_vgg_bn_pretrained_name(offline, tmp_path):
    with pytest.raises(MXNetError, match='vgg16_bn-7f01cf05.params'):
        vision.get_vgg(16, pretrained=True, batch_norm=True, root=str(tmp_path))
    with pytest.raises(MXNetError, match='mobilenetv2_0.5-aabd26cd.params'):
        vision.get_mobilenet_v2(0.5, pretrained=True, root=str(tmp_path))


def test_unknown_pretrained_name(tmp_path):
    with pytest.raises(ValueError, match='Pretrained model for resnet19_v1 is not available'):
        model_store.get_model_file('resnet19_v1', root=str(tmp_path))
    assert os.listdir(str(tmp_path)) == []


def test_get_model_error_lists_names():
    with pytest.raises(ValueError) as info:
        vision.get_model('ResNet19_V1')
    assert str(info.value) == ANSWERS['get_model_unknown']['value']   # the name is lower-cased first
    assert 'mobilenetv2_0.25' in str(info.value)


def test_namespace_matches_mxnet():
    names = {'AlexNet', 'BasicBlockV1', 'BasicBlockV2', 'BottleneckV1', 'BottleneckV2', 'DenseNet', 'Inception3',
             'MobileNet', 'MobileNetV2', 'ResNetV1', 'ResNetV2', 'SqueezeNet', 'VGG', 'alexnet', 'densenet121',
             'densenet161', 'densenet169', 'densenet201', 'get_mobilenet', 'get_mobilenet_v2', 'get_model',
             'get_resnet', 'get_vgg', 'inception_v3', 'mobilenet0_25', 'mobilenet0_5', 'mobilenet0_75',
             'mobilenet1_0', 'mobilenet_v2_0_25', 'mobilenet_v2_0_5', 'mobilenet_v2_0_75', 'mobilenet_v2_1_0',
             'resnet101_v1', 'resnet101_v2', 'resnet152_v1', 'resnet152_v2', 'resnet18_v1', 'resnet18_v2',
             'resnet34_v1', 'resnet34_v2', 'resnet50_v1', 'resnet50_v2', 'squeezenet1_0', 'squeezenet1_1',
             'vgg11', 'vgg11_bn', 'vgg13', 'vgg13_bn', 'vgg16', 'vgg16_bn', 'vgg19', 'vgg19_bn'}
    assert names <= set(dir(vision))
    assert mx.gluon.model_zoo.vision is vision
    assert vision.resnet18_v1.__name__ == 'resnet18_v1'
    assert set(model_store.__all__) == {'get_model_file', 'purge'}
