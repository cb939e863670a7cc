"""gluon.utils: download (file URLs and a local HTTP server, through requests and through urllib;
checksums, retries of transient errors only, no network), replace_file, split_and_load / clip_global_norm
on bad input, HookHandle, shape_is_known."""
import hashlib
import http.server
import io
import os
import socket
import sys
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


@pytest.fixture(params=['requests', 'urllib'])
def transport(request, monkeypatch):
    """Each download test runs twice: through requests (when installed) and through urllib, the fallback
    without requests (an `import requests` that fails, as where it is not installed)."""
    if request.param == 'requests':
        pytest.importorskip('requests')
    else:
        monkeypatch.setitem(sys.modules, 'requests', None)
    return request.param


@pytest.fixture
def server(tmp_path, transport):
    """A local HTTP server of the folder www/ (data.bin in it). GET /busy<N>/data.bin answers 503 N times,
    then serves data.bin; `hits` counts the requests per path."""
    root = tmp_path / 'www'
    root.mkdir()
    (root / 'data.bin').write_bytes(CONTENT)
    hits = {}

    class Handler(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *a, **k):
            super().__init__(*a, directory=str(root), **k)

        def do_GET(self):
            hits[self.path] = hits.get(self.path, 0) + 1
            if self.path.startswith('/busy'):
                busy_for = int(self.path.split('/')[1][4:])
                if hits[self.path] <= busy_for:
                    self.send_error(503)
                    return
                self.path = '/' + self.path.split('/', 2)[2]
            super().do_GET()

        def log_message(self, *args):
            pass

    httpd = http.server.ThreadingHTTPServer(('127.0.0.1', 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    url = 'http://127.0.0.1:%d/' % httpd.server_address[1]
    yield url, hits
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


def _attempts(capsys):
    out = capsys.readouterr().out
    return out.count('Downloading '), out.count('retrying')


def test_download_http_with_sha1(tmp_path, server, capsys):
    url, hits = server
    path = utils.download(url + 'data.bin', path=str(tmp_path / 'x.bin'), sha1_hash=SHA1)
    assert open(path, 'rb').read() == CONTENT
    assert utils.check_sha1(path, SHA1)
    assert hits == {'/data.bin': 1} and _attempts(capsys) == (1, 0)
    assert sorted(os.listdir(str(tmp_path))) == ['www', 'x.bin']   # no temporary file left


def test_download_http_404_is_not_retried(tmp_path, server, capsys):
    url, hits = server
    with pytest.raises(RuntimeError, match='Failed downloading url .*missing.bin: HTTP 404'):
        utils.download(url + 'missing.bin', path=str(tmp_path / 'y.bin'), retries=3)
    assert hits == {'/missing.bin': 1} and _attempts(capsys) == (1, 0)   # a client error does not pass
    assert not os.path.exists(str(tmp_path / 'y.bin'))
    assert _leftovers(str(tmp_path)) == []


def test_download_http_503_is_retried(tmp_path, server, capsys):
    url, hits = server
    path = utils.download(url + 'busy2/data.bin', path=str(tmp_path / 'b.bin'), sha1_hash=SHA1, retries=3)
    assert open(path, 'rb').read() == CONTENT
    assert hits == {'/busy2/data.bin': 3} and _attempts(capsys) == (3, 2)
    with pytest.raises(RuntimeError, match='HTTP 503'):
        utils.download(url + 'busy5/data.bin', path=str(tmp_path / 'c.bin'), retries=2)
    assert hits['/busy5/data.bin'] == 2
    assert not os.path.exists(str(tmp_path / 'c.bin')) and _leftovers(str(tmp_path)) == []


def test_download_hash_mismatch_is_an_error(tmp_path, source, capsys):
    with pytest.raises(UserWarning, match='hash does not match'):
        utils.download(source, path=str(tmp_path / 'z.bin'), sha1_hash='0' * 40, retries=2)
    assert _attempts(capsys) == (2, 1)     # retried: the download may have been cut short


def test_download_connection_refused_fails_at_once(tmp_path, transport, capsys):
    sock = socket.socket()
    sock.bind(('127.0.0.1', 0))
    port = sock.getsockname()[1]
    sock.close()  # nothing listens there now
    url = 'http://127.0.0.1:%d/data.bin' % port
    with pytest.raises(mx.MXNetError, match=r'127\.0\.0\.1:%d.*Connection refused.*Not retried' % port):
        utils.download(url, path=str(tmp_path / 'd.bin'), retries=5)
    assert _attempts(capsys) == (1, 0)
    assert os.listdir(str(tmp_path)) == []


def test_download_unresolvable_host_fails_at_once(tmp_path, transport, capsys):
    # names under .invalid never resolve (RFC 6761): the error is not transient, so there is no retry
    with pytest.raises(mx.MXNetError, match=r'http://nonexistent\.invalid/x failed: cannot reach '
                                            r'nonexistent\.invalid .*offline'):
        utils.download('http://nonexistent.invalid/x', path=str(tmp_path / 'x'))
    assert _attempts(capsys) == (1, 0)
    assert os.listdir(str(tmp_path)) == []


def test_download_goes_through_requests_get(tmp_path, monkeypatch):
    # MXNet's download calls requests.get: proxies, sessions and users' replacements of it apply
    requests = pytest.importorskip('requests')
    calls = []

    def fake_get(url, **kwargs):
        calls.append((url, kwargs.get('stream'), kwargs.get('verify')))
        reply = requests.Response()
        reply.status_code = 200
        reply.raw = io.BytesIO(CONTENT)
        return reply

    monkeypatch.setattr(requests, 'get', fake_get)
    with pytest.warns(UserWarning, match='Unverified HTTPS'):
        path = utils.download('https://example.com/data.bin', path=str(tmp_path), verify_ssl=False,
                              sha1_hash=SHA1)
    assert open(path, 'rb').read() == CONTENT
    assert calls == [('https://example.com/data.bin', True, False)]


def test_download_retries_transient_requests_errors(tmp_path, monkeypatch, capsys):
    requests = pytest.importorskip('requests')
    failures = []

    def failing_get(url, **kwargs):
        failures.append(url)
        raise requests.exceptions.ConnectionError('connection reset')

    monkeypatch.setattr(requests, 'get', failing_get)
    with pytest.raises(mx.MXNetError, match='after 3 attempt.*connection reset'):
        utils.download('http://example.com/data.bin', path=str(tmp_path / 'd'), retries=3)
    assert len(failures) == 3 and _attempts(capsys) == (3, 2)


def test_download_bad_arguments(tmp_path, source):
    # MXNet asserts these (AssertionError, kept under python -O)
    with pytest.raises(AssertionError, match='retries'):
        utils.download(source, path=str(tmp_path / 'a'), retries=-1)
    with pytest.raises(AssertionError, match='file-name'):
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
    with pytest.raises(AssertionError, match='empty'):
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
    with pytest.raises(AssertionError, match='cannot be attached twice'):
        h.attach(hooks, print)


def test_shape_is_known():
    assert [utils.shape_is_known(s) for s in (None, (), (2, 3), (2, 0), (0, -1))] == [False, False, True, False,
                                                                                      False]
    with pytest.raises(AssertionError, match='cannot be less than 0, while received -1'):
        utils.shape_is_known((2, -1))


@pytest.mark.parametrize('stype', ['row_sparse', 'csr'])
def test_clip_global_norm_scales_sparse_arrays_in_place(stype):
    dense = [np.array([[0., 3., 0.], [0., 0., 0.], [1., 2., 0.]], dtype=np.float32),
             np.array([[0., 0.], [4., 0.]], dtype=np.float32)]
    arrays = [nd.array(d).tostype(stype) for d in dense]
    expected_norm = np.sqrt(sum((d ** 2).sum() for d in dense))
    norm = utils.clip_global_norm(arrays, 1.0)
    assert abs(norm - expected_norm) < 1e-5
    for a, d in zip(arrays, dense):
        assert a.stype == stype
        np.testing.assert_allclose(a.asnumpy(), d / expected_norm, rtol=1e-5)
