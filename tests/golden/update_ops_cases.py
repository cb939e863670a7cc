"""The optimizer update operators (mx.nd.sgd_update, adam_update, multi_sgd_mom_update, ...,
mx.nd.contrib.adamw_update, multi_lamb_update): from fixed weights, gradients and states, the returned
weight AND every input afterwards (the states are updated in place, the weight only through out=, the
gradient never), with and without weight decay, rescaling and clipping; mixed precision; bad input."""

_DATA = """
W = np.array([[0.5, -1.2, 2.0], [0.1, -0.3, 1.5]])
G = np.array([[0.3, -2.5, 0.0], [1.2, 0.4, -0.7]])
S1 = np.array([[0.1, 0.2, -0.3], [0.05, -0.4, 0.6]])
S2 = np.array([[0.2, 0.5, 0.1], [0.3, 0.05, 0.9]])
S3 = np.array([[-0.2, 0.1, 0.4], [0.0, 0.3, -0.1]])
W1 = np.array([0.7, -0.4, 0.05, 1.1])
G1 = np.array([0.2, -1.0, 3.0, 0.4])
M1 = np.array([0.1, -0.2, 0.3, 0.0])
"""


def case(call, arrays, dtype='float32', result=None):
    """Code making `arrays` (name=DATA pairs, e.g. 'w=W g=G m=S1') as NDArrays of `dtype`, running `call`
    into r, and leaving [r, every array] (or `result`) in result."""
    names, lines = [], []
    for item in arrays.split():
        name, data = item.split('=')
        names.append(name)
        lines.append("{} = nd.array({}, dtype='{}')".format(name, data, dtype))
    return _DATA + '\n'.join(lines) + '\nr = {}\nresult = {}\n'.format(
        call, result or '[r, {}]'.format(', '.join(names)))


def mp_case(call, arrays, result=None):
    """Like `case` for mixed precision: names ending in 16 are float16, the others float32."""
    names, lines = [], []
    for item in arrays.split():
        name, data = item.split('=')
        names.append(name)
        lines.append("{} = nd.array({}, dtype='{}')".format(name, data, 'float16' if name.endswith('16')
                                                              else 'float32'))
    return _DATA + '\n'.join(lines) + '\nr = {}\nresult = {}\n'.format(
        call, result or '[r, {}]'.format(', '.join(names)))


F16 = {'rtol': 2e-3, 'atol': 2e-3}
# float32 cancellations in MXNet's kernels (1 - beta2**t computed in float32, multi_adamw's
# beta2 * (var - g**2) + g**2, FTML's large z) differ from mxtorch's in the fifth digit
CANCEL = {'rtol': 1e-4}
SGD3 = 'w=W g=G m=S1'
ADAM = 'w=W g=G m=S1 v=S2'

CASES = [
    # ---- sgd_update, sgd_mom_update ----------------------------------------------------------------------
    ('sgd_update_new_array', case("nd.sgd_update(w, g, lr=0.1)", 'w=W g=G')),
    ('sgd_update_out_weight', case("nd.sgd_update(w, g, lr=0.1, wd=0.05, out=w)", 'w=W g=G',
                                   result='[r, w, g, r is w]')),
    ('sgd_update_other_out', case("nd.sgd_update(w, g, lr=0.1, out=o)", 'w=W g=G o=S1',
                                  result='[r, w, g, o, r is o]')),
    ('sgd_update_rescale_clip_wd', case("nd.sgd_update(w, g, lr=0.2, wd=0.1, rescale_grad=0.5, "
                                        "clip_gradient=0.4, out=w)", 'w=W g=G')),
    ('sgd_update_clip_zero_clips_all', case("nd.sgd_update(w, g, lr=0.1, clip_gradient=0, out=w)", 'w=W g=G')),
    ('sgd_update_negative_clip_off', case("nd.sgd_update(w, g, lr=0.1, clip_gradient=-3, out=w)", 'w=W g=G')),
    ('sgd_update_positional', case("nd.sgd_update(w, g, 0.1, 0.05, 2.0)", 'w=W g=G')),
    ('sgd_update_string_args', case("nd.sgd_update(w, g, lr='0.1', wd='0.05', lazy_update='False')", 'w=W g=G')),
    ('sgd_update_float16', case("nd.sgd_update(w, g, lr=0.1, wd=0.05, out=w)", 'w=W g=G', 'float16'), F16),
    ('sgd_update_float64', case("nd.sgd_update(w, g, lr=0.1, wd=0.05, out=w)", 'w=W g=G', 'float64')),
    ('sgd_update_1d', case("nd.sgd_update(w, g, lr=0.3, rescale_grad=0.1, out=w)", 'w=W1 g=G1')),
    ('sgd_mom_update', case("nd.sgd_mom_update(w, g, m, lr=0.1, momentum=0.9, wd=0.01, out=w)", SGD3)),
    ('sgd_mom_update_new_array', case("nd.sgd_mom_update(w, g, m, lr=0.1, momentum=0.9, wd=0.01)", SGD3)),
    ('sgd_mom_update_default_momentum', case("nd.sgd_mom_update(w, g, m, lr=0.1, out=w)", SGD3)),
    ('sgd_mom_update_rescale_clip', case("nd.sgd_mom_update(w, g, m, lr=0.2, momentum=0.5, wd=0.1, "
                                         "rescale_grad=0.5, clip_gradient=0.3, out=w)", SGD3)),
    ('sgd_mom_update_two_steps', _DATA + """
w, g, m = nd.array(W), nd.array(G), nd.array(S1)
nd.sgd_mom_update(w, g, m, lr=0.1, momentum=0.9, wd=0.01, out=w)
r = nd.sgd_mom_update(w, nd.array(S3), m, lr=0.1, momentum=0.9, wd=0.01, out=w)
result = [r, w, m, g]
"""),
    ('sgd_mom_update_float64', case("nd.sgd_mom_update(w, g, m, lr=0.1, momentum=0.9, out=w)", SGD3, 'float64')),
    # ---- mixed precision SGD -------------------------------------------------------------------------------
    ('mp_sgd_update', mp_case("nd.mp_sgd_update(w16, g16, w32, lr=0.1, wd=0.05, out=w16)", 'w16=W g16=G w32=W'),
     F16),
    ('mp_sgd_update_new_array', mp_case("nd.mp_sgd_update(w16, g16, w32, lr=0.1, rescale_grad=0.5, "
                                        "clip_gradient=0.5)", 'w16=W g16=G w32=W'), F16),
    ('mp_sgd_update_float32_weight', mp_case("nd.mp_sgd_update(w, g, w32, lr=0.1, out=w)", 'w=W g=G w32=S1')),
    ('mp_sgd_mom_update', mp_case("nd.mp_sgd_mom_update(w16, g16, m, w32, lr=0.1, momentum=0.9, wd=0.01, "
                                  "out=w16)", 'w16=W g16=G m=S1 w32=W'), F16),
    ('mp_sgd_mom_update_clip', mp_case("nd.mp_sgd_mom_update(w16, g16, m, w32, lr=0.1, momentum=0.5, "
                                       "clip_gradient=0.2, out=w16)", 'w16=W g16=G m=S1 w32=W'), F16),
    # ---- NAG ----------------------------------------------------------------------------------------------
    ('nag_mom_update_out_weight', case("nd.nag_mom_update(w, g, m, lr=0.1, momentum=0.9, wd=0.5, "
                                       "out=w)", SGD3)),
    ('nag_mom_update_new_array', case("nd.nag_mom_update(w, g, m, lr=0.1, momentum=0.9, wd=0.5)", SGD3)),
    ('nag_mom_update_other_out', case("nd.nag_mom_update(w, g, m, lr=0.1, momentum=0.9, wd=0.5, out=o)",
                                      SGD3 + ' o=S3')),
    ('nag_mom_update_rescale_clip', case("nd.nag_mom_update(w, g, m, lr=0.1, momentum=0.7, wd=0.02, "
                                         "rescale_grad=0.8, clip_gradient=1.0, out=w)", SGD3)),
    ('nag_mom_update_default_momentum', case("nd.nag_mom_update(w, g, m, lr=0.1, wd=0.1, out=w)", SGD3)),
    ('mp_nag_mom_update', mp_case("nd.mp_nag_mom_update(w16, g16, m, w32, lr=0.1, momentum=0.9, wd=0.5, "
                                  "out=w16)", 'w16=W g16=G m=S1 w32=W'), F16),
    ('mp_nag_mom_update_new_array', mp_case("nd.mp_nag_mom_update(w16, g16, m, w32, lr=0.1, momentum=0.9, "
                                            "wd=0.5)", 'w16=W g16=G m=S1 w32=W'), F16),
    # ---- signSGD, Signum ----------------------------------------------------------------------------------
    ('signsgd_update', case("nd.signsgd_update(w, g, lr=0.1, wd=0.1, out=w)", 'w=W g=G')),
    ('signsgd_update_ignores_rescale_clip', case("nd.signsgd_update(w, g, lr=0.1, rescale_grad=-3, "
                                                 "clip_gradient=0.01)", 'w=W g=G')),
    ('signum_update', case("nd.signum_update(w, g, m, lr=0.1, momentum=0.9, out=w)", SGD3)),
    ('signum_update_wd_lh_clip', case("nd.signum_update(w, g, m, lr=0.1, momentum=0.8, wd=0.1, wd_lh=0.05, "
                                      "rescale_grad=2.0, clip_gradient=0.5, out=w)", SGD3)),
    ('signum_update_new_array', case("nd.signum_update(w, g, m, lr=0.1, momentum=0.5)", SGD3)),
    # ---- Adam, FTML ---------------------------------------------------------------------------------------
    ('adam_update', case("nd.adam_update(w, g, m, v, lr=0.01, out=w)", ADAM)),
    ('adam_update_new_array', case("nd.adam_update(w, g, m, v, lr=0.01)", ADAM)),
    ('adam_update_wd_rescale_clip', case("nd.adam_update(w, g, m, v, lr=0.05, beta1=0.8, beta2=0.99, "
                                         "epsilon=1e-6, wd=0.1, rescale_grad=0.5, clip_gradient=0.3, out=w)",
                                         ADAM)),
    ('adam_update_zero_states', case("nd.adam_update(w, g, m, v, lr=0.001, out=w)", 'w=W g=G m=S3 v=S3',
                                     result='[r, w, g]')),
    ('adam_update_float64', case("nd.adam_update(w, g, m, v, lr=0.01, wd=0.01, out=w)", ADAM, 'float64')),
    ('ftml_update', case("nd.ftml_update(w, g, d, v, z, lr=0.1, t=1, out=w)", 'w=W g=G d=S3 v=S2 z=S1')),
    ('ftml_update_t3_wd_clip', case("nd.ftml_update(w, g, d, v, z, lr=0.05, beta1=0.5, beta2=0.99, "
                                    "epsilon=1e-6, t=3, wd=0.1, rescale_grad=0.5, clip_grad=0.4, out=w)",
                                    'w=W g=G d=S2 v=S2 z=S1')),
    ('ftml_update_new_array', case("nd.ftml_update(w, g, d, v, z, lr=0.1, t=2)", 'w=W g=G d=S2 v=S2 z=S1'),
     CANCEL),
    # ---- LAMB ---------------------------------------------------------------------------------------------
    ('lamb_update_phase1', case("nd.lamb_update_phase1(w, g, m, v, t=1, wd=0.01)", ADAM)),
    ('lamb_update_phase1_no_bias_correction', case("nd.lamb_update_phase1(w, g, m, v, beta1=0.8, beta2=0.9, "
                                                   "epsilon=1e-4, t=3, bias_correction=False, wd=0.1, "
                                                   "rescale_grad=0.5, clip_gradient=0.5)", ADAM)),
    ('lamb_update_phase1_t4', case("nd.lamb_update_phase1(w, g, m, v, t=4, wd=0.0)", ADAM)),
    ('lamb_update_phase2', case("nd.lamb_update_phase2(w, g, w.norm(), g.norm(), lr=0.1, out=w)", 'w=W g=S1')),
    ('lamb_update_phase2_bounds', case("nd.lamb_update_phase2(w, g, nd.array([5.0]), nd.array([2.0]), lr=0.1, "
                                       "lower_bound=0.5, upper_bound=3.0)", 'w=W g=S1')),
    ('lamb_update_phase2_lower_bound', case("nd.lamb_update_phase2(w, g, nd.array([0.1]), nd.array([2.0]), "
                                            "lr=0.1, lower_bound=1.0)", 'w=W g=S1')),
    ('lamb_update_phase2_zero_norm', case("nd.lamb_update_phase2(w, g, nd.array([0.0]), nd.array([2.0]), "
                                          "lr=0.1, out=w)", 'w=W g=S1')),
    ('lamb_two_phases', _DATA + """
w, g, m, v = nd.array(W), nd.array(G), nd.array(S1), nd.array(S2)
d = nd.lamb_update_phase1(w, g, m, v, t=2, wd=0.05)
r = nd.lamb_update_phase2(w, d, w.norm(), d.norm(), lr=0.01, out=w)
result = [r, w, d, m, v, g]
""", CANCEL),
    ('mp_lamb_update_phase1', mp_case("nd.mp_lamb_update_phase1(w16, g16, m, v, w32, t=2, wd=0.1)",
                                      'w16=W g16=G m=S1 v=S2 w32=W'), F16),
    ('mp_lamb_update_phase2', mp_case("nd.mp_lamb_update_phase2(w16, d, w32.norm(), d.norm(), w32, lr=0.1, "
                                      "out=w16)", 'w16=W d=S1 w32=W'), F16),
    # ---- RMSProp, Ftrl ------------------------------------------------------------------------------------
    ('rmsprop_update', case("nd.rmsprop_update(w, g, n, lr=0.01, out=w)", 'w=W g=G n=S2')),
    ('rmsprop_update_wd_clip_weights', case("nd.rmsprop_update(w, g, n, lr=0.5, gamma1=0.9, epsilon=1e-6, "
                                            "wd=0.1, rescale_grad=0.5, clip_gradient=0.4, clip_weights=1.0, "
                                            "out=w)", 'w=W g=G n=S2')),
    ('rmsprop_update_new_array', case("nd.rmsprop_update(w, g, n, lr=0.01)", 'w=W g=G n=S2')),
    ('rmspropalex_update', case("nd.rmspropalex_update(w, g, n, m, delta, lr=0.01, out=w)",
                                'w=W g=G n=S2 m=S3 delta=S1')),
    ('rmspropalex_update_wd_clip', case("nd.rmspropalex_update(w, g, n, m, delta, lr=0.1, gamma1=0.9, "
                                        "gamma2=0.5, epsilon=1e-4, wd=0.05, rescale_grad=0.5, clip_gradient=0.5, "
                                        "clip_weights=1.2, out=w)", 'w=W g=G n=S2 m=S3 delta=S1')),
    ('ftrl_update', case("nd.ftrl_update(w, g, z, n, lr=0.1, out=w)", 'w=W g=G z=S1 n=S2')),
    ('ftrl_update_wd_clip', case("nd.ftrl_update(w, g, z, n, lr=0.2, lamda1=0.05, beta=0.5, wd=0.1, "
                                 "rescale_grad=0.5, clip_gradient=0.4, out=w)", 'w=W g=G z=S1 n=S2')),
    ('ftrl_update_new_array', case("nd.ftrl_update(w, g, z, n, lr=0.1)", 'w=W g=G z=S3 n=S2')),
    # ---- multi-weight SGD ---------------------------------------------------------------------------------
    ('multi_sgd_update', _DATA + """
w0, g0, w1, g1 = nd.array(W), nd.array(G), nd.array(W1), nd.array(G1)
r = nd.multi_sgd_update(w0, g0, w1, g1, lrs=(0.1, 0.2), wds=(0.0, 0.1), num_weights=2, out=[w0, w1])
result = [r, w0, w1, g0, g1, r[0] is w0]
"""),
    ('multi_sgd_update_other_out_clip', _DATA + """
w0, g0, w1, g1 = nd.array(W), nd.array(G), nd.array(W1), nd.array(G1)
o0, o1 = nd.zeros((2, 3)), nd.zeros((4,))
r = nd.multi_sgd_update(w0, g0, w1, g1, lrs=[0.1, 0.2], wds=[0.05, 0.1], rescale_grad=0.5, clip_gradient=0.6,
                        num_weights=2, out=[o0, o1])
result = [r, w0, w1, o0, o1, g0, g1]
"""),
    ('multi_sgd_update_one_weight', _DATA + """
w0, g0 = nd.array(W), nd.array(G)
r = nd.multi_sgd_update(w0, g0, lrs=0.1, wds='(0.5,)', out=w0)
result = [r, w0, g0]
"""),
    ('multi_sgd_mom_update', _DATA + """
w0, g0, m0, w1, g1, m1 = nd.array(W), nd.array(G), nd.array(S1), nd.array(W1), nd.array(G1), nd.array(M1)
r = nd.multi_sgd_mom_update(w0, g0, m0, w1, g1, m1, lrs=(0.1, 0.2), wds=(0.01, 0.0), momentum=0.9,
                            num_weights=2, out=[w0, w1])
result = [r, w0, w1, m0, m1, g0, g1]
"""),
    ('multi_mp_sgd_update', _DATA + """
w0, g0, w1, g1 = nd.array(W, dtype='float16'), nd.array(G, dtype='float16'), nd.array(W1, dtype='float16'), \
    nd.array(G1, dtype='float16')
s0, s1 = nd.array(W), nd.array(W1)
r = nd.multi_mp_sgd_update(w0, g0, s0, w1, g1, s1, lrs=(0.1, 0.2), wds=(0.01, 0.1), num_weights=2, out=[w0, w1])
result = [r, w0, w1, s0, s1, g0, g1]
""", F16),
    ('multi_mp_sgd_mom_update', _DATA + """
w0, g0, w1, g1 = nd.array(W, dtype='float16'), nd.array(G, dtype='float16'), nd.array(W1, dtype='float16'), \
    nd.array(G1, dtype='float16')
m0, s0, m1, s1 = nd.array(S1), nd.array(W), nd.array(M1), nd.array(W1)
r = nd.multi_mp_sgd_mom_update(w0, g0, m0, s0, w1, g1, m1, s1, lrs=(0.1, 0.2), wds=(0.01, 0.1), momentum=0.8,
                               clip_gradient=1.0, num_weights=2, out=[w0, w1])
result = [r, w0, w1, m0, m1, s0, s1, g0, g1]
""", F16),
    ('preloaded_multi_sgd_update', _DATA + """
w0, g0, w1, g1 = nd.array(W), nd.array(G), nd.array(W1), nd.array(G1)
lrs, wds = nd.array([0.1, 0.2]), nd.array([0.05, 0.0])
r = nd.preloaded_multi_sgd_update(w0, g0, w1, g1, lrs, wds, rescale_grad=0.5, num_weights=2, out=[w0, w1])
result = [r, w0, w1, g0, g1, lrs, wds]
"""),
    ('preloaded_multi_sgd_mom_update', _DATA + """
w0, g0, m0, w1, g1, m1 = nd.array(W), nd.array(G), nd.array(S1), nd.array(W1), nd.array(G1), nd.array(M1)
r = nd.preloaded_multi_sgd_mom_update(w0, g0, m0, w1, g1, m1, nd.array([0.1, 0.2]), nd.array([0.05, 0.0]),
                                      momentum=0.9, num_weights=2, out=[w0, w1])
result = [r, w0, w1, m0, m1, g0, g1]
"""),
    ('preloaded_multi_mp_sgd_update', _DATA + """
w0, g0 = nd.array(W, dtype='float16'), nd.array(G, dtype='float16')
s0 = nd.array(W)
r = nd.preloaded_multi_mp_sgd_update(w0, g0, s0, nd.array([0.1]), nd.array([0.05]), out=[w0])
result = [r, w0, s0, g0]
""", F16),
    ('preloaded_multi_mp_sgd_mom_update', _DATA + """
w0, g0 = nd.array(W, dtype='float16'), nd.array(G, dtype='float16')
m0, s0 = nd.array(S1), nd.array(W)
r = nd.preloaded_multi_mp_sgd_mom_update(w0, g0, m0, s0, nd.array([0.1]), nd.array([0.05]), momentum=0.5,
                                         out=[w0])
result = [r, w0, m0, s0, g0]
""", F16),
    # ---- contrib: AdamW, LAMB -----------------------------------------------------------------------------
    # (MXNet's adamw_update rescales the gradient array in place; mxtorch does not: g is left out)
    ('contrib_adamw_update', case("nd.contrib.adamw_update(w, g, m, v, rescale_grad=0.5, lr=0.1, eta=1.0, "
                                  "wd=0.1, out=w)", ADAM, result='[r, w, m, v]')),
    ('contrib_adamw_update_new_array_clip', case("nd.contrib.adamw_update(w, g, m, v, 1.0, 0.05, 0.5, beta1=0.8, "
                                                 "beta2=0.9, epsilon=1e-6, wd=0.2, clip_gradient=0.3)", ADAM,
                                                 result='[r, w, m, v]')),
    ('contrib_adamw_update_rescale_array', case("nd.contrib.adamw_update(w, g, m, v, rescale_grad=nd.array([2.0]), "
                                                "lr=0.1, eta=0.5, out=w)", ADAM, result='[r, w, m, v]')),
    ('contrib_adamw_update_zero_rescale_skips', case("nd.contrib.adamw_update(w, g, m, v, rescale_grad=0.0, "
                                                     "lr=0.1, eta=1.0, wd=0.1, out=w)", ADAM,
                                                     result='[r, w, m, v]')),
    ('contrib_mp_adamw_update', mp_case("nd.contrib.mp_adamw_update(w16, g16, m, v, w32, rescale_grad=0.5, lr=0.1, "
                                        "eta=1.0, wd=0.1, out=w16)", 'w16=W g16=G m=S1 v=S2 w32=W'), F16),
    ('contrib_multi_adamw_update', _DATA + """
w0, g0, w1, g1 = nd.array(W), nd.array(G), nd.array(W1), nd.array(G1)
m0, v0, m1, v1 = nd.array(S1), nd.array(S2), nd.array(M1), nd.zeros(4)
r = nd.contrib.multi_adamw_update([w0, w1], [g0, g1], [m0, m1], [v0, v1], 1.0, lrs=[0.1, 0.05], wds=[0.01, 0.1],
                                  etas=[1.0, 0.5], out=[w0, w1])
result = [r, w0, w1, m0, m1, v0, v1]
""", CANCEL),
    ('contrib_multi_mp_adamw_update', _DATA + """
w0, g0 = nd.array(W, dtype='float16'), nd.array(G, dtype='float16')
m0, v0, s0 = nd.array(S1), nd.array(S2), nd.array(W)
r = nd.contrib.multi_mp_adamw_update([w0], [g0], [m0], [v0], [s0], 0.5, lrs=[0.1], wds=[0.01], etas=[1.0],
                                     clip_gradient=0.5, out=[w0])
result = [r, w0, m0, v0, s0]
""", F16),
    ('contrib_multi_lamb_update', _DATA + """
w0, g0, w1, g1 = nd.array(W), nd.array(G), nd.array(W1), nd.array(G1)
m0, v0, m1, v1 = nd.array(S1), nd.array(S2), nd.array(M1), nd.zeros(4)
r = nd.contrib.multi_lamb_update([w0, w1], [g0, g1], [m0, m1], [v0, v1], step_count=[1, 3], lrs=[0.1, 0.05],
                                 wds=[0.01, 0.1], out=[w0, w1])
result = [r, w0, w1, m0, m1, v0, v1, g0, g1]
"""),
    ('contrib_multi_lamb_update_options', _DATA + """
w0, g0, m0, v0 = nd.array(W), nd.array(G), nd.array(S1), nd.array(S2)
r = nd.contrib.multi_lamb_update([w0], [g0], [m0], [v0], step_count=[2], lrs=[0.1], wds=[0.1], out=[w0],
                                 beta1=0.8, beta2=0.9, epsilon=1e-4, rescale_grad=0.5, lower_bound=0.1,
                                 upper_bound=1.0, clip_gradient=0.5, bias_correction=False)
result = [r, w0, m0, v0, g0]
"""),
    ('contrib_multi_mp_lamb_update', _DATA + """
w0, g0 = nd.array(W, dtype='float16'), nd.array(G, dtype='float16')
m0, v0, s0 = nd.array(S1), nd.array(S2), nd.array(W)
r = nd.contrib.multi_mp_lamb_update([w0], [g0], [m0], [v0], [s0], step_count=[2], lrs=[0.1], wds=[0.1],
                                    out=[w0])
result = [r, w0, m0, v0, s0, g0]
""", F16),
    # ---- bad input ----------------------------------------------------------------------------------------
    ('error_missing_lr', case("nd.sgd_update(w, g)", 'w=W g=G')),
    ('error_lamb_phase1_missing_wd', case("nd.lamb_update_phase1(w, g, m, v, t=1)", ADAM)),
    ('error_grad_shape', _DATA + "r = nd.sgd_update(nd.array(W), nd.array(G1), lr=0.1)"),
    ('error_grad_dtype', _DATA + "r = nd.sgd_update(nd.array(W), nd.array(G, dtype='float64'), lr=0.1)"),
    ('error_mom_dtype', _DATA + "r = nd.sgd_mom_update(nd.array(W, dtype='float16'), nd.array(G, dtype='float16'), "
                                "nd.array(S1), lr=0.1)"),
    ('error_mp_weight32_float16', _DATA + "r = nd.mp_sgd_update(nd.array(W, dtype='float16'), "
                                          "nd.array(G, dtype='float16'), nd.array(W, dtype='float16'), lr=0.1)"),
    ('error_out_shape', _DATA + "r = nd.sgd_update(nd.array(W), nd.array(G), lr=0.1, out=nd.zeros(4))"),
    ('error_adam_var_shape', _DATA + "r = nd.adam_update(nd.array(W), nd.array(G), nd.array(S1), nd.array(W1), "
                                     "lr=0.1)"),
    ('error_multi_num_weights', _DATA + "w0 = nd.array(W)\nr = nd.multi_sgd_update(w0, nd.array(G), w0, "
                                        "nd.array(G), lrs=(0.1, 0.1), wds=(0, 0), out=[w0, w0])"),
    ('error_multi_lrs_count', _DATA + "w0 = nd.array(W)\nr = nd.multi_sgd_update(w0, nd.array(G), w0, "
                                      "nd.array(G), lrs=(0.1,), wds=(0, 0), num_weights=2, out=[w0, w0])"),
    ('error_lamb_phase2_r1_shape', _DATA + "r = nd.lamb_update_phase2(nd.array(W), nd.array(G), "
                                           "nd.array([1.0, 2.0]), nd.array([1.0]), lr=0.1)"),
]
