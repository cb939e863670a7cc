"""Residual networks of 18 to 152 layers: ResNet V1 (He et al., 2015: "Deep Residual Learning for Image
Recognition") and V2 (He et al., 2016: "Identity Mappings in Deep Residual Networks").

A residual block adds a shortcut to its input: a V1 block applies ReLU after the sum, a V2 block applies
batch norm and ReLU before each convolution ("pre-activation") and nothing after it. The layers of a block
are created in the scope of the stage around it (``stage1_conv0``), as in MXNet."""
from ... import nn
from ...block import HybridBlock
from ....context import cpu
from ._blocks import chain, load_if, pretrained_doc, relu, variant

__all__ = ['ResNetV1', 'ResNetV2', 'BasicBlockV1', 'BasicBlockV2', 'BottleneckV1', 'BottleneckV2',
           'resnet18_v1', 'resnet34_v1', 'resnet50_v1', 'resnet101_v1', 'resnet152_v1',
           'resnet18_v2', 'resnet34_v2', 'resnet50_v2', 'resnet101_v2', 'resnet152_v2', 'get_resnet']


def _conv3(channels, stride, in_channels):
    """3x3 convolution without bias that keeps the size at stride 1."""
    return nn.Conv2D(channels, kernel_size=3, strides=stride, padding=1, use_bias=False, in_channels=in_channels)


def _projection(channels, stride, in_channels):
    """The 1x1 convolution that gives the shortcut the block's output shape."""
    return nn.Conv2D(channels, kernel_size=1, strides=stride, use_bias=False, in_channels=in_channels)


_BLOCK_ARGUMENTS = """
    Parameters
    ----------
    channels : int
        Channels of the block's output.
    stride : int
        Stride of its first strided convolution (2 halves height and width).
    downsample : bool, default False
        Whether the shortcut is projected by a 1x1 convolution, needed when the channels or the size
        change.
    in_channels : int, default 0
        Channels of the input; 0 takes them from the first input.
"""


class _PostActivation(HybridBlock):
    """A V1 block: ``relu(body(x) + shortcut)``, the shortcut being x or its projection (1x1 convolution
    and batch norm). The subclasses' `_body` lists the layers; `_shortcut_first` orders the sum's operands
    as MXNet's graphs have them."""
    _shortcut_first = False

    def __init__(self, channels, stride, downsample=False, in_channels=0, **kwargs):
        super().__init__(**kwargs)
        self.body = chain(*self._body(channels, stride, in_channels))
        self.downsample = chain(_projection(channels, stride, in_channels), nn.BatchNorm()) if downsample else None

    def hybrid_forward(self, F, x):
        shortcut = x if self.downsample is None else self.downsample(x)
        body = self.body(x)
        return F.Activation(shortcut + body if self._shortcut_first else body + shortcut, act_type='relu')


class BasicBlockV1(_PostActivation):
    __doc__ = """The block of ResNet-18 and 34 V1: 3x3 convolution, BN, ReLU, 3x3 convolution, BN; the shortcut
    is added and ReLU applied.
    """ + _BLOCK_ARGUMENTS
    _shortcut_first = True

    @staticmethod
    def _body(channels, stride, in_channels):
        return [_conv3(channels, stride, in_channels), nn.BatchNorm(), relu(),
                _conv3(channels, 1, channels), nn.BatchNorm()]


class BottleneckV1(_PostActivation):
    __doc__ = """The bottleneck block of ResNet-50, 101 and 152 V1: a 1x1 convolution to a quarter of the
    channels, a 3x3 convolution and a 1x1 convolution back to `channels`, each followed by BN (the first
    two also by ReLU); the shortcut is added and ReLU applied.
    """ + _BLOCK_ARGUMENTS

    @staticmethod
    def _body(channels, stride, in_channels):
        quarter = channels // 4
        return [nn.Conv2D(quarter, kernel_size=1, strides=stride), nn.BatchNorm(), relu(),
                _conv3(quarter, 1, quarter), nn.BatchNorm(), relu(),
                nn.Conv2D(channels, kernel_size=1, strides=1), nn.BatchNorm()]


class _PreActivation(HybridBlock):
    """A V2 block: for each (batch norm, convolution) pair named in `_pairs`, ``x = conv(relu(bn(x)))``;
    then the shortcut is added. The shortcut is x, or the projection of the first pair's activation."""
    _pairs = ()

    def hybrid_forward(self, F, x):
        shortcut = x
        for i, (bn, conv) in enumerate(self._pairs):
            x = F.Activation(getattr(self, bn)(x), act_type='relu')
            if i == 0 and self.downsample is not None:
                shortcut = self.downsample(x)
            x = getattr(self, conv)(x)
        return x + shortcut


class BasicBlockV2(_PreActivation):
    __doc__ = """The block of ResNet-18 and 34 V2: two pre-activated 3x3 convolutions.
    """ + _BLOCK_ARGUMENTS
    _pairs = (('bn1', 'conv1'), ('bn2', 'conv2'))

    def __init__(self, channels, stride, downsample=False, in_channels=0, **kwargs):
        super().__init__(**kwargs)
        self.bn1 = nn.BatchNorm()
        self.conv1 = _conv3(channels, stride, in_channels)
        self.bn2 = nn.BatchNorm()
        self.conv2 = _conv3(channels, 1, channels)
        self.downsample = _projection(channels, stride, in_channels) if downsample else None


class BottleneckV2(_PreActivation):
    __doc__ = """The bottleneck block of ResNet-50, 101 and 152 V2: pre-activated 1x1 convolution to a quarter
    of the channels, 3x3 convolution (strided) and 1x1 convolution back to `channels`.
    """ + _BLOCK_ARGUMENTS
    _pairs = (('bn1', 'conv1'), ('bn2', 'conv2'), ('bn3', 'conv3'))

    def __init__(self, channels, stride, downsample=False, in_channels=0, **kwargs):
        super().__init__(**kwargs)
        quarter = channels // 4
        self.bn1 = nn.BatchNorm()
        self.conv1 = nn.Conv2D(quarter, kernel_size=1, strides=1, use_bias=False)
        self.bn2 = nn.BatchNorm()
        self.conv2 = _conv3(quarter, stride, quarter)
        self.bn3 = nn.BatchNorm()
        self.conv3 = nn.Conv2D(channels, kernel_size=1, strides=1, use_bias=False)
        self.downsample = _projection(channels, stride, in_channels) if downsample else None


_NET_ARGUMENTS = """
    Parameters
    ----------
    block : class
        The residual block ({blocks}).
    layers : list of int
        Blocks in each stage.
    channels : list of int
        Channels of the first convolution, then of each stage: one more entry than `layers`.
    classes : int, default 1000
        Number of classes.
    thumbnail : bool, default False
        For small images (CIFAR's 32x32): a single 3x3 convolution in place of the 7x7 convolution and max
        pooling at the start.
"""


class _ResNet(HybridBlock):
    """The network around the blocks: `_before` and `_after` give the layers around the stem and the
    stages (V2 adds normalizations there)."""

    def __init__(self, block, layers, channels, classes=1000, thumbnail=False, **kwargs):
        super().__init__(**kwargs)
        if len(layers) != len(channels) - 1:
            raise AssertionError("ResNet: channels needs one entry more than layers (the first convolution's "
                                 "channels, then one per stage), got layers={} and channels={}".format(
                                     list(layers), list(channels)))
        with self.name_scope():
            self.features = chain(*self._before())
            if thumbnail:
                self.features.add(_conv3(channels[0], 1, 0))
            else:
                self.features.add(nn.Conv2D(channels[0], 7, 2, 3, use_bias=False), nn.BatchNorm(), relu(),
                                  nn.MaxPool2D(3, 2, 1))
            for i, count in enumerate(layers):
                stage = nn.HybridSequential(prefix='stage%d_' % (i + 1))
                with stage.name_scope():
                    # the first block of a stage changes the channels, and after the first stage halves
                    # the size
                    stage.add(block(channels[i + 1], 1 if i == 0 else 2, channels[i + 1] != channels[i],
                                    in_channels=channels[i], prefix=''))
                    for _ in range(count - 1):
                        stage.add(block(channels[i + 1], 1, False, in_channels=channels[i + 1], prefix=''))
                self.features.add(stage)
            self.features.add(*self._after())
            self.output = nn.Dense(classes, in_units=channels[-1])

    def hybrid_forward(self, F, x):
        return self.output(self.features(x))


class ResNetV1(_ResNet):
    __doc__ = """ResNet V1: the stem, stages of residual blocks, global average pooling and the classifier.
    """ + _NET_ARGUMENTS.format(blocks='BasicBlockV1 or BottleneckV1')

    @staticmethod
    def _before():
        return []

    @staticmethod
    def _after():
        return [nn.GlobalAvgPool2D()]


class ResNetV2(_ResNet):
    __doc__ = """ResNet V2: the input normalized by a batch norm without scale and shift, the stem, stages of
    pre-activation blocks, batch norm and ReLU, global average pooling and the classifier.
    """ + _NET_ARGUMENTS.format(blocks='BasicBlockV2 or BottleneckV2')

    @staticmethod
    def _before():
        return [nn.BatchNorm(scale=False, center=False)]

    @staticmethod
    def _after():
        return [nn.BatchNorm(), relu(), nn.GlobalAvgPool2D(), nn.Flatten()]


# depth -> (block kind, blocks per stage, channels of the first convolution and of each stage)
_NARROW = [64, 64, 128, 256, 512]
_WIDE = [64, 256, 512, 1024, 2048]
resnet_spec = {18: ('basic_block', [2, 2, 2, 2], _NARROW), 34: ('basic_block', [3, 4, 6, 3], _NARROW),
               50: ('bottle_neck', [3, 4, 6, 3], _WIDE), 101: ('bottle_neck', [3, 4, 23, 3], _WIDE),
               152: ('bottle_neck', [3, 8, 36, 3], _WIDE)}
resnet_net_versions = [ResNetV1, ResNetV2]
resnet_block_versions = [dict(basic_block=BasicBlockV1, bottle_neck=BottleneckV1),
                         dict(basic_block=BasicBlockV2, bottle_neck=BottleneckV2)]


def get_resnet(version, num_layers, pretrained=False, ctx=cpu(), root=None, **kwargs):
    if num_layers not in resnet_spec:
        raise AssertionError('Invalid number of layers: %d. Options are %s' % (num_layers, str(resnet_spec.keys())))
    if version not in (1, 2):
        raise AssertionError('Invalid resnet version: %d. Options are 1 and 2.' % version)
    kind, layers, channels = resnet_spec[num_layers]
    net = resnet_net_versions[version - 1](resnet_block_versions[version - 1][kind], layers, channels, **kwargs)
    return load_if(pretrained, net, 'resnet%d_v%d' % (num_layers, version), ctx, root)


get_resnet.__doc__ = pretrained_doc(
    'The ResNet V`version` (1 or 2) of depth `num_layers` (18, 34, 50, 101 or 152)',
    'Passed to the network class (classes, thumbnail, prefix, params).')


def _resnet(version, depth):
    return variant('resnet%d_v%d' % (depth, version), get_resnet, version, depth,
                   doc=pretrained_doc('ResNet-%d V%d' % (depth, version),
                                      'Passed to :class:`ResNetV%d` (classes, thumbnail, prefix, params).' % version))


resnet18_v1, resnet34_v1, resnet50_v1, resnet101_v1, resnet152_v1 = (_resnet(1, d) for d in (18, 34, 50, 101, 152))
resnet18_v2, resnet34_v2, resnet50_v2, resnet101_v2, resnet152_v2 = (_resnet(2, d) for d in (18, 34, 50, 101, 152))
