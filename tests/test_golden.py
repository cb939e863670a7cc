"""mxtorch against the answers MXNet 1.9.1 gave for the cases in tests/golden/*_cases.py.

Each case's code runs under mxtorch here exactly as it ran under MXNet in tools/make_golden.py; arrays must
match in dtype, shape and values (to the case's tolerance), errors in type, and other values exactly."""
import json
import os

import numpy as np
import pytest

import mxtorch as mx
from golden_support import GOLDEN, areas, decode_values, load_cases, run_case



def _load(area):
    path = os.path.join(GOLDEN, area + '.json')
    answers = {}
    if os.path.exists(path):  # a case file without answers fails each of its cases, below
        with open(path) as f:
            answers = json.load(f)['cases']
    return [(area, name, code, options, answers.get(name)) for name, code, options in load_cases(area)]


CASES = [c for area in areas() for c in _load(area)]


def _compare(got, want, options, where):
    if want['type'] == 'error':
        assert got['type'] == 'error', '{}: MXNet raises {} ({}) but mxtorch gave {}'.format(
            where, want['error'], want['message'], got)
        allowed = {want['error']} | set(options.get('errors', ()))
        assert got['error'] in allowed, '{}: MXNet raises {} but mxtorch raises {}: {}'.format(
            where, want['error'], got['error'], got['message'])
        return
    assert got['type'] != 'error', '{}: mxtorch raises {}: {}'.format(where, got['error'], got['message'])
    assert got['type'] == want['type'], '{}: MXNet gives a {}, mxtorch a {}'.format(where, want['type'], got['type'])
    if want['type'] in ('NDArray', 'ndarray'):
        assert got['dtype'] == want['dtype'], '{}: dtype {} != MXNet {}'.format(where, got['dtype'], want['dtype'])
        assert got['shape'] == want['shape'], '{}: shape {} != MXNet {}'.format(where, got['shape'], want['shape'])
        if options.get('values', True):
            np.testing.assert_allclose(decode_values(got), decode_values(want), rtol=options.get('rtol', 1e-5),
                                       atol=options.get('atol', 1e-6), equal_nan=True, err_msg=where)
        if options.get('repr') and want['type'] == 'NDArray':
            assert got['repr'] == want['repr'], '{}: repr\n{}\n!= MXNet\n{}'.format(where, got['repr'], want['repr'])
        if want['type'] == 'NDArray':
            assert got['context'] == want['context'], where
    elif want['type'] in ('list', 'tuple'):
        assert len(got['items']) == len(want['items']), '{}: {} items != MXNet {}'.format(
            where, len(got['items']), len(want['items']))
        for i, (g, w) in enumerate(zip(got['items'], want['items'])):
            _compare(g, w, options, '{}[{}]'.format(where, i))
    elif want['type'] == 'dict':
        assert sorted(got['items']) == sorted(want['items']), where
        for k in want['items']:
            _compare(got['items'][k], want['items'][k], options, '{}[{!r}]'.format(where, k))
    elif want['type'] == 'float' and options.get('values', True):
        # non-finite floats are stored as the strings 'nan', 'inf', '-inf'
        assert float(got['value']) == pytest.approx(float(want['value']), rel=options.get('rtol', 1e-5),
                                                    abs=options.get('atol', 1e-6), nan_ok=True), where
    elif options.get('values', True):
        assert got == want, '{}: mxtorch {} != MXNet {}'.format(where, got, want)


@pytest.mark.parametrize('area,name,code,options,answer', CASES, ids=['{}:{}'.format(c[0], c[1]) for c in CASES])
def test_golden(area, name, code, options, answer, tmp_path):
    assert answer is not None, 'no golden answer for {}:{}; run tools/make_golden.py {}'.format(area, name, area)
    got = run_case(mx, code, tmp_path)
    _compare(got, answer, options, '{}:{}'.format(area, name))
    for fname in options.get('files', ()):
        # files MXNet wrote for the same code must be identical, byte for byte
        with open(os.path.join(GOLDEN, 'files', area, name + '__' + fname), 'rb') as f:
            want_bytes = f.read()
        with open(os.path.join(str(tmp_path), fname), 'rb') as f:
            assert f.read() == want_bytes, '{}:{}: {} differs from the file MXNet wrote'.format(area, name, fname)
