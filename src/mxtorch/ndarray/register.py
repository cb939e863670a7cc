"""``mx.nd.register``: where MXNet makes the operator functions when it starts. Scripts import the two
optimizer updates MXNet writes by hand there (``adamw_update``, ``mp_adamw_update``, which take
``rescale_grad`` as an array); they are the table's ``mx.nd.contrib`` functions."""
from ..base import check_call, mx_uint, py_str  # noqa: F401  (names MXNet's module has)
from ..util import use_np_shape  # noqa: F401
from .ndarray import NDArray as NDArrayBase  # noqa: F401  (see _generated_modules)
from .contrib import adamw_update, mp_adamw_update  # noqa: F401
