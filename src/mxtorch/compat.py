"""The ``mxnet`` alias: after ``mxtorch.compat.install()``, ``import mxnet`` (and every ``mxnet.<sub>``)
gives the matching mxtorch module, so that unmodified MXNet code runs on mxtorch."""
import importlib
import importlib.abc
import importlib.util
import sys

__all__ = ['install', 'uninstall', 'installed']

ALIAS = 'mxnet'
TARGET = 'mxtorch'


class _AliasLoader(importlib.abc.Loader):
    def __init__(self, target_name):
        self.target_name = target_name

    def create_module(self, spec):
        return importlib.import_module(self.target_name)

    def exec_module(self, module):
        # the target module is already imported and initialised; nothing to run
        pass


class _AliasFinder(importlib.abc.MetaPathFinder):
    """Finds ``mxnet`` and ``mxnet.<sub>`` as ``mxtorch`` and ``mxtorch.<sub>``."""

    def find_spec(self, fullname, path=None, target=None):
        if fullname != ALIAS and not fullname.startswith(ALIAS + '.'):
            return None
        target_name = TARGET + fullname[len(ALIAS):]
        try:
            found = importlib.util.find_spec(target_name)
        except ModuleNotFoundError:
            found = None
        if found is None:
            raise ModuleNotFoundError(
                "No module named '{}': mxtorch has no '{}' (the mxnet alias maps mxnet.* to mxtorch.*)".format(
                    fullname, target_name), name=fullname)
        spec = importlib.util.spec_from_loader(fullname, _AliasLoader(target_name),
                                               is_package=found.submodule_search_locations is not None)
        return spec


_finder = _AliasFinder()


# Names that NumPy 1.x had and NumPy 2 removed; MXNet-era scripts (and MXNet's own tests) still use them.
# Only absent names are added, each as the object it used to alias, so nothing that exists changes.
_NUMPY_1_NAMES = {'NaN': 'nan', 'NAN': 'nan', 'Inf': 'inf', 'Infinity': 'inf', 'PINF': 'inf', 'NINF': None,
                  'float_': 'float64', 'complex_': 'complex128', 'string_': 'bytes_', 'unicode_': 'str_',
                  # functions NumPy 2 renamed (MXNet's mx.np has the old names and dispatches them)
                  'sometrue': 'any', 'alltrue': 'all', 'product': 'prod', 'cumproduct': 'cumprod',
                  'round_': 'round', 'trapz': 'trapezoid'}


def _restore_numpy_1_names():
    import numpy
    for old, new in _NUMPY_1_NAMES.items():
        if not hasattr(numpy, old):
            setattr(numpy, old, -numpy.inf if new is None else getattr(numpy, new))


def install():
    """Make ``import mxnet`` resolve to mxtorch (idempotent), and give back the NumPy 1.x names that
    NumPy 2 removed (``np.NaN``, ``np.Inf``, ``np.float_``, ...) where they are absent, because scripts
    written for MXNet use them."""
    _restore_numpy_1_names()
    if _finder not in sys.meta_path:
        sys.meta_path.insert(0, _finder)
    import mxtorch
    for name, module in list(sys.modules.items()):
        if module is not None and (name == TARGET or name.startswith(TARGET + '.')):
            sys.modules.setdefault(ALIAS + name[len(TARGET):], module)
    return mxtorch


def uninstall():
    """Remove the alias: ``import mxnet`` no longer finds mxtorch."""
    if _finder in sys.meta_path:
        sys.meta_path.remove(_finder)
    for name in [n for n in sys.modules if n == ALIAS or n.startswith(ALIAS + '.')]:
        module = sys.modules[name]
        if getattr(module, '__name__', '').startswith(TARGET):
            del sys.modules[name]


def installed():
    """Whether the alias is in place."""
    return _finder in sys.meta_path
