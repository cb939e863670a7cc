"""Token embeddings (``mx.contrib.text.embedding``): a vocabulary whose tokens each have a vector.

GloVe and FastText read the pre-trained files published for MXNet; CustomEmbedding reads any local file
of lines ``token v1 v2 ...``; CompositeEmbedding puts the vectors of several embeddings side by side for
the tokens of one vocabulary.

Pre-trained files live in ``<embedding_root>/<embedding name>/`` (by default ``$MXNET_HOME/embeddings``,
i.e. ``~/.mxnet/embeddings``). A file found there with its published SHA-1 is used as it is; otherwise
its archive is downloaded from MXNet's repository (``$MXNET_GLUON_REPO`` names another one) and unpacked.
Without network access that is an MXNetError naming the URL and the folder to put the file in by hand.
The names and SHA-1 sums of the published files are in ``pretrained.tsv`` beside this module.
"""
import functools
import logging
import os
import tarfile
import warnings
import zipfile

from ... import ndarray as nd
from ... import registry as _registry
from ...base import MXNetError, data_dir
from . import vocab

__all__ = ['register', 'create', 'get_pretrained_file_names', 'GloVe', 'FastText', 'CustomEmbedding',
           'CompositeEmbedding']

UNKNOWN_IDX = vocab.UNKNOWN_IDX
_REPOSITORY = 'https://apache-mxnet.s3-accelerate.dualstack.amazonaws.com/'
_DEFAULT_ROOT = os.path.join(data_dir(), 'embeddings')


@functools.lru_cache(maxsize=None)
def _published():
    """{(embedding, role): {file name: SHA-1}} from pretrained.tsv, read on first use, in file order."""
    tables = {}
    with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), 'pretrained.tsv'), encoding='ascii') as f:
        for line in f:
            if line.strip() and not line.startswith('#'):
                embedding, role, name, sha1 = line.split()
                tables.setdefault((embedding, role), {})[name] = sha1
    return tables


class _PublishedFiles:
    """A class attribute holding {file name: SHA-1} of an embedding's published files or archives, read
    from the table the first time it is looked at."""

    def __init__(self, embedding, role):
        self._key = (embedding, role)

    def __get__(self, obj, owner=None):
        return _published()[self._key]


def get_pretrained_file_names(embedding_name=None):
    """The names of the pre-trained files of the registered embedding `embedding_name` (a list), or of
    every registered embedding (a dict from its name to that list)."""
    registered = _registry.get_registry(_TokenEmbedding)
    if embedding_name is None:
        return {name: list(cls.pretrained_file_name_sha1) for name, cls in registered.items()}
    if embedding_name not in registered:
        raise KeyError('Cannot find `embedding_name` %s. Use `get_pretrained_file_names(embedding_name=None)'
                       '.keys()` to get all the valid embedding names.' % embedding_name)
    return list(registered[embedding_name].pretrained_file_name_sha1)


def _vector_lines(path, elem_delim, encoding):
    """(line number, token, vector) for each line of an embedding file."""
    with open(path, 'r', encoding=encoding) as f:
        for number, line in enumerate(f, 1):
            fields = line.rstrip().split(elem_delim)
            if len(fields) < 2:
                raise AssertionError('At line %d of the pre-trained text embedding file: the data format of the '
                                     'pre-trained token embedding file %s is unexpected.' % (number, path))
            try:
                vector = [float(x) for x in fields[1:]]
            except ValueError:
                raise ValueError('At line %d of the pre-trained token embedding file %s: the vector of token %r '
                                 'is not numbers.' % (number, path, fields[0])) from None
            yield number, fields[0], vector


class _TokenEmbedding(vocab.Vocabulary):
    """Base class of the token embeddings: a Vocabulary with ``idx_to_vec``, one vector per index (row 0
    is the unknown token's).

    Vectors are read from a text file of lines ``token v1 v2 ... vk``. The unknown token gets the file's
    vector for it if there is one, else ``init_unknown_vec(shape=vec_len)``; a token seen again keeps its
    first vector; a line with a single number is taken for a header and skipped. Given a `vocabulary`,
    the embedding indexes that vocabulary's tokens instead, each with its vector from the file (tokens the
    file lacks get the unknown vector).

    A new kind of pre-trained embedding subclasses this, sets ``pretrained_file_name_sha1`` (file name ->
    SHA-1) and is registered with :func:`register`.
    """

    pretrained_file_name_sha1 = {}

    def __init__(self, **kwargs):
        super(_TokenEmbedding, self).__init__(**kwargs)
        self._vec_len, self._idx_to_vec = None, None

    # ---- the published files -----------------------------------------------------------------------------
    @classmethod
    def _get_download_file_name(cls, pretrained_file_name):
        """The archive to download for a pre-trained file (by default the file itself)."""
        return pretrained_file_name

    @classmethod
    def _get_pretrained_file_url(cls, pretrained_file_name):
        base = os.environ.get('MXNET_GLUON_REPO', _REPOSITORY)
        return '{}{}gluon/embeddings/{}/{}'.format(base, '' if base.endswith('/') else '/', cls.__name__.lower(),
                                                   cls._get_download_file_name(pretrained_file_name))

    @classmethod
    def _get_pretrained_file(cls, embedding_root, pretrained_file_name):
        """The path of a pre-trained file, downloaded and unpacked first unless it is on disk already."""
        from ...gluon.utils import check_sha1, download
        folder = os.path.join(os.path.expanduser(embedding_root), cls.__name__.lower())
        path = os.path.join(folder, pretrained_file_name)
        file_sha1 = cls.pretrained_file_name_sha1[pretrained_file_name]
        if os.path.exists(path) and check_sha1(path, file_sha1):
            return path
        url = cls._get_pretrained_file_url(pretrained_file_name)
        archive = os.path.basename(url)
        archive_path = os.path.join(folder, archive)
        archive_sha1 = getattr(cls, 'pretrained_archive_name_sha1', {}).get(archive, file_sha1)
        try:
            download(url, archive_path, sha1_hash=archive_sha1)
        except MXNetError as e:
            raise MXNetError('{}: the pre-trained file {} is not in {} and could not be downloaded ({}). Put the '
                             'file there (or its archive {} from {}) and try again.'.format(
                                 cls.__name__, pretrained_file_name, folder, e, archive, url)) from None
        if archive.endswith('.zip'):
            with zipfile.ZipFile(archive_path) as zf:
                zf.extractall(folder)
        elif archive.endswith('.gz'):
            with tarfile.open(archive_path, 'r:gz') as tar:
                tar.extractall(path=folder)
        return path

    @classmethod
    def _check_pretrained_file_names(cls, pretrained_file_name):
        """KeyError unless `pretrained_file_name` is one of this embedding's published files."""
        if pretrained_file_name not in cls.pretrained_file_name_sha1:
            name = cls.__name__.lower()
            raise KeyError('Cannot find pretrained file %s for token embedding %s. Valid pretrained files for '
                           'embedding %s: %s' % (pretrained_file_name, name, name,
                                                 ', '.join(cls.pretrained_file_name_sha1)))

    # ---- filling the vectors ------------------------------------------------------------------------------
    def _load_embedding(self, pretrained_file_path, elem_delim, init_unknown_vec, encoding='utf8'):
        """Indexes the tokens of an embedding file after the ones already indexed and reads their vectors."""
        path = os.path.expanduser(pretrained_file_path)
        if not os.path.isfile(path):
            raise ValueError('`pretrained_file_path` must be a valid path to the pre-trained token embedding '
                             'file: {!r} is not a file.'.format(path))
        logging.info('Loading pre-trained token embedding vectors from %s', path)
        tokens, index = list(self._idx_to_token), dict(self._token_to_idx)
        vectors, done, unknown_vec, width = [], set(), None, None
        for number, token, vector in _vector_lines(path, elem_delim, encoding):
            if token == self.unknown_token and unknown_vec is None:
                unknown_vec = vector
            elif token in done:
                warnings.warn('At line %d of the pre-trained token embedding file: the embedding vector for token '
                              '%s has been loaded and a duplicate embedding for the  same token is seen and '
                              'skipped.' % (number, token))
                continue
            elif len(vector) == 1:
                warnings.warn('At line %d of the pre-trained text embedding file: token %s with 1-dimensional '
                              'vector %s is likely a header and is skipped.' % (number, token, vector))
                continue
            else:
                width = len(vector) if width is None else width
                if len(vector) != width:
                    raise AssertionError('At line %d of the pre-trained token embedding file: the dimension of '
                                         'token %s is %d but the dimension of previous tokens is %d. Dimensions of '
                                         'all the tokens must be the same.' % (number, token, len(vector), width))
                vectors.append(vector)
                tokens.append(token)
                index[token] = len(tokens) - 1
            done.add(token)
        if width is None:
            raise AssertionError('The pre-trained token embedding file {} has no token vectors.'.format(path))
        # the tokens indexed before the file's (unknown and reserved) start as zeros; row 0 is set below
        table = nd.array([[0.] * width] * len(self._idx_to_token) + vectors).reshape((-1, width))
        table[UNKNOWN_IDX] = init_unknown_vec(shape=width) if unknown_vec is None else nd.array(unknown_vec)
        self._idx_to_token, self._token_to_idx = tokens, index
        self._vec_len, self._idx_to_vec = width, table

    def _index_tokens_from_vocabulary(self, vocabulary):
        """Takes over the tokens (and unknown and reserved tokens) of `vocabulary`, as copies."""
        def copied(x):
            return None if x is None else x.copy()
        self._token_to_idx = copied(vocabulary.token_to_idx)
        self._idx_to_token = copied(vocabulary.idx_to_token)
        self._reserved_tokens = copied(vocabulary.reserved_tokens)
        self._unknown_token = vocabulary.unknown_token

    def _set_idx_to_vec_by_embeddings(self, token_embeddings, vocab_len, vocab_idx_to_token):
        """Vectors for `vocab_idx_to_token`: those of each embedding in turn, side by side (row 0 takes
        each embedding's unknown vector)."""
        parts = []
        for emb in token_embeddings:
            part = nd.zeros(shape=(vocab_len, emb.vec_len))
            part[0] = emb.idx_to_vec[0]
            if vocab_len > 1:
                part[1:] = emb.get_vecs_by_tokens(vocab_idx_to_token[1:])
            parts.append(part)
        self._idx_to_vec = nd.concat(*parts, dim=1)
        self._vec_len = self._idx_to_vec.shape[1]

    def _build_embedding_for_vocabulary(self, vocabulary):
        """Re-indexes this embedding by the tokens of `vocabulary` (None: leaves it as it is)."""
        if vocabulary is None:
            return
        if not isinstance(vocabulary, vocab.Vocabulary):
            raise AssertionError('The argument `vocabulary` must be an instance of '
                                 'mxnet.contrib.text.vocab.Vocabulary, got {}.'.format(type(vocabulary).__name__))
        self._set_idx_to_vec_by_embeddings([self], len(vocabulary), vocabulary.idx_to_token)
        self._index_tokens_from_vocabulary(vocabulary)

    def _from_file(self, path, elem_delim, init_unknown_vec, vocabulary, encoding='utf8'):
        self._load_embedding(path, elem_delim, init_unknown_vec, encoding)
        self._build_embedding_for_vocabulary(vocabulary)

    # ---- public -------------------------------------------------------------------------------------------
    vec_len = property(lambda self: self._vec_len, doc='The length of each vector.')
    idx_to_vec = property(lambda self: self._idx_to_vec,
                          doc='NDArray of shape (number of tokens, vec_len): the vector of each index.')

    def get_vecs_by_tokens(self, tokens, lower_case_backup=False):
        """The vector of a token (1-D NDArray), or the vectors of a list of tokens (2-D, a row each).

        Tokens outside the vocabulary get the unknown vector; with `lower_case_backup`, a token that is
        not found as it is is looked up in lower case."""
        many = isinstance(tokens, list)
        lookup = self.token_to_idx

        def index_of(token):
            if token in lookup or not lower_case_backup:
                return lookup.get(token, UNKNOWN_IDX)
            return lookup.get(token.lower(), UNKNOWN_IDX)
        rows = nd.array([index_of(t) for t in (tokens if many else [tokens])])
        vecs = nd.Embedding(rows, self.idx_to_vec, self.idx_to_vec.shape[0], self.idx_to_vec.shape[1])
        return vecs if many else vecs[0]

    def update_token_vectors(self, tokens, new_vectors):
        """Replaces the vectors of tokens in the vocabulary.

        Parameters
        ----------
        tokens : str or list of str
            Each must be in the vocabulary (to change the unknown vector, name the unknown token).
        new_vectors : NDArray
            Of shape (len(tokens), vec_len); a 1-D vector for a single token.
        """
        if self.idx_to_vec is None:
            raise AssertionError('The property `idx_to_vec` has not been properly set.')
        is_nd = isinstance(new_vectors, nd.NDArray)
        if isinstance(tokens, list) and len(tokens) != 1:
            if not (is_nd and len(new_vectors.shape) == 2):
                raise AssertionError('`new_vectors` must be a 2-D NDArray if `tokens` is a list of multiple strings.')
        else:
            if not (is_nd and len(new_vectors.shape) in (1, 2)):
                raise AssertionError('`new_vectors` must be a 1-D or 2-D NDArray if `tokens` is a singleton.')
            tokens = tokens if isinstance(tokens, list) else [tokens]
            if len(new_vectors.shape) == 1:
                new_vectors = nd.expand_dims(new_vectors, axis=0)
        wanted = (len(tokens), self.vec_len)
        if new_vectors.shape != wanted:
            raise AssertionError('The length of new_vectors must be equal to the number of tokens and the width of '
                                 'new_vectors must be equal to the dimension of embeddings of the glossary: expected '
                                 'shape {}, got {}.'.format(wanted, new_vectors.shape))
        unknown = [t for t in tokens if t not in self.token_to_idx]
        if unknown:
            raise ValueError('Token %s is unknown. To update the embedding vector for an unknown token, please '
                             'specify it explicitly as the `unknown_token` %s in `tokens`. This is to avoid '
                             'unintended updates.' % (unknown[0], self.idx_to_token[UNKNOWN_IDX]))
        self._idx_to_vec[nd.array([self.token_to_idx[t] for t in tokens])] = new_vectors


register = _registry.get_register_func(_TokenEmbedding, 'token embedding')
register.__doc__ = """Makes a token embedding class (a subclass of _TokenEmbedding) available to :func:`create`
    and :func:`get_pretrained_file_names` by its lower-cased class name; returns the class, so it serves as
    a decorator::

        @mx.contrib.text.embedding.register
        class MyEmbedding(mx.contrib.text.embedding._TokenEmbedding):
            pretrained_file_name_sha1 = {'my.txt': '...'}
    """
create = _registry.get_create_func(_TokenEmbedding, 'token embedding')
create.__doc__ = """Makes a registered token embedding by name (any case), passing the keyword arguments to its
    class: ``create('glove', pretrained_file_name='glove.6B.50d.txt')``."""


@register
class GloVe(_TokenEmbedding):
    """GloVe vectors (Pennington, Socher and Manning, 2014; https://nlp.stanford.edu/projects/glove/).

    Parameters
    ----------
    pretrained_file_name : str, default 'glove.840B.300d.txt'
        One of ``get_pretrained_file_names('glove')``.
    embedding_root : str, default $MXNET_HOME/embeddings
        Where the files are (in its ``glove`` folder).
    init_unknown_vec : callable, default nd.zeros
        Makes the unknown vector: ``init_unknown_vec(shape=vec_len)``.
    vocabulary : Vocabulary, optional
        Index the tokens of this vocabulary instead of the file's.
    """
    pretrained_archive_name_sha1 = _PublishedFiles('glove', 'archive')
    pretrained_file_name_sha1 = _PublishedFiles('glove', 'file')

    @classmethod
    def _get_download_file_name(cls, pretrained_file_name):
        # glove.<corpus>.<dims>d.txt comes in the archive of its corpus, glove.<corpus>[.<dims>d].zip
        by_corpus = {archive.split('.')[1]: archive for archive in cls.pretrained_archive_name_sha1}
        return by_corpus[pretrained_file_name.split('.')[1]]

    def __init__(self, pretrained_file_name='glove.840B.300d.txt', embedding_root=_DEFAULT_ROOT,
                 init_unknown_vec=nd.zeros, vocabulary=None, **kwargs):
        GloVe._check_pretrained_file_names(pretrained_file_name)
        super(GloVe, self).__init__(**kwargs)
        self._from_file(GloVe._get_pretrained_file(embedding_root, pretrained_file_name), ' ', init_unknown_vec,
                        vocabulary)


@register
class FastText(_TokenEmbedding):
    """fastText vectors (Bojanowski et al., 2016; https://fasttext.cc/): trained on Wikipedia for many
    languages (``wiki.<language>.vec``) and on Common Crawl (``crawl-300d-2M.vec``).

    Parameters
    ----------
    pretrained_file_name : str, default 'wiki.simple.vec'
        One of ``get_pretrained_file_names('fasttext')``.
    embedding_root : str, default $MXNET_HOME/embeddings
        Where the files are (in its ``fasttext`` folder).
    init_unknown_vec : callable, default nd.zeros
        Makes the unknown vector: ``init_unknown_vec(shape=vec_len)``.
    vocabulary : Vocabulary, optional
        Index the tokens of this vocabulary instead of the file's.
    """
    pretrained_archive_name_sha1 = _PublishedFiles('fasttext', 'archive')
    pretrained_file_name_sha1 = _PublishedFiles('fasttext', 'file')

    @classmethod
    def _get_download_file_name(cls, pretrained_file_name):
        return os.path.splitext(pretrained_file_name)[0] + '.zip'

    def __init__(self, pretrained_file_name='wiki.simple.vec', embedding_root=_DEFAULT_ROOT,
                 init_unknown_vec=nd.zeros, vocabulary=None, **kwargs):
        FastText._check_pretrained_file_names(pretrained_file_name)
        super(FastText, self).__init__(**kwargs)
        self._from_file(FastText._get_pretrained_file(embedding_root, pretrained_file_name), ' ', init_unknown_vec,
                        vocabulary)


class CustomEmbedding(_TokenEmbedding):
    """Vectors from a local text file of lines ``token<elem_delim>v1<elem_delim>v2...``.

    Parameters
    ----------
    pretrained_file_path : str
        The file.
    elem_delim : str, default ' '
        What separates the token and the numbers of a line.
    encoding : str, default 'utf8'
        The file's encoding.
    init_unknown_vec : callable, default nd.zeros
        Makes the unknown vector when the file has none: ``init_unknown_vec(shape=vec_len)``.
    vocabulary : Vocabulary, optional
        Index the tokens of this vocabulary instead of the file's.

    >>> emb = mx.contrib.text.embedding.CustomEmbedding('vectors.txt', elem_delim='\\t')
    >>> emb.get_vecs_by_tokens(['hello', 'world']).shape
    (2, 50)
    """

    def __init__(self, pretrained_file_path, elem_delim=' ', encoding='utf8',
                 init_unknown_vec=nd.zeros, vocabulary=None, **kwargs):
        super().__init__(**kwargs)
        self._from_file(pretrained_file_path, elem_delim, init_unknown_vec, vocabulary, encoding)


class CompositeEmbedding(_TokenEmbedding):
    """The tokens of `vocabulary`, each with the vectors of the `token_embeddings` (one embedding or a
    list) joined end to end in that order."""

    def __init__(self, vocabulary, token_embeddings):
        if not isinstance(vocabulary, vocab.Vocabulary):
            raise AssertionError('The argument `vocabulary` must be an instance of '
                                 'mxnet.contrib.text.vocab.Vocabulary, got {}.'.format(type(vocabulary).__name__))
        embeddings = token_embeddings if isinstance(token_embeddings, list) else [token_embeddings]
        for emb in embeddings:
            if not isinstance(emb, _TokenEmbedding):
                raise AssertionError('The argument `token_embeddings` must be an instance or a list of instances of '
                                     'token embeddings, got {}.'.format(type(emb).__name__))
        self._index_tokens_from_vocabulary(vocabulary)
        self._set_idx_to_vec_by_embeddings(embeddings, len(self), self.idx_to_token)
