"""mx.contrib.onnx: ONNX import (``import_model``, ``get_model_metadata``, ``import_to_gluon``) and the
older path of the exporter (``export_model``, now ``mx.onnx.export_model``). Each public function prints
MXNet 1.9.1's notice that the path is to be deprecated, then calls the function of the same name with a
trailing underscore, which does the work silently."""
from .onnx2mx.import_model import import_model as import_model_
from .onnx2mx.import_model import get_model_metadata as get_model_metadata_
from .onnx2mx.import_to_gluon import import_to_gluon as import_to_gluon_
from ...onnx import export_model as export_model_
from . import onnx2mx  # noqa: F401

_IMPORT_NOTICE = ('Please be advised that importing ONNX models into MXNet is going to be deprecated '
                  'in the upcoming MXNet v1.10 release. The following apis will be deleted: '
                  'mxnet.contrib.onnx.import_model/get_model_metadata/import_to_gluon.')


def import_model(*args, **kwargs):
    """Load an ONNX file as ``(sym, arg_params, aux_params)`` (see `import_model_`)."""
    print('Calling mxnet.contrib.onnx.import_model...')
    print(_IMPORT_NOTICE)
    return import_model_(*args, **kwargs)


def get_model_metadata(*args, **kwargs):
    """The names, shapes and types of an ONNX file's inputs and outputs (see `get_model_metadata_`)."""
    print('Calling mxnet.contrib.onnx.get_model_metadata...')
    print(_IMPORT_NOTICE)
    return get_model_metadata_(*args, **kwargs)


def import_to_gluon(*args, **kwargs):
    """Load an ONNX file as a gluon SymbolBlock (see `import_to_gluon_`)."""
    print('Calling mxnet.contrib.onnx.import_to_gluon...')
    print(_IMPORT_NOTICE)
    return import_to_gluon_(*args, **kwargs)


def export_model(*args, **kwargs):
    """mx.onnx.export_model under its older name."""
    print('Calling mxnet.contrib.onnx.export_model...')
    print('Please be advised that the ONNX module has been moved to mxnet.onnx and '
          'mxnet.onnx.export_model is the preferred path. The current path will be deprecated '
          'in the upcoming MXNet v1.10 release.')
    return export_model_(*args, **kwargs)
