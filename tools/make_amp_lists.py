"""Writes src/mxtorch/contrib/amp/lists.json: the operator lists of MXNet 1.9.1's automatic mixed precision
(which operators run in float16/bfloat16, which stay in float32, which run in the widest type of their
inputs, ...), read as data from the reference MXNet.

    ~/.cache/mxtorch-ref/venv/bin/python tools/make_amp_lists.py

The lists are facts about MXNet (names of operators); mxtorch's amp module reads the file at import."""
import json
import os
import sys

_KEYS = {   # our key -> the attribute of MXNet's list module, per target dtype
    'float16': {'lp16': 'FP16_FUNCS', 'lp16_fp32': 'FP16_FP32_FUNCS', 'fp32': 'FP32_FUNCS',
                'conditional_fp32': 'CONDITIONAL_FP32_FUNCS', 'widest_type_cast': 'WIDEST_TYPE_CASTS',
                'loss_output': 'LOSS_OUTPUT_FUNCTIONS'},
    'bfloat16': {'lp16': 'BF16_FUNCS', 'lp16_fp32': 'BF16_FP32_FUNCS', 'fp32': 'FP32_FUNCS',
                 'conditional_fp32': 'CONDITIONAL_FP32_FUNCS', 'widest_type_cast': 'WIDEST_TYPE_CASTS',
                 'loss_output': 'LOSS_OUTPUT_FUNCTIONS', 'lp16_use_fp32_params': 'BF16_USE_FP32_PARAMS'},
}


def main():
    import mxnet
    from mxnet.contrib.amp.lists import symbol_bf16, symbol_fp16
    modules = {'float16': symbol_fp16, 'bfloat16': symbol_bf16}
    data = {'mxnet_version': mxnet.__version__}
    for dtype, keys in _KEYS.items():
        data[dtype] = {ours: getattr(modules[dtype], theirs) for ours, theirs in keys.items()}
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'src', 'mxtorch', 'contrib', 'amp',
                        'lists.json')
    with open(path, 'w') as f:
        json.dump(data, f, indent=0, sort_keys=True)
        f.write('\n')
    print('wrote', os.path.normpath(path), {d: {k: len(v) for k, v in data[d].items()} for d in _KEYS},
          file=sys.stderr)


if __name__ == '__main__':
    main()
