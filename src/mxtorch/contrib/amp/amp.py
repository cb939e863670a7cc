"""``mx.contrib.amp``: MXNet 1.9.1's automatic mixed precision (AMP) on torch.

``init()`` replaces the operator functions of ``mx.nd`` and ``mx.sym`` named in MXNet's lists by versions
that first cast their floating-point inputs: the low-precision operators (Convolution, FullyConnected, ...)
to float16/bfloat16, the operators MXNet keeps in float32 (softmax, exp, norms, losses, ...) to float32,
and those that need one type (elemwise_add, concat, ...) to the widest type among their inputs. torch then
runs each operator in the dtype of its inputs (its bfloat16 kernels on CPUs, float16/bfloat16 on CUDA);
autograd carries the gradients back through the casts, so the parameters and their gradients stay float32.
``init_trainer``/``scale_loss``/``unscale`` add MXNet's dynamic loss scaling to a Gluon Trainer;
``convert_symbol``/``convert_model``/``convert_hybrid_block`` insert amp_cast/amp_multicast nodes into a
float32 graph for inference. The operator lists are MXNet's own (``lists.json``, written by
tools/make_amp_lists.py from MXNet 1.9.1)."""
import contextlib
import json
import logging
import os

import numpy as np
import torch

from ... import ndarray as _nd
from ... import optimizer as _opt
from ... import symbol as _sym
from ...base import missing_names_getattr as _missing_names_getattr
from ...context import gpu
from ...ndarray.ndarray import NDArray
from ...symbol import Symbol
from ...symbol._graph import Node, topological
from .loss_scaler import LossScaler

__all__ = ('init init_trainer scale_loss unscale convert_model convert_hybrid_block list_lp16_ops list_fp32_ops '
           'list_lp16_fp32_ops list_conditional_fp32_ops list_widest_type_cast list_loss_output_functions '
           'list_lp16_use_fp32_params convert_symbol').split()

# MXNet's messages, word for word
_MSG = {
    'init_dtype': "AMP currently supports only float16 or bfloat16 as a target_dtype",
    'convert_dtype': "Only target_dtype float16 and bfloat16 are supported currently",
    'not_list': "{} should be a list of strs", 'cond_list': "conditional_fp32_ops should be a list",
    'cond_entry': "conditional_fp32_ops should be a list of (str, str, list of str)",
    'common': "Ops cannot be in two or more lists. Common ops in {} and {} {}",
    'first': "First argument to {} should be Symbol",
}

# MXNet's name for bfloat16 (numpy has no such type: a 16-bit record, as MXNet 1.9.1 spells it)
bfloat16 = np.dtype([('bfloat16', np.uint16)])

with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), 'lists.json')) as _f:
    _LISTS = json.load(_f)
for _table in (_LISTS['float16'], _LISTS['bfloat16']):
    _table['conditional_fp32'] = [tuple(entry) for entry in _table['conditional_fp32']]
del _f, _table

# mxtorch's fused kernels that stand for compositions of operators MXNet runs in float32 (log_softmax,
# pick, mean, ...): they stay in float32 too
_FUSED_FP32 = ('_softmax_ce_loss', '_loss_reduce')
_OP_PREFIXES = ('_contrib_', '_linalg_', '_sparse_', '_image_', '_random_')

_amp_initialized = False
_amp_loss_scale_initialized = False
_loss_scaler = None
_replaced = []   # (namespace, name, original function) of every function init() replaced


# ---- the lists ------------------------------------------------------------------------------------------
def _table(target_dtype):
    if target_dtype in ['float16', np.float16]:
        return _LISTS['float16']
    if target_dtype != bfloat16:
        raise AssertionError("not supported type")
    return _LISTS['bfloat16']


def list_lp16_ops(target_dtype):
    """The operators AMP runs in `target_dtype` (float16, or ``amp.bfloat16``)."""
    return list(_table(target_dtype)['lp16'])


def list_fp32_ops(target_dtype):
    """The operators AMP runs in float32."""
    return list(_table(target_dtype)['fp32'])


def list_lp16_fp32_ops(target_dtype):
    """The operators that run in whichever of the low precision and float32 their inputs have."""
    return list(_table(target_dtype)['lp16_fp32'])


def list_conditional_fp32_ops(target_dtype):
    """(operator, parameter, values) triples: the operator runs in float32 when the parameter has one of
    the values (Activation with act_type='softrelu', ...)."""
    return list(_table(target_dtype)['conditional_fp32'])


def list_widest_type_cast(target_dtype):
    """The operators whose inputs are cast to the widest floating-point type among them."""
    return list(_table(target_dtype)['widest_type_cast'])


def list_loss_output_functions(target_dtype):
    """The output operators whose gradient AMP multiplies by the loss scale (SoftmaxOutput, ...)."""
    return list(_table(target_dtype)['loss_output'])


def list_lp16_use_fp32_params(target_dtype):
    """For bfloat16: operator -> its inputs (by position; '' for one that is cast) kept in float32; None
    for float16."""
    table = _table(target_dtype)
    return None if 'lp16_use_fp32_params' not in table else dict(table['lp16_use_fp32_params'])


# ---- init: the casting wrappers -------------------------------------------------------------------------
def _torch_dtype(dtype):
    return torch.bfloat16 if dtype is bfloat16 or dtype == 'bfloat16' else \
        torch.float16 if dtype in ('float16', np.float16) else torch.float32


_CASTABLE = {'cpu': (torch.float32, torch.bfloat16)}   # other devices: float32 and float16
_GPU_CASTABLE = (torch.float32, torch.float16)
_NAMES = {torch.float16: 'float16', torch.bfloat16: 'bfloat16', torch.float32: 'float32'}


def _caster(target):
    """A function that casts an NDArray (as MXNet does: only between float32 and the device's low
    precision type) or a Symbol (always, through an amp_cast node) to the torch dtype `target`."""
    name = _NAMES[target]
    nd_cast = _nd.amp_cast

    def cast(x):
        if isinstance(x, NDArray):
            t = x._t
            if t.dtype is not target and t.dtype in _CASTABLE.get(t.device.type, _GPU_CASTABLE):
                return nd_cast(x, dtype=name)
            return x
        if isinstance(x, Symbol):
            return _sym_cast(x, name)
        return x
    return cast


def _sym_cast(sym, dtype, name=None):
    """An amp_cast node of `sym` to `dtype` (the name of a torch dtype, bfloat16 included)."""
    out = _sym.amp_cast(sym, dtype='float32', name=name)
    out._entries[0][0].attrs['dtype'] = dtype   # numpy, and so mx.sym's dtype parsing, knows no bfloat16
    return out


def _casting(f, target, kept=None, condition=None):
    """`f` with its array inputs cast to `target`; `kept` names (by position, or by keyword) inputs left as
    they are; `condition` = (parameter, values) casts only when the call gives the parameter one of them."""
    cast = _caster(target)

    def wrapped(*args, **kwargs):
        if condition is not None and kwargs.get(condition[0], None) not in condition[1]:
            return f(*args, **kwargs)
        if kept:
            args = [a if i < len(kept) and kept[i] else cast(a) for i, a in enumerate(args)]
            kwargs = {k: v if k in kept else cast(v) for k, v in kwargs.items()}
        else:
            args = [cast(a) for a in args]
            kwargs = {k: cast(v) for k, v in kwargs.items()}
        return f(*args, **kwargs)
    return _named_like(wrapped, f)


def _widest(f, target):
    """`f` with its inputs in one type: for arrays float32 when any input is float32, else `target`; for
    Symbols an amp_multicast node over them."""

    def wrapped(*args, **kwargs):
        args = list(args)
        found = [(args, i, a) for i, a in enumerate(args) if isinstance(a, (NDArray, Symbol))] + \
            [(kwargs, k, a) for k, a in kwargs.items() if isinstance(a, (NDArray, Symbol))]
        if any(isinstance(a, Symbol) for _, _, a in found):
            casts = _sym.amp_multicast(*[a for _, _, a in found], num_outputs=len(found))
            for n, (where, key, _) in enumerate(found):
                where[key] = casts[n]
        elif any(a._t.dtype is torch.float32 for _, _, a in found):
            for where, key, a in found:
                if a._t.dtype is target:
                    where[key] = _nd.amp_cast(a, dtype='float32')
        return f(*args, **kwargs)
    return _named_like(wrapped, f)


def _named_like(wrapped, f):
    for attr in ('__name__', '__qualname__', '__module__', '__doc__'):
        try:
            setattr(wrapped, attr, getattr(f, attr))
        except (AttributeError, TypeError):
            pass
    wrapped.__wrapped__ = f
    return wrapped


def _namespaces(module):
    """The namespace of each MXNet operator-name prefix, for `module` (mx.nd or mx.sym)."""
    return {prefix: getattr(module, prefix[1:-1], None) for prefix in _OP_PREFIXES}


def _where(name, module, spaces):
    """(namespace, attribute) holding MXNet's operator `name` in `module`, as MXNet looks it up."""
    for prefix in _OP_PREFIXES:
        if name.startswith(prefix):
            if prefix == '_random_' and not name.endswith('_like'):
                return getattr(module, '_internal', None), name
            return spaces[prefix], name[len(prefix):]
    if name.startswith('_'):
        return getattr(module, '_internal', None), name
    return module, name


def _replace(module, name, make):
    """Replace the operator `name` of `module` (and of ``module.op``) by ``make(original)``; operators
    mxtorch does not have are passed over."""
    space, attr = _where(name, module, _namespaces(module))
    f = getattr(space, attr, None) if space is not None else None
    if f is None or not callable(f):
        return
    new = make(f)
    _replaced.append((space, attr, f))
    setattr(space, attr, new)
    op = getattr(module, 'op', None)
    if space is module and op is not None and getattr(op, attr, None) is f:
        _replaced.append((op, attr, f))
        setattr(op, attr, new)


def _wrap_module(module, target, lp16_ops, conditional_fp32_ops, fp32_ops, fp32_params, widest):
    for name in lp16_ops:
        kept = (fp32_params or {}).get(name)
        _replace(module, name, lambda f, kept=kept: _casting(f, target, kept=kept))
    for name in fp32_ops:
        _replace(module, name, lambda f: _casting(f, torch.float32))
    for name, param, values in conditional_fp32_ops:
        _replace(module, name, lambda f, c=(param, tuple(values)): _casting(f, torch.float32, condition=c))
    for name in widest:
        _replace(module, name, lambda f: _widest(f, target))


def _wrap_loss_outputs(module, scaler, names):
    def scaled(f):
        def wrapped(*args, **kwargs):
            kwargs['grad_scale'] = kwargs.get('grad_scale', 1.0) * scaler.loss_scale
            return f(*args, **kwargs)
        return _named_like(wrapped, f)

    def warned(f):
        def wrapped(*args, **kwargs):
            logging.warning("%s does not support dynamic loss scaling "
                            "in symbolic and hybridized execution.", f.__name__)
            return f(*args, **kwargs)
        return _named_like(wrapped, f)
    for name in names:
        f = getattr(module, name, None)
        if f is not None:
            _replaced.append((module, name, f))
            setattr(module, name, scaled(f) if module is _nd else warned(f))


def init(target_dtype='float16', target_precision_ops=None,
         conditional_fp32_ops=None, fp32_ops=None):
    """Turn AMP on for this process, before the model is made: from now on the listed operators of
    ``mx.nd`` and ``mx.sym`` cast their inputs (see the module's description). A second call does nothing.

    Parameters
    ----------
    target_dtype : {'float16', 'bfloat16'}
        The low precision type. On CPUs float32 arrays are cast to it; on GPUs float32 arrays to it and,
        for float32 operators, float16 ones back.
    target_precision_ops : list of str, optional
        Operators to run in target_dtype, instead of ``list_lp16_ops(target_dtype)``.
    conditional_fp32_ops : list of (str, str, list of str), optional
        (operator, parameter, values) that run in float32, instead of MXNet's list.
    fp32_ops : list of str, optional
        Operators to run in float32, instead of ``list_fp32_ops(target_dtype)``.
    """
    global _amp_initialized, _loss_scaler
    if _amp_initialized:
        return
    if target_dtype not in ('bfloat16', bfloat16, 'float16', np.float16):
        raise AssertionError(_MSG['init_dtype'])
    logging.info("Using AMP")
    _amp_initialized = True
    target_dtype = bfloat16 if target_dtype in ('bfloat16', bfloat16) else np.dtype(target_dtype)
    target = _torch_dtype(target_dtype)
    lp16 = target_precision_ops if target_precision_ops is not None else list_lp16_ops(target_dtype)
    fp32 = fp32_ops if fp32_ops is not None else list_fp32_ops(target_dtype)
    conditional = conditional_fp32_ops if conditional_fp32_ops is not None else \
        list_conditional_fp32_ops(target_dtype)
    for module in (_sym, _nd):
        _wrap_module(module, target, lp16, conditional, list(fp32) + list(_FUSED_FP32),
                     list_lp16_use_fp32_params(target_dtype), list_widest_type_cast(target_dtype))
    _loss_scaler = LossScaler()
    for module in (_nd, _sym):
        _wrap_loss_outputs(module, _loss_scaler, list_loss_output_functions(target_dtype))


def _reset():
    """Undo `init` (mxtorch only; MXNet has no way back): the original operator functions return."""
    global _amp_initialized, _amp_loss_scale_initialized, _loss_scaler
    while _replaced:
        space, attr, f = _replaced.pop()
        setattr(space, attr, f)
    _amp_initialized = _amp_loss_scale_initialized = False
    _loss_scaler = None


# ---- loss scaling ---------------------------------------------------------------------------------------
def _trainer_class():
    from ...gluon.trainer import Trainer
    return Trainer


def _only_trainers(optimizer_or_trainer):
    if isinstance(optimizer_or_trainer, _opt.Optimizer):
        raise TypeError("AMP is currently only compatible with Gluon Trainer")
    raise TypeError("optimizer_or_trainer should be a Gluon Trainer or "
                    "an optimizer, instead is %s" % type(optimizer_or_trainer))


def init_trainer(optimizer_or_trainer):
    """Give a Gluon Trainer AMP's dynamic loss scale: its steps then skip updates whose gradients
    overflowed (and halve the scale), and `scale_loss` scales losses by it. The first trainer gets the
    scale `init` made (the one the loss output operators use), later ones a scale of their own.

    Parameters
    ----------
    optimizer_or_trainer : Trainer
        The Gluon Trainer (an Optimizer is refused: TypeError).
    """
    global _amp_loss_scale_initialized
    if not _amp_initialized:
        raise AssertionError("AMP not initialized, did you forget to call amp.init()?")
    if _amp_loss_scale_initialized:
        scaler = LossScaler()
    else:
        _amp_loss_scale_initialized = True
        scaler = _loss_scaler
    if not isinstance(optimizer_or_trainer, _trainer_class()):
        _only_trainers(optimizer_or_trainer)
    optimizer_or_trainer._amp_loss_scaler = scaler
    optimizer_or_trainer._amp_original_scale = optimizer_or_trainer._scale


@contextlib.contextmanager
def scale_loss(loss, optimizer_or_trainer):
    """``with amp.scale_loss(loss, trainer) as scaled: autograd.backward(scaled)``: gives the loss (or the
    list of losses) times the current loss scale, and sets the trainer to divide the gradients by it at
    its next step."""
    scaler = getattr(optimizer_or_trainer, '_amp_loss_scaler', None)
    if scaler is None:
        raise AssertionError('Loss scaler is not initialized, did you forget to call amp.init_trainer()?')
    factor = scaler.loss_scale
    optimizer_or_trainer._scale = optimizer_or_trainer._amp_original_scale / factor
    yield [part * factor for part in loss] if isinstance(loss, (list, tuple)) else factor * loss


def unscale(optimizer_or_trainer):
    """Divide the gradients of the trainer's parameters by the loss scale now (to clip them, say), so that
    its next step does not divide them again.

    Parameters
    ----------
    optimizer_or_trainer : Trainer
        The Gluon Trainer whose loss was scaled with `scale_loss`.
    """
    if not isinstance(optimizer_or_trainer, _trainer_class()):
        _only_trainers(optimizer_or_trainer)
    factor = optimizer_or_trainer._scale
    with torch.no_grad():
        for param in optimizer_or_trainer._params:
            for g in param._grad or ():
                g._t.mul_(factor)
    optimizer_or_trainer._scale = 1.


# ---- converting graphs ----------------------------------------------------------------------------------
def _user_list(given, default, what):
    if given is None:
        return default
    if not isinstance(given, list):
        raise AssertionError(_MSG['cond_list'] if what == 'conditional_fp32_ops' else _MSG['not_list'].format(what))
    return given


def _check_lists(target_dtype, target_dtype_ops, fp32_ops, conditional_fp32_ops, excluded_sym_names):
    target_dtype_ops = _user_list(target_dtype_ops, list_lp16_ops(target_dtype), 'target_dtype_ops')
    fp32_ops = _user_list(fp32_ops, list_fp32_ops(target_dtype), 'fp32_ops')
    conditional_fp32_ops = _user_list(conditional_fp32_ops, list_conditional_fp32_ops(target_dtype),
                                      'conditional_fp32_ops')
    for entry in conditional_fp32_ops:
        if not (isinstance(entry[0], str) and isinstance(entry[1], str) and isinstance(entry[2], list)):
            raise AssertionError(_MSG['cond_entry'])
    excluded_sym_names = _user_list(excluded_sym_names, [], 'excluded_sym_names')
    conditional_names = [entry[0] for entry in conditional_fp32_ops]
    named = {'target_dtype_ops': target_dtype_ops, 'fp32_ops': fp32_ops, 'conditional_fp32_ops': conditional_names}
    for first, second in (('target_dtype_ops', 'fp32_ops'), ('target_dtype_ops', 'conditional_fp32_ops'),
                          ('fp32_ops', 'conditional_fp32_ops')):
        common = set(named[first]).intersection(named[second])
        if common:
            raise AssertionError(_MSG['common'].format(first, second, common))
    every = list_lp16_ops(target_dtype) + list_fp32_ops(target_dtype) + list_lp16_fp32_ops(target_dtype)
    every += [entry[0] for entry in list_conditional_fp32_ops(target_dtype)]
    unknown = set(target_dtype_ops + fp32_ops + conditional_names).difference(every)
    if unknown:
        pad = ' ' * 28
        choices = ''.join('\n%s%d. amp.%s(target_dtype)' % (pad, n, f) for n, f in enumerate(
            ('list_lp16_ops', 'list_fp32_ops', 'list_lp16_fp32_ops', 'list_conditional_fp32_ops'), 1))
        raise AssertionError('Can only choose ops from one of the three lists\n%sfor lp16_ops and fp32_ops%s\n%s'
                             'Op %s not in any of them' % (pad, choices, pad, unknown))
    return target_dtype_ops, fp32_ops, conditional_fp32_ops, excluded_sym_names


class _Pass:
    """One rewrite of a float32 graph into a mixed precision one: each node is copied in topological
    order, its inputs replaced by casts where its operator's list asks for them. The dtype of every output
    is followed ('float32', the target, or None when unknown: parameters without __dtype__), and each cast
    made is kept, so that an output is cast to a dtype at most once."""

    def __init__(self, target, lp16, fp32, conditional, excluded, widest, fp32_params):
        self.target, self.lp16, self.fp32 = target, set(lp16), set(fp32)
        self.conditional = {name: (param, set(values)) for name, param, values in conditional}
        self.excluded, self.widest, self.fp32_params = set(excluded), set(widest), fp32_params or {}
        self.copies, self.dtypes, self.casts = {}, {}, {}

    def entry(self, src, k):
        return self.copies[id(src)], k

    def cast(self, src, k, dtype):
        """The copy of output k of `src`, in `dtype` (a cast node, made once)."""
        if self.dtypes.get((id(src), k)) == dtype:
            return self.entry(src, k)
        key = (id(src), k, dtype)
        if key not in self.casts:
            if src.op is None:
                name = '%s_amp_cast_%s' % (src.name, dtype)
            elif dtype == 'float32':
                name = '%s_amp_cast_float32' % src.output_names()[k]
            else:
                name = '%s_%d_amp_cast_%s' % (src.name, k, dtype)
            self.casts[key] = _sym_cast(Symbol([self.entry(src, k)]), dtype, name)._entries[0]
        return self.casts[key]

    def mirror(self, src, k, dtype):
        """An existing copy of output k of `src` in `dtype`, or None."""
        if self.dtypes.get((id(src), k)) == dtype:
            return self.entry(src, k)
        return self.casts.get((id(src), k, dtype))

    def node(self, node):
        inputs, out = [self.entry(s, k) for s, k in node.inputs], None
        known = [self.dtypes.get((id(s), k)) for s, k in node.inputs]
        name = node.op.name
        cond = self.conditional.get(name)
        if node.name in self.excluded:
            out = next((d for d in known if d is not None), None)
        elif name in self.fp32 or (cond is not None and str(node.attrs.get(cond[0])) in cond[1]):
            inputs = [self.cast(s, k, 'float32') if d == self.target else e
                      for (s, k), e, d in zip(node.inputs, inputs, known)]
            out = 'float32'
        elif name in self.lp16:
            aux = set(node.op.aux or ())
            kept = self.fp32_params.get(name) or ()
            inputs = [e if (j < len(kept) and kept[j]) or node.input_names[j] in aux
                      else self.cast(s, k, self.target)
                      for j, ((s, k), e) in enumerate(zip(node.inputs, inputs))]
            out = self.target
        elif name in self.widest and node.inputs:
            low = [self.mirror(s, k, self.target) for s, k in node.inputs]
            wide = [self.mirror(s, k, 'float32') for s, k in node.inputs]
            if all(e is not None for e in low):     # every input is, or has a copy, in the target type
                inputs, out = low, self.target
            elif all(e is not None for e in wide):  # else in float32
                inputs, out = wide, 'float32'
            else:
                first_src, first_k = node.inputs[0]
                label = first_src.name if first_src.op is None else first_src.output_names()[first_k]
                casts = _sym.amp_multicast(*[Symbol([e]) for e in inputs], num_outputs=len(inputs),
                                           name='%s_amp_multicast' % label)
                inputs = list(casts._entries)
                out = None   # as MXNet: the output of a multicast is cast again where float32 is needed
        else:
            out = next((d for d in known if d is not None), None)
        copy = Node(node.op, node.name, node.attrs, inputs, node.input_names, node.num_outputs, node.versions)
        copy.version = node.version
        return copy, out

    def run(self, entries, data_names):
        for node in topological(entries):
            if node.op is None:
                copy = Node(None, node.name, node.attrs)
                copy.version = node.version
                dtype = 'float32' if node.name in data_names else _declared_dtype(node)
            else:
                copy, dtype = self.node(node)
            self.copies[id(node)] = copy
            for k in range(node.total_outputs()):
                self.dtypes[(id(node), k)] = dtype
        # the outputs of the graph come back in float32
        return [self.cast(n, k, 'float32') if self.dtypes.get((id(n), k)) != 'float32' else self.entry(n, k)
                for n, k in entries]


def _declared_dtype(node):
    flag = node.attrs.get('__dtype__')
    names = {'0': 'float32', '2': 'float16', '12': 'bfloat16'}
    return names.get(str(flag)) if flag is not None else None


def convert_symbol(sym, target_dtype="float16", target_dtype_ops=None, fp32_ops=None,
                   conditional_fp32_ops=None, excluded_sym_names=None, data_names=None, cast_optional_params=False):
    """A mixed precision copy of the float32 graph `sym`: amp_cast nodes before the inputs of the operators
    of the low precision list (to `target_dtype`) and of the float32 list (back to float32, for inputs
    in the low precision), amp_multicast before operators that need one type, and a cast to float32 of
    outputs in the low precision.

    Parameters
    ----------
    sym : Symbol
        The float32 graph.
    target_dtype : {'float16', 'bfloat16'}
    target_dtype_ops, fp32_ops : list of str, optional
        Instead of MXNet's lists of operators in target_dtype and in float32.
    conditional_fp32_ops : list of (str, str, list of str), optional
        Instead of MXNet's (operator, parameter, values) list of operators in float32 for some values.
    excluded_sym_names : list of str, optional
        Nodes (by name) left as they are.
    data_names : list of str, optional
        The inputs that are data (float32); by default the variables without a __dtype__ attribute.
    cast_optional_params : bool, default False
        MXNet's option to store parameters in the low precision; mxtorch keeps them float32 and casts them
        in the graph.
    """
    if not isinstance(sym, Symbol):
        raise AssertionError(_MSG['first'].format('convert_symbol'))
    if target_dtype not in ('bfloat16', 'float16'):
        raise AssertionError(_MSG['convert_dtype'])
    lists_dtype = bfloat16 if target_dtype == 'bfloat16' else target_dtype
    lp16, fp32, conditional, excluded = _check_lists(lists_dtype, target_dtype_ops, fp32_ops,
                                                     conditional_fp32_ops, excluded_sym_names)
    if data_names is None:
        attrs = sym.attr_dict()
        data_names = [name for name in sym.list_inputs() if '__dtype__' not in attrs.get(name, {})]
    rewrite = _Pass(target_dtype, lp16, fp32, conditional, excluded, list_widest_type_cast(lists_dtype),
                    list_lp16_use_fp32_params(lists_dtype))
    return Symbol(rewrite.run(sym._entries, set(data_names)))


def convert_model(sym, arg_params, aux_params, target_dtype="float16", target_dtype_ops=None, fp32_ops=None,
                  conditional_fp32_ops=None, excluded_sym_names=None, cast_optional_params=False):
    """`convert_symbol` for a model saved as (symbol, arg_params, aux_params): the arguments that are not
    parameters are its data. Returns (converted symbol, arg_params, aux_params).

    Parameters
    ----------
    sym : Symbol
    arg_params, aux_params : dict of str to NDArray
    target_dtype, target_dtype_ops, fp32_ops, conditional_fp32_ops, excluded_sym_names,
    cast_optional_params :
        As for `convert_symbol`.
    """
    if excluded_sym_names is None:
        excluded_sym_names = []
    if target_dtype not in ('bfloat16', 'float16'):
        raise AssertionError(_MSG['convert_dtype'])
    if not isinstance(sym, Symbol):
        raise AssertionError(_MSG['first'].format('convert_model'))
    for position, given in (('Second', arg_params), ('Third', aux_params)):
        if not isinstance(given, dict):
            raise AssertionError('{} argument to convert_model should be a dict of name to ndarray'.format(
                position))
    params = set(arg_params) | set(aux_params)
    data_names = [name for name in sym.list_inputs() if name not in params]
    converted = convert_symbol(sym, target_dtype, target_dtype_ops, fp32_ops, conditional_fp32_ops,
                               excluded_sym_names, data_names, cast_optional_params)
    return converted, arg_params, aux_params


def convert_hybrid_block(block, target_dtype="float16", target_dtype_ops=None, fp32_ops=None,
                         conditional_fp32_ops=None, excluded_sym_names=None, ctx=gpu(0), cast_optional_params=False):
    """A SymbolBlock running the mixed precision version (`convert_symbol`) of a hybridized block's graph,
    for inference, with the block's parameter values on `ctx`. The block must have been hybridized and
    run once.

    Parameters
    ----------
    block : HybridBlock
    target_dtype, target_dtype_ops, fp32_ops, conditional_fp32_ops, excluded_sym_names,
    cast_optional_params :
        As for `convert_symbol`.
    ctx : Context, default gpu(0)
        Where the parameters of the returned block live.
    """
    from ...gluon import SymbolBlock, HybridBlock
    if not isinstance(block, HybridBlock):
        raise AssertionError("block input should be a HybridBlock")
    if not block._cached_graph:   # MXNet's words (they speak of export)
        raise RuntimeError("Please first call block.hybridize() and then run forward with this block at least "
                           "once before calling export.")
    inputs, graph = block._cached_graph
    converted = convert_symbol(graph, target_dtype, target_dtype_ops, fp32_ops, conditional_fp32_ops,
                               excluded_sym_names, data_names=[s.name for s in inputs],
                               cast_optional_params=cast_optional_params)
    args, auxs = set(converted.list_arguments()), set(converted.list_auxiliary_states())
    values = {}
    for name, param in block.collect_params().items():
        if name in args:
            values['arg:' + name] = param._reduce()
        elif name in auxs:
            values['aux:' + name] = param._reduce()
    result = SymbolBlock(converted, inputs)
    result.collect_params().load_dict(values, ctx=ctx)
    return result


__getattr__ = _missing_names_getattr(__name__, 'mx.contrib.amp', ('convert_bucketing_module',),
                                     {'convert_bucketing_module': 'convert each bucket with convert_model'})
