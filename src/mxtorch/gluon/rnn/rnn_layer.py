"""The fused recurrent layers ``RNN``, ``LSTM`` and ``GRU``: a whole stack of layers over a whole sequence
in one operator call (``F._internal._rnn_layer``, torch's fused kernels underneath).

Parameter names are MXNet's: ``l0_i2h_weight``, ``l0_h2h_weight``, ``l0_i2h_bias``, ``l0_h2h_bias`` for
layer 0 left to right, ``r0_...`` right to left, ``l0_h2r_weight`` for a projection. In files they are
stored as MXNet stores them, under the names of the cell stack the layer is equivalent to
(``_unfused.0.i2h_weight``, ``_unfused.0.l_cell.i2h_weight`` when bidirectional), so that files move both
ways between MXNet and mxtorch. The gate order in the weights (LSTM: i, f, g, o; GRU: r, z, n) is torch's
too, so the parameter arrays go to the kernels unchanged."""
import re

from ... import ndarray, symbol
from ...symbol import Symbol
from ...base import MXNetError
from ...ndarray.ndarray import NDArray
from ...ndarray.ops.rnn import GATES, check_clip
from ..block import HybridBlock
from . import rnn_cell

__all__ = ['RNN', 'LSTM', 'GRU']

# attribute name of a layer parameter -> (direction l|r, layer, i2h|h2h|h2r, weight|bias)
_NAME_PARTS = re.compile(r'([lr])(\d+)_(i2h|h2h|h2r)_(weight|bias)\Z')

_CELL_OF_MODE = {'rnn_relu': rnn_cell.RNNCell, 'rnn_tanh': rnn_cell.RNNCell,
                 'lstm': rnn_cell.LSTMCell, 'gru': rnn_cell.GRUCell}


class _RNNLayer(HybridBlock):
    """The machinery of RNN, LSTM and GRU; `mode` is 'rnn_relu', 'rnn_tanh', 'lstm' or 'gru'."""

    def __init__(self, hidden_size, num_layers, layout, dropout, bidirectional, input_size,
                 i2h_weight_initializer, h2h_weight_initializer, i2h_bias_initializer, h2h_bias_initializer,
                 mode, projection_size, h2r_weight_initializer, lstm_state_clip_min, lstm_state_clip_max,
                 lstm_state_clip_nan, dtype, use_sequence_length=False, **kwargs):
        super().__init__(**kwargs)
        if layout not in ('TNC', 'NTC'):
            raise AssertionError("Invalid layout %s; must be one of ['TNC' or 'NTC']" % layout)
        self._mode, self._gates = mode, GATES[mode]
        self._hidden_size, self._num_layers, self._dir = hidden_size, num_layers, 2 if bidirectional else 1
        self._layout, self._dropout, self._dtype = layout, dropout, dtype
        self._input_size = input_size
        self._projection_size = projection_size or None
        self._lstm_state_clip_min = lstm_state_clip_min
        self._lstm_state_clip_max = lstm_state_clip_max
        self._lstm_state_clip_nan = lstm_state_clip_nan
        check_clip(mode, lstm_state_clip_min, lstm_state_clip_max, lstm_state_clip_nan, type(self).__name__)
        self._use_sequence_length = use_sequence_length
        self._initializers = {'i2h_weight': i2h_weight_initializer, 'h2h_weight': h2h_weight_initializer,
                              'i2h_bias': i2h_bias_initializer, 'h2h_bias': h2h_bias_initializer,
                              'h2r_weight': h2r_weight_initializer}
        self.skip_states = None
        self._hybrid_skip_states = None

        rows = self._gates * hidden_size
        out_width = self._projection_size or hidden_size
        # registered in the order torch's kernels take them, which is the order _rnn_layer is given them in
        self._weight_names = []
        width = input_size
        for layer in range(num_layers):
            shapes = [('i2h_weight', (rows, width)), ('h2h_weight', (rows, out_width)), ('i2h_bias', (rows,)),
                      ('h2h_bias', (rows,))]
            if self._projection_size:
                shapes.append(('h2r_weight', (out_width, hidden_size)))
            for direction in 'lr'[:self._dir]:
                for kind, shape in shapes:
                    name = '{}{}_{}'.format(direction, layer, kind)
                    self._register_param(name, shape, self._initializers[kind], dtype)
                    self._weight_names.append(name)
            width = out_width * self._dir

    def _register_param(self, name, shape, init, dtype):
        param = self.params.get(name, shape=shape, init=init, allow_deferred_init=True, dtype=dtype)
        setattr(self, name, param)
        return param

    def __repr__(self):
        rows, width = self.l0_i2h_weight.shape
        options = [self._layout]
        if self._num_layers != 1:
            options.append('num_layers={}'.format(self._num_layers))
        if self._dropout != 0:
            options.append('dropout={}'.format(self._dropout))
        if self._dir == 2:
            options.append('bidirectional')
        return '{}({} -> {}, {})'.format(type(self).__name__, width or None, rows // self._gates,
                                         ', '.join(options))

    def _collect_params_with_prefix(self, prefix=''):
        # the file names of MXNet's unfused cell stack: _unfused.<layer>[.<l|r>_cell].<kind>
        base = prefix + '.' if prefix else ''
        parts = {key: _NAME_PARTS.match(key).groups() for key in self._reg_params}
        both_ways = any(d == 'r' for d, _, _, _ in parts.values())
        found = {}
        for key, param in self._reg_params.items():
            direction, layer, kind, what = parts[key]
            cell = '{}_cell.'.format(direction) if both_ways else ''
            found['{}_unfused.{}.{}{}_{}'.format(base, layer, cell, kind, what)] = param
        for child_name, child in self._children.items():
            found.update(child._collect_params_with_prefix(base + child_name))
        return found

    def state_info(self, batch_size=0):
        """Shape, layout and dtype of each initial state: h, and c for an LSTM (`num_layers` times the
        directions, `batch_size`, the state's width)."""
        rows = self._num_layers * self._dir
        widths = [self._projection_size or self._hidden_size]
        if self._mode == 'lstm':
            widths.append(self._hidden_size)
        return [{'shape': (rows, batch_size, w), '__layout__': 'LNC', 'dtype': self._dtype} for w in widths]

    def _unfuse(self):
        """A HybridSequentialRNNCell of single cells (BidirectionalCell pairs when bidirectional, with
        DropoutCell between layers) that computes what this layer computes and shares its parameters."""
        if self._projection_size:
            raise AssertionError('_unfuse does not support projection layer yet!')
        if self._lstm_state_clip_min or self._lstm_state_clip_max:
            raise AssertionError('_unfuse does not support state clipping yet!')
        cell_class = _CELL_OF_MODE[self._mode]
        options = {'activation': self._mode[len('rnn_'):]} if cell_class is rnn_cell.RNNCell else {}
        options.update((kind + '_initializer', init) for kind, init in self._initializers.items()
                       if kind != 'h2r_weight')

        stack = rnn_cell.HybridSequentialRNNCell(prefix=self.prefix, params=self.params)
        with stack.name_scope():
            width = self._input_size
            for layer in range(self._num_layers):
                cells = [cell_class(self._hidden_size, input_size=width, prefix='{}{}_'.format(d, layer),
                                    **options) for d in 'lr'[:self._dir]]
                stack.add(rnn_cell.BidirectionalCell(*cells) if self._dir == 2 else cells[0])
                if self._dropout > 0 and layer < self._num_layers - 1:
                    stack.add(rnn_cell.DropoutCell(self._dropout))
                width = self._hidden_size * self._dir
        return stack

    def cast(self, dtype):
        super().cast(dtype)
        self._dtype = dtype

    def begin_state(self, batch_size=0, func=ndarray.zeros, **kwargs):
        """The initial states (see `state_info`), made by ``func(name=..., shape=..., dtype=..., **kwargs)``.

        Parameters
        ----------
        batch_size : int
            The batch size ('N' of the layout).
        func : callable, default ndarray.zeros
            What makes each state (ndarray.zeros, ndarray.ones, ndarray.random.uniform, ...).
        **kwargs
            Passed on to `func`, overriding the state's own entries (e.g. ctx, dtype).

        Returns
        -------
        list of NDArray
        """
        return [func(name='{}h0_{}'.format(self.prefix, i), **dict(info or {}, **kwargs))
                for i, info in enumerate(self.state_info(batch_size))]

    def _clear_cached_op(self):
        super()._clear_cached_op()
        self._hybrid_skip_states = None

    def __call__(self, inputs, states=None, sequence_length=None):
        self.skip_states = states is None
        if self._active:
            # a hybridized layer answers as its first call did (with or without the states), as MXNet's
            # cached graph does, whatever later calls pass
            if self._hybrid_skip_states is None:
                self._hybrid_skip_states = self.skip_states
            self.skip_states = self._hybrid_skip_states
        if states is None and isinstance(inputs, Symbol):
            states = self._traced_begin_state(inputs)
        elif states is None:
            if not isinstance(inputs, NDArray):
                raise TypeError('{}: inputs must be an NDArray, got {}'.format(
                    type(self).__name__, type(inputs).__name__))
            states = self.begin_state(inputs.shape[self._layout.find('N')], ctx=inputs.context,
                                      dtype=inputs.dtype)
        elif isinstance(states, NDArray):
            states = [states]
        if self._use_sequence_length:
            return super().__call__(inputs, states, sequence_length)
        return super().__call__(inputs, states)

    def _traced_begin_state(self, inputs):
        # zero states whose batch axis comes from the traced inputs (its size is not known while tracing)
        time_axis, batch_axis = self._layout.find('T'), self._layout.find('N')
        first_step = symbol.slice_axis(inputs, axis=time_axis, begin=0, end=1)
        column = symbol.zeros_like(symbol.sum(first_step, axis=2, keepdims=True))
        if batch_axis == 0:
            column = symbol.swapaxes(column, 0, 1)          # (1, N, 1)
        states = []
        for info in self.state_info(0):
            layers, _, width = info['shape']
            states.append(symbol.broadcast_axis(column, axis=(0, 2), size=(layers, width)))
        return states

    def _check_rank(self, inputs):
        if inputs.ndim != 3:
            raise MXNetError('{}: inputs must be 3-D ({}), got shape {}'.format(
                type(self).__name__, self._layout, inputs.shape))

    def infer_shape(self, inputs, *args):
        """Sets the first layer's input width from the inputs (their last axis)."""
        self._check_rank(inputs)
        for direction in 'lr'[:self._dir]:
            param = getattr(self, direction + '0_i2h_weight')
            param.shape = (param.shape[0], inputs.shape[2])

    def hybrid_forward(self, F, inputs, states, sequence_length=None, **kwargs):
        lstm = self._mode == 'lstm'
        if len(states) != 1 + lstm:
            raise MXNetError('{} takes {} state array(s), got {}'.format(type(self).__name__, 1 + lstm,
                                                                          len(states)))
        if isinstance(inputs, NDArray):
            # a traced Symbol has no shape yet: the graph's shape inference checks it instead
            self._check_rank(inputs)
            for state, info in zip(states, self.state_info(inputs.shape[self._layout.find('N')])):
                if state.shape != info['shape']:
                    raise ValueError('Invalid recurrent state shape. Expecting %s, got %s.' % (
                        str(info['shape']), str(state.shape)))
        if self._use_sequence_length and sequence_length is None:
            raise MXNetError('{}: the layer was created with use_sequence_length=True, so it needs '
                             'sequence_length'.format(type(self).__name__))
        try:
            result = F._internal._rnn_layer(
                inputs, states[0], *[kwargs[name] for name in self._weight_names],
                state_cell=states[1] if lstm else None, sequence_length=sequence_length, mode=self._mode,
                num_layers=self._num_layers, bidirectional=self._dir == 2, p=float(self._dropout),
                layout=self._layout, projection_size=self._projection_size,
                lstm_state_clip_min=self._lstm_state_clip_min, lstm_state_clip_max=self._lstm_state_clip_max,
                lstm_state_clip_nan=self._lstm_state_clip_nan)
        except MXNetError as e:
            raise MXNetError('{} {}: {}'.format(type(self).__name__, self.name, e)) from None
        return result[0] if self.skip_states else (result[0], result[1:])


class RNN(_RNNLayer):
    r"""A stack of Elman recurrent layers, each computing
    :math:`h_t = \mathrm{act}(W_{i2h} x_t + b_{i2h} + W_{h2h} h_{t-1} + b_{h2h})` at every time step,
    with act ReLU or tanh; :math:`x_t` is the input for the first layer and the output of the layer below
    for the others.

    Parameters
    ----------
    hidden_size : int
        Width of the hidden state h.
    num_layers : int, default 1
        Number of stacked layers.
    activation : {'relu', 'tanh'}, default 'relu'
        The non-linearity.
    layout : {'TNC', 'NTC'}, default 'TNC'
        Axis order of inputs and outputs (T: time, N: batch, C: features).
    dropout : float, default 0
        Dropout rate on the outputs of every layer but the last, in training.
    bidirectional : bool, default False
        Whether each layer also runs right to left; the two outputs are concatenated.
    i2h_weight_initializer, h2h_weight_initializer : str or Initializer, optional
        Initializers of the input and recurrent weight matrices.
    i2h_bias_initializer, h2h_bias_initializer : str or Initializer, default 'zeros'
        Initializers of the input and recurrent biases.
    input_size : int, default 0
        Width of the input; 0 infers it at the first forward.
    dtype : str, default 'float32'
        Type of the parameters and of the states made by `begin_state`.
    prefix : str, optional
        Prefix of the parameter names.
    params : ParameterDict, optional
        Parameters to share.

    Inputs: ``layer(data, states=None)``: data of shape (T, N, C) ('NTC': (N, T, C)); states, a list of one
    array of shape (num_layers * directions, N, hidden_size), zeros when left out.

    Outputs: the output, (T, N, directions * hidden_size) ('NTC': (N, T, ...)); with states given, also the
    list of final states.
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


class LSTM(_RNNLayer):
    r"""A stack of long short-term memory layers. At every time step a layer computes the gates
    :math:`i, f, o = \sigma(\cdot)` and the candidate :math:`g = \tanh(\cdot)` of
    :math:`W_{i2h} x_t + b_{i2h} + W_{h2h} h_{t-1} + b_{h2h}` (stacked i, f, g, o in the weights' rows),
    then :math:`c_t = f c_{t-1} + i g` and :math:`h_t = o \tanh(c_t)`; with a projection,
    :math:`h_t = W_{h2r} (o \tanh(c_t))`.

    Parameters
    ----------
    hidden_size : int
        Width of the cell state (and of h without a projection).
    num_layers : int, default 1
        Number of stacked layers.
    layout : {'TNC', 'NTC'}, default 'TNC'
        Axis order of inputs and outputs (T: time, N: batch, C: features).
    dropout : float, default 0
        Dropout rate on the outputs of every layer but the last, in training.
    bidirectional : bool, default False
        Whether each layer also runs right to left; the two outputs are concatenated.
    input_size : int, default 0
        Width of the input; 0 infers it at the first forward.
    i2h_weight_initializer, h2h_weight_initializer : str or Initializer, optional
        Initializers of the input and recurrent weight matrices.
    i2h_bias_initializer, h2h_bias_initializer : str or Initializer, default 'zeros'
        Initializers of the input and recurrent biases.
    projection_size : int, optional
        Width of the projected h (LSTMP).
    h2r_weight_initializer : str or Initializer, optional
        Initializer of the projection matrix.
    state_clip_min, state_clip_max : float, optional
        Bounds the cell state is clipped to after every step (both or neither).
    state_clip_nan : bool, default False
        With clipping, whether a NaN cell state becomes a bound instead of staying NaN.
    dtype : str, default 'float32'
        Type of the parameters and of the states made by `begin_state`.
    prefix : str, optional
        Prefix of the parameter names.
    params : ParameterDict, optional
        Parameters to share.

    Inputs: ``layer(data, states=None)``: data of shape (T, N, C) ('NTC': (N, T, C)); states, the list
    [h, c] of shapes (num_layers * directions, N, projection_size or hidden_size) and (..., hidden_size),
    zeros when left out.

    Outputs: the output, (T, N, directions * width of h) ('NTC': (N, T, ...)); with states given, also
    the list of final states [h, c].
    """

    def __init__(self, hidden_size, num_layers=1, layout='TNC', dropout=0, bidirectional=False, input_size=0,
                 i2h_weight_initializer=None, h2h_weight_initializer=None, i2h_bias_initializer='zeros',
                 h2h_bias_initializer='zeros', projection_size=None, h2r_weight_initializer=None,
                 state_clip_min=None, state_clip_max=None, state_clip_nan=False, dtype='float32', **kwargs):
        super().__init__(hidden_size, num_layers, layout, dropout, bidirectional, input_size,
                         i2h_weight_initializer, h2h_weight_initializer, i2h_bias_initializer,
                         h2h_bias_initializer, 'lstm', projection_size, h2r_weight_initializer, state_clip_min,
                         state_clip_max, state_clip_nan, dtype, **kwargs)


class GRU(_RNNLayer):
    r"""A stack of gated recurrent unit layers, as cuDNN defines them: at every time step, with
    :math:`a = W_{i2h} x_t + b_{i2h}` and :math:`b = W_{h2h} h_{t-1} + b_{h2h}` split into reset, update
    and new parts, :math:`r = \sigma(a_r + b_r)`, :math:`z = \sigma(a_z + b_z)`,
    :math:`n = \tanh(a_n + r b_n)` and :math:`h_t = (1 - z) n + z h_{t-1}`.

    Parameters
    ----------
    hidden_size : int
        Width of the hidden state h.
    num_layers : int, default 1
        Number of stacked layers.
    layout : {'TNC', 'NTC'}, default 'TNC'
        Axis order of inputs and outputs (T: time, N: batch, C: features).
    dropout : float, default 0
        Dropout rate on the outputs of every layer but the last, in training.
    bidirectional : bool, default False
        Whether each layer also runs right to left; the two outputs are concatenated.
    input_size : int, default 0
        Width of the input; 0 infers it at the first forward.
    i2h_weight_initializer, h2h_weight_initializer : str or Initializer, optional
        Initializers of the input and recurrent weight matrices.
    i2h_bias_initializer, h2h_bias_initializer : str or Initializer, default 'zeros'
        Initializers of the input and recurrent biases.
    dtype : str, default 'float32'
        Type of the parameters and of the states made by `begin_state`.
    prefix : str, optional
        Prefix of the parameter names.
    params : ParameterDict, optional
        Parameters to share.

    Inputs: ``layer(data, states=None)``: data of shape (T, N, C) ('NTC': (N, T, C)); states, a list of one
    array of shape (num_layers * directions, N, hidden_size), zeros when left out.

    Outputs: the output, (T, N, directions * hidden_size) ('NTC': (N, T, ...)); with states given, also the
    list of final states.
    """

    def __init__(self, hidden_size, num_layers=1, layout='TNC', dropout=0, bidirectional=False, input_size=0,
                 i2h_weight_initializer=None, h2h_weight_initializer=None, i2h_bias_initializer='zeros',
                 h2h_bias_initializer='zeros', dtype='float32', **kwargs):
        super().__init__(hidden_size, num_layers, layout, dropout, bidirectional, input_size,
                         i2h_weight_initializer, h2h_weight_initializer, i2h_bias_initializer,
                         h2h_bias_initializer, 'gru', None, None, None, None, False, dtype, **kwargs)
