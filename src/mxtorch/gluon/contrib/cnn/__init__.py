"""mx.gluon.contrib.cnn: deformable convolution layers (DeformableConvolution, ModulatedDeformableConvolution)."""
from . import conv_layers
from .conv_layers import DeformableConvolution, ModulatedDeformableConvolution

__all__ = conv_layers.__all__
