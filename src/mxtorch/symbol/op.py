"""``mx.sym.op``: the operators whose MXNet names have no prefix (all of them are in ``mx.sym`` too)."""
from . import register as _register

globals().update(_register.module_functions('op'))
