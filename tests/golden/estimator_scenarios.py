"""Scenarios of gluon.contrib.estimator, run under MXNet 1.9.1 to make tests/golden/estimator.json and under
mxtorch (through the ``mxnet`` alias) by tests/test_estimator.py, which compares the two.

    ~/.cache/mxtorch-ref/venv/bin/python tests/golden/estimator_scenarios.py     # regenerate the golden file
    .venv/bin/python tests/golden/estimator_scenarios.py --mxtorch               # print mxtorch's answers

Every scenario trains a small MLP with fixed weights on fixed data (no shuffling, plain SGD), so that the
metric values in the log are deterministic. A scenario returns a dict of JSON values: the logged lines (as
`split_line` gives them: a template with the numbers taken out, and the numbers), the files a
CheckpointHandler left, metric names, warnings, error messages, final weights. Regenerate, never hand-edit.
"""
import json
import os
import re
import shutil
import sys
import tempfile
import warnings

HERE = os.path.dirname(os.path.abspath(__file__))
GOLDEN_FILE = os.path.join(HERE, 'estimator.json')

# times in the log lines (they depend on the machine) become T; then every number is taken out
_TIMES = re.compile(r'(Finished in |time/interval: )\d+\.\d+s|(total )\d+s')
_NUMBER = re.compile(r'-?\d+\.\d+|-?\d+|nan|inf')


def split_line(line, folder):
    """(template, numbers) of a log line: the folder of the scenario replaced by <dir>, times by T, each
    remaining number by {} in the template and listed (as a float) in numbers."""
    line = line.replace(folder, '<dir>')
    line = _TIMES.sub(lambda m: (m.group(1) or m.group(2)) + 'T', line)
    numbers = [float(n) for n in _NUMBER.findall(line)]
    return _NUMBER.sub('{}', line), numbers


class _Lines(object):
    """Collects what an estimator's logger writes (added as a logging handler)."""

    def __init__(self):
        import logging
        self.lines = []
        outer = self

        class Handler(logging.Handler):
            def emit(self, record):
                outer.lines.append(record.getMessage())
        self.handler = Handler()

    def attach(self, est):
        est.logger.addHandler(self.handler)
        return est


def _mx():
    import mxnet
    return mxnet


def make_data(n=20, batch_size=6):
    mx = _mx()
    import numpy as np
    i = np.arange(n * 4, dtype='float64').reshape(n, 4)
    X = (np.sin(i * 0.7) + 0.1 * (i % 3)).astype('float32')
    y = ((np.arange(n) * 7) % 3).astype('float32')
    ds = mx.gluon.data.ArrayDataset(mx.nd.array(X), mx.nd.array(y))
    return mx.gluon.data.DataLoader(ds, batch_size=batch_size, shuffle=False)


def make_net(hybridize=False):
    """Dense(5, relu) -> Dense(3) with fixed weights."""
    mx = _mx()
    import numpy as np
    net = mx.gluon.nn.HybridSequential()
    with net.name_scope():
        net.add(mx.gluon.nn.Dense(5, activation='relu', in_units=4), mx.gluon.nn.Dense(3, in_units=5))
    net.initialize()
    for k, p in enumerate(sorted(net.collect_params().values(), key=lambda p: p.name)):
        shape = p.shape
        p.set_data(mx.nd.array(np.cos(np.arange(int(np.prod(shape))) * (1.3 + k)).reshape(shape) * 0.5))
    if hybridize:
        net.hybridize()
    return net


def make_estimator(lr=0.5, hybridize=False, **kwargs):
    mx = _mx()
    net = make_net(hybridize)
    trainer = mx.gluon.Trainer(net.collect_params(), 'sgd', {'learning_rate': lr})
    return mx.gluon.contrib.estimator.Estimator(net, mx.gluon.loss.SoftmaxCrossEntropyLoss(), trainer=trainer,
                                                **kwargs)


def weights(net):
    return {p.name.split('_', 1)[1]: p.data().asnumpy().astype('float64').round(6).tolist()
            for p in net.collect_params().values()}


def _warnings(caught):
    return [[w.category.__name__, str(w.message)] for w in caught
            if issubclass(w.category, (UserWarning, RuntimeWarning)) and 'estimator' in w.filename]


def _error(fn):
    try:
        fn()
    except Exception as e:  # noqa: BLE001 - the type and message are what is recorded
        return [type(e).__name__, str(e)]
    return None


# ---------------------------------------------------------------------------------------------------------
# The scenarios: each takes a fresh folder and returns a dict
# ---------------------------------------------------------------------------------------------------------

def fit_with_validation_and_checkpoints(folder):
    est = importable()
    log = _Lines()
    e = make_estimator()
    log.attach(e)
    ckpt = os.path.join(folder, 'ckpt')
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter('always')
        handlers = [est.LoggingHandler(log_interval=2, metrics=e.train_metrics),
                    est.CheckpointHandler(ckpt, model_prefix='mlp', monitor=e.val_metrics[1], save_best=True,
                                          mode='min', verbose=1, max_checkpoints=2)]
        e.fit(make_data(), val_data=make_data(batch_size=8), epochs=3, event_handlers=handlers)
    return {'lines': [split_line(s, folder) for s in log.lines], 'files': sorted(os.listdir(ckpt)),
            'warnings': _warnings(caught), 'weights': weights(e.net),
            'metrics': [[m.name, round(float(m.get()[1]), 6)] for m in e.train_metrics + e.val_metrics]}


def fit_by_batches(folder):
    est = importable()
    log = _Lines()
    e = log.attach(make_estimator(hybridize=True))
    ckpt = os.path.join(folder, 'b')
    e.fit(make_data(), batches=6, event_handlers=[
        est.CheckpointHandler(ckpt, model_prefix='net', epoch_period=None, batch_period=2, verbose=1)])
    return {'lines': [split_line(s, folder) for s in log.lines], 'files': sorted(os.listdir(ckpt)),
            'weights': weights(e.net)}


def resume_epochs(folder):
    est = importable()
    ckpt = os.path.join(folder, 'r')
    first = make_estimator()
    first.fit(make_data(), epochs=2, event_handlers=[est.CheckpointHandler(ckpt, model_prefix='r')])
    files_first = sorted(os.listdir(ckpt))
    log = _Lines()
    second = log.attach(make_estimator())
    second.fit(make_data(), epochs=4, event_handlers=[
        est.CheckpointHandler(ckpt, model_prefix='r', resume_from_checkpoint=True, max_checkpoints=3)])
    # one model trained for 4 epochs in one go, to compare the resumed weights with
    whole = make_estimator()
    whole.fit(make_data(), epochs=4)
    again = make_estimator()
    error = _error(lambda: again.fit(make_data(), epochs=2, event_handlers=[
        est.CheckpointHandler(ckpt, model_prefix='r', resume_from_checkpoint=True)]))
    return {'files_first': files_first, 'files': sorted(os.listdir(ckpt)),
            'lines': [split_line(s, folder) for s in log.lines], 'weights': weights(second.net),
            'weights_whole': weights(whole.net), 'too_far': error}


def resume_batches(folder):
    est = importable()
    ckpt = os.path.join(folder, 'rb')
    make_estimator().fit(make_data(), batches=3, event_handlers=[
        est.CheckpointHandler(ckpt, model_prefix='s', epoch_period=None, batch_period=1)])
    files_first = sorted(os.listdir(ckpt))
    log = _Lines()
    second = log.attach(make_estimator())
    second.fit(make_data(), batches=6, event_handlers=[
        est.CheckpointHandler(ckpt, model_prefix='s', epoch_period=None, batch_period=1,
                              resume_from_checkpoint=True)])
    wrong_period = _error(lambda: make_estimator().fit(make_data(), epochs=2, event_handlers=[
        est.CheckpointHandler(ckpt, model_prefix='s', epoch_period=None, batch_period=1,
                              resume_from_checkpoint=True)]))
    empty = os.path.join(folder, 'empty')
    log_empty = _Lines()
    log_empty.attach(make_estimator()).fit(make_data(), batches=2, event_handlers=[
        est.CheckpointHandler(empty, epoch_period=None, batch_period=1, resume_from_checkpoint=True)])
    return {'files_first': files_first, 'files': sorted(os.listdir(ckpt)),
            'lines': [split_line(s, folder) for s in log.lines], 'weights': weights(second.net),
            'wrong_period': wrong_period, 'empty_lines': [split_line(s, folder) for s in log_empty.lines],
            'empty_files': sorted(os.listdir(empty))}


def early_stopping(folder):
    est = importable()
    out = {}
    settings = {
        # never improves by 10 after the first epoch: stops at epoch 1
        'min_delta': dict(mode='min', patience=1, min_delta=10, metric=('train', 1)),
        # 'auto' compares with `greater` in MXNet 1.9.1 whatever the metric: a falling loss stops it
        'auto_loss': dict(mode='auto', patience=2, metric=('train', 1)),
        'max_acc': dict(mode='max', patience=2, metric=('val', 0)),
        'baseline': dict(mode='min', patience=1, baseline=0.0, metric=('val', 1)),
        'unknown_mode': dict(mode='bigger', patience=1, metric=('train', 0)),
    }
    for name, s in settings.items():
        log = _Lines()
        e = log.attach(make_estimator(lr=0.3))
        which, index = s.pop('metric')
        monitor = (e.train_metrics if which == 'train' else e.val_metrics)[index]
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter('always')
            handler = est.EarlyStoppingHandler(monitor, **s)
            e.fit(make_data(), val_data=make_data(), epochs=8, event_handlers=[handler])
        out[name] = {'lines': [split_line(x, folder) for x in log.lines], 'warnings': _warnings(caught),
                     'stopped_epoch': handler.stopped_epoch, 'best': round(float(handler.best), 6),
                     'wait': handler.wait}
    return out


def evaluate_only(folder):
    est = importable()
    log = _Lines()
    e = log.attach(make_estimator())
    e.evaluate(make_data(batch_size=7))
    first = [split_line(x, folder) for x in log.lines]
    log.lines[:] = []
    e.evaluate(make_data(), event_handlers=[est.LoggingHandler(log_interval=1, metrics=e.val_metrics)])
    return {'lines': first, 'lines_batches': [split_line(x, folder) for x in log.lines],
            'metrics': [[m.name, round(float(m.get()[1]), 6)] for m in e.val_metrics]}


def metric_names(folder):
    mx = _mx()
    net = make_net()
    est = mx.gluon.contrib.estimator
    gl = mx.gluon.loss
    out = {}

    def names(e):
        return [[m.name for m in e.train_metrics], [m.name for m in e.val_metrics],
                [type(m).__name__ for m in e.val_metrics]]
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter('always')
        out['softmax'] = names(est.Estimator(net, gl.SoftmaxCrossEntropyLoss()))
        out['l2'] = names(est.Estimator(net, gl.L2Loss()))
        out['given'] = names(est.Estimator(net, gl.L2Loss(), train_metrics=[mx.metric.Accuracy(),
                                                                            mx.metric.TopKAccuracy(2)]))
        out['given_val'] = names(est.Estimator(net, gl.L2Loss(), train_metrics=mx.metric.MAE(),
                                               val_metrics=[mx.metric.MSE(), mx.metric.RMSE()]))
        out['composite'] = names(est.Estimator(net, gl.L2Loss(), train_metrics=mx.metric.CompositeEvalMetric(
            [mx.metric.Accuracy(), mx.metric.CrossEntropy()])))
        out['named_loss'] = names(est.Estimator(net, gl.SoftmaxCrossEntropyLoss(prefix='ce12_')))
        trained = est.Estimator(net, gl.L2Loss(), train_metrics=mx.metric.Accuracy(name='training acc'))
        out['prefixed'] = names(trained)
        out['default_trainer'] = [type(trained.trainer.optimizer).__name__, trained.trainer.learning_rate]
        out['context'] = [str(c) for c in trained.context]
        fresh = mx.gluon.nn.Dense(2)
        e = est.Estimator(fresh, gl.L2Loss(), initializer=mx.init.One(), context=mx.cpu())
        out['deferred'] = [str(c) for c in e.context]
        est.Estimator(net, gl.L2Loss(), initializer=mx.init.One())
    out['warnings'] = _warnings(caught)
    out['val_net_default'] = [e.val_net is e.net, e.val_loss is e.loss]
    return out


def errors(folder):
    mx = _mx()
    est = mx.gluon.contrib.estimator
    gl = mx.gluon.loss
    net = make_net()
    trainer = mx.gluon.Trainer(net.collect_params(), 'sgd', {'learning_rate': 0.1})
    ok = est.Estimator(net, gl.SoftmaxCrossEntropyLoss(), trainer=trainer)
    data = make_data()
    foreign = mx.metric.Accuracy()
    cases = {
        'loss': lambda: est.Estimator(net, 'l2'),
        'val_loss': lambda: est.Estimator(net, gl.L2Loss(), val_loss=3, trainer=trainer),
        'metric': lambda: est.Estimator(net, gl.L2Loss(), train_metrics=['acc'], trainer=trainer),
        'context': lambda: est.Estimator(net, gl.L2Loss(), context='cpu', trainer=trainer),
        'context_tuple': lambda: est.Estimator(net, gl.L2Loss(), context=(mx.cpu(),), trainer=trainer),
        'trainer': lambda: est.Estimator(net, gl.L2Loss(), trainer='sgd'),
        'batch_processor': lambda: est.Estimator(net, gl.L2Loss(), trainer=trainer, batch_processor=object()),
        'fit_data': lambda: ok.fit([1, 2], epochs=1),
        'fit_both': lambda: ok.fit(data, epochs=1, batches=2),
        'fit_neither': lambda: ok.fit(data),
        'fit_handlers': lambda: ok.fit(data, epochs=1, event_handlers=[1]),
        'evaluate_data': lambda: ok.evaluate(iter([])),
        'evaluate_handlers': lambda: ok.evaluate(data, event_handlers='x'),
        'log_interval': lambda: est.LoggingHandler(log_interval='batch'),
        'log_metrics': lambda: est.LoggingHandler(metrics=[1]),
        'metric_handler': lambda: est.MetricHandler(metrics='acc'),
        'early_monitor': lambda: est.EarlyStoppingHandler(monitor='acc'),
        'early_composite': lambda: est.EarlyStoppingHandler(monitor=mx.metric.CompositeEvalMetric()),
        'save_best': lambda: est.CheckpointHandler(os.path.join(folder, 'c'), save_best=True),
        'foreign_metric': lambda: ok.fit(data, epochs=1, event_handlers=[
            est.LoggingHandler(metrics=[foreign])]),
        'foreign_val_metric': lambda: ok.evaluate(data, event_handlers=[
            est.LoggingHandler(metrics=ok.train_metrics)]),
    }
    out = {name: _error(fn) for name, fn in cases.items()}
    # a monitor is not checked (only attributes named *metric* are): this trains without an error
    out['foreign_monitor'] = _error(lambda: ok.fit(data, batches=1, event_handlers=[
        est.EarlyStoppingHandler(monitor=foreign)]))
    return out


def handlers_and_processor(folder):
    mx = _mx()
    est = mx.gluon.contrib.estimator
    out = {'all': sorted(est.event_handler.__all__), 'estimator_all': est.estimator.__all__,
           'processor_all': est.batch_processor.__all__}
    attrs = {}
    for name, handler in [('stopping', est.StoppingHandler()), ('metric', est.MetricHandler([])),
                          ('logging', est.LoggingHandler()),
                          ('validation', est.ValidationHandler(None, None)),
                          ('gradient', est.GradientUpdateHandler()),
                          ('checkpoint', est.CheckpointHandler(os.path.join(folder, 'x')))]:
        attrs[name] = {'priority': float(getattr(handler, 'priority', 0)),
                       'bases': sorted(c.__name__ for c in type(handler).__mro__
                                       if c.__name__ in est.event_handler.__all__)}
    out['handlers'] = attrs

    class Halving(est.BatchProcessor):
        """Trains on the first half of each batch only."""
        calls = 0

        def fit_batch(self, estimator, train_batch, batch_axis=0):
            Halving.calls += 1
            data, label = train_batch
            half = data.shape[0] // 2 or 1
            return super(Halving, self).fit_batch(estimator, (data[:half], label[:half]), batch_axis)

    log = _Lines()
    e = log.attach(make_estimator(batch_processor=Halving()))
    record = []

    class Recorder(est.TrainBegin, est.EpochBegin, est.BatchBegin, est.BatchEnd, est.EpochEnd, est.TrainEnd):
        priority = 5

        def train_begin(self, estimator, *args, **kwargs):
            record.append('train_begin')

        def epoch_begin(self, estimator, *args, **kwargs):
            record.append('epoch_begin')

        def batch_begin(self, estimator, *args, **kwargs):
            record.append('batch_begin %d' % kwargs['batch'][0].shape[0])

        def batch_end(self, estimator, *args, **kwargs):
            record.append('batch_end %s %s' % (len(kwargs['pred']), kwargs['loss'][0].shape[0]))
            return len(record) > 12

        def epoch_end(self, estimator, *args, **kwargs):
            record.append('epoch_end')

        def train_end(self, estimator, *args, **kwargs):
            record.append('train_end')
    e.fit(make_data(), val_data=make_data(), epochs=2, event_handlers=[
        Recorder(), est.ValidationHandler(make_data(), e.evaluate, epoch_period=None, batch_period=3),
        est.MetricHandler(e.train_metrics), est.GradientUpdateHandler(priority=-3000),
        est.LoggingHandler(log_interval=3, metrics=e.train_metrics)])
    out['record'] = record
    out['calls'] = Halving.calls
    out['lines'] = [split_line(s, folder) for s in log.lines]
    out['weights'] = weights(e.net)
    return out


SCENARIOS = [fit_with_validation_and_checkpoints, fit_by_batches, resume_epochs, resume_batches,
             early_stopping, evaluate_only, metric_names, errors, handlers_and_processor]


def importable():
    return _mx().gluon.contrib.estimator


def run(scenario):
    folder = tempfile.mkdtemp(prefix='est-')
    try:
        return scenario(folder)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def main(argv):
    if '--mxtorch' in argv:
        import mxtorch.compat
        mxtorch.compat.install()
    results = {s.__name__: run(s) for s in SCENARIOS}
    text = json.dumps(results, indent=1, sort_keys=True)
    if '--mxtorch' in argv:
        print(text)
        return
    with open(GOLDEN_FILE + '.tmp', 'w') as f:
        f.write(text + '\n')
    os.replace(GOLDEN_FILE + '.tmp', GOLDEN_FILE)
    print('wrote', GOLDEN_FILE)


if __name__ == '__main__':
    main(sys.argv[1:])
