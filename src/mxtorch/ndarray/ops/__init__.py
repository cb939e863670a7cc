"""The operator definitions, one file per concern; importing this package fills the operator table
(ndarray/registry.py)."""
from . import arith, creation, elemwise, reduce, shape  # noqa: F401
from . import indexing, nn, sequence, linalg, random, image, rnn  # noqa: F401
from . import optimizer_update  # noqa: F401
from . import loss  # noqa: F401  (the operators gluon.loss is written with)
from . import internal  # noqa: F401  (the nodes of Symbol arithmetic and creation)
from . import custom  # noqa: F401  (nd.Custom: operators written in Python, see mx.operator)
from . import detection  # noqa: F401  (box_nms, box_iou, MultiBox*: mx.nd.contrib's detection operators)
from . import roi  # noqa: F401  (ROIAlign, RROIAlign, PSROIPooling, DeformablePSROIPooling)
from . import np_math, np_reduce, np_shape, np_linalg, np_random  # noqa: F401  (MXNet's NumPy interface, mx.np)
from . import vision  # noqa: F401  (BilinearSampler, GridGenerator, SpatialTransformer, Correlation, Crop, im2col, deformable convolutions)
from . import transformer, misc, contrib_ops  # noqa: F401  (attention kernels; moments, cumsum, AMP casts, ...; contrib's smaller operators)
from . import quantization  # noqa: F401  (int8/uint8 inference: quantize, dequantize, quantized_*, calibrate_entropy)
from . import sparse_kernels  # noqa: F401  (dense-value kernels of the sparse-only operators, for graphs)
