"""mx.symbol_doc: extra, Python-specific documentation for symbolic operators.

To document operator ``<Op>`` further, derive ``<Op>Doc`` from ``SymbolDoc`` and give it the examples as
its docstring; ``_build_doc`` appends them to the operator's generated documentation.
"""
import re as _re

from .ndarray_doc import _build_param_doc, _extra_doc


class SymbolDoc(object):
    """Base class of the extra symbolic operator documents."""

    @staticmethod
    def get_output_shape(sym, **input_shapes):
        """{output name: shape} of `sym` when its inputs have `input_shapes`."""
        _, out_shapes, _ = sym.infer_shape(**input_shapes)
        return dict(zip(sym.list_outputs(), out_shapes))


class ActivationDoc(SymbolDoc):
    """
    Examples
    --------
    An element-wise nonlinearity; the shape is unchanged:

    >>> act = Activation(Variable('x'), act_type='tanh', name='act')
    >>> SymbolDoc.get_output_shape(act, x=(3, 7))
    {'act_output': (3, 7)}
    """


class DropoutDoc(SymbolDoc):
    """
    Examples
    --------
    Zeroes each element with probability ``p`` while training and scales the rest by ``1/(1-p)``;
    the shape is unchanged:

    >>> drop = Dropout(Variable('x'), p=0.3, name='drop')
    >>> SymbolDoc.get_output_shape(drop, x=(8, 2))
    {'drop_output': (8, 2)}
    """


class EmbeddingDoc(SymbolDoc):
    """
    Examples
    --------
    Each index becomes a row of the weight, so the output gains a last axis of ``output_dim``:

    >>> emb = Embedding(Variable('idx'), input_dim=50, output_dim=4, name='emb')
    >>> SymbolDoc.get_output_shape(emb, idx=(2, 9))
    {'emb_output': (2, 9, 4)}
    """


class FlattenDoc(SymbolDoc):
    """
    Examples
    --------
    Keeps the first axis and joins all the others:

    >>> flat = Flatten(Variable('x'), name='flat')
    >>> SymbolDoc.get_output_shape(flat, x=(5, 2, 3, 4))
    {'flat_output': (5, 24)}
    """


class FullyConnectedDoc(SymbolDoc):
    """
    Examples
    --------
    A dense layer maps (batch, features) to (batch, num_hidden):

    >>> fc = FullyConnected(Variable('x'), num_hidden=16, name='fc')
    >>> SymbolDoc.get_output_shape(fc, x=(10, 3))
    {'fc_output': (10, 16)}
    """


class ConcatDoc(SymbolDoc):
    """
    Examples
    --------
    Joins its inputs along ``dim`` (1 by default):

    >>> cat = Concat(Variable('a'), Variable('b'), dim=0, name='cat')
    >>> SymbolDoc.get_output_shape(cat, a=(2, 3), b=(4, 3))
    {'cat_output': (6, 3)}
    """


class BroadcastPlusDoc(SymbolDoc):
    """
    Examples
    --------
    Adds two symbols whose shapes broadcast against each other:

    >>> total = broadcast_plus(Variable('a'), Variable('b'), name='total')
    >>> SymbolDoc.get_output_shape(total, a=(3, 1), b=(1, 5))
    {'total_output': (3, 5)}
    """


def _build_doc(func_name, desc, arg_names, arg_types, arg_desc, key_var_num_args=None, ret_type=None):
    """The docstring of symbolic operator `func_name`: its description (noting variable positional
    inputs when `key_var_num_args` is given), parameters, ``name``, what it returns, then the examples of
    ``<func_name>Doc`` if there is one."""
    if key_var_num_args:
        desc += '\nThis function support variable length of positional input.'
    doc = ('%s\n\n%s\nname : string, optional.\n    Name of the resulting symbol.\n\n'
           'Returns\n-------\nSymbol\n    The result symbol.'
           % (desc, _build_param_doc(arg_names, arg_types, arg_desc)))
    doc += _extra_doc(SymbolDoc, func_name)
    return _re.sub('NDArray-or-Symbol', 'Symbol', doc)
