"""Loads files that mxtorch wrote in MXNet 1.9.1 and prints what MXNet reads, as JSON on stdout.

    ~/.cache/mxtorch-ref/venv/bin/python tests/golden/sparse_mxnet_check.py FILE ...

For every file: a list (or dict) of arrays, each {stype, dtype, shape, dense, and the stored parts:
data/indices (row_sparse), data/indices/indptr (csr)}. tests/test_sparse.py runs it where the
reference is installed and compares with what mxtorch saved."""
import json
import sys

import mxnet as mx


def describe(a):
    out = {'stype': a.stype, 'dtype': str(a.dtype.__name__ if hasattr(a.dtype, '__name__') else a.dtype),
           'shape': list(a.shape), 'dense': a.asnumpy().astype('float64').ravel().tolist()}
    if a.stype != 'default':
        out['data'] = a.data.asnumpy().astype('float64').ravel().tolist()
        out['indices'] = a.indices.asnumpy().tolist()
    if a.stype == 'csr':
        out['indptr'] = a.indptr.asnumpy().tolist()
    return out


def main(paths):
    result = {}
    for path in paths:
        loaded = mx.nd.load(path)
        if isinstance(loaded, dict):
            result[path] = {k: describe(v) for k, v in loaded.items()}
        else:
            result[path] = [describe(v) for v in loaded]
    json.dump(result, sys.stdout)


if __name__ == '__main__':
    main(sys.argv[1:])
