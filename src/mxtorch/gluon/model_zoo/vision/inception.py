"""Inception V3 (Szegedy et al., 2015: "Rethinking the Inception Architecture for Computer Vision"), for
299x299 inputs.

The network is written as data: a mixed module is a list of branches, whose outputs are concatenated; a
branch is an optional pooling followed by convolutions (each convolution-BN-ReLU), or a split (the E
modules' branches that end in a 1x3 and a 3x1 convolution side by side). The modules' prefixes A1_ ... E2_
are MXNet's."""
from ... import nn
from ...block import HybridBlock
from ...contrib.nn import HybridConcurrent
from ....context import cpu
from ._blocks import branches, chain, load_if, pretrained_doc, relu

__all__ = ['Inception3', 'inception_v3']


def _conv(channels, kernel_size, strides=None, padding=None):
    """A convolution's settings (those left None take the layer's defaults)."""
    given = dict(strides=strides, padding=padding)
    return dict(channels=channels, kernel_size=kernel_size, **{k: v for k, v in given.items() if v is not None})


def _basic_conv(settings):
    """Convolution without bias, batch norm with epsilon 0.001, ReLU."""
    return chain(nn.Conv2D(use_bias=False, **settings), nn.BatchNorm(epsilon=0.001), relu())


def _branch(pool, *convs):
    """'avg' (3x3, stride 1, padded), 'max' (3x3, stride 2) or None, then the convolutions."""
    out = nn.HybridSequential(prefix='')
    if pool == 'avg':
        out.add(nn.AvgPool2D(pool_size=3, strides=1, padding=1))
    elif pool == 'max':
        out.add(nn.MaxPool2D(pool_size=3, strides=2))
    for settings in convs:
        out.add(_basic_conv(settings))
    return out


class _Split:
    """A branch whose convolutions end in several convolutions of the same input, side by side."""

    def __init__(self, convs, ends):
        self.convs, self.ends = convs, ends

    def build(self):
        return chain(_branch(None, *self.convs), branches(*[_branch(None, end) for end in self.ends]))


def _mixed(prefix, layout):
    out = HybridConcurrent(axis=1, prefix=prefix)
    with out.name_scope():
        for branch in layout:
            out.add(branch.build() if isinstance(branch, _Split) else _branch(*branch))
    return out


def _1x7(channels):
    return _conv(channels, (1, 7), padding=(0, 3))


def _7x1(channels):
    return _conv(channels, (7, 1), padding=(3, 0))


def _module_a(pool_features):
    return [(None, _conv(64, 1)),
            (None, _conv(48, 1), _conv(64, 5, padding=2)),
            (None, _conv(64, 1), _conv(96, 3, padding=1), _conv(96, 3, padding=1)),
            ('avg', _conv(pool_features, 1))]


_MODULE_B = [(None, _conv(384, 3, strides=2)),
             (None, _conv(64, 1), _conv(96, 3, padding=1), _conv(96, 3, strides=2)),
             ('max',)]


def _module_c(c):
    return [(None, _conv(192, 1)),
            (None, _conv(c, 1), _1x7(c), _7x1(192)),
            (None, _conv(c, 1), _7x1(c), _1x7(c), _7x1(c), _1x7(192)),
            ('avg', _conv(192, 1))]


_MODULE_D = [(None, _conv(192, 1), _conv(320, 3, strides=2)),
             (None, _conv(192, 1), _1x7(192), _7x1(192), _conv(192, 3, strides=2)),
             ('max',)]

_1x3_AND_3x1 = [_conv(384, (1, 3), padding=(0, 1)), _conv(384, (3, 1), padding=(1, 0))]
_MODULE_E = [(None, _conv(320, 1)),
             _Split([_conv(384, 1)], _1x3_AND_3x1),
             _Split([_conv(448, 1), _conv(384, 3, padding=1)], _1x3_AND_3x1),
             ('avg', _conv(192, 1))]

# the whole network up to the classifier: a dict is a basic convolution, 'max' a 3x3 max pooling with
# stride 2, a pair a mixed module (prefix, branches)
_INCEPTION_V3 = [_conv(32, 3, strides=2), _conv(32, 3), _conv(64, 3, padding=1), 'max',
                 _conv(80, 1), _conv(192, 3), 'max',
                 ('A1_', _module_a(32)), ('A2_', _module_a(64)), ('A3_', _module_a(64)),
                 ('B_', _MODULE_B),
                 ('C1_', _module_c(128)), ('C2_', _module_c(160)), ('C3_', _module_c(160)), ('C4_', _module_c(192)),
                 ('D_', _MODULE_D),
                 ('E1_', _MODULE_E), ('E2_', _MODULE_E)]


def make_aux(classes):
    """The auxiliary classifier of the paper (:class:`Inception3` does not use it): 5x5 average pooling
    with stride 3, 1x1 and 5x5 basic convolutions, and a dense classifier."""
    return chain(nn.AvgPool2D(pool_size=5, strides=3), _basic_conv(_conv(128, 1)), _basic_conv(_conv(768, 5)),
                 nn.Flatten(), nn.Dense(classes))


class Inception3(HybridBlock):
    """Inception V3: a stem of convolutions and poolings, eleven mixed modules (A1-A3, B, C1-C4, D, E1-E2),
    8x8 average pooling, dropout and the classifier.

    Parameters
    ----------
    classes : int, default 1000
        Number of classes.
    """

    def __init__(self, classes=1000, **kwargs):
        super().__init__(**kwargs)
        with self.name_scope():
            self.features = nn.HybridSequential(prefix='')
            for layer in _INCEPTION_V3:
                if isinstance(layer, dict):
                    self.features.add(_basic_conv(layer))
                elif layer == 'max':
                    self.features.add(nn.MaxPool2D(pool_size=3, strides=2))
                else:
                    self.features.add(_mixed(*layer))
            self.features.add(nn.AvgPool2D(pool_size=8), nn.Dropout(0.5))
            self.output = nn.Dense(classes)

    def hybrid_forward(self, F, x):
        return self.output(self.features(x))


def inception_v3(pretrained=False, ctx=cpu(), root=None, **kwargs):
    return load_if(pretrained, Inception3(**kwargs), 'inceptionv3', ctx, root)


inception_v3.__doc__ = pretrained_doc('Inception V3', 'Passed to :class:`Inception3` (classes, prefix, params).')
