"""VGG networks of 11, 13, 16 and 19 layers, with or without batch normalization (Simonyan and Zisserman,
2014: "Very Deep Convolutional Networks for Large-Scale Image Recognition")."""
from ... import nn
from ...block import HybridBlock
from ....context import cpu
from ....initializer import Xavier
from ._blocks import load_if, pretrained_doc, variant

__all__ = ['VGG', 'vgg11', 'vgg13', 'vgg16', 'vgg19', 'vgg11_bn', 'vgg13_bn', 'vgg16_bn', 'vgg19_bn', 'get_vgg']

# depth -> (3x3 convolutions in each of the five groups, their channels)
_WIDTHS = [64, 128, 256, 512, 512]
vgg_spec = {11: ([1, 1, 2, 2, 2], _WIDTHS), 13: ([2, 2, 2, 2, 2], _WIDTHS),
            16: ([2, 2, 3, 3, 3], _WIDTHS), 19: ([2, 2, 4, 4, 4], _WIDTHS)}


class VGG(HybridBlock):
    """VGG: groups of 3x3 convolutions (each followed by ReLU, and by batch normalization before it with
    `batch_norm`), a 2x2 max pooling after each group, then two dense layers of 4096 units with dropout
    and the classifier.

    Parameters
    ----------
    layers : list of int
        Convolutions per group.
    filters : list of int
        Channels of each group's convolutions.
    classes : int, default 1000
        Number of classes.
    batch_norm : bool, default False
        Batch normalization after each convolution.
    """

    def __init__(self, layers, filters, classes=1000, batch_norm=False, **kwargs):
        super().__init__(**kwargs)
        if len(layers) != len(filters):
            raise AssertionError('VGG: layers and filters need one entry per group of convolutions, got '
                                 '{} and {}'.format(list(layers), list(filters)))
        with self.name_scope():
            self.features = nn.HybridSequential(prefix='')
            for count, channels in zip(layers, filters):
                for _ in range(count):
                    # an initializer of its own for every convolution, as MXNet makes them
                    self.features.add(nn.Conv2D(channels, kernel_size=3, padding=1, bias_initializer='zeros',
                                                weight_initializer=Xavier(rnd_type='gaussian', factor_type='out',
                                                                          magnitude=2)))
                    if batch_norm:
                        self.features.add(nn.BatchNorm())
                    self.features.add(nn.Activation('relu'))
                self.features.add(nn.MaxPool2D(strides=2))
            for _ in range(2):
                self.features.add(nn.Dense(4096, activation='relu', weight_initializer='normal',
                                           bias_initializer='zeros'), nn.Dropout(rate=0.5))
            self.output = nn.Dense(classes, weight_initializer='normal', bias_initializer='zeros')

    def hybrid_forward(self, F, x):
        return self.output(self.features(x))


def get_vgg(num_layers, pretrained=False, ctx=cpu(), root=None, **kwargs):
    if num_layers not in vgg_spec:
        # a KeyError, as MXNet's lookup in the table gives
        raise KeyError('Invalid number of layers: {}. Options are {}'.format(num_layers, sorted(vgg_spec)))
    net = VGG(*vgg_spec[num_layers], **kwargs)
    name = 'vgg%d%s' % (num_layers, '_bn' if kwargs.get('batch_norm') else '')
    return load_if(pretrained, net, name, ctx, root)


get_vgg.__doc__ = pretrained_doc(
    'The VGG network of depth `num_layers` (11, 13, 16 or 19)',
    'Passed to :class:`VGG` (classes, batch_norm, prefix, params); with batch_norm the pretrained weights '
    'are those of the batch-normalized network.')

_REST = 'Passed to :class:`VGG` (classes, prefix, params).'
vgg11 = variant('vgg11', get_vgg, 11, doc=pretrained_doc('VGG-11', _REST))
vgg13 = variant('vgg13', get_vgg, 13, doc=pretrained_doc('VGG-13', _REST))
vgg16 = variant('vgg16', get_vgg, 16, doc=pretrained_doc('VGG-16', _REST))
vgg19 = variant('vgg19', get_vgg, 19, doc=pretrained_doc('VGG-19', _REST))
vgg11_bn = variant('vgg11_bn', get_vgg, 11, batch_norm=True,
                   doc=pretrained_doc('VGG-11 with batch normalization', _REST))
vgg13_bn = variant('vgg13_bn', get_vgg, 13, batch_norm=True,
                   doc=pretrained_doc('VGG-13 with batch normalization', _REST))
vgg16_bn = variant('vgg16_bn', get_vgg, 16, batch_norm=True,
                   doc=pretrained_doc('VGG-16 with batch normalization', _REST))
vgg19_bn = variant('vgg19_bn', get_vgg, 19, batch_norm=True,
                   doc=pretrained_doc('VGG-19 with batch normalization', _REST))
