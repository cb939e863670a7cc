"""Basic neural network layers: the containers :class:`Sequential` and :class:`HybridSequential`, and the
fully-connected layer :class:`Dense`."""
import warnings

from ..block import Block, HybridBlock
from ..utils import _indent

__all__ = ['Sequential', 'HybridSequential', 'Dense']


class _SequentialMixin:
    """What Sequential and HybridSequential share: adding, indexing, length and printing."""

    def add(self, *blocks):
        """Adds block on top of the stack."""
        for block in blocks:
            self.register_child(block)

    def __repr__(self):
        modstr = '\n'.join(['  ({key}): {block}'.format(key=key, block=_indent(block.__repr__(), 2))
                            for key, block in self._children.items()])
        return '{name}(\n{modstr}\n)'.format(name=self.__class__.__name__, modstr=modstr)

    def __getitem__(self, key):
        layers = list(self._children.values())[key]
        if isinstance(layers, list):
            net = type(self)(prefix=self._prefix)
            with net.name_scope():
                net.add(*layers)
            return net
        return layers

    def __len__(self):
        return len(self._children)


class Sequential(_SequentialMixin, Block):
    """Stacks Blocks sequentially.

    Example::

        net = nn.Sequential()
        # use net's name_scope to give child Blocks appropriate names.
        with net.name_scope():
            net.add(nn.Dense(10, activation='relu'))
            net.add(nn.Dense(20))
    """

    def __init__(self, prefix=None, params=None):
        super().__init__(prefix=prefix, params=params)

    def forward(self, x):
        for block in self._children.values():
            x = block(x)
        return x

    def hybridize(self, active=True, **kwargs):
        """Activates or deactivates `HybridBlock` s recursively. Has no effect on non-hybrid children.

        Parameters
        ----------
        active : bool, default True
            Whether to turn hybrid on or off.
        **kwargs : string
            Additional flags for hybridized operator.
        """
        if self._children and all(isinstance(c, HybridBlock) for c in self._children.values()):
            warnings.warn("All children of this Sequential layer '%s' are HybridBlocks. Consider using "
                          "HybridSequential for the best performance." % self.prefix, stacklevel=2)
        super().hybridize(active, **kwargs)


class HybridSequential(_SequentialMixin, HybridBlock):
    """Stacks HybridBlocks sequentially.

    Example::

        net = nn.HybridSequential()
        # use net's name_scope to give child Blocks appropriate names.
        with net.name_scope():
            net.add(nn.Dense(10, activation='relu'))
            net.add(nn.Dense(20))
        net.hybridize()
    """

    def __init__(self, prefix=None, params=None):
        super().__init__(prefix=prefix, params=params)

    def hybrid_forward(self, F, x):
        for block in self._children.values():
            x = block(x)
        return x


def _activation_class():
    """nn.Activation, from nn/activations.py; a minimal stand-in of the same behaviour while that module
    is not there."""
    try:
        from .activations import Activation
        return Activation
    except ModuleNotFoundError as e:
        if e.name != __name__.rsplit('.', 1)[0] + '.activations':
            raise
    return _Activation


class _Activation(HybridBlock):
    """Applies an activation function to input (stand-in for nn.Activation, same names and repr)."""

    def __init__(self, activation, **kwargs):
        self._act_type = activation
        super().__init__(**kwargs)

    def _alias(self):
        return self._act_type

    def hybrid_forward(self, F, x):
        return F.Activation(x, act_type=self._act_type, name='fwd')

    def __repr__(self):
        return 'Activation({})'.format(self._act_type)


_Activation.__name__ = _Activation.__qualname__ = 'Activation'  # as printed by summary()


class Dense(HybridBlock):
    r"""Just your regular densely-connected NN layer.

    `Dense` implements the operation: ``output = activation(dot(input, weight.T) + bias)`` where
    `activation` is the element-wise activation function passed as the `activation` argument, `weight` is
    a weights matrix created by the layer, and `bias` is a bias vector created by the layer (only
    applicable if `use_bias` is `True`).

    Parameters
    ----------
    units : int
        Dimensionality of the output space.
    activation : str
        Activation function to use. See help on `Activation` layer. If you don't specify anything, no
        activation is applied (ie. "linear" activation: `a(x) = x`).
    use_bias : bool, default True
        Whether the layer uses a bias vector.
    flatten : bool, default True
        Whether the input tensor should be flattened. If true, all but the first axis of input data are
        collapsed together. If false, all but the last axis of input data are kept the same, and the
        transformation applies on the last axis.
    dtype : str or np.dtype, default 'float32'
        Data type of the parameters.
    weight_initializer : str or `Initializer`
        Initializer for the `kernel` weights matrix.
    bias_initializer : str or `Initializer`
        Initializer for the bias vector.
    in_units : int, optional
        Size of the input data. If not specified, initialization will be deferred to the first time
        `forward` is called and `in_units` will be inferred from the shape of input data.
    prefix : str or None
        See document of `Block`.
    params : ParameterDict or None
        See document of `Block`.

    Inputs:
        - **data**: if `flatten` is True, `data` should be a tensor with shape `(batch_size, x1, x2, ...,
          xn)`, where x1 * x2 * ... * xn is equal to `in_units`. If `flatten` is False, `data` should have
          shape `(x1, x2, ..., xn, in_units)`.

    Outputs:
        - **out**: if `flatten` is True, `out` will be a tensor with shape `(batch_size, units)`. If
          `flatten` is False, `out` will have shape `(x1, x2, ..., xn, units)`.
    """

    def __init__(self, units, activation=None, use_bias=True, flatten=True, dtype='float32',
                 weight_initializer=None, bias_initializer='zeros', in_units=0, **kwargs):
        super().__init__(**kwargs)
        self._flatten = flatten
        with self.name_scope():
            self._units = units
            self._in_units = in_units
            self.weight = self.params.get('weight', shape=(units, in_units), init=weight_initializer,
                                          dtype=dtype, allow_deferred_init=True)
            if use_bias:
                self.bias = self.params.get('bias', shape=(units,), init=bias_initializer, dtype=dtype,
                                            allow_deferred_init=True)
            else:
                self.bias = None
            if activation is not None:
                self.act = _activation_class()(activation, prefix=activation + '_')
            else:
                self.act = None

    def infer_shape(self, x, *args):
        """Completes the weight's shape from the input: (units, features of x)."""
        if self._flatten:
            in_units = 1
            for d in x.shape[1:]:
                in_units *= d
        else:
            in_units = x.shape[-1]
        self.weight.shape = (self.weight.shape[0], in_units)

    def hybrid_forward(self, F, x, weight, bias=None):
        act = F.FullyConnected(x, weight, bias, no_bias=bias is None, num_hidden=self._units,
                               flatten=self._flatten, name='fwd')
        if self.act is not None:
            act = self.act(act)
        return act

    def __repr__(self):
        shape = self.weight.shape
        return '{name}({layout}, {act})'.format(
            name=self.__class__.__name__, act=self.act if self.act else 'linear',
            layout='{0} -> {1}'.format(shape[1] if shape[1] else None, shape[0]))
