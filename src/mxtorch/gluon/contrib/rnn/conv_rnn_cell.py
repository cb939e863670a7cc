"""Convolutional recurrent cells (``mx.gluon.contrib.rnn``): RNN, LSTM and GRU cells whose input-to-hidden
and hidden-to-hidden transforms are 1-D, 2-D or 3-D convolutions instead of matrix products.

Each cell keeps MXNet's four parameters ``i2h_weight``, ``h2h_weight``, ``i2h_bias`` and ``h2h_bias`` (the
gates stacked on the output-channel axis), and its state keeps the spatial size of the input convolution's
output: the recurrent convolution is padded so that it maps the state onto itself."""
import numbers

from ....base import MXNetError
from ...rnn.rnn_cell import HybridRecurrentCell, _lstm_update
from .rnn_cell import _names_cell_in_errors

__all__ = ['Conv1DRNNCell', 'Conv2DRNNCell', 'Conv3DRNNCell',
           'Conv1DLSTMCell', 'Conv2DLSTMCell', 'Conv3DLSTMCell',
           'Conv1DGRUCell', 'Conv2DGRUCell', 'Conv3DGRUCell']


def _conv_out_size(dimensions, kernels, paddings, dilations):
    """Spatial size after a stride-1 convolution; an unknown (0) size stays 0."""
    return tuple(x + 2 * p - d * (k - 1) if x else 0
                 for x, k, p, d in zip(dimensions, kernels, paddings, dilations))


def _spec(value, dims):
    return (value,) * dims if isinstance(value, numbers.Number) else tuple(value)


class _BaseConvRNNCell(HybridRecurrentCell):
    """What the convolutional cells share: the convolution settings, the parameter and state shapes
    derived from `input_shape` and `conv_layout`, and the two convolutions of a step."""
    _num_gates = 1     # blocks of hidden_channels stacked in the weights' output channels
    _num_states = 1

    def __init__(self, input_shape, hidden_channels, i2h_kernel, h2h_kernel, i2h_pad, i2h_dilate, h2h_dilate,
                 i2h_weight_initializer, h2h_weight_initializer, i2h_bias_initializer, h2h_bias_initializer,
                 dims, conv_layout, activation, prefix=None, params=None):
        super().__init__(prefix=prefix, params=params)
        self._hidden_channels = hidden_channels
        self._input_shape = input_shape
        self._conv_layout = conv_layout
        self._activation = activation
        assert all(isinstance(spec, numbers.Integral) or len(spec) == dims
                   for spec in (i2h_kernel, i2h_pad, i2h_dilate, h2h_kernel, h2h_dilate)), \
            'For {dims}D convolution, the convolution settings can only be either int or list/tuple of ' \
            'length {dims}'.format(dims=dims)
        self._i2h_kernel = _spec(i2h_kernel, dims)
        self._stride = (1,) * dims
        self._i2h_pad = _spec(i2h_pad, dims)
        self._i2h_dilate = _spec(i2h_dilate, dims)
        self._h2h_kernel = _spec(h2h_kernel, dims)
        # an odd recurrent kernel, padded by half its dilated extent, keeps the state's size
        assert all(k % 2 == 1 for k in self._h2h_kernel), \
            'Only support odd number, get h2h_kernel= %s' % str(h2h_kernel)
        self._h2h_dilate = _spec(h2h_dilate, dims)
        self._h2h_pad = tuple(d * (k - 1) // 2 for d, k in zip(self._h2h_dilate, self._h2h_kernel))

        # shapes: channels first ('NC...') or last ('N...C'), as the layout says
        self._channel_axis = conv_layout.find('C')
        channels_first = self._channel_axis == 1
        self._in_channels = input_shape[self._channel_axis - 1]
        spatial = tuple(input_shape[1:] if channels_first else input_shape[:-1])
        out_size = _conv_out_size(spatial, self._i2h_kernel, self._i2h_pad, self._i2h_dilate)
        rows = hidden_channels * self._num_gates
        if channels_first:
            i2h_shape = (rows, self._in_channels) + self._i2h_kernel
            h2h_shape = (rows, hidden_channels) + self._h2h_kernel
            self._state_shape = (hidden_channels,) + out_size
        else:
            i2h_shape = (rows,) + self._i2h_kernel + (self._in_channels,)
            h2h_shape = (rows,) + self._h2h_kernel + (hidden_channels,)
            self._state_shape = out_size + (hidden_channels,)

        self.i2h_weight = self.params.get('i2h_weight', shape=i2h_shape, init=i2h_weight_initializer,
                                          allow_deferred_init=True)
        self.h2h_weight = self.params.get('h2h_weight', shape=h2h_shape, init=h2h_weight_initializer,
                                          allow_deferred_init=True)
        self.i2h_bias = self.params.get('i2h_bias', shape=(rows,), init=i2h_bias_initializer,
                                        allow_deferred_init=True)
        self.h2h_bias = self.params.get('h2h_bias', shape=(rows,), init=h2h_bias_initializer,
                                        allow_deferred_init=True)

    def __repr__(self):
        shape = self.i2h_weight.shape
        in_channels = shape[1 if self._channel_axis == 1 else -1]
        return '{name}({inc} -> {out}, {act}, {layout})'.format(
            name=self.__class__.__name__, inc=in_channels if in_channels else None, out=shape[0],
            act=self._activation, layout=self._conv_layout)

    def state_info(self, batch_size=0):
        info = {'shape': (batch_size,) + self._state_shape, '__layout__': self._conv_layout}
        return [dict(info) for _ in range(self._num_states)]

    def infer_shape(self, inputs, *args):
        """Completes the input channels of i2h_weight (0 in `input_shape`) from the first input."""
        if inputs.ndim != len(self._conv_layout):
            raise MXNetError('{} {}: input of shape {} must be {}-D for layout {}'.format(
                self.__class__.__name__, self.name, inputs.shape, len(self._conv_layout), self._conv_layout))
        shape = list(self.i2h_weight.shape)
        shape[1 if self._channel_axis == 1 else -1] = inputs.shape[self._channel_axis]
        self.i2h_weight.shape = tuple(shape)

    def _conv_forward(self, F, inputs, states, i2h_weight, h2h_weight, i2h_bias, h2h_bias, prefix):
        """The input and recurrent convolutions of one step."""
        num_filter = self._hidden_channels * self._num_gates
        i2h = F.Convolution(data=inputs, weight=i2h_weight, bias=i2h_bias, num_filter=num_filter,
                            kernel=self._i2h_kernel, stride=self._stride, pad=self._i2h_pad,
                            dilate=self._i2h_dilate, layout=self._conv_layout, name=prefix + 'i2h')
        h2h = F.Convolution(data=states[0], weight=h2h_weight, bias=h2h_bias, num_filter=num_filter,
                            kernel=self._h2h_kernel, stride=self._stride, pad=self._h2h_pad,
                            dilate=self._h2h_dilate, layout=self._conv_layout, name=prefix + 'h2h')
        return i2h, h2h

    def hybrid_forward(self, F, inputs, states, i2h_weight, h2h_weight, i2h_bias, h2h_bias):
        raise NotImplementedError('_BaseConvRNNCell is abstract class for convolutional RNN')


class _ConvRNNCell(_BaseConvRNNCell):
    """h_t = activation(W * x_t + R * h_{t-1} + b)."""

    def _alias(self):
        return 'conv_rnn'

    @_names_cell_in_errors
    def hybrid_forward(self, F, inputs, states, i2h_weight, h2h_weight, i2h_bias, h2h_bias):
        prefix = 't%d_' % self._counter
        i2h, h2h = self._conv_forward(F, inputs, states, i2h_weight, h2h_weight, i2h_bias, h2h_bias, prefix)
        output = self._get_activation(F, F.elemwise_add(i2h, h2h), self._activation, name=prefix + 'out')
        return output, [output]


class _ConvLSTMCell(_BaseConvRNNCell):
    """LSTM gates (input, forget, cell, output) stacked on the channel axis; states [h, c]."""
    _num_gates = 4
    _num_states = 2

    def _alias(self):
        return 'conv_lstm'

    @_names_cell_in_errors
    def hybrid_forward(self, F, inputs, states, i2h_weight, h2h_weight, i2h_bias, h2h_bias):
        prefix = 't%d_' % self._counter
        i2h, h2h = self._conv_forward(F, inputs, states, i2h_weight, h2h_weight, i2h_bias, h2h_bias, prefix)
        next_h, next_c = _lstm_update(self, F, F.elemwise_add(i2h, h2h), states[1], self._activation, 'sigmoid',
                                      prefix, axis=self._channel_axis)
        return next_h, [next_h, next_c]


class _ConvGRUCell(_BaseConvRNNCell):
    """GRU gates (reset, update, new) stacked on the channel axis; the reset gate scales the recurrent
    convolution of the new gate, as in GRUCell."""
    _num_gates = 3

    def _alias(self):
        return 'conv_gru'

    @_names_cell_in_errors
    def hybrid_forward(self, F, inputs, states, i2h_weight, h2h_weight, i2h_bias, h2h_bias):
        prefix = 't%d_' % self._counter
        i2h, h2h = self._conv_forward(F, inputs, states, i2h_weight, h2h_weight, i2h_bias, h2h_bias, prefix)
        axis = self._channel_axis
        i2h_r, i2h_z, i2h_n = F.SliceChannel(i2h, num_outputs=3, axis=axis, name=prefix + 'i2h_slice')
        h2h_r, h2h_z, h2h_n = F.SliceChannel(h2h, num_outputs=3, axis=axis, name=prefix + 'h2h_slice')
        reset_gate = F.sigmoid(F.elemwise_add(i2h_r, h2h_r), name=prefix + 'r_act')
        update_gate = F.sigmoid(F.elemwise_add(i2h_z, h2h_z), name=prefix + 'z_act')
        candidate = self._get_activation(F, F.elemwise_add(i2h_n, F.elemwise_mul(reset_gate, h2h_n)),
                                         self._activation, name=prefix + 'h_act')
        next_h = F.elemwise_add(F.elemwise_mul(1. - update_gate, candidate),
                                F.elemwise_mul(update_gate, states[0]), name=prefix + 'out')
        return next_h, [next_h]


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
    .. math::

        h_t = tanh(W \ast x_t + R \ast h_{t-1} + b)

    where :math:`\ast` is the convolution (another `activation` replaces tanh).""",
    'LSTM': r"""
    .. math::
        \begin{array}{ll}
        i_t = \sigma(W_i \ast x_t + R_i \ast h_{t-1} + b_i) \\
        f_t = \sigma(W_f \ast x_t + R_f \ast h_{t-1} + b_f) \\
        o_t = \sigma(W_o \ast x_t + R_o \ast h_{t-1} + b_o) \\
        c^\prime_t = tanh(W_c \ast x_t + R_c \ast h_{t-1} + b_c) \\
        c_t = f_t \circ c_{t-1} + i_t \circ c^\prime_t \\
        h_t = o_t \circ tanh(c_t) \\
        \end{array}

    where :math:`\ast` is the convolution and :math:`\circ` the elementwise product; the gates are stacked
    in the order input, forget, cell, output on the channel axis of the weights. Shi et al., "Convolutional
    LSTM Network: A Machine Learning Approach for Precipitation Nowcasting", NIPS 2015
    (https://arxiv.org/abs/1506.04214).""",
    'GRU': r"""
    .. math::
        \begin{array}{ll}
        r_t = \sigma(W_r \ast x_t + R_r \ast h_{t-1} + b_r) \\
        z_t = \sigma(W_z \ast x_t + R_z \ast h_{t-1} + b_z) \\
        n_t = tanh(W_i \ast x_t + b_i + r_t \circ (R_n \ast h_{t-1} + b_n)) \\
        h_t = (1 - z_t) \circ n_t + z_t \circ h_{t-1} \\
        \end{array}

    where :math:`\ast` is the convolution and :math:`\circ` the elementwise product; the gates are stacked
    in the order reset, update, new on the channel axis of the weights.""",
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
