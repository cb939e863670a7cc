"""``mx.sym.npx``: graph-node forms of ``mx.npx``'s operators (see symbol/numpy.py for how they are made),
with ``npx.set_np`` and the other switches, which are the same functions as ``mx.npx``'s."""
from .. import numpy_extension as _mx_npx
from ..util import set_np, reset_np, is_np_array, is_np_shape, use_np, use_np_array, use_np_shape  # noqa: F401
from .numpy import functions_of, _submodule

_FUNCTIONS = functions_of(_mx_npx)
globals().update(_FUNCTIONS)
image = _submodule('image', functions_of(_mx_npx.image), '``mx.sym.npx.image``: graph nodes of mx.npx.image.', __name__)
random = _submodule('random', functions_of(_mx_npx.random), '``mx.sym.npx.random``: graph nodes of mx.npx.random.', __name__)
__all__ = sorted(_FUNCTIONS) + ['set_np', 'reset_np', 'is_np_array', 'is_np_shape', 'use_np', 'use_np_array',
                                'use_np_shape', 'image', 'random']
