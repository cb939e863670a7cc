"""MXNet 1.9.1 unit-test breadth, part 2 (issue 13): what MXNet's profiler records of custom operators."""

# A custom operator that runs two operators in its forward and one in its backward, profiled with
# aggregate stats; the answer is what the stats and the Chrome trace name under 'Custom Operator' and
# whether 'Custom' itself shows among the operators. MXNet's engine internals (the copy of assign's
# result, the seeding of its random resource, the freeing of a variable) are left out: mxtorch has no such steps.
_PROFILE = '''
import json, os
class _Twice(mx.operator.CustomOp):
    def forward(self, is_train, req, in_data, out_data, aux):
        self.assign(out_data[0], req[0], in_data[0] * 2)
        nd.zeros(shape=(10, 10))
    def backward(self, req, out_grad, in_data, out_data, in_grad, aux):
        self.assign(in_grad[0], req[0], out_grad[0] * 2)
@mx.operator.register('%(name)s')
class _TwiceProp(mx.operator.CustomOpProp):
    def __init__(self):
        super(_TwiceProp, self).__init__(True)
    def list_arguments(self):
        return ['data']
    def list_outputs(self):
        return ['output']
    def infer_shape(self, in_shape):
        return (in_shape[0],), (in_shape[0],), ()
    def create_operator(self, ctx, shapes, dtypes):
        return _Twice()
trace = os.path.join(tmpdir, 'custom_profile.json')
mx.profiler.set_config(profile_all=True, filename=trace, aggregate_stats=True)
mx.profiler.set_state('run')
mx.profiler.dumps(reset=True)
x = nd.array([0, 1, 2, 3])
x.attach_grad()
with autograd.record():
    y = %(call)s
y.backward()
nd.waitall()
stats = json.loads(mx.profiler.dumps(format='json'))['Time']
mx.profiler.set_state('stop')
mx.profiler.dump(True)
mx.profiler.dumps(reset=True)   # leave no stats behind for later cases
with open(trace) as f:
    events = json.load(f)['traceEvents']
internal = ('CopyCPU2CPU', 'ResourceParallelRandomSetSeed', 'DeleteVariable')
def ours(name):
    return not any(name.endswith('::' + i) for i in internal)
custom = stats.get('Custom Operator', {})
result = [sorted((n, s['Count']) for n, s in custom.items() if ours(n)),
          'Custom' in stats.get('operator', {}),
          sorted({(e['name'], e['ph']) for e in events if e.get('cat') == 'Custom Operator' and ours(e['name'])})]
'''

# (one case: MXNet's profiler takes set_config once per process after it has run)
CASES = [
    ('profiler_custom_operator_called_twice',
     _PROFILE % {'name': 'B3Twice', 'call': "nd.Custom(nd.Custom(x, op_type='B3Twice'), op_type='B3Twice')"}),
]

# outside NumPy-shape mode a scalar-parameter sampler of shape () takes the shape of what uses its sample
_SAMPLE_LIKE_USE = '''
y = %s + mx.sym.var('X')
executor = y.bind(mx.cpu(), {'X': nd.zeros((2, 3))})
result = [y.infer_shape(X=(2, 3)), executor.forward()[0].shape]
'''
CASES += [
    ('symbol_randn_shape_from_use', _SAMPLE_LIKE_USE % "mx.sym.random.randn(loc=10., scale=.5, dtype='float32', "
                                                       "data=mx.sym.ones((2, 3)))"),
    ('symbol_uniform_shape_from_use', _SAMPLE_LIKE_USE % 'mx.sym.random.uniform(0, 1, shape=())'),
    ('symbol_poisson_shape_from_use', _SAMPLE_LIKE_USE % 'mx.sym.random.poisson(2.0)'),
    ('symbol_normal_shape_unknown', "mx.sym.random.normal(0, 1, shape=()).bind(mx.cpu(), {}).forward()[0].shape"),
]
CASES += [
    # the node takes the rate 1/scale; its mean over many samples is the scale
    ('symbol_exponential_scalar_rate',
     "result = round(float(mx.sym.random.exponential(scale=0.25, shape=(200000,)).bind(mx.cpu(), {})"
     ".forward()[0].mean().asscalar()), 2)"),
]
