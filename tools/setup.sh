#!/usr/bin/env bash
# Make .venv with mxtorch (editable) and what its tests need. torch is pinned by constraints.txt to the
# release this kind of machine keeps on disk (2.13.0, CPU); the package itself asks only torch>=2.1.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -x .venv/bin/python ]; then
  python3 -m venv .venv
fi
.venv/bin/python -m pip install -q --disable-pip-version-check -c constraints.txt -e '.[test]' 2>&1 \
  | grep -v -e '^WARNING: Location' -e 'is ignored: it is neither a file nor a directory' || true
# d2lzh and d2l (the MXNet book's helper packages, first and second edition, used by the tests) declare
# jupyter and pinned frameworks, which are not needed: no deps
.venv/bin/python -m pip install -q --disable-pip-version-check --no-deps 'd2lzh==1.0.0' 'd2l==1.0.3' 2>&1 \
  | grep -v -e '^WARNING: Location' -e 'is ignored: it is neither a file nor a directory' || true
.venv/bin/python -c 'import mxtorch, torch, numpy; print("mxtorch", mxtorch.__version__, "on torch", torch.__version__, "numpy", numpy.__version__)'
