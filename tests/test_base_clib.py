"""mxtorch.base._LIB, the stand-in for MXNet's C library: what it cannot do is named; a handle it did not
make is refused by NDArray (the DLPack path itself is in golden area breadth1)."""
import ctypes

import pytest

import mxtorch as mx


def test_unknown_c_function_is_named():
    with pytest.raises(AttributeError, match='MXNDArrayCreate.*no C library'):
        mx.base._LIB.MXNDArrayCreate


def test_null_dlpack_pointer_is_refused():
    handle = mx.base.NDArrayHandle()
    with pytest.raises(mx.base.MXNetError, match='NULL'):
        mx.base._LIB.MXNDArrayFromDLPack(ctypes.c_void_p(), ctypes.byref(handle))
    assert handle.value is None


def test_handle_not_made_by_the_library_is_refused():
    with pytest.raises(TypeError, match='wraps a torch.Tensor.*c_void_p'):
        mx.nd.NDArray(handle=ctypes.c_void_p(12345))
    with pytest.raises(TypeError, match='wraps a torch.Tensor.*list'):
        mx.nd.NDArray([1, 2])


def test_a_handle_is_taken_once():
    x = mx.nd.arange(4)
    handle = mx.base.NDArrayHandle()
    capsule = ctypes.py_object(mx.nd.to_dlpack_for_read(x))
    pointer = ctypes.pythonapi.PyCapsule_GetPointer(capsule, b'dltensor')
    mx.base._LIB.MXNDArrayFromDLPack(ctypes.c_void_p(pointer), ctypes.byref(handle))
    ctypes.pythonapi.PyCapsule_SetName(capsule, b'used_dltensor')
    ctypes.pythonapi.PyCapsule_SetDestructor(capsule, None)
    y = mx.nd.NDArray(handle=handle)
    assert y.asnumpy().tolist() == [0, 1, 2, 3]
    with pytest.raises(TypeError):
        mx.nd.NDArray(handle=handle)
