"""Helpers of the ONNX -> MXNet converters: reading attributes or constant inputs, pads, dtypes."""
import numpy as np

INT64_MAX = np.iinfo(np.int64).max
INT64_MIN = np.iinfo(np.int64).min


def unsupported(node, what):
    raise NotImplementedError('ONNX %s node %r: %s is not supported' % (node.op_type, node.name, what))


def ints_from(node, attr, input_index, default=None):
    """A list of ints given as attribute `attr` (older opsets) or as constant input `input_index`."""
    if attr in node.attrs:
        return [int(v) for v in node.attrs[attr]]
    if node.has_input(input_index):
        value = node.const(input_index)
        if value is None:
            unsupported(node, 'a computed %s input' % attr)
        return [int(v) for v in np.asarray(value).reshape(-1)]
    return default


def scalar_value(node, i):
    """The value of input `i` when it is a one-element constant, else None."""
    value = node.const(i)
    if value is None or np.size(value) != 1:
        return None
    return np.asarray(value).reshape(-1)[0].item()


def rank_of(node, i=0):
    shape = node.shape(i)
    return None if shape is None else len(shape)


def need_rank(node, i=0):
    r = rank_of(node, i)
    if r is None:
        unsupported(node, 'an input of unknown rank')
    return r


def split_pads(pads, kernel_dims):
    """ONNX pads (all begins, then all ends) as (begins, ends)."""
    pads = list(pads) if pads else [0] * (2 * kernel_dims)
    return pads[:kernel_dims], pads[kernel_dims:]


def mx_dtype(elem_type):
    """The NumPy dtype name of an ONNX element type."""
    from ._import_helper import _onnx_np_dtype
    return _onnx_np_dtype(elem_type)
