"""``mx.contrib.amp``: MXNet's automatic mixed precision. Importing it works (scripts and MXNet's own
test files import it at the top); its functions raise NotProvidedError until mxtorch has them."""
from . import amp  # noqa: F401
from .amp import __getattr__  # noqa: F401
