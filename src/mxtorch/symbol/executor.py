"""Executor: a Symbol bound to arrays, run by torch.

Binding lowers the graph once into a torch program — a ``torch.fx`` GraphModule whose nodes call the
operator table's implementations in graph order — so a forward pass is one call of generated Python code,
not a walk over the graph. ``forward(is_train=True)`` runs it with torch's autograd recording from the
arguments that want gradients; ``backward`` asks autograd for their gradients and writes or adds them
into the gradient arrays as each argument's grad_req says. Auxiliary states (BatchNorm's moving
statistics) are updated in place by their operators while training."""
import math
import os

import numpy as np
import torch
import torch.fx as fx

from .. import _state
from ..base import MXNetError, dtype_torch
from ..context import Context
from ..ndarray.ndarray import NDArray, _wrap, on_context
from . import _graph
from .infer import ShapeInference, known, format_shape

__all__ = ['Executor', 'simple_bind', 'lower']

_REQS = ('null', 'write', 'add', 'inplace')


def _first(result):
    return result if isinstance(result, torch.Tensor) else result[0]


def lower(entries, variables):
    """A torch.fx GraphModule computing the outputs `entries` from tensors for `variables` (nodes, in
    the order the module takes them)."""
    graph = fx.Graph()
    env = {}
    for i, node in enumerate(variables):
        env[(id(node), 0)] = graph.placeholder('in%d' % i)
    for node in _graph.topological(entries):
        if node.op is None:
            if (id(node), 0) not in env:
                raise MXNetError('bind: variable {!r} has no array'.format(node.name))
            continue
        if node.op.impl is None:
            raise MXNetError('bind: operator {} (node {!r}) is not provided by mxtorch yet'.format(
                node.op.name, node.name))
        call = node.op.caller(node.input_names, node.op.call_kwargs(node.attrs))
        call.__name__ = _safe(node.name)
        args = tuple(env[(id(src), k)] for src, k in node.inputs)
        result = graph.call_function(call, args)
        if node.num_outputs == 1:
            env[(id(node), 0)] = graph.call_function(_first, (result,))
        else:
            for k in range(node.num_outputs):
                env[(id(node), k)] = graph.call_function(_getitem, (result, k))
    graph.output(tuple(env[(id(n), k)] for n, k in entries))
    return fx.GraphModule(torch.nn.Module(), graph)


def _getitem(result, k):
    return result[k]


def _safe(name):
    text = ''.join(c if c.isalnum() or c == '_' else '_' for c in name)
    return text if text and not text[0].isdigit() else 'n_' + text


class Executor:
    """A Symbol bound to argument, gradient and auxiliary-state arrays on a context (see
    ``Symbol.bind`` and ``Symbol.simple_bind``)."""

    def __init__(self, symbol, ctx, args, args_grad=None, grad_req='write', aux_states=None, group2ctx=None,
                 shared_exec=None):
        from .symbol import Symbol
        if not isinstance(symbol, Symbol):
            raise TypeError('bind needs a Symbol')
        if not isinstance(ctx, Context):
            raise TypeError('Context type error: ctx must be a Context, got {}'.format(type(ctx).__name__))
        self._symbol = symbol
        self._ctx = ctx
        self._group2ctx = group2ctx
        arg_nodes, aux_nodes = symbol._variables()
        self._arg_names = [n.name for n in arg_nodes]
        self._aux_names = [n.name for n in aux_nodes]
        self.arg_arrays = _arrays(args, self._arg_names, 'args', required=True)
        self.grad_arrays = _arrays(args_grad, self._arg_names, 'args_grad', required=False)
        self.aux_arrays = _arrays(aux_states, self._aux_names, 'aux_states', required=True)
        self._grad_req = _grad_reqs(grad_req, self._arg_names)
        for name, g in zip(self._arg_names, self.grad_arrays):
            if g is None:
                self._grad_req[name] = 'null'
        self._program = lower(symbol._entries, arg_nodes + aux_nodes)
        self._output_names = symbol.list_outputs()
        self.outputs = [None] * len(self._output_names)
        self._recorded = None           # (leaves, outputs) of the last forward that recorded
        self._monitor_callback = None
        self._monitor_all = False
        self._arg_dict = self._grad_dict = self._aux_dict = None
        self._initial_outputs()

    def _initial_outputs(self):
        # outputs exist from binding on (zeros of the inferred shapes), as MXNet's do
        given = {n: tuple(a.shape) for n, a in zip(self._arg_names + self._aux_names,
                                                    self.arg_arrays + self.aux_arrays)}
        shapes = ShapeInference(self._symbol._entries, given)
        try:
            shapes.run()
        except MXNetError:
            shapes = None
        for i, (node, k) in enumerate(self._symbol._entries):
            shape = shapes.get(node, k) if shapes is not None else None
            dtype = shapes.dtypes.get((id(node), k), torch.float32) if shapes is not None else torch.float32
            t = torch.zeros(shape if known(shape) else (0,), dtype=dtype, device=self._ctx.torch_device)
            self.outputs[i] = _wrap(t)

    # ---- dictionaries -----------------------------------------------------------------------------------
    @property
    def arg_dict(self):
        """{argument name: its array}."""
        if self._arg_dict is None:
            self._arg_dict = _dict(self._arg_names, self.arg_arrays)
        return self._arg_dict

    @property
    def grad_dict(self):
        """{argument name: its gradient array} (arguments with grad_req 'null' left out)."""
        if self._grad_dict is None:
            self._grad_dict = {n: g for n, g in zip(self._arg_names, self.grad_arrays) if g is not None}
        return self._grad_dict

    @property
    def aux_dict(self):
        """{auxiliary state name: its array}."""
        if self._aux_dict is None:
            self._aux_dict = _dict(self._aux_names, self.aux_arrays)
        return self._aux_dict

    @property
    def output_dict(self):
        """{output name: its array}."""
        return _dict(self._output_names, self.outputs)

    # ---- running ----------------------------------------------------------------------------------------
    def forward(self, is_train=False, **kwargs):
        """Run the graph (in training mode when `is_train`: Dropout drops, BatchNorm uses and updates batch
        statistics, and a following `backward` can compute gradients). Keyword arrays are copied into the
        arguments of those names first. Returns the outputs."""
        if kwargs:
            arg_dict = self.arg_dict
            for name, array in kwargs.items():
                if not isinstance(array, (NDArray, np.ndarray)):
                    raise ValueError('only accept keyword argument of NDArrays and numpy.ndarray')
                if name not in arg_dict:
                    raise TypeError('Unknown argument %s' % name)
                if arg_dict[name].shape != tuple(array.shape):
                    raise ValueError('Shape not match! Argument %s, need: %s, received: %s'
                                     % (name, str(arg_dict[name].shape), str(tuple(array.shape))))
                arg_dict[name][:] = array
        inputs = [a._t for a in self.arg_arrays] + [a._t for a in self.aux_arrays]
        leaves = None
        record = bool(is_train) and any(self._grad_req[n] != 'null' for n in self._arg_names)
        if record:
            leaves = {}
            for i, name in enumerate(self._arg_names):
                if self._grad_req[name] != 'null' and inputs[i].is_floating_point():
                    leaf = inputs[i].detach().requires_grad_(True)
                    inputs[i] = leaf
                    leaves[i] = leaf
        previous = _state.set_state(record, bool(is_train))
        try:
            with self._ctx:
                if self._monitor_callback is not None:
                    results = self._run_monitored(inputs)
                else:
                    results = self._program(*inputs)
        except MXNetError:
            raise
        except (RuntimeError, ValueError, TypeError, IndexError) as e:
            raise MXNetError('Executor.forward: {}'.format(e)) from None
        finally:
            _state.set_state(*previous)
        self._recorded = (leaves, results) if record else None
        for out, t in zip(self.outputs, results):
            out._t = t.detach() if t.requires_grad else t
        return self.outputs

    def backward(self, out_grads=None, is_train=True):
        """Gradients of the outputs of the last ``forward(is_train=True)`` with respect to the arguments,
        written into (grad_req 'write') or added to ('add') the gradient arrays. `out_grads` are the
        gradients flowing into the outputs (an NDArray, a list, or a dict by output name); left out, ones
        (loss outputs such as SoftmaxOutput ignore them anyway)."""
        if self._recorded is None:
            if not any(self._grad_req[n] != 'null' for n in self._arg_names):
                return
            raise MXNetError('Executor.backward: call forward(is_train=True) first (nothing was recorded)')
        leaves, results = self._recorded
        heads = _head_gradients(out_grads, self._output_names, results)
        pairs = [(r, g) for r, g in zip(results, heads) if r.requires_grad]
        targets = list(leaves.items())
        if pairs and targets:
            grads = torch.autograd.grad([r for r, _ in pairs], [leaf for _, leaf in targets],
                                        [g for _, g in pairs], retain_graph=True, allow_unused=True)
        else:
            grads = [None] * len(targets)
        for (i, _), g in zip(targets, grads):
            name = self._arg_names[i]
            dst = self.grad_arrays[i]
            req = self._grad_req[name]
            if req == 'add':
                if g is not None:
                    dst._t.add_(g.to(dst._t.dtype))
            elif g is None:
                dst._t.zero_()
            else:
                dst._t.copy_(g)

    def _run_monitored(self, inputs):
        """The forward pass node by node, handing each node's outputs (and inputs, with monitor_all) to
        the monitor callback."""
        arg_nodes, aux_nodes = self._symbol._variables()
        env = {(id(n), 0): t for n, t in zip(arg_nodes + aux_nodes, inputs)}
        callback = self._monitor_callback
        for node in _graph.topological(self._symbol._entries):
            if node.op is None:
                continue
            values = [env[(id(s), k)] for s, k in node.inputs]
            if self._monitor_all:
                for input_name, value in zip(node.input_names, values):
                    callback('{}_{}'.format(node.name, input_name), _wrap(value.detach()))
            result = node.op.caller(node.input_names, node.op.call_kwargs(node.attrs))(*values)
            outs = [result] if isinstance(result, torch.Tensor) else list(result)
            for k, (out_name, t) in enumerate(zip(node.output_names(), outs)):
                env[(id(node), k)] = t
                callback(out_name, _wrap(t.detach()))
        return tuple(env[(id(n), k)] for n, k in self._symbol._entries)

    def set_monitor_callback(self, callback, monitor_all=False):
        """Call ``callback(name, array)`` with every node's outputs (and inputs, with `monitor_all`) at each
        forward pass."""
        self._monitor_callback = callback
        self._monitor_all = bool(monitor_all)

    # ---- parameters, shapes -----------------------------------------------------------------------------
    def copy_params_from(self, arg_params, aux_params=None, allow_extra_params=False):
        """Copy arrays into the arguments (and auxiliary states) of the same names, cast to their dtypes;
        a name the executor does not have is a ValueError unless `allow_extra_params`."""
        for name, array in arg_params.items():
            if name in self.arg_dict:
                self.arg_dict[name][:] = array.astype(self.arg_dict[name].dtype)
            elif not allow_extra_params:
                raise ValueError('Find name "%s" that is not in the arguments' % name)
        for name, array in (aux_params or {}).items():
            if name in self.aux_dict:
                self.aux_dict[name][:] = array.astype(self.aux_dict[name].dtype)
            elif not allow_extra_params:
                raise ValueError('Find name %s that is not in the auxiliary states' % name)

    def reshape(self, partial_shaping=False, allow_up_sizing=False, **kwargs):
        """A new executor for new argument shapes, sharing the arrays whose shapes stay (parameters).
        Arguments not named change shape only with `partial_shaping`; arrays grow only with
        `allow_up_sizing`."""
        given = {n: tuple(v) for n, v in kwargs.items() if isinstance(v, tuple)}
        engine = ShapeInference(self._symbol._entries, given).run()
        arg_nodes, aux_nodes = self._symbol._variables()
        new_args, new_grads, new_aux = [], [], []
        for node, old, grad in zip(arg_nodes, self.arg_arrays, self.grad_arrays):
            shape = engine.get(node, 0)
            arr, g = _reshaped(node.name, old, shape, given, partial_shaping, allow_up_sizing), None
            if grad is not None:
                g = grad if arr is old else _reshaped(node.name, grad, shape, given, True, True)
            new_args.append(arr)
            new_grads.append(g)
        for node, old in zip(aux_nodes, self.aux_arrays):
            new_aux.append(_reshaped(node.name, old, engine.get(node, 0), given, partial_shaping, allow_up_sizing))
        return Executor(self._symbol, self._ctx, new_args, new_grads, dict(self._grad_req), new_aux,
                        self._group2ctx)

    def debug_str(self):
        """A listing of the bound graph."""
        return self._symbol.debug_str()

    def get_optimized_symbol(self):
        """The symbol the executor runs (mxtorch does not rewrite graphs)."""
        return self._symbol.__copy__()


def _reshaped(name, array, shape, given, partial_shaping, allow_up_sizing):
    if shape is None or not known(shape) or tuple(shape) == array.shape:
        return array
    if name not in given and not partial_shaping:
        raise AssertionError('New shape of arg: {} is {} but it was not provided; set partial_shaping=True '
                             'to allow changing the shapes of arguments that were not given'.format(
                                 name, tuple(shape)))
    size = math.prod(shape)
    if size > array.size and not allow_up_sizing:
        raise AssertionError('New shape of arg: {} larger than original. First making a big executor and then '
                             'down sizing it is more efficient than the reverse. If you really want to up size, '
                             'set allow_up_sizing=True to enable allocation of new arrays.'.format(name))
    if size <= array.size:
        return _wrap(array._t.reshape(-1)[:size].reshape(shape))
    return _wrap(torch.zeros(shape, dtype=array._t.dtype, device=array._t.device))


def _dict(names, arrays):
    seen = set()
    for n in names:
        if n in seen:
            raise ValueError('Duplicate names detected, %s' % str(names))
        seen.add(n)
    return dict(zip(names, arrays))


def _arrays(given, names, what, required):
    """The arrays for `names` from a list (in order) or a dict (by name)."""
    if given is None:
        if required and names:
            raise MXNetError('bind: {} are needed for {}'.format(what, ', '.join(names)))
        return [None] * len(names)
    if isinstance(given, dict):
        missing = [n for n in names if n not in given]
        if missing and required:
            raise MXNetError('bind: {} is missing {} (needed: {})'.format(what, ', '.join(missing), ', '.join(names)))
        arrays = [given.get(n) for n in names]
    elif isinstance(given, (list, tuple)):
        if len(given) != len(names) and (required or len(given) > len(names)):
            raise MXNetError('bind: {} has {} arrays but the symbol has {} ({})'.format(
                what, len(given), len(names), ', '.join(names)))
        arrays = list(given) + [None] * (len(names) - len(given))
    else:
        raise TypeError('bind: {} must be a list or a dict of NDArrays, got {}'.format(what, type(given).__name__))
    for n, a in zip(names, arrays):
        if a is not None and not isinstance(a, NDArray):
            raise TypeError('bind: {}[{!r}] must be an NDArray, got {}'.format(what, n, type(a).__name__))
    return arrays


def _grad_reqs(grad_req, names):
    if isinstance(grad_req, str):
        reqs = {n: grad_req for n in names}
    elif isinstance(grad_req, (list, tuple)):
        if len(grad_req) != len(names):
            raise MXNetError('bind: grad_req has {} entries for {} arguments'.format(len(grad_req), len(names)))
        reqs = dict(zip(names, grad_req))
    elif isinstance(grad_req, dict):
        reqs = {n: grad_req.get(n, 'null') for n in names}
    else:
        raise TypeError('grad_req must be a str, a list or a dict, got {}'.format(type(grad_req).__name__))
    bad = {n: r for n, r in reqs.items() if r not in _REQS}
    if bad:
        raise MXNetError('grad_req must be one of {}, got {}'.format(_REQS, bad))
    return {n: ('write' if r == 'inplace' else r) for n, r in reqs.items()}


def _head_gradients(out_grads, names, results):
    if out_grads is None:
        given = []
    elif isinstance(out_grads, NDArray):
        given = [out_grads]
    elif isinstance(out_grads, dict):
        given = [out_grads.get(n) for n in names]
    else:
        given = list(out_grads)
    heads = []
    for i, r in enumerate(results):
        g = given[i] if i < len(given) else None
        if g is None:
            heads.append(torch.ones_like(r))
        else:
            t = g._t if isinstance(g, NDArray) else torch.as_tensor(np.asarray(g))
            if tuple(t.shape) != tuple(r.shape):
                raise MXNetError('Executor.backward: out_grads[{}] has shape {} but output {} has {}'.format(
                    i, tuple(t.shape), names[i], tuple(r.shape)))
            heads.append(t.to(device=r.device, dtype=r.dtype))
    return heads


# ---- simple_bind ----------------------------------------------------------------------------------------
def _memory_limit():
    try:
        return os.sysconf('SC_PAGE_SIZE') * os.sysconf('SC_PHYS_PAGES')
    except (ValueError, OSError, AttributeError):
        return 1 << 40


def simple_bind(symbol, ctx, grad_req, type_dict, stype_dict, group2ctx, shared_arg_names, shared_exec,
                shared_buffer, shapes):
    """Symbol.simple_bind: arrays of the inferred shapes and types for every argument (zeros), gradient
    and auxiliary state, bound in an Executor."""
    if not isinstance(ctx, Context):
        raise TypeError('Context type error: ctx must be a Context, got {}'.format(type(ctx).__name__))
    for stype in (stype_dict or {}).values():
        if stype not in (None, 'default'):
            raise MXNetError('simple_bind: storage type {!r} is not provided by mxtorch (dense arrays only)'.format(
                stype))
    arg_shapes, _, aux_shapes = symbol.infer_shape(**shapes)
    if arg_shapes is None:
        partial, _, _ = symbol.infer_shape_partial(**shapes)
        undecided = [n for n, s in zip(symbol.list_arguments(), partial) if not s or 0 in s]
        raise MXNetError('simple_bind: cannot decide the shapes of {} from {}'.format(
            ', '.join(undecided), shapes))
    types = {k: dtype_torch(v) for k, v in (type_dict or {}).items()}
    arg_types, _, aux_types = symbol.infer_type_partial(**{k: v for k, v in (type_dict or {}).items()
                                                          if k in set(symbol.list_inputs())})
    arg_nodes, aux_nodes = symbol._variables()
    names = [n.name for n in arg_nodes]
    reqs = _grad_reqs(grad_req, names)
    shared_args = shared_exec.arg_dict if shared_exec is not None else {}
    shared_grads = shared_exec.grad_dict if shared_exec is not None else {}
    sharable = set(shared_arg_names) if shared_arg_names is not None else set(shared_args)
    limit = _memory_limit()
    total = 0

    def allocate(name, shape, dtype):
        nonlocal total
        itemsize = torch.empty((), dtype=dtype).element_size()
        total += math.prod(shape) * itemsize
        if total > limit:
            raise MXNetError('simple_bind: argument {!r} of shape {} (and the arrays before it) need {} bytes, more '
                             'than this machine\'s memory'.format(name, format_shape(shape), total))
        return on_context(torch.zeros(shape, dtype=dtype), ctx)

    args, grads = [], []
    for name, shape, t in zip(names, arg_shapes, arg_types):
        dtype = types.get(name) or (dtype_torch(t) if t is not None else torch.float32)
        shared = shared_args.get(name) if name in sharable else None
        if shared is not None and shared.shape == tuple(shape):
            args.append(shared)
            g = shared_grads.get(name)
            grads.append(g if g is not None or reqs[name] == 'null' else allocate(name, shape, dtype))
            continue
        args.append(allocate(name, shape, dtype))
        grads.append(None if reqs[name] == 'null' else allocate(name + ' gradient', shape, dtype))
    aux = []
    shared_aux = shared_exec.aux_dict if shared_exec is not None else {}
    for node, shape, t in zip(aux_nodes, aux_shapes, aux_types):
        dtype = types.get(node.name) or (dtype_torch(t) if t is not None else torch.float32)
        shared = shared_aux.get(node.name)
        aux.append(shared if shared is not None and shared.shape == tuple(shape) else allocate(node.name, shape, dtype))
    return Executor(symbol, ctx, args, grads, reqs, aux, group2ctx)

