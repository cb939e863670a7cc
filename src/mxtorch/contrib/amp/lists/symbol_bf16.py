"""``mx.contrib.amp.lists.symbol_bf16``: which operators AMP runs in bfloat16, keeps in float32, or casts to
the widest type of their inputs, and the parameters kept in float32 (MXNet's lists)."""
from ..amp import _LISTS

_lists = _LISTS['bfloat16']
BF16_FUNCS = list(_lists['lp16'])
BF16_FP32_FUNCS = list(_lists['lp16_fp32'])
BF16_USE_FP32_PARAMS = {op: list(params) for op, params in _lists['lp16_use_fp32_params'].items()}
FP32_FUNCS = list(_lists['fp32'])
CONDITIONAL_FP32_FUNCS = list(_lists['conditional_fp32'])
WIDEST_TYPE_CASTS = list(_lists['widest_type_cast'])
LOSS_OUTPUT_FUNCTIONS = list(_lists['loss_output'])
del _lists
