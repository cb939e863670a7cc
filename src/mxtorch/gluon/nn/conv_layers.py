"""Convolutional layers: Conv1D/2D/3D and their transposes, max/average pooling (plain and global) in
1, 2 and 3 dimensions, and ReflectionPad2D.

MXNet learns the weight's shape by running shape inference on a symbol; mxtorch computes it directly
from the layout (the same shapes, unknown input channels as 0), and completes it from the input's
channel axis at the first forward pass. The operator's arguments are fixed at construction, as tuples,
so that the operator's parsed-argument cache is hit on every call."""
from ...base import MXNetError, numeric_types
from ..block import HybridBlock
from .activations import Activation

__all__ = ['Conv1D', 'Conv2D', 'Conv3D',
           'Conv1DTranspose', 'Conv2DTranspose', 'Conv3DTranspose',
           'MaxPool1D', 'MaxPool2D', 'MaxPool3D',
           'AvgPool1D', 'AvgPool2D', 'AvgPool3D',
           'GlobalMaxPool1D', 'GlobalMaxPool2D', 'GlobalMaxPool3D',
           'GlobalAvgPool1D', 'GlobalAvgPool2D', 'GlobalAvgPool3D',
           'ReflectionPad2D']


def _check(condition, message):
    """MXNet checks layer arguments with assert: the same AssertionError, also under ``python -O``."""
    if not condition:
        raise AssertionError(message)


def _as_tuple(value):
    """A hashable form of an int/tuple/list argument for the operator (its cache keys on it)."""
    if isinstance(value, list):
        return tuple(value)
    return value


def _ntuple(value, n, what):
    """An int repeated n times, or the given sequence of n ints."""
    if isinstance(value, numeric_types):
        return (value,) * n
    _check(len(value) == n, '{} must be a number or a list of {} ints'.format(what, n))
    return value


class _Conv(HybridBlock):
    """Base of the convolution layers: holds the weight (and bias), calls the Convolution or
    Deconvolution operator with the arguments fixed at construction, then the optional activation.
    See :class:`Conv2D` for the parameters."""

    def __init__(self, channels, kernel_size, strides, padding, dilation, groups, layout, in_channels=0,
                 activation=None, use_bias=True, weight_initializer=None, bias_initializer='zeros',
                 op_name='Convolution', adj=None, prefix=None, params=None):
        super().__init__(prefix=prefix, params=params)
        with self.name_scope():
            self._channels = channels
            self._in_channels = in_channels
            n = len(kernel_size)
            if isinstance(strides, numeric_types):
                strides = (strides,) * n
            if isinstance(padding, numeric_types):
                padding = (padding,) * n
            if isinstance(dilation, numeric_types):
                dilation = (dilation,) * n
            self._op_name = op_name
            # as MXNet keeps them (printed by __repr__), and as the operator gets them (hashable)
            self._kwargs = {
                'kernel': kernel_size, 'stride': strides, 'dilate': dilation,
                'pad': padding, 'num_filter': channels, 'num_group': groups,
                'no_bias': not use_bias, 'layout': layout}
            if adj is not None:
                self._kwargs['adj'] = adj
            self._op_kwargs = {k: _as_tuple(v) for k, v in self._kwargs.items()}
            self._channel_axis = layout.find('C')
            self._channels_last = self._channel_axis == len(layout) - 1
            self.weight = self.params.get('weight', shape=self._weight_shape(in_channels),
                                          init=weight_initializer, allow_deferred_init=True)
            if use_bias:
                self.bias = self.params.get('bias', shape=(channels,), init=bias_initializer,
                                            allow_deferred_init=True)
            else:
                self.bias = None
            if activation is not None:
                self.act = Activation(activation, prefix=activation + '_')
            else:
                self.act = None

    def _weight_shape(self, in_channels):
        """The weight's shape for `in_channels` input channels (0: not known yet), as MXNet infers it:
        convolution (channels, in/groups, *kernel), transposed convolution (in, channels/groups, *kernel),
        with the per-group channels last in channels-last layouts."""
        kernel = tuple(self._kwargs['kernel'])
        groups = self._kwargs['num_group']
        channels = self._channels
        if in_channels % groups or channels % groups:
            raise MXNetError('{}: {} input channels and {} output channels must both be divisible by '
                             'groups={}'.format(self.name, in_channels, channels, groups))
        if self._op_name == 'Convolution':
            outer, inner = channels, in_channels // groups
        else:
            outer, inner = in_channels, channels // groups
        if self._channels_last:
            return (outer,) + kernel + (inner,)
        return (outer, inner) + kernel

    def infer_shape(self, x, *args):
        """Completes the weight's shape from the input's channel axis."""
        if x.ndim != len(self._kwargs['layout']):
            raise MXNetError('{}: input of shape {} does not fit layout {}'.format(
                self.name, x.shape, self._kwargs['layout']))
        self.weight.shape = self._weight_shape(x.shape[self._channel_axis])

    def hybrid_forward(self, F, x, weight, bias=None):
        act = getattr(F, self._op_name)(x, weight, bias, **self._op_kwargs)
        if self.act is not None:
            act = self.act(act)
        return act

    def _alias(self):
        return 'conv'

    def __repr__(self):
        s = '{name}({mapping}, kernel_size={kernel}, stride={stride}'
        len_kernel_size = len(self._kwargs['kernel'])
        if self._kwargs['pad'] != (0,) * len_kernel_size:
            s += ', padding={pad}'
        if self._kwargs['dilate'] != (1,) * len_kernel_size:
            s += ', dilation={dilate}'
        # MXNet 1.9.1 looks for `out_pad` while the transposed layers store `outpad`: output_padding is
        # never printed
        if hasattr(self, 'out_pad') and self.out_pad != (0,) * len_kernel_size:
            s += ', output_padding={out_pad}'.format(out_pad=self.out_pad)
        if self._kwargs['num_group'] != 1:
            s += ', groups={num_group}'
        if self.bias is None:
            s += ', bias=False'
        if self.act:
            s += ', {}'.format(self.act)
        s += ')'
        shape = self.weight.shape
        return s.format(name=self.__class__.__name__,
                        mapping='{0} -> {1}'.format(shape[1] if shape[1] else None, shape[0]),
                        **self._kwargs)


class Conv1D(_Conv):
    """1D convolution layer: slides `channels` learned filters of size `kernel_size` over the width of the input
    and adds a bias.

    The weight has shape (channels, in_channels / groups, *kernel_size) (channels-last layouts: (channels,
    *kernel_size, in_channels / groups)).

    When `in_channels` is 0 the weight's input-channel size is left unknown and taken from the input at
    the first forward pass (deferred initialization).

    Parameters
    ----------
    channels : int
        Number of output channels (filters).
    kernel_size : int or tuple/list of 1 int
        Size of the convolution window.
    strides : int or tuple/list of 1 int
        Step of the window along each spatial axis.
    padding : int or tuple/list of 1 int
        Zeros implicitly added on both sides of each spatial axis of the input.
    dilation : int or tuple/list of 1 int
        Spacing between the kernel's taps.
    groups : int
        Splits input and output channels into this many groups, each convolved separately (groups=2 is two
        convolutions side by side, each on half the input channels giving half the output channels).
    layout : str, default 'NCW'
        Order of the data's axes: 'NCW' (N batch, C channel, D/H/W spatial).
    in_channels : int, default 0
        Number of input channels; 0 means inferred from the first input.
    activation : str
        Name of an activation (see :class:`Activation`) applied to the output; None for none.
    use_bias : bool
        Whether the layer has a bias vector.
    weight_initializer : str or `Initializer`
        Initializer of the weight.
    bias_initializer : str or `Initializer`
        Initializer of the bias.


    Inputs:
        - **data**: 3D tensor of shape `(batch_size, in_channels, width)` in layout `NCW`
          (permuted accordingly in the other layout).

    Outputs:
        - **out**: 3D tensor of shape `(batch_size, channels, out_width)`, each output size =
          floor((size + 2 * padding - dilation * (kernel - 1) - 1) / stride) + 1.
    """

    def __init__(self, channels, kernel_size, strides=1, padding=0, dilation=1, groups=1, layout='NCW',
                 activation=None, use_bias=True, weight_initializer=None, bias_initializer='zeros',
                 in_channels=0, **kwargs):
        _check(layout == 'NCW', "Only supports 'NCW' layout for now")
        kernel_size = _ntuple(kernel_size, 1, 'kernel_size')
        op_name = kwargs.pop('op_name', 'Convolution')
        super().__init__(channels, kernel_size, strides, padding, dilation, groups, layout, in_channels,
                         activation, use_bias, weight_initializer, bias_initializer, op_name, **kwargs)


class Conv2D(_Conv):
    """2D convolution layer: slides `channels` learned filters of size `kernel_size` over the height x width of
    the input and adds a bias.

    The weight has shape (channels, in_channels / groups, *kernel_size) (channels-last layouts: (channels,
    *kernel_size, in_channels / groups)).

    When `in_channels` is 0 the weight's input-channel size is left unknown and taken from the input at
    the first forward pass (deferred initialization).

    Parameters
    ----------
    channels : int
        Number of output channels (filters).
    kernel_size : int or tuple/list of 2 int
        Size of the convolution window.
    strides : int or tuple/list of 2 int
        Step of the window along each spatial axis.
    padding : int or tuple/list of 2 int
        Zeros implicitly added on both sides of each spatial axis of the input.
    dilation : int or tuple/list of 2 int
        Spacing between the kernel's taps.
    groups : int
        Splits input and output channels into this many groups, each convolved separately (groups=2 is two
        convolutions side by side, each on half the input channels giving half the output channels).
    layout : str, default 'NCHW'
        Order of the data's axes: 'NCHW' or 'NHWC' (N batch, C channel, D/H/W spatial).
    in_channels : int, default 0
        Number of input channels; 0 means inferred from the first input.
    activation : str
        Name of an activation (see :class:`Activation`) applied to the output; None for none.
    use_bias : bool
        Whether the layer has a bias vector.
    weight_initializer : str or `Initializer`
        Initializer of the weight.
    bias_initializer : str or `Initializer`
        Initializer of the bias.


    Inputs:
        - **data**: 4D tensor of shape `(batch_size, in_channels, height, width)` in layout `NCHW`
          (permuted accordingly in the other layout).

    Outputs:
        - **out**: 4D tensor of shape `(batch_size, channels, out_height, out_width)`, each output
          size = floor((size + 2 * padding - dilation * (kernel - 1) - 1) / stride) + 1.
    """

    def __init__(self, channels, kernel_size, strides=(1, 1), padding=(0, 0), dilation=(1, 1), groups=1,
                 layout='NCHW', activation=None, use_bias=True, weight_initializer=None,
                 bias_initializer='zeros', in_channels=0, **kwargs):
        _check(layout in ('NCHW', 'NHWC'), "Only supports 'NCHW' and 'NHWC' layout for now")
        kernel_size = _ntuple(kernel_size, 2, 'kernel_size')
        op_name = kwargs.pop('op_name', 'Convolution')
        super().__init__(channels, kernel_size, strides, padding, dilation, groups, layout, in_channels,
                         activation, use_bias, weight_initializer, bias_initializer, op_name, **kwargs)


class Conv3D(_Conv):
    """3D convolution layer: slides `channels` learned filters of size `kernel_size` over the depth x height x
    width of the input and adds a bias.

    The weight has shape (channels, in_channels / groups, *kernel_size) (channels-last layouts: (channels,
    *kernel_size, in_channels / groups)).

    When `in_channels` is 0 the weight's input-channel size is left unknown and taken from the input at
    the first forward pass (deferred initialization).

    Parameters
    ----------
    channels : int
        Number of output channels (filters).
    kernel_size : int or tuple/list of 3 int
        Size of the convolution window.
    strides : int or tuple/list of 3 int
        Step of the window along each spatial axis.
    padding : int or tuple/list of 3 int
        Zeros implicitly added on both sides of each spatial axis of the input.
    dilation : int or tuple/list of 3 int
        Spacing between the kernel's taps.
    groups : int
        Splits input and output channels into this many groups, each convolved separately (groups=2 is two
        convolutions side by side, each on half the input channels giving half the output channels).
    layout : str, default 'NCDHW'
        Order of the data's axes: 'NCDHW' or 'NDHWC' (N batch, C channel, D/H/W spatial).
    in_channels : int, default 0
        Number of input channels; 0 means inferred from the first input.
    activation : str
        Name of an activation (see :class:`Activation`) applied to the output; None for none.
    use_bias : bool
        Whether the layer has a bias vector.
    weight_initializer : str or `Initializer`
        Initializer of the weight.
    bias_initializer : str or `Initializer`
        Initializer of the bias.


    Inputs:
        - **data**: 5D tensor of shape `(batch_size, in_channels, depth, height, width)` in layout `NCDHW`
          (permuted accordingly in the other layout).

    Outputs:
        - **out**: 5D tensor of shape `(batch_size, channels, out_depth, out_height, out_width)`,
          each output size = floor((size + 2 * padding - dilation * (kernel - 1) - 1) / stride) + 1.
    """

    def __init__(self, channels, kernel_size, strides=(1, 1, 1), padding=(0, 0, 0), dilation=(1, 1, 1),
                 groups=1, layout='NCDHW', activation=None, use_bias=True, weight_initializer=None,
                 bias_initializer='zeros', in_channels=0, **kwargs):
        _check(layout in ('NCDHW', 'NDHWC'), "Only supports 'NCDHW' and 'NDHWC' layout for now")
        kernel_size = _ntuple(kernel_size, 3, 'kernel_size')
        op_name = kwargs.pop('op_name', 'Convolution')
        super().__init__(channels, kernel_size, strides, padding, dilation, groups, layout, in_channels,
                         activation, use_bias, weight_initializer, bias_initializer, op_name, **kwargs)


class Conv1DTranspose(_Conv):
    """Transposed 1D convolution ("deconvolution"): the gradient of a 1D convolution with respect to its input,
    used to upsample. It maps a tensor shaped like a convolution's output back to the shape of that
    convolution's input.

    The weight has shape (in_channels, channels / groups, *kernel_size) (channels-last layouts: (in_channels,
    *kernel_size, channels / groups)).

    When `in_channels` is 0 the weight's input-channel size is left unknown and taken from the input at
    the first forward pass (deferred initialization).

    Parameters
    ----------
    channels : int
        Number of output channels (filters).
    kernel_size : int or tuple/list of 1 int
        Size of the convolution window.
    strides : int or tuple/list of 1 int
        Step of the window along each spatial axis.
    padding : int or tuple/list of 1 int
        Zeros implicitly added on both sides of each spatial axis of the input.
    output_padding: int or tuple/list of 1 int
        Extra size added at the end of each spatial axis of the output (smaller than the stride).
    dilation : int or tuple/list of 1 int
        Spacing between the kernel's taps.
    groups : int
        Splits input and output channels into this many groups, each convolved separately (groups=2 is two
        convolutions side by side, each on half the input channels giving half the output channels).
    layout : str, default 'NCW'
        Order of the data's axes: 'NCW' (N batch, C channel, D/H/W spatial).
    in_channels : int, default 0
        Number of input channels; 0 means inferred from the first input.
    activation : str
        Name of an activation (see :class:`Activation`) applied to the output; None for none.
    use_bias : bool
        Whether the layer has a bias vector.
    weight_initializer : str or `Initializer`
        Initializer of the weight.
    bias_initializer : str or `Initializer`
        Initializer of the bias.


    Inputs:
        - **data**: 3D tensor of shape `(batch_size, in_channels, width)` in layout `NCW`
          (permuted accordingly in the other layout).

    Outputs:
        - **out**: 3D tensor of shape `(batch_size, channels, out_width)`, each output size = (size -
          1) * stride - 2 * padding + dilation * (kernel - 1) + 1 + output_padding.
    """

    def __init__(self, channels, kernel_size, strides=1, padding=0, output_padding=0, dilation=1, groups=1,
                 layout='NCW', activation=None, use_bias=True, weight_initializer=None,
                 bias_initializer='zeros', in_channels=0, **kwargs):
        _check(layout == 'NCW', "Only supports 'NCW' layout for now")
        kernel_size = _ntuple(kernel_size, 1, 'kernel_size')
        output_padding = _ntuple(output_padding, 1, 'output_padding')
        op_name = kwargs.pop('op_name', 'Deconvolution')
        super().__init__(channels, kernel_size, strides, padding, dilation, groups, layout, in_channels,
                         activation, use_bias, weight_initializer, bias_initializer, op_name=op_name,
                         adj=output_padding, **kwargs)
        self.outpad = output_padding


class Conv2DTranspose(_Conv):
    """Transposed 2D convolution ("deconvolution"): the gradient of a 2D convolution with respect to its input,
    used to upsample. It maps a tensor shaped like a convolution's output back to the shape of that
    convolution's input.

    The weight has shape (in_channels, channels / groups, *kernel_size) (channels-last layouts: (in_channels,
    *kernel_size, channels / groups)).

    When `in_channels` is 0 the weight's input-channel size is left unknown and taken from the input at
    the first forward pass (deferred initialization).

    Parameters
    ----------
    channels : int
        Number of output channels (filters).
    kernel_size : int or tuple/list of 2 int
        Size of the convolution window.
    strides : int or tuple/list of 2 int
        Step of the window along each spatial axis.
    padding : int or tuple/list of 2 int
        Zeros implicitly added on both sides of each spatial axis of the input.
    output_padding: int or tuple/list of 2 int
        Extra size added at the end of each spatial axis of the output (smaller than the stride).
    dilation : int or tuple/list of 2 int
        Spacing between the kernel's taps.
    groups : int
        Splits input and output channels into this many groups, each convolved separately (groups=2 is two
        convolutions side by side, each on half the input channels giving half the output channels).
    layout : str, default 'NCHW'
        Order of the data's axes: 'NCHW' or 'NHWC' (N batch, C channel, D/H/W spatial).
    in_channels : int, default 0
        Number of input channels; 0 means inferred from the first input.
    activation : str
        Name of an activation (see :class:`Activation`) applied to the output; None for none.
    use_bias : bool
        Whether the layer has a bias vector.
    weight_initializer : str or `Initializer`
        Initializer of the weight.
    bias_initializer : str or `Initializer`
        Initializer of the bias.


    Inputs:
        - **data**: 4D tensor of shape `(batch_size, in_channels, height, width)` in layout `NCHW`
          (permuted accordingly in the other layout).

    Outputs:
        - **out**: 4D tensor of shape `(batch_size, channels, out_height, out_width)`, each output
          size = (size - 1) * stride - 2 * padding + dilation * (kernel - 1) + 1 + output_padding.
    """

    def __init__(self, channels, kernel_size, strides=(1, 1), padding=(0, 0), output_padding=(0, 0),
                 dilation=(1, 1), groups=1, layout='NCHW', activation=None, use_bias=True,
                 weight_initializer=None, bias_initializer='zeros', in_channels=0, **kwargs):
        _check(layout in ('NCHW', 'NHWC'), "Only supports 'NCHW' and 'NHWC' layout for now")
        kernel_size = _ntuple(kernel_size, 2, 'kernel_size')
        output_padding = _ntuple(output_padding, 2, 'output_padding')
        op_name = kwargs.pop('op_name', 'Deconvolution')
        super().__init__(channels, kernel_size, strides, padding, dilation, groups, layout, in_channels,
                         activation, use_bias, weight_initializer, bias_initializer, op_name=op_name,
                         adj=output_padding, **kwargs)
        self.outpad = output_padding


class Conv3DTranspose(_Conv):
    """Transposed 3D convolution ("deconvolution"): the gradient of a 3D convolution with respect to its input,
    used to upsample. It maps a tensor shaped like a convolution's output back to the shape of that
    convolution's input.

    The weight has shape (in_channels, channels / groups, *kernel_size) (channels-last layouts: (in_channels,
    *kernel_size, channels / groups)).

    When `in_channels` is 0 the weight's input-channel size is left unknown and taken from the input at
    the first forward pass (deferred initialization).

    Parameters
    ----------
    channels : int
        Number of output channels (filters).
    kernel_size : int or tuple/list of 3 int
        Size of the convolution window.
    strides : int or tuple/list of 3 int
        Step of the window along each spatial axis.
    padding : int or tuple/list of 3 int
        Zeros implicitly added on both sides of each spatial axis of the input.
    output_padding: int or tuple/list of 3 int
        Extra size added at the end of each spatial axis of the output (smaller than the stride).
    dilation : int or tuple/list of 3 int
        Spacing between the kernel's taps.
    groups : int
        Splits input and output channels into this many groups, each convolved separately (groups=2 is two
        convolutions side by side, each on half the input channels giving half the output channels).
    layout : str, default 'NCDHW'
        Order of the data's axes: 'NCDHW' or 'NDHWC' (N batch, C channel, D/H/W spatial).
    in_channels : int, default 0
        Number of input channels; 0 means inferred from the first input.
    activation : str
        Name of an activation (see :class:`Activation`) applied to the output; None for none.
    use_bias : bool
        Whether the layer has a bias vector.
    weight_initializer : str or `Initializer`
        Initializer of the weight.
    bias_initializer : str or `Initializer`
        Initializer of the bias.


    Inputs:
        - **data**: 5D tensor of shape `(batch_size, in_channels, depth, height, width)` in layout `NCDHW`
          (permuted accordingly in the other layout).

    Outputs:
        - **out**: 5D tensor of shape `(batch_size, channels, out_depth, out_height, out_width)`,
          each output size = (size - 1) * stride - 2 * padding + dilation * (kernel - 1) + 1 + output_padding.
    """

    def __init__(self, channels, kernel_size, strides=(1, 1, 1), padding=(0, 0, 0), output_padding=(0, 0, 0),
                 dilation=(1, 1, 1), groups=1, layout='NCDHW', activation=None, use_bias=True,
                 weight_initializer=None, bias_initializer='zeros', in_channels=0, **kwargs):
        _check(layout in ('NCDHW', 'NDHWC'), "Only supports 'NCDHW' and 'NDHWC' layout for now")
        kernel_size = _ntuple(kernel_size, 3, 'kernel_size')
        output_padding = _ntuple(output_padding, 3, 'output_padding')
        op_name = kwargs.pop('op_name', 'Deconvolution')
        super().__init__(channels, kernel_size, strides, padding, dilation, groups, layout, in_channels,
                         activation, use_bias, weight_initializer, bias_initializer, op_name=op_name,
                         adj=output_padding, **kwargs)
        self.outpad = output_padding


# ---- pooling -------------------------------------------------------------------------------------------
class _Pooling(HybridBlock):
    """Base of the pooling layers: calls the Pooling operator with the arguments fixed at construction."""

    def __init__(self, pool_size, strides, padding, ceil_mode, global_pool, pool_type, layout,
                 count_include_pad=None, **kwargs):
        super().__init__(**kwargs)
        if strides is None:
            strides = pool_size
        if isinstance(strides, numeric_types):
            strides = (strides,) * len(pool_size)
        if isinstance(padding, numeric_types):
            padding = (padding,) * len(pool_size)
        self._kwargs = {
            'kernel': pool_size, 'stride': strides, 'pad': padding,
            'global_pool': global_pool, 'pool_type': pool_type,
            'layout': layout,
            'pooling_convention': 'full' if ceil_mode else 'valid'}
        if count_include_pad is not None:
            self._kwargs['count_include_pad'] = count_include_pad
        self._op_kwargs = {k: _as_tuple(v) for k, v in self._kwargs.items()}

    def _alias(self):
        return 'pool'

    def hybrid_forward(self, F, x):
        return F.Pooling(x, **self._op_kwargs)

    def __repr__(self):
        s = '{name}(size={kernel}, stride={stride}, padding={pad}, ceil_mode={ceil_mode}'
        s += ', global_pool={global_pool}, pool_type={pool_type}, layout={layout})'
        return s.format(name=self.__class__.__name__,
                        ceil_mode=self._kwargs['pooling_convention'] == 'full',
                        **self._kwargs)


_LAYOUTS = {1: ('NCW', 'NWC'), 2: ('NCHW', 'NHWC'), 3: ('NCDHW', 'NDHWC')}


def _pool_args(pool_size, layout, n):
    _check(layout in _LAYOUTS[n], 'Only {} and {} layouts are valid for {}D Pooling'.format(
        _LAYOUTS[n][0], _LAYOUTS[n][1], n))
    return _ntuple(pool_size, n, 'pool_size')


class MaxPool1D(_Pooling):
    """1D max pooling: the maximum of each window of `pool_size` elements over the width of the
    input.

    Parameters
    ----------
    pool_size : int or tuple/list of 1 int
        Size of the pooling window.
    strides : int, tuple/list of 1 int, or None
        Step of the window; None means `pool_size` (non-overlapping windows).
    padding : int or tuple/list of 1 int
        Padding implicitly added on both sides of each spatial axis.
    layout : str, default 'NCW'
        Order of the data's axes: 'NCW' or 'NWC'.
    ceil_mode : bool, default False
        Round the output size up instead of down (a last, partial window is kept).


    Inputs:
        - **data**: 3D tensor of shape `(batch_size, channels, width)` in layout `NCW`
          (permuted accordingly in the other layout).

    Outputs:
        - **out**: 3D tensor of shape `(batch_size, channels, out_width)`, each output size =
          floor((size + 2 * padding - pool_size) / strides) + 1 (ceil with `ceil_mode`).
    """

    def __init__(self, pool_size=2, strides=None, padding=0, layout='NCW', ceil_mode=False, **kwargs):
        pool_size = _pool_args(pool_size, layout, 1)
        super().__init__(pool_size, strides, padding, ceil_mode, False, 'max', layout, **kwargs)


class MaxPool2D(_Pooling):
    """2D max pooling: the maximum of each window of `pool_size` elements over the height x width of the
    input.

    Parameters
    ----------
    pool_size : int or tuple/list of 2 int
        Size of the pooling window.
    strides : int, tuple/list of 2 int, or None
        Step of the window; None means `pool_size` (non-overlapping windows).
    padding : int or tuple/list of 2 int
        Padding implicitly added on both sides of each spatial axis.
    layout : str, default 'NCHW'
        Order of the data's axes: 'NCHW' or 'NHWC'.
    ceil_mode : bool, default False
        Round the output size up instead of down (a last, partial window is kept).


    Inputs:
        - **data**: 4D tensor of shape `(batch_size, channels, height, width)` in layout `NCHW`
          (permuted accordingly in the other layout).

    Outputs:
        - **out**: 4D tensor of shape `(batch_size, channels, out_height, out_width)`, each output
          size = floor((size + 2 * padding - pool_size) / strides) + 1 (ceil with `ceil_mode`).
    """

    def __init__(self, pool_size=(2, 2), strides=None, padding=0, layout='NCHW', ceil_mode=False, **kwargs):
        pool_size = _pool_args(pool_size, layout, 2)
        super().__init__(pool_size, strides, padding, ceil_mode, False, 'max', layout, **kwargs)


class MaxPool3D(_Pooling):
    """3D max pooling: the maximum of each window of `pool_size` elements over the depth x height x width of the
    input.

    Parameters
    ----------
    pool_size : int or tuple/list of 3 int
        Size of the pooling window.
    strides : int, tuple/list of 3 int, or None
        Step of the window; None means `pool_size` (non-overlapping windows).
    padding : int or tuple/list of 3 int
        Padding implicitly added on both sides of each spatial axis.
    layout : str, default 'NCDHW'
        Order of the data's axes: 'NCDHW' or 'NDHWC'.
    ceil_mode : bool, default False
        Round the output size up instead of down (a last, partial window is kept).


    Inputs:
        - **data**: 5D tensor of shape `(batch_size, channels, depth, height, width)` in layout `NCDHW`
          (permuted accordingly in the other layout).

    Outputs:
        - **out**: 5D tensor of shape `(batch_size, channels, out_depth, out_height, out_width)`,
          each output size = floor((size + 2 * padding - pool_size) / strides) + 1 (ceil with `ceil_mode`).
    """

    def __init__(self, pool_size=(2, 2, 2), strides=None, padding=0, ceil_mode=False, layout='NCDHW',
                 **kwargs):
        pool_size = _pool_args(pool_size, layout, 3)
        super().__init__(pool_size, strides, padding, ceil_mode, False, 'max', layout, **kwargs)


class AvgPool1D(_Pooling):
    """1D average pooling: the mean of each window of `pool_size` elements over the width of the
    input.

    Parameters
    ----------
    pool_size : int or tuple/list of 1 int
        Size of the pooling window.
    strides : int, tuple/list of 1 int, or None
        Step of the window; None means `pool_size` (non-overlapping windows).
    padding : int or tuple/list of 1 int
        Padding implicitly added on both sides of each spatial axis.
    layout : str, default 'NCW'
        Order of the data's axes: 'NCW' or 'NWC'.
    ceil_mode : bool, default False
        Round the output size up instead of down (a last, partial window is kept).
    count_include_pad : bool, default True
        Whether the padding zeros count in the mean (False: only the input elements do).


    Inputs:
        - **data**: 3D tensor of shape `(batch_size, channels, width)` in layout `NCW`
          (permuted accordingly in the other layout).

    Outputs:
        - **out**: 3D tensor of shape `(batch_size, channels, out_width)`, each output size =
          floor((size + 2 * padding - pool_size) / strides) + 1 (ceil with `ceil_mode`).
    """

    def __init__(self, pool_size=2, strides=None, padding=0, layout='NCW', ceil_mode=False,
                 count_include_pad=True, **kwargs):
        pool_size = _pool_args(pool_size, layout, 1)
        super().__init__(pool_size, strides, padding, ceil_mode, False, 'avg', layout, count_include_pad,
                         **kwargs)


class AvgPool2D(_Pooling):
    """2D average pooling: the mean of each window of `pool_size` elements over the height x width of the
    input.

    Parameters
    ----------
    pool_size : int or tuple/list of 2 int
        Size of the pooling window.
    strides : int, tuple/list of 2 int, or None
        Step of the window; None means `pool_size` (non-overlapping windows).
    padding : int or tuple/list of 2 int
        Padding implicitly added on both sides of each spatial axis.
    layout : str, default 'NCHW'
        Order of the data's axes: 'NCHW' or 'NHWC'.
    ceil_mode : bool, default False
        Round the output size up instead of down (a last, partial window is kept).
    count_include_pad : bool, default True
        Whether the padding zeros count in the mean (False: only the input elements do).


    Inputs:
        - **data**: 4D tensor of shape `(batch_size, channels, height, width)` in layout `NCHW`
          (permuted accordingly in the other layout).

    Outputs:
        - **out**: 4D tensor of shape `(batch_size, channels, out_height, out_width)`, each output
          size = floor((size + 2 * padding - pool_size) / strides) + 1 (ceil with `ceil_mode`).
    """

    def __init__(self, pool_size=(2, 2), strides=None, padding=0, ceil_mode=False, layout='NCHW',
                 count_include_pad=True, **kwargs):
        pool_size = _pool_args(pool_size, layout, 2)
        super().__init__(pool_size, strides, padding, ceil_mode, False, 'avg', layout, count_include_pad,
                         **kwargs)


class AvgPool3D(_Pooling):
    """3D average pooling: the mean of each window of `pool_size` elements over the depth x height x width of
    the
    input.

    Parameters
    ----------
    pool_size : int or tuple/list of 3 int
        Size of the pooling window.
    strides : int, tuple/list of 3 int, or None
        Step of the window; None means `pool_size` (non-overlapping windows).
    padding : int or tuple/list of 3 int
        Padding implicitly added on both sides of each spatial axis.
    layout : str, default 'NCDHW'
        Order of the data's axes: 'NCDHW' or 'NDHWC'.
    ceil_mode : bool, default False
        Round the output size up instead of down (a last, partial window is kept).
    count_include_pad : bool, default True
        Whether the padding zeros count in the mean (False: only the input elements do).


    Inputs:
        - **data**: 5D tensor of shape `(batch_size, channels, depth, height, width)` in layout `NCDHW`
          (permuted accordingly in the other layout).

    Outputs:
        - **out**: 5D tensor of shape `(batch_size, channels, out_depth, out_height, out_width)`,
          each output size = floor((size + 2 * padding - pool_size) / strides) + 1 (ceil with `ceil_mode`).
    """

    def __init__(self, pool_size=(2, 2, 2), strides=None, padding=0, ceil_mode=False, layout='NCDHW',
                 count_include_pad=True, **kwargs):
        pool_size = _pool_args(pool_size, layout, 3)
        super().__init__(pool_size, strides, padding, ceil_mode, False, 'avg', layout, count_include_pad,
                         **kwargs)


class _GlobalPooling(_Pooling):
    """Pooling over all of the input's `_n` spatial axes (they become 1)."""
    _n = None
    _pool_type = None

    def __init__(self, layout=None, **kwargs):
        n = self._n
        layout = _LAYOUTS[n][0] if layout is None else layout
        _check(layout in _LAYOUTS[n], 'Only {} and {} layouts are valid for {}D Pooling'.format(
            _LAYOUTS[n][0], _LAYOUTS[n][1], n))
        super().__init__((1,) * n, None, 0, True, True, self._pool_type, layout, **kwargs)


class GlobalMaxPool1D(_GlobalPooling):
    """Global max pooling operation for one dimensional (temporal) data: the maximum over the whole width.

    Parameters
    ----------
    layout : str, default 'NCW'
        Dimension ordering of data and out ('NCW' or 'NWC').


    Inputs:
        - **data**: 3D input tensor with shape `(batch_size, in_channels, width)` when `layout` is `NCW`.

    Outputs:
        - **out**: 3D output tensor with shape `(batch_size, channels, 1)` when `layout` is `NCW`.
    """
    _n, _pool_type = 1, 'max'

    def __init__(self, layout='NCW', **kwargs):
        super().__init__(layout, **kwargs)


class GlobalMaxPool2D(_GlobalPooling):
    """Global max pooling operation for two dimensional (spatial) data: the maximum over height and width.

    Parameters
    ----------
    layout : str, default 'NCHW'
        Dimension ordering of data and out ('NCHW' or 'NHWC').


    Inputs:
        - **data**: 4D input tensor with shape `(batch_size, in_channels, height, width)` when `layout` is
          `NCHW`.

    Outputs:
        - **out**: 4D output tensor with shape `(batch_size, channels, 1, 1)` when `layout` is
          `NCHW`.
    """
    _n, _pool_type = 2, 'max'

    def __init__(self, layout='NCHW', **kwargs):
        super().__init__(layout, **kwargs)


class GlobalMaxPool3D(_GlobalPooling):
    """Global max pooling operation for 3D data: the maximum over depth, height and width.

    Parameters
    ----------
    layout : str, default 'NCDHW'
        Dimension ordering of data and out ('NCDHW' or 'NDHWC').


    Inputs:
        - **data**: 5D input tensor with shape `(batch_size, in_channels, depth, height, width)` when
          `layout` is `NCDHW`.

    Outputs:
        - **out**: 5D output tensor with shape `(batch_size, channels, 1, 1, 1)` when `layout` is
          `NCDHW`.
    """
    _n, _pool_type = 3, 'max'

    def __init__(self, layout='NCDHW', **kwargs):
        super().__init__(layout, **kwargs)


class GlobalAvgPool1D(_GlobalPooling):
    """Global average pooling operation for temporal data: the mean over the whole width.

    Parameters
    ----------
    layout : str, default 'NCW'
        Dimension ordering of data and out ('NCW' or 'NWC').


    Inputs:
        - **data**: 3D input tensor with shape `(batch_size, in_channels, width)` when `layout` is `NCW`.

    Outputs:
        - **out**: 3D output tensor with shape `(batch_size, channels, 1)` when `layout` is `NCW`.
    """
    _n, _pool_type = 1, 'avg'

    def __init__(self, layout='NCW', **kwargs):
        super().__init__(layout, **kwargs)


class GlobalAvgPool2D(_GlobalPooling):
    """Global average pooling operation for spatial data: the mean over height and width.

    Parameters
    ----------
    layout : str, default 'NCHW'
        Dimension ordering of data and out ('NCHW' or 'NHWC').


    Inputs:
        - **data**: 4D input tensor with shape `(batch_size, in_channels, height, width)` when `layout` is
          `NCHW`.

    Outputs:
        - **out**: 4D output tensor with shape `(batch_size, channels, 1, 1)` when `layout` is
          `NCHW`.
    """
    _n, _pool_type = 2, 'avg'

    def __init__(self, layout='NCHW', **kwargs):
        super().__init__(layout, **kwargs)


class GlobalAvgPool3D(_GlobalPooling):
    """Global average pooling operation for 3D data: the mean over depth, height and width.

    Parameters
    ----------
    layout : str, default 'NCDHW'
        Dimension ordering of data and out ('NCDHW' or 'NDHWC').


    Inputs:
        - **data**: 5D input tensor with shape `(batch_size, in_channels, depth, height, width)` when
          `layout` is `NCDHW`.

    Outputs:
        - **out**: 5D output tensor with shape `(batch_size, channels, 1, 1, 1)` when `layout` is
          `NCDHW`.
    """
    _n, _pool_type = 3, 'avg'

    def __init__(self, layout='NCDHW', **kwargs):
        super().__init__(layout, **kwargs)


class ReflectionPad2D(HybridBlock):
    r"""Pads height and width of an NCHW input with a mirror image of the input near its border (the
    border element itself is not repeated).

    Parameters
    ----------
    padding : int or tuple of 8 ints
        Pad width added before and after both the height and the width, or the 8 `pad_width` values of
        :func:`~mxnet.ndarray.pad` (before/after for each of the 4 axes; those of N and C must be 0).


    Inputs:
        - **data**: tensor of shape (N, C, H, W).

    Outputs:
        - **out**: tensor of shape (N, C, H + 2 * padding, W + 2 * padding). Examples -------- >>>
          pad = nn.ReflectionPad2D(1) >>> pad(mx.nd.arange(4).reshape((1, 1, 2, 2))).shape (1, 1, 4, 4)
    """

    def __init__(self, padding=0, **kwargs):
        super().__init__(**kwargs)
        if isinstance(padding, numeric_types):
            padding = (0, 0, 0, 0, padding, padding, padding, padding)
        _check(len(padding) == 8, 'ReflectionPad2D: padding must be a number or 8 ints, got {}'.format(padding))
        self._padding = _as_tuple(padding)

    def hybrid_forward(self, F, x):
        return F.pad(x, mode='reflect', pad_width=self._padding)
