"""gluon.utils: download (file and local HTTP server, checksums, retries, no network), replace_file,
split_and_load / clip_global_norm on bad input."""
import hashlib
import http.server
import os
import socket
import threading

import numpy as np
import pytest

import mxtorch as mx
from mxtorch import nd
from mxtorch.gluon import utils

CONTENT = b'mxtorch download test\n' * 100
SHA1 = hashlib.sha1(CONTENT).hexdigest()


@pytest.fixture
def source(tmp_path):
    path = tmp_path / 'src' / 'data.bin'
    path.parent.mkdir()
    path.write_bytes(CONTENT)
    return path.as_uri()


@pytest.fixture
def server(tmp_path):
    root = tmp_path / 'www'
    root.mkdir()
    (root / 'data.bin').write_bytes(CONTENT)

    class Handler(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *a, **k):
            super().__init__(*a, directory=str(root), **k)

        def log_message(self, *args):
            pass

    httpd = http.server.ThreadingHTTPServer(('127.0.0.1', 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield 'http://127.0.0.1:%d/' % httpd.server_address[1]
    httpd.shutdown()
    httpd.server_close()


def _leftovers(folder):
    return [f for f in os.listdir(folder) if '.' in f and f.split('.')[-1].count('-') == 4]


def test_download_to_directory(tmp_path, source):
    out = tmp_path / 'out'
    out.mkdir()
    path = utils.download(source, path=str(out), sha1_hash=SHA1)
    assert path == os.path.join(str(out), 'data.bin')
    assert open(path, 'rb').read() == CONTENT
    assert utils.check_sha1(path, SHA1)
    assert _leftovers(str(out)) == []


def test_download_skips_good_file_and_replaces_bad(tmp_path, source):
    target = tmp_path / 'new' / 'file.bin'
    utils.download(source, path=str(target))  # the folder is made
    target.write_bytes(b'old')
    utils.download(source, path=str(target))
    assert target.read_bytes() == b'old'  # exists, no hash given: kept
    utils.download(source, path=str(target), sha1_hash=SHA1)
    assert target.read_bytes() == CONTENT  # hash did not match: downloaded again
    target.write_bytes(b'old')
    utils.download(source, path=str(target), overwrite=True)
    assert target.read_bytes() == CONTENT


def test_download_http(tmp_path, server):
    path = utils.download(server + 'data.bin', path=str(tmp_path / 'x.bin'), sha1_hash=SHA1)
    assert open(path, 'rb').read() == CONTENT
    with pytest.raises(RuntimeError, match='404'):
        utils.download(server + 'missing.bin', path=str(tmp_path / 'y.bin'), retries=2)
    assert not os.path.exists(str(tmp_path / 'y.bin'))
    assert _leftovers(str(tmp_path)) == []


def test_download_hash_mismatch_is_an_error(tmp_path, source):
    with pytest.raises(UserWarning, match='hash does not match'):
        utils.download(source, path=str(tmp_path / 'z.bin'), sha1_hash='0' * 40, retries=2)


def test_download_offline_is_a_clear_error(tmp_path):
    sock = socket.socket()
    sock.bind(('127.0.0.1', 0))
    port = sock.getsockname()[1]
    sock.close()  # nothing listens there now
    url = 'http://127.0.0.1:%d/data.bin' % port
    with pytest.raises(mx.MXNetError, match='127.0.0.1:%d' % port):
        utils.download(url, path=str(tmp_path / 'd.bin'), retries=2)
    assert os.listdir(str(tmp_path)) == []


def test_download_bad_arguments(tmp_path, source):
    with pytest.raises(ValueError, match='retries'):
        utils.download(source, path=str(tmp_path / 'a'), retries=-1)
    with pytest.raises(ValueError, match='file-name'):
        utils.download('http://example.com/dir/')
    with pytest.warns(UserWarning, match='verify_ssl'):
        utils.download(source, path=str(tmp_path / 'b'), verify_ssl=False)


def test_replace_file(tmp_path):
    src, dst = tmp_path / 'a', tmp_path / 'b'
    src.write_bytes(b'new')
    dst.write_bytes(b'old')
    utils.replace_file(str(src), str(dst))
    assert dst.read_bytes() == b'new' and not src.exists()
    src.write_bytes(b'x')
    with pytest.raises(OSError, match='Please retry'):
        utils.replace_file(str(src), str(tmp_path / 'no' / 'such' / 'dir'))
    assert not src.exists()


def test_split_and_load_shares_or_copies():
    x = nd.arange(8).reshape((4, 2))
    parts = utils.split_and_load(x, [mx.cpu(0), mx.cpu(0)])
    assert [p.shape for p in parts] == [(2, 2), (2, 2)]
    np.testing.assert_array_equal(np.concatenate([p.asnumpy() for p in parts]), x.asnumpy())


def test_split_bad_input():
    x = nd.ones((4, 2))
    with pytest.raises(ValueError, match='num_slice'):
        utils.split_data(x, 0)
    with pytest.raises(ValueError, match='batch_axis'):
        utils.split_data(x, 2, batch_axis=2)
    with pytest.raises(TypeError, match='NDArray'):
        utils.split_data(np.ones(4), 2)
    with pytest.raises(ValueError, match='ctx_list'):
        utils.split_and_load(x, [])


def test_clip_global_norm_matches_math():
    rng = np.random.RandomState(1)
    values = [rng.randn(3, 4), rng.randn(5)]
    arrays = [nd.array(v) for v in values]
    total = np.sqrt(sum((v.astype(np.float32) ** 2).sum() for v in values))
    norm = utils.clip_global_norm(arrays, 0.5)
    assert norm == pytest.approx(total, rel=1e-5)
    for a, v in zip(arrays, values):
        np.testing.assert_allclose(a.asnumpy(), v * 0.5 / (total + 1e-8), rtol=1e-5)
    with pytest.raises(ValueError, match='empty'):
        utils.clip_global_norm([], 1.0)
    with pytest.raises(TypeError, match='NDArrays'):
        utils.clip_global_norm([np.ones(2)], 1.0)


def test_hook_handle():
    import collections
    hooks = collections.OrderedDict()  # Blocks keep their hooks in OrderedDicts
    h = utils.HookHandle()
    h.attach(hooks, print)
    assert list(hooks.values()) == [print]
    with h:
        pass
    assert not hooks
