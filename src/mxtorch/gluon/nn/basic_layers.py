"""The containers Sequential and HybridSequential, and the fully-connected layer Dense.

MXNet's gluon/nn/basic_layers.py also holds Dropout, Embedding, Flatten, the Lambda blocks and the
normalization layers; mxtorch keeps those in common_layers.py and normalization.py and re-exports them
here, so that ``gluon.nn.basic_layers.BatchNorm`` and the like resolve as in MXNet."""
import warnings

from ..block import Block, HybridBlock
from ..utils import _indent
from .activations import activation_child, Activation  # noqa: F401  (MXNet's module names it)
from .common_layers import Dropout, Embedding, Flatten, Lambda, HybridLambda
from .normalization import BatchNorm, BatchNormReLU, InstanceNorm, LayerNorm, GroupNorm

__all__ = ['Sequential', 'HybridSequential', 'Dense', 'Dropout', 'Embedding', 'BatchNorm', 'BatchNormReLU',
           'InstanceNorm', 'LayerNorm', 'GroupNorm', 'Flatten', 'Lambda', 'HybridLambda']


class _Chain:
    """Adding, indexing, counting and printing the children of Sequential and HybridSequential."""

    def add(self, *blocks):
        """Appends blocks, in order; each is registered as the child named by its position ('0', '1', ...)."""
        for block in blocks:
            self.register_child(block)

    def __len__(self):
        return len(self._children)

    def __getitem__(self, key):
        """The child at an index, or a new container of the same type (and prefix) holding a slice of them."""
        chosen = list(self._children.values())[key]
        if not isinstance(key, slice):
            return chosen
        part = type(self)(prefix=self._prefix)
        with part.name_scope():
            part.add(*chosen)
        return part

    def __repr__(self):
        rows = ['  (%s): %s' % (key, _indent(repr(child), 2)) for key, child in self._children.items()]
        return '%s(\n%s\n)' % (type(self).__name__, '\n'.join(rows))


class Sequential(_Chain, Block):
    """Blocks applied one after another, each to the output of the one before::

        net = nn.Sequential()
        net.add(nn.Dense(256, activation='relu'), nn.Dense(10))
        net.initialize()
        y = net(mx.nd.ones((2, 20)))

    ``net[i]`` is a child, ``net[i:j]`` a new Sequential of several, ``len(net)`` their number.
    """

    def __init__(self, prefix=None, params=None):
        super().__init__(prefix=prefix, params=params)

    def forward(self, x):
        for layer in self._children.values():
            x = layer(x)
        return x

    def hybridize(self, active=True, **kwargs):
        """Hybridizes the children that are HybridBlocks (see :meth:`HybridBlock.hybridize`). When every
        child is one, a warning suggests HybridSequential instead.

        Parameters
        ----------
        active : bool, default True
            Turn hybridization on or off.
        **kwargs
            Passed on to each child.
        """
        children = self._children.values()
        if children and all(isinstance(child, HybridBlock) for child in children):
            warnings.warn("All children of this Sequential layer '%s' are HybridBlocks. Consider using "
                          "HybridSequential for the best performance." % self.prefix, stacklevel=2)
        super().hybridize(active, **kwargs)


class HybridSequential(_Chain, HybridBlock):
    """HybridBlocks applied one after another; itself a HybridBlock, so it can be hybridized or put inside
    another HybridBlock::

        net = nn.HybridSequential()
        net.add(nn.Dense(256, activation='relu'), nn.Dense(10))
        net.initialize()
        net.hybridize()
    """

    def __init__(self, prefix=None, params=None):
        super().__init__(prefix=prefix, params=params)

    def hybrid_forward(self, F, x):
        for layer in self._children.values():
            x = layer(x)
        return x


class Dense(HybridBlock):
    """A fully-connected layer, ``activation(dot(x, weight.T) + bias)``, computed by ``F.FullyConnected``.

    `weight` has shape (units, in_units) and `bias` (units,). With `in_units` left at 0, the weight's
    second size is taken from the first input (deferred initialization).

    Parameters
    ----------
    units : int
        Size of the output's last axis.
    activation : str, optional
        An activation ('relu', 'sigmoid', 'tanh', 'softrelu', 'softsign') applied to the result by an
        :class:`Activation` child; None for a linear layer.
    use_bias : bool, default True
        Whether there is a bias.
    flatten : bool, default True
        True: an input (n, d1, d2, ...) is n rows of d1*d2*... features and the output is (n, units).
        False: only the last axis is mapped, the output is (d0, ..., d_{k-1}, units).
    dtype : str or numpy.dtype, default 'float32'
        Type of weight and bias.
    weight_initializer, bias_initializer : str or Initializer
        How weight and bias start (default: the initializer given to ``initialize``, and zeros).
    in_units : int, default 0
        Number of input features; 0 leaves it to the first input.
    prefix, params
        See :class:`Block`.
    """

    def __init__(self, units, activation=None, use_bias=True, flatten=True, dtype='float32',
                 weight_initializer=None, bias_initializer='zeros', in_units=0, **kwargs):
        super().__init__(**kwargs)
        self._units, self._in_units, self._flatten = units, in_units, flatten
        self.weight = self.params.get('weight', shape=(units, in_units), dtype=dtype, init=weight_initializer,
                                      allow_deferred_init=True)
        self.bias = self.params.get('bias', shape=(units,), dtype=dtype, init=bias_initializer,
                                    allow_deferred_init=True) if use_bias else None
        self.act = activation_child(self, activation)

    def infer_shape(self, x, *args):
        """Fills in the weight's input size from the first input."""
        features = x.shape[-1]
        if self._flatten:
            features = 1
            for size in x.shape[1:]:
                features *= size
        self.weight.shape = (self._units, features)

    def hybrid_forward(self, F, x, weight, bias=None):
        out = F.FullyConnected(x, weight, bias, no_bias=bias is None, num_hidden=self._units,
                               flatten=self._flatten, name='fwd')
        return out if self.act is None else self.act(out)

    def __repr__(self):
        units, features = self.weight.shape
        return '%s(%s -> %s, %s)' % (type(self).__name__, features or None, units, self.act or 'linear')
