"""The `mx.sym.image` operators (generated from the operator table's `image` namespace)."""
from . import register as _register

globals().update(_register.namespace_functions('image'))
