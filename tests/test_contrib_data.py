"""mx.gluon.contrib.data beyond the golden cases (tests/golden/contrib_data_cases.py): the archive is
fetched (from a file:// repository here) and unpacked into root, a missing file offline is a clear error,
and bad arguments."""
import hashlib
import os
import zipfile

import pytest

import mxtorch as mx
from mxtorch.base import MXNetError

text = mx.gluon.contrib.data.text
_TRAIN = ' = Title = \n\n a b c a b \n c d a \n'


def _sha1(path):
    with open(path, 'rb') as f:
        return hashlib.sha1(f.read()).hexdigest()


def test_archive_is_downloaded_checked_and_unpacked(tmp_path, monkeypatch):
    repo = tmp_path / 'repo'
    folder = repo / 'gluon' / 'dataset' / 'wikitext-2'
    folder.mkdir(parents=True)
    plain = tmp_path / 'wiki.train.tokens'
    plain.write_text(_TRAIN, encoding='utf8')
    archive = folder / 'wikitext-2-v1.zip'
    with zipfile.ZipFile(archive, 'w') as z:
        z.write(plain, 'wikitext-2/wiki.train.tokens')   # the published archives keep a folder inside

    class Local(text.WikiText2):
        _archive = ('wikitext-2-v1.zip', _sha1(archive))
        _hashes = dict(text.WikiText2._hashes, train=_sha1(plain))

    monkeypatch.setenv('MXNET_GLUON_REPO', repo.as_uri() + '/')
    root = tmp_path / 'root'
    ds = Local(root=str(root), seq_len=3)
    assert (root / 'wiki.train.tokens').read_text(encoding='utf8') == _TRAIN
    assert (root / 'wikitext-2-v1.zip').exists()
    # tokens: = Title = <eos> a b c a b <eos> c d a <eos> (14); 13 inputs cut to 12 = 4 samples of 3
    assert len(ds) == 4
    assert ds.vocabulary.to_tokens(ds[0][0].asnumpy().tolist()) == ['=', 'Title', '=']
    assert ds.vocabulary.to_tokens(ds[3][1].asnumpy().tolist()) == ['c', 'd', 'a']

    class WrongContent(Local):
        _hashes = dict(Local._hashes, train='0' * 40)
    (root / 'wiki.train.tokens').unlink()
    with pytest.raises(MXNetError, match='does not have the expected sha1'):
        WrongContent(root=str(root))


def test_missing_segment_offline_is_a_clear_error(tmp_path, monkeypatch):
    monkeypatch.setenv('MXNET_GLUON_REPO', (tmp_path / 'no-repo').as_uri() + '/')
    with pytest.raises(MXNetError, match=r'wiki\.valid\.tokens is not in .* Put the file there'):
        text.WikiText103(root=str(tmp_path), segment='validation')


def test_default_root_is_under_mxnet_home(tmp_path, monkeypatch):
    monkeypatch.setenv('MXNET_HOME', str(tmp_path))
    folder = tmp_path / 'datasets' / 'wikitext-2'
    folder.mkdir(parents=True)
    (folder / 'wiki.test.tokens').write_text(_TRAIN, encoding='utf8')
    ds = text.WikiText2(segment='test', seq_len=2)
    assert len(ds) == 6 and ds[0][0].dtype.__name__ == 'int32'


@pytest.mark.parametrize('seq_len', [0, -1, 2.5, True, None])
def test_bad_seq_len(tmp_path, seq_len):
    (tmp_path / 'wiki.train.tokens').write_text(_TRAIN, encoding='utf8')
    with pytest.raises(MXNetError, match='seq_len must be a positive integer'):
        text.WikiText2(root=str(tmp_path), seq_len=seq_len)


def test_bad_segment_names_the_choices(tmp_path):
    with pytest.raises(KeyError, match="'train', 'validation', 'test'"):
        text.WikiText2(root=str(tmp_path), segment='valid')


def test_interval_sampler_bad_interval():
    with pytest.raises(AssertionError, match='Interval 5 must be smaller than or equal to length 4'):
        mx.gluon.contrib.data.IntervalSampler(4, 5)
    assert len(mx.gluon.contrib.data.IntervalSampler(4, 2, rollover=False)) == 4
