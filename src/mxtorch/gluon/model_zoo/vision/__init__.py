r"""The image classification models of MXNet's model zoo, block for block as MXNet builds them, so that
parameter names, ``save_parameters`` files and MXNet's pretrained weights carry over.

Families: AlexNet, DenseNet (121/161/169/201), Inception V3, ResNet V1 and V2 (18/34/50/101/152),
SqueezeNet (1.0/1.1), VGG (11/13/16/19, with and without batch norm), MobileNet and MobileNetV2 (width
multipliers 1.0/0.75/0.5/0.25).

A constructor gives a network with uninitialized weights::

    from mxnet.gluon.model_zoo import vision
    net = vision.resnet18_v1(classes=10)
    net.initialize()

or, with ``pretrained=True``, MXNet's ImageNet weights (downloaded once to ``$MXNET_HOME/models``)::

    net = vision.get_model('resnet50_v1', pretrained=True)

The pretrained models take RGB images as (N, 3, H, W) float arrays with H and W of at least 224 (299 for
Inception V3), scaled to [0, 1] and normalized with mean (0.485, 0.456, 0.406) and standard deviation
(0.229, 0.224, 0.225) per channel, e.g. with ``mx.image.color_normalize``.
"""
from .alexnet import *  # noqa: F401,F403
from .densenet import *  # noqa: F401,F403
from .inception import *  # noqa: F401,F403
from .resnet import *  # noqa: F401,F403
from .squeezenet import *  # noqa: F401,F403
from .vgg import *  # noqa: F401,F403
from .mobilenet import *  # noqa: F401,F403

# get_model's names (those of the pretrained files) -> constructors
_models = {
    'resnet18_v1': resnet18_v1, 'resnet34_v1': resnet34_v1, 'resnet50_v1': resnet50_v1,
    'resnet101_v1': resnet101_v1, 'resnet152_v1': resnet152_v1,
    'resnet18_v2': resnet18_v2, 'resnet34_v2': resnet34_v2, 'resnet50_v2': resnet50_v2,
    'resnet101_v2': resnet101_v2, 'resnet152_v2': resnet152_v2,
    'vgg11': vgg11, 'vgg13': vgg13, 'vgg16': vgg16, 'vgg19': vgg19,
    'vgg11_bn': vgg11_bn, 'vgg13_bn': vgg13_bn, 'vgg16_bn': vgg16_bn, 'vgg19_bn': vgg19_bn,
    'alexnet': alexnet,
    'densenet121': densenet121, 'densenet161': densenet161, 'densenet169': densenet169,
    'densenet201': densenet201,
    'squeezenet1.0': squeezenet1_0, 'squeezenet1.1': squeezenet1_1,
    'inceptionv3': inception_v3,
    'mobilenet1.0': mobilenet1_0, 'mobilenet0.75': mobilenet0_75, 'mobilenet0.5': mobilenet0_5,
    'mobilenet0.25': mobilenet0_25,
    'mobilenetv2_1.0': mobilenet_v2_1_0, 'mobilenetv2_0.75': mobilenet_v2_0_75,
    'mobilenetv2_0.5': mobilenet_v2_0_5, 'mobilenetv2_0.25': mobilenet_v2_0_25,
}


def get_model(name, **kwargs):
    """A model of the zoo by name (case-insensitive): 'resnet18_v1', 'vgg16_bn', 'densenet121',
    'squeezenet1.1', 'inceptionv3', 'mobilenet0.25', 'mobilenetv2_1.0', 'alexnet', ...

    Parameters
    ----------
    name : str
        Name of the model.
    pretrained : bool, default False
        Load MXNet's ImageNet weights (downloaded to `root` when absent).
    classes : int
        Number of output classes.
    ctx : Context, default cpu()
        Where the pretrained weights are loaded.
    root : str, default $MXNET_HOME/models
        Folder of the pretrained parameter files.
    **kwargs
        Other options of the model's constructor (thumbnail, batch_norm, prefix, ...).

    Returns
    -------
    HybridBlock
        The model.
    """
    key = name.lower()
    if key not in _models:
        raise ValueError('Model %s is not supported. Available options are\n\t%s' % (
            key, '\n\t'.join(sorted(_models))))
    return _models[key](**kwargs)
