"""Write src/mxtorch/symbol/mxnet_ops.json: facts about MXNet 1.9.1's registered operators, read from the
reference install's operator registry (run with the reference venv's python):

    ~/.cache/mxtorch-ref/venv/bin/python tools/make_symbol_facts.py

For each operator under its registered (canonical) name: its other names, its arguments in order with
MXNet's type strings (array inputs are 'NDArray-or-Symbol', '[]' when variadic), the parameter counting a
variadic input, which inputs are auxiliary states, and for a default instance the names of its outputs
and how many outputs it has with the hidden ones (what node_row_ptr counts).
These are the names Symbol JSON files carry; mxtorch's symbol layer reads them to build and to parse
nodes. Regenerate, never hand-edit."""
import ctypes
import json
import os
import re

import mxnet as mx
from mxnet.base import _LIB, check_call, py_str, c_str, c_str_array, mx_uint, SymbolHandle

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'src', 'mxtorch', 'symbol',
                   'mxnet_ops.json')


def all_names():
    plist = ctypes.POINTER(ctypes.c_char_p)()
    size = ctypes.c_uint()
    check_call(_LIB.MXListAllOpNames(ctypes.byref(size), ctypes.byref(plist)))
    return sorted(py_str(plist[i]) for i in range(size.value))


def op_info(name):
    handle = ctypes.c_void_p()
    check_call(_LIB.NNGetOpHandle(c_str(name), ctypes.byref(handle)))
    real, desc, n = ctypes.c_char_p(), ctypes.c_char_p(), mx_uint()
    names, types, descs = (ctypes.POINTER(ctypes.c_char_p)() for _ in range(3))
    key, ret = ctypes.c_char_p(), ctypes.c_char_p()
    check_call(_LIB.MXSymbolGetAtomicSymbolInfo(handle, ctypes.byref(real), ctypes.byref(desc), ctypes.byref(n),
                                                ctypes.byref(names), ctypes.byref(types), ctypes.byref(descs),
                                                ctypes.byref(key), ctypes.byref(ret)))
    args = [[py_str(names[i]), py_str(types[i])] for i in range(n.value)]
    return handle, py_str(real.value), args, py_str(key.value) if key.value else ''


def dummy(type_string):
    """A value that satisfies a required parameter of this type, to make a default instance."""
    t = type_string.split(',')[0].strip()
    if t.startswith('{'):
        return re.findall(r"'([^']*)'", type_string)[0]
    if 'Shape' in t or 'tuple' in t:
        return '(1,)'
    if t in ('int', 'long', 'int (non-negative)', 'long (non-negative)', 'index_t'):
        return '1'
    if t in ('float', 'double'):
        return '1.0'
    if t == 'boolean':
        return '0'
    return 'x'


def instance_facts(handle, args, key):
    """(output names, auxiliary input names, number of outputs with the hidden ones) of a default
    instance, or Nones."""
    keys, vals = [], []
    inputs = [a for a, t in args if t.startswith('NDArray-or-Symbol')]
    variadic = any(t.endswith('[]') for _, t in args)
    for a, t in args:
        if not t.startswith('NDArray-or-Symbol') and 'required' in t:
            keys.append(a)
            vals.append('1' if a == key else dummy(t))
    if variadic and key and key not in keys:
        keys.append(key)
        vals.append('1')
    sym = SymbolHandle()
    try:
        check_call(_LIB.MXSymbolCreateAtomicSymbol(handle, mx_uint(len(keys)), c_str_array(keys),
                                                   c_str_array(vals), ctypes.byref(sym)))
        s = mx.sym.Symbol(sym)
        if variadic:
            s._compose(mx.sym.var('in0'), name='x')
        else:
            s._compose(name='x')
        outputs = [o[len('x_'):] if o.startswith('x_') else o for o in s.list_outputs()]
        aux = [a[len('x_'):] for a in s.list_auxiliary_states() if a.startswith('x_')]
        rows = json.loads(s.tojson())['node_row_ptr']
        return outputs, aux, rows[-1] - rows[-2]
    except Exception:
        return None, None, None


def instance_facts_isolated(handle, args, key):
    """instance_facts in a forked child: a few operators crash the process when made with dummy values."""
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(read)
        try:
            data = json.dumps(instance_facts(handle, args, key)).encode()
        except BaseException:
            data = b'[null, null, null]'
        os.write(write, data)
        os._exit(0)
    os.close(write)
    chunks = []
    while True:
        chunk = os.read(read, 1 << 16)
        if not chunk:
            break
        chunks.append(chunk)
    os.close(read)
    os.waitpid(pid, 0)
    return tuple(json.loads(b''.join(chunks))) if chunks else (None, None, None)


def main():
    ops = {}
    for name in all_names():
        handle, real, args, key = op_info(name)
        entry = ops.get(real)
        if entry is None:
            outputs, aux, total = instance_facts_isolated(handle, args, key)
            entry = ops[real] = {'aliases': [], 'args': args, 'var_num_args': key, 'aux': aux, 'outputs': outputs,
                                 'num_outputs': total}
        if name != real:
            entry['aliases'].append(name)
    tmp = OUT + '.tmp'
    with open(tmp, 'w') as f:
        json.dump({'mxnet_version': mx.__version__, 'ops': ops}, f, indent=0, sort_keys=True)
        f.write('\n')
    os.replace(tmp, OUT)
    print('{} operators ({} names) -> {}'.format(len(ops), sum(1 + len(e['aliases']) for e in ops.values()), OUT))


if __name__ == '__main__':
    main()
