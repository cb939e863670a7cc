"""``mx.contrib.amp.lists.symbol_fp16``: which operators AMP runs in float16, keeps in float32, or casts to
the widest type of their inputs (MXNet's lists)."""
from ..amp import _LISTS

_lists = _LISTS['float16']
FP16_FUNCS = list(_lists['lp16'])
FP16_FP32_FUNCS = list(_lists['lp16_fp32'])
FP32_FUNCS = list(_lists['fp32'])
CONDITIONAL_FP32_FUNCS = list(_lists['conditional_fp32'])
WIDEST_TYPE_CASTS = list(_lists['widest_type_cast'])
LOSS_OUTPUT_FUNCTIONS = list(_lists['loss_output'])
del _lists
