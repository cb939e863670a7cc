"""How golden cases are run and their answers written (tools/make_golden.py, under MXNet) and read back
(tests/test_golden.py, under mxtorch).

Shared by both sides so that an answer means the same thing to each; it imports neither MXNet nor
mxtorch, only numpy, and recognises arrays by their methods."""
import importlib.util
import math
import os

import numpy as np

GOLDEN = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'golden')


def case_parts(entry):
    """(name, code, options) of a CASES entry."""
    if len(entry) == 2:
        return entry[0], entry[1], {}
    return entry[0], entry[1], dict(entry[2])


def _values(a):
    a = np.asarray(a)
    if a.dtype.kind == 'f':
        return [_float(v) for v in a.astype(np.float64).ravel().tolist()]
    return a.ravel().tolist()


def _float(v):
    if math.isnan(v):
        return 'nan'
    if math.isinf(v):
        return 'inf' if v > 0 else '-inf'
    return v


def encode(value):
    """A JSON-able description of a value."""
    if hasattr(value, 'asnumpy') and hasattr(value, 'context'):
        a = value.asnumpy()
        return {'type': 'NDArray', 'dtype': str(a.dtype), 'shape': list(a.shape), 'values': _values(a),
                'repr': repr(value), 'context': str(value.context)}
    if isinstance(value, np.ndarray):
        return {'type': 'ndarray', 'dtype': str(value.dtype), 'shape': list(value.shape),
                'values': _values(value)}
    if isinstance(value, (bool, np.bool_)):
        return {'type': 'bool', 'value': bool(value)}
    if isinstance(value, (int, np.integer)):
        return {'type': 'int', 'value': int(value), 'pytype': type(value).__name__}
    if isinstance(value, (float, np.floating)):
        return {'type': 'float', 'value': _float(float(value)), 'pytype': type(value).__name__}
    if isinstance(value, str):
        return {'type': 'str', 'value': value}
    if value is None:
        return {'type': 'none'}
    if isinstance(value, (list, tuple)):
        return {'type': type(value).__name__, 'items': [encode(v) for v in value]}
    if isinstance(value, dict):
        return {'type': 'dict', 'items': {str(k): encode(v) for k, v in value.items()}}
    if isinstance(value, type):
        return {'type': 'class', 'value': value.__name__}
    return {'type': 'repr', 'value': repr(value)}


def decode_values(answer):
    """The numpy values of an encoded array answer."""
    vals = [float(v) if isinstance(v, str) else v for v in answer['values']]
    return np.array(vals, dtype=answer['dtype']).reshape(answer['shape'])


def namespace(mx, tmpdir):
    """The names a case's code sees: mx, nd, np, autograd, gluon and init where present, tmpdir."""
    ns = {'mx': mx, 'nd': mx.nd, 'np': np, 'autograd': mx.autograd, 'tmpdir': str(tmpdir)}
    for extra in ('gluon', 'init'):
        if hasattr(mx, extra):
            ns[extra] = getattr(mx, extra)
    return ns


def run_case(mx, code, tmpdir):
    """The encoded answer of a case's code under framework `mx` (seeded with 0), an error included."""
    mx.random.seed(0)
    np.random.seed(0)
    ns = namespace(mx, tmpdir)
    # fresh name counters (dense0, ...) for every case, so that answers do not depend on the cases before
    with mx.name.NameManager():
        try:
            try:
                compiled = compile(code, '<case>', 'eval')
            except SyntaxError:
                exec(compile(code, '<case>', 'exec'), ns)
                value = ns['result']
            else:
                value = eval(compiled, ns)
            return encode(value)
        except Exception as e:  # the error is the answer
            lines = str(e).strip().splitlines()
            return {'type': 'error', 'error': type(e).__name__, 'message': lines[-1][:300] if lines else ''}


def areas():
    """The areas that have a case file, sorted."""
    return sorted(f[:-len('_cases.py')] for f in os.listdir(GOLDEN) if f.endswith('_cases.py'))


def load_cases(area):
    """The CASES list of tests/golden/AREA_cases.py, as (name, code, options) triples."""
    spec = importlib.util.spec_from_file_location(area + '_cases', os.path.join(GOLDEN, area + '_cases.py'))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return [case_parts(entry) for entry in module.CASES]
