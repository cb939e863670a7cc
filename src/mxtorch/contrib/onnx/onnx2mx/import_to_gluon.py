"""import_to_gluon: an ONNX file as a gluon SymbolBlock."""
from .import_onnx import GraphProto, load_model_proto


def import_to_gluon(model_file, ctx):
    """Import the ONNX file `model_file` as a gluon SymbolBlock whose inputs are the file's data inputs,
    with its parameters loaded on `ctx` (a Context or a list of them)."""
    model_proto = load_model_proto(model_file)
    opset_version = max([x.version for x in model_proto.opset_import])
    return GraphProto().graph_to_gluon(model_proto.graph, ctx, opset_version)
