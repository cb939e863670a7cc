"""mx.contrib.text: counting tokens, indexing them in a vocabulary, and token embeddings."""
from . import utils  # noqa: F401
from . import vocab  # noqa: F401
from . import embedding  # noqa: F401
