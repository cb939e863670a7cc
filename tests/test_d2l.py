"""The real d2l 1.0.3 (``from d2l import mxnet as d2l``, the MXNet helper module of the second edition of
Dive into Deep Learning), unmodified, in NumPy mode on mxtorch through the ``mxnet`` alias. Answers come
from MXNet 1.9.1 running the same recipes on the same generated files (tests/golden/d2l.json, written by
tests/d2l_book_support.py); training compares with the band MXNet reaches over several seeds, since the
random streams differ."""
import importlib.util
import os

import numpy as np
import pytest

if importlib.util.find_spec('d2l') is None:
    pytest.skip('d2l is not installed (pip install --no-deps d2l==1.0.3)', allow_module_level=True)
pytest.importorskip('matplotlib')
pytest.importorskip('pandas')

import d2l_book_support as book  # noqa: E402
import d2l_support  # noqa: E402

GOLDEN = book.load_golden()


@pytest.fixture(scope='module')
def d2l(tmp_path_factory):
    """d2l imported through the mxnet alias in NumPy mode, with the generated Fashion-MNIST files under
    MXNET_HOME; the alias, NumPy mode and the environment are put back afterwards."""
    import mxtorch.compat
    from mxtorch import npx
    home = str(tmp_path_factory.mktemp('mxnet_home'))
    assert book.fashion_home(home) == GOLDEN['fashion_mnist_sha1'], 'the generated files differ from MXNet\'s'
    was_installed, old_home = mxtorch.compat.installed(), os.environ.get('MXNET_HOME')
    os.environ['MXNET_HOME'] = home
    mxtorch.compat.install()
    from mxtorch.gluon.data import vision
    original_fashion = vision.FashionMNIST
    try:
        module = book.import_d2l()
        assert module.np.__name__.startswith('mxtorch'), 'd2l was imported against another mxnet'
        module.use_svg_display = lambda: None
        d2l_support._use_local_fashion_mnist_files()
        yield module
    finally:
        vision.FashionMNIST = original_fashion
        npx.reset_np()
        if old_home is None:
            os.environ.pop('MXNET_HOME', None)
        else:
            os.environ['MXNET_HOME'] = old_home
        if not was_installed:
            mxtorch.compat.uninstall()


def test_first_test_batch_matches_mxnet(d2l):
    """load_data_fashion_mnist(4, resize=32) with 4 worker processes: the same np arrays as MXNet's."""
    got, want = book.first_test_batch(d2l), GOLDEN['first_test_batch']
    for key in ('type', 'shape', 'dtype', 'labels', 'label_type', 'label_dtype'):
        assert got[key] == want[key], key
    np.testing.assert_allclose(got['values'], want['values'], atol=1e-6)


def test_train_ch6_lenet_lands_in_mxnets_band(d2l):
    """The batch-normalized LeNet of chapter 7.6 through d2l.train_ch6 over MXNet's five seeds: the mean
    final loss, train and test accuracy lie in MXNet's range over the same seeds (small margins: 200 test
    images move the accuracy in steps of 0.005), and evaluate_accuracy_gpu repeats the test accuracy."""
    runs = GOLDEN['lenet']['runs'].values()
    results = []
    for seed in book.LENET_SEEDS:
        result, acc = book.run_lenet(d2l, seed)
        assert abs(acc - result[2]) <= 0.0005, (seed, result, acc)
        results.append(result)
    mean = np.mean(results, axis=0)
    margins = (0.02, 0.01, 0.02)
    for field, name in enumerate(('loss', 'train acc', 'test acc')):
        mxnet = [run['train_ch6'][field] for run in runs]
        assert min(mxnet) - margins[field] <= mean[field] <= max(mxnet) + margins[field], (name, results, mxnet)


def test_ch11_airfoil_training_matches_mxnet(d2l):
    """get_data_ch11 reads the airfoil file as MXNet's d2l does; train_ch11 (from scratch) and
    train_concise_ch11 (Gluon Trainer) with full-batch SGD reach MXNet's loss."""
    facts, scratch, concise = book.run_ch11(d2l, 1)
    want = GOLDEN['ch11']
    assert facts == want['data']
    assert len(scratch) == len(want['train_ch11']) and len(concise) == len(want['train_concise_ch11'])
    np.testing.assert_allclose(scratch[-1], want['train_ch11'][-1], rtol=0.03)
    np.testing.assert_allclose(concise[-1], want['train_concise_ch11'][-1], rtol=0.03)
    # both decrease from the first evaluation to the last, as MXNet's
    assert scratch[-1] < scratch[0] and concise[-1] < concise[0]
