"""SqueezeNet 1.0 and 1.1 (Iandola et al., 2016: "SqueezeNet: AlexNet-level accuracy with 50x fewer
parameters and <0.5MB model size"), networks of "fire" modules."""
from ... import nn
from ...block import HybridBlock
from ...contrib.nn import HybridConcurrent  # noqa: F401  (MXNet's module names it)
from ....context import cpu
from ._blocks import branches, chain, load_if, pretrained_doc, relu

__all__ = ['SqueezeNet', 'squeezenet1_0', 'squeezenet1_1']

# version -> (channels and kernel size of the first convolution, the layers after the first pooling:
# 'pool' a 3x3 max pooling with stride 2, a triple a fire module's squeeze, 1x1 and 3x3 channels)
_VERSIONS = {
    '1.0': (96, 7, [(16, 64, 64), (16, 64, 64), (32, 128, 128), 'pool', (32, 128, 128), (48, 192, 192),
                    (48, 192, 192), (64, 256, 256), 'pool', (64, 256, 256)]),
    '1.1': (64, 3, [(16, 64, 64), (16, 64, 64), 'pool', (32, 128, 128), (32, 128, 128), 'pool',
                    (48, 192, 192), (48, 192, 192), (64, 256, 256), (64, 256, 256)]),
}


def _conv_relu(channels, kernel_size, padding=0):
    return chain(nn.Conv2D(channels, kernel_size, padding=padding), relu())


def _fire(squeeze, expand1x1, expand3x3):
    """A fire module: a 1x1 convolution squeezes the channels, then 1x1 and 3x3 convolutions expand them
    side by side."""
    return chain(_conv_relu(squeeze, 1), branches(_conv_relu(expand1x1, 1), _conv_relu(expand3x3, 3, 1)))


def _pool():
    return nn.MaxPool2D(pool_size=3, strides=2, ceil_mode=True)


class SqueezeNet(HybridBlock):
    """SqueezeNet: a convolution, fire modules between max poolings, and a classifier made of a 1x1
    convolution and a 13x13 average pooling (so inputs are 224x224). Version 1.1 needs about 2.4 times
    less computation than 1.0 for the same accuracy.

    Parameters
    ----------
    version : str
        '1.0' or '1.1'.
    classes : int, default 1000
        Number of classes.
    """

    def __init__(self, version, classes=1000, **kwargs):
        super().__init__(**kwargs)
        if version not in _VERSIONS:
            raise AssertionError('Unsupported SqueezeNet version {version}:1.0 or 1.1 expected'.format(
                version=version))
        channels, kernel, layers = _VERSIONS[version]
        with self.name_scope():
            self.features = chain(nn.Conv2D(channels, kernel_size=kernel, strides=2), relu(), _pool())
            for layer in layers:
                self.features.add(_pool() if layer == 'pool' else _fire(*layer))
            self.features.add(nn.Dropout(0.5))
            self.output = chain(nn.Conv2D(classes, kernel_size=1), relu(), nn.AvgPool2D(13), nn.Flatten())

    def hybrid_forward(self, F, x):
        return self.output(self.features(x))


def get_squeezenet(version, pretrained=False, ctx=cpu(), root=None, **kwargs):
    return load_if(pretrained, SqueezeNet(version, **kwargs), 'squeezenet' + version, ctx, root)


get_squeezenet.__doc__ = pretrained_doc('The SqueezeNet of `version` (\'1.0\' or \'1.1\')',
                                        'Passed to :class:`SqueezeNet` (classes, prefix, params).')


def squeezenet1_0(**kwargs):
    """SqueezeNet 1.0; the arguments are :func:`get_squeezenet`'s (pretrained, ctx, root, ...)."""
    return get_squeezenet('1.0', **kwargs)


def squeezenet1_1(**kwargs):
    """SqueezeNet 1.1, as accurate as 1.0 with about 2.4 times less computation; the arguments are
    :func:`get_squeezenet`'s (pretrained, ctx, root, ...)."""
    return get_squeezenet('1.1', **kwargs)
