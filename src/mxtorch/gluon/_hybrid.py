"""The machinery under ``HybridBlock.hybridize()``: the nesting of a block's inputs and outputs, and the
graph a block was traced into made runnable.

A hybridized block is called with arrays, but its computation is traced once with Symbols
(block.py: ``hybrid_forward`` with ``F = mx.sym``); :class:`CachedGraph` then binds the traced graph's
variables to where their values come from (the call's inputs, the block's parameters) and runs the
graph as one torch program: an fx GraphModule whose nodes call the operator table's implementations
(``symbol.executor.lower``), compiled by ``torch.compile`` where that pays (see :class:`_Compiler`).
Autograd, training mode and the parameters' in-place updates (BatchNorm's moving statistics) work in
the program as they do operator by operator, because the program calls the same implementations."""
import time
import warnings

import torch

from .. import _state
from ..base import MXNetError
from ..context import _default as _default_context, current_context
from ..ndarray.ndarray import NDArray, _wrap
from ..symbol import Symbol
from ..symbol import _graph
from ..symbol import symbol as _symbol_module
from ..numpy import _gluon as _np_gluon, _shadow as _np_shadow
from ..symbol.executor import lower, relower
from .._recorded_graph import MARK
from .parameter import _slot

__all__ = ['flatten', 'regroup', 'kinds_of', 'CachedGraph']


# ---- nesting of inputs and outputs -------------------------------------------------------------------
def flatten(value, what):
    """(the leaves of nested lists/tuples of NDArray, Symbol or None, their format). The format has 0
    for an array or a one-output Symbol, the number of outputs of a Symbol grouping several, -1 for None
    and a list for a list; anything else is MXNet's ValueError, `what` saying 'input' or 'output'."""
    if isinstance(value, NDArray):
        return [value], 0
    if isinstance(value, Symbol):
        count = len(value._entries)
        return [value], count if count > 1 else 0
    if value is None:
        return [None], -1
    if not isinstance(value, (list, tuple)):
        raise ValueError('When hybridized, the input of HybridBlock {} must be (nested) list of Symbol or '
                         'NDArray, but got {} of type {}'.format(what, str(value), str(type(value))))
    leaves, fmt = [], []
    for item in value:
        item_leaves, item_fmt = flatten(item, what)
        leaves += item_leaves
        fmt.append(item_fmt)
    return leaves, fmt


def regroup(leaves, fmt):
    """The nesting `fmt` (as :func:`flatten` gives it) rebuilt from `leaves`, lists for lists."""
    def take(position, fmt):
        if isinstance(fmt, int):
            if fmt == 0:
                return leaves[position], position + 1
            if fmt == -1:
                if leaves[position] is not None:
                    raise ValueError('We do not support passing types that are not None when the initial '
                                     'HybridBlock has received NoneType and has been hybridized. Received arg '
                                     '= {}, fmt = {}.'.format(leaves[position], fmt))
                return None, position + 1
            if fmt < -1:
                raise ValueError('Unsupported encoded format {}.'.format(fmt))
            return leaves[position:position + fmt], position + fmt
        rebuilt = []
        for item in fmt:
            value, position = take(position, item)
            rebuilt.append(value)
        return rebuilt, position
    return take(0, fmt)[0]


def kinds_of(value):
    """(whether nested `value` holds a Symbol, whether it holds an NDArray, the contexts of its NDArrays
    in order of appearance)."""
    if isinstance(value, NDArray):
        return False, True, [value.context]
    if isinstance(value, Symbol):
        return True, False, []
    has_symbol = has_array = False
    contexts = []
    if isinstance(value, (list, tuple)):
        for item in value:
            s, a, c = kinds_of(item)
            has_symbol, has_array = has_symbol or s, has_array or a
            contexts += c
    return has_symbol, has_array, contexts


# ---- the names the operator hook gives inputs ---------------------------------------------------------
# MXNet's operator hook names an input '<node>_<input name>' for the operators that register input names
# (FListInputNames) and '<node>_input<i>' for the others (the element-wise and scalar operators,
# Activation, reshaping, ...); these are those that register names, read from MXNet 1.9.1's sources.
# Binary element-wise and broadcasting operators register 'lhs' and 'rhs' through their common macros.
_NAMED_INPUTS = frozenset((
    'BatchNorm', 'BatchNorm_v1', 'BilinearSampler', 'CTCLoss', 'Convolution', 'Convolution_v1', 'Correlation',
    'Crop', 'Custom', 'Deconvolution', 'Dropout', 'Embedding', 'FullyConnected', 'GridGenerator', 'GroupNorm',
    'IdentityAttachKLSparseReg', 'InstanceNorm', 'L2Normalization', 'LRN', 'LayerNorm', 'LeakyReLU', 'MakeLoss',
    'Pad', 'Pooling', 'Pooling_v1', 'RNN', 'ROIPooling', 'SVMOutput', 'SequenceLast', 'SequenceMask',
    'SequenceReverse', 'SliceChannel', 'SoftmaxOutput', 'SpatialTransformer', 'SwapAxis', 'UpSampling',
    'LinearRegressionOutput', 'LogisticRegressionOutput', 'MAERegressionOutput', 'Concat', 'add_n',
    '_contrib_BatchNormWithReLU', '_contrib_BilinearResize2D', '_contrib_DeformableConvolution',
    '_contrib_MultiBoxDetection', '_contrib_MultiBoxPrior', '_contrib_MultiBoxTarget', '_contrib_Proposal',
    '_contrib_MultiProposal', '_contrib_PSROIPooling', '_contrib_ROIAlign', '_contrib_SyncBatchNorm',
    '_contrib_box_iou', '_contrib_box_encode', '_contrib_box_decode', '_contrib_index_copy', '_contrib_quadratic',
    '_split_v2', '_slice_assign', '_scatter_set_nd', '_identity_with_attr_like_rhs', 'batch_dot', 'batch_take',
    'broadcast_like', 'depth_to_space', 'diag', 'dot', 'gather_nd', 'khatri_rao', 'log_softmax', 'moments',
    'one_hot', 'pick', 'repeat', 'reshape_like', 'reverse', 'scatter_nd', 'slice_like', 'softmax',
    'softmax_cross_entropy', 'space_to_depth', 'squeeze', 'stack', 'take', 'tile', 'where', 'softmin',
    '_linalg_gemm', '_linalg_gemm2', '_linalg_potrf', '_linalg_potri', '_linalg_trmm', '_linalg_trsm',
    '_linalg_syrk', '_linalg_gelqf', '_linalg_syevd', '_linalg_inverse', '_linalg_det', '_linalg_slogdet',
    '_linalg_sumlogdiag', '_linalg_extractdiag', '_linalg_makediag', '_linalg_extracttrian',
    '_linalg_maketrian', '_image_normalize', '_image_to_tensor'))


def hook_input_names(node):
    """The names the operator hook gives the inputs of `node`."""
    names = node.input_names
    if node.op.name in _NAMED_INPUTS or tuple(names) == ('lhs', 'rhs'):
        return ['{}_{}'.format(node.name, n) for n in names]
    return ['{}_input{}'.format(node.name, i) for i in range(len(node.inputs))]


# ---- when compiling pays --------------------------------------------------------------------------------
# Operators that do little work per element and so gain most from torch.compile's fusion of neighbours.
_ELEMENTWISE_PREFIXES = ('_plus', '_minus', '_rminus', '_mul', '_div', '_rdiv', '_power', '_rpower', '_maximum',
                         '_minimum', '_equal', '_not_equal', '_greater', '_lesser', '_hypot', '_mod', '_rmod',
                         'elemwise_', 'broadcast_', '_np')
_ELEMENTWISE = frozenset((
    'Activation', 'LeakyReLU', 'relu', 'sigmoid', 'tanh', 'softsign', 'exp', 'log', 'expm1', 'log1p', 'sqrt',
    'rsqrt', 'square', 'abs', 'sign', 'negative', 'reciprocal', 'erf', 'erfinv', 'sin', 'cos', 'clip',
    'hard_sigmoid', 'Cast', 'where', 'zeros_like', 'ones_like', 'add_n', 'ElementWiseSum', 'Dropout', 'log_sigmoid',
    'mish', 'gelu', 'cbrt', 'floor', 'ceil', 'round', 'logical_not', 'arctan', 'sinh', 'cosh', 'arcsinh'))
_MIN_ELEMENTWISE = 12       # a graph with fewer element-wise nodes runs as the plain program


def elementwise_share(entries):
    """(element-wise nodes, all operator nodes) of the graph of `entries`."""
    elementwise = total = 0
    for node in _graph.topological(entries):
        if node.op is None:
            continue
        total += 1
        name = node.op.name
        if name in _ELEMENTWISE or name.startswith(_ELEMENTWISE_PREFIXES):
            elementwise += 1
    return elementwise, total


class _Compiler:
    """Decides whether and when a cached graph's program is compiled (by inductor, or ``torch.compile``
    with a named backend), and keeps what that gives per input signature (shapes, strides, dtypes,
    devices, training and recording flags).

    Compiling costs seconds (a ResNet-18 training graph: minutes on two CPU cores), so by default only
    graphs dominated by cheap element-wise operators (where fusing them pays: activations written out with
    F, LSTM cells) are compiled, once they have run `warm_calls` times; the others run as the fx program,
    which already saves the per-operator dispatch and costs no compile time. The hybridize options ask for
    more: a `backend` that names a torch.compile backend ('inductor', 'aot_eager', 'cudagraphs', ...)
    compiles at the first call, and `static_shape` on a CUDA device compiles every graph for its input
    shapes (with `static_alloc`, replayed as CUDA graphs). On a CPU `static_shape` and `static_alloc`
    compile nothing more than the default: MXNet's memory-planning options must not make a model that
    gains nothing from compiling pay minutes for it. A graph that cannot be compiled, or that sees too
    many signatures, falls back to the fx program."""
    warm_calls = 20
    max_signatures = 6

    def __init__(self, program, entries, flags, backend):
        self.use(program)
        flags = dict(flags)
        self.static_shape = bool(flags.get('static_shape'))
        self.static_alloc = bool(flags.get('static_alloc'))
        elementwise, total = elementwise_share(entries)
        # asked only when a backend is named: importing torch's compiler stack costs over a second
        self.backend = backend if backend and backend in _compile_backends() else None
        self.gains = elementwise >= _MIN_ELEMENTWISE and 2 * elementwise >= total
        self.wanted = self.backend is not None or self.static_shape or self.gains
        self.calls = 0
        self.variants = {}          # signature -> compiled callable (or the program, after a failure)
        self.compile_seconds = 0.0
        self.failed = None          # why compiling was given up, once it was

    def use(self, program):
        """Run (and compile) `program` from now on."""
        self.program = program
        # the generated forward called directly: torch.nn.Module's call machinery costs microseconds
        self.plain = program.forward
        self.variants = {}

    def runner(self, tensors):
        """What runs the program for these input tensors now."""
        if not self.wanted:
            return self.plain
        self.calls += 1
        if self.calls <= (0 if self.backend is not None else self.warm_calls):
            return self.plain
        flags = _state.state
        signature = (flags.training, flags.recording) + tuple(
            (t.shape, t.stride(), t.dtype, t.device, t.requires_grad) for t in tensors)
        found = self.variants.get(signature)
        if found is not None:
            return found
        if len(self.variants) >= self.max_signatures:
            return self.plain
        found = self._compiled(tensors)
        if self.wanted:
            self.variants[signature] = found
        return found

    def _compiled(self, tensors):
        device = tensors[0].device if tensors else torch.device('cpu')
        if self.backend is None and not self.gains and device.type != 'cuda':
            self.wanted = False     # static_shape on a CPU: the plain program (see the class)
            return self.plain
        cuda_graphs = self.static_alloc and device.type == 'cuda'
        if self.backend in (None, 'inductor') and not cuda_graphs:
            # inductor straight on the fx program (AOTAutograd compiles forward and backward): no
            # TorchDynamo frame evaluation and guards per call, as the signature is checked here
            return _FirstCallTimed(self, None)
        try:
            compiled = torch.compile(self.program.forward, backend=self.backend or 'inductor',
                                     mode='reduce-overhead' if cuda_graphs else None,
                                     dynamic=False if self.static_shape else None, fullgraph=False)
        except Exception as error:  # noqa: BLE001 - any failure of the compiler means: run uncompiled
            self.failed = '{}: {}'.format(type(error).__name__, error)
            self.wanted = False
            return self.plain
        return _FirstCallTimed(self, compiled)


class _FirstCallTimed:
    """A compiled program whose first call (where the compiler does its work) is timed, and which falls
    back to the plain program if compiling fails then. `compiled` None: the program is compiled by
    inductor for the first call's tensors (whose signature this variant serves)."""
    __slots__ = ('owner', 'compiled', 'done')

    def __init__(self, owner, compiled):
        self.owner, self.compiled, self.done = owner, compiled, False

    def __call__(self, *tensors):
        if self.done:
            return self.compiled(*tensors)
        owner = self.owner
        start = time.perf_counter()
        try:
            if self.compiled is None:
                self.compiled = _inductor(owner.program, tensors)
            result = self.compiled(*tensors)
        except Exception as error:  # noqa: BLE001 - see _Compiler._compiled
            owner.failed = '{}: {}'.format(type(error).__name__, error)
            owner.wanted = False
            owner.variants.clear()
            return owner.plain(*tensors)
        owner.compile_seconds += time.perf_counter() - start
        self.done = True
        return result


def _inductor(program, tensors):
    """`program` compiled by inductor for `tensors` (their shapes, dtypes, strides and devices)."""
    from torch._inductor.compile_fx import compile_fx
    return compile_fx(program, list(tensors))     # (it returns the outputs as a list)


_BACKENDS = None


def _compile_backends():
    global _BACKENDS
    if _BACKENDS is None:
        try:
            import torch._dynamo
            _BACKENDS = frozenset(torch._dynamo.list_backends(exclude_tags=()))
        except Exception:  # noqa: BLE001 - no dynamo: nothing can be compiled
            _BACKENDS = frozenset()
    return _BACKENDS


# ---- the cached graph -------------------------------------------------------------------------------
class CachedGraph:
    """A traced graph bound to its sources and lowered to a torch program.

    `symbol` is the graph (a Symbol of its outputs), `data_names` the names of the variables standing for
    the call's inputs in order, `params` {name: Parameter} for the others; `flags` and `backend` are the
    block's hybridize options. Calling it with the input arrays and their context runs the program and
    returns the output arrays."""

    def __init__(self, symbol, data_names, params, flags, backend):
        self.symbol = symbol
        variables = [n for n in _graph.topological(symbol._entries) if n.op is None]
        data_index = {name: i for i, name in enumerate(data_names)}
        self.sources = []           # per variable: (True, index of the input) or (False, Parameter)
        for node in variables:
            if node.name in data_index:
                self.sources.append((True, data_index[node.name]))
            else:
                self.sources.append((False, params[node.name]))
        self.variables = variables
        self.program = lower(symbol._entries, variables, learn=True)
        self.num_outputs = len(symbol._entries)
        self.compiler = _Compiler(self.program, symbol._entries, flags, backend)
        self.num_ops = sum(1 for n in _graph.topological(symbol._entries) if n.op is not None)
        self.inline_limit = dict(flags).get('inline_limit', 2)
        self.probed = False
        np_class = _symbol_module._np_symbol_class[0]
        # a graph of mx.sym.np outputs gives mx.np arrays (the class has NDArray's layout: set in place)
        self.out_class = _np_gluon.ndarray if np_class is not None and isinstance(symbol, np_class) else None

    def learn_returns(self):
        """After the program's first run, which noted the single-output operators that return a bare
        tensor: make it again calling those directly instead of through an unwrapping of sequences."""
        self.probed = True
        program = relower(self.program, self.symbol._entries, self.variables)
        self.program = program
        self.compiler.use(program)

    def tensors(self, inputs, ctx):
        """The program's input tensors: the call's `inputs` (arrays, None left out) and the parameters'
        arrays on `ctx`."""
        slot = _slot(ctx)
        out = []
        for is_data, source in self.sources:
            if is_data:
                out.append(inputs[source]._t)
                continue
            arrays = source._data
            index = source._ctx_map.get(slot) if arrays is not None else None
            # an absent context or an array not made yet: the parameter's own error
            out.append(arrays[index]._t if index is not None else source.data(ctx)._t)
        return out

    def __call__(self, inputs, ctx, label=None, callback=None, monitor_all=False):
        tensors = self.tensors(inputs, ctx)
        previous = current_context()
        switch = previous is not ctx
        if switch:
            _default_context.value = ctx
        try:
            if callback is not None:
                results = self.run_monitored(tensors, callback, monitor_all)
            else:
                if self.probed:
                    results = self.compiler.runner(tensors)(*tensors)
                else:       # (the program is made again after this run: nothing to compile yet)
                    results = self.compiler.plain(*tensors)
                    self.learn_returns()
        except MXNetError:
            raise
        except (RuntimeError, ValueError, TypeError, IndexError) as error:
            if self.out_class is not None:
                raise       # an np graph's functions raise what they raise called one by one (MXNet's too)
            raise MXNetError('{}: {}'.format(type(error).__name__, error)) from None
        finally:
            if switch:
                _default_context.value = previous
        outputs = []
        for k, t in enumerate(results):
            fn = t.grad_fn
            if fn is not None and not any(t is x for x in tensors):
                # for autograd.get_symbol: this call's graph, its inputs and which output this is, by
                # torch's output number (outputs may share a graph node; see mxtorch/_recorded_graph.py)
                mark = fn.metadata.get(MARK)
                if mark is None or mark[1] is not tensors:
                    mark = fn.metadata[MARK] = (self, tensors, {})
                mark[2][t.output_nr] = k
            array = _wrap(t)
            array._ctx = label
            if self.out_class is not None:
                array.__class__ = self.out_class
                if fn is None and not t.requires_grad and _state.state.recording:
                    # an integer or boolean result (a comparison): a shadow, as mx.np's operators give one
                    _np_shadow.shade(t, self._output(k), tensors)
            outputs.append(array)
        return outputs

    def _output(self, k):
        """The program's output `k` as a function of its inputs."""
        program = self.program
        return lambda *tensors: program.forward(*tensors)[k]

    def run_monitored(self, tensors, callback, monitor_all):
        """The graph run node by node, calling ``callback(name, operator, array)`` with every operator's
        outputs (and, with `monitor_all`, first its inputs), names as bytes as MXNet gives them."""
        entries = self.symbol._entries
        nodes = _graph.topological(entries)
        values = {}
        variables = [n for n in nodes if n.op is None]
        for node, t in zip(variables, tensors):
            values[(id(node), 0)] = t
        for node in nodes:
            if node.op is None:
                continue
            args = [values[(id(src), k)] for src, k in node.inputs]
            op_name = node.op.name.encode()
            if monitor_all:
                for name, t in zip(hook_input_names(node), args):
                    callback(name.encode(), op_name, _wrap(t.detach()))
            result = node.op.caller(node.input_names, node.op.call_kwargs(node.attrs))(*args)
            results = [result] if isinstance(result, torch.Tensor) else list(result)
            for k, (name, t) in enumerate(zip(node.output_names(), results)):
                values[(id(node), k)] = t
                callback(name.encode(), op_name, _wrap(t.detach()))
        return tuple(values[(id(n), k)] for n, k in entries)


def warn_unused(data_names, used, param_names):
    """MXNet's warnings for inputs and parameters that the traced graph does not use."""
    unused = [i for i, name in enumerate(data_names) if name not in used]
    if unused:
        warnings.warn('The %s input to HybridBlock is not used by any computation. Is this intended?'
                      % ', '.join('%d-th' % i for i in unused), stacklevel=5)
    idle = [name for name in param_names if name not in used]
    if idle:
        warnings.warn('Parameter %s is not used by any computation. Is this intended?' % ', '.join(idle),
                      stacklevel=5)
