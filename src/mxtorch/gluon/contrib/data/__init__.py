"""mx.gluon.contrib.data: IntervalSampler and the WikiText language-modelling datasets (``text``)."""
from . import text
from .sampler import IntervalSampler

__all__ = ['IntervalSampler', 'text']
