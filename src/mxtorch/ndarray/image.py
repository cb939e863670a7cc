"""The `mx.nd.image` operators (generated from the operator table; see ops/image.py)."""
from . import registry as _registry
from .ops import image as _image_ops  # noqa: F401  (registers the operators even before ops/__init__ lists them)

globals().update(_registry.namespace_functions('image'))
