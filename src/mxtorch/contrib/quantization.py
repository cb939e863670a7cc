"""mx.contrib.quantization (also ``mx.contrib.quant``): int8/uint8 inference models made from float32 ones.

The flow is MXNet 1.9.1's:

1. **The graph pass** (``_quantize_symbol``; MXQuantizeSymbol in MXNet's C++): every operator that has a
   quantized form (Convolution, FullyConnected, Activation relu, Pooling max/avg, Flatten, Concat over an
   axis > 0, elemwise_add, elemwise_mul, BatchNorm, Embedding, LSTM RNN) and is not excluded becomes
   ``quantized_<name>`` of ``_contrib_quantized_*``; float inputs reach it through ``<producer>_quantize``
   (``_contrib_quantize_v2``), int32 results leave through ``requantize_<name>``, and float consumers read
   ``<name>_dequantize``. In 'smart' mode an operator that may be quantized is quantized only where it lies
   between operators that must be (convolutions, fully connected layers, LSTMs). Parameters given offline
   become variables ``<param>_quantize``, ``<param>_quantize_min`` and ``_max``.
2. **Calibration** (calib_mode 'naive' or 'entropy'): the float32 model runs over calibration batches in a
   Module whose executor reports every layer's output; the output ranges (naive) or the thresholds that
   minimize the KL divergence of their histograms (entropy) become the ``min_calib_range`` and
   ``max_calib_range`` of the quantize/requantize nodes.
3. **Parameters**: weights and biases quantized to int8 over their own (min, max).

Node names, attributes, the order of a graph's nodes in its JSON, the calibration layer names and the
quantized parameters are MXNet's; the quantized operators compute as MXNet's oneDNN CPU kernels do
(``mxtorch/ndarray/ops/quantization.py``). ``quantize_net``/``quantize_net_v2`` do the same for a Gluon
HybridBlock and give a SymbolBlock."""
import ctypes
import logging
import os
import shutil
import tempfile as _tempfile
import warnings

import numpy as np

try:
    from scipy import stats
except ImportError:     # entropy calibration needs it, as in MXNet
    stats = None

from ..base import MXNetError as _MXNetError
from ..base import check_call, py_str, c_array, c_str, c_str_array, mx_uint, NDArrayHandle, SymbolHandle
from ..base import _require
from .. import ndarray
from ..context import Context, cpu
from ..io import DataBatch, DataDesc, DataIter
from ..module import Module
from ..ndarray import NDArray, load as nd_load, save as nd_save
from ..symbol import Symbol, _graph, _opdefs, load as sym_load

__all__ = ['quantize_model', 'quantize_model_mkldnn', 'quantize_graph', 'calib_graph', 'quantize_net',
           'quantize_net_v2', 'combine_histogram']

_LOG = logging.getLogger(__name__)

# ---- what the graph pass knows about each float32 operator ---------------------------------------------
_MUST, _SUPPORT = 'must', 'support'
# MXNet's operators that name their outputs themselves (FListOutputNames): a quantize node made after one
# of them is named after the output ('pool0_output_quantize'), after any other operator after the output's
# position ('tanh0_0_quantize')
_NAMED_OUTPUTS = frozenset((
    'Activation', 'SoftmaxActivation', 'make_loss', 'elemwise_add', 'BatchNorm', 'Concat', 'Convolution',
    'Deconvolution', 'Dropout', 'FullyConnected', 'GroupNorm', 'LayerNorm', 'LRN', 'Pooling', 'softmax',
    'softmin', 'UpSampling', 'LeakyReLU', 'RNN', 'SoftmaxOutput', 'Custom', '_contrib_BatchNormWithReLU',
    '_contrib_ROIAlign', '_contrib_RROIAlign', 'im2col', 'col2im', '_contrib_interleaved_matmul_selfatt_qk',
    '_contrib_interleaved_matmul_selfatt_valatt', '_contrib_interleaved_matmul_encdec_qk',
    '_contrib_interleaved_matmul_encdec_valatt', '_contrib_calibrate_entropy', '_contrib_hawkesll',
    '_contrib_index_array', '_npi_concatenate', '_npi_dstack', '_npi_hstack', '_npi_matmul', '_npi_std',
    '_npi_var',
    # operators written as MXNet's legacy OperatorProperty classes name all their outputs
    'BatchNorm_v1', 'BilinearSampler', 'Convolution_v1', 'Correlation', 'Crop', 'GridGenerator',
    'IdentityAttachKLSparseReg', 'InstanceNorm', 'L2Normalization', 'MakeLoss', 'Pad', 'Pooling_v1',
    'ROIPooling', 'SVMOutput', 'SequenceLast', 'SequenceMask', 'SequenceReverse', 'SliceChannel',
    'SpatialTransformer', 'SwapAxis', '_CrossDeviceCopy', '_NDArray', '_Native',
    '_contrib_DeformableConvolution', '_contrib_DeformablePSROIPooling', '_contrib_MultiBoxDetection',
    '_contrib_MultiBoxPrior', '_contrib_MultiBoxTarget', '_contrib_MultiProposal', '_contrib_PSROIPooling',
    '_contrib_Proposal', '_contrib_SyncBatchNorm', '_contrib_count_sketch', '_contrib_fft', '_contrib_ifft'))
# the quantized operators MXNet 1.9.1 has for a GPU (the others are excluded there)
_GPU_QUANTIZED = frozenset(('_contrib_quantized_conv', '_contrib_quantized_fully_connected',
                            '_contrib_quantized_pooling', '_contrib_quantized_flatten'))
_ACT_TYPES = {'relu': 0, 'sigmoid': 1, 'tanh': 2, 'softrelu': 3, 'softsign': 4}


class _Rule:
    """How one float32 operator is quantized: ``make(node, say)`` gives the quantized operator's name, or
    None where this node has none (after saying why); ``kind`` 'must' or 'support' (the 'smart' mode);
    whether a requantize follows; which inputs stay float (``keep_float(i)``); which are quantized with a
    zero point (``asym(i)``); whether the outputs are float already (no dequantize after it); whether it
    is calibrated on its own output; attributes added to the quantized node."""
    __slots__ = ('make', 'kind', 'requantize', 'keep_float', 'asym', 'float_out', 'calib_output', 'extra')

    def __init__(self, make, kind=_SUPPORT, requantize=False, keep_float=None, asym=None, float_out=False,
                 calib_output=False, extra=None):
        self.make = make if callable(make) else (lambda node, say, _op=make: _op)
        self.kind, self.requantize, self.float_out, self.calib_output = kind, requantize, float_out, calib_output
        self.keep_float = keep_float or (lambda i: False)
        self.asym = asym or (lambda i: False)
        self.extra = dict(extra or {})


def _word(attrs, key, default):
    return str(attrs.get(key, default)).strip().strip('\'"')


def _activation(node, say):
    act = _word(node.attrs, 'act_type', 'relu')
    if act == 'relu':
        return '_contrib_quantized_act'
    say('Currently, quantized activation only supports relu, exclude %s which act_type is %s'
        % (node.name, _ACT_TYPES.get(act, act)))
    return None


def _pooling(node, say):
    # MXNet's other pool types make a graph that cannot run (a Pooling node given the quantized inputs)
    return '_contrib_quantized_pooling' if _word(node.attrs, 'pool_type', 'max') in ('max', 'avg') else None


def _concat(node, say):
    try:
        dim = int(_word(node.attrs, 'dim', 1))
    except ValueError:
        dim = 1
    if dim > 0:
        return '_contrib_quantized_concat'
    say('Currently, quantized concat only supports dim>0, exclude %s which dim is %d' % (node.name, dim))
    return None


def _embedding(node, say):
    return '_contrib_quantized_embedding' if _word(node.attrs, 'dtype', 'float32') == 'float32' else None


def _rnn(node, say):
    if _word(node.attrs, 'mode', '') == 'lstm':
        return '_contrib_quantized_rnn'
    say('Quantized RNN only supports LSTM mode.')
    return None


_RULES = {
    'Convolution': _Rule('_contrib_quantized_conv', _MUST, requantize=True),
    'FullyConnected': _Rule('_contrib_quantized_fully_connected', _MUST, requantize=True),
    'Activation': _Rule(_activation),
    'Pooling': _Rule(_pooling),
    'Flatten': _Rule('_contrib_quantized_flatten'),
    'Concat': _Rule(_concat),
    'elemwise_add': _Rule('_contrib_quantized_elemwise_add', requantize=True),
    'elemwise_mul': _Rule('_contrib_quantized_elemwise_mul', requantize=True),
    'BatchNorm': _Rule('_contrib_quantized_batch_norm', keep_float=lambda i: i != 0, calib_output=True),
    'Embedding': _Rule(_embedding, keep_float=lambda i: i == 0),
    'RNN': _Rule(_rnn, _MUST, keep_float=lambda i: i in (1, 2, 3), asym=lambda i: i == 0, float_out=True,
                 extra={'quantized': 'true'}),
}
_CALIB_INPUT_OPS = ('_contrib_quantize_v2', '_contrib_quantize_asym', '_contrib_requantize')
_CALIB_OUTPUT_OPS = ('_contrib_quantized_batch_norm',)


def _new_node(op_name, name, attrs, entries):
    """A graph node of operator `op_name` over entries [(node, index, version), ...]."""
    op = _opdefs.opdef(op_name)
    names = op.input_names(attrs)
    if len(names) != len(entries):     # variadic inputs with their ranges (quantized_concat)
        count = len(entries) // 3
        names = ['arg%d' % i for i in range(count)] + [
            'arg%d_%s' % (i, end) for i in range(count) for end in ('min', 'max')]
    node = _graph.Node(op, name, attrs, [(n, k) for n, k, _ in entries], names,
                       op.output_counts(attrs)[0], [v for _, _, v in entries])
    return node


def _copy_node(node, entries):
    copy = _graph.Node(node.op, node.name, node.attrs, [(n, k) for n, k, _ in entries], node.input_names,
                       node.num_outputs, [v for _, _, v in entries])
    copy.version, copy.subgraphs = node.version, node.subgraphs
    return copy


def _visible(node):
    return 1 if node.op is None else node.num_outputs


def _output_name(node, index):
    return node.name if node.op is None else node.output_names()[index]


def _mark(order, excluded_symbols, excluded_operators, mode, gpu, say):
    """{id(node): (rule, quantized operator name)} of the nodes to quantize."""
    chosen, kinds, consumers = {}, {}, {}
    for node in order:
        for src, _ in node.inputs:
            consumers.setdefault(id(src), []).append(node)
        if node.op is None:
            continue
        rule = _RULES.get(node.op.name)
        if rule is None:
            continue
        op_name = rule.make(node, say)
        if op_name is None or (gpu and op_name not in _GPU_QUANTIZED):
            say('Neither FCompute nor FComputeEx registered, %s is excluded automatically.' % node.op.name)
            continue
        if node.name in excluded_symbols or node.op.name in excluded_operators:
            continue
        chosen[id(node)] = (rule, op_name)
        kinds[id(node)] = rule.kind
    if mode == 'full':
        return chosen
    if mode != 'smart':
        raise _MXNetError('unrecognized quantize mode: %s' % mode)
    # 'smart': an operator that may be quantized is, where it lies on a path between operators that must be
    by_id = {id(n): n for n in order}
    must = [n for n in order if kinds.get(id(n)) == _MUST]
    support = {i: 0 for i, k in kinds.items() if k == _SUPPORT}
    for bit, step in ((1, lambda n: [s for s, _ in n.inputs]), (2, lambda n: consumers.get(id(n), []))):
        queue = list(must)
        while queue:
            node = queue.pop(0)
            for nxt in step(node):
                if id(nxt) in support:
                    support[id(nxt)] |= bit
                    queue.append(by_id[id(nxt)])
    for i, bits in support.items():
        if bits != 3:
            del chosen[i]
    return chosen


def _quantize_graph_pass(sym, excluded_symbols, excluded_operators, offline, quantized_dtype, mode, gpu,
                         say, verbose):
    """The quantized Symbol of `sym` and the names of the layer outputs to calibrate."""
    order = _graph.topological(sym._entries)
    chosen = _mark(order, set(excluded_symbols), set(excluded_operators), mode, gpu, say)
    mirror, reverse, quantize_of = {}, {}, {}     # quantize_of: (id(node), index, version) -> quantize entry

    def float_out(src):
        return id(src) in chosen and chosen[id(src)][0].float_out

    def range_of(node, index):
        first = max(_visible(node) - 2, 0) + 2 * index
        return first, first + 1

    for node in order:
        versions = node.versions if len(node.versions) == len(node.inputs) else [0] * len(node.inputs)
        if id(node) in chosen:
            rule, op_name = chosen[id(node)]
            if verbose:
                say('%s is quantized.' % node.name)
            data, ranges = [], []
            for i, ((src, k), ver) in enumerate(zip(node.inputs, versions)):
                here = mirror[id(src)]
                if rule.keep_float(i):
                    data.append((here, k, ver))
                    continue
                key = (id(src), k, ver)
                if id(src) not in chosen or float_out(src):
                    if key not in quantize_of:
                        suffix = ''
                        if here.op is not None:
                            named = src.op.name in _NAMED_OUTPUTS
                            suffix = '_' + (src.op.output_names(src.attrs, src.total_outputs())[k] if named
                                            else str(k))
                        qname = src.name + suffix + '_quantize'
                        if rule.asym(i):
                            made = _new_node('_contrib_quantize_asym', qname, {}, [(here, k, ver)])
                        else:
                            made = _new_node('_contrib_quantize_v2', qname, {'out_type': quantized_dtype},
                                             [(here, k, ver)])
                        quantize_of[key] = (made, 0, ver)
                    data.append(quantize_of[key])
                    q = quantize_of[key][0]
                    ranges += [(q, 1, 0), (q, 2, 0)]
                else:
                    producer = here.inputs[0][0] if here.op is not None and \
                        here.op.name == '_contrib_dequantize' else here
                    data.append((producer, k, ver))
                    low, high = range_of(producer, k)
                    ranges += [(producer, low, 0), (producer, high, 0)]
            attrs = dict(node.attrs)
            attrs.update(rule.extra)
            new = _new_node(op_name, 'quantized_' + node.name, attrs, data + ranges)
            if rule.requantize:
                new = _new_node('_contrib_requantize', 'requantize_' + node.name, {'out_type': quantized_dtype},
                                [(new, 0, 0), (new, 1, 0), (new, 2, 0)])
        else:
            if verbose and node.op is not None:
                say('%s is NOT quantized.' % node.name)
            entries = []
            for (src, k), ver in zip(node.inputs, versions):
                here = mirror[id(src)]
                is_dequantize = here.op is not None and here.op.name == '_contrib_dequantize'
                if id(src) in chosen and not is_dequantize and not float_out(src):
                    low, high = range_of(here, k)
                    dq = _new_node('_contrib_dequantize', src.name + '_dequantize', {},
                                   [(here, k, ver), (here, low, 0), (here, high, 0)])
                    entries.append((dq, 0, 0))
                    mirror[id(src)] = dq
                    reverse[id(dq)] = src
                else:
                    entries.append((here, k, ver))
            new = _copy_node(node, entries)
        mirror[id(node)] = new
        reverse[id(new)] = node

    outputs = []
    for src, k in sym._entries:
        here = mirror[id(src)]
        if id(src) in chosen and not float_out(src):
            if here.op is not None and here.op.name == '_contrib_dequantize':
                outputs.append((here, 0))       # a float consumer made it already
                continue
            low = _visible(src) + 2 * k
            dq = _new_node('_contrib_dequantize', src.name + '_dequantize', {},
                           [(here, k, 0), (here, low, 0), (here, low + 1, 0)])
            outputs.append((dq, 0))
        else:
            outputs.append((here, k))

    # parameters quantized offline: variables in place of their quantize nodes' outputs
    if offline:
        made = {}
        for node in _graph.topological(outputs):
            for i, (src, k) in enumerate(node.inputs):
                if src.op is not None and src.op.name == '_contrib_quantize_v2' and \
                        src.inputs[0][0].op is None and src.inputs[0][0].name in offline:
                    if (id(src), k) not in made:
                        made[(id(src), k)] = _graph.Node(None, src.name + ('', '_min', '_max')[k])
                    node.inputs[i] = (made[(id(src), k)], 0)
                    node.versions[i] = 0

    calib = []
    for node in _graph.topological(outputs):
        if node.op is None:
            continue
        if node.op.name in _CALIB_INPUT_OPS:
            src, k = node.inputs[0]
            if id(node) in reverse:
                calib.append(_output_name(reverse[id(node)], k))
            elif src.op is None:
                calib.append(src.name)
            elif id(src) in reverse:
                calib.append(_output_name(reverse[id(src)], k))
            else:
                raise ValueError("Can't find calibration node for %s" % node.name)
        elif node.op.name in _CALIB_OUTPUT_OPS:
            calib.append(_output_name(reverse.get(id(node), node), 0))
    return Symbol(outputs), calib


def _quantize_params(qsym, params, th_dict):
    """The parameters of quantized symbol `qsym` from the float32 `params`: every ``*weight_quantize`` and
    ``*bias_quantize`` argument is its parameter quantized to int8 over the parameter's own (min, max), with
    ``<name>_min`` and ``<name>_max``; other arguments found in `params` are kept, and ``<layer>_min`` /
    ``<layer>_max`` arguments take the calibrated ranges of `th_dict`."""
    quantized = {}
    for name in qsym.list_arguments():
        if name.endswith(('weight_quantize', 'bias_quantize')):
            param = params[name[:-len('_quantize')]]
            value, low, high = ndarray.contrib.quantize(data=param, min_range=ndarray.min(param),
                                                        max_range=ndarray.max(param), out_type='int8')
            quantized[name], quantized[name + '_min'], quantized[name + '_max'] = value, low, high
        elif name in params:
            quantized[name] = params[name]
        elif name.endswith('_min'):
            layer = name[:-len('_min')]
            if layer in th_dict:
                quantized[name] = ndarray.array([th_dict[layer][0]])
        elif name.endswith('_max'):
            layer = name[:-len('_min')]     # as MXNet: the name less four characters
            if layer in th_dict:
                quantized[name] = ndarray.array([th_dict[layer][1]])
    return quantized


def _quantize_symbol(sym, ctx, excluded_symbols=None, excluded_operators=None, offline_params=None,
                     quantized_dtype='int8', quantize_mode='smart', quantize_granularity='tensor-wise'):
    """The quantized graph of float32 Symbol `sym` for device `ctx` and the names of the layer outputs
    its quantize/requantize nodes are calibrated on: (Symbol, [name, ...])."""
    if excluded_symbols is not None:
        _require(isinstance(excluded_symbols, list),
                 'excluded_symbols must be a list of layer names, got %s' % type(excluded_symbols).__name__)
    else:
        excluded_symbols = []
    if excluded_operators is not None:
        _require(isinstance(excluded_operators, list),
                 'excluded_operators must be a list of operator names, got %s' % type(excluded_operators).__name__)
    else:
        excluded_operators = []
    offline = set(offline_params or ())
    gpu = getattr(ctx, 'device_type', 'cpu') == 'gpu'
    if gpu and quantize_granularity == 'channel-wise':
        raise ValueError('`channel-wise` quantization option is not supported yet by GPU, please set '
                         'quantize_granularity to `tensor-wise` when quantizing model.')
    verbose = os.environ.get('MXNET_QUANTIZATION_VERBOSE', '0') not in ('', '0')
    return _quantize_graph_pass(sym, excluded_symbols, excluded_operators, offline, quantized_dtype,
                                quantize_mode, gpu, _LOG.info, verbose)


def combine_histogram(old_hist, arr, new_min, new_max, new_th):
    """Adds the histogram of `arr` to `old_hist` = (counts, edges, min, max, threshold): over the old
    bins when `new_th` fits in the old threshold, else over bins widened symmetrically by whole old bin
    widths until they cover `new_th` (the old counts in the middle)."""
    counts, edges, low, high, th = old_hist
    if new_th <= th:
        more, _ = np.histogram(arr, bins=len(counts), range=(-th, th))
        return counts + more, edges, min(low, new_min), max(high, new_max), th
    width = 2 * th / len(counts)
    extra = int((new_th - th) // width + 1)
    total = len(counts) + 2 * extra
    wider = extra * width + th
    more, more_edges = np.histogram(arr, bins=total, range=(-wider, wider))
    more[extra:total - extra] += counts
    return more, more_edges, min(low, new_min), max(high, new_max), wider


def _as_numpy(arr):
    return arr.asnumpy() if isinstance(arr, NDArray) else np.asarray(arr)


def _layer_name(name, wanted):
    """The layer name (text) of a monitor callback's `name`, or None when it is not one of `wanted`."""
    name = py_str(name)
    return name if name in wanted else None


class _LayerHistogramCollector(object):
    """A monitor callback keeping, per layer output named in `include_layer`, the histogram of its values
    over ``num_bins`` bins (combined over batches): the statistics of entropy calibration."""

    def __init__(self, num_bins=8001, include_layer=None,
                 logger=None):
        self.num_bins, self.include_layer, self.logger = num_bins, include_layer, logger
        self.hist_dict = dict()

    def collect(self, name, arr):
        """The monitor callback: takes layer output `arr` of layer `name`."""
        name = _layer_name(name, self.include_layer)
        if name is None:
            return
        arr = _as_numpy(arr)
        if self.logger:
            self.logger.debug("Collecting layer %s histogram of shape %s" % (name, arr.shape))
        low, high = np.min(arr), np.max(arr)
        th = max(abs(low), abs(high))
        if name in self.hist_dict:
            self.hist_dict[name] = combine_histogram(self.hist_dict[name], arr, low, high, th)
        else:
            counts, edges = np.histogram(arr, bins=self.num_bins, range=(-th, th))
            self.hist_dict[name] = (counts, edges, low, high, th)


class _LayerOutputMinMaxCollector(object):
    """A monitor callback keeping, per layer output named in `include_layer`, its (min, max) over all
    batches: the thresholds of naive calibration."""

    def __init__(self, quantized_dtype, include_layer=None,
                 logger=None):
        self.quantized_dtype, self.include_layer, self.logger = quantized_dtype, include_layer, logger
        self.min_max_dict = dict()

    def collect(self, name, arr):
        """The monitor callback: takes layer output `arr` of layer `name`."""
        name = _layer_name(name, self.include_layer)
        if name is None:
            return
        if not isinstance(arr, NDArray):
            arr = ndarray.array(_as_numpy(arr))
        low = ndarray.min(arr).asscalar()
        high = ndarray.max(arr).asscalar()
        if name in self.min_max_dict:
            old_low, old_high = self.min_max_dict[name]
            self.min_max_dict[name] = (min(old_low, low), max(old_high, high))
        else:
            self.min_max_dict[name] = (low, high)
        if self.logger:
            self.logger.debug("Collecting layer %s min_range=%f, max_range=%f" % (name, low, high))


def _calibrate_quantized_sym(qsym, th_dict):
    """`qsym` with the thresholds of `th_dict` ({layer output name: (min, max)}) set as the calibrated
    ranges of its quantize, requantize and quantized batch-norm nodes (``min_calib_range``,
    ``max_calib_range``, written as C's %f of the float32 value). As in MXNet the nodes are changed in
    place: the Symbol returned shares them with `qsym`."""
    if th_dict is None or len(th_dict) == 0:
        return qsym
    table = {str(k): (float(np.float32(_scalar(v[0]))), float(np.float32(_scalar(v[1]))))
             for k, v in th_dict.items()}
    for node in _graph.topological(qsym._entries):
        if node.op is None:
            continue
        if node.op.name in _CALIB_INPUT_OPS:
            src, k = node.inputs[0]
        elif node.op.name in _CALIB_OUTPUT_OPS:
            src, k = node, 0
        else:
            continue
        name = _output_name(src, k)
        if src.name.startswith('quantized_'):
            name = name[len('quantized_'):]
        found = table.get(name)
        if found is not None:
            node.attrs['min_calib_range'] = '%f' % found[0]
            node.attrs['max_calib_range'] = '%f' % found[1]
    return Symbol(qsym._entries)


def _collect_layer_statistics(mod, data, collector, max_num_examples=None, logger=None):
    if not isinstance(data, DataIter):
        raise ValueError('Only supports data as a type of DataIter, while received type %s' % str(type(data)))
    mod._exec_group.execs[0].set_monitor_callback(collector.collect, monitor_all=True)
    seen = batches = 0
    for batches, batch in enumerate(data, 1):
        mod.forward(data_batch=batch, is_train=False)
        seen += data.batch_size
        if max_num_examples is not None and seen >= max_num_examples:
            break
    num_batches, num_examples = batches, seen
    if logger is not None:
        logger.info("Collected statistics from %d batches with batch_size=%d" % (num_batches, data.batch_size))
    return num_examples


def _collect_layer_output_min_max(mod, data, quantized_dtype, include_layer=None, max_num_examples=None,
                                  logger=None):
    """({layer output: (min, max)}, examples seen) over the batches of `data`."""
    filled = _LayerOutputMinMaxCollector(quantized_dtype=quantized_dtype, include_layer=include_layer,
                                         logger=logger)
    return filled.min_max_dict, _collect_layer_statistics(mod, data, filled, max_num_examples, logger)


def _collect_layer_histogram(mod, data, include_layer=None, max_num_examples=None, logger=None):
    """({layer output: histogram}, examples seen) over the batches of `data`."""
    filled = _LayerHistogramCollector(include_layer=include_layer, logger=logger)
    return filled.hist_dict, _collect_layer_statistics(mod, data, filled, max_num_examples, logger)


def _smooth_distribution(p, eps=0.0001):
    """Histogram `p` with every empty bin given `eps` and that mass taken evenly off the others (float32);
    a ValueError when every bin is empty."""
    empty = (p == 0).astype(np.float32)
    empties = empty.sum()
    filled = p.size - empties
    if filled == 0:
        raise ValueError('The discrete probability distribution is malformed. '
                         'All entries are 0.')
    taken = eps * float(empties) / float(filled)
    _require(taken < 1.0, 'n_zeros={:d}, n_nonzeros={:d}, eps1={:f}'.format(int(empties), int(filled), taken))
    smoothed = p.astype(np.float32) + (eps * empty - taken * (1.0 - empty))
    _require(not (smoothed <= 0).any(), 'the smoothed distribution still has entries <= 0')
    return smoothed


def _get_optimal_threshold(hist_data, quantized_dtype, num_quantized_bins=255):
    """(min, max, threshold, divergence) of one layer's histogram: the threshold whose quantization keeps
    the KL divergence from the float distribution smallest (``nd.contrib.calibrate_entropy``); twice the
    bins (and one) for a non-negative layer quantized to uint8 or 'auto'."""
    counts, edges, low, high, _ = hist_data
    _require(len(counts) % 2 == 1, 'the histogram needs an odd number of bins, got %d' % len(counts))
    if low >= 0 and quantized_dtype in ['auto', 'uint8']:
        num_quantized_bins = num_quantized_bins * 2 + 1
    threshold, divergence = ndarray.contrib.calibrate_entropy(
        hist=ndarray.array(counts, ctx=cpu()), hist_edges=ndarray.array(edges, ctx=cpu()),
        num_quantized_bins=num_quantized_bins)
    return low, high, threshold.asnumpy(), divergence.asnumpy()


def _scalar(value):
    return float(np.asarray(value).reshape(-1)[0])


def _get_optimal_thresholds(hist_dict, quantized_dtype, num_quantized_bins=255, logger=None):
    """{layer: (min, max)} thresholds of entropy calibration from {layer: histogram} (which it empties):
    (0, t) for non-negative layers quantized to uint8 or 'auto', else (-t, t)."""
    if stats is None:
        raise ImportError('scipy.stats is required for running entropy mode of calculating the optimal '
                          'thresholds for quantizing FP32 ndarrays into int8. Please check if the scipy python '
                          'bindings are installed.')
    _require(isinstance(hist_dict, dict), 'hist_dict must map layer names to histograms, got %s' % type(hist_dict).__name__)
    if logger is not None:
        logger.info('Calculating optimal thresholds for quantization using KL divergence with '
                    'num_quantized_bins=%d' % num_quantized_bins)
    th_dict = {}
    for name in list(hist_dict.keys()):
        low, high, th, divergence = _get_optimal_threshold(hist_dict[name], quantized_dtype,
                                                           num_quantized_bins=num_quantized_bins)
        th_dict[name] = (0, th) if low >= 0 and quantized_dtype in ['auto', 'uint8'] else (-th, th)
        del hist_dict[name]
        if logger:
            logger.debug('layer=%s, min_val=%f, max_val=%f, th=%f, divergence=%f'
                         % (name, low, high, _scalar(th), _scalar(divergence)))
    return th_dict


def _load_sym(sym, logger=None):
    """A Symbol, or the Symbol of a .json file (a path relative to this module's folder, as MXNet's)."""
    if isinstance(sym, str):
        path = os.path.join(os.path.dirname(os.path.realpath(__file__)), sym)
        if logger:
            logger.info('Loading symbol from file %s' % path)
        return sym_load(path)
    if isinstance(sym, Symbol):
        return sym
    raise ValueError('_load_sym only accepts Symbol or path to the symbol file, while received type %s'
                     % str(type(sym)))


def _load_params(params, logger=None):
    """(arg_params, aux_params) of a .params file (its 'arg:'/'aux:' entries) or of a pair of dicts."""
    if isinstance(params, str):
        path = os.path.join(os.path.dirname(os.path.realpath(__file__)), params)
        if logger:
            logger.info('Loading params from file %s' % path)
        arg_params, aux_params = {}, {}
        for key, value in nd_load(path).items():
            kind, name = key.split(':', 1)
            if kind == 'arg':
                arg_params[name] = value
            if kind == 'aux':
                aux_params[name] = value
        return arg_params, aux_params
    if isinstance(params, (tuple, list)) and len(params) == 2:
        return params[0], params[1]
    raise ValueError('Unsupported params provided. Must be either a path to the param file or a pair of '
                     'dictionaries representing arg_params and aux_params')


class _DataIterWrapper(DataIter):
    """Any iterable of batches (a gluon DataLoader) as a DataIter: the first batch names the inputs
    ('data', then 'data0', 'data1', ...; 'data0', 'data1', ... from three parts on) and fixes batch_size;
    5-D and 6-D first parts are folded into 4-D ones."""

    def __init__(self, calib_data):     # pylint: disable=super-init-not-called
        self._data = calib_data
        try:
            batches = iter(self._data)
        except TypeError as err:
            raise TypeError('calib_data is not a valid iterator. ' + str(err))
        first = next(batches)
        first = list(first) if isinstance(first, (list, tuple)) else [first]
        _require(len(first) > 0, 'calib_data gave a batch without arrays')
        if len(first[0].shape) > 4:
            first[0] = first[0].reshape((-1,) + first[0].shape[2:])
        if len(first) >= 3:
            self.provide_data = [DataDesc(name='data{}'.format(i), shape=x.shape) for i, x in enumerate(first)]
        else:
            self.provide_data = [DataDesc(name='data', shape=first[0].shape)] + [
                DataDesc(name='data{}'.format(i), shape=x.shape) for i, x in enumerate(first[1:])]
        self.provide_label = []
        self.batch_size = first[0].shape[0]
        self._batches = iter(self._data)

    def reset(self):
        """Start again at the first batch."""
        self._batches = iter(self._data)

    def next(self):
        """The next batch as a DataBatch (StopIteration after the last)."""
        batch = next(self._batches)
        if len(batch[0].shape) > 4:
            batch[0] = batch[0].reshape((-1,) + batch[0].shape[2:])
        return DataBatch(data=batch)


def _as_data_iter(calib_data):
    """(a DataIter over `calib_data`, its provide_data)."""
    batches = calib_data if isinstance(calib_data, DataIter) else _DataIterWrapper(calib_data)
    return batches, batches.provide_data


def _check_names(excluded, what):
    if excluded is None:
        return []
    if not isinstance(excluded, list):
        raise ValueError('%s must be a list of strings representing the names of the %s that will not be '
                         'quantized, while received type %s' % (what, 'symbols' if what == 'excluded_sym_names'
                                                                 else 'operators', str(type(excluded))))
    return excluded


def _check_types(quantized_dtype, quantize_granularity):
    if quantized_dtype not in ('int8', 'uint8', 'auto'):
        raise ValueError('unknown quantized_dtype %s received, expected `int8`, `uint8` or `auto`'
                         % quantized_dtype)
    if quantize_granularity not in ('tensor-wise', 'channel-wise'):
        raise ValueError('unkonwn quantize_granularity %s received, expected `tensor-wise` or `channel-wise`.'
                         % quantize_granularity)


def _calibrating(calib_mode):
    return calib_mode is not None and calib_mode != 'none'


def _single_context(ctx):
    if not isinstance(ctx, Context):
        raise ValueError('currently only supports single ctx, while received {}'.format(ctx))


def _given_calib_data(calib_data, calib_mode):
    if calib_data is None:
        raise ValueError('calib_data must be provided when calib_mode={}'.format(calib_mode))


def _calibrate_module(fp32, calib_data, calib_mode, calib_layer, num_calib_examples, quantized_dtype, logger):
    """{layer output: (min, max)} of quantize_model's calibration over the bound float32 Module."""
    if calib_mode == 'naive':
        found, seen = _collect_layer_output_min_max(fp32, calib_data, quantized_dtype, include_layer=calib_layer,
                                                    max_num_examples=num_calib_examples, logger=logger)
        if logger:
            logger.info('Collected layer output min/max values from FP32 model using {:d} examples'.format(seen))
        return found
    if calib_mode != 'entropy':
        raise ValueError('unknown calibration mode {} received, expected `none`, `naive`, or `entropy`'
                         .format(calib_mode))
    histograms, seen = _collect_layer_histogram(fp32, calib_data, include_layer=calib_layer,
                                                max_num_examples=num_calib_examples, logger=logger)
    if logger:
        logger.info('Collected layer outputs from FP32 model using {:d} examples'.format(seen))
        logger.info('Calculating optimal thresholds for quantization')
    return _get_optimal_thresholds(histograms, quantized_dtype, logger=logger)


def _verbose(logger):
    if logger:
        os.environ['MXNET_QUANTIZATION_VERBOSE'] = '1'


def quantize_model(sym, arg_params, aux_params, data_names=('data',), label_names=('softmax_label',),
                   ctx=cpu(), excluded_sym_names=None, excluded_op_names=None, calib_mode='entropy',
                   calib_data=None, num_calib_examples=None, quantized_dtype='int8', quantize_mode='smart',
                   quantize_granularity='tensor-wise', logger=None):
    """A quantized (int8/uint8) model of a float32 Symbol model, calibrated or not.

    Parameters
    ----------
    sym : Symbol
        The float32 model.
    arg_params, aux_params : dict of str to NDArray
        Its parameters and auxiliary states.
    data_names, label_names : sequence of str
        The inputs of the Module that runs the calibration data.
    ctx : Context
        The one device the calibration runs on (and the quantized model is made for).
    excluded_sym_names, excluded_op_names : list of str
        Nodes (by name) and operators (by operator name) left in float32.
    calib_mode : str
        'none': ranges computed at run time by the quantized operators; 'naive': the layer outputs'
        (min, max) over the calibration data; 'entropy': thresholds minimizing the KL divergence between
        the float and the quantized distributions of the layer outputs.
    calib_data : DataIter
        The calibration batches (needed unless calib_mode is 'none').
    num_calib_examples : int or None
        Stop after this many examples (None: all of calib_data).
    quantized_dtype : str
        'int8', 'uint8' or 'auto' (uint8 where a calibrated range is non-negative, else int8).
    quantize_mode : str
        'full' quantizes every operator that can be, 'smart' only those between convolutions/fully
        connected layers.
    quantize_granularity : str
        'tensor-wise' or 'channel-wise'.
    logger : logging.Logger or module
        Where progress is reported.

    Returns
    -------
    (Symbol, dict, dict)
        The quantized symbol, its arg_params (weights quantized offline) and the aux_params.
    """
    excluded_sym_names = _check_names(excluded_sym_names, 'excluded_sym_names')
    excluded_op_names = _check_names(excluded_op_names, 'excluded_op_names')
    if logger:
        _verbose(logger)
        logger.info('Quantizing symbol')
    _check_types(quantized_dtype, quantize_granularity)
    qsym, calib_layer = _quantize_symbol(sym, ctx, excluded_symbols=excluded_sym_names,
                                         excluded_operators=excluded_op_names,
                                         offline_params=list(arg_params.keys()), quantized_dtype=quantized_dtype,
                                         quantize_mode=quantize_mode, quantize_granularity=quantize_granularity)
    th_dict = {}
    if _calibrating(calib_mode):
        _single_context(ctx)
        _given_calib_data(calib_data, calib_mode)
        if not isinstance(calib_data, DataIter):
            raise ValueError('calib_data must be of DataIter type when calib_mode={}, while received type {}'
                             .format(calib_mode, type(calib_data)))
        fp32 = Module(symbol=sym, data_names=data_names, label_names=label_names, context=ctx)
        labels = calib_data.provide_label or None
        fp32.bind(for_training=False, data_shapes=calib_data.provide_data,
                  **({'label_shapes': labels} if labels else {}))
        fp32.set_params(arg_params, aux_params)
        th_dict = _calibrate_module(fp32, calib_data, calib_mode, calib_layer, num_calib_examples,
                                    quantized_dtype, logger)
        qsym = _calibrate_quantized_sym(qsym, th_dict)
    if logger:
        logger.info('Quantizing parameters')
    return qsym, _quantize_params(qsym, arg_params, th_dict), aux_params


def quantize_model_mkldnn(sym, arg_params, aux_params, data_names=('data',), label_names=('softmax_label',),
                          ctx=cpu(), excluded_sym_names=None, excluded_op_names=None, calib_mode='entropy',
                          calib_data=None, num_calib_examples=None, quantized_dtype='int8', quantize_mode='smart',
                          quantize_granularity='tensor-wise', logger=None):
    """quantize_model for a CPU, with the symbol passed through the 'MKLDNN_QUANTIZE' subgraph backend
    before and after (mxtorch has no subgraph backends: the symbol is quantized as it is). The parameters
    are those of quantize_model; ctx must be a CPU context."""
    if not isinstance(ctx, Context):
        raise ValueError('currently only supports single ctx, while received %s' % str(ctx))
    if ctx.device_type != 'cpu':
        raise ValueError('quantize_model_mkldnn only support Intel cpu platform with MKL-DNN Backend')
    sym = sym.get_backend_symbol('MKLDNN_QUANTIZE')
    qsym, qarg_params, aux_params = quantize_model(
        sym=sym, arg_params=arg_params, aux_params=aux_params, data_names=data_names, label_names=label_names,
        ctx=ctx, excluded_sym_names=excluded_sym_names, excluded_op_names=excluded_op_names,
        calib_mode=calib_mode, calib_data=calib_data, num_calib_examples=num_calib_examples,
        quantized_dtype=quantized_dtype, quantize_mode=quantize_mode, quantize_granularity=quantize_granularity,
        logger=logger)
    return qsym.get_backend_symbol('MKLDNN_QUANTIZE'), qarg_params, aux_params


def quantize_graph(sym, arg_params, aux_params, ctx=cpu(), excluded_sym_names=None, excluded_op_names=None,
                   calib_mode='entropy', quantized_dtype='int8', quantize_mode='full',
                   quantize_granularity='tensor-wise', LayerOutputCollector=None, logger=None):
    """The quantized graph of a float32 Symbol model without calibration, and the collector that a
    calibration run fills (``executor.set_monitor_callback(collector.collect, monitor_all=True)``) for
    :func:`calib_graph`: a histogram collector for calib_mode 'entropy', a (min, max) one for 'naive', the
    given `LayerOutputCollector` for 'customize', None for 'none'. The other parameters are those of
    quantize_model.

    Returns
    -------
    (Symbol, dict, dict, collector)
    """
    excluded_sym_names = _check_names(excluded_sym_names, 'excluded_sym_names')
    if not isinstance(ctx, Context):
        raise ValueError('currently only supports single ctx, while received %s' % str(ctx))
    if logger:
        _verbose(logger)
        logger.info('Quantizing graph')
    _check_types(quantized_dtype, quantize_granularity)
    qsym, calib_layer = _quantize_symbol(sym, ctx, excluded_symbols=excluded_sym_names,
                                         excluded_operators=excluded_op_names,
                                         offline_params=list(arg_params.keys()), quantized_dtype=quantized_dtype,
                                         quantize_mode=quantize_mode, quantize_granularity=quantize_granularity)
    collector = None
    if calib_mode is not None and calib_mode != 'none':
        if calib_mode == 'entropy':
            collector = _LayerHistogramCollector(include_layer=calib_layer, logger=logger)
            if logger:
                logger.info('Create a layer output collector for entropy calibration.')
        elif calib_mode == 'naive':
            collector = _LayerOutputMinMaxCollector(quantized_dtype=quantized_dtype, include_layer=calib_layer,
                                                    logger=logger)
            if logger:
                logger.info('Create a layer output minmax collector for naive calibration')
        elif calib_mode == 'customize' and LayerOutputCollector is not None:
            collector = LayerOutputCollector
            if logger:
                logger.info('Create a customize layer output minmax collector for calibration')
        else:
            raise ValueError('unknown calibration mode %s received, expected `none`, `naive`, `entropy` or '
                             '`customize`' % calib_mode)
        if logger:
            logger.info('Collector created, please use set_monitor_callback to collect calibration information.')
    if logger:
        logger.info('Quantizing parameters')
    return qsym, _quantize_params(qsym, arg_params, {}), aux_params, collector


def calib_graph(qsym, arg_params, aux_params, collector, calib_mode='entropy', quantized_dtype='int8',
                logger=logging):
    """The quantized graph of :func:`quantize_graph` calibrated from its filled `collector` (calib_mode
    'entropy', 'naive' or 'customize'; 'none' is a ValueError), with its quantized parameters.

    Returns
    -------
    (Symbol, dict, dict)
    """
    if not _calibrating(calib_mode):
        raise ValueError('please set calibration mode to naive or entropy.')
    if calib_mode in ('naive', 'customize'):
        thresholds = collector.min_max_dict
    elif calib_mode == 'entropy':
        if logger:
            logger.info('Calculating optimal thresholds for quantization')
        thresholds = _get_optimal_thresholds(collector.hist_dict, quantized_dtype, logger=logger)
    else:
        raise ValueError('unknown calibration mode {} received, expected `none`, `naive`, `entropy` or '
                         '`customize`'.format(calib_mode))
    calibrated = _calibrate_quantized_sym(qsym, thresholds)
    if logger:
        logger.info('Quantizing parameters')
    return calibrated, _quantize_params(calibrated, arg_params, thresholds), aux_params


def quantize_net_v2(network, quantized_dtype='auto', quantize_mode='full', quantize_granularity='tensor-wise',
                    exclude_layers=None, exclude_layers_match=None, exclude_operators=None, calib_data=None,
                    data_shapes=None, calib_mode='none', num_calib_examples=None, ctx=cpu(),
                    LayerOutputCollector=None, logger=None):
    """A quantized SymbolBlock of a float32 Gluon HybridBlock, calibrated or not.

    Parameters
    ----------
    network : HybridBlock
        The float32 network (it is hybridized and exported).
    quantized_dtype, quantize_mode, quantize_granularity : str
        As for quantize_model.
    exclude_layers : list of str
        Nodes of the exported graph left in float32.
    exclude_layers_match : list of str
        Nodes whose names contain one of these strings are left in float32 too.
    exclude_operators : list of str
        Operators left in float32.
    calib_data : DataIter or gluon.data.DataLoader
        The calibration batches.
    data_shapes : list of DataDesc
        The inputs' shapes; needed when calib_data is not given.
    calib_mode : str
        'none', 'naive', 'entropy' or 'customize' (with `LayerOutputCollector`).
    num_calib_examples : int or None
        Stop after this many examples.
    ctx : Context
        The one device of the calibration run and of the result's parameters.
    logger : logging.Logger or module
        Where progress is reported.

    Returns
    -------
    SymbolBlock
    """
    from .. import ndarray as nd, symbol as sym_module, model
    from ..gluon import SymbolBlock
    if logger:
        logger.info('Export HybridBlock')
    network.hybridize()
    if calib_data is not None:
        calib_data, described = _as_data_iter(calib_data)
        data_shapes = data_shapes or described
    if not data_shapes:
        raise ValueError('data_shapes required')
    # one forward pass of zeros traces the network; inputs it does not take (a DataLoader's labels) are
    # dropped from the end, as MXNet does
    zeros = [nd.zeros(desc.shape) for desc in data_shapes]
    while True:
        try:
            network(*zeros)
            break
        except TypeError:
            zeros.pop()
            calib_data.provide_data.pop()

    with _tempfile.TemporaryDirectory() as folder:
        prefix = os.path.join(folder, 'tmp')
        network.export(prefix, epoch=0)
        symnet, args, auxs = model.load_checkpoint(prefix, 0)

    exclude_layers = [] if exclude_layers is None else exclude_layers
    exclude_layers_match = [] if exclude_layers_match is None else exclude_layers_match
    exclude_operators = [] if exclude_operators is None else exclude_operators
    for pattern in exclude_layers_match:
        for layer in list(symnet.get_internals()):
            if layer.name.find(pattern) != -1:
                exclude_layers.append(layer.name)
    if logger:
        logger.info('These layers have been excluded %s' % exclude_layers)

    if ctx == cpu():
        symnet = symnet.get_backend_symbol('MKLDNN_QUANTIZE')
    qsym, qarg_params, aux_params, collector = quantize_graph(
        sym=symnet, arg_params=args, aux_params=auxs, ctx=ctx, excluded_sym_names=exclude_layers,
        excluded_op_names=exclude_operators, calib_mode=calib_mode, quantized_dtype=quantized_dtype,
        quantize_mode=quantize_mode, quantize_granularity=quantize_granularity,
        LayerOutputCollector=LayerOutputCollector, logger=logger)

    if _calibrating(calib_mode):
        _single_context(ctx)
        _given_calib_data(calib_data, calib_mode)
        if calib_mode in ('naive', 'entropy', 'customize'):
            data_names = [pair[0] for pair in calib_data.provide_data]
            mod = Module(symbol=symnet, context=ctx, data_names=data_names, label_names=None)
            mod.bind(for_training=False, data_shapes=data_shapes)
            mod.set_params(args, auxs, allow_missing=False, force_init=True)
            num_examples = _collect_layer_statistics(mod, calib_data, collector, num_calib_examples, logger)
            if logger:
                logger.info('Collected layer output values from FP32 model using %d examples' % num_examples)
            qsym, qarg_params, aux_params = calib_graph(qsym=qsym, arg_params=args, aux_params=auxs,
                                                        collector=collector, calib_mode=calib_mode,
                                                        quantized_dtype=quantized_dtype, logger=logger)
        else:
            raise ValueError('please set calibration mode to naive or entropy.')
    else:
        data_names = [desc[0] for desc in data_shapes]

    if ctx == cpu():
        qsym = qsym.get_backend_symbol('MKLDNN_QUANTIZE')
    net = SymbolBlock(qsym, [sym_module.var(name) for name in data_names])
    with _tempfile.TemporaryDirectory() as folder:
        param_name = '%s-%04d.params' % (os.path.join(folder, 'tmp') + 'net-quantized', 0)
        saved = {('arg:%s' % k): v.as_in_context(cpu()) for k, v in qarg_params.items()}
        saved.update({('aux:%s' % k): v.as_in_context(cpu()) for k, v in aux_params.items()})
        nd_save(param_name, saved)
        net.collect_params().load(param_name, cast_dtype=True, dtype_source='saved')
        net.collect_params().reset_ctx(ctx)
    return net


def quantize_net(network, quantized_dtype='auto', quantize_mode='full', exclude_layers=None,
                 exclude_layers_match=None, exclude_operators=None, calib_data=None, data_shapes=None,
                 calib_mode='none', num_calib_examples=None, ctx=cpu(), logger=None):
    """quantize_net_v2 with tensor-wise granularity and no custom collector (MXNet warns that it will be
    deprecated)."""
    warnings.warn('WARNING: This will be deprecated after MXNet 2.0, please use quantize_net_v2.')
    return quantize_net_v2(network=network, quantized_dtype=quantized_dtype, quantize_mode=quantize_mode,
                           quantize_granularity='tensor-wise', exclude_layers=exclude_layers,
                           exclude_layers_match=exclude_layers_match, exclude_operators=exclude_operators,
                           calib_data=calib_data, data_shapes=data_shapes, calib_mode=calib_mode,
                           num_calib_examples=num_calib_examples, ctx=ctx, LayerOutputCollector=None,
                           logger=logger)
