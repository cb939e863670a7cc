"""Neural-network operators that Gluon layers call: FullyConnected, Activation, Dropout, Convolution,
Pooling, BatchNorm, softmax, ...

The hot ones (FullyConnected, Convolution, Pooling, BatchNorm, Activation, Dropout, softmax) call
torch.nn.functional directly and leave shape checking to torch; MXNet's parameter spellings (strings such
as '(3, 3)' or 'True') are accepted but only parsed when they are not already Python values."""
import ast

import torch
import torch.nn.functional as F

from ... import _state
from ...base import MXNetError, TORCH_TO_NAME
from ..registry import register

Tensor = torch.Tensor


# ---- parameter parsing (MXNet takes every parameter also as a string) --------------------------------
def as_bool(value):
    """A boolean parameter given as bool, int or MXNet's string spelling ('True', 'false', '1')."""
    if type(value) is bool:
        return value
    if isinstance(value, str):
        v = value.strip().lower()
        if v in ('true', '1'):
            return True
        if v in ('false', '0'):
            return False
        raise MXNetError('invalid boolean parameter value {!r}'.format(value))
    return bool(value)


def as_tuple(value, n=None, op_name='operator', what='parameter'):
    """A tuple-of-int parameter given as int, tuple/list or string ('(3, 3)', '3'); with `n`, a single
    int is repeated n times and the length must be n."""
    if isinstance(value, str):
        try:
            value = ast.literal_eval(value.strip()) if value.strip() else ()
        except (ValueError, SyntaxError):
            raise MXNetError('{}: cannot read {} {!r} as a tuple of ints'.format(op_name, what, value)) from None
    if value is None:
        return ()
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        t = (int(value),) * (n or 1)
    else:
        t = tuple(int(v) for v in value)
    if n is not None and len(t) != n:
        if len(t) == 1:
            return t * n
        raise MXNetError('{}: {} {} must have {} element(s)'.format(op_name, what, t, n))
    return t


def check_choice(value, choices, op_name, what):
    if value not in choices:
        raise MXNetError("{}: invalid {} {!r}, valid values are {}".format(
            op_name, what, value, ', '.join(repr(c) for c in choices)))
    return value


def check_float(data, op_name):
    if not data.is_floating_point():
        raise MXNetError('{}: this operator supports floating point types only, not {}'.format(
            op_name, TORCH_TO_NAME.get(data.dtype, data.dtype)))


def _shape(t):
    return tuple(t.shape)


# ---- FullyConnected ------------------------------------------------------------------------------
@register()
def FullyConnected(data, weight, bias=None, num_hidden=None, no_bias=False, flatten=True):
    """Applies a linear transformation: ``Y = X W^T + b``.

    With ``flatten=True`` the input of shape (n, x1, ..., xk) is first flattened to (n, x1*...*xk); with
    ``flatten=False`` the transformation applies to the last axis and the other axes are kept.

    Parameters
    ----------
    data : NDArray
        Input data.
    weight : NDArray
        Weight matrix of shape (num_hidden, input_dim).
    bias : NDArray
        Bias of shape (num_hidden,); omitted when ``no_bias=True``.
    num_hidden : int
        Number of hidden units (the output's last dimension).
    no_bias : bool
        Whether to leave out the bias.
    flatten : bool
        Whether to collapse all but the first axis of the input.
    """
    if num_hidden != weight.shape[0]:
        _check_fc_hidden(num_hidden, weight)
    if data.dim() != 2 and (flatten is True or as_bool(flatten)):
        data = data.reshape(data.shape[0], -1) if data.dim() else data.reshape(1, 1)
    if no_bias is False or not as_bool(no_bias):
        if bias is None:
            raise MXNetError('FullyConnected: bias is required unless no_bias=True')
        if bias.dim() != 1 or bias.shape[0] != weight.shape[0]:
            raise MXNetError('FullyConnected: bias has shape {} but num_hidden is {}'.format(
                _shape(bias), weight.shape[0]))
        if data.shape[-1] != weight.shape[-1]:
            _fc_shape_error(data, weight)
        return F.linear(data, weight, bias)
    if bias is not None:
        raise MXNetError('FullyConnected: a bias was given with no_bias=True')
    if data.shape[-1] != weight.shape[-1]:
        _fc_shape_error(data, weight)
    return F.linear(data, weight)


def _check_fc_hidden(num_hidden, weight):
    if num_hidden is None:
        raise MXNetError('FullyConnected: required parameter num_hidden is missing')
    if weight.dim() != 2 or int(num_hidden) != weight.shape[0]:
        raise MXNetError('FullyConnected: weight has shape {} but num_hidden is {}'.format(
            _shape(weight), num_hidden))


def _fc_shape_error(data, weight):
    raise MXNetError('FullyConnected: input of shape {} (features {}) does not fit weight of shape {}'.format(
        _shape(data), data.shape[-1], _shape(weight)))


# ---- Activation ----------------------------------------------------------------------------------
_ACTIVATIONS = {
    'relu': torch.relu,
    'sigmoid': torch.sigmoid,
    'tanh': torch.tanh,
    'softrelu': F.softplus,   # log(1 + exp(x)), linear above 20 as in MXNet
    'softsign': F.softsign,
}


@register()
def Activation(data, act_type=None):
    """Applies an element-wise activation function: 'relu', 'sigmoid', 'tanh', 'softrelu'
    (log(1 + exp(x))) or 'softsign' (x / (1 + |x|))."""
    fn = _ACTIVATIONS.get(act_type)
    if fn is None:
        check_choice(act_type, tuple(sorted(_ACTIVATIONS)), 'Activation', 'act_type')
    if not data.is_floating_point():
        check_float(data, 'Activation')
    return fn(data)


# ---- Dropout -------------------------------------------------------------------------------------
@register()
def Dropout(data, p=0.5, mode='training', axes=(), cudnn_off=False):
    """Sets elements of the input to zero at random with probability `p` and scales the others by
    1 / (1 - p); only in training mode (``autograd.record()`` / ``train_mode``), or always with
    ``mode='always'``. Elsewhere the output is a copy of the input.

    Parameters
    ----------
    data : NDArray
        Input array (floating point).
    p : float
        Fraction of the input that is dropped.
    mode : {'training', 'always'}
        When dropping happens.
    axes : tuple of int
        Axes along which one mask value is shared (the mask has size 1 along them).
    cudnn_off : bool
        Accepted for compatibility; ignored.
    """
    if mode != 'training' and mode != 'always':
        check_choice(mode, ('always', 'training'), 'Dropout', 'mode')
    if type(p) is not float:
        p = float(p)
    if not 0.0 <= p <= 1.0:
        raise MXNetError('Dropout: p must be in [0, 1], got {}'.format(p))
    if not data.is_floating_point():
        check_float(data, 'Dropout')
    if (mode == 'always' or _state.state.training) and p > 0.0:
        if axes == () or axes is None:
            if p < 1.0:
                return F.dropout(data, p, True)
            shape = data.shape
        else:
            shape = list(data.shape)
            nd = len(shape)
            for a in as_tuple(axes, op_name='Dropout', what='axes'):
                if not -nd <= a < nd:
                    raise MXNetError('Dropout: axis {} is out of range for input of shape {}'.format(
                        a, _shape(data)))
                shape[a] = 1
        # 1 / (1 - p) is inf for p == 1, so every element becomes nan, as in MXNet
        keep = 1.0 - p
        mask = torch.empty(shape, dtype=data.dtype, device=data.device).bernoulli_(keep)
        return data * mask.mul_(1.0 / keep if keep else float('inf'))
    return data.clone()
