"""What Gluon asks of mx.np (imported by gluon/block.py and gluon/parameter.py): whether a call's inputs
are mx.np arrays, MXNet's check that a block in NumPy mode gives only mx.np arrays, and the class a
parameter's arrays are made of."""
from ..ndarray.ndarray import NDArray
from .multiarray import ndarray

__all__ = ['any_np_array', 'check_outputs', 'as_np']


def any_np_array(values):
    """Whether `values` (arrays, nested lists of them) hold an mx.np array."""
    for v in values:
        if isinstance(v, ndarray) or (isinstance(v, (list, tuple)) and any_np_array(v)):
            return True
    return False


def check_outputs(out):
    """MXNet's TypeError for a block that gives a legacy NDArray in NumPy mode (nested lists searched)."""
    if out.__class__ is ndarray:
        return
    if isinstance(out, NDArray) and not isinstance(out, ndarray):
        raise TypeError("Block's output ndarrays/symbols must be of type `mxnet.numpy.ndarray` or "
                        "`mxnet.symbol.numpy._Symbol`, while got output type {}".format(type(out)))
    if isinstance(out, (list, tuple)):
        for o in out:
            check_outputs(o)


def as_np(array):
    """The array as an mx.np array (sharing memory)."""
    return array if isinstance(array, ndarray) else array.as_np_ndarray()
