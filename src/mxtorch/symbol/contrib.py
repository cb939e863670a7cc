"""The `mx.sym.contrib` operators (generated from the operator table's `contrib` namespace)."""
from . import register as _register

globals().update(_register.namespace_functions('contrib'))
