"""DenseNet (Huang et al. 2016, "Densely Connected Convolutional Networks"): each layer of a dense block
sees the concatenated outputs of all layers before it.

Blocks, prefixes and attribute names are MXNet's (``densenet0_stage1_conv0_weight``), so MXNet's
parameter files load unchanged."""
from ....context import cpu
from ...block import HybridBlock
from ... import nn
from ...contrib.nn import HybridConcurrent, Identity
from ..model_store import _load_pretrained

__all__ = ['DenseNet', 'densenet121', 'densenet161', 'densenet169', 'densenet201']


def _dense_layer(growth_rate, bn_size, dropout):
    """One layer of a dense block: its input concatenated (along channels) with `growth_rate` new channels
    computed by BN-ReLU-conv1x1 (to bn_size*growth_rate channels), BN-ReLU-conv3x3 and optional dropout."""
    new_features = nn.HybridSequential(prefix='')
    new_features.add(nn.BatchNorm())
    new_features.add(nn.Activation('relu'))
    new_features.add(nn.Conv2D(bn_size * growth_rate, kernel_size=1, use_bias=False))
    new_features.add(nn.BatchNorm())
    new_features.add(nn.Activation('relu'))
    new_features.add(nn.Conv2D(growth_rate, kernel_size=3, padding=1, use_bias=False))
    if dropout:
        new_features.add(nn.Dropout(dropout))
    layer = HybridConcurrent(axis=1, prefix='')
    layer.add(Identity())
    layer.add(new_features)
    return layer


def _dense_block(num_layers, bn_size, growth_rate, dropout, stage_index):
    """A dense block of `num_layers` layers, named stage<stage_index>_."""
    block = nn.HybridSequential(prefix='stage%d_' % stage_index)
    with block.name_scope():
        for _ in range(num_layers):
            block.add(_dense_layer(growth_rate, bn_size, dropout))
    return block


def _transition(channels):
    """Between dense blocks: BN-ReLU, a 1x1 convolution to `channels` and 2x2 average pooling."""
    out = nn.HybridSequential(prefix='')
    out.add(nn.BatchNorm())
    out.add(nn.Activation('relu'))
    out.add(nn.Conv2D(channels, kernel_size=1, use_bias=False))
    out.add(nn.AvgPool2D(pool_size=2, strides=2))
    return out


class DenseNet(HybridBlock):
    r"""DenseNet-BC ("Densely Connected Convolutional Networks", Huang et al. 2016).

    Parameters
    ----------
    num_init_features : int
        Channels of the first convolution.
    growth_rate : int
        Channels each layer of a dense block adds.
    block_config : list of int
        Number of layers in each dense block.
    bn_size : int, default 4
        The 1x1 bottleneck convolutions have bn_size * growth_rate channels.
    dropout : float, default 0
        Dropout rate after each layer (0: none).
    classes : int, default 1000
        Number of output classes.
    """

    def __init__(self, num_init_features, growth_rate, block_config, bn_size=4, dropout=0, classes=1000,
                 **kwargs):
        super(DenseNet, self).__init__(**kwargs)
        with self.name_scope():
            self.features = nn.HybridSequential(prefix='')
            self.features.add(nn.Conv2D(num_init_features, kernel_size=7, strides=2, padding=3,
                                        use_bias=False))
            self.features.add(nn.BatchNorm())
            self.features.add(nn.Activation('relu'))
            self.features.add(nn.MaxPool2D(pool_size=3, strides=2, padding=1))
            channels = num_init_features
            last = len(block_config) - 1
            for i, num_layers in enumerate(block_config):
                self.features.add(_dense_block(num_layers, bn_size, growth_rate, dropout, i + 1))
                channels += num_layers * growth_rate
                if i != last:  # transitions halve the channels (and the size)
                    channels //= 2
                    self.features.add(_transition(channels))
            self.features.add(nn.BatchNorm())
            self.features.add(nn.Activation('relu'))
            self.features.add(nn.AvgPool2D(pool_size=7))
            self.features.add(nn.Flatten())
            self.output = nn.Dense(classes)

    def hybrid_forward(self, F, x):
        return self.output(self.features(x))


# depth -> (channels of the first convolution, growth rate, layers per dense block)
densenet_spec = {121: (64, 32, [6, 12, 24, 16]),
                 161: (96, 48, [6, 12, 36, 24]),
                 169: (64, 32, [6, 12, 32, 32]),
                 201: (64, 32, [6, 12, 48, 32])}


def get_densenet(num_layers, pretrained=False, ctx=cpu(), root=None, **kwargs):
    r"""A DenseNet of MXNet's model zoo.

    Parameters
    ----------
    num_layers : int
        Depth: 121, 161, 169 or 201.
    pretrained : bool, default False
        Load MXNet's ImageNet weights (downloaded to `root` when absent).
    ctx : Context, default cpu()
        Where the pretrained weights are loaded.
    root : str, default $MXNET_HOME/models
        Folder of the pretrained parameter files.
    **kwargs
        Passed to :class:`DenseNet`: bn_size, dropout, classes, prefix, params.
    """
    if num_layers not in densenet_spec:
        # KeyError, as MXNet's table lookup raises
        raise KeyError('Invalid number of layers: {}. Options are {}'.format(num_layers, sorted(densenet_spec)))
    num_init_features, growth_rate, block_config = densenet_spec[num_layers]
    net = DenseNet(num_init_features, growth_rate, block_config, **kwargs)
    if pretrained:
        _load_pretrained(net, 'densenet%d' % num_layers, ctx, root)
    return net


def _constructor(num_layers):
    def make(**kwargs):
        return get_densenet(num_layers, **kwargs)
    make.__name__ = make.__qualname__ = 'densenet%d' % num_layers
    make.__doc__ = r"""DenseNet-{n} of MXNet's model zoo (see :func:`get_densenet`).

    Parameters
    ----------
    pretrained : bool, default False
        Load MXNet's ImageNet weights (downloaded to `root` when absent).
    ctx : Context, default cpu()
        Where the pretrained weights are loaded.
    root : str, default $MXNET_HOME/models
        Folder of the pretrained parameter files.
    **kwargs
        Passed to :class:`DenseNet`: bn_size, dropout, classes, prefix, params.
    """.format(n=num_layers)
    return make


densenet121 = _constructor(121)
densenet161 = _constructor(161)
densenet169 = _constructor(169)
densenet201 = _constructor(201)
