"""Executor: a Symbol bound to arrays and run by torch.

Binding turns the graph into a list of steps, one per operator node: the operator table's implementation,
where each input comes from, the node's parameters as Python values, and whether the result is one tensor
or a sequence (learnt by one run on meta tensors). The steps become a ``torch.fx`` program whose nodes
call the implementations directly, so a forward pass is one call of generated code. Training runs it
with autograd recording from leaves made of the arguments that want gradients; ``backward`` asks
autograd for their gradients. A monitor callback switches to running the same steps one by one, since it
must see every node's outputs and input gradients."""
import math
import operator
import os

import numpy as np
import torch
import torch.fx as fx

from .. import _state
from ..base import MXNetError, dtype_torch
from ..context import Context
from ..ndarray.ndarray import NDArray, _wrap, on_context
from ..ndarray import sparse as _nd_sparse
from . import _cse, _gradients, _graph, _memory, control_flow
from . import sparse as _stypes
from .infer import ShapeInference, known, shape_to_decide

__all__ = ['Executor', 'simple_bind', 'lower']

_REQ_NAMES = {'null': 0, 'write': 1, 'add': 3}

# operators whose gradient does not read the head gradient: an output of theirs needs none in backward
_HEAD_FREE = frozenset(('SoftmaxOutput', 'LinearRegressionOutput', 'LogisticRegressionOutput',
                        'MAERegressionOutput', 'SVMOutput', 'MakeLoss', 'make_loss', 'BlockGrad'))

_BLOCKING = frozenset(('BlockGrad', 'stop_gradient'))

_NO_HEAD_GRADIENT = ('Because the last operator is not Loss function, head_gradient is required when calling '
                     'backward. If you are attempting to minimize the output as an objective, please modify your '
                     'network and pass it through the make_loss symbol.')

_TENSOR, _FIRST, _MANY = 0, 1, 2
_RUNTIME = object()     # a creation node's shape that the program decides at each call     # what a step's implementation returns, as far as the node is concerned


# ---- steps and lowering ---------------------------------------------------------------------------------
class _Step:
    """One operator node made callable: ``fn(*args, **kwargs)`` where each argument is ('in', k) for the
    node's k-th input or ('value', v)."""
    __slots__ = ('node', 'fn', 'args', 'kwargs', 'returns', 'device')

    def __init__(self, node, fn, args, kwargs):
        self.node, self.fn, self.args, self.kwargs = node, fn, args, kwargs
        self.returns = _FIRST if node.num_outputs == 1 else _MANY
        self.device = None

    def call(self, values):
        args = [values[v] if kind == 'in' else v for kind, v in self.args]
        kwargs = {k: values[v] if kind == 'in' else v for k, (kind, v) in self.kwargs.items()}
        return self.fn(*args, **kwargs)

    def outputs(self, result):
        if self.returns == _TENSOR:
            return (result,)
        if self.returns == _FIRST:
            return (result if isinstance(result, torch.Tensor) else result[0],)
        return tuple(result)


def _literal(value):
    """Whether fx can write `value` into generated code as it is."""
    kind = type(value)
    if value is None or kind in (bool, int, float, str) or isinstance(value, torch.dtype):
        return True
    return kind in (tuple, list) and all(_literal(v) for v in value)


def _step(node, shape=None):
    # `shape`: a creation node's shape, decided by inference (a tuple), or _RUNTIME when the program
    # decides it at each call from its input shapes
    if node.subgraphs is not None:      # _foreach/_while_loop/_cond: a loop over the subgraphs' programs
        return _Step(node, control_flow.runner(node, lower), tuple(('in', i) for i in range(len(node.inputs))), {})
    if node.op.impl is None:
        raise MXNetError('bind: operator {} (node {!r}) is not provided by mxtorch yet'.format(
            node.op.name, node.name))
    kwargs = node.op.call_kwargs(node.attrs)
    if shape is _RUNTIME:
        # a creation node's unknown dimensions, decided per call (the program's 'shape' value of the node)
        # (these operators have no inputs: the implementation is called with its parameters by keyword)
        spec = {k: ('value', v) for k, v in kwargs.items() if k != 'shape'}
        spec['shape'] = ('shape', id(node))
        return _Step(node, node.op.impl, (), spec)
    if shape is not None:
        kwargs['shape'] = shape      # a creation node's unknown dimensions, as inference decided them
    names = node.input_names
    signature = node.op._signature
    simple = signature is not None and all(p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)
                                           for p in signature.parameters.values())
    if simple and all(_literal(v) for v in kwargs.values()) and not any(n.startswith('*') for n in names):
        # the implementation called by keyword, its parameters written into the program
        spec = {k: ('value', v) for k, v in kwargs.items()}
        spec.update((n, ('in', i)) for i, n in enumerate(names))
        return _Step(node, node.op.impl, (), spec)
    return _Step(node, node.op.caller(names, kwargs), tuple(('in', i) for i in range(len(names))), {})


def _probe(steps, variables, example):
    """Run the steps on meta tensors (`example`, one per variable) to learn which single-output
    implementations return a bare tensor; returns {(id(node), k): meta tensor} of what could be run."""
    env = {(id(v), 0): t for v, t in zip(variables, example)}
    previous = _state.set_state(False, False)
    try:
        for step in steps:
            inputs = [env.get((id(src), k)) for src, k in step.node.inputs]
            if any(t is None for t in inputs):
                continue
            try:
                result = step.call(inputs)
            except Exception:      # an operator that cannot run on meta tensors keeps the general unwrapping
                continue
            if step.returns == _FIRST and isinstance(result, torch.Tensor):
                step.returns = _TENSOR
            try:
                outs = step.outputs(result)
            except (TypeError, IndexError):
                continue
            for k, t in enumerate(outs[:step.node.num_outputs]):
                if isinstance(t, torch.Tensor):
                    env[(id(step.node), k)] = t
    finally:
        _state.set_state(*previous)
    return env


def _mover(device):
    def to_device(t):
        return t.to(device, non_blocking=True)
    return to_device


def _first_of(fn, learning_step=None):
    if learning_step is None:
        def first(*args, **kwargs):
            result = fn(*args, **kwargs)
            return result if isinstance(result, torch.Tensor) else result[0]
        return first

    def first_learning(*args, **kwargs):
        result = fn(*args, **kwargs)
        if isinstance(result, torch.Tensor):
            learning_step.returns = _TENSOR
            return result
        return result[0]
    return first_learning


class _ShapeDecider:
    """For a program lowered without example inputs (a hybridized block's, which serves any input shape):
    the shapes of its creation nodes that have unknown dimensions (an unrolled RNN cell's begin states,
    ``zeros((0, 100))``), inferred from the input shapes of a call and kept per input-shape signature."""

    def __init__(self, entries, variables, pending):
        self.entries, self.names, self.pending = entries, [v.name for v in variables], pending
        self.known = {}

    def __call__(self, *tensors):
        key = tuple(tuple(t.shape) for t in tensors)
        found = self.known.get(key)
        if found is None:
            engine = ShapeInference(self.entries, dict(zip(self.names, key))).run()
            found = {}
            for node in self.pending:
                shape = engine.get(node, 0)
                if not known(shape):
                    raise MXNetError('{}: the unknown dimensions of its shape {} cannot be inferred from the '
                                     'input shapes {}'.format(node.name, node.attrs.get('shape'), list(key)))
                found[id(node)] = tuple(shape)
            self.known[key] = found
        return found


def _program(steps, entries, variables, learn=False):
    """A torch.fx GraphModule computing `entries` from one tensor per variable."""
    graph = fx.Graph()
    env = {(id(v), 0): graph.placeholder('in%d' % i) for i, v in enumerate(variables)}
    where = {id(v): None for v in variables}
    runtime = [step.node for step in steps if step.kwargs.get('shape', ('',))[0] == 'shape']
    if runtime:
        decider = _ShapeDecider(entries, variables, runtime)

        def decide_shapes(*tensors):
            return decider(*tensors)
        shapes = graph.call_function(decide_shapes, tuple(env[(id(v), 0)] for v in variables))
        for node in runtime:
            env[('shape', id(node))] = graph.call_function(operator.getitem, (shapes, id(node)))
    for step in steps:
        node = step.node
        inputs = []
        for src, k in node.inputs:
            value = env[(id(src), k)]
            if step.device is not None and where.get(id(src)) != step.device:
                value = graph.call_function(_mover(step.device), (value,))
            inputs.append(value)
        args = tuple(inputs[v] if kind == 'in' else v for kind, v in step.args)
        kwargs = {k: inputs[v] if kind == 'in' else env[(kind, v)] if kind == 'shape' else v
                  for k, (kind, v) in step.kwargs.items()}
        fn = step.fn
        if step.returns == _FIRST:
            fn = _first_of(fn, step if learn else None)
            fn.__name__ = _identifier(node.name)
        result = graph.call_function(fn, args, kwargs)
        where[id(node)] = step.device
        if step.returns == _MANY:
            for k in range(node.num_outputs):
                env[(id(node), k)] = graph.call_function(operator.getitem, (result, k))
        else:
            env[(id(node), 0)] = result
    graph.output(tuple(env[(id(n), k)] for n, k in entries))
    return fx.GraphModule(torch.nn.Module(), graph)


def _identifier(name):
    text = ''.join(c if c.isalnum() or c == '_' else '_' for c in name)
    return text if text and not text[0].isdigit() else 'n_' + text


def _plan(entries, variables, example=None, devices=None):
    """The steps for the operator nodes reachable from `entries`, in graph order, with what a run on
    the meta tensors `example` (one per variable) taught them; and that run's tensors."""
    bound = {id(v) for v in variables}
    decided = _decided_shapes(entries, variables, example)
    if example is None:
        decided = {id(n): _RUNTIME for n in _graph.topological(entries) if shape_to_decide(n)}
    steps = []
    for node in _graph.topological(entries):
        if node.op is None:
            if id(node) not in bound:
                raise MXNetError('bind: variable {!r} has no array'.format(node.name))
            continue
        step = _step(node, decided.get(id(node)))
        if devices:
            step.device = devices.get(id(node))
        steps.append(step)
    meta = _probe(steps, variables, example) if example is not None else {}
    return steps, meta


def _decided_shapes(entries, variables, example):
    """{id(node): shape} for the creation nodes whose shape parameter has unknown dimensions (RNN cells'
    begin states, zeros((0, 0))): the shapes inference decides from the bound arrays."""
    pending = [n for n in _graph.topological(entries) if shape_to_decide(n)]
    if not pending or example is None:
        return {}
    engine = ShapeInference(entries, {v.name: tuple(t.shape) for v, t in zip(variables, example)}).run()
    return {id(n): tuple(engine.get(n, 0)) for n in pending if known(engine.get(n, 0))}


def lower(entries, variables, example=None, learn=False):
    """A torch.fx GraphModule computing the outputs `entries` [(node, index), ...] from one tensor per
    node of `variables`, in that order; `example` (meta tensors for the variables) lets single-output
    operators skip the unwrapping of a sequence. With `learn`, the program's runs note which of them
    return a bare tensor, and ``relower`` makes the program again calling those directly."""
    steps, _ = _plan(entries, variables, example)
    program = _program(steps, entries, variables, learn)
    program.mxtorch_steps = steps
    return program


def relower(program, entries, variables):
    """`program` (made by ``lower``) made again with what its runs have learnt."""
    return _program(program.mxtorch_steps, entries, variables)


# ---- the executor ---------------------------------------------------------------------------------------
class Executor:
    """A Symbol bound to argument, gradient and auxiliary-state arrays on a context (made by
    ``Symbol.bind`` and ``Symbol.simple_bind``).

    ``forward`` computes ``outputs``; after a forward, ``backward`` writes (grad_req 'write') or adds
    ('add') the gradients of the outputs into ``grad_arrays``. The arrays are the executor's own for the
    whole of its life: write new inputs into them (or pass them to ``forward`` by name)."""

    def __init__(self, symbol, ctx, args, args_grad=None, grad_req='write', aux_states=None, group2ctx=None,
                 shared_exec=None):
        from .symbol import Symbol
        if not isinstance(symbol, Symbol):
            raise TypeError('bind needs a Symbol, got {}'.format(type(symbol).__name__))
        if not isinstance(ctx, Context):
            raise TypeError('Context type error')
        arg_nodes, aux_nodes = symbol._variables()
        arg_names = [n.name for n in arg_nodes]
        aux_names = [n.name for n in aux_nodes]
        arg_arrays = _arrays('args', args, arg_names, allow_missing=False)
        grad_arrays = [None] * len(arg_names) if args_grad is None else \
            _arrays('args_grad', args_grad, arg_names, allow_missing=True)
        aux_arrays = _arrays('aux_states', [] if aux_states is None else aux_states, aux_names,
                             allow_missing=False)
        reqs = _grad_reqs(grad_req, arg_names)
        self._setup(symbol, ctx, group2ctx, arg_nodes, aux_nodes, arg_arrays, grad_arrays, aux_arrays, reqs,
                    owned=(), grad_req=grad_req)

    @classmethod
    def _made(cls, symbol, ctx, group2ctx, arrays, reqs, owned, grad_req, output_buffers=None):
        """An executor of arrays made by mxtorch (simple_bind, reshape): `owned` are the positions of the
        gradient arrays whose tensors backward may replace instead of copying into."""
        exe = cls.__new__(cls)
        arg_nodes, aux_nodes = symbol._variables()
        exe._setup(symbol, ctx, group2ctx, arg_nodes, aux_nodes, *arrays, reqs, owned, grad_req, output_buffers)
        return exe

    def _setup(self, symbol, ctx, group2ctx, arg_nodes, aux_nodes, arg_arrays, grad_arrays, aux_arrays, reqs,
               owned, grad_req, output_buffers=None):
        self._symbol = symbol
        self._cse = _cse.enabled(os.environ)      # read at binding, as MXNet reads it
        self._ctx = ctx
        self._group2ctx = group2ctx
        self._grad_req = grad_req
        self._arg_names = [n.name for n in arg_nodes]
        self._aux_names = [n.name for n in aux_nodes]
        self._output_names = symbol.list_outputs()
        self.arg_arrays = arg_arrays
        self.grad_arrays = grad_arrays
        self.aux_arrays = aux_arrays
        # an argument without a gradient array gets no gradient, whatever its grad_req
        self._reqs = [r if g is not None else 0 for r, g in zip(reqs, grad_arrays)]
        self._wanted = [i for i, r in enumerate(self._reqs) if r]
        if self._wanted:
            _gradients.check_differentiable(symbol._entries)     # MXNet builds its gradient graph here
        self._owned = frozenset(owned)
        self._arg_dict = self._grad_dict = self._aux_dict = self._output_dict = None
        self._monitor_callback = None
        self._monitor_all = False
        self._recorded = None          # what the last recording forward left for backward
        self._last_train = False
        self._leaves = {}              # argument position -> (its tensor, a leaf aliasing it)
        variables = arg_nodes + aux_nodes
        example = [torch.empty(a.shape, dtype=a._t.dtype, device='meta') for a in arg_arrays + aux_arrays]
        devices = _placement(symbol, ctx, group2ctx) if group2ctx else None
        self._steps, meta = _plan(symbol._entries, variables, example, devices)
        self._program = _program(self._steps, symbol._entries, variables).forward
        self._head_free = [_head_free(node) for node, _ in symbol._entries]
        self._output_buffers = output_buffers
        self.outputs = self._first_outputs(meta)
        # sparse arrays: outputs of the storage types MXNet's rules give (computed on dense values), and
        # the gradient arrays of sparse storage written in their own storage type
        self._sparse_grads = frozenset(i for i, g in enumerate(grad_arrays)
                                       if g is not None and g.stype != 'default')
        self._sparse_outputs(variables, arg_arrays + aux_arrays)

    def _sparse_outputs(self, variables, arrays):
        stypes = _stypes.infer_storage_types(self._symbol._entries,
                                             {id(v): a.stype for v, a in zip(variables, arrays)})
        for i, (out, stype) in enumerate(zip(self.outputs, stypes)):
            if stype != 'default' and (self._output_buffers is None or self._output_buffers[i] is None):
                made = _nd_sparse.zeros(stype, out.shape, dtype=out.dtype)
                made._ctx = out._ctx
                self.outputs[i] = made

    def _first_outputs(self, meta):
        # outputs exist from binding on, as zeros of the inferred shapes (as MXNet's do)
        entries = self._symbol._entries
        found = [meta.get((id(n), k)) for n, k in entries]
        shapes = None
        if any(t is None for t in found):
            given = {n: a.shape for n, a in zip(self._arg_names + self._aux_names, self.arg_arrays + self.aux_arrays)}
            try:
                shapes = ShapeInference(entries, given).run()
            except MXNetError:
                shapes = None
        outputs = []
        for i, ((node, k), t) in enumerate(zip(entries, found)):
            if self._output_buffers is not None and self._output_buffers[i] is not None:
                outputs.append(self._output_buffers[i][0])
                continue
            if t is not None:
                shape, dtype = tuple(t.shape), t.dtype
            else:
                shape = shapes.get(node, k) if shapes is not None else None
                shape = tuple(shape) if known(shape) else (0,)
                dtype = shapes.dtypes.get((id(node), k), torch.float32) if shapes is not None else torch.float32
            outputs.append(on_context(torch.zeros(shape, dtype=dtype), self._ctx))
        return outputs

    # ---- dictionaries -----------------------------------------------------------------------------------
    @property
    def arg_dict(self):
        """{argument name: its array}."""
        if self._arg_dict is None:
            self._arg_dict = _by_name(self._arg_names, self.arg_arrays)
        return self._arg_dict

    @property
    def grad_dict(self):
        """{argument name: its gradient array, or None where it has none}."""
        if self._grad_dict is None:
            self._grad_dict = _by_name(self._arg_names, self.grad_arrays)
        return self._grad_dict

    @property
    def aux_dict(self):
        """{auxiliary state name: its array}."""
        if self._aux_dict is None:
            self._aux_dict = _by_name(self._aux_names, self.aux_arrays)
        return self._aux_dict

    @property
    def output_dict(self):
        """{output name: its array}."""
        if self._output_dict is None:
            self._output_dict = _by_name(self._output_names, self.outputs)
        return self._output_dict

    # ---- forward ----------------------------------------------------------------------------------------
    def forward(self, is_train=False, **kwargs):
        """Compute the outputs; `is_train` runs operators in training mode (Dropout drops, BatchNorm
        uses and updates batch statistics) and keeps what `backward` needs. Arrays given by argument name
        are copied into the executor's arguments first. Returns `outputs`."""
        if kwargs:
            self._copy_inputs(kwargs)
        train = bool(is_train)
        self._last_train = train
        record = train and bool(self._wanted)
        results = self._run(record, train)
        self._store_outputs(results)
        return self.outputs

    def _copy_inputs(self, arrays):
        arg_dict = self.arg_dict
        for name, array in arrays.items():
            if not isinstance(array, (NDArray, np.ndarray)):
                raise ValueError('only accept keyword argument of NDArrays and numpy.ndarray')
            dst = arg_dict.get(name)
            if dst is None:
                raise TypeError('Unknown argument %s' % name)
            if dst.shape != tuple(array.shape):
                raise ValueError('Shape not match! Argument %s, need: %s, received: %s'
                                 % (name, str(dst.shape), str(tuple(array.shape))))
            dst[:] = array

    def _inputs(self, record):
        """The tensors the program takes, with leaves for the wanted arguments when recording."""
        tensors = [a._t for a in self.arg_arrays]
        leaves = None
        if record:
            leaves = []
            cache = self._leaves
            for i in self._wanted:
                t = tensors[i]
                if not t.is_floating_point():
                    continue
                known_pair = cache.get(i)
                if known_pair is None or known_pair[0] is not t:
                    known_pair = cache[i] = (t, t.detach().requires_grad_(True))
                tensors[i] = known_pair[1]
                leaves.append((i, known_pair[1]))
        tensors.extend(a._t for a in self.aux_arrays)
        return tensors, leaves

    def _run(self, record, train):
        tensors, leaves = self._inputs(record)
        previous = _state.set_state(record, train)
        try:
            with self._ctx:
                if self._monitor_callback is not None:
                    results, trace = self._run_steps(tensors, record)
                else:
                    results, trace = self._program(*tensors), None
        except MXNetError:
            raise
        except (RuntimeError, ValueError, TypeError, IndexError) as e:
            raise MXNetError('Executor.forward: {}'.format(e)) from None
        finally:
            _state.set_state(*previous)
        self._recorded = (leaves, results, trace) if record else None
        return results

    def _store_outputs(self, results):
        buffers = self._output_buffers
        for i, (out, t) in enumerate(zip(self.outputs, results)):
            if t.requires_grad:
                t = t.detach()
            if buffers is not None and buffers[i] is not None:
                view = buffers[i][1]
                view.copy_(t)
            else:
                out._t = t

    # ---- backward ---------------------------------------------------------------------------------------
    def backward(self, out_grads=None, is_train=True):
        """Gradients of the outputs with respect to the arguments, written into or added to the gradient
        arrays as each argument's grad_req says. `out_grads` (an NDArray, a list, or a dict by output
        name) are the gradients flowing into the outputs; outputs of loss operators (SoftmaxOutput,
        MakeLoss, ...) need none. Without a recording forward before it, the forward pass is rerun with
        recording."""
        if out_grads is None:
            given = []
        elif isinstance(out_grads, NDArray):
            given = [out_grads]
        elif isinstance(out_grads, dict):
            given = [out_grads[k] for k in self._output_names]
        else:
            given = list(out_grads)
        for g in given:
            if not isinstance(g, NDArray):
                raise TypeError('inputs must be NDArray')
        if not self._wanted:
            return
        if self._recorded is None:
            self._store_outputs(self._run(True, self._last_train))
        leaves, results, trace = self._recorded
        heads = self._heads(given, results)
        if trace is not None:
            grads = self._backward_steps(trace, heads, leaves)
        else:
            pairs = [(r, h) for r, h in zip(results, heads) if h is not None]
            grads = None
            if pairs and leaves:
                try:
                    grads = torch.autograd.grad([r for r, _ in pairs], [leaf for _, leaf in leaves],
                                                [h for _, h in pairs], retain_graph=True, allow_unused=True)
                except RuntimeError as e:
                    raise MXNetError('Executor.backward: {}'.format(e)) from None
        self._write_gradients(leaves, grads, heads)

    def _heads(self, given, results):
        heads = []
        for i, r in enumerate(results):
            if not r.requires_grad:
                heads.append(None)
                continue
            g = given[i] if i < len(given) else None
            if g is None:
                if not self._head_free[i]:
                    raise MXNetError(_NO_HEAD_GRADIENT)
                heads.append(r)        # read by no gradient: any tensor of the output's shape will do
                continue
            t = g._t
            if tuple(t.shape) != tuple(r.shape):
                raise MXNetError('Check failed: from.shape() == to.shape(): operands shape mismatch '
                                 'from.shape = {} to.shape={} (head gradient of output {})'.format(
                                     _shape_text(t.shape), _shape_text(r.shape), self._output_names[i]))
            heads.append(t if t.dtype == r.dtype and t.device == r.device else t.to(r.device, r.dtype))
        return heads

    def _write_gradients(self, leaves, grads, heads):
        if leaves is None:
            leaves = []
        taken = None
        owned, reqs, sparse, arrays = self._owned, self._reqs, self._sparse_grads, self.grad_arrays
        for n, (i, leaf) in enumerate(leaves):
            g = None if grads is None else grads[n]
            dst = arrays[i]
            if i in sparse:
                _write_sparse(dst, g, reqs[i] == 3)
                continue
            if reqs[i] == 3:
                if g is not None:
                    dst._t.add_(g)
                continue
            if g is None:
                dst._t.zero_()
                continue
            d = dst._t
            if i in owned and g.dtype == d.dtype and g.device == d.device and g.shape == d.shape:
                # a tensor that is the whole of a storage nothing else holds (autograd's fresh result, or
                # a reshaped view of one): the gradient array takes it instead of a copy
                if taken is None:
                    taken = self._taken_storages(heads)
                storage = self._whole_storage(g)
                if storage is not None and storage not in taken:
                    dst._t = g
                    taken.add(storage)
                    continue
            d.copy_(g)
        # gradient arrays of non-floating arguments (no leaf) stay as they are, as nothing flows there

    @staticmethod
    def _whole_storage(t):
        """The address of `t`'s storage when `t` is all of it, densely (else None)."""
        if t.storage_offset() or not t.is_contiguous():
            return None
        storage = t.untyped_storage()
        if storage.nbytes() != t.numel() * t.element_size() or not storage.nbytes():
            return None
        return storage.data_ptr()

    def _taken_storages(self, heads):
        """The storages a gradient may not take over: the head gradients' and the arguments'."""
        taken = {h.untyped_storage().data_ptr() for h in heads if h is not None}
        taken.update(a._t.untyped_storage().data_ptr() for a in self.arg_arrays)
        return taken

    # ---- one step at a time (monitoring) ------------------------------------------------------------------
    def _run_steps(self, tensors, record):
        """The forward pass node by node, each node's outputs handed to the monitor callback; when
        recording, each node's inputs are leaves of their own so that backward can go node by node too."""
        callback = self._monitor_callback
        arg_nodes, aux_nodes = self._symbol._variables()
        env = {(id(n), 0): t for n, t in zip(arg_nodes + aux_nodes, tensors)}
        trace = []
        for step in self._steps:
            node = step.node
            values = [env[(id(src), k)] for src, k in node.inputs]
            if self._monitor_all:
                for (src, _), input_name, value in zip(node.inputs, node.input_names, values):
                    if src.op is None:      # a variable is reported under its own name too, as in MXNet
                        callback(src.name, _wrap(value.detach()))
                    callback('{}_{}'.format(node.name, input_name.lstrip('*')), _wrap(value.detach()))
            ins = values
            if record:
                ins = [v.detach().requires_grad_(v.requires_grad) for v in values]
            if step.device is not None:
                ins = [v.to(step.device) for v in ins]
            outs = step.outputs(step.call(ins))
            for k, (out_name, t) in enumerate(zip(node.output_names(), outs)):
                env[(id(node), k)] = t
                callback(out_name, _wrap(t.detach()))
            if record:
                trace.append((step, ins, outs))
        return tuple(env[(id(n), k)] for n, k in self._symbol._entries), trace

    def _backward_steps(self, trace, heads, leaves):
        """Backward node by node over the trace of a monitored forward, each node's input gradients handed
        to the callback as ``<node>_backward_output<k>``; the gradients of the leaves."""
        callback = self._monitor_callback
        pending = {}
        for (node, k), h in zip(self._symbol._entries, heads):
            if h is not None:
                _accumulate(pending, (id(node), k), h)
        arg_nodes, _ = self._symbol._variables()
        for step, ins, outs in reversed(trace):
            node = step.node
            pairs = [(o, pending.pop((id(node), k))) for k, o in enumerate(outs)
                     if (id(node), k) in pending and o.requires_grad]
            wanted = [v for v in ins if v.requires_grad]
            if not pairs or not wanted:
                continue
            found = iter(torch.autograd.grad([o for o, _ in pairs], wanted, [g for _, g in pairs],
                                             allow_unused=True))
            grads = [next(found) if v.requires_grad else None for v in ins]
            label = '{}_backward_output'.format(node.name)
            for k, ((src, j), v, g) in enumerate(zip(node.inputs, ins, grads)):
                g_full = torch.zeros_like(v) if g is None else g
                callback(label if len(ins) == 1 else label + str(k), _wrap(g_full.detach()))
                if g is not None:
                    _accumulate(pending, (id(src), j), g)
        return [pending.get((id(arg_nodes[i]), 0)) for i, _ in leaves]

    def set_monitor_callback(self, callback, monitor_all=False):
        """Call ``callback(name, array)`` with every node's outputs (and inputs, with `monitor_all`) in each
        forward pass and every node's input gradients in each backward pass."""
        self._monitor_callback = callback
        self._monitor_all = bool(monitor_all)

    # ---- parameters, shapes ----------------------------------------------------------------------------
    def copy_params_from(self, arg_params, aux_params=None, allow_extra_params=False):
        """Copy arrays into the arguments (and auxiliary states) of the same names, cast to their
        dtypes; a name the executor does not have is a ValueError unless `allow_extra_params`."""
        arg_dict = self.arg_dict
        for name, array in arg_params.items():
            if name in arg_dict:
                dst = arg_dict[name]
                dst[:] = array.astype(dst.dtype, copy=False)
            elif not allow_extra_params:
                raise ValueError('Find name "%s" that is not in the arguments' % name)
        if aux_params is None:
            return
        aux_dict = self.aux_dict
        for name, array in aux_params.items():
            if name in aux_dict:
                dst = aux_dict[name]
                dst[:] = array.astype(dst.dtype, copy=False)
            elif not allow_extra_params:
                raise ValueError('Find name %s that is not in the auxiliary states' % name)

    def reshape(self, partial_shaping=False, allow_up_sizing=False, **kwargs):
        """A new executor for new input shapes (``data=(8, 20)``) that shares memory with this one: arrays
        keeping their shape are the same arrays, smaller ones are views of the first elements, larger
        ones (only with `allow_up_sizing`) are new. Arguments not named may change shape only with
        `partial_shaping`. The two executors share memory, so use one at a time."""
        given = {k: tuple(v) for k, v in kwargs.items() if isinstance(v, tuple)}
        shapes = ShapeInference(self._symbol._entries, given).run()
        arg_nodes, aux_nodes = self._symbol._variables()
        args, grads, aux, owned = [], [], [], []
        for i, (node, arr, grad) in enumerate(zip(arg_nodes, self.arg_arrays, self.grad_arrays)):
            shape = _new_shape(shapes.get(node, 0), arr)
            free = partial_shaping or node.name in given
            new = _resized(node.name, arr, shape, free, allow_up_sizing)
            args.append(new)
            if grad is None:
                grads.append(None)
            elif new is arr:
                grads.append(grad)
                if i in self._owned:
                    owned.append(i)
            else:
                grads.append(_resized(node.name, grad, shape, True, True))
        for node, arr in zip(aux_nodes, self.aux_arrays):
            aux.append(_resized(node.name, arr, _new_shape(shapes.get(node, 0), arr), partial_shaping,
                                allow_up_sizing))
        # the outputs are views of this executor's outputs where they fit, as MXNet shares that memory too
        probe = Executor._made(self._symbol, self._ctx, self._group2ctx, (args, grads, aux), self._reqs, owned,
                               self._grad_req)
        buffers = []
        for mine, theirs in zip(self.outputs, probe.outputs):
            size = theirs.size
            if size <= mine.size and theirs._t.dtype == mine._t.dtype and mine._t.is_contiguous():
                view = mine._t.reshape(-1)[:size].view(theirs.shape)
                buffers.append((_wrap_on(view, mine), view))
            else:
                buffers.append(None)
        probe._output_buffers = buffers
        probe.outputs = [b[0] if b is not None else o for b, o in zip(buffers, probe.outputs)]
        probe._output_dict = None
        if self._monitor_callback is not None:
            probe.set_monitor_callback(self._monitor_callback, self._monitor_all)
        return probe

    def _allocated_bytes(self):
        arrays = [a for a in self.arg_arrays + self.grad_arrays + self.aux_arrays + self.outputs if a is not None]
        return sum(a._t.numel() * a._t.element_size() for a in arrays)

    def _planned_bytes(self):
        """The memory a run needs besides the bound arrays, planned as MXNet plans it (symbol/_memory.py)."""
        entries = self._symbol._entries
        arrays = self.arg_arrays + self.aux_arrays
        engine = ShapeInference(entries, {n: tuple(a.shape) for n, a in zip(self._arg_names + self._aux_names,
                                                                             arrays)}).run()

        def size_of(node, k):
            shape = engine.get(node, k)
            if not known(shape):
                return 0
            dtype = engine.dtypes.get((id(node), k), torch.float32)
            return math.prod(shape) * torch.empty((), dtype=dtype).element_size()
        wanted = {self._arg_names[i] for i in self._wanted}
        return _memory.planned_bytes(entries, size_of, wanted)

    def debug_str(self):
        """The bound graph as ``Symbol.debug_str`` lists it, and the memory a run of it needs besides the
        bound arrays."""
        return '{}Total {} MB allocated\nTotal 11 TempSpace resource requested\n'.format(
            self._symbol.debug_str(), self._planned_bytes() >> 20)

    def get_optimized_symbol(self):
        """The bound symbol after MXNet's graph simplification: common subexpressions merged, unless
        MXNET_ELIMINATE_COMMON_EXPR was 0 when the executor was made (see symbol/_cse.py)."""
        if not self._cse:
            return self._symbol.__copy__()
        return type(self._symbol)(_cse.eliminate_common_expr(self._symbol._entries))


def _head_free(node):
    """True when an output needs no head gradient: a loss, or a graph whose every path to a variable
    passes through BlockGrad (its gradient is zero whatever the head)."""
    if node.op is None or node.op.name in _HEAD_FREE:
        return True
    seen, todo = set(), [node]
    while todo:
        n = todo.pop()
        if id(n) in seen:
            continue
        seen.add(id(n))
        if n.op is None:
            return False
        if n.op.name not in _BLOCKING:
            todo.extend(src for src, _ in n.inputs)
    return True


def _write_sparse(dst, grad, add):
    """A dense gradient written into the sparse gradient array `dst`, kept in its storage type. MXNet's
    executor writes sparse gradient arrays for grad_req 'add' too (what they held is not added to)."""
    dst._t = torch.zeros(dst.shape) if grad is None else grad


def _accumulate(pending, key, grad):
    old = pending.get(key)
    pending[key] = grad if old is None else old + grad


def _wrap_on(t, like):
    a = _wrap(t)
    a._ctx = like._ctx
    return a


def _shape_text(shape):
    return '[' + ','.join(str(d) for d in shape) + ']'


def _by_name(names, arrays):
    if len(set(names)) != len(names):
        raise ValueError('Duplicate names detected, %s' % str(names))
    return dict(zip(names, arrays))


def _new_shape(shape, arr):
    return tuple(shape) if known(shape) else arr.shape


def _resized(name, arr, shape, free, allow_up_sizing):
    """`arr` for a new executor whose array `name` has `shape` (MXNet's reshape rules and messages)."""
    if shape == arr.shape:
        return arr
    if not free:
        raise MXNetError('Shape of unspecifie arg: {} changed. This can cause the new executor to not share '
                         'parameters with the old one. Please check for error in network.If this is intended, '
                         'set partial_shaping=True to suppress this warning.'.format(name))
    size = math.prod(shape)
    if size > arr.size:
        if not allow_up_sizing:
            raise MXNetError('New shape of arg: {} is larger than original.First making a big executor and then '
                             'down sizing it is more efficient than the reverse.If you really want to up size, '
                             'set allow_up_sizing=True to enable allocation of new arrays.'.format(name))
        return _wrap_on(torch.zeros(shape, dtype=arr._t.dtype, device=arr._t.device), arr)
    return _wrap_on(arr._t.reshape(-1)[:size].view(shape), arr)


def _arrays(what, given, names, allow_missing):
    """The arrays for `names` from a list (in order) or a dict (by name), with MXNet's errors."""
    if isinstance(given, (list, tuple)):
        if len(given) != len(names):
            raise ValueError('Length of %s does not match the number of arguments' % what)
        arrays = list(given)
        for a in arrays:
            if not (isinstance(a, NDArray) or (a is None and allow_missing)):
                raise TypeError('Only accept list of NDArrays or dict of str to NDArray')
        return arrays
    if isinstance(given, dict):
        arrays = []
        for name in names:
            if name in given:
                if not isinstance(given[name], NDArray):
                    raise TypeError('Only accept list of NDArrays or dict of str to NDArray')
                arrays.append(given[name])
            elif allow_missing:
                arrays.append(None)
            else:
                raise ValueError('key `%s` is missing in `%s`' % (name, what))
        return arrays
    raise TypeError('Only accept list of NDArrays or dict of str to NDArray')


def _grad_reqs(grad_req, names):
    """Each argument's grad_req as MXNet's number (0 null, 1 write, 3 add)."""
    if isinstance(grad_req, str):
        if grad_req not in _REQ_NAMES:
            raise ValueError('grad_req must be in %s' % str(_REQ_NAMES))
        return [_REQ_NAMES[grad_req]] * len(names)
    if isinstance(grad_req, (list, tuple)):
        if len(grad_req) != len(names):
            raise ValueError('grad_req has {} entries for the {} arguments {}'.format(len(grad_req), len(names),
                                                                                       names))
        return [_req_number(r) for r in grad_req]
    if isinstance(grad_req, dict):
        return [_req_number(grad_req[n]) if n in grad_req else 0 for n in names]
    raise TypeError('grad_req must be a str, a list or a dict, got {}'.format(type(grad_req).__name__))


def _req_number(req):
    if req not in _REQ_NAMES:
        raise KeyError(req)
    return _REQ_NAMES[req]


# ---- placement (group2ctx) --------------------------------------------------------------------------------
def _group_of(node):
    return node.attrs.get('__ctx_group__')


def _placement(symbol, ctx, group2ctx):
    """{id(node): torch.device} for the operator nodes of a ctx_group that group2ctx places elsewhere."""
    devices = {}
    default = ctx.torch_device
    for node in symbol._nodes():
        group = _group_of(node)
        if node.op is not None and group in group2ctx:
            device = group2ctx[group].torch_device
            if device != default:
                devices[id(node)] = device
    return devices


def _context_of(node, ctx, group2ctx):
    group = _group_of(node)
    if group2ctx and group in group2ctx:
        return group2ctx[group]
    return ctx


# ---- simple_bind ----------------------------------------------------------------------------------------
def _memory_limit():
    try:
        return os.sysconf('SC_PAGE_SIZE') * os.sysconf('SC_PHYS_PAGES')
    except (ValueError, OSError, AttributeError):
        return 1 << 40


def simple_bind(symbol, ctx, grad_req, type_dict, stype_dict, group2ctx, shared_arg_names, shared_exec,
                shared_buffer, shapes):
    """Symbol.simple_bind: zero arrays of the inferred shapes and types for every argument, gradient
    and auxiliary state, bound in an Executor. Arguments named in `shared_arg_names` take the arrays of
    `shared_exec` when their shapes agree; other arguments found in `shared_buffer` (a dict, updated with
    what is made here) reuse that memory when it is large enough."""
    if not isinstance(ctx, Context):
        raise TypeError('Context type error')
    if isinstance(grad_req, list) and not grad_req:
        raise RuntimeError('grad_req in simple_bind cannot be an empty list')
    if isinstance(grad_req, dict) and not grad_req:
        raise RuntimeError('grad_req in simple_bind cannot be an empty dict')
    if shared_arg_names is not None and not isinstance(shared_arg_names, list):
        raise ValueError('shared_arg_names in simple_bind must be a list or None')
    if shared_buffer is not None and not isinstance(shared_buffer, dict):
        raise ValueError('shared_buffer in simple_bind must be dict or None')
    arg_nodes, aux_nodes = symbol._variables()
    arg_stypes = _stypes.argument_stypes(arg_nodes, stype_dict)
    names = [n.name for n in arg_nodes]
    reqs = _grad_reqs(grad_req, names)
    if any(reqs):
        # MXNet makes the gradient graph before it infers shapes, and simple_bind reports as for those
        try:
            _gradients.check_differentiable(symbol._entries)
        except MXNetError as e:
            raise RuntimeError(_bind_error(shapes, e)) from None
    arg_shapes, aux_shapes, arg_types, aux_types = _shapes_and_types(symbol, shapes, type_dict)
    shared_args = shared_exec.arg_dict if shared_exec is not None else {}
    shared_grads = shared_exec.grad_dict if shared_exec is not None else {}
    shared_aux = shared_exec.aux_dict if shared_exec is not None else {}
    sharable = set(shared_arg_names or ())
    budget = _Budget()
    args, grads, owned = [], [], []
    for i, (node, shape, dtype) in enumerate(zip(arg_nodes, arg_shapes, arg_types)):
        where = _context_of(node, ctx, group2ctx)
        name = node.name
        shared = shared_args.get(name) if name in sharable else None
        if shared is not None and shared.shape == shape and shared._t.dtype == dtype:
            args.append(shared)
            g = shared_grads.get(name)
            if g is None and reqs[i]:
                g = budget.zeros(name + ' gradient', shape, dtype, where)
            grads.append(g if reqs[i] else None)
            owned.append(i)
            continue
        if shared_buffer is not None and name not in sharable:
            args.append(_from_buffer(shared_buffer, name, shape, dtype, where, budget))
        else:
            args.append(budget.zeros(name, shape, dtype, where))
        grads.append(budget.zeros(name + ' gradient', shape, dtype, where) if reqs[i] else None)
        owned.append(i)
    if any(s != 'default' for s in arg_stypes) or any(reqs):
        _sparse_storage(symbol, arg_nodes, arg_stypes, args, grads)
    aux = []
    for node, shape, dtype in zip(aux_nodes, aux_shapes, aux_types):
        shared = shared_aux.get(node.name)
        if shared is not None and shared.shape == shape and shared._t.dtype == dtype:
            aux.append(shared)
        else:
            aux.append(budget.zeros(node.name, shape, dtype, _context_of(node, ctx, group2ctx)))
    return Executor._made(symbol, ctx, group2ctx, (args, grads, aux), reqs, owned, grad_req)


def _sparse_storage(symbol, arg_nodes, arg_stypes, args, grads):
    """simple_bind's argument and gradient arrays made sparse where MXNet's storage types say so (arrays
    of that storage already, such as those shared with `shared_exec`, are kept)."""
    for i, stype in enumerate(_stypes.gradient_stypes(symbol._entries, arg_nodes, arg_stypes)):
        if grads[i] is not None and stype != 'default' and grads[i].stype != stype:
            grads[i] = _sparse_zeros(grads[i], stype)
    for i, stype in enumerate(arg_stypes):
        if stype != 'default' and args[i].stype != stype:
            args[i] = _sparse_zeros(args[i], stype)


def _sparse_zeros(like, stype):
    made = _nd_sparse.zeros(stype, like.shape, ctx=like.context, dtype=like.dtype)
    made._ctx = like._ctx
    return made


def _shapes_and_types(symbol, shapes, type_dict):
    """The shapes and torch dtypes of (arguments, auxiliary states) for simple_bind; RuntimeError as
    MXNet's simple_bind gives when the shapes cannot all be decided. Shapes given for names that are not
    inputs of the symbol are ignored, as MXNet's simple_bind ignores them (its infer_shape refuses them)."""
    inputs = set(symbol.list_inputs())
    shapes = {k: v for k, v in shapes.items() if k in inputs}
    try:
        arg_shapes, _, aux_shapes = symbol.infer_shape(**shapes)
    except MXNetError as e:
        raise RuntimeError(_bind_error(shapes, e)) from None
    if arg_shapes is None:
        partial, _, partial_aux = symbol.infer_shape_partial(**shapes)
        undecided = [n for n, s in zip(symbol.list_arguments() + symbol.list_auxiliary_states(),
                                       list(partial) + list(partial_aux)) if not known(s) or not s or 0 in s]
        raise RuntimeError(_bind_error(shapes, 'cannot decide the shapes of {}'.format(', '.join(undecided))))
    given_types = {k: v for k, v in (type_dict or {}).items() if k in inputs}
    try:
        arg_types, _, aux_types = symbol.infer_type_partial(**given_types)
    except MXNetError as e:
        raise RuntimeError(_bind_error(shapes, e)) from None

    def torch_types(names, types):
        out = []
        for name, t in zip(names, types):
            if name in given_types:
                out.append(dtype_torch(given_types[name]))
            else:
                out.append(dtype_torch(t) if t is not None else torch.float32)
        return out
    arg_types = torch_types(symbol.list_arguments(), arg_types)
    aux_types = torch_types(symbol.list_auxiliary_states(), aux_types)
    return ([tuple(s) for s in arg_shapes], [tuple(s) for s in aux_shapes], arg_types, aux_types)


def _bind_error(shapes, cause):
    lines = ['simple_bind error. Arguments:']
    lines.extend('%s: %s' % (k, v) for k, v in shapes.items())
    return '\n'.join(lines) + '\n' + str(cause)


class _Budget:
    """Allocates simple_bind's zero arrays, refusing (MXNetError) once they would pass the machine's
    memory."""

    def __init__(self):
        self.limit = _memory_limit()
        self.total = 0

    def zeros(self, name, shape, dtype, ctx):
        itemsize = torch.empty((), dtype=dtype).element_size()
        self.total += math.prod(shape) * itemsize
        if self.total > self.limit:
            raise MXNetError('simple_bind: {} of shape {} (with the arrays before it) needs {} bytes, more than '
                             "this machine's memory".format(name, shape, self.total))
        return on_context(torch.zeros(shape, dtype=dtype), ctx)


def _from_buffer(buffer, name, shape, dtype, ctx, budget):
    """An input array from simple_bind's shared buffer: a view of the buffered array when it is large
    enough (and of the same type and device), else a new array that replaces it in the buffer."""
    held = buffer.get(name)
    size = math.prod(shape)
    if held is not None and held._t.dtype == dtype and held.context == ctx and held.size >= size \
            and held._t.is_contiguous():
        if held.shape == shape:
            return held
        return _wrap_on(held._t.reshape(-1)[:size].view(shape), held)
    made = budget.zeros(name, shape, dtype, ctx)
    buffer[name] = made
    return made
