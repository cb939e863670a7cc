"""MXNet's lookup of the mx.np / mx.npx function behind a backend operator name (``_np_<name>``,
``_npx_<name>``, with a submodule prefix such as ``_np_linalg_``). mxtorch's operators are registered
under their own names, so no backend name starts with ``_np_`` and nothing needs a signature attached."""
from . import numpy as _mx_np
from . import numpy_extension as _mx_npx

__all__ = []

_SUBMODULES = {'_np_': ('linalg', 'random'), '_npx_': ('image', 'random')}


def _get_builtin_op(op_name):
    """The function ``mx.np[.<submodule>].<name>`` for ``_np_[<submodule>_]<name>`` (likewise npx), None
    for a name of neither form; a name that does not resolve is a ValueError, as in MXNet."""
    for prefix, root in (('_np_', _mx_np), ('_npx_', _mx_npx)):
        if not op_name.startswith(prefix):
            continue
        rest = op_name[len(prefix):]
        module = root
        for sub in _SUBMODULES[prefix]:
            if rest.startswith(sub + '_'):
                module, rest = getattr(root, sub), rest[len(sub) + 1:]
                break
        op = getattr(module, rest, None)
        if op is None:
            raise ValueError('Cannot find operator {} in module {}'.format(rest, module.__name__))
        return op
    return None
