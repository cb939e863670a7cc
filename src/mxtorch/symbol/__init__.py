"""MXNet's symbolic API (``mx.sym``, ``mx.symbol``): Symbol graphs, MXNet's JSON files of them, shape and
type inference, and executors that run them with torch.

The operator functions are made from MXNet's facts about its operators and run mxtorch's one operator
table: the same names, parameters and placement as MXNet's (see register.py)."""
from . import _opdefs
from .symbol import (Symbol, var, Variable, Group, load, load_json, pow, power, maximum, minimum, hypot, eye,
                     zeros, ones, full, arange, linspace, histogram, split_v2)
from . import register

register.attach_methods(Symbol)
globals().update({_k: _v for _k, _v in register.module_functions('op').items() if _k not in globals()})

from . import _internal, op, contrib, linalg, image, random, sparse, symbol  # noqa: E402
from . import executor  # noqa: E402,F401
from . import cached_op as _cached_op  # noqa: E402
from .. import ndarray as _ndarray  # noqa: E402

# mx.nd.CachedOp runs a Symbol: it is made here, above the ndarray layer, and placed where MXNet has it
_ndarray.CachedOp = _cached_op.CachedOp

# MXNet's generated modules of the same operators
gen_op, gen__internal, gen_contrib, gen_linalg, gen_image, gen_sparse = op, _internal, contrib, linalg, image, sparse



def __getattr__(name):
    """``mx.sym.np`` / ``mx.sym.npx``: the NumPy front end of the builder (symbol/numpy.py), which stands on
    mx.np and so is imported when first asked for (mx.np sits above this package)."""
    if name in ('np', 'numpy', 'npx', 'numpy_extension'):
        import importlib
        found = importlib.import_module(__name__ + ('.numpy' if name in ('np', 'numpy') else '.numpy_extension'))
        globals()[name] = found
        return found
    raise AttributeError("module '{}' has no attribute '{}'".format(__name__, name))
