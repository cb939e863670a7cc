"""Recurrent cells of ``mx.gluon.contrib.rnn``: VariationalDropoutCell (dropout masks drawn once per
sequence), LSTMPCell (an LSTM with a projected output) and ``dynamic_unroll`` (a cell run over a whole
sequence with per-sample lengths)."""
from ....base import _as_list
from ...rnn.rnn_cell import (BidirectionalCell, ModifierCell, SequentialRNNCell, _GatedCell, _MERGED,
                             _as_merged, _batch_size, _initial_states, _lstm_update, _module_of, _shaped,
                             _zero_padding)

__all__ = ['VariationalDropoutCell', 'LSTMPCell']

_UNDERNEATH = 'Please add VariationalDropoutCell to the cells underneath instead.'


def _ones_dropped(F, like, p):
    """A dropout mask shaped like `like`: 0 or 1/(1-p) in training, ones otherwise."""
    return F.Dropout(F.ones_like(like), p=p)


class VariationalDropoutCell(ModifierCell):
    """Variational dropout (Gal and Ghahramani, 2016) around `base_cell`: one dropout mask per sequence,
    reused at every step, for each of the inputs, the first state (h) and the outputs.

    The masks are drawn at the first step of a sequence (in training; outside it they are ones) and kept
    until `reset()`. `unroll` resets; when stepping the cell by hand, call `reset()` between sequences.

    Parameters
    ----------
    base_cell : RecurrentCell
        The cell to wrap.
    drop_inputs : float, default 0
        Dropout rate of the inputs (0: none).
    drop_states : float, default 0
        Dropout rate of the recurrent state h (0: none).
    drop_outputs : float, default 0
        Dropout rate of the outputs (0: none).
    """

    def __init__(self, base_cell, drop_inputs=0., drop_states=0., drop_outputs=0.):
        if drop_states:
            # a state mask is applied step by step, which a bidirectional cell does not do
            if isinstance(base_cell, BidirectionalCell):
                raise AssertionError("BidirectionalCell doesn't support variational state dropout. "
                                     + _UNDERNEATH)
            # (MXNet 1.9.1 reads an attribute SequentialRNNCell lacks here, an AttributeError; what it
            # means to refuse is a stack holding a BidirectionalCell)
            if isinstance(base_cell, SequentialRNNCell) and \
                    any(isinstance(c, BidirectionalCell) for c in base_cell._children.values()):
                raise AssertionError("Bidirectional SequentialRNNCell doesn't support variational state "
                                     "dropout. " + _UNDERNEATH)
        super().__init__(base_cell)
        self.drop_inputs, self.drop_states, self.drop_outputs = drop_inputs, drop_states, drop_outputs

    def _alias(self):
        return 'vardrop'

    def reset(self):
        super().reset()
        self.drop_inputs_mask = self.drop_states_mask = self.drop_outputs_mask = None

    def __repr__(self):
        return '{}(p_out = {}, p_state = {})'.format(type(self).__name__, self.drop_outputs, self.drop_states)

    def hybrid_forward(self, F, inputs, states):
        # masks are drawn in the order state, input, output (as MXNet draws them)
        if self.drop_states:
            if self.drop_states_mask is None:
                self.drop_states_mask = _ones_dropped(F, states[0], self.drop_states)
            states = [states[0] * self.drop_states_mask] + list(states[1:])
        if self.drop_inputs:
            if self.drop_inputs_mask is None:
                self.drop_inputs_mask = _ones_dropped(F, inputs, self.drop_inputs)
            inputs = inputs * self.drop_inputs_mask
        output, new_states = self.base_cell(inputs, states)
        if self.drop_outputs:
            if self.drop_outputs_mask is None:
                self.drop_outputs_mask = _ones_dropped(F, output, self.drop_outputs)
            output = output * self.drop_outputs_mask
        return output, new_states

    def unroll(self, length, inputs, begin_state=None, layout='NTC', merge_outputs=None, valid_length=None):
        """Runs the cell over `length` steps (arguments and results as for :meth:`RecurrentCell.unroll`).

        Without state dropout, the base cell is unrolled over the whole sequence between one dropout of
        the inputs and one of the outputs, each with a mask shared along the time axis; with state
        dropout the cell is stepped.
        """
        if self.drop_states:
            return super().unroll(length, inputs, begin_state, layout, merge_outputs, valid_length=valid_length)
        self.reset()
        batch_size = _batch_size(inputs, layout)
        inputs = _as_merged(inputs, layout, length)
        time_axis = layout.find('T')
        states = _initial_states(self, begin_state, inputs, batch_size)
        F = _module_of(inputs)      # Symbol inputs unroll into a graph
        if self.drop_inputs:
            inputs = F.Dropout(inputs, p=self.drop_inputs, axes=(time_axis,))
        outputs, states = self.base_cell.unroll(length, inputs, states, layout, merge_outputs=True,
                                                valid_length=valid_length)
        if self.drop_outputs:
            outputs = F.Dropout(outputs, p=self.drop_outputs, axes=(time_axis,))
        merge = isinstance(outputs, _MERGED) if merge_outputs is None else merge_outputs
        outputs = _shaped(outputs, layout, merge, length)
        if valid_length is not None:
            outputs = _zero_padding(outputs, valid_length, layout, merge)
        return outputs, states


class LSTMPCell(_GatedCell):
    r"""An LSTM cell whose output, also its recurrent input, is projected (Sak et al., 2014): the LSTM
    update of :class:`~mxtorch.gluon.rnn.LSTMCell` with :math:`r_{t-1}` in place of :math:`h_{t-1}`, then
    :math:`r_t = W_{h2r} h_t`.

    Parameters
    ----------
    hidden_size : int
        Width of the cell state (and of the unprojected h).
    projection_size : int
        Width of the output r.
    i2h_weight_initializer, h2h_weight_initializer : str or Initializer, optional
        Initializers of the input and recurrent weight matrices (the recurrent one multiplies r).
    h2r_weight_initializer : str or Initializer, optional
        Initializer of the projection matrix.
    i2h_bias_initializer, h2h_bias_initializer : str or Initializer, default 'zeros'
        Initializers of the input and recurrent biases.
    input_size : int, default 0
        Width of the input; 0 infers it at the first step.
    prefix : str, optional
        Prefix of the parameter names (default ``'lstmp<n>_'``).
    params : ParameterDict, optional
        Parameters to share.

    Inputs: x of shape (batch, input_size) and states [r, c] of shapes (batch, projection_size) and
    (batch, hidden_size). Outputs: r and the list of new states [r, c].
    """
    _gates = 4

    def __init__(self, hidden_size, projection_size, i2h_weight_initializer=None, h2h_weight_initializer=None,
                 h2r_weight_initializer=None, i2h_bias_initializer='zeros', h2h_bias_initializer='zeros',
                 input_size=0, prefix=None, params=None):
        super().__init__(hidden_size, i2h_weight_initializer, h2h_weight_initializer, i2h_bias_initializer,
                         h2h_bias_initializer, input_size, prefix, params, projection_size=projection_size,
                         h2r_weight_initializer=h2r_weight_initializer)
        self._projection_size = projection_size

    def _alias(self):
        return 'lstmp'

    def __repr__(self):
        return '{}({} -> {})'.format(type(self).__name__, self._mapping(), self.h2r_weight.shape[0])

    def hybrid_forward(self, F, inputs, states, i2h_weight, h2h_weight, h2r_weight, i2h_bias, h2h_bias):
        prefix = 't%d_' % self._counter
        pre = self._summed_affine(F, inputs, states[0], i2h_weight, h2h_weight, i2h_bias, h2h_bias, prefix)
        h, c = _lstm_update(self, F, pre, states[1], 'tanh', 'sigmoid', prefix)
        r = F.FullyConnected(data=h, weight=h2r_weight, num_hidden=self._projection_size, no_bias=True,
                             name=prefix + 'out')
        return r, [r, c]


def dynamic_unroll(cell, inputs, begin_state, drop_inputs=0, drop_outputs=0, layout='TNC', valid_length=None):
    """Runs `cell` over every time step of `inputs` (MXNet builds a ``foreach`` loop; here the steps run
    one after the other).

    Parameters
    ----------
    cell : RecurrentCell
        The cell to run.
    inputs : NDArray or Symbol
        The sequence in `layout`.
    begin_state : list of NDArray or Symbol
        The cell's initial states.
    drop_inputs, drop_outputs : float, default 0
        Dropout rates of the inputs and outputs, one mask along the time axis (0: none).
    layout : {'TNC', 'NTC'}, default 'TNC'
        Axis order of `inputs` and of the outputs.
    valid_length : NDArray or Symbol, optional
        Length of each sequence (batch,): its states stop changing after its last valid step and its
        outputs after it are zeros.

    Returns
    -------
    outputs : NDArray
        All steps' outputs, in `layout`.
    states : list of NDArray
        The states after each sequence's last valid step.
    """
    F = _module_of(inputs)
    _batch_size(inputs, layout)
    time_axis = layout.find('T')
    inputs = _as_merged(inputs, layout)
    if drop_inputs:
        inputs = F.Dropout(inputs, p=drop_inputs, axes=(time_axis,))
    if time_axis:
        inputs = F.swapaxes(inputs, dim1=0, dim2=time_axis)    # foreach walks axis 0
    states = list(_as_list(begin_state))
    if valid_length is None:
        step = cell
    else:
        states.append(F.zeros((1,)))    # the step counter rides along as a last state

        def step(x, carried):
            old, t = carried[:-1], carried[-1]
            out, new = cell(x, old)
            # a sequence that has ended keeps its states
            running = F.broadcast_greater(valid_length, t)
            return out, [F.where(running, n, o) for n, o in zip(new, old)] + [t + 1]
    outputs, states = F.contrib.foreach(step, inputs, states)
    states = list(_as_list(states))
    if time_axis:
        outputs = F.swapaxes(outputs, dim1=0, dim2=time_axis)
    if drop_outputs:
        outputs = F.Dropout(outputs, p=drop_outputs, axes=(time_axis,))
    if valid_length is not None:
        outputs = F.SequenceMask(outputs, sequence_length=valid_length, use_sequence_length=True, axis=time_axis)
        states = states[:-1]
    return outputs, states


# the names MXNet's module imports from gluon.rnn, which code outside it reaches through this module
from ... import tensor_types  # noqa: E402,F401
from ...rnn import HybridRecurrentCell  # noqa: E402,F401
from ...rnn.rnn_cell import _format_sequence, _get_begin_state, _mask_sequence_variable_length  # noqa: E402,F401
