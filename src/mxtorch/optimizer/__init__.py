"""Optimizers (mx.optimizer): the Optimizer base class and registry, the Updater, and MXNet's optimizers.

    opt = mx.optimizer.create('sgd', learning_rate=0.1, momentum=0.9)
    updater = mx.optimizer.get_updater(opt)
    updater(0, grad, weight)
"""
from . import optimizer, contrib
from .optimizer import Optimizer, register, create, Test
from .sgd import SGD, ccSGD, NAG, Signum, LARS, LBSGD, SGLD, DCASGD
from .adam import Adam, Adamax, Nadam, FTML, LAMB
from .adaptive import AdaGrad, AdaDelta, RMSProp, Ftrl
from .contrib import GroupAdaGrad
from .updater import Updater, get_updater

__all__ = ['AdaDelta', 'AdaGrad', 'Adam', 'Adamax', 'DCASGD', 'FTML', 'Ftrl', 'LARS', 'LBSGD', 'NAG',
           'Nadam', 'Optimizer', 'RMSProp', 'SGD', 'SGLD', 'Signum', 'LAMB', 'Test', 'Updater', 'ccSGD',
           'create', 'get_updater', 'register', 'contrib']


def _name_in_mxnet_modules():
    """MXNet writes all its optimizers in mxnet.optimizer.optimizer, and that module (and mxnet.optimizer,
    and optimizer.contrib) also names the mx.nd functions the updates call; scripts import both from
    there. The same objects are named here."""
    import sys
    from .. import ndarray as nd, random as _random
    from ..util import is_np_array
    from ..base import py_str
    here = sys.modules[__name__]
    classes = {name: getattr(here, name) for name in __all__ if name not in ('contrib', 'register', 'create')}
    # the mx.nd operators MXNet's optimizer.py imports (a fact of its source), two of them renamed
    updates = ('sgd_update', 'sgd_mom_update', 'adam_update', 'rmsprop_update', 'rmspropalex_update',
               'mp_sgd_update', 'mp_sgd_mom_update', 'square', 'ftrl_update', 'ftml_update', 'signsgd_update',
               'signum_update', 'nag_mom_update', 'mp_nag_mom_update', 'multi_sgd_update',
               'multi_sgd_mom_update', 'multi_mp_sgd_update', 'multi_mp_sgd_mom_update',
               'preloaded_multi_sgd_update', 'preloaded_multi_sgd_mom_update', 'preloaded_multi_mp_sgd_update',
               'preloaded_multi_mp_sgd_mom_update', 'lamb_update_phase1', 'lamb_update_phase2',
               'mp_lamb_update_phase1', 'mp_lamb_update_phase2', 'multi_lamb_update', 'multi_mp_lamb_update',
               'zeros', 'clip', 'sqrt', 'cast', 'maximum', 'array', 'multiply', 'multi_sum_sq', 'multi_lars')
    functions = {name: getattr(nd, name, None) or getattr(nd.contrib, name) for name in updates}
    functions.update(NDabs=nd.abs, NDnorm=nd.norm, normal=_random.normal, is_np_array=is_np_array, py_str=py_str)
    for name, value in dict(classes, **functions).items():
        if not hasattr(optimizer, name):
            setattr(optimizer, name, value)
    here.NDabs = nd.abs
    for name in ('NDArray', 'clip', 'mean', 'sqrt', 'square', 'zeros'):
        if not hasattr(contrib, name):
            setattr(contrib, name, getattr(nd, name))


_name_in_mxnet_modules()
del _name_in_mxnet_modules
