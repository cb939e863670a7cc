"""Activation layers: :class:`Activation` (relu, sigmoid, tanh, softrelu, softsign) and the members of
the leaky-ReLU family (:class:`LeakyReLU`, :class:`PReLU`, :class:`ELU`, :class:`SELU`, :class:`GELU`),
plus :class:`Swish`. Each forwards to one operator of ``F`` with its settings fixed at construction."""
from ... import initializer
from ..block import HybridBlock

__all__ = ['Activation', 'LeakyReLU', 'PReLU', 'ELU', 'SELU', 'Swish', 'GELU']


class Activation(HybridBlock):
    r"""An element-wise activation function chosen by name; the block is named after it (relu0, ...).

    Parameters
    ----------
    activation : str
        'relu', 'sigmoid', 'tanh', 'softrelu' (log(1 + exp(x))) or 'softsign' (x / (1 + |x|)); see
        :func:`~mxnet.ndarray.Activation`.


    Inputs:
        - **data**: input tensor with arbitrary shape.

    Outputs:
        - **out**: output tensor with the same shape as `data`.
    """

    def __init__(self, activation, **kwargs):
        # set before Block.__init__, which names the block after _alias() (relu0, tanh0, ...)
        self._act_type = activation
        super().__init__(**kwargs)

    def _alias(self):
        return self._act_type

    def hybrid_forward(self, F, x):
        return F.Activation(x, act_type=self._act_type)

    def __repr__(self):
        return '{name}({act})'.format(name=self.__class__.__name__, act=self._act_type)


class LeakyReLU(HybridBlock):
    r"""Leaky ReLU: ``x`` for positive inputs, ``alpha * x`` otherwise, so that negative inputs keep a small
    gradient.

    Parameters
    ----------
    alpha : float
        Slope for negative inputs; must be >= 0.


    Inputs:
        - **data**: input tensor with arbitrary shape.

    Outputs:
        - **out**: output tensor with the same shape as `data`.
    """

    def __init__(self, alpha, **kwargs):
        if not alpha >= 0:
            raise AssertionError('Slope coefficient for LeakyReLU must be no less than 0, got {}'.format(alpha))
        super().__init__(**kwargs)
        self._alpha = alpha

    def hybrid_forward(self, F, x):
        return F.LeakyReLU(x, act_type='leaky', slope=self._alpha)

    def __repr__(self):
        return '{name}({alpha})'.format(name=self.__class__.__name__, alpha=self._alpha)


class PReLU(HybridBlock):
    r"""Parametric leaky ReLU: like :class:`LeakyReLU`, with a learned slope ``alpha`` for the negative
    half axis (one per channel on axis 1, or one shared by all).

    Parameters
    ----------
    alpha_initializer : Initializer
        Initializer of the slopes `alpha`, default the constant 0.25.
    in_channels : int, default 1
        Number of slopes: 1 for one slope shared by all channels, else the size of the input's axis 1.


    Inputs:
        - **data**: input tensor with arbitrary shape.

    Outputs:
        - **out**: output tensor with the same shape as `data`.
    """

    def __init__(self, alpha_initializer=initializer.Constant(0.25), in_channels=1, **kwargs):
        super().__init__(**kwargs)
        with self.name_scope():
            self.alpha = self.params.get('alpha', shape=(in_channels,), init=alpha_initializer)

    def hybrid_forward(self, F, x, alpha):
        return F.LeakyReLU(x, gamma=alpha, act_type='prelu')


class ELU(HybridBlock):
    r"""Exponential Linear Unit: ``f(x) = alpha * (exp(x) - 1)`` for ``x < 0`` and ``f(x) = x``
    otherwise (Clevert et al., 2016, https://arxiv.org/abs/1511.07289).

    Parameters
    ----------
    alpha : float
        Multiplies ``exp(x) - 1`` for negative inputs, default 1.0.


    Inputs:
        - **data**: input tensor with arbitrary shape.

    Outputs:
        - **out**: output tensor with the same shape as `data`.
    """

    def __init__(self, alpha=1.0, **kwargs):
        super().__init__(**kwargs)
        self._alpha = alpha

    def hybrid_forward(self, F, x):
        return F.LeakyReLU(x, act_type='elu', slope=self._alpha)


class SELU(HybridBlock):
    r"""Scaled Exponential Linear Unit of self-normalizing networks (Klambauer et al., 2017,
    https://arxiv.org/abs/1706.02515): a scaled ELU with fixed constants.


    Inputs:
        - **data**: input tensor with arbitrary shape.

    Outputs:
        - **out**: output tensor with the same shape as `data`.
    """

    def __init__(self, **kwargs):
        super().__init__(**kwargs)

    def hybrid_forward(self, F, x):
        return F.LeakyReLU(x, act_type='selu')


class GELU(HybridBlock):
    r"""Gaussian Error Linear Unit (Hendrycks and Gimpel, https://arxiv.org/abs/1606.08415):
    ``x * Phi(x)``, Phi the cumulative distribution function of the standard normal distribution.


    Inputs:
        - **data**: input tensor with arbitrary shape.

    Outputs:
        - **out**: output tensor with the same shape as `data`.
    """

    def __init__(self, **kwargs):
        super().__init__(**kwargs)

    def hybrid_forward(self, F, x):
        return F.LeakyReLU(x, act_type='gelu')


class Swish(HybridBlock):
    r"""Swish activation (Ramachandran et al., https://arxiv.org/abs/1710.05941):
    ``x * sigmoid(beta * x)``.

    Parameters
    ----------
    beta : float
        The factor of x inside the sigmoid, default 1.0.


    Inputs:
        - **data**: input tensor with arbitrary shape.

    Outputs:
        - **out**: output tensor with the same shape as `data`.
    """

    def __init__(self, beta=1.0, **kwargs):
        super().__init__(**kwargs)
        self._beta = beta

    def hybrid_forward(self, F, x):
        # beta * x equals x exactly when beta is 1: skip that multiplication
        if self._beta == 1.0:
            return x * F.sigmoid(x)
        return x * F.sigmoid(self._beta * x)
