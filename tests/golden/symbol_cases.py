"""mx.sym as MXNet 1.9.1 builds, names, writes, reads and infers graphs.

Most answers are the JSON text ``tojson`` gives (compared byte for byte) with the names of the arguments,
outputs and auxiliary states. The operator sweep makes one node of every operator function MXNet places
in mx.sym and its namespaces, with some value of each required parameter (read from MXNet's facts in
src/mxtorch/symbol/mxnet_ops.json; a few operators get values their parsers accept). Errors are compared
by type; tests/test_symbol.py pins their words."""
import json
import os
import re

_FACTS = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'src', 'mxtorch', 'symbol',
                      'mxnet_ops.json')

# what to learn about a Symbol `s`
DESCRIBE = """
result = {'json': s.tojson(), 'arguments': s.list_arguments(), 'outputs': s.list_outputs(),
          'aux': s.list_auxiliary_states(), 'inputs': s.list_inputs(),
          'internals': s.get_internals().list_outputs(), 'name': s.name, 'repr': repr(s)}
"""


def _described(name, build, options=None):
    case = (name, build.strip() + '\n' + DESCRIBE)
    return case + (options,) if options else case


# ---- the operator sweep ---------------------------------------------------------------------------------
_PREFIXES = ('_contrib_', '_linalg_', '_sparse_', '_image_', '_random_')
# operators whose nodes need more than placeholder values, or that MXNet cannot make outside its graphs
_VALUES = {'Pooling': 'kernel=(2, 2)', 'Pooling_v1': 'kernel=(2, 2)', '_contrib_quantized_pooling': 'kernel=(2, 2)',
           'Cast': "dtype='float16'", 'amp_cast': "dtype='float16'", 'ROIPooling': 'pooled_size=(2, 2), spatial_scale=0.5',
           '_contrib_quantized_rnn': "state_size=2, num_layers=1, mode='lstm'"}
_SKIP = {'Custom', 'reset_arrays', 'multi_sum_sq', 'multi_all_finite', '_cond', '_foreach', '_while_loop',
         '_imdecode', '_linspace', 'multi_sgd_mom_update', 'preloaded_multi_sgd_mom_update', '_CachedOp',
         '_CachedOpThreadSafe', '_NDArray', '_Native', '_CustomFunction', '_contrib_dgl_csr_neighbor_uniform_sample',
         '_contrib_dgl_csr_neighbor_non_uniform_sample', '_contrib_dgl_graph_compact', '_contrib_dgl_subgraph',
         'amp_multicast', '_contrib_backward_hawkesll', '_contrib_backward_index_copy', '_contrib_backward_quadratic',
         '_split_v2_backward'}
# optimizer kernels with lists of inputs and quantized kernels: not graph operators (MXNet names their
# inputs by rules of their own)
_SKIP_PREFIXES = ('_backward', '_np', '_sg_', '_multi_', 'multi_', 'preloaded_multi_', '_contrib_quantized_')


def _place(mx_name):
    for prefix in _PREFIXES:
        if mx_name.startswith(prefix):
            if prefix == '_random_' and not mx_name.endswith('_like'):
                return '_internal', mx_name
            return prefix[1:-1], mx_name[len(prefix):]
    return ('_internal' if mx_name.startswith('_') else ''), mx_name


def _some_value(type_string):
    kind = type_string.split(',')[0].strip()
    if kind.startswith('{'):
        return repr([c for c in re.findall(r"'([^']*)'", type_string) if c != 'bfloat16'][0])
    if kind.startswith(('Shape', 'tuple')):
        return '(1, 1)'
    if kind.startswith(('int', 'long', 'index_t')):
        return '1'
    if kind.startswith(('float', 'double', 'real_t')):
        return '0.5'
    if kind.startswith('boolean'):
        return 'True'
    return "'x'"


def _sweep():
    with open(_FACTS) as f:
        facts = json.load(f)['ops']
    cases = []
    for real in sorted(facts):
        entry = facts[real]
        if real in _SKIP or real.startswith(_SKIP_PREFIXES):
            continue
        module, func = _place(real)
        args = entry['args']
        is_input = [t.startswith(('NDArray-or-Symbol', 'Symbol')) for _, t in args]
        variadic = any(t.startswith('NDArray-or-Symbol[]') for _, t in args)
        values = _VALUES.get(real)
        if values is None:
            values = ', '.join('%s=%s' % (a, _some_value(t)) for (a, t), array in zip(args, is_input)
                               if not array and 'required' in t and a != entry['var_num_args'])
        inputs = "mx.sym.var('x'), mx.sym.var('y')" if variadic else ("mx.sym.var('x')" if any(is_input) else '')
        call = ', '.join(p for p in (inputs, values) if p)
        where = 'mx.sym.' + (module + '.' if module else '')
        cases.append(_described('op_' + real, 's = %s%s(%s)' % (where, func, call)))
    return cases


# ---- hand-made graphs -----------------------------------------------------------------------------------
MLP = """
data = mx.sym.var('data')
fc1 = mx.sym.FullyConnected(data, num_hidden=16, name='fc1')
act = mx.sym.Activation(fc1, act_type='relu', name='relu1')
fc2 = mx.sym.FullyConnected(act, num_hidden=4, name='fc2')
s = mx.sym.SoftmaxOutput(fc2, name='softmax')
"""

CONV = """
data = mx.sym.var('data')
c = mx.sym.Convolution(data, kernel=(3, 3), num_filter=4, pad=(1, 1), name='conv')
b = mx.sym.BatchNorm(c, fix_gamma=False, name='bn')
r = mx.sym.Activation(b, act_type='relu')
p = mx.sym.Pooling(r, kernel=(2, 2), stride=(2, 2), pool_type='max')
s = mx.sym.FullyConnected(mx.sym.flatten(p), num_hidden=3, name='out')
"""

# a file as MXNet 0.8 wrote it: param/attr keys, hidden attributes without underscores, two-element
# entries, no auxiliary states, backward_source_id
OLD_FILE = """{
  "nodes": [
    {"op": "null", "param": {}, "name": "data", "inputs": [], "backward_source_id": -1,
     "attr": {"ctx_group": "stage1", "lr_mult": "0.5"}},
    {"op": "null", "param": {}, "name": "fc_weight", "inputs": [], "backward_source_id": -1,
     "attr": {"wd_mult": "0.25"}},
    {"op": "null", "param": {}, "name": "fc_bias", "inputs": [], "backward_source_id": -1},
    {"op": "FullyConnected", "param": {"no_bias": "False", "num_hidden": "5"}, "name": "fc",
     "inputs": [[0, 0], [1, 0], [2, 0]], "backward_source_id": -1, "attr": {"weight_lr_mult": "2"}},
    {"op": "null", "param": {}, "name": "bn_gamma", "inputs": [], "backward_source_id": -1},
    {"op": "null", "param": {}, "name": "bn_beta", "inputs": [], "backward_source_id": -1},
    {"op": "BatchNorm", "param": {"eps": "0.001", "fix_gamma": "True", "momentum": "0.9"}, "name": "bn",
     "inputs": [[3, 0], [4, 0], [5, 0]], "backward_source_id": -1},
    {"op": "argmax", "param": {"axis": "-1", "keepdims": "False"}, "name": "am", "inputs": [[6, 0]],
     "backward_source_id": -1}
  ],
  "arg_nodes": [0, 1, 2, 4, 5],
  "heads": [[7, 0]]
}"""

# the same graph as MXNet 0.9.3 wrote it (attrs written, aux states saved, version recorded)
VERSION_903 = """{
  "nodes": [
    {"op": "null", "name": "data", "inputs": []},
    {"op": "null", "name": "bn_gamma", "inputs": []},
    {"op": "null", "name": "bn_beta", "inputs": []},
    {"op": "null", "name": "bn_moving_mean", "inputs": []},
    {"op": "null", "name": "bn_moving_var", "inputs": []},
    {"op": "BatchNorm", "name": "bn", "attr": {"fix_gamma": "False"},
     "inputs": [[0, 0, 0], [1, 0, 0], [2, 0, 0], [3, 0, 1], [4, 0, 1]]}
  ],
  "arg_nodes": [0, 1, 2, 3, 4],
  "node_row_ptr": [0, 1, 2, 3, 4, 5, 8],
  "heads": [[5, 0, 0]],
  "attrs": {"mxnet_version": ["int", 903]}
}"""

GOOD = """mx.sym.FullyConnected(mx.sym.var('d'), num_hidden=2, name='fc').tojson()"""


def _bad_json(name, change):
    """A case loading the JSON of a small graph changed by `change` (statements on the parsed `j`)."""
    code = ("import json\nj = json.loads({})\n{}\ns = mx.sym.load_json(json.dumps(j))\n"
            "result = [s.list_arguments(), s.list_outputs()]").format(GOOD, change)
    return ('load_' + name, code)


CASES = _sweep() + [
    # ---- variables --------------------------------------------------------------------------------------
    _described('var_plain', "s = mx.sym.var('x')"),
    _described('var_attributes', "import numpy as np\ns = mx.sym.var('w', shape=(3, 4), lr_mult=2, wd_mult=0.5, "
               "dtype=np.float16, init=mx.init.Xavier(magnitude=2), stype='default', __my__='value', "
               "attr={'group': 'a'})"),
    _described('var_dtype_names', "s = mx.sym.Group([mx.sym.var('a', dtype='int32'), mx.sym.var('b', dtype='uint8'), "
               "mx.sym.var('c', dtype='float64'), mx.sym.var('d', dtype=bool)])"),
    _described('var_init_string', "s = mx.sym.var('w', init='[\"zero\", {}]')"),
    _described('var_in_attr_scope', "with mx.AttrScope(ctx_group='dev1', group='g'):\n"
               "    s = mx.sym.var('x', attr={'group': 'own'})"),
    ('var_name_not_string', "mx.sym.var(3)"),
    ('var_bad_keyword', "mx.sym.var('x', foo=1)"),
    ('var_attr_not_string', "mx.sym.var('x', attr={'a': 1})"),
    ('var_deprecated_attr', "mx.sym.var('x', attr={'weight_lr_mult': '2'})"),
    ('var_unknown_stype', "mx.sym.var('x', stype='dense')"),
    ('var_list_attr', "s = mx.sym.var('x', lr_mult=3, attr={'mood': 'calm'})\n"
                      "result = [sorted(s.list_attr().items()), s.attr('lr_mult'), s.attr('__lr_mult__'), "
                      "s.attr('mood'), s.attr('nothing'), s.attr('name'), s.attr('op_name')]"),

    # ---- naming ------------------------------------------------------------------------------------------
    _described('auto_names', "d = mx.sym.var('d')\n"
               "s = mx.sym.Group([mx.sym.FullyConnected(d, num_hidden=2), mx.sym.FullyConnected(d, num_hidden=2), "
               "mx.sym.Activation(d, act_type='tanh'), mx.sym.broadcast_add(d, d), mx.sym.broadcast_plus(d, d), "
               "mx.sym.elemwise_add(d, d), mx.sym.concat(d, d), mx.sym.Concat(d, d), mx.sym.linalg.gemm2(d, d), "
               "mx.sym.linalg_gemm2(d, d), mx.sym.contrib.box_nms(d), mx.sym.image.to_tensor(d), "
               "mx.sym.random.uniform(), mx.sym.random.normal(d, d), mx.sym.zeros((2,)), mx.sym.ones((2,)), "
               "mx.sym.reshape(d, shape=(2,)), mx.sym.Reshape(d, shape=(2,))])"),
    _described('prefix_names', "d = mx.sym.var('d')\nwith mx.name.Prefix('net_'):\n"
               "    s = mx.sym.FullyConnected(mx.sym.FullyConnected(d, num_hidden=2), num_hidden=3)"),
    _described('given_names', "d = mx.sym.var('d')\ns = mx.sym.FullyConnected(d, num_hidden=2, name='layer')"),
    _described('auto_variables_take_attributes', "d = mx.sym.var('d')\n"
               "with mx.AttrScope(ctx_group='stage1', __init_bias__='0.1'):\n"
               "    s = mx.sym.Convolution(d, kernel=(3, 3), num_filter=2, lr_mult=2, name='c', attr={'__mood__': 'x'})"),
    ('attr_scope_plain_key_on_operator', "with mx.AttrScope(group='4'):\n"
                                         "    mx.sym.FullyConnected(mx.sym.var('d'), num_hidden=2)"),
    ('attr_dict', "d = mx.sym.var('d', attr={'mood': 'angry'})\n"
                  "s = mx.sym.Convolution(d, name='conv', kernel=(1, 1), num_filter=1, attr={'__mood__': 'so so'}, "
                  "lr_mult=1)\nresult = {k: sorted(v.items()) for k, v in s.attr_dict().items()}"),
    ('set_attr', "s = mx.sym.var('x')\ns._set_attr(lr_mult='0.5', __a__='b')\nresult = sorted(s.list_attr().items())"),
    ('set_attr_not_string', "mx.sym.var('x')._set_attr(a=1)"),
    ('set_attr_group', "d = mx.sym.var('d')\nmx.sym.Group([d, d + 1])._set_attr(a='1')"),

    # ---- parameters --------------------------------------------------------------------------------------
    _described('params_as_text', "import numpy as np\nd = mx.sym.var('d')\n"
               "s = mx.sym.Group([mx.sym.Convolution(d, kernel=[3, 3], num_filter=np.int64(4), stride=(2, 2), pad=[1, 1], "
               "no_bias=True), mx.sym.Pooling(d, kernel=(2, 2), stride=None, pool_type='avg', global_pool=False), "
               "mx.sym.clip(d, a_min=np.float32(0.5), a_max=2), mx.sym.Cast(d, dtype=np.float16), "
               "mx.sym.Cast(d, dtype='int32'), mx.sym.sum(d, axis=(1, 2), keepdims=True), "
               "mx.sym.Dropout(d, p=0.25), mx.sym.BatchNorm(d, eps=1e-5, momentum=0.9, fix_gamma=0)])"),
    ('param_unknown', "mx.sym.FullyConnected(mx.sym.var('d'), num_hidden=2, foo=1)"),
    ('param_missing', "mx.sym.FullyConnected(mx.sym.var('d'))"),
    ('param_bad_int', "mx.sym.FullyConnected(mx.sym.var('d'), num_hidden='two')"),
    ('param_int_as_float', "mx.sym.FullyConnected(mx.sym.var('d'), num_hidden=2.0)"),
    ('param_bad_bool', "mx.sym.FullyConnected(mx.sym.var('d'), num_hidden=2, no_bias='maybe')"),
    ('param_bad_enum', "mx.sym.Activation(mx.sym.var('d'), act_type='gelu')"),
    ('param_bad_shape', "mx.sym.Convolution(mx.sym.var('d'), kernel='three', num_filter=2)"),
    ('param_bad_float', "mx.sym.Dropout(mx.sym.var('d'), p='half')"),
    ('param_deprecated_key', "mx.sym.FullyConnected(mx.sym.var('d'), num_hidden=2, weight_lr_mult=2)"),
    ('param_name_counter_used_by_error', "d = mx.sym.var('d')\ntry:\n"
                                         "    mx.sym.FullyConnected(d, num_hidden='x')\nexcept Exception:\n    pass\n"
                                         "result = mx.sym.FullyConnected(d, num_hidden=2).name"),
    ('array_argument_not_symbol', "mx.sym.FullyConnected(mx.sym.var('d'), 3)"),
    ('positional_not_symbol', "mx.sym.Concat(mx.sym.var('d'), 3)"),
    ('too_many_positional', "mx.sym.FullyConnected(*([mx.sym.var('d')] * 3 + [1, 2, 3, 4, 5, 6, 7]))"),
    ('variadic_positional_and_keyword', "mx.sym.Concat(mx.sym.var('d'), data=mx.sym.var('e'))"),
    ('variadic_none', "mx.sym.Concat()"),
    ('variadic_too_many', "d = mx.sym.var('d')\nmx.sym.Concat(d, d, d, num_args=2)"),
    _described('variadic_fewer_than_count', "d = mx.sym.var('d')\ns = mx.sym.Concat(d, d, num_args=3)"),
    _described('inputs_by_keyword', "s = mx.sym.FullyConnected(data=mx.sym.var('x'), weight=mx.sym.var('w'), "
               "num_hidden=3, no_bias=True)"),
    ('input_unknown_keyword', "mx.sym.FullyConnected(data=mx.sym.var('x'), foo=mx.sym.var('w'), num_hidden=3)"),
    ('input_dropped_by_param', "mx.sym.FullyConnected(mx.sym.var('x'), bias=mx.sym.var('b'), num_hidden=3, "
                               "no_bias=True)"),
    ('input_group', "d = mx.sym.var('d')\nmx.sym.FullyConnected(mx.sym.Group([d, d]), num_hidden=2)"),
    _described('param_dependent_inputs', "d = mx.sym.var('d')\n"
               "s = mx.sym.Group([mx.sym.LeakyReLU(d, act_type='prelu'), mx.sym.LeakyReLU(d), "
               "mx.sym.RNN(d, state_size=4, num_layers=1, mode='lstm', state_outputs=True), "
               "mx.sym.RNN(d, state_size=4, num_layers=2, mode='gru'), mx.sym.softmax(d, use_length=True), "
               "mx.sym.SequenceMask(d, use_sequence_length=True), mx.sym.UpSampling(d, scale=2, "
               "sample_type='bilinear', num_filter=2), mx.sym.Deconvolution(d, kernel=(2, 2), num_filter=2), "
               "mx.sym.Deconvolution(d, kernel=(2, 2), num_filter=2, no_bias=False), mx.sym.CTCLoss(d, d), "
               "mx.sym.SoftmaxOutput(d), mx.sym.Embedding(d, input_dim=5, output_dim=2)])"),
    _described('param_dependent_outputs', "d = mx.sym.var('d')\n"
               "s = mx.sym.Group([mx.sym.split(d, num_outputs=3), mx.sym.SliceChannel(d, num_outputs=1), "
               "mx.sym.topk(d, ret_typ='both'), mx.sym.topk(d, ret_typ='value'), mx.sym.topk(d), mx.sym.sort(d), "
               "mx.sym.argsort(d), mx.sym.BatchNorm(d, output_mean_var=True), mx.sym.LayerNorm(d, "
               "output_mean_var=True), mx.sym.Pooling(d, kernel=(2, 2), pool_type='max'), "
               "mx.sym.Pooling(d, kernel=(2, 2), pool_type='avg'), mx.sym.Pooling(d, global_pool=True), "
               "mx.sym.Pooling(d, kernel=(2,), pool_type='max', layout='NWC'), mx.sym.Dropout(d), "
               "mx.sym.split_v2(d, 2), mx.sym.split_v2(d, (1, 3)), mx.sym.split_v2(d, 1)])"),
    _described('batch_norm_initializers', "d = mx.sym.var('d')\nm = mx.sym.var('m')\n"
               "v = mx.sym.var('v', init='[\"one\", {}]')\n"
               "s = mx.sym.Group([mx.sym.BatchNorm(d, moving_mean=m, moving_var=v, name='bn'), "
               "mx.sym.LeakyReLU(d, act_type='prelu', name='pr'), mx.sym.IdentityAttachKLSparseReg(d)])"),
    _described('update_operator_from_positional', "s = mx.sym.sgd_update(mx.sym.var('w'), mx.sym.var('g'), lr=0.1)",
               {'errors': ('MXNetError',)}),

    # ---- arithmetic and methods -------------------------------------------------------------------------
    _described('arithmetic', "a = mx.sym.var('a')\nb = mx.sym.var('b')\n"
               "s = mx.sym.Group([a + b, a - b, a * b, a / b, a % b, a ** b, a + 1, 1 + a, a - 2, 2 - a, a * 3, "
               "3 * a, a / 4, 4 / a, a % 5, 5 % a, a ** 2, 2 ** a, -a, abs(a), a == b, a != b, a > b, a >= b, "
               "a < b, a <= b, a == 1, a != 1, a > 1, a >= 1, a < 1, a <= 1])"),
    _described('arithmetic_functions', "a = mx.sym.var('a')\nb = mx.sym.var('b')\n"
               "s = mx.sym.Group([mx.sym.pow(a, b), mx.sym.pow(a, 2), mx.sym.pow(2, a), mx.sym.power(a, b), "
               "mx.sym.maximum(a, b), mx.sym.maximum(a, 1), mx.sym.maximum(1, a), mx.sym.minimum(a, b), "
               "mx.sym.minimum(2, a), mx.sym.hypot(a, b), mx.sym.hypot(a, 3), mx.sym.hypot(3, a)])"),
    ('arithmetic_numbers', "result = [mx.sym.pow(2, 3), mx.sym.maximum(2, 3), mx.sym.minimum(2, 3), "
                           "float(mx.sym.hypot(3, 4))]"),
    ('arithmetic_bad_operand', "mx.sym.var('a') + 'x'"),
    ('arithmetic_function_bad_operand', "mx.sym.pow(mx.sym.var('a'), 'x')"),
    ('inplace_add', "a = mx.sym.var('a')\na += 1"),
    ('bool_of_symbol', "bool(mx.sym.var('a'))"),
    ('asnumpy_of_symbol', "mx.sym.var('a').asnumpy()"),
    ('hash_of_symbol', "hash(mx.sym.var('a'))"),
    _described('methods', "a = mx.sym.var('a')\n"
               "s = mx.sym.Group([a.reshape((2, 3)), a.reshape(shape=(-1,)), a.sum(axis=1), a.mean(), a.max(), "
               "a.flatten(), a.expand_dims(1), a.squeeze(), a.diag(), a.transpose(), a.astype('float16'), "
               "a.split(num_outputs=2)[0], a.split_v2(2)[1], a.abs(), a.exp(), a.softmax(), a.clip(0, 1), "
               "a.slice_axis(axis=0, begin=0, end=1), a.one_hot(3), a.topk(k=2), a.tile((2,)), a.zeros_like(), "
               "a.norm(), a.relu(), a.sigmoid(), a.argmax(axis=0), a.swapaxes(0, 1), a.flip(0)])"),
    _described('creation_functions', "s = mx.sym.Group([mx.sym.zeros((2, 3)), mx.sym.ones((2,), dtype='int32'), "
               "mx.sym.full((2,), 3), mx.sym.eye(3), mx.sym.eye(2, 3, 1, dtype='float64'), mx.sym.arange(5), "
               "mx.sym.arange(1, 5, 2, repeat=2), mx.sym.linspace(0, 1, 5), mx.sym.zeros((2,), name='z')])"),
    ('split_v2_list', "mx.sym.split_v2(mx.sym.var('a'), [1, 2])"),
    ('histogram_needs_range', "mx.sym.histogram(mx.sym.var('a'), bins=3)"),
    _described('histogram', "s = mx.sym.histogram(mx.sym.var('a'), bins=3, range=(0, 1))"),
    _described('random_functions', "a = mx.sym.var('a')\nb = mx.sym.var('b')\n"
               "s = mx.sym.Group([mx.sym.random.uniform(0, 1, shape=(2,)), mx.sym.random.uniform(a, b), "
               "mx.sym.random.normal(shape=(3,)), mx.sym.random.normal(a, b, shape=(2,)), "
               "mx.sym.random.randn(2, 3), mx.sym.random.poisson(a), mx.sym.random.exponential(2), "
               "mx.sym.random.exponential(a), mx.sym.random.gamma(a, b), mx.sym.random.negative_binomial(2, 0.5), "
               "mx.sym.random.generalized_negative_binomial(a, b), mx.sym.random.multinomial(a), "
               "mx.sym.random.shuffle(a), mx.sym.random.randint(0, 5, shape=(2,)), mx.sym.random.uniform_like(a)])"),
    ('random_mixed_parameters', "mx.sym.random.uniform(mx.sym.var('a'), 1)"),
    ('random_bad_parameters', "mx.sym.random.uniform('a', 1)"),
    ('random_randint_symbols', "mx.sym.random.randint(mx.sym.var('a'), mx.sym.var('b'))"),
    _described('contrib_functions', "t = mx.sym.var('t')\n"
               "s = mx.sym.Group(list(mx.sym.contrib.rand_zipfian(t, 4, 5)))", {'errors': ('MXNetError',)}),

    # ---- indexing, groups, internals, children -----------------------------------------------------------
    ('getitem', "d = mx.sym.var('d')\ng = mx.sym.Group([d, d + 1, mx.sym.FullyConnected(d, num_hidden=2, name='fc')])\n"
                "result = [g[0].name, g[2].name, g['fc_output'].name, g[True].name, g[0:2].list_outputs(), "
                "g[::2].list_outputs(), [s.name for s in g], len(g)]"),
    ('getitem_past_end', "mx.sym.var('d')[1]"),
    ('getitem_negative', "mx.sym.var('d')[-1]"),
    ('getitem_float', "mx.sym.var('d')[0.0]"),
    ('getitem_numpy_int', "import numpy as np\nmx.sym.var('d')[np.int64(0)]"),
    ('getitem_unknown_name', "mx.sym.var('d')['e']"),
    ('getitem_repeated_name', "d = mx.sym.var('d')\nmx.sym.Group([d, d])['d']"),
    ('getitem_slice_past_end', "d = mx.sym.var('d')\nmx.sym.Group([d, d])[0:5]"),
    ('getitem_empty_slice', "d = mx.sym.var('d')\nmx.sym.Group([d, d])[5:]"),
    ('group_empty', "mx.sym.Group([])"),
    ('group_not_symbols', "mx.sym.Group([mx.sym.var('d'), 1])"),
    ('group_of_groups', "d = mx.sym.var('d')\ng = mx.sym.Group([mx.sym.Group([d, d + 1]), d])\n"
                        "result = [g.list_outputs(), repr(g), g.name]"),
    ('internals', MLP + "i = s.get_internals()\nresult = [i.list_outputs(), i['fc1_output'].list_arguments(), "
                        "len(i), i['fc2_weight'].name]"),
    ('internals_hidden_outputs', "d = mx.sym.var('d')\ns = mx.sym.Group([mx.sym.BatchNorm(d, name='bn'), "
                                 "mx.sym.Dropout(d, name='dr'), mx.sym.sort(d, name='st'), "
                                 "mx.sym.Pooling(d, kernel=(2, 2), name='pl'), mx.sym.LRN(d, nsize=3, name='lrn')])\n"
                                 "result = s.get_internals().list_outputs()"),
    ('children', "data = mx.sym.var('data')\nfc1 = mx.sym.FullyConnected(data, name='fc1', num_hidden=10)\n"
                 "net = mx.sym.FullyConnected(fc1, name='fc2', num_hidden=100)\n"
                 "sliced = mx.sym.SliceChannel(data, num_outputs=3, name='slice')\n"
                 "result = [net.get_children().list_outputs(), net.get_children().get_children().list_outputs(), "
                 "net.get_children()['fc2_weight'].get_children(), sliced.get_children().list_outputs(), "
                 "mx.sym.Concat(*list(sliced)).get_children().list_outputs(), (data + data).get_children().list_outputs()]"),
    ('one_node_group', "d = mx.sym.var('d')\ns = mx.sym.SliceChannel(d, num_outputs=2, name='sl')\n"
                       "g = mx.sym.Group([s[1], s[0]])\nh = mx.sym.Group([s[0], d])\n"
                       "result = [s.name, repr(s), g.name, g.attr('num_outputs'), g.attr('_value_index'), h.name, "
                       "repr(h), h.attr('name'), sorted(h.list_attr().items())]"),
    _described('atomic_symbol', MLP + "a = fc2._gen_atomic_symbol()\n"
               "s = a(data=mx.sym.var('x'), name='again')"),
    ('atomic_symbol_debug_str', MLP + "result = fc2._gen_atomic_symbol().debug_str()"),
    ('atomic_symbol_of_group', "d = mx.sym.var('d')\nmx.sym.Group([d + 1, d + 2])._gen_atomic_symbol()"),
    ('atomic_symbol_multiple_outputs', "d = mx.sym.var('d')\n"
                                       "s = mx.sym.RNN(d, mx.sym.var('p'), mx.sym.var('h0'), mx.sym.var('h1'), "
                                       "state_size=10, num_layers=2, bidirectional=True, state_outputs=True, "
                                       "mode='lstm')\na = s._gen_atomic_symbol()\nresult = [a.list_outputs(), len(a)]"),

    # ---- composition -------------------------------------------------------------------------------------
    _described('compose_keyword', "net2 = mx.sym.FullyConnected(num_hidden=10, name='fc3')\n"
               "net1 = mx.sym.FullyConnected(mx.sym.var('data'), num_hidden=10, name='fc1')\n"
               "s = net2(fc3_data=net1, name='composed')"),
    _described('compose_in_place', "net2 = mx.sym.FullyConnected(num_hidden=10, name='fc3')\n"
               "net2._compose(fc3_data=mx.sym.var('x'), fc3_weight=mx.sym.var('w'))\ns = net2"),
    _described('compose_replaces_output_variable', "d = mx.sym.var('d')\n"
               "s = mx.sym.Group([d, d + 1])(d=mx.sym.var('e'))"),
    _described('compose_keeps_original', "d = mx.sym.var('d')\nnet = mx.sym.FullyConnected(d, num_hidden=2, name='fc')\n"
               "other = net(d=mx.sym.var('e') * 2)\ns = mx.sym.Group([net, other])"),
    ('compose_positional_graph', "mx.sym.FullyConnected(mx.sym.var('d'), num_hidden=2)(mx.sym.var('e'))"),
    ('compose_unknown_keyword', "mx.sym.FullyConnected(mx.sym.var('d'), num_hidden=2)(foo=mx.sym.var('e'))"),
    ('compose_not_symbol', "mx.sym.var('d')(d=3)"),
    ('compose_both_forms', "e = mx.sym.var('e')\n(mx.sym.var('d') + 1)(e, d=e)"),
    ('compose_group_value', "d = mx.sym.var('d')\n(d + 1)(d=mx.sym.Group([d, d]))"),
    _described('copy_and_deepcopy', "import copy\nd = mx.sym.var('d')\nnet = mx.sym.FullyConnected(d, num_hidden=2)\n"
               "c = copy.copy(net)\nc._set_attr(__mood__='copied')\ndc = copy.deepcopy(net)\n"
               "dc._compose(d=mx.sym.var('e'))\ns = mx.sym.Group([net, c, dc])"),
    ('pickle', "import pickle\ns = " + "mx.sym.BatchNorm(mx.sym.FullyConnected(mx.sym.var('d', lr_mult=2), "
               "num_hidden=2, attr={'__x__': 'y'}), name='bn')\nt = pickle.loads(pickle.dumps(s))\n"
               "result = [t.tojson() == s.tojson(), t.list_auxiliary_states(), t.attr_dict() == s.attr_dict()]"),

    # ---- debug_str ---------------------------------------------------------------------------------------
    ('debug_str_mlp', MLP + "result = s.debug_str()"),
    ('debug_str_conv', CONV + "result = s.debug_str()"),
    ('debug_str_variable', "result = mx.sym.var('x').debug_str()"),
    ('debug_str_group', "d = mx.sym.var('d')\nresult = mx.sym.Group([d, d * 2, mx.sym.split(d, num_outputs=2)[1]]).debug_str()"),

    # ---- JSON out and back -------------------------------------------------------------------------------
    _described('json_mlp', MLP.strip() + "\ns = mx.sym.load_json(s.tojson())"),
    _described('json_conv', CONV.strip() + "\ns = mx.sym.load_json(s.tojson())"),
    ('json_unicode_names', "s = mx.sym.var('données') + mx.sym.var('x', attr={'__note__': 'é\"\\\\ \\n'})\n"
                           "result = [s.tojson(), mx.sym.load_json(s.tojson()).tojson() == s.tojson()]"),
    ('json_amp_cast_removed', "d = mx.sym.var('d')\ns = mx.sym.amp_cast(d, dtype='float16', name='a') + 1\n"
                              "m = mx.sym.amp_multicast(d, mx.sym.var('e'), num_outputs=2, name='m')\n"
                              "t = m[0] * m[1]\nresult = [s.tojson(), s.tojson(remove_amp_cast=False), t.tojson()]"),
    ('save_and_load', MLP + "s.save(tmpdir + '/net-symbol.json')\nt = mx.sym.load(tmpdir + '/net-symbol.json')\n"
                            "result = [t.tojson() == s.tojson(), t.list_arguments()]", {'files': ('net-symbol.json',)}),
    ('save_name_not_string', "mx.sym.var('x').save(3)"),
    ('load_name_not_string', "mx.sym.load(3)"),
    ('load_missing_file', "mx.sym.load(tmpdir + '/missing.json')"),
    ('load_json_bytes', "mx.sym.load_json(b'{}')"),
    ('np_shape_json', "with mx.np_shape(True):\n"
                      "    s = mx.sym.FullyConnected(mx.sym.var('d'), mx.sym.var('w', shape=(4, 0)), num_hidden=4, "
                      "no_bias=True)\n    j = s.tojson()\nresult = j"),
    ('np_shape_reads_legacy_file', "s = mx.sym.FullyConnected(mx.sym.var('d', shape=(128, 0)), num_hidden=3)\n"
                                   "j = s.tojson()\nwith mx.np_shape(True):\n    t = mx.sym.load_json(j)\n"
                                   "result = t.attr_dict()"),
    ('old_file_0800', "s = mx.sym.load_json({!r})\nresult = [s.list_arguments(), s.list_auxiliary_states(), "
                      "{{k: sorted(v.items()) for k, v in s.attr_dict().items()}}, s.tojson()]".format(OLD_FILE)),
    ('old_file_0903', "s = mx.sym.load_json({!r})\nresult = [s.list_arguments(), s.list_auxiliary_states(), "
                      "{{k: sorted(v.items()) for k, v in s.attr_dict().items()}}, s.tojson()]".format(VERSION_903)),
    _bad_json('good', ''),
    _bad_json('no_arg_nodes', "del j['arg_nodes']"),
    _bad_json('no_heads', "del j['heads']"),
    _bad_json('no_nodes', "del j['nodes']"),
    _bad_json('no_row_ptr', "del j['node_row_ptr']"),
    _bad_json('no_graph_attrs', "del j['attrs']"),
    _bad_json('extra_field', "j['extra'] = 1"),
    _bad_json('extra_node_field', "j['nodes'][3]['extra'] = 1"),
    _bad_json('node_without_inputs', "del j['nodes'][0]['inputs']"),
    _bad_json('node_without_name', "del j['nodes'][0]['name']"),
    _bad_json('node_without_op', "del j['nodes'][0]['op']"),
    _bad_json('unknown_operator', "j['nodes'][3]['op'] = 'NoSuchOp'"),
    _bad_json('unknown_parameter', "j['nodes'][3]['attrs']['foo'] = '1'"),
    _bad_json('bad_parameter', "j['nodes'][3]['attrs']['num_hidden'] = 'x'"),
    _bad_json('missing_parameter', "del j['nodes'][3]['attrs']['num_hidden']"),
    _bad_json('parameter_not_text', "j['nodes'][3]['attrs']['num_hidden'] = 3"),
    _bad_json('hidden_attribute', "j['nodes'][3]['attrs']['__foo__'] = '1'"),
    _bad_json('plain_hidden_key_in_new_file', "j['nodes'][3]['attrs']['lr_mult'] = '1'"),
    _bad_json('old_version', "j['attrs']['mxnet_version'] = ['int', 800]"),
    _bad_json('newer_version', "j['attrs']['mxnet_version'] = ['int', 20000]"),
    _bad_json('version_not_int', "j['attrs']['mxnet_version'] = ['str', '1.9']"),
    _bad_json('version_not_pair', "j['attrs']['mxnet_version'] = 10901"),
    _bad_json('graph_attr_unknown_type', "j['attrs']['x'] = ['blob', 1]"),
    _bad_json('graph_attr_str', "j['attrs']['x'] = ['str', 'y']"),
    _bad_json('input_out_of_range', "j['nodes'][3]['inputs'][2] = [9, 0, 0]"),
    _bad_json('input_negative', "j['nodes'][3]['inputs'][2] = [-1, 0, 0]"),
    _bad_json('head_out_of_range', "j['heads'] = [[9, 0, 0]]"),
    _bad_json('head_two_numbers', "j['heads'] = [[3, 0]]"),
    _bad_json('head_four_numbers', "j['heads'] = [[3, 0, 0, 0]]"),
    _bad_json('head_float', "j['heads'] = [[3.0, 0, 0]]"),
    _bad_json('no_heads_at_all', "j['heads'] = []"),
    _bad_json('arg_node_not_variable', "j['arg_nodes'] = [3]"),
    _bad_json('arg_node_out_of_range', "j['arg_nodes'] = [30]"),
    _bad_json('fewer_inputs', "j['nodes'][3]['inputs'] = [[0, 0, 0]]"),
    _bad_json('param_and_attr', "j['nodes'][3]['param'] = {'num_hidden': '3'}\nj['nodes'][3]['attr'] = {'flatten': 'False'}"),
    _bad_json('attr_overrides_attrs', "j['nodes'][3]['attr'] = {'num_hidden': '4'}"),
    _bad_json('backward_source_id', "j['nodes'][3]['backward_source_id'] = -1"),
    _bad_json('duplicate_names', "j['nodes'][1]['name'] = 'd'"),
    # (MXNet fails to decode its own message here: a UnicodeDecodeError)
    ('load_not_json', "mx.sym.load_json('{\"nodes\": [')", {'errors': ('MXNetError',)}),
    ('load_empty', "mx.sym.load_json('')", {'errors': ('MXNetError',)}),
    ('load_list', "mx.sym.load_json('[]')"),
    ('load_deep_nesting', "mx.sym.load_json('[' * 100000)"),

    # ---- inference ---------------------------------------------------------------------------------------
    ('infer_shape_mlp', MLP + "result = s.infer_shape(data=(8, 20))"),
    ('infer_shape_conv', CONV + "result = s.infer_shape(data=(2, 3, 8, 8))"),
    ('infer_shape_incomplete', MLP + "result = s.infer_shape()"),
    ('infer_shape_partial_unknown_batch', MLP + "result = s.infer_shape_partial(data=(0, 20))"),
    ('infer_shape_partial_nothing', MLP + "result = s.infer_shape_partial()"),
    ('infer_shape_from_weight', "d = mx.sym.var('d')\ns = mx.sym.FullyConnected(d, num_hidden=3, name='fc')\n"
                                "result = s.infer_shape_partial(fc_weight=(3, 7))"),
    ('infer_shape_backward', "a = mx.sym.var('a')\nb = mx.sym.var('b')\nresult = (a + b * 2).infer_shape(b=(2, 3))"),
    ('infer_shape_var_shape', "s = mx.sym.var('a', shape=(2, 3)) + 1\nresult = s.infer_shape()"),
    ('infer_shape_aux_by_name', "s = mx.sym.BatchNorm(mx.sym.var('d'), name='bn')\n"
                                "result = s.infer_shape_partial(bn_moving_mean=(4,))"),
    ('infer_shape_inconsistent', "v = mx.sym.var('V')\nx = mx.sym.var('x')\n"
                                 "s = mx.sym.transpose(v) + (x + v)\ns.infer_shape(x=(2, 3))"),
    ('infer_shape_inconsistent_weight', MLP + "s.infer_shape(data=(8, 20), fc1_weight=(15, 20))"),
    ('infer_shape_elementwise_mismatch', "s = mx.sym.var('a') + mx.sym.var('b')\ns.infer_shape(a=(2, 3), b=(2, 4))"),
    ('infer_shape_concat_mismatch', "s = mx.sym.Concat(mx.sym.var('a'), mx.sym.var('b'))\n"
                                    "s.infer_shape(a=(2, 3), b=(3, 3))"),
    ('infer_shape_unknown_name', MLP + "s.infer_shape(foo=(2,))"),
    ('infer_shape_not_tuple', MLP + "s.infer_shape(data=[2, 3])"),
    ('infer_shape_both_forms', MLP + "s.infer_shape((2, 3), data=(2, 3))"),
    ('infer_shape_np_shape', "with mx.np_shape(True):\n    s = mx.sym.var('a') + 1\n"
                             "    result = [s.infer_shape_partial(a=(-1, 3)), s.infer_shape_partial(a=()), "
                             "s.infer_shape_partial()]"),
    ('infer_shape_where', "c = mx.sym.var('c')\nw = mx.sym.where(c, mx.sym.var('x'), mx.sym.var('y'))\n"
                          "result = [w.infer_shape_partial(c=(0, 2), x=(0, 2), y=(0, 2)), "
                          "w.infer_shape_partial(c=(2, 2), x=(2, 0), y=(0, 2))]"),
    ('infer_type_mlp', MLP + "result = s.infer_type(data='float16')"),
    ('infer_type_conv', CONV + "import numpy as np\nresult = s.infer_type(data=np.float64)"),
    ('infer_type_incomplete', MLP + "result = s.infer_type()"),
    ('infer_type_partial', MLP + "result = s.infer_type_partial()"),
    ('infer_type_mismatch', MLP + "s.infer_type(data='int32', fc1_weight='float32')"),
    ('infer_type_unknown_name', MLP + "s.infer_type(foo='float32')"),
    ('infer_type_unsupported_keyword', MLP + "result = s.infer_type(data='complex64')"),
    ('infer_type_casts', "d = mx.sym.var('d')\ns = mx.sym.Group([mx.sym.Cast(d, dtype='int32'), d.argmax(axis=0), "
                         "mx.sym.zeros((2,), dtype='float16'), mx.sym.one_hot(d, 3), mx.sym.Embedding(d, input_dim=4, "
                         "output_dim=2, dtype='float64')])\nresult = s.infer_type(d='float32')"),
    ('infer_type_batch_take', "s = mx.sym.batch_take(mx.sym.var('x'), mx.sym.var('i'))\n"
                              "result = [s.infer_type(x='float32'), s.infer_shape(x=(2, 3), i=(2,))]"),
    ('infer_type_var_dtype', "s = mx.sym.var('a', dtype='float64') * 2\nresult = s.infer_type()"),

    # ---- eval --------------------------------------------------------------------------------------------
    ('eval', "a = mx.sym.var('a')\nb = mx.sym.var('b')\ns = mx.sym.Group([a + b, a * b, mx.sym.sum(a)])\n"
             "result = s.eval(a=nd.array([1, 2]), b=nd.array([3, 4]))"),
    ('eval_fully_connected', MLP.replace("s = mx.sym.SoftmaxOutput(fc2, name='softmax')", "s = fc2") +
     "import numpy as np\nresult = s.eval(data=nd.ones((2, 3)), fc1_weight=nd.ones((16, 3)) * 0.1, "
     "fc1_bias=nd.zeros((16,)), fc2_weight=nd.ones((4, 16)) * 0.2, fc2_bias=nd.ones((4,)))"),
]
