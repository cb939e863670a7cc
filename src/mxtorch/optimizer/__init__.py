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
