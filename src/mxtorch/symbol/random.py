"""The `mx.sym.random` operators (generated from the operator table's `random` namespace)."""
from . import register as _register

globals().update(_register.namespace_functions('random'))
