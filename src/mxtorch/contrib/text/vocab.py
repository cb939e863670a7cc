"""Vocabularies (``mx.contrib.text.vocab.Vocabulary``): the mapping between text tokens and indices."""
import collections

__all__ = ['Vocabulary']

UNKNOWN_IDX = 0          # the unknown token's index, in every vocabulary


class Vocabulary(object):
    """Gives tokens indices: the unknown token is 0, the reserved tokens follow, then the tokens of
    `counter`, most frequent first (equal counts in sorted order of the tokens).

    Parameters
    ----------
    counter : collections.Counter or None
        How often each token occurs; which of them get an index depends on `most_freq_count` and
        `min_freq`.
    most_freq_count : int or None
        At most this many tokens of `counter` get an index (the unknown and reserved ones not counted).
    min_freq : int, default 1
        Tokens of `counter` seen fewer times get no index.
    unknown_token : hashable, default '<unk>'
        What stands for every token without an index.
    reserved_tokens : list or None
        Tokens that always get an index (padding, start of sequence, ...); no repeats, not the unknown
        token.

    >>> counter = collections.Counter(['a', 'b', 'b', 'c', 'c', 'c'])
    >>> vocab = mx.contrib.text.vocab.Vocabulary(counter, reserved_tokens=['<pad>'])
    >>> vocab.idx_to_token
    ['<unk>', '<pad>', 'c', 'b', 'a']
    >>> vocab.to_indices(['c', 'z'])
    [2, 0]
    """

    def __init__(self, counter=None, most_freq_count=None, min_freq=1, unknown_token='<unk>',
                 reserved_tokens=None):
        if not min_freq > 0:
            raise AssertionError('`min_freq` must be set to a positive value, got {!r}.'.format(min_freq))
        if reserved_tokens is not None:
            if unknown_token in reserved_tokens:
                raise AssertionError('`reserved_token` cannot contain `unknown_token` {!r}.'.format(unknown_token))
            if len(set(reserved_tokens)) != len(reserved_tokens):
                raise AssertionError('`reserved_tokens` cannot contain duplicate reserved tokens: {!r}.'.format(
                    reserved_tokens))
        if counter is not None and not isinstance(counter, collections.Counter):
            raise AssertionError('`counter` must be an instance of collections.Counter, got {}.'.format(
                type(counter).__name__))
        self._unknown_token = unknown_token
        self._reserved_tokens = None if reserved_tokens is None else list(reserved_tokens)
        self._idx_to_token = [unknown_token] + (self._reserved_tokens or [])
        self._token_to_idx = {token: i for i, token in enumerate(self._idx_to_token)}
        if counter is not None:
            self._index_counter_keys(counter, unknown_token, reserved_tokens, most_freq_count, min_freq)

    def _index_counter_keys(self, counter, unknown_token, reserved_tokens, most_freq_count, min_freq):
        """Appends the tokens of `counter` that qualify, most frequent first."""
        taken = {unknown_token, *(reserved_tokens or ())}
        room = len(taken) + (len(counter) if most_freq_count is None else most_freq_count)
        # by count, highest first; ties in token order (sort by token, then a stable sort by count)
        ranked = sorted(sorted(counter.items(), key=lambda item: item[0]), key=lambda item: item[1], reverse=True)
        for token, freq in ranked:
            if freq < min_freq or len(self._idx_to_token) == room:
                break
            if token not in taken:
                self._token_to_idx[token] = len(self._idx_to_token)
                self._idx_to_token.append(token)

    def __len__(self):
        return len(self._idx_to_token)

    token_to_idx = property(lambda self: self._token_to_idx, doc='dict: the index of each token.')
    idx_to_token = property(lambda self: self._idx_to_token, doc='list: the token of each index.')
    unknown_token = property(lambda self: self._unknown_token, doc='What stands for tokens without an index.')
    reserved_tokens = property(lambda self: self._reserved_tokens, doc='The reserved tokens (a list), or None.')

    def to_indices(self, tokens):
        """The index of a token, or the indices of a list of tokens (0 for tokens without one)."""
        if isinstance(tokens, list):
            return [self.token_to_idx.get(t, UNKNOWN_IDX) for t in tokens]
        return self.token_to_idx.get(tokens, UNKNOWN_IDX)

    def to_tokens(self, indices):
        """The token of an index, or the tokens of a list of indices; ValueError for an index that is not
        an int or is past the last one."""
        many = isinstance(indices, list)
        last = len(self.idx_to_token) - 1
        for idx in indices if many else [indices]:
            if not isinstance(idx, int) or idx > last:
                raise ValueError('Token index {!r} in the provided `indices` is invalid (the vocabulary has {} '
                                 'tokens).'.format(idx, last + 1))
        return [self.idx_to_token[i] for i in indices] if many else self.idx_to_token[indices]
