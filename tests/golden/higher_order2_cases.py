"""Gradients through every family of differentiable operators taken with autograd.grad(create_graph=True)
(activations, reductions, dot/batch_dot, broadcast arithmetic, the reshape/transpose family, losses), for
the unary math of higher_order_cases.py's companion area.

MXNet 1.9.1 differentiates none of these families past the first order, except transpose and clip (to the
third) and FullyConnected (to the second): for the others its second grad raises MXNetError ("...
is non-differentiable because it didn't register FGradient"). The cases pin the orders MXNet gives; the
higher orders, which mxtorch computes, are checked against finite differences in
tests/test_ops_higher_order.py over the same FAMILIES."""

FAMILIES = {
    # activations
    'softmax': 'nd.softmax(x)', 'log_softmax': 'nd.log_softmax(x)', 'softmin': 'nd.softmin(x)',
    'activation_relu': "nd.Activation(x, act_type='relu')", 'activation_sigmoid': "nd.Activation(x, act_type='sigmoid')",
    'activation_tanh': "nd.Activation(x, act_type='tanh')", 'activation_softrelu': "nd.Activation(x, act_type='softrelu')",
    'activation_softsign': "nd.Activation(x, act_type='softsign')",
    'leaky_relu': "nd.LeakyReLU(x - 0.5, slope=0.1)", 'leaky_elu': "nd.LeakyReLU(x - 0.5, act_type='elu')",
    'leaky_selu': "nd.LeakyReLU(x, act_type='selu')", 'leaky_gelu': "nd.LeakyReLU(x, act_type='gelu')",
    'softsign': 'nd.softsign(x)', 'hard_sigmoid': 'nd.hard_sigmoid(x)', 'erf': 'nd.erf(x)', 'gamma': 'nd.gamma(x)',
    'gammaln': 'nd.gammaln(x)',
    # reductions
    'sum': 'nd.sum(x * x)', 'sum_axis': 'nd.sum(nd.sin(x), axis=1)', 'mean': 'nd.mean(nd.sin(x), axis=0)',
    'prod': 'nd.prod(x, axis=1)', 'max': 'nd.max(nd.sin(x), axis=1)', 'min': 'nd.min(nd.sin(x))', 'norm': 'nd.norm(x)',
    'norm_axis': 'nd.norm(x, axis=1)', 'nansum': 'nd.nansum(nd.sin(x))', 'nanprod': 'nd.nanprod(x)',
    'log_sum_exp': 'nd.log(nd.sum(nd.exp(x), axis=1))',
    # dot family
    'dot': 'nd.dot(x * x, w)', 'dot_transpose_b': 'nd.dot(x, x, transpose_b=True)',
    'batch_dot': 'nd.batch_dot((x * x).reshape((1, 2, 3)), w.reshape((1, 3, 2)))', 'linalg_gemm2': 'nd.linalg.gemm2(x, nd.sin(x).T)',
    # broadcast and element-wise arithmetic
    'broadcast_add': 'nd.broadcast_add(nd.sin(x), y)', 'broadcast_sub': 'nd.broadcast_sub(y, nd.sin(x))',
    'broadcast_mul': 'nd.broadcast_mul(x, nd.sin(x))', 'broadcast_div': 'nd.broadcast_div(y, x)',
    'broadcast_power': 'nd.broadcast_power(x, y)', 'broadcast_maximum': 'nd.broadcast_maximum(nd.sin(x), y)',
    'broadcast_minimum': 'nd.broadcast_minimum(nd.sin(x), y)', 'broadcast_hypot': 'nd.broadcast_hypot(x, y)',
    'mul_self': 'x * x', 'div_scalar': 'nd.sin(x) / 3', 'rdiv_scalar': '3 / x', 'pow_scalar': 'x ** 3',
    'rpow_scalar': '2 ** x', 'elemwise_mul': 'nd.elemwise_mul(x, nd.cos(x))', 'elemwise_div': 'nd.elemwise_div(y, x)',
    'add_n': 'nd.add_n(nd.sin(x), x * x, y)',
    # the reshape and transpose family
    'reshape': 'nd.reshape(nd.sin(x), shape=(3, 2))', 'transpose': 'nd.transpose(nd.sin(x))',
    'expand_dims': 'nd.expand_dims(nd.sin(x), axis=0)', 'flatten': 'nd.flatten(nd.sin(x).reshape((2, 3, 1)))',
    'squeeze': 'nd.squeeze(nd.sin(x).reshape((1, 2, 3)))', 'swapaxes': 'nd.swapaxes(nd.sin(x), 0, 1)',
    'slice': 'nd.slice(nd.sin(x), begin=(0, 1), end=(2, 3))', 'slice_axis': 'nd.slice_axis(nd.sin(x), axis=1, begin=0, end=2)',
    'concat': 'nd.concat(nd.sin(x), nd.cos(x), dim=0)', 'stack': 'nd.stack(nd.sin(x), x)',
    'tile': 'nd.tile(nd.sin(x), reps=(2, 1))', 'repeat': 'nd.repeat(nd.sin(x), repeats=2, axis=0)',
    'broadcast_to': 'nd.broadcast_to(nd.sin(x).reshape((1, 2, 3)), shape=(2, 2, 3))', 'flip': 'nd.flip(nd.sin(x), axis=1)',
    'take': 'nd.take(nd.sin(x), nd.array([1, 0, 1]))', 'pick': 'nd.pick(nd.sin(x), nd.array([0, 2]))',
    'split': 'nd.split(nd.sin(x), num_outputs=3, axis=1)[1]', 'clip': 'nd.clip(nd.sin(x), 0.3, 0.7)',
    # losses and layers
    'softmax_cross_entropy': 'nd.softmax_cross_entropy(x, nd.array([1, 0]))', 'smooth_l1': 'nd.smooth_l1(x * 3, scalar=1.5)',
    'fully_connected': 'nd.FullyConnected(x, w.T, nd.zeros(2), num_hidden=2)',
    'fully_connected_of_square': 'nd.FullyConnected(x * x, w.T, nd.zeros(2), num_hidden=2)',
    'layer_norm': 'nd.LayerNorm(x, nd.array([1., 2, 3]), nd.zeros(3))', 'l2_normalization': 'nd.L2Normalization(x)',
    'loss_l2': 'gluon.loss.L2Loss()(x, y)', 'loss_l1': 'gluon.loss.L1Loss()(x * x, y)',
    'loss_softmax_ce': 'gluon.loss.SoftmaxCrossEntropyLoss()(x, nd.array([1, 0]))',
    'loss_sigmoid_bce': 'gluon.loss.SigmoidBinaryCrossEntropyLoss()(x, nd.array([[0., 1, 0], [1, 0, 0]]))',
    'loss_kl_div': 'gluon.loss.KLDivLoss(from_logits=False)(x, nd.softmax(y))', 'loss_huber': 'gluon.loss.HuberLoss()(x * 3, y)',
    'loss_hinge': 'gluon.loss.HingeLoss()(x * 2, nd.array([[-1., 1, -1], [1, -1, -1]]))',
    'loss_logistic': 'gluon.loss.LogisticLoss()(x, nd.array([[-1., 1, -1], [1, -1, -1]]))',
    'loss_poisson': 'gluon.loss.PoissonNLLLoss()(x, y)', 'loss_cosine': 'gluon.loss.CosineEmbeddingLoss()(x, y, nd.array([1, -1]))',
}


_SETUP = """
rs = np.random.RandomState(0)
x = nd.array(rs.uniform(0.2, 0.9, (2, 3)))
w = nd.array(rs.uniform(0.2, 0.9, (3, 2)))
y = nd.array(rs.uniform(0.2, 0.9, (2, 3)))
{var}.attach_grad()
with autograd.record():
    g = {expr}
    result = []
    for _ in range({order}):
        g = autograd.grad(g, [{var}], create_graph=True, retain_graph=True)[0]
        result.append(g)
"""

# the orders MXNet 1.9.1 reaches; every other family stops at the first
_ORDERS = {'transpose': 3, 'clip': 3, 'fully_connected': 2}

CASES = [(name, _SETUP.format(var='x', expr=expr, order=_ORDERS.get(name, 1)), {'rtol': 1e-4, 'atol': 1e-5})
         for name, expr in FAMILIES.items()]

# gradients with respect to the other operand
CASES += [(name + '_wrt_' + var, _SETUP.format(var=var, expr=expr, order=1), {'rtol': 1e-4, 'atol': 1e-5})
          for name, var, expr in [
              ('dot', 'w', 'nd.dot(x * x, w)'), ('batch_dot', 'w', "nd.batch_dot(x.reshape((1, 2, 3)), (w * w).reshape((1, 3, 2)))"),
              ('broadcast_mul', 'y', 'nd.broadcast_mul(x, nd.sin(y))'), ('broadcast_div', 'y', 'nd.broadcast_div(x, y)'),
              ('broadcast_power', 'y', 'nd.broadcast_power(x, y)'), ('loss_l2', 'y', 'gluon.loss.L2Loss()(x, y * y)')]]

