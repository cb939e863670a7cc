"""Recurrent cells: ``cell(x, states)`` computes one time step and returns ``(output, new_states)``;
``cell.unroll(length, inputs)`` runs a whole sequence.

- RNNCell, LSTMCell and GRUCell own their parameters (``i2h_weight``, ``h2h_weight``, ``i2h_bias``,
  ``h2h_bias``; gates stacked in the rows as in the fused layers). With the standard non-linearities a
  step is one fused operator of ``F._internal`` (``_rnn_cell_step``, ``_lstm_cell_step``,
  ``_gru_cell_step``); other activations are composed from F's operators.
- SequentialRNNCell and HybridSequentialRNNCell stack cells; BidirectionalCell runs two over a sequence in
  opposite directions (unroll only).
- Modifier cells wrap one cell: DropoutCell, ZoneoutCell, ResidualCell. A wrapped cell is no longer called
  directly.

A sequence is one array in `layout` ('NTC' or 'TNC') or a list of per-step (batch, ...) arrays. With
`valid_length`, each sequence of the batch ends at its own length: the outputs after it are zeros and the
states returned are those of its last valid step."""
import numbers

from ... import ndarray, symbol
from ...base import MXNetError, _as_list
from ...ndarray.ndarray import NDArray
from ...symbol import Symbol
from ..block import Block, HybridBlock
from ..nn import LeakyReLU
from ..utils import _indent

__all__ = ['RecurrentCell', 'HybridRecurrentCell', 'RNNCell', 'LSTMCell', 'GRUCell', 'SequentialRNNCell',
           'HybridSequentialRNNCell', 'DropoutCell', 'ModifierCell', 'ZoneoutCell', 'ResidualCell',
           'BidirectionalCell']

_WRAPPED = ('After applying modifier cells (e.g. ZoneoutCell) the base cell cannot be called directly. '
            'Call the modifier cell instead.')
_NO_INPUTS = 'unroll(inputs=None) has been deprecated. Please create input variables outside unroll.'

# activations F has as operators of their own; other names go to F.Activation(act_type=...)
_DIRECT_ACTIVATIONS = frozenset(('tanh', 'relu', 'sigmoid', 'softsign'))


# ---- sequences ------------------------------------------------------------------------------------------
# A sequence is one array or Symbol (merged, in `layout`) or a list of per-step ones. The helpers work on
# either kind: the module of operators (mx.nd or mx.sym) is the one of the sequence's elements.
_MERGED = (NDArray, Symbol)
_GROUPED = ("unroll doesn't allow grouped symbol as input. Please convert to list with list(inputs) first or "
            "let unroll handle splitting.")


def _module_of(sequence):
    """mx.sym for a sequence of Symbols, else mx.nd."""
    first = sequence if isinstance(sequence, _MERGED) else sequence[0]
    return symbol if isinstance(first, Symbol) else ndarray


def _listed(parts):
    """The outputs of a split as a list (a one-output split gives a single array or Symbol)."""
    return list(parts) if isinstance(parts, Symbol) else _as_list(parts)


def _check_steps(length, steps):
    if length is not None and length != steps:
        raise AssertionError('unroll: length is {} but the inputs have {} time steps'.format(length, steps))


def _batch_size(inputs, layout):
    """The batch size of a sequence; 0 (unknown until shapes are inferred) for Symbols."""
    if inputs is None:
        raise AssertionError(_NO_INPUTS)
    if isinstance(inputs, NDArray):
        return inputs.shape[layout.find('N')]
    if isinstance(inputs, Symbol) or isinstance(inputs[0], Symbol):
        return 0
    return inputs[0].shape[0]


def _as_steps(inputs, layout, length=None):
    """The sequence as a list of per-step arrays (or Symbols)."""
    if isinstance(inputs, NDArray):
        axis = layout.find('T')
        steps = inputs.shape[axis]
        _check_steps(length, steps)
        return _as_list(ndarray.split(inputs, axis=axis, num_outputs=steps, squeeze_axis=1))
    if isinstance(inputs, Symbol):
        # a Symbol's number of steps is known only from `length`
        if len(inputs.list_outputs()) != 1:
            raise AssertionError(_GROUPED)
        if length is None:
            raise AssertionError('unroll of a Symbol sequence needs its length (the number of time steps)')
        return _listed(symbol.split(inputs, axis=layout.find('T'), num_outputs=length, squeeze_axis=1))
    _check_steps(length, len(inputs))
    return list(inputs)


def _as_merged(inputs, layout, length=None):
    """The sequence as one array (or Symbol) in `layout`."""
    if isinstance(inputs, _MERGED):
        return inputs
    _check_steps(length, len(inputs))
    return _module_of(inputs).stack(*inputs, axis=layout.find('T'))


def _shaped(sequence, layout, merge, length=None):
    """A sequence as the caller asked for it: merged (True), per step (False) or as it is (None)."""
    if merge is None:
        if not isinstance(sequence, _MERGED):
            _check_steps(length, len(sequence))
        return sequence
    return _as_merged(sequence, layout, length) if merge else _as_steps(sequence, layout, length)


def _zero_padding(sequence, valid_length, layout, merge):
    """The sequence with the steps past each sample's valid length set to zero, merged or per step."""
    axis = layout.find('T')
    F = _module_of(sequence)
    merged = _as_merged(sequence, layout)
    masked = F.SequenceMask(merged, sequence_length=valid_length, use_sequence_length=True, axis=axis)
    if merge:
        return masked
    steps = sequence if not isinstance(sequence, _MERGED) else None
    return _as_steps(masked, layout, None if steps is None else len(steps))


def _reversed_steps(steps, valid_length):
    """Per-step arrays in reverse order; with `valid_length`, each sample reversed within its length (the
    padding stays at the end)."""
    if valid_length is None:
        return steps[::-1]
    F = _module_of(steps)
    flipped = F.SequenceReverse(F.stack(*steps, axis=0), sequence_length=valid_length, use_sequence_length=True)
    return _listed(F.split(flipped, axis=0, num_outputs=len(steps), squeeze_axis=True))


def _last_valid(per_step_states, valid_length):
    """For each state, its value at each sample's last valid step."""
    return [_module_of(history).SequenceLast(_module_of(history).stack(*history, axis=0),
                                             sequence_length=valid_length, use_sequence_length=True, axis=0)
            for history in zip(*per_step_states)]


def _initial_states(cell, begin_state, inputs, batch_size):
    """`begin_state`, or when None the cell's zero states: arrays on the context of the inputs, or for
    Symbol inputs `_zeros` nodes whose batch size shape inference completes."""
    if begin_state is not None:
        return begin_state
    if _module_of(inputs) is symbol:
        return cell.begin_state(func=symbol.zeros, batch_size=batch_size)
    first = inputs if isinstance(inputs, NDArray) else inputs[0]
    with first.context:
        return cell.begin_state(func=ndarray.zeros, batch_size=batch_size)


def _lstm_update(cell, F, gates, prev_c, activation, recurrent_activation, prefix, axis=1):
    """The LSTM state update from the summed gate pre-activations (blocks input, forget, candidate, output
    along `axis`): returns (h, c). LSTMCell with other non-linearities, LSTMPCell and the convolutional
    LSTM cells share it."""
    act = cell._get_activation
    i, f, g, o = F.SliceChannel(gates, num_outputs=4, axis=axis, name=prefix + 'slice')
    i = act(F, i, recurrent_activation, name=prefix + 'i')
    f = act(F, f, recurrent_activation, name=prefix + 'f')
    g = act(F, g, activation, name=prefix + 'c')
    o = act(F, o, recurrent_activation, name=prefix + 'o')
    c = F.elemwise_add(F.elemwise_mul(f, prev_c, name=prefix + 'mul0'), F.elemwise_mul(i, g, name=prefix + 'mul1'),
                       name=prefix + 'state')
    if isinstance(activation, str):
        squashed = F.Activation(c, act_type=activation, name=prefix + 'activation0')
    else:
        squashed = act(F, c, activation, name=prefix + 'activation0')
    h = F.elemwise_mul(o, squashed, name=prefix + 'out')
    return h, c


# ---- base classes ---------------------------------------------------------------------------------------
class RecurrentCell(Block):
    """Base class of the recurrent cells.

    Parameters
    ----------
    prefix : str, optional
        Prefix of the names of the cell's parameters and children.
    params : ParameterDict, optional
        Parameters to share with another cell.
    """

    def __init__(self, prefix=None, params=None):
        super().__init__(prefix=prefix, params=params)
        self._modified = False
        self.reset()

    def reset(self):
        """Restarts the step and state counters (also of the children) for a new sequence."""
        self._init_counter = -1
        self._counter = -1
        for child in self._children.values():
            child.reset()

    def state_info(self, batch_size=0):
        """A list with, for each state, a dict of its 'shape' and '__layout__' (given to begin_state's
        `func`)."""
        raise NotImplementedError()

    def begin_state(self, batch_size=0, func=ndarray.zeros, **kwargs):
        """The initial states, one ``func(name=..., **state_info, **kwargs)`` per state.

        Parameters
        ----------
        batch_size : int, default 0
            The batch size.
        func : callable, default ndarray.zeros
            What makes a state (ndarray.zeros, ndarray.ones, ndarray.random.uniform, ...).
        **kwargs
            Passed on to `func` (ctx, dtype, ...), overriding the entries of state_info.

        Returns
        -------
        list of NDArray
        """
        if self._modified:
            raise AssertionError(_WRAPPED)
        states = []
        for info in self.state_info(batch_size):
            self._init_counter += 1
            options = dict(info or {}, **kwargs)
            states.append(func(name='{}begin_state_{}'.format(self._prefix, self._init_counter), **options))
        return states

    def unroll(self, length, inputs, begin_state=None, layout='NTC', merge_outputs=None, valid_length=None):
        """Runs the cell over `length` time steps.

        Parameters
        ----------
        length : int
            The number of steps.
        inputs : NDArray or list of NDArray
            One array in `layout`, or `length` arrays of shape (batch, ...).
        begin_state : list of NDArray, optional
            The initial states; zeros from `begin_state()` when None.
        layout : {'NTC', 'TNC'}, default 'NTC'
            Axis order of a merged input and output.
        merge_outputs : bool, optional
            True: the outputs as one array in `layout`; False: as a list of steps; None: in the form the
            computation gives them (as the inputs came, or merged with `valid_length`).
        valid_length : NDArray, optional
            Length of each sequence, shape (batch,): outputs after it are zero and the states are taken
            at each sequence's last valid step.

        Returns
        -------
        outputs : NDArray or list of NDArray
        states : list of NDArray
            The final states, shaped as begin_state's.
        """
        self.reset()
        batch_size = _batch_size(inputs, layout)
        steps = _as_steps(inputs, layout, length)
        states = _initial_states(self, begin_state, steps, batch_size)
        outputs, history = [], []
        for x in steps:
            output, states = self(x, states)
            outputs.append(output)
            history.append(states)
        if valid_length is not None:
            states = _last_valid(history, valid_length)
            outputs = _zero_padding(outputs, valid_length, layout, True)
        return _shaped(outputs, layout, merge_outputs, len(steps)), states

    def _get_activation(self, F, inputs, activation, **kwargs):
        """`activation` applied to `inputs`: an activation name, a LeakyReLU block or any callable."""
        if isinstance(activation, str):
            if activation in _DIRECT_ACTIVATIONS:
                return getattr(F, activation)(inputs, **kwargs)
            return F.Activation(inputs, act_type=activation, **kwargs)
        if isinstance(activation, LeakyReLU):
            return F.LeakyReLU(inputs, act_type='leaky', slope=activation._alpha, **kwargs)
        return activation(inputs, **kwargs)

    def forward(self, inputs, states):
        """One time step.

        Parameters
        ----------
        inputs : NDArray
            The step's input, (batch, ...).
        states : list of NDArray
            The states after the previous step (or from begin_state).

        Returns
        -------
        output : NDArray
        states : list of NDArray
        """
        self._counter += 1
        try:
            return super().forward(inputs, states)
        except MXNetError as e:
            if not self._reg_params:
                raise
            # a cell with parameters of its own says which cell failed
            raise MXNetError('{} {}: {}'.format(type(self).__name__, self.name, e)) from None


class HybridRecurrentCell(RecurrentCell, HybridBlock):
    """A recurrent cell whose step is written as ``hybrid_forward(F, inputs, states, **params)``."""

    def __init__(self, prefix=None, params=None):
        super().__init__(prefix=prefix, params=params)

    def hybrid_forward(self, F, x, *args, **kwargs):
        raise NotImplementedError


class _GatedCell(HybridRecurrentCell):
    """RNNCell, LSTMCell, GRUCell (and contrib's LSTMPCell): `_gates` blocks of hidden_size rows in the
    input and recurrent weights and biases; with `projection_size`, a projection matrix h2r_weight whose
    output is the recurrent state."""
    _gates = 1

    def __init__(self, hidden_size, i2h_weight_initializer, h2h_weight_initializer, i2h_bias_initializer,
                 h2h_bias_initializer, input_size, prefix, params, projection_size=None,
                 h2r_weight_initializer=None):
        super().__init__(prefix=prefix, params=params)
        self._hidden_size = hidden_size
        self._input_size = input_size
        rows = self._gates * hidden_size
        made = [('i2h_weight', (rows, input_size), i2h_weight_initializer),
                ('h2h_weight', (rows, projection_size or hidden_size), h2h_weight_initializer)]
        if projection_size:
            # MXNet creates it between the weights and the biases
            made.append(('h2r_weight', (projection_size, hidden_size), h2r_weight_initializer))
        made += [('i2h_bias', (rows,), i2h_bias_initializer), ('h2h_bias', (rows,), h2h_bias_initializer)]
        for name, shape, init in made:
            setattr(self, name, self.params.get(name, shape=shape, init=init, allow_deferred_init=True))
        # an LSTM (four gates) carries its cell state beside the recurrent one
        self._state_widths = [projection_size or hidden_size] + ([hidden_size] if self._gates == 4 else [])

    def state_info(self, batch_size=0):
        return [{'shape': (batch_size, width), '__layout__': 'NC'} for width in self._state_widths]

    def infer_shape(self, inputs, *args):
        """Sets the input width of i2h_weight: everything but the batch axis of the input, flattened."""
        width = 1
        for size in inputs.shape[1:]:
            width *= size
        self.i2h_weight.shape = (self.i2h_weight.shape[0], width)

    def _mapping(self):
        rows, width = self.i2h_weight.shape
        return '{} -> {}'.format(width or None, rows)

    def __repr__(self):
        return '{}({})'.format(type(self).__name__, self._mapping())

    def _summed_affine(self, F, inputs, state, i2h_weight, h2h_weight, i2h_bias, h2h_bias, prefix):
        """``inputs W_i2h^T + b_i2h + state W_h2h^T + b_h2h`` from F's operators."""
        rows = self._gates * self._hidden_size
        i2h = F.FullyConnected(data=inputs, weight=i2h_weight, bias=i2h_bias, num_hidden=rows, name=prefix + 'i2h')
        h2h = F.FullyConnected(data=state, weight=h2h_weight, bias=h2h_bias, num_hidden=rows, name=prefix + 'h2h')
        return F.elemwise_add(i2h, h2h, name=prefix + 'plus0')


class RNNCell(_GatedCell):
    r"""Elman recurrent cell: :math:`h_t = \mathrm{act}(W_{i2h} x_t + b_{i2h} + W_{h2h} h_{t-1} + b_{h2h})`;
    the output is :math:`h_t`.

    Parameters
    ----------
    hidden_size : int
        Width of the state and output.
    activation : str, Block or callable, default 'tanh'
        The non-linearity (an Activation name, a LeakyReLU block, or a function of one array).
    i2h_weight_initializer, h2h_weight_initializer : str or Initializer, optional
        Initializers of the input and recurrent weight matrices.
    i2h_bias_initializer, h2h_bias_initializer : str or Initializer, default 'zeros'
        Initializers of the input and recurrent biases.
    input_size : int, default 0
        Width of the input; 0 infers it at the first step.
    prefix : str, optional
        Prefix of the parameter names (default ``'rnn<n>_'``).
    params : ParameterDict, optional
        Parameters to share.

    Inputs: x of shape (batch, input_size) and states, a list [h] of shape (batch, hidden_size).
    Outputs: the output and the list of new states [h].
    """
    _gates = 1

    def __init__(self, hidden_size, activation='tanh', i2h_weight_initializer=None, h2h_weight_initializer=None,
                 i2h_bias_initializer='zeros', h2h_bias_initializer='zeros', input_size=0, prefix=None,
                 params=None):
        super().__init__(hidden_size, i2h_weight_initializer, h2h_weight_initializer, i2h_bias_initializer,
                         h2h_bias_initializer, input_size, prefix, params)
        self._activation = activation

    def _alias(self):
        return 'rnn'

    def __repr__(self):
        return '{}({}, {})'.format(type(self).__name__, self._mapping(), self._activation)

    def hybrid_forward(self, F, inputs, states, i2h_weight, h2h_weight, i2h_bias, h2h_bias):
        act = self._activation
        if F is not symbol and (act == 'tanh' or act == 'relu'):
            h = F._internal._rnn_cell_step(inputs, states[0], i2h_weight, h2h_weight, i2h_bias, h2h_bias,
                                           activation=act)
        else:
            prefix = 't%d_' % self._counter
            pre = self._summed_affine(F, inputs, states[0], i2h_weight, h2h_weight, i2h_bias, h2h_bias, prefix)
            h = self._get_activation(F, pre, act, name=prefix + 'out')
        return h, [h]


class LSTMCell(_GatedCell):
    r"""Long short-term memory cell. The gates :math:`i, f, o` and the candidate :math:`g` are
    `recurrent_activation` (sigmoid) and `activation` (tanh) of the blocks of
    :math:`W_{i2h} x_t + b_{i2h} + W_{h2h} h_{t-1} + b_{h2h}` (stacked i, f, g, o in the rows); then
    :math:`c_t = f c_{t-1} + i g` and :math:`h_t = o \cdot \mathrm{activation}(c_t)`, also the output.

    Parameters
    ----------
    hidden_size : int
        Width of the states and output.
    i2h_weight_initializer, h2h_weight_initializer : str or Initializer, optional
        Initializers of the input and recurrent weight matrices.
    i2h_bias_initializer, h2h_bias_initializer : str or Initializer, default 'zeros'
        Initializers of the input and recurrent biases.
    input_size : int, default 0
        Width of the input; 0 infers it at the first step.
    prefix : str, optional
        Prefix of the parameter names (default ``'lstm<n>_'``).
    params : ParameterDict, optional
        Parameters to share.
    activation : str, default 'tanh'
        Non-linearity of the candidate and of the output.
    recurrent_activation : str, default 'sigmoid'
        Non-linearity of the gates.

    Inputs: x of shape (batch, input_size) and states, the list [h, c], each (batch, hidden_size).
    Outputs: the output h and the list of new states [h, c].
    """
    _gates = 4

    def __init__(self, hidden_size, i2h_weight_initializer=None, h2h_weight_initializer=None,
                 i2h_bias_initializer='zeros', h2h_bias_initializer='zeros', input_size=0, prefix=None,
                 params=None, activation='tanh', recurrent_activation='sigmoid'):
        super().__init__(hidden_size, i2h_weight_initializer, h2h_weight_initializer, i2h_bias_initializer,
                         h2h_bias_initializer, input_size, prefix, params)
        self._activation = activation
        self._recurrent_activation = recurrent_activation

    def _alias(self):
        return 'lstm'

    def hybrid_forward(self, F, inputs, states, i2h_weight, h2h_weight, i2h_bias, h2h_bias):
        if F is not symbol and self._activation == 'tanh' and self._recurrent_activation == 'sigmoid':
            h, c = F._internal._lstm_cell_step(inputs, states[0], states[1], i2h_weight, h2h_weight, i2h_bias,
                                               h2h_bias)
        else:
            prefix = 't%d_' % self._counter
            pre = self._summed_affine(F, inputs, states[0], i2h_weight, h2h_weight, i2h_bias, h2h_bias, prefix)
            h, c = _lstm_update(self, F, pre, states[1], self._activation, self._recurrent_activation, prefix)
        return h, [h, c]


class GRUCell(_GatedCell):
    r"""Gated recurrent unit cell, as cuDNN defines it: with :math:`a = W_{i2h} x_t + b_{i2h}` and
    :math:`b = W_{h2h} h_{t-1} + b_{h2h}` split into reset, update and new blocks,
    :math:`r = \sigma(a_r + b_r)`, :math:`z = \sigma(a_z + b_z)`, :math:`n = \tanh(a_n + r b_n)` and
    :math:`h_t = (1 - z) n + z h_{t-1}`, also the output.

    Parameters
    ----------
    hidden_size : int
        Width of the state and output.
    i2h_weight_initializer, h2h_weight_initializer : str or Initializer, optional
        Initializers of the input and recurrent weight matrices.
    i2h_bias_initializer, h2h_bias_initializer : str or Initializer, default 'zeros'
        Initializers of the input and recurrent biases.
    input_size : int, default 0
        Width of the input; 0 infers it at the first step.
    prefix : str, optional
        Prefix of the parameter names (default ``'gru<n>_'``).
    params : ParameterDict, optional
        Parameters to share.

    Inputs: x of shape (batch, input_size) and states, a list [h] of shape (batch, hidden_size).
    Outputs: the output and the list of new states [h].
    """
    _gates = 3

    def __init__(self, hidden_size, i2h_weight_initializer=None, h2h_weight_initializer=None,
                 i2h_bias_initializer='zeros', h2h_bias_initializer='zeros', input_size=0, prefix=None,
                 params=None):
        super().__init__(hidden_size, i2h_weight_initializer, h2h_weight_initializer, i2h_bias_initializer,
                         h2h_bias_initializer, input_size, prefix, params)

    def _alias(self):
        return 'gru'

    def hybrid_forward(self, F, inputs, states, i2h_weight, h2h_weight, i2h_bias, h2h_bias):
        if F is not symbol:
            h = F._internal._gru_cell_step(inputs, states[0], i2h_weight, h2h_weight, i2h_bias, h2h_bias)
            return h, [h]
        # a graph holds MXNet's own operators (and node names), so that MXNet can load what it exports
        prefix = 't%d_' % self._counter
        rows = 3 * self._hidden_size
        prev = states[0]
        i2h = F.FullyConnected(data=inputs, weight=i2h_weight, bias=i2h_bias, num_hidden=rows, name=prefix + 'i2h')
        h2h = F.FullyConnected(data=prev, weight=h2h_weight, bias=h2h_bias, num_hidden=rows, name=prefix + 'h2h')
        a_r, a_z, a_n = F.SliceChannel(i2h, num_outputs=3, name=prefix + 'i2h_slice')
        b_r, b_z, b_n = F.SliceChannel(h2h, num_outputs=3, name=prefix + 'h2h_slice')
        r = F.Activation(F.elemwise_add(a_r, b_r, name=prefix + 'plus0'), act_type='sigmoid', name=prefix + 'r_act')
        z = F.Activation(F.elemwise_add(a_z, b_z, name=prefix + 'plus1'), act_type='sigmoid', name=prefix + 'z_act')
        n = F.Activation(F.elemwise_add(a_n, F.elemwise_mul(r, b_n, name=prefix + 'mul0'), name=prefix + 'plus2'),
                         act_type='tanh', name=prefix + 'h_act')
        keep = F.ones_like(z, name=prefix + 'ones_like0') - z
        h = F.elemwise_add(F.elemwise_mul(keep, n, name=prefix + 'mul1'),
                           F.elemwise_mul(z, prev, name=prefix + 'mul20'), name=prefix + 'out')
        return h, [h]


# ---- containers -----------------------------------------------------------------------------------------
def _children_state_info(cell, batch_size):
    return [info for child in cell._children.values() for info in child.state_info(batch_size)]


def _children_begin_state(cell, kwargs):
    if cell._modified:
        raise AssertionError(_WRAPPED)
    return [state for child in cell._children.values() for state in child.begin_state(**kwargs)]


class _Stack:
    """SequentialRNNCell and HybridSequentialRNNCell: cells applied one after the other, each to the
    output of the one before; the states of all of them form one list, in order."""

    def __repr__(self):
        lines = ['({}): {}'.format(key, _indent(repr(child), 2)) for key, child in self._children.items()]
        return '{}(\n{}\n)'.format(type(self).__name__, '\n'.join(lines))

    def add(self, cell):
        """Appends `cell` to the stack."""
        self.register_child(cell)

    def __len__(self):
        return len(self._children)

    def __getitem__(self, i):
        return self._children[str(i)]

    def state_info(self, batch_size=0):
        return _children_state_info(self, batch_size)

    def begin_state(self, **kwargs):
        return _children_begin_state(self, kwargs)

    def _split_states(self, states):
        """The part of the stack's state list that belongs to each child, in order."""
        start = 0
        for child in self._children.values():
            count = len(child.state_info())
            yield child, states[start:start + count]
            start += count

    def __call__(self, inputs, states):
        self._counter += 1
        if any(isinstance(child, BidirectionalCell) for child in self._children.values()):
            raise AssertionError('a stack holding a BidirectionalCell cannot be stepped; use unroll')
        new_states = []
        for child, own in self._split_states(states):
            inputs, own = child(inputs, own)
            new_states += own
        return inputs, new_states

    def unroll(self, length, inputs, begin_state=None, layout='NTC', merge_outputs=None, valid_length=None):
        self.reset()
        batch_size = _batch_size(inputs, layout)
        if not isinstance(inputs, _MERGED):
            _check_steps(length, len(inputs))
        begin_state = _initial_states(self, begin_state, inputs, batch_size)
        last = len(self._children) - 1
        new_states = []
        for i, (child, own) in enumerate(self._split_states(begin_state)):
            # the inner cells hand over whatever form is cheapest; the last one answers merge_outputs
            inputs, own = child.unroll(length, inputs, begin_state=own, layout=layout,
                                       merge_outputs=merge_outputs if i == last else None,
                                       valid_length=valid_length)
            new_states += own
        return inputs, new_states


class SequentialRNNCell(_Stack, RecurrentCell):
    """A stack of recurrent cells."""

    def __init__(self, prefix=None, params=None):
        super().__init__(prefix=prefix, params=params)

    def hybrid_forward(self, *args, **kwargs):
        raise NotImplementedError


class HybridSequentialRNNCell(_Stack, HybridRecurrentCell):
    """A stack of hybridizable recurrent cells."""

    def __init__(self, prefix=None, params=None):
        super().__init__(prefix=prefix, params=params)

    def hybrid_forward(self, F, inputs, states):
        return self.__call__(inputs, states)


class DropoutCell(HybridRecurrentCell):
    """Dropout of the input at every step (in training); the states pass through unchanged.

    Parameters
    ----------
    rate : float
        The fraction of elements set to zero.
    axes : tuple of int, default ()
        Axes along which one mask is shared; () draws every element independently.
    prefix, params :
        As for every cell (it has no parameters).
    """

    def __init__(self, rate, axes=(), prefix=None, params=None):
        super().__init__(prefix, params)
        if not isinstance(rate, numbers.Number):
            raise AssertionError('rate must be a number, got {!r}'.format(rate))
        self._rate = rate
        self._axes = axes

    def _alias(self):
        return 'dropout'

    def __repr__(self):
        return '{}(rate={}, axes={})'.format(type(self).__name__, self._rate, self._axes)

    def state_info(self, batch_size=0):
        return []   # no states of its own: the states of a stack pass by it

    def hybrid_forward(self, F, inputs, states):
        if self._rate > 0:
            inputs = F.Dropout(data=inputs, p=self._rate, axes=self._axes, name='t%d_fwd' % self._counter)
        return inputs, states

    def unroll(self, length, inputs, begin_state=None, layout='NTC', merge_outputs=None, valid_length=None):
        self.reset()
        _batch_size(inputs, layout)
        inputs = _shaped(inputs, layout, merge_outputs, length)
        if isinstance(inputs, _MERGED):
            # a merged sequence takes one dropout over all its steps
            return self.hybrid_forward(_module_of(inputs), inputs, begin_state or [])
        return super().unroll(length, inputs, begin_state=begin_state, layout=layout,
                              merge_outputs=merge_outputs, valid_length=None)


class ModifierCell(HybridRecurrentCell):
    """Base class of the cells that wrap another one (`base_cell`) and change what it computes. The
    wrapper shares the base cell's parameters; the base cell is then used only through the wrapper."""

    def __init__(self, base_cell):
        if base_cell._modified:
            raise AssertionError('Cell %s is already modified. One cell cannot be modified twice'
                                 % base_cell.name)
        base_cell._modified = True
        super().__init__(prefix=base_cell.prefix + self._alias(), params=None)
        self.base_cell = base_cell

    @property
    def params(self):
        """The base cell's parameters (the wrapper has none of its own)."""
        return self.base_cell.params

    def _unwrapped(self, method, *args, **kwargs):
        """Calls a method of the base cell that is refused while it is wrapped."""
        self.base_cell._modified = False
        try:
            return method(*args, **kwargs)
        finally:
            self.base_cell._modified = True

    def begin_state(self, func=ndarray.zeros, **kwargs):
        if self._modified:
            raise AssertionError(_WRAPPED)
        return self._unwrapped(self.base_cell.begin_state, func=func, **kwargs)

    def state_info(self, batch_size=0):
        return self.base_cell.state_info(batch_size)

    def hybrid_forward(self, F, inputs, states):
        raise NotImplementedError

    def __repr__(self):
        return '{}({})'.format(type(self).__name__, self.base_cell)


class ZoneoutCell(ModifierCell):
    """Zoneout (Krueger et al., 2016): in training, each element of the output and of the states keeps its
    previous value with probability `zoneout_outputs` and `zoneout_states` instead of taking the new one.

    Parameters
    ----------
    base_cell : RecurrentCell
        The cell to wrap (one that can be stepped: not a BidirectionalCell).
    zoneout_outputs : float, default 0
        Probability that an output element keeps its previous value (zero before the first step).
    zoneout_states : float, default 0
        Probability that a state element keeps its previous value.
    """

    def __init__(self, base_cell, zoneout_outputs=0., zoneout_states=0.):
        if isinstance(base_cell, BidirectionalCell):
            raise AssertionError("BidirectionalCell doesn't support zoneout since it doesn't support step. "
                                 "Please add ZoneoutCell to the cells underneath instead.")
        super().__init__(base_cell)
        self.zoneout_outputs, self.zoneout_states = zoneout_outputs, zoneout_states

    def __repr__(self):
        return '{}(p_out={}, p_state={}, {})'.format(type(self).__name__, self.zoneout_outputs,
                                                     self.zoneout_states, self.base_cell)

    def _alias(self):
        return 'zoneout'

    def reset(self):
        super().reset()
        self._prev_output = None   # the output before the first step counts as zeros

    def hybrid_forward(self, F, inputs, states):
        output, new_states = self.base_cell(inputs, states)

        def zone_out(p, new, old):
            # Dropout of ones is 0 where the old value stays (only in training: ones elsewhere)
            return F.where(F.Dropout(F.ones_like(new), p=p), new, old) if p != 0. else new

        previous = F.zeros_like(output) if self._prev_output is None else self._prev_output
        output = zone_out(self.zoneout_outputs, output, previous)
        new_states = [zone_out(self.zoneout_states, new, old) for new, old in zip(new_states, states)]
        self._prev_output = output
        return output, new_states


class ResidualCell(ModifierCell):
    """Adds the input of every step to the base cell's output (residual connection, Wu et al., 2016)."""

    def __init__(self, base_cell):
        super().__init__(base_cell)

    def hybrid_forward(self, F, inputs, states):
        output, states = self.base_cell(inputs, states)
        return F.elemwise_add(output, inputs, name='t%d_fwd' % self._counter), states

    def unroll(self, length, inputs, begin_state=None, layout='NTC', merge_outputs=None, valid_length=None):
        self.reset()
        outputs, states = self._unwrapped(self.base_cell.unroll, length, inputs=inputs, begin_state=begin_state,
                                          layout=layout, merge_outputs=merge_outputs, valid_length=valid_length)
        merge = isinstance(outputs, _MERGED) if merge_outputs is None else merge_outputs
        inputs = _shaped(inputs, layout, merge, length)
        if valid_length is not None:
            # the padding of the inputs must not show in the (zero) padding of the outputs
            inputs = _zero_padding(inputs, valid_length, layout, merge)
        F = _module_of(inputs)
        if merge:
            return F.elemwise_add(outputs, inputs), states
        return [F.elemwise_add(out, x) for out, x in zip(outputs, inputs)], states


class BidirectionalCell(HybridRecurrentCell):
    """Runs `l_cell` over a sequence from the start and `r_cell` from the end, and concatenates their
    outputs at every step (features axis). It can only be unrolled.

    Parameters
    ----------
    l_cell : RecurrentCell
        The left-to-right cell.
    r_cell : RecurrentCell
        The right-to-left cell.
    output_prefix : str, default 'bi_'
        Prefix of the names of the outputs.
    """

    def __init__(self, l_cell, r_cell, output_prefix='bi_'):
        super().__init__(prefix='', params=None)
        for name, cell in (('l_cell', l_cell), ('r_cell', r_cell)):
            self.register_child(cell, name)
        self._output_prefix = output_prefix

    def __call__(self, inputs, states):
        raise NotImplementedError('Bidirectional cannot be stepped. Please use unroll')

    def __repr__(self):
        return '{}(forward={}, backward={})'.format(type(self).__name__, self._children['l_cell'],
                                                    self._children['r_cell'])

    def state_info(self, batch_size=0):
        return _children_state_info(self, batch_size)

    def begin_state(self, **kwargs):
        return _children_begin_state(self, kwargs)

    def unroll(self, length, inputs, begin_state=None, layout='NTC', merge_outputs=None, valid_length=None):
        self.reset()
        batch_size = _batch_size(inputs, layout)
        steps = _as_steps(inputs, layout, length)
        states = _initial_states(self, begin_state, steps, batch_size)
        l_cell, r_cell = self._children['l_cell'], self._children['r_cell']
        n_left = len(l_cell.state_info(batch_size))
        l_out, l_states = l_cell.unroll(length, steps, begin_state=states[:n_left], layout=layout,
                                        merge_outputs=merge_outputs, valid_length=valid_length)
        r_out, r_states = r_cell.unroll(length, _reversed_steps(steps, valid_length), begin_state=states[n_left:],
                                        layout=layout, merge_outputs=False, valid_length=valid_length)
        r_out = _reversed_steps(r_out, valid_length)
        merge = isinstance(l_out, _MERGED) if merge_outputs is None else merge_outputs
        F = _module_of(steps)
        if merge:
            outputs = F.concat(_as_merged(l_out, layout), _as_merged(r_out, layout), dim=2,
                                     name=self._output_prefix + 'out')
        else:
            outputs = [F.concat(a, b, dim=1, name='%st%d' % (self._output_prefix, i))
                       for i, (a, b) in enumerate(zip(_as_steps(l_out, layout), r_out))]
        if valid_length is not None:
            outputs = _zero_padding(outputs, valid_length, layout, merge)
        return outputs, l_states + r_states


# ---- MXNet's module-level helpers of unrolling, which cells written outside it import (GluonNLP, ...) ----
from .. import tensor_types  # noqa: E402,F401  (MXNet's rnn_cell shows it)
from ...base import numeric_types, string_types  # noqa: E402,F401  (as above)

_ARRAY_OR_SYMBOL = (Symbol, NDArray)


def _cells_state_info(cells, batch_size):
    """The state_info lists of `cells`, one after another."""
    return [info for cell in cells for info in cell.state_info(batch_size)]


def _cells_begin_state(cells, **kwargs):
    """The begin_state lists of `cells` (each called with `kwargs`), one after another."""
    return [state for cell in cells for state in cell.begin_state(**kwargs)]


def _get_begin_state(cell, F, begin_state, inputs, batch_size):
    """`begin_state`, or when it is None the cell's zero states for `batch_size` (with NDArrays, on the
    inputs' context)."""
    if begin_state is not None:
        return begin_state
    if F is not ndarray:
        return cell.begin_state(func=F.zeros, batch_size=batch_size)
    first = inputs if isinstance(inputs, _ARRAY_OR_SYMBOL) else inputs[0]
    with first.context:
        return cell.begin_state(func=F.zeros, batch_size=batch_size)


def _format_sequence(length, inputs, layout, merge, in_layout=None):
    """The unroll inputs in the form asked for: ``(inputs, time axis of layout, F, batch size)`` where the
    inputs are one array/Symbol with time on the layout's axis (`merge` True), a list of per-step ones
    (`merge` False) or as given (`merge` None); `in_layout`, when given, is the layout `inputs` come in.
    The batch size is 0 for Symbols."""
    if inputs is None:
        raise AssertionError('unroll(inputs=None) has been deprecated. Please create input variables outside '
                             'unroll.')
    time_axis, batch_axis = layout.find('T'), layout.find('N')
    src_axis = time_axis if in_layout is None else in_layout.find('T')
    batch_size = 0
    if isinstance(inputs, Symbol):
        F = symbol
        if merge is False:
            if len(inputs.list_outputs()) != 1:
                raise AssertionError("unroll doesn't allow grouped symbol as input. Please convert to list with "
                                     "list(inputs) first or let unroll handle splitting.")
            inputs = list(symbol.split(inputs, axis=src_axis, num_outputs=length, squeeze_axis=1))
    elif isinstance(inputs, NDArray):
        F = ndarray
        batch_size = inputs.shape[batch_axis]
        if merge is False:
            steps = inputs.shape[src_axis]
            if length is not None and length != steps:
                raise AssertionError('unroll: length {} but the inputs have {} steps'.format(length, steps))
            inputs = _as_list(ndarray.split(inputs, axis=src_axis, num_outputs=steps, squeeze_axis=1))
    else:
        if length is not None and len(inputs) != length:
            raise AssertionError('unroll: length {} but {} inputs'.format(length, len(inputs)))
        F = symbol if isinstance(inputs[0], Symbol) else ndarray
        if F is ndarray:
            batch_size = inputs[0].shape[0]
        if merge is True:
            inputs = F.stack(*inputs, axis=time_axis)
            src_axis = time_axis
    if src_axis != time_axis and isinstance(inputs, _ARRAY_OR_SYMBOL):
        inputs = F.swapaxes(inputs, dim1=time_axis, dim2=src_axis)
    return inputs, time_axis, F, batch_size


def _mask_sequence_variable_length(F, data, length, valid_length, time_axis, merge):
    """`data` (one array or a list of `length` steps along `time_axis`) with the steps at and after each
    sequence's `valid_length` zeroed: one array when `merge`, else a list of steps."""
    if valid_length is None:
        raise AssertionError('_mask_sequence_variable_length needs valid_length')
    if not isinstance(data, _ARRAY_OR_SYMBOL):
        data = F.stack(*data, axis=time_axis)
    masked = F.SequenceMask(data, sequence_length=valid_length, use_sequence_length=True, axis=time_axis)
    if merge:
        return masked
    return _as_list(F.split(masked, num_outputs=length, axis=time_axis, squeeze_axis=True))


def _reverse_sequences(sequences, unroll_step, valid_length=None):
    """The list of steps `sequences` in reverse order; with `valid_length`, each sequence reversed within
    its own valid steps (the padding stays at the end)."""
    F = symbol if isinstance(sequences[0], Symbol) else ndarray
    if valid_length is None:
        return list(sequences)[::-1]
    flipped = F.SequenceReverse(F.stack(*sequences, axis=0), sequence_length=valid_length,
                                use_sequence_length=True)
    if F is symbol or unroll_step > 1:
        return F.split(flipped, axis=0, num_outputs=unroll_step, squeeze_axis=True)
    return [flipped[0]]
