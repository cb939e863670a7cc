"""import_model and get_model_metadata: an ONNX file as a symbol with its parameters."""
from .import_onnx import GraphProto, load_model_proto


def import_model(model_file):
    """Import the ONNX file `model_file`; returns ``(sym, arg_params, aux_params)``: the symbol and
    dicts of NDArrays of its argument and auxiliary parameters (the file's initializers)."""
    model_proto = load_model_proto(model_file)
    opset_version = max([x.version for x in model_proto.opset_import])
    return GraphProto().from_onnx(model_proto.graph, opset_version=opset_version)


def get_model_metadata(model_file):
    """The inputs and outputs of the ONNX file `model_file`: a dict with 'input_tensor_data', a list of
    ``(name, shape, onnx element type)`` of the data inputs, and 'output_tensor_data', a list of
    ``(name, shape)``."""
    model_proto = load_model_proto(model_file)
    return GraphProto().get_graph_metadata(model_proto.graph)
