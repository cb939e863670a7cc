"""The `mx.sym.linalg` operators (generated from the operator table's `linalg` namespace)."""
from . import register as _register

globals().update(_register.namespace_functions('linalg'))
