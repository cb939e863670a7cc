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
]
