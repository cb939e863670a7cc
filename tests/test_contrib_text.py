"""mx.contrib.text beyond the golden cases: pre-trained files found on disk (no download), fetched from a
repository given by MXNET_GLUON_REPO (a local folder), the clear error when nothing can be fetched,
registering an embedding, and vocabularies built from real text (shared/data)."""
import collections
import hashlib
import os
import zipfile

import numpy as np
import pytest

import mxtorch as mx
from mxtorch import nd
from mxtorch.base import MXNetError
from mxtorch.contrib import text
from mxtorch.contrib.text import embedding as E

DATA = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'shared', 'data')
if not os.path.isdir(DATA):
    DATA = '/work/shared/data'

LINES = 'the 0.5 0.25\ncat 1 2\nsat -1 0\n'


def _sha1(data):
    return hashlib.sha1(data).hexdigest()


@pytest.fixture
def tiny_embedding():
    """A registered embedding class whose one pre-trained file is LINES (so its SHA-1 is known)."""
    @E.register
    class TinyVectors(E._TokenEmbedding):
        pretrained_file_name_sha1 = {'tiny.2d.txt': _sha1(LINES.encode())}
        pretrained_archive_name_sha1 = {}

        @classmethod
        def _get_download_file_name(cls, pretrained_file_name):
            return 'tiny.zip'

        def __init__(self, pretrained_file_name='tiny.2d.txt', embedding_root='~', **kwargs):
            TinyVectors._check_pretrained_file_names(pretrained_file_name)
            super(TinyVectors, self).__init__(**kwargs)
            path = TinyVectors._get_pretrained_file(embedding_root, pretrained_file_name)
            self._load_embedding(path, ' ', nd.zeros)
    yield TinyVectors
    mx.registry._TABLES[E._TokenEmbedding].pop('tinyvectors', None)


def test_pretrained_file_on_disk_is_used_without_download(tmp_path, tiny_embedding, monkeypatch):
    folder = tmp_path / 'tinyvectors'
    folder.mkdir()
    (folder / 'tiny.2d.txt').write_text(LINES)
    monkeypatch.setenv('MXNET_GLUON_REPO', 'http://127.0.0.1:9/')      # nothing listens there
    emb = E.create('TinyVectors', embedding_root=str(tmp_path))
    assert emb.idx_to_token == ['<unk>', 'the', 'cat', 'sat']
    np.testing.assert_array_equal(emb.get_vecs_by_tokens(['cat', 'dog']).asnumpy(), [[1, 2], [0, 0]])
    assert E.get_pretrained_file_names('tinyvectors') == ['tiny.2d.txt']


def test_pretrained_file_is_fetched_from_repository_and_unpacked(tmp_path, tiny_embedding, monkeypatch):
    repo = tmp_path / 'repo'
    archive_dir = repo / 'gluon' / 'embeddings' / 'tinyvectors'
    archive_dir.mkdir(parents=True)
    with zipfile.ZipFile(str(archive_dir / 'tiny.zip'), 'w') as zf:
        zf.writestr('tiny.2d.txt', LINES)
    # the archive is checked against its own published hash
    monkeypatch.setattr(tiny_embedding, 'pretrained_archive_name_sha1',
                        {'tiny.zip': _sha1((archive_dir / 'tiny.zip').read_bytes())})
    monkeypatch.setenv('MXNET_GLUON_REPO', 'file://' + str(repo) + '/')
    root = tmp_path / 'root'
    emb = tiny_embedding(embedding_root=str(root))
    assert (root / 'tinyvectors' / 'tiny.2d.txt').read_text() == LINES
    np.testing.assert_array_equal(emb.idx_to_vec.asnumpy(), [[0, 0], [0.5, 0.25], [1, 2], [-1, 0]])


def test_offline_download_error_names_file_and_folder(tmp_path, monkeypatch):
    monkeypatch.setenv('MXNET_GLUON_REPO', 'http://127.0.0.1:9/')
    with pytest.raises(MXNetError) as err:
        E.GloVe('glove.6B.50d.txt', embedding_root=str(tmp_path))
    msg = str(err.value)
    assert 'glove.6B.50d.txt' in msg and os.path.join(str(tmp_path), 'glove') in msg and 'glove.6B.zip' in msg
    with pytest.raises(MXNetError, match='wiki.simple'):
        E.create('fasttext', embedding_root=str(tmp_path))


def test_register_and_create():
    @E.register
    class Fixed(E._TokenEmbedding):
        pretrained_file_name_sha1 = {'fixed.txt': '0' * 40}

        def __init__(self, scale=1.0):
            super(Fixed, self).__init__()
            self.scale = scale
    try:
        emb = E.create('FIXED', scale=3.0)
        assert isinstance(emb, Fixed) and emb.scale == 3.0
        assert E.get_pretrained_file_names()['fixed'] == ['fixed.txt']
    finally:
        mx.registry._TABLES[E._TokenEmbedding].pop('fixed', None)
    with pytest.raises(AssertionError):
        E.register(int)


def test_vocabulary_from_real_text():
    path = os.path.join(DATA, 'jaychou_lyrics.txt.zip')
    if not os.path.exists(path):
        pytest.skip('shared/data is not beside the checkout')
    with zipfile.ZipFile(path) as zf:
        corpus = zf.read('jaychou_lyrics.txt').decode('utf-8')[:20000]
    counter = text.utils.count_tokens_from_str(corpus.replace('\n', ' ').replace('\r', ' '), ' ', '\n')
    counts = collections.Counter(t for t in corpus.replace('\n', ' ').replace('\r', ' ').split(' ') if t)
    assert counter == counts
    vocab = text.vocab.Vocabulary(counter, most_freq_count=50, min_freq=2, reserved_tokens=['<pad>'])
    assert len(vocab) <= 52 and vocab.idx_to_token[:2] == ['<unk>', '<pad>']
    freqs = [counter[t] for t in vocab.idx_to_token[2:]]
    assert freqs == sorted(freqs, reverse=True) and min(freqs) >= 2
    # each indexed token maps back to itself; unindexed ones to the unknown token
    tokens = vocab.idx_to_token[2:]
    assert vocab.to_tokens(vocab.to_indices(tokens)) == tokens
    rare = [t for t, c in counts.items() if c == 1][:5]
    assert vocab.to_indices(rare) == [0] * len(rare)


def test_embedding_and_vocabulary_agree(tmp_path):
    path = tmp_path / 'vec.txt'
    rng = np.random.RandomState(0)
    words = ['w%d' % i for i in range(20)]
    vecs = rng.rand(20, 4).astype(np.float32)
    path.write_text(''.join('{} {}\n'.format(w, ' '.join(repr(float(v)) for v in vec)) for w, vec in zip(words, vecs)))
    vocab = text.vocab.Vocabulary(collections.Counter(words[::2] + ['zz']))
    emb = E.CustomEmbedding(str(path), vocabulary=vocab)
    assert emb.idx_to_token == vocab.idx_to_token
    for tok in vocab.idx_to_token[1:]:
        want = vecs[words.index(tok)] if tok in words else np.zeros(4)
        np.testing.assert_allclose(emb.get_vecs_by_tokens(tok).asnumpy(), want, rtol=1e-6)
    both = E.CompositeEmbedding(vocab, [emb, E.CustomEmbedding(str(path))])
    assert both.vec_len == 8
    np.testing.assert_allclose(both.idx_to_vec[:, :4].asnumpy(), both.idx_to_vec[:, 4:].asnumpy())


def test_reserved_tokens_keep_rows_aligned(tmp_path):
    path = tmp_path / 'vec.txt'
    path.write_text('a 1 2\nb 3 4\n')
    emb = E.CustomEmbedding(str(path), reserved_tokens=['<pad>'])
    assert emb.idx_to_token == ['<unk>', '<pad>', 'a', 'b']
    assert emb.idx_to_vec.shape == (4, 2)
    np.testing.assert_array_equal(emb.get_vecs_by_tokens(['b', '<pad>']).asnumpy(), [[3, 4], [0, 0]])


def test_update_checks_before_writing(tmp_path):
    path = tmp_path / 'vec.txt'
    path.write_text('a 1 2\nb 3 4\n')
    emb = E.CustomEmbedding(str(path))
    before = emb.idx_to_vec.asnumpy().copy()
    with pytest.raises(ValueError, match='zz'):
        emb.update_token_vectors(['a', 'zz'], nd.array([[9, 9], [8, 8]]))
    with pytest.raises(AssertionError, match='shape'):
        emb.update_token_vectors(['a', 'b'], nd.ones((2, 3)))
    np.testing.assert_array_equal(emb.idx_to_vec.asnumpy(), before)
    with pytest.raises(ValueError, match='not numbers'):
        (tmp_path / 'bad.txt').write_text('a 1 x\n')
        E.CustomEmbedding(str(tmp_path / 'bad.txt'))


def test_published_file_table_is_package_data():
    """The names and SHA-1 sums of the published files are data (pretrained.tsv), read on first use."""
    table = os.path.join(os.path.dirname(E.__file__), 'pretrained.tsv')
    assert os.path.isfile(table)
    glove, fasttext = E.GloVe.pretrained_file_name_sha1, E.FastText.pretrained_file_name_sha1
    assert len(glove) == 10 and len(fasttext) == 327 and len(E.FastText.pretrained_archive_name_sha1) == 327
    assert glove['glove.6B.50d.txt'] == '21bf566a9d27f84d253e0cd4d4be9dcc07976a6d'
    assert E.GloVe.pretrained_archive_name_sha1['glove.6B.zip'] == 'b64e54f1877d2f735bdd000c1d7d771e25c7dfdc'
    assert all(len(s) == 40 and int(s, 16) >= 0 for s in list(glove.values()) + list(fasttext.values()))
    assert E.GloVe.pretrained_file_name_sha1 is glove        # one shared table, as a class attribute
