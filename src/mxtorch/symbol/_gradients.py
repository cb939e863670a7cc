"""Which graphs a backward pass can go through: MXNet builds the gradient graph when an executor that
wants gradients is bound, and refuses an operator without a gradient function if a gradient reaches it.

A gradient reaches a node when the node feeds an output through operators other than BlockGrad and
stop_gradient (whose gradient is zero: MXNet's zero-gradient propagation). The operators MXNet 1.9.1
registers no gradient for are listed in mxnet_nograd.json (tools/make_symbol_gradients.py asks the
reference for them)."""
import json
import os

from ..base import MXNetError
from . import _graph

__all__ = ['check_differentiable']

_FILE = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'mxnet_nograd.json')
_ZERO_GRADIENT = frozenset(('BlockGrad', 'stop_gradient'))
_names = []


def _no_gradient():
    if not _names:
        with open(_FILE, encoding='utf-8') as f:
            _names.append(frozenset(json.load(f)['no_gradient']))
    return _names[0]


def check_differentiable(entries):
    """MXNetError, as MXNet's binding gives it, when a gradient from the outputs `entries` reaches an
    operator that has none."""
    refused = _no_gradient()
    reached = {id(n) for n, _ in entries}
    for node in reversed(_graph.topological(entries)):
        if node.op is None or id(node) not in reached or not node.inputs:
            continue
        if node.op.name in refused:
            raise MXNetError('Operator {} is non-differentiable because it didn\'t register FGradient '
                             'attribute.'.format(node.op.name))
        if node.op.name not in _ZERO_GRADIENT:
            reached.update(id(src) for src, _ in node.inputs)
