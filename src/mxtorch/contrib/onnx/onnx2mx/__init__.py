"""mx.contrib.onnx.onnx2mx: the importer (graph walk in ``import_onnx``, one converter per ONNX operator in
``_op_translations``, the table in ``_import_helper``)."""
from . import import_model, import_onnx, import_to_gluon, _import_helper, _op_translations  # noqa: F401
from . import _translation_utils  # noqa: F401
