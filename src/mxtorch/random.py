"""Random number interface of mxtorch: ``mx.random.seed`` and the samplers of ``mx.nd.random``."""
import random as _pyrandom

import numpy as _np
import torch

from .ndarray.random import *  # noqa: F401,F403

__all__ = ['seed']


def seed(seed_state, ctx='all'):
    """Seeds the random number generators of mxtorch (torch's CPU and CUDA generators).

    Parameters
    ----------
    seed_state : int
        The random number seed.
    ctx : Context or 'all'
        The device whose generator to seed; 'all' seeds every device.

    Examples
    --------
    >>> mx.random.seed(128)
    >>> print(mx.nd.random.normal(shape=(2,2)).asnumpy())
    """
    if not isinstance(seed_state, (int, _np.integer)):
        raise ValueError('seed_state must be an int, got {}'.format(type(seed_state).__name__))
    seed_state = int(seed_state) & 0xFFFFFFFFFFFFFFFF
    if ctx == 'all':
        torch.manual_seed(seed_state)
    elif getattr(ctx, 'device_typeid', 1) == 2:
        with torch.cuda.device(ctx.torch_device):
            torch.cuda.manual_seed(seed_state)
    else:
        torch.default_generator.manual_seed(seed_state)
