"""VGG 11/13/16/19, with or without batch normalization (Simonyan and Zisserman 2014, "Very Deep
Convolutional Networks for Large-Scale Image Recognition").

Blocks, prefixes, attribute names and initializers are MXNet's, so MXNet's parameter files load unchanged."""
from ....context import cpu
from ....initializer import Xavier
from ...block import HybridBlock
from ... import nn
from ..model_store import _load_pretrained

__all__ = ['VGG',
           'vgg11', 'vgg13', 'vgg16', 'vgg19',
           'vgg11_bn', 'vgg13_bn', 'vgg16_bn', 'vgg19_bn',
           'get_vgg']


class VGG(HybridBlock):
    r"""VGG ("Very Deep Convolutional Networks for Large-Scale Image Recognition", Simonyan and Zisserman
    2014): groups of 3x3 convolutions (each followed by ReLU, with batch norm between when asked), each
    group closed by 2x2 max pooling, then two 4096-unit dense layers with dropout and the classifier.

    Parameters
    ----------
    layers : list of int
        Number of convolutions in each group.
    filters : list of int
        Channels of the convolutions of each group.
    classes : int, default 1000
        Number of output classes.
    batch_norm : bool, default False
        Put batch normalization after each convolution.
    """

    def __init__(self, layers, filters, classes=1000, batch_norm=False, **kwargs):
        super(VGG, self).__init__(**kwargs)
        if len(layers) != len(filters):
            raise AssertionError('VGG: layers and filters need one entry per group of convolutions, got '
                                 '{} and {}'.format(list(layers), list(filters)))
        with self.name_scope():
            self.features = self._make_features(layers, filters, batch_norm)
            for _ in range(2):
                self.features.add(nn.Dense(4096, activation='relu', weight_initializer='normal',
                                           bias_initializer='zeros'))
                self.features.add(nn.Dropout(rate=0.5))
            self.output = nn.Dense(classes, weight_initializer='normal', bias_initializer='zeros')

    def _make_features(self, layers, filters, batch_norm):
        features = nn.HybridSequential(prefix='')
        for num_convs, channels in zip(layers, filters):
            for _ in range(num_convs):
                # a fresh initializer per layer, as MXNet builds them
                features.add(nn.Conv2D(channels, kernel_size=3, padding=1,
                                       weight_initializer=Xavier(rnd_type='gaussian', factor_type='out',
                                                                 magnitude=2),
                                       bias_initializer='zeros'))
                if batch_norm:
                    features.add(nn.BatchNorm())
                features.add(nn.Activation('relu'))
            features.add(nn.MaxPool2D(strides=2))
        return features

    def hybrid_forward(self, F, x):
        return self.output(self.features(x))


# depth -> (convolutions per group, channels per group)
vgg_spec = {11: ([1, 1, 2, 2, 2], [64, 128, 256, 512, 512]),
            13: ([2, 2, 2, 2, 2], [64, 128, 256, 512, 512]),
            16: ([2, 2, 3, 3, 3], [64, 128, 256, 512, 512]),
            19: ([2, 2, 4, 4, 4], [64, 128, 256, 512, 512])}


def get_vgg(num_layers, pretrained=False, ctx=cpu(), root=None, **kwargs):
    r"""A VGG network of MXNet's model zoo.

    Parameters
    ----------
    num_layers : int
        Depth: 11, 13, 16 or 19.
    pretrained : bool, default False
        Load MXNet's ImageNet weights (downloaded to `root` when absent; those of the batch-norm variant
        when ``batch_norm=True``).
    ctx : Context, default cpu()
        Where the pretrained weights are loaded.
    root : str, default $MXNET_HOME/models
        Folder of the pretrained parameter files.
    **kwargs
        Passed to :class:`VGG`: classes, batch_norm, prefix, params.
    """
    if num_layers not in vgg_spec:
        # KeyError, as MXNet's table lookup raises
        raise KeyError('Invalid number of layers: {}. Options are {}'.format(num_layers, sorted(vgg_spec)))
    layers, filters = vgg_spec[num_layers]
    net = VGG(layers, filters, **kwargs)
    if pretrained:
        _load_pretrained(net, 'vgg%d%s' % (num_layers, '_bn' if kwargs.get('batch_norm') else ''), ctx, root)
    return net


def _constructor(num_layers, batch_norm):
    name = 'vgg%d%s' % (num_layers, '_bn' if batch_norm else '')

    def make(**kwargs):
        if batch_norm:
            kwargs['batch_norm'] = True
        return get_vgg(num_layers, **kwargs)
    make.__name__ = make.__qualname__ = name
    make.__doc__ = r"""VGG-{n}{bn} of MXNet's model zoo (see :func:`get_vgg`).

    Parameters
    ----------
    pretrained : bool, default False
        Load MXNet's ImageNet weights (downloaded to `root` when absent).
    ctx : Context, default cpu()
        Where the pretrained weights are loaded.
    root : str, default $MXNET_HOME/models
        Folder of the pretrained parameter files.
    **kwargs
        Passed to :class:`VGG`: classes, prefix, params.
    """.format(n=num_layers, bn=' with batch normalization' if batch_norm else '')
    return make


vgg11 = _constructor(11, False)
vgg13 = _constructor(13, False)
vgg16 = _constructor(16, False)
vgg19 = _constructor(19, False)
vgg11_bn = _constructor(11, True)
vgg13_bn = _constructor(13, True)
vgg16_bn = _constructor(16, True)
vgg19_bn = _constructor(19, True)
