"""The `mx.nd._internal` operators (generated from the operator table)."""
from . import registry as _registry

globals().update(_registry.namespace_functions('_internal'))
