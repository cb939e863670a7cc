"""``mx.contrib.sym`` (also ``mx.contrib.symbol``): the operators of ``mx.sym.contrib`` that the operator
table holds, as graph-node functions under the older path (the Symbol twin of ``mx.contrib.nd``)."""
from ..symbol import register as _register

globals().update(_register.module_functions('contrib'))
