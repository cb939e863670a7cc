"""MXNet's symbolic API (``mx.sym``, ``mx.symbol``): Symbol graphs, MXNet's JSON files of them, shape and
type inference, and executors that run them with torch.

The operator functions are made from MXNet's facts about its operators and run mxtorch's one operator
table: the same names, parameters and placement as MXNet's (see register.py)."""
from .. import base as _base
from . import _opdefs
from .symbol import (Symbol, var, Variable, Group, load, load_json, pow, power, maximum, minimum, hypot, eye,
                     zeros, ones, full, arange, linspace, histogram, split_v2)
from . import register

register.attach_methods(Symbol)
globals().update({_k: _v for _k, _v in register.module_functions('op').items() if _k not in globals()})

from . import _internal, op, contrib, linalg, image, random, sparse, symbol  # noqa: E402
from . import executor  # noqa: E402,F401

# MXNet's generated modules of the same operators
gen_op, gen__internal, gen_contrib, gen_linalg, gen_image, gen_sparse = op, _internal, contrib, linalg, image, sparse

__getattr__ = _base.missing_names_getattr(__name__, 'mx.sym', ('np', 'npx', 'numpy', 'numpy_extension'), {
    name: 'symbols of NumPy semantics; mx.np works on arrays' for name in ('np', 'npx', 'numpy', 'numpy_extension')})
