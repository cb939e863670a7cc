"""The base classes of layers and models: :class:`Block`, :class:`HybridBlock` and :class:`SymbolBlock`.

Naming follows MXNet 1.x. A block made outside any parent's ``name_scope()`` is named from its class and
a per-thread counter (``dense0``, ``dense1``, ...). Inside ``with parent.name_scope():`` it is counted
within the parent and its prefix is put after the parent's (``mlp0_dense0_``); its parameters are named
from that prefix, and so are the nodes of the graph a HybridBlock is traced into (``mlp0_dense0_fwd``).

A hybridized HybridBlock runs the Symbol graph of its ``hybrid_forward`` as a torch program (the tracing
and the program are in _hybrid.py); a SymbolBlock runs a graph given as a Symbol or read from files."""
import copy
import json
import re
import threading
import warnings
from collections import OrderedDict

import numpy as np

from .. import initializer, name as _name
from .. import ndarray as _nd
from .. import symbol as _sym
from ..base import MXNetError, mx_real_t
from .._fileio import write_atomically
from ..context import _default as _default_context, current_context, context_of_device
from ..ndarray.ndarray import NDArray
from ..numpy import _gluon as _np_gluon
from ..util import _np_array
from .parameter import Parameter, ParameterDict, DeferredInitializationError
from .utils import _indent, _brief_print_list, HookHandle
from . import _hybrid

_NP_ARRAY = _np_gluon.ndarray     # mx.np.ndarray: HybridBlock.forward's plain path takes it too

__all__ = ['Block', 'HybridBlock', 'SymbolBlock']

_open_scope = threading.local()     # .value: the innermost name scope entered in this thread


class _NameScope:
    """What ``block.name_scope()`` returns. While it is entered, new blocks are counted and prefixed as
    children of `block`, and mx.name's generated names get the block's prefix."""

    def __init__(self, block):
        self.block = block
        self.counts = {}        # class hint -> children named so far
        self._outer = self._names = None

    def __enter__(self):
        if not self.block._empty_prefix:    # prefix='' opts out of scoping altogether
            self._outer = getattr(_open_scope, 'value', None)
            _open_scope.value = self
            self._names = _name.Prefix(self.block.prefix)
            self._names.__enter__()
        return self

    def __exit__(self, *exc):
        if not self.block._empty_prefix:
            self._names.__exit__(*exc)
            self._names = None
            _open_scope.value = self._outer

    @staticmethod
    def create(prefix, params, hint):
        """The full prefix and the ParameterDict of a new block whose class hint is `hint`, made in the
        name scope open in this thread (MXNet's ``_BlockScope.create``)."""
        return _naming(prefix, params, hint)


_NameScope._current = _open_scope
_BlockScope = _NameScope        # MXNet's name of this class (gluon.block._BlockScope)


def _naming(prefix, params, hint):
    """The full prefix and the ParameterDict of a new block whose class hint is `hint`."""
    scope = getattr(_open_scope, 'value', None)
    if scope is None:
        if prefix is None:
            prefix = _name._current().get(None, hint) + '_'
        full, param_prefix, shared = prefix, prefix, None
    else:
        if prefix is None:
            count = scope.counts.get(hint, 0)
            scope.counts[hint] = count + 1
            prefix = '%s%d_' % (hint, count)
        parent = scope.block
        full, param_prefix, shared = parent.prefix + prefix, parent.params.prefix + prefix, parent.params._shared
    if params is not None:
        # sharing: parameters are looked up in `params` first, and named like them
        return full, ParameterDict(params.prefix, params)
    return full, ParameterDict(param_prefix, shared)


def _hook(hooks, hook):
    handle = HookHandle()
    handle.attach(hooks, hook)
    return handle


class Block:
    """Base class of every layer and model. Make the layers and parameters in ``__init__``, write the
    computation in ``forward``::

        class TwoLayers(gluon.Block):
            def __init__(self, **kwargs):
                super(TwoLayers, self).__init__(**kwargs)
                with self.name_scope():           # children become twolayers0_dense0, ...
                    self.hidden = nn.Dense(64, activation='relu')
                    self.out = nn.Dense(10)

            def forward(self, x):
                return self.out(self.hidden(x))

    Blocks assigned to attributes are children, reached by :meth:`collect_params`, :meth:`initialize`,
    :meth:`save_parameters` and the like; blocks kept in a list or dict are not (use nn.Sequential or
    :meth:`register_child`).

    Parameters
    ----------
    prefix : str, optional
        Starts the names of the block and its parameters. Default: the class name and a counter
        (``dense0_``), after the parent's prefix inside the parent's ``name_scope()``.
    params : ParameterDict, optional
        Parameters to share: the block takes them from there instead of creating its own
        (``nn.Dense(20, params=other.params)``).
    """

    def __init__(self, prefix=None, params=None):
        full_prefix, own_params = _naming(prefix, params, self._alias())
        vars(self).update(
            _empty_prefix=prefix == '', _prefix=full_prefix, _params=own_params,
            _name=full_prefix[:-1] if full_prefix.endswith('_') else full_prefix,
            _children=OrderedDict(), _reg_params={},
            _forward_hooks=OrderedDict(), _forward_pre_hooks=OrderedDict())
        self._scope = _NameScope(self)

    def __repr__(self):
        rows = ['  ({}): {}'.format(key, _indent(repr(value), 2))
                for key, value in vars(self).items() if isinstance(value, Block)]
        return '{}(\n{}\n)'.format(type(self).__name__, '\n'.join(rows))

    def __setattr__(self, name, value):
        """A Block assigned becomes a child, a Parameter is registered; an attribute holding either cannot
        be given a value of another type."""
        existing = getattr(self, name, None)
        if isinstance(existing, (Parameter, Block)) and not isinstance(value, type(existing)):
            raise TypeError('Changing attribute type for {name} from {type1} to {type2}is not allowed.'.format(
                name=name, type1=type(existing), type2=type(value)))
        if isinstance(value, Parameter):
            if name in self._reg_params:
                # (MXNet's message, its unfilled %s included)
                raise AssertionError("Overriding Parameter attribute %s is not allowed. If you want to share "
                                     "parameters between blocks, please set 'params' at Block construction "
                                     "instead.")
            self._reg_params[name] = value
        elif isinstance(value, Block):
            self.register_child(value, name)
        object.__setattr__(self, name, value)

    def _check_container_with_block(self):
        """Warn about attributes that are lists, tuples or dicts holding blocks that are no children."""
        children = set(self._children.values())

        def hides_block(value):
            if isinstance(value, dict):
                value = list(value.values())
            if isinstance(value, (list, tuple)):
                return any(hides_block(item) for item in value)
            return isinstance(value, Block) and value not in children

        for key, value in vars(self).items():
            if key.startswith('__') or key == '_children' or not isinstance(value, (list, tuple, dict)):
                continue
            if hides_block(value):
                warnings.warn('"{}" is an unregistered container with Blocks. Note that Blocks inside the list, '
                              'tuple or dict will not be registered automatically. Make sure to register them '
                              'using register_child() or switching to nn.Sequential/nn.HybridSequential '
                              'instead. '.format(type(self).__name__ + '.' + key), stacklevel=3)

    def _alias(self):
        """The hint default names are made from: the lower-cased class name."""
        return type(self).__name__.lower()

    @property
    def prefix(self):
        """What starts the names of the block's parameters and children, e.g. 'dense0_'."""
        return self._prefix

    @property
    def name(self):
        """The prefix without its trailing '_'."""
        return self._name

    def name_scope(self):
        """``with self.name_scope():`` names the blocks made inside as this block's children."""
        return self._scope

    @property
    def params(self):
        """This block's own ParameterDict (without its children's: see :meth:`collect_params`)."""
        return self._params

    def collect_params(self, select=None):
        """A ParameterDict of the parameters of this block and all its descendants; with `select`, only
        those whose full name matches that regular expression from its start (``re.match``)::

            net.collect_params('.*weight|.*bias')

        Blocks hidden in lists, tuples or dicts are not reached, and a warning says so.
        """
        self._check_container_with_block()
        found = ParameterDict(self._params.prefix)
        if select:
            matches = re.compile(select).match
            found.update({key: p for key, p in self._params.items() if matches(key)})
        else:
            found.update(self._params)
        for child in self._children.values():
            found.update(child.collect_params(select=select))
        return found

    def _collect_params_with_prefix(self, prefix=''):
        """{attribute path ('hidden.weight', '0.bias'): parameter} over the tree: the names
        save_parameters writes."""
        base = prefix + '.' if prefix else ''
        found = {base + key: p for key, p in self._reg_params.items()}
        for key, child in self._children.items():
            found.update(child._collect_params_with_prefix(base + key))
        return found

    # ---- files -------------------------------------------------------------------------------------------
    def save_parameters(self, filename, deduplicate=False):
        """Write the parameters to `filename` in MXNet's .params format, each named by the attribute path
        that leads to it (``hidden.weight``, ``0.bias``). The names do not involve the prefixes, so a model
        built again (with other counters) loads the file; MXNet reads these files, and its own load here.
        Only parameters assigned to block attributes are saved.

        With `deduplicate`, a parameter that several blocks share is written once (under its last path)
        instead of once per path. The file is replaced only when complete.
        """
        params = self._collect_params_with_prefix()
        if deduplicate:
            last_path = {}
            for key, param in params.items():
                last_path[param] = key
            params = {key: param for param, key in last_path.items()}
        _nd.save(filename, {key: param._reduce() for key, param in params.items()})

    def save_params(self, filename):
        """Deprecated (warns): writes the parameters under their full names less this block's prefix,
        which only a block with the same prefixes can load. Use :meth:`save_parameters`."""
        warnings.warn('save_params is deprecated. Please use save_parameters. Note that if you want load from '
                      'SymbolBlock later, please use export instead. For details, see '
                      'https://mxnet.apache.org/tutorials/gluon/save_load_params.html')
        try:
            self.collect_params().save(filename, strip_prefix=self.prefix)
        except ValueError as e:
            raise ValueError('%s\nsave_params is deprecated. Using save_parameters may resolve this error.'
                             % e) from None

    def load_parameters(self, filename, ctx=None, allow_missing=False, ignore_extra=False, cast_dtype=False,
                        dtype_source='current'):
        """Set the parameters from a file of :meth:`save_parameters` (mxtorch's or MXNet's), or of the older
        :meth:`save_params` / ``ParameterDict.save`` (full names; told apart by having no '.' in any
        name). Names, shapes and dtypes are all checked before any value changes, so a failed load
        leaves the block as it was. Parameters without values yet are initialized from the file.

        Parameters
        ----------
        filename : str
        ctx : Context or list of Context, optional
            Where parameters without values are initialized (default cpu).
        allow_missing : bool, default False
            Accept a file lacking some of the parameters (they keep their values).
        ignore_extra : bool, default False
            Accept a file with names the block does not have.
        cast_dtype : bool, default False
            Accept values of another dtype than the parameter's.
        dtype_source : {'current', 'saved'}, default 'current'
            With cast_dtype: convert the values to the parameter's dtype, or the parameter to theirs.
        """
        loaded = _nd.load(filename)
        if not isinstance(loaded, dict):
            raise ValueError("load_parameters: file '%s' holds a list of %d arrays without names, not the "
                             "named parameters that save_parameters writes" % (filename, len(loaded)))
        params = self._collect_params_with_prefix()
        if not loaded and not params:
            return
        if not any('.' in key for key in loaded):
            # full names with this block's prefix stripped (save_params, ParameterDict.save)
            tree = self.collect_params()
            tree._check_restore_prefix(self.prefix)
            tree.load_dict(loaded, ctx, allow_missing, ignore_extra, self.prefix, filename, cast_dtype,
                           dtype_source)
            return
        if not allow_missing:
            # a shared parameter is there when the file has any one of its paths
            present = {params[key] for key in loaded if key in params}
            for key, param in params.items():
                if param not in present:
                    raise AssertionError("Parameter '%s' is missing in file '%s', which contains parameters: %s. "
                                         "Set allow_missing=True to ignore missing parameters."
                                         % (key, filename, _brief_print_list(loaded.keys())))
        steps = []
        for key, value in loaded.items():
            param = params.get(key)
            if param is not None:
                steps.append(param._prepare_load(value, ctx, cast_dtype, dtype_source))
            elif not ignore_extra:
                raise ValueError("Parameter '%s' loaded from file '%s' is not present in ParameterDict, which "
                                 "contains parameters %s. Set ignore_extra=True to ignore. "
                                 % (key, filename, _brief_print_list(self._params.keys())))
        for step in steps:
            step()

    def load_params(self, filename, ctx=None, allow_missing=False, ignore_extra=False):
        """Deprecated (warns): :meth:`load_parameters` without the dtype arguments."""
        warnings.warn('load_params is deprecated. Please use load_parameters.')
        self.load_parameters(filename, ctx, allow_missing, ignore_extra)

    def save(self, prefix):
        """Write the tree of blocks with their names to ``<prefix>-model.json`` and the parameters to
        ``<prefix>-model.params``, for :meth:`load` into a model built the same way. A HybridBlock's
        traced graph (and its input/output structure) is written too, when it has one."""
        def describe(block, counter, into):
            entry = {'orig_name': block.name}
            into[type(block).__name__.lower() + str(counter[0])] = entry
            if isinstance(block, HybridBlock):
                if block._cached_graph:
                    inputs, out = block._cached_graph
                    entry.update(in_format=block._in_format, out_format=block._out_format,
                                 inputs=[s.tojson() for s in inputs], symbol=out.tojson())
                entry['hybridized'] = bool(block._cached_graph)
            entry['children'] = names = {}
            for key, child in block._children.items():
                counter[0] += 1
                names[child.name] = key
                describe(child, counter, entry)

        model = {}
        describe(self, [0], model)
        write_atomically(prefix + '-model.json', [json.dumps(model).encode()], 'Block.save')
        self.save_parameters(prefix + '-model.params')

    def load(self, prefix):
        """Load what :meth:`save` wrote into this model, which must be built the same way: blocks and their
        parameters take the saved names, hybridized blocks their saved graphs (and become hybridized),
        then the parameters are loaded."""
        with open(prefix + '-model.json') as f:
            model = json.load(f)

        def rename(block, counter, within):
            entry = within[type(block).__name__.lower() + str(counter[0])]
            block._name = entry['orig_name']
            if isinstance(block, HybridBlock) and entry.get('hybridized'):
                block._in_format, block._out_format = entry['in_format'], entry['out_format']
                block._cached_graph = ([_sym.load_json(text) for text in entry['inputs']],
                                       _sym.load_json(entry['symbol']))
                block._active = True
            table = block.params._params
            cut = len(block.params._prefix)
            for key in list(table):
                table[block.name + '_' + key[cut:]] = table.pop(key)
            for child in block._children.values():
                counter[0] += 1
                rename(child, counter, entry)
            names = entry['children']
            for key in list(block._children):
                child = block._children.pop(key)
                block._children[names[child.name]] = child

        rename(self, [0], model)
        self.load_parameters(prefix + '-model.params')

    # ---- children, hooks, tree-wide operations -----------------------------------------------------------
    def register_child(self, block, name=None):
        """Make `block` a child under `name` (default: its position, '0', '1', ...). Assigning a block to
        an attribute does this under the attribute's name."""
        self._children[str(len(self._children)) if name is None else name] = block

    def register_forward_pre_hook(self, hook):
        """Call ``hook(block, inputs)`` before each forward; returns a HookHandle (``.detach()`` removes
        the hook, as does leaving ``with handle:``)."""
        return _hook(self._forward_pre_hooks, hook)

    def register_forward_hook(self, hook):
        """Call ``hook(block, inputs, output)`` after each forward; returns a HookHandle."""
        return _hook(self._forward_hooks, hook)

    def apply(self, fn):
        """Call ``fn(block)`` on every descendant, children before their parent, and last on this block;
        returns this block."""
        for child in self._children.values():
            child.apply(fn)
        fn(self)
        return self

    def initialize(self, init=initializer.Uniform(), ctx=None, verbose=False, force_reinit=False):
        """Initialize the parameters of this block and its descendants:
        ``block.collect_params().initialize(init, ctx, verbose, force_reinit)``."""
        self.collect_params().initialize(init, ctx, verbose, force_reinit)

    def hybridize(self, active=True, **kwargs):
        """Hybridize (or not) the HybridBlocks among the children; see :meth:`HybridBlock.hybridize`."""
        for child in self._children.values():
            child.hybridize(active, **kwargs)

    def cast(self, dtype):
        """Convert the parameters of this block and its descendants to `dtype` (e.g. 'float16')."""
        for child in self._children.values():
            child.cast(dtype)
        for param in self._params.values():
            param.cast(dtype)

    # ---- running -----------------------------------------------------------------------------------------
    def __call__(self, *args):
        """Forward pre-hooks, :meth:`forward`, forward hooks. Positional arguments only."""
        if self._forward_pre_hooks:
            for hook in tuple(self._forward_pre_hooks.values()):
                hook(self, args)
        out = self.forward(*args)
        if self._forward_hooks:
            for hook in tuple(self._forward_hooks.values()):
                hook(self, args, out)
        if _np_array.active and out.__class__ is not _NP_ARRAY:
            _np_gluon.check_outputs(out)    # MXNet's NumPy mode: mx.np arrays only
        return out

    def forward(self, *args):
        """The computation, written by subclasses (positional NDArray arguments)."""
        raise NotImplementedError

    def register_op_hook(self, callback, monitor_all=False):
        """Set an operator hook (see :meth:`HybridBlock.register_op_hook`) on the HybridBlocks among the
        children."""
        for child in self._children.values():
            child.register_op_hook(callback, monitor_all)

    def summary(self, *inputs):
        """Run the model once on `inputs` and print its layers with output shapes and parameter counts,
        then the totals (trainable, shared). The model must be initialized and not hybridized."""
        from .nn.basic_layers import Sequential, HybridSequential
        rows = [('Input', _shapes_text(inputs), 0, 0, 0)]    # layer, shape, parameters, trainable, shared
        seen = set()
        handles = []

        def count(block, _, outputs):
            total = trainable = shared = 0
            for param in block.params.values():
                size = param.data().size
                total += size
                trainable += 0 if param.grad_req == 'null' else size
                if param in seen:
                    shared += size
                seen.add(param)
            rows.append(('%s-%d' % (type(block).__name__, len(rows)), _shapes_text(outputs), total, trainable,
                         shared))

        def watch(block):
            if isinstance(block, HybridBlock) and block._active:
                raise AssertionError('"{}" must not be hybridized to print summary.'.format(block.name))
            if not isinstance(block, (Sequential, HybridSequential)):
                handles.append(block.register_forward_hook(count))

        try:
            self.apply(watch)
            self(*inputs)
        finally:
            for handle in handles:
                handle.detach()
        layout = '{:>20}  {:>42} {:>15}'
        total, trainable, shared = (sum(row[i] for row in rows) for i in (2, 3, 4))
        print('\n'.join(
            ['-' * 80, layout.format('Layer (type)', 'Output Shape', 'Param #'), '=' * 80] +
            [layout.format(layer, shape, n) for layer, shape, n, _, _ in rows] +
            ['=' * 80, 'Parameters in forward computation graph, duplicate included',
             '   Total params: %d' % total, '   Trainable params: %d' % trainable,
             '   Non-trainable params: %d' % (total - trainable),
             'Shared params in forward computation graph: %d' % shared,
             'Unique parameters in model: %d' % (total - shared), '-' * 80]))


def _shapes_text(value):
    """How summary prints inputs or outputs: the shapes of NDArrays in nested lists/tuples, outer brackets
    dropped."""
    def shapes(v):
        if isinstance(v, (list, tuple)):
            return [shapes(item) for item in v]
        return v.shape if isinstance(v, NDArray) else v
    found = shapes(value)
    return (str(found)[1:-1] if isinstance(found, list) else str(found)).replace('L', '')


def _extends_with_none(longer, shorter):
    return longer[:len(shorter)] == shorter and all(f == -1 for f in longer[len(shorter):])


def _one_context(contexts):
    """MXNet's error for a hybridized block's inputs on several contexts."""
    found = set(contexts)
    if len(found) > 1:
        raise ValueError('Find multiple contexts in the input, After hybridized, the HybridBlock only supports one '
                         'input context. You can print the ele.ctx in the input arguments to inspect their '
                         'contexts. Find all contexts = {}'.format(found))


class HybridBlock(Block):
    """A Block whose computation is ``hybrid_forward(self, F, x, *args, **params)``, written with the
    operators of ``F`` only, so that it runs two ways: imperatively (``F`` is ``mx.nd``; the inputs and
    ``params``, the block's Parameter attributes by name, are arrays) or as a graph (``F`` is ``mx.sym``;
    they are Symbols)::

        class Scaled(gluon.HybridBlock):
            def __init__(self, units, **kwargs):
                super(Scaled, self).__init__(**kwargs)
                self._units = units
                with self.name_scope():      # in_units unknown (0) until the first call
                    self.weight = self.params.get('weight', shape=(units, 0), allow_deferred_init=True)

            def hybrid_forward(self, F, x, weight):
                y = F.FullyConnected(x, weight, no_bias=True, num_hidden=self._units)
                return y * F.sigmoid(y)

    Called with a Symbol, a block returns the Symbol of its computation. After :meth:`hybridize`, a call
    with arrays traces ``hybrid_forward`` once into a graph, completes the shapes of parameters from it
    when they are not known yet, and from then on runs the graph as one torch program; :meth:`export`
    writes the graph and the parameters as MXNet's model files.
    """

    def __init__(self, prefix=None, params=None):
        super().__init__(prefix=prefix, params=params)
        vars(self).update(_active=False, _flags=[], _backend=None, _backend_opts={}, _callback=None,
                          _monitor_all=False, _in_format=None, _out_format=None)
        self._clear_cached_op()

    def _clear_cached_op(self):
        """Forget the traced graph and its program; the next hybridized call traces again (and takes the
        input structure of that call)."""
        vars(self).update(_cached_graph=(), _cached_op=None, _cached_op_args=[])

    def register_child(self, block, name=None):
        """As :meth:`Block.register_child`; the child must be a HybridBlock too."""
        if not isinstance(block, HybridBlock):
            raise ValueError('Children of HybridBlock must also be HybridBlock, but %s has type %s. If you are '
                             'using Sequential, please try HybridSequential instead.' % (str(block), str(type(block))))
        super().register_child(block, name)
        self._clear_cached_op()

    def hybridize(self, active=True, backend=None, clear=True, static_alloc=False, static_shape=False,
                  inline_limit=2, forward_bulk_size=None, backward_bulk_size=None, **kwargs):
        """Run this block (and its HybridBlock descendants) as a graph from the next call on, or stop
        (``active=False``).

        The next call with arrays traces ``hybrid_forward`` into a graph, which then runs as a torch
        program (an fx graph of the operators' implementations) at every call: the same values and
        gradients as imperatively, without the per-operator dispatch. Inputs must then be NDArrays or None
        in (nested) lists, on one context, with the structure of that first call; list and tuple outputs
        come back as lists.

        Parameters
        ----------
        active : bool, default True
        backend : str, optional
            A torch.compile backend ('inductor', 'aot_eager', 'cudagraphs', ...): the program (forward and
            backward) is compiled with it at the first call of each input signature. Other names (MXNet's
            subgraph backends) change nothing.
        clear : bool, default True
            Forget the graph traced so far (it is traced again at the next call).
        static_alloc : bool, default False
            On a CUDA device, with `static_shape`: replay the compiled program as CUDA graphs.
        static_shape : bool, default False
            On a CUDA device: compile every graph for the input shapes it sees (each new shape is
            compiled again). By default, and on a CPU whatever these flags say, only graphs made mostly
            of cheap element-wise operators are compiled (by inductor, after a few calls); the others run
            as the uncompiled program, which needs no compile time.
        inline_limit : int, default 2
            ``autograd.get_symbol`` shows the graph's operators, rather than one ``_CachedOp`` node, when
            it has at most this many.
        forward_bulk_size, backward_bulk_size : int, optional
            Kept as given; torch schedules the work itself.
        **kwargs
            Backend options, kept as given.
        """
        if kwargs:
            self._backend_opts = kwargs
        self._backend, self._active = backend, active
        self._flags = [('static_alloc', static_alloc), ('static_shape', static_shape), ('inline_limit', inline_limit)]
        for key, size in (('forward_bulk_size', forward_bulk_size), ('backward_bulk_size', backward_bulk_size)):
            if size is not None:
                self._flags.append((key, size))
        if clear:
            self._clear_cached_op()
        # (MXNet's condition, precedence included)
        if active and self._forward_hooks or self._forward_pre_hooks:
            warnings.warn('"{block}" is being hybridized while still having forward hook/pre-hook. If "{block}" '
                          'is a child of HybridBlock, the hooks will not take effect.'.format(block=self))
        super().hybridize(active, static_alloc=static_alloc, static_shape=static_shape, inline_limit=inline_limit,
                          forward_bulk_size=forward_bulk_size, backward_bulk_size=backward_bulk_size)

    def cast(self, dtype):
        self._clear_cached_op()
        super().cast(dtype)

    # ---- the graph ---------------------------------------------------------------------------------------
    def _get_graph(self, *args):
        """(the input variables, the Symbol of the outputs) of ``hybrid_forward`` traced with Symbols for
        `args`, made at the first call and kept. The inputs are named 'data', or 'data0', 'data1', ...
        when there are several (None arguments stay None)."""
        if self._cached_graph:
            return self._cached_graph
        flat, self._in_format = _hybrid.flatten(args, 'input')
        count = sum(a is not None for a in flat)
        if not count:
            raise ValueError('All args are None and we do not support such a case. Received args={}'.format(args))
        names = iter(['data'] if count == 1 else ['data%d' % i for i in range(count)])
        traced = [None if a is None else _sym.var(next(names)) for a in flat]
        if _np_array.active:
            # NumPy mode: mx.np inputs are traced as mx.sym.np symbols (parameters' var() gives them too)
            traced = [s.as_np_ndarray() if a.__class__ is _NP_ARRAY else s for s, a in zip(traced, flat)]
        params = {key: p.var() for key, p in self._reg_params.items()}
        with self.name_scope():
            out = self.hybrid_forward(_sym, *_hybrid.regroup(traced, self._in_format), **params)
        outputs, self._out_format = _hybrid.flatten(out, 'output')
        # a graph of mx.sym.np outputs is one (MXNet's _check_same_symbol_type): it gives mx.np arrays
        kind = type(outputs[0]) if outputs and all(type(o) is type(outputs[0]) for o in outputs) else _sym.Symbol
        self._cached_graph = [s for s in traced if s is not None], _sym.Group(outputs, kind)
        return self._cached_graph

    def _infer_attrs(self, method, attr, *args):
        """Set `attr` ('shape' or 'dtype') of the parameters from the traced graph's inference for the
        inputs `args`."""
        inputs, out = self._get_graph(*args)
        arrays = [a for a in _hybrid.flatten(args, 'input')[0] if a is not None]
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter('always')
            arg_attrs, _, aux_attrs = getattr(out, method)(
                **{s.name: getattr(a, attr) for s, a in zip(inputs, arrays)})
        if arg_attrs is None:
            raise ValueError(str(caught[0].message) if caught else '{} could not decide the parameters'.format(method))
        found = dict(zip(out.list_arguments(), arg_attrs))
        found.update(zip(out.list_auxiliary_states(), aux_attrs))
        # the graph names parameters by their keys in collect_params() (their names, unless load() renamed them)
        for key, param in self.collect_params().items():
            if key in found:
                setattr(param, attr, found[key])

    def infer_shape(self, *args):
        """Complete the unknown sizes of the parameters' shapes for the inputs `args`, by shape inference
        through the traced graph. A block may override this to set them itself (the built-in layers do:
        it is quicker than tracing)."""
        self._infer_attrs('infer_shape', 'shape', *args)

    def infer_type(self, *args):
        """Set the parameters' dtypes from the inputs `args`, by type inference through the traced graph."""
        self._infer_attrs('infer_type', 'dtype', *args)

    def _deferred_infer_shape(self, *args):
        """infer_shape, a failure reported as MXNet reports it."""
        try:
            self.infer_shape(*args)
        except Exception as error:
            raise ValueError('Deferred initialization failed because shape cannot be inferred. {}'.format(error)) \
                from error

    def _build_cache(self, *args):
        """Trace the graph for `args` (if not done), finish the parameters it uses, and make its program."""
        inputs, out = self._get_graph(*args)
        data_names = [s.name for s in inputs]
        used = out.list_inputs()
        if self._cached_op_args:
            params = {p.name: p for is_data, p in self._cached_op_args if not is_data}
        else:
            params = dict(self.collect_params().items())
        for name in used:
            if name not in params and name not in data_names:
                raise AssertionError('Unknown input to HybridBlock: %s' % name)
        _hybrid.warn_unused(data_names, set(used), list(params))
        flat = [a for a in _hybrid.flatten(args, 'input')[0] if a is not None]
        ctx = flat[0].context if flat and isinstance(flat[0], NDArray) else current_context()
        needed = [params[name] for name in used if name in params]
        try:
            for param in needed:
                param.data(ctx)
        except DeferredInitializationError:
            self._deferred_infer_shape(*flat)
            for param in needed:
                param._finish_deferred_init()
        data_index = {name: i for i, name in enumerate(data_names)}
        self._cached_op_args = [(True, data_index[name]) if name in data_index else (False, params[name])
                                for name in used]
        self._cached_op = _hybrid.CachedGraph(out, data_names, params, self._flags, self._backend)

    def _np_graph_ok(self, *args):
        """Whether a hybridized block called with mx.np arrays runs its graph: it does once the graph is
        made; a block whose computation the mx.sym.np front end cannot trace yet runs imperatively (as
        all did before there was one), which gives the same values."""
        if self._cached_op is not None:
            return True
        if vars(self).get('_np_untraceable'):
            return False
        try:
            self._build_cache(*args)
        except DeferredInitializationError:
            raise
        except Exception:  # noqa: BLE001 - a failure to trace means: run imperatively, which reports real errors
            self._clear_cached_op()
            self._np_untraceable = True
            return False
        return True

    def _call_cached_op(self, ctx, *args):
        """Run the cached graph's program on the arrays `args` (on context `ctx`)."""
        if self._cached_op is None:
            self._build_cache(*args)
        if self._callback is not None and len(self._flags) >= 2:
            # (MXNet's test of the flags, which holds whatever their values)
            warnings.warn('register_op_hook is experimental when static_alloc=True / static_shape=True  and may '
                          'not work correctly')
        plain = True
        for a in args:
            if a.__class__ is not NDArray:
                plain = False
                break
        if plain:
            fmt, inputs = [0] * len(args), args
        else:
            flat, fmt = _hybrid.flatten(args, 'input')
            inputs = [a for a in flat if a is not None]
        stored = self._in_format
        if fmt != stored and not (_extends_with_none(stored, fmt) or _extends_with_none(fmt, stored)):
            # (MXNet's message, which names them the other way round)
            raise ValueError('The argument structure of HybridBlock does not match the cached version. Stored '
                             'format = {}, input format = {}'.format(fmt, stored))
        outputs = self._cached_op(inputs, ctx, args[0]._ctx if plain else None, self._callback, self._monitor_all)
        return _hybrid.regroup(outputs, self._out_format)

    # ---- running -------------------------------------------------------------------------------------
    def forward(self, x, *args):
        """With arrays: the hybridized block runs its cached graph, otherwise :meth:`hybrid_forward` runs
        with ``F = mx.nd``, the inputs and the parameters' arrays on the first input's context (the default
        context meanwhile); parameters still waiting for their shape are initialized first. With Symbols:
        the Symbol of :meth:`hybrid_forward` with ``F = mx.sym``, the parameters as variables."""
        cls = x.__class__
        plain = cls is NDArray or cls is _NP_ARRAY
        if plain:
            for a in args:
                if a.__class__ is not cls:
                    plain = False
                    break
        if plain:
            ctx = x._ctx or context_of_device(x._t.device)
            if self._active and (cls is NDArray or self._np_graph_ok(x, *args)):
                for a in args:
                    if (a._ctx or context_of_device(a._t.device)) != ctx:
                        _one_context([x.context] + [a.context for a in args])
                return self._call_cached_op(ctx, x, *args)
        else:
            has_symbol, has_array, contexts = _hybrid.kinds_of((x,) + args)
            if has_symbol and has_array:
                raise ValueError('In HybridBlock, we do not support mixed NDArrays and Symbols types for the input. '
                                 'Please check the type of the args.\n')
            if has_symbol:
                params = {key: p.var() for key, p in self._reg_params.items()}
                with self.name_scope():
                    return self.hybrid_forward(_sym, x, *args, **params)
            if not has_array:
                raise ValueError('In HybridBlock, there must be one NDArray or one Symbol in the input. Please '
                                 'check the type of the args.\n')
            ctx = contexts[0]
            if self._active and (not _np_gluon.any_np_array((x,) + args) or self._np_graph_ok(x, *args)):
                _one_context(contexts)
                return self._call_cached_op(ctx, x, *args)
        reg = self._reg_params
        params = {}
        if reg:
            try:
                params = {key: p.data(ctx) for key, p in reg.items()}
            except DeferredInitializationError:
                self._deferred_infer_shape(x, *args)
                for p in self._params.values():
                    p._finish_deferred_init()
                params = {key: p.data(ctx) for key, p in reg.items()}
        # the input's context is the default one while hybrid_forward runs (MXNet's `with ctx:`); the
        # thread-local is set directly, as ctx may be a Context object that many arrays share
        previous = current_context()
        if previous is ctx:
            return self.hybrid_forward(_nd, x, *args, **params)
        _default_context.value = ctx
        try:
            return self.hybrid_forward(_nd, x, *args, **params)
        finally:
            _default_context.value = previous

    def hybrid_forward(self, F, x, *args, **kwargs):
        """The computation, written by subclasses with the operators of `F` (``mx.nd`` or ``mx.sym``): `x`
        and `args` are the inputs, `kwargs` the block's parameters by attribute name."""
        raise NotImplementedError

    def register_op_hook(self, callback, monitor_all=False):
        """Call ``callback(name, operator, array)`` for the output of every operator of the block's graph
        while it runs hybridized (and, with `monitor_all`, for each operator's inputs first). Names are
        bytes, as MXNet passes them: ``b'dense0_fwd_output'``, ``b'dense0_fwd_data'``, and operators by
        MXNet's names (``b'FullyConnected'``); the array is an NDArray of the value. The hook is set on
        this block and its direct children."""
        self._callback = callback
        self._monitor_all = monitor_all
        for child in self._children.values():
            child._callback = callback
            child._monitor_all = monitor_all

    # ---- files -----------------------------------------------------------------------------------------
    def export(self, path, epoch=0, remove_amp_cast=True):
        """Write the block's graph to ``path-symbol.json`` and the parameters it uses to
        ``path-%04d.params`` (``epoch``, four digits; names with MXNet's ``arg:``/``aux:`` prefixes), the
        model files that ``SymbolBlock.imports``, MXNet's Module API and MXNet's C++ front end load. The
        graph's inputs are 'data', or 'data0', 'data1', ... The block must have run hybridized once."""
        if not self._cached_graph:
            raise RuntimeError('Please first call block.hybridize() and then run forward with this block at least '
                               'once before calling export.')
        graph = self._cached_graph[1]
        graph.save('%s-symbol.json' % path, remove_amp_cast=remove_amp_cast)
        arguments, states = set(graph.list_arguments()), set(graph.list_auxiliary_states())
        if self._cached_op_args:
            params = [p for is_data, p in self._cached_op_args if not is_data]
        else:
            found = {p.name: p for p in self.collect_params().values()}
            params = [found[name] for name in graph.list_inputs() if name in found]
        arrays = {}
        for param in params:
            if param.name in arguments:
                arrays['arg:' + param.name] = param._reduce()
            elif param.name in states:
                arrays['aux:' + param.name] = param._reduce()
            else:
                warnings.warn('Parameter "{name}" is not found in the graph. '.format(name=param.name), stacklevel=3)
        _nd.save('%s-%04d.params' % (path, epoch), arrays)

    def optimize_for(self, x, *args, backend=None, clear=False, static_alloc=False, static_shape=False,
                     inline_limit=2, forward_bulk_size=None, backward_bulk_size=None, **kwargs):
        """Hybridize for `backend` and build the graph and its program for the inputs `x`, `args` now,
        without running it (then :meth:`export` or call the block). `backend` is required; see
        :meth:`hybridize` for it and the other options."""
        if kwargs:
            self._backend_opts = kwargs
        if not backend:
            raise ValueError('Must specify "backend" to optimize_for')
        self.hybridize(True, backend, clear, static_alloc, static_shape, inline_limit, forward_bulk_size,
                       backward_bulk_size)
        has_symbol, has_array, contexts = _hybrid.kinds_of([x] + list(args))
        if not has_symbol and not has_array:
            raise ValueError('In HybridBlock, there must be one NDArray or one Symbol in the input. Please check '
                             'the type of the args.\n')
        if len(set(contexts)) > 1:
            raise ValueError('Found multiple contexts in the input, After hybridized, the HybridBlock only supports '
                             'one input context. You can print the ele.ctx in the input arguments to inspect their '
                             'contexts. Find all contexts = {}'.format(set(contexts)))
        self._build_cache(x, *args)


def _common_prefix(names):
    """The longest string every one of `names` starts with ('' for none)."""
    if not names:
        return ''
    first, last = min(names), max(names)
    size = 0
    while size < min(len(first), len(last)) and first[size] == last[size]:
        size += 1
    return first[:size]


def _param_dtypes(inputs, out, arguments, states):
    """The dtypes of a graph's arguments and auxiliary states as type inference gives them from the input
    variables' own dtypes (float32 for all when some input has none, or inference fails)."""
    given = {}
    for s in inputs:
        types = s.infer_type()[0]
        if not types or types[0] is None:
            given = None
            break
        given[s.name] = types[0]
    arg_types = aux_types = None
    if given is not None:
        try:
            arg_types, _, aux_types = out.infer_type(**given)
        except MXNetError:
            pass
    if arg_types is None or len(arg_types) != len(arguments):
        arg_types = [mx_real_t] * len(arguments)
    if aux_types is None or len(aux_types) != len(states):
        aux_types = [mx_real_t] * len(states)
    return arg_types, aux_types


class SymbolBlock(HybridBlock):
    """A block that runs a Symbol graph: `outputs` (a Symbol, a group, or a list of Symbols) computed from
    the variables `inputs` (a Symbol or a list); every other variable of the graph becomes a parameter of
    the block, named as the variable, taken from `params` (a ParameterDict) when it has it::

        internals = resnet(mx.sym.var('data')).get_internals()
        features = gluon.SymbolBlock(internals['resnetv10_pool0_fwd_output'], mx.sym.var('data'),
                                     params=resnet.collect_params())

    :meth:`imports` makes one from the files of :meth:`HybridBlock.export` (or of MXNet's Module API).
    The graph always runs as a program, hybridized or not.
    """

    @staticmethod
    def imports(symbol_file, input_names, param_file=None, ctx=None, allow_missing=False, ignore_extra=False):
        """The SymbolBlock of a model file pair: the graph of `symbol_file` (``-symbol.json``) with the
        inputs `input_names` (a name or a list), and, with `param_file`, its parameters loaded from it on
        `ctx` in the file's dtypes. Parameters missing from the file (unless `allow_missing`) or the file's
        names that the graph lacks (unless `ignore_extra`) are an AssertionError naming the parameter, and
        then nothing is loaded."""
        graph = _sym.load(symbol_file)
        if isinstance(input_names, str):
            input_names = [input_names]
        if param_file is None:
            inputs = [_sym.var(name, dtype=mx_real_t) for name in input_names]
        else:
            inputs = [_sym.var(name) for name in input_names]
        if _np_array.active:
            # NumPy mode: an np graph of np inputs, which gives mx.np arrays
            graph = graph.as_np_ndarray()
            inputs = [v.as_np_ndarray() for v in inputs]
        block = SymbolBlock(graph, inputs)
        if param_file is not None:
            block.collect_params().load(param_file, ctx, allow_missing, ignore_extra, cast_dtype=True,
                                        dtype_source='saved')
        return block

    def __repr__(self):
        inputs, out = self._cached_graph
        return '{}(\n{} : {} -> {}\n)'.format(type(self).__name__, out, len(inputs), len(out.list_outputs()))

    def __init__(self, outputs, inputs, params=None):
        super().__init__(prefix=None, params=None)
        self._prefix = ''
        self._params = ParameterDict('', params)
        if isinstance(inputs, _sym.Symbol) and len(inputs.list_outputs()) == 1:
            inputs = [inputs]
        if isinstance(outputs, (list, tuple)) and len(outputs) == 1:
            outputs = outputs[0]
        variables, self._in_format = _hybrid.flatten(inputs, 'input')
        out, self._out_format = _hybrid.flatten(outputs, 'output')
        names = set()
        for v in variables:
            if len(v.get_internals().list_outputs()) != 1:
                raise AssertionError('Input symbols must be variable, but %s is an output of operators' % str(v))
            names.add(v.name)
        for s in out:
            for node in s.get_internals():
                if node.attr('__storage_type__') == '1':
                    raise AssertionError("SymbolBlock doesn't support Parameter '%s' because its storage type is "
                                         "'row_sparse'." % node.name)
        out = _sym.Group(out) if len(out) > 1 else out[0]
        arguments, states = out.list_arguments(), out.list_auxiliary_states()
        arg_types, aux_types = _param_dtypes(variables, out, arguments, states)
        for name, dtype in zip(arguments, arg_types):
            if name not in names:
                self.params.get(name, allow_deferred_init=True, dtype=dtype)
        for name, dtype in zip(states, aux_types):
            if name not in names:
                self.params.get(name, grad_req='null', allow_deferred_init=True, dtype=dtype)
        self._cached_graph = variables, out
        cut = len(_common_prefix(list(self._params.keys())))
        self._reg_params = {key[cut:]: p for key, p in self._params.items()}

    def forward(self, x, *args):
        """With arrays: the graph's outputs for them. With Symbols: the graph composed onto them."""
        if isinstance(x, NDArray):
            ctx = x.context
            contexts = _hybrid.kinds_of(args)[2]
            if contexts:
                _one_context([ctx] + contexts)
            return self._call_cached_op(ctx, x, *args)
        if not isinstance(x, _sym.Symbol):
            raise AssertionError('HybridBlock requires the first argument to forward be either Symbol or NDArray, '
                                 'but got %s' % type(x))
        flat, fmt = _hybrid.flatten([x] + list(args), 'input')
        if fmt != self._in_format:
            raise AssertionError('Invalid input format')
        variables, out = self._cached_graph
        composed = copy.copy(out)
        composed._compose(**{v.name: s for v, s in zip(variables, flat)})
        return _hybrid.regroup(list(composed), self._out_format)

    def _clear_cached_op(self):
        kept = getattr(self, '_cached_graph', ())
        super()._clear_cached_op()
        self._cached_graph = kept

    def cast(self, dtype):
        """Cast the parameters to `dtype`; to float16, BatchNorm's parameters stay float32 (the operator
        computes its statistics in float32)."""
        self._clear_cached_op()
        super().cast(dtype)
        if np.dtype(dtype).name != 'float16':
            return
        inputs = set(self._cached_graph[1].get_internals().list_inputs())
        for stats, names in (('running_var', ('running_mean', 'gamma', 'beta')),
                             ('moving_var', ('moving_mean', 'gamma', 'beta'))):
            for name in inputs:
                if not name.endswith(stats):
                    continue
                stem = name[:-len(stats)]
                family = [stem + n for n in names]
                if all(n in inputs for n in family):
                    for n in [name] + family:
                        self.params.get(n).cast('float32')

    def hybrid_forward(self, F, x, *args, **kwargs):
        raise NotImplementedError

    def reset_ctx(self, ctx):
        """Move every parameter to `ctx` (a Context or a list)."""
        for param in self.collect_params().values():
            param.reset_ctx(ctx)
