"""Indexing text tokens (``mx.contrib.text.vocab.Vocabulary``)."""
import collections

__all__ = ['Vocabulary']

UNKNOWN_IDX = 0          # the unknown token always has index 0


class Vocabulary(object):
    """Indexes text tokens: the unknown token first (index 0), then the reserved tokens, then the keys of
    `counter` from the most to the least frequent (ties in sorted token order).

    Parameters
    ----------
    counter : collections.Counter or None
        Token frequencies; its keys are indexed subject to `most_freq_count` and `min_freq`.
    most_freq_count : int or None
        Index at most this many tokens of `counter` (reserved and unknown tokens not counted).
    min_freq : int, default 1
        Index only tokens of `counter` seen at least this often.
    unknown_token : hashable, default '<unk>'
        What every token outside the vocabulary stands for.
    reserved_tokens : list of hashable or None
        Tokens always indexed (padding, sequence start, ...); no duplicates, not `unknown_token`.

    Attributes
    ----------
    unknown_token : hashable
    reserved_tokens : list or None

    Examples
    --------
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
            reserved_set = set(reserved_tokens)
            if unknown_token in reserved_set:
                raise AssertionError('`reserved_token` cannot contain `unknown_token` {!r}.'.format(unknown_token))
            if len(reserved_set) != len(reserved_tokens):
                raise AssertionError('`reserved_tokens` cannot contain duplicate reserved tokens: {!r}.'.format(
                    reserved_tokens))
        if counter is not None and not isinstance(counter, collections.Counter):
            raise AssertionError('`counter` must be an instance of collections.Counter, got {}.'.format(
                type(counter).__name__))
        self._index_unknown_and_reserved_tokens(unknown_token, reserved_tokens)
        if counter is not None:
            self._index_counter_keys(counter, unknown_token, reserved_tokens, most_freq_count, min_freq)

    def _index_unknown_and_reserved_tokens(self, unknown_token, reserved_tokens):
        self._unknown_token = unknown_token
        self._idx_to_token = [unknown_token]
        if reserved_tokens is None:
            self._reserved_tokens = None
        else:
            self._reserved_tokens = list(reserved_tokens)
            self._idx_to_token.extend(reserved_tokens)
        self._token_to_idx = {token: idx for idx, token in enumerate(self._idx_to_token)}

    def _index_counter_keys(self, counter, unknown_token, reserved_tokens, most_freq_count, min_freq):
        special = set(reserved_tokens) if reserved_tokens is not None else set()
        special.add(unknown_token)
        # most frequent first; equal counts in sorted token order (a stable sort after sorting by token)
        token_freqs = sorted(counter.items(), key=lambda x: x[0])
        token_freqs.sort(key=lambda x: x[1], reverse=True)
        token_cap = len(special) + (len(counter) if most_freq_count is None else most_freq_count)
        for token, freq in token_freqs:
            if freq < min_freq or len(self._idx_to_token) == token_cap:
                break
            if token not in special:
                self._idx_to_token.append(token)
                self._token_to_idx[token] = len(self._idx_to_token) - 1

    def __len__(self):
        return len(self.idx_to_token)

    @property
    def token_to_idx(self):
        """dict: each indexed token's index."""
        return self._token_to_idx

    @property
    def idx_to_token(self):
        """list: the indexed tokens, by index."""
        return self._idx_to_token

    @property
    def unknown_token(self):
        """What every token outside the vocabulary stands for (index 0)."""
        return self._unknown_token

    @property
    def reserved_tokens(self):
        """The reserved tokens (list), or None."""
        return self._reserved_tokens

    def to_indices(self, tokens):
        """The index of a token, or the list of indices of a list of tokens (0 for unknown ones)."""
        single = not isinstance(tokens, list)
        if single:
            tokens = [tokens]
        indices = [self.token_to_idx.get(token, UNKNOWN_IDX) for token in tokens]
        return indices[0] if single else indices

    def to_tokens(self, indices):
        """The token of an index, or the list of tokens of a list of indices.

        Raises ValueError for an index that is not an int or is past the last one."""
        single = not isinstance(indices, list)
        if single:
            indices = [indices]
        max_idx = len(self.idx_to_token) - 1
        tokens = []
        for idx in indices:
            if not isinstance(idx, int) or idx > max_idx:
                raise ValueError('Token index {!r} in the provided `indices` is invalid (the vocabulary has {} '
                                 'tokens).'.format(idx, max_idx + 1))
            tokens.append(self.idx_to_token[idx])
        return tokens[0] if single else tokens
