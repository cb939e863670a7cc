"""NumPy's dispatch protocols for mx.np arrays (NEP 18 ``__array_function__``, NEP 13 ``__array_ufunc__``).

``numpy.<fn>(mx_array)`` runs ``mx.np.<fn>`` for the functions and ufuncs listed below (MXNet 1.9.1's
lists), keeping arrays on their device and in autograd. Any other NumPy function or ufunc falls back to
official NumPy on host copies, its array results coming back as mx.np arrays on the first input's context;
inside ``autograd.record()`` such a fallback is a ValueError, as nothing computed on the host could be
differentiated."""
import numpy as _onp

from . import numpy as _mx_np
from .autograd import is_recording
from .ndarray.ndarray import NDArray

__all__ = ['with_array_function_protocol', 'with_array_ufunc_protocol']

_NUMPY_ARRAY_FUNCTION_LIST = (
    'all any sometrue argmin argmax around round round_ argsort sort append broadcast_arrays broadcast_to clip '
    'concatenate copy cumsum diag diagonal diagflat dot expand_dims fix flip flipud fliplr inner insert max amax '
    'mean min amin nonzero ones_like atleast_1d atleast_2d atleast_3d prod product ravel repeat reshape roll '
    'split array_split hsplit vsplit dsplit squeeze stack std sum swapaxes take tensordot tile transpose unique '
    'unravel_index diag_indices_from delete var vdot vstack column_stack hstack dstack zeros_like linalg.norm '
    'linalg.cholesky linalg.inv linalg.solve linalg.tensorinv linalg.tensorsolve linalg.pinv linalg.eigvals '
    'linalg.eig linalg.eigvalsh linalg.eigh shape trace tril meshgrid outer einsum polyval shares_memory '
    'may_share_memory quantile percentile diff ediff1d resize where full_like bincount empty_like nan_to_num '
    'isnan isfinite isposinf isneginf isinf pad').split()
_NUMPY_ARRAY_UFUNC_LIST = (
    'abs fabs add arctan2 copysign degrees hypot lcm subtract multiply true_divide negative power mod matmul '
    'absolute rint sign exp log log2 log10 expm1 sqrt square cbrt reciprocal invert bitwise_not remainder sin '
    'cos tan sinh cosh tanh arcsin arccos arctan arcsinh arccosh arctanh maximum minimum ceil trunc floor '
    'bitwise_and bitwise_xor bitwise_or logical_not equal not_equal less less_equal greater greater_equal'
    ).split()


def with_array_function_protocol(func):
    """Decorator kept for MXNet's tests: this NumPy always has the protocol, so `func` is returned as is."""
    return func


def with_array_ufunc_protocol(func):
    """Decorator kept for MXNet's tests: this NumPy always has the protocol, so `func` is returned as is."""
    return func


def _lookup(module, dotted):
    for part in dotted.split('.'):
        module = getattr(module, part, None)
        if module is None:
            return None
    return module


def _as_result_of(result_class, mx_func):
    """`mx_func` giving its tuple as `result_class` (a named tuple, so unpacking works as before)."""
    def dispatched(*args, **kwargs):
        return result_class(*mx_func(*args, **kwargs))
    dispatched.__name__ = mx_func.__name__
    dispatched.__doc__ = mx_func.__doc__
    return dispatched


# NumPy 2 gives some linalg results as named tuples (EigResult, ...); numpy.linalg.eig(mx_array) gives the
# same class, as NumPy's own function would (mx.np.linalg.eig itself gives MXNet's plain tuple)
_RESULT_CLASSES = {name: getattr(getattr(_onp.linalg, '_linalg', None), cls, None) for name, cls in (
    ('linalg.eig', 'EigResult'), ('linalg.eigh', 'EighResult'), ('linalg.svd', 'SVDResult'),
    ('linalg.slogdet', 'SlogdetResult'), ('linalg.qr', 'QRResult'))}

# official NumPy function -> mx.np function (names this NumPy no longer has are skipped)
_FUNCTIONS = {}
for _name in _NUMPY_ARRAY_FUNCTION_LIST:
    _official = _lookup(_onp, _name)
    if _official is not None:
        _FUNCTIONS[_official] = _lookup(_mx_np, _name)
        if _RESULT_CLASSES.get(_name) is not None:
            _FUNCTIONS[_official] = _as_result_of(_RESULT_CLASSES[_name], _FUNCTIONS[_official])
_UFUNCS = {name: getattr(_mx_np, name) for name in _NUMPY_ARRAY_UFUNC_LIST}
del _name, _official


def _to_host(value, found):
    """`value` with mx.np arrays (also inside lists and tuples) as NumPy arrays; `found` gets the first
    array's context."""
    if isinstance(value, NDArray):
        if not found:
            found.append(value.context)
        return value.asnumpy()
    if isinstance(value, (list, tuple)):
        return type(value)(_to_host(v, found) for v in value)
    return value


def _to_device(value, ctx):
    if isinstance(value, _onp.ndarray):
        return _mx_np.array(value, dtype=value.dtype, ctx=ctx)
    if isinstance(value, (list, tuple)):
        return type(value)(_to_device(v, ctx) for v in value)
    return value


def _refuse_while_recording(name):
    if is_recording():
        raise ValueError('Falling back to NumPy operator {} with autograd active is not supported. Please '
                         'consider moving the operator to the outside of the autograd scope.'.format(name))


def array_function(func, types, args, kwargs):
    """``ndarray.__array_function__``: mx.np's function, or official NumPy on host copies."""
    mx_func = _FUNCTIONS.get(func)
    if mx_func is None:
        _refuse_while_recording(getattr(func, '__name__', func))
        found = []
        host_args = _to_host(args, found)
        host_kwargs = {k: _to_host(v, found) for k, v in kwargs.items()}
        return _to_device(func(*host_args, **host_kwargs), found[0] if found else None)
    if not all(issubclass(t, _mx_np.ndarray) for t in types):
        return NotImplemented
    return mx_func(*args, **kwargs)


def array_ufunc(ufunc, method, inputs, kwargs):
    """``ndarray.__array_ufunc__``: mx.np's ufunc for calls of NumPy ufuncs, or official NumPy on host
    copies for the others."""
    if method != '__call__':
        return NotImplemented
    outs = kwargs.get('out')
    if outs is not None:
        # NumPy hands ufuncs out= as a tuple; mx.np's ufuncs take one array
        if len(outs) != 1:
            raise ValueError('The `out` parameter must have exactly one ndarray')
        kwargs['out'] = outs[0]
    mx_ufunc = _UFUNCS.get(ufunc.__name__)
    if mx_ufunc is not None:
        return mx_ufunc(*inputs, **kwargs)
    _refuse_while_recording(ufunc.__name__)
    found = []
    host_inputs = _to_host(inputs, found)
    host_kwargs = {k: _to_host(v, found) for k, v in kwargs.items()}
    return _to_device(getattr(_onp, ufunc.__name__)(*host_inputs, **host_kwargs), found[0] if found else None)
