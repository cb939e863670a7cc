"""mx.image: MXNet's image API on NDArrays (decoding, resizing, cropping, augmenters, ImageIter) and
its detection part (mx.image.detection, also reachable as mx.image.det)."""
from .image import *  # noqa: F401,F403
from .image import _get_interp_method  # noqa: F401
from . import detection  # noqa: F401
from . import detection as det  # noqa: F401
from .detection import *  # noqa: F401,F403
