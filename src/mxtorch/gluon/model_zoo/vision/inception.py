"""Inception V3 (Szegedy et al. 2015, "Rethinking the Inception Architecture for Computer Vision").

Blocks, prefixes (A1_, ..., E2_) and attribute names are MXNet's, so MXNet's parameter files load
unchanged. The network expects 299x299 inputs."""
from ....context import cpu
from ...block import HybridBlock
from ... import nn
from ...contrib.nn import HybridConcurrent
from ..model_store import _load_pretrained

__all__ = ['Inception3', 'inception_v3']

_CONV_ARGS = ('channels', 'kernel_size', 'strides', 'padding')


def _basic_conv(**kwargs):
    """Convolution without bias, batch norm (epsilon 0.001) and ReLU."""
    out = nn.HybridSequential(prefix='')
    out.add(nn.Conv2D(use_bias=False, **kwargs))
    out.add(nn.BatchNorm(epsilon=0.001))
    out.add(nn.Activation('relu'))
    return out


def _branch(pool, *convs):
    """One branch of an inception module: an optional pooling ('avg': 3x3/1 padded, 'max': 3x3/2), then
    basic convolutions, each given as (channels, kernel_size, strides, padding) with None for defaults."""
    out = nn.HybridSequential(prefix='')
    if pool == 'avg':
        out.add(nn.AvgPool2D(pool_size=3, strides=1, padding=1))
    elif pool == 'max':
        out.add(nn.MaxPool2D(pool_size=3, strides=2))
    for setting in convs:
        out.add(_basic_conv(**{k: v for k, v in zip(_CONV_ARGS, setting) if v is not None}))
    return out


def _module(prefix, branches):
    """Branches side by side, their outputs concatenated along the channels. A branch is a (pool, conv,
    conv, ...) tuple (see _branch), or a callable that builds one."""
    out = HybridConcurrent(axis=1, prefix=prefix)
    with out.name_scope():
        for branch in branches:
            out.add(branch() if callable(branch) else _branch(*branch))
    return out


def _split_branch(first_convs, split_convs):
    """A branch ending in a fork: convolutions, then several convolutions of their output concatenated
    (the 1x3 and 3x1 pairs of the E modules)."""
    def build():
        out = nn.HybridSequential(prefix='')
        out.add(_branch(None, *first_convs))
        split = HybridConcurrent(axis=1, prefix='')
        for conv in split_convs:
            split.add(_branch(None, conv))
        out.add(split)
        return out
    return build


def _make_A(pool_features, prefix):
    return _module(prefix, [(None, (64, 1, None, None)),
                            (None, (48, 1, None, None), (64, 5, None, 2)),
                            (None, (64, 1, None, None), (96, 3, None, 1), (96, 3, None, 1)),
                            ('avg', (pool_features, 1, None, None))])


def _make_B(prefix):
    return _module(prefix, [(None, (384, 3, 2, None)),
                            (None, (64, 1, None, None), (96, 3, None, 1), (96, 3, 2, None)),
                            ('max',)])


def _make_C(channels_7x7, prefix):
    c = channels_7x7
    return _module(prefix, [(None, (192, 1, None, None)),
                            (None, (c, 1, None, None), (c, (1, 7), None, (0, 3)), (192, (7, 1), None, (3, 0))),
                            (None, (c, 1, None, None), (c, (7, 1), None, (3, 0)), (c, (1, 7), None, (0, 3)),
                             (c, (7, 1), None, (3, 0)), (192, (1, 7), None, (0, 3))),
                            ('avg', (192, 1, None, None))])


def _make_D(prefix):
    return _module(prefix, [(None, (192, 1, None, None), (320, 3, 2, None)),
                            (None, (192, 1, None, None), (192, (1, 7), None, (0, 3)), (192, (7, 1), None, (3, 0)),
                             (192, 3, 2, None)),
                            ('max',)])


_SPLIT_1x3_3x1 = [(384, (1, 3), None, (0, 1)), (384, (3, 1), None, (1, 0))]


def _make_E(prefix):
    return _module(prefix, [(None, (320, 1, None, None)),
                            _split_branch([(384, 1, None, None)], _SPLIT_1x3_3x1),
                            _split_branch([(448, 1, None, None), (384, 3, None, 1)], _SPLIT_1x3_3x1),
                            ('avg', (192, 1, None, None))])


def make_aux(classes):
    """The auxiliary classifier of Inception V3's paper (not used by :class:`Inception3`): 5x5/3 average
    pooling, 1x1 and 5x5 basic convolutions, and a dense classifier."""
    out = nn.HybridSequential(prefix='')
    out.add(nn.AvgPool2D(pool_size=5, strides=3))
    out.add(_basic_conv(channels=128, kernel_size=1))
    out.add(_basic_conv(channels=768, kernel_size=5))
    out.add(nn.Flatten())
    out.add(nn.Dense(classes))
    return out


class Inception3(HybridBlock):
    r"""Inception V3 ("Rethinking the Inception Architecture for Computer Vision", Szegedy et al. 2015),
    for 299x299 inputs.

    Parameters
    ----------
    classes : int, default 1000
        Number of output classes.
    """

    def __init__(self, classes=1000, **kwargs):
        super(Inception3, self).__init__(**kwargs)
        with self.name_scope():
            self.features = nn.HybridSequential(prefix='')
            self.features.add(_basic_conv(channels=32, kernel_size=3, strides=2))
            self.features.add(_basic_conv(channels=32, kernel_size=3))
            self.features.add(_basic_conv(channels=64, kernel_size=3, padding=1))
            self.features.add(nn.MaxPool2D(pool_size=3, strides=2))
            self.features.add(_basic_conv(channels=80, kernel_size=1))
            self.features.add(_basic_conv(channels=192, kernel_size=3))
            self.features.add(nn.MaxPool2D(pool_size=3, strides=2))
            self.features.add(_make_A(32, 'A1_'))
            self.features.add(_make_A(64, 'A2_'))
            self.features.add(_make_A(64, 'A3_'))
            self.features.add(_make_B('B_'))
            self.features.add(_make_C(128, 'C1_'))
            self.features.add(_make_C(160, 'C2_'))
            self.features.add(_make_C(160, 'C3_'))
            self.features.add(_make_C(192, 'C4_'))
            self.features.add(_make_D('D_'))
            self.features.add(_make_E('E1_'))
            self.features.add(_make_E('E2_'))
            self.features.add(nn.AvgPool2D(pool_size=8))
            self.features.add(nn.Dropout(0.5))
            self.output = nn.Dense(classes)

    def hybrid_forward(self, F, x):
        return self.output(self.features(x))


def inception_v3(pretrained=False, ctx=cpu(), root=None, **kwargs):
    r"""Inception V3 of MXNet's model zoo.

    Parameters
    ----------
    pretrained : bool, default False
        Load MXNet's ImageNet weights (downloaded to `root` when absent).
    ctx : Context, default cpu()
        Where the pretrained weights are loaded.
    root : str, default $MXNET_HOME/models
        Folder of the pretrained parameter files.
    **kwargs
        Passed to :class:`Inception3`: classes, prefix, params.
    """
    net = Inception3(**kwargs)
    if pretrained:
        _load_pretrained(net, 'inceptionv3', ctx, root)
    return net
