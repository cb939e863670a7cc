"""Activation blocks.

Each block applies one operator of ``F`` whose settings are fixed when the block is built: ``Activation``
the activation function it is named after, PReLU/ELU/SELU/GELU/LeakyReLU one mode of the ``LeakyReLU``
operator, and Swish ``x * sigmoid(beta * x)``. All of them keep the input's shape."""
from ... import initializer
from ... import symbol as _sym
from ..block import HybridBlock

__all__ = ['Activation', 'LeakyReLU', 'PReLU', 'ELU', 'SELU', 'Swish', 'GELU']


class Activation(HybridBlock):
    """The activation function `activation` applied element by element.

    Parameters
    ----------
    activation : str
        'relu', 'sigmoid', 'tanh', 'softrelu' (``log(1 + exp(x))``) or 'softsign' (``x / (1 + |x|)``).
        The block is named after it: ``relu0``, ``tanh1``, ...
    """

    def __init__(self, activation, **kwargs):
        # Block.__init__ asks _alias() for the default name, so the type must be known first
        self._act_type = activation
        super().__init__(**kwargs)

    def _alias(self):
        return self._act_type

    def hybrid_forward(self, F, x):
        return F.Activation(x, act_type=self._act_type, name='fwd')

    def __repr__(self):
        return '%s(%s)' % (type(self).__name__, self._act_type)


def activation_child(owner, activation):
    """The Activation block that Dense and the convolutions apply to their output: None for none, else a
    child named ``<owner's prefix><activation>_`` (``dense0_relu_``)."""
    if activation is None:
        return None
    with owner.name_scope():
        return Activation(activation, prefix=activation + '_')


class _LeakyReLUMode(HybridBlock):
    """A block running the LeakyReLU operator in mode `_mode`; `_alpha` is the operator's `slope` in the
    modes that take one (None: the operator's default); `_node` names the graph node as MXNet does."""
    _mode = None
    _alpha = None
    _node = 'fwd'

    def hybrid_forward(self, F, x):
        if self._alpha is None:
            return F.LeakyReLU(x, act_type=self._mode, name=self._node)
        return F.LeakyReLU(x, act_type=self._mode, slope=self._alpha, name=self._node)


class LeakyReLU(_LeakyReLUMode):
    """``x`` where x >= 0 and ``alpha * x`` below: the negative side keeps a small gradient.

    Parameters
    ----------
    alpha : float
        The slope below zero; at least 0.
    """
    _mode = 'leaky'

    def __init__(self, alpha, **kwargs):
        if not alpha >= 0:
            raise AssertionError('Slope coefficient for LeakyReLU must be no less than 0, got {}'.format(alpha))
        super().__init__(**kwargs)
        self._alpha = alpha

    def __repr__(self):
        return '%s(%s)' % (type(self).__name__, self._alpha)


class ELU(_LeakyReLUMode):
    """The exponential linear unit (Clevert et al., 2016): ``x`` where x > 0, ``alpha * (exp(x) - 1)``
    elsewhere.

    Parameters
    ----------
    alpha : float, default 1.0
        The value the output approaches for very negative inputs is ``-alpha``.
    """
    _mode = 'elu'
    _node = None

    def __init__(self, alpha=1.0, **kwargs):
        super().__init__(**kwargs)
        self._alpha = alpha


class SELU(_LeakyReLUMode):
    """The scaled ELU of self-normalizing networks (Klambauer et al., 2017), with its fixed constants
    (scale about 1.0507, alpha about 1.6733)."""
    _mode = 'selu'

    def __init__(self, **kwargs):
        super().__init__(**kwargs)


class GELU(_LeakyReLUMode):
    """The Gaussian error linear unit (Hendrycks and Gimpel, 2016): ``x * P(X <= x)`` for a standard normal
    X, computed with the error function."""
    _mode = 'gelu'

    def __init__(self, **kwargs):
        super().__init__(**kwargs)


class PReLU(HybridBlock):
    """A leaky ReLU whose negative-side slope `alpha` is learned: one slope per channel (axis 1) or one for
    all of them.

    Parameters
    ----------
    alpha_initializer : Initializer, default Constant(0.25)
        How the slopes start.
    in_channels : int, default 1
        How many slopes: 1 shares one among all channels, otherwise the size of the input's axis 1.
    """

    def __init__(self, alpha_initializer=initializer.Constant(0.25), in_channels=1, **kwargs):
        super().__init__(**kwargs)
        self.alpha = self.params.get('alpha', shape=(in_channels,), init=alpha_initializer)

    def hybrid_forward(self, F, x, alpha):
        return F.LeakyReLU(x, gamma=alpha, act_type='prelu', name='fwd')


class Swish(HybridBlock):
    """Swish (Ramachandran et al., 2017): ``x * sigmoid(beta * x)``.

    Parameters
    ----------
    beta : float, default 1.0
        Scale of the sigmoid's argument.
    """

    def __init__(self, beta=1.0, **kwargs):
        super().__init__(**kwargs)
        self._beta = beta

    def hybrid_forward(self, F, x):
        if self._beta == 1.0 and F is not _sym:
            # the same values without the multiplication by 1 (a graph has it, as MXNet's)
            return x * F.sigmoid(x)
        return x * F.sigmoid(self._beta * x, name='fwd')
