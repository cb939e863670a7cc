"""The fused recurrent operator ``RNN`` (vanilla ReLU/tanh RNN, LSTM, GRU; stacked, bidirectional, LSTM
projection and cell-state clipping, variable sequence lengths), computed by PyTorch's fused kernels.

MXNet keeps all weights of a fused RNN in one vector, `parameters`: first the weight matrices, then the
bias vectors. Each part runs over the layers, and inside a layer over the directions (left-to-right, then
right-to-left); for one (layer, direction) the weights are the input-to-hidden matrix (gates*H, input
width), the hidden-to-hidden matrix (gates*H, H, or P with a projection) and, with a projection, the
hidden-to-projection matrix (P, H); the biases are the input-to-hidden and then the hidden-to-hidden
vector (gates*H each). Gates are stacked in the order LSTM: input, forget, cell, output; GRU: reset,
update, new, with the GRU's reset gate applied after the hidden-to-hidden product (cuDNN's GRU). These
orders are torch's too, so each matrix goes to torch's kernels as it is (a view into the vector).

Data is laid out (sequence, batch, feature) ('TNC'); states are (layers*directions, batch, H or P).

Beside it, the internal operators that gluon.rnn computes through (``mx.nd._internal``): ``_rnn_layer``
(the same computation with the weights as separate arrays, as the layers hold them) and the one-step
cell kernels ``_rnn_cell_step``, ``_lstm_cell_step`` and ``_gru_cell_step``."""
import warnings

import torch
import torch.nn.functional as F
from torch.nn.utils.rnn import PackedSequence, pack_padded_sequence, pad_packed_sequence

from ... import _state
from ...base import TORCH_TO_NAME, MXNetError
from ..registry import OPS, register
from ._util import as_bool, check_choice

Tensor = torch.Tensor

GATES = {'rnn_relu': 1, 'rnn_tanh': 1, 'lstm': 4, 'gru': 3}
_FUSED = {'rnn_relu': torch.rnn_relu, 'rnn_tanh': torch.rnn_tanh, 'lstm': torch.lstm, 'gru': torch.gru}

# Parameters of MXNet layers are separate arrays, so cuDNN (through torch) packs them into its own buffer
# on every call; that is expected here, not a mistake to warn about.
warnings.filterwarnings('ignore', message='RNN module weights are not part of single contiguous chunk')
# torch falls back from oneDNN to its own kernel for projections, which is what is wanted
warnings.filterwarnings('ignore', message='LSTM with projections is not supported with oneDNN')


def _shape(t):
    return tuple(t.shape)


# ---- the packed parameter vector ------------------------------------------------------------------------
def packed_shapes(mode, num_layers, input_size, state_size, bidirectional, projection_size=None):
    """The shapes held by MXNet's packed parameter vector, in its order: a list of weight shapes, then a
    list of bias shapes; per (layer, direction) the weights are (i2h, h2h[, h2r]) and the biases (i2h,
    h2h)."""
    ng, h = GATES[mode], state_size
    dirs = 2 if bidirectional else 1
    r = projection_size or h
    weights, biases = [], []
    width = input_size
    for _ in range(num_layers):
        for _ in range(dirs):
            weights.append((ng * h, width))
            weights.append((ng * h, r))
            if projection_size:
                weights.append((projection_size, h))
            biases.append((ng * h,))
            biases.append((ng * h,))
        width = r * dirs
    return weights, biases


def packed_size(mode, num_layers, input_size, state_size, bidirectional, projection_size=None):
    """The number of elements of MXNet's packed parameter vector."""
    weights, biases = packed_shapes(mode, num_layers, input_size, state_size, bidirectional, projection_size)
    return sum(a * b for a, b in weights) + sum(b[0] for b in biases)


def unpack_parameters(params, mode, num_layers, input_size, state_size, bidirectional, projection_size=None):
    """The matrices and vectors of MXNet's packed parameter vector as views into it, in torch's order:
    per (layer, direction) w_ih, w_hh, b_ih, b_hh[, w_hr]."""
    weights, biases = packed_shapes(mode, num_layers, input_size, state_size, bidirectional, projection_size)
    views, offset = [], 0
    for shape in weights + biases:
        n = 1
        for s in shape:
            n *= s
        views.append(params[offset:offset + n].view(shape))
        offset += n
    nw = 3 if projection_size else 2
    groups = len(weights) // nw
    ordered = []
    for g in range(groups):
        w = views[g * nw:(g + 1) * nw]
        b = views[len(weights) + 2 * g:len(weights) + 2 * g + 2]
        ordered += [w[0], w[1], b[0], b[1]] + w[2:]
    return ordered


# ---- computation ----------------------------------------------------------------------------------------
def rnn_forward(data, weights, hx, cx, mode, num_layers, bidirectional, p=0.0, train=False, lengths=None,
                projection=False, clip=None):
    """Runs a stacked (bidirectional) recurrent network over `data` (T, N, C).

    `weights` lists, per (layer, direction), w_ih, w_hh, b_ih, b_hh (and w_hr with a projection); `hx`
    (and `cx` for LSTM) are the initial states; `p` is the dropout rate between layers (applied when
    `train`); `lengths` (N,), when given, holds each sequence's valid length: outputs past it are zero and
    the final states are those at the last valid step (the reverse direction starts there); `clip` is
    (min, max, nan) to clip LSTM cell states to. Returns (output, hy, cy or None)."""
    w0 = weights[0]
    if data.shape[2] != w0.shape[1] or data.dtype != w0.dtype or hx.dtype != w0.dtype:
        # torch's oneDNN path does not check the input width: a wrong one would be read out of bounds
        name = TORCH_TO_NAME.get
        raise MXNetError('RNN: input of shape {} and dtype {} does not fit the first layer\'s input weights of '
                         'shape {} and dtype {} (states: {})'.format(_shape(data), name(data.dtype), _shape(w0),
                                                                     name(w0.dtype), name(hx.dtype)))
    if clip is None and not (projection and hx.shape[2] == cx.shape[2]):
        # torch recognises a projection by the states' widths, so P == H takes the step-by-step path
        fused = _FUSED[mode]
        hidden = (hx, cx) if mode == 'lstm' else hx
        if lengths is None:
            res = fused(data, hidden, weights, True, num_layers, p, train, bidirectional, False)
            return res[0], res[1], (res[2] if mode == 'lstm' else None)
        return _packed(fused, data, hidden, weights, mode, num_layers, bidirectional, p, train, lengths)
    return _stepwise(data, weights, hx, cx, mode, num_layers, bidirectional, p, train, lengths, projection, clip)


def _check_lengths(lengths, steps, batch):
    lens = lengths.detach().to('cpu', torch.int64)
    if lens.shape != (batch,):
        raise MXNetError('RNN: sequence_length must have shape ({},), got {}'.format(batch, _shape(lengths)))
    if lens.numel() and (int(lens.min()) < 1 or int(lens.max()) > steps):
        raise MXNetError('RNN: sequence_length values must lie in [1, {}] (the sequence length), got {}'.format(
            steps, lens.tolist()))
    return lens


def _packed(fused, data, hidden, weights, mode, num_layers, bidirectional, p, train, lengths):
    """The fused kernel on torch's packed sequences (zeros past each length, states at each length)."""
    lens = _check_lengths(lengths, data.shape[0], data.shape[1])
    packed = pack_padded_sequence(data, lens, enforce_sorted=False)
    order, unorder = packed.sorted_indices, packed.unsorted_indices
    if mode == 'lstm':
        hidden = (hidden[0].index_select(1, order), hidden[1].index_select(1, order))
    else:
        hidden = hidden.index_select(1, order)
    res = fused(packed.data, packed.batch_sizes, hidden, weights, True, num_layers, p, train, bidirectional)
    out, _ = pad_packed_sequence(PackedSequence(res[0], packed.batch_sizes, order, unorder),
                                 total_length=data.shape[0])
    hy = res[1].index_select(1, unorder)
    cy = res[2].index_select(1, unorder) if mode == 'lstm' else None
    return out, hy, cy


def _reverse(x, lengths):
    """Each sequence of x (T, N, C) reversed within its valid length (positions past it stay)."""
    if lengths is None:
        return x.flip(0)
    steps = torch.arange(x.shape[0], device=x.device).unsqueeze(1)
    lens = lengths.unsqueeze(0)
    index = torch.where(steps < lens, lens - 1 - steps, steps)
    return x.gather(0, index.unsqueeze(2).expand_as(x))


def _cell_step(mode, x, h, c, w, clip):
    """One time step of one (layer, direction): the new (h, c)."""
    w_ih, w_hh, b_ih, b_hh = w[:4]
    if mode == 'gru':
        gi = F.linear(x, w_ih, b_ih).chunk(3, 1)
        gh = F.linear(h, w_hh, b_hh).chunk(3, 1)
        r = torch.sigmoid(gi[0] + gh[0])
        z = torch.sigmoid(gi[1] + gh[1])
        n = torch.tanh(gi[2] + r * gh[2])
        return (1 - z) * n + z * h, None
    pre = F.linear(x, w_ih, b_ih) + F.linear(h, w_hh, b_hh)
    if mode == 'rnn_tanh':
        return torch.tanh(pre), None
    if mode == 'rnn_relu':
        return torch.relu(pre), None
    i, f, g, o = pre.chunk(4, 1)
    c = torch.sigmoid(f) * c + torch.sigmoid(i) * torch.tanh(g)
    if clip is not None:
        lo, hi, nan = clip
        if nan:  # cuDNN's non-propagating clip sends NaN to the lower bound
            c = torch.where(torch.isnan(c), torch.full_like(c, lo), c)
        c = c.clamp(lo, hi)
    h = torch.sigmoid(o) * torch.tanh(c)
    if len(w) == 5:
        h = F.linear(h, w[4])
    return h, c


def _stepwise(data, weights, hx, cx, mode, num_layers, bidirectional, p, train, lengths, projection, clip):
    """The same computation as the fused kernels, one time step at a time (for what they cannot do: LSTM
    state clipping, a projection as wide as the state)."""
    steps = data.shape[0]
    per = 5 if projection else 4
    dirs = 2 if bidirectional else 1
    if lengths is not None:
        lengths = _check_lengths(lengths, steps, data.shape[1]).to(data.device)
    hs, cs = [], []
    x = data
    for layer in range(num_layers):
        outs = []
        for d in range(dirs):
            k = layer * dirs + d
            w = weights[k * per:(k + 1) * per]
            h = hx[k]
            c = cx[k] if mode == 'lstm' else None
            seq = x if d == 0 else _reverse(x, lengths)
            ys = []
            for t in range(steps):
                h_new, c_new = _cell_step(mode, seq[t], h, c, w, clip)
                if lengths is None:
                    h, c = h_new, c_new
                    ys.append(h)
                else:
                    valid = (lengths > t).unsqueeze(1)
                    h = torch.where(valid, h_new, h)
                    if c is not None:
                        c = torch.where(valid, c_new, c)
                    ys.append(torch.where(valid, h_new, torch.zeros_like(h_new)))
            y = torch.stack(ys)
            outs.append(y if d == 0 else _reverse(y, lengths))
            hs.append(h)
            cs.append(c)
        x = torch.cat(outs, 2) if dirs == 2 else outs[0]
        if p > 0 and train and layer < num_layers - 1:
            x = F.dropout(x, p, True)
    return x, torch.stack(hs), (torch.stack(cs) if mode == 'lstm' else None)


def check_clip(mode, clip_min, clip_max, clip_nan, op_name='RNN'):
    """(min, max, nan) for LSTM state clipping, or None without it; checked as MXNet checks it."""
    if clip_min is None and clip_max is None:
        return None
    if mode != 'lstm':
        raise MXNetError('{}: state clipping is only supported for LSTM, not mode {!r}'.format(op_name, mode))
    if clip_min is None or clip_max is None:
        raise MXNetError('{}: lstm_state_clip_min and lstm_state_clip_max must be specified together'.format(
            op_name))
    clip_min, clip_max = float(clip_min), float(clip_max)
    if clip_max < clip_min:
        raise MXNetError('{}: lstm_state_clip_max ({}) must be greater or equal to lstm_state_clip_min ({})'
                         .format(op_name, clip_max, clip_min))
    return clip_min, clip_max, as_bool(clip_nan)


# ---- the operator ---------------------------------------------------------------------------------------
@register()
def RNN(data=None, parameters=None, state=None, state_cell=None, sequence_length=None, state_size=None,
        num_layers=None, bidirectional=False, mode=None, p=0.0, state_outputs=False, projection_size=None,
        lstm_state_clip_min=None, lstm_state_clip_max=None, lstm_state_clip_nan=False,
        use_sequence_length=False):
    """Applies a recurrent layer (or a stack of them) to input data: vanilla RNN with ReLU or tanh, LSTM
    or GRU, computed as cuDNN defines them, with all weights and biases packed into one vector.

    For LSTM each step computes i, f, g, o = sigmoid, sigmoid, tanh, sigmoid of
    ``W_i* x + b_i* + W_h* h + b_h*``, then ``c = f * c + i * g`` and ``h = o * tanh(c)`` (times the
    projection matrix when `projection_size` is set). For GRU: ``r`` and ``z`` are sigmoid gates,
    ``n = tanh(W_in x + b_in + r * (W_hn h + b_hn))`` and ``h = (1 - z) * n + z * h``.

    Parameters
    ----------
    data : NDArray
        Input of shape (sequence_length, batch_size, input_size).
    parameters : NDArray
        All weights, then all biases, as one vector (see the module's description for the order).
    state : NDArray
        Initial hidden state, shape (num_layers * directions, batch_size, state_size), or projection_size
        wide with a projection.
    state_cell : NDArray
        Initial cell state of an LSTM, shape (num_layers * directions, batch_size, state_size).
    sequence_length : NDArray
        Valid length of each sequence, shape (batch_size,); used with ``use_sequence_length=True``.
    state_size : int
        Size of each layer's hidden state.
    num_layers : int
        Number of stacked layers.
    bidirectional : bool, default False
        Whether each layer also runs right to left (outputs are concatenated on the feature axis).
    mode : {'rnn_relu', 'rnn_tanh', 'lstm', 'gru'}
        The kind of recurrent cell.
    p : float, default 0
        Dropout rate on the outputs of every layer but the last (in training mode only).
    state_outputs : bool, default False
        Whether to return the final states as well.
    projection_size : int, optional
        Width of the LSTM's projected hidden state.
    lstm_state_clip_min, lstm_state_clip_max : float, optional
        Bounds to clip the LSTM cell state to after every step (both or neither).
    lstm_state_clip_nan : bool, default False
        Whether a NaN cell state is replaced by a bound instead of propagated.
    use_sequence_length : bool, default False
        Whether `sequence_length` is given: outputs past a sequence's length are zero and its final state
        is the one at its last valid step.

    Returns
    -------
    NDArray, or a list [output, hidden state] (plus the cell state for LSTM) with ``state_outputs=True``.
    """
    if mode not in GATES:
        check_choice(mode, tuple(sorted(GATES)), 'RNN', 'mode')
    if state_size is None or num_layers is None:
        raise MXNetError('RNN: the parameters state_size and num_layers are required')
    state_size, num_layers = int(state_size), int(num_layers)
    bidirectional = as_bool(bidirectional)
    use_sequence_length = as_bool(use_sequence_length)
    is_lstm = mode == 'lstm'
    if not is_lstm and state_cell is not None:
        if use_sequence_length and sequence_length is None:
            # MXNet's inputs are positional: without a cell state, the fourth one is the lengths
            state_cell, sequence_length = None, state_cell
        else:
            raise MXNetError("RNN: state_cell is only used by mode='lstm', not {!r}".format(mode))
    if data is None or parameters is None or state is None or (is_lstm and state_cell is None):
        raise MXNetError('RNN: data, parameters and state{} are required'.format(
            ' and state_cell (mode lstm)' if is_lstm else ''))
    if data.dim() != 3:
        raise MXNetError('RNN: data must be 3-D (sequence, batch, feature), got shape {}'.format(_shape(data)))
    if projection_size is not None:
        projection_size = int(projection_size)
        if not is_lstm:
            raise MXNetError('RNN: projection is only supported for LSTM, not mode {!r}'.format(mode))
        if projection_size > state_size:
            raise MXNetError('RNN: state_size ({}) must be larger than projection_size ({})'.format(
                state_size, projection_size))
    p = float(p)
    if not 0.0 <= p <= 1.0:
        raise MXNetError('RNN: p must be in [0, 1], got {}'.format(p))
    clip = check_clip(mode, lstm_state_clip_min, lstm_state_clip_max, lstm_state_clip_nan)
    steps, batch, width = data.shape
    dirs = 2 if bidirectional else 1
    want = packed_size(mode, num_layers, width, state_size, bidirectional, projection_size)
    if parameters.dim() != 1 or parameters.numel() != want:
        raise MXNetError('RNN: parameters of shape {} do not fit mode {!r} with {} layer(s), input size {}, '
                         'state size {}{}{}: expected shape ({},)'.format(
                             _shape(parameters), mode, num_layers, width, state_size,
                             ', projection size {}'.format(projection_size) if projection_size else '',
                             ', bidirectional' if bidirectional else '', want))
    h_shape = (num_layers * dirs, batch, projection_size or state_size)
    if _shape(state) != h_shape:
        raise MXNetError('RNN: state of shape {} must have shape {}'.format(_shape(state), h_shape))
    if is_lstm and _shape(state_cell) != (num_layers * dirs, batch, state_size):
        raise MXNetError('RNN: state_cell of shape {} must have shape {}'.format(
            _shape(state_cell), (num_layers * dirs, batch, state_size)))
    lengths = None
    if use_sequence_length:
        if sequence_length is None:
            raise MXNetError('RNN: use_sequence_length=True needs sequence_length')
        lengths = sequence_length
    elif sequence_length is not None:
        raise MXNetError('RNN: sequence_length was given without use_sequence_length=True')
    weights = unpack_parameters(parameters, mode, num_layers, width, state_size, bidirectional, projection_size)
    out, hy, cy = rnn_forward(data, weights, state, state_cell, mode, num_layers, bidirectional, p,
                              _state.state.training, lengths, bool(projection_size), clip)
    if not as_bool(state_outputs):
        return out
    return [out, hy, cy] if is_lstm else [out, hy]



# ---- what gluon.rnn's layers and cells run on -----------------------------------------------------------
# Internal operators (``mx.nd._internal``), so that the layers and cells compute through the `F` their
# hybrid_forward receives. Each is one call of a fused torch kernel: the layers pass their parameter arrays
# as they are (no packing into one vector per call, as nd.RNN needs), the cells one time step.
@register(name='_rnn_layer', namespace='_internal')
def rnn_layer(data, state, *parameters, state_cell=None, sequence_length=None, mode, num_layers,
              bidirectional=False, p=0.0, layout='TNC', projection_size=None, lstm_state_clip_min=None,
              lstm_state_clip_max=None, lstm_state_clip_nan=False):
    """A stack of recurrent layers over `data` in `layout` ('TNC' or 'NTC'), with the weights given one by
    one in torch's order (per layer and direction: i2h weight, h2h weight, i2h bias, h2h bias, then the
    h2r weight with a projection). `state_cell` is the LSTM's cell state and `sequence_length` the valid
    length of each sequence (None: all are full). Returns [output, h] or, for
    an LSTM, [output, h, c]; the output is in `layout`."""
    batch_major = layout == 'NTC'
    x = data.transpose(0, 1) if batch_major else data
    clip = check_clip(mode, lstm_state_clip_min, lstm_state_clip_max, lstm_state_clip_nan)
    out, hy, cy = rnn_forward(x, list(parameters), state, state_cell, mode, num_layers, bidirectional, p,
                              _state.state.training, sequence_length, projection_size is not None, clip)
    if batch_major:
        out = out.transpose(0, 1).contiguous()
    return (out, hy) if cy is None else (out, hy, cy)


# A step's input of more than two axes is flattened to (batch, features), as FullyConnected flattens it
# (written out in each kernel below: they are on the hot path of every unrolled step).
_ELMAN_STEP = {'tanh': torch.rnn_tanh_cell, 'relu': torch.rnn_relu_cell}


@register(name='_rnn_cell_step', namespace='_internal')
def rnn_cell_step(data, state, i2h_weight, h2h_weight, i2h_bias, h2h_bias, activation='tanh'):
    """One step of an Elman cell: ``activation(data W_i2h^T + b_i2h + state W_h2h^T + b_h2h)``, with
    activation 'tanh' or 'relu'. Returns the new state (which is also the output)."""
    step = _ELMAN_STEP.get(activation)
    if step is None:
        check_choice(activation, ('relu', 'tanh'), '_rnn_cell_step', 'activation')
    if data.dim() != 2:
        data = data.reshape(data.shape[0], -1)
    return step(data, state, i2h_weight, h2h_weight, i2h_bias, h2h_bias)


@register(name='_lstm_cell_step', namespace='_internal')
def lstm_cell_step(data, state, state_cell, i2h_weight, h2h_weight, i2h_bias, h2h_bias):
    """One step of an LSTM cell (gates input, forget, cell, output stacked in the weights' rows; sigmoid
    gates, tanh cell input and output). Returns [h, c]."""
    if data.dim() != 2:
        data = data.reshape(data.shape[0], -1)
    return torch.lstm_cell(data, (state, state_cell), i2h_weight, h2h_weight, i2h_bias, h2h_bias)


@register(name='_gru_cell_step', namespace='_internal')
def gru_cell_step(data, state, i2h_weight, h2h_weight, i2h_bias, h2h_bias):
    """One step of a GRU cell (gates reset, update, new stacked in the weights' rows; the reset gate scales
    the recurrent product of the new gate). Returns the new state."""
    if data.dim() != 2:
        data = data.reshape(data.shape[0], -1)
    return torch.gru_cell(data, state, i2h_weight, h2h_weight, i2h_bias, h2h_bias)
