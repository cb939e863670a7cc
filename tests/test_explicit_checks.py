"""Input checks of metric, initializer, registry and name that used to be bare ``assert`` statements (gone
under ``python -O``): each raises the type MXNet raises there (AssertionError, as MXNet's own asserts do)
with a message naming the problem, also under -O, and leaves the object usable."""
import os
import subprocess
import sys
import textwrap

import numpy as np
import pytest

import mxtorch as mx
from mxtorch import init, nd

SRC = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'src')


# ---- metric ------------------------------------------------------------------------------------------
def test_top_k_accuracy_needs_top_k_above_one():
    with pytest.raises(AssertionError, match='Please use Accuracy if top_k is no more than 1'):
        mx.metric.TopKAccuracy(top_k=1)


def test_top_k_accuracy_rejects_3d_predictions_and_stays_usable():
    m = mx.metric.TopKAccuracy(top_k=2)
    with pytest.raises(AssertionError, match='no more than 2 dims'):
        m.update([nd.array([0, 1])], [nd.ones((2, 3, 4))])
    assert m.num_inst == 0
    m.update([nd.array([2, 0])], [nd.array([[0.1, 0.2, 0.7], [0.5, 0.3, 0.2]])])
    assert m.get() == ('top_k_accuracy_2', 1.0)


def test_perplexity_counts_label_and_prediction_lists():
    with pytest.raises(AssertionError, match='1 label arrays but 2 prediction arrays'):
        mx.metric.Perplexity(None).update([nd.array([0])], [nd.ones((1, 2)), nd.ones((1, 2))])


def test_perplexity_label_size_must_match_prediction_rows():
    with pytest.raises(AssertionError, match=r'shape mismatch: \(3,\) vs. \(2, 4\)'):
        mx.metric.Perplexity(None).update([nd.array([0, 1, 2])], [nd.ones((2, 4)) / 4])


@pytest.mark.parametrize('cls', [mx.metric.CrossEntropy, mx.metric.NegativeLogLikelihood])
def test_log_loss_labels_must_match_prediction_rows(cls):
    m = cls()
    with pytest.raises(AssertionError, match='3 labels for 2 prediction rows'):
        m.update([nd.array([0, 1, 1])], [nd.array([[0.5, 0.5], [0.2, 0.8]])])
    assert str(m.get()[1]) == 'nan'


# ---- initializer -------------------------------------------------------------------------------------
def test_load_needs_a_dict():
    with pytest.raises(AssertionError, match='dict of name to NDArray.*got list'):
        init.Load([nd.ones((2,))])


def test_load_shape_mismatch_names_parameter_and_shapes():
    loader = init.Load({'arg:w': nd.ones((2, 3))})
    target = nd.zeros((3, 2))
    with pytest.raises(AssertionError, match=r'Parameter w cannot be initialized from loading. '
                                             r'Shape mismatch, target \(3, 2\) vs loaded \(2, 3\)'):
        loader('w', target)
    assert target.asnumpy().sum() == 0


def test_load_without_default_names_missing_parameter():
    with pytest.raises(AssertionError, match='Cannot Initialize b. Not found in loaded param'):
        init.Load({'w': nd.ones((2,))})('b', nd.zeros((2,)))


def test_mixed_needs_one_initializer_per_pattern():
    with pytest.raises(AssertionError, match='2 patterns but 1 initializers'):
        init.Mixed(['.*bias', '.*'], [init.Zero()])


def test_mixed_unmatched_name_is_named():
    with pytest.raises(ValueError, match='Parameter name fc_weight did not match any pattern'):
        init.Mixed(['.*bias'], [init.Zero()])('fc_weight', nd.zeros((2,)))


def test_spatial_transformer_bias_needs_six_values():
    with pytest.warns(DeprecationWarning):
        with pytest.raises(AssertionError, match='stn_loc_bias.*6 elements.*\\(4,\\)'):
            init.Uniform()('stn_loc_bias', nd.zeros((4,)))
    b = nd.zeros((6,))
    with pytest.warns(DeprecationWarning):
        init.Uniform()('stn_loc_bias', b)
    np.testing.assert_array_equal(b.asnumpy(), [1, 0, 0, 0, 1, 0])


# ---- registry ----------------------------------------------------------------------------------------
def test_register_only_subclasses():
    with pytest.raises(AssertionError, match='Can only register subclass of Initializer'):
        init.register(dict)


def test_create_instance_takes_no_more_arguments():
    with pytest.raises(AssertionError, match='initializer is already an instance. Additional arguments are invalid'):
        init.create(init.Zero(), 3)


def test_create_needs_a_string():
    with pytest.raises(AssertionError, match='metric must be of string type'):
        mx.metric.create(3)


def test_create_from_json_takes_no_more_arguments():
    with pytest.raises(AssertionError, match='JSON description'):
        init.create('["uniform", {"scale": 0.5}]', scale=2)
    assert init.create('["uniform", {"scale": 0.5}]').scale == 0.5


def test_create_unknown_name():
    with pytest.raises(AssertionError, match='nosuchinit is not registered. Please register with initializer.register'):
        init.create('NoSuchInit')


# ---- name --------------------------------------------------------------------------------------------
def test_name_manager_exit_without_enter():
    manager = mx.name.NameManager()
    with pytest.raises(AssertionError, match='never entered'):
        manager.__exit__(None, None, None)
    with manager:
        assert manager.get(None, 'fc') == 'fc0'


# ---- the same under python -O ------------------------------------------------------------------------
def test_checks_hold_under_python_O():
    code = textwrap.dedent("""
        import mxtorch as mx
        from mxtorch import init, nd
        assert False, 'asserts are on'
    """)
    proc = subprocess.run([sys.executable, '-O', '-c', code], capture_output=True, text=True,
                          env=dict(os.environ, PYTHONPATH=SRC))
    assert proc.returncode == 0, 'python -O did not strip the assert: ' + proc.stderr
    code = textwrap.dedent("""
        import mxtorch as mx
        from mxtorch import init, nd
        caught = []
        for attempt in (lambda: init.Load({'w': nd.ones((2, 3))})('w', nd.zeros((3, 2))),
                        lambda: mx.metric.create('nosuchmetric'),
                        lambda: mx.metric.TopKAccuracy(top_k=1)):
            try:
                attempt()
            except AssertionError as e:
                caught.append(str(e).split('.')[0])
        print(caught)
    """)
    proc = subprocess.run([sys.executable, '-O', '-c', code], capture_output=True, text=True,
                          env=dict(os.environ, PYTHONPATH=SRC))
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == ("['Parameter w cannot be initialized from loading', "
                                   "'nosuchmetric is not registered', 'Please use Accuracy if top_k is no more than 1']")
