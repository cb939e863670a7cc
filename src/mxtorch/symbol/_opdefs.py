"""What a Symbol node needs to know about its operator, from the one operator table.

A node of MXNet's graphs names its operator by MXNet's registered name ('FullyConnected', '_plus_scalar',
'_contrib_box_nms', ...) and keeps its parameters as strings ({'num_hidden': '10'}). `OpDef` joins such a
name to the implementation in mxtorch's operator table (ndarray/registry.py) and to the facts about the
operator that MXNet's files depend on (mxnet_ops.json, read from MXNet 1.9.1's registry by
tools/make_symbol_facts.py): its array inputs in order, which of them are auxiliary states, how its outputs
are named, and the type of each parameter, by which the strings are read back.

Operators of the table that MXNet does not have (mxtorch's fused internal kernels) get an OpDef from the
implementation's own signature."""
import ast
import inspect
import json
import os

import numpy as np

from ..base import MXNetError
from ..context import Context
from ..ndarray import registry
from ..ndarray.ndarray import NDArray, _wrap

__all__ = ['OpDef', 'opdef', 'opdef_of_table_entry', 'format_attr', 'parse_attr', 'known_op_names']

_FACTS_FILE = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'mxnet_ops.json')
_facts = None       # {MXNet name: facts}, read on first use
_canonical = None   # {any MXNet name or alias: registered name}
_defs = {}          # {registered name: OpDef}

# Where each namespace of the table lives among MXNet's registered names.
_PREFIXES = {'': ('',), 'contrib': ('_contrib_',), 'linalg': ('_linalg_',), 'image': ('_image_',),
             '_internal': ('', '_'), 'random': ('_random_', '_sample_'), 'sparse': ('_sparse_',)}

# Outputs whose names MXNet gives per operator when there are several (its FListOutputNames).
_OUTPUT_NAMES = {
    'BatchNorm': ('output', 'mean', 'var'), '_contrib_SyncBatchNorm': ('output', 'mean', 'var'),
    '_contrib_BatchNormWithReLU': ('output', 'mean', 'var'), 'LayerNorm': ('output', 'mean', 'std'),
    'GroupNorm': ('output', 'mean', 'std'), 'RNN': ('output', 'state_output', 'statecell_output'),
}


def _load_facts():
    global _facts, _canonical
    if _facts is None:
        with open(_FACTS_FILE, encoding='utf-8') as f:
            facts = json.load(f)['ops']
        canonical = {}
        for real, entry in facts.items():
            canonical[real] = real
            for alias in entry['aliases']:
                canonical.setdefault(alias, real)
        _facts, _canonical = facts, canonical
    return _facts


def known_op_names():
    """Every operator name (aliases included) that MXNet 1.9.1 registers."""
    _load_facts()
    return set(_canonical)


# ---- attribute values as strings ------------------------------------------------------------------------
def format_attr(value):
    """The string MXNet keeps for a parameter value (Python's str, with dtypes by name)."""
    if isinstance(value, str):
        return value
    if isinstance(value, type) and issubclass(value, np.generic):
        return np.dtype(value).name
    if isinstance(value, np.dtype):
        return value.name
    if isinstance(value, (list, tuple)):
        return str(tuple(_plain(v) for v in value)) if isinstance(value, tuple) else str([_plain(v) for v in value])
    return str(_plain(value))


def _plain(v):
    # numpy scalars print as Python numbers
    return v.item() if isinstance(v, np.generic) else v


_TRUE, _FALSE = ('true', '1'), ('false', '0')


def parse_attr(type_string, text):
    """The Python value of a parameter kept as `text`, read by MXNet's type string of the parameter
    ('int, required', 'boolean, optional, default=0', 'Shape(tuple), ...', "{'relu', 'tanh'}", ...), or
    by its look when the type is not known (None)."""
    if not isinstance(text, str):
        return text
    s = text.strip()
    kind = (type_string or '').split(',')[0].strip()
    if s == 'None' and (type_string is None or 'None' in type_string or kind.startswith('{')):
        return None
    try:
        if kind.startswith('{') or kind == 'string':
            return s
        if kind == 'boolean':
            low = s.lower()
            if low in _TRUE:
                return True
            if low in _FALSE:
                return False
            raise ValueError(s)
        base = kind.split(' ')[0]
        if base in ('int', 'long', 'index_t', 'int64', 'uint64'):
            return int(float(s)) if ('.' in s or 'e' in s) else int(s)
        if base in ('float', 'double'):
            return float(s)
        if kind.startswith('Shape') or kind.startswith('tuple'):
            value = ast.literal_eval(s) if s else ()
            if isinstance(value, (int, float)) or value is None:
                return value if value is None else (value,)
            return tuple(value)
    except (ValueError, SyntaxError, TypeError):
        raise MXNetError('cannot read {!r} as {}'.format(text, type_string)) from None
    # a type this reader does not know (or none): a Python literal if it is one, else the text
    try:
        value = ast.literal_eval(s)
    except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
        return s
    if isinstance(value, list):
        value = tuple(value)
    return value if isinstance(value, (int, float, bool, tuple)) or value is None else s


# ---- operator definitions -------------------------------------------------------------------------------
class OpDef:
    """One operator as Symbol nodes see it.

    name: the name nodes carry (MXNet's registered name); impl: the tensor-level implementation; inputs:
    the array inputs in MXNet's order (the variadic one marked with a leading '*'); aux: those of them that
    are auxiliary states; params: {parameter: MXNet's type string or None}; var_num_args: the parameter
    counting the variadic input ('num_args'), if any."""
    __slots__ = ('name', 'impl', 'inputs', 'aux', 'params', 'var_num_args', 'default_outputs', 'from_mxnet',
                 '_signature', '_accepts_any')

    def __init__(self, name, impl, inputs, aux, params, var_num_args, default_outputs, from_mxnet):
        self.name, self.impl = name, impl
        self.inputs, self.aux, self.params = tuple(inputs), tuple(aux), dict(params)
        self.var_num_args, self.default_outputs, self.from_mxnet = var_num_args, default_outputs, from_mxnet
        self._signature = _signature_of(impl) if impl is not None else None
        self._accepts_any = self._signature is not None and any(
            p.kind is inspect.Parameter.VAR_KEYWORD for p in self._signature.parameters.values())

    def __repr__(self):
        return 'OpDef({})'.format(self.name)

    @property
    def variadic(self):
        """Whether the operator takes any number of arrays (Concat, add_n, ...)."""
        return any(n.startswith('*') for n in self.inputs)

    def input_names(self, attrs):
        """The array inputs a node with these attributes (strings) has, in order: some operators drop or
        add inputs by their parameters (no_bias, act_type='prelu', use_sequence_length, ...)."""
        rule = _INPUT_RULES.get(self.name)
        names = list(self.inputs)
        if rule is not None:
            names = rule(self, attrs, names)
        return names

    def output_names(self, attrs, count):
        """The names of a node's `count` outputs (without the node's name)."""
        special = _OUTPUT_NAMES.get(self.name)
        if special is not None and count <= len(special) and count > 1:
            return list(special[:count])
        default = self.default_outputs
        if default and len(default) == count:
            return list(default)
        if count == 1:
            return ['output']
        return ['output%d' % i for i in range(count)]

    def call_kwargs(self, attrs):
        """The implementation's keyword arguments for a node's attributes (strings): each parameter the
        operator has, read by its type; attributes MXNet keeps beside them (``__lr_mult__``, ...) and
        parameters the implementation does not take (performance hints such as cuDNN's) are left out."""
        kwargs = {}
        accepted = self._signature.parameters if self._signature is not None else {}
        for key, text in attrs.items():
            if key.startswith('__') and key.endswith('__'):
                continue
            # MXNet's facts list a few operators' parameters wrongly (_linspace's are _arange's): what the
            # implementation takes counts as well
            if key not in accepted and not self._accepts_any:
                continue
            value = parse_attr(self.params.get(key), text)
            if key == 'ctx':
                value = _context_of(value)
            kwargs[key] = value
        return kwargs

    def caller(self, names, kwargs):
        """A function of the input tensors (in the order of `names`) that runs the implementation with
        `kwargs`: the inputs go to the implementation's parameters of those names (the variadic ones to its
        ``*args``)."""
        signature = self._signature
        params = list(signature.parameters.values())
        has_var = any(p.kind is inspect.Parameter.VAR_POSITIONAL for p in params)
        by_name = {n.lstrip('*'): i for i, n in enumerate(names) if not n.startswith('*')}
        variadic = [i for i, n in enumerate(names) if n.startswith('*')]
        impl = self.impl
        if not has_var:
            # every input by keyword: the implementation's parameters carry MXNet's names
            plan = [(n, by_name[n]) for n in by_name]

            def call(*tensors):
                args = dict(kwargs)
                for key, i in plan:
                    args[key] = tensors[i]
                return impl(**args)
            return call
        # positional parameters before *args must be passed positionally: fill them from the inputs, or
        # from kwargs/defaults
        leading = []
        for p in params:
            if p.kind is inspect.Parameter.VAR_POSITIONAL:
                break
            leading.append(p)
        rest_kwargs = dict(kwargs)
        lead_plan = []
        for p in leading:
            if p.name in by_name:
                lead_plan.append(('input', by_name[p.name]))
            elif p.name in rest_kwargs:
                lead_plan.append(('value', rest_kwargs.pop(p.name)))
            elif p.default is not inspect.Parameter.empty:
                lead_plan.append(('value', p.default))
            else:
                lead_plan.append(('value', None))
        keyword_inputs = [(n, i) for n, i in by_name.items() if n not in {p.name for p in leading}]

        def call(*tensors):
            args = [tensors[i] if kind == 'input' else i for kind, i in lead_plan]
            args.extend(tensors[i] for i in variadic)
            extra = dict(rest_kwargs)
            for key, i in keyword_inputs:
                extra[key] = tensors[i]
            return impl(*args, **extra)
        return call


def _signature_of(impl):
    try:
        return inspect.signature(impl)
    except (TypeError, ValueError):
        return None


def _context_of(value):
    if value is None or value == '' or isinstance(value, Context):
        return value or None
    text = str(value)
    kind, _, rest = text.partition('(')
    try:
        return Context(kind, int(rest.rstrip(')') or 0))
    except (ValueError, MXNetError):
        return None


def _drop_when(flag, *names):
    """An input rule: the inputs `names` are absent when parameter `flag` is true."""
    def rule(op, attrs, inputs):
        if parse_attr('boolean', attrs.get(flag, 'False')):
            return [n for n in inputs if n not in names]
        return inputs
    return rule


def _keep_when(flag, *names, value=None):
    """An input rule: the inputs `names` are present only when parameter `flag` is true (or equals
    `value`)."""
    def rule(op, attrs, inputs):
        if value is None:
            on = parse_attr('boolean', attrs.get(flag, 'False'))
        else:
            on = str(attrs.get(flag, '')).strip("'\"") == value
        return inputs if on else [n for n in inputs if n not in names]
    return rule


def _rnn_inputs(op, attrs, inputs):
    mode = str(attrs.get('mode', '')).strip("'\"")
    keep = ['data', 'parameters', 'state']
    if mode == 'lstm':
        keep.append('state_cell')
    if parse_attr('boolean', attrs.get('use_sequence_length', 'False')):
        keep.append('sequence_length')
    return [n for n in inputs if n in keep]


def _ctc_inputs(op, attrs, inputs):
    out = [n for n in inputs if n in ('data', 'label')]
    if parse_attr('boolean', attrs.get('use_data_lengths', 'False')):
        out.append('data_lengths')
    if parse_attr('boolean', attrs.get('use_label_lengths', 'False')):
        out.append('label_lengths')
    return out


def _custom_inputs(op, attrs, inputs):
    from .. import operator as custom
    kwargs = {k: v for k, v in attrs.items() if k != 'op_type' and not k.startswith('__')}
    prop = custom.custom_prop(attrs.get('op_type'), kwargs)
    return list(prop.list_arguments()) + list(prop.list_auxiliary_states())


_INPUT_RULES = {
    'FullyConnected': _drop_when('no_bias', 'bias'),
    'Convolution': _drop_when('no_bias', 'bias'),
    'Deconvolution': _drop_when('no_bias', 'bias'),
    'Convolution_v1': _drop_when('no_bias', 'bias'),
    '_contrib_DeformableConvolution': _drop_when('no_bias', 'bias'),
    '_contrib_ModulatedDeformableConvolution': _drop_when('no_bias', 'bias'),
    'LeakyReLU': _keep_when('act_type', 'gamma', value='prelu'),
    'RNN': _rnn_inputs,
    'CTCLoss': _ctc_inputs,
    'softmax': _keep_when('use_length', 'length'),
    'SequenceMask': _keep_when('use_sequence_length', 'sequence_length'),
    'SequenceLast': _keep_when('use_sequence_length', 'sequence_length'),
    'SequenceReverse': _keep_when('use_sequence_length', 'sequence_length'),
    '_contrib_BilinearResize2D': _keep_when('mode', 'like', value='like'),
    'Custom': _custom_inputs,
}


def _raw_adapter(function):
    """A tensor-level implementation of an operator whose table function works on NDArrays (raw=True):
    the random samplers and a few others."""
    def impl(*args, **kwargs):
        args = [_wrap(a) if _is_tensor(a) else a for a in args]
        kwargs = {k: _wrap(v) if _is_tensor(v) else v for k, v in kwargs.items()}
        result = function(*args, **kwargs)
        if isinstance(result, NDArray):
            return result._t
        if isinstance(result, (list, tuple)):
            return type(result)(r._t if isinstance(r, NDArray) else r for r in result)
        return result
    impl.__name__ = getattr(function, '__name__', 'operator')
    try:
        impl.__signature__ = inspect.signature(function)
    except (TypeError, ValueError):
        pass
    return impl


def _is_tensor(x):
    import torch
    return isinstance(x, torch.Tensor)


def _table_impl(op):
    """The tensor-level implementation of a table entry (a raw entry's function is its NDArray-level
    implementation itself: registry.register(raw=True))."""
    return _raw_adapter(op.function) if op.function is op.impl else op.impl


def _mxnet_names_of(namespace, name):
    prefixes = _PREFIXES.get(namespace, ('_' + namespace + '_',))
    return [p + name for p in prefixes]


def _table_entry_for(mx_name):
    """The table entry implementing MXNet's operator `mx_name` (any of its names), or None."""
    facts = _load_facts()
    names = [mx_name] + (facts[mx_name]['aliases'] if mx_name in facts else [])
    for n in names:
        for namespace, prefixes in _PREFIXES.items():
            for prefix in prefixes:
                if prefix and n.startswith(prefix):
                    op = registry.OPS.get((namespace, n[len(prefix):]))
                    if op is not None:
                        return op
                elif not prefix:
                    op = registry.OPS.get((namespace, n))
                    if op is not None:
                        return op
    return None


def opdef(name):
    """The OpDef of an operator by any of its names (MXNet's or the table's); MXNetError when neither
    MXNet 1.9.1 nor mxtorch knows it."""
    facts = _load_facts()
    real = _canonical.get(name)
    key = real or name
    found = _defs.get(key)
    if found is not None:
        return found
    if real is not None:
        entry = facts[real]
        op = _table_entry_for(real)
        impl = _table_impl(op) if op is not None else None
        args = entry['args']
        inputs = [('*' + a if t.endswith('[]') else a) for a, t in args if t.startswith('NDArray-or-Symbol')]
        params = {a: t for a, t in args if not t.startswith('NDArray-or-Symbol')}
        found = OpDef(real, impl, inputs, entry['aux'] or (), params, entry['var_num_args'] or None,
                      entry['outputs'], True)
    else:
        op = _table_entry_by_table_name(name)
        if op is None:
            raise MXNetError('Cannot find operator {!r}: neither MXNet 1.9.1 nor mxtorch has it'.format(name))
        found = opdef_of_table_entry(op)
    _defs[key] = found
    return found


def _table_entry_by_table_name(name):
    for (namespace, n), op in registry.OPS.items():
        if n == name or (namespace and _mxnet_names_of(namespace, n)[0] == name):
            return op
    return None


def opdef_of_table_entry(op, called=None):
    """The OpDef of an operator of the table, under the name MXNet gives it when MXNet has it; `called`:
    the name (alias) it was reached by, tried first (``broadcast_add`` is MXNet's operator of that name
    even where the table's entry is ``add``)."""
    _load_facts()
    tried = [called] if called else []
    tried += [op.name] + [a for a in op.aliases if a != called]
    for table_name in tried:
        for mx_name in _mxnet_names_of(op.namespace, table_name) + ([table_name] if op.namespace else []):
            real = _canonical.get(mx_name)
            if real is not None and _table_entry_for(real) is op:
                return opdef(real)
    name = _mxnet_names_of(op.namespace, op.name)[0]
    if name in _defs:
        return _defs[name]
    impl = _table_impl(op)
    signature = _signature_of(impl)
    inputs, params = [], {}
    if signature is not None:
        for p in signature.parameters.values():
            if p.kind is inspect.Parameter.VAR_POSITIONAL:
                inputs.append('*' + p.name)
            elif p.kind is not inspect.Parameter.VAR_KEYWORD:
                params[p.name] = None
    found = OpDef(name, impl, inputs, (), params, None, None, False)
    _defs[name] = found
    return found
