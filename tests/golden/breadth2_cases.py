"""MXNet 1.9.1 behaviour that its unit tests of other areas rely on (issue 13, helper breadth2): the
per-thread Block name scope class gluon.block._BlockScope, util._NumpyArrayScope's flag. Values are
MXNet 1.9.1's."""

_THREAD = "import threading\n"

CASES = [
    # ---- gluon.block._BlockScope: the name scope of blocks, one per thread ----
    ('blockscope_create_outside', "block = mx.gluon.block\n"
                                  "p, params = block._BlockScope.create(None, None, 'dense')\n"
                                  "q, _ = block._BlockScope.create('given_', None, 'dense')\n"
                                  "result = [p.startswith('dense'), p.endswith('_'), params.prefix == p, q]"),
    ('blockscope_create_in_scope', "block = mx.gluon.block\nnet = mx.gluon.nn.HybridSequential(prefix='net_')\n"
                                   "with net.name_scope():\n"
                                   "    a = block._BlockScope.create(None, None, 'conv')\n"
                                   "    b = block._BlockScope.create(None, None, 'conv')\n"
                                   "    c = block._BlockScope.create('mine_', None, 'conv')\n"
                                   "result = [a[0], a[1].prefix, b[0], c[0], c[1].prefix]"),
    ('blockscope_shared_params', "block = mx.gluon.block\nd = mx.gluon.nn.Dense(2, prefix='d_')\n"
                                 "p, params = block._BlockScope.create(None, d.params, 'dense')\n"
                                 "result = [params.prefix, sorted(params._shared.keys())]"),
    ('blockscope_per_thread', _THREAD + "block = mx.gluon.block\n"
                              "class B(object):\n    def __init__(self, prefix):\n"
                              "        self.prefix = prefix\n        self._empty_prefix = False\n"
                              "got = []\nev = threading.Event()\n"
                              "def f():\n    with block._BlockScope(B('spawned_')):\n"
                              "        ev.wait()\n        got.append(mx.name.NameManager.current.get(None, 'hello'))\n"
                              "t = threading.Thread(target=f)\nt.start()\n"
                              "with block._BlockScope(B('main_')):\n    main = mx.name.NameManager.current.get(None, 'hi')\n"
                              "    ev.set()\n    t.join()\n"
                              "result = [main, got]"),
    ('blockscope_empty_prefix', "block = mx.gluon.block\n"
                                "class B(object):\n    def __init__(self, prefix):\n"
                                "        self.prefix = prefix\n        self._empty_prefix = True\n"
                                "with block._BlockScope(B('x_')) as s:\n"
                                "    p = block._BlockScope.create('c_', None, 'conv')[0]\n"
                                "result = [p, s is not None]"),
    # ---- util._NumpyArrayScope ----
    ('np_array_scope_flag', "_NumpyArrayScope = mx.util._NumpyArrayScope\n"
                            "result = [_NumpyArrayScope(True)._is_np_array, _NumpyArrayScope(False)._is_np_array, "
                            "mx.util.np_array(True)._is_np_array, mx.util.np_array(False)._is_np_array]"),
    ('np_array_scope_per_thread', _THREAD + "seen = []\nev = threading.Event()\n"
                                  "def g():\n    with mx.util.np_array(True):\n        ev.wait()\n"
                                  "        seen.append(mx.util.is_np_array())\n    seen.append(mx.util.is_np_array())\n"
                                  "t = threading.Thread(target=g)\nt.start()\n"
                                  "with mx.util.np_array(False):\n    ev.set()\n    t.join()\n    main = mx.util.is_np_array()\n"
                                  "result = [seen, main, mx.util.is_np_array()]"),
    # ---- Symbol compose: keywords of an operator without inputs are ignored (nnvm's Compose) ----
    ('compose_no_input_op_ignores_keywords', "s = mx.sym.random.randn(data=mx.sym.ones((2, 2)), loc=10, scale=0.5, dtype='float32')\n"
                                             "t = mx.sym.random.normal(loc=1, scale=1, shape=(2,), foo=mx.sym.var('x'))\n"
                                             "u = mx.sym.zeros(shape=(3,), data=mx.sym.var('y'))\n"
                                             "result = [s.list_arguments(), s.attr('loc'), s.attr('shape'), t.list_arguments(), "
                                             "u.list_arguments(), u.infer_shape()[1]]"),
    ('compose_unknown_keyword_refused', "a, b, c = [mx.sym.var(n) for n in 'abc']\n"
                                        "result = mx.sym.elemwise_add(lhs=a, rhs=b, foo=c)"),
    ('compose_unknown_keyword_open_inputs', "c = mx.sym.var('c')\nresult = mx.sym.relu(foo=c).list_arguments()"),
    # ---- nd._internal._sample_unique_zipfian(range_max, shape) -> (samples, num_tries) ----
    ('unique_zipfian_kinds', "c, t = nd._internal._sample_unique_zipfian(793472, shape=(4, 8192))\n"
                             "a = c.asnumpy()\nn = t.asnumpy()\n"
                             "result = [c.shape, str(c.dtype), t.shape, str(t.dtype), [len(np.unique(r)) for r in a], "
                             "bool(a.min() >= 0), bool(a.max() < 793472), bool((n > 14500).all() and (n < 17000).all())]"),
    ('unique_zipfian_all_classes', "c, t = nd._internal._sample_unique_zipfian(20, shape=(3, 20))\n"
                                   "result = [sorted(r) for r in c.asnumpy().tolist()] + [bool((t.asnumpy() >= 20).all())]"),
    ('unique_zipfian_small', "c, t = nd._internal._sample_unique_zipfian(1000, shape=(5, 7))\na = c.asnumpy()\n"
                             "result = [[len(set(r)) for r in a.tolist()], bool((t.asnumpy() >= 7).all()), bool(a.max() < 1000)]"),
    ('unique_zipfian_symbol', "s = mx.sym._internal._sample_unique_zipfian(range_max=10, shape=(2, 3))\n"
                              "o = s.bind(mx.cpu(), {}).forward()\n"
                              "result = [s.list_outputs(), s.infer_shape()[1], s.infer_type()[1], o[0].shape, o[1].shape]"),
    ('unique_zipfian_1d_shape', "result = nd._internal._sample_unique_zipfian(10, shape=(5,))"),
    ('unique_zipfian_3d_shape', "result = nd._internal._sample_unique_zipfian(10, shape=(2, 3, 4))"),
]
