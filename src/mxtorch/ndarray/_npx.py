"""The ``_npx`` operators of the table (MXNet's NumPy interface, see ops/np_*.py) as NDArray functions,
where pickle finds them by name; mx.np/mx.npx give them NumPy's front end."""
from . import registry as _registry

globals().update(_registry.namespace_functions('_npx'))
