"""Residual networks: ResNet V1 (He et al. 2015, "Deep Residual Learning for Image Recognition") and V2
(He et al. 2016, "Identity Mappings in Deep Residual Networks"), 18 to 152 layers.

Blocks, prefixes and attribute names are MXNet's (``resnetv10_stage1_conv0_weight``; ``features.5.0.body.0
.weight`` in parameter files), so MXNet's pretrained and user-saved files load unchanged."""
from ....context import cpu
from ...block import HybridBlock
from ... import nn
from ..model_store import _load_pretrained

__all__ = ['ResNetV1', 'ResNetV2',
           'BasicBlockV1', 'BasicBlockV2',
           'BottleneckV1', 'BottleneckV2',
           'resnet18_v1', 'resnet34_v1', 'resnet50_v1', 'resnet101_v1', 'resnet152_v1',
           'resnet18_v2', 'resnet34_v2', 'resnet50_v2', 'resnet101_v2', 'resnet152_v2',
           'get_resnet']


def _conv3x3(channels, stride, in_channels):
    """A 3x3 convolution without bias that keeps the spatial size at stride 1."""
    return nn.Conv2D(channels, kernel_size=3, strides=stride, padding=1, use_bias=False,
                     in_channels=in_channels)


def _shortcut_v1(channels, stride, in_channels):
    """The projection of a V1 block's input when its shape changes: 1x1 convolution and batch norm."""
    shortcut = nn.HybridSequential(prefix='')
    shortcut.add(nn.Conv2D(channels, kernel_size=1, strides=stride, use_bias=False, in_channels=in_channels))
    shortcut.add(nn.BatchNorm())
    return shortcut


class BasicBlockV1(HybridBlock):
    r"""The two-convolution residual block of ResNet-18/34 V1: conv3x3-BN-ReLU-conv3x3-BN, added to the
    (projected) input, then ReLU.

    Parameters
    ----------
    channels : int
        Number of output channels.
    stride : int
        Stride of the first convolution (2 halves the height and width).
    downsample : bool, default False
        Whether the input goes through a 1x1 convolution (and batch norm) before the addition; needed when
        the number of channels or the stride changes.
    in_channels : int, default 0
        Number of input channels; 0 infers it from the first input.
    """

    def __init__(self, channels, stride, downsample=False, in_channels=0, **kwargs):
        super(BasicBlockV1, self).__init__(**kwargs)
        # the layers are created outside this block's name scope, as MXNet does, so that they are named
        # after the enclosing stage (stage1_conv0, ...), not after this block
        self.body = nn.HybridSequential(prefix='')
        self.body.add(_conv3x3(channels, stride, in_channels))
        self.body.add(nn.BatchNorm())
        self.body.add(nn.Activation('relu'))
        self.body.add(_conv3x3(channels, 1, channels))
        self.body.add(nn.BatchNorm())
        self.downsample = _shortcut_v1(channels, stride, in_channels) if downsample else None

    def hybrid_forward(self, F, x):
        shortcut = x if self.downsample is None else self.downsample(x)
        return F.Activation(shortcut + self.body(x), act_type='relu')


class BottleneckV1(HybridBlock):
    r"""The bottleneck residual block of ResNet-50/101/152 V1: 1x1 convolution down to channels/4, 3x3
    convolution, 1x1 convolution back up to `channels` (each followed by batch norm, the first two by
    ReLU), added to the (projected) input, then ReLU.

    Parameters
    ----------
    channels : int
        Number of output channels.
    stride : int
        Stride of the first convolution.
    downsample : bool, default False
        Whether the input goes through a 1x1 convolution (and batch norm) before the addition.
    in_channels : int, default 0
        Number of input channels; 0 infers it from the first input.
    """

    def __init__(self, channels, stride, downsample=False, in_channels=0, **kwargs):
        super(BottleneckV1, self).__init__(**kwargs)
        inner = channels // 4
        self.body = nn.HybridSequential(prefix='')
        self.body.add(nn.Conv2D(inner, kernel_size=1, strides=stride))
        self.body.add(nn.BatchNorm())
        self.body.add(nn.Activation('relu'))
        self.body.add(_conv3x3(inner, 1, inner))
        self.body.add(nn.BatchNorm())
        self.body.add(nn.Activation('relu'))
        self.body.add(nn.Conv2D(channels, kernel_size=1, strides=1))
        self.body.add(nn.BatchNorm())
        self.downsample = _shortcut_v1(channels, stride, in_channels) if downsample else None

    def hybrid_forward(self, F, x):
        shortcut = x if self.downsample is None else self.downsample(x)
        return F.Activation(self.body(x) + shortcut, act_type='relu')


class BasicBlockV2(HybridBlock):
    r"""The two-convolution residual block of ResNet-18/34 V2, with batch norm and ReLU before each
    convolution ("pre-activation") and nothing after the addition.

    Parameters
    ----------
    channels : int
        Number of output channels.
    stride : int
        Stride of the first convolution.
    downsample : bool, default False
        Whether the shortcut is a 1x1 convolution of the pre-activated input.
    in_channels : int, default 0
        Number of input channels; 0 infers it from the first input.
    """

    def __init__(self, channels, stride, downsample=False, in_channels=0, **kwargs):
        super(BasicBlockV2, self).__init__(**kwargs)
        self.bn1 = nn.BatchNorm()
        self.conv1 = _conv3x3(channels, stride, in_channels)
        self.bn2 = nn.BatchNorm()
        self.conv2 = _conv3x3(channels, 1, channels)
        self.downsample = nn.Conv2D(channels, 1, stride, use_bias=False, in_channels=in_channels) \
            if downsample else None

    def hybrid_forward(self, F, x):
        shortcut = x
        x = F.Activation(self.bn1(x), act_type='relu')
        if self.downsample is not None:
            shortcut = self.downsample(x)
        x = self.conv1(x)
        x = F.Activation(self.bn2(x), act_type='relu')
        return self.conv2(x) + shortcut


class BottleneckV2(HybridBlock):
    r"""The bottleneck residual block of ResNet-50/101/152 V2 (pre-activation): BN-ReLU-conv1x1,
    BN-ReLU-conv3x3 (strided), BN-ReLU-conv1x1, added to the shortcut.

    Parameters
    ----------
    channels : int
        Number of output channels.
    stride : int
        Stride of the 3x3 convolution.
    downsample : bool, default False
        Whether the shortcut is a 1x1 convolution of the pre-activated input.
    in_channels : int, default 0
        Number of input channels; 0 infers it from the first input.
    """

    def __init__(self, channels, stride, downsample=False, in_channels=0, **kwargs):
        super(BottleneckV2, self).__init__(**kwargs)
        inner = channels // 4
        self.bn1 = nn.BatchNorm()
        self.conv1 = nn.Conv2D(inner, kernel_size=1, strides=1, use_bias=False)
        self.bn2 = nn.BatchNorm()
        self.conv2 = _conv3x3(inner, stride, inner)
        self.bn3 = nn.BatchNorm()
        self.conv3 = nn.Conv2D(channels, kernel_size=1, strides=1, use_bias=False)
        self.downsample = nn.Conv2D(channels, 1, stride, use_bias=False, in_channels=in_channels) \
            if downsample else None

    def hybrid_forward(self, F, x):
        shortcut = x
        x = F.Activation(self.bn1(x), act_type='relu')
        if self.downsample is not None:
            shortcut = self.downsample(x)
        x = self.conv1(x)
        x = F.Activation(self.bn2(x), act_type='relu')
        x = self.conv2(x)
        x = F.Activation(self.bn3(x), act_type='relu')
        return self.conv3(x) + shortcut


def _check_spec(layers, channels):
    if len(layers) != len(channels) - 1:
        raise AssertionError('ResNet: channels needs one entry more than layers (the stem\'s channels, then '
                             'one per stage), got layers={} and channels={}'.format(list(layers), list(channels)))


def _add_stem(features, channels, thumbnail):
    """The first layers: one 3x3 convolution for small images (thumbnail), else the 7x7/2 convolution,
    batch norm, ReLU and 3x3/2 max pooling of ImageNet models."""
    if thumbnail:
        features.add(_conv3x3(channels, 1, 0))
    else:
        features.add(nn.Conv2D(channels, 7, 2, 3, use_bias=False))
        features.add(nn.BatchNorm())
        features.add(nn.Activation('relu'))
        features.add(nn.MaxPool2D(3, 2, 1))


def _add_stages(features, block, layers, channels):
    """One HybridSequential per stage (prefix stage1_, stage2_, ...): the first block of a stage changes the
    channels (and, after the first stage, halves the size), the others keep them."""
    for i, num_blocks in enumerate(layers):
        in_channels, out_channels = channels[i], channels[i + 1]
        stage = nn.HybridSequential(prefix='stage%d_' % (i + 1))
        with stage.name_scope():
            stage.add(block(out_channels, 1 if i == 0 else 2, out_channels != in_channels,
                            in_channels=in_channels, prefix=''))
            for _ in range(num_blocks - 1):
                stage.add(block(out_channels, 1, False, in_channels=out_channels, prefix=''))
        features.add(stage)


class ResNetV1(HybridBlock):
    r"""ResNet V1 ("Deep Residual Learning for Image Recognition", He et al. 2015).

    Parameters
    ----------
    block : class
        The residual block: BasicBlockV1 or BottleneckV1.
    layers : list of int
        Number of blocks in each stage.
    channels : list of int
        Channels of the stem, then of each stage (one entry more than `layers`).
    classes : int, default 1000
        Number of output classes.
    thumbnail : bool, default False
        Use a single 3x3 convolution as the stem (for small images such as CIFAR's 32x32) instead of
        the 7x7 convolution and max pooling.
    """

    def __init__(self, block, layers, channels, classes=1000, thumbnail=False, **kwargs):
        super(ResNetV1, self).__init__(**kwargs)
        _check_spec(layers, channels)
        with self.name_scope():
            self.features = nn.HybridSequential(prefix='')
            _add_stem(self.features, channels[0], thumbnail)
            _add_stages(self.features, block, layers, channels)
            self.features.add(nn.GlobalAvgPool2D())
            self.output = nn.Dense(classes, in_units=channels[-1])

    def hybrid_forward(self, F, x):
        return self.output(self.features(x))


class ResNetV2(HybridBlock):
    r"""ResNet V2 ("Identity Mappings in Deep Residual Networks", He et al. 2016): pre-activation blocks,
    the input normalized by a batch norm without scale and shift, and batch norm and ReLU after the last
    stage.

    Parameters
    ----------
    block : class
        The residual block: BasicBlockV2 or BottleneckV2.
    layers : list of int
        Number of blocks in each stage.
    channels : list of int
        Channels of the stem, then of each stage (one entry more than `layers`).
    classes : int, default 1000
        Number of output classes.
    thumbnail : bool, default False
        Use a single 3x3 convolution as the stem (for small images).
    """

    def __init__(self, block, layers, channels, classes=1000, thumbnail=False, **kwargs):
        super(ResNetV2, self).__init__(**kwargs)
        _check_spec(layers, channels)
        with self.name_scope():
            self.features = nn.HybridSequential(prefix='')
            self.features.add(nn.BatchNorm(scale=False, center=False))
            _add_stem(self.features, channels[0], thumbnail)
            _add_stages(self.features, block, layers, channels)
            self.features.add(nn.BatchNorm())
            self.features.add(nn.Activation('relu'))
            self.features.add(nn.GlobalAvgPool2D())
            self.features.add(nn.Flatten())
            self.output = nn.Dense(classes, in_units=channels[-1])

    def hybrid_forward(self, F, x):
        return self.output(self.features(x))


# depth -> (block kind, blocks per stage, channels of the stem and of each stage)
resnet_spec = {18: ('basic_block', [2, 2, 2, 2], [64, 64, 128, 256, 512]),
               34: ('basic_block', [3, 4, 6, 3], [64, 64, 128, 256, 512]),
               50: ('bottle_neck', [3, 4, 6, 3], [64, 256, 512, 1024, 2048]),
               101: ('bottle_neck', [3, 4, 23, 3], [64, 256, 512, 1024, 2048]),
               152: ('bottle_neck', [3, 8, 36, 3], [64, 256, 512, 1024, 2048])}
resnet_net_versions = [ResNetV1, ResNetV2]
resnet_block_versions = [{'basic_block': BasicBlockV1, 'bottle_neck': BottleneckV1},
                         {'basic_block': BasicBlockV2, 'bottle_neck': BottleneckV2}]


def get_resnet(version, num_layers, pretrained=False, ctx=cpu(), root=None, **kwargs):
    r"""A ResNet of MXNet's model zoo.

    Parameters
    ----------
    version : int
        1 (ResNetV1) or 2 (ResNetV2).
    num_layers : int
        Depth: 18, 34, 50, 101 or 152.
    pretrained : bool, default False
        Load MXNet's ImageNet weights (downloaded to `root` when absent).
    ctx : Context, default cpu()
        Where the pretrained weights are loaded.
    root : str, default $MXNET_HOME/models
        Folder of the pretrained parameter files.
    **kwargs
        Passed to the network's class: classes, thumbnail, prefix, params.
    """
    if num_layers not in resnet_spec:
        raise AssertionError('Invalid number of layers: %d. Options are %s' % (num_layers, str(resnet_spec.keys())))
    if version not in (1, 2):
        raise AssertionError('Invalid resnet version: %d. Options are 1 and 2.' % version)
    kind, layers, channels = resnet_spec[num_layers]
    net = resnet_net_versions[version - 1](resnet_block_versions[version - 1][kind], layers, channels, **kwargs)
    if pretrained:
        _load_pretrained(net, 'resnet%d_v%d' % (num_layers, version), ctx, root)
    return net


def _constructor(version, num_layers):
    def make(**kwargs):
        return get_resnet(version, num_layers, **kwargs)
    make.__name__ = make.__qualname__ = 'resnet%d_v%d' % (num_layers, version)
    make.__doc__ = r"""ResNet-{n} V{v} of MXNet's model zoo (see :func:`get_resnet`).

    Parameters
    ----------
    pretrained : bool, default False
        Load MXNet's ImageNet weights (downloaded to `root` when absent).
    ctx : Context, default cpu()
        Where the pretrained weights are loaded.
    root : str, default $MXNET_HOME/models
        Folder of the pretrained parameter files.
    **kwargs
        Passed to :class:`ResNetV{v}`: classes, thumbnail, prefix, params.
    """.format(n=num_layers, v=version)
    return make


resnet18_v1 = _constructor(1, 18)
resnet34_v1 = _constructor(1, 34)
resnet50_v1 = _constructor(1, 50)
resnet101_v1 = _constructor(1, 101)
resnet152_v1 = _constructor(1, 152)
resnet18_v2 = _constructor(2, 18)
resnet34_v2 = _constructor(2, 34)
resnet50_v2 = _constructor(2, 50)
resnet101_v2 = _constructor(2, 101)
resnet152_v2 = _constructor(2, 152)
