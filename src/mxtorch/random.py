"""``mx.random``: seeding, and the samplers of ``mx.nd.random`` under their MXNet names."""

import numpy as _np
import torch

from .ndarray.random import *  # noqa: F401,F403
from .context import Context  # noqa: F401  (MXNet's module names it)

__all__ = ['seed']


def seed(seed_state, ctx='all'):
    """Seeds the generators that mxtorch's random operators and initializers draw from (torch's).

    `seed_state` is an int; `ctx` is a Context whose device's generator alone gets the seed, or 'all'
    (the default) for every device. After ``mx.random.seed(n)`` the same program draws the same numbers
    again (they are not the numbers MXNet would draw).
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
