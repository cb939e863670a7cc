"""Normalization layers: BatchNorm (and BatchNormReLU), InstanceNorm, LayerNorm and GroupNorm. (MXNet
defines them in gluon/nn/basic_layers.py; that module re-exports them.)

Each normalizes its input with a mean and variance, then multiplies by a learned scale `gamma` and adds a
learned shift `beta`. `scale=False` or `center=False` freeze gamma or beta at their initial values
(grad_req 'null'). The sizes of gamma and beta follow the input's channel axis; left at 0 they are
taken from the first input.

BatchNorm keeps running averages of the batch statistics in `running_mean` and `running_var`
(parameters with grad_req 'null'). As in MXNet 1.9.1, a training batch's statistics are folded into them
when the gradient flows back through the layer (at ``backward()``); in prediction mode (outside
``autograd.record()`` / ``train_mode``) they are what normalizes the input."""
import numpy as np

from ...base import MXNetError
from ..block import HybridBlock

__all__ = ['BatchNorm', 'BatchNormReLU', 'InstanceNorm', 'LayerNorm', 'GroupNorm']


def _settings(kwargs):
    """The 'name=value' list that the reprs print, values by repr, in the dictionary's order."""
    return ', '.join('%s=%r' % item for item in kwargs.items())


def _axis_size(layer, x, axis):
    """The size of the input's axis `axis`, which the layer normalizes along."""
    if not -x.ndim <= axis < x.ndim:
        raise MXNetError('{}: axis {} is out of range for input of shape {}'.format(layer.name, axis, x.shape))
    return x.shape[axis]


def _scale_and_shift(layer, size, scale, center, gamma_initializer, beta_initializer, freeze=False):
    """Registers the layer's `gamma` and `beta`, of shape (size,), trainable when `scale` / `center`. With
    `freeze` (BatchNorm's) a switched-off one is also not differentiable, so that no later grad_req
    setting turns it on."""
    for name, learned, init in (('gamma', scale, gamma_initializer), ('beta', center, beta_initializer)):
        options = {'differentiable': learned} if freeze else {}
        setattr(layer, name, layer.params.get(name, grad_req='write' if learned else 'null', shape=(size,),
                                              init=init, allow_deferred_init=True, **options))


class _BatchNorm(HybridBlock):
    """BatchNorm's parameters, shapes and operator call; `fuse_relu` adds a ReLU after it. The
    constructor is BatchNorm's (see there)."""
    fuse_relu = False

    def __init__(self, axis=1, momentum=0.9, epsilon=1e-5, center=True, scale=True, use_global_stats=False,
                 beta_initializer='zeros', gamma_initializer='ones', running_mean_initializer='zeros',
                 running_variance_initializer='ones', in_channels=0, **kwargs):
        super().__init__(**kwargs)
        self._axis = axis
        # the operator's arguments, in the order the repr prints them
        self._kwargs = {'axis': axis, 'eps': epsilon, 'momentum': momentum, 'fix_gamma': not scale,
                        'use_global_stats': use_global_stats}
        if in_channels:
            self.in_channels = in_channels
        _scale_and_shift(self, in_channels, scale, center, gamma_initializer, beta_initializer, freeze=True)
        for name, init in (('running_mean', running_mean_initializer),
                           ('running_var', running_variance_initializer)):
            setattr(self, name, self.params.get(name, grad_req='null', shape=(in_channels,), init=init,
                                                allow_deferred_init=True, differentiable=False))

    def cast(self, dtype):
        """Casts the parameters; float16 is taken as float32, so that the statistics keep their precision
        (as in MXNet)."""
        super().cast('float32' if np.dtype(dtype) == np.float16 else dtype)

    def infer_shape(self, x, *args):
        """Sizes the four parameters after the input's channel axis."""
        shape = (_axis_size(self, x, self._axis),)
        self.gamma.shape = self.beta.shape = self.running_mean.shape = self.running_var.shape = shape

    def hybrid_forward(self, F, x, gamma, beta, running_mean, running_var):
        out = F.BatchNorm(x, gamma, beta, running_mean, running_var, name='fwd', **self._kwargs)
        return F.relu(out) if self.fuse_relu else out

    def __repr__(self):
        return '%s(%s, in_channels=%s)' % (type(self).__name__, _settings(self._kwargs),
                                           self.gamma.shape[0] or None)


class BatchNorm(_BatchNorm):
    """Batch normalization (Ioffe and Szegedy, 2015): every channel is normalized to zero mean and unit
    variance, then scaled by `gamma` and shifted by `beta`.

    Training (inside ``autograd.record()``) uses the batch's mean and biased variance, and the backward
    pass folds them into the running statistics: ``running = momentum * running + (1 - momentum) *
    batch``. Prediction uses the running statistics.

    Parameters
    ----------
    axis : int, default 1
        The channel axis: 1 for NCHW data, 3 (or -1) for NHWC.
    momentum : float, default 0.9
        Weight of the old value in the running averages.
    epsilon : float, default 1e-5
        Added to the variance under the square root.
    center : bool, default True
        Learn the shift `beta`.
    scale : bool, default True
        Learn the scale `gamma` (False fixes it at 1; unneeded when a linear layer follows).
    use_global_stats : bool, default False
        Normalize with the running statistics in training as well.
    beta_initializer, gamma_initializer : str or Initializer, default 'zeros', 'ones'
        How beta and gamma start.
    running_mean_initializer, running_variance_initializer : str or Initializer, default 'zeros', 'ones'
        How the running statistics start.
    in_channels : int, default 0
        Number of channels; 0 takes it from the first input.
    """


class BatchNormReLU(_BatchNorm):
    """:class:`BatchNorm` followed by a ReLU, with the same arguments."""
    fuse_relu = True


class InstanceNorm(HybridBlock):
    r"""Instance normalization (Ulyanov et al., 2016): every channel of every sample is normalized with the
    mean and variance of its own elements (over all axes but the batch axis and `axis`),
    :math:`\gamma (x - \mu) / \sqrt{\sigma^2 + \epsilon} + \beta`.

    Parameters
    ----------
    axis : int, default 1
        The channel axis (1 for NCHW data, 3 for NHWC).
    epsilon : float, default 1e-5
        Added to the variance under the square root.
    center : bool, default True
        Learn the shift `beta`.
    scale : bool, default False
        Learn the scale `gamma`.
    beta_initializer, gamma_initializer : str or Initializer, default 'zeros', 'ones'
        How beta and gamma start.
    in_channels : int, default 0
        Number of channels; 0 takes it from the first input.
    """

    def __init__(self, axis=1, epsilon=1e-5, center=True, scale=False, beta_initializer='zeros',
                 gamma_initializer='ones', in_channels=0, **kwargs):
        super().__init__(**kwargs)
        self._axis, self._epsilon = axis, epsilon
        self._kwargs = {'eps': epsilon, 'axis': axis, 'center': center, 'scale': scale}
        _scale_and_shift(self, in_channels, scale, center, gamma_initializer, beta_initializer)

    def infer_shape(self, x, *args):
        """Sizes gamma and beta after the input's channel axis."""
        self.gamma.shape = self.beta.shape = (_axis_size(self, x, self._axis),)

    def hybrid_forward(self, F, x, gamma, beta):
        # the operator normalizes with the channels on axis 1
        if self._axis == 1:
            return F.InstanceNorm(x, gamma, beta, name='fwd', eps=self._epsilon)
        moved = F.swapaxes(x, 1, self._axis)
        return F.swapaxes(F.InstanceNorm(moved, gamma, beta, name='fwd', eps=self._epsilon), 1, self._axis)

    def __repr__(self):
        return '%s(%s, in_channels=%s)' % (type(self).__name__, _settings(self._kwargs), self.gamma.shape[0])


class LayerNorm(HybridBlock):
    r"""Layer normalization (Ba et al., 2016): every sample is normalized with the mean and variance of its
    elements along `axis`, :math:`\gamma (x - \mu) / \sqrt{\sigma^2 + \epsilon} + \beta`, with gamma and
    beta of that axis' size.

    Parameters
    ----------
    axis : int, default -1
        The axis normalized over, usually the features'.
    epsilon : float, default 1e-5
        Added to the variance under the square root.
    center : bool, default True
        Learn the shift `beta`.
    scale : bool, default True
        Learn the scale `gamma`.
    beta_initializer, gamma_initializer : str or Initializer, default 'zeros', 'ones'
        How beta and gamma start.
    in_channels : int, default 0
        Size of `axis`; 0 takes it from the first input.

    For example, ``LayerNorm()`` with its initial parameters maps the rows of ``[[0, 2], [1, 5]]`` to
    about ``[-1, 1]`` each.
    """

    def __init__(self, axis=-1, epsilon=1e-5, center=True, scale=True, beta_initializer='zeros',
                 gamma_initializer='ones', in_channels=0, prefix=None, params=None):
        super().__init__(prefix=prefix, params=params)
        self._axis, self._epsilon = axis, epsilon
        self._kwargs = {'eps': epsilon, 'axis': axis, 'center': center, 'scale': scale}
        _scale_and_shift(self, in_channels, scale, center, gamma_initializer, beta_initializer)

    def infer_shape(self, x, *args):
        """Sizes gamma and beta after the normalized axis."""
        self.gamma.shape = self.beta.shape = (_axis_size(self, x, self._axis),)

    def hybrid_forward(self, F, data, gamma, beta):
        return F.LayerNorm(data, gamma=gamma, beta=beta, axis=self._axis, eps=self._epsilon)

    def __repr__(self):
        return '%s(%s, in_channels=%s)' % (type(self).__name__, _settings(self._kwargs), self.gamma.shape[0])


class GroupNorm(HybridBlock):
    r"""Group normalization (Wu and He, 2018): the channels (axis 1) are split into `num_groups` groups and
    each group of each sample is normalized with the mean and variance of its elements, then scaled and
    shifted. As in MXNet 1.x, gamma and beta hold one value per group.

    Parameters
    ----------
    num_groups : int, default 1
        Number of groups; it must divide the number of channels.
    epsilon : float, default 1e-5
        Added to the variance under the square root.
    center : bool, default True
        Learn the shift `beta`.
    scale : bool, default True
        Learn the scale `gamma`.
    beta_initializer, gamma_initializer : str or Initializer, default 'zeros', 'ones'
        How beta and gamma start.
    """

    def __init__(self, num_groups=1, epsilon=1e-5, center=True, scale=True, beta_initializer='zeros',
                 gamma_initializer='ones', prefix=None, params=None):
        super().__init__(prefix=prefix, params=params)
        self._num_groups, self._epsilon = num_groups, epsilon
        self._kwargs = {'eps': epsilon, 'num_groups': num_groups, 'center': center, 'scale': scale}
        _scale_and_shift(self, num_groups, scale, center, gamma_initializer, beta_initializer)

    def hybrid_forward(self, F, data, gamma, beta):
        return F.GroupNorm(data, gamma=gamma, beta=beta, num_groups=self._num_groups, eps=self._epsilon)

    def __repr__(self):
        return '%s(%s)' % (type(self).__name__, _settings(self._kwargs))
