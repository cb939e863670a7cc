"""mx.operator: operators written in Python, with their own forward and backward.

Describe the operator with a ``CustomOpProp`` subclass (its inputs and outputs, how their shapes and
dtypes follow from the arguments'), compute it in a ``CustomOp`` subclass, register the description under
a name and call it with ``nd.Custom(..., op_type=name)``::

    class Cube(mx.operator.CustomOp):
        def forward(self, is_train, req, in_data, out_data, aux):
            self.assign(out_data[0], req[0], in_data[0] ** 3)

        def backward(self, req, out_grad, in_data, out_data, in_grad, aux):
            self.assign(in_grad[0], req[0], 3 * in_data[0] ** 2 * out_grad[0])

    @mx.operator.register('cube')
    class CubeProp(mx.operator.CustomOpProp):
        def create_operator(self, ctx, shapes, dtypes):
            return Cube()

    y = mx.nd.Custom(x, op_type='cube')        # differentiable inside autograd.record()

How a call runs (and what the symbol layer calls) is described in mxtorch.ndarray.ops.custom.
"""
import collections
import inspect
import json
import os

from .base import MXNetError
from .ndarray import registry
from .ndarray.ops import custom as _custom

__all__ = ['CustomOp', 'CustomOpProp', 'register', 'get_all_registered_operators', 'OperatorArguments',
           'get_operator_arguments', 'PythonOp', 'NumpyOp', 'NDArrayOp']


class CustomOp:
    """The computation of a custom operator: override `forward` and `backward`.

    Both receive lists of NDArrays and write their results into arrays made for them (zero-filled, of the
    shapes and dtypes the property inferred), preferably with `assign`, which follows `req`."""

    def __init__(self):
        pass

    def forward(self, is_train, req, in_data, out_data, aux):
        """Fill `out_data` from `in_data` (and the auxiliary states `aux`, which may be updated in place);
        `is_train` is 1 in training mode, else 0; `req` has one entry per output."""

    def backward(self, req, out_grad, in_data, out_data, in_grad, aux):
        """Fill `in_grad`, the gradients of the arguments, from `out_grad`, those of the outputs; `req` has
        one entry per argument ('null' for an argument that needs no gradient)."""

    def assign(self, dst, req, src):
        """Write `src` into the array `dst` as `req` says: 'write' and 'inplace' overwrite, 'add' adds,
        'null' (or anything else) leaves `dst` as it is."""
        if req in ('write', 'inplace'):
            dst[:] = src
        elif req == 'add':
            dst[:] += src


_DENSE = 'default'


class CustomOpProp:
    """The description of a custom operator: its input and output names, shape and dtype inference, and
    the creation of its CustomOp. Register a subclass with `register`; it is instantiated per call with
    that call's extra keyword arguments, each as a string.

    Parameters
    ----------
    need_top_grad : bool, default True
        Whether backward uses the gradients of the outputs (False for an operator that is a loss)."""

    def __init__(self, need_top_grad=True):
        self.need_top_grad_ = need_top_grad

    def infer_shape(self, in_shape):
        """(argument shapes, output shapes[, auxiliary state shapes]) from the arguments' shapes (lists of
        ints); by default every output has the first argument's shape."""
        return in_shape, (in_shape[0],) * len(self.list_outputs()), ()

    def infer_type(self, in_type):
        """(argument dtypes, output dtypes[, auxiliary state dtypes]) from the arguments' dtypes (numpy
        types); by default everything has the first argument's dtype."""
        first = in_type[0]
        return in_type, [first] * len(self.list_outputs()), [first] * len(self.list_auxiliary_states())

    def infer_storage_type(self, in_stype):
        """(argument, output, auxiliary state) storage types; all dense ('default')."""
        _only_dense('in_stype', in_stype)
        return in_stype, [_DENSE] * len(self.list_outputs()), [_DENSE] * len(self.list_auxiliary_states())

    def infer_storage_type_backward(self, ograd_stype, in_stype, out_stype, igrad_stype, aux_stype):
        """The storage types of backward's arrays, all dense: each list is set to 'default' in place and
        the five are returned."""
        _only_dense('ograd_stype', ograd_stype)
        _only_dense('igrad_stype', ['default' if s == 'undefined' else s for s in igrad_stype])
        lists = (ograd_stype, in_stype, out_stype, igrad_stype, aux_stype)
        for stypes in lists:
            stypes[:] = [_DENSE] * len(stypes)
        return lists

    def list_outputs(self):
        """The names of the outputs (default ``['output']``)."""
        return ['output']

    def list_arguments(self):
        """The names of the arguments, the inputs that get gradients (default ``['data']``)."""
        return ['data']

    def list_auxiliary_states(self):
        """The names of the auxiliary states, inputs after the arguments that forward may update in place and
        that get no gradient (default none)."""
        return []

    def declare_backward_dependency(self, out_grad, in_data, out_data):
        """The ids, among those given, of the arrays backward reads: the output gradients (only when
        `need_top_grad_`), the arguments and the outputs."""
        return (list(out_grad) if self.need_top_grad_ else []) + list(in_data) + list(out_data)

    def create_operator(self, ctx, in_shapes, in_dtypes):
        """The CustomOp that computes the operator, for context `ctx`, the inputs' shapes and their dtypes
        (MXNet's type numbers); by default one that does nothing."""
        return CustomOp()


def _only_dense(what, stypes):
    for i, stype in enumerate(stypes):
        if stype != _DENSE:
            raise AssertionError("CustomOpProp's default storage type inference takes dense ('default') arrays "
                                 "only, but {}[{}] is {!r}: implement infer_storage_type and "
                                 'infer_storage_type_backward for other storage types'.format(what, i, stype))


def register(reg_name):
    """Decorator making a CustomOpProp subclass the custom operator `reg_name`, which
    ``nd.Custom(..., op_type=reg_name)`` runs. Registering a name again replaces the earlier class."""
    if not isinstance(reg_name, str):
        raise TypeError('register: the custom operator name must be a string, got {!r}'.format(reg_name))

    def enter(prop_cls):
        _custom.add_prop(reg_name, prop_cls)
        return prop_cls
    return enter


register('custom_op')(CustomOpProp)


# ---- the operator table, under MXNet's operator names ----------------------------------------------------
def _mxnet_name(namespace, name):
    """MXNet's registered name of the table entry `name` of `namespace` (nd.random.normal: _random_normal)."""
    return name if namespace in ('', '_internal') else '_{}_{}'.format(namespace, name)


def get_all_registered_operators():
    """The names of all operators, as MXNet registers them, sorted."""
    return sorted({_mxnet_name(namespace, name) for namespace, name in registry.OPS})


OperatorArguments = collections.namedtuple('OperatorArguments', ['narg', 'names', 'types'])

# MXNet's own description of its operators' arguments, where the symbol layer ships it
_FACTS = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'symbol', 'mxnet_ops.json')
_facts = None


def _mxnet_arguments(op_name):
    """[(name, MXNet's type text)] of MXNet operator `op_name` from the shipped facts, or None."""
    global _facts
    if _facts is None:
        try:
            with open(_FACTS, encoding='utf-8') as f:
                ops = json.load(f)['ops']
        except (OSError, ValueError, KeyError):
            ops = {}
        _facts = dict(ops)
        for entry in ops.values():
            for alias in entry.get('aliases') or ():
                _facts.setdefault(alias, entry)
    entry = _facts.get(op_name)
    return [tuple(arg) for arg in entry['args']] if entry else None


def _type_text(param):
    """An operator parameter's type, MXNet's way, as far as the implementation's signature tells it."""
    if param.kind is inspect.Parameter.VAR_POSITIONAL:
        return 'NDArray-or-Symbol[]'
    if param.name in registry._ARRAY_NAMES:
        return 'NDArray-or-Symbol'
    default = param.default
    if default is inspect.Parameter.empty or default is None:
        return 'required'
    kind = {bool: 'boolean', int: 'int', float: 'float', str: 'string', tuple: 'Shape(tuple)'}.get(
        type(default), type(default).__name__)
    return '{}, optional, default={}'.format(kind, int(default) if isinstance(default, bool) else default)


def get_operator_arguments(op_name):
    """OperatorArguments(narg, names, types) of the operator named `op_name` (MXNet's name): its
    parameters in order, array inputs included, with MXNet's type descriptions."""
    op = next((op for (namespace, name), op in registry.OPS.items() if _mxnet_name(namespace, name) == op_name),
              None)
    if op is None:
        raise MXNetError('Operator {} is not registered'.format(op_name))
    arguments = _mxnet_arguments(op_name)
    if arguments is None:
        arguments = [(p.name, _type_text(p)) for p in inspect.signature(op.impl).parameters.values()
                     if p.kind is not inspect.Parameter.VAR_KEYWORD]
    return OperatorArguments(len(arguments), [n for n, _ in arguments], [t for _, t in arguments])


# ---- MXNet's first Python operator interface ----------------------------------------------------------------
class PythonOp:
    """MXNet's first interface for Python operators, deprecated there in favour of CustomOp and not
    provided by mxtorch: making one raises MXNetError."""

    def __init__(self, need_top_grad=True):
        raise MXNetError('mx.operator.{} is deprecated in MXNet and not provided by mxtorch: write a CustomOp '
                         'and a CustomOpProp registered with mx.operator.register, and call it with '
                         'nd.Custom'.format(type(self).__name__))


class NumpyOp(PythonOp):
    """MXNet's deprecated operator on numpy arrays; not provided (see PythonOp)."""


class NDArrayOp(PythonOp):
    """MXNet's deprecated operator on NDArrays; not provided (see PythonOp)."""
