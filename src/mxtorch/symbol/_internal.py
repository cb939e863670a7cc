"""The `mx.sym._internal` operators (generated from the operator table's `_internal` namespace)."""
from . import register as _register

globals().update(_register.namespace_functions('_internal'))
