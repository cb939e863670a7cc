"""``autograd.get_symbol``: the Symbol of a recorded computation, read back from torch's autograd graph.

Recording costs nothing extra: torch keeps the graph anyway (one node per torch operation, its inputs as
edges, some of its arguments saved for the gradient). This module walks it from a result back to the
leaves and makes a Symbol node for each operation, named by the MXNet operator it comes from. A call of
a hybridized block leaves a mark on its outputs' graph nodes (gluon/_hybrid.py: the cached graph and the
call's input tensors), so it appears as one ``_CachedOp`` node, or as the block's own graph when that is
small (the block's ``inline_limit``)."""
import torch

from . import name as _name
from . import symbol as _sym
from .symbol import _graph, _opdefs
from .symbol.symbol import make_node

__all__ = ['symbol_of', 'MARK']

MARK = 'mxtorch_cached_graph'      # key of the mark in torch graph nodes' metadata

# torch's layout steps: the node stands for its only input
_LAYOUT = frozenset(('ViewBackward0', 'UnsafeViewBackward0', 'ReshapeAliasBackward0', 'CloneBackward0',
                     'TBackward0', 'PermuteBackward0', 'TransposeBackward0', 'TransposeBackward1',
                     'ExpandBackward0', 'SqueezeBackward0', 'SqueezeBackward1', 'UnsqueezeBackward0',
                     'AliasBackward0', 'ToCopyBackward0', 'ContiguousBackward0', 'DetachBackward0'))

# one input: torch node -> MXNet operator
_UNARY = {'NegBackward0': 'negative', 'ReluBackward0': 'relu', '_ReLUBackward': 'relu',
          'SigmoidBackward0': 'sigmoid', 'TanhBackward0': 'tanh', 'ExpBackward0': 'exp', 'LogBackward0': 'log',
          'SqrtBackward0': 'sqrt', 'RsqrtBackward0': 'rsqrt', 'AbsBackward0': 'abs', 'SinBackward0': 'sin',
          'CosBackward0': 'cos', 'Log1PBackward0': 'log1p', 'Expm1Backward0': 'expm1',
          'ReciprocalBackward0': 'reciprocal', 'SoftmaxBackward0': 'softmax', 'LogSoftmaxBackward0': 'log_softmax',
          'SumBackward0': 'sum', 'MeanBackward0': 'mean', 'SignBackward0': 'sign', 'ErfBackward0': 'erf'}

# two inputs, or one and a number: torch node -> (operator of two arrays, with a number after the array,
# with a number before it)
_BINARY = {'AddBackward0': ('broadcast_add', '_plus_scalar', '_plus_scalar'),
           'SubBackward0': ('broadcast_sub', '_minus_scalar', '_rminus_scalar'),
           'MulBackward0': ('broadcast_mul', '_mul_scalar', '_mul_scalar'),
           'DivBackward0': ('broadcast_div', '_div_scalar', '_rdiv_scalar'),
           'PowBackward1': ('broadcast_power', '_power_scalar', '_rpower_scalar'),
           'MaximumBackward0': ('broadcast_maximum', '_maximum_scalar', '_maximum_scalar'),
           'MinimumBackward0': ('broadcast_minimum', '_minimum_scalar', '_minimum_scalar'),
           'MmBackward0': ('dot', None, None), 'BmmBackward0': ('batch_dot', None, None)}


def _number(value):
    """`value` as a Python number when it is one or a one-element tensor, else None."""
    if isinstance(value, torch.Tensor):
        return value.item() if value.numel() == 1 else None
    return value if isinstance(value, (int, float)) else None


class _Reader:
    """One walk: Symbols for the tensors and graph nodes met so far."""

    def __init__(self):
        self.count = 0          # variables and operator nodes named so far
        self.nodes = 0
        self.tensors = {}       # id(tensor) -> Symbol (variables)
        self.seen = {}          # torch graph node -> list of Symbols, one per output
        self.calls = {}         # id of a hybridized call's record -> its output Symbols
        self.keep = []          # tensors whose ids are in self.tensors stay alive for the walk

    def node_name(self):
        name = 'node_%d' % self.nodes
        self.nodes += 1
        return name

    def variable(self, t):
        found = self.tensors.get(id(t))
        if found is None:
            kind = 'var' if getattr(t, '_mx_ag', None) is not None else 'null'
            found = self.tensors[id(t)] = _sym.var('%s%d' % (kind, self.count))
            self.count += 1
            self.keep.append(t)
        return found

    def constant(self):
        s = _sym.var('null%d' % self.count)
        self.count += 1
        return s

    def of_tensor(self, t):
        if t.grad_fn is None:
            return self.variable(t)
        return self.of_node(t.grad_fn, t.output_nr)

    def of_node(self, fn, k=0):
        mark = fn.metadata.get(MARK) if fn.metadata else None
        if mark is not None:
            cached, tensors, outputs = mark
            return self.cached_call(cached, tensors)[outputs.get(k, 0)]
        outputs = self.seen.get(fn)
        if outputs is None:
            outputs = self.seen[fn] = self.build(fn)
        return outputs[min(k, len(outputs) - 1)]

    def build(self, fn):
        """The Symbols of the outputs of torch graph node `fn`."""
        kind = type(fn).__name__
        if kind == 'AccumulateGrad':
            return [self.variable(fn.variable)]
        inputs = [None if child is None else self.of_node(child, nr)
                  for child, nr in fn.next_functions]
        if kind in _LAYOUT and inputs and inputs[0] is not None:
            return [inputs[0]]
        if kind in _UNARY and inputs and inputs[0] is not None:
            return [self.operator(_UNARY[kind], [inputs[0]], {})]
        if kind == 'SumBackward1' and inputs[0] is not None:
            return [self.operator('sum', [inputs[0]], {'axis': tuple(fn._saved_dim),
                                                       'keepdims': bool(fn._saved_keepdim)})]
        if kind == 'PowBackward0' and inputs[0] is not None:
            return [self.operator('_power_scalar', [inputs[0]], self.scalar(fn._saved_exponent))]
        if kind == 'PowBackward2' and inputs and inputs[-1] is not None:
            return [self.operator('_rpower_scalar', [inputs[-1]], {})]
        if kind == 'RsubBackward1' and inputs[0] is not None:
            return [self.operator('_rminus_scalar', [inputs[0]], {})]
        forms = _BINARY.get(kind)
        if forms is not None and len(inputs) == 2:
            arrays, after, before = forms
            if inputs[0] is not None and inputs[1] is not None:
                return [self.operator(arrays, inputs, {})]
            if after is not None and (inputs[0] is not None or inputs[1] is not None):
                if inputs[1] is None:
                    saved = getattr(fn, '_saved_other', None) if kind == 'MulBackward0' else None
                    return [self.operator(after, [inputs[0]], self.scalar(saved))]
                saved = getattr(fn, '_saved_self', None) if kind == 'MulBackward0' else None
                return [self.operator(before, [inputs[1]], self.scalar(saved))]
        # an operation MXNet has no name for here: an opaque node over the inputs that are in the graph
        present = [s for s in inputs if s is not None] or [self.constant()]
        return [self.opaque(present, {'__torch_node__': kind})]

    @staticmethod
    def scalar(value):
        number = _number(value)
        return {} if number is None else {'scalar': float(number)}

    def operator(self, op_name, inputs, params):
        op = _opdefs.opdef(op_name)
        with _name.NameManager():
            return make_node(op, op_name, inputs, {}, params, self.node_name(), None)[0]

    def opaque(self, inputs, attrs, num_outputs=1):
        with _name.NameManager():
            made = make_node(_opdefs.opdef('_CachedOp'), '_CachedOp', inputs, {}, {}, self.node_name(), attrs)
        node = made._entries[0][0]
        node.num_outputs = max(node.num_outputs, num_outputs)
        return [_sym.Symbol([(node, k)]) for k in range(num_outputs)]

    def cached_call(self, cached, tensors):
        """The output Symbols of a hybridized block's call (its graph and the tensors it ran on)."""
        key = id(tensors)
        found = self.calls.get(key)
        if found is not None:
            return found
        inputs = [self.of_tensor(t) for t in tensors]
        if cached.num_ops > cached.inline_limit:
            found = self.opaque(inputs, {}, cached.num_outputs)
        else:
            found = self.inline(cached, inputs)
        self.calls[key] = found
        self.keep.append(tensors)
        return found

    def inline(self, cached, inputs):
        """The block's own graph composed onto `inputs`, its operator nodes renamed node_<n>."""
        names = [n.name for n in cached.variables]
        composed = cached.symbol(**dict(zip(names, inputs)))
        outside = {id(n) for s in inputs for n in _graph.topological(s._entries)}
        for node in _graph.topological(composed._entries):
            if node.op is not None and id(node) not in outside:
                node.name = self.node_name()
        return list(composed)


def symbol_of(t):
    """The Symbol of tensor `t`'s recorded graph (a variable when it was not recorded)."""
    return _Reader().of_tensor(t)
