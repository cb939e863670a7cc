"""gluon.loss: every loss's values and input gradients for fixed inputs (numpy's seeded generator), with
scalar weights, sample weights (per sample, per element, broadcasting), other batch axes, reprs, names and
bad input.

A loss case makes the inputs in `inputs` (statements), marks the arrays named in `grads` for gradients,
records the loss called with `call`, back-propagates a random head gradient and answers the loss, the
gradients and the repr."""

LOSS_STEP = """
with mx.name.NameManager():
    loss = {ctor}
{inputs}
for a in ({grads},):
    a.attach_grad()
with autograd.record():
    out = loss({call})
out.backward(nd.array(np.random.uniform(0.5, 1.5, out.shape)))
result = [repr(loss), out, {grad_list}]
"""


def loss_case(name, ctor, inputs, call, grads=('pred',), **options):
    code = LOSS_STEP.format(ctor=ctor, inputs=inputs.strip('\n'), call=call, grads=', '.join(grads),
                            grad_list=', '.join(g + '.grad' for g in grads))
    return (name, code, options) if options else (name, code)


U = 'nd.array(np.random.uniform({lo}, {hi}, {shape}))'


def u(shape, lo=-1, hi=1):
    return U.format(lo=lo, hi=hi, shape=shape)


PRED_LABEL = """
pred = {pred}
label = {label}
"""


def pl(pred, label, extra=''):
    return PRED_LABEL.format(pred=pred, label=label) + extra


SPARSE = 'nd.array(np.random.randint(0, {k}, {shape}))'

CASES = [
    # ---- L2 / L1 -------------------------------------------------------------------------------------------
    loss_case('l2', 'gluon.loss.L2Loss()', pl(u((4, 3)), u((4, 3))), 'pred, label'),
    loss_case('l2_weight_sample_weight', 'gluon.loss.L2Loss(weight=3.0)',
              pl(u((4, 3)), u((4, 3)), 'sw = ' + u((4, 1), 0, 2)), 'pred, label, sw'),
    loss_case('l2_label_reshaped', 'gluon.loss.L2Loss()', pl(u((4, 2, 3)), u((4, 6))), 'pred, label'),
    loss_case('l2_batch_axis_1', 'gluon.loss.L2Loss(batch_axis=1)', pl(u((3, 5)), u((3, 5))), 'pred, label'),
    loss_case('l2_1d', 'gluon.loss.L2Loss()', pl(u((5,)), u((5,))), 'pred, label'),
    loss_case('l2_elementwise_sample_weight', 'gluon.loss.L2Loss()',
              pl(u((2, 3, 4)), u((2, 3, 4)), 'sw = ' + u((3, 4), 0, 2)), 'pred, label, sw'),
    loss_case('l1', 'gluon.loss.L1Loss()', pl(u((4, 3)), u((4, 3))), 'pred, label'),
    loss_case('l1_weight_sample_weight', 'gluon.loss.L1Loss(weight=0.5)',
              pl(u((4, 3, 2)), u((4, 3, 2)), 'sw = ' + u((4, 1, 1), 0, 2)), 'pred, label, sw'),

    # ---- sigmoid BCE ---------------------------------------------------------------------------------------
    loss_case('sigmoid_bce', 'gluon.loss.SigmoidBinaryCrossEntropyLoss()',
              pl(u((4, 3), -4, 4), 'nd.array(np.random.randint(0, 2, (4, 3)))'), 'pred, label'),
    loss_case('sigmoid_bce_soft_labels_weights', 'gluon.loss.SigmoidBCELoss(weight=2.0)',
              pl(u((4, 3), -4, 4), u((4, 3), 0, 1), 'sw = ' + u((4, 1), 0, 2)), 'pred, label, sw'),
    loss_case('sigmoid_bce_from_sigmoid', 'gluon.loss.SigmoidBinaryCrossEntropyLoss(from_sigmoid=True)',
              pl(u((4, 3), 0.05, 0.95), u((4, 3), 0, 1)), 'pred, label'),
    loss_case('sigmoid_bce_pos_weight', 'gluon.loss.SigmoidBinaryCrossEntropyLoss()',
              pl(u((4, 3), -4, 4), 'nd.array(np.random.randint(0, 2, (4, 3)))', 'pw = ' + u((1, 3), 0.5, 3)),
              'pred, label, None, pw', grads=('pred', 'pw')),
    loss_case('sigmoid_bce_from_sigmoid_pos_weight', 'gluon.loss.SigmoidBCELoss(from_sigmoid=True)',
              pl(u((4, 3), 0.05, 0.95), u((4, 3), 0, 1), 'pw = ' + u((1, 3), 0.5, 3)
                 + '\nsw = ' + u((4, 1), 0, 2)), 'pred, label, sw, pw', grads=('pred', 'pw')),
    ('sigmoid_bce_gradient_at_zero', """
loss = gluon.loss.SigmoidBCELoss()
pred = nd.zeros((2, 3))
label = nd.array([[0, 1, 0.5], [1, 1, 0]])
pred.attach_grad()
with autograd.record():
    out = loss(pred, label)
out.backward()
result = [out, pred.grad]"""),
    ('sigmoid_bce_extreme_logits', """
loss = gluon.loss.SigmoidBCELoss()
result = loss(nd.array([[-100.0, 100.0, 50.0, -50.0]]), nd.array([[1, 0, 1, 0]]))"""),

    # ---- softmax cross-entropy -----------------------------------------------------------------------------
    loss_case('softmax_ce', 'gluon.loss.SoftmaxCrossEntropyLoss()', pl(u((4, 5), -3, 3), SPARSE.format(k=5, shape=(4,))),
              'pred, label'),
    loss_case('softmax_ce_label_column', 'gluon.loss.SoftmaxCELoss()',
              pl(u((4, 5), -3, 3), SPARSE.format(k=5, shape=(4, 1))), 'pred, label'),
    loss_case('softmax_ce_int_label_weights', 'gluon.loss.SoftmaxCELoss(weight=0.5)',
              pl(u((4, 5), -3, 3), 'nd.array(np.random.randint(0, 5, (4,)), dtype="int32")',
                 'sw = ' + u((4, 1), 0, 2)), 'pred, label, sw'),
    loss_case('softmax_ce_sample_weight_1d_broadcasts', 'gluon.loss.SoftmaxCELoss()',
              pl(u((4, 5), -3, 3), SPARSE.format(k=5, shape=(4,)), 'sw = ' + u((4,), 0, 2)), 'pred, label, sw'),
    loss_case('softmax_ce_axis1_4d', 'gluon.loss.SoftmaxCELoss(axis=1)',
              pl(u((2, 3, 4, 2), -3, 3), SPARSE.format(k=3, shape=(2, 4, 2))), 'pred, label'),
    loss_case('softmax_ce_sequence', 'gluon.loss.SoftmaxCELoss()',
              pl(u((2, 5, 4), -3, 3), SPARSE.format(k=4, shape=(2, 5)), 'sw = ' + u((2, 5, 1), 0, 2)),
              'pred, label, sw'),
    loss_case('softmax_ce_labels_clipped', 'gluon.loss.SoftmaxCELoss()',
              pl(u((4, 3), -3, 3), 'nd.array([-2.0, 1.7, 2.2, 7.0])'), 'pred, label'),
    loss_case('softmax_ce_dense_label', 'gluon.loss.SoftmaxCELoss(sparse_label=False)',
              pl(u((4, 5), -3, 3), 'nd.softmax(' + u((4, 5), -2, 2) + ')'), 'pred, label'),
    loss_case('softmax_ce_from_logits', 'gluon.loss.SoftmaxCELoss(from_logits=True)',
              pl('nd.log_softmax(' + u((4, 5), -3, 3) + ')', SPARSE.format(k=5, shape=(4,))), 'pred, label'),
    loss_case('softmax_ce_batch_axis_1', 'gluon.loss.SoftmaxCELoss(axis=0, batch_axis=1)',
              pl(u((5, 3), -3, 3), SPARSE.format(k=5, shape=(3,))), 'pred, label'),
    loss_case('softmax_ce_float64', 'gluon.loss.SoftmaxCELoss()',
              pl('nd.array(np.random.uniform(-3, 3, (3, 4)), dtype="float64")', SPARSE.format(k=4, shape=(3,))),
              'pred, label'),

    # ---- KL divergence -------------------------------------------------------------------------------------
    loss_case('kldiv_from_logits', 'gluon.loss.KLDivLoss()',
              pl('nd.log_softmax(' + u((4, 5), -2, 2) + ')', 'nd.softmax(' + u((4, 5), -2, 2) + ')'), 'pred, label'),
    loss_case('kldiv_scores_axis_weights', 'gluon.loss.KLDivLoss(from_logits=False, axis=1, weight=2.0)',
              pl(u((3, 4, 2), -2, 2), 'nd.softmax(' + u((3, 4, 2), -2, 2) + ', axis=1)', 'sw = ' + u((3, 1, 1), 0, 2)),
              'pred, label, sw'),

    # ---- CTC -----------------------------------------------------------------------------------------------
    loss_case('ctc_ntc', 'gluon.loss.CTCLoss()',
              pl(u((2, 6, 4), -2, 2), 'nd.array([[1, 0, -1, -1], [2, 1, 1, -1]])'), 'pred, label', rtol=1e-4),
    loss_case('ctc_tnc_tn', "gluon.loss.CTCLoss(layout='TNC', label_layout='TN')",
              pl(u((6, 2, 4), -2, 2), 'nd.array([[1, 2], [0, 1], [-1, 1]])'), 'pred, label', rtol=1e-4),
    loss_case('ctc_lengths_weights', 'gluon.loss.CTCLoss(weight=0.5)',
              pl(u((3, 7, 5), -2, 2), 'nd.array([[1, 3, 2, 0], [2, 2, 0, 0], [0, 1, 2, 3]])',
                 'pl_ = nd.array([7, 5, 6])\nll = nd.array([3, 2, 4])\nsw = ' + u((3,), 0, 2)),
              'pred, label, pl_, ll, sw', rtol=1e-4),
    ('ctc_reprs', """
result = [repr(gluon.loss.CTCLoss()), repr(gluon.loss.CTCLoss(layout='TNC', label_layout='TN', weight=2.0))]"""),

    # ---- Huber, hinge, logistic ----------------------------------------------------------------------------
    loss_case('huber', 'gluon.loss.HuberLoss()', pl(u((4, 3), -2, 2), u((4, 3), -2, 2)), 'pred, label'),
    loss_case('huber_rho_weights', 'gluon.loss.HuberLoss(rho=0.5, weight=2.0)',
              pl(u((4, 3), -2, 2), u((4, 3), -2, 2), 'sw = ' + u((4, 1), 0, 2)), 'pred, label, sw'),
    loss_case('hinge', 'gluon.loss.HingeLoss()',
              pl(u((4, 3), -2, 2), 'nd.array(np.random.randint(0, 2, (4, 3)) * 2 - 1)'), 'pred, label'),
    loss_case('hinge_margin_weights', 'gluon.loss.HingeLoss(margin=2, weight=0.5)',
              pl(u((4, 3), -2, 2), 'nd.array(np.random.randint(0, 2, (4, 3)) * 2 - 1)', 'sw = ' + u((4, 1), 0, 2)),
              'pred, label, sw'),
    loss_case('squared_hinge', 'gluon.loss.SquaredHingeLoss()',
              pl(u((4, 3), -2, 2), 'nd.array(np.random.randint(0, 2, (4, 3)) * 2 - 1)'), 'pred, label'),
    loss_case('squared_hinge_margin_weights', 'gluon.loss.SquaredHingeLoss(margin=0.5, weight=2.0)',
              pl(u((4, 3), -2, 2), 'nd.array(np.random.randint(0, 2, (4, 3)) * 2 - 1)', 'sw = ' + u((4, 3), 0, 2)),
              'pred, label, sw'),
    loss_case('logistic_signed', 'gluon.loss.LogisticLoss()',
              pl(u((4, 3), -3, 3), 'nd.array(np.random.randint(0, 2, (4, 3)) * 2 - 1)'), 'pred, label'),
    loss_case('logistic_binary_weights', "gluon.loss.LogisticLoss(label_format='binary', weight=2.0)",
              pl(u((4, 3), -3, 3), 'nd.array(np.random.randint(0, 2, (4, 3)))', 'sw = ' + u((4, 1), 0, 2)),
              'pred, label, sw'),

    # ---- triplet, Poisson, cosine, SDML --------------------------------------------------------------------
    loss_case('triplet', 'gluon.loss.TripletLoss()',
              'pred = ' + u((4, 3)) + '\npos = ' + u((4, 3)) + '\nneg = ' + u((4, 3)), 'pred, pos, neg',
              grads=('pred', 'pos', 'neg')),
    loss_case('triplet_margin_weight', 'gluon.loss.TripletLoss(margin=0.2, weight=3.0)',
              'pred = ' + u((4, 2, 3)) + '\npos = ' + u((4, 6)) + '\nneg = ' + u((4, 2, 3)), 'pred, pos, neg',
              grads=('pred', 'pos', 'neg')),
    loss_case('poisson_nll_logits', 'gluon.loss.PoissonNLLLoss()',
              pl(u((4, 3), -1, 1), 'nd.array(np.random.randint(0, 5, (4, 3)))'), 'pred, label'),
    loss_case('poisson_nll_mean_epsilon', 'gluon.loss.PoissonNLLLoss(from_logits=False, weight=2.0)',
              pl(u((4, 3), 0.1, 3), 'nd.array(np.random.randint(0, 5, (4, 3)))', 'sw = ' + u((4, 1), 0, 2)),
              'pred, label, sw, 1e-3'),
    # forward only: MXNet 1.9.1 adds the Stirling term in place (loss += ...), which autograd refuses
    ('poisson_nll_compute_full', """
pred = nd.array(np.random.uniform(-1, 1, (4, 3)))
label = nd.array(np.random.randint(1, 6, (4, 3)))
result = [gluon.loss.PoissonNLLLoss(compute_full=True)(pred, label),
          gluon.loss.PoissonNLLLoss(compute_full=True, from_logits=False)(pred + 2, label)]"""),
    ('poisson_nll_compute_full_zero_target', """
result = gluon.loss.PoissonNLLLoss(compute_full=True)(nd.ones((2, 2)), nd.array([[0, 2], [3, 1]]))"""),
    loss_case('cosine_embedding', 'gluon.loss.CosineEmbeddingLoss()',
              'x1 = ' + u((4, 5)) + '\nx2 = ' + u((4, 5)) + '\nlab = nd.array([1, -1, 1, -1])', 'x1, x2, lab',
              grads=('x1', 'x2')),
    loss_case('cosine_embedding_margin_weights', 'gluon.loss.CosineEmbeddingLoss(margin=0.2, weight=2.0)',
              'x1 = ' + u((4, 5)) + '\nx2 = ' + u((4, 5)) + '\nlab = nd.array([-1, -1, 1, -1])\nsw = '
              + u((4, 1), 0, 2), 'x1, x2, lab, sw', grads=('x1', 'x2')),
    # the gradients sum terms that nearly cancel: float32 rounding differs in the last digits
    loss_case('sdml', 'gluon.loss.SDMLLoss()', 'x1 = ' + u((4, 3)) + '\nx2 = ' + u((4, 3)), 'x1, x2',
              grads=('x1', 'x2'), atol=2e-5, rtol=1e-4),
    loss_case('sdml_smoothing', 'gluon.loss.SDMLLoss(smoothing_parameter=0.1)',
              'x1 = ' + u((3, 5)) + '\nx2 = ' + u((3, 5)), 'x1, x2', grads=('x1', 'x2'), atol=2e-5, rtol=1e-4),

    # ---- hybridized, names, reprs --------------------------------------------------------------------------
    ('hybridized_losses', """
pred = nd.array(np.random.uniform(-2, 2, (4, 3)))
label = nd.array(np.random.randint(0, 3, (4,)))
dense = nd.array(np.random.uniform(-2, 2, (4, 3)))
result = []
for l, args in ((gluon.loss.SoftmaxCELoss(), (pred, label)), (gluon.loss.L2Loss(), (pred, dense)),
                (gluon.loss.SigmoidBCELoss(), (pred, dense > 0)), (gluon.loss.HuberLoss(), (pred, dense))):
    l.hybridize()
    result.append(l(*args))"""),
    ('loss_reprs_names', """
with mx.name.NameManager():
    losses = [gluon.loss.L2Loss(), gluon.loss.L1Loss(weight=2), gluon.loss.SigmoidBCELoss(),
              gluon.loss.SoftmaxCELoss(batch_axis=1), gluon.loss.KLDivLoss(), gluon.loss.HuberLoss(),
              gluon.loss.HingeLoss(), gluon.loss.SquaredHingeLoss(), gluon.loss.LogisticLoss(),
              gluon.loss.TripletLoss(), gluon.loss.PoissonNLLLoss(), gluon.loss.CosineEmbeddingLoss(),
              gluon.loss.SDMLLoss(), gluon.loss.L2Loss(prefix='mse_')]
    after = gluon.loss.KLDivLoss()
    result = [(repr(l), l.name) for l in losses] + [after.name, list(losses[12]._children.keys())]"""),
    ('loss_aliases', """
result = [gluon.loss.SigmoidBCELoss is gluon.loss.SigmoidBinaryCrossEntropyLoss,
          gluon.loss.SoftmaxCELoss is gluon.loss.SoftmaxCrossEntropyLoss, sorted(gluon.loss.__all__)]"""),
    ('loss_base_not_implemented', """
result = gluon.loss.Loss(None, 0)(nd.ones((2, 2)))"""),
    ('loss_inside_net_training_step', """
with mx.name.NameManager():
    net = gluon.nn.HybridSequential()
    net.add(gluon.nn.Dense(4, activation='relu'), gluon.nn.Dense(3))
net.initialize()
x = nd.array(np.random.uniform(-1, 1, (5, 6)))
net(x)
for n in sorted(net.collect_params().keys()):
    net.collect_params()[n].set_data(nd.array(np.random.uniform(-1, 1, net.collect_params()[n].shape)))
y = nd.array([0, 2, 1, 1, 0])
with autograd.record():
    l = gluon.loss.SoftmaxCrossEntropyLoss()(net(x), y)
l.backward()
result = [l] + [net.collect_params()[n].grad() for n in sorted(net.collect_params().keys())]"""),

    # ---- bad input -----------------------------------------------------------------------------------------
    ('error_l2_label_size', "gluon.loss.L2Loss()(nd.ones((4, 3)), nd.ones((3, 5)))"),
    ('error_l2_label_dtype', "gluon.loss.L2Loss()(nd.ones((4, 3)), nd.ones((4, 3), dtype='int32'))"),
    ('error_l2_float64_label', "gluon.loss.L2Loss()(nd.ones((4, 3)), nd.ones((4, 3), dtype='float64'))"),
    ('error_l2_sample_weight_shape', "gluon.loss.L2Loss()(nd.ones((4, 3)), nd.ones((4, 3)), nd.ones((4,)))"),
    ('error_l2_sample_weight_number', "gluon.loss.L2Loss()(nd.ones((4, 3)), nd.ones((4, 3)), 2.0)",
     {'errors': ('TypeError',)}),
    ('error_l2_weight_none', "gluon.loss.L2Loss(weight=None)(nd.ones((4, 3)), nd.zeros((4, 3)))"),
    ('error_l1_weight_not_number', "gluon.loss.L1Loss(weight='a')(nd.ones((4, 3)), nd.zeros((4, 3)))"),
    ('error_batch_axis_out_of_range', "gluon.loss.L2Loss(batch_axis=2)(nd.ones((4, 3)), nd.zeros((4, 3)))"),
    ('error_softmax_ce_label_shape', "gluon.loss.SoftmaxCELoss()(nd.ones((4, 3)), nd.ones((2, 2)))"),
    ('error_softmax_ce_label_axis_shape', "gluon.loss.SoftmaxCELoss(axis=1)(nd.ones((4, 3, 5)), nd.ones((4, 5, 1)))"),
    ('error_logistic_label_format', "gluon.loss.LogisticLoss(label_format='multi')"),
    ('error_ctc_layout', "gluon.loss.CTCLoss(layout='NCT')"),
    ('error_ctc_label_layout', "gluon.loss.CTCLoss(label_layout='NN')"),
    ('error_sdml_shapes', "gluon.loss.SDMLLoss()(nd.ones((4, 3)), nd.ones((3, 3)))"),
]
