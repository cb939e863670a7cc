"""The table of ONNX operators the importer converts, and ONNX element types as NumPy dtype names."""
import numpy as np

from . import _op_translations as T


def _onnx_np_dtype(elem_type):
    import onnx
    return np.dtype(onnx.helper.tensor_dtype_to_np_dtype(elem_type)).name


_convert_map = {
    # element-wise arithmetic
    'Add': T._binary('Add'), 'Sub': T._binary('Sub'), 'Mul': T._binary('Mul'), 'Div': T._binary('Div'),
    'Pow': T._binary('Pow'), 'Max': T._binary('Max'), 'Min': T._binary('Min'),
    'Sum': T.convert_sum, 'Mean': T.convert_mean,
    'Abs': T._unary('abs'), 'Neg': T._unary('negative'), 'Reciprocal': T._unary('reciprocal'),
    'Sqrt': T._unary('sqrt'), 'Exp': T._unary('exp'), 'Log': T._unary('log'), 'Ceil': T._unary('ceil'),
    'Floor': T._unary('floor'), 'Round': T._unary('round'), 'Sign': T._unary('sign'), 'Erf': T._unary('erf'),
    'Sin': T._unary('sin'), 'Cos': T._unary('cos'), 'Tan': T._unary('tan'), 'Asin': T._unary('arcsin'),
    'Acos': T._unary('arccos'), 'Atan': T._unary('arctan'),
    'Clip': T.convert_clip, 'Where': T.convert_where, 'Cast': T.convert_cast,
    # comparisons and logic
    'Equal': T._compare('Equal'), 'Greater': T._compare('Greater'), 'Less': T._compare('Less'),
    'GreaterOrEqual': T._compare('GreaterOrEqual'), 'LessOrEqual': T._compare('LessOrEqual'),
    'And': T._compare('And'), 'Or': T._compare('Or'), 'Xor': T._compare('Xor'), 'Not': T.convert_not,
    # activations
    'Relu': T.convert_relu, 'Sigmoid': T.convert_sigmoid, 'Tanh': T.convert_tanh,
    'Softplus': T.convert_softplus, 'Softsign': T.convert_softsign, 'LeakyRelu': T.convert_leaky_relu,
    'Elu': T.convert_elu, 'Selu': T.convert_selu, 'PRelu': T.convert_prelu,
    'HardSigmoid': T.convert_hard_sigmoid,
    'Softmax': T._softmax_like('softmax', 'softmax'), 'LogSoftmax': T._softmax_like('log_softmax', 'log_softmax'),
    # layers
    'Conv': T.convert_conv, 'ConvTranspose': T.convert_conv_transpose,
    'BatchNormalization': T.convert_batch_norm, 'InstanceNormalization': T.convert_instance_norm,
    'LRN': T.convert_lrn, 'Gemm': T.convert_gemm, 'MatMul': T.convert_matmul,
    'MaxPool': T._pool('max'), 'AveragePool': T._pool('avg'), 'LpPool': T._pool('lp'),
    'GlobalMaxPool': T._global_pool('max'), 'GlobalAveragePool': T._global_pool('avg'),
    'GlobalLpPool': T._global_pool('lp'),
    'Dropout': T.convert_dropout, 'Identity': T.convert_identity,
    # shapes
    'Flatten': T.convert_flatten, 'Concat': T.convert_concat, 'Reshape': T.convert_reshape,
    'Transpose': T.convert_transpose, 'Squeeze': T.convert_squeeze, 'Unsqueeze': T.convert_unsqueeze,
    'Slice': T.convert_slice, 'Split': T.convert_split, 'Gather': T.convert_gather, 'Expand': T.convert_expand,
    'Tile': T.convert_tile, 'Pad': T.convert_pad, 'Shape': T.convert_shape, 'Size': T.convert_size,
    'ConstantOfShape': T.convert_constant_of_shape,
    'DepthToSpace': T.convert_depth_to_space, 'SpaceToDepth': T.convert_space_to_depth,
    # reductions
    'ReduceSum': T._reduce('sum', 13), 'ReduceMean': T._reduce('mean', 18), 'ReduceMax': T._reduce('max', 18),
    'ReduceMin': T._reduce('min', 18), 'ReduceProd': T._reduce('prod', 18),
    'ReduceL1': T._reduce_norm(1), 'ReduceL2': T._reduce_norm(2),
    'ArgMax': T._arg_reduce('argmax'), 'ArgMin': T._arg_reduce('argmin'), 'TopK': T.convert_topk,
    # further
    'Resize': T.convert_resize, 'OneHot': T.convert_one_hot, 'GatherND': T.convert_gather_nd,
    'ReverseSequence': T.convert_reverse_sequence,
    'RandomUniform': T._random('uniform', False), 'RandomNormal': T._random('normal', False),
    'RandomUniformLike': T._random('uniform', True), 'RandomNormalLike': T._random('normal', True),
}
