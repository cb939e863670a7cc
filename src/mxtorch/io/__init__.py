"""Data iterators (``mx.io``)."""
from . import io  # noqa: F401
from .io import (DataDesc, DataBatch, DataIter, ResizeIter, PrefetchingIter, NDArrayIter,  # noqa: F401
                 MXDataIter, LibSVMIter)
from .io import _init_data, _has_instance, _getdata_by_idx  # noqa: F401
from .image_record import (ImageRecordIter, ImageRecordIter_v1, ImageRecordUInt8Iter,  # noqa: F401
                           ImageRecordUInt8Iter_v1, ImageRecordInt8Iter)
from .csv_mnist import CSVIter, MNISTIter  # noqa: F401
from .image_det_record import ImageDetRecordIter  # noqa: F401
from ..ndarray import concat as _concat, tile as _tile

# MXNet makes its C++ iterators inside mxnet.io.io, and scripts import them from there; io.py cannot import
# their modules (they stand on it), so the package names them in it, with the two nd functions it uses
for _name, _value in dict(ImageRecordIter=ImageRecordIter, ImageRecordIter_v1=ImageRecordIter_v1,
                          ImageRecordUInt8Iter=ImageRecordUInt8Iter, ImageRecordUInt8Iter_v1=ImageRecordUInt8Iter_v1,
                          ImageRecordInt8Iter=ImageRecordInt8Iter, CSVIter=CSVIter, MNISTIter=MNISTIter,
                          ImageDetRecordIter=ImageDetRecordIter, concat=_concat, tile=_tile).items():
    if not hasattr(io, _name):
        setattr(io, _name, _value)
del _name, _value
