"""mx.nd.gen_* / mx.nd.op / mx.sym.gen_* are views of the operator table: the same function objects."""
import importlib

import mxtorch as mx


def _module(name):
    return importlib.import_module('mxtorch.' + name)


def test_nd_generated_modules_hold_the_table_functions():
    assert _module('ndarray.gen_op').broadcast_add is mx.nd.broadcast_add
    assert _module('ndarray.op').relu is mx.nd.relu
    assert _module('ndarray.gen_contrib').box_nms is mx.nd.contrib.box_nms
    assert _module('ndarray.gen_linalg').gemm2 is mx.nd.linalg.gemm2
    assert _module('ndarray.gen_image').to_tensor is mx.nd.image.to_tensor
    assert _module('ndarray.gen_random').pdf_normal is mx.nd.random_pdf_normal
    assert _module('ndarray.gen_op').NDArrayBase is mx.nd.NDArray


def test_sym_generated_modules_hold_the_symbol_functions():
    assert _module('symbol.gen_op').FullyConnected is mx.sym.FullyConnected
    assert _module('symbol.gen_contrib').box_nms is mx.sym.contrib.box_nms
    assert _module('symbol.gen_linalg').gemm2 is mx.sym.linalg.gemm2
    assert _module('symbol.gen_random').uniform is mx.sym._internal._random_uniform
    assert _module('symbol.gen_op').SymbolBase is mx.sym.Symbol


def test_generated_function_computes():
    out = _module('ndarray.gen_linalg').gemm2(mx.nd.array([[1., 2.]]), mx.nd.array([[3.], [4.]]))
    assert out.asnumpy().tolist() == [[11.0]]
