"""Data iterators (``mx.io``)."""
from . import io  # noqa: F401
from .io import (DataDesc, DataBatch, DataIter, ResizeIter, PrefetchingIter, NDArrayIter,  # noqa: F401
                 MXDataIter, LibSVMIter)
from .io import _init_data, _has_instance, _getdata_by_idx  # noqa: F401
from .image_record import (ImageRecordIter, ImageRecordIter_v1, ImageRecordUInt8Iter,  # noqa: F401
                           ImageRecordUInt8Iter_v1, ImageRecordInt8Iter)
from .csv_mnist import CSVIter, MNISTIter  # noqa: F401
from .image_det_record import ImageDetRecordIter  # noqa: F401
