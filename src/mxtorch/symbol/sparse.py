"""``mx.sym.sparse``: the operators MXNet places there (made from its facts; see register.py)."""
from . import register as _register

globals().update(_register.module_functions('sparse'))
