"""export_model and get_operator_support (MXNet 1.9.1's ``mx.onnx`` entry points)."""
import logging

import numpy as np

from ...base import string_types
from ...base import _require
from ..._fileio import write_atomically
from ._export_onnx import MXNetGraph, EXPORT_OPSET, EXPORT_IR_VERSION, _onnx, np_to_onnx_type
from ._export_helper import load_module


def get_operator_support(opset_version=None):
    """The sorted list of MXNet operators that the exporter converts at ONNX opset `opset_version`
    (default: the newest opset of the installed onnx package)."""
    onnx = _onnx()
    if opset_version is None:
        opset_version = onnx.defs.onnx_opset_version()
    ops = set()
    for version in range(opset_version, 11, -1):
        ops.update(MXNetGraph.registry_.get(version, {}))
    return sorted(ops)


def export_model(sym, params, in_shapes=None, in_types=np.float32, onnx_file_path='model.onnx', verbose=False,
                 dynamic=False, dynamic_input_shapes=None, run_shape_inference=False, input_type=None,
                 input_shape=None):
    """Export a symbol and its parameters to the ONNX file `onnx_file_path`; returns that path.

    `sym` is a Symbol or the path of a ``prefix-symbol.json`` file; `params` a dict of arrays (argument
    and auxiliary parameters together), a list ``[arg_params, aux_params]``, or the path of a
    ``prefix-EPOCH.params`` file. `in_shapes` lists the shape of each data input, `in_types` their dtype
    (one for all, or a list). `dynamic` leaves every dimension of the inputs and outputs unnamed, or
    uses `dynamic_input_shapes` (None for a free dimension) for the inputs. `input_type` and
    `input_shape` are the older names of `in_types` and `in_shapes`."""
    from ... import symbol
    onnx = _onnx()
    # the older argument names win when given, as in MXNet
    in_types = in_types if input_type is None else input_type
    in_shapes = in_shapes if input_shape is None else input_shape
    if in_shapes is None:
        raise TypeError('export_model: in_shapes (the shapes of the data inputs) must be given')
    if not isinstance(in_types, list):
        in_types = [in_types for _ in range(len(in_shapes))]
    onnx_types = [np_to_onnx_type(np.dtype(t)) for t in in_types]
    _require(len(in_types) == len(in_shapes), "The lengths of in_types and in_shapes must equal")

    if isinstance(sym, string_types) and isinstance(params, string_types):
        logging.info("Converting json and weight file to sym and params")
        sym, params = load_module(sym, params)
    elif isinstance(sym, symbol.Symbol) and isinstance(params, dict):
        pass
    elif isinstance(sym, symbol.Symbol) and isinstance(params, list) and len(params) == 2:
        merged = dict(params[0])
        merged.update(params[1])
        params = merged
    else:
        raise ValueError("Input sym and params should either be files or objects")

    graph = MXNetGraph().create_onnx_graph_proto(sym, params, in_shapes, onnx_types, verbose=verbose,
                                                 opset_version=EXPORT_OPSET, dynamic=dynamic,
                                                 dynamic_input_shapes=dynamic_input_shapes)
    model = onnx.helper.make_model(graph, opset_imports=[onnx.helper.make_opsetid('', EXPORT_OPSET)],
                                   producer_name='mxtorch')
    model.ir_version = EXPORT_IR_VERSION
    onnx.checker.check_model(model)
    if run_shape_inference:
        try:
            model = onnx.shape_inference.infer_shapes(model)
        except Exception:  # noqa: BLE001  (as MXNet: a failed inference keeps the model as exported)
            logging.info("Shape inference failed, original export is kept.")
    write_atomically(onnx_file_path, [model.SerializeToString()], 'mx.onnx.export_model')
    logging.info("Input shape of the model %s ", in_shapes)
    logging.info("Exported ONNX file %s saved to disk", onnx_file_path)
    return onnx_file_path
