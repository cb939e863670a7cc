"""mx.model.FeedForward beyond the golden cases (tests/golden/feedforward_cases.py): that it learns, one SGD
step against the hand-computed update, the checkpoint / pickle / internal-feature workflow of MXNet's own
FeedForward tests on generated data, bucketing through sym_gen, monitors, and bad input leaving the model
as it was."""
import logging
import os
import pickle
import warnings

import numpy as np
import pytest

import mxtorch as mx
from mxtorch import nd


@pytest.fixture(autouse=True)
def _quiet():
    with warnings.catch_warnings():
        warnings.simplefilter('ignore', DeprecationWarning)
        yield


def _blobs(n=200, seed=0):
    """Two Gaussian blobs in 6 dimensions, labels 0/1, separable."""
    gen = np.random.RandomState(seed)
    y = gen.randint(0, 2, n).astype('float32')
    centres = np.where(y[:, None] > 0, 1.5, -1.5) * np.ones((1, 6))
    return (centres + gen.normal(0, 0.5, (n, 6))).astype('float32'), y


def _mlp():
    net = mx.sym.FullyConnected(mx.sym.var('data'), num_hidden=16, name='fc1')
    net = mx.sym.Activation(net, act_type='relu', name='relu1')
    net = mx.sym.FullyConnected(net, num_hidden=2, name='fc2')
    return mx.sym.SoftmaxOutput(net, name='softmax')


def test_learns_separable_blobs_on_two_devices():
    X, y = _blobs()
    model = mx.model.FeedForward.create(_mlp(), X=X, y=y, ctx=[mx.cpu(0), mx.cpu(1)], num_epoch=5,
                                        numpy_batch_size=20, learning_rate=0.2, momentum=0.9,
                                        initializer=mx.init.Xavier())
    prob = model.predict(X)
    assert prob.shape == (200, 2)
    np.testing.assert_allclose(prob.sum(axis=1), 1, rtol=1e-5)
    accuracy = float((prob.argmax(axis=1) == y).mean())
    assert accuracy > 0.95
    assert model.score(mx.io.NDArrayIter(X, y, batch_size=20)) == pytest.approx(accuracy)


def test_one_sgd_step_is_the_hand_computed_update():
    gen = np.random.RandomState(4)
    X = gen.normal(size=(8, 3)).astype('float32')
    t = gen.normal(size=(8,)).astype('float32')
    w0 = gen.normal(size=(1, 3)).astype('float32')
    b0 = np.array([0.25], dtype='float32')
    net = mx.sym.LinearRegressionOutput(mx.sym.FullyConnected(mx.sym.var('data'), num_hidden=1, name='fc'),
                                        name='lro')
    it = mx.io.NDArrayIter(X, t, batch_size=8, label_name='lro_label')
    model = mx.model.FeedForward.create(net, X=it, num_epoch=1, learning_rate=0.1, wd=0.0,
                                        arg_params={'fc_weight': nd.array(w0), 'fc_bias': nd.array(b0)})
    # d(loss)/d(out) = out - label for LinearRegressionOutput, averaged over the batch by rescale_grad
    err = (X @ w0.T + b0)[:, 0] - t
    w1 = w0 - 0.1 * (err @ X)[None, :] / 8
    b1 = b0 - 0.1 * err.sum() / 8
    np.testing.assert_allclose(model.arg_params['fc_weight'].asnumpy(), w1, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(model.arg_params['fc_bias'].asnumpy(), b1, rtol=1e-5, atol=1e-6)


def test_checkpoint_pickle_and_internal_features_workflow(tmp_path):
    X, y = _blobs(100)
    prefix = str(tmp_path / 'mlp')
    val = mx.io.NDArrayIter(X, y, batch_size=25)
    model = mx.model.FeedForward.create(_mlp(), X=mx.io.NDArrayIter(X, y, batch_size=25, shuffle=True),
                                        eval_data=val, num_epoch=3, learning_rate=0.1,
                                        epoch_end_callback=mx.callback.do_checkpoint(prefix))
    assert sorted(os.listdir(tmp_path)) == ['mlp-0001.params', 'mlp-0002.params', 'mlp-0003.params',
                                            'mlp-symbol.json']
    prob = model.predict(val)
    # the hidden layer's outputs through a FeedForward of the internal symbol
    hidden = mx.model.FeedForward(_mlp().get_internals()['relu1_output'], arg_params=model.arg_params,
                                  aux_params=model.aux_params, allow_extra_params=True)
    feat = hidden.predict(val)
    assert feat.shape == (100, 16) and (feat >= 0).all()
    w, b = model.arg_params['fc2_weight'].asnumpy(), model.arg_params['fc2_bias'].asnumpy()
    logits = feat @ w.T + b
    expected = np.exp(logits - logits.max(axis=1, keepdims=True))
    np.testing.assert_allclose(prob, expected / expected.sum(axis=1, keepdims=True), rtol=1e-4, atol=1e-6)
    # a pickled model, the last checkpoint and an explicit save all predict the same
    assert np.array_equal(pickle.loads(pickle.dumps(model)).predict(val), prob)
    assert np.array_equal(mx.model.FeedForward.load(prefix, 3).predict(val), prob)
    model.save(prefix, 128)
    again = mx.model.FeedForward.load(prefix, 128)
    assert again.begin_epoch == 128 and np.array_equal(again.predict(val), prob)


def test_epoch_end_copies_parameters_into_the_models_own_arrays():
    X, y = _blobs(40)
    start = {'fc1_weight': nd.ones((16, 6)) * 0.1, 'fc1_bias': nd.zeros((16,)),
             'fc2_weight': nd.ones((2, 16)) * -0.05, 'fc2_bias': nd.zeros((2,))}
    seen = []

    def on_epoch(epoch, symbol, args, auxs):
        seen.append((epoch, args is model.arg_params, args['fc1_weight'].asnumpy().copy()))

    model = mx.model.FeedForward(_mlp(), num_epoch=2, learning_rate=0.1, arg_params=start)
    model.fit(mx.io.NDArrayIter(X, y, batch_size=10), epoch_end_callback=on_epoch)
    assert [(e, same) for e, same, _ in seen] == [(0, True), (1, True)]
    assert not np.array_equal(seen[0][2], seen[1][2])
    np.testing.assert_array_equal(seen[1][2], model.arg_params['fc1_weight'].asnumpy())
    # the model's arrays are new ones: the caller's starting values are left as they were
    np.testing.assert_array_equal(start['fc1_weight'].asnumpy(), np.full((16, 6), 0.1, dtype='float32'))


class _BucketIter(mx.io.DataIter):
    """Batches of sequences of two lengths (the bucket keys), labelled by the sign of their sum."""

    def __init__(self, batch_size=10):
        super().__init__(batch_size)
        gen = np.random.RandomState(2)
        self.batches = []
        for key in (5, 3, 5, 3, 3):
            data = gen.normal(size=(batch_size, key, 4)).astype('float32')
            label = (data.sum(axis=(1, 2)) > 0).astype('float32')
            self.batches.append(mx.io.DataBatch([nd.array(data)], [nd.array(label)], bucket_key=key,
                                                provide_data=[mx.io.DataDesc('data', data.shape)],
                                                provide_label=[mx.io.DataDesc('softmax_label', label.shape)]))
        self.default_bucket_key = 5
        self.cursor = 0

    @property
    def provide_data(self):
        return [mx.io.DataDesc('data', (self.batch_size, 5, 4))]

    @property
    def provide_label(self):
        return [mx.io.DataDesc('softmax_label', (self.batch_size,))]

    def reset(self):
        self.cursor = 0

    def next(self):
        if self.cursor == len(self.batches):
            raise StopIteration
        self.cursor += 1
        return self.batches[self.cursor - 1]


def _sym_gen(key):
    pooled = mx.sym.sum(mx.sym.var('data'), axis=1)
    return mx.sym.SoftmaxOutput(mx.sym.FullyConnected(pooled, num_hidden=2, name='fc'), name='softmax')


def test_sym_gen_trains_one_graph_per_bucket():
    it = _BucketIter()
    seen = []
    model = mx.model.FeedForward(_sym_gen, num_epoch=1, learning_rate=0.5, initializer=mx.init.Zero())
    assert model.symbol is None
    model.fit(it, batch_end_callback=lambda p: seen.append(p.nbatch))
    assert seen == [1, 2, 3, 4, 5]
    assert model.symbol is not None and sorted(model.arg_params) == ['fc_bias', 'fc_weight']
    # every bucket's batches trained the shared weights: the update from zero is the sum of all of theirs
    assert np.abs(model.arg_params['fc_weight'].asnumpy()).sum() > 0
    with pytest.raises(NotImplementedError, match='bucketing'):
        model.fit(_BucketIter(), monitor=mx.monitor.Monitor(1))


def test_monitor_sees_the_training_steps(caplog):
    X, y = _blobs(40)
    mon = mx.monitor.Monitor(1, pattern='fc1.*')
    model = mx.model.FeedForward(_mlp(), num_epoch=1, learning_rate=0.1)
    with caplog.at_level(logging.INFO):
        model.fit(mx.io.NDArrayIter(X, y, batch_size=20), monitor=mon)
    stats = [r.getMessage() for r in caplog.records if 'fc1' in r.getMessage()]
    assert any('fc1_output' in line for line in stats) and any('fc1_weight' in line for line in stats)


def test_deprecation_warning_points_at_the_caller():
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter('always')
        mx.model.FeedForward(_mlp())
    deprecated = [w for w in caught if issubclass(w.category, DeprecationWarning)]
    assert len(deprecated) == 1 and 'Please use mxnet.mod.Module instead' in str(deprecated[0].message)
    assert deprecated[0].filename == __file__


@pytest.mark.parametrize('call, error, words', [
    (lambda m, X, y: m.fit(X, y[:-1]), ValueError, 'labels not equal'),
    (lambda m, X, y: m.fit(X), ValueError, 'y must be specified'),
    (lambda m, X, y: m.fit(list(X), y), TypeError, 'X must be DataIter'),
    (lambda m, X, y: m.fit(X, y, eval_data=5), TypeError, 'Eval data must be DataIter'),
    (lambda m, X, y: m.fit(X, y, kvstore=1.5), TypeError, 'kvstore must be KVStore, str or None'),
    (lambda m, X, y: m.predict(X.tolist()), TypeError, 'X must be DataIter'),
])
def test_bad_input_raises_and_leaves_the_model_as_it_was(call, error, words):
    X, y = _blobs(40)
    start = {'fc1_weight': nd.ones((16, 6)), 'fc1_bias': nd.zeros((16,)), 'fc2_weight': nd.ones((2, 16)),
             'fc2_bias': nd.zeros((2,))}
    model = mx.model.FeedForward(_mlp(), num_epoch=1, arg_params=start, aux_params={})
    before = {k: v.asnumpy().copy() for k, v in model.arg_params.items()}
    with pytest.raises(error, match=words):
        call(model, X, y)
    # the model still predicts with the parameters it had
    assert sorted(model.arg_params) == sorted(before)
    for k, v in model.arg_params.items():
        np.testing.assert_array_equal(v.asnumpy(), before[k])
    assert model.predict(X).shape == (40, 2)


def test_validation_batches_of_another_size_are_refused_after_the_epoch_trained():
    X, y = _blobs(40)
    model = mx.model.FeedForward(_mlp(), num_epoch=2, learning_rate=0.1, initializer=mx.init.One())
    seen = []
    with pytest.raises(AssertionError, match='Batch size miss match. Expected 10, got 4'):
        model.fit(mx.io.NDArrayIter(X, y, 10), eval_data=mx.io.NDArrayIter(X, y, 4),
                  epoch_end_callback=lambda epoch, *_: seen.append(epoch))
    assert seen == [0]


def test_optimizer_that_is_neither_a_name_nor_an_optimizer():
    X, y = _blobs(20)
    with pytest.raises(TypeError, match='optimizer must be a str or an Optimizer'):
        mx.model.FeedForward(_mlp(), num_epoch=1, optimizer=3).fit(X, y)


# mx.model's names in MXNet 1.9.1 (dir() of the reference without dunders)
MXNET_MODEL_NAMES = [
    'BASE_ESTIMATOR', 'BatchEndParam', 'Context', 'DataDesc', 'DataParallelExecutorManager', 'FeedForward', 'LogValidationMetricsCallback',
    'SKLEARN_INSTALLED', 'Uniform', '_check_arguments', '_create_kvstore', '_create_sparse_kvstore',
    '_initialize_kvstore', '_load_data', '_multiple_callbacks', '_train_multi_device', '_update_params',
    '_update_params_on_kvstore', '_update_params_on_kvstore_nccl', 'cpu', 'get_updater', 'io', 'kvs',
    'load_checkpoint', 'load_params', 'logging', 'metric', 'mx_real_t', 'namedtuple', 'nd', 'np', 'opt', 'os',
    'save_checkpoint', 'sym', 'time', 'warnings']


def test_mxnet_model_names_are_present():
    assert [n for n in MXNET_MODEL_NAMES if not hasattr(mx.model, n)] == []
    assert mx.model.DataParallelExecutorManager is mx.executor_manager.DataParallelExecutorManager
