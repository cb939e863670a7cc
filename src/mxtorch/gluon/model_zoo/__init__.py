"""Predefined and pretrained models (``mx.gluon.model_zoo``): the vision models of MXNet 1.9.1 with their
names and parameter layouts, and the store of their pretrained weights."""
from . import model_store
from . import vision
