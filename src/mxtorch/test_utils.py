"""Tools for testing (mx.test_utils): comparing arrays with MXNet's tolerances, random test data,
finite-difference gradient checks, checks of Symbols, environment helpers.

The functions follow MXNet 1.9.1's ``mxnet.test_utils``. `check_numeric_gradient` and `check_consistency`
take a Symbol, as MXNet's do, or a Python function of NDArrays (mxtorch's extension). Random sparse arrays
(csr, row_sparse) come from `rand_sparse_ndarray`, `rand_ndarray(stype=...)` and `create_sparse_array*`.

Like MXNet's module this one has no ``__all__``: ``from mxnet.test_utils import *`` also brings ``mx``,
``np``, ``array``, ``os`` and the like, which MXNet's own test files rely on.
"""
import bz2
import functools
import gzip
import json
import numbers
import os
import platform
import shutil
import struct
import sys
import time
import traceback
import zipfile
from collections import OrderedDict  # noqa: F401  (MXNet's module exports it through `import *`)
from contextlib import contextmanager, redirect_stderr

import numpy as np
import numpy.random as rnd
import numpy.testing as npt

import mxtorch as mx
from . import context as _context
from .base import MXNetError
from .context import Context, current_context
from .ndarray import NDArray, array  # noqa: F401  (array: exported through `import *`, as in MXNet)
from .runtime import Features
from .symbol import Symbol
from .util import use_np, getenv, setenv, get_cuda_compute_capability  # noqa: F401

_NO_SPARSE = ('mxtorch has no sparse storage (csr, row_sparse); only dense (stype "default") NDArrays '
              'exist')


# ---- contexts and dtypes -----------------------------------------------------------------------------
def default_context():
    """The context tests run on: the current default context (``cpu(0)`` unless changed)."""
    return current_context()


def set_default_context(ctx):
    """Makes `ctx` the default context of this thread (what `default_context` and array creation use)."""
    if not isinstance(ctx, Context):
        raise TypeError('set_default_context expects a Context such as mx.cpu() or mx.gpu(0), got {!r}'
                        .format(ctx))
    _context._default.value = ctx


def default_dtype():
    """The default dtype of test data: numpy.float32."""
    return np.float32


def _per_dtype(floats, integer=0):
    table = {np.dtype(name): value for name, value in floats.items()}
    for name in ('bool', 'int8', 'uint8', 'int16', 'uint16', 'int32', 'uint32', 'int64', 'uint64'):
        table[np.dtype(name)] = integer
    return table


def default_rtols():
    """Default relative tolerance of comparisons, per dtype (0 for integer and bool data)."""
    return _per_dtype({'float16': 1e-2, 'float32': 1e-4, 'float64': 1e-5})


def default_atols():
    """Default absolute tolerance of comparisons, per dtype (0 for integer and bool data)."""
    return _per_dtype({'float16': 1e-1, 'float32': 1e-3, 'float64': 1e-20})


def default_numeric_eps():
    """Default step of finite differences, per float dtype (powers of two, exact in binary)."""
    return {np.dtype(np.float16): 1.0 / 2 ** 6,
            np.dtype(np.float32): 1.0 / 2 ** 9,
            np.dtype(np.float64): 1.0 / 2 ** 14}


def _tf32_in_use(ctx):
    """Whether float32 matrix products and convolutions on `ctx` may run in TF32 (Ampere or newer GPU,
    torch allowing TF32, NVIDIA_TF32_OVERRIDE not '0')."""
    if ctx is None or getattr(ctx, 'device_type', None) != 'gpu':
        return False
    if os.environ.get('NVIDIA_TF32_OVERRIDE') == '0':
        return False
    try:
        import torch
        if not (torch.backends.cuda.matmul.allow_tf32 or torch.backends.cudnn.allow_tf32):
            return False
        return get_cuda_compute_capability(ctx) >= 80
    except Exception:  # no usable GPU behind the context: no TF32 either
        return False


def effective_dtype(dat):
    """The dtype whose tolerances fit comparisons of `dat` (a numpy array or NDArray).

    That is `dat`'s dtype, except float32 data on a GPU that computes float32 products in TF32
    (compute capability 8.0 or newer), whose precision is comparable to float16."""
    dtype = np.dtype(dat.dtype)
    if dtype == np.dtype(np.float32) and _tf32_in_use(getattr(dat, 'ctx', None)):
        return np.dtype(np.float16)
    return dtype


def get_tolerance(dat, tol, default_tol):
    """The tolerance for comparing `dat`: `tol` itself when it is a number; otherwise the entry for the
    effective dtype of `dat` in the dict `tol`, or else in `default_tol`."""
    if isinstance(tol, numbers.Number):
        return tol
    kind = effective_dtype(dat)
    for table in (tol or {}, default_tol):
        if kind in table:
            return table[kind]
    raise TypeError('no default tolerance for dtype {}; pass rtol and atol explicitly'.format(kind))


def _with_dtype(x):
    """x, or a numpy array of it when it has no dtype (numbers, lists)."""
    return x if hasattr(x, 'dtype') else np.asarray(x)


def get_tols(x, y, rtol, atol):
    """(rtol, atol) for comparing `x` and `y`: the given ones, or the larger of the two data's defaults."""
    x, y = _with_dtype(x), _with_dtype(y)
    rtol = max(get_tolerance(x, rtol, default_rtols()), get_tolerance(y, rtol, default_rtols()))
    atol = max(get_tolerance(x, atol, default_atols()), get_tolerance(y, atol, default_atols()))
    return rtol, atol


def get_atol(atol=None, dtype=np.dtype(np.float64)):
    """`atol`, or the default absolute tolerance of `dtype` (float64 unless given)."""
    return default_atols()[np.dtype(dtype)] if atol is None else atol


def get_rtol(rtol=None, dtype=np.dtype(np.float64)):
    """`rtol`, or the default relative tolerance of `dtype` (float64 unless given)."""
    return default_rtols()[np.dtype(dtype)] if rtol is None else rtol


def get_etol(etol=None):
    """`etol`, or the default tolerated error rate (0)."""
    return 0 if etol is None else etol


# ---- random test data --------------------------------------------------------------------------------
def random_arrays(*shapes):
    """Random float32 numpy arrays of standard normal values, one per shape (the array itself when one
    shape is given)."""
    arrays = [np.array(np.random.randn(), dtype=default_dtype()) if len(s) == 0
              else np.random.randn(*s).astype(default_dtype()) for s in shapes]
    return arrays[0] if len(arrays) == 1 else arrays


def random_uniform_arrays(*shapes, low=0.0, high=1.0, dtype=None):
    """Random numpy arrays uniform in [low, high), one per shape, of `dtype` (float32 by default)."""
    dtype = default_dtype() if dtype is None else dtype
    return [np.random.uniform(low, high, size=s).astype(dtype) for s in shapes]


def random_sample(population, k):
    """`k` elements of the sequence `population`, chosen at random without replacement."""
    if not 0 <= k <= len(population):
        raise ValueError('random_sample: k={} must be between 0 and len(population)={}'.format(
            k, len(population)))
    chosen = list(population)
    np.random.shuffle(chosen)
    return chosen[:k]


def rand_shape_2d(dim0=10, dim1=10, allow_zero_size=False):
    """A random 2-D shape with sizes up to (dim0, dim1) (from 1, or from 0 with allow_zero_size)."""
    low = 0 if allow_zero_size else 1
    return rnd.randint(low, dim0 + 1), rnd.randint(low, dim1 + 1)


def rand_shape_3d(dim0=10, dim1=10, dim2=10, allow_zero_size=False):
    """A random 3-D shape with sizes up to (dim0, dim1, dim2)."""
    low = 0 if allow_zero_size else 1
    return rnd.randint(low, dim0 + 1), rnd.randint(low, dim1 + 1), rnd.randint(low, dim2 + 1)


def rand_shape_nd(num_dim, dim=10, allow_zero_size=False):
    """A random shape of `num_dim` dimensions with sizes up to `dim`."""
    low = 0 if allow_zero_size else 1
    return tuple(rnd.randint(low, dim + 1, size=num_dim))


def rand_coord_2d(x_low, x_high, y_low, y_high):
    """A random coordinate (x, y) with x_low <= x < x_high and y_low <= y < y_high."""
    x = np.random.randint(x_low, x_high, dtype=np.int64)
    y = np.random.randint(y_low, y_high, dtype=np.int64)
    return x, y


def _check_csr_request(rows, cols, density, distribution):
    """MXNet's checks of a random csr request: the density is a fraction, both sizes positive, and a
    power-law matrix has room for at least two values a row."""
    if not 0 <= density <= 1:
        raise ValueError('density has to be between 0 and 1')
    if rows <= 0 or cols <= 0:
        raise ValueError('num_rows or num_cols should be greater than 0')
    if distribution == 'powerlaw' and int(rows * cols * density) < 2 * rows:
        raise ValueError('not supported for this density: {} for this shape ({}, {}) Please keep : '
                         'num_rows * num_cols * density >= 2 * num_rows'.format(density, rows, cols))


def shuffle_csr_column_indices(csr):
    """Shuffles, in place, the column indices inside every row of the scipy csr matrix `csr` (a csr
    matrix need not keep its column indices sorted; this makes test data that does not)."""
    for row in range(len(csr.indptr) - 1):
        lo, hi = csr.indptr[row], csr.indptr[row + 1]
        part = np.array(csr.indices[lo:hi])
        np.random.shuffle(part)
        csr.indices[lo:hi] = part


def _uniform_csr(rows, cols, density, dtype, data_init, shuffle_csr_indices):
    """A csr matrix with round(rows * cols * density) values at distinct random places, uniform in [0, 1)
    (or all `data_init`)."""
    _check_csr_request(rows, cols, density, 'uniform')
    try:
        import scipy.sparse as spsp
    except ImportError:
        if data_init is not None or shuffle_csr_indices:
            raise AssertionError('data_init and shuffle_csr_indices need scipy')
        values = mx.nd.random.uniform(shape=(rows, cols), dtype=dtype)
        return (values * (values < density)).tostype('csr')
    host = spsp.random(rows, cols, density=density, format='csr', dtype=dtype)
    if data_init is not None:
        host.data[:] = data_init
    if shuffle_csr_indices:
        shuffle_csr_column_indices(host)
    return mx.nd.sparse.csr_matrix((host.data, host.indices, host.indptr), shape=(rows, cols), dtype=dtype)


def _powerlaw_csr(rows, cols, density, dtype):
    """A csr matrix of int(rows * cols * density) values, in [1.001, 3): first one at column 0 of every
    row, then row r gets columns 1 .. 2**(r+1) - 1 (capped at the width; a row that would reach the
    width is filled whole) until the values are used up."""
    _check_csr_request(rows, cols, density, 'powerlaw')
    left = int(rows * cols * density)
    dense = np.zeros((rows, cols), dtype=dtype)

    def draw():
        return 1 + rnd.uniform(0.001, 2)

    def done():
        return mx.nd.array(dense).tostype('csr')

    for row in range(rows):
        dense[row, 0] = draw()
        left -= 1
        if left <= 0:
            return done()
    width = 2
    for row in range(rows):
        limit = min(cols, width)
        if limit == cols and left > limit:
            dense[row, :] = draw()
            left -= limit - 1
            if left <= 0:
                return done()
            continue
        for col in range(1, limit):
            dense[row, col] = draw()
            left -= 1
            if left <= 0:
                return done()
        width *= 2
    if left > 0:
        raise ValueError('not supported for this density: {} for this shape ({},{})'.format(density, rows, cols))
    return done()


def rand_sparse_ndarray(shape, stype, density=None, dtype=None, distribution=None, data_init=None,
                        rsp_indices=None, modifier_func=None, shuffle_csr_indices=False, ctx=None):
    """A random sparse array and its parts, as MXNet's test helper makes them.

    Parameters
    ----------
    shape : tuple
    stype : 'csr' or 'row_sparse'
    density : float, optional
        The fraction of stored values (csr) or rows (row_sparse); random in [0, 1) when None.
    dtype : optional
        float32 when None.
    distribution : 'uniform' (default) or 'powerlaw' (csr only: row r holds about twice the values of
        row r - 1).
    data_init : number, optional
        A value every stored element gets instead of a random one.
    rsp_indices : sequence of int, optional
        The rows a row_sparse array stores (instead of rows chosen with probability `density`).
    modifier_func : function, optional
        Applied to every stored value of a row_sparse array.
    shuffle_csr_indices : bool
        Shuffle the column indices inside each row of a uniform csr array.
    ctx : Context, optional

    Returns
    -------
    ``(array, (data, indices))`` for row_sparse (numpy arrays of the stored rows and their indices) and
    ``(array, (indptr, indices, data))`` for csr (NDArrays).
    """
    if not ctx:
        ctx = default_context()
    if density is None:
        density = rnd.rand()
    if dtype is None:
        dtype = default_dtype()
    if distribution is None:
        distribution = 'uniform'
    if stype == 'row_sparse':
        if distribution != 'uniform':
            raise AssertionError('Distribution {} not supported for row_sparse'.format(distribution))
        if rsp_indices is not None:
            rows = rsp_indices
            if len(rows) > shape[0]:
                raise AssertionError('rsp_indices: {} rows for an array of {}'.format(len(rows), shape[0]))
        else:
            rows = np.argwhere(rnd.rand(shape[0]) < density).flatten()
        if rows.shape[0] == 0:
            empty = mx.nd.zeros(shape, stype='row_sparse', dtype=dtype, ctx=ctx)
            return empty, (np.array([], dtype=dtype), np.array([]))
        values = rnd.rand(rows.shape[0], *shape[1:]).astype(dtype)
        if data_init is not None:
            values.fill(data_init)
        if modifier_func is not None:
            values = assign_each(values, modifier_func)
        made = mx.nd.sparse.row_sparse_array((values, rows), shape=shape, dtype=dtype, ctx=ctx)
        return made, (values, rows)
    if stype == 'csr':
        if len(shape) != 2:
            raise AssertionError('a csr array is 2-D, got shape {}'.format(shape))
        if distribution == 'uniform':
            made = _uniform_csr(shape[0], shape[1], density, dtype, data_init, shuffle_csr_indices)
        elif distribution == 'powerlaw':
            made = _powerlaw_csr(shape[0], shape[1], density, dtype)
        else:
            raise AssertionError('Distribution not supported: {}'.format(distribution))
        made = made.as_in_context(ctx)
        return made, (made.indptr, made.indices, made.data)
    raise AssertionError('unknown storage type')


def rand_ndarray(shape, stype='default', density=None, dtype=None, modifier_func=None,
                 shuffle_csr_indices=False, distribution=None, ctx=None):
    """A random array of storage type `stype` on `ctx`: dense standard normal values (float32 unless
    `dtype` says otherwise), or a sparse array as `rand_sparse_ndarray` makes it."""
    ctx = ctx if ctx else default_context()
    if stype == 'default':
        return array(random_arrays(shape), dtype=dtype, ctx=ctx)
    made, _ = rand_sparse_ndarray(shape, stype, density=density, modifier_func=modifier_func, dtype=dtype,
                                  shuffle_csr_indices=shuffle_csr_indices, distribution=distribution, ctx=ctx)
    return made


def create_sparse_array(shape, stype, data_init=None, rsp_indices=None, dtype=None, modifier_func=None,
                        density=.5, shuffle_csr_indices=False):
    """A random sparse array (see `rand_sparse_ndarray`); a row_sparse array's `rsp_indices` are sorted
    first, so that its indices are canonical."""
    if stype == 'row_sparse':
        rows = None
        if rsp_indices is not None:
            rows = np.sort(np.asarray(rsp_indices))
        made, _ = rand_sparse_ndarray(shape, stype, density=density, data_init=data_init, rsp_indices=rows,
                                      dtype=dtype, modifier_func=modifier_func)
        return made
    if stype == 'csr':
        made, _ = rand_sparse_ndarray(shape, stype, density=density, data_init=data_init, dtype=dtype,
                                      modifier_func=modifier_func, shuffle_csr_indices=shuffle_csr_indices)
        return made
    raise AssertionError('Unknown storage type: ' + stype)


def create_sparse_array_zd(shape, stype, density, data_init=None, rsp_indices=None, dtype=None,
                           modifier_func=None, shuffle_csr_indices=False):
    """`create_sparse_array` where a row_sparse array stores exactly the rows of `rsp_indices` (none when
    it is None): its density is not used."""
    if stype == 'row_sparse':
        density = 0.0
        if rsp_indices is not None and len(rsp_indices) > shape[0]:
            raise AssertionError('rsp_indices: {} rows for an array of {}'.format(len(rsp_indices), shape[0]))
    return create_sparse_array(shape, stype, data_init=data_init, rsp_indices=rsp_indices, dtype=dtype,
                               modifier_func=modifier_func, density=density,
                               shuffle_csr_indices=shuffle_csr_indices)


def assign_each(the_input, function):
    """A float64 numpy array holding ``function(x)`` for each element x of `the_input` (a copy of the
    input when `function` is None)."""
    if function is None:
        return np.array(the_input)
    values = np.asarray(the_input)
    return np.array([function(v) for v in values.reshape(-1)], dtype=np.float64).reshape(values.shape)


def assign_each2(input1, input2, function):
    """A float64 numpy array holding ``function(x, y)`` for each pair of elements of `input1` and `input2`
    (a copy of `input1` when `function` is None)."""
    if function is None:
        return np.array(input1)
    a, b = np.asarray(input1), np.asarray(input2)
    if a.shape != b.shape:
        raise ValueError('assign_each2: shapes {} and {} differ'.format(a.shape, b.shape))
    return np.array([function(x, y) for x, y in zip(a.reshape(-1), b.reshape(-1))],
                    dtype=np.float64).reshape(a.shape)


def create_2d_tensor(rows, columns, dtype=np.int64):
    """A rows x columns NDArray whose row i holds the value i."""
    a = mx.nd.arange(0, rows, dtype=dtype).reshape(rows, 1)
    return mx.nd.broadcast_to(a, shape=(rows, columns))


def create_vector(size, dtype=np.int64):
    """The NDArray [0, 1, ..., size-1]."""
    return mx.nd.arange(0, size, dtype=dtype)


def get_identity_mat(size):
    """A size x size float32 identity NDArray."""
    return mx.nd.eye(size)


def get_identity_mat_batch(size):
    """Two size x size identity matrices stacked: shape (2, size, size)."""
    eye = np.eye(size, dtype=np.float32)
    return array(np.stack([eye, eye]))


def np_reduce(dat, axis, keepdims, numpy_reduce_func):
    """Reduces numpy array `dat` with `numpy_reduce_func` (e.g. ``np.sum``) over `axis` (None, an int or
    a sequence of ints), one axis at a time, keeping the reduced axes as size 1 when `keepdims`."""
    if isinstance(axis, int):
        axes = [axis]
    else:
        axes = list(axis) if axis is not None else list(range(len(dat.shape)))
    ret = dat
    for i in sorted(axes, reverse=True):
        ret = numpy_reduce_func(ret, axis=i)
    if keepdims:
        kept = list(dat.shape)
        for i in axes:
            kept[i] = 1
        ret = ret.reshape(tuple(kept))
    return ret


def collapse_sum_like(a, shape):
    """Sums numpy array `a` over the axes that `shape` lacks or has as 1, giving an array of `shape`
    (`shape` must broadcast to ``a.shape``)."""
    if len(a.shape) < len(shape):
        raise ValueError('collapse_sum_like: shape {} has more dimensions than the array {}'.format(
            shape, a.shape))
    if np.prod(shape) == 0 or a.size == 0:
        return np.zeros(shape, dtype=a.dtype)
    lead = len(a.shape) - len(shape)
    axes = list(range(lead))
    for i, s in enumerate(shape):
        if s != a.shape[lead + i]:
            if s != 1:
                raise ValueError('collapse_sum_like: shape {} does not broadcast to {}'.format(shape, a.shape))
            axes.append(lead + i)
    return np.sum(a, axis=tuple(axes)).reshape(shape)


# ---- comparisons --------------------------------------------------------------------------------------
def _numpy(x):
    return x.asnumpy() if isinstance(x, NDArray) else x


def same(a, b):
    """Whether arrays `a` and `b` (numpy or NDArray) have the same shape and elements."""
    return np.array_equal(_numpy(a), _numpy(b))


def same_array(array1, array2):
    """Whether NDArrays `array1` and `array2` share memory: a change written to one shows in the other
    (the change is undone before returning)."""
    array1[:] += 1
    follows = same(array1.asnumpy(), array2.asnumpy())
    array1[:] -= 1
    return follows and same(array1.asnumpy(), array2.asnumpy())


def checkShapes(a, b):
    """Raises AssertionError unless `a` and `b` have the same shape."""
    if a.shape != b.shape:
        raise AssertionError(npt.build_err_msg(
            [a, b], err_msg='a.shape = {} and b.shape = {} are not equal'.format(a.shape, b.shape)))


def almost_equal(a, b, rtol=None, atol=None, equal_nan=False, use_broadcast=True):
    """Whether ``|a - b| <= atol + rtol * |b|`` everywhere (numpy.allclose). The defaults are float64's
    tolerances (rtol 1e-5, atol 1e-20), whatever the data's dtype."""
    a, b = _numpy(a), _numpy(b)
    if not use_broadcast:
        checkShapes(np.asarray(a), np.asarray(b))
    return bool(np.allclose(a, b, rtol=get_rtol(rtol), atol=get_atol(atol), equal_nan=equal_nan))


def _violations(a, b, rtol, atol, equal_nan):
    """Per element, how many times over the tolerance |a - b| is (0 where close; inf for a NaN
    mismatch), broadcast to a common shape."""
    a, b = np.broadcast_arrays(np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64))
    close = np.isclose(a, b, rtol=rtol, atol=atol, equal_nan=equal_nan)
    with np.errstate(invalid='ignore', over='ignore'):
        diff = np.where(a == b, 0.0, np.abs(a - b))  # equal infinities are no error
        ratio = diff / (atol + rtol * np.abs(b) + 1e-20)
    ratio = np.where(close, 0.0, np.where(np.isnan(ratio), np.inf, ratio))
    return a, b, ratio


def locationError(a, b, index, names, maxError=False):
    """A line naming the position `index` and the values of `a` and `b` there."""
    return 'Location of {}error: {}, {}={:.8f}, {}={:.8f}'.format(
        'maximum ' if maxError else '', index, names[0], a[index], names[1], b[index])


def _position(flat_index, shape):
    return tuple(int(i) for i in np.unravel_index(flat_index, shape))


def _mismatch_message(a, b, rtol, atol, names, equal_nan, mismatches):
    a64, b64, ratio = _violations(a, b, rtol, atol, equal_nan)
    bad = int(np.count_nonzero(ratio))
    worst = np.argsort(ratio, axis=None)[::-1][:max(bad, 1)]
    first = _position(worst[0], ratio.shape)
    lines = ['Error {:f} exceeds tolerance rtol={:e}, atol={:e} (mismatch {:f}%).'.format(
        ratio[first], rtol, atol, 100.0 * bad / max(ratio.size, 1)),
        locationError(a64, b64, first, names, maxError=True)]
    shown = worst[:mismatches[0]] if mismatches[0] > 0 else worst[:0]
    for k, flat in enumerate(shown[1:], 2):
        idx = _position(flat, ratio.shape)
        lines.append('{:3d}: Error {:f}  {}'.format(k, ratio[idx], locationError(a64, b64, idx, names)))
    with np.printoptions(threshold=4, suppress=True):
        return npt.build_err_msg([a, b], err_msg='\n'.join(lines), names=names)


def assert_almost_equal(a, b, rtol=None, atol=None, names=('a', 'b'), equal_nan=False,
                        use_broadcast=True, mismatches=(10, 10)):
    """Asserts that arrays `a` and `b` (numpy arrays, NDArrays or numbers) are close:
    ``|a - b| <= atol + rtol * |b|`` element-wise.

    Parameters
    ----------
    a, b : numpy.ndarray or NDArray
    rtol, atol : None, float or dict of dtype -> float
        The relative and absolute tolerances. ``None`` takes, for each of `a` and `b`, the default of its
        dtype (float16: 1e-2/1e-1, float32: 1e-4/1e-3, float64: 1e-5/1e-20, integers: exact) and uses
        the larger of the two.
    names : (str, str)
        Names of `a` and `b` in the error message.
    equal_nan : bool
        Whether NaNs at the same place count as equal.
    use_broadcast : bool
        Whether `a` and `b` may differ in shape as long as they broadcast; if False the shapes must match.
    mismatches : (int, int)
        How many of the worst mismatches the error message lists (the first number).

    Raises
    ------
    AssertionError
        Naming the largest error, where it is, how much of the data mismatches and both arrays.
    """
    if not use_broadcast:
        checkShapes(_with_dtype(a), _with_dtype(b))
    rtol, atol = get_tols(a, b, rtol, atol)
    a, b = _numpy(a), _numpy(b)
    if getattr(a, 'dtype', None) == np.bool_ and getattr(b, 'dtype', None) == np.bool_:
        np.testing.assert_equal(a, b)
        return
    if np.allclose(a, b, rtol=rtol, atol=atol, equal_nan=equal_nan):
        return
    raise AssertionError(_mismatch_message(np.asarray(a), np.asarray(b), rtol, atol, names, equal_nan,
                                           mismatches))


def assert_allclose(a, b, rtol=1e-07, atol=0, equal_nan=True):
    """`assert_almost_equal` with numpy.testing.assert_allclose's defaults (rtol 1e-7, atol 0, NaNs
    equal)."""
    assert_almost_equal(a, b, rtol=rtol, atol=atol, equal_nan=equal_nan)


def assert_almost_equal_with_err(a, b, rtol=None, atol=None, etol=None, names=('a', 'b'),
                                 equal_nan=False, mismatches=(10, 10)):
    """Like `assert_almost_equal`, but passes while the fraction of elements that are not close stays
    at most `etol` (an error rate in [0, 1]; 0 or None: every element must be close)."""
    etol = get_etol(etol)
    if etol <= 0:
        assert_almost_equal(a, b, rtol=rtol, atol=atol, names=names, equal_nan=equal_nan,
                            mismatches=mismatches)
        return
    rtol, atol = get_tols(a, b, rtol, atol)
    a, b = np.asarray(_numpy(a)), np.asarray(_numpy(b))
    close = np.isclose(a, b, rtol=rtol, atol=atol, equal_nan=equal_nan)
    error_rate = 1 - np.count_nonzero(close) / close.size
    if error_rate > etol:
        raise AssertionError(_mismatch_message(a, b, rtol, atol, names, equal_nan, mismatches))


def assert_almost_equal_ignore_nan(a, b, rtol=None, atol=None, names=('a', 'b')):
    """`assert_almost_equal` of copies of `a` and `b` in which every place that is NaN in either array
    holds 0 in both."""
    a, b = np.copy(_numpy(a)), np.copy(_numpy(b))
    unknown = np.isnan(a) | np.isnan(b)
    for side in (a, b):
        side[unknown] = 0
    assert_almost_equal(a, b, rtol, atol, names)


def assert_exception(f, exception_type, *args, **kwargs):
    """Asserts that ``f(*args, **kwargs)`` raises `exception_type` (any other exception propagates)."""
    raised = False
    try:
        f(*args, **kwargs)
    except exception_type:
        raised = True
    if not raised:
        raise AssertionError('{} did not raise {}'.format(
            getattr(f, '__name__', repr(f)), getattr(exception_type, '__name__', exception_type)))


def compare_ndarray_tuple(t1, t2, rtol=None, atol=None):
    """Asserts that two arrays, or two (nested) tuples of arrays, are almost equal; a None on either
    side is not compared."""
    if t1 is None or t2 is None:
        return
    if not isinstance(t1, tuple):
        assert_almost_equal(t1, t2, rtol=rtol, atol=atol)
        return
    for left, right in zip(t1, t2):
        compare_ndarray_tuple(left, right, rtol, atol)


def _sparse_draw(shape, stype, density, dtype, ctx):
    """Uniform [0, 1) values of `shape` in storage `stype`, keeping a `density` part (random when None)
    of the rows (row_sparse) or elements (csr)."""
    values = np.random.uniform(size=shape)
    keep = np.random.uniform() if density is None else density
    if stype == 'row_sparse':
        values[np.random.uniform(size=shape[0]) >= keep] = 0
    else:
        values[np.random.uniform(size=shape) >= keep] = 0
    return mx.nd.array(values, ctx=ctx, dtype=dtype).tostype(stype)


def compare_optimizer(opt1, opt2, shape, dtype, w_stype='default', g_stype='default',
                      rtol=1e-4, atol=1e-5, compare_states=True, ntensors=1):
    """Asserts that optimizers `opt1` and `opt2` make the same states and the same update of random
    weights of `shape` and `dtype` (uniform in [0, 1), with gradients drawn the same way).

    With a list of shapes, `opt2` updates the first `ntensors` weights in one multi-tensor call and
    `opt1` one at a time."""
    if not {w_stype, g_stype} <= {'default', 'row_sparse', 'csr'}:
        raise Exception("type not supported yet")   # MXNet's words and exception class
    ctx = default_context()

    def draw(s):
        return mx.nd.random.uniform(shape=s, ctx=ctx, dtype=dtype)

    if isinstance(shape, list):
        drawn = [(draw(s), draw(s)) for s in shape]     # weight and gradient of each shape, in turn
        ws1, gs1 = tuple(w for w, _ in drawn), tuple(g for _, g in drawn)
        ws2, gs2 = tuple(w.copy() for w in ws1), tuple(g.copy() for g in gs1)
        together = [opt2.create_state_multi_precision(0, ws2[i]) for i in range(ntensors)]
        opt2.update_multi_precision(list(range(ntensors)), ws2, gs2, together)
        for i in range(ntensors):
            alone = opt1.create_state_multi_precision(i, ws1[i])
            opt1.update_multi_precision(i, ws1[i], gs1[i], alone)
            if compare_states:
                compare_ndarray_tuple(alone, together[i], rtol, atol)
            compare_ndarray_tuple(ws1[i], ws2[i], rtol, atol)
        return
    if ntensors != 1:
        raise AssertionError('compare_optimizer: ntensors={} needs a list of shapes'.format(ntensors))
    # opt2 gets arrays of the storage types asked for, opt1 their dense values: a sparse weight stores
    # every row (density 1), a sparse gradient a random part of its rows (or elements, for csr)
    w2 = draw(shape) if w_stype == 'default' else _sparse_draw(shape, w_stype, 1.0, dtype, ctx)
    g2 = draw(shape) if g_stype == 'default' else _sparse_draw(shape, g_stype, None, dtype, ctx)
    w1, g1 = w2.copyto(ctx).tostype('default'), g2.copyto(ctx).tostype('default')
    states = [opt.create_state_multi_precision(0, w) for opt, w in ((opt1, w1), (opt2, w2))]
    if compare_states:
        compare_ndarray_tuple(*states)
    for opt, w, g, state in zip((opt1, opt2), (w1, w2), (g1, g2), states):
        opt.update_multi_precision(0, w, g, state)
    if compare_states:
        compare_ndarray_tuple(*states, rtol=rtol, atol=atol)
    assert_almost_equal(w1, w2, rtol=rtol, atol=atol)


# ---- gradients and consistency ----------------------------------------------------------------------
# The checkers take a Symbol, as MXNet's do, or (an mxtorch extension) a Python function of NDArrays.
_FLOAT_TYPES = (np.float16, np.float32, np.float64)
_LOCATION_MISMATCH = ('Symbol arguments and keys of the given location do not match.'
                      'symbol args:%s, location.keys():%s')
_AUX_MISMATCH = ('Symbol aux_states names and given aux_states do not match.'
                 'symbol aux_names:%s, aux_states.keys:%s')


def _is_symbols(obj):
    """Whether `obj` is a Symbol or a non-empty list/tuple of Symbols."""
    if isinstance(obj, Symbol):
        return True
    return isinstance(obj, (list, tuple)) and bool(obj) and all(isinstance(s, Symbol) for s in obj)


def _check_dtype(dtype, caller, asnumpy=False):
    """MXNet's AssertionError unless `dtype` is float16/32/64 (or 'asnumpy' where allowed)."""
    if asnumpy and _keeps_dtype(dtype):
        return
    if dtype not in _FLOAT_TYPES:
        raise AssertionError('{}: dtype must be np.float16, np.float32 or np.float64{}, got {!r}'.format(
            caller, " or 'asnumpy'" if asnumpy else '', dtype))


def _keeps_dtype(dtype):
    return isinstance(dtype, str) and dtype == 'asnumpy'


def _nd_like(value, ctx, dtype):
    """`value` as an NDArray on `ctx`, of `dtype` or, for 'asnumpy', of the value's own dtype."""
    return array(value, ctx=ctx, dtype=value.dtype if _keeps_dtype(dtype) else dtype)


def _named(names, given, what, mismatch):
    """{name: value}, sorted by name, from a list in the order of `names` or a dict holding exactly them."""
    if isinstance(given, dict):
        if set(given) != set(names):
            raise ValueError(mismatch % (str(set(names)), str(set(given.keys()))))
        pairs = given.items()
    elif isinstance(given, (list, tuple)):
        pairs = zip(names, given)
    else:
        raise AssertionError('{} must be a list, tuple or dict of arrays, got {}'.format(what, type(given).__name__))
    return dict(sorted(pairs, key=lambda pair: pair[0]))


def _argument_arrays(sym, location, ctx, dtype):
    """The arguments of `sym` at `location`: numpy arrays become NDArrays on `ctx`, NDArrays stay."""
    values = _named(sym.list_arguments(), location, 'location', _LOCATION_MISMATCH)
    return {k: _nd_like(v, ctx, dtype) if isinstance(v, np.ndarray) else v for k, v in values.items()}


def _aux_arrays(sym, aux_states, ctx, dtype):
    """New NDArrays on `ctx` for the auxiliary states of `sym` (None when none are given)."""
    if aux_states is None:
        return None
    values = _named(sym.list_auxiliary_states(), aux_states, 'aux_states', _AUX_MISMATCH)
    return {k: _nd_like(v, ctx, dtype) for k, v in values.items()}


def _report(check, message, raise_on_err):
    """Runs `check`; on AssertionError prints `message` and the traceback, then re-raises it or (with
    raise_on_err False) prints it and goes on."""
    try:
        check()
    except AssertionError as e:
        print(message)
        traceback.print_exc()
        if raise_on_err:
            raise
        print(str(e))


def _least_precise(*dtypes):
    return min((np.dtype(d) for d in dtypes), key=lambda d: d.itemsize)


def simple_forward(sym, ctx=None, is_train=False, **inputs):
    """Runs `sym` once on numpy arrays given by argument name (made float32 NDArrays) and returns its
    output as a numpy array, or a list of them when it has several outputs."""
    ctx = ctx or default_context()
    exe = sym.bind(ctx, args={k: array(v, ctx=ctx) for k, v in inputs.items()})
    exe.forward(is_train=is_train)
    results = [o.asnumpy() for o in exe.outputs]
    return results[0] if len(results) == 1 else results


def numeric_grad(executor, location, aux_states=None, eps=1e-4, use_forward_train=True,
                 dtype=default_dtype()):
    """Central finite differences, element by element with step `eps`, of the sum of `executor`'s first
    output with respect to each floating-point argument in `location` ({name: numpy array}; the other
    arguments keep the values bound). Auxiliary states given ({name: numpy array}) are written back before
    every forward pass, as training passes update them. Returns {name: gradient} as numpy arrays of
    `dtype` (zeros for integer arguments); the executor's arguments end at the values of `location`."""
    _check_dtype(dtype, 'numeric_grad')
    args, aux = executor.arg_dict, executor.aux_dict
    point = {k: np.array(v, order='C') for k, v in location.items()}
    grads = {k: np.zeros(v.shape, dtype=dtype) for k, v in point.items()}
    for k, v in point.items():
        args[k][:] = v.astype(dtype)

    def first_output():
        for name, value in (aux_states or {}).items():
            aux[name][:] = value
        executor.forward(is_train=use_forward_train)
        return executor.outputs[0].asnumpy()

    for k, v in point.items():
        if v.dtype.kind != 'f':
            continue
        flat, out = v.reshape(-1), grads[k].reshape(-1)
        for i in range(flat.size):
            centre = flat[i]
            flat[i] = centre + eps / 2.0
            args[k][:] = v.astype(dtype)
            above = first_output()
            flat[i] = centre - eps / 2.0
            args[k][:] = v.astype(dtype)
            below = first_output()
            flat[i] = centre
            out[i] = (above - below).sum() / eps
        args[k][:] = v.astype(dtype)
    return grads


def _grad_reqs_of(grad_nodes, arg_names):
    if grad_nodes is None:
        return {k: 'write' for k in arg_names}
    if isinstance(grad_nodes, (list, tuple)):
        return {k: 'write' for k in grad_nodes}
    if isinstance(grad_nodes, dict):
        return dict(grad_nodes)
    raise ValueError('grad_nodes must be None, a list or tuple of argument names, or a dict of name -> '
                     'grad_req, got {}'.format(type(grad_nodes).__name__))


def _compare_gradient(req, name, expected, got, initial, rtol, atol, names, equal_nan=False):
    """Checks gradient `got` of argument `name` under its grad_req: `expected` itself ('write'), `expected`
    added to the `initial` buffer ('add'), or the buffer untouched ('null')."""
    if req == 'write':
        assert_almost_equal(expected, got, rtol, atol, names, equal_nan=equal_nan)
    elif req == 'add':
        assert_almost_equal(expected, _numpy(got) - initial, rtol, atol, names, equal_nan=equal_nan)
    elif req == 'null':
        assert_almost_equal(initial, got, rtol, atol, names, equal_nan=equal_nan)
    else:
        raise ValueError('Invalid grad_req %s for argument %s' % (req, name))


def _symbol_numeric_gradient(sym, location, aux_states, numeric_eps, rtol, atol, grad_nodes,
                             use_forward_train, ctx, grad_stype_dict, dtype):
    _check_dtype(dtype, 'check_numeric_gradient')
    ctx = ctx or default_context()
    location = _argument_arrays(sym, location, ctx, dtype)
    point = {k: v.asnumpy() for k, v in location.items()}
    aux = _aux_arrays(sym, aux_states, ctx, dtype)
    aux_point = None if aux is None else {k: v.asnumpy() for k, v in aux.items()}
    grad_req = _grad_reqs_of(grad_nodes, sym.list_arguments())
    if grad_stype_dict is not None and not isinstance(grad_stype_dict, dict):
        raise AssertionError('grad_stype_dict must be a dict')

    # the checked function is sum(sym * proj) for a fixed random projection proj, kept away from zero so
    # that finite differences keep their precision
    _, out_shapes, _ = sym.infer_shape(**{k: v.shape for k, v in location.items()})
    proj_shape = out_shapes[0]
    loss = mx.sym.make_loss(sym * mx.sym.Variable('__random_proj'))
    location['__random_proj'] = array(np.random.rand(*proj_shape) + 0.1, ctx=ctx, dtype=dtype)
    initial = {k: np.random.normal(0, 0.01, size=location[k].shape) for k in grad_req}
    initial['__random_proj'] = np.random.normal(0, 0.01, size=proj_shape)
    buffers = {k: array(v, ctx=ctx, dtype=dtype) for k, v in initial.items()}
    for k, stype in (grad_stype_dict or {}).items():
        if k in buffers and stype in ('csr', 'row_sparse'):
            # a sparse gradient buffer starts empty: what backward leaves in it is compared
            buffers[k] = mx.nd.sparse.zeros(stype, buffers[k].shape, ctx=ctx, dtype=buffers[k].dtype)
            initial[k] = np.zeros(buffers[k].shape)
    exe = loss.bind(ctx, grad_req=grad_req, args=location, args_grad=buffers, aux_states=aux)
    exe.forward(is_train=True)
    eps = get_tolerance(exe.outputs[0], numeric_eps, default_numeric_eps())
    if dtype in (np.float16, np.float32) and eps < 1e-5:
        raise AssertionError('check_numeric_gradient: numeric_eps={} is too small for finite differences '
                             'in {}; use at least 1e-5 or dtype=np.float64'.format(eps, np.dtype(dtype).name))
    exe.backward()
    backward = exe.grad_dict
    numeric = numeric_grad(exe, point, aux_point, eps=eps, use_forward_train=use_forward_train, dtype=dtype)
    for name, req in grad_req.items():
        _compare_gradient(req, name, numeric[name], backward[name], initial[name], rtol, atol,
                          ('NUMERICAL_%s' % name, 'BACKWARD_%s' % name))


def check_symbolic_forward(sym, location, expected, rtol=None, atol=None, aux_states=None, ctx=None,
                           equal_nan=False, dtype=default_dtype()):
    """Asserts that Symbol `sym`, bound at `location` (arrays by argument, as a list in the order of
    `list_arguments` or a dict by name) and run in predict mode, gives `expected` (a list in the order of
    its outputs, or a dict by output name), within `rtol`/`atol` (`assert_almost_equal`'s defaults).

    `aux_states` (list or dict) gives the auxiliary states; `dtype` is the dtype of the NDArrays made
    from numpy inputs ('asnumpy': each array's own). Returns the executor's outputs."""
    _check_dtype(dtype, 'check_symbolic_forward', asnumpy=True)
    ctx = ctx or default_context()
    args = _argument_arrays(sym, location, ctx, dtype)
    aux = _aux_arrays(sym, aux_states, ctx, dtype)
    names = sym.list_outputs()
    if isinstance(expected, dict):
        expected = [expected[k] for k in names]
    exe = sym.bind(ctx=ctx, args=args, aux_states=aux)
    exe.forward(is_train=False)
    for name, want, got in zip(names, expected, exe.outputs):
        assert_almost_equal(want, got, rtol, atol, ('EXPECTED_%s' % name, 'FORWARD_%s' % name),
                            equal_nan=equal_nan)
    return exe.outputs


def _head_arrays(out_grads, ctx, dtype):
    def convert(g):
        return _nd_like(g, ctx, dtype) if isinstance(g, np.ndarray) else g
    if out_grads is None:
        return None
    if isinstance(out_grads, (list, tuple)):
        return [convert(g) for g in out_grads]
    if isinstance(out_grads, dict):
        return {k: convert(g) for k, g in out_grads.items()}
    raise AssertionError('out_grads must be None, a list or a dict of arrays, got {}'.format(
        type(out_grads).__name__))


def check_symbolic_backward(sym, location, out_grads, expected, rtol=None, atol=None, aux_states=None,
                            grad_req='write', ctx=None, grad_stypes=None, equal_nan=False,
                            dtype=default_dtype()):
    """Asserts that the gradients of Symbol `sym` at `location`, given head gradients `out_grads` (None,
    or a list or dict by output name), are `expected` (a list in the order of `list_arguments`, or a dict
    by argument name; only the arguments named are checked).

    The gradient buffers start as random numbers: with grad_req 'write' they must hold the gradient,
    with 'add' the gradient added to them, with 'null' they must be untouched. `grad_req` is one string,
    a list in argument order or a dict. Returns the gradient arrays by name."""
    _check_dtype(dtype, 'check_symbolic_backward', asnumpy=True)
    ctx = ctx or default_context()
    args = _argument_arrays(sym, location, ctx, dtype)
    aux = _aux_arrays(sym, aux_states, ctx, dtype)
    arg_names = sym.list_arguments()
    if isinstance(expected, (list, tuple)):
        expected = dict(zip(arg_names, expected))
    # the buffers start dirty, reproducibly: drawn in name order; a sparse one (grad_stypes) starts empty
    initial = {k: np.random.normal(size=expected[k].shape) for k in sorted(expected)}
    grads = {}
    for k, v in initial.items():
        stype = (grad_stypes or {}).get(k)
        if stype in ('csr', 'row_sparse'):
            grads[k] = create_sparse_array(v.shape, stype, density=0.0)
            initial[k] = np.zeros(v.shape)
        else:
            grads[k] = array(v, ctx=ctx, dtype=expected[k].dtype if _keeps_dtype(dtype) else dtype)
    if isinstance(grad_req, str):
        grad_req = {k: grad_req for k in arg_names}
    elif isinstance(grad_req, (list, tuple)):
        grad_req = dict(zip(arg_names, grad_req))
    exe = sym.bind(ctx=ctx, args=args, args_grad=grads, aux_states=aux, grad_req=grad_req)
    exe.forward(is_train=True)
    exe.backward(_head_arrays(out_grads, ctx, dtype))
    for name in expected:
        _compare_gradient(grad_req.get(name, 'null'), name, expected[name], grads[name], initial[name], rtol,
                          atol, ('EXPECTED_%s' % name, 'BACKWARD_%s' % name), equal_nan=equal_nan)
    return grads


def check_speed(sym, location=None, ctx=None, N=20, grad_req=None, typ="whole", **kwargs):
    """Seconds per run of Symbol `sym`, averaged over `N` runs after one warm-up: forward and backward
    (`typ` 'whole') or forward alone ('forward'). Arguments take the values of `location` ({name: numpy
    array}) or, without it, random normal values for the shapes given as keyword arguments."""
    ctx = ctx or default_context()
    grad_req = grad_req or 'write'
    if location is None:
        exe = sym.simple_bind(grad_req=grad_req, ctx=ctx, **kwargs)
        location = {k: np.random.normal(size=a.shape, scale=1.0) for k, a in exe.arg_dict.items()}
    else:
        if not isinstance(location, dict):
            raise AssertionError('Expect dict, get "location"=%s' % str(location))
        exe = sym.simple_bind(grad_req=grad_req, ctx=ctx, **{k: v.shape for k, v in location.items()})
    for name, value in location.items():
        exe.arg_dict[name][:] = value.astype(exe.arg_dict[name].dtype)
    if typ == 'whole':
        def run():
            exe.forward(is_train=True)
            exe.backward(out_grads=exe.outputs)
    elif typ == 'forward':
        def run():
            exe.forward(is_train=False)
    else:
        raise ValueError('typ can only be "whole" or "forward".')
    run()
    mx.nd.waitall()
    start = time.time()
    for _ in range(N):
        run()
    mx.nd.waitall()
    return (time.time() - start) / N


def _symbol_consistency(syms, ctx_list, scale, grad_req, arg_params, aux_params, rtol, atol, raise_on_err,
                        ground_truth, equal_nan, use_uniform, rand_type):
    if len(ctx_list) < 2:
        raise AssertionError('check_consistency needs at least two entries in ctx_list, got {}'.format(
            len(ctx_list)))
    if isinstance(syms, Symbol):
        syms = [syms] * len(ctx_list)
    elif len(syms) != len(ctx_list):
        raise AssertionError('check_consistency: {} symbols for {} ctx_list entries'.format(
            len(syms), len(ctx_list)))
    out_names, arg_names = syms[0].list_outputs(), syms[0].list_arguments()
    exes = []
    for s, entry in zip(syms, ctx_list):
        if s.list_arguments() != arg_names or s.list_outputs() != out_names:
            raise AssertionError('check_consistency: every symbol must have the arguments {} and outputs {}, '
                                 'got {} and {}'.format(arg_names, out_names, s.list_arguments(),
                                                        s.list_outputs()))
        exes.append(s.simple_bind(grad_req=grad_req, **entry))
    arg_params = {} if arg_params is None else dict(arg_params)
    aux_params = {} if aux_params is None else dict(aux_params)
    for n, a in sorted(exes[0].arg_dict.items()):  # drawn in name order, so that a seed reproduces them
        if n not in arg_params:
            if use_uniform:
                arg_params[n] = np.random.uniform(-0.92 * scale, 0.92 * scale, size=a.shape).astype(rand_type)
            else:
                arg_params[n] = np.random.normal(size=a.shape, scale=scale).astype(rand_type)
    for n in exes[0].aux_dict:
        aux_params.setdefault(n, 0)
    for exe in exes:
        for n, a in exe.arg_dict.items():
            a[:] = arg_params[n]
        for n, a in exe.aux_dict.items():
            a[:] = aux_params[n]
        if grad_req == 'add':
            for g in exe.grad_arrays:
                if g is not None:
                    g[:] = 0

    # the reference: the first executor whose first output has the most precise dtype
    dtypes = [np.dtype(exe.outputs[0].dtype) for exe in exes]
    ref = int(np.argmax(dtypes))
    gt = ground_truth
    if gt is None:
        gt = dict(zip(out_names, exes[ref].outputs))
        if grad_req != 'null':
            gt.update(zip(arg_names, exes[ref].grad_arrays))

    for exe in exes:
        exe.forward(is_train=False)
    for i, exe in enumerate(exes):
        if i == ref:
            continue
        for name, arr in zip(out_names, exe.outputs):
            _report(lambda: assert_almost_equal(arr, gt[name], rtol=rtol, atol=atol, equal_nan=equal_nan),
                    'Predict Err: ctx %d vs ctx %d at %s' % (i, ref, name), raise_on_err)
    if grad_req == 'null':
        return gt

    # every executor backpropagates the same head gradients: the first executor's training outputs, cast
    # to the least precise dtype any executor gives for that output
    for exe in exes:
        exe.forward(is_train=True)
    lows = [_least_precise(*(exe.outputs[j].dtype for exe in exes)) for j in range(len(out_names))]
    heads = [out.astype(low).asnumpy() for out, low in zip(exes[0].outputs, lows)]
    for exe, entry in zip(exes, ctx_list):
        exe.backward([array(h, ctx=entry['ctx'], dtype=o.dtype) for h, o in zip(heads, exe.outputs)])
    for i, exe in enumerate(exes):
        if i == ref:
            continue
        for name, arr in zip(out_names + arg_names, list(exe.outputs) + list(exe.grad_arrays)):
            want = gt[name]
            if want is None:
                if arr is not None:
                    raise AssertionError('check_consistency: {} has a gradient in entry {} but none in the '
                                         'reference'.format(name, i))
                continue
            rt, at = rtol, atol
            # a float32 array computed from float16 data (BatchNorm's gamma, say) is only as precise as
            # float16: compare it with float16's tolerances
            low, low_ref = _least_precise(arr.dtype, dtypes[i]), _least_precise(want.dtype, dtypes[ref])
            if low != np.dtype(arr.dtype) or low_ref != np.dtype(want.dtype):
                rt, at = get_tols(np.zeros(1, low), np.zeros(1, low_ref), rtol, atol)
            _report(lambda: assert_almost_equal(arr, want, rtol=rt, atol=at, equal_nan=equal_nan),
                    'Train Err: {} {} ctx {} vs {} {} ctx {} at {}'.format(
                        np.dtype(arr.dtype).name, arr.ctx, i, np.dtype(want.dtype).name, want.ctx, ref, name),
                    raise_on_err)
    return gt


def same_symbol_structure(sym1, sym2):
    """Whether the two Symbols' graphs run the same operator at every node position (compared as far as
    the shorter graph goes)."""
    def operators(sym):
        return [node['op'] for node in json.loads(sym.tojson())['nodes']]
    return all(a == b for a, b in zip(operators(sym1), operators(sym2)))


# ---- the same checks for Python functions of NDArrays (mxtorch's extension) --------------------------
def _as_callable(fn, caller):
    if not callable(fn):
        raise TypeError('{}: expected a Symbol or a Python function of NDArrays, got {}'.format(
            caller, type(fn).__name__))
    return fn


def _outputs(out, caller):
    outs = list(out) if isinstance(out, (list, tuple)) else [out]
    for o in outs:
        if not isinstance(o, NDArray):
            raise TypeError('{}: the function must return an NDArray or a list of NDArrays, got {}'.format(
                caller, type(o).__name__))
    return outs


def check_numeric_gradient(sym, location, aux_states=None, numeric_eps=None, rtol=None, atol=None,
                           grad_nodes=None, use_forward_train=True, ctx=None, grad_stype_dict=None,
                           dtype=default_dtype()):
    """Checks the gradients that backward computes against central finite differences.

    The outputs are projected onto fixed random weights, ``sum(out * proj)``, and the gradient of that
    with respect to each checked input is computed by backward and by finite differences, then compared
    with `assert_almost_equal` (names ``NUMERICAL_<input>`` and ``BACKWARD_<input>``).

    Parameters
    ----------
    sym : Symbol or callable
        A Symbol (as in MXNet; its one output is projected), or (mxtorch's extension) a Python function
        of NDArrays returning an NDArray or a list of them, called as ``fn(*arrays)`` for a list
        `location` and ``fn(**arrays)`` for a dict.
    location : list or dict of arrays
        The point of the check: a value for every argument, in the order of ``sym.list_arguments()`` or
        by name (for a function: by position or keyword).
    aux_states : list or dict of arrays, optional
        A Symbol's auxiliary states (restored before every finite-difference pass). Functions close over
        such arrays themselves.
    numeric_eps : float, optional
        Step of the finite differences (default per dtype: 2**-6, 2**-9, 2**-14 for float16/32/64).
    rtol, atol : float, optional
        Tolerances of the comparison (defaults of `assert_almost_equal`).
    grad_nodes : list or dict, optional
        The inputs to check, all by default. A dict maps each to its grad_req: 'write', 'add' (the
        gradient is added to a random initial buffer) or 'null' (the buffer must stay untouched).
    use_forward_train : bool
        Whether the finite-difference passes run in training mode.
    ctx : Context, optional
        Where the arrays live (default: `default_context()`).
    grad_stype_dict : dict, optional
        Storage types of gradients; only 'default' exists in mxtorch.
    dtype : numpy.float16, numpy.float32 or numpy.float64
        The dtype of the inputs.

    Examples
    --------
    >>> x = mx.sym.var('x')
    >>> check_numeric_gradient(mx.sym.sin(x) * x, [np.random.rand(3)])
    >>> check_numeric_gradient(lambda x, y: x * mx.nd.sin(y), [np.random.rand(3), np.random.rand(3)])
    """
    if isinstance(sym, Symbol):
        return _symbol_numeric_gradient(sym, location, aux_states, numeric_eps, rtol, atol, grad_nodes,
                                        use_forward_train, ctx, grad_stype_dict, dtype)
    from . import autograd
    fn = _as_callable(sym, 'check_numeric_gradient')
    if np.dtype(dtype) not in (np.dtype(np.float16), np.dtype(np.float32), np.dtype(np.float64)):
        raise TypeError('check_numeric_gradient: dtype must be float16, float32 or float64, got {}'.format(dtype))
    dtype = np.dtype(dtype).type
    if aux_states is not None:
        raise MXNetError('check_numeric_gradient: aux_states are for Symbols; a function closes over its '
                         'auxiliary arrays')
    if grad_stype_dict and any(v != 'default' for v in grad_stype_dict.values()):
        raise MXNetError('check_numeric_gradient(grad_stype_dict={!r}): {}'.format(grad_stype_dict, _NO_SPARSE))
    ctx = default_context() if ctx is None else ctx
    by_name = isinstance(location, dict)
    if not by_name and not isinstance(location, (list, tuple)):
        location = [location]
    keys = list(location.keys()) if by_name else list(range(len(location)))
    values = {k: np.array(_numpy(location[k]), dtype=dtype) for k in keys}

    if grad_nodes is None:
        grad_req = {k: 'write' for k in keys}
    elif isinstance(grad_nodes, dict):
        grad_req = dict(grad_nodes)
    elif isinstance(grad_nodes, (list, tuple)):
        grad_req = {k: 'write' for k in grad_nodes}
    else:
        raise TypeError('check_numeric_gradient: grad_nodes must be a list or a dict, got {}'.format(
            type(grad_nodes).__name__))
    for k, req in grad_req.items():
        if k not in values:
            raise ValueError('check_numeric_gradient: grad_nodes names {!r}, which is not an input (inputs: {})'
                             .format(k, keys))
        if req not in ('write', 'add', 'null'):
            raise ValueError('Invalid grad_req {} for argument {}'.format(req, k))

    def call(arrays):
        return fn(**arrays) if by_name else fn(*[arrays[k] for k in keys])

    inputs = {k: array(v, ctx=ctx, dtype=dtype) for k, v in values.items()}
    initial = {}
    for k, req in grad_req.items():
        inputs[k].attach_grad(req)
        if req != 'write':
            initial[k] = np.random.normal(0, 0.01, size=values[k].shape).astype(dtype)
            if inputs[k].grad is not None:
                inputs[k].grad[:] = initial[k]
    with autograd.record(train_mode=True):
        outs = _outputs(call(inputs), 'check_numeric_gradient')
    # projection weights not too small, or the finite differences lose their precision
    proj = [np.random.rand(*o.shape) + 0.1 for o in outs]
    autograd.backward(outs, [array(p, ctx=ctx, dtype=o.dtype) for p, o in zip(proj, outs)])

    eps = get_tolerance(outs[0], numeric_eps, default_numeric_eps())
    if dtype in (np.float16, np.float32) and eps < 1e-5:
        raise ValueError('check_numeric_gradient: numeric_eps={} is too small for {} finite differences'
                         .format(eps, np.dtype(dtype).name))

    def objective(point):
        arrays = {k: array(v, ctx=ctx, dtype=dtype) for k, v in point.items()}
        scope = autograd.train_mode() if use_forward_train else autograd.predict_mode()
        with scope:
            res = _outputs(call(arrays), 'check_numeric_gradient')
        return sum(float((r.asnumpy().astype(np.float64) * p).sum()) for r, p in zip(res, proj))

    for k, req in grad_req.items():
        if values[k].dtype.kind != 'f':
            continue
        point = {n: v.copy() for n, v in values.items()}
        flat = point[k].reshape(-1)
        numeric = np.zeros(flat.shape, dtype=np.float64)
        for i in range(flat.size):
            old = flat[i]
            flat[i] = old + dtype(eps / 2.0)
            f_plus = objective(point)
            flat[i] = old - dtype(eps / 2.0)
            f_minus = objective(point)
            flat[i] = old
            numeric[i] = (f_plus - f_minus) / eps
        numeric = numeric.reshape(values[k].shape).astype(dtype)
        grad = inputs[k].grad
        names = ('NUMERICAL_{}'.format(k), 'BACKWARD_{}'.format(k))
        if req == 'write':
            assert_almost_equal(numeric, grad, rtol, atol, names)
        elif req == 'add':
            assert_almost_equal(numeric, grad.asnumpy() - initial[k], rtol, atol, names)
        elif grad is not None:
            assert_almost_equal(initial[k], grad, rtol, atol, names)


def check_consistency(sym, ctx_list, scale=1.0, grad_req='write', arg_params=None, aux_params=None,
                      rtol=None, atol=None, raise_on_err=True, ground_truth=None, equal_nan=False,
                      use_uniform=False, rand_type=np.float64):
    """Checks that a computation gives the same outputs and input gradients on several contexts and
    dtypes (for example cpu vs gpu, float64 vs float32 vs float16).

    `sym` is a Symbol, or a list of Symbols with the same arguments and outputs, one per entry of
    `ctx_list` (as in MXNet); or (mxtorch's extension) a Python function of NDArrays called with keyword
    arguments. Each entry of `ctx_list` is a dict: ``'ctx'`` (a Context), one ``name: shape`` item per
    input, and optionally ``'type_dict'`` (``name: dtype``, float32 by default); a Symbol entry is what
    ``simple_bind`` takes. Random inputs (normal with std `scale`, or uniform in +-0.92*scale with
    `use_uniform`) are drawn once in `rand_type` and cast per entry; `arg_params` (and for Symbols
    `aux_params`, zero by default) give chosen ones. The entry whose first output has the most precise
    dtype is the reference, unless `ground_truth` is given. Mismatches print which entries differ and
    raise AssertionError (with `raise_on_err` False they are printed only).

    Returns the reference: a dict of output names (a Symbol's output names; ``'output0'``, ... for a
    function) and, unless grad_req is 'null', input names (their gradients) to NDArrays.

    Examples
    --------
    >>> check_consistency(mx.sym.tanh(mx.sym.var('data')),
    ...                   [{'ctx': mx.cpu(), 'data': (2, 3), 'type_dict': {'data': np.float64}},
    ...                    {'ctx': mx.cpu(), 'data': (2, 3), 'type_dict': {'data': np.float32}}])
    >>> check_consistency(lambda data: mx.nd.tanh(data),
    ...                   [{'ctx': mx.cpu(), 'data': (2, 3), 'type_dict': {'data': np.float64}},
    ...                    {'ctx': mx.cpu(), 'data': (2, 3), 'type_dict': {'data': np.float32}}])
    """
    if _is_symbols(sym):
        return _symbol_consistency(sym, ctx_list, scale, grad_req, arg_params, aux_params, rtol, atol,
                                   raise_on_err, ground_truth, equal_nan, use_uniform, rand_type)
    from . import autograd
    fn = _as_callable(sym, 'check_consistency')
    if len(ctx_list) < 2:
        raise ValueError('check_consistency needs at least two entries in ctx_list, got {}'.format(len(ctx_list)))
    if aux_params:
        raise MXNetError('check_consistency: aux_params are for Symbols; a function closes over its '
                         'auxiliary arrays')
    if grad_req not in ('write', 'add', 'null'):
        raise ValueError('check_consistency: grad_req must be write, add or null, got {!r}'.format(grad_req))
    names = sorted(k for k in ctx_list[0] if k not in ('ctx', 'type_dict'))
    for entry in ctx_list:
        if sorted(k for k in entry if k not in ('ctx', 'type_dict')) != names:
            raise ValueError('check_consistency: every ctx_list entry must name the same inputs {}, got {}'
                             .format(names, entry))
    arg_params = {} if arg_params is None else dict(arg_params)
    for n in names:  # drawn in sorted order, so that a seed reproduces them
        if n not in arg_params:
            shape = ctx_list[0][n]
            if use_uniform:
                arg_params[n] = np.random.uniform(-0.92 * scale, 0.92 * scale, size=shape).astype(rand_type)
            else:
                arg_params[n] = np.random.normal(size=shape, scale=scale).astype(rand_type)

    def make_inputs(entry):
        types = entry.get('type_dict', {})
        return {n: array(_numpy(arg_params[n]), ctx=entry['ctx'], dtype=types.get(n, np.float32))
                for n in names}

    predictions = []
    for entry in ctx_list:
        with autograd.predict_mode():
            predictions.append(_outputs(fn(**make_inputs(entry)), 'check_consistency'))
    out_names = ['output{}'.format(i) for i in range(len(predictions[0]))]
    dtypes = [np.dtype(outs[0].dtype) for outs in predictions]
    ref = int(np.argmax([d.itemsize for d in dtypes]))

    def compare(arr, expected, what, i, rt, at):
        try:
            assert_almost_equal(arr, expected, rtol=rt, atol=at, equal_nan=equal_nan)
        except AssertionError as e:
            print('Mismatch at {}: entry {} ({}, {}) vs entry {} ({}, {})'.format(
                what, i, ctx_list[i]['ctx'], np.dtype(arr.dtype).name, ref, ctx_list[ref]['ctx'],
                np.dtype(expected.dtype).name))
            traceback.print_exc()
            if raise_on_err:
                raise e
            print(str(e))

    gt = dict(ground_truth) if ground_truth is not None else dict(zip(out_names, predictions[ref]))
    for i, outs in enumerate(predictions):
        if i != ref or ground_truth is not None:
            for name, arr in zip(out_names, outs):
                compare(arr, gt[name], name, i, rtol, atol)
    if grad_req == 'null':
        return gt

    # every entry backpropagates the same head gradients: entry 0's training-mode outputs, cast to the
    # least precise dtype among the entries
    with autograd.train_mode():
        first = _outputs(fn(**make_inputs(ctx_list[0])), 'check_consistency')
    heads = [o.asnumpy().astype(min((np.dtype(p[j].dtype) for p in predictions), key=lambda d: d.itemsize))
             for j, o in enumerate(first)]
    grads = []
    for entry in ctx_list:
        inputs = make_inputs(entry)
        for x in inputs.values():
            x.attach_grad(grad_req)
        with autograd.record(train_mode=True):
            outs = _outputs(fn(**inputs), 'check_consistency')
        autograd.backward(outs, [array(h, ctx=o.context, dtype=o.dtype) for h, o in zip(heads, outs)])
        grads.append({n: inputs[n].grad for n in names})
    if ground_truth is None:
        gt.update(grads[ref])
    for i, grad_of in enumerate(grads):
        if i == ref and ground_truth is None:
            continue
        for n in names:
            grad, expected = grad_of[n], gt[n]
            rt, at = rtol, atol
            # a gradient is only as precise as its entry's output: a float32 gradient of a float16
            # computation gets float16's tolerances
            low = min((np.dtype(grad.dtype), dtypes[i]), key=lambda d: d.itemsize)
            low_ref = min((np.dtype(expected.dtype), dtypes[ref]), key=lambda d: d.itemsize)
            if low != np.dtype(grad.dtype) or low_ref != np.dtype(expected.dtype):
                rt, at = get_tols(np.zeros(1, low), np.zeros(1, low_ref), rtol, atol)
            compare(grad, expected, n, i, rt, at)
    return gt


# ---- random-generator checks -----------------------------------------------------------------------
def gen_buckets_probs_with_ppf(ppf, nbuckets):
    """`nbuckets` equally likely buckets ``(ppf(i/n), ppf((i+1)/n))`` of a distribution given by its
    quantile function `ppf`, and their probabilities (all 1/nbuckets), for `chi_square_check`."""
    if nbuckets <= 0:
        raise ValueError('gen_buckets_probs_with_ppf: nbuckets must be positive, got {}'.format(nbuckets))
    probs = [1.0 / nbuckets] * nbuckets
    buckets = [(ppf(i / float(nbuckets)), ppf((i + 1) / float(nbuckets))) for i in range(nbuckets)]
    return buckets, probs


def mean_check(generator, mu, sigma, nsamples=1000000):
    """Whether the mean of ``generator(nsamples)`` lies within 3 standard errors of `mu`."""
    mean = np.array(generator(nsamples)).mean()
    bound = 3 * sigma / np.sqrt(nsamples)
    return bool(mu - bound < mean < mu + bound)


def var_check(generator, sigma, nsamples=1000000):
    """Whether the sample variance of ``generator(nsamples)`` lies within 3 standard errors of
    ``sigma**2``."""
    var = np.array(generator(nsamples)).var(ddof=1)
    bound = 3 * np.sqrt(2 * sigma ** 4 / (nsamples - 1))
    return bool(sigma ** 2 - bound < var < sigma ** 2 + bound)


def chi_square_check(generator, buckets, probs, nsamples=1000000):
    """Pearson's chi-square test of ``generator(nsamples)`` against bucket probabilities `probs`.

    `buckets` is a list of ``(low, high)`` ranges (a continuous distribution; ascending, not overlapping)
    or of values (a discrete one). Returns ``(p, observed_freq, expected_freq)``; a small p value means
    the samples do not follow `probs`."""
    try:
        import scipy.stats as ss  # imported here: scipy is optional and slow to import
    except ImportError:
        raise ImportError('chi_square_check needs scipy, which is not installed') from None
    if not isinstance(buckets, list):
        raise TypeError('chi_square_check: buckets must be a list, got {}'.format(type(buckets).__name__))
    if len(probs) != len(buckets):
        raise ValueError('chi_square_check: {} probs for {} buckets'.format(len(probs), len(buckets)))
    samples = np.asarray(_numpy(generator(nsamples))).reshape(-1)
    expected = (nsamples * np.array(probs, dtype=np.float32)).astype(np.int32)
    observed = np.zeros(len(buckets), dtype=np.int64)
    if isinstance(buckets[0], (list, tuple)):
        edges = np.array([e for b in buckets for e in b], dtype=np.float32)
        if np.any(np.diff(edges) < 0):
            raise ValueError('chi_square_check: buckets must be ascending and must not overlap')
        ids = np.searchsorted(edges, samples, side='right')
        # a sample inside bucket i falls between edges 2i and 2i+1, i.e. searchsorted gives 2i+1
        inside = ids % 2 == 1
        observed += np.bincount(ids[inside] // 2, minlength=len(buckets))[:len(buckets)]
    else:
        for i, value in enumerate(buckets):
            observed[i] = np.count_nonzero(samples == value)
    # MXNet's expected counts are truncated to integers, so they do not sum to the observed total, which
    # current scipy rejects: scale them to that total (in float64) for the test itself
    scaled = expected.astype(np.float64) * (observed.sum() / max(expected.sum(), 1))
    _, p = ss.chisquare(f_obs=observed, f_exp=scaled)
    return p, observed, expected


def verify_generator(generator, buckets, probs, nsamples=1000000, nrepeat=5, success_rate=0.2,
                     alpha=0.05):
    """Runs `chi_square_check` `nrepeat` times and asserts that at least ``nrepeat * success_rate`` of
    the p values exceed `alpha`. Returns the p values."""
    results = [chi_square_check(generator, buckets, probs, nsamples) for _ in range(nrepeat)]
    pvalues = [r[0] for r in results]
    if (np.array(pvalues) > alpha).sum() < nrepeat * success_rate:
        raise AssertionError('Generator test fails, Chi-square p={}, obs_freq={}, expected_freq={}.\n'
                             'buckets={}, probs={}'.format(pvalues, [r[1] for r in results],
                                                           [r[2] for r in results], buckets, probs))
    return pvalues


# ---- environment and misc ----------------------------------------------------------------------------
def retry(n):
    """Decorator: runs a (stochastic) test up to `n` times until it passes without AssertionError."""
    if n <= 0:
        raise ValueError('retry: n must be positive, got {}'.format(n))

    def decorate(f):
        @functools.wraps(f)
        def wrapper(*args, **kwargs):
            for i in range(n):
                try:
                    return f(*args, **kwargs)
                except AssertionError:
                    if i == n - 1:
                        raise
                    mx.nd.waitall()
        return wrapper
    return decorate


def download(url, fname=None, dirname=None, overwrite=False, retries=5):
    """Downloads `url` to the file `fname` (default: the last part of the URL), inside `dirname` when it
    is given, and returns the file's path. An existing file is kept unless `overwrite`; a failed download
    is tried `retries` more times (through ``gluon.utils.download``)."""
    if retries < 0:
        raise AssertionError('Number of retries should be at least 0')
    fname = url.split('/')[-1] if fname is None else fname
    if dirname is not None:
        fname = os.path.join(dirname, fname)
    if os.path.dirname(fname):
        os.makedirs(os.path.dirname(fname), exist_ok=True)
    if overwrite or not os.path.exists(fname):
        from .gluon.utils import download as fetch
        fetch(url, path=fname, overwrite=True, retries=retries + 1)
    return fname


def list_gpus():
    """``range(n)`` for the n GPUs mxtorch can use (empty without GPUs)."""
    return range(mx.context.num_gpus())


@contextmanager
def discard_stderr():
    """A ``with`` scope whose error output is discarded: what goes to file descriptor 2 (native code's
    too) and what goes to ``sys.stderr``, even where that is not file descriptor 2 (e.g. under pytest's
    capture)."""
    fds = [2]
    try:
        if sys.stderr.fileno() != 2:
            fds.append(sys.stderr.fileno())
    except (AttributeError, OSError, ValueError):  # stderr replaced by an object without a descriptor
        pass
    sys.stderr.flush()
    saved = [os.dup(fd) for fd in fds]
    try:
        with open(os.devnull, 'w') as devnull:
            for fd in fds:
                os.dup2(devnull.fileno(), fd)
            try:
                with redirect_stderr(devnull):
                    yield
            finally:
                for fd, copy in zip(fds, saved):
                    os.dup2(copy, fd)
    finally:
        for copy in saved:
            os.close(copy)


@contextmanager
def environment(*args):
    """A ``with`` scope with environment variables set, restored (or unset) afterwards, even on error.

    Call as ``environment(name, value)`` or ``environment({name: value, ...})``; a value of None unsets
    the variable inside the scope."""
    if len(args) == 1 and isinstance(args[0], dict):
        wanted = dict(args[0])
    elif len(args) == 2:
        wanted = {args[0]: args[1]}
    else:
        raise TypeError('environment() takes a dict, or a name and a value, got {} argument(s)'.format(len(args)))
    for name, value in wanted.items():
        if not isinstance(name, str) or not (value is None or isinstance(value, str)):
            raise TypeError('environment(): names and values must be strings (None unsets), got {!r}={!r}'
                            .format(name, value))
    saved = {name: os.environ.get(name) for name in wanted}
    for name, value in wanted.items():
        setenv(name, value)
    try:
        yield
    finally:
        mx.nd.waitall()
        for name, value in saved.items():
            setenv(name, value)


def is_cd_run():
    """Whether this is a continuous-delivery run (environment variable CD_JOB is '1')."""
    return os.environ.get('CD_JOB', 0) == '1'


def is_aarch64_run():
    """Whether this machine is aarch64."""
    return platform.machine() == 'aarch64'


def has_tvm_ops():
    """Whether TVM-generated operators are available: never in mxtorch."""
    return Features().is_enabled('TVM_OP')


def is_op_runnable():
    """Whether operators (of MXNet's TVM build) can run on the current context: always in mxtorch."""
    return True


class _CopyInit(mx.init.Initializer):
    """Fills each weight-like parameter with the stored numpy values of the same name (the parameters'
    own initializers, such as a bias's 'zeros', still decide the others)."""

    def __init__(self, values):
        super().__init__()
        self._values = values

    def _init_weight(self, name, arr):
        arr[()] = self._values[name]

    _init_default = _init_weight


def check_gluon_hybridize_consistency(net_builder, data_l, numpy_func=None, test_grad=True,
                                      rtol=1E-4, atol=1E-4):
    """Asserts that a HybridBlock gives the same outputs (and input gradients) hybridized and not.

    ``net_builder(prefix='net_')`` makes the block (without random operators); `data_l` are its input
    NDArrays; `numpy_func`, when given, computes the expected output from numpy copies of the inputs."""
    saved_out = saved_grads = None
    params = None           # the first net's parameter values, read after its forward (shapes may be deferred)
    for hybridize in (False, True):
        for use_autograd in ((False, True) if test_grad else (False,)):
            net = net_builder(prefix='net_')
            if params is None:
                net.initialize()
            else:
                net.initialize(_CopyInit(params))
            if hybridize:
                net.hybridize()
            inputs = [x.copy() for x in data_l]
            if use_autograd:
                for x in inputs:
                    x.attach_grad()
                with mx.autograd.record():
                    out = net(*inputs)
                out.backward(out)
            else:
                out = net(*inputs)
            if params is None:
                params = {k: v.data().asnumpy() for k, v in net.collect_params().items()}
            if saved_out is None:
                saved_out = out.asnumpy()
            else:
                assert_almost_equal(out.asnumpy(), saved_out, rtol=rtol, atol=atol)
            if use_autograd:
                grads = [x.grad.asnumpy() for x in inputs]
                if saved_grads is None:
                    saved_grads = grads
                else:
                    for g, s in zip(grads, saved_grads):
                        assert_almost_equal(g, s, rtol=rtol, atol=atol)
    if numpy_func is not None:
        assert_almost_equal(saved_out, numpy_func(*[x.asnumpy() for x in data_l]), rtol=rtol, atol=atol)


# ---- random matrices with real eigenvalues (numpy arrays, for the linear-algebra tests) ----------------
def new_orthonormal_matrix_2d(n):
    """A random n x n orthonormal matrix (the Q of a QR factorisation of Gaussian noise)."""
    q, r = np.linalg.qr(np.random.randn(n, n))
    return q * np.sign(np.diag(r))


def new_sym_matrix_with_real_eigvals_2d(n):
    """A random symmetric n x n matrix, eigenvalues uniform in [-10, 10)."""
    q = new_orthonormal_matrix_2d(n)
    return q.T @ np.diag(np.random.uniform(-10.0, 10.0, n)) @ q


def new_matrix_with_real_eigvals_2d(n):
    """A random n x n matrix similar to a diagonal one (eigenvalues uniform in [-10, 10)) through a
    well-conditioned change of basis (condition number below 3)."""
    basis = new_orthonormal_matrix_2d(n) * np.random.uniform(0.6, 1.6, n)
    return np.linalg.inv(basis) @ np.diag(np.random.uniform(-10.0, 10.0, n)) @ basis


def _batch_of(make, shape):
    shape = tuple(shape)
    count = int(np.prod(shape[:-2])) if len(shape) > 2 else 1
    return np.array([make(shape[-1]) for _ in range(count)]).reshape(shape)


def new_sym_matrix_with_real_eigvals_nd(shape):
    """A stack of random symmetric matrices of `shape` (..., n, n)."""
    return _batch_of(new_sym_matrix_with_real_eigvals_2d, shape)


def new_matrix_with_real_eigvals_nd(shape):
    """A stack of random matrices with real eigenvalues of `shape` (..., n, n)."""
    return _batch_of(new_matrix_with_real_eigvals_2d, shape)


# ---- data-set getters (MXNet 1.9.1's URLs and file names; downloads through gluon.utils.download) ----
_MXNET_DATA = 'http://data.mxnet.io/'


def get_zip_data(data_dir, url, data_origin_name):
    """Fetches the zip archive `url` into `data_dir` as `data_origin_name` and unpacks it there; nothing
    is done when that archive is already present."""
    archive = os.path.join(data_dir, data_origin_name)
    if os.path.exists(archive):
        return
    download(url, dirname=data_dir, overwrite=False)
    with zipfile.ZipFile(archive) as zipped:
        zipped.extractall(path=data_dir)


def get_bz2_data(data_dir, data_name, url, data_origin_name):
    """Fetches the bz2 file `url` into `data_dir` as `data_origin_name`, decompresses it into `data_name`
    (inside `data_dir`) and removes the compressed file; nothing is done when `data_name` exists."""
    target = os.path.join(data_dir, data_name)
    if os.path.exists(target):
        return
    packed = os.path.join(data_dir, data_origin_name)
    download(url, fname=packed, dirname=data_dir, overwrite=False)
    with bz2.BZ2File(packed, 'rb') as source, open(target, 'wb') as sink:
        shutil.copyfileobj(source, sink)
    os.remove(packed)


def _idx_gz(path, images):
    with gzip.open(path, 'rb') as stream:
        raw = stream.read()
    if not images:
        return np.frombuffer(raw, dtype=np.int8, offset=8)
    count, rows, cols = struct.unpack('>III', raw[4:16])
    pixels = np.frombuffer(raw, dtype=np.uint8, offset=16).reshape(count, 1, rows, cols)
    return pixels.astype(np.float32) / 255


def get_mnist():
    """MNIST as a dict of numpy arrays: 'train_data' and 'test_data' (float32, N x 1 x 28 x 28, in [0, 1])
    and 'train_label' and 'test_label' (int8). The four .gz files are fetched from data.mxnet.io into
    the current directory unless they are there already."""
    base = _MXNET_DATA + 'data/mnist/'
    found = {}
    for part, prefix in (('train', 'train'), ('test', 't10k')):
        labels = _idx_gz(download(base + prefix + '-labels-idx1-ubyte.gz'), False)
        found[part + '_data'] = _idx_gz(download(base + prefix + '-images-idx3-ubyte.gz'), True)
        found[part + '_label'] = labels
    return {key: found[key] for key in ('train_data', 'train_label', 'test_data', 'test_label')}


def get_mnist_pkl():
    """Fetches mnist.pkl.gz into ./data unless it is there already."""
    os.makedirs('data', exist_ok=True)
    if not os.path.exists(os.path.join('data', 'mnist.pkl.gz')):
        download('http://deeplearning.net/data/mnist/mnist.pkl.gz', dirname='data')


def _fetch_unzipped(names, url):
    os.makedirs('data', exist_ok=True)
    if all(os.path.exists(os.path.join('data', name)) for name in names):
        return
    with zipfile.ZipFile(download(url, dirname='data')) as zipped:
        zipped.extractall('data')


def get_mnist_ubyte():
    """Fetches MNIST's four idx files (mnist.zip from data.mxnet.io) into ./data unless all are there."""
    _fetch_unzipped(['{}-{}-idx{}-ubyte'.format(prefix, kind, dims) for prefix in ('train', 't10k')
                     for kind, dims in (('images', 3), ('labels', 1))], _MXNET_DATA + 'mxnet/data/mnist.zip')


def get_cifar10():
    """Fetches CIFAR-10 as .rec and .lst files (cifar10.zip from data.mxnet.io) into ./data/cifar unless
    all four are there."""
    _fetch_unzipped([os.path.join('cifar', part + ext) for ext in ('.rec', '.lst') for part in ('train', 'test')],
                    _MXNET_DATA + 'mxnet/data/cifar10.zip')


def get_mnist_iterator(batch_size, input_shape, num_parts=1, part_index=0):
    """(train, validation) ``mx.io.MNISTIter``s over ./data's MNIST files (fetched when missing); the
    training one shuffles; images are flat unless `input_shape` has three dims."""
    get_mnist_ubyte()
    common = dict(input_shape=input_shape, batch_size=batch_size, flat=len(input_shape) != 3,
                  num_parts=num_parts, part_index=part_index)
    train = mx.io.MNISTIter(image='data/train-images-idx3-ubyte', label='data/train-labels-idx1-ubyte',
                            shuffle=True, **common)
    val = mx.io.MNISTIter(image='data/t10k-images-idx3-ubyte', label='data/t10k-labels-idx1-ubyte', **common)
    return train, val


def _model_zoo_table():
    base = _MXNET_DATA + 'models/'
    table = {}
    entries = [('imagenet1k-inception-bn', 'imagenet/inception-bn/', 'Inception-BN', '0126')]
    entries += [('imagenet1k-resnet-{}'.format(n), 'imagenet/resnet/{}-layers/'.format(n), 'resnet-{}'.format(n),
                 '0000') for n in (18, 34, 50, 101, 152)]
    entries += [('imagenet1k-resnext-{}'.format(n), 'imagenet/resnext/{}-layers/'.format(n), 'resnext-{}'.format(n),
                 '0000') for n in (50, 101)]
    entries += [('imagenet1k-resnext-101-64x4d', 'imagenet/resnext/101-layers/', 'resnext-101-64x4d', '0000'),
                ('imagenet11k-resnet-152', 'imagenet-11k/resnet-152/', 'resnet-152', '0000')]
    entries += [('imagenet11k-place365ch-resnet-{}'.format(n), 'imagenet-11k-place365-ch/', 'resnet-{}'.format(n),
                 '0000') for n in (152, 50)]
    for key, folder, stem, epoch in entries:
        table[key] = {'symbol': base + folder + stem + '-symbol.json',
                      'params': base + folder + stem + '-' + epoch + '.params'}
    return table


def download_model(model_name, dst_dir='./', meta_info=None):
    """Fetches a model's symbol JSON and parameters into `dst_dir` as ``<model_name>-symbol.json`` and
    ``<model_name>-0000.params`` and returns ``(path prefix, 0)``; ``(None, 0)`` for a name that
    `meta_info` (default: MXNet's table of data.mxnet.io ImageNet models) does not know."""
    table = _model_zoo_table() if meta_info is None else dict(meta_info)
    if model_name not in table:
        return None, 0
    if not os.path.isdir(dst_dir):
        os.mkdir(dst_dir)
    urls = dict(table[model_name])
    prefix = os.path.join(dst_dir, model_name)
    if 'symbol' not in urls:
        raise AssertionError('missing symbol url')
    download(urls['symbol'], prefix + '-symbol.json')
    if 'params' not in urls:
        raise AssertionError('mssing parameter file url')   # MXNet's spelling
    download(urls['params'], prefix + '-0000.params')
    return prefix, 0


def get_im2rec_path(home_env='MXNET_HOME'):
    """The path of im2rec.py: ``tools/im2rec.py`` under the folder named by environment variable
    `home_env` (else this package's folder), or two levels above it (a source checkout)."""
    home = os.environ[home_env] if home_env in os.environ else os.path.dirname(mx.__file__)
    for candidate in (os.path.join(home, 'tools', 'im2rec.py'),
                      os.path.join(home, '..', '..', 'tools', 'im2rec.py')):
        if os.path.isfile(candidate):
            return candidate
    raise IOError('Could not find path to tools/im2rec.py')


class DummyIter(mx.io.DataIter):
    """An iterator that gives the first batch of `real_iter` again and again, without end (to time a
    network without the cost of loading)."""

    def __init__(self, real_iter):
        super().__init__(real_iter.batch_size)
        self.real_iter = real_iter
        self.provide_data, self.provide_label = real_iter.provide_data, real_iter.provide_label
        self.the_batch = next(real_iter)

    def __iter__(self):
        return self

    def __next__(self):
        return self.the_batch

    next = __next__
    next.__doc__ = """The first batch of the real iterator; never StopIteration."""
