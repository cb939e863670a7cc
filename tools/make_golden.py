#!/usr/bin/env python3
"""Run the golden cases under the reference MXNet 1.9.1 and store what it gives.

    ~/.cache/mxtorch-ref/venv/bin/python tools/make_golden.py [AREA ...]

A case file tests/golden/AREA_cases.py defines CASES, a list of (name, code) or (name, code, options).
`code` is one expression, or statements that leave the answer in a variable named `result`. It runs with
`mx`, `nd`, `np`, `autograd` (and `gluon`, `init` where present) in scope and a fresh seed, and what it
gives (arrays, lists, scalars, strings, the type of an exception) is written to tests/golden/AREA.json,
which tests/test_golden.py compares mxtorch against. Options are read by the test (atol, rtol, repr,
values); `files` names files the code writes under `tmpdir`, which are kept in tests/golden/files/AREA/.
Regenerate, never hand-edit."""
import json
import os
import shutil
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, '..', 'tests'))

from golden_support import GOLDEN, areas as all_areas, load_cases, run_case  # noqa: E402


def main(areas):
    import mxnet
    areas = areas or all_areas()
    for area in areas:
        results = {}
        files_dir = os.path.join(GOLDEN, 'files', area)
        for name, code, options in load_cases(area):
            if name in results:
                raise SystemExit('{}: case {} is defined twice'.format(area, name))
            tmpdir = tempfile.mkdtemp()
            results[name] = run_case(mxnet, code, tmpdir)
            for fname in options.get('files', ()):
                os.makedirs(files_dir, exist_ok=True)
                shutil.copyfile(os.path.join(tmpdir, fname), os.path.join(files_dir, name + '__' + fname))
            shutil.rmtree(tmpdir)
        out = os.path.join(GOLDEN, area + '.json')
        with open(out + '.tmp', 'w') as f:
            json.dump({'mxnet_version': mxnet.__version__, 'cases': results}, f, indent=0, sort_keys=True)
        os.replace(out + '.tmp', out)
        errors = sum(1 for r in results.values() if r['type'] == 'error')
        print('{}: {} cases ({} raise) -> {}'.format(area, len(results), errors, os.path.relpath(out)))


if __name__ == '__main__':
    main(sys.argv[1:])
