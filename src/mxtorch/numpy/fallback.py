"""The ``mx.np`` functions MXNet leaves to official NumPy. They are NumPy's own functions: given mx.np
arrays, NumPy hands the call to ``ndarray.__array_function__``, which computes on host copies and gives
mx.np arrays back (inside ``autograd.record()`` that is refused, since nothing could be differentiated).
Functions this NumPy no longer has are given here in NumPy's terms (``alltrue`` is ``all``, ...); the
financial functions NumPy removed raise as NumPy 1.20+ did."""
import numpy as _onp

__all__ = ['allclose', 'alltrue', 'apply_along_axis', 'apply_over_axes', 'argpartition', 'argwhere', 'array_equal',
           'array_equiv', 'choose', 'compress', 'corrcoef', 'correlate', 'count_nonzero', 'cov', 'digitize',
           'divmod', 'extract', 'flatnonzero', 'float_power', 'frexp', 'heaviside', 'histogram2d',
           'histogram_bin_edges', 'histogramdd', 'i0', 'in1d', 'interp', 'intersect1d', 'isclose', 'isin', 'ix_',
           'lexsort', 'min_scalar_type', 'mirr', 'modf', 'msort', 'nanargmax', 'nanargmin', 'nancumprod',
           'nancumsum', 'nanmax', 'nanmedian', 'nanmin', 'nanpercentile', 'nanprod', 'nanquantile', 'ndim', 'npv',
           'partition', 'piecewise', 'packbits', 'poly', 'polyadd', 'polydiv', 'polyfit', 'polyint', 'polymul',
           'polysub', 'positive', 'ppmt', 'promote_types', 'ptp', 'pv', 'rate', 'real', 'result_type', 'rollaxis',
           'roots', 'searchsorted', 'select', 'setdiff1d', 'setxor1d', 'signbit', 'size', 'spacing',
           'take_along_axis', 'trapz', 'tril_indices_from', 'trim_zeros', 'triu_indices_from', 'union1d',
           'unpackbits', 'unwrap', 'vander']
_EXTRA = ['nanstd', 'nansum', 'nanvar', 'pmt']     # MXNet binds these too, without listing them


def _removed(name):
    def function(*args, **kwargs):
        raise RuntimeError('In accordance with NEP 32, the function {} was removed from NumPy version 1.20. A '
                           'replacement for this function is available in the numpy_financial library: '
                           'https://pypi.org/project/numpy-financial'.format(name))
    function.__name__ = name
    return function


def _msort(a):
    """msort(a): a copy sorted along the first axis (NumPy's former msort)."""
    return _onp.sort(a, axis=0)


def _in1d(ar1, ar2, assume_unique=False, invert=False):
    """in1d(ar1, ar2, ...): whether each element of the flattened ar1 is in ar2 (NumPy's former in1d)."""
    return _onp.isin(_onp.ravel(ar1), ar2, assume_unique=assume_unique, invert=invert)


_REPLACED = {'alltrue': _onp.all, 'msort': _msort, 'in1d': _in1d,
             'trapz': getattr(_onp, 'trapezoid', None) or getattr(_onp, 'trapz', None)}
for _name in __all__ + _EXTRA:
    if hasattr(_onp, _name) and _name not in ('in1d', 'trapz'):
        globals()[_name] = getattr(_onp, _name)
    elif _name in _REPLACED:
        globals()[_name] = _REPLACED[_name]
    else:
        globals()[_name] = _removed(_name)
del _name
