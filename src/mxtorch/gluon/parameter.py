"""Gluon's weights: :class:`Parameter`, :class:`Constant` and the name-to-parameter map :class:`ParameterDict`.

A Parameter holds one NDArray per context it lives on and, unless its ``grad_req`` is 'null', a gradient
buffer beside each, registered with autograd. A 0 in its shape is a size not known yet; such a parameter
is made ready by the first forward pass, which reveals the size ("deferred initialization")."""
from collections import OrderedDict
import warnings

import numpy as np
import torch

from ..base import mx_real_t, MXNetError, dtype_torch
from .. import autograd, initializer
from .. import symbol as _symbol
from .. import ndarray as _nd
from ..context import Context, cpu, current_context
from ..ndarray.ndarray import NDArray
from ..ndarray import sparse as _sparse
from ..ndarray.ops import sparse_update as _sinks
from ..ndarray._sparse_updates import row_sparse_variable
from ..numpy import _gluon as _np_gluon
from ..util import is_np_array
from .._state import np_shape as _np_shape
from .utils import _indent, _brief_print_list, shape_is_known

__all__ = ['DeferredInitializationError', 'Parameter', 'Constant', 'ParameterDict', 'tensor_types']

tensor_types = (NDArray,)

_GRAD_REQS = ('write', 'add', 'null')
_STORAGE_TYPES = ('default', 'row_sparse', 'csr')
_NAMING_URL = 'https://mxnet.io/api/python/docs/tutorials/packages/gluon/blocks/naming.html'

# MXNet's messages, word for word (users match on them)
_MSG_DEFERRED = ("Parameter '%s' has not been initialized yet because initialization was deferred. Actual "
                 "initialization happens during the first forward pass. Please pass one batch of data through "
                 "the network before accessing Parameters. You can also avoid deferred initialization by "
                 "specifying in_units, num_features, etc., for network layers.")
_MSG_UNINITIALIZED = ("Parameter '%s' has not been initialized. Note that you should initialize parameters and "
                      "create Trainer with Block.collect_params() instead of Block.params because the later "
                      "does not include Parameters of nested child Blocks")
_MSG_LOAD_CTX = "Failed to load Parameter '%s' on %s because it was previous initialized on %s."
_MSG_MISSING = ("Parameter '%s' is missing in %s, which contains parameters: %s. Please make sure source and "
                "target networks have the same prefix.For more info on naming, please see " + _NAMING_URL)
_MSG_EXTRA = ("Parameter '%s' loaded from %s is not present in ParameterDict, choices are: %s. Set ignore_extra "
              "to True to ignore. Please make sure source and target networks have the same prefix.For more "
              "info on naming, please see " + _NAMING_URL)
_MSG_RESTORE_PREFIX = ("restore_prefix is '%s' but Parameters name '%s' does not start with '%s'. For more info "
                       "on naming, please see " + _NAMING_URL)


class DeferredInitializationError(MXNetError):
    """A parameter was read before the forward pass that completes its shape, and so creates its arrays."""


def _ctx_list(ctx):
    """`ctx` (None for the current context, one Context, or several) as a list."""
    if ctx is None:
        return [current_context()]
    return [ctx] if isinstance(ctx, Context) else list(ctx)


def _slot(ctx):
    # cpu, cpu_pinned and cpu_shared of one id are one place to MXNet (it compares device_typeid & 1)
    return ctx.device_typeid & 1, ctx.device_id


class Parameter:
    """A weight of a model, kept on one or more contexts.

    Blocks make theirs through their ParameterDict (``self.params.get('weight', shape=...)``); one can also
    stand alone::

        w = gluon.Parameter('fc_weight', shape=(64, 100), init=mx.init.Xavier())
        w.initialize(ctx=mx.cpu())
        y = nd.dot(x, w.data().T)

    Parameters
    ----------
    name : str
        Full name (a Block's parameters start with its prefix: ``dense0_weight``).
    grad_req : {'write', 'add', 'null'}, default 'write'
        What backward does with the gradient buffer: overwrite it, add to it (clear it with
        :meth:`zero_grad`), or keep none.
    shape : int or tuple of int, optional
        A 0 marks a size that is not known yet (see `allow_deferred_init`).
    dtype : numpy dtype or str, default numpy.float32
    lr_mult, wd_mult : float, default 1.0
        Factors on the optimizer's learning rate and weight decay for this parameter.
    init : Initializer or str, optional
        Own initializer, used before the one passed to :meth:`initialize`.
    allow_deferred_init : bool, default False
        Let :meth:`initialize` wait for the first forward pass when the shape is incomplete (instead of
        raising).
    differentiable : bool, default True
        False keeps ``grad_req`` at 'null' whatever is asked.
    stype : {'default', 'row_sparse'}, default 'default'
        Storage type of the arrays. A 'row_sparse' parameter is read with :meth:`row_sparse_data` (the
        rows a batch needs, pulled from its Trainer's kvstore), not with :meth:`data`; mxtorch's autograd
        differentiates the arrays row_sparse_data returns.
    grad_stype : {'default', 'row_sparse', 'csr'}, default 'default'
        Storage type of the gradient. A 'row_sparse' gradient holds only the rows backward wrote (the
        rows an ``Embedding(sparse_grad=True)`` looked up), and optimizers with lazy updates touch only
        those rows. 'csr' gradients are kept dense.
    """
    _kind = 'Parameter'     # first word of repr()

    def __init__(self, name, grad_req='write', shape=None, dtype=mx_real_t, lr_mult=1.0, wd_mult=1.0,
                 init=None, allow_deferred_init=False, differentiable=True, stype='default',
                 grad_stype='default'):
        self.name, self.init = name, init
        self.lr_mult, self.wd_mult = lr_mult, wd_mult
        self._shape = (shape,) if isinstance(shape, int) else shape
        self._dtype = dtype
        self._differentiable, self._allow_deferred_init = differentiable, allow_deferred_init
        # one entry per context: the arrays, their gradient buffers (None without gradients), the contexts,
        # and slot -> index (see _slot); all None until initialized
        self._data = self._grad = self._ctx_list = self._ctx_map = None
        # while initialization waits for the shape: (init, contexts, default_init, data or None); else ()
        self._deferred_init = ()
        self._var = self._trainer = None
        self._grad_req = None
        self.grad_req = grad_req
        for what, kind in (('grad_stype', grad_stype), ('stype', stype)):
            if kind not in _STORAGE_TYPES:
                raise AssertionError("%s for Parameter '%s' must be one of 'default', 'row_sparse', or 'csr', "
                                     "but got '%s'" % (what, name, kind))
        if stype == 'csr':
            raise MXNetError("Parameter '%s': mxtorch has no csr parameters, stype must be 'default' or "
                             "'row_sparse' (got 'csr')" % name)
        self._stype = stype
        self._grad_stype = 'row_sparse' if grad_stype == 'row_sparse' else 'default'

    def __repr__(self):
        return '%s %s (shape=%s, dtype=%s)' % (self._kind, self.name, self.shape, self.dtype)

    # ---- attributes ------------------------------------------------------------------------------------
    @property
    def grad_req(self):
        """'write', 'add' or 'null'. Setting 'null' drops the gradient buffers; setting another value on an
        initialized parameter gives it new zero buffers."""
        return self._grad_req

    @grad_req.setter
    def grad_req(self, req):
        if req not in _GRAD_REQS:
            raise AssertionError("grad_req must be one of 'write', 'add', or 'null', but got '%s'" % req)
        if not self._differentiable:
            req = 'null'
        if req == self._grad_req:
            return
        self._grad_req = req
        if self._data is None:
            return
        if req == 'null':
            self._grad = None
            if self._stype == 'default':
                self._data = [arr.detach() for arr in self._data]   # out of autograd's reach
        else:
            self._init_grad()

    @property
    def dtype(self):
        """Element type; assigning one converts the arrays (see :meth:`cast`)."""
        return self._dtype

    @dtype.setter
    def dtype(self, new_dtype):
        self.cast(new_dtype)

    @property
    def shape(self):
        """The shape, 0 marking sizes not known yet. An assignment may only fill in those sizes."""
        return self._shape

    @shape.setter
    def shape(self, new_shape):
        old = self._shape
        if old is not None and (len(old) != len(new_shape) or
                                any(o not in (-1, 0, n) for o, n in zip(old, new_shape))):
            raise AssertionError('Expected shape %s is incompatible with given shape %s.'
                                 % (str(new_shape), str(old)))
        self._shape = new_shape

    @property
    def stype(self):
        """Storage type of the arrays: 'default' or 'row_sparse'."""
        return self._stype

    @property
    def grad_stype(self):
        """Storage type of the gradient buffers: 'default' or 'row_sparse'."""
        return self._grad_stype

    def _set_trainer(self, trainer):
        """Remember the Trainer updating this parameter: set_data keeps its kvstore copy in step. A sparse
        parameter belongs to one Trainer (its kvstore holds the only full copy)."""
        if self._stype != 'default' and self._trainer and trainer and self._trainer is not trainer:
            raise RuntimeError("Failed to set the trainer for Parameter '%s' because it was already set. More "
                               "than one trainers for a %s Parameter is not supported." % (self.name, self._stype))
        self._trainer = trainer

    # ---- reading -----------------------------------------------------------------------------------------
    def _check_and_get(self, arrays, ctx):
        """The entry of `arrays` (the data or gradient list) for `ctx`: all of them for ctx=list; for None
        the only one, or the current context's."""
        if arrays is None:
            if self._deferred_init:
                raise DeferredInitializationError(_MSG_DEFERRED % self.name)
            raise RuntimeError(_MSG_UNINITIALIZED % self.name)
        if ctx is list:
            return arrays
        if ctx is None:
            if len(arrays) == 1:
                return arrays[0]
            ctx = current_context()
        index = self._ctx_map.get(_slot(ctx))
        if index is None:
            raise RuntimeError("Parameter '%s' was not initialized on context %s. It was only initialized on %s."
                               % (self.name, ctx, self._ctx_list))
        return arrays[index]

    def _grads(self):
        if self._grad is None and self._data is not None:
            raise RuntimeError("Cannot get gradient array for Parameter '%s' because grad_req='null'" % self.name)
        return self._grad

    def data(self, ctx=None):
        """The array on `ctx` (default: the only one, or the current context's). It is the parameter's own
        storage, not a copy. A 'row_sparse' parameter raises: use :meth:`row_sparse_data`."""
        arrays = self._data
        if ctx is None and arrays is not None and len(arrays) == 1 and self._stype == 'default':
            return arrays[0]
        if self._stype != 'default':
            raise RuntimeError("Cannot return a copy of Parameter '%s' on ctx %s via data() because its storage "
                               "type is %s. Please use row_sparse_data() instead." % (self.name, str(ctx), self._stype))
        return self._check_and_get(arrays, ctx)

    def list_data(self):
        """The arrays on all contexts, in the order the contexts were given ('row_sparse' parameters:
        :meth:`list_row_sparse_data`)."""
        if self._stype != 'default':
            raise RuntimeError("Cannot return copies of Parameter '%s' on all contexts via list_data() because its "
                               "storage type is %s. Please use row_sparse_data() instead." % (self.name, self._stype))
        return self._check_and_get(self._data, list)

    def grad(self, ctx=None):
        """The gradient buffer on `ctx` (chosen as by :meth:`data`); a RuntimeError when grad_req is 'null'."""
        return self._check_and_get(self._grads(), ctx)

    def list_grad(self):
        """The gradient buffers on all contexts, in the order of :meth:`list_data`."""
        return self._check_and_get(self._grads(), list)

    def list_ctx(self):
        """The contexts of the arrays (those they will have, while initialization is deferred)."""
        if self._data is not None:
            return self._ctx_list
        if self._deferred_init:
            return self._deferred_init[1]
        raise RuntimeError("Parameter '%s' has not been initialized" % self.name)

    def row_sparse_data(self, row_id):
        """The rows `row_id` (an NDArray of row indices) of a 'row_sparse' parameter, pulled from its
        Trainer's kvstore into the parameter's array on row_id's context, which is returned (a
        RowSparseNDArray holding those rows)."""
        if self._stype != 'row_sparse':
            raise RuntimeError("Cannot return a copy of Parameter %s via row_sparse_data() because its storage "
                               "type is %s. Please use data() instead." % (self.name, self._stype))
        return self._get_row_sparse(self._data, row_id.context, row_id)

    def list_row_sparse_data(self, row_id):
        """:meth:`row_sparse_data` on every context: the parameter's arrays, each holding the rows
        `row_id`."""
        if self._stype != 'row_sparse':
            raise RuntimeError("Cannot return copies of Parameter '%s' on all contexts via list_row_sparse_data() "
                               "because its storage type is %s. Please use data() instead." % (self.name, self._stype))
        return self._get_row_sparse(self._data, list, row_id)

    def _get_row_sparse(self, arrays, ctx, row_id):
        if not isinstance(row_id, NDArray):
            raise TypeError("row_id must have NDArray type, but %s is given" % (type(row_id)))
        if not self._trainer:
            raise RuntimeError("Cannot get row_sparse data for Parameter '%s' when no Trainer is created with it."
                               % self.name)
        results = self._check_and_get(arrays, ctx)
        self._trainer._row_sparse_pull(self, results, row_id)
        return results

    def var(self):
        """The parameter as a variable of symbolic graphs (``mx.sym.var``), named as the parameter and
        carrying its shape, dtype, learning-rate and weight-decay factors, initializer and storage type
        as attributes. Made once and then kept, as MXNet keeps it."""
        if self._var is None:
            shape = self.shape
            if shape is not None and _np_shape.active:
                shape = tuple(-1 if d == 0 else d for d in shape)     # NumPy-shape mode marks unknown sizes -1
            self._var = _symbol.var(self.name, shape=shape, dtype=self.dtype, lr_mult=self.lr_mult,
                                    wd_mult=self.wd_mult, init=self.init, stype=self._stype)
            if is_np_array():
                self._var = self._var.as_np_ndarray()
        return self._var

    # ---- making the arrays -------------------------------------------------------------------------------
    def initialize(self, init=None, ctx=None, default_init=initializer.Uniform(), force_reinit=False):
        """Create the arrays (and gradient buffers) on `ctx` and fill them.

        The filling comes from `init`, else the parameter's own ``init``, else `default_init`. With a shape
        still incomplete (and `allow_deferred_init`), the work waits for the first forward pass. A call
        that fails leaves the parameter as it was; one on an initialized parameter only warns, unless
        `force_reinit`.

        Parameters
        ----------
        init : Initializer or str, optional
        ctx : Context or list of Context, optional
            One independent copy per context (a Trainer keeps them equal); default the current context.
        default_init : Initializer, default Uniform()
        force_reinit : bool, default False

        Examples
        --------
        >>> w = gluon.Parameter('w', shape=(2, 2), init='ones')
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
        contexts = _ctx_list(ctx)
        for c in contexts:
            c.torch_device      # a device this machine lacks fails here, before anything changes
        if init is None:
            init = default_init if self.init is None else self.init
        known = shape_is_known(self.shape)
        if not known and not self._allow_deferred_init:
            raise ValueError("Cannot initialize Parameter '%s' because it has invalid shape: %s."
                             % (self.name, str(self.shape)))
        before = self._data, self._grad, self._ctx_list, self._ctx_map, self._deferred_init
        self._data = self._grad = None
        self._deferred_init = (init, contexts, default_init, None)
        if not known:
            return
        try:
            self._finish_deferred_init()
        except BaseException:
            self._data, self._grad, self._ctx_list, self._ctx_map, self._deferred_init = before
            raise

    def _finish_deferred_init(self):
        """Do what :meth:`initialize` left for later, now that the shape is complete."""
        if not self._deferred_init:
            return
        init, contexts, default_init, value = self._deferred_init
        if not shape_is_known(self.shape):
            raise AssertionError("Cannot initialize Parameter '%s' because it has invalid shape: %s. Please "
                                 "specify in_units, in_channels, etc for `Block`s." % (self.name, str(self.shape)))
        with autograd.pause():
            if value is None:
                value = _nd.zeros(shape=self.shape, dtype=self.dtype, ctx=cpu())
                desc = initializer.InitDesc(self.name, {'__init__': init})
                initializer.create(default_init)(desc, value)
            if self._stype != 'default':
                if is_np_array():
                    raise ValueError("mxnet.numpy.zeros does not support stype = {}".format(self._stype))
                value = value.tostype(self._stype)
            if is_np_array():
                value = _np_gluon.as_np(value)      # MXNet's NumPy mode: parameters are mx.np arrays
            self._place(value, contexts)
        self._deferred_init = ()    # cleared last: a failure leaves it to be tried again

    def _place(self, value, contexts):
        """Hold a copy of `value` on each of `contexts`, with new gradient buffers."""
        contexts = list(contexts)
        copies = [value.copyto(c) for c in contexts]    # may fail (a missing device): nothing changed yet
        if self._stype != 'default':
            copies = [row_sparse_variable(c) for c in copies]
        slots = {}
        for index, c in enumerate(contexts):
            slots.setdefault(_slot(c), index)
        self._data, self._ctx_list, self._ctx_map = copies, contexts, slots
        self._init_grad()

    def _init_grad(self):
        """Zero gradient buffers for the arrays, registered with autograd (none for grad_req 'null')."""
        req = self.grad_req
        if req == 'null':
            self._grad = None
            return
        if self._grad_stype == 'default':
            self._grad = [_nd.zeros_like(arr) for arr in self._data]
        else:
            if is_np_array():
                raise ValueError("mxnet.numpy.zeros does not support stype = {}".format(self._grad_stype))
            self._grad = [_sparse.zeros(self._grad_stype, arr.shape, ctx=arr.context, dtype=arr.dtype)
                          for arr in self._data]
        self._mark()

    def _mark(self):
        """Register the arrays and gradient buffers with autograd; a row_sparse buffer is written through
        its sink (see ndarray/ops/sparse_update.py)."""
        buffers = self._grad if self._grad_stype == 'default' else [_sinks.RowSparseGradSink(g) for g in self._grad]
        autograd.mark_variables(self._data, buffers, self.grad_req)
        if self._stype != 'default':
            for arr in self._data:
                arr._remember_mark()     # kept across the storages row_sparse_data pulls in

    def _reduce(self):
        """The value to save: on cpu, the mean of the copies when there are several (a 'row_sparse'
        parameter: all its rows, from the Trainer's kvstore)."""
        if self._stype != 'default':
            rows = _nd.arange(0, self.shape[0], dtype='int64', ctx=cpu())
            value = _sparse.zeros('row_sparse', self.shape, ctx=cpu(), dtype=self.dtype)
            self._trainer._row_sparse_pull(self, value, rows, full_idx=True)
            return value
        arrays = self.list_data()
        if len(arrays) == 1:
            return arrays[0].copyto(cpu())
        return _nd.add_n(*(arr.copyto(cpu()) for arr in arrays)) / len(arrays)

    def reset_ctx(self, ctx):
        """Move the parameter to `ctx` (a Context or several; None: the current one): each new copy gets
        the mean of the old ones, and gradients start from zero."""
        contexts = _ctx_list(ctx)
        if self._data:
            value = self._reduce()
            with autograd.pause():
                self._place(value, contexts)
        elif self._deferred_init:
            self._deferred_init = self._deferred_init[:1] + (contexts,) + self._deferred_init[2:]
        else:
            raise ValueError("Cannot reset context for Parameter '%s' because it has not been initialized."
                             % self.name)

    def set_data(self, data):
        """Write `data` into the array on every context. Before a deferred initialization, `data` is kept
        and becomes the initial value."""
        self.shape = data.shape
        if self._data is None:
            if not self._deferred_init:
                raise AssertionError("Parameter '%s' has not been initialized" % self.name)
            self._deferred_init = self._deferred_init[:3] + (data,)
            return
        trainer = self._trainer
        if trainer is not None and getattr(trainer, '_kv_initialized', False) \
                and getattr(trainer, '_update_on_kvstore', False) \
                and self not in getattr(trainer, '_params_to_init', ()):
            trainer._reset_kvstore()    # the kvstore's copy must take the new value too
        with torch.no_grad():
            for arr in self._data:
                arr[:] = data

    def zero_grad(self):
        """Fill the gradient buffers with zeros (nothing to do without gradients); a row_sparse buffer
        then stores no rows."""
        if self._grad is not None:
            if self._grad_stype != 'default':
                for g in self._grad:
                    _sinks.RowSparseGradSink(g).zero_()
                return
            with torch.no_grad():
                torch._foreach_zero_([g._t for g in self._grad])

    def cast(self, dtype):
        """Convert the arrays and gradient buffers to `dtype` (e.g. 'float16')."""
        dtype_torch(dtype)      # an unknown dtype fails here, before anything changes
        self._dtype, arrays = dtype, self._data
        if arrays is None:
            return
        with autograd.pause():
            self._data = [arr.astype(dtype) for arr in arrays]
            if self._grad is not None:
                self._grad = [g.astype(dtype) for g in self._grad]
                self._mark()

    # ---- loading -----------------------------------------------------------------------------------------
    def _prepare_load(self, data, ctx, cast_dtype=False, dtype_source='current'):
        """Check that the loaded array `data` fits, and return a function that takes it in. Nothing changes
        before that function is called, so a caller can check many parameters first. Misfits raise MXNet's
        AssertionErrors."""
        if cast_dtype and dtype_source not in ('current', 'saved'):
            raise AssertionError("dtype_source must be 'current' or 'saved', got %r" % (dtype_source,))
        shape = self.shape
        if shape:
            if len(shape) != len(data.shape) or any(s not in (0, d) for s, d in zip(shape, data.shape)):
                raise AssertionError("Failed loading Parameter '%s' from saved params: shape incompatible "
                                     "expected %s vs saved %s" % (self.name, str(shape), str(data.shape)))
            shape = tuple(d if s == 0 else s for s, d in zip(shape, data.shape))
        new_dtype = None
        if self.dtype and np.dtype(self.dtype).type != data.dtype:
            if not cast_dtype:
                raise AssertionError("Failed loading Parameter '%s' from saved params: dtype incompatible "
                                     "expected %s vs saved %s. Set cast_dtype=True to cast the dtype of saved "
                                     "params." % (self.name, str(self.dtype), str(data.dtype)))
            if dtype_source == 'current':
                data = data.astype(self.dtype, copy=False)
            else:
                new_dtype = data.dtype
        contexts = [ctx] if isinstance(ctx, Context) else ctx
        if self._data is not None:
            # initialized: the values are written into the existing arrays
            if contexts is not None and set(contexts) != set(self._ctx_list):
                raise AssertionError(_MSG_LOAD_CTX % (self.name, str(contexts), str(self._ctx_list)))
            contexts = None
        elif self._deferred_init:
            waiting = self._deferred_init[1]
            if contexts is not None and set(contexts) != set(waiting):
                raise AssertionError(_MSG_LOAD_CTX % (self.name, str(contexts), str(waiting)))
            contexts = waiting
        elif contexts is None:
            contexts = [cpu()]

        def take_in():
            if new_dtype is not None:
                self.cast(new_dtype)
            if shape:
                self._shape = shape
            if contexts is None:
                self.set_data(data)
            else:
                with autograd.pause():
                    self._place(data, contexts)
            self._deferred_init = ()
        return take_in

    def _load_init(self, data, ctx, cast_dtype=False, dtype_source='current'):
        """Take the value of a loaded array: a parameter without arrays is initialized with it on `ctx`
        (its deferred contexts, else cpu), an initialized one has its arrays overwritten.

        Parameters
        ----------
        data : NDArray
            The value; it completes the unknown sizes of the shape.
        ctx : Context or list of Context
            Must agree with where the parameter is, or will be.
        cast_dtype : bool, default False
            Accept another dtype than the parameter's.
        dtype_source : {'current', 'saved'}, default 'current'
            With cast_dtype: keep the parameter's dtype ('current') or take the data's ('saved').
        """
        self._prepare_load(data, ctx, cast_dtype, dtype_source)()


class _FillWith(initializer.Initializer):
    """Copies `_value` (set on a subclass made per constant) into the array."""
    _value = None

    def _init_weight(self, _, arr):
        self._value.copyto(arr)


def _ignore_grad_req(self, req):
    if req != 'null':
        warnings.warn('Constant parameter "{}" does not support grad_req other than "null", and new value "{}" '
                      'is ignored.'.format(self.name, req))


class Constant(Parameter):
    """A parameter that training does not change: it has no gradient (grad_req is 'null' for good), so
    neither autograd nor a Trainer touches it; :meth:`set_data` still can.

    ``gluon.Constant('scale', [[1, 2], [3, 4]])``, or in a Block
    ``self.scale = self.params.get_constant('scale', [[1, 2], [3, 4]])``.

    Parameters
    ----------
    name : str
    value : array-like or NDArray
        Lists and numpy arrays become NDArrays as ``nd.array`` makes them (float32).
    """
    _kind = 'Constant'
    grad_req = property(lambda self: 'null', _ignore_grad_req, doc="Always 'null': a constant has no gradient.")

    def __init__(self, name, value):
        if not isinstance(value, NDArray):
            value = _nd.array(value)
        self.value = value
        # as in MXNet, each constant's filling is registered as an initializer of its own name
        init_name = 'Constant_{}_{}'.format(name, id(self))
        initializer.alias(init_name)(type('Init', (_FillWith,), {'_value': value}))
        super().__init__(name, grad_req='null', shape=value.shape, dtype=value.dtype, init=init_name)


def _merged_shape(wanted, stored):
    """The shape agreeing with both (an unknown size, 0 or -1, takes the other's), or None if they clash."""
    if len(wanted) != len(stored):
        return None
    merged = []
    for w, s in zip(wanted, stored):
        if w != s and w not in (0, -1) and s not in (0, -1):
            return None
        merged.append(s if w in (0, -1) else w)
    return tuple(merged)


def _agrees(param, key, wanted):
    """Whether attribute `key` of an existing parameter can be taken as `wanted`; an incomplete shape is
    completed on the way."""
    stored = getattr(param, key)
    if key == 'shape':
        merged = _merged_shape(wanted, stored)
        if merged is not None:
            param._shape = merged
            return True
    elif key == 'dtype' and np.dtype(wanted) == np.dtype(stored):
        return True
    return wanted is None or wanted == stored


class ParameterDict:
    """Parameters by full name, in order of creation, with the prefix that names the ones it creates.
    Every Block has one (``block.params``); ``block.collect_params()`` makes one of a whole tree.

    Parameters
    ----------
    prefix : str, default ''
        Put before the names given to :meth:`get` and :meth:`get_constant`.
    shared : ParameterDict, optional
        Looked in before creating a parameter: blocks share weights this way
        (``nn.Dense(10, params=other.params)``).
    """

    def __init__(self, prefix='', shared=None):
        self._prefix, self._shared = prefix, shared
        self._params = OrderedDict()

    def __repr__(self):
        body = '\n'.join('  ' + _indent(repr(p), 2) for p in self._params.values())
        return '%s(\n%s\n)' % (self._prefix + ' ' if self._prefix else '', body)

    def __getitem__(self, key):
        """The parameter of full name `key` (KeyError when absent)."""
        return self._params[key]

    def __contains__(self, key):
        return key in self._params

    def __iter__(self):
        """The full names, in order."""
        return iter(self._params)

    def keys(self):
        """The full names, in order."""
        return self._params.keys()

    def values(self):
        """The parameters, in order."""
        return self._params.values()

    def items(self):
        """(full name, parameter) pairs, in order."""
        return self._params.items()

    @property
    def prefix(self):
        """What starts the names of the parameters this dict creates."""
        return self._prefix

    def _get_impl(self, name):
        """This dict's parameter `name`, else the shared dict's (then kept here too), else None."""
        found = self._params.get(name)
        if found is None and self._shared is not None:
            found = self._shared._params.get(name)
            if found is not None:
                self._params[name] = found
        return found

    def get(self, name, **kwargs):
        """The parameter ``prefix + name``, created with `kwargs` (``Parameter(prefix + name, **kwargs)``)
        unless this dict or the shared one has it.

        For an existing parameter the keyword arguments must agree with what it has: unset attributes are
        set, unknown sizes in either shape are filled from the other, and a true conflict is an
        AssertionError.

        Parameters
        ----------
        name : str
            The name without the prefix, e.g. 'weight'.
        **kwargs
            Arguments of :class:`Parameter`: shape, dtype, init, grad_req, ...
        """
        full = self._prefix + name
        param = self._get_impl(full)
        if param is None:
            param = self._params[full] = Parameter(full, **kwargs)
            return param
        for key, wanted in kwargs.items():
            if getattr(param, key, None) is None:
                setattr(param, key, wanted)
            elif not _agrees(param, key, wanted):
                raise AssertionError(
                    "Cannot retrieve Parameter '%s' because desired attribute does not match with stored for "
                    "attribute '%s': desired '%s' vs stored '%s'." % (full, key, str(wanted),
                                                                     str(getattr(param, key))))
        return param

    def get_constant(self, name, value=None):
        """The :class:`Constant` ``prefix + name``: this dict's or the shared dict's, else a new one holding
        `value`. A `value` given for an existing constant must equal it.

        Parameters
        ----------
        name : str
            The name without the prefix.
        value : array-like, optional
            Needed when the constant does not exist yet.
        """
        full = self._prefix + name
        param = self._get_impl(full)
        if param is None:
            if value is None:
                raise KeyError("No constant named '{}'. Please specify value if you want to create a new "
                               "constant.".format(full))
            param = self._params[full] = Constant(full, value)
        elif value is not None:
            if not isinstance(param, Constant):
                raise AssertionError("Parameter '{}' already exists but it is not a constant.".format(full))
            if isinstance(value, NDArray):
                value = value.asnumpy()
            if param.shape != value.shape or not (param.value.asnumpy() == value).all():
                raise AssertionError("Constant '{}' already exists but it's value doesn't match new "
                                     "value".format(full))
        return param

    def update(self, other):
        """Add the parameters of `other` (a ParameterDict or dict). A name both hold for different
        parameters is an AssertionError, and then nothing is added."""
        for key, param in other.items():
            if self._params.get(key, param) is not param:
                raise AssertionError("Cannot update self with other because they have different Parameters "
                                     "with the same name '%s'" % key)
        self._params.update(other.items())

    def initialize(self, init=initializer.Uniform(), ctx=None, verbose=False, force_reinit=False):
        """Initialize every parameter (:meth:`Parameter.initialize`); `init` serves those without an
        initializer of their own, `verbose` logs each one."""
        if verbose:
            init.set_verbosity(verbose=verbose)
        for param in self._params.values():
            param.initialize(None, ctx, init, force_reinit=force_reinit)

    def zero_grad(self):
        """Fill the gradient buffers of all parameters with zeros."""
        buffers = []
        for p in self._params.values():
            if p.grad_req != 'null' and p._grad is not None:
                if p._grad_stype != 'default':
                    p.zero_grad()
                else:
                    buffers.extend(g._t for g in p._grad)
        if buffers:
            with torch.no_grad():
                torch._foreach_zero_(buffers)

    def reset_ctx(self, ctx):
        """Move every parameter to `ctx` (:meth:`Parameter.reset_ctx`)."""
        for param in self._params.values():
            param.reset_ctx(ctx)

    def list_ctx(self):
        """Every context that some parameter lives on."""
        return list({c for param in self._params.values() for c in param.list_ctx()})

    def setattr(self, name, value):
        """Set attribute `name` of every parameter: ``net.collect_params().setattr('grad_req', 'null')``
        freezes a model, ``net.collect_params('.*bias').setattr('wd_mult', 0)`` spares biases from decay."""
        for param in self._params.values():
            setattr(param, name, value)

    def save(self, filename, strip_prefix=''):
        """Write the values to `filename` in MXNet's .params format, named by their full names less
        `strip_prefix` (which each must start with). The file is replaced only once complete."""
        arrays = {}
        for param in self._params.values():
            if not param.name.startswith(strip_prefix):
                raise ValueError(
                    "Prefix '%s' is to be striped before saving, but Parameter's name '%s' does not start with "
                    "'%s'. this may be due to your Block shares parameters from other Blocks or you forgot to "
                    "use 'with name_scope()' when creating child blocks. For more info on naming, please see "
                    "%s" % (strip_prefix, param.name, strip_prefix, _NAMING_URL))
            arrays[param.name[len(strip_prefix):]] = param._reduce()
        _nd.save(filename, arrays)

    def load(self, filename, ctx=None, allow_missing=False, ignore_extra=False, restore_prefix='',
             cast_dtype=False, dtype_source='current'):
        """Read values from a .params file (written by :meth:`save`, or by MXNet).

        Parameters
        ----------
        filename : str
        ctx : Context or list of Context, optional
            Where parameters without arrays yet are initialized (default cpu).
        allow_missing : bool, default False
            Accept a file lacking some of the parameters.
        ignore_extra : bool, default False
            Accept a file with names this dict does not have.
        restore_prefix : str, default ''
            Put before each name of the file (every parameter's name must start with it).
        cast_dtype : bool, default False
            Accept values of another dtype than the parameter's.
        dtype_source : {'current', 'saved'}, default 'current'
            With cast_dtype: whose dtype is kept.
        """
        self._check_restore_prefix(restore_prefix)
        self.load_dict(_nd.load(filename), ctx, allow_missing, ignore_extra, restore_prefix, filename,
                       cast_dtype, dtype_source)

    def _check_restore_prefix(self, restore_prefix):
        for name in self._params:
            if not name.startswith(restore_prefix):
                raise AssertionError(_MSG_RESTORE_PREFIX % (restore_prefix, name, restore_prefix))

    def load_dict(self, param_dict, ctx=None, allow_missing=False, ignore_extra=False, restore_prefix='',
                  filename=None, cast_dtype=False, dtype_source='current'):
        """Set values from `param_dict`, {name: NDArray} (an 'arg:' or 'aux:' in front of a name is
        dropped). All names, shapes and dtypes are checked before any value changes. The other arguments
        are :meth:`load`'s; `filename` only serves the error messages."""
        if isinstance(param_dict, dict):
            param_dict = [(k[4:] if k.startswith(('arg:', 'aux:')) else k, v) for k, v in param_dict.items()]
        arrays = {restore_prefix + k: v for k, v in param_dict}
        source = 'file: %s' % filename if filename else 'param_dict'
        cut = len(restore_prefix)
        if not allow_missing:
            for name in self._params:
                if name not in arrays:
                    raise AssertionError(_MSG_MISSING % (name[cut:], source, _brief_print_list(arrays.keys())))
        steps = []
        for name, value in arrays.items():
            param = self._params.get(name)
            if param is not None:
                steps.append(param._prepare_load(value, ctx, cast_dtype, dtype_source))
            elif not ignore_extra:
                raise AssertionError(_MSG_EXTRA % (name[cut:], source, _brief_print_list(self._params.keys())))
        for step in steps:
            step()
