"""AlexNet in its single-tower form (Krizhevsky, 2014: "One weird trick for parallelizing convolutional
neural networks"), for 224x224 inputs."""
from ... import nn
from ...block import HybridBlock
from ....context import cpu
from ._blocks import load_if, pretrained_doc

__all__ = ['AlexNet', 'alexnet']

# the five convolutions (each followed by ReLU): channels, kernel, stride, padding, and whether a 3x3
# max pooling with stride 2 comes after
_CONVOLUTIONS = ((64, 11, 4, 2, True), (192, 5, 1, 2, True), (384, 3, 1, 1, False), (256, 3, 1, 1, False),
                 (256, 3, 1, 1, True))


class AlexNet(HybridBlock):
    """AlexNet: five convolutions with three max poolings, two dense layers of 4096 units with dropout,
    and the classifier.

    Parameters
    ----------
    classes : int, default 1000
        Number of classes.
    """

    def __init__(self, classes=1000, **kwargs):
        super().__init__(**kwargs)
        with self.name_scope():
            # the features' prefix is empty, so its layers are counted in this block's scope: the
            # classifier made after them is dense2
            self.features = nn.HybridSequential(prefix='')
            for channels, kernel, stride, padding, pooled in _CONVOLUTIONS:
                self.features.add(nn.Conv2D(channels, kernel_size=kernel, strides=stride, padding=padding,
                                            activation='relu'))
                if pooled:
                    self.features.add(nn.MaxPool2D(pool_size=3, strides=2))
            self.features.add(nn.Flatten())
            for _ in range(2):
                self.features.add(nn.Dense(4096, activation='relu'), nn.Dropout(0.5))
            self.output = nn.Dense(classes)

    def hybrid_forward(self, F, x):
        return self.output(self.features(x))


def alexnet(pretrained=False, ctx=cpu(), root=None, **kwargs):
    return load_if(pretrained, AlexNet(**kwargs), 'alexnet', ctx, root)


alexnet.__doc__ = pretrained_doc('AlexNet', 'Passed to :class:`AlexNet` (classes, prefix, params).')
