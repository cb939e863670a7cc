"""Operators as graph nodes see them: MXNet's facts about each operator joined to mxtorch's implementation.

A node of an MXNet graph names its operator by MXNet's registered name (``FullyConnected``,
``_plus_scalar``, ``_contrib_box_nms``) and keeps its parameters as text (``{'num_hidden': '10'}``).
Everything MXNet's files and names depend on comes from ``mxnet_ops.json``, which
``tools/make_symbol_facts.py`` reads out of MXNet 1.9.1's own registry: the names, the arguments in order
with their type strings, which inputs are auxiliary states, how outputs are named and counted. The
computation comes from the one operator table (``ndarray/registry.py``). :class:`OpDef` holds both.

MXNet operators that mxtorch does not implement still get an OpDef (``impl`` None): their nodes can be
built, listed, saved and loaded; inferring or running them says that mxtorch lacks the operator. mxtorch's
own kernels that MXNet does not have (``_internal._rnn_layer``, ...) get an OpDef from the signature of
their implementation."""
import ast
import inspect
import json
import os
import re

import numpy as np
import torch

from ..base import MXNetError
from ..context import Context
from ..ndarray import registry
from ..ndarray.ndarray import NDArray, _wrap

__all__ = ['OpDef', 'ParamSpec', 'opdef', 'opdef_of_table_entry', 'format_attr', 'parse_attr', 'known_op_names',
           'facts', 'HIDDEN_KEYS', 'hidden_key']

_FACTS_FILE = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'mxnet_ops.json')
_facts = {}        # canonical name -> facts, read on first use
_canonical = {}    # every MXNet name (aliases too) -> canonical name
_defs = {}         # name -> OpDef

# attributes MXNet keeps hidden (as __key__) when given under their plain name
HIDDEN_KEYS = ('ctx_group', 'lr_mult', 'wd_mult', 'force_mirroring', 'mirror_stage', 'profiler_scope')

# where the table's namespaces live among MXNet's registered names
_PREFIXES = {'': ('',), 'contrib': ('_contrib_',), 'linalg': ('_linalg_',), 'image': ('_image_',),
             '_internal': ('', '_'), 'random': ('_random_', '_sample_'), 'sparse': ('_sparse_',)}


def facts():
    """{canonical MXNet name: its facts} (see tools/make_symbol_facts.py)."""
    if not _facts:
        with open(_FACTS_FILE, encoding='utf-8') as f:
            table = json.load(f)['ops']
        for real, entry in table.items():
            _canonical[real] = real
            for alias in entry['aliases']:
                _canonical.setdefault(alias, real)
        _facts.update(table)
    return _facts


def canonical_name(name):
    """MXNet's registered name for any of an operator's names, or None."""
    facts()
    return _canonical.get(name)


def known_op_names():
    """Every operator name (aliases included) that MXNet 1.9.1 registers."""
    facts()
    return set(_canonical)


def hidden_key(key):
    """``__lr_mult__`` for ``lr_mult`` and the other hidden keys; any other key unchanged."""
    return '__%s__' % key if key in HIDDEN_KEYS else key


# ---- parameter values as text ---------------------------------------------------------------------------
def _plain(v):
    return v.item() if isinstance(v, np.generic) else v


def format_attr(value):
    """The text MXNet keeps for a parameter value: Python's ``str`` (numpy scalars as Python numbers)."""
    if isinstance(value, str):
        return value
    if isinstance(value, tuple):
        return str(tuple(_plain(v) for v in value))
    if isinstance(value, list):
        return str([_plain(v) for v in value])
    return str(_plain(value))


_INT = re.compile(r'\s*[+-]?\d+\s*$')
_FLOAT = re.compile(r'\s*[+-]?((\d+\.?\d*|\.\d+)([eE][+-]?\d+)?|inf|infinity|nan)$', re.IGNORECASE)
_TUPLE = re.compile(r'\s*[(\[](.*)[)\]]\s*$', re.DOTALL)
_INT_KINDS = ('int', 'long', 'index_t', 'int64', 'uint64', 'int (non-negative)', 'long (non-negative)')
_FLOAT_KINDS = ('float', 'double', 'real_t')


class ParamSpec:
    """One parameter of an operator, from MXNet's type string: ``kind`` ('int', 'float', 'bool',
    'shape' (ints), 'floats', 'enum', 'text'), whether 'None' is allowed, the choices of an enum,
    whether it is required, and ``text``, the type as MXNet's messages name it."""
    __slots__ = ('name', 'text', 'kind', 'none_ok', 'choices', 'required')

    def __init__(self, name, type_string):
        self.name = name
        s = type_string.strip()
        if s.startswith('{'):
            head, tail = s[:s.index('}') + 1], s[s.index('}') + 1:]
            self.choices = tuple(c.strip().strip("'") for c in head[1:-1].split(','))
            self.kind, self.none_ok = 'enum', 'None' in self.choices
        else:
            head, _, tail = s.partition(',')
            self.choices = ()
            base = head.strip()
            self.none_ok = base.endswith(' or None')
            base = base[:-len(' or None')] if self.none_ok else base
            if base in _INT_KINDS:
                self.kind = 'int'
            elif base in _FLOAT_KINDS:
                self.kind = 'float'
            elif base == 'boolean':
                self.kind = 'bool'
            elif base in ('Shape(tuple)', 'Shape', 'tuple of <long>', 'tuple of <int>'):
                self.kind = 'shape'
                self.none_ok = True if base != 'tuple of <long>' else self.none_ok
            elif base in ('tuple of <float>', 'tuple of <double>'):
                self.kind = 'floats'
            elif base == 'any':
                self.kind = 'any'   # mxtorch's own kernels: no type string, the text is read by its look
            else:
                self.kind = 'text'
        self.text = head.strip()
        self.required = 'required' in tail

    def accepts(self, text):
        """Whether MXNet's parser of this parameter takes `text`."""
        if self.none_ok and text.strip() == 'None':
            return True
        kind = self.kind
        if kind == 'int':
            return bool(_INT.match(text))
        if kind == 'float':
            return bool(_FLOAT.match(text))
        if kind == 'bool':
            return text.lower() in ('true', 'false', '1', '0')
        if kind == 'enum':
            return text in self.choices
        if kind in ('shape', 'floats'):
            if _INT.match(text) or (kind == 'floats' and _FLOAT.match(text)):
                return True
            inside = _TUPLE.match(text)
            if inside is None:
                return False
            items = [i for i in inside.group(1).split(',')]
            if items and not items[-1].strip():
                items.pop()   # (1,) and [1, 2, ]
            pattern = _INT if kind == 'shape' else _FLOAT
            return all(pattern.match(i.strip().rstrip('L')) for i in items)
        return True

    def value(self, text):
        """The Python value of `text` (checked or not): int, float, bool, tuple, str or None."""
        s = text.strip()
        if self.none_ok and s == 'None':
            return None
        kind = self.kind
        if kind == 'any':
            return parse_attr(None, text)
        try:
            if kind == 'int':
                return int(s)
            if kind == 'float':
                return float(s)
            if kind == 'bool':
                return s.lower() in ('true', '1')
            if kind in ('shape', 'floats'):
                convert = int if kind == 'shape' else float
                if _INT.match(s) or (kind == 'floats' and _FLOAT.match(s)):
                    return (convert(s),)
                inside = _TUPLE.match(s)
                if inside is None:
                    raise ValueError(s)
                return tuple(convert(i.strip().rstrip('L')) for i in inside.group(1).split(',') if i.strip())
        except ValueError:
            raise MXNetError('Invalid Parameter format for {} expect {} but value=\'{}\''.format(
                self.name, self.text, text)) from None
        return s


def parse_attr(type_string, text):
    """The Python value of a parameter kept as `text`, read by MXNet's type string of the parameter, or
    by its look when the type is not known (None): a number, bool, tuple or None if the text is one, else
    the text."""
    if not isinstance(text, str):
        return text
    if type_string is not None:
        return ParamSpec('value', type_string).value(text)
    s = text.strip()
    if s in ('True', 'False', 'None') or _INT.match(s) or _FLOAT.match(s) or _TUPLE.match(s):
        try:
            value = ast.literal_eval(s)
        except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
            return s
        if isinstance(value, list):
            value = tuple(value)
        if isinstance(value, (int, float, bool, tuple)) or value is None:
            return value
    return s


def _in_operator(op_name, node_name, attrs):
    shown = ''.join(', {}="{}"'.format(k, v) for k, v in sorted(attrs.items()))
    return ', in operator {}(name="{}"{})'.format(op_name, node_name, shown)


# ---- what MXNet's C++ operators compute from their parameters ------------------------------------------
def _flag(attrs, key, default=False):
    text = attrs.get(key)
    return default if text is None else text.strip().lower() in ('true', '1')


def _word(attrs, key, default=''):
    return str(attrs.get(key, default)).strip().strip("'\"")


def _count(attrs, key, default):
    try:
        return int(attrs.get(key, default))
    except (TypeError, ValueError):
        return default


def _drop_when(flag, *names):
    """Inputs `names` are absent when boolean parameter `flag` is true (no_bias)."""
    return lambda attrs, inputs: [n for n in inputs if n not in names] if _flag(attrs, flag) else inputs


def _keep_when(flag, *names, value=None):
    """Inputs `names` are present only when `flag` is true, or equals `value`."""
    def rule(attrs, inputs):
        on = _flag(attrs, flag) if value is None else _word(attrs, flag) == value
        return inputs if on else [n for n in inputs if n not in names]
    return rule


def _rnn_inputs(attrs, inputs):
    keep = {'data', 'parameters', 'state'}
    if _word(attrs, 'mode') == 'lstm':
        keep.add('state_cell')
    if _flag(attrs, 'use_sequence_length'):
        keep.add('sequence_length')
    return [n for n in inputs if n in keep]


def _ctc_inputs(attrs, inputs):
    keep = {'data', 'label'}
    keep.update(n for n in ('data_lengths', 'label_lengths') if _flag(attrs, 'use_' + n))
    return [n for n in inputs if n in keep]


def _numbered(attrs, key, default=1):
    return ['arg%d' % i for i in range(_count(attrs, key, default))]


def _upsampling_inputs(attrs, inputs):
    if _word(attrs, 'sample_type') == 'bilinear':
        return ['data', 'weight']
    return _numbered(attrs, 'num_args')


def _custom_names(attrs):
    from ..ndarray.ops import custom
    kwargs = {k: v for k, v in attrs.items() if k != 'op_type' and not k.startswith('__')}
    prop = custom.custom_prop(attrs.get('op_type'), kwargs)
    return custom.io_names(attrs.get('op_type'), prop)


def _custom_inputs(attrs, inputs):
    arguments, _, aux = _custom_names(attrs)
    return arguments + aux


# operators whose inputs their parameters decide: {name: rule(attrs, inputs) -> names}
_INPUT_RULES = {
    'FullyConnected': _drop_when('no_bias', 'bias'), 'Convolution': _drop_when('no_bias', 'bias'),
    'Deconvolution': _drop_when('no_bias', 'bias'), 'Convolution_v1': _drop_when('no_bias', 'bias'),
    '_contrib_DeformableConvolution': _drop_when('no_bias', 'bias'),
    '_contrib_ModulatedDeformableConvolution': _drop_when('no_bias', 'bias'),
    '_contrib_quantized_conv': _drop_when('no_bias', 'bias', 'min_bias', 'max_bias'),
    '_contrib_quantized_fully_connected': _drop_when('no_bias', 'bias', 'min_bias', 'max_bias'),
    'LeakyReLU': _keep_when('act_type', 'gamma', value='prelu'),
    'RNN': _rnn_inputs, 'CTCLoss': _ctc_inputs,
    'softmax': _keep_when('use_length', 'length'),
    'SequenceMask': _keep_when('use_sequence_length', 'sequence_length'),
    'SequenceLast': _keep_when('use_sequence_length', 'sequence_length'),
    'SequenceReverse': _keep_when('use_sequence_length', 'sequence_length'),
    '_contrib_BilinearResize2D': _keep_when('mode', 'like', value='like'),
    'UpSampling': _upsampling_inputs, 'Custom': _custom_inputs,
    '_histogram': lambda attrs, inputs: inputs if _word(attrs, 'bin_cnt', 'None') == 'None' else
    [n for n in inputs if n != 'bins'],
}
_INPUT_RULES['Deconvolution'] = lambda attrs, inputs: (
    [n for n in inputs if n != 'bias'] if _flag(attrs, 'no_bias', True) else inputs)

# the names MXNet gives several outputs (its FListOutputNames), where they are not output0, output1, ...
_OUTPUT_NAMES = {
    'BatchNorm': ('output', 'mean', 'var'), 'BatchNorm_v1': ('output', 'mean', 'var'),
    '_contrib_SyncBatchNorm': ('output', 'mean', 'var'), '_contrib_BatchNormWithReLU': ('output', 'mean', 'var'),
    'LayerNorm': ('output', 'mean', 'std'), 'GroupNorm': ('output', 'mean', 'std'),
    'RNN': ('output', 'state_output', 'statecell_output'), 'Pooling': ('output', 'workspace'),
    'Dropout': ('output', 'mask'), 'LRN': ('output', 'tmp_norm'), '_contrib_Proposal': ('output', 'score'),
    '_contrib_MultiProposal': ('output', 'score'),
}
# operators that number their outputs even when there is one
_NUMBERED_OUTPUTS = {'SliceChannel'}


def _pooling_total(attrs):
    # MXNet's CPU build (oneDNN) keeps a workspace output for max pooling of 1-3 dimensional kernels
    kernel = attrs.get('kernel', '()')
    dims = len([d for d in kernel.strip('()[] ').split(',') if d.strip()])
    layout = _word(attrs, 'layout', 'None')
    if _word(attrs, 'pool_type', 'max') == 'max' and 1 <= dims <= 3 and layout in ('None', 'NCW', 'NCHW', 'NCDHW'):
        return 2
    return 1


def _split_v2_count(attrs):
    sections = _count(attrs, 'sections', 0)
    if sections > 0:
        return sections
    indices = attrs.get('indices', '()').strip('()[] ')
    return len([d for d in indices.split(',') if d.strip()])


def _topk_counts(attrs):
    kind = _word(attrs, 'ret_typ', 'indices')
    return (2, 2) if kind == 'both' else (1, 2) if kind == 'value' else (1, 1)


def _custom_counts(attrs):
    n = len(_custom_names(attrs)[1])
    return n, n


def _mean_var(total):
    return lambda attrs: (3 if _flag(attrs, 'output_mean_var') else 1, total)


# operators whose output counts their parameters decide: {name: attrs -> (visible, with hidden ones)}
_OUTPUT_COUNTS = {
    'SliceChannel': lambda a: (_count(a, 'num_outputs', 1),) * 2,
    '_split_v2': lambda a: (_split_v2_count(a),) * 2,
    'topk': _topk_counts,
    'BatchNorm': _mean_var(3), 'BatchNorm_v1': _mean_var(3), '_contrib_SyncBatchNorm': _mean_var(3),
    '_contrib_BatchNormWithReLU': _mean_var(4), 'LayerNorm': _mean_var(3), 'GroupNorm': _mean_var(3),
    'RNN': lambda a: ((3 if _word(a, 'mode') == 'lstm' else 2) if _flag(a, 'state_outputs') else 1,) * 2,
    'Pooling': lambda a: (1, _pooling_total(a)),
    '_contrib_Proposal': lambda a: (2 if _flag(a, 'output_score') else 1, 2),
    '_contrib_MultiProposal': lambda a: (2 if _flag(a, 'output_score') else 1, 2),
    'amp_multicast': lambda a: (_count(a, 'num_outputs', 1),) * 2,
    '_sample_multinomial': lambda a: (2 if _flag(a, 'get_prob') else 1,) * 2,
    'Custom': _custom_counts,
    # mxtorch's own kernels that gluon.rnn computes through
    '_rnn_layer': lambda a: ((3 if _word(a, 'mode') == 'lstm' else 2),) * 2,
    '_lstm_cell_step': lambda a: (2, 2),
}

# MXNet's FSetInputVarAttrOnCompose: initializers given to variables at these input positions
_ZERO, _ONE = '["zero", {}]', '["one", {}]'
_INPUT_INITS = {
    'BatchNorm': {3: _ZERO, 4: _ONE}, 'BatchNorm_v1': {3: _ZERO, 4: _ONE},
    '_contrib_SyncBatchNorm': {3: _ZERO, 4: _ONE}, '_contrib_BatchNormWithReLU': {3: _ZERO, 4: _ONE},
    'IdentityAttachKLSparseReg': {1: _ZERO}, 'LeakyReLU': {1: '["Constant", {"value": 0.25}]'},
    'UpSampling': {1: '["bilinear", {}]'},
}

# operators whose real parameters differ from those MXNet's registry documents
_PARAM_OVERRIDES = {
    '_linspace': [['start', 'double, required'], ['stop', 'double or None, optional, default=None'],
                  ['num', 'int, optional, default=50'], ['endpoint', 'boolean, optional, default=1'],
                  ['ctx', "string, optional, default=''"],
                  ['dtype', "{'float16', 'float32', 'float64', 'int32', 'int64', 'int8', 'uint8'},optional, "
                            "default='float32'"]],
    # MXNet 1.9.1 takes (and writes into its JSON) SparseEmbedding's `deterministic`, which its docs omit
    '_contrib_SparseEmbedding': [
        ['data', 'NDArray-or-Symbol'], ['weight', 'NDArray-or-Symbol'], ['input_dim', 'int, required'],
        ['output_dim', 'int, required'],
        ['dtype', "{'bfloat16', 'float16', 'float32', 'float64', 'int32', 'int64', 'int8', 'uint8'},optional, "
                  "default='float32'"],
        ['sparse_grad', 'boolean, optional, default=0'], ['deterministic', 'boolean, optional, default=0']],
}

# operators of the table whose array parameters are named differently from MXNet's inputs
_INPUT_RENAMES = {'_sample_normal': {'mu': 'loc', 'sigma': 'scale'}}


class OpDef:
    """An operator as graph nodes see it.

    ``name``: the name nodes carry (MXNet's registered name, or the table's for mxtorch's own kernels);
    ``impl``: the implementation over tensors (None where mxtorch lacks the operator); ``inputs``: the
    array inputs in MXNet's order, the variadic one marked with a leading '*'; ``aux``: those that are
    auxiliary states; ``params``: {name: ParamSpec} in MXNet's order; ``var_num_args``: the parameter
    counting the variadic input; ``from_mxnet``: whether MXNet 1.9.1 has the operator; ``named_inputs``:
    whether MXNet names its inputs (the update operators do not, so their nodes cannot be composed by
    name)."""
    __slots__ = ('name', 'impl', 'inputs', 'aux', 'params', 'var_num_args', 'from_mxnet', 'named_inputs',
                 '_outputs', '_total', '_signature', '_any_kwargs')

    def __init__(self, name, impl, inputs, aux, params, var_num_args, outputs=None, total=None, from_mxnet=True,
                 named_inputs=True):
        self.name, self.impl, self.from_mxnet = name, impl, from_mxnet
        self.named_inputs = named_inputs is not False
        self.inputs, self.aux = tuple(inputs), tuple(aux or ())
        self.params = params
        self.var_num_args = var_num_args or None
        self._outputs, self._total = outputs, total
        try:
            self._signature = inspect.signature(impl) if impl is not None else None
        except (TypeError, ValueError):
            self._signature = None
        self._any_kwargs = self._signature is not None and any(
            p.kind is inspect.Parameter.VAR_KEYWORD for p in self._signature.parameters.values())

    def __repr__(self):
        return 'OpDef({})'.format(self.name)

    @property
    def variadic(self):
        """Whether the operator takes a list of arrays (Concat, add_n, Custom, ...)."""
        return any(n.startswith('*') for n in self.inputs)

    # ---- inputs and outputs of a node -------------------------------------------------------------------
    def input_names(self, attrs):
        """The names of a node's inputs, in order, for its parameters (text): some operators drop or add
        inputs by parameter (no_bias, act_type='prelu', use_sequence_length, ...); a variadic operator has
        ``arg0``, ``arg1``, ... as many as its counting parameter says."""
        rule = _INPUT_RULES.get(self.name)
        if rule is not None:
            return rule(attrs, list(self.inputs))
        if self.variadic:
            fixed = [n for n in self.inputs if not n.startswith('*')]
            if self.var_num_args:
                return fixed + _numbered(attrs, self.var_num_args)
            return fixed
        return list(self.inputs)

    def output_counts(self, attrs):
        """(visible outputs, outputs counting the hidden ones) of a node."""
        rule = _OUTPUT_COUNTS.get(self.name)
        if rule is not None:
            return rule(attrs)
        visible = len(self._outputs) if self._outputs else 1
        return visible, max(self._total or visible, visible)

    def output_names(self, attrs, count=None):
        """The names of a node's first `count` outputs (all of them, hidden ones too, by default) without
        the node's name: MXNet's own names where the operator has them, else ``output`` for an operator of
        one output and ``output0``, ``output1``, ... otherwise (a sort node's only visible output is
        ``output0``: hidden outputs count)."""
        visible, total = self.output_counts(attrs)
        count = total if count is None else count
        if self.name == 'Custom':
            return list(_custom_names(attrs)[1][:count])
        named = _OUTPUT_NAMES.get(self.name)
        if named is not None:
            base = list(named[:count])
        elif self.name in _NUMBERED_OUTPUTS:
            base = []
        elif self.name in _OUTPUT_COUNTS or not self._outputs:
            base = ['output'][:count] if total == 1 else []
        else:   # as MXNet named the outputs of a default node
            base = list(self._outputs[:count])
        return base + ['output%d' % i for i in range(len(base), count)]

    def input_init(self, index):
        """The initializer MXNet gives a variable at input `index` that has none (BatchNorm's moving
        statistics: zero and one), or None."""
        return _INPUT_INITS.get(self.name, {}).get(index)

    # ---- parameters -------------------------------------------------------------------------------------
    def check_attrs(self, attrs, node_name=''):
        """MXNetError, in the words of MXNet's parameter parser, when a node's parameters (text) name an
        argument the operator does not have, give a value its type does not take, or leave out a required
        one. Attributes written ``__key__`` are not parameters."""
        if not self.from_mxnet or self.name == 'Custom':
            if self.name == 'Custom' and not attrs.get('op_type'):
                raise MXNetError('Required argument `op_type` is missing.')
            return
        where = _in_operator(self.name, node_name, attrs)
        for key in sorted(attrs):
            if key.startswith('__') and key.endswith('__'):
                continue
            spec = self.params.get(key)
            if spec is None:
                listing = '\n'.join('{} : {}'.format(k, p.text + (', required' if p.required else ', optional'))
                                    for k, p in self.params.items())
                raise MXNetError("Cannot find argument '{}', Possible Arguments:\n----------------\n{}\n{}".format(
                    key, listing, where))
            text = attrs[key]
            if not spec.accepts(text):
                if spec.kind == 'enum':
                    raise MXNetError("Invalid Input: '{}', valid values are: {}{}".format(text, spec.text, where))
                raise MXNetError("Invalid Parameter format for {} expect {} but value='{}'{}".format(
                    key, spec.text, text, where))
            if key == self.var_num_args and spec.value(text) < 1:
                raise MXNetError('value {} for Parameter {} should be greater equal to 1{}'.format(
                    text.strip(), key, where))
        for key, spec in self.params.items():
            if spec.required and key not in attrs:
                raise MXNetError('Required parameter {} of {} is not presented{}'.format(key, spec.text, where))

    def call_kwargs(self, attrs):
        """The implementation's keyword arguments for a node's parameters (text): each one the operator and
        its implementation have, read by its type (attributes ``__key__`` and parameters the implementation
        does not take, such as cuDNN hints, are left out)."""
        accepted = self._signature.parameters if self._signature is not None else {}
        kwargs = {}
        for key, text in attrs.items():
            if (key.startswith('__') and key.endswith('__')) or (key not in accepted and not self._any_kwargs):
                continue
            spec = self.params.get(key)
            value = spec.value(text) if spec is not None else parse_attr(None, text)
            kwargs[key] = _context_of(value) if key == 'ctx' else value
        return kwargs

    def caller(self, names, kwargs):
        """A function of a node's input tensors, in the order of `names` (the node's input names), running
        the implementation with `kwargs`: an input whose name is a parameter of the implementation goes
        there by keyword (by position when the parameter comes before the implementation's ``*args``), the
        others (``arg0``, ...) to its ``*args``."""
        if self.impl is None:
            raise MXNetError('operator {} is not provided by mxtorch yet'.format(self.name))
        impl = self.impl
        renames = _INPUT_RENAMES.get(self.name, {})
        names = [renames.get(n.lstrip('*'), n.lstrip('*')) for n in names]
        params = list(self._signature.parameters.values()) if self._signature is not None else []
        star = next((i for i, p in enumerate(params) if p.kind is inspect.Parameter.VAR_POSITIONAL), None)
        if star is None:
            plan = list(enumerate(names))

            def call(*tensors):
                args = dict(kwargs)
                for i, key in plan:
                    args[key] = tensors[i]
                return impl(**args)
            return call
        # parameters before *args are passed by position: from the inputs, the kwargs or their defaults
        lead, rest = [], dict(kwargs)
        for p in params[:star]:
            if p.name in names:
                lead.append((True, names.index(p.name)))
            else:
                lead.append((False, rest.pop(p.name, None if p.default is p.empty else p.default)))
        taken = {p.name for p in params[:star]}
        accepted = {p.name for p in params}
        by_key = [(i, n) for i, n in enumerate(names) if n not in taken and n in accepted]
        spread = [i for i, n in enumerate(names) if n not in taken and n not in accepted]

        def call(*tensors):
            args = [tensors[v] if is_input else v for is_input, v in lead]
            args.extend(tensors[i] for i in spread)
            extra = dict(rest)
            for i, key in by_key:
                extra[key] = tensors[i]
            return impl(*args, **extra)
        return call


def _context_of(value):
    if value is None or value == '' or isinstance(value, Context):
        return value or None
    kind, _, rest = str(value).partition('(')
    try:
        return Context(kind, int(rest.rstrip(')') or 0))
    except (ValueError, MXNetError):
        return None


# ---- finding implementations ----------------------------------------------------------------------------
def _tensor_level(function):
    """A tensor-level implementation of an operator whose table function works on NDArrays (registered
    raw: the random samplers and a few others)."""
    def impl(*args, **kwargs):
        args = [_wrap(a) if isinstance(a, torch.Tensor) else a for a in args]
        kwargs = {k: _wrap(v) if isinstance(v, torch.Tensor) else v for k, v in kwargs.items()}
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


def _impl_of(entry):
    return _tensor_level(entry.function) if entry.function is entry.impl else entry.impl


def _exponential_by_rate(lam, shape=None, dtype=None, **kwargs):
    # MXNet's _sample_exponential takes rates; mxtorch's sampler takes scales
    scale = 1.0 / (_wrap(lam) if isinstance(lam, torch.Tensor) else float(lam))
    return registry.OPS[('random', 'exponential')].function(scale=scale, shape=shape, dtype=dtype,
                                                             **kwargs)._t


# both of MXNet's exponential operators take rates (_random_exponential: scalar ones)
_SPECIAL_IMPLS = {'_sample_exponential': _exponential_by_rate, '_random_exponential': _exponential_by_rate}


def _table_entry(mx_name):
    """The table entry implementing MXNet's operator `mx_name` (by any of its names), or None."""
    entry = facts().get(mx_name)
    for name in [mx_name] + (entry['aliases'] if entry else []):
        for namespace, prefixes in _PREFIXES.items():
            for prefix in prefixes:
                if name.startswith(prefix):
                    op = registry.OPS.get((namespace, name[len(prefix):]))
                    if op is not None:
                        return op
    return None


def opdef(name):
    """The OpDef of an operator by any of its MXNet names, or by the table name of one of mxtorch's own
    kernels; MXNetError when neither MXNet 1.9.1 nor mxtorch has it."""
    found = _defs.get(name)
    if found is not None:
        return found
    real = canonical_name(name)
    if real is not None:
        found = _defs.get(real)
        if found is None:
            entry = facts()[real]
            special = _SPECIAL_IMPLS.get(real)
            table = _table_entry(real) if special is None else None
            impl = special if special is not None else (_impl_of(table) if table is not None else None)
            args = _PARAM_OVERRIDES.get(real, entry['args'])
            is_input = [t.startswith(('NDArray', 'Symbol')) for _, t in entry['args']]
            inputs = [('*' + a if t.endswith('[]') else a) for (a, t), array in zip(entry['args'], is_input) if array]
            if not any(n.startswith('*') for n in inputs):
                if entry.get('input_names') and real not in _INPUT_RULES:
                    # the names MXNet gives the inputs: legacy operators' auxiliary states are not among the
                    # documented arguments, and a few operators name their inputs otherwise
                    inputs = list(entry['input_names'])
                for extra in entry['aux'] or []:
                    if extra not in inputs:
                        inputs.append(extra)
            params = {a: ParamSpec(a, t) for a, t in args if not t.startswith(('NDArray', 'Symbol'))}
            counter = entry['var_num_args']
            if counter and counter not in params:   # add_n's num_args is not among its documented arguments
                params[counter] = ParamSpec(counter, 'int, required')
            found = OpDef(real, impl, inputs, entry['aux'], params, counter, entry['outputs'], entry['num_outputs'],
                          named_inputs=entry.get('named_inputs'))
            _defs[real] = found
    else:
        entry = next((op for (ns, n), op in registry.OPS.items() if ns == '_internal' and n == name), None)
        if entry is None:
            raise MXNetError('Cannot find operator {!r}: neither MXNet 1.9.1 nor mxtorch has it'.format(name))
        found = _own_opdef(name, entry)
    _defs[name] = found
    return found


def _own_opdef(name, entry):
    impl = _impl_of(entry)
    inputs, params = [], {}
    for p in inspect.signature(impl).parameters.values():
        if p.kind is inspect.Parameter.VAR_POSITIONAL:
            inputs.append('*' + p.name)
        elif p.kind is not inspect.Parameter.VAR_KEYWORD:
            params[p.name] = ParamSpec(p.name, 'any')
    return OpDef(name, impl, inputs, (), params, None, from_mxnet=False)


def opdef_of_table_entry(entry, called=None):
    """The OpDef of an entry of the operator table: MXNet's operator it implements (`called`, the name it
    was reached by, tried first), else mxtorch's own kernel."""
    for name in ([called] if called else []) + [entry.name] + list(entry.aliases):
        for prefix in _PREFIXES.get(entry.namespace, ('_%s_' % entry.namespace,)):
            real = canonical_name(prefix + name)
            if real is not None and _table_entry(real) is entry:
                return opdef(real)
    return opdef(entry.name) if entry.namespace == '_internal' else _own_opdef(entry.name, entry)
