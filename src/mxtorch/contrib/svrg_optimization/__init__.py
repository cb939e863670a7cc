"""mx.contrib.svrg_optimization: stochastic variance-reduced gradient (SVRG) training of Modules.

``svrg_module.SVRGModule`` is a Module that keeps a second Module holding the weights of the last snapshot
and, every ``update_freq`` epochs, the mean gradient over all the data at that snapshot; each update then
uses ``g(w) - g(snapshot) + full gradient(snapshot)``. ``svrg_optimizer`` holds the optimizer that routes
those full gradients (the ``<name>_full`` keys) apart from the weights. As in MXNet, ``import mxnet`` does
not load this package; import it by name."""
from . import svrg_module  # noqa: F401
from . import svrg_optimizer  # noqa: F401
