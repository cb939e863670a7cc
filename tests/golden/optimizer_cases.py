"""Optimizers, the Updater and learning-rate schedulers: trajectories of a few updates from fixed weights
and gradients (weight decay, clipping, rescaling, momentum, schedules, multipliers, float16 master copies).
Each trajectory case gives the weight after every step, then the final state."""

_DATA = """
W0 = np.array([[0.5, -1.2, 2.0], [0.1, -0.3, 1.5]])
W1 = np.array([0.7, -0.4, 0.05, 1.1])
GS = [np.array([[0.3, -2.5, 0.0], [1.2, 0.4, -0.7]]),
      np.array([[-0.6, 1.8, 0.2], [0.9, -3.0, 0.5]]),
      np.array([[0.1, 0.1, -1.5], [-0.4, 2.2, 0.3]]),
      np.array([[1.4, -0.2, 0.6], [0.0, 0.8, -1.1]]),
      np.array([[-0.5, 0.7, 2.4], [0.3, -0.9, 0.05]])]
G1 = [np.array([0.2, -1.0, 3.0, 0.4]), np.array([-1.5, 0.3, 0.2, -0.6]), np.array([0.8, 0.8, -2.0, 0.1]),
      np.array([0.05, -0.4, 1.0, 2.0]), np.array([-0.3, 1.2, -0.5, 0.9])]
"""


def traj(opt, steps=4, dtype='float32', update='update_multi_precision'):
    """Code running `opt` (an expression) for `steps` updates of one weight."""
    return _DATA + """
opt = {opt}
w = nd.array(W0, dtype='{dtype}')
st = opt.create_state_multi_precision(0, w)
out = []
for g in GS[:{steps}]:
    opt.{update}(0, w, nd.array(g, dtype='{dtype}'), st)
    out.append(w.copy())
result = out + [st]
""".format(opt=opt, steps=steps, dtype=dtype, update=update)


def updater_traj(opt, steps=4, extra=''):
    """Code running `opt` through an Updater on three weights at once (lists of indices)."""
    return _DATA + """
opt = {opt}
{extra}
upd = mx.optimizer.get_updater(opt)
ws = [nd.array(W0), nd.array(W1), nd.array(W0[1])]
out = []
for k in range({steps}):
    gs = [nd.array(GS[k]), nd.array(G1[k]), nd.array(GS[k][0])]
    upd([0, 1, 2], gs, ws)
    out.append([w.copy() for w in ws])
result = out + [opt.num_update, sorted(opt._index_update_count.items())]
""".format(opt=opt, steps=steps, extra=extra)


O = 'mx.optimizer.'
CASES = [
    # ---- SGD ------------------------------------------------------------------------------------------
    ('sgd_plain', traj(O + "SGD(learning_rate=0.1)")),
    ('sgd_wd', traj(O + "SGD(learning_rate=0.1, wd=0.05)")),
    ('sgd_momentum', traj(O + "SGD(learning_rate=0.1, momentum=0.9)")),
    ('sgd_momentum_wd_clip_rescale', traj(O + "SGD(learning_rate=0.2, momentum=0.5, wd=0.1, clip_gradient=0.8, "
                                              "rescale_grad=0.5)")),
    ('sgd_clip_zero_means_none', traj(O + "SGD(learning_rate=0.1, clip_gradient=0)")),
    ('sgd_create_by_name', traj(O + "create('SGD', learning_rate=0.3, momentum=0.2)")),
    ('sgd_update_plain', traj(O + "SGD(learning_rate=0.1, momentum=0.9, wd=0.01)", update='update')),
    ('sgd_fp16', traj(O + "SGD(learning_rate=0.1, momentum=0.9)", dtype='float16'), {'rtol': 1e-3, 'atol': 1e-3}),
    ('sgd_fp16_multi_precision', traj(O + "SGD(learning_rate=0.1, momentum=0.9, multi_precision=True)",
                                      dtype='float16'), {'rtol': 1e-3, 'atol': 1e-3}),
    ('sgd_fp16_mp_no_momentum', traj(O + "SGD(learning_rate=0.1, multi_precision=True, wd=0.1)",
                                     dtype='float16'), {'rtol': 1e-3, 'atol': 1e-3}),
    ('sgd_float64', traj(O + "SGD(learning_rate=0.1, momentum=0.9, wd=0.01)", dtype='float64')),
    ('sgd_factor_scheduler', traj(O + "SGD(momentum=0.5, lr_scheduler=mx.lr_scheduler.FactorScheduler("
                                      "step=2, factor=0.5, base_lr=0.4))", steps=5)),
    ('sgd_begin_num_update', traj(O + "SGD(lr_scheduler=mx.lr_scheduler.MultiFactorScheduler([3, 5], "
                                      "factor=0.1, base_lr=1.0), begin_num_update=2)", steps=5)),
    ('ccsgd', traj(O + "ccSGD(learning_rate=0.1, momentum=0.9)")),
    # ---- NAG, Signum ----------------------------------------------------------------------------------
    ('nag_no_momentum', traj(O + "NAG(learning_rate=0.1, wd=0.1)")),
    ('nag_momentum', traj(O + "NAG(learning_rate=0.1, momentum=0.9, wd=0.02)")),
    ('nag_clip_rescale', traj(O + "NAG(learning_rate=0.1, momentum=0.7, clip_gradient=1.0, rescale_grad=0.8)")),
    ('nag_fp16_multi_precision', traj(O + "NAG(learning_rate=0.1, momentum=0.9, multi_precision=True)",
                                      dtype='float16'), {'rtol': 1e-3, 'atol': 1e-3}),
    ('signum', traj(O + "Signum(learning_rate=0.1)")),
    ('signum_wd_lh_clip', traj(O + "Signum(learning_rate=0.1, momentum=0.8, wd=0.1, wd_lh=0.05, "
                                   "clip_gradient=0.5, rescale_grad=2.0)")),
    ('signsgd', traj(O + "Signum(learning_rate=0.1, momentum=0.0, wd=0.1, rescale_grad=3.0)")),
    # ---- Adam family ------------------------------------------------------------------------------------
    ('adam', traj(O + "Adam(learning_rate=0.1)", steps=5)),
    ('adam_wd_clip_rescale', traj(O + "Adam(learning_rate=0.05, beta1=0.8, beta2=0.9, epsilon=1e-3, wd=0.1, "
                                      "clip_gradient=1.0, rescale_grad=0.5)", steps=5)),
    ('adam_fp16_multi_precision', traj(O + "Adam(learning_rate=0.1, multi_precision=True)", dtype='float16'),
     {'rtol': 1e-3, 'atol': 1e-3}),
    ('adam_float64', traj(O + "Adam(learning_rate=0.1, wd=0.01)", dtype='float64')),
    ('adamax', traj(O + "Adamax(learning_rate=0.1, wd=0.1, clip_gradient=2.0)", steps=5)),
    ('nadam', traj(O + "Nadam(learning_rate=0.1, wd=0.05, clip_gradient=2.0, rescale_grad=0.9)", steps=5)),
    ('ftml', traj(O + "FTML(learning_rate=0.1, wd=0.05)", steps=5)),
    ('ftml_clip', traj(O + "FTML(learning_rate=0.1, clip_gradient=1.0, beta1=0.5, rescale_grad=1.5)")),
    ('lamb', traj(O + "LAMB(learning_rate=0.1, wd=0.01)", steps=5)),
    ('lamb_bounds_no_bias_correction', traj(O + "LAMB(learning_rate=0.1, lower_bound=1e-3, upper_bound=2.0, "
                                                "bias_correction=False, clip_gradient=1.0)")),
    # (through an Updater: MXNet's single-weight mp_lamb_update_phase2 never writes the master copy back)
    ('lamb_fp16_multi_precision_updater', _DATA + """
upd = mx.optimizer.get_updater(mx.optimizer.LAMB(learning_rate=0.1, multi_precision=True))
w = nd.array(W0, dtype='float16')
out = []
for g in GS[:4]:
    upd([0], [nd.array(g, dtype='float16')], [w])
    out.append(w.copy())
result = out + [upd.states[0]]
""", {'rtol': 1e-3, 'atol': 1e-3}),
    # ---- adaptive -----------------------------------------------------------------------------------------
    ('adagrad', traj(O + "AdaGrad(learning_rate=0.1, wd=0.05)", steps=5)),
    ('adagrad_clip', traj(O + "AdaGrad(learning_rate=0.1, eps=1e-3, clip_gradient=1.0, rescale_grad=2.0)")),
    ('adadelta', traj(O + "AdaDelta(wd=0.01)", steps=5)),
    ('adadelta_clip', traj(O + "AdaDelta(rho=0.5, epsilon=1e-3, clip_gradient=1.0)")),
    ('rmsprop', traj(O + "RMSProp(learning_rate=0.01, wd=0.1)", steps=5)),
    ('rmsprop_clip', traj(O + "RMSProp(learning_rate=0.01, gamma1=0.8, clip_gradient=1.0, clip_weights=1.4, "
                              "rescale_grad=0.5)")),
    ('rmsprop_centered', traj(O + "RMSProp(learning_rate=0.01, centered=True, wd=0.05)", steps=5)),
    ('rmsprop_centered_clip_weights', traj(O + "RMSProp(learning_rate=0.1, centered=True, gamma2=0.5, "
                                               "clip_weights=1.0, clip_gradient=2.0)")),
    ('ftrl', traj(O + "Ftrl()", steps=5)),
    ('ftrl_wd_clip', traj(O + "Ftrl(lamda1=0.2, learning_rate=0.5, beta=0.5, wd=0.1, clip_gradient=1.0)")),
    ('groupadagrad', traj(O + "contrib.GroupAdaGrad(learning_rate=0.1, clip_gradient=1.5)")),
    # ---- others --------------------------------------------------------------------------------------------
    ('dcasgd', traj(O + "DCASGD(learning_rate=0.1, wd=0.1, lamda=0.5, clip_gradient=1.0)")),
    ('lars', traj(O + "LARS(learning_rate=0.1, momentum=0.9, eta=0.5, wd=0.01)")),
    ('lars_bias_name', traj(O + "LARS(learning_rate=0.1, momentum=0.9, param_idx2name={0: 'fc_bias'})")),
    ('lars_scheduler_correction', traj(O + "LARS(momentum=0.9, lr_scheduler=mx.lr_scheduler.FactorScheduler("
                                           "step=1, factor=0.5, base_lr=0.4))", steps=4)),
    ('lbsgd', traj(O + "LBSGD(learning_rate=0.1, momentum=0.9, batch_scale=2, warmup_epochs=1, "
                       "updates_per_epoch=4)", steps=5)),
    ('test_optimizer', traj(O + "create('test', rescale_grad=0.5)")),
    ('sgld_shape', traj(O + "SGLD(learning_rate=0.01)"), {'values': False}),
    # ---- multipliers and names -------------------------------------------------------------------------
    ('idx2name_no_wd_for_bias', traj(O + "SGD(learning_rate=0.1, wd=0.5, param_idx2name={0: 'fc_bias'})")),
    ('idx2name_wd_for_weight', traj(O + "SGD(learning_rate=0.1, wd=0.5, param_idx2name={0: 'fc_weight'})")),
    ('lr_mult_by_name', _DATA + """
opt = mx.optimizer.SGD(learning_rate=0.1, wd=0.1, param_idx2name={0: 'a_weight', 1: 'b_bias', 2: 'c_gamma'})
opt.set_lr_mult({'a_weight': 0.5, 2: 3.0})
opt.set_wd_mult({'b_bias': 2.0})
result = [opt._get_lrs([0, 1, 2, 3]), opt._get_wds([0, 1, 2, 3]), sorted(opt.lr_mult.items(), key=str),
          sorted(opt.wd_mult.items(), key=str)]
"""),
    ('wd_mult_defaults', "sorted(mx.optimizer.SGD(param_idx2name={0: 'x_weight', 1: 'x_bias', 2: 'bn_gamma', "
                         "3: 'bn_beta', 4: 'x'}).wd_mult.items())"),
    ('lars_wd_mult_defaults', "sorted(mx.optimizer.LARS(param_idx2name={0: 'x_weight', 1: 'x_bias', "
                              "2: 'bn_gamma'}).wd_mult.items())"),
    # ---- the Updater on several weights --------------------------------------------------------------------
    ('updater_sgd_momentum', updater_traj(O + "SGD(learning_rate=0.1, momentum=0.9, wd=0.01)")),
    ('updater_sgd_aggregate_2_scheduler', updater_traj(
        O + "SGD(momentum=0.9, lr_scheduler=mx.lr_scheduler.FactorScheduler(step=1, factor=0.5, base_lr=0.4))",
        extra="opt.aggregate_num = 2")),
    ('updater_adam_lr_mult', updater_traj(O + "Adam(learning_rate=0.1, wd=0.1)",
                                          extra="opt.set_lr_mult({1: 0.5}); opt.set_wd_mult({2: 0.0})")),
    ('updater_nadam_shared_schedule', updater_traj(O + "Nadam(learning_rate=0.1)")),
    ('updater_rmsprop_centered', updater_traj(O + "RMSProp(learning_rate=0.05, centered=True)")),
    ('updater_adagrad', updater_traj(O + "AdaGrad(learning_rate=0.1, wd=0.01)")),
    ('updater_lamb', updater_traj(O + "LAMB(learning_rate=0.1)")),
    ('updater_signum', updater_traj(O + "Signum(learning_rate=0.1, wd=0.01)")),
    ('updater_nag', updater_traj(O + "NAG(learning_rate=0.1, momentum=0.5)")),
    ('updater_states_roundtrip', _DATA + """
opt = mx.optimizer.Adam(learning_rate=0.1)
upd = mx.optimizer.get_updater(opt)
w = nd.array(W0)
upd(3, nd.array(GS[0]), w)
blob = upd.get_states(dump_optimizer=True)
upd2 = mx.optimizer.get_updater(mx.optimizer.Adam(learning_rate=0.5))
upd2.set_states(blob)
w2 = w.copy()
upd(3, nd.array(GS[1]), w)
upd2(3, nd.array(GS[1]), w2)
result = [w, w2, upd2.optimizer.lr, upd2.optimizer.num_update, sorted(upd2.states_synced.items())]
"""),
    ('updater_states_without_optimizer', _DATA + """
upd = mx.optimizer.get_updater(mx.optimizer.SGD(momentum=0.9))
w = nd.array(W0)
upd(0, nd.array(GS[0]), w)
upd2 = mx.optimizer.get_updater(mx.optimizer.SGD(momentum=0.9, learning_rate=1.0))
upd2.set_states(upd.get_states())
result = [upd2.states[0], upd2.optimizer.lr]
"""),
    ('update_count_per_index', _DATA + """
opt = mx.optimizer.Adam()
ws = [nd.array(W0), nd.array(W1)]
sts = [opt.create_state(i, w) for i, w in enumerate(ws)]
opt.update(0, ws[0], nd.array(GS[0]), sts[0])
opt.update(0, ws[0], nd.array(GS[1]), sts[0])
opt.update(1, ws[1], nd.array(G1[0]), sts[1])
result = [opt.num_update, sorted(opt._index_update_count.items()), ws[1]]
"""),
    ('sgd_update_with_lists', _DATA + """
opt = mx.optimizer.SGD(learning_rate=0.1, momentum=0.9)
ws = [nd.array(W0), nd.array(W1)]
sts = [opt.create_state(i, w) for i, w in enumerate(ws)]
opt.update([0, 1], ws, [nd.array(GS[0]), nd.array(G1[0])], sts)
result = ws + sts + [opt.num_update]
"""),
    # ---- Optimizer base: learning rate and errors -------------------------------------------------------
    ('learning_rate_default', "mx.optimizer.Optimizer().learning_rate"),
    ('learning_rate_set', "o = mx.optimizer.Optimizer(learning_rate=0.01)\no.set_learning_rate(0.2)\n"
                          "result = o.learning_rate"),
    ('learning_rate_overrides_scheduler', "s = mx.lr_scheduler.FactorScheduler(step=1, base_lr=1.0)\n"
                                          "o = mx.optimizer.SGD(lr_scheduler=s, learning_rate=0.3)\n"
                                          "result = [o.learning_rate, s.base_lr]"),
    ('learning_rate_from_scheduler', "o = mx.optimizer.SGD(lr_scheduler=mx.lr_scheduler.FactorScheduler("
                                     "step=1, base_lr=1024))\nresult = [o.learning_rate, o.lr]"),
    ('set_learning_rate_with_scheduler', "o = mx.optimizer.SGD(lr_scheduler=mx.lr_scheduler.FactorScheduler("
                                         "step=1))\no.set_learning_rate(0.5)"),
    ('create_unknown', "mx.optimizer.create('nosuchoptimizer')"),
    ('base_update_not_implemented', "mx.optimizer.Optimizer().update(0, nd.ones(2), nd.ones(2), None)"),
    ('ftrl_learning_rate_default', "[mx.optimizer.Ftrl().lr, mx.optimizer.Adam().lr, mx.optimizer.RMSProp().lr, "
                                   "mx.optimizer.Adamax().lr, mx.optimizer.Signum().lr, mx.optimizer.SGD().lr]"),
    ('adagrad_state_dtype_float64', "mx.optimizer.AdaGrad().create_state(0, nd.ones(2, dtype='float64'))"),
    ('adam_state_dtype_float64', "mx.optimizer.Adam().create_state(0, nd.ones(2, dtype='float64'))"),
    ('sgd_state_none', "mx.optimizer.SGD().create_state(0, nd.ones(2))"),
    ('mp_state_layout_sgd', "mx.optimizer.SGD(momentum=0.9, multi_precision=True).create_state_multi_precision("
                            "0, nd.ones(2, dtype='float16'))"),
    ('mp_state_layout_adam', "mx.optimizer.Adam(multi_precision=True).create_state_multi_precision("
                             "0, nd.ones(2, dtype='float16'))"),
    ('aggregate_num', "[mx.optimizer.SGD().aggregate_num, mx.optimizer.Adam().aggregate_num, "
                      "mx.optimizer.LAMB().aggregate_num, mx.optimizer.LARS().aggregate_num]"),
    # ---- learning-rate schedulers ------------------------------------------------------------------------
    ('factor_scheduler', "s = mx.lr_scheduler.FactorScheduler(step=3, factor=0.5, base_lr=1.0, "
                         "stop_factor_lr=0.1)\nresult = [s(n) for n in range(1, 20)]"),
    ('factor_scheduler_warmup', "s = mx.lr_scheduler.FactorScheduler(step=2, factor=0.9, base_lr=1.0, "
                                "warmup_steps=4, warmup_begin_lr=0.2)\nresult = [s(n) for n in range(0, 12)]"),
    ('factor_scheduler_jump', "s = mx.lr_scheduler.FactorScheduler(step=10, factor=0.5, base_lr=1.0)\n"
                              "result = [s(35), s.count, s(36), s(5)]"),
    ('multifactor_scheduler', "s = mx.lr_scheduler.MultiFactorScheduler(step=[3, 5, 9], factor=0.1, "
                              "base_lr=1.0)\nresult = [s(n) for n in range(0, 12)]"),
    ('multifactor_scheduler_warmup_constant', "s = mx.lr_scheduler.MultiFactorScheduler(step=[5, 8], factor=0.5, "
                                              "base_lr=2.0, warmup_steps=3, warmup_begin_lr=0.5, "
                                              "warmup_mode='constant')\nresult = [s(n) for n in range(0, 11)]"),
    ('poly_scheduler', "s = mx.lr_scheduler.PolyScheduler(max_update=10, base_lr=1.0, pwr=2, final_lr=0.1)\n"
                       "result = [s(n) for n in range(0, 14)]"),
    ('poly_scheduler_warmup', "s = mx.lr_scheduler.PolyScheduler(max_update=12, base_lr=1.0, pwr=3, "
                              "warmup_steps=4, warmup_begin_lr=0.1)\nresult = [s(n) for n in range(0, 15)]"),
    ('cosine_scheduler', "s = mx.lr_scheduler.CosineScheduler(max_update=10, base_lr=1.0, final_lr=0.2)\n"
                         "result = [s(n) for n in range(0, 13)]"),
    ('cosine_scheduler_warmup', "s = mx.lr_scheduler.CosineScheduler(max_update=10, base_lr=0.5, warmup_steps=3, "
                                "warmup_begin_lr=0.05)\nresult = [s(n) for n in range(0, 12)]"),
    ('scheduler_bad_warmup_lr', "mx.lr_scheduler.FactorScheduler(step=1, base_lr=0.1, warmup_begin_lr=0.5)"),
    ('scheduler_bad_warmup_steps', "mx.lr_scheduler.FactorScheduler(step=1, warmup_steps=-1)"),
    ('scheduler_bad_warmup_mode', "mx.lr_scheduler.CosineScheduler(5, warmup_mode='cubic')"),
    ('scheduler_bad_step', "mx.lr_scheduler.FactorScheduler(step=0)"),
    ('scheduler_bad_factor', "mx.lr_scheduler.FactorScheduler(step=2, factor=1.5)"),
    ('multifactor_not_increasing', "mx.lr_scheduler.MultiFactorScheduler([3, 3])"),
    ('poly_bad_max_update', "mx.lr_scheduler.PolyScheduler(0)"),
    ('cosine_float_max_update', "mx.lr_scheduler.CosineScheduler(5.0)"),
]

# ---- gluon.Trainer -------------------------------------------------------------------------------------
_NET = _DATA + """
def make_net(ctx=None, layers=2):
    net = gluon.nn.Sequential()
    net.add(*[gluon.nn.Dense(3, in_units=4), gluon.nn.Dense(2, in_units=3)][:layers])
    net.initialize(ctx=ctx)
    for i, p in enumerate(sorted(net.collect_params().values(), key=lambda p: p.name)):
        p.set_data(nd.array(np.sin(np.arange(np.prod(p.shape)) + i).reshape(p.shape)))
    return net
X = nd.array(np.cos(np.arange(20)).reshape(5, 4))
Y = nd.array(np.sin(np.arange(10) * 0.7).reshape(5, 2))
Y3 = nd.array(np.sin(np.arange(15) * 0.7).reshape(5, 3))
"""


# (with several contexts the net has one layer: each context's input array then carries the context)
def trainer_traj(optimizer, params, steps=3, ctx='None', kv="'device'", extra_args='', batch=5):
    return _NET + """
ctxs = {ctx}
net = make_net(ctxs, 2 if ctxs is None else 1)
Y = Y if ctxs is None else Y3
trainer = gluon.Trainer(net.collect_params(), {optimizer!r}, {params}, kvstore={kv}{extra})
out = []
for k in range({steps}):
    xs = [X] if ctxs is None else [X.as_in_context(c) for c in ctxs]
    ys = [Y] if ctxs is None else [Y.as_in_context(c) for c in ctxs]
    with autograd.record():
        losses = [((net(x) - y) ** 2).sum() for x, y in zip(xs, ys)]
    for l in losses:
        l.backward()
    trainer.step({batch})
    out.append([p.data(ctxs[-1] if ctxs else None).copy() for p in
                sorted(net.collect_params().values(), key=lambda p: p.name)])
result = out + [trainer.learning_rate, trainer._update_on_kvstore, trainer._optimizer.num_update]
""".format(ctx=ctx, optimizer=optimizer, params=params, steps=steps, kv=kv, extra=extra_args, batch=batch)


CASES += [
    ('trainer_sgd', trainer_traj('sgd', "{'learning_rate': 0.1}")),
    ('trainer_sgd_momentum_wd', trainer_traj('sgd', "{'learning_rate': 0.05, 'momentum': 0.9, 'wd': 0.01}")),
    ('trainer_adam_clip', trainer_traj('adam', "{'learning_rate': 0.01, 'clip_gradient': 0.5}")),
    ('trainer_nag', trainer_traj('nag', "{'learning_rate': 0.05, 'momentum': 0.8}")),
    ('trainer_rmsprop', trainer_traj('rmsprop', "{'learning_rate': 0.01, 'centered': True}")),
    ('trainer_adagrad', trainer_traj('adagrad', "{'learning_rate': 0.1}")),
    ('trainer_adadelta', trainer_traj('adadelta', "{}")),
    ('trainer_optimizer_instance', trainer_traj("mx.optimizer.Adam(learning_rate=0.01, wd=0.1)", "None")
     .replace("'mx.optimizer.Adam(learning_rate=0.01, wd=0.1)'", "mx.optimizer.Adam(learning_rate=0.01, wd=0.1)")),
    ('trainer_scheduler', trainer_traj('sgd', "{'learning_rate': 0.2, 'lr_scheduler': "
                                              "mx.lr_scheduler.FactorScheduler(step=1, factor=0.5, base_lr=0.2)}",
                                       steps=4)),
    ('trainer_two_contexts_kvstore', trainer_traj('sgd', "{'learning_rate': 0.1, 'momentum': 0.5}",
                                                  ctx='[mx.cpu(0), mx.cpu(1)]')),
    ('trainer_two_contexts_local', trainer_traj('adam', "{'learning_rate': 0.01}", ctx='[mx.cpu(0), mx.cpu(1)]',
                                                kv="'local'")),
    ('trainer_two_contexts_no_update_on_kv', trainer_traj('adam', "{'learning_rate': 0.01}",
                                                          ctx='[mx.cpu(0), mx.cpu(1)]',
                                                          extra_args=', update_on_kvstore=False')),
    ('trainer_two_contexts_scheduler', trainer_traj(
        'sgd', "{'lr_scheduler': mx.lr_scheduler.FactorScheduler(step=1, factor=0.5, base_lr=0.2)}",
        ctx='[mx.cpu(0), mx.cpu(1)]', steps=4, extra_args=', update_on_kvstore=False')),
    ('trainer_kvstore_none', trainer_traj('sgd', "{'learning_rate': 0.1}", ctx='[mx.cpu(0), mx.cpu(1)]', kv='None')),
    ('trainer_lr_mult_wd_mult', _NET + """
net = make_net()
params = net.collect_params()
params[net[0].weight.name].lr_mult = 0.0
params[net[1].bias.name].wd_mult = 0.0
trainer = gluon.Trainer(params, 'sgd', {'learning_rate': 0.1, 'wd': 0.5})
with autograd.record():
    l = ((net(X) - Y) ** 2).sum()
l.backward()
trainer.step(5)
result = [p.data() for p in sorted(params.values(), key=lambda p: p.name)]
"""),
    ('trainer_stale_grad', _NET + """
net = make_net()
trainer = gluon.Trainer(net.collect_params(), 'sgd', {'learning_rate': 0.1})
with autograd.record():
    l = ((net(X) - Y) ** 2).sum()
l.backward()
trainer.step(5)
trainer.step(5)
"""),
    ('trainer_stale_grad_message', _NET + """
net = make_net()
trainer = gluon.Trainer(net.collect_params(), 'sgd', {'learning_rate': 0.1})
with autograd.record():
    l = ((net(X) - Y) ** 2).sum()
l.backward()
trainer.step(5)
try:
    trainer.step(5)
except UserWarning as e:
    result = str(e)
"""),
    ('trainer_ignore_stale_grad', _NET + """
net = make_net()
trainer = gluon.Trainer(net.collect_params(), 'sgd', {'learning_rate': 0.1, 'momentum': 0.9})
with autograd.record():
    l = ((net[0](X)) ** 2).sum()
l.backward()
trainer.step(5, ignore_stale_grad=True)
result = [p.data() for p in sorted(net.collect_params().values(), key=lambda p: p.name)] + \\
         [sorted(trainer._updaters[0].states)]
"""),
    ('trainer_grad_req_null', _NET + """
net = make_net()
net[0].bias.grad_req = 'null'
trainer = gluon.Trainer(net.collect_params(), 'sgd', {'learning_rate': 0.1})
with autograd.record():
    l = ((net(X) - Y) ** 2).sum()
l.backward()
trainer.step(5)
result = [p.data() for p in sorted(net.collect_params().values(), key=lambda p: p.name)]
"""),
    ('trainer_allreduce_update', _NET + """
ctxs = [mx.cpu(0), mx.cpu(1)]
net = make_net(ctxs, 1)
trainer = gluon.Trainer(net.collect_params(), 'sgd', {'learning_rate': 0.1}, update_on_kvstore=False)
xs = [X.as_in_context(c) for c in ctxs]
with autograd.record():
    losses = [((net(x) * (i + 1)) ** 2).sum() for i, x in enumerate(xs)]
for l in losses:
    l.backward()
trainer.allreduce_grads()
g = [net[0].weight.grad(c).copy() for c in ctxs]
trainer.update(10)
result = g + [net[0].weight.data(mx.cpu(1))]
"""),
    ('trainer_update_on_kvstore_no_allreduce', _NET + """
ctxs = [mx.cpu(0), mx.cpu(1)]
net = make_net(ctxs)
trainer = gluon.Trainer(net.collect_params(), 'sgd', {'learning_rate': 0.1})
trainer.allreduce_grads()
"""),
    ('trainer_set_learning_rate', _NET + """
net = make_net()
trainer = gluon.Trainer(net.collect_params(), 'sgd', {'learning_rate': 0.1})
trainer.set_learning_rate(0.7)
result = [trainer.learning_rate, trainer.optimizer.lr]
"""),
    ('trainer_save_load_states', _NET + """
net = make_net()
trainer = gluon.Trainer(net.collect_params(), 'adam', {'learning_rate': 0.01})
for k in range(2):
    with autograd.record():
        l = ((net(X) - Y) ** 2).sum()
    l.backward()
    trainer.step(5)
trainer.save_states(tmpdir + '/t.states')
trainer2 = gluon.Trainer(net.collect_params(), 'adam', {'learning_rate': 0.5})
trainer2.load_states(tmpdir + '/t.states')
with autograd.record():
    l = ((net(X) - Y) ** 2).sum()
l.backward()
trainer2.step(5)
result = [p.data() for p in sorted(net.collect_params().values(), key=lambda p: p.name)] + \\
         [trainer2.learning_rate, trainer2._optimizer.num_update]
"""),
    ('trainer_params_list_and_dict', _NET + """
net = make_net()
ps = net.collect_params()
t1 = gluon.Trainer(list(ps.values()), 'sgd')
t2 = gluon.Trainer({k: v for k, v in ps.items()}, 'sgd')
result = [[p.name for p in t1._params], [p.name for p in t2._params]]
"""),
    ('trainer_bad_params', "gluon.Trainer(nd.ones(3), 'sgd')"),
    ('trainer_bad_param_list', "gluon.Trainer([nd.ones(3)], 'sgd')"),
    ('trainer_instance_with_params', "p = gluon.Parameter('w', shape=(2,))\np.initialize()\n"
                                     "gluon.Trainer([p], mx.optimizer.SGD(), {'learning_rate': 0.1})"),
    ('trainer_mixed_contexts', "a = gluon.Parameter('a', shape=(2,))\na.initialize(ctx=mx.cpu(0))\n"
                               "b = gluon.Parameter('b', shape=(2,))\nb.initialize(ctx=[mx.cpu(0), mx.cpu(1)])\n"
                               "gluon.Trainer([a, b], 'sgd')"),
    # ---- kvstore ----------------------------------------------------------------------------------------
    ('kv_push_pull', """
kv = mx.kv.create('local')
kv.init(3, nd.ones((2, 3)))
kv.push(3, [nd.ones((2, 3)) * 2, nd.ones((2, 3)) * 3])
a = nd.zeros((2, 3))
kv.pull(3, out=a)
b = [nd.zeros((2, 3)), nd.zeros((2, 3))]
kv.pull(3, out=b)
result = [a, b, kv.type, kv.rank, kv.num_workers]
"""),
    ('kv_lists_of_keys', """
kv = mx.kv.create('device')
kv.init([1, 2], [nd.ones(2), nd.ones(3)])
kv.push([1, 2], [[nd.ones(2), nd.ones(2) * 4], nd.ones(3) * 7])
outs = [[nd.zeros(2)], [nd.zeros(3), nd.zeros(3)]]
kv.pull([1, 2], out=outs)
result = outs
"""),
    ('kv_str_keys_updater', """
kv = mx.kv.create('local')
seen = []
def upd(key, inp, stored):
    seen.append(key)
    stored += inp * 2
kv._set_updater(upd)
kv.init('w', nd.ones(2))
kv.push('w', nd.ones(2))
b = nd.zeros(2)
kv.pull('w', out=b)
result = [b, seen]
"""),
    ('kv_pushpull', """
kv = mx.kv.create('device')
kv.init(1, nd.ones(2))
outs = [nd.zeros(2), nd.zeros(2)]
kv.pushpull(1, [nd.ones(2), nd.ones(2) * 4], out=outs)
v = [nd.ones(2), nd.ones(2) * 3]
kv.pushpull(1, v)
result = [outs, v]
"""),
    ('kv_set_optimizer', """
kv = mx.kv.create('local')
kv.init(0, nd.zeros(3))
kv.set_optimizer(mx.optimizer.SGD(learning_rate=0.1, momentum=0.9))
for k in range(3):
    kv.push(0, [nd.ones(3), nd.array([1, 2, 3])])
o = nd.zeros(3)
kv.pull(0, out=o)
kv.save_optimizer_states(tmpdir + '/kv.states')
kv.load_optimizer_states(tmpdir + '/kv.states')
kv.push(0, [nd.ones(3)])
o2 = nd.zeros(3)
kv.pull(0, out=o2)
result = [o, o2, kv._updater.states[0]]
"""),
    ('kv_broadcast', """
kv = mx.kv.create('local')
c = nd.zeros(2)
kv.broadcast(6, nd.ones(2) * 7, out=c)
d = [nd.zeros(2), nd.zeros(2)]
kv.broadcast(7, nd.ones(2) * 5, out=d)
result = [c, d]
"""),
    ('kv_duplicate_init', "kv = mx.kv.create('local')\nkv.init(3, nd.ones(2))\nkv.init(3, nd.ones(2))"),
    ('kv_pull_uninitialized', "kv = mx.kv.create('local')\nkv.pull(9, out=nd.zeros(2))"),
    ('kv_mixed_key_types', "kv = mx.kv.create('local')\nkv.init(3, nd.ones(2))\nkv.init('x', nd.ones(2))"),
    ('kv_mixed_keys_in_call', "kv = mx.kv.create('local')\nkv.init([5, 'x'], [nd.ones(1), nd.ones(1)])"),
    ('kv_pull_shape_mismatch', "kv = mx.kv.create('local')\nkv.init(0, nd.ones(3))\nkv.pull(0, out=nd.zeros(4))"),
    ('kv_create_not_str', "mx.kv.create(123)"),
    ('kv_create_types', "[(n, mx.kv.create(n).type) for n in ['local', 'device', 'Device', 'teststore', "
                        "'local_allreduce_cpu']]"),
    ('kv_capability', "kv = mx.kv.create('local')\nresult = [kv.is_capable('optimizer'), "
                      "mx.kv.create('teststore').is_capable('optimizer')]"),
    ('kv_capability_unknown', "mx.kv.create('local').is_capable('foo')"),
    ('kv_compression_local', "mx.kv.create('local').set_gradient_compression({'type': '2bit', 'threshold': 0.5})"),
    ('kv_compression_device', """
kv = mx.kv.create('device')
kv.set_gradient_compression({'type': '2bit', 'threshold': 0.5})
kv.init(0, nd.zeros(4))
out = []
for k in range(3):
    kv.push(0, [nd.array([0.3, -0.6, 0.1, 1.2]), nd.array([0.2, 0.2, -0.4, 0.0])])
    o = nd.zeros(4)
    kv.pull(0, out=o)
    out.append(o)
result = out
"""),
    ('kv_teststore_pushpull', """
kv = mx.kv.create('teststore')
v = [nd.ones(2), nd.ones(2) * 3]
kv.pushpull(0, v)
o = nd.zeros(2)
kv.broadcast(0, nd.ones(2) * 4, out=o)
result = [v, o, kv.type]
"""),
]

# ---- exact schedules, and the checks that were bare asserts (AssertionError in MXNet) -----------------------
EXACT = {'rtol': 0, 'atol': 0}
CASES += [
    ('factor_scheduler_exact', "s = mx.lr_scheduler.FactorScheduler(step=3, factor=0.7, base_lr=0.3, "
                               "stop_factor_lr=0.01, warmup_steps=5, warmup_begin_lr=0.013)\n"
                               "result = [s(n) for n in range(0, 40)]", EXACT),
    ('multifactor_scheduler_exact', "s = mx.lr_scheduler.MultiFactorScheduler(step=[4, 9, 13], factor=0.3, "
                                    "base_lr=0.7, warmup_steps=3, warmup_begin_lr=0.11)\n"
                                    "result = [s(n) for n in range(0, 20)]", EXACT),
    ('poly_scheduler_exact', "s = mx.lr_scheduler.PolyScheduler(max_update=37, base_lr=0.3, pwr=3, final_lr=0.007, "
                             "warmup_steps=7, warmup_begin_lr=0.01)\nresult = [s(n) for n in range(0, 45)]", EXACT),
    ('cosine_scheduler_exact', "s = mx.lr_scheduler.CosineScheduler(max_update=41, base_lr=0.3, final_lr=0.003, "
                               "warmup_steps=6, warmup_begin_lr=0.017)\nresult = [s(n) for n in range(0, 50)]", EXACT),
    ('cosine_scheduler_constant_warmup_exact', "s = mx.lr_scheduler.CosineScheduler(max_update=23, base_lr=0.9, "
                                               "warmup_steps=4, warmup_begin_lr=0.1, warmup_mode='constant')\n"
                                               "result = [s(n) for n in range(0, 26)]", EXACT),
    ('scheduler_warmup_steps_float', "mx.lr_scheduler.FactorScheduler(step=2, warmup_steps=2.5)"),
    ('multifactor_step_tuple', "mx.lr_scheduler.MultiFactorScheduler((2, 4))"),
    ('multifactor_step_empty', "mx.lr_scheduler.MultiFactorScheduler([])"),
    ('multifactor_first_step_zero', "mx.lr_scheduler.MultiFactorScheduler([0, 0])"),
    ('poly_float_max_update', "mx.lr_scheduler.PolyScheduler(5.0)"),
    ('get_warmup_lr_after_warmup', "mx.lr_scheduler.FactorScheduler(step=2, warmup_steps=3).get_warmup_lr(5)"),
    ('optimizer_idx2name_not_dict', "mx.optimizer.SGD(param_idx2name=['fc_weight'])"),
    ('optimizer_register_not_class', "mx.optimizer.Optimizer.register(3)"),
    ('lbsgd_update_not_ndarray', "mx.optimizer.LBSGD().update(0, np.ones(2), nd.ones(2), None)"),
    ('sgd_update_not_ndarray', "mx.optimizer.SGD().update(0, nd.ones(2), np.ones(2), None)"),
    ('kv_pull_no_out', "kv = mx.kv.create('local')\nkv.init(0, nd.ones(2))\nkv.pull(0)"),
    ('kv_save_states_no_optimizer', "mx.kv.create('local').save_optimizer_states(tmpdir + '/kv.states')"),
    ('kv_load_states_no_optimizer', "mx.kv.create('device').load_optimizer_states(tmpdir + '/kv.states')"),
    ('kv_register_not_class', "mx.kv.KVStoreBase.register('mystore')"),
    ('trainer_update_on_kvstore_one_context', _NET + """
net = make_net()
trainer = gluon.Trainer(net.collect_params(), 'sgd', update_on_kvstore=True)
with autograd.record():
    l = ((net(X) - Y) ** 2).sum()
l.backward()
trainer.step(5)
"""),
    ('trainer_update_refused_on_kvstore', _NET + """
net = make_net([mx.cpu(0), mx.cpu(1)], 1)
trainer = gluon.Trainer(net.collect_params(), 'sgd', {'learning_rate': 0.1})
trainer.update(1)
"""),
    ('trainer_save_load_states_on_kvstore', _NET + """
ctxs = [mx.cpu(0), mx.cpu(1)]
net = make_net(ctxs, 1)
xs, ys = [X.as_in_context(c) for c in ctxs], [Y3.as_in_context(c) for c in ctxs]
def train(trainer, steps):
    for k in range(steps):
        with autograd.record():
            losses = [((net(x) - y) ** 2).sum() for x, y in zip(xs, ys)]
        for l in losses:
            l.backward()
        trainer.step(5)
trainer = gluon.Trainer(net.collect_params(), 'sgd', {'learning_rate': 0.05, 'momentum': 0.9,
                        'lr_scheduler': mx.lr_scheduler.FactorScheduler(step=1, factor=0.5, base_lr=0.05)})
train(trainer, 2)
trainer.save_states(tmpdir + '/t.states')
trainer2 = gluon.Trainer(net.collect_params(), 'sgd', {'learning_rate': 0.5})
trainer2.load_states(tmpdir + '/t.states')
train(trainer2, 2)
result = [p.data(mx.cpu(1)) for p in sorted(net.collect_params().values(), key=lambda p: p.name)] + \\
         [trainer2.learning_rate, trainer2._update_on_kvstore, trainer2._optimizer.num_update]
"""),
    ('trainer_params_to_init_without_kvstore', _NET + """
net = make_net()
trainer = gluon.Trainer(net.collect_params(), 'sgd')
trainer.allreduce_grads()
result = [len(trainer._params_to_init), trainer._kv_initialized, trainer._kvstore]
"""),
]
