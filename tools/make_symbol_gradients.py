#!/usr/bin/env python3
"""Ask the reference MXNet 1.9.1 which operators have no gradient, and write their names to
src/mxtorch/symbol/mxnet_nograd.json.

    ~/.cache/mxtorch-ref/venv/bin/python tools/make_symbol_gradients.py

Each operator of the symbol facts is made once as a node over variables (the operator sweep of
tests/golden/symbol_cases.py) and bound with gradients for its inputs: MXNet builds the gradient graph at
binding, before any shape is needed, and refuses an operator that registers no gradient function with
"... is non-differentiable because it didn't register FGradient attribute". Those operators are listed."""
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, '..', 'tests', 'golden'))
OUT = os.path.join(HERE, '..', 'src', 'mxtorch', 'symbol', 'mxnet_nograd.json')


def main():
    import mxnet as mx
    import symbol_cases
    found = []
    for name, code in (c[:2] for c in symbol_cases._sweep()):
        scope = {'mx': mx}
        try:
            exec(code.split('\n')[0], scope)
            scope['s'].simple_bind(mx.cpu(), grad_req='write')
        except Exception as error:          # noqa: BLE001 - any refusal is read for its words
            if 'non-differentiable' in str(error):
                found.append(name[len('op_'):])
    with open(OUT, 'w', encoding='utf-8') as f:
        json.dump({'mxnet_version': mx.__version__, 'no_gradient': sorted(found)}, f, indent=0)
        f.write('\n')
    print('%d operators without a gradient -> %s' % (len(found), OUT))


if __name__ == '__main__':
    main()
