"""Contributed layers of MXNet 1.9.1's ``gluon.contrib.nn``: containers that run their children side by
side and concatenate the results, the identity block, SparseEmbedding, SyncBatchNorm and pixel shuffles."""
import warnings

from .... import context
from .... import ndarray as _nd
from ...block import Block, HybridBlock
from ...nn import Sequential, HybridSequential, BatchNorm

__all__ = ['Concurrent', 'HybridConcurrent', 'Identity', 'SparseEmbedding',
           'SyncBatchNorm', 'PixelShuffle1D', 'PixelShuffle2D', 'PixelShuffle3D']


class Concurrent(Sequential):
    """Feeds the same input to each child block and concatenates their outputs along `axis`.

    Example::

        net = Concurrent()
        # use net's name_scope to give children blocks appropriate names.
        with net.name_scope():
            net.add(nn.Dense(10, activation='relu'))
            net.add(nn.Dense(20))
            net.add(Identity())

    Parameters
    ----------
    axis : int, default -1
        The axis on which to concatenate the outputs.
    """

    def __init__(self, axis=-1, prefix=None, params=None):
        super().__init__(prefix=prefix, params=params)
        self.axis = axis

    def forward(self, x):
        out = [block(x) for block in self._children.values()]
        return _nd.concat(*out, dim=self.axis)


class HybridConcurrent(HybridSequential):
    """Feeds the same input to each child HybridBlock and concatenates their outputs along `axis`.

    Example::

        net = HybridConcurrent()
        # use net's name_scope to give children blocks appropriate names.
        with net.name_scope():
            net.add(nn.Dense(10, activation='relu'))
            net.add(nn.Dense(20))
            net.add(Identity())

    Parameters
    ----------
    axis : int, default -1
        The axis on which to concatenate the outputs.
    """

    def __init__(self, axis=-1, prefix=None, params=None):
        super().__init__(prefix=prefix, params=params)
        self.axis = axis

    def hybrid_forward(self, F, x):
        out = [block(x) for block in self._children.values()]
        return F.concat(*out, dim=self.axis)


# the names these containers have in MXNet 2 (gluon.nn.Concatenate / HybridConcatenate)
Concatenate = Concurrent
HybridConcatenate = HybridConcurrent


class Identity(HybridBlock):
    """A block that returns its input unchanged (the same array), e.g. as the skip branch of a
    :class:`HybridConcurrent`::

        net = HybridConcurrent()
        with net.name_scope():
            net.add(nn.Dense(10, activation='relu'))
            net.add(Identity())
    """

    def __init__(self, prefix=None, params=None):
        super().__init__(prefix=prefix, params=params)

    def hybrid_forward(self, F, x):
        return x


class SparseEmbedding(Block):
    r"""An embedding whose weight MXNet keeps in row-sparse storage with a row-sparse gradient, so that an
    update touches only the rows a batch looked up.

    mxtorch stores parameters densely: the weight is an ordinary array (its gradient is declared
    'row_sparse' and holds the same values densely), and the output is that of :class:`nn.Embedding`.

    Parameters
    ----------
    input_dim : int
        Number of rows (vocabulary size: the largest index + 1).
    output_dim : int
        Length of each vector.
    dtype : str or np.dtype, default 'float32'
        Data type of the weight and the output.
    weight_initializer : Initializer
        Initializer of the weight.


    Inputs:
        - **data**: indices, a tensor of any shape `(x1, ..., xk)`.

    Outputs:
        - **out**: tensor of shape `(x1, ..., xk, output_dim)`.
    """

    def __init__(self, input_dim, output_dim, dtype='float32', weight_initializer=None, **kwargs):
        super().__init__(**kwargs)
        self._kwargs = {'input_dim': input_dim, 'output_dim': output_dim, 'dtype': dtype, 'sparse_grad': True}
        self.weight = self.params.get('weight', shape=(input_dim, output_dim), init=weight_initializer,
                                      dtype=dtype, grad_stype='row_sparse')

    def forward(self, x):
        return _nd.Embedding(x, self.weight.data(x.context), **self._kwargs)

    def __repr__(self):
        return '{block_name}({input_dim} -> {output_dim}, {dtype})'.format(
            block_name=self.__class__.__name__, **self._kwargs)


class SyncBatchNorm(BatchNorm):
    """Cross-device batch normalization: MXNet computes the batch statistics over the parts of a batch
    split across `num_devices` devices of one process.

    mxtorch runs it as :class:`nn.BatchNorm` on channel axis 1 with each device's own part of the batch,
    which is the same on a single device (the usual case; several processes synchronize through their
    own data-parallel framework).

    Parameters
    ----------
    in_channels : int, default 0
        Number of channels; 0 means inferred from the input at the first forward pass.
    num_devices : int, default number of visible GPUs (at least 1)
        Number of devices MXNet would synchronize over (kept for the printed form).
    momentum: float, default 0.9
        Weight of the old value in the running averages.
    epsilon: float, default 1e-5
        Added to the variance before its square root is taken.
    center: bool, default True
        Whether to add the learned shift `beta`.
    scale: bool, default True
        Whether to multiply by the learned scale `gamma`.
    use_global_stats: bool, default False
        Normalize with the running statistics in training too.
    beta_initializer: str or `Initializer`, default 'zeros'
        Initializer of beta.
    gamma_initializer: str or `Initializer`, default 'ones'
        Initializer of gamma.
    running_mean_initializer: str or `Initializer`, default 'zeros'
        Initializer of the running mean.
    running_variance_initializer: str or `Initializer`, default 'ones'
        Initializer of the running variance.


    Inputs:
        - **data**: input tensor with shape (N, C, ...).

    Outputs:
        - **out**: output tensor with the same shape as `data`.
    """

    def __init__(self, in_channels=0, num_devices=None, momentum=0.9, epsilon=1e-5, center=True, scale=True,
                 use_global_stats=False, beta_initializer='zeros', gamma_initializer='ones',
                 running_mean_initializer='zeros', running_variance_initializer='ones', **kwargs):
        super().__init__(axis=1, momentum=momentum, epsilon=epsilon, center=center, scale=scale,
                         use_global_stats=use_global_stats, beta_initializer=beta_initializer,
                         gamma_initializer=gamma_initializer, running_mean_initializer=running_mean_initializer,
                         running_variance_initializer=running_variance_initializer, in_channels=in_channels,
                         **kwargs)
        num_devices = self._get_num_devices() if num_devices is None else num_devices
        self._kwargs = {'eps': epsilon, 'momentum': momentum, 'fix_gamma': not scale,
                        'use_global_stats': use_global_stats, 'ndev': num_devices, 'key': self.prefix}
        self._bn_kwargs = {'axis': 1, 'eps': epsilon, 'momentum': momentum, 'fix_gamma': not scale,
                           'use_global_stats': use_global_stats}

    def _get_num_devices(self):
        warnings.warn('SyncBatchNorm: num_devices was not given, so it is the number of visible GPUs; set '
                      'num_devices when not all of them are used', UserWarning)
        num_devices = context.num_gpus()
        return num_devices if num_devices > 0 else 1

    def hybrid_forward(self, F, x, gamma, beta, running_mean, running_var):
        return F.BatchNorm(x, gamma, beta, running_mean, running_var, **self._bn_kwargs)


class PixelShuffle1D(HybridBlock):
    r"""Pixel-shuffle layer for upsampling in 1 dimension: moves channel groups into the width, turning
    (N, f * C, W) into (N, C, W * f). Output element (c, w * f + i) is input element (c * f + i, w).

    Parameters
    ----------
    factor : int or 1-tuple of int
        Upsampling factor, applied to the `W` dimension.


    Inputs:
        - **data**: Tensor of shape ``(N, f*C, W)``.

    Outputs:
        - **out**: Tensor of shape ``(N, C, W*f)``.

    Examples
    --------
    >>> pxshuf = PixelShuffle1D(2)
    >>> pxshuf(mx.nd.zeros((1, 8, 3))).shape
    (1, 4, 6)
    """

    def __init__(self, factor):
        super().__init__()
        self._factor = int(factor)

    def hybrid_forward(self, F, x):
        f = self._factor
        x = F.reshape(x, (0, -4, -1, f, 0))    # (N, C, f, W)
        x = F.transpose(x, (0, 1, 3, 2))       # (N, C, W, f)
        return F.reshape(x, (0, 0, -3))        # (N, C, W*f)

    def __repr__(self):
        return '{}({})'.format(self.__class__.__name__, self._factor)


def _factors(factor, n):
    try:
        return (int(factor),) * n
    except TypeError:
        factors = tuple(int(fac) for fac in factor)
        if len(factors) != n:
            raise AssertionError('wrong length {}'.format(len(factors)))
        return factors


class PixelShuffle2D(HybridBlock):
    r"""Pixel-shuffle layer for upsampling in 2 dimensions (Shi et al., 2016): moves channel groups into
    height and width, turning (N, f1 * f2 * C, H, W) into (N, C, H * f1, W * f2).

    Parameters
    ----------
    factor : int or 2-tuple of int
        Upsampling factors, applied to the `H` and `W` dimensions, in that order; an int for both.


    Inputs:
        - **data**: Tensor of shape ``(N, f1*f2*C, H, W)``.

    Outputs:
        - **out**: Tensor of shape ``(N, C, H*f1, W*f2)``.

    Examples
    --------
    >>> pxshuf = PixelShuffle2D((2, 3))
    >>> pxshuf(mx.nd.zeros((1, 12, 3, 5))).shape
    (1, 2, 6, 15)
    """

    def __init__(self, factor):
        super().__init__()
        self._factors = _factors(factor, 2)

    def hybrid_forward(self, F, x):
        f1, f2 = self._factors
        x = F.reshape(x, (0, -4, -1, f1 * f2, 0, 0))   # (N, C, f1*f2, H, W)
        x = F.reshape(x, (0, 0, -4, f1, f2, 0, 0))     # (N, C, f1, f2, H, W)
        x = F.transpose(x, (0, 1, 4, 2, 5, 3))         # (N, C, H, f1, W, f2)
        return F.reshape(x, (0, 0, -3, -3))            # (N, C, H*f1, W*f2)

    def __repr__(self):
        return '{}({})'.format(self.__class__.__name__, self._factors)


class PixelShuffle3D(HybridBlock):
    r"""Pixel-shuffle layer for upsampling in 3 dimensions: moves channel groups into depth, height and
    width, turning (N, f1 * f2 * f3 * C, D, H, W) into (N, C, D * f1, H * f2, W * f3).

    Parameters
    ----------
    factor : int or 3-tuple of int
        Upsampling factors, applied to the `D`, `H` and `W` dimensions, in that order; an int for all.


    Inputs:
        - **data**: Tensor of shape ``(N, f1*f2*f3*C, D, H, W)``.

    Outputs:
        - **out**: Tensor of shape ``(N, C, D*f1, H*f2, W*f3)``.

    Examples
    --------
    >>> pxshuf = PixelShuffle3D((2, 3, 4))
    >>> pxshuf(mx.nd.zeros((1, 48, 3, 5, 7))).shape
    (1, 2, 6, 15, 28)
    """

    def __init__(self, factor):
        super().__init__()
        self._factors = _factors(factor, 3)

    def hybrid_forward(self, F, x):
        f1, f2, f3 = self._factors
        # one reshape to (N, C, f1, f2, f3, D, H, W), one transpose, one reshape back
        x = F.reshape(x, (0, -4, -1, f1 * f2 * f3, 0, 0, 0))   # (N, C, f1*f2*f3, D, H, W)
        x = F.reshape(x, (0, 0, -4, f1, f2 * f3, 0, 0, 0))     # (N, C, f1, f2*f3, D, H, W)
        x = F.reshape(x, (0, 0, 0, -4, f2, f3, 0, 0, 0))       # (N, C, f1, f2, f3, D, H, W)
        x = F.transpose(x, (0, 1, 5, 2, 6, 3, 7, 4))           # (N, C, D, f1, H, f2, W, f3)
        return F.reshape(x, (0, 0, -3, -3, -3))                # (N, C, D*f1, H*f2, W*f3)

    def __repr__(self):
        return '{}({})'.format(self.__class__.__name__, self._factors)
