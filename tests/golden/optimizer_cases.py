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
