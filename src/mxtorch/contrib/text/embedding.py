"""Token embeddings (``mx.contrib.text.embedding``): pre-trained GloVe and fastText vectors, embeddings read
from a local file, and embeddings concatenated for a vocabulary.

Pre-trained files live under ``embedding_root/<name>/`` (by default ``$MXNET_HOME/embeddings``, i.e.
``~/.mxnet/embeddings``). A file that is there with the right SHA-1 is used as it is; otherwise its archive
is downloaded from MXNet's repository (``$MXNET_GLUON_REPO`` overrides it) and unpacked. Without network
access that fails with an MXNetError naming the URL and the place to put the file by hand.
"""
import logging
import os
import tarfile
import warnings
import zipfile

from ... import ndarray as nd
from ... import registry as _registry
from ...base import data_dir
from . import _pretrained
from . import vocab

__all__ = ['register', 'create', 'get_pretrained_file_names', 'GloVe', 'FastText', 'CustomEmbedding',
           'CompositeEmbedding']

UNKNOWN_IDX = vocab.UNKNOWN_IDX
def get_pretrained_file_names(embedding_name=None):
    """The pre-trained file names of a registered embedding (a list), or of all of them (a dict from
    embedding name to list) when `embedding_name` is None."""
    registered = _registry.get_registry(_TokenEmbedding)
    if embedding_name is not None:
        if embedding_name not in registered:
            raise KeyError('Cannot find `embedding_name` %s. Use `get_pretrained_file_names(embedding_name=None)'
                           '.keys()` to get all the valid embedding names.' % embedding_name)
        return list(registered[embedding_name].pretrained_file_name_sha1.keys())
    return {name: list(cls.pretrained_file_name_sha1.keys()) for name, cls in registered.items()}


class _TokenEmbedding(vocab.Vocabulary):
    """Base class of token embeddings: a Vocabulary whose tokens each have a vector (``idx_to_vec``, one row
    per index; row 0 is the unknown token's).

    Vectors come from a text file of lines ``token v1 v2 ... vk``. The unknown token's vector is the file's
    if the file has it, else ``init_unknown_vec(shape=vec_len)``; a token seen twice keeps its first vector;
    a line with a one-number vector is taken for a header and skipped. With a `vocabulary`, the embedding
    indexes that vocabulary's tokens instead, with their vectors from the file (unknown ones get row 0).

    Attributes
    ----------
    vec_len : int
        Length of each vector.
    idx_to_vec : NDArray
        (number of tokens, vec_len) vectors by token index.
    """

    pretrained_file_name_sha1 = {}

    def __init__(self, **kwargs):
        super(_TokenEmbedding, self).__init__(**kwargs)
        self._vec_len = None
        self._idx_to_vec = None

    # ---- pre-trained files --------------------------------------------------------------------------------
    @classmethod
    def _get_download_file_name(cls, pretrained_file_name):
        return pretrained_file_name

    @classmethod
    def _get_pretrained_file_url(cls, pretrained_file_name):
        repo_url = os.environ.get('MXNET_GLUON_REPO', _pretrained.REPO_URL)
        if not repo_url.endswith('/'):
            repo_url += '/'
        return '{}gluon/embeddings/{}/{}'.format(repo_url, cls.__name__.lower(),
                                                 cls._get_download_file_name(pretrained_file_name))

    @classmethod
    def _get_pretrained_file(cls, embedding_root, pretrained_file_name):
        from ...gluon.utils import check_sha1, download
        from ...base import MXNetError
        embedding_dir = os.path.join(os.path.expanduser(embedding_root), cls.__name__.lower())
        path = os.path.join(embedding_dir, pretrained_file_name)
        expected = cls.pretrained_file_name_sha1[pretrained_file_name]
        if os.path.exists(path) and check_sha1(path, expected):
            return path
        url = cls._get_pretrained_file_url(pretrained_file_name)
        archive = os.path.basename(url)
        archive_hash = getattr(cls, 'pretrained_archive_name_sha1', {}).get(archive, expected)
        archive_path = os.path.join(embedding_dir, archive)
        try:
            download(url, archive_path, sha1_hash=archive_hash)
        except MXNetError as e:
            raise MXNetError('{}: the pre-trained file {} is not in {} and could not be downloaded ({}). Put the '
                             'file there (or its archive {} from {}) and try again.'.format(
                                 cls.__name__, pretrained_file_name, embedding_dir, e, archive, url)) from None
        ext = os.path.splitext(archive)[1]
        if ext == '.zip':
            with zipfile.ZipFile(archive_path, 'r') as zf:
                zf.extractall(embedding_dir)
        elif ext == '.gz':
            with tarfile.open(archive_path, 'r:gz') as tar:
                tar.extractall(path=embedding_dir)
        return path

    @classmethod
    def _check_pretrained_file_names(cls, pretrained_file_name):
        name = cls.__name__.lower()
        if pretrained_file_name not in cls.pretrained_file_name_sha1:
            raise KeyError('Cannot find pretrained file %s for token embedding %s. Valid pretrained files for '
                           'embedding %s: %s' % (pretrained_file_name, name, name,
                                                 ', '.join(cls.pretrained_file_name_sha1.keys())))

    # ---- loading ------------------------------------------------------------------------------------------
    def _load_embedding(self, pretrained_file_path, elem_delim, init_unknown_vec, encoding='utf8'):
        pretrained_file_path = os.path.expanduser(pretrained_file_path)
        if not os.path.isfile(pretrained_file_path):
            raise ValueError('`pretrained_file_path` must be a valid path to the pre-trained token embedding '
                             'file: {!r} is not a file.'.format(pretrained_file_path))
        logging.info('Loading pre-trained token embedding vectors from %s', pretrained_file_path)
        vec_len = None
        rows = []
        seen = set()
        unknown_vec = None
        idx_to_token = list(self._idx_to_token)
        token_to_idx = dict(self._token_to_idx)
        with open(pretrained_file_path, 'r', encoding=encoding) as f:
            for line_num, line in enumerate(f, 1):
                elems = line.rstrip().split(elem_delim)
                if len(elems) <= 1:
                    raise AssertionError('At line %d of the pre-trained text embedding file: the data format of '
                                         'the pre-trained token embedding file %s is unexpected.'
                                         % (line_num, pretrained_file_path))
                token = elems[0]
                try:
                    vec = [float(v) for v in elems[1:]]
                except ValueError:
                    raise ValueError('At line %d of the pre-trained token embedding file %s: the vector of '
                                     'token %r is not numbers.' % (line_num, pretrained_file_path, token)) from None
                if token == self.unknown_token and unknown_vec is None:
                    unknown_vec = vec
                    seen.add(token)
                elif token in seen:
                    warnings.warn('At line %d of the pre-trained token embedding file: the embedding vector for '
                                  'token %s has been loaded and a duplicate embedding for the  same token is '
                                  'seen and skipped.' % (line_num, token))
                elif len(vec) == 1:
                    warnings.warn('At line %d of the pre-trained text embedding file: token %s with '
                                  '1-dimensional vector %s is likely a header and is skipped.'
                                  % (line_num, token, vec))
                else:
                    if vec_len is None:
                        vec_len = len(vec)
                    elif len(vec) != vec_len:
                        raise AssertionError('At line %d of the pre-trained token embedding file: the dimension of '
                                             'token %s is %d but the dimension of previous tokens is %d. '
                                             'Dimensions of all the tokens must be the same.'
                                             % (line_num, token, len(vec), vec_len))
                    rows.append(vec)
                    idx_to_token.append(token)
                    token_to_idx[token] = len(idx_to_token) - 1
                    seen.add(token)
        if vec_len is None:
            raise AssertionError('The pre-trained token embedding file {} has no token vectors.'.format(
                pretrained_file_path))
        # rows before the file's tokens (unknown and reserved) start at zero; row 0 is set below
        n_special = len(self._idx_to_token)
        idx_to_vec = nd.array([[0.] * vec_len] * n_special + rows).reshape((-1, vec_len))
        if unknown_vec is None:
            idx_to_vec[UNKNOWN_IDX] = init_unknown_vec(shape=vec_len)
        else:
            idx_to_vec[UNKNOWN_IDX] = nd.array(unknown_vec)
        self._idx_to_token, self._token_to_idx = idx_to_token, token_to_idx
        self._vec_len = vec_len
        self._idx_to_vec = idx_to_vec

    def _index_tokens_from_vocabulary(self, vocabulary):
        self._token_to_idx = vocabulary.token_to_idx.copy() if vocabulary.token_to_idx is not None else None
        self._idx_to_token = vocabulary.idx_to_token[:] if vocabulary.idx_to_token is not None else None
        self._unknown_token = vocabulary.unknown_token
        self._reserved_tokens = vocabulary.reserved_tokens[:] if vocabulary.reserved_tokens is not None else None

    def _set_idx_to_vec_by_embeddings(self, token_embeddings, vocab_len, vocab_idx_to_token):
        """Vectors for the tokens of a vocabulary: each embedding's vectors side by side, in order."""
        new_vec_len = sum(embed.vec_len for embed in token_embeddings)
        new_idx_to_vec = nd.zeros(shape=(vocab_len, new_vec_len))
        col_start = 0
        for embed in token_embeddings:
            col_end = col_start + embed.vec_len
            new_idx_to_vec[0, col_start:col_end] = embed.idx_to_vec[0]
            if vocab_len > 1:
                new_idx_to_vec[1:, col_start:col_end] = embed.get_vecs_by_tokens(vocab_idx_to_token[1:])
            col_start = col_end
        self._vec_len = new_vec_len
        self._idx_to_vec = new_idx_to_vec

    def _build_embedding_for_vocabulary(self, vocabulary):
        if vocabulary is not None:
            if not isinstance(vocabulary, vocab.Vocabulary):
                raise AssertionError('The argument `vocabulary` must be an instance of '
                                     'mxnet.contrib.text.vocab.Vocabulary, got {}.'.format(type(vocabulary).__name__))
            self._set_idx_to_vec_by_embeddings([self], len(vocabulary), vocabulary.idx_to_token)
            self._index_tokens_from_vocabulary(vocabulary)

    # ---- public -------------------------------------------------------------------------------------------
    @property
    def vec_len(self):
        """Length of each token's vector."""
        return self._vec_len

    @property
    def idx_to_vec(self):
        """NDArray (number of tokens, vec_len): the vector of each token index."""
        return self._idx_to_vec

    def get_vecs_by_tokens(self, tokens, lower_case_backup=False):
        """The vector of a token (1-D NDArray) or the vectors of a list of tokens (2-D, one row each).

        Unknown tokens get the unknown token's vector. With `lower_case_backup`, a token not found as it is
        is looked up in lower case."""
        single = not isinstance(tokens, list)
        if single:
            tokens = [tokens]
        if lower_case_backup:
            indices = [self.token_to_idx[t] if t in self.token_to_idx else self.token_to_idx.get(t.lower(), UNKNOWN_IDX)
                       for t in tokens]
        else:
            indices = [self.token_to_idx.get(t, UNKNOWN_IDX) for t in tokens]
        vecs = nd.Embedding(nd.array(indices), self.idx_to_vec, self.idx_to_vec.shape[0], self.idx_to_vec.shape[1])
        return vecs[0] if single else vecs

    def update_token_vectors(self, tokens, new_vectors):
        """Replaces the vectors of indexed tokens.

        Parameters
        ----------
        tokens : str or list of str
            Tokens to update; each must be indexed (name the unknown token explicitly to change its vector).
        new_vectors : NDArray
            (len(tokens), vec_len) vectors; 1-D is accepted for a single token.
        """
        if self.idx_to_vec is None:
            raise AssertionError('The property `idx_to_vec` has not been properly set.')
        if not isinstance(tokens, list) or len(tokens) == 1:
            if not (isinstance(new_vectors, nd.NDArray) and len(new_vectors.shape) in (1, 2)):
                raise AssertionError('`new_vectors` must be a 1-D or 2-D NDArray if `tokens` is a singleton.')
            if not isinstance(tokens, list):
                tokens = [tokens]
            if len(new_vectors.shape) == 1:
                new_vectors = nd.expand_dims(new_vectors, axis=0)
        elif not (isinstance(new_vectors, nd.NDArray) and len(new_vectors.shape) == 2):
            raise AssertionError('`new_vectors` must be a 2-D NDArray if `tokens` is a list of multiple strings.')
        if new_vectors.shape != (len(tokens), self.vec_len):
            raise AssertionError('The length of new_vectors must be equal to the number of tokens and the width of '
                                 'new_vectors must be equal to the dimension of embeddings of the glossary: expected '
                                 'shape {}, got {}.'.format((len(tokens), self.vec_len), new_vectors.shape))
        indices = []
        for token in tokens:
            if token not in self.token_to_idx:
                raise ValueError('Token %s is unknown. To update the embedding vector for an unknown token, please '
                                 'specify it explicitly as the `unknown_token` %s in `tokens`. This is to avoid '
                                 'unintended updates.' % (token, self.idx_to_token[UNKNOWN_IDX]))
            indices.append(self.token_to_idx[token])
        self._idx_to_vec[nd.array(indices)] = new_vectors


# ---- registry: token embeddings by name ('glove', 'fasttext', ...) ---------------------------------------
register = _registry.get_register_func(_TokenEmbedding, 'token embedding')
register.__doc__ = """Registers a token embedding class (used as a decorator) so that ``create`` can make it by name.

    Examples
    --------
    >>> @mx.contrib.text.embedding.register
    ... class MyEmbedding(mx.contrib.text.embedding._TokenEmbedding):
    ...     pretrained_file_name_sha1 = {}
    ...     def __init__(self, pretrained_file_name='my.txt'):
    ...         super().__init__()
    >>> type(mx.contrib.text.embedding.create('myembedding'))
    <class '__main__.MyEmbedding'>
    """
create = _registry.get_create_func(_TokenEmbedding, 'token embedding')
create.__doc__ = """Creates a registered token embedding by (case-insensitive) name, e.g.
    ``create('glove', pretrained_file_name='glove.6B.50d.txt')``; the keyword arguments go to its class."""


@register
class GloVe(_TokenEmbedding):
    """GloVe word vectors (https://nlp.stanford.edu/projects/glove/; Pennington, Socher and Manning, 2014).

    Parameters
    ----------
    pretrained_file_name : str, default 'glove.840B.300d.txt'
        One of ``get_pretrained_file_names('glove')``.
    embedding_root : str, default $MXNET_HOME/embeddings
        Folder of the embedding files (the file is looked for in its ``glove`` subfolder).
    init_unknown_vec : callable, default nd.zeros
        Makes the unknown token's vector: ``init_unknown_vec(shape=vec_len)``.
    vocabulary : Vocabulary, optional
        Index this vocabulary's tokens instead of the file's.
    """
    pretrained_archive_name_sha1 = _pretrained.GLOVE_ARCHIVES
    pretrained_file_name_sha1 = _pretrained.GLOVE_FILES

    @classmethod
    def _get_download_file_name(cls, pretrained_file_name):
        # glove.6B.50d.txt comes in glove.6B.zip: the archive with the same corpus name
        archives = {archive.split('.')[1]: archive for archive in cls.pretrained_archive_name_sha1}
        return archives[pretrained_file_name.split('.')[1]]

    def __init__(self, pretrained_file_name='glove.840B.300d.txt',
                 embedding_root=os.path.join(data_dir(), 'embeddings'),
                 init_unknown_vec=nd.zeros, vocabulary=None, **kwargs):
        GloVe._check_pretrained_file_names(pretrained_file_name)
        super(GloVe, self).__init__(**kwargs)
        path = GloVe._get_pretrained_file(embedding_root, pretrained_file_name)
        self._load_embedding(path, ' ', init_unknown_vec)
        if vocabulary is not None:
            self._build_embedding_for_vocabulary(vocabulary)


@register
class FastText(_TokenEmbedding):
    """fastText word vectors (https://fasttext.cc/; Bojanowski et al., 2016), Wikipedia-trained for many
    languages (``wiki.<lang>.vec``) and Common Crawl (``crawl-300d-2M.vec``).

    Parameters
    ----------
    pretrained_file_name : str, default 'wiki.simple.vec'
        One of ``get_pretrained_file_names('fasttext')``.
    embedding_root : str, default $MXNET_HOME/embeddings
        Folder of the embedding files (the file is looked for in its ``fasttext`` subfolder).
    init_unknown_vec : callable, default nd.zeros
        Makes the unknown token's vector: ``init_unknown_vec(shape=vec_len)``.
    vocabulary : Vocabulary, optional
        Index this vocabulary's tokens instead of the file's.
    """
    pretrained_archive_name_sha1 = _pretrained.FASTTEXT_ARCHIVES
    pretrained_file_name_sha1 = _pretrained.FASTTEXT_FILES

    @classmethod
    def _get_download_file_name(cls, pretrained_file_name):
        return '.'.join(pretrained_file_name.split('.')[:-1]) + '.zip'

    def __init__(self, pretrained_file_name='wiki.simple.vec',
                 embedding_root=os.path.join(data_dir(), 'embeddings'),
                 init_unknown_vec=nd.zeros, vocabulary=None, **kwargs):
        FastText._check_pretrained_file_names(pretrained_file_name)
        super(FastText, self).__init__(**kwargs)
        path = FastText._get_pretrained_file(embedding_root, pretrained_file_name)
        self._load_embedding(path, ' ', init_unknown_vec)
        if vocabulary is not None:
            self._build_embedding_for_vocabulary(vocabulary)


class CustomEmbedding(_TokenEmbedding):
    """Token vectors from a local text file of lines ``token<elem_delim>v1<elem_delim>v2...``.

    Parameters
    ----------
    pretrained_file_path : str
        The file.
    elem_delim : str, default ' '
        Separator of the token and the numbers on a line.
    encoding : str, default 'utf8'
        The file's text encoding.
    init_unknown_vec : callable, default nd.zeros
        Makes the unknown token's vector when the file has none: ``init_unknown_vec(shape=vec_len)``.
    vocabulary : Vocabulary, optional
        Index this vocabulary's tokens instead of the file's.

    Examples
    --------
    >>> emb = mx.contrib.text.embedding.CustomEmbedding('vectors.txt', elem_delim='\\t')
    >>> emb.get_vecs_by_tokens(['hello', 'world']).shape
    (2, 50)
    """

    def __init__(self, pretrained_file_path, elem_delim=' ', encoding='utf8',
                 init_unknown_vec=nd.zeros, vocabulary=None, **kwargs):
        super(CustomEmbedding, self).__init__(**kwargs)
        self._load_embedding(pretrained_file_path, elem_delim, init_unknown_vec, encoding)
        if vocabulary is not None:
            self._build_embedding_for_vocabulary(vocabulary)


class CompositeEmbedding(_TokenEmbedding):
    """The tokens of a vocabulary with the vectors of one or several embeddings, concatenated per token.

    Parameters
    ----------
    vocabulary : Vocabulary
        The tokens to index.
    token_embeddings : token embedding or list of them
        Their vectors are put side by side, in this order.
    """

    def __init__(self, vocabulary, token_embeddings):
        if not isinstance(vocabulary, vocab.Vocabulary):
            raise AssertionError('The argument `vocabulary` must be an instance of '
                                 'mxnet.contrib.text.vocab.Vocabulary, got {}.'.format(type(vocabulary).__name__))
        if not isinstance(token_embeddings, list):
            token_embeddings = [token_embeddings]
        for embed in token_embeddings:
            if not isinstance(embed, _TokenEmbedding):
                raise AssertionError('The argument `token_embeddings` must be an instance or a list of instances of '
                                     'token embeddings, got {}.'.format(type(embed).__name__))
        self._index_tokens_from_vocabulary(vocabulary)
        self._set_idx_to_vec_by_embeddings(token_embeddings, len(self), self.idx_to_token)
