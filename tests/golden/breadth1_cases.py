"""Issue 13 breadth (helper breadth1): Block.save/load of hybridized children into a model built again
(new automatic names), ... Values are MXNet 1.9.1's (tools/make_golden.py breadth1)."""
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
