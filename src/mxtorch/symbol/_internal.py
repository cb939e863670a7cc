"""``mx.sym._internal``: MXNet's internal operators (the nodes of Symbol arithmetic, creation functions,
samplers, ...) and mxtorch's own kernels that Gluon layers call through ``F._internal``."""
from . import register as _register

globals().update(_register.module_functions('_internal'))
