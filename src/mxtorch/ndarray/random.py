"""The `mx.nd.random` operators (generated from the operator table)."""
from . import registry as _registry

globals().update(_registry.namespace_functions('random'))
