"""The float64 shadows of integer and boolean variables live in the ndarray layer (ndarray/_shadow.py),
which the legacy nd operators use as well; mx.np's modules reach them under this name."""
from ..ndarray._shadow import attach, shade, shade_all

__all__ = ['attach', 'shade', 'shade_all']
