"""Regenerate src/mxtorch/symbol/mxnet_ops.json from the operator registry of the reference MXNet 1.9.1.

    ~/.cache/mxtorch-ref/venv/bin/python tools/make_symbol_facts.py

The symbol layer needs to know, for every operator name that MXNet's JSON files may carry, what MXNet
itself knows about it: the registered (canonical) name and its other names, the arguments in order with
MXNet's type strings (array inputs are typed 'NDArray-or-Symbol', a trailing '[]' marks the variadic one),
the parameter that counts a variadic input, and what one node of the operator made with its defaults
looks like: the names of its visible outputs, which inputs are auxiliary states, how many outputs it has
counting hidden ones (the per-node step of ``node_row_ptr``), whether MXNet names its inputs itself
(``named_inputs``) and those names (``input_names``: legacy operators' auxiliary states are inputs that
the argument list leaves out). Those node facts are None where such a
node cannot be made (operators that need real values or a registered Python class).

The answers come from MXNet itself, never from a hand-written list: regenerate, never edit the JSON."""
import ctypes
import json
import os
import re

import mxnet as mx
from mxnet.base import _LIB, check_call, py_str, c_str, c_str_array, mx_uint, SymbolHandle

TARGET = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'src', 'mxtorch',
                                       'symbol', 'mxnet_ops.json'))

# parameters a default node of a few operators cannot do without (MXNet rejects their defaults)
EXTRA_PARAMS = {
    'Pooling': {'kernel': '(1, 1)'}, 'ROIPooling': {'pooled_size': '(1, 1)'}, 'Pooling_v1': {'kernel': '(1, 1)'},
    '_contrib_quantized_pooling': {'kernel': '(1, 1)'},
    'Convolution_v1': {'kernel': '(1, 1)', 'num_filter': '1'},
}


def registered_names():
    count, names = ctypes.c_uint(), ctypes.POINTER(ctypes.c_char_p)()
    check_call(_LIB.MXListAllOpNames(ctypes.byref(count), ctypes.byref(names)))
    return sorted(py_str(names[i]) for i in range(count.value))


def describe(name):
    """(handle, canonical name, [[argument, type string], ...], name of the counting parameter or '')."""
    handle = ctypes.c_void_p()
    check_call(_LIB.NNGetOpHandle(c_str(name), ctypes.byref(handle)))
    canonical, doc, n_args = ctypes.c_char_p(), ctypes.c_char_p(), mx_uint()
    arg_names, arg_types, arg_docs = (ctypes.POINTER(ctypes.c_char_p)() for _ in range(3))
    counter, returns = ctypes.c_char_p(), ctypes.c_char_p()
    check_call(_LIB.MXSymbolGetAtomicSymbolInfo(
        handle, ctypes.byref(canonical), ctypes.byref(doc), ctypes.byref(n_args), ctypes.byref(arg_names),
        ctypes.byref(arg_types), ctypes.byref(arg_docs), ctypes.byref(counter), ctypes.byref(returns)))
    args = [[py_str(arg_names[i]), py_str(arg_types[i])] for i in range(n_args.value)]
    return handle, py_str(canonical.value), args, py_str(counter.value) if counter.value else ''


def placeholder(type_string):
    """Some value of a parameter's type, for a required parameter of a default node."""
    kind = type_string.split(',')[0].strip()
    if kind.startswith('{'):
        return re.findall(r"'([^']*)'", type_string)[0]
    if kind.startswith(('Shape', 'tuple')):
        return '(1,)'
    if kind.startswith(('int', 'long', 'index_t')):
        return '1'
    if kind.startswith(('float', 'double', 'real_t')):
        return '1.0'
    if kind.startswith('boolean'):
        return '0'
    return 'x'


def is_input(type_string):
    return type_string.startswith(('NDArray', 'Symbol'))


def node_facts(handle, name, args, counter):
    """(visible output names without the node's prefix, auxiliary inputs, outputs counting hidden ones,
    whether MXNet names the inputs itself, the names of the inputs) of a node made with default
    parameters and its inputs left to MXNet, or five Nones. An operator without input names cannot make
    variables for missing inputs."""
    params = {a: placeholder(t) for a, t in args if not is_input(t) and 'required' in t}
    params.update(EXTRA_PARAMS.get(name, {}))
    inputs = [a for a, t in args if is_input(t)]
    variadic = any(is_input(t) and t.endswith('[]') for _, t in args)
    if variadic and counter:
        params[counter] = '1'

    def fresh():
        made = SymbolHandle()
        check_call(_LIB.MXSymbolCreateAtomicSymbol(handle, mx_uint(len(params)), c_str_array(list(params)),
                                                   c_str_array(list(params.values())), ctypes.byref(made)))
        return mx.sym.Symbol(made)
    named = True
    try:
        node = fresh()
        if variadic:
            node._compose(mx.sym.var('n_in0'), name='n')
        else:
            try:  # MXNet's own variables for the inputs (n_data, ...)
                node._compose(name='n')
            except mx.base.MXNetError:  # an operator without input names: one variable per input
                named = False
                node = fresh()
                node._compose(*[mx.sym.var('n_' + a) for a in inputs], name='n')
        outputs = [o[2:] for o in node.list_outputs()]
        aux = [a[2:] for a in node.list_auxiliary_states()]
        names = [i[2:] for i in node.list_inputs()]
        rows = json.loads(node.tojson())['node_row_ptr']
        return outputs, aux, rows[-1] - rows[-2], named, names
    except Exception:  # MXNet refused the default node
        return None, None, None, None, None


def node_facts_in_child(handle, name, args, counter):
    """node_facts run in a forked process: making some operators' nodes with placeholder values aborts."""
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(read_end)
        try:
            answer = json.dumps(node_facts(handle, name, args, counter))
        except BaseException:
            answer = 'null'
        os.write(write_end, answer.encode())
        os._exit(0)
    os.close(write_end)
    data = b''
    while True:
        chunk = os.read(read_end, 65536)
        if not chunk:
            break
        data += chunk
    os.close(read_end)
    os.waitpid(pid, 0)
    answer = json.loads(data) if data else None
    return tuple(answer) if answer else (None, None, None, None, None)


def main():
    ops = {}
    for name in registered_names():
        handle, canonical, args, counter = describe(name)
        if canonical not in ops:
            outputs, aux, total, named, names = node_facts_in_child(handle, canonical, args, counter)
            ops[canonical] = {'aliases': [], 'args': args, 'var_num_args': counter, 'aux': aux,
                              'outputs': outputs, 'num_outputs': total, 'named_inputs': named,
                              'input_names': names}
        if name != canonical:
            ops[canonical]['aliases'].append(name)
    # one operator a line: small diffs when MXNet's answers change
    lines = ['{"mxnet_version": %s, "ops": {' % json.dumps(mx.__version__)]
    lines.append(',\n'.join('%s: %s' % (json.dumps(k), json.dumps(ops[k], sort_keys=True)) for k in sorted(ops)))
    lines.append('}}')
    with open(TARGET + '.tmp', 'w') as f:
        f.write('\n'.join(lines) + '\n')
    os.replace(TARGET + '.tmp', TARGET)
    print('{} operators under {} names -> {}'.format(
        len(ops), sum(1 + len(e['aliases']) for e in ops.values()), os.path.relpath(TARGET)))


if __name__ == '__main__':
    main()
