"""mx.contrib.onnx: ONNX import (``import_model``, ``get_model_metadata``, ``import_to_gluon``) and the
older path of the exporter (``export_model``, now ``mx.onnx.export_model``). Each public function prints
MXNet 1.9.1's notice that the path is to be deprecated, then calls the function of the same name with a
trailing underscore, which does the work silently."""
from . import onnx2mx  # noqa: F401
from .onnx2mx import import_model as _import_model_module, import_to_gluon as _import_to_gluon_module
from ... import onnx as _onnx_export

import_model_ = _import_model_module.import_model
get_model_metadata_ = _import_model_module.get_model_metadata
import_to_gluon_ = _import_to_gluon_module.import_to_gluon
export_model_ = _onnx_export.export_model

_IMPORT_NOTICE = ('Please be advised that importing ONNX models into MXNet is going to be deprecated '
                  'in the upcoming MXNet v1.10 release. The following apis will be deleted: '
                  'mxnet.contrib.onnx.import_model/get_model_metadata/import_to_gluon.')
_EXPORT_NOTICE = ('Please be advised that the ONNX module has been moved to mxnet.onnx and '
                  'mxnet.onnx.export_model is the preferred path. The current path will be deprecated '
                  'in the upcoming MXNet v1.10 release.')


def _announce(name, notice):
    print('Calling mxnet.contrib.onnx.%s...' % name)
    print(notice)


def import_model(*args, **kwargs):
    """Load an ONNX file as ``(sym, arg_params, aux_params)`` (see `import_model_`)."""
    _announce('import_model', _IMPORT_NOTICE)
    return import_model_(*args, **kwargs)


def get_model_metadata(*args, **kwargs):
    """The names, shapes and types of an ONNX file's inputs and outputs (see `get_model_metadata_`)."""
    _announce('get_model_metadata', _IMPORT_NOTICE)
    return get_model_metadata_(*args, **kwargs)


def import_to_gluon(*args, **kwargs):
    """Load an ONNX file as a gluon SymbolBlock (see `import_to_gluon_`)."""
    _announce('import_to_gluon', _IMPORT_NOTICE)
    return import_to_gluon_(*args, **kwargs)


def export_model(*args, **kwargs):
    """mx.onnx.export_model under its older name."""
    _announce('export_model', _EXPORT_NOTICE)
    return export_model_(*args, **kwargs)
