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
    """Scope for collecting child `Block` s."""
    _current = threading.local()

    def __init__(self, block):
        self._block = block
        self._counter = {}
        self._old_scope = None
        self._name_scope = None

    @staticmethod
    def create(prefix, params, hint):
        """Creates prefix and params for new `Block`."""
        current = getattr(_BlockScope._current, 'value', None)
        if current is None:
            if prefix is None:
                prefix = _name._current().get(None, hint) + '_'
            if params is None:
                params = ParameterDict(prefix)
            else:
                params = ParameterDict(params.prefix, params)
            return prefix, params

        if prefix is None:
            count = current._counter.get(hint, 0)
            prefix = '%s%d_' % (hint, count)
            current._counter[hint] = count + 1
        if params is None:
            parent = current._block.params
            params = ParameterDict(parent.prefix + prefix, parent._shared)
        else:
            params = ParameterDict(params.prefix, params)
        return current._block.prefix + prefix, params

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
    """Base class for all neural network layers and models. Your models should subclass this class.

    :py:class:`Block` can be nested recursively in a tree structure. You can create and assign child
    :py:class:`Block` as regular attributes::

        from mxnet.gluon import Block, nn
        from mxnet import ndarray as F

        class Model(Block):
            def __init__(self, **kwargs):
                super(Model, self).__init__(**kwargs)
                # use name_scope to give child Blocks appropriate names.
                with self.name_scope():
                    self.dense0 = nn.Dense(20)
                    self.dense1 = nn.Dense(20)

            def forward(self, x):
                x = F.relu(self.dense0(x))
                return F.relu(self.dense1(x))

        model = Model()
        model.initialize(ctx=mx.cpu(0))
        model(F.zeros((10, 10), ctx=mx.cpu(0)))

    Child :py:class:`Block` assigned this way will be registered and :py:meth:`collect_params` will
    collect their Parameters recursively. You can also manually register child blocks with
    :py:meth:`register_child`.

    Parameters
    ----------
    prefix : str
        Prefix acts like a name space. All children blocks created in parent block's
        :py:meth:`name_scope` will have parent block's prefix in their name.
    params : ParameterDict or None
        :py:class:`ParameterDict` for sharing weights with the new :py:class:`Block`. For example, if you
        want ``dense1`` to share ``dense0``'s weights, you can do::

            dense0 = nn.Dense(20)
            dense1 = nn.Dense(20, params=dense0.collect_params())
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
        """Registers parameters."""
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
        """Prefix of this :py:class:`Block`."""
        return self._prefix

    @property
    def name(self):
        """Name of this :py:class:`Block`, without '_' in the end."""
        return self._name

    def name_scope(self):
        """Returns a name space object managing a child :py:class:`Block` and parameter names. Should be
        used within a ``with`` statement::

            with self.name_scope():
                self.dense = nn.Dense(20)
        """
        return self._scope

    @property
    def params(self):
        """Returns this :py:class:`Block`'s parameter dictionary (does not include its children's
        parameters)."""
        return self._params

    def collect_params(self, select=None):
        """Returns a :py:class:`ParameterDict` containing this :py:class:`Block` and all of its children's
        Parameters (default), or only those whose names match the regular expression `select`.

        For example, collect the specified parameters in ['conv1_weight', 'conv1_bias', 'fc_weight',
        'fc_bias']::

            model.collect_params('conv1_weight|conv1_bias|fc_weight|fc_bias')

        or collect all parameters whose names end with 'weight' or 'bias'::

            model.collect_params('.*weight|.*bias')

        Parameters
        ----------
        select : str
            regular expressions (matched with ``re.match``)

        Returns
        -------
        The selected :py:class:`ParameterDict`
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
        """Save parameters to file, under structural names (``hidden.weight``, ``0.bias``, ...).

        Saved parameters can only be loaded with `load_parameters`. Note that this method only saves
        parameters, not model structure. The file is MXNet's ``.params`` format (``nd.save`` of a dict), so
        MXNet 1.x reads it too.

        Parameters
        ----------
        filename : str
            Path to file.
        deduplicate : bool, default False
            If True, save shared parameters only once. Otherwise, if a Block contains multiple sub-blocks
            that share parameters, each of the shared parameters will be separately saved for every
            sub-block.
        """
        params = self._collect_params_with_prefix()
        if deduplicate:
            # a shared parameter appears under several names: keep one of them
            reverse_params = {v: k for k, v in params.items()}
            params = {v: k for k, v in reverse_params.items()}
        arg_dict = {key: val._reduce() for key, val in params.items()}
        _nd.save(filename, arg_dict)  # through a temporary file renamed into place

    def save_params(self, filename):
        """[Deprecated] Please use save_parameters.

        Save parameters to file, under their full names with this block's prefix stripped.

        filename : str
            Path to file.
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
        """Load parameters from file previously saved by `save_parameters` (or by MXNet's). Files with
        full prefixed names (older ``save_params``/``ParameterDict.save`` files) are loaded by name. Nothing
        is changed unless every parameter can be loaded.

        Parameters
        ----------
        filename : str
            Path to parameter file.
        ctx : Context or list of Context, default cpu()
            Context(s) to initialize loaded parameters on.
        allow_missing : bool, default False
            Whether to silently skip loading parameters not represents in the file.
        ignore_extra : bool, default False
            Whether to silently ignore parameters from the file that are not present in this Block.
        cast_dtype : bool, default False
            Cast the data type of the NDArray loaded from the checkpoint to the dtype provided by the
            Parameter if any.
        dtype_source : str, default 'current'
            must be in {'current', 'saved'}. Only valid if cast_dtype=True, specify the source of the dtype
            for casting the parameters.
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
        """[Deprecated] Please use load_parameters.

        Load parameters from file.

        filename : str
            Path to parameter file.
        ctx : Context or list of Context, default cpu()
            Context(s) to initialize loaded parameters on.
        allow_missing : bool, default False
            Whether to silently skip loading parameters not represents in the file.
        ignore_extra : bool, default False
            Whether to silently ignore parameters from the file that are not present in this Block.
        """
        warnings.warn('load_params is deprecated. Please use load_parameters.')
        self.load_parameters(filename, ctx, allow_missing, ignore_extra)

    # ---- children and hooks --------------------------------------------------------------------------------
    def register_child(self, block, name=None):
        """Registers block as a child of self. :py:class:`Block` s assigned to self as attributes will be
        registered automatically."""
        if name is None:
            name = str(len(self._children))
        self._children[name] = block

    def register_forward_pre_hook(self, hook):
        """Registers a forward pre-hook on the block, called as ``hook(block, input)`` immediately before
        :func:`forward`. It should not modify the input or output.

        Returns
        -------
        :class:`HookHandle`
        """
        handle = HookHandle()
        handle.attach(self._forward_pre_hooks, hook)
        return handle

    def register_forward_hook(self, hook):
        """Registers a forward hook on the block, called as ``hook(block, input, output)`` immediately
        after :func:`forward`. It should not modify the input or output.

        Returns
        -------
        :class:`HookHandle`
        """
        handle = HookHandle()
        handle.attach(self._forward_hooks, hook)
        return handle

    def apply(self, fn):
        """Applies ``fn`` recursively to every child block as well as self.

        Parameters
        ----------
        fn : callable
            Function to be applied to each submodule, of form `fn(block)`.

        Returns
        -------
        this block
        """
        for cld in self._children.values():
            cld.apply(fn)
        fn(self)
        return self

    def initialize(self, init=initializer.Uniform(), ctx=None, verbose=False, force_reinit=False):
        """Initializes :py:class:`Parameter` s of this :py:class:`Block` and its children. Equivalent to
        ``block.collect_params().initialize(...)``

        Parameters
        ----------
        init : Initializer
            Global default Initializer to be used when :py:meth:`Parameter.init` is ``None``. Otherwise,
            :py:meth:`Parameter.init` takes precedence.
        ctx : Context or list of Context
            Keeps a copy of Parameters on one or many context(s).
        verbose : bool, default False
            Whether to verbosely print out details on initialization.
        force_reinit : bool, default False
            Whether to force re-initialization if parameter is already initialized.
        """
        self.collect_params().initialize(init, ctx, verbose, force_reinit)

    def hybridize(self, active=True, **kwargs):
        """Please refer description of HybridBlock hybridize()."""
        for cld in self._children.values():
            cld.hybridize(active, **kwargs)

    def save(self, prefix):
        """Save the model architecture and parameters to load again later: ``<prefix>-model.json`` (the
        tree of blocks with their names) and ``<prefix>-model.params``.

        Blocks are identified by class name and order of creation, so the model must be built the same way
        before :meth:`load`. mxtorch keeps no symbolic graphs: blocks are saved as not hybridized.

        Parameters
        ----------
        prefix : str
            The prefix to use in filenames for saving this model.
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
        """Load a model saved using the `save` API: renames the blocks (and their parameters) of this
        model, built the same way, to the saved names, then loads ``<prefix>-model.params``.

        Parameters
        ----------
        prefix : str
            The prefix to use in filenames for loading this model.
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
        """Cast this Block to use another data type.

        Parameters
        ----------
        dtype : str or numpy.dtype
            The new data type.
        """
        for child in self._children.values():
            child.cast(dtype)
        for _, param in self.params.items():
            param.cast(dtype)

    def __call__(self, *args):
        """Calls forward. Only accepts positional arguments."""
        if self._forward_pre_hooks:
            for hook in tuple(self._forward_pre_hooks.values()):
                hook(self, args)
        out = self.forward(*args)
        if self._forward_hooks:
            for hook in tuple(self._forward_hooks.values()):
                hook(self, args, out)
        return out

    def forward(self, *args):
        """Overrides to implement forward computation using :py:class:`NDArray`. Only accepts positional
        arguments.

        Parameters
        ----------
        *args : list of NDArray
            Input tensors.
        """
        raise NotImplementedError

    def register_op_hook(self, callback, monitor_all=False):
        """Install a callback monitoring every operator's outputs. mxtorch runs operators on torch, without
        MXNet's engine callbacks: this raises."""
        raise NotImplementedError('register_op_hook: mxtorch has no per-operator engine callbacks; use '
                                  'register_forward_hook to watch the outputs of blocks')

    def summary(self, *inputs):
        """Print the summary of the model's output and parameters.

        The network must have been initialized, and must not have been hybridized.

        Parameters
        ----------
        inputs : object
            Any input that the model supports. For any tensor in the input, only
            :class:`mxnet.ndarray.NDArray` is supported.
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
    """`HybridBlock` is a `Block` whose computation is written once, in ``hybrid_forward(self, F, x,
    *args, **params)``, where ``F`` is the operator namespace and ``params`` are the block's parameters
    (the attributes that are Parameters) as arrays::

        class Model(HybridBlock):
            def __init__(self, **kwargs):
                super(Model, self).__init__(**kwargs)
                with self.name_scope():
                    self.dense0 = nn.Dense(20)
                    self.dense1 = nn.Dense(20)

            def hybrid_forward(self, F, x):
                x = F.relu(self.dense0(x))
                return F.relu(self.dense1(x))

        model = Model()
        model.initialize(ctx=mx.cpu(0))
        model.hybridize()
        model(mx.nd.zeros((10, 10), ctx=mx.cpu(0)))

    In mxtorch ``F`` is always ``mx.nd`` and the parameters are the NDArrays on the input's context.
    :py:meth:`hybridize` keeps MXNet's rules for hybridized blocks (inputs are NDArrays, None or nested lists
    of them, on one context, with the same structure on every call; tuple outputs come back as lists);
    computation runs on torch whether hybridized or not.
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
        """Registers parameters."""
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
        """Activates or deactivates :py:class:`HybridBlock` s recursively. Has no effect on non-hybrid
        children.

        mxtorch computes with torch in both modes; a hybridized block checks its inputs as MXNet's does.
        The memory and graph options are accepted for compatibility.

        Parameters
        ----------
        active : bool, default True
            Whether to turn hybrid on or off.
        backend : str
            The name of backend, as registered in `SubgraphBackendRegistry`, default None
        clear : bool, default True
            Clears any previous optimizations
        static_alloc : optional bool, default False
            Statically allocate memory to improve speed. Memory usage may increase.
        static_shape : optional bool, default False
            Optimize for invariant input shapes between iterations.
        inline_limit : optional int, default 2
            Maximum number of operators that can be inlined.
        forward_bulk_size : optional int, default None
            Segment size of bulk execution during forward pass.
        backward_bulk_size : optional int, default None
            Segment size of bulk execution during forward pass.
        **kwargs : optional
            Backend options.
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
        """Infers shape of Parameters from inputs.

        MXNet infers shapes from the symbolic graph; mxtorch has none, so a block with parameters of
        unknown shape sets them here from its inputs (``self.weight.shape = (units, x.shape[1])``), as the
        built-in layers do."""
        raise NotImplementedError(
            "{} '{}' has parameters of unknown shape and no infer_shape(): mxtorch has no symbolic shape "
            "inference, so give the shapes when creating the parameters or override infer_shape(self, *args) "
            "to set them from the inputs".format(self.__class__.__name__, self.name))

    def infer_type(self, *args):
        """Infers data type of Parameters from inputs. MXNet does this on the symbolic graph, which mxtorch
        does not have: parameters keep the dtype they were created with (change it with :meth:`cast`)."""
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
        """Defines the forward computation: calls :meth:`hybrid_forward` with ``F = mx.nd``, the inputs,
        and the block's parameters as NDArrays on the first input's context (which is the default context
        while it runs)."""
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
        """Overrides to construct the computation of this `Block`.

        Parameters
        ----------
        F : module
            The operator namespace (``mx.nd``).
        x : NDArray
            The first input tensor.
        *args : list of NDArray
            Additional input tensors.
        **kwargs : NDArray
            The block's parameters, by attribute name.
        """
        raise NotImplementedError

    def export(self, path, epoch=0, remove_amp_cast=True):
        """Export HybridBlock to json format (``path-symbol.json`` and ``path-xxxx.params``). This needs
        the symbolic graph, which mxtorch does not have: it raises."""
        raise _no_symbols('HybridBlock.export')

    def optimize_for(self, x, *args, backend=None, **kwargs):
        """Partitions the block for a subgraph backend; mxtorch has no backends: it raises."""
        raise _no_symbols('HybridBlock.optimize_for')


class SymbolBlock(HybridBlock):
    """Construct block from symbol. mxtorch has no Symbol API, so a SymbolBlock cannot be made; this class
    exists so that code naming it imports, and it raises a clear error when used."""

    @staticmethod
    def imports(symbol_file, input_names, param_file=None, ctx=None, allow_missing=False, ignore_extra=False):
        """Import a model saved by `HybridBlock.export`: needs the Symbol API, so it raises."""
        raise _no_symbols('SymbolBlock.imports')

    def __init__(self, outputs, inputs, params=None):
        raise _no_symbols('SymbolBlock')

