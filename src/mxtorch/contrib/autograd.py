"""``mx.contrib.autograd``: MXNet's first autograd interface, kept for old code.

In it one flag stands for both recording and training mode (``set_is_training`` turns both on or off,
``train_section()``/``test_section()`` are scopes of it); ``mark_variables``/``backward`` take lists, and
``grad_and_loss``/``grad`` turn a function of arrays into one that also returns the gradients. Everything is
done by :mod:`mxtorch.autograd`, whose arrays, variables and graphs these are."""
import ctypes  # noqa: F401  (MXNet's module exposes it)
import functools
from array import array  # noqa: F401  (as above)

from .. import _state
from .. import autograd as _autograd
from ..base import (check_call, string_types, mx_uint, NDArrayHandle, c_array, c_array_buf,  # noqa: F401
                    c_handle_array)
from ..base import _require
from ..ndarray import NDArray, zeros_like

# MXNet's table of grad_req names; an unknown name is its KeyError
_GRAD_REQ_MAP = {'null': 0, 'write': 1, 'add': 3}
_REQ_NAMES = {code: req for req, code in _GRAD_REQ_MAP.items()}


def set_is_training(is_train):
    """Turn recording and training mode together on (True) or off (False) in this thread; returns the
    previous recording setting."""
    flag = bool(is_train)
    previous_recording = _state.state.recording
    _state.set_state(flag, flag)
    return bool(previous_recording)


class TrainingStateScope(object):
    """A ``with`` scope that sets recording and training mode to `enter_state` and puts back, on exit,
    the recording setting found on entry (when it differs).

    >>> with TrainingStateScope(True):
    ...     y = f(x)
    ...     compute_gradient([y])
    """
    def __init__(self, enter_state):
        self._state_inside = enter_state
        self._found = None

    def __enter__(self):
        self._found = set_is_training(self._state_inside)

    def __exit__(self, *exc_info):
        found = self._found
        if found == self._state_inside:
            return
        set_is_training(found)


def train_section():
    """A ``with`` scope that records, in training mode: ``TrainingStateScope(True)``."""
    return TrainingStateScope(True)


def test_section():
    """A ``with`` scope (usually inside ``train_section()``) that neither records nor trains:
    ``TrainingStateScope(False)``."""
    return TrainingStateScope(False)


def mark_variables(variables, gradients, grad_reqs='write'):
    """Make each array of `variables` a variable whose gradient goes into the array of `gradients` at the
    same place; `grad_reqs` is one of 'write', 'add', 'null' for all of them, or a list of one per
    variable."""
    if isinstance(grad_reqs, string_types):
        reqs = [_REQ_NAMES[_GRAD_REQ_MAP[grad_reqs]]] * len(variables)
    else:
        reqs = [_REQ_NAMES[_GRAD_REQ_MAP[req]] for req in grad_reqs]
    _autograd.mark_variables(list(variables), list(gradients), reqs)


def backward(outputs, out_grads=None, retain_graph=False):
    """Gradients of the recorded arrays `outputs` (a list or tuple) into their variables' buffers;
    `out_grads`, when given, holds one head gradient per output (None: ones)."""
    _require(isinstance(outputs, (list, tuple)), "outputs must be a list or tuple of NDArrays")
    if out_grads is None:
        _autograd.backward(list(outputs), None, retain_graph)
        return
    head_grads = list(out_grads)
    _require(len(head_grads) == len(outputs), "outputs and out_grads must have the same length")
    _autograd.backward(list(outputs), head_grads, retain_graph)


def compute_gradient(outputs):
    """Deprecated: ``backward(outputs)``."""
    backward(outputs)


def _variables_of(args, argnum):
    if argnum is None:
        chosen = list(args)
    else:
        chosen = [args[k] for k in (argnum if isinstance(argnum, list) else [argnum])]
    if not all(isinstance(v, NDArray) for v in chosen):
        raise AssertionError("type of autograd input should NDArray.")
    return chosen


def grad_and_loss(func, argnum=None):
    """A function of the same arguments as `func` that returns ``(gradients, outputs)``: `func`'s outputs
    and the gradients of them with respect to the arguments (those at the positions `argnum`, an int or a
    list of ints, when given), which must be NDArrays."""
    def with_gradients(*args):
        """`func`'s gradients and outputs."""
        chosen = _variables_of(args, argnum)
        buffers = list(map(zeros_like, chosen))
        mark_variables(chosen, buffers)
        scope = train_section()
        with scope:
            result = func(*args)
        heads = [result] if isinstance(result, NDArray) else result
        compute_gradient(heads)
        return buffers, result
    return functools.update_wrapper(with_gradients, func)


def grad(func, argnum=None):
    """A function of the same arguments as `func` that returns the gradients of `func`'s outputs with
    respect to the arguments (those at the positions `argnum` when given), as ``grad_and_loss`` does.

    >>> grad_func = grad(lambda x: x ** 2)
    >>> grad_func(nd.array([1, 2, 3]))[0]     # [2, 4, 6]
    """
    with_loss = grad_and_loss(func, argnum)

    def gradients_only(*args):
        return with_loss(*args)[0]
    return functools.update_wrapper(gradients_only, with_loss)
