"""Deformable convolution layers: a 2-D convolution whose taps read the input at learned offsets
(DeformableConvolution, Dai et al. 2017), and its modulated form whose taps are also scaled by a learned
mask (ModulatedDeformableConvolution, DCNv2, Zhu et al. 2018).

Each layer holds two convolutions: an ordinary one computing the offsets (and mask) from the input, with
parameters ``offset_weight`` and ``offset_bias`` (zero-initialised, so a fresh layer samples the regular
grid), and the deformable one with ``deformable_conv_weight`` and ``deformable_conv_bias``. The operators
are ``F.Convolution`` and ``F.contrib.DeformableConvolution`` / ``F.contrib.ModulatedDeformableConvolution``.
The parameters' unknown input sizes are completed from the input's channel axis at the first forward."""
from ....base import MXNetError, numeric_types
from ...block import HybridBlock
from ...nn.activations import activation_child, Activation  # noqa: F401  (MXNet's module names it)

__all__ = ['DeformableConvolution', 'ModulatedDeformableConvolution']


def _pair(value):
    return (value,) * 2 if isinstance(value, numeric_types) else value


class _DeformableBase(HybridBlock):
    """What both layers share: the two convolutions' arguments, the parameters and their shapes."""
    _taps_per_group = None     # offset channels per deformable group and kernel tap (2, or 3 with a mask)
    _offset_params_first = True

    def __init__(self, channels, kernel_size, strides, padding, dilation, groups, num_deformable_group, layout,
                 use_bias, in_channels, activation, weight_initializer, bias_initializer,
                 offset_weight_initializer, offset_bias_initializer, offset_use_bias, op_name, adj, prefix,
                 params):
        super().__init__(prefix=prefix, params=params)
        if layout not in ('NCHW', 'NHWC'):
            raise AssertionError("Only supports 'NCHW' and 'NHWC' layout for now")
        kernel_size = _pair(kernel_size)
        n = len(kernel_size)
        strides, padding, dilation = [(v,) * n if isinstance(v, numeric_types) else v
                                      for v in (strides, padding, dilation)]
        self._channels, self._in_channels, self._op_name = channels, in_channels, op_name
        taps = kernel_size[0] * kernel_size[1]
        shared = {'kernel': kernel_size, 'stride': strides, 'dilate': dilation, 'pad': padding,
                  'num_group': groups}
        self._kwargs_offset = dict(shared, num_filter=self._taps_per_group * taps * num_deformable_group,
                                   no_bias=not offset_use_bias, layout=layout)
        self._kwargs_deformable_conv = dict(shared, num_filter=channels, num_deformable_group=num_deformable_group,
                                            no_bias=not use_bias, layout=layout)
        if adj:
            self._kwargs_offset['adj'] = self._kwargs_deformable_conv['adj'] = adj
        if self._kwargs_offset['num_filter'] % groups:
            # MXNet's shape inference of the offset convolution, at construction
            raise MXNetError('{}: the offset convolution\'s {} output channels are not divisible by groups={}: '
                             'output num_filter must divide group size'.format(
                                 type(self).__name__, self._kwargs_offset['num_filter'], groups))
        self._split = 2 * taps * num_deformable_group   # offsets first, then the mask's channels
        self._channel_axis = layout.find('C')
        offset_channels = self._kwargs_offset['num_filter']
        with self.name_scope():
            def offset_params():
                self.offset_weight = self.params.get(
                    'offset_weight', shape=self._offset_weight_shape(in_channels),
                    init=offset_weight_initializer, allow_deferred_init=True)
                self.offset_bias = self.params.get(
                    'offset_bias', shape=(offset_channels,), init=offset_bias_initializer,
                    allow_deferred_init=True) if offset_use_bias else None

            def conv_params():
                # (MXNet leaves the input size of this weight to shape inference even when in_channels is
                # given, and gives the shape as a list)
                self.deformable_conv_weight = self.params.get(
                    'deformable_conv_weight', shape=[channels, 0] + list(kernel_size), init=weight_initializer,
                    allow_deferred_init=True)
                self.deformable_conv_bias = self.params.get(
                    'deformable_conv_bias', shape=(channels,), init=bias_initializer,
                    allow_deferred_init=True) if use_bias else None

            # in MXNet's order of creation, which differs between the two layers
            for make in ((offset_params, conv_params) if self._offset_params_first else (conv_params, offset_params)):
                make()
        self.act = activation_child(self, activation)

    def _offset_weight_shape(self, in_channels):
        groups = self._kwargs_offset['num_group']
        kernel = tuple(self._kwargs_offset['kernel'])
        inner = in_channels // groups
        if self._channel_axis == 3:
            return (self._kwargs_offset['num_filter'],) + kernel + (inner,)
        return (self._kwargs_offset['num_filter'], inner) + kernel

    def infer_shape(self, x, *args):
        """Completes the weights' input sizes from the input's channel axis."""
        if x.ndim != 4:
            raise MXNetError('{}: the input must be 4-D ({}), got shape {}'.format(
                self.name, self._kwargs_offset['layout'], x.shape))
        in_channels = x.shape[self._channel_axis]
        groups = self._kwargs_offset['num_group']
        if in_channels % groups:
            raise MXNetError('{}: {} input channels are not divisible by groups={}'.format(
                self.name, in_channels, groups))
        self.offset_weight.shape = self._offset_weight_shape(in_channels)
        self.deformable_conv_weight.shape = (self._channels, in_channels // groups) + \
            tuple(self._kwargs_deformable_conv['kernel'])

    def _offsets(self, F, x, offset_weight, offset_bias):
        if offset_bias is None:
            return F.Convolution(x, offset_weight, cudnn_off=True, **self._kwargs_offset)
        return F.Convolution(x, offset_weight, offset_bias, cudnn_off=True, **self._kwargs_offset)

    def _finish(self, out):
        return out if self.act is None else self.act(out)


_DOC = """{title}

    The layer computes sampling offsets{mask} from its input with an ordinary convolution (parameters
    ``offset_weight``, ``offset_bias``), then convolves the input sampled at those offsets
    (``deformable_conv_weight``, ``deformable_conv_bias``). The offset convolution has
    {channels} output channels.

    Parameters
    ----------
    channels : int
        Output channels.
    kernel_size, strides, padding, dilation : int or tuple of 2 ints
        As for Conv2D (defaults (1, 1), (1, 1), (0, 0), (1, 1)).
    groups : int, default 1
        Convolution groups of both convolutions.
    num_deformable_group : int, default 1
        Channel groups with their own offsets{mask}.
    layout : str, default 'NCHW'
        'NCHW' or 'NHWC' (the deformable operators compute in NCHW).
    use_bias : bool, default True
        Whether the deformable convolution adds a bias.
    in_channels : int, default 0
        Input channels; 0 takes them from the first input.
    activation : str, optional
        Activation applied to the output.
    weight_initializer, bias_initializer : str or Initializer
        Of the deformable convolution (bias default 'zeros').
    offset_weight_initializer, offset_bias_initializer : str or Initializer, default 'zeros'
        Of the offset convolution.
    offset_use_bias : bool, default True
        Whether the offset convolution adds a bias.

    Input: (batch, in_channels, height, width) in NCHW. Output: (batch, channels, out_height, out_width),
    each spatial size floor((size + 2 * padding - dilation * (kernel - 1) - 1) / stride) + 1.
"""


class DeformableConvolution(_DeformableBase):
    __doc__ = _DOC.format(title='2-D deformable convolution (v1, Dai et al. 2017).', mask='',
                          channels='2 * kernel_h * kernel_w * num_deformable_group')
    _taps_per_group = 2

    def __init__(self, channels, kernel_size=(1, 1), strides=(1, 1), padding=(0, 0),
                 dilation=(1, 1), groups=1, num_deformable_group=1, layout='NCHW', use_bias=True,
                 in_channels=0, activation=None, weight_initializer=None, bias_initializer='zeros',
                 offset_weight_initializer='zeros', offset_bias_initializer='zeros',
                 offset_use_bias=True, op_name='DeformableConvolution', adj=None, prefix=None,
                 params=None):
        super().__init__(channels, kernel_size, strides, padding, dilation, groups, num_deformable_group, layout,
                         use_bias, in_channels, activation, weight_initializer, bias_initializer,
                         offset_weight_initializer, offset_bias_initializer, offset_use_bias, op_name, adj,
                         prefix, params)

    def hybrid_forward(self, F, x, offset_weight, deformable_conv_weight, offset_bias=None,
                       deformable_conv_bias=None):
        offset = self._offsets(F, x, offset_weight, offset_bias)
        extra = {} if deformable_conv_bias is None else {'bias': deformable_conv_bias}
        return self._finish(F.contrib.DeformableConvolution(
            data=x, offset=offset, weight=deformable_conv_weight, name='fwd', **extra,
            **self._kwargs_deformable_conv))

    def _alias(self):
        return 'deformable_conv'

    def __repr__(self):
        k = self._kwargs_deformable_conv
        n = len(k['kernel'])
        shape = self.deformable_conv_weight.shape
        parts = ['{} -> {}'.format(shape[1] if shape[1] else None, shape[0]),
                 'kernel_size={}'.format(k['kernel']), 'stride={}'.format(k['stride'])]
        if k['pad'] != (0,) * n:
            parts.append('padding={}'.format(k['pad']))
        if k['dilate'] != (1,) * n:
            parts.append('dilation={}'.format(k['dilate']))
        if k['num_group'] != 1:
            parts.append('groups={}'.format(k['num_group']))
        if self.deformable_conv_bias is None:
            parts.append('bias=False')
        if self.act:
            parts.append(str(self.act))
        return '{}({})'.format(type(self).__name__, ', '.join(parts))


class ModulatedDeformableConvolution(_DeformableBase):
    __doc__ = _DOC.format(title='2-D modulated deformable convolution (v2, Zhu et al. 2018).',
                          mask=' and a mask scaling each sample (2 * sigmoid of the last channels)',
                          channels='3 * kernel_h * kernel_w * num_deformable_group')
    _taps_per_group = 3
    _offset_params_first = False

    def __init__(self, channels, kernel_size=(1, 1), strides=(1, 1), padding=(0, 0),
                 dilation=(1, 1), groups=1, num_deformable_group=1, layout='NCHW', use_bias=True,
                 in_channels=0, activation=None, weight_initializer=None, bias_initializer='zeros',
                 offset_weight_initializer='zeros', offset_bias_initializer='zeros',
                 offset_use_bias=True, op_name='ModulatedDeformableConvolution', adj=None, prefix=None,
                 params=None):
        super().__init__(channels, kernel_size, strides, padding, dilation, groups, num_deformable_group, layout,
                         use_bias, in_channels, activation, weight_initializer, bias_initializer,
                         offset_weight_initializer, offset_bias_initializer, offset_use_bias, op_name, adj,
                         prefix, params)

    @property
    def offset_split_index(self):
        """Where the offset convolution's channels end and the mask's begin."""
        return self._split

    def hybrid_forward(self, F, x, offset_weight, deformable_conv_weight, offset_bias=None,
                       deformable_conv_bias=None):
        both = self._offsets(F, x, offset_weight, offset_bias)
        offset = F.slice_axis(both, axis=1, begin=0, end=self._split)
        mask = F.sigmoid(F.slice_axis(both, axis=1, begin=self._split, end=None)) * 2
        extra = {} if deformable_conv_bias is None else {'bias': deformable_conv_bias}
        return self._finish(F.contrib.ModulatedDeformableConvolution(
            data=x, offset=offset, mask=mask, weight=deformable_conv_weight, name='fwd', **extra,
            **self._kwargs_deformable_conv))

    def _alias(self):
        return 'modulated_deformable_conv'

    # (no __repr__ of its own: MXNet 1.9.1 prints this layer as a plain Block)
