"""SymbolBlock.imports of the graphs that MXNet 1.9.1 exported (tests/golden/files/export/, made with the
cases of tests/golden/export_cases.py): every gluon.model_zoo.vision network and the single layers load in
mxtorch and give MXNet's outputs, eagerly and hybridized.

The parameter values are not stored: the export cases drew each one from a generator seeded by the
parameter's name, so they are drawn again here from the names and shapes MXNet listed in its answer."""
import gzip
import json
import os

import numpy as np
import pytest

import mxtorch as mx
from mxtorch import gluon, nd
from golden import export_cases
from golden_support import GOLDEN, decode_values

with open(os.path.join(GOLDEN, 'export.json')) as _f:
    ANSWERS = json.load(_f)['cases']
FILES = os.path.join(GOLDEN, 'files', 'export')
# MXNet warns the same way when an imported graph's input has no dtype yet
pytestmark = pytest.mark.filterwarnings('ignore:Cannot decide type')


def _named_values():
    namespace = {'np': np}
    exec(export_cases.NAMED_VALUES, namespace)
    return namespace['named_values']


named_values = _named_values()


def _input_shapes():
    """Case name -> the input shape its export ran on."""
    shapes = {'model_' + m.replace('.', '_'): export_cases.input_shape(m) for m in export_cases.MODELS}
    shapes.update(('layer_' + name, shape) for name, _, shape in export_cases.LAYERS)
    shapes['layer_epoch_number'] = (1, 3)
    return shapes


INPUT_SHAPES = _input_shapes()
IMPORTED = sorted(name for name in INPUT_SHAPES
                  if os.path.exists(os.path.join(FILES, name + '__net-symbol.json.gz')))


def _answer(case):
    return ANSWERS[case]['items']


def _write_pair(case, tmp_path):
    """MXNet's graph of `case` and a parameter file of the values its export used, under tmp_path."""
    symbol_file = tmp_path / 'net-symbol.json'
    with gzip.open(os.path.join(FILES, case + '__net-symbol.json.gz'), 'rb') as f:
        symbol_file.write_bytes(f.read())
    params = {}
    for line in _answer(case)['params']['value'].splitlines():
        # MXNet printed the dtype as numpy's type object: "<class 'numpy.float32'>"
        key, shape, dtype = line.split(' ', 2)
        dtype = dtype.rsplit('.', 1)[-1].strip("'>")
        shape = tuple(int(d) for d in shape.split('x')) if shape else ()
        params[key] = nd.array(named_values(key.split(':', 1)[1], shape), dtype=dtype)
    param_file = tmp_path / 'net-0000.params'
    nd.save(str(param_file), params)
    return str(symbol_file), str(param_file)


def test_every_model_zoo_network_has_a_graph_exported_by_mxnet():
    models = [name for name in IMPORTED if name.startswith('model_')]
    assert len(models) == len(export_cases.MODELS)


@pytest.mark.parametrize('case', IMPORTED)
def test_imported_mxnet_export_gives_mxnets_output(case, tmp_path):
    symbol_file, param_file = _write_pair(case, tmp_path)
    net = gluon.SymbolBlock.imports(symbol_file, ['data'], param_file, ctx=mx.cpu())
    answer = _answer(case)
    assert sorted(net.collect_params().keys()) == sorted(
        line.split(' ', 1)[0].split(':', 1)[1] for line in answer['params']['value'].splitlines())
    x = nd.array(np.random.RandomState(0).uniform(0, 1, INPUT_SHAPES[case]))
    want = decode_values(answer['out'])
    np.testing.assert_allclose(net(x).asnumpy(), want, atol=1e-4, rtol=1e-3)
    net.hybridize()
    np.testing.assert_allclose(net(x).asnumpy(), want, atol=1e-4, rtol=1e-3)


def test_imported_embedding_takes_integer_indices(tmp_path):
    symbol_file, param_file = _write_pair('embedding', tmp_path)
    net = gluon.SymbolBlock.imports(symbol_file, ['data'], param_file)
    x = nd.array(np.random.RandomState(0).randint(0, 10, (2, 4)))
    np.testing.assert_allclose(net(x).asnumpy(), decode_values(_answer('embedding')['out']), atol=1e-5)
