"""The fused recurrent layers RNN, LSTM and GRU.

Each layer keeps MXNet's parameters (``l0_i2h_weight``, ``l0_h2h_bias``, ``r0_i2h_weight``, ... under the
layer's prefix, and ``l0_h2r_weight`` for a projected LSTM) and files saved by MXNet's
``save_parameters`` (which names them ``_unfused.<layer>[.l_cell|.r_cell].<i2h|h2h|h2r>_<weight|bias>``)
load into it and back. The forward pass hands the parameter arrays to torch's fused kernels as they are:
MXNet's gate orders (LSTM i, f, g, o; GRU r, z, n with the reset gate after the hidden product) are
torch's."""
import re

from ... import ndarray
from ..._state import state as _state
from ...base import MXNetError
from ...ndarray.ndarray import NDArray, _wrap
from ...ndarray.ops.rnn import GATES, check_clip, rnn_forward
from ..block import HybridBlock
from . import rnn_cell

__all__ = ['RNN', 'LSTM', 'GRU']

# attribute names of the parameters: direction l|r, layer, kind, weight|bias (MXNet's own pattern accepts
# one digit of layer only; more are accepted here)
_PARAM_NAME = re.compile(r'(l|r)(\d+)_(i2h|h2h|h2r)_(weight|bias)\Z')


class _RNNLayer(HybridBlock):
    """What RNN, LSTM and GRU share: parameters, states, saving under MXNet's names, the fused forward."""

    def __init__(self, hidden_size, num_layers, layout, dropout, bidirectional, input_size,
                 i2h_weight_initializer, h2h_weight_initializer, i2h_bias_initializer, h2h_bias_initializer,
                 mode, projection_size, h2r_weight_initializer, lstm_state_clip_min, lstm_state_clip_max,
                 lstm_state_clip_nan, dtype, use_sequence_length=False, **kwargs):
        super().__init__(**kwargs)
        assert layout in ('TNC', 'NTC'), "Invalid layout %s; must be one of ['TNC' or 'NTC']" % layout
        self._hidden_size = hidden_size
        self._projection_size = projection_size if projection_size else None
        self._num_layers = num_layers
        self._mode = mode
        self._layout = layout
        self._dropout = dropout
        self._dir = 2 if bidirectional else 1
        self._input_size = input_size
        self._i2h_weight_initializer = i2h_weight_initializer
        self._h2h_weight_initializer = h2h_weight_initializer
        self._i2h_bias_initializer = i2h_bias_initializer
        self._h2h_bias_initializer = h2h_bias_initializer
        self._h2r_weight_initializer = h2r_weight_initializer
        self._lstm_state_clip_min = lstm_state_clip_min
        self._lstm_state_clip_max = lstm_state_clip_max
        self._lstm_state_clip_nan = lstm_state_clip_nan
        self._clip = check_clip(mode, lstm_state_clip_min, lstm_state_clip_max, lstm_state_clip_nan,
                                self.__class__.__name__)
        self._dtype = dtype
        self._use_sequence_length = use_sequence_length
        self.skip_states = None
        self._hybrid_skip_states = None
        self._gates = GATES[mode]

        ng, ni, nh = self._gates, input_size, hidden_size
        nr = self._projection_size or nh
        # the parameters' attribute names in the order torch's kernels take them
        self._torch_order = []
        for i in range(num_layers):
            for j in ['l', 'r'][:self._dir]:
                names = ['{}{}_{}'.format(j, i, n) for n in ('i2h_weight', 'h2h_weight', 'i2h_bias', 'h2h_bias')]
                self._register_param(names[0], (ng * nh, ni), i2h_weight_initializer, dtype)
                self._register_param(names[1], (ng * nh, nr), h2h_weight_initializer, dtype)
                self._register_param(names[2], (ng * nh,), i2h_bias_initializer, dtype)
                self._register_param(names[3], (ng * nh,), h2h_bias_initializer, dtype)
                if self._projection_size:
                    names.append('{}{}_h2r_weight'.format(j, i))
                    self._register_param(names[4], (nr, nh), h2r_weight_initializer, dtype)
                self._torch_order += names
            ni = nr * self._dir

    def _register_param(self, name, shape, init, dtype):
        p = self.params.get(name, shape=shape, init=init, allow_deferred_init=True, dtype=dtype)
        setattr(self, name, p)
        return p

    def __repr__(self):
        s = '{name}({mapping}, {_layout}'
        if self._num_layers != 1:
            s += ', num_layers={_num_layers}'
        if self._dropout != 0:
            s += ', dropout={_dropout}'
        if self._dir == 2:
            s += ', bidirectional'
        s += ')'
        shape = self.l0_i2h_weight.shape
        mapping = '{0} -> {1}'.format(shape[1] if shape[1] else None, shape[0] // self._gates)
        return s.format(name=self.__class__.__name__, mapping=mapping, **self.__dict__)

    def _collect_params_with_prefix(self, prefix=''):
        # MXNet saves a fused layer under the names of the cell stack it unfuses into (_unfuse below)
        if prefix:
            prefix += '.'
        matches = {key: _PARAM_NAME.match(key) for key in self._reg_params}
        bidirectional = any(m.group(1) == 'r' for m in matches.values())
        ret = {}
        for key, val in self._reg_params.items():
            d, layer, kind, what = matches[key].groups()
            if bidirectional:
                name = '_unfused.{}.{}_cell.{}_{}'.format(layer, d, kind, what)
            else:
                name = '_unfused.{}.{}_{}'.format(layer, kind, what)
            ret[prefix + name] = val
        for name, child in self._children.items():
            ret.update(child._collect_params_with_prefix(prefix + name))
        return ret

    def state_info(self, batch_size=0):
        raise NotImplementedError

    def _unfuse(self):
        """Unfuses the fused RNN in to a stack of rnn cells (sharing this layer's parameters)."""
        assert not self._projection_size, '_unfuse does not support projection layer yet!'
        assert not self._lstm_state_clip_min and not self._lstm_state_clip_max, \
            '_unfuse does not support state clipping yet!'
        cell_class = {'rnn_relu': rnn_cell.RNNCell, 'rnn_tanh': rnn_cell.RNNCell,
                      'lstm': rnn_cell.LSTMCell, 'gru': rnn_cell.GRUCell}[self._mode]
        extra = {'activation': self._mode[4:]} if self._mode.startswith('rnn_') else {}

        def get_cell(**kwargs):
            return cell_class(self._hidden_size, **extra, **kwargs)

        stack = rnn_cell.HybridSequentialRNNCell(prefix=self.prefix, params=self.params)
        with stack.name_scope():
            ni = self._input_size
            for i in range(self._num_layers):
                kwargs = {'input_size': ni,
                          'i2h_weight_initializer': self._i2h_weight_initializer,
                          'h2h_weight_initializer': self._h2h_weight_initializer,
                          'i2h_bias_initializer': self._i2h_bias_initializer,
                          'h2h_bias_initializer': self._h2h_bias_initializer}
                if self._dir == 2:
                    stack.add(rnn_cell.BidirectionalCell(get_cell(prefix='l%d_' % i, **kwargs),
                                                         get_cell(prefix='r%d_' % i, **kwargs)))
                else:
                    stack.add(get_cell(prefix='l%d_' % i, **kwargs))
                if self._dropout > 0 and i != self._num_layers - 1:
                    stack.add(rnn_cell.DropoutCell(self._dropout))
                ni = self._hidden_size * self._dir
        return stack

    def cast(self, dtype):
        super().cast(dtype)
        self._dtype = dtype

    def begin_state(self, batch_size=0, func=ndarray.zeros, **kwargs):
        """Initial state for this cell.

        Parameters
        ----------
        batch_size : int
            Size of the batch ('N' in layout).
        func : callable, default `ndarray.zeros`
            Function for creating initial state, such as `ndarray.zeros` or `ndarray.ones`; it is called
            with `name`, `shape`, `dtype` and the `kwargs`.
        **kwargs :
            Additional keyword arguments passed to func. For example `ctx`, `mean`, `std`, `dtype`, etc.

        Returns
        -------
        states : list of NDArray
            Starting states for the first RNN step.
        """
        states = []
        for i, info in enumerate(self.state_info(batch_size)):
            if info is not None:
                info.update(kwargs)
            else:
                info = kwargs
            states.append(func(name='%sh0_%d' % (self.prefix, i), **info))
        return states

    def _clear_cached_op(self):
        super()._clear_cached_op()
        self._hybrid_skip_states = None

    def __call__(self, inputs, states=None, sequence_length=None):
        self.skip_states = states is None
        if self._active:
            # MXNet's cached graph keeps the outputs of the first call after hybridize(): with or without
            # the states, whatever later calls pass
            if self._hybrid_skip_states is None:
                self._hybrid_skip_states = self.skip_states
            self.skip_states = self._hybrid_skip_states
        if states is None:
            if not isinstance(inputs, NDArray):
                raise TypeError('{}: inputs must be an NDArray, got {}'.format(
                    self.__class__.__name__, type(inputs).__name__))
            batch_size = inputs.shape[self._layout.find('N')]
            states = self.begin_state(batch_size, ctx=inputs.context, dtype=inputs.dtype)
        if isinstance(states, NDArray):
            states = [states]
        if self._use_sequence_length:
            return super().__call__(inputs, states, sequence_length)
        return super().__call__(inputs, states)

    def infer_shape(self, inputs, *args):
        """Completes the first layer's input width from the inputs (the last axis in both layouts)."""
        if inputs.ndim != 3:
            raise MXNetError('{}: inputs must be 3-D ({}), got shape {}'.format(
                self.__class__.__name__, self._layout, inputs.shape))
        width = inputs.shape[2]
        for j in ['l', 'r'][:self._dir]:
            p = getattr(self, '{}0_i2h_weight'.format(j))
            p.shape = (p.shape[0], width)

    def hybrid_forward(self, F, inputs, states, sequence_length=None, **kwargs):
        if inputs.ndim != 3:
            raise MXNetError('{}: inputs must be 3-D ({}), got shape {}'.format(
                self.__class__.__name__, self._layout, inputs.shape))
        batch_size = inputs.shape[self._layout.find('N')]
        for state, info in zip(states, self.state_info(batch_size)):
            if state.shape != info['shape']:
                raise ValueError('Invalid recurrent state shape. Expecting %s, got %s.' % (
                    str(info['shape']), str(state.shape)))
        out = self._forward_kernel(F, inputs, states, sequence_length, **kwargs)
        # out is (output, states)
        return out[0] if self.skip_states else out

    def _forward_kernel(self, F, inputs, states, sequence_length, **kwargs):
        """The forward pass on torch's fused kernel, given the parameters as keyword arguments."""
        x = inputs._t
        if self._layout == 'NTC':
            x = x.transpose(0, 1)
        weights = [kwargs[name]._t for name in self._torch_order]
        lstm = self._mode == 'lstm'
        if len(states) != (2 if lstm else 1):
            raise MXNetError('{} takes {} state array(s), got {}'.format(
                self.__class__.__name__, 2 if lstm else 1, len(states)))
        hx = states[0]._t
        cx = states[1]._t if lstm else None
        lengths = None
        if self._use_sequence_length:
            if sequence_length is None:
                raise MXNetError('{}: the layer was created with use_sequence_length=True, so it needs '
                                 'sequence_length'.format(self.__class__.__name__))
            lengths = sequence_length._t
        try:
            out, hy, cy = rnn_forward(x, weights, hx, cx, self._mode, self._num_layers, self._dir == 2,
                                      float(self._dropout), _state.training, lengths,
                                      self._projection_size is not None, self._clip)
        except RuntimeError as e:
            raise MXNetError('{} {}: {}'.format(self.__class__.__name__, self.name, e)) from None
        if self._layout == 'NTC':
            out = out.transpose(0, 1).contiguous()
        return _wrap(out), ([_wrap(hy), _wrap(cy)] if lstm else [_wrap(hy)])


class RNN(_RNNLayer):
    r"""Applies a multi-layer Elman RNN with `tanh` or `ReLU` non-linearity to an input sequence.

    For each element in the input sequence, each layer computes

    .. math::
        h_t = \tanh(w_{ih} * x_t + b_{ih}  +  w_{hh} * h_{(t-1)} + b_{hh})

    where :math:`h_t` is the hidden state at time `t` and :math:`x_t` the output of the layer below at
    time `t` (the input for the first layer); with ``activation='relu'`` ReLU replaces tanh.

    Parameters
    ----------
    hidden_size : int
        The number of features in the hidden state h.
    num_layers : int, default 1
        Number of recurrent layers.
    activation : {'relu' or 'tanh'}, default 'relu'
        The activation function to use.
    layout : str, default 'TNC'
        The format of input and output tensors: T, N and C are sequence length, batch size and feature
        dimensions.
    dropout : float, default 0
        If non-zero, dropout is applied to the outputs of each RNN layer except the last one.
    bidirectional : bool, default False
        If `True`, becomes a bidirectional RNN.
    i2h_weight_initializer : str or Initializer
        Initializer for the input weights matrix.
    h2h_weight_initializer : str or Initializer
        Initializer for the recurrent weights matrix.
    i2h_bias_initializer : str or Initializer, default 'zeros'
        Initializer for the input bias vector.
    h2h_bias_initializer : str or Initializer, default 'zeros'
        Initializer for the recurrent bias vector.
    input_size : int, default 0
        The number of expected features in the input x; inferred from the first input when 0.
    dtype : str, default 'float32'
        Type of the parameters and of the default states.
    prefix : str or None
        Prefix of this `Block`.
    params : ParameterDict or None
        Shared Parameters for this `Block`.

    Inputs:
        - **data**: input tensor of shape `(sequence_length, batch_size, input_size)` with layout 'TNC'
          (batch first with 'NTC').
        - **states**: initial recurrent state of shape `(num_layers, batch_size, num_hidden)`
          (`2*num_layers` for a bidirectional layer); zeros when `states` is None.

    Outputs:
        - **out**: output tensor of shape `(sequence_length, batch_size, num_hidden)` with layout 'TNC'
          (`2*num_hidden` features when bidirectional).
        - **out_states**: the final recurrent state, shaped as `states`; returned only when `states` are
          given.

    Examples
    --------
    >>> layer = mx.gluon.rnn.RNN(100, 3)
    >>> layer.initialize()
    >>> input = mx.nd.random.uniform(shape=(5, 3, 10))
    >>> output = layer(input)
    >>> h0 = mx.nd.random.uniform(shape=(3, 3, 100))
    >>> output, hn = layer(input, h0)
    """

    def __init__(self, hidden_size, num_layers=1, activation='relu', layout='TNC', dropout=0,
                 bidirectional=False, i2h_weight_initializer=None, h2h_weight_initializer=None,
                 i2h_bias_initializer='zeros', h2h_bias_initializer='zeros', input_size=0, dtype='float32',
                 **kwargs):
        if activation not in ('relu', 'tanh'):
            raise ValueError("RNN: activation must be 'relu' or 'tanh', got {!r}".format(activation))
        super().__init__(hidden_size, num_layers, layout, dropout, bidirectional, input_size,
                         i2h_weight_initializer, h2h_weight_initializer, i2h_bias_initializer,
                         h2h_bias_initializer, 'rnn_' + activation, None, None, None, None, False, dtype,
                         **kwargs)

    def state_info(self, batch_size=0):
        return [{'shape': (self._num_layers * self._dir, batch_size, self._hidden_size),
                 '__layout__': 'LNC', 'dtype': self._dtype}]


class LSTM(_RNNLayer):
    r"""Applies a multi-layer long short-term memory (LSTM) RNN to an input sequence.

    For each element in the input sequence, each layer computes

    .. math::
        \begin{array}{ll}
        i_t = sigmoid(W_{ii} x_t + b_{ii} + W_{hi} h_{(t-1)} + b_{hi}) \\
        f_t = sigmoid(W_{if} x_t + b_{if} + W_{hf} h_{(t-1)} + b_{hf}) \\
        g_t = \tanh(W_{ig} x_t + b_{ig} + W_{hc} h_{(t-1)} + b_{hg}) \\
        o_t = sigmoid(W_{io} x_t + b_{io} + W_{ho} h_{(t-1)} + b_{ho}) \\
        c_t = f_t * c_{(t-1)} + i_t * g_t \\
        h_t = o_t * \tanh(c_t)
        \end{array}

    with the input, forget, cell and output gates :math:`i_t, f_t, g_t, o_t` (stacked in this order in
    the weights), the cell state :math:`c_t` and the hidden state :math:`h_t`.

    Parameters
    ----------
    hidden_size : int
        The number of features in the hidden state h.
    num_layers : int, default 1
        Number of recurrent layers.
    layout : str, default 'TNC'
        The format of input and output tensors: T, N and C are sequence length, batch size and feature
        dimensions.
    dropout : float, default 0
        If non-zero, dropout is applied to the outputs of each RNN layer except the last one.
    bidirectional : bool, default False
        If `True`, becomes a bidirectional RNN.
    input_size : int, default 0
        The number of expected features in the input x; inferred from the first input when 0.
    i2h_weight_initializer : str or Initializer
        Initializer for the input weights matrix.
    h2h_weight_initializer : str or Initializer
        Initializer for the recurrent weights matrix.
    i2h_bias_initializer : str or Initializer, default 'zeros'
        Initializer for the input bias vector.
    h2h_bias_initializer : str or Initializer, default 'zeros'
        Initializer for the recurrent bias vector.
    projection_size : int, default None
        The number of features after projection (LSTMP): h_t becomes ``W_{hr} (o_t * tanh(c_t))``.
    h2r_weight_initializer : str or Initializer, default None
        Initializer for the projection weights matrix.
    state_clip_min : float or None, default None
        Minimum clip value of the cell state; used together with `state_clip_max`.
    state_clip_max : float or None, default None
        Maximum clip value of the cell state; used together with `state_clip_min`.
    state_clip_nan : boolean, default False
        Whether a NaN cell state is clipped to the bounds instead of propagated (with clipping only).
    dtype : str, default 'float32'
        Type of the parameters and of the default states.
    prefix : str or None
        Prefix of this `Block`.
    params : `ParameterDict` or `None`
        Shared Parameters for this `Block`.

    Inputs:
        - **data**: input tensor of shape `(sequence_length, batch_size, input_size)` with layout 'TNC'
          (batch first with 'NTC').
        - **states**: a list of two initial states (hidden, cell), each `(num_layers, batch_size,
          num_hidden)` (`2*num_layers` when bidirectional; the hidden state is `projection_size` wide with
          a projection); zeros when `states` is None.

    Outputs:
        - **out**: output tensor of shape `(sequence_length, batch_size, num_hidden)` with layout 'TNC'
          (`2*num_hidden` features when bidirectional).
        - **out_states**: the two final states, shaped as `states`; returned only when `states` are given.

    Examples
    --------
    >>> layer = mx.gluon.rnn.LSTM(100, 3)
    >>> layer.initialize()
    >>> input = mx.nd.random.uniform(shape=(5, 3, 10))
    >>> output = layer(input)
    >>> h0 = mx.nd.random.uniform(shape=(3, 3, 100))
    >>> c0 = mx.nd.random.uniform(shape=(3, 3, 100))
    >>> output, hn = layer(input, [h0, c0])
    """

    def __init__(self, hidden_size, num_layers=1, layout='TNC', dropout=0, bidirectional=False, input_size=0,
                 i2h_weight_initializer=None, h2h_weight_initializer=None, i2h_bias_initializer='zeros',
                 h2h_bias_initializer='zeros', projection_size=None, h2r_weight_initializer=None,
                 state_clip_min=None, state_clip_max=None, state_clip_nan=False, dtype='float32', **kwargs):
        super().__init__(hidden_size, num_layers, layout, dropout, bidirectional, input_size,
                         i2h_weight_initializer, h2h_weight_initializer, i2h_bias_initializer,
                         h2h_bias_initializer, 'lstm', projection_size, h2r_weight_initializer, state_clip_min,
                         state_clip_max, state_clip_nan, dtype, **kwargs)

    def state_info(self, batch_size=0):
        h = self._projection_size or self._hidden_size
        return [{'shape': (self._num_layers * self._dir, batch_size, h), '__layout__': 'LNC',
                 'dtype': self._dtype},
                {'shape': (self._num_layers * self._dir, batch_size, self._hidden_size), '__layout__': 'LNC',
                 'dtype': self._dtype}]


class GRU(_RNNLayer):
    r"""Applies a multi-layer gated recurrent unit (GRU) RNN to an input sequence. This is cuDNN's GRU
    (a slight change to Cho et al. 2014: the reset gate :math:`r_t` multiplies the result of the recurrent
    matrix product).

    For each element in the input sequence, each layer computes

    .. math::
        \begin{array}{ll}
        r_t = sigmoid(W_{ir} x_t + b_{ir} + W_{hr} h_{(t-1)} + b_{hr}) \\
        i_t = sigmoid(W_{ii} x_t + b_{ii} + W_{hi} h_{(t-1)} + b_{hi}) \\
        n_t = \tanh(W_{in} x_t + b_{in} + r_t * (W_{hn} h_{(t-1)} + b_{hn})) \\
        h_t = (1 - i_t) * n_t + i_t * h_{(t-1)} \\
        \end{array}

    with the reset, update ("input") and new gates :math:`r_t, i_t, n_t`, stacked in this order in the
    weights.

    Parameters
    ----------
    hidden_size : int
        The number of features in the hidden state h.
    num_layers : int, default 1
        Number of recurrent layers.
    layout : str, default 'TNC'
        The format of input and output tensors: T, N and C are sequence length, batch size and feature
        dimensions.
    dropout : float, default 0
        If non-zero, dropout is applied to the outputs of each RNN layer except the last one.
    bidirectional : bool, default False
        If True, becomes a bidirectional RNN.
    input_size : int, default 0
        The number of expected features in the input x; inferred from the first input when 0.
    i2h_weight_initializer : str or Initializer
        Initializer for the input weights matrix.
    h2h_weight_initializer : str or Initializer
        Initializer for the recurrent weights matrix.
    i2h_bias_initializer : str or Initializer, default 'zeros'
        Initializer for the input bias vector.
    h2h_bias_initializer : str or Initializer, default 'zeros'
        Initializer for the recurrent bias vector.
    dtype : str, default 'float32'
        Type of the parameters and of the default states.
    prefix : str or None
        Prefix of this `Block`.
    params : ParameterDict or None
        Shared Parameters for this `Block`.

    Inputs:
        - **data**: input tensor of shape `(sequence_length, batch_size, input_size)` with layout 'TNC'
          (batch first with 'NTC').
        - **states**: initial recurrent state of shape `(num_layers, batch_size, num_hidden)`
          (`2*num_layers` for a bidirectional layer); zeros when `states` is None.

    Outputs:
        - **out**: output tensor of shape `(sequence_length, batch_size, num_hidden)` with layout 'TNC'
          (`2*num_hidden` features when bidirectional).
        - **out_states**: the final recurrent state, shaped as `states`; returned only when `states` are
          given.

    Examples
    --------
    >>> layer = mx.gluon.rnn.GRU(100, 3)
    >>> layer.initialize()
    >>> input = mx.nd.random.uniform(shape=(5, 3, 10))
    >>> output = layer(input)
    >>> h0 = mx.nd.random.uniform(shape=(3, 3, 100))
    >>> output, hn = layer(input, h0)
    """

    def __init__(self, hidden_size, num_layers=1, layout='TNC', dropout=0, bidirectional=False, input_size=0,
                 i2h_weight_initializer=None, h2h_weight_initializer=None, i2h_bias_initializer='zeros',
                 h2h_bias_initializer='zeros', dtype='float32', **kwargs):
        super().__init__(hidden_size, num_layers, layout, dropout, bidirectional, input_size,
                         i2h_weight_initializer, h2h_weight_initializer, i2h_bias_initializer,
                         h2h_bias_initializer, 'gru', None, None, None, None, False, dtype, **kwargs)

    def state_info(self, batch_size=0):
        return [{'shape': (self._num_layers * self._dir, batch_size, self._hidden_size),
                 '__layout__': 'LNC', 'dtype': self._dtype}]
