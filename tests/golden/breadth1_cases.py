"""Issue 13 breadth (helper breadth1): Block.save/load of hybridized children into a model built again
(new automatic names); deformable convolutions with deferred input channels in a hybridized net;
VariationalDropoutCell.unroll of Symbols; contrib dynamic_unroll (eager and
hybridized). Values are MXNet 1.9.1's (tools/make_golden.py breadth1)."""
_SAVE = '''
class Seq(gluon.nn.Block):
    def add(self, block):
        self._children[block.name + str(len(self._children))] = block
    def forward(self, x, *args):
        out = (x,) + args
        for block in self._children.values():
            out = block(*out)
            out = out if isinstance(out, tuple) else (out,)
        return out[0]
def build():
    inner = Seq()
    inner.add(gluon.nn.Dense(4))
    net = Seq()
    net.add(inner)
    net.add(gluon.nn.Dense(3))
    return net
net = build()
net.initialize()
net.hybridize()
x = nd.arange(10).reshape((2, 5)) / 10
net(x)  # completes the deferred shapes; then values that do not depend on the random engine
for k, p in enumerate(net.collect_params().values()):
    p.set_data(nd.sin(nd.arange(p.data().size) + k).reshape(p.shape))
out1 = net(x)
net.save(tmpdir + '/m')
again = build()
again.load(tmpdir + '/m')
out2 = again(x)
'''

CASES = [
    ('save_load_hybridized_children', _SAVE + '''
result = [out1, out2, sorted(again.collect_params().keys()), [p.name for p in again.collect_params().values()],
          list(again._children.keys()), [c.name for c in again._children.values()]]''', {'rtol': 1e-5}),
    ('save_load_then_train_step', _SAVE + '''
trainer = gluon.Trainer(again.collect_params(), 'sgd', {'learning_rate': 0.1})
with autograd.record():
    loss = (again(x) ** 2).sum()
loss.backward()
trainer.step(2)
result = [again(x), sorted(k for k, p in again.collect_params().items() if p.grad_req != 'null')]''', {'rtol': 1e-5}),
]

_DEFORMABLE = '''
DeformableConvolution = gluon.contrib.cnn.DeformableConvolution
ModulatedDeformableConvolution = gluon.contrib.cnn.ModulatedDeformableConvolution
net = gluon.nn.HybridSequential()
net.add(DeformableConvolution(4, kernel_size=(3, 3)),
        DeformableConvolution(3, kernel_size=(3, 2), num_deformable_group=2, use_bias=False, activation='relu'),
        ModulatedDeformableConvolution(2, kernel_size=(1, 2), offset_use_bias=False))
net.initialize()
net.hybridize()
x = nd.sin(nd.arange(2 * 4 * 9 * 8)).reshape((2, 4, 9, 8))
net(x)  # the input channels are decided here
for k, p in enumerate(net.collect_params().values()):
    p.set_data(nd.sin(nd.arange(p.data().size) * 0.7 + k).reshape(p.shape) * 0.3)
'''

_DYNAMIC = '''
dynamic_unroll = gluon.contrib.rnn.rnn_cell.dynamic_unroll
class Layer(gluon.HybridBlock):
    def __init__(self, cell, layout, **kwargs):
        super(Layer, self).__init__(**kwargs)
        self.cell, self.layout = cell, layout
    def hybrid_forward(self, F, inputs, states, valid_length):
        return dynamic_unroll(self.cell, inputs, states, valid_length=valid_length, layout=self.layout)
def run(cell, layout, hybrid):
    layer = Layer(cell, layout)
    layer.initialize()
    if hybrid:
        layer.hybridize()
    shape = (4, 3, 5) if layout == 'TNC' else (3, 4, 5)
    x = nd.sin(nd.arange(60)).reshape(shape)
    states = [nd.cos(nd.arange(6) + k).reshape((3, 2)) for k in range(len(cell.state_info()))]
    valid = nd.array([4, 1, 2])
    layer(x, states, valid)
    for k, p in enumerate(layer.collect_params().values()):
        p.set_data(nd.sin(nd.arange(p.data().size) * 0.3 + k).reshape(p.shape) * 0.5)
    with autograd.record():
        out, new = layer(x, states, valid)
        loss = out.sum() + sum(s.sum() for s in new)
    loss.backward()
    return [out] + list(new) + [p.grad() for p in layer.collect_params().values()]
'''

CASES += [
    ('deformable_conv_deferred_channels_hybridized', _DEFORMABLE + '''
result = [net(x), sorted((k, p.shape) for k, p in net.collect_params().items())]''', {'rtol': 1e-4, 'atol': 1e-5}),
    ('deformable_conv_symbol_infer_shape', '''
data, offset, mask = mx.sym.var('data'), mx.sym.var('offset'), mx.sym.var('mask')
plain = mx.sym.contrib.DeformableConvolution(data=data, offset=offset, kernel=(3, 2), num_filter=6,
                                             num_group=2, stride=(2, 1), pad=(1, 0), name='dc')
modulated = mx.sym.contrib.ModulatedDeformableConvolution(data=data, offset=offset, mask=mask, kernel=(3, 3),
                                                          num_filter=5, no_bias=True, name='mdc')
a = plain.infer_shape(data=(2, 4, 9, 8), offset=(2, 12, 5, 7))
b = modulated.infer_shape(data=(2, 4, 9, 8), offset=(2, 18, 7, 6), mask=(2, 9, 7, 6))
result = [plain.list_arguments(), a, modulated.list_arguments(), b]'''),
    ('vardrop_cell_unrolls_symbols', '''
cell = gluon.contrib.rnn.VariationalDropoutCell(gluon.rnn.RNNCell(6, prefix='rnn_'), drop_inputs=0.5,
                                                 drop_outputs=0.5)
steps = [mx.sym.var('rnn_t%d_data' % i) for i in range(3)]
outputs, states = cell.unroll(3, steps, merge_outputs=False)
group = mx.sym.Group(outputs)
merged, _ = cell.unroll(3, mx.sym.var('seq'), layout='NTC', merge_outputs=True)
result = [len(outputs), len(states), sorted(group.list_arguments()),
          group.infer_shape(rnn_t0_data=(4, 5), rnn_t1_data=(4, 5), rnn_t2_data=(4, 5))[1],
          merged.infer_shape(seq=(4, 3, 5))[1]]'''),
]
CASES += [('dynamic_unroll_{}_{}_{}'.format(cell, layout, 'hybrid' if hybrid else 'eager'), _DYNAMIC + '''
result = run(gluon.rnn.{}(2, prefix='rnn_'), '{}', {})'''.format(cell, layout, hybrid), {'rtol': 1e-4, 'atol': 1e-5})
          for cell in ('LSTMCell', 'GRUCell') for layout in ('TNC', 'NTC') for hybrid in (False, True)]

_OLD_FROM_DLPACK = '''
import ctypes
def from_dlpack_old(capsule):
    handle = mx.base.NDArrayHandle()
    capsule = ctypes.py_object(capsule)
    valid = ctypes.pythonapi.PyCapsule_IsValid(capsule, mx.base.c_str('dltensor'))
    pointer = ctypes.c_void_p(ctypes.pythonapi.PyCapsule_GetPointer(capsule, mx.base.c_str('dltensor')))
    mx.base.check_call(mx.base._LIB.MXNDArrayFromDLPack(pointer, ctypes.byref(handle)))
    ctypes.pythonapi.PyCapsule_SetName(capsule, mx.base.c_str('used_dltensor'))
    ctypes.pythonapi.PyCapsule_SetDestructor(capsule, None)
    return valid, mx.nd.NDArray(handle=handle)
'''

CASES += [
    ('dlpack_through_the_c_api', _OLD_FROM_DLPACK + '''
x = nd.arange(6).reshape((2, 3))
valid, z = from_dlpack_old(mx.nd.to_dlpack_for_write(x))
z[0, 1] = 40
nd.waitall()
result = [valid, z, x]'''),
    ('dlpack_capsules_share_memory', '''
x = nd.arange(6).reshape((3, 2))
y = mx.nd.from_dlpack(mx.nd.to_dlpack_for_write(x))
y[1] = 7
nd.waitall()  # MXNet's engine orders the write by y's variable only, so a read of x could come first
r = mx.nd.from_dlpack(x.to_dlpack_for_read())
result = [x, y, r, type(mx.nd.to_dlpack_for_read(x)).__name__]'''),
]

CASES += [
    ('cached_op_of_a_subgraph', '''
data = mx.sym.var('data')
orig = mx.sym.BatchNorm(mx.sym.FullyConnected(data, num_hidden=3, name='fc') * 2, fix_gamma=False, name='bn')
inputs = [mx.sym.var(n) for n in orig.list_inputs()]
sub = mx.sym._internal._CachedOp(*inputs, subgraph=orig.tojson()) + 1
shapes = dict(zip(orig.list_arguments(), orig.infer_shape(data=(4, 5))[0]))
args = {n: nd.sin(nd.arange(int(np.prod(s))) + k).reshape(s) for k, (n, s) in enumerate(sorted(shapes.items()))}
aux = {'bn_moving_mean': nd.zeros((3,)), 'bn_moving_var': nd.ones((3,))}
grads = {n: nd.zeros(a.shape) for n, a in args.items()}
ex = sub.bind(mx.cpu(), args=args, args_grad=grads, aux_states=aux)
out = ex.forward(is_train=True)[0]
ex.backward(nd.cos(nd.arange(12)).reshape((4, 3)))
result = [sub.list_arguments(), sub.list_auxiliary_states(), out] + [grads[n] for n in sorted(grads)]''',
     {'rtol': 1e-4, 'atol': 1e-5}),
]
