"""The vocabulary the vision models are written in.

MXNet's pretrained files name parameters after the scopes the layers were created in
(``resnetv10_stage1_conv0_weight``) and ``save_parameters`` after the attribute path to them
(``features.5.0.body.0.weight``). The models here build exactly those block trees, so both kinds of file
load. Most groups of layers are HybridSequentials with the empty prefix: they take no name of their own,
and the layers in them are named in the scope where they were created, in the order they were created."""
from ... import nn
from ...contrib.nn import HybridConcurrent
from ..model_store import _load_pretrained


def chain(*blocks, prefix=''):
    """A HybridSequential holding `blocks`, in order."""
    out = nn.HybridSequential(prefix=prefix)
    out.add(*blocks)
    return out


def branches(*blocks, prefix=''):
    """Blocks applied side by side to the same input, their outputs concatenated along the channels."""
    out = HybridConcurrent(axis=1, prefix=prefix)
    out.add(*blocks)
    return out


def relu():
    return nn.Activation('relu')


def load_if(pretrained, net, file_name, ctx, root):
    """Loads MXNet's pretrained weights `file_name` into net when asked; returns net."""
    if pretrained:
        _load_pretrained(net, file_name, ctx, root)
    return net


_PRETRAINED_DOC = """{what} of MXNet's model zoo.

    Parameters
    ----------
    pretrained : bool, default False
        Load MXNet's ImageNet weights (downloaded into `root` the first time).
    ctx : Context, default cpu()
        Where the weights are loaded.
    root : str, default $MXNET_HOME/models
        Folder of the pretrained parameter files.
    **kwargs
        {rest}
"""


def pretrained_doc(what, rest):
    """The docstring of a model constructor: `what` it builds, and where its other arguments go."""
    return _PRETRAINED_DOC.format(what=what, rest=rest)


def variant(name, make, *args, doc, **fixed):
    """The constructor ``name(**kwargs)`` of one member of a model family: ``make(*args, **kwargs)`` with
    the keyword arguments `fixed` imposed."""
    def constructor(**kwargs):
        kwargs.update(fixed)
        return make(*args, **kwargs)
    constructor.__name__ = constructor.__qualname__ = name
    constructor.__module__ = make.__module__
    constructor.__doc__ = doc
    return constructor
