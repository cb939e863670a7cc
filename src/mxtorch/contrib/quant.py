"""mx.contrib.quant: the same module as ``mx.contrib.quantization`` (MXNet imports it under both names)."""
import sys

from . import quantization as _quantization

sys.modules[__name__] = _quantization
