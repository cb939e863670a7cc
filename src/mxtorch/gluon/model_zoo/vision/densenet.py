"""DenseNet-BC (Huang et al., 2016: "Densely Connected Convolutional Networks"): within a dense block every
layer receives the outputs of all layers before it, concatenated."""
from ... import nn
from ...block import HybridBlock
from ...contrib.nn import Identity, HybridConcurrent  # noqa: F401  (MXNet's module names it)
from ....context import cpu
from ._blocks import branches, chain, load_if, pretrained_doc, relu, variant

__all__ = ['DenseNet', 'densenet121', 'densenet161', 'densenet169', 'densenet201']

# depth -> (channels of the first convolution, growth rate, layers of each dense block)
densenet_spec = {121: (64, 32, [6, 12, 24, 16]), 161: (96, 48, [6, 12, 36, 24]),
                 169: (64, 32, [6, 12, 32, 32]), 201: (64, 32, [6, 12, 48, 32])}


def _dense_layer(growth_rate, bn_size, dropout):
    """The input, with `growth_rate` new channels appended: BN-ReLU-1x1 convolution to bn_size *
    growth_rate channels, BN-ReLU-3x3 convolution, then dropout if asked."""
    grow = chain(nn.BatchNorm(), relu(), nn.Conv2D(bn_size * growth_rate, kernel_size=1, use_bias=False),
                 nn.BatchNorm(), relu(), nn.Conv2D(growth_rate, kernel_size=3, padding=1, use_bias=False))
    if dropout:
        grow.add(nn.Dropout(dropout))
    return branches(Identity(), grow)


def _dense_block(num_layers, bn_size, growth_rate, dropout, index):
    block = nn.HybridSequential(prefix='stage%d_' % index)
    with block.name_scope():
        for _ in range(num_layers):
            block.add(_dense_layer(growth_rate, bn_size, dropout))
    return block


def _transition(channels):
    """Between two dense blocks: BN-ReLU, a 1x1 convolution to `channels`, 2x2 average pooling."""
    return chain(nn.BatchNorm(), relu(), nn.Conv2D(channels, kernel_size=1, use_bias=False),
                 nn.AvgPool2D(pool_size=2, strides=2))


class DenseNet(HybridBlock):
    """DenseNet-BC: a 7x7 convolution and max pooling, dense blocks with transitions between them that halve
    the channels and the size, then BN-ReLU, 7x7 average pooling and the classifier.

    Parameters
    ----------
    num_init_features : int
        Channels of the first convolution.
    growth_rate : int
        Channels that each layer of a dense block adds.
    block_config : list of int
        Layers of each dense block.
    bn_size : int, default 4
        The 1x1 bottleneck convolutions have bn_size * growth_rate channels.
    dropout : float, default 0
        Dropout after each layer; 0 for none.
    classes : int, default 1000
        Number of classes.
    """

    def __init__(self, num_init_features, growth_rate, block_config, bn_size=4, dropout=0, classes=1000,
                 **kwargs):
        super().__init__(**kwargs)
        with self.name_scope():
            self.features = chain(
                nn.Conv2D(num_init_features, kernel_size=7, strides=2, padding=3, use_bias=False),
                nn.BatchNorm(), relu(), nn.MaxPool2D(pool_size=3, strides=2, padding=1))
            channels = num_init_features
            for index, num_layers in enumerate(block_config, 1):
                self.features.add(_dense_block(num_layers, bn_size, growth_rate, dropout, index))
                channels += num_layers * growth_rate
                if index < len(block_config):
                    channels //= 2
                    self.features.add(_transition(channels))
            self.features.add(nn.BatchNorm(), relu(), nn.AvgPool2D(pool_size=7), nn.Flatten())
            self.output = nn.Dense(classes)

    def hybrid_forward(self, F, x):
        return self.output(self.features(x))


def get_densenet(num_layers, pretrained=False, ctx=cpu(), root=None, **kwargs):
    if num_layers not in densenet_spec:
        # a KeyError, as MXNet's lookup in the table gives
        raise KeyError('Invalid number of layers: {}. Options are {}'.format(num_layers, sorted(densenet_spec)))
    net = DenseNet(*densenet_spec[num_layers], **kwargs)
    return load_if(pretrained, net, 'densenet%d' % num_layers, ctx, root)


_REST = 'Passed to :class:`DenseNet` (bn_size, dropout, classes, prefix, params).'
get_densenet.__doc__ = pretrained_doc('The DenseNet of depth `num_layers` (121, 161, 169 or 201)', _REST)
densenet121 = variant('densenet121', get_densenet, 121, doc=pretrained_doc('DenseNet-121', _REST))
densenet161 = variant('densenet161', get_densenet, 161, doc=pretrained_doc('DenseNet-161', _REST))
densenet169 = variant('densenet169', get_densenet, 169, doc=pretrained_doc('DenseNet-169', _REST))
densenet201 = variant('densenet201', get_densenet, 201, doc=pretrained_doc('DenseNet-201', _REST))
