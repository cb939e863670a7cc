"""The dtypes and constants of ``mx.np`` (NumPy's own type objects, as in MXNet)."""
import numpy as _onp

__all__ = ['float16', 'float32', 'float64', 'uint8', 'int8', 'int32', 'int64', 'bool', 'bool_',
           'pi', 'inf', 'nan', 'PZERO', 'NZERO', 'NINF', 'PINF', 'e', 'NAN', 'NaN', 'newaxis', 'finfo']

float16, float32, float64 = _onp.float16, _onp.float32, _onp.float64
uint8, int8, int32, int64 = _onp.uint8, _onp.int8, _onp.int32, _onp.int64
bool = bool_ = _onp.bool_  # noqa: A001  (MXNet's np.bool is NumPy's bool_)
pi, e, inf, nan = _onp.pi, _onp.e, _onp.inf, _onp.nan
NAN = NaN = _onp.nan
PINF, NINF = _onp.inf, -_onp.inf
PZERO, NZERO = 0.0, -0.0
newaxis = None
finfo = _onp.finfo
