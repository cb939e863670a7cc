"""`mx.contrib.nd` (also `mx.contrib.ndarray`): the operators of `mx.nd.contrib` that the operator table
holds, the same functions under the older path."""
from ..ndarray import registry as _registry

globals().update(_registry.namespace_functions('contrib'))
