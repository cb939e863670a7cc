"""MobileNet (Howard et al. 2017, "MobileNets: Efficient Convolutional Neural Networks for Mobile Vision
Applications") and MobileNetV2 (Sandler et al. 2018, "Inverted Residuals and Linear Bottlenecks"), at
width multipliers 1.0, 0.75, 0.5 and 0.25.

Blocks, prefixes (``mobilenetv20_features_linearbottleneck0_conv0_weight``) and attribute names are
MXNet's, so MXNet's parameter files load unchanged."""
from ... import nn
from ....context import cpu
from ...block import HybridBlock
from ..model_store import _load_pretrained

__all__ = ['MobileNet', 'MobileNetV2', 'mobilenet1_0', 'mobilenet_v2_1_0', 'mobilenet0_75',
           'mobilenet_v2_0_75', 'mobilenet0_5', 'mobilenet_v2_0_5', 'mobilenet0_25',
           'mobilenet_v2_0_25', 'get_mobilenet', 'get_mobilenet_v2']


class RELU6(nn.HybridBlock):
    """ReLU capped at 6: min(max(x, 0), 6)."""

    def __init__(self, **kwargs):
        super(RELU6, self).__init__(**kwargs)

    def hybrid_forward(self, F, x):
        return F.clip(x, 0, 6, name='relu6')


def _add_conv(out, channels=1, kernel=1, stride=1, pad=0, num_group=1, active=True, relu6=False):
    """Appends a convolution without bias, batch norm and (when `active`) ReLU or ReLU6 to `out`."""
    out.add(nn.Conv2D(channels, kernel, stride, pad, groups=num_group, use_bias=False))
    out.add(nn.BatchNorm(scale=True))
    if active:
        out.add(RELU6() if relu6 else nn.Activation('relu'))


def _add_conv_dw(out, dw_channels, channels, stride, relu6=False):
    """Appends a depthwise separable convolution: 3x3 depthwise, then 1x1 pointwise to `channels`."""
    _add_conv(out, channels=dw_channels, kernel=3, stride=stride, pad=1, num_group=dw_channels, relu6=relu6)
    _add_conv(out, channels=channels, relu6=relu6)


class LinearBottleneck(nn.HybridBlock):
    r"""The inverted residual block of MobileNetV2: a 1x1 expansion to in_channels*t channels (ReLU6), a
    3x3 depthwise convolution (ReLU6) and a linear 1x1 projection to `channels`, plus the input when the
    shapes allow (stride 1, same channels).

    Parameters
    ----------
    in_channels : int
        Number of input channels.
    channels : int
        Number of output channels.
    t : int
        Expansion factor.
    stride : int
        Stride of the depthwise convolution.
    """

    def __init__(self, in_channels, channels, t, stride, **kwargs):
        super(LinearBottleneck, self).__init__(**kwargs)
        self.use_shortcut = stride == 1 and in_channels == channels
        expanded = in_channels * t
        with self.name_scope():
            self.out = nn.HybridSequential()
            _add_conv(self.out, expanded, relu6=True)
            _add_conv(self.out, expanded, kernel=3, stride=stride, pad=1, num_group=expanded, relu6=True)
            _add_conv(self.out, channels, active=False, relu6=True)

    def hybrid_forward(self, F, x):
        out = self.out(x)
        if self.use_shortcut:
            out = F.elemwise_add(out, x)
        return out


def _scaled(multiplier, widths):
    return [int(w * multiplier) for w in widths]


class MobileNet(HybridBlock):
    r"""MobileNet ("MobileNets: Efficient Convolutional Neural Networks for Mobile Vision Applications",
    Howard et al. 2017): a strided 3x3 convolution and 13 depthwise separable convolutions, global
    average pooling and a dense classifier.

    Parameters
    ----------
    multiplier : float, default 1.0
        Width multiplier: every layer has int(multiplier * its channels at 1.0).
    classes : int, default 1000
        Number of output classes.
    """

    def __init__(self, multiplier=1.0, classes=1000, **kwargs):
        super(MobileNet, self).__init__(**kwargs)
        dw_channels = _scaled(multiplier, [32, 64] + [128] * 2 + [256] * 2 + [512] * 6 + [1024])
        channels = _scaled(multiplier, [64] + [128] * 2 + [256] * 2 + [512] * 6 + [1024] * 2)
        strides = [1, 2] * 3 + [1] * 5 + [2, 1]
        with self.name_scope():
            self.features = nn.HybridSequential(prefix='')
            with self.features.name_scope():
                _add_conv(self.features, channels=int(32 * multiplier), kernel=3, pad=1, stride=2)
                for dwc, c, s in zip(dw_channels, channels, strides):
                    _add_conv_dw(self.features, dw_channels=dwc, channels=c, stride=s)
                self.features.add(nn.GlobalAvgPool2D())
                self.features.add(nn.Flatten())
            self.output = nn.Dense(classes)

    def hybrid_forward(self, F, x):
        return self.output(self.features(x))


class MobileNetV2(nn.HybridBlock):
    r"""MobileNetV2 ("Inverted Residuals and Linear Bottlenecks: Mobile Networks for Classification,
    Detection and Segmentation", Sandler et al. 2018): a strided 3x3 convolution, 17 linear bottlenecks,
    a 1x1 convolution to 1280 channels (more above multiplier 1), global average pooling, and a 1x1
    convolution as classifier.

    Parameters
    ----------
    multiplier : float, default 1.0
        Width multiplier: every layer has int(multiplier * its channels at 1.0).
    classes : int, default 1000
        Number of output classes.
    """

    def __init__(self, multiplier=1.0, classes=1000, **kwargs):
        super(MobileNetV2, self).__init__(**kwargs)
        in_channels = _scaled(multiplier, [32] + [16] + [24] * 2 + [32] * 3 + [64] * 4 + [96] * 3 + [160] * 3)
        channels = _scaled(multiplier, [16] + [24] * 2 + [32] * 3 + [64] * 4 + [96] * 3 + [160] * 3 + [320])
        expansions = [1] + [6] * 16
        strides = [1, 2] * 2 + [1, 1, 2] + [1] * 6 + [2] + [1] * 3
        last_channels = int(1280 * multiplier) if multiplier > 1.0 else 1280
        with self.name_scope():
            self.features = nn.HybridSequential(prefix='features_')
            with self.features.name_scope():
                _add_conv(self.features, int(32 * multiplier), kernel=3, stride=2, pad=1, relu6=True)
                for in_c, c, t, s in zip(in_channels, channels, expansions, strides):
                    self.features.add(LinearBottleneck(in_channels=in_c, channels=c, t=t, stride=s))
                _add_conv(self.features, last_channels, relu6=True)
                self.features.add(nn.GlobalAvgPool2D())

            self.output = nn.HybridSequential(prefix='output_')
            with self.output.name_scope():
                self.output.add(nn.Conv2D(classes, 1, use_bias=False, prefix='pred_'), nn.Flatten())

    def hybrid_forward(self, F, x):
        return self.output(self.features(x))


def _version_suffix(multiplier):
    # the names of the pretrained files: 1.0, 0.75, 0.5, 0.25
    suffix = '{0:.2f}'.format(multiplier)
    return suffix[:-1] if suffix in ('1.00', '0.50') else suffix


def get_mobilenet(multiplier, pretrained=False, ctx=cpu(), root=None, **kwargs):
    r"""A MobileNet of MXNet's model zoo.

    Parameters
    ----------
    multiplier : float
        Width multiplier (pretrained weights exist for 1.0, 0.75, 0.5 and 0.25).
    pretrained : bool, default False
        Load MXNet's ImageNet weights (downloaded to `root` when absent).
    ctx : Context, default cpu()
        Where the pretrained weights are loaded.
    root : str, default $MXNET_HOME/models
        Folder of the pretrained parameter files.
    **kwargs
        Passed to :class:`MobileNet`: classes, prefix, params.
    """
    net = MobileNet(multiplier, **kwargs)
    if pretrained:
        _load_pretrained(net, 'mobilenet%s' % _version_suffix(multiplier), ctx, root)
    return net


def get_mobilenet_v2(multiplier, pretrained=False, ctx=cpu(), root=None, **kwargs):
    r"""A MobileNetV2 of MXNet's model zoo.

    Parameters
    ----------
    multiplier : float
        Width multiplier (pretrained weights exist for 1.0, 0.75, 0.5 and 0.25).
    pretrained : bool, default False
        Load MXNet's ImageNet weights (downloaded to `root` when absent).
    ctx : Context, default cpu()
        Where the pretrained weights are loaded.
    root : str, default $MXNET_HOME/models
        Folder of the pretrained parameter files.
    **kwargs
        Passed to :class:`MobileNetV2`: classes, prefix, params.
    """
    net = MobileNetV2(multiplier, **kwargs)
    if pretrained:
        _load_pretrained(net, 'mobilenetv2_%s' % _version_suffix(multiplier), ctx, root)
    return net


def _constructor(getter, multiplier, name):
    def make(**kwargs):
        return getter(multiplier, **kwargs)
    make.__name__ = make.__qualname__ = name
    make.__doc__ = r"""{cls} with width multiplier {m} of MXNet's model zoo (see :func:`{getter}`).

    Parameters
    ----------
    pretrained : bool, default False
        Load MXNet's ImageNet weights (downloaded to `root` when absent).
    ctx : Context, default cpu()
        Where the pretrained weights are loaded.
    root : str, default $MXNET_HOME/models
        Folder of the pretrained parameter files.
    **kwargs
        Passed to :class:`{cls}`: classes, prefix, params.
    """.format(cls='MobileNet' if getter is get_mobilenet else 'MobileNetV2', m=multiplier, getter=getter.__name__)
    return make


mobilenet1_0 = _constructor(get_mobilenet, 1.0, 'mobilenet1_0')
mobilenet0_75 = _constructor(get_mobilenet, 0.75, 'mobilenet0_75')
mobilenet0_5 = _constructor(get_mobilenet, 0.5, 'mobilenet0_5')
mobilenet0_25 = _constructor(get_mobilenet, 0.25, 'mobilenet0_25')
mobilenet_v2_1_0 = _constructor(get_mobilenet_v2, 1.0, 'mobilenet_v2_1_0')
mobilenet_v2_0_75 = _constructor(get_mobilenet_v2, 0.75, 'mobilenet_v2_0_75')
mobilenet_v2_0_5 = _constructor(get_mobilenet_v2, 0.5, 'mobilenet_v2_0_5')
mobilenet_v2_0_25 = _constructor(get_mobilenet_v2, 0.25, 'mobilenet_v2_0_25')
