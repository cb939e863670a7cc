"""Evaluation metrics: values after a few updates (local and global), names, resets, create()."""

_DATA = """
P = nd.array([[0.3, 0.7], [0.6, 0.4], [0.2, 0.8], [0.9, 0.1], [0.45, 0.55]])
L = nd.array([1, 1, 0, 0, 1])
P2 = nd.array([[0.1, 0.9], [0.8, 0.2], [0.35, 0.65]])
L2 = nd.array([0, 0, 1])
S = nd.array([[0.1, 0.5, 0.2, 0.2], [0.4, 0.1, 0.3, 0.2], [0.05, 0.05, 0.1, 0.8], [0.3, 0.3, 0.2, 0.2]])
SL = nd.array([2, 0, 3, 1])
Y = nd.array([1.5, -0.5, 2.0, 0.3])
YH = nd.array([1.2, 0.1, 2.5, 0.3])
"""


def run(metric, updates, extra=''):
    """Code creating `metric`, applying `updates` ((labels, preds) expressions), returning its readings."""
    lines = [_DATA, 'm = ' + metric]
    for labels, preds in updates:
        lines.append('m.update({}, {})'.format(labels, preds))
    lines.append(extra)
    lines.append('result = [m.get(), m.get_global(), m.get_name_value(), m.get_global_name_value()]')
    return '\n'.join(lines)


M = 'mx.metric.'
CASES = [
    ('accuracy', run(M + "Accuracy()", [('[L]', '[P]'), ('[L2]', '[P2]')])),
    ('accuracy_single_arrays', run(M + "Accuracy()", [('L', 'P')])),
    ('accuracy_same_shape_labels', run(M + "Accuracy()", [('[nd.array([1, 2, 3])]', '[nd.array([1.7, 2.2, 0.0])]')])),
    ('accuracy_axis0', run(M + "Accuracy(axis=0)", [('[nd.array([1, 0])]', '[P2.T]')])),
    ('accuracy_reset_local', run(M + "Accuracy()", [('[L]', '[P]')], "m.reset_local()\nm.update([L2], [P2])")),
    # (str(): the golden comparison of float answers does not take nan)
    ('accuracy_reset', _DATA + "m = mx.metric.Accuracy()\nm.update([L], [P])\nm.reset()\n"
                       "result = [str(m.get()), str(m.get_global()), m.num_inst, m.global_num_inst]"),
    ('accuracy_shape_mismatch', run(M + "Accuracy()", [('[L, L]', '[P]')])),
    ('accuracy_length_mismatch', run(M + "Accuracy()", [('[L2]', '[P]')])),
    ('top_k_accuracy', run(M + "TopKAccuracy(top_k=2)", [('[SL]', '[S]')])),
    ('top_k_accuracy_3', run(M + "TopKAccuracy(top_k=3)", [('[SL]', '[S]'), ('[SL[:2]]', '[S[:2]]')])),
    ('top_k_accuracy_one', "mx.metric.TopKAccuracy(top_k=1)"),
    ('f1_macro', run(M + "F1()", [('[L]', '[P]'), ('[L2]', '[P2]')])),
    ('f1_micro', run(M + "F1(average='micro')", [('[L]', '[P]'), ('[L2]', '[P2]')])),
    ('f1_multiclass_error', run(M + "F1()", [('[SL]', '[S]')])),
    ('mcc_macro', run(M + "MCC()", [('[L]', '[P]'), ('[L2]', '[P2]')])),
    ('mcc_micro', run(M + "MCC(average='micro')", [('[L]', '[P]'), ('[L2]', '[P2]')])),
    ('mae', run(M + "MAE()", [('[Y]', '[YH]'), ('[Y[:2]]', '[YH[:2] * 2]')])),
    ('mse', run(M + "MSE()", [('[Y]', '[YH]'), ('[Y.reshape((2, 2))]', '[YH.reshape((2, 2))]')])),
    ('rmse', run(M + "RMSE()", [('[Y]', '[YH]'), ('[Y[:2]]', '[YH[:2] * 2]')])),
    ('cross_entropy', run(M + "CrossEntropy()", [('[L]', '[P]'), ('[SL]', '[S]')])),
    ('nll_loss', run(M + "NegativeLogLikelihood(eps=1e-3)", [('[L]', '[P]')])),
    ('perplexity', run(M + "Perplexity(ignore_label=None)", [('[SL]', '[S]')])),
    ('perplexity_ignore', run(M + "Perplexity(ignore_label=0)", [('[SL]', '[S]'), ('[L]', '[P]')])),
    ('perplexity_axis0', run(M + "Perplexity(ignore_label=None, axis=0)", [('[nd.array([1, 0])]', '[P2.T]')])),
    ('pearson_macro', run(M + "PearsonCorrelation()", [('[Y]', '[YH]'), ('[Y * 2]', '[YH * YH]')])),
    ('pearson_micro', run(M + "PearsonCorrelation(average='micro')", [('[Y]', '[YH]'), ('[Y * 2]', '[YH * YH]')])),
    ('pcc', run(M + "PCC()", [('[SL]', '[S]'), ('[L]', '[P]')])),
    ('loss', run(M + "Loss()", [('None', '[Y]'), ('None', 'YH')])),
    ('loss_names', "[mx.metric.Torch().name, mx.metric.Caffe().name, mx.metric.Loss().name]"),
    ('custom_metric', run(M + "CustomMetric(lambda l, p: float((l == p.argmax(axis=1)).sum()))",
                          [('[L]', '[P]'), ('[L2]', '[P2]')])),
    ('custom_metric_tuple', run(M + "CustomMetric(lambda l, p: (float(abs(l - p).sum()), l.size), name='l1')",
                                [('[Y]', '[YH]')])),
    ('np_metric', _DATA + """
def my_mae(label, pred):
    return abs(label - pred).mean()
m = mx.metric.np(my_mae)
m.update([Y], [YH])
result = [m.name, m.get()]
"""),
    ('custom_metric_extra_outputs', run(M + "CustomMetric(lambda l, p: float(l.sum()), name='s', "
                                            "allow_extra_outputs=True)", [('[Y]', '[YH, YH]')])),
    ('composite', run(M + "CompositeEvalMetric(['acc', 'ce'])", [('[L]', '[P]')])),
    ('composite_add', _DATA + """
m = mx.metric.CompositeEvalMetric()
m.add(mx.metric.Accuracy())
m.add('f1')
m.update([L], [P])
result = [m.get(), m.get_name_value(), m.get_metric(1).name, str(m.get_metric(5))]
"""),
    ('create_names', """
names = ['acc', 'accuracy', 'top_k_accuracy', 'top_k_acc', 'f1', 'mcc', 'mae', 'mse', 'rmse', 'ce',
         'crossentropy', 'nll_loss', 'negativeloglikelihood', 'pearsonr', 'pcc', 'loss', 'torch', 'caffe',
         'composite', 'perplexity']
kw = {'top_k_accuracy': {'top_k': 3}, 'top_k_acc': {'top_k': 2}, 'perplexity': {'ignore_label': None}}
result = [(n, type(mx.metric.create(n, **kw.get(n, {}))).__name__, mx.metric.create(n, **kw.get(n, {})).name)
          for n in names]
"""),
    ('create_list', "m = mx.metric.create(['acc', 'mse'])\nresult = [type(m).__name__, str(m.get())]"),
    ('create_callable', "m = mx.metric.create(lambda l, p: 1.0)\nresult = [type(m).__name__, m.name]"),
    ('create_instance', "a = mx.metric.Accuracy()\nresult = mx.metric.create(a) is a"),
    ('create_unknown', "mx.metric.create('nosuchmetric')"),
    ('create_from_config', _DATA + """
c = mx.metric.TopKAccuracy(top_k=3, name='t').get_config()
m = mx.metric.create(c)
m.update([SL], [S])
result = [sorted(c.items(), key=str), m.name, m.get()]
"""),
    ('create_from_json', 'm = mx.metric.create(\'["acc", {"axis": 0}]\')\nresult = [m.axis, m.name]'),
    ('get_config_accuracy', "sorted(mx.metric.Accuracy(axis=2, output_names=['o']).get_config().items(), key=str)"),
    ('str', _DATA + "m = mx.metric.Accuracy()\nm.update([L], [P])\nresult = str(m)"),
    ('empty_get', "[str(mx.metric.Accuracy().get()), str(mx.metric.F1().get_global()), "
                  "str(mx.metric.Perplexity(None).get()), str(mx.metric.PCC().get())]"),
    ('update_dict', _DATA + """
m = mx.metric.Accuracy(output_names=['b'], label_names=['y'])
m.update_dict({'y': L, 'z': L2}, {'a': P2, 'b': P})
result = m.get()
"""),
    ('composite_update_dict', _DATA + """
m = mx.metric.CompositeEvalMetric(['acc'], output_names=['b'], label_names=['y'])
m.update_dict({'y': L, 'z': L2}, {'a': P2, 'b': P})
result = m.get()
"""),
    ('check_label_shapes', "mx.metric.check_label_shapes([1, 2], [3])"),
    ('check_label_shapes_shape', "mx.metric.check_label_shapes(nd.ones((2, 3)), nd.ones((3, 2)), shape=True)"),
    # input checks that were bare asserts (their error type is MXNet's), and the counters' types
    ('top_k_3d_preds', "mx.metric.TopKAccuracy(top_k=2).update([nd.array([0, 1])], [nd.ones((2, 3, 4))])"),
    ('perplexity_list_mismatch', "mx.metric.Perplexity(None).update([nd.array([0])], [nd.ones((1, 2)), nd.ones((1, 2))])"),
    ('perplexity_label_size', "mx.metric.Perplexity(None).update([nd.array([0, 1, 2])], [nd.ones((2, 4)) / 4])"),
    ('ce_rows_mismatch', "mx.metric.CrossEntropy().update([nd.array([0, 1, 1])], [nd.array([[0.5, 0.5], [0.2, 0.8]])])"),
    ('nll_rows_mismatch', "mx.metric.NegativeLogLikelihood().update([nd.array([0, 1, 1])], "
                          "[nd.array([[0.5, 0.5], [0.2, 0.8]])])"),
    ('create_not_string', "mx.metric.create(3)"),
    ('create_instance_with_args', "mx.metric.create(mx.metric.Accuracy(), 1)"),
    ('get_metric_negative_index', "m = mx.metric.CompositeEvalMetric(['acc', 'mse'])\nresult = m.get_metric(-1).name"),
    ('counter_types', _DATA + """
result = []
for m in (mx.metric.Accuracy(), mx.metric.F1(), mx.metric.MCC(), mx.metric.MCC(average='micro'), mx.metric.PCC(),
          mx.metric.TopKAccuracy(top_k=2)):
    m.update([L], [P])
    row = [m.num_inst, m.global_num_inst, m.sum_metric]
    m.reset()
    result.append(row + [m.num_inst, m.global_num_inst])
"""),
]
