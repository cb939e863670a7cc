"""Gluon parameters: :class:`Parameter`, :class:`Constant` and :class:`ParameterDict`.

A Parameter holds one NDArray per context it was initialized on (and, unless ``grad_req='null'``, one
gradient buffer per context, attached with ``autograd.mark_variables``). Shapes may have unknown
dimensions (0) until the first forward pass completes them (deferred initialization)."""
from collections import OrderedDict
import warnings

import numpy as np
import torch

from .._symbol import Symbol
from ..base import mx_real_t, MXNetError, TORCH_TO_FLAG, dtype_torch
from .. import autograd, initializer
from ..context import Context, cpu, current_context
from ..ndarray.ndarray import NDArray
from .utils import _indent, _brief_print_list, shape_is_known

__all__ = ['DeferredInitializationError', 'Parameter', 'Constant', 'ParameterDict', 'tensor_types']

tensor_types = (NDArray,)

_NAMING_URL = 'https://mxnet.io/api/python/docs/tutorials/packages/gluon/blocks/naming.html'


class DeferredInitializationError(MXNetError):
    """Raised when a parameter whose initialization waits for its shape is used before the first
    forward pass has completed it."""


def _as_ctx_list(ctx):
    if ctx is None:
        return [current_context()]
    if isinstance(ctx, Context):
        return [ctx]
    return list(ctx)


class Parameter:
    """A weight of a model: one array per context it is initialized on, plus a gradient buffer per
    context unless ``grad_req`` is ``'null'``.

    A parameter is usually made by a Block through its ParameterDict (``self.params.get('weight', ...)``),
    but it can stand alone::

        w = mx.gluon.Parameter('fc_weight', shape=(64, 100), init=mx.init.Xavier())
        w.initialize()                        # on the current context
        y = mx.nd.FullyConnected(mx.nd.ones((16, 100)), w.data(), no_bias=True, num_hidden=64)

    Parameters
    ----------
    name : str
        The parameter's full name (a Block's parameters carry its prefix, e.g. ``dense0_weight``).
    grad_req : {'write', 'add', 'null'}, default 'write'
        What backward does with the gradient: ``'write'`` replaces the buffer's content, ``'add'`` adds to
        it (clear it yourself with ``zero_grad()``), ``'null'`` keeps no gradient at all.
    shape : int or tuple of int, default None
        The shape; a 0 marks a dimension not known yet (see `allow_deferred_init`).
    dtype : numpy.dtype or str, default numpy.float32
        Element type, e.g. ``numpy.float32`` or ``'float16'``.
    lr_mult : float, default 1.0
        Factor applied to the optimizer's learning rate for this parameter.
    wd_mult : float, default 1.0
        Factor applied to the optimizer's weight decay for this parameter.
    init : Initializer or str, default None
        This parameter's own initializer; when None, the one given to ``initialize`` is used.
    allow_deferred_init : bool, default False
        Whether ``initialize`` may leave the work to the first forward pass when the shape still has
        unknown dimensions (instead of raising).
    differentiable : bool, default True
        When False the parameter never has a gradient (``grad_req`` stays ``'null'``).
    stype : {'default'}, default 'default'
        Storage type. mxtorch keeps every array dense, so only 'default' is accepted.
    grad_stype : {'default', 'row_sparse', 'csr'}, default 'default'
        Storage type of the gradient. Sparse kinds are accepted and kept dense (same values).
    """

    def __init__(self, name, grad_req='write', shape=None, dtype=mx_real_t, lr_mult=1.0, wd_mult=1.0,
                 init=None, allow_deferred_init=False, differentiable=True, stype='default',
                 grad_stype='default'):
        self._var = None
        self._data = None
        self._grad = None
        self._ctx_list = None
        self._ctx_map = None
        self._trainer = None
        self._deferred_init = ()
        self._differentiable = differentiable
        self._allow_deferred_init = allow_deferred_init
        self._grad_req = None
        if isinstance(shape, int):
            shape = (shape,)
        self._shape = shape
        self.name = name
        self._dtype = dtype
        self.lr_mult = lr_mult
        self.wd_mult = wd_mult
        self.grad_req = grad_req
        self.init = init
        valid_stypes = ['default', 'row_sparse', 'csr']
        assert grad_stype in valid_stypes, "grad_stype for Parameter '%s' must be one of 'default', " \
            "'row_sparse', or 'csr', but got '%s'" % (name, grad_stype)
        assert stype in valid_stypes, "stype for Parameter '%s' must be one of 'default', 'row_sparse', " \
            "or 'csr', but got '%s'" % (name, stype)
        if stype != 'default':
            raise MXNetError("Parameter '%s': mxtorch has no sparse storage, stype must be 'default' "
                             "(got '%s')" % (name, stype))
        # a sparse gradient holds the same values as a dense one: it is stored densely
        self._grad_stype = 'default'
        self._stype = stype

    def __repr__(self):
        return 'Parameter {name} (shape={shape}, dtype={dtype})'.format(
            name=self.name, shape=self.shape, dtype=self.dtype)

    @property
    def grad_req(self):
        return self._grad_req

    @grad_req.setter
    def grad_req(self, req):
        assert req in ['write', 'add', 'null'], \
            "grad_req must be one of 'write', 'add', or 'null', but got '%s'" % req
        if not self._differentiable:
            req = 'null'
        if self._grad_req == req:
            return
        self._grad_req = req
        if req == 'null' and self._grad is not None:
            self._grad = None
            self._data = [i.detach() for i in self._data]
        elif self._data is not None:
            self._init_grad()

    @property
    def dtype(self):
        """Element type of the parameter; assigning a new one converts the arrays (see :meth:`cast`)."""
        return self._dtype

    @dtype.setter
    def dtype(self, dtype):
        self.cast(dtype)

    @property
    def shape(self):
        """Shape of the parameter, with 0 for a dimension that is not known yet. Assigning a shape may only
        fill in such unknown dimensions."""
        return self._shape

    @shape.setter
    def shape(self, new_shape):
        if self._shape is None:
            self._shape = new_shape
            return
        assert len(self._shape) == len(new_shape) and \
            all(j in (-1, 0, i) for i, j in zip(new_shape, self._shape)), \
            'Expected shape %s is incompatible with given shape %s.' % (str(new_shape), str(self._shape))
        self._shape = new_shape

    @property
    def stype(self):
        return self._stype

    def _set_trainer(self, trainer):
        """Remember the Trainer that updates this parameter (set_data keeps its kvstore copy in sync)."""
        self._trainer = trainer

    # ---- access ----------------------------------------------------------------------------------------
    def _check_and_get(self, arr_list, ctx):
        if arr_list is not None:
            if ctx is list:
                return arr_list
            if ctx is None:
                if len(arr_list) == 1:
                    return arr_list[0]
                ctx = current_context()
            # cpu, cpu_pinned and cpu_shared share a slot, as in MXNet (device_typeid & 1)
            idx = self._ctx_map.get((ctx.device_typeid & 1, ctx.device_id))
            if idx is not None:
                return arr_list[idx]
            raise RuntimeError(
                "Parameter '%s' was not initialized on context %s. It was only initialized on %s." % (
                    self.name, str(ctx), str(self._ctx_list)))
        if self._deferred_init:
            raise DeferredInitializationError(
                "Parameter '%s' has not been initialized yet because initialization was deferred. "
                "Actual initialization happens during the first forward pass. Please pass one batch of "
                "data through the network before accessing Parameters. You can also avoid deferred "
                "initialization by specifying in_units, num_features, etc., for network layers." % self.name)
        raise RuntimeError(
            "Parameter '%s' has not been initialized. Note that you should initialize parameters and "
            "create Trainer with Block.collect_params() instead of Block.params because the later does "
            "not include Parameters of nested child Blocks" % self.name)

    def data(self, ctx=None):
        """The parameter's array on `ctx`.

        Parameters
        ----------
        ctx : Context, optional
            Which copy to return. When omitted: the only copy, or the one on the current context.

        Returns
        -------
        NDArray
            The array itself (not a copy): writing into it changes the parameter.
        """
        arr_list = self._data
        if ctx is None and arr_list is not None and len(arr_list) == 1:
            return arr_list[0]
        return self._check_and_get(arr_list, ctx)

    def list_data(self):
        """The parameter's arrays, one per context, in the order the contexts were given."""
        return self._check_and_get(self._data, list)

    def grad(self, ctx=None):
        """The gradient buffer on `ctx` (chosen as in :meth:`data`); an error when grad_req is 'null'."""
        if self._data is not None and self._grad is None:
            raise RuntimeError("Cannot get gradient array for Parameter '%s' because grad_req='null'"
                               % self.name)
        return self._check_and_get(self._grad, ctx)

    def list_grad(self):
        """The gradient buffers, one per context, in the order of :meth:`list_data`."""
        if self._data is not None and self._grad is None:
            raise RuntimeError("Cannot get gradient array for Parameter '%s' because grad_req='null'"
                               % self.name)
        return self._check_and_get(self._grad, list)

    def list_ctx(self):
        """The contexts the parameter lives on (or will live on, while its initialization is deferred)."""
        if self._data is None:
            if self._deferred_init:
                return self._deferred_init[1]
            raise RuntimeError("Parameter '%s' has not been initialized" % self.name)
        return self._ctx_list

    def row_sparse_data(self, row_id):
        """Rows of a 'row_sparse' parameter. Parameters are always dense in mxtorch, so this raises the
        error MXNet gives for a dense parameter; use :meth:`data`."""
        raise RuntimeError("Cannot return a copy of Parameter %s via row_sparse_data() because its storage "
                           "type is %s. Please use data() instead." % (self.name, self._stype))

    def list_row_sparse_data(self, row_id):
        """Rows of a 'row_sparse' parameter on every context; raises like :meth:`row_sparse_data`."""
        raise RuntimeError("Cannot return copies of Parameter '%s' on all contexts via list_row_sparse_data() "
                           "because its storage type is %s. Please use data() instead." % (self.name, self._stype))

    def var(self):
        """The parameter as a symbolic variable: a description holding its name and the attributes MXNet
        records (``__shape__``, ``__dtype__``, ``__lr_mult__``, ``__wd_mult__``, ``__init__``, ...). mxtorch
        has no Symbol API, so the variable cannot be composed into graphs (see ``mxtorch._symbol``)."""
        if self._var is None:
            attrs = {'__storage_type__': '0', '__dtype__': str(TORCH_TO_FLAG[dtype_torch(self.dtype)]),
                     '__lr_mult__': str(float(self.lr_mult)), 'lr_mult': str(float(self.lr_mult)),
                     '__wd_mult__': str(float(self.wd_mult)), 'wd_mult': str(float(self.wd_mult))}
            if self._shape is not None:
                attrs['__shape__'] = str(tuple(self._shape))
            if self.init is not None:
                attrs['__init__'] = self.init if isinstance(self.init, str) else self.init.dumps()
            self._var = Symbol(self.name, [self.name], attrs)
        return self._var

    # ---- initialization -----------------------------------------------------------------------------------
    def initialize(self, init=None, ctx=None, default_init=initializer.Uniform(), force_reinit=False):
        """Create the parameter's arrays (and gradient buffers) and fill them.

        The initializer used is `init` if given, else the parameter's own ``init``, else `default_init`.
        While the shape still has unknown dimensions and deferred initialization is allowed, the work is
        left to the first forward pass. A failed call leaves the parameter as it was.

        Parameters
        ----------
        init : Initializer or str, optional
            Initializer for this call, taking precedence over the others.
        ctx : Context or list of Context, optional
            Where to keep the parameter; one independent copy per context (a Trainer keeps them equal).
            Defaults to the current context.
        default_init : Initializer, default Uniform()
            Used when neither `init` nor the parameter's own initializer is given.
        force_reinit : bool, default False
            Initialize again a parameter that already has values (otherwise: a warning, nothing done).

        Examples
        --------
        >>> w = mx.gluon.Parameter('w', shape=(2, 2), init='ones')
        >>> w.initialize()
        >>> w.data()
        <BLANKLINE>
        [[1. 1.]
         [1. 1.]]
        <NDArray 2x2 @cpu(0)>
        """
        if self._data is not None and not force_reinit:
            warnings.warn("Parameter '%s' is already initialized, ignoring. Set force_reinit=True to "
                          "re-initialize." % self.name, stacklevel=2)
            return
        ctx = _as_ctx_list(ctx)
        for c in ctx:
            c.torch_device  # an unavailable device fails here, before anything changes
        if init is None:
            init = default_init if self.init is None else self.init
        saved = (self._data, self._grad, self._deferred_init, self._ctx_list, self._ctx_map)
        self._data = self._grad = None
        try:
            if not shape_is_known(self.shape):
                if self._allow_deferred_init:
                    self._deferred_init = (init, ctx, default_init, None)
                    return
                raise ValueError("Cannot initialize Parameter '%s' because it has invalid shape: %s." % (
                    self.name, str(self.shape)))
            self._deferred_init = (init, ctx, default_init, None)
            self._finish_deferred_init()
        except BaseException:
            # a failed (re-)initialization keeps what the parameter had
            self._data, self._grad, self._deferred_init, self._ctx_list, self._ctx_map = saved
            raise

    def _finish_deferred_init(self):
        """Do the initialization that `initialize` left for later, now that the shape is complete."""
        if not self._deferred_init:
            return
        init, ctx, default_init, data = self._deferred_init
        assert shape_is_known(self.shape), \
            "Cannot initialize Parameter '%s' because it has invalid shape: %s. Please specify in_units, " \
            "in_channels, etc for `Block`s." % (self.name, str(self.shape))
        with autograd.pause():
            if data is None:
                from ..ndarray import zeros
                data = zeros(shape=self.shape, dtype=self.dtype, ctx=cpu())
                initializer.create(default_init)(initializer.InitDesc(self.name, {'__init__': init}), data)
            self._init_impl(data, ctx)
        # cleared only now: a failed initialization can be retried (after fixing the shape, say)
        self._deferred_init = ()

    def _init_impl(self, data, ctx_list):
        """Make the parameter hold a copy of `data` on each context of ctx_list, with fresh gradients."""
        ctx_list = list(ctx_list)
        copies = [data.copyto(ctx) for ctx in ctx_list]  # may fail (a missing device): nothing changed yet
        ctx_map = {}
        for i, ctx in enumerate(ctx_list):
            # cpu, cpu_pinned and cpu_shared with the same id share a slot, as in MXNet
            ctx_map.setdefault((ctx.device_typeid & 1, ctx.device_id), i)
        self._ctx_list, self._ctx_map, self._data = ctx_list, ctx_map, copies
        self._init_grad()

    def _init_grad(self):
        """Give each array a zero gradient buffer and register both with autograd (per grad_req)."""
        if self.grad_req == 'null':
            self._grad = None
            return
        from ..ndarray.ndarray import _wrap_like
        self._grad = [_wrap_like(torch.zeros_like(i._t, requires_grad=False), i) for i in self._data]
        autograd.mark_variables(self._check_and_get(self._data, list), self._grad, self.grad_req)

    def _reduce(self):
        """The parameter's value on cpu: the mean of its copies when it lives on several contexts."""
        block = self.list_data()
        ctx = cpu()
        if len(block) > 1:
            from ..ndarray import add_n
            return add_n(*(w.copyto(ctx) for w in block)) / len(block)
        return self.data().copyto(ctx)

    def reset_ctx(self, ctx):
        """Move the parameter to other context(s): its value (the mean of its copies) is copied to each
        of them; gradients start again from zero.

        Parameters
        ----------
        ctx : Context or list of Context
            The new context(s); None means the current context.
        """
        ctx = _as_ctx_list(ctx)
        if self._data:
            data = self._reduce()
            with autograd.pause():
                self._init_impl(data, ctx)
        elif self._deferred_init:
            init, _, default_init, data = self._deferred_init
            self._deferred_init = (init, ctx, default_init, data)
        else:
            raise ValueError("Cannot reset context for Parameter '%s' because it has not been initialized."
                             % self.name)

    def set_data(self, data):
        """Write `data` into the parameter's array on every context. Before a deferred initialization
        has happened, `data` is kept and becomes the initial value."""
        self.shape = data.shape
        if self._data is None:
            assert self._deferred_init, "Parameter '%s' has not been initialized" % self.name
            self._deferred_init = self._deferred_init[:3] + (data,)
            return
        trainer = self._trainer
        if trainer is not None and getattr(trainer, '_kv_initialized', False) and \
                getattr(trainer, '_update_on_kvstore', False) and \
                self not in getattr(trainer, '_params_to_init', ()):
            # the copy held by the kvstore must follow the new value
            trainer._reset_kvstore()
        with torch.no_grad():
            for arr in self._check_and_get(self._data, list):
                arr[:] = data

    def zero_grad(self):
        """Fill the gradient buffers with zeros (nothing to do without gradients)."""
        if self._grad is None:
            return
        with torch.no_grad():
            for g in self._grad:
                g._t.zero_()

    def cast(self, dtype):
        """Convert the parameter's arrays and gradients to another element type.

        Parameters
        ----------
        dtype : str or numpy.dtype
            The new element type, e.g. 'float16'.
        """
        dtype_torch(dtype)  # an unknown dtype fails here, before anything changes
        self._dtype = dtype
        if self._data is None:
            return
        with autograd.pause():
            self._data = [i.astype(dtype) for i in self._data]
            if self._grad is None:
                return
            self._grad = [i.astype(dtype) for i in self._grad]
            autograd.mark_variables(self._data, self._grad, self.grad_req)

    # ---- loading -----------------------------------------------------------------------------------------
    def _load_plan(self, data, ctx, cast_dtype=False, dtype_source='current'):
        """Check that `data` can be loaded into this parameter and say how, changing nothing: raises
        AssertionError as MXNet does when it cannot."""
        if cast_dtype:
            assert dtype_source in ['current', 'saved']
        new_shape = self.shape
        if self.shape:
            compatible = len(self.shape) == len(data.shape) and \
                all(s in (0, d) for s, d in zip(self.shape, data.shape))
            assert compatible, "Failed loading Parameter '%s' from saved params: shape incompatible " \
                "expected %s vs saved %s" % (self.name, str(self.shape), str(data.shape))
            new_shape = tuple(d if s == 0 else s for s, d in zip(self.shape, data.shape))
        cast_to = None
        if self.dtype:
            if cast_dtype and np.dtype(self.dtype).type != data.dtype:
                if dtype_source == 'current':
                    data = data.astype(self.dtype, copy=False)
                else:
                    cast_to = data.dtype
            else:
                assert np.dtype(self.dtype).type == data.dtype, \
                    "Failed loading Parameter '%s' from saved params: dtype incompatible expected %s vs " \
                    "saved %s. Set cast_dtype=True to cast the dtype of saved params." % (
                        self.name, str(self.dtype), str(data.dtype))
        if isinstance(ctx, Context):
            ctx = [ctx]
        if self._data is None:
            if self._deferred_init:
                assert ctx is None or set(ctx) == set(self._deferred_init[1]), \
                    "Failed to load Parameter '%s' on %s because it was previous initialized on %s." % (
                        self.name, str(ctx), str(self.list_ctx()))
                ctx = self._deferred_init[1]
            elif ctx is None:
                ctx = [cpu()]
            init_ctx = ctx
        else:
            assert ctx is None or set(ctx) == set(self.list_ctx()), \
                "Failed to load Parameter '%s' on %s because it was previous initialized on %s." % (
                    self.name, str(ctx), str(self.list_ctx()))
            init_ctx = None
        return data, new_shape, cast_to, init_ctx

    def _load_apply(self, plan):
        data, new_shape, cast_to, init_ctx = plan
        if cast_to is not None:
            self.cast(cast_to)
        if self._shape:
            self._shape = new_shape
        if init_ctx is not None:
            with autograd.pause():
                self._init_impl(data, init_ctx)
        else:
            self.set_data(data)
        self._deferred_init = ()

    def _load_init(self, data, ctx, cast_dtype=False, dtype_source='current'):
        """Take the value of `data` (a loaded array): the parameter is initialized with it on `ctx` (the
        deferred contexts, or cpu) if it had no value yet, else its arrays are overwritten.

        Parameters
        ----------
        data : NDArray
            The value; unknown dimensions of the parameter's shape are taken from it.
        ctx : Context or list of Context
            Where to initialize the parameter; must agree with where it already is.
        cast_dtype : bool, default False
            Allow a dtype that differs from the parameter's.
        dtype_source : {'current', 'saved'}, default 'current'
            With cast_dtype, whose dtype wins: the parameter's ('current') or the data's ('saved').
        """
        self._load_apply(self._load_plan(data, ctx, cast_dtype, dtype_source))


class Constant(Parameter):
    """A parameter that training leaves alone: it has no gradient (grad_req is always 'null'), so autograd
    and Trainer never change it; :meth:`set_data` still can.

    Make one directly, ``mx.gluon.Constant('scale', [[1, 2], [3, 4]])``, or inside a Block with
    ``self.scale = self.params.get_constant('scale', [[1, 2], [3, 4]])``.

    Parameters
    ----------
    name : str
        Name of the constant.
    value : array-like or NDArray
        Its value (lists and numpy arrays become float32 NDArrays, as ``nd.array`` makes them).
    """

    def __init__(self, name, value):
        if not isinstance(value, NDArray):
            from ..ndarray import array
            value = array(value)
        self.value = value

        class Init(initializer.Initializer):
            def _init_weight(self, _, arr):
                value.copyto(arr)
        # as in MXNet, each constant's initializer is registered under a name of its own
        init_name = 'Constant_{}_{}'.format(name, id(self))
        initializer.alias(init_name)(Init)
        super().__init__(name, grad_req='null', shape=value.shape, dtype=value.dtype, init=init_name)

    def __repr__(self):
        return 'Constant {name} (shape={shape}, dtype={dtype})'.format(
            name=self.name, shape=self.shape, dtype=self.dtype)

    @property
    def grad_req(self):
        return 'null'

    @grad_req.setter
    def grad_req(self, req):
        if req != 'null':
            warnings.warn('Constant parameter "{}" does not support grad_req other than "null", and new '
                          'value "{}" is ignored.'.format(self.name, req))


def _merged_shape(desired, stored):
    """The shape that agrees with both (a 0 or -1 takes the other's size), or None when they conflict."""
    if len(desired) != len(stored):
        return None
    merged = []
    for want, have in zip(desired, stored):
        if want == have or want in (0, -1):
            merged.append(have)
        elif have in (0, -1):
            merged.append(want)
        else:
            return None
    return tuple(merged)


class ParameterDict:
    """An ordered mapping from full parameter names to :class:`Parameter` s, with a name prefix for the
    parameters it creates; every Block has one (``block.params``).

    Parameters
    ----------
    prefix : str, default ''
        Put before the name given to :meth:`get` / :meth:`get_constant` to make a parameter's full name.
    shared : ParameterDict or None
        Where :meth:`get` looks for an existing parameter before creating one: this is how blocks share
        weights (``nn.Dense(10, params=other.params)``).
    """

    def __init__(self, prefix='', shared=None):
        self._prefix = prefix
        self._params = OrderedDict()
        self._shared = shared

    def __repr__(self):
        name = self._prefix + ' ' if self._prefix else ''
        return '{name}(\n{content}\n)'.format(
            name=name, content='\n'.join([_indent('  {0}'.format(v), 2) for v in self.values()]))

    def __getitem__(self, key):
        return self._params[key]

    def __iter__(self):
        return iter(self._params)

    def __contains__(self, key):
        return key in self._params

    def items(self):
        return self._params.items()

    def keys(self):
        return self._params.keys()

    def values(self):
        return self._params.values()

    @property
    def prefix(self):
        """The prefix put before the names of the parameters this dict creates."""
        return self._prefix

    def _get_impl(self, name):
        param = self._params.get(name)
        if param is None and self._shared is not None:
            param = self._shared._params.get(name)
            if param is not None:
                self._params[name] = param
        return param

    def get(self, name, **kwargs):
        """The parameter ``prefix + name``: this dict's, else the shared dict's, else a new
        ``Parameter(prefix + name, **kwargs)`` added to this dict.

        For an existing parameter the keyword arguments must agree with it: attributes it has not set yet
        are set, an unknown dimension (0) of either shape is filled from the other, and a real conflict is
        an AssertionError.

        Parameters
        ----------
        name : str
            Name without the prefix, e.g. 'weight'.
        **kwargs
            Arguments of :class:`Parameter` (shape, dtype, init, grad_req, ...).

        Returns
        -------
        Parameter
        """
        name = self.prefix + name
        param = self._get_impl(name)
        if param is None:
            param = Parameter(name, **kwargs)
            self._params[name] = param
            return param
        for k, v in kwargs.items():
            existing = getattr(param, k, None)
            if existing is None:
                setattr(param, k, v)
                continue
            if k == 'shape':
                merged = _merged_shape(v, existing)
                if merged is not None:
                    param._shape = merged
                    continue
            elif k == 'dtype' and np.dtype(v) == np.dtype(existing):
                continue
            assert v is None or v == existing, \
                "Cannot retrieve Parameter '%s' because desired attribute does not match with stored for " \
                "attribute '%s': desired '%s' vs stored '%s'." % (name, k, str(v), str(existing))
        return param

    def get_constant(self, name, value=None):
        """The constant ``prefix + name``: this dict's, else the shared dict's, else a new
        :class:`Constant` with `value` added to this dict. A `value` given for an existing constant must
        equal its value.

        Parameters
        ----------
        name : str
            Name without the prefix.
        value : array-like, optional
            Needed to create the constant.

        Returns
        -------
        Constant
        """
        name = self.prefix + name
        param = self._get_impl(name)
        if param is None:
            if value is None:
                raise KeyError("No constant named '{}'. Please specify value if you want to create a new "
                               "constant.".format(name))
            param = Constant(name, value)
            self._params[name] = param
        elif value is not None:
            assert isinstance(param, Constant), \
                "Parameter '{}' already exists but it is not a constant.".format(name)
            if isinstance(value, NDArray):
                value = value.asnumpy()
            assert param.shape == value.shape and (param.value.asnumpy() == value).all(), \
                "Constant '{}' already exists but it's value doesn't match new value".format(name)
        return param

    def update(self, other):
        """Add the parameters of `other` (a ParameterDict or dict) to this one; a name that both hold for
        different parameters is an AssertionError, and then nothing is added."""
        for k, v in other.items():
            if k in self._params:
                assert self._params[k] is v, \
                    "Cannot update self with other because they have different Parameters with the same " \
                    "name '%s'" % k
        for k, v in other.items():
            self._params[k] = v

    def initialize(self, init=initializer.Uniform(), ctx=None, verbose=False, force_reinit=False):
        """Initialize every parameter (see :meth:`Parameter.initialize`).

        Parameters
        ----------
        init : Initializer, default Uniform()
            For the parameters that have no initializer of their own.
        ctx : Context or list of Context, optional
            Where to keep the parameters (default: the current context).
        verbose : bool, default False
            Log each initialized parameter (``logging.info``).
        force_reinit : bool, default False
            Initialize again the parameters that already have values.
        """
        if verbose:
            init.set_verbosity(verbose=verbose)
        for _, v in self.items():
            v.initialize(None, ctx, init, force_reinit=force_reinit)

    def zero_grad(self):
        """Fill the gradient buffers of all parameters with zeros."""
        grads = [g._t for p in self.values() if p.grad_req != 'null' and p._grad is not None
                 for g in p._grad]
        if grads:
            with torch.no_grad():
                torch._foreach_zero_(grads)

    def reset_ctx(self, ctx):
        """Move every parameter to other context(s) (see :meth:`Parameter.reset_ctx`)."""
        for i in self.values():
            i.reset_ctx(ctx)

    def list_ctx(self):
        """All the contexts that the parameters live on."""
        s = set()
        for i in self.values():
            s.update(i.list_ctx())
        return list(s)

    def setattr(self, name, value):
        """Set attribute `name` of every parameter to `value`, e.g.
        ``net.collect_params().setattr('grad_req', 'null')`` to freeze a model, or
        ``net.collect_params('.*bias').setattr('wd_mult', 0)``."""
        for i in self.values():
            setattr(i, name, value)

    def save(self, filename, strip_prefix=''):
        """Write the parameters to `filename` in MXNet's .params format, under their full names with
        `strip_prefix` removed (every name must start with it).

        Parameters
        ----------
        filename : str
            The file to write (through a temporary file, renamed into place when complete).
        strip_prefix : str, default ''
            Removed from the start of each name.
        """
        arg_dict = {}
        for param in self.values():
            if not param.name.startswith(strip_prefix):
                raise ValueError(
                    "Prefix '%s' is to be striped before saving, but Parameter's name '%s' does not start "
                    "with '%s'. this may be due to your Block shares parameters from other Blocks or you "
                    "forgot to use 'with name_scope()' when creating child blocks. For more info on naming, "
                    "please see %s" % (strip_prefix, param.name, strip_prefix, _NAMING_URL))
            arg_dict[param.name[len(strip_prefix):]] = param._reduce()
        from ..ndarray import save
        save(filename, arg_dict)

    def load(self, filename, ctx=None, allow_missing=False, ignore_extra=False, restore_prefix='',
             cast_dtype=False, dtype_source='current'):
        """Read parameter values from a .params file (see :meth:`load_dict`).

        Parameters
        ----------
        filename : str
            The file, as written by :meth:`save` (or by MXNet).
        ctx : Context or list of Context, optional
            Where to initialize parameters that have no value yet (default cpu).
        allow_missing : bool, default False
            Accept a file that lacks some of the parameters.
        ignore_extra : bool, default False
            Accept a file that has names this dict does not have.
        restore_prefix : str, default ''
            Put before the names in the file (every parameter name must start with it).
        cast_dtype : bool, default False
            Accept values whose dtype differs from the parameter's.
        dtype_source : {'current', 'saved'}, default 'current'
            With cast_dtype, whose dtype wins.
        """
        if restore_prefix:
            for name in self.keys():
                assert name.startswith(restore_prefix), \
                    "restore_prefix is '%s' but Parameters name '%s' does not start with '%s'. For more " \
                    "info on naming, please see %s" % (restore_prefix, name, restore_prefix, _NAMING_URL)
        from ..ndarray import load
        self.load_dict(load(filename), ctx, allow_missing, ignore_extra, restore_prefix, filename,
                       cast_dtype, dtype_source)

    def load_dict(self, param_dict, ctx=None, allow_missing=False, ignore_extra=False, restore_prefix='',
                  filename=None, cast_dtype=False, dtype_source='current'):
        """Set parameter values from a {name: NDArray} dict. Every name and value is checked first, so a
        failed load changes nothing.

        Parameters
        ----------
        param_dict : dict
            Values by name; names may start with 'arg:' or 'aux:' (dropped).
        ctx, allow_missing, ignore_extra, restore_prefix, cast_dtype, dtype_source
            As for :meth:`load`.
        filename : str, optional
            Named in error messages.
        """
        lprefix = len(restore_prefix)
        loaded = [(k[4:] if k.startswith('arg:') or k.startswith('aux:') else k, v)
                  for k, v in param_dict.items()] if isinstance(param_dict, dict) else param_dict
        arg_dict = {restore_prefix + k: v for k, v in loaded}
        error_str = 'file: %s' % filename if filename else 'param_dict'
        if not allow_missing:
            for name in self.keys():
                assert name in arg_dict, \
                    "Parameter '%s' is missing in %s, which contains parameters: %s. Please make sure " \
                    "source and target networks have the same prefix.For more info on naming, please see " \
                    "%s" % (name[lprefix:], error_str, _brief_print_list(arg_dict.keys()), _NAMING_URL)
        plans = []
        for name in arg_dict:
            if name not in self._params:
                assert ignore_extra, \
                    "Parameter '%s' loaded from %s is not present in ParameterDict, choices are: %s. Set " \
                    "ignore_extra to True to ignore. Please make sure source and target networks have the " \
                    "same prefix.For more info on naming, please see %s" % (
                        name[lprefix:], error_str, _brief_print_list(self._params.keys()), _NAMING_URL)
                continue
            param = self[name]
            plans.append((param, param._load_plan(arg_dict[name], ctx, cast_dtype, dtype_source)))
        for param, plan in plans:
            param._load_apply(plan)
