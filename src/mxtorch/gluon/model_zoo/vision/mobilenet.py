"""MobileNet (Howard et al., 2017: "MobileNets: Efficient Convolutional Neural Networks for Mobile Vision
Applications") and MobileNetV2 (Sandler et al., 2018: "Inverted Residuals and Linear Bottlenecks"), at
width multipliers 1.0, 0.75, 0.5 and 0.25.

Both are built from convolution-BN-activation units; their layer tables are the papers' (channels at
multiplier 1.0, scaled by int(multiplier * channels))."""
from ... import nn
from ...block import HybridBlock
from ....context import cpu
from ._blocks import load_if, pretrained_doc, variant

__all__ = ['MobileNet', 'MobileNetV2', 'mobilenet1_0', 'mobilenet_v2_1_0', 'mobilenet0_75',
           'mobilenet_v2_0_75', 'mobilenet0_5', 'mobilenet_v2_0_5', 'mobilenet0_25',
           'mobilenet_v2_0_25', 'get_mobilenet', 'get_mobilenet_v2']

# MobileNet: the depthwise separable convolutions after the first convolution (32 channels, stride 2),
# as (output channels, stride, repeats)
_V1_LAYERS = [(64, 1, 1), (128, 2, 1), (128, 1, 1), (256, 2, 1), (256, 1, 1), (512, 2, 1), (512, 1, 5),
              (1024, 2, 1), (1024, 1, 1)]
# MobileNetV2: the linear bottlenecks after the first convolution (32 channels, stride 2), as (expansion t,
# output channels c, repeats n, stride s of the first)
_V2_LAYERS = [(1, 16, 1, 1), (6, 24, 2, 2), (6, 32, 3, 2), (6, 64, 4, 2), (6, 96, 3, 1), (6, 160, 3, 2),
              (6, 320, 1, 1)]


class RELU6(nn.HybridBlock):
    """ReLU capped at 6: ``min(max(x, 0), 6)``."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)

    def hybrid_forward(self, F, x):
        return F.clip(x, 0, 6, name='relu6')


def _unit(out, channels, kernel=1, stride=1, pad=0, groups=1, activation='relu'):
    """Appends to `out` a convolution without bias, batch norm, and the activation ('relu', 'relu6' or None)."""
    out.add(nn.Conv2D(channels, kernel, stride, pad, groups=groups, use_bias=False), nn.BatchNorm(scale=True))
    if activation == 'relu6':
        out.add(RELU6())
    elif activation:
        out.add(nn.Activation('relu'))


class LinearBottleneck(nn.HybridBlock):
    """MobileNetV2's inverted residual: a 1x1 convolution expanding to in_channels * t channels, a 3x3
    depthwise convolution (both with ReLU6) and a linear 1x1 projection to `channels`; the input is added
    when stride is 1 and the channels do not change.

    Parameters
    ----------
    in_channels : int
        Channels of the input.
    channels : int
        Channels of the output.
    t : int
        Expansion factor.
    stride : int
        Stride of the depthwise convolution.
    """

    def __init__(self, in_channels, channels, t, stride, **kwargs):
        super().__init__(**kwargs)
        self.use_shortcut = stride == 1 and in_channels == channels
        wide = in_channels * t
        with self.name_scope():
            self.out = nn.HybridSequential()
            _unit(self.out, wide, activation='relu6')
            _unit(self.out, wide, kernel=3, stride=stride, pad=1, groups=wide, activation='relu6')
            _unit(self.out, channels, activation=None)

    def hybrid_forward(self, F, x):
        y = self.out(x)
        return F.elemwise_add(y, x) if self.use_shortcut else y


def _width(multiplier, channels):
    return int(channels * multiplier)


class MobileNet(HybridBlock):
    """MobileNet: a 3x3 convolution with stride 2, thirteen depthwise separable convolutions (3x3 depthwise,
    then 1x1), global average pooling and the classifier.

    Parameters
    ----------
    multiplier : float, default 1.0
        Width multiplier: each layer has int(multiplier * its channels at 1.0).
    classes : int, default 1000
        Number of classes.
    """

    def __init__(self, multiplier=1.0, classes=1000, **kwargs):
        super().__init__(**kwargs)
        with self.name_scope():
            self.features = nn.HybridSequential(prefix='')
            channels = _width(multiplier, 32)
            _unit(self.features, channels, kernel=3, stride=2, pad=1)
            for out_channels, stride, repeats in _V1_LAYERS:
                for _ in range(repeats):
                    _unit(self.features, channels, kernel=3, stride=stride, pad=1, groups=channels)
                    channels = _width(multiplier, out_channels)
                    _unit(self.features, channels)
            self.features.add(nn.GlobalAvgPool2D(), nn.Flatten())
            self.output = nn.Dense(classes)

    def hybrid_forward(self, F, x):
        return self.output(self.features(x))


class MobileNetV2(nn.HybridBlock):
    """MobileNetV2: a 3x3 convolution with stride 2, seventeen linear bottlenecks, a 1x1 convolution to 1280
    channels (more for multipliers above 1), global average pooling, and a 1x1 convolution as classifier.

    Parameters
    ----------
    multiplier : float, default 1.0
        Width multiplier: each layer has int(multiplier * its channels at 1.0).
    classes : int, default 1000
        Number of classes.
    """

    def __init__(self, multiplier=1.0, classes=1000, **kwargs):
        super().__init__(**kwargs)
        with self.name_scope():
            self.features = nn.HybridSequential(prefix='features_')
            with self.features.name_scope():
                channels = _width(multiplier, 32)
                _unit(self.features, channels, kernel=3, stride=2, pad=1, activation='relu6')
                for t, c, repeats, first_stride in _V2_LAYERS:
                    for i in range(repeats):
                        out_channels = _width(multiplier, c)
                        self.features.add(LinearBottleneck(channels, out_channels, t, first_stride if i == 0 else 1))
                        channels = out_channels
                _unit(self.features, _width(multiplier, 1280) if multiplier > 1.0 else 1280, activation='relu6')
                self.features.add(nn.GlobalAvgPool2D())
            self.output = nn.HybridSequential(prefix='output_')
            with self.output.name_scope():
                self.output.add(nn.Conv2D(classes, 1, use_bias=False, prefix='pred_'), nn.Flatten())

    def hybrid_forward(self, F, x):
        return self.output(self.features(x))


def _file_suffix(multiplier):
    """The multiplier as the pretrained files spell it: 1.0, 0.75, 0.5, 0.25."""
    text = '%.2f' % multiplier
    return text[:-1] if text in ('1.00', '0.50') else text


def get_mobilenet(multiplier, pretrained=False, ctx=cpu(), root=None, **kwargs):
    return load_if(pretrained, MobileNet(multiplier, **kwargs), 'mobilenet' + _file_suffix(multiplier), ctx, root)


def get_mobilenet_v2(multiplier, pretrained=False, ctx=cpu(), root=None, **kwargs):
    return load_if(pretrained, MobileNetV2(multiplier, **kwargs), 'mobilenetv2_' + _file_suffix(multiplier), ctx,
                   root)


get_mobilenet.__doc__ = pretrained_doc(
    'The MobileNet of width `multiplier` (pretrained weights exist for 1.0, 0.75, 0.5 and 0.25)',
    'Passed to :class:`MobileNet` (classes, prefix, params).')
get_mobilenet_v2.__doc__ = pretrained_doc(
    'The MobileNetV2 of width `multiplier` (pretrained weights exist for 1.0, 0.75, 0.5 and 0.25)',
    'Passed to :class:`MobileNetV2` (classes, prefix, params).')


def _mobilenet(name, make, multiplier):
    family = 'MobileNet' if make is get_mobilenet else 'MobileNetV2'
    return variant(name, make, multiplier,
                   doc=pretrained_doc('%s at width %s' % (family, multiplier),
                                      'Passed to :class:`%s` (classes, prefix, params).' % family))


mobilenet1_0 = _mobilenet('mobilenet1_0', get_mobilenet, 1.0)
mobilenet0_75 = _mobilenet('mobilenet0_75', get_mobilenet, 0.75)
mobilenet0_5 = _mobilenet('mobilenet0_5', get_mobilenet, 0.5)
mobilenet0_25 = _mobilenet('mobilenet0_25', get_mobilenet, 0.25)
mobilenet_v2_1_0 = _mobilenet('mobilenet_v2_1_0', get_mobilenet_v2, 1.0)
mobilenet_v2_0_75 = _mobilenet('mobilenet_v2_0_75', get_mobilenet_v2, 0.75)
mobilenet_v2_0_5 = _mobilenet('mobilenet_v2_0_5', get_mobilenet_v2, 0.5)
mobilenet_v2_0_25 = _mobilenet('mobilenet_v2_0_25', get_mobilenet_v2, 0.25)
