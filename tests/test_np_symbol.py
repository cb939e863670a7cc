"""mx.sym.np / mx.sym.npx (issue 12): what the np_symbol goldens cannot show: every compiled mx.np, np.linalg,
np.random and npx function has its graph-node form, graphs keep the call's non-array arguments, a Symbol of
several outputs splits into _Symbols, and bad calls are refused before a node is made."""
import json

import numpy as onp
import pytest

import mxtorch as mx
from mxtorch.symbol import numpy as sym_np


def _var(name):
    return mx.sym.var(name).as_np_ndarray()


@pytest.mark.parametrize('np_module, sym_module', [
    (mx.np, mx.sym.np), (mx.np.linalg, mx.sym.np.linalg), (mx.np.random, mx.sym.np.random), (mx.npx, mx.sym.npx)])
def test_every_compiled_function_has_a_node_form(np_module, sym_module):
    compiled = [n for n in np_module.__all__ if getattr(getattr(np_module, n, None), '__np_spec__', None)]
    assert compiled
    missing = [n for n in compiled if not callable(getattr(sym_module, n, None))]
    assert not missing, missing


def test_node_keeps_arguments_and_runs_the_same_implementation():
    a, b = _var('a'), _var('b')
    s = mx.sym.np.tensordot(a, b, ((1,), (0,)))
    x, y = onp.arange(6.).reshape(2, 3), onp.arange(12.).reshape(3, 4)
    out = s.as_nd_ndarray().bind(mx.cpu(), {'a': mx.nd.array(x), 'b': mx.nd.array(y)}).forward()[0]
    onp.testing.assert_allclose(out.asnumpy(), onp.tensordot(x, y, ((1,), (0,))), rtol=1e-6)
    assert s.attr_dict()[s.name]['axes'] == '((1,), (0,))'
    assert '"op": "_npi_tensordot"' in s.tojson()


def test_numbers_for_array_parameters_and_symbols_mixed():
    a = _var('a')
    s = mx.sym.np.maximum(a, 2.0) + mx.sym.np.clip(a, 0.5, None)
    out = s.as_nd_ndarray().bind(mx.cpu(), {'a': mx.nd.array([0., 1., 3.])}).forward()[0]
    onp.testing.assert_allclose(out.asnumpy(), [2.5, 3., 6.])


def test_several_outputs_index_as_np_symbols():
    a = _var('a')
    parts = mx.sym.np.split(a, [1, 3])
    assert len(parts) == 3 and all(type(p) is sym_np._Symbol for p in parts)
    w = mx.sym.np.linalg.eigh(a)
    assert len(w) == 2 and type(w[1]) is sym_np._Symbol


def test_bad_calls_are_refused():
    a = _var('a')
    with pytest.raises(TypeError, match='out='):
        mx.sym.np.sin(a, out=a)
    with pytest.raises(TypeError, match='Symbol of mx.sym.np or a number'):
        mx.sym.np.add(a, object())
    with pytest.raises(TypeError):
        mx.sym.np.sum(a, no_such_argument=1)
    with pytest.raises(TypeError, match='does not take a Symbol'):
        mx.sym.np.reshape(a, a)


def test_saved_np_graph_reads_back_and_runs_the_same():
    a, b = mx.sym.var('a').as_np_ndarray(), mx.sym.var('b').as_np_ndarray()
    parts = mx.sym.np.split(a, 2, axis=1)
    y = mx.sym.np.concatenate([parts[1][:, ::-1], b[:, 0:1]], axis=1) * 2 + mx.sym.npx.relu(a).sum(axis=1, keepdims=True)
    text = y.tojson()
    back = mx.sym.load_json(text)
    assert back.tojson() == text
    A, B = onp.arange(12.).reshape(3, 4) - 5, onp.ones((3, 2))
    want = onp.concatenate([onp.split(A, 2, axis=1)[1][:, ::-1], B[:, 0:1]], axis=1) * 2 + \
        onp.maximum(A, 0).sum(axis=1, keepdims=True)
    got = back.bind(mx.cpu(), {'a': mx.nd.array(A), 'b': mx.nd.array(B)}).forward()[0].asnumpy()
    assert onp.allclose(got, want)


@pytest.mark.parametrize('call, words', [
    ('np.split(ary=_input(0), indices_or_sections=__import__("os"))', 'cannot read back'),
    ('np.no_such_function(a=_input(0))', 'np.no_such_function'),
    ('np.split(_input(0))', 'not readable'),
])
def test_saved_np_node_that_cannot_be_read_is_refused(call, words):
    a = mx.sym.var('a').as_np_ndarray()
    text = mx.sym.np.split(a, 2)[0].tojson()
    graph = json.loads(text)
    node = [n for n in graph['nodes'] if n['op'] != 'null'][0]
    node['attrs']['__np_call__'] = call
    with pytest.raises(mx.base.MXNetError) as e:
        mx.sym.load_json(json.dumps(graph))
    assert words in str(e.value)


def test_np_symbol_indexing_refuses_what_mxnet_refuses():
    a = mx.sym.var('a').as_np_ndarray()
    for key in (None, Ellipsis, [0, 1], (slice(None), None), a, True):
        with pytest.raises(IndexError) as e:
            a[key]
        assert 'Only integer, slice, or tuple of these types are supported' in str(e.value)
