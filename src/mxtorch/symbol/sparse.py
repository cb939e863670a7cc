"""``mx.sym.sparse``: mxtorch has no sparse storage yet, so only the dense operators MXNet also lists
here."""
from . import register as _register

globals().update(_register.namespace_functions('sparse'))
