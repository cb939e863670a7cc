"""mx.contrib: MXNet's experimental APIs. mxtorch has ``mx.contrib.text`` (vocabularies and token
embeddings); MXNet's other contrib modules raise NotProvidedError until mxtorch has them."""
from . import text  # noqa: F401
from . import ndarray  # noqa: F401
from . import ndarray as nd  # noqa: F401
from . import io  # noqa: F401
from ..base import missing_names_getattr as _missing_names_getattr

__getattr__ = _missing_names_getattr(__name__, 'mx.contrib', (
    'amp', 'autograd', 'onnx', 'quant', 'quantization', 'svrg_optimization', 'sym',
    'symbol', 'tensorboard'))
