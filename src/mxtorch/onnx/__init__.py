"""mx.onnx: export a symbol and its parameters to an ONNX file (MXNet 1.9.1's ``mxnet.onnx``).

The ``onnx`` package is imported only when a function here is called, so ``import mxtorch`` stays quick.
The files written declare ONNX opset 13, the newest opset whose operators MXNet 1.9.1's converters write
(they are registered for opsets 12 and 13 only); onnx.checker and onnxruntime check each file against it."""
from .mx2onnx import export_model, get_operator_support  # noqa: F401
from . import mx2onnx  # noqa: F401

__all__ = ['export_model', 'get_operator_support']
