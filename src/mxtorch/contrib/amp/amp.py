"""``mx.contrib.amp.amp``: the names of MXNet's automatic mixed precision, each raising NotProvidedError
(mixed precision in mxtorch is torch.autocast around the model)."""
from ...base import missing_names_getattr as _missing_names_getattr

_NAMES = ('init', 'init_trainer', 'scale_loss', 'unscale', 'convert_model', 'convert_hybrid_block',
          'convert_symbol', 'convert_bucketing_module', 'list_lp16_ops', 'list_fp32_ops', 'list_lp16_fp32_ops',
          'list_conditional_fp32_ops', 'list_widest_type_cast', 'list_loss_output_functions',
          'list_lp16_use_fp32_params')
__getattr__ = _missing_names_getattr(__name__, 'mx.contrib.amp', _NAMES,
                                     {n: 'use torch.autocast for mixed precision' for n in _NAMES})
