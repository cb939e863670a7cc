"""The little of an MXNet Symbol that mxtorch can give without a Symbol API.

``Parameter.var()`` and ``autograd.get_symbol()`` return Symbols in MXNet. Here they return this
description instead: the names of its arguments and, for a variable, its name and attributes (shape,
dtype, learning-rate and weight-decay factors, initializer) as MXNet records them. Symbols cannot be
composed, bound or saved: that is the Symbol API, which mxtorch does not have."""
__all__ = ['Symbol']


class Symbol:
    """A read-only description of a symbol: its name (None for a recorded graph), the names of its
    arguments and its attributes (strings, as MXNet keeps them)."""
    __slots__ = ('name', '_arguments', '_attrs')

    def __init__(self, name, arguments, attrs=None):
        self.name = name
        self._arguments = list(arguments)
        self._attrs = dict(attrs or {})

    def __repr__(self):
        return '<Symbol {}>'.format(self.name if self.name is not None else 'group')

    def list_arguments(self):
        """The names of the symbol's arguments (its variables)."""
        return list(self._arguments)

    def list_inputs(self):
        """The names of the symbol's inputs (its variables: there are no auxiliary states here)."""
        return list(self._arguments)

    def list_outputs(self):
        """The names of the symbol's outputs: a variable's is its own name."""
        if self.name is None:
            raise NotImplementedError('the outputs of a recorded graph are not known without the Symbol API')
        return [self.name]

    def attr(self, key):
        """The attribute `key` as a string, or None when the symbol has none."""
        return self._attrs.get(key)

    def list_attr(self, recursive=False):
        """The symbol's attributes, {key: string}."""
        if recursive:
            raise DeprecationWarning('Symbol.list_attr with recursive=True has been deprecated. '
                                     'Please use attr_dict instead.')
        return dict(self._attrs)

    def attr_dict(self):
        """{name: attributes} of the symbol's named nodes (a variable: itself)."""
        return {self.name: dict(self._attrs)} if self.name is not None and self._attrs else {}
