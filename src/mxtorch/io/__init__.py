"""Data iterators (``mx.io``)."""
from . import io  # noqa: F401
from .io import (DataDesc, DataBatch, DataIter, ResizeIter, PrefetchingIter, NDArrayIter,  # noqa: F401
                 MXDataIter, CSVIter, MNISTIter, ImageRecordIter, LibSVMIter)
from .io import _init_data, _has_instance, _getdata_by_idx  # noqa: F401
