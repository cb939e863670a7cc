"""mxnet.base's helpers that code outside MXNet imports (custom operators, GluonCV/GluonNLP utilities): the
ctypes builders, classproperty, with_metaclass, NotSupportedForSparseNDArray's message, the Python 2 names,
the error registry reached through base. Values are MXNet 1.9.1's."""
_IMPORTS = "import ctypes\nbase = mx.base\n"

CASES = [
    ('c_str', _IMPORTS + "result = base.c_str('ab\u00e9').value.decode('utf-8')"),
    ('c_str_array', _IMPORTS + "a = base.c_str_array(['a', 'bc', ''])\nresult = [len(a), [x.decode() for x in a]]"),
    ('c_array', _IMPORTS + "a = base.c_array(ctypes.c_int, [3, -1, 7])\nresult = [len(a), list(a), type(a)._type_.__name__]"),
    ('c_array_of_mx_uint', _IMPORTS + "result = list(base.c_array(base.mx_uint, [1, 2]))"),
    ('c_array_buf', _IMPORTS + "import array\nbuf = array.array('f', [1.5, 2.5])\na = base.c_array_buf(base.mx_float, buf)\n"
                    "a[0] = 4.0\nresult = [list(a), list(buf)]"),
    ('ctypes2buffer', _IMPORTS + "a = (ctypes.c_char * 4)(b'w', b'x', b'y', b'z')\n"
                      "result = bytes(base.ctypes2buffer(ctypes.cast(a, ctypes.POINTER(ctypes.c_char)), 4)).decode()"),
    ('ctypes2buffer_not_a_char_pointer', _IMPORTS + "result = base.ctypes2buffer(ctypes.c_int(3), 1)"),
    ('ctypes2numpy_shared', _IMPORTS + "f = (ctypes.c_float * 6)(*range(6))\n"
                            "x = base.ctypes2numpy_shared(ctypes.cast(f, base.mx_float_p), (2, 3))\nf[0] = 9.0\n"
                            "result = [x.shape, x.dtype.name, x.ravel().tolist()]"),
    ('ctypes2numpy_shared_not_a_float_pointer', _IMPORTS + "result = base.ctypes2numpy_shared(ctypes.c_int(3), (1,))"),
    ('handle_types', _IMPORTS + "result = [h.__name__ for h in (base.NDArrayHandle, base.SymbolHandle, "
                     "base.KVStoreHandle, base.CachedOpHandle)] + [base.mx_float_p._type_.__name__]"),
    ('py2_names', _IMPORTS + "result = [base.basestring is str, base.long is int]"),
    ('classproperty', _IMPORTS + "class P:\n    @base.classproperty\n    def name(cls):\n        return cls.__name__ + '!'\n"
                      "class Q(P):\n    pass\nresult = [P.name, Q.name, Q().name]"),
    ('with_metaclass', _IMPORTS + "class Meta(type):\n    def __new__(mcs, name, bases, ns):\n"
                       "        ns['tag'] = name.lower()\n        return super().__new__(mcs, name, bases, ns)\n"
                       "class A(base.with_metaclass(Meta, object)):\n    pass\nclass B(A):\n    pass\n"
                       "result = [type(A).__name__, A.tag, B.tag, [c.__name__ for c in B.__mro__]]"),
    ('not_supported_for_sparse', _IMPORTS + "def dot(): pass\n"
                                 "e = base.NotSupportedForSparseNDArray(dot, 'dot', 1, 'x')\n"
                                 "result = [str(e), isinstance(e, base.MXNetError), e.function, e.alias]"),
    ('not_supported_for_sparse_without_alias', _IMPORTS + "def f(): pass\n"
                                               "result = str(base.NotSupportedForSparseNDArray(f, None))"),
    ('check_call_zero', _IMPORTS + "result = base.check_call(0)"),
    ('error_registry_through_base', _IMPORTS + "result = [callable(base.register_error), 'ValueError' in base.error_types, "
                                    "callable(base.c2pyerror)]"),
]
