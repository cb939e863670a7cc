"""MXNet 1.9.1 names that issue 13's name comparison found missing: mx.contrib.autograd (the legacy API),
mx.contrib.symbol, mx.contrib.tensorboard, mx.np_symbol, mx.th, and smaller helpers. Their values against
MXNet are golden cases (tests/golden/names_rest_cases.py); here: error words, files, processes."""
import collections
import glob
import importlib.util
import logging

import numpy as np
import pytest

import mxtorch as mx
from mxtorch import autograd, nd

ca = mx.contrib.autograd


@pytest.fixture(autouse=True)
def _flags_restored():
    before = (autograd.is_recording(), autograd.is_training())
    yield
    autograd.set_recording(before[0])
    autograd.set_training(before[1])


def test_contrib_autograd_errors_keep_mxnets_words():
    x = nd.array([1, 2])
    with pytest.raises(AssertionError, match='outputs must be a list or tuple of NDArrays'):
        ca.backward(x)
    with pytest.raises(AssertionError, match='outputs and out_grads must have the same length'):
        ca.backward([x], [None, None])
    with pytest.raises(KeyError, match='sometimes'):
        ca.mark_variables([x], [nd.zeros(2)], 'sometimes')
    with pytest.raises(AssertionError, match='type of autograd input should NDArray'):
        ca.grad(lambda a: a * 2)([1.0, 2.0])
    # nothing was marked or recorded by the refused calls
    assert not autograd.is_recording() and x.grad is None


def test_contrib_autograd_grad_of_a_two_layer_function_matches_the_chain_rule():
    x = nd.array([[0.5, -1.0, 2.0]])
    w = nd.array([[1.0, 2.0, 3.0], [-1.0, 0.5, 0.0]])
    gx, gw = ca.grad(lambda a, b: nd.sum(nd.tanh(nd.dot(a, b.T))))(x, w)
    t = nd.tanh(nd.dot(x, w.T))
    d = 1 - t * t                                   # (1, 2)
    assert gx.asnumpy() == pytest.approx(nd.dot(d, w).asnumpy(), rel=1e-5, abs=1e-7)
    assert gw.asnumpy() == pytest.approx(nd.dot(d.T, x).asnumpy(), rel=1e-5, abs=1e-7)


def test_contrib_autograd_dropout_runs_in_training_inside_train_section():
    x = nd.ones((200,))
    grads, out = ca.grad_and_loss(lambda a: nd.Dropout(a, p=0.5))(x)
    kept = out.asnumpy() != 0
    assert 0 < kept.sum() < 200                     # dropped some: training mode
    assert (grads[0].asnumpy()[kept] == 2).all() and (grads[0].asnumpy()[~kept] == 0).all()
    with ca.train_section():
        with ca.test_section():
            assert (nd.Dropout(x, p=0.5).asnumpy() == 1).all()


Param = collections.namedtuple('Param', 'epoch nbatch eval_metric locals')


def _accuracy():
    metric = mx.metric.Accuracy()
    metric.update([nd.array([0, 1, 1])], [nd.array([[0.9, 0.1], [0.2, 0.8], [0.7, 0.3]])])
    return metric


_HAS_WRITER = any(importlib.util.find_spec(m) is not None for m in ('mxboard', 'tensorboard'))


@pytest.mark.skipif(_HAS_WRITER, reason='a SummaryWriter is installed')
def test_tensorboard_without_a_writer_logs_mxnets_hint(caplog, tmp_path):
    with caplog.at_level(logging.ERROR):
        cb = mx.contrib.tensorboard.LogMetricsCallback(str(tmp_path / 'logs'), prefix='train')
    assert 'pip install mxboard' in caplog.text
    assert cb.prefix == 'train' and not hasattr(cb, 'summary_writer')
    cb(Param(0, 0, None, None))                     # no metric: nothing to write, no error
    with pytest.raises(AttributeError, match='summary_writer'):
        cb(Param(0, 0, _accuracy(), None))


@pytest.mark.skipif(importlib.util.find_spec('tensorboard') is None, reason='tensorboard is not installed')
def test_tensorboard_writes_the_metrics_as_scalars(tmp_path):
    from tensorboard.backend.event_processing.event_accumulator import EventAccumulator
    cb = mx.contrib.tensorboard.LogMetricsCallback(str(tmp_path), prefix='train')
    cb(Param(2, 0, _accuracy(), None))
    cb(Param(3, 0, _accuracy(), None))
    cb.summary_writer.flush()
    assert glob.glob(str(tmp_path / 'events.out.tfevents.*'))
    events = EventAccumulator(str(tmp_path))
    events.Reload()
    assert events.Tags()['scalars'] == ['train-accuracy']
    assert [(s.step, round(s.value, 6)) for s in events.Scalars('train-accuracy')] == [(2, 0.666667), (3, 0.666667)]


def test_contrib_symbol_has_the_contrib_operators_of_the_table():
    assert set(mx.contrib.nd.__dict__) >= {'box_nms', 'ROIAlign', 'quadratic'}
    for name in ('box_nms', 'ROIAlign', 'quadratic', 'MultiBoxPrior', 'interleaved_matmul_selfatt_qk'):
        assert getattr(mx.contrib.sym, name) is getattr(mx.sym.contrib, name)


def test_ufunc_wrappers_keep_mxnets_messages():
    def neg(x, out=None):
        return -x

    def add(a, b, out=None):
        return a + b
    unary, binary = mx.util.wrap_np_unary_func(neg), mx.util.wrap_np_binary_func(add)
    with pytest.raises(NotImplementedError, match='casting=safe is not implemented yet for operator neg'):
        unary(1, casting='safe')
    with pytest.raises(TypeError, match="axis is an invalid keyword to function 'neg'"):
        unary(1, axis=0)
    with pytest.raises(TypeError, match='subok=3 not understood for operator neg'):
        unary(1, subok=3)
    with pytest.raises(NotImplementedError, match='order=F is not implemented yet'):
        binary(1, 2, order='F')
    with pytest.raises(TypeError, match='casting 5 not understood'):
        binary(1, 2, casting=5)
    with pytest.raises(TypeError, match="keepdims is an invalid keyword to function 'add'"):
        binary(1, 2, keepdims=True)
    assert unary(3, where=True) == -3 and binary(1, 2, subok=True) == 3


def test_wrapped_mx_np_function_takes_out():
    f = mx.util.wrap_np_binary_func(mx.np.add)
    out = mx.np.zeros((2,))
    assert f(mx.np.ones((2,)), mx.np.ones((2,)), out=out, dtype=None) is out
    assert out.asnumpy().tolist() == [2.0, 2.0]


def test_profiler_keeps_the_kvstore_handle():
    import ctypes
    before = mx.profiler.profiler_kvstore_handle
    assert isinstance(before, ctypes.c_void_p) and before.value is None
    try:
        handle = ctypes.c_void_p(99)
        mx.profiler.set_kvstore_handle(handle)
        assert mx.profiler.profiler_kvstore_handle is handle
    finally:
        mx.profiler.set_kvstore_handle(before)


def test_get_last_ffi_error_without_a_c_library_is_an_empty_mxnet_error():
    err = mx.base.get_last_ffi_error()
    assert type(err) is mx.base.MXNetError and str(err) == ''


# ---- gluon.data.dataloader's DataLoaderV1 and multiprocessing helpers ----
from mxtorch.gluon.data import dataloader as dl  # noqa: E402


def _child_adds_one(queue_in, queue_out):
    x = queue_in.get()
    x += 1                                          # in place: the parent's shared memory
    queue_out.put(('done', type(x).__name__, x.context.device_type))


def test_queue_sends_arrays_through_shared_memory_to_another_process():
    x = nd.array([1, 2, 3])
    shared = mx.np.array([1.0, 2.0])
    for array in (x, shared):
        f, args = (dl.reduce_np_ndarray if isinstance(array, mx.np.ndarray) else dl.reduce_ndarray)(array)
        rebuilt = f(*args)
        q_in, q_out = dl.Queue(), dl.SimpleQueue()
        proc = dl._mp_context().Process(target=_child_adds_one, args=(q_in, q_out))
        proc.start()
        q_in.put(rebuilt)
        assert q_out.get() == ('done', type(array).__name__, 'cpu_shared')
        proc.join(60)
        assert proc.exitcode == 0
        # the child wrote into the memory the rebuilt array shares; the original kept its own
        assert rebuilt.asnumpy().tolist() == (array.asnumpy() + 1).tolist()
        assert rebuilt.context == mx.Context('cpu_shared', 0)


class _PidDataset:
    def __len__(self):
        return 12

    def __getitem__(self, i):
        import os
        return nd.array([i, os.getpid()], dtype='float64')


def test_v1_workers_are_processes_and_stop_after_the_epoch():
    import os
    loader = dl.DataLoaderV1(_PidDataset(), batch_size=2, num_workers=3)
    it = iter(loader)
    assert len(it) == 6 and all(p.is_alive() for p in it._workers)
    batches = list(it)
    assert [b[:, 0].asnumpy().tolist() for b in batches] == [[2 * k, 2 * k + 1] for k in range(6)]
    pids = {int(p) for b in batches for p in b[:, 1].asnumpy()}
    assert os.getpid() not in pids and 1 <= len(pids) <= 3
    assert all(b.context == mx.cpu() and b.dtype == np.float64 for b in batches)
    for proc in it._workers:
        proc.join(30)
    assert not any(p.is_alive() for p in it._workers)
    with pytest.raises(AssertionError, match='call __next__ after shutdown is forbidden'):
        next(it)


def test_v1_refusals_keep_mxnets_words():
    with pytest.raises(ValueError, match='batch_size must be specified unless batch_sampler is specified'):
        dl.DataLoaderV1(nd.arange(4))
    with pytest.raises(ValueError, match='shuffle must not be specified if sampler is specified'):
        dl.DataLoaderV1(nd.arange(4), batch_size=2, shuffle=True, sampler=mx.gluon.data.SequentialSampler(4))
    with pytest.raises(ValueError, match='must not be specified if batch_sampler is specified'):
        dl.DataLoaderV1(nd.arange(4), last_batch='keep',
                        batch_sampler=mx.gluon.data.BatchSampler(mx.gluon.data.SequentialSampler(4), 2))
    with pytest.raises(AssertionError, match='_MultiWorkerIter is not for 0 workers'):
        dl._MultiWorkerIterV1(0, nd.arange(4), dl.default_batchify_fn, [[0]])


def test_connection_wrapper_passes_other_attributes_through():
    import multiprocessing
    a, b = multiprocessing.Pipe()
    wrapped = dl.ConnectionWrapper(a)
    assert wrapped.fileno() == a.fileno() and not wrapped.poll()
    b.send_bytes(b'raw')
    assert wrapped.recv_bytes() == b'raw'
    a.close()
    b.close()
