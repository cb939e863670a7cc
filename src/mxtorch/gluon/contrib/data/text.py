"""Word-level language-modelling datasets: WikiText-2 and WikiText-103.

Each sample is a pair of int32 arrays of `seq_len` token indices, the second the first shifted by one
token (the next word to predict). Lines are split on whitespace, blank lines dropped and '<eos>' appended
to every line; the token stream is cut to a multiple of `seq_len`, as MXNet 1.9.1 cuts it.

The segment's file (``wiki.train.tokens``, ``wiki.valid.tokens``, ``wiki.test.tokens``) is read from
`root` when it is there, whatever its content (so that local copies work offline); otherwise the
archive is downloaded from MXNet's repository, checked against its sha1, and unpacked into `root`."""
import numbers
import os
import zipfile

import numpy as np

from ....base import MXNetError, data_dir
from ....contrib.text import utils as text_utils
from ....contrib.text import vocab as text_vocab
from ....ndarray.creation import array
from ...data import dataset
from ...utils import _get_repo_file_url, check_sha1, download

__all__ = ['WikiText2', 'WikiText103']

EOS_TOKEN = '<eos>'
_SEGMENTS = {'train': 'wiki.train.tokens', 'validation': 'wiki.valid.tokens', 'test': 'wiki.test.tokens'}


class _LanguageModelDataset(dataset._DownloadedDataset):
    """A text corpus as samples of token indices, with the vocabulary that indexes it: the one given,
    else one built from the corpus's token counts with '<eos>' reserved."""

    def __init__(self, root, namespace, vocabulary):
        self._vocab, self._counter, self._namespace = vocabulary, None, namespace
        super().__init__(root, None)

    @property
    def vocabulary(self):
        """The Vocabulary that maps tokens to the indices of the samples."""
        return self._vocab

    @property
    def frequencies(self):
        """The segment's token counts (a Counter), counted even when a vocabulary was given."""
        return self._counter

    def _build_vocab(self, content):
        if not self._counter:
            self._counter = text_utils.count_tokens_from_str(content)
        if not self._vocab:
            self._vocab = text_vocab.Vocabulary(counter=self._counter, reserved_tokens=[EOS_TOKEN])


class _WikiText(_LanguageModelDataset):
    _archive = None      # (archive name, sha1)
    _hashes = None       # segment -> sha1 of its file

    def __init__(self, root, segment, vocab, seq_len, namespace):
        if segment not in _SEGMENTS:
            # MXNet's error type: the segment is looked up in its table of files
            raise KeyError("{}: segment must be one of 'train', 'validation', 'test', got {!r}".format(
                type(self).__name__, segment))
        if isinstance(seq_len, bool) or not isinstance(seq_len, numbers.Integral) or seq_len <= 0:
            raise MXNetError('{}: seq_len must be a positive integer, got {!r}'.format(type(self).__name__, seq_len))
        self._segment = segment
        self._seq_len = int(seq_len)
        super().__init__(os.path.join(data_dir(), 'datasets', namespace) if root is None else root,
                         namespace, vocab)

    def _segment_file(self):
        name = _SEGMENTS[self._segment]
        path = os.path.join(self._root, name)
        if os.path.exists(path):
            return path
        archive, sha1 = self._archive
        try:
            zipped = download(_get_repo_file_url('gluon/dataset/' + self._namespace, archive), path=self._root,
                              sha1_hash=sha1)
        except Exception as e:  # noqa: BLE001
            raise MXNetError('{}: {} is not in {} and {} could not be downloaded ({}). Put the file there, '
                             'or connect to the network.'.format(type(self).__name__, name, self._root, archive,
                                                                  e)) from e
        with zipfile.ZipFile(zipped) as z:
            for member in z.namelist():
                base = os.path.basename(member)
                if base:  # the archive's folder is dropped: its files go straight into root
                    with z.open(member) as source, open(os.path.join(self._root, base), 'wb') as target:
                        target.write(source.read())
        if not check_sha1(path, self._hashes[self._segment]):
            raise MXNetError('{}: {} unpacked from {} does not have the expected sha1'.format(
                type(self).__name__, name, archive))
        return path

    def _read_tokens(self, path):
        with open(path, 'r', encoding='utf8') as f:
            content = f.read()
        self._build_vocab(content)
        tokens = []
        for line in content.splitlines():
            words = line.split()
            if words:
                tokens.extend(words)
                tokens.append(EOS_TOKEN)
        return np.asarray(self._vocab.to_indices(tokens), dtype=np.int32)

    def _get_data(self):
        indices = self._read_tokens(self._segment_file())
        n = (len(indices) - 1) // self._seq_len * self._seq_len
        self._data = array(indices[:n].reshape(-1, self._seq_len), dtype=np.int32)
        self._label = array(indices[1:n + 1].reshape(-1, self._seq_len), dtype=np.int32)

    def __len__(self):
        return len(self._label)


class WikiText2(_WikiText):
    """WikiText-2 (Salesforce research; Creative Commons Attribution-ShareAlike): about two million words
    of Wikipedia articles, for word-level language modelling.

    Parameters
    ----------
    root : str, default $MXNET_HOME/datasets/wikitext-2
        Where the segment files are, or are unpacked to.
    segment : str, default 'train'
        'train', 'validation' or 'test'.
    vocab : mx.contrib.text.vocab.Vocabulary, default None
        The vocabulary to index the text with; None builds one from the segment's own tokens.
    seq_len : int, default 35
        The length of each sample, regardless of where sentences end.
    """
    _archive = ('wikitext-2-v1.zip', '3c914d17d80b1459be871a5039ac23e752a53cbe')
    _hashes = {'train': '863f29c46ef9d167fff4940ec821195882fe29d1',
               'validation': '0418625c8b4da6e4b5c7a0b9e78d4ae8f7ee5422',
               'test': 'c7b8ce0aa086fb34dab808c5c49224211eb2b172'}

    def __init__(self, root=None, segment='train', vocab=None, seq_len=35):
        super().__init__(root, segment, vocab, seq_len, 'wikitext-2')


class WikiText103(_WikiText):
    """WikiText-103 (Salesforce research; Creative Commons Attribution-ShareAlike): about a hundred million
    words of Wikipedia articles, for word-level language modelling. Parameters as WikiText2's (default
    `root`: $MXNET_HOME/datasets/wikitext-103)."""
    _archive = ('wikitext-103-v1.zip', '0aec09a7537b58d4bb65362fee27650eeaba625a')
    _hashes = {'train': 'b7497e2dfe77e72cfef5e3dbc61b7b53712ac211',
               'validation': 'c326ac59dc587676d58c422eb8a03e119582f92b',
               'test': '8a5befc548865cec54ed4273cf87dbbad60d1e47'}

    def __init__(self, root=None, segment='train', vocab=None, seq_len=35):
        super().__init__(root, segment, vocab, seq_len, 'wikitext-103')
