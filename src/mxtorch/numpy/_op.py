"""The functions of ``mx.np``, each made by _frontend.define from its entry in the operator table
(namespaces ``_npi`` and ``_npi_linalg``, filled by ndarray/ops/np_*.py) with MXNet's signature, plus the
few that are about arrays rather than tensors (``shape``, ``einsum``'s subscripts)."""
import numpy as onp

from ..base import MXNetError
from ..ndarray.ops.np_math import _UNARY
from ..ndarray.registry import OPS
from .._state import state as _flags
from . import _shadow, multiarray
from ._frontend import NumpyArrayOperand, define, label_of, wrap, write_out

_NPI = '_npi'
_DEFAULTS = {'onp': onp}
_EINSUM = OPS[(_NPI, 'einsum')].impl
_FUNCTIONS = {}


def _def(name, signature, impl=None, namespace=_NPI, **options):
    function = define(name, signature, impl or name, namespace=namespace, defaults=_DEFAULTS, **options)
    _FUNCTIONS[name] = function
    return function


# ---- ufuncs -------------------------------------------------------------------------------------------
for _name in list(_UNARY) + ['logical_not', 'bitwise_not', 'invert', 'isnan', 'isinf', 'isfinite',
                             'isposinf', 'isneginf']:
    _def(_name, 'x, out=None, **kwargs', arrays=('x',), ufunc='unary')
for _name in ('around', 'round', 'round_'):
    _def(_name, 'x, decimals=0, out=None, **kwargs', 'around', arrays=('x',), ufunc='unary')
for _name in ('add', 'subtract', 'multiply', 'divide', 'mod', 'remainder', 'power', 'maximum', 'minimum',
              'hypot', 'arctan2', 'copysign', 'lcm', 'bitwise_and', 'bitwise_or', 'bitwise_xor', 'ldexp'):
    _def(_name, 'x1, x2, out=None, **kwargs', 'true_divide' if _name == 'divide' else _name,
         arrays=('x1', 'x2'), ufunc='binary')
_def('matmul', 'a, b, out=None, **kwargs', arrays=('a', 'b'), ufunc='binary')
for _name in ('true_divide', 'equal', 'not_equal', 'greater', 'greater_equal', 'less', 'less_equal'):
    _def(_name, 'x1, x2, out=None', arrays=('x1', 'x2'))

# ---- reductions ---------------------------------------------------------------------------------------
_A = ('a',)
for _name in ('all', 'any', 'sometrue', 'max', 'min', 'amax', 'amin'):
    _def(_name, 'a, axis=None, keepdims=False, out=None', arrays=_A, numbers=False)
_def('sum', 'a, axis=None, dtype=None, keepdims=False, initial=None, out=None', arrays=_A, numbers=False)
for _name in ('prod', 'product'):
    _def(_name, 'a, axis=None, dtype=None, out=None, keepdims=False', arrays=_A, numbers=False)
_def('mean', 'a, axis=None, dtype=None, out=None, keepdims=False', arrays=_A, numbers=False)
for _name in ('std', 'var'):
    _def(_name, 'a, axis=None, dtype=None, out=None, ddof=0, keepdims=False', arrays=_A, numbers=False)
for _name in ('argmax', 'argmin'):
    _def(_name, 'a, axis=None, out=None', arrays=_A, numbers=False)
_def('cumsum', 'a, axis=None, dtype=None, out=None', arrays=_A, numbers=False)
_def('average', 'a, axis=None, weights=None, returned=False, out=None', arrays=('a', 'weights'), numbers=False)
_def('sort', 'a, axis=-1, kind=None, order=None', arrays=_A, numbers=False)
_def('argsort', 'a, axis=-1, kind=None, order=None', arrays=_A, numbers=False)
_def('unique', 'ar, return_index=False, return_inverse=False, return_counts=False, axis=None',
     arrays=('ar',), numbers=False)
_def('bincount', 'x, weights=None, minlength=0', arrays=('x', 'weights'), numbers=False)
_def('histogram', 'a, bins=10, range=None, normed=None, weights=None, density=None', arrays=('a', 'weights'),
     loose=('bins',), numbers=False)
for _name in ('quantile', 'percentile'):
    _def(_name, "a, q, axis=None, out=None, overwrite_input=None, interpolation='linear', keepdims=False",
         arrays=_A, loose=('q',), numbers=False)
_def('nonzero', 'a', arrays=_A, numbers=False)
_def('diff', 'a, n=1, axis=-1, prepend=None, append=None', arrays=_A, numbers=False)
_def('ediff1d', 'ary, to_end=None, to_begin=None', arrays=('ary',), loose=('to_end', 'to_begin'), numbers=False)
_def('trace', 'a, offset=0, axis1=0, axis2=1, out=None', arrays=_A, numbers=False)

# ---- element-wise, not ufuncs -------------------------------------------------------------------------
_def('clip', 'a, a_min, a_max, out=None', arrays=('a', 'a_min', 'a_max'))
_def('nan_to_num', 'x, copy=True, nan=0.0, posinf=None, neginf=None, **kwargs', arrays=('x',), numbers=False)
_def('where', 'condition, x=None, y=None', loose=('condition', 'x', 'y'))

# ---- creation -----------------------------------------------------------------------------------------
_def('zeros', "shape, dtype=None, order='C', ctx=None", ctx='ctx')
_def('ones', "shape, dtype=onp.float32, order='C', ctx=None", ctx='ctx')
_def('empty', "shape, dtype=onp.float32, order='C', ctx=None", ctx='ctx')
_def('full', "shape, fill_value, dtype=None, order='C', ctx=None, out=None", loose=('fill_value',), ctx='ctx')
for _name in ('zeros_like', 'ones_like'):
    _def(_name, "a, dtype=None, order='C', ctx=None, out=None", arrays=_A, numbers=False)
_def('full_like', "a, fill_value, dtype=None, order='C', ctx=None, out=None", arrays=_A,
     loose=('fill_value',), numbers=False)
_def('empty_like', "prototype, dtype=None, order='C', subok=False, shape=None", arrays=('prototype',),
     numbers=False)
_def('arange', 'start, stop=None, step=1, dtype=None, ctx=None', ctx='ctx')
_def('linspace', 'start, stop, num=50, endpoint=True, retstep=False, dtype=None, axis=0, ctx=None', ctx='ctx')
_def('logspace', 'start, stop, num=50, endpoint=True, base=10.0, dtype=None, axis=0, ctx=None', ctx='ctx')
_def('identity', 'n, dtype=None, ctx=None', ctx='ctx')
_def('indices', 'dimensions, dtype=onp.int32, ctx=None', ctx='ctx')
for _name in ('hanning', 'hamming', 'blackman'):
    _def(_name, 'M, dtype=onp.float32, ctx=None', ctx='ctx')
_def('copy', 'a, out=None', arrays=_A, numbers=False)
_eye = _def('_eye', 'N, M=None, k=0, dtype=onp.float32, ctx=None', 'eye', ctx='ctx')

# ---- manipulation -------------------------------------------------------------------------------------
_def('reshape', "a, newshape, order='C', out=None", arrays=_A, numbers=False)
_def('transpose', 'a, axes=None', arrays=_A, numbers=False)
_def('swapaxes', 'a, axis1, axis2', arrays=_A, numbers=False)
_def('moveaxis', 'a, source, destination', arrays=_A, numbers=False)
_def('expand_dims', 'a, axis', arrays=_A, numbers=False)
_def('squeeze', 'a, axis=None, out=None', arrays=_A, numbers=False)
_def('ravel', "x, order='C'", arrays=('x',), numbers=False)
_def('broadcast_to', 'array, shape', arrays=('array',))
_def('broadcast_arrays', '*args', sequences=('args',))
_def('concatenate', 'seq, axis=0, out=None', sequences=('seq',))
_def('stack', 'arrays, axis=0, out=None', sequences=('arrays',))
_def('vstack', 'arrays, out=None', sequences=('arrays',))
for _name in ('row_stack', 'hstack', 'dstack'):
    _def(_name, 'arrays', sequences=('arrays',))
_def('column_stack', 'tup', sequences=('tup',))
for _name in ('atleast_1d', 'atleast_2d', 'atleast_3d'):
    _def(_name, '*arys', sequences=('arys',))
for _name in ('split', 'array_split'):
    _def(_name, 'ary, indices_or_sections, axis=0', arrays=('ary',), loose=('indices_or_sections',), numbers=False)
for _name in ('hsplit', 'vsplit', 'dsplit'):
    _def(_name, 'ary, indices_or_sections', arrays=('ary',), loose=('indices_or_sections',), numbers=False)
_def('tile', 'A, reps', arrays=('A',), numbers=False)
_def('repeat', 'a, repeats, axis=None', arrays=_A, numbers=False)
_def('flip', 'm, axis=None, out=None', arrays=('m',), numbers=False)
for _name in ('fliplr', 'flipud'):
    _def(_name, 'm', arrays=('m',), numbers=False)
_def('roll', 'a, shift, axis=None', arrays=_A, numbers=False)
_def('rot90', 'm, k=1, axes=(0, 1)', arrays=('m',), numbers=False)
_def('pad', "x, pad_width=None, mode='constant', **kwargs", arrays=('x',), numbers=False, pass_kwargs=True)
_def('diag', 'array, k=0', arrays=('array',), numbers=False)
_def('diagflat', 'array, k=0', arrays=('array',), numbers=False)
_def('diagonal', 'a, offset=0, axis1=0, axis2=1', arrays=_A, numbers=False)
_def('tril', 'm, k=0', arrays=('m',), numbers=False)
_def('diag_indices_from', 'arr', arrays=('arr',), numbers=False)
_def('take', "a, indices, axis=None, mode='raise', out=None", arrays=('a', 'indices'), numbers=False)
_def('insert', 'arr, obj, values, axis=None', arrays=('arr',), loose=('obj', 'values'), numbers=False)
_def('delete', 'arr, obj, axis=None', arrays=('arr',), loose=('obj',), numbers=False)
_def('append', 'arr, values, axis=None', arrays=('arr', 'values'), numbers=False)
_def('resize', 'a, new_shape', arrays=_A, numbers=False)
_def('unravel_index', "indices, shape, order='C'", loose=('indices',))
_def('meshgrid', '*xi, **kwargs', sequences=('xi',), pass_kwargs=True)
for _name in ('shares_memory', 'may_share_memory'):
    _def(_name, 'a, b, max_work=None', arrays=('a', 'b'), numbers=False)

# ---- products -----------------------------------------------------------------------------------------
_def('dot', 'a, b, out=None', arrays=('a', 'b'))
for _name in ('vdot', 'inner', 'outer'):
    _def(_name, 'a, b', arrays=('a', 'b'))
_def('tensordot', 'a, b, axes=2', arrays=('a', 'b'))
_def('polyval', 'p, x', arrays=('p', 'x'))


# ---- written out --------------------------------------------------------------------------------------
def eye(N, M=None, k=0, dtype=onp.float32, **kwargs):
    """The N x M array with ones on the k-th diagonal (``ctx=`` a context)."""
    ctx = kwargs.pop('ctx', None)
    if kwargs:
        raise TypeError('eye() got an unexpected keyword argument {!r}'.format(next(iter(kwargs))))
    return _eye(N, M, k, dtype, ctx)


def einsum(*operands, **kwargs):
    """Einstein summation: ``einsum(subscripts, *arrays, out=None, optimize=False)``."""
    out = kwargs.pop('out', None)
    if not operands or not isinstance(operands[0], str):
        raise TypeError('einsum: the first argument must be a subscripts string')
    tensors = NumpyArrayOperand.read_sequence(list(operands[1:]), 'operands', 'einsum')
    try:
        result = _EINSUM(operands[0], *tensors, **kwargs)
    except RuntimeError as e:
        raise MXNetError('einsum: {}'.format(e)) from None
    if out is not None:
        return write_out(result, out, 'einsum')
    if not result.requires_grad and _flags.recording_into is not None:
        # integer operands that are variables: the gradient through their shadows (see _shadow.py)
        _shadow.shade(result, lambda *ts: _EINSUM(operands[0], *ts, **kwargs), tensors)
    return wrap(result, label_of(operands[1:]))


def shape(a):
    """The shape of an array, a tuple."""
    return tuple(a.shape) if hasattr(a, 'shape') else onp.shape(a)


_FUNCTIONS.update(eye=eye, einsum=einsum, shape=shape)
_FUNCTIONS.pop('_eye')
globals().update(_FUNCTIONS)
__all__ = sorted(_FUNCTIONS)
multiarray.bind(**{k: v for k, v in _FUNCTIONS.items()})


# ---- the ndarray methods that are these functions with the method's signature -------------------------
# compiled like the functions (x.sum(axis=1) calls the implementation directly, not through np.sum)
_REDUCE = 'self, axis=None, dtype=None, out=None, keepdims=False'
_METHODS = {
    'dot': ('self, b, out=None', ('self', 'b'), True),
    'sum': (_REDUCE, (), False), 'prod': (_REDUCE, (), False), 'mean': (_REDUCE, (), False),
    'std': ('self, axis=None, dtype=None, out=None, ddof=0, keepdims=False', (), False),
    'var': ('self, axis=None, dtype=None, out=None, ddof=0, keepdims=False', (), False),
    'max': ('self, axis=None, out=None, keepdims=False', (), False),
    'min': ('self, axis=None, out=None, keepdims=False', (), False),
    'all': ('self, axis=None, out=None, keepdims=False', (), False),
    'any': ('self, axis=None, out=None, keepdims=False', (), False),
    'argmax': ('self, axis=None, out=None', (), False), 'argmin': ('self, axis=None, out=None', (), False),
    'argsort': ('self, axis=-1, kind=None, order=None', (), False),
    'cumsum': ('self, axis=None, dtype=None, out=None', (), False),
    'squeeze': ('self, axis=None', (), False),
    'repeat': ('self, repeats, axis=None', (), False),
    'swapaxes': ('self, axis1, axis2', (), False),
    'take': ("self, indices, axis=None, mode='raise'", ('self', 'indices'), False),
}
for _name, (_signature, _arrays, _numbers) in _METHODS.items():
    _method = define(_name, _signature, _FUNCTIONS[_name].__wrapped_impl__, arrays=_arrays or ('self',),
                     numbers=_numbers, defaults=_DEFAULTS)
    _method.__qualname__ = 'ndarray.' + _name
    setattr(multiarray.ndarray, _name, _method)
del _name, _signature, _arrays, _numbers, _method
