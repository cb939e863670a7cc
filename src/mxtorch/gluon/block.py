"""The base classes of layers and models: :class:`Block` and :class:`HybridBlock`.

Naming follows MXNet 1.x. A block made outside any parent's ``name_scope()`` is named from its class and
a per-thread counter (``dense0``, ``dense1``, ...). Inside ``with parent.name_scope():`` it is counted
within the parent and its prefix is put after the parent's (``mlp0_dense0_``); its parameters are named
from that prefix.

There is no Symbol API here: a :class:`HybridBlock` always runs ``hybrid_forward`` with ``F = mx.nd`` on
NDArrays. ``hybridize()`` switches on the input rules of MXNet's hybridized blocks (NDArray or None in
nested lists, one context, one argument structure) and list outputs; torch computes either way."""
import json
import re
import threading
import warnings
from collections import OrderedDict

from .. import initializer, name as _name
from .. import ndarray as _nd
from .._fileio import write_atomically
from ..context import _default as _default_context, current_context, context_of_device
from ..ndarray.ndarray import NDArray
from .parameter import Parameter, ParameterDict, DeferredInitializationError
from .utils import _indent, _brief_print_list, HookHandle

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


def _no_symbols(what):
    return NotImplementedError('{} needs a Symbol graph, and mxtorch has no Symbol API (mx.sym): models run '
                               'imperatively on NDArrays; save weights with save_parameters() and rebuild the '
                               'model in Python to load them'.format(what))


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
        ``<prefix>-model.params``, for :meth:`load` into a model built the same way. Without symbolic
        graphs, every block is recorded as not hybridized."""
        def describe(block, counter, into):
            entry = {'orig_name': block.name}
            into[type(block).__name__.lower() + str(counter[0])] = entry
            if isinstance(block, HybridBlock):
                entry['hybridized'] = False
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
        parameters take the saved names, then the parameters are loaded."""
        with open(prefix + '-model.json') as f:
            model = json.load(f)

        def rename(block, counter, within):
            entry = within[type(block).__name__.lower() + str(counter[0])]
            block._name = entry['orig_name']
            if isinstance(block, HybridBlock) and entry.get('hybridized'):
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
        return out

    def forward(self, *args):
        """The computation, written by subclasses (positional NDArray arguments)."""
        raise NotImplementedError

    def register_op_hook(self, callback, monitor_all=False):
        """Watch every operator's outputs inside the block. Torch has no such engine callback, so this
        raises; watch blocks with :meth:`register_forward_hook`."""
        raise NotImplementedError('register_op_hook: mxtorch has no per-operator engine callbacks; use '
                                  'register_forward_hook to watch the outputs of blocks')

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


def _input_format(value):
    """Flatten (nested) lists of NDArray or None into a list and a format describing the nesting
    (0: an NDArray, -1: None, a list: a nested list); anything else is MXNet's ValueError for hybridized
    blocks."""
    if isinstance(value, NDArray):
        return [value], 0
    if value is None:
        return [None], -1
    if not isinstance(value, (list, tuple)):
        raise ValueError('When hybridized, the input of HybridBlock input must be (nested) list of Symbol or '
                         'NDArray, but got {} of type {}'.format(str(value), str(type(value))))
    flat, fmt = [], []
    for item in value:
        items, item_fmt = _input_format(item)
        flat += items
        fmt.append(item_fmt)
    return flat, fmt


def _contexts_in(args):
    """The contexts of the NDArrays in nested lists/tuples, in order of appearance (repeats included)."""
    found = []
    for a in args:
        if isinstance(a, NDArray):
            found.append(a.context)
        elif isinstance(a, (list, tuple)):
            found += _contexts_in(a)
    return found


def _as_lists(out):
    """A hybridized block's outputs: tuples become lists, as MXNet's cached graph returns them."""
    return [_as_lists(o) for o in out] if isinstance(out, (list, tuple)) else out


def _extends_with_none(longer, shorter):
    return longer[:len(shorter)] == shorter and all(f == -1 for f in longer[len(shorter):])


class HybridBlock(Block):
    """A Block whose computation is ``hybrid_forward(self, F, x, *args, **params)``: ``F`` is the operator
    namespace and ``params`` are the block's parameters (its Parameter attributes) as arrays::

        class Affine(gluon.HybridBlock):
            def __init__(self, units, **kwargs):
                super(Affine, self).__init__(**kwargs)
                with self.name_scope():
                    self.weight = self.params.get('weight', shape=(units, 0), allow_deferred_init=True)

            def infer_shape(self, x):              # completes the shape at the first forward
                self.weight.shape = (self.weight.shape[0], x.shape[1])

            def hybrid_forward(self, F, x, weight):
                return F.dot(x, weight.T)

    In MXNet ``F`` is ``mx.sym`` while a hybridized block builds its graph; here it is always ``mx.nd``, and
    the parameters are the arrays on the first input's context. After :meth:`hybridize` the block keeps
    MXNet's rules for hybridized blocks: NDArray or None inputs (in nested lists), one context, the same
    structure at every call, and tuple outputs returned as lists.
    """

    def __init__(self, prefix=None, params=None):
        super().__init__(prefix=prefix, params=params)
        vars(self).update(_active=False, _flags=[], _backend=None, _backend_opts={}, _callback=None,
                          _monitor_all=False, _out_format=None)
        self._clear_cached_op()

    def _clear_cached_op(self):
        """Forget what earlier calls recorded (the input structure, and MXNet's graph slots)."""
        vars(self).update(_cached_graph=(), _cached_op=None, _cached_op_args=[], _in_format=None)

    def register_child(self, block, name=None):
        """As :meth:`Block.register_child`; the child must be a HybridBlock too."""
        if not isinstance(block, HybridBlock):
            raise ValueError('Children of HybridBlock must also be HybridBlock, but %s has type %s. If you are '
                             'using Sequential, please try HybridSequential instead.' % (str(block), str(type(block))))
        super().register_child(block, name)
        self._clear_cached_op()

    def hybridize(self, active=True, backend=None, clear=True, static_alloc=False, static_shape=False,
                  inline_limit=2, forward_bulk_size=None, backward_bulk_size=None, **kwargs):
        """Switch hybrid mode on (or off) for this block and its HybridBlock descendants.

        A hybridized block computes as before, with torch, and checks its inputs as MXNet's hybridized
        blocks do; `clear` forgets the input structure seen so far. `backend`, the memory and bulking
        options and the backend options in `kwargs` are kept and have no effect.
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

    def infer_shape(self, *args):
        """Complete the unknown sizes of the block's parameters from the inputs.

        MXNet infers them through the symbolic graph, which mxtorch does not have: a block with
        parameters of unknown shape sets them here (``self.weight.shape = (units, x.shape[1])``), as the
        built-in layers do. The default raises.
        """
        raise NotImplementedError(
            "{} '{}' has parameters of unknown shape and no infer_shape(): mxtorch has no symbolic shape "
            "inference, so give the shapes when creating the parameters or override infer_shape(self, *args) "
            "to set them from the inputs".format(type(self).__name__, self.name))

    def infer_type(self, *args):
        """Set the parameters' dtypes from the inputs'. That needs MXNet's symbolic graph: this raises (give
        the dtype when creating parameters, or use :meth:`cast`)."""
        raise NotImplementedError(
            "{} '{}': infer_type needs MXNet's symbolic graph, which mxtorch does not have; give the dtype "
            "when creating the parameters or use cast()".format(type(self).__name__, self.name))

    def _deferred_infer_shape(self, *args):
        """infer_shape, a failure reported as MXNet reports it."""
        try:
            self.infer_shape(*args)
        except Exception as error:
            raise ValueError('Deferred initialization failed because shape cannot be inferred. {}'.format(error)) \
                from error

    def forward(self, x, *args):
        """Call :meth:`hybrid_forward` with ``F = mx.nd``, the inputs and the parameters' arrays on the first
        input's context, which is the default context meanwhile. Parameters waiting for their shape are
        initialized first (:meth:`infer_shape`)."""
        if x.__class__ is NDArray:
            ctx = x._ctx or context_of_device(x._t.device)
        else:
            found = _contexts_in((x,) + args)
            if not found:
                raise ValueError('In HybridBlock, there must be one NDArray or one Symbol in the input. Please '
                                 'check the type of the args.\n')
            ctx = found[0]
        active = self._active
        if active:
            self._check_hybridized_inputs(ctx, x, args)
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
            out = self.hybrid_forward(_nd, x, *args, **params)
        else:
            _default_context.value = ctx
            try:
                out = self.hybrid_forward(_nd, x, *args, **params)
            finally:
                _default_context.value = previous
        if active and isinstance(out, (list, tuple)):
            return _as_lists(out)
        return out

    def _check_hybridized_inputs(self, ctx, x, args):
        """MXNet's rules for a hybridized block's inputs: NDArray or None in (nested) lists, one context, the
        structure of the first call (trailing None arguments may come and go)."""
        inputs = (x,) + args
        plain = x.__class__ is NDArray      # then ctx is x's context
        for a in args:
            if not plain:
                break
            plain = a.__class__ is NDArray and (a._ctx or context_of_device(a._t.device)) == ctx
        if plain:
            fmt = [0] * len(inputs)
        else:
            contexts = set(_contexts_in(inputs))
            if len(contexts) > 1:
                raise ValueError('Find multiple contexts in the input, After hybridized, the HybridBlock only '
                                 'supports one input context. You can print the ele.ctx in the input arguments '
                                 'to inspect their contexts. Find all contexts = {}'.format(contexts))
            fmt = _input_format(inputs)[1]
        stored = self._in_format
        if stored is None:
            self._in_format = fmt
        elif fmt != stored and not (_extends_with_none(stored, fmt) or _extends_with_none(fmt, stored)):
            # (MXNet's message, which names them the other way round)
            raise ValueError('The argument structure of HybridBlock does not match the cached version. Stored '
                             'format = {}, input format = {}'.format(fmt, stored))

    def hybrid_forward(self, F, x, *args, **kwargs):
        """The computation, written by subclasses: `F` is ``mx.nd``, `x` and `args` the inputs, `kwargs` the
        block's parameters (as arrays) by attribute name."""
        raise NotImplementedError

    def export(self, path, epoch=0, remove_amp_cast=True):
        """Write the symbolic graph and parameters for deployment. There is no symbolic graph here: this
        raises (use :meth:`save_parameters`)."""
        raise _no_symbols('HybridBlock.export')

    def optimize_for(self, x, *args, backend=None, **kwargs):
        """Partition the graph for a subgraph backend. There are no graphs or backends here: this raises."""
        raise _no_symbols('HybridBlock.optimize_for')


class SymbolBlock(HybridBlock):
    """A block made from a Symbol graph. Without a Symbol API the class exists so that code naming it
    imports; making one raises."""

    @staticmethod
    def imports(symbol_file, input_names, param_file=None, ctx=None, allow_missing=False, ignore_extra=False):
        """Load a model that :meth:`HybridBlock.export` wrote: that needs symbols, so this raises."""
        raise _no_symbols('SymbolBlock.imports')

    def __init__(self, outputs, inputs, params=None):
        raise _no_symbols('SymbolBlock')
