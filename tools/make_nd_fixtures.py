#!/usr/bin/env python3
"""Write .nd fixture files with the reference MXNet 1.9.1 and record what MXNet loads from them.

    ~/.cache/mxtorch-ref/venv/bin/python tools/make_nd_fixtures.py

Files go to tests/golden/files/ndfile/; manifest.json there holds, for each file, what ``mx.nd.load``
gives under MXNet (list or dict, names in order, dtype, shape, storage type, context and values of each array, or the
error it raises). tests/test_serialization.py loads the same files with mxtorch and compares.

Most files are written by ``mx.nd.save`` (or Gluon's ``save_parameters``) itself. The formats MXNet 1.9.1
can read but no longer writes (the first format, version 1, records from a GPU, bfloat16) are assembled
here byte by byte from the layout MXNet's loader reads, and are kept only because MXNet loads them: what
it loads is what the manifest records. Regenerate, never hand-edit."""
import json
import os
import struct
import sys

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, '..', 'tests'))
OUT = os.path.join(HERE, '..', 'tests', 'golden', 'files', 'ndfile')

from golden_support import encode  # noqa: E402

LIST_MAGIC, V1, V2 = 0x112, 0xF993FAC8, 0xF993FAC9


def describe(value):
    """What MXNet loaded, in the manifest's form."""
    import mxnet as mx

    def array(a):
        if str(a.dtype) == "[('bfloat16', '<u2')]":
            d = encode(mx.nd.amp_cast(a, dtype='float32'))
            d['dtype'] = 'bfloat16'
        else:
            d = encode(a)
        d.pop('repr')
        d.pop('type')
        d['stype'] = a.stype
        return d

    if isinstance(value, dict):
        return {'kind': 'dict', 'names': list(value), 'arrays': [array(v) for v in value.values()]}
    return {'kind': 'list', 'arrays': [array(v) for v in value]}


def list_file(records, names=()):
    """A file in the list format around already-made array records."""
    out = struct.pack('<QQQ', LIST_MAGIC, 0, len(records)) + b''.join(records)
    out += struct.pack('<Q', len(names))
    for n in names:
        b = n.encode('utf-8')
        out += struct.pack('<Q', len(b)) + b
    return out


def record_v0(values, dev=(1, 0), flag=0):
    """A record of the first format: uint32 ndim (in place of a magic number), uint32 dims."""
    return struct.pack('<I%dI' % values.ndim, values.ndim, *values.shape) + struct.pack('<iii', *dev, flag) + \
        values.tobytes()


def record_v1(values, dev=(1, 0), flag=0):
    """A version 1 record: magic, int32 ndim, int64 dims, context, type flag, data."""
    return struct.pack('<Ii%dq' % values.ndim, V1, values.ndim, *values.shape) + struct.pack('<iii', *dev, flag) + \
        values.tobytes()


def record_v2(values, dev=(1, 0), flag=0):
    """A version 2 record as MXNet 1.9.1 writes it outside numpy shape semantics."""
    return struct.pack('<Iii%dq' % values.ndim, V2, 0, values.ndim, *values.shape) + \
        struct.pack('<iii', *dev, flag) + values.tobytes()


def main():
    import mxnet as mx
    from mxnet.gluon import nn
    os.makedirs(OUT, exist_ok=True)
    rng = np.random.RandomState(7)
    manifest = {}

    def saved(name, data, np_shape=False):
        path = os.path.join(OUT, name)
        with mx.np_shape(np_shape):
            mx.nd.save(path, data)
        return path

    def written(name, content):
        path = os.path.join(OUT, name)
        with open(path, 'wb') as f:
            f.write(content)
        return path

    def record(name, path, np_shape=False, resave=False):
        """Load with MXNet and note the answer; `resave`: mx.nd.save of what was loaded gives the same
        bytes again (true of files MXNet wrote from cpu(0) arrays)."""
        try:
            with mx.np_shape(np_shape):
                entry = describe(mx.nd.load(path))
        except Exception as e:  # the error is the answer
            entry = {'error': type(e).__name__, 'message': str(e).strip().splitlines()[-1][:300]}
        entry['np_shape'] = np_shape
        entry['resave_identical'] = resave
        manifest[name] = entry

    f32 = rng.uniform(-3, 3, (3, 4)).astype(np.float32)
    f32[0, :3] = [np.nan, np.inf, -0.0]
    dtypes = [
        mx.nd.array(f32),
        mx.nd.array(rng.normal(size=(2, 3)), dtype='float64'),
        mx.nd.array(rng.normal(size=(5,)) * 1000, dtype='float16'),
        mx.nd.array([[0, 1], [254, 255]], dtype='uint8'),
        mx.nd.array([-128, -1, 0, 127], dtype='int8'),
        mx.nd.array(rng.randint(-2 ** 31, 2 ** 31 - 1, (2, 1, 3)), dtype='int32'),
        mx.nd.array(np.array([-2 ** 62, 0, 2 ** 62 + 12345], dtype=np.int64), dtype='int64'),
        mx.nd.array([[True, False, True], [False, False, True]], dtype='bool'),
    ]
    record('all_dtypes.nd', saved('all_dtypes.nd', dtypes), resave=True)

    named = {'zeta': mx.nd.array([1, 2, 3]), 'alpha': mx.nd.array([[4]], dtype='int32'),
             'mid.weight': mx.nd.array(rng.normal(size=(2, 2))), 'ключ€': mx.nd.array([5], dtype='int64'),
             '': mx.nd.array([6, 7], dtype='uint8')}
    record('named.nd', saved('named.nd', named), resave=True)
    record('single.nd', saved('single.nd', mx.nd.array(rng.normal(size=(4, 1)))), resave=True)
    record('empty.nd', saved('empty.nd', []), resave=True)
    record('empty_dict.nd', saved('empty_dict.nd', {}), resave=True)
    record('medium.nd', saved('medium.nd', {'w': mx.nd.array(rng.normal(size=(32, 32)))}), resave=True)
    zero = [mx.nd.array(np.zeros(s)) for s in [(2, 0, 1), (0,), (0, 4)]] + [mx.nd.array([1.5])]
    record('zero_size.nd', saved('zero_size.nd', zero), resave=True)

    np_arrays = {'scalar': mx.nd.array(np.array(2.5)), 'empty': mx.nd.array(np.zeros((2, 0))),
                 'vector': mx.nd.array([1, 2, 3], dtype='int32')}
    path = saved('np_shape.nd', np_arrays, np_shape=True)
    record('np_shape.nd', path, np_shape=True, resave=True)
    record('np_shape.nd(np_shape off)', path)
    record('all_dtypes.nd(np_shape on)', os.path.join(OUT, 'all_dtypes.nd'), np_shape=True)
    record('scalar_no_np_shape.nd', saved('scalar_no_np_shape.nd', [mx.nd.array(np.array(2.5))]))

    ctxs = [mx.nd.array([1, 2], ctx=mx.cpu(1)), mx.nd.array([3], ctx=mx.cpu_pinned(0)),
            mx.nd.array([4, 5, 6], ctx=mx.Context('cpu_shared', 0))]
    record('contexts.nd', saved('contexts.nd', ctxs))

    net = nn.HybridSequential()
    net.add(nn.Dense(3, in_units=2), nn.Dense(1, in_units=3))
    net.initialize(mx.init.Normal(1.0))
    net.save_parameters(os.path.join(OUT, 'gluon_params.nd'))
    record('gluon_params.nd', os.path.join(OUT, 'gluon_params.nd'), resave=True)

    csr = mx.nd.array([[0, 1], [2, 0]]).tostype('csr')
    record('sparse_csr.nd', saved('sparse_csr.nd', [mx.nd.ones((2,)), csr]))
    rsp = mx.nd.array([[0, 0], [2, 3]]).tostype('row_sparse')
    record('sparse_row_sparse.nd', saved('sparse_row_sparse.nd', {'w': rsp}))

    # formats MXNet 1.9.1 reads but does not write
    ar = np.arange(128, dtype=np.float32)
    i32 = np.arange(6, dtype=np.int32).reshape(2, 3)
    record('legacy_v0.nd', written('legacy_v0.nd', list_file(
        [record_v0(ar), record_v0(i32, flag=4), record_v0(np.array(7.0, np.float32))])))
    record('legacy_v1.nd', written('legacy_v1.nd', list_file(
        [record_v1(ar), record_v1(i32, flag=4), record_v1(np.array(7.0, np.float32))], ['a', 'b', 'c'])))
    gpu0 = [record_v2(np.arange(1, dtype=np.float32), dev=(2, 0)), record_v2(i32, dev=(2, 0), flag=4)]
    record('gpu0_saved.nd', written('gpu0_saved.nd', list_file(gpu0, ['a', 'b'])))
    record('gpu1_saved.nd', written('gpu1_saved.nd', list_file([record_v2(i32, dev=(2, 1), flag=4)])))
    bf16 = np.array([0x3FC0, 0xC000, 0x4040, 0x7F80], dtype=np.uint16)  # 1.5, -2, 3, inf
    record('bfloat16.nd', written('bfloat16.nd', list_file([record_v2(bf16, flag=12)])))

    # NDArray.__getstate__()['handle']: one array record, the bytes pickling carries
    states = {}
    for code in ["nd.ones((3,))", "nd.array([[1, -2]], dtype='int64')", "nd.array([True, False], dtype='bool')",
                 "nd.arange(4, ctx=mx.cpu(1)).reshape((2, 2))"]:
        states[code] = bytes(eval(code, {'nd': mx.nd, 'mx': mx}).__getstate__()['handle']).hex()

    with open(os.path.join(OUT, 'manifest.json'), 'w') as f:
        json.dump({'mxnet_version': mx.__version__, 'files': manifest, 'states': states}, f, indent=0,
                  sort_keys=True)
    print('{} fixtures -> {}'.format(len(manifest), os.path.relpath(OUT)))


if __name__ == '__main__':
    main()
