"""The converters, one per MXNet operator. ``_op_translations_opset12`` holds those whose ONNX form is the
same from opset 12 on; ``_op_translations_opset13`` those that opset 13 changed (axes and split sizes
given as inputs, softmax over one axis)."""
from . import _op_translations_opset12, _op_translations_opset13  # noqa: F401
