"""MXNet's legacy symbolic RNN cells (``mx.rnn``): cells that build Symbol graphs step by step.

A cell owns its parameter variables (``<prefix>i2h_weight`` ...), kept in an `RNNParams` so that cells can
share them. ``cell(inputs, states)`` adds one time step to the graph and returns (output, new states);
``cell.unroll(length, inputs)`` adds `length` steps. Nodes are named as MXNet 1.9.1 names them
(``<prefix>t<step>_i2h``, ...), and made in the same order, so that unrolled graphs, their arguments and
their JSON are MXNet's. The Gluon cells (``gluon.rnn``) are the imperative counterpart."""
import functools
import warnings

from .. import initializer as init, ndarray, symbol
from ..base import numeric_types, string_types

__all__ = ['RNNParams', 'BaseRNNCell', 'RNNCell', 'LSTMCell', 'GRUCell', 'FusedRNNCell', 'SequentialRNNCell',
           'DropoutCell', 'ModifierCell', 'ZoneoutCell', 'ResidualCell', 'BidirectionalCell', 'BaseConvRNNCell',
           'ConvRNNCell', 'ConvLSTMCell', 'ConvGRUCell']

_MODIFIED = ("After applying modifier cells (e.g. DropoutCell) the base cell cannot be called directly. "
             "Call the modifier cell instead.")
# the gates packed (in this order) in the weights of each kind of cell, by the RNN operator's mode names
_GATES = {'rnn_relu': ('',), 'rnn_tanh': ('',), 'lstm': ('_i', '_f', '_c', '_o'), 'gru': ('_r', '_z', '_o')}


def _as_steps(length, inputs, layout, merge):
    """(inputs, time axis of `layout`) with `inputs` in the form asked for: a list of one Symbol per step
    (`merge` False), one Symbol with the steps stacked on the time axis (True), or as given (None)."""
    if inputs is None:
        raise AssertionError('unroll(inputs=None) has been deprecated. Please create input variables '
                             'outside unroll.')
    axis = layout.find('T')
    if not isinstance(inputs, symbol.Symbol):
        if length is not None and len(inputs) != length:
            raise AssertionError('unroll: {} inputs given for length {}'.format(len(inputs), length))
        if merge is True:
            inputs = symbol.Concat(*[symbol.expand_dims(step, axis=axis) for step in inputs], dim=axis)
    elif merge is False:
        if len(inputs.list_outputs()) != 1:
            raise AssertionError("unroll doesn't allow grouped symbol as input. Please convert to list "
                                 "with list(inputs) first or let unroll handle splitting.")
        inputs = list(symbol.split(inputs, axis=axis, num_outputs=length, squeeze_axis=1))
    return inputs, axis


def _joined(parts):
    """The concatenation of per-cell lists."""
    return [item for part in parts for item in part]


def _chain(cells, method, args):
    """`args` passed through ``cell.<method>`` of each cell in turn (unpack_weights, pack_weights)."""
    for cell in cells:
        args = getattr(cell, method)(args)
    return args


class RNNParams:
    """The parameter variables of one or more cells, by name; each is created (``prefix + name``) the
    first time it is asked for."""

    def __init__(self, prefix=''):
        self._params, self._prefix = {}, prefix

    def get(self, name, **kwargs):
        """The variable ``prefix + name``, made with ``symbol.Variable(..., **kwargs)`` if new."""
        key = self._prefix + name
        made = self._params.get(key)
        if made is None:
            made = self._params[key] = symbol.Variable(key, **kwargs)
        return made


class BaseRNNCell:
    """The base of the symbolic cells.

    `prefix` starts the names of the cell's nodes and, when `params` is None, of its new parameters;
    `params` (an `RNNParams`) shares another cell's parameters. A subclass defines `state_info` and
    ``__call__`` (one step); `unroll` and `begin_state` come from here."""

    def __init__(self, prefix='', params=None):
        self._own_params = params is None
        self._params = RNNParams(prefix) if params is None else params
        self._prefix = prefix
        self._modified = False
        self.reset()

    @property
    def params(self):
        """The cell's `RNNParams` (once handed out, the cell no longer counts as owning them alone)."""
        self._own_params = False
        return self._params

    def reset(self):
        """Restart step and state numbering, before building another graph with the cell."""
        self._counter = self._init_counter = -1
        for cell in getattr(self, '_cells', ()):
            cell.reset()

    def __call__(self, inputs, states):
        """Adds one step: (output Symbol, list of new state Symbols) from the step's input and the
        previous states (`begin_state` for the first step)."""
        raise NotImplementedError()

    @property
    def state_info(self):
        """One dict per state: its ``shape`` (0 for the batch axis) and ``__layout__``."""
        raise NotImplementedError()

    @property
    def state_shape(self):
        """The shapes of the states."""
        return [info['shape'] for info in self.state_info]

    @property
    def _gate_names(self):
        """Suffixes of the gates packed in the weight matrices ('' for one gate)."""
        return ()

    def begin_state(self, func=symbol.zeros, **kwargs):
        """Symbols for the states before the first step, made by ``func(name=..., **kwargs)`` with each
        state's info added to kwargs (``symbol.zeros`` by default; ``symbol.Variable`` makes them inputs).
        They are named ``<prefix>begin_state_<n>``."""
        if self._modified:
            raise AssertionError(_MODIFIED)
        made = []
        for info in self.state_info:
            self._init_counter += 1
            kwargs.update(info or {})
            made.append(func(name='%sbegin_state_%d' % (self._prefix, self._init_counter), **kwargs))
        return made

    def _packed(self):
        """(name of a packed array, names of its gate parts) for the cell's weights and biases."""
        for group in ('i2h', 'h2h'):
            for kind in ('weight', 'bias'):
                yield ('%s%s_%s' % (self._prefix, group, kind),
                       ['%s%s%s_%s' % (self._prefix, group, gate, kind) for gate in self._gate_names])

    def unpack_weights(self, args):
        """A copy of the parameter dict `args` with each packed weight and bias (all gates in one
        array, as the graph uses them) split into one array per gate (``<prefix>i2h_i_weight`` ...)."""
        args = dict(args)
        if self._gate_names:
            h = self._num_hidden
            packed = list(self._packed())
            for (weight, weight_parts), (bias, bias_parts) in (packed[:2], packed[2:]):
                whole_weight, whole_bias = args.pop(weight), args.pop(bias)
                # per gate its weight, then its bias: the order MXNet's files keep them in
                for j, names in enumerate(zip(weight_parts, bias_parts)):
                    for name, whole in zip(names, (whole_weight, whole_bias)):
                        args[name] = whole[j * h:(j + 1) * h].copy()
        return args

    def pack_weights(self, args):
        """The inverse of `unpack_weights`: the per-gate arrays of `args` joined into the packed ones."""
        args = dict(args)
        if self._gate_names:
            for packed, parts in self._packed():
                args[packed] = ndarray.concatenate([args.pop(part) for part in parts])
        return args

    def unroll(self, length, inputs, begin_state=None, layout='NTC', merge_outputs=None):
        """Adds `length` steps.

        `inputs` is one Symbol with the steps on the time axis of `layout` ('NTC' or 'TNC'), or a list
        of one Symbol per step. `begin_state` defaults to `begin_state()`. The outputs come back as one
        Symbol stacked on the time axis (`merge_outputs` True), a list per step (False) or whichever is
        at hand (None). Returns (outputs, states after the last step)."""
        self.reset()
        steps, _ = _as_steps(length, inputs, layout, False)
        states = self.begin_state() if begin_state is None else begin_state
        outputs = []
        for step in steps[:length]:
            output, states = self(step, states)
            outputs.append(output)
        return _as_steps(length, outputs, layout, merge_outputs)[0], states

    def _get_activation(self, inputs, activation, **kwargs):
        """`activation` applied to `inputs`: an Activation node for a name ('tanh', ...), else a call."""
        if not isinstance(activation, string_types):
            return activation(inputs, **kwargs)
        return symbol.Activation(inputs, act_type=activation, **kwargs)

    def _step_name(self):
        """Counts a step and gives the stem of its node names, ``<prefix>t<step>_``."""
        self._counter += 1
        return '%st%d_' % (self._prefix, self._counter)


def _lstm_update(gates, cell, name, squash):
    """The LSTM update from the activated gates (input, forget, candidate, output) and the previous cell
    state: (next hidden, next cell)."""
    in_gate, forget_gate, candidate, out_gate = gates
    next_c = symbol.elemwise_add(forget_gate * cell, in_gate * candidate, name='%sstate' % name)
    return symbol.elemwise_mul(out_gate, squash(next_c), name='%sout' % name), next_c


def _gru_update(i2h, h2h, previous, name, squash):
    """The GRU update (cuDNN's variant: the reset gate scales the state's projection) from the 3-gate
    input and state projections: the next state."""
    i2h_r, i2h_z, i2h = symbol.SliceChannel(i2h, num_outputs=3, name='%s_i2h_slice' % name)
    h2h_r, h2h_z, h2h = symbol.SliceChannel(h2h, num_outputs=3, name='%s_h2h_slice' % name)
    reset = symbol.Activation(i2h_r + h2h_r, act_type='sigmoid', name='%s_r_act' % name)
    update = symbol.Activation(i2h_z + h2h_z, act_type='sigmoid', name='%s_z_act' % name)
    candidate = squash(i2h + reset * h2h, '%s_h_act' % name)
    return symbol.elemwise_add((1. - update) * candidate, update * previous, name='%sout' % name)


class _DenseCell(BaseRNNCell):
    """Cells projecting with FullyConnected layers: parameters ``<prefix>{i2h,h2h}_{weight,bias}`` holding
    every gate, states of shape (batch, num_hidden)."""
    _num_states = 1

    def __init__(self, num_hidden, prefix, params, i2h_bias_init=None):
        super().__init__(prefix=prefix, params=params)
        self._num_hidden = num_hidden
        get = self.params.get
        self._iW, self._hW, self._hB = get('i2h_weight'), get('h2h_weight'), get('h2h_bias')
        self._iB = get('i2h_bias') if i2h_bias_init is None else get('i2h_bias', init=i2h_bias_init)

    @property
    def state_info(self):
        return [{'shape': (0, self._num_hidden), '__layout__': 'NC'} for _ in range(self._num_states)]

    def _projections(self, inputs, states, name):
        """FullyConnected projections of the input and of the first state, all gates at once."""
        width = self._num_hidden * len(self._gate_names)
        return (symbol.FullyConnected(data=inputs, weight=self._iW, bias=self._iB, num_hidden=width,
                                      name=name + 'i2h'),
                symbol.FullyConnected(data=states[0], weight=self._hW, bias=self._hB, num_hidden=width,
                                      name=name + 'h2h'))


class RNNCell(_DenseCell):
    """An Elman cell: ``out = activation(W_i x + b_i + W_h h + b_h)``, `num_hidden` units.

    `activation` is an Activation type ('tanh', 'relu', ...) or a function of a Symbol."""
    _gate_names = _GATES['rnn_tanh']

    def __init__(self, num_hidden, activation='tanh', prefix='rnn_', params=None):
        super().__init__(num_hidden, prefix, params)
        self._activation = activation

    def __call__(self, inputs, states):
        name = self._step_name()
        i2h, h2h = self._projections(inputs, states, name)
        output = self._get_activation(i2h + h2h, self._activation, name='%sout' % name)
        return output, [output]


class LSTMCell(_DenseCell):
    """A long short-term memory cell of `num_hidden` units (gates i, f, c, o packed in that order).

    `forget_bias` starts the forget gate's part of ``i2h_bias`` (through `init.LSTMBias`)."""
    _gate_names = _GATES['lstm']
    _num_states = 2

    def __init__(self, num_hidden, prefix='lstm_', params=None, forget_bias=1.0):
        super().__init__(num_hidden, prefix, params, i2h_bias_init=init.LSTMBias(forget_bias=forget_bias))

    def __call__(self, inputs, states):
        name = self._step_name()
        i2h, h2h = self._projections(inputs, states, name)
        parts = symbol.SliceChannel(i2h + h2h, num_outputs=4, name='%sslice' % name)
        gates = [symbol.Activation(parts[k], act_type=act, name=name + gate)
                 for k, (gate, act) in enumerate(zip('ifco', ('sigmoid', 'sigmoid', 'tanh', 'sigmoid')))]
        next_h, next_c = _lstm_update(gates, states[1], name, lambda c: symbol.Activation(c, act_type='tanh'))
        return next_h, [next_h, next_c]


class GRUCell(_DenseCell):
    """A gated recurrent unit of `num_hidden` units, cuDNN's variant (the reset gate scales the state's
    projection, not the state); gates r, z and the candidate are packed in that order."""
    _gate_names = _GATES['gru']

    def __init__(self, num_hidden, prefix='gru_', params=None):
        super().__init__(num_hidden, prefix, params)

    def __call__(self, inputs, states):
        name = self._step_name()
        # MXNet names these nodes <prefix>t<step>__i2h, with two underscores
        i2h, h2h = self._projections(inputs, states, name + '_')
        next_h = _gru_update(i2h, h2h, states[0], name,
                             lambda x, node: symbol.Activation(x, act_type='tanh', name=node))
        return next_h, [next_h]


def _size(shape):
    count = 1
    for d in shape:
        count *= d
    return count


class FusedRNNCell(BaseRNNCell):
    """A whole multi-layer RNN as one ``RNN`` operator over the sequence, its weights in one parameter
    vector ``<prefix>parameters``.

    `mode` is 'rnn_relu', 'rnn_tanh', 'lstm' or 'gru'; `bidirectional` doubles the output width;
    `dropout` applies between layers in training; `get_next_state` makes `unroll` return the final
    states. It cannot be stepped; `unfuse` gives the equivalent stack of step cells."""

    def __init__(self, num_hidden, num_layers=1, mode='lstm', bidirectional=False, dropout=0.,
                 get_next_state=False, forget_bias=1.0, prefix=None, params=None):
        super().__init__(prefix='%s_' % mode if prefix is None else prefix, params=params)
        self._num_hidden, self._num_layers, self._mode = num_hidden, num_layers, mode
        self._bidirectional, self._dropout, self._get_next_state = bidirectional, dropout, get_next_state
        self._directions = ['l', 'r'] if bidirectional else ['l']
        self._parameter = self.params.get('parameters', init=init.FusedRNN(
            None, num_hidden, num_layers, mode, bidirectional, forget_bias))

    @property
    def state_info(self):
        shape = (len(self._directions) * self._num_layers, 0, self._num_hidden)
        return [{'shape': shape, '__layout__': 'LNC'} for _ in range(2 if self._mode == 'lstm' else 1)]

    @property
    def _gate_names(self):
        return list(_GATES[self._mode])

    @property
    def _num_gates(self):
        return len(self._gate_names)

    def _pieces(self, num_input):
        """(name, shape) of every per-gate weight and bias in the order the fused vector holds them:
        all weights (layer by layer, direction by direction, i2h gates then h2h gates), then all biases
        in the same order."""
        h, width = self._num_hidden, len(self._directions) * self._num_hidden
        for kind in ('weight', 'bias'):
            for layer in range(self._num_layers):
                for direction in self._directions:
                    for group, fan_in in (('i2h', num_input if layer == 0 else width), ('h2h', h)):
                        for gate in self._gate_names:
                            name = '%s%s%d_%s%s_%s' % (self._prefix, direction, layer, group, gate, kind)
                            yield name, ((h, fan_in) if kind == 'weight' else (h,))

    def _fused_size(self, num_input):
        return sum(_size(shape) for _, shape in self._pieces(num_input))

    def unpack_weights(self, args):
        args = dict(args)
        vector = args.pop(self._parameter.name)
        # the vector's size is linear in the input width: solve for it
        base = self._fused_size(0)
        per_input = self._fused_size(1) - base
        num_input = (vector.size - base) // per_input
        if num_input < 0 or per_input * num_input + base != vector.size:
            raise AssertionError('Invalid parameters size for FusedRNNCell: {} elements fit no input width '
                                 'for these settings'.format(vector.size))
        start = 0
        for name, shape in self._pieces(num_input):
            args[name] = vector[start:start + _size(shape)].reshape(shape).copy()
            start += _size(shape)
        return args

    def pack_weights(self, args):
        args = dict(args)
        num_input = args['%sl0_i2h%s_weight' % (self._prefix, self._gate_names[0])].shape[1]
        parts = [args.pop(name).reshape((-1,)) for name, _ in self._pieces(num_input)]
        args[self._parameter.name] = ndarray.concatenate(parts)
        return args

    def unroll(self, length, inputs, begin_state=None, layout='NTC', merge_outputs=None):
        self.reset()
        inputs, axis = _as_steps(length, inputs, layout, True)
        if axis not in (0, 1):
            raise AssertionError('Unsupported layout %s' % layout)
        if axis == 1:
            warnings.warn("NTC layout detected. Consider using TNC for FusedRNNCell for faster speed")
            inputs = symbol.swapaxes(inputs, dim1=0, dim2=1)
        states = self.begin_state() if begin_state is None else begin_state
        named = dict(zip(('state', 'state_cell') if self._mode == 'lstm' else ('state',), states))
        rnn = symbol.RNN(data=inputs, parameters=self._parameter, state_size=self._num_hidden,
                         num_layers=self._num_layers, bidirectional=self._bidirectional, p=self._dropout,
                         state_outputs=self._get_next_state, mode=self._mode, name=self._prefix + 'rnn', **named)
        outputs, states = (rnn[0], list(rnn)[1:]) if self._get_next_state else (rnn, [])
        for state in states:
            state._set_attr(__layout__='LNC')
        if axis == 1:
            outputs = symbol.swapaxes(outputs, dim1=0, dim2=1)
        return _as_steps(length, outputs, layout, merge_outputs)[0], states

    def unfuse(self):
        """The same network as a `SequentialRNNCell` of step cells (``<prefix>l<layer>_``, with
        ``r<layer>_`` cells in `BidirectionalCell`s and `DropoutCell`s between layers), whose unpacked
        weights are this cell's."""
        h = self._num_hidden
        make = {'rnn_relu': lambda cell_prefix: RNNCell(h, activation='relu', prefix=cell_prefix),
                'rnn_tanh': lambda cell_prefix: RNNCell(h, activation='tanh', prefix=cell_prefix),
                'lstm': lambda cell_prefix: LSTMCell(h, prefix=cell_prefix),
                'gru': lambda cell_prefix: GRUCell(h, prefix=cell_prefix)}[self._mode]
        stack = SequentialRNNCell()
        for layer in range(self._num_layers):
            left = make('%sl%d_' % (self._prefix, layer))
            if self._bidirectional:
                left = BidirectionalCell(left, make('%sr%d_' % (self._prefix, layer)),
                                         output_prefix='%sbi_l%d_' % (self._prefix, layer))
            stack.add(left)
            if self._dropout > 0 and layer < self._num_layers - 1:
                stack.add(DropoutCell(self._dropout, prefix='%s_dropout%d_' % (self._prefix, layer)))
        return stack

    def __call__(self, inputs, states):
        raise NotImplementedError("FusedRNNCell cannot be stepped. Please use unroll")


class SequentialRNNCell(BaseRNNCell):
    """A stack of cells: each step's output of one is the input of the next.

    `params` (an `RNNParams`) gives parameters for every cell added (then the cells must own theirs)."""

    def __init__(self, params=None):
        super().__init__(prefix='', params=params)
        self._override_cell_params = params is not None
        self._cells = []

    def add(self, cell):
        """Puts `cell` on top of the stack."""
        self._cells.append(cell)
        if self._override_cell_params:
            if not cell._own_params:
                raise AssertionError('Either specify params for SequentialRNNCell or child cells, not both.')
            cell.params._params.update(self.params._params)
        self.params._params.update(cell.params._params)

    def _split_states(self, states):
        """`states` cut into the slices of the cells, in order."""
        start = 0
        for cell in self._cells:
            count = len(cell.state_info)
            yield cell, states[start:start + count]
            start += count

    def __call__(self, inputs, states):
        self._counter += 1
        next_states = []
        for cell, cell_states in self._split_states(states):
            if isinstance(cell, BidirectionalCell):
                raise AssertionError('SequentialRNNCell cannot be stepped with a BidirectionalCell inside; '
                                     'use unroll')
            inputs, cell_states = cell(inputs, cell_states)
            next_states.extend(cell_states)
        return inputs, next_states

    def unroll(self, length, inputs, begin_state=None, layout='NTC', merge_outputs=None):
        self.reset()
        states = self.begin_state() if begin_state is None else begin_state
        last = len(self._cells) - 1
        next_states = []
        for i, (cell, cell_states) in enumerate(self._split_states(states)):
            inputs, cell_states = cell.unroll(length, inputs=inputs, begin_state=cell_states, layout=layout,
                                              merge_outputs=merge_outputs if i == last else None)
            next_states.extend(cell_states)
        return inputs, next_states

    @property
    def state_info(self):
        return _joined(c.state_info for c in self._cells)

    def begin_state(self, **kwargs):
        if self._modified:
            raise AssertionError(_MODIFIED)
        return _joined(c.begin_state(**kwargs) for c in self._cells)

    def unpack_weights(self, args):
        return _chain(self._cells, 'unpack_weights', args)

    def pack_weights(self, args):
        return _chain(self._cells, 'pack_weights', args)


class DropoutCell(BaseRNNCell):
    """Dropout of the inputs with probability `dropout` (in training); no states."""

    def __init__(self, dropout, prefix='dropout_', params=None):
        super().__init__(prefix, params)
        if not isinstance(dropout, numeric_types):
            raise AssertionError('dropout probability must be a number')
        self.dropout = dropout

    def __call__(self, inputs, states):
        if self.dropout <= 0:
            return inputs, states
        return symbol.Dropout(data=inputs, p=self.dropout), states

    @property
    def state_info(self):
        return []

    def unroll(self, length, inputs, begin_state=None, layout='NTC', merge_outputs=None):
        self.reset()
        inputs, _ = _as_steps(length, inputs, layout, merge_outputs)
        if not isinstance(inputs, symbol.Symbol):
            return super().unroll(length, inputs, begin_state=begin_state, layout=layout,
                                  merge_outputs=merge_outputs)
        return self(inputs, [])


class ModifierCell(BaseRNNCell):
    """The base of cells that wrap another cell (`base_cell`) and change what it computes. The wrapped
    cell is then used through the modifier only."""

    def __init__(self, base_cell):
        super().__init__()
        self.base_cell = base_cell
        base_cell._modified = True

    def __call__(self, inputs, states):
        raise NotImplementedError

    @property
    def state_info(self):
        return self.base_cell.state_info

    @property
    def params(self):
        """The wrapped cell's parameters."""
        self._own_params = False
        return self.base_cell.params

    def begin_state(self, init_sym=symbol.zeros, **kwargs):
        """The wrapped cell's begin states, made by `init_sym` (also accepted as ``func``)."""
        if self._modified:
            raise AssertionError(_MODIFIED)
        init_sym = kwargs.pop('func', init_sym)
        base = self.base_cell
        base._modified = False
        try:
            if isinstance(base, (ModifierCell, SequentialRNNCell, BidirectionalCell)):
                return base.begin_state(func=init_sym, **kwargs)
            return base.begin_state(init_sym, **kwargs)
        finally:
            base._modified = True

    def unpack_weights(self, args):
        return _chain([self.base_cell], 'unpack_weights', args)

    def pack_weights(self, args):
        return _chain([self.base_cell], 'pack_weights', args)


class ZoneoutCell(ModifierCell):
    """Zoneout on `base_cell`: in training each output (state) element keeps its previous step's value
    with probability `zoneout_outputs` (`zoneout_states`)."""

    def __init__(self, base_cell, zoneout_outputs=0., zoneout_states=0.):
        if isinstance(base_cell, FusedRNNCell):
            raise AssertionError("FusedRNNCell doesn't support zoneout. Please unfuse first.")
        if isinstance(base_cell, BidirectionalCell):
            raise AssertionError("BidirectionalCell doesn't support zoneout since it doesn't support step. "
                                 "Please add ZoneoutCell to the cells underneath instead.")
        if isinstance(base_cell, SequentialRNNCell) and any(
                isinstance(c, BidirectionalCell) for c in base_cell._cells):
            raise AssertionError("Bidirectional SequentialRNNCell doesn't support zoneout. Please add "
                                 "ZoneoutCell to the cells underneath instead.")
        super().__init__(base_cell)
        self.prev_output = None
        self.zoneout_outputs, self.zoneout_states = zoneout_outputs, zoneout_states

    def reset(self):
        self.prev_output = None
        super().reset()

    def __call__(self, inputs, states):
        new_output, new_states = self.base_cell(inputs, states)
        # made before the masks even when unused, so that nodes are numbered as in MXNet
        previous = self.prev_output if self.prev_output is not None else symbol.zeros((0, 0))

        def zone(p, new, old):
            keep_new = symbol.Dropout(symbol.ones_like(new), p=p)
            return symbol.where(keep_new, new, old)

        output = zone(self.zoneout_outputs, new_output, previous) if self.zoneout_outputs != 0. else new_output
        if self.zoneout_states != 0.:
            new_states = [zone(self.zoneout_states, new, old) for new, old in zip(new_states, states)]
        self.prev_output = output
        return output, new_states


class ResidualCell(ModifierCell):
    """`base_cell` with its input added to its output (Wu et al., 2016); nodes
    ``<output name>_plus_residual``."""

    def __call__(self, inputs, states):
        output, states = self.base_cell(inputs, states)
        return symbol.elemwise_add(output, inputs, name='%s_plus_residual' % output.name), states

    def unroll(self, length, inputs, begin_state=None, layout='NTC', merge_outputs=None):
        self.reset()
        self.base_cell._modified = False
        try:
            outputs, states = self.base_cell.unroll(length, inputs=inputs, begin_state=begin_state, layout=layout,
                                                    merge_outputs=merge_outputs)
        finally:
            self.base_cell._modified = True
        if merge_outputs is None:
            merge_outputs = isinstance(outputs, symbol.Symbol)
        inputs, _ = _as_steps(length, inputs, layout, merge_outputs)
        if merge_outputs:
            return symbol.elemwise_add(outputs, inputs, name='%s_plus_residual' % outputs.name), states
        return [symbol.elemwise_add(out, step, name='%s_plus_residual' % out.name)
                for out, step in zip(outputs, inputs)], states


class BidirectionalCell(BaseRNNCell):
    """Runs `l_cell` forward and `r_cell` backward over the sequence and concatenates their outputs per
    step (nodes ``<output_prefix>t<step>``, or ``<output_prefix>out`` when merged). Unroll only.

    `params` (an `RNNParams`) gives both cells' parameters (then they must own theirs)."""

    def __init__(self, l_cell, r_cell, params=None, output_prefix='bi_'):
        super().__init__('', params=params)
        self._output_prefix = output_prefix
        self._override_cell_params = params is not None
        self._cells = [l_cell, r_cell]
        if self._override_cell_params and not (l_cell._own_params and r_cell._own_params):
            raise AssertionError('Either specify params for BidirectionalCell or child cells, not both.')
        for cell in self._cells:
            if self._override_cell_params:
                cell.params._params.update(self.params._params)
        for cell in self._cells:
            self.params._params.update(cell.params._params)

    def __call__(self, inputs, states):
        raise NotImplementedError("Bidirectional cannot be stepped. Please use unroll")

    def unroll(self, length, inputs, begin_state=None, layout='NTC', merge_outputs=None):
        self.reset()
        inputs, axis = _as_steps(length, inputs, layout, False)
        states = self.begin_state() if begin_state is None else begin_state
        l_cell, r_cell = self._cells
        split = len(l_cell.state_info)
        l_outputs, l_states = l_cell.unroll(length, inputs=inputs, begin_state=states[:split], layout=layout,
                                            merge_outputs=merge_outputs)
        r_outputs, r_states = r_cell.unroll(length, inputs=list(reversed(inputs)), begin_state=states[split:],
                                            layout=layout, merge_outputs=merge_outputs)
        if merge_outputs is None:
            merge_outputs = isinstance(l_outputs, symbol.Symbol) and isinstance(r_outputs, symbol.Symbol)
            if not merge_outputs:
                l_outputs, r_outputs = [list(symbol.SliceChannel(o, axis=axis, num_outputs=length, squeeze_axis=1))
                                        if isinstance(o, symbol.Symbol) else o for o in (l_outputs, r_outputs)]
        if merge_outputs:
            outputs = symbol.Concat(l_outputs, symbol.reverse(r_outputs, axis=axis), dim=2,
                                    name='%sout' % self._output_prefix)
        else:
            outputs = [symbol.Concat(l_out, r_out, dim=1, name='%st%d' % (self._output_prefix, i))
                       for i, (l_out, r_out) in enumerate(zip(l_outputs, reversed(r_outputs)))]
        return outputs, [l_states, r_states]

    @property
    def state_info(self):
        return _joined(c.state_info for c in self._cells)

    def begin_state(self, **kwargs):
        if self._modified:
            raise AssertionError(_MODIFIED)
        return _joined(c.begin_state(**kwargs) for c in self._cells)

    def unpack_weights(self, args):
        return _chain(self._cells, 'unpack_weights', args)

    def pack_weights(self, args):
        return _chain(self._cells, 'pack_weights', args)


class BaseConvRNNCell(BaseRNNCell):
    """The base of the convolutional cells: the input-to-state and state-to-state projections are
    convolutions (``i2h_*`` and ``h2h_*`` settings; the h2h kernel must be odd, padded to keep the
    state's size). `input_shape` is the shape of one step's input, from which the state's shape is
    inferred."""
    _num_states = 2

    def __init__(self, input_shape, num_hidden, h2h_kernel, h2h_dilate, i2h_kernel, i2h_stride, i2h_pad,
                 i2h_dilate, i2h_weight_initializer, h2h_weight_initializer, i2h_bias_initializer,
                 h2h_bias_initializer, activation, prefix='', params=None, conv_layout='NCHW'):
        super().__init__(prefix=prefix, params=params)
        if h2h_kernel[0] % 2 != 1 or h2h_kernel[1] % 2 != 1:
            raise AssertionError('Only support odd number, get h2h_kernel= %s' % str(h2h_kernel))
        self._input_shape, self._num_hidden, self._activation = input_shape, num_hidden, activation
        self._conv_layout = conv_layout
        self._i2h_kernel, self._i2h_stride, self._i2h_pad, self._i2h_dilate = \
            i2h_kernel, i2h_stride, i2h_pad, i2h_dilate
        self._h2h_kernel, self._h2h_dilate = h2h_kernel, h2h_dilate
        # 'same' padding of the (odd) state-to-state kernel
        self._h2h_pad = tuple(d * (k - 1) // 2 for d, k in zip(h2h_dilate[:2], h2h_kernel[:2]))
        probe = symbol.Convolution(data=symbol.Variable('data'), num_filter=num_hidden, kernel=i2h_kernel,
                                   stride=i2h_stride, pad=i2h_pad, dilate=i2h_dilate, layout=conv_layout)
        self._state_shape = (0,) + tuple(probe.infer_shape(data=input_shape)[1][0][1:])
        get = self.params.get
        self._iW, self._hW = get('i2h_weight', init=i2h_weight_initializer), get('h2h_weight', init=h2h_weight_initializer)
        self._iB, self._hB = get('i2h_bias', init=i2h_bias_initializer), get('h2h_bias', init=h2h_bias_initializer)

    @property
    def state_info(self):
        return [{'shape': self._state_shape, '__layout__': self._conv_layout} for _ in range(self._num_states)]

    @property
    def _num_gates(self):
        return len(self._gate_names)

    def _conv_forward(self, inputs, states, name):
        """The two projections (i2h of the input, h2h of the first state) with all gates' filters."""
        filters = self._num_hidden * self._num_gates
        i2h = symbol.Convolution(name='%si2h' % name, data=inputs, num_filter=filters, kernel=self._i2h_kernel,
                                 stride=self._i2h_stride, pad=self._i2h_pad, dilate=self._i2h_dilate,
                                 weight=self._iW, bias=self._iB, layout=self._conv_layout)
        h2h = symbol.Convolution(name='%sh2h' % name, data=states[0], num_filter=filters, kernel=self._h2h_kernel,
                                 dilate=self._h2h_dilate, pad=self._h2h_pad, stride=(1, 1), weight=self._hW,
                                 bias=self._hB, layout=self._conv_layout)
        return i2h, h2h

    def __call__(self, inputs, states):
        raise NotImplementedError("BaseConvRNNCell is abstract class for convolutional RNN")


_LEAKY = functools.partial(symbol.LeakyReLU, act_type='leaky', slope=0.2)


class ConvRNNCell(BaseConvRNNCell):
    """A convolutional Elman cell: ``out = activation(conv_i(x) + conv_h(h))`` with `num_hidden`
    channels (LeakyReLU with slope 0.2 by default)."""
    _gate_names = _GATES['rnn_tanh']
    _num_states = 1

    def __init__(self, input_shape, num_hidden, h2h_kernel=(3, 3), h2h_dilate=(1, 1), i2h_kernel=(3, 3),
                 i2h_stride=(1, 1), i2h_pad=(1, 1), i2h_dilate=(1, 1), i2h_weight_initializer=None,
                 h2h_weight_initializer=None, i2h_bias_initializer='zeros', h2h_bias_initializer='zeros',
                 activation=_LEAKY, prefix='ConvRNN_', params=None, conv_layout='NCHW'):
        super().__init__(input_shape, num_hidden, h2h_kernel, h2h_dilate, i2h_kernel, i2h_stride, i2h_pad,
                         i2h_dilate, i2h_weight_initializer, h2h_weight_initializer, i2h_bias_initializer,
                         h2h_bias_initializer, activation, prefix=prefix, params=params, conv_layout=conv_layout)

    def __call__(self, inputs, states):
        name = self._step_name()
        i2h, h2h = self._conv_forward(inputs, states, name)
        output = self._get_activation(i2h + h2h, self._activation, name='%sout' % name)
        return output, [output]


class ConvLSTMCell(BaseConvRNNCell):
    """A convolutional LSTM cell (Shi et al., NIPS 2015) with `num_hidden` channels; `activation`
    (LeakyReLU with slope 0.2 by default) replaces tanh on the candidate and the cell state."""
    _gate_names = _GATES['lstm']

    def __init__(self, input_shape, num_hidden, h2h_kernel=(3, 3), h2h_dilate=(1, 1), i2h_kernel=(3, 3),
                 i2h_stride=(1, 1), i2h_pad=(1, 1), i2h_dilate=(1, 1), i2h_weight_initializer=None,
                 h2h_weight_initializer=None, i2h_bias_initializer='zeros', h2h_bias_initializer='zeros',
                 activation=_LEAKY, prefix='ConvLSTM_', params=None, conv_layout='NCHW'):
        super().__init__(input_shape, num_hidden, h2h_kernel, h2h_dilate, i2h_kernel, i2h_stride, i2h_pad,
                         i2h_dilate, i2h_weight_initializer, h2h_weight_initializer, i2h_bias_initializer,
                         h2h_bias_initializer, activation, prefix=prefix, params=params, conv_layout=conv_layout)

    def __call__(self, inputs, states):
        name = self._step_name()
        i2h, h2h = self._conv_forward(inputs, states, name)
        parts = symbol.SliceChannel(i2h + h2h, num_outputs=4, axis=self._conv_layout.find('C'),
                                    name='%sslice' % name)
        gates = [symbol.Activation(parts[0], act_type='sigmoid', name='%si' % name),
                 symbol.Activation(parts[1], act_type='sigmoid', name='%sf' % name),
                 self._get_activation(parts[2], self._activation, name='%sc' % name),
                 symbol.Activation(parts[3], act_type='sigmoid', name='%so' % name)]
        next_h, next_c = _lstm_update(gates, states[1], name, lambda c: self._get_activation(c, self._activation))
        return next_h, [next_h, next_c]


class ConvGRUCell(BaseConvRNNCell):
    """A convolutional GRU cell with `num_hidden` channels; `activation` (LeakyReLU with slope 0.2 by
    default) replaces tanh on the candidate. As in MXNet, the gates are split along axis 1 whatever
    `conv_layout` says."""
    _gate_names = _GATES['gru']
    _num_states = 1

    def __init__(self, input_shape, num_hidden, h2h_kernel=(3, 3), h2h_dilate=(1, 1), i2h_kernel=(3, 3),
                 i2h_stride=(1, 1), i2h_pad=(1, 1), i2h_dilate=(1, 1), i2h_weight_initializer=None,
                 h2h_weight_initializer=None, i2h_bias_initializer='zeros', h2h_bias_initializer='zeros',
                 activation=_LEAKY, prefix='ConvGRU_', params=None, conv_layout='NCHW'):
        super().__init__(input_shape, num_hidden, h2h_kernel, h2h_dilate, i2h_kernel, i2h_stride, i2h_pad,
                         i2h_dilate, i2h_weight_initializer, h2h_weight_initializer, i2h_bias_initializer,
                         h2h_bias_initializer, activation, prefix=prefix, params=params, conv_layout=conv_layout)

    def __call__(self, inputs, states):
        name = self._step_name()
        i2h, h2h = self._conv_forward(inputs, states, name)
        next_h = _gru_update(i2h, h2h, states[0], name,
                             lambda x, node: self._get_activation(x, self._activation, name=node))
        return next_h, [next_h]
