"""``npx.image``: the image operators of ``mx.nd.image`` for mx.np arrays."""
import inspect

from ..ndarray.registry import OPS, _ARRAY_NAMES
from ..numpy._frontend import define

__all__ = []

for (_namespace, _name), _op in list(OPS.items()):
    if _namespace != 'image' or _name != _op.name:
        continue
    _parts, _arrays = [], []
    for _p in inspect.signature(_op.impl).parameters.values():
        if _p.kind is _p.VAR_KEYWORD:
            _parts.append('**' + _p.name)
            continue
        _parts.append(_p.name if _p.default is _p.empty else '{}={!r}'.format(_p.name, _p.default))
        if _p.name in _ARRAY_NAMES:
            _arrays.append(_p.name)
    globals()[_name] = define(_name, ', '.join(_parts + ['out=None']), _op.impl, loose=tuple(_arrays),
                              pass_kwargs=True)
    __all__.append(_name)
del _namespace, _name, _op, _parts, _arrays, _p


def _name_image_functions():
    # MXNet's npx.image starts as ``from mxnet.image import *`` (the augmenters, iterators, imread, ...) and
    # gets the image operators above on top; the same here, the operators winning a shared name
    from .. import image
    for name in dir(image):
        if not name.startswith('_') and name not in globals():
            globals()[name] = getattr(image, name)


_name_image_functions()
del _name_image_functions
