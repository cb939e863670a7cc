"""``mx.contrib.amp.lists``: MXNet's operator lists for mixed precision, one module per low-precision type
(``symbol_fp16``, ``symbol_bf16``), made from the same lists.json that amp.py reads."""
