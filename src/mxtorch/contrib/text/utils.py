"""Counting tokens in text (``mx.contrib.text.utils``)."""
import collections
import re

__all__ = ['count_tokens_from_str']


def count_tokens_from_str(source_str, token_delim=' ', seq_delim='\n', to_lower=False, counter_to_update=None):
    """Counts the tokens of a string.

    Tokens are separated by `token_delim` and sequences by `seq_delim`; both are regular expressions
    (escape special characters, e.g. ``'\\\\*'``). Empty tokens are ignored.

    Parameters
    ----------
    source_str : str
        The text.
    token_delim : str, default ' '
        Token delimiter (a regular expression).
    seq_delim : str, default '\\n'
        Sequence delimiter (a regular expression).
    to_lower : bool, default False
        Count tokens in lower case.
    counter_to_update : collections.Counter or None
        A counter to add the counts to (and return); by default a new one.

    Returns
    -------
    collections.Counter

    Examples
    --------
    >>> count_tokens_from_str(' Life is great ! \\n life is good . \\n', ' ', '\\n', True)
    Counter({'life': 2, 'is': 2, 'great': 1, '!': 1, 'good': 1, '.': 1})
    """
    if not isinstance(source_str, str):
        raise TypeError('count_tokens_from_str: source_str must be a str, got {}'.format(type(source_str).__name__))
    tokens = [t for t in re.split(token_delim + '|' + seq_delim, source_str) if t]
    if to_lower:
        tokens = [t.lower() for t in tokens]
    if counter_to_update is None:
        return collections.Counter(tokens)
    counter_to_update.update(tokens)
    return counter_to_update
