"""mx.onnx.mx2onnx: the exporter (graph walk in ``_export_onnx``, one converter per MXNet operator in
``_op_translations``)."""
from ._export_model import export_model, get_operator_support  # noqa: F401
from . import _export_helper, _export_onnx  # noqa: F401
from ._op_translations import _op_translations_opset12, _op_translations_opset13  # noqa: F401
