"""The layers of MXNet 1.9.1's ``gluon.contrib.nn``: containers whose children all see the same input and
whose outputs are concatenated, the identity block, SparseEmbedding, SyncBatchNorm and the pixel
shuffles."""
import warnings

from .... import context
from .... import ndarray as _nd
from ...block import Block, HybridBlock
from ...nn import Sequential, HybridSequential, BatchNorm

__all__ = ['Concurrent', 'HybridConcurrent', 'Identity', 'SparseEmbedding',
           'SyncBatchNorm', 'PixelShuffle1D', 'PixelShuffle2D', 'PixelShuffle3D']


class Concurrent(Sequential):
    """Children side by side: each is applied to the input, and their outputs are concatenated along
    `axis`. For example, a block whose output is its input followed by two dense projections of it::

        net = Concurrent()
        with net.name_scope():
            net.add(Identity(), nn.Dense(10, activation='relu'), nn.Dense(20))

    Parameters
    ----------
    axis : int, default -1
        The axis along which the outputs are joined.
    """

    def __init__(self, axis=-1, prefix=None, params=None):
        super().__init__(prefix=prefix, params=params)
        self.axis = axis

    def forward(self, x):
        return _nd.concat(*[child(x) for child in self._children.values()], dim=self.axis)


class HybridConcurrent(HybridSequential):
    """The HybridBlock form of :class:`Concurrent`: HybridBlock children applied to the same input, their
    outputs concatenated along `axis` (default -1)."""

    def __init__(self, axis=-1, prefix=None, params=None):
        super().__init__(prefix=prefix, params=params)
        self.axis = axis

    def hybrid_forward(self, F, x):
        return F.concat(*[child(x) for child in self._children.values()], dim=self.axis)


# the names MXNet 2 gives these containers (gluon.nn.Concatenate / HybridConcatenate)
Concatenate = Concurrent
HybridConcatenate = HybridConcurrent


class Identity(HybridBlock):
    """Returns its input, the same array: the pass-through branch of a :class:`HybridConcurrent`, for
    instance."""

    def __init__(self, prefix=None, params=None):
        super().__init__(prefix=prefix, params=params)

    def hybrid_forward(self, F, x):
        return x


class SparseEmbedding(Block):
    """An embedding (see :class:`gluon.nn.Embedding`) whose weight MXNet stores row-sparse, with a
    row-sparse gradient, so that an update touches only the rows a batch used.

    mxtorch keeps parameters dense: the weight is an ordinary array whose gradient is declared
    'row_sparse' and holds the same values, and the output is :class:`~gluon.nn.Embedding`'s.

    Parameters
    ----------
    input_dim : int
        Number of rows: the largest index plus one.
    output_dim : int
        Length of each vector.
    dtype : str or numpy.dtype, default 'float32'
        Type of the weight and the output.
    weight_initializer : Initializer
        How the weight starts.
    """

    def __init__(self, input_dim, output_dim, dtype='float32', weight_initializer=None, **kwargs):
        super().__init__(**kwargs)
        self._kwargs = dict(input_dim=input_dim, output_dim=output_dim, dtype=dtype, sparse_grad=True)
        self.weight = self.params.get('weight', shape=(input_dim, output_dim), dtype=dtype,
                                      init=weight_initializer, grad_stype='row_sparse')

    def forward(self, x):
        return _nd.Embedding(x, self.weight.data(x.context), **self._kwargs)

    def __repr__(self):
        k = self._kwargs
        return '%s(%s -> %s, %s)' % (type(self).__name__, k['input_dim'], k['output_dim'], k['dtype'])


class SyncBatchNorm(BatchNorm):
    """Batch normalization whose statistics MXNet gathers across the `num_devices` devices that share a
    batch in one process.

    mxtorch normalizes each device's part of the batch as :class:`~gluon.nn.BatchNorm` on channel axis 1
    does, which is the same thing on one device (across processes, synchronize with the data-parallel
    framework in use). The arguments are BatchNorm's, with `in_channels` first.

    Parameters
    ----------
    in_channels : int, default 0
        Number of channels; 0 takes it from the first input.
    num_devices : int, optional
        The number of devices MXNet would synchronize (printed by the repr); by default the number of
        visible GPUs, at least 1.
    momentum, epsilon, center, scale, use_global_stats
        As for BatchNorm.
    beta_initializer, gamma_initializer, running_mean_initializer, running_variance_initializer
        As for BatchNorm.
    """

    def __init__(self, in_channels=0, num_devices=None, momentum=0.9, epsilon=1e-5, center=True, scale=True,
                 use_global_stats=False, beta_initializer='zeros', gamma_initializer='ones',
                 running_mean_initializer='zeros', running_variance_initializer='ones', **kwargs):
        super().__init__(1, momentum, epsilon, center, scale, use_global_stats, beta_initializer,
                         gamma_initializer, running_mean_initializer, running_variance_initializer, in_channels,
                         **kwargs)
        if num_devices is None:
            num_devices = self._get_num_devices()
        # the BatchNorm operator's arguments; _kwargs holds what MXNet's operator takes and the repr prints
        self._bn_kwargs = dict(self._kwargs)
        self._kwargs = {'eps': epsilon, 'momentum': momentum, 'fix_gamma': not scale,
                        'use_global_stats': use_global_stats, 'ndev': num_devices, 'key': self.prefix}

    def _get_num_devices(self):
        warnings.warn('SyncBatchNorm: num_devices was not given, so it is the number of visible GPUs; set '
                      'num_devices when not all of them are used', UserWarning)
        return max(context.num_gpus(), 1)

    def hybrid_forward(self, F, x, gamma, beta, running_mean, running_var):
        return F.BatchNorm(x, gamma, beta, running_mean, running_var, **self._bn_kwargs)


def _factors(factor, n):
    """An upsampling factor per axis: an int for all n axes, or n ints."""
    try:
        return (int(factor),) * n
    except TypeError:
        factors = tuple(int(f) for f in factor)
    if len(factors) != n:
        raise AssertionError('wrong length {}'.format(len(factors)))
    return factors


class _PixelShuffle(HybridBlock):
    """Moves groups of channels into the `_dims` spatial axes: (N, C * f1 * ... * fn, S1, ..., Sn) becomes
    (N, C, S1 * f1, ..., Sn * fn), output element (c, s1 * f1 + i1, ...) being input element
    (c * f1 * ... * fn + (i1 * f2 + i2) * f3 + ..., s1, ...).

    The shuffle is a few reshapes and one transpose, planned once: split the channels into (C, f1, ...,
    fn), put each factor after its spatial axis, merge each pair."""
    _dims = None

    def __init__(self, factor):
        super().__init__()
        n = self._dims
        self._factors = factors = _factors(factor, n)
        keep = (0,) * n
        total = 1
        for f in factors:
            total *= f
        # (N, C * f1 * ... * fn, S...) -> (N, C, f1 * ... * fn, S...) -> (N, C, f1, ..., fn, S...)
        self._splits = [(0, -4, -1, total) + keep]
        for i, f in enumerate(factors[:-1]):
            self._splits.append((0, 0) + (0,) * i + (-4, f, -1) + keep)
        # (N, C, S1, f1, S2, f2, ...)
        self._order = (0, 1) + sum(((2 + n + i, 2 + i) for i in range(n)), ())
        self._merge = (0, 0) + (-3,) * n

    def hybrid_forward(self, F, x):
        for shape in self._splits:
            x = F.reshape(x, shape)
        return F.reshape(F.transpose(x, self._order), self._merge)

    def __repr__(self):
        return '%s(%s)' % (type(self).__name__, self._factors)


class PixelShuffle1D(_PixelShuffle):
    """Upsamples the width by moving channels into it: (N, f * C, W) becomes (N, C, W * f).

    Parameters
    ----------
    factor : int
        The upsampling factor.

    For example, ``PixelShuffle1D(2)(mx.nd.zeros((1, 8, 3))).shape`` is (1, 4, 6).
    """
    _dims = 1

    def __init__(self, factor):
        super().__init__(factor)
        self._factor = self._factors[0]

    def __repr__(self):
        return '%s(%s)' % (type(self).__name__, self._factor)


class PixelShuffle2D(_PixelShuffle):
    """Upsamples height and width by moving channels into them (Shi et al., 2016): (N, f1 * f2 * C, H, W)
    becomes (N, C, H * f1, W * f2).

    Parameters
    ----------
    factor : int or tuple of 2 ints
        The factors of height and width; one int for both.

    For example, ``PixelShuffle2D((2, 3))(mx.nd.zeros((1, 12, 3, 5))).shape`` is (1, 2, 6, 15).
    """
    _dims = 2


class PixelShuffle3D(_PixelShuffle):
    """Upsamples depth, height and width by moving channels into them: (N, f1 * f2 * f3 * C, D, H, W)
    becomes (N, C, D * f1, H * f2, W * f3).

    Parameters
    ----------
    factor : int or tuple of 3 ints
        The factors of depth, height and width; one int for all.

    For example, ``PixelShuffle3D((2, 3, 4))(mx.nd.zeros((1, 48, 3, 5, 7))).shape`` is (1, 2, 6, 15, 28).
    """
    _dims = 3
