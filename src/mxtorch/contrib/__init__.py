"""mx.contrib: MXNet's experimental APIs. ``text`` (vocabularies and token embeddings), ``nd``/``ndarray``
and ``sym``/``symbol`` (the contributed operators under their older paths), ``io`` (DataLoaderIter),
``autograd`` (MXNet's first autograd interface) and ``tensorboard`` (LogMetricsCallback); those of MXNet's
contrib modules that mxtorch has not got yet raise NotProvidedError. The modules of the list below are
imported when first used."""
from . import text  # noqa: F401
from . import ndarray  # noqa: F401
from . import ndarray as nd  # noqa: F401
from . import io  # noqa: F401
from ..base import missing_names_getattr as _missing_names_getattr

__getattr__ = _missing_names_getattr(__name__, 'mx.contrib', (
    'amp', 'autograd', 'onnx', 'quant', 'quantization', 'svrg_optimization', 'sym',
    'symbol', 'tensorboard'))
