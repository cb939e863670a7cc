"""Recurrent cells: one time step per call (``cell(inputs, states)``), or a whole sequence with
``unroll``; containers that stack them (SequentialRNNCell, HybridSequentialRNNCell, BidirectionalCell) and
modifiers that wrap one (DropoutCell, ZoneoutCell, ResidualCell).

RNNCell, LSTMCell and GRUCell keep MXNet's parameters (``i2h_weight``, ``h2h_weight``, ``i2h_bias``,
``h2h_bias`` under the cell's prefix, gates stacked as in the fused layers) and run a step on torch's
fused cell kernels when their activations are the standard ones."""
import numbers

from torch import _VF

from ... import ndarray
from ...base import MXNetError, _as_list
from ...ndarray.ndarray import NDArray, _wrap
from ..block import Block, HybridBlock
from ..nn import LeakyReLU
from ..utils import _indent

__all__ = ['RecurrentCell', 'HybridRecurrentCell', 'RNNCell', 'LSTMCell', 'GRUCell', 'SequentialRNNCell',
           'HybridSequentialRNNCell', 'DropoutCell', 'ModifierCell', 'ZoneoutCell', 'ResidualCell',
           'BidirectionalCell']

_NOT_THROUGH_BASE = ('After applying modifier cells (e.g. ZoneoutCell) the base cell cannot be called '
                     'directly. Call the modifier cell instead.')


# ---- helpers shared by the cells' unroll ------------------------------------------------------------------
def _cells_state_info(cells, batch_size):
    return [info for c in cells for info in c.state_info(batch_size)]


def _cells_begin_state(cells, **kwargs):
    return [s for c in cells for s in c.begin_state(**kwargs)]


def _get_begin_state(cell, begin_state, inputs, batch_size):
    """`begin_state`, or the cell's zero states on the inputs' context when it is None."""
    if begin_state is None:
        ctx = inputs.context if isinstance(inputs, NDArray) else inputs[0].context
        with ctx:
            begin_state = cell.begin_state(func=ndarray.zeros, batch_size=batch_size)
    return begin_state


def _format_sequence(length, inputs, layout, merge, in_layout=None):
    """The inputs of an unroll as one array in `layout` (merge True), as a list of per-step arrays
    (merge False) or as they are (merge None); with the time axis, the operator namespace and the batch
    size."""
    assert inputs is not None, 'unroll(inputs=None) has been deprecated. Please create input variables ' \
                               'outside unroll.'
    axis = layout.find('T')
    batch_axis = layout.find('N')
    in_axis = in_layout.find('T') if in_layout is not None else axis
    if isinstance(inputs, NDArray):
        batch_size = inputs.shape[batch_axis]
        if merge is False:
            assert length is None or length == inputs.shape[in_axis]
            inputs = _as_list(ndarray.split(inputs, axis=in_axis, num_outputs=inputs.shape[in_axis],
                                            squeeze_axis=1))
    else:
        assert length is None or len(inputs) == length
        batch_size = inputs[0].shape[0]
        if merge is True:
            inputs = ndarray.stack(*inputs, axis=axis)
            in_axis = axis
    if isinstance(inputs, NDArray) and axis != in_axis:
        inputs = ndarray.swapaxes(inputs, dim1=axis, dim2=in_axis)
    return inputs, axis, ndarray, batch_size


def _mask_sequence_variable_length(F, data, length, valid_length, time_axis, merge):
    """Outputs past each sequence's valid length set to zero (merged, or as a list when not `merge`)."""
    assert valid_length is not None
    if not isinstance(data, NDArray):
        data = F.stack(*data, axis=time_axis)
    outputs = F.SequenceMask(data, sequence_length=valid_length, use_sequence_length=True, axis=time_axis)
    if not merge:
        outputs = _as_list(F.split(outputs, num_outputs=length, axis=time_axis, squeeze_axis=True))
    return outputs


def _reverse_sequences(sequences, unroll_step, valid_length=None):
    """The list of per-step arrays in reverse order, each sequence within its valid length when given."""
    if valid_length is None:
        return list(reversed(sequences))
    F = ndarray
    rev = F.SequenceReverse(F.stack(*sequences, axis=0), sequence_length=valid_length, use_sequence_length=True)
    if unroll_step > 1:
        return F.split(rev, axis=0, num_outputs=unroll_step, squeeze_axis=True)
    return [rev[0]]


def _lstm_update(cell, F, gates, prev_c, activation, recurrent_activation, prefix, axis=1):
    """One LSTM update from the summed pre-activations `gates` (input, forget, cell and output blocks
    stacked on `axis`) and the previous cell state: (next_h, next_c). Shared by LSTMCell and the contrib
    cells (LSTMPCell, the convolutional LSTM cells)."""
    gates = F.SliceChannel(gates, num_outputs=4, axis=axis, name=prefix + 'slice')
    in_gate = cell._get_activation(F, gates[0], recurrent_activation, name=prefix + 'i')
    forget_gate = cell._get_activation(F, gates[1], recurrent_activation, name=prefix + 'f')
    in_transform = cell._get_activation(F, gates[2], activation, name=prefix + 'c')
    out_gate = cell._get_activation(F, gates[3], recurrent_activation, name=prefix + 'o')
    next_c = F.elemwise_add(F.elemwise_mul(forget_gate, prev_c, name=prefix + 'mul0'),
                            F.elemwise_mul(in_gate, in_transform, name=prefix + 'mul1'), name=prefix + 'state')
    next_h = F.elemwise_mul(out_gate, cell._get_activation(F, next_c, activation, name=prefix + 'activation0'),
                            name=prefix + 'out')
    return next_h, next_c


def _flat_input(x):
    """A step's input as FullyConnected sees it: (batch, features)."""
    t = x._t
    return t if t.dim() == 2 else t.reshape(t.shape[0], -1)


# ---- base classes ---------------------------------------------------------------------------------------
class RecurrentCell(Block):
    """Abstract base class for RNN cells.

    Parameters
    ----------
    prefix : str, optional
        Prefix for names of `Block`s (and of the weights when `params` is `None`).
    params : Parameter or None, default None
        Container for weight sharing between cells; created when `None`.
    """

    def __init__(self, prefix=None, params=None):
        super().__init__(prefix=prefix, params=params)
        self._modified = False
        self.reset()

    def reset(self):
        """Reset before re-using the cell for another graph."""
        self._init_counter = -1
        self._counter = -1
        for cell in self._children.values():
            cell.reset()

    def state_info(self, batch_size=0):
        """shape and layout information of states"""
        raise NotImplementedError()

    def begin_state(self, batch_size=0, func=ndarray.zeros, **kwargs):
        """Initial state for this cell.

        Parameters
        ----------
        func : callable, default `ndarray.zeros`
            Function for creating initial state, such as `ndarray.zeros` or `ndarray.ones`; it is called
            with `name`, `shape`, `__layout__` and the `kwargs`.
        batch_size : int, default 0
            Size of the batch ('N' in layout) dimension of input.
        **kwargs :
            Additional keyword arguments passed to func. For example `ctx`, `mean`, `std`, `dtype`, etc.

        Returns
        -------
        states : nested list of NDArray
            Starting states for the first RNN step.
        """
        assert not self._modified, _NOT_THROUGH_BASE
        states = []
        for info in self.state_info(batch_size):
            self._init_counter += 1
            if info is not None:
                info.update(kwargs)
            else:
                info = kwargs
            states.append(func(name='%sbegin_state_%d' % (self._prefix, self._init_counter), **info))
        return states

    def unroll(self, length, inputs, begin_state=None, layout='NTC', merge_outputs=None, valid_length=None):
        """Unrolls an RNN cell across time steps.

        Parameters
        ----------
        length : int
            Number of steps to unroll.
        inputs : NDArray or list of NDArray
            One array of shape (batch_size, length, ...) with layout 'NTC' or (length, batch_size, ...)
            with 'TNC'; or a list of `length` arrays of shape (batch_size, ...).
        begin_state : nested list of NDArray, optional
            Input states created by `begin_state()` or output state of another cell; `begin_state()`'s
            zeros when `None`.
        layout : str, optional
            `layout` of the input array (and of the merged output).
        merge_outputs : bool, optional
            If `False`, returns outputs as a list of arrays. If `True`, stacks them into one array in
            `layout`. If `None`, outputs come in the form the inputs came in.
        valid_length : NDArray or None
            The length of each sequence of the batch, shape (batch_size,); the states returned are those
            at each sequence's last valid step and outputs past it are zero. All sequences are `length`
            long when `None`.

        Returns
        -------
        outputs : list of NDArray or NDArray
            The outputs of the steps (merged or not, see `merge_outputs`).
        states : list of NDArray
            The new state of this RNN after this unrolling, shaped as `begin_state()`'s.
        """
        self.reset()
        inputs, axis, F, batch_size = _format_sequence(length, inputs, layout, False)
        states = _get_begin_state(self, begin_state, inputs, batch_size)
        outputs = []
        all_states = []
        for i in range(length):
            output, states = self(inputs[i], states)
            outputs.append(output)
            if valid_length is not None:
                all_states.append(states)
        if valid_length is not None:
            states = [F.SequenceLast(F.stack(*per_step, axis=0), sequence_length=valid_length,
                                     use_sequence_length=True, axis=0)
                      for per_step in zip(*all_states)]
            outputs = _mask_sequence_variable_length(F, outputs, length, valid_length, axis, True)
        outputs, _, _, _ = _format_sequence(length, outputs, layout, merge_outputs)
        return outputs, states

    def _get_activation(self, F, inputs, activation, **kwargs):
        """`activation` (a name, a LeakyReLU block or a callable) applied to inputs."""
        func = {'tanh': F.tanh, 'relu': F.relu, 'sigmoid': F.sigmoid,
                'softsign': F.softsign}.get(activation) if isinstance(activation, str) else None
        if func:
            return func(inputs, **kwargs)
        if isinstance(activation, str):
            return F.Activation(inputs, act_type=activation, **kwargs)
        if isinstance(activation, LeakyReLU):
            return F.LeakyReLU(inputs, act_type='leaky', slope=activation._alpha, **kwargs)
        return activation(inputs, **kwargs)

    def forward(self, inputs, states):
        """Unrolls the recurrent cell for one time step.

        Parameters
        ----------
        inputs : NDArray
            Input of shape (batch_size, input_size).
        states : list of NDArray
            RNN state from previous step or the output of begin_state().

        Returns
        -------
        output : NDArray
            The output of this step.
        states : list of NDArray
            The new state of this RNN after this step, shaped as `begin_state()`'s.
        """
        self._counter += 1
        return super().forward(inputs, states)


class HybridRecurrentCell(RecurrentCell, HybridBlock):
    """HybridRecurrentCell supports hybridize."""

    def __init__(self, prefix=None, params=None):
        super().__init__(prefix=prefix, params=params)

    def hybrid_forward(self, F, x, *args, **kwargs):
        raise NotImplementedError


class _GatedCell(HybridRecurrentCell):
    """RNNCell, LSTMCell and GRUCell: four parameters, `gates` blocks of hidden_size rows each."""
    _gates = 1

    def __init__(self, hidden_size, i2h_weight_initializer, h2h_weight_initializer, i2h_bias_initializer,
                 h2h_bias_initializer, input_size, prefix, params, projection_size=None,
                 h2r_weight_initializer=None):
        super().__init__(prefix=prefix, params=params)
        self._hidden_size = hidden_size
        self._input_size = input_size
        rows = self._gates * hidden_size
        self.i2h_weight = self.params.get('i2h_weight', shape=(rows, input_size), init=i2h_weight_initializer,
                                          allow_deferred_init=True)
        self.h2h_weight = self.params.get('h2h_weight', shape=(rows, projection_size or hidden_size),
                                          init=h2h_weight_initializer, allow_deferred_init=True)
        if projection_size:
            # contrib.rnn.LSTMPCell: the recurrent state is the output projected by h2r_weight, which MXNet
            # creates between the weights and the biases
            self.h2r_weight = self.params.get('h2r_weight', shape=(projection_size, hidden_size),
                                              init=h2r_weight_initializer, allow_deferred_init=True)
        self.i2h_bias = self.params.get('i2h_bias', shape=(rows,), init=i2h_bias_initializer,
                                        allow_deferred_init=True)
        self.h2h_bias = self.params.get('h2h_bias', shape=(rows,), init=h2h_bias_initializer,
                                        allow_deferred_init=True)

    def infer_shape(self, inputs, *args):
        """Completes the input width of i2h_weight from the inputs (all but the batch axis)."""
        width = 1
        for d in inputs.shape[1:]:
            width *= d
        self.i2h_weight.shape = (self.i2h_weight.shape[0], width)

    def _mapping(self):
        shape = self.i2h_weight.shape
        return '{0} -> {1}'.format(shape[1] if shape[1] else None, shape[0])

    def __repr__(self):
        return '{name}({mapping})'.format(name=self.__class__.__name__, mapping=self._mapping())

    def _fused(self, kernel, inputs, hidden, i2h_weight, h2h_weight, i2h_bias, h2h_bias):
        """One step on torch's fused cell kernel; its errors (shapes, dtypes) as MXNetError."""
        try:
            return kernel(_flat_input(inputs), hidden, i2h_weight._t, h2h_weight._t, i2h_bias._t, h2h_bias._t)
        except RuntimeError as e:
            raise MXNetError('{} {}: {}'.format(self.__class__.__name__, self.name, e)) from None


_RNN_KERNELS = {'tanh': _VF.rnn_tanh_cell, 'relu': _VF.rnn_relu_cell}


class RNNCell(_GatedCell):
    r"""Elman RNN recurrent neural network cell.

    Each call computes the following function:

    .. math::

        h_t = \tanh(w_{ih} * x_t + b_{ih}  +  w_{hh} * h_{(t-1)} + b_{hh})

    where :math:`h_t` is the hidden state at time `t` and :math:`x_t` the input at time `t`; another
    `activation` replaces tanh.

    Parameters
    ----------
    hidden_size : int
        Number of units in output symbol
    activation : str or Block or callable, default 'tanh'
        Type of activation function.
    i2h_weight_initializer : str or Initializer
        Initializer for the input weights matrix.
    h2h_weight_initializer : str or Initializer
        Initializer for the recurrent weights matrix.
    i2h_bias_initializer : str or Initializer, default 'zeros'
        Initializer for the input bias vector.
    h2h_bias_initializer : str or Initializer, default 'zeros'
        Initializer for the recurrent bias vector.
    input_size : int, default 0
        Width of the input; inferred from the first input when 0.
    prefix : str, default ``'rnn_'``
        Prefix for name of `Block`s (and name of weight if params is `None`).
    params : Parameter or None
        Container for weight sharing between cells. Created if `None`.

    Inputs:
        - **data**: input tensor with shape `(batch_size, input_size)`.
        - **states**: a list of one initial recurrent state tensor with shape `(batch_size, num_hidden)`.

    Outputs:
        - **out**: output tensor with shape `(batch_size, num_hidden)`.
        - **next_states**: a list of one output recurrent state tensor with the same shape as `states`.
    """
    _gates = 1

    def __init__(self, hidden_size, activation='tanh', i2h_weight_initializer=None, h2h_weight_initializer=None,
                 i2h_bias_initializer='zeros', h2h_bias_initializer='zeros', input_size=0, prefix=None,
                 params=None):
        super().__init__(hidden_size, i2h_weight_initializer, h2h_weight_initializer, i2h_bias_initializer,
                         h2h_bias_initializer, input_size, prefix, params)
        self._activation = activation

    def state_info(self, batch_size=0):
        return [{'shape': (batch_size, self._hidden_size), '__layout__': 'NC'}]

    def _alias(self):
        return 'rnn'

    def __repr__(self):
        return '{name}({mapping}, {act})'.format(name=self.__class__.__name__, mapping=self._mapping(),
                                                 act=self._activation)

    def hybrid_forward(self, F, inputs, states, i2h_weight, h2h_weight, i2h_bias, h2h_bias):
        act = self._activation
        kernel = _RNN_KERNELS.get(act) if isinstance(act, str) else None
        if kernel is not None:
            out = _wrap(self._fused(kernel, inputs, states[0]._t, i2h_weight, h2h_weight, i2h_bias, h2h_bias))
            return out, [out]
        prefix = 't%d_' % self._counter
        i2h = F.FullyConnected(data=inputs, weight=i2h_weight, bias=i2h_bias, num_hidden=self._hidden_size,
                               name=prefix + 'i2h')
        h2h = F.FullyConnected(data=states[0], weight=h2h_weight, bias=h2h_bias, num_hidden=self._hidden_size,
                               name=prefix + 'h2h')
        output = self._get_activation(F, F.elemwise_add(i2h, h2h, name=prefix + 'plus0'), act,
                                      name=prefix + 'out')
        return output, [output]


class LSTMCell(_GatedCell):
    r"""Long-Short Term Memory (LSTM) network cell.

    Each call computes the following function:

    .. math::
        \begin{array}{ll}
        i_t = sigmoid(W_{ii} x_t + b_{ii} + W_{hi} h_{(t-1)} + b_{hi}) \\
        f_t = sigmoid(W_{if} x_t + b_{if} + W_{hf} h_{(t-1)} + b_{hf}) \\
        g_t = \tanh(W_{ig} x_t + b_{ig} + W_{hc} h_{(t-1)} + b_{hg}) \\
        o_t = sigmoid(W_{io} x_t + b_{io} + W_{ho} h_{(t-1)} + b_{ho}) \\
        c_t = f_t * c_{(t-1)} + i_t * g_t \\
        h_t = o_t * \tanh(c_t)
        \end{array}

    with the input, forget, cell and output gates :math:`i_t, f_t, g_t, o_t` stacked in this order in
    the weights (`recurrent_activation` replaces sigmoid and `activation` tanh).

    Parameters
    ----------
    hidden_size : int
        Number of units in output symbol.
    i2h_weight_initializer : str or Initializer
        Initializer for the input weights matrix.
    h2h_weight_initializer : str or Initializer
        Initializer for the recurrent weights matrix.
    i2h_bias_initializer : str or Initializer, default 'zeros'
        Initializer for the input bias vector.
    h2h_bias_initializer : str or Initializer, default 'zeros'
        Initializer for the recurrent bias vector.
    input_size : int, default 0
        Width of the input; inferred from the first input when 0.
    prefix : str, default ``'lstm_'``
        Prefix for name of `Block`s (and name of weight if params is `None`).
    params : Parameter or None, default None
        Container for weight sharing between cells. Created if `None`.
    activation : str, default 'tanh'
        Activation type to use (see Activation for the types).
    recurrent_activation : str, default 'sigmoid'
        Activation type to use for the recurrent step (see Activation for the types).

    Inputs:
        - **data**: input tensor with shape `(batch_size, input_size)`.
        - **states**: a list of two initial recurrent state tensors, each of shape `(batch_size,
          num_hidden)`.

    Outputs:
        - **out**: output tensor with shape `(batch_size, num_hidden)`.
        - **next_states**: a list of two output recurrent state tensors, shaped as `states`.
    """
    _gates = 4

    def __init__(self, hidden_size, i2h_weight_initializer=None, h2h_weight_initializer=None,
                 i2h_bias_initializer='zeros', h2h_bias_initializer='zeros', input_size=0, prefix=None,
                 params=None, activation='tanh', recurrent_activation='sigmoid'):
        super().__init__(hidden_size, i2h_weight_initializer, h2h_weight_initializer, i2h_bias_initializer,
                         h2h_bias_initializer, input_size, prefix, params)
        self._activation = activation
        self._recurrent_activation = recurrent_activation

    def state_info(self, batch_size=0):
        return [{'shape': (batch_size, self._hidden_size), '__layout__': 'NC'},
                {'shape': (batch_size, self._hidden_size), '__layout__': 'NC'}]

    def _alias(self):
        return 'lstm'

    def hybrid_forward(self, F, inputs, states, i2h_weight, h2h_weight, i2h_bias, h2h_bias):
        if self._activation == 'tanh' and self._recurrent_activation == 'sigmoid':
            h, c = self._fused(_VF.lstm_cell, inputs, (states[0]._t, states[1]._t), i2h_weight, h2h_weight,
                               i2h_bias, h2h_bias)
            h = _wrap(h)
            return h, [h, _wrap(c)]
        prefix = 't%d_' % self._counter
        n = self._hidden_size * 4
        i2h = F.FullyConnected(data=inputs, weight=i2h_weight, bias=i2h_bias, num_hidden=n, name=prefix + 'i2h')
        h2h = F.FullyConnected(data=states[0], weight=h2h_weight, bias=h2h_bias, num_hidden=n,
                               name=prefix + 'h2h')
        next_h, next_c = _lstm_update(self, F, F.elemwise_add(i2h, h2h, name=prefix + 'plus0'), states[1],
                                      self._activation, self._recurrent_activation, prefix)
        return next_h, [next_h, next_c]


class GRUCell(_GatedCell):
    r"""Gated Rectified Unit (GRU) network cell. This is cuDNN's GRU (a slight change to Cho et al. 2014:
    the reset gate :math:`r_t` multiplies the result of the recurrent matrix product).

    Each call computes the following function:

    .. math::
        \begin{array}{ll}
        r_t = sigmoid(W_{ir} x_t + b_{ir} + W_{hr} h_{(t-1)} + b_{hr}) \\
        i_t = sigmoid(W_{ii} x_t + b_{ii} + W_{hi} h_{(t-1)} + b_{hi}) \\
        n_t = \tanh(W_{in} x_t + b_{in} + r_t * (W_{hn} h_{(t-1)} + b_{hn})) \\
        h_t = (1 - i_t) * n_t + i_t * h_{(t-1)} \\
        \end{array}

    with the reset, update ("input") and new gates :math:`r_t, i_t, n_t` stacked in this order in the
    weights.

    Parameters
    ----------
    hidden_size : int
        Number of units in output symbol.
    i2h_weight_initializer : str or Initializer
        Initializer for the input weights matrix.
    h2h_weight_initializer : str or Initializer
        Initializer for the recurrent weights matrix.
    i2h_bias_initializer : str or Initializer, default 'zeros'
        Initializer for the input bias vector.
    h2h_bias_initializer : str or Initializer, default 'zeros'
        Initializer for the recurrent bias vector.
    input_size : int, default 0
        Width of the input; inferred from the first input when 0.
    prefix : str, default ``'gru_'``
        prefix for name of `Block`s (and name of weight if params is `None`).
    params : Parameter or None, default None
        Container for weight sharing between cells. Created if `None`.

    Inputs:
        - **data**: input tensor with shape `(batch_size, input_size)`.
        - **states**: a list of one initial recurrent state tensor with shape `(batch_size, num_hidden)`.

    Outputs:
        - **out**: output tensor with shape `(batch_size, num_hidden)`.
        - **next_states**: a list of one output recurrent state tensor with the same shape as `states`.
    """
    _gates = 3

    def __init__(self, hidden_size, i2h_weight_initializer=None, h2h_weight_initializer=None,
                 i2h_bias_initializer='zeros', h2h_bias_initializer='zeros', input_size=0, prefix=None,
                 params=None):
        super().__init__(hidden_size, i2h_weight_initializer, h2h_weight_initializer, i2h_bias_initializer,
                         h2h_bias_initializer, input_size, prefix, params)

    def state_info(self, batch_size=0):
        return [{'shape': (batch_size, self._hidden_size), '__layout__': 'NC'}]

    def _alias(self):
        return 'gru'

    def hybrid_forward(self, F, inputs, states, i2h_weight, h2h_weight, i2h_bias, h2h_bias):
        h = _wrap(self._fused(_VF.gru_cell, inputs, states[0]._t, i2h_weight, h2h_weight, i2h_bias, h2h_bias))
        return h, [h]


# ---- containers -----------------------------------------------------------------------------------------
class _StackMixin:
    """What SequentialRNNCell and HybridSequentialRNNCell share: a stack of cells stepped or unrolled one
    after the other, the states of all of them in one list."""

    def __repr__(self):
        return '{name}(\n{modstr}\n)'.format(
            name=self.__class__.__name__,
            modstr='\n'.join('({i}): {m}'.format(i=i, m=_indent(m.__repr__(), 2)) for i, m in self._children.items()))

    def add(self, cell):
        """Appends a cell into the stack.

        Parameters
        ----------
        cell : RecurrentCell
            The cell to add.
        """
        self.register_child(cell)

    def state_info(self, batch_size=0):
        return _cells_state_info(self._children.values(), batch_size)

    def begin_state(self, **kwargs):
        assert not self._modified, _NOT_THROUGH_BASE
        return _cells_begin_state(self._children.values(), **kwargs)

    def __call__(self, inputs, states):
        self._counter += 1
        assert not any(isinstance(cell, BidirectionalCell) for cell in self._children.values()), \
            'a stack holding a BidirectionalCell cannot be stepped; use unroll'
        next_states = []
        p = 0
        for cell in self._children.values():
            n = len(cell.state_info())
            inputs, state = cell(inputs, states[p:p + n])
            p += n
            next_states.extend(state)
        return inputs, next_states

    def unroll(self, length, inputs, begin_state=None, layout='NTC', merge_outputs=None, valid_length=None):
        self.reset()
        inputs, _, _, batch_size = _format_sequence(length, inputs, layout, None)
        num_cells = len(self._children)
        begin_state = _get_begin_state(self, begin_state, inputs, batch_size)
        p = 0
        next_states = []
        for i, cell in enumerate(self._children.values()):
            n = len(cell.state_info())
            states = begin_state[p:p + n]
            p += n
            inputs, states = cell.unroll(length, inputs=inputs, begin_state=states, layout=layout,
                                         merge_outputs=None if i < num_cells - 1 else merge_outputs,
                                         valid_length=valid_length)
            next_states.extend(states)
        return inputs, next_states

    def __getitem__(self, i):
        return self._children[str(i)]

    def __len__(self):
        return len(self._children)


class SequentialRNNCell(_StackMixin, RecurrentCell):
    """Sequentially stacking multiple RNN cells."""

    def __init__(self, prefix=None, params=None):
        super().__init__(prefix=prefix, params=params)

    def hybrid_forward(self, *args, **kwargs):
        raise NotImplementedError


class HybridSequentialRNNCell(_StackMixin, HybridRecurrentCell):
    """Sequentially stacking multiple HybridRNN cells."""

    def __init__(self, prefix=None, params=None):
        super().__init__(prefix=prefix, params=params)

    def hybrid_forward(self, F, inputs, states):
        return self.__call__(inputs, states)


class DropoutCell(HybridRecurrentCell):
    """Applies dropout on input.

    Parameters
    ----------
    rate : float
        Percentage of elements to drop out, which is 1 - percentage to retain.
    axes : tuple of int, default ()
        The axes on which dropout mask is shared. If empty, regular dropout is applied.

    Inputs:
        - **data**: input tensor with shape `(batch_size, size)`.
        - **states**: a list of recurrent state tensors.

    Outputs:
        - **out**: output tensor with shape `(batch_size, size)`.
        - **next_states**: returns input `states` directly.
    """

    def __init__(self, rate, axes=(), prefix=None, params=None):
        super().__init__(prefix, params)
        assert isinstance(rate, numbers.Number), 'rate must be a number'
        self._rate = rate
        self._axes = axes

    def __repr__(self):
        return '{name}(rate={rate}, axes={axes})'.format(name=self.__class__.__name__, rate=self._rate,
                                                        axes=self._axes)

    def state_info(self, batch_size=0):
        return []

    def _alias(self):
        return 'dropout'

    def hybrid_forward(self, F, inputs, states):
        if self._rate > 0:
            inputs = F.Dropout(data=inputs, p=self._rate, axes=self._axes, name='t%d_fwd' % self._counter)
        return inputs, states

    def unroll(self, length, inputs, begin_state=None, layout='NTC', merge_outputs=None, valid_length=None):
        self.reset()
        inputs, _, F, _ = _format_sequence(length, inputs, layout, merge_outputs)
        if isinstance(inputs, NDArray):
            # one dropout over the whole sequence
            return self.hybrid_forward(F, inputs, begin_state if begin_state else [])
        return super().unroll(length, inputs, begin_state=begin_state, layout=layout,
                              merge_outputs=merge_outputs, valid_length=None)


class ModifierCell(HybridRecurrentCell):
    """Base class for modifier cells. A modifier cell takes a base cell, applies modifications on it
    (e.g. Zoneout), and returns a new cell.

    After applying modifiers the base cell should no longer be called directly. The modifier cell should
    be used instead.
    """

    def __init__(self, base_cell):
        assert not base_cell._modified, \
            'Cell %s is already modified. One cell cannot be modified twice' % base_cell.name
        base_cell._modified = True
        super().__init__(prefix=base_cell.prefix + self._alias(), params=None)
        self.base_cell = base_cell

    @property
    def params(self):
        return self.base_cell.params

    def state_info(self, batch_size=0):
        return self.base_cell.state_info(batch_size)

    def begin_state(self, func=ndarray.zeros, **kwargs):
        assert not self._modified, _NOT_THROUGH_BASE
        self.base_cell._modified = False
        try:
            return self.base_cell.begin_state(func=func, **kwargs)
        finally:
            self.base_cell._modified = True

    def hybrid_forward(self, F, inputs, states):
        raise NotImplementedError

    def __repr__(self):
        return '{name}({base_cell})'.format(name=self.__class__.__name__, base_cell=self.base_cell)


class ZoneoutCell(ModifierCell):
    """Applies Zoneout on base cell: in training, each output and state element keeps its previous value
    with probability `zoneout_outputs` (`zoneout_states`) instead of taking the new one.

    Parameters
    ----------
    base_cell : RecurrentCell
        The cell to modify (not a BidirectionalCell).
    zoneout_outputs : float, default 0
        Probability of keeping the previous output.
    zoneout_states : float, default 0
        Probability of keeping the previous state.
    """

    def __init__(self, base_cell, zoneout_outputs=0., zoneout_states=0.):
        assert not isinstance(base_cell, BidirectionalCell), \
            "BidirectionalCell doesn't support zoneout since it doesn't support step. Please add ZoneoutCell " \
            "to the cells underneath instead."
        super().__init__(base_cell)
        self.zoneout_outputs = zoneout_outputs
        self.zoneout_states = zoneout_states
        self._prev_output = None

    def __repr__(self):
        return '{name}(p_out={p_out}, p_state={p_state}, {base_cell})'.format(
            name=self.__class__.__name__, p_out=self.zoneout_outputs, p_state=self.zoneout_states,
            base_cell=self.base_cell)

    def _alias(self):
        return 'zoneout'

    def reset(self):
        super().reset()
        self._prev_output = None

    def hybrid_forward(self, F, inputs, states):
        cell, p_outputs, p_states = self.base_cell, self.zoneout_outputs, self.zoneout_states
        next_output, next_states = cell(inputs, states)

        def keep_new(p, like):
            # 1 where the new value is taken: a dropout mask of ones (identity outside training)
            return F.Dropout(F.ones_like(like), p=p)

        prev_output = self._prev_output
        if prev_output is None:
            prev_output = F.zeros_like(next_output)
        output = F.where(keep_new(p_outputs, next_output), next_output, prev_output) \
            if p_outputs != 0. else next_output
        states = [F.where(keep_new(p_states, new_s), new_s, old_s) for new_s, old_s in zip(next_states, states)] \
            if p_states != 0. else next_states
        self._prev_output = output
        return output, states


class ResidualCell(ModifierCell):
    """Adds residual connection as described in Wu et al, 2016 (https://arxiv.org/abs/1609.08144): the
    output of the cell is the output of the base cell plus its input."""

    def __init__(self, base_cell):
        super().__init__(base_cell)

    def hybrid_forward(self, F, inputs, states):
        output, states = self.base_cell(inputs, states)
        output = F.elemwise_add(output, inputs, name='t%d_fwd' % self._counter)
        return output, states

    def unroll(self, length, inputs, begin_state=None, layout='NTC', merge_outputs=None, valid_length=None):
        self.reset()
        self.base_cell._modified = False
        try:
            outputs, states = self.base_cell.unroll(length, inputs=inputs, begin_state=begin_state, layout=layout,
                                                    merge_outputs=merge_outputs, valid_length=valid_length)
        finally:
            self.base_cell._modified = True
        merge_outputs = isinstance(outputs, NDArray) if merge_outputs is None else merge_outputs
        inputs, axis, F, _ = _format_sequence(length, inputs, layout, merge_outputs)
        if valid_length is not None:
            # padded inputs must not leak into the (zero) padded outputs
            inputs = _mask_sequence_variable_length(F, inputs, length, valid_length, axis, merge_outputs)
        if merge_outputs:
            outputs = F.elemwise_add(outputs, inputs)
        else:
            outputs = [F.elemwise_add(i, j) for i, j in zip(outputs, inputs)]
        return outputs, states


class BidirectionalCell(HybridRecurrentCell):
    """Bidirectional RNN cell: `l_cell` runs over the sequence forwards and `r_cell` backwards; their
    outputs are concatenated on the feature axis. It can only be unrolled, not stepped.

    Parameters
    ----------
    l_cell : RecurrentCell
        Cell for forward unrolling
    r_cell : RecurrentCell
        Cell for backward unrolling
    output_prefix : str, default 'bi_'
        Prefix of the names of the outputs.
    """

    def __init__(self, l_cell, r_cell, output_prefix='bi_'):
        super().__init__(prefix='', params=None)
        self.register_child(l_cell, 'l_cell')
        self.register_child(r_cell, 'r_cell')
        self._output_prefix = output_prefix

    def __call__(self, inputs, states):
        raise NotImplementedError('Bidirectional cannot be stepped. Please use unroll')

    def __repr__(self):
        return '{name}(forward={l_cell}, backward={r_cell})'.format(
            name=self.__class__.__name__, l_cell=self._children['l_cell'], r_cell=self._children['r_cell'])

    def state_info(self, batch_size=0):
        return _cells_state_info(self._children.values(), batch_size)

    def begin_state(self, **kwargs):
        assert not self._modified, _NOT_THROUGH_BASE
        return _cells_begin_state(self._children.values(), **kwargs)

    def unroll(self, length, inputs, begin_state=None, layout='NTC', merge_outputs=None, valid_length=None):
        self.reset()
        inputs, axis, F, batch_size = _format_sequence(length, inputs, layout, False)
        reversed_inputs = list(_reverse_sequences(inputs, length, valid_length))
        states = _get_begin_state(self, begin_state, inputs, batch_size)
        l_cell, r_cell = self._children.values()
        n_l = len(l_cell.state_info(batch_size))
        l_outputs, l_states = l_cell.unroll(length, inputs=inputs, begin_state=states[:n_l], layout=layout,
                                            merge_outputs=merge_outputs, valid_length=valid_length)
        r_outputs, r_states = r_cell.unroll(length, inputs=reversed_inputs, begin_state=states[n_l:],
                                            layout=layout, merge_outputs=False, valid_length=valid_length)
        reversed_r_outputs = _reverse_sequences(r_outputs, length, valid_length)
        if merge_outputs is None:
            merge_outputs = isinstance(l_outputs, NDArray)
            l_outputs, _, _, _ = _format_sequence(None, l_outputs, layout, merge_outputs)
            reversed_r_outputs, _, _, _ = _format_sequence(None, reversed_r_outputs, layout, merge_outputs)
        if merge_outputs:
            reversed_r_outputs = F.stack(*reversed_r_outputs, axis=axis)
            outputs = F.concat(l_outputs, reversed_r_outputs, dim=2, name='%sout' % self._output_prefix)
        else:
            outputs = [F.concat(l_o, r_o, dim=1, name='%st%d' % (self._output_prefix, i))
                       for i, (l_o, r_o) in enumerate(zip(l_outputs, reversed_r_outputs))]
        if valid_length is not None:
            outputs = _mask_sequence_variable_length(F, outputs, length, valid_length, axis, merge_outputs)
        return outputs, l_states + r_states
