"""Base container classes of all neural network models: :class:`Block` and :class:`HybridBlock`.

Blocks are named as in MXNet 1.x: a block made outside any parent's ``name_scope()`` gets a process-wide
name from its class (``dense0``, ``dense1``, ...); inside ``with parent.name_scope():`` children are counted
per parent and prefixed by it (``mlp0_dense0_``), and their parameters are named from that prefix.

mxtorch has no Symbol API: a :class:`HybridBlock` always runs ``hybrid_forward`` with ``F = mx.nd`` on
NDArrays. ``hybridize()`` keeps MXNet's input checks of a hybridized block (nested lists of NDArray or None,
one context, the same argument structure on every call); the computation is torch's either way."""
import json
import threading
import warnings
from collections import OrderedDict

from .. import initializer, name as _name
from .. import ndarray as _nd
from ..context import Context, _default as _default_context, current_context, context_of_device
from ..ndarray.ndarray import NDArray
from .parameter import Parameter, ParameterDict, DeferredInitializationError
from .utils import _indent, _brief_print_list, HookHandle

__all__ = ['Block', 'HybridBlock', 'SymbolBlock']


class _BlockScope:
    """What ``block.name_scope()`` returns: while entered, new blocks are named and counted as children of
    the block, and the name manager puts its prefix in front of generated names.
    """
    _current = threading.local()

    def __init__(self, block):
        self._block = block
        self._counter = {}
        self._old_scope = None
        self._name_scope = None

    @staticmethod
    def create(prefix, params, hint):
        """The prefix and the ParameterDict of a new block of class hint `hint`."""
        scope = getattr(_BlockScope._current, 'value', None)
        if scope is None:
            # a top-level block: named by this thread's name manager (dense0, dense1, ...)
            if prefix is None:
                prefix = _name._current().get(None, hint) + '_'
            full_prefix, param_prefix, shared = prefix, prefix, None
        else:
            # a child made inside its parent's name_scope(): counted per parent, prefixed by it
            if prefix is None:
                count = scope._counter.get(hint, 0)
                scope._counter[hint] = count + 1
                prefix = '%s%d_' % (hint, count)
            parent = scope._block
            full_prefix = parent.prefix + prefix
            param_prefix, shared = parent.params.prefix + prefix, parent.params._shared
        if params is not None:
            # sharing: the new block's parameters are looked up in `params` (and named like them)
            return full_prefix, ParameterDict(params.prefix, params)
        return full_prefix, ParameterDict(param_prefix, shared)

    def __enter__(self):
        if self._block._empty_prefix:
            return self
        self._old_scope = getattr(_BlockScope._current, 'value', None)
        _BlockScope._current.value = self
        self._name_scope = _name.Prefix(self._block.prefix)
        self._name_scope.__enter__()
        return self

    def __exit__(self, ptype, value, trace):
        if self._block._empty_prefix:
            return
        self._name_scope.__exit__(ptype, value, trace)
        self._name_scope = None
        _BlockScope._current.value = self._old_scope


def _no_symbols(what):
    return NotImplementedError('{} needs a Symbol graph, and mxtorch has no Symbol API (mx.sym): models run '
                               'imperatively on NDArrays; save weights with save_parameters() and rebuild the '
                               'model in Python to load them'.format(what))


class Block:
    """The base class of every layer and model: subclass it, create the layers and parameters in
    ``__init__`` and write the computation in ``forward``::

        class TwoLayers(gluon.Block):
            def __init__(self, **kwargs):
                super(TwoLayers, self).__init__(**kwargs)
                with self.name_scope():               # children are named twolayers0_dense0, ...
                    self.hidden = nn.Dense(64, activation='relu')
                    self.out = nn.Dense(10)

            def forward(self, x):
                return self.out(self.hidden(x))

        net = TwoLayers()
        net.initialize()
        y = net(mx.nd.ones((2, 20)))

    Blocks assigned to attributes become children (:meth:`collect_params`, :meth:`initialize`, ...
    reach them); blocks kept in a list or dict do not (use nn.Sequential or :meth:`register_child`).

    Parameters
    ----------
    prefix : str, optional
        Prefix of the block's name and of its parameters' names. By default made from the class name and a
        counter (``dense0_``), and put after the parent's prefix inside the parent's ``name_scope()``.
    params : ParameterDict, optional
        Parameters to share: the block takes existing parameters from it instead of creating new ones, e.g.
        ``nn.Dense(20, params=other_dense.params)``.
    """

    def __init__(self, prefix=None, params=None):
        self._empty_prefix = prefix == ''
        self._prefix, self._params = _BlockScope.create(prefix, params, self._alias())
        self._name = self._prefix[:-1] if self._prefix.endswith('_') else self._prefix
        self._scope = _BlockScope(self)
        self._children = OrderedDict()
        self._reg_params = {}
        self._forward_hooks = OrderedDict()
        self._forward_pre_hooks = OrderedDict()

    def __repr__(self):
        modstr = '\n'.join(['  ({key}): {block}'.format(key=key, block=_indent(block.__repr__(), 2))
                            for key, block in self.__dict__.items() if isinstance(block, Block)])
        return '{name}(\n{modstr}\n)'.format(name=self.__class__.__name__, modstr=modstr)

    def __setattr__(self, name, value):
        """Attributes that are Blocks become children and those that are Parameters are registered;
        replacing a Block or Parameter attribute by something of another type is a TypeError.
        """
        if hasattr(self, name):
            existing = getattr(self, name)
            if isinstance(existing, (Parameter, Block)) and not isinstance(value, type(existing)):
                raise TypeError('Changing attribute type for {name} from {type1} to {type2}'
                                'is not allowed.'.format(name=name, type1=type(existing), type2=type(value)))
        if isinstance(value, Block):
            self.register_child(value, name)
        elif isinstance(value, Parameter):
            assert name not in self._reg_params, \
                "Overriding Parameter attribute %s is not allowed. If you want to share parameters between " \
                "blocks, please set 'params' at Block construction instead."
            self._reg_params[name] = value
        super().__setattr__(name, value)

    def _check_container_with_block(self):
        children = set(self._children.values())

        def unregistered_block_in(data):
            # whether a nested list/tuple/dict holds a Block that is not a registered child
            if isinstance(data, (list, tuple)):
                return any(unregistered_block_in(ele) for ele in data)
            if isinstance(data, dict):
                return any(unregistered_block_in(v) for v in data.values())
            if isinstance(data, Block):
                return data not in children
            return False

        for k, v in self.__dict__.items():
            if isinstance(v, (list, tuple, dict)) and not (k.startswith('__') or k == '_children'):
                if unregistered_block_in(v):
                    warnings.warn('"{name}" is an unregistered container with Blocks. Note that Blocks inside the '
                                  'list, tuple or dict will not be registered automatically. Make sure to '
                                  'register them using register_child() or switching to '
                                  'nn.Sequential/nn.HybridSequential instead. '
                                  .format(name=self.__class__.__name__ + '.' + k), stacklevel=3)

    def _alias(self):
        return self.__class__.__name__.lower()

    @property
    def prefix(self):
        """The block's prefix, which starts the names of its parameters and children (e.g. 'dense0_')."""
        return self._prefix

    @property
    def name(self):
        """The block's name: its prefix without the trailing '_'."""
        return self._name

    def name_scope(self):
        """The scope in which children get this block's prefix; use it as ``with self.name_scope():``."""
        return self._scope

    @property
    def params(self):
        """This block's own ParameterDict (its children's parameters are not in it: see :meth:`collect_params`)."""
        return self._params

    def collect_params(self, select=None):
        """A ParameterDict of the parameters of this block and all its descendants, optionally only those
        whose full names match the regular expression `select` (``re.match``, so from the start of the
        name)::

            net.collect_params('.*weight|.*bias')

        Blocks hidden in lists, tuples or dicts are not reached: a warning says so.

        Parameters
        ----------
        select : str, optional
            Regular expression selecting parameters by name.

        Returns
        -------
        ParameterDict
        """
        # blocks inside containers are not supported: warn about them here
        self._check_container_with_block()
        ret = ParameterDict(self._params.prefix)
        if not select:
            ret.update(self.params)
        else:
            import re
            pattern = re.compile(select)
            ret.update({name: value for name, value in self.params.items() if pattern.match(name)})
        for cld in self._children.values():
            ret.update(cld.collect_params(select=select))
        return ret

    def _collect_params_with_prefix(self, prefix=''):
        if prefix:
            prefix += '.'
        ret = {prefix + key: val for key, val in self._reg_params.items()}
        for name, child in self._children.items():
            ret.update(child._collect_params_with_prefix(prefix + name))
        return ret

    # ---- saving and loading -------------------------------------------------------------------------------
    def save_parameters(self, filename, deduplicate=False):
        """Write the parameters to `filename` in MXNet's .params format, each under the path of attribute
        names that leads to it (``hidden.weight``, ``0.bias``): the names do not depend on the prefixes, so a
        model built again (with other counters) loads the file. Only parameters assigned to block attributes
        are saved. MXNet 1.x reads these files, and files it writes load here.

        Parameters
        ----------
        filename : str
            The file to write (through a temporary file renamed into place when complete).
        deduplicate : bool, default False
            Write a parameter shared by several blocks once, under one of its paths, instead of once per path.
        """
        params = self._collect_params_with_prefix()
        if deduplicate:
            # a shared parameter appears under several names: keep one of them
            reverse_params = {v: k for k, v in params.items()}
            params = {v: k for k, v in reverse_params.items()}
        arg_dict = {key: val._reduce() for key, val in params.items()}
        _nd.save(filename, arg_dict)  # through a temporary file renamed into place

    def save_params(self, filename):
        """Deprecated form of :meth:`save_parameters`: writes the parameters under their full names with this
        block's prefix removed, which only a block of the same prefixes loads. Warns.

        filename : str
            The file to write.
        """
        warnings.warn('save_params is deprecated. Please use save_parameters. Note that if you want load '
                      'from SymbolBlock later, please use export instead. For details, see '
                      'https://mxnet.apache.org/tutorials/gluon/save_load_params.html')
        try:
            self.collect_params().save(filename, strip_prefix=self.prefix)
        except ValueError as e:
            raise ValueError('%s\nsave_params is deprecated. Using save_parameters may resolve this error.'
                             % e) from None

    def load_parameters(self, filename, ctx=None, allow_missing=False, ignore_extra=False, cast_dtype=False,
                        dtype_source='current'):
        """Set the parameters from a file written by :meth:`save_parameters` (by mxtorch or MXNet), or by
        the older :meth:`save_params` / ``ParameterDict.save`` (full names, recognized by their lack of
        '.'). Names, shapes and dtypes are all checked before any value changes, so a failed load leaves the
        block as it was. Parameters not initialized yet are initialized with the loaded values (their unknown
        dimensions taken from the file).

        Parameters
        ----------
        filename : str
            The file to read.
        ctx : Context or list of Context, optional
            Where to initialize parameters that have no value yet (default cpu).
        allow_missing : bool, default False
            Accept a file that lacks some of the block's parameters (they keep their values).
        ignore_extra : bool, default False
            Accept a file with names the block does not have.
        cast_dtype : bool, default False
            Accept values whose dtype differs from the parameter's.
        dtype_source : {'current', 'saved'}, default 'current'
            With cast_dtype: convert the values to the parameter's dtype ('current') or the parameter to the
            file's dtype ('saved').
        """
        loaded = _nd.load(filename)
        if not isinstance(loaded, dict):
            raise ValueError("load_parameters: file '%s' holds a list of %d arrays without names, not the "
                             "named parameters that save_parameters writes" % (filename, len(loaded)))
        params = self._collect_params_with_prefix()
        if not loaded and not params:
            return
        if not any('.' in i for i in loaded.keys()):
            # legacy file: full parameter names, this block's prefix stripped
            pdict = self.collect_params()
            for name in pdict.keys():
                assert name.startswith(self.prefix), \
                    "restore_prefix is '%s' but Parameters name '%s' does not start with '%s'. For more info " \
                    "on naming, please see " \
                    "https://mxnet.io/api/python/docs/tutorials/packages/gluon/blocks/naming.html" % (
                        self.prefix, name, self.prefix)
            pdict.load_dict(loaded, ctx, allow_missing, ignore_extra, self.prefix, filename, cast_dtype,
                            dtype_source)
            return
        if not allow_missing:
            # a shared parameter is loaded when any one of its names is in the file
            names_of = {}
            for k, v in params.items():
                names_of.setdefault(v, []).append(k)
            for name, param in params.items():
                assert any(p in loaded for p in names_of[param]), \
                    "Parameter '%s' is missing in file '%s', which contains parameters: %s. Set " \
                    "allow_missing=True to ignore missing parameters." % (
                        name, filename, _brief_print_list(loaded.keys()))
        plans = []
        for name in loaded:
            if not ignore_extra and name not in params:
                raise ValueError(
                    "Parameter '%s' loaded from file '%s' is not present in ParameterDict, which contains "
                    "parameters %s. Set ignore_extra=True to ignore. " % (
                        name, filename, _brief_print_list(self._params.keys())))
            if name in params:
                param = params[name]
                plans.append((param, param._load_plan(loaded[name], ctx, cast_dtype, dtype_source)))
        for param, plan in plans:
            param._load_apply(plan)

    def load_params(self, filename, ctx=None, allow_missing=False, ignore_extra=False):
        """Deprecated form of :meth:`load_parameters` (same arguments but the dtype ones). Warns."""
        warnings.warn('load_params is deprecated. Please use load_parameters.')
        self.load_parameters(filename, ctx, allow_missing, ignore_extra)

    # ---- children and hooks --------------------------------------------------------------------------------
    def register_child(self, block, name=None):
        """Make `block` a child of this block under `name` (default: its position, '0', '1', ...).
        Assigning a block to an attribute does this too, under the attribute's name.
        """
        if name is None:
            name = str(len(self._children))
        self._children[name] = block

    def register_forward_pre_hook(self, hook):
        """Call ``hook(block, inputs)`` before every forward of this block.

        Returns
        -------
        HookHandle
            ``handle.detach()`` removes the hook (also on leaving ``with handle:``).
        """
        handle = HookHandle()
        handle.attach(self._forward_pre_hooks, hook)
        return handle

    def register_forward_hook(self, hook):
        """Call ``hook(block, inputs, output)`` after every forward of this block.

        Returns
        -------
        HookHandle
            ``handle.detach()`` removes the hook (also on leaving ``with handle:``).
        """
        handle = HookHandle()
        handle.attach(self._forward_hooks, hook)
        return handle

    def apply(self, fn):
        """Call ``fn(block)`` on every descendant, children before parents, then on this block.

        Returns
        -------
        Block
            This block.
        """
        for cld in self._children.values():
            cld.apply(fn)
        fn(self)
        return self

    def initialize(self, init=initializer.Uniform(), ctx=None, verbose=False, force_reinit=False):
        """Initialize the parameters of this block and its descendants: the same as
        ``block.collect_params().initialize(...)``.

        Parameters
        ----------
        init : Initializer, default Uniform()
            For the parameters without an initializer of their own (Dense's bias has 'zeros').
        ctx : Context or list of Context, optional
            Where to keep the parameters (default: the current context).
        verbose : bool, default False
            Log each initialized parameter.
        force_reinit : bool, default False
            Initialize again the parameters that already have values (else they are skipped with a warning).
        """
        self.collect_params().initialize(init, ctx, verbose, force_reinit)

    def hybridize(self, active=True, **kwargs):
        """Hybridize (or not) the HybridBlocks among the descendants; see :meth:`HybridBlock.hybridize`."""
        for cld in self._children.values():
            cld.hybridize(active, **kwargs)

    def save(self, prefix):
        """Write the tree of blocks with their names to ``<prefix>-model.json`` and the parameters to
        ``<prefix>-model.params``, for :meth:`load` into a model built the same way. mxtorch keeps no
        symbolic graphs, so blocks are recorded as not hybridized.

        Parameters
        ----------
        prefix : str
            Start of the two file names.
        """
        model = {}

        def save_structure(blk, index, structure):
            mdl = {'orig_name': blk.name}
            structure[type(blk).__name__.lower() + str(index[0])] = mdl
            if isinstance(blk, HybridBlock):
                mdl['hybridized'] = False
            children = dict()
            mdl['children'] = children
            for ch_name, child in blk._children.items():
                index[0] += 1
                children[child.name] = ch_name
                save_structure(child, index, mdl)
        save_structure(self, [0], model)
        with open(prefix + '-model.json', 'w') as fp:
            json.dump(model, fp)
        self.save_parameters(prefix + '-model.params')

    def load(self, prefix):
        """Load what :meth:`save` wrote into this model, which must be built the same way: blocks and
        their parameters take the saved names, then the parameters are loaded.

        Parameters
        ----------
        prefix : str
            Start of the two file names.
        """
        with open(prefix + '-model.json') as fp:
            model = json.load(fp)

        def load_structure(blk, index, structure):
            mdl = structure[type(blk).__name__.lower() + str(index[0])]
            blk._name = mdl['orig_name']
            if isinstance(blk, HybridBlock) and mdl.get('hybridized'):
                blk._active = True
            for p in list(blk.params.keys()):
                param = blk.params._params.pop(p)
                blk.params._params[blk.name + '_' + p[len(blk.params._prefix):]] = param
            for _, child in blk._children.items():
                index[0] += 1
                load_structure(child, index, mdl)
            children = mdl['children']
            for ch_name in list(blk._children.keys()):
                child = blk._children.pop(ch_name)
                blk._children[children[child.name]] = child
        load_structure(self, [0], model)
        self.load_parameters(prefix + '-model.params')

    def cast(self, dtype):
        """Convert all parameters of this block and its descendants to another dtype.

        Parameters
        ----------
        dtype : str or numpy.dtype
            The new dtype, e.g. 'float16'.
        """
        for child in self._children.values():
            child.cast(dtype)
        for _, param in self.params.items():
            param.cast(dtype)

    def __call__(self, *args):
        """Run the forward pre-hooks, :meth:`forward`, then the forward hooks. Positional arguments only."""
        if self._forward_pre_hooks:
            for hook in tuple(self._forward_pre_hooks.values()):
                hook(self, args)
        out = self.forward(*args)
        if self._forward_hooks:
            for hook in tuple(self._forward_hooks.values()):
                hook(self, args, out)
        return out

    def forward(self, *args):
        """The computation of the block, to be written by subclasses (positional arguments only).

        Parameters
        ----------
        *args : NDArray
            The inputs.
        """
        raise NotImplementedError

    def register_op_hook(self, callback, monitor_all=False):
        """Watch the outputs of every operator inside the block. mxtorch runs operators on torch, which has
        no such engine callback: this raises (watch blocks with :meth:`register_forward_hook`).
        """
        raise NotImplementedError('register_op_hook: mxtorch has no per-operator engine callbacks; use '
                                  'register_forward_hook to watch the outputs of blocks')

    def summary(self, *inputs):
        """Run the model once on `inputs` and print a table of its layers with their output shapes and
        parameter counts, then the totals (trainable, shared). The model must be initialized and not
        hybridized.

        Parameters
        ----------
        *inputs : NDArray (or nested lists of them)
            Inputs for one forward pass.
        """
        summary = OrderedDict()
        seen = set()
        hooks = []

        def shape_str(args):
            shapes = _map_nested(args, lambda x: x.shape if isinstance(x, NDArray) else x)
            text = str(shapes)[1:-1] if isinstance(shapes, list) else str(shapes)
            return text.replace('L', '')

        def register_summary_hook(block):
            assert not isinstance(block, HybridBlock) or not block._active, \
                '"{}" must not be hybridized to print summary.'.format(block.name)

            def summary_hook(block, _, outputs):
                m_key = '%s-%i' % (block.__class__.__name__, len(summary))
                entry = summary[m_key] = OrderedDict()
                entry['output_shape'] = shape_str(outputs)
                params = 0
                entry['trainable'] = 0
                entry['shared'] = 0
                for p in block.params.values():
                    size = p.data().size
                    params += size
                    entry['trainable'] += 0 if p.grad_req == 'null' else size
                    if p in seen:
                        entry['shared'] += size
                    else:
                        seen.add(p)
                entry['n_params'] = params

            from .nn.basic_layers import Sequential, HybridSequential
            if not isinstance(block, (Sequential, HybridSequential)):
                hooks.append(block.register_forward_hook(summary_hook))

        summary['Input'] = OrderedDict(output_shape=shape_str(inputs), n_params=0, trainable=0, shared=0)
        try:
            self.apply(register_summary_hook)
            self(*inputs)
            line_format = '{:>20}  {:>42} {:>15}'
            print('-' * 80)
            print(line_format.format('Layer (type)', 'Output Shape', 'Param #'))
            print('=' * 80)
            total_params = trainable_params = shared_params = 0
            for layer in summary:
                print(line_format.format(layer, str(summary[layer]['output_shape']), summary[layer]['n_params']))
                total_params += summary[layer]['n_params']
                trainable_params += summary[layer]['trainable']
                shared_params += summary[layer]['shared']
            print('=' * 80)
            print('Parameters in forward computation graph, duplicate included')
            print('   Total params: ' + str(total_params))
            print('   Trainable params: ' + str(trainable_params))
            print('   Non-trainable params: ' + str(total_params - trainable_params))
            print('Shared params in forward computation graph: ' + str(shared_params))
            print('Unique parameters in model: ' + str(total_params - shared_params))
            print('-' * 80)
        finally:
            for h in hooks:
                h.detach()


def _map_nested(args, fn):
    """fn applied to the leaves of nested lists/tuples, which become lists (the shapes summary prints)."""
    if isinstance(args, (list, tuple)):
        return [_map_nested(a, fn) for a in args]
    return fn(args)


def _flatten(args, inout_str):
    """Flatten (nested) lists of NDArray/None into a list and a format that rebuilds the structure;
    anything else is a ValueError, as for MXNet's hybridized blocks."""
    if isinstance(args, NDArray):
        return [args], 0
    if args is None:
        return [None], -1
    if not isinstance(args, (list, tuple)):
        raise ValueError('When hybridized, the input of HybridBlock {} must be (nested) list of Symbol or '
                         'NDArray, but got {} of type {}'.format(inout_str, str(args), str(type(args))))
    flat = []
    fmts = []
    for i in args:
        arg, fmt = _flatten(i, inout_str)
        flat.extend(arg)
        fmts.append(fmt)
    return flat, fmts


def _first_context(args):
    """The context of the first NDArray in nested lists/tuples (None when there is none) and the set of
    all their contexts."""
    first = None
    ctxs = set()
    stack = [args]
    while stack:
        a = stack.pop()
        if isinstance(a, NDArray):
            ctx = a.context
            ctxs.add(ctx)
            if first is None:
                first = ctx
        elif isinstance(a, (list, tuple)):
            stack.extend(reversed(a))
    return first, ctxs


def _as_lists(out):
    """A hybridized block's outputs: tuples become lists, as MXNet's cached graph gives them."""
    if isinstance(out, (list, tuple)):
        return [_as_lists(o) for o in out]
    return out


class HybridBlock(Block):
    """A Block whose computation is written in ``hybrid_forward(self, F, x, *args, **params)``: ``F`` is the
    operator namespace and ``params`` are the block's parameters (its Parameter attributes) as arrays::

        class Affine(gluon.HybridBlock):
            def __init__(self, units, **kwargs):
                super(Affine, self).__init__(**kwargs)
                with self.name_scope():
                    self.weight = self.params.get('weight', shape=(units, 0), allow_deferred_init=True)

            def infer_shape(self, x):                  # completes the shape at the first forward
                self.weight.shape = (self.weight.shape[0], x.shape[1])

            def hybrid_forward(self, F, x, weight):
                return F.dot(x, weight.T)

    In MXNet, F is ``mx.sym`` while a hybridized block builds its graph. mxtorch has no symbols: ``F`` is
    always ``mx.nd`` and the parameters are the NDArrays on the first input's context. :meth:`hybridize`
    keeps MXNet's rules for hybridized blocks: inputs are NDArrays or None (in nested lists), on one
    context, with the same structure at every call, and tuple outputs come back as lists.
    """

    def __init__(self, prefix=None, params=None):
        super().__init__(prefix=prefix, params=params)
        self._cached_graph = ()
        self._cached_op = None
        self._cached_op_args = []
        self._out_format = None
        self._in_format = None
        self._active = False
        self._flags = []
        self._callback = None
        self._monitor_all = False
        self._backend = None
        self._backend_opts = {}

    def __setattr__(self, name, value):
        """Registers children and parameters as Block does; a new HybridBlock child resets the checks."""
        super().__setattr__(name, value)
        if isinstance(value, HybridBlock):
            self._clear_cached_op()

    def _clear_cached_op(self):
        self._cached_graph = ()
        self._cached_op = None
        self._cached_op_args = []
        self._in_format = None

    def register_child(self, block, name=None):
        if not isinstance(block, HybridBlock):
            raise ValueError(
                'Children of HybridBlock must also be HybridBlock, but %s has type %s. If you are using '
                'Sequential, please try HybridSequential instead.' % (str(block), str(type(block))))
        super().register_child(block, name)
        self._clear_cached_op()

    def hybridize(self, active=True, backend=None, clear=True, static_alloc=False, static_shape=False,
                  inline_limit=2, forward_bulk_size=None, backward_bulk_size=None, **kwargs):
        """Switch hybrid mode on (or off) for this block and its HybridBlock descendants.

        In mxtorch a hybridized block computes exactly as before, with torch; it checks its inputs as
        MXNet's hybridized blocks do. The memory and graph options are accepted and have no effect.

        Parameters
        ----------
        active : bool, default True
            On or off.
        backend : str, optional
            Name of a subgraph backend (kept, unused).
        clear : bool, default True
            Forget the input structure recorded by earlier calls.
        static_alloc, static_shape : bool, default False
            MXNet's memory planning options.
        inline_limit : int, default 2
            MXNet's graph inlining option.
        forward_bulk_size, backward_bulk_size : int, optional
            MXNet's engine bulking options.
        **kwargs
            Backend options (kept, unused).
        """
        if kwargs:
            self._backend_opts = kwargs
        self._backend = backend
        self._active = active
        self._flags = [('static_alloc', static_alloc), ('static_shape', static_shape),
                       ('inline_limit', inline_limit)]
        if forward_bulk_size is not None:
            self._flags.append(('forward_bulk_size', forward_bulk_size))
        if backward_bulk_size is not None:
            self._flags.append(('backward_bulk_size', backward_bulk_size))
        if clear:
            self._clear_cached_op()
        if active and self._forward_hooks or self._forward_pre_hooks:
            warnings.warn('"{block}" is being hybridized while still having forward hook/pre-hook. If '
                          '"{block}" is a child of HybridBlock, the hooks will not take effect.'.format(block=self))
        super().hybridize(active, static_alloc=static_alloc, static_shape=static_shape,
                          inline_limit=inline_limit, forward_bulk_size=forward_bulk_size,
                          backward_bulk_size=backward_bulk_size)

    def cast(self, dtype):
        self._clear_cached_op()
        super().cast(dtype)

    def infer_shape(self, *args):
        """Complete the unknown dimensions of the block's parameters from its inputs.

        MXNet infers them from the symbolic graph; mxtorch has none, so a block with parameters of unknown
        shape sets them here (``self.weight.shape = (units, x.shape[1])``), as the built-in layers do. The
        default raises.
        """
        raise NotImplementedError(
            "{} '{}' has parameters of unknown shape and no infer_shape(): mxtorch has no symbolic shape "
            "inference, so give the shapes when creating the parameters or override infer_shape(self, *args) "
            "to set them from the inputs".format(self.__class__.__name__, self.name))

    def infer_type(self, *args):
        """Set the parameters' dtypes from the inputs' dtypes. MXNet does this on its symbolic graph, which
        mxtorch does not have: give the dtype when creating parameters, or use :meth:`cast`. This raises.
        """
        raise NotImplementedError(
            "{} '{}': infer_type needs MXNet's symbolic graph, which mxtorch does not have; give the dtype "
            "when creating the parameters or use cast()".format(self.__class__.__name__, self.name))

    def _deferred_infer_shape(self, *args):
        try:
            self.infer_shape(*args)
        except Exception as e:
            raise ValueError('Deferred initialization failed because shape cannot be inferred. {}'.format(e)) \
                from e

    def forward(self, x, *args):
        """Call :meth:`hybrid_forward` with ``F = mx.nd``, the inputs and the parameters on the first
        input's context, which is also the default context while it runs. Parameters waiting for their
        shape are initialized first (:meth:`infer_shape`).
        """
        if x.__class__ is NDArray:
            ctx = x._ctx or context_of_device(x._t.device)
        else:
            ctx, _ = _first_context((x,) + args)
            if ctx is None:
                raise ValueError('In HybridBlock, there must be one NDArray or one Symbol in the input. Please '
                                 'check the type of the args.\n')
        active = self._active
        if active:
            self._check_hybridized_inputs(ctx, x, args)
        reg = self._reg_params
        if reg:
            try:
                params = {k: v.data(ctx) for k, v in reg.items()}
            except DeferredInitializationError:
                self._deferred_infer_shape(x, *args)
                for v in self._params.values():
                    v._finish_deferred_init()
                params = {k: v.data(ctx) for k, v in reg.items()}
        else:
            params = {}
        # the input's context is the default context while hybrid_forward runs (MXNet's `with ctx:`);
        # the thread-local is set directly because ctx may be a Context shared by many arrays
        old = current_context()
        if old is ctx:
            out = self.hybrid_forward(_nd, x, *args, **params)
        else:
            _default_context.value = ctx
            try:
                out = self.hybrid_forward(_nd, x, *args, **params)
            finally:
                _default_context.value = old
        if active and isinstance(out, (list, tuple)):
            return _as_lists(out)   # a hybridized block's outputs are lists
        return out

    def _check_hybridized_inputs(self, ctx, x, args):
        """MXNet's rules for the inputs of a hybridized block: NDArrays or None in (nested) lists, one
        context, and the structure of the first call (trailing None arguments may be left out)."""
        simple = x.__class__ is NDArray
        if simple:
            for a in args:
                if a.__class__ is not NDArray:
                    simple = False
                    break
                c = a._ctx or context_of_device(a._t.device)
                if c is not ctx and c != ctx:
                    simple = False
                    break
        if simple:
            fmt = [0] * (1 + len(args))
        else:
            inputs = (x,) + args
            _, ctxs = _first_context(inputs)
            if len(ctxs) > 1:
                raise ValueError('Find multiple contexts in the input, After hybridized, the HybridBlock only '
                                 'supports one input context. You can print the ele.ctx in the input arguments '
                                 'to inspect their contexts. Find all contexts = {}'.format(ctxs))
            _, fmt = _flatten(inputs, 'input')
        stored = self._in_format
        if stored is None:
            self._in_format = fmt
        elif fmt != stored:
            if len(stored) > len(fmt):
                valid = all(stored[i] == -1 for i in range(len(fmt), len(stored))) and fmt == stored[:len(fmt)]
            elif len(stored) < len(fmt):
                valid = all(fmt[i] == -1 for i in range(len(stored), len(fmt))) and fmt[:len(stored)] == stored
            else:
                valid = False
            if not valid:
                raise ValueError('The argument structure of HybridBlock does not match the cached version. '
                                 'Stored format = {}, input format = {}'.format(fmt, stored))

    def hybrid_forward(self, F, x, *args, **kwargs):
        """The computation of the block, to be written by subclasses.

        Parameters
        ----------
        F : module
            The operator namespace: ``mx.nd``.
        x : NDArray
            The first input.
        *args : NDArray
            The other inputs.
        **kwargs : NDArray
            The block's parameters by attribute name.
        """
        raise NotImplementedError

    def export(self, path, epoch=0, remove_amp_cast=True):
        """Write the symbolic graph and parameters for deployment. mxtorch has no symbolic graph: this raises
        (use :meth:`save_parameters`).
        """
        raise _no_symbols('HybridBlock.export')

    def optimize_for(self, x, *args, backend=None, **kwargs):
        """Partition the graph for a subgraph backend. mxtorch has no graphs or backends: this raises."""
        raise _no_symbols('HybridBlock.optimize_for')


class SymbolBlock(HybridBlock):
    """A block made from a Symbol graph. mxtorch has no Symbol API: the class exists so that code naming
    it imports, and making one raises.
    """

    @staticmethod
    def imports(symbol_file, input_names, param_file=None, ctx=None, allow_missing=False, ignore_extra=False):
        """Load a model written by :meth:`HybridBlock.export`: needs symbols, so it raises."""
        raise _no_symbols('SymbolBlock.imports')

    def __init__(self, outputs, inputs, params=None):
        raise _no_symbols('SymbolBlock')

