"""AlexNet, in the single-column form of Krizhevsky 2014 ("One weird trick for parallelizing
convolutional neural networks").

Blocks, prefixes and attribute names are MXNet's, so MXNet's parameter files load unchanged."""
from ....context import cpu
from ...block import HybridBlock
from ... import nn
from ..model_store import _load_pretrained

__all__ = ['AlexNet', 'alexnet']

# the convolutions: (channels, kernel size, stride, padding, followed by 3x3/2 max pooling)
_CONVS = [(64, 11, 4, 2, True),
          (192, 5, 1, 2, True),
          (384, 3, 1, 1, False),
          (256, 3, 1, 1, False),
          (256, 3, 1, 1, True)]


class AlexNet(HybridBlock):
    r"""AlexNet ("One weird trick for parallelizing convolutional neural networks", Krizhevsky 2014):
    five convolutions with ReLU (three max poolings between them), then two 4096-unit dense layers with
    dropout and the classifier. Expects 224x224 inputs.

    Parameters
    ----------
    classes : int, default 1000
        Number of output classes.
    """

    def __init__(self, classes=1000, **kwargs):
        super(AlexNet, self).__init__(**kwargs)
        with self.name_scope():
            self.features = nn.HybridSequential(prefix='')
            # features has the empty prefix: its name scope counts layers together with this block's,
            # so the classifier below is dense2, after the two dense layers of the features
            with self.features.name_scope():
                for channels, kernel, stride, padding, pool in _CONVS:
                    self.features.add(nn.Conv2D(channels, kernel_size=kernel, strides=stride, padding=padding,
                                                activation='relu'))
                    if pool:
                        self.features.add(nn.MaxPool2D(pool_size=3, strides=2))
                self.features.add(nn.Flatten())
                for _ in range(2):
                    self.features.add(nn.Dense(4096, activation='relu'))
                    self.features.add(nn.Dropout(0.5))
            self.output = nn.Dense(classes)

    def hybrid_forward(self, F, x):
        return self.output(self.features(x))


def alexnet(pretrained=False, ctx=cpu(), root=None, **kwargs):
    r"""AlexNet of MXNet's model zoo.

    Parameters
    ----------
    pretrained : bool, default False
        Load MXNet's ImageNet weights (downloaded to `root` when absent).
    ctx : Context, default cpu()
        Where the pretrained weights are loaded.
    root : str, default $MXNET_HOME/models
        Folder of the pretrained parameter files.
    **kwargs
        Passed to :class:`AlexNet`: classes, prefix, params.
    """
    net = AlexNet(**kwargs)
    if pretrained:
        _load_pretrained(net, 'alexnet', ctx, root)
    return net
