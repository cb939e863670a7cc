"""mx.image: MXNet's image API on NDArrays (decoding, resizing, cropping, augmenters, ImageIter)."""
from .image import *  # noqa: F401,F403
from .image import _get_interp_method  # noqa: F401
