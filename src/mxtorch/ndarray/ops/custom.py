"""``nd.Custom``: operators that users write in Python (``mx.operator``).

A custom operator is a property object (a ``CustomOpProp`` subclass, registered under a name with
``mx.operator.register``) and the operator object (a ``CustomOp``) that the property creates. One call of
``nd.Custom(*inputs, op_type=name, **params)`` goes as in MXNet:

1. the property class registered as `name` is instantiated with `params`, every value as its ``str``;
2. its ``list_arguments``/``list_outputs``/``list_auxiliary_states`` say how many inputs (arguments,
   then auxiliary states) it takes and how many outputs it gives;
3. ``infer_shape`` and ``infer_type`` (and ``infer_storage_type``: dense arrays only) give the outputs'
   shapes and dtypes; what they say about the inputs must agree with the inputs given;
4. ``create_operator(ctx, shapes, dtypes)`` gives the operator (shapes as lists, dtypes as MXNet's type
   numbers, for the arguments then the auxiliary states);
5. its ``forward(is_train, req, in_data, out_data, aux)`` fills zero-filled output arrays; auxiliary states
   are the caller's arrays, so what forward writes into them stays there.

While recording, with an argument that takes part in the graph, the call is one node of torch's graph (a
``torch.autograd.Function``): backward calls the operator's ``backward(req, out_grad, in_data, out_data,
in_grad, aux)`` with zero-filled ``in_grad`` arrays, req 'write' for the arguments that need a gradient and
'null' for the others, and the engine then writes or adds those gradients as each variable's grad_req
says. Two things differ from MXNet: backward receives every array, also those that
``declare_backward_dependency`` leaves out (MXNet hands empty, unreadable arrays for them), and it never
sees req 'add' (MXNet passes a variable's own gradient buffer with 'add' when its grad_req is 'add'); an
operator that writes through ``CustomOp.assign`` gives the same gradients either way. The user's code runs
with recording off and this thread's training flag, in the inputs' context; an error it raises becomes
an MXNetError naming the operator and the method, with the original error as its cause.

For the symbol layer (which has no arrays to run on):

- ``custom_prop(op_type, kwargs)``: the property for those keyword arguments (made strings), MXNetError
  for an unknown or missing op_type;
- ``io_names(op_type, prop)``: its (arguments, outputs, auxiliary states) names;
- ``infer_shapes(op_type, prop, arg_shapes)`` and ``infer_dtypes(op_type, prop, arg_dtypes)``: the
  property's (arguments, outputs, auxiliary states) shapes (tuples) and dtypes (torch dtypes), checked in
  number;
- the registered implementation, ``registry.OPS[('', 'Custom')].impl(*tensors, op_type=name, **params)``,
  with the tensors of the arguments then of the auxiliary states in the property's order, returns one
  tensor or a tuple of them, so an executor runs it like any other operator. It calls Python code of the
  user's: trace it as a leaf (a call), not through. Given meta tensors it runs none of the operator's code
  and returns meta tensors of the inferred shapes and dtypes.
"""
import logging
import operator

import torch

from ... import _state, profiler
from ...base import MXNetError, TORCH_TO_FLAG, TORCH_TO_NAME, TORCH_TO_NP, dtype_torch
from ...context import Context, context_of_device, current_context
from ..ndarray import _wrap
from ..registry import register

__all__ = ['add_prop', 'custom_prop', 'io_names', 'infer_shapes', 'infer_dtypes', 'Custom']

Tensor = torch.Tensor
_PROPS = {}  # op_type -> the property class registered under it
_log = logging.getLogger('mxtorch.operator')


def add_prop(op_type, prop_class):
    """Make `prop_class` the custom operator `op_type`; registering a name again replaces the earlier class
    (with a warning, as MXNet)."""
    if op_type in _PROPS:
        _log.warning('New registration is overriding existing custom operator %s', op_type)
    _PROPS[op_type] = prop_class


def _user(op_type, method_name, method, *args, **kwargs):
    """Call a method the user wrote; an error it raises becomes an MXNetError naming the operator and the
    method (the original error is its cause)."""
    try:
        return method(*args, **kwargs)
    except Exception as e:
        raise MXNetError('custom operator {!r}: {} failed: {}: {}'.format(
            op_type, method_name, type(e).__name__, e)) from e


def custom_prop(op_type, kwargs):
    """The property of custom operator `op_type` made with keyword arguments `kwargs`, passed as strings."""
    if op_type is None or op_type == '':
        raise MXNetError('Required argument `op_type` is missing.')
    op_type = str(op_type)
    prop_class = _PROPS.get(op_type)
    if prop_class is None:
        raise MXNetError('Cannot find custom operator {} (no CustomOpProp is registered under that name with '
                         'mx.operator.register)'.format(op_type))
    params = {key: str(value) for key, value in kwargs.items()}
    return _user(op_type, prop_class.__name__ + '(...)', prop_class, **params)


def io_names(op_type, prop):
    """(argument names, output names, auxiliary state names) of a property, as lists."""
    lists = []
    for method in ('list_arguments', 'list_outputs', 'list_auxiliary_states'):
        names = _user(op_type, method, getattr(prop, method))
        if not isinstance(names, (list, tuple)) or not all(isinstance(n, str) for n in names):
            raise MXNetError('custom operator {!r}: {} must return a list of names (strings), got {!r}'.format(
                op_type, method, names))
        lists.append(list(names))
    return tuple(lists)


_KINDS = ('argument', 'output', 'auxiliary state')


def _three_lists(op_type, method, result, counts, convert):
    """The (arguments, outputs, auxiliary states) lists a property's infer_* method returned (the last may be
    left out), checked against `counts` and each entry converted."""
    parts = list(result) if isinstance(result, (tuple, list)) else None
    if parts is not None and len(parts) == 2:
        parts.append([])
    if parts is None or len(parts) != 3:
        raise MXNetError('custom operator {!r}: {} must return 2 or 3 lists (arguments, outputs and optionally '
                         'auxiliary states), got {!r}'.format(op_type, method, result))
    lists = []
    for part, count, kind in zip(parts, counts, _KINDS):
        if not isinstance(part, (tuple, list)):
            raise MXNetError('custom operator {!r}: {} gave {!r} for the {}s, which is not a list'.format(
                op_type, method, part, kind))
        if len(part) != count:
            raise MXNetError('custom operator {!r}: {} gave {} {} entries where the operator has {}'.format(
                op_type, method, len(part), kind, count))
        lists.append([convert(op_type, method, value) for value in part])
    return lists


def _shape(op_type, method, value):
    try:
        return tuple(operator.index(d) for d in value)
    except TypeError:
        raise MXNetError('custom operator {!r}: {} gave {!r}, which is not a shape (a list or tuple of '
                         'ints)'.format(op_type, method, value)) from None


def _dtype(op_type, method, value):
    try:
        return dtype_torch(value)
    except TypeError:
        raise MXNetError('custom operator {!r}: {} gave {!r}, which is not a dtype'.format(
            op_type, method, value)) from None


def _stype(op_type, method, value):
    if value != 'default':
        raise MXNetError("custom operator {!r}: {} asks for storage type {!r}; mxtorch has dense ('default') "
                         'arrays only'.format(op_type, method, value))
    return value


def infer_shapes(op_type, prop, arg_shapes, counts=None):
    """[argument shapes, output shapes, auxiliary state shapes] (tuples of ints) that the property's
    infer_shape gives for `arg_shapes`; `counts` (the numbers of arguments, outputs and auxiliary states)
    defaults to what the property lists."""
    counts = counts or tuple(len(names) for names in io_names(op_type, prop))
    result = _user(op_type, 'infer_shape', prop.infer_shape, [list(s) for s in arg_shapes])
    return _three_lists(op_type, 'infer_shape', result, counts, _shape)


def infer_dtypes(op_type, prop, arg_dtypes, counts=None):
    """[argument dtypes, output dtypes, auxiliary state dtypes] (torch dtypes) that the property's
    infer_type gives for `arg_dtypes` (any dtype spelling; the property sees numpy types, as in MXNet)."""
    counts = counts or tuple(len(names) for names in io_names(op_type, prop))
    result = _user(op_type, 'infer_type', prop.infer_type, [TORCH_TO_NP[dtype_torch(d)] for d in arg_dtypes])
    return _three_lists(op_type, 'infer_type', result, counts, _dtype)


def _check_storage(op_type, prop, counts):
    method = getattr(prop, 'infer_storage_type', None)
    if method is not None:
        result = _user(op_type, 'infer_storage_type', method, ['default'] * counts[0])
        _three_lists(op_type, 'infer_storage_type', result, counts, _stype)


def _shape_text(shape):
    return '[' + ','.join(str(d) for d in shape) + ']'


_INCONSISTENT_SHAPE = 'Shape inconsistent, Provided = {}, inferred shape={}'
_INCONSISTENT_TYPE = 'Type inconsistent, Provided = {}, inferred type = {}'


def _agree(op_type, message, names, given, inferred, text):
    """MXNet's error `message` when what the property infers for an input differs from the input given."""
    for name, have, want in zip(names, given, inferred):
        if have != want:
            raise MXNetError(message.format(text(have), text(want)) + ' (custom operator {!r}, input {!r})'.format(
                op_type, name))


def _place(op_type, data, named, inputs_names):
    """The inputs in the property's order: the positional ones, then those given by name."""
    if not named:
        return list(data)
    rest = inputs_names[len(data):]
    unknown = sorted(set(named) - set(rest))
    if unknown:
        raise MXNetError('custom operator {!r}: array argument(s) {} given by name are not among its inputs '
                         'after the {} given by position ({})'.format(
                             op_type, ', '.join(unknown), len(data), ', '.join(inputs_names)))
    return list(data) + [named[n] for n in rest if n in named]


def _outputs(op_type, prop, counts, names, inputs):
    """(output shapes, output dtypes) that the property infers for `inputs`, after checking that what it
    infers for the inputs themselves agrees with them."""
    args = inputs[:counts[0]]
    arg_shapes, out_shapes, aux_shapes = infer_shapes(op_type, prop, [tuple(t.shape) for t in args], counts)
    _agree(op_type, _INCONSISTENT_SHAPE, names, [tuple(t.shape) for t in inputs], arg_shapes + aux_shapes,
           _shape_text)
    arg_dtypes, out_dtypes, aux_dtypes = infer_dtypes(op_type, prop, [t.dtype for t in args], counts)
    _agree(op_type, _INCONSISTENT_TYPE, names, [t.dtype for t in inputs], arg_dtypes + aux_dtypes,
           TORCH_TO_NAME.get)
    _check_storage(op_type, prop, counts)
    return out_shapes, out_dtypes


@register()
def Custom(*data, op_type=None, **kwargs):
    """Run the custom operator registered as `op_type` (``mx.operator.register``) on `data`, its arguments
    then its auxiliary states; the other keyword arguments go to its CustomOpProp as strings. One output
    gives an array, several a list."""
    for t in data:
        if not isinstance(t, Tensor):
            raise AssertionError('Positional arguments must have NDArray type, but got {}'.format(t))
    named = {k: v for k, v in kwargs.items() if isinstance(v, Tensor)}
    prop = custom_prop(op_type, {k: v for k, v in kwargs.items() if k not in named})
    op_type = str(op_type)
    arg_names, out_names, aux_names = io_names(op_type, prop)
    counts = (len(arg_names), len(out_names), len(aux_names))
    names = arg_names + aux_names
    inputs = _place(op_type, data, named, names)
    if len(inputs) != len(names):
        raise MXNetError('Operator Custom expects {} inputs, but got {} instead. (custom operator {!r}: '
                         'arguments {}, auxiliary states {})'.format(
                             len(names), len(inputs), op_type, arg_names, aux_names))
    out_shapes, out_dtypes = _outputs(op_type, prop, counts, names, inputs)
    device = inputs[0].device if inputs else current_context().torch_device
    if device.type == 'meta':
        outputs = tuple(torch.empty(s, dtype=d, device=device) for s, d in zip(out_shapes, out_dtypes))
    else:
        ctx = Context(context_of_device(device))
        op = _user(op_type, 'create_operator', prop.create_operator, ctx, [list(t.shape) for t in inputs],
                   [TORCH_TO_FLAG[t.dtype] for t in inputs])
        run = _Run(op_type, op, ctx, counts[0], out_shapes, out_dtypes, device)
        if torch.is_grad_enabled() and any(t.requires_grad for t in inputs[:counts[0]]):
            outputs = _Node.apply(run, *inputs)
        else:
            outputs = run.forward(inputs)
    return outputs[0] if len(outputs) == 1 else outputs


def _arrays(tensors):
    """NDArrays over `tensors` (their memory, outside any graph) for the user's code."""
    return [_wrap(t.detach()) for t in tensors]


class _Run:
    """One call's operator object and what its forward and backward need."""
    __slots__ = ('op_type', 'op', 'ctx', 'n_args', 'out_shapes', 'out_dtypes', 'device')

    def __init__(self, op_type, op, ctx, n_args, out_shapes, out_dtypes, device):
        self.op_type, self.op, self.ctx, self.n_args = op_type, op, ctx, n_args
        self.out_shapes, self.out_dtypes, self.device = out_shapes, out_dtypes, device

    def _call(self, method_name, **arguments):
        """The operator's method, run with recording off (training as it is) in the operator's context;
        torch's grad mode is put back as it was (the call may be inside torch's forward or backward)."""
        grad_mode = torch.is_grad_enabled()
        previous = _state.set_state(False, _state.state.training)
        prefix = self.op_type if method_name == 'forward' else '_backward_' + self.op_type
        try:
            with self.ctx, profiler._custom_operator_body(prefix):
                _user(self.op_type, 'CustomOp.' + method_name, getattr(self.op, method_name), **arguments)
        finally:
            _state.set_state(*previous)
            torch.set_grad_enabled(grad_mode)

    def forward(self, inputs):
        out_data = [_wrap(torch.zeros(s, dtype=d, device=self.device))
                    for s, d in zip(self.out_shapes, self.out_dtypes)]
        n = self.n_args
        self._call('forward', is_train=int(_state.state.training), req=['write'] * len(out_data),
                   in_data=_arrays(inputs[:n]), out_data=out_data, aux=_arrays(inputs[n:]))
        return tuple(a._t for a in out_data)

    def backward(self, out_grads, args, outputs, aux, needed):
        in_grad = [_wrap(torch.zeros_like(t)) for t in args]
        self._call('backward', req=['write' if need else 'null' for need in needed],
                   out_grad=_arrays(out_grads), in_data=_arrays(args), out_data=_arrays(outputs),
                   in_grad=in_grad, aux=_arrays(aux))
        return [g._t if need else None for g, need in zip(in_grad, needed)]


class _Node(torch.autograd.Function):
    """A recorded call: torch's graph node whose backward is the operator's."""

    @staticmethod
    def forward(ctx, run, *inputs):
        outputs = run.forward(inputs)
        ctx.run = run
        ctx.aux = inputs[run.n_args:]  # read at backward as they are then, as MXNet does
        ctx.save_for_backward(*inputs[:run.n_args], *outputs)
        return outputs

    @staticmethod
    def backward(ctx, *out_grads):
        run = ctx.run
        saved = ctx.saved_tensors
        n = run.n_args
        grads = run.backward(out_grads, saved[:n], saved[n:], ctx.aux, ctx.needs_input_grad[1:n + 1])
        return (None,) + tuple(grads) + (None,) * len(ctx.aux)
