"""``npx.random``: ``seed``, ``bernoulli`` and the batched samplers ``normal_n`` / ``uniform_n``."""
from .. import random as _random
from ..numpy._frontend import define

__all__ = ['seed', 'bernoulli', 'normal_n', 'uniform_n']


def seed(seed, ctx='all'):
    """Seed the generators the samplers draw from (see ``mx.random.seed``)."""
    _random.seed(seed, ctx)


bernoulli = define('bernoulli', 'prob=None, logit=None, size=None, dtype=None, ctx=None, out=None', 'bernoulli',
                   namespace='_npi_random', loose=('prob', 'logit'), ctx='ctx')
normal_n = define('normal_n', 'loc=0.0, scale=1.0, batch_shape=None, dtype=None, ctx=None', 'normal_n',
                  namespace='_npi_random', loose=('loc', 'scale'), ctx='ctx')
uniform_n = define('uniform_n', 'low=0.0, high=1.0, batch_shape=None, dtype=None, ctx=None', 'uniform_n',
                   namespace='_npi_random', loose=('low', 'high'), ctx='ctx')
