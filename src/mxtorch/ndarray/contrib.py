"""The `mx.nd.contrib` namespace: the contrib operators of the table (detection, region pooling, deformable
convolutions, ...; generated from the operator table) and the functions written over NDArrays rather than
tensors: the imperative control flow `foreach`, `while_loop` and `cond`, and `rand_zipfian`.

The control-flow functions run the user's Python functions eagerly, one iteration at a time, so autograd
records through them like any other NDArray code; their symbolic forms (for hybridized blocks) belong to
`mx.sym.contrib`."""
import math  # noqa: F401  (mx.nd.contrib.math, as in MXNet)
import sys

import numpy as np  # noqa: F401  (mx.nd.contrib.np, as in MXNet)
import torch

from . import registry as _registry
from . import ndarray  # noqa: F401  (mx.nd.contrib.ndarray, as in MXNet)
from .ndarray import NDArray, _wrap, on_context
from .random import uniform  # noqa: F401  (mx.nd.contrib.uniform, as in MXNet)
from .. import _nesting
from ..context import current_context

_OPERATORS = _registry.namespace_functions('contrib')
globals().update(_OPERATORS)

# the operators and this module's functions, as MXNet lists them (not its Python wrappers of the fused
# optimizer updates)
__all__ = sorted(set(_OPERATORS) - {'adamw_update', 'mp_adamw_update', 'multi_adamw_update', 'multi_mp_adamw_update',
                                    'multi_lamb_update', 'multi_mp_lamb_update'}) + \
    ['rand_zipfian', 'foreach', 'while_loop', 'cond']

_stack = _registry.OPS[('', 'stack')].function
_concat = _registry.OPS[('', 'concat')].function


def __getattr__(name):
    # `mx.nd.contrib.mx` is the package itself, as in MXNet; looked up when asked, since the package imports
    # this module while it is being built
    if name == 'mx':
        return sys.modules['mxtorch']
    raise AttributeError('module {!r} has no attribute {!r}'.format(__name__, name))


# ---- nested lists of arrays -------------------------------------------------------------------------------
def _flatten(value, what):
    """The arrays of `value` (an NDArray or nested lists/tuples of them) in order, and its layout (see
    mxtorch._nesting, shared with mx.sym.contrib)."""
    return _nesting.flatten(value, NDArray, what)


def _nest(arrays, layout):
    """`arrays` (a flat list) put back into `layout` (from _flatten), lists where there were tuples."""
    return _nesting.regroup(list(arrays), layout)[0]


def _scalar(value, kind, what):
    """A Python bool or int from an array of one element or a plain value."""
    if isinstance(value, NDArray):
        value = value.asscalar()
    try:
        return kind(value)
    except Exception:  # any failure to convert is MXNet's ValueError
        raise ValueError('Cannot convert {} to python {}'.format(what, kind.__name__)) from None


def _listed(value):
    return value if isinstance(value, (list, tuple)) else [value]


# ---- foreach / while_loop / cond --------------------------------------------------------------------------
def foreach(body, data, init_states):
    """Runs `body` over the slices of `data` along axis 0: ``out, states = body(data[i], states)`` for
    each i, starting from `init_states`.

    Parameters
    ----------
    body : callable
        ``body(slice, states) -> (outputs, new_states)``; outputs are an NDArray or nested lists of
        them, the same layout every step.
    data : NDArray or list of NDArray
        Sliced along axis 0 (a list is sliced element-wise and given to `body` as a list).
    init_states : NDArray or nested lists of NDArray
        The states of the first step.

    Returns
    -------
    (outputs, states): every step's outputs stacked along a new axis 0, in their layout, and the states
    the last step returned.
    """
    arrays, _ = _flatten(data, 'foreach input')
    if not all(isinstance(a, NDArray) for a in arrays):
        raise AssertionError('data should be an NDArray or a nested list of NDArrays')
    state_arrays, _ = _flatten(init_states, 'foreach states')
    if not all(isinstance(a, NDArray) for a in state_arrays):
        raise AssertionError('init_states should be an NDArray or a nested list of NDArrays')
    single = isinstance(data, NDArray)
    steps = data.shape[0] if single else data[0].shape[0]
    if steps == 0:
        raise ValueError('foreach: data has no elements along axis 0, so the layout of the outputs is unknown')
    states, collected, layout = init_states, [], None
    for i in range(steps):
        outs, states = body(data[i] if single else [d[i] for d in data], states)
        outs, layout = _flatten(outs, 'foreach output')
        collected.append(outs)
    return _nest([_stack(*column) for column in zip(*collected)], layout), states


def while_loop(cond, func, loop_vars, max_iterations=None):
    """Runs ``step_output, loop_vars = func(*loop_vars)`` while ``cond(*loop_vars)`` is true, at most
    `max_iterations` times.

    Parameters
    ----------
    cond : callable
        ``cond(*loop_vars)``: an array of one element (or a Python value) read as a bool.
    func : callable
        ``func(*loop_vars) -> (step_output, new_loop_vars)``; step_output is an NDArray, nested lists of
        them, or None, the same layout every step; new_loop_vars as many as loop_vars.
    loop_vars : NDArray or list of NDArray
        The initial loop variables.
    max_iterations : int
        The largest number of steps (required).

    Returns
    -------
    (outputs, loop_vars): each step output stacked along axis 0 and padded to max_iterations rows (the
    padding rows are not meaningful, as in MXNet), in its layout ([] when no step ran), and the final loop
    variables (an NDArray when loop_vars was one).
    """
    if max_iterations is None:
        raise ValueError('max_iterations should be specified')
    max_iterations = _scalar(max_iterations, int, 'max_iteration')
    if len(loop_vars) == 0:
        raise ValueError('loop_vars should contain at least one element')
    single = isinstance(loop_vars, NDArray)
    loop_vars = _listed(loop_vars)
    collected, layout = [], None
    while len(collected) < max_iterations and _scalar(cond(*loop_vars), bool, 'Return value of cond'):
        step_output, new_vars = func(*loop_vars)
        step_output = [] if step_output is None else step_output
        new_vars = _listed(list(new_vars) if isinstance(new_vars, tuple) else
                           ([] if new_vars is None else new_vars))
        if len(new_vars) != len(loop_vars):
            raise ValueError('The length of loop_vars should be consistent during the loop')
        loop_vars = new_vars
        outs, layout = _flatten(list(step_output) if isinstance(step_output, tuple) else step_output,
                                'while output')
        if collected and len(outs) != len(collected[0]):
            raise ValueError('Number of elements in step_output should be the same in each step')
        collected.append(outs)
    steps = len(collected)
    stacked = []
    for column in zip(*collected):
        rows = [a.expand_dims(0) for a in column]
        if steps < max_iterations:
            first = column[0]
            rows.append(_wrap(torch.zeros((max_iterations - steps,) + tuple(first.shape), dtype=first._t.dtype,
                                          device=first._t.device)))
        stacked.append(_concat(*rows, dim=0))
    if layout is not None:
        stacked = _nest(stacked, layout)
    return stacked, (loop_vars[0] if single else loop_vars)


def cond(pred, then_func, else_func):
    """``then_func()`` if `pred` (an array of one element, or a Python value) is true, else
    ``else_func()``; whatever the chosen function returns."""
    if hasattr(pred, 'asscalar'):
        pred = pred.asscalar()
    try:
        branch = bool(pred)
    except Exception:  # any failure to convert is MXNet's ValueError
        raise ValueError('Cannot convert pred to python bool') from None
    return then_func() if branch else else_func()


# ---- rand_zipfian -----------------------------------------------------------------------------------------
def rand_zipfian(true_classes, num_sampled, range_max, ctx=None):
    """Samples `num_sampled` classes from [0, range_max) with replacement under the approximately Zipfian
    (log-uniform) distribution ``P(k) = (log(k + 2) - log(k + 1)) / log(range_max + 1)``, as used for
    sampled softmax over classes sorted by decreasing frequency.

    Parameters
    ----------
    true_classes : NDArray
        The target classes (1-D).
    num_sampled : int
        Number of samples.
    range_max : int
        Number of classes.
    ctx : Context
        Where the results live (default: the current context).

    Returns
    -------
    (samples, expected_count_true, expected_count_sampled): the sampled classes (int64), and the expected
    number of times each true class and each sampled class occurs among num_sampled draws (float64).
    """
    ctx = current_context() if ctx is None else ctx
    device = ctx.torch_device
    log_range = math.log(range_max + 1)
    draws = torch.empty((num_sampled,), dtype=torch.float64, device=device).uniform_(0, log_range)
    samples = torch.remainder((draws.exp() - 1).to(torch.int64), range_max)
    true = true_classes._t.to(device=device, dtype=torch.float64)
    expected_true = torch.log((true + 2.0) / (true + 1.0)) / log_range * num_sampled
    k = samples.to(torch.float64)
    expected_sampled = torch.log((k + 2.0) / (k + 1.0)) / log_range * num_sampled
    return on_context(samples, ctx), on_context(expected_true, ctx), on_context(expected_sampled, ctx)
