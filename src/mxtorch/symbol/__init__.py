"""MXNet's symbolic API (``mx.sym``, ``mx.symbol``): Symbol graphs, their JSON files, shape and type
inference, and executors that run them with torch.

The operator functions here are views of the one operator table that ``mx.nd`` is made from: the same
names and parameters, building graph nodes instead of computing (see register.py)."""
from . import _opdefs
from .symbol import (Symbol, var, Variable, Group, load, load_json, fromjson, pow, power, maximum, minimum,
                     hypot, eye, zeros, ones, full, arange, linspace, histogram, split_v2)
from . import register as _register

# the operators of the table, without replacing the functions above (MXNet's own, beside its operators)
globals().update({_k: _v for _k, _v in _register.namespace_functions('').items() if _k not in globals()})
_register.attach_methods(Symbol)


def _split_v2_method(self, *args, **kwargs):
    return split_v2(self, *args, **kwargs)


Symbol.split_v2 = _split_v2_method

from . import random, linalg, contrib, image, sparse, op, _internal  # noqa: E402
from .executor import Executor  # noqa: E402,F401


