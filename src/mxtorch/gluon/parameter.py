"""Gluon parameters: :class:`Parameter`, :class:`Constant` and :class:`ParameterDict`.

A Parameter holds one NDArray per context it was initialized on (and, unless ``grad_req='null'``, one
gradient buffer per context, attached with ``autograd.mark_variables``). Shapes may have unknown
dimensions (0) until the first forward pass completes them (deferred initialization)."""
from collections import OrderedDict
import warnings

import numpy as np
import torch

from ..base import mx_real_t, MXNetError, dtype_torch
from .. import autograd, initializer
from ..context import Context, cpu, current_context
from ..ndarray.ndarray import NDArray
from .utils import _indent, _brief_print_list, shape_is_known

__all__ = ['DeferredInitializationError', 'Parameter', 'Constant', 'ParameterDict', 'tensor_types']

tensor_types = (NDArray,)

_NAMING_URL = 'https://mxnet.io/api/python/docs/tutorials/packages/gluon/blocks/naming.html'


class DeferredInitializationError(MXNetError):
    """Error for unfinished deferred initialization."""


def _as_ctx_list(ctx):
    if ctx is None:
        return [current_context()]
    if isinstance(ctx, Context):
        return [ctx]
    return list(ctx)


class Parameter:
    """A Container holding parameters (weights) of Blocks.

    :py:class:`Parameter` holds a copy of the parameter on each :py:class:`Context` after it is
    initialized with ``Parameter.initialize(...)``. If :py:attr:`grad_req` is not ``'null'``, it also
    holds a gradient array on each :py:class:`Context`::

        x = mx.nd.zeros((16, 100))
        w = mx.gluon.Parameter('fc_weight', shape=(64, 100), init=mx.init.Xavier())
        b = mx.gluon.Parameter('fc_bias', shape=(64,), init=mx.init.Zero())
        w.initialize()
        b.initialize()
        out = mx.nd.FullyConnected(x, w.data(), b.data(), num_hidden=64)

    Parameters
    ----------
    name : str
        Name of this parameter.
    grad_req : {'write', 'add', 'null'}, default 'write'
        How gradients are stored: ``'write'`` overwrites the gradient at each backward, ``'add'``
        accumulates it (call ``zero_grad()`` between iterations), ``'null'`` allocates no gradient.
    shape : int or tuple of int, default None
        Shape of this parameter; unknown dimensions are 0 and are completed at the first forward pass
        when `allow_deferred_init` is True.
    dtype : numpy.dtype or str, default 'float32'
        Data type of this parameter. For example, ``numpy.float32`` or ``'float32'``.
    lr_mult : float, default 1.0
        Learning rate multiplier: the optimizer's learning rate is multiplied by it for this parameter.
    wd_mult : float, default 1.0
        Weight decay multiplier (L2 regularizer coefficient). Works similar to lr_mult.
    init : Initializer, default None
        Initializer of this parameter. Will use the global initializer by default.
    allow_deferred_init : bool, default False
        Whether initialization may wait until the shape is known.
    differentiable : bool, default True
        When False, grad_req is always 'null'.
    stype : {'default'}, default 'default'
        Storage type of the parameter; mxtorch stores every array densely.
    grad_stype : {'default', 'row_sparse', 'csr'}, default 'default'
        Storage type of the gradient; sparse kinds are accepted and stored densely (the same values).
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
        """The type of the parameter. Setting it casts the parameter's values (see :meth:`cast`)."""
        return self._dtype

    @dtype.setter
    def dtype(self, dtype):
        self.cast(dtype)

    @property
    def shape(self):
        """The shape of the parameter; an unknown dimension is 0."""
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
        """Set the trainer this parameter is associated with."""
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
        """Returns this parameter's array on one context. It must have been initialized on this context.

        Parameters
        ----------
        ctx : Context
            Desired context (the only one, or the current context, when omitted).

        Returns
        -------
        NDArray on ctx
        """
        arr_list = self._data
        if ctx is None and arr_list is not None and len(arr_list) == 1:
            return arr_list[0]
        return self._check_and_get(arr_list, ctx)

    def list_data(self):
        """Returns this parameter's arrays on all contexts, in the order of creation."""
        return self._check_and_get(self._data, list)

    def grad(self, ctx=None):
        """Returns the gradient buffer of this parameter on one context.

        Parameters
        ----------
        ctx : Context
            Desired context.
        """
        if self._data is not None and self._grad is None:
            raise RuntimeError("Cannot get gradient array for Parameter '%s' because grad_req='null'"
                               % self.name)
        return self._check_and_get(self._grad, ctx)

    def list_grad(self):
        """Returns gradient buffers on all contexts, in the same order as :py:meth:`list_data`."""
        if self._data is not None and self._grad is None:
            raise RuntimeError("Cannot get gradient array for Parameter '%s' because grad_req='null'"
                               % self.name)
        return self._check_and_get(self._grad, list)

    def list_ctx(self):
        """Returns a list of contexts this parameter is initialized on."""
        if self._data is None:
            if self._deferred_init:
                return self._deferred_init[1]
            raise RuntimeError("Parameter '%s' has not been initialized" % self.name)
        return self._ctx_list

    def row_sparse_data(self, row_id):
        """Returns the rows `row_id` of a 'row_sparse' parameter. mxtorch stores parameters densely, so
        this is only valid for sparse parameters, which cannot be created: it always raises."""
        raise RuntimeError("Cannot return a copy of Parameter %s via row_sparse_data() because its storage "
                           "type is %s. Please use data() instead." % (self.name, self._stype))

    def list_row_sparse_data(self, row_id):
        """Returns the rows `row_id` of a 'row_sparse' parameter on all contexts; always raises in
        mxtorch (see :meth:`row_sparse_data`)."""
        raise RuntimeError("Cannot return copies of Parameter '%s' on all contexts via list_row_sparse_data() "
                           "because its storage type is %s. Please use data() instead." % (self.name, self._stype))

    def var(self):
        """Returns a symbol representing this parameter. mxtorch has no Symbol API: this raises."""
        raise NotImplementedError(
            "Parameter '%s': var() returns a Symbol, and mxtorch has no Symbol API (mx.sym); use data() to "
            "get the parameter's NDArray" % self.name)

    # ---- initialization -----------------------------------------------------------------------------------
    def initialize(self, init=None, ctx=None, default_init=initializer.Uniform(), force_reinit=False):
        """Initializes parameter and gradient arrays.

        Parameters
        ----------
        init : Initializer
            The initializer to use. Overrides :py:meth:`Parameter.init` and default_init.
        ctx : Context or list of Context, defaults to :py:meth:`context.current_context()`.
            Initialize Parameter on given context. If ctx is a list of Context, a copy will be made for
            each context (independent arrays: keeping them equal is the Trainer's job).
        default_init : Initializer
            Default initializer is used when both `init` and :py:meth:`Parameter.init` are ``None``.
        force_reinit : bool, default False
            Whether to force re-initialization if parameter is already initialized.

        Examples
        --------
        >>> weight = mx.gluon.Parameter('weight', shape=(2, 2))
        >>> weight.initialize(ctx=mx.cpu(0))
        >>> weight.grad()
        [[0. 0.]
         [0. 0.]]
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
        """Finishes deferred initialization once the shape is known."""
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
        """Sets data and grad."""
        self._ctx_list = list(ctx_list)
        self._ctx_map = {}
        for i, ctx in enumerate(self._ctx_list):
            self._ctx_map.setdefault((ctx.device_typeid & 1, ctx.device_id), i)
        self._data = [data.copyto(ctx) for ctx in self._ctx_list]
        self._init_grad()

    def _init_grad(self):
        """Initialize grad buffers and attach them to the data for autograd."""
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
        """Re-assign Parameter to other contexts.

        Parameters
        ----------
        ctx : Context or list of Context, default ``context.current_context()``.
            Assign Parameter to given context. If ctx is a list of Context, a copy will be made for each
            context.
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
        """Sets this parameter's value on all contexts."""
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
        """Sets gradient buffer on all contexts to 0. No action is taken if parameter is uninitialized or
        doesn't require gradient."""
        if self._grad is None:
            return
        with torch.no_grad():
            for g in self._grad:
                g._t.zero_()

    def cast(self, dtype):
        """Cast data and gradient of this Parameter to a new data type.

        Parameters
        ----------
        dtype : str or numpy.dtype
            The new data type.
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
        """(Re)initializes by loading from data.

        Parameters
        ----------
        data : NDArray
            The data to load.
        ctx : Context or list of Context
            Context(s) initialize loaded parameters on.
        cast_dtype : bool, default False
            Cast the data type of the parameter.
        dtype_source : str, default 'current'
            must be in {'current', 'saved'}. Only valid if cast_dtype=True, specify the source of the dtype
            for casting the parameters.
        """
        self._load_apply(self._load_plan(data, ctx, cast_dtype, dtype_source))


class Constant(Parameter):
    """A constant parameter for holding immutable tensors. `Constant`s are ignored by `autograd` and
    `Trainer`, thus their values will not change during training. But you can still update their values
    manually with the `set_data` method.

    `Constant` s can be created with either::

        const = mx.gluon.Constant('const', [[1,2],[3,4]])

    or::

        class Block(gluon.Block):
            def __init__(self, **kwargs):
                super(Block, self).__init__(**kwargs)
                self.const = self.params.get_constant('const', [[1,2],[3,4]])

    Parameters
    ----------
    name : str
        Name of the parameter.
    value : array-like
        Initial value for the constant.
    """

    def __init__(self, name, value):
        if not isinstance(value, NDArray):
            from ..ndarray import array
            value = array(value)
        self.value = value

        class Init(initializer.Initializer):
            def _init_weight(self, _, arr):
                value.copyto(arr)
        # MXNet registers one initializer per constant, under this name
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


class ParameterDict:
    """A dictionary managing a set of parameters.

    Parameters
    ----------
    prefix : str, default ``''``
        The prefix to be prepended to all Parameters' names created by this dict.
    shared : ParameterDict or None
        If not ``None``, when this dict's :py:meth:`get` method creates a new parameter, will first try to
        retrieve it from "shared" dict. Usually used for sharing parameters with another Block.
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
        """Prefix of this dict. It will be prepended to :py:class:`Parameter`s' name created with
        :py:func:`get`."""
        return self._prefix

    def _get_impl(self, name):
        if name in self._params:
            return self._params[name]
        if self._shared is not None and name in self._shared._params:
            self._params[name] = self._shared._params[name]
            return self._shared._params[name]
        return None

    def get(self, name, **kwargs):
        """Retrieves a :py:class:`Parameter` with name ``self.prefix+name``. If not found, :py:func:`get`
        will first try to retrieve it from "shared" dict. If still not found, :py:func:`get` will create a
        new :py:class:`Parameter` with key-word arguments and insert it to self.

        Parameters
        ----------
        name : str
            Name of the desired Parameter. It will be prepended with this dictionary's prefix.
        **kwargs : dict
            The rest of key-word arguments for the created :py:class:`Parameter`.

        Returns
        -------
        Parameter
            The created or retrieved :py:class:`Parameter`.
        """
        name = self.prefix + name
        param = self._get_impl(name)
        if param is None:
            param = Parameter(name, **kwargs)
            self._params[name] = param
            return param
        for k, v in kwargs.items():
            if hasattr(param, k) and getattr(param, k) is not None:
                existing = getattr(param, k)
                if k == 'shape' and len(v) == len(existing):
                    inferred_shape = []
                    matched = True
                    for dim1, dim2 in zip(v, existing):
                        if dim1 != dim2 and dim1 > 0 and dim2 > 0:
                            matched = False
                            break
                        elif dim1 == dim2:
                            inferred_shape.append(dim1)
                        elif dim1 in (0, -1):
                            inferred_shape.append(dim2)
                        else:
                            inferred_shape.append(dim1)
                    if matched:
                        param._shape = tuple(inferred_shape)
                        continue
                elif k == 'dtype' and np.dtype(v) == np.dtype(existing):
                    continue
                assert v is None or v == existing, \
                    "Cannot retrieve Parameter '%s' because desired attribute does not match with stored " \
                    "for attribute '%s': desired '%s' vs stored '%s'." % (name, k, str(v), str(existing))
            else:
                setattr(param, k, v)
        return param

    def get_constant(self, name, value=None):
        """Retrieves a :py:class:`.Constant` with name ``self.prefix+name``. If not found,
        :py:func:`get` will first try to retrieve it from "shared" dict. If still not found,
        :py:func:`get` will create a new :py:class:`.Constant` with key-word arguments and insert it to
        self.

        Parameters
        ----------
        name : str
            Name of the desired Constant. It will be prepended with this dictionary's prefix.
        value : array-like
            Initial value of constant.

        Returns
        -------
        :py:class:`.Constant`
            The created or retrieved :py:class:`.Constant`.
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
        """Copies all Parameters in ``other`` to self."""
        for k, v in other.items():
            if k in self._params:
                assert self._params[k] is v, \
                    "Cannot update self with other because they have different Parameters with the same " \
                    "name '%s'" % k
        for k, v in other.items():
            self._params[k] = v

    def initialize(self, init=initializer.Uniform(), ctx=None, verbose=False, force_reinit=False):
        """Initializes all Parameters managed by this dictionary.

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
        if verbose:
            init.set_verbosity(verbose=verbose)
        for _, v in self.items():
            v.initialize(None, ctx, init, force_reinit=force_reinit)

    def zero_grad(self):
        """Sets all Parameters' gradient buffer to 0."""
        grads = [g._t for p in self.values() if p.grad_req != 'null' and p._grad is not None
                 for g in p._grad]
        if grads:
            with torch.no_grad():
                torch._foreach_zero_(grads)

    def reset_ctx(self, ctx):
        """Re-assign all Parameters to other contexts.

        Parameters
        ----------
        ctx : Context or list of Context, default :py:meth:`context.current_context()`.
            Assign Parameter to given context. If ctx is a list of Context, a copy will be made for each
            context.
        """
        for i in self.values():
            i.reset_ctx(ctx)

    def list_ctx(self):
        """Returns a list of all the contexts on which the underlying Parameters are initialized."""
        s = set()
        for i in self.values():
            s.update(i.list_ctx())
        return list(s)

    def setattr(self, name, value):
        """Set an attribute to a new value for all Parameters.

        For example, set grad_req to null if you don't need gradient w.r.t a model's Parameters::

            model.collect_params().setattr('grad_req', 'null')

        or change the learning rate multiplier::

            model.collect_params().setattr('lr_mult', 0.5)

        Parameters
        ----------
        name : str
            Name of the attribute.
        value : valid type for attribute name
            The new value for the attribute.
        """
        for i in self.values():
            setattr(i, name, value)

    def save(self, filename, strip_prefix=''):
        """Save parameters to file.

        Parameters
        ----------
        filename : str
            Path to parameter file.
        strip_prefix : str, default ''
            Strip prefix from parameter names before saving.
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
        # nd.save writes a temporary file and renames it: a failed save leaves no truncated file
        from ..ndarray import save
        save(filename, arg_dict)

    def load(self, filename, ctx=None, allow_missing=False, ignore_extra=False, restore_prefix='',
             cast_dtype=False, dtype_source='current'):
        """Load parameters from file.

        Parameters
        ----------
        filename : str
            Path to parameter file.
        ctx : Context or list of Context
            Context(s) initialize loaded parameters on.
        allow_missing : bool, default False
            Whether to silently skip loading parameters not represents in the file.
        ignore_extra : bool, default False
            Whether to silently ignore parameters from the file that are not present in this ParameterDict.
        restore_prefix : str, default ''
            prepend prefix to names of stored parameters before loading.
        cast_dtype : bool, default False
            Cast the data type of the parameter.
        dtype_source : str, default 'current'
            must be in {'current', 'saved'}. Only valid if cast_dtype=True, specify the source of the dtype
            for casting the parameters.
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
        """Load parameters from dict. Nothing is changed unless every parameter can be loaded.

        Parameters
        ----------
        param_dict : dict
            Dictionary containing model parameters, names may start with 'arg:' and 'aux:'.
        ctx : Context or list of Context
            Context(s) initialize loaded parameters on.
        allow_missing : bool, default False
            Whether to silently skip loading parameters not represented in the file.
        ignore_extra : bool, default False
            Whether to silently ignore parameters from the file that are not present in this ParameterDict.
        restore_prefix : str, default ''
            prepend prefix to names of stored parameters before loading
        filename : str, default None
        cast_dtype : bool, default False
            Cast the data type of the NDArray loaded from the checkpoint to the dtype provided by the
            Parameter if any.
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
