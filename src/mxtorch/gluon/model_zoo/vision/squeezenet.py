"""SqueezeNet 1.0 and 1.1 (Iandola et al. 2016, "SqueezeNet: AlexNet-level accuracy with 50x fewer
parameters and <0.5MB model size"), built of "fire" modules.

Blocks, prefixes and attribute names are MXNet's, so MXNet's parameter files load unchanged."""
from ....context import cpu
from ...block import HybridBlock
from ... import nn
from ...contrib.nn import HybridConcurrent
from ..model_store import _load_pretrained

__all__ = ['SqueezeNet', 'squeezenet1_0', 'squeezenet1_1']


def _conv_relu(channels, kernel_size, padding=0):
    out = nn.HybridSequential(prefix='')
    out.add(nn.Conv2D(channels, kernel_size, padding=padding))
    out.add(nn.Activation('relu'))
    return out


def _fire(squeeze_channels, expand1x1_channels, expand3x3_channels):
    """A fire module: a 1x1 "squeeze" convolution, then 1x1 and 3x3 "expand" convolutions side by side,
    their outputs concatenated along the channels."""
    out = nn.HybridSequential(prefix='')
    out.add(_conv_relu(squeeze_channels, 1))
    expand = HybridConcurrent(axis=1, prefix='')
    expand.add(_conv_relu(expand1x1_channels, 1))
    expand.add(_conv_relu(expand3x3_channels, 3, 1))
    out.add(expand)
    return out


# version -> (channels and kernel size of the first convolution, then the layers after its max pooling:
# 'pool' for a 3x3/2 max pooling, (squeeze, expand 1x1, expand 3x3) channels for a fire module)
_LAYOUTS = {
    '1.0': (96, 7, [(16, 64, 64), (16, 64, 64), (32, 128, 128), 'pool',
                    (32, 128, 128), (48, 192, 192), (48, 192, 192), (64, 256, 256), 'pool',
                    (64, 256, 256)]),
    '1.1': (64, 3, [(16, 64, 64), (16, 64, 64), 'pool',
                    (32, 128, 128), (32, 128, 128), 'pool',
                    (48, 192, 192), (48, 192, 192), (64, 256, 256), (64, 256, 256)]),
}


class SqueezeNet(HybridBlock):
    r"""SqueezeNet ("SqueezeNet: AlexNet-level accuracy with 50x fewer parameters and <0.5MB model size",
    Iandola et al. 2016). Version 1.1 needs about 2.4 times less computation than 1.0 for the same
    accuracy. The classifier is a 1x1 convolution followed by 13x13 average pooling, so the input should
    be 224x224 (or a size that gives a 13x13 final feature map).

    Parameters
    ----------
    version : str
        '1.0' or '1.1'.
    classes : int, default 1000
        Number of output classes.
    """

    def __init__(self, version, classes=1000, **kwargs):
        super(SqueezeNet, self).__init__(**kwargs)
        if version not in ('1.0', '1.1'):
            raise AssertionError('Unsupported SqueezeNet version {version}:1.0 or 1.1 expected'.format(
                version=version))
        stem_channels, stem_kernel, layers = _LAYOUTS[version]
        with self.name_scope():
            self.features = nn.HybridSequential(prefix='')
            self.features.add(nn.Conv2D(stem_channels, kernel_size=stem_kernel, strides=2))
            self.features.add(nn.Activation('relu'))
            self.features.add(nn.MaxPool2D(pool_size=3, strides=2, ceil_mode=True))
            for layer in layers:
                if layer == 'pool':
                    self.features.add(nn.MaxPool2D(pool_size=3, strides=2, ceil_mode=True))
                else:
                    self.features.add(_fire(*layer))
            self.features.add(nn.Dropout(0.5))

            self.output = nn.HybridSequential(prefix='')
            self.output.add(nn.Conv2D(classes, kernel_size=1))
            self.output.add(nn.Activation('relu'))
            self.output.add(nn.AvgPool2D(13))
            self.output.add(nn.Flatten())

    def hybrid_forward(self, F, x):
        return self.output(self.features(x))


def get_squeezenet(version, pretrained=False, ctx=cpu(), root=None, **kwargs):
    r"""A SqueezeNet of MXNet's model zoo.

    Parameters
    ----------
    version : str
        '1.0' or '1.1'.
    pretrained : bool, default False
        Load MXNet's ImageNet weights (downloaded to `root` when absent).
    ctx : Context, default cpu()
        Where the pretrained weights are loaded.
    root : str, default $MXNET_HOME/models
        Folder of the pretrained parameter files.
    **kwargs
        Passed to :class:`SqueezeNet`: classes, prefix, params.
    """
    net = SqueezeNet(version, **kwargs)
    if pretrained:
        _load_pretrained(net, 'squeezenet%s' % version, ctx, root)
    return net


def squeezenet1_0(**kwargs):
    r"""SqueezeNet 1.0 of MXNet's model zoo (see :func:`get_squeezenet` for the arguments:
    pretrained, ctx, root, and the :class:`SqueezeNet` options)."""
    return get_squeezenet('1.0', **kwargs)


def squeezenet1_1(**kwargs):
    r"""SqueezeNet 1.1 of MXNet's model zoo: the same accuracy as 1.0 with about 2.4 times less
    computation (see :func:`get_squeezenet` for the arguments: pretrained, ctx, root, and the
    :class:`SqueezeNet` options)."""
    return get_squeezenet('1.1', **kwargs)
