"""Convolutional recurrent cells of ``mx.gluon.contrib.rnn``: RNN, LSTM and GRU cells in 1, 2 and 3
dimensions whose input and recurrent transforms are convolutions instead of matrix products.

A cell has MXNet's parameters ``i2h_weight``, ``h2h_weight``, ``i2h_bias`` and ``h2h_bias`` (the gates
stacked along the output channels). Its states have the spatial size of the input convolution's output;
the recurrent convolution (odd kernel, stride 1) is padded to keep that size."""
import numbers

from ....base import MXNetError
from ...rnn.rnn_cell import HybridRecurrentCell, _lstm_update

__all__ = ['Conv1DRNNCell', 'Conv2DRNNCell', 'Conv3DRNNCell',
           'Conv1DLSTMCell', 'Conv2DLSTMCell', 'Conv3DLSTMCell',
           'Conv1DGRUCell', 'Conv2DGRUCell', 'Conv3DGRUCell']


def _per_axis(value, dims):
    """A convolution setting as one int per spatial axis."""
    return (value,) * dims if isinstance(value, numbers.Number) else tuple(value)


class _BaseConvRNNCell(HybridRecurrentCell):
    """The convolution settings, parameter and state shapes (from `input_shape` and `conv_layout`) and the
    two convolutions of a step, shared by the convolutional cells. Subclasses set the number of gate
    blocks and states and write the step."""
    _num_gates = 1
    _num_states = 1

    def __init__(self, input_shape, hidden_channels, i2h_kernel, h2h_kernel, i2h_pad, i2h_dilate, h2h_dilate,
                 i2h_weight_initializer, h2h_weight_initializer, i2h_bias_initializer, h2h_bias_initializer,
                 dims, conv_layout, activation, prefix=None, params=None):
        super().__init__(prefix=prefix, params=params)
        settings = (i2h_kernel, i2h_pad, i2h_dilate, h2h_kernel, h2h_dilate)
        if not all(isinstance(s, numbers.Integral) or len(s) == dims for s in settings):
            raise AssertionError('For {0}D convolution, the convolution settings can only be either int or '
                                 'list/tuple of length {0}; got i2h_kernel={1}, i2h_pad={2}, i2h_dilate={3}, '
                                 'h2h_kernel={4}, h2h_dilate={5}'.format(dims, *settings))
        self._i2h_kernel, self._i2h_pad, self._i2h_dilate, self._h2h_kernel, self._h2h_dilate = (
            _per_axis(s, dims) for s in settings)
        if any(k % 2 == 0 for k in self._h2h_kernel):
            raise AssertionError('Only support odd number, get h2h_kernel= %s' % str(h2h_kernel))
        self._stride = (1,) * dims
        # half the dilated extent of an odd kernel on each side keeps the state's size
        self._h2h_pad = tuple(d * (k - 1) // 2 for k, d in zip(self._h2h_kernel, self._h2h_dilate))
        self._input_shape, self._hidden_channels = input_shape, hidden_channels
        self._conv_layout, self._activation = conv_layout, activation

        # input_shape and the states leave out the batch axis: channels are first ('NC...') or last
        self._channel_axis = conv_layout.find('C')
        channels_last = self._channel_axis != 1
        self._in_channels = input_shape[self._channel_axis - 1]
        spatial = input_shape[:-1] if channels_last else input_shape[1:]
        # stride 1: each axis shrinks by the dilated kernel's extent less the padding (unknown 0 stays 0)
        out_size = tuple(n + 2 * p - d * (k - 1) if n else 0
                         for n, k, p, d in zip(spatial, self._i2h_kernel, self._i2h_pad, self._i2h_dilate))

        def oriented(channels, rest):
            return tuple(rest) + (channels,) if channels_last else (channels,) + tuple(rest)

        rows = hidden_channels * self._num_gates
        self._state_shape = oriented(hidden_channels, out_size)
        made = [('i2h_weight', (rows,) + oriented(self._in_channels, self._i2h_kernel), i2h_weight_initializer),
                ('h2h_weight', (rows,) + oriented(hidden_channels, self._h2h_kernel), h2h_weight_initializer),
                ('i2h_bias', (rows,), i2h_bias_initializer), ('h2h_bias', (rows,), h2h_bias_initializer)]
        for name, shape, init in made:
            setattr(self, name, self.params.get(name, shape=shape, init=init, allow_deferred_init=True))

    def _weight_channel_axis(self):
        return 1 if self._channel_axis == 1 else -1

    def __repr__(self):
        shape = self.i2h_weight.shape
        return '{}({} -> {}, {}, {})'.format(type(self).__name__, shape[self._weight_channel_axis()] or None,
                                             shape[0], self._activation, self._conv_layout)

    def state_info(self, batch_size=0):
        return [{'shape': (batch_size,) + self._state_shape, '__layout__': self._conv_layout}
                for _ in range(self._num_states)]

    def infer_shape(self, inputs, *args):
        """Sets the input channels of i2h_weight (0 in `input_shape`) from the first input."""
        if inputs.ndim != len(self._conv_layout):
            raise MXNetError('{} {}: input of shape {} must be {}-D for layout {}'.format(
                type(self).__name__, self.name, inputs.shape, len(self._conv_layout), self._conv_layout))
        shape = list(self.i2h_weight.shape)
        shape[self._weight_channel_axis()] = inputs.shape[self._channel_axis]
        self.i2h_weight.shape = tuple(shape)

    def _conv_forward(self, F, inputs, states, i2h_weight, h2h_weight, i2h_bias, h2h_bias, prefix):
        """The step's two convolutions: of the input, and of the recurrent state h."""
        common = dict(num_filter=self._hidden_channels * self._num_gates, stride=self._stride,
                      layout=self._conv_layout)
        i2h = F.Convolution(data=inputs, weight=i2h_weight, bias=i2h_bias, kernel=self._i2h_kernel,
                            pad=self._i2h_pad, dilate=self._i2h_dilate, name=prefix + 'i2h', **common)
        h2h = F.Convolution(data=states[0], weight=h2h_weight, bias=h2h_bias, kernel=self._h2h_kernel,
                            pad=self._h2h_pad, dilate=self._h2h_dilate, name=prefix + 'h2h', **common)
        return i2h, h2h

    def hybrid_forward(self, F, inputs, states, i2h_weight, h2h_weight, i2h_bias, h2h_bias):
        raise NotImplementedError('_BaseConvRNNCell is abstract class for convolutional RNN')


class _ConvRNNCell(_BaseConvRNNCell):
    """h' = activation(conv(x) + conv(h))."""

    def _alias(self):
        return 'conv_rnn'

    def hybrid_forward(self, F, inputs, states, i2h_weight, h2h_weight, i2h_bias, h2h_bias):
        prefix = 't%d_' % self._counter
        i2h, h2h = self._conv_forward(F, inputs, states, i2h_weight, h2h_weight, i2h_bias, h2h_bias, prefix)
        h = self._get_activation(F, F.elemwise_add(i2h, h2h), self._activation, name=prefix + 'out')
        return h, [h]


class _ConvLSTMCell(_BaseConvRNNCell):
    """The LSTM update with gate blocks input, forget, candidate, output along the channel axis; states
    [h, c]."""
    _num_gates = 4
    _num_states = 2

    def _alias(self):
        return 'conv_lstm'

    def hybrid_forward(self, F, inputs, states, i2h_weight, h2h_weight, i2h_bias, h2h_bias):
        prefix = 't%d_' % self._counter
        i2h, h2h = self._conv_forward(F, inputs, states, i2h_weight, h2h_weight, i2h_bias, h2h_bias, prefix)
        h, c = _lstm_update(self, F, F.elemwise_add(i2h, h2h), states[1], self._activation, 'sigmoid', prefix,
                            axis=self._channel_axis)
        return h, [h, c]


class _ConvGRUCell(_BaseConvRNNCell):
    """The GRU update with gate blocks reset, update, new along the channel axis; the reset gate scales
    the recurrent convolution's new block, as in GRUCell."""
    _num_gates = 3

    def _alias(self):
        return 'conv_gru'

    def hybrid_forward(self, F, inputs, states, i2h_weight, h2h_weight, i2h_bias, h2h_bias):
        prefix = 't%d_' % self._counter
        i2h, h2h = self._conv_forward(F, inputs, states, i2h_weight, h2h_weight, i2h_bias, h2h_bias, prefix)
        axis = self._channel_axis
        x_r, x_z, x_n = F.SliceChannel(i2h, num_outputs=3, axis=axis, name=prefix + 'i2h_slice')
        h_r, h_z, h_n = F.SliceChannel(h2h, num_outputs=3, axis=axis, name=prefix + 'h2h_slice')
        r = F.sigmoid(F.elemwise_add(x_r, h_r), name=prefix + 'r_act')
        z = F.sigmoid(F.elemwise_add(x_z, h_z), name=prefix + 'z_act')
        n = self._get_activation(F, F.elemwise_add(x_n, F.elemwise_mul(r, h_n)), self._activation,
                                 name=prefix + 'h_act')
        h = F.elemwise_add(F.elemwise_mul(1. - z, n), F.elemwise_mul(z, states[0]), name=prefix + 'out')
        return h, [h]


# ---- the public cells: one __init__ per dimensionality (MXNet's defaults), one step rule per kind --------
class _Conv1D:
    def __init__(self, input_shape, hidden_channels, i2h_kernel, h2h_kernel, i2h_pad=(0,), i2h_dilate=(1,),
                 h2h_dilate=(1,), i2h_weight_initializer=None, h2h_weight_initializer=None,
                 i2h_bias_initializer='zeros', h2h_bias_initializer='zeros', conv_layout='NCW', activation='tanh',
                 prefix=None, params=None):
        super().__init__(input_shape, hidden_channels, i2h_kernel, h2h_kernel, i2h_pad, i2h_dilate, h2h_dilate,
                         i2h_weight_initializer, h2h_weight_initializer, i2h_bias_initializer,
                         h2h_bias_initializer, 1, conv_layout, activation, prefix, params)


class _Conv2D:
    def __init__(self, input_shape, hidden_channels, i2h_kernel, h2h_kernel, i2h_pad=(0, 0), i2h_dilate=(1, 1),
                 h2h_dilate=(1, 1), i2h_weight_initializer=None, h2h_weight_initializer=None,
                 i2h_bias_initializer='zeros', h2h_bias_initializer='zeros', conv_layout='NCHW',
                 activation='tanh', prefix=None, params=None):
        super().__init__(input_shape, hidden_channels, i2h_kernel, h2h_kernel, i2h_pad, i2h_dilate, h2h_dilate,
                         i2h_weight_initializer, h2h_weight_initializer, i2h_bias_initializer,
                         h2h_bias_initializer, 2, conv_layout, activation, prefix, params)


class _Conv3D:
    def __init__(self, input_shape, hidden_channels, i2h_kernel, h2h_kernel, i2h_pad=(0, 0, 0),
                 i2h_dilate=(1, 1, 1), h2h_dilate=(1, 1, 1), i2h_weight_initializer=None,
                 h2h_weight_initializer=None, i2h_bias_initializer='zeros', h2h_bias_initializer='zeros',
                 conv_layout='NCDHW', activation='tanh', prefix=None, params=None):
        super().__init__(input_shape, hidden_channels, i2h_kernel, h2h_kernel, i2h_pad, i2h_dilate, h2h_dilate,
                         i2h_weight_initializer, h2h_weight_initializer, i2h_bias_initializer,
                         h2h_bias_initializer, 3, conv_layout, activation, prefix, params)


_STEP = {
    'RNN': r"""
    A step computes :math:`h_t = \mathrm{act}(W \star x_t + b_{i2h} + U \star h_{t-1} + b_{h2h})`, with
    :math:`\star` the convolution and act the `activation` (tanh by default); the output is :math:`h_t`.""",
    'LSTM': r"""
    A step (Shi et al., 2015, https://arxiv.org/abs/1506.04214) splits
    :math:`W \star x_t + b_{i2h} + U \star h_{t-1} + b_{h2h}` (:math:`\star`: the convolution) along the
    channels into the blocks of the input, forget, candidate and output gates; the gates are sigmoids of
    their blocks and the candidate :math:`g` is `activation` of its block. Then
    :math:`c_t = f \odot c_{t-1} + i \odot g` and :math:`h_t = o \odot \mathrm{act}(c_t)`, the output.""",
    'GRU': r"""
    A step splits :math:`a = W \star x_t + b_{i2h}` and :math:`u = U \star h_{t-1} + b_{h2h}`
    (:math:`\star`: the convolution) along the channels into reset, update and new blocks:
    :math:`r = \sigma(a_r + u_r)`, :math:`z = \sigma(a_z + u_z)`, :math:`n = \mathrm{act}(a_n + r \odot u_n)`
    and :math:`h_t = (1 - z) \odot n + z \odot h_{t-1}`, the output.""",
}

_LAYOUTS = {1: ("'NCW'", "'NCW' and 'NWC' (MXNet's Convolution accepts only 'NCW')", '(C, W)'),
            2: ("'NCHW'", "'NCHW' and 'NHWC'", '(C, H, W)'),
            3: ("'NCDHW'", "'NCDHW' and 'NDHWC'", '(C, D, H, W)')}


def _document(kind, dims):
    """Class decorator: the docstring of the `dims`-D convolutional `kind` cell."""
    layout, choices, example = _LAYOUTS[dims]
    zeros, ones = str((0,) * dims), str((1,) * dims)

    def decorate(cls):
        cls.__doc__ = r"""{dims}-D convolutional {kind} cell: one time step per call, or a sequence with
    `unroll` (inputs of shape (batch, time, ...) for layout 'NTC').
{step}

    Parameters
    ----------
    input_shape : tuple of int
        Shape of one sample at one time step (without the batch and time axes), in `conv_layout`: for
        layout {layout} it is {example}. Input channels of 0 are inferred from the first input.
    hidden_channels : int
        Number of channels of the output and of the states.
    i2h_kernel : int or tuple of int
        Kernel size of the input convolution.
    h2h_kernel : int or tuple of int
        Kernel size of the recurrent convolution; odd sizes only (it is padded to keep the state's size).
    i2h_pad : int or tuple of int, default {zeros}
        Padding of the input convolution.
    i2h_dilate : int or tuple of int, default {ones}
        Dilation of the input convolution.
    h2h_dilate : int or tuple of int, default {ones}
        Dilation of the recurrent convolution.
    i2h_weight_initializer : str or Initializer
        Initializer for the input convolution's weights.
    h2h_weight_initializer : str or Initializer
        Initializer for the recurrent convolution's weights.
    i2h_bias_initializer : str or Initializer, default 'zeros'
        Initializer for the input convolution's bias.
    h2h_bias_initializer : str or Initializer, default 'zeros'
        Initializer for the recurrent convolution's bias.
    conv_layout : str, default {layout}
        Layout of inputs, states and weights: {choices}.
    activation : str or gluon.Block, default 'tanh'
        Activation function: a name accepted by :func:`~mxnet.ndarray.Activation`, or a block such as
        nn.LeakyReLU.
    prefix : str, default ``'conv_{alias}_'``
        Prefix for the names of the parameters (when `params` is None).
    params : ParameterDict, default None
        Parameters to share with another cell; new ones when None.
    """.format(dims=dims, kind=kind, step=_STEP[kind], layout=layout, example=example, zeros=zeros, ones=ones,
               choices=choices, alias=kind.lower())
        return cls
    return decorate


@_document('RNN', 1)
class Conv1DRNNCell(_Conv1D, _ConvRNNCell):
    pass


@_document('RNN', 2)
class Conv2DRNNCell(_Conv2D, _ConvRNNCell):
    pass


@_document('RNN', 3)
class Conv3DRNNCell(_Conv3D, _ConvRNNCell):
    pass


@_document('LSTM', 1)
class Conv1DLSTMCell(_Conv1D, _ConvLSTMCell):
    pass


@_document('LSTM', 2)
class Conv2DLSTMCell(_Conv2D, _ConvLSTMCell):
    pass


@_document('LSTM', 3)
class Conv3DLSTMCell(_Conv3D, _ConvLSTMCell):
    pass


@_document('GRU', 1)
class Conv1DGRUCell(_Conv1D, _ConvGRUCell):
    pass


@_document('GRU', 2)
class Conv2DGRUCell(_Conv2D, _ConvGRUCell):
    pass


@_document('GRU', 3)
class Conv3DGRUCell(_Conv3D, _ConvGRUCell):
    pass


# ---- names of MXNet's module that code outside it imports ----
from math import floor  # noqa: E402

from ....base import numeric_types  # noqa: E402,F401


def _get_conv_out_size(dimensions, kernels, paddings, dilations):
    """The spatial output size of a stride-1 convolution per dimension (an unknown size, 0, stays 0)."""
    sizes = []
    for size, kernel, pad, dilate in zip(dimensions, kernels, paddings, dilations):
        sizes.append(int(floor(size + 2 * pad - dilate * (kernel - 1) - 1) + 1) if size else 0)
    return tuple(sizes)
