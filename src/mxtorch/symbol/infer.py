"""Shape and type inference for Symbol graphs.

Shapes flow forward by running each operator's implementation on torch "meta" tensors, which carry a shape
and dtype but no data: the operator written once for ``mx.nd`` also says what shape it gives. Dimensions
that are not known yet (0 in MXNet's shapes, -1 in NumPy-shape mode) run as a large marker size and come
out unknown wherever the marker shows. A small table of rules adds what running forward cannot give:
the shapes of an operator's own parameters (a FullyConnected's weight from its data and ``num_hidden``),
agreement between the inputs and the output of element-wise operators (so a known output decides an
unknown input), and a few operators' backward relations (Convolution, Concat, SliceChannel). The graph is
swept forward and backward until nothing changes.

Types flow the same way: run forward on meta tensors where the shapes are known, else by MXNet's usual
rule that an operator's arrays share one type (with the operators that produce a type of their own)."""
import math
import warnings

import numpy as np
import torch

from .. import _state
from ..base import MXNetError, FLAG_TO_TORCH, TORCH_TO_FLAG, TORCH_TO_NP, dtype_torch
from . import _graph

__all__ = ['infer_shape', 'infer_type', 'ShapeInference', 'TypeInference', 'format_shape']

_MARK = 1000003           # the size unknown dimensions run as (a prime, far from any real size)
_UNKNOWN_FROM = _MARK // 2
_MAX_CPU_ELEMENTS = 1 << 22   # operators that cannot run on meta tensors run on real zeros up to this size
_SWEEPS = 20


def format_shape(shape):
    return '[' + ','.join(str(d) for d in shape) + ']' if shape is not None else '[]'


def _conflict(node, old, new, what='Shape'):
    return MXNetError('Error in operator {}: {} inconsistent, Provided = {}, inferred {}={}'.format(
        node.name, what, format_shape(old) if what == 'Shape' else old, 'shape' if what == 'Shape' else 'type',
        format_shape(new) if what == 'Shape' else new))


def unify(old, new):
    """The shape that agrees with both (None: unknown shape, -1: unknown dimension); ValueError when
    they disagree."""
    if old is None:
        return new
    if new is None:
        return old
    if len(old) != len(new):
        raise ValueError
    out = []
    for a, b in zip(old, new):
        if a < 0:
            out.append(b)
        elif b < 0 or a == b:
            out.append(a)
        else:
            raise ValueError
    return tuple(out)


def known(shape):
    return shape is not None and all(d >= 0 for d in shape)


class ShapeInference:
    """The shapes of every output of every node reachable from `entries`, given some variables' shapes."""

    def __init__(self, entries, given, types=None):
        self.entries = entries
        self.nodes = _graph.topological(entries)
        self.shapes = {}
        self.dtypes = {}
        for node in self.nodes:
            if node.op is None and types and node.name in types:
                self.dtypes[(id(node), 0)] = dtype_torch(types[node.name])
            elif node.op is not None:
                for (src, k), name in zip(node.inputs, node.input_names):
                    wanted = _INPUT_TYPES.get((node.op.name, name))
                    if wanted is not None and src.op is None:
                        self.dtypes.setdefault((id(src), k), wanted)
        self._done = set()
        self._ran = {}
        for node in self.nodes:
            if node.op is None:
                shape = given.get(node.name)
                if shape is None and '__shape__' in node.attrs:
                    shape = _attr_shape(node.attrs['__shape__'])
                if shape is not None:
                    self.set(node, 0, shape, node)
                flag = node.attrs.get('__dtype__')
                if flag is not None and (id(node), 0) not in self.dtypes:
                    try:
                        self.dtypes[(id(node), 0)] = FLAG_TO_TORCH[int(flag)]
                    except (KeyError, ValueError):
                        pass

    def get(self, node, k):
        return self.shapes.get((id(node), k))

    def set(self, node, k, shape, blame):
        """Record what is known of output k of `node`; MXNetError naming `blame` on a contradiction.
        Returns whether anything new was learnt."""
        if shape is None:
            return False
        shape = tuple(int(d) for d in shape)
        key = (id(node), k)
        old = self.shapes.get(key)
        try:
            new = unify(old, shape)
        except ValueError:
            raise _conflict(blame, old, shape) from None
        if new != old:
            self.shapes[key] = new
            return True
        return False

    def run(self):
        for _ in range(_SWEEPS):
            changed = False
            for node in self.nodes:
                changed |= self._infer(node, forward=True)
            for node in reversed(self.nodes):
                changed |= self._infer(node, forward=False)
            if not changed:
                break
        return self

    def _infer(self, node, forward):
        if node.op is None or id(node) in self._done:
            return False
        ins = [self.get(src, k) for src, k in node.inputs]
        outs = [self.get(node, k) for k in range(node.num_outputs)]
        changed = False
        rule = _RULES.get(node.op.name)
        if rule is not None:
            new_ins, new_outs = rule(node, list(ins), list(outs))
            for (src, k), shape in zip(node.inputs, new_ins):
                changed |= self.set(src, k, shape, node)
            for k, shape in enumerate(new_outs):
                changed |= self.set(node, k, shape, node)
            ins = [self.get(src, k) for src, k in node.inputs]
            outs = [self.get(node, k) for k in range(node.num_outputs)]
        wait = _WAIT_FOR.get(node.op.name)
        if wait is not None and not known(ins[wait]):
            return changed
        if node.op.name in _RULE_DECIDES and all(known(s) for s in ins) and \
                all(known(self.get(node, k)) for k in range(node.num_outputs)):
            # the rule has checked every shape against the others (running the kernel on meta tensors
            # would only repeat it, slowly for the normalisations): outputs take the data's dtype
            dtype = self.dtypes.get((id(node.inputs[0][0]), node.inputs[0][1]), torch.float32)
            for k in range(node.num_outputs):
                self.dtypes.setdefault((id(node), k), dtype)
            self._ran[id(node)] = ins
        if forward and all(s is not None for s in ins) and self._ran.get(id(node)) != ins:
            # each node runs once per state of its inputs' shapes: also when its outputs are known already
            # (from rules elsewhere), which checks them
            self._ran[id(node)] = ins
            result = self._run_forward(node, ins)
            if result is not None:
                for k, shape in enumerate(result[:node.num_outputs]):
                    changed |= self.set(node, k, shape, node)
        if self._ran.get(id(node)) == ins and all(known(s) for s in ins) and \
                all(known(self.get(node, k)) for k in range(node.num_outputs)):
            self._done.add(id(node))
        return changed

    def _run_forward(self, node, ins):
        """Output shapes of the node's operator run on meta tensors of these input shapes (None when it
        cannot tell)."""
        if node.op.impl is None:
            return None
        if shape_to_decide(node):
            return None      # its unknown dimensions are decided by the nodes that use it
        marked = any(d < 0 for s in ins for d in s)
        dtypes = [self.dtypes.get((id(src), k), torch.float32) for src, k in node.inputs]
        outputs = run_operator(node, ins, dtypes, marked)
        if outputs is None:
            return None
        shapes = []
        for t in outputs:
            shape = tuple(t.shape)
            if marked:
                shape = tuple(-1 if d >= _UNKNOWN_FROM else d for d in shape)
            shapes.append(shape)
        for (k, t) in enumerate(outputs[:node.num_outputs]):
            self.dtypes.setdefault((id(node), k), t.dtype)
        return shapes


class _CannotTell(Exception):
    pass


def run_operator(node, shapes, dtypes, marked=False):
    """The outputs of the node's operator run on meta tensors of `shapes`/`dtypes` (-1 dims run as the
    marker): a list of tensors, or None when that cannot tell (a marked run that fails, an operator that
    cannot run on meta tensors and inputs too large for real ones). An unmarked run that fails is the
    operator's own error: MXNetError naming the node."""
    kwargs = node.op.call_kwargs(node.attrs)
    call = node.op.caller(node.input_names, kwargs)
    sizes = [tuple(_MARK if d < 0 else d for d in s) for s in shapes]
    try:
        return _as_list(_call_quietly(call, [torch.empty(s, dtype=t, device='meta') for s, t in zip(sizes, dtypes)]))
    except _CannotTell:
        pass
    except (MXNetError, RuntimeError, ValueError, TypeError, IndexError, NotImplementedError, AssertionError,
            AttributeError, KeyError, OverflowError) as e:
        if marked:
            return None
        if not _is_meta_limitation(e):
            raise MXNetError('Error in operator {}: {}'.format(node.name, e)) from None
    if marked or sum(math.prod(s) for s in sizes) > _MAX_CPU_ELEMENTS:
        return None
    try:
        return _as_list(_call_quietly(call, [torch.zeros(s, dtype=t) for s, t in zip(sizes, dtypes)]))
    except (MXNetError, RuntimeError, ValueError, TypeError, IndexError, AssertionError) as e:
        raise MXNetError('Error in operator {}: {}'.format(node.name, e)) from None


def _call_quietly(call, tensors):
    # nothing recorded, nothing learnt by moving statistics: inference runs the operator as in prediction
    prev = _state.set_state(False, False)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter('ignore')
            return call(*tensors)
    finally:
        _state.set_state(*prev)


def _is_meta_limitation(error):
    text = str(error).lower()
    return isinstance(error, NotImplementedError) or 'meta' in text or 'data-dependent' in text or \
        'item()' in text or 'numpy()' in text


def _as_list(result):
    if isinstance(result, torch.Tensor):
        return [result]
    if isinstance(result, (list, tuple)):
        if all(isinstance(t, torch.Tensor) for t in result):
            return list(result)
    raise _CannotTell


def _np_mode():
    return _state.np_shape.active


def _attr_shape(text):
    from ._opdefs import parse_attr
    try:
        shape = parse_attr('Shape(tuple)', text)
    except MXNetError:
        return None
    if shape is None:
        return None
    return tuple(-1 if (d == 0 and not _np_mode()) or d < 0 else d for d in shape)


# ---- rules ----------------------------------------------------------------------------------------------
def _attr(node, key, type_string, default=None):
    from ._opdefs import parse_attr
    text = node.attrs.get(key)
    if text is None:
        return default
    value = parse_attr(type_string, text)
    return default if value is None else value


def _index_of(node, name):
    try:
        return node.input_names.index(name)
    except ValueError:
        return None


def _incompatible(node, what, expected, got):
    return MXNetError('Error in operator {}: Incompatible attr in node {} at {}: expected {}, got {}'.format(
        node.name, node.name, what, format_shape(expected), format_shape(got)))


def _same_shape_rule(*names):
    """The inputs named `names` (all inputs when none are named) and output 0 have one shape."""
    def rule(node, ins, outs):
        slots = [i for i, n in enumerate(node.input_names) if not names or n in names]
        shape = outs[0] if outs else None
        for i in slots:
            try:
                shape = unify(shape, ins[i])
            except ValueError:
                raise _incompatible(node, '%d-th input' % i, shape, ins[i]) from None
        for i in slots:
            ins[i] = shape
        outs[0] = shape
        return ins, outs
    return rule


def _fully_connected(node, ins, outs):
    hidden = _attr(node, 'num_hidden', 'int')
    flatten = _attr(node, 'flatten', 'boolean', True)
    d = ins[0]
    out = outs[0]
    if d is not None and hidden is not None:
        if flatten:
            rest = d[1:]
            width = math.prod(rest) if all(x >= 0 for x in rest) else -1
            ins[1] = (hidden, width)
            outs[0] = (d[0], hidden)
        else:
            ins[1] = (hidden, d[-1])
            outs[0] = tuple(d[:-1]) + (hidden,)
        if len(ins) > 2:
            ins[2] = (hidden,)
    if out is not None and d is not None:
        if flatten:
            ins[0] = (out[0],) + tuple(d[1:])
        else:
            ins[0] = tuple(out[:-1]) + (d[-1],)
    return ins, outs


def _conv_geometry(node, spatial):
    kernel = tuple(_attr(node, 'kernel', 'Shape(tuple)', ()))
    n = len(kernel) or spatial
    stride = tuple(_attr(node, 'stride', 'Shape(tuple)', ()) or (1,) * n)
    dilate = tuple(_attr(node, 'dilate', 'Shape(tuple)', ()) or (1,) * n)
    pad = tuple(_attr(node, 'pad', 'Shape(tuple)', ()) or (0,) * n)
    return kernel, stride, dilate, pad


def _channels_last(node):
    layout = _attr(node, 'layout', None, None)
    return isinstance(layout, str) and layout.upper().endswith('C') and layout.upper() not in ('NC',)


def _convolution(node, ins, outs):
    d, out = ins[0], outs[0]
    filters = _attr(node, 'num_filter', 'int')
    groups = _attr(node, 'num_group', 'int', 1) or 1
    kernel, stride, dilate, pad = _conv_geometry(node, (len(d) - 2) if d is not None else 0)
    last = _channels_last(node)
    if d is not None and filters is not None and kernel:
        _check_window(node, 'Convolution', d, kernel, tuple((k - 1) * dl + 1 for k, dl in zip(kernel, dilate)),
                      pad, last)
        c = d[-1] if last else d[1]
        if c >= 0 and c % groups:
            raise MXNetError('Error in operator {}: input channels {} are not divisible by num_group {}'.format(
                node.name, c, groups))
        per_group = c // groups if c >= 0 else -1
        ins[1] = ((filters,) + kernel + (per_group,)) if last else ((filters, per_group) + kernel)
        if len(ins) > 2:
            ins[2] = (filters,)
        space = d[1:-1] if last else d[2:]
        sizes = tuple(((x + 2 * p - dl * (k - 1) - 1) // s + 1) if x >= 0 else -1
                      for x, k, s, dl, p in zip(space, kernel, stride, dilate, pad))
        outs[0] = ((d[0],) + sizes + (filters,)) if last else ((d[0], filters) + sizes)
    if out is not None and d is not None and kernel and len(out) == len(d):
        space_out = out[1:-1] if last else out[2:]
        space_in = d[1:-1] if last else d[2:]
        back = tuple(x if x >= 0 else (((o - 1) * s - 2 * p + dl * (k - 1) + 1) if o >= 0 else -1)
                     for x, o, k, s, dl, p in zip(space_in, space_out, kernel, stride, dilate, pad))
        batch = d[0] if d[0] >= 0 else out[0]
        ins[0] = ((batch,) + back + (d[-1],)) if last else ((batch, d[1]) + back)
    return ins, outs



def _deformable_convolution(maps):
    """The rule of a deformable convolution whose inputs are data, `maps` sampling maps (offset, and for
    the modulated form the mask), weight and bias: as Convolution's for data, weight, bias and output.
    The maps are not inferred (MXNet requires their shapes; the layers make them with a convolution)."""
    def rule(node, ins, outs):
        conv_ins = [ins[0]] + ins[maps + 1:]
        conv_ins, outs = _convolution(node, conv_ins, outs)
        return [conv_ins[0]] + ins[1:maps + 1] + conv_ins[1:], outs
    return rule


def _check_window(node, what, d, kernel, extent, pad, last):
    """MXNetError when `d` does not have the kernel's rank plus two, or a (dilated) kernel is larger
    than the padded input."""
    if len(d) != len(kernel) + 2:
        raise MXNetError('Error in operator {}: {} of a {}-D kernel {} needs {}-D input, got shape {}'.format(
            node.name, what, len(kernel), kernel, len(kernel) + 2, format_shape(d)))
    space = d[1:-1] if last else d[2:]
    for x, k, p in zip(space, extent, pad):
        if x >= 0 and k > x + 2 * p:
            raise MXNetError('Error in operator {}: kernel size exceed input: kernel {} (dilated) over input {} '
                             'padded by {}'.format(node.name, k, x, p))


def _pooling(node, ins, outs):
    """Pooling's output from MXNet's formulas: 'valid' floors, 'full' ceils, 'same' keeps ceil(x /
    stride); a global pool leaves one element per channel."""
    d = ins[0]
    if d is None:
        return ins, outs
    last = _channels_last(node)
    space = d[1:-1] if last else d[2:]
    if _attr(node, 'global_pool', 'boolean', False):
        sizes = (1,) * len(space)
    else:
        kernel, stride, _, pad = _conv_geometry(node, len(space))
        if not kernel:
            return ins, outs
        _check_window(node, 'Pooling', d, kernel, kernel, pad, last)
        convention = _attr(node, 'pooling_convention', None, 'valid')
        sizes = []
        for x, k, st, p in zip(space, kernel, stride, pad):
            if x < 0:
                sizes.append(-1)
            elif convention == 'full':
                sizes.append(1 + math.ceil((x + 2 * p - k) / st))
            elif convention == 'same':
                sizes.append((x + st - 1) // st)
            else:
                sizes.append(1 + (x + 2 * p - k) // st)
    shape = ((d[0],) + tuple(sizes) + (d[-1],)) if last else (tuple(d[:2]) + tuple(sizes))
    outs[0] = shape
    return ins, outs


def _deconvolution(node, ins, outs):
    d = ins[0]
    filters = _attr(node, 'num_filter', 'int')
    groups = _attr(node, 'num_group', 'int', 1) or 1
    kernel = tuple(_attr(node, 'kernel', 'Shape(tuple)', ()))
    last = _channels_last(node)
    if d is not None and filters is not None and kernel:
        c = d[-1] if last else d[1]
        per_group = filters // groups
        ins[1] = ((c,) + kernel + (per_group,)) if last else ((c, per_group) + kernel)
        if len(ins) > 2:
            ins[2] = (filters,)
    return ins, outs


def _norm_params(axis_default, *param_names, size=None):
    """gamma/beta/... of the size of data's `axis` (or of a parameter `size` names), data and output 0
    of one shape."""
    def rule(node, ins, outs):
        ins, outs = _same_shape_rule('data')(node, ins, outs)
        d = ins[0]
        if d is not None:
            if size is not None:
                n = _attr(node, size, 'int', 1)
            else:
                axis = _attr(node, 'axis', 'int', axis_default)
                n = d[axis] if -len(d) <= axis < len(d) else -1
            for name in param_names:
                i = _index_of(node, name)
                if i is not None:
                    ins[i] = (n,)
        return ins, outs
    return rule


def _batch_norm(node, ins, outs):
    ins, outs = _norm_params(1, 'gamma', 'beta', 'moving_mean', 'moving_var')(node, ins, outs)
    d = ins[0]
    if d is not None and len(outs) == 3:
        axis = _attr(node, 'axis', 'int', 1)
        n = d[axis] if -len(d) <= axis < len(d) else -1
        outs[1] = outs[2] = (n,)
    return ins, outs


def _layer_norm(node, ins, outs):
    ins, outs = _norm_params(-1, 'gamma', 'beta')(node, ins, outs)
    d = ins[0]
    if d is not None and len(outs) == 3:
        axis = _attr(node, 'axis', 'int', -1) % len(d)
        reduced = tuple(1 if i == axis else x for i, x in enumerate(d))
        outs[1] = outs[2] = reduced
    return ins, outs


def _embedding(node, ins, outs):
    rows, width = _attr(node, 'input_dim', 'int'), _attr(node, 'output_dim', 'int')
    if rows is not None and width is not None:
        ins[1] = (rows, width)
        if ins[0] is not None:
            outs[0] = tuple(ins[0]) + (width,)
    return ins, outs


def _quantized_embedding(node, ins, outs):
    """Embedding's shapes, with the int8 weight's range as two scalars (1,) in and out."""
    ins, outs = _embedding(node, ins, outs)
    for i in range(2, min(len(ins), 4)):
        ins[i] = (1,)
    for i in range(1, len(outs)):
        outs[i] = (1,)
    return ins, outs


def _leaky_relu(node, ins, outs):
    ins, outs = _same_shape_rule('data')(node, ins, outs)
    i = _index_of(node, 'gamma')
    if i is not None and ins[0] is not None and len(ins[0]) > 1:
        ins[i] = (ins[0][1],)
    return ins, outs


def _softmax_output(node, ins, outs):
    ins, outs = _same_shape_rule('data')(node, ins, outs)
    d, i = ins[0], _index_of(node, 'label')
    if d is not None and i is not None and ins[i] is None:
        if _attr(node, 'multi_output', 'boolean', False):
            rest = d[2:]
            size = math.prod(rest) if all(x >= 0 for x in rest) else -1
            ins[i] = (d[0], size)
        else:
            ins[i] = tuple(d[:-1])
    return ins, outs


def _regression_output(node, ins, outs):
    ins, outs = _same_shape_rule('data')(node, ins, outs)
    i = _index_of(node, 'label')
    if ins[0] is not None and i is not None and ins[i] is None:
        ins[i] = ins[0]
    return ins, outs


def _concat(node, ins, outs):
    if any(s is None for s in ins) and outs[0] is None:
        return ins, outs
    ranks = {len(s) for s in ins + outs if s is not None}
    if len(ranks) != 1:
        return ins, outs
    rank = ranks.pop()
    dim = _attr(node, 'dim', 'int', 1) % rank
    other = None
    for s in ins + outs:
        if s is not None:
            try:
                other = unify(other, tuple(-1 if i == dim else x for i, x in enumerate(s)))
            except ValueError:
                raise MXNetError('Error in operator {}: Incompatible input shape: expected {}, got {}'.format(
                    node.name, format_shape(other), format_shape(s))) from None
    along = [s[dim] if s is not None else -1 for s in ins]
    total = outs[0][dim] if outs[0] is not None else -1
    if all(a >= 0 for a in along):
        total = sum(along)
    elif total >= 0 and sum(1 for a in along if a < 0) == 1:
        missing = along.index(-1)
        along[missing] = total - sum(a for a in along if a >= 0)
    for j in range(len(ins)):
        ins[j] = tuple(along[j] if i == dim else x for i, x in enumerate(other))
    outs[0] = tuple(total if i == dim else x for i, x in enumerate(other))
    return ins, outs


def _slice_channel(node, ins, outs):
    n = _attr(node, 'num_outputs', 'int', 1)
    squeeze = _attr(node, 'squeeze_axis', 'boolean', False)
    d = ins[0]
    rank = len(d) if d is not None else next((len(s) + (1 if squeeze else 0) for s in outs if s is not None), None)
    if rank is None:
        return ins, outs
    axis = _attr(node, 'axis', 'int', 1) % rank
    whole = d
    try:
        for s in outs:
            if s is not None:
                full = (tuple(s[:axis]) + (n if squeeze else (s[axis] * n if s[axis] >= 0 else -1),) +
                        tuple(s[axis:] if squeeze else s[axis + 1:]))
                whole = unify(whole, full)
    except ValueError:
        raise _conflict(node, whole, outs) from None
    if whole is None:
        return ins, outs
    ins[0] = whole
    part = whole[axis] // n if whole[axis] >= 0 else -1
    piece = tuple(whole[:axis]) + (() if squeeze else (part,)) + tuple(whole[axis + 1:])
    outs = [piece] * len(outs)
    return ins, outs


def _rnn(node, ins, outs):
    from ..ndarray.ops.rnn import GATES
    d = ins[0]
    if d is None or len(d) != 3:
        return ins, outs
    mode = str(_attr(node, 'mode', None, 'lstm')).strip("'\"")
    layers = _attr(node, 'num_layers', 'int', 1)
    hidden = _attr(node, 'state_size', 'int')
    dirs = 2 if _attr(node, 'bidirectional', 'boolean', False) else 1
    projection = _attr(node, 'projection_size', 'int or None', None)
    if hidden is None or mode not in GATES:
        return ins, outs
    width = d[2]
    if width >= 0:
        gates, r = GATES[mode], projection or hidden
        size = 0
        for layer in range(layers):
            inp = width if layer == 0 else dirs * r
            size += dirs * (gates * hidden * (inp + r) + 2 * gates * hidden + (projection * hidden if projection else 0))
        i = _index_of(node, 'parameters')
        if i is not None:
            ins[i] = (size,)
    state = (layers * dirs, d[1], projection or hidden)
    for name, shape in (('state', state), ('state_cell', (layers * dirs, d[1], hidden))):
        i = _index_of(node, name)
        if i is not None:
            ins[i] = shape
    outs[0] = (d[0], d[1], dirs * (projection or hidden))
    if len(outs) > 1:
        outs[1] = state
    if len(outs) > 2:
        outs[2] = (layers * dirs, d[1], hidden)
    return ins, outs


def _rnn_layer(node, ins, outs):
    # gluon.rnn's own kernel: the first layer's i2h weights (one per direction) take the inputs' width;
    # every other shape follows from the parameters, which the meta-tensor run then checks
    d = ins[0]
    if d is None or len(d) != 3 or d[2] <= 0:
        return ins, outs
    per = 5 if _attr(node, 'projection_size', None, None) not in (None, 'None') else 4
    dirs = 2 if _attr(node, 'bidirectional', 'boolean', False) else 1
    for direction in range(dirs):
        i = _index_of(node, 'arg%d' % (direction * per))
        if i is not None and ins[i] is not None and len(ins[i]) == 2:
            ins[i] = (ins[i][0], d[2])
    return ins, outs


def _custom(node, ins, outs):
    from ..ndarray.ops import custom
    op_type = node.attrs.get('op_type')
    kwargs = {k: v for k, v in node.attrs.items() if k != 'op_type' and not k.startswith('__')}
    prop = custom.custom_prop(op_type, kwargs)
    arguments, _, aux = custom.io_names(op_type, prop)
    if not all(known(s) for s in ins[:len(arguments)]):
        return ins, outs
    arg_shapes, out_shapes, aux_shapes = custom.infer_shapes(op_type, prop, ins[:len(arguments)])
    given = list(arg_shapes) + list(aux_shapes)
    return given[:len(ins)] + ins[len(given):], list(out_shapes)[:len(outs)]


def _where(node, ins, outs):
    # MXNet decides nothing about where's output before its condition's shape is known
    if not known(ins[0]):
        return ins, outs
    return _same_shape_rule('x', 'y')(node, ins, outs)


_ELEMENTWISE = (
    'elemwise_add', 'elemwise_sub', 'elemwise_mul', 'elemwise_div', '_grad_add', '_power', '_mod', '_maximum',
    '_minimum', '_hypot', '_equal', '_not_equal', '_greater', '_greater_equal', '_lesser', '_lesser_equal',
    '_logical_and', '_logical_or', '_logical_xor', '_identity_with_attr_like_rhs',
    '_plus_scalar', '_minus_scalar', '_rminus_scalar', '_mul_scalar', '_div_scalar', '_rdiv_scalar',
    '_mod_scalar', '_rmod_scalar', '_power_scalar', '_rpower_scalar', '_maximum_scalar', '_minimum_scalar',
    '_hypot_scalar', '_equal_scalar', '_not_equal_scalar', '_greater_scalar', '_greater_equal_scalar',
    '_lesser_scalar', '_lesser_equal_scalar', '_logical_and_scalar', '_logical_or_scalar', '_logical_xor_scalar',
    'abs', 'arccos', 'arccosh', 'arcsin', 'arcsinh', 'arctan', 'arctanh', 'cbrt', 'ceil', 'cos', 'cosh',
    'degrees', 'erf', 'erfinv', 'exp', 'expm1', 'fix', 'floor', 'gamma', 'gammaln', 'log', 'log10', 'log1p',
    'log2', 'logical_not', 'negative', 'radians', 'rcbrt', 'reciprocal', 'relu', 'rint', 'round', 'rsqrt',
    'sigmoid', 'sign', 'sin', 'sinh', 'sqrt', 'square', 'tan', 'tanh', 'trunc', 'softsign', 'hard_sigmoid',
    'zeros_like', 'ones_like', '_copy', 'BlockGrad', 'make_loss', 'MakeLoss', 'Activation', 'Dropout', 'clip',
    'Cast', 'amp_cast', 'SoftmaxActivation', 'IdentityAttachKLSparseReg',
)

_RULES = {name: _same_shape_rule() for name in _ELEMENTWISE}
_RULES.update({
    'softmax': _same_shape_rule('data'), 'log_softmax': _same_shape_rule('data'),
    'softmin': _same_shape_rule('data'),
    'FullyConnected': _fully_connected, 'Convolution': _convolution, 'Deconvolution': _deconvolution,
    'Pooling': _pooling,
    '_contrib_DeformableConvolution': _deformable_convolution(1),
    '_contrib_ModulatedDeformableConvolution': _deformable_convolution(2),
    'BatchNorm': _batch_norm, '_contrib_SyncBatchNorm': _batch_norm, '_contrib_BatchNormWithReLU': _batch_norm,
    'LayerNorm': _layer_norm, 'InstanceNorm': _norm_params(1, 'gamma', 'beta'),
    'GroupNorm': _norm_params(1, 'gamma', 'beta', size='num_groups'),
    'Embedding': _embedding, '_contrib_SparseEmbedding': _embedding,
    '_contrib_quantized_embedding': _quantized_embedding, 'LeakyReLU': _leaky_relu,
    'SoftmaxOutput': _softmax_output, 'LinearRegressionOutput': _regression_output,
    'LogisticRegressionOutput': _regression_output, 'MAERegressionOutput': _regression_output,
    'SVMOutput': _softmax_output,
    'Concat': _concat, 'SliceChannel': _slice_channel, 'RNN': _rnn, '_rnn_layer': _rnn_layer, 'Custom': _custom, 'where': _where,
})
# operators whose rule decides and checks all shapes once the inputs' shapes are known
_RULE_DECIDES = {'BatchNorm', '_contrib_SyncBatchNorm', '_contrib_BatchNormWithReLU', 'InstanceNorm', 'LayerNorm',
                 'Convolution', 'Pooling', 'FullyConnected', 'Concat', 'SoftmaxOutput', 'LeakyReLU',
                 'Activation', 'Dropout', 'elemwise_add', 'elemwise_sub', 'elemwise_mul', 'elemwise_div', 'relu',
                 'sigmoid', 'tanh', '_plus_scalar', '_minus_scalar', '_mul_scalar', '_div_scalar'}
_RULE_DECIDES.update(n for n in _ELEMENTWISE if n not in ('Cast', 'amp_cast'))
# quantized_embedding's kernel refuses the float32 weight that shape inference would run it with
_RULE_DECIDES.add('_contrib_quantized_embedding')
# operators whose output MXNet leaves unknown until the input at this position has a known shape
_WAIT_FOR = {'where': 0}
# inputs of an integer type when nothing else decides their type (MXNet's type rules)
_INPUT_TYPES = {('batch_take', 'indices'): torch.int32}


def _shape_param(node, ins, outs):
    """Creation operators: the output has the shape parameter's shape, where 0 is an unknown dimension
    outside NumPy-shape mode (begin states of RNN cells, zeros((0, 0)))."""
    outs[0] = _attr_shape(node.attrs.get('shape', '()'))
    return ins, outs


_SHAPE_PARAM_OPS = ('_zeros', '_ones', '_full', '_empty', '_zeros_without_dtype')
_RULES.update((name, _shape_param) for name in _SHAPE_PARAM_OPS)


# samplers with scalar parameters: outside NumPy-shape mode their shape () is no shape at all, which MXNet
# infers from the nodes that use the sample (mx.sym.random.randn(...) + x)
_SCALAR_SAMPLER_OPS = frozenset(('_random_uniform', '_random_normal', '_random_gamma', '_random_exponential',
                                 '_random_poisson', '_random_negative_binomial',
                                 '_random_generalized_negative_binomial', '_random_randint'))


def shape_to_decide(node):
    """Whether `node` makes an array (zeros, ones, a sample, ...) whose shape parameter has unknown
    dimensions, which inference decides (and an executor must run it with)."""
    if node.op is None:
        return False
    name = node.op.name
    if name in _SHAPE_PARAM_OPS:
        return not known(_attr_shape(node.attrs.get('shape', '()')))
    if name in _SCALAR_SAMPLER_OPS:
        return not _attr_shape(node.attrs.get('shape', '()')) and not _state.np_shape.active
    return False


# ---- the public functions -------------------------------------------------------------------------------
def _known_inputs(symbol, args, kwargs, what, convert):
    """{variable name: value} of what the caller gives, positionally in the order of the arguments or by
    input name (arguments and auxiliary states), checked as MXNet checks it."""
    if args and kwargs:
        raise ValueError('Can only specify known argument {} either by positional or kwargs way.'.format(what))
    if args:
        names = symbol.list_arguments()
        if len(args) > len(names):
            raise MXNetError('{} {} given for the {} arguments {}'.format(len(args), what, len(names), names))
        return {n: convert(v, i) for i, (n, v) in enumerate(zip(names, args)) if v is not None}
    inputs = symbol.list_inputs()
    for key in kwargs:
        if key not in inputs:
            listing = ''.join('\n\t[%d]%s' % (i, n) for i, n in enumerate(inputs))
            source = 'InferShape' if what == 'shapes' else 'InferType'
            raise MXNetError('{}Keyword argument name {} not found.\nCandidate arguments:{}'.format(
                source, key, listing))
    return {k: convert(v, k) for k, v in kwargs.items()}


def _input_shape(shape, where):
    if not isinstance(shape, tuple):
        if isinstance(where, int):
            raise TypeError('Arguments need to be shapes (tuple), but argument %d is %s.' % (where, type(shape)))
        raise TypeError("Arguments need to be shapes (tuple), but '%s' is %s." % (where, type(shape)))
    np_mode = _np_mode()
    if not np_mode and len(shape) == 0:
        return None
    return tuple(-1 if (int(d) == 0 and not np_mode) or int(d) < 0 else int(d) for d in shape)


def _output_shape(shape):
    np_mode = _np_mode()
    if shape is None:
        return None if np_mode else ()
    return tuple((-1 if np_mode else 0) if d < 0 else d for d in shape)


def _report(what, args, kwargs):
    # MXNet prints what it was given before the error propagates
    print('{} error. Arguments:'.format(what))
    for i, arg in enumerate(args):
        print('  #%d: %s' % (i, arg))
    for key, value in kwargs.items():
        print('  %s: %s' % (key, value))


def _undecided(names, values, unknown):
    listed = []
    for name, value in zip(names, values):
        if unknown(value):
            if len(listed) >= 10:
                listed.append('...')
                break
            listed.append('%s: %s' % (name, value))
    return '\n\t'.join(listed)


def infer_shape(symbol, args, kwargs, partial, quiet=False):
    """Symbol.infer_shape / infer_shape_partial: (argument, output, auxiliary state) shapes."""
    try:
        given = _known_inputs(symbol, args, kwargs, 'shapes', _input_shape)
        engine = ShapeInference(symbol._entries, given).run()
    except MXNetError:
        if not quiet:
            _report('infer_shape', args, kwargs)
        raise
    arg_nodes, aux_nodes = symbol._variables()
    found = ([engine.get(n, 0) for n in arg_nodes], [engine.get(n, k) for n, k in symbol._entries],
             [engine.get(n, 0) for n in aux_nodes])
    shown = tuple([_output_shape(s) for s in part] for part in found)
    if partial or all(known(s) for part in found for s in part):
        return shown
    if not quiet:
        np_mode = _np_mode()
        listing = _undecided([n.name for n in arg_nodes], shown[0],
                             lambda s: not s or (-1 in s if np_mode else 0 in s))
        warnings.warn('Cannot decide shape for the following arguments (0s in shape means unknown dimensions). '
                      'Consider providing them as input:\n\t' + listing, stacklevel=3)
    return None, None, None


# ---- types ----------------------------------------------------------------------------------------------
# operators whose output type is a parameter of theirs (default when it is not given)
_TYPE_PARAM = {'Cast': None, 'amp_cast': None, '_zeros': 'float32', '_ones': 'float32', '_full': 'float32',
               '_arange': 'float32', '_linspace': 'float32', '_eye': 'float32', 'one_hot': 'float32',
               '_zeros_without_dtype': None}
# inputs that need not share the operator's type (indices, lengths)
_OWN_TYPE_INPUTS = {'indices', 'index', 'sequence_length', 'data_lengths', 'label_lengths', 'length',
                    'condition', 'label'}
_INDEX_DATA_OPS = {'Embedding', 'one_hot', 'take', 'pick', 'gather_nd', 'batch_take'}


# operators whose types a rule of their own decides: name -> rule(node, input types, output types) giving
# the (input types, output types) it decides, None where it cannot (control flow: its subgraphs' inference)
_TYPE_RULES = {}


def _quantized_embedding_types(node, ins, outs):
    """int8 weight and rows, float32 ranges in and out (the data keeps its own type), as MXNet's rule."""
    ins = [ins[0]] + [torch.int8] + [torch.float32] * (len(ins) - 2)
    return ins, [torch.int8] + [torch.float32] * (len(outs) - 1)


_TYPE_RULES['_contrib_quantized_embedding'] = _quantized_embedding_types


class TypeInference:
    """The types of every output of every node reachable from `entries`, given some variables' types."""

    def __init__(self, entries, given):
        self.nodes = _graph.topological(entries)
        try:
            self.shapes = ShapeInference(entries, {}).run()
        except MXNetError:
            self.shapes = None
        self.types = {}
        for node in self.nodes:
            if node.op is None:
                t = given.get(node.name)
                if t is None and '__dtype__' in node.attrs:
                    try:
                        t = FLAG_TO_TORCH[int(node.attrs['__dtype__'])]
                    except (KeyError, ValueError):
                        t = None
                if t is not None:
                    self.types[(id(node), 0)] = t

    def set(self, node, k, dtype, blame):
        key = (id(node), k)
        old = self.types.get(key)
        if dtype is None or old is dtype:
            return False
        if old is not None:
            raise MXNetError('Error in operator {}: Type inconsistent, Provided = {}, inferred type = {}'.format(
                blame.name, TORCH_TO_NP[old].__name__, TORCH_TO_NP[dtype].__name__))
        self.types[key] = dtype
        return True

    def run(self):
        for _ in range(_SWEEPS):
            changed = False
            for node in self.nodes:
                changed |= self._infer(node)
            for node in reversed(self.nodes):
                changed |= self._infer(node)
            if not changed:
                break
        return self

    def _infer(self, node):
        if node.op is None:
            return False
        get = self.types.get
        ins = [get((id(src), k)) for src, k in node.inputs]
        changed = False
        name = node.op.name
        rule = _TYPE_RULES.get(name)
        if rule is not None:
            ins, outs = rule(node, ins, [get((id(node), k)) for k in range(node.num_outputs)])
            for (src, k), t in zip(node.inputs, ins):
                changed |= self.set(src, k, t, node)
            for k, t in enumerate(outs):
                changed |= self.set(node, k, t, node)
            return changed
        shared = [i for i, n in enumerate(node.input_names)
                  if not (n in _OWN_TYPE_INPUTS or (n == 'data' and name in _INDEX_DATA_OPS))]
        if name in ('Cast', 'amp_cast'):
            shared = []
        for (src, k), input_name in zip(node.inputs, node.input_names):
            wanted = _INPUT_TYPES.get((name, input_name))
            if wanted is not None:
                changed |= self.set(src, k, wanted, node)
        ins = [get((id(src), k)) for src, k in node.inputs]
        if name == 'Embedding':
            weight_type = _param_dtype(node, 'float32')
            i = _index_of(node, 'weight')
            if i is not None:
                changed |= self.set(node.inputs[i][0], node.inputs[i][1], weight_type, node)
        # the output type: from running the operator where shapes and types are known, else by rule
        out_types = None
        if self.shapes is not None and all(t is not None for t in ins) and name not in _RULE_DECIDES:
            shapes = [self.shapes.get(src, k) for src, k in node.inputs]
            if all(known(s) for s in shapes):
                try:
                    outputs = run_operator(node, shapes, ins)
                except MXNetError:
                    outputs = None
                if outputs:
                    out_types = [t.dtype for t in outputs[:node.num_outputs]]
        if out_types is None:
            if name in _TYPE_PARAM:
                t = _param_dtype(node, _TYPE_PARAM[name])
                out_types = [t] * node.num_outputs if t is not None else None
            elif name == 'Embedding':
                out_types = [_param_dtype(node, 'float32')]
            elif name in ('argmax', 'argmin', 'argmax_channel'):
                out_types = [torch.float32]
        if out_types is None:
            common = next((ins[i] for i in shared if ins[i] is not None), None)
            if common is None:
                common = next((get((id(node), k)) for k in range(node.num_outputs)
                               if get((id(node), k)) is not None), None)
            if common is not None:
                out_types = [common] * node.num_outputs
                for i in shared:
                    src, k = node.inputs[i]
                    changed |= self.set(src, k, common, node)
        else:
            common = next((ins[i] for i in shared if ins[i] is not None), None)
            if common is None and name not in _TYPE_PARAM and out_types:
                common = out_types[0]
            if common is not None:
                for i in shared:
                    src, k = node.inputs[i]
                    changed |= self.set(src, k, common, node)
        for i, n in enumerate(node.input_names):
            if n == 'label' and ins[i] is None and out_types:
                src, k = node.inputs[i]
                changed |= self.set(src, k, out_types[0], node)
        if out_types:
            for k, t in enumerate(out_types):
                if get((id(node), k)) is None:
                    changed |= self.set(node, k, t, node)
        return changed


def _param_dtype(node, default):
    text = node.attrs.get('dtype')
    if text is None or text == 'None':
        return dtype_torch(default) if default is not None else None
    try:
        return dtype_torch(text.strip("'\""))
    except Exception:
        return dtype_torch(default) if default is not None else None


_SKIP = object()


def _input_type(value, where):
    """The torch dtype of a given type; for one given by name that MXNet has no number for, nothing (MXNet
    ignores it), for one given by position a TypeError."""
    try:
        kind = np.dtype(value).type
        return FLAG_TO_TORCH[TORCH_TO_FLAG[dtype_torch(kind)]]
    except (TypeError, KeyError, MXNetError):
        if isinstance(where, int):
            raise TypeError('Argument need to be one of the types of {}, got {!r}'.format(
                sorted(np.dtype(t).name for t in TORCH_TO_NP.values()), value)) from None
        return _SKIP


def infer_type(symbol, args, kwargs, partial, quiet=False):
    """Symbol.infer_type / infer_type_partial: (argument, output, auxiliary state) types (numpy)."""
    try:
        given = {k: v for k, v in _known_inputs(symbol, args, kwargs, 'types', _input_type).items()
                 if v is not _SKIP}
        engine = TypeInference(symbol._entries, given).run()
    except MXNetError:
        if not quiet:
            _report('infer_type', args, kwargs)
        raise
    arg_nodes, aux_nodes = symbol._variables()
    get = engine.types.get

    def shown(t):
        return None if t is None else np.dtype(TORCH_TO_NP[t]).type
    found = ([shown(get((id(n), 0))) for n in arg_nodes], [shown(get((id(n), k))) for n, k in symbol._entries],
             [shown(get((id(n), 0))) for n in aux_nodes])
    if partial or all(t is not None for part in found for t in part):
        return found
    if not quiet:
        listing = _undecided([n.name for n in arg_nodes], found[0], lambda t: not t)
        warnings.warn('Cannot decide type for the following arguments. Consider providing them as input:\n\t'
                      + listing, stacklevel=3)
    return None, None, None
