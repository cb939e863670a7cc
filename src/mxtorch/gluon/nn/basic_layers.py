"""Basic neural network layers: the containers :class:`Sequential` and :class:`HybridSequential`, and the
fully-connected layer :class:`Dense`."""
import warnings

from ..block import Block, HybridBlock
from .activations import Activation
from ..utils import _indent
# MXNet keeps these in basic_layers too: gluon.nn.basic_layers.BatchNorm resolves as there
from .common_layers import Dropout, Embedding, Flatten, Lambda, HybridLambda
from .normalization import BatchNorm, BatchNormReLU, InstanceNorm, LayerNorm, GroupNorm

__all__ = ['Sequential', 'HybridSequential', 'Dense', 'Dropout', 'Embedding', 'BatchNorm', 'BatchNormReLU',
           'InstanceNorm', 'LayerNorm', 'GroupNorm', 'Flatten', 'Lambda', 'HybridLambda']


class _SequentialMixin:
    """What Sequential and HybridSequential share: adding, indexing, length and printing."""

    def add(self, *blocks):
        """Append blocks; each becomes the child named by its position ('0', '1', ...)."""
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
    """A chain of blocks: the output of each is the input of the next.

    Example::

        net = nn.Sequential()
        net.add(nn.Dense(256, activation='relu'), nn.Dense(10))
        net.initialize()
        y = net(mx.nd.ones((2, 20)))

    ``net[i]`` is the i-th block, ``net[i:j]`` a new Sequential of some of them, ``len(net)`` their number.
    """

    def __init__(self, prefix=None, params=None):
        super().__init__(prefix=prefix, params=params)

    def forward(self, x):
        for block in self._children.values():
            x = block(x)
        return x

    def hybridize(self, active=True, **kwargs):
        """Hybridize the HybridBlocks among the children (see :meth:`HybridBlock.hybridize`); warns when
        all children are HybridBlocks, since a HybridSequential would do.

        Parameters
        ----------
        active : bool, default True
            On or off.
        **kwargs
            Options passed on to the children.
        """
        if self._children and all(isinstance(c, HybridBlock) for c in self._children.values()):
            warnings.warn("All children of this Sequential layer '%s' are HybridBlocks. Consider using "
                          "HybridSequential for the best performance." % self.prefix, stacklevel=2)
        super().hybridize(active, **kwargs)


class HybridSequential(_SequentialMixin, HybridBlock):
    """A chain of HybridBlocks, itself a HybridBlock (so it can be hybridized and nested in one).

    Example::

        net = nn.HybridSequential()
        net.add(nn.Dense(256, activation='relu'), nn.Dense(10))
        net.initialize()
        net.hybridize()
    """

    def __init__(self, prefix=None, params=None):
        super().__init__(prefix=prefix, params=params)

    def hybrid_forward(self, F, x):
        for block in self._children.values():
            x = block(x)
        return x


class Dense(HybridBlock):
    """A fully-connected layer: ``activation(dot(x, weight.T) + bias)``, through ``F.FullyConnected``.

    The weight has shape (units, in_units) and the bias (units,). When `in_units` is not given, the weight's
    second dimension is unknown until the first forward pass, which takes it from the input (deferred
    initialization).

    Parameters
    ----------
    units : int
        Number of outputs.
    activation : str, optional
        Name of an activation ('relu', 'sigmoid', 'tanh', 'softrelu', 'softsign') applied to the result by
        an ``Activation`` child block; None for none.
    use_bias : bool, default True
        Whether to add a bias.
    flatten : bool, default True
        True: the input (n, d1, d2, ...) is treated as n rows of d1*d2*... features, the output is
        (n, units). False: only the last axis is transformed, the output is (d0, ..., units).
    dtype : str or numpy.dtype, default 'float32'
        dtype of the weight and bias.
    weight_initializer : str or Initializer, optional
        Initializer of the weight (default: the one given to ``initialize``).
    bias_initializer : str or Initializer, default 'zeros'
        Initializer of the bias.
    in_units : int, optional
        Number of input features; 0 (the default) leaves it to the first input.
    prefix, params
        See :class:`Block`.
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
                self.act = Activation(activation, prefix=activation + '_')
            else:
                self.act = None

    def infer_shape(self, x, *args):
        """Complete the weight's shape from the input: (units, number of input features)."""
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
