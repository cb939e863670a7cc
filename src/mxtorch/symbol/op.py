"""``mx.sym.op``: every top-level operator of ``mx.sym`` under one module, as MXNet has it."""
from . import register as _register

globals().update(_register.namespace_functions(''))
