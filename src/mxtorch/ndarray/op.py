"""``mx.nd.op``: the operators whose MXNet names have no prefix (all of them are in ``mx.nd`` too)."""
from .gen_op import *  # noqa: F401,F403
from . import gen_op as _gen_op

globals().update({k: v for k, v in vars(_gen_op).items() if not k.startswith('_')})
