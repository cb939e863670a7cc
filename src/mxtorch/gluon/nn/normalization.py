"""Normalization layers: BatchNorm (with running statistics), BatchNormReLU, InstanceNorm, LayerNorm and
GroupNorm. In MXNet they live in gluon/nn/basic_layers.py, which re-exports them.

BatchNorm's running_mean and running_var are parameters with grad_req 'null'. As in MXNet 1.9.1, the
operator folds a training batch's statistics into them when the gradient flows back through it (after
``backward()``), and inference (outside ``autograd.record()`` / ``train_mode``) normalizes with them."""
import numpy as np

from ...base import MXNetError
from ..block import HybridBlock

__all__ = ['BatchNorm', 'BatchNormReLU', 'InstanceNorm', 'LayerNorm', 'GroupNorm']


def _content(kwargs):
    """'k1=v1, k2=v2' with the values' reprs, in the order MXNet prints them."""
    return ', '.join('='.join([k, v.__repr__()]) for k, v in kwargs.items())


def _channels(x, axis, layer):
    """The size of the input's normalized axis (the layer's channel count)."""
    nd = x.ndim
    if not -nd <= axis < nd:
        raise MXNetError('{}: axis {} is out of range for input of shape {}'.format(layer.name, axis, x.shape))
    return x.shape[axis]


class _BatchNorm(HybridBlock):
    """Base of BatchNorm and BatchNormReLU: the four parameters, their deferred shapes and the call of
    the BatchNorm operator (followed by a ReLU with `fuse_relu`). See :class:`BatchNorm` for the parameters.
    """

    def __init__(self, axis=1, momentum=0.9, epsilon=1e-5, center=True, scale=True, use_global_stats=False,
                 fuse_relu=False, beta_initializer='zeros', gamma_initializer='ones',
                 running_mean_initializer='zeros', running_variance_initializer='ones', in_channels=0,
                 **kwargs):
        super().__init__(**kwargs)
        self._kwargs = {'axis': axis, 'eps': epsilon, 'momentum': momentum,
                        'fix_gamma': not scale, 'use_global_stats': use_global_stats}
        self._axis = axis
        self.fuse_relu = fuse_relu
        if in_channels != 0:
            self.in_channels = in_channels
        self.gamma = self.params.get('gamma', grad_req='write' if scale else 'null', shape=(in_channels,),
                                     init=gamma_initializer, allow_deferred_init=True, differentiable=scale)
        self.beta = self.params.get('beta', grad_req='write' if center else 'null', shape=(in_channels,),
                                    init=beta_initializer, allow_deferred_init=True, differentiable=center)
        self.running_mean = self.params.get('running_mean', grad_req='null', shape=(in_channels,),
                                            init=running_mean_initializer, allow_deferred_init=True,
                                            differentiable=False)
        self.running_var = self.params.get('running_var', grad_req='null', shape=(in_channels,),
                                           init=running_variance_initializer, allow_deferred_init=True,
                                           differentiable=False)

    def cast(self, dtype):
        # the statistics stay float32 when the network is cast to float16, as in MXNet
        if np.dtype(dtype).name == 'float16':
            dtype = 'float32'
        super().cast(dtype)

    def infer_shape(self, x, *args):
        """Completes the parameters' shapes from the input's channel axis."""
        shape = (_channels(x, self._axis, self),)
        for p in (self.gamma, self.beta, self.running_mean, self.running_var):
            p.shape = shape

    def hybrid_forward(self, F, x, gamma, beta, running_mean, running_var):
        out = F.BatchNorm(x, gamma, beta, running_mean, running_var, **self._kwargs)
        if self.fuse_relu:
            return F.relu(out)
        return out

    def __repr__(self):
        in_channels = self.gamma.shape[0]
        return '{name}({content}, in_channels={channels})'.format(
            name=self.__class__.__name__, content=_content(self._kwargs),
            channels=in_channels if in_channels else None)


class BatchNorm(_BatchNorm):
    """Batch normalization (Ioffe and Szegedy, 2015): each channel is shifted and scaled to zero mean and
    unit variance with statistics of the batch, then multiplied by `gamma` and shifted by `beta`.

    In training mode (inside ``autograd.record()``) the batch's mean and (biased) variance are used and,
    when the gradient flows back through the layer, folded into `running_mean` and `running_var`:
    ``running = running * momentum + batch * (1 - momentum)``. In prediction mode the running statistics
    normalize the input.

    Parameters
    ----------
    axis : int, default 1
        The channel axis, whose entries get their own statistics, gamma and beta (1 for NCHW data, 3 for
        NHWC).
    momentum: float, default 0.9
        Weight of the old value in the running averages.
    epsilon: float, default 1e-5
        Added to the variance before its square root is taken.
    center: bool, default True
        Whether to add the learned shift `beta` (when False, beta stays at its initial value and gets no
        gradient).
    scale: bool, default True
        Whether to multiply by the learned scale `gamma` (when False, gamma is fixed at 1); can be turned
        off when a linear layer follows.
    use_global_stats: bool, default False
        Normalize with the running statistics in training too (the layer becomes a fixed scale and shift).
    beta_initializer: str or `Initializer`, default 'zeros'
        Initializer of beta.
    gamma_initializer: str or `Initializer`, default 'ones'
        Initializer of gamma.
    running_mean_initializer: str or `Initializer`, default 'zeros'
        Initializer of the running mean.
    running_variance_initializer: str or `Initializer`, default 'ones'
        Initializer of the running variance.
    in_channels : int, default 0
        Number of channels; 0 means inferred from the input at the first forward pass.


    Inputs:
        - **data**: input tensor of any shape with the channel axis `axis`.

    Outputs:
        - **out**: output tensor with the same shape as `data`.
    """

    def __init__(self, axis=1, momentum=0.9, epsilon=1e-5, center=True, scale=True, use_global_stats=False,
                 beta_initializer='zeros', gamma_initializer='ones', running_mean_initializer='zeros',
                 running_variance_initializer='ones', in_channels=0, **kwargs):
        super().__init__(axis=axis, momentum=momentum, epsilon=epsilon, center=center, scale=scale,
                         use_global_stats=use_global_stats, fuse_relu=False,
                         beta_initializer=beta_initializer, gamma_initializer=gamma_initializer,
                         running_mean_initializer=running_mean_initializer,
                         running_variance_initializer=running_variance_initializer,
                         in_channels=in_channels, **kwargs)


class BatchNormReLU(_BatchNorm):
    """Batch normalization followed by a ReLU: the parameters and behaviour of :class:`BatchNorm`,
    with ``relu`` applied to its output.

    Parameters
    ----------
    axis : int, default 1
        The channel axis, whose entries get their own statistics, gamma and beta (1 for NCHW data, 3 for
        NHWC).
    momentum: float, default 0.9
        Weight of the old value in the running averages.
    epsilon: float, default 1e-5
        Added to the variance before its square root is taken.
    center: bool, default True
        Whether to add the learned shift `beta` (when False, beta stays at its initial value and gets no
        gradient).
    scale: bool, default True
        Whether to multiply by the learned scale `gamma` (when False, gamma is fixed at 1); can be turned
        off when a linear layer follows.
    use_global_stats: bool, default False
        Normalize with the running statistics in training too (the layer becomes a fixed scale and shift).
    beta_initializer: str or `Initializer`, default 'zeros'
        Initializer of beta.
    gamma_initializer: str or `Initializer`, default 'ones'
        Initializer of gamma.
    running_mean_initializer: str or `Initializer`, default 'zeros'
        Initializer of the running mean.
    running_variance_initializer: str or `Initializer`, default 'ones'
        Initializer of the running variance.
    in_channels : int, default 0
        Number of channels; 0 means inferred from the input at the first forward pass.


    Inputs:
        - **data**: input tensor of any shape with the channel axis `axis`.

    Outputs:
        - **out**: output tensor with the same shape as `data`.
    """

    def __init__(self, axis=1, momentum=0.9, epsilon=1e-5, center=True, scale=True, use_global_stats=False,
                 beta_initializer='zeros', gamma_initializer='ones', running_mean_initializer='zeros',
                 running_variance_initializer='ones', in_channels=0, **kwargs):
        super().__init__(axis=axis, momentum=momentum, epsilon=epsilon, center=center, scale=scale,
                         use_global_stats=use_global_stats, fuse_relu=True,
                         beta_initializer=beta_initializer, gamma_initializer=gamma_initializer,
                         running_mean_initializer=running_mean_initializer,
                         running_variance_initializer=running_variance_initializer,
                         in_channels=in_channels, **kwargs)


class InstanceNorm(HybridBlock):
    r"""Instance normalization (Ulyanov et al., 2016): each channel of each sample is normalized with
    the mean and variance of its own elements (all axes but the batch axis and `axis`), then scaled by
    `gamma` and shifted by `beta`:

    .. math::

      out = \frac{x - mean}{\sqrt{var + \epsilon}} * gamma + beta

    Parameters
    ----------
    axis : int, default 1
        The channel axis (1 for NCHW data, 3 for NHWC); it and the batch axis are not averaged over.
    epsilon: float, default 1e-5
        Added to the variance before its square root is taken.
    center: bool, default True
        Whether to add the learned shift `beta` (when False, beta stays at its initial value and gets no
        gradient).
    scale: bool, default False
        Whether to multiply by the learned scale `gamma` (when False, gamma stays at its initial value and
        gets no gradient).
    beta_initializer: str or `Initializer`, default 'zeros'
        Initializer of beta.
    gamma_initializer: str or `Initializer`, default 'ones'
        Initializer of gamma.
    in_channels : int, default 0
        Number of channels; 0 means inferred from the input at the first forward pass.


    Inputs:
        - **data**: input tensor of at least 3 dimensions.

    Outputs:
        - **out**: output tensor with the same shape as `data`.
    """

    def __init__(self, axis=1, epsilon=1e-5, center=True, scale=False, beta_initializer='zeros',
                 gamma_initializer='ones', in_channels=0, **kwargs):
        super().__init__(**kwargs)
        self._kwargs = {'eps': epsilon, 'axis': axis, 'center': center, 'scale': scale}
        self._axis = axis
        self._epsilon = epsilon
        self.gamma = self.params.get('gamma', grad_req='write' if scale else 'null', shape=(in_channels,),
                                     init=gamma_initializer, allow_deferred_init=True)
        self.beta = self.params.get('beta', grad_req='write' if center else 'null', shape=(in_channels,),
                                    init=beta_initializer, allow_deferred_init=True)

    def infer_shape(self, x, *args):
        """Completes gamma's and beta's shapes from the input's channel axis."""
        shape = (_channels(x, self._axis, self),)
        self.gamma.shape = shape
        self.beta.shape = shape

    def hybrid_forward(self, F, x, gamma, beta):
        if self._axis == 1:
            return F.InstanceNorm(x, gamma, beta, eps=self._epsilon)
        x = x.swapaxes(1, self._axis)
        return F.InstanceNorm(x, gamma, beta, eps=self._epsilon).swapaxes(1, self._axis)

    def __repr__(self):
        return '{name}({content}, in_channels={channels})'.format(
            name=self.__class__.__name__, content=_content(self._kwargs), channels=self.gamma.shape[0])


class LayerNorm(HybridBlock):
    r"""Layer normalization (Ba et al., 2016): each sample is normalized with the mean and variance of
    its elements along `axis`, then scaled by `gamma` and shifted by `beta` (both of that axis' size):

    .. math::

      out = \frac{x - mean}{\sqrt{var + \epsilon}} * gamma + beta

    Parameters
    ----------
    axis : int, default -1
        The axis normalized over (usually that of the features).
    epsilon: float, default 1e-5
        Added to the variance before its square root is taken.
    center: bool, default True
        Whether to add the learned shift `beta` (when False, beta stays at its initial value and gets no
        gradient).
    scale: bool, default True
        Whether to multiply by the learned scale `gamma` (when False, gamma stays at its initial value and
        gets no gradient).
    beta_initializer: str or `Initializer`, default 'zeros'
        Initializer of beta.
    gamma_initializer: str or `Initializer`, default 'ones'
        Initializer of gamma.
    in_channels : int, default 0
        Size of `axis`; 0 means inferred from the input at the first forward pass.


    Inputs:
        - **data**: input tensor of any shape.

    Outputs:
        - **out**: output tensor with the same shape as `data`.

    Examples
    --------
    >>> layer = nn.LayerNorm()
    >>> layer.initialize()
    >>> out = layer(mx.nd.array([[0, 2], [1, 5]]))   # each row becomes about [-1, 1]
    """

    def __init__(self, axis=-1, epsilon=1e-5, center=True, scale=True, beta_initializer='zeros',
                 gamma_initializer='ones', in_channels=0, prefix=None, params=None):
        super().__init__(prefix=prefix, params=params)
        self._kwargs = {'eps': epsilon, 'axis': axis, 'center': center, 'scale': scale}
        self._axis = axis
        self._epsilon = epsilon
        self._center = center
        self._scale = scale
        self.gamma = self.params.get('gamma', grad_req='write' if scale else 'null', shape=(in_channels,),
                                     init=gamma_initializer, allow_deferred_init=True)
        self.beta = self.params.get('beta', grad_req='write' if center else 'null', shape=(in_channels,),
                                    init=beta_initializer, allow_deferred_init=True)

    def infer_shape(self, x, *args):
        """Completes gamma's and beta's shapes from the size of the normalized axis."""
        shape = (_channels(x, self._axis, self),)
        self.gamma.shape = shape
        self.beta.shape = shape

    def hybrid_forward(self, F, data, gamma, beta):
        return F.LayerNorm(data, gamma=gamma, beta=beta, axis=self._axis, eps=self._epsilon)

    def __repr__(self):
        return '{name}({content}, in_channels={channels})'.format(
            name=self.__class__.__name__, content=_content(self._kwargs), channels=self.gamma.shape[0])


class GroupNorm(HybridBlock):
    r"""Group normalization (Wu and He, 2018): the channels (axis 1) are split into `num_groups`
    groups, and each group of each sample is normalized with the mean and variance of its elements, then
    scaled by `gamma` and shifted by `beta`. As in MXNet 1.x, gamma and beta have one value per group.

    .. math::

      out = \frac{x - mean}{\sqrt{var + \epsilon}} * gamma + beta

    Parameters
    ----------
    num_groups: int, default 1
        Number of groups the channels are split into; it must divide the number of channels.
    epsilon: float, default 1e-5
        Added to the variance before its square root is taken.
    center: bool, default True
        Whether to add the learned shift `beta` (when False, beta stays at its initial value and gets no
        gradient).
    scale: bool, default True
        Whether to multiply by the learned scale `gamma` (when False, gamma stays at its initial value and
        gets no gradient).
    beta_initializer: str or `Initializer`, default 'zeros'
        Initializer of beta.
    gamma_initializer: str or `Initializer`, default 'ones'
        Initializer of gamma.


    Inputs:
        - **data**: input tensor of shape (N, C, ...).

    Outputs:
        - **out**: output tensor with the same shape as `data`.
    """

    def __init__(self, num_groups=1, epsilon=1e-5, center=True, scale=True, beta_initializer='zeros',
                 gamma_initializer='ones', prefix=None, params=None):
        super().__init__(prefix=prefix, params=params)
        self._kwargs = {'eps': epsilon, 'num_groups': num_groups, 'center': center, 'scale': scale}
        self._num_groups = num_groups
        self._epsilon = epsilon
        self._center = center
        self._scale = scale
        self.gamma = self.params.get('gamma', grad_req='write' if scale else 'null', shape=(num_groups,),
                                     init=gamma_initializer, allow_deferred_init=True)
        self.beta = self.params.get('beta', grad_req='write' if center else 'null', shape=(num_groups,),
                                    init=beta_initializer, allow_deferred_init=True)

    def hybrid_forward(self, F, data, gamma, beta):
        return F.GroupNorm(data, gamma=gamma, beta=beta, num_groups=self._num_groups, eps=self._epsilon)

    def __repr__(self):
        return '{name}({content})'.format(name=self.__class__.__name__, content=_content(self._kwargs))
