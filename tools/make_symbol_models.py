"""Write the model graphs of the golden area symbol_models, as MXNet 1.9.1 saves them, and check that the
graphs mxtorch writes back load in MXNet and compute the same.

    ~/.cache/mxtorch-ref/venv/bin/python tools/make_symbol_models.py [--check]

For each model of tests/golden/symbol_models_cases.py (MODELS: Gluon model-zoo networks, hybridized, run
once and exported; MLP: a Module-style network built with mx.sym and saved) the reference writes
``tests/golden/files/symbol_models/<name>-symbol.json.gz``. The cases load those files, bind them with
parameters made from the parameters' names (no .params files in the repository) and compare with what
MXNet computed; then run ``tools/make_golden.py symbol_models``.

With --check, each file is also loaded by mxtorch (the project's .venv), written back with ``tojson``, and
that text is loaded by MXNet: it must equal MXNet's own text and give the same outputs."""
import gzip
import importlib.util
import json
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
CASES = os.path.join(ROOT, 'tests', 'golden', 'symbol_models_cases.py')
PROJECT_PYTHON = os.path.join(ROOT, '.venv', 'bin', 'python')


def _cases_module():
    spec = importlib.util.spec_from_file_location('symbol_models_cases', CASES)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _write_gz(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path + '.tmp', 'wb') as f:
        # mtime 0: the same graph gives the same bytes
        with gzip.GzipFile(fileobj=f, mode='wb', mtime=0) as gz:
            gz.write(text.encode('utf-8'))
    os.replace(path + '.tmp', path)


def export_models(cases):
    import mxnet as mx
    for name, (builder, shape) in cases.MODELS.items():
        with tempfile.TemporaryDirectory() as tmp:
            net = builder(mx)
            net.initialize()
            net.hybridize()
            net(mx.nd.ones(shape))
            net.export(os.path.join(tmp, name))
            with open(os.path.join(tmp, name + '-symbol.json')) as f:
                text = f.read()
        _write_gz(cases.graph_file(name), text)
        print('{}: {} bytes of JSON'.format(name, len(text)))
    _write_gz(cases.graph_file('mlp'), cases.mlp_symbol(mx).tojson())
    print('mlp written')


# run by mxtorch: the JSON it writes for each stored graph
_MXTORCH_WRITES = """
import gzip, json, sys
import mxtorch as mx
out = {}
for name, path in json.loads(sys.argv[1]).items():
    out[name] = mx.sym.load_json(gzip.open(path).read().decode('utf-8')).tojson()
print(json.dumps(out))
"""


def check_round_trip(cases):
    import mxnet as mx
    import numpy as np
    names = list(cases.MODELS) + ['mlp']
    paths = {n: cases.graph_file(n) for n in names}
    written = json.loads(subprocess.run([PROJECT_PYTHON, '-c', _MXTORCH_WRITES, json.dumps(paths)], check=True,
                                        capture_output=True, text=True).stdout)
    for name in names:
        own = gzip.open(paths[name]).read().decode('utf-8')
        if written[name] != own:
            raise SystemExit('{}: mxtorch writes different JSON from MXNet'.format(name))
        shape = cases.MODELS[name][1] if name in cases.MODELS else cases.MLP_SHAPE
        outs = [cases.run_graph(mx, np, text, shape) for text in (own, written[name])]
        if not np.allclose(outs[0], outs[1]):
            raise SystemExit('{}: the JSON mxtorch wrote computes otherwise in MXNet'.format(name))
        print('{}: mxtorch writes the same JSON; MXNet computes the same from it'.format(name))


if __name__ == '__main__':
    module = _cases_module()
    export_models(module)
    if '--check' in sys.argv:
        check_round_trip(module)
