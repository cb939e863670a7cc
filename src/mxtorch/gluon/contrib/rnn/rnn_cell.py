"""Contributed recurrent cells (``mx.gluon.contrib.rnn``): VariationalDropoutCell (one dropout mask for
all time steps), LSTMPCell (an LSTM whose output is projected to a smaller size), and dynamic_unroll (a
cell run over a time-major or batch-major sequence, with per-sequence lengths)."""
import functools

from ....base import MXNetError, _as_list
from ....ndarray.ndarray import NDArray
from ...rnn.rnn_cell import (BidirectionalCell, ModifierCell, SequentialRNNCell, _GatedCell, _format_sequence,
                             _get_begin_state, _lstm_update, _mask_sequence_variable_length)

__all__ = ['VariationalDropoutCell', 'LSTMPCell']


def _names_cell_in_errors(hybrid_forward):
    """Decorator: an operator's MXNetError inside a cell's step says which cell (class and name) failed, as
    gluon.rnn's cells do."""
    @functools.wraps(hybrid_forward)
    def step(self, F, *args, **kwargs):
        try:
            return hybrid_forward(self, F, *args, **kwargs)
        except MXNetError as e:
            raise MXNetError('{} {}: {}'.format(self.__class__.__name__, self.name, e)) from None
    return step


class VariationalDropoutCell(ModifierCell):
    """Applies variational dropout on a base cell (Gal and Ghahramani, https://arxiv.org/abs/1512.05287):
    the same dropout mask is used at every time step. Inputs, outputs and the first state (h) may each be
    dropped, with masks of their own.

    The masks are drawn at the first step (in training mode; outside it they are ones) and kept until
    :meth:`reset`, which `unroll` calls; when stepping the cell by hand, call `reset()` before each new
    sequence.

    Parameters
    ----------
    base_cell : RecurrentCell
        The cell to apply variational dropout to.
    drop_inputs : float, default 0.
        Dropout rate of the inputs; none when 0.
    drop_states : float, default 0.
        Dropout rate of the first state (the recurrent input h); none when 0.
    drop_outputs : float, default 0.
        Dropout rate of the outputs; none when 0.
    """

    def __init__(self, base_cell, drop_inputs=0., drop_states=0., drop_outputs=0.):
        assert not drop_states or not isinstance(base_cell, BidirectionalCell), \
            "BidirectionalCell doesn't support variational state dropout. " \
            "Please add VariationalDropoutCell to the cells underneath instead."
        # (MXNet 1.9.1 reads a `_bidirectional` attribute that SequentialRNNCell lacks, an AttributeError;
        # what it means to forbid is a stack that holds a BidirectionalCell, which cannot be stepped)
        assert not drop_states or not isinstance(base_cell, SequentialRNNCell) or \
            not any(isinstance(c, BidirectionalCell) for c in base_cell._children.values()), \
            "Bidirectional SequentialRNNCell doesn't support variational state dropout. " \
            "Please add VariationalDropoutCell to the cells underneath instead."
        super().__init__(base_cell)
        self.drop_inputs = drop_inputs
        self.drop_states = drop_states
        self.drop_outputs = drop_outputs
        self.drop_inputs_mask = None
        self.drop_states_mask = None
        self.drop_outputs_mask = None

    def _alias(self):
        return 'vardrop'

    def reset(self):
        super().reset()
        self.drop_inputs_mask = None
        self.drop_states_mask = None
        self.drop_outputs_mask = None

    def __repr__(self):
        return '{name}(p_out = {p_out}, p_state = {p_state})'.format(
            name=self.__class__.__name__, p_out=self.drop_outputs, p_state=self.drop_states)

    @staticmethod
    def _mask(F, like, p):
        # Dropout of ones: 0 or 1/(1-p) in training mode, ones elsewhere
        return F.Dropout(F.ones_like(like), p=p)

    def hybrid_forward(self, F, inputs, states):
        if self.drop_states and self.drop_states_mask is None:
            self.drop_states_mask = self._mask(F, states[0], self.drop_states)
        if self.drop_inputs and self.drop_inputs_mask is None:
            self.drop_inputs_mask = self._mask(F, inputs, self.drop_inputs)
        if self.drop_states:
            states = list(states)
            states[0] = states[0] * self.drop_states_mask   # h is always the first state
        if self.drop_inputs:
            inputs = inputs * self.drop_inputs_mask
        output, next_states = self.base_cell(inputs, states)
        if self.drop_outputs:
            if self.drop_outputs_mask is None:
                self.drop_outputs_mask = self._mask(F, output, self.drop_outputs)
            output = output * self.drop_outputs_mask
        return output, next_states

    def unroll(self, length, inputs, begin_state=None, layout='NTC', merge_outputs=None, valid_length=None):
        """Unrolls the cell across `length` time steps (see :meth:`RecurrentCell.unroll`).

        Without state dropout the base cell is unrolled once over the whole sequence, between one dropout
        of the inputs and one of the outputs whose masks are shared along the time axis; with it, the cell
        is stepped.

        Parameters
        ----------
        length : int
            Number of steps to unroll.
        inputs : NDArray or list of NDArray
            One array in `layout` (batch_size, length, ...) for 'NTC' or (length, batch_size, ...) for
            'TNC'; or a list of `length` arrays of shape (batch_size, ...).
        begin_state : nested list of NDArray, optional
            Initial states; `begin_state()`'s zeros when None.
        layout : str, default 'NTC'
            Layout of the input array and of the merged output.
        merge_outputs : bool, optional
            True: one array in `layout`; False: a list of per-step arrays; None: as the base cell gives them.
        valid_length : NDArray or None
            Length of each sequence (batch_size,): outputs past it are zero and the states are those of
            its last valid step.

        Returns
        -------
        outputs : NDArray or list of NDArray
            The outputs of the steps.
        states : list of NDArray
            The states after the last (valid) step.
        """
        if self.drop_states:
            return super().unroll(length, inputs, begin_state, layout, merge_outputs, valid_length=valid_length)
        self.reset()
        inputs, axis, F, batch_size = _format_sequence(length, inputs, layout, True)
        states = _get_begin_state(self, begin_state, inputs, batch_size)
        if self.drop_inputs:
            inputs = F.Dropout(inputs, p=self.drop_inputs, axes=(axis,))
        outputs, states = self.base_cell.unroll(length, inputs, states, layout, merge_outputs=True,
                                                valid_length=valid_length)
        if self.drop_outputs:
            outputs = F.Dropout(outputs, p=self.drop_outputs, axes=(axis,))
        if merge_outputs is None:
            merge_outputs = isinstance(outputs, NDArray)
        outputs, _, _, _ = _format_sequence(length, outputs, layout, merge_outputs)
        if valid_length is not None:
            outputs = _mask_sequence_variable_length(F, outputs, length, valid_length, axis, merge_outputs)
        return outputs, states


class LSTMPCell(_GatedCell):
    r"""Long-Short Term Memory Projected (LSTMP) network cell (Sak et al., https://arxiv.org/abs/1402.1128):
    an LSTM whose output, also its recurrent input, is the hidden state projected to `projection_size`.

    Each call computes the following function:

    .. math::
        \begin{array}{ll}
        i_t = sigmoid(W_{ii} x_t + b_{ii} + W_{ri} r_{(t-1)} + b_{ri}) \\
        f_t = sigmoid(W_{if} x_t + b_{if} + W_{rf} r_{(t-1)} + b_{rf}) \\
        g_t = \tanh(W_{ig} x_t + b_{ig} + W_{rc} r_{(t-1)} + b_{rg}) \\
        o_t = sigmoid(W_{io} x_t + b_{io} + W_{ro} r_{(t-1)} + b_{ro}) \\
        c_t = f_t * c_{(t-1)} + i_t * g_t \\
        h_t = o_t * \tanh(c_t) \\
        r_t = W_{hr} h_t
        \end{array}

    where :math:`r_t` is the projected output at time `t`, :math:`c_t` the cell state and :math:`x_t` the
    input; the gates are stacked in the order input, forget, cell, output in the weights.

    Parameters
    ----------
    hidden_size : int
        Size of the cell state (and of the unprojected hidden state).
    projection_size : int
        Size of the output.
    i2h_weight_initializer : str or Initializer
        Initializer for the input weights matrix.
    h2h_weight_initializer : str or Initializer
        Initializer for the recurrent weights matrix (which multiplies the projected output).
    h2r_weight_initializer : str or Initializer
        Initializer for the projection matrix.
    i2h_bias_initializer : str or Initializer, default 'zeros'
        Initializer for the input bias vector.
    h2h_bias_initializer : str or Initializer, default 'zeros'
        Initializer for the recurrent bias vector.
    input_size : int, default 0
        Width of the input; inferred from the first input when 0.
    prefix : str, default ``'lstmp_'``
        Prefix for name of `Block`s (and name of weight if params is `None`).
    params : Parameter or None, default None
        Container for weight sharing between cells. Created if `None`.

    Inputs:
        - **data**: input tensor with shape `(batch_size, input_size)`.
        - **states**: a list of two initial recurrent state tensors, of shapes `(batch_size, projection_size)`
          and `(batch_size, hidden_size)`.

    Outputs:
        - **out**: output tensor with shape `(batch_size, projection_size)`.
        - **next_states**: a list of two output recurrent state tensors, shaped as `states`.
    """
    _gates = 4

    def __init__(self, hidden_size, projection_size, i2h_weight_initializer=None, h2h_weight_initializer=None,
                 h2r_weight_initializer=None, i2h_bias_initializer='zeros', h2h_bias_initializer='zeros',
                 input_size=0, prefix=None, params=None):
        super().__init__(hidden_size, i2h_weight_initializer, h2h_weight_initializer, i2h_bias_initializer,
                         h2h_bias_initializer, input_size, prefix, params, projection_size=projection_size,
                         h2r_weight_initializer=h2r_weight_initializer)
        self._projection_size = projection_size

    def state_info(self, batch_size=0):
        return [{'shape': (batch_size, self._projection_size), '__layout__': 'NC'},
                {'shape': (batch_size, self._hidden_size), '__layout__': 'NC'}]

    def _alias(self):
        return 'lstmp'

    def __repr__(self):
        return '{name}({mapping} -> {proj})'.format(name=self.__class__.__name__, mapping=self._mapping(),
                                                    proj=self.h2r_weight.shape[0])

    @_names_cell_in_errors
    def hybrid_forward(self, F, inputs, states, i2h_weight, h2h_weight, h2r_weight, i2h_bias, h2h_bias):
        prefix = 't%d_' % self._counter
        n = self._hidden_size * 4
        i2h = F.FullyConnected(data=inputs, weight=i2h_weight, bias=i2h_bias, num_hidden=n, name=prefix + 'i2h')
        h2h = F.FullyConnected(data=states[0], weight=h2h_weight, bias=h2h_bias, num_hidden=n,
                               name=prefix + 'h2h')
        hidden, next_c = _lstm_update(self, F, F.elemwise_add(i2h, h2h), states[1], 'tanh', 'sigmoid', prefix)
        next_r = F.FullyConnected(data=hidden, weight=h2r_weight, num_hidden=self._projection_size, no_bias=True,
                                  name=prefix + 'out')
        return next_r, [next_r, next_c]


def dynamic_unroll(cell, inputs, begin_state, drop_inputs=0, drop_outputs=0, layout='TNC', valid_length=None):
    """Runs `cell` over the time steps of `inputs` (MXNet builds a ``foreach`` loop; here the steps simply
    run one after the other).

    Parameters
    ----------
    cell : RecurrentCell
        The cell to run.
    inputs : NDArray
        The sequence, (length, batch_size, ...) for layout 'TNC' or (batch_size, length, ...) for 'NTC'.
    begin_state : list of NDArray
        The initial states of the cell.
    drop_inputs : float, default 0
        Dropout rate of the inputs, one mask for all time steps; none when 0.
    drop_outputs : float, default 0
        Dropout rate of the outputs, one mask for all time steps; none when 0.
    layout : str, default 'TNC'
        Layout of `inputs` and of the outputs.
    valid_length : NDArray or None
        Length of each sequence (batch_size,): a sequence's states stop changing after its last valid step
        and its outputs past it are zero. All sequences are full length when None.

    Returns
    -------
    outputs : NDArray
        The outputs of all steps, in `layout`.
    states : list of NDArray
        The states after each sequence's last valid step.
    """
    inputs, axis, F, _ = _format_sequence(None, inputs, layout, True)
    length = inputs.shape[axis]
    if drop_inputs:
        inputs = F.Dropout(inputs, p=drop_inputs, axes=(axis,))
    steps = _as_list(F.split(inputs, num_outputs=length, axis=axis, squeeze_axis=True))
    states = list(_as_list(begin_state))
    outputs = []
    for t, x in enumerate(steps):
        out, new_states = cell(x, states)
        if valid_length is not None:
            # a finished sequence keeps its states
            running = valid_length > t
            new_states = [F.where(running, new, old) for new, old in zip(new_states, states)]
        outputs.append(out)
        states = list(new_states)
    outputs = F.stack(*outputs, axis=axis)
    if drop_outputs:
        outputs = F.Dropout(outputs, p=drop_outputs, axes=(axis,))
    if valid_length is not None:
        outputs = F.SequenceMask(outputs, sequence_length=valid_length, use_sequence_length=True, axis=axis)
    return outputs, states
