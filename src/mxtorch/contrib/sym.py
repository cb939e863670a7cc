"""``mx.contrib.sym`` is the module ``mx.contrib.symbol`` itself, as in MXNet (importing this name gives
that module)."""
import sys as _sys

from . import symbol as _symbol

_sys.modules[__name__] = _symbol
