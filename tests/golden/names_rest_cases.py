"""MXNet 1.9.1 names outside the big areas (issue 13): mx.contrib.autograd's legacy API, mx.contrib.symbol,
mx.contrib.tensorboard without a SummaryWriter, mx.np_symbol, mx.th, and the smaller helpers of mx.base,
mx.callback, mx.rnn, mx.util, mx.profiler, mx.gluon.data.dataloader. Values are MXNet 1.9.1's."""
_CA = "ca = mx.contrib.autograd\n"

CASES = [
    # ---- mx.contrib.autograd ----
    ('ca_set_is_training', _CA + "a = ca.set_is_training(True)\nb = [autograd.is_recording(), autograd.is_training()]\n"
                           "c = ca.set_is_training(False)\nresult = [a, b, c, autograd.is_recording(), autograd.is_training()]"),
    ('ca_set_is_training_returns_recording', _CA + "autograd.set_training(True)\na = ca.set_is_training(False)\n"
                                             "autograd.set_recording(True)\nb = ca.set_is_training(False)\n"
                                             "autograd.set_training(False)\nresult = [a, b]"),
    ('ca_sections', _CA + "s = []\nwith ca.train_section():\n    s.append([autograd.is_recording(), autograd.is_training()])\n"
                    "    with ca.test_section():\n        s.append([autograd.is_recording(), autograd.is_training()])\n"
                    "    s.append([autograd.is_recording(), autograd.is_training()])\n"
                    "s.append([autograd.is_recording(), autograd.is_training()])\nresult = s"),
    ('ca_scope_exit_keeps_other_flag', _CA + "autograd.set_training(True)\nwith ca.TrainingStateScope(False):\n"
                                       "    inside = [autograd.is_recording(), autograd.is_training()]\n"
                                       "after = [autograd.is_recording(), autograd.is_training()]\n"
                                       "autograd.set_training(False)\nresult = [inside, after]"),
    ('ca_grad_and_loss', _CA + "x = nd.array([[1, 2], [3, 4]])\ny = nd.array([[0.5, -1], [2, 0]])\n"
                         "g, out = ca.grad_and_loss(lambda a, b: a * b + a ** 2)(x, y)\nresult = g + [out]"),
    ('ca_grad_argnum', _CA + "x = nd.array([1, 2, 3])\ny = nd.array([4, 5, 6])\n"
                       "result = ca.grad(lambda a, b: nd.exp(a) * b, argnum=1)(x, y) + "
                       "ca.grad(lambda a, b: nd.exp(a) * b, argnum=[1, 0])(x, y)"),
    ('ca_grad_list_outputs', _CA + "x = nd.array([1, 2, 3])\n"
                             "g, outs = ca.grad_and_loss(lambda a: [a * 2, a * a])(x)\nresult = g + outs"),
    ('ca_grad_fully_connected', _CA + "a = nd.arange(6).reshape((2, 3)) / 5\nw = nd.arange(12).reshape((4, 3)) / 7\n"
                                "b = nd.array([0.1, 0.2, 0.3, 0.4])\n"
                                "result = ca.grad(lambda a, w, b: nd.FullyConnected(a, w, b, num_hidden=4))(a, w, b)"),
    ('ca_mark_backward_out_grads', _CA + "x = nd.array([1, 2, 3])\ngx = nd.zeros(3)\nca.mark_variables([x], [gx])\n"
                                   "with ca.train_section():\n    y = x * x\n    z = x * 3\n"
                                   "ca.backward([y, z], [nd.array([1, 10, 100]), None])\nresult = gx"),
    ('ca_mark_add', _CA + "x = nd.array([1, 2, 3])\ngx = nd.ones(3)\nca.mark_variables([x], [gx], grad_reqs=['add'])\n"
                    "for _ in range(2):\n    with ca.train_section():\n        y = x * x\n    ca.compute_gradient([y])\nresult = gx"),
    ('ca_retain_graph', _CA + "x = nd.array([1, 2])\ngx = nd.zeros(2)\nca.mark_variables([x], [gx])\n"
                        "with ca.train_section():\n    y = x * 5\nca.backward([y], retain_graph=True)\n"
                        "ca.backward([y])\nresult = gx"),
    ('ca_backward_needs_list', _CA + "x = nd.array([1, 2])\nx.attach_grad()\nwith ca.train_section():\n    y = x * 2\n"
                               "result = ca.backward(y)"),
    ('ca_backward_grads_length', _CA + "x = nd.array([1, 2])\nx.attach_grad()\nwith ca.train_section():\n    y = x * 2\n"
                                 "result = ca.backward([y], [nd.ones(2), nd.ones(2)])"),
    ('ca_bad_grad_req', _CA + "result = ca.mark_variables([nd.ones(2)], [nd.zeros(2)], 'sometimes')"),
    ('ca_bad_grad_req_list', _CA + "result = ca.mark_variables([nd.ones(2)], [nd.zeros(2)], ['writ'])"),
    ('ca_input_not_ndarray', _CA + "result = ca.grad(lambda a: a * 2)([1, 2])"),
    ('ca_grad_keeps_name', _CA + "def loss_fn(a):\n    return a * 2\nresult = [ca.grad(loss_fn).__name__, ca.grad_and_loss(loss_fn).__name__]"),
    # ---- mx.contrib.symbol / sym ----
    ('contrib_sym_is_symbol', "result = [mx.contrib.sym is mx.contrib.symbol, "
                              "sorted(n for n in dir(mx.contrib.symbol) if not n.startswith('_'))]"),
    ('contrib_sym_box_iou', "a = mx.sym.var('a')\nb = mx.sym.var('b')\ns = mx.contrib.sym.box_iou(a, b, format='center')\n"
                            "ex = s.bind(mx.cpu(), {'a': nd.array([[0, 0, 2, 2], [1, 1, 2, 4]]), "
                            "'b': nd.array([[0.5, 0.5, 1, 1]])})\nresult = [s.list_arguments(), ex.forward()[0]]"),
    ('contrib_sym_quadratic_infer', "s = mx.contrib.symbol.quadratic(mx.sym.var('x'), a=1, b=2, c=3)\n"
                                    "ex = s.bind(mx.cpu(), {'x': nd.array([1, 2])})\n"
                                    "result = [s.infer_shape(x=(2, 3))[1], ex.forward()[0]]"),
    # ---- mx.np_symbol, mx.th ----
    ('np_symbol_functions', "z = mx.np_symbol.zeros((2, 3))\ns = mx.np_symbol.add(z, mx.np_symbol.ones((2, 3)))\n"
                            "result = [type(z).__name__, isinstance(z, mx.np_symbol.Symbol), mx.np_symbol.Symbol is mx.sym.Symbol, "
                            "s.infer_shape()[1]]"),
    ('th_names', "result = [mx.th is mx.torch, sorted(n for n in dir(mx.th) if not n.startswith('_'))]"),
    # ---- mx.base ----
    ('base_build_param_doc', "result = mx.base.build_param_doc(['a', 'num_args', 'a', 'b'], ['int', 'int', 'int, optional', 'str'], "
                             "['first', '', 'again', ''])"),
    ('base_build_param_doc_keep_dup', "result = [mx.base.build_param_doc(['a', 'a'], ['int', 'x'], ['', 'd'], remove_dup=False), "
                                      "mx.base.build_param_doc([], [], [])]"),
    ('base_add_fileline', "import sys, importlib\nwith open(tmpdir + '/fl_mod.py', 'w') as f:\n"
                          "    f.write('def f():\\n    \"doc of f\"\\n\\n\\ndef g():\\n    pass\\n\\n\\n'\n"
                          "            'class C:\\n    \"C doc\"\\n\\n    def m(self):\\n        \"m doc\"\\n\\n'\n"
                          "            '    def n(self):\\n        \"From: here\"\\n')\n"
                          "sys.path.insert(0, tmpdir)\ntry:\n    m = importlib.import_module('fl_mod')\n"
                          "    mx.base.add_fileline_to_docstring('fl_mod')\n    mx.base.add_fileline_to_docstring(m)\n"
                          "finally:\n    sys.path.remove(tmpdir)\n    sys.modules.pop('fl_mod', None)\n"
                          "result = [d.replace(tmpdir, '<tmp>') if d else d for d in (m.f.__doc__, m.g.__doc__, m.C.__doc__, "
                          "m.C.m.__doc__, m.C.n.__doc__)]"),
    ('base_add_fileline_not_incursive', "import sys, importlib\nwith open(tmpdir + '/fl_mod2.py', 'w') as f:\n"
                                        "    f.write('class C:\\n    def m(self):\\n        \"m doc\"\\n')\n"
                                        "sys.path.insert(0, tmpdir)\ntry:\n    m = importlib.import_module('fl_mod2')\n"
                                        "    mx.base.add_fileline_to_docstring(m, incursive=False)\n"
                                        "finally:\n    sys.path.remove(tmpdir)\n    sys.modules.pop('fl_mod2', None)\n"
                                        "result = m.C.m.__doc__"),
    ('base_callback_list', "import ctypes\nL = mx.base.MXCallbackList\n"
                           "result = [issubclass(L, ctypes.Structure), [f[0] for f in L._fields_], ctypes.sizeof(L), "
                           "L._fields_[0][1].__name__, L().num_callbacks]"),
    ('base_libinfo', "result = [mx.base.libinfo is mx.libinfo, mx.base.libinfo.__version__]"),
    # ---- re-exports ----
    ('callback_save_checkpoint', "result = [mx.callback.save_checkpoint is mx.model.save_checkpoint, "
                                 "mx.rnn.rnn.save_checkpoint is mx.model.save_checkpoint, "
                                 "mx.rnn.rnn.load_checkpoint is mx.model.load_checkpoint]"),
    ('module_paths', "result = [mx.gluon.contrib.data.sampler.sampler is mx.gluon.data.sampler, "
                     "mx.gluon.contrib.data.sampler.IntervalSampler is mx.gluon.contrib.data.IntervalSampler, "
                     "mx.gluon.model_zoo.model_store.replace_file is mx.gluon.utils.replace_file]"),
    ('model_store_replace_file', "with open(tmpdir + '/a', 'w') as f:\n    f.write('new')\nwith open(tmpdir + '/b', 'w') as f:\n"
                                 "    f.write('old')\nmx.gluon.model_zoo.model_store.replace_file(tmpdir + '/a', tmpdir + '/b')\n"
                                 "import os\nresult = [os.path.exists(tmpdir + '/a'), open(tmpdir + '/b').read()]"),
    ('rnn_checkpoint_callback', "cell = mx.rnn.LSTMCell(3, prefix='l_')\nx = mx.sym.var('data')\n"
                                "out, _ = cell.unroll(2, inputs=x, merge_outputs=True)\n"
                                "args = {'l_i2h_weight': nd.arange(24).reshape((12, 2)), 'l_i2h_bias': nd.arange(12), "
                                "'l_h2h_weight': nd.arange(36).reshape((12, 3)), 'l_h2h_bias': nd.zeros(12)}\n"
                                "cb = mx.rnn.do_rnn_checkpoint(cell, tmpdir + '/m', period=2)\ncb(0, out, args, {})\n"
                                "import os\nfirst = sorted(os.listdir(tmpdir))\ncb(1, out, args, {})\n"
                                "s, a, _ = mx.rnn.load_rnn_checkpoint(cell, tmpdir + '/m', 2)\n"
                                "raw = nd.load(tmpdir + '/m-0002.params')\n"
                                "result = [first, sorted(os.listdir(tmpdir)), sorted(raw), sorted(a), a['l_i2h_weight']]"),
    # ---- mx.util ufunc helpers ----
    ('util_ufunc_legal', "import numpy as onp\nu = mx.util.np_ufunc_legal_option\n"
                         "result = [u('where', 0), u('casting', 'safe'), u('casting', 'x'), u('order', 'C'), u('order', 1), "
                         "u('dtype', onp.float32), u('dtype', 'int64'), u('dtype', 'bool'), u('dtype', onp.dtype('float32')), "
                         "u('subok', False), u('subok', 1), u('axis', 0)]"),
    ('util_wrap_unary_defaults', "f = mx.util.wrap_np_unary_func(lambda x, out=None: x * 2)\n"
                                 "result = [f(3, where=True, casting='same_kind', order='K', dtype=None, subok=True), f(4)]"),
    ('util_wrap_unary_not_implemented', "def neg(x, out=None):\n    return -x\nresult = mx.util.wrap_np_unary_func(neg)(1, casting='safe')"),
    ('util_wrap_unary_bad_key', "def neg(x, out=None):\n    return -x\nresult = mx.util.wrap_np_unary_func(neg)(1, axis=0)"),
    ('util_wrap_unary_not_understood', "def neg(x, out=None):\n    return -x\nresult = mx.util.wrap_np_unary_func(neg)(1, subok=3)"),
    ('util_wrap_binary', "def add(a, b, out=None):\n    return a + b\nf = mx.util.wrap_np_binary_func(add)\n"
                         "result = [f(1, 2, dtype=None), f.__name__, f.__doc__]"),
    ('util_wrap_binary_not_implemented', "def add(a, b, out=None):\n    return a + b\n"
                                         "result = mx.util.wrap_np_binary_func(add)(1, 2, order='F')"),
    ('util_wrap_binary_not_understood', "def add(a, b, out=None):\n    return a + b\n"
                                        "result = mx.util.wrap_np_binary_func(add)(1, 2, casting=5)"),
    # ---- mx.profiler's kvstore handle ----
    ('profiler_kvstore_handle', "import ctypes\np = mx.profiler\nbefore = [type(p.profiler_kvstore_handle).__name__, "
                                "p.profiler_kvstore_handle.value]\nold = p.profiler_kvstore_handle\n"
                                "p.set_kvstore_handle(ctypes.c_void_p(1234))\nafter = p.profiler_kvstore_handle.value\n"
                                "p.set_kvstore_handle(old)\nresult = [before, after]"),
    # ---- mx.gluon.data.dataloader: DataLoaderV1 and its multiprocessing helpers ----
    ('dl_reduce_ndarray', "dl = mx.gluon.data.dataloader\nx = nd.array([[1, 2], [3, 4]], dtype='int32')\n"
                          "f, args = dl.reduce_ndarray(x)\ny = f(*args)\nresult = [f is dl.rebuild_ndarray, y, x]"),
    ('dl_connection_wrapper', "import multiprocessing\ndl = mx.gluon.data.dataloader\na, b = multiprocessing.Pipe()\n"
                              "ca, cb = dl.ConnectionWrapper(a), dl.ConnectionWrapper(b)\n"
                              "ca.send([nd.array([[1, 2], [3, 4]]), 'tag', 3])\nready = cb.poll()\ngot = cb.recv()\n"
                              "ca.close()\nresult = [ready, got[0].asnumpy(), got[1:], cb.closed, a.closed]"),
    ('dl_worker_and_fetcher_loops', "dl = mx.gluon.data.dataloader\nkq, dq = dl.Queue(), dl.SimpleQueue()\n"
                                    "ds = gluon.data.ArrayDataset(nd.arange(8).reshape((4, 2)), np.arange(4))\n"
                                    "kq.put((0, [0, 1]))\nkq.put((1, [3]))\nkq.put((None, None))\n"
                                    "dl.worker_loop_v1(ds, kq, dq, dl.default_batchify_fn)\ndq.put((None, None))\n"
                                    "buf = {}\nimport threading\ndl.fetcher_loop_v1(dq, buf, data_buffer_lock=threading.Lock())\n"
                                    "result = [sorted(buf), buf[0], buf[1]]"),
    ('dl_fetcher_pins', "dl = mx.gluon.data.dataloader\ndq = dl.SimpleQueue()\ndq.put((0, nd.ones((2,))))\n"
                        "dq.put((None, None))\nbuf = {}\ndl.fetcher_loop_v1(dq, buf, pin_memory=True, pin_device_id=0)\n"
                        "result = buf[0]"),
    ('dl_v1_in_process', "dl = mx.gluon.data.dataloader\nds = gluon.data.ArrayDataset(nd.arange(20).reshape((10, 2)), np.arange(10))\n"
                         "result = [[b for b in dl.DataLoaderV1(ds, batch_size=4, last_batch=lb)] for lb in ('keep', 'discard')] + "
                         "[len(dl.DataLoaderV1(ds, batch_size=4, last_batch='rollover'))]"),
    ('dl_v1_workers', "dl = mx.gluon.data.dataloader\nds = gluon.data.ArrayDataset(nd.arange(20).reshape((10, 2)), np.arange(10))\n"
                      "L = dl.DataLoaderV1(ds, batch_size=3, num_workers=2, last_batch='rollover')\n"
                      "result = [[b for b in L], [b for b in L], len(L)]"),
    ('dl_v1_workers_numbers', "dl = mx.gluon.data.dataloader\n"
                              "L = dl.DataLoaderV1(np.arange(7.0), batch_size=2, num_workers=3)\nresult = [b for b in L]"),
    ('dl_v1_batch_sampler', "dl = mx.gluon.data.dataloader\nbs = gluon.data.BatchSampler(gluon.data.SequentialSampler(5), 2, 'discard')\n"
                            "result = [b for b in dl.DataLoaderV1(nd.arange(5), batch_sampler=bs, batchify_fn=lambda s: nd.stack(*s) * 10)]"),
    ('dl_v1_pin_memory', "dl = mx.gluon.data.dataloader\nresult = [b for b in dl.DataLoaderV1(nd.arange(4), batch_size=2, pin_memory=True)]"),
    ('dl_v1_no_batch_size', "result = mx.gluon.data.dataloader.DataLoaderV1(nd.arange(4))"),
    ('dl_v1_shuffle_and_sampler', "result = mx.gluon.data.dataloader.DataLoaderV1(nd.arange(4), batch_size=2, shuffle=True, "
                                  "sampler=gluon.data.SequentialSampler(4))"),
    ('dl_v1_batch_sampler_and_size', "bs = gluon.data.BatchSampler(gluon.data.SequentialSampler(4), 2)\n"
                                     "result = mx.gluon.data.dataloader.DataLoaderV1(nd.arange(4), batch_size=2, batch_sampler=bs)"),
    ('dl_v1_shuffle_covers', "dl = mx.gluon.data.dataloader\nmx.random.seed(1)\n"
                             "got = [b for b in dl.DataLoaderV1(nd.arange(9), batch_size=4, shuffle=True)]\n"
                             "result = [sorted(nd.concat(*got, dim=0).asnumpy().tolist()), [b.shape for b in got]]"),
    # ---- helpers libraries import from gluon.loss, gluon.rnn.rnn_cell, gluon.contrib.rnn ----
    ('loss_apply_weighting', "from importlib import import_module\nL = import_module(mx.__name__ + '.gluon.loss')\n"
                             "x = nd.array([[1, 2], [3, 4]])\nresult = [L._apply_weighting(nd, x, 0.5, nd.array([[1], [2]])), "
                             "L._apply_weighting(nd, x), L._apply_weighting(nd, x, weight=3)]"),
    ('loss_apply_weighting_bad_weight', "from importlib import import_module\nL = import_module(mx.__name__ + '.gluon.loss')\n"
                                        "result = L._apply_weighting(nd, nd.ones(2), weight='2')"),
    ('loss_reshape_like', "from importlib import import_module\nL = import_module(mx.__name__ + '.gluon.loss')\n"
                          "s = L._reshape_like(mx.sym, mx.sym.var('a'), mx.sym.var('b'))\n"
                          "result = [L._reshape_like(nd, nd.arange(6), nd.ones((3, 2))), s.infer_shape(a=(6,), b=(2, 3))[1]]"),
    ('loss_reshape_like_np', "from importlib import import_module\nL = import_module(mx.__name__ + '.gluon.loss')\n"
                             "with mx.util.np_array(True):\n    s = L._reshape_like(mx.sym, mx.sym.var('a').as_np_ndarray(), "
                             "mx.sym.var('b').as_np_ndarray())\n"
                             "result = s.infer_shape(a=(4,), b=(2, 2))[1]"),
    ('rnn_format_sequence_nd', "rc = mx.gluon.rnn.rnn_cell\nx = nd.arange(24).reshape((2, 3, 4))\nout = []\n"
                               "for merge in (False, True, None):\n    i, axis, F, bs = rc._format_sequence(3, x, 'NTC', merge)\n"
                               "    out.append([i, axis, F.__name__.split('.')[-1], bs])\n"
                               "i, axis, F, bs = rc._format_sequence(None, x, 'TNC', True, in_layout='NTC')\n"
                               "result = out + [[i, axis, bs]]"),
    ('rnn_format_sequence_list', "rc = mx.gluon.rnn.rnn_cell\nsteps = [nd.ones((2, 4)) * k for k in range(3)]\n"
                                 "i, axis, F, bs = rc._format_sequence(3, steps, 'NTC', True)\n"
                                 "j, _, _, _ = rc._format_sequence(3, steps, 'TNC', True)\n"
                                 "k, _, _, _ = rc._format_sequence(3, steps, 'NTC', False)\nresult = [i, axis, bs, j, k]"),
    ('rnn_format_sequence_sym', "rc = mx.gluon.rnn.rnn_cell\ni, axis, F, bs = rc._format_sequence(3, mx.sym.var('x'), 'NTC', False)\n"
                                "result = [len(i), axis, F.__name__.split('.')[-1], bs, i[0].infer_shape(x=(2, 3, 4))[1]]"),
    ('rnn_format_sequence_none', "result = mx.gluon.rnn.rnn_cell._format_sequence(3, None, 'NTC', False)"),
    ('rnn_format_sequence_bad_length', "result = mx.gluon.rnn.rnn_cell._format_sequence(2, nd.ones((2, 3, 4)), 'NTC', False)"),
    ('rnn_get_begin_state', "rc = mx.gluon.rnn.rnn_cell\ncell = gluon.rnn.LSTMCell(3, input_size=2)\n"
                            "st = rc._get_begin_state(cell, nd, None, nd.ones((4, 5, 2)), 4)\n"
                            "given = [nd.ones((1, 3))]\n"
                            "result = [st, rc._get_begin_state(cell, nd, given, None, 4) is given]"),
    ('rnn_cells_state_info', "rc = mx.gluon.rnn.rnn_cell\ncells = [gluon.rnn.LSTMCell(3), gluon.rnn.GRUCell(2)]\n"
                             "result = [rc._cells_state_info(cells, 5), rc._cells_begin_state(cells, batch_size=2)]"),
    ('rnn_mask_sequence', "rc = mx.gluon.rnn.rnn_cell\nsteps = [nd.ones((2, 2)) * (k + 1) for k in range(3)]\n"
                          "vl = nd.array([1, 3])\nresult = [rc._mask_sequence_variable_length(nd, steps, 3, vl, 1, True), "
                          "rc._mask_sequence_variable_length(nd, nd.stack(*steps, axis=0), 3, vl, 0, False)]"),
    ('rnn_reverse_sequences', "rc = mx.gluon.rnn.rnn_cell\nsteps = [nd.array([[k, 10 + k]]).T for k in range(3)]\n"
                              "result = [rc._reverse_sequences(steps, 3), rc._reverse_sequences(steps, 3, nd.array([2, 3])), "
                              "rc._reverse_sequences(steps[:1], 1, nd.array([1, 1]))]"),
    ('contrib_rnn_helpers', "from importlib import import_module\nc = import_module(mx.__name__ + '.gluon.contrib.rnn.rnn_cell')\n"
                            "r = import_module(mx.__name__ + '.gluon.rnn.rnn_cell')\n"
                            "result = [c._format_sequence is r._format_sequence, c._get_begin_state is r._get_begin_state, "
                            "c._mask_sequence_variable_length is r._mask_sequence_variable_length, "
                            "c.HybridRecurrentCell is gluon.rnn.HybridRecurrentCell]"),
    ('conv_out_size', "from importlib import import_module\nc = import_module(mx.__name__ + '.gluon.contrib.rnn.conv_rnn_cell')\n"
                      "result = [c._get_conv_out_size((10, 0, 7), (3, 3, 2), (1, 0, 0), (1, 1, 2)), "
                      "c._get_conv_out_size((5,), (5,), (0,), (1,))]"),
]
